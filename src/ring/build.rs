//! Building a ring a part at a time ([`MakingRing`]): the virtual nodes hashed, their points gathered and
//! dealt into buckets by their top bits (MD5 is uniform), each bucket sorted and its ties settled by the
//! seed's rule; [`sort_uniform`] is the same sort at once.

use super::{Position, Ring, VnodeCache};
use crate::pace::{clear_part, run, Pace, Part, Work};

/// Virtual nodes hashed ([`VnodeCache::hash_part`]): the page's own unit hashes [`HASHING_VNODES`]'s
/// fixed size; a ring that finds some missing hashes them all without time sizing.
pub const HASHING_VNODES: Work = Work::new("hashing virtual nodes", 25_000, 2_000);
/// A ring's points gathered from the hashed virtual nodes, and counted by bucket.
pub const GATHERING_POINTS: Work = Work::new("gathering ring points", usize::MAX, 20_000);
/// A ring's points dealt into their buckets.
pub const BUCKETING_POINTS: Work = Work::new("bucketing ring points", usize::MAX, 20_000);
/// A ring's buckets sorted and their ties settled (items: points).
pub const SORTING_POINTS: Work = Work::new("sorting ring points", usize::MAX, 10_000);

/// Fewer points than this are sorted as one bucket.
const SMALL: usize = 1024;

/// Bits of the buckets for `len` points: about 16 points a bucket (0: one bucket).
fn bucket_bits(len: usize) -> u32 {
    if len < SMALL {
        0
    } else {
        (usize::BITS - (len / 16).leading_zeros()).min(20)
    }
}

/// The bucket of `p` among `1 << bits`.
fn bucket(p: Position, bits: u32) -> usize {
    if bits == 0 {
        0
    } else {
        (p >> (128 - bits)) as usize
    }
}

/// A ring being built a part at a time: exactly the ring [`VnodeCache::ring`] builds at once.
#[derive(Clone, Debug)]
pub struct MakingRing {
    /// The nodes, in the seed's insertion order (empty when built from given points), and the virtual
    /// nodes of each.
    names: Vec<String>,
    counts: Vec<u32>,
    nodes: usize,
    phase: Phase,
    /// Where gathering goes on: node `node`'s virtual node `at`.
    node: usize,
    at: usize,
    /// The points, in insertion order, as gathered.
    points: Vec<(Position, u32)>,
    bits: u32,
    /// Points per bucket while gathering; then where each bucket's next point goes.
    next: Vec<usize>,
    /// Where each bucket starts, and one past the last.
    starts: Vec<usize>,
    /// The points in bucket order.
    bucketed: Vec<(Position, u32)>,
    /// The ring so far.
    positions: Vec<Position>,
    owners: Vec<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Virtual nodes not hashed yet are hashed.
    Hash,
    /// Points gathered.
    Gather,
    /// Points dealt into buckets from index `from`.
    Bucket {
        from: usize,
    },
    /// Buckets sorted from bucket `from`.
    Sort {
        from: usize,
    },
    Done,
}

impl MakingRing {
    /// The ring of `nodes` (in the seed's insertion order) with `vnodes` virtual nodes each.
    pub fn new(nodes: &[&str], vnodes: u32) -> MakingRing {
        MakingRing::weighted(nodes, &vec![vnodes; nodes.len()])
    }

    /// The ring of `nodes` (in the seed's insertion order) with `counts[n]` virtual nodes of node `n` (a
    /// weighted ring: exactly [`VnodeCache::weighted_ring`]'s).
    pub fn weighted(nodes: &[&str], counts: &[u32]) -> MakingRing {
        assert_eq!(nodes.len(), counts.len(), "a count per node");
        let len = counts.iter().map(|&c| c as usize).sum();
        let mut making = MakingRing::begin(nodes.len(), Phase::Hash, len);
        making.names = nodes.iter().map(|&n| n.to_owned()).collect();
        making.counts = counts.to_vec();
        making.points.reserve_exact(len);
        making
    }

    /// The ring of these `(position, node index)` points, given in the seed's insertion order.
    #[cfg(test)]
    pub(super) fn of_points(points: Vec<(Position, u32)>, nodes: usize) -> MakingRing {
        let mut making = MakingRing::begin(nodes, Phase::Bucket { from: 0 }, points.len());
        for &(p, _) in &points {
            making.next[bucket(p, making.bits)] += 1;
        }
        making.points = points;
        making
    }

    fn begin(nodes: usize, phase: Phase, len: usize) -> MakingRing {
        let bits = bucket_bits(len);
        MakingRing {
            names: Vec::new(),
            counts: Vec::new(),
            nodes,
            phase,
            node: 0,
            at: 0,
            points: Vec::new(),
            bits,
            next: vec![0; 1 << bits],
            starts: Vec::new(),
            bucketed: Vec::new(),
            positions: Vec::new(),
            owners: Vec::new(),
        }
    }

    /// Does the next part, sized by `pace` (without time sizing, parts until one is cut short by its
    /// size); the ring once it is built. Call with the same cache every time.
    pub fn step(&mut self, cache: &mut VnodeCache, pace: &mut Pace) -> Option<Ring> {
        run(pace, |pace| self.part(cache, pace))
    }

    /// One part ([`HASHING_VNODES`] without time sizing: as many as are missing, [`GATHERING_POINTS`],
    /// [`BUCKETING_POINTS`], [`SORTING_POINTS`]); the ring once it is built.
    pub fn part(&mut self, cache: &mut VnodeCache, pace: &mut Pace) -> Part<Ring> {
        let (items, ended) = self.phase_part(cache, pace);
        if self.phase == Phase::Done {
            return Part::Done(Ring {
                positions: std::mem::take(&mut self.positions),
                owners: std::mem::take(&mut self.owners),
                nodes: self.nodes,
            });
        }
        Part::Did { items, ended }
    }

    /// One part: the items it did, and whether it ended its phase.
    fn phase_part(&mut self, cache: &mut VnodeCache, pace: &mut Pace) -> (usize, bool) {
        match self.phase {
            Phase::Hash => {
                let work = HASHING_VNODES.in_parts_of(usize::MAX);
                let size = pace.size(work);
                let names: Vec<&str> = self.names.iter().map(String::as_str).collect();
                let hashed = cache.hash_part_counts(&names, &self.counts, size);
                pace.did(work, hashed);
                if hashed < size {
                    self.phase = Phase::Gather;
                }
                (hashed, hashed < size)
            }
            Phase::Gather => {
                let size = pace.size(GATHERING_POINTS);
                let mut left = size;
                let (mut node, mut at) = (self.node, self.at);
                let (points, next, bits) = (&mut self.points, &mut self.next[..], self.bits);
                while left > 0 && node < self.names.len() {
                    let vnodes = self.counts[node] as usize;
                    let hashed = cache.hashed(&self.names[node]);
                    if hashed.len() < vnodes {
                        // The cache forgot a name since it was hashed: hashed again first.
                        self.phase = Phase::Hash;
                        break;
                    }
                    let to = vnodes.min(at.saturating_add(left));
                    for &p in &hashed[at..to] {
                        points.push((p, node as u32));
                        next[bucket(p, bits)] += 1;
                    }
                    left -= to - at;
                    (node, at) = if to == vnodes {
                        (node + 1, 0)
                    } else {
                        (node, to)
                    };
                }
                pace.did(GATHERING_POINTS, size - left);
                (self.node, self.at) = (node, at);
                let ended = node == self.names.len();
                if ended {
                    self.phase = Phase::Bucket { from: 0 };
                }
                (size - left, ended)
            }
            Phase::Bucket { from } => {
                if self.bucketed.len() < self.points.len() {
                    // The buckets' memory is cleared first (their points land anywhere in it).
                    let cleared = clear_part(&mut self.bucketed, self.points.len(), pace);
                    return (1, cleared);
                }
                if from == 0 && self.starts.is_empty() {
                    self.starts = Vec::with_capacity(self.next.len() + 1);
                    let mut at = 0;
                    for count in &mut self.next {
                        self.starts.push(at);
                        (at, *count) = (at + *count, at);
                    }
                    self.starts.push(at);
                }
                let size = pace.size(BUCKETING_POINTS);
                let to = self.points.len().min(from.saturating_add(size));
                let (next, bucketed, bits) =
                    (&mut self.next[..], &mut self.bucketed[..], self.bits);
                for &item in &self.points[from..to] {
                    let slot = &mut next[bucket(item.0, bits)];
                    bucketed[*slot] = item;
                    *slot += 1;
                }
                pace.did(BUCKETING_POINTS, to - from);
                let ended = to == self.points.len();
                self.phase = if ended {
                    self.points = Vec::new();
                    self.positions.reserve_exact(self.bucketed.len());
                    self.owners.reserve_exact(self.bucketed.len());
                    Phase::Sort { from: 0 }
                } else {
                    Phase::Bucket { from: to }
                };
                // Dealing no point is no work (an empty ring): the next phase goes on in this unit.
                (to - from, ended)
            }
            Phase::Sort { from } => {
                let size = pace.size(SORTING_POINTS);
                let (mut b, mut items) = (from, 0);
                let (positions, owners) = (&mut self.positions, &mut self.owners);
                let (starts, bucketed) = (&self.starts[..], &mut self.bucketed[..]);
                while b + 1 < starts.len() && items < size {
                    let run = &mut bucketed[starts[b]..starts[b + 1]];
                    run.sort_unstable();
                    items += run.len();
                    // Among equal positions the largest node index sorts last (one node's own
                    // duplicates are interchangeable); keeping the last of each run is the seed's dict
                    // overwrite: the tie rule.
                    for &(pos, node) in run.iter() {
                        if positions.last() == Some(&pos) {
                            *owners.last_mut().expect("owners parallels positions") = node;
                        } else {
                            positions.push(pos);
                            owners.push(node);
                        }
                    }
                    b += 1;
                }
                pace.did(SORTING_POINTS, items);
                let ended = b + 1 >= starts.len();
                self.phase = if ended {
                    self.bucketed = Vec::new();
                    Phase::Done
                } else {
                    Phase::Sort { from: b }
                };
                (items, ended)
            }
            Phase::Done => (0, true),
        }
    }
}

/// Sorts `(position, id)` pairs ascending. MD5 positions are uniform, so one counting pass on the top
/// bits leaves buckets of a few entries each, which are then sorted in place: linear time in practice,
/// and still correct (only slower) for any input.
pub fn sort_uniform(items: &mut Vec<(Position, u32)>) {
    if items.len() < SMALL {
        items.sort_unstable();
        return;
    }
    let bits = bucket_bits(items.len());
    let mut next = vec![0usize; (1 << bits) + 1];
    for &(p, _) in items.iter() {
        next[bucket(p, bits) + 1] += 1;
    }
    for b in 1..next.len() {
        next[b] += next[b - 1];
    }
    let starts = next.clone();
    let mut out = vec![(0, 0); items.len()];
    for &item in items.iter() {
        let slot = &mut next[bucket(item.0, bits)];
        out[*slot] = item;
        *slot += 1;
    }
    for w in starts.windows(2) {
        out[w[0]..w[1]].sort_unstable();
    }
    *items = out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ring::key_position;

    #[test]
    fn sort_uniform_sorts() {
        let mut items: Vec<(Position, u32)> =
            (0..5000).map(|i| (key_position(i % 4000), i)).collect();
        items.push((0, 7));
        items.push((u128::MAX, 1));
        let mut expect = items.clone();
        expect.sort_unstable();
        sort_uniform(&mut items);
        assert_eq!(items, expect);
    }

    /// Built in parts of any size (each phase cut anywhere), a ring is the one built at once: the sorted
    /// positions, the ties settled alike, the virtual nodes hashed as they were missing.
    #[test]
    fn a_ring_built_in_parts_is_the_ring_built_at_once() {
        for (nodes, vnodes) in [
            (vec!["a", "b", "c"], 5),
            (vec!["db1", "db2", "db3", "db4"], 300),
            (vec!["a", "b", "a"], 400),
            (vec![], 10),
            (vec!["x"], 0),
        ] {
            let whole = VnodeCache::default().ring(&nodes, vnodes);
            assert_eq!(whole.len(), {
                let mut all: Vec<Position> = (0..nodes.len())
                    .flat_map(|n| (0..vnodes).map(move |i| (n, i)))
                    .map(|(n, i)| crate::ring::vnode_position(nodes[n], i))
                    .collect();
                all.sort_unstable();
                all.dedup();
                all.len()
            });
            for size in [1, 3, 17, 1000] {
                let mut pace = Pace::parts(&[size]);
                let mut cache = VnodeCache::default();
                cache.positions("b", 2);
                let mut making = MakingRing::new(&nodes, vnodes);
                let mut units = 0;
                let ring = loop {
                    units += 1;
                    pace.unit();
                    if let Some(ring) = making.step(&mut cache, &mut pace) {
                        break ring;
                    }
                };
                assert_eq!(ring, whole, "{nodes:?} × {vnodes} in parts of {size}");
                let points = nodes.len() * vnodes as usize;
                assert!(units >= points / size, "{units} units for {points} points");
            }
        }
    }

    /// A weighted ring (`counts[n]` virtual nodes of node `n`) built in parts of any size is the one
    /// built at once: every node's points, in the seed's insertion order, the ties settled alike.
    #[test]
    fn a_weighted_ring_built_in_parts_is_the_ring_built_at_once() {
        for (nodes, counts) in [
            (vec!["a", "b", "c"], vec![5, 15, 10]),
            (vec!["db1", "db2", "db3", "db4"], vec![900, 300, 300, 0]),
            (vec!["a", "b", "a"], vec![400, 100, 800]),
            (vec!["x"], vec![7]),
        ] {
            let all: Vec<(Position, u32)> = (0..nodes.len())
                .flat_map(|n| (0..counts[n]).map(move |i| (n, i)))
                .map(|(n, i)| (crate::ring::vnode_position(nodes[n], i), n as u32))
                .collect();
            let whole = VnodeCache::default().weighted_ring(&nodes, &counts);
            assert_eq!(whole, Ring::from_points(all, nodes.len()), "{nodes:?}");
            if counts.iter().all(|&c| c == counts[0]) {
                assert_eq!(whole, Ring::new(&nodes, counts[0]));
            }
            for size in [1, 3, 17, 1000] {
                let mut pace = Pace::parts(&[size]);
                let mut cache = VnodeCache::default();
                cache.positions("b", 2);
                let mut making = MakingRing::weighted(&nodes, &counts);
                let ring = loop {
                    pace.unit();
                    if let Some(ring) = making.step(&mut cache, &mut pace) {
                        break ring;
                    }
                };
                assert_eq!(ring, whole, "{nodes:?} × {counts:?} in parts of {size}");
            }
        }
        assert_eq!(
            Ring::with_counts(&["a", "b"], &[3, 3]),
            Ring::new(&["a", "b"], 3)
        );
    }
}
