//! The page's model: the inputs ([`Params`]) and the notices about the link they came from, the derived
//! results, and the questions the views ask. One [`Msg`] enum of user intents ([`App::apply`], in
//! [`msg`]) and one scheduler ([`App::advance`]) that makes the results current a bounded unit at a time.
//!
//! Units are sized by the time they take once the page asks for that ([`App::set_budget`], then
//! [`App::took`] after each unit): the [`Pace`] scales each kind of work's next part to the budget.
//! Without it (natively, in tests) parts have fixed sizes. How work is split never changes a number.
//!
//! Each derived result is its own type, in its own file, with what it was made from and its partial
//! state, and advances itself one unit:
//! * [`stores`]: what the stages draw on (the key set, hashed a chunk at a time; virtual-node hashes;
//!   placements kept by key number);
//! * [`placing`]: the chosen strategy's placements before and after the change;
//! * [`counting`]: `hash % N`'s moves, then the counts, balance and movement (the [`Report`]'s rows);
//! * [`lists`]: preference lists before and after the change, and the copies;
//! * [`serving`]: key popularity and the pass over the keys (the [`Service`] numbers);
//! * [`at_rest`]: the balance curve and the comparison, made when the sliders rest.
//!
//! [`report`] holds what the page prints; [`arcs`] answers the ring's hover.

#[cfg(test)]
mod any_split;
mod arcs;
mod at_rest;
mod counting;
mod lists;
mod msg;
mod placing;
mod report;
mod serving;
mod stores;
mod time;
mod wanted;

#[cfg(not(target_arch = "wasm32"))]
pub use crate::consistency::model::Shown;
pub use arcs::ArcInfo;
pub use at_rest::{CurvePoint, CURVE_VNODES};
pub use msg::Msg;
pub use report::{HotKey, NodeRow, Report, Service};
pub use wanted::Wanted;

use crate::compare::CompareRow;
use crate::consistency::model::{Inputs, Summary, Want};
use crate::pace::Pace;
use crate::params::{self, Change, Notice, Params};
use crate::ring::{KeySet, Ring};
use crate::strategy::{self, Picture, Step, Strategy};
use at_rest::AtRest;
use counting::Counting;
use lists::Lists;
use placing::Placing;
use serde::Serialize;
use serving::Serving;
use stores::Stores;
use time::TimeSide;

/// The whole app: the inputs, the stages that derive the numbers from them, and the numbers.
pub struct App {
    params: Params,
    /// What the last link had that was not used.
    notices: Vec<Notice>,
    stores: Stores,
    placing: Placing,
    counting: Counting,
    lists: Lists,
    serving: Serving,
    /// The time views: what they are made from, and what they said (natively, the model itself).
    time: TimeSide,
    at_rest: AtRest,
    /// Every node that appears before or after the change, as counted; node ids index this list.
    names: Vec<String>,
    /// The numbers the page prints (counting writes its rows, serving its service numbers).
    report: Report,
    /// Counts the times the numbers became current: what the picture and tables show changes only when
    /// this does.
    generation: u64,
    /// Whether the time views' numbers (the history, the staleness model) are wanted: a page makes them
    /// once they are shown ([`App::show_time`]); natively, always.
    time_shown: bool,
    /// How many items each unit's part of each kind of work takes.
    pace: Pace,
}

/// Keys hashed per unit of work ([`App::advance`]) without time sizing: about 10 ms of MD5 in the browser.
pub const KEYS_CHUNK: u32 = crate::ring::HASHING_KEYS.fixed as u32;
/// Keys per unit of the cheaper passes over the keys (popularity, requests) without time sizing.
pub const CHUNK: u32 = crate::replication::SERVING.fixed as u32;
/// Staleness trials per unit natively (the page's time module paces its own).
#[cfg(not(target_arch = "wasm32"))]
const TRIALS: crate::pace::Work = crate::pace::Work::new(
    "staleness trials",
    crate::consistency::pbs::PBS_CHUNK as usize,
    300,
);

/// What the app is computing, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Progress {
    pub stage: Stage,
    /// Fraction of the stage done (hashing only; other stages are 1).
    pub done: f64,
}

/// A stage of the computation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Stage {
    /// MD5 of the keys not hashed yet.
    Hashing,
    /// The strategy's placements before and after the change.
    Placing,
    /// Counts, balance and movement.
    Counting,
    /// Preference lists, failures, requests and the cache.
    Serving,
    /// The watched key's simulated history, judged.
    History,
    /// The PBS model's Monte Carlo.
    Staleness,
}

impl Stage {
    /// True for the time views' stages (the history and the staleness model), which run after the rest.
    pub fn is_time(self) -> bool {
        matches!(self, Stage::History | Stage::Staleness)
    }

    /// What the page says while it runs.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Hashing => "Hashing keys",
            Stage::Placing => "Placing keys",
            Stage::Counting => "Counting",
            Stage::Serving => "Replicas and requests",
            Stage::History => "Simulating a history",
            Stage::Staleness => "Staleness trials",
        }
    }
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("params", &self.params)
            .field("report", &self.report)
            .finish_non_exhaustive()
    }
}

impl App {
    /// The app for these inputs, computed.
    pub fn new(params: Params) -> App {
        let mut app = App::uncomputed(params);
        app.recompute();
        app
    }

    /// The app for these inputs, with nothing computed yet: [`App::advance`] computes it a unit at a time.
    pub fn uncomputed(mut params: Params) -> App {
        params.normalize();
        App {
            params,
            notices: Vec::new(),
            stores: Stores::default(),
            placing: Placing::default(),
            counting: Counting::default(),
            lists: Lists::default(),
            serving: Serving::default(),
            time: TimeSide::default(),
            at_rest: AtRest::default(),
            names: Vec::new(),
            report: Report::default(),
            generation: 0,
            time_shown: true,
            pace: Pace::fixed(),
        }
    }

    /// The app a link opens, with the notices about what the link had that was not used.
    pub fn from_fragment(fragment: &str) -> App {
        let mut app = App::uncomputed_from_fragment(fragment);
        app.recompute();
        app
    }

    /// The same, with nothing computed yet ([`App::advance`]).
    pub fn uncomputed_from_fragment(fragment: &str) -> App {
        let (params, notices) = Params::from_fragment(fragment);
        let mut app = App::uncomputed(params);
        app.notices = notices;
        app
    }

    /// Applies a user intent and recomputes what it changed; true when anything shown changed.
    pub fn update(&mut self, msg: Msg) -> bool {
        let changed = self.apply(msg);
        self.recompute();
        changed
    }

    /// Makes every number current for the inputs, in one go.
    fn recompute(&mut self) {
        while self.advance() {}
    }

    /// Does the next unit of the work that makes the numbers current for the inputs, and returns true;
    /// returns false when they are current. Each unit is bounded, so a page can take input between units
    /// (a newer input simply changes what the next unit computes): a part of one kind of work (keys
    /// hashed, a placement, the counts, the preference lists, the service numbers: sized by
    /// [`App::set_budget`] and [`App::took`], else of fixed sizes, at most [`KEYS_CHUNK`] keys hashed).
    /// The unit that makes them current changes [`App::generation`].
    pub fn advance(&mut self) -> bool {
        self.pace.unit();
        let Some(stage) = self.next_stage() else {
            return false;
        };
        let (p, pace) = (&self.params, &mut self.pace);
        match stage {
            Stage::Hashing => {
                self.stores.keys.resize_part(p.keys, pace);
            }
            Stage::Placing => self.placing.advance(p, &mut self.stores, pace),
            Stage::Counting => {
                if let Some(counted) =
                    self.counting
                        .advance(p, &mut self.stores, &self.placing, pace)
                {
                    (self.report, self.names) = (counted.report, counted.names);
                }
            }
            Stage::Serving if !self.lists.current(p, &self.placing) => {
                self.lists
                    .advance(p, &mut self.stores, &self.placing, &self.report, pace)
            }
            Stage::Serving => self.serving.advance(
                p,
                (&self.stores, &self.placing, &self.lists),
                &self.names,
                &mut self.report,
                pace,
            ),
            #[cfg(not(target_arch = "wasm32"))]
            Stage::History | Stage::Staleness => {
                let inputs = self.time_inputs().expect("the numbers are current");
                let pace = &mut self.pace;
                // A trial's cost grows with the replicas it samples.
                let weight = inputs.pbs_replicas.max(1) as usize;
                let trials = pace.size_weighted(TRIALS, weight).min(u32::MAX as usize) as u32;
                if stage == Stage::Staleness {
                    let left = (1.0 - self.time.model.done(&inputs)) * inputs.trials as f64;
                    let trials = (trials as usize).min(left.round() as usize);
                    pace.did_weighted(TRIALS, trials, weight);
                }
                self.time.model.advance(&inputs, trials);
                let summary = self.time.model.summary(&inputs);
                self.time.receive(inputs, summary);
            }
            #[cfg(target_arch = "wasm32")]
            Stage::History | Stage::Staleness => unreachable!("made by the time module"),
        }
        let next = self.next_stage();
        if !stage.is_time() && next.is_none_or(Stage::is_time) {
            self.generation += 1;
        }
        true
    }

    /// The stage the next unit of work belongs to: the first whose numbers are not current for the
    /// inputs.
    fn next_stage(&self) -> Option<Stage> {
        let p = &self.params;
        if !self.stores.keys.holds(p.keys) {
            Some(Stage::Hashing)
        } else if !self.placing.current(p) {
            Some(Stage::Placing)
        } else if !self.counting.current(&self.placing) {
            Some(Stage::Counting)
        } else if !self.lists.current(p, &self.placing) || !self.serving.current(p, &self.placing) {
            Some(Stage::Serving)
        } else {
            self.native_time_stage()
        }
    }

    /// Natively, the time views' stage next (the page's time module makes them there).
    #[cfg(not(target_arch = "wasm32"))]
    fn native_time_stage(&self) -> Option<Stage> {
        use crate::consistency::model::Stage as Time;
        if !self.time_shown {
            return None;
        }
        match self.time.model.next_stage(&self.time_inputs()?)? {
            Time::History => Some(Stage::History),
            Time::Staleness => Some(Stage::Staleness),
        }
    }

    #[cfg(target_arch = "wasm32")]
    fn native_time_stage(&self) -> Option<Stage> {
        None
    }

    /// What the time views are made from, once the numbers they read are current (None before): the
    /// watched key's nodes in force and the link's time settings, and which views are wanted.
    pub fn time_inputs(&self) -> Option<Inputs> {
        let p = &self.params;
        let current = self.stores.keys.holds(p.keys)
            && self.placing.current(p)
            && self.counting.current(&self.placing);
        let wanted = self.wanted();
        let want = Want {
            history: wanted.history,
            staleness: wanted.staleness,
        };
        current.then(|| time::inputs(p, &self.stores, &self.placing, &self.names, want))
    }

    /// Keeps what the time views said of their results for `inputs` (the page's time module answers).
    pub fn receive_time(&mut self, inputs: Inputs, summary: Summary) {
        self.time.receive(inputs, summary);
    }

    /// What the time views said of their results, when that is for the current inputs.
    pub fn time_summary(&self) -> Option<&Summary> {
        self.time.summary(&self.time_inputs()?)
    }

    /// Says whether the time views are shown: when they are not, their numbers (the watched key's history
    /// and the staleness model) are not computed. True when they were not and now are.
    pub fn show_time(&mut self, shown: bool) -> bool {
        let newly = shown && !self.time_shown;
        self.time_shown = shown;
        newly
    }

    /// Which views the page shows for the inputs, so which it computes ([`Wanted::of`]).
    pub fn wanted(&self) -> Wanted {
        Wanted::of(&self.params)
    }

    /// True when the time views' numbers are computed ([`App::show_time`]).
    pub fn time_shown(&self) -> bool {
        self.time_shown
    }

    /// What is being computed now (None when every number is current): for a progress bar.
    pub fn progress(&self) -> Option<Progress> {
        let stage = self.next_stage()?;
        let keys = self.params.keys;
        let done = match stage {
            Stage::Hashing => self.stores.keys.hashed_of(keys) as f64 / keys.max(1) as f64,
            #[cfg(not(target_arch = "wasm32"))]
            Stage::Staleness => self.time_inputs().map_or(0.0, |i| self.time.model.done(&i)),
            _ => 1.0,
        };
        Some(Progress { stage, done })
    }

    /// One step of the work done when the sliders rest: the next point of the balance curve, or else the
    /// next strategy of the comparison (`clock` reads milliseconds, to time lookups). False when there was
    /// nothing left to do. Each step is bounded (a part of a curve point, of a placement, a change, the
    /// counts, or of one timing of the lookups: [`crate::compare::MakingRow`]; sized as
    /// [`App::advance`]'s units are), so the page can take input between steps.
    pub fn rest_step(&mut self, clock: &mut dyn FnMut() -> f64) -> bool {
        self.pace.unit();
        self.at_rest
            .step(&self.params, &mut self.stores, clock, &mut self.pace)
    }

    /// Sizes units by the time they take: each unit of [`App::advance`] and [`App::rest_step`] then does
    /// one part of one kind of work, of as many items as that kind's measured rate fits in `budget_ms`
    /// (the page measures each unit and says how long it took: [`App::took`]); a kind not measured yet
    /// starts small, and a part grows at most [`crate::pace::GROWTH`]-fold per unit. `None` (or a budget
    /// that is not a positive number): the fixed sizes again. What was measured is kept. The numbers are
    /// the same whatever the sizes.
    pub fn set_budget(&mut self, budget_ms: Option<f64>) {
        self.pace.set_budget(budget_ms);
    }

    /// The unit just run ([`App::advance`] or [`App::rest_step`]) took `ms` milliseconds: the pace of its
    /// kind of work is updated, and so the size of that kind's next part. Ignored without a budget.
    pub fn took(&mut self, ms: f64) {
        self.pace.took(ms);
    }

    /// How units are sized, and what was measured of each kind of work.
    pub fn pace(&self) -> &Pace {
        &self.pace
    }

    /// The balance curve for the current nodes and keys, if it has been computed since they last
    /// changed.
    pub fn curve(&self) -> Option<&[CurvePoint]> {
        self.at_rest.curve(&self.params)
    }

    /// The curve's last result, even if the nodes or keys have changed since (to show it as stale).
    pub fn last_curve(&self) -> Option<&[CurvePoint]> {
        self.at_rest.last_curve()
    }

    /// Computes how evenly the current keys spread over the current nodes at each of [`CURVE_VNODES`]
    /// virtual nodes: one ring and one linear merge per point. Costs up to ~10 rings' work, so the page
    /// runs it when the sliders rest, a point at a time ([`App::rest_step`]).
    pub fn compute_curve(&mut self) -> &[CurvePoint] {
        while self.at_rest.curve(&self.params).is_none() {
            self.at_rest
                .curve_step(&self.params, &mut self.stores, &mut Pace::whole());
        }
        self.curve().expect("just computed")
    }

    /// Every strategy on the current nodes, keys and change, if it has been computed since they last
    /// changed.
    pub fn comparison(&self) -> Option<&[CompareRow]> {
        self.at_rest.comparison(&self.params)
    }

    /// The comparison's rows for the current inputs so far: all of them once it is complete.
    pub fn comparison_so_far(&self) -> &[CompareRow] {
        self.at_rest.comparison_so_far(&self.params)
    }

    /// Runs every strategy on the current inputs ([`crate::compare::row`]); `clock` reads a time in
    /// milliseconds, to measure lookups. Costs several placements, so the page runs it when the sliders
    /// rest, a strategy at a time ([`App::rest_step`]).
    pub fn compute_comparison(&mut self, clock: &mut dyn FnMut() -> f64) -> &[CompareRow] {
        while self.at_rest.comparison(&self.params).is_none() {
            self.at_rest
                .comparison_step(&self.params, &mut self.stores, clock, &mut Pace::whole());
        }
        self.comparison().expect("just computed")
    }

    /// What the course page's own script would print as "Keys moved" for this experiment, when it is the
    /// one that script runs (db2 removed from db1, db2, db3): it guesses each key's old node as db2 when
    /// `i % 3 == 1`, so it counts every third key, whatever the ring does (3333 for 10,000 keys).
    pub fn seed_printout(&self) -> Option<u64> {
        let p = &self.params;
        let seed_nodes = p.nodes.iter().map(String::as_str).eq(params::DEFAULT_NODES);
        let seed_ring = p.strategy == params::STRATEGY_DEFAULT;
        (seed_ring && seed_nodes && p.change == Some(Change::Remove("db2".into())))
            .then(|| (p.keys as u64 + 1) / 3)
    }

    /// The inputs.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// What the last link had that was not used.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// The chosen strategy.
    pub fn strategy(&self) -> &'static dyn Strategy {
        chosen(&self.params)
    }

    /// Names of every node in play, indexed by node id (the added node last).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The keys, sorted by position.
    pub fn keys(&self) -> &KeySet {
        &self.stores.keys
    }

    /// Owner id of each key (in [`KeySet::positions`] order) before the change.
    pub fn owners_before(&self) -> &[u32] {
        self.placing.owners_before()
    }

    /// Owner id of each key after the change, if there is one.
    pub fn owners_after(&self) -> Option<&[u32]> {
        self.placing.owners_after()
    }

    /// True when there is a change to show.
    pub fn changing(&self) -> bool {
        self.placing.after().is_some()
    }

    /// The node id of index `local` of the placement after the change (if `after` and there is one) or
    /// before it.
    pub fn node_id(&self, after: bool, local: u32) -> u32 {
        self.placing.node_id(after, local)
    }

    /// The strategy's structure after the change (if `after` and there is one) or before it; its node
    /// indices become ids through [`App::node_id`].
    pub fn picture(&self, after: bool) -> Picture<'_> {
        self.placing.picture(after)
    }

    /// The ring before the change, when the strategy has one.
    pub fn ring_before(&self) -> Option<&Ring> {
        self.ring(false)
    }

    /// The ring after the change, when there is a change and the strategy has a ring (its node indices
    /// become ids through [`App::node_id`]).
    pub fn ring_after(&self) -> Option<&Ring> {
        self.placing.after().and(self.ring(true))
    }

    /// Live replicas of each key in the system in force (key-position order): 0 is unavailable. Empty
    /// when no node is down (every key has all its replicas).
    pub fn live_replicas(&self) -> &[u8] {
        self.serving.live()
    }

    /// Natively: the watched key's history (simulated, or the link's hand-made one), once made.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn history(&self) -> Option<&Shown> {
        self.time.model.history().map(|s| s.as_ref())
    }

    /// Natively: the history, only when it is that of the current inputs.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn current_history(&self) -> Option<&Shown> {
        let inputs = self.time_inputs()?;
        self.time.model.current_history(&inputs).map(|s| s.as_ref())
    }

    /// Natively: the PBS model, only when it is that of the current inputs.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn current_staleness(&self) -> Option<&crate::consistency::pbs::Pbs> {
        let inputs = self.time_inputs()?;
        self.time
            .model
            .current_staleness(&inputs)
            .map(|s| s.as_ref())
    }

    /// Natively: the PBS model for the watched key's R in force and the latency environment, once made.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn staleness(&self) -> Option<&crate::consistency::pbs::Pbs> {
        self.time.model.staleness().map(|s| s.as_ref())
    }

    /// Changes whenever the numbers become current after a change of the inputs (and only then); the time
    /// views' numbers are current when [`App::time_summary`] is.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The numbers the page prints.
    pub fn report(&self) -> &Report {
        &self.report
    }
}

/// The strategy the inputs choose.
fn chosen(p: &Params) -> &'static dyn Strategy {
    strategy::by_name(p.strategy).unwrap_or(strategy::ALL[0])
}

/// `change` of `nodes` as a strategy step (the change was checked against the nodes).
fn step<'a>(nodes: &[String], change: &'a Change) -> Step<'a> {
    match change {
        Change::Remove(x) => Step::Remove(
            nodes
                .iter()
                .position(|n| n == x)
                .expect("a checked removal names a node"),
        ),
        Change::Add(x) => Step::Add(x),
    }
}

/// The settings `strategy` reads, the others zeroed (so that changing them changes no placement).
fn used_settings(strategy: &dyn Strategy, s: strategy::Settings) -> strategy::Settings {
    let uses = strategy.uses();
    strategy::Settings {
        vnodes: if uses.vnodes { s.vnodes } else { 0 },
        shards: if uses.shards { s.shards } else { 0 },
        c100: if uses.c { s.c100 } else { 0 },
        weights: if uses.weights {
            s.weights
        } else {
            Default::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_printout_is_every_third_key() {
        let app = App::from_fragment("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
        let counted = (0..10_000u32).filter(|i| i % 3 == 1).count() as u64;
        assert_eq!(app.seed_printout(), Some(counted));
        assert_eq!(counted, 3333);
        assert_eq!(
            App::from_fragment("keys=101&remove=db2").seed_printout(),
            Some(34)
        );
        assert_eq!(App::from_fragment("remove=db1").seed_printout(), None);
        // It is the ring's script: another strategy's count is not what it guessed at.
        assert_eq!(
            App::from_fragment("remove=db2&strategy=shards").seed_printout(),
            None
        );
        assert_eq!(
            App::from_fragment("nodes=db1,db2,db3,db4&remove=db2").seed_printout(),
            None
        );
    }

    #[test]
    fn advancing_a_unit_at_a_time_reaches_the_same_numbers() {
        let link =
            "nodes=db1,db2,db3,db4&vnodes=40&keys=60000&remove=db3&replicas=3&zipf=1.00&fail=db1";
        let whole = App::from_fragment(link);
        let mut app = App::uncomputed_from_fragment(link);
        let mut units = 0;
        let mut hashing = 0;
        while app.advance() {
            units += 1;
            if matches!(
                app.progress(),
                Some(Progress {
                    stage: Stage::Hashing,
                    ..
                })
            ) {
                hashing += 1;
            }
        }
        assert!(app.progress().is_none());
        // 60,000 keys hashed in chunks of 25,000, sorted, merged in, the set made; the virtual nodes
        // hashed; two placements; hash % N's placement before the change, then its moves; the counts;
        // the lists before and after, each made then counted; the popularity by number, by position,
        // and its total; the pass over the keys; the watched key's history; the staleness model's
        // 100,000 trials a chunk at a time, and its result.
        let trials =
            crate::consistency::pbs::PBS_TRIALS.div_ceil(crate::consistency::pbs::PBS_CHUNK);
        assert_eq!(
            units,
            6 + 1 + 2 + 3 + 2 * 2 + 3 + 1 + 1 + trials as usize + 1
        );
        assert_eq!(
            hashing, 5,
            "progress is reported while keys are being hashed"
        );
        assert_eq!(app.report(), whole.report());
        assert_eq!(app.generation(), 1, "one computation: one generation");
        assert!(!app.advance(), "nothing left");
        assert_eq!(app.generation(), 1);
    }

    #[test]
    fn inputs_applied_between_units_win() {
        // A drag: each step is applied after a unit or two of the previous one's work.
        let mut app = App::from_fragment("nodes=db1,db2,db3&vnodes=100&keys=30000&remove=db2");
        for v in (90..100).rev() {
            assert!(app.apply(Msg::SetVnodes(v)));
            app.advance();
            if v % 2 == 0 {
                app.advance();
            }
        }
        assert!(app.apply(Msg::SetKeys(70_000)));
        app.advance();
        assert!(app.apply(Msg::SetKeys(50_000)));
        while app.advance() {}
        let fresh = App::from_fragment("nodes=db1,db2,db3&vnodes=90&keys=50000&remove=db2");
        assert_eq!(app.report(), fresh.report());
        assert_eq!(app.owners_before(), fresh.owners_before());
        assert_eq!(app.owners_after(), fresh.owners_after());
    }

    #[test]
    fn the_time_views_wait_until_shown_and_do_not_change_the_generation() {
        let mut app = App::uncomputed_from_fragment("replicas=3&nodes=db1,db2,db3,db4&trials=3000");
        assert!(!app.show_time(false));
        while app.advance() {}
        assert!(
            app.history().is_none() && app.staleness().is_none() && app.time_summary().is_none(),
            "not shown: not made"
        );
        assert_eq!(app.generation(), 1);
        let inputs = app.time_inputs().expect("the numbers are current");
        assert_eq!(inputs.setup.order.len(), 4);
        assert_eq!((inputs.setup.replicas, inputs.pbs_replicas), (3, 3));
        assert!(app.show_time(true), "newly shown");
        assert_eq!(app.progress().map(|p| p.stage), Some(Stage::History));
        while app.advance() {}
        assert_eq!(app.generation(), 1);
        assert_eq!(app.staleness().unwrap().replicas, 3);
        let summary = app.time_summary().expect("current");
        assert_eq!(summary.pbs.as_ref().unwrap().replicas, 3);
        assert_eq!(summary.history.as_ref().unwrap().ops, 18);
        // A time setting changes only the time views' numbers.
        assert!(app.apply(Msg::SetClients(5)));
        assert!(
            app.time_summary().is_none(),
            "not current for the new settings"
        );
        while app.advance() {}
        assert_eq!(app.generation(), 1);
        assert_eq!(app.history().unwrap().history.clients(), [1, 2, 3, 4, 5]);
        // Any other input changes both (the watched key's replicas may move).
        assert!(app.update(Msg::SetVnodes(20)));
        assert_eq!(app.generation(), 2);
        assert!(app.time_summary().is_some());
    }
}
