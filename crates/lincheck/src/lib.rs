//! Linearizability checking of real histories, as the ring playground's "Check a real history"
//! section defines it (`shared/specs/real-histories.md`, sections 2 to 5 and 7).
//!
//! - [`parse()`] reads pasted text: Jepsen log lines or Jepsen EDN op maps (detected line by line,
//!   the first valid line decides), pairs invokes with completions per process, and keeps every
//!   skipped line with its number and text ([`LineError`]); the page's own `hist=` format is only
//!   detected ([`Format::Hist`]): the page parses it and builds the same [`History`] with
//!   [`History::from_ops`].
//! - [`History`] holds the ops after pairing ([`Op`]: process, function, key, values, call and
//!   return positions, invoke and completion lines), partitioned by key ([`Key`]).
//! - [`KeySearch`] decides one key with a Wing & Gong / Lowe search (memo of configurations,
//!   plus pruning proved sound in `search::engine`), a bounded number of steps at a time:
//!   [`KeySearch::advance`]. [`Check`] runs every key's search in turn and makes the
//!   [`Report`] the page shows: verdicts per key and overall, each op's place in its key's
//!   linearization, and for an illegal key an [`Explanation`] in one sentence.
//! - [`model`] states the two models' rules on plain values.
//!
//! No clock and no randomness: the same input gives the same answer, step for step, natively and
//! in WebAssembly. The caller owns the time budget (the page stops a key after 10 s of work).
//!
//! # Example
//!
//! ```
//! use lincheck::{parse, Check, Verdict};
//!
//! let text = "\
//! INFO  jepsen.util - 0\t:invoke\t:write\t3
//! INFO  jepsen.util - 0\t:ok\t:write\t3
//! INFO  jepsen.util - 1\t:invoke\t:cas\t[3 4]
//! INFO  jepsen.util - 1\t:fail\t:cas\t[3 4]
//! ";
//! let history = parse(text);
//! assert_eq!(history.op_count(), 2);
//!
//! // The page advances a slice of steps per frame and stops a key at its budget.
//! let mut check = Check::new(history);
//! let mut slices = 0;
//! while !check.advance(10_000) {
//!     slices += 1;
//!     if slices > 1_000 {
//!         check.stop_current(); // this key's verdict becomes `unknown`
//!     }
//! }
//! let report = check.report();
//! assert_eq!(report.verdict, Verdict::Illegal);
//! assert_eq!(report.illegal_keys, 1);
//! let why = report.keys[0].explanation.as_ref().unwrap();
//! assert!(why.sentence.starts_with("p1's failed cas from 3 to 4 at line 3 cannot be ordered"));
//! ```

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
