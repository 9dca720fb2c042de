//! `rendezvous` (highest random weight, Thaler & Ravishankar 1996): every node scores every key,
//! `mix(h64(key) XOR h64(node))` with the splitmix64 finalizer, and the highest score wins (ties: the lower
//! list index). A change moves only the keys the leaving node had, or the ones the new node wins.

use super::{
    h64, placing, table, Input, KeyRef, KeysBy, ListsChange, Making, Picture, Placed, Step,
    Strategy, Table, CHANGING_KEYS,
};
use crate::ring::{position, Position};
use std::rc::Rc;

/// Highest random weight.
pub struct Rendezvous;

/// The splitmix64 finalizer: `z ^= z >> 30; z *= 0xbf58476d1ce4e5b9; z ^= z >> 27;
/// z *= 0x94d049bb133111eb; z ^= z >> 31` (mod 2^64).
pub fn splitmix64(mut z: u64) -> u64 {
    z ^= z >> 30;
    z = z.wrapping_mul(0xbf58476d1ce4e5b9);
    z ^= z >> 27;
    z = z.wrapping_mul(0x94d049bb133111eb);
    z ^ (z >> 31)
}

impl Strategy for Rendezvous {
    fn name(&self) -> &'static str {
        "rendezvous"
    }
    fn title(&self) -> &'static str {
        "Rendezvous (highest random weight)"
    }
    fn caption(&self) -> &'static str {
        "Minimal moves and an even spread with no table at all, at the price of scoring every node for \
         every lookup (N hashes per key)."
    }
    /// Only the keys the change concerns are scored again: a removed node's keys go to their best
    /// remaining node; an added node takes the keys where it outscores the owner (a tie stays with the
    /// owner, the lower index).
    fn change(&self, input: &mut Input, nodes: &[&str], step: Step, before: &Placed) -> Placed {
        let changed = Changed::new(nodes, step);
        let owners = before
            .owners
            .iter()
            .zip(input.keys.positions())
            .map(|(&o, &p)| changed.owner(o, p))
            .collect();
        Placed {
            owners,
            table: Rc::new(changed.after),
        }
    }
    fn begin_change(
        &self,
        _input: &mut Input,
        nodes: &[&str],
        step: Step,
        before: &Rc<Placed>,
    ) -> Box<dyn Making> {
        Box::new(
            KeysBy::new(
                Changed::new(nodes, step),
                CHANGING_KEYS.of(self.name()),
                |c, keys, owners| {
                    owners.extend(
                        keys.before
                            .iter()
                            .zip(keys.positions)
                            .map(|(&o, &p)| c.owner(o, p)),
                    )
                },
                |c| table(c.after),
            )
            .after(before.clone()),
        )
    }
    /// N scores per key: 1M keys over 100 nodes take over 100 ms.
    fn place_in_parts(&self) -> bool {
        true
    }
    fn key_cost(&self, nodes: usize) -> usize {
        nodes.max(1)
    }
    fn begin(&self, _input: &mut Input, nodes: &[&str]) -> Box<dyn Making> {
        Box::new(
            KeysBy::new(
                RendezvousTable::new(nodes),
                placing(self),
                |t, keys, owners| owners.extend(keys.positions.iter().map(|&p| t.owner(h64(p)))),
                table,
            )
            .weighted(self.key_cost(nodes.len())),
        )
    }
}

/// A change, to derive each key's owner after it from its owner before.
struct Changed {
    /// The table after the change.
    after: RendezvousTable,
    /// The removed node's index; or the added node's index and `h64` of its name.
    removed: Option<u32>,
    added: (u32, u64),
}

impl Changed {
    fn new(nodes: &[&str], step: Step) -> Changed {
        let after = RendezvousTable::new(&step.apply(nodes));
        match step {
            Step::Remove(r) => Changed {
                after,
                removed: Some(r as u32),
                added: (0, 0),
            },
            Step::Add(name) => Changed {
                after,
                removed: None,
                added: (nodes.len() as u32, h64(position(name))),
            },
        }
    }

    /// The owner after the change of the key at `p`, whose owner before it was `o`.
    fn owner(&self, o: u32, p: Position) -> u32 {
        match self.removed {
            Some(r) => match o.cmp(&r) {
                std::cmp::Ordering::Equal => self.after.owner(h64(p)),
                std::cmp::Ordering::Greater => o - 1,
                std::cmp::Ordering::Less => o,
            },
            None => {
                let (new, h_new) = self.added;
                let k = h64(p);
                if splitmix64(k ^ h_new) > splitmix64(k ^ self.after.0[o as usize]) {
                    new
                } else {
                    o
                }
            }
        }
    }
}

/// `h64` of every node name.
pub struct RendezvousTable(Vec<u64>);

impl RendezvousTable {
    fn new(nodes: &[&str]) -> RendezvousTable {
        RendezvousTable(nodes.iter().map(|n| h64(position(n))).collect())
    }

    fn owner(&self, key: u64) -> u32 {
        let mut best = (0u64, 0u32);
        for (i, &h) in self.0.iter().enumerate() {
            let score = splitmix64(key ^ h);
            // Strictly greater: on a tie the lower index, met first, stays.
            if score > best.0 || i == 0 {
                best = (score, i as u32);
            }
        }
        best.1
    }
}

impl Table for RendezvousTable {
    fn lookup(&self, key: KeyRef) -> u32 {
        self.owner(h64(key.position))
    }
    fn bytes(&self) -> usize {
        self.0.len() * size_of::<u64>()
    }
    fn picture(&self) -> Picture<'_> {
        Picture::Formula("owner = argmax over nodes of mix(h64(key) ⊕ h64(node))")
    }
    /// The `r` highest scores, best first (ties: the lower index first).
    fn replicas(
        &self,
        positions: &[Position],
        _owners: &[u32],
        _nodes: usize,
        r: usize,
    ) -> Vec<u32> {
        let mut out = Vec::with_capacity(positions.len() * r);
        let mut top = Vec::with_capacity(r + 1);
        for &p in positions {
            self.best(h64(p), r, &mut top);
            out.extend(top.iter().map(|&(_, i)| i));
        }
        out
    }
    /// A removal changes only the lists that held the removed node (about r/N of them); an addition
    /// only inserts the new node where it outscores the last of a list. Lists before that are shorter
    /// than the ones asked for do not hold the nodes ranked after them: none is derived then.
    fn replicas_after(&self, c: ListsChange) -> Option<Vec<u32>> {
        let (r, rb) = (c.r, c.r_before);
        if rb < r {
            return None;
        }
        let mut out = Vec::with_capacity(c.positions.len() * r);
        let mut top = Vec::with_capacity(r + 1);
        let lists = c.before.chunks_exact(rb).zip(c.positions);
        match c.step {
            Step::Remove(x) => {
                let x = x as u32;
                for (list, &p) in lists {
                    let kept = list
                        .iter()
                        .filter(|&&n| n != x)
                        .map(|&n| n - (n > x) as u32);
                    if !list.contains(&x) || rb > r {
                        // The best r of the rest are still the first r of the list without x.
                        out.extend(kept.take(r));
                    } else {
                        self.best(h64(p), r, &mut top);
                        out.extend(top.iter().map(|&(_, i)| i));
                    }
                }
            }
            Step::Add(_) => {
                let new = (self.0.len() - 1) as u32;
                let h_new = self.0[new as usize];
                for (list, &p) in lists {
                    let k = h64(p);
                    let s_new = splitmix64(k ^ h_new);
                    // Before the first entry it strictly outscores (a tie stays with the lower index).
                    let at = list
                        .iter()
                        .position(|&n| s_new > splitmix64(k ^ self.0[n as usize]))
                        .unwrap_or(rb);
                    let mut placed = 0;
                    for (j, &n) in list.iter().enumerate() {
                        if j == at && placed < r {
                            out.push(new);
                            placed += 1;
                        }
                        if placed < r {
                            out.push(n);
                            placed += 1;
                        }
                    }
                    if at == rb && placed < r {
                        out.push(new);
                    }
                }
            }
        }
        Some(out)
    }
}

impl RendezvousTable {
    /// The `r` best nodes for hashed key `k` into `top` as (score, index), best first (ties: the lower
    /// index first). Up to [`BEST_MAX`] by insertion into a small array (the replicas); more (a whole
    /// order, as the history's stand-ins need) by sorting every score.
    fn best(&self, k: u64, r: usize, top: &mut Vec<(u64, u32)>) {
        if r > BEST_MAX {
            top.clear();
            top.extend(
                self.0
                    .iter()
                    .enumerate()
                    .map(|(i, &h)| (splitmix64(k ^ h), i as u32)),
            );
            top.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            top.truncate(r);
            return;
        }
        let mut best = [(0u64, 0u32); BEST_MAX];
        let mut len = 0;
        for (i, &h) in self.0.iter().enumerate() {
            let score = splitmix64(k ^ h);
            if len == r {
                // Equal to the last: the lower index, already in, stays.
                if score <= best[r - 1].0 {
                    continue;
                }
                len -= 1;
            }
            // Insertion after every entry scoring at least as much.
            let mut j = len;
            while j > 0 && best[j - 1].0 < score {
                best[j] = best[j - 1];
                j -= 1;
            }
            best[j] = (score, i as u32);
            len += 1;
        }
        top.clear();
        top.extend_from_slice(&best[..len]);
    }
}

/// Most nodes [`RendezvousTable::best`] ranks per key (the page asks for at most 5).
const BEST_MAX: usize = 8;
