//! The worked examples of `../shared/specs/strategies.md` (nodes db1..db4, V = 100, K = 5,000), exactly,
//! and the properties every strategy must keep.

use super::*;
use crate::pace::Pace;
use crate::ring::{key_position, KeySet};
use md5::Digest;
use proptest::prelude::{
    prop_assert, prop_assert_eq, prop_assume, prop_oneof, proptest, ProptestConfig, TestCaseError,
};
use proptest::strategy::Strategy as _;

const NODES: [&str; 4] = ["db1", "db2", "db3", "db4"];

fn settings(vnodes: u32, c100: u32) -> Settings {
    Settings {
        vnodes,
        shards: 1000,
        c100,
        weights: Weights::new(),
    }
}

/// Keys per node name, in list order.
fn counts(owners: &[u32], nodes: &[&str]) -> Vec<(String, u64)> {
    let c = crate::stats::counts(owners, nodes.len());
    nodes.iter().map(|n| n.to_string()).zip(c).collect()
}

struct Run {
    before: Vec<(String, u64)>,
    after: Option<(u64, Vec<(String, u64)>)>,
}

/// Runs `name` on `nodes` over `keys`, with an optional step; moved = keys whose owner *name* differs.
fn run(name: &str, nodes: &[&str], keys: &KeySet, s: Settings, step: Option<Step>) -> Run {
    let strategy = by_name(name).expect("a strategy");
    let mut cache = VnodeCache::default();
    let mut input = Input {
        keys,
        settings: s,
        vnode_cache: &mut cache,
    };
    let before = strategy.place(&mut input, nodes);
    let after = step.map(|step| {
        let list = step.apply(nodes);
        let placed = strategy.change(&mut input, nodes, step, &before);
        let moved = before
            .owners
            .iter()
            .zip(&placed.owners)
            .filter(|(&b, &a)| nodes[b as usize] != list[a as usize])
            .count() as u64;
        (moved, counts(&placed.owners, &list))
    });
    Run {
        before: counts(&before.owners, nodes),
        after,
    }
}

/// The worked examples, as `tests/fixtures/spec_strategies.json` holds them (shared with the browser tests).
fn worked_examples() -> serde_json::Value {
    serde_json::from_str(include_str!("../../tests/fixtures/spec_strategies.json")).expect("json")
}

#[test]
fn worked_examples_counts_without_a_change() {
    let spec = worked_examples();
    assert_eq!(spec["nodes"], serde_json::json!(NODES));
    let keys = KeySet::new(spec["keys"].as_u64().unwrap() as u32);
    let counts = spec["counts"].as_object().unwrap();
    assert_eq!(counts.len(), ALL.len(), "every strategy has an example");
    for (name, want) in counts {
        let got = run(name, &NODES, &keys, settings(100, 125), None).before;
        let want: Vec<(String, u64)> = NODES
            .iter()
            .map(|n| n.to_string())
            .zip(want.as_array().unwrap().iter().map(|c| c.as_u64().unwrap()))
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn worked_examples_with_a_change() {
    let spec = worked_examples();
    let keys = KeySet::new(5000);
    let changes = spec["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 7);
    for case in changes {
        let name = case["strategy"].as_str().unwrap();
        let c100 = case["c"]
            .as_str()
            .map_or(125, |c| (c.parse::<f64>().unwrap() * 100.0).round() as u32);
        let step = match (case["remove"].as_str(), case["add"].as_str()) {
            (Some(x), None) => Step::Remove(NODES.iter().position(|n| *n == x).unwrap()),
            (None, Some(y)) => Step::Add(y),
            _ => panic!("one change"),
        };
        let after: Vec<(String, u64)> = case["after"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(n, c)| (n.clone(), c.as_u64().unwrap()))
            .collect();
        let mut got = run(name, &NODES, &keys, settings(100, c100), Some(step))
            .after
            .unwrap();
        got.1.sort();
        assert_eq!(
            got,
            (case["moved"].as_u64().unwrap(), after),
            "{name} {step:?}"
        );
    }
}

#[test]
fn bounded_capacity_of_the_worked_examples() {
    assert_eq!(
        capacity(125, 5000, 4),
        1563,
        "never reached by the ring's 1301"
    );
    assert_eq!(capacity(105, 5000, 5), 1050);
    // Integer arithmetic: 1.15 × 100 / 1 is 115, where 1.15_f64 * 100.0 is 114.99999999999999.
    assert_eq!(capacity(115, 100, 1), 115);
    assert!((1.15_f64 * 100.0).ceil() == 115.0 && 1.15_f64 * 100.0 < 115.0);
}

#[test]
fn names_are_unique_and_found() {
    for s in ALL {
        assert_eq!(by_name(s.name()).unwrap().title(), s.title());
        assert_eq!(ALL.iter().filter(|t| t.name() == s.name()).count(), 1);
        assert!(!s.caption().is_empty() && !s.title().is_empty());
    }
    assert!(by_name("<b>").is_none());
}

/// Every table's single-key lookup agrees with the bulk assignment, key by key.
#[test]
fn lookups_agree_with_assignment() {
    let keys = KeySet::new(3000);
    let nodes = ["a", "b", "c", "d", "e"];
    for s in ALL {
        let mut cache = VnodeCache::default();
        let mut input = Input {
            keys: &keys,
            settings: settings(20, 110),
            vnode_cache: &mut cache,
        };
        let before = s.place(&mut input, &nodes);
        let removed = s.change(&mut input, &nodes, Step::Remove(2), &before);
        let added = s.change(&mut input, &nodes, Step::Add("f"), &before);
        for placed in [before, removed, added] {
            for (k, (&number, &position)) in keys.numbers().iter().zip(keys.positions()).enumerate()
            {
                assert_eq!(
                    placed.table.lookup(KeyRef { number, position }),
                    placed.owners[k],
                    "{} user_{number}",
                    s.name()
                );
            }
        }
    }
}

#[test]
fn modulus_at_the_edges() {
    // Both ways: the 16-bit limbs (n < 2^16) and the general one (Maglev's 65,537, up to 2^32 − 1), with
    // words near 2^64 where a sum could overflow.
    for n in [
        1u64,
        2,
        3,
        7,
        16,
        100,
        101,
        1000,
        10_000,
        65_521,
        65_535,
        65_536,
        65_537,
        1 << 20,
        u32::MAX as u64 - 1,
        u32::MAX as u64,
    ] {
        for p in [
            0u128,
            1,
            u128::MAX,
            u128::MAX - 1,
            1 << 64,
            (1 << 64) - 1,
            (1 << 96) + 12345,
            n as u128 * 12345678901234567,
        ] {
            assert_eq!(Modulus::new(n).of(p) as u128, p % n as u128, "{p} mod {n}");
        }
    }
}

#[test]
fn lexicographic_order_is_the_names_sorted() {
    for k in [1, 2, 9, 10, 11, 99, 100, 101, 1000, 1234, 5000] {
        let mut names: Vec<(String, u32)> = (0..k).map(|i| (format!("user_{i}"), i)).collect();
        names.sort();
        let want: Vec<u32> = names.into_iter().map(|(_, i)| i).collect();
        assert_eq!(lexicographic_order(k), want, "k={k}");
    }
}

#[test]
fn maglev_paper_example() {
    // Eisenbud et al., NSDI 2016, Table 1: M = 7; B0 offset 3 skip 4, B1 0/2, B2 3/1.
    let perms = [(3, 4), (0, 2), (3, 1)];
    assert_eq!(populate(&perms, 7), [1, 0, 1, 0, 2, 2, 0]);
    assert_eq!(populate(&[(3, 4), (3, 1)], 7), [0, 0, 0, 0, 1, 1, 1]);
}

#[test]
fn jump_moves_only_to_the_new_last_bucket() {
    for key in [0u64, 1, 42, 0xDEAD_BEEF, u64::MAX] {
        let mut prev = 0;
        for n in 1..200 {
            let b = jump_hash(key, n);
            assert!(b < n);
            assert!(b == prev || b == n - 1, "key {key}: {prev} -> {b} at {n}");
            prev = b;
        }
    }
}

#[test]
fn ketama_points_and_hash() {
    // Four points per digest, little-endian: MD5("db1-0") = its bytes in order.
    let d: [u8; 16] = md5::Md5::digest(b"db1-0").into();
    let first: Vec<u32> = ketama_points("db1").take(4).collect();
    assert_eq!(first[0], u32::from_le_bytes([d[0], d[1], d[2], d[3]]));
    assert_eq!(first[3], u32::from_le_bytes([d[12], d[13], d[14], d[15]]));
    assert_eq!(ketama_points("x").count(), 160);
    let d: [u8; 16] = md5::Md5::digest(b"user_7").into();
    assert_eq!(
        ketama_hash(key_position(7)),
        u32::from_le_bytes([d[0], d[1], d[2], d[3]])
    );
}

/// 1 to 8 distinct names in any order: the order matters (ring ties go to the later node; modn, jump,
/// range and shards number the nodes in list order), so a sorted list would leave half of it untested.
/// (A set for distinct names, then shuffled by proptest's own generator, so that cases replay.)
fn arb_nodes() -> impl proptest::strategy::Strategy<Value = Vec<String>> {
    proptest::collection::btree_set("[a-z][a-z0-9]{0,5}", 1..9)
        .prop_map(|set| set.into_iter().collect::<Vec<_>>())
        .prop_shuffle()
}

proptest! {
    #[test]
    fn modulus_matches_u128_remainder(p in proptest::prelude::any::<u128>(), n in 1u64..=u32::MAX as u64) {
        prop_assert_eq!(Modulus::new(n).of(p) as u128, p % n as u128);
    }

    #[test]
    fn jump_many_is_jump_hash_key_by_key(keys in proptest::collection::vec(proptest::prelude::any::<u64>(), 0..40), n in 1u32..5000) {
        let want: Vec<u32> = keys.iter().map(|&k| jump_hash(k, n)).collect();
        prop_assert_eq!(jump_many(keys.iter().copied(), n), want);
    }

    #[test]
    fn small_modulus_matches_u128_remainder(p in proptest::prelude::any::<u128>(), n in 1u64..(1 << 16)) {
        prop_assert_eq!(Modulus::new(n).of(p) as u128, p % n as u128);
    }
}

/// `making` stepped to the end, a unit at a time, with the parts `pace` gives.
pub(super) fn in_parts(mut making: Box<dyn Making>, input: &mut Input, pace: &mut Pace) -> Placed {
    loop {
        pace.unit();
        if let Some(placed) = making.step(input, pace) {
            return placed;
        }
    }
}

/// Parts of any size, from a single item up: a unit's part of each kind of work is cut anywhere.
pub(super) fn arb_sizes() -> impl proptest::strategy::Strategy<Value = Vec<usize>> {
    proptest::collection::vec(prop_oneof![1usize..8, 8usize..300, 300usize..3000], 1..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Made a part at a time, with parts of any sizes, every strategy's placement and change are exactly
    /// the ones made at once: the owners, and the structure's lookups.
    #[test]
    fn placements_in_parts_of_any_size_are_made_at_once(nodes in arb_nodes(), k in 0u32..1500,
            vnodes in 1u32..30, shards in 16u32..300, c100 in 100u32..=300, change in 0usize..10,
            sizes in arb_sizes()) {
        let keys = KeySet::new(k);
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let step = if change < names.len() && names.len() > 1 {
            Step::Remove(change)
        } else {
            Step::Add("zz_new")
        };
        for s in ALL {
            let mut cache = VnodeCache::default();
            let settings = Settings { vnodes, shards, c100, weights: Weights::new() };
            let mut input = Input { keys: &keys, settings, vnode_cache: &mut cache };
            let whole = s.place(&mut input, &names);
            let mut pace = Pace::parts(&sizes);
            let parts = in_parts(s.begin(&mut input, &names), &mut input, &mut pace);
            prop_assert_eq!(&parts.owners, &whole.owners, "{} placed", s.name());
            prop_assert_eq!(parts.table.bytes(), whole.table.bytes(), "{}", s.name());
            for (&number, &position) in keys.numbers().iter().zip(keys.positions()).take(50) {
                let key = KeyRef { number, position };
                prop_assert_eq!(parts.table.lookup(key), whole.table.lookup(key), "{}", s.name());
            }
            let before = std::rc::Rc::new(whole);
            let changed = s.change(&mut input, &names, step, &before);
            let parts = in_parts(s.begin_change(&mut input, &names, step, &before), &mut input, &mut pace);
            prop_assert_eq!(&parts.owners, &changed.owners, "{} changed ({:?})", s.name(), step);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Counts sum to K for every strategy, before and after any change.
    #[test]
    fn every_key_has_one_owner(nodes in arb_nodes(), k in 100u32..3000, vnodes in 1u32..40,
                               shards in 16u32..400, c100 in 100u32..=300, remove in 0usize..9) {
        let keys = KeySet::new(k);
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        for s in ALL {
            let mut cache = VnodeCache::default();
            let mut input = Input { keys: &keys, settings: Settings { vnodes, shards, c100, weights: Default::default() }, vnode_cache: &mut cache };
            let before = s.place(&mut input, &names);
            prop_assert_eq!(before.owners.len(), k as usize);
            prop_assert!(before.owners.iter().all(|&o| (o as usize) < names.len()), "{}", s.name());
            let added = s.change(&mut input, &names, Step::Add("zz_new"), &before);
            prop_assert!(added.owners.iter().all(|&o| (o as usize) <= names.len()), "{}", s.name());
            if s.pointwise() {
                let list = Step::Add("zz_new").apply(&names);
                prop_assert_eq!(&added.owners, &s.place(&mut input, &list).owners, "{}", s.name());
            }
            if names.len() > 1 {
                let removed = s.change(&mut input, &names, Step::Remove(remove % names.len()), &before);
                if s.pointwise() {
                    // A pointwise strategy's change is exactly a fresh placement of the new list.
                    let list = Step::Remove(remove % names.len()).apply(&names);
                    prop_assert_eq!(&removed.owners, &s.place(&mut input, &list).owners, "{}", s.name());
                }
                prop_assert!(removed.owners.iter().all(|&o| (o as usize) < names.len() - 1), "{}", s.name());
            }
        }
    }

    /// shards: every node holds ⌊S/N⌋ or ⌈S/N⌉ shards at first, and after a removal too.
    #[test]
    fn shards_are_spread_evenly(n in 1usize..20, s in 16u32..2000, remove in 0usize..20) {
        let keys = KeySet::new(100);
        let names: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut cache = VnodeCache::default();
        let mut input = Input { keys: &keys, settings: Settings { vnodes: 1, shards: s, c100: 125, weights: Default::default() }, vnode_cache: &mut cache };
        let check = |placed: Placed, n: usize| -> Result<(), TestCaseError> {
            let Picture::Cells { owners, .. } = placed.table.picture() else { panic!("a shard map") };
            let held = crate::stats::counts(owners, n);
            let (lo, hi) = (s as u64 / n as u64, (s as u64).div_ceil(n as u64));
            prop_assert!(held.iter().all(|&h| h == lo || h == hi), "{:?} for S={} N={}", held, s, n);
            Ok(())
        };
        check(Shards.place(&mut input, &names), n)?;
        if n > 1 {
            let before = Shards.place(&mut input, &names);
        check(Shards.change(&mut input, &names, Step::Remove(remove % n), &before), n - 1)?;
        }
    }

    /// range: a removal moves exactly the removed range; an addition exactly the upper half it takes.
    #[test]
    fn range_moves_one_range(n in 2usize..12, k in 100u32..4000, remove in 0usize..12) {
        let keys = KeySet::new(k);
        let names: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let r = remove % n;
        let run_r = run("range", &names, &keys, settings(1, 125), Some(Step::Remove(r)));
        let (moved, _) = run_r.after.unwrap();
        prop_assert_eq!(moved, run_r.before[r].1);
        let run_a = run("range", &names, &keys, settings(1, 125), Some(Step::Add("new")));
        let (moved, after) = run_a.after.unwrap();
        let largest = run_a.before.iter().map(|c| c.1).max().unwrap();
        prop_assert_eq!(moved, largest / 2);
        prop_assert_eq!(after.last().unwrap().1, moved);
    }

    /// bounded: no node above capacity; with a huge c it is the ring exactly.
    #[test]
    fn bounded_respects_capacity(nodes in arb_nodes(), k in 100u32..3000, vnodes in 1u32..30, c100 in 100u32..=300) {
        let keys = KeySet::new(k);
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let bounded = run("bounded", &names, &keys, settings(vnodes, c100), Some(Step::Add("zz_new")));
        let cap = capacity(c100, k, names.len());
        prop_assert!(bounded.before.iter().all(|c| c.1 <= cap), "{:?} over {}", bounded.before, cap);
        let cap_after = capacity(c100, k, names.len() + 1);
        prop_assert!(bounded.after.unwrap().1.iter().all(|c| c.1 <= cap_after));
        let huge = run("bounded", &names, &keys, settings(vnodes, 1_000_000), None);
        let ring = run("ring", &names, &keys, settings(vnodes, 125), None);
        prop_assert_eq!(huge.before, ring.before);
    }

    /// rendezvous and ring move only what they must: a removal moves only the removed node's keys.
    #[test]
    fn minimal_movers_move_only_the_removed_nodes_keys(nodes in arb_nodes(), remove in 0usize..9) {
        prop_assume!(nodes.len() > 1);
        let keys = KeySet::new(1000);
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let r = remove % names.len();
        for name in ["ring", "rendezvous", "ketama"] {
            let run = run(name, &names, &keys, settings(10, 125), Some(Step::Remove(r)));
            prop_assert_eq!(run.after.unwrap().0, run.before[r].1, "{}", name);
        }
    }
}

/// A preference list by brute force, straight from `replication.md`: for ring and ketama every point of
/// every node, sorted, walked from the key's point; for rendezvous every node ranked by score; else the
/// owner and the nodes after it in list order.
fn brute_force_list(
    name: &str,
    nodes: &[&str],
    vnodes: u32,
    key: u32,
    owner: u32,
    r: usize,
) -> Vec<u32> {
    let walk = |points: Vec<(u128, u32)>, start: usize| {
        let mut list = Vec::new();
        for j in 0..points.len() {
            let node = points[(start + j) % points.len()].1;
            if list.len() < r && !list.contains(&node) {
                list.push(node);
            }
        }
        list
    };
    let p = key_position(key);
    match name {
        "ring" => {
            // The seed's dict: a later insertion overwrites an equal position.
            let mut dict = std::collections::BTreeMap::new();
            for (i, n) in nodes.iter().enumerate() {
                for v in 0..vnodes {
                    dict.insert(crate::ring::vnode_position(n, v), i as u32);
                }
            }
            let points: Vec<(u128, u32)> = dict.into_iter().collect();
            let start = points.partition_point(|&(q, _)| q <= p) % points.len();
            walk(points, start)
        }
        "ketama" => {
            let mut points: Vec<(u128, u32)> = nodes
                .iter()
                .enumerate()
                .flat_map(|(i, n)| ketama_points(n).map(move |q| (q as u128, i as u32)))
                .collect();
            points.sort();
            let h = ketama_hash(p) as u128;
            let start = points.partition_point(|&(q, _)| q < h) % points.len();
            walk(points, start)
        }
        "rendezvous" => {
            let k = h64(p);
            let mut ranked: Vec<(std::cmp::Reverse<u64>, u32)> = nodes
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    (
                        std::cmp::Reverse(splitmix64(k ^ h64(crate::ring::position(n)))),
                        i as u32,
                    )
                })
                .collect();
            ranked.sort();
            ranked.iter().take(r).map(|&(_, i)| i).collect()
        }
        _ => (0..r as u32)
            .map(|j| (owner + j) % nodes.len() as u32)
            .collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every strategy's preference lists equal the brute-force walk of `replication.md`.
    #[test]
    fn preference_lists_match_a_brute_force_walk(nodes in arb_nodes(), k in 100u32..600,
                                                 vnodes in 1u32..12, r in 1usize..=5) {
        let keys = KeySet::new(k);
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let r = r.min(names.len());
        for s in ALL {
            let mut cache = VnodeCache::default();
            let mut input = Input { keys: &keys, settings: settings(vnodes, 125), vnode_cache: &mut cache };
            let placed = s.place(&mut input, &names);
            let lists = placed.table.replicas(keys.positions(), &placed.owners, names.len(), r);
            prop_assert_eq!(lists.len(), k as usize * r);
            for (i, (&number, list)) in keys.numbers().iter().zip(lists.chunks_exact(r)).enumerate() {
                prop_assert_eq!(list[0], placed.owners[i], "{}: owner first", s.name());
                let want = brute_force_list(s.name(), &names, vnodes, number, placed.owners[i], r);
                prop_assert_eq!(list, &want[..], "{} user_{}", s.name(), number);
                // One key's list asked for alone (fewer keys than points: walked without the table of
                // every point's list, as the history's watched key is) is the same.
                if i < 8 {
                    let alone = placed.table.replicas(&keys.positions()[i..=i], &placed.owners[i..=i], names.len(), r);
                    prop_assert_eq!(&alone[..], list, "{} user_{} alone", s.name(), number);
                }
            }
            // Lists derived across a step equal fresh ones.
            let mut steps = vec![Step::Add("zz_new")];
            if names.len() > 1 {
                steps.push(Step::Remove(k as usize % names.len()));
            }
            for step in steps {
                let list = step.apply(&names);
                let after = s.change(&mut input, &names, step, &placed);
                let ra = (r + 1).min(list.len()).max(1);
                let rb = (r + 1).min(names.len());
                let before_lists = placed.table.replicas(keys.positions(), &placed.owners, names.len(), rb);
                let derived = after.table.replicas_after(ListsChange {
                    positions: keys.positions(), owners: &after.owners, nodes: list.len(), r: ra, step,
                    before: &before_lists, r_before: rb,
                });
                if let Some(derived) = derived {
                    let fresh = after.table.replicas(keys.positions(), &after.owners, list.len(), ra);
                    prop_assert_eq!(derived, fresh, "{} {:?} r {} → {}", s.name(), step, rb, ra);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A whole order (every node, as the history's stand-ins ask for) equals the brute-force walk for
    /// every strategy, past the few replicas the panel lists: rendezvous ranks more than 8 nodes by
    /// sorting (a link with a history and more nodes once stopped the page).
    #[test]
    fn whole_orders_match_a_brute_force_walk(
        nodes in proptest::collection::btree_set("[a-z][a-z0-9]{0,5}", 9..24)
            .prop_map(|set| set.into_iter().collect::<Vec<_>>())
            .prop_shuffle(),
        k in 20u32..120, vnodes in 1u32..6,
    ) {
        let keys = KeySet::new(k);
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let r = names.len();
        for s in ALL {
            let mut cache = VnodeCache::default();
            let mut input = Input { keys: &keys, settings: settings(vnodes, 125), vnode_cache: &mut cache };
            let placed = s.place(&mut input, &names);
            let lists = placed.table.replicas(keys.positions(), &placed.owners, r, r);
            for (i, (&number, list)) in keys.numbers().iter().zip(lists.chunks_exact(r)).enumerate() {
                let want = brute_force_list(s.name(), &names, vnodes, number, placed.owners[i], r);
                prop_assert_eq!(list, &want[..], "{} user_{}", s.name(), number);
            }
        }
    }
}

/// The comparison's "bytes" column, by the rule docs/models.md gives for each structure (ring: 20 bytes per point; maglev:
/// 4 per entry; shards: 4 per shard; ketama: 8 per point; rendezvous: 8 per node; range: its split keys'
/// names and 4 bytes per range; bounded: its ring plus 4 bytes per key; hash % N and jump: nothing).
#[test]
fn each_structure_has_the_documented_size() {
    let keys = KeySet::new(5000);
    let (n, v) = (NODES.len(), 100);
    for strategy in ALL {
        let mut cache = VnodeCache::default();
        let mut input = Input {
            keys: &keys,
            settings: settings(v, 125),
            vnode_cache: &mut cache,
        };
        let placed = strategy.place(&mut input, &NODES);
        let want = match strategy.name() {
            "ring" => n * v as usize * 20,
            "modn" | "jump" => 0,
            "maglev" => 65_537 * 4,
            "shards" => 1000 * 4,
            "ketama" => n * 160 * 8,
            "rendezvous" => n * 8,
            "bounded" => n * v as usize * 20 + 5000 * 4,
            "range" => {
                let Picture::Ranges { starts, .. } = placed.table.picture() else {
                    panic!("range draws ranges");
                };
                // The name at each range's first rank, in byte order of the names (sorted here
                // independently of the strategy's digit-tree order).
                let mut sorted: Vec<String> = (0..5000).map(crate::ring::key_name).collect();
                sorted.sort_unstable();
                let names: usize = starts.iter().map(|&r| sorted[r as usize].len()).sum();
                names + n * 4
            }
            other => panic!("no documented size for {other}"),
        };
        assert_eq!(placed.table.bytes(), want, "{}", strategy.name());
    }
}

/// The strategy menu's entries, in menu order (link name and title), as docs/models.md's strategy table and the
/// course page name them.
#[test]
fn the_menu_names_every_strategy() {
    let menu: Vec<(&str, &str)> = ALL.iter().map(|s| (s.name(), s.title())).collect();
    assert_eq!(
        menu,
        [
            ("ring", "Consistent hashing ring"),
            ("modn", "hash % N"),
            ("range", "Range partitioning"),
            ("shards", "Virtual shards"),
            ("jump", "Jump consistent hash"),
            ("rendezvous", "Rendezvous (highest random weight)"),
            ("maglev", "Maglev"),
            ("ketama", "Ketama (libmemcached)"),
            ("bounded", "Bounded loads"),
        ]
    );
}
