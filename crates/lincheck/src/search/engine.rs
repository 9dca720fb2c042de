//! The WGL search over one key, as an explicit stack that advances a bounded number of steps.
//!
//! Ops are indexed in call order. A configuration is (set of linearized ops, state); from it, an
//! op may be linearized next iff no unlinearized op returned before its call (its call is at most
//! the earliest return among unlinearized ops). Dancing links keep the unlinearized ops in call
//! order (mutators and observers apart) and in return order, so each move and its undo is O(1).
//! Finite mutators are tried before indeterminate ones (which are rarely needed); that is only
//! the order of the search, which still tries every candidate once per configuration.
//!
//! Beyond plain WGL with a memo of configurations, three prunings, each sound:
//!
//! 1. **Observers first.** If an observer `r` (a read, a get, a failed cas: it never changes the
//!    state) may be linearized now and is legal in the current state, it is linearized at once
//!    and no alternative is tried. Proof: take any completion `L` of this configuration and move
//!    `r` to its front. Real time still holds: `r` is minimal (no unlinearized op returned before
//!    its call), and moving an op earlier can only break constraints of ops that must precede it.
//!    The model still accepts: `r` is legal in the current state and changes nothing, so every op
//!    sees the same state as in `L`. Hence the configuration has a completion iff the one after
//!    `r` has, and backtracking past `r` goes straight to the configuration below.
//! 2. **Only mutators branch.** An observer that is not legal now cannot be linearized now, and a
//!    legal one is taken by (1); so the branching tries only state-changing ops.
//! 3. **Needed values.** A read of `v` (or an `:ok` cas from `v`, or a get of `v`) needs the state
//!    to be `v` when it is linearized. If the state is not `v` now, some op must still be
//!    linearized before it that leaves `v` (a write of `v`, a cas to `v`, a put of `v`, an append
//!    that `v` ends with), and such an op can come before the read only if it was called no later
//!    than the read returns. So if, for some needed value, the earliest-returning unlinearized
//!    reader returns before every unlinearized producer is called (or none is left), no completion
//!    exists and the configuration is dropped. This is checked only for the values whose test can
//!    change with the last move: the state it left, and the values its op could produce.
//!
//!    **3b. Held values.** If the state is `v` and no unlinearized producer of `v` can precede
//!    the earliest-returning reader `r` of `v` (none is called by `r`'s return), the state must
//!    stay `v` until `r`: any state change before `r` would need a producer after it. So every op
//!    that must precede `r` (returns before `r` is called) must keep the state `v`; if one does
//!    not (a read of another value, a write of another value, an append, a cas whose compare
//!    fails on `v`…), there is no completion. Checked after every move, for the state's value,
//!    over the first 64 ops by return.
//! 4. **Twins in order.** Two mutators with the same effect (same function, values and
//!    outcome kind) where `a` is called no later and returns no later than `b`: `b` is tried only
//!    once `a` is linearized. Proof: in any completion with `b` before `a`, swapping the two keeps
//!    the model's answers (they act alike) and real time (`a` takes `b`'s earlier place: whatever
//!    must precede `a` returned before `a`'s call, so before `b`'s; `b` takes `a`'s later place:
//!    whatever must follow `b` is called after `b` returns, so after `a` does). Each swap raises
//!    the sum of place × rank in (call, return) order, so swapping ends, in a completion that
//!    keeps every such pair in order. The rule depends only on the set linearized, so it is
//!    consistent with the memo.
//!
//! 5. **No idle indeterminate ops.** An indeterminate op that would change nothing where it is
//!    placed (a cas whose compare fails, a write or put of the current value, an append of `""`)
//!    is not tried there. Proof: dropping such a step from a completion leaves every state the
//!    same, and an indeterminate op may be left out (it returns at +∞, so it can go last).
//!    The rule reads only the configuration's state, so it is consistent with the memo.
//!
//!    The same holds of an indeterminate op that would make a key's string unseen (rule 8):
//!    from the unseen state every get fails until a put, so every completion from there is
//!    also one (with the same states after that put) from the configuration without it.
//! 6. **No overwritten indeterminate ops.** Right after an indeterminate op, a blind write (a write
//!    or a put, which sets the state whatever it was) is not tried. Proof: in a completion where
//!    one follows the other, the indeterminate op's effect is never seen; leaving it out (it may
//!    go last) changes no other state. This rule reads the last move, not only the
//!    configuration, so a configuration entered by an indeterminate op is memoised apart (a flag
//!    in the stored state): its entry records only that the restricted search from it failed.
//!
//! 7. **Strings only grow.** (Key-value.) Between now and a get of `v`, the state changes only by
//!    appends and puts. If no put is linearized in between, the state's string must be a prefix
//!    of `v`; otherwise the last such put's value must be one, and that put must be able to come
//!    before the get (called no later than the get returns). So if the state is not a prefix of
//!    `v` and no unlinearized put whose value begins `v` is called by the get's return, there is
//!    no completion. Checked after each move that changes the state, for the earliest-returning
//!    gets (up to 64). Whether a string is a prefix of a get value is one comparison: each trie
//!    node keeps the range of get values (in byte order) that extend it; the puts that may begin
//!    each get value are kept in lists by call, like the producers of rule 3.
//!
//! 8. **Unseen strings are one state.** (Key-value.) When no unlinearized get's value starts
//!    with the state's string, the state is replaced by a single "unseen" state. Proof: from two
//!    such states, with the same ops linearized, the same moves are legal: appends keep a string
//!    unseen (a get of `s + x` would start with `s`), so every get before the next put fails from
//!    both, and a put makes the two states equal. Appends to the unseen state leave it unseen,
//!    gets are illegal there, puts leave it. The test reads only the configuration (which gets
//!    are left), so it is consistent with the memo; it counts unlinearized gets per value rank in
//!    a Fenwick tree and asks for the count over the state's range.
//!
//! 9. **Every piece must still come.** (Key-value.) If a get's value `v` does not extend the
//!    state, a put must come before it, and the value is that put's value followed by the
//!    strings of appends linearized after it, so still unlinearized. So every byte of `v` past
//!    the longest put value it begins with must lie in an occurrence, in `v`, of the string of
//!    some unlinearized append; if one does not, there is no completion (`search::cover` keeps
//!    the counts per byte).
//!
//! Rules 4 to 6 combine: from any completion, drop the idle and overwritten indeterminate ops
//! (until none is left), then order the twins (pairs are twins only if both are finite or both
//! are indeterminate, with left-out indeterminate ops counted as last, so swapping keeps every
//! op's kind at every place and the dropped steps stay dropped).
//!
//! Indeterminate ops return at +∞; once every finite op is linearized the rest can follow in any
//! order (each is legal in any state), so the search succeeds there.

use super::compact::{Compact, Kind, BOTTOM, NONE};
use super::cover::Cover;
use super::memo::Memo;

/// A doubly linked list over some ops, unlinked and relinked in LIFO order (dancing links).
#[derive(Clone, Debug)]
struct Links {
    next: Vec<u32>,
    prev: Vec<u32>,
    heads: Vec<u32>,
    /// For a list of lists: each node's list.
    list: Vec<u32>,
}

impl Links {
    /// Lists over `n` nodes; `members` gives (list, node) in each list's order.
    fn new(n: usize, lists: usize, members: impl IntoIterator<Item = (u32, u32)>) -> Links {
        let mut l = Links {
            next: vec![NONE; n],
            prev: vec![NONE; n],
            heads: vec![NONE; lists],
            list: vec![NONE; n],
        };
        let mut tails = vec![NONE; lists];
        for (g, i) in members {
            let (g, i) = (g as usize, i as usize);
            l.list[i] = g as u32;
            match tails[g] {
                NONE => l.heads[g] = i as u32,
                t => {
                    l.next[t as usize] = i as u32;
                    l.prev[i] = t;
                }
            }
            tails[g] = i as u32;
        }
        l
    }

    #[inline]
    fn unlink(&mut self, i: u32) {
        let (p, n) = (self.prev[i as usize], self.next[i as usize]);
        match p {
            NONE => self.heads[self.list[i as usize] as usize] = n,
            p => self.next[p as usize] = n,
        }
        if n != NONE {
            self.prev[n as usize] = p;
        }
    }

    #[inline]
    fn relink(&mut self, i: u32) {
        let (p, n) = (self.prev[i as usize], self.next[i as usize]);
        match p {
            NONE => self.heads[self.list[i as usize] as usize] = i,
            p => self.next[p as usize] = i,
        }
        if n != NONE {
            self.prev[n as usize] = i;
        }
    }

    #[inline]
    fn head(&self, g: u32) -> u32 {
        self.heads[g as usize]
    }
}

/// One linearized op on the stack.
#[derive(Clone, Copy, Debug)]
struct Frame {
    op: u32,
    prev_state: u32,
    /// Linearized by pruning (1): backtracking past it skips its configuration's alternatives.
    forced: bool,
}

/// Where the search stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    Running,
    Linearizable,
    Illegal,
}

/// Tunables of one search.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tuning {
    pub memo_limit_words: usize,
}

/// The search over one key's ops (given in call order).
pub(crate) struct Engine {
    model: Compact,
    kinds: Vec<Kind>,
    call: Vec<i64>,
    ret: Vec<i64>,
    /// Rank among finite ops (call order), or NONE for an indeterminate op.
    frank: Vec<u32>,
    /// Rank among indeterminate ops, or NONE.
    irank: Vec<u32>,
    /// Per finite rank `f`: how many bitset words a memo entry with frontier `f` stores.
    window_words: Vec<u32>,
    by_ret: Links,
    mutators: Links,
    observers: Links,
    /// Reader memberships (node = op index): one list per needed value, by return.
    readers: Links,
    /// Producer memberships: one list per needed value, by call; `prod_op` maps node to op.
    producers: Links,
    prod_op: Vec<u32>,
    /// Per mutator: a twin that must be linearized before it (pruning 4), or NONE.
    twin: Vec<u32>,
    /// Per op: its producer memberships `prod_of[prod_start[i]..prod_start[i + 1]]`.
    prod_start: Vec<u32>,
    prod_of: Vec<u32>,
    /// Key-value only (rule 7): unlinearized gets by return; per get value, the puts that may
    /// begin it, by call (node = membership, `begin_op` maps it to the put).
    gets_by_ret: Links,
    beginners: Links,
    begin_op: Vec<u32>,
    /// Per op: its memberships `begin_of[begin_start[i]..begin_start[i + 1]]`.
    begin_start: Vec<u32>,
    begin_of: Vec<u32>,
    /// Key-value only (rule 9): which get values can still be appended past their put.
    cover: Option<Cover>,
    /// Key-value only (rule 8): unlinearized gets per value rank, as a Fenwick tree.
    unseen_gets: Vec<i32>,
    lin_fin: Vec<u64>,
    lin_info: Vec<u64>,
    /// The ranks of the linearized indeterminate ops, sorted (for the memo).
    info_list: Vec<u32>,
    /// Every finite bitset word below this one is full.
    full_below: usize,
    zobrist: Vec<u64>,
    hash: u64,
    state: u32,
    stack: Vec<Frame>,
    /// The next mutator to try in the current configuration (NONE: none left in its list), and
    /// its list (0: finite mutators, then 1: indeterminate ones).
    cursor: u32,
    phase: u32,
    memo: Memo,
    finite_left: usize,
    best: Vec<u32>,
    pub(crate) status: Status,
    pub(crate) configs: u64,
    pub(crate) steps: u64,
}

/// SplitMix64: fixed pseudo-random words for hashing (deterministic).
pub(crate) fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Engine {
    /// A search over ops given as (kind, call, return or `None` for +∞), sorted by call.
    pub(crate) fn new(
        model: Compact,
        kinds: Vec<Kind>,
        times: &[(i64, Option<i64>)],
        tuning: Tuning,
    ) -> Engine {
        let n = kinds.len();
        let call: Vec<i64> = times.iter().map(|t| t.0).collect();
        let ret: Vec<i64> = times.iter().map(|t| t.1.unwrap_or(i64::MAX)).collect();
        let mut frank = vec![NONE; n];
        let mut irank = vec![NONE; n];
        let (mut nf, mut ni) = (0u32, 0u32);
        for i in 0..n {
            if times[i].1.is_some() {
                frank[i] = nf;
                nf += 1;
            } else {
                irank[i] = ni;
                ni += 1;
            }
        }
        // Window of finite rank f: finite ops called no later than f returns.
        let fin_ops: Vec<usize> = (0..n).filter(|&i| frank[i] != NONE).collect();
        let mut window_words = Vec::with_capacity(fin_ops.len());
        let mut end = 0usize;
        for (f, &i) in fin_ops.iter().enumerate() {
            end = end.max(f + 1);
            while end < fin_ops.len() && call[fin_ops[end]] <= ret[i] {
                end += 1;
            }
            window_words.push(((end - 1) / 64 - f / 64 + 1) as u32);
        }
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_by_key(|&i| (ret[i as usize], call[i as usize], i));
        let by_ret = Links::new(n, 1, order.iter().map(|&i| (0, i)));
        // Indeterminate ops that can never change anything are never tried (rule 5 everywhere).
        // Two lists, in call order: finite mutators, tried first, then indeterminate ones (an
        // order only: each mutator is still tried once per configuration).
        let mutators = Links::new(
            n,
            2,
            (0..n as u32)
                .filter(|&i| !kinds[i as usize].observer())
                .filter(|&i| {
                    times[i as usize].1.is_some() || !model.never_changes(kinds[i as usize])
                })
                .map(|i| (u32::from(times[i as usize].1.is_none()), i)),
        );
        let observers = Links::new(
            n,
            1,
            (0..n as u32)
                .filter(|&i| kinds[i as usize].observer())
                .map(|i| (0, i)),
        );
        let groups = model.groups() as usize;
        let mut rd: Vec<(u32, u32)> = (0..n as u32)
            .filter_map(|i| kinds[i as usize].reads().map(|g| (g, i)))
            .collect();
        rd.sort_by_key(|&(g, i)| (g, ret[i as usize], i));
        let readers = Links::new(n, groups, rd);
        let mut pr: Vec<(u32, u32)> = Vec::new();
        for i in 0..n as u32 {
            for &g in model.produced_groups(kinds[i as usize]) {
                pr.push((g, i));
            }
        }
        pr.sort_by_key(|&(g, i)| (g, call[i as usize], i));
        let (producers, prod_op, prod_start, prod_of) = memberships(n, groups, &pr);
        let twin = twins(&kinds, &call, &ret);
        let gets_by_ret = Links::new(
            n,
            1,
            order
                .iter()
                .filter(|&&i| matches!(kinds[i as usize], Kind::Get(_)))
                .map(|&i| (0, i)),
        );
        let mut model = model;
        let mut bg: Vec<(u32, u32)> = Vec::new();
        for i in 0..n as u32 {
            if let Kind::Put(t) = kinds[i as usize] {
                bg.extend(model.starting_with(t).iter().map(|&g| (g, i)));
            }
        }
        bg.sort_by_key(|&(g, i)| (g, call[i as usize], i));
        let (beginners, begin_op, begin_start, begin_of) = memberships(n, groups, &bg);
        let cover = Cover::build(&mut model, &kinds);
        let mut unseen_gets = vec![0i32; groups + 1];
        for k in &kinds {
            if let Kind::Get(g) = *k {
                fenwick_add(&mut unseen_gets, model.rank(g), 1);
            }
        }
        let info_words = (ni as usize).div_ceil(64);
        let mut e = Engine {
            state: model.init(),
            model,
            kinds,
            call,
            ret,
            frank,
            irank,
            window_words,
            by_ret,
            mutators,
            observers,
            readers,
            producers,
            prod_op,
            twin,
            gets_by_ret,
            beginners,
            begin_op,
            begin_start,
            begin_of,
            cover,
            unseen_gets,
            prod_start,
            prod_of,
            lin_fin: vec![0; (nf as usize).div_ceil(64) + 1],
            lin_info: vec![0; info_words],
            info_list: Vec::new(),
            full_below: 0,
            zobrist: (0..n as u64).map(splitmix).collect(),
            hash: 0,
            stack: Vec::new(),
            cursor: NONE,
            phase: 1,
            memo: Memo::new(tuning.memo_limit_words),
            finite_left: nf as usize,
            best: Vec::new(),
            status: Status::Running,
            configs: 1,
            steps: 0,
        };
        if (0..groups as u32).any(|g| e.dead(g)) || e.held(e.state) || e.unbuildable(e.state) {
            e.status = Status::Illegal;
        } else {
            e.settle();
        }
        e
    }

    /// Runs at most `max_steps` steps; whether the search is over.
    pub(crate) fn advance(&mut self, max_steps: u64) -> bool {
        let mut left = max_steps;
        while self.status == Status::Running && left > 0 {
            left -= 1;
            self.step();
        }
        self.status != Status::Running
    }

    /// The longest linearizable prefix found so far (the whole order once linearizable).
    pub(crate) fn best(&self) -> &[u32] {
        &self.best
    }

    /// Configurations stored in the memo, and its size in bytes.
    pub(crate) fn memo_stats(&self) -> (usize, usize, bool) {
        (self.memo.len(), self.memo.bytes(), self.memo.full)
    }

    /// States interned so far.
    pub(crate) fn states(&self) -> usize {
        self.model.state_count()
    }

    /// One step: try the next mutator of the current configuration, or backtrack.
    fn step(&mut self) {
        self.steps += 1;
        let m = self.ret[self.by_ret.head(0) as usize];
        let mut c = self.cursor;
        while c == NONE || self.call[c as usize] > m {
            if self.phase == 1 {
                self.backtrack();
                return;
            }
            self.phase = 1;
            c = self.mutators.head(1);
        }
        self.cursor = self.mutators.next[c as usize];
        let t = self.twin[c as usize];
        if t != NONE && !self.placed(t) {
            return;
        }
        if matches!(self.kinds[c as usize], Kind::Write(_) | Kind::Put(_))
            && self.after_indeterminate()
        {
            return;
        }
        if let Some(mut s1) = self.model.step(self.state, self.kinds[c as usize]) {
            let kv = self.model.is_key_value();
            if kv && s1 != BOTTOM && !self.seen(s1) {
                s1 = BOTTOM;
            }
            if (s1 == self.state || (kv && s1 == BOTTOM)) && self.frank[c as usize] == NONE {
                return;
            }
            if self.enter(c, s1, false) {
                self.settle();
            }
        }
    }

    /// In a new configuration: linearize legal observers (pruning 1) until none is left, then
    /// point the cursor at the first mutator; or finish.
    fn settle(&mut self) {
        loop {
            if self.finite_left == 0 {
                self.status = Status::Linearizable;
                self.best = self.stack.iter().map(|f| f.op).collect();
                return;
            }
            let m = self.ret[self.by_ret.head(0) as usize];
            let mut o = self.observers.head(0);
            while o != NONE && self.call[o as usize] <= m {
                if self
                    .model
                    .observer_legal(self.state, self.kinds[o as usize])
                {
                    break;
                }
                o = self.observers.next[o as usize];
            }
            if o == NONE || self.call[o as usize] > m {
                self.cursor = self.mutators.head(0);
                self.phase = 0;
                return;
            }
            if !self.enter(o, self.state, true) {
                // The only continuation was seen before: this configuration fails.
                self.backtrack();
                return;
            }
        }
    }

    /// Linearizes `c` leading to state `s1`; `false` (and nothing changed) if the new
    /// configuration was seen before or fails pruning (3).
    fn enter(&mut self, c: u32, s1: u32, forced: bool) -> bool {
        let h = self.hash ^ self.zobrist[c as usize];
        self.set_bit(c);
        // Rule 6 restricts the moves out of a configuration entered by an indeterminate op.
        let flag = if !forced && self.frank[c as usize] == NONE {
            1 << 31
        } else {
            0
        };
        if !self.remember(h, s1 | flag) {
            self.clear_bit(c);
            return false;
        }
        self.take(c);
        let s0 = self.state;
        self.stack.push(Frame {
            op: c,
            prev_state: s0,
            forced,
        });
        self.state = s1;
        self.hash = h;
        if (!forced && self.dies(c, s0, s1)) || self.held(s1) {
            self.pop();
            return false;
        }
        self.configs += 1;
        if self.stack.len() > self.best.len() {
            self.best.clear();
            self.best.extend(self.stack.iter().map(|f| f.op));
        }
        true
    }

    /// Backtracks out of the current configuration (or ends the search: illegal).
    fn backtrack(&mut self) {
        match self.pop() {
            None => self.status = Status::Illegal,
            Some(f) if f.forced => (self.cursor, self.phase) = (NONE, 1),
            Some(f) => {
                self.cursor = self.mutators.next[f.op as usize];
                self.phase = self.mutators.list[f.op as usize];
            }
        }
    }

    /// Undoes the last linearization.
    fn pop(&mut self) -> Option<Frame> {
        let f = self.stack.pop()?;
        self.put_back(f.op);
        self.clear_bit(f.op);
        self.hash ^= self.zobrist[f.op as usize];
        self.state = f.prev_state;
        Some(f)
    }

    /// Whether pruning (3) or (7) drops the configuration reached by `c` from `s0` to `s1`.
    fn dies(&self, c: u32, s0: u32, s1: u32) -> bool {
        if s1 != s0 {
            let g = self.model.group_of_state(s0);
            if g != NONE && self.dead(g) {
                return true;
            }
            if self.model.is_key_value() && (self.outgrown(s1) || self.unbuildable(s1)) {
                return true;
            }
        }
        let (a, b) = (self.prod_start[c as usize], self.prod_start[c as usize + 1]);
        self.prod_of[a as usize..b as usize]
            .iter()
            .any(|&node| self.dead(self.producers.list[node as usize]))
    }

    /// Rule 9: whether a get left whose value does not extend the state `s` has a byte past its
    /// put that no unlinearized append can give.
    fn unbuildable(&self, s: u32) -> bool {
        let Some(cover) = &self.cover else {
            return false;
        };
        cover
            .short_values()
            .iter()
            .any(|&g| self.readers.head(g) != NONE && !self.model.extends(s, g))
    }

    /// Rule 8: whether some unlinearized get's value starts with the string of state `s`.
    fn seen(&self, s: u32) -> bool {
        let (lo, hi) = self.model.extended_by(s);
        lo < hi && fenwick_sum(&self.unseen_gets, hi) > fenwick_sum(&self.unseen_gets, lo)
    }

    /// Rule 7: whether an early get neither extends the state `s` nor can be begun by a put.
    fn outgrown(&self, s: u32) -> bool {
        let mut r = self.gets_by_ret.head(0);
        for _ in 0..64 {
            if r == NONE {
                return false;
            }
            if let Kind::Get(g) = self.kinds[r as usize] {
                if !self.model.extends(s, g) {
                    let p = self.beginners.head(g);
                    if p == NONE
                        || self.call[self.begin_op[p as usize] as usize] > self.ret[r as usize]
                    {
                        return true;
                    }
                }
            }
            r = self.gets_by_ret.next[r as usize];
        }
        false
    }

    /// Rule 3b: whether the earliest-returning reader of the state's value, which no producer can
    /// precede, is itself preceded (in real time) by an op that does not keep the state.
    fn held(&self, s: u32) -> bool {
        let g = self.model.group_of_state(s);
        if g == NONE {
            return false;
        }
        let r = self.readers.head(g);
        if r == NONE {
            return false;
        }
        let p = self.producers.head(g);
        if p != NONE && self.call[self.prod_op[p as usize] as usize] <= self.ret[r as usize] {
            return false;
        }
        let mut x = self.by_ret.head(0);
        for _ in 0..64 {
            if x == NONE || self.ret[x as usize] >= self.call[r as usize] {
                return false;
            }
            if !self.model.keeps(s, g, self.kinds[x as usize]) {
                return true;
            }
            x = self.by_ret.next[x as usize];
        }
        false
    }

    /// Whether some unlinearized reader of group `g` can no longer see its value.
    #[inline]
    fn dead(&self, g: u32) -> bool {
        let r = self.readers.head(g);
        if r == NONE || self.model.group_of_state(self.state) == g {
            return false;
        }
        let p = self.producers.head(g);
        p == NONE || self.call[self.prod_op[p as usize] as usize] > self.ret[r as usize]
    }

    /// Stores the configuration with `c` just added to the bitsets; `false` if already stored.
    fn remember(&mut self, h: u64, s: u32) -> bool {
        while self.full_below < self.lin_fin.len() && self.lin_fin[self.full_below] == u64::MAX {
            self.full_below += 1;
        }
        let w = self.full_below;
        let f = w * 64 + (!self.lin_fin[w]).trailing_zeros() as usize;
        let Some(&words) = self.window_words.get(f) else {
            return true; // every finite op linearized: the search ends here
        };
        let fin = &self.lin_fin[w..w + words as usize];
        let key = splitmix(h ^ splitmix(s as u64 ^ 0x5151));
        self.memo
            .insert(key, s, f as u32, fin, &self.info_list, &self.lin_info)
    }

    /// Whether the last move linearized an indeterminate op (by choice, not by pruning 1).
    fn after_indeterminate(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|f| !f.forced && self.frank[f.op as usize] == NONE)
    }

    /// Whether op `c` is linearized.
    fn placed(&self, c: u32) -> bool {
        match self.frank[c as usize] {
            NONE => {
                let r = self.irank[c as usize] as usize;
                self.lin_info[r / 64] & (1 << (r % 64)) != 0
            }
            r => self.lin_fin[r as usize / 64] & (1 << (r % 64)) != 0,
        }
    }

    fn set_bit(&mut self, c: u32) {
        match self.frank[c as usize] {
            NONE => {
                let r = self.irank[c as usize] as usize;
                self.lin_info[r / 64] |= 1 << (r % 64);
                let at = self
                    .info_list
                    .binary_search(&(r as u32))
                    .unwrap_or_else(|at| at);
                self.info_list.insert(at, r as u32);
            }
            r => self.lin_fin[r as usize / 64] |= 1 << (r % 64),
        }
    }

    fn clear_bit(&mut self, c: u32) {
        match self.frank[c as usize] {
            NONE => {
                let r = self.irank[c as usize] as usize;
                self.lin_info[r / 64] &= !(1 << (r % 64));
                if let Ok(at) = self.info_list.binary_search(&(r as u32)) {
                    self.info_list.remove(at);
                }
            }
            r => {
                let w = r as usize / 64;
                self.lin_fin[w] &= !(1 << (r % 64));
                self.full_below = self.full_below.min(w);
            }
        }
    }

    /// Removes `c` from every list of unlinearized ops.
    fn take(&mut self, c: u32) {
        let i = c as usize;
        self.by_ret.unlink(c);
        if self.kinds[i].observer() {
            self.observers.unlink(c);
        } else if self.mutators.list[i] != NONE {
            self.mutators.unlink(c);
        }
        if self.readers.list[i] != NONE {
            self.readers.unlink(c);
        }
        if let Kind::Get(g) = self.kinds[i] {
            self.gets_by_ret.unlink(c);
            fenwick_add(&mut self.unseen_gets, self.model.rank(g), -1);
        }
        for k in self.begin_start[i]..self.begin_start[i + 1] {
            self.beginners.unlink(self.begin_of[k as usize]);
        }
        for k in self.prod_start[i]..self.prod_start[i + 1] {
            self.producers.unlink(self.prod_of[k as usize]);
        }
        if let Some(cover) = &mut self.cover {
            cover.apply(i, -1);
        }
        if self.frank[i] != NONE {
            self.finite_left -= 1;
        }
    }

    /// Puts `c` back into its lists (the exact reverse of `take`).
    fn put_back(&mut self, c: u32) {
        let i = c as usize;
        if self.frank[i] != NONE {
            self.finite_left += 1;
        }
        if let Some(cover) = &mut self.cover {
            cover.apply(i, 1);
        }
        for k in (self.prod_start[i]..self.prod_start[i + 1]).rev() {
            self.producers.relink(self.prod_of[k as usize]);
        }
        for k in (self.begin_start[i]..self.begin_start[i + 1]).rev() {
            self.beginners.relink(self.begin_of[k as usize]);
        }
        if let Kind::Get(g) = self.kinds[i] {
            self.gets_by_ret.relink(c);
            fenwick_add(&mut self.unseen_gets, self.model.rank(g), 1);
        }
        if self.readers.list[i] != NONE {
            self.readers.relink(c);
        }
        if self.kinds[i].observer() {
            self.observers.relink(c);
        } else if self.mutators.list[i] != NONE {
            self.mutators.relink(c);
        }
        self.by_ret.relink(c);
    }
}

/// Per op: the nearest twin (same kind, both finite or both indeterminate, called and returning no later, earlier in (call, return,
/// index) order) that must be linearized first; NONE for none or for observers. Looks back at most
/// 64 twins (missing one only prunes less).
fn twins(kinds: &[Kind], call: &[i64], ret: &[i64]) -> Vec<u32> {
    let mut by_kind: rustc_hash::FxHashMap<(Kind, bool), Vec<u32>> =
        rustc_hash::FxHashMap::default();
    for (i, k) in kinds.iter().enumerate() {
        if !k.observer() {
            by_kind
                .entry((*k, ret[i] == i64::MAX))
                .or_default()
                .push(i as u32);
        }
    }
    let mut twin = vec![NONE; kinds.len()];
    for group in by_kind.values_mut() {
        group.sort_by_key(|&i| (call[i as usize], ret[i as usize], i));
        for (at, &b) in group.iter().enumerate() {
            let rb = ret[b as usize];
            twin[b as usize] = group[at.saturating_sub(64)..at]
                .iter()
                .rev()
                .copied()
                .find(|&a| ret[a as usize] <= rb)
                .unwrap_or(NONE);
        }
    }
    twin
}

/// Lists of memberships (list, op), given sorted by list then order within it: the links (node =
/// membership), each node's op, and per op the range of its nodes in the last vector.
fn memberships(
    n: usize,
    lists: usize,
    members: &[(u32, u32)],
) -> (Links, Vec<u32>, Vec<u32>, Vec<u32>) {
    let links = Links::new(
        members.len(),
        lists,
        members
            .iter()
            .enumerate()
            .map(|(node, &(g, _))| (g, node as u32)),
    );
    let op: Vec<u32> = members.iter().map(|&(_, i)| i).collect();
    let mut start = vec![0u32; n + 1];
    for &(_, i) in members {
        start[i as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut of = vec![0u32; members.len()];
    for (node, &(_, i)) in members.iter().enumerate() {
        of[fill[i as usize] as usize] = node as u32;
        fill[i as usize] += 1;
    }
    (links, op, start, of)
}

/// Adds `d` at place `at` of a Fenwick tree (`tree[0]` unused).
fn fenwick_add(tree: &mut [i32], at: u32, d: i32) {
    let mut i = at as usize + 1;
    while i < tree.len() {
        tree[i] += d;
        i += i & i.wrapping_neg();
    }
}

/// The sum of places `0..end` of a Fenwick tree.
fn fenwick_sum(tree: &[i32], end: u32) -> i32 {
    let (mut i, mut sum) = (end as usize, 0);
    while i > 0 {
        sum += tree[i];
        i -= i & i.wrapping_neg();
    }
    sum
}
