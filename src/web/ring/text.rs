//! The picture's text alternatives: the caption under it, the summary for screen readers, and the
//! picture as a table; and the experiment and the structure in words (also written under the PNG).

use super::super::dom;
use super::RingView;
use crate::app::App;
use crate::layout::{Arc, Band, Scene};
use crate::params::{c_text, Change};
use crate::stats::{percent, thousands};
use crate::strategy::KETAMA_POINTS;
use wasm_bindgen::prelude::*;

impl RingView {
    /// The picture as a table: per node, its share of the band (ring, table or key names) before and
    /// after the change, its keys, and the keys it gave and took. (Drawn with the panels, a frame after
    /// the picture.)
    pub(in crate::web) fn render_table(&self, app: &App, scene: &Scene) -> Result<(), JsValue> {
        let doc = dom::document()?;
        let share_of = match scene.band {
            Band::Ring | Band::Points => Some("ring"),
            Band::Cells { noun: "shard", .. } => Some("shards"),
            Band::Cells { .. } => Some("table"),
            Band::Ranges => Some("key names"),
            Band::Formula(_) => None,
        };
        let changing = scene.arcs_after.is_some();
        let report = app.report();
        let mut heads = vec!["Node".to_owned()];
        // With weights, each node's share is set against its fair share, w/W.
        let weighted = app.params().weighted();
        if weighted {
            heads.extend(["Weight".to_owned(), "Fair share (w/W)".to_owned()]);
        }
        if let Some(of) = share_of {
            heads.push(format!("Share of the {of}"));
            if changing {
                heads.push("after".to_owned());
            }
        }
        heads.push("Keys".to_owned());
        if changing {
            heads.extend([
                "Keys after".to_owned(),
                "Gave".to_owned(),
                "Took".to_owned(),
            ]);
        }
        self.table_head.set_text_content(None);
        let tr = dom::append(&doc, &self.table_head, "tr", "", "")?;
        for h in &heads {
            dom::append(&doc, &tr, "th", "", h)?.set_attribute("scope", "col")?;
        }
        // Each node's share of the band, in one pass over the arcs (100,000 of them at 100 × 1000).
        let shares = |arcs: &[Arc]| -> Vec<f64> {
            let mut by_node = vec![0.0; report.rows.len()];
            for a in arcs {
                if let Some(s) = by_node.get_mut(a.node as usize) {
                    *s += a.end - a.start;
                }
            }
            by_node
        };
        let before_shares = shares(&scene.arcs);
        let after_shares = scene.arcs_after.as_deref().map(shares);
        let flows = report.movement.as_ref().map(|m| &m.flows);
        let flow = |pick: &dyn Fn(&crate::stats::Flow) -> bool| -> u64 {
            flows.map_or(0, |f| f.iter().filter(|f| pick(f)).map(|f| f.keys).sum())
        };
        self.table_body.set_text_content(None);
        for (id, row) in report.rows.iter().enumerate() {
            let id = id as u32;
            let tr = dom::append(&doc, &self.table_body, "tr", "", "")?;
            dom::append(&doc, &tr, "th", "", &row.name)?.set_attribute("scope", "row")?;
            let dash = || "—".to_owned();
            if weighted {
                dom::append(&doc, &tr, "td", "", &row.weight.to_string())?;
                let fair = row
                    .fair
                    .map(|f| percent(f / app.params().keys.max(1) as f64));
                dom::append(&doc, &tr, "td", "", &fair.unwrap_or_else(dash))?;
            }
            if share_of.is_some() {
                let before = row.keys.map(|_| percent(before_shares[id as usize]));
                dom::append(&doc, &tr, "td", "", &before.unwrap_or_else(dash))?;
                if let Some(after) = &after_shares {
                    let shown = row.keys_after.map(|_| percent(after[id as usize]));
                    dom::append(&doc, &tr, "td", "", &shown.unwrap_or_else(dash))?;
                }
            }
            dom::append(&doc, &tr, "td", "", &row.keys.map_or_else(dash, thousands))?;
            if changing {
                let after = row.keys_after.map_or_else(dash, thousands);
                dom::append(&doc, &tr, "td", "", &after)?;
                dom::append(&doc, &tr, "td", "", &thousands(flow(&|f| f.from == id)))?;
                dom::append(&doc, &tr, "td", "", &thousands(flow(&|f| f.to == id)))?;
            }
        }
        Ok(())
    }

    pub(super) fn render_caption(&self, app: &App, scene: &Scene) {
        let p = app.params();
        let mut text = format!(
            "{} of {} ({}) and {} keys.",
            picture_name(&scene.band, app),
            p.nodes.join(", "),
            structure_line(app),
            thousands(p.keys as u64)
        );
        if let (Some(m), Some(c)) = (&app.report().movement, &p.change) {
            let verb = if matches!(c, Change::Remove(_)) {
                "Removing"
            } else {
                "Adding"
            };
            text.push_str(&format!(
                " {verb} {} moves {} keys.",
                c.node(),
                thousands(m.moved)
            ));
        }
        let weights = weights_line(app);
        text.push_str(&weights);
        let service = &app.report().service;
        let down: Vec<&str> = service
            .down
            .iter()
            .map(|&id| scene.names[id as usize].as_str())
            .collect();
        if !down.is_empty() {
            text.push_str(&format!(
                " Down: {}, drawn dotted; {} keys have no live replica, marked inside the bands.",
                down.join(", "),
                thousands(service.availability.unavailable)
            ));
        }
        let side_b: Vec<&str> = (0..scene.names.len())
            .filter(|&id| scene.side_b.get(id) == Some(&true))
            .map(|id| scene.names[id].as_str())
            .collect();
        if !side_b.is_empty() {
            text.push_str(&format!(
                " Partitioned: {} on side B, marked by a line outside the band.",
                side_b.join(", ")
            ));
        }
        if let Some(hot) = &scene.hot {
            let live: Vec<&str> = hot
                .live
                .iter()
                .map(|&id| scene.names[id as usize].as_str())
                .collect();
            text.push_str(&format!(
                " The hottest key, {}, is marked with a diamond; its live replicas: {}.",
                hot.key,
                if live.is_empty() {
                    "none".to_owned()
                } else {
                    live.join(", ")
                }
            ));
        }
        self.summary_text.set_text_content(Some(&text));
        self.caption.set_text_content(Some(&format!(
            "{}{weights}",
            caption(&scene.band, scene, app)
        )));
    }
}

/// The weights, when any is not 1: each node's weight and fair share (w/W), which its share of the band
/// is set against; and whether the strategy ignores them. Empty without weights.
fn weights_line(app: &App) -> String {
    let p = app.params();
    if !p.weighted() {
        return String::new();
    }
    let weighs: Vec<String> = app
        .report()
        .rows
        .iter()
        .filter(|r| r.weight != 1)
        .map(|r| {
            let fair = r.fair.map_or(String::new(), |f| {
                format!(", fair share {}", percent(f / p.keys.max(1) as f64))
            });
            format!("{} weighs {}{fair}", r.name, r.weight)
        })
        .collect();
    let mut text = format!(" {}; the others weigh 1.", weighs.join("; "));
    if !p.uses().weights {
        text.push_str(&format!(
            " {} ignores weights: it places every node as if they were equal.",
            app.strategy().title()
        ));
    }
    text
}

/// The experiment in one sentence: "Removing db2 moves 3,114 of 10,000 keys (31.1 %)." or, without a
/// change, "No change: 10,000 keys on 3 nodes."
pub(super) fn experiment_line(app: &App) -> String {
    let p = app.params();
    match (&app.report().movement, &p.change) {
        (Some(m), Some(c)) => format!(
            "{} {} moves {} of {} keys ({}).",
            if matches!(c, Change::Remove(_)) {
                "Removing"
            } else {
                "Adding"
            },
            c.node(),
            thousands(m.moved),
            thousands(p.keys as u64),
            percent(m.moved as f64 / p.keys as f64)
        ),
        _ => format!(
            "No change: {} keys on {} nodes.",
            thousands(p.keys as u64),
            p.nodes.len()
        ),
    }
}

/// What the picture is, for the screen-reader summary: "Hash ring", "Shard map", …
fn picture_name(band: &Band, app: &App) -> String {
    match band {
        Band::Ring if app.params().strategy == "bounded" => "Hash ring with bounded loads".into(),
        Band::Ring => "Hash ring".into(),
        Band::Points => "Ketama ring".into(),
        Band::Cells { noun: "shard", .. } => "Virtual shard map".into(),
        Band::Cells { .. } => "Maglev lookup table".into(),
        Band::Ranges => "Key ranges".into(),
        Band::Formula(_) => format!("{} placement", app.strategy().title()),
    }
}

/// The structure's size in words: "3 nodes × 150 virtual", "3 nodes · 1,000 shards", …
pub(super) fn structure_line(app: &App) -> String {
    let p = app.params();
    let n = p.nodes.len();
    let nodes = if n == 1 {
        "1 node".to_owned()
    } else {
        format!("{n} nodes")
    };
    let v = thousands(p.vnodes as u64);
    let weighted = p.weighted() && p.uses().weights;
    match p.strategy {
        "ring" if weighted => format!("{nodes} × {v} virtual per unit of weight"),
        "ring" => format!("{nodes} × {v} virtual"),
        "bounded" if weighted => format!(
            "{nodes} × {v} virtual per unit of weight, c = {}",
            c_text(p.c100)
        ),
        "bounded" => format!("{nodes} × {v} virtual, c = {}", c_text(p.c100)),
        "ketama" if weighted => format!("{nodes}, points in proportion to weight"),
        "ketama" => format!("{nodes} × {KETAMA_POINTS} points"),
        "shards" => format!("{nodes}, {} shards", thousands(p.shards as u64)),
        "maglev" => format!(
            "{nodes}, {} entries",
            thousands(crate::strategy::MAGLEV_M as u64)
        ),
        "range" => format!("{nodes}, one range each"),
        "modn" => format!("{nodes}, hash % N"),
        "jump" => format!("{nodes} as buckets 0..{}", n - 1),
        "rendezvous" if weighted => format!("{nodes}, highest weighted score −w/ln(u)"),
        "rendezvous" => format!("{nodes}, highest random weight"),
        _ => format!("{nodes}, {}", app.strategy().title()),
    }
}

/// The caption under the picture: what the band, ticks and keys mean for this strategy.
fn caption(band: &Band, scene: &Scene, app: &App) -> String {
    let changing = scene.arcs_after.is_some();
    let marked = scene.marks.is_some();
    let bands = |what: &str| {
        if changing {
            format!("Outer band: {what} before the change; inner band: after it.")
        } else {
            format!("Band: {what}.")
        }
    };
    let hatched = if changing && scene.removing && !matches!(band, Band::Formula(_)) {
        " The removed node's stretches are dashed."
    } else {
        ""
    };
    let mut text = match band {
        Band::Ring => {
            let mut t = if changing {
                "Outer band: which node owns each stretch of the ring before the change; inner band: after it."
                    .to_owned()
            } else {
                "Band: which node owns each stretch of the ring (a key belongs to the next virtual node clockwise)."
                    .to_owned()
            };
            t.push_str(" Ticks: virtual nodes.");
            if app.params().strategy == "bounded" {
                t.push_str(" A key whose node is full walks on clockwise, so its colour can differ from the band's.");
            }
            t
        }
        Band::Points => format!(
            "{} Ticks: {KETAMA_POINTS} points per node. Keys sit at their ketama hash.",
            bands("which node owns each stretch of ketama's 32-bit circle (a key belongs to the first point at or after its hash)")
        ),
        Band::Cells { noun: "shard", cells } => format!(
            "{} Keys sit at their MD5 position: a shard's keys (md5 mod {}) are spread all around.",
            bands(&format!(
                "the shard map, shard 0 at the top and clockwise to shard {}, each in its node's colour",
                thousands(*cells as u64 - 1)
            )),
            thousands(*cells as u64)
        ),
        Band::Cells { cells, .. } => format!(
            "{} Keys sit at their MD5 position (each uses entry h64 mod {}).",
            bands(&format!(
                "Maglev's lookup table, entry 0 at the top and clockwise to entry {}, each in its node's colour",
                thousands(*cells as u64 - 1)
            )),
            thousands(*cells as u64)
        ),
        Band::Ranges => format!(
            "{} Ticks: split points. Keys sit at their MD5 position, so a range's keys are spread all around.",
            bands("the key names in sorted order (user_0 at the top, clockwise), one range per node")
        ),
        Band::Formula(formula) => format!(
            "No ring or table: {formula}. Keys sit at their MD5 position, in their owner's colour."
        ),
    };
    text.push_str(hatched);
    if scene.side_b.contains(&true) {
        text.push_str(" A line just outside the band marks the nodes on side B of the partition.");
    }
    text.push(' ');
    text.push_str(match (changing, marked) {
        (true, false) => {
            "Bars: keys per degree of the ring; the coloured part of a bar moved, in the colour of the node \
             it moved to."
        }
        (true, true) => {
            "Outer marks: every key at its place; long marks moved, in the colour of the node they moved \
             to; short grey ones stay."
        }
        (false, false) => "Bars: keys per degree of the ring, in their owners' colours.",
        (false, true) => "Outer marks: every key at its place, in its owner's colour.",
    });
    text
}
