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
