//! Staleness: the PBS model for the watched key's R in force and the latency environment, every (r, w)
//! from the same seeded trials, made [`PBS_CHUNK`] trials a unit ([`Pbs::begin`],
//! [`crate::consistency::pbs::MakingPbs::step`]).

use crate::consistency::latency::Env;
use crate::consistency::pbs::{MakingPbs, Pbs, PBS_CHUNK};
use crate::params::Params;
use std::rc::Rc;

/// What the model depends on: R in force, the environment, the trials and the seed.
type PbsInputs = (u32, Env, u32, u32);

/// The model, what it was made for, and the one being made.
#[derive(Default)]
pub(super) struct Staleness {
    made: Option<(PbsInputs, Rc<Pbs>)>,
    making: Option<(PbsInputs, MakingPbs)>,
}

impl Staleness {
    /// True when the model is that of the inputs.
    pub fn current(&self, p: &Params) -> bool {
        self.made.as_ref().is_some_and(|(i, _)| *i == inputs(p))
    }

    /// A unit: [`PBS_CHUNK`] more trials (the last unit finishes the model).
    pub fn advance(&mut self, p: &Params) {
        let inputs = inputs(p);
        let (replicas, env, trials, seed) = inputs;
        let mut making = match self.making.take() {
            Some((i, making)) if i == inputs => making,
            _ => Pbs::begin(replicas, env, trials, seed as u64),
        };
        match making.step(PBS_CHUNK) {
            Some(done) => self.made = Some((inputs, Rc::new(done))),
            None => self.making = Some((inputs, making)),
        }
    }

    /// Share of the trials of the model being made that are done (1 when none is being made).
    pub fn done(&self, p: &Params) -> f64 {
        match &self.making {
            Some((i, m)) if *i == inputs(p) => m.trials_done() as f64 / m.trials().max(1) as f64,
            _ => 0.0,
        }
    }

    /// The model, once made (possibly for older inputs: check [`Staleness::current`]).
    pub fn pbs(&self) -> Option<&Pbs> {
        self.made.as_ref().map(|(_, pbs)| pbs.as_ref())
    }
}

/// R in force: the replicas setting capped at the nodes after the change.
pub(super) fn replicas_in_force(p: &Params) -> u32 {
    p.replicas.min(p.nodes_after().len() as u32).max(1)
}

fn inputs(p: &Params) -> PbsInputs {
    (replicas_in_force(p), p.time.lat, p.time.trials, p.time.seed)
}
