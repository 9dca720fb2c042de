//! Parser tests: each format, noise, errors with line numbers and the 80-character cut, pairing,
//! and the input limits.

use super::*;
use crate::history::ErrorReason;
use crate::op::{Action, Op, Outcome};

fn log(lines: &[&str]) -> String {
    lines
        .iter()
        .map(|l| format!("INFO  jepsen.util - {l}\n"))
        .collect()
}

fn only_op(h: &History) -> &Op {
    assert_eq!(h.ops().len(), 1, "{:?}", h.ops());
    &h.ops()[0]
}

#[test]
fn detects_each_format_from_the_first_valid_line() {
    assert_eq!(
        detect("noise\nINFO jepsen.util - 0 :invoke :read nil\n"),
        Some(Format::JepsenLog)
    );
    assert_eq!(
        detect("\n{:process 0, :type :invoke, :f :read, :value nil}"),
        Some(Format::Edn)
    );
    assert_eq!(detect("  \n1:w1@0-10,2:r1@20-30\n"), Some(Format::Hist));
    assert_eq!(detect("hist=1:x3@0.25-1.5"), Some(Format::Hist));
    // The first valid line decides, whatever follows.
    let mixed =
        "{:process 0, :type :invoke, :f :read, :value nil}\nx jepsen.util - 0 :ok :read 1\n";
    assert_eq!(detect(mixed), Some(Format::Edn));
    // `hist=` only as the first non-blank line.
    assert_eq!(detect("garbage\n1:w1@0-10"), None);
    // A nemesis map is a valid EDN line.
    assert_eq!(
        detect("{:process :nemesis, :type :info, :f :start}"),
        Some(Format::Edn)
    );
    // No valid line: the format a line looks like, else none.
    assert_eq!(
        detect("x jepsen.util - zero :invoke :read nil"),
        Some(Format::JepsenLog)
    );
    assert_eq!(detect("{:process"), Some(Format::Edn));
    assert_eq!(detect("hello\nworld"), None);
    assert_eq!(detect(""), None);
}

#[test]
fn hist_items_need_client_kind_value_and_times() {
    assert!(looks_like_hist("1:w1@0-10"));
    assert!(looks_like_hist("3:r0@1.5-2.25, 1:f2@3-4"));
    assert!(!looks_like_hist("1:q1@0-10"));
    assert!(!looks_like_hist("1:w@0-10"));
    assert!(!looks_like_hist("1:w1@0"));
    assert!(!looks_like_hist("a:w1@0-10"));
    assert!(!looks_like_hist(","));
}

#[test]
fn hist_format_is_left_to_the_page() {
    let h = parse("1:w1@0-10,2:r1@20-30");
    assert_eq!(h.format(), Some(Format::Hist));
    assert_eq!((h.op_count(), h.keys().len(), h.skipped_lines()), (0, 0, 0));
}

#[test]
fn jepsen_log_lines_with_tabs_or_spaces_and_noise() {
    let text = "2024-01-01 starting\n\
        INFO  jepsen.util - 3\t:invoke\t:cas\t[-1 2]\n\
        something else entirely\n\
        INFO  jepsen.util - :nemesis\t:info\t:start\tnil\n\
        INFO  jepsen.util -   3    :ok   :cas   [-1   2]   \n";
    let h = parse(text);
    assert_eq!(h.format(), Some(Format::JepsenLog));
    assert_eq!(h.skipped_lines(), 0);
    let op = only_op(&h);
    assert_eq!(op.action, Action::Cas(Some(-1), Some(2)));
    assert_eq!(
        (op.process, op.outcome, op.call, op.ret),
        (3, Outcome::Ok, 2, Some(5))
    );
    assert_eq!((op.invoke_line, op.completion_line), (2, Some(5)));
    assert_eq!(op.key, "");
}

#[test]
fn jepsen_read_results_and_values() {
    let h = parse(&log(&[
        "0 :invoke :read nil",
        "0 :ok :read -7",
        "1 :invoke :read nil",
        "1 :ok :read nil",
    ]));
    assert_eq!(h.ops()[0].action, Action::Read(Some(-7)));
    assert_eq!(h.ops()[1].action, Action::Read(None));
    // A write's and a cas's values are the invoke's.
    let h = parse(&log(&["0 :invoke :write 4", "0 :ok :write 5"]));
    assert_eq!(only_op(&h).action, Action::Write(Some(4)));
}

#[test]
fn jepsen_errors_name_line_and_text() {
    let text = log(&[
        "0 :invoke :read nil",
        "0 :ok :read 1 2",
        "x :invoke :read nil",
        "1 :begin :read nil",
        "1 :invoke :scan nil",
        "2 :invoke :cas 3",
        "2 :invoke :write [1 2]",
        "3 :invoke :write",
    ]);
    let h = parse(&text);
    let lines: Vec<u32> = h.errors().iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(h.errors()[0].text, "INFO  jepsen.util - 0 :ok :read 1 2");
    assert!(matches!(h.errors()[0].reason, ErrorReason::Malformed(_)));
    assert_eq!(h.skipped_lines(), 7);
    // The read at line 1 never got a valid completion: unanswered, so dropped.
    assert_eq!(h.op_count(), 0);
    assert_eq!(h.dropped(), 1);
}

#[test]
fn an_error_shows_at_most_80_characters() {
    let long = format!("0 :invoke :read {}", "9".repeat(100));
    let h = parse(&log(&["0 :invoke :read nil", &long]));
    let e = &h.errors()[0];
    assert_eq!(e.line, 2);
    assert_eq!(e.text.chars().count(), 80);
    assert!(e.text.ends_with('…'));
    assert!(e.text.starts_with("INFO  jepsen.util - 0 :invoke"));
    assert_eq!(crate::history::truncate_80(&"é".repeat(80)), "é".repeat(80));
    assert_eq!(
        crate::history::truncate_80(&"é".repeat(81)),
        format!("{}…", "é".repeat(79))
    );
    assert_eq!(crate::history::truncate_80("line\r\n"), "line");
}

#[test]
fn edn_maps_in_any_order_with_optional_commas_and_keys() {
    let text = r#"{:type :invoke :f :put :value "a\"b" :process 4 :key "k" :index 12}
{:index 13, :error [:timeout "slow" {:a 1}], :process 4, :type :ok, :f :put, :key "k", :value "a\"b"}
{:process :nemesis, :type :info, :f :start, :value nil}
{:process 5, :type :invoke, :f :read}
{:f :read, :type :ok, :process 5, :value 3}
"#;
    let h = parse(text);
    assert_eq!(h.format(), Some(Format::Edn));
    assert_eq!(h.skipped_lines(), 0, "{:?}", h.errors());
    assert_eq!(h.op_count(), 2);
    let put = &h.ops()[0];
    assert_eq!(
        (put.key.as_str(), &put.action),
        ("k", &Action::Put("a\"b".into()))
    );
    let read = &h.ops()[1];
    assert_eq!(
        (read.key.as_str(), &read.action),
        ("", &Action::Read(Some(3)))
    );
    assert_eq!(h.keys().len(), 2);
}

#[test]
fn edn_get_results() {
    let text = r#"{:process 0, :type :invoke, :f :get, :key "a", :value nil}
{:process 0, :type :ok, :f :get, :key "a", :value nil}
{:process 1, :type :invoke, :f :get, :key "a", :value nil}
{:process 1, :type :ok, :f :get, :key "a", :value "xy"}
{:process 2, :type :invoke, :f :get, :key "a", :value nil}
{:process 2, :type :fail, :f :get, :key "a", :value :timed-out}
"#;
    let h = parse(text);
    let actions: Vec<&Action> = h.ops().iter().map(|o| &o.action).collect();
    assert_eq!(
        actions,
        vec![&Action::Get(String::new()), &Action::Get("xy".into())]
    );
    assert_eq!(h.dropped(), 1);
}

#[test]
fn edn_time_is_used_only_when_every_op_line_has_one() {
    let timed = "{:process 0, :type :invoke, :f :write, :value 1, :time 100}\n\
        {:process 0, :type :ok, :f :write, :value 1, :time 250}\n\
        {:process 1, :type :invoke, :f :read, :value nil, :time 250}\n\
        {:process 1, :type :ok, :f :read, :value nil, :time 300}\n";
    let h = parse(timed);
    assert_eq!((h.ops()[0].call, h.ops()[0].ret), (100, Some(250)));
    assert_eq!((h.ops()[1].call, h.ops()[1].ret), (250, Some(300)));
    // Touching intervals overlap: the read may come before the write, so this is ok.
    assert_eq!(crate::check(timed).verdict, crate::Verdict::Ok);
    // One op line without :time: line order for all, and the write returns before the read.
    let untimed = timed.replace(", :time 300", "");
    let h = parse(&untimed);
    assert_eq!((h.ops()[0].call, h.ops()[0].ret), (1, Some(2)));
    assert_eq!(crate::check(&untimed).verdict, crate::Verdict::Illegal);
}

#[test]
fn edn_errors() {
    let text = "{:process 0, :type :invoke, :f :read, :value nil}\n\
        {:process 0 :type :ok}\n\
        not a map\n\
        {:process 1, :type :invoke, :f :write, :value \"s\"}\n\
        {:process 2, :type :invoke, :f :read, :value nil} extra\n\
        {:process 3, :type :invoke, :f :read, :value nil, :time 1.5}\n\
        {:process 4, :type :invoke :f :read :value [1 2}\n\
        {:type :invoke, :f :read}\n";
    let h = parse(text);
    let lines: Vec<u32> = h.errors().iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(h.errors()[1].text, "not a map");
}

#[test]
fn pairing_outcomes() {
    let h = parse(&log(&[
        "0 :invoke :write 1",
        "0 :fail :write 1",
        "1 :invoke :cas [1 2]",
        "1 :fail :cas [1 2]",
        "2 :invoke :read nil",
        "2 :fail :read :timed-out",
        "3 :invoke :read nil",
        "3 :info :read :timed-out",
        "4 :invoke :cas [2 3]",
        "4 :info :cas :timed-out",
        "5 :invoke :write 7",
        "6 :invoke :read nil",
        "7 :invoke :read nil",
        "7 :ok :read :timed-out",
    ]));
    assert_eq!(h.skipped_lines(), 0);
    // Failed write, failed read, info read, unanswered read, unknown read: dropped.
    assert_eq!(h.dropped(), 5);
    let got: Vec<(i64, &Action, Outcome, Option<i64>)> = h
        .ops()
        .iter()
        .map(|o| (o.process, &o.action, o.outcome, o.ret))
        .collect();
    assert_eq!(
        got,
        vec![
            (1, &Action::Cas(Some(1), Some(2)), Outcome::Failed, Some(4)),
            (4, &Action::Cas(Some(2), Some(3)), Outcome::Info, None),
            (5, &Action::Write(Some(7)), Outcome::Info, None),
        ]
    );
    assert_eq!(h.ops()[1].completion_line, Some(10));
    assert_eq!(h.ops()[2].completion_line, None);
}

#[test]
fn bad_pairings_are_skipped_lines() {
    let h = parse(&log(&[
        "0 :ok :read 1",
        "1 :invoke :write 1",
        "1 :invoke :write 2",
        "1 :ok :read 1",
        "1 :ok :write 1",
        "2 :invoke :cas 5",
        "2 :fail :cas [1 2]",
    ]));
    let got: Vec<(u32, &ErrorReason)> = h.errors().iter().map(|e| (e.line, &e.reason)).collect();
    assert_eq!(got[0], (1, &ErrorReason::NoPendingInvoke));
    assert_eq!(got[1], (3, &ErrorReason::AlreadyPending(2)));
    assert_eq!(got[2], (4, &ErrorReason::FunMismatch(2)));
    assert!(matches!(got[3], (6, ErrorReason::Malformed(_))));
    assert_eq!(got[4], (7, &ErrorReason::InvokeSkipped(6)));
    assert_eq!(h.skipped_lines(), 5);
    // The write invoked at line 2 is still paired with its completion at line 5.
    let op = only_op(&h);
    assert_eq!(
        (op.invoke_line, op.completion_line, &op.action),
        (2, Some(5), &Action::Write(Some(1)))
    );
}

#[test]
fn register_and_key_value_ops_on_one_key_are_an_error() {
    let text = "{:process 0, :type :invoke, :f :put, :key \"a\", :value \"x\"}\n\
        {:process 1, :type :invoke, :f :write, :key \"a\", :value 1}\n\
        {:process 0, :type :ok, :f :put, :key \"a\", :value \"x\"}\n\
        {:process 1, :type :ok, :f :write, :key \"a\", :value 1}\n";
    let h = parse(text);
    let got: Vec<(u32, &ErrorReason)> = h.errors().iter().map(|e| (e.line, &e.reason)).collect();
    assert_eq!(
        got,
        vec![
            (2, &ErrorReason::MixedModels),
            (4, &ErrorReason::InvokeSkipped(2))
        ]
    );
    assert_eq!(h.op_count(), 1);
}

#[test]
fn no_format_makes_every_line_an_error() {
    let h = parse("hello\n\nworld\n");
    assert_eq!(h.format(), None);
    let lines: Vec<u32> = h.errors().iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![1, 3]);
}

#[test]
fn text_past_the_limit_is_cut_at_a_whole_line() {
    let text = log(&[
        "0 :invoke :write 1",
        "0 :ok :write 1",
        "1 :invoke :read nil",
        "1 :ok :read 1",
    ]);
    let second_line_end = text.match_indices('\n').nth(1).unwrap().0 + 1;
    let limits = Limits {
        max_bytes: second_line_end + 5,
        max_ops: 10,
    };
    let h = parse_with(&text, limits);
    assert_eq!(h.op_count(), 1);
    assert_eq!(
        h.notices(),
        &[crate::Notice::TextCut {
            read_bytes: second_line_end,
            total_bytes: text.len(),
            from_line: 3
        }]
    );
    assert!(h.notices()[0]
        .to_string()
        .contains("from line 3 on was cut"));
    assert!(parse(&text).notices().is_empty());
}

#[test]
fn ops_past_the_limit_are_cut_but_pending_ones_complete() {
    let text = log(&[
        "0 :invoke :write 1",
        "1 :invoke :write 2",
        "2 :invoke :write 3",
        "0 :ok :write 1",
        "1 :ok :write 2",
        "2 :ok :write 3",
        "0 :invoke :read nil",
        "0 :ok :read 2",
    ]);
    let h = parse_with(
        &text,
        Limits {
            max_bytes: 1 << 20,
            max_ops: 2,
        },
    );
    assert_eq!(h.op_count(), 2);
    assert!(h.ops().iter().all(|o| o.ret.is_some()));
    assert_eq!(h.skipped_lines(), 0);
    assert_eq!(
        h.notices(),
        &[crate::Notice::OpsCut {
            kept: 2,
            cut_invokes: 2,
            from_line: 3
        }]
    );
}

#[test]
fn the_default_limits_are_the_specs() {
    assert_eq!(
        Limits::default(),
        Limits {
            max_bytes: 1_000_000,
            max_ops: 100_000
        }
    );
}

#[test]
fn from_ops_applies_the_drop_rules_and_orders_keys() {
    let ops = vec![
        Op::new(1, Action::Read(Some(1)), 5, None, 1),
        Op::new(1, Action::Write(Some(1)), 0, Some(3), 2).with_key("10"),
        Op::new(2, Action::Write(Some(2)), 1, Some(2), 3)
            .with_key("9")
            .with_outcome(Outcome::Failed),
        Op::new(3, Action::Cas(None, Some(1)), 4, Some(1), 4).with_key("9"),
        Op::new(4, Action::Get(String::new()), 0, Some(1), 5).with_key("9"),
    ];
    let h = History::from_ops(Some(Format::Hist), ops);
    assert_eq!(h.dropped(), 2);
    let names: Vec<&str> = h.keys().iter().map(|k| k.name.as_str()).collect();
    assert_eq!(names, vec!["9", "10"]);
    // A return before its call is moved to the call.
    let cas = h
        .ops()
        .iter()
        .find(|o| matches!(o.action, Action::Cas(..)))
        .unwrap();
    assert_eq!(cas.ret, Some(4));
    // The get on key "9" (already a register key) is skipped.
    assert_eq!(h.errors().len(), 1);
    assert_eq!(
        (h.errors()[0].line, &h.errors()[0].reason),
        (5, &ErrorReason::MixedModels)
    );
}
