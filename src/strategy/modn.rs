//! `modn`: Reddit 2012's `user_id % 16`, as `owner = P(key) mod N`. Perfectly simple and even, but a
//! change of N re-deals almost every key.

use super::{Input, KeyRef, Modulus, Picture, Placed, Step, Strategy, Table};
use std::rc::Rc;

/// `hash % N`.
pub struct Modn;

impl Strategy for Modn {
    fn name(&self) -> &'static str {
        "modn"
    }
    fn title(&self) -> &'static str {
        "hash % N"
    }
    fn caption(&self) -> &'static str {
        "No table and an even spread, but changing N re-deals almost every key: adding or removing one \
         node moves about N/(N+1) of the data."
    }
    fn place(&self, input: &mut Input, nodes: &[&str]) -> Placed {
        let table = ModnTable(Modulus::new(nodes.len() as u64));
        Placed {
            owners: input
                .keys
                .positions()
                .iter()
                .map(|&p| table.0.of(p))
                .collect(),
            table: Rc::new(table),
        }
    }
    fn change_note(&self, nodes: &[&str], _step: Step) -> Option<String> {
        Some(format!(
            "hash % N cannot change N gracefully: with {} nodes instead of {}, nearly every key's \
             remainder names another node.",
            match _step {
                Step::Remove(_) => nodes.len() - 1,
                Step::Add(_) => nodes.len() + 1,
            },
            nodes.len()
        ))
    }
}

/// Only N.
pub struct ModnTable(Modulus);

impl Table for ModnTable {
    fn lookup(&self, key: KeyRef) -> u32 {
        self.0.of(key.position)
    }
    fn bytes(&self) -> usize {
        0
    }
    fn picture(&self) -> Picture<'_> {
        Picture::Formula("owner = md5(key) mod N")
    }
}
