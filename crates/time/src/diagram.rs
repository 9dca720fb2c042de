//! The space-time diagram of a history as pure geometry (tested natively; `web::history` only draws it):
//! time runs left to right; one lane per client (its ops as bars from start to end) and one per replica
//! (the value it holds over time); messages as thin lines between lanes; the partition's window shaded.

use crate::history::{Kind, Op};
use crate::model::Shown;
use crate::sim::{Lane, Leg};

/// Height of one lane (and of one in the compact view), and the gap above the first, in CSS pixels.
pub const LANE_PX: f64 = 34.0;
pub const COMPACT_LANE_PX: f64 = 25.0;
pub const TOP_PX: f64 = 22.0;
/// Room on the left for the lanes' names, and on the right.
pub const LEFT_PX: f64 = 92.0;
pub const RIGHT_PX: f64 = 12.0;
/// The narrowest bar drawn, so that the shortest op can be seen and pointed at.
pub const BAR_MIN_PX: f64 = 4.0;
/// Roughly how wide a character of a label is (11 px text), to keep labels from running into each other.
pub const CHAR_PX: f64 = 6.6;
/// How far above its lane a label moves when the one before it is in the way.
pub const LABEL_LIFT_PX: f64 = 12.0;

/// What a lane is.
#[derive(Clone, Debug, PartialEq)]
pub enum LaneKind {
    Client,
    /// A replica of the key (`stand_in`: a node a sloppy quorum used in place of one), down throughout or
    /// not.
    Node {
        down: bool,
        stand_in: bool,
    },
}

/// A lane: a client or a node, its name and where it sits.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneBox {
    pub name: String,
    pub kind: LaneKind,
    /// On side B of the partition.
    pub side_b: bool,
    /// Its centre line.
    pub y: f64,
}

/// How an op is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// An acknowledged write.
    Write,
    /// An answered read.
    Read,
    /// A write of unknown outcome (timed out).
    Unknown,
    /// Unavailable at its start (failed at once), or a read that timed out.
    Failed,
}

/// One op as a bar on its client's lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Its index in the history.
    pub op: usize,
    pub x0: f64,
    pub x1: f64,
    pub y: f64,
    /// `w3`, `r→2`, `w3?`, `w3 ✗`, `r ✗`.
    pub label: String,
    /// Where its label goes (on the bar, or lifted above it when the previous label is in the way); none
    /// when neither place is free (the op is still named on hover, on focus and in the table).
    pub label_at: Option<(f64, f64)>,
    pub style: Style,
}

/// A stretch of time during which a node holds one value.
#[derive(Clone, Debug, PartialEq)]
pub struct Held {
    pub lane: usize,
    pub x0: f64,
    pub x1: f64,
    pub value: u32,
    /// Whether its value is written at its start (not when the label before it is in the way).
    pub labelled: bool,
}

/// A message between lanes.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub op: usize,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    /// Lost (to a down node, or across the partition): drawn to where it would have arrived, crossed.
    pub lost: bool,
    pub leg: Leg,
}

/// The whole diagram in CSS pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagram {
    pub width: f64,
    pub height: f64,
    pub lanes: Vec<LaneBox>,
    pub bars: Vec<Bar>,
    pub held: Vec<Held>,
    pub lines: Vec<Line>,
    /// The partition's window, shaded: x from, x to.
    pub window: Option<(f64, f64)>,
    /// Time ticks along the top: x and the label in ms.
    pub ticks: Vec<(f64, String)>,
    /// Milliseconds shown, from 0.
    pub end_ms: f64,
}

/// An op's label: `w3`, `r→2` (a read returning 2), `w3?` (unknown outcome), `w3 ✗` / `r ✗` (failed).
pub fn label(op: &Op, failed_write: bool) -> String {
    match op.kind {
        Kind::Write => format!("w{}", op.value),
        Kind::Read => format!("r→{}", op.value),
        Kind::Unknown => format!("w{}?", op.value),
        Kind::Failed if failed_write || op.value > 0 => format!("w{} ✗", op.value),
        Kind::Failed => "r ✗".to_owned(),
    }
}

/// A round step for time ticks about `target` ms apart: 1, 2 or 5 times a power of ten.
fn tick_step(target: f64) -> f64 {
    let p = 10f64.powf(target.max(1e-3).log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&s| s >= target)
        .unwrap_or(10.0 * p)
}

/// Lays `shown` out in `width` CSS pixels, lanes `lane_px` apart. `window_ms`: the partition's window, if
/// any (`to` None: to the end).
pub fn layout(
    shown: &Shown,
    width: f64,
    lane_px: f64,
    window_ms: Option<(u32, Option<u32>)>,
    split: &[String],
) -> Diagram {
    let history = &shown.history;
    let clients = history.ops.iter().map(|o| o.client).max().unwrap_or(0).max(
        shown
            .run
            .as_ref()
            .map_or(0, |r| r.ops.iter().map(|t| t.op.client).max().unwrap_or(0)),
    );
    let mut lanes: Vec<LaneBox> = (1..=clients)
        .map(|c| {
            let name = format!("c{c}");
            LaneBox {
                side_b: split.contains(&name),
                name,
                kind: LaneKind::Client,
                y: 0.0,
            }
        })
        .collect();
    // Node lanes: the replicas, then the stand-ins the run used.
    let mut node_lane = vec![None; shown.order.len()];
    if let Some(run) = &shown.run {
        for (j, name) in shown.order.iter().enumerate() {
            if run.used.get(j) == Some(&true) {
                node_lane[j] = Some(lanes.len());
                lanes.push(LaneBox {
                    name: name.clone(),
                    kind: LaneKind::Node {
                        down: run.down.get(j) == Some(&true),
                        stand_in: j >= shown.replicas,
                    },
                    side_b: split.contains(name),
                    y: 0.0,
                });
            }
        }
    }
    for (i, lane) in lanes.iter_mut().enumerate() {
        lane.y = TOP_PX + lane_px * (i as f64 + 0.5);
    }
    let last_us = history
        .ops
        .iter()
        .map(|o| o.end)
        .chain(shown.run.as_ref().map(|r| r.end))
        .max()
        .unwrap_or(1)
        .max(1);
    let end_ms = last_us as f64 / 1000.0;
    let span = (width - LEFT_PX - RIGHT_PX).max(50.0);
    let x = |us: u64| LEFT_PX + (us as f64 / 1000.0) / end_ms * span;
    let lane_of_client = |c: u8| lanes[c as usize - 1].y;
    let failed_write = |i: usize| {
        shown
            .run
            .as_ref()
            .is_some_and(|r| r.ops.get(i).is_some_and(|t| t.write))
    };
    let mut bars: Vec<Bar> = history
        .ops
        .iter()
        .enumerate()
        .map(|(i, op)| {
            let (x0, x1) = (x(op.start), x(op.end));
            let x1 = x1.max(x0 + BAR_MIN_PX);
            Bar {
                op: i,
                x0,
                x1,
                y: lane_of_client(op.client),
                label: label(op, failed_write(i)),
                label_at: None,
                style: match op.kind {
                    Kind::Write => Style::Write,
                    Kind::Read => Style::Read,
                    Kind::Unknown => Style::Unknown,
                    Kind::Failed => Style::Failed,
                },
            }
        })
        .collect();
    let mut held = Vec::new();
    let mut lines = Vec::new();
    if let Some(run) = &shown.run {
        for (j, changes) in run.held.iter().enumerate() {
            let Some(lane) = node_lane[j] else { continue };
            for (k, &(at, value)) in changes.iter().enumerate() {
                let until = changes.get(k + 1).map_or(last_us, |c| c.0);
                held.push(Held {
                    lane,
                    x0: x(at),
                    x1: x(until),
                    value,
                    labelled: false,
                });
            }
        }
        let y_of = |lane: Lane| match lane {
            Lane::Client(c) => Some(lane_of_client(c + 1)),
            Lane::Node(j) => node_lane[j as usize].map(|l| lanes[l].y),
        };
        for m in &run.messages {
            if let (Some(y0), Some(y1)) = (y_of(m.from), y_of(m.to)) {
                lines.push(Line {
                    op: m.op,
                    x0: x(m.sent),
                    y0,
                    x1: x(m.arrives.min(last_us)),
                    y1,
                    lost: m.lost,
                    leg: m.leg,
                });
            }
        }
    }
    place_labels(&mut bars, &mut held);
    let window = window_ms.map(|(from, to)| {
        let from = x(from as u64 * 1000).min(LEFT_PX + span);
        let to = to.map_or(LEFT_PX + span, |t| x(t as u64 * 1000).min(LEFT_PX + span));
        (from, to)
    });
    let step = tick_step(end_ms / (span / 90.0).max(1.0));
    let ticks = (0..)
        .map(|i| i as f64 * step)
        .take_while(|&t| t <= end_ms)
        .map(|t| (LEFT_PX + t / end_ms * span, format_ms(t)))
        .collect();
    Diagram {
        width,
        height: TOP_PX + lane_px * lanes.len() as f64 + 8.0,
        lanes,
        bars,
        held,
        lines,
        window,
        ticks,
        end_ms,
    }
}

/// Puts each op's label on its bar, or lifted above it when the label before it on the lane is in the
/// way, or nowhere; and writes a node's value where the one before it leaves room.
fn place_labels(bars: &mut [Bar], held: &mut [Held]) {
    let width = |text: &str| text.chars().count() as f64 * CHAR_PX + 4.0;
    let mut order: Vec<usize> = (0..bars.len()).collect();
    order.sort_by(|&a, &b| {
        (bars[a].y, bars[a].x0)
            .partial_cmp(&(bars[b].y, bars[b].x0))
            .expect("finite")
    });
    // Per lane (its y): where each row's last label ends.
    let mut ends: Vec<(f64, [f64; 2])> = Vec::new();
    for i in order {
        let bar = &mut bars[i];
        let x = bar.x0 + 3.0;
        let w = width(&bar.label);
        let row = match ends.iter_mut().find(|(y, _)| *y == bar.y) {
            Some((_, row)) => row,
            None => {
                ends.push((bar.y, [f64::MIN; 2]));
                &mut ends.last_mut().expect("pushed").1
            }
        };
        bar.label_at = (0..2).find(|&r| row[r] <= x).map(|r| {
            row[r] = x + w;
            (x, bar.y + 4.0 - r as f64 * LABEL_LIFT_PX * 1.2)
        });
    }
    let mut last_end: Vec<(usize, f64)> = Vec::new();
    for h in held.iter_mut() {
        let end = match last_end.iter_mut().find(|(lane, _)| *lane == h.lane) {
            Some((_, end)) => end,
            None => {
                last_end.push((h.lane, f64::MIN));
                &mut last_end.last_mut().expect("pushed").1
            }
        };
        let x = h.x0 + 2.0;
        if x >= *end {
            h.labelled = true;
            *end = x + width(&h.value.to_string());
        }
    }
}

/// Milliseconds for a label: whole above 10, else up to three decimals without trailing zeros.
pub fn format_ms(ms: f64) -> String {
    if ms >= 10.0 {
        format!("{ms:.0}")
    } else {
        let s = format!("{ms:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_each_kind_of_op() {
        use crate::history::History;
        let (h, dropped) = History::parse("1:w3@0-1,2:r2@2-3,3:x4@0-5,1:f5@2-3,2:f0@4-5");
        assert!(dropped.is_empty());
        let labels: Vec<String> = h.ops.iter().map(|o| label(o, o.value > 0)).collect();
        assert_eq!(labels, ["w3", "r→2", "w4?", "w5 ✗", "r ✗"]);
        assert_eq!(
            (format_ms(0.235), format_ms(12.4), format_ms(120.0)),
            ("0.235".into(), "12".into(), "120".into())
        );
        assert_eq!(tick_step(7.0), 10.0);
        assert_eq!(tick_step(17.0), 20.0);
    }
}
