//! What every stage draws on and keeps between inputs: the key set (hashed a chunk at a time), the hashed
//! virtual nodes, and placements kept by key number. None of it is a result the page shows; it makes the
//! next result cheap.

use crate::params::Params;
use crate::placements::Placements;
use crate::ring::{KeySet, VnodeCache};
use crate::strategy::{Input, Settings};

/// The key set, the virtual-node hashes and the kept placements.
#[derive(Default)]
pub(super) struct Stores {
    /// The keys `user_0 …`, sorted by position; grown or shrunk to the `keys=` setting a chunk at a
    /// time.
    pub keys: KeySet,
    /// Virtual-node positions by node name and count.
    pub vnode_cache: VnodeCache,
    /// Placements (and their preference lists) kept by key number, for slider steps.
    pub placements: Placements,
}

impl Stores {
    /// What a strategy places from: the keys, the settings it reads, the virtual-node hashes.
    pub fn input(&mut self, settings: Settings) -> Input<'_> {
        Input {
            keys: &self.keys,
            settings,
            vnode_cache: &mut self.vnode_cache,
        }
    }

    /// Forgets the virtual nodes of names no longer in play.
    pub fn keep_nodes_of(&mut self, p: &Params) {
        let keep = names_in_play(p);
        self.vnode_cache
            .retain(&keep.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

/// The nodes before the change and the changed node (listed again when it is removed): whose virtual
/// nodes are hashed and kept.
pub(super) fn names_in_play(p: &Params) -> Vec<String> {
    let mut names = p.nodes.clone();
    if let Some(c) = &p.change {
        names.push(c.node().to_owned());
    }
    names
}
