//! Prints the PBS t-visibility table (the paper's Table 4 layout) for every environment, and times the
//! bounded units: `cargo run --release --example pbs_table -- [trials] [seed] [replicas]`.

use ring_playground::consistency::latency::Env;
use ring_playground::consistency::pbs::{Pbs, PBS_CHUNK};
use std::time::Instant;

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let trials = args.first().copied().unwrap_or(1_000_000) as u32;
    let seed = args.get(1).copied().unwrap_or(1);
    let replicas = args.get(2).copied().unwrap_or(3) as u32;
    for env in Env::ALL {
        let start = Instant::now();
        let mut making = Pbs::begin(replicas, env, trials, seed);
        let making_bytes = making.heap_bytes();
        let mut units = vec![];
        let (pbs, finish) = loop {
            let unit = Instant::now();
            let done = making.step(PBS_CHUNK);
            let ms = unit.elapsed().as_secs_f64() * 1e3;
            match done {
                Some(done) => break (done, ms),
                None => units.push(ms),
            }
        };
        let total = start.elapsed().as_secs_f64() * 1e3;
        units.sort_by(f64::total_cmp);
        let pct = |q: f64| units[((units.len() - 1) as f64 * q).round() as usize];
        // The result's unit alone, the least of 20 (the least is the cost without interference).
        let finish_min = (0..20)
            .map(|_| {
                let mut making = Pbs::begin(replicas, env, 1_000, seed);
                while making.trials_done() < making.trials() {
                    making.step(PBS_CHUNK);
                }
                let unit = Instant::now();
                let _ = making.step(PBS_CHUNK).expect("the result");
                unit.elapsed().as_secs_f64() * 1e3
            })
            .fold(f64::INFINITY, f64::min);
        println!(
            "{} R={replicas} trials={} seed={seed}: {} units of {PBS_CHUNK} trials: least {:.2} ms, median {:.2}, \
             90th {:.2}, max {:.2}; the result's unit {finish:.2} ms (least of 20: {finish_min:.2}); total {total:.0} ms; \
             making {:.2} MB, result {:.2} MB",
            env.paper_name(),
            pbs.trials,
            units.len(),
            pct(0.0),
            pct(0.5),
            pct(0.9),
            pct(1.0),
            making_bytes as f64 / 1e6,
            pbs.heap_bytes() as f64 / 1e6
        );
        println!("  r w  stale_k1   p0_ppm   t999_ms  read999  write999");
        for row in pbs.rows() {
            println!(
                "  {} {} {:>9} {:>8} {:>9.3} {:>8.3} {:>9.3}",
                row.r,
                row.w,
                row.stale_k1_ppm,
                row.p0_ppm,
                row.t999_ms,
                row.read999_ms,
                row.write999_ms
            );
        }
    }
}
