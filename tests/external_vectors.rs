//! The strategies against other projects' published vectors (data in `fixtures/`, each file naming its
//! source): jump consistent hash (the reference implementations' vectors), ketama (a libmemcached
//! client's own 100,000-key fixture, made with pylibmc; and libmemcached's own weighted test cases), and
//! Maglev (the paper's worked example).

use ring_playground::ring::position;
use ring_playground::strategy::{
    jump_hash, ketama_hash, ketama_point_counts, populate, KetamaTable, Picture, Table,
};
use std::path::Path;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Non-comment, non-empty lines.
fn data(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

#[test]
fn jump_matches_the_reference_implementations() {
    let text = fixture("jump_vectors.txt");
    let mut checked = 0;
    for line in data(&text) {
        let v: Vec<u64> = line
            .split_whitespace()
            .map(|x| x.parse().expect("a number"))
            .collect();
        let (key, buckets, expect) = (v[0], v[1] as u32, v[2] as u32);
        assert_eq!(jump_hash(key, buckets), expect, "jump({key}, {buckets})");
        checked += 1;
    }
    assert_eq!(checked, 117, "every vector in the file");
}

#[test]
fn ketama_matches_pylibmc_key_for_key() {
    let text = fixture("ketama_pylibmc.txt");
    // "# server<TAB>index<TAB>printed<TAB>hashed": libmemcached hashes a server on the default port
    // 11211 without its port.
    let servers: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# server\t"))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[1].to_owned(), f[2].to_owned())
        })
        .collect();
    assert_eq!(servers.len(), 5);
    let hashed: Vec<&str> = servers.iter().map(|s| s.1.as_str()).collect();
    let table = KetamaTable::new(&hashed);
    let mut checked = 0;
    for line in data(&text) {
        let (key, server) = line.split_once('\t').expect("key<TAB>server");
        let h = ring_playground::strategy::ketama_hash(position(key));
        assert_eq!(servers[table.owner(h) as usize].0, server, "key {key}");
        checked += 1;
    }
    assert_eq!(checked, 100_000, "every key in the fixture");
}

/// libmemcached's `ketama_test_cases` (KETAMA_WEIGHTED, eight servers of weights 100 to 1000 on the
/// default port): each key's hash, the continuum point it lands on and its server, and the wrap past the
/// last point. strategies.md's weighted rule gives every one; the unweighted rule, or hashing the port,
/// would not.
#[test]
fn weighted_ketama_matches_libmemcached_key_for_key() {
    let text = fixture("ketama_libmemcached_weighted.txt");
    // "# server<TAB>index<TAB>hashed name<TAB>weight"
    let servers: Vec<(String, u32)> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# server\t"))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[1].to_owned(), f[2].parse().expect("a weight"))
        })
        .collect();
    let names: Vec<&str> = servers.iter().map(|s| s.0.as_str()).collect();
    let weights: Vec<u32> = servers.iter().map(|s| s.1).collect();
    assert_eq!(weights, [600, 300, 200, 350, 1000, 800, 950, 100]);
    assert_eq!(
        ketama_point_counts(&weights),
        [176, 88, 56, 104, 296, 236, 280, 28]
    );
    let table = KetamaTable::weighted(&names, &weights);
    let Picture::Points { points, owners } = table.picture() else {
        panic!("ketama draws its points");
    };
    assert_eq!(points.len(), 1264);
    let cases: Vec<(&str, u32, u32, &str)> = data(&text)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            (f[0], f[1].parse().unwrap(), f[2].parse().unwrap(), f[3])
        })
        .collect();
    assert_eq!(cases.len(), 99, "every case in the fixture");
    for &(key, hash, point, server) in &cases {
        let h = ketama_hash(position(key));
        assert_eq!(h, hash, "{key}: its hash");
        let i = points.partition_point(|&p| p < h) % points.len();
        assert_eq!(points[i], point, "{key}: the point it lands on");
        assert_eq!(names[table.owner(h) as usize], server, "{key}");
    }
    // "VDEAAAAA" hashes above the last point and wraps to the first.
    let wrap: Vec<&str> = text
        .lines()
        .find_map(|l| l.strip_prefix("# wrap\t"))
        .expect("the wrap line")
        .split('\t')
        .collect();
    let h = ketama_hash(position(wrap[0]));
    assert_eq!((wrap[0], h), ("VDEAAAAA", 0xfffc_d1b5));
    assert_eq!(h.to_string(), wrap[1]);
    assert!(h > *points.last().unwrap());
    assert_eq!(table.owner(h), owners[0]);
    // What the vectors tell apart: the unweighted rule (160 points each) gets 50 right, the weighted
    // rule hashing "host:11211" 19.
    let agree = |table: &KetamaTable| {
        cases
            .iter()
            .filter(|c| names[table.owner(c.1) as usize] == c.3)
            .count()
    };
    assert_eq!(agree(&KetamaTable::new(&names)), 50);
    let ported: Vec<String> = names.iter().map(|n| format!("{n}:11211")).collect();
    let ported: Vec<&str> = ported.iter().map(String::as_str).collect();
    assert_eq!(agree(&KetamaTable::weighted(&ported, &weights)), 19);
}

#[test]
fn maglev_matches_the_papers_example() {
    let text = fixture("maglev_paper_example.txt");
    let mut m = 0;
    let mut backends: Vec<(String, (u32, u32), Vec<u32>)> = Vec::new();
    let (mut before, mut after, mut removed) = (Vec::new(), Vec::new(), String::new());
    for line in data(&text) {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f[0] {
            "M" => m = f[1].parse().unwrap(),
            "backend" => backends.push((
                f[1].to_owned(),
                (f[3].parse().unwrap(), f[5].parse().unwrap()),
                f[7..].iter().map(|x| x.parse().unwrap()).collect(),
            )),
            "before" => before = f[1..].iter().map(|s| s.to_string()).collect(),
            "after" => after = f[1..].iter().map(|s| s.to_string()).collect(),
            "removed" => removed = f[1].to_owned(),
            other => panic!("unknown line {other}"),
        }
    }
    assert_eq!(m, 7);
    // Each permutation is (offset + j·skip) mod M.
    for (name, (offset, skip), perm) in &backends {
        let want: Vec<u32> = (0..m).map(|j| (offset + j * skip) % m).collect();
        assert_eq!(perm, &want, "{name}");
    }
    let table = |list: &[&(String, (u32, u32), Vec<u32>)]| -> Vec<String> {
        let perms: Vec<(u32, u32)> = list.iter().map(|b| b.1).collect();
        populate(&perms, m)
            .iter()
            .map(|&i| list[i as usize].0.clone())
            .collect()
    };
    let all: Vec<_> = backends.iter().collect();
    assert_eq!(table(&all), before);
    let rest: Vec<_> = backends.iter().filter(|b| b.0 != removed).collect();
    assert_eq!(table(&rest), after);
}
