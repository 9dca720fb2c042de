//! The worked examples of `../shared/specs/replication.md`, through the app as a link opens them
//! (`fixtures/spec_replication.json`, copied by hand from the spec).

use ring_playground::app::{App, NodeRow};
use serde_json::Value;

/// Reads one per-node number of a row.
type Field = fn(&NodeRow) -> Option<u64>;

fn examples() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/spec_replication.json"
    );
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json");
    doc["examples"].as_array().expect("examples").clone()
}

/// `field` of the row named `name`, as `of` reads it.
fn by_node(app: &App, expected: &Value, of: Field) -> Vec<(String, Option<u64>, u64)> {
    expected
        .as_object()
        .expect("per-node object")
        .iter()
        .map(|(name, want)| {
            let row = app
                .report()
                .rows
                .iter()
                .find(|r| r.name == *name)
                .expect("row");
            (name.clone(), of(row), want.as_u64().expect("number"))
        })
        .collect()
}

#[test]
fn worked_examples_match_the_spec() {
    let examples = examples();
    assert_eq!(examples.len(), 5);
    for ex in examples {
        let title = ex["title"].as_str().unwrap();
        let app = App::from_fragment(ex["link"].as_str().unwrap());
        assert!(app.notices().is_empty(), "{title}: {:?}", app.notices());
        let s = &app.report().service;
        let checks: [(&str, Field); 4] = [
            ("copies", |r| r.copies),
            ("copies_after", |r| r.copies_after),
            ("requests", |r| r.requests_ppm),
            ("requests_after_cache", |r| r.requests_after_cache_ppm),
        ];
        for (field, of) in checks {
            if let Some(want) = ex.get(field) {
                for (name, got, want) in by_node(&app, want, of) {
                    assert_eq!(got, Some(want), "{title}: {field} of {name}");
                }
            }
        }
        let numbers = [
            ("copies_moved", s.copies_moved),
            ("unavailable", Some(s.availability.unavailable)),
            ("unreadable", Some(s.availability.unreadable)),
            ("unwritable", Some(s.availability.unwritable)),
            ("hit_ratio", Some(s.requests.hit_ratio_ppm)),
            ("unserved", Some(s.requests.unserved_ppm)),
        ];
        for (field, got) in numbers {
            if let Some(want) = ex.get(field) {
                assert_eq!(got, want.as_u64(), "{title}: {field}");
            }
        }
        if let Some(want) = ex.get("max_over_mean").and_then(Value::as_f64) {
            // The spec prints it to the digits shown.
            let digits = ex["max_over_mean"]
                .to_string()
                .split('.')
                .nth(1)
                .unwrap()
                .len() as i32;
            let scale = 10f64.powi(digits);
            assert_eq!(
                (s.requests.max_over_mean * scale).round() / scale,
                want,
                "{title}: max/mean {}",
                s.requests.max_over_mean
            );
        }
    }
}
