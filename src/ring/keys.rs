//! The key set: `user_0 .. user_{len-1}` hashed once and kept sorted by position ([`KeySet`]), grown and
//! shrunk a part at a time (hashing, sorting, merging into the sorted keys, choosing the first `len`).

use super::Position;
use crate::pace::{Pace, Work};

/// Keys hashed ([`crate::md5x`]): about 10 ms of MD5 in the browser per part without time sizing.
pub const HASHING_KEYS: Work = Work::new("hashing keys", 25_000, 2_000);
/// Keys hashed ahead sorted, a bucket at a time.
pub const SORTING_KEYS: Work = Work::new("sorting keys", 100_000, 8_000);
/// Sorted keys merged into the set's sorted keys.
pub const MERGING_KEYS: Work = Work::new("merging keys", usize::MAX, 20_000);
/// The first `len` keys chosen among the sorted keys (items: sorted keys looked at).
pub const CHOOSING_KEYS: Work = Work::new("choosing keys", usize::MAX, 50_000);

/// Keys waiting to be sorted in are bucketed by this many top bits of their position (MD5 is uniform).
const STASH_BITS: u32 = 8;

/// The keys `user_0 .. user_{len-1}`, hashed once, kept sorted by position.
///
/// Growing the set hashes only the new keys; shrinking it keeps the hashes for later.
#[derive(Clone, Debug, Default)]
pub struct KeySet {
    /// Positions of every key hashed so far, ascending.
    sorted: Vec<Position>,
    /// Key number (`i` of `user_i`) of each entry in `sorted`.
    index: Vec<u32>,
    /// Positions and numbers of the first `len` keys, ascending, unless they are all of `sorted`
    /// (`None`).
    active: Option<(Vec<Position>, Vec<u32>)>,
    len: u32,
    /// Keys hashed ahead of `sorted` (numbers `sorted.len()..`), by the top [`STASH_BITS`] bits of their
    /// position (so the buckets in order, each sorted, are sorted); the first `stash_sorted` are sorted.
    stash: Vec<Vec<(Position, u32)>>,
    stash_len: usize,
    stash_sorted: usize,
    /// The stash being merged into the sorted keys, a part at a time.
    merging: Option<Merging>,
    /// The first keys being chosen, a part at a time.
    choosing: Option<Choosing>,
}

/// The sorted keys and the stash merged so far: the next sorted key (`old`), the next stashed one
/// (bucket `bucket`, entry `at`), and what came out.
#[derive(Clone, Debug, Default)]
struct Merging {
    old: usize,
    bucket: usize,
    at: usize,
    positions: Vec<Position>,
    numbers: Vec<u32>,
}

/// The keys numbered below `len` among the sorted keys before `from`.
#[derive(Clone, Debug, Default)]
struct Choosing {
    len: u32,
    from: usize,
    positions: Vec<Position>,
    numbers: Vec<u32>,
}

/// The kinds of work a resize does, with their parts' sizes without time sizing.
#[derive(Clone, Copy, Debug)]
struct Kinds {
    hashing: Work,
    sorting: Work,
}

impl KeySet {
    /// The first `len` keys, hashed.
    pub fn new(len: u32) -> KeySet {
        KeySet::on_threads(len, default_threads())
    }

    /// The first `len` keys, hashed on at most `threads` threads (for measuring; see [`hash_keys_on`]).
    pub fn on_threads(len: u32, threads: u32) -> KeySet {
        let mut keys = KeySet::default();
        keys.grow(len, threads);
        keys
    }

    /// Makes the set hold exactly `user_0 .. user_{len-1}`.
    pub fn resize(&mut self, len: u32) {
        self.grow(len, default_threads());
    }

    /// One bounded step of [`KeySet::resize`], and false while steps are left: hashing at most `chunk`
    /// keys, or sorting about four times as many of those hashed, or merging them into the sorted set, or
    /// making the set of the first `len`; the step that makes the set hold exactly
    /// `user_0 .. user_{len-1}` returns true. (Bounded so that a page can take input between steps: a
    /// million keys are about 40 steps.)
    pub fn resize_step(&mut self, len: u32, chunk: u32) -> bool {
        let chunk = chunk.max(1) as usize;
        let kinds = Kinds {
            hashing: HASHING_KEYS.in_parts_of(chunk),
            sorting: SORTING_KEYS.in_parts_of(4 * chunk),
        };
        self.step(len, &mut Pace::fixed(), kinds)
    }

    /// One part of [`KeySet::resize`] sized by `pace` ([`HASHING_KEYS`], [`SORTING_KEYS`],
    /// [`MERGING_KEYS`], [`CHOOSING_KEYS`]), and false while parts are left; the part that makes the set
    /// hold exactly `user_0 .. user_{len-1}` returns true.
    pub fn resize_part(&mut self, len: u32, pace: &mut Pace) -> bool {
        let kinds = Kinds {
            hashing: HASHING_KEYS,
            sorting: SORTING_KEYS,
        };
        self.step(len, pace, kinds)
    }

    fn step(&mut self, len: u32, pace: &mut Pace, kinds: Kinds) -> bool {
        // A merge begun is finished first: the stash it reads must not change under it.
        if self.merging.is_some() {
            self.merge_part(pace);
            return false;
        }
        let hashed = (self.sorted.len() + self.stash_len) as u32;
        if len > hashed {
            let size = pace.size(kinds.hashing);
            let to = len.min(hashed.saturating_add(size.min(u32::MAX as usize) as u32));
            self.put_in_stash(hash_keys_on(hashed..to, 1));
            pace.did(kinds.hashing, (to - hashed) as usize);
            return false;
        }
        if self.stash_len > 0 {
            if self.stash_sorted < self.stash.len() {
                let size = pace.size(kinds.sorting);
                let (mut left, mut sorted) = (size, 0);
                while self.stash_sorted < self.stash.len() && left > 0 {
                    let bucket = &mut self.stash[self.stash_sorted];
                    bucket.sort_unstable();
                    left = left.saturating_sub(bucket.len().max(1));
                    sorted += bucket.len();
                    self.stash_sorted += 1;
                }
                pace.did(kinds.sorting, sorted);
                return false;
            }
            // Every bucket sorted: merged in by steps of their own.
            let capacity = self.sorted.len() + self.stash_len;
            self.merging = Some(Merging {
                positions: Vec::with_capacity(capacity),
                numbers: Vec::with_capacity(capacity),
                ..Merging::default()
            });
            self.merge_part(pace);
            return false;
        }
        self.choose_part(len, pace)
    }

    /// Keys hashed so far of the first `len` (for a progress bar).
    pub fn hashed_of(&self, len: u32) -> u32 {
        ((self.sorted.len() + self.stash_len) as u32).min(len)
    }

    /// True when the set holds exactly the first `len` keys.
    pub fn holds(&self, len: u32) -> bool {
        self.len == len && self.stash_len == 0 && self.merging.is_none()
    }

    fn put_in_stash(&mut self, fresh: Vec<(Position, u32)>) {
        debug_assert!(self.merging.is_none(), "the stash is being merged");
        if self.stash.is_empty() {
            self.stash = vec![Vec::new(); 1 << STASH_BITS];
        }
        self.stash_len += fresh.len();
        self.stash_sorted = 0;
        for (p, i) in fresh {
            self.stash[(p >> (128 - STASH_BITS)) as usize].push((p, i));
        }
    }

    /// Merges a part of the stash (every bucket sorted) into the sorted keys ([`MERGING_KEYS`] of them
    /// out); the last part puts the merged keys in place. Until then the sorted keys and the set are
    /// those before.
    fn merge_part(&mut self, pace: &mut Pace) {
        let m = self.merging.as_mut().expect("a merge begun");
        let (sorted, index, stash) = (&self.sorted, &self.index, &mut self.stash);
        let size = pace.size(MERGING_KEYS);
        let mut left = size;
        while left > 0 {
            while m.bucket < stash.len() && m.at == stash[m.bucket].len() {
                // Merged: its memory goes now, a bucket at a time, not all at the end.
                stash[m.bucket] = Vec::new();
                m.bucket += 1;
                m.at = 0;
            }
            let Some(bucket) = stash.get(m.bucket) else {
                // The stash is merged: the rest of the sorted keys follow.
                let to = sorted.len().min(m.old.saturating_add(left));
                m.positions.extend_from_slice(&sorted[m.old..to]);
                m.numbers.extend_from_slice(&index[m.old..to]);
                left -= to - m.old;
                m.old = to;
                break;
            };
            while left > 0 && m.at < bucket.len() {
                let (p, i) = bucket[m.at];
                if m.old < sorted.len() && (sorted[m.old], index[m.old]) <= (p, i) {
                    m.positions.push(sorted[m.old]);
                    m.numbers.push(index[m.old]);
                    m.old += 1;
                } else {
                    m.positions.push(p);
                    m.numbers.push(i);
                    m.at += 1;
                }
                left -= 1;
            }
        }
        pace.did(MERGING_KEYS, size - left);
        if m.bucket < stash.len() || m.old < sorted.len() {
            return;
        }
        let m = self.merging.take().expect("a merge begun");
        let old = (
            std::mem::replace(&mut self.sorted, m.positions),
            std::mem::replace(&mut self.index, m.numbers),
        );
        // The set still shows the keys it held until the first `len` are chosen anew.
        if self.active.is_none() {
            self.active = Some(old);
        }
        self.stash = Vec::new();
        (self.stash_len, self.stash_sorted) = (0, 0);
    }

    /// A part of choosing the first `len` keys ([`CHOOSING_KEYS`] sorted keys looked at); true once the
    /// set holds them.
    fn choose_part(&mut self, len: u32, pace: &mut Pace) -> bool {
        if self.len == len && self.active_len() == len as usize {
            return true;
        }
        if len as usize == self.sorted.len() {
            // All of them: nothing to copy.
            (self.active, self.len, self.choosing) = (None, len, None);
            return true;
        }
        let mut c = match self.choosing.take() {
            Some(c) if c.len == len => c,
            _ => Choosing {
                len,
                positions: Vec::with_capacity(len as usize),
                numbers: Vec::with_capacity(len as usize),
                ..Choosing::default()
            },
        };
        let size = pace.size(CHOOSING_KEYS);
        let to = self.sorted.len().min(c.from.saturating_add(size));
        for (&p, &i) in self.sorted[c.from..to].iter().zip(&self.index[c.from..to]) {
            if i < len {
                c.positions.push(p);
                c.numbers.push(i);
            }
        }
        pace.did(CHOOSING_KEYS, to - c.from);
        c.from = to;
        if to < self.sorted.len() {
            self.choosing = Some(c);
            return false;
        }
        (self.active, self.len) = (Some((c.positions, c.numbers)), len);
        true
    }

    fn active_len(&self) -> usize {
        self.active
            .as_ref()
            .map_or(self.sorted.len(), |(positions, _)| positions.len())
    }

    fn grow(&mut self, len: u32, threads: u32) {
        let mut pace = Pace::whole();
        while self.merging.is_some() {
            self.merge_part(&mut pace);
        }
        let hashed = (self.sorted.len() + self.stash_len) as u32;
        if len > hashed {
            self.put_in_stash(hash_keys_on(hashed..len, threads));
        }
        while !self.resize_part(len, &mut pace) {}
    }

    /// Number of keys in the set.
    pub fn len(&self) -> u32 {
        self.len
    }

    /// True when the set has no key.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Positions of the keys, ascending.
    pub fn positions(&self) -> &[Position] {
        match &self.active {
            Some((positions, _)) => positions,
            None => &self.sorted,
        }
    }

    /// Key number `i` (of `user_i`) of each entry of [`KeySet::positions`].
    pub fn numbers(&self) -> &[u32] {
        match &self.active {
            Some((_, numbers)) => numbers,
            None => &self.index,
        }
    }

    /// The numbers of every key hashed and merged so far, in position order ([`KeySet::numbers_of`]
    /// filters them).
    pub fn all_numbers(&self) -> &[u32] {
        &self.index
    }

    /// The key numbers a set of the first `len` keys had, in its position order (`len` at most the keys
    /// hashed so far: the set keeps every hash it has made).
    pub fn numbers_of(&self, len: u32) -> impl Iterator<Item = u32> + '_ {
        debug_assert!(len as usize <= self.index.len(), "keys not hashed yet");
        self.index.iter().copied().filter(move |&i| i < len)
    }
}

/// `(key_position(i), i)` for every `i` in `range`, four keys at a time ([`crate::md5x`]). Natively, large
/// ranges are split across the CPU's cores; in the browser (wasm32, no threads) it runs on one.
pub fn hash_keys(range: std::ops::Range<u32>) -> Vec<(Position, u32)> {
    hash_keys_on(range, default_threads())
}

/// Threads [`hash_keys`] uses: the CPU's cores natively (at most 16), one in the browser.
pub fn default_threads() -> u32 {
    #[cfg(not(target_arch = "wasm32"))]
    return std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(16) as u32;
    #[cfg(target_arch = "wasm32")]
    return 1;
}

/// [`hash_keys`] on at most `threads` threads (wasm32 always uses one).
pub fn hash_keys_on(range: std::ops::Range<u32>, threads: u32) -> Vec<(Position, u32)> {
    #[cfg(target_arch = "wasm32")]
    let _ = threads;
    #[cfg(not(target_arch = "wasm32"))]
    {
        let len = range.end.saturating_sub(range.start);
        if threads > 1 && len >= 1 << 16 {
            let chunk = len.div_ceil(threads);
            return std::thread::scope(|s| {
                let parts: Vec<_> = (0..threads)
                    .map(|t| {
                        let from = range.start + t * chunk;
                        let to = (from + chunk).min(range.end);
                        s.spawn(move || crate::md5x::key_positions(from..to))
                    })
                    .collect();
                let mut out = Vec::with_capacity(len as usize);
                for part in parts {
                    out.extend(part.join().expect("hashing thread"));
                }
                out
            });
        }
    }
    crate::md5x::key_positions(range)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ring::{key_name, key_position, position};

    /// A whole resize after steps that left keys hashed ahead (in the stash) makes the same set as a fresh
    /// one: the keys already hashed are not hashed twice. And an empty set says so.
    #[test]
    fn resize_after_interrupted_steps_is_exact() {
        let mut keys = KeySet::new(100);
        assert!(!keys.is_empty());
        assert!(KeySet::default().is_empty());
        assert!(!keys.resize_step(5000, 700), "700 keys hashed ahead");
        keys.resize(3000);
        assert_eq!(keys.positions(), KeySet::new(3000).positions());
        assert_eq!(keys.numbers(), KeySet::new(3000).numbers());
        assert!(keys.holds(3000));
        assert!(!keys.resize_step(4000, 300), "more hashed ahead");
        keys.resize(200);
        assert_eq!(keys.numbers(), KeySet::new(200).numbers());
        keys.resize(4000);
        assert_eq!(keys.numbers(), KeySet::new(4000).numbers());
    }

    /// A set with keys hashed but not yet merged does not hold them: the page keeps stepping.
    /// (Mutation testing found `holds` checked only when true.)
    #[test]
    fn holds_only_once_every_step_is_done() {
        let mut keys = KeySet::new(1000);
        assert!(keys.holds(1000) && !keys.holds(999));
        assert!(!keys.resize_step(1500, 200));
        assert!(!keys.holds(1000), "200 keys wait in the stash");
        keys.resize(1000);
        assert!(keys.holds(1000));
        let mut steps = 0;
        while !keys.resize_step(1500, 200) {
            assert!(!keys.holds(1500));
            steps += 1;
        }
        assert!(steps >= 3 && keys.holds(1500));
    }

    /// A large set grown a step at a time, as the Keys slider does at 100,000 keys and more, equals a
    /// fresh one (the merge's capacity is the sum of the two sides, not more).
    #[test]
    fn large_set_grown_in_steps_is_exact() {
        let mut keys = KeySet::new(100_000);
        while !keys.resize_step(130_000, 25_000) {}
        assert_eq!(keys.positions(), KeySet::new(130_000).positions());
        assert_eq!(keys.numbers(), KeySet::new(130_000).numbers());
    }

    #[test]
    fn hash_keys_covers_the_range_in_order() {
        let keys = hash_keys(70_000..200_000);
        assert_eq!(keys.len(), 130_000);
        assert!(keys
            .iter()
            .zip(70_000..)
            .all(|(&(p, i), j)| i == j && (i % 9973 != 0 || p == key_position(i))));
    }

    #[test]
    fn keyset_grows_and_shrinks_consistently() {
        let mut keys = KeySet::new(50);
        let fresh = KeySet::new(200);
        keys.resize(200);
        assert_eq!(keys.positions(), fresh.positions());
        assert_eq!(keys.numbers(), fresh.numbers());
        keys.resize(30);
        assert_eq!(keys.positions(), KeySet::new(30).positions());
        assert!(keys.numbers_of(200).eq(fresh.numbers().iter().copied()));
        assert!(keys.numbers_of(30).eq(keys.numbers().iter().copied()));
        assert_eq!(keys.len(), 30);
        for (&p, &i) in keys.positions().iter().zip(keys.numbers()) {
            assert_eq!(p, position(&key_name(i)));
        }
    }

    #[test]
    fn keyset_grows_in_steps_to_the_same_set() {
        let fresh = KeySet::new(5000);
        let mut keys = KeySet::new(100);
        let mut steps = 0;
        while !keys.resize_step(5000, 700) {
            steps += 1;
            assert_eq!(keys.hashed_of(5000), (100 + 700 * steps).min(5000));
            assert!(!keys.holds(5000));
        }
        // 4,900 keys hashed in seven steps of 700, sorted 2,800 at a time, merged in, and a last step.
        assert_eq!(steps, 7 + 2 + 1);
        assert!(keys.holds(5000));
        assert_eq!(keys.positions(), fresh.positions());
        assert_eq!(keys.numbers(), fresh.numbers());
        // Turned back part way: the keys hashed ahead are kept, the set holds what was asked.
        let mut keys = KeySet::new(100);
        assert!(!keys.resize_step(5000, 2000));
        while !keys.resize_step(300, 2000) {}
        assert_eq!(keys.positions(), KeySet::new(300).positions());
        while !keys.resize_step(2100, 2000) {}
        assert_eq!(keys.numbers(), KeySet::new(2100).numbers());
        assert!(keys.holds(2100));
    }

    /// Resized a part at a time with parts of any size (and the target changed part way), a set is
    /// the fresh set: the merge and the choice cut anywhere.
    #[test]
    fn a_set_resized_in_parts_of_any_size_is_exact() {
        for sizes in [&[1usize][..], &[7, 300, 1], &[5000], &[64, 2, 999]] {
            let mut pace = Pace::parts(sizes);
            let mut keys = KeySet::new(1000);
            for len in [3000, 2500, 2600, 0, 4000] {
                let mut parts = 0;
                loop {
                    pace.unit();
                    parts += 1;
                    // Until it is done, the set is the one before (or growing towards the new one).
                    assert!(keys.positions().windows(2).all(|w| w[0] < w[1]));
                    assert_eq!(keys.positions().len(), keys.numbers().len());
                    if keys.resize_part(len, &mut pace) {
                        break;
                    }
                    if parts == 3 && len == 2500 {
                        // Turned part way: the target changes.
                        assert!(!keys.resize_part(2600, &mut pace));
                    }
                }
                assert!(keys.holds(len), "{sizes:?} {len}");
                let fresh = KeySet::new(len);
                assert_eq!(keys.positions(), fresh.positions(), "{sizes:?} {len}");
                assert_eq!(keys.numbers(), fresh.numbers(), "{sizes:?} {len}");
            }
        }
    }
}
