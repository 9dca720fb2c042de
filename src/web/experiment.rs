//! The "Experiment" panel: what removing or adding a node moves under the chosen strategy, against the
//! ideal and `hash % N`, where the keys went, and the first moved keys by name.

use super::dom::{self, node_cell, ratio, Names};
use crate::app::App;
use crate::params::Change;
use crate::stats::{percent, thousands, Movement};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

pub(super) struct ExperimentView {
    body: Element,
    /// A polite live region: the experiment's result, said once per change of result.
    live: Element,
}

/// Most flows listed.
const FLOWS_SHOWN: usize = 24;

impl ExperimentView {
    pub(super) fn find(doc: &Document) -> Result<ExperimentView, JsValue> {
        Ok(ExperimentView {
            body: dom::by_id(doc, dom::EXPERIMENT_BODY)?,
            live: dom::by_id(doc, dom::LIVE)?,
        })
    }

    pub(super) fn render(&self, doc: &Document, app: &App, names: &Names) -> Result<(), JsValue> {
        let body = &self.body;
        body.set_text_content(None);
        let p = app.params();
        let (Some(m), Some(change)) = (&app.report().movement, &p.change) else {
            dom::append(
                doc,
                body,
                "p",
                "hint",
                "Pick “Remove …” or “Add …” under Experiment to see exactly which keys move, where they go, \
                 and how that compares with the ideal and with hash % N sharding.",
            )?;
            self.live.set_text_content(None);
            return Ok(());
        };
        let keys = p.keys as u64;
        let frac = |n: u64| percent(n as f64 / keys as f64);
        let verb = if matches!(change, Change::Remove(_)) {
            "Removing"
        } else {
            "Adding"
        };
        let title = app.strategy().title();
        let said = format!(
            "{verb} {} moves {} of {} keys.",
            change.node(),
            thousands(m.moved),
            thousands(keys)
        );
        if self.live.text_content().as_deref() != Some(said.as_str()) {
            self.live.set_text_content(Some(&said));
        }
        let big = dom::append(
            doc,
            body,
            "p",
            "big",
            &format!("{verb} {} moves ", change.node()),
        )?;
        let num = dom::append(doc, &big, "span", "num", &thousands(m.moved))?;
        num.set_attribute("data-moved", &m.moved.to_string())?;
        let service = &app.report().service;
        if let Some(copies) = service.copies_moved {
            num.set_attribute("data-copies-moved", &copies.to_string())?;
        }
        big.append_with_str_1(&format!(
            " of {} keys ({}).",
            thousands(keys),
            frac(m.moved)
        ))?;
        dom::append(doc, body, "p", "hint", &format!("Strategy: {title}."))?
            .set_attribute("data-strategy", app.strategy().name())?;
        if let Some(note) = &app.report().change_note {
            dom::append(doc, body, "p", "note", note)?.set_attribute("data-change-note", "")?;
        }

        let facts = dom::append(doc, body, "dl", "facts", "")?;
        let fact = |term: &str, value: String| -> Result<Element, JsValue> {
            dom::append(doc, &facts, "dt", "", term)?;
            dom::append(doc, &facts, "dd", "", &value)
        };
        let share_of = if matches!(change, Change::Remove(_)) {
            "the removed node's"
        } else {
            "the new node's"
        };
        fact(
            "Ideal minimum",
            format!(
                "{} ({}): {share_of} fair share, keys ÷ nodes",
                thousands(m.ideal),
                frac(m.ideal)
            ),
        )?
        .set_attribute("data-ideal", &m.ideal.to_string())?;
        fact(
            "hash % N would move",
            format!(
                "{} ({}): {}× as many",
                thousands(m.modulo_moved),
                frac(m.modulo_moved),
                ratio(m.modulo_moved, m.moved)
            ),
        )?
        .set_attribute("data-modulo-moved", &m.modulo_moved.to_string())?;
        fact("Moved ÷ ideal", format!("{}×", ratio(m.moved, m.ideal)))?;
        if let (Some(copies), true) = (service.copies_moved, p.replicas > 1) {
            let r = match service.replicas_after {
                Some(after) if after != service.replicas => {
                    format!("{} → {} replicas per key", service.replicas, after)
                }
                _ => format!("{} replicas per key", service.replicas),
            };
            fact(
                "Replica copies to create",
                format!(
                    "{} ({r}): names new to a key's preference list",
                    thousands(copies)
                ),
            )?
            .set_attribute("data-copies-moved", &copies.to_string())?;
        }

        if let Some(printed) = app.seed_printout() {
            let note = dom::append(
                doc,
                body,
                "p",
                "note",
                &format!(
                    "The course page's script prints “Keys moved: {printed}” here: it guesses each key's old \
                     node (db2 when i % 3 == 1) instead of asking the ring. Comparing every key's owner \
                     before and after gives {}.",
                    thousands(m.moved)
                ),
            )?;
            note.set_attribute("data-seed-printout", &printed.to_string())?;
        }
        self.render_flows(doc, m, names)?;
        if !m.examples.is_empty() {
            let more = m.moved - m.examples.len() as u64;
            let intro = if more > 0 {
                format!(
                    "The first {} moved keys (and {} more):",
                    m.examples.len(),
                    thousands(more)
                )
            } else {
                "The moved keys:".to_owned()
            };
            dom::append(doc, body, "p", "hint", &intro)?;
            let list = dom::append(doc, body, "ul", "moved-keys", "")?;
            for ex in &m.examples {
                let li = dom::append(doc, &list, "li", "", "")?;
                li.set_attribute("data-key", &format!("user_{}", ex.key))?;
                dom::append(doc, &li, "code", "", &format!("user_{}", ex.key))?;
                li.append_with_str_1(&format!(" {} → {}", names.name(ex.from), names.name(ex.to)))?;
            }
        }
        Ok(())
    }

    fn render_flows(&self, doc: &Document, m: &Movement, names: &Names) -> Result<(), JsValue> {
        if m.flows.is_empty() {
            return Ok(());
        }
        let body = &self.body;
        dom::append(doc, body, "p", "hint", "Where the moved keys went:")?;
        let table = dom::append(doc, body, "table", "flows", "")?;
        let head = dom::append(doc, &table, "thead", "", "")?;
        let tr = dom::append(doc, &head, "tr", "", "")?;
        for h in ["From", "", "To", "Keys"] {
            dom::append(doc, &tr, "th", "", h)?;
        }
        let tbody = dom::append(doc, &table, "tbody", "", "")?;
        for f in m.flows.iter().take(FLOWS_SHOWN) {
            let tr = dom::append(doc, &tbody, "tr", "", "")?;
            tr.set_attribute("data-from", names.name(f.from))?;
            tr.set_attribute("data-to", names.name(f.to))?;
            tr.set_attribute("data-keys", &f.keys.to_string())?;
            node_cell(doc, &tr, names, f.from)?;
            dom::append(doc, &tr, "td", "", "→")?;
            node_cell(doc, &tr, names, f.to)?;
            dom::append(doc, &tr, "td", "", &thousands(f.keys))?;
        }
        if m.flows.len() > FLOWS_SHOWN {
            dom::append(
                doc,
                body,
                "p",
                "hint",
                &format!("… and {} smaller flows.", m.flows.len() - FLOWS_SHOWN),
            )?;
        }
        Ok(())
    }

    /// Says `text` in the polite status region.
    pub(super) fn say(&self, text: &str) {
        self.live.set_text_content(Some(text));
    }
}
