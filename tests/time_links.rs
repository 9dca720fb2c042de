//! The time views of a set of links: the watched key's history (exactly as `data-hist`), its stale reads,
//! its verdicts, and the staleness model's rows as the page shows them. `fixtures/time_links.json` holds
//! what this code computed when it was written (`BLESS=1 cargo test --test time_links` rewrites it after
//! a deliberate change); the browser tests open every link and check the page shows exactly the same, so
//! the same link gives the same history and numbers natively and in the browser. The spec's own numbers
//! (its worked examples, the closed form, the paper's figures) are checked against the spec elsewhere
//! (`spec_consistency.rs`, `consistency::pbs`).

use ring_playground::app::App;
use ring_playground::params::presets::PRESETS;
use serde_json::{json, Value};

const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/time_links.json"
);

/// The links: every preset, and a few more (another seed, wan, primary with sticky reads, a failure,
/// rendezvous, R = 5, rendezvous with 12 nodes split under AP).
fn links() -> Vec<String> {
    let mut links: Vec<String> = PRESETS.iter().map(|p| p.link.to_owned()).collect();
    links.extend(
        [
            "nodes=db1,db2,db3,db4&replicas=3&seed=7&clients=5&ops=20&lat=wan&trials=10000",
            "nodes=db1,db2,db3,db4&replicas=3&mode=primary&reads=sticky&lat=ssd&trials=20000",
            "nodes=db1,db2,db3,db4,db5&replicas=5&r=2&w=2&fail=db3&lat=ymmr&trials=5000&think=100",
            "nodes=a,b,c&strategy=rendezvous&replicas=2&key=42&writes=80&trials=1000",
            // More nodes than rendezvous ranks for replicas (8), cut by a partition under AP: the
            // stand-ins come from the whole order.
            "nodes=db1,db2,db3,db4,db5,db6,db7,db8,db9,db10,db11,db12&strategy=rendezvous&replicas=3&split=db2,db5,db7,db9,db11,c1&from=20&to=200&cap=a&trials=1000",
        ]
        .map(String::from),
    );
    links
}

fn shown(link: &str) -> Value {
    let app = App::from_fragment(link);
    assert!(app.notices().is_empty(), "{link}: {:?}", app.notices());
    let h = app.history().expect("made natively");
    let pbs = app.staleness().expect("made natively");
    // As the page shows a time: three significant digits, at most two decimals.
    let ms = ring_playground::consistency::pbs::ms_short;
    json!({
        "link": app.params().to_fragment(),
        "hist": h.history.to_text(),
        "stale_reads": h.stale.len(),
        "max_staleness": h.stale.iter().map(|s| s.staleness).max().unwrap_or(0),
        "verdicts": h.verdicts.iter().map(|v| if v.holds { '✔' } else { '✗' }).collect::<String>(),
        "pbs": pbs.rows().iter().map(|r| json!({
            "r": r.r, "w": r.w, "stale_k1": r.stale_k1_ppm, "p0": r.p0_ppm,
            "t999": ms(r.t999_ms), "read999": ms(r.read999_ms), "write999": ms(r.write999_ms),
        })).collect::<Vec<_>>(),
    })
}

#[test]
fn every_time_link_shows_what_it_showed() {
    let got: Vec<Value> = links().iter().map(|l| shown(l)).collect();
    let doc = json!({
        "source": "computed by tests/time_links.rs (BLESS=1 to rewrite after a deliberate change)",
        "links": got,
    });
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(PATH, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
    }
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string(PATH).expect("fixture")).expect("json");
    assert_eq!(want["links"].as_array().unwrap().len(), got.len());
    for (w, g) in want["links"].as_array().unwrap().iter().zip(&got) {
        assert_eq!(w, g, "{}", g["link"]);
    }
}

#[test]
fn the_presets_tell_their_story() {
    let at = |i: usize| shown(PRESETS[i].link);
    let (one, quorum, primary, cp, ap) = (at(0), at(1), at(2), at(3), at(4));
    // Cassandra ONE reads stale; QUORUM never does, and pays in latency.
    assert!(one["stale_reads"].as_u64().unwrap() > 0);
    assert_eq!(quorum["stale_reads"], 0);
    let row = |v: &Value, r: u64, w: u64| {
        v["pbs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["r"] == r && x["w"] == w)
            .unwrap()
            .clone()
    };
    let latency = |v: &Value, key: &str| v[key].as_str().unwrap().parse::<f64>().unwrap();
    assert!(latency(&row(&quorum, 2, 2), "write999") > latency(&row(&one, 1, 1), "write999"));
    assert_eq!(row(&quorum, 2, 2)["p0"], 1_000_000);
    assert_eq!(
        row(&one, 1, 1)["stale_k1"],
        666_667,
        "the spec's closed form"
    );
    // The master with async replicas read from any replica: stale reads (the lag).
    assert!(primary["stale_reads"].as_u64().unwrap() > 0);
    // Partitioned: CP refuses the cut-off side and reads nothing stale; AP serves it and reads stale.
    let cp_app = App::from_fragment(PRESETS[3].link);
    let cp_run = cp_app.history().unwrap().run.as_ref().unwrap();
    assert!(cp_run
        .ops
        .iter()
        .any(|t| t.outcome == ring_playground::consistency::sim::Outcome::Unavailable));
    assert_eq!(cp["stale_reads"], 0);
    let ap_app = App::from_fragment(PRESETS[4].link);
    let ap_run = ap_app.history().unwrap().run.as_ref().unwrap();
    assert!(ap_run
        .ops
        .iter()
        .all(|t| t.outcome != ring_playground::consistency::sim::Outcome::Unavailable));
    assert!(ap["stale_reads"].as_u64().unwrap() > 0);
}
