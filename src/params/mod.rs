//! The share link: the page's inputs in the URL fragment, e.g.
//! `#nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2`.
//!
//! [`Params::to_fragment`] writes the inputs in a fixed key order. [`Params::from_fragment`] is total: any
//! string gives valid [`Params`]; what it could not use is returned as short [`Notice`]s for the page.

pub mod check;
pub mod presets;
pub mod time;
pub mod tours;
mod weights;

use crate::strategy::Weights;
use serde::Serialize;
use std::fmt;
use time::Time;
use tours::Part;

/// Fewest and most physical nodes.
pub const NODES_MIN: usize = 1;
pub const NODES_MAX: usize = 100;
/// Virtual nodes per node: range and the seed's default.
pub const VNODES_MIN: u32 = 1;
pub const VNODES_MAX: u32 = 1000;
pub const VNODES_DEFAULT: u32 = 150;
/// Number of keys `user_0 .. user_{keys-1}`: range and default.
pub const KEYS_MIN: u32 = 100;
pub const KEYS_MAX: u32 = 1_000_000;
pub const KEYS_DEFAULT: u32 = 10_000;
/// Longest node name, in characters.
pub const NAME_MAX_CHARS: usize = 32;
/// Longest fragment read; the rest of a longer one is ignored. Room for a hand-made history of 100 ops
/// (`hist=`) beside every other setting.
pub const FRAGMENT_MAX_BYTES: usize = 8192;
/// The seed's example nodes.
pub const DEFAULT_NODES: [&str; 3] = ["db1", "db2", "db3"];
/// The link format this page writes (`v=1`); a link without `v` is read as this version.
pub const LINK_VERSION: u32 = 1;
/// The strategy a link without `strategy=` uses: the seed's ring.
pub const STRATEGY_DEFAULT: &str = "ring";
/// Virtual shards (`shards=`, strategy `shards`): range and Reddit's 1000.
pub const SHARDS_MIN: u32 = 16;
pub const SHARDS_MAX: u32 = 10_000;
pub const SHARDS_DEFAULT: u32 = 1000;
/// The bounded-loads factor c in hundredths (`c=1.25`, strategy `bounded`): 1.00 to 3.00 in steps of 0.05.
pub const C100_MIN: u32 = 100;
pub const C100_MAX: u32 = 300;
pub const C100_STEP: u32 = 5;
pub const C100_DEFAULT: u32 = 125;
/// Replicas per key (`replicas=`): 1 to 5, capped at the node count when lists are made.
pub const REPLICAS_MIN: u32 = 1;
pub const REPLICAS_MAX: u32 = crate::replication::REPLICAS_MAX;
/// The Zipf exponent s in hundredths (`zipf=0.80`): 0.00 to 2.00 in steps of 0.05; 0 = equal popularity.
pub const ZIPF100_MAX: u32 = 200;
pub const ZIPF100_STEP: u32 = 5;

/// The compact view's forms ([`Params::compact`]): what it shows beside its controls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compact {
    /// The ring and the experiment (the comparison has no compact form: a link about it shows the ring).
    Ring,
    /// The ring and the balance curve.
    Curve,
    /// The ring, the replication sliders and what they do (availability, the hot key, the cache).
    Service,
    /// How stale, how long: the staleness summary, curve and table.
    Staleness,
    /// The watched key's history and its verdicts.
    History,
    /// A real history checked (`part=check`).
    Check,
}

/// A change to the node set whose effect the page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "node", rename_all = "lowercase")]
pub enum Change {
    /// Remove this node (one of the current ones).
    Remove(String),
    /// Add a node with this name (not one of the current ones).
    Add(String),
}

impl Change {
    /// The node the change removes or adds.
    pub fn node(&self) -> &str {
        match self {
            Change::Remove(n) | Change::Add(n) => n,
        }
    }
}

/// Everything the page's result depends on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Params {
    /// Physical nodes, in ring insertion order; unique, valid names.
    pub nodes: Vec<String>,
    /// Virtual nodes per physical node.
    pub vnodes: u32,
    /// Number of keys.
    pub keys: u32,
    /// Node removed or added, if any.
    pub change: Option<Change>,
    /// Node weights (`weights=db1:3,db5:2`): capacity, 1–10, 1 unless given; only for the nodes and the
    /// node the change adds.
    pub weights: Weights,
    /// The partitioning strategy's link name (one of [`crate::strategy::ALL`]).
    pub strategy: &'static str,
    /// Virtual shards; [`SHARDS_DEFAULT`] unless the strategy is `shards`.
    pub shards: u32,
    /// Bounded loads' c in hundredths; [`C100_DEFAULT`] unless the strategy is `bounded`.
    pub c100: u32,
    /// Replicas per key R (`replicas=`); lists hold min(R, nodes) nodes.
    pub replicas: u32,
    /// Read and write quorums (`r=`, `w=`), 1..=replicas.
    pub read: u32,
    pub write: u32,
    /// Nodes marked down (`fail=`), in the order of the nodes after the change; never a removed node.
    pub fail: Vec<String>,
    /// Zipf exponent s in hundredths (`zipf=`).
    pub zipf100: u32,
    /// Keys in the cache (`cache=`): the `cache` most requested, 0..=keys.
    pub cache: u32,
    /// The time settings: staleness, the simulated history, the partition ([`time`]).
    pub time: Time,
    /// The compact view for a course page's text column (`embed=1`).
    pub embed: bool,
    /// The tour and its step this experiment belongs to (`tour=reddit&step=4`), if any.
    pub tour: Option<TourAt>,
    /// The part of the page the link opens at (`part=time`; on a tour, the step's unless given).
    pub part: Option<Part>,
    /// A real history to check (`check=`: a preset's name or the text compressed; [`check`]).
    pub check: Option<String>,
}

/// A step of a tour: the tour's id and the step, counted from 1 (always one of its steps).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TourAt {
    pub tour: &'static str,
    pub step: u32,
}

impl TourAt {
    /// The tour.
    pub fn tour(self) -> &'static tours::Tour {
        tours::by_id(self.tour).expect("a TourAt names a known tour")
    }

    /// The step.
    pub fn step(self) -> &'static tours::Step {
        self.tour()
            .step(self.step)
            .expect("a TourAt names one of its tour's steps")
    }

    /// The step's experiment, as its link says (without the tour).
    pub fn params(self) -> Params {
        Params::from_fragment(self.step().link).0
    }
}

impl Default for Params {
    fn default() -> Params {
        Params {
            nodes: DEFAULT_NODES.iter().map(|s| s.to_string()).collect(),
            vnodes: VNODES_DEFAULT,
            keys: KEYS_DEFAULT,
            change: None,
            weights: Weights::new(),
            strategy: STRATEGY_DEFAULT,
            shards: SHARDS_DEFAULT,
            c100: C100_DEFAULT,
            replicas: REPLICAS_MIN,
            read: 1,
            write: 1,
            fail: Vec::new(),
            zipf100: 0,
            cache: 0,
            time: Time::default(),
            embed: false,
            tour: None,
            part: None,
            check: None,
        }
    }
}

/// Something in a link that was not used, said briefly for the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Notice(pub String);

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// True for a usable node name: 1 to [`NAME_MAX_CHARS`] of `A-Z a-z 0-9 _ . -`.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= NAME_MAX_CHARS
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// The conventional name of node `i` (1-based): `db{i}`.
pub fn default_name(i: usize) -> String {
    format!("db{i}")
}

/// The first `db{i}` (counting from `from`) not in `taken`.
pub fn unused_name(taken: &[String], from: usize) -> String {
    (from.max(1)..)
        .map(default_name)
        .find(|n| !taken.contains(n))
        .expect("an unused name exists")
}

/// A value shown in a notice: short, and only printable characters (the page shows it as text).
pub(super) fn quote(value: &str) -> String {
    let mut shown: String = value.chars().filter(|c| !c.is_control()).take(20).collect();
    if value.chars().count() > 20 {
        shown.push('…');
    }
    format!("“{shown}”")
}

impl Params {
    /// The fragment (without `#`) for these inputs, keys in a fixed order, starting with the link
    /// version. Names need no escaping.
    ///
    /// A tour's step writes `tour=…&step=…` after the experiment, and only those when the experiment is
    /// still exactly the step's.
    pub fn to_fragment(&self) -> String {
        let mut out = match self.tour {
            Some(at) if self.same_experiment(&at.params()) => format!("v={LINK_VERSION}"),
            _ => self.experiment_fragment(),
        };
        if let Some(part) = self.part {
            out.push_str(&format!("&part={}", part.name()));
        }
        if let Some(check) = &self.check {
            out.push_str(&format!("&check={check}"));
        }
        if let Some(at) = self.tour {
            out.push_str(&format!("&tour={}&step={}", at.tour, at.step));
        }
        if self.embed {
            out.push_str("&embed=1");
        }
        out
    }

    /// True when `other` is the same experiment (whatever its view, part of the page and tour).
    pub fn same_experiment(&self, other: &Params) -> bool {
        let bare = |p: &Params| Params {
            embed: false,
            tour: None,
            part: None,
            check: None,
            ..p.clone()
        };
        bare(self) == bare(other)
    }

    /// The experiment's keys, without the view (`embed`) or the tour.
    fn experiment_fragment(&self) -> String {
        let mut out = format!(
            "v={LINK_VERSION}&nodes={}&vnodes={}&keys={}",
            self.nodes.join(","),
            self.vnodes,
            self.keys
        );
        if self.strategy != STRATEGY_DEFAULT {
            out.push_str(&format!("&strategy={}", self.strategy));
        }
        let uses = self.uses();
        if uses.shards {
            out.push_str(&format!("&shards={}", self.shards));
        }
        if uses.c {
            out.push_str(&format!("&c={}", c_text(self.c100)));
        }
        if self.replicas != REPLICAS_MIN {
            out.push_str(&format!("&replicas={}", self.replicas));
        }
        if self.read != 1 {
            out.push_str(&format!("&r={}", self.read));
        }
        if self.write != 1 {
            out.push_str(&format!("&w={}", self.write));
        }
        if self.zipf100 != 0 {
            out.push_str(&format!("&zipf={}", c_text(self.zipf100)));
        }
        if self.cache != 0 {
            out.push_str(&format!("&cache={}", self.cache));
        }
        match &self.change {
            Some(Change::Remove(n)) => out.push_str(&format!("&remove={n}")),
            Some(Change::Add(n)) => out.push_str(&format!("&add={n}")),
            None => {}
        }
        weights::write(self, &mut out);
        if !self.fail.is_empty() {
            out.push_str(&format!("&fail={}", self.fail.join(",")));
        }
        self.time.write(&mut out);
        out
    }

    /// The same experiment in the full page (without `embed`).
    pub fn full_page(&self) -> Params {
        Params {
            embed: false,
            ..self.clone()
        }
    }

    /// Which of the strategy settings the chosen strategy reads.
    pub fn uses(&self) -> crate::strategy::Uses {
        crate::strategy::by_name(self.strategy).map_or_else(Default::default, |s| s.uses())
    }

    /// Puts the settings the chosen strategy does not read back to their defaults, so that the inputs are
    /// exactly what the link says.
    pub fn normalize(&mut self) {
        let uses = self.uses();
        if !uses.shards {
            self.shards = SHARDS_DEFAULT;
        }
        if !uses.c {
            self.c100 = C100_DEFAULT;
        }
        self.replicas = self.replicas.clamp(REPLICAS_MIN, REPLICAS_MAX);
        self.read = self.read.clamp(1, self.replicas);
        self.write = self.write.clamp(1, self.replicas);
        self.cache = self.cache.min(self.keys);
        self.zipf100 = self.zipf100.min(ZIPF100_MAX) / ZIPF100_STEP * ZIPF100_STEP;
        self.normalize_weights();
        let after = self.nodes_after();
        let fail = std::mem::take(&mut self.fail);
        self.fail = after.iter().filter(|n| fail.contains(n)).cloned().collect();
        self.time.normalize(self.keys, &after);
    }

    /// The node list after the change (the node list itself without one).
    pub fn nodes_after(&self) -> Vec<String> {
        let mut list = self.nodes.clone();
        match &self.change {
            Some(Change::Remove(x)) => list.retain(|n| n != x),
            Some(Change::Add(x)) => list.push(x.clone()),
            None => {}
        }
        list
    }

    /// True when replication, failures, hot keys or a cache are in use (anything but one replica each,
    /// every node up, equal popularity and no cache): then the tables show copies and requests.
    pub fn serving(&self) -> bool {
        self.replicas > 1 || !self.fail.is_empty() || self.zipf100 > 0 || self.cache > 0
    }

    /// True when the time views are needed as soon as the link opens, not only once their section comes
    /// near the screen: the link is about them, names one of their parts, is embedded (its compact view
    /// shows one of them, when it wants them at all), or its tour step's caption reads them.
    pub fn time_at_once(&self) -> bool {
        use tours::{HISTORY_NAMES, STALENESS_NAMES};
        let reads = self
            .tour
            .is_some_and(|at| at.step().reads(&HISTORY_NAMES) || at.step().reads(&STALENESS_NAMES));
        self.embed
            || self.about_time()
            || reads
            || matches!(
                self.part,
                Some(Part::Time | Part::Staleness | Part::History)
            )
    }

    /// True when the real history check is needed as soon as the link opens: the link carries a
    /// history, or opens at the section.
    pub fn check_at_once(&self) -> bool {
        self.check.is_some() || self.part == Some(Part::Check)
    }

    /// True when the link says anything about the time views (a time setting other than its default).
    pub fn about_time(&self) -> bool {
        self.time != Time::default()
    }

    /// What the compact view (`embed=1`) shows: the part the link names (`part=`, else its tour step's),
    /// else the part its settings are about: time (a staleness setting alone: the staleness model; any
    /// other: the history), then replication, failures, hot keys or a cache, then the ring.
    pub fn compact(&self) -> Compact {
        match self.part.or_else(|| self.tour.map(|at| at.step().part)) {
            Some(Part::Ring | Part::Compare) => Compact::Ring,
            Some(Part::Curve) => Compact::Curve,
            Some(Part::Service) => Compact::Service,
            Some(Part::Staleness) => Compact::Staleness,
            Some(Part::Time | Part::History) => Compact::History,
            Some(Part::Check) => Compact::Check,
            None if self.about_time() => {
                let defaults = Time::default();
                let pbs_only = Time {
                    lat: defaults.lat,
                    trials: defaults.trials,
                    ..self.time.clone()
                } == defaults;
                if pbs_only {
                    Compact::Staleness
                } else {
                    Compact::History
                }
            }
            None if self.serving() => Compact::Service,
            None => Compact::Ring,
        }
    }

    /// The Zipf exponent s.
    pub fn zipf(&self) -> f64 {
        self.zipf100 as f64 / 100.0
    }

    /// The strategy settings, for [`crate::strategy`].
    pub fn settings(&self) -> crate::strategy::Settings {
        crate::strategy::Settings {
            vnodes: self.vnodes,
            shards: self.shards,
            c100: self.c100,
            weights: self.weights.clone(),
        }
    }

    /// Reads a fragment (with or without the leading `#`). Never fails: unusable parts are defaulted,
    /// clamped or dropped, and each is described by a [`Notice`].
    pub fn from_fragment(fragment: &str) -> (Params, Vec<Notice>) {
        let mut notices = Vec::new();
        let mut text = fragment.strip_prefix('#').unwrap_or(fragment);
        if text.len() > FRAGMENT_MAX_BYTES {
            let mut end = FRAGMENT_MAX_BYTES;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text = &text[..end];
            notices.push(Notice(format!(
                "The link was too long: only its first {FRAGMENT_MAX_BYTES} characters were read."
            )));
        }
        let mut params = Params::default();
        let (mut nodes, mut vnodes, mut keys, mut change) =
            (None, None, None, None::<(String, String)>);
        let (mut strategy, mut shards, mut c) = (None, None, None);
        let (mut version, mut embed, mut tour, mut step, mut part) = (None, None, None, None, None);
        let mut check = None;
        // Whether the link says anything about the experiment (a tour's step alone opens the step's).
        let mut experiment = false;
        let (mut replicas, mut read, mut write) = (None, None, None);
        let (mut fail, mut zipf, mut cache, mut weights) = (None, None, None, None);
        let mut times: [Option<String>; time::KEYS.len()] = Default::default();
        for (key, value) in form_urlencoded::parse(text.as_bytes()) {
            experiment |= !matches!(
                key.as_ref(),
                "v" | "embed" | "tour" | "step" | "part" | "check" | ""
            );
            let slot = match key.as_ref() {
                k if time::KEYS.contains(&k) => {
                    let i = time::KEYS.iter().position(|t| *t == k).expect("a time key");
                    &mut times[i]
                }
                "nodes" => &mut nodes,
                "vnodes" => &mut vnodes,
                "keys" => &mut keys,
                "strategy" => &mut strategy,
                "shards" => &mut shards,
                "c" => &mut c,
                "v" => &mut version,
                "embed" => &mut embed,
                "tour" => &mut tour,
                "step" => &mut step,
                "part" => &mut part,
                "check" => &mut check,
                "replicas" => &mut replicas,
                "r" => &mut read,
                "w" => &mut write,
                "fail" => &mut fail,
                "zipf" => &mut zipf,
                "cache" => &mut cache,
                "weights" => &mut weights,
                "remove" | "add" => {
                    if let Some((first, _)) = &change {
                        notices.push(Notice(format!(
                            "Only one change at a time: ignored “{key}” after “{first}”."
                        )));
                    } else {
                        change = Some((key.into_owned(), value.into_owned()));
                    }
                    continue;
                }
                "" if value.is_empty() => continue,
                _ => {
                    notices.push(Notice(format!("Ignored unknown setting {}.", quote(&key))));
                    continue;
                }
            };
            if slot.is_some() {
                notices.push(Notice(format!("“{key}” was given twice: used the first.")));
            } else {
                *slot = Some(value.into_owned());
            }
        }
        if let Some(list) = nodes {
            params.nodes = parse_nodes(&list, &mut notices);
        }
        if let Some(v) = vnodes {
            params.vnodes = parse_number(
                "vnodes",
                &v,
                VNODES_MIN,
                VNODES_MAX,
                VNODES_DEFAULT,
                &mut notices,
            );
        }
        if let Some(k) = keys {
            params.keys = parse_number("keys", &k, KEYS_MIN, KEYS_MAX, KEYS_DEFAULT, &mut notices);
        }
        if let Some(v) = version {
            if v.trim() != LINK_VERSION.to_string() {
                // First: it explains the notices after it.
                notices.insert(
                    0,
                    Notice(format!(
                    "This link says it is version {} of the link format; this page reads version \
                     {LINK_VERSION}: opened what it could.",
                    quote(v.trim())
                )),
                );
            }
        }
        match embed.as_deref().map(str::trim) {
            Some("1") => params.embed = true,
            Some("0") | None => {}
            Some(other) => notices.push(Notice(format!(
                "“embed” is 1 or 0, not {}: showed the full page.",
                quote(other)
            ))),
        }
        if let Some(name) = strategy {
            match crate::strategy::by_name(name.trim()) {
                Some(s) => params.strategy = s.name(),
                None => notices.push(Notice(format!(
                    "Unknown strategy {}: used {STRATEGY_DEFAULT}. The strategies are {}.",
                    quote(&name),
                    crate::strategy::ALL.map(|s| s.name()).join(", ")
                ))),
            }
        }
        let uses = params.uses();
        let not_for = |key: &str, applies_to: &str| {
            Notice(format!(
                "“{key}” applies only to strategy={applies_to}: ignored it for {}.",
                params.strategy
            ))
        };
        match shards {
            Some(_) if !uses.shards => notices.push(not_for("shards", "shards")),
            Some(v) => {
                params.shards = parse_number(
                    "shards",
                    &v,
                    SHARDS_MIN,
                    SHARDS_MAX,
                    SHARDS_DEFAULT,
                    &mut notices,
                )
            }
            None => {}
        }
        match c {
            Some(_) if !uses.c => notices.push(not_for("c", "bounded")),
            Some(v) => params.c100 = parse_c(&v, &mut notices),
            None => {}
        }
        if let Some((kind, name)) = change {
            let name = name.trim().to_owned();
            let change = if kind == "remove" {
                Change::Remove(name)
            } else {
                Change::Add(name)
            };
            match check_change(&params.nodes, change) {
                Ok(change) => params.change = Some(change),
                Err(notice) => notices.push(notice),
            }
        }
        if let Some(list) = weights {
            params.weights = weights::parse(&list, &params, &mut notices);
        }
        if let Some(v) = replicas {
            params.replicas = parse_number(
                "replicas",
                &v,
                REPLICAS_MIN,
                REPLICAS_MAX,
                REPLICAS_MIN,
                &mut notices,
            );
        }
        for (key, value, slot) in [
            ("r", read, &mut params.read),
            ("w", write, &mut params.write),
        ] {
            if let Some(v) = value {
                *slot = parse_number(key, &v, 1, params.replicas, 1, &mut notices);
            }
        }
        if let Some(v) = zipf {
            params.zipf100 = parse_hundredths(
                &Hundredths {
                    key: "zipf",
                    min: 0,
                    max: ZIPF100_MAX,
                    step: ZIPF100_STEP,
                    default: 0,
                },
                &v,
                &mut notices,
            );
        }
        if let Some(v) = cache {
            params.cache = parse_number("cache", &v, 0, params.keys, 0, &mut notices);
        }
        if let Some(list) = fail {
            params.fail = parse_fail(&params, &list, &mut notices);
        }
        let value = |key: &str| {
            let i = time::KEYS.iter().position(|t| *t == key)?;
            times[i].clone()
        };
        params.time = Time::parse(&value, &params, &mut notices);
        params.tour = parse_tour(tour, step, &mut notices);
        params.check = check.and_then(|v| self::check::parse(&v, &mut notices));
        params.part = part.and_then(|name| {
            let found = Part::by_name(name.trim());
            if found.is_none() {
                notices.push(Notice(format!(
                    "Unknown part of the page {}: opened at the top. The parts are {}.",
                    quote(&name),
                    tours::Part::ALL.map(tours::Part::name).join(", ")
                )));
            }
            found
        });
        if let Some(at) = params.tour.filter(|_| !experiment) {
            params = Params {
                embed: params.embed,
                tour: Some(at),
                part: params.part,
                ..at.params()
            };
        }
        (params, notices)
    }
}

/// The tour and step of `tour=` and `step=`: an unknown tour is dropped and a step out of range opens
/// step 1, each with a notice.
fn parse_tour(
    tour: Option<String>,
    step: Option<String>,
    notices: &mut Vec<Notice>,
) -> Option<TourAt> {
    let Some(id) = tour else {
        if step.is_some() {
            notices.push(Notice(
                "“step” belongs to a tour (tour=reddit&step=1): ignored it.".into(),
            ));
        }
        return None;
    };
    let Some(found) = tours::by_id(id.trim()) else {
        notices.push(Notice(format!(
            "Unknown tour {}: showed the experiment without it. The tours are {}.",
            quote(&id),
            tours::tours()
                .iter()
                .map(|t| t.id)
                .collect::<Vec<_>>()
                .join(", ")
        )));
        return None;
    };
    let n = match step.as_deref().map(str::trim) {
        None => 1,
        Some(v) => match v.parse::<u32>() {
            Ok(n) if found.step(n).is_some() => n,
            _ => {
                notices.push(Notice(format!(
                    "The tour {} has steps 1 to {}, not {}: opened step 1.",
                    found.id,
                    found.len(),
                    quote(v)
                )));
                1
            }
        },
    };
    Some(TourAt {
        tour: found.id,
        step: n,
    })
}

/// `change` if it can apply to `nodes`: a removal of one of them (not the only one), or an addition of
/// a valid name that is not one of them. Otherwise the notice that says why not.
pub fn check_change(nodes: &[String], change: Change) -> Result<Change, Notice> {
    let known = nodes.iter().any(|n| n == change.node());
    match &change {
        Change::Remove(name) if !known => Err(Notice(format!(
            "Can't remove {}: it is not one of the nodes.",
            quote(name)
        ))),
        Change::Remove(_) if nodes.len() == 1 => Err(Notice("Can't remove the only node.".into())),
        Change::Add(name) if !is_valid_name(name) => {
            Err(Notice(format!("Can't add {}: {}.", quote(name), NAME_RULE)))
        }
        Change::Add(name) if known => Err(Notice(format!(
            "Can't add {}: it is already a node.",
            quote(name)
        ))),
        _ => Ok(change),
    }
}

/// `c100` as the link writes it: `125` → `"1.25"`.
pub fn c_text(c100: u32) -> String {
    format!("{}.{:02}", c100 / 100, c100 % 100)
}

/// A decimal setting kept in hundredths: `c` (1.00..3.00) and `zipf` (0.00..2.00), in steps.
struct Hundredths {
    key: &'static str,
    min: u32,
    max: u32,
    step: u32,
    default: u32,
}

const C_SETTING: Hundredths = Hundredths {
    key: "c",
    min: C100_MIN,
    max: C100_MAX,
    step: C100_STEP,
    default: C100_DEFAULT,
};

/// Reads `c=`: see [`parse_hundredths`].
fn parse_c(value: &str, notices: &mut Vec<Notice>) -> u32 {
    parse_hundredths(&C_SETTING, value, notices)
}

/// Reads a plain decimal (digits and at most one point), rounded to the nearest step and clamped to the
/// setting's range; anything else is the default. Each adjustment is said.
fn parse_hundredths(h: &Hundredths, value: &str, notices: &mut Vec<Notice>) -> u32 {
    let (key, min, max) = (h.key, c_text(h.min), c_text(h.max));
    let value = value.trim();
    let plain = !value.is_empty()
        && value.len() <= 12
        && value.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && value.bytes().filter(|&b| b == b'.').count() <= 1
        && value.bytes().any(|b| b.is_ascii_digit());
    let Some(x) = plain.then(|| value.parse::<f64>().ok()).flatten() else {
        notices.push(Notice(format!(
            "“{key}” should be a number from {min} to {max}, not {}: used {}.",
            quote(value),
            c_text(h.default)
        )));
        return h.default;
    };
    let hundredths = (x * 100.0).round();
    if hundredths < h.min as f64 {
        notices.push(Notice(format!(
            "“{key}” must be at least {min}: used {min}."
        )));
        return h.min;
    }
    if hundredths > h.max as f64 {
        notices.push(Notice(format!(
            "“{key}” must be at most {max}: used {max}."
        )));
        return h.max;
    }
    let v = hundredths as u32;
    let stepped = ((v - h.min + h.step / 2) / h.step * h.step + h.min).min(h.max);
    if stepped != v || (x * 100.0 - hundredths).abs() > 1e-6 {
        notices.push(Notice(format!(
            "“{key}” goes in steps of {}: used {}.",
            c_text(h.step),
            c_text(stepped)
        )));
    }
    stepped
}

/// Reads `fail=`: names of nodes present after the change, kept in that list's order; others are said.
fn parse_fail(params: &Params, list: &str, notices: &mut Vec<Notice>) -> Vec<String> {
    let after = params.nodes_after();
    let asked: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    let removed = match &params.change {
        Some(Change::Remove(x)) => Some(x.as_str()),
        _ => None,
    };
    for name in &asked {
        if Some(*name) == removed {
            notices.push(Notice(format!(
                "{} is removed by the change, so it cannot also fail: ignored it in “fail”.",
                quote(name)
            )));
        } else if !after.iter().any(|n| n == name) {
            notices.push(Notice(format!(
                "Can't fail {}: it is not one of the nodes.",
                quote(name)
            )));
        }
    }
    after
        .into_iter()
        .filter(|n| asked.contains(&n.as_str()))
        .collect()
}

const NAME_RULE: &str = "names are 1–32 letters, digits, “_”, “.” or “-”";

fn parse_nodes(list: &str, notices: &mut Vec<Notice>) -> Vec<String> {
    let mut nodes: Vec<String> = Vec::new();
    let (mut bad, mut dup, mut extra) = (Vec::new(), Vec::new(), 0usize);
    for name in list.split(',').map(str::trim) {
        if !is_valid_name(name) {
            bad.push(quote(name));
        } else if nodes.iter().any(|n| n == name) {
            dup.push(quote(name));
        } else if nodes.len() == NODES_MAX {
            extra += 1;
        } else {
            nodes.push(name.to_owned());
        }
    }
    if !bad.is_empty() {
        notices.push(Notice(format!(
            "Ignored node names {}: {NAME_RULE}.",
            listed(&bad)
        )));
    }
    if !dup.is_empty() {
        dup.dedup();
        notices.push(Notice(format!(
            "Ignored repeated node names {}.",
            dup.join(", ")
        )));
    }
    if extra > 0 {
        notices.push(Notice(format!(
            "At most {NODES_MAX} nodes: ignored {extra} more."
        )));
    }
    if nodes.is_empty() {
        notices.push(Notice(format!(
            "No usable node names: used {}.",
            DEFAULT_NODES.join(", ")
        )));
        nodes = Params::default().nodes;
    }
    nodes
}

/// Items of a notice: the first three, then how many more (“a”, “b”, “c” and 2 more).
pub(super) fn listed(items: &[String]) -> String {
    let mut out = items.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > 3 {
        out.push_str(&format!(" and {} more", items.len() - 3));
    }
    out
}

pub(super) fn parse_number(
    key: &str,
    value: &str,
    min: u32,
    max: u32,
    default: u32,
    notices: &mut Vec<Notice>,
) -> u32 {
    let value = value.trim();
    match value.parse::<u64>() {
        Ok(n) if n < min as u64 => {
            notices.push(Notice(format!(
                "“{key}” must be at least {min}: used {min}."
            )));
            min
        }
        Ok(n) if n > max as u64 => {
            notices.push(Notice(format!(
                "“{key}” must be at most {max}: used {max}."
            )));
            max
        }
        Ok(n) => n as u32,
        Err(_) if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
            notices.push(Notice(format!(
                "“{key}” must be at most {max}: used {max}."
            )));
            max
        }
        Err(_) => {
            notices.push(Notice(format!(
                "“{key}” should be a whole number, not {}: used {default}.",
                quote(value)
            )));
            default
        }
    }
}

#[cfg(test)]
mod tests;
