//! `shards`: Reddit 2013's "1000 virtual shards → 16 physical". `shard(key) = P(key) mod S` (S = 1000 by
//! default); shard `s` starts on node `s mod N`. Keys never change shard; whole shards move between nodes:
//! * removing `X`: X's shards, in ascending shard order, each go to the remaining node holding the fewest
//!   shards at that moment (ties: the earliest in the list);
//! * adding `Y`: `⌊S/(N+1)⌋` times, the highest-numbered shard of the node holding the most shards (ties:
//!   the earliest in the list) goes to `Y`.
//!
//! Weighted: the initial map deals shards `0, 1, …, S−1` in order, each to the node with the smallest
//! `(count+1)/w` (ties: the earliest in the list); removing `X`, each of X's shards in ascending order
//! goes to the remaining node with the smallest `count/w`; adding `Y`, `⌊S·w(Y)/W_after⌋` times, the
//! highest-numbered shard of the node with the largest `count/w` goes to `Y` (ties: the earliest).
//! Ratios are compared exactly, by cross-multiplying integers. With every weight 1 (or all equal) this
//! is the rule above.

use super::{
    all_equal, placing, table, whole, Build, Built, Input, KeyRef, Keys, KeysBy, Making, Modulus,
    Picture, Placed, Step, Strategy, Table, Uses,
};
use crate::pace::{Pace, Part, Work};

/// Virtual shards mapped onto nodes.
pub struct Shards;

/// True when `a/wa < b/wb`, exactly.
fn below(a: u64, wa: u32, b: u64, wb: u32) -> bool {
    a * (wb as u64) < b * (wa as u64)
}

/// Weighted shards dealt to their nodes (items: shards × nodes, each shard weighing every node).
pub const DEALING_SHARDS: Work = Work::new("dealing shards", usize::MAX, 20_000).of("shards");

/// Deals the next shards of the initial map on nodes of these weights, up to `to` shards in `map`: each
/// shard in turn to the node with the smallest `(count+1)/w` (`held` counts them), the earliest of
/// equals.
fn deal(map: &mut Vec<u32>, held: &mut [u64], weights: &[u32], to: usize) {
    let n = weights.len();
    while map.len() < to {
        let mut pick = 0;
        for i in 1..n {
            if below(held[i] + 1, weights[i], held[pick] + 1, weights[pick]) {
                pick = i;
            }
        }
        held[pick] += 1;
        map.push(pick as u32);
    }
}

/// The shard map made a part at a time: the initial map of `s` shards on nodes of these weights (shard
/// `s` on node `s mod N` when the weights are all equal, at once; else dealt in parts, [`deal`]), then
/// the change, if any (at once: it moves at most the shards of one node's share).
struct Dealing {
    s: u32,
    weights: Vec<u32>,
    held: Vec<u64>,
    map: Vec<u32>,
    /// The change to make once the map is dealt, and the weight of the node it adds (the added node's
    /// name is not read: `Step::Add("")`).
    then: Option<(Step<'static>, u32)>,
}

impl Dealing {
    /// The map of `s` shards on nodes of these weights; then `then`'s change, if any.
    fn new(s: u32, weights: Vec<u32>, then: Option<(Step, u32)>) -> Dealing {
        let n = weights.len();
        let map = if all_equal(&weights) {
            (0..s).map(|shard| shard % n as u32).collect()
        } else {
            Vec::with_capacity(s as usize)
        };
        let then = then.map(|(step, added)| match step {
            Step::Remove(x) => (Step::Remove(x), added),
            Step::Add(_) => (Step::Add(""), added),
        });
        Dealing {
            s,
            held: vec![0; n],
            weights,
            map,
            then,
        }
    }

    /// One part: of the deal ([`DEALING_SHARDS`]); the map, changed, once it is dealt.
    fn part(&mut self, pace: &mut Pace) -> Part<ShardTable> {
        let (s, n) = (self.s as usize, self.weights.len().max(1));
        let from = self.map.len();
        if from < s {
            let to = s.min(from.saturating_add(pace.size_weighted(DEALING_SHARDS, n)));
            deal(&mut self.map, &mut self.held, &self.weights, to);
            pace.did_weighted(DEALING_SHARDS, to - from, n);
            if to < s {
                return Part::Did {
                    items: to - from,
                    ended: false,
                };
            }
        }
        let mut map = std::mem::take(&mut self.map);
        if let Some((step, added)) = self.then {
            map = changed(map, &self.weights, step, added);
        }
        Part::Done(ShardTable {
            modulus: Modulus::new(map.len() as u64),
            map,
        })
    }
}

impl Build for Dealing {
    type Made = ShardTable;
    fn part(&mut self, _input: &mut Input, pace: &mut Pace) -> Part<ShardTable> {
        Dealing::part(self, pace)
    }
}

/// The map after a change of a list of nodes of these weights; `added` is the weight of a node the
/// step adds.
fn changed(mut map: Vec<u32>, weights: &[u32], step: Step, added: u32) -> Vec<u32> {
    let n = weights.len();
    let mut held = vec![0u64; n + 1];
    for &node in &map {
        held[node as usize] += 1;
    }
    match step {
        Step::Remove(x) => {
            for owner in map.iter_mut() {
                if *owner as usize == x {
                    // The first of the smallest count/w: a later node must be strictly below.
                    let mut to = if x == 0 { 1 } else { 0 };
                    for i in to + 1..n {
                        if i != x && below(held[i], weights[i], held[to], weights[to]) {
                            to = i;
                        }
                    }
                    *owner = to as u32;
                    held[to] += 1;
                    held[x] -= 1;
                }
            }
            // Renumber: the nodes after X move down one.
            for node in &mut map {
                if *node as usize > x {
                    *node -= 1;
                }
            }
        }
        Step::Add(_) => {
            let mut all = weights.to_vec();
            all.push(added);
            // Shards of each node, ascending, so the highest-numbered is the last.
            let mut by_node: Vec<Vec<u32>> = vec![Vec::new(); n + 1];
            for (shard, &node) in map.iter().enumerate() {
                by_node[node as usize].push(shard as u32);
            }
            let times = map.len() as u64 * added as u64 / super::total(&all);
            for _ in 0..times {
                // The first of the largest count/w: a later node must be strictly above.
                let mut from = 0;
                for i in 1..=n {
                    let (ci, cf) = (by_node[i].len() as u64, by_node[from].len() as u64);
                    if below(cf, all[from], ci, all[i]) {
                        from = i;
                    }
                }
                let shard = by_node[from].pop().expect("the fullest node has a shard");
                map[shard as usize] = n as u32;
                let to = &mut by_node[n];
                let at = to.partition_point(|&s| s < shard);
                to.insert(at, shard);
            }
        }
    }
    map
}

/// The keys placed on the shard map of `nodes` with `input`'s settings, after `step` changes it if there
/// is one: a map of nodes of equal weights made at once (one pass over the shards), a weighted one
/// dealt a part at a time ([`Dealing`]).
fn place(input: &Input, nodes: &[&str], step: Option<Step>) -> Box<dyn Making> {
    let weights = input.settings.weights.of_nodes(nodes);
    let then = step.map(|step| match step {
        Step::Add(name) => (step, input.settings.weights.of(name)),
        Step::Remove(_) => (step, 0),
    });
    let work = placing(&Shards);
    let keys = |t: &ShardTable, keys: Keys, owners: &mut Vec<u32>| {
        let (map, modulus) = (&t.map[..], t.modulus);
        owners.extend(keys.positions.iter().map(|&p| map[modulus.of(p) as usize]))
    };
    let mut dealing = Dealing::new(input.settings.shards, weights, then);
    if !dealing.map.is_empty() {
        // Dealt already: the map is made at once, and the keys begin in this unit.
        let made = match dealing.part(&mut Pace::whole()) {
            Part::Done(made) => made,
            Part::Did { .. } => unreachable!("a map made at once"),
        };
        return Box::new(KeysBy::new(made, work, keys, table));
    }
    Box::new(Built::new(dealing, work, keys, table))
}

impl Strategy for Shards {
    fn name(&self) -> &'static str {
        "shards"
    }
    fn title(&self) -> &'static str {
        "Virtual shards"
    }
    fn caption(&self) -> &'static str {
        "A change moves whole shards, about the minimum and fairly even; the price is a shard map that \
         must be stored, kept consistent everywhere and rebalanced by hand: operational complexity."
    }
    fn uses(&self) -> Uses {
        Uses {
            shards: true,
            weights: true,
            ..Uses::default()
        }
    }
    fn begin(&self, input: &mut Input, nodes: &[&str]) -> Box<dyn Making> {
        place(input, nodes, None)
    }
    fn pointwise(&self) -> bool {
        false
    }
    fn change(&self, input: &mut Input, nodes: &[&str], step: Step, _before: &Placed) -> Placed {
        whole(place(input, nodes, Some(step)), input)
    }
    fn begin_change(
        &self,
        input: &mut Input,
        nodes: &[&str],
        step: Step,
        _before: &std::rc::Rc<Placed>,
    ) -> Box<dyn Making> {
        place(input, nodes, Some(step))
    }
}

/// The shard map: shard → node index.
pub struct ShardTable {
    map: Vec<u32>,
    modulus: Modulus,
}

impl Table for ShardTable {
    fn lookup(&self, key: KeyRef) -> u32 {
        self.map[self.modulus.of(key.position) as usize]
    }
    fn bytes(&self) -> usize {
        self.map.len() * size_of::<u32>()
    }
    fn picture(&self) -> Picture<'_> {
        Picture::Cells {
            owners: &self.map,
            noun: "shard",
        }
    }
}
