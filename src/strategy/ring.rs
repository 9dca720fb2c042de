//! `ring`: the seed's consistent-hash ring (the default). V virtual nodes `"n:i"` per node at `P("n:i")`; a
//! key belongs to the first virtual node strictly after `P(key)` (`bisect_right`), wrapping; ties: the
//! last inserted wins. See [`crate::ring`] for the exact rule and its tests against the seed.
//!
//! Weighted, node `n` has `V·w(n)` virtual nodes `"n:0"` … `"n:{V·w(n)−1}"` (Cassandra's per-node
//! `num_tokens`), inserted in list order and each node's by index: with every weight 1, the seed's ring.

use super::{
    placing, table, walk_replicas, Build, Built, Input, KeyRef, Making, Picture, Strategy, Table,
    Uses,
};
use crate::pace::{Pace, Part};
use crate::ring::{MakingRing, Position, Ring};

/// The ring of `nodes` with `V·w(n)` virtual nodes of each node `n` (exactly `V` each when no node
/// weighs other than 1), to be built a part at a time from the cache of virtual-node positions.
pub fn making_ring(input: &Input, nodes: &[&str]) -> MakingRing {
    let settings = &input.settings;
    if settings.weights.is_empty() {
        return MakingRing::new(nodes, settings.vnodes);
    }
    MakingRing::weighted(nodes, &settings.vnode_counts(nodes))
}

/// The seed's ring.
pub struct RingStrategy;

impl Strategy for RingStrategy {
    fn name(&self) -> &'static str {
        "ring"
    }
    fn title(&self) -> &'static str {
        "Consistent hashing ring"
    }
    fn caption(&self) -> &'static str {
        "A change moves only the keys next to the node that left or came (about K/N), with no central \
         table; it needs many virtual nodes per node to avoid hot spots."
    }
    fn uses(&self) -> Uses {
        Uses {
            vnodes: true,
            weights: true,
            ..Uses::default()
        }
    }
    fn begin(&self, input: &mut Input, nodes: &[&str]) -> Box<dyn Making> {
        Box::new(Built::new(
            making_ring(input, nodes),
            placing(self),
            |t: &RingTable, keys, owners| t.0.assign_to(keys.positions, owners),
            table,
        ))
    }
}

/// The ring built a part at a time is the ring strategy's structure.
impl Build for MakingRing {
    type Made = RingTable;
    fn part(&mut self, input: &mut Input, pace: &mut Pace) -> Part<RingTable> {
        match MakingRing::part(self, input.vnode_cache, pace) {
            Part::Done(ring) => Part::Done(RingTable(ring)),
            Part::Did { items, ended } => Part::Did { items, ended },
        }
    }
}

/// The ring as a lookup structure: sorted positions and their nodes.
pub struct RingTable(pub Ring);

/// Bytes of a ring: a 128-bit position and a 32-bit node index per virtual node.
pub fn ring_bytes(ring: &Ring) -> usize {
    ring.len() * (size_of::<Position>() + size_of::<u32>())
}

impl Table for RingTable {
    fn lookup(&self, key: KeyRef) -> u32 {
        self.0
            .owner_of(key.position)
            .unwrap_or(crate::ring::NO_OWNER)
    }
    fn bytes(&self) -> usize {
        ring_bytes(&self.0)
    }
    fn picture(&self) -> Picture<'_> {
        Picture::Ring(&self.0)
    }
    /// Dynamo's preference list (Cassandra's SimpleStrategy): from the key's virtual node clockwise, the
    /// first `r` distinct physical nodes.
    fn replicas(
        &self,
        positions: &[Position],
        _owners: &[u32],
        nodes: usize,
        r: usize,
    ) -> Vec<u32> {
        let slots = self.0.assign_slots(positions);
        walk_replicas(self.0.owners(), &slots, nodes, r)
    }
}
