//! The time views' side of the app: what they are made from ([`Inputs`]: the watched key's nodes in
//! force, by the strategy's own rule, and the link's time settings, as plain data) and what they said
//! back ([`Summary`]). On the page the time views are a module of their own, loaded when they are needed
//! (`crates/time`), which makes and draws them and answers with their summary; natively the app makes
//! them itself with the same model, after the other numbers (tests and tools read them there).

use super::placing::Placing;
use super::stores::Stores;
use crate::consistency::model::{Inputs, Summary, Want};
use crate::consistency::sim::Setup;
use crate::params::Params;
use crate::ring::key_position;

/// The time views' results as the app knows them.
#[derive(Default)]
pub(super) struct TimeSide {
    /// What the time views last said, and the inputs they said it for.
    received: Option<(Inputs, Summary)>,
    /// Natively, the model itself.
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) model: crate::consistency::model::Model,
}

impl TimeSide {
    /// What the time views said, when it is for `inputs`.
    pub fn summary(&self, inputs: &Inputs) -> Option<&Summary> {
        self.received
            .as_ref()
            .filter(|(i, _)| i == inputs)
            .map(|(_, s)| s)
    }

    /// Keeps what the time views said for `inputs`.
    pub fn receive(&mut self, inputs: Inputs, summary: Summary) {
        self.received = Some((inputs, summary));
    }
}

/// The time views' inputs: the watched key's nodes in force, R, the quorums, the down nodes, the time
/// settings, the link's own history, and which of the two views are wanted.
pub(super) fn inputs(
    p: &Params,
    stores: &Stores,
    placing: &Placing,
    names: &[String],
    want: Want,
) -> Inputs {
    let order = watched_order(p, stores, placing, names);
    let replicas = (p.replicas as usize).min(order.len());
    let t = &p.time;
    Inputs {
        setup: Setup {
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
        },
        hist: t.hist.clone(),
        pbs_replicas: replicas_in_force(p),
        trials: t.trials,
        want,
    }
}

/// R in force: the replicas setting capped at the nodes after the change.
pub(super) fn replicas_in_force(p: &Params) -> u32 {
    p.replicas.min(p.nodes_after().len() as u32).max(1)
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

#[cfg(all(test, not(target_arch = "wasm32")))]
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
