//! The page's state: inputs ([`Params`]), the chosen strategy's placement before and after the change, and
//! the [`Report`] the page shows. One [`Msg`] enum of user intents and one [`App::update`].

use crate::compare::{self, CompareRow};
use crate::layout::turn;
use crate::params::{self, Change, Notice, Params};
use crate::placements::{self, Placements};
use crate::replication::{self, Availability, Load, Popularity, Requests};
use crate::ring::{KeySet, Position, Ring, VnodeCache};
use crate::stats::{self, Balance, Movement};
use crate::strategy::{self, Input, Picture, Placed, PlacingInParts, Step, Strategy};
use serde::Serialize;
use std::rc::Rc;

/// What a user can do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    /// Use `n` nodes: keep the first `n` names, or append unused `db{i}` names.
    SetNodeCount(usize),
    /// Use this many virtual nodes per node.
    SetVnodes(u32),
    /// Use this many keys.
    SetKeys(u32),
    /// Show the effect of removing or adding a node, or of nothing.
    SetChange(Option<Change>),
    /// Partition with the strategy of this link name (`ring`, `modn`, …).
    SetStrategy(String),
    /// Use this many virtual shards (strategy `shards`).
    SetShards(u32),
    /// Use this bounded-loads factor, in hundredths (strategy `bounded`).
    SetC(u32),
    /// Keep this many replicas of each key (1..=5).
    SetReplicas(u32),
    /// Use this read quorum r (1..=replicas).
    SetReadQuorum(u32),
    /// Use this write quorum w (1..=replicas).
    SetWriteQuorum(u32),
    /// Mark the named node down (true) or up again (false).
    SetDown(String, bool),
    /// Use this Zipf exponent, in hundredths (0 = every key equally popular).
    SetZipf(u32),
    /// Put the this many most requested keys in a cache in front of the nodes.
    SetCache(u32),
    /// Take every input from a link's fragment.
    OpenFragment(String),
    /// Hide the notices about the last link.
    DismissNotices,
}

impl Msg {
    /// True when this intent makes `older` (still waiting) pointless: the same slider or menu, or the same
    /// node's "down" box.
    pub fn replaces(&self, older: &Msg) -> bool {
        match (self, older) {
            (Msg::SetDown(a, _), Msg::SetDown(b, _)) => a == b,
            _ => std::mem::discriminant(self) == std::mem::discriminant(older),
        }
    }
}

/// One node's line in the load table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeRow {
    pub name: String,
    /// Keys before the change (`None` for an added node).
    pub keys: Option<u64>,
    /// Fraction of all keys before the change.
    pub share: Option<f64>,
    /// Deviation from the ideal load before the change (+0.1 = 10 % above).
    pub deviation: Option<f64>,
    /// Keys after the change (`None` without a change, or for a removed node).
    pub keys_after: Option<u64>,
    pub share_after: Option<f64>,
    pub deviation_after: Option<f64>,
    /// Copies it holds (keys whose preference list contains it), before the change.
    pub copies: Option<u64>,
    /// Copies after the change (`None` without a change, or for a removed node).
    pub copies_after: Option<u64>,
    /// Marked down (`fail=`).
    pub down: bool,
    /// Its share of all requests in parts per million, in the system in force (after the change if there
    /// is one; `None` for a removed node).
    pub requests_ppm: Option<u64>,
    /// Its share of the requests that miss the cache, ppm.
    pub requests_after_cache_ppm: Option<u64>,
}

/// Everything the page prints, derived from the inputs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// The strategy these numbers are for.
    pub strategy: &'static str,
    pub rows: Vec<NodeRow>,
    pub balance: Balance,
    pub balance_after: Option<Balance>,
    pub movement: Option<Movement>,
    /// Why this strategy cannot make this change gracefully, when it cannot.
    pub change_note: Option<String>,
    /// Replication, failures, requests and the cache.
    pub service: Service,
}

/// Replication, failures, quorums, requests and the cache, for the system in force: after the change if
/// there is one (failures apply to the lists after it), else before it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Service {
    /// Replicas per key before the change: min(replicas, nodes).
    pub replicas: u32,
    /// Replicas per key after the change, if there is one.
    pub replicas_after: Option<u32>,
    /// Copies the change must create (names in a key's list after it that were not in it before).
    pub copies_moved: Option<u64>,
    /// Replicas per key in force, and the quorums.
    pub replicas_in_force: u32,
    pub read: u32,
    pub write: u32,
    /// r + w > replicas: every read quorum overlaps the latest write quorum.
    pub overlapping: bool,
    /// Nodes down (ids).
    pub down: Vec<u32>,
    pub availability: Availability,
    pub requests: Requests,
    /// The most requested key when popularity is skewed (s > 0): `user_0`.
    pub hottest: Option<HotKey>,
}

/// The hottest key, where it lives and what each live replica serves of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct HotKey {
    /// Key number: `user_{key}`.
    pub key: u32,
    /// Its share of all requests.
    pub share: f64,
    /// Its preference list in force (ids), and the live ones among them.
    pub replicas: Vec<u32>,
    pub live: Vec<u32>,
}

/// The stretch of the ring one virtual node owns: everything after the previous virtual node, up to and
/// including its own position.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArcInfo {
    /// The virtual node's string, `"node:i"`.
    pub vnode: String,
    /// Its physical node's id.
    pub node: u32,
    /// Where the arc starts (exclusive) and ends (inclusive), in turns; `start > end` when it wraps past 0.
    pub start: f64,
    pub end: f64,
    /// Fraction of the ring it covers.
    pub share: f64,
    /// Keys it owns.
    pub keys: u64,
}

/// The whole app: inputs, caches, the placements before and after the change, and the report.
pub struct App {
    params: Params,
    notices: Vec<Notice>,
    keys: KeySet,
    vnode_cache: VnodeCache,
    /// Every node that appears before or after the change; node ids index this list.
    names: Vec<String>,
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
    /// Placements kept by key number, for slider steps.
    placements: Placements,
    /// Counts the recomputations of the placements and report: what the picture and tables show changes
    /// only when this does.
    generation: u64,
    report: Report,
    /// `hash % N` moved count, for the inputs it depends on (not the virtual nodes): it costs as much as
    /// the rest of an update, and dragging the "Virtual nodes" slider does not change it.
    modulo: Option<(ModuloInputs, u64)>,
    /// Balance by virtual-node count for the current nodes and keys, once computed ([`App::compute_curve`]).
    curve: Option<(CurveInputs, Vec<CurvePoint>)>,
    /// The curve's points so far, while it is computed a point at a time ([`App::rest_step`]).
    curve_partial: Option<(CurveInputs, Vec<CurvePoint>)>,
    /// Every strategy on the current inputs, once computed ([`App::compute_comparison`]).
    comparison: Option<(Params, Vec<CompareRow>)>,
    /// Preference lists before and after the change (ids; `r` per key), for `replicas_for`.
    lists: Lists,
    /// What `lists` and the service numbers were computed from.
    lists_for: Option<(u64, u32)>,
    service_for: Option<ServiceInputs>,
    /// Live replicas of each key in force (for the picture's unavailable keys); empty when none is down.
    live: Vec<u8>,
    /// Key popularity for (keys, Zipf s in hundredths).
    popularity: Option<((u32, u32), Popularity)>,
    /// Generation of the placements (the report's generation also counts service changes).
    placed_generation: u64,
    /// The comparison's rows so far, while it is computed a strategy at a time.
    comparison_partial: Option<(Params, Vec<CompareRow>, Option<compare::MakingRow>)>,
    /// What `before` was placed for (`after` follows it in the next unit of work).
    before_for: Option<PlacedInputs>,
    /// A placement being made in parts: for what inputs, whether it is the one after the change.
    placing: Option<(PlacedInputs, bool, PlacingInParts)>,
    /// Preference lists being made in parts (for the placements generation and R; after the change or
    /// not), so far.
    listing: Option<Listing>,
    /// What the lists before the change were made for (those after it follow in the next unit).
    lists_before_for: Option<(u64, u32)>,
    /// Key popularity being made, a chunk per unit, for (keys, Zipf s in hundredths).
    making_popularity: Option<((u32, u32), replication::MakingPopularity)>,
    /// The pass over the keys for the service numbers, a chunk per unit, for its inputs.
    serving: Option<(ServiceInputs, replication::Pass)>,
    /// The placements generation the report's counts are of.
    counted: u64,
}

/// Preference lists being made a part at a time.
struct Listing {
    /// For the placements generation and R; the lists after the change or before it.
    key: (u64, u32),
    after: bool,
    /// The lists of the keys so far (key-position order).
    so_far: Vec<u32>,
    /// The neighbour's lists they are derived from, if any.
    derive: Option<placements::Derive>,
}

/// Keys hashed per unit of work ([`App::advance`]): about 10 ms of MD5 in the browser.
pub const KEYS_CHUNK: u32 = 25_000;
/// Keys per unit of the cheaper passes over the keys (popularity, requests).
pub const CHUNK: u32 = 125_000;

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
}

impl Stage {
    /// What the page says while it runs.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Hashing => "Hashing keys",
            Stage::Placing => "Placing keys",
            Stage::Counting => "Counting",
            Stage::Serving => "Replicas and requests",
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

/// Virtual-node counts the balance curve is computed at.
pub const CURVE_VNODES: [u32; 11] = [1, 2, 5, 10, 20, 50, 100, 150, 200, 500, 1000];

/// Balance of the current nodes and keys with `vnodes` virtual nodes each.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurvePoint {
    pub vnodes: u32,
    pub balance: Balance,
}

type ModuloInputs = (u32, Vec<String>, Option<Change>);
/// What the service numbers depend on beyond the lists: placements generation, replicas, r, w, down
/// nodes, Zipf s, cache.
type ServiceInputs = (u64, u32, u32, u32, Vec<String>, u32, u32);

/// Preference lists of every key, in key-position order, `r` ids per key.
#[derive(Clone, Debug, Default)]
struct Lists {
    /// Empty when `r_before` is 1: the lists are the owners ([`App::owners_before`]).
    before: Rc<Vec<u32>>,
    r_before: usize,
    /// Empty when `r_after` is 1: the lists are the owners after the change ([`App::owners_after`]).
    after: Option<Rc<Vec<u32>>>,
    r_after: usize,
    /// Copies per node id, before and after the change.
    copies_before: Vec<u64>,
    copies_after: Option<Vec<u64>>,
}
/// What the balance curve depends on: the node names and the number of keys.
type CurveInputs = (Vec<String>, u32);
/// What a placement depends on: the strategy, nodes, keys, change, and the settings the strategy reads.
type PlacedInputs = (
    &'static str,
    Vec<String>,
    u32,
    Option<Change>,
    strategy::Settings,
);

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
        let empty = || {
            Rc::new(Placed {
                owners: Vec::new(),
                table: Rc::new(crate::strategy::EmptyTable),
            })
        };
        App {
            params,
            notices: Vec::new(),
            keys: KeySet::default(),
            vnode_cache: VnodeCache::default(),
            names: Vec::new(),
            before: empty(),
            after: None,
            after_ids: Vec::new(),
            owners_after: None,
            placed_for: None,
            placements: Placements::default(),
            generation: 0,
            report: Report::default(),
            modulo: None,
            curve: None,
            curve_partial: None,
            comparison: None,
            comparison_partial: None,
            lists: Lists::default(),
            lists_for: None,
            service_for: None,
            live: Vec::new(),
            popularity: None,
            placed_generation: 0,
            before_for: None,
            lists_before_for: None,
            placing: None,
            listing: None,
            making_popularity: None,
            serving: None,
            counted: 0,
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

    /// Applies a user intent to the inputs only; true when anything shown changed. [`App::advance`] then
    /// makes the numbers current.
    pub fn apply(&mut self, msg: Msg) -> bool {
        let mut next = self.params.clone();
        match msg {
            Msg::SetNodeCount(n) => {
                let n = n.clamp(params::NODES_MIN, params::NODES_MAX);
                next.nodes.truncate(n);
                while next.nodes.len() < n {
                    let name = params::unused_name(&next.nodes, next.nodes.len() + 1);
                    next.nodes.push(name);
                }
                // An addition whose name the new nodes took moves to the next free name; any other
                // change that no longer applies (its node is gone, or it is the only one) is dropped.
                next.change = match next.change.take() {
                    Some(Change::Add(x)) if next.nodes.contains(&x) => {
                        Some(Change::Add(params::unused_name(&next.nodes, n + 1)))
                    }
                    other => other.and_then(|c| params::check_change(&next.nodes, c).ok()),
                };
            }
            Msg::SetVnodes(v) => next.vnodes = v.clamp(params::VNODES_MIN, params::VNODES_MAX),
            Msg::SetKeys(k) => next.keys = k.clamp(params::KEYS_MIN, params::KEYS_MAX),
            Msg::SetChange(change) => {
                // The same check a link's change gets; an invalid change changes nothing.
                next.change = match change.map(|c| params::check_change(&next.nodes, c)) {
                    None => None,
                    Some(Ok(c)) => Some(c),
                    Some(Err(_)) => return false,
                };
            }
            Msg::SetStrategy(name) => match strategy::by_name(&name) {
                Some(s) => next.strategy = s.name(),
                None => return false,
            },
            Msg::SetShards(n) => next.shards = n.clamp(params::SHARDS_MIN, params::SHARDS_MAX),
            Msg::SetC(c100) => {
                let c100 = c100.clamp(params::C100_MIN, params::C100_MAX);
                next.c100 = c100 - c100 % params::C100_STEP;
            }
            Msg::SetReplicas(r) => {
                next.replicas = r.clamp(params::REPLICAS_MIN, params::REPLICAS_MAX)
            }
            Msg::SetReadQuorum(q) => next.read = q,
            Msg::SetWriteQuorum(q) => next.write = q,
            Msg::SetDown(name, down) => {
                next.fail.retain(|n| *n != name);
                if down {
                    next.fail.push(name);
                }
            }
            Msg::SetZipf(s100) => next.zipf100 = s100,
            Msg::SetCache(c) => next.cache = c,
            Msg::DismissNotices => return !std::mem::take(&mut self.notices).is_empty(),
            Msg::OpenFragment(fragment) => {
                let (parsed, notices) = Params::from_fragment(&fragment);
                let changed = parsed != self.params || notices != self.notices;
                self.notices = notices;
                if parsed != self.params {
                    self.params = parsed;
                }
                return changed;
            }
        }
        next.normalize();
        if next == self.params {
            return false;
        }
        let nodes_changed = next.nodes != self.params.nodes;
        self.params = next;
        self.notices.clear();
        if nodes_changed {
            let keep = self.names_in_play();
            self.vnode_cache
                .retain(&keep.iter().map(String::as_str).collect::<Vec<_>>());
        }
        true
    }

    fn names_in_play(&self) -> Vec<String> {
        let mut names = self.params.nodes.clone();
        if let Some(c) = &self.params.change {
            names.push(c.node().to_owned());
        }
        names
    }

    /// Makes every number current for the inputs, in one go.
    fn recompute(&mut self) {
        while self.advance() {}
    }

    /// Does the next unit of the work that makes the numbers current for the inputs, and returns true;
    /// returns false when they are current. Each unit is bounded, so a page can take input between units
    /// (a newer input simply changes what the next unit computes): at most [`KEYS_CHUNK`] keys hashed,
    /// one placement (before the change, then after it), the counts and movement, the preference lists,
    /// or the service numbers. The unit that makes them current changes [`App::generation`].
    pub fn advance(&mut self) -> bool {
        if !self.advance_unit() {
            return false;
        }
        if self.progress().is_none() {
            self.generation += 1;
        }
        true
    }

    /// What is being computed now (None when every number is current): for a progress bar.
    pub fn progress(&self) -> Option<Progress> {
        let stage = self.next_stage()?;
        let keys = self.params.keys;
        let done = match stage {
            Stage::Hashing => self.keys.hashed_of(keys) as f64 / keys.max(1) as f64,
            _ => 1.0,
        };
        Some(Progress { stage, done })
    }

    /// The stage the next unit of work belongs to: the first whose numbers are not current for the
    /// inputs. [`App::advance_unit`] works on exactly that stage.
    fn next_stage(&self) -> Option<Stage> {
        let p = &self.params;
        if !self.keys.holds(p.keys) {
            Some(Stage::Hashing)
        } else if self.placed_for.as_ref() != Some(&self.placed_inputs()) {
            Some(Stage::Placing)
        } else if self.counted != self.placed_generation {
            Some(Stage::Counting)
        } else if self.lists_for != Some(self.lists_inputs())
            || self.popularity.as_ref().map(|(k, _)| *k) != Some(self.popularity_inputs())
            || !self.service_current()
        {
            Some(Stage::Serving)
        } else {
            None
        }
    }

    /// What the preference lists depend on: the placements generation and R.
    fn lists_inputs(&self) -> (u64, u32) {
        (self.placed_generation, self.params.replicas)
    }

    /// What the key popularity depends on: the keys and Zipf s (in hundredths).
    fn popularity_inputs(&self) -> (u32, u32) {
        (self.params.keys, self.params.zipf100)
    }

    /// One unit of the work of [`App::next_stage`]; false when there is none.
    fn advance_unit(&mut self) -> bool {
        match self.next_stage() {
            None => return false,
            Some(Stage::Hashing) => {
                self.keys.resize_step(self.params.keys, KEYS_CHUNK);
            }
            Some(Stage::Placing) => self.place_unit(),
            Some(Stage::Counting) => self.count_unit(),
            Some(Stage::Serving) => self.serve_unit(),
        }
        true
    }

    /// A unit of placing: a part of a big ring's virtual nodes hashed, or the placement before the
    /// change (or a part of it), or the one after it.
    fn place_unit(&mut self) {
        let inputs = self.placed_inputs();
        if self.strategy().uses().vnodes {
            let names = self.names_in_play();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            if self
                .vnode_cache
                .hash_some(&names, inputs.4.vnodes, KEYS_CHUNK as usize)
            {
                return;
            }
        }
        if self.before_for.as_ref() != Some(&inputs) {
            self.place_before(inputs);
        } else {
            self.place_after(inputs);
        }
    }

    /// A unit of counting: hash % N's placement before the change, or its moves, or the counts.
    fn count_unit(&mut self) {
        if self.modulo_current() {
            self.count();
            return;
        }
        let p = &self.params;
        let none = used_settings(&strategy::Modn, p.settings());
        if self
            .placements
            .holds(&strategy::Modn, none, &p.nodes, &self.keys)
        {
            self.modulo_moved();
        } else {
            self.placements.placed(
                &strategy::Modn,
                none,
                &p.nodes,
                &self.keys,
                &mut self.vnode_cache,
            );
        }
    }

    /// A unit of serving: the lists before the change (or a part), then after it; a part of the key
    /// popularity; a part of the pass over the keys for requests.
    fn serve_unit(&mut self) {
        let lists_for = self.lists_inputs();
        if self.lists_for != Some(lists_for) {
            let after = self.lists_before_for == Some(lists_for);
            if self.preference_lists(after) {
                if after {
                    self.lists_for = Some(lists_for);
                } else {
                    self.lists_before_for = Some(lists_for);
                }
            }
            return;
        }
        let popularity_for = self.popularity_inputs();
        if self.popularity.as_ref().map(|(k, _)| *k) != Some(popularity_for) {
            let mut making = match self.making_popularity.take() {
                Some((k, making)) if k == popularity_for => making,
                _ => Popularity::begin(popularity_for.0, self.params.zipf()),
            };
            match making.step(self.keys.numbers(), CHUNK) {
                Some(done) => self.popularity = Some((popularity_for, done)),
                None => self.making_popularity = Some((popularity_for, making)),
            }
            return;
        }
        self.recompute_service();
    }

    /// What the placements depend on, for the current inputs.
    fn placed_inputs(&self) -> PlacedInputs {
        let p = &self.params;
        let chosen = self.strategy();
        (
            chosen.name(),
            p.nodes.clone(),
            p.keys,
            p.change.clone(),
            used_settings(chosen, p.settings()),
        )
    }

    /// The ids of the nodes after the change, if there is one (a removal leaves a gap; an addition is
    /// the last id).
    fn after_ids_of(p: &Params) -> Option<Vec<u32>> {
        p.change.as_ref().map(|c| match c {
            Change::Remove(x) => (0..p.nodes.len() as u32)
                .filter(|&i| p.nodes[i as usize] != *x)
                .collect(),
            Change::Add(_) => (0..p.nodes.len() as u32 + 1).collect(),
        })
    }

    /// The chosen strategy's placement of the nodes before the change (or a part of it).
    fn place_before(&mut self, inputs: PlacedInputs) {
        let p = &self.params;
        let chosen = self.strategy();
        let used = inputs.4;
        self.before = if chosen.pointwise() {
            // Owners kept by key number: a slider step looks up only what it changes.
            let nodes = p.nodes.clone();
            match self.placed_in_parts(&inputs, false, &nodes) {
                Some(placed) => placed,
                None => return,
            }
        } else {
            let nodes: Vec<&str> = p.nodes.iter().map(String::as_str).collect();
            let mut input = Input {
                keys: &self.keys,
                settings: used,
                vnode_cache: &mut self.vnode_cache,
            };
            Rc::new(chosen.place(&mut input, &nodes))
        };
        self.before_for = Some(inputs);
    }

    /// A pointwise strategy's placement of `nodes` from the kept placements; where it must be made
    /// afresh and the strategy places in parts, the next part of it, and `None` until the last.
    fn placed_in_parts(
        &mut self,
        inputs: &PlacedInputs,
        after: bool,
        nodes: &[String],
    ) -> Option<Rc<Placed>> {
        let chosen = self.strategy();
        let used = inputs.4;
        let mut making = match self.placing.take() {
            Some((i, a, making)) if i == *inputs && a == after => making,
            _ => {
                let kept = self.placements.placed_unless_parts(
                    chosen,
                    used,
                    nodes,
                    &self.keys,
                    &mut self.vnode_cache,
                );
                if kept.is_some() {
                    return kept;
                }
                let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
                let mut input = Input {
                    keys: &self.keys,
                    settings: used,
                    vnode_cache: &mut self.vnode_cache,
                };
                PlacingInParts::begin(chosen, &mut input, &names)
            }
        };
        if !making.step(&self.keys, strategy::PARTS_CHUNK) {
            self.placing = Some((inputs.clone(), after, making));
            return None;
        }
        let placed = Rc::new(making.finish());
        self.placements
            .keep(chosen, used, nodes, &self.keys, placed.clone());
        Some(placed)
    }

    /// Its placement after the change (none without one), from the placement before it.
    fn place_after(&mut self, inputs: PlacedInputs) {
        let p = &self.params;
        let chosen = self.strategy();
        let used = inputs.4;
        let after_list = p.change.as_ref().map(|_| p.nodes_after());
        self.after = if chosen.pointwise() {
            match after_list {
                Some(list) => match self.placed_in_parts(&inputs, true, &list) {
                    Some(placed) => Some(placed),
                    None => return,
                },
                None => None,
            }
        } else {
            let nodes: Vec<&str> = p.nodes.iter().map(String::as_str).collect();
            let mut input = Input {
                keys: &self.keys,
                settings: used,
                vnode_cache: &mut self.vnode_cache,
            };
            p.change.as_ref().map(|c| {
                Rc::new(chosen.change(&mut input, &nodes, step(&p.nodes, c), &self.before))
            })
        };
        let p = &self.params;
        self.after_ids = App::after_ids_of(p).unwrap_or_default();
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
        self.placed_generation += 1;
    }

    /// The counts, balance and movement of the placements, and the report's rows.
    fn count(&mut self) {
        let p = self.params.clone();
        let chosen = self.strategy();
        let mut names: Vec<String> = p.nodes.clone();
        if let Some(Change::Add(x)) = &p.change {
            names.push(x.clone());
        }
        let before_ids: Vec<u32> = (0..p.nodes.len() as u32).collect();
        let after_ids = App::after_ids_of(&p);
        let (owners_before, owners_after) = (self.owners_before(), self.owners_after());

        let total = self.keys.len() as f64;
        let counts_before = stats::counts(owners_before, names.len());
        let balance = Balance::of(&counts_before[..p.nodes.len()]);
        let counts_after = owners_after.map(|o| stats::counts(o, names.len()));
        let balance_after = after_ids
            .as_ref()
            .zip(counts_after.as_ref())
            .map(|(ids, counts)| {
                Balance::of(&ids.iter().map(|&i| counts[i as usize]).collect::<Vec<_>>())
            });
        let rows = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let was = i < p.nodes.len();
                let stays = after_ids
                    .as_ref()
                    .is_some_and(|ids| ids.contains(&(i as u32)));
                let after = counts_after.as_ref().filter(|_| stays).map(|c| c[i]);
                let ba = balance_after.as_ref();
                NodeRow {
                    name: name.clone(),
                    keys: was.then(|| counts_before[i]),
                    share: was.then(|| counts_before[i] as f64 / total),
                    deviation: was.then(|| balance.deviation(counts_before[i])),
                    keys_after: after,
                    share_after: after.map(|k| k as f64 / total),
                    deviation_after: after.zip(ba).map(|(k, b)| b.deviation(k)),
                    copies: None,
                    copies_after: None,
                    down: false,
                    requests_ppm: None,
                    requests_after_cache_ppm: None,
                }
            })
            .collect();
        // What hash % N (the modn strategy) would move for the same change (a unit of its own before).
        let modulo_moved = self.modulo_moved();
        let (owners_before, owners_after) = (self.owners_before(), self.owners_after());
        let movement = owners_after.zip(after_ids.as_ref()).zip(modulo_moved).map(
            |((after, ids), modulo_moved)| {
                let (moved, flows) = stats::movement(owners_before, after, names.len());
                let ideal_nodes = before_ids.len().max(ids.len()) as f64;
                let examples = stats::moved_examples(
                    owners_before,
                    after,
                    self.keys.numbers(),
                    stats::MOVED_EXAMPLES,
                );
                Movement {
                    moved,
                    ideal: (total / ideal_nodes).round() as u64,
                    modulo_moved,
                    flows,
                    examples,
                }
            },
        );
        let change_note = p.change.as_ref().and_then(|c| {
            let nodes: Vec<&str> = p.nodes.iter().map(String::as_str).collect();
            chosen.change_note(&nodes, step(&p.nodes, c))
        });
        self.counted = self.placed_generation;
        self.report = Report {
            strategy: chosen.name(),
            rows,
            balance,
            balance_after,
            movement,
            change_note,
            service: Service::default(),
        };
        self.names = names;
    }

    /// What hash % N (the modn strategy) would move for the change, if there is one: from kept
    /// placements, and kept for the inputs it depends on (not the virtual nodes).
    fn modulo_moved(&mut self) -> Option<u64> {
        let inputs = self.modulo_inputs();
        let p = &self.params;
        let change = p.change.as_ref()?;
        if let Some((cached, n)) = &self.modulo {
            if *cached == inputs {
                return Some(*n);
            }
        }
        let none = used_settings(&strategy::Modn, p.settings());
        let list = p.nodes_after();
        let mut placed = |nodes: &[String]| {
            self.placements.placed(
                &strategy::Modn,
                none,
                nodes,
                &self.keys,
                &mut self.vnode_cache,
            )
        };
        let (before, after) = (placed(&p.nodes), placed(&list));
        let n = step(&p.nodes, change).moved(&before.owners, &after.owners);
        self.modulo = Some((inputs, n));
        Some(n)
    }

    /// What hash % N's moves depend on: the keys, the nodes and the change (not the virtual nodes).
    fn modulo_inputs(&self) -> ModuloInputs {
        let p = &self.params;
        (p.keys, p.nodes.clone(), p.change.clone())
    }

    /// True when [`App::modulo_moved`] has its number for the current inputs (or needs none).
    fn modulo_current(&self) -> bool {
        self.params.change.is_none()
            || self
                .modulo
                .as_ref()
                .is_some_and(|(cached, _)| *cached == self.modulo_inputs())
    }

    /// What the service numbers depend on, for the current inputs.
    fn service_inputs(&self) -> ServiceInputs {
        let p = &self.params;
        (
            self.placed_generation,
            p.replicas,
            p.read,
            p.write,
            p.fail.clone(),
            p.zipf100,
            p.cache,
        )
    }

    /// True when the service numbers are those of the current placements and settings.
    fn service_current(&self) -> bool {
        self.service_for.as_ref() == Some(&self.service_inputs())
    }

    /// Recomputes the service numbers from the preference lists: failures, quorums, requests and the
    /// cache.
    fn recompute_service(&mut self) {
        let inputs = self.service_inputs();
        // The pass over the keys, a chunk per unit of work.
        let pass = match self.serving.take() {
            Some((i, pass)) if i == inputs => Some(pass),
            _ => None,
        };
        let p = &self.params;
        let down: Vec<bool> = self.names.iter().map(|n| p.fail.contains(n)).collect();
        let after_list = p.nodes_after();
        let present: Vec<bool> = self.names.iter().map(|n| after_list.contains(n)).collect();
        let stepped = {
            let (in_force, r) = self.lists_after().unwrap_or(self.lists_before());
            let load = Load {
                lists: in_force,
                r,
                numbers: self.keys.numbers(),
                down: &down,
                present: &present,
                popularity: &self.popularity.as_ref().expect("made in a unit before").1,
                cache: p.cache,
            };
            let mut pass = pass.unwrap_or_else(|| replication::Pass::new(&load));
            if pass.run(&load, CHUNK as usize) {
                Ok(pass.finish(&load, p.read, p.write))
            } else {
                Err(pass)
            }
        };
        let served = match stepped {
            Ok(served) => served,
            Err(pass) => {
                self.serving = Some((inputs, pass));
                return;
            }
        };
        let p = &self.params;
        let names = &self.names;
        let lists = &self.lists;
        let before = self.lists_before();
        let (in_force, r) = self.lists_after().unwrap_or(before);
        let (copies_before, copies_after) = (&lists.copies_before, &lists.copies_after);
        let changing = lists.after.is_some();
        let requests = served.requests;
        let copies_moved = self
            .lists_after()
            .map(|(after, ra)| replication::copies_created(before.0, before.1, after, ra));
        let hottest = (p.zipf100 > 0 && !self.keys.is_empty()).then(|| {
            let hot = crate::ring::key_position(0);
            let positions = self.keys.positions();
            let at = positions.partition_point(|&q| q < hot);
            let k = (at..positions.len())
                .find(|&k| self.keys.numbers()[k] == 0)
                .unwrap_or(at);
            let replicas = in_force[k * r..(k + 1) * r].to_vec();
            let live = replicas
                .iter()
                .copied()
                .filter(|&n| !down[n as usize])
                .collect();
            HotKey {
                key: 0,
                share: requests.first_share,
                replicas,
                live,
            }
        });
        for (i, row) in self.report.rows.iter_mut().enumerate() {
            let was = i < p.nodes.len();
            row.copies = was.then(|| copies_before[i]);
            row.copies_after = copies_after
                .as_ref()
                .filter(|_| row.keys_after.is_some())
                .map(|c| c[i]);
            row.down = down[i];
            let here = if changing { present[i] } else { was };
            row.requests_ppm = here.then(|| requests.share_ppm[i]);
            row.requests_after_cache_ppm = here.then(|| requests.after_cache_ppm[i]);
        }
        let replicas_in_force = r as u32;
        self.report.service = Service {
            replicas: lists.r_before as u32,
            replicas_after: lists.after.as_ref().map(|_| lists.r_after as u32),
            copies_moved,
            replicas_in_force,
            read: p.read,
            write: p.write,
            overlapping: p.read + p.write > replicas_in_force,
            down: (0..names.len() as u32)
                .filter(|&i| down[i as usize])
                .collect(),
            availability: served.availability,
            requests,
            hottest,
        };
        self.live = served.live;
        self.service_for = Some(inputs);
    }

    /// Preference lists of the placement before the change (`after` false) or after it, in ids, with
    /// the copies each node holds; into `self.lists`. False while they are being made in parts.
    fn preference_lists(&mut self, after: bool) -> bool {
        let p = self.params.clone();
        let chosen = self.strategy();
        let used = used_settings(chosen, p.settings());
        let placed = if after {
            self.after.clone()
        } else {
            Some(self.before.clone())
        };
        let nodes = if after {
            p.nodes_after()
        } else {
            p.nodes.clone()
        };
        let Some(placed) = placed.filter(|_| !after || p.change.is_some()) else {
            self.lists.after = None;
            self.lists.copies_after = None;
            self.lists.r_after = 0;
            return true;
        };
        // Kept beside the placements for a pointwise strategy; made afresh otherwise (cheap there: the
        // owner and the nodes after it in list order); a part at a time for a strategy placed in parts.
        let r = (p.replicas as usize).min(nodes.len());
        let lists = if r == 1 {
            Rc::new(Vec::new())
        } else {
            let found = if chosen.pointwise() {
                self.placements
                    .replicas_unless_parts(chosen, used, &nodes, &self.keys, r, true)
            } else {
                placements::Lists::NotKept
            };
            let lists = match found {
                placements::Lists::Kept(lists) => lists,
                // Made in this unit: kept, and taken from there by the next.
                placements::Lists::Made(_) => return false,
                placements::Lists::NotKept => Rc::new(placed.table.replicas(
                    self.keys.positions(),
                    &placed.owners,
                    nodes.len(),
                    r,
                )),
                placements::Lists::InParts(neighbour) => {
                    let key = self.lists_inputs();
                    let (mut so_far, derive) = match self.listing.take() {
                        Some(l) if l.key == key && l.after == after => (l.so_far, l.derive),
                        _ => (Vec::with_capacity(self.keys.len() as usize * r), neighbour),
                    };
                    let positions = self.keys.positions();
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
                        self.listing = Some(Listing {
                            key,
                            after,
                            so_far,
                            derive,
                        });
                        return false;
                    }
                    // Kept; the next unit takes them from there.
                    self.placements.keep_replicas(
                        chosen,
                        used,
                        &nodes,
                        &self.keys,
                        r,
                        Rc::new(so_far),
                    );
                    return false;
                }
            };
            // After a removal: into ids, as the owners are.
            match &self.owners_after {
                Some(_) if after => {
                    Rc::new(lists.iter().map(|&i| self.after_ids[i as usize]).collect())
                }
                _ => lists,
            }
        };
        // One copy per key: the copies are the keys the rows count.
        let ids = self.names.len();
        let rows = &self.report.rows;
        let copies = if r == 1 {
            rows.iter()
                .map(|row| if after { row.keys_after } else { row.keys }.unwrap_or(0))
                .collect()
        } else {
            replication::copies(&lists, ids)
        };
        if after {
            (
                self.lists.after,
                self.lists.r_after,
                self.lists.copies_after,
            ) = (Some(lists), r, Some(copies));
        } else {
            (
                self.lists.before,
                self.lists.r_before,
                self.lists.copies_before,
            ) = (lists, r, copies);
        }
        true
    }

    /// The preference lists before the change (ids, key-position order) and their length per key: the
    /// owners when that is 1.
    fn lists_before(&self) -> (&[u32], usize) {
        match self.lists.r_before {
            1 => (self.owners_before(), 1),
            r => (&self.lists.before, r),
        }
    }

    /// The same after the change, if there is one.
    fn lists_after(&self) -> Option<(&[u32], usize)> {
        let after = self.lists.after.as_ref()?;
        Some(match self.lists.r_after {
            1 => (self.owners_after()?, 1),
            r => (after.as_slice(), r),
        })
    }

    /// Live replicas of each key in the system in force (key-position order): 0 is unavailable. Empty
    /// when no node is down (every key has all its replicas).
    pub fn live_replicas(&self) -> &[u8] {
        &self.live
    }

    /// The chosen strategy.
    pub fn strategy(&self) -> &'static dyn Strategy {
        strategy::by_name(self.params.strategy).unwrap_or(strategy::ALL[0])
    }

    /// The arc under turn `at` (0..1, clockwise from the top), on the ring after the change if `after` and
    /// there is a change, else before it. `None` when the strategy has no ring (or it is empty).
    pub fn arc_at(&self, at: f64, after: bool) -> Option<ArcInfo> {
        let pos = ((at.rem_euclid(1.0) * 18_446_744_073_709_551_616.0) as u64 as u128) << 64;
        self.arc(self.ring(after)?.slot_of(pos)?, after)
    }

    /// The arc of virtual node `j` (an index into the ring's positions), on the ring after the change if
    /// `after` and there is a change, else before it. `None` past the last one, or without a ring.
    pub fn arc(&self, j: usize, after: bool) -> Option<ArcInfo> {
        let ring = self.ring(after)?;
        let positions = ring.positions();
        let end = *positions.get(j)?;
        let start = positions[if j == 0 { positions.len() - 1 } else { j - 1 }];
        let node = self.node_id(after, ring.owners()[j]);
        let name = &self.names[node as usize];
        let i = self.vnode_cache.index_of(name, end).unwrap_or(0);
        let keys = self.keys.positions();
        let upto = |p: Position| keys.partition_point(|&k| k <= p) as u64;
        let (keys, share) = if positions.len() == 1 {
            (keys.len() as u64, 1.0)
        } else if start < end {
            (upto(end) - upto(start), turn(end - start))
        } else {
            (
                keys.len() as u64 - upto(start) + upto(end),
                turn(end.wrapping_sub(start)),
            )
        };
        Some(ArcInfo {
            vnode: format!("{name}:{i}"),
            node,
            start: turn(start),
            end: turn(end),
            share,
            keys,
        })
    }

    /// The ring after the change if `after` and there is one, else before it; `None` if the strategy has
    /// no ring.
    fn ring(&self, after: bool) -> Option<&Ring> {
        match self.picture(after) {
            Picture::Ring(ring) => Some(ring),
            _ => None,
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

    /// The strategy's structure after the change (if `after` and there is one) or before it; its node
    /// indices become ids through [`App::node_id`].
    pub fn picture(&self, after: bool) -> Picture<'_> {
        match &self.after {
            Some(placed) if after => placed.table.picture(),
            _ => self.before.table.picture(),
        }
    }

    /// The balance curve for the current nodes and keys, if [`App::compute_curve`] has run since they
    /// last changed.
    pub fn curve(&self) -> Option<&[CurvePoint]> {
        match &self.curve {
            Some((inputs, points)) if *inputs == self.curve_inputs() => Some(points),
            _ => None,
        }
    }

    /// The curve's last result, even if the nodes or keys have changed since (to show it as stale).
    pub fn last_curve(&self) -> Option<&[CurvePoint]> {
        self.curve.as_ref().map(|(_, points)| points.as_slice())
    }

    /// Computes how evenly the current keys spread over the current nodes at each of [`CURVE_VNODES`]
    /// virtual nodes: one ring and one linear merge per point. Costs up to ~10 rings' work, so the page
    /// runs it when the sliders rest, a point at a time ([`App::rest_step`]).
    pub fn compute_curve(&mut self) -> &[CurvePoint] {
        while self.curve().is_none() {
            self.curve_step();
        }
        self.curve().expect("just computed")
    }

    /// One more point of the curve.
    fn curve_step(&mut self) {
        let inputs = self.curve_inputs();
        let mut points = match self.curve_partial.take() {
            Some((partial, points)) if partial == inputs => points,
            _ => Vec::with_capacity(CURVE_VNODES.len()),
        };
        let vnodes = CURVE_VNODES[points.len()];
        let names: Vec<&str> = self.params.nodes.iter().map(String::as_str).collect();
        let owners = self
            .vnode_cache
            .ring(&names, vnodes)
            .assign(self.keys.positions());
        points.push(CurvePoint {
            vnodes,
            balance: Balance::of(&stats::counts(&owners, names.len())),
        });
        if points.len() == CURVE_VNODES.len() {
            self.curve = Some((inputs, points));
        } else {
            self.curve_partial = Some((inputs, points));
        }
    }

    /// One step of the work done when the sliders rest: the next point of the balance curve, or else the
    /// next strategy of the comparison (`clock` reads milliseconds, to time lookups). False when there was
    /// nothing left to do. Each step is bounded (a placement or a part of one, a change, or one timing of
    /// the lookups: [`compare::MakingRow`]), so the page can take input between steps.
    pub fn rest_step(&mut self, clock: &mut dyn FnMut() -> f64) -> bool {
        if self.curve().is_none() {
            self.curve_step();
        } else if self.comparison().is_none() {
            self.comparison_step(clock);
        } else {
            return false;
        }
        true
    }

    fn curve_inputs(&self) -> CurveInputs {
        (self.params.nodes.clone(), self.params.keys)
    }

    /// Every strategy on the current nodes, keys and change, if [`App::compute_comparison`] has run since
    /// they last changed.
    pub fn comparison(&self) -> Option<&[CompareRow]> {
        match &self.comparison {
            Some((inputs, rows)) if self.comparison_current(inputs) => Some(rows),
            _ => None,
        }
    }

    /// The comparison depends on everything but the chosen strategy.
    fn comparison_current(&self, inputs: &Params) -> bool {
        let p = &self.params;
        (
            &inputs.nodes,
            inputs.vnodes,
            inputs.keys,
            &inputs.change,
            inputs.shards,
            inputs.c100,
        ) == (&p.nodes, p.vnodes, p.keys, &p.change, p.shards, p.c100)
    }

    /// The comparison's rows for the current inputs so far: all of them once it is complete.
    pub fn comparison_so_far(&self) -> &[CompareRow] {
        match (&self.comparison, &self.comparison_partial) {
            (Some((inputs, rows)), _) if self.comparison_current(inputs) => rows,
            (_, Some((inputs, rows, _))) if self.comparison_current(inputs) => rows,
            _ => &[],
        }
    }

    /// Runs every strategy on the current inputs ([`compare::row`]); `clock` reads a time in
    /// milliseconds, to measure lookups. Costs several placements, so the page runs it when the sliders
    /// rest, a strategy at a time ([`App::rest_step`]).
    pub fn compute_comparison(&mut self, clock: &mut dyn FnMut() -> f64) -> &[CompareRow] {
        while self.comparison().is_none() {
            self.comparison_step(clock);
        }
        self.comparison().expect("just computed")
    }

    /// One more step of the comparison: a step of the next strategy's row ([`compare::MakingRow`]).
    fn comparison_step(&mut self, clock: &mut dyn FnMut() -> f64) {
        let p = self.params.clone();
        let (mut rows, making) = match self.comparison_partial.take() {
            Some((inputs, rows, making)) if self.comparison_current(&inputs) => (rows, making),
            _ => (Vec::with_capacity(strategy::ALL.len()), None),
        };
        let mut making =
            making.unwrap_or_else(|| compare::MakingRow::new(strategy::ALL[rows.len()]));
        let nodes: Vec<&str> = p.nodes.iter().map(String::as_str).collect();
        let change = p.change.as_ref().map(|c| step(&p.nodes, c));
        let mut input = Input {
            keys: &self.keys,
            settings: p.settings(),
            vnode_cache: &mut self.vnode_cache,
        };
        let making = match making.step(&mut input, &nodes, change, clock) {
            Some(row) => {
                rows.push(row);
                None
            }
            None => Some(making),
        };
        if rows.len() == strategy::ALL.len() {
            self.comparison = Some((p, rows));
        } else {
            self.comparison_partial = Some((p, rows, making));
        }
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

    /// Names of every node in play, indexed by node id (the added node last).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The ring before the change, when the strategy has one.
    pub fn ring_before(&self) -> Option<&Ring> {
        self.ring(false)
    }

    /// The ring after the change, when there is a change and the strategy has a ring (its node indices
    /// become ids through [`App::node_id`]).
    pub fn ring_after(&self) -> Option<&Ring> {
        self.after.as_ref().and(self.ring(true))
    }

    /// True when there is a change to show.
    pub fn changing(&self) -> bool {
        self.after.is_some()
    }

    /// The keys, sorted by position.
    pub fn keys(&self) -> &KeySet {
        &self.keys
    }

    /// Owner id of each key (in [`KeySet::positions`] order) before the change.
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

    /// Changes whenever the placements and report are recomputed (and only then).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The numbers the page prints.
    pub fn report(&self) -> &Report {
        &self.report
    }
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_example_moves_3114_keys() {
        let app = App::from_fragment("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
        let m = app.report().movement.as_ref().unwrap();
        assert_eq!(m.moved, 3114);
        assert_eq!(m.ideal, 3333);
        // Every moved key left db2 and went to a node that stays.
        assert!(m.flows.iter().all(|f| f.from == 1 && f.to != 1));
        assert_eq!(app.report().rows[1].keys, Some(3114));
        assert_eq!(app.report().rows[1].keys_after, None);
        // The named examples really moved, as the seed's per-key lookup says.
        let before = Ring::new(&["db1", "db2", "db3"], 150);
        let after = Ring::new(&["db1", "db3"], 150);
        assert_eq!(m.examples.len(), stats::MOVED_EXAMPLES);
        for ex in &m.examples {
            let pos = crate::ring::key_position(ex.key);
            assert_eq!((ex.from, before.owner_of(pos)), (1, Some(1)));
            assert_eq!(
                Some(ex.to),
                after.owner_of(pos).map(|o| if o == 0 { 0 } else { 2 })
            );
        }
        let first = m.examples[0].key;
        assert!((0..first).all(|i| before.owner_of(crate::ring::key_position(i)) != Some(1)));
    }

    #[test]
    fn curve_matches_the_table_at_each_vnode_count() {
        let mut app = App::from_fragment("nodes=db1,db2,db3,db4&vnodes=150&keys=5000");
        assert!(app.curve().is_none());
        let curve = app.compute_curve().to_vec();
        assert_eq!(
            curve.iter().map(|c| c.vnodes).collect::<Vec<_>>(),
            CURVE_VNODES
        );
        for point in &curve {
            let other = App::from_fragment(&format!(
                "nodes=db1,db2,db3,db4&vnodes={}&keys=5000",
                point.vnodes
            ));
            assert_eq!(
                point.balance,
                other.report().balance,
                "vnodes={}",
                point.vnodes
            );
        }
        // Unchanged by the virtual-node slider; stale when nodes or keys change.
        assert!(app.update(Msg::SetVnodes(20)));
        assert!(app.curve().is_some());
        assert!(app.update(Msg::SetKeys(6000)));
        assert!(app.curve().is_none());
        assert_eq!(app.last_curve().unwrap().len(), CURVE_VNODES.len());
    }

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
    fn node_count_keeps_custom_names_and_valid_change() {
        let mut app = App::from_fragment("nodes=a,b,c&remove=c");
        assert!(app.update(Msg::SetNodeCount(2)));
        assert_eq!(app.params().nodes, ["a", "b"]);
        assert_eq!(app.params().change, None, "the removed node is gone");
        assert!(app.update(Msg::SetNodeCount(4)));
        assert_eq!(app.params().nodes, ["a", "b", "db3", "db4"]);
        assert!(!app.update(Msg::SetNodeCount(4)));
    }

    #[test]
    fn arcs_under_the_pointer_partition_keys_and_ring() {
        let app = App::from_fragment("nodes=db1,db2,db3&vnodes=4&keys=1000&remove=db2");
        for after in [false, true] {
            let ring = if after {
                app.ring_after().unwrap()
            } else {
                app.ring_before().unwrap()
            };
            // Visit every arc once, by a turn just before each position (wrapping to the first).
            let mut keys = 0;
            let mut share = 0.0;
            for &p in ring.positions() {
                let t = turn(p) - 1e-9;
                let arc = app.arc_at(t, after).unwrap();
                assert!((arc.end - turn(p)).abs() < 1e-12);
                let (name, i) = arc.vnode.split_once(':').unwrap();
                assert_eq!(
                    crate::ring::vnode_position(name, i.parse().unwrap()),
                    p,
                    "{}",
                    arc.vnode
                );
                assert_eq!(app.names()[arc.node as usize], name);
                keys += arc.keys;
                share += arc.share;
            }
            assert_eq!(keys, 1000);
            assert!((share - 1.0).abs() < 1e-9);
        }
        // One virtual node owns the whole ring.
        let one = App::from_fragment("nodes=db1&vnodes=1&keys=100");
        let arc = one.arc_at(0.3, false).unwrap();
        assert_eq!(
            (arc.vnode.as_str(), arc.keys, arc.share),
            ("db1:0", 100, 1.0)
        );
    }

    #[test]
    fn every_strategy_through_the_app_matches_the_worked_examples() {
        let base = "nodes=db1,db2,db3,db4&vnodes=100&keys=5000";
        for (link, moved, after) in [
            (
                "strategy=range&add=db5",
                625,
                vec![625, 1250, 1250, 1250, 625],
            ),
            ("strategy=range&remove=db2", 1250, vec![1250, 0, 2500, 1250]),
            (
                "strategy=shards&add=db5",
                1001,
                vec![1023, 1019, 956, 1001, 1001],
            ),
            (
                "strategy=shards&remove=db2",
                1266,
                vec![1707, 0, 1600, 1693],
            ),
            (
                "strategy=bounded&c=1.05&add=db5",
                1027,
                vec![1050, 987, 1050, 945, 968],
            ),
            ("strategy=jump&remove=db2", 3304, vec![1687, 0, 1687, 1626]),
            (
                "strategy=maglev&add=db5",
                1005,
                vec![984, 967, 1004, 1044, 1001],
            ),
        ] {
            let app = App::from_fragment(&format!("{base}&{link}"));
            assert!(app.notices().is_empty(), "{link}: {:?}", app.notices());
            let report = app.report();
            assert_eq!(report.movement.as_ref().unwrap().moved, moved, "{link}");
            let rows: Vec<u64> = report
                .rows
                .iter()
                .map(|r| r.keys_after.unwrap_or(0))
                .collect();
            assert_eq!(rows, after, "{link}");
        }
        // The honest notes: jump removing a middle node, and hash % N.
        let jump = App::from_fragment(&format!("{base}&strategy=jump&remove=db2"));
        assert!(jump
            .report()
            .change_note
            .as_ref()
            .unwrap()
            .contains("renumbers the 2 nodes after it"));
        let last = App::from_fragment(&format!("{base}&strategy=jump&remove=db4"));
        assert_eq!(last.report().change_note, None);
        let modn = App::from_fragment(&format!("{base}&strategy=modn&add=db5"));
        assert!(modn.report().change_note.is_some());
        // hash % N as a strategy moves what the experiment's "hash % N would move" says.
        let m = modn.report().movement.as_ref().unwrap();
        assert_eq!(m.moved, m.modulo_moved);
    }

    #[test]
    fn strategy_switches_keep_the_link_exact() {
        let mut app = App::from_fragment("strategy=shards&shards=500");
        assert!(app.update(Msg::SetStrategy("ring".into())));
        assert_eq!(
            app.params().shards,
            params::SHARDS_DEFAULT,
            "not ring's setting"
        );
        assert!(!app.update(Msg::SetStrategy("nonsense".into())));
        assert!(app.update(Msg::SetStrategy("bounded".into())));
        assert!(app.update(Msg::SetC(172)));
        assert_eq!(app.params().c100, 170);
        assert_eq!(
            app.params().to_fragment(),
            "v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&strategy=bounded&c=1.70"
        );
        // A slider the strategy does not read changes nothing it shows.
        let mut maglev = App::from_fragment("strategy=maglev&remove=db1");
        let (before, generation) = (maglev.report().clone(), maglev.generation());
        assert!(maglev.update(Msg::SetVnodes(7)));
        assert_eq!(maglev.report(), &before);
        assert_eq!(maglev.generation(), generation, "nothing recomputed");
        assert!(maglev.update(Msg::SetKeys(2000)));
        assert_ne!(maglev.generation(), generation);
        assert!(maglev.ring_before().is_none());
        assert!(maglev.arc_at(0.5, false).is_none());
    }

    #[test]
    fn rest_steps_compute_the_curve_then_the_comparison_and_restart_on_change() {
        let mut app = App::from_fragment("nodes=db1,db2,db3,db4&vnodes=100&keys=5000&remove=db2");
        let mut t = 0.0;
        let mut clock = || {
            t += 5.0;
            t
        };
        // A row is a placement, the change, the warm-up and each timing (the keys fit one part).
        let row_steps = 3 + compare::LOOKUP_ROUNDS;
        let mid = CURVE_VNODES.len() + 3 * row_steps;
        let mut steps = 0;
        while app.rest_step(&mut clock) {
            steps += 1;
            if steps == mid {
                // Mid-comparison the keys change: the rows so far are dropped, the curve restarts.
                assert_eq!(app.comparison_so_far().len(), 3);
                assert!(app.update(Msg::SetKeys(6000)));
                assert!(app.comparison_so_far().is_empty() && app.curve().is_none());
            }
        }
        assert_eq!(
            steps,
            mid + CURVE_VNODES.len() + crate::strategy::ALL.len() * row_steps
        );
        let fresh = App::from_fragment("nodes=db1,db2,db3,db4&vnodes=100&keys=6000&remove=db2")
            .compute_curve()
            .to_vec();
        assert_eq!(app.curve().unwrap(), fresh);
        assert_eq!(app.comparison().unwrap().len(), crate::strategy::ALL.len());
        assert_eq!(app.comparison_so_far().len(), crate::strategy::ALL.len());
        assert!(!app.rest_step(&mut clock), "nothing left");
    }

    #[test]
    fn comparison_is_computed_on_demand_and_goes_stale() {
        let mut app = App::from_fragment("nodes=db1,db2,db3,db4&vnodes=100&keys=5000&remove=db2");
        assert!(app.comparison().is_none());
        let mut t = 0.0;
        let rows = app
            .compute_comparison(&mut || {
                t += 5.0;
                t
            })
            .to_vec();
        assert_eq!(rows.len(), crate::strategy::ALL.len());
        assert_eq!(rows[0].moved, Some(1292));
        // Choosing another strategy does not make it stale; other inputs do.
        assert!(app.update(Msg::SetStrategy("jump".into())));
        assert!(app.comparison().is_some());
        assert!(app.update(Msg::SetKeys(6000)));
        assert!(app.comparison().is_none());
        assert!(app.comparison_so_far().is_empty());
    }

    #[test]
    fn replication_intents_keep_the_link_exact() {
        let mut app = App::from_fragment("nodes=db1,db2,db3,db4&vnodes=100&keys=5000&remove=db4");
        assert!(app.update(Msg::SetReplicas(3)));
        assert!(app.update(Msg::SetReadQuorum(2)));
        assert!(app.update(Msg::SetWriteQuorum(9)), "clamped to R");
        assert_eq!(app.params().write, 3);
        assert!(app.update(Msg::SetDown("db1".into(), true)));
        // A removed node cannot fail: nothing changes.
        assert!(!app.update(Msg::SetDown("db4".into(), true)));
        assert!(app.update(Msg::SetZipf(80)));
        assert!(app.update(Msg::SetCache(50)));
        assert_eq!(
            app.params().to_fragment(),
            "v=1&nodes=db1,db2,db3,db4&vnodes=100&keys=5000&replicas=3&r=2&w=3&zipf=0.80&cache=50&remove=db4&fail=db1"
        );
        let s = &app.report().service;
        assert_eq!(
            (s.replicas, s.replicas_after, s.copies_moved),
            (3, Some(3), Some(3450))
        );
        assert_eq!(s.down, vec![0]);
        // Three nodes after the change, db1 down: every key keeps two live replicas of three.
        assert_eq!(s.availability.unavailable, 0);
        assert_eq!(s.availability.unwritable, 5000);
        assert!(s.overlapping);
        // Lowering R lowers the quorums; fewer keys lower the cache.
        assert!(app.update(Msg::SetReplicas(1)));
        assert_eq!((app.params().read, app.params().write), (1, 1));
        assert!(app.update(Msg::SetKeys(100)));
        assert_eq!(app.params().cache, 50);
        assert!(app.update(Msg::SetCache(5000)));
        assert_eq!(app.params().cache, 100);
        // Failures follow the nodes: fewer nodes drop a failed one that left.
        assert!(app.update(Msg::SetDown("db2".into(), true)));
        assert_eq!(app.params().fail, ["db1", "db2"]);
        assert!(app.update(Msg::SetNodeCount(1)));
        assert_eq!(app.params().fail, ["db1"]);
        assert!(Msg::SetDown("a".into(), true).replaces(&Msg::SetDown("a".into(), false)));
        assert!(!Msg::SetDown("a".into(), true).replaces(&Msg::SetDown("b".into(), true)));
    }

    #[test]
    fn invalid_changes_are_refused() {
        let mut app = App::new(Params::default());
        assert!(!app.update(Msg::SetChange(Some(Change::Remove("zz".into())))));
        assert!(!app.update(Msg::SetChange(Some(Change::Add("db1".into())))));
        assert!(!app.update(Msg::SetChange(Some(Change::Add("<b>".into())))));
        assert!(app.update(Msg::SetChange(Some(Change::Add("db4".into())))));
        let rows = &app.report().rows;
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[3].keys, None);
        assert_eq!(
            rows.iter().filter_map(|r| r.keys_after).sum::<u64>(),
            10_000
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
        // and its total; the pass over the keys.
        assert_eq!(units, 6 + 1 + 2 + 3 + 2 * 2 + 3 + 1);
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
