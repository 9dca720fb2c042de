//! Placing: the chosen strategy's placement of the nodes before the change, and after it, a bounded unit
//! at a time (a part of a big ring's virtual nodes hashed, one placement, or a part of one for a strategy
//! placed in parts). Node indices of the placement after a removal are turned into ids (the node's
//! index in the list before the change) here, once.

use super::stores::{names_in_play, Stores};
use super::{chosen, step, used_settings, KEYS_CHUNK};
use crate::params::{Change, Params};
use crate::strategy::{self, EmptyTable, Picture, Placed, PlacingInParts, Settings, Weights};
use std::rc::Rc;

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
    /// A placement being made in parts: for what inputs, whether it is the one after the change.
    in_parts: Option<(PlacedInputs, bool, PlacingInParts)>,
    /// Counts the placements made: the later stages are current when they were made from this one.
    generation: u64,
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
            in_parts: None,
            generation: 0,
        }
    }
}

impl Placing {
    /// True when the placements are those of the inputs.
    pub fn current(&self, p: &Params) -> bool {
        self.placed_for.as_ref() == Some(&inputs(p))
    }

    /// A unit of placing: a part of a big ring's virtual nodes hashed, or the placement before the
    /// change (or a part of it), or the one after it.
    pub fn advance(&mut self, p: &Params, stores: &mut Stores) {
        let inputs = inputs(p);
        if chosen(p).uses().vnodes {
            let names = names_in_play(p);
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let used = &inputs.4;
            let hashed = if used.weights.is_empty() {
                stores
                    .vnode_cache
                    .hash_some(&names, used.vnodes, KEYS_CHUNK as usize)
            } else {
                let counts = used.vnode_counts(&names);
                stores
                    .vnode_cache
                    .hash_some_counts(&names, &counts, KEYS_CHUNK as usize)
            };
            if hashed {
                return;
            }
        }
        if self.before_for.as_ref() != Some(&inputs) {
            self.place_before(p, stores, inputs);
        } else {
            self.place_after(p, stores, inputs);
        }
    }

    /// The chosen strategy's placement of the nodes before the change (or a part of it).
    fn place_before(&mut self, p: &Params, stores: &mut Stores, inputs: PlacedInputs) {
        let chosen = chosen(p);
        self.before = if chosen.pointwise() {
            // Owners kept by key number: a slider step looks up only what it changes.
            match self.placed_in_parts(p, stores, &inputs, false, &p.nodes) {
                Some(placed) => placed,
                None => return,
            }
        } else {
            let nodes: Vec<&str> = p.nodes.iter().map(String::as_str).collect();
            Rc::new(chosen.place(&mut stores.input(inputs.4.clone()), &nodes))
        };
        self.before_for = Some(inputs);
    }

    /// A pointwise strategy's placement of `nodes` from the kept placements; where it must be made
    /// afresh and the strategy places in parts, the next part of it, and `None` until the last.
    fn placed_in_parts(
        &mut self,
        p: &Params,
        stores: &mut Stores,
        inputs: &PlacedInputs,
        after: bool,
        nodes: &[String],
    ) -> Option<Rc<Placed>> {
        let chosen = chosen(p);
        let used = &inputs.4;
        let mut making = match self.in_parts.take() {
            Some((i, a, making)) if i == *inputs && a == after => making,
            _ => {
                let kept = stores.placements.placed_unless_parts(
                    chosen,
                    used,
                    nodes,
                    &stores.keys,
                    &mut stores.vnode_cache,
                );
                if kept.is_some() {
                    return kept;
                }
                let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
                PlacingInParts::begin(chosen, &mut stores.input(used.clone()), &names)
            }
        };
        if !making.step(&stores.keys, strategy::PARTS_CHUNK) {
            self.in_parts = Some((inputs.clone(), after, making));
            return None;
        }
        let placed = Rc::new(making.finish());
        stores
            .placements
            .keep(chosen, used, nodes, &stores.keys, placed.clone());
        Some(placed)
    }

    /// Its placement after the change (none without one), from the placement before it.
    fn place_after(&mut self, p: &Params, stores: &mut Stores, inputs: PlacedInputs) {
        let chosen = chosen(p);
        self.after = if chosen.pointwise() {
            match p.change.as_ref().map(|_| p.nodes_after()) {
                Some(list) => match self.placed_in_parts(p, stores, &inputs, true, &list) {
                    Some(placed) => Some(placed),
                    None => return,
                },
                None => None,
            }
        } else {
            let nodes: Vec<&str> = p.nodes.iter().map(String::as_str).collect();
            let mut input = stores.input(inputs.4.clone());
            p.change.as_ref().map(|c| {
                Rc::new(chosen.change(&mut input, &nodes, step(&p.nodes, c), &self.before))
            })
        };
        self.after_ids = after_ids(p).unwrap_or_default();
        let identity = self
            .after_ids
            .iter()
            .enumerate()
            .all(|(i, &id)| i as u32 == id);
        self.owners_after = self.after.as_ref().filter(|_| !identity).map(|a| {
            a.owners
                .iter()
                .map(|&o| self.after_ids[o as usize])
                .collect()
        });
        self.placed_for = Some(inputs);
        self.generation += 1;
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
