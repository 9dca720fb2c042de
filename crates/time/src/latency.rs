//! Latency environments (`lat=`), the fits of Bailis et al., "Probabilistically Bounded Staleness for
//! Practical Partial Quorums" (VLDB 2012), and the seeded random stream every draw comes from.
//!
//! Each one-way delay is drawn from a mixture: with probability p an Exponential(λ) (mean 1/λ), otherwise
//! a Pareto(xm, α) (`xm / U^(1/α)`, U uniform in (0, 1]). Legs: W write request (coordinator → replica),
//! A write ack, R read request, S read response. Under `wan` every leg to and from every replica but one
//! local replica (drawn uniformly per operation) takes 75 ms more.
//!
//! Logarithms and powers come from the `libm` crate, not the platform's maths library, so that a draw is
//! the same number natively, in every browser, on every machine: the same link shows the same history.

/// The splitmix64 finalizer (the draws' mixing function; the same as the core's rendezvous strategy
/// uses): `z ^= z >> 30; z *= 0xbf58476d1ce4e5b9; z ^= z >> 27; z *= 0x94d049bb133111eb; z ^= z >> 31`.
pub fn splitmix64(mut z: u64) -> u64 {
    z ^= z >> 30;
    z = z.wrapping_mul(0xbf58476d1ce4e5b9);
    z ^= z >> 27;
    z = z.wrapping_mul(0x94d049bb133111eb);
    z ^ (z >> 31)
}

/// A seeded stream of 64-bit draws: SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom
/// number generators", OOPSLA 2014): the state advances by the golden gamma `0x9e3779b97f4a7c15` and each
/// draw is the splitmix64 finalizer of the state. The same seed gives the same draws on every platform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    state: u64,
}

/// SplitMix64's increment: 2^64 divided by the golden ratio, odd.
const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

impl Rng {
    /// The stream for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// An independent stream of a run seeded with `seed`, told apart by `tag` (the simulation's network
    /// is tag 0, client i tag i): its state is `splitmix64(seed XOR splitmix64(tag + 1))`, so that the
    /// streams of one seed do not run into each other.
    pub fn stream(seed: u64, tag: u64) -> Rng {
        Rng::new(splitmix64(seed ^ splitmix64(tag + 1)))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        splitmix64(self.state)
    }

    /// A uniform draw in (0, 1]: the top 53 bits plus one, over 2^53.
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }

    /// A uniform whole number in `0..n` (`n` ≥ 1), by Lemire's multiply-shift (its bias, under 2^-32 for
    /// these small `n`, is irrelevant here).
    pub fn below(&mut self, n: u32) -> u32 {
        (((self.next_u64() >> 32) * n as u64) >> 32) as u32
    }

    /// An Exponential draw with this mean: `−mean · ln U`.
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * libm::log(self.uniform())
    }
}

/// A one-way delay's distribution: with probability `p` Exponential(`lambda`), else Pareto(`xm`, `alpha`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mixture {
    pub p: f64,
    pub lambda: f64,
    pub xm: f64,
    pub alpha: f64,
}

impl Mixture {
    /// One delay in milliseconds: a uniform draw picks the branch (Exponential when it is at most `p`),
    /// a second one gives the value.
    pub fn draw(&self, rng: &mut Rng) -> f64 {
        if rng.uniform() <= self.p {
            rng.exponential(1.0 / self.lambda)
        } else {
            self.xm / libm::pow(rng.uniform(), 1.0 / self.alpha)
        }
    }
}

const SSD: Mixture = Mixture {
    p: 0.0878,
    lambda: 1.66,
    xm: 0.235,
    alpha: 10.0,
};
const DISK_W: Mixture = Mixture {
    p: 0.62,
    lambda: 0.183,
    xm: 1.05,
    alpha: 1.51,
};
const YMMR_W: Mixture = Mixture {
    p: 0.061,
    lambda: 0.0028,
    xm: 3.0,
    alpha: 3.35,
};
const YMMR_ARS: Mixture = Mixture {
    p: 0.018,
    lambda: 0.0217,
    xm: 1.5,
    alpha: 3.8,
};

/// Milliseconds added under `wan` to every leg to and from a replica that is not the local one.
pub const WAN_MS: f64 = 75.0;

/// A latency environment (`lat=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Env {
    /// LinkedIn's Voldemort on SSDs (the paper's LNKD-SSD).
    Ssd,
    /// LinkedIn's Voldemort on spinning disks (LNKD-DISK): the default.
    Disk,
    /// Yammer's Riak (YMMR).
    Ymmr,
    /// LNKD-DISK across data centres: every replica but one is 75 ms away each way (WAN).
    Wan,
}

impl Env {
    /// Every environment, in the order the page lists them.
    pub const ALL: [Env; 4] = [Env::Ssd, Env::Disk, Env::Ymmr, Env::Wan];

    /// The environment of a link's `lat=` value.
    pub fn by_name(name: &str) -> Option<Env> {
        Env::ALL.into_iter().find(|e| e.name() == name)
    }

    /// Its name in links.
    pub fn name(self) -> &'static str {
        match self {
            Env::Ssd => "ssd",
            Env::Disk => "disk",
            Env::Ymmr => "ymmr",
            Env::Wan => "wan",
        }
    }

    /// Its name in the paper.
    pub fn paper_name(self) -> &'static str {
        match self {
            Env::Ssd => "LNKD-SSD",
            Env::Disk => "LNKD-DISK",
            Env::Ymmr => "YMMR",
            Env::Wan => "WAN",
        }
    }

    /// The write request's (W) distribution.
    pub fn write(self) -> Mixture {
        match self {
            Env::Ssd => SSD,
            Env::Disk | Env::Wan => DISK_W,
            Env::Ymmr => YMMR_W,
        }
    }

    /// The distribution of the other legs: write ack (A), read request (R), read response (S).
    pub fn other(self) -> Mixture {
        match self {
            Env::Ssd | Env::Disk | Env::Wan => SSD,
            Env::Ymmr => YMMR_ARS,
        }
    }

    /// Milliseconds added to each leg to or from a replica that is not the operation's local one: 75
    /// under `wan`, else 0.
    pub fn remote_ms(self) -> f64 {
        match self {
            Env::Wan => WAN_MS,
            _ => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_splitmix64() {
        // SplitMix64 seeded with 0: the reference sequence (e.g. Vigna's splitmix64.c, the seeding
        // generator of xoshiro).
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(rng.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        assert_eq!(rng.next_u64(), 0x06c4_5d18_8009_454f);
        let u = Rng::new(7).uniform();
        assert!(u > 0.0 && u <= 1.0);
        let mut rng = Rng::new(3);
        assert!((0..1000).all(|_| rng.below(5) < 5));
    }

    #[test]
    fn mixtures_have_their_means() {
        // The mean of the mixture is p/λ + (1−p)·α·xm/(α−1); 200,000 draws come within a few per cent
        // (the Pareto tail of LNKD-DISK, α = 1.51, makes its sample mean the noisiest).
        for (env, tolerance) in [(Env::Ssd, 0.02), (Env::Disk, 0.15), (Env::Ymmr, 0.05)] {
            for m in [env.write(), env.other()] {
                let mean = m.p / m.lambda + (1.0 - m.p) * m.alpha * m.xm / (m.alpha - 1.0);
                let mut rng = Rng::new(42);
                let n = 200_000;
                let sample = (0..n).map(|_| m.draw(&mut rng)).sum::<f64>() / n as f64;
                assert!(
                    (sample / mean - 1.0).abs() < tolerance,
                    "{env:?}: {sample} against {mean}"
                );
            }
        }
        assert_eq!(Env::by_name("wan"), Some(Env::Wan));
        assert_eq!(Env::by_name("WAN"), None);
        assert_eq!(Env::Wan.write(), Env::Disk.write());
        assert_eq!((Env::Wan.remote_ms(), Env::Disk.remote_ms()), (75.0, 0.0));
    }
}
