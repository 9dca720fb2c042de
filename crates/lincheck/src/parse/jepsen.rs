//! Jepsen log lines: `… jepsen.util - PROCESS TYPE F VALUE`, fields separated by tabs or spaces.

use super::{check_value, Event, Kind, Line, Val};
use crate::op::{Fun, Reg};

/// What marks a Jepsen op line; lines without it are log noise.
pub(crate) const MARK: &str = "jepsen.util - ";

/// Parses one line of a Jepsen log.
///
/// A PROCESS that is a keyword (`:nemesis`) makes the line noise, as in EDN.
pub(crate) fn parse_line(line: &str) -> Line {
    let Some(at) = line.find(MARK) else {
        return Line::Noise;
    };
    let rest = &line[at + MARK.len()..];
    let Some((process, rest)) = token(rest) else {
        return Line::Error("no process after \"jepsen.util - \"".into(), None);
    };
    if process.starts_with(':') {
        return Line::Noise;
    }
    let Ok(process) = process.parse::<i64>() else {
        return Line::Error(format!("the process {process:?} is not an integer"), None);
    };
    let Some((kind, rest)) = token(rest) else {
        return Line::Error("no type after the process".into(), None);
    };
    let kind = match kind.strip_prefix(':').and_then(Kind::from_keyword) {
        Some(k) => k,
        None => {
            return Line::Error(
                format!("the type {kind:?} is not :invoke, :ok, :fail or :info"),
                None,
            )
        }
    };
    let invoke_of = (kind == Kind::Invoke).then_some(process);
    let Some((fun, rest)) = token(rest) else {
        return Line::Error("no function after the type".into(), invoke_of);
    };
    let fun = match fun.strip_prefix(':').and_then(Fun::from_name) {
        Some(f @ (Fun::Read | Fun::Write | Fun::Cas)) => f,
        _ => {
            return Line::Error(
                format!("the function {fun:?} is not :read, :write or :cas"),
                invoke_of,
            )
        }
    };
    let value = match value(rest.trim()) {
        Ok(v) => v,
        Err(why) => return Line::Error(why, invoke_of),
    };
    if let Err(why) = check_value(kind, fun, &value) {
        return Line::Error(why, invoke_of);
    }
    Line::Event(Event {
        line: 0,
        process,
        kind,
        fun,
        key: None,
        value,
        time: None,
    })
}

/// The first whitespace-separated token of `s` and what follows it.
fn token(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start();
    if s.is_empty() {
        return None;
    }
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    Some((&s[..end], &s[end..]))
}

/// VALUE: `nil`, an integer, `[A B]` (each an integer or `nil`) or a keyword (`:timed-out`).
fn value(s: &str) -> Result<Val, String> {
    if s.is_empty() {
        return Err("no value after the function".into());
    }
    if let Some(inner) = s.strip_prefix('[') {
        let Some(inner) = inner.strip_suffix(']') else {
            return Err(format!("the value {s:?} is not [A B]"));
        };
        let parts: Vec<&str> = inner.split_whitespace().collect();
        return match parts[..] {
            [a, b] => match (scalar(a), scalar(b)) {
                (Some(a), Some(b)) => Ok(Val::Pair(a, b)),
                _ => Err(format!("the value {s:?} is not [A B] of integers")),
            },
            _ => Err(format!("the value {s:?} is not [A B]")),
        };
    }
    if s.contains(char::is_whitespace) {
        return Err(format!("more than one value: {s:?}"));
    }
    if let Some(k) = s.strip_prefix(':') {
        if !k.is_empty()
            && k.chars()
                .all(|c| c.is_alphanumeric() || "-_?!.*+".contains(c))
        {
            return Ok(Val::Keyword(k.to_string()));
        }
        return Err(format!("the value {s:?} is not a keyword"));
    }
    match scalar(s) {
        Some(None) => Ok(Val::Nil),
        Some(Some(i)) => Ok(Val::Int(i)),
        None => Err(format!(
            "the value {s:?} is not nil, an integer, [A B] or :timed-out"
        )),
    }
}

/// `nil` or an integer.
fn scalar(s: &str) -> Option<Reg> {
    if s == "nil" {
        return Some(None);
    }
    s.parse::<i64>().ok().map(Some)
}
