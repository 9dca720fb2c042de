//! Rule 9 of the search (key-value): every piece of a get's value past its put must still be
//! appendable. Counts, per byte of each get value, the unlinearized appends whose string occurs
//! there.

use rustc_hash::FxHashMap;

use super::compact::{Compact, Kind, NONE};

/// Most bytes of get values (summed) for which the counts are kept; past it the rule is off.
const MAX_BYTES: usize = 1 << 22;

/// Per get value, how many unlinearized appends cover each byte, and which values have a byte
/// in their needed region that none covers.
pub(crate) struct Cover {
    /// Per op: its occurrences `occ[occ_start[i]..occ_start[i + 1]]` as (value, start, length).
    occ_start: Vec<u32>,
    occ: Vec<(u32, u32, u32)>,
    /// Per value: the offset of its counts in `count`, and where its needed region starts (the
    /// longest put value it begins with).
    offset: Vec<u32>,
    region: Vec<u32>,
    count: Vec<u32>,
    /// Per value: bytes of the region no unlinearized append covers.
    uncovered: Vec<u32>,
    /// The values with some uncovered byte, and each value's place in it (NONE: absent).
    list: Vec<u32>,
    place: Vec<u32>,
}

impl Cover {
    /// The counts for ops of `kinds` (None: the rule is off for this key).
    pub(crate) fn build(model: &mut Compact, kinds: &[Kind]) -> Option<Cover> {
        let groups = model.groups() as usize;
        if !model.is_key_value() || groups == 0 {
            return None;
        }
        let total: usize = (0..groups as u32).map(|g| model.get_text(g).len()).sum();
        if total > MAX_BYTES {
            return None;
        }
        // Needed region: past the longest put value each get value begins with (none: empty).
        let mut region: Vec<u32> = (0..groups as u32)
            .map(|g| model.get_text(g).len() as u32)
            .collect();
        let mut longest = vec![0u32; groups];
        let mut has_put = vec![false; groups];
        for k in kinds {
            if let Kind::Put(t) = *k {
                let len = model.token_text(t).len() as u32;
                for &g in model.starting_with(t) {
                    has_put[g as usize] = true;
                    longest[g as usize] = longest[g as usize].max(len);
                }
            }
        }
        for g in 0..groups {
            if has_put[g] {
                region[g] = longest[g];
            }
        }
        // Occurrences of each append string in each get value, by rolling over each length.
        let mut by_len: FxHashMap<usize, FxHashMap<&[u8], u32>> = FxHashMap::default();
        for k in kinds {
            if let Kind::Append(t) = *k {
                let text = model.token_text(t).as_bytes();
                if !text.is_empty() {
                    by_len.entry(text.len()).or_default().insert(text, t);
                }
            }
        }
        let mut at_token: FxHashMap<u32, Vec<(u32, u32, u32)>> = FxHashMap::default();
        for g in 0..groups as u32 {
            let v = model.get_text(g).as_bytes();
            for (&len, tokens) in &by_len {
                for start in 0..=v.len().saturating_sub(len) {
                    if v.len() < len {
                        break;
                    }
                    if let Some(&t) = tokens.get(&v[start..start + len]) {
                        at_token
                            .entry(t)
                            .or_default()
                            .push((g, start as u32, len as u32));
                    }
                }
            }
        }
        let mut occ_start = vec![0u32; kinds.len() + 1];
        let mut occ = Vec::new();
        for (i, k) in kinds.iter().enumerate() {
            if let Kind::Append(t) = *k {
                if let Some(list) = at_token.get(&t) {
                    occ.extend_from_slice(list);
                }
            }
            occ_start[i + 1] = occ.len() as u32;
        }
        let mut offset = Vec::with_capacity(groups + 1);
        let mut acc = 0u32;
        for g in 0..groups as u32 {
            offset.push(acc);
            acc += model.get_text(g).len() as u32;
        }
        offset.push(acc);
        let mut count = vec![0u32; acc as usize];
        for &(g, start, len) in &occ {
            let base = offset[g as usize] + start;
            for c in &mut count[base as usize..(base + len) as usize] {
                *c += 1;
            }
        }
        let mut cover = Cover {
            occ_start,
            occ,
            offset,
            region,
            count,
            uncovered: vec![0; groups],
            list: Vec::new(),
            place: vec![NONE; groups],
        };
        for g in 0..groups {
            let (from, to) = (cover.offset[g] + cover.region[g], cover.offset[g + 1]);
            let n = cover.count[from as usize..to as usize]
                .iter()
                .filter(|&&c| c == 0)
                .count() as u32;
            cover.set_uncovered(g, n);
        }
        Some(cover)
    }

    fn set_uncovered(&mut self, g: usize, n: u32) {
        let before = self.uncovered[g];
        self.uncovered[g] = n;
        if before == 0 && n > 0 {
            self.place[g] = self.list.len() as u32;
            self.list.push(g as u32);
        } else if before > 0 && n == 0 {
            let at = self.place[g] as usize;
            let last = *self.list.last().expect("listed");
            self.list.swap_remove(at);
            if last as usize != g {
                self.place[last as usize] = at as u32;
            }
            self.place[g] = NONE;
        }
    }

    /// Op `i` is linearized (`d = -1`) or put back (`d = 1`).
    pub(crate) fn apply(&mut self, i: usize, d: i32) {
        for k in self.occ_start[i]..self.occ_start[i + 1] {
            let (g, start, len) = self.occ[k as usize];
            let g = g as usize;
            let region_from = self.region[g];
            let mut n = self.uncovered[g];
            for pos in start..start + len {
                let c = &mut self.count[(self.offset[g] + pos) as usize];
                if d < 0 {
                    *c -= 1;
                    if *c == 0 && pos >= region_from {
                        n += 1;
                    }
                } else {
                    if *c == 0 && pos >= region_from {
                        n -= 1;
                    }
                    *c += 1;
                }
            }
            self.set_uncovered(g, n);
        }
    }

    /// The values with a byte of their needed region that no unlinearized append covers.
    pub(crate) fn short_values(&self) -> &[u32] {
        &self.list
    }
}
