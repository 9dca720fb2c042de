use super::*;

#[test]
fn k_staleness_spec_examples() {
    assert_eq!(k_stale_ppm(3, 1, 1, 1), 666_667);
    assert_eq!(k_stale_ppm(3, 1, 1, 2), 444_444);
    assert_eq!(k_stale_ppm(3, 1, 2, 1), 333_333);
    assert_eq!(k_stale_ppm(5, 2, 2, 1), 300_000);
}

#[test]
fn k_staleness_paper_figures() {
    // Section 3.1 (N = 3, R = W = 1): within 2 versions 0.5̄, within 3 0.7̄0̄3̄, 5 > 0.868, 10 > 0.98;
    // R = 1, W = 2: k = 1 0.6̄, k = 2 0.8̄, k = 5 > 0.995 (the paper gives 1 − p_k).
    assert_eq!(k_stale_ppm(3, 1, 1, 2), 444_444);
    assert_eq!(k_stale_ppm(3, 1, 1, 3), 296_296);
    assert_eq!(k_stale_ppm(3, 1, 1, 5), 131_687);
    assert_eq!(k_stale_ppm(3, 1, 1, 10), 17_342);
    assert_eq!(k_stale_ppm(3, 1, 2, 2), 111_111);
    assert_eq!(k_stale_ppm(3, 1, 2, 5), 4_115);
    assert_eq!(k_stale_ppm(3, 2, 1, 5), 4_115);
    // Section 2.2: N = 100, R = W = 30 gives p_s = 1.88 × 10⁻⁶.
    assert_eq!(k_stale_ppm(100, 30, 30, 1), 2);
}

#[test]
fn k_staleness_is_exact() {
    // Against the fraction itself in u128 (small enough here): ⌊(2·10⁶·num + den) / (2·den)⌋.
    for n in 0..=8u32 {
        for r in 0..=n + 1 {
            for w in 0..=n + 1 {
                for k in 0..=6u32 {
                    let expected = if r + w > n {
                        0
                    } else {
                        let (mut num, mut den) = (1u128, 1u128);
                        for i in 0..r {
                            num *= (n - w - i) as u128;
                            den *= (n - i) as u128;
                        }
                        let (num, den) = (num.pow(k), den.pow(k));
                        ((2_000_000 * num + den) / (2 * den)) as u64
                    };
                    assert_eq!(k_stale_ppm(n, r, w, k), expected, "R {n} r {r} w {w} k {k}");
                }
            }
        }
    }
    // A value on a half rounds up: (1/2)^7 = 7,812.5 ppm.
    assert_eq!(k_stale_ppm(2, 1, 1, 7), 7_813);
    // Rounding to 0 is found early, even for huge k or R.
    assert_eq!(k_stale_ppm(3, 1, 1, u32::MAX), 0);
    assert_eq!(k_stale_ppm(u32::MAX, 1, 1, 1), 1_000_000);
    assert_eq!(k_stale_ppm(1000, 1, 1, 5_000), 6_721);
    assert_eq!(k_stale_ppm(u32::MAX, u32::MAX, 1, 1), 0);
}

#[test]
fn buckets_are_exact_and_narrow() {
    assert_eq!(bucket(0.0), 0);
    assert_eq!(bucket(-1.0), 0);
    assert_eq!(bucket(MIN_MS / 2.0), 0);
    assert_eq!(bucket(MIN_MS), 1);
    assert_eq!(bucket(MAX_MS), BUCKETS - 1);
    assert_eq!(bucket(f64::INFINITY), BUCKETS - 1);
    assert_eq!((MIN_MS, MAX_MS), (2f64.powi(-16), 2f64.powi(20)));
    for b in 1..BUCKETS - 1 {
        let (lo, hi) = (lower_edge(b), lower_edge(b + 1));
        assert_eq!(bucket(lo), b);
        assert_eq!(bucket(f64::from_bits(hi.to_bits() - 1)), b);
        assert!(
            hi > lo && (hi - lo) / lo <= 1.0 / 1024.0 + 1e-15,
            "bucket {b}"
        );
    }
}

/// Section 2 of the spec read literally, with plain vectors, drawing in the order the module's
/// docs give: per (r, w) the trials consistent at t = 0 (`w_t + R_i ≥ W_i` for a responder) and
/// every trial's smallest t; per r the read latencies; per w the write latencies.
struct Plain {
    zero: Vec<u32>,
    t: Vec<Vec<f64>>,
    read: Vec<Vec<f64>>,
    write: Vec<Vec<f64>>,
}

fn plain(n: usize, env: Env, trials: u32, seed: u64) -> Plain {
    let mut rng = Rng::new(seed);
    let mut out = Plain {
        zero: vec![0; n * n],
        t: vec![Vec::new(); n * n],
        read: vec![Vec::new(); n],
        write: vec![Vec::new(); n],
    };
    let remote = env.remote_ms();
    for _ in 0..trials {
        let (wl, rl) = if remote > 0.0 {
            let wl = rng.below(n as u32) as usize;
            (wl, rng.below(n as u32) as usize)
        } else {
            (n, n)
        };
        let (mut ws, mut as_, mut rs, mut ss) = (vec![], vec![], vec![], vec![]);
        for i in 0..n {
            let (fw, fr) = (
                if i == wl || remote == 0.0 {
                    0.0
                } else {
                    remote
                },
                if i == rl || remote == 0.0 {
                    0.0
                } else {
                    remote
                },
            );
            ws.push(env.write().draw(&mut rng) + fw);
            as_.push(env.other().draw(&mut rng) + fw);
            rs.push(env.other().draw(&mut rng) + fr);
            ss.push(env.other().draw(&mut rng) + fr);
        }
        let mut commits: Vec<f64> = (0..n).map(|i| ws[i] + as_[i]).collect();
        commits.sort_by(f64::total_cmp);
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&i, &j| (rs[i] + ss[i]).total_cmp(&(rs[j] + ss[j])));
        for w in 1..=n {
            out.write[w - 1].push(commits[w - 1]);
        }
        for r in 1..=n {
            let i = order[r - 1];
            out.read[r - 1].push(rs[i] + ss[i]);
            for w in 1..=n {
                let w_t = commits[w - 1];
                let responders = &order[..r];
                let pair = (r - 1) * n + (w - 1);
                if responders.iter().any(|&i| w_t + rs[i] >= ws[i]) {
                    out.zero[pair] += 1;
                    out.t[pair].push(0.0);
                } else {
                    let t = responders
                        .iter()
                        .map(|&i| ws[i] - rs[i] - w_t)
                        .fold(f64::INFINITY, f64::min);
                    out.t[pair].push(t);
                }
            }
        }
    }
    out
}

/// The ⌈0.999 · n⌉-th smallest.
fn exact_999(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v[count_at_999(v.len() as u32) as usize - 1]
}

/// Within one bucket of `exact` (the buckets are at most 2⁻¹⁰ of their lower edge wide).
fn within_a_bucket(got: f64, exact: f64) -> bool {
    (got - exact).abs() <= exact / 1024.0 + MIN_MS
}

#[test]
fn the_histograms_reproduce_the_spec_read_plainly() {
    for env in Env::ALL {
        for n in [1u32, 3, 5] {
            let trials = 2_000;
            let pbs = Pbs::new(n, env, trials, 11);
            let plain = plain(n as usize, env, trials, 11);
            for row in pbs.rows() {
                let (r, w) = (row.r as usize, row.w as usize);
                let pair = (r - 1) * n as usize + (w - 1);
                let at = format!("{env:?} R {n} r {r} w {w}");
                assert_eq!(row.p0_ppm, ppm(plain.zero[pair], trials), "{at}");
                assert_eq!(pbs.curves[pair].base, plain.zero[pair], "{at}");
                let t = exact_999(&plain.t[pair]);
                assert!(within_a_bucket(row.t999_ms, t), "{at}: {} {t}", row.t999_ms);
                let read = exact_999(&plain.read[r - 1]);
                assert!(within_a_bucket(row.read999_ms, read), "{at}");
                let write = exact_999(&plain.write[w - 1]);
                assert!(within_a_bucket(row.write999_ms, write), "{at}");
                assert_eq!(row.stale_k1_ppm, k_stale_ppm(n, r as u32, w as u32, 1));
                // The curve at every trial's t lies within the trials of its bucket.
                for &x in plain.t[pair].iter().step_by(37) {
                    let exact = plain.t[pair].iter().filter(|&&y| y <= x).count() as f64;
                    let got = pbs.p_consistent(r as u32, w as u32, x) * trials as f64;
                    let b = bucket(x);
                    let spread = (pbs.curves[pair].counts[b]
                        - if b == 0 {
                            pbs.curves[pair].base
                        } else {
                            pbs.curves[pair].counts[b - 1]
                        }) as f64;
                    assert!((got - exact).abs() <= spread + 1e-9, "{at}: t {x}");
                }
            }
        }
    }
}

#[test]
fn steps_give_exactly_the_one_go_result() {
    for (env, n) in [(Env::Disk, 3), (Env::Wan, 5), (Env::Ymmr, 2), (Env::Ssd, 1)] {
        let whole = Pbs::new(n, env, 4_321, 99);
        for chunks in [
            &[1u32][..],
            &[7, 1, 333],
            &[PBS_CHUNK],
            &[4_320, 0, 5],
            &[u32::MAX],
        ] {
            let mut making = Pbs::begin(n, env, 4_321, 99);
            let mut units = 0;
            let stepped = loop {
                if let Some(done) = making.step(chunks[units % chunks.len()]) {
                    break done;
                }
                units += 1;
            };
            assert_eq!(stepped, whole, "{env:?} R {n}, chunks {chunks:?}");
            // A call after the result starts over, to the same result.
            let again = loop {
                if let Some(done) = making.step(u32::MAX) {
                    break done;
                }
            };
            assert_eq!(again, whole);
            assert_eq!(making.trials_done(), 4_321);
        }
    }
}

#[test]
fn a_seed_gives_its_numbers() {
    // Pins the draw order: any change to it (or to the streams) changes these.
    let pbs = Pbs::new(3, Env::Disk, 1_000, 1);
    let p0: Vec<u64> = pbs.rows().iter().map(|row| row.p0_ppm).collect();
    assert_eq!(p0, PINNED_P0);
    assert_ne!(Pbs::new(3, Env::Disk, 1_000, 2), pbs);
}

const PINNED_P0: [u64; 9] = [
    446_000, 721_000, 1_000_000, 764_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000,
];

#[test]
fn strict_quorums_are_always_consistent() {
    for env in Env::ALL {
        for n in 1..=5 {
            let pbs = Pbs::new(n, env, 1_000, 5);
            for row in pbs.rows() {
                if row.r + row.w > n {
                    assert_eq!(
                        (row.p0_ppm, row.t999_ms),
                        (1_000_000, 0.0),
                        "{env:?} {row:?}"
                    );
                    assert_eq!(row.stale_k1_ppm, 0);
                }
            }
        }
    }
}

#[test]
fn the_curve_and_the_percentiles_agree() {
    let pbs = Pbs::new(5, Env::Ymmr, 20_000, 3);
    for row in pbs.rows() {
        let (r, w) = (row.r, row.w);
        assert_eq!(
            pbs.p_consistent(r, w, 0.0),
            pbs.curves[pbs.pair(r, w)].base as f64 / 20_000.0
        );
        assert_eq!(pbs.p_consistent(r, w, -1.0), 0.0);
        assert_eq!(pbs.p_consistent(r, w, f64::INFINITY), 1.0);
        let mut last = 0.0;
        for i in 0..=4_000 {
            let p = pbs.p_consistent(r, w, i as f64 * 0.5);
            assert!(p >= last && p <= 1.0, "r {r} w {w} t {}", i as f64 * 0.5);
            last = p;
        }
        assert_eq!(pbs.t_ms(r, w, 0.999), row.t999_ms);
        assert_eq!(pbs.read_ms(r, 0.999), row.read999_ms);
        assert_eq!(pbs.write_ms(w, 0.999), row.write999_ms);
        assert!(pbs.p_consistent(r, w, row.t999_ms) >= 0.999 - 1e-12);
        if row.t999_ms > 0.0 {
            assert!(pbs.p_consistent(r, w, row.t999_ms * (1.0 - 1e-3)) < 0.999);
        }
        assert!(pbs.read_ms(r, 0.5) <= row.read999_ms && pbs.write_ms(w, 0.5) <= row.write999_ms);
    }
    // Out of range asks are clamped.
    assert_eq!(pbs.row(0, 9), pbs.row(1, 5));
    assert_eq!(pbs.rows().len(), 25);
    assert_eq!((pbs.rows()[7].r, pbs.rows()[7].w), (2, 3));
}

#[test]
fn inputs_are_clamped() {
    assert_eq!(Pbs::begin(3, Env::Disk, 0, 1).trials(), PBS_TRIALS_MIN);
    assert_eq!(
        Pbs::begin(3, Env::Disk, 5_000_000, 1).trials(),
        PBS_TRIALS_MAX
    );
    assert_eq!(Pbs::new(0, Env::Disk, 1_000, 1).replicas, 1);
    assert_eq!(
        Pbs::begin(99, Env::Disk, 1_000, 1).replicas,
        PBS_MAX_REPLICAS
    );
}

#[test]
fn memory_stays_under_16_mb_at_five_replicas() {
    // Histograms have fixed sizes: the memory does not depend on the number of trials. They move
    // into the result, so making and result together bound the peak.
    let mut making = Pbs::begin(5, Env::Wan, 1_000, 1);
    let making_bytes = making.heap_bytes();
    let pbs = loop {
        if let Some(done) = making.step(PBS_CHUNK) {
            break done;
        }
    };
    let histograms = (25 + 2 * 5) * BUCKETS * 4;
    assert!(making_bytes >= histograms && making_bytes < histograms + 4_096);
    assert!(pbs.heap_bytes() >= histograms && pbs.heap_bytes() < histograms + 4_096);
    assert!(making.heap_bytes() < 4_096);
    assert!(making_bytes + pbs.heap_bytes() < 16_000_000);
}
