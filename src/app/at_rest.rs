//! The work done when the sliders rest: the balance curve ("Why virtual nodes?": the current nodes and
//! keys at each of [`CURVE_VNODES`] virtual nodes, a point per step) and the comparison of every strategy
//! on the current inputs (a step of [`compare::MakingRow`] at a time). Both are kept for the inputs they
//! depend on, and their partial results for the inputs they were begun with.

use super::step;
use super::stores::{names_in_play, Stores};
use super::wanted::Wanted;
use crate::compare::{self, CompareRow};
use crate::pace::{run, Pace, Part, Work};
use crate::params::Params;
use crate::ring::{MakingRing, Ring, HASHING_VNODES};
use crate::stats::{self, Balance};
use crate::strategy::{self, Weights};
use serde::Serialize;

/// Keys assigned to a curve point's ring and counted by node (items: keys).
pub const CURVE_KEYS: Work = Work::new("counting a curve point", usize::MAX, 10_000);

/// Virtual nodes of a weighted ring hashed ahead of the curve's or the comparison's step (the kind of
/// [`HASHING_VNODES`]): without time sizing, at most as many per step as an unweighted ring needs at
/// once (100 nodes × 1,000); a weighted ring has up to ten times as many, hashed over several steps.
const HASHING_AHEAD: Work = HASHING_VNODES.in_parts_of(100_000);

/// With weights, hashes a part ([`HASHING_AHEAD`]) of the virtual nodes `V·w(n)` of `names` not hashed
/// yet; true when it hashed any (the step is then spent). Nothing to do without weights.
fn hash_ahead(
    p: &Params,
    stores: &mut Stores,
    names: &[String],
    vnodes: u32,
    pace: &mut Pace,
) -> bool {
    if !p.weighted() {
        return false;
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let counts: Vec<u32> = names.iter().map(|n| vnodes * p.weight(n)).collect();
    let size = pace.size(HASHING_AHEAD);
    let hashed = stores.vnode_cache.hash_part_counts(&names, &counts, size);
    pace.did(HASHING_AHEAD, hashed);
    hashed > 0
}

/// Virtual-node counts the balance curve is computed at.
pub const CURVE_VNODES: [u32; 11] = [1, 2, 5, 10, 20, 50, 100, 150, 200, 500, 1000];

/// Balance of the current nodes and keys with `vnodes` virtual nodes each.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurvePoint {
    pub vnodes: u32,
    pub balance: Balance,
}

/// What the balance curve depends on: the node names, the number of keys and the weights.
type CurveInputs = (Vec<String>, u32, Weights);

/// The curve and the comparison, complete or so far.
#[derive(Default)]
pub(super) struct AtRest {
    /// Balance by virtual-node count, once computed.
    curve: Option<(CurveInputs, Vec<CurvePoint>)>,
    /// The curve's points so far, while it is computed a point at a time, and the point being made.
    curve_partial: Option<(CurveInputs, Vec<CurvePoint>, Option<MakingPoint>)>,
    /// Every strategy on the inputs, once computed.
    comparison: Option<(Params, Vec<CompareRow>)>,
    /// The comparison's rows so far, while it is computed a strategy at a time.
    comparison_partial: Option<(Params, Vec<CompareRow>, Option<compare::MakingRow>)>,
}

impl AtRest {
    /// One step: the next point of the curve, or else the next step of the comparison. False when
    /// both are current.
    pub fn step(
        &mut self,
        p: &Params,
        stores: &mut Stores,
        clock: &mut dyn FnMut() -> f64,
        pace: &mut Pace,
    ) -> bool {
        let Wanted {
            curve, comparison, ..
        } = Wanted::of(p);
        if curve && self.curve(p).is_none() {
            self.curve_step(p, stores, pace);
        } else if comparison && self.comparison(p).is_none() {
            self.comparison_step(p, stores, clock, pace);
        } else {
            return false;
        }
        true
    }

    /// The balance curve for the inputs' nodes and keys, if it is complete.
    pub fn curve(&self, p: &Params) -> Option<&[CurvePoint]> {
        match &self.curve {
            Some((inputs, points)) if *inputs == curve_inputs(p) => Some(points),
            _ => None,
        }
    }

    /// The curve's last result, even if the nodes or keys have changed since (to show it as stale).
    pub fn last_curve(&self) -> Option<&[CurvePoint]> {
        self.curve.as_ref().map(|(_, points)| points.as_slice())
    }

    /// A step of the curve: of the next point (its ring, then its keys assigned and counted). With
    /// weights, the weighted ring (`V·w` virtual nodes of a node of weight `w`) and its balance against
    /// the fair shares.
    pub fn curve_step(&mut self, p: &Params, stores: &mut Stores, pace: &mut Pace) {
        let inputs = curve_inputs(p);
        let (mut points, making) = match self.curve_partial.take() {
            Some((partial, points, making)) if partial == inputs => (points, making),
            _ => (Vec::with_capacity(CURVE_VNODES.len()), None),
        };
        let vnodes = CURVE_VNODES[points.len()];
        if making.is_none() && hash_ahead(p, stores, &p.nodes, vnodes, pace) {
            self.curve_partial = Some((inputs, points, None));
            return;
        }
        let names: Vec<&str> = p.nodes.iter().map(String::as_str).collect();
        let weights = p.weights.of_nodes(&names);
        let mut making = making.unwrap_or_else(|| MakingPoint {
            ring: if p.weighted() {
                let counts: Vec<u32> = weights.iter().map(|&w| vnodes * w).collect();
                MakingRing::weighted(&names, &counts)
            } else {
                MakingRing::new(&names, vnodes)
            },
            made: None,
            counts: vec![0; names.len()],
            done: 0,
            owners: Vec::new(),
        });
        let Some(counts) = run(pace, |pace| making.part(stores, pace)) else {
            self.curve_partial = Some((inputs, points, Some(making)));
            return;
        };
        points.push(CurvePoint {
            vnodes,
            balance: Balance::weighted(&counts, &weights),
        });
        if points.len() == CURVE_VNODES.len() {
            self.curve = Some((inputs, points));
        } else {
            self.curve_partial = Some((inputs, points, None));
        }
    }

    /// Every strategy on the inputs' nodes, keys and change, if the comparison is complete.
    pub fn comparison(&self, p: &Params) -> Option<&[CompareRow]> {
        match &self.comparison {
            Some((inputs, rows)) if comparison_current(inputs, p) => Some(rows),
            _ => None,
        }
    }

    /// The comparison's rows for the inputs so far: all of them once it is complete.
    pub fn comparison_so_far(&self, p: &Params) -> &[CompareRow] {
        match (&self.comparison, &self.comparison_partial) {
            (Some((inputs, rows)), _) if comparison_current(inputs, p) => rows,
            (_, Some((inputs, rows, _))) if comparison_current(inputs, p) => rows,
            _ => &[],
        }
    }

    /// One more step of the comparison: a step of the next strategy's row ([`compare::MakingRow`]);
    /// `clock` reads milliseconds, to time lookups.
    pub fn comparison_step(
        &mut self,
        p: &Params,
        stores: &mut Stores,
        clock: &mut dyn FnMut() -> f64,
        pace: &mut Pace,
    ) {
        let (mut rows, making) = match self.comparison_partial.take() {
            Some((inputs, rows, making)) if comparison_current(&inputs, p) => (rows, making),
            _ => (Vec::with_capacity(strategy::ALL.len()), None),
        };
        let mut making =
            making.unwrap_or_else(|| compare::MakingRow::new(strategy::ALL[rows.len()]));
        if hash_ahead(p, stores, &names_in_play(p), p.vnodes, pace) {
            self.comparison_partial = Some((p.clone(), rows, Some(making)));
            return;
        }
        let nodes: Vec<&str> = p.nodes.iter().map(String::as_str).collect();
        let change = p.change.as_ref().map(|c| step(&p.nodes, c));
        let mut input = stores.input(p.settings());
        let making = match making.step(&mut input, &nodes, change, clock, pace) {
            Some(row) => {
                rows.push(row);
                None
            }
            None => Some(making),
        };
        if rows.len() == strategy::ALL.len() {
            self.comparison = Some((p.clone(), rows));
        } else {
            self.comparison_partial = Some((p.clone(), rows, making));
        }
    }
}

/// A point of the curve being made: its ring built, then the keys assigned to it and counted by node.
struct MakingPoint {
    ring: MakingRing,
    made: Option<Ring>,
    counts: Vec<u64>,
    /// Keys counted so far, and the owners of a part (kept to reuse its memory).
    done: usize,
    owners: Vec<u32>,
}

impl MakingPoint {
    /// One part; the counts by node once every key is counted.
    fn part(&mut self, stores: &mut Stores, pace: &mut Pace) -> Part<Vec<u64>> {
        let Some(ring) = &self.made else {
            return match self.ring.part(&mut stores.vnode_cache, pace) {
                Part::Done(ring) => {
                    self.made = Some(ring);
                    Part::Did {
                        items: 1,
                        ended: true,
                    }
                }
                Part::Did { items, ended } => Part::Did { items, ended },
            };
        };
        let positions = stores.keys.positions();
        let (from, to) = (
            self.done,
            positions
                .len()
                .min(self.done.saturating_add(pace.size(CURVE_KEYS))),
        );
        self.owners.clear();
        ring.assign_to(&positions[from..to], &mut self.owners);
        stats::count_into(&self.owners, &mut self.counts);
        self.done = to;
        pace.did(CURVE_KEYS, to - from);
        if to < positions.len() {
            return Part::Did {
                items: to - from,
                ended: false,
            };
        }
        Part::Done(std::mem::take(&mut self.counts))
    }
}

fn curve_inputs(p: &Params) -> CurveInputs {
    (p.nodes.clone(), p.keys, p.weights.clone())
}

/// The comparison depends on everything but the chosen strategy (and the replication settings).
fn comparison_current(inputs: &Params, p: &Params) -> bool {
    (
        &inputs.nodes,
        inputs.vnodes,
        inputs.keys,
        &inputs.change,
        inputs.shards,
        inputs.c100,
        &inputs.weights,
    ) == (
        &p.nodes, p.vnodes, p.keys, &p.change, p.shards, p.c100, &p.weights,
    )
}

#[cfg(test)]
mod tests {
    use super::super::{App, Msg};
    use super::*;

    #[test]
    fn curve_matches_the_table_at_each_vnode_count() {
        let mut app = App::from_fragment("nodes=db1,db2,db3,db4&vnodes=150&keys=5000");
        assert!(app.curve().is_none());
        let curve = app.compute_curve().to_vec();
        assert_eq!(
            curve.iter().map(|c| c.vnodes).collect::<Vec<_>>(),
            CURVE_VNODES
        );
        for point in &curve {
            let other = App::from_fragment(&format!(
                "nodes=db1,db2,db3,db4&vnodes={}&keys=5000",
                point.vnodes
            ));
            assert_eq!(
                point.balance,
                other.report().balance,
                "vnodes={}",
                point.vnodes
            );
        }
        // Unchanged by the virtual-node slider; stale when nodes or keys change.
        assert!(app.update(Msg::SetVnodes(20)));
        assert!(app.curve().is_some());
        assert!(app.update(Msg::SetKeys(6000)));
        assert!(app.curve().is_none());
        assert_eq!(app.last_curve().unwrap().len(), CURVE_VNODES.len());
    }

    #[test]
    fn rest_steps_compute_the_curve_then_the_comparison_and_restart_on_change() {
        let mut app = App::from_fragment("nodes=db1,db2,db3,db4&vnodes=100&keys=5000&remove=db2");
        let mut t = 0.0;
        let mut clock = || {
            t += 5.0;
            t
        };
        // A row is a placement, the change, the warm-up and each timing (the keys fit one part).
        let row_steps = 3 + compare::LOOKUP_ROUNDS;
        let mid = CURVE_VNODES.len() + 3 * row_steps;
        let mut steps = 0;
        while app.rest_step(&mut clock) {
            steps += 1;
            if steps == mid {
                // Mid-comparison the keys change: the rows so far are dropped, the curve restarts.
                assert_eq!(app.comparison_so_far().len(), 3);
                assert!(app.update(Msg::SetKeys(6000)));
                assert!(app.comparison_so_far().is_empty() && app.curve().is_none());
            }
        }
        assert_eq!(
            steps,
            mid + CURVE_VNODES.len() + strategy::ALL.len() * row_steps
        );
        let fresh = App::from_fragment("nodes=db1,db2,db3,db4&vnodes=100&keys=6000&remove=db2")
            .compute_curve()
            .to_vec();
        assert_eq!(app.curve().unwrap(), fresh);
        assert_eq!(app.comparison().unwrap().len(), strategy::ALL.len());
        assert_eq!(app.comparison_so_far().len(), strategy::ALL.len());
        assert!(!app.rest_step(&mut clock), "nothing left");
    }

    #[test]
    fn the_compact_view_computes_only_what_it_shows() {
        let rest = |link: &str| {
            let mut app = App::from_fragment(link);
            let mut clock = || 0.0;
            while app.rest_step(&mut clock) {}
            (app.curve().is_some(), app.comparison().is_some())
        };
        assert_eq!(rest("nodes=db1,db2,db3&keys=1000&remove=db2"), (true, true));
        assert_eq!(
            rest("nodes=db1,db2,db3&keys=1000&remove=db2&embed=1"),
            (false, false)
        );
        // A tour step whose caption reads the curve (step 7), embedded: the curve only.
        assert_eq!(rest("tour=reddit&step=7&embed=1"), (true, false));
        assert_eq!(rest("tour=reddit&step=6&embed=1"), (false, false));
    }

    #[test]
    fn comparison_is_computed_on_demand_and_goes_stale() {
        let mut app = App::from_fragment("nodes=db1,db2,db3,db4&vnodes=100&keys=5000&remove=db2");
        assert!(app.comparison().is_none());
        let mut t = 0.0;
        let rows = app
            .compute_comparison(&mut || {
                t += 5.0;
                t
            })
            .to_vec();
        assert_eq!(rows.len(), strategy::ALL.len());
        assert_eq!(rows[0].moved, Some(1292));
        // Choosing another strategy does not make it stale; other inputs do.
        assert!(app.update(Msg::SetStrategy("jump".into())));
        assert!(app.comparison().is_some());
        assert!(app.update(Msg::SetKeys(6000)));
        assert!(app.comparison().is_none());
        assert!(app.comparison_so_far().is_empty());
    }

    /// With weights the curve is the weighted ring's (V·w virtual nodes, balance against the fair
    /// shares) and the comparison's rows measure against the fair shares; a weight makes both stale.
    #[test]
    fn weights_make_the_curve_and_the_comparison_weighted() {
        let link = "nodes=db1,db2,db3,db4&vnodes=100&keys=5000&weights=db1:3&remove=db1";
        let mut app = App::from_fragment(link);
        let curve = app.compute_curve().to_vec();
        let at_100 = curve.iter().find(|c| c.vnodes == 100).unwrap();
        assert_eq!(at_100.balance, app.report().balance);
        let mut t = 0.0;
        let rows = app
            .compute_comparison(&mut || {
                t += 5.0;
                t
            })
            .to_vec();
        let row = |name: &str| rows.iter().find(|r| r.strategy == name).unwrap().clone();
        // strategies.md: the weighted ring moves db1's 2585 keys; the ideal is db1's 2500.
        assert_eq!(
            (row("ring").moved, row("ring").ideal),
            (Some(2585), Some(2500))
        );
        assert_eq!(row("ring").balance.max, 2585);
        assert_eq!(row("rendezvous").balance.max, 2533);
        // modn ignores the weights: db1 holds a quarter, half its fair share of 2500.
        assert_eq!(row("modn").ideal, Some(2500));
        assert_eq!(row("modn").balance.max_over_mean, 1266.0 / (5000.0 / 6.0));
        assert!(app.update(Msg::SetWeight("db2".into(), 2)));
        assert!(app.curve().is_none() && app.comparison().is_none());
    }

    /// A weighted ring has up to ten times the virtual nodes: the curve and the comparison hash them in
    /// steps of their own (at most as many per step as an unweighted ring of 100 × 1,000), and reach the
    /// same numbers.
    #[test]
    fn weighted_rings_are_hashed_a_part_at_a_time_when_the_sliders_rest() {
        let nodes: Vec<String> = (1..=5).map(|i| format!("db{i}")).collect();
        let weights: Vec<String> = nodes.iter().map(|n| format!("{n}:10")).collect();
        let link = format!(
            "nodes={}&keys=1000&vnodes=100&weights={}&add=db21",
            nodes.join(","),
            weights.join(",")
        );
        let mut app = App::from_fragment(&link);
        let mut now = 0.0;
        let mut clock = || {
            now += 5.0;
            now
        };
        let mut steps = 0;
        while app.curve().is_none() {
            assert!(app.rest_step(&mut clock));
            steps += 1;
        }
        // The points past V = 100 need virtual nodes not hashed yet: a step to hash them first.
        assert!(steps >= CURVE_VNODES.len() + 4, "{steps} steps");
        let fresh = App::from_fragment(&link).compute_curve().to_vec();
        assert_eq!(app.curve().unwrap(), fresh);
        while app.rest_step(&mut clock) {}
        let mut t = 0.0;
        let rows = App::from_fragment(&link)
            .compute_comparison(&mut || {
                t += 5.0;
                t
            })
            .to_vec();
        let moved = |rows: &[CompareRow]| rows.iter().map(|r| r.moved).collect::<Vec<_>>();
        assert_eq!(moved(app.comparison().unwrap()), moved(&rows));
    }
}
