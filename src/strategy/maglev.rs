//! `maglev`: Google's Maglev hashing (Eisenbud et al., NSDI 2016, Algorithm 1). Each node has a
//! permutation of the M table entries, `(offset + j·skip) mod M` with `offset = h64(n) mod M` and
//! `skip = (P(n) mod 2^64) mod (M − 1) + 1`; the nodes take turns claiming their next free entry until the
//! table is full. `owner = entry[h64(key) mod M]`, M = 65537. A change rebuilds the table for the new list.

use super::{h64, Input, KeyRef, Picture, Placed, Strategy, Table};
use crate::ring::position;
use std::rc::Rc;

/// Maglev's table size: the prime 65537.
pub const MAGLEV_M: u32 = 65537;

/// Maglev hashing.
pub struct Maglev;

/// The paper's populate: fills a table of `m` entries (prime) from each node's `(offset, skip)`, taking
/// turns in list order. Entry values are node indices.
///
/// ```
/// // The paper's example (M = 7): offsets and skips 3/4, 0/2, 3/1.
/// let table = ring_playground::strategy::populate(&[(3, 4), (0, 2), (3, 1)], 7);
/// assert_eq!(table, [1, 0, 1, 0, 2, 2, 0]);
/// ```
pub fn populate(permutations: &[(u32, u32)], m: u32) -> Vec<u32> {
    const EMPTY: u32 = u32::MAX;
    let mut entry = vec![EMPTY; m as usize];
    if permutations.is_empty() {
        return entry;
    }
    // The next candidate of each node, kept as `(offset + next·skip) mod m` directly.
    let mut candidate: Vec<u32> = permutations.iter().map(|&(offset, _)| offset).collect();
    let mut filled = 0;
    loop {
        for (i, &(_, skip)) in permutations.iter().enumerate() {
            let mut c = candidate[i];
            while entry[c as usize] != EMPTY {
                c = advance(c, skip, m);
            }
            entry[c as usize] = i as u32;
            candidate[i] = advance(c, skip, m);
            filled += 1;
            if filled == m {
                return entry;
            }
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
    fn place(&self, input: &mut Input, nodes: &[&str]) -> Placed {
        let perms: Vec<(u32, u32)> = nodes.iter().map(|n| permutation(n, MAGLEV_M)).collect();
        let table = MaglevTable(populate(&perms, MAGLEV_M));
        Placed {
            owners: input
                .keys
                .positions()
                .iter()
                .map(|&p| table.0[(h64(p) % MAGLEV_M as u64) as usize])
                .collect(),
            table: Rc::new(table),
        }
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
