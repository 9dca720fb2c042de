//! Reading histories: format detection, the input limits, and the line parsers' shared types.

mod edn;
mod hist;
mod jepsen;
mod pair;

#[cfg(test)]
mod tests;

use crate::history::{ErrorReason, Format, History, LineError, Notice};
use crate::op::{Fun, Reg};

pub use hist::looks_like_hist;

/// How much of an input is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most bytes of text read (whole lines only).
    pub max_bytes: usize,
    /// Most ops (invokes) read; completions of ops already read are still read past it.
    pub max_ops: usize,
}

impl Default for Limits {
    /// The spec's limits: 1 MB (1,000,000 bytes) of text and 100,000 ops.
    fn default() -> Limits {
        Limits {
            max_bytes: 1_000_000,
            max_ops: 100_000,
        }
    }
}

/// Parses a pasted history under the default [`Limits`].
///
/// For [`Format::Hist`] the result has no ops: the page parses that format itself and builds the
/// history with [`History::from_ops`].
pub fn parse(text: &str) -> History {
    parse_with(text, Limits::default())
}

/// Parses a pasted history under `limits`.
pub fn parse_with(text: &str, limits: Limits) -> History {
    let mut notices = Vec::new();
    let text = cut_text(text, limits.max_bytes, &mut notices);
    let format = detect(text);
    match format {
        None => {
            let errors = lines(text)
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(n, l)| {
                    LineError::new(
                        n,
                        l,
                        ErrorReason::Malformed("fits no known history format".into()),
                    )
                })
                .collect();
            History::assemble(None, Vec::new(), errors, notices, 0)
        }
        Some(Format::Hist) => {
            History::assemble(Some(Format::Hist), Vec::new(), Vec::new(), notices, 0)
        }
        Some(f) => {
            let mut events = Vec::new();
            let mut errors = Vec::new();
            for (n, l) in lines(text) {
                let parsed = match f {
                    Format::JepsenLog => jepsen::parse_line(l),
                    _ => edn::parse_line(l),
                };
                match parsed {
                    Line::Noise => {}
                    Line::Event(mut e) => {
                        e.line = n;
                        events.push(Parsed::Event(e));
                    }
                    Line::Error(why, invoke_of) => {
                        errors.push(LineError::new(n, l, ErrorReason::Malformed(why)));
                        if let Some(p) = invoke_of {
                            events.push(Parsed::SkippedInvoke {
                                process: p,
                                line: n,
                            });
                        }
                    }
                }
            }
            let timed = f == Format::Edn
                && events.iter().any(|e| matches!(e, Parsed::Event(_)))
                && events.iter().all(|e| match e {
                    Parsed::Event(e) => e.time.is_some(),
                    Parsed::SkippedInvoke { .. } => true,
                });
            pair::pair(
                f,
                events,
                timed,
                limits.max_ops,
                &lines_text(text),
                errors,
                notices,
            )
        }
    }
}

/// The format of `text`: the first non-blank line in the `hist=` format makes it [`Format::Hist`];
/// otherwise the first line valid as a Jepsen log line or an EDN op decides. With no valid line, a
/// line containing `jepsen.util - ` makes it a Jepsen log and one starting with `{` EDN.
pub fn detect(text: &str) -> Option<Format> {
    let mut first = true;
    for (_, l) in lines(text) {
        if l.trim().is_empty() {
            continue;
        }
        if first && looks_like_hist(l) {
            return Some(Format::Hist);
        }
        first = false;
        if matches!(jepsen::parse_line(l), Line::Event(_)) {
            return Some(Format::JepsenLog);
        }
        if edn::is_valid(l) {
            return Some(Format::Edn);
        }
    }
    for (_, l) in lines(text) {
        if l.contains(jepsen::MARK) {
            return Some(Format::JepsenLog);
        }
        if l.trim_start().starts_with('{') {
            return Some(Format::Edn);
        }
    }
    None
}

/// The lines of `text` with their 1-based numbers, without line endings.
fn lines(text: &str) -> impl Iterator<Item = (u32, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| ((i + 1) as u32, l.strip_suffix('\r').unwrap_or(l)))
}

/// The lines as a vector, for errors raised while pairing.
fn lines_text(text: &str) -> Vec<&str> {
    lines(text).map(|(_, l)| l).collect()
}

/// `text` cut to whole lines within `max` bytes, with a notice when it was cut.
fn cut_text<'a>(text: &'a str, max: usize, notices: &mut Vec<Notice>) -> &'a str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // Whole lines only: cut after the last line ending within the limit (if any).
    let kept = match text[..end].rfind('\n') {
        Some(nl) => &text[..nl + 1],
        None => &text[..end],
    };
    let from_line = kept.matches('\n').count() as u32 + 1;
    notices.push(Notice::TextCut {
        read_bytes: kept.len(),
        total_bytes: text.len(),
        from_line,
    });
    kept
}

/// An event's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Invoke,
    Ok,
    Fail,
    Info,
}

impl Kind {
    fn from_keyword(k: &str) -> Option<Kind> {
        Some(match k {
            "invoke" => Kind::Invoke,
            "ok" => Kind::Ok,
            "fail" => Kind::Fail,
            "info" => Kind::Info,
            _ => return None,
        })
    }
}

/// An event's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Val {
    Nil,
    Int(i64),
    Pair(Reg, Reg),
    Str(String),
    Keyword(String),
    /// Anything else EDN allows (floats, maps, longer vectors…).
    Other,
}

/// One line's event (an invoke or a completion).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Event {
    pub line: u32,
    pub process: i64,
    pub kind: Kind,
    pub fun: Fun,
    pub key: Option<String>,
    pub value: Val,
    pub time: Option<i64>,
}

/// What a line parser made of one line.
#[derive(Debug)]
pub(crate) enum Line {
    /// Blank, log noise or a non-integer process: ignored.
    Noise,
    Event(Event),
    /// The line is skipped; when it was an invoke of a known process, that process.
    Error(String, Option<i64>),
}

/// The events in line order, with the invokes that were skipped (so their completions are too).
pub(crate) enum Parsed {
    Event(Event),
    SkippedInvoke { process: i64, line: u32 },
}

/// Checks that an event's value fits its type and function.
pub(crate) fn check_value(kind: Kind, fun: Fun, value: &Val) -> Result<(), String> {
    let ok = match (kind, fun) {
        (Kind::Invoke, Fun::Write) => matches!(value, Val::Nil | Val::Int(_)),
        (Kind::Invoke, Fun::Cas) => matches!(value, Val::Pair(..)),
        (Kind::Invoke, Fun::Put | Fun::Append) => matches!(value, Val::Str(_)),
        (Kind::Ok, Fun::Read) => matches!(value, Val::Nil | Val::Int(_) | Val::Keyword(_)),
        (Kind::Ok, Fun::Get) => matches!(value, Val::Nil | Val::Str(_) | Val::Keyword(_)),
        _ => true,
    };
    if ok {
        return Ok(());
    }
    Err(match (kind, fun) {
        (Kind::Invoke, Fun::Write) => "a write's value must be an integer or nil",
        (Kind::Invoke, Fun::Cas) => "a cas's value must be [A B]",
        (Kind::Invoke, _) => "a put's or append's value must be a string",
        (_, Fun::Read) => "a read's result must be an integer or nil",
        _ => "a get's result must be a string or nil",
    }
    .to_string())
}
