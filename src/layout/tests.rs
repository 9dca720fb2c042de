use super::*;

#[test]
fn bins_of_positions() {
    assert_eq!(bin_of(0), 0);
    assert_eq!(bin_of(1 << 127), BINS / 2);
    assert_eq!(bin_of(u128::MAX), BINS - 1);
}

#[test]
fn arcs_cover_the_ring_once() {
    for vnodes in [1, 5, 150, 1000] {
        let ring = Ring::new(&["db1", "db2", "db3", "db4"], vnodes);
        let arcs = arcs(&ring);
        let covered: f64 = arcs.iter().map(|a| a.end - a.start).sum();
        assert!((covered - 1.0).abs() < 1e-9, "vnodes={vnodes}: {covered}");
        assert!(arcs
            .windows(2)
            .all(|w| w[0].node != w[1].node && (w[0].end - w[1].start).abs() < 1e-12));
        assert!(arcs.len() <= ARC_LIMIT);
    }
}

#[test]
fn many_arcs_are_sampled_by_the_owner_at_each_slot() {
    // 100 nodes × 100 virtual nodes: far more arcs than ARC_LIMIT, so the band is sampled.
    let names: Vec<String> = (1..=100).map(|i| format!("db{i}")).collect();
    let ring = Ring::new(&names, 100);
    let arcs = arcs(&ring);
    assert!(
        arcs.len() > 100 && arcs.len() <= ARC_SLOTS,
        "{}",
        arcs.len()
    );
    let covered: f64 = arcs.iter().map(|a| a.end - a.start).sum();
    assert!((covered - 1.0).abs() < 1e-9);
    for a in &arcs {
        // The owner in the middle of every slot the arc spans is the arc's node.
        let slot = 1.0 / ARC_SLOTS as f64;
        let mut t = a.start + slot / 2.0;
        while t < a.end {
            let pos = crate::geometry::position_at(t);
            assert_eq!(ring.owner_of(pos), Some(a.node), "at turn {t}");
            t += slot;
        }
    }
    assert!(
        arcs.iter()
            .map(|a| a.node)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            > 90
    );
}

#[test]
fn arcs_end_at_their_owning_vnode() {
    let ring = Ring::new(&["a", "b"], 3);
    let arcs = arcs(&ring);
    for a in &arcs {
        let end = a.end.rem_euclid(1.0);
        let at = ring
            .positions()
            .iter()
            .position(|&p| (turn(p) - end).abs() < 1e-12)
            .unwrap();
        assert_eq!(ring.owners()[at], a.node);
    }
}

#[test]
fn bins_count_every_key_and_every_move() {
    let app = App::from_fragment("nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
    let scene = Scene::of(&app);
    assert_eq!(
        scene.bins.iter().map(|b| b.keys as u64).sum::<u64>(),
        10_000
    );
    assert_eq!(scene.bins.iter().map(|b| b.moved as u64).sum::<u64>(), 3114);
    assert!(scene
        .bins
        .iter()
        .filter(|b| b.moved > 0)
        .all(|b| b.moved_to != 1));
    assert_eq!(scene.changed, Some(1));
    assert_eq!(scene.ticks.len(), 450);
    assert!(scene
        .arcs_after
        .as_ref()
        .unwrap()
        .iter()
        .all(|a| a.node != 1));
}

#[test]
fn few_keys_are_marked_one_by_one() {
    let app = App::from_fragment("keys=500&remove=db1");
    let marks = Scene::of(&app).marks.expect("500 keys are marked");
    assert_eq!(marks.len(), 500);
    let moved = marks.iter().filter(|m| m.moved_to.is_some()).count() as u64;
    assert_eq!(moved, app.report().movement.as_ref().unwrap().moved);
    assert!(marks
        .iter()
        .filter(|m| m.moved_to.is_some())
        .all(|m| m.owner == 0));
    assert!(marks.windows(2).all(|w| w[0].turn <= w[1].turn));
    assert!(Scene::of(&App::from_fragment("keys=2001")).marks.is_none());
}

#[test]
fn added_node_ticks_are_drawn() {
    let app = App::from_fragment("add=db4&vnodes=10");
    let scene = Scene::of(&app);
    assert_eq!(scene.ticks.iter().filter(|t| t.node == 3).count(), 10);
    assert_eq!(scene.colors.len(), 4);
    assert!(!scene.removing);
}

#[test]
fn curve_frame_maps_log_vnodes_and_spread() {
    let f = CurveFrame::fit(400.0, 200.0, 0.37);
    assert_eq!(f.y_max, 0.5);
    assert_eq!(f.x(1), f.left);
    assert_eq!(f.x(1000), f.right);
    assert!((f.x(10) - (f.left + (f.right - f.left) / 3.0)).abs() < 1e-9);
    assert_eq!(f.y(0.0), f.bottom);
    assert_eq!(f.y(0.5), f.top);
    assert_eq!(f.y(9.0), f.top, "clamped");
}

/// The palette under the common colour-vision deficiencies: Machado, Oliveira & Fernandes (2009)
/// matrices at full severity, applied in linear RGB; distances in CIELAB (D65).
#[test]
fn palette_stays_distinguishable_under_colour_vision_deficiencies() {
    type M = [[f64; 3]; 3];
    const NORMAL: M = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    const PROTAN: M = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    const DEUTAN: M = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    const TRITAN: M = [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ];
    let linear = |hex: &str| -> [f64; 3] {
        std::array::from_fn(|i| {
            let c = u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap() as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        })
    };
    let lab = |m: &M, rgb: [f64; 3]| -> [f64; 3] {
        let v: [f64; 3] = std::array::from_fn(|i| {
            (0..3)
                .map(|j| m[i][j] * rgb[j])
                .sum::<f64>()
                .clamp(0.0, 1.0)
        });
        let xyz = [
            (0.4124 * v[0] + 0.3576 * v[1] + 0.1805 * v[2]) / 0.95047,
            0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2],
            (0.0193 * v[0] + 0.1192 * v[1] + 0.9505 * v[2]) / 1.08883,
        ];
        let f = |t: f64| {
            if t > 216.0 / 24389.0 {
                t.cbrt()
            } else {
                (24389.0 / 27.0 * t + 16.0) / 116.0
            }
        };
        let (fx, fy, fz) = (f(xyz[0]), f(xyz[1]), f(xyz[2]));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    };
    for (name, m) in [
        ("normal", NORMAL),
        ("protanopia", PROTAN),
        ("deuteranopia", DEUTAN),
        ("tritanopia", TRITAN),
    ] {
        let labs: Vec<[f64; 3]> = PALETTE.iter().map(|h| lab(&m, linear(h))).collect();
        for i in 0..labs.len() {
            for j in i + 1..labs.len() {
                let d = (0..3)
                    .map(|k| (labs[i][k] - labs[j][k]).powi(2))
                    .sum::<f64>()
                    .sqrt();
                assert!(
                    d >= 15.0,
                    "{name}: {} and {} are {d:.1} apart",
                    PALETTE[i],
                    PALETTE[j]
                );
            }
        }
    }
    assert_eq!(node_color(0), PALETTE[0]);
    assert!(node_color(8).starts_with("hsl("));
}

#[test]
fn geometry_nests() {
    let g = Geometry::fit(600.0);
    assert!(g.after_inner < g.band_inner && g.band_inner < g.band_outer);
    assert!(g.band_outer < g.tick_inner && g.tick_outer < g.bars_inner);
    assert!(g.bars_inner + g.bars_max <= 300.0);
}

#[test]
fn ticks_are_sampled_past_the_limit_keeping_the_changed_nodes() {
    let nodes: Vec<String> = (1..=20).map(|i| format!("n{i}")).collect();
    let app = App::from_fragment(&format!(
        "nodes={}&vnodes=400&keys=1000&remove=n7",
        nodes.join(",")
    ));
    let scene = Scene::of(&app);
    assert!(
        scene.ticks.len() <= TICK_SLOTS + 400,
        "{}",
        scene.ticks.len()
    );
    assert!(scene.ticks.len() > TICK_SLOTS / 2);
    assert_eq!(
        scene.ticks.iter().filter(|t| t.node == 6).count(),
        400,
        "every tick of n7"
    );
    assert!(scene.ticks.windows(2).all(|w| w[0].turn <= w[1].turn));
    let small = App::from_fragment("nodes=a,b&vnodes=100&keys=100");
    assert_eq!(
        Scene::of(&small).ticks.len(),
        200,
        "below the limit: every tick"
    );
}

#[test]
fn a_picture_made_in_parts_is_the_picture_made_at_once() {
    for link in [
        "nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2",
        "nodes=db1,db2,db3,db4&vnodes=40&keys=30000&add=db5&weights=db1:3,db5:2",
        "nodes=db1,db2,db3,db4,db5&keys=3000&replicas=2&fail=db2,db3&strategy=ketama",
        "nodes=db1,db2,db3&keys=500&strategy=maglev&remove=db1",
    ] {
        let app = App::from_fragment(link);
        let whole = Scene::of(&app);
        for keys in [1, 7, 1000] {
            let mut making = MakingScene::begin(&app);
            let scene = loop {
                if let Some(scene) = making.step(&app, keys) {
                    break scene;
                }
            };
            assert_eq!(scene, whole, "{link} by {keys} keys");
        }
    }
}
