//! Time made visible (`../shared/specs/consistency.md`): latency environments, the PBS model of staleness
//! (the closed form and the WARS Monte Carlo), a simulated history of one key's replicas under quorums,
//! failures and partitions, and the checker that places a history on the consistency spectrum. No web
//! dependency; everything is reproducible from the link (one seeded stream, [`latency::Rng`]).

pub mod check;
pub mod diagram;
pub mod history;
pub mod latency;
pub mod model;
pub mod pbs;
pub mod sim;

#[cfg(all(feature = "web", target_arch = "wasm32"))]
mod web;

/// A count with thousands separators: `1234567` → `"1,234,567"`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `x` with `decimals` digits after the point (0 to 6), exactly as `format!("{x:.decimals$}")` writes
/// it: the value's exact binary expansion rounded half to even, "-" for a negative sign, "NaN", "inf"
/// and "-inf" as they are (for |x| below 10^30; past that the digits saturate). Without the standard
/// library's float formatting, whose tables and code are a
/// sizeable part of a small wasm module (the page's core and this crate use it for every number shown).
pub fn fixed(x: f64, decimals: u32) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}inf");
    }
    let d = decimals.min(6);
    let bits = x.abs().to_bits();
    let (exp, frac) = (((bits >> 52) & 0x7ff) as i32, bits & ((1u64 << 52) - 1));
    let (mant, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, exp - 1075)
    };
    // |x| · 10^d = mant · 10^d · 2^e, rounded to a whole number, half to even.
    let m = mant as u128 * 10u128.pow(d);
    let q = if e >= 0 {
        if e <= 54 {
            m << e
        } else {
            // Past 2^106: the integer itself (no decimals can matter at that size).
            (x.abs() as u128).saturating_mul(10u128.pow(d))
        }
    } else {
        let s = (-e) as u32;
        if s >= 128 {
            0
        } else {
            let (q, r) = (m >> s, m & ((1u128 << s) - 1));
            let half = 1u128 << (s - 1);
            q + u128::from(r > half || (r == half && q % 2 == 1))
        }
    };
    let digits = q.to_string();
    if d == 0 {
        return format!("{sign}{digits}");
    }
    let digits = format!("{digits:0>width$}", width = d as usize + 1);
    let (whole, part) = digits.split_at(digits.len() - d as usize);
    format!("{sign}{whole}.{part}")
}

#[cfg(test)]
mod fixed_tests {
    use super::fixed;
    use proptest::prelude::*;

    #[test]
    fn as_the_standard_formatting_writes_them() {
        for (x, d) in [
            (0.25, 1),
            (0.35, 1),
            (2.5, 0),
            (1.5, 0),
            (0.5, 0),
            (-0.04, 1),
            (-0.0, 1),
            (1.1025, 3),
            (99.95, 1),
            (1e-300, 3),
            (123456789.125, 2),
            (1e25, 2),
            (f64::MIN_POSITIVE, 6),
            (5e-324, 0),
        ] {
            assert_eq!(fixed(x, d), format!("{x:.*}", d as usize), "{x} to {d}");
        }
        assert_eq!(fixed(f64::NAN, 2), "NaN");
        assert_eq!(fixed(f64::INFINITY, 1), "inf");
        assert_eq!(fixed(f64::NEG_INFINITY, 0), "-inf");
    }

    proptest! {
        #[test]
        fn any_value_any_precision(x in any::<f64>(), d in 0u32..=6) {
            prop_assume!(x.is_finite() && x.abs() < 1e30);
            prop_assert_eq!(fixed(x, d), format!("{x:.*}", d as usize));
        }

        #[test]
        fn values_the_page_shows(n in 0u64..10_000_000, d in 0u32..=6, scale in 0u32..8) {
            let x = n as f64 / 10f64.powi(scale as i32);
            prop_assert_eq!(fixed(x, d), format!("{x:.*}", d as usize));
            prop_assert_eq!(fixed(-x, d), format!("{:.*}", d as usize, -x));
        }
    }
}
