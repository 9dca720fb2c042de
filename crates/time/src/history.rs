//! A history of one key's replicas, as a link writes it (`hist=`, `consistency.md` section 4): a
//! comma-separated list of ops `<client>:<kind><value>@<start>-<end>`, e.g. `1:w1@0-10,2:r1@20-30.5`.
//!
//! * client `1`–`5`; kind `w` (ok write), `r` (ok read; value 0 is the initial value), `x` (write with
//!   unknown outcome), `f` (failed or unavailable op: a write's number, 0 for a read); value `0`–`999`;
//!   times in milliseconds with at most three decimals (`0.235`), kept as whole microseconds; start < end.
//! * [`History::parse`] is total: it keeps what it can and returns every op it dropped, as written. Dropped:
//!   malformed ops; start ≥ end; writes (`w`, `x`) of 0 or of a value a kept write already wrote; ops
//!   overlapping or touching a kept op of the same client (each client is sequential: an op starts
//!   strictly after its previous op ended); and every op past the [`OPS_MAX`]th kept one.
//! * [`History::to_text`] writes exactly this format, each time with the fewest decimals it needs, so
//!   that parsing it gives the same history back.
//!
//! Readings of the spec taken here (the spec leaves them open):
//! * Ops are the texts between commas, surrounding whitespace ignored; an empty text, or an empty item
//!   (`,,`, a trailing comma), is no op and no notice. Inside an op nothing else is allowed: no spaces,
//!   no signs, no exponents; the kind letters are lower case.
//! * Numbers are plain decimal digits; leading zeros are read (`1:w007@00.5-1` is `1:w7@0.5-1`). A time
//!   has at most three decimals after a point with digits on both sides (`10.`, `.5` and `0.2355` are
//!   malformed, not rounded). A value above 999 is malformed, read or write.
//! * "Already written" counts only kept `w` and `x` ops, earlier in the text: a failed write (`f`) wrote
//!   nothing, so `1:f3@0-1,2:w3@2-3` keeps both; `f` ops are never dropped for their value. A read of a
//!   value that only a failed write had, or no op at all, is kept (the checker then breaks every
//!   verdict).
//! * Overlap is checked against the kept ops of the same client, in any order of the text; so
//!   `1:w2@20-30,1:w1@0-10` keeps both, and program order is by time, not by text.

use serde::{Deserialize, Serialize};

/// Clients are `c1` … `c5`.
pub const CLIENTS_MAX: u8 = 5;
/// The largest value an op can carry.
pub const VALUE_MAX: u32 = 999;
/// The most ops a history keeps.
pub const OPS_MAX: usize = 100;

/// What an op did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `w`: a write that was acknowledged (ok).
    Write,
    /// `r`: a read that returned (ok); value 0 is the initial value.
    Read,
    /// `x`: a write whose outcome is unknown (it may or may not have taken effect).
    Unknown,
    /// `f`: an op that failed or was unavailable: a write keeps its number, a read has 0.
    Failed,
}

impl Kind {
    /// Every kind, in the order of their letters `w r x f`.
    pub const ALL: [Kind; 4] = [Kind::Write, Kind::Read, Kind::Unknown, Kind::Failed];

    /// Its letter in `hist=`.
    pub fn letter(self) -> char {
        match self {
            Kind::Write => 'w',
            Kind::Read => 'r',
            Kind::Unknown => 'x',
            Kind::Failed => 'f',
        }
    }

    /// The kind of a letter of `hist=` (lower case only).
    pub fn by_letter(letter: char) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.letter() == letter)
    }
}

/// One op of one client: what it did, with which value, from its start to its end (µs).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Op {
    /// The client, 1..=[`CLIENTS_MAX`].
    pub client: u8,
    pub kind: Kind,
    /// The value written or read, 0..=[`VALUE_MAX`] (0: the initial value, or a failed read).
    pub value: u32,
    /// When it started and ended, in whole microseconds; `start < end`.
    pub start: u64,
    pub end: u64,
}

impl Op {
    /// The op's short name on the diagram and in sentences: its kind's letter and its value, as in
    /// `hist=` (`w3`, `r2`, `x4`, `f0`).
    pub fn label(&self) -> String {
        format!("{}{}", self.kind.letter(), self.value)
    }

    /// The op in `hist=`'s format: `1:w3@0.5-10`.
    pub fn to_text(&self) -> String {
        format!(
            "{}:{}@{}-{}",
            self.client,
            self.label(),
            ms_text(self.start),
            ms_text(self.end)
        )
    }

    /// True for the writes that may have taken effect: ok (`w`) and unknown (`x`) ones.
    pub fn may_write(&self) -> bool {
        matches!(self.kind, Kind::Write | Kind::Unknown)
    }

    /// Reads one op's text (no surrounding whitespace): `None` when it is malformed, a number is out
    /// of range, or start ≥ end. The rules between ops (values, overlaps) are [`History::parse`]'s.
    pub fn parse(text: &str) -> Option<Op> {
        read_op(text).ok()
    }

    /// True when the two ops' times overlap or touch (one ends when the other starts).
    pub fn meets(&self, other: &Op) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

/// Why [`History::parse_explained`] dropped an op.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Not `<client>:<kind><value>@<start>-<end>` with client 1–5, kind `w r x f`, value 0–999 and
    /// times in ms with at most three decimals.
    Malformed,
    /// It does not start before it ends.
    Backwards,
    /// A write (`w` or `x`) of 0, the initial value.
    WritesZero,
    /// A write (`w` or `x`) of a value a kept write already wrote.
    WrittenBefore,
    /// It overlaps or touches a kept op of the same client.
    Overlaps,
    /// It comes after the [`OPS_MAX`]th kept op.
    TooMany,
}

impl Reason {
    /// Why, in a few words for a notice (after the op's text).
    pub fn words(self) -> &'static str {
        match self {
            Reason::Malformed => "is not client:kind value@start-end",
            Reason::Backwards => "does not start before it ends",
            Reason::WritesZero => "writes 0, the initial value",
            Reason::WrittenBefore => "writes a value already written",
            Reason::Overlaps => "overlaps another op of its client",
            Reason::TooMany => "comes after the 100th op",
        }
    }
}

/// An op [`History::parse_explained`] dropped: its text as written (without surrounding whitespace)
/// and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Dropped {
    pub text: String,
    pub reason: Reason,
}

/// The ops of one key's history, in the order given (not necessarily by time).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct History {
    pub ops: Vec<Op>,
}

impl History {
    /// Reads `hist=`'s text. Never fails: returns the ops kept and the texts of those dropped, as
    /// written, in order (see the module's rules).
    pub fn parse(text: &str) -> (History, Vec<String>) {
        let (history, dropped) = History::parse_explained(text);
        (history, dropped.into_iter().map(|d| d.text).collect())
    }

    /// [`History::parse`], saying why each op was dropped.
    pub fn parse_explained(text: &str) -> (History, Vec<Dropped>) {
        let mut ops: Vec<Op> = Vec::new();
        let mut dropped = Vec::new();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let verdict = if ops.len() >= OPS_MAX {
                Err(Reason::TooMany)
            } else {
                check(item, &ops)
            };
            match verdict {
                Ok(op) => ops.push(op),
                Err(reason) => dropped.push(Dropped {
                    text: item.to_owned(),
                    reason,
                }),
            }
        }
        (History { ops }, dropped)
    }

    /// The history in `hist=`'s format: ops in order, each time with the fewest decimals it needs.
    pub fn to_text(&self) -> String {
        self.ops
            .iter()
            .map(Op::to_text)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The clients that have an op, in order.
    pub fn clients(&self) -> Vec<u8> {
        let mut clients: Vec<u8> = self.ops.iter().map(|op| op.client).collect();
        clients.sort_unstable();
        clients.dedup();
        clients
    }
}

/// One op's text as an op, or why not: [`Reason::Malformed`] or [`Reason::Backwards`].
fn read_op(text: &str) -> Result<Op, Reason> {
    let malformed = Reason::Malformed;
    let (client, rest) = text.split_once(':').ok_or(malformed)?;
    let (what, times) = rest.split_once('@').ok_or(malformed)?;
    let (start, end) = times.split_once('-').ok_or(malformed)?;
    let client = digits(client)
        .and_then(|c| u8::try_from(c).ok())
        .filter(|c| (1..=CLIENTS_MAX).contains(c))
        .ok_or(malformed)?;
    let mut letters = what.chars();
    let kind = letters.next().and_then(Kind::by_letter).ok_or(malformed)?;
    let value = digits(letters.as_str())
        .and_then(|v| u32::try_from(v).ok())
        .filter(|&v| v <= VALUE_MAX)
        .ok_or(malformed)?;
    let (start, end) = (ms(start).ok_or(malformed)?, ms(end).ok_or(malformed)?);
    if start >= end {
        return Err(Reason::Backwards);
    }
    Ok(Op {
        client,
        kind,
        value,
        start,
        end,
    })
}

/// `item` as an op that may join the kept `ops`, or why not.
fn check(item: &str, ops: &[Op]) -> Result<Op, Reason> {
    let op = read_op(item)?;
    if op.may_write() && op.value == 0 {
        return Err(Reason::WritesZero);
    }
    if op.may_write() && ops.iter().any(|o| o.may_write() && o.value == op.value) {
        return Err(Reason::WrittenBefore);
    }
    if ops.iter().any(|o| o.client == op.client && o.meets(&op)) {
        return Err(Reason::Overlaps);
    }
    Ok(op)
}

/// A plain decimal number: one or more ASCII digits (leading zeros allowed), no sign; `None` if it
/// does not fit in a u64.
fn digits(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.bytes().try_fold(0u64, |n, b| {
        n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

/// A time in ms with at most three decimals (`10`, `0.235`, `12.5`), in whole µs.
fn ms(text: &str) -> Option<u64> {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) if (1..=3).contains(&f.len()) => (w, f),
        Some(_) => return None,
        None => (text, "0"),
    };
    let us = digits(fraction)? * 10u64.pow(3 - fraction.len() as u32);
    digits(whole)?.checked_mul(1000)?.checked_add(us)
}

/// Microseconds as milliseconds with the fewest decimals needed (up to 3): `10`, `0.235`, `12.5`.
pub fn ms_text(us: u64) -> String {
    let (whole, fraction) = (us / 1000, us % 1000);
    if fraction == 0 {
        return whole.to_string();
    }
    let decimals = format!("{fraction:03}");
    format!("{whole}.{}", decimals.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn op(client: u8, kind: Kind, value: u32, start: u64, end: u64) -> Op {
        Op {
            client,
            kind,
            value,
            start,
            end,
        }
    }

    #[test]
    fn reads_every_kind_and_time() {
        let (h, dropped) = History::parse("1:w1@0-10, 2:r1@20-30.5 ,3:x2@0.235-1,1:f0@12.5-13");
        assert!(dropped.is_empty(), "{dropped:?}");
        assert_eq!(
            h.ops,
            [
                op(1, Kind::Write, 1, 0, 10_000),
                op(2, Kind::Read, 1, 20_000, 30_500),
                op(3, Kind::Unknown, 2, 235, 1000),
                op(1, Kind::Failed, 0, 12_500, 13_000),
            ]
        );
        assert_eq!(
            h.to_text(),
            "1:w1@0-10,2:r1@20-30.5,3:x2@0.235-1,1:f0@12.5-13"
        );
        assert_eq!(h.ops[2].label(), "x2");
        assert_eq!(h.clients(), [1, 2, 3]);
    }

    #[test]
    fn times_have_the_fewest_decimals() {
        for (us, text) in [
            (0, "0"),
            (10_000, "10"),
            (235, "0.235"),
            (12_500, "12.5"),
            (50, "0.05"),
            (1, "0.001"),
            (2_000_010, "2000.01"),
        ] {
            assert_eq!(ms_text(us), text);
            assert_eq!(ms(text), Some(us));
        }
        assert_eq!(ms_text(u64::MAX), "18446744073709551.615");
        assert_eq!(ms("18446744073709551.615"), Some(u64::MAX));
        assert_eq!(ms("18446744073709551.616"), None);
        for bad in ["", ".5", "5.", "0.2355", "1e3", "+1", " 1", "1.2.3", "１"] {
            assert_eq!(ms(bad), None, "{bad}");
        }
        assert_eq!(ms("007.50"), Some(7500));
    }

    #[test]
    fn the_spec_example_keeps_one_op() {
        let text = "1:w1@10-5,1:w0@0-5,1:w2@0-5,2:w2@0-5,1:r2@3-8,6:w3@0-5,1:r1@5-9,bogus";
        let (h, dropped) = History::parse_explained(text);
        assert_eq!(h.to_text(), "1:w2@0-5");
        let reasons: Vec<(&str, Reason)> = dropped
            .iter()
            .map(|d| (d.text.as_str(), d.reason))
            .collect();
        assert_eq!(
            reasons,
            [
                ("1:w1@10-5", Reason::Backwards),
                ("1:w0@0-5", Reason::WritesZero),
                ("2:w2@0-5", Reason::WrittenBefore),
                ("1:r2@3-8", Reason::Overlaps),
                ("6:w3@0-5", Reason::Malformed),
                ("1:r1@5-9", Reason::Overlaps),
                ("bogus", Reason::Malformed),
            ]
        );
    }

    #[test]
    fn readings_the_spec_leaves_open() {
        // Empty text, empty items and whitespace: nothing, and no notice.
        assert_eq!(History::parse(""), (History::default(), vec![]));
        assert_eq!(History::parse(" , ,, "), (History::default(), vec![]));
        assert_eq!(History::parse("1:w1@0-1,").0.ops.len(), 1);
        // Nothing inside an op but the format; lower-case letters only.
        for bad in [
            "1 :w1@0-1",
            "1:w 1@0-1",
            "1:W1@0-1",
            "1:w1@0 -1",
            "+1:w1@0-1",
            "1:w+1@0-1",
            "1:w@0-1",
            "1:1@0-1",
            "0:w1@0-1",
            "1:r1000@0-1",
            "1:w1000@0-1",
            "1:w1@0-1-2",
            "1:w1@0",
            "1:w1",
            "1:q1@0-1",
            "1:w1@0-1.0000",
            "<b>:w1@0-1",
        ] {
            let (h, dropped) = History::parse_explained(bad);
            assert!(h.ops.is_empty(), "{bad}");
            assert_eq!(
                dropped,
                [Dropped {
                    text: bad.into(),
                    reason: Reason::Malformed
                }],
                "{bad}"
            );
        }
        // Leading zeros are read.
        assert_eq!(History::parse("01:w007@00.5-1").0.to_text(), "1:w7@0.5-1");
        // A failed write wrote nothing: its number may be written again, and is never dropped.
        let (h, dropped) = History::parse("1:f3@0-1,2:w3@2-3,3:f3@0-1,1:x4@2-3,2:x4@4-5");
        assert_eq!(h.to_text(), "1:f3@0-1,2:w3@2-3,3:f3@0-1,1:x4@2-3");
        assert_eq!(dropped, ["2:x4@4-5"]);
        // Reads of values nobody wrote are kept (the checker judges them).
        assert_eq!(History::parse("2:r7@0-10,2:r999@20-30").0.ops.len(), 2);
        // Overlap against kept ops in any text order; a dropped op blocks nothing.
        let (h, dropped) = History::parse("1:w2@20-30,1:w1@0-10,1:r1@10-15,1:r2@12-18");
        assert_eq!(h.to_text(), "1:w2@20-30,1:w1@0-10,1:r2@12-18");
        assert_eq!(dropped, ["1:r1@10-15"]);
        // start = end is backwards.
        assert_eq!(
            History::parse_explained("1:r0@5-5").1[0].reason,
            Reason::Backwards
        );
    }

    #[test]
    fn keeps_at_most_a_hundred_ops() {
        let text: Vec<String> = (0..105)
            .map(|i| format!("{}:r0@{}-{}", 1 + i % 5, 2 * i, 2 * i + 1))
            .collect();
        let (h, dropped) = History::parse_explained(&text.join(","));
        assert_eq!(h.ops.len(), OPS_MAX);
        assert_eq!(dropped.len(), 5);
        assert!(dropped.iter().all(|d| d.reason == Reason::TooMany));
        assert_eq!(dropped[0].text, text[100]);
        // Dropped ops do not count towards the hundred.
        let mut text = vec!["bogus".to_owned(); 3];
        text.extend((0..100).map(|i| format!("1:r0@{}-{}", 2 * i, 2 * i + 1)));
        let (h, dropped) = History::parse(&text.join(","));
        assert_eq!((h.ops.len(), dropped.len()), (100, 3));
    }

    /// A valid history: up to `OPS_MAX` ops, each client's ops apart, unique write values.
    fn arb_history() -> impl Strategy<Value = History> {
        let spec = (
            1..=CLIENTS_MAX,
            prop::sample::select(Kind::ALL.to_vec()),
            0..=VALUE_MAX,
            0u64..5_000_000,
            1u64..3_000_000,
        );
        prop::collection::vec(spec, 0..=120).prop_map(|specs| {
            let mut ops: Vec<Op> = Vec::new();
            for (client, kind, value, start, length) in specs {
                let value = match kind {
                    Kind::Write | Kind::Unknown => value.max(1),
                    _ => value,
                };
                let candidate = op(client, kind, value, start, start + length);
                let clash = ops.iter().any(|o| {
                    (o.client == client && o.meets(&candidate))
                        || (o.may_write() && candidate.may_write() && o.value == value)
                });
                if !clash && ops.len() < OPS_MAX {
                    ops.push(candidate);
                }
            }
            History { ops }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn to_text_round_trips(h in arb_history()) {
            let text = h.to_text();
            prop_assert_eq!(History::parse(&text), (h, vec![]));
        }

        #[test]
        fn parsing_is_total(text in ".{0,300}") {
            let (h, dropped) = History::parse(&text);
            let items = text.split(',').filter(|s| !s.trim().is_empty()).count();
            prop_assert_eq!(h.ops.len() + dropped.len(), items);
            // What it keeps is a valid history: written back and read again, it is all kept.
            prop_assert_eq!(History::parse(&h.to_text()), (h, vec![]));
        }

        #[test]
        fn parsing_near_misses_is_total(
            text in "([0-7]:[wrxfW]?[0-9]{0,4}@[0-9.]{0,6}-[0-9.]{0,6}[, ]{1,2}){0,12}"
        ) {
            let (h, dropped) = History::parse(&text);
            let items = text.split(',').filter(|s| !s.trim().is_empty()).count();
            prop_assert_eq!(h.ops.len() + dropped.len(), items);
            for d in &dropped {
                prop_assert!(text.contains(d.as_str()));
            }
            prop_assert_eq!(History::parse(&h.to_text()), (h, vec![]));
        }
    }
}
