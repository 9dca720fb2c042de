//! Placements kept by key number, so that a slider step computes only what it changes.
//!
//! For a *pointwise* strategy ([`Strategy::pointwise`]: a key's owner depends only on the key and the node
//! list) the owners of a node list are kept, with the number of keys they were computed for. Then:
//! * more keys: only the new keys are looked up; fewer keys: nothing is computed but the new order;
//! * a list one step from a kept one (a node appended, or one removed: the "Nodes" slider, or the list
//!   after the change): the strategy derives it with [`Strategy::change`], which rendezvous and jump do
//!   for a fraction of a fresh placement's cost;
//! * anything else: a fresh placement.
//!
//! Every path gives exactly the owners a fresh placement would (tested below and by property tests).
//! Each is made a part at a time ([`MakingPlaced`], [`cover`]), so that no unit of the page's work grows
//! with the keys.
//!
//! Preference lists ([`Placements::replicas`]) are kept beside each placement the same way: by key number
//! when the key count changes (only the new keys' lists are made), derived from a kept list one step away
//! where the strategy can ([`crate::strategy::Table::replicas_after`]), else made afresh.

mod cover;

pub use cover::{BY_NUMBER, FINDING_NEW, LISTING_NEW, LOOKING_UP};

use crate::pace::{run, Pace, Part, Work};
use crate::ring::{KeySet, Position, VnodeCache};
use crate::strategy::{
    Input, ListsChange, Making, Placed, Settings, Step, Strategy, Table, PARTS_CHUNK,
};
use cover::{Covering, CoveringLists};
use std::rc::Rc;

/// How many node lists are kept: the chosen strategy's and hash % N's (for the experiment's comparison)
/// lists before and after the change, and the previous ones.
const KEPT: usize = 8;

/// Preference lists made for keys (items: keys × R × [`Strategy::key_cost`]; [`Work::of`] the strategy).
pub const LISTING: Work = Work::new("making preference lists", usize::MAX, 2_000);
/// Preference lists derived from a neighbour's (items: keys × R).
pub const DERIVING: Work = Work::new("deriving preference lists", usize::MAX, 2_000);

/// One strategy's placement of one node list (shared with the app, not copied).
struct Kept {
    strategy: &'static str,
    settings: Settings,
    nodes: Vec<String>,
    /// How many keys the placement is for.
    keys: u32,
    placed: Rc<Placed>,
    /// The owners by key number, once the key count has changed (then kept up to date: dragging the
    /// "Keys" slider only looks up new keys and reorders).
    by_number: Option<Vec<u32>>,
    /// Preference lists of this placement, once asked for.
    lists: Option<KeptLists>,
}

/// Preference lists of `r` per key: in key-position order for `keys` keys, and by key number once the
/// key count has changed.
struct KeptLists {
    r: usize,
    keys: u32,
    by_position: Rc<Vec<u32>>,
    by_number: Option<Vec<u32>>,
}

/// The kept placements.
#[derive(Default)]
pub struct Placements {
    kept: Vec<Kept>,
}

/// A placement asked for: kept, or to be made a part at a time.
pub enum Found {
    Kept(Rc<Placed>),
    Make(Box<MakingPlaced>),
}

/// Preference lists asked for: kept, to be made a part at a time ([`MakingLists`]), or not kept (no
/// placement is: the caller makes them from its own with [`MakingLists::of`]).
pub enum FoundLists {
    Kept(Rc<Vec<u32>>),
    Make(Box<MakingLists>),
    NotKept,
}

impl Placements {
    /// `strategy`'s placement of `nodes` over `keys` (owners in [`KeySet::positions`] order), from what
    /// is kept where possible, at once. `settings` must hold only what the strategy reads, so that a
    /// setting it ignores never misses the cache. For a strategy that is not pointwise, a fresh placement.
    pub fn placed(
        &mut self,
        strategy: &'static dyn Strategy,
        settings: &Settings,
        nodes: &[String],
        keys: &KeySet,
        vnode_cache: &mut VnodeCache,
    ) -> Rc<Placed> {
        match self.find(strategy, settings, nodes, keys, vnode_cache) {
            Found::Kept(placed) => placed,
            Found::Make(mut making) => loop {
                if let Some(placed) = making.step(self, keys, vnode_cache, &mut Pace::whole()) {
                    return placed;
                }
            },
        }
    }

    /// The same, kept, or the placement to make a part at a time ([`MakingPlaced::step`], which keeps
    /// it once made): the kept one brought to these keys, or derived from one kept one step away, or
    /// fresh.
    pub fn find(
        &mut self,
        strategy: &'static dyn Strategy,
        settings: &Settings,
        nodes: &[String],
        keys: &KeySet,
        vnode_cache: &mut VnodeCache,
    ) -> Found {
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let mut input = Input {
            keys,
            settings: settings.clone(),
            vnode_cache,
        };
        let making = |how| {
            Found::Make(Box::new(MakingPlaced {
                strategy,
                settings: settings.clone(),
                nodes: nodes.to_vec(),
                keep: strategy.pointwise(),
                how,
            }))
        };
        if !strategy.pointwise() {
            return making(How::Make(strategy.begin(&mut input, &names)));
        }
        if let Some(i) = self
            .kept
            .iter()
            .position(|k| k.is(strategy, settings, nodes) && k.can_cover(keys))
        {
            let mut kept = self.kept.remove(i);
            let placed = kept.placed.clone();
            let cover = (kept.keys != keys.len()).then(|| {
                Covering::new(
                    placed.clone(),
                    kept.keys,
                    kept.by_number.take(),
                    strategy.kind(settings, &names),
                )
            });
            self.kept.insert(0, kept);
            return match cover {
                None => Found::Kept(placed),
                Some(covering) => making(How::Cover(covering, nodes.to_vec(), None)),
            };
        }
        if let Some((kept, step)) = self
            .kept
            .iter_mut()
            .filter(|k| k.by(strategy, settings) && k.can_cover(keys))
            .find_map(|k| one_step(&k.nodes, nodes).map(|s| (k, s)))
        {
            let from: Vec<&str> = kept.nodes.iter().map(String::as_str).collect();
            if kept.keys == keys.len() {
                let change = strategy.begin_change(&mut input, &from, step.of(nodes), &kept.placed);
                return making(How::Make(change));
            }
            let covering = Covering::new(
                kept.placed.clone(),
                kept.keys,
                kept.by_number.take(),
                strategy.kind(settings, &from),
            );
            return making(How::Cover(covering, kept.nodes.clone(), Some(step)));
        }
        making(How::Make(strategy.begin(&mut input, &names)))
    }

    /// Where `strategy`'s placement of `nodes` over exactly these keys is kept, if it is.
    fn index_of(
        &self,
        strategy: &dyn Strategy,
        settings: &Settings,
        nodes: &[String],
        keys: &KeySet,
    ) -> Option<usize> {
        self.kept
            .iter()
            .position(|k| k.is(strategy, settings, nodes) && k.keys == keys.len())
    }

    /// True when `strategy`'s placement of `nodes` over exactly these keys is kept.
    pub fn holds(
        &self,
        strategy: &dyn Strategy,
        settings: &Settings,
        nodes: &[String],
        keys: &KeySet,
    ) -> bool {
        self.index_of(strategy, settings, nodes, keys).is_some()
    }

    /// Keeps `placed`, `strategy`'s fresh placement of `nodes` over `keys`.
    pub fn keep(
        &mut self,
        strategy: &dyn Strategy,
        settings: &Settings,
        nodes: &[String],
        keys: &KeySet,
        placed: Rc<Placed>,
    ) {
        // One placement per node list: one kept for fewer keys than it could cover goes.
        self.kept.retain(|k| !k.is(strategy, settings, nodes));
        self.kept.insert(
            0,
            Kept {
                strategy: strategy.name(),
                settings: settings.clone(),
                nodes: nodes.to_vec(),
                keys: keys.len(),
                placed,
                by_number: None,
                lists: None,
            },
        );
        self.kept.truncate(KEPT);
    }

    /// Keeps `placed`, the kept placement of `nodes` brought to `keys`, with its owners by number.
    fn covered(
        &mut self,
        strategy: &dyn Strategy,
        settings: &Settings,
        nodes: &[String],
        keys: &KeySet,
        (placed, by_number): (Rc<Placed>, Vec<u32>),
    ) {
        match self
            .kept
            .iter_mut()
            .find(|k| k.is(strategy, settings, nodes))
        {
            Some(kept) => {
                (kept.placed, kept.keys) = (placed, keys.len());
                kept.by_number = Some(by_number);
            }
            None => {
                self.keep(strategy, settings, nodes, keys, placed);
                self.kept[0].by_number = Some(by_number);
            }
        }
    }

    /// The preference lists (`r` per key, key-position order, node indices of `nodes`) of the placement
    /// [`Placements::placed`] gave for the same arguments, at once; `None` when it is not kept (a
    /// strategy that is not pointwise), for the caller to make afresh.
    pub fn replicas(
        &mut self,
        strategy: &'static dyn Strategy,
        settings: &Settings,
        nodes: &[String],
        keys: &KeySet,
        r: usize,
    ) -> Option<Rc<Vec<u32>>> {
        match self.find_lists(strategy, settings, nodes, keys, r) {
            FoundLists::Kept(lists) => Some(lists),
            FoundLists::Make(mut making) => loop {
                if let Some(lists) = making.step(self, keys, &mut Pace::whole()) {
                    return Some(lists);
                }
            },
            FoundLists::NotKept => None,
        }
    }

    /// The same, kept, or the lists to make a part at a time ([`MakingLists::step`], which keeps them
    /// once made): the kept ones brought to these keys, or derived from a neighbour's (a kept placement
    /// one step away with lists for these keys), or fresh.
    pub fn find_lists(
        &mut self,
        strategy: &'static dyn Strategy,
        settings: &Settings,
        nodes: &[String],
        keys: &KeySet,
        r: usize,
    ) -> FoundLists {
        let Some(i) = self.index_of(strategy, settings, nodes, keys) else {
            return FoundLists::NotKept;
        };
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let kind = strategy.kind(settings, &names);
        let kept = &mut self.kept[i];
        let placed = kept.placed.clone();
        let making = |how| {
            FoundLists::Make(Box::new(MakingLists {
                strategy: Some(strategy),
                settings: settings.clone(),
                nodes: nodes.to_vec(),
                r,
                placed: placed.clone(),
                how,
            }))
        };
        if let Some(lists) = kept
            .lists
            .as_mut()
            .filter(|l| l.r == r && l.can_cover(keys))
        {
            if lists.keys == keys.len() {
                return FoundLists::Kept(lists.by_position.clone());
            }
            let covering = CoveringLists::new(
                r,
                lists.keys,
                lists.by_position.clone(),
                lists.by_number.take(),
                kind,
            );
            return making(ListsHow::Cover(covering));
        }
        // A neighbour one step away with lists for these keys, at least as long, to derive from.
        let derive = self
            .kept
            .iter()
            .filter(|k| k.by(strategy, settings) && k.keys == keys.len())
            .find_map(|k| {
                let step = one_step(&k.nodes, nodes)?;
                let lists = k
                    .lists
                    .as_ref()
                    .filter(|l| l.keys == keys.len() && l.r >= r)?;
                Some(Derive {
                    step,
                    before: lists.by_position.clone(),
                    r_before: lists.r,
                })
            });
        making(ListsHow::Parts(Parts::new(
            strategy,
            kind,
            nodes.len(),
            r,
            derive,
        )))
    }

    /// Keeps `lists` (`r` per key) beside the kept placement of `nodes` over `keys`.
    pub fn keep_replicas(
        &mut self,
        strategy: &dyn Strategy,
        settings: &Settings,
        nodes: &[String],
        keys: &KeySet,
        r: usize,
        lists: Rc<Vec<u32>>,
    ) {
        if let Some(i) = self.index_of(strategy, settings, nodes, keys) {
            self.kept[i].lists = Some(KeptLists {
                r,
                keys: keys.len(),
                by_position: lists,
                by_number: None,
            });
        }
    }
}

/// A placement being made a part at a time, for [`Placements::find`]: kept once it is made.
pub struct MakingPlaced {
    strategy: &'static dyn Strategy,
    settings: Settings,
    nodes: Vec<String>,
    /// Kept once made (a pointwise strategy's).
    keep: bool,
    how: How,
}

enum How {
    /// A kept placement (of these nodes) brought to the keys; then, when it is a neighbour's, the step
    /// from it.
    Cover(Covering, Vec<String>, Option<OneStep>),
    /// A fresh placement, or one derived from a neighbour's.
    Make(Box<dyn Making>),
}

impl MakingPlaced {
    /// One unit: a part, or (without time sizing) parts until one is cut short by its size; the
    /// placement (kept in `placements`) once it is made. Call with the same keys every time.
    pub fn step(
        &mut self,
        placements: &mut Placements,
        keys: &KeySet,
        vnode_cache: &mut VnodeCache,
        pace: &mut Pace,
    ) -> Option<Rc<Placed>> {
        run(pace, |pace| self.part(placements, keys, vnode_cache, pace))
    }

    fn part(
        &mut self,
        placements: &mut Placements,
        keys: &KeySet,
        vnode_cache: &mut VnodeCache,
        pace: &mut Pace,
    ) -> Part<Rc<Placed>> {
        let (strategy, settings) = (self.strategy, &self.settings);
        let mut input = Input {
            keys,
            settings: settings.clone(),
            vnode_cache,
        };
        match &mut self.how {
            How::Cover(covering, from, then) => {
                let covered = match covering.part(keys, pace) {
                    Part::Done(covered) => covered,
                    Part::Did { items, ended } => return Part::Did { items, ended },
                };
                let placed = covered.0.clone();
                placements.covered(strategy, settings, from, keys, covered);
                let Some(step) = *then else {
                    return Part::Done(placed);
                };
                let names: Vec<&str> = from.iter().map(String::as_str).collect();
                let change =
                    strategy.begin_change(&mut input, &names, step.of(&self.nodes), &placed);
                self.how = How::Make(change);
                Part::Did {
                    items: 1,
                    ended: true,
                }
            }
            How::Make(making) => match making.part(&mut input, pace) {
                Part::Done(placed) => {
                    let placed = Rc::new(placed);
                    if self.keep {
                        placements.keep(strategy, settings, &self.nodes, keys, placed.clone());
                    }
                    Part::Done(placed)
                }
                Part::Did { items, ended } => Part::Did { items, ended },
            },
        }
    }
}

/// Preference lists being made a part at a time, for [`Placements::find_lists`] (kept once made) or
/// from a placement that is not kept ([`MakingLists::of`]).
pub struct MakingLists {
    /// The strategy whose kept placement they belong to (none when not kept).
    strategy: Option<&'static dyn Strategy>,
    settings: Settings,
    nodes: Vec<String>,
    r: usize,
    placed: Rc<Placed>,
    how: ListsHow,
}

enum ListsHow {
    /// Kept lists brought to the keys.
    Cover(CoveringLists),
    /// Made (or derived) a part of the keys at a time.
    Parts(Parts),
}

/// Lists made a part of the keys at a time ([`lists_part`]), `r` per key.
struct Parts {
    work: Work,
    /// Items of work per key.
    weight: usize,
    derive: Option<Derive>,
    so_far: Vec<u32>,
}

impl Parts {
    /// Lists of `strategy`'s placement of `nodes` nodes, its work measured as `kind`'s.
    fn new(
        strategy: &dyn Strategy,
        kind: &'static str,
        nodes: usize,
        r: usize,
        derive: Option<Derive>,
    ) -> Parts {
        let (work, weight) = match derive {
            Some(_) => (DERIVING, r),
            None => (LISTING, r * strategy.key_cost(nodes)),
        };
        let work = work.of(kind);
        // Without time sizing, a part costs about the same whatever r: fewer keys for longer lists.
        let work = if strategy.place_in_parts() {
            work.in_parts_of((PARTS_CHUNK / r.max(1)).max(1))
        } else {
            work
        };
        Parts {
            work,
            weight,
            derive,
            so_far: Vec::new(),
        }
    }
}

impl MakingLists {
    /// The preference lists (`r` per key) of `placed`, `strategy`'s placement of `nodes` with these
    /// settings, not kept.
    pub fn of(
        strategy: &dyn Strategy,
        settings: &Settings,
        placed: Rc<Placed>,
        nodes: &[String],
        r: usize,
    ) -> MakingLists {
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let kind = strategy.kind(settings, &names);
        MakingLists {
            strategy: None,
            settings: settings.clone(),
            nodes: nodes.to_vec(),
            r,
            placed,
            how: ListsHow::Parts(Parts::new(strategy, kind, nodes.len(), r, None)),
        }
    }

    /// One unit: a part, or (without time sizing) parts until one is cut short by its size; the lists
    /// (kept in `placements` when they are a kept placement's) once they are made.
    pub fn step(
        &mut self,
        placements: &mut Placements,
        keys: &KeySet,
        pace: &mut Pace,
    ) -> Option<Rc<Vec<u32>>> {
        run(pace, |pace| self.part(placements, keys, pace))
    }

    fn part(
        &mut self,
        placements: &mut Placements,
        keys: &KeySet,
        pace: &mut Pace,
    ) -> Part<Rc<Vec<u32>>> {
        let (r, nodes) = (self.r, &self.nodes);
        match &mut self.how {
            ListsHow::Cover(covering) => {
                let (lists, by_number) = match covering.part(keys, &self.placed, nodes.len(), pace)
                {
                    Part::Done(done) => done,
                    Part::Did { items, ended } => return Part::Did { items, ended },
                };
                if let Some(strategy) = self.strategy {
                    if let Some(i) = placements.index_of(strategy, &self.settings, nodes, keys) {
                        placements.kept[i].lists = Some(KeptLists {
                            r,
                            keys: keys.len(),
                            by_position: lists.clone(),
                            by_number: Some(by_number),
                        });
                    }
                }
                Part::Done(lists)
            }
            ListsHow::Parts(parts) => {
                let len = keys.len() as usize;
                let from = parts.so_far.len() / r;
                if from == 0 {
                    parts.so_far.reserve_exact(len * r);
                }
                let to = len.min(from.saturating_add(pace.size_weighted(parts.work, parts.weight)));
                let placed = &self.placed;
                parts.so_far.extend(lists_part(
                    placed.table.as_ref(),
                    parts.derive.as_ref(),
                    (keys.positions(), &placed.owners),
                    nodes,
                    r,
                    from..to,
                ));
                pace.did_weighted(parts.work, to - from, parts.weight);
                if to < len {
                    return Part::Did {
                        items: to - from,
                        ended: false,
                    };
                }
                let lists = Rc::new(std::mem::take(&mut parts.so_far));
                if let Some(strategy) = self.strategy {
                    placements.keep_replicas(
                        strategy,
                        &self.settings,
                        nodes,
                        keys,
                        r,
                        lists.clone(),
                    );
                }
                Part::Done(lists)
            }
        }
    }
}

/// The preference lists (`r` per key) of the keys at `positions[range]`, whose owners in `table` (a
/// placement of `nodes`) are `owners[range]`: derived from `derive`'s lists where the table can
/// ([`crate::strategy::Table::replicas_after`]), else made afresh. Both are per key, so a part of the
/// keys gives exactly that part of the whole lists (the page makes them a part at a time).
pub fn lists_part(
    table: &dyn Table,
    derive: Option<&Derive>,
    (positions, owners): (&[Position], &[u32]),
    nodes: &[String],
    r: usize,
    range: std::ops::Range<usize>,
) -> Vec<u32> {
    let (positions, owners) = (&positions[range.clone()], &owners[range.clone()]);
    derive
        .and_then(|d| {
            table.replicas_after(ListsChange {
                positions,
                owners,
                nodes: nodes.len(),
                r,
                step: d.step.of(nodes),
                before: &d.before[range.start * d.r_before..range.end * d.r_before],
                r_before: d.r_before,
            })
        })
        .inspect(|lists| debug_assert_eq!(lists.len(), range.len() * r, "r entries per key"))
        .unwrap_or_else(|| table.replicas(positions, owners, nodes.len(), r))
}

/// Lists one step away, to derive from: the step from their node list, the lists, their length per key.
pub struct Derive {
    pub step: OneStep,
    pub before: Rc<Vec<u32>>,
    pub r_before: usize,
}

/// Most new keys a kept placement (or its lists) looks up when the key count grows; past it, a fresh
/// placement is made instead (a merge, cheaper per key than lookups): lookups one by one are the
/// slowest way to place many keys.
const COVER_MAX: u32 = PARTS_CHUNK as u32;

/// True when going from `known` keys to `keys` means at most [`COVER_MAX`] new ones.
fn within_cover(known: u32, keys: &KeySet) -> bool {
    keys.len() <= known.saturating_add(COVER_MAX)
}

impl KeptLists {
    /// True when covering the lists means at most [`COVER_MAX`] new keys to make lists for.
    fn can_cover(&self, keys: &KeySet) -> bool {
        within_cover(self.keys, keys)
    }
}

impl Kept {
    /// True when covering the placement means at most [`COVER_MAX`] new keys to look up.
    fn can_cover(&self, keys: &KeySet) -> bool {
        within_cover(self.keys, keys)
    }

    /// True when this is `strategy`'s placement with these settings (of any node list).
    fn by(&self, strategy: &dyn Strategy, settings: &Settings) -> bool {
        self.strategy == strategy.name() && self.settings == *settings
    }

    /// True when this is `strategy`'s placement of `nodes` with these settings.
    fn is(&self, strategy: &dyn Strategy, settings: &Settings, nodes: &[String]) -> bool {
        self.by(strategy, settings) && self.nodes == nodes
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OneStep {
    Remove(usize),
    Add,
}

impl OneStep {
    /// The step to `nodes` (an addition appends its last name).
    pub fn of(self, nodes: &[String]) -> Step<'_> {
        match self {
            OneStep::Remove(x) => Step::Remove(x),
            OneStep::Add => Step::Add(&nodes[nodes.len() - 1]),
        }
    }
}

/// How `to` follows from `from` in one step, if it does: the last of `to` appended, or one of `from`
/// removed (the others keeping their order).
fn one_step(from: &[String], to: &[String]) -> Option<OneStep> {
    if to.len() == from.len() + 1 && to[..from.len()] == *from {
        return Some(OneStep::Add);
    }
    if to.len() + 1 != from.len() {
        return None;
    }
    let r = from
        .iter()
        .zip(to)
        .position(|(a, b)| a != b)
        .unwrap_or(to.len());
    (from[r + 1..] == to[r..]).then_some(OneStep::Remove(r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::ALL;

    fn list(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    /// Every path (kept, more keys, fewer keys, one step either way, fresh) gives a fresh placement's
    /// owners, with every weight 1 and with weights (one step may switch rendezvous between its rules:
    /// "a", "b", "d" weigh the same, "e" and "c" do not).
    #[test]
    fn kept_paths_equal_fresh_placements() {
        let unweighted = Settings {
            vnodes: 20,
            shards: 100,
            c100: 125,
            weights: Default::default(),
        };
        let weighted = Settings {
            weights: [("a", 2), ("b", 2), ("d", 2), ("c", 3), ("e", 5)]
                .into_iter()
                .collect(),
            ..unweighted.clone()
        };
        for settings in [unweighted, weighted] {
            kept_paths_equal_fresh_placements_with(&settings);
        }
    }

    fn kept_paths_equal_fresh_placements_with(settings: &Settings) {
        let lists = [
            list(&["a", "b", "c", "d"]),
            list(&["a", "b", "c", "d", "e"]),
            list(&["a", "b", "d", "e"]),
            list(&["a", "b", "d"]),
            list(&["b", "d"]),
            list(&["x", "y"]),
        ];
        for strategy in ALL {
            let mut kept = Placements::default();
            let mut cache = VnodeCache::default();
            let mut keys = KeySet::new(500);
            // The last round grows past COVER_MAX: a fresh placement instead of covering.
            let jump = 1000 + COVER_MAX + 700;
            for (round, k) in [500, 800, 300, 1000, jump].into_iter().enumerate() {
                keys.resize(k);
                for (i, nodes) in lists.iter().enumerate() {
                    let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
                    let got = kept.placed(strategy, settings, nodes, &keys, &mut cache);
                    let mut input = Input {
                        keys: &keys,
                        settings: settings.clone(),
                        vnode_cache: &mut cache,
                    };
                    let fresh = strategy.place(&mut input, &names);
                    assert_eq!(
                        got.owners,
                        fresh.owners,
                        "{} round {round} list {i}",
                        strategy.name()
                    );
                    // The preference lists too, whichever path made them (kept, covered, derived).
                    let r = (2 + round % 2).min(names.len());
                    if let Some(lists) = kept.replicas(strategy, settings, nodes, &keys, r) {
                        let want =
                            fresh
                                .table
                                .replicas(keys.positions(), &fresh.owners, names.len(), r);
                        assert_eq!(
                            *lists,
                            want,
                            "{} lists, round {round} list {i}",
                            strategy.name()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn one_step_finds_appends_and_removals() {
        let abc = list(&["a", "b", "c"]);
        assert!(matches!(
            one_step(&abc, &list(&["a", "b", "c", "d"])),
            Some(OneStep::Add)
        ));
        assert!(matches!(
            one_step(&abc, &list(&["a", "c"])),
            Some(OneStep::Remove(1))
        ));
        assert!(matches!(
            one_step(&abc, &list(&["a", "b"])),
            Some(OneStep::Remove(2))
        ));
        assert!(matches!(
            one_step(&abc, &list(&["b", "c"])),
            Some(OneStep::Remove(0))
        ));
        assert!(one_step(&abc, &list(&["a", "x"])).is_none());
        assert!(one_step(&abc, &list(&["d", "a", "b", "c"])).is_none());
        assert!(one_step(&abc, &abc).is_none());
    }
}
