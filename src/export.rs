//! What the page exports: file names after the experiment, the load table and every moved key as CSV.

use crate::app::App;
use crate::params::{c_text, Change, Params};

/// A file name (without extension) that says what the experiment is:
/// `ring-playground_ring_3-nodes_150-vnodes_10000-keys_remove-db2`.
pub fn file_stem(p: &Params) -> String {
    let mut stem = format!(
        "ring-playground_{}_{}-nodes_{}-vnodes_{}-keys",
        p.strategy,
        p.nodes.len(),
        p.vnodes,
        p.keys
    );
    let uses = p.uses();
    if uses.shards {
        stem.push_str(&format!("_{}-shards", p.shards));
    }
    if uses.c {
        stem.push_str(&format!("_c-{}", c_text(p.c100)));
    }
    if p.replicas > 1 {
        stem.push_str(&format!(
            "_{}-replicas_r{}-w{}",
            p.replicas, p.read, p.write
        ));
    }
    if p.zipf100 > 0 {
        stem.push_str(&format!("_zipf-{}", c_text(p.zipf100)));
    }
    if p.cache > 0 {
        stem.push_str(&format!("_cache-{}", p.cache));
    }
    if !p.fail.is_empty() {
        stem.push_str(&format!("_fail-{}", p.fail.join("-")));
    }
    if p.weighted() {
        let weights: Vec<String> = p
            .nodes_in_play()
            .into_iter()
            .filter(|n| p.weight(n) != 1)
            .map(|n| format!("{n}x{}", p.weight(n)))
            .collect();
        stem.push_str(&format!("_weights-{}", weights.join("-")));
    }
    match &p.change {
        Some(Change::Remove(n)) => stem.push_str(&format!("_remove-{n}")),
        Some(Change::Add(n)) => stem.push_str(&format!("_add-{n}")),
        None => {}
    }
    stem
}

/// The load table: `node,keys,share,keys_after,change` (after-columns empty without a change; a removed
/// node has 0 keys after, an added one 0 before). With weights (some node's not 1), also `weight`, after
/// `change`. With replication, failures, hot keys or a cache in use,
/// also `copies,copies_after,down,requests_ppm,requests_after_cache_ppm` (empty where the table shows a
/// dash; requests are for the system in force, after the change if there is one).
pub fn loads_csv(app: &App) -> String {
    let p = app.params();
    let service = p.serving();
    let mut out = String::from("node,keys,share,keys_after,change");
    let weighted = p.weighted();
    if weighted {
        out.push_str(",weight");
    }
    if service {
        out.push_str(",copies,copies_after,down,requests_ppm,requests_after_cache_ppm");
    }
    out.push('\n');
    let changing = app.report().movement.is_some();
    let total = p.keys as f64;
    let cell = |x: Option<u64>| x.map_or_else(String::new, |x| x.to_string());
    for row in &app.report().rows {
        let keys = row.keys.unwrap_or(0);
        out.push_str(&format!("{},{keys},{:.6}", row.name, keys as f64 / total));
        if changing {
            let after = row.keys_after.unwrap_or(0);
            out.push_str(&format!(",{after},{}", after as i64 - keys as i64));
        } else {
            out.push_str(",,");
        }
        if weighted {
            out.push_str(&format!(",{}", row.weight));
        }
        if service {
            out.push_str(&format!(
                ",{},{},{},{},{}",
                cell(row.copies),
                cell(row.copies_after),
                row.down as u8,
                cell(row.requests_ppm),
                cell(row.requests_after_cache_ppm)
            ));
        }
        out.push('\n');
    }
    out
}

/// Every key whose owner changes, in key-number order: `key,from,to`. Empty but for the header without
/// a change. ([`MovedCsv`] in one go.)
pub fn moved_csv(app: &App) -> String {
    let mut making = MovedCsv::begin(app);
    while !making.step(app, usize::MAX) {}
    making.parts.concat()
}

/// The moved keys' CSV made a bounded part at a time, so that a million keys never hold the page: first
/// each key number's place in the placement (a part of the keys per step), then the rows in key-number
/// order (a part of the keys per step), each step's rows a text of their own.
pub struct MovedCsv {
    /// The index into the placement of each key number, filled so far.
    place: Vec<u32>,
    filled: usize,
    /// The next key number to write.
    next: u32,
    /// The CSV's texts so far, in order (the header first).
    pub parts: Vec<String>,
}

impl MovedCsv {
    /// Starts the CSV of `app`'s experiment (which must stay the same until it is done).
    pub fn begin(app: &App) -> MovedCsv {
        let keys = app.keys().numbers().len();
        MovedCsv {
            place: vec![
                0;
                if app.owners_after().is_some() {
                    keys
                } else {
                    0
                }
            ],
            filled: 0,
            next: 0,
            parts: vec!["key,from,to\n".to_owned()],
        }
    }

    /// Goes through up to `keys` more keys (filling the index, then writing rows); true when done.
    pub fn step(&mut self, app: &App, keys: usize) -> bool {
        let Some(after) = app.owners_after() else {
            return true;
        };
        let numbers = app.keys().numbers();
        if self.filled < numbers.len() {
            let end = self.filled.saturating_add(keys).min(numbers.len());
            for (i, &key) in numbers.iter().enumerate().take(end).skip(self.filled) {
                self.place[key as usize] = i as u32;
            }
            self.filled = end;
            return false;
        }
        let before = app.owners_before();
        let names = app.names();
        let name = |id: u32| names.get(id as usize).map_or("", String::as_str);
        let end = (self.next as usize)
            .saturating_add(keys)
            .min(self.place.len()) as u32;
        let mut out = String::new();
        for key in self.next..end {
            let i = self.place[key as usize] as usize;
            let (from, to) = (before[i], after[i]);
            if from != to {
                use std::fmt::Write;
                let _ = writeln!(out, "user_{key},{},{}", name(from), name(to));
            }
        }
        self.parts.push(out);
        self.next = end;
        self.next as usize == self.place.len()
    }

    /// How far it is, 0 to 1.
    pub fn done(&self) -> f64 {
        let total = 2 * self.place.len();
        if total == 0 {
            1.0
        } else {
            (self.filled + self.next as usize) as f64 / total as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moved_keys_made_in_parts_are_the_same_csv() {
        let app =
            App::from_fragment("nodes=db1,db2,db3,db4&vnodes=20&keys=5000&strategy=modn&add=db5");
        let whole = moved_csv(&app);
        let mut making = MovedCsv::begin(&app);
        let mut steps = 0;
        while !making.step(&app, 700) {
            steps += 1;
            assert!(making.done() < 1.0);
        }
        assert_eq!(making.done(), 1.0);
        assert!(steps >= 2 * 5000 / 700, "{steps}");
        assert_eq!(making.parts.concat(), whole);
        // hash % N from 4 to 5 nodes moves a key unless md5 mod 4 = md5 mod 5: every row says so.
        let moved = app.report().movement.as_ref().unwrap().moved;
        assert_eq!(whole.lines().count() as u64, moved + 1);
        let numbers: Vec<u32> = whole
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap()[5..].parse().unwrap())
            .collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "key-number order");
        for line in whole.lines().skip(1) {
            let key: u32 = line.split(',').next().unwrap()[5..].parse().unwrap();
            let p = crate::ring::key_position(key);
            let (from, to) = (p % 4, p % 5);
            assert_ne!(from, to);
            assert_eq!(line, format!("user_{key},db{},db{}", from + 1, to + 1));
        }
    }

    #[test]
    fn csv_rows_match_the_report() {
        let app = App::from_fragment("nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
        let moved = moved_csv(&app);
        let lines: Vec<&str> = moved.lines().collect();
        assert_eq!(lines[0], "key,from,to");
        assert_eq!(lines.len() as u64 - 1, 3114);
        // The first rows are the experiment panel's first moved keys.
        let first = &app.report().movement.as_ref().unwrap().examples[0];
        assert_eq!(
            lines[1],
            format!("user_{},db2,{}", first.key, app.names()[first.to as usize])
        );
        assert!(lines[1..]
            .iter()
            .all(|l| l.split(',').nth(1) == Some("db2")));
        let loads = loads_csv(&app);
        assert_eq!(
            loads.lines().collect::<Vec<_>>(),
            [
                "node,keys,share,keys_after,change",
                "db1,3678,0.367800,5301,1623",
                "db2,3114,0.311400,0,-3114",
                "db3,3208,0.320800,4699,1491"
            ]
        );
        let none = App::from_fragment("keys=500");
        assert_eq!(moved_csv(&none), "key,from,to\n");
        assert!(loads_csv(&none).lines().nth(1).unwrap().ends_with(",,"));
    }

    /// The replication columns, from the spec's worked example (`replication.md`: ring, replicas 3, fail
    /// db1, r = 2, w = 3).
    #[test]
    fn loads_carry_copies_and_requests_with_replication() {
        let app = App::from_fragment(
            "nodes=db1,db2,db3,db4&vnodes=100&keys=5000&replicas=3&r=2&w=3&fail=db1",
        );
        let loads = loads_csv(&app);
        let lines: Vec<&str> = loads.lines().collect();
        assert_eq!(
            lines[0],
            "node,keys,share,keys_after,change,copies,copies_after,down,requests_ppm,requests_after_cache_ppm"
        );
        assert!(lines[1].ends_with(",,,4040,,1,0,0"), "{}", lines[1]);
        assert!(lines[2].ends_with(",3801,,0,348100,348100"), "{}", lines[2]);
        assert_eq!(
            file_stem(app.params()),
            "ring-playground_ring_4-nodes_100-vnodes_5000-keys_3-replicas_r2-w3_fail-db1"
        );
    }

    #[test]
    fn file_names_say_the_experiment() {
        let p = Params::from_fragment("strategy=shards&shards=500&add=db4").0;
        assert_eq!(
            file_stem(&p),
            "ring-playground_shards_3-nodes_150-vnodes_10000-keys_500-shards_add-db4"
        );
        let p = Params::from_fragment("strategy=bounded&c=1.5&keys=100").0;
        assert_eq!(
            file_stem(&p),
            "ring-playground_bounded_3-nodes_150-vnodes_100-keys_c-1.50"
        );
        let p = Params::from_fragment("weights=db3:2,db4:5,db1:3&add=db4").0;
        assert_eq!(
            file_stem(&p),
            "ring-playground_ring_3-nodes_150-vnodes_10000-keys_weights-db1x3-db3x2-db4x5_add-db4"
        );
    }

    #[test]
    fn loads_carry_the_weights_when_there_are_some() {
        let app = App::from_fragment("nodes=db1,db2,db3,db4&vnodes=100&keys=5000&weights=db1:3");
        let csv = loads_csv(&app);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "node,keys,share,keys_after,change,weight");
        assert_eq!(lines[1], "db1,2585,0.517000,,,3");
        assert_eq!(lines[4], "db4,744,0.148800,,,1");
        let plain = App::from_fragment("nodes=db1,db2&keys=100");
        assert!(!loads_csv(&plain).contains("weight"));
    }
}
