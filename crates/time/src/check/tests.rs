//! The checker against the spec's definitions by exhaustive search, its sentences, and the stale reads.

use super::*;
use crate::history::{History, Kind, Op};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRng, TestRunner};
use std::cell::RefCell;

fn parse(text: &str) -> History {
    let (h, dropped) = History::parse(text);
    assert!(dropped.is_empty(), "{text}: dropped {dropped:?}");
    h
}

/// The verdicts as ✔/✗, in the spec's order.
fn marks(h: &History) -> String {
    judge(h)
        .iter()
        .map(|v| if v.holds { '✔' } else { '✗' })
        .collect()
}

/// The verdict of one guarantee.
fn verdict(text: &str, g: Guarantee) -> Verdict {
    judge(&parse(text))
        .into_iter()
        .find(|v| v.guarantee == g)
        .expect("every guarantee")
}

#[test]
fn names_and_titles() {
    let names: Vec<&str> = Guarantee::ALL.iter().map(|g| g.name()).collect();
    assert_eq!(
        names,
        [
            "linearizable",
            "sequential",
            "causal",
            "pram",
            "ryw",
            "mr",
            "mw",
            "wfr"
        ]
    );
    assert_eq!(Guarantee::Pram.title(), "PRAM (FIFO)");
    assert_eq!(Guarantee::Wfr.title(), "Writes follow reads");
    assert_eq!(marks(&History::default()), "✔✔✔✔✔✔✔✔");
}

#[test]
fn sentences_name_the_witness() {
    use Guarantee::*;
    // (history, guarantee, witness, sentence)
    let cases: [(&str, Guarantee, &[usize], &str); 14] = [
        (
            "1:w1@0-10,2:r0@20-30",
            Linearizable,
            &[0, 1],
            "c2 read 0 at 20 ms although w1 had been acknowledged at 10 ms.",
        ),
        (
            "1:w1@0-10,1:r0@20-30",
            Ryw,
            &[0, 1],
            "c1 wrote 1 and then read 0.",
        ),
        (
            "1:w1@0-10,2:r1@20-30,2:r0@40-50",
            Mr,
            &[1, 2],
            "c2 read 1 and then 0.",
        ),
        (
            "1:x1@0-10,2:r1@20-30,3:r0@40-50",
            Linearizable,
            &[1, 2],
            "c3 read 0 at 40 ms although c2's read of 1 had ended at 30 ms.",
        ),
        (
            "1:w1@0-10,2:w2@0-10,3:r2@20-30,3:r1@40-50",
            Linearizable,
            &[0, 2, 3],
            "c3 read 2 and then 1, but w1 was acknowledged at 10 ms, before c3 read 2 at 20 ms.",
        ),
        (
            "1:w1@0-10,2:r1@20-30,2:w2@40-50,3:r2@60-70,3:r1@80-90",
            Causal,
            &[1, 2, 3, 4],
            "c3 read 2 and then 1, but c2 read 1 and then wrote 2.",
        ),
        (
            "1:w1@0-10,2:r1@20-30,2:w2@40-50,3:r2@60-70,3:r1@80-90",
            Wfr,
            &[1, 2, 3, 4],
            "c3 read 2 and then 1, but c2 read 1 and then wrote 2.",
        ),
        (
            "1:w1@0-10,1:w2@20-30,2:r2@40-50,2:r1@60-70",
            Pram,
            &[0, 1, 2, 3],
            "c2 read 2 and then 1, but c1 wrote 1 and then 2.",
        ),
        (
            "1:w1@0-10,1:w2@20-30,2:r2@40-50,2:r1@60-70",
            Mw,
            &[0, 1, 2, 3],
            "c2 read 2 and then 1, but c1 wrote 1 and then 2.",
        ),
        (
            "2:r7@0-10",
            Mw,
            &[0],
            "c2 read 7 at 0 ms, but no write wrote 7.",
        ),
        (
            "1:w1@5-10,2:r1@0-3",
            Linearizable,
            &[0, 1],
            "c2's read of 1 ended at 3 ms, before w1 began at 5 ms.",
        ),
        (
            "1:r1@0-3,1:w1@5-10",
            Sequential,
            &[0, 1],
            "c1 read 1 before writing it.",
        ),
        (
            // Writes follow reads through two clients.
            "1:w1@0-1,2:r1@2-3,2:w2@4-5,3:r2@6-7,3:w3@8-9,4:r3@10-11,4:r1@12-13",
            Wfr,
            &[1, 2, 3, 4, 5, 6],
            "c4 read 3 and then 1, but c2 read 1 and then wrote 2, and c3 read 2 and then wrote 3.",
        ),
        (
            // A write that is unknown is never over, so only what comes after its start counts.
            "1:x1@0-10,2:r1@20-30,3:w2@0.5-1.25,3:r0@40-50",
            Linearizable,
            &[2, 3],
            "c3 wrote 2 and then read 0.",
        ),
    ];
    for (text, g, witness, why) in cases {
        let v = verdict(text, g);
        assert!(!v.holds, "{text}: {g:?}");
        assert_eq!(
            (v.witness.as_slice(), v.why.as_str()),
            (witness, why),
            "{text}: {g:?}"
        );
    }
}

#[test]
fn unknown_writes_and_failed_ops() {
    // An unknown write is followed by nothing of its client: c1 may read 0 after it.
    assert_eq!(marks(&parse("1:x1@0-10,1:r0@20-30,2:r1@40-50")), "✔✔✔✔✔✔✔✔");
    // ...but what came before it precedes it.
    assert_eq!(marks(&parse("1:r1@0-10,1:x1@20-30")), "✗✗✗✗✔✔✔✔");
    // Unread unknown writes and failed ops are not judged; a read of a failed write's value reads a
    // value no write wrote.
    let h = parse("1:x1@0-10,1:f2@20-30,2:f0@0-5,2:r0@40-50");
    assert_eq!(judged(&h), [false, false, false, true]);
    assert_eq!(marks(&h), "✔✔✔✔✔✔✔✔");
    assert_eq!(marks(&parse("1:f2@20-30,2:r2@40-50")), "✗✗✗✗✗✗✗✗");
    // A causal cycle (thin air): c1 reads 2 and then writes 1, c2 reads 1 and then writes 2.
    let h = parse("1:r2@0-10,1:w1@20-30,2:r1@0-10,2:w2@20-30");
    assert_eq!(marks(&h), "✗✗✗✔✔✔✔✔");
    let causal = &judge(&h)[2];
    assert_eq!(
        causal.why,
        "c1 read 2 and then wrote 1, and c2 read 1 and then wrote 2, so c1 read 2 before w2 was \
         written."
    );
    assert_eq!(causal.witness, [0, 1, 2, 3]);
    // Writes follow reads names two different writes: reading 1 twice breaks nothing, even though
    // w1 → w2 → w1 there.
    let h = parse("1:r2@0-10,1:w1@20-30,2:r1@0-10,2:w2@20-30,3:r1@0-10,3:r1@20-30");
    assert_eq!(marks(&h), "✗✗✗✔✔✔✔✔");
}

/// The spec's definitions, by exhaustive search over total orders.
mod brute {
    use super::*;

    pub fn may_write(op: &Op) -> bool {
        matches!(op.kind, Kind::Write | Kind::Unknown)
    }

    pub fn judged(ops: &[Op]) -> Vec<usize> {
        (0..ops.len())
            .filter(|&i| match ops[i].kind {
                Kind::Write | Kind::Read => true,
                Kind::Unknown => ops
                    .iter()
                    .any(|r| r.kind == Kind::Read && r.value == ops[i].value),
                Kind::Failed => false,
            })
            .collect()
    }

    pub fn po(ops: &[Op], a: usize, b: usize) -> bool {
        a != b
            && ops[a].client == ops[b].client
            && ops[a].kind != Kind::Unknown
            && ops[a].end < ops[b].start
    }

    pub fn rb(ops: &[Op], a: usize, b: usize) -> bool {
        ops[a].kind != Kind::Unknown && ops[a].end < ops[b].start
    }

    /// Is there a total order of `set` in which every read returns the latest write before it (0
    /// when none) and a comes before b whenever `before(a, b)`? Every order is tried, a prefix at a
    /// time (a prefix that already breaks a rule has no extension that keeps it).
    pub fn serializable(ops: &[Op], set: &[usize], before: &dyn Fn(usize, usize) -> bool) -> bool {
        fn extend(
            ops: &[Op],
            set: &[usize],
            before: &dyn Fn(usize, usize) -> bool,
            placed: &mut [bool],
            latest: u32,
            left: usize,
        ) -> bool {
            if left == 0 {
                return true;
            }
            for k in 0..set.len() {
                let c = set[k];
                if placed[k] || (0..set.len()).any(|j| !placed[j] && before(set[j], c)) {
                    continue;
                }
                let now = if ops[c].kind == Kind::Read {
                    if ops[c].value != latest {
                        continue;
                    }
                    latest
                } else {
                    ops[c].value
                };
                placed[k] = true;
                if extend(ops, set, before, placed, now, left - 1) {
                    return true;
                }
                placed[k] = false;
            }
            false
        }
        extend(ops, set, before, &mut vec![false; set.len()], 0, set.len())
    }

    /// Transitive closure of a relation on 0..n (Floyd–Warshall).
    pub fn closure(n: usize, base: impl Fn(usize, usize) -> bool) -> Vec<Vec<bool>> {
        let mut m: Vec<Vec<bool>> = (0..n)
            .map(|a| (0..n).map(|b| base(a, b)).collect())
            .collect();
        for k in 0..n {
            for a in 0..n {
                for b in 0..n {
                    m[a][b] = m[a][b] || (m[a][k] && m[k][b]);
                }
            }
        }
        m
    }

    /// The eight verdicts, straight from the spec's table.
    pub fn verdicts(h: &History) -> [bool; 8] {
        let ops = &h.ops[..];
        let n = ops.len();
        let judged = judged(ops);
        let is = |i: usize, k: Kind| ops[i].kind == k;
        let wrote = |v: u32| ops.iter().any(|w| may_write(w) && w.value == v);
        if ops
            .iter()
            .any(|r| r.kind == Kind::Read && r.value != 0 && !wrote(r.value))
        {
            return [false; 8];
        }
        let writes: Vec<usize> = judged
            .iter()
            .copied()
            .filter(|&i| may_write(&ops[i]))
            .collect();
        let rf = |w: usize, r: usize| {
            may_write(&ops[w]) && is(r, Kind::Read) && ops[r].value == ops[w].value
        };
        let inj = |i: usize| judged.contains(&i);
        let co = closure(n, |a, b| inj(a) && inj(b) && (po(ops, a, b) || rf(a, b)));
        let lin = serializable(ops, &judged, &|a, b| rb(ops, a, b));
        let seq = serializable(ops, &judged, &|a, b| po(ops, a, b));
        let every_client = |before: &dyn Fn(u8, usize, usize) -> bool| {
            (1..=5u8).all(|p| {
                let set: Vec<usize> = judged
                    .iter()
                    .copied()
                    .filter(|&i| may_write(&ops[i]) || ops[i].client == p)
                    .collect();
                serializable(ops, &set, &|a, b| before(p, a, b))
            })
        };
        let causal = every_client(&|_, a, b| co[a][b]);
        let pram = every_client(&|_, a, b| po(ops, a, b));
        let ryw = every_client(&|p, a, b| {
            po(ops, a, b) && ops[a].client == p && may_write(&ops[a]) && is(b, Kind::Read)
        });
        let mr = every_client(&|_, a, b| po(ops, a, b) && is(a, Kind::Read) && is(b, Kind::Read));
        let reads: Vec<usize> = judged
            .iter()
            .copied()
            .filter(|&i| is(i, Kind::Read))
            .collect();
        // "some client read w1 and later wrote w2", transitively.
        let follows = closure(n, |w1, w2| {
            writes.contains(&w1)
                && writes.contains(&w2)
                && reads.iter().any(|&r| rf(w1, r) && po(ops, r, w2))
        });
        let (mut mw, mut wfr) = (true, true);
        for &ra in &reads {
            for &rb in &reads {
                for &w1 in &writes {
                    for &w2 in &writes {
                        // A client reads w2 and later reads w1.
                        if !(po(ops, ra, rb) && rf(w2, ra) && rf(w1, rb)) {
                            continue;
                        }
                        mw &= !po(ops, w1, w2);
                        wfr &= !(w1 != w2 && follows[w1][w2]);
                    }
                }
            }
        }
        [lin, seq, causal, pram, ryw, mr, mw, wfr]
    }

    /// The stale reads, straight from the spec: (read, staleness).
    pub fn stale(h: &History) -> Vec<(usize, u32)> {
        let ops = &h.ops[..];
        let mut out = Vec::new();
        for r in 0..ops.len() {
            if ops[r].kind != Kind::Read {
                continue;
            }
            let returned: Vec<usize> = (0..ops.len())
                .filter(|&w| may_write(&ops[w]) && ops[w].value == ops[r].value)
                .collect();
            if ops[r].value != 0 && returned.is_empty() {
                continue;
            }
            let count = (0..ops.len())
                .filter(|&w| {
                    ops[w].kind == Kind::Write
                        && rb(ops, w, r)
                        && (ops[r].value == 0 || returned.iter().any(|&v| rb(ops, v, w)))
                })
                .count() as u32;
            if count > 0 {
                out.push((r, count));
            }
        }
        out
    }
}

/// Random small histories: up to 7 ops of clients 1–3, about 40 % writes, 40 % reads, 10 % unknown
/// writes and 10 % failed ops; times of a few µs, so that many ops overlap or touch; writes numbered
/// 1, 2, … in the order drawn; reads of a value drawn among 0 and the numbers handed out (a failed
/// write's number is then a value no write wrote).
fn arb_small() -> impl Strategy<Value = History> {
    let op = (1u8..=3, 0u8..10, 1u64..=6, 0u64..=6, 0u32..64);
    (
        prop::collection::vec(op, 2..=7),
        [0u64..=6, 0u64..=6, 0u64..=6],
    )
        .prop_map(|(specs, offsets)| {
            let mut clock = offsets;
            let mut numbers = 0;
            let mut ops: Vec<Op> = specs
                .iter()
                .map(|&(client, kind, length, gap, pick)| {
                    let kind = match kind {
                        0..=3 => Kind::Write,
                        4..=7 => Kind::Read,
                        8 => Kind::Unknown,
                        _ => Kind::Failed,
                    };
                    let c = client as usize - 1;
                    let start = clock[c] + gap;
                    clock[c] = start + length + 1;
                    let takes_a_number = kind == Kind::Write
                        || kind == Kind::Unknown
                        || (kind == Kind::Failed && pick % 2 == 1);
                    if takes_a_number {
                        numbers += 1;
                    }
                    Op {
                        client,
                        kind,
                        value: if takes_a_number { numbers } else { 0 },
                        start,
                        end: start + length,
                    }
                })
                .collect();
            for (op, &(.., pick)) in ops.iter_mut().zip(&specs) {
                if op.kind == Kind::Read {
                    op.value = pick % (numbers + 1);
                }
            }
            History { ops }
        })
}

/// How many random histories the exhaustive search checks (about 5 s in the dev profile here).
const CASES: u32 = 60_000;

/// Which verdicts imply which (index into `Guarantee::ALL`): linearizable ⇒ sequential ⇒ causal ⇒
/// PRAM ⇒ read your writes, monotonic reads, monotonic writes; causal ⇒ writes follow reads.
const IMPLIES: [(usize, usize); 8] = [
    (0, 1),
    (1, 2),
    (2, 3),
    (3, 4),
    (3, 5),
    (3, 6),
    (2, 7),
    (0, 7),
];

#[test]
fn the_checker_agrees_with_exhaustive_search() {
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::deterministic_rng(config.rng_algorithm);
    let mut runner = TestRunner::new_with_rng(config, rng);
    // How many histories broke each verdict; apart[k][j]: how many broke verdict k and kept verdict
    // j; orphans: how many read a value no write wrote.
    let apart = RefCell::new([[0u32; 8]; 8]);
    let broken = RefCell::new([0u32; 8]);
    let orphans = RefCell::new(0u32);
    let clock = std::time::Instant::now();
    let result = runner.run(&arb_small(), |h| {
        // A valid history (what a link would keep).
        prop_assert_eq!(History::parse(&h.to_text()), (h.clone(), vec![]));
        let want = brute::verdicts(&h);
        let got = judge(&h);
        let judged = judged(&h);
        for (k, v) in got.iter().enumerate() {
            prop_assert_eq!(v.guarantee, Guarantee::ALL[k]);
            prop_assert_eq!(
                v.holds,
                want[k],
                "{} {:?}: {:?}",
                h.to_text(),
                v.guarantee,
                v
            );
            prop_assert_eq!(v.holds, v.witness.is_empty());
            prop_assert_eq!(v.holds, v.why.is_empty());
            if v.holds {
                continue;
            }
            broken.borrow_mut()[k] += 1;
            prop_assert!(v.why.ends_with('.') && !v.why.contains("  "), "{}", v.why);
            prop_assert!(v.witness.windows(2).all(|w| w[0] < w[1]));
            for &i in &v.witness {
                // Judged, or the read of a value nobody wrote; and its value is in the sentence.
                prop_assert!(judged[i] || h.ops[i].kind == Kind::Read);
                prop_assert!(v.why.contains(&h.ops[i].value.to_string()), "{}", v.why);
            }
            for (j, w) in got.iter().enumerate() {
                apart.borrow_mut()[k][j] += u32::from(w.holds);
            }
        }
        for (strong, weak) in IMPLIES {
            prop_assert!(!got[strong].holds || got[weak].holds, "{}", h.to_text());
        }
        *orphans.borrow_mut() += u32::from(got[0].why.contains("no write wrote"));
        let stale: Vec<(usize, u32)> = stale_reads(&h)
            .iter()
            .map(|s| (s.read, s.staleness))
            .collect();
        prop_assert_eq!(&stale, &brute::stale(&h));
        // A stale read is never linearizable.
        prop_assert!(stale.is_empty() || !got[0].holds);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (apart, broken) = (apart.into_inner(), broken.into_inner());
    println!(
        "{CASES} histories in {:.1} s ({} with a read of a value no write wrote); broken, in the \
         order lin seq causal pram ryw mr mw wfr: {broken:?}; broken while the next one holds: {:?}",
        clock.elapsed().as_secs_f64(),
        orphans.into_inner(),
        (0..7).map(|k| apart[k][k + 1]).collect::<Vec<_>>()
    );
    // Each step of the spectrum was seen: the stronger broken while the weaker holds, often enough.
    for (k, j) in [
        (0, 1),
        (1, 2),
        (2, 3),
        (3, 4),
        (3, 5),
        (3, 6),
        (3, 7),
        (7, 3),
    ] {
        assert!(apart[k][j] >= 50, "{k} broken, {j} kept: {}", apart[k][j]);
    }
}

#[test]
fn stale_reads_by_hand() {
    let stale = |text: &str| -> Vec<(usize, u32)> {
        stale_reads(&parse(text))
            .iter()
            .map(|s| (s.read, s.staleness))
            .collect()
    };
    // Two versions overwrote w1 before the read began.
    assert_eq!(
        stale("1:w1@0-10,1:w2@20-30,1:w3@40-50,2:r1@60-70"),
        [(3, 2)]
    );
    // Reads of 0: every write acknowledged before the read began.
    assert_eq!(stale("1:w1@0-10,2:w2@0-10,3:r0@20-30,3:r2@40-50"), [(2, 2)]);
    // A write concurrent with w1, or one that only touches it, overwrote nothing for sure.
    assert_eq!(stale("1:w1@0-10,2:w2@5-15,3:r1@20-30"), []);
    assert_eq!(stale("1:w1@0-10,2:w2@10-20,3:r1@30-40"), []);
    // A write still going on when the read began does not count.
    assert_eq!(stale("1:w1@0-10,2:w2@20-45,3:r1@40-50"), []);
    // Unknown writes never end: they overwrite nothing for sure, and a read of one is never stale.
    assert_eq!(stale("1:x1@0-10,2:r0@50-60"), []);
    assert_eq!(stale("1:x1@0-10,2:w2@20-30,3:r1@40-50"), []);
    assert_eq!(stale("1:w1@0-10,2:x2@20-30,3:r1@40-50,3:r2@60-70"), []);
    // Failed writes wrote nothing; a read of a value no write wrote is not stale.
    assert_eq!(stale("1:w1@0-10,2:f2@20-30,3:r1@40-50"), []);
    assert_eq!(stale("1:w1@0-10,2:r7@20-30"), []);
}
