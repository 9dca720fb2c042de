//! `weights=NAME:W,…`: the nodes' weights (capacity) in the link, e.g. `weights=db1:3,db5:2`. A weight is
//! a whole number from 1 to 10; a node not named weighs 1, and so may the node `add=` names. Written after
//! the change, in the order of the nodes (the added node last), only for weights other than 1, and only
//! when there is one: older links, with no `weights=`, read as before (every weight 1).
//!
//! Read like every other setting, totally: an item that is not `NAME:W`, a name that is not one of the
//! nodes (nor the added one), a weight that is not a whole number (the node weighs 1) and a name given
//! twice (the first counts) are dropped; a whole number out of range is clamped. Each kind is said once.

use super::{listed, quote, Change, Notice, Params};
use crate::strategy::{Weights, WEIGHT_MAX, WEIGHT_MIN};

/// The range of a weight in links.
pub(super) const MIN: u32 = WEIGHT_MIN;
pub(super) const MAX: u32 = WEIGHT_MAX;

impl Params {
    /// The nodes before the change, then the node it adds (if it adds one): the nodes that may carry a
    /// weight, in the order `weights=` is written in.
    pub fn nodes_in_play(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.nodes.iter().map(String::as_str).collect();
        if let Some(Change::Add(y)) = &self.change {
            names.push(y);
        }
        names
    }

    /// True when some node in play weighs other than 1.
    pub fn weighted(&self) -> bool {
        !self.weights.is_empty()
    }

    /// The weight of node `name` (1 unless given).
    pub fn weight(&self, name: &str) -> u32 {
        self.weights.of(name)
    }

    /// Keeps only the weights of nodes in play, clamped to 1–10 (a node removed from the list, or an
    /// addition dropped, takes its weight with it).
    pub(super) fn normalize_weights(&mut self) {
        let in_play = self.nodes_in_play();
        let kept: Weights = self
            .weights
            .iter()
            .filter(|(n, _)| in_play.contains(n))
            .map(|(n, w)| (n, w.clamp(MIN, MAX)))
            .collect();
        self.weights = kept;
    }
}

/// Writes `&weights=…` for the nodes in play that weigh other than 1, in list order; nothing when none.
pub(super) fn write(p: &Params, out: &mut String) {
    let items: Vec<String> = p
        .nodes_in_play()
        .into_iter()
        .filter(|n| p.weight(n) != 1)
        .map(|n| format!("{n}:{}", p.weight(n)))
        .collect();
    if !items.is_empty() {
        out.push_str("&weights=");
        out.push_str(&items.join(","));
    }
}

/// Reads `weights=` against the nodes in play of `params` (its nodes and change already read).
pub(super) fn parse(list: &str, params: &Params, notices: &mut Vec<Notice>) -> Weights {
    let in_play = params.nodes_in_play();
    let mut weights = Weights::new();
    let mut seen: Vec<&str> = Vec::new();
    let (mut malformed, mut unknown, mut twice, mut not_whole, mut clamped) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let Some((name, w)) = item.split_once(':').map(|(n, w)| (n.trim(), w.trim())) else {
            malformed.push(quote(item));
            continue;
        };
        if name.is_empty() {
            malformed.push(quote(item));
        } else if !in_play.contains(&name) {
            unknown.push(quote(name));
        } else if seen.contains(&name) {
            twice.push(quote(name));
        } else {
            seen.push(name);
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            let weight = match w.parse::<u64>() {
                Ok(x) if x < MIN as u64 => MIN,
                Ok(x) if x > MAX as u64 => MAX,
                Ok(x) => x as u32,
                // More digits than fit: far above 10.
                Err(_) if digits(w) => MAX,
                Err(_) if w.strip_prefix('-').is_some_and(digits) => MIN,
                Err(_) => {
                    not_whole.push(quote(item));
                    continue;
                }
            };
            if w.parse::<u64>().ok() != Some(weight as u64) {
                clamped.push(format!("{weight} for {}", quote(name)));
            }
            weights.set(name, weight);
        }
    }
    let mut say = |text: String| notices.push(Notice(text));
    if !malformed.is_empty() {
        say(format!(
            "Ignored {} in “weights”: each item is a node's name and its weight, NAME:W.",
            listed(&malformed)
        ));
    }
    match unknown.len() {
        0 => {}
        1 => say(format!(
            "Can't weigh {}: it is not one of the nodes.",
            unknown[0]
        )),
        _ => say(format!(
            "Can't weigh {}: they are not among the nodes.",
            listed(&unknown)
        )),
    }
    if !twice.is_empty() {
        twice.dedup();
        say(format!(
            "Weighed twice in “weights”: {}; used the first weight.",
            listed(&twice)
        ));
    }
    if !not_whole.is_empty() {
        say(format!(
            "A weight is a whole number from {MIN} to {MAX}: ignored {} (weight 1).",
            listed(&not_whole)
        ));
    }
    if !clamped.is_empty() {
        say(format!(
            "Weights go from {MIN} to {MAX}: used {}.",
            listed(&clamped)
        ));
    }
    weights
}

#[cfg(test)]
mod tests {
    use super::super::Params;

    fn parse(s: &str) -> (Params, Vec<String>) {
        let (p, n) = Params::from_fragment(s);
        (p, n.into_iter().map(|n| n.0).collect())
    }

    const FOUR: &str = "nodes=db1,db2,db3,db4&vnodes=100&keys=5000";

    #[test]
    fn weights_are_read_and_written_in_list_order_after_the_change() {
        let (p, n) = parse(&format!("{FOUR}&weights=db4:2,db1:3"));
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(p.weights.of_nodes(&p.nodes), [3, 1, 1, 2]);
        assert_eq!(
            p.to_fragment(),
            "v=1&nodes=db1,db2,db3,db4&vnodes=100&keys=5000&weights=db1:3,db4:2"
        );
        // The node add= names may carry one, written last; the removed node keeps its own.
        let (p, n) = parse(&format!("{FOUR}&weights=db5:2,db1:3&add=db5"));
        assert!(n.is_empty(), "{n:?}");
        assert_eq!((p.weight("db5"), p.weight("db2")), (2, 1));
        assert_eq!(p.nodes_in_play(), ["db1", "db2", "db3", "db4", "db5"]);
        assert_eq!(
            p.to_fragment(),
            "v=1&nodes=db1,db2,db3,db4&vnodes=100&keys=5000&add=db5&weights=db1:3,db5:2"
        );
        let (p, _) = parse(&format!("{FOUR}&remove=db1&weights=db1:3"));
        assert!(p.to_fragment().ends_with("&remove=db1&weights=db1:3"));
        // The fixed key order: after the change, before the failures and the time settings.
        let (p, n) = parse(
            "key=5&fail=db2&weights=db1:4&add=db5&replicas=2&strategy=shards&shards=100&nodes=db1,db2",
        );
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(
            p.to_fragment(),
            "v=1&nodes=db1,db2&vnodes=150&keys=10000&strategy=shards&shards=100&replicas=2&add=db5\
             &weights=db1:4&fail=db2&key=5"
        );
        // A strategy that ignores weights keeps them (the fair shares follow them), silently.
        let (p, n) = parse("strategy=modn&weights=db2:7");
        assert!(n.is_empty() && p.weighted() && p.weight("db2") == 7);
    }

    #[test]
    fn links_without_weights_are_unchanged() {
        for link in [
            "nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2",
            "v=1&nodes=db1,db2,db3,db4&vnodes=100&keys=5000&strategy=ketama&add=db5",
        ] {
            let (p, n) = parse(link);
            assert!(n.is_empty() && !p.weighted(), "{link}");
            assert!(!p.to_fragment().contains("weights"), "{link}");
        }
        // Every weight 1 is no weight at all: not written, and the same inputs.
        let (p, n) = parse(&format!("{FOUR}&weights=db1:1,db2:01"));
        assert!(n.is_empty() && !p.weighted(), "{n:?}");
        assert_eq!(p, parse(FOUR).0);
    }

    #[test]
    fn bad_weights_are_clamped_or_dropped_and_said() {
        let said = |weights: &str| {
            let (p, n) = parse(&format!("{FOUR}&add=db5&weights={weights}"));
            (p.weights.of_nodes(&p.nodes_in_play()), n)
        };
        assert_eq!(
            said("db1:0,db2:11,db3:99999999999999999999999,db4:-3"),
            (
                vec![1, 10, 10, 1, 1],
                vec![
                    "Weights go from 1 to 10: used 1 for “db1”, 10 for “db2”, 10 for “db3” and 1 more."
                        .to_owned()
                ]
            )
        );
        assert_eq!(
            said("db1:2.5,db2:x,db3:,db4:2"),
            (
                vec![1, 1, 1, 2, 1],
                vec![
                    "A weight is a whole number from 1 to 10: ignored “db1:2.5”, “db2:x”, “db3:” \
                      (weight 1)."
                        .to_owned()
                ]
            )
        );
        assert_eq!(
            said("zz:2,db1:3"),
            (
                vec![3, 1, 1, 1, 1],
                vec!["Can't weigh “zz”: it is not one of the nodes.".to_owned()]
            )
        );
        assert_eq!(
            said("<b>:2,db9:3"),
            (
                vec![1; 5],
                vec!["Can't weigh “<b>”, “db9”: they are not among the nodes.".to_owned()]
            )
        );
        assert_eq!(
            said("db1:3,db1:5, db1 : 7"),
            (
                vec![3, 1, 1, 1, 1],
                vec!["Weighed twice in “weights”: “db1”; used the first weight.".to_owned()]
            )
        );
        assert_eq!(
            said("db1,:4,db5:2,,"),
            (
                vec![1, 1, 1, 1, 2],
                vec![
                    "Ignored “db1”, “:4” in “weights”: each item is a node's name and its weight, \
                     NAME:W."
                        .to_owned()
                ]
            )
        );
        // An addition refused leaves its node nothing to weigh.
        let (p, n) = parse(&format!("{FOUR}&add=db1&weights=db1:2"));
        assert_eq!((&p.change, p.weight("db1")), (&None, 2));
        assert_eq!(n.len(), 1, "{n:?}");
        let (p, n) = parse(&format!("{FOUR}&add=<b>&weights=<b>:2"));
        assert!(!p.weighted());
        assert_eq!(n[1], "Can't weigh “<b>”: it is not one of the nodes.");
        // Given twice as a setting: the first.
        let (p, n) = parse(&format!("{FOUR}&weights=db1:2&weights=db1:3"));
        assert_eq!(p.weight("db1"), 2);
        assert_eq!(n, ["“weights” was given twice: used the first."]);
    }

    /// normalize() keeps only the weights of nodes in play, clamped.
    #[test]
    fn normalize_drops_the_weights_of_nodes_gone() {
        let (mut p, _) = parse(&format!("{FOUR}&add=db5&weights=db1:3,db5:2"));
        p.weights.set("db9", 4);
        p.weights.set("db2", 40);
        p.change = None;
        p.normalize();
        assert_eq!(
            p.weights.iter().collect::<Vec<_>>(),
            [("db1", 3), ("db2", 10)]
        );
    }
}
