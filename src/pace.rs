//! Units of work sized by the time they take: each kind of [`Work`] is done in parts, and a [`Pace`] says
//! how many items its next part takes — today's fixed sizes, everything at once, or, once the page turns
//! time sizing on, as many as its measured rate fits in a budget of milliseconds.
//!
//! The page runs a unit, measures it and says how long it took ([`Pace::took`]); the unit said what it did
//! ([`Pace::did`]: its kind and item count). The next part of that kind then takes `rate × budget` items,
//! where the rate (items per ms) is smoothed: a slower measurement is believed at once (a unit that took
//! twice the budget halves the next), a faster one only a quarter of the way, and a part grows at most
//! [`GROWTH`]-fold over the last full part measured, so that one fast measurement cannot make a huge unit.
//! A kind not measured yet starts small ([`Work::first`]). Sizes change only how work is split, never its
//! result.
//!
//! ```
//! use ring_playground::pace::{Pace, Work};
//!
//! const HASHING: Work = Work::new("hashing keys", 25_000, 1_000);
//! let mut pace = Pace::with_budget(8.0);
//! assert_eq!(pace.size(HASHING), 1_000, "not measured yet: small");
//! pace.unit();
//! pace.did(HASHING, 1_000);
//! pace.took(16.0);
//! assert_eq!(pace.size(HASHING), 500, "twice the budget: half as many");
//! assert_eq!(Pace::default().size(HASHING), 25_000, "without time sizing: the fixed size");
//! ```

/// A kind of work done in parts, and the sizes of its parts when they are not timed.
#[derive(Clone, Copy, Debug)]
pub struct Work {
    /// What it is, for reports: "hashing keys", "placing keys".
    pub name: &'static str,
    /// The strategy it is done for, when its cost depends on the strategy (kinds of two strategies are
    /// measured apart); empty otherwise.
    pub of: &'static str,
    /// Items per part without time sizing (`usize::MAX`: all of it in one part).
    pub fixed: usize,
    /// Items of the first part with time sizing, before any part of this kind has been measured.
    pub first: usize,
}

impl Work {
    /// A kind of work called `name`, in parts of `fixed` items without time sizing, and of `first` items
    /// at first with it.
    pub const fn new(name: &'static str, fixed: usize, first: usize) -> Work {
        Work {
            name,
            of: "",
            fixed,
            first,
        }
    }

    /// The same kind of work done for `strategy` (measured apart from other strategies').
    pub const fn of(self, strategy: &'static str) -> Work {
        Work {
            of: strategy,
            ..self
        }
    }

    /// The same, in parts of `fixed` items without time sizing.
    pub const fn in_parts_of(self, fixed: usize) -> Work {
        Work { fixed, ..self }
    }
}

/// Two kinds are the same when their names and strategies are (the sizes are not part of the kind).
impl PartialEq for Work {
    fn eq(&self, other: &Work) -> bool {
        self.name == other.name && self.of == other.of
    }
}

impl Eq for Work {}

impl std::fmt::Display for Work {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.of.is_empty() {
            f.write_str(self.name)
        } else {
            write!(f, "{} ({})", self.name, self.of)
        }
    }
}

/// How much a part may grow over the last full part of its kind that was measured.
pub const GROWTH: usize = 2;

/// A unit shorter than this (ms) says nothing of its rate (a browser's clock is coarse): the next part
/// only grows by [`GROWTH`].
pub const MIN_MEASURED_MS: f64 = 0.05;

/// How many items the next part of each kind of work takes.
#[derive(Clone, Debug, Default)]
pub struct Pace {
    mode: Mode,
    /// What was measured of each kind.
    kinds: Vec<Measured>,
    /// The kind and items of the unit being run, and the size it was given.
    unit: Option<Did>,
}

#[derive(Clone, Debug, Default, PartialEq)]
enum Mode {
    /// Every kind in parts of its fixed size.
    #[default]
    Fixed,
    /// Everything in one part.
    Whole,
    /// Parts sized to take about this many milliseconds.
    Timed(f64),
    /// Parts of these sizes, the next one each unit (any kind), in turn: for tests.
    Parts(Vec<usize>, usize),
}

/// What is known of one kind of work.
#[derive(Clone, Debug)]
struct Measured {
    work: Work,
    /// Items per millisecond, smoothed; `None` until a part was long enough to measure.
    per_ms: Option<f64>,
    /// The largest next part: [`GROWTH`] times the last full part.
    limit: usize,
}

/// What the unit being run did.
#[derive(Clone, Copy, Debug)]
enum Did {
    /// Items of one kind, and the size its part was given.
    Work(Work, usize, usize),
    /// Parts of more than one kind (the first, and its items): its time cannot be told apart.
    Mixed(Work, usize),
}

impl Pace {
    /// Parts of their fixed sizes ([`Work::fixed`]): the units the app has always had.
    pub fn fixed() -> Pace {
        Pace::default()
    }

    /// Everything in one part (to compute a result at once).
    pub fn whole() -> Pace {
        Pace {
            mode: Mode::Whole,
            ..Pace::default()
        }
    }

    /// Every part of any kind of these sizes (at least one item each), the next size each unit
    /// ([`Pace::unit`]), in turn: to split work in given (say random) ways in tests. Units then do one part
    /// each, as with time sizing.
    pub fn parts(sizes: &[usize]) -> Pace {
        Pace {
            mode: Mode::Parts(sizes.to_vec(), 0),
            ..Pace::default()
        }
    }

    /// Parts sized by their measured rate to take about `budget_ms` each.
    pub fn with_budget(budget_ms: f64) -> Pace {
        let mut pace = Pace::default();
        pace.set_budget(Some(budget_ms));
        pace
    }

    /// Turns time sizing on with a budget of `budget_ms` per unit (`None`, or a budget that is not a
    /// positive number: off, back to the fixed sizes). What was measured is kept.
    pub fn set_budget(&mut self, budget_ms: Option<f64>) {
        self.mode = match budget_ms {
            Some(ms) if ms > 0.0 && ms.is_finite() => Mode::Timed(ms),
            _ => Mode::Fixed,
        };
    }

    /// The budget per unit, when units are sized by time.
    pub fn budget_ms(&self) -> Option<f64> {
        match self.mode {
            Mode::Timed(ms) => Some(ms),
            _ => None,
        }
    }

    /// True when units are sized by time.
    pub fn timed(&self) -> bool {
        matches!(self.mode, Mode::Timed(_))
    }

    /// True when a unit does one part of one kind of work (units sized by time, so that a unit's time is
    /// that part's; or given sizes). Otherwise a unit whose part ends its kind of work goes on to the
    /// next kind, until a part is cut short by its size: the units the app has always had.
    pub fn one_part(&self) -> bool {
        matches!(self.mode, Mode::Timed(_) | Mode::Parts(..))
    }

    /// How many items the next part of `work` takes (at least one).
    pub fn size(&self, work: Work) -> usize {
        let budget = match self.mode {
            Mode::Fixed => return work.fixed.max(1),
            Mode::Whole => return usize::MAX,
            Mode::Parts(ref sizes, at) => {
                return sizes.get(at % sizes.len().max(1)).map_or(1, |&s| s.max(1))
            }
            Mode::Timed(ms) => ms,
        };
        let Some(known) = self.kinds.iter().find(|k| k.work == work) else {
            return work.first.max(1);
        };
        let by_rate = known.per_ms.map_or(usize::MAX, |r| (r * budget) as usize);
        by_rate.min(known.limit).max(1)
    }

    /// A unit of work begins: what it does is recorded afresh (with given sizes, the next size is used).
    pub fn unit(&mut self) {
        self.unit = None;
        if let Mode::Parts(_, at) = &mut self.mode {
            *at += 1;
        }
    }

    /// [`Pace::size`] of work whose parts are each `weight` items (a key scored against `weight` nodes):
    /// with time sizing (rates are per item) `size / weight` of them, at least one; without it, the fixed
    /// size counts the parts themselves.
    pub fn size_weighted(&self, work: Work, weight: usize) -> usize {
        match self.mode {
            Mode::Timed(_) => (self.size(work) / weight.max(1)).max(1),
            _ => self.size(work),
        }
    }

    /// [`Pace::did`] of `n` parts of `weight` items each (sized by [`Pace::size_weighted`]).
    pub fn did_weighted(&mut self, work: Work, n: usize, weight: usize) {
        let weight = weight.max(1);
        let asked = self.size_weighted(work, weight).saturating_mul(weight);
        self.record(work, n.saturating_mul(weight), asked);
    }

    /// The unit being run did `items` of `work` (a part of the size [`Pace::size`] gave, or fewer at the
    /// end of the work). Nothing done is not recorded.
    pub fn did(&mut self, work: Work, items: usize) {
        self.record(work, items, self.size(work));
    }

    fn record(&mut self, work: Work, items: usize, asked: usize) {
        if items == 0 {
            return;
        }
        self.unit = Some(match self.unit {
            None => Did::Work(work, items, asked),
            Some(Did::Work(w, n, size)) if w == work => Did::Work(w, n.saturating_add(items), size),
            Some(Did::Work(w, n, _) | Did::Mixed(w, n)) => Did::Mixed(w, n),
        });
    }

    /// What the unit being run has done (until [`Pace::took`] or the next unit): its kind of work (the
    /// first, when it did more than one), its items of that kind, and whether it did other kinds too.
    pub fn unit_did(&self) -> Option<(Work, usize, bool)> {
        match self.unit? {
            Did::Work(work, items, _) => Some((work, items, false)),
            Did::Mixed(work, items) => Some((work, items, true)),
        }
    }

    /// The unit just run took `ms`: the rate of its kind of work is updated, and so the size of its next
    /// part. A unit that did nothing recorded (or parts of two kinds) teaches nothing.
    pub fn took(&mut self, ms: f64) {
        let Some(Did::Work(work, items, size)) = self.unit.take() else {
            return;
        };
        if !self.timed() || items == 0 || ms.is_nan() {
            return;
        }
        let at = match self.kinds.iter().position(|k| k.work == work) {
            Some(at) => at,
            None => {
                self.kinds.push(Measured {
                    work,
                    per_ms: None,
                    limit: work.first.max(1),
                });
                self.kinds.len() - 1
            }
        };
        let known = &mut self.kinds[at];
        if ms >= MIN_MEASURED_MS {
            let rate = items as f64 / ms;
            known.per_ms = Some(match known.per_ms {
                // Slower: believed at once. Faster: a quarter of the way (a rate that drifts up on a few fast
                // parts would make the next slow one long).
                Some(old) if rate > old => old + (rate - old) / 4.0,
                _ => rate,
            });
        }
        // A full part says how far the next may grow; the last, short part of a pass says nothing of it.
        if items >= size {
            known.limit = items.saturating_mul(GROWTH);
        }
    }

    /// The measured rate of `work` in items per millisecond, if it has been measured.
    pub fn rate(&self, work: Work) -> Option<f64> {
        self.kinds.iter().find(|k| k.work == work)?.per_ms
    }
}

/// Memory cleared ahead of writes at random places (items: KiB), so that its first touch (the system's
/// page faults: about a millisecond for a few MB) is a part of its own, not a surprise in the next.
pub const CLEARING: Work = Work::new("clearing memory", usize::MAX, 512);

/// Grows `v` towards `len` default items, a part of [`CLEARING`] at a time; true once it holds them.
/// (All at once, without time sizing, an empty `v` is allocated cleared: the system then clears its
/// pages as they are first written.)
pub fn clear_part<T: Clone + Default>(v: &mut Vec<T>, len: usize, pace: &mut Pace) -> bool {
    if v.len() >= len {
        return true;
    }
    let per_kib = (1024 / size_of::<T>().max(1)).max(1);
    let kib = pace.size(CLEARING);
    let to = len.min(v.len().saturating_add(kib.saturating_mul(per_kib)));
    let items = (to - v.len()).div_ceil(per_kib);
    if v.is_empty() && to == len && !pace.one_part() {
        *v = vec![T::default(); len];
    } else {
        v.reserve_exact(len - v.len());
        v.resize(to, T::default());
    }
    pace.did(CLEARING, items);
    to == len
}

/// What one part of a piece of work did: some items of its kind (and whether that ended this kind of
/// its work, so that without time sizing the unit goes on with the next), or the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part<T> {
    Did { items: usize, ended: bool },
    Done(T),
}

/// One unit of a piece of work done in parts by `part`: one part when the pace says so
/// ([`Pace::one_part`]), else parts until one is cut short by its size; the result once a part gives
/// it. A part that did nothing (a kind with nothing to do) does not count: the unit goes on. Each part
/// must make progress.
pub fn run<T>(pace: &mut Pace, mut part: impl FnMut(&mut Pace) -> Part<T>) -> Option<T> {
    loop {
        match part(pace) {
            Part::Done(out) => return Some(out),
            Part::Did { items, ended } => {
                if items > 0 && (pace.one_part() || !ended) {
                    return None;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: Work = Work::new("hashing keys", 25_000, 1_000);
    const SORT: Work = Work::new("sorting keys", usize::MAX, 4_000);

    /// Runs one unit of `items` of `work` that a fake clock says took `ms`.
    fn unit(pace: &mut Pace, work: Work, items: usize, ms: f64) {
        pace.unit();
        pace.did(work, items);
        pace.took(ms);
    }

    #[test]
    fn without_a_budget_parts_have_their_fixed_sizes() {
        let mut pace = Pace::fixed();
        assert!(!pace.timed() && pace.budget_ms().is_none());
        assert_eq!(pace.size(HASH), 25_000);
        assert_eq!(pace.size(SORT), usize::MAX);
        unit(&mut pace, HASH, 25_000, 100.0);
        assert_eq!(pace.size(HASH), 25_000, "no timing without a budget");
        assert_eq!(Pace::whole().size(HASH), usize::MAX);
        assert!(!Pace::whole().timed());
        // A fixed size of 0 is still one item.
        assert_eq!(pace.size(Work::new("none", 0, 0)), 1);
    }

    #[test]
    fn given_sizes_are_used_in_turn_one_per_unit() {
        let mut pace = Pace::parts(&[3, 0, 7]);
        assert!(pace.one_part() && !pace.timed());
        assert_eq!((pace.size(HASH), pace.size(SORT)), (3, 3));
        pace.unit();
        assert_eq!(pace.size(HASH), 1, "never 0");
        pace.unit();
        pace.unit();
        assert_eq!(pace.size(SORT), 3);
        assert!(Pace::with_budget(1.0).one_part() && !Pace::fixed().one_part());
    }

    #[test]
    fn a_new_kind_starts_small() {
        let mut pace = Pace::with_budget(1.0);
        assert!(pace.timed());
        assert_eq!(pace.budget_ms(), Some(1.0));
        assert_eq!(pace.size(HASH), 1_000);
        unit(&mut pace, HASH, 1_000, 0.5);
        // Another kind, or the same name for another strategy, knows nothing of it.
        assert_eq!(pace.size(SORT), 4_000);
        assert_eq!(pace.size(HASH.of("ring")), 1_000);
        assert_ne!(pace.size(HASH), 1_000);
        assert_eq!(HASH, HASH.in_parts_of(7), "sizes are not part of the kind");
        assert_eq!(HASH.of("ring").to_string(), "hashing keys (ring)");
    }

    #[test]
    fn a_unit_that_took_twice_the_budget_halves_the_next() {
        let mut pace = Pace::with_budget(2.0);
        unit(&mut pace, HASH, 1_000, 4.0);
        assert_eq!(pace.size(HASH), 500);
        // Slower again: believed at once.
        unit(&mut pace, HASH, 500, 10.0);
        assert_eq!(pace.size(HASH), 100);
        assert_eq!(pace.rate(HASH), Some(50.0));
    }

    #[test]
    fn growth_is_bounded_and_faster_rates_count_a_quarter() {
        let mut pace = Pace::with_budget(1.0);
        // A hundred times faster than the budget: the next part only doubles.
        unit(&mut pace, HASH, 1_000, 0.01 * 1.0 + MIN_MEASURED_MS);
        assert_eq!(pace.size(HASH), 2_000);
        let mut size = pace.size(HASH);
        for _ in 0..5 {
            // Each part at 10,000 items per ms: growth doubles until the rate is reached.
            unit(&mut pace, HASH, size, size as f64 / 10_000.0);
            let next = pace.size(HASH);
            assert!(next <= 2 * size, "{size} → {next}");
            size = next;
        }
        assert_eq!(size, 10_000, "the budget at the measured rate");
        // A faster measurement counts a quarter of the way: 10,000 and 30,000 items per ms make 15,000.
        unit(&mut pace, HASH, 10_000, 10_000.0 / 30_000.0);
        assert_eq!(pace.size(HASH), 15_000);
        // Too short to measure: the rate stays, the part may only double.
        let mut pace = Pace::with_budget(1.0);
        unit(&mut pace, SORT, 4_000, 0.001);
        assert_eq!((pace.rate(SORT), pace.size(SORT)), (None, 8_000));
    }

    #[test]
    fn the_short_last_part_of_a_pass_does_not_shrink_the_next() {
        let mut pace = Pace::with_budget(1.0);
        let mut size = pace.size(HASH);
        for _ in 0..4 {
            unit(&mut pace, HASH, size, size as f64 / 10_000.0);
            size = pace.size(HASH);
        }
        assert_eq!(size, 10_000);
        // The pass ends with 37 items, measured fast but partial: the limit stays.
        unit(&mut pace, HASH, 37, 0.001);
        assert_eq!(pace.size(HASH), 10_000);
        // Partial and slow: the rate still counts.
        unit(&mut pace, HASH, 37, 0.5);
        assert_eq!(pace.size(HASH), 74);
    }

    #[test]
    fn weighted_parts_are_measured_by_their_items() {
        let mut pace = Pace::with_budget(1.0);
        // 1,000 items at first: 10 keys of 100 nodes each.
        assert_eq!(pace.size_weighted(HASH, 100), 10);
        pace.unit();
        pace.did_weighted(HASH, 10, 100);
        pace.took(0.5);
        // 2,000 items per ms, whatever the weight: 20 keys of 100 nodes, or 500 of 4.
        assert_eq!(pace.size_weighted(HASH, 100), 20);
        assert_eq!(pace.size_weighted(HASH, 4), 500);
        assert_eq!(pace.size_weighted(HASH, 1_000_000), 1, "never 0");
        assert_eq!(
            Pace::fixed().size_weighted(HASH, 100),
            25_000,
            "fixed sizes count parts"
        );
    }

    #[test]
    fn memory_is_cleared_a_part_at_a_time() {
        let mut v: Vec<u64> = Vec::new();
        let mut pace = Pace::parts(&[1]);
        let mut parts = 0;
        while !clear_part(&mut v, 1000, &mut pace) {
            parts += 1;
            pace.unit();
        }
        // 128 u64 to a KiB: eight parts.
        assert_eq!((parts, v.len()), (7, 1000));
        assert!(v.iter().all(|&x| x == 0));
        let mut w: Vec<u32> = Vec::new();
        assert!(clear_part(&mut w, 5000, &mut Pace::whole()));
        assert_eq!(w, vec![0; 5000]);
    }

    #[test]
    fn a_unit_of_two_kinds_or_none_teaches_nothing() {
        let mut pace = Pace::with_budget(1.0);
        pace.unit();
        pace.did(HASH, 1_000);
        pace.did(SORT, 4_000);
        pace.took(100.0);
        assert_eq!((pace.size(HASH), pace.size(SORT)), (1_000, 4_000));
        pace.unit();
        pace.took(100.0);
        // Two parts of one kind in a unit add up.
        pace.unit();
        pace.did(HASH, 600);
        pace.did(HASH, 400);
        pace.took(2.0);
        assert_eq!(pace.size(HASH), 500);
        // Turned off: the fixed sizes again; on again: what was measured is kept.
        pace.set_budget(None);
        assert_eq!(pace.size(HASH), 25_000);
        pace.set_budget(Some(1.0));
        assert_eq!(pace.size(HASH), 500);
        pace.set_budget(Some(f64::NAN));
        assert!(!pace.timed());
    }
}
