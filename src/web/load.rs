//! The "Load per node" panel: keys per node before and after the change, for the chosen strategy.

use super::dom::{self, balance_text, node_cell, Names};
use crate::app::{App, NodeRow};
use crate::stats::{percent, signed_percent, thousands};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

pub(super) struct LoadView {
    head: Element,
    body: Element,
    summary: Element,
}

impl LoadView {
    pub(super) fn find(doc: &Document) -> Result<LoadView, JsValue> {
        Ok(LoadView {
            head: dom::by_id(doc, dom::LOAD_HEAD)?,
            body: dom::by_id(doc, dom::LOAD_BODY)?,
            summary: dom::by_id(doc, dom::SUMMARY)?,
        })
    }

    pub(super) fn render(&self, doc: &Document, app: &App, names: &Names) -> Result<(), JsValue> {
        let report = app.report();
        let changing = report.movement.is_some();
        self.head.set_text_content(None);
        if changing {
            let tr = dom::append(doc, &self.head, "tr", "group", "")?;
            dom::append(doc, &tr, "td", "", "")?;
            for (label, span) in [("Before", "3"), ("After the change", "3")] {
                let th = dom::append(doc, &tr, "th", "", label)?;
                th.set_attribute("colspan", span)?;
                th.set_attribute("scope", "colgroup")?;
            }
        }
        let tr = dom::append(doc, &self.head, "tr", "", "")?;
        let mut heads = vec!["Node", "Keys", "Share", "vs ideal"];
        if changing {
            heads.extend(["Keys", "Change", "vs ideal"]);
        }
        for h in heads {
            dom::append(doc, &tr, "th", "", h)?.set_attribute("scope", "col")?;
        }
        self.body.set_text_content(None);
        for (id, row) in report.rows.iter().enumerate() {
            self.render_row(doc, names, id as u32, row, changing)?;
        }
        let mut summary = format!("Before: {}.", balance_text(&report.balance));
        if let Some(after) = &report.balance_after {
            summary.push_str(&format!(" After: {}.", balance_text(after)));
        }
        self.summary.set_text_content(Some(&summary));
        Ok(())
    }

    fn render_row(
        &self,
        doc: &Document,
        names: &Names,
        id: u32,
        row: &NodeRow,
        changing: bool,
    ) -> Result<(), JsValue> {
        let tr = dom::append(doc, &self.body, "tr", "", "")?;
        tr.set_attribute("data-node", &row.name)?;
        tr.set_attribute("data-keys", &row.keys.unwrap_or(0).to_string())?;
        let dash = || "—".to_owned();
        node_cell(doc, &tr, names, id)?;
        dom::append(doc, &tr, "td", "", &row.keys.map_or_else(dash, thousands))?;
        dom::append(doc, &tr, "td", "", &row.share.map_or_else(dash, percent))?;
        deviation_cell(doc, &tr, row.deviation)?;
        if changing {
            let after = row.keys_after.unwrap_or(0);
            tr.set_attribute("data-keys-after", &after.to_string())?;
            if row.keys_after.is_none() {
                tr.set_class_name("removed");
            } else if row.keys.is_none() {
                tr.set_class_name("added");
            }
            dom::append(doc, &tr, "td", "", &thousands(after))?;
            let delta = after as i64 - row.keys.unwrap_or(0) as i64;
            let text = match delta.cmp(&0) {
                std::cmp::Ordering::Greater => format!("+{}", thousands(delta as u64)),
                std::cmp::Ordering::Less => format!("−{}", thousands(delta.unsigned_abs())),
                std::cmp::Ordering::Equal => "0".to_owned(),
            };
            dom::append(doc, &tr, "td", "", &text)?;
            deviation_cell(doc, &tr, row.deviation_after)?;
        }
        Ok(())
    }
}

fn deviation_cell(doc: &Document, tr: &Element, deviation: Option<f64>) -> Result<(), JsValue> {
    let (text, class) = match deviation {
        Some(d) if d > 0.0005 => (signed_percent(d), "up"),
        Some(d) if d < -0.0005 => (signed_percent(d), "down"),
        Some(d) => (signed_percent(d), ""),
        None => ("—".to_owned(), ""),
    };
    dom::append(doc, tr, "td", class, &text)?;
    Ok(())
}
