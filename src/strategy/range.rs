//! `range`: the course page's `[A-H] [I-P] [Q-Z]`, as split points on the key names. Sort the key names
//! bytewise ascending; node `i` of `N` owns the sorted indices `[⌊iK/N⌋, ⌊(i+1)K/N⌋)`.
//!
//! A change does not re-split (that is the point: ranges move little but drift out of balance):
//! removing node `r` merges its range into the next node's (`r + 1`), or the previous one's when it is
//! last; adding `Y` gives `Y` the upper half of the range holding the most keys (the first such in node
//! order), from `lo + ⌈len/2⌉` to that range's end.

use super::{
    table, whole, Build, Built, Input, KeyRef, Making, Picture, Placed, Step, Strategy, Table,
    ORDERING_OWNERS,
};
use crate::pace::{clear_part, Pace, Part, Work};

/// Range partitioning on the key names.
pub struct Range;

/// The key numbers `0..k` in the bytewise order of their names `user_0 … user_{k-1}`: `user_0, user_1,
/// user_10, user_100, …`. Linear time: names share the prefix, so this is the numbers' decimal strings in
/// lexicographic order, a walk of the digit tree.
///
/// ```
/// use ring_playground::strategy::lexicographic_order;
/// assert_eq!(lexicographic_order(12), [0, 1, 10, 11, 2, 3, 4, 5, 6, 7, 8, 9]);
/// ```
pub fn lexicographic_order(k: u32) -> Vec<u32> {
    let mut order = NameOrder::new(k);
    order.extend(usize::MAX);
    order.out
}

/// The numbers in name order, made a part at a time: the walk of the digit tree, resumed.
struct NameOrder {
    k: u64,
    /// The next number of the walk.
    x: u64,
    out: Vec<u32>,
}

impl NameOrder {
    fn new(k: u32) -> NameOrder {
        NameOrder {
            k: k as u64,
            x: 1,
            out: Vec::with_capacity(k as usize),
        }
    }

    fn done(&self) -> bool {
        self.out.len() as u64 == self.k
    }

    /// At most `size` more numbers; how many.
    fn extend(&mut self, size: usize) -> usize {
        let (k, from) = (self.k, self.out.len());
        let to = (k as usize).min(from.saturating_add(size));
        if from == 0 && to > 0 {
            // "0" sorts first and has no children (no number has a leading zero); then 1, 10, 100, …
            self.out.push(0);
        }
        while self.out.len() < to {
            let x = self.x;
            self.out.push(x as u32);
            if x * 10 < k {
                self.x = x * 10;
            } else {
                let mut x = x;
                while x % 10 == 9 || x + 1 >= k {
                    x /= 10;
                }
                self.x = x + 1;
            }
        }
        to - from
    }
}

/// Ranges as `(first sorted index, node index)`, in name order.
fn initial(n: usize, k: u32) -> Vec<(u32, u32)> {
    (0..n)
        .map(|i| (((i as u64 * k as u64) / n as u64) as u32, i as u32))
        .collect()
}

/// Applies a change to ranges of `n` nodes over `k` keys.
fn changed(mut ranges: Vec<(u32, u32)>, n: usize, k: u32, step: Step) -> Vec<(u32, u32)> {
    match step {
        Step::Remove(r) => {
            // Ranges are still in node order: range r is node r's. Merging into the next range means the
            // next one starts where r started; the last one's is absorbed by the previous (which then runs
            // to the end).
            let at = ranges
                .iter()
                .position(|&(_, node)| node == r as u32)
                .expect("node r has a range");
            let start = ranges[at].0;
            ranges.remove(at);
            if at < ranges.len() {
                ranges[at].0 = start;
            }
            for range in &mut ranges {
                if range.1 > r as u32 {
                    range.1 -= 1;
                }
            }
        }
        Step::Add(_) => {
            let end = |i: usize| ranges.get(i + 1).map_or(k, |r| r.0);
            // The range holding the most keys, the first such in node order.
            let (at, _) = (0..ranges.len())
                .map(|i| (i, end(i) - ranges[i].0))
                .max_by_key(|&(i, len)| (len, std::cmp::Reverse(ranges[i].1)))
                .expect("at least one range");
            let (lo, len) = (ranges[at].0, end(at) - ranges[at].0);
            ranges.insert(at + 1, (lo + len.div_ceil(2), n as u32));
        }
    }
    ranges
}

/// Key names put in name order (items: keys).
pub const ORDERING_NAMES: Work = Work::new("ordering names", usize::MAX, 10_000).of("range");
/// Keys given their range's node, by number (items: keys).
pub const GIVING_RANGES: Work = Work::new("giving ranges", usize::MAX, 10_000).of("range");

/// The ranges and every key's owner by number, made a part at a time: the names put in order, then each
/// range's keys given its node.
struct Ranging {
    ranges: Vec<(u32, u32)>,
    order: NameOrder,
    by_number: Vec<u32>,
    /// Keys (in name order) given their node so far, and the range they are in.
    given: usize,
    range: usize,
}

/// What the ranges place keys by: the table, and every key's owner by number.
struct Ranged {
    table: RangeTable,
    by_number: Vec<u32>,
}

impl Build for Ranging {
    type Made = Ranged;
    fn part(&mut self, _input: &mut Input, pace: &mut Pace) -> Part<Ranged> {
        if !self.order.done() {
            let items = self.order.extend(pace.size(ORDERING_NAMES));
            pace.did(ORDERING_NAMES, items);
            return Part::Did {
                items,
                ended: self.order.done(),
            };
        }
        let k = self.order.k as usize;
        if self.by_number.len() < k {
            let cleared = clear_part(&mut self.by_number, k, pace);
            return Part::Did {
                items: 1,
                ended: cleared,
            };
        }
        let order = &self.order.out;
        let end = |ranges: &[(u32, u32)], i: usize| ranges.get(i + 1).map_or(k, |r| r.0 as usize);
        let to = k.min(self.given.saturating_add(pace.size(GIVING_RANGES)));
        let from = self.given;
        while self.given < to {
            let (i, node) = (self.range, self.ranges[self.range].1);
            let stop = end(&self.ranges, i).min(to);
            let by_number = &mut self.by_number[..];
            for &number in &order[self.given..stop] {
                by_number[number as usize] = node;
            }
            self.given = stop;
            if stop == end(&self.ranges, i) {
                self.range += 1;
            }
        }
        pace.did(GIVING_RANGES, to - from);
        if to < k {
            return Part::Did {
                items: to - from,
                ended: false,
            };
        }
        let ranges = &self.ranges;
        let splits = ranges
            .iter()
            .map(|&(start, _)| order.get(start as usize).map(|&i| crate::ring::key_name(i)))
            .collect();
        Part::Done(Ranged {
            table: RangeTable {
                starts: ranges.iter().map(|r| r.0).collect(),
                owners: ranges.iter().map(|r| r.1).collect(),
                splits,
                keys: k as u32,
            },
            by_number: std::mem::take(&mut self.by_number),
        })
    }
}

/// Places keys on ranges: owner by key number, then in key order.
fn place(k: u32, ranges: Vec<(u32, u32)>) -> Box<dyn Making> {
    let ranging = Ranging {
        ranges,
        order: NameOrder::new(k),
        by_number: Vec::new(),
        given: 0,
        range: 0,
    };
    Box::new(Built::new(
        ranging,
        ORDERING_OWNERS,
        |r, keys, owners| {
            let by_number = &r.by_number[..];
            owners.extend(keys.numbers.iter().map(|&i| by_number[i as usize]))
        },
        |r| table(r.table),
    ))
}

impl Strategy for Range {
    fn name(&self) -> &'static str {
        "range"
    }
    fn title(&self) -> &'static str {
        "Range partitioning"
    }
    fn caption(&self) -> &'static str {
        "Keys stay in order, so range scans are cheap and a change moves one range only; but ranges \
         drift out of balance and a hot range is a hot spot until someone splits it."
    }
    fn begin(&self, input: &mut Input, nodes: &[&str]) -> Box<dyn Making> {
        let k = input.keys.len();
        place(k, initial(nodes.len(), k))
    }
    fn pointwise(&self) -> bool {
        false
    }
    fn change(&self, input: &mut Input, nodes: &[&str], step: Step, before: &Placed) -> Placed {
        let _ = before;
        let k = input.keys.len();
        whole(
            place(k, changed(initial(nodes.len(), k), nodes.len(), k, step)),
            input,
        )
    }
    fn begin_change(
        &self,
        input: &mut Input,
        nodes: &[&str],
        step: Step,
        _before: &std::rc::Rc<Placed>,
    ) -> Box<dyn Making> {
        let k = input.keys.len();
        place(k, changed(initial(nodes.len(), k), nodes.len(), k, step))
    }
}

/// Split points: the first key name of each range, with the range's node.
pub struct RangeTable {
    starts: Vec<u32>,
    owners: Vec<u32>,
    /// First key name of each range; `None` for an empty range at the very end.
    splits: Vec<Option<String>>,
    keys: u32,
}

impl Table for RangeTable {
    /// A binary search of the key's name among the split points (the last range starting at or before
    /// it; an empty range yields to the next one, which starts at the same key).
    fn lookup(&self, key: KeyRef) -> u32 {
        let mut digits = itoa::Buffer::new();
        let digits = digits.format(key.number).as_bytes();
        let name_cmp = |split: &String| split.as_bytes()[5..].cmp(digits);
        let after = self
            .splits
            .partition_point(|s| s.as_ref().is_some_and(|s| name_cmp(s).is_le()));
        self.owners[after.saturating_sub(1)]
    }
    fn bytes(&self) -> usize {
        self.splits.iter().flatten().map(String::len).sum::<usize>()
            + self.owners.len() * size_of::<u32>()
    }
    fn picture(&self) -> Picture<'_> {
        Picture::Ranges {
            starts: &self.starts,
            owners: &self.owners,
            keys: self.keys,
        }
    }
}
