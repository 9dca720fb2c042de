//! The time settings of the link (`consistency.md`): the watched key, the latency environment and the
//! Monte Carlo's trials, the simulated clients and their work, the mode, the partition and the CAP
//! choice, and a hand-made history. Each is clamped, defaulted or dropped with a notice; markup in `split=`
//! or `hist=` is quoted as text in the notice, never used.

use super::{parse_number, quote, Notice, Params};
use crate::consistency::history::History;
use crate::consistency::latency::Env;
use crate::consistency::pbs;
use crate::consistency::sim::{Cap, Mode, Reads};
use serde::Serialize;

/// Monte Carlo trials (`trials=`): 1,000 to 1,000,000.
pub const TRIALS_MIN: u32 = pbs::PBS_TRIALS_MIN;
pub const TRIALS_MAX: u32 = pbs::PBS_TRIALS_MAX;
pub const TRIALS_DEFAULT: u32 = pbs::PBS_TRIALS;
/// Clients (`clients=`), ops per client (`ops=`), mean think time in ms (`think=`), writes in per cent
/// (`writes=`), the seed (`seed=`).
pub const CLIENTS_MAX: u32 = 5;
pub const CLIENTS_DEFAULT: u32 = 3;
pub const OPS_MAX: u32 = 20;
pub const OPS_DEFAULT: u32 = 6;
pub const THINK_MAX: u32 = 1_000;
pub const THINK_DEFAULT: u32 = 20;
pub const WRITES_DEFAULT: u32 = 50;
pub const SEED_MAX: u32 = 999_999;
pub const SEED_DEFAULT: u32 = 1;
/// The most dropped ops of a `hist=` a notice names one by one.
const HIST_NAMED: usize = 10;
/// The partition's window (`from=`, `to=`), ms.
pub const WINDOW_MAX_MS: u32 = 1_000_000;

/// The time settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Time {
    /// The watched key's number (`key=`): `user_{key}`, below the key count.
    pub key: u32,
    /// The latency environment (`lat=`).
    pub lat: Env,
    /// Monte Carlo trials (`trials=`).
    pub trials: u32,
    pub clients: u32,
    pub ops: u32,
    pub think: u32,
    pub writes: u32,
    pub seed: u32,
    pub mode: Mode,
    /// Where reads go in primary mode (`reads=`); [`Reads::Any`] in quorum mode.
    pub reads: Reads,
    pub cap: Cap,
    /// Nodes (in the order of the nodes after the change) and clients (`c1` …) on side B of the
    /// partition (`split=`).
    pub split: Vec<String>,
    /// The partition's window [from, to) in ms; 0 and none (to the end of the run) without a split.
    pub from: u32,
    pub to: Option<u32>,
    /// A hand-made history (`hist=`) in place of the simulation.
    #[serde(skip)]
    pub hist: Option<History>,
}

impl Default for Time {
    fn default() -> Time {
        Time {
            key: 0,
            lat: Env::Disk,
            trials: TRIALS_DEFAULT,
            clients: CLIENTS_DEFAULT,
            ops: OPS_DEFAULT,
            think: THINK_DEFAULT,
            writes: WRITES_DEFAULT,
            seed: SEED_DEFAULT,
            mode: Mode::Quorum,
            reads: Reads::Any,
            cap: Cap::C,
            split: Vec::new(),
            from: 0,
            to: None,
            hist: None,
        }
    }
}

/// The link's names of the time settings, in the order they are written.
pub const KEYS: [&str; 15] = [
    "key", "lat", "trials", "clients", "ops", "think", "writes", "seed", "mode", "reads", "cap",
    "split", "from", "to", "hist",
];

impl Time {
    /// Appends the settings that differ from their defaults to a fragment, in [`KEYS`] order.
    pub(super) fn write(&self, out: &mut String) {
        let d = Time::default();
        let mut put = |key: &str, value: String, default: bool| {
            if !default {
                out.push_str(&format!("&{key}={value}"));
            }
        };
        put("key", self.key.to_string(), self.key == d.key);
        put("lat", self.lat.name().into(), self.lat == d.lat);
        put("trials", self.trials.to_string(), self.trials == d.trials);
        put(
            "clients",
            self.clients.to_string(),
            self.clients == d.clients,
        );
        put("ops", self.ops.to_string(), self.ops == d.ops);
        put("think", self.think.to_string(), self.think == d.think);
        put("writes", self.writes.to_string(), self.writes == d.writes);
        put("seed", self.seed.to_string(), self.seed == d.seed);
        put("mode", self.mode.name().into(), self.mode == d.mode);
        put("reads", self.reads.name().into(), self.reads == d.reads);
        put("cap", self.cap.name().into(), self.cap == d.cap);
        put("split", self.split.join(","), self.split.is_empty());
        put("from", self.from.to_string(), self.from == d.from);
        if let Some(to) = self.to {
            put("to", to.to_string(), false);
        }
        if let Some(h) = &self.hist {
            put("hist", h.to_text(), false);
        }
    }

    /// Brings the settings in line with the rest of the link: the watched key below the key count,
    /// `reads` only in primary mode, the split among the nodes after the change and the clients, and no
    /// window without a split.
    pub(super) fn normalize(&mut self, keys: u32, nodes_after: &[String]) {
        self.key = self.key.min(keys.saturating_sub(1));
        if self.mode != Mode::Primary {
            self.reads = Reads::Any;
        }
        let split = std::mem::take(&mut self.split);
        self.split = sides(nodes_after, self.clients)
            .filter(|n| split.contains(n))
            .collect();
        if self.split.is_empty() {
            (self.from, self.to) = (0, None);
        }
        if self.to.is_some_and(|to| to <= self.from) {
            self.to = None;
        }
    }

    /// Reads the time settings from a link's values (`value(key)` gives the first value of a key),
    /// for `params` (nodes and keys already read), saying what was not used.
    pub(super) fn parse(
        value: &dyn Fn(&str) -> Option<String>,
        params: &Params,
        notices: &mut Vec<Notice>,
    ) -> Time {
        let mut t = Time::default();
        let keys = params.keys;
        let number = |key: &str, min: u32, max: u32, default: u32, notices: &mut Vec<Notice>| {
            value(key).map_or(default, |v| {
                parse_number(key, &v, min, max, default, notices)
            })
        };
        t.key = number("key", 0, keys - 1, 0, notices);
        t.trials = number("trials", TRIALS_MIN, TRIALS_MAX, TRIALS_DEFAULT, notices);
        t.clients = number("clients", 1, CLIENTS_MAX, CLIENTS_DEFAULT, notices);
        t.ops = number("ops", 1, OPS_MAX, OPS_DEFAULT, notices);
        t.think = number("think", 1, THINK_MAX, THINK_DEFAULT, notices);
        t.writes = number("writes", 0, 100, WRITES_DEFAULT, notices);
        t.seed = number("seed", 0, SEED_MAX, SEED_DEFAULT, notices);
        t.from = number("from", 0, WINDOW_MAX_MS, 0, notices);
        // The largest `to` is the end of the run, as no `to` at all.
        t.to = value("to")
            .map(|v| parse_number("to", &v, 1, WINDOW_MAX_MS, WINDOW_MAX_MS, notices))
            .filter(|&to| to < WINDOW_MAX_MS);
        // One of a few names; anything else is the default, said.
        let choice =
            |key: &str, names: &[&'static str], default: &str, notices: &mut Vec<Notice>| {
                let v = value(key)?;
                let found = names.iter().copied().find(|n| *n == v.trim());
                if found.is_none() {
                    notices.push(Notice(format!(
                        "“{key}” is one of {}, not {}: used {default}.",
                        names.join(", "),
                        quote(&v),
                    )));
                }
                found
            };
        if let Some(name) = choice("lat", &Env::ALL.map(Env::name), "disk", notices) {
            t.lat = Env::by_name(name).unwrap_or(Env::Disk);
        }
        if let Some(name) = choice("mode", &Mode::ALL.map(Mode::name), "quorum", notices) {
            t.mode = Mode::ALL
                .into_iter()
                .find(|m| m.name() == name)
                .unwrap_or(Mode::Quorum);
        }
        if let Some(name) = choice("reads", &Reads::ALL.map(Reads::name), "any", notices) {
            t.reads = Reads::ALL
                .into_iter()
                .find(|r| r.name() == name)
                .unwrap_or(Reads::Any);
        }
        if value("reads").is_some() && t.mode != Mode::Primary {
            notices.push(Notice(
                "“reads” applies only to mode=primary: ignored it.".into(),
            ));
        }
        if let Some(name) = choice("cap", &Cap::ALL.map(Cap::name), "c", notices) {
            t.cap = Cap::ALL
                .into_iter()
                .find(|c| c.name() == name)
                .unwrap_or(Cap::C);
        }
        if let Some(list) = value("split") {
            let after = params.nodes_after();
            let known: Vec<String> = sides(&after, t.clients).collect();
            let asked: Vec<&str> = list
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .collect();
            let unknown: Vec<String> = asked
                .iter()
                .filter(|n| !known.iter().any(|k| k == *n))
                .map(|n| quote(n))
                .collect();
            if !unknown.is_empty() {
                notices.push(Notice(format!(
                    "Ignored in “split” (not a node after the change, nor a client c1–c{}): {}.",
                    t.clients,
                    unknown.join(", ")
                )));
            }
            t.split = known
                .into_iter()
                .filter(|k| asked.contains(&k.as_str()))
                .collect();
        }
        if t.split.is_empty() && (value("from").is_some() || value("to").is_some()) {
            notices.push(Notice(
                "“from” and “to” time a partition: without “split” they were ignored.".into(),
            ));
        }
        if let Some(to) = t.to.filter(|&to| to <= t.from) {
            notices.push(Notice(format!(
                "“to” ({to} ms) must come after “from” ({} ms): the partition lasts to the end.",
                t.from
            )));
        }
        if let Some(text) = value("hist") {
            let (history, dropped) = History::parse_explained(&text);
            if !dropped.is_empty() {
                let shown: Vec<String> = dropped
                    .iter()
                    .take(HIST_NAMED)
                    .map(|d| format!("{} {}", quote(&d.text), d.reason.words()))
                    .collect();
                let more = match dropped.len() {
                    n if n > HIST_NAMED => format!("; and {} more", n - HIST_NAMED),
                    _ => String::new(),
                };
                notices.push(Notice(format!(
                    "Dropped from the history “hist”: {}{more}.",
                    shown.join("; ")
                )));
            }
            if history.ops.is_empty() {
                notices.push(Notice(
                    "The history “hist” had no usable op: showed the simulation.".into(),
                ));
            } else {
                t.hist = Some(history);
            }
        }
        t.normalize(keys, &params.nodes_after());
        t
    }
}

/// Who can be on side B: the nodes after the change, in order, then the clients `c1` … `c{clients}`.
fn sides(nodes_after: &[String], clients: u32) -> impl Iterator<Item = String> + '_ {
    nodes_after
        .iter()
        .cloned()
        .chain((1..=clients).map(|c| format!("c{c}")))
}

/// [`sides`], for the link codec's property tests.
#[cfg(test)]
pub(super) fn tests_sides(
    nodes_after: &[String],
    clients: u32,
) -> impl Iterator<Item = String> + '_ {
    sides(nodes_after, clients)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> (Params, Vec<Notice>) {
        Params::from_fragment(s)
    }

    #[test]
    fn a_partition_timed_without_a_split_and_a_long_list_of_dropped_ops_are_said() {
        let ignored = "“from” and “to” time a partition: without “split” they were ignored.";
        for link in ["from=50", "to=400", "from=50&to=400"] {
            assert!(parse(link).1.iter().any(|n| n.0 == ignored), "{link}");
        }
        assert!(parse("split=db2&from=50").1.iter().all(|n| n.0 != ignored));
        // Ten dropped ops are named one by one; past ten, the rest are counted.
        let hist = |bad: usize| {
            let mut ops = vec!["1:w1@0-10".to_owned()];
            ops.extend((0..bad).map(|i| format!("1:r0@{}-{}", 50 + i, 40 + i)));
            let notices = parse(&format!("hist={}", ops.join(","))).1;
            notices
                .into_iter()
                .find(|n| n.0.starts_with("Dropped from the history"))
                .expect("a notice")
                .0
        };
        assert!(!hist(10).contains("more"), "{}", hist(10));
        assert_eq!(hist(10).matches("“1:r0@").count(), 10);
        assert!(hist(12).ends_with("; and 2 more."), "{}", hist(12));
        assert_eq!(hist(12).matches("“1:r0@").count(), 10);
    }

    #[test]
    fn time_settings_round_trip_and_default_unwritten() {
        let link = "v=1&nodes=db1,db2,db3,db4,db5&vnodes=150&keys=10000&replicas=3&key=7&lat=wan\
                    &trials=5000&clients=5&ops=20&think=100&writes=30&seed=42&mode=primary&reads=sticky\
                    &cap=a&split=db2,db4,c1,c3&from=50&to=400";
        let (p, n) = parse(link);
        assert!(n.is_empty(), "{n:?}");
        let t = &p.time;
        assert_eq!((t.key, t.lat, t.trials), (7, Env::Wan, 5000));
        assert_eq!(
            (t.clients, t.ops, t.think, t.writes, t.seed),
            (5, 20, 100, 30, 42)
        );
        assert_eq!(
            (t.mode, t.reads, t.cap),
            (Mode::Primary, Reads::Sticky, Cap::A)
        );
        assert_eq!(t.split, ["db2", "db4", "c1", "c3"]);
        assert_eq!((t.from, t.to), (50, Some(400)));
        assert_eq!(p.to_fragment(), link);
        let (d, n) = parse("lat=disk&trials=100000&mode=quorum&cap=c&seed=1");
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(d.time, Time::default());
        assert_eq!(
            d.to_fragment(),
            "v=1&nodes=db1,db2,db3&vnodes=150&keys=10000"
        );
    }

    #[test]
    fn hostile_time_settings_are_said_and_not_used() {
        let (p, n) = parse(
            "keys=500&key=900&lat=<b>moon</b>&trials=7&clients=9&think=0&mode=paxos&reads=sticky\
             &cap=x&split=db1,<script>,c4,zz&from=10&to=5",
        );
        let t = &p.time;
        assert_eq!(t.key, 499);
        assert_eq!(
            (t.lat, t.trials, t.clients, t.think),
            (Env::Disk, 1000, 5, 1)
        );
        assert_eq!((t.mode, t.reads, t.cap), (Mode::Quorum, Reads::Any, Cap::C));
        assert_eq!(t.split, ["db1", "c4"]);
        assert_eq!((t.from, t.to), (10, None));
        let said: Vec<&str> = n.iter().map(|n| n.0.as_str()).collect();
        for part in [
            "“key” must be at most 499",
            "“lat” is one of ssd, disk, ymmr, wan, not “<b>moon</b>”: used disk.",
            "“trials” must be at least 1000",
            "“clients” must be at most 5",
            "“mode” is one of quorum, primary, not “paxos”",
            "“reads” applies only to mode=primary",
            "“cap” is one of c, a, not “x”",
            "“<script>”, “zz”",
            "“to” (5 ms) must come after “from” (10 ms)",
        ] {
            assert!(said.iter().any(|s| s.contains(part)), "{part}: {said:?}");
        }
        // A window without a split is meaningless: dropped.
        let (p, n) = parse("from=10&to=20");
        assert_eq!((p.time.from, p.time.to), (0, None));
        assert!(n[0].0.contains("without “split”"));
        // Fewer keys bring the watched key along; a removed node leaves the split.
        let (mut p, _) = parse("keys=5000&key=4000&split=db2,c1&remove=db2");
        assert_eq!(p.time.split, ["c1"]);
        p.keys = 1000;
        p.normalize();
        assert_eq!(p.time.key, 999);
    }
}
