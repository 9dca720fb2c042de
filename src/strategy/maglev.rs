//! `maglev`: Google's Maglev hashing (Eisenbud et al., NSDI 2016, Algorithm 1). Each node has a
//! permutation of the M table entries, `(offset + j·skip) mod M` with `offset = h64(n) mod M` and
//! `skip = (P(n) mod 2^64) mod (M − 1) + 1`; the nodes take turns claiming their next free entry until the
//! table is full. `owner = entry[h64(key) mod M]`, M = 65537. A change rebuilds the table for the new list.

use super::{h64, placing, table, Build, Built, Input, KeyRef, Making, Picture, Strategy, Table};
use crate::pace::{Pace, Part, Work};
use crate::ring::position;

/// Maglev's table size: the prime 65537.
pub const MAGLEV_M: u32 = 65537;

/// Maglev hashing.
pub struct Maglev;

/// Maglev's table filled (items: entries).
pub const FILLING: Work = Work::new("filling the table", usize::MAX, 4_000).of("maglev");

/// The paper's populate: fills a table of `m` entries (prime) from each node's `(offset, skip)`, taking
/// turns in list order. Entry values are node indices.
///
/// ```
/// // The paper's example (M = 7): offsets and skips 3/4, 0/2, 3/1.
/// let table = ring_playground::strategy::populate(&[(3, 4), (0, 2), (3, 1)], 7);
/// assert_eq!(table, [1, 0, 1, 0, 2, 2, 0]);
/// ```
pub fn populate(permutations: &[(u32, u32)], m: u32) -> Vec<u32> {
    let mut filling = Populating::new(permutations.to_vec(), m);
    filling.fill(usize::MAX);
    filling.entry
}

const EMPTY: u32 = u32::MAX;

/// The table being filled a part of its entries at a time: exactly [`populate`].
struct Populating {
    permutations: Vec<(u32, u32)>,
    m: u32,
    entry: Vec<u32>,
    /// The next candidate of each node, kept as `(offset + next·skip) mod m` directly.
    candidate: Vec<u32>,
    filled: u32,
    /// Whose turn it is.
    turn: usize,
}

impl Populating {
    fn new(permutations: Vec<(u32, u32)>, m: u32) -> Populating {
        Populating {
            candidate: permutations.iter().map(|&(offset, _)| offset).collect(),
            permutations,
            m,
            entry: vec![EMPTY; m as usize],
            filled: 0,
            turn: 0,
        }
    }

    /// True when every entry is filled (or there is no node to fill it).
    fn full(&self) -> bool {
        self.filled == self.m || self.permutations.is_empty()
    }

    /// Fills at most `size` more entries; how many it filled.
    fn fill(&mut self, size: usize) -> usize {
        if self.full() {
            return 0;
        }
        let (m, nodes) = (self.m, self.permutations.len());
        let (entry, candidate, permutations) = (
            &mut self.entry[..],
            &mut self.candidate[..],
            &self.permutations[..],
        );
        let (mut turn, mut filled) = (self.turn, self.filled);
        let stop = filled
            .saturating_add(size.min(u32::MAX as usize) as u32)
            .min(m);
        while filled < stop {
            let skip = permutations[turn].1;
            let mut c = candidate[turn];
            while entry[c as usize] != EMPTY {
                c = advance(c, skip, m);
            }
            entry[c as usize] = turn as u32;
            candidate[turn] = advance(c, skip, m);
            filled += 1;
            turn = if turn + 1 == nodes { 0 } else { turn + 1 };
        }
        let done = (filled - self.filled) as usize;
        (self.turn, self.filled) = (turn, filled);
        done
    }
}

impl Build for Populating {
    type Made = MaglevTable;
    fn part(&mut self, _input: &mut Input, pace: &mut Pace) -> Part<MaglevTable> {
        let items = self.fill(pace.size(FILLING));
        pace.did(FILLING, items);
        if self.full() {
            return Part::Done(MaglevTable(std::mem::take(&mut self.entry)));
        }
        Part::Did {
            items,
            ended: false,
        }
    }
}

fn advance(c: u32, skip: u32, m: u32) -> u32 {
    let next = c as u64 + skip as u64;
    (if next >= m as u64 {
        next - m as u64
    } else {
        next
    }) as u32
}

/// A node's `(offset, skip)` for a table of `m` entries.
pub fn permutation(name: &str, m: u32) -> (u32, u32) {
    let p = position(name);
    let offset = (h64(p) % m as u64) as u32;
    let skip = ((p as u64) % (m as u64 - 1) + 1) as u32;
    (offset, skip)
}

impl Strategy for Maglev {
    fn name(&self) -> &'static str {
        "maglev"
    }
    fn title(&self) -> &'static str {
        "Maglev"
    }
    fn caption(&self) -> &'static str {
        "One table lookup per key and a near-perfect spread; a change moves a little more than the \
         minimum, and the 65,537-entry table must be rebuilt and shipped to every client."
    }
    fn begin(&self, _input: &mut Input, nodes: &[&str]) -> Box<dyn Making> {
        let perms: Vec<(u32, u32)> = nodes.iter().map(|n| permutation(n, MAGLEV_M)).collect();
        Box::new(Built::new(
            Populating::new(perms, MAGLEV_M),
            placing(self),
            |t, keys, owners| {
                let entries = &t.0[..];
                owners.extend(
                    keys.positions
                        .iter()
                        .map(|&p| entries[(h64(p) % MAGLEV_M as u64) as usize]),
                )
            },
            table,
        ))
    }
}

/// The lookup table: entry → node index.
pub struct MaglevTable(Vec<u32>);

impl Table for MaglevTable {
    fn lookup(&self, key: KeyRef) -> u32 {
        self.0[(h64(key.position) % MAGLEV_M as u64) as usize]
    }
    fn bytes(&self) -> usize {
        self.0.len() * size_of::<u32>()
    }
    fn picture(&self) -> Picture<'_> {
        Picture::Cells {
            owners: &self.0,
            noun: "Maglev entry",
        }
    }
}
