//! The picture as pure data: where on the ring things are, which arcs each node owns, how keys are
//! binned, which colour each node gets. It reads the [`App`]; `web::render` only draws a [`Scene`].
//!
//! Angles are in *turns* (`0.0..1.0`, [`crate::geometry`]), position 0 at the top, growing clockwise.

use crate::app::App;
use crate::geometry::turn;
use crate::params::Change;
use crate::ring::{Position, Ring, NO_OWNER};
use crate::strategy::{ketama_hash, Picture};

/// Key bins around the ring (each 1° wide).
pub const BINS: usize = 360;
/// Most ticks drawn exactly; beyond this, sampled ([`sample_ticks`]).
pub const TICK_LIMIT: usize = 4096;
/// Slots ticks are sampled in: about one per pixel of the largest circle.
pub const TICK_SLOTS: usize = 2880;
/// Most owner arcs drawn exactly; beyond this, ownership is sampled at [`ARC_SLOTS`] points.
pub const ARC_LIMIT: usize = 4096;
/// Sampling points around the ring when there are too many arcs to draw one by one: a quarter of a
/// degree each, under a pixel of the band on any screen.
pub const ARC_SLOTS: usize = 1440;
/// Up to this many keys, each key is drawn as its own mark; beyond, keys are binned by degree.
pub const MARKS_MAX: usize = 2000;

/// Bin of a position among [`BINS`].
pub fn bin_of(pos: Position) -> usize {
    (((pos >> 64) * BINS as u128) >> 64) as usize
}

/// The first eight node colours: Okabe & Ito's palette for colour-vision deficiencies (its seven colours,
/// yellow late because it is faint on white) and Tol's wine. Under simulated protanopia, deuteranopia and
/// tritanopia every pair stays at least 15 apart in CIELAB (tested below).
pub const PALETTE: [&str; 8] = [
    "#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#f0e442", "#882255",
];

/// Colour of node `id`: [`PALETTE`] for the first eight, then golden-angle hues.
pub fn node_color(id: u32) -> String {
    match PALETTE.get(id as usize) {
        Some(c) => (*c).to_owned(),
        None => format!("hsl({:.0}, 62%, 55%)", (id as f64 * 137.508) % 360.0),
    }
}

/// The colours of nodes `0..n` by id ([`node_color`]), as the picture and the tables name them.
pub fn node_colors(n: usize) -> Vec<String> {
    (0..n as u32).map(node_color).collect()
}

/// An arc of the ring owned by one node: from `start` to `end` (turns, `start < end`, `end` may pass 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arc {
    pub start: f64,
    pub end: f64,
    pub node: u32,
}

/// A virtual node: its turn and node id.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tick {
    pub turn: f64,
    pub node: u32,
}

/// Keys in one [`BINS`] slice of the ring.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bin {
    /// Keys in the bin.
    pub keys: u32,
    /// The node owning most of them before the change.
    pub owner: u32,
    /// Keys in the bin that move with the change.
    pub moved: u32,
    /// The node receiving most of the moved ones.
    pub moved_to: u32,
}

/// One key at its exact place on the ring.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mark {
    pub turn: f64,
    /// Owner before the change.
    pub owner: u32,
    /// Owner after the change, when the change moves this key.
    pub moved_to: Option<u32>,
}

/// What the band and the ticks of the picture show, by strategy.
#[derive(Clone, Debug, PartialEq)]
pub enum Band {
    /// The seed's ring (ring, bounded): arcs owned by virtual nodes; ticks are the virtual nodes.
    Ring,
    /// ketama's 32-bit circle: arcs owned by points; ticks are the points; keys at their ketama hash.
    Points,
    /// A table drawn around the circle, cell 0 at the top (shard map, Maglev table): `cells` cells.
    Cells { noun: &'static str, cells: usize },
    /// The key names in sorted order around the circle, split into ranges; ticks are the split points.
    Ranges,
    /// No structure, only a formula: keys at their MD5 position in their owner's colour.
    Formula(&'static str),
}

/// Everything drawn on the canvas, in turns and node ids.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// What the band shows.
    pub band: Band,
    /// Ownership before the change (ring arcs, or the strategy's table or ranges around the circle).
    pub arcs: Vec<Arc>,
    /// Ownership after the change, if there is one.
    pub arcs_after: Option<Vec<Arc>>,
    /// Every virtual node or point (of the ring with the most nodes: before a removal, after an
    /// addition), or the range split points.
    pub ticks: Vec<Tick>,
    /// Keys per bin.
    pub bins: Vec<Bin>,
    /// Keys per bin by owner before the change: `stacks[bin * (names + 1) + node]`, the last column for no
    /// owner; and the moved ones by the node they moved to.
    pub stacks: Vec<u32>,
    pub moved_stacks: Vec<u32>,
    /// Largest `keys` of any bin (for scaling).
    pub max_bin: u32,
    /// Every key, when there are at most [`MARKS_MAX`] (then drawn instead of the bins).
    pub marks: Option<Vec<Mark>>,
    /// Node names by id, and their colours.
    pub names: Vec<String>,
    pub colors: Vec<String>,
    /// Node weights by id (1 unless `weights=` gives one): a node's share of the picture is fair at
    /// `w/W`.
    pub weights: Vec<u32>,
    /// The node removed or added.
    pub changed: Option<u32>,
    /// True when the change removes that node.
    pub removing: bool,
    /// Nodes marked down, by id.
    pub down: Vec<bool>,
    /// Nodes on side B of the partition (`split=`), by id; all false without one.
    pub side_b: Vec<bool>,
    /// Keys with no live replica, per bin (all zero when every node is up).
    pub unavailable: Vec<u32>,
    /// The hottest key, when keys are skewed: where it sits, its name and its replicas (ids), live first.
    pub hot: Option<HotMark>,
}

/// The hottest key on the picture.
#[derive(Clone, Debug, PartialEq)]
pub struct HotMark {
    pub turn: f64,
    pub key: String,
    pub replicas: Vec<u32>,
    pub live: Vec<u32>,
}

impl Scene {
    /// The picture of `app`.
    pub fn of(app: &App) -> Scene {
        let names = app.names().to_vec();
        let colors = node_colors(names.len());
        let weights = app.params().weights.of_nodes(&names);
        let changed = app
            .params()
            .change
            .as_ref()
            .and_then(|c| names.iter().position(|n| n == c.node()));
        let removing = matches!(app.params().change, Some(Change::Remove(_)));
        let changing = app.changing();
        let ids = |after: bool| move |local: u32| app.node_id(after, local);
        let band = band(&app.picture(false));
        let arcs_of = |after: bool| relabel(picture_arcs(&app.picture(after)), ids(after));
        // Ticks of the list with the most nodes: before a removal, after an addition.
        let tick_side = changing && !removing;
        let ticks = sample_ticks(
            picture_ticks(&app.picture(tick_side))
                .into_iter()
                .map(|t| Tick {
                    turn: t.turn,
                    node: ids(tick_side)(t.node),
                })
                .collect(),
            changed.map(|i| i as u32),
        );
        let (keys, before, after) = (
            app.keys().positions(),
            app.owners_before(),
            app.owners_after(),
        );
        let key_turn: fn(Position) -> f64 = match band {
            Band::Points => |p| ketama_hash(p) as f64 / 4_294_967_296.0,
            _ => turn,
        };
        let binned = bins(keys, key_turn, before, after, names.len());
        let marks = (keys.len() <= MARKS_MAX).then(|| {
            (0..keys.len())
                .map(|k| Mark {
                    turn: key_turn(keys[k]),
                    owner: before[k],
                    moved_to: after.map(|a| a[k]).filter(|&a| a != before[k]),
                })
                .collect()
        });
        let service = &app.report().service;
        let down: Vec<bool> = (0..names.len() as u32)
            .map(|id| service.down.contains(&id))
            .collect();
        let split = &app.params().time.split;
        let side_b = names.iter().map(|n| split.contains(n)).collect();
        let mut unavailable = vec![0u32; BINS];
        if service.availability.unavailable > 0 {
            for (&pos, &live) in keys.iter().zip(app.live_replicas()) {
                if live == 0 {
                    unavailable[((key_turn(pos) * BINS as f64) as usize).min(BINS - 1)] += 1;
                }
            }
        }
        let hot = service.hottest.as_ref().map(|h| HotMark {
            turn: key_turn(crate::ring::key_position(h.key)),
            key: crate::ring::key_name(h.key),
            replicas: h.replicas.clone(),
            live: h.live.clone(),
        });
        Scene {
            band,
            arcs: arcs_of(false),
            arcs_after: changing.then(|| arcs_of(true)),
            ticks,
            max_bin: binned.bins.iter().map(|b| b.keys).max().unwrap_or(0),
            marks,
            bins: binned.bins,
            stacks: binned.stacks,
            moved_stacks: binned.moved_stacks,
            names,
            colors,
            weights,
            changed: changed.map(|i| i as u32),
            removing,
            down,
            side_b,
            unavailable,
            hot,
        }
    }
}

/// Ticks past [`TICK_LIMIT`] (100 nodes × 1000 virtual nodes make 100,000, several per pixel of the
/// circle) are sampled: the first tick in each of [`TICK_SLOTS`] slots, and every tick of the changed
/// node (drawn longer), so that drawing them costs what the eye can see.
pub fn sample_ticks(ticks: Vec<Tick>, changed: Option<u32>) -> Vec<Tick> {
    if ticks.len() <= TICK_LIMIT {
        return ticks;
    }
    let mut last_slot = usize::MAX;
    ticks
        .into_iter()
        .filter(|t| {
            let slot = ((t.turn.rem_euclid(1.0) * TICK_SLOTS as f64) as usize).min(TICK_SLOTS - 1);
            let first = slot != last_slot;
            last_slot = slot;
            first || changed == Some(t.node)
        })
        .collect()
}

/// What a strategy's picture shows.
fn band(picture: &Picture) -> Band {
    match *picture {
        Picture::Ring(_) => Band::Ring,
        Picture::Points { .. } => Band::Points,
        Picture::Cells { owners, noun } => Band::Cells {
            noun,
            cells: owners.len(),
        },
        Picture::Ranges { .. } => Band::Ranges,
        Picture::Formula(formula) => Band::Formula(formula),
    }
}

/// The arcs of a strategy's structure, in its own node indices.
pub fn picture_arcs(picture: &Picture) -> Vec<Arc> {
    match *picture {
        Picture::Ring(ring) => arcs(ring),
        Picture::Points { points, owners } => {
            let turns: Vec<f64> = points.iter().map(|&p| p as f64 / 4_294_967_296.0).collect();
            circle_arcs(&turns, owners)
        }
        Picture::Cells { owners, .. } => {
            let width = 1.0 / owners.len().max(1) as f64;
            let cells: Vec<Arc> = if owners.len() <= ARC_LIMIT {
                owners
                    .iter()
                    .enumerate()
                    .map(|(j, &node)| Arc {
                        start: j as f64 * width,
                        end: (j + 1) as f64 * width,
                        node,
                    })
                    .collect()
            } else {
                // Sampled: the cell under the middle of each of ARC_SLOTS slots.
                let slot = 1.0 / ARC_SLOTS as f64;
                (0..ARC_SLOTS)
                    .map(|s| Arc {
                        start: s as f64 * slot,
                        end: (s + 1) as f64 * slot,
                        node: owners[((s as f64 + 0.5) * slot * owners.len() as f64) as usize],
                    })
                    .collect()
            };
            merge(cells)
        }
        Picture::Ranges {
            starts,
            owners,
            keys,
        } => {
            let k = keys.max(1) as f64;
            let ranges = starts
                .iter()
                .zip(owners)
                .enumerate()
                .map(|(i, (&start, &node))| Arc {
                    start: start as f64 / k,
                    end: starts.get(i + 1).map_or(1.0, |&next| next as f64 / k),
                    node,
                })
                .filter(|a| a.end > a.start)
                .collect();
            merge(ranges)
        }
        Picture::Formula(_) => Vec::new(),
    }
}

/// The ticks of a strategy's structure, in its own node indices: virtual nodes, points or split points.
pub fn picture_ticks(picture: &Picture) -> Vec<Tick> {
    match *picture {
        Picture::Ring(ring) => ring
            .positions()
            .iter()
            .zip(ring.owners())
            .map(|(&p, &node)| Tick {
                turn: turn(p),
                node,
            })
            .collect(),
        Picture::Points { points, owners } => points
            .iter()
            .zip(owners)
            .map(|(&p, &node)| Tick {
                turn: p as f64 / 4_294_967_296.0,
                node,
            })
            .collect(),
        Picture::Ranges {
            starts,
            owners,
            keys,
        } => starts
            .iter()
            .zip(owners)
            .map(|(&s, &node)| Tick {
                turn: s as f64 / keys.max(1) as f64,
                node,
            })
            .collect(),
        Picture::Cells { .. } | Picture::Formula(_) => Vec::new(),
    }
}

fn relabel(mut arcs: Vec<Arc>, id: impl Fn(u32) -> u32) -> Vec<Arc> {
    for a in &mut arcs {
        a.node = id(a.node);
    }
    arcs
}

/// The arcs each node owns: virtual node `j` owns `(p[j-1], p[j]]`, the first one also the wrap past the
/// last. Neighbouring arcs of one node are merged; past [`ARC_LIMIT`] the ring is sampled instead.
pub fn arcs(ring: &Ring) -> Vec<Arc> {
    let turns: Vec<f64> = ring.positions().iter().map(|&p| turn(p)).collect();
    circle_arcs(&turns, ring.owners())
}

/// Arcs of points at ascending `turns` owned by `owners`: point `j` owns `(t[j-1], t[j]]`, the first one
/// also the wrap past the last. Neighbouring arcs of one node are merged; past [`ARC_LIMIT`] the circle
/// is sampled at [`ARC_SLOTS`] points instead.
fn circle_arcs(turns: &[f64], owners: &[u32]) -> Vec<Arc> {
    if turns.is_empty() {
        return Vec::new();
    }
    let mut raw: Vec<Arc> = Vec::with_capacity(turns.len());
    raw.push(Arc {
        start: turns[turns.len() - 1] - 1.0,
        end: turns[0],
        node: owners[0],
    });
    for j in 1..turns.len() {
        raw.push(Arc {
            start: turns[j - 1],
            end: turns[j],
            node: owners[j],
        });
    }
    let mut merged = merge(raw);
    if merged.len() > ARC_LIMIT {
        let width = 1.0 / ARC_SLOTS as f64;
        merged = merge(
            (0..ARC_SLOTS)
                .map(|s| {
                    let at = (s as f64 + 0.5) * width;
                    let j = turns.partition_point(|&t| t <= at);
                    Arc {
                        start: s as f64 * width,
                        end: (s + 1) as f64 * width,
                        node: owners[if j == turns.len() { 0 } else { j }],
                    }
                })
                .collect(),
        );
    }
    merged
}
fn merge(arcs: Vec<Arc>) -> Vec<Arc> {
    let mut out: Vec<Arc> = Vec::with_capacity(arcs.len());
    for a in arcs {
        match out.last_mut() {
            Some(last) if last.node == a.node => last.end = a.end,
            _ => out.push(a),
        }
    }
    if out.len() > 1 && out[0].node == out[out.len() - 1].node {
        let last = out.pop().expect("len > 1");
        out[0].start = last.start - 1.0;
    }
    out
}

/// Keys per bin, with each bin's keys by owner and its moved keys by destination.
pub struct Binned {
    pub bins: Vec<Bin>,
    /// `stacks[bin * (nodes + 1) + node]`; the last column counts keys with no owner.
    pub stacks: Vec<u32>,
    pub moved_stacks: Vec<u32>,
}

/// Keys per bin (a key at `key_turn(position)`) with their main owner, the moved ones with their main
/// destination, and both by node.
pub fn bins(
    keys: &[Position],
    key_turn: fn(Position) -> f64,
    before: &[u32],
    after: Option<&[u32]>,
    nodes: usize,
) -> Binned {
    let side = nodes + 1;
    let slot = |o: u32| if o == NO_OWNER { nodes } else { o as usize };
    let mut owned = vec![0u32; BINS * side];
    let mut moved_to = vec![0u32; BINS * side];
    let mut out = vec![Bin::default(); BINS];
    for (k, (&pos, &b)) in keys.iter().zip(before).enumerate() {
        let bin = ((key_turn(pos) * BINS as f64) as usize).min(BINS - 1);
        out[bin].keys += 1;
        owned[bin * side + slot(b)] += 1;
        if let Some(a) = after.map(|after| after[k]).filter(|&a| a != b) {
            out[bin].moved += 1;
            moved_to[bin * side + slot(a)] += 1;
        }
    }
    let top = |row: &[u32]| {
        let best = (0..side)
            .max_by_key(|&i| (row[i], std::cmp::Reverse(i)))
            .unwrap_or(0);
        if best == nodes {
            NO_OWNER
        } else {
            best as u32
        }
    };
    for (i, bin) in out.iter_mut().enumerate() {
        bin.owner = top(&owned[i * side..(i + 1) * side]);
        bin.moved_to = top(&moved_to[i * side..(i + 1) * side]);
    }
    Binned {
        bins: out,
        stacks: owned,
        moved_stacks: moved_to,
    }
}

/// Sizes of the ring drawing in a square of `size_px` CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    pub cx: f64,
    pub cy: f64,
    /// Outer edge of the ownership band (before the change).
    pub band_outer: f64,
    /// Inner edge of that band; the after band sits just inside it.
    pub band_inner: f64,
    pub after_inner: f64,
    /// Where ticks start and end (outside the band).
    pub tick_inner: f64,
    pub tick_outer: f64,
    /// Where key bars start, and their longest length.
    pub bars_inner: f64,
    pub bars_max: f64,
}

impl Geometry {
    /// Fits the drawing in a `size_px` square.
    pub fn fit(size_px: f64) -> Geometry {
        let r = (size_px / 2.0).max(40.0);
        let band = (r * 0.07).clamp(6.0, 22.0);
        let band_outer = r * 0.62;
        Geometry {
            cx: size_px / 2.0,
            cy: size_px / 2.0,
            band_outer,
            band_inner: band_outer - band,
            after_inner: band_outer - 2.0 * band - 2.0,
            tick_inner: band_outer + 2.0,
            tick_outer: band_outer + 2.0 + band * 0.8,
            bars_inner: band_outer + 4.0 + band,
            bars_max: r * 0.96 - (band_outer + 4.0 + band),
        }
    }
}

/// Where the balance curve goes in a `width × height` box: x is log(virtual nodes) from 1 to 1000,
/// y the spread (standard deviation as a fraction of the mean) from 0 at the bottom to `y_max` at the top.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurveFrame {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub y_max: f64,
}

impl CurveFrame {
    /// A frame for spreads up to `largest`, with room for axis labels.
    pub fn fit(width: f64, height: f64, largest: f64) -> CurveFrame {
        // Round the top up to a tidy step: 5 %, 10 %, 20 %, 50 %, 100 %, …
        let y_max = [0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0]
            .into_iter()
            .find(|&m| largest <= m)
            .unwrap_or(largest.max(1e-9));
        CurveFrame {
            left: 44.0,
            right: width - 12.0,
            top: 10.0,
            bottom: height - 24.0,
            y_max,
        }
    }

    /// Canvas x of a virtual-node count.
    pub fn x(&self, vnodes: u32) -> f64 {
        let t = (vnodes.max(1) as f64).log10() / 3.0;
        self.left + t.min(1.0) * (self.right - self.left)
    }

    /// Canvas y of a spread.
    pub fn y(&self, spread: f64) -> f64 {
        self.bottom - (spread / self.y_max).clamp(0.0, 1.0) * (self.bottom - self.top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_of_positions() {
        assert_eq!(bin_of(0), 0);
        assert_eq!(bin_of(1 << 127), BINS / 2);
        assert_eq!(bin_of(u128::MAX), BINS - 1);
    }

    #[test]
    fn arcs_cover_the_ring_once() {
        for vnodes in [1, 5, 150, 1000] {
            let ring = Ring::new(&["db1", "db2", "db3", "db4"], vnodes);
            let arcs = arcs(&ring);
            let covered: f64 = arcs.iter().map(|a| a.end - a.start).sum();
            assert!((covered - 1.0).abs() < 1e-9, "vnodes={vnodes}: {covered}");
            assert!(arcs
                .windows(2)
                .all(|w| w[0].node != w[1].node && (w[0].end - w[1].start).abs() < 1e-12));
            assert!(arcs.len() <= ARC_LIMIT);
        }
    }

    #[test]
    fn many_arcs_are_sampled_by_the_owner_at_each_slot() {
        // 100 nodes × 100 virtual nodes: far more arcs than ARC_LIMIT, so the band is sampled.
        let names: Vec<String> = (1..=100).map(|i| format!("db{i}")).collect();
        let ring = Ring::new(&names, 100);
        let arcs = arcs(&ring);
        assert!(
            arcs.len() > 100 && arcs.len() <= ARC_SLOTS,
            "{}",
            arcs.len()
        );
        let covered: f64 = arcs.iter().map(|a| a.end - a.start).sum();
        assert!((covered - 1.0).abs() < 1e-9);
        for a in &arcs {
            // The owner in the middle of every slot the arc spans is the arc's node.
            let slot = 1.0 / ARC_SLOTS as f64;
            let mut t = a.start + slot / 2.0;
            while t < a.end {
                let pos = crate::geometry::position_at(t);
                assert_eq!(ring.owner_of(pos), Some(a.node), "at turn {t}");
                t += slot;
            }
        }
        assert!(
            arcs.iter()
                .map(|a| a.node)
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                > 90
        );
    }

    #[test]
    fn arcs_end_at_their_owning_vnode() {
        let ring = Ring::new(&["a", "b"], 3);
        let arcs = arcs(&ring);
        for a in &arcs {
            let end = a.end.rem_euclid(1.0);
            let at = ring
                .positions()
                .iter()
                .position(|&p| (turn(p) - end).abs() < 1e-12)
                .unwrap();
            assert_eq!(ring.owners()[at], a.node);
        }
    }

    #[test]
    fn bins_count_every_key_and_every_move() {
        let app = App::from_fragment("nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
        let scene = Scene::of(&app);
        assert_eq!(
            scene.bins.iter().map(|b| b.keys as u64).sum::<u64>(),
            10_000
        );
        assert_eq!(scene.bins.iter().map(|b| b.moved as u64).sum::<u64>(), 3114);
        assert!(scene
            .bins
            .iter()
            .filter(|b| b.moved > 0)
            .all(|b| b.moved_to != 1));
        assert_eq!(scene.changed, Some(1));
        assert_eq!(scene.ticks.len(), 450);
        assert!(scene
            .arcs_after
            .as_ref()
            .unwrap()
            .iter()
            .all(|a| a.node != 1));
    }

    #[test]
    fn few_keys_are_marked_one_by_one() {
        let app = App::from_fragment("keys=500&remove=db1");
        let marks = Scene::of(&app).marks.expect("500 keys are marked");
        assert_eq!(marks.len(), 500);
        let moved = marks.iter().filter(|m| m.moved_to.is_some()).count() as u64;
        assert_eq!(moved, app.report().movement.as_ref().unwrap().moved);
        assert!(marks
            .iter()
            .filter(|m| m.moved_to.is_some())
            .all(|m| m.owner == 0));
        assert!(marks.windows(2).all(|w| w[0].turn <= w[1].turn));
        assert!(Scene::of(&App::from_fragment("keys=2001")).marks.is_none());
    }

    #[test]
    fn added_node_ticks_are_drawn() {
        let app = App::from_fragment("add=db4&vnodes=10");
        let scene = Scene::of(&app);
        assert_eq!(scene.ticks.iter().filter(|t| t.node == 3).count(), 10);
        assert_eq!(scene.colors.len(), 4);
        assert!(!scene.removing);
    }

    #[test]
    fn curve_frame_maps_log_vnodes_and_spread() {
        let f = CurveFrame::fit(400.0, 200.0, 0.37);
        assert_eq!(f.y_max, 0.5);
        assert_eq!(f.x(1), f.left);
        assert_eq!(f.x(1000), f.right);
        assert!((f.x(10) - (f.left + (f.right - f.left) / 3.0)).abs() < 1e-9);
        assert_eq!(f.y(0.0), f.bottom);
        assert_eq!(f.y(0.5), f.top);
        assert_eq!(f.y(9.0), f.top, "clamped");
    }

    /// The palette under the common colour-vision deficiencies: Machado, Oliveira & Fernandes (2009)
    /// matrices at full severity, applied in linear RGB; distances in CIELAB (D65).
    #[test]
    fn palette_stays_distinguishable_under_colour_vision_deficiencies() {
        type M = [[f64; 3]; 3];
        const NORMAL: M = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
        const PROTAN: M = [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ];
        const DEUTAN: M = [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ];
        const TRITAN: M = [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ];
        let linear = |hex: &str| -> [f64; 3] {
            std::array::from_fn(|i| {
                let c = u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap() as f64 / 255.0;
                if c <= 0.04045 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            })
        };
        let lab = |m: &M, rgb: [f64; 3]| -> [f64; 3] {
            let v: [f64; 3] = std::array::from_fn(|i| {
                (0..3)
                    .map(|j| m[i][j] * rgb[j])
                    .sum::<f64>()
                    .clamp(0.0, 1.0)
            });
            let xyz = [
                (0.4124 * v[0] + 0.3576 * v[1] + 0.1805 * v[2]) / 0.95047,
                0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2],
                (0.0193 * v[0] + 0.1192 * v[1] + 0.9505 * v[2]) / 1.08883,
            ];
            let f = |t: f64| {
                if t > 216.0 / 24389.0 {
                    t.cbrt()
                } else {
                    (24389.0 / 27.0 * t + 16.0) / 116.0
                }
            };
            let (fx, fy, fz) = (f(xyz[0]), f(xyz[1]), f(xyz[2]));
            [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
        };
        for (name, m) in [
            ("normal", NORMAL),
            ("protanopia", PROTAN),
            ("deuteranopia", DEUTAN),
            ("tritanopia", TRITAN),
        ] {
            let labs: Vec<[f64; 3]> = PALETTE.iter().map(|h| lab(&m, linear(h))).collect();
            for i in 0..labs.len() {
                for j in i + 1..labs.len() {
                    let d = (0..3)
                        .map(|k| (labs[i][k] - labs[j][k]).powi(2))
                        .sum::<f64>()
                        .sqrt();
                    assert!(
                        d >= 15.0,
                        "{name}: {} and {} are {d:.1} apart",
                        PALETTE[i],
                        PALETTE[j]
                    );
                }
            }
        }
        assert_eq!(node_color(0), PALETTE[0]);
        assert!(node_color(8).starts_with("hsl("));
    }

    #[test]
    fn geometry_nests() {
        let g = Geometry::fit(600.0);
        assert!(g.after_inner < g.band_inner && g.band_inner < g.band_outer);
        assert!(g.band_outer < g.tick_inner && g.tick_outer < g.bars_inner);
        assert!(g.bars_inner + g.bars_max <= 300.0);
    }

    #[test]
    fn ticks_are_sampled_past_the_limit_keeping_the_changed_nodes() {
        let nodes: Vec<String> = (1..=20).map(|i| format!("n{i}")).collect();
        let app = App::from_fragment(&format!(
            "nodes={}&vnodes=400&keys=1000&remove=n7",
            nodes.join(",")
        ));
        let scene = Scene::of(&app);
        assert!(
            scene.ticks.len() <= TICK_SLOTS + 400,
            "{}",
            scene.ticks.len()
        );
        assert!(scene.ticks.len() > TICK_SLOTS / 2);
        assert_eq!(
            scene.ticks.iter().filter(|t| t.node == 6).count(),
            400,
            "every tick of n7"
        );
        assert!(scene.ticks.windows(2).all(|w| w[0].turn <= w[1].turn));
        let small = App::from_fragment("nodes=a,b&vnodes=100&keys=100");
        assert_eq!(
            Scene::of(&small).ticks.len(),
            200,
            "below the limit: every tick"
        );
    }
}
