//! The seed page's consistent-hash ring, exactly: MD5 positions, `"node:i"` virtual nodes, bisect-right lookup.
//!
//! # The rule, exactly
//! * The position of a string `s` is the MD5 digest of its UTF-8 bytes read as one 128-bit **big-endian**
//!   unsigned integer (Python: `int(hashlib.md5(s.encode()).hexdigest(), 16)`). See [`position`].
//! * Virtual node `i` of node `n` sits at `position(format!("{n}:{i}"))` for `i` in `0..vnodes` (a node of
//!   weight `w` has `vnodes·w` of them: [`VnodeCache::weighted_ring`]).
//! * The owner of a key is the node of the first virtual node whose position is **strictly greater** than
//!   the key's position (`bisect_right`); past the last position it wraps to the first.
//! * **Ties.** When two virtual nodes share a position, the seed's `self.ring[hash] = node` keeps the one
//!   inserted last: the later node in the node list, and for the same node the larger `i`. [`Ring`] keeps
//!   exactly that one, so a tie can never make our owner differ from the seed's.
//!
//! # Speed
//! Key positions are hashed once ([`KeySet`]) and kept sorted; virtual-node positions are hashed once per
//! node name ([`VnodeCache`]). Assigning sorted keys to a ring is then one linear merge ([`Ring::assign`]).

use md5::{Digest, Md5};
use std::collections::HashMap;

/// A position on the ring: MD5 of a string as a big-endian 128-bit integer.
pub type Position = u128;

/// Position of `s` on the ring: the MD5 digest of its UTF-8 bytes, read big-endian.
///
/// ```
/// // RFC 1321: MD5("abc") = 900150983cd24fb0d6963f7d28e17f72
/// assert_eq!(ring_playground::ring::position("abc"), 0x900150983cd24fb0d6963f7d28e17f72);
/// ```
pub fn position(s: &str) -> Position {
    u128::from_be_bytes(Md5::digest(s.as_bytes()).into())
}

/// The key names the page and the seed use: `user_0 .. user_{n-1}`.
pub fn key_name(i: u32) -> String {
    format!("user_{i}")
}

/// `position(&key_name(i))`, without building the string.
pub fn key_position(i: u32) -> Position {
    let mut digits = itoa::Buffer::new();
    u128::from_be_bytes(
        Md5::new()
            .chain_update(b"user_")
            .chain_update(digits.format(i))
            .finalize()
            .into(),
    )
}

/// Position of virtual node `i` of node `node`: `position("{node}:{i}")`.
pub fn vnode_position(node: &str, i: u32) -> Position {
    position(&format!("{node}:{i}"))
}

/// A built ring: virtual-node positions in ascending order, each with the index of its physical node.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ring {
    positions: Vec<Position>,
    owners: Vec<u32>,
    nodes: usize,
}

impl Ring {
    /// Builds the ring for `nodes` (in the seed's insertion order) with `vnodes` virtual nodes each.
    pub fn new<S: AsRef<str>>(nodes: &[S], vnodes: u32) -> Ring {
        let mut cache = VnodeCache::default();
        let names: Vec<&str> = nodes.iter().map(AsRef::as_ref).collect();
        cache.ring(&names, vnodes)
    }

    /// Builds the ring for `nodes` with `counts[n]` virtual nodes of node `n` (a weighted ring).
    pub fn with_counts<S: AsRef<str>>(nodes: &[S], counts: &[u32]) -> Ring {
        let mut cache = VnodeCache::default();
        let names: Vec<&str> = nodes.iter().map(AsRef::as_ref).collect();
        cache.weighted_ring(&names, counts)
    }

    /// Builds a ring from `(position, node index)` points given in the seed's insertion order.
    fn from_points(mut points: Vec<(Position, u32)>, nodes: usize) -> Ring {
        // Among equal positions the largest node index sorts last (one node's own duplicates are
        // interchangeable); keeping the last of each run is the seed's dict overwrite: the tie rule.
        sort_uniform(&mut points);
        let mut positions = Vec::with_capacity(points.len());
        let mut owners = Vec::with_capacity(points.len());
        for (pos, node) in points {
            if positions.last() == Some(&pos) {
                *owners.last_mut().expect("owners parallels positions") = node;
            } else {
                positions.push(pos);
                owners.push(node);
            }
        }
        Ring {
            positions,
            owners,
            nodes,
        }
    }

    /// Replaces node index `i` by `ids[i]` in every owner (to number nodes in a larger list).
    pub fn relabel(&mut self, ids: &[u32]) {
        for owner in &mut self.owners {
            *owner = ids[*owner as usize];
        }
    }

    /// Number of distinct positions on the ring.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// True when the ring has no node (every lookup has no owner).
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Number of physical nodes the ring was built from.
    pub fn node_count(&self) -> usize {
        self.nodes
    }

    /// Virtual-node positions, ascending.
    pub fn positions(&self) -> &[Position] {
        &self.positions
    }

    /// Node index of each position in [`Ring::positions`].
    pub fn owners(&self) -> &[u32] {
        &self.owners
    }

    /// Index of the virtual node that owns `pos`: the first position strictly greater, wrapping to 0.
    pub fn slot_of(&self, pos: Position) -> Option<usize> {
        if self.is_empty() {
            return None;
        }
        let i = self.positions.partition_point(|&p| p <= pos);
        Some(if i == self.positions.len() { 0 } else { i })
    }

    /// Node index owning `pos` (the seed's `get_node`), or `None` on an empty ring.
    pub fn owner_of(&self, pos: Position) -> Option<u32> {
        self.slot_of(pos).map(|i| self.owners[i])
    }

    /// Index of the virtual node (into [`Ring::positions`]) owning each of `sorted` (ascending positions),
    /// by one linear merge. An empty ring owns nothing: every entry is [`NO_OWNER`].
    pub fn assign_slots(&self, sorted: &[Position]) -> Vec<u32> {
        self.merge(sorted, |slot| slot as u32)
    }

    /// Node index owning each of `sorted` (ascending positions), by one linear merge.
    /// An empty ring owns nothing: every entry is [`NO_OWNER`].
    pub fn assign(&self, sorted: &[Position]) -> Vec<u32> {
        let owners = &self.owners[..];
        self.merge(sorted, |slot| owners[slot])
    }

    /// `of(slot)` for the virtual node owning each of `sorted`: the first position strictly greater,
    /// wrapping to 0, found by one walk along both sorted lists.
    #[inline]
    fn merge(&self, sorted: &[Position], of: impl Fn(usize) -> u32) -> Vec<u32> {
        debug_assert!(
            sorted.windows(2).all(|w| w[0] <= w[1]),
            "assign needs ascending positions"
        );
        if self.is_empty() {
            return vec![NO_OWNER; sorted.len()];
        }
        let positions = &self.positions[..];
        let mut j = 0;
        sorted
            .iter()
            .map(|&k| {
                while j < positions.len() && positions[j] <= k {
                    j += 1;
                }
                of(if j == positions.len() { 0 } else { j })
            })
            .collect()
    }
}

/// Keys waiting to be sorted in are bucketed by this many top bits of their position (MD5 is uniform).
const STASH_BITS: u32 = 8;

/// Owner recorded for a key when the ring is empty.
pub const NO_OWNER: u32 = u32::MAX;

/// Virtual-node positions per node name, hashed once and grown as more virtual nodes are asked for.
#[derive(Clone, Debug, Default)]
pub struct VnodeCache {
    by_name: HashMap<String, Vec<Position>>,
}

impl VnodeCache {
    /// Positions of virtual nodes `0..vnodes` of `node`, hashing only the ones not seen before.
    pub fn positions(&mut self, node: &str, vnodes: u32) -> &[Position] {
        let cached = self.by_name.entry(node.to_owned()).or_default();
        for i in cached.len() as u32..vnodes {
            cached.push(vnode_position(node, i));
        }
        &cached[..vnodes as usize]
    }

    /// Hashes at most `budget` of the positions [`VnodeCache::ring`] would need for `nodes` and
    /// `vnodes`; false when none was missing (so that a page can hash a big ring a part at a time).
    pub fn hash_some(&mut self, nodes: &[&str], vnodes: u32, budget: usize) -> bool {
        self.hash_some_of(nodes, |_| vnodes, budget)
    }

    /// The same for [`VnodeCache::weighted_ring`]: `counts[n]` virtual nodes of node `n`.
    pub fn hash_some_counts(&mut self, nodes: &[&str], counts: &[u32], budget: usize) -> bool {
        self.hash_some_of(nodes, |n| counts[n], budget)
    }

    fn hash_some_of(
        &mut self,
        nodes: &[&str],
        count: impl Fn(usize) -> u32,
        budget: usize,
    ) -> bool {
        let mut left = budget;
        for (n, name) in nodes.iter().enumerate() {
            let vnodes = count(n);
            let cached = self.by_name.entry((*name).to_owned()).or_default();
            let from = cached.len() as u32;
            if from >= vnodes {
                continue;
            }
            let to = vnodes.min(from.saturating_add(left as u32));
            cached.extend((from..to).map(|i| vnode_position(name, i)));
            left -= (to - from) as usize;
            if left == 0 {
                break;
            }
        }
        left < budget
    }

    /// The ring for `nodes` with `vnodes` virtual nodes each, reusing cached positions.
    pub fn ring(&mut self, nodes: &[&str], vnodes: u32) -> Ring {
        self.ring_of(nodes, |_| vnodes)
    }

    /// The ring for `nodes` with `counts[n]` virtual nodes `"n:0"` … of node `n` (a weighted ring:
    /// `V·w(n)`, Cassandra's per-node `num_tokens`), reusing cached positions. Inserted as the seed
    /// inserts: nodes in list order, each node's virtual nodes by index.
    pub fn weighted_ring(&mut self, nodes: &[&str], counts: &[u32]) -> Ring {
        self.ring_of(nodes, |n| counts[n])
    }

    fn ring_of(&mut self, nodes: &[&str], count: impl Fn(usize) -> u32) -> Ring {
        let all: usize = (0..nodes.len()).map(|n| count(n) as usize).sum();
        let mut points = Vec::with_capacity(all);
        for (n, name) in nodes.iter().enumerate() {
            points.extend(
                self.positions(name, count(n))
                    .iter()
                    .map(|&p| (p, n as u32)),
            );
        }
        Ring::from_points(points, nodes.len())
    }

    /// Which virtual node of `node` sits at `pos` (its `i` in `"node:i"`), among those hashed so far.
    pub fn index_of(&self, node: &str, pos: Position) -> Option<u32> {
        self.by_name
            .get(node)?
            .iter()
            .position(|&p| p == pos)
            .map(|i| i as u32)
    }

    /// Forgets the names not in `keep`, so the cache stays bounded while the user edits names.
    pub fn retain(&mut self, keep: &[&str]) {
        self.by_name.retain(|name, _| keep.contains(&name.as_str()));
    }
}

/// The keys `user_0 .. user_{len-1}`, hashed once, kept sorted by position.
///
/// Growing the set hashes only the new keys; shrinking it keeps the hashes for later.
#[derive(Clone, Debug, Default)]
pub struct KeySet {
    /// Positions of every key hashed so far, ascending.
    sorted: Vec<Position>,
    /// Key number (`i` of `user_i`) of each entry in `sorted`.
    index: Vec<u32>,
    /// Positions and numbers of the first `len` keys, ascending; rebuilt when `len` changes.
    active: Vec<Position>,
    active_index: Vec<u32>,
    len: u32,
    /// Keys hashed ahead of `sorted` (numbers `sorted.len()..`), by the top [`STASH_BITS`] bits of their
    /// position (so the buckets in order, each sorted, are sorted); the first `stash_sorted` are sorted.
    stash: Vec<Vec<(Position, u32)>>,
    stash_len: usize,
    stash_sorted: usize,
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
    /// making the set of the first `len`; the
    /// step that finds nothing left to do makes the set hold exactly `user_0 .. user_{len-1}` and returns
    /// true. (Bounded so that a page can take input between steps: a million keys are about 40 steps.)
    pub fn resize_step(&mut self, len: u32, chunk: u32) -> bool {
        let hashed = (self.sorted.len() + self.stash_len) as u32;
        if len > hashed {
            let to = len.min(hashed.saturating_add(chunk.max(1)));
            self.put_in_stash(hash_keys_on(hashed..to, 1));
            return false;
        }
        if self.stash_len > 0 {
            if self.stash_sorted < self.stash.len() {
                let mut budget = 4 * chunk.max(1) as usize;
                while self.stash_sorted < self.stash.len() && budget > 0 {
                    let bucket = &mut self.stash[self.stash_sorted];
                    bucket.sort_unstable();
                    budget = budget.saturating_sub(bucket.len().max(1));
                    self.stash_sorted += 1;
                }
                return false;
            }
            // Every bucket sorted: merged in by a step of its own.
            self.merge_stash();
            return false;
        }
        self.grow(len, 1);
        true
    }

    /// Keys hashed so far of the first `len` (for a progress bar).
    pub fn hashed_of(&self, len: u32) -> u32 {
        ((self.sorted.len() + self.stash_len) as u32).min(len)
    }

    /// True when the set holds exactly the first `len` keys.
    pub fn holds(&self, len: u32) -> bool {
        self.len == len && self.active.len() as u32 == len && self.stash_len == 0
    }

    fn put_in_stash(&mut self, fresh: Vec<(Position, u32)>) {
        if self.stash.is_empty() {
            self.stash = vec![Vec::new(); 1 << STASH_BITS];
        }
        self.stash_len += fresh.len();
        self.stash_sorted = 0;
        for (p, i) in fresh {
            self.stash[(p >> (128 - STASH_BITS)) as usize].push((p, i));
        }
    }

    /// Merges the stash (every bucket sorted) into the sorted keys.
    fn merge_stash(&mut self) {
        let stash = std::mem::take(&mut self.stash);
        let capacity = self.sorted.len() + self.stash_len;
        let old = std::mem::take(&mut self.sorted)
            .into_iter()
            .zip(std::mem::take(&mut self.index));
        (self.sorted, self.index) = merge_sorted(old, stash.into_iter().flatten(), capacity);
        (self.stash_len, self.stash_sorted) = (0, 0);
    }

    fn grow(&mut self, len: u32, threads: u32) {
        let hashed = (self.sorted.len() + self.stash_len) as u32;
        if len > hashed {
            self.put_in_stash(hash_keys_on(hashed..len, threads));
        }
        if self.stash_len > 0 {
            for bucket in &mut self.stash[self.stash_sorted..] {
                bucket.sort_unstable();
            }
            self.merge_stash();
        }
        if len != self.len || self.active.len() as u32 != len {
            self.len = len;
            if len as usize == self.sorted.len() {
                self.active.clone_from(&self.sorted);
                self.active_index.clone_from(&self.index);
            } else {
                self.active.clear();
                self.active_index.clear();
                for (&p, &i) in self.sorted.iter().zip(&self.index) {
                    if i < len {
                        self.active.push(p);
                        self.active_index.push(i);
                    }
                }
            }
        }
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
        &self.active
    }

    /// Key number `i` (of `user_i`) of each entry of [`KeySet::positions`].
    pub fn numbers(&self) -> &[u32] {
        &self.active_index
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

/// Sorts `(position, id)` pairs ascending. MD5 positions are uniform, so one counting pass on the top
/// bits leaves buckets of a few entries each, which are then sorted in place: linear time in practice,
/// and still correct (only slower) for any input.
pub fn sort_uniform(items: &mut Vec<(Position, u32)>) {
    if items.len() < 1024 {
        items.sort_unstable();
        return;
    }
    // About 16 entries per bucket.
    let bits = (usize::BITS - (items.len() / 16).leading_zeros()).min(20);
    let bucket = |p: Position| (p >> (128 - bits)) as usize;
    let mut next = vec![0usize; (1 << bits) + 1];
    for &(p, _) in items.iter() {
        next[bucket(p) + 1] += 1;
    }
    for b in 1..next.len() {
        next[b] += next[b - 1];
    }
    let starts = next.clone();
    let mut out = vec![(0, 0); items.len()];
    for &item in items.iter() {
        let slot = &mut next[bucket(item.0)];
        out[*slot] = item;
        *slot += 1;
    }
    for w in starts.windows(2) {
        out[w[0]..w[1]].sort_unstable();
    }
    *items = out;
}

/// Merges two ascending `(position, number)` streams into parallel vectors.
fn merge_sorted(
    a: impl Iterator<Item = (Position, u32)>,
    b: impl Iterator<Item = (Position, u32)>,
    capacity: usize,
) -> (Vec<Position>, Vec<u32>) {
    let (mut positions, mut numbers) = (Vec::with_capacity(capacity), Vec::with_capacity(capacity));
    let (mut a, mut b) = (a.peekable(), b.peekable());
    if a.peek().is_none() {
        return b.unzip();
    }
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => {
                if x <= y {
                    a.next()
                } else {
                    b.next()
                }
            }
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => break,
        };
        let (p, i) = next.expect("peeked");
        positions.push(p);
        numbers.push(i);
    }
    (positions, numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1321_vectors() {
        let vectors = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            (
                "abcdefghijklmnopqrstuvwxyz",
                "c3fcd3d76192e4007dfb496cca67e13b",
            ),
            (
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                "d174ab98d277d9f5a5611c2c9f419d9f",
            ),
            (
                "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                "57edf4a22be3c955ac49da2e2107b67a",
            ),
        ];
        for (input, hex) in vectors {
            assert_eq!(
                position(input),
                u128::from_str_radix(hex, 16).unwrap(),
                "MD5({input:?})"
            );
        }
    }

    #[test]
    fn position_is_big_endian_of_utf8() {
        // MD5("db1:0"), first byte most significant, as Python's int(hexdigest, 16).
        let digest: [u8; 16] = Md5::digest("db1:0".as_bytes()).into();
        assert_eq!(position("db1:0") >> 120, digest[0] as u128);
        // Non-ASCII names hash their UTF-8 bytes: "é" is c3 a9.
        assert_eq!(
            position("é"),
            u128::from_be_bytes(Md5::digest([0xc3, 0xa9]).into())
        );
    }

    #[test]
    fn lookup_is_bisect_right_and_wraps() {
        let ring = Ring::from_points(vec![(10, 0), (20, 1), (30, 2)], 3);
        assert_eq!(ring.owner_of(0), Some(0));
        assert_eq!(
            ring.owner_of(10),
            Some(1),
            "equal to a position goes to the next one"
        );
        assert_eq!(ring.owner_of(29), Some(2));
        assert_eq!(
            ring.owner_of(30),
            Some(0),
            "past the last position wraps to the first"
        );
        assert_eq!(ring.owner_of(u128::MAX), Some(0));
        assert_eq!(
            ring.assign(&[0, 10, 29, 30, u128::MAX]),
            vec![0, 1, 2, 0, 0]
        );
    }

    #[test]
    fn ties_keep_the_last_inserted() {
        // Points arrive node by node, as the seed inserts them: the later node wins a shared position.
        let ring = Ring::from_points(
            vec![(10, 0), (20, 0), (10, 1), (30, 2), (20, 2), (30, 2)],
            3,
        );
        assert_eq!(ring.positions(), &[10, 20, 30]);
        assert_eq!(ring.owners(), &[1, 2, 2]);
        // Duplicate names hash to the same positions: the later copy wins, like the seed's dict.
        let dup = Ring::new(&["a", "b", "a"], 5);
        assert!(dup.owners().iter().all(|&o| o == 1 || o == 2));
    }

    #[test]
    fn empty_ring_owns_nothing() {
        let ring = Ring::new::<&str>(&[], 150);
        assert_eq!(ring.owner_of(5), None);
        assert_eq!(ring.assign(&[1, 2]), vec![NO_OWNER, NO_OWNER]);
    }

    /// The page hashes a big ring a part at a time: each call hashes at most its budget, says whether it
    /// hashed anything, and the parts make exactly the ring hashed at once. (Mutation testing found the
    /// budget unchecked.)
    #[test]
    fn hash_some_hashes_at_most_its_budget() {
        let nodes = ["a", "b"];
        let mut cache = VnodeCache::default();
        let hashed = |c: &VnodeCache| c.by_name.values().map(Vec::len).sum::<usize>();
        for want in [3, 6, 9, 10] {
            assert!(cache.hash_some(&nodes, 5, 3), "{want}");
            assert_eq!(hashed(&cache), want);
        }
        assert!(!cache.hash_some(&nodes, 5, 3), "nothing was missing");
        assert_eq!(hashed(&cache), 10);
        assert_eq!(cache.ring(&nodes, 5), Ring::new(&nodes, 5));
        assert_eq!(cache.positions("b", 5)[4], vnode_position("b", 4));
    }

    /// The cache forgets the names no longer in use (it stays bounded while names are edited), and
    /// keeps the others' positions.
    #[test]
    fn retain_forgets_the_other_names() {
        let mut cache = VnodeCache::default();
        cache.ring(&["a", "b", "c"], 4);
        cache.retain(&["a", "c"]);
        let mut kept: Vec<&str> = cache.by_name.keys().map(String::as_str).collect();
        kept.sort();
        assert_eq!(kept, ["a", "c"]);
        assert_eq!(cache.by_name["c"].len(), 4);
    }

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

    /// Relabelling numbers a ring's owners in a larger list.
    #[test]
    fn relabel_renumbers_every_owner() {
        let mut ring = Ring::new(&["a", "b"], 20);
        let before = ring.owners().to_vec();
        ring.relabel(&[5, 7]);
        let want: Vec<u32> = before.iter().map(|&o| [5, 7][o as usize]).collect();
        assert_eq!(ring.owners(), &want[..]);
        assert!(ring.owners().contains(&5) && ring.owners().contains(&7));
    }

    #[test]
    fn key_position_is_position_of_key_name() {
        for i in [0, 1, 9, 10, 99_999, 1_000_000, u32::MAX] {
            assert_eq!(key_position(i), position(&key_name(i)));
        }
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
    fn sort_uniform_sorts() {
        let mut items: Vec<(Position, u32)> =
            (0..5000).map(|i| (key_position(i % 4000), i)).collect();
        items.push((0, 7));
        items.push((u128::MAX, 1));
        let mut expect = items.clone();
        expect.sort_unstable();
        sort_uniform(&mut items);
        assert_eq!(items, expect);
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
}
