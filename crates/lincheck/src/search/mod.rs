//! The steppable linearizability search of one key (WGL with memo and pruning).

mod compact;
mod cover;
mod engine;
mod memo;

#[cfg(test)]
mod tests;

use std::fmt;

use crate::history::History;
use crate::op::ModelKind;
use compact::Compact;
use engine::{Engine, Status, Tuning};

/// A key's (or a whole history's) verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Verdict {
    /// Linearizable.
    Ok,
    /// Not linearizable.
    Illegal,
    /// The search stopped at its budget before deciding.
    Unknown,
}

impl Verdict {
    /// `ok`, `illegal` or `unknown`, as in `data-verdict`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Illegal => "illegal",
            Verdict::Unknown => "unknown",
        }
    }

    /// The verdict of a history from its keys': illegal if any key is, else unknown if any is,
    /// else ok (and ok for no keys).
    pub fn combine(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
        let mut all = Verdict::Ok;
        for v in verdicts {
            match v {
                Verdict::Illegal => return Verdict::Illegal,
                Verdict::Unknown => all = Verdict::Unknown,
                Verdict::Ok => {}
            }
        }
        all
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Settings of a search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// Most bytes the memo of configurations may take; past it the search goes on without
    /// storing more (still exact, only slower).
    pub memo_limit_bytes: usize,
}

impl Default for SearchOptions {
    /// A 512 MiB memo.
    fn default() -> SearchOptions {
        SearchOptions {
            memo_limit_bytes: 512 << 20,
        }
    }
}

/// How far a search got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Progress {
    /// Steps taken (each tries one op or undoes one).
    pub steps: u64,
    /// Configurations (set of linearized ops, state) explored.
    pub configurations: u64,
    /// Length of the longest linearizable prefix found.
    pub longest_prefix: usize,
    /// Configurations held in the memo.
    pub memo_entries: usize,
    /// Bytes the memo holds, roughly.
    pub memo_bytes: usize,
    /// Whether the memo reached its limit.
    pub memo_full: bool,
    /// Distinct states met (register values, or strings of a key).
    pub states: usize,
}

/// The search of one key, advanced a bounded number of steps at a time.
pub struct KeySearch {
    key: String,
    model: ModelKind,
    /// The key's ops as indices into the history's ops, in call order.
    ops: Vec<usize>,
    engine: Engine,
    stopped: bool,
}

impl KeySearch {
    /// The search of key number `key` of `history` (an index into [`History::keys`]).
    pub fn new(history: &History, key: usize, options: SearchOptions) -> KeySearch {
        let k = &history.keys()[key];
        let ops: Vec<&crate::op::Op> = k.ops.iter().map(|&i| &history.ops()[i]).collect();
        let (model, kinds) = Compact::build(k.model, &ops);
        let times: Vec<(i64, Option<i64>)> = ops.iter().map(|o| (o.call, o.ret)).collect();
        let tuning = Tuning {
            memo_limit_words: options.memo_limit_bytes / 8,
        };
        KeySearch {
            key: k.name.clone(),
            model: k.model,
            ops: k.ops.clone(),
            engine: Engine::new(model, kinds, &times, tuning),
            stopped: false,
        }
    }

    /// The key's name (`""` for a single register).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The key's model.
    pub fn model(&self) -> ModelKind {
        self.model
    }

    /// The key's ops, as indices into [`History::ops`], in call order.
    pub fn ops(&self) -> &[usize] {
        &self.ops
    }

    /// Runs at most `max_steps` more steps; `true` once the search is over (decided or stopped).
    pub fn advance(&mut self, max_steps: u64) -> bool {
        self.stopped || self.engine.advance(max_steps)
    }

    /// Stops an undecided search (its budget is spent): its verdict becomes `Unknown`.
    pub fn stop(&mut self) {
        if self.engine.status == Status::Running {
            self.stopped = true;
        }
    }

    /// Whether the search is over.
    pub fn is_done(&self) -> bool {
        self.stopped || self.engine.status != Status::Running
    }

    /// The verdict once the search is over (`None` while it runs).
    pub fn verdict(&self) -> Option<Verdict> {
        match self.engine.status {
            Status::Linearizable => Some(Verdict::Ok),
            Status::Illegal => Some(Verdict::Illegal),
            Status::Running if self.stopped => Some(Verdict::Unknown),
            Status::Running => None,
        }
    }

    /// A linearization when the key is ok; otherwise the longest linearizable prefix found so
    /// far. Ops are indices into [`History::ops`], in linearization order. Indeterminate ops not
    /// in it took effect after everything else, or never.
    pub fn linearization(&self) -> Vec<usize> {
        self.engine
            .best()
            .iter()
            .map(|&i| self.ops[i as usize])
            .collect()
    }

    /// How far the search got.
    pub fn progress(&self) -> Progress {
        let (memo_entries, memo_bytes, memo_full) = self.engine.memo_stats();
        Progress {
            steps: self.engine.steps,
            configurations: self.engine.configs,
            longest_prefix: self.engine.best().len(),
            memo_entries,
            memo_bytes,
            memo_full,
            states: self.engine.states(),
        }
    }
}

impl fmt::Debug for KeySearch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeySearch")
            .field("key", &self.key)
            .field("ops", &self.ops.len())
            .field("verdict", &self.verdict())
            .field("progress", &self.progress())
            .finish()
    }
}
