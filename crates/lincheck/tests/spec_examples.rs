//! The spec's worked examples (real-histories.md, section 7), exactly as written there, with the
//! variants it describes.

use lincheck::{check, Format, ModelKind, Report, Verdict};

/// Example 1: an indeterminate write that must have happened.
const EXAMPLE_1: &str = "\
INFO  jepsen.util - 0\t:invoke\t:write\t1
INFO  jepsen.util - 0\t:info\t:write\t:timed-out
INFO  jepsen.util - 1\t:invoke\t:read\tnil
INFO  jepsen.util - 1\t:ok\t:read\t1
INFO  jepsen.util - 2\t:invoke\t:read\tnil
INFO  jepsen.util - 2\t:ok\t:read\tnil
";

/// Example 2: a failed cas as an observation.
const EXAMPLE_2: &str = "\
INFO  jepsen.util - 0\t:invoke\t:write\t3
INFO  jepsen.util - 0\t:ok\t:write\t3
INFO  jepsen.util - 1\t:invoke\t:cas\t[3 4]
INFO  jepsen.util - 1\t:fail\t:cas\t[3 4]
";

/// Example 3: key-value, per key.
const EXAMPLE_3: &str = r#"{:process 0, :type :invoke, :f :put, :key "a", :value "x"}
{:process 0, :type :ok, :f :put, :key "a", :value "x"}
{:process 1, :type :invoke, :f :get, :key "a", :value nil}
{:process 1, :type :ok, :f :get, :key "a", :value ""}
"#;

fn key_verdict(r: &Report, key: &str) -> Verdict {
    r.keys
        .iter()
        .find(|k| k.key == key)
        .expect("key present")
        .verdict
}

#[test]
fn example_1_indeterminate_write_that_must_have_happened() {
    let r = check(EXAMPLE_1);
    assert_eq!(r.verdict, Verdict::Illegal);
    assert_eq!(r.format, Some(Format::JepsenLog));
    assert_eq!(
        (r.ops, r.keys.len(), r.illegal_keys, r.skipped_lines),
        (3, 1, 1, 0)
    );
    assert_eq!(r.keys[0].key, "");
    assert_eq!(r.keys[0].model, ModelKind::Register);
    let e = r.keys[0].explanation.as_ref().expect("an explanation");
    assert_eq!(
        e.sentence,
        "p2's read of nil at line 5 cannot be ordered: it returned nil, but after the longest prefix \
         found (2 ops) the value is 1, left by p0's indeterminate write of 1 at line 1; nil was only \
         the initial value."
    );
    // The prefix: the write, then p1's read of 1.
    assert_eq!(e.prefix.len(), 2);
    assert_eq!(r.places.iter().filter(|p| p.is_some()).count(), 2);
}

#[test]
fn example_1_without_p1s_read_is_ok() {
    let text: String = EXAMPLE_1
        .lines()
        .filter(|l| !l.contains("- 1\t"))
        .map(|l| format!("{l}\n"))
        .collect();
    let r = check(&text);
    assert_eq!(r.verdict, Verdict::Ok);
    assert_eq!((r.ops, r.keys.len(), r.illegal_keys), (2, 1, 0));
    // The write may take effect after p2's read, or never: the linearization holds the read.
    assert!(r.keys[0].linearization.contains(&1));
}

#[test]
fn example_2_failed_cas_as_an_observation() {
    let r = check(EXAMPLE_2);
    assert_eq!(r.verdict, Verdict::Illegal);
    assert_eq!(
        (r.ops, r.keys.len(), r.illegal_keys, r.skipped_lines),
        (2, 1, 1, 0)
    );
    let e = r.keys[0].explanation.as_ref().expect("an explanation");
    assert_eq!(e.op, 1);
    assert_eq!(
        e.sentence,
        "p1's failed cas from 3 to 4 at line 3 cannot be ordered: its compare failed, so the value \
         was not 3, but after the longest prefix found (1 op) the value is 3, left by p0's write of \
         3 at line 1; no op that could still come before it changes that."
    );
}

#[test]
fn example_2_with_the_cas_invoked_before_the_writes_ok_is_ok() {
    let lines: Vec<&str> = EXAMPLE_2.lines().collect();
    let text = [lines[0], lines[2], lines[1], lines[3]].join("\n");
    let r = check(&text);
    assert_eq!(r.verdict, Verdict::Ok);
    // The cas runs first (on nil, so its compare fails), then the write.
    assert_eq!(r.keys[0].linearization, vec![1, 0]);
}

#[test]
fn example_3_key_value_per_key() {
    let r = check(EXAMPLE_3);
    assert_eq!(r.format, Some(Format::Edn));
    assert_eq!(r.verdict, Verdict::Illegal);
    assert_eq!((r.ops, r.keys.len(), r.illegal_keys), (2, 1, 1));
    assert_eq!(key_verdict(&r, "a"), Verdict::Illegal);
    assert_eq!(r.keys[0].model, ModelKind::KeyValue);
    let e = r.keys[0].explanation.as_ref().expect("an explanation");
    assert_eq!(
        e.sentence,
        "p1's get of \"\" at line 3 cannot be ordered: it returned \"\", but after the longest prefix \
         found (1 op) the value is \"x\", left by p0's put of \"x\" at line 1; \"\" was only the \
         initial value."
    );
}

#[test]
fn example_3_with_a_legal_key_b() {
    let b = r#"{:process 2, :type :invoke, :f :put, :key "b", :value "y"}
{:process 2, :type :ok, :f :put, :key "b", :value "y"}
{:process 3, :type :invoke, :f :get, :key "b", :value nil}
{:process 3, :type :ok, :f :get, :key "b", :value "y"}
"#;
    let r = check(&format!("{EXAMPLE_3}{b}"));
    assert_eq!(r.verdict, Verdict::Illegal);
    assert_eq!(r.keys.len(), 2);
    assert_eq!(r.illegal_keys, 1);
    assert_eq!(key_verdict(&r, "a"), Verdict::Illegal);
    assert_eq!(key_verdict(&r, "b"), Verdict::Ok);
    assert!(r.keys[1].explanation.is_none());
}
