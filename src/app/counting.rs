//! Counting: what `hash % N` would move for the same change (its placements before and after, each a
//! unit, kept apart from the chosen strategy's because dragging "Virtual nodes" does not change it), then
//! the counts, balance and movement of the placements: the [`Report`]'s rows without the service
//! columns.

use super::placing::{after_ids, Placing};
use super::report::{NodeRow, Report, Service};
use super::stores::Stores;
use super::{chosen, step, used_settings};
use crate::pace::{run, Pace, Part, Work};
use crate::params::{Change, Params};
use crate::placements::{Found, MakingPlaced};
use crate::stats::{self, Balance, Movement, Tally};
use crate::strategy::{self, Placed};
use std::rc::Rc;

/// Keys whose hash % N owner moves, counted (items: keys).
pub const MODULO_MOVES: Work = Work::new("counting hash % N's moves", usize::MAX, 20_000);
/// Keys counted by node, and the moves of the placements (items: keys).
pub const COUNTING: Work = Work::new("counting keys", usize::MAX, 10_000);

/// What hash % N's moves depend on: the keys, the nodes and the change (not the virtual nodes).
type ModuloInputs = (u32, Vec<String>, Option<Change>);

/// hash % N's placements before and after the change (for these inputs), the keys counted and the
/// moved ones among them.
type Moves = (ModuloInputs, Rc<Placed>, Rc<Placed>, usize, u64);

/// hash % N's moved count, and which placements the report's counts are of.
#[derive(Default)]
pub(super) struct Counting {
    /// `hash % N` moved count, for the inputs it depends on: it costs as much as the rest of an update,
    /// and dragging the "Virtual nodes" slider does not change it.
    modulo: Option<(ModuloInputs, u64)>,
    /// hash % N's placement being made (after the change, or before it), for its inputs.
    making: Option<(ModuloInputs, bool, Box<MakingPlaced>)>,
    /// hash % N's placements before and after the change, and its moves counted so far.
    moves: Option<Moves>,
    /// The counts of a placements generation so far.
    tally: Option<(u64, usize, Tally)>,
    /// The placements generation the report's counts are of.
    counted: u64,
}

/// The counts of a placement: the report (its service columns still empty) and the names of every node
/// in play, indexed by node id (the added node last).
pub(super) struct Counted {
    pub report: Report,
    pub names: Vec<String>,
}

impl Counting {
    /// True when the counts are of the current placements.
    pub fn current(&self, placing: &Placing) -> bool {
        self.counted == placing.generation()
    }

    /// A unit of counting: of hash % N's placement before the change, or of its moves (its placement
    /// after the change, then the keys it moves), or of the counts (then returned).
    pub fn advance(
        &mut self,
        p: &Params,
        stores: &mut Stores,
        placing: &Placing,
        pace: &mut Pace,
    ) -> Option<Counted> {
        if self.modulo_current(p) {
            return run(pace, |pace| self.count_part(p, stores, placing, pace));
        }
        let none = used_settings(&strategy::Modn, p.settings());
        if stores
            .placements
            .holds(&strategy::Modn, &none, &p.nodes, &stores.keys)
        {
            if let Some(n) = run(pace, |pace| self.moves_part(p, stores, pace)) {
                self.modulo = Some((modulo_inputs(p), n));
            }
        } else {
            self.modulo_placed(p, stores, false, pace);
        }
        None
    }

    /// A unit of hash % N's placement of the nodes after the change (`after`) or before it; the
    /// placement once it is made (kept).
    fn modulo_placed(
        &mut self,
        p: &Params,
        stores: &mut Stores,
        after: bool,
        pace: &mut Pace,
    ) -> Option<Rc<Placed>> {
        let inputs = modulo_inputs(p);
        let none = used_settings(&strategy::Modn, p.settings());
        let Stores {
            keys,
            vnode_cache,
            placements,
        } = stores;
        let mut making = match self.making.take() {
            Some((i, a, making)) if i == inputs && a == after => making,
            _ => {
                let nodes = if after {
                    p.nodes_after()
                } else {
                    p.nodes.clone()
                };
                match placements.find(&strategy::Modn, &none, &nodes, keys, vnode_cache) {
                    Found::Kept(placed) => return Some(placed),
                    Found::Make(making) => making,
                }
            }
        };
        let placed = making.step(placements, keys, vnode_cache, pace);
        if placed.is_none() {
            self.making = Some((inputs, after, making));
        }
        placed
    }

    /// A part of what hash % N moves: its placement after the change, then its moves counted; the
    /// count once done.
    fn moves_part(&mut self, p: &Params, stores: &mut Stores, pace: &mut Pace) -> Part<u64> {
        let inputs = modulo_inputs(p);
        let change = p.change.as_ref().expect("a change");
        let (before, after, from, moved) = match self.moves.take() {
            Some((i, before, after, from, moved)) if i == inputs => (before, after, from, moved),
            _ => {
                // A unit's worth of the placement after the change (its counting follows in the same
                // unit without time sizing).
                let Some(after) = self.modulo_placed(p, stores, true, pace) else {
                    return Part::Did {
                        items: 1,
                        ended: false,
                    };
                };
                let before = self
                    .modulo_placed(p, stores, false, &mut Pace::whole())
                    .expect("kept");
                self.moves = Some((inputs, before, after, 0, 0));
                return Part::Did {
                    items: 1,
                    ended: true,
                };
            }
        };
        let len = before.owners.len();
        let to = len.min(from.saturating_add(pace.size(MODULO_MOVES)));
        let moved =
            moved + step(&p.nodes, change).moved(&before.owners[from..to], &after.owners[from..to]);
        pace.did(MODULO_MOVES, to - from);
        if to < len {
            self.moves = Some((inputs, before, after, to, moved));
            return Part::Did {
                items: to - from,
                ended: false,
            };
        }
        Part::Done(moved)
    }

    /// A part of the counts and movement of the placements; once every key is counted, the report's
    /// rows.
    fn count_part(
        &mut self,
        p: &Params,
        stores: &mut Stores,
        placing: &Placing,
        pace: &mut Pace,
    ) -> Part<Counted> {
        let mut names: Vec<String> = p.nodes.clone();
        if let Some(Change::Add(x)) = &p.change {
            names.push(x.clone());
        }
        let (owners_before, owners_after) = (placing.owners_before(), placing.owners_after());
        let generation = placing.generation();
        let (from, mut tally) = match self.tally.take() {
            Some((g, from, tally)) if g == generation => (from, tally),
            _ => (0, Tally::new(names.len(), stats::MOVED_EXAMPLES)),
        };
        let len = owners_before.len();
        let to = len.min(from.saturating_add(pace.size(COUNTING)));
        tally.add(
            &owners_before[from..to],
            owners_after.map(|a| &a[from..to]),
            &stores.keys.numbers()[from..to],
        );
        pace.did(COUNTING, to - from);
        if to < len {
            self.tally = Some((generation, to, tally));
            return Part::Did {
                items: to - from,
                ended: false,
            };
        }
        Part::Done(self.count(p, stores, placing, names, tally))
    }

    /// The counts, balance and movement of the placements, and the report's rows, from their tally.
    fn count(
        &mut self,
        p: &Params,
        stores: &Stores,
        placing: &Placing,
        names: Vec<String>,
        tally: Tally,
    ) -> Counted {
        let before_ids: Vec<u32> = (0..p.nodes.len() as u32).collect();
        let after_ids = after_ids(p);
        let owners_after = placing.owners_after();

        let total = stores.keys.len() as f64;
        // Weights by id, and each node's fair share K·w/W of the keys, before and after the change.
        let weights = p.weights.of_nodes(&names);
        let counts_before = &tally.before;
        let (shares_before, balance) = weighed(counts_before, &before_ids, &weights);
        let counts_after = owners_after.map(|_| &tally.after);
        let weighed_after = after_ids
            .as_ref()
            .zip(counts_after)
            .map(|(ids, counts)| weighed(counts, ids, &weights));
        let balance_after = weighed_after.as_ref().map(|(_, b)| b.clone());
        let fair_after = |i: usize| {
            let (shares, _) = weighed_after.as_ref()?;
            let at = after_ids
                .as_ref()?
                .iter()
                .position(|&id| id as usize == i)?;
            Some(shares[at])
        };
        let rows = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let was = i < p.nodes.len();
                let stays = after_ids
                    .as_ref()
                    .is_some_and(|ids| ids.contains(&(i as u32)));
                let after = counts_after.filter(|_| stays).map(|c| c[i]);
                let fair = was.then(|| shares_before[i]);
                let fair_after = after.and(fair_after(i));
                NodeRow {
                    name: name.clone(),
                    weight: weights[i],
                    keys: was.then(|| counts_before[i]),
                    share: was.then(|| counts_before[i] as f64 / total),
                    fair,
                    deviation: fair.map(|f| stats::deviation(counts_before[i], f)),
                    keys_after: after,
                    share_after: after.map(|k| k as f64 / total),
                    fair_after,
                    deviation_after: after.zip(fair_after).map(|(k, f)| stats::deviation(k, f)),
                    copies: None,
                    copies_after: None,
                    down: false,
                    requests_ppm: None,
                    requests_after_cache_ppm: None,
                }
            })
            .collect();
        // What hash % N (the modn strategy) would move for the same change (units of its own before).
        let modulo_moved = self.modulo.as_ref().map(|(_, n)| *n);
        let movement = owners_after
            .zip(after_ids.as_ref())
            .zip(modulo_moved.filter(|_| p.change.is_some()))
            .map(|((_, ids), modulo_moved)| {
                let (moved, flows, examples) = tally.movement();
                Movement {
                    moved,
                    ideal: ideal_moves(p, &weights, ids, total),
                    modulo_moved,
                    flows,
                    examples,
                }
            });
        let chosen = chosen(p);
        let change_note = p.change.as_ref().and_then(|c| {
            let nodes: Vec<&str> = p.nodes.iter().map(String::as_str).collect();
            chosen.change_note(&nodes, step(&p.nodes, c))
        });
        self.counted = placing.generation();
        Counted {
            report: Report {
                strategy: chosen.name(),
                rows,
                balance,
                balance_after,
                movement,
                change_note,
                service: Service::default(),
            },
            names,
        }
    }

    /// True when hash % N's moved count is known for the inputs (or none is needed).
    fn modulo_current(&self, p: &Params) -> bool {
        p.change.is_none()
            || self
                .modulo
                .as_ref()
                .is_some_and(|(cached, _)| *cached == modulo_inputs(p))
    }
}

/// The fair shares (keys) of the nodes `ids` (of every id's `counts` and `weights`), and their balance
/// against them.
fn weighed(counts: &[u64], ids: &[u32], weights: &[u32]) -> (Vec<f64>, Balance) {
    let loads: Vec<u64> = ids.iter().map(|&i| counts[i as usize]).collect();
    let w: Vec<u32> = ids.iter().map(|&i| weights[i as usize]).collect();
    (
        stats::fair_shares(loads.iter().sum(), &w),
        Balance::weighted(&loads, &w),
    )
}

/// The least a change must move with every node at its fair share: the removed node's `K·w(X)/W`, or
/// the added node's `K·w(Y)/W_after`, rounded (with every weight 1, `K/N` of the larger list).
fn ideal_moves(p: &Params, weights: &[u32], after_ids: &[u32], total: f64) -> u64 {
    let before = &weights[..p.nodes.len()];
    let after: Vec<u32> = after_ids.iter().map(|&i| weights[i as usize]).collect();
    let (changed, of) = match &p.change {
        Some(Change::Remove(x)) => (p.weight(x), before),
        _ => (*after.last().unwrap_or(&1), &after[..]),
    };
    stats::fair_share(total, changed, strategy::total(of)).round() as u64
}

/// What hash % N's moves depend on, for the inputs.
fn modulo_inputs(p: &Params) -> ModuloInputs {
    (p.keys, p.nodes.clone(), p.change.clone())
}

#[cfg(test)]
mod tests {
    use super::super::App;
    use crate::ring::{key_position, Ring};
    use crate::stats;

    #[test]
    fn seed_example_moves_3114_keys() {
        let app = App::from_fragment("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
        let m = app.report().movement.as_ref().unwrap();
        assert_eq!(m.moved, 3114);
        assert_eq!(m.ideal, 3333);
        // Every moved key left db2 and went to a node that stays.
        assert!(m.flows.iter().all(|f| f.from == 1 && f.to != 1));
        assert_eq!(app.report().rows[1].keys, Some(3114));
        assert_eq!(app.report().rows[1].keys_after, None);
        // The named examples really moved, as the seed's per-key lookup says.
        let before = Ring::new(&["db1", "db2", "db3"], 150);
        let after = Ring::new(&["db1", "db3"], 150);
        assert_eq!(m.examples.len(), stats::MOVED_EXAMPLES);
        for ex in &m.examples {
            let pos = key_position(ex.key);
            assert_eq!((ex.from, before.owner_of(pos)), (1, Some(1)));
            assert_eq!(
                Some(ex.to),
                after.owner_of(pos).map(|o| if o == 0 { 0 } else { 2 })
            );
        }
        let first = m.examples[0].key;
        assert!((0..first).all(|i| before.owner_of(key_position(i)) != Some(1)));
    }

    #[test]
    fn every_strategy_through_the_app_matches_the_worked_examples() {
        let base = "nodes=db1,db2,db3,db4&vnodes=100&keys=5000";
        for (link, moved, after) in [
            (
                "strategy=range&add=db5",
                625,
                vec![625, 1250, 1250, 1250, 625],
            ),
            ("strategy=range&remove=db2", 1250, vec![1250, 0, 2500, 1250]),
            (
                "strategy=shards&add=db5",
                1001,
                vec![1023, 1019, 956, 1001, 1001],
            ),
            (
                "strategy=shards&remove=db2",
                1266,
                vec![1707, 0, 1600, 1693],
            ),
            (
                "strategy=bounded&c=1.05&add=db5",
                1027,
                vec![1050, 987, 1050, 945, 968],
            ),
            ("strategy=jump&remove=db2", 3304, vec![1687, 0, 1687, 1626]),
            (
                "strategy=maglev&add=db5",
                1005,
                vec![984, 967, 1004, 1044, 1001],
            ),
        ] {
            let app = App::from_fragment(&format!("{base}&{link}"));
            assert!(app.notices().is_empty(), "{link}: {:?}", app.notices());
            let report = app.report();
            assert_eq!(report.movement.as_ref().unwrap().moved, moved, "{link}");
            let rows: Vec<u64> = report
                .rows
                .iter()
                .map(|r| r.keys_after.unwrap_or(0))
                .collect();
            assert_eq!(rows, after, "{link}");
        }
        // The honest notes: jump removing a middle node, and hash % N.
        let jump = App::from_fragment(&format!("{base}&strategy=jump&remove=db2"));
        assert!(jump
            .report()
            .change_note
            .as_ref()
            .unwrap()
            .contains("renumbers the 2 nodes after it"));
        let last = App::from_fragment(&format!("{base}&strategy=jump&remove=db4"));
        assert_eq!(last.report().change_note, None);
        let modn = App::from_fragment(&format!("{base}&strategy=modn&add=db5"));
        assert!(modn.report().change_note.is_some());
        // Every other strategy changes gracefully: no note at all (not an empty one).
        for s in crate::strategy::ALL
            .iter()
            .filter(|s| !matches!(s.name(), "modn" | "jump"))
        {
            let app = App::from_fragment(&format!("{base}&strategy={}&remove=db2", s.name()));
            assert_eq!(app.report().change_note, None, "{}", s.name());
        }
        // hash % N as a strategy moves what the experiment's "hash % N would move" says (two paths to
        // one number: each is pinned to the Python oracle's in `tests/spec_reference.rs`).
        let m = modn.report().movement.as_ref().unwrap();
        assert_eq!(m.moved, m.modulo_moved);
    }

    /// strategies.md's weighted worked examples through the app (the link's weights=), the load table's
    /// fair shares K·w/W and "vs ideal" against them, and the ideal moves K·w(X)/W and K·w(Y)/W_after.
    #[test]
    fn weighted_worked_examples_through_the_app() {
        let base = "nodes=db1,db2,db3,db4&vnodes=100&keys=5000";
        for (link, before, moved, after) in [
            (
                "ring&remove=db1&weights=db1:3",
                [2585, 891, 780, 744],
                2585,
                vec![0, 1810, 1566, 1624],
            ),
            (
                "ring&add=db5&weights=db1:3,db5:2",
                [2585, 891, 780, 744],
                1168,
                vec![2021, 612, 629, 570, 1168],
            ),
            (
                "shards&add=db5&weights=db1:3,db5:2",
                [2503, 872, 827, 798],
                1236,
                vec![1874, 664, 620, 606, 1236],
            ),
            (
                "rendezvous&remove=db2&weights=db1:3",
                [2533, 801, 826, 840],
                801,
                vec![3013, 0, 986, 1001],
            ),
            (
                "ketama&add=db5&weights=db1:3,db5:2",
                [2628, 749, 795, 828],
                1311,
                vec![1971, 611, 678, 580, 1160],
            ),
        ] {
            let app = App::from_fragment(&format!("{base}&strategy={link}"));
            assert!(app.notices().is_empty(), "{link}: {:?}", app.notices());
            let report = app.report();
            let keys: Vec<u64> = report.rows[..4].iter().map(|r| r.keys.unwrap()).collect();
            assert_eq!(keys, before, "{link}");
            let m = report.movement.as_ref().unwrap();
            assert_eq!(m.moved, moved, "{link}");
            // Removing db1 (3 of W = 6) or db2 (1 of 6); adding db5 (2 of W_after = 8).
            let ideal = if link.contains("remove=db1") {
                2500
            } else if link.contains("remove") {
                833
            } else {
                1250
            };
            assert_eq!(m.ideal, ideal, "{link}");
            let rows: Vec<u64> = report
                .rows
                .iter()
                .map(|r| r.keys_after.unwrap_or(0))
                .collect();
            assert_eq!(rows, after, "{link}");
            // Fair shares before: 2500 for db1, 833.3 for the others; deviation against them.
            let db1 = &report.rows[0];
            assert_eq!((db1.weight, db1.fair), (3, Some(2500.0)));
            assert_eq!(db1.deviation, Some(before[0] as f64 / 2500.0 - 1.0));
            assert_eq!(report.rows[1].fair, Some(5000.0 / 6.0));
            if link.contains("add=db5") {
                let db5 = &report.rows[4];
                assert_eq!(
                    (db5.weight, db5.fair, db5.fair_after),
                    (2, None, Some(1250.0))
                );
                assert_eq!(report.rows[0].fair_after, Some(5000.0 * 3.0 / 8.0));
            }
        }
        // bounded, c = 1.05: db2 at its capacity 875.
        let app = App::from_fragment(&format!("{base}&strategy=bounded&c=1.05&weights=db1:3"));
        let keys: Vec<u64> = app.report().rows.iter().map(|r| r.keys.unwrap()).collect();
        assert_eq!(keys, [2594, 875, 783, 748]);
        // The balance is against the fair shares: the largest over its fair share is db2's, full at
        // c = 1.05 times its 833.3 (db1 holds the most keys, 1.0376 times its 2500).
        let b = &app.report().balance;
        assert_eq!(b.max_over_mean, 875.0 / (5000.0 / 6.0));
        assert!((b.max_over_mean - 1.05).abs() < 1e-12);
        assert_eq!((b.max, b.mean), (2594, 1250.0));
    }

    /// A strategy that ignores weights places as without them, and its load table still measures the
    /// loads against the weighted fair shares; a weight changed keeps every number current (the
    /// replication columns included).
    #[test]
    fn weights_a_strategy_ignores_still_set_the_fair_shares() {
        let base = "nodes=db1,db2,db3,db4&vnodes=100&keys=5000&strategy=modn&replicas=2&remove=db4";
        let mut app = App::from_fragment(base);
        let plain = app.report().clone();
        assert!(app.update(super::super::Msg::SetWeight("db1".into(), 3)));
        let report = app.report();
        let keys = |r: &super::super::Report| -> Vec<Option<u64>> {
            r.rows.iter().map(|row| row.keys).collect()
        };
        assert_eq!(keys(report), keys(&plain), "modn ignores weights");
        assert_eq!(report.rows[0].fair, Some(2500.0));
        assert_eq!(
            report.rows[1].deviation,
            Some(1266.0 / (5000.0 / 6.0) - 1.0)
        );
        assert_eq!(
            report.service, plain.service,
            "replicas and copies still current"
        );
        assert_eq!(report.rows[0].copies, plain.rows[0].copies);
        assert_eq!(report.movement.as_ref().unwrap().ideal, 833);
        assert_eq!(
            App::from_fragment(&format!("{base}&weights=db1:3")).report(),
            report
        );
        // Which strategies read weights, as the page says for each.
        let reading: Vec<&str> = crate::strategy::ALL
            .iter()
            .filter(|s| s.uses().weights)
            .map(|s| s.name())
            .collect();
        assert_eq!(
            reading,
            ["ring", "shards", "rendezvous", "ketama", "bounded"]
        );
    }
}
