//! The diagram of one key's history as pure geometry (the section only draws it): one lane per process,
//! each op a bar from its call to its return along the history's positions (line numbers, or `:time`),
//! an op that never returned open to the right edge; each op numbered by its place in the
//! linearization (for an illegal key, the longest linearizable prefix found), and the first op that
//! cannot be placed marked. The width grows with the zoom; the box scrolls.

use lincheck::{Action, History, Op, Outcome};

/// Height of a lane, the room above the first, and the room on the left (the lanes' names) and right.
pub const LANE_PX: f64 = 26.0;
pub const TOP_PX: f64 = 22.0;
pub const LEFT_PX: f64 = 56.0;
pub const RIGHT_PX: f64 = 18.0;
/// The narrowest bar, so that every op can be seen and pointed at.
pub const BAR_MIN_PX: f64 = 6.0;
/// About how wide a character of a bar's text is (10 px text), so that texts do not run into the next.
pub const CHAR_PX: f64 = 6.2;
/// The width per op at zoom 1 (a history of n ops is about n times this wide), and the zoom's range.
pub const OP_PX: f64 = 14.0;
pub const ZOOM_MIN: f64 = 0.25;
pub const ZOOM_MAX: f64 = 8.0;

/// A process's lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub process: i64,
    pub y: f64,
}

/// An op's bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The op (its index in the history).
    pub op: usize,
    pub x0: f64,
    pub x1: f64,
    pub y: f64,
    /// It never returned (`:info`): open to the right edge.
    pub open: bool,
    /// Its place (from 1) in the linearization found, if it has one.
    pub place: Option<usize>,
    /// The first op that cannot be placed (an illegal key's).
    pub blocked: bool,
    /// What it did, short: `w 3`, `r 2`, `cas 1→2`, `get "ab"`.
    pub label: String,
    /// The text drawn above it: its place and what it did, or only its place, or nothing, as room
    /// before the next op on its lane allows (pointing at it says the rest).
    pub text: String,
}

/// The whole diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagram {
    pub width: f64,
    pub height: f64,
    pub lanes: Vec<Lane>,
    /// In the order of the key's ops (by call).
    pub bars: Vec<Bar>,
    /// Positions along the top: x and the position's number (a line, or a time).
    pub ticks: Vec<(f64, i64)>,
}

/// What an op did, short, for its bar.
pub fn label(op: &Op) -> String {
    let reg = |v: Option<i64>| v.map_or("nil".to_owned(), |v| v.to_string());
    let text = |s: &str| {
        let short: String = s.chars().take(6).collect();
        let more = if s.chars().count() > 6 { "…" } else { "" };
        format!("\"{short}{more}\"")
    };
    let what = match &op.action {
        Action::Read(v) => format!("r {}", reg(*v)),
        Action::Write(v) => format!("w {}", reg(*v)),
        Action::Cas(a, b) => format!("cas {}→{}", reg(*a), reg(*b)),
        Action::Get(v) => format!("get {}", text(v)),
        Action::Put(v) => format!("put {}", text(v)),
        Action::Append(v) => format!("app {}", text(v)),
    };
    match op.outcome {
        Outcome::Ok => what,
        Outcome::Failed => format!("{what} ✗"),
        Outcome::Info => format!("{what} ?"),
    }
}

/// Lays out key `key` of `history`: `order` is its linearization (or longest prefix), `blocked` the op
/// that cannot be placed, `zoom` the scale (1: about [`OP_PX`] per op).
pub fn layout(
    history: &History,
    key: usize,
    order: &[usize],
    blocked: Option<usize>,
    zoom: f64,
) -> Diagram {
    let ops: Vec<usize> = history.keys()[key].ops.clone();
    let all = history.ops();
    let mut processes: Vec<i64> = ops.iter().map(|&i| all[i].process).collect();
    processes.sort_unstable();
    processes.dedup();
    let lanes: Vec<Lane> = processes
        .iter()
        .enumerate()
        .map(|(i, &process)| Lane {
            process,
            y: TOP_PX + i as f64 * LANE_PX + LANE_PX / 2.0,
        })
        .collect();
    let first = ops.iter().map(|&i| all[i].call).min().unwrap_or(0);
    let last = ops
        .iter()
        .map(|&i| all[i].ret.unwrap_or(all[i].call))
        .max()
        .unwrap_or(0)
        .max(first + 1);
    let zoom = zoom.clamp(ZOOM_MIN, ZOOM_MAX);
    let inner = (ops.len().max(8) as f64 * OP_PX * zoom).max(240.0);
    let width = LEFT_PX + inner + RIGHT_PX;
    let right = LEFT_PX + inner;
    let x = |pos: i64| LEFT_PX + (pos - first) as f64 / (last - first) as f64 * inner;
    let lane_of = |process: i64| {
        lanes
            .iter()
            .find(|l| l.process == process)
            .map_or(0.0, |l| l.y)
    };
    let bars = ops
        .iter()
        .map(|&i| {
            let op = &all[i];
            let x0 = x(op.call);
            let x1 = op.ret.map_or(right, x).max(x0 + BAR_MIN_PX);
            Bar {
                op: i,
                x0,
                x1,
                y: lane_of(op.process),
                open: op.ret.is_none(),
                place: order.iter().position(|&o| o == i).map(|p| p + 1),
                blocked: blocked == Some(i),
                label: label(op),
                text: String::new(),
            }
        })
        .collect::<Vec<Bar>>();
    let mut bars = bars;
    fit_texts(&mut bars);
    Diagram {
        width,
        height: TOP_PX + lanes.len() as f64 * LANE_PX + 8.0,
        ticks: ticks(first, last, inner)
            .into_iter()
            .map(|pos| (x(pos), pos))
            .collect(),
        lanes,
        bars,
    }
}

/// Each bar's text: as much of "place. label" (or "✗ label" for the blocked op) as fits before the next
/// bar on its lane.
fn fit_texts(bars: &mut [Bar]) {
    let mut order: Vec<usize> = (0..bars.len()).collect();
    order.sort_by(|&a, &b| {
        (bars[a].y, bars[a].x0)
            .partial_cmp(&(bars[b].y, bars[b].x0))
            .expect("finite")
    });
    for (k, &i) in order.iter().enumerate() {
        let next = order
            .get(k + 1)
            .filter(|&&j| bars[j].y == bars[i].y)
            .map_or(f64::INFINITY, |&j| bars[j].x0);
        let room = next - bars[i].x0 - 3.0;
        let bar = &bars[i];
        let full = match (bar.place, bar.blocked) {
            (Some(p), _) => format!("{p}. {}", bar.label),
            (None, true) => format!("✗ {}", bar.label),
            (None, false) => bar.label.clone(),
        };
        let short = match (bar.place, bar.blocked) {
            (Some(p), _) => p.to_string(),
            (None, true) => "✗".to_owned(),
            (None, false) => String::new(),
        };
        let width = |t: &str| t.chars().count() as f64 * CHAR_PX;
        bars[i].text = if width(&full) <= room || bar.blocked {
            full
        } else if width(&short) <= room {
            short
        } else {
            String::new()
        };
    }
}

/// Round positions from `first` to `last`, about one per 80 px of `inner`.
fn ticks(first: i64, last: i64, inner: f64) -> Vec<i64> {
    let span = (last - first) as f64;
    let target = span / (inner / 80.0).max(1.0);
    let magnitude = 10f64.powi(target.max(1.0).log10().floor() as i32);
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= target)
        .unwrap_or(10.0 * magnitude)
        .max(1.0) as i64;
    let from = (first + step - 1).div_euclid(step) * step;
    (0..)
        .map(|k| from + k * step)
        .take_while(|&p| p <= last)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lincheck::Check;

    #[test]
    fn lanes_bars_places_and_the_blocked_op() {
        // The spec's worked example 1: p2's read of nil cannot be placed.
        let text = "INFO  jepsen.util - 0\t:invoke\t:write\t1
INFO  jepsen.util - 0\t:info\t:write\t:timed-out
INFO  jepsen.util - 1\t:invoke\t:read\tnil
INFO  jepsen.util - 1\t:ok\t:read\t1
INFO  jepsen.util - 2\t:invoke\t:read\tnil
INFO  jepsen.util - 2\t:ok\t:read\tnil
";
        let history = crate::input::read(text);
        let mut check = Check::new(history.clone());
        while !check.advance(1 << 20) {}
        let report = check.report();
        let key = &report.keys[0];
        let why = key.explanation.as_ref().expect("illegal");
        let d = layout(&history, 0, &why.prefix, Some(why.op), 1.0);
        assert_eq!(
            d.lanes.iter().map(|l| l.process).collect::<Vec<_>>(),
            [0, 1, 2]
        );
        assert_eq!(d.bars.len(), 3);
        // The indeterminate write runs to the right edge; every bar is at least BAR_MIN_PX wide.
        assert!(d.bars[0].open && (d.bars[0].x1 - (d.width - RIGHT_PX)).abs() < 1e-9);
        assert!(d.bars.iter().all(|b| b.x1 - b.x0 >= BAR_MIN_PX - 1e-9));
        // The prefix: the write, then p1's read; p2's read is the one blocked.
        assert_eq!(
            d.bars.iter().map(|b| b.place).collect::<Vec<_>>(),
            [Some(1), Some(2), None]
        );
        assert!(d.bars[2].blocked && !d.bars[1].blocked);
        assert_eq!(d.bars[0].label, "w 1 ?");
        assert_eq!(d.bars[2].label, "r nil");
        assert_eq!(d.bars[2].text, "✗ r nil");
        // Texts never run into the next op on their lane (the blocked op's is always whole).
        for a in &d.bars {
            for b in d
                .bars
                .iter()
                .filter(|b| b.y == a.y && b.x0 > a.x0 && !a.blocked)
            {
                assert!(a.x0 + a.text.chars().count() as f64 * CHAR_PX <= b.x0 - 3.0 + 1e-9);
            }
        }
        // Later calls are further right; each bar is on its process's lane.
        assert!(d.bars.windows(2).all(|w| w[0].x0 <= w[1].x0));
        for (bar, lane) in d.bars.iter().zip(&d.lanes) {
            assert_eq!(bar.y, lane.y);
        }
        assert!(d.ticks.iter().all(|(x, _)| *x >= LEFT_PX && *x <= d.width));
    }

    #[test]
    fn zoom_widens_and_is_bounded() {
        let history = crate::input::read(crate::presets::text("etcd_002").unwrap());
        let w = |z| layout(&history, 0, &[], None, z).width;
        assert!(w(2.0) > w(1.0) && w(1.0) > w(0.5));
        assert_eq!(w(100.0), w(ZOOM_MAX));
        assert_eq!(w(0.0), w(ZOOM_MIN));
    }
}
