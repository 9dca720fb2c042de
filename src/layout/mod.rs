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
        None => format!(
            "hsl({}, 62%, 55%)",
            crate::stats::fixed((id as f64 * 137.508) % 360.0, 0)
        ),
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
    /// The picture of `app`, in one go ([`MakingScene`] makes it in parts).
    pub fn of(app: &App) -> Scene {
        let mut making = MakingScene::begin(app);
        loop {
            if let Some(scene) = making.step(app, usize::MAX) {
                return scene;
            }
        }
    }
}

/// The picture being made a part at a time, so that no part runs long at a million keys: the arcs
/// before the change, those after it, the ticks, then the keys' bins (and the keys with no live replica)
/// at most `keys` keys a part ([`MakingScene::step`]). The app must not change in between.
pub struct MakingScene {
    stage: SceneStage,
    arcs: Vec<Arc>,
    arcs_after: Option<Vec<Arc>>,
    ticks: Vec<Tick>,
    /// The keys binned so far, and the bins' counts.
    done: usize,
    counts: BinCounts,
    unavailable: Vec<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SceneStage {
    Arcs,
    ArcsAfter,
    Ticks,
    Keys,
}

impl MakingScene {
    /// A picture of `app` to make.
    pub fn begin(app: &App) -> MakingScene {
        MakingScene {
            stage: SceneStage::Arcs,
            arcs: Vec::new(),
            arcs_after: None,
            ticks: Vec::new(),
            done: 0,
            counts: BinCounts::new(app.names().len()),
            unavailable: vec![0u32; BINS],
        }
    }

    /// One part: the arcs before, the arcs after, the ticks, or the next `keys` keys binned; the picture
    /// once every part is made.
    pub fn step(&mut self, app: &App, keys: usize) -> Option<Scene> {
        let ids = |after: bool| move |local: u32| app.node_id(after, local);
        let changing = app.changing();
        let removing = matches!(app.params().change, Some(Change::Remove(_)));
        match self.stage {
            SceneStage::Arcs => {
                self.arcs = relabel(picture_arcs(&app.picture(false)), ids(false));
                self.stage = SceneStage::ArcsAfter;
                None
            }
            SceneStage::ArcsAfter => {
                self.arcs_after =
                    changing.then(|| relabel(picture_arcs(&app.picture(true)), ids(true)));
                self.stage = SceneStage::Ticks;
                None
            }
            SceneStage::Ticks => {
                // Ticks of the list with the most nodes: before a removal, after an addition.
                let tick_side = changing && !removing;
                let changed = changed_id(app);
                self.ticks = sample_ticks(
                    picture_ticks(&app.picture(tick_side))
                        .into_iter()
                        .map(|t| Tick {
                            turn: t.turn,
                            node: ids(tick_side)(t.node),
                        })
                        .collect(),
                    changed,
                );
                self.stage = SceneStage::Keys;
                None
            }
            SceneStage::Keys => {
                let positions = app.keys().positions();
                let key_turn = key_turn_of(&band(&app.picture(false)));
                let (before, after) = (app.owners_before(), app.owners_after());
                let to = positions.len().min(self.done.saturating_add(keys.max(1)));
                self.counts.add(
                    &positions[self.done..to],
                    self.done,
                    key_turn,
                    before,
                    after,
                );
                let service = &app.report().service;
                if service.availability.unavailable > 0 {
                    let live = &app.live_replicas()[self.done..to];
                    for (&pos, &l) in positions[self.done..to].iter().zip(live) {
                        if l == 0 {
                            let bin = ((key_turn(pos) * BINS as f64) as usize).min(BINS - 1);
                            self.unavailable[bin] += 1;
                        }
                    }
                }
                self.done = to;
                (to == positions.len()).then(|| self.finish(app))
            }
        }
    }

    /// The picture, once every part is made.
    fn finish(&mut self, app: &App) -> Scene {
        let names = app.names().to_vec();
        let colors = node_colors(names.len());
        let weights = app.params().weights.of_nodes(&names);
        let band = band(&app.picture(false));
        let key_turn = key_turn_of(&band);
        let keys = app.keys().positions();
        let (before, after) = (app.owners_before(), app.owners_after());
        let binned = std::mem::replace(&mut self.counts, BinCounts::new(0)).finish();
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
        let hot = service.hottest.as_ref().map(|h| HotMark {
            turn: key_turn(crate::ring::key_position(h.key)),
            key: crate::ring::key_name(h.key),
            replicas: h.replicas.clone(),
            live: h.live.clone(),
        });
        Scene {
            band,
            arcs: std::mem::take(&mut self.arcs),
            arcs_after: self.arcs_after.take(),
            ticks: std::mem::take(&mut self.ticks),
            max_bin: binned.bins.iter().map(|b| b.keys).max().unwrap_or(0),
            marks,
            bins: binned.bins,
            stacks: binned.stacks,
            moved_stacks: binned.moved_stacks,
            names,
            colors,
            weights,
            changed: changed_id(app),
            removing: matches!(app.params().change, Some(Change::Remove(_))),
            down,
            side_b,
            unavailable: std::mem::take(&mut self.unavailable),
            hot,
        }
    }
}

/// The node removed or added, by id.
fn changed_id(app: &App) -> Option<u32> {
    let names = app.names();
    app.params()
        .change
        .as_ref()
        .and_then(|c| names.iter().position(|n| n == c.node()))
        .map(|i| i as u32)
}

/// Where a key sits on the circle for this band: ketama's 32-bit hash for its points, else its turn.
fn key_turn_of(band: &Band) -> fn(Position) -> f64 {
    match band {
        Band::Points => |p| ketama_hash(p) as f64 / 4_294_967_296.0,
        _ => turn,
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
    let mut counts = BinCounts::new(nodes);
    counts.add(keys, 0, key_turn, before, after);
    counts.finish()
}

/// [`bins`] a part of the keys at a time.
struct BinCounts {
    nodes: usize,
    owned: Vec<u32>,
    moved_to: Vec<u32>,
    bins: Vec<Bin>,
}

impl BinCounts {
    fn new(nodes: usize) -> BinCounts {
        let side = nodes + 1;
        BinCounts {
            nodes,
            owned: vec![0u32; BINS * side],
            moved_to: vec![0u32; BINS * side],
            bins: vec![Bin::default(); BINS],
        }
    }

    /// Counts `keys`, the keys from number `from` on (their owners are `before[from..]`, `after[from..]`).
    fn add(
        &mut self,
        keys: &[Position],
        from: usize,
        key_turn: fn(Position) -> f64,
        before: &[u32],
        after: Option<&[u32]>,
    ) {
        let (nodes, side) = (self.nodes, self.nodes + 1);
        let slot = |o: u32| if o == NO_OWNER { nodes } else { o as usize };
        for (i, &pos) in keys.iter().enumerate() {
            let k = from + i;
            let b = before[k];
            let bin = ((key_turn(pos) * BINS as f64) as usize).min(BINS - 1);
            self.bins[bin].keys += 1;
            self.owned[bin * side + slot(b)] += 1;
            if let Some(a) = after.map(|after| after[k]).filter(|&a| a != b) {
                self.bins[bin].moved += 1;
                self.moved_to[bin * side + slot(a)] += 1;
            }
        }
    }

    /// Each bin's main owner and main destination.
    fn finish(self) -> Binned {
        let (nodes, side) = (self.nodes, self.nodes + 1);
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
        let mut bins = self.bins;
        for (i, bin) in bins.iter_mut().enumerate() {
            bin.owner = top(&self.owned[i * side..(i + 1) * side]);
            bin.moved_to = top(&self.moved_to[i * side..(i + 1) * side]);
        }
        Binned {
            bins,
            stacks: self.owned,
            moved_stacks: self.moved_to,
        }
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
mod tests;
