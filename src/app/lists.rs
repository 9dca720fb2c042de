//! Preference lists: each key's R replicas (ids, key-position order) before the change and after it,
//! with the copies each node holds. Kept beside the placements for a pointwise strategy, derived from a
//! neighbour's lists where the strategy can, and made a part at a time for a strategy placed in parts;
//! each list is made in one unit and counted in the next.

use super::placing::Placing;
use super::report::Report;
use super::stores::Stores;
use super::{chosen, used_settings};
use crate::params::Params;
use crate::placements::{self, Derive};
use crate::replication;
use crate::strategy;
use std::rc::Rc;

/// What the lists depend on: the placements generation and R.
type ListsInputs = (u64, u32);

/// The preference lists before and after the change, what they were made for, and the part being made.
#[derive(Default)]
pub(super) struct Lists {
    /// Empty when `r_before` is 1: the lists are the owners ([`Placing::owners_before`]).
    before: Rc<Vec<u32>>,
    r_before: usize,
    /// Empty when `r_after` is 1: the lists are the owners after the change ([`Placing::owners_after`]).
    after: Option<Rc<Vec<u32>>>,
    r_after: usize,
    /// Copies per node id, before and after the change.
    copies_before: Vec<u64>,
    copies_after: Option<Vec<u64>>,
    /// What the lists were made for (those before the change first, then both).
    made_for: Option<ListsInputs>,
    before_made_for: Option<ListsInputs>,
    /// Lists being made a part at a time.
    in_parts: Option<InParts>,
}

/// Preference lists being made a part at a time.
struct InParts {
    /// For the placements generation and R; the lists after the change or before it.
    key: ListsInputs,
    after: bool,
    /// The lists of the keys so far (key-position order).
    so_far: Vec<u32>,
    /// The neighbour's lists they are derived from, if any.
    derive: Option<Derive>,
}

impl Lists {
    /// True when the lists are those of the current placements and R.
    pub fn current(&self, p: &Params, placing: &Placing) -> bool {
        self.made_for == Some(inputs(p, placing))
    }

    /// A unit of listing: the lists before the change (or a part of them), then after it.
    pub fn advance(&mut self, p: &Params, stores: &mut Stores, placing: &Placing, report: &Report) {
        let inputs = inputs(p, placing);
        let after = self.before_made_for == Some(inputs);
        if self.make(p, stores, placing, report, after) {
            if after {
                self.made_for = Some(inputs);
            } else {
                self.before_made_for = Some(inputs);
            }
        }
    }

    /// Preference lists of the placement before the change (`after` false) or after it, in ids, with
    /// the copies each node holds (`report`'s rows give them when R is 1). False while they are being
    /// made in parts, or were made in this unit (the next takes them from the kept placements).
    fn make(
        &mut self,
        p: &Params,
        stores: &mut Stores,
        placing: &Placing,
        report: &Report,
        after: bool,
    ) -> bool {
        let chosen = chosen(p);
        let used = used_settings(chosen, p.settings());
        let placed = if after {
            placing.after().cloned()
        } else {
            Some(placing.before().clone())
        };
        let nodes = if after {
            p.nodes_after()
        } else {
            p.nodes.clone()
        };
        let Some(placed) = placed.filter(|_| !after || p.change.is_some()) else {
            self.after = None;
            self.copies_after = None;
            self.r_after = 0;
            return true;
        };
        // Kept beside the placements for a pointwise strategy; made afresh otherwise (cheap there: the
        // owner and the nodes after it in list order); a part at a time for a strategy placed in parts.
        let r = (p.replicas as usize).min(nodes.len());
        let lists = if r == 1 {
            Rc::new(Vec::new())
        } else {
            let found = if chosen.pointwise() {
                stores.placements.replicas_unless_parts(
                    chosen,
                    &used,
                    &nodes,
                    &stores.keys,
                    r,
                    true,
                )
            } else {
                placements::Lists::NotKept
            };
            let lists = match found {
                placements::Lists::Kept(lists) => lists,
                // Made in this unit: kept, and taken from there by the next.
                placements::Lists::Made(_) => return false,
                placements::Lists::NotKept => Rc::new(placed.table.replicas(
                    stores.keys.positions(),
                    &placed.owners,
                    nodes.len(),
                    r,
                )),
                placements::Lists::InParts(neighbour) => {
                    let key = inputs(p, placing);
                    let (mut so_far, derive) = match self.in_parts.take() {
                        Some(l) if l.key == key && l.after == after => (l.so_far, l.derive),
                        _ => (
                            Vec::with_capacity(stores.keys.len() as usize * r),
                            neighbour,
                        ),
                    };
                    let positions = stores.keys.positions();
                    // A part costs about the same whatever r: fewer keys for longer lists.
                    let from = so_far.len() / r;
                    let to = positions.len().min(from + strategy::PARTS_CHUNK / r);
                    so_far.extend(placements::lists_part(
                        placed.table.as_ref(),
                        derive.as_ref(),
                        (positions, &placed.owners),
                        &nodes,
                        r,
                        from..to,
                    ));
                    if to < positions.len() {
                        self.in_parts = Some(InParts {
                            key,
                            after,
                            so_far,
                            derive,
                        });
                        return false;
                    }
                    // Kept; the next unit takes them from there.
                    stores.placements.keep_replicas(
                        chosen,
                        &used,
                        &nodes,
                        &stores.keys,
                        r,
                        Rc::new(so_far),
                    );
                    return false;
                }
            };
            // After a removal: into ids, as the owners are.
            match placing.ids_after() {
                Some(ids) if after => Rc::new(lists.iter().map(|&i| ids[i as usize]).collect()),
                _ => lists,
            }
        };
        // One copy per key: the copies are the keys the rows count.
        let rows = &report.rows;
        let copies = if r == 1 {
            rows.iter()
                .map(|row| if after { row.keys_after } else { row.keys }.unwrap_or(0))
                .collect()
        } else {
            replication::copies(&lists, rows.len())
        };
        if after {
            (self.after, self.r_after, self.copies_after) = (Some(lists), r, Some(copies));
        } else {
            (self.before, self.r_before, self.copies_before) = (lists, r, copies);
        }
        true
    }

    /// The preference lists before the change (ids, key-position order) and their length per key: the
    /// owners when that is 1.
    pub fn before<'a>(&'a self, placing: &'a Placing) -> (&'a [u32], usize) {
        match self.r_before {
            1 => (placing.owners_before(), 1),
            r => (&self.before, r),
        }
    }

    /// The same after the change, if there is one.
    pub fn after<'a>(&'a self, placing: &'a Placing) -> Option<(&'a [u32], usize)> {
        let after = self.after.as_ref()?;
        Some(match self.r_after {
            1 => (placing.owners_after()?, 1),
            r => (after.as_slice(), r),
        })
    }

    /// Replicas per key before the change, and after it if there is a change.
    pub fn replicas(&self) -> (usize, Option<usize>) {
        (self.r_before, self.after.as_ref().map(|_| self.r_after))
    }

    /// Copies per node id before the change, and after it if there is a change.
    pub fn copies(&self) -> (&[u64], Option<&[u64]>) {
        (&self.copies_before, self.copies_after.as_deref())
    }
}

/// What the lists depend on, for the inputs and placements.
fn inputs(p: &Params, placing: &Placing) -> ListsInputs {
    (placing.generation(), p.replicas)
}
