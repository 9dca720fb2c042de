//! `bounded`: consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam, 2018) on the seed's
//! ring. Capacity `C = ⌈c·K/N⌉`, computed in integers as `⌈c100·K / (100·N)⌉` (c = 1.25 is c100 = 125;
//! 1.00..3.00 in steps of 0.05). Keys are placed in index order `user_0, user_1, …`: each starts at its
//! ring owner's slot (the virtual node the seed's `get_node` picks) and walks clockwise, wrapping, to the
//! first virtual node whose node holds fewer than C keys. A change recomputes everything from scratch
//! with the new list's N and C.
//!
//! Weighted: the weighted ring (node `n` with `V·w(n)` virtual nodes, as `ring`), and a capacity per
//! node `C(n) = ⌈c100·K·w(n) / (100·W)⌉`; with every weight 1 (or all equal) it is `C` above.

use super::ring::{making_ring, ring_bytes};
use super::{
    table, Build, Built, Input, KeyRef, Making, Picture, Strategy, Table, Uses, ORDERING_OWNERS,
};
use crate::pace::{clear_part, Pace, Part, Work};
use crate::ring::{MakingRing, Ring};

/// Consistent hashing with bounded loads.
pub struct Bounded;

/// The capacity `⌈c100·K / (100·N)⌉`.
///
/// ```
/// assert_eq!(ring_playground::strategy::capacity(125, 5000, 4), 1563);
/// assert_eq!(ring_playground::strategy::capacity(105, 5000, 5), 1050);
/// ```
pub fn capacity(c100: u32, keys: u32, nodes: usize) -> u64 {
    weighted_capacity(c100, keys, 1, nodes as u64)
}

/// The capacity of a node of weight `weight` among nodes of total weight `total`:
/// `⌈c100·K·w / (100·W)⌉`, in integers.
///
/// ```
/// // strategies.md: db1 of weight 3 among db1..db4 (W = 6), c = 1.05, 5,000 keys; db2 of weight 1.
/// assert_eq!(ring_playground::strategy::weighted_capacity(105, 5000, 3, 6), 2625);
/// assert_eq!(ring_playground::strategy::weighted_capacity(105, 5000, 1, 6), 875);
/// ```
pub fn weighted_capacity(c100: u32, keys: u32, weight: u32, total: u64) -> u64 {
    let wanted = c100 as u128 * keys as u128 * weight as u128;
    wanted.div_ceil(100 * total.max(1) as u128) as u64
}

impl Strategy for Bounded {
    fn name(&self) -> &'static str {
        "bounded"
    }
    fn title(&self) -> &'static str {
        "Bounded loads"
    }
    fn caption(&self) -> &'static str {
        "No node ever holds more than c times its fair share, so no hot spot from bad luck on the ring; \
         the price is state: where a key lands depends on every key before it, so the map must be kept."
    }
    fn uses(&self) -> Uses {
        Uses {
            vnodes: true,
            c: true,
            weights: true,
            ..Uses::default()
        }
    }
    fn pointwise(&self) -> bool {
        false
    }
    fn begin(&self, input: &mut Input, nodes: &[&str]) -> Box<dyn Making> {
        let weights = input.settings.weights.of_nodes(nodes);
        let total = super::total(&weights);
        let (c100, keys) = (input.settings.c100, input.keys.len());
        let caps = weights
            .iter()
            .map(|&w| weighted_capacity(c100, keys, w, total))
            .collect();
        let walking = Walking {
            ring: making_ring(input, nodes),
            caps,
            walk: None,
        };
        Box::new(Built::new(
            walking,
            ORDERING_OWNERS,
            |t, keys, owners| {
                let by_number = &t.by_number[..];
                owners.extend(keys.numbers.iter().map(|&i| by_number[i as usize]))
            },
            table,
        ))
    }
}

/// Keys' ring slots found, by number (items: keys).
pub const FINDING_SLOTS: Work = Work::new("finding slots", usize::MAX, 4_000).of("bounded");
/// Keys walked to an open slot, in number order (items: keys).
pub const WALKING: Work = Work::new("walking to open slots", usize::MAX, 4_000).of("bounded");

/// Owner of every key by number, made a part at a time: the ring built, each key's ring slot found
/// (keys in position order, kept by number), then each key, in number order, walks clockwise from its
/// slot to the first slot whose node `n` holds fewer than `caps[n]` keys. Full nodes' slots are skipped by a
/// "next open slot" forest with path compression, so the walk costs near-constant time per key.
struct Walking {
    ring: MakingRing,
    /// Each node's capacity.
    caps: Vec<u64>,
    walk: Option<Walk>,
}

/// The walk's state once the ring is built.
struct Walk {
    ring: Ring,
    /// Keys whose slot is found (in position order), and each key's slot by number.
    found: usize,
    slot_by_number: Vec<u32>,
    slots: Vec<u32>,
    /// next[j] == j: slot j is open; otherwise look further along (wrapping at the end to 0).
    next: Vec<u32>,
    slots_of: Vec<Vec<u32>>,
    load: Vec<u64>,
    by_number: Vec<u32>,
}

impl Build for Walking {
    type Made = BoundedTable;
    fn part(&mut self, input: &mut Input, pace: &mut Pace) -> Part<BoundedTable> {
        let keys = input.keys;
        let Some(w) = &mut self.walk else {
            let ring = match self.ring.part(input.vnode_cache, pace) {
                Part::Done(ring) => ring,
                Part::Did { items, ended } => return Part::Did { items, ended },
            };
            let owners = ring.owners();
            let mut slots_of: Vec<Vec<u32>> = vec![Vec::new(); ring.node_count()];
            for (j, &node) in owners.iter().enumerate() {
                slots_of[node as usize].push(j as u32);
            }
            self.walk = Some(Walk {
                found: 0,
                slot_by_number: Vec::new(),
                slots: Vec::new(),
                next: (0..ring.len() as u32).collect(),
                load: vec![0; ring.node_count()],
                slots_of,
                by_number: Vec::with_capacity(keys.len() as usize),
                ring,
            });
            return Part::Did {
                items: 1,
                ended: true,
            };
        };
        let len = keys.len() as usize;
        if w.slot_by_number.len() < len {
            let cleared = clear_part(&mut w.slot_by_number, len, pace);
            return Part::Did {
                items: 1,
                ended: cleared,
            };
        }
        if w.found < len {
            let (from, to) = (
                w.found,
                len.min(w.found.saturating_add(pace.size(FINDING_SLOTS))),
            );
            w.slots.clear();
            w.ring
                .assign_slots_to(&keys.positions()[from..to], &mut w.slots);
            let slot_by_number = &mut w.slot_by_number[..];
            for (&number, &slot) in keys.numbers()[from..to].iter().zip(&w.slots) {
                slot_by_number[number as usize] = slot;
            }
            w.found = to;
            pace.did(FINDING_SLOTS, to - from);
            return Part::Did {
                items: to - from,
                ended: to == len,
            };
        }
        let from = w.by_number.len();
        let to = len.min(from.saturating_add(pace.size(WALKING)));
        let (owners, slots, caps) = (w.ring.owners(), w.ring.len() as u32, &self.caps[..]);
        let (next, load, slots_of) = (&mut w.next[..], &mut w.load[..], &w.slots_of[..]);
        let (slot_by_number, by_number) = (&w.slot_by_number[..], &mut w.by_number);
        for &start in &slot_by_number[from..to] {
            let slot = find_open(next, start);
            let node = owners[slot as usize];
            by_number.push(node);
            load[node as usize] += 1;
            if load[node as usize] == caps[node as usize] {
                for &j in &slots_of[node as usize] {
                    next[j as usize] = (j + 1) % slots;
                }
            }
        }
        pace.did(WALKING, to - from);
        if to < len {
            return Part::Did {
                items: to - from,
                ended: false,
            };
        }
        let w = self.walk.take().expect("walking");
        Part::Done(BoundedTable {
            ring: w.ring,
            by_number: w.by_number,
        })
    }
}

/// The first open slot at or after `j`, compressing the path walked.
fn find_open(next: &mut [u32], j: u32) -> u32 {
    let mut root = j;
    let mut steps = 0usize;
    while next[root as usize] != root {
        root = next[root as usize];
        steps += 1;
        assert!(steps <= next.len(), "bounded loads: every node is full");
    }
    let mut at = j;
    while next[at as usize] != root && at != root {
        let after = next[at as usize];
        next[at as usize] = root;
        at = after;
    }
    root
}

/// The ring, and where every key went (the owner depends on the keys before it, so it must be kept).
pub struct BoundedTable {
    ring: Ring,
    by_number: Vec<u32>,
}

impl Table for BoundedTable {
    fn lookup(&self, key: KeyRef) -> u32 {
        self.by_number[key.number as usize]
    }
    fn bytes(&self) -> usize {
        ring_bytes(&self.ring) + self.by_number.len() * size_of::<u32>()
    }
    fn picture(&self) -> Picture<'_> {
        Picture::Ring(&self.ring)
    }
}
