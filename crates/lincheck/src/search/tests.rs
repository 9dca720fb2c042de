//! Unit tests of the search: verdicts on hand-made histories, stepping, stopping, the memo and the
//! interned models.

use super::compact::{Compact, Kind, NONE};
use super::memo::Memo;
use super::*;
use crate::history::History;
use crate::op::{Action, Op, Outcome};

fn reg(process: i64, action: Action, call: i64, ret: Option<i64>) -> Op {
    Op::new(process, action, call, ret, call as u32)
}

fn search(ops: Vec<Op>) -> KeySearch {
    let h = History::from_ops(None, ops);
    KeySearch::new(&h, 0, SearchOptions::default())
}

fn decide(ops: Vec<Op>) -> Verdict {
    let mut s = search(ops);
    assert!(s.advance(u64::MAX));
    s.verdict().unwrap()
}

#[test]
fn sequential_register_histories() {
    let w = |v, t| reg(0, Action::Write(Some(v)), t, Some(t + 1));
    let r = |v: Option<i64>, t| reg(1, Action::Read(v), t, Some(t + 1));
    assert_eq!(
        decide(vec![r(None, 0), w(1, 2), r(Some(1), 4)]),
        Verdict::Ok
    );
    assert_eq!(decide(vec![w(1, 0), r(None, 2)]), Verdict::Illegal);
    assert_eq!(
        decide(vec![w(1, 0), w(2, 2), r(Some(1), 4)]),
        Verdict::Illegal
    );
}

#[test]
fn concurrent_ops_may_go_either_way() {
    // A write [0, 10] and a read of nil [5, 6]: the read may come first.
    let ops = vec![
        reg(0, Action::Write(Some(1)), 0, Some(10)),
        reg(1, Action::Read(None), 5, Some(6)),
    ];
    assert_eq!(decide(ops), Verdict::Ok);
    // Touching intervals overlap too.
    let ops = vec![
        reg(0, Action::Write(Some(1)), 0, Some(5)),
        reg(1, Action::Read(None), 5, Some(6)),
    ];
    assert_eq!(decide(ops), Verdict::Ok);
}

#[test]
fn cas_outcomes() {
    let write = reg(0, Action::Write(Some(3)), 0, Some(1));
    let cas = |outcome| reg(1, Action::Cas(Some(3), Some(4)), 2, Some(3)).with_outcome(outcome);
    let read4 = reg(2, Action::Read(Some(4)), 10, Some(11));
    assert_eq!(
        decide(vec![write.clone(), cas(Outcome::Ok), read4.clone()]),
        Verdict::Ok
    );
    assert_eq!(
        decide(vec![write.clone(), cas(Outcome::Failed)]),
        Verdict::Illegal
    );
    // An indeterminate cas sets B only if the state is A: here it is, and the read sees 4.
    assert_eq!(
        decide(vec![write.clone(), cas(Outcome::Info), read4.clone()]),
        Verdict::Ok
    );
    // On nil it cannot set 4.
    assert_eq!(decide(vec![cas(Outcome::Info), read4]), Verdict::Illegal);
}

#[test]
fn indeterminate_ops_may_never_happen() {
    let w = reg(0, Action::Write(Some(1)), 0, None);
    let r = reg(1, Action::Read(None), 5, Some(6));
    assert_eq!(decide(vec![w.clone(), r]), Verdict::Ok);
    // Only indeterminate ops: ok at once.
    let mut s = search(vec![w]);
    assert!(s.advance(0) || s.advance(1));
    assert_eq!(s.verdict(), Some(Verdict::Ok));
    assert!(s.linearization().is_empty());
}

#[test]
fn a_value_nobody_writes_is_illegal_at_once() {
    let ops = vec![
        reg(0, Action::Write(Some(1)), 0, Some(1)),
        reg(1, Action::Read(Some(7)), 2, Some(3)),
    ];
    let s = search(ops);
    assert_eq!(s.verdict(), Some(Verdict::Illegal));
    assert_eq!(s.progress().steps, 0);
}

#[test]
fn key_value_strings() {
    let kv = |p, a, t, r| reg(p, a, t, r).with_key("k");
    let put = |v: &str, t| kv(0, Action::Put(v.into()), t, Some(t + 1));
    let append = |v: &str, t| kv(0, Action::Append(v.into()), t, Some(t + 1));
    let get = |v: &str, t| kv(1, Action::Get(v.into()), t, Some(t + 1));
    assert_eq!(
        decide(vec![
            get("", 0),
            append("a", 2),
            append("b", 4),
            get("ab", 6)
        ]),
        Verdict::Ok
    );
    assert_eq!(
        decide(vec![
            put("ab", 0),
            get("ab", 2),
            append("", 4),
            get("ab", 6)
        ]),
        Verdict::Ok
    );
    assert_eq!(
        decide(vec![put("a", 0), append("b", 2), get("ba", 4)]),
        Verdict::Illegal
    );
    // Same string, different pieces.
    assert_eq!(
        decide(vec![
            append("ab", 0),
            append("c", 2),
            get("abc", 4),
            put("", 6),
            get("", 8)
        ]),
        Verdict::Ok
    );
}

#[test]
fn interned_strings_compare_exactly() {
    let ops = [
        reg(0, Action::Append("a".into()), 0, Some(1)),
        reg(0, Action::Append("bc".into()), 0, Some(1)),
        reg(0, Action::Put("abc".into()), 0, Some(1)),
        reg(0, Action::Get("abc".into()), 0, Some(1)),
        reg(0, Action::Append("ab".into()), 0, Some(1)),
        reg(0, Action::Append("c".into()), 0, Some(1)),
    ];
    let refs: Vec<&Op> = ops.iter().collect();
    let (mut m, kinds) = Compact::build(crate::op::ModelKind::KeyValue, &refs);
    let get = kinds[3];
    assert_eq!(get, Kind::Get(0));
    let s0 = m.init();
    let a = m.step(s0, kinds[0]).unwrap();
    let abc1 = m.step(a, kinds[1]).unwrap();
    let abc2 = m.step(s0, kinds[2]).unwrap();
    let ab = m.step(s0, kinds[4]).unwrap();
    let abc3 = m.step(ab, kinds[5]).unwrap();
    for s in [abc1, abc2, abc3] {
        assert_eq!(m.step(s, get), Some(s));
        assert_eq!(m.group_of_state(s), 0);
    }
    assert_eq!(m.step(a, get), None);
    assert_eq!(m.group_of_state(a), NONE);
    // "abc" ends with "bc" and "c": those appends may leave it; "a" and "ab" may not.
    assert_eq!(m.produced_groups(kinds[1]), &[0]);
    assert_eq!(m.produced_groups(kinds[5]), &[0]);
    assert!(m.produced_groups(kinds[0]).is_empty());
    assert_eq!(m.produced_groups(kinds[2]), &[0]);
}

#[test]
fn memo_is_exact_and_can_be_full() {
    let mut memo = Memo::new(12);
    assert!(memo.insert(42, 1, 3, &[0b1111], &[], &[0]));
    assert!(!memo.insert(42, 1, 3, &[0b1111], &[], &[0]));
    // Same hash, different configuration: both kept.
    assert!(memo.insert(42, 2, 3, &[0b1111], &[], &[0]));
    assert!(memo.insert(42, 1, 3, &[0b1111], &[7], &[1 << 7]));
    assert!(!memo.insert(42, 1, 3, &[0b1111], &[7], &[1 << 7]));
    assert_eq!(memo.len(), 3);
    assert!(!memo.full);
    // Past the limit nothing more is stored, and every configuration counts as new.
    assert!(memo.insert(7, 9, 0, &[0], &[1, 2, 3], &[0b1110]));
    assert!(memo.full);
    assert!(memo.insert(7, 9, 0, &[0], &[1, 2, 3], &[0b1110]));
}

#[test]
fn a_tiny_memo_changes_no_verdict() {
    let text = "INFO  jepsen.util - 0\t:invoke\t:write\t1\n\
        INFO  jepsen.util - 1\t:invoke\t:write\t2\n\
        INFO  jepsen.util - 2\t:invoke\t:read\tnil\n\
        INFO  jepsen.util - 0\t:ok\t:write\t1\n\
        INFO  jepsen.util - 1\t:ok\t:write\t2\n\
        INFO  jepsen.util - 2\t:ok\t:read\t1\n\
        INFO  jepsen.util - 3\t:invoke\t:read\tnil\n\
        INFO  jepsen.util - 3\t:ok\t:read\t2\n";
    for (text, want) in [
        (text.to_string(), Verdict::Ok),
        (text.replace(":read\t2", ":read\tnil"), Verdict::Illegal),
    ] {
        let h = crate::parse(&text);
        for limit in [0, 64, 1 << 20] {
            let mut s = KeySearch::new(
                &h,
                0,
                SearchOptions {
                    memo_limit_bytes: limit,
                },
            );
            s.advance(u64::MAX);
            assert_eq!(s.verdict(), Some(want), "memo limit {limit}");
        }
    }
}

#[test]
fn twins_are_tried_in_order_only() {
    // Many identical concurrent writes, then reads that fix an order of the values 1 and 2.
    let mut ops = Vec::new();
    for p in 0..6 {
        ops.push(reg(p, Action::Write(Some(1 + p % 2)), 0, Some(100)));
    }
    ops.push(reg(9, Action::Read(Some(1)), 101, Some(102)));
    let mut s = search(ops);
    s.advance(u64::MAX);
    assert_eq!(s.verdict(), Some(Verdict::Ok));
    // Without twins, orders of six writes abound; with them, few configurations are explored.
    assert!(s.progress().configurations < 40, "{:?}", s.progress());
}

#[test]
fn stopping_makes_it_unknown() {
    // A history that takes a few steps.
    let mut ops = Vec::new();
    for p in 0..5 {
        ops.push(reg(p, Action::Write(Some(p)), 0, Some(50)));
    }
    ops.push(reg(9, Action::Read(Some(9)), 51, Some(52)));
    ops.push(reg(8, Action::Write(Some(9)), 60, Some(61)));
    let mut s = search(ops);
    assert!(!s.is_done() || s.verdict() == Some(Verdict::Illegal));
    if !s.is_done() {
        s.advance(1);
        s.stop();
        assert!(s.is_done());
        assert_eq!(s.verdict(), Some(Verdict::Unknown));
        assert!(s.advance(10));
        assert_eq!(s.verdict(), Some(Verdict::Unknown));
    }
}

#[test]
fn stopping_a_decided_search_changes_nothing() {
    let mut s = search(vec![reg(0, Action::Write(Some(1)), 0, Some(1))]);
    assert!(s.advance(10));
    s.stop();
    assert_eq!(s.verdict(), Some(Verdict::Ok));
    assert_eq!(s.linearization(), vec![0]);
}

#[test]
fn progress_counts_steps_and_configurations() {
    let ops = vec![
        reg(0, Action::Write(Some(1)), 0, Some(10)),
        reg(1, Action::Write(Some(2)), 0, Some(10)),
        reg(2, Action::Read(Some(1)), 11, Some(12)),
    ];
    let mut s = search(ops);
    s.advance(u64::MAX);
    let p = s.progress();
    assert_eq!(s.verdict(), Some(Verdict::Ok));
    assert_eq!(p.longest_prefix, 3);
    assert!(p.steps >= 2 && p.configurations >= 4, "{p:?}");
    assert!(p.memo_entries >= 1 && !p.memo_full);
}

#[test]
fn verdicts_combine() {
    use Verdict::*;
    assert_eq!(Verdict::combine([]), Ok);
    assert_eq!(Verdict::combine([Ok, Unknown, Ok]), Unknown);
    assert_eq!(Verdict::combine([Unknown, Illegal, Ok]), Illegal);
    assert_eq!(Illegal.to_string(), "illegal");
}

#[test]
fn an_indeterminate_write_of_the_first_value_is_tried() {
    // The first value met gets the id that the key-value model's "unseen" state has: a register
    // must not mistake it for that state.
    let ops = vec![
        reg(0, Action::Write(Some(5)), 0, None),
        reg(1, Action::Read(Some(5)), 2, Some(3)),
    ];
    assert_eq!(decide(ops), Verdict::Ok);
}

#[test]
fn a_value_held_for_a_later_read_stops_the_search_at_once() {
    // The read of 1 at [20, 21] needs the write of 1 (the only one) to stay until then, but a
    // write of 2 must come before the read: illegal, found without search.
    let ops = vec![
        reg(0, Action::Write(Some(1)), 0, Some(1)),
        reg(1, Action::Write(Some(2)), 5, Some(6)),
        reg(2, Action::Read(Some(1)), 20, Some(21)),
    ];
    let mut s = search(ops);
    s.advance(u64::MAX);
    assert_eq!(s.verdict(), Some(Verdict::Illegal));
    assert!(s.progress().configurations <= 2, "{:?}", s.progress());
}

#[test]
fn a_piece_appended_too_early_is_seen_at_once() {
    // The get of "Pab" needs the append of "a" after the put of "P", but "a" had to be appended
    // (and returned) before the put was called: no order can build "Pab".
    let kv = |p, a, t, r| reg(p, a, t, r).with_key("k");
    let ops = vec![
        kv(0, Action::Append("a".into()), 0, Some(1)),
        kv(1, Action::Put("P".into()), 2, Some(10)),
        kv(2, Action::Append("b".into()), 2, Some(10)),
        kv(3, Action::Get("Pab".into()), 2, Some(10)),
    ];
    let mut s = search(ops);
    s.advance(u64::MAX);
    assert_eq!(s.verdict(), Some(Verdict::Illegal));
    assert!(s.progress().configurations <= 2, "{:?}", s.progress());
}
