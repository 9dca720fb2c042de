//! `bounded`: consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam, 2018) on the seed's
//! ring. Capacity `C = ⌈c·K/N⌉`, computed in integers as `⌈c100·K / (100·N)⌉` (c = 1.25 is c100 = 125;
//! 1.00..3.00 in steps of 0.05). Keys are placed in index order `user_0, user_1, …`: each starts at its
//! ring owner's slot (the virtual node the seed's `get_node` picks) and walks clockwise, wrapping, to the
//! first virtual node whose node holds fewer than C keys. A change recomputes everything from scratch
//! with the new list's N and C.
//!
//! Weighted: the weighted ring (node `n` with `V·w(n)` virtual nodes, as `ring`), and a capacity per
//! node `C(n) = ⌈c100·K·w(n) / (100·W)⌉`; with every weight 1 (or all equal) it is `C` above.

use super::ring::{ring_bytes, weighted_ring};
use super::{in_key_order, Input, KeyRef, Picture, Placed, Strategy, Table, Uses};
use crate::ring::Ring;
use std::rc::Rc;

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
    fn place(&self, input: &mut Input, nodes: &[&str]) -> Placed {
        let ring = weighted_ring(input, nodes);
        let weights = input.settings.weights.of_nodes(nodes);
        let total = super::total(&weights);
        let (c100, keys) = (input.settings.c100, input.keys.len());
        let caps: Vec<u64> = weights
            .iter()
            .map(|&w| weighted_capacity(c100, keys, w, total))
            .collect();
        let by_number = place_bounded(&ring, input, &caps);
        Placed {
            owners: in_key_order(input.keys, &by_number),
            table: Rc::new(BoundedTable { ring, by_number }),
        }
    }
}

/// Owner of every key by number: each key, in number order, walks clockwise from its ring slot to the
/// first slot whose node `n` holds fewer than `caps[n]` keys. Full nodes' slots are skipped by a "next open slot"
/// forest with path compression, so the walk costs near-constant time per key.
fn place_bounded(ring: &Ring, input: &Input, caps: &[u64]) -> Vec<u32> {
    let keys = input.keys;
    let slots = ring.len();
    let mut slot_by_number = vec![0u32; keys.len() as usize];
    for (&number, slot) in keys
        .numbers()
        .iter()
        .zip(ring.assign_slots(keys.positions()))
    {
        slot_by_number[number as usize] = slot;
    }
    let owners = ring.owners();
    let mut slots_of: Vec<Vec<u32>> = vec![Vec::new(); ring.node_count()];
    for (j, &node) in owners.iter().enumerate() {
        slots_of[node as usize].push(j as u32);
    }
    // next[j] == j: slot j is open; otherwise look further along (wrapping at `slots` to 0).
    let mut next: Vec<u32> = (0..slots as u32).collect();
    let mut load = vec![0u64; ring.node_count()];
    let mut by_number = vec![0u32; keys.len() as usize];
    for (number, &start) in slot_by_number.iter().enumerate() {
        let slot = find_open(&mut next, start);
        let node = owners[slot as usize];
        by_number[number] = node;
        load[node as usize] += 1;
        if load[node as usize] == caps[node as usize] {
            for &j in &slots_of[node as usize] {
                next[j as usize] = (j + 1) % slots as u32;
            }
        }
    }
    by_number
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
