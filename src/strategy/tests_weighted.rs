//! Weights (capacity): the weighted worked examples of `../shared/specs/strategies.md` (db1 … db4,
//! `weights=db1:3,db5:2`, V = 100, K = 5,000), exactly, and the properties weights must keep: every
//! weight 1 (or all equal) is the unweighted rule, shares tend to `w/W`, rendezvous moves only what it
//! must, and the preference lists equal a brute-force walk.

use super::*;
use crate::ring::{key_position, KeySet};
use proptest::prelude::{prop_assert, prop_assert_eq, prop_assume, proptest, ProptestConfig};
use proptest::strategy::Strategy as _;

const NODES: [&str; 4] = ["db1", "db2", "db3", "db4"];

/// Settings of the worked examples (S = 1000) with these weights.
fn weighted(vnodes: u32, c100: u32, weights: &[(&str, u32)]) -> Settings {
    Settings {
        vnodes,
        shards: 1000,
        c100,
        weights: weights.iter().copied().collect(),
    }
}

/// Keys per node name, in list order.
fn counts(owners: &[u32], nodes: &[&str]) -> Vec<(String, u64)> {
    let c = crate::stats::counts(owners, nodes.len());
    nodes.iter().map(|n| n.to_string()).zip(c).collect()
}

/// Keys per node name, and after a step (if any) the keys moved (by owner name) and the counts.
type Run = (Vec<(String, u64)>, Option<(u64, Vec<(String, u64)>)>);

/// `name` placed on `nodes`, and after `step` (if any) the keys moved (by owner name) and the counts.
fn run(name: &str, nodes: &[&str], keys: &KeySet, s: &Settings, step: Option<Step>) -> Run {
    let strategy = by_name(name).expect("a strategy");
    let mut cache = VnodeCache::default();
    let mut input = Input {
        keys,
        settings: s.clone(),
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
    (counts(&before.owners, nodes), after)
}

/// The weighted worked examples, as `tests/fixtures/spec_strategies.json` holds them (shared with the
/// browser tests).
fn worked_examples() -> serde_json::Value {
    let all: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/fixtures/spec_strategies.json"))
            .expect("json");
    all["weighted"].clone()
}

fn the_weights(spec: &serde_json::Value) -> Vec<(String, u32)> {
    spec["weights"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(n, w)| (n.clone(), w.as_u64().unwrap() as u32))
        .collect()
}

fn by_node(want: &serde_json::Value) -> Vec<(String, u64)> {
    NODES
        .iter()
        .map(|n| n.to_string())
        .zip(want.as_array().unwrap().iter().map(|c| c.as_u64().unwrap()))
        .collect()
}

#[test]
fn weighted_worked_examples_without_a_change() {
    let spec = worked_examples();
    let weights = the_weights(&spec);
    assert_eq!(weights, [("db1".to_owned(), 3), ("db5".to_owned(), 2)]);
    let pairs: Vec<(&str, u32)> = weights.iter().map(|(n, w)| (n.as_str(), *w)).collect();
    let keys = KeySet::new(5000);
    let cases = spec["counts"].as_object().unwrap();
    assert_eq!(cases.len(), 4);
    for (name, want) in cases {
        let (got, _) = run(name, &NODES, &keys, &weighted(100, 125, &pairs), None);
        assert_eq!(got, by_node(want), "{name}");
    }
    // Bounded loads, c = 1.05: db2 at its capacity 875; db1's is 2625.
    let bounded = &spec["bounded"];
    assert_eq!(bounded["c"], "1.05");
    let (got, _) = run("bounded", &NODES, &keys, &weighted(100, 105, &pairs), None);
    assert_eq!(got, by_node(&bounded["counts"]));
    let total = total(&Weights::from_iter(pairs.clone()).of_nodes(&NODES));
    for (node, cap) in bounded["capacity"].as_object().unwrap() {
        let w = Weights::from_iter(pairs.clone()).of(node);
        assert_eq!(
            weighted_capacity(105, 5000, w, total),
            cap.as_u64().unwrap(),
            "{node}"
        );
    }
    assert_eq!(got[1].1, 875, "db2 is full");
}

#[test]
fn weighted_worked_examples_with_a_change() {
    let spec = worked_examples();
    let weights = the_weights(&spec);
    let pairs: Vec<(&str, u32)> = weights.iter().map(|(n, w)| (n.as_str(), *w)).collect();
    let keys = KeySet::new(5000);
    let changes = spec["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 5);
    for case in changes {
        let name = case["strategy"].as_str().unwrap();
        let step = match (case["remove"].as_str(), case["add"].as_str()) {
            (Some(x), None) => Step::Remove(NODES.iter().position(|n| *n == x).unwrap()),
            (None, Some(y)) => Step::Add(y),
            _ => panic!("one change"),
        };
        let mut after: Vec<(String, u64)> = case["after"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(n, c)| (n.clone(), c.as_u64().unwrap()))
            .collect();
        after.sort();
        let (_, got) = run(name, &NODES, &keys, &weighted(100, 125, &pairs), Some(step));
        let mut got = got.unwrap();
        got.1.sort();
        assert_eq!(
            got,
            (case["moved"].as_u64().unwrap(), after),
            "{name} {step:?}"
        );
    }
}

/// Ketama's points per node: libmemcached's `float` arithmetic, where it differs from `double`, and
/// equal weights kept at 160 where the formula would give 156.
#[test]
fn ketama_counts_points_in_float() {
    // The worked example: pct 1/2 gives 80 digests; 1/6 gives ⌊26.666668⌋ = 26.
    assert_eq!(ketama_point_counts(&[3, 1, 1, 1]), [320, 104, 104, 104]);
    assert_eq!(
        ketama_point_counts(&[3, 1, 1, 1, 2]),
        [300, 100, 100, 100, 200]
    );
    // W = 25, N = 5: in float 1/25·160/4·5 is 7.9999995 and 6/25·40·5 is 47.999996; in double they
    // would be 8 and 48 (32 and 192 points).
    assert_eq!(
        ketama_point_counts(&[1, 6, 6, 6, 6]),
        [28, 188, 188, 188, 188]
    );
    let x = 1.0f32 / 25.0 * 160.0 / 4.0 * 5.0;
    assert!(x < 8.0 && (1.0f64 / 25.0 * 160.0 / 4.0 * 5.0) == 8.0, "{x}");
    // 25 equal weights: libmemcached's float gives 39.999996, 156 points; the unweighted rule gives 160.
    let y = 1.0f32 / 25.0 * 160.0 / 4.0 * 25.0;
    assert!(y < 40.0 && (y as f64 + 0.0000000001) as f32 == y);
    for n in [1, 4, 25, 47, 50, 100] {
        assert_eq!(ketama_point_counts(&vec![1; n]), vec![160; n], "{n} nodes");
        assert_eq!(ketama_point_counts(&vec![7; n]), vec![160; n], "{n} nodes");
    }
    // One node a hair heavier and the formula applies to all 25.
    let mut w = vec![1; 25];
    w[0] = 2;
    assert_eq!(ketama_point_counts(&w)[1..], [152; 24]);
    // The points are the first of the node's digests, four per digest.
    let table = KetamaTable::weighted(&["a", "b"], &[1, 3]);
    let Picture::Points { points, owners } = table.picture() else {
        panic!("ketama draws points")
    };
    assert_eq!(points.len(), 80 + 240);
    let mut a: Vec<u32> = points
        .iter()
        .zip(owners)
        .filter(|(_, &o)| o == 0)
        .map(|(&p, _)| p)
        .collect();
    let mut want: Vec<u32> = ketama_node_points("a", 80).collect();
    a.sort_unstable();
    want.sort_unstable();
    assert_eq!(a, want);
}

/// Weighted rendezvous skips the logarithm of a node whose bound `w/(1 − u)` cannot beat the best so far:
/// its owners and lists are still exactly the argmax and the ranking of every node's score.
#[test]
fn weighted_rendezvous_skips_only_what_cannot_win() {
    let names: Vec<String> = (0..40).map(|i| format!("n{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let weights: Vec<u32> = (0..40).map(|i| 1 + (i * 7) % 10).collect();
    let keys = KeySet::new(20_000);
    let settings = settings_of(&names, &weights, 1, 100, 125);
    let mut cache = VnodeCache::default();
    let mut input = Input {
        keys: &keys,
        settings,
        vnode_cache: &mut cache,
    };
    let placed = Rendezvous.place(&mut input, &names);
    let lists = placed
        .table
        .replicas(keys.positions(), &placed.owners, names.len(), 4);
    let hashes: Vec<u64> = names
        .iter()
        .map(|n| h64(crate::ring::position(n)))
        .collect();
    for (k, &p) in keys.positions().iter().enumerate() {
        let mut ranked: Vec<(f64, u32)> = hashes
            .iter()
            .zip(&weights)
            .enumerate()
            .map(|(i, (&h, &w))| (weighted_score(h64(p), h, w as f64), i as u32))
            .collect();
        ranked.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap().then(a.1.cmp(&b.1)));
        let want: Vec<u32> = ranked[..4].iter().map(|&(_, i)| i).collect();
        assert_eq!(placed.owners[k], want[0], "key {k}");
        assert_eq!(lists[4 * k..4 * k + 4], want[..], "key {k}");
    }
}

/// The weighted ring has `V·w(n)` virtual nodes `"n:0"` … of node `n`; bounded's capacities follow the
/// weights (and are `C` with every weight equal).
#[test]
fn weighted_ring_and_capacities() {
    let ring = Ring::with_counts(&["a", "b"], &[2, 6]);
    assert_eq!(ring.len(), 8);
    assert_eq!(ring.owners().iter().filter(|&&o| o == 1).count(), 6);
    assert!(ring
        .positions()
        .contains(&crate::ring::vnode_position("b", 5)));
    assert_eq!(
        Ring::with_counts(&["a", "b"], &[3, 3]),
        Ring::new(&["a", "b"], 3)
    );
    for (c100, keys, nodes) in [(125, 5000, 4), (105, 5000, 5), (115, 100, 1), (300, 999, 7)] {
        for w in [1, 2, 10] {
            assert_eq!(
                weighted_capacity(c100, keys, w, w as u64 * nodes as u64),
                capacity(c100, keys, nodes)
            );
        }
    }
    // ⌈105·5000·3 / (100·6)⌉ = 2625 exactly; one key more rounds up.
    assert_eq!(weighted_capacity(105, 5001, 3, 6), 2626);
}

/// Any weighting of 1 to 8 distinct names (as `strategy/tests.rs` makes them), mostly 1.
fn arb_weighted_nodes() -> impl proptest::strategy::Strategy<Value = (Vec<String>, Vec<u32>)> {
    proptest::collection::btree_set("[a-z][a-z0-9]{0,5}", 1..9)
        .prop_map(|set| set.into_iter().collect::<Vec<_>>())
        .prop_shuffle()
        .prop_flat_map(|nodes| {
            let n = nodes.len();
            (
                proptest::strategy::Just(nodes),
                proptest::collection::vec(
                    proptest::prop_oneof![2 => proptest::strategy::Just(1u32), 3 => 1u32..=10],
                    n,
                ),
            )
        })
}

fn settings_of(nodes: &[&str], weights: &[u32], vnodes: u32, shards: u32, c100: u32) -> Settings {
    Settings {
        vnodes,
        shards,
        c100,
        weights: nodes.iter().copied().zip(weights.iter().copied()).collect(),
    }
}

/// Placements of `s` with `settings` before and after adding "zz_new" and removing node `remove`.
fn placements(
    s: &dyn Strategy,
    keys: &KeySet,
    settings: &Settings,
    names: &[&str],
    remove: usize,
) -> Vec<Vec<u32>> {
    let mut cache = VnodeCache::default();
    let mut input = Input {
        keys,
        settings: settings.clone(),
        vnode_cache: &mut cache,
    };
    let before = s.place(&mut input, names);
    let mut out = vec![
        s.change(&mut input, names, Step::Add("zz_new"), &before)
            .owners,
    ];
    if names.len() > 1 {
        let step = Step::Remove(remove % names.len());
        out.push(s.change(&mut input, names, step, &before).owners);
    }
    out.push(before.owners);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Every weight 1 is exactly the unweighted rule for each of the five strategies, before and after
    /// a change, through the weighted code (weights given only to nodes not in the list, so that no
    /// shortcut for "no weights at all" is taken); and all weights equal (c) is the unweighted rule for
    /// ketama, rendezvous and shards, and the unweighted rule with c·V virtual nodes for ring and
    /// bounded (whose capacities are then those of the unweighted rule).
    #[test]
    fn equal_weights_are_the_unweighted_rule(nodes in arb_weighted_nodes(), k in 100u32..2000,
                                             vnodes in 1u32..20, shards in 16u32..300,
                                             c100 in 100u32..=300, c in 2u32..=10, remove in 0usize..9) {
        let (nodes, _) = nodes;
        let keys = KeySet::new(k);
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let plain = Settings { vnodes, shards, c100, weights: Weights::new() };
        let elsewhere = Settings {
            weights: [("zz_other", 7), ("zz_more", 3)].into_iter().collect(),
            ..plain.clone()
        };
        // Every node, the added one too, of weight c.
        let all_c = Settings {
            weights: names.iter().copied().chain(["zz_new"]).map(|n| (n, c)).collect(),
            ..plain.clone()
        };
        for name in ["ring", "ketama", "rendezvous", "shards", "bounded"] {
            let s = by_name(name).unwrap();
            prop_assert!(s.uses().weights, "{}", name);
            let want = placements(s, &keys, &plain, &names, remove);
            prop_assert_eq!(&placements(s, &keys, &elsewhere, &names, remove), &want, "{} weights 1", name);
            let scaled = Settings { vnodes: vnodes * c, ..plain.clone() };
            let want = if s.uses().vnodes { placements(s, &keys, &scaled, &names, remove) } else { want };
            prop_assert_eq!(&placements(s, &keys, &all_c, &names, remove), &want, "{} all {}", name, c);
        }
    }

    /// Weighted bounded loads: no node above its own capacity ⌈c100·K·w/(100·W)⌉, before or after a
    /// change (with the new list's W); with a huge c, the weighted ring exactly.
    #[test]
    fn weighted_bounded_respects_each_capacity((nodes, weights) in arb_weighted_nodes(),
                                               k in 100u32..2000, vnodes in 1u32..12,
                                               c100 in 100u32..=300, w_new in 1u32..=10) {
        let keys = KeySet::new(k);
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let mut settings = settings_of(&names, &weights, vnodes, 100, c100);
        settings.weights.set("zz_new", w_new);
        let (before, after) = run("bounded", &names, &keys, &settings, Some(Step::Add("zz_new")));
        let check = |counts: &[(String, u64)]| {
            let w: Vec<u32> = counts.iter().map(|(n, _)| settings.weights.of(n)).collect();
            let total = total(&w);
            counts.iter().zip(&w).all(|((_, c), &w)| *c <= weighted_capacity(c100, k, w, total))
        };
        prop_assert!(check(&before), "{:?}", before);
        prop_assert!(check(&after.unwrap().1));
        let huge = Settings { c100: 1_000_000, ..settings.clone() };
        prop_assert_eq!(run("bounded", &names, &keys, &huge, None).0,
                        run("ring", &names, &keys, &settings, None).0);
    }

    /// The four that ignore weights ignore them.
    #[test]
    fn four_strategies_ignore_weights((nodes, weights) in arb_weighted_nodes(), k in 100u32..1000,
                                      remove in 0usize..9) {
        let keys = KeySet::new(k);
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let with = settings_of(&names, &weights, 10, 100, 125);
        let without = Settings { weights: Weights::new(), ..with.clone() };
        for name in ["modn", "range", "jump", "maglev"] {
            let s = by_name(name).unwrap();
            prop_assert!(!s.uses().weights, "{}", name);
            prop_assert_eq!(placements(s, &keys, &with, &names, remove),
                            placements(s, &keys, &without, &names, remove), "{}", name);
        }
    }

    /// Weighted rendezvous moves only what it must: a removal only the removed node's keys; an
    /// addition only keys to the added node. And a pointwise strategy's change is a fresh placement.
    #[test]
    fn weighted_rendezvous_moves_only_what_it_must((nodes, weights) in arb_weighted_nodes(),
                                                   remove in 0usize..9, w_new in 1u32..=10) {
        prop_assume!(nodes.len() > 1);
        let keys = KeySet::new(1500);
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let mut settings = settings_of(&names, &weights, 10, 100, 125);
        settings.weights.set("zz_new", w_new);
        let r = remove % names.len();
        let (before, removed) = run("rendezvous", &names, &keys, &settings, Some(Step::Remove(r)));
        prop_assert_eq!(removed.unwrap().0, before[r].1);
        let (_, added) = run("rendezvous", &names, &keys, &settings, Some(Step::Add("zz_new")));
        let (moved, after) = added.unwrap();
        prop_assert_eq!(moved, after.last().unwrap().1, "only keys to the new node");
        for name in ["ring", "ketama", "rendezvous"] {
            let s = by_name(name).unwrap();
            let mut cache = VnodeCache::default();
            let mut input = Input { keys: &keys, settings: settings.clone(), vnode_cache: &mut cache };
            let placed = s.place(&mut input, &names);
            for step in [Step::Add("zz_new"), Step::Remove(r)] {
                let changed = s.change(&mut input, &names, step, &placed);
                let fresh = s.place(&mut input, &step.apply(&names));
                prop_assert_eq!(changed.owners, fresh.owners, "{} {:?}", name, step);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Shares tend to w/W: on 20,000 keys each node's share is within a quarter of w/W (and 0.01) for
    /// the ring with 400·w virtual nodes, rendezvous and shards (S = 2,000).
    #[test]
    fn shares_tend_to_the_weights(weights in proptest::collection::vec(1u32..=10, 2..6)) {
        prop_assume!(!all_equal(&weights));
        let keys = KeySet::new(20_000);
        let names: Vec<String> = (0..weights.len()).map(|i| format!("w{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let settings = settings_of(&names, &weights, 400, 2000, 125);
        let total = total(&weights) as f64;
        for name in ["ring", "rendezvous", "shards"] {
            let (got, _) = run(name, &names, &keys, &settings, None);
            for ((node, count), &w) in got.iter().zip(&weights) {
                let (share, fair) = (*count as f64 / 20_000.0, w as f64 / total);
                prop_assert!((share - fair).abs() <= 0.25 * fair + 0.01,
                             "{} {}: {:.4} for {:.4} ({:?})", name, node, share, fair, weights);
            }
        }
    }
}

/// The weighted preference list by brute force: ring and ketama walk every point (the weighted counts),
/// rendezvous ranks every node by its weighted score (rule 6 when the weights are equal).
fn brute_force_list(name: &str, nodes: &[&str], s: &Settings, key: u32, r: usize) -> Vec<u32> {
    let weights = s.weights.of_nodes(nodes);
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
            let mut dict = std::collections::BTreeMap::new();
            for (i, n) in nodes.iter().enumerate() {
                for v in 0..s.vnodes * weights[i] {
                    dict.insert(crate::ring::vnode_position(n, v), i as u32);
                }
            }
            let points: Vec<(u128, u32)> = dict.into_iter().collect();
            let start = points.partition_point(|&(q, _)| q <= p) % points.len();
            walk(points, start)
        }
        "ketama" => {
            let counts = ketama_point_counts(&weights);
            let mut points: Vec<(u128, u32)> = nodes
                .iter()
                .enumerate()
                .flat_map(|(i, n)| {
                    ketama_node_points(n, counts[i]).map(move |q| (q as u128, i as u32))
                })
                .collect();
            points.sort();
            let h = ketama_hash(p) as u128;
            let start = points.partition_point(|&(q, _)| q < h) % points.len();
            walk(points, start)
        }
        "rendezvous" => {
            let k = h64(p);
            let h = |n: &str| h64(crate::ring::position(n));
            let mut ranked: Vec<(f64, u64, u32)> = nodes
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let w = weights[i] as f64;
                    // strategies.md: u = ((mix >> 11) + 0.5) / 2^53, the score −w / ln(u).
                    let mix = splitmix64(k ^ h(n));
                    let u = ((mix >> 11) as f64 + 0.5) / 2f64.powi(53);
                    (-w / libm::log(u), mix, i as u32)
                })
                .collect();
            let equal = all_equal(&weights);
            ranked.sort_by(|a, b| {
                let by = if equal {
                    b.1.cmp(&a.1)
                } else {
                    b.0.partial_cmp(&a.0).unwrap()
                };
                by.then(a.2.cmp(&b.2))
            });
            ranked.iter().take(r).map(|&(_, _, i)| i).collect()
        }
        other => panic!("{other} has no weighted list"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Weighted preference lists equal the brute-force walk, and lists derived across a step (where the
    /// table derives them) equal fresh ones.
    #[test]
    fn weighted_lists_match_a_brute_force_walk((nodes, weights) in arb_weighted_nodes(),
                                               k in 100u32..400, vnodes in 1u32..6,
                                               r in 1usize..=5, w_new in 1u32..=10) {
        let keys = KeySet::new(k);
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let r = r.min(names.len());
        let mut settings = settings_of(&names, &weights, vnodes, 100, 125);
        settings.weights.set("zz_new", w_new);
        for name in ["ring", "ketama", "rendezvous"] {
            let s = by_name(name).unwrap();
            let mut cache = VnodeCache::default();
            let mut input = Input { keys: &keys, settings: settings.clone(), vnode_cache: &mut cache };
            let placed = s.place(&mut input, &names);
            let lists = placed.table.replicas(keys.positions(), &placed.owners, names.len(), r);
            for (i, (&number, list)) in keys.numbers().iter().zip(lists.chunks_exact(r)).enumerate() {
                prop_assert_eq!(list[0], placed.owners[i], "{}: owner first", name);
                let want = brute_force_list(name, &names, &settings, number, r);
                prop_assert_eq!(list, &want[..], "{} user_{}", name, number);
            }
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
                    prop_assert_eq!(derived, fresh, "{} {:?} r {} → {}", name, step, rb, ra);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Made a part at a time, with parts of any sizes, each weighted strategy's placement and change are
    /// exactly the ones made at once (the owners, the structure's size and lookups), before and after a
    /// change: the weighted ring built in parts (`MakingRing`), ketama's weighted points, rendezvous's
    /// logarithmic method (and a change that switches rules), the weighted shard deal and bounded
    /// capacities.
    #[test]
    fn weighted_placements_in_parts_of_any_size_are_made_at_once(
            (nodes, weights) in arb_weighted_nodes(), k in 0u32..1500, vnodes in 1u32..30,
            shards in 16u32..300, c100 in 100u32..=300, w_new in 1u32..=10, change in 0usize..10,
            sizes in super::tests::arb_sizes()) {
        let keys = KeySet::new(k);
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let mut settings = settings_of(&names, &weights, vnodes, shards, c100);
        settings.weights.set("zz_new", w_new);
        let step = if change < names.len() && names.len() > 1 {
            Step::Remove(change)
        } else {
            Step::Add("zz_new")
        };
        for name in ["ring", "ketama", "rendezvous", "shards", "bounded"] {
            let s = by_name(name).unwrap();
            let mut cache = VnodeCache::default();
            let mut input = Input { keys: &keys, settings: settings.clone(), vnode_cache: &mut cache };
            let whole = s.place(&mut input, &names);
            // In parts from a cache of its own: the virtual nodes hashed in parts too.
            let mut own = VnodeCache::default();
            let mut input = Input { keys: &keys, settings: settings.clone(), vnode_cache: &mut own };
            let mut pace = crate::pace::Pace::parts(&sizes);
            let parts = super::tests::in_parts(s.begin(&mut input, &names), &mut input, &mut pace);
            prop_assert_eq!(&parts.owners, &whole.owners, "{} placed", name);
            prop_assert_eq!(parts.table.bytes(), whole.table.bytes(), "{}", name);
            for (&number, &position) in keys.numbers().iter().zip(keys.positions()).take(50) {
                let key = KeyRef { number, position };
                prop_assert_eq!(parts.table.lookup(key), whole.table.lookup(key), "{}", name);
            }
            let before = std::rc::Rc::new(whole);
            let changed = s.change(&mut input, &names, step, &before);
            let parts = super::tests::in_parts(
                s.begin_change(&mut input, &names, step, &before), &mut input, &mut pace);
            prop_assert_eq!(&parts.owners, &changed.owners, "{} changed ({:?})", name, step);
            prop_assert_eq!(parts.table.bytes(), changed.table.bytes(), "{} changed", name);
            // And a change is a fresh placement of the new list where the strategy is pointwise.
            if s.pointwise() {
                let fresh = s.place(&mut input, &step.apply(&names));
                prop_assert_eq!(&parts.owners, &fresh.owners, "{} changed is fresh", name);
            }
        }
    }
}
