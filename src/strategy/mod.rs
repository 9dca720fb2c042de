//! Partitioning strategies, side by side: the course page's journey from ranges through `hash % N` and
//! virtual shards to the consistent-hash ring, and the well-known schemes that came after it.
//!
//! Every strategy is one file behind the small [`Strategy`] trait: it places the keys on a node list
//! ([`Strategy::place`]), says what a change of that list does ([`Strategy::change`], by default a fresh
//! placement on the new list), and hands back its lookup structure as a [`Table`] (one key's owner, the
//! structure's size in bytes, and what the canvas can draw of it). [`ALL`] lists them; a new strategy is a
//! new file and one line there.
//!
//! The rules are exactly those of `../shared/specs/strategies.md`; each file states its own. Notation:
//! `P(s)` is the seed's position (MD5, big-endian, [`crate::ring::position`]) and `h64(s) = P(s) >> 64`.
//! Owners are indices into the node list in force.
//!
//! Node weights (capacity, strategies.md's "Weights") are part of the [`Settings`] ([`Weights`]: 1 unless
//! given). Five strategies read them ([`Uses::weights`]: ring, shards, rendezvous, ketama, bounded), each
//! exactly its unweighted rule when every weight is 1; modn, range, jump and maglev ignore them.

mod bounded;
mod jump;
mod ketama;
mod maglev;
mod modn;
mod parts;
mod range;
mod rendezvous;
mod ring;
mod shards;
mod weights;

pub use bounded::{capacity, weighted_capacity, Bounded};
pub use jump::{jump_hash, jump_many, Jump};
pub use ketama::{
    ketama_hash, ketama_node_points, ketama_point_counts, ketama_points, Ketama, KetamaTable,
    KETAMA_POINTS,
};
pub use maglev::{permutation, populate, Maglev, MAGLEV_M};
pub use modn::Modn;
pub use parts::{
    placing, table, whole, Build, Built, Keys, KeysBy, Making, CHANGING_KEYS, ORDERING_OWNERS,
    PLACING_KEYS,
};
pub use range::{lexicographic_order, Range};
pub use rendezvous::{splitmix64, weighted_score, Rendezvous};
pub use ring::RingStrategy;
pub use shards::Shards;
pub use weights::{all_equal, total, Weights, WEIGHT_MAX, WEIGHT_MIN};

use crate::ring::{KeySet, Position, Ring, VnodeCache};
use std::rc::Rc;

/// Every strategy, in the order the course page tells the story (the seed's ring first: the default).
pub const ALL: [&dyn Strategy; 9] = [
    &RingStrategy,
    &Modn,
    &Range,
    &Shards,
    &Jump,
    &Rendezvous,
    &Maglev,
    &Ketama,
    &Bounded,
];

/// The strategy called `name` in links (`ring`, `modn`, …).
pub fn by_name(name: &str) -> Option<&'static dyn Strategy> {
    ALL.into_iter().find(|s| s.name() == name)
}

/// The settings a strategy may read; each strategy says which it uses ([`Strategy::uses`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Virtual nodes per node of weight 1 (ring, bounded): node `n` has `vnodes·w(n)`.
    pub vnodes: u32,
    /// Virtual shards S (shards).
    pub shards: u32,
    /// Load factor c in hundredths: 125 is c = 1.25 (bounded).
    pub c100: u32,
    /// The nodes' weights (ring, ketama, rendezvous, shards, bounded), by name: a change's added node
    /// may carry one too.
    pub weights: Weights,
}

impl Settings {
    /// Virtual nodes of each of `nodes`: `vnodes·w(n)` (saturating).
    pub fn vnode_counts(&self, nodes: &[&str]) -> Vec<u32> {
        nodes
            .iter()
            .map(|n| self.vnodes.saturating_mul(self.weights.of(n)))
            .collect()
    }
}

/// Which of the [`Settings`] a strategy reads. A strategy that does not read `vnodes` or `weights`
/// ignores them (the page says so); the load table's fair shares still follow the weights.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Uses {
    pub vnodes: bool,
    pub shards: bool,
    pub c: bool,
    pub weights: bool,
}

/// What a placement works from: the keys, the settings, and the cache of virtual-node positions.
pub struct Input<'a> {
    pub keys: &'a KeySet,
    pub settings: Settings,
    pub vnode_cache: &'a mut VnodeCache,
}

/// A change of the node list, in indices of the list before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    /// The node at this index leaves; the others keep their order.
    Remove(usize),
    /// A node of this name is appended.
    Add(&'a str),
}

impl<'a> Step<'a> {
    /// Index in the list before the step of index `i` of the list after it (the added node keeps its
    /// index, one past the old list's end).
    pub fn index_before(&self, i: u32) -> u32 {
        match *self {
            Step::Remove(r) if i as usize >= r => i + 1,
            _ => i,
        }
    }

    /// Keys whose owner's *name* differs across the step: `before` holds indices into the list before it,
    /// `after` indices into the list after it, key for key.
    pub fn moved(&self, before: &[u32], after: &[u32]) -> u64 {
        before
            .iter()
            .zip(after)
            .filter(|&(&b, &a)| b != self.index_before(a))
            .count() as u64
    }

    /// The node list after the step.
    pub fn apply(&self, nodes: &[&'a str]) -> Vec<&'a str> {
        let mut out = nodes.to_vec();
        match *self {
            Step::Remove(r) => {
                out.remove(r);
            }
            Step::Add(name) => out.push(name),
        }
        out
    }
}

/// Where the keys went, and the structure that answers lookups.
pub struct Placed {
    /// Owner (index into the node list) of every key, in [`KeySet::positions`] order.
    pub owners: Vec<u32>,
    /// The lookup structure.
    pub table: Rc<dyn Table>,
}

/// One partitioning strategy.
pub trait Strategy: Sync {
    /// Its name in links: `ring`, `modn`, …
    fn name(&self) -> &'static str;
    /// A short title for menus and tables.
    fn title(&self) -> &'static str;
    /// One sentence: what it costs and what it buys.
    fn caption(&self) -> &'static str;
    /// Which settings it reads.
    fn uses(&self) -> Uses {
        Uses::default()
    }
    /// Begins placing the keys on `nodes`, to be made a part at a time ([`Making::step`]).
    fn begin(&self, input: &mut Input, nodes: &[&str]) -> Box<dyn Making>;
    /// Places the keys on `nodes` (at once).
    fn place(&self, input: &mut Input, nodes: &[&str]) -> Placed {
        whole(self.begin(input, nodes), input)
    }
    /// The placement after `step` changes `nodes`, given `before`, this strategy's placement of `nodes`.
    /// By default, a fresh placement on the new list; a strategy that moves keys by its own rule (range,
    /// shards) says how, and one that can derive the new owners from the old ones cheaply (rendezvous,
    /// jump) does so, with the same result as a fresh placement.
    fn change(&self, input: &mut Input, nodes: &[&str], step: Step, before: &Placed) -> Placed {
        let _ = before;
        self.place(input, &step.apply(nodes))
    }
    /// Begins [`Strategy::change`], to be made a part at a time.
    fn begin_change(
        &self,
        input: &mut Input,
        nodes: &[&str],
        step: Step,
        before: &Rc<Placed>,
    ) -> Box<dyn Making> {
        let _ = before;
        self.begin(input, &step.apply(nodes))
    }
    /// True when a key's owner depends only on the key and the node list: not on the other keys (bounded
    /// loads), nor on the list's history (range, shards). Then [`Strategy::change`] is exactly a fresh
    /// placement of the new list, and owners can be kept by key number while the key count changes.
    fn pointwise(&self) -> bool {
        true
    }
    /// True when a fresh placement is costly enough (rendezvous scores every node for every key) that,
    /// even without time sizing, it is made a part of the keys at a time ([`PARTS_CHUNK`] keys; see
    /// [`placing`]). Only for a [`Strategy::pointwise`] strategy.
    fn place_in_parts(&self) -> bool {
        false
    }
    /// How many items of work one key's owner (or lookup, or preference list) is on `nodes` nodes,
    /// compared with other strategies' (rendezvous scores every node: `nodes`): parts of the keys are
    /// sized by time in items ([`crate::pace::Pace::size_weighted`]), so that a part's time does not grow
    /// with the nodes.
    fn key_cost(&self, nodes: usize) -> usize {
        let _ = nodes;
        1
    }
    /// The name its kinds of work (placing, lists, lookups) are measured under ([`crate::pace::Work::of`])
    /// with these settings on `nodes`: its name, or another where the same work costs another amount per
    /// key (rendezvous's logarithmic method, when the weights differ), so that a part sized by one rate
    /// is not run at the other.
    fn kind(&self, settings: &Settings, nodes: &[&str]) -> &'static str {
        let _ = (settings, nodes);
        self.name()
    }
    /// One sentence when the strategy cannot make this change gracefully, saying why.
    fn change_note(&self, _nodes: &[&str], _step: Step) -> Option<String> {
        None
    }
}

/// Keys placed per part without time sizing by a strategy that asks for it ([`Strategy::place_in_parts`]).
pub const PARTS_CHUNK: usize = 50_000;

/// A key as lookups see it: its number `i` (of `user_i`) and its position `P(user_i)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyRef {
    pub number: u32,
    pub position: Position,
}

/// A strategy's lookup structure for one node list.
pub trait Table {
    /// The owner of one key (index into the node list), as a client would look it up.
    fn lookup(&self, key: KeyRef) -> u32;
    /// Bytes of the lookup structure's data (beyond the node list every strategy has).
    fn bytes(&self) -> usize;
    /// What the canvas can draw of it.
    fn picture(&self) -> Picture<'_>;
    /// The preference lists of keys at `positions` (ascending): `r` distinct node indices per key, owner
    /// first, flattened (`r` entries for `positions[0]`, then the next key's). `owners` are this table's
    /// owners of those keys, `nodes` the node count (`1 <= r <= nodes`). By default (`replication.md`): the owner, then the next
    /// `r - 1` nodes after it in list order, wrapping. Rings walk their points instead; rendezvous ranks
    /// its scores.
    fn replicas(
        &self,
        _positions: &[Position],
        owners: &[u32],
        nodes: usize,
        r: usize,
    ) -> Vec<u32> {
        list_order_replicas(owners, nodes, r)
    }
    /// The same lists as [`Table::replicas`] for this table, the one after `step`, derived from `before`
    /// (`r_before` per key, in the numbering before the step) when that is cheaper; `None` when it is not.
    fn replicas_after(&self, _change: ListsChange) -> Option<Vec<u32>> {
        None
    }
}

/// What [`Table::replicas_after`] derives from.
pub struct ListsChange<'a> {
    /// Every key's position, ascending.
    pub positions: &'a [Position],
    /// The owners in this table's placement, its node count, and `r` per key.
    pub owners: &'a [u32],
    pub nodes: usize,
    pub r: usize,
    /// The step from the list before, and the lists before it.
    pub step: Step<'a>,
    pub before: &'a [u32],
    pub r_before: usize,
}

/// The owner, then the next `r - 1` nodes after it in list order, wrapping: `r` entries per key.
pub fn list_order_replicas(owners: &[u32], nodes: usize, r: usize) -> Vec<u32> {
    let n = nodes as u32;
    let mut out = Vec::with_capacity(owners.len() * r);
    for &o in owners {
        out.extend((0..r as u32).map(|j| (o + j) % n));
    }
    out
}

/// Preference lists by walking points clockwise: `slots[k]` is the point that owns key `k` (an index into
/// `point_owners`, sorted clockwise); its list is the distinct nodes met from there on, wrapping, until `r`
/// are found (fewer when fewer nodes have points: the rest of its `r` entries are `u32::MAX`). When there
/// are at least as many keys as points, each point's list is walked once and shared by the keys it owns;
/// for fewer keys (the watched key's whole order, say: one key, `r` = every node) a table of `r` entries
/// per point would cost far more than walking each key's list.
pub fn walk_replicas(point_owners: &[u32], slots: &[u32], nodes: usize, r: usize) -> Vec<u32> {
    let len = point_owners.len();
    let mut list = Vec::with_capacity(r);
    let walk = |slot: usize, list: &mut Vec<u32>| {
        list.clear();
        let mut j = slot;
        // r <= the nodes that have points, so the walk ends within one turn.
        while list.len() < r.min(nodes) {
            let node = point_owners[j];
            if !list.contains(&node) {
                list.push(node);
            }
            j += 1;
            if j == len {
                j = 0;
            }
            if j == slot {
                break;
            }
        }
    };
    let mut out = Vec::with_capacity(slots.len() * r);
    if slots.len() < len {
        for &slot in slots {
            walk(slot as usize, &mut list);
            out.extend_from_slice(&list);
            out.resize(out.len() + r - list.len(), u32::MAX);
        }
        return out;
    }
    let mut by_point = vec![u32::MAX; len * r];
    for &slot in slots {
        let at = slot as usize * r;
        if by_point[at] == u32::MAX {
            walk(slot as usize, &mut list);
            by_point[at..at + list.len()].copy_from_slice(&list);
        }
        out.extend_from_slice(&by_point[at..at + r]);
    }
    out
}

/// A strategy's structure, for drawing.
#[derive(Clone, Copy, Debug)]
pub enum Picture<'a> {
    /// Virtual nodes on the MD5 circle (ring, bounded).
    Ring(&'a Ring),
    /// ketama's 32-bit points, ascending, with their nodes; keys sit at [`ketama_hash`].
    Points {
        points: &'a [u32],
        owners: &'a [u32],
    },
    /// A table whose cells each belong to a node: shard → node, or Maglev's lookup table.
    Cells {
        owners: &'a [u32],
        noun: &'static str,
    },
    /// Ranges of the keys in name order: range `i` starts at sorted index `starts[i]` and belongs to
    /// `owners[i]`; `keys` keys in all.
    Ranges {
        starts: &'a [u32],
        owners: &'a [u32],
        keys: u32,
    },
    /// No structure: the owner is a formula of the key and the node list (modn, jump, rendezvous).
    Formula(&'static str),
}

/// The table of no placement yet (an app before its first computation).
pub struct EmptyTable;

impl Table for EmptyTable {
    fn lookup(&self, _key: KeyRef) -> u32 {
        crate::ring::NO_OWNER
    }
    fn bytes(&self) -> usize {
        0
    }
    fn picture(&self) -> Picture<'_> {
        Picture::Formula("")
    }
}

/// `h64(key)`: the first 8 bytes of the key's MD5, big-endian.
pub fn h64(position: Position) -> u64 {
    (position >> 64) as u64
}

/// `p % n` for a 128-bit `p` and a small `n`: without a division per key when `n < 2^16` (every node
/// count and shard count here), in 64-bit arithmetic only (WebAssembly has no 128-bit multiply); else
/// with 64-bit divisions.
///
/// For `n < 2^16`: `p = Σ limbᵢ·2^(16i)` over eight 16-bit limbs, so `p ≡ Σ limbᵢ·wᵢ (mod n)` with
/// `wᵢ = 2^(16i) mod n`; that sum is below 2^35, and Lemire's "faster remainder" (Lemire, Kaser & Kurz,
/// 2019) reduces it exactly with `m = ⌈2^64/n⌉`: 64 bits of precision cover 35 + 16.
#[derive(Clone, Copy, Debug)]
pub struct Modulus {
    n: u64,
    /// `2^64 mod n`, for the general case.
    two64: u64,
    /// `(m, [w₀ … w₇])` when `n < 2^16`.
    small: Option<(u64, [u64; 8])>,
}

impl Modulus {
    /// Remainders modulo `n` (1 ≤ n < 2^32).
    pub fn new(n: u64) -> Modulus {
        assert!(n > 0 && n <= u32::MAX as u64, "modulus must fit 32 bits");
        let weights = std::array::from_fn(|i| ((1u128 << (16 * i)) % n as u128) as u64);
        Modulus {
            n,
            two64: ((1u128 << 64) % n as u128) as u64,
            small: (n < 1 << 16).then(|| ((u64::MAX / n).wrapping_add(1), weights)),
        }
    }

    /// `p % n`.
    pub fn of(self, p: Position) -> u32 {
        let (hi, lo) = ((p >> 64) as u64, p as u64);
        match self.small {
            Some((m, w)) => {
                let limb = |word: u64, i: u32| (word >> (16 * i)) & 0xffff;
                let sum = limb(lo, 0) * w[0]
                    + limb(lo, 1) * w[1]
                    + limb(lo, 2) * w[2]
                    + limb(lo, 3) * w[3]
                    + limb(hi, 0) * w[4]
                    + limb(hi, 1) * w[5]
                    + limb(hi, 2) * w[6]
                    + limb(hi, 3) * w[7];
                let low = m.wrapping_mul(sum);
                // The high 64 bits of low·n, exactly (n < 2^32).
                (((low >> 32) * self.n + (((low & 0xffff_ffff) * self.n) >> 32)) >> 32) as u32
            }
            None => {
                let (hi, lo) = (hi % self.n, lo % self.n);
                ((hi * self.two64 % self.n + lo) % self.n) as u32
            }
        }
    }
}

/// Gathers per-key-number values into [`KeySet::positions`] order: `by_number[numbers[k]]`.
pub fn in_key_order(keys: &KeySet, by_number: &[u32]) -> Vec<u32> {
    keys.numbers()
        .iter()
        .map(|&i| by_number[i as usize])
        .collect()
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_weighted;
