//! `jump`: Lamping & Veach's jump consistent hash (2014): `owner = JumpConsistentHash(h64(key), N)`, the
//! paper's code with its 64-bit LCG and double arithmetic. It only ever adds or drops the *last* bucket:
//! removing another node renumbers the ones after it, and their keys move too.

use super::{
    h64, placing, table, Input, KeyRef, KeysBy, Making, Picture, Placed, Step, Strategy, Table,
    CHANGING_KEYS,
};
use crate::ring::Position;
use std::rc::Rc;

/// Jump consistent hash.
pub struct Jump;

/// The paper's `JumpConsistentHash(key, num_buckets)`, exactly.
///
/// ```
/// use ring_playground::strategy::jump_hash;
/// assert_eq!(jump_hash(0, 1), 0);
/// assert!(jump_hash(0xDEAD_BEEF, 10) < 10);
/// ```
pub fn jump_hash(mut key: u64, buckets: u32) -> u32 {
    let (mut b, mut j) = (-1i64, 0i64);
    while j < buckets as i64 {
        b = j;
        key = key.wrapping_mul(2862933555777941757).wrapping_add(1);
        j = ((b + 1) as f64 * ((1i64 << 31) as f64 / ((key >> 33) + 1) as f64)) as i64;
    }
    b as u32
}

/// [`jump_hash`] of many keys at once: the same arithmetic per key, eight keys in lockstep so that their
/// divisions overlap (one key's loop is a chain of dependent divisions; eight chains keep the divider
/// busy). About twice as fast for a million keys.
pub fn jump_many(keys: impl ExactSizeIterator<Item = u64>, buckets: u32) -> Vec<u32> {
    let mut out = Vec::with_capacity(keys.len());
    jump_many_into(keys, buckets, &mut out);
    out
}

/// [`jump_many`] appending to `out` (for a part of the keys).
fn jump_many_into(keys: impl ExactSizeIterator<Item = u64>, buckets: u32, out: &mut Vec<u32>) {
    const LANES: usize = 8;
    let n = buckets as i64;
    out.reserve(keys.len());
    let mut keys = keys.peekable();
    while keys.peek().is_some() {
        let mut key = [0u64; LANES];
        let mut lanes = 0;
        for (slot, k) in key.iter_mut().zip(keys.by_ref()) {
            *slot = k;
            lanes += 1;
        }
        let (mut b, mut j) = ([-1i64; LANES], [0i64; LANES]);
        loop {
            let mut running = false;
            for l in 0..lanes {
                if j[l] < n {
                    running = true;
                    b[l] = j[l];
                    key[l] = key[l].wrapping_mul(2862933555777941757).wrapping_add(1);
                    j[l] = ((b[l] + 1) as f64 * ((1i64 << 31) as f64 / ((key[l] >> 33) + 1) as f64))
                        as i64;
                }
            }
            if !running {
                break;
            }
        }
        out.extend(b[..lanes].iter().map(|&x| x as u32));
    }
}

impl Strategy for Jump {
    fn name(&self) -> &'static str {
        "jump"
    }
    fn title(&self) -> &'static str {
        "Jump consistent hash"
    }
    fn caption(&self) -> &'static str {
        "No memory and a near-perfect spread, with minimal moves when the last node is added or removed; \
         but nodes are numbered buckets, so losing a node in the middle renumbers the rest."
    }
    /// About 20 ms for 1M keys natively, twice that in the browser: made in parts there.
    fn place_in_parts(&self) -> bool {
        true
    }
    fn begin(&self, _input: &mut Input, nodes: &[&str]) -> Box<dyn Making> {
        Box::new(KeysBy::new(
            JumpTable(nodes.len() as u32),
            placing(self),
            |t, keys, owners| jump_many_into(keys.positions.iter().map(|&p| h64(p)), t.0, owners),
            table,
        ))
    }
    /// Removing a node: a key's bucket among N − 1 is its bucket among N unless that was the last one, so
    /// only the last bucket's keys are looked up again (bucket numbers are indices into the new list).
    fn change(&self, input: &mut Input, nodes: &[&str], step: Step, before: &Placed) -> Placed {
        let n = nodes.len() as u32;
        match step {
            Step::Remove(_) if n > 1 => Placed {
                owners: before
                    .owners
                    .iter()
                    .zip(input.keys.positions())
                    .map(|(&b, &p)| off_the_last(b, p, n - 1))
                    .collect(),
                table: Rc::new(JumpTable(n - 1)),
            },
            _ => self.place(input, &step.apply(nodes)),
        }
    }
    fn begin_change(
        &self,
        input: &mut Input,
        nodes: &[&str],
        step: Step,
        before: &Rc<Placed>,
    ) -> Box<dyn Making> {
        let n = nodes.len() as u32;
        match step {
            Step::Remove(_) if n > 1 => Box::new(
                KeysBy::new(
                    JumpTable(n - 1),
                    CHANGING_KEYS.of(self.name()),
                    |t, keys, owners| {
                        owners.extend(
                            keys.before
                                .iter()
                                .zip(keys.positions)
                                .map(|(&b, &p)| off_the_last(b, p, t.0)),
                        )
                    },
                    table,
                )
                .after(before.clone()),
            ),
            _ => self.begin(input, &step.apply(nodes)),
        }
    }
    fn change_note(&self, nodes: &[&str], step: Step) -> Option<String> {
        match step {
            Step::Remove(r) if r + 1 < nodes.len() => Some(format!(
                "Jump can only drop the last bucket: removing {} renumbers the {} nodes after it, so keys \
                 also move between nodes that stay.",
                nodes[r],
                nodes.len() - 1 - r
            )),
            _ => None,
        }
    }
}

/// A key's bucket among `n` once the last of `n + 1` buckets is gone: its bucket `b` among `n + 1` unless
/// that was the last one, so only the last bucket's keys are looked up again.
fn off_the_last(b: u32, p: Position, n: u32) -> u32 {
    if b == n {
        jump_hash(h64(p), n)
    } else {
        b
    }
}

/// Only N.
pub struct JumpTable(u32);

impl Table for JumpTable {
    fn lookup(&self, key: KeyRef) -> u32 {
        jump_hash(h64(key.position), self.0)
    }
    fn bytes(&self) -> usize {
        0
    }
    fn picture(&self) -> Picture<'_> {
        Picture::Formula("owner = jump(h64(key), N)")
    }
}
