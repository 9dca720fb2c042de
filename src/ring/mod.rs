//! The seed page's consistent-hash ring, exactly: MD5 positions, `"node:i"` virtual nodes, bisect-right lookup.
//!
//! # The rule, exactly
//! * The position of a string `s` is the MD5 digest of its UTF-8 bytes read as one 128-bit **big-endian**
//!   unsigned integer (Python: `int(hashlib.md5(s.encode()).hexdigest(), 16)`). See [`position`].
//! * Virtual node `i` of node `n` sits at `position(format!("{n}:{i}"))` for `i` in `0..vnodes` (a node of
//!   weight `w` has `vnodes·w` of them: [`VnodeCache::weighted_ring`]).
//! * The owner of a key is the node of the first virtual node whose position is **strictly greater** than
//!   the key's position (`bisect_right`); past the last position it wraps to the first.
//! * **Ties.** When two virtual nodes share a position, the seed's `self.ring[hash] = node` keeps the one
//!   inserted last: the later node in the node list, and for the same node the larger `i`. [`Ring`] keeps
//!   exactly that one, so a tie can never make our owner differ from the seed's.
//!
//! # Speed
//! Key positions are hashed once ([`KeySet`]) and kept sorted; virtual-node positions are hashed once per
//! node name ([`VnodeCache`]). Assigning sorted keys to a ring is then one linear merge ([`Ring::assign`]).

mod build;
mod keys;

pub use build::{
    sort_uniform, MakingRing, BUCKETING_POINTS, GATHERING_POINTS, HASHING_VNODES, SORTING_POINTS,
};
pub use keys::{
    default_threads, hash_keys, hash_keys_on, KeySet, CHOOSING_KEYS, HASHING_KEYS, MERGING_KEYS,
    SORTING_KEYS,
};

use crate::pace::Pace;
use md5::{Digest, Md5};
use std::collections::HashMap;

/// A position on the ring: MD5 of a string as a big-endian 128-bit integer (defined beside the batch MD5
/// that makes most of them, [`crate::md5x`], so that it reads nothing of the ring).
pub use crate::md5x::Position;

/// Position of `s` on the ring: the MD5 digest of its UTF-8 bytes, read big-endian.
///
/// ```
/// // RFC 1321: MD5("abc") = 900150983cd24fb0d6963f7d28e17f72
/// assert_eq!(ring_playground::ring::position("abc"), 0x900150983cd24fb0d6963f7d28e17f72);
/// ```
pub fn position(s: &str) -> Position {
    u128::from_be_bytes(Md5::digest(s.as_bytes()).into())
}

/// The key names the page and the seed use: `user_0 .. user_{n-1}`.
pub fn key_name(i: u32) -> String {
    format!("user_{i}")
}

/// `position(&key_name(i))`, without building the string.
pub fn key_position(i: u32) -> Position {
    let mut digits = itoa::Buffer::new();
    u128::from_be_bytes(
        Md5::new()
            .chain_update(b"user_")
            .chain_update(digits.format(i))
            .finalize()
            .into(),
    )
}

/// Position of virtual node `i` of node `node`: `position("{node}:{i}")`.
pub fn vnode_position(node: &str, i: u32) -> Position {
    position(&format!("{node}:{i}"))
}

/// A built ring: virtual-node positions in ascending order, each with the index of its physical node.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ring {
    positions: Vec<Position>,
    owners: Vec<u32>,
    nodes: usize,
}

impl Ring {
    /// Builds the ring for `nodes` (in the seed's insertion order) with `vnodes` virtual nodes each.
    pub fn new<S: AsRef<str>>(nodes: &[S], vnodes: u32) -> Ring {
        let mut cache = VnodeCache::default();
        let names: Vec<&str> = nodes.iter().map(AsRef::as_ref).collect();
        cache.ring(&names, vnodes)
    }

    /// Builds the ring for `nodes` with `counts[n]` virtual nodes of node `n` (a weighted ring).
    pub fn with_counts<S: AsRef<str>>(nodes: &[S], counts: &[u32]) -> Ring {
        let mut cache = VnodeCache::default();
        let names: Vec<&str> = nodes.iter().map(AsRef::as_ref).collect();
        cache.weighted_ring(&names, counts)
    }

    /// Builds a ring from `(position, node index)` points given in the seed's insertion order.
    #[cfg(test)]
    fn from_points(points: Vec<(Position, u32)>, nodes: usize) -> Ring {
        let mut making = MakingRing::of_points(points, nodes);
        let mut cache = VnodeCache::default();
        loop {
            if let Some(ring) = making.step(&mut cache, &mut Pace::whole()) {
                return ring;
            }
        }
    }

    /// Replaces node index `i` by `ids[i]` in every owner (to number nodes in a larger list).
    pub fn relabel(&mut self, ids: &[u32]) {
        for owner in &mut self.owners {
            *owner = ids[*owner as usize];
        }
    }

    /// Number of distinct positions on the ring.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// True when the ring has no node (every lookup has no owner).
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Number of physical nodes the ring was built from.
    pub fn node_count(&self) -> usize {
        self.nodes
    }

    /// Virtual-node positions, ascending.
    pub fn positions(&self) -> &[Position] {
        &self.positions
    }

    /// Node index of each position in [`Ring::positions`].
    pub fn owners(&self) -> &[u32] {
        &self.owners
    }

    /// Index of the virtual node that owns `pos`: the first position strictly greater, wrapping to 0.
    pub fn slot_of(&self, pos: Position) -> Option<usize> {
        if self.is_empty() {
            return None;
        }
        let i = self.positions.partition_point(|&p| p <= pos);
        Some(if i == self.positions.len() { 0 } else { i })
    }

    /// Node index owning `pos` (the seed's `get_node`), or `None` on an empty ring.
    pub fn owner_of(&self, pos: Position) -> Option<u32> {
        self.slot_of(pos).map(|i| self.owners[i])
    }

    /// Index of the virtual node (into [`Ring::positions`]) owning each of `sorted` (ascending positions),
    /// by one linear merge. An empty ring owns nothing: every entry is [`NO_OWNER`].
    pub fn assign_slots(&self, sorted: &[Position]) -> Vec<u32> {
        let mut out = Vec::with_capacity(sorted.len());
        self.merge(sorted, &mut out, |slot| slot as u32);
        out
    }

    /// [`Ring::assign_slots`] appending to `out`, for a part of the keys (as [`Ring::assign_to`]).
    pub fn assign_slots_to(&self, sorted: &[Position], out: &mut Vec<u32>) {
        self.merge(sorted, out, |slot| slot as u32);
    }

    /// Node index owning each of `sorted` (ascending positions), by one linear merge.
    /// An empty ring owns nothing: every entry is [`NO_OWNER`].
    pub fn assign(&self, sorted: &[Position]) -> Vec<u32> {
        let mut out = Vec::with_capacity(sorted.len());
        self.assign_to(sorted, &mut out);
        out
    }

    /// [`Ring::assign`] appending to `out`: for a part of the keys, the same owners as the whole merge
    /// gives them (so the keys can be assigned a part at a time).
    pub fn assign_to(&self, sorted: &[Position], out: &mut Vec<u32>) {
        let owners = &self.owners[..];
        self.merge(sorted, out, |slot| owners[slot]);
    }

    /// `of(slot)` for the virtual node owning each of `sorted`, appended to `out`: the first position
    /// strictly greater, wrapping to 0, found by one walk along both sorted lists from where the first
    /// key falls.
    #[inline]
    fn merge(&self, sorted: &[Position], out: &mut Vec<u32>, of: impl Fn(usize) -> u32) {
        debug_assert!(
            sorted.windows(2).all(|w| w[0] <= w[1]),
            "assign needs ascending positions"
        );
        if self.is_empty() {
            out.resize(out.len() + sorted.len(), NO_OWNER);
            return;
        }
        let positions = &self.positions[..];
        let mut j = sorted
            .first()
            .map_or(0, |&k| positions.partition_point(|&p| p <= k));
        out.extend(sorted.iter().map(|&k| {
            while j < positions.len() && positions[j] <= k {
                j += 1;
            }
            of(if j == positions.len() { 0 } else { j })
        }));
    }
}

/// Owner recorded for a key when the ring is empty.
pub const NO_OWNER: u32 = u32::MAX;

/// Virtual-node positions per node name, hashed once and grown as more virtual nodes are asked for.
#[derive(Clone, Debug, Default)]
pub struct VnodeCache {
    by_name: HashMap<String, Vec<Position>>,
}

impl VnodeCache {
    /// Positions of virtual nodes `0..vnodes` of `node`, hashing only the ones not seen before.
    pub fn positions(&mut self, node: &str, vnodes: u32) -> &[Position] {
        let cached = self.by_name.entry(node.to_owned()).or_default();
        for i in cached.len() as u32..vnodes {
            cached.push(vnode_position(node, i));
        }
        &cached[..vnodes as usize]
    }

    /// Hashes at most `budget` of the positions [`VnodeCache::ring`] would need for `nodes` and
    /// `vnodes`; false when none was missing (so that a page can hash a big ring a part at a time).
    pub fn hash_some(&mut self, nodes: &[&str], vnodes: u32, budget: usize) -> bool {
        self.hash_part(nodes, vnodes, budget) > 0
    }

    /// The same, saying how many it hashed (fewer than `budget`: none is missing any more).
    pub fn hash_part(&mut self, nodes: &[&str], vnodes: u32, budget: usize) -> usize {
        self.hash_part_of(nodes, |_| vnodes, budget)
    }

    /// The same as [`VnodeCache::hash_some`] for [`VnodeCache::weighted_ring`]: `counts[n]` virtual nodes
    /// of node `n`.
    pub fn hash_some_counts(&mut self, nodes: &[&str], counts: &[u32], budget: usize) -> bool {
        self.hash_part_counts(nodes, counts, budget) > 0
    }

    /// The same, saying how many it hashed (fewer than `budget`: none is missing any more).
    pub fn hash_part_counts(&mut self, nodes: &[&str], counts: &[u32], budget: usize) -> usize {
        self.hash_part_of(nodes, |n| counts[n], budget)
    }

    fn hash_part_of(
        &mut self,
        nodes: &[&str],
        count: impl Fn(usize) -> u32,
        budget: usize,
    ) -> usize {
        let mut left = budget;
        for (n, name) in nodes.iter().enumerate() {
            if left == 0 {
                break;
            }
            let vnodes = count(n);
            let cached = self.by_name.entry((*name).to_owned()).or_default();
            let from = cached.len() as u32;
            if from >= vnodes {
                continue;
            }
            let to = vnodes.min(from.saturating_add(left.min(u32::MAX as usize) as u32));
            cached.extend((from..to).map(|i| vnode_position(name, i)));
            left -= (to - from) as usize;
        }
        budget - left
    }

    /// The ring for `nodes` with `vnodes` virtual nodes each, reusing cached positions (in one go: see
    /// [`MakingRing`] for a part at a time).
    pub fn ring(&mut self, nodes: &[&str], vnodes: u32) -> Ring {
        self.made(MakingRing::new(nodes, vnodes))
    }

    /// The ring for `nodes` with `counts[n]` virtual nodes `"n:0"` … of node `n` (a weighted ring:
    /// `V·w(n)`, Cassandra's per-node `num_tokens`), reusing cached positions. Inserted as the seed
    /// inserts: nodes in list order, each node's virtual nodes by index (in one go: see
    /// [`MakingRing::weighted`] for a part at a time).
    pub fn weighted_ring(&mut self, nodes: &[&str], counts: &[u32]) -> Ring {
        self.made(MakingRing::weighted(nodes, counts))
    }

    fn made(&mut self, mut making: MakingRing) -> Ring {
        loop {
            if let Some(ring) = making.step(self, &mut Pace::whole()) {
                return ring;
            }
        }
    }

    /// Which virtual node of `node` sits at `pos` (its `i` in `"node:i"`), among those hashed so far.
    pub fn index_of(&self, node: &str, pos: Position) -> Option<u32> {
        self.by_name
            .get(node)?
            .iter()
            .position(|&p| p == pos)
            .map(|i| i as u32)
    }

    /// The positions of `node`'s virtual nodes hashed so far (in `i` order).
    fn hashed(&self, node: &str) -> &[Position] {
        self.by_name.get(node).map_or(&[], Vec::as_slice)
    }

    /// Forgets the names not in `keep`, so the cache stays bounded while the user edits names.
    pub fn retain(&mut self, keep: &[&str]) {
        self.by_name.retain(|name, _| keep.contains(&name.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1321_vectors() {
        let vectors = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            (
                "abcdefghijklmnopqrstuvwxyz",
                "c3fcd3d76192e4007dfb496cca67e13b",
            ),
            (
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                "d174ab98d277d9f5a5611c2c9f419d9f",
            ),
            (
                "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                "57edf4a22be3c955ac49da2e2107b67a",
            ),
        ];
        for (input, hex) in vectors {
            assert_eq!(
                position(input),
                u128::from_str_radix(hex, 16).unwrap(),
                "MD5({input:?})"
            );
        }
    }

    #[test]
    fn position_is_big_endian_of_utf8() {
        // MD5("db1:0"), first byte most significant, as Python's int(hexdigest, 16).
        let digest: [u8; 16] = Md5::digest("db1:0".as_bytes()).into();
        assert_eq!(position("db1:0") >> 120, digest[0] as u128);
        // Non-ASCII names hash their UTF-8 bytes: "é" is c3 a9.
        assert_eq!(
            position("é"),
            u128::from_be_bytes(Md5::digest([0xc3, 0xa9]).into())
        );
    }

    #[test]
    fn lookup_is_bisect_right_and_wraps() {
        let ring = Ring::from_points(vec![(10, 0), (20, 1), (30, 2)], 3);
        assert_eq!(ring.owner_of(0), Some(0));
        assert_eq!(
            ring.owner_of(10),
            Some(1),
            "equal to a position goes to the next one"
        );
        assert_eq!(ring.owner_of(29), Some(2));
        assert_eq!(
            ring.owner_of(30),
            Some(0),
            "past the last position wraps to the first"
        );
        assert_eq!(ring.owner_of(u128::MAX), Some(0));
        assert_eq!(
            ring.assign(&[0, 10, 29, 30, u128::MAX]),
            vec![0, 1, 2, 0, 0]
        );
    }

    #[test]
    fn ties_keep_the_last_inserted() {
        // Points arrive node by node, as the seed inserts them: the later node wins a shared position.
        let ring = Ring::from_points(
            vec![(10, 0), (20, 0), (10, 1), (30, 2), (20, 2), (30, 2)],
            3,
        );
        assert_eq!(ring.positions(), &[10, 20, 30]);
        assert_eq!(ring.owners(), &[1, 2, 2]);
        // Duplicate names hash to the same positions: the later copy wins, like the seed's dict.
        let dup = Ring::new(&["a", "b", "a"], 5);
        assert!(dup.owners().iter().all(|&o| o == 1 || o == 2));
    }

    #[test]
    fn empty_ring_owns_nothing() {
        let ring = Ring::new::<&str>(&[], 150);
        assert_eq!(ring.owner_of(5), None);
        assert_eq!(ring.assign(&[1, 2]), vec![NO_OWNER, NO_OWNER]);
    }

    /// The page hashes a big ring a part at a time: each call hashes at most its budget, says whether it
    /// hashed anything, and the parts make exactly the ring hashed at once. (Mutation testing found the
    /// budget unchecked.)
    #[test]
    fn hash_some_hashes_at_most_its_budget() {
        let nodes = ["a", "b"];
        let mut cache = VnodeCache::default();
        let hashed = |c: &VnodeCache| c.by_name.values().map(Vec::len).sum::<usize>();
        for want in [3, 6, 9, 10] {
            assert!(cache.hash_some(&nodes, 5, 3), "{want}");
            assert_eq!(hashed(&cache), want);
        }
        assert!(!cache.hash_some(&nodes, 5, 3), "nothing was missing");
        assert_eq!(hashed(&cache), 10);
        assert_eq!(cache.ring(&nodes, 5), Ring::new(&nodes, 5));
        assert_eq!(cache.positions("b", 5)[4], vnode_position("b", 4));
    }

    /// The cache forgets the names no longer in use (it stays bounded while names are edited), and
    /// keeps the others' positions.
    #[test]
    fn retain_forgets_the_other_names() {
        let mut cache = VnodeCache::default();
        cache.ring(&["a", "b", "c"], 4);
        cache.retain(&["a", "c"]);
        let mut kept: Vec<&str> = cache.by_name.keys().map(String::as_str).collect();
        kept.sort();
        assert_eq!(kept, ["a", "c"]);
        assert_eq!(cache.by_name["c"].len(), 4);
    }

    /// Relabelling numbers a ring's owners in a larger list.
    #[test]
    fn relabel_renumbers_every_owner() {
        let mut ring = Ring::new(&["a", "b"], 20);
        let before = ring.owners().to_vec();
        ring.relabel(&[5, 7]);
        let want: Vec<u32> = before.iter().map(|&o| [5, 7][o as usize]).collect();
        assert_eq!(ring.owners(), &want[..]);
        assert!(ring.owners().contains(&5) && ring.owners().contains(&7));
    }

    #[test]
    fn key_position_is_position_of_key_name() {
        for i in [0, 1, 9, 10, 99_999, 1_000_000, u32::MAX] {
            assert_eq!(key_position(i), position(&key_name(i)));
        }
    }

    /// Keys assigned a part at a time get the owners the whole merge gives them, wherever the parts
    /// begin (on a position, between two, past the last).
    #[test]
    fn assigning_in_parts_is_assigning_at_once() {
        let ring = Ring::new(&["a", "b", "c"], 7);
        let keys = KeySet::new(3000);
        let whole = ring.assign(keys.positions());
        for size in [1, 2, 5, 64, 999, 5000] {
            let mut out = Vec::new();
            for part in keys.positions().chunks(size) {
                ring.assign_to(part, &mut out);
            }
            assert_eq!(out, whole, "parts of {size}");
        }
        let on = ring.positions().to_vec();
        let mut out = Vec::new();
        ring.assign_to(&on[3..], &mut out);
        assert_eq!(out, ring.assign(&on)[3..]);
        assert_eq!(Ring::default().assign(&on[..2]), [NO_OWNER, NO_OWNER]);
    }
}
