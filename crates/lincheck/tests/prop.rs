//! Property tests: on small random histories the checker agrees with brute force, its longest
//! prefix (or linearization) is legal and respects real time, and stepping in slices changes
//! nothing.

mod common;

use proptest::prelude::*;

use lincheck::model::{replay, State};
use lincheck::{Action, Check, History, KeySearch, ModelKind, Op, Outcome, SearchOptions, Verdict};

/// One random op before it is laid out.
#[derive(Clone, Debug)]
struct Spec {
    process: u8,
    kind: u8,
    a: u8,
    b: u8,
    gap: u8,
    dur: u8,
    /// Where in its interval it takes effect, in percent.
    at: u8,
    indeterminate: bool,
    /// An indeterminate op that never takes effect.
    never: bool,
    key: u8,
}

fn spec() -> impl Strategy<Value = Spec> {
    spec_with(3)
}

/// A spec over `processes` processes.
fn spec_with(processes: u8) -> impl Strategy<Value = Spec> {
    (
        0..processes,
        0..3u8,
        0..4u8,
        0..4u8,
        0..3u8,
        0..4u8,
        0..=100u8,
        prop::bool::weighted(0.2),
        any::<bool>(),
        0..2u8,
    )
        .prop_map(
            |(process, kind, a, b, gap, dur, at, indeterminate, never, key)| Spec {
                process,
                kind,
                a,
                b,
                gap,
                dur,
                at,
                indeterminate,
                never,
                key,
            },
        )
}

fn reg_value(x: u8) -> Option<i64> {
    (x > 0).then_some(x as i64)
}

const TOKENS: [&str; 4] = ["", "a", "b", "ab"];
const GETS: [&str; 6] = ["", "a", "b", "ab", "ba", "aab"];

/// Lays the specs out per process, lets each take effect at a point of its interval (so the
/// history is linearizable), then applies `mutation` (change one result or outcome), if any.
fn build(model: ModelKind, specs: &[Spec], keys: bool, mutation: Option<(usize, u8)>) -> History {
    let mut clock = [0i64; 8];
    let mut ops = Vec::new();
    let mut points = Vec::new();
    for (i, s) in specs.iter().enumerate() {
        let p = s.process as usize;
        let call = clock[p] + s.gap as i64;
        let ret = call + s.dur as i64;
        let indeterminate = s.indeterminate && !matches!((model, s.kind), (_, 0));
        clock[p] = if indeterminate { call + 1 } else { ret + 1 };
        let action = match (model, s.kind) {
            (ModelKind::Register, 0) => Action::Read(None),
            (ModelKind::Register, 1) => Action::Write(reg_value(s.a)),
            (ModelKind::Register, _) => Action::Cas(reg_value(s.a), reg_value(s.b)),
            (ModelKind::KeyValue, 0) => Action::Get(String::new()),
            (ModelKind::KeyValue, 1) => Action::Put(TOKENS[s.a as usize].to_string()),
            (ModelKind::KeyValue, _) => Action::Append(TOKENS[s.a as usize].to_string()),
        };
        let key = if keys {
            s.key.to_string()
        } else {
            String::new()
        };
        let op = Op::new(
            s.process as i64,
            action,
            call,
            (!indeterminate).then_some(ret),
            i as u32 + 1,
        )
        .with_key(key);
        let point = if indeterminate && s.never {
            None
        } else {
            let span = if indeterminate { 6 } else { s.dur as i64 };
            Some(call * 1000 + span * 1000 * s.at as i64 / 100)
        };
        points.push((point, i));
        ops.push(op);
    }
    // Take effect in order of the points: results and cas outcomes follow.
    points.sort();
    let mut states: std::collections::HashMap<String, State> = Default::default();
    for &(point, i) in &points {
        if point.is_none() {
            continue;
        }
        let op = &mut ops[i];
        let state = states
            .entry(op.key.clone())
            .or_insert_with(|| State::initial(model))
            .clone();
        match (&mut op.action, &state) {
            (Action::Read(v), State::Reg(s)) => *v = *s,
            (Action::Get(v), State::Str(s)) => *v = s.clone(),
            (Action::Cas(a, _), State::Reg(s)) if op.outcome == Outcome::Ok && a != s => {
                op.outcome = Outcome::Failed;
            }
            _ => {}
        }
        let next = lincheck::model::apply(&state, op).expect("legal by construction");
        states.insert(op.key.clone(), next);
    }
    if let Some((at, x)) = mutation {
        let op = &mut ops[at % specs.len()];
        match &mut op.action {
            Action::Read(v) => *v = reg_value(x),
            Action::Get(v) => *v = GETS[x as usize % GETS.len()].to_string(),
            Action::Cas(..) if op.outcome != Outcome::Info => {
                op.outcome = if op.outcome == Outcome::Ok {
                    Outcome::Failed
                } else {
                    Outcome::Ok
                };
            }
            _ => {}
        }
    }
    History::from_ops(None, ops)
}

/// The brute-force verdict of key `k`.
fn brute(h: &History, k: usize) -> bool {
    let ops = common::key_ops(h, k);
    common::reference(&ops, State::initial(h.keys()[k].model), ops.len() > 8, None)
        .expect("no deadline")
}

/// Checks that `order` is legal, respects real time, and is downward closed (every op that
/// returned before an op of it was called is in it, earlier).
fn check_order(
    h: &History,
    k: usize,
    order: &[usize],
    complete: bool,
) -> Result<(), TestCaseError> {
    let ops = h.ops();
    prop_assert!(
        replay(h.keys()[k].model, ops, order).is_ok(),
        "illegal order {:?}",
        order
    );
    for (at, &y) in order.iter().enumerate() {
        for &x in &h.keys()[k].ops {
            if ops[x].ret.is_some_and(|r| r < ops[y].call) {
                let before = order[..at].contains(&x);
                prop_assert!(before, "op {} must precede op {} in {:?}", x, y, order);
            }
        }
    }
    if complete {
        for &x in &h.keys()[k].ops {
            prop_assert!(
                ops[x].ret.is_none() || order.contains(&x),
                "op {} left out of {:?}",
                x,
                order
            );
        }
    }
    Ok(())
}

fn agree(h: &History) -> Result<(), TestCaseError> {
    let mut c = Check::new(h.clone());
    while !c.advance(1 << 16) {}
    for (k, s) in c.searches().iter().enumerate() {
        let expected = if brute(h, k) {
            Verdict::Ok
        } else {
            Verdict::Illegal
        };
        prop_assert_eq!(
            s.verdict(),
            Some(expected),
            "key {:?} of {:?}",
            s.key(),
            h.ops()
        );
        check_order(h, k, &s.linearization(), expected == Verdict::Ok)?;
    }
    let expected = Verdict::combine(c.searches().iter().map(|s| s.verdict().unwrap()));
    prop_assert_eq!(c.verdict(), Some(expected));
    let report = c.report();
    for (i, k) in report.keys.iter().enumerate() {
        prop_assert_eq!(k.explanation.is_some(), k.verdict == Verdict::Illegal);
        let Some(e) = &k.explanation else { continue };
        // The explanation's prefix is a linearizable prefix, shown as the key's, and the op it
        // names is not in it, returned first of the rest, and is not legal after it.
        check_order(h, i, &e.prefix, false)?;
        prop_assert_eq!(&k.linearization, &e.prefix);
        prop_assert!(!e.prefix.contains(&e.op));
        let states = replay(h.keys()[i].model, h.ops(), &e.prefix).unwrap();
        let state = states
            .last()
            .cloned()
            .unwrap_or_else(|| State::initial(h.keys()[i].model));
        prop_assert_eq!(&e.state, &state);
        prop_assert!(lincheck::model::apply(&state, &h.ops()[e.op]).is_none());
        let ret = h.ops()[e.op].ret.expect("a finite op");
        for &x in &h.keys()[i].ops {
            if !e.prefix.contains(&x) {
                prop_assert!(h.ops()[x].ret.is_none_or(|r| r >= ret));
            }
        }
        prop_assert!(e.sentence.starts_with(&h.ops()[e.op].describe()));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn register_agrees_with_brute_force(
        specs in prop::collection::vec(spec(), 1..=8),
        mutation in prop::option::of((0..8usize, 0..4u8)),
    ) {
        agree(&build(ModelKind::Register, &specs, false, mutation))?;
    }

    #[test]
    fn key_value_agrees_with_brute_force(
        specs in prop::collection::vec(spec(), 1..=8),
        mutation in prop::option::of((0..8usize, 0..6u8)),
        keys in any::<bool>(),
    ) {
        agree(&build(ModelKind::KeyValue, &specs, keys, mutation))?;
    }

    #[test]
    fn unconstrained_register_agrees_with_brute_force(
        specs in prop::collection::vec(spec(), 1..=7),
        results in prop::collection::vec(0..4u8, 7),
    ) {
        // Reads with arbitrary results: mostly illegal histories, with every pruning at work.
        let mut h = build(ModelKind::Register, &specs, false, None);
        let mut ops: Vec<Op> = h.ops().to_vec();
        for (op, &r) in ops.iter_mut().zip(&results) {
            if let Action::Read(v) = &mut op.action {
                *v = reg_value(r);
            }
        }
        h = History::from_ops(None, ops);
        agree(&h)?;
    }

    #[test]
    fn unconstrained_key_value_agrees_with_brute_force(
        specs in prop::collection::vec(spec(), 1..=7),
        results in prop::collection::vec(0..6usize, 7),
    ) {
        let mut ops: Vec<Op> = build(ModelKind::KeyValue, &specs, false, None).ops().to_vec();
        for (op, &r) in ops.iter_mut().zip(&results) {
            if let Action::Get(v) = &mut op.action {
                *v = GETS[r].to_string();
            }
        }
        agree(&History::from_ops(None, ops))?;
    }

    #[test]
    fn larger_histories_agree_with_a_plain_search(
        specs in prop::collection::vec(spec_with(6), 9..=16),
        results in prop::collection::vec(0..6usize, 16),
        kv in any::<bool>(),
    ) {
        // Up to 16 ops over 6 processes, results left as simulated or made arbitrary.
        let model = if kv { ModelKind::KeyValue } else { ModelKind::Register };
        let mut ops: Vec<Op> = build(model, &specs, false, None).ops().to_vec();
        for (op, &r) in ops.iter_mut().zip(&results) {
            match &mut op.action {
                Action::Get(v) if r < GETS.len() && r % 3 == 0 => *v = GETS[r].to_string(),
                Action::Read(v) if r % 3 == 0 => *v = reg_value(r as u8 % 4),
                _ => {}
            }
        }
        agree(&History::from_ops(None, ops))?;
    }

    #[test]
    fn stepping_in_slices_changes_nothing(
        specs in prop::collection::vec(spec(), 1..=8),
        mutation in prop::option::of((0..8usize, 0..4u8)),
        kv in any::<bool>(),
        slice in 1..5u64,
    ) {
        let model = if kv { ModelKind::KeyValue } else { ModelKind::Register };
        let h = build(model, &specs, kv, mutation);
        for k in 0..h.keys().len() {
            let mut big = KeySearch::new(&h, k, SearchOptions::default());
            prop_assert!(big.advance(u64::MAX));
            let mut small = KeySearch::new(&h, k, SearchOptions::default());
            while !small.advance(slice) {}
            prop_assert_eq!(big.verdict(), small.verdict());
            prop_assert_eq!(big.linearization(), small.linearization());
            prop_assert_eq!(big.progress(), small.progress());
        }
    }
}
