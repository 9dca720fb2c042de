//! Workload W(N, ·, K) on third-party crates (jump, maglev, rendezvous), for side-by-side ratios.
//! Build for db1..dbN, owners of user_0..user_{K-1}, remove db{N/2}, owners again, count moved.
//! Keys' h64 (top 64 bits of MD5, big-endian) are precomputed OUTSIDE the timing; the MD5 phase is
//! timed separately and printed first. "NATIVE" rows feed the key string to the crate's own hasher
//! (that hashing is inside the timing, and their owners differ from our rule's).
//! Exact rows use an adapter hasher so the crate computes our rule; each prints how many owners agree.
//!
//! usage (standalone package, keep its target dir out of the main build):
//!   CARGO_TARGET_DIR=/tmp/crate-peers-target cargo run --release --manifest-path benches/peers/rust_crates/Cargo.toml -- [N K REPS [FILTER]]
//! defaults 100 1000000 5; FILTER = a family (jump|maglev|rendezvous) or part of a row's name.
use md5::{Digest, Md5};
use std::cmp::Ordering;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::time::Instant;

// ---------------------------------------------------------------- our rules (scratch re-implementation)
fn p128(s: &str) -> u128 {
    u128::from_be_bytes(Md5::digest(s.as_bytes()).into())
}
fn h64(s: &str) -> u64 {
    (p128(s) >> 64) as u64
}
fn splitmix64(mut z: u64) -> u64 {
    z ^= z >> 30;
    z = z.wrapping_mul(0xbf58476d1ce4e5b9);
    z ^= z >> 27;
    z = z.wrapping_mul(0x94d049bb133111eb);
    z ^ (z >> 31)
}
fn jump_paper(mut key: u64, buckets: u32) -> u32 {
    let (mut b, mut j) = (-1i64, 0i64);
    while j < buckets as i64 {
        b = j;
        key = key.wrapping_mul(2862933555777941757).wrapping_add(1);
        j = ((b + 1) as f64 * ((1i64 << 31) as f64 / ((key >> 33) + 1) as f64)) as i64;
    }
    b as u32
}
const M: u32 = 65537;
fn maglev_perm(name: &str) -> (u32, u32) {
    let p = p128(name);
    (
        ((p >> 64) as u64 % M as u64) as u32,
        ((p as u64) % (M as u64 - 1) + 1) as u32,
    )
}
fn maglev_populate(perms: &[(u32, u32)]) -> Vec<u32> {
    let mut entry = vec![u32::MAX; M as usize];
    let mut next: Vec<u32> = perms.iter().map(|p| p.0).collect();
    let mut filled = 0;
    loop {
        for (i, &(_, skip)) in perms.iter().enumerate() {
            let mut c = next[i];
            while entry[c as usize] != u32::MAX {
                c = ((c as u64 + skip as u64) % M as u64) as u32;
            }
            entry[c as usize] = i as u32;
            next[i] = ((c as u64 + skip as u64) % M as u64) as u32;
            filled += 1;
            if filled == M {
                return entry;
            }
        }
    }
}
fn hrw_ours(nodes: &[u64], key: u64) -> u32 {
    let mut best = (0u64, 0u32);
    for (i, &h) in nodes.iter().enumerate() {
        let s = splitmix64(key ^ h);
        if i == 0 || s > best.0 {
            best = (s, i as u32);
        }
    }
    best.1
}

// ---------------------------------------------------------------- adapter hashers
/// Passes a single written u64 through (for crates that take a `Hasher`/`BuildHasher`).
#[derive(Default, Clone)]
struct Identity(u64);
impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("identity hasher takes u64 only")
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}
type IdentityBuild = BuildHasherDefault<Identity>;

/// maglev 0.2.1 hashes `seed: u32` then the value; node Hash writes (h64, low64). Seed 0xdead_babe
/// (offset and key lookup) returns the first word, 0xdead_beef (skip) the second: our rule exactly.
#[derive(Default, Clone)]
struct MaglevRule {
    seed: u32,
    w: [u64; 2],
    n: usize,
}
impl Hasher for MaglevRule {
    fn finish(&self) -> u64 {
        match self.seed {
            0xdead_babe => self.w[0],
            0xdead_beef => self.w[1],
            s => unreachable!("seed {s:x}"),
        }
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!()
    }
    fn write_u32(&mut self, s: u32) {
        self.seed = s;
    }
    fn write_u64(&mut self, x: u64) {
        self.w[self.n] = x;
        self.n += 1;
    }
}
#[derive(Clone, PartialEq, Eq)]
struct MNode {
    idx: u32,
    hi: u64,
    lo: u64,
}
impl Hash for MNode {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.hi);
        h.write_u64(self.lo);
    }
}

/// hrw 0.1.2 hashes key then node into one hasher: XOR the words, splitmix64 at the end.
#[derive(Default, Clone)]
struct XorMix(u64);
impl Hasher for XorMix {
    fn finish(&self) -> u64 {
        splitmix64(self.0)
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!()
    }
    fn write_u64(&mut self, x: u64) {
        self.0 ^= x;
    }
}

/// A rendezvous node: Hash writes its h64 only; Ord is by *reversed* index, so every crate that
/// breaks score ties towards the "greatest" node picks the lowest index, as our rule does.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct RNode {
    idx: u32,
    h: u64,
}
impl Hash for RNode {
    fn hash<H: Hasher>(&self, st: &mut H) {
        st.write_u64(self.h);
    }
}
impl Ord for RNode {
    fn cmp(&self, o: &Self) -> Ordering {
        o.idx.cmp(&self.idx)
    }
}
impl PartialOrd for RNode {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// rendezvous_hash 0.3.0: NodeHasher gets (node id, item) -> score.
struct OurNodeHasher;
impl rendezvous_hash::NodeHasher<RNode> for OurNodeHasher {
    fn hash<T: Hash>(&self, node: &RNode, item: &T) -> u64 {
        let mut s = Identity::default();
        item.hash(&mut s);
        splitmix64(s.finish() ^ node.h)
    }
}

/// hash-rings 1.1.0 rendezvous: node hash = combine(gen(id), gen(replica index: usize)), score =
/// combine(node hash, gen(key)). gen(usize) returns a marker so combine(h, marker) = h; otherwise
/// combine(a, b) = splitmix64(a ^ b): our rule exactly (unless a key's h64 equals the marker).
const MARK: u64 = 0x5eed_5eed_5eed_5eed;
#[derive(Default, Clone)]
struct HrRule {
    w: [u64; 2],
    n: usize,
    usize_seen: bool,
}
impl Hasher for HrRule {
    fn finish(&self) -> u64 {
        if self.usize_seen {
            MARK
        } else if self.n == 1 {
            self.w[0]
        } else if self.w[1] == MARK {
            self.w[0]
        } else {
            splitmix64(self.w[0] ^ self.w[1])
        }
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!()
    }
    fn write_u64(&mut self, x: u64) {
        self.w[self.n] = x;
        self.n += 1;
    }
    fn write_usize(&mut self, _: usize) {
        self.usize_seen = true;
    }
}

/// A named node for "native" modes: hashes exactly like its name `&str`, carries its list index.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Named {
    name: String,
    idx: u32,
}
impl Hash for Named {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.name.as_str().hash(h)
    }
}

// ---------------------------------------------------------------- harness
struct Ctx {
    n: usize,
    names: Vec<String>,
    removed: usize, // index of db{N/2}
    ids: Vec<u32>,  // rest index -> original index
    keys: Vec<String>,
    kh: Vec<u64>, // h64 of each key
}

type Run = fn(&Ctx) -> (Vec<u32>, Vec<u32>);

fn moved(a: &[u32], b: &[u32]) -> usize {
    a.iter().zip(b).filter(|(x, y)| x != y).count()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).map_or(100, |s| s.parse().unwrap());
    let k: u32 = args.get(2).map_or(1_000_000, |s| s.parse().unwrap());
    let reps: usize = args.get(3).map_or(5, |s| s.parse().unwrap());
    let only: Option<String> = args.get(4).cloned();
    let names: Vec<String> = (1..=n).map(|i| format!("db{i}")).collect();
    let removed = n / 2 - 1; // "db{N/2}"
    assert_eq!(names[removed], format!("db{}", n / 2));
    let ids: Vec<u32> = (0..n as u32).filter(|&i| i as usize != removed).collect();
    let t = Instant::now();
    let keys: Vec<String> = (0..k).map(|i| format!("user_{i}")).collect();
    let t_fmt = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let kh: Vec<u64> = keys.iter().map(|s| h64(s)).collect();
    let t_md5 = t.elapsed().as_secs_f64();
    println!("N={n} K={k} reps={reps}: format keys {t_fmt:.3}s, MD5->h64 of all keys {t_md5:.3}s (one thread, outside the timings below)");
    let cx = Ctx {
        n,
        names,
        removed,
        ids,
        keys,
        kh,
    };

    // our expected owners, for the agreement check
    let ours_jump = {
        let a: Vec<u32> = cx.kh.iter().map(|&x| jump_paper(x, n as u32)).collect();
        let b: Vec<u32> = cx
            .kh
            .iter()
            .map(|&x| cx.ids[jump_paper(x, n as u32 - 1) as usize])
            .collect();
        (a, b)
    };
    let ours_maglev = run_ours_maglev(&cx);
    let ours_hrw = run_ours_hrw(&cx);

    let peers: Vec<(&str, &str, Run)> = vec![
        ("jump", "ours (scratch re-impl)", |cx| {
            let n = cx.n as u32;
            let a = cx.kh.iter().map(|&x| jump_paper(x, n)).collect();
            let b = cx
                .kh
                .iter()
                .map(|&x| cx.ids[jump_paper(x, n - 1) as usize])
                .collect();
            (a, b)
        }),
        ("jump", "jumpch 2.0.0 hash(h64,n)", |cx| {
            let n = cx.n as u32;
            let a = cx.kh.iter().map(|&x| jumpch::hash(x, n)).collect();
            let b = cx
                .kh
                .iter()
                .map(|&x| cx.ids[jumpch::hash(x, n - 1) as usize])
                .collect();
            (a, b)
        }),
        ("jump", "jump-consistent-hash 0.1.0 hash(h64,n)", |cx| {
            let n = cx.n;
            let a = cx
                .kh
                .iter()
                .map(|&x| jump_consistent_hash::hash(x, n))
                .collect();
            let b = cx
                .kh
                .iter()
                .map(|&x| cx.ids[jump_consistent_hash::hash(x, n - 1) as usize])
                .collect();
            (a, b)
        }),
        ("jump", "jumphash 0.1.9 CustomJumpHasher<Identity>", |cx| {
            let n = cx.n as u32;
            let j = jumphash::CustomJumpHasher::new(Identity::default());
            let a = cx.kh.iter().map(|x| j.slot(x, n)).collect();
            let b = cx
                .kh
                .iter()
                .map(|x| cx.ids[j.slot(x, n - 1) as usize])
                .collect();
            (a, b)
        }),
        ("jump", "hash-rings 1.1.0 jump::Ring<Identity>", |cx| {
            let n = cx.n as u32;
            let r1 = hash_rings::jump::Ring::with_hasher(IdentityBuild::default(), n);
            let a = cx.kh.iter().map(|x| r1.get_node(x)).collect();
            let r2 = hash_rings::jump::Ring::with_hasher(IdentityBuild::default(), n - 1);
            let b = cx
                .kh
                .iter()
                .map(|x| cx.ids[r2.get_node(x) as usize])
                .collect();
            (a, b)
        }),
        ("jump", "jumphash 0.1.9 NATIVE SipHash13(key str)", |cx| {
            let n = cx.n as u32;
            let j = jumphash::JumpHasher::new_with_keys(0, 0);
            let a = cx.keys.iter().map(|s| j.slot(&s.as_str(), n)).collect();
            let b = cx
                .keys
                .iter()
                .map(|s| cx.ids[j.slot(&s.as_str(), n - 1) as usize])
                .collect();
            (a, b)
        }),
        ("maglev", "ours (scratch re-impl)", run_ours_maglev),
        (
            "maglev",
            "maglev 0.2.1 cap 65537 + MaglevRule hasher",
            |cx| {
                use maglev::{ConsistentHasher, Maglev};
                let mk = |skip: Option<usize>| -> Vec<MNode> {
                    cx.names
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| Some(*i) != skip)
                        .map(|(i, s)| {
                            let p = p128(s);
                            MNode {
                                idx: i as u32,
                                hi: (p >> 64) as u64,
                                lo: p as u64,
                            }
                        })
                        .collect()
                };
                let b1 = BuildHasherDefault::<MaglevRule>::default();
                let m1 = Maglev::with_capacity_and_hasher(mk(None), M as usize, b1.clone());
                assert_eq!(m1.capacity(), M as usize);
                let a = cx.kh.iter().map(|x| m1.get(x).unwrap().idx).collect();
                drop(m1);
                let m2 = Maglev::with_capacity_and_hasher(mk(Some(cx.removed)), M as usize, b1);
                let b = cx.kh.iter().map(|x| m2.get(x).unwrap().idx).collect();
                (a, b)
            },
        ),
        (
            "maglev",
            "maglev 0.2.1 cap 65537 NATIVE DefaultHasher(key str)",
            |cx| {
                use maglev::{ConsistentHasher, Maglev};
                let mk = |skip: Option<usize>| -> Vec<Named> {
                    cx.names
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| Some(*i) != skip)
                        .map(|(i, s)| Named {
                            name: s.clone(),
                            idx: i as u32,
                        })
                        .collect()
                };
                let m1 = Maglev::with_capacity(mk(None), M as usize);
                assert_eq!(m1.capacity(), M as usize);
                let a = cx
                    .keys
                    .iter()
                    .map(|s| m1.get(s.as_str()).unwrap().idx)
                    .collect();
                drop(m1);
                let m2 = Maglev::with_capacity(mk(Some(cx.removed)), M as usize);
                let b = cx
                    .keys
                    .iter()
                    .map(|s| m2.get(s.as_str()).unwrap().idx)
                    .collect();
                (a, b)
            },
        ),
        (
            "maglev",
            "maglev-hash 0.1.0 cap 65537 NATIVE DefaultHasher(key str)",
            |cx| {
                let mk = |skip: Option<usize>| -> Vec<Named> {
                    cx.names
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| Some(*i) != skip)
                        .map(|(i, s)| Named {
                            name: s.clone(),
                            idx: i as u32,
                        })
                        .collect()
                };
                let m1 = maglev_hash::MaglevTable::with_capacity(mk(None), M as usize);
                assert_eq!(m1.capacity(), M as usize);
                let a = cx
                    .keys
                    .iter()
                    .map(|s| m1.get(&s.as_str()).unwrap().idx)
                    .collect();
                drop(m1);
                let m2 = maglev_hash::MaglevTable::with_capacity(mk(Some(cx.removed)), M as usize);
                let b = cx
                    .keys
                    .iter()
                    .map(|s| m2.get(&s.as_str()).unwrap().idx)
                    .collect();
                (a, b)
            },
        ),
        (
            "maglev",
            "hash-rings 1.1.0 maglev cap 65537 NATIVE SipHash(key str)",
            |cx| {
                let all: Vec<Named> = cx
                    .names
                    .iter()
                    .enumerate()
                    .map(|(i, s)| Named {
                        name: s.clone(),
                        idx: i as u32,
                    })
                    .collect();
                let r1 =
                    hash_rings::maglev::Ring::with_capacity_hint(all.iter().collect(), M as usize);
                assert_eq!(r1.capacity(), M as usize);
                let a = cx
                    .keys
                    .iter()
                    .map(|s| r1.get_node(&s.as_str()).idx)
                    .collect();
                drop(r1);
                let rest: Vec<&Named> = all
                    .iter()
                    .filter(|x| x.idx as usize != cx.removed)
                    .collect();
                let r2 = hash_rings::maglev::Ring::with_capacity_hint(rest, M as usize);
                let b = cx
                    .keys
                    .iter()
                    .map(|s| r2.get_node(&s.as_str()).idx)
                    .collect();
                (a, b)
            },
        ),
        ("rendezvous", "ours (scratch re-impl)", run_ours_hrw),
        (
            "rendezvous",
            "hrw 0.1.2 + XorMix(splitmix64) hasher",
            |cx| {
                let nodes: Vec<RNode> = cx
                    .names
                    .iter()
                    .enumerate()
                    .map(|(i, s)| RNode {
                        idx: i as u32,
                        h: h64(s),
                    })
                    .collect();
                let mut r = hrw::Rendezvous::from_nodes_and_hasher(
                    nodes.iter().copied(),
                    BuildHasherDefault::<XorMix>::default(),
                );
                let a = cx.kh.iter().map(|x| r.pick_top(x).unwrap().idx).collect();
                assert!(r.remove_node(&nodes[cx.removed]));
                let b = cx.kh.iter().map(|x| r.pick_top(x).unwrap().idx).collect();
                (a, b)
            },
        ),
        (
            "rendezvous",
            "rendezvous_hash 0.3.0 + NodeHasher(splitmix64)",
            |cx| {
                use rendezvous_hash::{IdNode, RendezvousNodes};
                let nodes: Vec<RNode> = cx
                    .names
                    .iter()
                    .enumerate()
                    .map(|(i, s)| RNode {
                        idx: i as u32,
                        h: h64(s),
                    })
                    .collect();
                let mut r = RendezvousNodes::new(OurNodeHasher);
                for &x in &nodes {
                    r.insert(IdNode::new(x));
                }
                let a = cx
                    .kh
                    .iter()
                    .map(|x| r.calc_candidates(x).next().unwrap().idx)
                    .collect();
                r.remove(&nodes[cx.removed]).unwrap();
                let b = cx
                    .kh
                    .iter()
                    .map(|x| r.calc_candidates(x).next().unwrap().idx)
                    .collect();
                (a, b)
            },
        ),
        (
            "rendezvous",
            "hash-rings 1.1.0 rendezvous + HrRule hasher",
            |cx| {
                let nodes: Vec<RNode> = cx
                    .names
                    .iter()
                    .enumerate()
                    .map(|(i, s)| RNode {
                        idx: i as u32,
                        h: h64(s),
                    })
                    .collect();
                let mut r = hash_rings::rendezvous::Ring::with_hasher(
                    BuildHasherDefault::<HrRule>::default(),
                );
                for x in &nodes {
                    r.insert_node(x, 1);
                }
                let a = cx.kh.iter().map(|x| r.get_node(x).idx).collect();
                r.remove_node(&nodes[cx.removed]);
                let b = cx.kh.iter().map(|x| r.get_node(x).idx).collect();
                (a, b)
            },
        ),
        (
            "rendezvous",
            "hrw 0.1.2 NATIVE DefaultHasher(key str)",
            |cx| {
                let nodes: Vec<Named> = cx
                    .names
                    .iter()
                    .enumerate()
                    .map(|(i, s)| Named {
                        name: s.clone(),
                        idx: i as u32,
                    })
                    .collect();
                let mut r = hrw::Rendezvous::from_nodes_and_hasher(
                    nodes.iter().cloned(),
                    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default(),
                );
                let a = cx
                    .keys
                    .iter()
                    .map(|s| r.pick_top(&s.as_str()).unwrap().idx)
                    .collect();
                r.remove_node(&nodes[cx.removed]);
                let b = cx
                    .keys
                    .iter()
                    .map(|s| r.pick_top(&s.as_str()).unwrap().idx)
                    .collect();
                (a, b)
            },
        ),
        (
            "rendezvous",
            "rendezvous_hash 0.3.0 NATIVE DefaultNodeHasher(key str)",
            |cx| {
                use rendezvous_hash::{KeyValueNode, RendezvousNodes};
                let mut r = RendezvousNodes::default();
                for (i, s) in cx.names.iter().enumerate() {
                    r.insert(KeyValueNode::new(s.as_str(), i as u32));
                }
                let a = cx
                    .keys
                    .iter()
                    .map(|s| r.calc_candidates(&s.as_str()).next().unwrap().value)
                    .collect();
                r.remove(&cx.names[cx.removed].as_str()).unwrap();
                let b = cx
                    .keys
                    .iter()
                    .map(|s| r.calc_candidates(&s.as_str()).next().unwrap().value)
                    .collect();
                (a, b)
            },
        ),
    ];

    for (family, name, f) in peers {
        if let Some(o) = &only {
            if !name.contains(o.as_str()) && family != o {
                continue;
            }
        }
        let mut times = Vec::new();
        let mut mv = 0;
        let mut agree = String::new();
        for r in 0..reps {
            let t = Instant::now();
            let (a, b) = f(&cx);
            let m = moved(&a, &b);
            times.push(t.elapsed().as_secs_f64());
            mv = m;
            if r == 0 {
                let ours = match family {
                    "jump" => &ours_jump,
                    "maglev" => &ours_maglev,
                    _ => &ours_hrw,
                };
                let (sa, sb) = (a.len() - moved(&a, &ours.0), b.len() - moved(&b, &ours.1));
                agree = format!(
                    "same-as-ours before {sa}/{} after {sb}/{}",
                    a.len(),
                    b.len()
                );
            }
        }
        times.sort_by(|x, y| x.partial_cmp(y).unwrap());
        println!(
            "{family:<10} {name:<58} moved={mv:<7} min={:.3}s median={:.3}s  {agree}",
            times[0],
            times[times.len() / 2]
        );
    }
}

fn run_ours_maglev(cx: &Ctx) -> (Vec<u32>, Vec<u32>) {
    let perms: Vec<(u32, u32)> = cx.names.iter().map(|s| maglev_perm(s)).collect();
    let t1 = maglev_populate(&perms);
    let a = cx.kh.iter().map(|&x| t1[(x % M as u64) as usize]).collect();
    let rest: Vec<(u32, u32)> = cx.ids.iter().map(|&i| perms[i as usize]).collect();
    let t2 = maglev_populate(&rest);
    let b = cx
        .kh
        .iter()
        .map(|&x| cx.ids[t2[(x % M as u64) as usize] as usize])
        .collect();
    (a, b)
}

fn run_ours_hrw(cx: &Ctx) -> (Vec<u32>, Vec<u32>) {
    let hs: Vec<u64> = cx.names.iter().map(|s| h64(s)).collect();
    let a = cx.kh.iter().map(|&x| hrw_ours(&hs, x)).collect();
    let rest: Vec<u64> = cx.ids.iter().map(|&i| hs[i as usize]).collect();
    let b = cx
        .kh
        .iter()
        .map(|&x| cx.ids[hrw_ours(&rest, x) as usize])
        .collect();
    (a, b)
}
