//! What the page prints: the [`Report`] the views read, one [`NodeRow`] per node of the load table, and
//! the [`Service`] numbers of replication, failures, requests and the cache. Counting
//! ([`super::counting`]) writes the rows' keys, balance and movement; serving ([`super::serving`])
//! writes the rest.

use crate::replication::{Availability, Requests};
use crate::stats::{Balance, Movement};
use serde::Serialize;

/// One node's line in the load table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeRow {
    pub name: String,
    /// Its weight (`weights=`; 1 unless given), whether or not the strategy reads weights.
    pub weight: u32,
    /// Keys before the change (`None` for an added node).
    pub keys: Option<u64>,
    /// Fraction of all keys before the change.
    pub share: Option<f64>,
    /// Its fair share of the keys before the change, `K·w/W` (`K/N` with every weight 1): the ideal load.
    pub fair: Option<f64>,
    /// Deviation from its fair share before the change (+0.1 = 10 % above).
    pub deviation: Option<f64>,
    /// Keys after the change (`None` without a change, or for a removed node).
    pub keys_after: Option<u64>,
    pub share_after: Option<f64>,
    /// Its fair share after the change, `K·w/W_after`.
    pub fair_after: Option<f64>,
    pub deviation_after: Option<f64>,
    /// Copies it holds (keys whose preference list contains it), before the change.
    pub copies: Option<u64>,
    /// Copies after the change (`None` without a change, or for a removed node).
    pub copies_after: Option<u64>,
    /// Marked down (`fail=`).
    pub down: bool,
    /// Its share of all requests in parts per million, in the system in force (after the change if there
    /// is one; `None` for a removed node).
    pub requests_ppm: Option<u64>,
    /// Its share of the requests that miss the cache, ppm.
    pub requests_after_cache_ppm: Option<u64>,
}

/// Everything the page prints, derived from the inputs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// The strategy these numbers are for.
    pub strategy: &'static str,
    pub rows: Vec<NodeRow>,
    pub balance: Balance,
    pub balance_after: Option<Balance>,
    pub movement: Option<Movement>,
    /// Why this strategy cannot make this change gracefully, when it cannot.
    pub change_note: Option<String>,
    /// Replication, failures, requests and the cache.
    pub service: Service,
}

/// Replication, failures, quorums, requests and the cache, for the system in force: after the change if
/// there is one (failures apply to the lists after it), else before it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Service {
    /// Replicas per key before the change: min(replicas, nodes).
    pub replicas: u32,
    /// Replicas per key after the change, if there is one.
    pub replicas_after: Option<u32>,
    /// Copies the change must create (names in a key's list after it that were not in it before).
    pub copies_moved: Option<u64>,
    /// Replicas per key in force, and the quorums.
    pub replicas_in_force: u32,
    pub read: u32,
    pub write: u32,
    /// r + w > replicas: every read quorum overlaps the latest write quorum.
    pub overlapping: bool,
    /// Nodes down (ids).
    pub down: Vec<u32>,
    pub availability: Availability,
    pub requests: Requests,
    /// The most requested key when popularity is skewed (s > 0): `user_0`.
    pub hottest: Option<HotKey>,
}

/// The hottest key, where it lives and what each live replica serves of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct HotKey {
    /// Key number: `user_{key}`.
    pub key: u32,
    /// Its share of all requests.
    pub share: f64,
    /// Its preference list in force (ids), and the live ones among them.
    pub replicas: Vec<u32>,
    pub live: Vec<u32>,
}
