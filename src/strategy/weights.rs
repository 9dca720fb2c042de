//! Node weights (capacity): an integer per node, 1 unless given (`weights=db1:3,db5:2` in links). `W` is
//! the sum of the weights of the nodes in force. Five strategies read them ([`super::Uses::weights`]:
//! ring, ketama, rendezvous, shards, bounded); with every weight 1 each is exactly its unweighted rule.
//! A node's fair share of `K` keys is `K·w(n)/W`.

use serde::Serialize;
use std::collections::BTreeMap;

/// Lightest and heaviest weight a link or a control may give (the strategies take any positive weight).
pub const WEIGHT_MIN: u32 = 1;
pub const WEIGHT_MAX: u32 = 10;

/// Weights by node name; a name not listed weighs 1. Only weights other than 1 are kept, so that two
/// equal weightings compare equal (placements are kept by their settings, weights included).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Weights(BTreeMap<String, u32>);

impl Weights {
    /// Every node weighs 1.
    pub fn new() -> Weights {
        Weights::default()
    }

    /// The weight of node `name`: 1 unless set.
    pub fn of(&self, name: &str) -> u32 {
        self.0.get(name).copied().unwrap_or(1)
    }

    /// The weights of `nodes`, in their order.
    pub fn of_nodes<S: AsRef<str>>(&self, nodes: &[S]) -> Vec<u32> {
        nodes.iter().map(|n| self.of(n.as_ref())).collect()
    }

    /// Sets the weight of `name` (at least 1; 1 takes it off the list).
    pub fn set(&mut self, name: &str, weight: u32) {
        if weight <= 1 {
            self.0.remove(name);
        } else {
            self.0.insert(name.to_owned(), weight);
        }
    }

    /// Takes `name` off the list (it weighs 1 again) and returns the weight it had.
    pub fn take(&mut self, name: &str) -> u32 {
        self.0.remove(name).unwrap_or(1)
    }

    /// True when every node weighs 1.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The nodes that do not weigh 1, by name, with their weights.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.0.iter().map(|(n, &w)| (n.as_str(), w))
    }

    /// Keeps the weights of the names `keep` says yes to; the others weigh 1 again.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, u32) -> bool) {
        self.0.retain(|n, w| keep(n, *w));
    }
}

impl<S: AsRef<str>> FromIterator<(S, u32)> for Weights {
    fn from_iter<I: IntoIterator<Item = (S, u32)>>(pairs: I) -> Weights {
        let mut weights = Weights::new();
        for (name, w) in pairs {
            weights.set(name.as_ref(), w);
        }
        weights
    }
}

/// True when the weights are all the same (also for none or one): then the strategies that treat equal
/// weights as none (rendezvous, ketama) use their unweighted rule.
pub fn all_equal(weights: &[u32]) -> bool {
    weights.windows(2).all(|w| w[0] == w[1])
}

/// `W`, the sum of `weights`.
pub fn total(weights: &[u32]) -> u64 {
    weights.iter().map(|&w| w as u64).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlisted_nodes_weigh_one_and_one_is_not_listed() {
        let mut w: Weights = [("db1", 3), ("db2", 1), ("db5", 2)].into_iter().collect();
        assert_eq!(w.of_nodes(&["db1", "db2", "db3", "db5"]), [3, 1, 1, 2]);
        assert_eq!(w.iter().collect::<Vec<_>>(), [("db1", 3), ("db5", 2)]);
        w.set("db1", 1);
        assert_eq!(w, [("db5", 2)].into_iter().collect());
        assert_eq!((w.take("db5"), w.take("db5")), (2, 1));
        assert!(w.is_empty() && w == Weights::new());
        assert!(all_equal(&[]) && all_equal(&[2]) && all_equal(&[2, 2]) && !all_equal(&[2, 1]));
        assert_eq!(total(&[3, 1, 1, 1]), 6);
    }
}
