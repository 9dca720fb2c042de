//! `ketama`: the libmemcached-compatible ring (weight 1). Per node 160 points: for `j = 0..40`,
//! `d = MD5("{name}-{j}")` gives four points, the little-endian `u32`s of `d[4t..4t+4]`. A key's hash is the
//! little-endian `u32` of its MD5's first four bytes; its owner is the node of the first point `>=` that
//! hash, wrapping to the first point. Equal points sort by `(point, node index)`: the first wins.
//!
//! Weighted (libmemcached's `KETAMA_WEIGHTED`, a server on the default port: the digest prefix is the
//! name): `pct = w(n)/W` as a C `float`, and `⌊pct·160/4·N + 0.0000000001⌋·4` points per node, every step
//! in `float` ([`ketama_point_counts`]); node `n`'s points come from `MD5("{name}-{j}")` for
//! `j < points/4`, four each as above. When the weights in force are all equal, 160 points each (the
//! unweighted rule: see [`ketama_point_counts`] for why that is not always what the formula gives).

use super::{
    placing, table, walk_replicas, Build, Built, Input, KeyRef, Making, Picture, Strategy, Table,
    Uses,
};
use crate::pace::{Pace, Part, Work};
use crate::ring::Position;
use md5::{Digest, Md5};

/// The libmemcached ketama ring.
pub struct Ketama;

/// Points per node: 40 digests × 4.
pub const KETAMA_POINTS: usize = 160;

/// A key's ketama hash from its position: the little-endian `u32` of the MD5's first four bytes (the
/// position's top 32 bits are those bytes big-endian).
pub fn ketama_hash(position: Position) -> u32 {
    ((position >> 96) as u32).swap_bytes()
}

/// The 160 points of node `name`.
pub fn ketama_points(name: &str) -> impl Iterator<Item = u32> + '_ {
    ketama_node_points(name, KETAMA_POINTS)
}

/// The first `points` points of node `name` (a multiple of 4): four from each `MD5("{name}-{j}")`.
pub fn ketama_node_points(name: &str, points: usize) -> impl Iterator<Item = u32> + '_ {
    (0..points / 4).flat_map(move |j| {
        let d: [u8; 16] = Md5::digest(format!("{name}-{j}").as_bytes()).into();
        (0..4)
            .map(move |t| u32::from_le_bytes([d[4 * t], d[4 * t + 1], d[4 * t + 2], d[4 * t + 3]]))
    })
}

/// Points per node for a node list of these weights. All equal (every weight 1, say): [`KETAMA_POINTS`]
/// each, the unweighted rule. Otherwise libmemcached's `update_continuum` with `KETAMA_WEIGHTED`:
///
/// ```c
/// float pct = (float) weight / (float) total_weight;
/// points = (uint32_t) (floorf((float) (pct * 160 / 4 * (float) live_servers + 0.0000000001))) * 4;
/// ```
///
/// in `f32` here, step by step as C evaluates it: `pct·160`, `/4` and `·N` are `float` operations (the
/// integers converted to `float`, exactly below 2^24); C adds the `double` literal `0.0000000001` in
/// `double` and converts back to `float`, as done below (libmemcached 1.1 writes `0.0000000001F` and adds
/// in `float`: the same, since for a sum of at least 2^-9 the addend is under half a unit in the last
/// place, so both round back to the sum, and below 1 the floor is 0 either way). Then `floor`, times 4.
///
/// Why equal weights are not sent through the formula: in `float`, `1/N·160/4·N` is just under 40 for
/// N = 25, 47, 50, 55, 61, 71, 94 and 100 (and more above 100), so libmemcached itself gives such a list
/// 156 points per server. The spec's "with every weight 1, each strategy is exactly its unweighted rule"
/// asks for 160, which links without weights have always had.
///
/// ```
/// use ring_playground::strategy::ketama_point_counts;
/// assert_eq!(ketama_point_counts(&[3, 1, 1, 1]), [320, 104, 104, 104]);
/// assert_eq!(ketama_point_counts(&[1; 25]), [160; 25]);
/// ```
pub fn ketama_point_counts(weights: &[u32]) -> Vec<usize> {
    if super::all_equal(weights) {
        return vec![KETAMA_POINTS; weights.len()];
    }
    let total = super::total(weights) as f32;
    let servers = weights.len() as f32;
    weights
        .iter()
        .map(|&w| {
            let pct = w as f32 / total;
            let x = pct * 160.0 / 4.0 * servers;
            let x = (x as f64 + 0.0000000001) as f32;
            x.floor() as usize * 4
        })
        .collect()
}

impl Strategy for Ketama {
    fn name(&self) -> &'static str {
        "ketama"
    }
    fn title(&self) -> &'static str {
        "Ketama (libmemcached)"
    }
    fn caption(&self) -> &'static str {
        "The ring every memcached client agrees on: any client computes the same owner from the server \
         list alone; 160 points per server still leave a few per cent of imbalance."
    }
    fn uses(&self) -> Uses {
        Uses {
            weights: true,
            ..Uses::default()
        }
    }
    fn begin(&self, input: &mut Input, nodes: &[&str]) -> Box<dyn Making> {
        let counts = ketama_point_counts(&input.settings.weights.of_nodes(nodes));
        Box::new(Built::new(
            Hashing::new(nodes, counts),
            placing(self),
            |t, keys, owners| {
                owners.extend(
                    keys.positions
                        .iter()
                        .map(|&p| t.owner_from(ketama_hash(p), &t.index)),
                )
            },
            table,
        ))
    }
}

/// Nodes' points hashed (items: points).
pub const HASHING_POINTS: Work = Work::new("hashing points", usize::MAX, 1_600).of("ketama");
/// The points sorted and indexed (items: points).
pub const SORTING_POINTS: Work = Work::new("sorting points", usize::MAX, 16_000).of("ketama");

/// The points hashed a part of the nodes at a time, then sorted and indexed.
struct Hashing {
    names: Vec<String>,
    /// Points of each node.
    counts: Vec<usize>,
    /// The next node to hash.
    next: usize,
    all: Vec<(u32, u32)>,
}

impl Hashing {
    /// The points of `nodes`, `counts[n]` of node `n`.
    fn new(nodes: &[&str], counts: Vec<usize>) -> Hashing {
        assert_eq!(nodes.len(), counts.len(), "a count per node");
        Hashing {
            names: nodes.iter().map(|&n| n.to_owned()).collect(),
            all: Vec::with_capacity(counts.iter().sum()),
            counts,
            next: 0,
        }
    }

    /// The points of the next nodes (at least one), until at least `size` of them; how many.
    fn hash(&mut self, size: usize) -> usize {
        let mut items = 0;
        while self.next < self.names.len() && (items < size || items == 0) {
            let i = self.next;
            let (name, count) = (&self.names[i], self.counts[i]);
            self.all
                .extend(ketama_node_points(name, count).map(move |p| (p, i as u32)));
            items += count;
            self.next += 1;
        }
        items
    }

    /// The table of the points hashed.
    fn table(&mut self) -> KetamaTable {
        let mut all = std::mem::take(&mut self.all);
        all.sort_unstable();
        let (points, owners) = all.into_iter().unzip();
        let mut table = KetamaTable {
            points,
            owners,
            index: Vec::new(),
        };
        table.index = table.bucket_index();
        table
    }
}

impl Build for Hashing {
    type Made = KetamaTable;
    fn part(&mut self, _input: &mut Input, pace: &mut Pace) -> Part<KetamaTable> {
        if self.next < self.names.len() {
            let items = self.hash(pace.size(HASHING_POINTS));
            pace.did(HASHING_POINTS, items);
            return Part::Did { items, ended: true };
        }
        pace.did(SORTING_POINTS, self.all.len());
        Part::Done(self.table())
    }
}

/// The sorted points and their nodes.
pub struct KetamaTable {
    points: Vec<u32>,
    owners: Vec<u32>,
    /// [`KetamaTable::bucket_index`], to assign many keys at once.
    index: Vec<u32>,
}

/// Bits of the hash that index the bulk-assignment accelerator.
const INDEX_BITS: u32 = 16;

impl KetamaTable {
    /// The ring of `nodes`, 160 points each.
    pub fn new(nodes: &[&str]) -> KetamaTable {
        KetamaTable::with_counts(nodes, vec![KETAMA_POINTS; nodes.len()])
    }

    /// The ring of `nodes` of these weights (any positive integers): [`ketama_point_counts`] points each.
    pub fn weighted(nodes: &[&str], weights: &[u32]) -> KetamaTable {
        KetamaTable::with_counts(nodes, ketama_point_counts(weights))
    }

    /// The ring of `nodes` with `counts[n]` points of node `n`.
    fn with_counts(nodes: &[&str], counts: Vec<usize>) -> KetamaTable {
        let mut hashing = Hashing::new(nodes, counts);
        hashing.hash(usize::MAX);
        hashing.table()
    }

    /// Owner of hash `h`: the first point `>= h`, wrapping.
    pub fn owner(&self, h: u32) -> u32 {
        let i = self.points.partition_point(|&p| p < h);
        self.owners[if i == self.points.len() { 0 } else { i }]
    }

    /// For each value of the top [`INDEX_BITS`] bits, the first point at or above that bucket: a key's
    /// owner is then a short scan from there (for assigning a million keys at once).
    fn bucket_index(&self) -> Vec<u32> {
        let mut index = Vec::with_capacity((1 << INDEX_BITS) + 1);
        let mut i = 0;
        for bucket in 0..=(1u64 << INDEX_BITS) {
            let floor = bucket << (32 - INDEX_BITS);
            while i < self.points.len() && (self.points[i] as u64) < floor {
                i += 1;
            }
            index.push(i as u32);
        }
        index
    }

    fn owner_from(&self, h: u32, index: &[u32]) -> u32 {
        self.owners[self.slot_from(h, index)]
    }

    /// The point owning hash `h`: the first `>= h`, wrapping.
    fn slot_from(&self, h: u32, index: &[u32]) -> usize {
        let mut i = index[(h >> (32 - INDEX_BITS)) as usize] as usize;
        while i < self.points.len() && self.points[i] < h {
            i += 1;
        }
        if i == self.points.len() {
            0
        } else {
            i
        }
    }
}

impl Table for KetamaTable {
    fn lookup(&self, key: KeyRef) -> u32 {
        self.owner(ketama_hash(key.position))
    }
    fn bytes(&self) -> usize {
        self.points.len() * (size_of::<u32>() + size_of::<u32>())
    }
    fn picture(&self) -> Picture<'_> {
        Picture::Points {
            points: &self.points,
            owners: &self.owners,
        }
    }
    /// From the key's point clockwise, the first `r` distinct servers.
    fn replicas(
        &self,
        positions: &[Position],
        _owners: &[u32],
        nodes: usize,
        r: usize,
    ) -> Vec<u32> {
        let slots: Vec<u32> = positions
            .iter()
            .map(|&p| self.slot_from(ketama_hash(p), &self.index) as u32)
            .collect();
        walk_replicas(&self.owners, &slots, nodes, r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hash equal to a point belongs to that point's node (the first point `>=` the hash), by the
    /// binary search and by the bucket index alike, also on a point that is a bucket's floor (its low 16
    /// bits zero); and each bucket's index entry is its first point at or above the floor. (Keys' hashes
    /// almost never equal a point, so the placements' tests cannot tell `>=` from `>`.)
    #[test]
    fn a_hash_equal_to_a_point_belongs_to_it() {
        let on_a_floor = |name: &String| ketama_points(name).any(|p| p & 0xffff == 0);
        let floor_node = (0..).map(|i| format!("n{i}")).find(on_a_floor).unwrap();
        let table = KetamaTable::new(&["a", "b", "c", &floor_node]);
        let index = table.bucket_index();
        let mut floors = 0;
        for (j, &p) in table.points.iter().enumerate() {
            if j > 0 && table.points[j - 1] == p {
                continue;
            }
            assert_eq!(table.owner(p), table.owners[j], "point {p:#x}");
            assert_eq!(table.slot_from(p, &index), j, "point {p:#x}");
            assert_eq!(table.owner_from(p, &index), table.owners[j]);
            floors += usize::from(p & 0xffff == 0);
        }
        assert!(floors >= 1, "a point on a bucket's floor");
        assert_eq!(index.len(), (1 << INDEX_BITS) + 1);
        for (bucket, &at) in index.iter().enumerate() {
            let floor = (bucket as u64) << (32 - INDEX_BITS);
            let first = table.points.partition_point(|&q| u64::from(q) < floor);
            assert_eq!(at as usize, first, "bucket {bucket}");
        }
    }
}
