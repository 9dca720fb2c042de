//! Replication, failures, quorums, hot keys and a cache: the rules of `../shared/specs/replication.md`.
//!
//! * A key's **preference list** is R distinct nodes, owner first ([`crate::strategy::Table::replicas`]);
//!   lists are flattened, R entries per key, in [`crate::ring::KeySet::positions`] order.
//! * **copies**(node) = keys whose list holds the node; a change **creates** the copies of names in a
//!   key's list after it that were not in its list before ([`copies_created`]).
//! * **Failures** mark nodes down without changing any list. A key is *unavailable* with no live replica,
//!   *unreadable* / *unwritable* with fewer than r / w ([`Availability`]).
//! * **Requests**: `user_i` weighs `1/(i+1)^s`, normalised ([`zipf_weights`]); a key's weight splits
//!   evenly over its live replicas; a key with none is unserved. Shares are parts per million, rounded
//!   half up ([`ppm`]). A **cache** of C keys holds `user_0 .. user_{C-1}` ([`Requests`]).
//!
//! Exactness: with `s = 0` every key weighs 60 units and a live replica gets `60 / live` of them, a whole
//! number for 1 to 5 replicas, so every sum is an exact integer in `f64` and every ppm is exactly rounded.

use crate::pace::{Pace, Work};
use serde::Serialize;

/// Keys' weights made, by number (items: keys).
pub const WEIGHING: Work = Work::new("weighing keys", 125_000, 10_000);
/// Keys' weights put in key-position order (items: keys).
pub const ORDERING_WEIGHTS: Work = Work::new("ordering weights", 125_000, 10_000);
/// The pass over the keys for the service numbers (items: keys × their replicas).
pub const SERVING: Work = Work::new("serving keys", 125_000, 5_000);

/// Most replicas a key can have.
pub const REPLICAS_MAX: u32 = 5;
/// Units one key weighs when every key is equally popular: divisible by 1, 2, 3, 4 and 5.
const UNIT: f64 = 60.0;

/// Copies per node: how many preference lists hold each node (`lists` flattened, node ids below `nodes`).
pub fn copies(lists: &[u32], nodes: usize) -> Vec<u64> {
    crate::stats::counts(lists, nodes)
}

/// Copies a change must create: over all keys, the names in the key's list after the change (`after`,
/// `r_after` per key) that were not in its list before (`before`, `r_before` per key). Both hold node ids
/// of one numbering.
pub fn copies_created(before: &[u32], r_before: usize, after: &[u32], r_after: usize) -> u64 {
    before
        .chunks_exact(r_before)
        .zip(after.chunks_exact(r_after))
        .map(|(b, a)| a.iter().filter(|n| !b.contains(n)).count() as u64)
        .sum()
}

/// Keys that cannot be served, read or written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Availability {
    /// Keys with no live replica.
    pub unavailable: u64,
    /// Keys with fewer than r live replicas.
    pub unreadable: u64,
    /// Keys with fewer than w live replicas.
    pub unwritable: u64,
}

/// The Zipf request weights of `keys` keys with exponent `s`: `user_i` gets `1/(i+1)^s`, normalised to
/// sum 1.
pub fn zipf_weights(keys: u32, s: f64) -> Vec<f64> {
    let raw: Vec<f64> = raw_weights(0..keys, s).collect();
    let total = neumaier_sum(raw.iter().copied());
    raw.into_iter().map(|x| x / total).collect()
}

/// `UNIT / (i+1)^s` for every key number: exactly `UNIT` each when `s = 0`.
fn raw_weights(numbers: std::ops::Range<u32>, s: f64) -> impl Iterator<Item = f64> {
    numbers.map(move |i| {
        if s == 0.0 {
            UNIT
        } else {
            UNIT * ((i + 1) as f64).powf(-s)
        }
    })
}

/// A sum with Neumaier's compensation: within a rounding or two of the exact sum, in any order.
pub fn neumaier_sum(xs: impl IntoIterator<Item = f64>) -> f64 {
    let (sum, carry) = neumaier_add((0.0, 0.0), xs);
    sum + carry
}

/// Neumaier's sum and carry `(sum, carry)` with `xs` added (so that a sum can be made a part at a time:
/// the same operations in the same order as [`neumaier_sum`]).
fn neumaier_add((mut sum, mut carry): (f64, f64), xs: impl IntoIterator<Item = f64>) -> (f64, f64) {
    for x in xs {
        let t = sum + x;
        if sum.abs() >= x.abs() {
            carry += (sum - t) + x;
        } else {
            carry += (x - t) + sum;
        }
        sum = t;
    }
    (sum, carry)
}

/// `part / whole` in parts per million, rounded half up (0 when `whole` is 0).
pub fn ppm(part: f64, whole: f64) -> u64 {
    if whole <= 0.0 {
        return 0;
    }
    (part * 1e6 / whole + 0.5).floor() as u64
}

/// Who serves the requests: per node, before and after a cache.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Requests {
    /// Each node's share of all requests (fraction of 1), by node id.
    pub share: Vec<f64>,
    /// The same in parts per million, rounded half up.
    pub share_ppm: Vec<u64>,
    /// Share of all requests whose key has no live replica.
    pub unserved: f64,
    pub unserved_ppm: u64,
    /// Largest share over the mean share of the live nodes (0 without a live node).
    pub max_over_mean: f64,
    /// Share of requests the cache answers.
    pub hit_ratio: f64,
    pub hit_ratio_ppm: u64,
    /// Each node's share of the requests that miss the cache (of all missed requests), ppm.
    pub after_cache_ppm: Vec<u64>,
    /// Largest over mean of those shares, over the live nodes.
    pub after_cache_max_over_mean: f64,
    /// Share of all requests that ask for `user_0`, the most requested key.
    pub first_share: f64,
}

/// How popular each key is: `UNIT / (i+1)^s` for `user_i`, kept by key number and in key-position order
/// (the order of the lists), with their total. With `s = 0` no table is kept: every key weighs `UNIT`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Popularity {
    /// Weights by key number, and in key-position order; empty when every key weighs the same.
    by_number: Vec<f64>,
    by_position: Vec<f64>,
    /// Sum of all weights.
    total: f64,
}

impl Popularity {
    /// The weights of the keys `numbers` (in key-position order; a permutation of `0..len`) with exponent
    /// `s`.
    pub fn new(numbers: &[u32], s: f64) -> Popularity {
        let mut making = Popularity::begin(numbers.len() as u32, s);
        loop {
            if let Some(done) = making.step(numbers, u32::MAX) {
                return done;
            }
        }
    }

    /// The same, made in bounded steps ([`MakingPopularity::step`]).
    pub fn begin(keys: u32, s: f64) -> MakingPopularity {
        MakingPopularity {
            keys,
            s,
            made: Popularity::default(),
            sum: (0.0, 0.0),
        }
    }

    /// Weight of the key at position index `k`.
    fn at(&self, k: usize) -> f64 {
        self.by_position.get(k).copied().unwrap_or(UNIT)
    }

    /// Total weight of `user_0 .. user_{c-1}`.
    fn top(&self, c: u32) -> f64 {
        if self.by_number.is_empty() {
            UNIT * c as f64
        } else {
            let c = (c as usize).min(self.by_number.len());
            neumaier_sum(self.by_number[..c].iter().copied())
        }
    }
}

/// A [`Popularity`] being made: the weights by number (and their total, summed on the way), then in
/// key-position order.
#[derive(Clone, Debug)]
pub struct MakingPopularity {
    keys: u32,
    s: f64,
    made: Popularity,
    /// Neumaier's sum of the weights so far, and its carry.
    sum: (f64, f64),
}

impl MakingPopularity {
    /// Makes at most `chunk` more weights (or orders as many); the popularity once it is complete.
    /// `numbers` are the keys' numbers in key-position order, as for [`Popularity::new`].
    pub fn step(&mut self, numbers: &[u32], chunk: u32) -> Option<Popularity> {
        let chunk = chunk.max(1) as usize;
        let kinds = (
            WEIGHING.in_parts_of(chunk),
            ORDERING_WEIGHTS.in_parts_of(chunk),
        );
        self.step_by(numbers, &mut Pace::fixed(), kinds)
    }

    /// The same, in parts of [`WEIGHING`] and [`ORDERING_WEIGHTS`] sized by `pace`.
    pub fn part(&mut self, numbers: &[u32], pace: &mut Pace) -> Option<Popularity> {
        self.step_by(numbers, pace, (WEIGHING, ORDERING_WEIGHTS))
    }

    fn step_by(
        &mut self,
        numbers: &[u32],
        pace: &mut Pace,
        (weighing, ordering): (Work, Work),
    ) -> Option<Popularity> {
        let (keys, s) = (self.keys, self.s);
        let made = &mut self.made;
        if s == 0.0 {
            made.total = UNIT * keys as f64;
            return Some(std::mem::take(made));
        }
        let n = keys as usize;
        if made.by_number.len() < n {
            let from = made.by_number.len();
            let to = n.min(from.saturating_add(pace.size(weighing)));
            made.by_number.reserve_exact(n - from);
            made.by_number
                .extend(raw_weights(from as u32..to as u32, s));
            self.sum = neumaier_add(self.sum, made.by_number[from..to].iter().copied());
            pace.did(weighing, to - from);
            return None;
        }
        if made.by_position.len() < n {
            let from = made.by_position.len();
            let to = n.min(from.saturating_add(pace.size(ordering)));
            made.by_position.reserve_exact(n - from);
            let by_number = &made.by_number;
            made.by_position
                .extend(numbers[from..to].iter().map(|&i| by_number[i as usize]));
            pace.did(ordering, to - from);
            return None;
        }
        made.total = self.sum.0 + self.sum.1;
        Some(std::mem::take(made))
    }
}

/// What the requests are computed from.
pub struct Load<'a> {
    /// Preference lists, `r` ids per key, in key-position order.
    pub lists: &'a [u32],
    pub r: usize,
    /// Key number (`i` of `user_i`) of each key, in the same order.
    pub numbers: &'a [u32],
    /// Down nodes, by id.
    pub down: &'a [bool],
    /// Nodes present (by id): the live ones among them make the mean.
    pub present: &'a [bool],
    /// How popular each key is.
    pub popularity: &'a Popularity,
    /// Keys in the cache: `user_0 .. user_{cache-1}`.
    pub cache: u32,
    /// When the lists are those after a change: the lists before it (ids of the same numbering) and
    /// their length per key, to count the copies the change creates ([`copies_created`]) on the way.
    pub before: Option<(&'a [u32], usize)>,
}

/// Everything one pass over the keys gives: live replicas, availability and requests.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Served {
    /// Live replicas of each key (key-position order); empty when no node is down (every key has all).
    pub live: Vec<u8>,
    pub availability: Availability,
    pub requests: Requests,
    /// The copies the change creates, when the load has the lists before it ([`Load::before`]).
    pub copies_created: Option<u64>,
}

/// One pass over the keys: each key's live replicas, the keys below the quorums `read` / `write`, and
/// every key's weight split evenly over its live replicas.
pub fn serve(load: &Load, read: u32, write: u32) -> Served {
    let mut pass = Pass::new(load);
    pass.run(load, usize::MAX);
    pass.finish(load, read, write)
}

/// [`serve`]'s pass over the keys, made in bounded steps: the same sums, in the same order.
#[derive(Clone, Debug)]
pub struct Pass {
    /// Keys done (in key-position order).
    next: usize,
    all: Vec<f64>,
    missed: Vec<f64>,
    unserved: f64,
    live: Vec<u8>,
    by_live: [u64; REPLICAS_MAX as usize + 1],
    created: u64,
}

impl Pass {
    /// A pass over `load`'s keys, none done yet.
    pub fn new(load: &Load) -> Pass {
        let nodes = load.down.len();
        let any_down = load.down.iter().any(|&d| d);
        Pass {
            next: 0,
            all: vec![0.0; nodes],
            missed: vec![0.0; nodes],
            unserved: 0.0,
            live: Vec::with_capacity(if any_down { load.numbers.len() } else { 0 }),
            by_live: [0; REPLICAS_MAX as usize + 1],
            created: 0,
        }
    }

    /// Keys done so far.
    pub fn done(&self) -> usize {
        self.next
    }

    /// Goes over at most `chunk` more keys; true when every key is done.
    pub fn run(&mut self, load: &Load, chunk: usize) -> bool {
        let pop = load.popularity;
        let cached = load.cache;
        // Without a cache every request misses it: `missed` is copied from `all` at the end, not summed.
        let no_cache = cached == 0;
        let any_down = load.down.iter().any(|&d| d);
        let keys = load.numbers.len();
        let (from, to) = (self.next, keys.min(self.next.saturating_add(chunk)));
        if let Some((before, r_before)) = load.before {
            self.created += copies_created(
                &before[from * r_before..to * r_before],
                r_before,
                &load.lists[from * load.r..to * load.r],
                load.r,
            );
        }
        for k in from..to {
            let (list, number) = (&load.lists[k * load.r..(k + 1) * load.r], load.numbers[k]);
            let weight = pop.at(k);
            let in_cache = no_cache || number < cached;
            let up = list.iter().filter(|&&n| !load.down[n as usize]).count();
            self.by_live[up] += 1;
            if any_down {
                self.live.push(up as u8);
            }
            if up == 0 {
                self.unserved += weight;
                continue;
            }
            let each = weight / up as f64;
            for &n in list.iter().filter(|&&n| !load.down[n as usize]) {
                self.all[n as usize] += each;
                if !in_cache {
                    self.missed[n as usize] += each;
                }
            }
        }
        self.next = to;
        to == keys
    }

    /// The numbers, once every key is done.
    pub fn finish(mut self, load: &Load, read: u32, write: u32) -> Served {
        debug_assert_eq!(self.next, load.numbers.len(), "the pass is not done");
        let pop = load.popularity;
        let cached = load.cache;
        let nodes = load.down.len();
        let by_live = self.by_live;
        let below = |q: u32| by_live[..(q as usize).min(by_live.len())].iter().sum();
        let live_nodes: Vec<usize> = (0..nodes)
            .filter(|&i| load.present[i] && !load.down[i])
            .collect();
        let max_over_mean = |sums: &[f64]| {
            let mean = live_nodes.iter().map(|&i| sums[i]).sum::<f64>() / live_nodes.len() as f64;
            let max = live_nodes.iter().map(|&i| sums[i]).fold(0.0, f64::max);
            if mean > 0.0 {
                max / mean
            } else {
                0.0
            }
        };
        if cached == 0 {
            self.missed.clone_from(&self.all);
        }
        let (all, missed, unserved) = (&self.all, &self.missed, self.unserved);
        let (total, hits) = (pop.total, pop.top(cached));
        let missed_total = total - hits;
        let first = if pop.by_number.is_empty() {
            UNIT
        } else {
            pop.by_number[0]
        };
        Served {
            availability: Availability {
                unavailable: by_live[0],
                unreadable: below(read),
                unwritable: below(write),
            },
            requests: Requests {
                share: all.iter().map(|&x| x / total).collect(),
                share_ppm: all.iter().map(|&x| ppm(x, total)).collect(),
                unserved: unserved / total,
                unserved_ppm: ppm(unserved, total),
                max_over_mean: max_over_mean(all),
                hit_ratio: if total > 0.0 { hits / total } else { 0.0 },
                hit_ratio_ppm: ppm(hits, total),
                after_cache_ppm: missed.iter().map(|&x| ppm(x, missed_total)).collect(),
                after_cache_max_over_mean: max_over_mean(missed),
                first_share: if total > 0.0 { first / total } else { 0.0 },
            },
            live: self.live,
            copies_created: load.before.map(|_| self.created),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zipf_weights_sum_to_one() {
        for (keys, s) in [
            (100, 0.0),
            (10_000, 0.8),
            (1_000_000, 1.0),
            (1_000_000, 2.0),
        ] {
            let w = zipf_weights(keys, s);
            assert!(
                (neumaier_sum(w.iter().copied()) - 1.0).abs() < 1e-12,
                "{keys} {s}"
            );
            assert!(w.windows(2).all(|p| p[0] >= p[1]));
        }
        // s = 0: all equal, exactly.
        assert!(zipf_weights(5000, 0.0).iter().all(|&x| x == 1.0 / 5000.0));
    }

    /// The weights against an independent computation of replication.md's formula (Python, summed exactly
    /// rounded with `math.fsum`; `tests/fixtures/spec_reference.json`, made by `spec_reference.py`): the
    /// first, second and last weight and the top 50's total, at 5,000 keys (the spec's worked example, whose
    /// hit ratio is 283,054 ppm) and at a million keys for s = 0.05, 1 and 2; and the same through
    /// [`Popularity`] and [`serve`], the path the page's numbers take (hit ratio, `user_0`'s share).
    #[test]
    fn zipf_weights_match_an_independent_computation() {
        let reference: serde_json::Value =
            serde_json::from_str(include_str!("../tests/fixtures/spec_reference.json")).unwrap();
        let cases = reference["zipf"].as_array().unwrap();
        assert_eq!(cases.len(), 4);
        let close = |got: f64, want: &serde_json::Value, what: &str| {
            let want = want.as_f64().unwrap();
            assert!(
                ((got - want) / want).abs() < 1e-12,
                "{what}: {got:e}, independently {want:e}"
            );
        };
        for case in cases {
            let keys = case["keys"].as_u64().unwrap() as u32;
            let s = case["zipf100"].as_u64().unwrap() as f64 / 100.0;
            let what = format!("{keys} keys, s = {s}");
            let w = zipf_weights(keys, s);
            assert_eq!(w.len(), keys as usize);
            close(w[0], &case["first"], &format!("{what}: user_0"));
            close(w[1], &case["second"], &format!("{what}: user_1"));
            close(
                w[keys as usize - 1],
                &case["last"],
                &format!("{what}: the last key"),
            );
            let top = neumaier_sum(w[..50].iter().copied());
            close(top, &case["top50"], &format!("{what}: the top 50"));
            // The page's path: the popularity table, and one node serving every key with a cache of 50.
            let numbers: Vec<u32> = (0..keys).collect();
            let served = serve_on_one_node(&numbers, s, 50);
            close(
                served.requests.hit_ratio,
                &case["top50"],
                &format!("{what}: hit ratio"),
            );
            close(
                served.requests.first_share,
                &case["first"],
                &format!("{what}: user_0's share"),
            );
        }
    }

    #[test]
    fn neumaier_sums_what_a_plain_sum_loses() {
        // Each exact in binary; a plain left-to-right sum gives 0, 1e16 + 2 and 3 - 2^-52 ≠ 3 here.
        assert_eq!(neumaier_sum([1.0, 1e100, 1.0, -1e100]), 2.0);
        assert_eq!(neumaier_sum([1e16, 1.0, 1.0]), 1e16 + 2.0);
        assert_eq!(neumaier_sum([1.0, 1e16, 1.0, -1e16, 1.0]), 3.0);
        assert_eq!(neumaier_sum([0.1; 10]), 1.0);
        assert_eq!(neumaier_sum([]), 0.0);
        assert_eq!(neumaier_sum([-2.5, 0.5]), -2.0);
    }

    #[test]
    fn a_cache_under_equal_popularity_answers_its_share_of_the_keys() {
        // s = 0: every key as popular, so the 100 cached keys of 10,000 answer 1 % of the requests.
        let app = crate::app::App::from_fragment("nodes=db1,db2,db3&keys=10000&cache=100");
        let hit = app.report().service.requests.hit_ratio;
        assert!((hit - 0.01).abs() < 1e-12, "{hit}");
        assert_eq!(app.report().service.requests.hit_ratio_ppm, 10_000);
    }

    #[test]
    fn ppm_rounds_half_up() {
        assert_eq!(ppm(1.0, 8.0), 125_000);
        assert_eq!(ppm(1.0, 2_000_000.0), 1); // 0.5 ppm
        assert_eq!(ppm(1.0, 2_000_001.0), 0);
        assert_eq!(ppm(1.0, 0.0), 0);
    }

    /// Three keys on three nodes, lists of two, by hand.
    #[test]
    fn small_case_by_hand() {
        // key 0: [0, 1], key 1: [1, 2], key 2: [2, 0]
        let lists = [0, 1, 1, 2, 2, 0];
        assert_eq!(copies(&lists, 3), vec![2, 2, 2]);
        // After: node 2 gone from key 1's list, replaced by 0; key 2 becomes [0, 1].
        let after = [0, 1, 1, 0, 0, 1];
        assert_eq!(copies_created(&lists, 2, &after, 2), 2);
        // Node 1 down: key 0 and 1 keep one live replica, key 2 keeps two.
        let (numbers, present) = ([0, 1, 2], [true; 3]);
        let equal = Popularity::new(&numbers, 0.0);
        let load = |down: &'static [bool], cache| Load {
            lists: &lists,
            r: 2,
            numbers: &numbers,
            down,
            present: &present,
            popularity: &equal,
            cache,
            before: None,
        };
        let served = serve(&load(&[false, true, false], 1), 1, 2);
        assert_eq!(served.live, vec![1, 1, 2]);
        let a = served.availability;
        assert_eq!((a.unavailable, a.unreadable, a.unwritable), (0, 0, 2));
        // Requests, equal weights: key 0 → node 0; key 1 → node 2; key 2 → half each to 2 and 0.
        let req = served.requests;
        assert_eq!(req.share_ppm, vec![500_000, 0, 500_000]);
        assert_eq!(req.share, vec![0.5, 0.0, 0.5]);
        assert_eq!(req.hit_ratio_ppm, 333_333);
        // Missed: keys 1 and 2 (user_1, user_2): node 0 gets ½ of one, node 2 one and ½.
        assert_eq!(req.after_cache_ppm, vec![250_000, 0, 750_000]);
        assert_eq!(req.max_over_mean, 1.0);
        // Two nodes down: key 0 has no live replica; its weight is unserved, not renormalised.
        let served = serve(&load(&[true, true, false], 0), 2, 2);
        assert_eq!(served.live, vec![0, 1, 1]);
        let a = served.availability;
        assert_eq!((a.unavailable, a.unreadable, a.unwritable), (1, 3, 3));
        assert_eq!(served.requests.share_ppm, vec![0, 0, 666_667]);
        assert_eq!(served.requests.unserved_ppm, 333_333);
        assert!((served.requests.unserved - 1.0 / 3.0).abs() < 1e-15);
        assert!((served.requests.share[2] - 2.0 / 3.0).abs() < 1e-15);
        // Nobody down: every key has all its replicas, and the live list is left empty.
        let served = serve(&load(&[false, false, false], 0), 2, 3);
        assert!(served.live.is_empty());
        let a = served.availability;
        assert_eq!((a.unavailable, a.unreadable, a.unwritable), (0, 0, 3));
    }

    /// One live node serving the keys `numbers` (one replica each) under Zipf(s), with a cache.
    fn serve_on_one_node(numbers: &[u32], s: f64, cache: u32) -> Served {
        let lists = vec![0u32; numbers.len()];
        let popularity = Popularity::new(numbers, s);
        let load = Load {
            lists: &lists,
            r: 1,
            numbers,
            down: &[false],
            present: &[true],
            popularity: &popularity,
            cache,
            before: None,
        };
        serve(&load, 1, 1)
    }

    #[test]
    fn hit_ratio_is_the_top_weights() {
        let (keys, s, cache) = (10_000u32, 0.8, 50u32);
        let w = zipf_weights(keys, s);
        // Any order of the keys: the weights follow the numbers.
        let numbers: Vec<u32> = (0..keys).rev().collect();
        let req = serve_on_one_node(&numbers, s, cache).requests;
        let top: f64 = w[..cache as usize].iter().sum();
        assert!((req.hit_ratio - top).abs() < 1e-12);
        assert!((req.first_share - w[0]).abs() < 1e-15);
        assert_eq!(req.after_cache_ppm, vec![1_000_000]);
    }

    #[test]
    fn a_cache_of_every_key_leaves_the_nodes_nothing_and_no_keys_ask_for_nothing() {
        // Every key cached: nothing reaches the nodes, and their spread is 0 (not 0 / 0).
        let numbers: Vec<u32> = (0..100).collect();
        let req = serve_on_one_node(&numbers, 1.0, 100).requests;
        assert_eq!(req.hit_ratio_ppm, 1_000_000);
        assert_eq!(req.after_cache_max_over_mean, 0.0);
        assert!(req.max_over_mean == 1.0, "one live node serves everything");
        // No keys: no requests, every ratio 0.
        let req = serve_on_one_node(&[], 1.0, 0).requests;
        assert_eq!((req.hit_ratio, req.first_share), (0.0, 0.0));
    }

    #[test]
    fn steps_give_exactly_the_whole_numbers() {
        // 5,000 keys in a scrambled order over 7 nodes, 3 replicas each, two down, a cache of 40.
        let keys = 5000u32;
        // 1009 is prime to 5000: a permutation of the key numbers.
        let numbers: Vec<u32> = (0..keys).map(|i| i * 1009 % keys).collect();
        let lists: Vec<u32> = (0..keys as usize * 3)
            .map(|j| ((j / 3 + j % 3 * 2) % 7) as u32)
            .collect();
        // Lists before a change, two per key: the copies it creates are counted on the way.
        let before: Vec<u32> = (0..keys as usize * 2)
            .map(|j| ((j / 2 * 3 + j % 2) % 7) as u32)
            .collect();
        for s in [0.0, 0.8, 1.3] {
            let whole = Popularity::new(&numbers, s);
            let mut making = Popularity::begin(keys, s);
            let stepped = loop {
                if let Some(done) = making.step(&numbers, 333) {
                    break done;
                }
            };
            assert_eq!(stepped, whole, "popularity, s = {s}");
            let load = Load {
                lists: &lists,
                r: 3,
                numbers: &numbers,
                down: &[false, true, false, false, true, false, false],
                present: &[true; 7],
                popularity: &stepped,
                cache: 40,
                before: Some((&before, 2)),
            };
            let mut pass = Pass::new(&load);
            while !pass.run(&load, 777) {}
            let served = pass.finish(&load, 2, 3);
            assert_eq!(served, serve(&load, 2, 3), "requests, s = {s}");
            assert_eq!(
                served.copies_created,
                Some(copies_created(&before, 2, &lists, 3))
            );
        }
    }
}
