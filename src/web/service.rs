//! The "Replicas, failures and hot keys" panel: where each key's copies live, what the down nodes cost,
//! whether the quorums overlap, who serves the requests, the hottest key, and the cache.

use super::dom::{self, Names};
use crate::app::{App, Service};
use crate::params::c_text;
use crate::stats::{fixed, percent, thousands};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

pub(super) struct ServiceView {
    panel: Element,
    body: Element,
}

impl ServiceView {
    pub(super) fn find(doc: &Document) -> Result<ServiceView, JsValue> {
        Ok(ServiceView {
            panel: dom::by_id(doc, dom::SERVICE)?,
            body: dom::by_id(doc, dom::SERVICE_BODY)?,
        })
    }

    pub(super) fn render(&self, doc: &Document, app: &App, names: &Names) -> Result<(), JsValue> {
        let s = &app.report().service;
        let p = app.params();
        let req = &s.requests;
        for (attr, value) in [
            ("data-replicas", s.replicas_in_force as u64),
            ("data-unavailable", s.availability.unavailable),
            ("data-unreadable", s.availability.unreadable),
            ("data-unwritable", s.availability.unwritable),
            ("data-hit-ratio", req.hit_ratio_ppm),
            ("data-unserved", req.unserved_ppm),
        ] {
            self.panel.set_attribute(attr, &value.to_string())?;
        }
        self.panel
            .set_attribute("data-request-max-mean", &fixed(req.max_over_mean, 5))?;
        self.panel.set_attribute(
            "data-consistency",
            if s.overlapping { "strong" } else { "eventual" },
        )?;
        let body = &self.body;
        body.set_text_content(None);
        let keys = p.keys as u64;
        let when = if app.changing() {
            " after the change"
        } else {
            ""
        };

        dom::append(doc, body, "p", "more", &placement_sentence(app, s))?;

        let consistency = dom::append(doc, body, "p", "", "")?;
        let (r, w, n) = (s.read, s.write, s.replicas_in_force);
        let verdict = if s.overlapping {
            format!("r + w = {} > R = {n}: strong.", r + w)
        } else {
            format!("r + w = {} ≤ R = {n}: eventual.", r + w)
        };
        dom::append(doc, &consistency, "span", "consistency", &verdict)?;
        // The explanations (class "more") are left out of the compact view.
        let more = dom::append(doc, &consistency, "span", "more", "")?;
        more.append_with_str_1(&if s.overlapping {
            " Every read quorum overlaps the latest write quorum, so a read always meets a replica \
             that took the latest write: the strong end of the course page's consistency spectrum, paid \
             for in latency and availability (more replicas must answer)."
                .to_owned()
        } else {
            " A read quorum can miss every replica that took the latest write, so reads may be stale \
             until the replicas catch up: the eventual end of the course page's spectrum (Cassandra, \
             DynamoDB), with lower latency and higher availability."
                .to_owned()
        })?;

        let facts = dom::append(doc, body, "dl", "facts", "")?;
        let fact = |term: &str, value: String| -> Result<Element, JsValue> {
            dom::append(doc, &facts, "dt", "", term)?;
            dom::append(doc, &facts, "dd", "", &value)
        };
        let down: Vec<&str> = s.down.iter().map(|&id| names.name(id)).collect();
        fact(
            "Down",
            if down.is_empty() {
                "none (tick “Down” in the load table)".to_owned()
            } else {
                down.join(", ")
            },
        )?;
        let share = |n: u64| format!("{} ({})", thousands(n), percent(n as f64 / keys as f64));
        fact(
            "No live replica",
            format!("{} keys: unavailable", share(s.availability.unavailable)),
        )?;
        fact(
            &format!("Fewer than r = {r} live"),
            format!("{} keys: reads fail", share(s.availability.unreadable)),
        )?;
        fact(
            &format!("Fewer than w = {w} live"),
            format!("{} keys: writes fail", share(s.availability.unwritable)),
        )?;
        fact(
            "Requests, max/mean",
            format!("{} over the live nodes{when}", fixed(req.max_over_mean, 3)),
        )?;
        if req.unserved_ppm > 0 {
            fact(
                "Unserved",
                format!(
                    "{} of requests ask for keys with no live replica",
                    percent(req.unserved)
                ),
            )?;
        }

        if let Some(hot) = &s.hottest {
            dom::append(doc, body, "p", "", &hot_sentence(app, s, names, hot))?
                .set_attribute("data-hot-key", &format!("user_{}", hot.key))?;
            if p.strategy == "bounded" {
                dom::append(
                    doc,
                    body,
                    "p",
                    "note",
                    &format!(
                        "Bounded loads balances keys, not requests: it caps each node at c = {} times \
                         the fair share of keys, but one key can still carry far more than its share of \
                         the requests, and the cap does not see it.",
                        c_text(p.c100)
                    ),
                )?;
            }
        } else {
            dom::append(
                doc,
                body,
                "p",
                "hint",
                "Every key is equally popular (s = 0). Raise “Hot keys” to make user_0 the most \
                 requested key, as /r/funny was for Reddit.",
            )?;
        }

        if p.cache > 0 {
            let frac = p.cache as f64 / keys as f64;
            let line = dom::append(doc, body, "p", "", "")?;
            line.append_with_str_1(&format!(
                "A cache of the {} most requested keys ({} of the keys) answers ",
                thousands(p.cache as u64),
                percent(frac)
            ))?;
            dom::append(doc, &line, "strong", "", &percent(req.hit_ratio))?;
            line.append_with_str_1(&format!(
                " of the requests; the rest reach the nodes, max/mean {}. ",
                fixed(req.after_cache_max_over_mean, 3)
            ))?;
            let more = dom::append(doc, &line, "span", "more", "")?;
            more.append_with_str_1(if p.zipf100 > 0 {
                "Hot data is where a cache pays: under skew a few keys carry most of the requests, so \
                 a small cache takes a large share of the load off the nodes."
            } else {
                "With every key equally popular a cache answers only its share of the keys: it pays \
                 where data is hot, when a few keys carry most of the requests."
            })?;
        }
        Ok(())
    }
}

/// Where each key's copies live, by the strategy's rule.
fn placement_sentence(app: &App, s: &Service) -> String {
    let p = app.params();
    let n = s.replicas_in_force;
    let capped = if n < p.replicas {
        format!(" (R = {} capped at the {n} nodes)", p.replicas)
    } else {
        String::new()
    };
    if n == 1 {
        return format!(
            "Each key lives on its owner only (R = 1){capped}: a node that fails takes its keys with it."
        );
    }
    let rule = match p.strategy {
        "ring" | "ketama" => {
            "its owner, then the next distinct nodes met clockwise on the ring (Dynamo's preference list)"
        }
        "rendezvous" => "the nodes with the highest scores for it",
        _ => "its owner, then the nodes after it in list order",
    };
    let mut text = format!("Each key lives on {n} nodes{capped}: {rule}.");
    if let Some(moved) = s.copies_moved {
        text.push_str(&format!(
            " The change must create {} new copies.",
            thousands(moved)
        ));
    }
    text
}

/// The hottest key: its share, where it lives, and what each live replica serves of it.
fn hot_sentence(app: &App, s: &Service, names: &Names, hot: &crate::app::HotKey) -> String {
    let p = app.params();
    let list = |ids: &[u32]| {
        ids.iter()
            .map(|&id| names.name(id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = format!(
        "Hottest key: user_{}, the /r/funny of these keys, asked for by {} of all requests (s = {}). ",
        hot.key,
        percent(hot.share),
        c_text(p.zipf100)
    );
    match hot.live.len() {
        0 => text.push_str(&format!(
            "Every replica of it ({}) is down: its requests go unserved.",
            list(&hot.replicas)
        )),
        1 if s.replicas_in_force == 1 => text.push_str(&format!(
            "It lives on {} alone, which serves all of it: more replicas would split its reads.",
            list(&hot.live)
        )),
        1 => text.push_str(&format!(
            "Of its replicas ({}) only {} is up, and serves all of it.",
            list(&hot.replicas),
            list(&hot.live)
        )),
        k => text.push_str(&format!(
            "Its {k} live replicas ({}) split its reads: each serves {} of all requests, where one \
             node alone would serve {}. Replicas cool a hot key.",
            list(&hot.live),
            percent(hot.share / k as f64),
            percent(hot.share)
        )),
    }
    text
}
