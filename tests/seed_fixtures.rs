//! The ring against the seed's own answers. Every `fixtures/seed_*.json` was printed by
//! `../shared/oracle/seed_golden.py` (the course page's Python `ConsistentHash`, run unchanged); see
//! `fixtures/README.md` for the exact commands.

use ring_playground::app::App;
use ring_playground::ring::{key_position, Ring};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn fixtures() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("seed_"))
        })
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read fixture");
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                serde_json::from_str(&text).expect("json"),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    // Exactly the ten of fixtures/README.md: a lost (or unlisted) fixture fails here.
    assert_eq!(
        out.len(),
        10,
        "expected the ten committed seed fixtures, found {:?}",
        out.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    out
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| s.as_str().expect("string").to_owned())
        .collect()
}

fn counts(v: &Value) -> BTreeMap<String, u64> {
    v.as_object()
        .expect("object")
        .iter()
        .map(|(k, n)| (k.clone(), n.as_u64().expect("count")))
        .collect()
}

fn fragment(f: &Value) -> String {
    let mut s = format!(
        "nodes={}&vnodes={}&keys={}",
        strings(&f["nodes"]).join(","),
        f["vnodes"],
        f["keys"]
    );
    if let Some(n) = f["remove"].as_str() {
        s.push_str(&format!("&remove={n}"));
    }
    if let Some(n) = f["add"].as_str() {
        s.push_str(&format!("&add={n}"));
    }
    s
}

#[test]
fn every_fixture_matches_the_seed() {
    for (name, f) in fixtures() {
        let app = App::from_fragment(&fragment(&f));
        assert!(app.notices().is_empty(), "{name}: {:?}", app.notices());
        let report = app.report();
        let before: BTreeMap<String, u64> = report
            .rows
            .iter()
            .filter_map(|r| r.keys.map(|k| (r.name.clone(), k)))
            .collect();
        assert_eq!(before, counts(&f["dist"]), "{name}: keys per node before");
        if let Some(moved) = f["moved"].as_u64() {
            let m = report.movement.as_ref().expect("a change");
            assert_eq!(m.moved, moved, "{name}: moved");
            let after: BTreeMap<String, u64> = report
                .rows
                .iter()
                .filter_map(|r| r.keys_after.map(|k| (r.name.clone(), k)))
                .collect();
            assert_eq!(
                after,
                counts(&f["dist_after"]),
                "{name}: keys per node after"
            );
        } else {
            assert!(report.movement.is_none());
        }
    }
}

/// The linear merge and the seed's per-key bisect_right agree key by key.
#[test]
fn merge_assignment_equals_per_key_lookup() {
    for (name, f) in fixtures()
        .into_iter()
        .filter(|(_, f)| f["keys"].as_u64().unwrap() <= 100_000)
    {
        let app = App::from_fragment(&fragment(&f));
        let nodes = strings(&f["nodes"]);
        let ring = Ring::new(&nodes, f["vnodes"].as_u64().unwrap() as u32);
        let keys = app.keys();
        for (k, (&i, &owner)) in keys.numbers().iter().zip(app.owners_before()).enumerate() {
            assert_eq!(keys.positions()[k], key_position(i));
            assert_eq!(
                ring.owner_of(key_position(i)),
                Some(owner),
                "{name}: user_{i}"
            );
        }
    }
}
