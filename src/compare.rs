//! Every strategy on the same nodes, keys and change, side by side: balance, keys moved against the ideal,
//! the cost of one lookup, and the size of the lookup structure.

use crate::pace::{run, Pace, Part, Work};
use crate::ring::KeySet;
use crate::stats::{self, Balance};
use crate::strategy::{total, Input, KeyRef, Making, Placed, Step, Strategy, ALL};
use serde::Serialize;
use std::rc::Rc;

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
    let mut pace = Pace::whole();
    loop {
        if let Some(row) = making.step(input, nodes, change, clock, &mut pace) {
            return row;
        }
    }
}

/// Keys counted by node before and after the change, and the moved ones (items: keys).
pub const TALLYING: Work = Work::new("tallying a row", usize::MAX, 20_000);
/// The keys lookups are timed on found among the keys (items: keys looked at).
pub const SAMPLING: Work = Work::new("sampling keys", usize::MAX, 20_000);
/// Lookups, untimed (warming up) or timed ([`Work::of`] the strategy; items: lookups).
pub const LOOKING_UP: Work = Work::new("timing lookups", usize::MAX, 1_000);

/// Balance before and after the change, keys moved and the ideal.
type Counted = (Balance, Option<Balance>, Option<u64>, Option<u64>);

/// A row being made a bounded step at a time ([`MakingRow::step`]): the placement, then the change and
/// the counts, then the lookups warmed, then each of the [`LOOKUP_ROUNDS`] timings; each a part at a time
/// as the pace says (without time sizing: a step each, the placement of a strategy that asks for it in
/// parts of [`crate::strategy::PARTS_CHUNK`] keys). The same row as [`row`].
pub struct MakingRow {
    strategy: &'static dyn Strategy,
    placing: Option<Box<dyn Making>>,
    before: Option<Rc<Placed>>,
    changing: Option<Box<dyn Making>>,
    after: Option<Placed>,
    tally: Option<Tally>,
    /// Balance before and after, keys moved and the ideal, once the change is made.
    counted: Option<Counted>,
    /// The keys the lookups are timed on (`user_0 …` in number order): found among the first `sampled`
    /// keys so far; then warmed (the first `warmed` of them); then timed.
    sampled: usize,
    sampling: Vec<KeyRef>,
    warming: Option<Vec<KeyRef>>,
    warmed: usize,
    sample: Option<Vec<KeyRef>>,
    /// The timing under way: milliseconds and lookups so far, and where in the sample it goes on.
    round: (f64, f64, usize),
    timings: Vec<f64>,
}

/// Counts by node before and after the change, and the moved keys, a part of the keys at a time.
struct Tally {
    before: Vec<u64>,
    after: Vec<u64>,
    moved: u64,
    done: usize,
}

impl MakingRow {
    pub fn new(strategy: &'static dyn Strategy) -> MakingRow {
        MakingRow {
            strategy,
            placing: None,
            before: None,
            changing: None,
            after: None,
            tally: None,
            counted: None,
            sampled: 0,
            sampling: Vec::new(),
            warming: None,
            warmed: 0,
            sample: None,
            round: (0.0, 0.0, 0),
            timings: Vec::with_capacity(LOOKUP_ROUNDS),
        }
    }

    /// One bounded step, of parts sized by `pace`; the row once it is complete. Call with the same
    /// arguments every time.
    pub fn step(
        &mut self,
        input: &mut Input,
        nodes: &[&str],
        change: Option<Step>,
        clock: &mut dyn FnMut() -> f64,
        pace: &mut Pace,
    ) -> Option<CompareRow> {
        let strategy = self.strategy;
        let Some(before) = self.before.clone() else {
            let placing = self
                .placing
                .get_or_insert_with(|| strategy.begin(input, nodes));
            self.before = placing.step(input, pace).map(Rc::new);
            return None;
        };
        if self.counted.is_none() {
            self.counted = run(pace, |pace| {
                self.count_part(input, nodes, change, &before, pace)
            });
            return None;
        }
        // Lookups are measured as the strategy's kind of work on these settings (rendezvous's
        // logarithmic method apart).
        let kind = strategy.kind(&input.settings, nodes);
        if self.sample.is_none() {
            run(pace, |pace| {
                self.sample_part(input.keys, (&before, nodes.len(), kind), pace)
            });
            return None;
        }
        let sample = self.sample.as_deref().unwrap_or_default();
        let table = before.table.as_ref();
        if self.timings.len() < LOOKUP_ROUNDS && !sample.is_empty() {
            let lookups = LOOKING_UP.of(kind);
            let weight = strategy.key_cost(nodes.len());
            let (timings, round) = (&mut self.timings, &mut self.round);
            run(pace, |pace| {
                // A part of a timing: the next lookups of the sample, going round it (without time
                // sizing: to its end), timed.
                let len = sample.len();
                let mut at = round.2;
                let n = if pace.one_part() {
                    // No more than the timing still needs, at its rate so far (and a little more).
                    let (ms, done) = (round.0, round.1);
                    let needed = if ms > 0.0 {
                        ((LOOKUP_MIN_MS - ms) * done / ms * 1.05).min(4e6 - done)
                    } else {
                        f64::INFINITY
                    };
                    pace.size_weighted(lookups, weight)
                        .min(needed.ceil().max(1.0) as usize)
                } else {
                    len - at
                };
                let (mut left, start) = (n, clock());
                let mut sum = 0u32;
                while left > 0 {
                    let to = len.min(at + left);
                    for &key in &sample[at..to] {
                        sum = sum.wrapping_add(table.lookup(std::hint::black_box(key)));
                    }
                    (left, at) = (left - (to - at), to % len);
                }
                std::hint::black_box(sum);
                let ms = clock() - start;
                pace.did_weighted(lookups, n, weight);
                *round = (round.0 + ms, round.1 + n as f64, at);
                // A timing spans at least LOOKUP_MIN_MS (or a few million lookups).
                if round.0 >= LOOKUP_MIN_MS || round.1 >= 4e6 {
                    timings.push(round.0 * 1e6 / round.1);
                    *round = (0.0, 0.0, 0);
                    return Part::Done(());
                }
                Part::Did {
                    items: n,
                    ended: at == 0,
                }
            });
            if self.timings.len() < LOOKUP_ROUNDS {
                return None;
            }
        }
        let lookup_ns = if sample.is_empty() {
            0.0
        } else {
            self.timings.iter().copied().fold(f64::INFINITY, f64::min)
        };
        let (balance, balance_after, moved, ideal) = self.counted.clone().expect("counted");
        Some(CompareRow {
            strategy: strategy.name(),
            balance,
            balance_after,
            moved,
            ideal,
            lookup_ns,
            bytes: table.bytes(),
        })
    }

    /// A part of the change (when there is one), then of the counts; the counts once done.
    fn count_part(
        &mut self,
        input: &mut Input,
        nodes: &[&str],
        change: Option<Step>,
        before: &Rc<Placed>,
        pace: &mut Pace,
    ) -> Part<Counted> {
        let strategy = self.strategy;
        if let (Some(step), None) = (change, &self.after) {
            let changing = self
                .changing
                .get_or_insert_with(|| strategy.begin_change(input, nodes, step, before));
            return match changing.part(input, pace) {
                Part::Done(after) => {
                    self.after = Some(after);
                    Part::Did {
                        items: 1,
                        ended: true,
                    }
                }
                Part::Did { items, ended } => Part::Did { items, ended },
            };
        }
        let after_nodes = change.map_or(0, |step| step.apply(nodes).len());
        let tally = self.tally.get_or_insert_with(|| Tally {
            before: vec![0; nodes.len()],
            after: vec![0; after_nodes],
            moved: 0,
            done: 0,
        });
        let len = before.owners.len();
        let (from, to) = (
            tally.done,
            len.min(tally.done.saturating_add(pace.size(TALLYING))),
        );
        stats::count_into(&before.owners[from..to], &mut tally.before);
        if let (Some(step), Some(after)) = (change, &self.after) {
            stats::count_into(&after.owners[from..to], &mut tally.after);
            tally.moved += step.moved(&before.owners[from..to], &after.owners[from..to]);
        }
        tally.done = to;
        pace.did(TALLYING, to - from);
        if to < len {
            return Part::Did {
                items: to - from,
                ended: false,
            };
        }
        let k = input.keys.len() as f64;
        let tally = self.tally.take().expect("tallied");
        // Balance against each node's fair share K·w/W, whether or not the strategy reads weights.
        let weights = input.settings.weights.of_nodes(nodes);
        let (balance_after, moved, ideal) = match change {
            Some(step) => {
                let after_nodes = step.apply(nodes);
                let after_weights = input.settings.weights.of_nodes(&after_nodes);
                // The removed node's fair share K·w(X)/W, or the added one's K·w(Y)/W_after.
                let (w, of) = match step {
                    Step::Remove(x) => (weights[x], &weights),
                    Step::Add(_) => (after_weights[after_nodes.len() - 1], &after_weights),
                };
                let ideal = stats::fair_share(k, w, total(of)).round() as u64;
                (
                    Some(Balance::weighted(&tally.after, &after_weights)),
                    Some(tally.moved),
                    Some(ideal),
                )
            }
            None => (None, None, None),
        };
        self.after = None;
        Part::Done((
            Balance::weighted(&tally.before, &weights),
            balance_after,
            moved,
            ideal,
        ))
    }

    /// A part of finding the keys numbered below [`LOOKUP_SAMPLE`] (in number order: they are
    /// `user_0 …` up to the sample's size), then of one untimed pass of lookups over them, so that a
    /// just-in-time compiler can optimise the lookup before it is timed (its lookups measured as
    /// `kind`'s: [`Strategy::kind`]).
    fn sample_part(
        &mut self,
        keys: &KeySet,
        (before, nodes, kind): (&Placed, usize, &'static str),
        pace: &mut Pace,
    ) -> Part<()> {
        let len = keys.len() as usize;
        let warming = match &mut self.warming {
            Some(warming) => warming,
            None => {
                let found = &mut self.sampling;
                if found.is_empty() {
                    *found = vec![KeyRef::default(); len.min(LOOKUP_SAMPLE as usize)];
                }
                let (from, size) = (self.sampled, pace.size(SAMPLING));
                let to = len.min(from.saturating_add(size));
                let part = keys.numbers()[from..to]
                    .iter()
                    .zip(&keys.positions()[from..to]);
                for (&number, &position) in part {
                    if number < LOOKUP_SAMPLE {
                        found[number as usize] = KeyRef { number, position };
                    }
                }
                self.sampled = to;
                pace.did(SAMPLING, to - from);
                if to == len {
                    self.warming = Some(std::mem::take(found));
                }
                return Part::Did {
                    items: to - from,
                    ended: to == len,
                };
            }
        };
        let lookups = LOOKING_UP.of(kind);
        let weight = self.strategy.key_cost(nodes);
        let (from, size) = (self.warmed, pace.size_weighted(lookups, weight));
        let to = warming.len().min(from.saturating_add(size));
        let table = before.table.as_ref();
        let warm: u32 = warming[from..to]
            .iter()
            .fold(0, |s, &k| s.wrapping_add(table.lookup(k)));
        std::hint::black_box(warm);
        pace.did_weighted(lookups, to - from, weight);
        self.warmed = to;
        if to < warming.len() {
            return Part::Did {
                items: to - from,
                ended: false,
            };
        }
        self.sample = self.warming.take();
        Part::Done(())
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
        use crate::strategy::PARTS_CHUNK;
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
            let mut pace = Pace::fixed();
            if let Some(row) = making.step(
                &mut input,
                &nodes,
                Some(Step::Remove(2)),
                &mut tick,
                &mut pace,
            ) {
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
