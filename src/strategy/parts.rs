//! Placements made a part at a time ([`Making`], begun by [`super::Strategy::begin`]): a strategy's
//! structure built (at once, or a part at a time: [`Build`]), then every key's owner from it, a part of
//! the keys at a time ([`KeysBy`]). Every key's owner depends on that key alone once the structure is
//! built, so the parts give exactly the placement made at once.

use super::{Input, Placed, Strategy, Table, PARTS_CHUNK};
use crate::pace::{run, Pace, Part, Work};
use crate::ring::{KeySet, Position};
use std::rc::Rc;

/// Keys given their owners by a strategy's structure (measured apart per strategy: [`Work::of`]).
pub const PLACING_KEYS: Work = Work::new("placing keys", usize::MAX, 2_000);
/// Keys given their owners after a change, from their owners before it.
pub const CHANGING_KEYS: Work = Work::new("changing keys", usize::MAX, 2_000);
/// Owners (or lists) known by key number put in key-position order (items: owners, or list entries).
pub const ORDERING_OWNERS: Work = Work::new("ordering owners", usize::MAX, 10_000);

/// A placement being made a part at a time.
pub trait Making {
    /// One part; the placement once it is complete. Call with the same input every time.
    fn part(&mut self, input: &mut Input, pace: &mut Pace) -> Part<Placed>;

    /// One unit: one part, or (without time sizing) parts until one is cut short by its size
    /// ([`run`]); the placement once it is complete.
    fn step(&mut self, input: &mut Input, pace: &mut Pace) -> Option<Placed> {
        run(pace, |pace| self.part(input, pace))
    }
}

/// The placement `making` makes, made at once.
pub fn whole(mut making: Box<dyn Making>, input: &mut Input) -> Placed {
    let mut pace = Pace::whole();
    loop {
        if let Some(placed) = making.step(input, &mut pace) {
            return placed;
        }
    }
}

/// [`PLACING_KEYS`] for `strategy`: without time sizing in parts of [`PARTS_CHUNK`] keys when the
/// strategy asks for that ([`Strategy::place_in_parts`]), else all at once.
pub fn placing(strategy: &dyn Strategy) -> Work {
    let work = PLACING_KEYS.of(strategy.name());
    if strategy.place_in_parts() {
        work.in_parts_of(PARTS_CHUNK)
    } else {
        work
    }
}

/// A part of the keys, in key-position order: their positions and numbers, and their owners before a
/// change when the owners after it are derived from them (else empty).
#[derive(Clone, Copy, Debug)]
pub struct Keys<'a> {
    pub positions: &'a [Position],
    pub numbers: &'a [u32],
    pub before: &'a [u32],
}

/// The lookup structure of a placement.
pub fn table<T: Table + 'static>(made: T) -> Rc<dyn Table> {
    Rc::new(made)
}

/// Every key's owner from a structure `T` made already, a part of the keys at a time: `place` appends the
/// owners of a part of the keys; `table` turns `T` into the lookup structure at the end.
pub struct KeysBy<T> {
    made: Option<T>,
    work: Work,
    place: fn(&T, Keys, &mut Vec<u32>),
    table: fn(T) -> Rc<dyn Table>,
    /// The placement before a change, when the owners are derived from it.
    before: Option<Rc<Placed>>,
    owners: Vec<u32>,
    /// Items of work per key ([`Strategy::key_cost`]).
    weight: usize,
}

impl<T: 'static> KeysBy<T> {
    /// The keys placed on `made` by `place` (a kind of `work`).
    pub fn new(
        made: T,
        work: Work,
        place: fn(&T, Keys, &mut Vec<u32>),
        table: fn(T) -> Rc<dyn Table>,
    ) -> KeysBy<T> {
        KeysBy {
            made: Some(made),
            work,
            place,
            table,
            before: None,
            owners: Vec::new(),
            weight: 1,
        }
    }

    /// The same, each key `weight` items of work ([`Strategy::key_cost`]).
    pub fn weighted(mut self, weight: usize) -> KeysBy<T> {
        self.weight = weight;
        self
    }

    /// The same, given each key's owner before the change too (`before` placed the same keys).
    pub fn after(mut self, before: Rc<Placed>) -> KeysBy<T> {
        self.before = Some(before);
        self
    }

    /// The next part of the keys; the placement after the last.
    fn keys_part(&mut self, keys: &KeySet, pace: &mut Pace) -> Part<Placed> {
        let len = keys.len() as usize;
        let from = self.owners.len();
        if from == 0 {
            self.owners.reserve_exact(len);
        }
        let to = len.min(from.saturating_add(pace.size_weighted(self.work, self.weight)));
        let made = self.made.as_ref().expect("the structure is made");
        let before = self
            .before
            .as_ref()
            .map_or(&[][..], |b| &b.owners[from..to]);
        let part = Keys {
            positions: &keys.positions()[from..to],
            numbers: &keys.numbers()[from..to],
            before,
        };
        (self.place)(made, part, &mut self.owners);
        debug_assert_eq!(self.owners.len(), to, "one owner per key");
        pace.did_weighted(self.work, to - from, self.weight);
        if to < len {
            return Part::Did {
                items: to - from,
                ended: false,
            };
        }
        let made = self.made.take().expect("the structure is made");
        Part::Done(Placed {
            owners: std::mem::take(&mut self.owners),
            table: (self.table)(made),
        })
    }
}

impl<T: 'static> Making for KeysBy<T> {
    fn part(&mut self, input: &mut Input, pace: &mut Pace) -> Part<Placed> {
        self.keys_part(input.keys, pace)
    }
}

/// A strategy's structure built a part at a time.
pub trait Build {
    type Made;
    /// One part; the structure once it is built.
    fn part(&mut self, input: &mut Input, pace: &mut Pace) -> Part<Self::Made>;
}

/// A structure built a part at a time by `B`, then every key's owner from it ([`KeysBy`]).
pub struct Built<B: Build> {
    build: B,
    keys: KeysBy<B::Made>,
}

impl<B: Build> Built<B>
where
    B::Made: 'static,
{
    /// Builds with `build`, then places the keys as [`KeysBy::new`] does.
    pub fn new(
        build: B,
        work: Work,
        place: fn(&B::Made, Keys, &mut Vec<u32>),
        table: fn(B::Made) -> Rc<dyn Table>,
    ) -> Built<B> {
        Built {
            build,
            keys: KeysBy {
                made: None,
                work,
                place,
                table,
                before: None,
                owners: Vec::new(),
                weight: 1,
            },
        }
    }
}

impl<B: Build> Making for Built<B>
where
    B::Made: 'static,
{
    fn part(&mut self, input: &mut Input, pace: &mut Pace) -> Part<Placed> {
        if self.keys.made.is_some() {
            return self.keys.keys_part(input.keys, pace);
        }
        match self.build.part(input, pace) {
            Part::Done(made) => {
                self.keys.made = Some(made);
                // The last part of the build did some work: the keys begin in a unit of their own.
                Part::Did {
                    items: 1,
                    ended: true,
                }
            }
            Part::Did { items, ended } => Part::Did { items, ended },
        }
    }
}
