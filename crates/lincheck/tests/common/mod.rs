//! Shared test helpers: an independent reference checker and the Porcupine fixtures.
#![allow(dead_code)]

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

use lincheck::model::{apply, State};
use lincheck::{History, Op};

/// Decides one key's ops by plain depth-first search over real-time-respecting orders (every
/// finite op placed, indeterminate ops placed or left out), with no pruning but an optional memo
/// of (placed set, state). `None` when `deadline` passes first.
pub fn reference(
    ops: &[&Op],
    initial: State,
    memo: bool,
    deadline: Option<Instant>,
) -> Option<bool> {
    reference_order(ops, initial, memo, deadline).map(|o| o.is_some())
}

/// Like [`reference`], with the order found when linearizable (indices into `ops`).
pub fn reference_order(
    ops: &[&Op],
    initial: State,
    memo: bool,
    deadline: Option<Instant>,
) -> Option<Option<Vec<usize>>> {
    let mut placed = vec![false; ops.len()];
    let mut seen = HashSet::new();
    let mut ticks = 0u64;
    let mut order = Vec::new();
    let found = dfs(
        ops,
        &mut placed,
        initial,
        memo,
        &mut seen,
        deadline,
        &mut ticks,
        &mut order,
    )?;
    Some(found.then_some(order))
}

#[allow(clippy::too_many_arguments)]
fn dfs(
    ops: &[&Op],
    placed: &mut Vec<bool>,
    state: State,
    memo: bool,
    seen: &mut HashSet<(Vec<bool>, State)>,
    deadline: Option<Instant>,
    ticks: &mut u64,
    order: &mut Vec<usize>,
) -> Option<bool> {
    *ticks += 1;
    if ticks.is_multiple_of(4096) && deadline.is_some_and(|d| Instant::now() > d) {
        return None;
    }
    let finite_left = ops
        .iter()
        .zip(placed.iter())
        .any(|(o, &p)| !p && o.ret.is_some());
    if !finite_left {
        return Some(true);
    }
    if memo && !seen.insert((placed.clone(), state.clone())) {
        return Some(false);
    }
    for i in 0..ops.len() {
        if placed[i] {
            continue;
        }
        // i may come next iff no unplaced op returned before i's call.
        let blocked = ops
            .iter()
            .zip(placed.iter())
            .any(|(o, &p)| !p && o.ret.is_some_and(|r| r < ops[i].call));
        if blocked {
            continue;
        }
        if let Some(next) = apply(&state, ops[i]) {
            placed[i] = true;
            order.push(i);
            let r = dfs(ops, placed, next, memo, seen, deadline, ticks, order);
            if r == Some(true) {
                return r;
            }
            order.pop();
            placed[i] = false;
            match r {
                Some(true) => return Some(true),
                None => return None,
                Some(false) => {}
            }
        }
    }
    Some(false)
}

/// The ops of key number `k` of `h`.
pub fn key_ops(h: &History, k: usize) -> Vec<&Op> {
    h.keys()[k].ops.iter().map(|&i| &h.ops()[i]).collect()
}

/// Porcupine's `test_data/`, committed as this crate's fixtures (`tests/fixtures/porcupine`).
pub fn porcupine_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/porcupine")
}
