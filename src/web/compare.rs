//! The "Compare strategies" panel: every strategy on the same nodes, keys and change, one row each, and
//! the Reddit 2012 → 2013 story (hash % 16 against 1000 virtual shards, adding a 17th node).

use super::dom;
use crate::app::App;
use crate::compare::CompareRow;
use crate::params::Change;
use crate::stats::{fixed, percent, thousands, Balance};
use crate::strategy::{by_name, ALL};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement};

pub(super) struct CompareView {
    head: Element,
    body: Element,
    status: Element,
    reddit: HtmlElement,
    /// What the panel shows now, so that dragging a slider marks the rows stale once, not at every step.
    shown: std::cell::RefCell<Option<Shown>>,
}

/// The Reddit preset: 16 nodes (user_id % 16), then a 17th; hash % N selected, shards beside it.
pub(super) const REDDIT_LINK: &str =
    "nodes=db1,db2,db3,db4,db5,db6,db7,db8,db9,db10,db11,db12,db13,db14,db15,db16\
     &vnodes=150&keys=100000&strategy=modn&add=db17";

impl CompareView {
    pub(super) fn find(doc: &Document) -> Result<CompareView, JsValue> {
        Ok(CompareView {
            head: dom::by_id(doc, dom::COMPARE_HEAD)?,
            body: dom::by_id(doc, dom::COMPARE_BODY)?,
            status: dom::by_id(doc, dom::COMPARE_STATUS)?,
            reddit: dom::by_id(doc, dom::REDDIT)?,
            shown: std::cell::RefCell::new(None),
        })
    }

    /// The table: the rows computed so far for the current inputs, the others pending.
    pub(super) fn render(&self, doc: &Document, app: &App) -> Result<(), JsValue> {
        let fresh = app.comparison().is_some();
        let changing = app.params().change.is_some();
        let p = app.params();
        let rows = app.comparison_so_far();
        let shown = Shown {
            strategy: p.strategy,
            changing,
            reddit: p.nodes.len() == 16 && matches!(p.change, Some(Change::Add(_))),
            rows: rows.to_vec(),
        };
        if self.shown.borrow().as_ref() == Some(&shown) {
            return Ok(());
        }
        *self.shown.borrow_mut() = Some(shown);
        self.head.set_text_content(None);
        let tr = dom::append(doc, &self.head, "tr", "", "")?;
        let mut heads = vec!["Strategy", "Max ÷ mean", "Std dev"];
        if changing {
            heads.extend(["Keys moved", "Moved ÷ ideal"]);
        }
        heads.extend(["Lookup", "Memory"]);
        for h in heads {
            dom::append(doc, &tr, "th", "", h)?.set_attribute("scope", "col")?;
        }
        self.body.set_text_content(None);
        let chosen = app.params().strategy;
        for strategy in ALL {
            let row = rows.iter().find(|r| r.strategy == strategy.name());
            let tr = dom::append(doc, &self.body, "tr", "", "")?;
            tr.set_attribute("data-strategy", strategy.name())?;
            let th = dom::append(doc, &tr, "th", "", "")?;
            th.set_attribute("scope", "row")?;
            let button = dom::append(doc, &th, "button", "pick", strategy.title())?;
            button.set_attribute("type", "button")?;
            button.set_attribute("data-pick", strategy.name())?;
            if strategy.name() == chosen {
                tr.set_class_name("chosen");
                button.set_attribute("aria-current", "true")?;
            }
            dom::append(doc, &th, "span", "why", strategy.caption())?;
            let Some(row) = row else {
                let td = dom::append(doc, &tr, "td", "pending", "…")?;
                td.set_attribute("colspan", &(if changing { 6 } else { 4 }).to_string())?;
                continue;
            };
            self.render_numbers(doc, &tr, row, changing)?;
        }
        let status = if fresh {
            "Lookup: one key's owner, timed in this page on up to 20,000 keys (its hash already computed). \
             Memory: the lookup structure's data."
                .to_owned()
        } else if rows.is_empty() {
            "Computed when the sliders rest…".to_owned()
        } else {
            format!("Comparing… {} of {} strategies.", rows.len(), ALL.len())
        };
        self.status.set_text_content(Some(&status));
        if fresh {
            self.status.set_attribute("data-ready", "true")?;
        } else {
            self.status.remove_attribute("data-ready")?;
        }
        self.render_reddit(app)
    }

    fn render_numbers(
        &self,
        doc: &Document,
        tr: &Element,
        row: &CompareRow,
        changing: bool,
    ) -> Result<(), JsValue> {
        tr.set_attribute("data-max-mean", &fixed(row.balance.max_over_mean, 4))?;
        let after = row.balance_after.as_ref();
        if let Some(a) = after {
            tr.set_attribute("data-max-mean-after", &fixed(a.max_over_mean, 4))?;
        }
        // A balance figure before the change, and after it when there is one.
        let cell = |text: fn(&Balance) -> String| -> Result<Element, JsValue> {
            let before = text(&row.balance);
            let shown = match after {
                Some(a) => format!("{before} → {}", text(a)),
                None => before,
            };
            dom::append(doc, tr, "td", "", &shown)
        };
        cell(|b| fixed(b.max_over_mean, 3))?;
        cell(|b| percent(b.std_dev_over_mean))?;
        if changing {
            let moved = row.moved.unwrap_or(0);
            tr.set_attribute("data-moved", &moved.to_string())?;
            dom::append(doc, tr, "td", "", &thousands(moved))?;
            let over = row
                .moved_over_ideal()
                .map_or("—".to_owned(), |r| format!("{}×", fixed(r, 2)));
            dom::append(
                doc,
                tr,
                "td",
                if over_ideal(row) { "up" } else { "" },
                &over,
            )?;
        }
        tr.set_attribute("data-lookup-ns", &fixed(row.lookup_ns, 1))?;
        tr.set_attribute("data-bytes", &row.bytes.to_string())?;
        dom::append(doc, tr, "td", "", &nanoseconds(row.lookup_ns))?;
        dom::append(doc, tr, "td", "", &bytes(row.bytes))?;
        Ok(())
    }

    /// With 16 nodes and a 17th added: what hash % 16 and 1000 virtual shards each move.
    fn render_reddit(&self, app: &App) -> Result<(), JsValue> {
        let p = app.params();
        let reddit = p.nodes.len() == 16 && matches!(p.change, Some(Change::Add(_)));
        let rows = app.comparison().filter(|_| reddit);
        let row = |name: &str| rows.and_then(|r| r.iter().find(|r| r.strategy == name));
        let (Some(modn), Some(shards)) = (row("modn"), row("shards")) else {
            self.reddit.set_hidden(true);
            return Ok(());
        };
        let k = p.keys as f64;
        let (m, s) = (modn.moved.unwrap_or(0), shards.moved.unwrap_or(0));
        self.reddit.set_text_content(Some(&format!(
            "Reddit 2012 → 2013, adding a 17th database: sharding by user_id % 16 moves {} of {} keys ({}), \
             nearly all of them; {} virtual shards on 16 machines move whole shards, {} keys ({}). That is \
             why Reddit moved to virtual shards, and why the mapping itself became the next problem \
             (operational complexity).",
            thousands(m),
            thousands(p.keys as u64),
            percent(m as f64 / k),
            thousands(p.shards as u64),
            thousands(s),
            percent(s as f64 / k),
        )));
        self.reddit
            .set_attribute("data-modn-moved", &m.to_string())?;
        self.reddit
            .set_attribute("data-shards-moved", &s.to_string())?;
        self.reddit.set_hidden(false);
        Ok(())
    }
}

/// What the panel depends on.
#[derive(PartialEq)]
struct Shown {
    strategy: &'static str,
    changing: bool,
    reddit: bool,
    rows: Vec<CompareRow>,
}

/// True when a strategy moved more than twice the minimum.
fn over_ideal(row: &CompareRow) -> bool {
    row.moved_over_ideal().is_some_and(|r| r > 2.0)
}

/// `38 ns`, `1.2 µs`.
fn nanoseconds(ns: f64) -> String {
    if ns >= 1000.0 {
        format!("{}\u{a0}µs", fixed(ns / 1000.0, 1))
    } else if ns >= 10.0 {
        format!("{}\u{a0}ns", fixed(ns, 0))
    } else {
        format!("{}\u{a0}ns", fixed(ns, 1))
    }
}

/// `0 B`, `640 B`, `8.0 kB`, `4.3 MB` (powers of 1000).
fn bytes(b: usize) -> String {
    let b = b as f64;
    if b >= 1e6 {
        format!("{}\u{a0}MB", fixed(b / 1e6, 1))
    } else if b >= 1e3 {
        format!("{}\u{a0}kB", fixed(b / 1e3, 1))
    } else {
        format!("{}\u{a0}B", fixed(b, 0))
    }
}

/// The strategy a clicked element in the table picks, if any.
pub(super) fn picked(target: &Element) -> Option<&'static str> {
    let button = target.closest("[data-pick]").ok()??;
    by_name(&button.get_attribute("data-pick")?).map(|s| s.name())
}
