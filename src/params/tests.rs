//! The share link's codec: reading, clamping, notices, and round trips.

use super::values::decimal;
use super::*;
use proptest::prelude::*;

fn parse(s: &str) -> (Params, Vec<Notice>) {
    Params::from_fragment(s)
}

#[test]
fn a_notice_quotes_at_most_twenty_printable_characters() {
    let twenty = "abcdefghijklmnopqrst";
    assert_eq!(quote(twenty), "“abcdefghijklmnopqrst”");
    assert_eq!(quote(&format!("{twenty}u")), "“abcdefghijklmnopqrst…”");
    assert_eq!(quote("a\u{7}b\nc"), "“abc”");
    let (_, notices) = parse("nodes=a,b&colour=red");
    assert_eq!(
        notices.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
        ["Ignored unknown setting “colour”."]
    );
    // Bad node names: the first three quoted, the rest counted.
    let bad = |list: &str| parse(&format!("nodes=a,{list}")).1[0].0.clone();
    assert_eq!(
        bad("b!,c!,d!"),
        format!("Ignored node names “b!”, “c!”, “d!”: {NAME_RULE}.")
    );
    assert_eq!(
        bad("b!,c!,d!,e!,f!"),
        format!("Ignored node names “b!”, “c!”, “d!” and 2 more: {NAME_RULE}.")
    );
    // Stray separators (and a lone "=") are nothing; a value with no name is an unknown setting.
    assert_eq!(parse("&nodes=a,b&&keys=5000&").1, []);
    assert_eq!(parse("nodes=a,b&=&keys=5000").1, []);
    assert_eq!(
        parse("nodes=a,b&=x").1,
        [Notice("Ignored unknown setting “”.".into())]
    );
}

#[test]
fn serving_is_any_one_of_replicas_failures_hot_keys_or_a_cache() {
    assert!(!parse("nodes=a,b").0.serving());
    for link in [
        "nodes=a,b&replicas=2",
        "nodes=a,b&fail=a",
        "nodes=a,b&zipf=0.05",
        "nodes=a,b&cache=10",
    ] {
        let (p, notices) = parse(link);
        assert!(notices.is_empty(), "{link}: {notices:?}");
        assert!(p.serving(), "{link}");
    }
    assert_eq!(parse("zipf=0.80").0.zipf(), 0.8);
    assert_eq!(parse("zipf=1.50").0.zipf(), 1.5);
}

#[test]
fn a_long_link_is_cut_at_8192_bytes_on_a_character_boundary() {
    let too_long = "The link was too long: only its first 8192 characters were read.";
    // Exactly the limit: read whole, no notice.
    let exact = format!("vnodes=5&zz={}", "y".repeat(FRAGMENT_MAX_BYTES - 12));
    assert_eq!(exact.len(), FRAGMENT_MAX_BYTES);
    let (p, notices) = parse(&exact);
    assert_eq!(p.vnodes, 5);
    assert!(notices.iter().all(|n| n.0 != too_long), "{notices:?}");
    // "é" (two bytes) straddles the limit: the cut falls before it, so "vnodes=5" is read as it is.
    let head = format!("zz={}&vnodes=5", "y".repeat(FRAGMENT_MAX_BYTES - 1 - 12));
    assert_eq!(head.len(), FRAGMENT_MAX_BYTES - 1);
    let (p, notices) = parse(&format!("{head}é&keys=7"));
    assert_eq!((p.vnodes, p.keys), (5, 10_000));
    assert_eq!(notices[0].0, too_long);
    assert_eq!(notices[1..], parse(&head).1[..]);
}

#[test]
fn reads_the_documented_example() {
    let (p, notices) = parse("#nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(p.nodes, ["db1", "db2", "db3"]);
    assert_eq!((p.vnodes, p.keys), (150, 10000));
    assert_eq!(p.change, Some(Change::Remove("db2".into())));
    assert_eq!(
        p.to_fragment(),
        "v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2"
    );
}

#[test]
fn the_compact_view_shows_what_the_link_is_about() {
    let compact = |s: &str| parse(s).0.compact();
    assert_eq!(compact("nodes=a,b&remove=b&embed=1"), Compact::Ring);
    assert_eq!(compact("replicas=3&embed=1"), Compact::Service);
    assert_eq!(compact("fail=db2&embed=1"), Compact::Service);
    assert_eq!(compact("zipf=1.00&cache=10&embed=1"), Compact::Service);
    // A staleness setting alone (latencies, trials) is about the staleness model; any other time
    // setting is about the history.
    assert_eq!(compact("replicas=3&lat=wan&embed=1"), Compact::Staleness);
    assert_eq!(
        compact("replicas=3&trials=10000&embed=1"),
        Compact::Staleness
    );
    assert_eq!(
        compact("replicas=3&lat=wan&seed=2&embed=1"),
        Compact::History
    );
    assert_eq!(compact("replicas=3&split=db2&embed=1"), Compact::History);
    // The part the link names wins; the comparison has no compact form.
    assert_eq!(compact("replicas=3&seed=2&part=service"), Compact::Service);
    assert_eq!(compact("part=staleness"), Compact::Staleness);
    assert_eq!(compact("part=time"), Compact::History);
    assert_eq!(compact("part=curve"), Compact::Curve);
    assert_eq!(compact("replicas=3&part=compare"), Compact::Ring);
    // A tour step: the link's part, else the step's.
    let steps = [
        Compact::Ring,
        Compact::Ring,
        Compact::Ring,
        Compact::Ring,
        Compact::Ring,
        Compact::Ring,
        Compact::Curve,
        Compact::Staleness,
        Compact::Staleness,
        Compact::History,
        Compact::Service,
    ];
    for (n, want) in (1..).zip(steps) {
        assert_eq!(
            compact(&format!("tour=reddit&step={n}&embed=1")),
            want,
            "step {n}"
        );
    }
    assert_eq!(compact("tour=reddit&step=11&part=ring"), Compact::Ring);
}

#[test]
fn links_carry_their_version_and_embed() {
    let (p, n) = parse("v=1&embed=1&nodes=a,b");
    assert!(n.is_empty(), "{n:?}");
    assert!(p.embed);
    assert_eq!(
        p.to_fragment(),
        "v=1&nodes=a,b&vnodes=150&keys=10000&embed=1"
    );
    assert_eq!(
        p.full_page().to_fragment(),
        "v=1&nodes=a,b&vnodes=150&keys=10000"
    );
    // Without v: version 1, silently. An unknown version opens what it can, and says so.
    assert_eq!(parse("nodes=a,b").1, vec![]);
    let (p, n) = parse("v=7&nodes=a,b&keys=500&colour=red");
    assert_eq!((p.nodes.len(), p.keys), (2, 500));
    assert!(n[0].0.contains("version “7”"), "{n:?}");
    assert!(n[1].0.contains("unknown setting “colour”"), "{n:?}");
    let (p, n) = parse("embed=yes");
    assert!(!p.embed);
    assert_eq!(n.len(), 1);
}

#[test]
fn empty_fragment_is_the_default_silently() {
    assert_eq!(parse(""), (Params::default(), vec![]));
    assert_eq!(parse("#"), (Params::default(), vec![]));
}

#[test]
fn numbers_are_clamped_or_defaulted() {
    let (p, n) = parse("vnodes=0&keys=99999999999999999999999");
    assert_eq!((p.vnodes, p.keys), (VNODES_MIN, KEYS_MAX));
    assert_eq!(n.len(), 2);
    let (p, n) = parse("vnodes=abc&keys=-5");
    assert_eq!((p.vnodes, p.keys), (VNODES_DEFAULT, KEYS_DEFAULT));
    assert_eq!(n.len(), 2);
    assert!(n[0].0.contains("whole number"));
}

#[test]
fn bad_names_are_dropped_and_said() {
    let (p, n) = parse("nodes=db1,,<img src=x onerror=alert(1)>,db1,db2&add=db2");
    assert_eq!(p.nodes, ["db1", "db2"]);
    assert_eq!(p.change, None);
    let text: Vec<&str> = n.iter().map(|x| x.0.as_str()).collect();
    assert!(text[0].starts_with("Ignored node names"), "{text:?}");
    assert!(text[1].contains("repeated"), "{text:?}");
    assert!(text[2].contains("already a node"), "{text:?}");
    let (p, n) = parse("nodes=%3Cscript%3E,,");
    assert_eq!(p.nodes, DEFAULT_NODES);
    assert!(n.last().unwrap().0.starts_with("No usable node names"));
}

#[test]
fn changes_are_checked_against_the_nodes() {
    assert_eq!(parse("remove=db9").0.change, None);
    assert_eq!(parse("nodes=a&remove=a").0.change, None);
    assert_eq!(parse("add=db4").0.change, Some(Change::Add("db4".into())));
    let (p, n) = parse("remove=db1&add=db4");
    assert_eq!(p.change, Some(Change::Remove("db1".into())));
    assert_eq!(n.len(), 1);
}

#[test]
fn unknown_and_repeated_keys_are_said() {
    let (p, n) = parse("foo=1&keys=200&keys=300&&");
    assert_eq!(p.keys, 200);
    assert_eq!(n.len(), 2);
}

#[test]
fn huge_fragments_are_cut() {
    let long = format!("keys=500&nodes={}", "é".repeat(10_000));
    let (p, n) = parse(&long);
    assert_eq!(p.keys, 500);
    assert!(n[0].0.contains("too long"));
}

#[test]
fn too_many_nodes_are_cut() {
    let names: Vec<String> = (1..=150).map(default_name).collect();
    let (p, n) = parse(&format!("nodes={}", names.join(",")));
    assert_eq!(p.nodes.len(), NODES_MAX);
    assert!(n[0].0.contains("ignored 50 more"));
}

#[test]
fn strategy_settings_apply_only_to_their_strategy() {
    let (p, n) = parse("strategy=shards&shards=500&remove=db1");
    assert_eq!((p.strategy, p.shards, n.len()), ("shards", 500, 0));
    assert_eq!(
        p.to_fragment(),
        "v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&strategy=shards&shards=500&remove=db1"
    );
    let (p, n) = parse("strategy=bounded&c=1.05");
    assert_eq!((p.strategy, p.c100, n.len()), ("bounded", 105, 0));
    assert_eq!(
        p.to_fragment(),
        "v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&strategy=bounded&c=1.05"
    );
    // Not for this strategy: ignored and said.
    let (p, n) = parse("strategy=jump&shards=500&c=2");
    assert_eq!((p.shards, p.c100), (SHARDS_DEFAULT, C100_DEFAULT));
    assert_eq!(n.len(), 2);
    assert!(n[0].0.contains("applies only to strategy=shards"), "{n:?}");
    let (p, n) = parse("shards=500");
    assert_eq!((p.strategy, p.shards), ("ring", SHARDS_DEFAULT));
    assert_eq!(n.len(), 1);
}

#[test]
fn bad_strategy_values_are_defaulted_or_clamped() {
    let (p, n) = parse("strategy=%3Cscript%3Ealert(1)%3C/script%3E");
    assert_eq!(p.strategy, "ring");
    assert!(
        n[0].0.starts_with("Unknown strategy “<script>alert(1)</"),
        "{n:?}"
    );
    let (p, n) = parse("strategy=shards&shards=0");
    assert_eq!(p.shards, SHARDS_MIN);
    assert!(n[0].0.contains("at least 16"));
    let (p, _) = parse("strategy=shards&shards=99999");
    assert_eq!(p.shards, SHARDS_MAX);
    for (c, want, notices) in [
        ("abc", 125, 1),
        ("1e2", 125, 1),
        ("NaN", 125, 1),
        ("-1", 125, 1),
        ("0.5", 100, 1),
        ("7", 300, 1),
        ("1.25", 125, 0),
        ("1.3", 130, 0),
        ("2", 200, 0),
        ("1.15", 115, 0),
        ("1.27", 125, 1),
        ("1.28", 130, 1),
        ("1.251", 125, 1),
        ("", 125, 1),
    ] {
        let (p, n) = parse(&format!("strategy=bounded&c={c}"));
        assert_eq!((p.c100, n.len()), (want, notices), "c={c}: {n:?}");
    }
    assert_eq!(c_text(100), "1.00");
    assert_eq!(c_text(305), "3.05");
}

#[test]
fn replication_settings_are_clamped_and_said() {
    let (p, n) = parse("nodes=a,b,c&replicas=3&r=2&w=3&fail=b&zipf=0.80&cache=50");
    assert!(n.is_empty(), "{n:?}");
    assert_eq!(
        (p.replicas, p.read, p.write, p.zipf100, p.cache),
        (3, 2, 3, 80, 50)
    );
    assert_eq!(p.fail, vec!["b".to_owned()]);
    assert_eq!(
        p.to_fragment(),
        "v=1&nodes=a,b,c&vnodes=150&keys=10000&replicas=3&r=2&w=3&zipf=0.80&cache=50&fail=b"
    );
    let hostile = [
        ("replicas=0", "“replicas” must be at least 1: used 1."),
        ("replicas=99", "“replicas” must be at most 5: used 5."),
        ("replicas=2&r=3", "“r” must be at most 2: used 2."),
        ("w=x", "“w” should be a whole number"),
        ("zipf=2.5", "“zipf” must be at most 2.00: used 2.00."),
        ("zipf=0.83", "“zipf” goes in steps of 0.05: used 0.85."),
        ("zipf=-1", "“zipf” should be a number from 0.00 to 2.00"),
        (
            "keys=1000&cache=5000",
            "“cache” must be at most 1000: used 1000.",
        ),
        ("fail=zz", "Can't fail “zz”: it is not one of the nodes."),
        ("remove=db2&fail=db2", "“db2” is removed by the change"),
    ];
    for (link, said) in hostile {
        let (p, n) = parse(link);
        assert!(n.iter().any(|n| n.0.starts_with(said)), "{link}: {n:?}");
        let mut normal = p.clone();
        normal.normalize();
        assert_eq!(normal, p, "{link}");
    }
    // The failures are kept in node order, without repeats; an added node may fail.
    let (p, n) = parse("nodes=a,b,c&add=d&fail=d,c,c,a");
    assert!(n.is_empty(), "{n:?}");
    assert_eq!(p.fail, ["a", "c", "d"]);
}

#[test]
fn unused_name_skips_taken() {
    let taken: Vec<String> = ["db1", "db2", "db4"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(unused_name(&taken, 1), "db3");
    assert_eq!(unused_name(&taken, 4), "db5");
}

fn arb_params() -> impl Strategy<Value = Params> {
    let name = "[A-Za-z0-9_.-]{1,32}";
    (
        // In any order: the link keeps the node order (it matters to ties, modn, jump and range).
        proptest::collection::vec(name, 1..12),
        VNODES_MIN..=VNODES_MAX,
        KEYS_MIN..=KEYS_MAX,
        (0..3u8, any::<prop::sample::Index>()),
        name,
        (
            0..crate::strategy::ALL.len(),
            SHARDS_MIN..=SHARDS_MAX,
            0..=40u32,
            proptest::bool::ANY,
            0..=11u32,
        ),
        (
            1..=REPLICAS_MAX,
            1..=REPLICAS_MAX,
            1..=REPLICAS_MAX,
            proptest::collection::vec(proptest::bool::ANY, 0..8),
            0..=40u32,
            0..=KEYS_MAX,
        ),
        arb_time(),
        // Weights of the nodes in play, in order (1 = unweighted, often).
        proptest::collection::vec(
            prop_oneof![3 => Just(1u32), 1 => crate::strategy::WEIGHT_MIN..=crate::strategy::WEIGHT_MAX],
            0..14,
        ),
    )
        .prop_map(
            |(
                mut nodes,
                vnodes,
                keys,
                (kind, which),
                extra,
                (strategy, shards, c, embed, step),
                (replicas, read, write, failing, zipf, cache),
                (mut time, split),
                weights,
            )| {
                // Unique names, first occurrence kept, order as generated.
                let mut seen = std::collections::HashSet::new();
                nodes.retain(|n| seen.insert(n.clone()));
                let change = match kind {
                    1 if nodes.len() > 1 => Some(Change::Remove(which.get(&nodes).clone())),
                    2 if !nodes.contains(&extra) => Some(Change::Add(extra)),
                    _ => None,
                };
                let mut p = Params {
                    nodes,
                    vnodes,
                    keys,
                    change,
                    weights: Default::default(),
                    strategy: crate::strategy::ALL[strategy].name(),
                    shards,
                    c100: C100_MIN + c * C100_STEP,
                    replicas,
                    read,
                    write,
                    fail: Vec::new(),
                    zipf100: zipf * ZIPF100_STEP,
                    cache,
                    time: Time::default(),
                    embed,
                    // Step 0: no tour.
                    tour: (step > 0).then_some(TourAt {
                        tour: "reddit",
                        step,
                    }),
                    // A part now and then (by the step number, to stay within the tuple).
                    part: tours::Part::ALL.get(step as usize % 9).copied(),
                    // A history now and then: a preset's name or a compressed text's shape.
                    check: match step % 3 {
                        1 => Some("p.etcd_000".to_owned()),
                        2 => Some(format!("z.{}", "Ab-_9".repeat(step as usize))),
                        _ => None,
                    },
                };
                // The split: any of the nodes after the change and the clients.
                time.split = time::tests_sides(&p.nodes_after(), time.clients)
                    .zip(split.iter().cycle())
                    .filter(|(_, &b)| b)
                    .map(|(n, _)| n)
                    .collect();
                p.time = time;
                p.weights = p.nodes_in_play().into_iter().zip(weights).collect();
                // Any of the nodes after the change may be down; normalize() keeps their order.
                p.fail = p
                    .nodes_after()
                    .into_iter()
                    .zip(&failing)
                    .filter(|(_, &down)| down)
                    .map(|(n, _)| n)
                    .collect();
                p.normalize();
                p
            },
        )
}

/// Time settings in their ranges (`time.rs`), a hand-made history now and then, and which sides
/// are split (applied to the nodes and clients once they are known).
fn arb_time() -> impl Strategy<Value = (Time, Vec<bool>)> {
    use crate::consistency::history::History;
    use crate::consistency::latency::Env;
    use crate::consistency::sim::{Cap, Mode, Reads};
    (
        (
            0..=KEYS_MAX,
            0..Env::ALL.len(),
            time::TRIALS_MIN..=time::TRIALS_MAX,
        ),
        (
            1..=time::CLIENTS_MAX,
            1..=time::OPS_MAX,
            1..=time::THINK_MAX,
            0..=100u32,
        ),
        (
            0..=time::SEED_MAX,
            0..Mode::ALL.len(),
            0..Reads::ALL.len(),
            0..Cap::ALL.len(),
        ),
        (
            0..=time::WINDOW_MAX_MS,
            proptest::option::of(1..time::WINDOW_MAX_MS),
        ),
        proptest::collection::vec(proptest::bool::ANY, 0..16),
        proptest::option::weighted(0.2, prop::sample::select(HISTS.to_vec())),
    )
        .prop_map(
            |(
                (key, lat, trials),
                (clients, ops, think, writes),
                (seed, mode, reads, cap),
                (from, to),
                split,
                hist,
            )| {
                let t = Time {
                    key,
                    lat: Env::ALL[lat],
                    trials,
                    clients,
                    ops,
                    think,
                    writes,
                    seed,
                    mode: Mode::ALL[mode],
                    reads: Reads::ALL[reads],
                    cap: Cap::ALL[cap],
                    split: Vec::new(),
                    from,
                    to,
                    hist: hist.map(|h| History::parse(h).0),
                };
                (t, split)
            },
        )
}

/// Hand-made histories (`hist=`), whole and with ops to drop.
const HISTS: [&str; 4] = [
    "1:w1@0-10,2:r1@5-12,2:r0@13-20",
    "1:w1@0-10, 2:r0@11-12 ,3:r1@2-4",
    "1:w1@0-10,bad,2:r9@1-2,1:w2@20-",
    "3:r?@1-2,1:w1@0-5!,2:r1@6-7",
];

/// The link's settings, as the parser knows them: the system's, then the time settings.
const SETTINGS: [&str; 36] = [
    "v", "nodes", "vnodes", "keys", "strategy", "shards", "c", "replicas", "r", "w", "zipf",
    "cache", "remove", "add", "weights", "fail", "embed", "tour", "step", "part", "key", "lat",
    "trials", "clients", "ops", "think", "writes", "seed", "mode", "reads", "cap", "split", "from",
    "to", "hist", "check",
];

/// A value for a setting: plausible ones (numbers in and out of range, decimals, names and lists of
/// names, strategies) and hostile ones (markup, percent-escapes, signs, exponents, huge numbers,
/// separators, any text).
fn arb_value() -> impl Strategy<Value = String> {
    let strategy = prop::sample::select(crate::strategy::ALL.map(|s| s.name()).to_vec());
    prop_oneof![
        4 => "[0-9]{1,7}",
        2 => "[0-3]\\.[0-9]{1,3}",
        3 => "(db[0-9]{1,3}|[A-Za-z0-9_.-]{1,6})(,(db[0-9]{1,3}|[A-Za-z0-9_.-]{1,6})){0,6}",
        2 => strategy.prop_map(str::to_owned),
        2 => prop::sample::select(vec!["ssd", "disk", "ymmr", "wan", "quorum", "primary", "sticky", "any", "c", "a", "c1,db2", "reddit", "time", "history"]).prop_map(str::to_owned),
        1 => prop::sample::select(HISTS.to_vec()).prop_map(str::to_owned),
        2 => "((db[0-9]{1,2}|[a-z]{1,3}):(-?[0-9]{1,3}|[0-9]\\.[0-9]|x|)(,|, )?){1,5}",
        1 => Just(String::new()),
        1 => "[-+][0-9]{1,12}",
        1 => "[0-9]{11,25}",
        1 => "[0-9]{1,3}(e[0-9]|\\.[0-9]+\\.[0-9]+| +)",
        1 => " [0-9]{1,4} ",
        1 => "<[a-z]{1,6} [a-z]{1,8}=[^>]{0,12}>",
        1 => "(%[0-9A-Fa-f]{2}|%[g-z]|%){1,4}",
        1 => "[,&=#+ ]{1,4}",
        2 => "\\PC{0,24}",
    ]
}

/// A fragment of settings: mostly the real names (each possibly repeated), sometimes unknown or
/// hostile names, in any order, with or without the leading `#`.
fn arb_fragment() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        9 => prop::sample::select(SETTINGS.to_vec()).prop_map(str::to_owned),
        1 => "\\PC{0,8}",
    ];
    (
        proptest::collection::vec((key, arb_value()), 0..16),
        any::<bool>(),
    )
        .prop_map(|(pairs, hash)| {
            let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("{}{}", if hash { "#" } else { "" }, body.join("&"))
        })
}

/// What every parse must give, whatever the text: valid, normalised params.
fn assert_valid(p: &Params) -> Result<(), TestCaseError> {
    prop_assert!(!p.nodes.is_empty() && p.nodes.len() <= NODES_MAX);
    prop_assert!(p.nodes.iter().all(|n| is_valid_name(n)));
    let mut unique = p.nodes.clone();
    unique.sort();
    unique.dedup();
    prop_assert_eq!(
        unique.len(),
        p.nodes.len(),
        "repeated names in {:?}",
        p.nodes
    );
    prop_assert!((VNODES_MIN..=VNODES_MAX).contains(&p.vnodes));
    prop_assert!((KEYS_MIN..=KEYS_MAX).contains(&p.keys));
    prop_assert!(crate::strategy::by_name(p.strategy).is_some());
    prop_assert!((SHARDS_MIN..=SHARDS_MAX).contains(&p.shards));
    prop_assert!((C100_MIN..=C100_MAX).contains(&p.c100) && p.c100.is_multiple_of(C100_STEP));
    prop_assert!((REPLICAS_MIN..=REPLICAS_MAX).contains(&p.replicas));
    prop_assert!((1..=p.replicas).contains(&p.read) && (1..=p.replicas).contains(&p.write));
    prop_assert!(p.zipf100 <= ZIPF100_MAX && p.zipf100.is_multiple_of(ZIPF100_STEP));
    prop_assert!(p.cache <= p.keys);
    match &p.change {
        Some(Change::Remove(x)) => prop_assert!(p.nodes.contains(x) && p.nodes.len() > 1),
        Some(Change::Add(x)) => prop_assert!(is_valid_name(x) && !p.nodes.contains(x)),
        None => {}
    }
    let after = p.nodes_after();
    prop_assert!(p.fail.iter().all(|n| after.contains(n)));
    let in_play = p.nodes_in_play();
    prop_assert!(p.weights.iter().all(|(n, w)| in_play.contains(&n)
        && (crate::strategy::WEIGHT_MIN + 1..=crate::strategy::WEIGHT_MAX).contains(&w)));
    if let Some(at) = p.tour {
        prop_assert!(tours::by_id(at.tour).is_some_and(|t| t.step(at.step).is_some()));
    }
    let t = &p.time;
    prop_assert!(t.key < p.keys);
    prop_assert!((time::TRIALS_MIN..=time::TRIALS_MAX).contains(&t.trials));
    prop_assert!(
        (1..=time::CLIENTS_MAX).contains(&t.clients) && (1..=time::OPS_MAX).contains(&t.ops)
    );
    prop_assert!(
        (1..=time::THINK_MAX).contains(&t.think) && t.writes <= 100 && t.seed <= time::SEED_MAX
    );
    let sides: Vec<String> = time::tests_sides(&after, t.clients).collect();
    prop_assert!(
        t.split.iter().all(|n| sides.contains(n)),
        "split {:?} of {:?}",
        t.split,
        sides
    );
    prop_assert!(t
        .to
        .is_none_or(|to| to > t.from && to < time::WINDOW_MAX_MS));
    if t.split.is_empty() {
        prop_assert_eq!((t.from, t.to), (0, None));
    }
    let mut normal = p.clone();
    normal.normalize();
    prop_assert_eq!(&normal, p);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn fragments_round_trip(p in arb_params()) {
        let (back, notices) = Params::from_fragment(&p.to_fragment());
        prop_assert!(notices.is_empty(), "{:?}", notices);
        prop_assert_eq!(back, p);
    }

    /// Links made of the real settings with plausible and hostile values: valid params; the link the
    /// page writes back opens exactly them without a notice; and a setting given once with a value
    /// in its range (docs/course-authors.md, "Link parameters") is used as given, or clamped as documented.
    #[test]
    fn settings_with_any_values_parse_as_documented(s in arb_fragment()) {
        let (p, _) = Params::from_fragment(&s);
        assert_valid(&p)?;
        let (again, notices) = Params::from_fragment(&p.to_fragment());
        prop_assert!(notices.is_empty(), "{} wrote {}: {:?}", s, p.to_fragment(), notices);
        prop_assert_eq!(&again, &p);
        // The first value of each setting, as the parser reads them (it uses the first).
        let mut first = std::collections::HashMap::new();
        for (k, v) in form_urlencoded::parse(s.strip_prefix('#').unwrap_or(&s).as_bytes()) {
            first.entry(k.into_owned()).or_insert_with(|| v.trim().to_owned());
        }
        let number = |key: &str| first.get(key).and_then(|v| v.parse::<u64>().ok());
        if let Some(n) = number("vnodes") {
            prop_assert_eq!(p.vnodes as u64, n.clamp(VNODES_MIN as u64, VNODES_MAX as u64), "{}", s);
        }
        if let Some(n) = number("keys") {
            prop_assert_eq!(p.keys as u64, n.clamp(KEYS_MIN as u64, KEYS_MAX as u64), "{}", s);
        }
        if let Some(n) = number("replicas") {
            prop_assert_eq!(p.replicas as u64, n.clamp(REPLICAS_MIN as u64, REPLICAS_MAX as u64), "{}", s);
        }
        if let Some(n) = number("cache") {
            prop_assert_eq!(p.cache as u64, n.min(p.keys as u64), "{}", s);
        }
        if let Some(name) = first.get("strategy") {
            let known = crate::strategy::by_name(name).map_or(STRATEGY_DEFAULT, |s| s.name());
            prop_assert_eq!(p.strategy, known, "{}", s);
        }
        if let Some(list) = first.get("nodes") {
            let names: Vec<&str> = list.split(',').map(str::trim).collect();
            let mut unique = names.clone();
            unique.sort();
            unique.dedup();
            if names.iter().all(|n| is_valid_name(n)) && unique.len() == names.len() && names.len() <= NODES_MAX {
                prop_assert_eq!(&p.nodes, &names, "{}", s);
            }
        }
        prop_assert_eq!(p.embed, first.get("embed").map(String::as_str) == Some("1"), "{}", s);
        // weights=: the first NAME:W of a node in play, a whole number W, is used, clamped to 1–10.
        if let Some(list) = first.get("weights") {
            let mut seen = Vec::new();
            for item in list.split(',') {
                let Some((name, w)) = item.split_once(':') else { continue };
                let (name, w) = (name.trim(), w.trim());
                if seen.contains(&name) || !p.nodes_in_play().contains(&name) {
                    continue;
                }
                seen.push(name);
                if let Ok(w) = w.parse::<u64>() {
                    prop_assert_eq!(p.weight(name) as u64, w.clamp(1, 10), "{}", s);
                }
            }
        }
    }

    /// Any text as `weights=`: valid params, and the link written back opens them without a notice.
    #[test]
    fn any_weights_text_parses(s in "\\PC{0,200}") {
        let link = format!("nodes=db1,db2,db3&add=db4&weights={}", s.replace('&', "%26"));
        let (p, _) = Params::from_fragment(&link);
        assert_valid(&p)?;
        let (again, notices) = Params::from_fragment(&p.to_fragment());
        prop_assert!(notices.is_empty(), "{:?}", notices);
        prop_assert_eq!(again, p);
    }

    #[test]
    fn any_text_parses_to_valid_params(s in "\\PC{0,300}") {
        let (p, _) = Params::from_fragment(&s);
        assert_valid(&p)?;
    }
}

proptest! {
    /// `decimal` is `str::parse::<f64>` on the values `parse_hundredths` reads (digits, one point at
    /// most, 12 characters at most).
    #[test]
    fn short_decimals_read_as_the_standard_parser_reads_them(
        whole in "[0-9]{0,6}", part in proptest::option::of("[0-9]{0,5}")
    ) {
        let text = match &part {
            Some(p) => format!("{whole}.{p}"),
            None => whole.clone(),
        };
        prop_assume!(text.bytes().any(|b| b.is_ascii_digit()));
        prop_assert_eq!(decimal(&text), text.parse::<f64>().ok(), "{}", text);
    }
}
