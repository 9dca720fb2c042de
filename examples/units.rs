//! The cost of each unit of work the page runs between inputs, natively: opens a link uncomputed, then
//! times every `App::advance` unit and every rest step, printing those over a threshold (ms), then does
//! the same for a few inputs changed one after another (a slider step each, the replicas, every strategy,
//! skewed popularity, a node down, and a weight, with the ring and with rendezvous), and ends with a
//! table of the kinds of work: units, the first unit, the longest after the first, the total.
//! A unit of N ms here is roughly 2N ms in the browser's wasm, and 8N ms on a phone's CPU (Chromium's 4×
//! throttling): the page's units must stay well under 50 ms there.
//!
//! With `--budget MS` the app sizes its units by time as the page will ([`App::set_budget`]): each unit
//! is measured here (the native clock standing in for the page's) and its time given back
//! ([`App::took`]). With `--cpu` (Linux) units are measured by the thread's CPU time instead of the wall
//! clock, so that other work on a busy machine does not lengthen them. With `--each`, every unit and rest
//! step is printed to stderr (its kind, items and time).
//!     cargo run --release --example units -- [LINK] [THRESHOLD_MS] [--budget MS] [--cpu] [--each]
use ring_playground::app::{App, Msg};
use std::collections::BTreeMap;
use std::time::Instant;

/// Milliseconds on a clock: the wall clock, or the thread's CPU time.
#[derive(Clone, Copy)]
struct Clock {
    cpu: bool,
    started: Instant,
}

impl Clock {
    fn ms(self) -> f64 {
        if self.cpu {
            thread_cpu_ms()
        } else {
            self.started.elapsed().as_secs_f64() * 1e3
        }
    }
}

/// The calling thread's CPU time in ms (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`).
#[cfg(target_os = "linux")]
fn thread_cpu_ms() -> f64 {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `t` is a valid timespec to write; the clock id is Linux's thread CPU clock.
    let ok = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    assert!(ok, "the thread's CPU clock");
    t.sec as f64 * 1e3 + t.nsec as f64 / 1e6
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu_ms() -> f64 {
    panic!("--cpu needs Linux")
}

/// What was seen of one kind of work: its units (advance) and rest steps, the first of either, the
/// longest of each after it, and their total.
#[derive(Default)]
struct Kind {
    units: usize,
    rest_steps: usize,
    first_ms: f64,
    longest_unit_ms: f64,
    longest_rest_ms: f64,
    total_ms: f64,
}

/// Every kind's units, by name ("(no part)": units that did no part of any kind).
#[derive(Default)]
struct Kinds(BTreeMap<String, Kind>);

impl Kinds {
    fn add(&mut self, kind: String, rest: bool, ms: f64) {
        let k = self.0.entry(kind).or_default();
        if k.units + k.rest_steps == 0 {
            k.first_ms = ms;
        } else if rest {
            k.longest_rest_ms = k.longest_rest_ms.max(ms);
        } else {
            k.longest_unit_ms = k.longest_unit_ms.max(ms);
        }
        if rest {
            k.rest_steps += 1;
        } else {
            k.units += 1;
        }
        k.total_ms += ms;
    }
}

fn main() {
    let nodes: Vec<String> = (1..=100).map(|i| format!("db{i}")).collect();
    let default = format!(
        "nodes={}&vnodes=1000&keys=1000000&remove=db50",
        nodes.join(",")
    );
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let budget = args.iter().position(|a| a == "--budget").map(|at| {
        let ms = args.get(at + 1).and_then(|b| b.parse::<f64>().ok());
        args.drain(at..(at + 2).min(args.len()));
        ms.expect("--budget takes milliseconds")
    });
    let cpu = args
        .iter()
        .position(|a| a == "--cpu")
        .map(|at| args.remove(at));
    let each = args
        .iter()
        .position(|a| a == "--each")
        .map(|at| args.remove(at));
    let clock = Clock {
        cpu: cpu.is_some(),
        started: Instant::now(),
    };
    let link = args.first().cloned().unwrap_or(default);
    let threshold: f64 = args.get(1).and_then(|t| t.parse().ok()).unwrap_or(2.0);
    let mut app = App::uncomputed_from_fragment(&link);
    app.set_budget(budget);
    let mut kinds = Kinds::default();
    let report = Report {
        threshold,
        clock,
        each: each.is_some(),
    };
    let mut run = |app: &mut App, what: &str| run(app, what, report, &mut kinds);
    run(&mut app, "open");
    let p = app.params().clone();
    let v = p.vnodes;
    app.apply(Msg::SetVnodes(if v > 10 { v - 10 } else { v + 10 }));
    run(&mut app, "vnodes step");
    app.apply(Msg::SetKeys(p.keys - p.keys / 100));
    run(&mut app, "keys step down");
    app.apply(Msg::SetKeys(p.keys));
    run(&mut app, "keys step up");
    app.apply(Msg::SetReplicas(3));
    run(&mut app, "replicas 3");
    for strategy in ring_playground::strategy::ALL.iter().skip(1) {
        app.apply(Msg::SetStrategy(strategy.name().into()));
        run(&mut app, &format!("strategy {}", strategy.name()));
    }
    app.apply(Msg::SetStrategy("ring".into()));
    app.apply(Msg::SetZipf(100));
    app.apply(Msg::SetCache(1000));
    run(&mut app, "zipf and a cache");
    app.apply(Msg::SetDown(p.nodes[p.nodes.len() / 3].clone(), true));
    run(&mut app, "a node down");
    // A weight changed: the weighted ring, then weighted rendezvous (its logarithmic method).
    let second = p.nodes[1 % p.nodes.len()].clone();
    app.apply(Msg::SetWeight(second.clone(), p.weight(&second) % 10 + 1));
    run(&mut app, "a weight");
    app.apply(Msg::SetStrategy("rendezvous".into()));
    run(&mut app, "rendezvous, weighted");
    let sizes = match budget {
        Some(ms) => format!("sized to {ms} ms"),
        None => "fixed sizes (a unit named by its first kind; +: more kinds)".into(),
    };
    println!("\nkinds of work, {sizes}; the longest unit and rest step after the kind's first:");
    println!(
        "{:<44} {:>6} {:>6} {:>8} {:>8} {:>8} {:>9}",
        "kind", "units", "rest", "first", "unit max", "rest max", "total ms"
    );
    for (name, k) in &kinds.0 {
        println!(
            "{name:<44} {:>6} {:>6} {:>8.2} {:>8.2} {:>8.2} {:>9.1}",
            k.units, k.rest_steps, k.first_ms, k.longest_unit_ms, k.longest_rest_ms, k.total_ms
        );
    }
}

/// What the unit just run did, for the table.
fn kind(app: &App) -> String {
    match app.pace().unit_did() {
        Some((work, _, more)) => format!("{work}{}", if more { " +" } else { "" }),
        None => "(no part)".into(),
    }
}

/// The items of its kind the unit just run did.
fn items(app: &App) -> usize {
    app.pace().unit_did().map_or(0, |(_, items, _)| items)
}

/// How a run is measured and reported: the threshold to print a unit (ms), the clock, and whether every
/// unit is printed (to stderr).
#[derive(Clone, Copy)]
struct Report {
    threshold: f64,
    clock: Clock,
    each: bool,
}

fn run(app: &mut App, what: &str, report: Report, kinds: &mut Kinds) {
    let Report {
        threshold,
        clock,
        each,
    } = report;
    let (mut units, mut total, mut longest) = (0, 0.0, (0.0f64, String::new()));
    loop {
        let stage = app.progress().map(|p| p.stage);
        let t = clock.ms();
        if !app.advance() {
            break;
        }
        let ms = clock.ms() - t;
        let kind = kind(app);
        if each {
            eprintln!("{what}: unit {kind} {} items {ms:.3} ms", items(app));
        }
        app.took(ms);
        units += 1;
        total += ms;
        if ms > longest.0 {
            longest = (ms, kind.clone());
        }
        if ms >= threshold {
            println!("{what}: unit {units:4} {stage:?} {kind}: {ms:7.2} ms");
        }
        kinds.add(kind, false, ms);
    }
    // Lookups are timed on the same clock.
    let mut read = || clock.ms();
    let (mut steps, mut rest_total, mut rest_longest) = (0, 0.0, (0.0f64, String::new()));
    loop {
        let t = clock.ms();
        if !app.rest_step(&mut read) {
            break;
        }
        let ms = clock.ms() - t;
        let kind = kind(app);
        if each {
            eprintln!("{what}: rest step {kind} {} items {ms:.3} ms", items(app));
        }
        app.took(ms);
        steps += 1;
        rest_total += ms;
        if ms > rest_longest.0 {
            rest_longest = (ms, kind.clone());
        }
        if ms >= threshold {
            println!("{what}: rest step {steps:4} {kind}: {ms:7.2} ms");
        }
        kinds.add(kind, true, ms);
    }
    println!(
        "{what}: {units} units, {total:.0} ms, longest {:.2} ms ({}); {steps} rest steps, {rest_total:.0} ms, \
         longest {:.2} ms ({})",
        longest.0, longest.1, rest_longest.0, rest_longest.1
    );
}
