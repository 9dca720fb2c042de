//! Every strategy on the same nodes, keys and change, side by side: balance, keys moved against the ideal,
//! the cost of one lookup, and the size of the lookup structure.

use crate::ring::KeySet;
use crate::stats::{self, Balance};
use crate::strategy::{
    total, Input, KeyRef, Placed, PlacingInParts, Step, Strategy, Table, ALL, PARTS_CHUNK,
};
use serde::Serialize;

/// One strategy's line in the comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CompareRow {
    /// The strategy's link name.
    pub strategy: &'static str,
    /// Balance of the nodes before the change.
    pub balance: Balance,
    /// Balance after the change, if there is one.
    pub balance_after: Option<Balance>,
    /// Keys whose owner (by name) differs after the change.
    pub moved: Option<u64>,
    /// The least any scheme must move (the removed node's fair share `K·w(X)/W`, or the added node's
    /// `K·w(Y)/W_after`).
    pub ideal: Option<u64>,
    /// Time of one lookup, in nanoseconds, measured with the caller's clock on a sample of the keys.
    pub lookup_ns: f64,
    /// Bytes of the lookup structure before the change.
    pub bytes: usize,
}

impl CompareRow {
    /// Keys moved ÷ the ideal minimum.
    pub fn moved_over_ideal(&self) -> Option<f64> {
        match (self.moved, self.ideal) {
            (Some(m), Some(i)) if i > 0 => Some(m as f64 / i as f64),
            _ => None,
        }
    }
}

/// Keys a lookup is timed on: the lowest-numbered ones, in number order (so positions are random).
pub const LOOKUP_SAMPLE: u32 = 20_000;
/// A lookup timing is repeated until it spans at least this long (the browser's clock is coarse).
pub const LOOKUP_MIN_MS: f64 = 2.0;
/// Timings per lookup structure; the fastest counts (the first ones may run before the browser has
/// optimised the code, or be interrupted).
pub const LOOKUP_ROUNDS: usize = 5;

/// Runs every strategy of [`ALL`] on `nodes` (and the change, if any). `clock` reads a time in
/// milliseconds (`performance.now()` in the page, an `Instant` natively).
pub fn compare(
    input: &mut Input,
    nodes: &[&str],
    change: Option<Step>,
    clock: &mut dyn FnMut() -> f64,
) -> Vec<CompareRow> {
    ALL.iter()
        .map(|&strategy| row(strategy, input, nodes, change, clock))
        .collect()
}

/// One strategy's row: placed on `nodes`, changed, counted, and its lookups timed.
pub fn row(
    strategy: &'static dyn Strategy,
    input: &mut Input,
    nodes: &[&str],
    change: Option<Step>,
    clock: &mut dyn FnMut() -> f64,
) -> CompareRow {
    let mut making = MakingRow::new(strategy);
    loop {
        if let Some(row) = making.step(input, nodes, change, clock) {
            return row;
        }
    }
}

/// Balance before and after the change, keys moved and the ideal.
type Counted = (Balance, Option<Balance>, Option<u64>, Option<u64>);

/// A row being made a bounded step at a time ([`MakingRow::step`]): the placement (in parts of
/// [`PARTS_CHUNK`] keys for a strategy that asks for it), then the change and the counts, then the
/// lookups warmed, then each of the [`LOOKUP_ROUNDS`] timings. The same row as [`row`].
pub struct MakingRow {
    strategy: &'static dyn Strategy,
    /// The placement so far, while placing in parts.
    parts: Option<PlacingInParts>,
    before: Option<Placed>,
    /// Balance before and after, keys moved and the ideal, once the change is made.
    counted: Option<Counted>,
    /// The keys the lookups are timed on, once warmed.
    sample: Option<Vec<KeyRef>>,
    timings: Vec<f64>,
}

impl MakingRow {
    pub fn new(strategy: &'static dyn Strategy) -> MakingRow {
        MakingRow {
            strategy,
            parts: None,
            before: None,
            counted: None,
            sample: None,
            timings: Vec::with_capacity(LOOKUP_ROUNDS),
        }
    }

    /// One bounded step; the row once it is complete. Call with the same arguments every time.
    pub fn step(
        &mut self,
        input: &mut Input,
        nodes: &[&str],
        change: Option<Step>,
        clock: &mut dyn FnMut() -> f64,
    ) -> Option<CompareRow> {
        let strategy = self.strategy;
        let Some(before) = &self.before else {
            self.place(input, nodes);
            return None;
        };
        let Some((balance, balance_after, moved, ideal)) = &self.counted else {
            let k = input.keys.len() as f64;
            let counts = stats::counts(&before.owners, nodes.len());
            // Balance against each node's fair share K·w/W, whether or not the strategy reads weights.
            let weights = input.settings.weights.of_nodes(nodes);
            let (balance_after, moved, ideal) = match change {
                Some(step) => {
                    let after = strategy.change(input, nodes, step, before);
                    let after_nodes = step.apply(nodes);
                    let after_weights = input.settings.weights.of_nodes(&after_nodes);
                    let counts = stats::counts(&after.owners, after_nodes.len());
                    let moved = step.moved(&before.owners, &after.owners);
                    // The removed node's fair share K·w(X)/W, or the added one's K·w(Y)/W_after.
                    let (w, of) = match step {
                        Step::Remove(x) => (weights[x], &weights),
                        Step::Add(_) => (after_weights[after_nodes.len() - 1], &after_weights),
                    };
                    let ideal = stats::fair_share(k, w, total(of)).round() as u64;
                    let balance = Balance::weighted(&counts, &after_weights);
                    (Some(balance), Some(moved), Some(ideal))
                }
                None => (None, None, None),
            };
            let balance = Balance::weighted(&counts, &weights);
            self.counted = Some((balance, balance_after, moved, ideal));
            return None;
        };
        let table = before.table.as_ref();
        let Some(sample) = &self.sample else {
            let sample = lookup_sample(input.keys);
            warm_lookups(table, &sample);
            self.sample = Some(sample);
            return None;
        };
        if self.timings.len() < LOOKUP_ROUNDS {
            self.timings.push(time_round(table, sample, clock));
            if self.timings.len() < LOOKUP_ROUNDS {
                return None;
            }
        }
        let lookup_ns = if sample.is_empty() {
            0.0
        } else {
            self.timings.iter().copied().fold(f64::INFINITY, f64::min)
        };
        Some(CompareRow {
            strategy: strategy.name(),
            balance: balance.clone(),
            balance_after: balance_after.clone(),
            moved: *moved,
            ideal: *ideal,
            lookup_ns,
            bytes: table.bytes(),
        })
    }

    /// The placement before the change: whole, or the next part of it.
    fn place(&mut self, input: &mut Input, nodes: &[&str]) {
        if !self.strategy.place_in_parts() {
            self.before = Some(self.strategy.place(input, nodes));
            return;
        }
        let parts = match &mut self.parts {
            Some(parts) => parts,
            none => none.insert(PlacingInParts::begin(self.strategy, input, nodes)),
        };
        if parts.step(input.keys, PARTS_CHUNK) {
            self.before = self.parts.take().map(PlacingInParts::finish);
        }
    }
}

/// The keys numbered below [`LOOKUP_SAMPLE`], in number order.
fn lookup_sample(keys: &KeySet) -> Vec<KeyRef> {
    let mut sample: Vec<KeyRef> = keys
        .numbers()
        .iter()
        .zip(keys.positions())
        .filter(|(&number, _)| number < LOOKUP_SAMPLE)
        .map(|(&number, &position)| KeyRef { number, position })
        .collect();
    sample.sort_unstable_by_key(|k| k.number);
    sample
}

/// One untimed pass over `sample`, so that a just-in-time compiler can optimise the lookup before it is
/// timed.
fn warm_lookups(table: &dyn Table, sample: &[KeyRef]) {
    let warm: u32 = sample
        .iter()
        .fold(0, |s, &k| s.wrapping_add(table.lookup(k)));
    std::hint::black_box(warm);
}

/// One timing: the sample looked up until it spans [`LOOKUP_MIN_MS`] (or a few million lookups have run).
fn time_round(table: &dyn Table, sample: &[KeyRef], clock: &mut dyn FnMut() -> f64) -> f64 {
    let mut reps = 1u32;
    loop {
        let start = clock();
        let mut sum = 0u32;
        for _ in 0..reps {
            for &key in sample {
                sum = sum.wrapping_add(table.lookup(std::hint::black_box(key)));
            }
        }
        std::hint::black_box(sum);
        let ms = clock() - start;
        let lookups = reps as f64 * sample.len() as f64;
        if ms >= LOOKUP_MIN_MS || lookups >= 4e6 {
            return ms * 1e6 / lookups;
        }
        reps *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ring::VnodeCache;
    use crate::strategy::Settings;

    fn run(change: Option<Step>) -> Vec<CompareRow> {
        let keys = KeySet::new(5000);
        let mut cache = VnodeCache::default();
        let mut input = Input {
            keys: &keys,
            settings: Settings {
                vnodes: 100,
                shards: 1000,
                c100: 125,
                weights: Default::default(),
            },
            vnode_cache: &mut cache,
        };
        // A clock that moves 10 ms per reading: one repetition per timing.
        let mut now = 0.0;
        let mut clock = || {
            now += 10.0;
            now
        };
        compare(
            &mut input,
            &["db1", "db2", "db3", "db4"],
            change,
            &mut clock,
        )
    }

    #[test]
    fn every_strategy_has_a_row_with_the_worked_examples_numbers() {
        let rows = run(Some(Step::Remove(1)));
        assert_eq!(rows.len(), ALL.len());
        let row = |name: &str| rows.iter().find(|r| r.strategy == name).unwrap();
        // strategies.md: range remove db2 moves 1250, shards 1266, jump 3304.
        assert_eq!(row("range").moved, Some(1250));
        assert_eq!(row("shards").moved, Some(1266));
        assert_eq!(row("jump").moved, Some(3304));
        // The ring moves exactly db2's keys (1292 in the worked example).
        assert_eq!(row("ring").moved, Some(1292));
        assert_eq!(row("range").balance.max_over_mean, 1.0);
        assert_eq!(row("range").balance_after.as_ref().unwrap().max, 2500);
        assert_eq!(row("ring").ideal, Some(1250));
        for r in &rows {
            assert!(r.lookup_ns > 0.0, "{}", r.strategy);
            assert_eq!(r.balance.mean, 1250.0);
        }
        assert_eq!(row("modn").bytes, 0);
        assert_eq!(row("maglev").bytes, 65537 * 4);
        assert_eq!(row("ring").bytes, 400 * 20);
        assert_eq!(row("ketama").bytes, 640 * 8);
        assert_eq!(row("shards").bytes, 4000);
    }

    #[test]
    fn adding_moves_what_the_worked_examples_say() {
        let rows = run(Some(Step::Add("db5")));
        let row = |name: &str| rows.iter().find(|r| r.strategy == name).unwrap();
        assert_eq!(row("range").moved, Some(625));
        assert_eq!(row("shards").moved, Some(1001));
        assert_eq!(row("maglev").moved, Some(1005));
        assert_eq!(row("ring").ideal, Some(1000));
        assert!((row("range").moved_over_ideal().unwrap() - 0.625).abs() < 1e-12);
        assert!(run(None).iter().all(|r| r.moved.is_none()));
    }

    #[test]
    fn a_placement_in_parts_is_the_whole_placement() {
        // Rendezvous is placed PARTS_CHUNK keys at a time: three parts here.
        let keys = KeySet::new(2 * PARTS_CHUNK as u32 + 5000);
        let mut cache = VnodeCache::default();
        let settings = Settings {
            vnodes: 100,
            shards: 1000,
            c100: 125,
            weights: Default::default(),
        };
        let nodes = ["db1", "db2", "db3", "db4", "db5"];
        let strategy = crate::strategy::by_name("rendezvous").unwrap();
        assert!(strategy.place_in_parts());
        let mut input = Input {
            keys: &keys,
            settings,
            vnode_cache: &mut cache,
        };
        let whole = strategy.place(&mut input, &nodes);
        let mut making = MakingRow::new(strategy);
        let mut clock = 0.0;
        let mut tick = || {
            clock += 10.0;
            clock
        };
        let mut steps = 0;
        let row = loop {
            steps += 1;
            if let Some(row) = making.step(&mut input, &nodes, Some(Step::Remove(2)), &mut tick) {
                break row;
            }
            if steps == 3 {
                assert_eq!(making.before.as_ref().unwrap().owners, whole.owners);
            }
        };
        // Three parts, the change, the warm-up, five timings.
        assert_eq!(steps, 3 + 1 + 1 + LOOKUP_ROUNDS);
        let counts = stats::counts(&whole.owners, nodes.len());
        assert_eq!(row.balance, Balance::of(&counts));
        let after = strategy.change(&mut input, &nodes, Step::Remove(2), &whole);
        assert_eq!(
            row.moved,
            Some(Step::Remove(2).moved(&whole.owners, &after.owners))
        );
    }
}
