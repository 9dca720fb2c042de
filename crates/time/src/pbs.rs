//! Staleness of partial quorums, the PBS model (`../shared/specs/consistency.md`, section 2) of Bailis et
//! al., "Probabilistically Bounded Staleness for Practical Partial Quorums" (PVLDB 5(8), 2012).
//!
//! * **k-staleness**, the closed form for fixed quorums: [`k_stale_ppm`], in exact integer arithmetic.
//! * **t-visibility**, the WARS Monte Carlo: [`Pbs`], made in one go ([`Pbs::new`]) or in bounded units
//!   ([`Pbs::begin`], [`MakingPbs::step`]) with exactly the same result.
//!
//! ## One trial
//!
//! The draws come from one stream, [`Rng::new`]`(seed)`, trial after trial, in this order:
//! 1. under `wan` only: the write's local replica `Rng::below(R)`, then the read's local replica
//!    `Rng::below(R)`;
//! 2. for each replica i = 0, 1, …, R−1 in turn: W_i from [`Env::write`], then A_i, R_i and S_i from
//!    [`Env::other`] (each a [`Mixture::draw`]: one uniform picks the branch, one gives the value).
//!    Under `wan`, W_i and A_i take [`Env::remote_ms`] more when i is not the write's local replica,
//!    R_i and S_i when i is not the read's.
//!
//! So a seed gives the same trials wherever f64 `ln` and `powf` (the mixtures' draws) give the same
//! bits; everything after the draws is plain IEEE arithmetic, the same everywhere.
//!
//! From the same trial, for every (r, w) with 1 ≤ r, w ≤ R: the write commits at w_t = the w-th smallest
//! W_i + A_i (the write latency); the read's responders are the first r replicas by R_i + S_i (ties: the
//! lower replica first) and its latency is the r-th smallest R_i + S_i. Replica i is fresh t ms after the
//! commit iff w_t + t + R_i ≥ W_i, evaluated as t ≥ (W_i − R_i) − w_t in f64 (the same inequality, up
//! to the last bit of a rounding). The trial gives, per (r, w), the smallest t ≥ 0 at which one responder
//! is fresh: 0 when the read is consistent right at the commit (always when r + w > R), else
//! min over the responders of (W_i − R_i) − w_t.
//!
//! ## What is kept, and how exact it is
//!
//! * Per (r, w): the number of trials consistent at t = 0, **exactly** (so [`PbsRow::p0_ppm`] is exact:
//!   that count over the trials, in ppm rounded half up), and the other trials' smallest t in a
//!   histogram of 1,024 logarithmic buckets per octave (each 0.068 % wide) from 2^−16 ms (15 ns) to
//!   2^20 ms (17.5 minutes), one bucket below that range (down to 0) and one above it.
//! * Per r the read latency, per w the write latency, in histograms of the same buckets.
//! * [`Pbs::p_consistent`] is the share of trials whose smallest t is at most `t_ms`: exact at t = 0 and
//!   at bucket edges, linearly interpolated inside a bucket (so it equals the exact empirical curve at
//!   some time within 0.068 % of `t_ms`). [`PbsRow::t999_ms`], [`PbsRow::read999_ms`] and [`PbsRow::write999_ms`] are where
//!   that interpolated curve (or the latency's) first reaches 99.9 % (the ⌈0.999 · trials⌉-th smallest
//!   value): within 0.068 % of the exact empirical percentile, exactly 0 when 99.9 % of the reads are
//!   consistent at the commit. Values past 2^20 ms are taken as 2^20 ms.
//!
//! Memory, whatever the number of trials: R² + 2R histograms of 36,866 buckets of 4 bytes (147 KB each),
//! which move from the making state into the result: 2.2 MB at R = 3, 5.2 MB at R = 5, 17.7 MB at
//! R = 10 ([`Pbs::heap_bytes`], [`MakingPbs::heap_bytes`]).

use super::latency::{Env, Mixture, Rng};
use serde::{Deserialize, Serialize};

/// Trials per bounded unit of [`MakingPbs::step`]: about 3 ms at R = 5 and 1.6 ms at R = 3 natively
/// (release build; CPU time on a shared, noisy 2-core machine), so about twice that in a browser.
pub const PBS_CHUNK: u32 = 3_000;
/// A histogram made cumulative in a unit counts as this many trials (it costs about as much time).
const HISTOGRAM_TRIALS: u32 = 50;
/// The default number of trials (`trials=`).
pub const PBS_TRIALS: u32 = 100_000;
/// The fewest trials; fewer are raised to this.
pub const PBS_TRIALS_MIN: u32 = 1_000;
/// The most trials; more are lowered to this.
pub const PBS_TRIALS_MAX: u32 = 1_000_000;
/// The most replicas the Monte Carlo takes (memory grows as R²: 17.7 MB at R = 10); more are lowered to
/// this, and fewer than one raised to one.
pub const PBS_MAX_REPLICAS: u32 = 10;

/// The probability, in parts per million rounded half up, that a read of `r` of `replicas` replicas
/// misses each of the last `k` writes, each written to `w` replicas (fixed quorums chosen uniformly, no
/// anti-entropy): p_k = (C(R−w, r) / C(R, r))^k, and 0 when r + w > R.
///
/// Computed exactly in integers (C(R−w, r) / C(R, r) = ∏ (R−w−i) / (R−i) over i < r), so a value on a
/// half (R = 2, r = w = 1, k = 7: 7,812.5 ppm) rounds up. p^0 = 1; a read of 0 replicas or a write to
/// 0 replicas misses with probability 1. The work is big-integer products, about (k · r · log R)²
/// bit operations, with k capped where p_k is provably below half a ppm (then 0, at once when
/// k · r · w ≥ 15 · R): microseconds for the page's R ≤ 10; a large k at R in the thousands takes
/// a noticeable fraction of a second.
///
/// ```
/// use ring_time::pbs::k_stale_ppm;
/// assert_eq!(k_stale_ppm(3, 1, 1, 1), 666_667);
/// assert_eq!(k_stale_ppm(3, 1, 1, 2), 444_444);
/// assert_eq!(k_stale_ppm(3, 1, 2, 1), 333_333);
/// assert_eq!(k_stale_ppm(5, 2, 2, 1), 300_000);
/// assert_eq!(k_stale_ppm(3, 2, 2, 1), 0);
/// ```
pub fn k_stale_ppm(replicas: u32, r: u32, w: u32, k: u32) -> u64 {
    const PPM: u32 = 1_000_000;
    let n = replicas as u64;
    if r as u64 + w as u64 > n {
        return 0;
    }
    if k == 0 || r == 0 || w == 0 {
        return PPM as u64;
    }
    // p ≤ (1 − w/R)^r ≤ e^(−r·w/R), so p^k ≤ e^(−15) < 0.5 ppm once k·r·w ≥ 15·R: it rounds to 0.
    if k as u128 * r as u128 * w as u128 >= 15 * n as u128 {
        return 0;
    }
    // p^k = num / den, built one power at a time; stop early once it rounds to 0 (2·10⁶·num < den).
    let (mut num, mut den) = (Big::one(), Big::one());
    for _ in 0..k {
        for i in 0..r {
            num.mul_small(replicas - w - i);
            den.mul_small(replicas - i);
        }
        if num.times(2 * PPM) < den {
            return 0;
        }
    }
    // The largest q ≤ 10⁶ with (2q − 1)·den ≤ 2·10⁶·num is ⌊10⁶·p^k + 1/2⌋, by bisection.
    let twice = num.times(2 * PPM);
    let (mut lo, mut hi) = (0u32, PPM);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if den.times(2 * mid - 1) <= twice {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo as u64
}

/// A non-negative whole number of any size, little-endian 32-bit limbs (just what [`k_stale_ppm`] needs).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn one() -> Big {
        Big(vec![1])
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in &mut self.0 {
            let x = *limb as u64 * m as u64 + carry;
            *limb = x as u32;
            carry = x >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
        while self.0.len() > 1 && self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn times(&self, m: u32) -> Big {
        let mut product = self.clone();
        product.mul_small(m);
        product
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Big) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Big) -> std::cmp::Ordering {
        // Normalised (no leading zero limbs), so the longer is the larger.
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

/// One (r, w) of the table: the paper's Table 4 row for this R and environment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PbsRow {
    /// Read quorum: replicas a read waits for.
    pub r: u32,
    /// Write quorum: acks a write waits for.
    pub w: u32,
    /// k-staleness with k = 1 (the closed form, [`k_stale_ppm`]), ppm.
    pub stale_k1_ppm: u64,
    /// P(consistent) right at the commit (t = 0): exact count over the trials, ppm rounded half up.
    pub p0_ppm: u64,
    /// The t (ms after the commit) at which P(consistent) first reaches 99.9 %.
    pub t999_ms: f64,
    /// The 99.9th percentile of read latency (ms); the same for every w.
    pub read999_ms: f64,
    /// The 99.9th percentile of write latency (ms); the same for every r.
    pub write999_ms: f64,
}

/// A time as the page shows it: three significant digits, at most two decimals ("45.5", "0.66", "1364").
pub fn ms_short(ms: f64) -> String {
    if ms >= 100.0 {
        crate::fixed(ms, 0)
    } else if ms >= 10.0 {
        crate::fixed(ms, 1)
    } else {
        crate::fixed(ms, 2)
    }
}

/// The PBS t-visibility of one R and environment, for every (r, w), from `trials` seeded WARS trials.
///
/// ```
/// use ring_time::latency::Env;
/// use ring_time::pbs::{Pbs, PBS_CHUNK};
///
/// // Made a bounded unit at a time, as the page does; the same as in one go.
/// let mut making = Pbs::begin(3, Env::Disk, 10_000, 1);
/// let pbs = loop {
///     if let Some(done) = making.step(PBS_CHUNK) {
///         break done;
///     }
/// };
/// assert_eq!(pbs, Pbs::new(3, Env::Disk, 10_000, 1));
/// // LNKD-DISK, R = W = 1: consistent right after the commit less than half the time (the paper:
/// // 43.9 %), 99.9 % consistent some tens of ms later.
/// let row = pbs.row(1, 1);
/// assert!(row.p0_ppm > 400_000 && row.p0_ppm < 480_000);
/// assert!(row.t999_ms > 20.0 && pbs.p_consistent(1, 1, row.t999_ms) >= 0.999);
/// // A strict quorum (r + w > R) is always consistent.
/// assert_eq!((pbs.row(2, 2).p0_ppm, pbs.row(2, 2).t999_ms), (1_000_000, 0.0));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Pbs {
    /// R: the replicas of the key (after clamping).
    pub replicas: u32,
    /// The latency environment (`lat=`).
    pub env: Env,
    /// Trials run (after clamping).
    pub trials: u32,
    /// The stream's seed.
    pub seed: u64,
    /// Ordered r then w: row (r, w) at (r−1)·R + (w−1).
    rows: Vec<PbsRow>,
    /// Per (r, w), in the same order: the trials consistent by each t.
    curves: Vec<Cumulative>,
    /// Per r, the reads done by each latency; per w, the writes.
    reads: Vec<Cumulative>,
    writes: Vec<Cumulative>,
}

impl Pbs {
    /// Runs every trial in one go: the same as [`Pbs::begin`] stepped to the end.
    pub fn new(replicas: u32, env: Env, trials: u32, seed: u64) -> Pbs {
        let mut making = Pbs::begin(replicas, env, trials, seed);
        loop {
            if let Some(done) = making.step(u32::MAX) {
                return done;
            }
        }
    }

    /// The same, made in bounded units ([`MakingPbs::step`]). `replicas` is clamped to
    /// 1..=[`PBS_MAX_REPLICAS`], `trials` to [`PBS_TRIALS_MIN`]..=[`PBS_TRIALS_MAX`].
    pub fn begin(replicas: u32, env: Env, trials: u32, seed: u64) -> MakingPbs {
        let n = replicas.clamp(1, PBS_MAX_REPLICAS);
        let pairs = (n * n) as usize;
        MakingPbs {
            replicas: n,
            env,
            trials: trials.clamp(PBS_TRIALS_MIN, PBS_TRIALS_MAX),
            seed,
            write_leg: env.write(),
            rng: Rng::new(seed),
            done: 0,
            zero: vec![0; pairs],
            stale: (0..pairs).map(|_| histogram()).collect(),
            read: (0..n).map(|_| histogram()).collect(),
            write: (0..n).map(|_| histogram()).collect(),
            cumulated: 0,
        }
    }

    /// Row (r, w), each clamped to 1..=R.
    pub fn row(&self, r: u32, w: u32) -> &PbsRow {
        &self.rows[self.pair(r, w)]
    }

    /// Every row, ordered r then w.
    pub fn rows(&self) -> &[PbsRow] {
        &self.rows
    }

    /// P(consistent) for a read of r issued `t_ms` after a write to w commits (r, w clamped to 1..=R):
    /// the share of trials consistent by then. Exact at t = 0 (and at bucket edges), linear inside a
    /// bucket; 0 for t < 0 (or NaN), nondecreasing, 1 from the largest trial's t on.
    pub fn p_consistent(&self, r: u32, w: u32, t_ms: f64) -> f64 {
        self.curves[self.pair(r, w)].share_at(t_ms, self.trials)
    }

    /// The t (ms) at which [`Pbs::p_consistent`] first reaches `share` (0 to 1): where the
    /// ⌈share · trials⌉-th smallest t lies (0 if the reads consistent at t = 0 are that many).
    pub fn t_ms(&self, r: u32, w: u32, share: f64) -> f64 {
        self.curves[self.pair(r, w)].value_at(count_at(share, self.trials))
    }

    /// The read latency (ms) of r replicas that a `share` (0 to 1) of the reads stay within (r clamped
    /// to 1..=R); [`PbsRow::read999_ms`] is that at 0.999.
    pub fn read_ms(&self, r: u32, share: f64) -> f64 {
        self.reads[r.clamp(1, self.replicas) as usize - 1].value_at(count_at(share, self.trials))
    }

    /// The write latency (ms) of w acks that a `share` (0 to 1) of the writes stay within (w clamped
    /// to 1..=R); [`PbsRow::write999_ms`] is that at 0.999.
    pub fn write_ms(&self, w: u32, share: f64) -> f64 {
        self.writes[w.clamp(1, self.replicas) as usize - 1].value_at(count_at(share, self.trials))
    }

    /// Bytes on the heap: the rows and one cumulative histogram per (r, w), per r and per w.
    pub fn heap_bytes(&self) -> usize {
        let each = |v: &Vec<Cumulative>| {
            v.capacity() * std::mem::size_of::<Cumulative>()
                + v.iter().map(|c| c.counts.capacity() * 4).sum::<usize>()
        };
        self.rows.capacity() * std::mem::size_of::<PbsRow>()
            + each(&self.curves)
            + each(&self.reads)
            + each(&self.writes)
    }

    fn pair(&self, r: u32, w: u32) -> usize {
        let n = self.replicas;
        ((r.clamp(1, n) - 1) * n + (w.clamp(1, n) - 1)) as usize
    }
}

/// A [`Pbs`] being made: the stream, the trials done so far, and their counts.
#[derive(Clone, Debug)]
pub struct MakingPbs {
    replicas: u32,
    env: Env,
    trials: u32,
    seed: u64,
    /// The W leg's distribution: `env.write()` (another one only in tests: the paper's simulator's).
    write_leg: Mixture,
    rng: Rng,
    done: u32,
    /// Per (r, w), ordered r then w: trials consistent at t = 0.
    zero: Vec<u32>,
    /// Per (r, w): the smallest t of the other trials.
    stale: Vec<Vec<u32>>,
    /// Per r: read latency; per w: write latency.
    read: Vec<Vec<u32>>,
    write: Vec<Vec<u32>>,
    /// Once every trial has run: how many histograms are cumulative (pairs, then reads, then writes).
    cumulated: usize,
}

impl MakingPbs {
    /// One bounded unit: at most `chunk` more trials (at least one); once every trial has run, the
    /// histograms made cumulative, each counted as 50 trials (so at R = 5 they all fit in one unit of
    /// [`PBS_CHUNK`]); the result once it is made. Any sequence of chunk sizes gives exactly the result
    /// of [`Pbs::new`]. The result is handed out once: a call after it starts the same computation over.
    pub fn step(&mut self, chunk: u32) -> Option<Pbs> {
        if self.stale.is_empty() {
            let write_leg = self.write_leg;
            *self = Pbs::begin(self.replicas, self.env, self.trials, self.seed);
            self.write_leg = write_leg;
        }
        let chunk = chunk.max(1);
        if self.done < self.trials {
            let run = chunk.min(self.trials - self.done);
            for _ in 0..run {
                self.trial();
            }
            self.done += run;
            return None;
        }
        let (pairs, n) = (self.stale.len(), self.replicas as usize);
        let histograms = pairs + 2 * n;
        let until = histograms.min(self.cumulated + (chunk / HISTOGRAM_TRIALS).max(1) as usize);
        for h in self.cumulated..until {
            let (counts, base) = if h < pairs {
                (&mut self.stale[h], self.zero[h])
            } else if h < pairs + n {
                (&mut self.read[h - pairs], 0)
            } else {
                (&mut self.write[h - pairs - n], 0)
            };
            let mut sum = base;
            for c in counts.iter_mut() {
                sum += *c;
                *c = sum;
            }
        }
        self.cumulated = until;
        if until < histograms {
            return None;
        }
        Some(self.finish())
    }

    /// The same with another W distribution (to run the paper's own simulator's YMMR fit).
    #[cfg(test)]
    fn with_write_leg(mut self, write_leg: Mixture) -> MakingPbs {
        self.write_leg = write_leg;
        self
    }

    /// Trials run so far.
    pub fn trials_done(&self) -> u32 {
        self.done
    }

    /// Trials to run in all.
    pub fn trials(&self) -> u32 {
        self.trials
    }

    /// Bytes on the heap: the counts and histograms.
    pub fn heap_bytes(&self) -> usize {
        let vecs = |v: &Vec<Vec<u32>>| {
            v.capacity() * std::mem::size_of::<Vec<u32>>()
                + v.iter().map(|h| h.capacity() * 4).sum::<usize>()
        };
        self.zero.capacity() * 4 + vecs(&self.stale) + vecs(&self.read) + vecs(&self.write)
    }

    /// One trial: its draws (in the order the module's docs give), then its counts for every (r, w).
    fn trial(&mut self) {
        let n = self.replicas as usize;
        let rng = &mut self.rng;
        let (write_leg, other_leg) = (self.write_leg, self.env.other());
        let remote = self.env.remote_ms();
        let (write_local, read_local) = if remote > 0.0 {
            let w = rng.below(n as u32) as usize;
            (w, rng.below(n as u32) as usize)
        } else {
            (0, 0)
        };
        let far = |i: usize, local: usize| {
            if remote > 0.0 && i != local {
                remote
            } else {
                0.0
            }
        };
        // Per replica: W − R (how far the write leads the read's arrival), W + A, R + S.
        let mut lead = [0.0f64; PBS_MAX_REPLICAS as usize];
        let mut commit = [0.0f64; PBS_MAX_REPLICAS as usize];
        let mut answer = [0.0f64; PBS_MAX_REPLICAS as usize];
        for i in 0..n {
            let w = write_leg.draw(rng) + far(i, write_local);
            let a = other_leg.draw(rng) + far(i, write_local);
            let r = other_leg.draw(rng) + far(i, read_local);
            let s = other_leg.draw(rng) + far(i, read_local);
            lead[i] = w - r;
            commit[i] = w + a;
            answer[i] = r + s;
        }
        // w_t for every w: the sorted W + A.
        let commit = &mut commit[..n];
        commit.sort_unstable_by(f64::total_cmp);
        // The read's responders in order of arrival (ties: the lower replica first).
        let mut order = [0usize; PBS_MAX_REPLICAS as usize];
        for (i, o) in order.iter_mut().enumerate().take(n) {
            *o = i;
        }
        let order = &mut order[..n];
        order.sort_unstable_by(|&i, &j| answer[i].total_cmp(&answer[j]).then(i.cmp(&j)));
        for (w, &w_t) in commit.iter().enumerate() {
            self.write[w][bucket(w_t)] += 1;
        }
        let mut lead_min = f64::INFINITY;
        for (r, &i) in order.iter().enumerate() {
            self.read[r][bucket(answer[i])] += 1;
            lead_min = lead_min.min(lead[i]);
            for (w, &w_t) in commit.iter().enumerate() {
                let pair = r * n + w;
                let t = lead_min - w_t;
                if t <= 0.0 {
                    self.zero[pair] += 1;
                } else {
                    self.stale[pair][bucket(t)] += 1;
                }
            }
        }
    }

    /// The result, once every histogram is cumulative: the histograms move into it, the rows are read
    /// off them.
    fn finish(&mut self) -> Pbs {
        let n = self.replicas;
        let trials = self.trials;
        let at = count_at_999(trials);
        let cumulative = |counts: Vec<u32>, base: u32| Cumulative { base, counts };
        let reads: Vec<Cumulative> = self.read.drain(..).map(|c| cumulative(c, 0)).collect();
        let writes: Vec<Cumulative> = self.write.drain(..).map(|c| cumulative(c, 0)).collect();
        let curves: Vec<Cumulative> = (self.stale.drain(..).zip(&self.zero))
            .map(|(c, &zero)| cumulative(c, zero))
            .collect();
        let rows = curves
            .iter()
            .enumerate()
            .map(|(pair, curve)| {
                let (r, w) = (pair as u32 / n + 1, pair as u32 % n + 1);
                PbsRow {
                    r,
                    w,
                    stale_k1_ppm: k_stale_ppm(n, r, w, 1),
                    p0_ppm: ppm(curve.base, trials),
                    t999_ms: curve.value_at(at),
                    read999_ms: reads[r as usize - 1].value_at(at),
                    write999_ms: writes[w as usize - 1].value_at(at),
                }
            })
            .collect();
        Pbs {
            replicas: n,
            env: self.env,
            trials,
            seed: self.seed,
            rows,
            curves,
            reads,
            writes,
        }
    }
}

/// `count / total` in parts per million, rounded half up, in integers.
fn ppm(count: u32, total: u32) -> u64 {
    (2 * 1_000_000 * count as u64 + total as u64) / (2 * total as u64)
}

/// How many of `trials` values lie at or below the 99.9th percentile: ⌈0.999 · trials⌉, in integers.
fn count_at_999(trials: u32) -> u32 {
    ((999 * trials as u64).div_ceil(1000)) as u32
}

/// ⌈share · trials⌉ for a share in [0, 1] (clamped; NaN counts as 0).
fn count_at(share: f64, trials: u32) -> u32 {
    let share = if share.is_nan() {
        0.0
    } else {
        share.clamp(0.0, 1.0)
    };
    (share * trials as f64).ceil() as u32
}

/// A histogram made cumulative: `base` values at exactly 0 (for t: the reads consistent at the
/// commit), then `counts[b]` = `base` + the values in buckets 0..=b.
#[derive(Clone, Debug, PartialEq)]
struct Cumulative {
    base: u32,
    counts: Vec<u32>,
}

impl Cumulative {
    /// The share of the `total` values at or below `x`: exact at 0 and at bucket edges, linear inside a
    /// bucket (values past the top bucket's lower edge count as at it).
    fn share_at(&self, x: f64, total: u32) -> f64 {
        if x.is_nan() || x < 0.0 {
            return 0.0;
        }
        if x == 0.0 {
            return self.base as f64 / total as f64;
        }
        let b = bucket(x);
        let before = if b == 0 {
            self.base
        } else {
            self.counts[b - 1]
        };
        if b == BUCKETS - 1 {
            return self.counts[b] as f64 / total as f64;
        }
        let (lo, hi) = (lower_edge(b), lower_edge(b + 1));
        let within = (self.counts[b] - before) as f64;
        (before as f64 + within * ((x - lo) / (hi - lo))) / total as f64
    }

    /// Where the cumulative count first reaches `at`, linear inside the bucket: 0 if `base` already
    /// does (or `at` is 0); the top bucket's lower edge if only that bucket does.
    fn value_at(&self, at: u32) -> f64 {
        if self.base >= at {
            return 0.0;
        }
        let b = self.counts.partition_point(|&c| c < at).min(BUCKETS - 1);
        let before = if b == 0 {
            self.base
        } else {
            self.counts[b - 1]
        };
        let lo = lower_edge(b);
        if b == BUCKETS - 1 {
            return lo;
        }
        let within = (self.counts[b] - before) as f64;
        lo + (lower_edge(b + 1) - lo) * ((at - before) as f64 / within)
    }
}

/// Buckets per octave: 2^10, so each bucket is 2^(1/1024) − 1 = 0.068 % wide.
const OCTAVE_BITS: u32 = 10;
/// The logarithmic buckets cover [2^MIN_EXP, 2^MAX_EXP) ms.
const MIN_EXP: i32 = -16;
const MAX_EXP: i32 = 20;
const LOG_BUCKETS: u64 = ((MAX_EXP - MIN_EXP) as u64) << OCTAVE_BITS;
/// Bucket 0 holds [0, 2^MIN_EXP), the last one [2^MAX_EXP, ∞).
const BUCKETS: usize = LOG_BUCKETS as usize + 2;
/// The f64 exponent-and-top-mantissa key of 2^MIN_EXP, the first logarithmic bucket.
const MIN_KEY: u64 = ((1023 + MIN_EXP) as u64) << OCTAVE_BITS;
const MANTISSA_SHIFT: u32 = 52 - OCTAVE_BITS;
/// 2^MIN_EXP and 2^MAX_EXP ms.
const MIN_MS: f64 = f64::from_bits(MIN_KEY << MANTISSA_SHIFT);
const MAX_MS: f64 = f64::from_bits((MIN_KEY + LOG_BUCKETS) << MANTISSA_SHIFT);

fn histogram() -> Vec<u32> {
    vec![0; BUCKETS]
}

/// The bucket of a value in ms: read off its f64 bits (exponent and top 10 mantissa bits), so exact and
/// the same on every platform.
fn bucket(v: f64) -> usize {
    // Below the range, or NaN (never drawn), goes to bucket 0.
    if v.is_nan() || v < MIN_MS {
        0
    } else if v >= MAX_MS {
        BUCKETS - 1
    } else {
        ((v.to_bits() >> MANTISSA_SHIFT) - MIN_KEY) as usize + 1
    }
}

/// The smallest value of bucket `b` (0 for bucket 0).
fn lower_edge(b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        f64::from_bits((MIN_KEY + b as u64 - 1) << MANTISSA_SHIFT)
    }
}

#[cfg(test)]
mod paper;

#[cfg(test)]
mod tests;
