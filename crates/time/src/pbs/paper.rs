//! The paper's published numbers, verbatim, and the tests that the model reproduces them within Monte
//! Carlo noise; where it cannot, the test pins the gap that docs/models.md ("Against the paper") explains.
//!
//! Source: the LaTeX source of the camera-ready paper (Bailis, Venkataraman, Franklin, Hellerstein,
//! Stoica, PVLDB 5(8), 2012; arXiv 1204.6082) in the authors' repository
//! <https://github.com/pbailis/pbs-vldb-historical-paper-material>, branch `archived`, commit
//! 682cc1593e492525b59551495c92f3974c299222 (2012-04-02, "megabytes -> MB"), file `writeup/ernst.tex`:
//! Table 4 (`table:lat-stale`), and the text of Sections 5.4 to 5.6. How the paper made them, from the
//! same commit: `nrw_solver/src/Simulator.java` (the WARS Monte Carlo; modes SWEEP and LATS), run by
//! `sim-graphs/graphsmallps.py` (Table 4), `graphtstalecdf.py` (Figure 5: the t = 0 figures),
//! `graphsweepn.py` (Figure 6: N = 2 … 10) and `graphlatency.py` (Figure 4: medians).
//!
//! How each kind of number is compared (ours from [`TRIALS`] trials, seed [`SEED`]):
//! * A **percentile** the paper took from m trials (the value of rank ⌊0.999·m⌉ + 1, printed to two
//!   decimals): our share of trials at or below the printed value (± half its last digit) against the
//!   percentile's level q, in units of sqrt(q(1−q)(1/m + 1/trials)), the noise of both samples.
//! * A **P(consistent)** the paper gives in the text (from m = 100,000 trials, `graphtstalecdf.py`,
//!   `graphsweepn.py`): ours against it (± half its last digit) in units of
//!   sqrt(p(1−p)(1/m + 1/trials)).
//! * A **t-visibility** of Table 4: the paper's estimator is not a percentile. For each time of a grid
//!   in turn (`Simulator.java` SWEEP: 0.01 ms steps from 0 for LNKD-SSD, 0.1 ms from 0 for LNKD-DISK and
//!   WAN, 1 ms from 1 for YMMR; read off the printed values' resolution) it runs a fresh batch of
//!   50,000 trials and reports the first time at which P(consistent) ≥ 0.999, which its float
//!   arithmetic makes "fewer than 50 stale". So the published t is the first passage of a noisy curve:
//!   biased early. Given our curve, the law of that first passage is exact (each time's batch is an
//!   independent Binomial(50,000, P(stale at t))), and the test asks where the published t falls in it.
//!
//! All within 4 standard deviations (or, for t, between that law's 0.01 % and 99.99 % points), except
//! the gaps explained in docs/models.md ("Against the paper"), which are pinned as gaps.

use super::*;
use std::sync::OnceLock;

/// Trials of our runs here (the paper's Table 4 used 50,000 per time for t and 1,000,000 for latencies).
const TRIALS: u32 = 1_000_000;
const SEED: u64 = 1;

/// Table 4 (N = 3): per (R, W), for LNKD-SSD, LNKD-DISK, YMMR, WAN (the order of [`Env::ALL`]):
/// L_r, L_w (99.9th percentile read and write latency, ms) and t (ms for 99.9 % consistent reads).
/// One row of Table 4: (R, W), then L_r, L_w, t for each environment.
type Table4Row = ((u32, u32), [[f64; 3]; 4]);

#[rustfmt::skip]
const TABLE4: [Table4Row; 6] = [
    ((1, 1), [[0.66, 0.66, 1.85], [0.66, 10.99, 45.5], [5.58, 10.83, 1364.0], [3.4, 55.12, 113.0]]),
    ((1, 2), [[0.66, 1.63, 1.79], [0.65, 20.97, 43.3], [5.61, 427.12, 1352.0], [3.4, 167.64, 0.0]]),
    ((2, 1), [[1.63, 0.65, 0.0], [1.63, 10.9, 13.6], [32.6, 10.73, 202.0], [151.3, 56.36, 30.2]]),
    ((2, 2), [[1.62, 1.64, 0.0], [1.64, 20.96, 0.0], [33.18, 428.11, 0.0], [151.31, 167.72, 0.0]]),
    ((3, 1), [[4.14, 0.65, 0.0], [4.12, 10.89, 0.0], [219.27, 10.79, 0.0], [153.86, 55.19, 0.0]]),
    ((1, 3), [[0.65, 4.09, 0.0], [0.65, 112.65, 0.0], [5.63, 1870.86, 0.0], [3.44, 241.55, 0.0]]),
];

/// Our runs at R = 3, one per environment, made once for every test here.
fn ours(env: Env) -> &'static Pbs {
    static RUNS: [OnceLock<Pbs>; 4] = [const { OnceLock::new() }; 4];
    let i = Env::ALL.iter().position(|&e| e == env).unwrap();
    RUNS[i].get_or_init(|| Pbs::new(3, env, TRIALS, SEED))
}

/// YMMR as the paper's simulator ran it: `Simulator.java`'s `YammerDelayModel` draws W's Pareto with
/// α = 3.5, where the paper's Table 3 (and the spec) say 3.35.
fn ymmr_as_simulated() -> &'static Pbs {
    static RUN: OnceLock<Pbs> = OnceLock::new();
    RUN.get_or_init(|| {
        let write_leg = Mixture {
            alpha: 3.5,
            ..Env::Ymmr.write()
        };
        let mut making = Pbs::begin(3, Env::Ymmr, TRIALS, SEED).with_write_leg(write_leg);
        loop {
            if let Some(done) = making.step(u32::MAX) {
                break done;
            }
        }
    })
}

/// Standard deviations between our percentile and the paper's `published` one (level `q`, from
/// `paper_trials` trials, printed to ± `half_unit`): our share at or below the printed interval against
/// q; 0 when the interval straddles q.
fn z_percentile(
    c: &Cumulative,
    trials: u32,
    q: f64,
    published: f64,
    half_unit: f64,
    paper_trials: f64,
) -> f64 {
    let sd = (q * (1.0 - q) * (1.0 / paper_trials + 1.0 / trials as f64)).sqrt();
    let below = c.share_at(published - half_unit, trials) - q;
    let above = c.share_at(published + half_unit, trials) - q;
    if below > 0.0 {
        below / sd
    } else if above < 0.0 {
        above / sd
    } else {
        0.0
    }
}

/// Standard deviations between our P(consistent) `p` and the paper's `published` one (± `half_unit`),
/// both from samples (`paper_trials`, `trials`).
fn z_share(p: f64, trials: u32, published: f64, half_unit: f64, paper_trials: f64) -> f64 {
    let sd = (p * (1.0 - p) * (1.0 / paper_trials + 1.0 / trials as f64)).sqrt();
    let off = if p < published - half_unit {
        p - (published - half_unit)
    } else if p > published + half_unit {
        p - (published + half_unit)
    } else {
        0.0
    };
    off / sd
}

/// P(Binomial(n, p) ≤ c).
fn binomial_cdf(n: u32, p: f64, c: u32) -> f64 {
    if p <= 0.0 {
        return 1.0;
    }
    if p >= 1.0 {
        return if c >= n { 1.0 } else { 0.0 };
    }
    let odds = (p / (1.0 - p)).ln();
    let mut log_pmf = n as f64 * (-p).ln_1p();
    let mut sum = log_pmf.exp();
    for k in 0..c.min(n) {
        log_pmf += ((n - k) as f64 / (k + 1) as f64).ln() + odds;
        sum += log_pmf.exp();
    }
    sum.min(1.0)
}

/// The times of the paper's sweep, made as `Simulator.java` makes them (`for (double t = from; t <
/// below; t += step)`).
fn grid(from: f64, step: f64, below: f64) -> Vec<f64> {
    let mut times = vec![];
    let mut t = from;
    while t < below {
        times.push(t);
        t += step;
    }
    times
}

/// The paper's grid for each environment's Table 4 sweep (see the module's docs).
fn table4_grid(env: Env) -> Vec<f64> {
    match env {
        Env::Ssd => grid(0.0, 0.01, 4.0),
        Env::Disk | Env::Wan => grid(0.0, 0.1, 150.0),
        Env::Ymmr => grid(1.0, 1.0, 1500.0),
    }
}

/// The law of the paper's t-visibility estimate under our curve: at each grid time in turn a fresh
/// batch of `batch` trials, accepted when fewer than batch/1000 are stale; the estimate is the first
/// accepted time. Each time with the probability that the estimate is that time.
fn first_passage(pbs: &Pbs, r: u32, w: u32, times: &[f64], batch: u32) -> Vec<(f64, f64)> {
    let mut still = 1.0;
    times
        .iter()
        .map(|&t| {
            let stale = (1.0 - pbs.p_consistent(r, w, t)).max(0.0);
            let here = still * binomial_cdf(batch, stale, batch / 1000 - 1);
            still -= here;
            (t, here)
        })
        .collect()
}

/// P(estimate < t) and P(estimate ≤ t) for a published t (a grid time, to 10⁻⁶ ms).
fn around(law: &[(f64, f64)], t: f64) -> (f64, f64) {
    let below = law
        .iter()
        .filter(|&&(x, _)| x < t - 1e-6)
        .map(|&(_, p)| p)
        .sum();
    let upto = law
        .iter()
        .filter(|&&(x, _)| x < t + 1e-6)
        .map(|&(_, p)| p)
        .sum();
    (below, upto)
}

/// The first time by which the estimate has probability at least `q` (infinite if never).
fn quantile_of(law: &[(f64, f64)], q: f64) -> f64 {
    let mut sum = 0.0;
    for &(t, p) in law {
        sum += p;
        if sum >= q {
            return t;
        }
    }
    f64::INFINITY
}

#[test]
fn table4_latencies() {
    let mut worst: f64 = 0.0;
    for ((r, w), envs) in TABLE4 {
        for (env, [lr, lw, _]) in Env::ALL.into_iter().zip(envs) {
            let pbs = ours(env);
            let z_read = z_percentile(&pbs.reads[r as usize - 1], TRIALS, 0.999, lr, 0.005, 1e6);
            let z_write = z_percentile(&pbs.writes[w as usize - 1], TRIALS, 0.999, lw, 0.005, 1e6);
            let row = pbs.row(r, w);
            println!(
                "{:9} R={r} W={w}  L_r {:8.3} vs {lr:8.2} (z {z_read:+.1})  L_w {:8.3} vs {lw:8.2} (z {z_write:+.1})",
                env.paper_name(),
                row.read999_ms,
                row.write999_ms
            );
            assert!(z_read.abs() <= 4.0, "{env:?} R={r} W={w} L_r: z {z_read}");
            assert!(z_write.abs() <= 4.0, "{env:?} R={r} W={w} L_w: z {z_write}");
            worst = worst.max(z_read.abs()).max(z_write.abs());
        }
    }
    println!("largest |z|: {worst:.1}");
}

#[test]
fn table4_t_visibility() {
    for ((r, w), envs) in TABLE4 {
        for (env, [_, _, t]) in Env::ALL.into_iter().zip(envs) {
            let pbs = ours(env);
            let law = first_passage(pbs, r, w, &table4_grid(env), 50_000);
            let ((below, upto), median) = (around(&law, t), quantile_of(&law, 0.5));
            println!(
                "{:9} R={r} W={w}  t999 {:9.3}  paper's estimator: median {median:8.2}, P(< {t}) {below:.4}, P(≤ {t}) {upto:.4}",
                env.paper_name(),
                pbs.row(r, w).t999_ms
            );
            if r + w > 3 {
                assert_eq!(pbs.row(r, w).t999_ms, 0.0);
            }
            if t == 0.0 && env != Env::Ymmr {
                // The sweep starts at 0: the paper's 0 is its first batch having fewer than 50 stale.
                assert!(
                    upto >= 1e-4,
                    "{env:?} R={r} W={w}: P(estimate = 0) = {upto}"
                );
                continue;
            }
            if t == 0.0 {
                // YMMR's sweep starts at 1 ms; its strict quorums never ran it (always 0).
                assert!(r + w > 3);
                continue;
            }
            assert!(
                upto >= 1e-4 && 1.0 - below >= 1e-4,
                "{env:?} R={r} W={w}: {below} {upto}"
            );
        }
    }
}

#[test]
fn t0_and_other_published_p_consistent() {
    let m = 100_000.0;
    // (what, ours, published, half its last digit)
    let disk = ours(Env::Disk);
    let checks = [
        (
            "LNKD-SSD R=W=1, t=0",
            ours(Env::Ssd).p_consistent(1, 1, 0.0),
            0.974,
            0.0005,
        ),
        (
            "LNKD-DISK R=W=1, t=0",
            disk.p_consistent(1, 1, 0.0),
            0.439,
            0.0005,
        ),
        (
            "LNKD-DISK R=W=1, t=10 ms",
            disk.p_consistent(1, 1, 10.0),
            0.925,
            0.0005,
        ),
        (
            "WAN R=W=1, t=0",
            ours(Env::Wan).p_consistent(1, 1, 0.0),
            0.33,
            0.005,
        ),
        (
            "YMMR as simulated (W α 3.5), t=0",
            ymmr_as_simulated().p_consistent(1, 1, 0.0),
            0.893,
            0.0005,
        ),
    ];
    for (what, p, published, half) in checks {
        let z = z_share(p, TRIALS, published, half, m);
        println!("{what:34} ours {:.4}  paper {published}  z {z:+.1}", p);
        assert!(z.abs() <= 4.0, "{what}: {p} against {published}");
    }
    // The gap: with the spec's (and the paper's Table 3) α = 3.35, YMMR is less often consistent.
    let ymmr = ours(Env::Ymmr).p_consistent(1, 1, 0.0);
    let z = z_share(ymmr, TRIALS, 0.893, 0.0005, m);
    println!(
        "{:34} ours {ymmr:.4}  paper 0.893  z {z:+.1}",
        "YMMR (spec: W α 3.35), t=0"
    );
    assert!(z < -4.0, "YMMR t=0: {ymmr}");
    // "reaching over a 99.999% probability of consistent reads after five milliseconds" (LNKD-SSD).
    let ssd5 = ours(Env::Ssd).p_consistent(1, 1, 5.0);
    println!(
        "{:34} ours {ssd5:.7}  paper > 0.99999",
        "LNKD-SSD R=W=1, t=5 ms"
    );
    assert!(ssd5 > 0.99999 - 4.0 * (1e-5 / TRIALS as f64).sqrt());
}

#[test]
fn the_n_sweep() {
    // Section 5.5, LNKD-DISK, R = W = 1: P(consistent) at t = 0 of 57.5 % (N = 2) and 21.1 % (N = 10);
    // 99.9 % consistency at 45.3 ms (N = 2) and 53.7 ms (N = 10). graphsweepn.py: 100,000 trials per
    // time, 0.1 ms steps from 0; how the text's 99.9 % times were read off is not in the repository.
    // As 99.9th percentiles of 100,000 trials both agree; as Table 4's first passage (printed for
    // comparison), 53.7 would lie in the top 0.01 % of that estimator's law.
    let trials = 200_000;
    for (n, p0, t) in [(2, 0.575, 45.3), (10, 0.211, 53.7)] {
        let pbs = Pbs::new(n, Env::Disk, trials, SEED);
        let p = pbs.p_consistent(1, 1, 0.0);
        let z = z_share(p, trials, p0, 0.0005, 1e5);
        let z_t = z_percentile(&pbs.curves[0], trials, 0.999, t, 0.05, 1e5);
        let law = first_passage(&pbs, 1, 1, &grid(0.0, 0.1, 150.0), 100_000);
        let ((below, upto), median) = (around(&law, t), quantile_of(&law, 0.5));
        println!(
            "LNKD-DISK N={n}: t=0 ours {p:.4} paper {p0} (z {z:+.1}); t999 ours {:.2} paper {t} (z {z_t:+.1}); first passage: median {median:.1}, P(< {t}) {below:.4}, P(≤ {t}) {upto:.4}",
            pbs.row(1, 1).t999_ms
        );
        assert!(z.abs() <= 4.0, "N = {n}: {p}");
        assert!(z_t.abs() <= 4.0, "N = {n}: t999 z {z_t}");
    }
}

#[test]
fn ymmr_gap_is_the_simulators_alpha() {
    // Table 4's YMMR L_w at W = 1 (10.83, 10.73, 10.79 ms in three rows) and the 89.3 % at t = 0 match
    // the simulator's α = 3.5, not the published α = 3.35.
    let simulated = ymmr_as_simulated();
    for published in [10.83, 10.73, 10.79] {
        let z = z_percentile(&simulated.writes[0], TRIALS, 0.999, published, 0.005, 1e6);
        assert!(z.abs() <= 4.0, "{published}: z {z}");
    }
    println!(
        "YMMR L_w(W=1): spec α 3.35 {:.3}, simulator's α 3.5 {:.3}; paper 10.83, 10.73, 10.79",
        ours(Env::Ymmr).row(1, 1).write999_ms,
        simulated.row(1, 1).write999_ms
    );
}

#[test]
fn ssd_r2_w1_staleness_is_not_zero() {
    // "For LNKD-SSD, across 10M writes ("seven nines"), we did not observe staleness with R=2, W=1."
    // Not in this model (nor in Simulator.java, the same model): a few hundred ppm of reads are stale
    // right after the commit. Table 4's t = 0 for that row does hold (fewer than 0.1 % stale).
    let row = ours(Env::Ssd).row(2, 1);
    println!("LNKD-SSD R=2 W=1: P(consistent at t=0) {} ppm", row.p0_ppm);
    assert!(row.p0_ppm > 999_000 && row.p0_ppm < 999_900, "{row:?}");
    assert_eq!(row.t999_ms, 0.0);
}

#[test]
fn published_medians_and_tails_of_figure_4() {
    // Section 5.4, from graphlatency.py (10,000 trials, R = W = 1): LNKD-SSD operations "median .489ms",
    // "99.9th percentile .657ms"; LNKD-DISK writes "median 1.50ms", "99.9th percentile 10.47 ms".
    let (ssd, disk) = (ours(Env::Ssd), ours(Env::Disk));
    let checks = [
        ("LNKD-SSD read median", &ssd.reads[0], 0.5, 0.489, 0.0005),
        ("LNKD-SSD write median", &ssd.writes[0], 0.5, 0.489, 0.0005),
        ("LNKD-SSD read 99.9th", &ssd.reads[0], 0.999, 0.657, 0.0005),
        (
            "LNKD-SSD write 99.9th",
            &ssd.writes[0],
            0.999,
            0.657,
            0.0005,
        ),
        ("LNKD-DISK write median", &disk.writes[0], 0.5, 1.50, 0.005),
        (
            "LNKD-DISK write 99.9th",
            &disk.writes[0],
            0.999,
            10.47,
            0.005,
        ),
    ];
    for (what, c, q, published, half) in checks {
        let z = z_percentile(c, TRIALS, q, published, half, 1e4);
        println!(
            "{what:24} ours {:.3}  paper {published}  z {z:+.1}",
            c.value_at(count_at(q, TRIALS))
        );
        assert!(z.abs() <= 4.0, "{what}: z {z}");
    }
}

/// Prints the table of docs/models.md's "Against the paper" (`cargo test --release --lib readme_table -- --ignored --nocapture`).
#[test]
#[ignore]
fn readme_table() {
    let t0 = ["97.4", "43.9", "89.3", "33"];
    // Ours to 3 significant decimals below 10 ms, else 2; grid times to the grid's step.
    let ms = |x: f64| {
        if x == 0.0 {
            "0".to_string()
        } else if x < 10.0 {
            format!("{x:.3}")
        } else {
            format!("{x:.2}")
        }
    };
    let paper_t = |t: f64| {
        if t != 0.0 && t.fract() == 0.0 {
            format!("{t:.1}")
        } else {
            format!("{t}")
        }
    };
    println!(
        "| Environment | R | W | P(consistent) at t = 0 | t for 99.9 %: ours | paper | the paper's \
         estimator on our model: median (0.01 %–99.99 %) | L_r: ours | paper | L_w: ours | paper |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (i, env) in Env::ALL.into_iter().enumerate() {
        let pbs = ours(env);
        let step = match env {
            Env::Ssd => 2,
            Env::Disk | Env::Wan => 1,
            Env::Ymmr => 0,
        };
        for ((r, w), envs) in TABLE4 {
            let [lr, lw, t] = envs[i];
            let row = pbs.row(r, w);
            let law = first_passage(pbs, r, w, &table4_grid(env), 50_000);
            let method = if r + w > 3 {
                "0 (strict quorum)".to_string()
            } else {
                let q = |q: f64| format!("{:.*}", step, quantile_of(&law, q));
                format!("{} ({}–{})", q(0.5), q(1e-4), q(1.0 - 1e-4))
            };
            let p0 = format!("{:.2} %", row.p0_ppm as f64 / 1e4);
            let p0 = if (r, w) == (1, 1) {
                format!("{p0} (paper {} %)", t0[i])
            } else {
                p0
            };
            println!(
                "| {} | {r} | {w} | {p0} | {} | {} | {method} | {} | {lr} | {} | {lw} |",
                env.paper_name(),
                ms(row.t999_ms),
                paper_t(t),
                ms(row.read999_ms),
                ms(row.write999_ms)
            );
        }
    }
}
