//! The history the page shows for the watched key: the spec's simulation on the key's replicas (its
//! preference list in force, then the strategy's own order past it for sloppy quorums), or the link's
//! hand-made history in its place, judged against the consistency spectrum. Made in one unit (5 clients
//! × 20 ops is a few hundred events; judging a 100-op history a few ms).

use super::placing::Placing;
use super::stores::Stores;
use crate::consistency::check::{self, Stale, Verdict};
use crate::consistency::history::History;
use crate::consistency::sim::{self, Run, Setup};
use crate::params::time::Time;
use crate::params::Params;
use crate::ring::key_position;
use serde::Serialize;
use std::rc::Rc;

/// What the history depends on: the placements generation, R, the quorums, the down nodes, and the time
/// settings but the Monte Carlo's trials.
type TimelineInputs = (u64, u32, u32, u32, Vec<String>, Time);

/// The history shown, and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Shown {
    /// The watched key's nodes: its preference list in force (the first `replicas`), then every other
    /// node after the change in the strategy's order.
    pub order: Vec<String>,
    pub replicas: usize,
    /// The simulation (None when the link's hand-made history is shown instead).
    pub run: Option<Run>,
    /// The history judged: the run's, or the hand-made one.
    pub history: History,
    /// Its verdicts on the consistency spectrum (strongest first), and its stale reads.
    pub verdicts: Vec<Verdict>,
    pub stale: Vec<Stale>,
}

/// The shown history, and what it was made for.
#[derive(Default)]
pub(super) struct Timeline {
    made_for: Option<TimelineInputs>,
    shown: Option<Rc<Shown>>,
}

impl Timeline {
    /// True when the history shown is that of the inputs and placements.
    pub fn current(&self, p: &Params, placing: &Placing) -> bool {
        self.made_for.as_ref() == Some(&inputs(p, placing))
    }

    /// The one unit: the watched key's nodes, then its simulation (or the hand-made history).
    pub fn advance(&mut self, p: &Params, stores: &Stores, placing: &Placing, names: &[String]) {
        let order = watched_order(p, stores, placing, names);
        let replicas = (p.replicas as usize).min(order.len());
        let t = &p.time;
        let (run, history) = match &t.hist {
            Some(h) => (None, h.clone()),
            None => {
                let run = sim::simulate(&setup(p, order.clone(), replicas));
                let history = run.history.clone();
                (Some(run), history)
            }
        };
        self.shown = Some(Rc::new(Shown {
            order,
            replicas,
            run,
            verdicts: check::judge(&history),
            stale: check::stale_reads(&history),
            history,
        }));
        self.made_for = Some(inputs(p, placing));
    }

    /// The history shown, once made.
    pub fn shown(&self) -> Option<&Rc<Shown>> {
        self.shown.as_ref()
    }
}

/// The simulation's setup for the inputs and the watched key's nodes.
pub(super) fn setup(p: &Params, order: Vec<String>, replicas: usize) -> Setup {
    let t = &p.time;
    Setup {
        order,
        replicas,
        down: p.fail.clone(),
        read: p.read.min(replicas as u32),
        write: p.write.min(replicas as u32),
        mode: t.mode,
        reads: t.reads,
        env: t.lat,
        clients: t.clients,
        ops: t.ops,
        think_ms: t.think,
        writes_pct: t.writes,
        seed: t.seed as u64,
        split: t.split.clone(),
        from_ms: t.from,
        to_ms: t.to,
        cap: t.cap,
    }
}

/// The watched key's nodes in the system in force: its preference list by the strategy's rule, for
/// every node after the change (so the first R are its replicas, the rest the stand-ins' order).
fn watched_order(p: &Params, stores: &Stores, placing: &Placing, names: &[String]) -> Vec<String> {
    let keys = &stores.keys;
    let positions = keys.positions();
    let at = positions.partition_point(|&q| q < key_position(p.time.key));
    let Some(k) = (at..positions.len()).find(|&k| keys.numbers()[k] == p.time.key) else {
        return Vec::new();
    };
    let placed = placing.after().unwrap_or(placing.before());
    let after = placing.after().is_some();
    let nodes = if after {
        p.nodes_after().len()
    } else {
        p.nodes.len()
    };
    placed
        .table
        .replicas(&positions[k..=k], &placed.owners[k..=k], nodes, nodes)
        .into_iter()
        .map(|local| names[placing.node_id(after, local) as usize].clone())
        .collect()
}

/// What the history depends on, for the inputs and placements.
fn inputs(p: &Params, placing: &Placing) -> TimelineInputs {
    (
        placing.generation(),
        p.replicas,
        p.read,
        p.write,
        p.fail.clone(),
        Time {
            trials: 0,
            ..p.time.clone()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::App;

    #[test]
    fn the_watched_key_runs_on_its_preference_list_in_force() {
        for strategy in ["ring", "rendezvous", "modn", "ketama"] {
            for change in ["", "&remove=db2", "&add=db6"] {
                let app = App::from_fragment(&format!(
                    "nodes=db1,db2,db3,db4,db5&keys=2000&replicas=3&zipf=1.00&strategy={strategy}{change}"
                ));
                let shown = app.history().expect("made");
                let hot = app.report().service.hottest.as_ref().expect("s > 0");
                let replicas: Vec<&str> = hot
                    .replicas
                    .iter()
                    .map(|&id| app.names()[id as usize].as_str())
                    .collect();
                assert_eq!(shown.replicas, 3);
                assert_eq!(&shown.order[..3], replicas, "{strategy}{change}");
                // Past R, every other node after the change, once.
                let mut all = shown.order.clone();
                all.sort();
                let mut after = app.params().nodes_after();
                after.sort();
                assert_eq!(all, after, "{strategy}{change}");
                assert_eq!(shown.run.as_ref().unwrap().ops.len(), 18);
            }
        }
        // A hand-made history replaces the simulation; another watched key has other replicas.
        let app = App::from_fragment("replicas=2&key=5");
        assert_eq!(app.history().unwrap().order.len(), 3);
    }
}
