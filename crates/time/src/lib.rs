//! Time made visible (`../shared/specs/consistency.md`): latency environments, the PBS model of staleness
//! (the closed form and the WARS Monte Carlo), a simulated history of one key's replicas under quorums,
//! failures and partitions, and the checker that places a history on the consistency spectrum. No web
//! dependency; everything is reproducible from the link (one seeded stream, [`latency::Rng`]).

pub mod check;
pub mod diagram;
pub mod history;
pub mod latency;
pub mod model;
pub mod pbs;
pub mod sim;

#[cfg(all(feature = "web", target_arch = "wasm32"))]
mod web;

/// A count with thousands separators: `1234567` → `"1,234,567"`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
