//! The sliders' scales: which values each slider steps through, and the slider position of a value.
//! The controls (`web::controls`) use them; the share link does not (it clamps to the ranges in
//! [`crate::params`], and a link may name a value between two steps).

use crate::params;

/// A slider over every whole number in `min..=max` with at most two significant digits (1, 2, … 9, 10,
/// 11, … 99, 100, 110, … 990, 1000, 1100, …): even steps on a log scale, round values, and every step
/// of the slider changes the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NiceScale {
    pub min: u32,
    pub max: u32,
}

/// The "Virtual nodes" slider: 1 to 1000.
pub const VNODES_SCALE: NiceScale = NiceScale {
    min: params::VNODES_MIN,
    max: params::VNODES_MAX,
};
/// The "Keys" slider: 100 to 1,000,000.
pub const KEYS_SCALE: NiceScale = NiceScale {
    min: params::KEYS_MIN,
    max: params::KEYS_MAX,
};
/// The "Shards" slider: 16 to 10,000.
pub const SHARDS_SCALE: NiceScale = NiceScale {
    min: params::SHARDS_MIN,
    max: params::SHARDS_MAX,
};

/// The "Think time" slider of the simulated clients: 1 to 1,000 ms.
pub const THINK_SCALE: NiceScale = NiceScale {
    min: 1,
    max: crate::params::time::THINK_MAX,
};

impl NiceScale {
    /// Every value of the scale, ascending.
    pub fn values(self) -> Vec<u32> {
        let mut out = Vec::new();
        let mut v = self.min;
        while v <= self.max {
            if v.is_multiple_of(nice_unit(v)) {
                out.push(v);
                v += nice_unit(v);
            } else {
                v += 1;
            }
        }
        out
    }

    /// The last slider position (the first is 0).
    pub fn steps(self) -> u32 {
        self.values().len() as u32 - 1
    }

    /// The value at slider position `pos` (clamped).
    pub fn value(self, pos: u32) -> u32 {
        let values = self.values();
        values[(pos as usize).min(values.len() - 1)]
    }

    /// The slider position whose value is closest to `value` (on a log scale).
    pub fn position(self, value: u32) -> u32 {
        let values = self.values();
        let i = values.partition_point(|&v| v < value);
        if i == 0 {
            return 0;
        }
        if i == values.len() {
            return i as u32 - 1;
        }
        // values[i - 1] < value <= values[i]: pick the nearer by ratio.
        let (lo, hi) = (values[i - 1] as f64, values[i] as f64);
        if (value as f64 / lo).ln() < (hi / value as f64).ln() {
            i as u32 - 1
        } else {
            i as u32
        }
    }
}

/// The "Cache" slider's values for `keys` keys: 0, then the round values up to `keys`, and `keys` itself
/// (the whole key set) as the last.
pub fn cache_values(keys: u32) -> Vec<u32> {
    let mut values = NiceScale { min: 0, max: keys }.values();
    if values.last() != Some(&keys) {
        values.push(keys);
    }
    values
}

/// The slider position in `values` (ascending) nearest to `value`: the first at or above it.
pub fn position_in(values: &[u32], value: u32) -> u32 {
    (values.partition_point(|&v| v < value) as u32).min(values.len() as u32 - 1)
}

/// The step between two-significant-digit numbers around `v`: 1 below 100, 10 below 1000, and so on.
fn nice_unit(v: u32) -> u32 {
    let digits = v.max(1).ilog10() + 1;
    10u32.pow(digits.saturating_sub(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_scales_step_through_round_values() {
        assert_eq!(VNODES_SCALE.steps(), 189);
        assert_eq!(
            (
                VNODES_SCALE.value(0),
                VNODES_SCALE.value(189),
                VNODES_SCALE.value(999)
            ),
            (1, 1000, 1000)
        );
        assert_eq!(VNODES_SCALE.position(150), 104);
        assert_eq!(
            &VNODES_SCALE.values()[..12],
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
        );
        assert_eq!(KEYS_SCALE.steps(), 360);
        assert_eq!(
            (KEYS_SCALE.value(0), KEYS_SCALE.value(360)),
            (100, 1_000_000)
        );
        assert_eq!(KEYS_SCALE.position(10_000), 180);
        assert_eq!(
            &KEYS_SCALE.values()[178..183],
            &[9_800, 9_900, 10_000, 11_000, 12_000]
        );
        for scale in [VNODES_SCALE, KEYS_SCALE] {
            let values = scale.values();
            assert!(
                values.windows(2).all(|w| w[0] < w[1]),
                "every step changes the value"
            );
            for (p, &v) in values.iter().enumerate() {
                assert_eq!(scale.position(v), p as u32);
            }
        }
        // Values between steps go to the nearer one; out of range to the ends.
        assert_eq!(KEYS_SCALE.value(KEYS_SCALE.position(12_345)), 12_000);
        assert_eq!(KEYS_SCALE.value(KEYS_SCALE.position(5)), 100);
        assert_eq!(KEYS_SCALE.value(KEYS_SCALE.position(u32::MAX)), 1_000_000);
    }

    #[test]
    fn cache_slider_reaches_every_key() {
        let v = cache_values(12_345);
        assert_eq!(&v[..3], &[0, 1, 2]);
        assert_eq!(*v.last().unwrap(), 12_345);
        assert_eq!(v[position_in(&v, 50) as usize], 50);
        assert_eq!(v[position_in(&v, 12_345) as usize], 12_345);
        assert_eq!(*cache_values(1_000_000).last().unwrap(), 1_000_000);
    }
}
