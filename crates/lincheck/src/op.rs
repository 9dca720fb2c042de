//! Operations after pairing: what was asked, what came back, when, and from which lines.

use std::fmt;

/// A register value: `None` is `nil`.
pub type Reg = Option<i64>;

/// The function an operation calls, as the history names it (`:read`, `:put`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Fun {
    /// Register read.
    Read,
    /// Register write.
    Write,
    /// Register compare-and-set.
    Cas,
    /// Key-value get.
    Get,
    /// Key-value put.
    Put,
    /// Key-value append.
    Append,
}

impl Fun {
    /// The name as written in a history, without the colon (`"read"`).
    pub fn name(self) -> &'static str {
        match self {
            Fun::Read => "read",
            Fun::Write => "write",
            Fun::Cas => "cas",
            Fun::Get => "get",
            Fun::Put => "put",
            Fun::Append => "append",
        }
    }

    /// The function named `name` (without the colon), if it is one of the six.
    pub fn from_name(name: &str) -> Option<Fun> {
        Some(match name {
            "read" => Fun::Read,
            "write" => Fun::Write,
            "cas" => Fun::Cas,
            "get" => Fun::Get,
            "put" => Fun::Put,
            "append" => Fun::Append,
            _ => return None,
        })
    }

    /// The model this function belongs to.
    pub fn model(self) -> ModelKind {
        match self {
            Fun::Read | Fun::Write | Fun::Cas => ModelKind::Register,
            Fun::Get | Fun::Put | Fun::Append => ModelKind::KeyValue,
        }
    }

    /// Whether the function only observes the state (a read or a get).
    pub fn is_read(self) -> bool {
        matches!(self, Fun::Read | Fun::Get)
    }
}

impl fmt::Display for Fun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The two models of the spec's section 4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum ModelKind {
    /// One value, initially `nil`: read, write, cas.
    Register,
    /// String values, initially `""`: get, put, append (one key per partition).
    KeyValue,
}

/// What an operation did, with its values (for a read or get: the value it returned).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Action {
    /// Read returning this value (`None` = `nil`).
    Read(Reg),
    /// Write of this value.
    Write(Reg),
    /// Compare-and-set from `.0` to `.1`.
    Cas(Reg, Reg),
    /// Get returning this string (`nil` already turned into `""`).
    Get(String),
    /// Put of this string.
    Put(String),
    /// Append of this string.
    Append(String),
}

impl Action {
    /// The function this action calls.
    pub fn fun(&self) -> Fun {
        match self {
            Action::Read(_) => Fun::Read,
            Action::Write(_) => Fun::Write,
            Action::Cas(..) => Fun::Cas,
            Action::Get(_) => Fun::Get,
            Action::Put(_) => Fun::Put,
            Action::Append(_) => Fun::Append,
        }
    }
}

/// How an operation completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Outcome {
    /// `:ok`: it happened.
    Ok,
    /// `:fail` on a cas: it happened and observed that the compare failed.
    Failed,
    /// `:info` or no completion: it may have taken effect at any moment after its call, or never.
    Info,
}

/// One operation after pairing an invoke with its completion.
///
/// Positions (`call`, `ret`) are line numbers, or `:time` values when every EDN op line had one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Op {
    /// The process (client) that ran it.
    pub process: i64,
    /// Its key (`""` for a single register).
    pub key: String,
    /// What it did.
    pub action: Action,
    /// How it completed.
    pub outcome: Outcome,
    /// Position of its invoke.
    pub call: i64,
    /// Position of its completion; `None` = after every other event (`:info` or unanswered).
    pub ret: Option<i64>,
    /// 1-based line of its invoke.
    pub invoke_line: u32,
    /// 1-based line of its completion (`None` when unanswered).
    pub completion_line: Option<u32>,
}

impl Op {
    /// An op from plain parts, for histories parsed elsewhere (the page's `hist=` format).
    ///
    /// `ret: None` makes it indeterminate (`Outcome::Info`); `with_outcome(Outcome::Failed)` makes
    /// a cas one that observed a failed compare. `line` is used for both the invoke and, when
    /// `ret` is known, the completion (for `hist=`, the item's 1-based place). Positions are
    /// integers: times in ms with three decimals go in as µs.
    pub fn new(process: i64, action: Action, call: i64, ret: Option<i64>, line: u32) -> Op {
        let outcome = if ret.is_some() {
            Outcome::Ok
        } else {
            Outcome::Info
        };
        Op {
            process,
            key: String::new(),
            action,
            outcome,
            call,
            ret,
            invoke_line: line,
            completion_line: ret.map(|_| line),
        }
    }

    /// The same op under `key`.
    pub fn with_key(mut self, key: impl Into<String>) -> Op {
        self.key = key.into();
        self
    }

    /// The same op with this outcome (`Failed` only means something for a cas).
    pub fn with_outcome(mut self, outcome: Outcome) -> Op {
        self.outcome = outcome;
        if outcome == Outcome::Info {
            self.ret = None;
        }
        self
    }

    /// The function it called.
    pub fn fun(&self) -> Fun {
        self.action.fun()
    }

    /// Whether its return is at +∞ (`:info` or unanswered).
    pub fn is_indeterminate(&self) -> bool {
        self.outcome == Outcome::Info
    }

    /// A short description: `p3's read of 2 at line 41`.
    pub fn describe(&self) -> String {
        let what = match (&self.action, self.outcome) {
            (Action::Read(v), _) => format!("read of {}", reg(*v)),
            (Action::Write(v), Outcome::Info) => format!("indeterminate write of {}", reg(*v)),
            (Action::Write(v), _) => format!("write of {}", reg(*v)),
            (Action::Cas(a, b), Outcome::Failed) => {
                format!("failed cas from {} to {}", reg(*a), reg(*b))
            }
            (Action::Cas(a, b), Outcome::Info) => {
                format!("indeterminate cas from {} to {}", reg(*a), reg(*b))
            }
            (Action::Cas(a, b), _) => format!("cas from {} to {}", reg(*a), reg(*b)),
            (Action::Get(v), _) => format!("get of {}", quote(v)),
            (Action::Put(v), Outcome::Info) => format!("indeterminate put of {}", quote(v)),
            (Action::Put(v), _) => format!("put of {}", quote(v)),
            (Action::Append(v), Outcome::Info) => format!("indeterminate append of {}", quote(v)),
            (Action::Append(v), _) => format!("append of {}", quote(v)),
        };
        format!("p{}'s {} at line {}", self.process, what, self.invoke_line)
    }
}

/// A register value as text: `nil` or the integer.
pub fn reg(v: Reg) -> String {
    match v {
        None => "nil".to_string(),
        Some(i) => i.to_string(),
    }
}

/// A string value quoted for a sentence, shortened in the middle past 40 characters.
pub fn quote(s: &str) -> String {
    let n = s.chars().count();
    if n <= 40 {
        return format!("\"{s}\"");
    }
    let head: String = s.chars().take(18).collect();
    let tail: String = s.chars().skip(n - 18).collect();
    format!("\"{head}…{tail}\" ({n} characters)")
}
