//! The numbers the page shows most, pinned exactly to an independent source: `fixtures/spec_reference.json`,
//! printed by `fixtures/spec_reference.py` from the text of `../shared/specs/` and the seed oracle (no code
//! of this project; see `fixtures/README.md`).

use ring_playground::app::App;
use ring_playground::compare;
use ring_playground::ring::{KeySet, VnodeCache};
use ring_playground::strategy::{Input, Settings, Step, ALL};
use serde_json::Value;
use std::collections::BTreeMap;

fn reference() -> Value {
    serde_json::from_str(include_str!("fixtures/spec_reference.json")).expect("json")
}

fn counts(v: &Value) -> BTreeMap<String, u64> {
    v.as_object()
        .expect("object")
        .iter()
        .map(|(k, n)| (k.clone(), n.as_u64().expect("count")))
        .collect()
}

/// The experiment's "hash % N would move" (`data-modulo-moved`): node number `P(key) mod N`, the removed
/// node taken out or the added one appended, for every seed fixture's configuration. The same whatever
/// strategy is shown (the panel always compares with hash % N).
#[test]
fn hash_mod_n_moves_exactly_what_the_rule_moves() {
    let reference = reference();
    let cases = reference["modulo_moved"].as_object().expect("object");
    assert_eq!(cases.len(), 8, "one per seed fixture with a change");
    // The seed's own example, as README says.
    assert_eq!(
        cases["nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2"],
        6747
    );
    for (link, want) in cases {
        let want = want.as_u64().expect("a count");
        for strategy in ["", "&strategy=jump", "&strategy=modn"] {
            let link = format!("{link}{strategy}");
            let app = App::from_fragment(&link);
            assert!(app.notices().is_empty(), "{link}: {:?}", app.notices());
            let m = app.report().movement.as_ref().expect("a change");
            assert_eq!(m.modulo_moved, want, "{link}: hash % N would move");
            if strategy == "&strategy=modn" {
                // hash % N shown as the strategy moves the same keys.
                assert_eq!(m.moved, want, "{link}: modn moved");
            }
        }
    }
}

/// Every strategy's keys moved for the Reddit preset (16 nodes, a 17th added, 100,000 keys) and for
/// W(100, 1000, 1M) (db50 removed), as the experiment shows them when the strategy is chosen; and for
/// the Reddit preset, as the comparison's rows show them too.
#[test]
fn every_strategy_moves_exactly_what_its_rule_moves() {
    let reference = reference();
    let cases = reference["moved"].as_object().expect("object");
    assert_eq!(cases.len(), 2);
    for (link, by_strategy) in cases {
        let by_strategy = counts(by_strategy);
        assert_eq!(by_strategy.len(), ALL.len(), "{link}");
        let million = link.contains("keys=1000000");
        for s in ALL {
            let want = by_strategy[s.name()];
            // At a million keys natively the three the page's story rests on (hash % N re-deals nearly
            // everything, jump renumbers, rendezvous moves the minimum): all nine take 7 s here instead
            // of 3; the browser test checks all nine at this size, and the Reddit preset does natively.
            if million && !matches!(s.name(), "modn" | "jump" | "rendezvous") {
                continue;
            }
            let link = format!("{link}&strategy={}", s.name());
            let app = App::from_fragment(&link);
            assert!(app.notices().is_empty(), "{link}: {:?}", app.notices());
            let m = app.report().movement.as_ref().expect("a change");
            assert_eq!(m.moved, want, "{link}: moved");
        }
        if !million {
            // The comparison: every strategy on the same inputs, each row's moved count.
            let nodes: Vec<String> = (1..=16).map(|i| format!("db{i}")).collect();
            let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
            let keys = KeySet::new(100_000);
            let mut cache = VnodeCache::default();
            let mut input = Input {
                keys: &keys,
                settings: Settings {
                    vnodes: 150,
                    shards: 1000,
                    c100: 125,
                    weights: Default::default(),
                },
                vnode_cache: &mut cache,
            };
            let start = std::time::Instant::now();
            let mut clock = || start.elapsed().as_secs_f64() * 1000.0;
            let rows = compare::compare(&mut input, &names, Some(Step::Add("db17")), &mut clock);
            let got: BTreeMap<String, u64> = rows
                .iter()
                .map(|r| (r.strategy.to_owned(), r.moved.expect("a change")))
                .collect();
            assert_eq!(got, by_strategy, "{link}: the comparison");
        }
    }
}

/// The shards and c sliders' ends (by pointer in the browser): 16 and 10,000 shards, and bounded loads
/// with c = 1.00, db2 removed from the seed's example.
#[test]
fn strategy_settings_at_their_ends() {
    let reference = reference();
    let cases = reference["slider_ends"].as_object().expect("object");
    assert_eq!(cases.len(), 3);
    for (link, want) in cases {
        let app = App::from_fragment(link);
        assert!(app.notices().is_empty(), "{link}: {:?}", app.notices());
        let report = app.report();
        let m = report.movement.as_ref().expect("a change");
        assert_eq!(m.moved, want["moved"].as_u64().unwrap(), "{link}: moved");
        let before: BTreeMap<String, u64> = report
            .rows
            .iter()
            .filter_map(|r| r.keys.map(|k| (r.name.clone(), k)))
            .collect();
        assert_eq!(before, counts(&want["before"]), "{link}: before");
        let after: BTreeMap<String, u64> = report
            .rows
            .iter()
            .filter(|r| r.name != "db2")
            .filter_map(|r| r.keys_after.map(|k| (r.name.clone(), k)))
            .collect();
        assert_eq!(after, counts(&want["after"]), "{link}: after");
    }
}

/// The seed's own counts at the Nodes and Keys sliders' ends (100 keys, a million keys, 100 nodes).
#[test]
fn the_seed_at_the_sliders_ends() {
    let reference = reference();
    let cases = reference["seed"].as_object().expect("object");
    assert_eq!(cases.len(), 3);
    for (link, want) in cases {
        let app = App::from_fragment(link);
        assert!(app.notices().is_empty(), "{link}: {:?}", app.notices());
        let got: BTreeMap<String, u64> = app
            .report()
            .rows
            .iter()
            .filter_map(|r| r.keys.map(|k| (r.name.clone(), k)))
            .collect();
        assert_eq!(got, counts(want), "{link}");
    }
}

/// strategies.md's weights on the Reddit preset (16 nodes, 100,000 keys; db1 … db4 of weights 10, 5, 3,
/// 2): db17 of weight 4 added, and db1 removed. Every strategy's keys moved, counts before and after,
/// and the ideal (K·w(Y)/W_after, K·w(X)/W), as the experiment shows them; for the addition, the
/// comparison's rows too.
#[test]
fn weighted_strategies_move_exactly_what_their_rules_move() {
    let reference = reference();
    let cases = reference["weighted"].as_object().expect("object");
    assert_eq!(cases.len(), 3, "the source and two experiments");
    for (link, want) in cases.iter().filter(|(k, _)| *k != "source") {
        let by_strategy = want["strategies"].as_object().expect("object");
        assert_eq!(by_strategy.len(), ALL.len(), "{link}");
        let ideal = want["ideal"].as_u64().unwrap();
        for s in ALL {
            let want = &by_strategy[s.name()];
            let link = format!("{link}&strategy={}", s.name());
            let app = App::from_fragment(&link);
            assert!(app.notices().is_empty(), "{link}: {:?}", app.notices());
            let report = app.report();
            let m = report.movement.as_ref().expect("a change");
            assert_eq!(
                (m.moved, m.ideal),
                (want["moved"].as_u64().unwrap(), ideal),
                "{link}"
            );
            let before: BTreeMap<String, u64> = report
                .rows
                .iter()
                .filter_map(|r| r.keys.map(|k| (r.name.clone(), k)))
                .collect();
            assert_eq!(before, counts(&want["before"]), "{link}: before");
            let after: BTreeMap<String, u64> = report
                .rows
                .iter()
                .filter_map(|r| r.keys_after.map(|k| (r.name.clone(), k)))
                .collect();
            assert_eq!(after, counts(&want["after"]), "{link}: after");
        }
        if link.contains("add=db17") {
            let nodes: Vec<String> = (1..=16).map(|i| format!("db{i}")).collect();
            let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
            let keys = KeySet::new(100_000);
            let mut cache = VnodeCache::default();
            let weights = [("db1", 10), ("db2", 5), ("db3", 3), ("db4", 2), ("db17", 4)];
            let mut input = Input {
                keys: &keys,
                settings: Settings {
                    vnodes: 150,
                    shards: 1000,
                    c100: 125,
                    weights: weights.into_iter().collect(),
                },
                vnode_cache: &mut cache,
            };
            let start = std::time::Instant::now();
            let mut clock = || start.elapsed().as_secs_f64() * 1000.0;
            let rows = compare::compare(&mut input, &names, Some(Step::Add("db17")), &mut clock);
            for r in rows {
                let want = by_strategy[r.strategy]["moved"].as_u64();
                assert_eq!((r.moved, r.ideal), (want, Some(ideal)), "{}", r.strategy);
            }
        }
    }
}
