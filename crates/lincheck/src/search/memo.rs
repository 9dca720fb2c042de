//! The memo of configurations already explored: (set of linearized ops, state), stored compactly.
//!
//! A set is stored as its frontier `f` (the first finite op, in call order, not yet linearized:
//! every finite op before it is linearized), the bitset words from `f` to the end of `f`'s
//! window (ops that may be linearized while `f` is not: those called before `f` returns), and the
//! indeterminate ops linearized (as sorted ranks, or as a bitset when that is shorter). Equality is exact; the 64-bit
//! hash only picks the bucket.

use hashbrown::HashTable;

/// Configurations seen, each stored once.
pub(crate) struct Memo {
    /// Buckets: (entry offset in `arena`, low 32 bits of the hash).
    table: HashTable<(u32, u32)>,
    /// Entries: `state << 32 | f`, `finite words << 32 | form << 31 | info ranks`, the finite
    /// words, then the info ranks two to a word (form 0) or the info bitset (form 1).
    arena: Vec<u64>,
    /// The info ranks being looked up, packed like an entry's.
    packed: Vec<u64>,
    /// Most arena words kept; past it nothing more is stored (still sound: the memo only prunes).
    limit_words: usize,
    /// Whether the limit was reached.
    pub(crate) full: bool,
}

/// Spreads a 32-bit bucket hash over 64 bits for the table.
#[inline]
fn spread(h: u32) -> u64 {
    (h as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ ((h as u64) << 32)
}

impl Memo {
    pub(crate) fn new(limit_words: usize) -> Memo {
        Memo {
            table: HashTable::new(),
            arena: Vec::new(),
            packed: Vec::new(),
            limit_words,
            full: false,
        }
    }

    /// Records the configuration; `false` if it was already there.
    ///
    /// `fin` are the finite bitset's words from `f / 64` on (as many as `f`'s window needs); the
    /// indeterminate ops linearized are given both as sorted ranks (`info`) and as a bitset.
    pub(crate) fn insert(
        &mut self,
        hash: u64,
        state: u32,
        f: u32,
        fin: &[u64],
        info: &[u32],
        info_bits: &[u64],
    ) -> bool {
        // The shorter of the two forms (chosen by the set alone, so each set has one form).
        self.packed.clear();
        let as_list = info.len().div_ceil(2) <= info_bits.len();
        if as_list {
            self.packed.extend(
                info.chunks(2)
                    .map(|c| c[0] as u64 | (c.get(1).copied().unwrap_or(0) as u64) << 32),
            );
        } else {
            self.packed.extend_from_slice(info_bits);
        }
        let form = if as_list { 0 } else { 1 << 31 };
        let head = [
            (state as u64) << 32 | f as u64,
            (fin.len() as u64) << 32 | form | info.len() as u64,
        ];
        let h32 = (hash ^ (hash >> 32)) as u32;
        let (arena, packed) = (&self.arena, &self.packed);
        let len = 2 + fin.len() + packed.len();
        let eq = |&(off, h): &(u32, u32)| {
            let e = &arena[off as usize..];
            h == h32
                && e[..2] == head
                && e[2..2 + fin.len()] == *fin
                && e[2 + fin.len()..len] == *packed
        };
        if self.table.find(spread(h32), eq).is_some() {
            return false;
        }
        if self.full || self.arena.len() + len > self.limit_words {
            self.full = true;
            return true;
        }
        let off = self.arena.len() as u32;
        self.arena.extend_from_slice(&head);
        self.arena.extend_from_slice(fin);
        self.arena.extend_from_slice(&self.packed);
        self.table
            .insert_unique(spread(h32), (off, h32), |&(_, h)| spread(h));
        true
    }

    /// How many configurations are stored.
    pub(crate) fn len(&self) -> usize {
        self.table.len()
    }

    /// Bytes used, roughly.
    pub(crate) fn bytes(&self) -> usize {
        self.arena.capacity() * 8 + self.table.capacity() * 9
    }
}
