//! Checks synthetic histories (deterministic): `cargo run --release --example synth -- MODEL OPS PROCS INFO% BUG SEED`.
//!
//! MODEL is `reg` or `kv`; each op takes effect at a random point of its interval (so the history
//! is linearizable), then BUG stale reads are injected (a read returns an older value).

use std::time::Instant;

use lincheck::model::{apply, State};
use lincheck::{Action, Check, History, ModelKind, Op, Outcome};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut x = self.0;
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^ (x >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let model = if a[0] == "kv" {
        ModelKind::KeyValue
    } else {
        ModelKind::Register
    };
    let n: usize = a[1].parse().unwrap();
    let procs: usize = a[2].parse().unwrap();
    let info_pct: u64 = a[3].parse().unwrap();
    let bugs: usize = a[4].parse().unwrap();
    let mut rng = Rng(a[5].parse().unwrap());
    let mut clock = vec![0i64; procs];
    let mut ops = Vec::new();
    let mut points = Vec::new();
    for i in 0..n {
        let p = rng.below(procs as u64) as usize;
        let call = clock[p] + rng.below(3) as i64 * 10;
        let dur = 1 + rng.below(40 * procs as u64 / 5 + 1) as i64;
        let info = rng.below(100) < info_pct;
        let k = rng.below(10);
        let action = match (model, k) {
            (ModelKind::Register, 0..=4) => Action::Read(None),
            (ModelKind::Register, 5..=7) => Action::Write(Some(rng.below(5) as i64)),
            (ModelKind::Register, _) => {
                Action::Cas(Some(rng.below(5) as i64), Some(rng.below(5) as i64))
            }
            (ModelKind::KeyValue, 0..=4) => Action::Get(String::new()),
            (ModelKind::KeyValue, 5) => Action::Put(format!("x {p} {i} y")),
            (ModelKind::KeyValue, _) => Action::Append(format!("x {p} {i} y")),
        };
        let info = info && !matches!(action, Action::Read(_) | Action::Get(_));
        let ret = call + dur;
        // After an indeterminate op, Jepsen gives the process a new number.
        clock[p] = ret + 1;
        let process = if info {
            (p + procs * (i + 1)) as i64
        } else {
            p as i64
        };
        ops.push(Op::new(
            process,
            action,
            call,
            (!info).then_some(ret),
            i as u32 + 1,
        ));
        let point = if info && rng.below(2) == 0 {
            None
        } else {
            Some(call * 1000 + rng.below(dur as u64 * 1000) as i64)
        };
        points.push((point, i));
    }
    points.sort();
    let mut state = State::initial(model);
    let mut history_states: Vec<State> = vec![state.clone()];
    for &(pt, i) in &points {
        if pt.is_none() {
            continue;
        }
        let op = &mut ops[i];
        match (&mut op.action, &state) {
            (Action::Read(v), State::Reg(s)) => *v = *s,
            (Action::Get(v), State::Str(s)) => *v = s.clone(),
            (Action::Cas(a, _), State::Reg(s)) if op.outcome == Outcome::Ok && a != s => {
                op.outcome = Outcome::Failed
            }
            _ => {}
        }
        state = apply(&state, op).unwrap();
        history_states.push(state.clone());
    }
    for _ in 0..bugs {
        // A stale read: some read returns a value from well before.
        let reads: Vec<usize> = (0..n)
            .filter(|&i| matches!(ops[i].action, Action::Read(_) | Action::Get(_)))
            .collect();
        let r = reads[rng.below(reads.len() as u64) as usize];
        let old = &history_states[rng.below(history_states.len() as u64) as usize];
        match (&mut ops[r].action, old) {
            (Action::Read(v), State::Reg(s)) => *v = *s,
            (Action::Get(v), State::Str(s)) => *v = s.clone(),
            _ => {}
        }
    }
    let h = History::from_ops(None, ops);
    let budget: f64 = std::env::var("LINBUDGET")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(10.0);
    let t = Instant::now();
    let mut c = Check::new(h);
    let mut slices = 0u64;
    while !c.advance(1 << 14) {
        slices += 1;
        if t.elapsed().as_secs_f64() >= budget {
            c.stop_current();
        }
    }
    let searched = t.elapsed();
    let r = c.report();
    let k = &r.keys[0];
    println!(
        "{:?} {} ops: {} in {:.3}s search, {:.3}s with report; configs {} steps {} memo {} KiB prefix {}",
        model,
        r.ops,
        r.verdict,
        searched.as_secs_f64(),
        t.elapsed().as_secs_f64(),
        k.progress.configurations,
        k.progress.steps,
        k.progress.memo_bytes / 1024,
        k.progress.longest_prefix
    );
    let _ = slices;
    if let Some(e) = &k.explanation {
        println!("  {}", &e.sentence[..e.sentence.len().min(300)]);
    }
}
