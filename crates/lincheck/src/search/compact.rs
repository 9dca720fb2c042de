//! The models on interned values: a state is a `u32` (a register value id, or a node of a trie of
//! appended strings), so stepping, comparing and memoising states is cheap.

use rustc_hash::FxHashMap;

use crate::op::{Action, ModelKind, Op, Outcome, Reg};

/// No index.
pub(crate) const NONE: u32 = u32::MAX;

/// The root of the string trie: `""`.
const ROOT: u32 = 0;

/// A string no unlinearized get can see (key-value): its exact value no longer matters.
pub(crate) const BOTTOM: u32 = 1;

/// Multiplier of the polynomial string hash (odd, so every power is a unit).
const BASE: u64 = 0x9E37_79B9_7F4A_7C15;

/// One op on interned values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Read(u32),
    Write(u32),
    CasOk(u32, u32),
    CasFail(u32),
    CasInfo(u32, u32),
    /// A get of the value with this id (a "needed value" group).
    Get(u32),
    Put(u32),
    Append(u32),
}

impl Kind {
    /// Whether the op never changes the state.
    pub(crate) fn observer(self) -> bool {
        matches!(self, Kind::Read(_) | Kind::CasFail(_) | Kind::Get(_))
    }

    /// The group (needed value) this op reads, if it needs one value.
    pub(crate) fn reads(self) -> Option<u32> {
        match self {
            Kind::Read(v) | Kind::CasOk(v, _) | Kind::Get(v) => Some(v),
            _ => None,
        }
    }
}

/// A trie node: a string made of its parent's string and one token.
#[derive(Clone, Copy, Debug)]
struct Node {
    parent: u32,
    token: u32,
    len: u32,
    hash: u64,
    /// The get value equal to this string, if any.
    group: u32,
    /// The get values this string is a prefix of: ranks `lo..hi` in byte order.
    lo: u32,
    hi: u32,
}

/// A token (a put's or append's string) with its hash and `BASE^len`.
#[derive(Clone, Debug)]
struct Token {
    text: String,
    hash: u64,
    pow: u64,
}

/// A model on interned values.
#[derive(Clone, Debug)]
pub(crate) struct Compact {
    model: ModelKind,
    /// Register values by id (id 0 is `nil`).
    regs: Vec<Reg>,
    tokens: Vec<Token>,
    nodes: Vec<Node>,
    node_of: FxHashMap<(u32, u32), u32>,
    /// Get values by id.
    gets: Vec<String>,
    gets_by_hash: FxHashMap<(u32, u64), Vec<u32>>,
    /// Register value ids, each its own group (so a write's group is a slice of one).
    regs_as_groups: Vec<u32>,
    /// Per token: the get value equal to it (a put of it produces that value).
    put_groups: Vec<Vec<u32>>,
    /// Per token: the get values ending with it (an append of it may produce them).
    append_groups: Vec<Vec<u32>>,
    /// Get value ids in byte order, and each one's place in it.
    by_bytes: Vec<u32>,
    rank: Vec<u32>,
}

/// The polynomial hash of `s` and `BASE^len`.
fn poly(s: &str) -> (u64, u64) {
    s.bytes().fold((0u64, 1u64), |(h, p), b| {
        (
            h.wrapping_mul(BASE).wrapping_add(b as u64 + 1),
            p.wrapping_mul(BASE),
        )
    })
}

impl Compact {
    /// Interns the values of `ops` (all of one model) and returns the model and each op's kind.
    pub(crate) fn build(model: ModelKind, ops: &[&Op]) -> (Compact, Vec<Kind>) {
        let mut c = Compact {
            model,
            regs: vec![None],
            tokens: Vec::new(),
            nodes: vec![
                Node {
                    parent: NONE,
                    token: NONE,
                    len: 0,
                    hash: 0,
                    group: NONE,
                    lo: 0,
                    hi: 0,
                };
                2
            ],
            node_of: FxHashMap::default(),
            gets: Vec::new(),
            gets_by_hash: FxHashMap::default(),
            regs_as_groups: Vec::new(),
            put_groups: Vec::new(),
            append_groups: Vec::new(),
            by_bytes: Vec::new(),
            rank: Vec::new(),
        };
        let mut reg_ids: FxHashMap<Reg, u32> = FxHashMap::default();
        reg_ids.insert(None, 0);
        let mut tok_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut get_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut reg_id = |c: &mut Compact, v: Reg| {
            *reg_ids.entry(v).or_insert_with(|| {
                c.regs.push(v);
                c.regs.len() as u32 - 1
            })
        };
        let mut tok_id = |c: &mut Compact, t: &str| {
            if let Some(&id) = tok_ids.get(t) {
                return id;
            }
            let (hash, pow) = poly(t);
            c.tokens.push(Token {
                text: t.to_string(),
                hash,
                pow,
            });
            tok_ids.insert(t.to_string(), c.tokens.len() as u32 - 1);
            c.tokens.len() as u32 - 1
        };
        let mut kinds = Vec::with_capacity(ops.len());
        for op in ops {
            let k = match (&op.action, op.outcome) {
                (Action::Read(v), _) => Kind::Read(reg_id(&mut c, *v)),
                (Action::Write(v), _) => Kind::Write(reg_id(&mut c, *v)),
                (Action::Cas(a, b), o) => {
                    let (a, b) = (reg_id(&mut c, *a), reg_id(&mut c, *b));
                    match o {
                        // From A to A changes nothing: an observer of A, like a read.
                        Outcome::Ok if a == b => Kind::Read(a),
                        Outcome::Ok => Kind::CasOk(a, b),
                        Outcome::Failed => Kind::CasFail(a),
                        Outcome::Info => Kind::CasInfo(a, b),
                    }
                }
                (Action::Get(v), _) => {
                    let next = get_ids.len() as u32;
                    let id = *get_ids.entry(v.clone()).or_insert(next);
                    if id == next {
                        let (hash, _) = poly(v);
                        c.gets.push(v.clone());
                        c.gets_by_hash
                            .entry((v.len() as u32, hash))
                            .or_default()
                            .push(id);
                    }
                    Kind::Get(id)
                }
                (Action::Put(v), _) => Kind::Put(tok_id(&mut c, v)),
                (Action::Append(v), _) => Kind::Append(tok_id(&mut c, v)),
            };
            kinds.push(k);
        }
        c.by_bytes = (0..c.gets.len() as u32).collect();
        c.by_bytes.sort_by(|&a, &b| {
            c.gets[a as usize]
                .as_bytes()
                .cmp(c.gets[b as usize].as_bytes())
        });
        c.rank = vec![0; c.gets.len()];
        for (r, &g) in c.by_bytes.iter().enumerate() {
            c.rank[g as usize] = r as u32;
        }
        c.nodes[0].group = c.group_of_string(0, 0);
        c.nodes[0].hi = c.gets.len() as u32;
        c.regs_as_groups = (0..c.regs.len() as u32).collect();
        c.put_groups = vec![Vec::new(); c.tokens.len()];
        c.append_groups = vec![Vec::new(); c.tokens.len()];
        let mut lens: Vec<usize> = c
            .tokens
            .iter()
            .map(|t| t.text.len())
            .filter(|&l| l > 0)
            .collect();
        lens.sort_unstable();
        lens.dedup();
        for (g, v) in c.gets.iter().enumerate() {
            if let Some(&t) = tok_ids.get(v.as_str()) {
                c.put_groups[t as usize].push(g as u32);
            }
            for &l in lens.iter().take_while(|&&l| l <= v.len()) {
                let from = v.len() - l;
                if !v.is_char_boundary(from) {
                    continue;
                }
                if let Some(&t) = tok_ids.get(&v[from..]) {
                    c.append_groups[t as usize].push(g as u32);
                }
            }
        }
        (c, kinds)
    }

    /// The initial state.
    pub(crate) fn init(&self) -> u32 {
        0
    }

    /// How many needed-value groups there are (ids `0..groups()`).
    pub(crate) fn groups(&self) -> u32 {
        match self.model {
            ModelKind::Register => self.regs.len() as u32,
            ModelKind::KeyValue => self.gets.len() as u32,
        }
    }

    /// The group whose value the state `s` equals (`NONE` if none).
    pub(crate) fn group_of_state(&self, s: u32) -> u32 {
        match self.model {
            ModelKind::Register => s,
            ModelKind::KeyValue => self.nodes[s as usize].group,
        }
    }

    /// The get values the string of state `s` is a prefix of, as ranks in byte order.
    #[inline]
    pub(crate) fn extended_by(&self, s: u32) -> (u32, u32) {
        let n = &self.nodes[s as usize];
        (n.lo, n.hi)
    }

    /// The rank of get value `g` in byte order.
    #[inline]
    pub(crate) fn rank(&self, g: u32) -> u32 {
        self.rank[g as usize]
    }

    /// Whether the string of state `s` is a prefix of get value `g` (key-value only).
    #[inline]
    pub(crate) fn extends(&self, s: u32, g: u32) -> bool {
        let (n, r) = (&self.nodes[s as usize], self.rank[g as usize]);
        n.lo <= r && r < n.hi
    }

    /// The get values (ids) that start with token `t` (a put of `t` may begin them).
    pub(crate) fn starting_with(&mut self, t: u32) -> &[u32] {
        let n = self.child(ROOT, t) as usize;
        let (lo, hi) = (self.nodes[n].lo as usize, self.nodes[n].hi as usize);
        &self.by_bytes[lo..hi]
    }

    /// Whether `k` leaves every state as it is (a cas from A to A, an append of `""`).
    pub(crate) fn never_changes(&self, k: Kind) -> bool {
        match k {
            Kind::CasOk(a, b) | Kind::CasInfo(a, b) => a == b,
            Kind::Append(t) => self.tokens[t as usize].text.is_empty(),
            _ => k.observer(),
        }
    }

    /// The text of token `t` (a put's or append's string).
    pub(crate) fn token_text(&self, t: u32) -> &str {
        &self.tokens[t as usize].text
    }

    /// The text of get value `g`.
    pub(crate) fn get_text(&self, g: u32) -> &str {
        &self.gets[g as usize]
    }

    /// Whether this is the key-value model.
    pub(crate) fn is_key_value(&self) -> bool {
        self.model == ModelKind::KeyValue
    }

    /// The state after `k` at `s`, or `None` if `k` is not legal at `s`.
    #[inline]
    pub(crate) fn step(&mut self, s: u32, k: Kind) -> Option<u32> {
        match k {
            Kind::Read(v) => (s == v).then_some(s),
            Kind::Write(v) => Some(v),
            Kind::CasOk(a, b) => (s == a).then_some(b),
            Kind::CasFail(a) => (s != a).then_some(s),
            Kind::CasInfo(a, b) => Some(if s == a { b } else { s }),
            Kind::Get(g) => (self.nodes[s as usize].group == g).then_some(s),
            Kind::Put(t) => Some(self.child(ROOT, t)),
            Kind::Append(t) => Some(self.child(s, t)),
        }
    }

    /// Whether `k` is legal at `s` and leaves it as it is, where `s` is the value of group `g`.
    pub(crate) fn keeps(&self, s: u32, g: u32, k: Kind) -> bool {
        match k {
            Kind::Read(v) | Kind::Write(v) => s == v,
            Kind::CasOk(a, b) => s == a && b == a,
            Kind::CasFail(a) => s != a,
            Kind::CasInfo(a, b) => s != a || b == a,
            Kind::Get(h) => g == h,
            Kind::Put(t) => self.put_groups[t as usize].contains(&g),
            Kind::Append(t) => self.tokens[t as usize].text.is_empty(),
        }
    }

    /// Whether an observer `k` is legal at `s` (no state is made).
    #[inline]
    pub(crate) fn observer_legal(&self, s: u32, k: Kind) -> bool {
        match k {
            Kind::Read(v) => s == v,
            Kind::CasFail(a) => s != a,
            Kind::Get(g) => self.nodes[s as usize].group == g,
            _ => false,
        }
    }

    /// The groups whose reads `k` could be the last op before (it leaves their value).
    pub(crate) fn produced_groups(&self, k: Kind) -> &[u32] {
        match k {
            Kind::Write(v) | Kind::CasOk(_, v) | Kind::CasInfo(_, v) => {
                std::slice::from_ref(&self.regs_as_groups[v as usize])
            }
            Kind::Put(t) => &self.put_groups[t as usize],
            Kind::Append(t) => &self.append_groups[t as usize],
            _ => &[],
        }
    }

    /// The state `s` followed by token `t`.
    fn child(&mut self, s: u32, t: u32) -> u32 {
        let tok = &self.tokens[t as usize];
        if tok.text.is_empty() || s == BOTTOM {
            return s;
        }
        if let Some(&n) = self.node_of.get(&(s, t)) {
            return n;
        }
        let p = self.nodes[s as usize];
        let len = p.len + tok.text.len() as u32;
        let hash = p.hash.wrapping_mul(tok.pow).wrapping_add(tok.hash);
        let id = self.nodes.len() as u32;
        // The get values extending the parent's string that go on with this token.
        let (from, at) = (p.len as usize, &self.tokens[t as usize].text);
        let key = |g: &u32| {
            let v = self.gets[*g as usize].as_bytes();
            &v[from.min(v.len())..(from + at.len()).min(v.len())]
        };
        let range = &self.by_bytes[p.lo as usize..p.hi as usize];
        let lo = p.lo + range.partition_point(|g| key(g) < at.as_bytes()) as u32;
        let hi = p.lo + range.partition_point(|g| key(g) <= at.as_bytes()) as u32;
        self.nodes.push(Node {
            parent: s,
            token: t,
            len,
            hash,
            group: NONE,
            lo,
            hi,
        });
        self.nodes[id as usize].group = self.group_of_string(id, hash);
        self.node_of.insert((s, t), id);
        id
    }

    /// The get value equal to node `n`'s string (`hash` is its hash), compared exactly.
    fn group_of_string(&self, n: u32, hash: u64) -> u32 {
        let len = self.nodes[n as usize].len;
        let Some(ids) = self.gets_by_hash.get(&(len, hash)) else {
            return NONE;
        };
        for &g in ids {
            if self.node_equals(n, &self.gets[g as usize]) {
                return g;
            }
        }
        NONE
    }

    /// Whether node `n`'s string is exactly `v`.
    fn node_equals(&self, mut n: u32, v: &str) -> bool {
        let mut end = v.len();
        while n != ROOT {
            let node = self.nodes[n as usize];
            let t = &self.tokens[node.token as usize].text;
            if !v.as_bytes()[..end].ends_with(t.as_bytes()) {
                return false;
            }
            end -= t.len();
            n = node.parent;
        }
        end == 0
    }

    /// How many states (trie nodes or register values) exist so far.
    pub(crate) fn state_count(&self) -> usize {
        match self.model {
            ModelKind::Register => self.regs.len(),
            ModelKind::KeyValue => self.nodes.len(),
        }
    }
}
