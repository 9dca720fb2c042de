//! The cost of each unit of work the page runs between inputs, natively: opens a link uncomputed, then
//! times every `App::advance` unit and every rest step, printing those over a threshold (ms).
//! A unit of N ms here is roughly 2N ms in the browser's wasm, and 8N ms on a phone's CPU (Chromium's 4×
//! throttling): the page's units must stay well under 50 ms there.
//!     cargo run --release --example units -- [LINK] [THRESHOLD_MS]
use ring_playground::app::{App, Msg};
use std::time::Instant;

fn main() {
    let nodes: Vec<String> = (1..=100).map(|i| format!("db{i}")).collect();
    let default = format!(
        "nodes={}&vnodes=1000&keys=1000000&remove=db50",
        nodes.join(",")
    );
    let args: Vec<String> = std::env::args().skip(1).collect();
    let link = args.first().cloned().unwrap_or(default);
    let threshold: f64 = args.get(1).and_then(|t| t.parse().ok()).unwrap_or(2.0);
    let mut app = App::uncomputed_from_fragment(&link);
    run(&mut app, "open", threshold);
    let v = app.params().vnodes;
    app.apply(Msg::SetVnodes(v - 10));
    run(&mut app, "vnodes step", threshold);
}

fn run(app: &mut App, what: &str, threshold: f64) {
    let (mut units, mut total, mut longest) = (0, 0.0, 0.0f64);
    loop {
        let stage = app.progress().map(|p| p.stage);
        let t = Instant::now();
        if !app.advance() {
            break;
        }
        let ms = t.elapsed().as_secs_f64() * 1e3;
        units += 1;
        total += ms;
        longest = longest.max(ms);
        if ms >= threshold {
            println!("{what}: unit {units:4} {stage:?} {ms:7.2} ms");
        }
    }
    let started = Instant::now();
    let mut clock = || started.elapsed().as_secs_f64() * 1e3;
    let mut steps = 0;
    loop {
        let t = Instant::now();
        if !app.rest_step(&mut clock) {
            break;
        }
        steps += 1;
        let ms = t.elapsed().as_secs_f64() * 1e3;
        longest = longest.max(ms);
        if ms >= threshold {
            println!("{what}: rest step {steps:4} {ms:7.2} ms");
        }
    }
    println!("{what}: {units} units, {total:.0} ms, {steps} rest steps, longest {longest:.1} ms");
}
