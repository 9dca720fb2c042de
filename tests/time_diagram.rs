//! The history diagram's geometry (`ring_time::diagram`) for the simulated histories of the core's
//! presets: lanes, bars, messages and the partition's window, read off a page's own app.

use ring_playground::app::App;
use ring_playground::consistency::diagram::*;

fn ap() -> App {
    App::from_fragment(ring_playground::params::presets::PRESETS[4].link)
}

#[test]
fn lanes_bars_and_messages_fit_the_box_and_follow_time() {
    let app = ap();
    let shown = app.history().unwrap();
    let t = &app.params().time;
    let d = layout(shown, 900.0, LANE_PX, Some((t.from, t.to)), &t.split);
    // Four clients, then db2, db3, db1 and the two stand-ins the sloppy quorum used.
    let names: Vec<&str> = d.lanes.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(
        names,
        ["c1", "c2", "c3", "c4", "db2", "db3", "db1", "db5", "db4"]
    );
    let sides: Vec<bool> = d.lanes.iter().map(|l| l.side_b).collect();
    assert_eq!(
        sides,
        [true, false, false, false, true, false, false, true, true]
    );
    assert!(matches!(
        d.lanes[7].kind,
        LaneKind::Node {
            stand_in: true,
            down: false
        }
    ));
    assert!(d.lanes.windows(2).all(|w| w[0].y < w[1].y));
    assert!(d.height > d.lanes.last().unwrap().y);
    let right = d.width - RIGHT_PX;
    for bar in &d.bars {
        assert!(
            bar.x0 >= LEFT_PX
                && bar.x1 <= right + BAR_MIN_PX
                && bar.x1 - bar.x0 >= BAR_MIN_PX - 1e-9,
            "{bar:?} in {LEFT_PX}..{right}"
        );
        let op = &shown.history.ops[bar.op];
        assert_eq!(
            bar.y,
            d.lanes[op.client as usize - 1].y,
            "on its client's lane"
        );
    }
    // Time runs left to right: a later start is further right.
    for w in shown.history.ops.windows(2).zip(d.bars.windows(2)) {
        assert!(w.0[0].start <= w.0[1].start && w.1[0].x0 <= w.1[1].x0);
    }
    let (from, to) = d.window.unwrap();
    let x = |ms: f64| LEFT_PX + ms / d.end_ms * (d.width - LEFT_PX - RIGHT_PX);
    assert!((from - x(60.0)).abs() < 1e-9 && (to - x(240.0)).abs() < 1e-9);
    // Every message runs between two lanes, forward in time.
    assert!(!d.lines.is_empty());
    assert!(d.lines.iter().all(|l| l.x1 >= l.x0));
    // Under CP the clients on side A still send to db2 on side B: those messages are lost.
    let cp = App::from_fragment(ring_playground::params::presets::PRESETS[3].link);
    let d2 = layout(
        cp.history().unwrap(),
        900.0,
        COMPACT_LANE_PX,
        Some((60, Some(240))),
        &t.split,
    );
    assert!(
        d2.lines.iter().any(|l| l.lost),
        "the partition loses messages"
    );
    // Labels on a lane never run into each other in one row.
    for lane in &d.lanes {
        let mut rows: Vec<(f64, f64, f64)> = d
            .bars
            .iter()
            .filter(|b| b.y == lane.y)
            .filter_map(|b| {
                b.label_at
                    .map(|(x, y)| (y, x, x + b.label.chars().count() as f64 * CHAR_PX))
            })
            .collect();
        rows.sort_by(|a, b| a.partial_cmp(b).unwrap());
        assert!(rows
            .windows(2)
            .all(|w| w[0].0 != w[1].0 || w[0].2 <= w[1].1));
    }
    // Ticks are round and inside the box.
    assert!(
        d.ticks.len() >= 3
            && d.ticks
                .iter()
                .all(|(x, _)| *x >= LEFT_PX && *x <= right + 1e-9)
    );
}
