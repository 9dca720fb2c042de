//! Why an illegal key is illegal: the first op that cannot be placed after the longest
//! linearizable prefix, and a sentence saying why, built only from facts checked here.
//!
//! At the longest prefix `P` (state `s`) no op could be placed: every op that may come next is
//! illegal in `s`, or placing it leaves some read with no op that could still give it its value
//! (the search's needed-value pruning), since otherwise a longer prefix would exist. The op named
//! is the one that returned first among those not placed, `b` (everything that starts after it
//! returns must wait for it); when `b` is itself legal in `s`, it is the read that placing `b`
//! leaves without its value.

use std::collections::HashSet;

use crate::history::History;
use crate::model::{apply, can_produce, is_observer, needs, State};
use crate::op::{ModelKind, Op};
use crate::search::{KeySearch, Verdict};

/// The first op that cannot be placed after the longest linearizable prefix, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Explanation {
    /// The op that cannot be placed (an index into the history's ops).
    pub op: usize,
    /// One sentence in plain English.
    pub sentence: String,
    /// Length of the longest linearizable prefix it follows.
    pub prefix: usize,
    /// The value after that prefix.
    pub state: State,
    /// The op that left that value (`None`: the initial value).
    pub left_by: Option<usize>,
    /// Ops of the prefix that overwrote the value the op needed (after its last producer).
    pub overwritten_by: Vec<usize>,
}

/// A configuration: the ops placed and the state they leave.
struct Config<'a> {
    h: &'a History,
    model: ModelKind,
    key_ops: &'a [usize],
    /// The placed ops, in order, and the state after each.
    order: Vec<usize>,
    states: Vec<State>,
    placed: HashSet<usize>,
}

impl Config<'_> {
    fn op(&self, i: usize) -> &Op {
        &self.h.ops()[i]
    }

    fn state(&self) -> State {
        self.states
            .last()
            .cloned()
            .unwrap_or_else(|| State::initial(self.model))
    }

    fn unplaced(&self) -> impl Iterator<Item = usize> + '_ {
        self.key_ops
            .iter()
            .copied()
            .filter(|i| !self.placed.contains(i))
    }

    fn state_before(&self, at: usize) -> State {
        if at == 0 {
            State::initial(self.model)
        } else {
            self.states[at - 1].clone()
        }
    }

    /// The placed op that last changed the state, if any.
    fn left_by(&self) -> Option<usize> {
        (0..self.order.len())
            .rev()
            .find(|&at| self.states[at] != self.state_before(at))
            .map(|at| self.order[at])
    }

    /// Unplaced ops other than `r` that could leave `v` and come before `r` (called no later
    /// than `r` returns).
    fn open_producers(&self, r: usize, v: &State) -> Vec<usize> {
        let ret = self.op(r).ret.unwrap_or(i64::MAX);
        self.unplaced()
            .filter(|&p| p != r && self.op(p).call <= ret && can_produce(self.op(p), v))
            .collect()
    }

    /// An unplaced reader whose needed value no longer can be given to it (earliest return).
    fn dead_reader(&self) -> Option<(usize, State)> {
        let s = self.state();
        self.unplaced()
            .filter_map(|r| needs(self.op(r)).map(|v| (r, v)))
            .filter(|(r, v)| *v != s && self.open_producers(*r, v).is_empty())
            .min_by_key(|(r, _)| (self.op(*r).ret.unwrap_or(i64::MAX), self.op(*r).call))
    }

    /// The same configuration with `i` placed next (it must be legal).
    fn with(&self, i: usize) -> Option<Self> {
        let next = apply(&self.state(), self.op(i))?;
        let mut c = Config {
            h: self.h,
            model: self.model,
            key_ops: self.key_ops,
            order: self.order.clone(),
            states: self.states.clone(),
            placed: self.placed.clone(),
        };
        c.order.push(i);
        c.states.push(next);
        c.placed.insert(i);
        Some(c)
    }
}

/// The explanation of an illegal key's search (`None` for a key that is not illegal).
pub fn explain(history: &History, search: &KeySearch) -> Option<Explanation> {
    if search.verdict() != Some(Verdict::Illegal) {
        return None;
    }
    let order = search.linearization();
    let states = crate::model::replay(search.model(), history.ops(), &order).ok()?;
    let placed = order.iter().copied().collect();
    let c = Config {
        h: history,
        model: search.model(),
        key_ops: search.ops(),
        order,
        states,
        placed,
    };
    if let Some((r, v)) = c.dead_reader() {
        return Some(needed_value(&c, r, &v, None));
    }
    let b = c
        .unplaced()
        .filter(|&i| c.op(i).ret.is_some())
        .min_by_key(|&i| (c.op(i).ret, c.op(i).call, c.op(i).invoke_line))?;
    match c.with(b) {
        None => Some(illegal_here(&c, b)),
        Some(after) => match after.dead_reader() {
            Some((r, v)) => Some(needed_value(&after, r, &v, Some(b))),
            None => Some(Explanation {
                op: b,
                sentence: format!(
                    "{} cannot be ordered: it is legal after the longest linearizable prefix ({} ops), but no order of the remaining ops completes the history from there.",
                    c.op(b).describe(),
                    c.order.len()
                ),
                prefix: c.order.len(),
                state: c.state(),
                left_by: c.left_by(),
                overwritten_by: Vec::new(),
            }),
        },
    }
}

/// `b` is not legal in the prefix's state.
fn illegal_here(c: &Config, b: usize) -> Explanation {
    let op = c.op(b);
    if let Some(v) = needs(op) {
        return needed_value(c, b, &v, None);
    }
    // A failed cas whose compare would succeed here.
    let s = c.state();
    let changers: Vec<usize> = c
        .unplaced()
        .filter(|&p| p != b && !is_observer(c.op(p)) && c.op(p).call <= op.ret.unwrap_or(i64::MAX))
        .collect();
    let tail = if changers.is_empty() {
        "no op that could still come before it changes that".to_string()
    } else {
        format!("none of the ops that could still come before it and change that ({}) can be placed there", list(c, &changers))
    };
    Explanation {
        op: b,
        sentence: format!(
            "{} cannot be ordered: it saw a value other than {}, but after the longest linearizable prefix ({} ops) the value is {}{}, and {}.",
            op.describe(),
            s,
            c.order.len(),
            s,
            left_clause(c),
            tail
        ),
        prefix: c.order.len(),
        state: s,
        left_by: c.left_by(),
        overwritten_by: Vec::new(),
    }
}

/// Reader `r` needs `v`, which the state is not, in configuration `c` (reached by placing
/// `forced` after the longest prefix, if given).
fn needed_value(c: &Config, r: usize, v: &State, forced: Option<usize>) -> Explanation {
    let op = c.op(r);
    let s = c.state();
    let prefix = c.order.len() - forced.is_some() as usize;
    let what = match op.fun() {
        crate::op::Fun::Cas => format!("its compare needs {v}"),
        _ => format!("it returned {v}"),
    };
    let at = match forced {
        None => format!("after the longest linearizable prefix ({prefix} ops) the value is {s}{}", left_clause(c)),
        Some(b) => format!(
            "after the longest linearizable prefix ({prefix} ops), {} (which returned first of the rest, so nothing that starts later can precede it) leaves the value {s}",
            c.op(b).describe()
        ),
    };
    let producers = |i: &usize| can_produce(c.op(*i), v);
    let all: Vec<usize> = c
        .key_ops
        .iter()
        .copied()
        .filter(|&i| i != r && producers(&i))
        .collect();
    let open = c.open_producers(r, v);
    let ret = op.ret.unwrap_or(i64::MAX);
    let later: Vec<usize> = all
        .iter()
        .copied()
        .filter(|i| !c.placed.contains(i) && c.op(*i).call > ret)
        .collect();
    let placed_at: Vec<usize> = (0..c.order.len())
        .filter(|&at| producers(&c.order[at]))
        .collect();
    let noun = match c.model {
        ModelKind::Register => format!("write of {v}"),
        ModelKind::KeyValue => format!("op leaving {v}"),
    };
    let mut overwritten_by = Vec::new();
    let mut clauses = Vec::new();
    if all.is_empty() {
        if *v == State::initial(c.model) {
            clauses.push(format!("{v} was only the initial value"));
        } else {
            clauses.push(format!("no {noun} exists in the history"));
        }
    }
    // The last placed producer that did leave v, and what changed the value after it.
    if let Some(&at) = placed_at.iter().rev().find(|&&at| c.states[at] == *v) {
        overwritten_by = (at + 1..c.order.len())
            .filter(|&j| c.states[j] != c.state_before(j))
            .map(|j| c.order[j])
            .collect();
        let every = if open.is_empty() {
            "every"
        } else {
            "the last placed"
        };
        clauses.push(format!(
            "by then {every} {noun} had been overwritten: the last, {}, by {}",
            c.op(c.order[at]).describe(),
            list(c, &overwritten_by)
        ));
    }
    if !open.is_empty() {
        let reasons: Vec<String> = open.iter().take(2).map(|&p| why_not_first(c, p)).collect();
        let more = if open.len() > 2 {
            format!(" (and {} more such ops)", open.len() - 2)
        } else {
            String::new()
        };
        clauses.push(format!("{}{more}", reasons.join("; ")));
    } else {
        clauses.push(format!("no {noun} that could still come before it remains"));
    }
    if !later.is_empty() {
        clauses.push(format!("{} began after it returned", list(c, &later)));
    }
    Explanation {
        op: r,
        sentence: format!(
            "{} cannot be ordered: {what}, but {at}; {}.",
            op.describe(),
            clauses.join(", and ")
        ),
        prefix,
        state: s,
        left_by: c.left_by(),
        overwritten_by,
    }
}

/// Why producer `p` cannot be placed next in `c`.
fn why_not_first(c: &Config, p: usize) -> String {
    let op = c.op(p);
    match c.with(p) {
        None => match needs(op) {
            Some(a) => format!("{} needs {a} first", op.describe()),
            None => format!("{} is not legal there", op.describe()),
        },
        Some(after) => match after.dead_reader() {
            Some((r, v)) => format!(
                "placing {} first would leave {} with no way to see {v}",
                op.describe(),
                c.op(r).describe()
            ),
            None => format!(
                "placing {} first leads to no complete order either",
                op.describe()
            ),
        },
    }
}

/// `, left by OP` (or `, the initial value`).
fn left_clause(c: &Config) -> String {
    match c.left_by() {
        Some(w) => format!(", left by {}", c.op(w).describe()),
        None => ", the initial value".to_string(),
    }
}

/// Up to three ops described, then how many more.
fn list(c: &Config, ops: &[usize]) -> String {
    let shown: Vec<String> = ops.iter().take(3).map(|&i| c.op(i).describe()).collect();
    let mut s = match shown.len() {
        0 => "nothing".to_string(),
        1 => shown[0].clone(),
        n => format!("{} and {}", shown[..n - 1].join(", "), shown[n - 1]),
    };
    if ops.len() > 3 {
        s.push_str(&format!(" (and {} more)", ops.len() - 3));
    }
    s
}
