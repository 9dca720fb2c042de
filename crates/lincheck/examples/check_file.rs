//! Checks history files and prints each key's verdict, search progress and time.
//!
//! `cargo run --release --example check_file -- [--budget SECONDS] FILE...`

use std::time::{Duration, Instant};

use lincheck::{parse, Check};

fn main() {
    let mut budget = Duration::from_secs(10);
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--budget" {
            let s: f64 = args
                .next()
                .and_then(|s| s.parse().ok())
                .expect("--budget SECONDS");
            budget = Duration::from_secs_f64(s);
        } else {
            files.push(a);
        }
    }
    let all = Instant::now();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable file");
        let t0 = Instant::now();
        let mut check = Check::new(parse(&text));
        let mut key_start = Instant::now();
        let mut current = check.current();
        check.run(4096, |_| key_start.elapsed() > budget);
        let _ = (&mut current, &mut key_start);
        let report = check.report();
        println!(
            "{f}: {} ({} ops, {} keys, {} illegal, {} skipped) in {:.3}s",
            report.verdict,
            report.ops,
            report.keys.len(),
            report.illegal_keys,
            report.skipped_lines,
            t0.elapsed().as_secs_f64()
        );
        if std::env::var_os("KEYS").is_some() {
            for k in &report.keys {
                println!(
                    "  key {:?}: {} ({} ops) configs {} prefix {} memo {} KiB states {}",
                    k.key,
                    k.verdict,
                    k.ops,
                    k.progress.configurations,
                    k.progress.longest_prefix,
                    k.progress.memo_bytes / 1024,
                    k.progress.states
                );
                if let Some(e) = &k.explanation {
                    println!("    {}", e.sentence);
                }
            }
        }
    }
    eprintln!("total {:.3}s", all.elapsed().as_secs_f64());
}
