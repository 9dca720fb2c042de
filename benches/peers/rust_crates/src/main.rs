//! Workload W(N, V, K) on well-known crates beside ring-playground's own strategies, in one process:
//! nodes db1..dbN, keys user_0..user_{K-1}; build, owner of every key, remove db{N/2}, build, owner of
//! every key, count the keys whose owner (by name) changed.
//!
//! Both sides get the keys already hashed (the MD5 of a million keys costs the same on both sides and is
//! measured by `cargo bench` and the Python peers): ring-playground its [`KeySet`], the crates the keys'
//! `h64` in the same order. Every crate is plugged with an adapter hasher so that it computes exactly the
//! project's rule (strategies.md), and its moved count must equal ours.
//!
//! usage: cargo run --release --manifest-path benches/peers/rust_crates/Cargo.toml -- [N K REPS]

use ring_playground::ring::{position, KeySet, VnodeCache};
use ring_playground::strategy::{by_name, splitmix64, Input, Settings, Step, MAGLEV_M};
use std::cmp::Ordering;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::time::Instant;

fn h64(s: &str) -> u64 {
    (position(s) >> 64) as u64
}

/// Passes one written u64 through.
#[derive(Default, Clone)]
struct Identity(u64);
impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("u64 only")
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

/// maglev 0.2.1 hashes a seed (u32) and then the value. A node writes `(h64, P mod 2^64)`: seed
/// 0xdeadbabe (offset, and the key's entry) answers the first word, 0xdeadbeef (skip) the second, so
/// offset = h64 mod M, skip = (P mod 2^64) mod (M − 1) + 1, entry = h64(key) mod M: the project's rule.
#[derive(Default, Clone)]
struct MaglevRule {
    seed: u32,
    words: [u64; 2],
    n: usize,
}
impl Hasher for MaglevRule {
    fn finish(&self) -> u64 {
        match self.seed {
            0xdead_babe => self.words[0],
            0xdead_beef => self.words[1],
            s => unreachable!("seed {s:x}"),
        }
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("u32 and u64 only")
    }
    fn write_u32(&mut self, s: u32) {
        self.seed = s;
    }
    fn write_u64(&mut self, x: u64) {
        self.words[self.n] = x;
        self.n += 1;
    }
}
#[derive(Clone, PartialEq, Eq)]
struct MaglevNode {
    id: u32,
    hi: u64,
    lo: u64,
}
impl Hash for MaglevNode {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.hi);
        h.write_u64(self.lo);
    }
}

/// hrw 0.1.2 hashes the key and then the node into one hasher: XOR the words, splitmix64 at the end.
#[derive(Default, Clone)]
struct XorMix(u64);
impl Hasher for XorMix {
    fn finish(&self) -> u64 {
        splitmix64(self.0)
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("u64 only")
    }
    fn write_u64(&mut self, x: u64) {
        self.0 ^= x;
    }
}

/// A rendezvous node: hashes as its h64; ordered by *reversed* list index, so crates that break a tie
/// towards the greater node pick the lower index, as the rule says.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct HrwNode {
    id: u32,
    h: u64,
}
impl Hash for HrwNode {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.h);
    }
}
impl Ord for HrwNode {
    fn cmp(&self, o: &Self) -> Ordering {
        o.id.cmp(&self.id)
    }
}
impl PartialOrd for HrwNode {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// rendezvous_hash 0.3.0's score of a node for an item: splitmix64(h64(key) ^ h64(node)).
struct SplitmixScore;
impl rendezvous_hash::NodeHasher<HrwNode> for SplitmixScore {
    fn hash<T: Hash>(&self, node: &HrwNode, item: &T) -> u64 {
        let mut s = Identity::default();
        item.hash(&mut s);
        splitmix64(s.finish() ^ node.h)
    }
}

struct Work {
    names: Vec<String>,
    removed: usize,
    keys: KeySet,
    /// h64 of every key, in the key set's order.
    hashes: Vec<u64>,
}

impl Work {
    /// Keys whose owner differs: `before` indexes the full list, `after` the list without db{N/2}.
    fn moved(&self, before: &[u32], after: &[u32]) -> u64 {
        Step::Remove(self.removed).moved(before, after)
    }

    /// ring-playground's `strategy`: placed, then db{N/2} removed by the strategy's own change (`fresh`:
    /// both lists placed from scratch instead).
    fn ours(&self, strategy: &str, fresh: bool) -> u64 {
        let s = by_name(strategy).expect("a strategy");
        let names: Vec<&str> = self.names.iter().map(String::as_str).collect();
        let step = Step::Remove(self.removed);
        let mut cache = VnodeCache::default();
        let mut input = Input {
            keys: &self.keys,
            settings: Settings {
                vnodes: 1000,
                shards: 1000,
                c100: 125,
                weights: Default::default(),
            },
            vnode_cache: &mut cache,
        };
        let before = s.place(&mut input, &names);
        let after = if fresh {
            s.place(&mut input, &step.apply(&names))
        } else {
            s.change(&mut input, &names, step, &before)
        };
        self.moved(&before.owners, &after.owners)
    }

    fn hrw_nodes(&self, skip: Option<usize>) -> Vec<HrwNode> {
        self.names
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != skip)
            .map(|(i, s)| HrwNode {
                id: i as u32,
                h: h64(s),
            })
            .collect()
    }
}

type Peer = (&'static str, &'static str, fn(&Work) -> u64);

const PEERS: [Peer; 10] = [
    ("jump", "ring-playground", |w| w.ours("jump", false)),
    ("jump", "ring-playground, from scratch", |w| {
        w.ours("jump", true)
    }),
    ("jump", "jumpch 2.0.0", |w| {
        let n = w.names.len() as u32;
        let a: Vec<u32> = w.hashes.iter().map(|&x| jumpch::hash(x, n)).collect();
        let b: Vec<u32> = w.hashes.iter().map(|&x| jumpch::hash(x, n - 1)).collect();
        w.moved(&a, &b)
    }),
    ("jump", "jump-consistent-hash 0.1.0", |w| {
        let n = w.names.len();
        let a: Vec<u32> = w
            .hashes
            .iter()
            .map(|&x| jump_consistent_hash::hash(x, n) as u32)
            .collect();
        let b: Vec<u32> = w
            .hashes
            .iter()
            .map(|&x| jump_consistent_hash::hash(x, n - 1) as u32)
            .collect();
        w.moved(&a, &b)
    }),
    ("maglev", "ring-playground", |w| w.ours("maglev", false)),
    ("maglev", "maglev 0.2.1", |w| {
        use maglev::{ConsistentHasher, Maglev};
        let nodes = |skip: Option<usize>| -> Vec<MaglevNode> {
            w.names
                .iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != skip)
                .map(|(i, s)| {
                    let p = position(s);
                    MaglevNode {
                        id: i as u32,
                        hi: (p >> 64) as u64,
                        lo: p as u64,
                    }
                })
                .collect()
        };
        let m = MAGLEV_M as usize;
        let rule = BuildHasherDefault::<MaglevRule>::default();
        let table = Maglev::with_capacity_and_hasher(nodes(None), m, rule.clone());
        assert_eq!(table.capacity(), m);
        let a: Vec<u32> = w.hashes.iter().map(|x| table.get(x).unwrap().id).collect();
        let table = Maglev::with_capacity_and_hasher(nodes(Some(w.removed)), m, rule);
        let b: Vec<u32> = w.hashes.iter().map(|x| table.get(x).unwrap().id).collect();
        // Back to indices of the list without db{N/2}, as `moved` takes them.
        let b: Vec<u32> = b
            .into_iter()
            .map(|id| if id as usize > w.removed { id - 1 } else { id })
            .collect();
        w.moved(&a, &b)
    }),
    ("rendezvous", "ring-playground", |w| {
        w.ours("rendezvous", false)
    }),
    ("rendezvous", "ring-playground, from scratch", |w| {
        w.ours("rendezvous", true)
    }),
    ("rendezvous", "hrw 0.1.2", |w| {
        let nodes = w.hrw_nodes(None);
        let mut r = hrw::Rendezvous::from_nodes_and_hasher(
            nodes.iter().copied(),
            BuildHasherDefault::<XorMix>::default(),
        );
        let a: Vec<u32> = w.hashes.iter().map(|x| r.pick_top(x).unwrap().id).collect();
        assert!(r.remove_node(&nodes[w.removed]));
        let r2 = w.removed as u32;
        let b: Vec<u32> = w
            .hashes
            .iter()
            .map(|x| r.pick_top(x).unwrap().id)
            .map(|id| if id > r2 { id - 1 } else { id })
            .collect();
        w.moved(&a, &b)
    }),
    ("rendezvous", "rendezvous_hash 0.3.0", |w| {
        use rendezvous_hash::{IdNode, RendezvousNodes};
        let nodes = w.hrw_nodes(None);
        let mut r = RendezvousNodes::new(SplitmixScore);
        for &x in &nodes {
            r.insert(IdNode::new(x));
        }
        let top = |r: &RendezvousNodes<IdNode<HrwNode>, SplitmixScore>, x: &u64| {
            r.calc_candidates(x).next().unwrap().id
        };
        let a: Vec<u32> = w.hashes.iter().map(|x| top(&r, x)).collect();
        r.remove(&nodes[w.removed]).unwrap();
        let r2 = w.removed as u32;
        let b: Vec<u32> = w
            .hashes
            .iter()
            .map(|x| top(&r, x))
            .map(|id| if id > r2 { id - 1 } else { id })
            .collect();
        w.moved(&a, &b)
    }),
];

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("numbers: N K REPS"))
        .collect();
    let (n, k, reps) = (
        *args.first().unwrap_or(&100),
        *args.get(1).unwrap_or(&1_000_000),
        *args.get(2).unwrap_or(&5),
    );
    let names: Vec<String> = (1..=n).map(|i| format!("db{i}")).collect();
    let keys = KeySet::on_threads(k as u32, 1);
    let hashes = keys.positions().iter().map(|&p| (p >> 64) as u64).collect();
    let work = Work {
        removed: names
            .iter()
            .position(|x| *x == format!("db{}", n / 2))
            .unwrap(),
        names,
        keys,
        hashes,
    };
    let mut expect = std::collections::HashMap::new();
    for (family, who, run) in PEERS {
        let mut best = f64::MAX;
        let mut moved = 0;
        for _ in 0..reps {
            let t = Instant::now();
            moved = std::hint::black_box(run(&work));
            best = best.min(t.elapsed().as_secs_f64());
        }
        let want = *expect.entry(family).or_insert(moved);
        assert_eq!(moved, want, "{who} must move what ring-playground moves");
        println!(
            "{family:10} {who:30} N={n} K={k} moved={moved} best-of-{reps}={:.1} ms",
            best * 1e3
        );
    }
}
