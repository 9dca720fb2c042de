//! The worked examples of `../shared/specs/consistency.md`, section 4 (`fixtures/spec_consistency.json`,
//! copied by hand from the spec): what a `hist=` link keeps and drops, the eight verdicts and the stale
//! reads.

use ring_time::check::{judge, stale_reads, Guarantee};
use ring_time::history::History;
use serde_json::Value;

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/spec_consistency.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json")
}

#[test]
fn the_verdicts_are_in_the_fixtures_order() {
    let doc = fixture();
    let order: Vec<&str> = doc["verdict_order"]
        .as_array()
        .expect("verdict_order")
        .iter()
        .map(|v| v.as_str().expect("name"))
        .collect();
    let names: Vec<&str> = Guarantee::ALL.iter().map(|g| g.name()).collect();
    assert_eq!(order, names);
}

#[test]
fn worked_examples_match_the_spec() {
    let doc = fixture();
    let examples = doc["examples"].as_array().expect("examples");
    assert_eq!(
        examples.len(),
        11,
        "ten lines, the x1 line being two examples"
    );
    for ex in examples {
        let hist = ex["hist"].as_str().expect("hist");
        let (h, dropped) = History::parse(hist);
        assert_eq!(
            h.to_text(),
            ex["kept"].as_str().expect("kept"),
            "{hist}: kept"
        );
        let want_dropped: Vec<&str> = ex["dropped"]
            .as_array()
            .expect("dropped")
            .iter()
            .map(|d| d.as_str().expect("text"))
            .collect();
        assert_eq!(dropped, want_dropped, "{hist}: dropped");

        let verdicts = judge(&h);
        let marks: String = verdicts
            .iter()
            .map(|v| if v.holds { '✔' } else { '✗' })
            .collect();
        assert_eq!(marks, ex["verdicts"].as_str().expect("verdicts"), "{hist}");
        for v in &verdicts {
            // A ✗ says why and points at the ops; a ✔ says nothing.
            assert_eq!(v.holds, v.witness.is_empty(), "{hist}: {v:?}");
            assert_eq!(v.holds, v.why.is_empty(), "{hist}: {v:?}");
        }

        let stale = stale_reads(&h);
        assert_eq!(
            stale.len() as u64,
            ex["stale"].as_u64().expect("stale"),
            "{hist}"
        );
        let largest = stale.iter().map(|s| s.staleness).max().unwrap_or(0);
        assert_eq!(
            largest as u64,
            ex["staleness"].as_u64().expect("staleness"),
            "{hist}"
        );
    }
}
