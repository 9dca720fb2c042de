//! The memo of configurations already explored: (set of linearized ops, state), stored compactly.
//!
//! A set is stored as its frontier `f` (the first finite op, in call order, not yet linearized:
//! every finite op before it is linearized), the bitset words from `f` to the end of `f`'s
//! window (ops that may be linearized while `f` is not: those called before `f` returns), and the
//! bitset of indeterminate ops. Equality is exact; the 64-bit hash only picks the bucket.

use hashbrown::HashTable;

/// Configurations seen, each stored once.
pub(crate) struct Memo {
    /// Buckets: (entry offset in `arena`, low 32 bits of the hash).
    table: HashTable<(u32, u32)>,
    /// Entries: a header word `state << 32 | f << 12 | words` then the finite and info words.
    arena: Vec<u64>,
    info_words: usize,
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
    pub(crate) fn new(info_words: usize, limit_words: usize) -> Memo {
        Memo {
            table: HashTable::new(),
            arena: Vec::new(),
            info_words,
            limit_words,
            full: false,
        }
    }

    /// Records the configuration; `false` if it was already there.
    ///
    /// `fin` are the finite bitset's words from `f / 64` on (as many as `f`'s window needs), `info`
    /// the indeterminate ops' bitset.
    pub(crate) fn insert(
        &mut self,
        hash: u64,
        state: u32,
        f: u32,
        fin: &[u64],
        info: &[u64],
    ) -> bool {
        debug_assert!(fin.len() < 4096 && f < (1 << 20) && info.len() == self.info_words);
        let header = (state as u64) << 32 | (f as u64) << 12 | fin.len() as u64;
        let h32 = (hash ^ (hash >> 32)) as u32;
        let arena = &self.arena;
        let iw = self.info_words;
        let eq = |&(off, h): &(u32, u32)| {
            let off = off as usize;
            h == h32
                && arena[off] == header
                && arena[off + 1..off + 1 + fin.len()] == *fin
                && arena[off + 1 + fin.len()..off + 1 + fin.len() + iw] == *info
        };
        if self.table.find(spread(h32), eq).is_some() {
            return false;
        }
        if self.full || self.arena.len() + 1 + fin.len() + info.len() > self.limit_words {
            self.full = true;
            return true;
        }
        let off = self.arena.len() as u32;
        self.arena.push(header);
        self.arena.extend_from_slice(fin);
        self.arena.extend_from_slice(info);
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
