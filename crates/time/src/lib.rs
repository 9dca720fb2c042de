//! Time made visible (`../shared/specs/consistency.md`): latency environments, the PBS model of staleness
//! (the closed form and the WARS Monte Carlo), a simulated history of one key's replicas under quorums,
//! failures and partitions, and the checker that places a history on the consistency spectrum. No web
//! dependency; everything is reproducible from the link (one seeded stream, [`latency::Rng`]).

pub mod check;
pub mod history;
pub mod latency;
pub mod pbs;
pub mod sim;
