//! Why an illegal key is illegal: the first op that cannot be placed after the longest
//! linearizable prefix, and a sentence saying why, built only from facts checked here.
//!
//! The search's longest prefix is extended while the op that returns first among the rest can be
//! placed (directly, or right after an op that leaves the value it needs); the op named is the one
//! where that stops: it returned first among those not placed (so everything that starts after it
//! returns must follow it), and it is not legal in the prefix's state. Every clause of the
//! sentence is computed from the history, except "no complete order follows", which holds of any
//! placement in an illegal key.

use std::collections::HashMap;

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
    /// The longest linearizable prefix it follows (indices into the history's ops, in order): the
    /// search's, extended while the op that returned first among the rest can be placed.
    pub prefix: Vec<usize>,
    /// The value after that prefix.
    pub state: State,
    /// The op that left that value (`None`: the initial value).
    pub left_by: Option<usize>,
    /// Ops of the prefix that overwrote the value the op needed (after its last producer).
    pub overwritten_by: Vec<usize>,
}

/// What the key's ops need and produce, computed once per explanation.
struct Facts<'a> {
    h: &'a History,
    /// History index → position in `key_ops`.
    pos: HashMap<usize, usize>,
    /// The values some op needs (a read's, a get's, an `:ok` cas's compare value).
    values: Vec<State>,
    /// Per position: the id of the value it needs.
    needs: Vec<Option<usize>>,
    /// Per position: the ids of the needed values it could leave.
    produces: Vec<Vec<usize>>,
    /// Positions of the finite ops by (return, call, line).
    by_ret: Vec<usize>,
}

impl<'a> Facts<'a> {
    fn new(h: &'a History, key_ops: &'a [usize]) -> Facts<'a> {
        let mut ids: HashMap<State, usize> = HashMap::new();
        let mut values = Vec::new();
        let needs: Vec<Option<usize>> = key_ops
            .iter()
            .map(|&i| {
                needs(&h.ops()[i]).map(|v| {
                    *ids.entry(v.clone()).or_insert_with(|| {
                        values.push(v);
                        values.len() - 1
                    })
                })
            })
            .collect();
        let produces = key_ops
            .iter()
            .map(|&i| {
                (0..values.len())
                    .filter(|&v| can_produce(&h.ops()[i], &values[v]))
                    .collect()
            })
            .collect();
        let pos = key_ops.iter().enumerate().map(|(p, &i)| (i, p)).collect();
        let op = |p: usize| &h.ops()[key_ops[p]];
        let mut by_ret: Vec<usize> = (0..key_ops.len())
            .filter(|&p| op(p).ret.is_some())
            .collect();
        by_ret.sort_by_key(|&p| (op(p).ret, op(p).call, op(p).invoke_line));
        Facts {
            h,
            pos,
            values,
            needs,
            produces,
            by_ret,
        }
    }
}

/// A configuration: the ops placed and the state they leave.
#[derive(Clone)]
struct Config<'a> {
    f: &'a Facts<'a>,
    model: ModelKind,
    key_ops: &'a [usize],
    /// The placed ops, in order, and the state after each.
    order: Vec<usize>,
    states: Vec<State>,
    /// Per position in `key_ops`: placed?
    placed: Vec<bool>,
    /// Every op before this place in `Facts::by_ret` is placed.
    ret_cursor: usize,
}

impl Config<'_> {
    fn op(&self, i: usize) -> &Op {
        &self.f.h.ops()[i]
    }

    fn is_placed(&self, i: usize) -> bool {
        self.placed[self.f.pos[&i]]
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
            .enumerate()
            .filter(|(p, _)| !self.placed[*p])
            .map(|(_, &i)| i)
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

    /// An unplaced reader whose needed value no op can still give it (the earliest returning).
    fn dead_reader(&self) -> Option<(usize, State)> {
        let s = self.state();
        // Per value: the two earliest calls of unplaced producers (so a reader can skip itself).
        let mut first: Vec<[(i64, usize); 2]> =
            vec![[(i64::MAX, usize::MAX); 2]; self.f.values.len()];
        for (p, &i) in self.key_ops.iter().enumerate() {
            if self.placed[p] {
                continue;
            }
            for &v in &self.f.produces[p] {
                let e = (self.op(i).call, p);
                if e < first[v][0] {
                    first[v] = [e, first[v][0]];
                } else if e < first[v][1] {
                    first[v][1] = e;
                }
            }
        }
        let mut dead: Option<(i64, i64, usize, usize)> = None;
        for (p, &i) in self.key_ops.iter().enumerate() {
            let Some(v) = self.f.needs[p] else { continue };
            if self.placed[p] || self.f.values[v] == s {
                continue;
            }
            let earliest = if first[v][0].1 == p {
                first[v][1].0
            } else {
                first[v][0].0
            };
            let ret = self.op(i).ret.unwrap_or(i64::MAX);
            if earliest > ret {
                let key = (ret, self.op(i).call, i, v);
                if dead.is_none_or(|d| key < d) {
                    dead = Some(key);
                }
            }
        }
        dead.map(|(_, _, i, v)| (i, self.f.values[v].clone()))
    }

    /// The same configuration with `i` placed next, if legal there.
    fn with(&self, i: usize) -> Option<Self> {
        let mut c = self.clone();
        c.place(i).then_some(c)
    }

    /// Places `i` next if it is legal there.
    fn place(&mut self, i: usize) -> bool {
        let Some(next) = apply(&self.state(), self.op(i)) else {
            return false;
        };
        self.order.push(i);
        self.states.push(next);
        self.placed[self.f.pos[&i]] = true;
        true
    }

    /// The unplaced finite op that returns first (ties: earliest call, then line).
    fn first_to_return(&mut self) -> Option<usize> {
        while let Some(&p) = self.f.by_ret.get(self.ret_cursor) {
            if !self.placed[p] {
                return Some(self.key_ops[p]);
            }
            self.ret_cursor += 1;
        }
        None
    }
}

/// The explanation of an illegal key's search (`None` for a key that is not illegal).
pub fn explain(history: &History, search: &KeySearch) -> Option<Explanation> {
    if search.verdict() != Some(Verdict::Illegal) {
        return None;
    }
    let facts = Facts::new(history, search.ops());
    let order = search.linearization();
    let states = crate::model::replay(search.model(), history.ops(), &order).ok()?;
    let mut placed = vec![false; search.ops().len()];
    for i in &order {
        placed[facts.pos[i]] = true;
    }
    let mut c = Config {
        f: &facts,
        model: search.model(),
        key_ops: search.ops(),
        order,
        states,
        placed,
        ret_cursor: 0,
    };
    // Extend the prefix while the op that returns first among the rest (every op that starts
    // after it returns must follow it) can be placed, directly or right after one op that leaves
    // the value it needs. Each op placed may come next, so the prefix stays linearizable; it
    // cannot reach the end, since the key is illegal.
    loop {
        let b = c.first_to_return()?;
        if c.place(b) {
            continue;
        }
        let helped = needs(c.op(b)).and_then(|v| {
            c.open_producers(b, &v)
                .into_iter()
                .find_map(|p| c.with(p).and_then(|after| after.with(b)))
        });
        match helped {
            Some(next) => c = next,
            None => break,
        }
    }
    let b = c.first_to_return()?;
    Some(illegal_here(&c, b))
}

/// `b` is not legal in the prefix's state.
fn illegal_here(c: &Config, b: usize) -> Explanation {
    let op = c.op(b);
    if let Some(v) = needs(op) {
        return needed_value(c, b, &v);
    }
    // A failed cas whose compare would succeed here.
    let s = c.state();
    let ret = op.ret.unwrap_or(i64::MAX);
    let changers: Vec<usize> = c
        .unplaced()
        .filter(|&p| p != b && !is_observer(c.op(p)) && c.op(p).call <= ret)
        .collect();
    let tail = if changers.is_empty() {
        "no op that could still come before it changes that".to_string()
    } else {
        reasons(c, &changers, None)
    };
    Explanation {
        op: b,
        sentence: format!(
            "{} cannot be ordered: its compare failed, so the value was not {s}, but after the longest prefix found ({}) the value is {s}{}; {tail}.",
            op.describe(),
            ops(c.order.len()),
            left_clause(c),
        ),
        prefix: c.order.clone(),
        state: s,
        left_by: c.left_by(),
        overwritten_by: Vec::new(),
    }
}

/// Reader `r` needs `v`, which the state is not, after the prefix of `c`.
fn needed_value(c: &Config, r: usize, v: &State) -> Explanation {
    let op = c.op(r);
    let s = c.state();
    let prefix = c.order.len();
    // Long strings are shown around where they part.
    let (shown_v, shown_s) = match (v, &s) {
        (State::Str(a), State::Str(b)) if a.chars().count() > 40 || b.chars().count() > 40 => {
            let same = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
            let note = format!(", the first {same} shared with the value");
            (
                around(a, same, if same > 0 { &note } else { "" }),
                around(b, same, ""),
            )
        }
        _ => (v.to_string(), s.to_string()),
    };
    let what = match op.fun() {
        crate::op::Fun::Cas => format!("its compare needs {shown_v}"),
        _ => format!("it returned {shown_v}"),
    };
    let at = format!(
        "after the longest prefix found ({}) the value is {shown_s}{}",
        ops(prefix),
        left_clause(c)
    );
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
        .filter(|&i| !c.is_placed(i) && c.op(i).call > ret)
        .collect();
    let noun = match c.model {
        ModelKind::Register => format!("write of {v}"),
        ModelKind::KeyValue => "put or append leaving that value".to_string(),
    };
    let mut overwritten_by = Vec::new();
    let mut facts = Vec::new();
    if all.is_empty() {
        if *v == State::initial(c.model) {
            facts.push(format!("{v} was only the initial value"));
        } else {
            facts.push(format!("no {noun} exists in the history"));
        }
    }
    // The last placed producer that did leave v, and what changed the value after it.
    let placed_at = (0..c.order.len())
        .rev()
        .find(|&at| producers(&c.order[at]) && c.states[at] == *v);
    if let Some(at) = placed_at {
        overwritten_by = (at + 1..c.order.len())
            .filter(|&j| c.states[j] != c.state_before(j))
            .map(|j| c.order[j])
            .collect();
        let last = c.op(c.order[at]).describe();
        facts.push(if open.is_empty() {
            format!(
                "every {noun} had been overwritten by then (the last, {last}, by {})",
                list(c, &overwritten_by)
            )
        } else {
            format!(
                "{last}, the last {noun} placed, had been overwritten by {}",
                list(c, &overwritten_by)
            )
        });
    }
    if open.is_empty() {
        let mut f = format!("no other {noun} could still come before it");
        if !later.is_empty() {
            f.push_str(&format!(": {} began after it returned", list(c, &later)));
        }
        if !all.is_empty() {
            facts.push(f);
        }
    } else {
        facts.push(reasons(c, &open, Some(v)));
    }
    Explanation {
        op: r,
        sentence: format!(
            "{} cannot be ordered: {what}, but {at}; {}.",
            op.describe(),
            facts.join("; ")
        ),
        prefix: c.order.clone(),
        state: s,
        left_by: c.left_by(),
        overwritten_by,
    }
}

/// Why none of `candidates` helps when placed next in `c` (at most two named); `v` is the value
/// they were meant to leave, if any. Every clause is checked here, except "no complete order
/// follows", which holds of any placement in an illegal key.
fn reasons(c: &Config, candidates: &[usize], v: Option<&State>) -> String {
    let mut out: Vec<String> = candidates
        .iter()
        .take(2)
        .map(|&p| {
            let op = c.op(p);
            match c.with(p) {
                None => match needs(op) {
                    Some(a) => format!("{} needs {a} first", op.describe()),
                    None => format!("{} is not legal there", op.describe()),
                },
                Some(after) => {
                    let s2 = after.state();
                    match after.dead_reader() {
                        _ if v.is_some_and(|v| *v != s2) => {
                            format!(
                                "{} would leave {s2} there, not {}",
                                op.describe(),
                                v.unwrap()
                            )
                        }
                        Some((r, w)) => format!(
                            "placing {} first would leave {} no way to see {w}",
                            op.describe(),
                            c.op(r).describe()
                        ),
                        None => {
                            format!("no complete order follows placing {} there", op.describe())
                        }
                    }
                }
            }
        })
        .collect();
    if candidates.len() > 2 {
        out.push(format!("likewise for {} more", candidates.len() - 2));
    }
    out.join("; ")
}

/// `text` quoted around character `at`: up to 16 characters before it and 24 from it, with `…`
/// for what is left out, and its length followed by `note`.
fn around(text: &str, at: usize, note: &str) -> String {
    let n = text.chars().count();
    let from = at.saturating_sub(16);
    let to = (at + 24).min(n);
    let part: String = text.chars().skip(from).take(to - from).collect();
    let head = if from > 0 { "…" } else { "" };
    let tail = if to < n { "…" } else { "" };
    format!("\"{head}{part}{tail}\" ({n} characters{note})")
}

/// `N ops` (or `1 op`).
fn ops(n: usize) -> String {
    if n == 1 {
        "1 op".to_string()
    } else {
        format!("{n} ops")
    }
}

/// `, left by OP` (or `, the initial value`).
fn left_clause(c: &Config) -> String {
    match c.left_by() {
        Some(w) => format!(", left by {}", c.op(w).describe()),
        None => ", the initial value".to_string(),
    }
}

/// Up to two ops described, then how many more.
fn list(c: &Config, ops: &[usize]) -> String {
    let shown: Vec<String> = ops.iter().take(2).map(|&i| c.op(i).describe()).collect();
    match ops.len() {
        0 => "nothing".to_string(),
        1 => shown[0].clone(),
        2 => format!("{} and {}", shown[0], shown[1]),
        n => format!("{}, {} and {} more", shown[0], shown[1], n - 2),
    }
}

#[cfg(test)]
mod tests {
    use crate::checker::check;

    fn sentence(text: &str) -> String {
        let r = check(text);
        r.keys
            .iter()
            .find_map(|k| k.explanation.clone())
            .expect("an illegal key")
            .sentence
    }

    fn log(lines: &[&str]) -> String {
        lines
            .iter()
            .map(|l| format!("INFO jepsen.util - {l}\n"))
            .collect()
    }

    #[test]
    fn an_overwritten_value() {
        let s = sentence(&log(&[
            "0 :invoke :write 2",
            "0 :ok :write 2",
            "1 :invoke :write 4",
            "1 :ok :write 4",
            "2 :invoke :read nil",
            "2 :ok :read 2",
        ]));
        assert_eq!(
            s,
            "p2's read of 2 at line 5 cannot be ordered: it returned 2, but after the longest prefix \
             found (2 ops) the value is 4, left by p1's write of 4 at line 3; every write of 2 had \
             been overwritten by then (the last, p0's write of 2 at line 1, by p1's write of 4 at \
             line 3); no other write of 2 could still come before it."
        );
    }

    #[test]
    fn a_value_nobody_writes_and_a_later_write() {
        let s = sentence(&log(&["0 :invoke :read nil", "0 :ok :read 7"]));
        assert!(
            s.ends_with("the initial value; no write of 7 exists in the history."),
            "{s}"
        );
        let s = sentence(&log(&[
            "0 :invoke :read nil",
            "0 :ok :read 7",
            "1 :invoke :write 7",
            "1 :ok :write 7",
        ]));
        assert!(
            s.ends_with("no other write of 7 could still come before it: p1's write of 7 at line 3 began after it returned."),
            "{s}"
        );
    }

    #[test]
    fn a_producer_that_cannot_help() {
        // The cas to 2 could leave 2 only from 1, but the value is nil.
        let s = sentence(&log(&[
            "0 :invoke :cas [1 2]",
            "1 :invoke :read nil",
            "1 :ok :read 2",
            "0 :ok :cas [1 2]",
        ]));
        assert!(
            s.starts_with("p1's read of 2 at line 2 cannot be ordered"),
            "{s}"
        );
        assert!(
            s.contains("p0's cas from 1 to 2 at line 1 needs 1 first"),
            "{s}"
        );
    }

    #[test]
    fn a_failed_cas_with_an_op_that_could_change_the_value() {
        let s = sentence(&log(&[
            "0 :invoke :write 3",
            "0 :ok :write 3",
            "1 :invoke :cas [3 4]",
            "2 :invoke :cas [1 5]",
            "1 :fail :cas [3 4]",
            "2 :ok :cas [1 5]",
        ]));
        assert_eq!(
            s,
            "p1's failed cas from 3 to 4 at line 3 cannot be ordered: its compare failed, so the \
             value was not 3, but after the longest prefix found (1 op) the value is 3, left by p0's \
             write of 3 at line 1; p2's cas from 1 to 5 at line 4 needs 1 first."
        );
    }

    #[test]
    fn long_strings_are_shown_where_they_part() {
        let long = "x".repeat(50);
        let text = format!(
            "{{:process 0, :type :invoke, :f :put, :key \"k\", :value \"{long}a\"}}\n\
             {{:process 0, :type :ok, :f :put, :key \"k\", :value \"{long}a\"}}\n\
             {{:process 1, :type :invoke, :f :get, :key \"k\", :value nil}}\n\
             {{:process 1, :type :ok, :f :get, :key \"k\", :value \"{long}b\"}}\n"
        );
        let s = sentence(&text);
        let x16 = "x".repeat(16);
        assert!(
            s.contains(&format!(
                "it returned \"…{x16}b\" (51 characters, the first 50 shared with the value)"
            )),
            "{s}"
        );
        assert!(
            s.contains(&format!("the value is \"…{x16}a\" (51 characters)")),
            "{s}"
        );
    }

    #[test]
    fn lists_name_two_ops_then_count() {
        let mut lines = vec![
            "9 :invoke :read nil".to_string(),
            "9 :ok :read 5".to_string(),
        ];
        for p in 0..4 {
            lines.push(format!("{p} :invoke :write 5"));
            lines.push(format!("{p} :ok :write 5"));
        }
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let s = sentence(&log(&refs));
        assert!(s.contains("p0's write of 5 at line 3, p1's write of 5 at line 5 and 2 more began after it returned"), "{s}");
    }
}
