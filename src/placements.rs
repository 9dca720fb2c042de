//! Placements kept by key number, so that a slider step computes only what it changes.
//!
//! For a *pointwise* strategy ([`Strategy::pointwise`]: a key's owner depends only on the key and the node
//! list) the owners of a node list are kept, with the number of keys they were computed for. Then:
//! * more keys: only the new keys are looked up; fewer keys: nothing is computed;
//! * a list one step from a kept one (a node appended, or one removed: the "Nodes" slider, or the list
//!   after the change): the strategy derives it with [`Strategy::change`], which rendezvous and jump do
//!   for a fraction of a fresh placement's cost;
//! * anything else: a fresh placement.
//!
//! Every path gives exactly the owners a fresh placement would (tested below and by property tests).
//!
//! Preference lists ([`Placements::replicas`]) are kept beside each placement the same way: by key number
//! when the key count changes (only the new keys' lists are made), derived from a kept list one step away
//! where the strategy can ([`crate::strategy::Table::replicas_after`]), else made afresh.

use crate::ring::{key_position, KeySet, Position, VnodeCache};
use crate::strategy::{
    in_key_order, Input, KeyRef, ListsChange, Placed, Settings, Step, Strategy, Table,
};
use std::rc::Rc;

/// How many node lists are kept: the chosen strategy's and hash % N's (for the experiment's comparison)
/// lists before and after the change, and the previous ones.
const KEPT: usize = 8;

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

impl Placements {
    /// `strategy`'s placement of `nodes` over `keys` (owners in [`KeySet::positions`] order), from what
    /// is kept where possible. `settings` must hold only what the strategy reads, so that a setting it
    /// ignores never misses the cache. For a strategy that is not pointwise, a fresh placement.
    pub fn placed(
        &mut self,
        strategy: &dyn Strategy,
        settings: &Settings,
        nodes: &[String],
        keys: &KeySet,
        vnode_cache: &mut VnodeCache,
    ) -> Rc<Placed> {
        self.placed_or_parts(strategy, settings, nodes, keys, vnode_cache, false)
            .expect("a fresh placement is made whole")
    }

    /// The same, but `None` where a fresh placement of a strategy placed in parts
    /// ([`Strategy::place_in_parts`]) would be needed: the caller makes it ([`crate::strategy::PlacingInParts`])
    /// and hands it over with [`Placements::keep`].
    pub fn placed_unless_parts(
        &mut self,
        strategy: &dyn Strategy,
        settings: &Settings,
        nodes: &[String],
        keys: &KeySet,
        vnode_cache: &mut VnodeCache,
    ) -> Option<Rc<Placed>> {
        self.placed_or_parts(strategy, settings, nodes, keys, vnode_cache, true)
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

    fn placed_or_parts(
        &mut self,
        strategy: &dyn Strategy,
        settings: &Settings,
        nodes: &[String],
        keys: &KeySet,
        vnode_cache: &mut VnodeCache,
        in_parts: bool,
    ) -> Option<Rc<Placed>> {
        let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let mut input = Input {
            keys,
            settings: settings.clone(),
            vnode_cache,
        };
        if !strategy.pointwise() {
            return Some(Rc::new(strategy.place(&mut input, &names)));
        }
        let placed = if let Some(i) = self
            .kept
            .iter()
            .position(|k| k.is(strategy, settings, nodes) && k.can_cover(keys))
        {
            let mut kept = self.kept.remove(i);
            kept.cover(keys);
            let placed = kept.placed.clone();
            self.kept.insert(0, kept);
            return Some(placed);
        } else if let Some((i, step)) = self
            .kept
            .iter()
            .enumerate()
            .filter(|(_, k)| k.by(strategy, settings) && k.can_cover(keys))
            .find_map(|(i, k)| one_step(&k.nodes, nodes).map(|s| (i, s)))
        {
            let kept = &mut self.kept[i];
            kept.cover(keys);
            let from: Vec<&str> = kept.nodes.iter().map(String::as_str).collect();
            Rc::new(strategy.change(&mut input, &from, step.of(nodes), &kept.placed))
        } else if in_parts && strategy.place_in_parts() {
            return None;
        } else {
            Rc::new(strategy.place(&mut input, &names))
        };
        self.keep(strategy, settings, nodes, keys, placed.clone());
        Some(placed)
    }

    /// The preference lists (`r` per key, key-position order, node indices of `nodes`) of the placement
    /// [`Placements::placed`] gave for the same arguments; `None` when it is not kept (a strategy that is
    /// not pointwise), for the caller to make afresh.
    pub fn replicas(
        &mut self,
        strategy: &dyn Strategy,
        settings: &Settings,
        nodes: &[String],
        keys: &KeySet,
        r: usize,
    ) -> Option<Rc<Vec<u32>>> {
        match self.replicas_unless_parts(strategy, settings, nodes, keys, r, false) {
            Lists::Kept(lists) | Lists::Made(lists) => Some(lists),
            Lists::NotKept | Lists::InParts(_) => None,
        }
    }

    /// The same, but [`Lists::InParts`] where fresh lists of a strategy placed in parts
    /// ([`Strategy::place_in_parts`]) would be needed (when `in_parts`): the caller makes them a part at
    /// a time and hands them over with [`Placements::keep_replicas`].
    pub fn replicas_unless_parts(
        &mut self,
        strategy: &dyn Strategy,
        settings: &Settings,
        nodes: &[String],
        keys: &KeySet,
        r: usize,
        in_parts: bool,
    ) -> Lists {
        let Some(i) = self.index_of(strategy, settings, nodes, keys) else {
            return Lists::NotKept;
        };
        let kept = &mut self.kept[i];
        if let Some(lists) = kept
            .lists
            .as_mut()
            .filter(|l| l.r == r && l.can_cover(keys))
        {
            lists.cover(keys, &kept.placed, nodes.len());
            return Lists::Kept(lists.by_position.clone());
        }
        // A neighbour one step away with lists for these keys, to derive from.
        let neighbour = self
            .kept
            .iter_mut()
            .filter(|k| k.by(strategy, settings) && k.keys == keys.len())
            .find_map(|k| {
                let step = one_step(&k.nodes, nodes)?;
                let placed = k.placed.clone();
                let lists = k.lists.as_mut().filter(|l| l.can_cover(keys))?;
                lists.cover(keys, &placed, k.nodes.len());
                Some(Derive {
                    step,
                    before: lists.by_position.clone(),
                    r_before: lists.r,
                })
            });
        if in_parts && strategy.place_in_parts() {
            return Lists::InParts(neighbour);
        }
        let placed = &self.kept[i].placed;
        let all = 0..keys.len() as usize;
        let lists = lists_part(
            placed.table.as_ref(),
            neighbour.as_ref(),
            (keys.positions(), &placed.owners),
            nodes,
            r,
            all,
        );
        let lists = Rc::new(lists);
        self.keep_replicas(strategy, settings, nodes, keys, r, lists.clone());
        Lists::Made(lists)
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

/// What [`Placements::replicas_unless_parts`] found.
pub enum Lists {
    /// The lists, kept.
    Kept(Rc<Vec<u32>>),
    /// The lists, made now (derived from a neighbour's, or afresh) and kept.
    Made(Rc<Vec<u32>>),
    /// No kept placement: the caller makes the lists afresh.
    NotKept,
    /// Lists are needed, to be made a part at a time: derived from a neighbour's where there is one
    /// ([`crate::strategy::Table::replicas_after`] on a part of the keys), else afresh.
    InParts(Option<Derive>),
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
        .unwrap_or_else(|| table.replicas(positions, owners, nodes.len(), r))
}

/// Lists one step away, to derive from: the step from their node list, the lists, their length per key.
pub struct Derive {
    pub step: OneStep,
    pub before: Rc<Vec<u32>>,
    pub r_before: usize,
}

/// Most new keys a kept placement (or its lists) looks up when the key count grows; past it, a fresh
/// placement is made instead (a merge, cheaper per key than lookups, or in parts): so that no unit of the
/// page's work grows with the jump of a slider.
const COVER_MAX: u32 = crate::strategy::PARTS_CHUNK as u32;

/// True when going from `known` keys to `keys` means at most [`COVER_MAX`] new ones.
fn within_cover(known: u32, keys: &KeySet) -> bool {
    keys.len() <= known.saturating_add(COVER_MAX)
}

impl KeptLists {
    /// True when [`KeptLists::cover`] has at most [`COVER_MAX`] new keys to make lists for.
    fn can_cover(&self, keys: &KeySet) -> bool {
        within_cover(self.keys, keys)
    }

    /// Brings the lists to the current key set, as [`Kept::cover`] does the owners: by key number, only
    /// the new keys' lists made (`placed` is already covered).
    fn cover(&mut self, keys: &KeySet, placed: &Placed, nodes: usize) {
        if self.keys == keys.len() {
            return;
        }
        let r = self.r;
        let by_number = self.by_number.get_or_insert_with(|| {
            let mut by_number = vec![0u32; self.keys as usize * r];
            for (number, list) in keys
                .numbers_of(self.keys)
                .zip(self.by_position.chunks_exact(r))
            {
                let at = number as usize * r;
                by_number[at..at + r].copy_from_slice(list);
            }
            by_number
        });
        let known = (by_number.len() / r) as u32;
        if keys.len() > known {
            // The new keys, still in ascending position order, with their owners.
            let (positions, owners): (Vec<Position>, Vec<u32>) = keys
                .positions()
                .iter()
                .zip(keys.numbers())
                .zip(&placed.owners)
                .filter(|((_, &n), _)| n >= known)
                .map(|((&p, _), &o)| (p, o))
                .unzip();
            let numbers: Vec<u32> = keys
                .numbers()
                .iter()
                .copied()
                .filter(|&n| n >= known)
                .collect();
            let lists = placed.table.replicas(&positions, &owners, nodes, r);
            by_number.resize(keys.len() as usize * r, 0);
            for (number, list) in numbers.into_iter().zip(lists.chunks_exact(r)) {
                let at = number as usize * r;
                by_number[at..at + r].copy_from_slice(list);
            }
        }
        let mut by_position = Vec::with_capacity(keys.len() as usize * r);
        for &number in keys.numbers() {
            let at = number as usize * r;
            by_position.extend_from_slice(&by_number[at..at + r]);
        }
        self.by_position = Rc::new(by_position);
        self.keys = keys.len();
    }
}

impl Kept {
    /// True when [`Kept::cover`] has at most [`COVER_MAX`] new keys to look up.
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

    /// Brings the owners to the current key set: by key number, the new keys looked up, then in the new
    /// position order. Nothing to do while the number of keys stays.
    fn cover(&mut self, keys: &KeySet) {
        if self.keys == keys.len() {
            return;
        }
        let by_number = self.by_number.get_or_insert_with(|| {
            let mut by_number = vec![0u32; self.keys as usize];
            for (number, &owner) in keys.numbers_of(self.keys).zip(&self.placed.owners) {
                by_number[number as usize] = owner;
            }
            by_number
        });
        for number in by_number.len() as u32..keys.len() {
            let key = KeyRef {
                number,
                position: key_position(number),
            };
            by_number.push(self.placed.table.lookup(key));
        }
        self.placed = Rc::new(Placed {
            owners: in_key_order(keys, by_number),
            table: self.placed.table.clone(),
        });
        self.keys = keys.len();
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
