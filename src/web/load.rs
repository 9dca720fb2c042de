//! The "Load per node" panel: keys per node before and after the change, for the chosen strategy.

use super::dom::{self, balance_text, node_cell, Names};
use crate::app::{App, NodeRow};
use crate::stats::{percent, signed_percent, thousands};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

/// Which columns the table shows.
struct Columns {
    changing: bool,
    /// Copies per node (replicas > 1).
    copies: bool,
    /// Shares of requests (any replication setting in use).
    requests: bool,
    /// Shares past the cache.
    cache: bool,
    /// Each node's weight, as a control (weights in the link, or "Set weights" pressed).
    weights: bool,
}

/// More columns than fit beside the ring: the table then takes the page's full width.
const SIDE_COLUMNS_MAX: usize = 8;

pub(super) struct LoadView {
    /// The ring and the panels beside it (`.stage`), marked `wide-load` when the table needs the width.
    stage: Element,
    head: Element,
    body: Element,
    summary: Element,
    /// "Set weights": shows the weights' column (a link with weights shows it anyway).
    weigh: HtmlElement,
    weighing: std::cell::Cell<bool>,
}

impl LoadView {
    pub(super) fn find(doc: &Document) -> Result<LoadView, JsValue> {
        Ok(LoadView {
            stage: doc.query_selector(".stage")?.ok_or("no .stage")?,
            head: dom::by_id(doc, dom::LOAD_HEAD)?,
            body: dom::by_id(doc, dom::LOAD_BODY)?,
            summary: dom::by_id(doc, dom::SUMMARY)?,
            weigh: dom::by_id(doc, dom::WEIGH)?,
            weighing: std::cell::Cell::new(false),
        })
    }

    /// Shows or hides the weights' column ("Set weights").
    pub(super) fn toggle_weights(&self) {
        self.weighing.set(!self.weighing.get());
    }

    pub(super) fn render(&self, doc: &Document, app: &App, names: &Names) -> Result<(), JsValue> {
        let report = app.report();
        let p = app.params();
        let ignores = format!(
            "; {} ignores weights: it places every node as if they were equal.",
            app.strategy().title()
        );
        let cols = Columns {
            changing: report.movement.is_some(),
            copies: p.replicas > 1,
            requests: p.serving(),
            cache: p.cache > 0,
            weights: p.weighted() || self.weighing.get(),
        };
        // With weights in the link the column is always there; else the button shows or hides it.
        self.weigh.set_hidden(p.weighted());
        self.weigh.set_text_content(Some(if self.weighing.get() {
            "Hide weights"
        } else {
            "Set weights"
        }));
        self.weigh
            .set_attribute("aria-expanded", if cols.weights { "true" } else { "false" })?;
        self.head.set_text_content(None);
        let mut groups = Vec::new();
        if cols.changing {
            let span = if cols.copies { "4" } else { "3" };
            groups.extend([("Before", span), ("After the change", span)]);
        }
        if cols.requests && (cols.changing || cols.cache) {
            groups.push(("Requests", if cols.cache { "2" } else { "1" }));
        }
        if !groups.is_empty() {
            let tr = dom::append(doc, &self.head, "tr", "group", "")?;
            let lead = if cols.weights { "3" } else { "2" };
            dom::append(doc, &tr, "td", "", "")?.set_attribute("colspan", lead)?;
            if !cols.changing {
                let before = 3 + cols.copies as u32;
                dom::append(doc, &tr, "td", "", "")?
                    .set_attribute("colspan", &before.to_string())?;
            }
            for (label, span) in groups {
                let th = dom::append(doc, &tr, "th", "", label)?;
                th.set_attribute("colspan", span)?;
                th.set_attribute("scope", "colgroup")?;
            }
        }
        let tr = dom::append(doc, &self.head, "tr", "", "")?;
        let mut heads = vec!["Node", "Keys", "Share", "vs ideal"];
        if cols.copies {
            heads.push("Copies");
        }
        if cols.changing {
            heads.extend(["Keys", "Change", "vs ideal"]);
            if cols.copies {
                heads.push("Copies");
            }
        }
        if cols.requests {
            heads.push(if cols.cache { "All" } else { "Requests" });
            if cols.cache {
                heads.push("Past the cache");
            }
        }
        heads.insert(1, "Down");
        if cols.weights {
            heads.insert(2, "Weight");
        }
        self.stage
            .class_list()
            .toggle_with_force("wide-load", heads.len() > SIDE_COLUMNS_MAX)?;
        for h in heads {
            dom::append(doc, &tr, "th", "", h)?.set_attribute("scope", "col")?;
        }
        // The table is rebuilt: a "Down" box or a weight that had the focus gets it back.
        let focused = doc.active_element().and_then(|e| {
            e.get_attribute("data-fail")
                .map(|n| ("fail", n))
                .or_else(|| e.get_attribute("data-weight").map(|n| ("weight", n)))
        });
        self.body.set_text_content(None);
        // Only nodes present after the change can fail.
        let after = p.nodes_after();
        let in_play = p.nodes_in_play();
        for (id, row) in report.rows.iter().enumerate() {
            let can_fail = after.contains(&row.name);
            let can_weigh = in_play.contains(&row.name.as_str());
            self.render_row(doc, names, id as u32, row, &cols, (can_fail, can_weigh))?;
        }
        if let Some((what, name)) = focused {
            // Node names are letters, digits, "_", "." and "-": nothing to escape in the selector.
            let selector = format!("input[data-{what}=\"{name}\"]");
            if let Some(input) = self.body.query_selector(&selector)? {
                input.dyn_into::<HtmlElement>()?.focus()?;
            }
        }
        let mut summary = format!("Before: {}.", balance_text(&report.balance));
        if let Some(after) = &report.balance_after {
            summary.push_str(&format!(" After: {}.", balance_text(after)));
        }
        // Weights set every node's fair share; a strategy that does not read them places as if equal.
        if p.weighted() {
            summary.push_str(
                " Fair shares follow the weights (a node of weight w should hold w/W of the keys)",
            );
            summary.push_str(if p.uses().weights { "." } else { &ignores });
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
        cols: &Columns,
        (can_fail, can_weigh): (bool, bool),
    ) -> Result<(), JsValue> {
        let tr = dom::append(doc, &self.body, "tr", "", "")?;
        tr.set_attribute("data-node", &row.name)?;
        tr.set_attribute("data-keys", &row.keys.unwrap_or(0).to_string())?;
        let dash = || "—".to_owned();
        node_cell(doc, &tr, names, id)?;
        // The failure switch.
        let td = dom::append(doc, &tr, "td", "down-cell", "")?;
        let input: HtmlInputElement = dom::element(doc, "input", "", "")?.dyn_into()?;
        input.set_type("checkbox");
        input.set_checked(row.down);
        input.set_disabled(!can_fail);
        input.set_attribute("data-fail", &row.name)?;
        input.set_attribute(
            "aria-label",
            &if can_fail {
                format!("{} down", row.name)
            } else {
                format!("{} down (removed by the change)", row.name)
            },
        )?;
        td.append_child(&input)?;
        // The weight: 1 to 10, by keyboard (arrows) or pointer (the spinner), in the link at once.
        tr.set_attribute("data-weight", &row.weight.to_string())?;
        if cols.weights {
            self.weight_cell(doc, &tr, row, can_weigh)?;
        }
        dom::append(doc, &tr, "td", "", &row.keys.map_or_else(dash, thousands))?;

        dom::append(doc, &tr, "td", "", &row.share.map_or_else(dash, percent))?;
        deviation_cell(doc, &tr, row.deviation)?;
        if let Some(copies) = row.copies {
            tr.set_attribute("data-copies", &copies.to_string())?;
        }
        if let Some(copies) = row.copies_after {
            tr.set_attribute("data-copies-after", &copies.to_string())?;
        }
        if let Some(ppm) = row.requests_ppm {
            tr.set_attribute("data-requests", &ppm.to_string())?;
        }
        if let Some(ppm) = row.requests_after_cache_ppm {
            tr.set_attribute("data-requests-after-cache", &ppm.to_string())?;
        }
        if cols.copies {
            dom::append(doc, &tr, "td", "", &row.copies.map_or_else(dash, thousands))?;
        }
        let changing = cols.changing;
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
            if cols.copies {
                dom::append(
                    doc,
                    &tr,
                    "td",
                    "",
                    &row.copies_after.map_or_else(dash, thousands),
                )?;
            }
        }
        let ppm = |x: Option<u64>| x.map_or_else(dash, |x| percent(x as f64 / 1e6));
        if cols.requests {
            dom::append(doc, &tr, "td", "", &ppm(row.requests_ppm))?;
            if cols.cache {
                dom::append(doc, &tr, "td", "", &ppm(row.requests_after_cache_ppm))?;
            }
        }
        if row.down {
            tr.set_attribute("data-down", "")?;
            tr.class_list().add_1("is-down")?;
        }
        Ok(())
    }
}

impl LoadView {
    /// A node's weight as a number field, 1 to 10.
    fn weight_cell(
        &self,
        doc: &Document,
        tr: &Element,
        row: &NodeRow,
        can_weigh: bool,
    ) -> Result<(), JsValue> {
        let td = dom::append(doc, tr, "td", "weight-cell", "")?;
        let weight: HtmlInputElement = dom::element(doc, "input", "", "")?.dyn_into()?;
        weight.set_type("number");
        weight.set_min(&crate::strategy::WEIGHT_MIN.to_string());
        weight.set_max(&crate::strategy::WEIGHT_MAX.to_string());
        weight.set_step("1");
        weight.set_value(&row.weight.to_string());
        weight.set_attribute("value", &row.weight.to_string())?;
        weight.set_attribute("data-weight", &row.name)?;
        weight.set_attribute("inputmode", "numeric")?;
        weight.set_attribute("aria-label", &format!("Weight of {}", row.name))?;
        weight.set_disabled(!can_weigh);
        td.append_child(&weight)?;
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
