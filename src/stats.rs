//! Load statistics and key movement: per-node counts, balance, and what a change moves.

use crate::ring::NO_OWNER;
use serde::Serialize;

/// Keys held by each node: `owners` are node indices (or [`NO_OWNER`]), `nodes` how many nodes there are.
pub fn counts(owners: &[u32], nodes: usize) -> Vec<u64> {
    let mut counts = vec![0u64; nodes];
    count_into(owners, &mut counts);
    counts
}

/// Adds the keys of `owners` to `counts` by node (for counting a part of the keys at a time).
pub fn count_into(owners: &[u32], counts: &mut [u64]) {
    for &o in owners {
        if o != NO_OWNER {
            counts[o as usize] += 1;
        }
    }
}

/// A node's fair share of `keys` keys: `K·w/W` for weight `w` of total weight `W` (`K/N` when every
/// weight is 1).
pub fn fair_share(keys: f64, weight: u32, total_weight: u64) -> f64 {
    if total_weight == 0 {
        return 0.0;
    }
    keys * weight as f64 / total_weight as f64
}

/// Each node's fair share of `keys` keys by its weight ([`fair_share`]); with weights all equal, the
/// mean `K/N` each (exactly [`Balance::mean`]).
pub fn fair_shares(keys: u64, weights: &[u32]) -> Vec<f64> {
    if crate::strategy::all_equal(weights) {
        return vec![keys as f64 / weights.len() as f64; weights.len()];
    }
    let total = crate::strategy::total(weights);
    weights
        .iter()
        .map(|&w| fair_share(keys as f64, w, total))
        .collect()
}

/// Deviation of `load` from a fair share `fair`, as a fraction: +0.1 is 10 % above it (the load table's
/// "vs ideal"); 0 when the fair share is 0.
pub fn deviation(load: u64, fair: f64) -> f64 {
    if fair > 0.0 {
        load as f64 / fair - 1.0
    } else {
        0.0
    }
}

/// Balance of a set of per-node counts, over the nodes that take part (`members`). With weights
/// ([`Balance::weighted`]) the ratios are against each node's fair share `K·w/W` instead of the mean.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Balance {
    /// Mean keys per node: keys / nodes, the ideal load (with every weight 1).
    pub mean: f64,
    /// Largest load.
    pub max: u64,
    /// Smallest load.
    pub min: u64,
    /// `max / mean`: 1.0 is perfect balance. Weighted: the largest load over its node's fair share.
    pub max_over_mean: f64,
    /// Population standard deviation of the loads. Weighted: of each load from its fair share.
    pub std_dev: f64,
    /// Standard deviation as a fraction of the mean (coefficient of variation). Weighted: the
    /// population standard deviation of each load over its fair share (1 for all of them is perfect).
    pub std_dev_over_mean: f64,
}

impl Balance {
    /// Balance of `loads` (one entry per node taking part).
    pub fn of(loads: &[u64]) -> Balance {
        if loads.is_empty() {
            return Balance::default();
        }
        let n = loads.len() as f64;
        let mean = loads.iter().sum::<u64>() as f64 / n;
        let max = *loads.iter().max().expect("non-empty");
        let min = *loads.iter().min().expect("non-empty");
        let var = loads
            .iter()
            .map(|&c| (c as f64 - mean).powi(2))
            .sum::<f64>()
            / n;
        let ratio = |x: f64| if mean > 0.0 { x / mean } else { 0.0 };
        Balance {
            mean,
            max,
            min,
            max_over_mean: ratio(max as f64),
            std_dev: var.sqrt(),
            std_dev_over_mean: ratio(var.sqrt()),
        }
    }

    /// Balance of `loads` of nodes of these weights, against each node's fair share `K·w/W` (`K` the sum
    /// of the loads). With weights all equal, exactly [`Balance::of`].
    pub fn weighted(loads: &[u64], weights: &[u32]) -> Balance {
        if crate::strategy::all_equal(weights) {
            return Balance::of(loads);
        }
        let keys: u64 = loads.iter().sum();
        let fair = fair_shares(keys, weights);
        let n = loads.len() as f64;
        let ratios: Vec<f64> = loads
            .iter()
            .zip(&fair)
            .map(|(&l, &f)| if f > 0.0 { l as f64 / f } else { 0.0 })
            .collect();
        let mean_square = |xs: &mut dyn Iterator<Item = f64>| xs.map(|x| x * x).sum::<f64>() / n;
        let spread = mean_square(&mut loads.iter().zip(&fair).map(|(&l, &f)| l as f64 - f));
        let relative = mean_square(&mut ratios.iter().map(|r| r - 1.0));
        let any = keys > 0;
        Balance {
            mean: keys as f64 / n,
            max: *loads.iter().max().expect("weights for every load"),
            min: *loads.iter().min().expect("weights for every load"),
            max_over_mean: if any {
                ratios.iter().copied().fold(0.0, f64::max)
            } else {
                0.0
            },
            std_dev: spread.sqrt(),
            std_dev_over_mean: if any { relative.sqrt() } else { 0.0 },
        }
    }

    /// Deviation of `load` from the ideal, as a fraction: +0.1 is 10 % above the mean.
    pub fn deviation(&self, load: u64) -> f64 {
        if self.mean > 0.0 {
            load as f64 / self.mean - 1.0
        } else {
            0.0
        }
    }
}

/// What one change of the node set moved.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Movement {
    /// Keys whose owner differs before and after (the true count, by diffing owners).
    pub moved: u64,
    /// The least any scheme must move with every node at its fair share: the removed node's
    /// (`K·w(X)/W`; keys / nodes before with every weight 1), or the added node's (`K·w(Y)/W_after`;
    /// keys / nodes after), rounded.
    pub ideal: u64,
    /// Keys `hash % N` sharding (node `names[md5 % N]`) would move for the same change.
    pub modulo_moved: u64,
    /// Moved keys by `(from, to)` node index, largest first; [`NO_OWNER`] when a side has no node.
    pub flows: Vec<Flow>,
    /// The lowest-numbered moved keys (at most [`MOVED_EXAMPLES`]), to name some of them.
    pub examples: Vec<MovedKey>,
}

/// How many moved keys [`Movement::examples`] names.
pub const MOVED_EXAMPLES: usize = 12;

/// One key that moved: `user_{key}` went from node `from` to node `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct MovedKey {
    pub key: u32,
    pub from: u32,
    pub to: u32,
}

/// The `count` lowest-numbered keys whose owner differs; `numbers` gives each entry's key number. Keeps
/// only the best `count` while scanning (a change can move nearly every key).
pub fn moved_examples(
    before: &[u32],
    after: &[u32],
    numbers: &[u32],
    count: usize,
) -> Vec<MovedKey> {
    let nodes = before
        .iter()
        .chain(after)
        .filter(|&&o| o != NO_OWNER)
        .max()
        .map_or(0, |&o| o as usize + 1);
    let mut tally = Tally::new(nodes, count);
    tally.add(before, Some(after), numbers);
    tally.movement().2
}

/// Keys that moved from one node to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Flow {
    pub from: u32,
    pub to: u32,
    pub keys: u64,
}

/// Counts keys whose owner differs between `before` and `after` (same key order), and where they went.
pub fn movement(before: &[u32], after: &[u32], nodes: usize) -> (u64, Vec<Flow>) {
    debug_assert_eq!(before.len(), after.len());
    let mut tally = Tally::new(nodes, 0);
    tally.add(before, Some(after), &[]);
    let (moved, flows, _) = tally.movement();
    (moved, flows)
}

/// Counts by node before and after a change, and what it moved (the count, the flows, the
/// lowest-numbered moved keys), a part of the keys at a time: exactly [`counts`], [`movement`] and
/// [`moved_examples`] of all the keys, whatever the parts.
#[derive(Clone, Debug)]
pub struct Tally {
    /// Keys by node before the change, and after it.
    pub before: Vec<u64>,
    pub after: Vec<u64>,
    moved: u64,
    nodes: usize,
    /// Moved keys by `(from, to)`, `nodes + 1` a side (the last for [`NO_OWNER`]).
    matrix: Vec<u64>,
    examples: std::collections::BinaryHeap<(u32, u32, u32)>,
    count: usize,
}

impl Tally {
    /// Nothing counted yet, for `nodes` nodes, naming the `examples` lowest-numbered moved keys.
    pub fn new(nodes: usize, examples: usize) -> Tally {
        Tally {
            before: vec![0; nodes],
            after: vec![0; nodes],
            moved: 0,
            nodes,
            matrix: vec![0; (nodes + 1) * (nodes + 1)],
            examples: std::collections::BinaryHeap::with_capacity(examples + 1),
            count: examples,
        }
    }

    /// Counts a part of the keys: their owners before the change, after it (if there is one), and their
    /// numbers (needed only to name examples).
    pub fn add(&mut self, before: &[u32], after: Option<&[u32]>, numbers: &[u32]) {
        count_into(before, &mut self.before);
        let Some(after) = after else {
            return;
        };
        debug_assert_eq!(before.len(), after.len());
        count_into(after, &mut self.after);
        let nodes = self.nodes;
        let slot = |o: u32| if o == NO_OWNER { nodes } else { o as usize };
        let side = nodes + 1;
        for (k, (&from, &to)) in before.iter().zip(after).enumerate() {
            if from == to {
                continue;
            }
            self.moved += 1;
            self.matrix[slot(from) * side + slot(to)] += 1;
            if self.count == 0 {
                continue;
            }
            let key = numbers[k];
            let best = &mut self.examples;
            if best.len() < self.count || best.peek().is_some_and(|top| key < top.0) {
                best.push((key, from, to));
                if best.len() > self.count {
                    best.pop();
                }
            }
        }
    }

    /// The moved count, the flows (largest first) and the examples (lowest number first).
    pub fn movement(&self) -> (u64, Vec<Flow>, Vec<MovedKey>) {
        let (nodes, side) = (self.nodes, self.nodes + 1);
        let unslot = |s: usize| if s == nodes { NO_OWNER } else { s as u32 };
        let mut flows: Vec<Flow> = self
            .matrix
            .iter()
            .enumerate()
            .filter(|(_, &k)| k > 0)
            .map(|(i, &keys)| Flow {
                from: unslot(i / side),
                to: unslot(i % side),
                keys,
            })
            .collect();
        flows.sort_by(|x, y| {
            y.keys
                .cmp(&x.keys)
                .then(x.from.cmp(&y.from))
                .then(x.to.cmp(&y.to))
        });
        let examples = self
            .examples
            .clone()
            .into_sorted_vec()
            .into_iter()
            .map(|(key, from, to)| MovedKey { key, from, to })
            .collect();
        (self.moved, flows, examples)
    }
}

/// A count with thousands separators: `1234567` → `"1,234,567"` (the time views' own, shared).
pub use crate::consistency::thousands;

/// `x` with `decimals` digits after the point, as `format!("{x:.decimals$}")` writes it (the time views'
/// own, shared: no float formatting in the page's wasm).
pub use crate::consistency::fixed;

/// A fraction as a percentage with one decimal: `0.3114` → `"31.1 %"` (a no-break space before `%`).
pub fn percent(x: f64) -> String {
    format!("{}\u{a0}%", fixed(x * 100.0, 1))
}

/// A signed deviation as a percentage: `0.052` → `"+5.2 %"`, `-0.1` → `"−10.0 %"` (no-break spaces).
pub fn signed_percent(x: f64) -> String {
    let p = (x * 1000.0).round() / 10.0;
    if p > 0.0 {
        format!("+{}\u{a0}%", fixed(p, 1))
    } else if p < 0.0 {
        format!("−{}\u{a0}%", fixed(-p, 1))
    } else {
        "0.0\u{a0}%".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balance_of_even_and_skewed_loads() {
        let even = Balance::of(&[10, 10, 10]);
        assert_eq!(
            (even.mean, even.max, even.max_over_mean, even.std_dev),
            (10.0, 10, 1.0, 0.0)
        );
        let skew = Balance::of(&[0, 10, 20]);
        assert_eq!(skew.max_over_mean, 2.0);
        assert!((skew.std_dev - (200.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!(skew.deviation(20), 1.0);
        // The load table's "vs ideal" (a mutant answering 1.0 passed the line above).
        assert_eq!(skew.deviation(5), -0.5);
        assert_eq!(skew.deviation(10), 0.0);
        assert_eq!(Balance::of(&[]), Balance::default());
        // No keys at all: ratios are 0, never NaN or infinite.
        let none = Balance::of(&[0, 0]);
        assert_eq!((none.max_over_mean, none.std_dev_over_mean), (0.0, 0.0));
        assert_eq!(none.deviation(0), 0.0);
    }

    #[test]
    fn weighted_balance_is_against_the_fair_shares() {
        // Weights all equal: exactly the unweighted balance.
        assert_eq!(
            Balance::weighted(&[10, 20, 33], &[2, 2, 2]),
            Balance::of(&[10, 20, 33])
        );
        assert_eq!(fair_shares(63, &[4, 4, 4]), vec![21.0; 3]);
        assert_eq!(fair_shares(60, &[3, 1, 2]), [30.0, 10.0, 20.0]);
        // Every load at its fair share K·w/W: perfect balance, whatever the loads' spread.
        let b = Balance::weighted(&[30, 10, 20], &[3, 1, 2]);
        assert_eq!(
            (
                b.mean,
                b.max,
                b.min,
                b.max_over_mean,
                b.std_dev,
                b.std_dev_over_mean
            ),
            (20.0, 30, 10, 1.0, 0.0, 0.0)
        );
        // Equal loads on unequal weights: the light node holds twice its share.
        let b = Balance::weighted(&[20, 20, 20], &[3, 1, 2]);
        assert_eq!(b.max_over_mean, 2.0);
        assert_eq!(b.std_dev, (200.0f64 / 3.0).sqrt());
        let relative = ((20.0f64 / 30.0 - 1.0).powi(2) + 1.0) / 3.0;
        assert_eq!(b.std_dev_over_mean, relative.sqrt());
        // No keys: ratios 0, never NaN.
        let none = Balance::weighted(&[0, 0], &[1, 2]);
        assert_eq!((none.max_over_mean, none.std_dev_over_mean), (0.0, 0.0));
        // The load table's "vs ideal", and strategies.md's fair share of db1 (3 of W = 6).
        assert_eq!(fair_share(5000.0, 3, 6), 2500.0);
        assert_eq!(fair_share(5000.0, 1, 0), 0.0);
        assert_eq!(deviation(2585, 2500.0), 2585.0 / 2500.0 - 1.0);
        assert_eq!(deviation(5, 0.0), 0.0);
        assert_eq!(deviation(15, 20.0), Balance::of(&[15, 25]).deviation(15));
    }

    #[test]
    fn movement_counts_and_flows() {
        let (moved, flows) = movement(&[0, 1, 1, 2, 1], &[0, 0, 2, 2, 0], 3);
        assert_eq!(moved, 3);
        assert_eq!(
            flows,
            vec![
                Flow {
                    from: 1,
                    to: 0,
                    keys: 2
                },
                Flow {
                    from: 1,
                    to: 2,
                    keys: 1
                }
            ]
        );
        let (moved, flows) = movement(&[0, 0], &[NO_OWNER, NO_OWNER], 1);
        assert_eq!(
            (moved, flows),
            (
                2,
                vec![Flow {
                    from: 0,
                    to: NO_OWNER,
                    keys: 2
                }]
            )
        );
    }

    #[test]
    fn moved_examples_are_the_lowest_numbers() {
        let before = [0, 1, 1, 2, 1, 1];
        let after = [0, 0, 2, 2, 0, 0];
        let numbers = [5, 9, 3, 0, 7, 1];
        let ex = moved_examples(&before, &after, &numbers, 3);
        assert_eq!(ex.iter().map(|m| m.key).collect::<Vec<_>>(), [1, 3, 7]);
        assert_eq!(
            ex[1],
            MovedKey {
                key: 3,
                from: 1,
                to: 2
            }
        );
        assert_eq!(moved_examples(&before, &after, &numbers, 10).len(), 4);
    }

    #[test]
    fn number_text() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(percent(0.3114), "31.1\u{a0}%");
        assert_eq!(signed_percent(0.052), "+5.2\u{a0}%");
        assert_eq!(signed_percent(-0.1), "−10.0\u{a0}%");
        assert_eq!(signed_percent(-0.00001), "0.0\u{a0}%");
    }
}
