//! Preference lists: each key's R replicas (ids, key-position order) before the change and after it,
//! with the copies each node holds. Kept beside the placements for a pointwise strategy, derived from a
//! neighbour's lists where the strategy can; made a part of the keys at a time, then counted (and, after
//! a removal, turned into ids) a part at a time.

use super::placing::Placing;
use super::report::Report;
use super::stores::Stores;
use super::{chosen, used_settings};
use crate::pace::{run, Pace, Part, Work};
use crate::params::Params;
use crate::placements::{FoundLists, MakingLists};
use crate::stats;
use std::rc::Rc;

/// Preference lists counted by node (items: keys × R).
pub const COUNTING_COPIES: Work = Work::new("counting copies", usize::MAX, 20_000);
/// Preference lists after a removal turned into ids and counted by node (items: keys × R).
pub const NUMBERING_LISTS: Work = Work::new("numbering and counting lists", usize::MAX, 20_000);

/// What the lists depend on: the placements generation and R.
type ListsInputs = (u64, u32);

/// The preference lists before and after the change, what they were made for, and the ones being made.
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
    /// Lists being made, then counted.
    making: Option<Making>,
}

/// Lists being made a part at a time, then counted.
struct Making {
    /// For the placements generation and R; the lists after the change or before it.
    key: ListsInputs,
    after: bool,
    /// The lists being made: kept beside a kept placement, or not.
    job: Option<(Box<MakingLists>, bool)>,
    /// The lists made, their length per key, and their count so far: the keys counted, the lists in
    /// ids (after a removal) and the copies.
    made: Option<(Rc<Vec<u32>>, usize)>,
    counted: usize,
    ids: Vec<u32>,
    copies: Vec<u64>,
}

impl Lists {
    /// True when the lists are those of the current placements and R.
    pub fn current(&self, p: &Params, placing: &Placing) -> bool {
        self.made_for == Some(inputs(p, placing))
    }

    /// A unit of listing: of the lists before the change, then after it.
    pub fn advance(
        &mut self,
        p: &Params,
        stores: &mut Stores,
        placing: &Placing,
        report: &Report,
        pace: &mut Pace,
    ) {
        let inputs = inputs(p, placing);
        let after = self.before_made_for == Some(inputs);
        let made = run(pace, |pace| {
            self.part(p, stores, placing, report, after, pace)
        });
        if made == Some(true) {
            if after {
                self.made_for = Some(inputs);
            } else {
                self.before_made_for = Some(inputs);
            }
        }
    }

    /// A part of the preference lists of the placement before the change (`after` false) or after it,
    /// in ids, with the copies each node holds (`report`'s rows give them when R is 1): true once they
    /// are made; false when a unit ends with lists made and kept (the next counts them, as it always
    /// has).
    fn part(
        &mut self,
        p: &Params,
        stores: &mut Stores,
        placing: &Placing,
        report: &Report,
        after: bool,
        pace: &mut Pace,
    ) -> Part<bool> {
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
            return Part::Done(true);
        };
        let r = (p.replicas as usize).min(nodes.len());
        let rows = &report.rows;
        if r == 1 {
            // One copy per key: the copies are the keys the rows count.
            let copies = rows
                .iter()
                .map(|row| if after { row.keys_after } else { row.keys }.unwrap_or(0))
                .collect();
            self.put(after, Rc::new(Vec::new()), 1, copies);
            return Part::Done(true);
        }
        let key = inputs(p, placing);
        let mut making = match self.making.take() {
            Some(m) if m.key == key && m.after == after => m,
            _ => {
                // Kept beside the placements for a pointwise strategy; made from the placement
                // otherwise (cheap there: the owner and the nodes after it in list order).
                let found = if chosen.pointwise() {
                    stores
                        .placements
                        .find_lists(chosen, &used, &nodes, &stores.keys, r)
                } else {
                    FoundLists::NotKept
                };
                let (job, made) = match found {
                    FoundLists::Kept(lists) => (None, Some((lists, r))),
                    FoundLists::Make(making) => (Some((making, true)), None),
                    FoundLists::NotKept => (
                        Some((
                            Box::new(MakingLists::of(chosen, &used, placed.clone(), &nodes, r)),
                            false,
                        )),
                        None,
                    ),
                };
                Making {
                    key,
                    after,
                    job,
                    made,
                    counted: 0,
                    ids: Vec::new(),
                    copies: vec![0; rows.len()],
                }
            }
        };
        if let Some((job, kept)) = &mut making.job {
            let kept = *kept;
            let Some(lists) = job.step(&mut stores.placements, &stores.keys, pace) else {
                self.making = Some(making);
                return Part::Did {
                    items: 1,
                    ended: false,
                };
            };
            (making.job, making.made) = (None, Some((lists, r)));
            self.making = Some(making);
            // Lists made and kept end their unit (the next counts them); others are counted on.
            return if kept {
                Part::Done(false)
            } else {
                Part::Did {
                    items: 1,
                    ended: true,
                }
            };
        }
        // Counted a part of the keys at a time; after a removal, into ids, as the owners are.
        let (lists, r) = making.made.clone().expect("lists made");
        let ids = placing.ids_after().filter(|_| after);
        let work = if ids.is_some() {
            NUMBERING_LISTS
        } else {
            COUNTING_COPIES
        };
        let len = lists.len() / r;
        let (from, to) = (
            making.counted,
            len.min(making.counted.saturating_add(pace.size_weighted(work, r))),
        );
        let part = &lists[from * r..to * r];
        match ids {
            Some(ids) => {
                if from == 0 {
                    making.ids.reserve_exact(lists.len());
                }
                let start = making.ids.len();
                making.ids.extend(part.iter().map(|&i| ids[i as usize]));
                stats::count_into(&making.ids[start..], &mut making.copies);
            }
            None => stats::count_into(part, &mut making.copies),
        }
        making.counted = to;
        pace.did_weighted(work, to - from, r);
        if to < len {
            self.making = Some(making);
            return Part::Did {
                items: to - from,
                ended: false,
            };
        }
        let lists = match ids {
            Some(_) => Rc::new(making.ids),
            None => lists,
        };
        self.put(after, lists, r, making.copies);
        Part::Done(true)
    }

    /// Puts the lists before the change (or after it), `r` per key, and their copies in place.
    fn put(&mut self, after: bool, lists: Rc<Vec<u32>>, r: usize, copies: Vec<u64>) {
        if after {
            (self.after, self.r_after, self.copies_after) = (Some(lists), r, Some(copies));
        } else {
            (self.before, self.r_before, self.copies_before) = (lists, r, copies);
        }
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
