//! Questions the picture asks of the ring under the pointer: which virtual node owns the arc at a turn,
//! the stretch it covers, and its keys.

use super::App;
use crate::geometry::{position_at, turn};
use crate::ring::{Position, Ring};
use crate::strategy::Picture;
use serde::Serialize;

/// The stretch of the ring one virtual node owns: everything after the previous virtual node, up to and
/// including its own position.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArcInfo {
    /// The virtual node's string, `"node:i"`.
    pub vnode: String,
    /// Its physical node's id.
    pub node: u32,
    /// Where the arc starts (exclusive) and ends (inclusive), in turns; `start > end` when it wraps past 0.
    pub start: f64,
    pub end: f64,
    /// Fraction of the ring it covers.
    pub share: f64,
    /// Keys it owns.
    pub keys: u64,
}

impl App {
    /// The arc under turn `at` (0..1, clockwise from the top), on the ring after the change if `after` and
    /// there is a change, else before it. `None` when the strategy has no ring (or it is empty).
    pub fn arc_at(&self, at: f64, after: bool) -> Option<ArcInfo> {
        self.arc(self.ring(after)?.slot_of(position_at(at))?, after)
    }

    /// The arc of virtual node `j` (an index into the ring's positions), on the ring after the change if
    /// `after` and there is a change, else before it. `None` past the last one, or without a ring.
    pub fn arc(&self, j: usize, after: bool) -> Option<ArcInfo> {
        let ring = self.ring(after)?;
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
            keys,
        })
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
                keys += arc.keys;
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
            ("db1:0", 100, 1.0)
        );
    }
}
