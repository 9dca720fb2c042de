//! The page's state: inputs ([`Params`]), the derived rings and owners, and the [`Report`] the page shows.
//! One [`Msg`] enum of user intents and one [`App::update`].

use crate::layout::turn;
use crate::params::{self, Change, Notice, Params};
use crate::ring::{KeySet, Position, Ring, VnodeCache};
use crate::stats::{self, Balance, Movement};
use serde::Serialize;

/// What a user can do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    /// Use `n` nodes: keep the first `n` names, or append unused `db{i}` names.
    SetNodeCount(usize),
    /// Use this many virtual nodes per node.
    SetVnodes(u32),
    /// Use this many keys.
    SetKeys(u32),
    /// Show the effect of removing or adding a node, or of nothing.
    SetChange(Option<Change>),
    /// Take every input from a link's fragment.
    OpenFragment(String),
    /// Hide the notices about the last link.
    DismissNotices,
}

/// One node's line in the load table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeRow {
    pub name: String,
    /// Keys before the change (`None` for an added node).
    pub keys: Option<u64>,
    /// Fraction of all keys before the change.
    pub share: Option<f64>,
    /// Deviation from the ideal load before the change (+0.1 = 10 % above).
    pub deviation: Option<f64>,
    /// Keys after the change (`None` without a change, or for a removed node).
    pub keys_after: Option<u64>,
    pub share_after: Option<f64>,
    pub deviation_after: Option<f64>,
}

/// Everything the page prints, derived from the inputs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub rows: Vec<NodeRow>,
    pub balance: Balance,
    pub balance_after: Option<Balance>,
    pub movement: Option<Movement>,
}

/// The stretch of the ring one virtual node owns: everything after the previous virtual node, up to and
/// including its own position.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArcInfo {
    /// The virtual node's string, `"node:i"`.
    pub vnode: String,
    /// Its physical node's id.
    pub node: u32,
    /// Where the arc starts (exclusive) and ends (inclusive), in turns; `start > end` when it wraps past 0.
    pub start: f64,
    pub end: f64,
    /// Fraction of the ring it covers.
    pub share: f64,
    /// Keys it owns.
    pub keys: u64,
}

/// The whole app: inputs, caches, derived rings and owners, and the report.
#[derive(Debug)]
pub struct App {
    params: Params,
    notices: Vec<Notice>,
    keys: KeySet,
    vnode_cache: VnodeCache,
    /// Every node that appears before or after the change; node ids index this list.
    names: Vec<String>,
    before: Ring,
    after: Option<Ring>,
    owners_before: Vec<u32>,
    owners_after: Option<Vec<u32>>,
    report: Report,
    /// `hash % N` moved count, for the inputs it depends on (not the virtual nodes): it costs as much as
    /// the rest of an update, and dragging the "Virtual nodes" slider does not change it.
    modulo: Option<(ModuloInputs, u64)>,
    /// Balance by virtual-node count for the current nodes and keys, once computed ([`App::compute_curve`]).
    curve: Option<(CurveInputs, Vec<CurvePoint>)>,
}

/// Virtual-node counts the balance curve is computed at.
pub const CURVE_VNODES: [u32; 11] = [1, 2, 5, 10, 20, 50, 100, 150, 200, 500, 1000];

/// Balance of the current nodes and keys with `vnodes` virtual nodes each.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurvePoint {
    pub vnodes: u32,
    pub balance: Balance,
}

type ModuloInputs = (u32, Vec<String>, Option<Change>);
/// What the balance curve depends on: the node names and the number of keys.
type CurveInputs = (Vec<String>, u32);

impl App {
    /// The app for these inputs, computed.
    pub fn new(params: Params) -> App {
        let mut app = App {
            params,
            notices: Vec::new(),
            keys: KeySet::default(),
            vnode_cache: VnodeCache::default(),
            names: Vec::new(),
            before: Ring::default(),
            after: None,
            owners_before: Vec::new(),
            owners_after: None,
            report: Report::default(),
            modulo: None,
            curve: None,
        };
        app.recompute();
        app
    }

    /// The app a link opens, with the notices about what the link had that was not used.
    pub fn from_fragment(fragment: &str) -> App {
        let (params, notices) = Params::from_fragment(fragment);
        let mut app = App::new(params);
        app.notices = notices;
        app
    }

    /// Applies a user intent; true when anything shown changed.
    pub fn update(&mut self, msg: Msg) -> bool {
        let mut next = self.params.clone();
        match msg {
            Msg::SetNodeCount(n) => {
                let n = n.clamp(params::NODES_MIN, params::NODES_MAX);
                next.nodes.truncate(n);
                while next.nodes.len() < n {
                    let name = params::unused_name(&next.nodes, next.nodes.len() + 1);
                    next.nodes.push(name);
                }
                // An addition whose name the new nodes took moves to the next free name; any other
                // change that no longer applies (its node is gone, or it is the only one) is dropped.
                next.change = match next.change.take() {
                    Some(Change::Add(x)) if next.nodes.contains(&x) => {
                        Some(Change::Add(params::unused_name(&next.nodes, n + 1)))
                    }
                    other => other.and_then(|c| params::check_change(&next.nodes, c).ok()),
                };
            }
            Msg::SetVnodes(v) => next.vnodes = v.clamp(params::VNODES_MIN, params::VNODES_MAX),
            Msg::SetKeys(k) => next.keys = k.clamp(params::KEYS_MIN, params::KEYS_MAX),
            Msg::SetChange(change) => {
                // The same check a link's change gets; an invalid change changes nothing.
                next.change = match change.map(|c| params::check_change(&next.nodes, c)) {
                    None => None,
                    Some(Ok(c)) => Some(c),
                    Some(Err(_)) => return false,
                };
            }
            Msg::DismissNotices => return !std::mem::take(&mut self.notices).is_empty(),
            Msg::OpenFragment(fragment) => {
                let (parsed, notices) = Params::from_fragment(&fragment);
                let changed = parsed != self.params || notices != self.notices;
                self.notices = notices;
                if parsed != self.params {
                    self.params = parsed;
                    self.recompute();
                }
                return changed;
            }
        }
        if next == self.params {
            return false;
        }
        let nodes_changed = next.nodes != self.params.nodes;
        self.params = next;
        self.notices.clear();
        if nodes_changed {
            let keep = self.names_in_play();
            self.vnode_cache
                .retain(&keep.iter().map(String::as_str).collect::<Vec<_>>());
        }
        self.recompute();
        true
    }

    fn names_in_play(&self) -> Vec<String> {
        let mut names = self.params.nodes.clone();
        if let Some(c) = &self.params.change {
            names.push(c.node().to_owned());
        }
        names
    }

    /// Recomputes rings, owners and the report from the inputs (hashes come from the caches).
    fn recompute(&mut self) {
        let p = self.params.clone();
        self.keys.resize(p.keys);
        let mut names: Vec<String> = p.nodes.clone();
        if let Some(Change::Add(x)) = &p.change {
            names.push(x.clone());
        }
        let before_ids: Vec<u32> = (0..p.nodes.len() as u32).collect();
        let after_ids: Option<Vec<u32>> = p.change.as_ref().map(|c| match c {
            Change::Remove(x) => (0..p.nodes.len() as u32)
                .filter(|&i| p.nodes[i as usize] != *x)
                .collect(),
            Change::Add(_) => (0..names.len() as u32).collect(),
        });
        let before = ring_for(&mut self.vnode_cache, p.vnodes, &names, &before_ids);
        let owners_before = before.assign(self.keys.positions());
        let (after, owners_after) = match &after_ids {
            Some(ids) => {
                let ring = ring_for(&mut self.vnode_cache, p.vnodes, &names, ids);
                let owners = ring.assign(self.keys.positions());
                (Some(ring), Some(owners))
            }
            None => (None, None),
        };

        let total = self.keys.len() as f64;
        let counts_before = stats::counts(&owners_before, names.len());
        let balance = Balance::of(&counts_before[..p.nodes.len()]);
        let counts_after = owners_after.as_ref().map(|o| stats::counts(o, names.len()));
        let balance_after = after_ids
            .as_ref()
            .zip(counts_after.as_ref())
            .map(|(ids, counts)| {
                Balance::of(&ids.iter().map(|&i| counts[i as usize]).collect::<Vec<_>>())
            });
        let rows = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let was = i < p.nodes.len();
                let stays = after_ids
                    .as_ref()
                    .is_some_and(|ids| ids.contains(&(i as u32)));
                let after = counts_after.as_ref().filter(|_| stays).map(|c| c[i]);
                let ba = balance_after.as_ref();
                NodeRow {
                    name: name.clone(),
                    keys: was.then(|| counts_before[i]),
                    share: was.then(|| counts_before[i] as f64 / total),
                    deviation: was.then(|| balance.deviation(counts_before[i])),
                    keys_after: after,
                    share_after: after.map(|k| k as f64 / total),
                    deviation_after: after.zip(ba).map(|(k, b)| b.deviation(k)),
                }
            })
            .collect();
        let movement = owners_after
            .as_ref()
            .zip(after_ids.as_ref())
            .map(|(after, ids)| {
                let (moved, flows) = stats::movement(&owners_before, after, names.len());
                let ideal_nodes = before_ids.len().max(ids.len()) as f64;
                let inputs: ModuloInputs = (p.keys, p.nodes.clone(), p.change.clone());
                let modulo_moved = match &self.modulo {
                    Some((cached, n)) if *cached == inputs => *n,
                    _ => {
                        let n = stats::modulo_moved(self.keys.positions(), &before_ids, ids);
                        self.modulo = Some((inputs, n));
                        n
                    }
                };
                let examples = stats::moved_examples(
                    &owners_before,
                    after,
                    self.keys.numbers(),
                    stats::MOVED_EXAMPLES,
                );
                Movement {
                    moved,
                    ideal: (total / ideal_nodes).round() as u64,
                    modulo_moved,
                    flows,
                    examples,
                }
            });
        self.report = Report {
            rows,
            balance,
            balance_after,
            movement,
        };
        self.names = names;
        self.before = before;
        self.after = after;
        self.owners_before = owners_before;
        self.owners_after = owners_after;
    }

    /// The arc under turn `at` (0..1, clockwise from the top), on the ring after the change if `after` and
    /// there is a change, else before it. `None` on an empty ring.
    pub fn arc_at(&self, at: f64, after: bool) -> Option<ArcInfo> {
        let pos = ((at.rem_euclid(1.0) * 18_446_744_073_709_551_616.0) as u64 as u128) << 64;
        self.arc(self.ring(after).slot_of(pos)?, after)
    }

    /// The arc of virtual node `j` (an index into the ring's positions), on the ring after the change if
    /// `after` and there is a change, else before it. `None` past the last one.
    pub fn arc(&self, j: usize, after: bool) -> Option<ArcInfo> {
        let ring = self.ring(after);
        let positions = ring.positions();
        let end = *positions.get(j)?;
        let start = positions[if j == 0 { positions.len() - 1 } else { j - 1 }];
        let node = ring.owners()[j];
        let name = &self.names[node as usize];
        let i = self.vnode_cache.index_of(name, end).unwrap_or(0);
        let keys = self.keys.positions();
        let upto = |p: Position| keys.partition_point(|&k| k <= p) as u64;
        let (keys, share) = if positions.len() == 1 {
            (keys.len() as u64, 1.0)
        } else if start < end {
            (upto(end) - upto(start), turn(end - start))
        } else {
            (
                keys.len() as u64 - upto(start) + upto(end),
                turn(end.wrapping_sub(start)),
            )
        };
        Some(ArcInfo {
            vnode: format!("{name}:{i}"),
            node,
            start: turn(start),
            end: turn(end),
            share,
            keys,
        })
    }

    fn ring(&self, after: bool) -> &Ring {
        match &self.after {
            Some(ring) if after => ring,
            _ => &self.before,
        }
    }

    /// The balance curve for the current nodes and keys, if [`App::compute_curve`] has run since they
    /// last changed.
    pub fn curve(&self) -> Option<&[CurvePoint]> {
        match &self.curve {
            Some((inputs, points)) if *inputs == self.curve_inputs() => Some(points),
            _ => None,
        }
    }

    /// The curve's last result, even if the nodes or keys have changed since (to show it as stale).
    pub fn last_curve(&self) -> Option<&[CurvePoint]> {
        self.curve.as_ref().map(|(_, points)| points.as_slice())
    }

    /// Computes how evenly the current keys spread over the current nodes at each of [`CURVE_VNODES`]
    /// virtual nodes: one ring and one linear merge per point. Costs up to ~10 rings' work, so the page
    /// runs it when the sliders rest.
    pub fn compute_curve(&mut self) -> &[CurvePoint] {
        let inputs = self.curve_inputs();
        if self.curve().is_none() {
            let names: Vec<&str> = self.params.nodes.iter().map(String::as_str).collect();
            let points = CURVE_VNODES
                .iter()
                .map(|&vnodes| {
                    let ring = self.vnode_cache.ring(&names, vnodes);
                    let owners = ring.assign(self.keys.positions());
                    CurvePoint {
                        vnodes,
                        balance: Balance::of(&stats::counts(&owners, names.len())),
                    }
                })
                .collect();
            self.curve = Some((inputs, points));
        }
        self.curve().expect("just computed")
    }

    fn curve_inputs(&self) -> CurveInputs {
        (self.params.nodes.clone(), self.params.keys)
    }

    /// What the course page's own script would print as "Keys moved" for this experiment, when it is the
    /// one that script runs (db2 removed from db1, db2, db3): it guesses each key's old node as db2 when
    /// `i % 3 == 1`, so it counts every third key, whatever the ring does (3333 for 10,000 keys).
    pub fn seed_printout(&self) -> Option<u64> {
        let p = &self.params;
        let seed_nodes = p.nodes.iter().map(String::as_str).eq(params::DEFAULT_NODES);
        (seed_nodes && p.change == Some(Change::Remove("db2".into())))
            .then(|| (p.keys as u64 + 1) / 3)
    }

    /// The inputs.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// What the last link had that was not used.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Names of every node in play, indexed by node id (the added node last).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The ring before the change.
    pub fn ring_before(&self) -> &Ring {
        &self.before
    }

    /// The ring after the change, if there is one.
    pub fn ring_after(&self) -> Option<&Ring> {
        self.after.as_ref()
    }

    /// The keys, sorted by position.
    pub fn keys(&self) -> &KeySet {
        &self.keys
    }

    /// Owner id of each key (in [`KeySet::positions`] order) before the change.
    pub fn owners_before(&self) -> &[u32] {
        &self.owners_before
    }

    /// Owner id of each key after the change, if there is one.
    pub fn owners_after(&self) -> Option<&[u32]> {
        self.owners_after.as_deref()
    }

    /// The numbers the page prints.
    pub fn report(&self) -> &Report {
        &self.report
    }
}

/// The ring of the nodes `ids` (indices into `names`), with owners as those ids.
fn ring_for(cache: &mut VnodeCache, vnodes: u32, names: &[String], ids: &[u32]) -> Ring {
    let chosen: Vec<&str> = ids.iter().map(|&i| names[i as usize].as_str()).collect();
    let mut ring = cache.ring(&chosen, vnodes);
    ring.relabel(ids);
    ring
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_example_moves_3114_keys() {
        let app = App::from_fragment("nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
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
            let pos = crate::ring::key_position(ex.key);
            assert_eq!((ex.from, before.owner_of(pos)), (1, Some(1)));
            assert_eq!(
                Some(ex.to),
                after.owner_of(pos).map(|o| if o == 0 { 0 } else { 2 })
            );
        }
        let first = m.examples[0].key;
        assert!((0..first).all(|i| before.owner_of(crate::ring::key_position(i)) != Some(1)));
    }

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
    fn seed_printout_is_every_third_key() {
        let app = App::from_fragment("nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
        let counted = (0..10_000u32).filter(|i| i % 3 == 1).count() as u64;
        assert_eq!(app.seed_printout(), Some(counted));
        assert_eq!(counted, 3333);
        assert_eq!(
            App::from_fragment("keys=101&remove=db2").seed_printout(),
            Some(34)
        );
        assert_eq!(App::from_fragment("remove=db1").seed_printout(), None);
        assert_eq!(
            App::from_fragment("nodes=db1,db2,db3,db4&remove=db2").seed_printout(),
            None
        );
    }

    #[test]
    fn node_count_keeps_custom_names_and_valid_change() {
        let mut app = App::from_fragment("nodes=a,b,c&remove=c");
        assert!(app.update(Msg::SetNodeCount(2)));
        assert_eq!(app.params().nodes, ["a", "b"]);
        assert_eq!(app.params().change, None, "the removed node is gone");
        assert!(app.update(Msg::SetNodeCount(4)));
        assert_eq!(app.params().nodes, ["a", "b", "db3", "db4"]);
        assert!(!app.update(Msg::SetNodeCount(4)));
    }

    #[test]
    fn arcs_under_the_pointer_partition_keys_and_ring() {
        let app = App::from_fragment("nodes=db1,db2,db3&vnodes=4&keys=1000&remove=db2");
        for after in [false, true] {
            let ring = if after {
                app.ring_after().unwrap()
            } else {
                app.ring_before()
            };
            // Visit every arc once, by a turn just before each position (wrapping to the first).
            let mut keys = 0;
            let mut share = 0.0;
            for &p in ring.positions() {
                let t = turn(p) - 1e-9;
                let arc = app.arc_at(t, after).unwrap();
                assert!((arc.end - turn(p)).abs() < 1e-12);
                let (name, i) = arc.vnode.split_once(':').unwrap();
                assert_eq!(
                    crate::ring::vnode_position(name, i.parse().unwrap()),
                    p,
                    "{}",
                    arc.vnode
                );
                assert_eq!(app.names()[arc.node as usize], name);
                keys += arc.keys;
                share += arc.share;
            }
            assert_eq!(keys, 1000);
            assert!((share - 1.0).abs() < 1e-9);
        }
        // One virtual node owns the whole ring.
        let one = App::from_fragment("nodes=db1&vnodes=1&keys=100");
        let arc = one.arc_at(0.3, false).unwrap();
        assert_eq!(
            (arc.vnode.as_str(), arc.keys, arc.share),
            ("db1:0", 100, 1.0)
        );
    }

    #[test]
    fn invalid_changes_are_refused() {
        let mut app = App::new(Params::default());
        assert!(!app.update(Msg::SetChange(Some(Change::Remove("zz".into())))));
        assert!(!app.update(Msg::SetChange(Some(Change::Add("db1".into())))));
        assert!(!app.update(Msg::SetChange(Some(Change::Add("<b>".into())))));
        assert!(app.update(Msg::SetChange(Some(Change::Add("db4".into())))));
        let rows = &app.report().rows;
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[3].keys, None);
        assert_eq!(
            rows.iter().filter_map(|r| r.keys_after).sum::<u64>(),
            10_000
        );
    }
}
