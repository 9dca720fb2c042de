//! STUB (replaced by the hist-check branch): the history types the simulator writes.
use serde::Serialize;
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Kind {
    Write,
    Read,
    Unknown,
    Failed,
}
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Op {
    pub client: u8,
    pub kind: Kind,
    pub value: u32,
    pub start: u64,
    pub end: u64,
}
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    pub ops: Vec<Op>,
}
impl History {
    /// STUB.
    pub fn parse(text: &str) -> (History, Vec<String>) {
        (
            History::default(),
            text.split(',').map(String::from).collect(),
        )
    }
    /// STUB.
    pub fn to_text(&self) -> String {
        String::new()
    }
}
