//! Linearizability checking of real histories.

pub mod checker;
pub mod explain;
pub mod history;
pub mod model;
pub mod op;
pub mod parse;
pub mod search;

pub use checker::{check, Check, KeyReport, Report};
pub use explain::Explanation;
pub use history::{ErrorReason, Format, History, Key, LineError, Notice};
pub use model::State;
pub use op::{Action, Fun, ModelKind, Op, Outcome, Reg};
pub use parse::{detect, parse, parse_with, Limits};
pub use search::{KeySearch, Progress, SearchOptions, Verdict};
