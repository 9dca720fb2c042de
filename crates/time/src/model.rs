//! The time views' model: what they are made from ([`Inputs`], plain data the page's core sends), the
//! two results made from it a bounded unit at a time (the watched key's history and its verdicts; the
//! PBS model), and what the core reads back of them ([`Summary`], for the tour's captions and the link).

use crate::check::{self, Stale, Verdict};
use crate::history::{History, Kind};
use crate::latency::Env;
use crate::pbs::{MakingPbs, Pbs, PbsRow, PBS_CHUNK};
use crate::sim::{self, Run, Setup};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Everything the time views are made from: the core computes it from the link and the watched key's
/// nodes in force (its preference list by the strategy's rule), and sends it as plain data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inputs {
    /// The simulation's setup: the watched key's nodes, R, the quorums, the down nodes, the settings.
    pub setup: Setup,
    /// The link's hand-made history (`hist=`), shown and judged in place of the simulation.
    pub hist: Option<History>,
    /// The PBS model's inputs: R in force (the replicas setting capped at the nodes after the change),
    /// and its trials (its environment and seed are the setup's).
    pub pbs_replicas: u32,
    pub trials: u32,
    /// Which of the two views are wanted (the compact view may show one).
    pub want: Want,
}

/// What the views read beyond the inputs: the compact view or the full page, the watched key's number,
/// and the link's quorums (the staleness table marks the row of r and w in force).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    pub embed: bool,
    pub key: u32,
    pub read: u32,
    pub write: u32,
}

/// Which time views are made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Want {
    /// The watched key's history and its verdicts.
    pub history: bool,
    /// The staleness model (PBS).
    pub staleness: bool,
}

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

/// A stage of the time views' work, for progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// The watched key's history: simulated (or the link's), judged.
    History,
    /// The PBS model's trials.
    Staleness,
}

impl Stage {
    /// What the progress line says.
    pub fn label(self) -> &'static str {
        match self {
            Stage::History => "Simulating a history",
            Stage::Staleness => "Staleness trials",
        }
    }
}

/// The time views' results, made from [`Inputs`] a unit at a time ([`Model::advance`]).
#[derive(Default)]
pub struct Model {
    history: Option<(Inputs, Rc<Shown>)>,
    staleness: Option<(PbsInputs, Rc<Pbs>)>,
    making: Option<(PbsInputs, MakingPbs)>,
}

/// What the PBS model depends on: R in force, the environment, the trials and the seed.
type PbsInputs = (u32, Env, u32, u64);

fn pbs_inputs(i: &Inputs) -> PbsInputs {
    (i.pbs_replicas, i.setup.env, i.trials, i.setup.seed)
}

/// What the history depends on: everything but the Monte Carlo's trials and the PBS model's R.
fn history_inputs(i: &Inputs) -> Inputs {
    Inputs {
        trials: 0,
        pbs_replicas: 0,
        want: Want::default(),
        ..i.clone()
    }
}

impl Model {
    /// The stage the next unit of work for `inputs` belongs to; None when everything wanted is current.
    pub fn next_stage(&self, inputs: &Inputs) -> Option<Stage> {
        if inputs.want.history && !self.history_current(inputs) {
            Some(Stage::History)
        } else if inputs.want.staleness && !self.staleness_current(inputs) {
            Some(Stage::Staleness)
        } else {
            None
        }
    }

    /// One unit of work for `inputs`, with about `trials` of the PBS model's trials when that is the
    /// stage (the history is one unit: 5 clients × 20 ops is a few hundred events, its judging a few
    /// ms). False when there was nothing to do.
    pub fn advance(&mut self, inputs: &Inputs, trials: u32) -> bool {
        match self.next_stage(inputs) {
            None => false,
            Some(Stage::History) => {
                let shown = make_history(inputs);
                self.history = Some((history_inputs(inputs), Rc::new(shown)));
                true
            }
            Some(Stage::Staleness) => {
                let key = pbs_inputs(inputs);
                let mut making = match self.making.take() {
                    Some((k, making)) if k == key => making,
                    _ => Pbs::begin(key.0, key.1, key.2, key.3),
                };
                match making.step(trials.max(1)) {
                    Some(done) => self.staleness = Some((key, Rc::new(done))),
                    None => self.making = Some((key, making)),
                }
                true
            }
        }
    }

    /// Every unit for `inputs`, at once.
    pub fn make(&mut self, inputs: &Inputs) {
        while self.advance(inputs, PBS_CHUNK) {}
    }

    /// Share of the current stage done (the trials of the PBS model being made; 0 for the history).
    pub fn done(&self, inputs: &Inputs) -> f64 {
        match &self.making {
            Some((k, m)) if *k == pbs_inputs(inputs) => {
                m.trials_done() as f64 / m.trials().max(1) as f64
            }
            _ => 0.0,
        }
    }

    fn history_current(&self, inputs: &Inputs) -> bool {
        self.history
            .as_ref()
            .is_some_and(|(i, _)| *i == history_inputs(inputs))
    }

    fn staleness_current(&self, inputs: &Inputs) -> bool {
        self.staleness
            .as_ref()
            .is_some_and(|(k, _)| *k == pbs_inputs(inputs))
    }

    /// The history last made (possibly for older inputs).
    pub fn history(&self) -> Option<&Rc<Shown>> {
        self.history.as_ref().map(|(_, s)| s)
    }

    /// The PBS model last made (possibly for older inputs).
    pub fn staleness(&self) -> Option<&Rc<Pbs>> {
        self.staleness.as_ref().map(|(_, p)| p)
    }

    /// The history, when it is that of `inputs`.
    pub fn current_history(&self, inputs: &Inputs) -> Option<&Rc<Shown>> {
        self.history().filter(|_| self.history_current(inputs))
    }

    /// The PBS model, when it is that of `inputs`.
    pub fn current_staleness(&self, inputs: &Inputs) -> Option<&Rc<Pbs>> {
        self.staleness().filter(|_| self.staleness_current(inputs))
    }

    /// What the core reads of the results current for `inputs`.
    pub fn summary(&self, inputs: &Inputs) -> Summary {
        Summary {
            pbs: self
                .current_staleness(inputs)
                .map(|pbs| PbsSummary::of(pbs)),
            history: self
                .current_history(inputs)
                .map(|shown| HistorySummary::of(shown)),
        }
    }
}

/// The history of the inputs: the simulation on the watched key's nodes, or the link's own, judged.
fn make_history(inputs: &Inputs) -> Shown {
    let setup = &inputs.setup;
    let (run, history) = match &inputs.hist {
        Some(h) => (None, h.clone()),
        None => {
            let run = sim::simulate(setup);
            let history = run.history.clone();
            (Some(run), history)
        }
    };
    Shown {
        order: setup.order.clone(),
        replicas: setup.replicas,
        run,
        verdicts: check::judge(&history),
        stale: check::stale_reads(&history),
        history,
    }
}

/// What the core reads back of the time views (plain data): the numbers a tour step's caption names,
/// and the history as text for its link.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub pbs: Option<PbsSummary>,
    pub history: Option<HistorySummary>,
}

/// The PBS model's table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PbsSummary {
    /// R of the model.
    pub replicas: u32,
    /// Every (r, w), ordered r then w.
    pub rows: Vec<PbsRow>,
}

impl PbsSummary {
    fn of(pbs: &Pbs) -> PbsSummary {
        PbsSummary {
            replicas: pbs.replicas,
            rows: pbs.rows().to_vec(),
        }
    }

    /// Row (r, w), both in 1..=R.
    pub fn row(&self, r: u32, w: u32) -> &PbsRow {
        let (r, w) = (r.clamp(1, self.replicas), w.clamp(1, self.replicas));
        &self.rows[((r - 1) * self.replicas + (w - 1)) as usize]
    }
}

/// The history's counts and its strongest guarantee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistorySummary {
    /// Ops in the history, reads that returned, failed ops, stale reads.
    pub ops: usize,
    pub reads: usize,
    pub failed: usize,
    pub stale: usize,
    /// The strongest guarantee the history keeps, by its title; None when it keeps none.
    pub strongest: Option<String>,
    /// The history in the link's `hist=` format (times to the µs).
    pub text: String,
}

impl HistorySummary {
    fn of(shown: &Shown) -> HistorySummary {
        let count = |kind: Kind| shown.history.ops.iter().filter(|o| o.kind == kind).count();
        HistorySummary {
            ops: shown.history.ops.len(),
            reads: count(Kind::Read),
            failed: count(Kind::Failed),
            stale: shown.stale.len(),
            strongest: shown
                .verdicts
                .iter()
                .find(|v| v.holds)
                .map(|v| v.guarantee.title().to_owned()),
            text: shown.history.to_text(),
        }
    }
}
