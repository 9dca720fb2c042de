//! A checkable history: its ops after pairing, partitioned by key, with the lines that were skipped.

use std::cmp::Ordering;
use std::fmt;

use rustc_hash::FxHashMap;

use crate::op::{Action, ModelKind, Op, Outcome};

/// The input formats of the spec's section 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Format {
    /// Jepsen log lines (`… jepsen.util - 0 :invoke :read nil`).
    JepsenLog,
    /// Jepsen EDN op maps, one per line.
    Edn,
    /// The page's own `hist=` format (detected here, parsed by the page).
    Hist,
}

impl Format {
    /// The name the page shows in `data-format`: `jepsen-log`, `edn` or `hist`.
    pub fn name(self) -> &'static str {
        match self {
            Format::JepsenLog => "jepsen-log",
            Format::Edn => "edn",
            Format::Hist => "hist",
        }
    }
}

/// Why a line was skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum ErrorReason {
    /// The line does not fit the detected format; the text says what is wrong.
    Malformed(String),
    /// A completion while its process has no pending invoke.
    NoPendingInvoke,
    /// A completion whose function differs from its pending invoke's (at that line).
    FunMismatch(u32),
    /// An invoke while its process still has one pending (invoked at that line).
    AlreadyPending(u32),
    /// The completion of an invoke that was itself skipped (at that line).
    InvokeSkipped(u32),
    /// Register and key-value ops on the same key.
    MixedModels,
}

impl fmt::Display for ErrorReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorReason::Malformed(why) => f.write_str(why),
            ErrorReason::NoPendingInvoke => {
                f.write_str("a completion with no pending invoke of its process")
            }
            ErrorReason::FunMismatch(l) => {
                write!(
                    f,
                    "a completion whose function differs from its invoke's (line {l})"
                )
            }
            ErrorReason::AlreadyPending(l) => {
                write!(
                    f,
                    "an invoke while the process's invoke at line {l} is still pending"
                )
            }
            ErrorReason::InvokeSkipped(l) => {
                write!(f, "the completion of the invoke skipped at line {l}")
            }
            ErrorReason::MixedModels => f.write_str("register and key-value ops on the same key"),
        }
    }
}

/// A skipped line: its 1-based number, its text (at most 80 characters) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LineError {
    /// 1-based line number.
    pub line: u32,
    /// The line's text, cut to at most 80 characters (the last one `…` when cut); plain text.
    pub text: String,
    /// Why it was skipped.
    pub reason: ErrorReason,
}

impl LineError {
    /// An error for `line` showing `text` cut to 80 characters.
    pub fn new(line: u32, text: &str, reason: ErrorReason) -> LineError {
        LineError {
            line,
            text: truncate_80(text),
            reason,
        }
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {} skipped ({}): {}",
            self.line, self.reason, self.text
        )
    }
}

/// Most characters of a line an error shows.
pub const SHOWN_CHARS: usize = 80;

/// `text` without its line ending, cut to at most 80 characters: 79 and `…` when longer.
pub fn truncate_80(text: &str) -> String {
    let text = text.trim_end_matches(['\r', '\n']);
    if text.chars().count() <= SHOWN_CHARS {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(SHOWN_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// What the input limits cut.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Notice {
    /// Only `read_bytes` of `total_bytes` were read (whole lines); the cut starts at line `from_line`.
    TextCut {
        read_bytes: usize,
        total_bytes: usize,
        from_line: u32,
    },
    /// `cut_invokes` invokes past the first `kept` ops were not read (the first at `from_line`).
    OpsCut {
        kept: usize,
        cut_invokes: usize,
        from_line: u32,
    },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::TextCut { read_bytes, total_bytes, from_line } => write!(
                f,
                "Only the first {read_bytes} of {total_bytes} bytes were read: the text from line {from_line} on was cut."
            ),
            Notice::OpsCut { kept, cut_invokes, from_line } => write!(
                f,
                "Only the first {kept} ops were read: {cut_invokes} later invokes (from line {from_line} on) were cut."
            ),
        }
    }
}

/// One partition: a key and its ops (indices into [`History::ops`], in call order).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Key {
    /// The key (`""` for a single register).
    pub name: String,
    /// Its model.
    pub model: ModelKind,
    /// Its ops, as indices into [`History::ops`], in call order.
    pub ops: Vec<usize>,
}

/// A history ready to check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct History {
    format: Option<Format>,
    ops: Vec<Op>,
    keys: Vec<Key>,
    errors: Vec<LineError>,
    notices: Vec<Notice>,
    dropped: usize,
}

impl History {
    /// A history from ops parsed elsewhere (the page's `hist=` format), under the same rules as
    /// parsed ones: a `:fail` that is not a cas's and an indeterminate read are dropped (counted in
    /// [`History::dropped`]), `ret: None` means indeterminate, a return before its call is moved to
    /// the call, and an op whose key already holds the other model's ops is skipped with an error.
    pub fn from_ops(format: Option<Format>, ops: Vec<Op>) -> History {
        Self::assemble(format, ops, Vec::new(), Vec::new(), 0)
    }

    /// Builds the partitions and applies the drop rules.
    pub(crate) fn assemble(
        format: Option<Format>,
        ops: Vec<Op>,
        mut errors: Vec<LineError>,
        notices: Vec<Notice>,
        mut dropped: usize,
    ) -> History {
        let mut kept = Vec::with_capacity(ops.len());
        let mut models: FxHashMap<String, ModelKind> = FxHashMap::default();
        for mut op in ops {
            if op.ret.is_none() {
                op.outcome = Outcome::Info;
            }
            if op.outcome == Outcome::Info {
                op.ret = None;
            }
            if let Some(r) = op.ret {
                op.ret = Some(r.max(op.call));
            }
            let observer = op.fun().is_read();
            let drop = match op.outcome {
                Outcome::Failed => !matches!(op.action, Action::Cas(..)),
                Outcome::Info => observer,
                Outcome::Ok => false,
            };
            if drop {
                dropped += 1;
                continue;
            }
            let model = op.fun().model();
            match models.get(&op.key) {
                Some(&m) if m != model => {
                    errors.push(LineError::new(op.invoke_line, "", ErrorReason::MixedModels));
                    continue;
                }
                Some(_) => {}
                None => {
                    models.insert(op.key.clone(), model);
                }
            }
            kept.push(op);
        }
        kept.sort_by(|a, b| a.call.cmp(&b.call).then(a.invoke_line.cmp(&b.invoke_line)));
        let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
        let mut keys: Vec<Key> = Vec::new();
        for (i, op) in kept.iter().enumerate() {
            let k = *by_key.entry(op.key.clone()).or_insert_with(|| {
                keys.push(Key {
                    name: op.key.clone(),
                    model: op.fun().model(),
                    ops: Vec::new(),
                });
                keys.len() - 1
            });
            keys[k].ops.push(i);
        }
        keys.sort_by(|a, b| natural_cmp(&a.name, &b.name));
        errors.sort_by_key(|e| e.line);
        History {
            format,
            ops: kept,
            keys,
            errors,
            notices,
            dropped,
        }
    }

    /// The detected format (`None` when no line fitted any format).
    pub fn format(&self) -> Option<Format> {
        self.format
    }

    /// Every op after pairing, in call order.
    pub fn ops(&self) -> &[Op] {
        &self.ops
    }

    /// The number of ops after pairing (`data-ops`: indeterminate writes and cas counted, dropped ops not).
    pub fn op_count(&self) -> usize {
        self.ops.len()
    }

    /// The partitions with at least one op, keys in natural order (`"2"` before `"10"`).
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// The skipped lines, by line number.
    pub fn errors(&self) -> &[LineError] {
        &self.errors
    }

    /// How many lines were skipped (`data-skipped-lines`).
    pub fn skipped_lines(&self) -> usize {
        self.errors.len()
    }

    /// What the input limits cut, if anything.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// How many ops were dropped as having no effect (failed non-cas ops, unknown or
    /// indeterminate reads).
    pub fn dropped(&self) -> usize {
        self.dropped
    }
}

/// Orders keys naturally: integers numerically and before other names, the rest as strings.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    match (a.parse::<i64>(), b.parse::<i64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y).then(a.cmp(b)),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_naturally() {
        let mut keys = vec!["b", "10", "", "2", "a", "-1"];
        keys.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(keys, vec!["-1", "2", "10", "", "a", "b"]);
    }

    #[test]
    fn names_and_messages() {
        assert_eq!(Format::JepsenLog.name(), "jepsen-log");
        assert_eq!(Format::Edn.name(), "edn");
        assert_eq!(Format::Hist.name(), "hist");
        let e = LineError::new(4, "x\r", ErrorReason::AlreadyPending(2));
        assert_eq!(
            e.to_string(),
            "line 4 skipped (an invoke while the process's invoke at line 2 is still pending): x"
        );
        let n = Notice::OpsCut {
            kept: 100_000,
            cut_invokes: 5,
            from_line: 200_001,
        };
        assert_eq!(
            n.to_string(),
            "Only the first 100000 ops were read: 5 later invokes (from line 200001 on) were cut."
        );
    }
}
