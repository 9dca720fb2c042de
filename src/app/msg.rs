//! What a user can do ([`Msg`]) and how an intent changes the inputs ([`App::apply`]): clamped, checked
//! and normalised as a link's values are, so that the address always says exactly what is shown.

use super::App;
use crate::consistency::latency::Env;
use crate::consistency::sim::{Cap, Mode, Reads};
use crate::params::{self, time, Change, Params};
use crate::strategy;

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
    /// Give the named node (one of the nodes, or the one the change adds) this weight, clamped to 1–10.
    SetWeight(String, u32),
    /// Partition with the strategy of this link name (`ring`, `modn`, …).
    SetStrategy(String),
    /// Use this many virtual shards (strategy `shards`).
    SetShards(u32),
    /// Use this bounded-loads factor, in hundredths (strategy `bounded`).
    SetC(u32),
    /// Keep this many replicas of each key (1..=5).
    SetReplicas(u32),
    /// Use this read quorum r (1..=replicas).
    SetReadQuorum(u32),
    /// Use this write quorum w (1..=replicas).
    SetWriteQuorum(u32),
    /// Mark the named node down (true) or up again (false).
    SetDown(String, bool),
    /// Use this Zipf exponent, in hundredths (0 = every key equally popular).
    SetZipf(u32),
    /// Put the this many most requested keys in a cache in front of the nodes.
    SetCache(u32),
    /// Watch this key (`user_{n}`) in the time views.
    SetWatchedKey(u32),
    /// Use this latency environment.
    SetLatency(Env),
    /// Run this many Monte Carlo trials.
    SetTrials(u32),
    /// Simulate this many clients.
    SetClients(u32),
    /// Give each client this many ops.
    SetOps(u32),
    /// Use this mean think time (ms).
    SetThink(u32),
    /// Make this percentage of ops writes.
    SetWrites(u32),
    /// Use this seed for the simulation and the Monte Carlo.
    SetSeed(u32),
    /// Coordinate by quorums or through a primary.
    SetMode(Mode),
    /// Send primary-mode reads here.
    SetReads(Reads),
    /// Choose consistency or availability when partitioned.
    SetCap(Cap),
    /// Put the named node or client (`c1` …) on side B of the partition (true) or not.
    SetSideB(String, bool),
    /// Time the partition: from, and to (None: to the end of the run), ms.
    SetWindow(u32, Option<u32>),
    /// Show the simulation instead of the link's hand-made history.
    DropHistory,
    /// Take every input from a link's fragment.
    OpenFragment(String),
    /// Leave the tour, keeping the experiment.
    LeaveTour,
    /// Open the page at this part (None: the top).
    SetPart(Option<crate::params::tours::Part>),
    /// Hide the notices about the last link.
    DismissNotices,
    /// Carry this real history in the link (`check=`: a preset's name or the compressed text), or none
    /// (the text is too long for a link, or empty).
    SetCheck(Option<String>),
    /// Open the "Check a real history" section on this preset (`p.NAME`), keeping the experiment.
    OpenCheck(String),
}

impl Msg {
    /// True when this intent makes `older` (still waiting) pointless: the same slider or menu, or the same
    /// node's "down" box.
    pub fn replaces(&self, older: &Msg) -> bool {
        match (self, older) {
            (Msg::SetDown(a, _), Msg::SetDown(b, _))
            | (Msg::SetSideB(a, _), Msg::SetSideB(b, _))
            | (Msg::SetWeight(a, _), Msg::SetWeight(b, _)) => a == b,
            _ => std::mem::discriminant(self) == std::mem::discriminant(older),
        }
    }
}

impl App {
    /// Applies a user intent to the inputs only; true when anything shown changed. [`App::advance`] then
    /// makes the numbers current.
    pub fn apply(&mut self, msg: Msg) -> bool {
        let mut next = self.params.clone();
        match msg {
            Msg::SetNodeCount(n) => {
                let n = n.clamp(params::NODES_MIN, params::NODES_MAX);
                next.nodes.truncate(n);
                while next.nodes.len() < n {
                    let name = params::unused_name(&next.nodes, next.nodes.len() + 1);
                    next.nodes.push(name);
                }
                // An addition whose name the new nodes took moves to the next free name, with its
                // weight (the new node of its old name weighs 1); any other change that no longer
                // applies (its node is gone, or it is the only one) is dropped. Weights of nodes gone
                // go with them (normalize).
                next.change = match next.change.take() {
                    Some(Change::Add(x)) if next.nodes.contains(&x) => {
                        let y = params::unused_name(&next.nodes, n + 1);
                        let w = next.weights.take(&x);
                        next.weights.set(&y, w);
                        Some(Change::Add(y))
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
            Msg::SetWeight(name, w) => {
                // Only a node in play carries a weight: any other name changes nothing.
                if !next.nodes_in_play().contains(&name.as_str()) {
                    return false;
                }
                let w = w.clamp(strategy::WEIGHT_MIN, strategy::WEIGHT_MAX);
                next.weights.set(&name, w);
            }
            Msg::SetStrategy(name) => match strategy::by_name(&name) {
                Some(s) => next.strategy = s.name(),
                None => return false,
            },
            Msg::SetShards(n) => next.shards = n.clamp(params::SHARDS_MIN, params::SHARDS_MAX),
            Msg::SetC(c100) => {
                let c100 = c100.clamp(params::C100_MIN, params::C100_MAX);
                next.c100 = c100 - c100 % params::C100_STEP;
            }
            Msg::SetReplicas(r) => {
                next.replicas = r.clamp(params::REPLICAS_MIN, params::REPLICAS_MAX)
            }
            Msg::SetReadQuorum(q) => next.read = q,
            Msg::SetWriteQuorum(q) => next.write = q,
            Msg::SetDown(name, down) => {
                next.fail.retain(|n| *n != name);
                if down {
                    next.fail.push(name);
                }
            }
            Msg::SetZipf(s100) => next.zipf100 = s100,
            Msg::SetCache(c) => next.cache = c,
            Msg::SetWatchedKey(k) => next.time.key = k,
            Msg::SetLatency(env) => next.time.lat = env,
            Msg::SetTrials(n) => next.time.trials = n.clamp(time::TRIALS_MIN, time::TRIALS_MAX),
            Msg::SetClients(n) => next.time.clients = n.clamp(1, time::CLIENTS_MAX),
            Msg::SetOps(n) => next.time.ops = n.clamp(1, time::OPS_MAX),
            Msg::SetThink(ms) => next.time.think = ms.clamp(1, time::THINK_MAX),
            Msg::SetWrites(pct) => next.time.writes = pct.min(100),
            Msg::SetSeed(seed) => next.time.seed = seed.min(time::SEED_MAX),
            Msg::SetMode(mode) => next.time.mode = mode,
            Msg::SetReads(reads) => next.time.reads = reads,
            Msg::SetCap(cap) => next.time.cap = cap,
            Msg::SetSideB(name, b) => {
                next.time.split.retain(|n| *n != name);
                if b {
                    next.time.split.push(name);
                }
            }
            Msg::SetWindow(from, to) => {
                next.time.from = from.min(time::WINDOW_MAX_MS);
                next.time.to = to.filter(|&t| t < time::WINDOW_MAX_MS);
            }
            Msg::DropHistory => next.time.hist = None,
            Msg::DismissNotices => return !std::mem::take(&mut self.notices).is_empty(),
            Msg::LeaveTour => next.tour = None,
            Msg::SetPart(part) => next.part = part,
            Msg::SetCheck(value) => {
                let mut notices = Vec::new();
                next.check = value.and_then(|v| params::check::parse(&v, &mut notices));
            }
            Msg::OpenCheck(preset) => {
                let mut notices = Vec::new();
                next.check = params::check::parse(&preset, &mut notices);
                next.part = Some(crate::params::tours::Part::Check);
            }
            Msg::OpenFragment(fragment) => {
                let (parsed, notices) = Params::from_fragment(&fragment);
                let changed = parsed != self.params || notices != self.notices;
                self.notices = notices;
                if parsed != self.params {
                    self.params = parsed;
                }
                return changed;
            }
        }
        next.normalize();
        if next == self.params {
            return false;
        }
        let nodes_changed = next.nodes != self.params.nodes;
        self.params = next;
        self.notices.clear();
        if nodes_changed {
            self.stores.keep_nodes_of(&self.params);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn strategy_switches_keep_the_link_exact() {
        let mut app = App::from_fragment("strategy=shards&shards=500");
        assert!(app.update(Msg::SetStrategy("ring".into())));
        assert_eq!(
            app.params().shards,
            params::SHARDS_DEFAULT,
            "not ring's setting"
        );
        assert!(!app.update(Msg::SetStrategy("nonsense".into())));
        assert!(app.update(Msg::SetStrategy("bounded".into())));
        assert!(app.update(Msg::SetC(172)));
        assert_eq!(app.params().c100, 170);
        assert_eq!(
            app.params().to_fragment(),
            "v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&strategy=bounded&c=1.70"
        );
        // A slider the strategy does not read changes nothing it shows.
        let mut maglev = App::from_fragment("strategy=maglev&remove=db1");
        let (before, generation) = (maglev.report().clone(), maglev.generation());
        assert!(maglev.update(Msg::SetVnodes(7)));
        assert_eq!(maglev.report(), &before);
        assert_eq!(maglev.generation(), generation, "nothing recomputed");
        assert!(maglev.update(Msg::SetKeys(2000)));
        assert_ne!(maglev.generation(), generation);
        assert!(maglev.ring_before().is_none());
        // Maglev's table, not a ring: the entry under the pointer.
        assert!(maglev
            .arc_at(0.5, false)
            .unwrap()
            .vnode
            .starts_with("Maglev entry 32,768 of"));
    }

    #[test]
    fn replication_intents_keep_the_link_exact() {
        let mut app = App::from_fragment("nodes=db1,db2,db3,db4&vnodes=100&keys=5000&remove=db4");
        assert!(app.update(Msg::SetReplicas(3)));
        assert!(app.update(Msg::SetReadQuorum(2)));
        assert!(app.update(Msg::SetWriteQuorum(9)), "clamped to R");
        assert_eq!(app.params().write, 3);
        assert!(app.update(Msg::SetDown("db1".into(), true)));
        // A removed node cannot fail: nothing changes.
        assert!(!app.update(Msg::SetDown("db4".into(), true)));
        assert!(app.update(Msg::SetZipf(80)));
        assert!(app.update(Msg::SetCache(50)));
        assert_eq!(
            app.params().to_fragment(),
            "v=1&nodes=db1,db2,db3,db4&vnodes=100&keys=5000&replicas=3&r=2&w=3&zipf=0.80&cache=50&remove=db4&fail=db1"
        );
        let s = &app.report().service;
        assert_eq!(
            (s.replicas, s.replicas_after, s.copies_moved),
            (3, Some(3), Some(3450))
        );
        assert_eq!(s.down, vec![0]);
        // Three nodes after the change, db1 down: every key keeps two live replicas of three.
        assert_eq!(s.availability.unavailable, 0);
        assert_eq!(s.availability.unwritable, 5000);
        assert!(s.overlapping);
        // Lowering R lowers the quorums; fewer keys lower the cache.
        assert!(app.update(Msg::SetReplicas(1)));
        assert_eq!((app.params().read, app.params().write), (1, 1));
        assert!(app.update(Msg::SetKeys(100)));
        assert_eq!(app.params().cache, 50);
        assert!(app.update(Msg::SetCache(5000)));
        assert_eq!(app.params().cache, 100);
        // Failures follow the nodes: fewer nodes drop a failed one that left.
        assert!(app.update(Msg::SetDown("db2".into(), true)));
        assert_eq!(app.params().fail, ["db1", "db2"]);
        assert!(app.update(Msg::SetNodeCount(1)));
        assert_eq!(app.params().fail, ["db1"]);
        assert!(Msg::SetDown("a".into(), true).replaces(&Msg::SetDown("a".into(), false)));
        assert!(!Msg::SetDown("a".into(), true).replaces(&Msg::SetDown("b".into(), true)));
    }

    #[test]
    fn weights_are_set_clamped_refused_and_follow_the_nodes() {
        let mut app = App::from_fragment("nodes=db1,db2,db3,db4&vnodes=100&keys=5000");
        assert!(app.update(Msg::SetWeight("db1".into(), 3)));
        assert!(!app.update(Msg::SetWeight("db1".into(), 3)), "no change");
        assert_eq!(
            app.params().to_fragment(),
            "v=1&nodes=db1,db2,db3,db4&vnodes=100&keys=5000&weights=db1:3"
        );
        assert_eq!(app.report().rows[0].keys, Some(2585), "strategies.md");
        // Not a node in play: refused; out of range: clamped; 1: off the link.
        assert!(!app.update(Msg::SetWeight("db5".into(), 2)));
        assert!(!app.update(Msg::SetWeight("<b>".into(), 2)));
        assert!(app.update(Msg::SetWeight("db2".into(), 40)));
        assert_eq!(app.params().weight("db2"), 10);
        assert!(app.update(Msg::SetWeight("db2".into(), 0)));
        assert_eq!(app.params().weight("db2"), 1);
        // The node a change adds may carry one; dropping the addition drops it.
        assert!(app.update(Msg::SetChange(Some(Change::Add("db5".into())))));
        assert!(app.update(Msg::SetWeight("db5".into(), 2)));
        assert!(app
            .params()
            .to_fragment()
            .ends_with("&add=db5&weights=db1:3,db5:2"));
        assert_eq!(app.report().movement.as_ref().unwrap().moved, 1168);
        // More nodes take the added name: the addition moves to the next free one with its weight,
        // and the new db5 weighs 1.
        assert!(app.update(Msg::SetNodeCount(5)));
        assert_eq!(app.params().change, Some(Change::Add("db6".into())));
        assert_eq!(
            (app.params().weight("db5"), app.params().weight("db6")),
            (1, 2)
        );
        // Fewer nodes: the weights of the nodes gone go with them; back again, they weigh 1.
        assert!(app.update(Msg::SetChange(None)));
        assert_eq!(app.params().weight("db6"), 1);
        assert!(app.update(Msg::SetWeight("db4".into(), 5)));
        assert!(app.update(Msg::SetNodeCount(3)));
        assert!(app.update(Msg::SetNodeCount(4)));
        assert_eq!(
            app.params().weights.of_nodes(&app.params().nodes),
            [3, 1, 1, 1]
        );
        // A removed node keeps its weight (it is in the list before the change).
        assert!(app.update(Msg::SetChange(Some(Change::Remove("db1".into())))));
        assert_eq!(app.params().weight("db1"), 3);
        assert_eq!(app.report().movement.as_ref().unwrap().moved, 2585);
        assert!(Msg::SetWeight("a".into(), 2).replaces(&Msg::SetWeight("a".into(), 5)));
        assert!(!Msg::SetWeight("a".into(), 2).replaces(&Msg::SetWeight("b".into(), 2)));
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
