//! Element ids and small DOM helpers. Every id the page uses is a constant here.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement};

pub const FATAL: &str = "fatal";
pub const NOTICE: &str = "notice";
pub const NOTICE_LIST: &str = "notice-list";
pub const NOTICE_CLOSE: &str = "notice-close";
pub const NODES: &str = "nodes";
pub const NODES_VALUE: &str = "nodes-value";
pub const VNODES: &str = "vnodes";
pub const VNODES_VALUE: &str = "vnodes-value";
pub const KEYS: &str = "keys";
pub const KEYS_VALUE: &str = "keys-value";
pub const CHANGE: &str = "change";
pub const SHARE_URL: &str = "share-url";
pub const COPY_LINK: &str = "copy-link";
pub const COPY_STATUS: &str = "copy-status";
pub const RESET: &str = "reset";
pub const RING: &str = "ring";
pub const RING_CAPTION: &str = "ring-caption";
pub const RING_HOVER: &str = "ring-hover";
pub const RING_TIP: &str = "ring-tip";
pub const RING_SUMMARY: &str = "ring-summary";
pub const PROGRESS: &str = "progress";
pub const PROGRESS_BAR: &str = "progress-bar";
pub const PROGRESS_TEXT: &str = "progress-text";
pub const EXPERIMENT_BODY: &str = "experiment-body";
pub const LOAD_HEAD: &str = "load-head";
pub const LOAD_BODY: &str = "load-body";
pub const SUMMARY: &str = "summary";
pub const WEIGH: &str = "weigh";
pub const LIVE: &str = "live";
pub const CURVE: &str = "curve";
pub const CURVE_VALUES: &str = "curve-values";
pub const STRATEGY: &str = "strategy";
pub const SHARDS: &str = "shards";
pub const SHARDS_VALUE: &str = "shards-value";
pub const SHARDS_CONTROL: &str = "shards-control";
pub const C: &str = "c";
pub const C_VALUE: &str = "c-value";
pub const C_CONTROL: &str = "c-control";
pub const COMPARE_HEAD: &str = "compare-head";
pub const COMPARE_BODY: &str = "compare-body";
pub const COMPARE_STATUS: &str = "compare-status";
pub const REDDIT: &str = "reddit";
pub const REDDIT_PRESET: &str = "reddit-preset";
pub const EMBED: &str = "embed";
pub const EMBED_TOUR: &str = "embed-tour";
pub const EMBED_TOUR_CODE: &str = "embed-tour-code";
pub const SECTIONS: &str = "sections";
pub const TOUR: &str = "tour";
pub const TOUR_WHERE: &str = "tour-where";
pub const TOUR_BACK: &str = "tour-back";
pub const TOUR_NEXT: &str = "tour-next";
pub const TOUR_MENU: &str = "tour-menu";
pub const TOUR_STEPS: &str = "tour-steps";
pub const TOUR_RESTORE: &str = "tour-restore";
pub const TOUR_LEAVE: &str = "tour-leave";
pub const TOUR_BOXES: &str = "tour-boxes";
pub const TOUR_CAPTION: &str = "tour-caption";
pub const TOUR_LIVE: &str = "tour-live";
pub const EMBED_BOX: &str = "embed-box";
pub const EMBED_CODE: &str = "embed-code";
pub const OPEN_FULL: &str = "open-full";
pub const DOWNLOAD_PNG: &str = "download-png";
pub const DOWNLOAD_LOADS: &str = "download-loads";
pub const DOWNLOAD_MOVED: &str = "download-moved";
pub const RING_TABLE_HEAD: &str = "ring-table-head";
pub const RING_TABLE_BODY: &str = "ring-table-body";
pub const REPLICAS: &str = "replicas";
pub const REPLICAS_VALUE: &str = "replicas-value";
pub const READ: &str = "read";
pub const READ_VALUE: &str = "read-value";
pub const WRITE: &str = "write";
pub const WRITE_VALUE: &str = "write-value";
pub const ZIPF: &str = "zipf";
pub const ZIPF_VALUE: &str = "zipf-value";
pub const CACHE: &str = "cache";
pub const CACHE_VALUE: &str = "cache-value";
pub const SERVICE: &str = "service";
pub const SERVICE_BODY: &str = "service-body";
pub const PRESETS: &str = "presets";
pub const WATCHED_KEY: &str = "watched-key";
pub const LAT: &str = "lat";
pub const TRIALS: &str = "trials";
pub const CLIENTS: &str = "clients";
pub const CLIENTS_VALUE: &str = "clients-value";
pub const OPS: &str = "ops";
pub const OPS_VALUE: &str = "ops-value";
pub const THINK: &str = "think";
pub const THINK_VALUE: &str = "think-value";
pub const WRITES: &str = "writes";
pub const WRITES_VALUE: &str = "writes-value";
pub const SEED: &str = "seed";
pub const SEED_NEXT: &str = "seed-next";
pub const MODE: &str = "mode";
pub const READS: &str = "reads";
pub const READS_CONTROL: &str = "reads-control";
pub const CAP: &str = "cap";
pub const SPLIT: &str = "split";
pub const FROM: &str = "from";
pub const TO: &str = "to";
pub const TIME: &str = "time";
pub const CHECK: &str = "check";
pub const CHECK_STATUS: &str = "check-status";
pub const PBS_SUMMARY: &str = "pbs-summary";
pub const HISTORY_FACTS: &str = "history-facts";
pub const HISTORY_DROP: &str = "history-drop";

pub use ring_dom::{append, by_id, document, element};

/// Shows a start-up failure on the page itself.
pub fn show_fatal(message: &str) {
    if let Ok(doc) = document() {
        if let Ok(el) = by_id::<HtmlElement>(&doc, FATAL) {
            el.set_text_content(Some(&format!(
                "The ring playground could not start: {message}"
            )));
            el.set_hidden(false);
        }
    }
}

/// Node names by id and their colours, for cells that name a node.
pub struct Names {
    pub names: Vec<String>,
    pub colors: Vec<String>,
}

impl Names {
    /// The name of node `id`, or "(no node)".
    pub fn name(&self, id: u32) -> &str {
        self.names
            .get(id as usize)
            .map_or("(no node)", String::as_str)
    }
}

/// A table cell with the node's colour swatch and name (as text).
pub fn node_cell(doc: &Document, tr: &Element, names: &Names, id: u32) -> Result<(), JsValue> {
    let td = append(doc, tr, "td", "", "")?;
    if let Some(color) = names.colors.get(id as usize) {
        swatch(doc, &td, color)?;
    }
    td.append_with_str_1(names.name(id))?;
    Ok(())
}

/// A small square of `color` in `parent`, hidden from screen readers (the text beside it names it).
pub fn swatch(doc: &Document, parent: &Element, color: &str) -> Result<(), JsValue> {
    let swatch = append(doc, parent, "span", "swatch", "")?;
    // Through the CSSOM: the page's Content-Security-Policy forbids inline style attributes.
    swatch
        .dyn_ref::<HtmlElement>()
        .ok_or("a span is an HTML element")?
        .style()
        .set_property("background", color)?;
    swatch.set_attribute("aria-hidden", "true")?;
    Ok(())
}

/// One line on a balance: max/mean, spread, extremes.
pub fn balance_text(b: &crate::stats::Balance) -> String {
    use crate::stats::{percent, thousands};
    format!(
        "max/mean {:.3}, std dev {} of the mean ({} keys), min {} · max {}",
        b.max_over_mean,
        percent(b.std_dev_over_mean),
        thousands(b.std_dev.round() as u64),
        thousands(b.min),
        thousands(b.max)
    )
}

/// `a ÷ b` with two decimals, or a dash when `b` is 0.
pub fn ratio(a: u64, b: u64) -> String {
    if b == 0 {
        "—".to_owned()
    } else {
        format!("{:.2}", a as f64 / b as f64)
    }
}
