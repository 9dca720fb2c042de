//! The share link: the page's inputs in the URL fragment, e.g.
//! `#nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2`.
//!
//! [`Params::to_fragment`] writes the inputs in a fixed key order. [`Params::from_fragment`] is total: any
//! string gives valid [`Params`]; what it could not use is returned as short [`Notice`]s for the page.

pub mod presets;
pub mod time;
pub mod tours;

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
        // Whether the link says anything about the experiment (a tour's step alone opens the step's).
        let mut experiment = false;
        let (mut replicas, mut read, mut write) = (None, None, None);
        let (mut fail, mut zipf, mut cache) = (None, None, None);
        let mut times: [Option<String>; time::KEYS.len()] = Default::default();
        for (key, value) in form_urlencoded::parse(text.as_bytes()) {
            experiment |= !matches!(key.as_ref(), "v" | "embed" | "tour" | "step" | "part" | "");
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
                "replicas" => &mut replicas,
                "r" => &mut read,
                "w" => &mut write,
                "fail" => &mut fail,
                "zipf" => &mut zipf,
                "cache" => &mut cache,
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
        let shown: Vec<String> = bad.iter().take(3).cloned().collect();
        let more = if bad.len() > 3 {
            format!(" and {} more", bad.len() - 3)
        } else {
            String::new()
        };
        notices.push(Notice(format!(
            "Ignored node names {}{more}: {NAME_RULE}.",
            shown.join(", ")
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
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(s: &str) -> (Params, Vec<Notice>) {
        Params::from_fragment(s)
    }

    #[test]
    fn a_notice_quotes_at_most_twenty_printable_characters() {
        let twenty = "abcdefghijklmnopqrst";
        assert_eq!(quote(twenty), "“abcdefghijklmnopqrst”");
        assert_eq!(quote(&format!("{twenty}u")), "“abcdefghijklmnopqrst…”");
        assert_eq!(quote("a\u{7}b\nc"), "“abc”");
        let (_, notices) = parse("nodes=a,b&colour=red");
        assert_eq!(
            notices.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
            ["Ignored unknown setting “colour”."]
        );
        // Bad node names: the first three quoted, the rest counted.
        let bad = |list: &str| parse(&format!("nodes=a,{list}")).1[0].0.clone();
        assert_eq!(
            bad("b!,c!,d!"),
            format!("Ignored node names “b!”, “c!”, “d!”: {NAME_RULE}.")
        );
        assert_eq!(
            bad("b!,c!,d!,e!,f!"),
            format!("Ignored node names “b!”, “c!”, “d!” and 2 more: {NAME_RULE}.")
        );
        // Stray separators (and a lone "=") are nothing; a value with no name is an unknown setting.
        assert_eq!(parse("&nodes=a,b&&keys=5000&").1, []);
        assert_eq!(parse("nodes=a,b&=&keys=5000").1, []);
        assert_eq!(
            parse("nodes=a,b&=x").1,
            [Notice("Ignored unknown setting “”.".into())]
        );
    }

    #[test]
    fn serving_is_any_one_of_replicas_failures_hot_keys_or_a_cache() {
        assert!(!parse("nodes=a,b").0.serving());
        for link in [
            "nodes=a,b&replicas=2",
            "nodes=a,b&fail=a",
            "nodes=a,b&zipf=0.05",
            "nodes=a,b&cache=10",
        ] {
            let (p, notices) = parse(link);
            assert!(notices.is_empty(), "{link}: {notices:?}");
            assert!(p.serving(), "{link}");
        }
        assert_eq!(parse("zipf=0.80").0.zipf(), 0.8);
        assert_eq!(parse("zipf=1.50").0.zipf(), 1.5);
    }

    #[test]
    fn a_long_link_is_cut_at_8192_bytes_on_a_character_boundary() {
        let too_long = "The link was too long: only its first 8192 characters were read.";
        // Exactly the limit: read whole, no notice.
        let exact = format!("vnodes=5&zz={}", "y".repeat(FRAGMENT_MAX_BYTES - 12));
        assert_eq!(exact.len(), FRAGMENT_MAX_BYTES);
        let (p, notices) = parse(&exact);
        assert_eq!(p.vnodes, 5);
        assert!(notices.iter().all(|n| n.0 != too_long), "{notices:?}");
        // "é" (two bytes) straddles the limit: the cut falls before it, so "vnodes=5" is read as it is.
        let head = format!("zz={}&vnodes=5", "y".repeat(FRAGMENT_MAX_BYTES - 1 - 12));
        assert_eq!(head.len(), FRAGMENT_MAX_BYTES - 1);
        let (p, notices) = parse(&format!("{head}é&keys=7"));
        assert_eq!((p.vnodes, p.keys), (5, 10_000));
        assert_eq!(notices[0].0, too_long);
        assert_eq!(notices[1..], parse(&head).1[..]);
    }

    #[test]
    fn reads_the_documented_example() {
        let (p, notices) = parse("#nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(p.nodes, ["db1", "db2", "db3"]);
        assert_eq!((p.vnodes, p.keys), (150, 10000));
        assert_eq!(p.change, Some(Change::Remove("db2".into())));
        assert_eq!(
            p.to_fragment(),
            "v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2"
        );
    }

    #[test]
    fn the_compact_view_shows_what_the_link_is_about() {
        let compact = |s: &str| parse(s).0.compact();
        assert_eq!(compact("nodes=a,b&remove=b&embed=1"), Compact::Ring);
        assert_eq!(compact("replicas=3&embed=1"), Compact::Service);
        assert_eq!(compact("fail=db2&embed=1"), Compact::Service);
        assert_eq!(compact("zipf=1.00&cache=10&embed=1"), Compact::Service);
        // A staleness setting alone (latencies, trials) is about the staleness model; any other time
        // setting is about the history.
        assert_eq!(compact("replicas=3&lat=wan&embed=1"), Compact::Staleness);
        assert_eq!(
            compact("replicas=3&trials=10000&embed=1"),
            Compact::Staleness
        );
        assert_eq!(
            compact("replicas=3&lat=wan&seed=2&embed=1"),
            Compact::History
        );
        assert_eq!(compact("replicas=3&split=db2&embed=1"), Compact::History);
        // The part the link names wins; the comparison has no compact form.
        assert_eq!(compact("replicas=3&seed=2&part=service"), Compact::Service);
        assert_eq!(compact("part=staleness"), Compact::Staleness);
        assert_eq!(compact("part=time"), Compact::History);
        assert_eq!(compact("part=curve"), Compact::Curve);
        assert_eq!(compact("replicas=3&part=compare"), Compact::Ring);
        // A tour step: the link's part, else the step's.
        let steps = [
            Compact::Ring,
            Compact::Ring,
            Compact::Ring,
            Compact::Ring,
            Compact::Ring,
            Compact::Ring,
            Compact::Curve,
            Compact::Staleness,
            Compact::Staleness,
            Compact::History,
            Compact::Service,
        ];
        for (n, want) in (1..).zip(steps) {
            assert_eq!(
                compact(&format!("tour=reddit&step={n}&embed=1")),
                want,
                "step {n}"
            );
        }
        assert_eq!(compact("tour=reddit&step=11&part=ring"), Compact::Ring);
    }

    #[test]
    fn links_carry_their_version_and_embed() {
        let (p, n) = parse("v=1&embed=1&nodes=a,b");
        assert!(n.is_empty(), "{n:?}");
        assert!(p.embed);
        assert_eq!(
            p.to_fragment(),
            "v=1&nodes=a,b&vnodes=150&keys=10000&embed=1"
        );
        assert_eq!(
            p.full_page().to_fragment(),
            "v=1&nodes=a,b&vnodes=150&keys=10000"
        );
        // Without v: version 1, silently. An unknown version opens what it can, and says so.
        assert_eq!(parse("nodes=a,b").1, vec![]);
        let (p, n) = parse("v=7&nodes=a,b&keys=500&colour=red");
        assert_eq!((p.nodes.len(), p.keys), (2, 500));
        assert!(n[0].0.contains("version “7”"), "{n:?}");
        assert!(n[1].0.contains("unknown setting “colour”"), "{n:?}");
        let (p, n) = parse("embed=yes");
        assert!(!p.embed);
        assert_eq!(n.len(), 1);
    }

    #[test]
    fn empty_fragment_is_the_default_silently() {
        assert_eq!(parse(""), (Params::default(), vec![]));
        assert_eq!(parse("#"), (Params::default(), vec![]));
    }

    #[test]
    fn numbers_are_clamped_or_defaulted() {
        let (p, n) = parse("vnodes=0&keys=99999999999999999999999");
        assert_eq!((p.vnodes, p.keys), (VNODES_MIN, KEYS_MAX));
        assert_eq!(n.len(), 2);
        let (p, n) = parse("vnodes=abc&keys=-5");
        assert_eq!((p.vnodes, p.keys), (VNODES_DEFAULT, KEYS_DEFAULT));
        assert_eq!(n.len(), 2);
        assert!(n[0].0.contains("whole number"));
    }

    #[test]
    fn bad_names_are_dropped_and_said() {
        let (p, n) = parse("nodes=db1,,<img src=x onerror=alert(1)>,db1,db2&add=db2");
        assert_eq!(p.nodes, ["db1", "db2"]);
        assert_eq!(p.change, None);
        let text: Vec<&str> = n.iter().map(|x| x.0.as_str()).collect();
        assert!(text[0].starts_with("Ignored node names"), "{text:?}");
        assert!(text[1].contains("repeated"), "{text:?}");
        assert!(text[2].contains("already a node"), "{text:?}");
        let (p, n) = parse("nodes=%3Cscript%3E,,");
        assert_eq!(p.nodes, DEFAULT_NODES);
        assert!(n.last().unwrap().0.starts_with("No usable node names"));
    }

    #[test]
    fn changes_are_checked_against_the_nodes() {
        assert_eq!(parse("remove=db9").0.change, None);
        assert_eq!(parse("nodes=a&remove=a").0.change, None);
        assert_eq!(parse("add=db4").0.change, Some(Change::Add("db4".into())));
        let (p, n) = parse("remove=db1&add=db4");
        assert_eq!(p.change, Some(Change::Remove("db1".into())));
        assert_eq!(n.len(), 1);
    }

    #[test]
    fn unknown_and_repeated_keys_are_said() {
        let (p, n) = parse("foo=1&keys=200&keys=300&&");
        assert_eq!(p.keys, 200);
        assert_eq!(n.len(), 2);
    }

    #[test]
    fn huge_fragments_are_cut() {
        let long = format!("keys=500&nodes={}", "é".repeat(10_000));
        let (p, n) = parse(&long);
        assert_eq!(p.keys, 500);
        assert!(n[0].0.contains("too long"));
    }

    #[test]
    fn too_many_nodes_are_cut() {
        let names: Vec<String> = (1..=150).map(default_name).collect();
        let (p, n) = parse(&format!("nodes={}", names.join(",")));
        assert_eq!(p.nodes.len(), NODES_MAX);
        assert!(n[0].0.contains("ignored 50 more"));
    }

    #[test]
    fn strategy_settings_apply_only_to_their_strategy() {
        let (p, n) = parse("strategy=shards&shards=500&remove=db1");
        assert_eq!((p.strategy, p.shards, n.len()), ("shards", 500, 0));
        assert_eq!(
            p.to_fragment(),
            "v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&strategy=shards&shards=500&remove=db1"
        );
        let (p, n) = parse("strategy=bounded&c=1.05");
        assert_eq!((p.strategy, p.c100, n.len()), ("bounded", 105, 0));
        assert_eq!(
            p.to_fragment(),
            "v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&strategy=bounded&c=1.05"
        );
        // Not for this strategy: ignored and said.
        let (p, n) = parse("strategy=jump&shards=500&c=2");
        assert_eq!((p.shards, p.c100), (SHARDS_DEFAULT, C100_DEFAULT));
        assert_eq!(n.len(), 2);
        assert!(n[0].0.contains("applies only to strategy=shards"), "{n:?}");
        let (p, n) = parse("shards=500");
        assert_eq!((p.strategy, p.shards), ("ring", SHARDS_DEFAULT));
        assert_eq!(n.len(), 1);
    }

    #[test]
    fn bad_strategy_values_are_defaulted_or_clamped() {
        let (p, n) = parse("strategy=%3Cscript%3Ealert(1)%3C/script%3E");
        assert_eq!(p.strategy, "ring");
        assert!(
            n[0].0.starts_with("Unknown strategy “<script>alert(1)</"),
            "{n:?}"
        );
        let (p, n) = parse("strategy=shards&shards=0");
        assert_eq!(p.shards, SHARDS_MIN);
        assert!(n[0].0.contains("at least 16"));
        let (p, _) = parse("strategy=shards&shards=99999");
        assert_eq!(p.shards, SHARDS_MAX);
        for (c, want, notices) in [
            ("abc", 125, 1),
            ("1e2", 125, 1),
            ("NaN", 125, 1),
            ("-1", 125, 1),
            ("0.5", 100, 1),
            ("7", 300, 1),
            ("1.25", 125, 0),
            ("1.3", 130, 0),
            ("2", 200, 0),
            ("1.15", 115, 0),
            ("1.27", 125, 1),
            ("1.28", 130, 1),
            ("1.251", 125, 1),
            ("", 125, 1),
        ] {
            let (p, n) = parse(&format!("strategy=bounded&c={c}"));
            assert_eq!((p.c100, n.len()), (want, notices), "c={c}: {n:?}");
        }
        assert_eq!(c_text(100), "1.00");
        assert_eq!(c_text(305), "3.05");
    }

    #[test]
    fn replication_settings_are_clamped_and_said() {
        let (p, n) = parse("nodes=a,b,c&replicas=3&r=2&w=3&fail=b&zipf=0.80&cache=50");
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(
            (p.replicas, p.read, p.write, p.zipf100, p.cache),
            (3, 2, 3, 80, 50)
        );
        assert_eq!(p.fail, vec!["b".to_owned()]);
        assert_eq!(
            p.to_fragment(),
            "v=1&nodes=a,b,c&vnodes=150&keys=10000&replicas=3&r=2&w=3&zipf=0.80&cache=50&fail=b"
        );
        let hostile = [
            ("replicas=0", "“replicas” must be at least 1: used 1."),
            ("replicas=99", "“replicas” must be at most 5: used 5."),
            ("replicas=2&r=3", "“r” must be at most 2: used 2."),
            ("w=x", "“w” should be a whole number"),
            ("zipf=2.5", "“zipf” must be at most 2.00: used 2.00."),
            ("zipf=0.83", "“zipf” goes in steps of 0.05: used 0.85."),
            ("zipf=-1", "“zipf” should be a number from 0.00 to 2.00"),
            (
                "keys=1000&cache=5000",
                "“cache” must be at most 1000: used 1000.",
            ),
            ("fail=zz", "Can't fail “zz”: it is not one of the nodes."),
            ("remove=db2&fail=db2", "“db2” is removed by the change"),
        ];
        for (link, said) in hostile {
            let (p, n) = parse(link);
            assert!(n.iter().any(|n| n.0.starts_with(said)), "{link}: {n:?}");
            let mut normal = p.clone();
            normal.normalize();
            assert_eq!(normal, p, "{link}");
        }
        // The failures are kept in node order, without repeats; an added node may fail.
        let (p, n) = parse("nodes=a,b,c&add=d&fail=d,c,c,a");
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(p.fail, ["a", "c", "d"]);
    }

    #[test]
    fn unused_name_skips_taken() {
        let taken: Vec<String> = ["db1", "db2", "db4"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(unused_name(&taken, 1), "db3");
        assert_eq!(unused_name(&taken, 4), "db5");
    }

    fn arb_params() -> impl Strategy<Value = Params> {
        let name = "[A-Za-z0-9_.-]{1,32}";
        (
            // In any order: the link keeps the node order (it matters to ties, modn, jump and range).
            proptest::collection::vec(name, 1..12),
            VNODES_MIN..=VNODES_MAX,
            KEYS_MIN..=KEYS_MAX,
            (0..3u8, any::<prop::sample::Index>()),
            name,
            (
                0..crate::strategy::ALL.len(),
                SHARDS_MIN..=SHARDS_MAX,
                0..=40u32,
                proptest::bool::ANY,
                0..=11u32,
            ),
            (
                1..=REPLICAS_MAX,
                1..=REPLICAS_MAX,
                1..=REPLICAS_MAX,
                proptest::collection::vec(proptest::bool::ANY, 0..8),
                0..=40u32,
                0..=KEYS_MAX,
            ),
            arb_time(),
        )
            .prop_map(
                |(
                    mut nodes,
                    vnodes,
                    keys,
                    (kind, which),
                    extra,
                    (strategy, shards, c, embed, step),
                    (replicas, read, write, failing, zipf, cache),
                    (mut time, split),
                )| {
                    // Unique names, first occurrence kept, order as generated.
                    let mut seen = std::collections::HashSet::new();
                    nodes.retain(|n| seen.insert(n.clone()));
                    let change = match kind {
                        1 if nodes.len() > 1 => Some(Change::Remove(which.get(&nodes).clone())),
                        2 if !nodes.contains(&extra) => Some(Change::Add(extra)),
                        _ => None,
                    };
                    let mut p = Params {
                        nodes,
                        vnodes,
                        keys,
                        change,
                        strategy: crate::strategy::ALL[strategy].name(),
                        shards,
                        c100: C100_MIN + c * C100_STEP,
                        replicas,
                        read,
                        write,
                        fail: Vec::new(),
                        zipf100: zipf * ZIPF100_STEP,
                        cache,
                        time: Time::default(),
                        embed,
                        // Step 0: no tour.
                        tour: (step > 0).then_some(TourAt {
                            tour: "reddit",
                            step,
                        }),
                        // A part now and then (by the step number, to stay within the tuple).
                        part: tours::Part::ALL.get(step as usize % 9).copied(),
                    };
                    // The split: any of the nodes after the change and the clients.
                    time.split = time::tests_sides(&p.nodes_after(), time.clients)
                        .zip(split.iter().cycle())
                        .filter(|(_, &b)| b)
                        .map(|(n, _)| n)
                        .collect();
                    p.time = time;
                    // Any of the nodes after the change may be down; normalize() keeps their order.
                    p.fail = p
                        .nodes_after()
                        .into_iter()
                        .zip(&failing)
                        .filter(|(_, &down)| down)
                        .map(|(n, _)| n)
                        .collect();
                    p.normalize();
                    p
                },
            )
    }

    /// Time settings in their ranges (`time.rs`), a hand-made history now and then, and which sides
    /// are split (applied to the nodes and clients once they are known).
    fn arb_time() -> impl Strategy<Value = (Time, Vec<bool>)> {
        use crate::consistency::history::History;
        use crate::consistency::latency::Env;
        use crate::consistency::sim::{Cap, Mode, Reads};
        (
            (
                0..=KEYS_MAX,
                0..Env::ALL.len(),
                time::TRIALS_MIN..=time::TRIALS_MAX,
            ),
            (
                1..=time::CLIENTS_MAX,
                1..=time::OPS_MAX,
                1..=time::THINK_MAX,
                0..=100u32,
            ),
            (
                0..=time::SEED_MAX,
                0..Mode::ALL.len(),
                0..Reads::ALL.len(),
                0..Cap::ALL.len(),
            ),
            (
                0..=time::WINDOW_MAX_MS,
                proptest::option::of(1..time::WINDOW_MAX_MS),
            ),
            proptest::collection::vec(proptest::bool::ANY, 0..16),
            proptest::option::weighted(0.2, prop::sample::select(HISTS.to_vec())),
        )
            .prop_map(
                |(
                    (key, lat, trials),
                    (clients, ops, think, writes),
                    (seed, mode, reads, cap),
                    (from, to),
                    split,
                    hist,
                )| {
                    let t = Time {
                        key,
                        lat: Env::ALL[lat],
                        trials,
                        clients,
                        ops,
                        think,
                        writes,
                        seed,
                        mode: Mode::ALL[mode],
                        reads: Reads::ALL[reads],
                        cap: Cap::ALL[cap],
                        split: Vec::new(),
                        from,
                        to,
                        hist: hist.map(|h| History::parse(h).0),
                    };
                    (t, split)
                },
            )
    }

    /// Hand-made histories (`hist=`), whole and with ops to drop.
    const HISTS: [&str; 4] = [
        "1:w1@0-10,2:r1@5-12,2:r0@13-20",
        "1:w1@0-10, 2:r0@11-12 ,3:r1@2-4",
        "1:w1@0-10,bad,2:r9@1-2,1:w2@20-",
        "3:r?@1-2,1:w1@0-5!,2:r1@6-7",
    ];

    /// The link's settings, as the parser knows them: the system's, then the time settings.
    const SETTINGS: [&str; 34] = [
        "v", "nodes", "vnodes", "keys", "strategy", "shards", "c", "replicas", "r", "w", "zipf",
        "cache", "remove", "add", "fail", "embed", "tour", "step", "part", "key", "lat", "trials",
        "clients", "ops", "think", "writes", "seed", "mode", "reads", "cap", "split", "from", "to",
        "hist",
    ];

    /// A value for a setting: plausible ones (numbers in and out of range, decimals, names and lists of
    /// names, strategies) and hostile ones (markup, percent-escapes, signs, exponents, huge numbers,
    /// separators, any text).
    fn arb_value() -> impl Strategy<Value = String> {
        let strategy = prop::sample::select(crate::strategy::ALL.map(|s| s.name()).to_vec());
        prop_oneof![
            4 => "[0-9]{1,7}",
            2 => "[0-3]\\.[0-9]{1,3}",
            3 => "(db[0-9]{1,3}|[A-Za-z0-9_.-]{1,6})(,(db[0-9]{1,3}|[A-Za-z0-9_.-]{1,6})){0,6}",
            2 => strategy.prop_map(str::to_owned),
            2 => prop::sample::select(vec!["ssd", "disk", "ymmr", "wan", "quorum", "primary", "sticky", "any", "c", "a", "c1,db2", "reddit", "time", "history"]).prop_map(str::to_owned),
            1 => prop::sample::select(HISTS.to_vec()).prop_map(str::to_owned),
            1 => Just(String::new()),
            1 => "[-+][0-9]{1,12}",
            1 => "[0-9]{11,25}",
            1 => "[0-9]{1,3}(e[0-9]|\\.[0-9]+\\.[0-9]+| +)",
            1 => " [0-9]{1,4} ",
            1 => "<[a-z]{1,6} [a-z]{1,8}=[^>]{0,12}>",
            1 => "(%[0-9A-Fa-f]{2}|%[g-z]|%){1,4}",
            1 => "[,&=#+ ]{1,4}",
            2 => "\\PC{0,24}",
        ]
    }

    /// A fragment of settings: mostly the real names (each possibly repeated), sometimes unknown or
    /// hostile names, in any order, with or without the leading `#`.
    fn arb_fragment() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            9 => prop::sample::select(SETTINGS.to_vec()).prop_map(str::to_owned),
            1 => "\\PC{0,8}",
        ];
        (
            proptest::collection::vec((key, arb_value()), 0..16),
            any::<bool>(),
        )
            .prop_map(|(pairs, hash)| {
                let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("{}{}", if hash { "#" } else { "" }, body.join("&"))
            })
    }

    /// What every parse must give, whatever the text: valid, normalised params.
    fn assert_valid(p: &Params) -> Result<(), TestCaseError> {
        prop_assert!(!p.nodes.is_empty() && p.nodes.len() <= NODES_MAX);
        prop_assert!(p.nodes.iter().all(|n| is_valid_name(n)));
        let mut unique = p.nodes.clone();
        unique.sort();
        unique.dedup();
        prop_assert_eq!(
            unique.len(),
            p.nodes.len(),
            "repeated names in {:?}",
            p.nodes
        );
        prop_assert!((VNODES_MIN..=VNODES_MAX).contains(&p.vnodes));
        prop_assert!((KEYS_MIN..=KEYS_MAX).contains(&p.keys));
        prop_assert!(crate::strategy::by_name(p.strategy).is_some());
        prop_assert!((SHARDS_MIN..=SHARDS_MAX).contains(&p.shards));
        prop_assert!((C100_MIN..=C100_MAX).contains(&p.c100) && p.c100.is_multiple_of(C100_STEP));
        prop_assert!((REPLICAS_MIN..=REPLICAS_MAX).contains(&p.replicas));
        prop_assert!((1..=p.replicas).contains(&p.read) && (1..=p.replicas).contains(&p.write));
        prop_assert!(p.zipf100 <= ZIPF100_MAX && p.zipf100.is_multiple_of(ZIPF100_STEP));
        prop_assert!(p.cache <= p.keys);
        match &p.change {
            Some(Change::Remove(x)) => prop_assert!(p.nodes.contains(x) && p.nodes.len() > 1),
            Some(Change::Add(x)) => prop_assert!(is_valid_name(x) && !p.nodes.contains(x)),
            None => {}
        }
        let after = p.nodes_after();
        prop_assert!(p.fail.iter().all(|n| after.contains(n)));
        if let Some(at) = p.tour {
            prop_assert!(tours::by_id(at.tour).is_some_and(|t| t.step(at.step).is_some()));
        }
        let t = &p.time;
        prop_assert!(t.key < p.keys);
        prop_assert!((time::TRIALS_MIN..=time::TRIALS_MAX).contains(&t.trials));
        prop_assert!(
            (1..=time::CLIENTS_MAX).contains(&t.clients) && (1..=time::OPS_MAX).contains(&t.ops)
        );
        prop_assert!(
            (1..=time::THINK_MAX).contains(&t.think) && t.writes <= 100 && t.seed <= time::SEED_MAX
        );
        let sides: Vec<String> = time::tests_sides(&after, t.clients).collect();
        prop_assert!(
            t.split.iter().all(|n| sides.contains(n)),
            "split {:?} of {:?}",
            t.split,
            sides
        );
        prop_assert!(t
            .to
            .is_none_or(|to| to > t.from && to < time::WINDOW_MAX_MS));
        if t.split.is_empty() {
            prop_assert_eq!((t.from, t.to), (0, None));
        }
        let mut normal = p.clone();
        normal.normalize();
        prop_assert_eq!(&normal, p);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn fragments_round_trip(p in arb_params()) {
            let (back, notices) = Params::from_fragment(&p.to_fragment());
            prop_assert!(notices.is_empty(), "{:?}", notices);
            prop_assert_eq!(back, p);
        }

        /// Links made of the real settings with plausible and hostile values: valid params; the link the
        /// page writes back opens exactly them without a notice; and a setting given once with a value
        /// in its range (README's table) is used as given, or clamped as documented.
        #[test]
        fn settings_with_any_values_parse_as_documented(s in arb_fragment()) {
            let (p, _) = Params::from_fragment(&s);
            assert_valid(&p)?;
            let (again, notices) = Params::from_fragment(&p.to_fragment());
            prop_assert!(notices.is_empty(), "{} wrote {}: {:?}", s, p.to_fragment(), notices);
            prop_assert_eq!(&again, &p);
            // The first value of each setting, as the parser reads them (it uses the first).
            let mut first = std::collections::HashMap::new();
            for (k, v) in form_urlencoded::parse(s.strip_prefix('#').unwrap_or(&s).as_bytes()) {
                first.entry(k.into_owned()).or_insert_with(|| v.trim().to_owned());
            }
            let number = |key: &str| first.get(key).and_then(|v| v.parse::<u64>().ok());
            if let Some(n) = number("vnodes") {
                prop_assert_eq!(p.vnodes as u64, n.clamp(VNODES_MIN as u64, VNODES_MAX as u64), "{}", s);
            }
            if let Some(n) = number("keys") {
                prop_assert_eq!(p.keys as u64, n.clamp(KEYS_MIN as u64, KEYS_MAX as u64), "{}", s);
            }
            if let Some(n) = number("replicas") {
                prop_assert_eq!(p.replicas as u64, n.clamp(REPLICAS_MIN as u64, REPLICAS_MAX as u64), "{}", s);
            }
            if let Some(n) = number("cache") {
                prop_assert_eq!(p.cache as u64, n.min(p.keys as u64), "{}", s);
            }
            if let Some(name) = first.get("strategy") {
                let known = crate::strategy::by_name(name).map_or(STRATEGY_DEFAULT, |s| s.name());
                prop_assert_eq!(p.strategy, known, "{}", s);
            }
            if let Some(list) = first.get("nodes") {
                let names: Vec<&str> = list.split(',').map(str::trim).collect();
                let mut unique = names.clone();
                unique.sort();
                unique.dedup();
                if names.iter().all(|n| is_valid_name(n)) && unique.len() == names.len() && names.len() <= NODES_MAX {
                    prop_assert_eq!(&p.nodes, &names, "{}", s);
                }
            }
            prop_assert_eq!(p.embed, first.get("embed").map(String::as_str) == Some("1"), "{}", s);
        }

        #[test]
        fn any_text_parses_to_valid_params(s in "\\PC{0,300}") {
            let (p, _) = Params::from_fragment(&s);
            assert_valid(&p)?;
        }
    }
}
