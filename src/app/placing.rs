//! Placing: the chosen strategy's placement of the nodes before the change, and after it, a bounded unit
//! at a time (a part of a big ring's virtual nodes hashed, or a part of a placement: its structure or
//! some of its keys). Node indices of the placement after a removal are turned into ids (the node's
//! index in the list before the change) here, a part at a time too.

use super::stores::{names_in_play, Stores};
use super::{chosen, step, used_settings};
use crate::pace::{run, Pace, Part, Work};
use crate::params::{Change, Params};
use crate::placements::{Found, MakingPlaced};
use crate::ring::HASHING_VNODES;
use crate::strategy::{EmptyTable, Making, Picture, Placed, Settings, Weights};
use std::rc::Rc;

/// Owners after a removal turned into ids (items: keys).
pub const NUMBERING_OWNERS: Work = Work::new("numbering owners", usize::MAX, 20_000);

/// What a placement depends on: the strategy, nodes, keys, change, and the settings the strategy reads;
/// and the weights, which the counts' fair shares follow even where the strategy ignores them (the
/// later stages are current when made from the same placements).
type PlacedInputs = (
    &'static str,
    Vec<String>,
    u32,
    Option<Change>,
    Settings,
    Weights,
);

/// The placements before and after the change, what they are for, and the one being made.
pub(super) struct Placing {
    /// The chosen strategy's placement of the nodes before the change (its node indices are ids).
    before: Rc<Placed>,
    /// Its placement after the change, if there is one; `after_ids` turns its node indices into ids.
    after: Option<Rc<Placed>>,
    after_ids: Vec<u32>,
    /// The owners after the change as ids, when they differ from its node indices (a removal).
    owners_after: Option<Vec<u32>>,
    /// What `before` and `after` were computed from: dragging a slider the strategy does not read
    /// recomputes nothing.
    placed_for: Option<PlacedInputs>,
    /// What `before` was placed for (`after` follows it in the next unit of work).
    before_for: Option<PlacedInputs>,
    /// A placement being made: for what inputs, whether it is the one after the change.
    making: Option<(PlacedInputs, bool, Job)>,
    /// The placement after the change, made, while its owners are turned into ids.
    numbering: Option<(PlacedInputs, Rc<Placed>, Vec<u32>)>,
    /// Counts the placements made: the later stages are current when they were made from this one.
    generation: u64,
}

/// A placement being made a part at a time: one the kept placements give (a pointwise strategy's), or
/// the strategy's own.
enum Job {
    Kept(Box<MakingPlaced>),
    Own(Box<dyn Making>),
}

impl Default for Placing {
    fn default() -> Placing {
        Placing {
            before: Rc::new(Placed {
                owners: Vec::new(),
                table: Rc::new(EmptyTable),
            }),
            after: None,
            after_ids: Vec::new(),
            owners_after: None,
            placed_for: None,
            before_for: None,
            making: None,
            numbering: None,
            generation: 0,
        }
    }
}

impl Placing {
    /// True when the placements are those of the inputs.
    pub fn current(&self, p: &Params) -> bool {
        self.placed_for.as_ref() == Some(&inputs(p))
    }

    /// A unit of placing: a part of a big ring's virtual nodes hashed, or a part of the placement before
    /// the change, or of the one after it (and of its owners turned into ids).
    pub fn advance(&mut self, p: &Params, stores: &mut Stores, pace: &mut Pace) {
        let inputs = inputs(p);
        if chosen(p).uses().vnodes {
            let names = names_in_play(p);
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let used = &inputs.4;
            let size = pace.size(HASHING_VNODES);
            let hashed = if used.weights.is_empty() {
                stores.vnode_cache.hash_part(&names, used.vnodes, size)
            } else {
                let counts = used.vnode_counts(&names);
                stores.vnode_cache.hash_part_counts(&names, &counts, size)
            };
            pace.did(HASHING_VNODES, hashed);
            if hashed > 0 {
                return;
            }
        }
        if self.before_for.as_ref() != Some(&inputs) {
            // The placement before the change ends its unit: the one after it begins the next.
            if let Some(placed) = self.placed_part(p, stores, &inputs, false, pace) {
                self.before = placed;
                self.before_for = Some(inputs);
            }
        } else {
            run(pace, |pace| self.after_part(p, stores, &inputs, pace));
        }
    }

    /// One unit of the placement before the change (`after` false) or after it: a part (or, without
    /// time sizing, parts until one is cut short); the placement once it is made.
    fn placed_part(
        &mut self,
        p: &Params,
        stores: &mut Stores,
        inputs: &PlacedInputs,
        after: bool,
        pace: &mut Pace,
    ) -> Option<Rc<Placed>> {
        let chosen = chosen(p);
        let used = &inputs.4;
        let mut job = match self.making.take() {
            Some((i, a, job)) if i == *inputs && a == after => job,
            _ if chosen.pointwise() => {
                // Owners kept by key number: a slider step computes only what it changes.
                let nodes = if after {
                    p.nodes_after()
                } else {
                    p.nodes.clone()
                };
                let Stores {
                    keys,
                    vnode_cache,
                    placements,
                } = stores;
                match placements.find(chosen, used, &nodes, keys, vnode_cache) {
                    Found::Kept(placed) => return Some(placed),
                    Found::Make(making) => Job::Kept(making),
                }
            }
            _ => {
                let nodes: Vec<&str> = p.nodes.iter().map(String::as_str).collect();
                let mut input = stores.input(used.clone());
                Job::Own(match p.change.as_ref().filter(|_| after) {
                    Some(c) => {
                        chosen.begin_change(&mut input, &nodes, step(&p.nodes, c), &self.before)
                    }
                    None => chosen.begin(&mut input, &nodes),
                })
            }
        };
        let made = match &mut job {
            Job::Kept(making) => {
                let Stores {
                    keys,
                    vnode_cache,
                    placements,
                } = stores;
                making.step(placements, keys, vnode_cache, pace)
            }
            Job::Own(making) => making
                .step(&mut stores.input(used.clone()), pace)
                .map(Rc::new),
        };
        if made.is_none() {
            self.making = Some((inputs.clone(), after, job));
        }
        made
    }

    /// A part of the placement after the change (none without one), then of its owners turned into ids;
    /// done once both are.
    fn after_part(
        &mut self,
        p: &Params,
        stores: &mut Stores,
        inputs: &PlacedInputs,
        pace: &mut Pace,
    ) -> Part<()> {
        let numbering = match self.numbering.take() {
            Some(numbering) if numbering.0 == *inputs => numbering,
            _ if p.change.is_none() => (inputs.clone(), self.before.clone(), Vec::new()),
            _ => {
                // A unit's worth of the placement (one part with time sizing); without it, once the
                // placement is made, its ids follow in the same unit.
                let Some(placed) = self.placed_part(p, stores, inputs, true, pace) else {
                    return Part::Did {
                        items: 1,
                        ended: false,
                    };
                };
                self.numbering = Some((inputs.clone(), placed, Vec::new()));
                return Part::Did {
                    items: 1,
                    ended: true,
                };
            }
        };
        let (_, placed, mut ids) = numbering;
        let after_ids = after_ids(p).unwrap_or_default();
        let identity = after_ids.iter().enumerate().all(|(i, &id)| i as u32 == id);
        if p.change.is_some() && !identity {
            let (from, len) = (ids.len(), placed.owners.len());
            if from == 0 {
                ids.reserve_exact(len);
            }
            let to = len.min(from.saturating_add(pace.size(NUMBERING_OWNERS)));
            ids.extend(
                placed.owners[from..to]
                    .iter()
                    .map(|&o| after_ids[o as usize]),
            );
            pace.did(NUMBERING_OWNERS, to - from);
            if to < len {
                self.numbering = Some((inputs.clone(), placed, ids));
                return Part::Did {
                    items: to - from,
                    ended: false,
                };
            }
        }
        self.after = p.change.as_ref().map(|_| placed);
        self.owners_after = (p.change.is_some() && !identity).then_some(ids);
        self.after_ids = after_ids;
        self.placed_for = Some(inputs.clone());
        self.generation += 1;
        Part::Done(())
    }

    /// Counts the placements made; a later stage is current when it was made from this generation.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The placement before the change.
    pub fn before(&self) -> &Rc<Placed> {
        &self.before
    }

    /// The placement after the change, if there is one (in its own node indices: [`Placing::node_id`]).
    pub fn after(&self) -> Option<&Rc<Placed>> {
        self.after.as_ref()
    }

    /// Node indices after the change as ids, when they differ (a removal): the list to turn a
    /// placement's indices into ids with.
    pub fn ids_after(&self) -> Option<&[u32]> {
        self.owners_after
            .as_ref()
            .map(|_| self.after_ids.as_slice())
    }

    /// Owner id of each key (in key-position order) before the change.
    pub fn owners_before(&self) -> &[u32] {
        &self.before.owners
    }

    /// Owner id of each key after the change, if there is one.
    pub fn owners_after(&self) -> Option<&[u32]> {
        match (&self.owners_after, &self.after) {
            (Some(ids), _) => Some(ids),
            (None, Some(after)) => Some(&after.owners),
            (None, None) => None,
        }
    }

    /// The node id of index `local` of the placement after the change (if `after` and there is one) or
    /// before it.
    pub fn node_id(&self, after: bool, local: u32) -> u32 {
        match &self.after {
            Some(_) if after => self.after_ids[local as usize],
            _ => local,
        }
    }

    /// The strategy's structure after the change (if `after` and there is one) or before it.
    pub fn picture(&self, after: bool) -> Picture<'_> {
        match &self.after {
            Some(placed) if after => placed.table.picture(),
            _ => self.before.table.picture(),
        }
    }
}

/// What the placements depend on, for the inputs.
fn inputs(p: &Params) -> PlacedInputs {
    let chosen = chosen(p);
    (
        chosen.name(),
        p.nodes.clone(),
        p.keys,
        p.change.clone(),
        used_settings(chosen, p.settings()),
        p.weights.clone(),
    )
}

/// The ids of the nodes after the change, if there is one (a removal leaves a gap; an addition is the
/// last id).
pub(super) fn after_ids(p: &Params) -> Option<Vec<u32>> {
    p.change.as_ref().map(|c| match c {
        Change::Remove(x) => (0..p.nodes.len() as u32)
            .filter(|&i| p.nodes[i as usize] != *x)
            .collect(),
        Change::Add(_) => (0..p.nodes.len() as u32 + 1).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::{App, Stage};
    use crate::ring::{KeySet, VnodeCache};
    use crate::strategy::{self, Input, Step};

    #[test]
    fn strategies_placed_in_parts_give_a_fresh_placement() {
        for name in ["rendezvous", "jump"] {
            let link =
                format!("nodes=db1,db2,db3,db4&keys=230000&strategy={name}&remove=db2&replicas=3");
            let mut app = App::uncomputed_from_fragment(&link);
            let mut placing = 0;
            while app.advance() {
                placing += usize::from(app.progress().map(|p| p.stage) == Some(Stage::Placing));
            }
            // Three parts before the change; after it, derived from the placement before.
            assert!(placing >= 3, "{name}: {placing} placing units");
            let strategy = strategy::by_name(name).unwrap();
            let keys = KeySet::new(230_000);
            let mut cache = VnodeCache::default();
            let mut input = Input {
                keys: &keys,
                settings: app.params().settings(),
                vnode_cache: &mut cache,
            };
            let nodes = ["db1", "db2", "db3", "db4"];
            let before = strategy.place(&mut input, &nodes);
            assert_eq!(app.owners_before(), before.owners, "{name}");
            let fresh = App::from_fragment(&link.replace("&remove=db2", ""));
            assert_eq!(fresh.owners_before(), before.owners, "{name}");
            let after = strategy.change(&mut input, &nodes, Step::Remove(1), &before);
            let ids: Vec<u32> = after
                .owners
                .iter()
                .map(|&o| if o >= 1 { o + 1 } else { o })
                .collect();
            assert_eq!(app.owners_after(), Some(&ids[..]), "{name}");
        }
    }
}
