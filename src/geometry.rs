//! Circle geometry shared by the model and the pictures: turns of ring positions, and points and angles
//! on the canvas. It reads nothing of the app, so both [`crate::app`] (hit-testing the ring) and
//! [`crate::layout`] (the picture) stand on it.
//!
//! Angles are in *turns* (`0.0..1.0`), position 0 at the top, growing clockwise.

use crate::ring::Position;
use std::f64::consts::{FRAC_PI_2, TAU};

/// 2^64, as a float: a turn's share of the top 64 bits of a position.
const TWO_64: f64 = 18_446_744_073_709_551_616.0;

/// Turn of a position: `pos / 2^128`, from its top 64 bits.
pub fn turn(pos: Position) -> f64 {
    (pos >> 64) as f64 / TWO_64
}

/// The position at turn `at` (taken modulo 1), to the precision of its top 64 bits: the inverse of
/// [`turn`] up to rounding.
pub fn position_at(at: f64) -> Position {
    ((at.rem_euclid(1.0) * TWO_64) as u64 as u128) << 64
}

/// Point at `turn` on the circle of `radius` around `(cx, cy)` (canvas coordinates, y down).
pub fn point(cx: f64, cy: f64, radius: f64, turn: f64) -> (f64, f64) {
    let a = radians(turn);
    (cx + radius * a.cos(), cy + radius * a.sin())
}

/// Canvas angle (radians, as `CanvasRenderingContext2d::arc` takes it) of `turn`.
pub fn radians(turn: f64) -> f64 {
    turn * TAU - FRAC_PI_2
}

/// The turn of canvas point `(x, y)` seen from `(cx, cy)`: the inverse of [`point`]'s angle.
pub fn turn_at(cx: f64, cy: f64, x: f64, y: f64) -> f64 {
    (((y - cy).atan2(x - cx) + FRAC_PI_2) / TAU).rem_euclid(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_and_points() {
        assert_eq!(turn(0), 0.0);
        assert_eq!(turn(1 << 127), 0.5);
        let (x, y) = point(100.0, 100.0, 50.0, 0.0);
        assert!(
            (x - 100.0).abs() < 1e-9 && (y - 50.0).abs() < 1e-9,
            "position 0 is at the top"
        );
        let (x, y) = point(100.0, 100.0, 50.0, 0.25);
        assert!(
            (x - 150.0).abs() < 1e-9 && (y - 100.0).abs() < 1e-9,
            "a quarter turn is to the right"
        );
    }

    #[test]
    fn positions_and_turns_invert() {
        assert_eq!(position_at(0.5), 1 << 127);
        assert_eq!(position_at(1.25), 1 << 126, "taken modulo 1");
        assert_eq!(position_at(-0.5), 1 << 127);
        for t in [0.0, 0.1, 0.333, 0.75, 0.999] {
            assert!((turn(position_at(t)) - t).abs() < 1e-15, "{t}");
            let (x, y) = point(10.0, 20.0, 7.0, t);
            assert!((turn_at(10.0, 20.0, x, y) - t).abs() < 1e-12, "{t}");
        }
    }
}
