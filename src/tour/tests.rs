use super::*;
use crate::consistency::history::Kind;
use crate::params::tours::by_id;

/// The app on step `n` of the Reddit tour, every number computed (the balance curve too).
fn at_step(n: u32) -> App {
    let mut app = App::from_fragment(&format!("v=1&tour=reddit&step={n}"));
    assert!(app.notices().is_empty(), "{:?}", app.notices());
    app.compute_curve();
    app
}

#[test]
fn every_caption_is_complete_and_names_only_known_numbers() {
    for n in 1..=by_id("reddit").unwrap().len() {
        let caption = caption(&at_step(n)).unwrap();
        assert!(
            caption.unknown.is_empty(),
            "step {n}: {:?}",
            caption.unknown
        );
        assert!(caption.complete, "step {n}: {}", caption.text);
        assert!(
            !caption.text.contains(['{', '}', '…', '—']),
            "step {n}: {}",
            caption.text
        );
    }
}

/// Embedded, a step computes only the views it shows and its caption reads (the comparison, the
/// curve and the time views each on demand), and that is enough for its caption.
#[test]
fn an_embedded_step_computes_what_its_caption_needs_and_no_more() {
    for n in 1..=by_id("reddit").unwrap().len() {
        let mut app = App::from_fragment(&format!("v=1&tour=reddit&step={n}&embed=1"));
        let mut clock = || 0.0;
        while app.rest_step(&mut clock) {}
        let wanted = app.wanted();
        assert!(!wanted.comparison, "step {n}");
        assert_eq!(app.curve().is_some(), wanted.curve, "step {n}: the curve");
        assert_eq!(
            app.history().is_some(),
            wanted.history,
            "step {n}: the history"
        );
        assert_eq!(app.staleness().is_some(), wanted.staleness, "step {n}: PBS");
        assert!(caption(&app).unwrap().complete, "step {n}");
    }
}

#[test]
#[ignore = "prints every caption, to read"]
fn print_captions() {
    for n in 1..=by_id("reddit").unwrap().len() {
        println!("{n}. {}\n", caption(&at_step(n)).unwrap().text);
    }
}

/// A committed fixture (`tests/fixtures/`).
fn fixture(name: &str) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The busiest node's keys over the mean, from a seed fixture's distribution (the seed code's own).
fn seed_spread(name: &str) -> String {
    let f = fixture(name);
    let dist = f["dist"].as_object().unwrap();
    let max = dist.values().map(|v| v.as_u64().unwrap()).max().unwrap();
    let keys = f["keys"].as_u64().unwrap() as f64;
    format!("{:.2}", max as f64 / (keys / dist.len() as f64))
}

/// Σ 1/i for i in 1..=n: the Zipf s = 1 weights' total (replication.md).
fn harmonic(n: u32) -> f64 {
    (1..=n).rev().map(|i| 1.0 / i as f64).sum()
}

/// The numbers the captions show, each from a source that is not the page's code: the seed oracle's
/// fixtures, `spec_reference.json` (strategies.md and replication.md recomputed in Python), the specs'
/// rules worked by hand, and closed forms.
#[test]
fn captions_say_the_independent_numbers() {
    let reference = fixture("spec_reference.json");
    let reddit = "nodes=db1,db2,db3,db4,db5,db6,db7,db8,db9,db10,db11,db12,db13,db14,db15,db16\
                  &vnodes=150&keys=100000&add=db17";
    let says = |n: u32, words: &[String]| {
        let text = caption(&at_step(n)).unwrap().text;
        for w in words {
            assert!(
                text.contains(w.as_str()),
                "step {n} should say {w:?}: {text}"
            );
        }
    };
    says(1, &["10,000 keys lives on db1: 100.0\u{a0}%".into()]);
    // strategies.md, range: 10,000 keys on 3 nodes split at 3,333 and 6,666; db3's 3,334 is the largest
    // range, and db4 takes it from 6,666 + ⌈3,334 / 2⌉ = 8,333 to its end: 1,667 keys.
    says(3, &["1,667 keys (16.7\u{a0}%) move, all from db3".into()]);
    let moved = |strategy: &str| thousands(reference["moved"][reddit][strategy].as_u64().unwrap());
    says(
        4,
        &[
            format!("{} of the 100,000 keys", moved("modn")),
            // replication.md's Zipf weights: user_0 asks 1 / H(100,000) of the requests.
            format!("makes {}", percent(1.0 / harmonic(100_000))),
        ],
    );
    // strategies.md, shards: adding a node moves ⌊S / (N + 1)⌋ = ⌊1000 / 17⌋ = 58 whole shards.
    says(
        5,
        &[
            format!("58 of the 1,000, carrying {} keys", moved("shards")),
            format!("against {} for hash % 17", moved("modn")),
        ],
    );
    let seed = fixture("seed_3x150_10k_remove_db2.json");
    let page_example = "nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2";
    says(
        6,
        &[
            format!("moves {} keys", thousands(seed["moved"].as_u64().unwrap())),
            "printout says 3,333".into(),
            format!(
                "would move {}",
                thousands(reference["modulo_moved"][page_example].as_u64().unwrap())
            ),
        ],
    );
    says(
        7,
        &[
            format!("holds {} times", seed_spread("seed_3x1_10k.json")),
            format!("each, {} times", seed_spread("seed_3x150_10k.json")),
        ],
    );
    // Strict quorums (r + w > R) read the last committed write: P = 1 at t = 0, and no stale read.
    says(
        9,
        &[
            "fresh with probability 100.0\u{a0}%".into(),
            "has 0 stale reads".into(),
        ],
    );
    // The cache holds the 1,000 most requested keys: H(1,000) / H(100,000) of the requests.
    says(
        11,
        &[
            format!("makes {}", percent(1.0 / harmonic(100_000))),
            format!("answers {}", percent(harmonic(1000) / harmonic(100_000))),
        ],
    );
}

/// The time steps' numbers are the time views': the staleness table's row and the history's counts.
#[test]
fn time_captions_read_the_time_views() {
    for n in [8, 9, 10] {
        let app = at_step(n);
        let text = caption(&app).unwrap().text;
        let shown = app.current_history().unwrap();
        let p = app.params();
        let row = app.current_staleness().unwrap().row(p.read, p.write);
        let ops = &shown.history.ops;
        let count = |kind: Kind| ops.iter().filter(|o| o.kind == kind).count();
        for w in match n {
            8 => vec![
                percent(row.p0_ppm as f64 / 1e6),
                format!("{}\u{a0}ms after", ms_short(row.t999_ms)),
                format!("{} of the {} reads", shown.stale.len(), count(Kind::Read)),
            ],
            9 => vec![format!("takes {}\u{a0}ms", ms_short(row.write999_ms))],
            _ => vec![format!(
                "{} of the {} ops failed",
                count(Kind::Failed),
                ops.len()
            )],
        } {
            assert!(text.contains(&w), "step {n} should say {w:?}: {text}");
        }
    }
    // The story each needs: ONE reads stale, a partition under C fails ops and stays linearizable.
    assert!(!at_step(8).current_history().unwrap().stale.is_empty());
    let c = at_step(10);
    let shown = c.current_history().unwrap();
    assert!(shown.history.ops.iter().any(|o| o.kind == Kind::Failed));
    assert!(shown.verdicts[0].holds, "{:?}", shown.verdicts[0]);
}

#[test]
fn a_changed_step_says_what_it_has_and_dashes_what_it_has_not() {
    // Step 6 with db1 removed instead: the printout is the course page's example only.
    let mut app = App::from_fragment(
        "v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db1&tour=reddit&step=6",
    );
    app.compute_curve();
    let c = caption(&app).unwrap();
    assert!(c.complete && c.unknown.is_empty());
    let seed = fixture("seed_3x150_10k_remove_db1.json");
    let moved = thousands(seed["moved"].as_u64().unwrap());
    assert!(
        c.text.contains(&format!("moves {moved} keys")),
        "{}",
        c.text
    );
    assert!(c.text.contains("printout says —"), "{}", c.text);
    // Step 4 without skewed popularity: no hot key.
    let app = App::from_fragment(&format!(
        "{}&tour=reddit&step=4",
        by_id("reddit")
            .unwrap()
            .step(4)
            .unwrap()
            .link
            .replace("&zipf=1.00", "")
    ));
    assert!(caption(&app).unwrap().text.contains("its node — serves —"));
    // Off a tour: no caption.
    assert_eq!(caption(&App::from_fragment("v=1&nodes=a,b")), None);
}

#[test]
fn numbers_not_computed_yet_are_pending() {
    let app = App::uncomputed_from_fragment("v=1&tour=reddit&step=6");
    let c = caption(&app).unwrap();
    assert!(!c.complete);
    assert!(
        c.text.contains("moves … keys") && c.text.contains("printout says 3,333"),
        "{}",
        c.text
    );
}
