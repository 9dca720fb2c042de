//! Every Porcupine history with its asserted verdict, and every key of the `-bad` key-value files
//! decided within the page's 10 s budget (expected verdicts in `fixtures/porcupine/expected.txt`).

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use lincheck::{parse, Check, Format, Verdict};

/// The page's default budget per key.
const BUDGET: Duration = Duration::from_secs(10);

/// Expected verdicts: per file, and per (file, key).
struct Expected {
    files: BTreeMap<String, Verdict>,
    keys: BTreeMap<(String, String), Verdict>,
}

fn verdict(word: &str) -> Verdict {
    match word {
        "ok" => Verdict::Ok,
        "illegal" => Verdict::Illegal,
        other => panic!("unknown verdict {other:?} in expected.txt"),
    }
}

fn expected() -> Expected {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/porcupine/expected.txt");
    let text = std::fs::read_to_string(path).expect("expected.txt");
    let mut e = Expected {
        files: BTreeMap::new(),
        keys: BTreeMap::new(),
    };
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words[..] {
            [file, v] => assert!(
                e.files.insert(file.to_string(), verdict(v)).is_none(),
                "{line}"
            ),
            [file, key, v] => {
                let key = key.strip_prefix("key=").expect("key=K").to_string();
                assert!(
                    e.keys.insert((file.to_string(), key), verdict(v)).is_none(),
                    "{line}"
                );
            }
            _ => panic!("bad line in expected.txt: {line:?}"),
        }
    }
    e
}

/// Checks a file with the page's budget per key: its report and the longest time a key took.
fn check_file(path: &Path) -> (lincheck::Report, Duration, Option<Format>) {
    let text = std::fs::read_to_string(path).expect("readable fixture");
    let history = parse(&text);
    let format = history.format();
    let mut check = Check::new(history);
    let mut slowest = Duration::ZERO;
    while let Some(k) = check.current() {
        let start = Instant::now();
        while check.current() == Some(k) {
            check.advance(1 << 14);
            if check.current() == Some(k) && start.elapsed() > BUDGET {
                check.stop_current();
            }
        }
        slowest = slowest.max(start.elapsed());
    }
    (check.report(), slowest, format)
}

#[test]
fn expected_file_lists_every_history() {
    let e = expected();
    let etcd: Vec<&Verdict> = e
        .files
        .iter()
        .filter(|(f, _)| f.starts_with("jepsen/"))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(etcd.len(), 103);
    assert_eq!(etcd.iter().filter(|v| ***v == Verdict::Illegal).count(), 79);
    // 23 asserted ok, and the empty etcd_095.log.
    assert_eq!(etcd.iter().filter(|v| ***v == Verdict::Ok).count(), 24);
    for name in ["c01", "c10", "c50"] {
        assert_eq!(e.files[&format!("kv/{name}-ok.txt")], Verdict::Ok);
        assert_eq!(e.files[&format!("kv/{name}-bad.txt")], Verdict::Illegal);
    }
    let c50: Vec<_> = e
        .keys
        .keys()
        .filter(|(f, _)| f == "kv/c50-bad.txt")
        .collect();
    assert_eq!(c50.len(), 10);
}

#[test]
fn every_history_gets_its_asserted_verdict() {
    let dir = common::porcupine_dir();
    let e = expected();
    let mut failures = Vec::new();
    for (file, want) in &e.files {
        let (report, slowest, format) = check_file(&dir.join(file));
        if report.verdict != *want {
            failures.push(format!("{file}: {} (expected {want})", report.verdict));
        }
        assert!(slowest < BUDGET, "{file}: a key took {slowest:?}");
        assert_eq!(report.skipped_lines, 0, "{file}");
        if report.ops > 0 {
            let f = if file.starts_with("jepsen/") {
                Format::JepsenLog
            } else {
                Format::Edn
            };
            assert_eq!(format, Some(f), "{file}");
        }
        for k in &report.keys {
            if let Some(&want) = e.keys.get(&(file.clone(), k.key.clone())) {
                assert_eq!(k.verdict, want, "{file} key {:?}", k.key);
            }
            assert_eq!(
                k.explanation.is_some(),
                k.verdict == Verdict::Illegal,
                "{file} key {:?}",
                k.key
            );
        }
    }
    assert!(
        failures.is_empty(),
        "wrong verdicts:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_key_of_the_bad_key_value_files_is_decided_within_budget() {
    let dir = common::porcupine_dir();
    let e = expected();
    for file in ["kv/c10-bad.txt", "kv/c50-bad.txt"] {
        let (report, slowest, _) = check_file(&dir.join(file));
        assert!(slowest < BUDGET, "{file}: a key took {slowest:?}");
        assert_eq!(report.keys.len(), 10);
        for k in &report.keys {
            assert_ne!(
                k.verdict,
                Verdict::Unknown,
                "{file} key {:?} undecided",
                k.key
            );
            let want = e.keys[&(file.to_string(), k.key.clone())];
            assert_eq!(k.verdict, want, "{file} key {:?}", k.key);
        }
    }
}

#[test]
fn the_spec_names_these_four() {
    let dir = common::porcupine_dir();
    for (file, want) in [
        ("jepsen/etcd_000.log", Verdict::Illegal),
        ("jepsen/etcd_002.log", Verdict::Ok),
        ("kv/c01-ok.txt", Verdict::Ok),
        ("kv/c01-bad.txt", Verdict::Illegal),
    ] {
        assert_eq!(check_file(&dir.join(file)).0.verdict, want, "{file}");
    }
}
