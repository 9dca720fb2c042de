//! The time section's element ids (one place), and the shared DOM helpers.

pub use ring_dom::{append, by_id, document, on, svg, svg_diagram};

pub const TIME: &str = "time";
pub const PBS: &str = "pbs";
pub const PBS_SUMMARY: &str = "pbs-summary";
pub const PBS_BODY: &str = "pbs-body";
pub const PBS_CURVE: &str = "pbs-curve";
pub const PBS_CURVE_VALUES: &str = "pbs-curve-values";
pub const HISTORY: &str = "history";
pub const HISTORY_FACTS: &str = "history-facts";
pub const HISTORY_DIAGRAM: &str = "history-diagram";
pub const HISTORY_TIP: &str = "history-tip";
pub const HISTORY_MESSAGES: &str = "history-messages";
pub const VERDICTS: &str = "verdicts";
pub const SPECTRUM: &str = "spectrum";
pub const HISTORY_LINK: &str = "history-link";
pub const HISTORY_TEXT: &str = "history-text";
pub const HISTORY_TABLE_BODY: &str = "history-table-body";
