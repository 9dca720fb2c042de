//! Property tests of the app's units: the numbers (the report, the owners, the curve, the comparison) do
//! not depend on how the work is split, nor on inputs changed part way; and the page's pace
//! ([`App::set_budget`], [`App::took`]) scales the units.

use super::{App, Msg};
use crate::compare::CompareRow;
use crate::pace::Pace;
use crate::strategy::ALL;
use proptest::prelude::{
    prop_assert, prop_assert_eq, prop_oneof, proptest, Just, ProptestConfig, Strategy,
};

/// A link: any strategy, 2 to 5 nodes, a removal, an addition or no change, 1 to 3 replicas, with or
/// without hot keys and a cache, a node down or not, and weights or not (the added node's too).
fn arb_link() -> impl Strategy<Value = String> {
    let strategy = 0..ALL.len();
    let shape = (2usize..6, 1u32..40, 100u32..2500);
    let service = (1u32..4, proptest::bool::ANY, proptest::bool::ANY);
    let weights = proptest::collection::vec((1usize..10, 1u32..=10), 0..3);
    let all = (strategy, shape, 0usize..7, service, weights);
    all.prop_map(|(s, (n, v, k), change, (r, zipf, fail), weights)| {
        let nodes: Vec<String> = (1..=n).map(|i| format!("db{i}")).collect();
        let mut link = format!(
            "nodes={}&vnodes={v}&keys={k}&strategy={}&replicas={r}&shards=64",
            nodes.join(","),
            ALL[s].name()
        );
        if change < n {
            link += &format!("&remove=db{}", change + 1);
        } else if change == n {
            link += "&add=db9";
        }
        if zipf {
            link += "&zipf=1.00&cache=20";
        }
        if fail {
            link += "&fail=db1";
        }
        if !weights.is_empty() {
            let weights: Vec<String> = weights.iter().map(|(i, w)| format!("db{i}:{w}")).collect();
            link += &format!("&weights={}", weights.join(","));
        }
        link
    })
}

/// Parts of any size, from a single item up, the next size each unit.
fn arb_sizes() -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(prop_oneof![1usize..8, 8usize..300, 300usize..3000], 1..6)
}

/// An input changed part way.
fn arb_msg() -> impl Strategy<Value = Msg> {
    prop_oneof![
        (100u32..2500).prop_map(Msg::SetKeys),
        (1u32..40).prop_map(Msg::SetVnodes),
        (0..ALL.len()).prop_map(|s| Msg::SetStrategy(ALL[s].name().into())),
        (1u32..4).prop_map(Msg::SetReplicas),
        Just(Msg::SetZipf(80)),
        (2usize..6).prop_map(Msg::SetNodeCount),
        (1usize..10, 1u32..=10).prop_map(|(i, w)| Msg::SetWeight(format!("db{i}"), w)),
    ]
}

/// The app for `link`, uncomputed, its units split by `sizes` (the time views left out: their model
/// splits its own work, and is tested there).
fn split(link: &str, sizes: &[usize]) -> App {
    let mut app = App::uncomputed_from_fragment(link);
    app.pace = Pace::parts(sizes);
    app.show_time(false);
    app
}

/// A clock that moves a millisecond a reading.
fn ticks() -> impl FnMut() -> f64 {
    let mut t = 0.0;
    move || {
        t += 1.0;
        t
    }
}

/// Every number of a comparison row but the timing of its lookups (a measurement).
fn without_timing(rows: &[CompareRow]) -> Vec<CompareRow> {
    rows.iter()
        .map(|r| CompareRow {
            lookup_ns: 0.0,
            ..r.clone()
        })
        .collect()
}

/// The numbers `app` shows are those of a fresh app for its inputs: the report, the owners, the live
/// replicas, the curve and the comparison (when computed).
fn same_numbers(app: &mut App) -> Result<(), proptest::test_runner::TestCaseError> {
    let mut fresh = App::from_fragment(&app.params().to_fragment());
    fresh.show_time(false);
    prop_assert_eq!(app.report(), fresh.report());
    prop_assert_eq!(app.names(), fresh.names());
    prop_assert_eq!(app.owners_before(), fresh.owners_before());
    prop_assert_eq!(app.owners_after(), fresh.owners_after());
    prop_assert_eq!(app.live_replicas(), fresh.live_replicas());
    let mut clock = ticks();
    while app.rest_step(&mut clock) {}
    prop_assert_eq!(app.curve(), Some(fresh.compute_curve()));
    let rows = without_timing(fresh.compute_comparison(&mut ticks()));
    prop_assert_eq!(without_timing(app.comparison().expect("computed")), rows);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Units of any sizes (every kind of work cut anywhere, a part a unit) make exactly the numbers made
    /// at once, for every strategy and change.
    #[test]
    fn numbers_do_not_depend_on_how_the_work_is_split(link in arb_link(), sizes in arb_sizes()) {
        let mut app = split(&link, &sizes);
        let mut units = 0;
        while app.advance() {
            units += 1;
        }
        prop_assert!(units > 0);
        same_numbers(&mut app)?;
    }

    /// An input changed after any number of units (or of rest steps): the numbers are those of a fresh
    /// app for the new inputs; nothing half made for the old ones leaks into them.
    #[test]
    fn inputs_changed_part_way_give_the_fresh_numbers(link in arb_link(), sizes in arb_sizes(),
            (stop, msg) in (0usize..400, arb_msg()), (rest, again) in (0usize..300, arb_msg())) {
        let mut app = split(&link, &sizes);
        for _ in 0..stop {
            if !app.advance() {
                break;
            }
        }
        app.apply(msg);
        while app.advance() {}
        let mut clock = ticks();
        for _ in 0..rest {
            if !app.rest_step(&mut clock) {
                break;
            }
        }
        app.apply(again);
        while app.advance() {}
        same_numbers(&mut app)?;
    }
}

/// Lists derived from a neighbour's shorter lists would lack the nodes ranked after them (found by the
/// property above: rendezvous, R raised from 2 to 3 with a removal): the longer lists are made afresh.
#[test]
fn longer_lists_are_not_derived_from_shorter_ones() {
    let link =
        "nodes=db1,db2,db3,db4,db5&vnodes=1&keys=100&strategy=rendezvous&replicas=2&remove=db5";
    let mut app = App::from_fragment(link);
    assert!(app.update(Msg::SetReplicas(3)));
    let fresh = App::from_fragment(&link.replace("replicas=2", "replicas=3"));
    assert_eq!(app.report(), fresh.report());
    assert!(app.update(Msg::SetReplicas(2)));
    assert_eq!(app.report(), App::from_fragment(link).report());
}

/// The page's pace: without a budget, today's units; with one, a first part that is small, then parts
/// scaled by the time the page says they took.
#[test]
fn units_are_scaled_by_the_time_they_took() {
    use crate::ring::HASHING_KEYS;
    let mut app = App::uncomputed_from_fragment("nodes=db1,db2,db3&keys=300000");
    let hashed = |app: &App| app.keys().hashed_of(300_000) as usize;
    app.advance();
    assert_eq!(
        hashed(&app),
        HASHING_KEYS.fixed,
        "no budget: the fixed size"
    );
    app.set_budget(Some(2.0));
    assert_eq!(app.pace().budget_ms(), Some(2.0));
    let mut at = hashed(&app);
    // A unit: the next part, which the page says took `ms(part)`; its size.
    let mut unit = |app: &mut App, ms: &dyn Fn(usize) -> f64| {
        assert!(app.advance());
        let part = hashed(app) - at;
        app.took(ms(part));
        at = hashed(app);
        part
    };
    let first = unit(&mut app, &|_| 4.0);
    assert_eq!(
        first, HASHING_KEYS.first,
        "a kind not measured yet starts small"
    );
    // Twice the budget: the next part is half as big.
    let mut part = unit(&mut app, &|_| 0.5);
    assert_eq!(part, first / 2);
    // At a steady 4,000 keys a ms, parts grow at most twofold a unit, towards 8,000 (the 2 ms budget's
    // worth), never past it.
    for _ in 0..24 {
        let next = unit(&mut app, &|n| n as f64 / 4_000.0);
        assert!(next <= 2 * part && next <= 8_000, "{part} → {next}");
        part = next;
    }
    assert!(part >= 7_600, "{part}");
    // A part that took five times the budget: the next is a fifth of it.
    let slow = unit(&mut app, &|_| 10.0);
    assert_eq!(unit(&mut app, &|_| 1.0), slow / 5);
    // Turned off: the fixed size again.
    app.set_budget(None);
    assert_eq!(unit(&mut app, &|_| 1.0), HASHING_KEYS.fixed);
}
