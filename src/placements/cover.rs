//! A kept placement (or its preference lists) brought to the current keys a part at a time: what it
//! holds put by key number, the new keys looked up, then everything back in key-position order.

use super::Placed;
use crate::pace::{clear_part, Pace, Part, Work};
use crate::ring::{key_position, KeySet, Position};
use crate::strategy::{KeyRef, ORDERING_OWNERS};
use std::rc::Rc;

/// Owners (or lists) kept by position put by key number (items: keys).
pub const BY_NUMBER: Work = Work::new("keeping owners by number", usize::MAX, 20_000);
/// New keys looked up one by one in a kept structure ([`Work::of`] the strategy).
pub const LOOKING_UP: Work = Work::new("looking keys up", usize::MAX, 1_000);
/// New keys of kept lists found among the keys (items: keys looked at).
pub const FINDING_NEW: Work = Work::new("finding new keys", usize::MAX, 20_000);
/// Preference lists made for new keys (items: keys; [`Work::of`] the strategy).
pub const LISTING_NEW: Work = Work::new("listing new keys", usize::MAX, 1_000);

/// Values kept for `len` keys, `r` per key in key-position order, put by key number a part at a time:
/// `entry[number·r ..]` is key `number`'s (the set's numbers of its first `len` keys, in its position
/// order, pair with them).
pub(super) struct ByNumber {
    len: u32,
    r: usize,
    /// Where the set's numbers are read from, and how many values are placed.
    at: usize,
    placed: usize,
    pub(super) by_number: Vec<u32>,
}

impl ByNumber {
    pub(super) fn new(len: u32, r: usize) -> ByNumber {
        ByNumber {
            len,
            r,
            at: 0,
            placed: 0,
            by_number: Vec::new(),
        }
    }

    /// Puts a part of `by_position` by number (its memory cleared first, in parts of their own); done
    /// once every key's values are.
    pub(super) fn part(&mut self, keys: &KeySet, by_position: &[u32], pace: &mut Pace) -> Part<()> {
        let r = self.r;
        let len = self.len as usize * r;
        if self.by_number.len() < len {
            let cleared = clear_part(&mut self.by_number, len, pace);
            return Part::Did {
                items: 1,
                ended: cleared,
            };
        }
        let all = keys.all_numbers();
        let to = all
            .len()
            .min(self.at.saturating_add(pace.size_weighted(BY_NUMBER, r)));
        for &number in &all[self.at..to] {
            if number < self.len {
                let (at, from) = (number as usize * r, self.placed * r);
                self.by_number[at..at + r].copy_from_slice(&by_position[from..from + r]);
                self.placed += 1;
            }
        }
        pace.did_weighted(BY_NUMBER, to - self.at, r);
        self.at = to;
        if self.placed < self.len as usize {
            return Part::Did {
                items: 1,
                ended: false,
            };
        }
        Part::Done(())
    }
}

/// Values by key number gathered into the set's key-position order, `r` per key, a part at a time.
pub(super) fn gather_part(
    keys: &KeySet,
    by_number: &[u32],
    r: usize,
    out: &mut Vec<u32>,
    pace: &mut Pace,
) -> bool {
    let len = keys.len() as usize;
    if out.is_empty() {
        out.reserve_exact(len * r);
    }
    let from = out.len() / r;
    let to = len.min(from.saturating_add(pace.size_weighted(ORDERING_OWNERS, r)));
    if r == 1 {
        out.extend(
            keys.numbers()[from..to]
                .iter()
                .map(|&i| by_number[i as usize]),
        );
    } else {
        for &number in &keys.numbers()[from..to] {
            let at = number as usize * r;
            out.extend_from_slice(&by_number[at..at + r]);
        }
    }
    pace.did_weighted(ORDERING_OWNERS, to - from, r);
    to == len
}

/// A kept placement brought to the current keys: its owners by number, the new keys looked up, then
/// the owners in the new key-position order. Exactly the owners of a fresh placement (the strategy is
/// pointwise).
pub(super) struct Covering {
    placed: Rc<Placed>,
    /// Its owners by number, once known (for at least the keys it was made for).
    by_number: Option<Vec<u32>>,
    filling: Option<ByNumber>,
    lookups: Work,
    owners: Vec<u32>,
}

impl Covering {
    /// `placed`, kept for `len` keys (with its owners by number when they are kept too), to cover the
    /// current keys; its lookups are measured as `kind`'s ([`crate::strategy::Strategy::kind`]).
    pub(super) fn new(
        placed: Rc<Placed>,
        len: u32,
        by_number: Option<Vec<u32>>,
        kind: &'static str,
    ) -> Covering {
        Covering {
            filling: by_number.is_none().then(|| ByNumber::new(len, 1)),
            placed,
            by_number,
            lookups: LOOKING_UP.of(kind),
            owners: Vec::new(),
        }
    }

    /// One part; once done, the placement of the current keys and the owners by number (for every
    /// key looked up so far).
    pub(super) fn part(&mut self, keys: &KeySet, pace: &mut Pace) -> Part<(Rc<Placed>, Vec<u32>)> {
        if let Some(filling) = &mut self.filling {
            if let Part::Did { items, ended } = filling.part(keys, &self.placed.owners, pace) {
                return Part::Did { items, ended };
            }
            self.by_number = self.filling.take().map(|f| f.by_number);
            return Part::Did {
                items: 1,
                ended: true,
            };
        }
        let by_number = self.by_number.as_mut().expect("owners by number");
        let known = by_number.len();
        if known < keys.len() as usize {
            let to = (keys.len() as usize).min(known.saturating_add(pace.size(self.lookups)));
            let table = &self.placed.table;
            by_number.extend((known as u32..to as u32).map(|number| {
                table.lookup(KeyRef {
                    number,
                    position: key_position(number),
                })
            }));
            pace.did(self.lookups, to - known);
            return Part::Did {
                items: to - known,
                ended: to == keys.len() as usize,
            };
        }
        if !gather_part(keys, by_number, 1, &mut self.owners, pace) {
            return Part::Did {
                items: 1,
                ended: false,
            };
        }
        let placed = Rc::new(Placed {
            owners: std::mem::take(&mut self.owners),
            table: self.placed.table.clone(),
        });
        let by_number = self.by_number.take().expect("owners by number");
        Part::Done((placed, by_number))
    }
}

/// Kept preference lists (`r` per key) brought to the current keys: by number, the new keys' lists
/// made (the keys whose number was not known, in key-position order, with their owners), then back in
/// key-position order.
pub(super) struct CoveringLists {
    r: usize,
    by_position: Rc<Vec<u32>>,
    by_number: Option<Vec<u32>>,
    filling: Option<ByNumber>,
    /// Keys known by number, once they are; the keys looked at for new ones so far, the new keys
    /// found (positions, owners, numbers), and how many of them are listed.
    known: Option<u32>,
    looked: usize,
    new: (Vec<Position>, Vec<u32>, Vec<u32>),
    listed: usize,
    listing: Work,
    out: Vec<u32>,
}

impl CoveringLists {
    /// Lists kept for `len` keys (with them by number when kept too), `r` per key; the new keys' lists
    /// are measured as `kind`'s.
    pub(super) fn new(
        r: usize,
        len: u32,
        by_position: Rc<Vec<u32>>,
        by_number: Option<Vec<u32>>,
        kind: &'static str,
    ) -> CoveringLists {
        CoveringLists {
            filling: by_number.is_none().then(|| ByNumber::new(len, r)),
            r,
            by_position,
            by_number,
            known: None,
            looked: 0,
            new: Default::default(),
            listed: 0,
            listing: LISTING_NEW.of(kind),
            out: Vec::new(),
        }
    }

    /// One part; once done, the lists of the current keys and the lists by number. `placed` is the
    /// placement of the current keys the lists are of, with `nodes` nodes.
    pub(super) fn part(
        &mut self,
        keys: &KeySet,
        placed: &Placed,
        nodes: usize,
        pace: &mut Pace,
    ) -> Part<(Rc<Vec<u32>>, Vec<u32>)> {
        let r = self.r;
        if let Some(filling) = &mut self.filling {
            if let Part::Did { items, ended } = filling.part(keys, &self.by_position, pace) {
                return Part::Did { items, ended };
            }
            self.by_number = self.filling.take().map(|f| f.by_number);
            return Part::Did {
                items: 1,
                ended: true,
            };
        }
        let by_number = self.by_number.as_mut().expect("lists by number");
        let known = *self.known.get_or_insert((by_number.len() / r) as u32);
        let len = keys.len() as usize;
        if keys.len() > known && self.looked < len {
            // The new keys, still in ascending position order, with their owners.
            let (from, to) = (
                self.looked,
                len.min(self.looked.saturating_add(pace.size(FINDING_NEW))),
            );
            let (positions, owners, numbers) = &mut self.new;
            for k in from..to {
                let number = keys.numbers()[k];
                if number >= known {
                    positions.push(keys.positions()[k]);
                    owners.push(placed.owners[k]);
                    numbers.push(number);
                }
            }
            pace.did(FINDING_NEW, to - from);
            self.looked = to;
            return Part::Did {
                items: to - from,
                ended: to == len,
            };
        }
        let (positions, owners, numbers) = &self.new;
        if self.listed < numbers.len() {
            let (from, to) = (
                self.listed,
                numbers
                    .len()
                    .min(self.listed.saturating_add(pace.size(self.listing))),
            );
            let lists = placed
                .table
                .replicas(&positions[from..to], &owners[from..to], nodes, r);
            by_number.resize(by_number.len().max(len * r), 0);
            for (&number, list) in numbers[from..to].iter().zip(lists.chunks_exact(r)) {
                let at = number as usize * r;
                by_number[at..at + r].copy_from_slice(list);
            }
            pace.did(self.listing, to - from);
            self.listed = to;
            return Part::Did {
                items: to - from,
                ended: to == numbers.len(),
            };
        }
        if !gather_part(keys, by_number, r, &mut self.out, pace) {
            return Part::Did {
                items: 1,
                ended: false,
            };
        }
        let lists = Rc::new(std::mem::take(&mut self.out));
        let by_number = self.by_number.take().expect("lists by number");
        Part::Done((lists, by_number))
    }
}
