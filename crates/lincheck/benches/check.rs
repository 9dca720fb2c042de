//! Benchmarks on Porcupine's test data (see tests/fixtures/porcupine/README.md for where it is
//! looked for): all 102 etcd logs, kv/c50-ok.txt, and each key of kv/c50-bad.txt. Each run parses,
//! searches every key to its end and builds the report (with explanations).

use std::path::PathBuf;
use std::sync::OnceLock;

use lincheck::{parse, Check, KeySearch, Report, SearchOptions, Verdict};

fn main() {
    if data().is_none() {
        eprintln!("Porcupine's test data is not here: nothing to measure (see tests/fixtures/porcupine/README.md)");
        return;
    }
    divan::main();
}

/// The etcd logs and the two c50 files, read once.
struct Data {
    etcd: Vec<String>,
    c50_ok: String,
    c50_bad: String,
}

fn data() -> Option<&'static Data> {
    static DATA: OnceLock<Option<Data>> = OnceLock::new();
    DATA.get_or_init(|| {
        let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dir = [
            std::env::var_os("LINCHECK_PORCUPINE_DATA").map(PathBuf::from),
            Some(manifest.join("tests/fixtures/porcupine")),
            Some(manifest.join("../../../shared/porcupine/test_data")),
        ]
        .into_iter()
        .flatten()
        .find(|d| d.join("kv/c50-ok.txt").is_file())?;
        let read = |p: PathBuf| std::fs::read_to_string(p).expect("readable fixture");
        let etcd = (0..=102)
            .map(|i| read(dir.join(format!("jepsen/etcd_{i:03}.log"))))
            .collect();
        Some(Data {
            etcd,
            c50_ok: read(dir.join("kv/c50-ok.txt")),
            c50_bad: read(dir.join("kv/c50-bad.txt")),
        })
    })
    .as_ref()
}

fn check_all(text: &str) -> Report {
    let mut c = Check::new(parse(text));
    while !c.advance(1 << 16) {}
    c.report()
}

/// All 102 etcd logs (and the empty one), one after the other.
#[divan::bench]
fn all_etcd() -> usize {
    let d = data().unwrap();
    d.etcd
        .iter()
        .map(|t| check_all(t))
        .filter(|r| r.verdict == Verdict::Illegal)
        .count()
}

#[divan::bench]
fn c50_ok() -> Verdict {
    check_all(&data().unwrap().c50_ok).verdict
}

/// The whole of c50-bad: every key decided.
#[divan::bench]
fn c50_bad_all_keys() -> usize {
    check_all(&data().unwrap().c50_bad).illegal_keys
}

/// One key of c50-bad (search and explanation; the parse is outside the measure).
#[divan::bench(args = 0..10)]
fn c50_bad_key(bencher: divan::Bencher, key: usize) {
    let h = parse(&data().unwrap().c50_bad);
    bencher.bench_local(|| {
        let mut s = KeySearch::new(&h, key, SearchOptions::default());
        s.advance(u64::MAX);
        lincheck::explain::explain(&h, &s).map(|e| e.op)
    });
}

/// Parsing alone: c50-bad (318 kB of EDN).
#[divan::bench]
fn parse_c50_bad() -> usize {
    parse(&data().unwrap().c50_bad).op_count()
}
