//! Where a history sits on the consistency spectrum (`consistency.md` section 4): eight verdicts, each
//! with the ops that break it and a sentence naming them, and the stale reads.
//!
//! **Judged ops**: ok writes (`w`), ok reads (`r`), and unknown writes (`x`) that some ok read returns;
//! an unknown write may have taken effect at any time after its start, so its end is +∞ (nothing is
//! after it in real time) and no later op of its client follows it in program order. Failed ops and
//! unread unknown writes are left out. Relations between judged ops: **po** (a before b, same client),
//! **rb** (a.end < b.start), **rf** (a write → each read of its value), **co** (the transitive closure of
//! po ∪ rf). A read of a value that no `w` or `x` op wrote breaks every verdict.
//!
//! **The test.** Values are unique, so each write forms a group with the reads of its value (the reads
//! of 0 form the initial group), and a serialization of a set of ops that respects a set of pairs
//! exists iff no pair runs from a read to the write of its own group, no pair runs from another group
//! into the initial group, and the graph of pairs between groups has no cycle. Each verdict is that
//! test on the spec's ops and pairs (monotonic writes and writes follow reads are the spec's patterns,
//! checked directly); the violation found gives the witness: the pair from a read to its own group's
//! write, the pair into the initial group, or the pairs along a shortest cycle (a pair of co: the po
//! steps of a shortest po ∪ rf path between them), and the sentence names exactly those ops. When
//! several violations exist the one with the fewest such steps is named (over every client, for the
//! per-client verdicts).
//!
//! **Sentences** name clients `c1` … `c5`, writes by their label (`w1`, `x3`) and reads by client and
//! value, with times in ms (a read's time is its start; a write is acknowledged at its end):
//! "c2 read 0 at 20 ms although w1 had been acknowledged at 10 ms.", "c1 wrote 1 and then read 0.",
//! "c2 read 1 before writing it.", "c3 read 2 and then 1, but c1 wrote 1 and then 2.", "c3 read 2 and
//! then 1, but w1 was acknowledged at 10 ms, before c3 read 2 at 20 ms.", "c2 read 7 at 0 ms, but no
//! write wrote 7." A cycle starts with the order seen last (the pair whose second op starts latest).
//!
//! Readings of the spec taken here:
//! * Program order is by time (a client's ops never overlap), not by the text's order.
//! * "All ops" are the judged ops; "for every client p" is every client c1 … c5 (one without reads
//!   adds nothing: its set, the writes, is inside every other client's).
//! * co can have a cycle ("thin air": c1 reads 2 and then writes 1 while c2 reads 1 and then writes
//!   2). No order respects a cycle, so causal is then ✗; the test finds it as a cycle through two
//!   writes or as a read that must come before its own write.
//! * Monotonic writes and writes follow reads name two different writes w1 ≠ w2, and the initial value
//!   is not a write: reading 0 and then writing w2 orders nothing.
//! * Stale reads: only ok reads can be stale, and w ranges over ok writes: an unknown write's end is +∞,
//!   so it is never the w (the spec's `1:x1@0-10,2:r0@50-60` has none) and a read of it is never stale;
//!   failed writes wrote nothing; a read of a value no write wrote is not stale (it breaks every
//!   verdict instead).

use super::history::{ms_text, History, Kind, Op, CLIENTS_MAX};
use serde::Serialize;
use std::collections::VecDeque;

/// A guarantee of the consistency spectrum, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Guarantee {
    Linearizable,
    Sequential,
    Causal,
    /// PRAM (FIFO) consistency.
    Pram,
    /// Read your writes.
    Ryw,
    /// Monotonic reads.
    Mr,
    /// Monotonic writes.
    Mw,
    /// Writes follow reads.
    Wfr,
}

impl Guarantee {
    /// Every guarantee, in the order the spec lists verdicts (strongest first).
    pub const ALL: [Guarantee; 8] = [
        Guarantee::Linearizable,
        Guarantee::Sequential,
        Guarantee::Causal,
        Guarantee::Pram,
        Guarantee::Ryw,
        Guarantee::Mr,
        Guarantee::Mw,
        Guarantee::Wfr,
    ];

    /// Its name on the page (`data-verdict`): `linearizable sequential causal pram ryw mr mw wfr`.
    pub fn name(self) -> &'static str {
        match self {
            Guarantee::Linearizable => "linearizable",
            Guarantee::Sequential => "sequential",
            Guarantee::Causal => "causal",
            Guarantee::Pram => "pram",
            Guarantee::Ryw => "ryw",
            Guarantee::Mr => "mr",
            Guarantee::Mw => "mw",
            Guarantee::Wfr => "wfr",
        }
    }

    /// Its title for people.
    pub fn title(self) -> &'static str {
        match self {
            Guarantee::Linearizable => "Linearizable",
            Guarantee::Sequential => "Sequential",
            Guarantee::Causal => "Causal",
            Guarantee::Pram => "PRAM (FIFO)",
            Guarantee::Ryw => "Read your writes",
            Guarantee::Mr => "Monotonic reads",
            Guarantee::Mw => "Monotonic writes",
            Guarantee::Wfr => "Writes follow reads",
        }
    }
}

/// Whether a history keeps one guarantee, and if not, which ops show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub guarantee: Guarantee,
    pub holds: bool,
    /// Indices into the history's ops that prove a ✗, in increasing order; empty when it holds.
    pub witness: Vec<usize>,
    /// One plain-English sentence naming exactly the witness ops; empty when it holds.
    pub why: String,
}

/// A read that returned a version overwritten before it began.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Stale {
    /// Index of the read in the history's ops.
    pub read: usize,
    /// How many writes overwrote the value it returned before it began.
    pub staleness: u32,
}

/// For each op of the history, whether it is judged: ok writes, ok reads, and unknown writes that
/// some ok read returns.
pub fn judged(h: &History) -> Vec<bool> {
    Model::new(h).judged
}

/// The eight verdicts, in [`Guarantee::ALL`]'s order.
///
/// ```
/// use ring_time::{check::judge, history::History};
///
/// let (h, _) = History::parse("1:w1@0-10,2:r0@20-30");
/// let verdicts = judge(&h);
/// assert!(!verdicts[0].holds && verdicts[1..].iter().all(|v| v.holds));
/// assert_eq!(verdicts[0].witness, [0, 1]);
/// assert_eq!(
///     verdicts[0].why,
///     "c2 read 0 at 20 ms although w1 had been acknowledged at 10 ms."
/// );
/// ```
pub fn judge(h: &History) -> Vec<Verdict> {
    let m = Model::new(h);
    let verdict = |guarantee, found: Option<Violation>| match found {
        None => Verdict {
            guarantee,
            holds: true,
            witness: Vec::new(),
            why: String::new(),
        },
        Some(v) => {
            let (why, mut witness) = m.explain(&v);
            witness.sort_unstable();
            witness.dedup();
            Verdict {
                guarantee,
                holds: false,
                witness,
                why,
            }
        }
    };
    if let Some(read) = m.orphan() {
        return Guarantee::ALL
            .into_iter()
            .map(|g| verdict(g, Some(Violation::Orphan(read))))
            .collect();
    }
    let causal = m.causal_paths();
    let all = m.judged_ops();
    Guarantee::ALL
        .into_iter()
        .map(|g| {
            let found = match g {
                Guarantee::Linearizable => m.test(&all, Rel::RealTime, &causal, |_, _| true),
                Guarantee::Sequential => m.test(&all, Rel::Program, &causal, |_, _| true),
                Guarantee::Causal => m.per_client(Rel::Causal, &causal, |_, _, _, _| true),
                Guarantee::Pram => m.per_client(Rel::Program, &causal, |_, _, _, _| true),
                // po from p's writes to p's reads.
                Guarantee::Ryw => m.per_client(Rel::Program, &causal, |ops, p, a, b| {
                    ops[a].client == p && ops[a].may_write() && ops[b].kind == Kind::Read
                }),
                // po between p's reads (the only reads in p's set).
                Guarantee::Mr => m.per_client(Rel::Program, &causal, |ops, _, a, b| {
                    ops[a].kind == Kind::Read && ops[b].kind == Kind::Read
                }),
                Guarantee::Mw => m.monotonic_writes(),
                Guarantee::Wfr => m.writes_follow_reads(),
            };
            verdict(g, found)
        })
        .collect()
}

/// The stale reads, in the history's order: an ok read r returning w′ (or 0) although some ok write w
/// has w′ rb w rb r (for 0: w rb r); its staleness is the number of such w.
pub fn stale_reads(h: &History) -> Vec<Stale> {
    let m = Model::new(h);
    let ops = &h.ops;
    (0..ops.len())
        .filter(|&r| ops[r].kind == Kind::Read)
        .filter_map(|r| {
            // The end of the version it returned (0 for the initial value).
            let after = match (ops[r].value, m.source[r]) {
                (0, _) => None,
                (_, Some(w)) if ops[w].kind == Kind::Write => Some(ops[w].end),
                _ => return None,
            };
            let staleness = ops
                .iter()
                .filter(|w| {
                    w.kind == Kind::Write
                        && w.end < ops[r].start
                        && after.is_none_or(|end| end < w.start)
                })
                .count() as u32;
            (staleness > 0).then_some(Stale { read: r, staleness })
        })
        .collect()
}

/// The relation whose pairs a test must respect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rel {
    /// rb: real time.
    RealTime,
    /// po: program order.
    Program,
    /// co: program order and reads-from, transitively.
    Causal,
}

/// One step of an explanation: an order a serialization has to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fact {
    /// The same client did a and then b.
    Order(usize, usize),
    /// a ended before b began (different clients).
    RealTime(usize, usize),
}

impl Fact {
    fn ops(self) -> [usize; 2] {
        match self {
            Fact::Order(a, b) | Fact::RealTime(a, b) => [a, b],
        }
    }
}

/// What breaks a verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Violation {
    /// A read of a value no write wrote.
    Orphan(usize),
    /// A read must come before the write of its own value.
    OwnWrite {
        read: usize,
        write: usize,
        facts: Vec<Fact>,
    },
    /// A read of 0 must come after a write (or a read of one).
    Initial {
        from: usize,
        read: usize,
        facts: Vec<Fact>,
    },
    /// Orders that go round: each edge's facts put one write before the next.
    Cycle(Vec<Vec<Fact>>),
}

impl Violation {
    /// How many facts its sentence states (the smaller, the simpler).
    fn size(&self) -> usize {
        match self {
            Violation::Orphan(_) => 1,
            Violation::OwnWrite { facts, .. } | Violation::Initial { facts, .. } => facts.len(),
            Violation::Cycle(edges) => edges.iter().map(Vec::len).sum(),
        }
    }
}

/// Distances (counted in po steps) and shortest paths of po ∪ rf between judged ops: a pair of co is
/// one with a finite distance.
struct Paths {
    dist: Vec<Vec<u32>>,
    /// The previous op on a shortest path from the row's op, and whether the step into this op is po.
    prev: Vec<Vec<(usize, bool)>>,
}

const FAR: u32 = u32::MAX;

/// A pair (a, b) that a test found, with the cost of explaining it ([`Model::cost`]).
type Pick = ((u32, bool), usize, usize);

/// A history read for judging.
struct Model<'h> {
    ops: &'h [Op],
    judged: Vec<bool>,
    /// For each op that may write or reads a value other than 0: the first `w` or `x` op of its value.
    source: Vec<Option<usize>>,
}

impl<'h> Model<'h> {
    fn new(h: &'h History) -> Model<'h> {
        let ops = &h.ops[..];
        let source: Vec<Option<usize>> = ops
            .iter()
            .map(|op| {
                let reads_or_writes = op.kind == Kind::Read || op.may_write();
                (reads_or_writes && op.value != 0)
                    .then(|| {
                        ops.iter()
                            .position(|w| w.may_write() && w.value == op.value)
                    })
                    .flatten()
            })
            .collect();
        let read = |w: usize| {
            ops.iter()
                .zip(&source)
                .any(|(r, s)| r.kind == Kind::Read && *s == Some(w))
        };
        let judged = (0..ops.len())
            .map(|i| match ops[i].kind {
                Kind::Write | Kind::Read => true,
                Kind::Unknown => read(i),
                Kind::Failed => false,
            })
            .collect();
        Model {
            ops,
            judged,
            source,
        }
    }

    fn judged_ops(&self) -> Vec<usize> {
        (0..self.ops.len()).filter(|&i| self.judged[i]).collect()
    }

    /// The first read of a value no write wrote.
    fn orphan(&self) -> Option<usize> {
        (0..self.ops.len()).find(|&i| {
            let op = &self.ops[i];
            op.kind == Kind::Read && op.value != 0 && self.source[i].is_none()
        })
    }

    fn is_read(&self, i: usize) -> bool {
        self.ops[i].kind == Kind::Read
    }

    /// po: a before b at the same client; nothing follows an unknown write.
    fn po(&self, a: usize, b: usize) -> bool {
        let (x, y) = (&self.ops[a], &self.ops[b]);
        a != b && x.client == y.client && x.kind != Kind::Unknown && x.end < y.start
    }

    /// rb: a ended before b began; an unknown write never ends.
    fn rb(&self, a: usize, b: usize) -> bool {
        self.ops[a].kind != Kind::Unknown && self.ops[a].end < self.ops[b].start
    }

    /// The group of a judged op: 0 for reads of 0, else 1 + the index of its value's write.
    fn group(&self, i: usize) -> usize {
        if self.ops[i].may_write() {
            i + 1
        } else {
            self.source[i].map_or(0, |w| w + 1)
        }
    }

    /// Shortest po ∪ rf paths between judged ops, counting po steps (0-1 breadth-first search).
    fn causal_paths(&self) -> Paths {
        let n = self.ops.len();
        let mut dist = vec![vec![FAR; n]; n];
        let mut prev = vec![vec![(usize::MAX, false); n]; n];
        let judged = self.judged_ops();
        for &s in &judged {
            let (d, p) = (&mut dist[s], &mut prev[s]);
            d[s] = 0;
            let mut queue = VecDeque::from([s]);
            while let Some(u) = queue.pop_front() {
                for &v in &judged {
                    let rf = self.is_read(v) && self.source[v] == Some(u);
                    let step = if rf {
                        0
                    } else if self.po(u, v) {
                        1
                    } else {
                        continue;
                    };
                    if d[u] + step < d[v] {
                        d[v] = d[u] + step;
                        p[v] = (u, step == 1);
                        if step == 0 {
                            queue.push_front(v);
                        } else {
                            queue.push_back(v);
                        }
                    }
                }
            }
        }
        Paths { dist, prev }
    }

    fn related(&self, rel: Rel, paths: &Paths, a: usize, b: usize) -> bool {
        match rel {
            Rel::RealTime => self.rb(a, b),
            Rel::Program => self.po(a, b),
            Rel::Causal => a != b && paths.dist[a][b] != FAR,
        }
    }

    /// The facts that explain why the pair (a, b) of `rel` holds.
    fn facts(&self, rel: Rel, paths: &Paths, a: usize, b: usize) -> Vec<Fact> {
        let same = self.ops[a].client == self.ops[b].client;
        match rel {
            Rel::RealTime if !same => vec![Fact::RealTime(a, b)],
            Rel::RealTime | Rel::Program => vec![Fact::Order(a, b)],
            Rel::Causal => {
                let mut facts = Vec::new();
                let mut v = b;
                while v != a {
                    let (u, po) = paths.prev[a][v];
                    if po {
                        facts.push(Fact::Order(u, v));
                    }
                    v = u;
                }
                facts.reverse();
                facts
            }
        }
    }

    /// How costly the pair is to explain: its facts, then whether it crosses clients.
    fn cost(&self, rel: Rel, paths: &Paths, a: usize, b: usize) -> (u32, bool) {
        let steps = match rel {
            Rel::Causal => paths.dist[a][b],
            _ => 1,
        };
        (steps, self.ops[a].client != self.ops[b].client)
    }

    /// The spec's test on the ops `set` and the pairs of `rel` that `keep` keeps: `None` when a
    /// serialization respecting them exists, else the simplest violation.
    fn test(
        &self,
        set: &[usize],
        rel: Rel,
        paths: &Paths,
        keep: impl Fn(usize, usize) -> bool,
    ) -> Option<Violation> {
        let mut found: Option<Violation> = None;
        let mut consider = |v: Violation| {
            if found.as_ref().is_none_or(|f| v.size() < f.size()) {
                found = Some(v);
            }
        };
        // Group ids, compacted: 0 the initial group, then the writes of `set` in order.
        let mut id = vec![0usize; self.ops.len() + 1];
        let mut groups = 1;
        for &i in set {
            if self.ops[i].may_write() {
                id[i + 1] = groups;
                groups += 1;
            }
        }
        // The cheapest pair from group to group, within a group from a read to its write, and into
        // the initial group.
        let mut best: Vec<Vec<Option<Pick>>> = vec![vec![None; groups]; groups];
        let (mut own, mut initial): (Option<Pick>, Option<Pick>) = (None, None);
        for &a in set {
            for &b in set {
                if a == b || !keep(a, b) || !self.related(rel, paths, a, b) {
                    continue;
                }
                let cost = self.cost(rel, paths, a, b);
                let (ga, gb) = (id[self.group(a)], id[self.group(b)]);
                let slot = if ga == gb {
                    if !self.is_read(a) || self.is_read(b) {
                        continue; // within a group only a read before its write is impossible
                    }
                    &mut own
                } else if gb == 0 {
                    &mut initial
                } else {
                    &mut best[ga][gb]
                };
                if slot.is_none_or(|(c, _, _)| cost < c) {
                    *slot = Some((cost, a, b));
                }
            }
        }
        if let Some((_, read, write)) = own {
            consider(Violation::OwnWrite {
                read,
                write,
                facts: self.facts(rel, paths, read, write),
            });
        }
        if let Some((_, from, read)) = initial {
            consider(Violation::Initial {
                from,
                read,
                facts: self.facts(rel, paths, from, read),
            });
        }
        if let Some(cycle) = shortest_cycle(&best) {
            let mut edges: Vec<(usize, usize)> = cycle
                .iter()
                .map(|&(g, h)| {
                    let (_, a, b) = best[g][h].expect("an edge of the cycle");
                    (a, b)
                })
                .collect();
            // Start with the order seen last: the edge whose second op starts latest.
            let first = (0..edges.len())
                .max_by_key(|&k| (self.ops[edges[k].1].start, std::cmp::Reverse(k)))
                .unwrap_or(0);
            edges.rotate_left(first);
            consider(Violation::Cycle(
                edges
                    .into_iter()
                    .map(|(a, b)| self.facts(rel, paths, a, b))
                    .collect(),
            ));
        }
        found
    }

    /// The test for every client p on all writes and p's reads, keeping the pairs `keep` keeps; the
    /// simplest violation over all clients.
    fn per_client(
        &self,
        rel: Rel,
        paths: &Paths,
        keep: impl Fn(&[Op], u8, usize, usize) -> bool,
    ) -> Option<Violation> {
        let mut found: Option<Violation> = None;
        for p in 1..=CLIENTS_MAX {
            let mine = |i: usize| self.ops[i].client == p;
            let set: Vec<usize> = self
                .judged_ops()
                .into_iter()
                .filter(|&i| !self.is_read(i) || mine(i))
                .collect();
            if let Some(v) = self.test(&set, rel, paths, |a, b| keep(self.ops, p, a, b)) {
                if found.as_ref().is_none_or(|f| v.size() < f.size()) {
                    found = Some(v);
                }
            }
        }
        found
    }

    /// Monotonic writes: no client reads w2 and later reads w1, where one client wrote w1 and then w2.
    fn monotonic_writes(&self) -> Option<Violation> {
        let reads: Vec<usize> = self
            .judged_ops()
            .into_iter()
            .filter(|&i| self.is_read(i) && self.ops[i].value != 0)
            .collect();
        for &ra in &reads {
            for &rb in &reads {
                let (Some(w2), Some(w1)) = (self.source[ra], self.source[rb]) else {
                    continue;
                };
                if self.po(ra, rb) && self.po(w1, w2) {
                    return Some(Violation::Cycle(vec![
                        vec![Fact::Order(ra, rb)],
                        vec![Fact::Order(w1, w2)],
                    ]));
                }
            }
        }
        None
    }

    /// Writes follow reads: no client reads w2 and later reads w1 (w1 ≠ w2), where w1 → w2 in the
    /// transitive closure of "some client read w1 and later wrote w2". The shortest such chain.
    fn writes_follow_reads(&self) -> Option<Violation> {
        let judged = self.judged_ops();
        let reads: Vec<usize> = judged
            .iter()
            .copied()
            .filter(|&i| self.is_read(i) && self.ops[i].value != 0)
            .collect();
        let writes: Vec<usize> = judged
            .iter()
            .copied()
            .filter(|&i| self.ops[i].may_write())
            .collect();
        // follows[w] = the (read of w, later write of its client) steps out of w.
        let n = self.ops.len();
        let mut follows: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
        for &r in &reads {
            for &w in &writes {
                if let (Some(read), true) = (self.source[r], self.po(r, w)) {
                    follows[read].push((r, w));
                }
            }
        }
        let mut found: Option<Violation> = None;
        for &ra in &reads {
            for &rb in &reads {
                let (Some(w2), Some(w1)) = (self.source[ra], self.source[rb]) else {
                    continue;
                };
                if w1 == w2 || !self.po(ra, rb) {
                    continue;
                }
                if let Some(chain) = chain(&follows, w1, w2) {
                    let v = Violation::Cycle(vec![vec![Fact::Order(ra, rb)], chain]);
                    if found.as_ref().is_none_or(|f| v.size() < f.size()) {
                        found = Some(v);
                    }
                }
            }
        }
        found
    }

    /// The sentence for a violation, and the ops it names.
    fn explain(&self, v: &Violation) -> (String, Vec<usize>) {
        let ops = self.ops;
        let client = |i: usize| format!("c{}", ops[i].client);
        let value = |i: usize| ops[i].value;
        let start = |i: usize| ms_text(ops[i].start);
        let end = |i: usize| ms_text(ops[i].end);
        let facts_ops = |facts: &[Fact]| facts.iter().flat_map(|f| f.ops()).collect::<Vec<_>>();
        match v {
            Violation::Orphan(r) => (
                format!(
                    "{} read {} at {} ms, but no write wrote {}.",
                    client(*r),
                    value(*r),
                    start(*r),
                    value(*r)
                ),
                vec![*r],
            ),
            Violation::OwnWrite { read, write, facts } => {
                let (r, w) = (*read, *write);
                let why = match facts[..] {
                    [Fact::Order(..)] => {
                        format!("{} read {} before writing it.", client(r), value(r))
                    }
                    [fact] => format!("{}.", self.fact_text(fact)),
                    _ => format!(
                        "{}, so {} read {} before {} was written.",
                        self.join(facts),
                        client(r),
                        value(r),
                        ops[w].label()
                    ),
                };
                // The facts run from `r` to `w`.
                (why, facts_ops(facts))
            }
            Violation::Initial { from, read, facts } => {
                let (a, r) = (*from, *read);
                // The facts run from `a` (or a read of its write) to `r`.
                let mut named = facts_ops(facts);
                let why = match facts[..] {
                    [Fact::RealTime(..)] if !self.is_read(a) => format!(
                        "{} read 0 at {} ms although {} had been acknowledged at {} ms.",
                        client(r),
                        start(r),
                        ops[a].label(),
                        end(a)
                    ),
                    [Fact::RealTime(..)] => format!(
                        "{} read 0 at {} ms although {}'s read of {} had ended at {} ms.",
                        client(r),
                        start(r),
                        client(a),
                        value(a),
                        end(a)
                    ),
                    [fact] => format!("{}.", self.fact_text(fact)),
                    _ => {
                        let w = if self.is_read(a) {
                            self.source[a].unwrap_or(a)
                        } else {
                            a
                        };
                        named.push(w);
                        format!(
                            "{}, so {}'s read of 0 came after {}.",
                            self.join(facts),
                            client(r),
                            ops[w].label()
                        )
                    }
                };
                (why, named)
            }
            Violation::Cycle(edges) => {
                let (first, rest) = edges.split_first().expect("a cycle has edges");
                let rest: Vec<Fact> = rest.iter().flatten().copied().collect();
                let why = format!("{}, but {}.", self.join(first), self.join(&rest));
                (why, edges.iter().flat_map(|e| facts_ops(e)).collect())
            }
        }
    }

    fn join(&self, facts: &[Fact]) -> String {
        facts
            .iter()
            .map(|&f| self.fact_text(f))
            .collect::<Vec<_>>()
            .join(", and ")
    }

    /// One fact as a clause: "c1 wrote 1 and then 2", "w1 was acknowledged at 10 ms, before c3 read 2
    /// at 20 ms".
    fn fact_text(&self, fact: Fact) -> String {
        let ops = self.ops;
        match fact {
            Fact::Order(a, b) => {
                let (x, y) = (&ops[a], &ops[b]);
                let verb = |op: &Op| {
                    if op.kind == Kind::Read {
                        "read"
                    } else {
                        "wrote"
                    }
                };
                let then = if verb(x) == verb(y) {
                    String::new()
                } else {
                    format!("{} ", verb(y))
                };
                format!(
                    "c{} {} {} and then {then}{}",
                    x.client,
                    verb(x),
                    x.value,
                    y.value
                )
            }
            Fact::RealTime(a, b) => {
                let (x, y) = (&ops[a], &ops[b]);
                let before = if x.kind == Kind::Read {
                    format!(
                        "c{}'s read of {} ended at {} ms",
                        x.client,
                        x.value,
                        ms_text(x.end)
                    )
                } else {
                    format!("{} was acknowledged at {} ms", x.label(), ms_text(x.end))
                };
                let after = if y.kind == Kind::Read {
                    format!("c{} read {} at {} ms", y.client, y.value, ms_text(y.start))
                } else {
                    format!("{} began at {} ms", y.label(), ms_text(y.start))
                };
                format!("{before}, before {after}")
            }
        }
    }
}

/// The shortest chain of (read of w, later write of its client) steps from w1 to w2, as facts.
fn chain(follows: &[Vec<(usize, usize)>], w1: usize, w2: usize) -> Option<Vec<Fact>> {
    let mut prev: Vec<Option<(usize, usize)>> = vec![None; follows.len()];
    let mut queue = VecDeque::from([w1]);
    let mut seen = vec![false; follows.len()];
    seen[w1] = true;
    while let Some(u) = queue.pop_front() {
        for &(r, w) in &follows[u] {
            if seen[w] {
                continue;
            }
            seen[w] = true;
            prev[w] = Some((r, u));
            if w == w2 {
                let mut facts = Vec::new();
                let mut v = w2;
                while let Some((r, u)) = prev[v] {
                    facts.push(Fact::Order(r, v));
                    v = u;
                }
                facts.reverse();
                return Some(facts);
            }
            queue.push_back(w);
        }
    }
    None
}

/// A shortest cycle of the graph whose edge g → h exists when `edges[g][h]` is set: its edges, in
/// order. Among the shortest, the one through the lowest node.
fn shortest_cycle<T>(edges: &[Vec<Option<T>>]) -> Option<Vec<(usize, usize)>> {
    let n = edges.len();
    let mut best: Option<Vec<(usize, usize)>> = None;
    for s in 0..n {
        let mut dist = vec![usize::MAX; n];
        let mut prev = vec![usize::MAX; n];
        dist[s] = 0;
        let mut queue = VecDeque::from([s]);
        let mut closing = None;
        'search: while let Some(u) = queue.pop_front() {
            for v in 0..n {
                if edges[u][v].is_none() {
                    continue;
                }
                if v == s {
                    closing = Some(u);
                    break 'search;
                }
                if dist[v] == usize::MAX {
                    dist[v] = dist[u] + 1;
                    prev[v] = u;
                    queue.push_back(v);
                }
            }
        }
        let Some(last) = closing else { continue };
        if best.as_ref().is_some_and(|b| b.len() <= dist[last] + 1) {
            continue;
        }
        let mut cycle = vec![(last, s)];
        let mut v = last;
        while v != s {
            cycle.push((prev[v], v));
            v = prev[v];
        }
        cycle.reverse();
        best = Some(cycle);
    }
    best
}

#[cfg(test)]
mod tests;
