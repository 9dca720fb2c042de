//! `modn`: Reddit 2012's `user_id % 16`, as `owner = P(key) mod N`. Perfectly simple and even, but a
//! change of N re-deals almost every key.

use super::{
    placing, table, Input, KeyRef, KeysBy, Making, Modulus, Picture, Step, Strategy, Table,
};

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
    fn begin(&self, _input: &mut Input, nodes: &[&str]) -> Box<dyn Making> {
        Box::new(KeysBy::new(
            ModnTable(Modulus::new(nodes.len() as u64)),
            placing(self),
            |t, keys, owners| {
                let modulus = t.0;
                owners.extend(keys.positions.iter().map(|&p| modulus.of(p)))
            },
            table,
        ))
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
