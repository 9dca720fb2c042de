//! `rendezvous` (highest random weight, Thaler & Ravishankar 1996): every node scores every key,
//! `mix(h64(key) XOR h64(node))` with the splitmix64 finalizer, and the highest score wins (ties: the lower
//! list index). A change moves only the keys the leaving node had, or the ones the new node wins.
//!
//! Weighted (when the weights in force are not all equal): Schindelhauer and Schomaker's logarithmic
//! method, node `i` scores `−w_i / ln(u_i)` with `u_i = ((mix(h64(key) XOR h64(n_i)) >> 11) + 0.5) / 2^53`
//! in IEEE double ([`weighted_score`]), so that it wins with probability `w_i/W`; ties: the lower index.
//! A node's score does not depend on the others' weights, so a change still moves only the keys it must
//! (unless it switches between the two rules: the weights equal on one side of it only).

use super::{
    all_equal, h64, placing, table, Input, KeyRef, KeysBy, ListsChange, Making, Picture, Placed,
    Settings, Step, Strategy, Table, Uses, Weights, CHANGING_KEYS,
};
use crate::ring::{position, Position};
use std::rc::Rc;

/// Highest random weight.
pub struct Rendezvous;

/// What its work is measured under with the logarithmic method ([`Strategy::kind`]).
const WEIGHTED: &str = "rendezvous, weighted";

/// The splitmix64 finalizer: `z ^= z >> 30; z *= 0xbf58476d1ce4e5b9; z ^= z >> 27;
/// z *= 0x94d049bb133111eb; z ^= z >> 31` (mod 2^64).
pub fn splitmix64(mut z: u64) -> u64 {
    z ^= z >> 30;
    z = z.wrapping_mul(0xbf58476d1ce4e5b9);
    z ^= z >> 27;
    z = z.wrapping_mul(0x94d049bb133111eb);
    z ^ (z >> 31)
}

/// 2^53, as a double.
const TWO_53: f64 = 9_007_199_254_740_992.0;

/// The logarithmic method's score of a node of weight `w` and name hash `node` for the key of hash
/// `key`: `−w / ln(u)`, `u = ((mix(key XOR node) >> 11) + 0.5) / 2^53`, every step in IEEE double (the
/// `+ 0.5` rounds to even above 2^52; `ln` is the `libm` crate's, the same natively and in the browser).
pub fn weighted_score(key: u64, node: u64, w: f64) -> f64 {
    -w / libm::log(unit(key, node))
}

/// `u = ((mix(key XOR node) >> 11) + 0.5) / 2^53`, in (0, 1].
fn unit(key: u64, node: u64) -> f64 {
    ((splitmix64(key ^ node) >> 11) as f64 + 0.5) / TWO_53
}

impl Strategy for Rendezvous {
    fn name(&self) -> &'static str {
        "rendezvous"
    }
    fn title(&self) -> &'static str {
        "Rendezvous (highest random weight)"
    }
    fn caption(&self) -> &'static str {
        "Minimal moves and an even spread with no table at all, at the price of scoring every node for \
         every lookup (N hashes per key)."
    }
    fn uses(&self) -> Uses {
        Uses {
            weights: true,
            ..Uses::default()
        }
    }
    /// Only the keys the change concerns are scored again: a removed node's keys go to their best
    /// remaining node; an added node takes the keys where it outscores the owner (a tie stays with the
    /// owner, the lower index). When the step switches between rule (6) and the logarithmic method, a
    /// fresh placement.
    fn change(&self, input: &mut Input, nodes: &[&str], step: Step, before: &Placed) -> Placed {
        let Some(changed) = Changed::new(nodes, step, &input.settings.weights) else {
            return self.place(input, &step.apply(nodes));
        };
        let owners = before
            .owners
            .iter()
            .zip(input.keys.positions())
            .map(|(&o, &p)| changed.owner(o, p))
            .collect();
        Placed {
            owners,
            table: Rc::new(changed.after),
        }
    }
    fn begin_change(
        &self,
        input: &mut Input,
        nodes: &[&str],
        step: Step,
        before: &Rc<Placed>,
    ) -> Box<dyn Making> {
        let Some(changed) = Changed::new(nodes, step, &input.settings.weights) else {
            return self.begin(input, &step.apply(nodes));
        };
        let kind = self.kind(&input.settings, &step.apply(nodes));
        Box::new(
            KeysBy::new(
                changed,
                CHANGING_KEYS.of(kind),
                |c, keys, owners| {
                    owners.extend(
                        keys.before
                            .iter()
                            .zip(keys.positions)
                            .map(|(&o, &p)| c.owner(o, p)),
                    )
                },
                |c| table(c.after),
            )
            .after(before.clone()),
        )
    }
    /// N scores per key: 1M keys over 100 nodes take over 100 ms.
    fn place_in_parts(&self) -> bool {
        true
    }
    fn key_cost(&self, nodes: usize) -> usize {
        nodes.max(1)
    }
    /// The logarithmic method's scores cost more than rule (6)'s: its work is measured apart.
    fn kind(&self, settings: &Settings, nodes: &[&str]) -> &'static str {
        if all_equal(&settings.weights.of_nodes(nodes)) {
            self.name()
        } else {
            WEIGHTED
        }
    }
    fn begin(&self, input: &mut Input, nodes: &[&str]) -> Box<dyn Making> {
        Box::new(
            KeysBy::new(
                RendezvousTable::new(nodes, &input.settings.weights),
                placing(self).of(self.kind(&input.settings, nodes)),
                |t, keys, owners| owners.extend(keys.positions.iter().map(|&p| t.owner(h64(p)))),
                table,
            )
            .weighted(self.key_cost(nodes.len())),
        )
    }
}

/// A change, to derive each key's owner after it from its owner before.
struct Changed {
    /// The table after the change.
    after: RendezvousTable,
    /// The removed node's index; or the added node's index.
    removed: Option<u32>,
    added: u32,
}

impl Changed {
    /// The change `step` makes to `nodes` of these weights; `None` when it switches between rule (6)
    /// and the logarithmic method (the weights equal on one side of it only): then a fresh placement.
    fn new(nodes: &[&str], step: Step, weights: &Weights) -> Option<Changed> {
        let after = RendezvousTable::new(&step.apply(nodes), weights);
        if all_equal(&weights.of_nodes(nodes)) != after.weights.is_empty() {
            return None;
        }
        Some(match step {
            Step::Remove(r) => Changed {
                after,
                removed: Some(r as u32),
                added: 0,
            },
            Step::Add(_) => Changed {
                after,
                removed: None,
                added: nodes.len() as u32,
            },
        })
    }

    /// The owner after the change of the key at `p`, whose owner before it was `o`.
    fn owner(&self, o: u32, p: Position) -> u32 {
        match self.removed {
            Some(r) => match o.cmp(&r) {
                std::cmp::Ordering::Equal => self.after.owner(h64(p)),
                std::cmp::Ordering::Greater => o - 1,
                std::cmp::Ordering::Less => o,
            },
            None => {
                let new = self.added;
                if self.after.outscores(h64(p), new as usize, o as usize) {
                    new
                } else {
                    o
                }
            }
        }
    }
}

/// `h64` of every node name, and the weights when they differ.
pub struct RendezvousTable {
    hashes: Vec<u64>,
    /// Every node's weight when the weights of the list differ (the logarithmic method); empty when they
    /// are all equal (rule 6).
    weights: Vec<f64>,
    /// Whether lists may be derived from those of the list one step before ([`Table::replicas_after`]):
    /// only when that list is scored by the same rule. After an addition that is the list without the
    /// last node; after a removal a list with one more node, of a weight these settings may not say
    /// (so only when every node weighs 1, or these weights differ already).
    derive_add: bool,
    derive_remove: bool,
}

impl RendezvousTable {
    fn new(nodes: &[&str], weights: &Weights) -> RendezvousTable {
        let w = weights.of_nodes(nodes);
        let weighted = !all_equal(&w);
        RendezvousTable {
            hashes: nodes.iter().map(|n| h64(position(n))).collect(),
            weights: if weighted {
                w.iter().map(|&x| x as f64).collect()
            } else {
                Vec::new()
            },
            derive_add: weighted != all_equal(&w[..w.len().saturating_sub(1)]),
            derive_remove: weighted || weights.is_empty(),
        }
    }

    fn owner(&self, key: u64) -> u32 {
        if !self.weights.is_empty() {
            let mut best = (f64::NEG_INFINITY, 0u32);
            for (i, (&h, &w)) in self.hashes.iter().zip(&self.weights).enumerate() {
                let u = unit(key, h);
                // −ln(u) ≥ 1 − u, so the score is at most w/(1 − u): when that is no more than the best
                // so far (w·(1 + 10⁻⁹) ≤ best·(1 − u), the margin far above the roundings, near 2^-52),
                // it cannot win (a tie stays with the lower index, met first): no logarithm needed.
                if i > 0 && w * (1.0 + 1e-9) <= best.0 * (1.0 - u) {
                    continue;
                }
                let score = -w / libm::log(u);
                if score > best.0 || i == 0 {
                    best = (score, i as u32);
                }
            }
            return best.1;
        }
        let mut best = (0u64, 0u32);
        for (i, &h) in self.hashes.iter().enumerate() {
            let score = splitmix64(key ^ h);
            // Strictly greater: on a tie the lower index, met first, stays.
            if score > best.0 || i == 0 {
                best = (score, i as u32);
            }
        }
        best.1
    }

    /// Node `i`'s weighted score for hashed key `key` (weighted tables only).
    fn weighted(&self, key: u64, i: usize) -> f64 {
        weighted_score(key, self.hashes[i], self.weights[i])
    }

    /// True when node `a` strictly outscores node `b` for hashed key `key`.
    fn outscores(&self, key: u64, a: usize, b: usize) -> bool {
        if self.weights.is_empty() {
            splitmix64(key ^ self.hashes[a]) > splitmix64(key ^ self.hashes[b])
        } else {
            self.weighted(key, a) > self.weighted(key, b)
        }
    }
}

impl Table for RendezvousTable {
    fn lookup(&self, key: KeyRef) -> u32 {
        self.owner(h64(key.position))
    }
    /// 8 bytes per node (its hash), and 8 more per node for its weight when the weights differ.
    fn bytes(&self) -> usize {
        self.hashes.len() * size_of::<u64>() + self.weights.len() * size_of::<f64>()
    }
    fn picture(&self) -> Picture<'_> {
        if self.weights.is_empty() {
            Picture::Formula("owner = argmax over nodes of mix(h64(key) ⊕ h64(node))")
        } else {
            Picture::Formula(
                "owner = argmax over nodes of −w / ln(u), u from mix(h64(key) ⊕ h64(node))",
            )
        }
    }
    /// The `r` highest scores, best first (ties: the lower index first).
    fn replicas(
        &self,
        positions: &[Position],
        _owners: &[u32],
        _nodes: usize,
        r: usize,
    ) -> Vec<u32> {
        let mut out = Vec::with_capacity(positions.len() * r);
        let mut top = Vec::with_capacity(r + 1);
        for &p in positions {
            self.best(h64(p), r, &mut top);
            out.extend_from_slice(&top);
        }
        out
    }
    /// A removal changes only the lists that held the removed node (about r/N of them); an addition
    /// only inserts the new node where it outscores the last of a list. Not across a step that switches
    /// between rule (6) and the logarithmic method. Lists before that are shorter than the ones asked for
    /// do not hold the nodes ranked after them: none is derived then.
    fn replicas_after(&self, c: ListsChange) -> Option<Vec<u32>> {
        let derivable = match c.step {
            Step::Remove(_) => self.derive_remove,
            Step::Add(_) => self.derive_add,
        };
        if !derivable {
            return None;
        }
        let (r, rb) = (c.r, c.r_before);
        if rb < r {
            return None;
        }
        let mut out = Vec::with_capacity(c.positions.len() * r);
        let mut top = Vec::with_capacity(r + 1);
        let lists = c.before.chunks_exact(rb).zip(c.positions);
        match c.step {
            Step::Remove(x) => {
                let x = x as u32;
                for (list, &p) in lists {
                    let kept = list
                        .iter()
                        .filter(|&&n| n != x)
                        .map(|&n| n - (n > x) as u32);
                    if !list.contains(&x) || rb > r {
                        // The best r of the rest are still the first r of the list without x.
                        out.extend(kept.take(r));
                    } else {
                        self.best(h64(p), r, &mut top);
                        out.extend_from_slice(&top);
                    }
                }
            }
            Step::Add(_) => {
                let new = self.hashes.len() - 1;
                for (list, &p) in lists {
                    let k = h64(p);
                    // Before the first entry it strictly outscores (a tie stays with the lower index).
                    let at = if self.weights.is_empty() {
                        let s_new = splitmix64(k ^ self.hashes[new]);
                        list.iter()
                            .position(|&n| s_new > splitmix64(k ^ self.hashes[n as usize]))
                    } else {
                        let s_new = self.weighted(k, new);
                        list.iter()
                            .position(|&n| s_new > self.weighted(k, n as usize))
                    }
                    .unwrap_or(rb);
                    let mut placed = 0;
                    for (j, &n) in list.iter().enumerate() {
                        if j == at && placed < r {
                            out.push(new as u32);
                            placed += 1;
                        }
                        if placed < r {
                            out.push(n);
                            placed += 1;
                        }
                    }
                    if at == rb && placed < r {
                        out.push(new as u32);
                    }
                }
            }
        }
        Some(out)
    }
}

impl RendezvousTable {
    /// The `r` best nodes for hashed key `k` into `top`, best first (ties: the lower index first).
    #[inline]
    fn best(&self, k: u64, r: usize, top: &mut Vec<u32>) {
        if self.weights.is_empty() {
            best_of(self.hashes.iter().map(|&h| splitmix64(k ^ h)), r, top);
        } else if r > BEST_MAX {
            let scores = self.hashes.iter().zip(&self.weights);
            best_of(scores.map(|(&h, &w)| weighted_score(k, h, w)), r, top);
        } else {
            self.best_weighted(k, r, top);
        }
    }

    /// [`best_of`]'s insertion for the logarithmic method's scores, skipping the logarithm of a node
    /// whose score cannot enter a full list (its bound `w/(1 − u)` no more than the last's score, as in
    /// [`RendezvousTable::owner`]).
    fn best_weighted(&self, k: u64, r: usize, top: &mut Vec<u32>) {
        let mut best = [(0f64, 0u32); BEST_MAX];
        let mut len = 0;
        for (i, (&h, &w)) in self.hashes.iter().zip(&self.weights).enumerate() {
            let u = unit(k, h);
            if len == r && w * (1.0 + 1e-9) <= best[r - 1].0 * (1.0 - u) {
                continue;
            }
            insert(&mut best, &mut len, r, -w / libm::log(u), i);
        }
        top.clear();
        top.extend(best[..len].iter().map(|&(_, i)| i));
    }
}

/// The indices of the `r` highest of `scores` into `top`, best first (ties: the lower index first). Up
/// to [`BEST_MAX`] by insertion into a small array (the replicas); more (a whole order, as the history's
/// stand-ins need) by sorting every score. (Scores are never NaN: splitmix64 values, or the logarithmic
/// method's, which are positive or −∞.)
#[inline]
fn best_of<T: PartialOrd + Copy + Default>(
    scores: impl Iterator<Item = T>,
    r: usize,
    top: &mut Vec<u32>,
) {
    top.clear();
    if r > BEST_MAX {
        let mut all: Vec<(T, u32)> = scores.enumerate().map(|(i, s)| (s, i as u32)).collect();
        all.sort_unstable_by(|a, b| {
            b.0.partial_cmp(&a.0)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.1.cmp(&b.1))
        });
        top.extend(all.iter().take(r).map(|&(_, i)| i));
        return;
    }
    let mut best = [(T::default(), 0u32); BEST_MAX];
    let mut len = 0;
    for (i, score) in scores.enumerate() {
        insert(&mut best, &mut len, r, score, i);
    }
    top.extend(best[..len].iter().map(|&(_, i)| i));
}

/// Node `i`'s `score` into `best[..len]`, the `r` best so far, highest first: after every entry scoring
/// at least as much (ties: the lower index, already in, stays first), the last dropped when full.
#[inline]
fn insert<T: PartialOrd + Copy>(
    best: &mut [(T, u32)],
    len: &mut usize,
    r: usize,
    score: T,
    i: usize,
) {
    if *len == r {
        if score <= best[r - 1].0 {
            return;
        }
        *len -= 1;
    }
    let mut j = *len;
    while j > 0 && best[j - 1].0 < score {
        best[j] = best[j - 1];
        j -= 1;
    }
    best[j] = (score, i as u32);
    *len += 1;
}

/// Most nodes [`best_of`] ranks per key by insertion (the page asks for at most 5).
const BEST_MAX: usize = 8;
