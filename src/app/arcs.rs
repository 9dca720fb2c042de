//! Questions the picture asks of the strategy's structure under the pointer (or stepped to with the
//! keyboard): which unit of it is there (a virtual node's arc, a ketama point's arc, a cell of a table: a
//! virtual shard or a Maglev entry, a range of key names), the stretch it covers, its node and its keys;
//! and the hottest key's marker.

use super::App;
use crate::geometry::{position_at, turn};
use crate::ring::{Position, Ring};
use crate::stats::{percent, thousands};
use crate::strategy::Picture;
use serde::Serialize;

/// One unit of a strategy's structure: the stretch of the circle it covers, and its node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArcInfo {
    /// What it is: the virtual node's string `"node:i"`, "ketama point 12 of 600", "shard 17 of 1,000",
    /// "Maglev entry 4,112 of 65,537", "range 2 of 3: user_3334 … user_6665".
    pub vnode: String,
    /// Its physical node's id.
    pub node: u32,
    /// Where the arc starts (exclusive) and ends (inclusive), in turns; `start > end` when it wraps past 0.
    pub start: f64,
    pub end: f64,
    /// Fraction of the circle it covers.
    pub share: f64,
    /// Its node's weight (1 unless `weights=` gives one), to set the share against: a node of weight
    /// `w` should hold `w/W` of the keys.
    pub weight: u32,
    /// Keys it holds, where that is exact and cheap: a virtual node's arc, a range. (A table's cell or
    /// a ketama point would need a pass over every key.)
    pub keys: Option<u64>,
    /// Its node is marked down (`fail=`).
    pub down: bool,
}

impl ArcInfo {
    /// What the tip says after the unit's name: its node (unless the name says it), its share of the
    /// circle, its keys, and whether its node is down.
    pub fn tip(&self, names: &[String], after: bool) -> String {
        let name = &names[self.node as usize];
        // A virtual node's name says its node: "db1:17 owns 0.2 % of the ring: 21 keys".
        let ring = self.vnode.starts_with(&format!("{name}:"));
        let mut out = if ring {
            String::new()
        } else {
            format!(" on {name}")
        };
        if self.weight != 1 {
            out.push_str(&format!(" (weight {})", self.weight));
        }
        if self.down {
            out.push_str(" (down)");
        }
        let when = if after { " (after the change)" } else { "" };
        let (verb, whole) = if ring {
            ("owns", "ring")
        } else {
            ("covers", "circle")
        };
        out.push_str(&format!(
            " {verb} {} of the {whole}{when}",
            percent(self.share)
        ));
        if let Some(keys) = self.keys {
            out.push_str(&format!(": {} keys", thousands(keys)));
        }
        out
    }
}

/// The `n`th (from 0) of the numbers `0..k` in the bytewise order of their decimal strings (the order of
/// the names `user_0, user_1, user_10, …`): a walk down the digit tree, counting whole subtrees.
pub fn nth_in_name_order(k: u32, n: u32) -> u32 {
    if n == 0 || k <= 1 {
        return 0;
    }
    // "0" comes first and has no children; then 1, 10, 100, … among 1..=max.
    let max = k as u64 - 1;
    let below = |prefix: u64| {
        // Numbers in 1..=max that start with `prefix` (the prefix itself included).
        let (mut lo, mut hi, mut count) = (prefix, prefix + 1, 0);
        while lo <= max {
            count += hi.min(max + 1) - lo;
            lo *= 10;
            hi *= 10;
        }
        count
    };
    let (mut at, mut left) = (1u64, n as u64 - 1);
    while left > 0 {
        let subtree = below(at);
        if subtree <= left {
            left -= subtree;
            at += 1;
        } else {
            left -= 1;
            at *= 10;
        }
    }
    at as u32
}

impl App {
    /// The unit under turn `at` (0..1, clockwise from the top), in the structure after the change if
    /// `after` and there is a change, else before it. `None` when the strategy has no structure to point
    /// at (hash % N, jump, rendezvous).
    pub fn arc_at(&self, at: f64, after: bool) -> Option<ArcInfo> {
        let j = match self.picture(after) {
            Picture::Ring(ring) => ring.slot_of(position_at(at))?,
            Picture::Points { points, .. } => {
                let h = (at.rem_euclid(1.0) * 4_294_967_296.0) as u64;
                let i = points.partition_point(|&p| (p as u64) < h);
                if i == points.len() {
                    0
                } else {
                    i
                }
            }
            Picture::Cells { owners, .. } => ((at.rem_euclid(1.0) * owners.len() as f64) as usize)
                .min(owners.len().checked_sub(1)?),
            Picture::Ranges { starts, keys, .. } => {
                let index = (at.rem_euclid(1.0) * keys as f64) as u32;
                starts.partition_point(|&s| s <= index).checked_sub(1)?
            }
            Picture::Formula(_) => return None,
        };
        self.arc(j, after)
    }

    /// How many units the structure has (0 without one).
    pub fn arcs(&self, after: bool) -> usize {
        match self.picture(after) {
            Picture::Ring(ring) => ring.len(),
            Picture::Points { points, .. } => points.len(),
            Picture::Cells { owners, .. } => owners.len(),
            Picture::Ranges { starts, .. } => starts.len(),
            Picture::Formula(_) => 0,
        }
    }

    /// Unit `j` of the structure (an index into its virtual nodes, points, cells or ranges), after the
    /// change if `after` and there is a change, else before it. `None` past the last one, or without a
    /// structure.
    pub fn arc(&self, j: usize, after: bool) -> Option<ArcInfo> {
        let local = |owner: u32| self.node_id(after, owner);
        let (vnode, node, start, end, keys) = match self.picture(after) {
            Picture::Ring(ring) => return self.ring_arc(ring, j, after),
            Picture::Points { points, owners } => {
                let end = *points.get(j)?;
                let start = points[if j == 0 { points.len() - 1 } else { j - 1 }];
                let t = |p: u32| p as f64 / 4_294_967_296.0;
                let label = format!(
                    "ketama point {} of {}",
                    thousands(j as u64 + 1),
                    thousands(points.len() as u64)
                );
                (label, local(owners[j]), t(start), t(end), None)
            }
            Picture::Cells { owners, noun } => {
                let n = owners.len();
                let node = local(*owners.get(j)?);
                let label = format!("{noun} {} of {}", thousands(j as u64), thousands(n as u64));
                let w = 1.0 / n as f64;
                (label, node, j as f64 * w, (j + 1) as f64 * w, None)
            }
            Picture::Ranges {
                starts,
                owners,
                keys,
            } => {
                let first = *starts.get(j)?;
                let end = starts.get(j + 1).copied().unwrap_or(keys);
                let k = keys.max(1) as f64;
                let names = if end > first {
                    format!(
                        ": user_{} … user_{}",
                        nth_in_name_order(keys, first),
                        nth_in_name_order(keys, end - 1)
                    )
                } else {
                    ": empty".into()
                };
                let label = format!("range {} of {}{names}", j + 1, starts.len());
                let keys = Some((end - first) as u64);
                (
                    label,
                    local(owners[j]),
                    first as f64 / k,
                    end as f64 / k,
                    keys,
                )
            }
            Picture::Formula(_) => return None,
        };
        let share = if end > start {
            end - start
        } else {
            end + 1.0 - start
        };
        Some(ArcInfo {
            down: self.is_down(node),
            weight: self.weight_of(node),
            vnode,
            node,
            start,
            end,
            share: if self.arcs(after) == 1 { 1.0 } else { share },
            keys,
        })
    }

    /// A virtual node's arc on `ring`.
    fn ring_arc(&self, ring: &Ring, j: usize, after: bool) -> Option<ArcInfo> {
        let positions = ring.positions();
        let end = *positions.get(j)?;
        let start = positions[if j == 0 { positions.len() - 1 } else { j - 1 }];
        let node = self.node_id(after, ring.owners()[j]);
        let name = &self.names[node as usize];
        let i = self.stores.vnode_cache.index_of(name, end).unwrap_or(0);
        let keys = self.stores.keys.positions();
        let upto = |p: Position| keys.partition_point(|&k| k <= p) as u64;
        let (keys, share) = if positions.len() == 1 {
            (keys.len() as u64, 1.0)
        } else if start < end {
            (upto(end) - upto(start), turn(end - start))
        } else {
            (
                keys.len() as u64 - upto(start) + upto(end),
                turn(end.wrapping_sub(start)),
            )
        };
        Some(ArcInfo {
            vnode: format!("{name}:{i}"),
            node,
            start: turn(start),
            end: turn(end),
            share,
            weight: self.weight_of(node),
            keys: Some(keys),
            down: self.is_down(node),
        })
    }

    /// The weight of node `id`.
    pub fn weight_of(&self, id: u32) -> u32 {
        self.params.weight(&self.names[id as usize])
    }

    /// True when node `id` is marked down.
    fn is_down(&self, id: u32) -> bool {
        let name = &self.names[id as usize];
        self.params.fail.iter().any(|f| f == name)
    }

    /// The hottest key's marker on the picture (skewed popularity only): its turn (where the picture
    /// puts keys: MD5, or ketama's hash), and what its tip says.
    pub fn hot_mark(&self) -> Option<(f64, String)> {
        let hot = self.report().service.hottest.as_ref()?;
        let position = crate::ring::key_position(hot.key);
        let at = match self.picture(self.changing()) {
            Picture::Points { .. } => {
                crate::strategy::ketama_hash(position) as f64 / 4_294_967_296.0
            }
            _ => turn(position),
        };
        let list = |ids: &[u32]| {
            ids.iter()
                .map(|&i| self.names[i as usize].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let live = if hot.live.len() == hot.replicas.len() {
            String::new()
        } else if hot.live.is_empty() {
            "; none of them is up: its requests fail".into()
        } else {
            format!("; up: {}", list(&hot.live))
        };
        Some((
            at,
            format!(
                "{}, the hottest key: {} of all requests; on {}{live}",
                crate::ring::key_name(hot.key),
                percent(hot.share),
                list(&hot.replicas)
            ),
        ))
    }

    /// The ring after the change if `after` and there is one, else before it; `None` if the strategy has
    /// no ring.
    pub(super) fn ring(&self, after: bool) -> Option<&Ring> {
        match self.picture(after) {
            Picture::Ring(ring) => Some(ring),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::App;
    use crate::geometry::turn;
    use crate::stats::percent;

    #[test]
    fn arcs_under_the_pointer_partition_keys_and_ring() {
        let app = App::from_fragment("nodes=db1,db2,db3&vnodes=4&keys=1000&remove=db2");
        for after in [false, true] {
            let ring = if after {
                app.ring_after().unwrap()
            } else {
                app.ring_before().unwrap()
            };
            // Visit every arc once, by a turn just before each position (wrapping to the first).
            let mut keys = 0;
            let mut share = 0.0;
            for &p in ring.positions() {
                let t = turn(p) - 1e-9;
                let arc = app.arc_at(t, after).unwrap();
                assert!((arc.end - turn(p)).abs() < 1e-12);
                let (name, i) = arc.vnode.split_once(':').unwrap();
                assert_eq!(
                    crate::ring::vnode_position(name, i.parse().unwrap()),
                    p,
                    "{}",
                    arc.vnode
                );
                assert_eq!(app.names()[arc.node as usize], name);
                keys += arc.keys.unwrap();
                share += arc.share;
            }
            assert_eq!(keys, 1000);
            assert!((share - 1.0).abs() < 1e-9);
        }
        // One virtual node owns the whole ring.
        let one = App::from_fragment("nodes=db1&vnodes=1&keys=100");
        let arc = one.arc_at(0.3, false).unwrap();
        assert_eq!(
            (arc.vnode.as_str(), arc.keys, arc.share),
            ("db1:0", Some(100), 1.0)
        );
    }

    /// Each arc says its node's weight, and the picture has every node's.
    #[test]
    fn arcs_and_the_picture_carry_the_weights() {
        let app = App::from_fragment("nodes=db1,db2&vnodes=2&keys=100&weights=db2:3&add=db3");
        assert_eq!(app.arcs(false), 2 + 6);
        for j in 0..app.arcs(false) {
            let arc = app.arc(j, false).unwrap();
            assert_eq!(arc.weight, [1, 3][arc.node as usize], "{}", arc.vnode);
        }
        let scene = crate::layout::Scene::of(&app);
        assert_eq!(scene.weights, [1, 3, 1]);
        assert_eq!(app.weight_of(1), 3);
    }

    #[test]
    fn names_in_name_order_by_counting() {
        for k in [
            1, 2, 9, 10, 11, 12, 99, 100, 101, 1000, 1234, 10_000, 54_321,
        ] {
            let order = crate::strategy::lexicographic_order(k);
            for (n, &want) in order.iter().enumerate() {
                assert_eq!(super::nth_in_name_order(k, n as u32), want, "k {k}, n {n}");
            }
        }
    }

    #[test]
    fn every_structure_names_its_units_and_they_cover_the_circle() {
        for (strategy, count, first) in [
            ("ketama", 4 * 160, "ketama point 1 of 640"),
            ("shards&shards=100", 100, "shard 0 of 100"),
            ("maglev", 65_537, "Maglev entry 0 of 65,537"),
            ("range", 4, "range 1 of 4: user_0 … user_322"),
        ] {
            let app = App::from_fragment(&format!(
                "nodes=db1,db2,db3,db4&keys=1000&strategy={strategy}&fail=db2"
            ));
            assert_eq!(app.arcs(false), count, "{strategy}");
            let arc = app.arc(0, false).unwrap();
            assert_eq!(arc.vnode, first, "{strategy}");
            // Each unit found again under the middle of its stretch; shares add up to the circle.
            let mut share = 0.0;
            let step = (count / 97).max(1);
            for j in (0..count).step_by(step) {
                let arc = app.arc(j, false).unwrap();
                let end = if arc.end < arc.start {
                    arc.end + 1.0
                } else {
                    arc.end
                };
                let middle = (arc.start + end) / 2.0;
                assert_eq!(app.arc_at(middle, false).unwrap(), arc, "{strategy} {j}");
                assert_eq!(arc.down, app.names()[arc.node as usize] == "db2");
            }
            for j in 0..count {
                share += app.arc(j, false).unwrap().share;
            }
            assert!((share - 1.0).abs() < 1e-6, "{strategy}: {share}");
            assert!(app.arc(count, false).is_none());
        }
        // Ranges hold exactly the keys between their names (strategies.md: 1000 keys over 4 nodes; the
        // names by Python: sorted(f"user_{i}" for i in range(1000))[249], [750], [999]).
        let app = App::from_fragment("nodes=db1,db2,db3,db4&keys=1000&strategy=range");
        let keys: Vec<u64> = (0..4)
            .map(|j| app.arc(j, false).unwrap().keys.unwrap())
            .collect();
        assert_eq!(keys, [250, 250, 250, 250]);
        assert_eq!(
            app.arc(3, false).unwrap().vnode,
            "range 4 of 4: user_774 … user_999"
        );
        // No structure: hash % N, jump, rendezvous.
        for strategy in ["modn", "jump", "rendezvous"] {
            let app = App::from_fragment(&format!("nodes=db1,db2&keys=1000&strategy={strategy}"));
            assert_eq!((app.arcs(false), app.arc_at(0.5, false)), (0, None));
        }
    }

    #[test]
    fn the_hottest_key_has_a_tip() {
        let app = App::from_fragment("nodes=db1,db2,db3&keys=1000&replicas=2&zipf=1.00&fail=db3");
        let (at, tip) = app.hot_mark().unwrap();
        assert_eq!(at, turn(crate::ring::key_position(0)));
        let weight = 1.0 / (1..=1000).map(|i| 1.0 / i as f64).sum::<f64>();
        assert!(
            tip.starts_with(&format!(
                "user_0, the hottest key: {} of all requests; on ",
                percent(weight)
            )),
            "{tip}"
        );
        assert!(App::from_fragment("nodes=db1,db2&keys=1000")
            .hot_mark()
            .is_none());
    }
}
