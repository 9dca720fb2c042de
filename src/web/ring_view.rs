//! The picture: the chosen strategy's structure on a circle (the ring's arcs and virtual nodes, ketama's
//! points, a shard map, Maglev's table, ranges), every key or keys per degree, and what a change moves;
//! the hover outline and tip; and the text equivalent for screen readers.

use super::dom;
use super::paint::{context_2d, font, push_segment, stroke_groups, stroke_segments, Ink};
use crate::app::{App, ArcInfo};
use crate::geometry::{point, radians};
use crate::layout::{Arc, Band, Geometry, HotMark, Mark, Scene, BINS};
use crate::params::{c_text, Change};
use crate::ring::NO_OWNER;
use crate::stats::{percent, thousands};
use crate::strategy::KETAMA_POINTS;
use wasm_bindgen::prelude::*;
use web_sys::{
    CanvasRenderingContext2d, Document, Element, HtmlCanvasElement, HtmlElement, Window,
};

pub(super) struct RingView {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    /// A canvas over the ring for the hovered arc, so hovering never redraws the ring.
    hover: HtmlCanvasElement,
    hover_ctx: CanvasRenderingContext2d,
    tip: HtmlElement,
    /// CSS size and palette of the last drawing, for hit-testing and the hover outline.
    size_px: f64,
    ink: &'static Ink,
    caption: Element,
    summary_text: Element,
    /// The picture as a table (for screen readers, and for anyone who wants the numbers).
    table_head: Element,
    table_body: Element,
}

/// Smallest canvas (CSS pixels) that gets a legend in its corners.
const LEGEND_MIN_PX: f64 = 460.0;

impl RingView {
    pub(super) fn find(doc: &Document) -> Result<RingView, JsValue> {
        let canvas: HtmlCanvasElement = dom::by_id(doc, dom::RING)?;
        let hover: HtmlCanvasElement = dom::by_id(doc, dom::RING_HOVER)?;
        Ok(RingView {
            ctx: context_2d(&canvas)?,
            hover_ctx: context_2d(&hover)?,
            canvas,
            hover,
            tip: dom::by_id(doc, dom::RING_TIP)?,
            size_px: 0.0,
            ink: &super::paint::LIGHT,
            caption: dom::by_id(doc, dom::RING_CAPTION)?,
            summary_text: dom::by_id(doc, dom::RING_SUMMARY)?,
            table_head: dom::by_id(doc, dom::RING_TABLE_HEAD)?,
            table_body: dom::by_id(doc, dom::RING_TABLE_BODY)?,
        })
    }

    /// Draws `scene` of `app`, and its caption and text summary.
    pub(super) fn render(
        &mut self,
        window: &Window,
        app: &App,
        scene: &Scene,
        ink: &'static Ink,
    ) -> Result<(), JsValue> {
        self.ink = ink;
        self.draw_canvas(window, app, scene, ink)?;
        self.unhover();
        self.render_caption(app, scene);
        Ok(())
    }

    /// The picture as a table: per node, its share of the band (ring, table or key names) before and
    /// after the change, its keys, and the keys it gave and took. (Drawn with the panels, a frame after
    /// the picture.)
    pub(super) fn render_table(&self, app: &App, scene: &Scene) -> Result<(), JsValue> {
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

    fn draw_canvas(
        &mut self,
        window: &Window,
        app: &App,
        scene: &Scene,
        ink: &Ink,
    ) -> Result<(), JsValue> {
        let size = self.canvas.get_bounding_client_rect().width().max(200.0);
        let dpr = window.device_pixel_ratio().max(1.0);
        let pixels = (size * dpr).round() as u32;
        for canvas in [&self.canvas, &self.hover] {
            if canvas.width() != pixels || canvas.height() != pixels {
                canvas.set_width(pixels);
                canvas.set_height(pixels);
            }
        }
        self.hover_ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)?;
        self.size_px = size;
        let ctx = &self.ctx;
        ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)?;
        ctx.clear_rect(0.0, 0.0, size, size);
        paint(ctx, app, scene, ink, size, size >= LEGEND_MIN_PX)
    }

    /// Shows which virtual node owns the arc under the pointer at `(x, y)` (CSS pixels in the canvas):
    /// an outline on the arc and a tip with its `"node:i"`, share of the ring and keys. The inner band
    /// is the ring after the change.
    pub(super) fn hover(&self, app: &App, x: f64, y: f64) -> Result<Option<String>, JsValue> {
        let g = Geometry::fit(self.size_px);
        let (dx, dy) = (x - g.cx, y - g.cy);
        let r = dx.hypot(dy);
        let changing = app.ring_after().is_some();
        let inner = if changing {
            g.after_inner
        } else {
            g.band_inner
        };
        if r < inner - 6.0 || r > g.bars_inner + g.bars_max {
            self.unhover();
            return Ok(None);
        }
        let at =
            ((dy.atan2(dx) + std::f64::consts::FRAC_PI_2) / std::f64::consts::TAU).rem_euclid(1.0);
        let after = changing && r < g.band_inner;
        let Some(arc) = app.arc_at(at, after) else {
            self.unhover();
            return Ok(None);
        };
        // Outline the arc on its band.
        let ctx = &self.hover_ctx;
        ctx.clear_rect(0.0, 0.0, self.size_px, self.size_px);
        let band = g.band_outer - g.band_inner;
        let mid = if after {
            (g.band_inner + g.after_inner) / 2.0 - 1.0
        } else {
            (g.band_outer + g.band_inner) / 2.0
        };
        let end = if arc.share >= 1.0 {
            arc.start + 1.0
        } else if arc.end < arc.start {
            arc.end + 1.0
        } else {
            arc.end
        };
        ctx.set_line_cap("butt");
        ctx.set_stroke_style_str(self.ink.text);
        ctx.set_line_width(band + 5.0);
        ctx.begin_path();
        ctx.arc(g.cx, g.cy, mid, radians(arc.start), radians(end))?;
        ctx.stroke();
        ctx.set_stroke_style_str(&crate::layout::node_color(arc.node));
        ctx.set_line_width(band - 1.0);
        ctx.begin_path();
        ctx.arc(g.cx, g.cy, mid, radians(arc.start), radians(end))?;
        ctx.stroke();
        // The virtual node itself, at the arc's clockwise end.
        let (x0, y0) = point(g.cx, g.cy, g.after_inner - 4.0, arc.end);
        let (x1, y1) = point(g.cx, g.cy, g.tick_outer + 6.0, arc.end);
        ctx.set_line_width(2.0);
        ctx.set_stroke_style_str(self.ink.text);
        ctx.begin_path();
        ctx.move_to(x0, y0);
        ctx.line_to(x1, y1);
        ctx.stroke();

        let tip = &self.tip;
        tip.set_text_content(None);
        let doc = dom::document()?;
        dom::append(&doc, tip, "strong", "", &arc.vnode)?;
        let when = if after { " (after the change)" } else { "" };
        tip.append_with_str_1(&format!(
            " owns {} of the ring{when}: {} keys",
            percent(arc.share),
            thousands(arc.keys)
        ))?;
        tip.set_hidden(false);
        let (w, h) = (tip.offset_width() as f64, tip.offset_height() as f64);
        let left = if x + 14.0 + w > self.size_px {
            x - 14.0 - w
        } else {
            x + 14.0
        };
        let top = if y + 14.0 + h > self.size_px {
            y - 14.0 - h
        } else {
            y + 14.0
        };
        let style = tip.style();
        style.set_property("left", &format!("{:.0}px", left.max(0.0)))?;
        style.set_property("top", &format!("{:.0}px", top.max(0.0)))?;
        Ok(tip.text_content())
    }

    /// Where the pointer would be to hover `arc` of the ring before the change: the middle of the arc, on
    /// its band (CSS pixels in the canvas).
    pub(super) fn point_of_arc(&self, arc: &ArcInfo) -> (f64, f64) {
        let g = Geometry::fit(self.size_px);
        let middle = (g.band_outer + g.band_inner) / 2.0;
        point(g.cx, g.cy, middle, arc.start + arc.share / 2.0)
    }

    /// Hides the hover outline and tip.
    pub(super) fn unhover(&self) {
        self.hover_ctx
            .clear_rect(0.0, 0.0, self.size_px.max(1.0), self.size_px.max(1.0));
        self.tip.set_hidden(true);
    }

    /// The picture at twice the canvas's resolution, with the legend and the experiment written under
    /// it, as a PNG data URL.
    pub(super) fn picture_png(&self, doc: &Document, app: &App) -> Result<String, JsValue> {
        const SCALE: f64 = 2.0;
        let size = self.size_px.max(300.0);
        let footer = 56.0;
        let canvas: HtmlCanvasElement = doc.create_element("canvas")?.dyn_into()?;
        canvas.set_width((size * SCALE).round() as u32);
        canvas.set_height(((size + footer) * SCALE).round() as u32);
        let ctx = context_2d(&canvas)?;
        ctx.set_transform(SCALE, 0.0, 0.0, SCALE, 0.0, 0.0)?;
        let ink = self.ink;
        ctx.set_fill_style_str(ink.panel);
        ctx.fill_rect(0.0, 0.0, size, size + footer);
        let scene = Scene::of(app);
        paint(&ctx, app, &scene, ink, size, true)?;
        let px = (size / 44.0).clamp(10.0, 14.0);
        ctx.set_text_align("left");
        ctx.set_text_baseline("middle");
        // Each line at the largest size (up to its own) that fits the width.
        let fitted = |text: &str, largest: f64, weight: u32| -> Result<(), JsValue> {
            let mut px = largest;
            ctx.set_font(&font(px, weight));
            while px > 7.0 && ctx.measure_text(text)?.width() > size - 16.0 {
                px -= 0.5;
                ctx.set_font(&font(px, weight));
            }
            Ok(())
        };
        let line = experiment_line(app);
        fitted(&line, px * 1.15, 700)?;
        ctx.set_fill_style_str(ink.text);
        ctx.fill_text(&line, 8.0, size + footer * 0.3)?;
        ctx.set_fill_style_str(ink.muted);
        let p = app.params();
        let detail = format!(
            "{} · {} · {} keys · ring playground (#{})",
            app.strategy().title(),
            structure_line(app),
            thousands(p.keys as u64),
            p.to_fragment()
        );
        fitted(&detail, px, 400)?;
        ctx.fill_text(&detail, 8.0, size + footer * 0.7)?;
        canvas.to_data_url_with_type("image/png")
    }

    fn render_caption(&self, app: &App, scene: &Scene) {
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
        self.caption
            .set_text_content(Some(&caption(&scene.band, scene, app)));
    }
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
fn structure_line(app: &App) -> String {
    let p = app.params();
    let n = p.nodes.len();
    let nodes = if n == 1 {
        "1 node".to_owned()
    } else {
        format!("{n} nodes")
    };
    let v = thousands(p.vnodes as u64);
    match p.strategy {
        "ring" => format!("{nodes} × {v} virtual"),
        "bounded" => format!("{nodes} × {v} virtual, c = {}", c_text(p.c100)),
        "ketama" => format!("{nodes} × {KETAMA_POINTS} points"),
        "shards" => format!("{nodes}, {} shards", thousands(p.shards as u64)),
        "maglev" => format!(
            "{nodes}, {} entries",
            thousands(crate::strategy::MAGLEV_M as u64)
        ),
        "range" => format!("{nodes}, one range each"),
        "modn" => format!("{nodes}, hash % N"),
        "jump" => format!("{nodes} as buckets 0..{}", n - 1),
        "rendezvous" => format!("{nodes}, highest random weight"),
        _ => format!("{nodes}, {}", app.strategy().title()),
    }
}

/// Short legend words for a band, and for its ticks.
fn legend_band(band: &Band) -> (&'static str, &'static str) {
    match band {
        Band::Ring => ("owner of each arc", "virtual nodes"),
        Band::Points => ("owner of each arc", "160 points per node"),
        Band::Cells { noun: "shard", .. } => ("shard map, 0 at the top", ""),
        Band::Cells { .. } => ("Maglev table, 0 at the top", ""),
        Band::Ranges => ("sorted key names, by range", "split points"),
        Band::Formula(_) => ("", ""),
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

/// Draws the picture of `scene` into `ctx`, in a square of `size` CSS pixels: the guide circles, the
/// bands (the removed node's hatched), the ticks, the keys, the centre text and, if `legend`, the legend.
fn paint(
    ctx: &CanvasRenderingContext2d,
    app: &App,
    scene: &Scene,
    ink: &Ink,
    size: f64,
    legend: bool,
) -> Result<(), JsValue> {
    let g = Geometry::fit(size);
    ctx.set_line_cap("butt");

    // Faint guide circles: under the key bars, and where a band would be for strategies without one.
    ctx.set_stroke_style_str(ink.faint);
    ctx.set_line_width(1.0);
    ctx.begin_path();
    ctx.arc(g.cx, g.cy, g.bars_inner, 0.0, std::f64::consts::TAU)?;
    ctx.stroke();
    if matches!(scene.band, Band::Formula(_)) {
        ctx.begin_path();
        ctx.arc(g.cx, g.cy, g.band_outer, 0.0, std::f64::consts::TAU)?;
        ctx.stroke();
    }

    let band = g.band_outer - g.band_inner;
    // The bands as (radius, width): before the change, and just inside it after the change.
    let before_band = ((g.band_outer + g.band_inner) / 2.0, band);
    let after_band = ((g.band_inner + g.after_inner) / 2.0 - 1.0, band - 2.0);
    draw_arcs(ctx, &scene.arcs, scene, before_band, &g)?;
    if let (Some(removed), true) = (scene.changed, scene.removing) {
        // A second cue beyond colour: the leaving node's stretches are hatched.
        mark_arcs(
            ctx,
            Marking::Hatched,
            &scene.arcs,
            removed,
            before_band,
            &g,
            ink,
        )?;
    }
    if let Some(after) = &scene.arcs_after {
        draw_arcs(ctx, after, scene, after_band, &g)?;
    }
    // Down nodes: their stretches of the band in force dotted across (a cue beyond colour).
    let (in_force, in_force_band) = match &scene.arcs_after {
        Some(after) => (after, after_band),
        None => (&scene.arcs, before_band),
    };
    for (node, _) in scene.down.iter().enumerate().filter(|(_, &d)| d) {
        mark_arcs(
            ctx,
            Marking::Dotted,
            in_force,
            node as u32,
            in_force_band,
            &g,
            ink,
        )?;
    }
    draw_ticks(ctx, scene, &g);
    match &scene.marks {
        Some(marks) => draw_marks(ctx, marks, scene, &g, ink),
        None => draw_bars(ctx, scene, &g, ink),
    }
    draw_unavailable(ctx, scene, &g, ink);
    if let Some(hot) = &scene.hot {
        draw_hot(ctx, hot, &g, ink)?;
    }
    draw_center(ctx, app, scene, &g, ink)?;
    if legend {
        draw_legend(ctx, scene, size, ink)?;
    }
    Ok(())
}

/// A pattern stroked along one node's arcs, a cue beyond colour.
#[derive(Clone, Copy)]
enum Marking {
    /// Dashes in the background colour: the removed node's stretches hatched.
    Hatched,
    /// Round dots in the text colour: a down node's stretches.
    Dotted,
}

/// Strokes `marking` along the arcs of `node`, on the band of `(radius, width)`.
fn mark_arcs(
    ctx: &CanvasRenderingContext2d,
    marking: Marking,
    arcs: &[Arc],
    node: u32,
    (radius, width): (f64, f64),
    g: &Geometry,
    ink: &Ink,
) -> Result<(), JsValue> {
    let (dash, gap, cap, line, color) = match marking {
        Marking::Hatched => (4.0, 4.0, "butt", (width * 0.3).max(1.5), ink.panel),
        Marking::Dotted => (0.1, 5.0, "round", (width * 0.35).max(2.5), ink.text),
    };
    ctx.set_line_dash(&js_sys::Array::of2(
        &JsValue::from(dash),
        &JsValue::from(gap),
    ))?;
    ctx.set_line_cap(cap);
    ctx.set_line_width(line);
    ctx.set_stroke_style_str(color);
    ctx.begin_path();
    for a in arcs.iter().filter(|a| a.node == node) {
        let (x, y) = point(g.cx, g.cy, radius, a.start);
        ctx.move_to(x, y);
        ctx.arc(g.cx, g.cy, radius, radians(a.start), radians(a.end))?;
    }
    ctx.stroke();
    ctx.set_line_dash(&js_sys::Array::new())?;
    ctx.set_line_cap("butt");
    Ok(())
}

/// Keys with no live replica: marks pointing inward from the bands, in the text colour, one per degree
/// that has any (longer for more).
fn draw_unavailable(ctx: &CanvasRenderingContext2d, scene: &Scene, g: &Geometry, ink: &Ink) {
    let most = scene.unavailable.iter().copied().max().unwrap_or(0);
    if most == 0 {
        return;
    }
    let from = g.after_inner - 3.0;
    let longest = (g.after_inner * 0.16).max(6.0);
    let mut xy = Vec::new();
    for (i, &n) in scene.unavailable.iter().enumerate().filter(|(_, &n)| n > 0) {
        let len = 3.0 + (longest - 3.0) * (n as f64 / most as f64).sqrt();
        push_segment(&mut xy, g, from - len, from, (i as f64 + 0.5) / BINS as f64);
    }
    ctx.set_line_width(2.0);
    ctx.set_stroke_style_str(ink.text);
    stroke_segments(ctx, &xy);
}

/// The hottest key: a diamond at its place, just inside the key marks (the centre names it).
fn draw_hot(
    ctx: &CanvasRenderingContext2d,
    hot: &HotMark,
    g: &Geometry,
    ink: &Ink,
) -> Result<(), JsValue> {
    let r = g.bars_inner - 2.0;
    let (x, y) = point(g.cx, g.cy, r, hot.turn);
    let size = 6.0;
    ctx.begin_path();
    ctx.move_to(x, y - size);
    ctx.line_to(x + size, y);
    ctx.line_to(x, y + size);
    ctx.line_to(x - size, y);
    ctx.close_path();
    ctx.set_fill_style_str(ink.moved);
    ctx.fill();
    ctx.set_line_width(1.5);
    ctx.set_stroke_style_str(ink.panel);
    ctx.stroke();
    Ok(())
}

/// Ownership arcs, one path per node, on the band of `(radius, width)`.
fn draw_arcs(
    ctx: &CanvasRenderingContext2d,
    arcs: &[Arc],
    scene: &Scene,
    (radius, width): (f64, f64),
    g: &Geometry,
) -> Result<(), JsValue> {
    ctx.set_line_width(width);
    // Each node's arcs, in one pass (100,000 arcs at 100 × 1000), then one path per node.
    let mut by_node: Vec<Vec<&Arc>> = vec![Vec::new(); scene.colors.len()];
    for a in arcs {
        if let Some(list) = by_node.get_mut(a.node as usize) {
            list.push(a);
        }
    }
    for (list, color) in by_node.iter().zip(&scene.colors) {
        if list.is_empty() {
            continue;
        }
        ctx.begin_path();
        for a in list {
            let (x, y) = point(g.cx, g.cy, radius, a.start);
            ctx.move_to(x, y);
            ctx.arc(g.cx, g.cy, radius, radians(a.start), radians(a.end))?;
        }
        ctx.set_stroke_style_str(color);
        ctx.stroke();
    }
    Ok(())
}

/// Every virtual node (or point, or split point) as a tick in its node's colour; the changed node's
/// ticks longer and bolder.
fn draw_ticks(ctx: &CanvasRenderingContext2d, scene: &Scene, g: &Geometry) {
    let thin = if scene.ticks.len() > 3000 { 0.5 } else { 1.0 };
    let mut by_node: Vec<Vec<f32>> = vec![Vec::new(); scene.colors.len()];
    for t in &scene.ticks {
        let changed = scene.changed == Some(t.node);
        let outer = if changed {
            g.tick_outer + (g.tick_outer - g.tick_inner)
        } else {
            g.tick_outer
        };
        push_segment(
            &mut by_node[t.node as usize],
            g,
            g.tick_inner,
            outer,
            t.turn,
        );
    }
    for (node, (xy, color)) in by_node.iter().zip(&scene.colors).enumerate() {
        ctx.set_line_width(if scene.changed == Some(node as u32) {
            1.6
        } else {
            thin
        });
        ctx.set_stroke_style_str(color);
        stroke_segments(ctx, xy);
    }
}

/// Each key as a short mark at its exact place, in its owner's colour; under an experiment the
/// moved ones long and in their new owner's colour, the rest grey.
fn draw_marks(
    ctx: &CanvasRenderingContext2d,
    marks: &[Mark],
    scene: &Scene,
    g: &Geometry,
    ink: &Ink,
) {
    let base = g.bars_inner + 1.0;
    let short = (g.bars_max * 0.18).max(4.0);
    let long = (g.bars_max * 0.55).max(10.0);
    let moving = scene.arcs_after.is_some();
    let n = scene.colors.len();
    let slot = |node: u32| if node == NO_OWNER { n } else { node as usize };
    let (mut stay, mut moved): (Vec<Vec<f32>>, Vec<Vec<f32>>) =
        (vec![Vec::new(); n + 1], vec![Vec::new(); n + 1]);
    for m in marks {
        match m.moved_to {
            Some(to) => push_segment(&mut moved[slot(to)], g, base, base + long, m.turn),
            None => push_segment(
                &mut stay[if moving { n } else { slot(m.owner) }],
                g,
                base,
                base + short,
                m.turn,
            ),
        }
    }
    ctx.set_line_width(1.2);
    stroke_groups(ctx, &stay, &scene.colors, ink.stay);
    ctx.set_line_width(1.6);
    stroke_groups(ctx, &moved, &scene.colors, ink.moved);
}

/// Keys per degree as radial bars stacked by owner; with a change, grey bars with the moved part
/// stacked by the node it moved to.
/// The shortest segment of a stacked key bar, in CSS pixels.
const STACK_MIN_PX: f64 = 2.0;

fn draw_bars(ctx: &CanvasRenderingContext2d, scene: &Scene, g: &Geometry, ink: &Ink) {
    if scene.max_bin == 0 {
        return;
    }
    let base = g.bars_inner + 1.0;
    let scale = g.bars_max / scene.max_bin as f64;
    ctx.set_line_width((std::f64::consts::TAU * base / BINS as f64 * 0.78).max(1.0));
    let turn_of = |i: usize| (i as f64 + 0.5) / BINS as f64;
    let side = scene.colors.len() + 1;
    // A bin's stack, a segment per node; segments under STACK_MIN_PX join the next one (the bar keeps its
    // height), so that a bin where nearly every node's keys moved (hash % N) is not a hundred sub-pixel
    // strokes.
    let stacked = |stacks: &[u32]| {
        let mut groups: Vec<Vec<f32>> = vec![Vec::new(); side];
        for (i, bin) in stacks.chunks(side).enumerate() {
            let (mut from, mut to) = (base, base);
            let last = bin.iter().rposition(|&k| k > 0);
            for (node, &keys) in bin.iter().enumerate().filter(|(_, &k)| k > 0) {
                to += keys as f64 * scale;
                if to - from >= STACK_MIN_PX || Some(node) == last {
                    push_segment(&mut groups[node], g, from, to, turn_of(i));
                    from = to;
                }
            }
        }
        groups
    };
    if scene.arcs_after.is_some() {
        let mut whole: Vec<Vec<f32>> = vec![Vec::new(); side];
        for (i, b) in scene.bins.iter().enumerate().filter(|(_, b)| b.keys > 0) {
            push_segment(
                &mut whole[side - 1],
                g,
                base,
                base + b.keys as f64 * scale,
                turn_of(i),
            );
        }
        stroke_groups(ctx, &whole, &scene.colors, ink.stay);
        stroke_groups(ctx, &stacked(&scene.moved_stacks), &scene.colors, ink.moved);
    } else {
        stroke_groups(ctx, &stacked(&scene.stacks), &scene.colors, ink.stay);
    }
}

fn draw_center(
    ctx: &CanvasRenderingContext2d,
    app: &App,
    scene: &Scene,
    g: &Geometry,
    ink: &Ink,
) -> Result<(), JsValue> {
    let p = app.params();
    let unit = (g.after_inner / 6.0).clamp(9.0, 22.0);
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    let mut lines: Vec<(String, f64, u32, &str)> = vec![
        (
            format!("{} keys", thousands(p.keys as u64)),
            unit * 1.1,
            700,
            ink.text,
        ),
        (structure_line(app), unit * 0.72, 400, ink.muted),
    ];
    if let Some(m) = &app.report().movement {
        lines.push((
            format!("{} moved", thousands(m.moved)),
            unit * 1.3,
            700,
            ink.moved,
        ));
        let what = match &p.change {
            Some(Change::Remove(n)) => format!("after removing {n}"),
            Some(Change::Add(n)) => format!("after adding {n}"),
            None => String::new(),
        };
        lines.push((what, unit * 0.72, 400, ink.muted));
    }
    if let Some(hot) = &scene.hot {
        let live: Vec<&str> = hot
            .live
            .iter()
            .map(|&id| scene.names.get(id as usize).map_or("?", String::as_str))
            .collect();
        let text = if live.is_empty() {
            format!("◆ {} (hot): no live replica", hot.key)
        } else {
            format!("◆ {} (hot) on {}", hot.key, live.join(", "))
        };
        lines.push((text, unit * 0.72, 600, ink.moved));
    }
    let total: f64 = lines.iter().map(|l| l.1 * 1.3).sum();
    let mut y = g.cy - total / 2.0;
    for (text, px, weight, color) in &lines {
        y += px * 0.65;
        ctx.set_font(&font(*px, *weight));
        ctx.set_fill_style_str(color);
        ctx.fill_text(text, g.cx, y)?;
        y += px * 0.65;
    }
    Ok(())
}

/// Node colours (first few) and what the band, ticks and keys mean.
fn draw_legend(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene,
    size: f64,
    ink: &Ink,
) -> Result<(), JsValue> {
    let px = (size / 48.0).clamp(10.0, 13.0);
    ctx.set_font(&font(px, 400));
    ctx.set_text_align("left");
    ctx.set_text_baseline("middle");
    let shown = scene.names.len().min(8);
    let mut y = px;
    for (id, (name, color)) in scene
        .names
        .iter()
        .zip(&scene.colors)
        .enumerate()
        .take(shown)
    {
        ctx.set_fill_style_str(color);
        ctx.fill_rect(4.0, y - px * 0.4, px * 0.8, px * 0.8);
        ctx.set_fill_style_str(ink.text);
        let down = scene.down.get(id).copied().unwrap_or(false);
        let text = if down {
            format!("{name} (down)")
        } else {
            name.clone()
        };
        ctx.fill_text(&text, 4.0 + px * 1.2, y)?;
        y += px * 1.35;
    }
    if scene.names.len() > shown {
        ctx.set_fill_style_str(ink.muted);
        ctx.fill_text(&format!("+ {} more", scene.names.len() - shown), 4.0, y)?;
    }
    let marked = scene.marks.is_some();
    let changing = scene.arcs_after.is_some();
    let (band, ticks) = legend_band(&scene.band);
    let mut notes: Vec<(String, Option<&str>)> = Vec::new();
    if !band.is_empty() {
        if changing {
            notes.push(("outer band: before the change".into(), None));
            notes.push(("inner band: after it".into(), None));
            if scene.removing {
                notes.push(("dashed: the node removed".into(), None));
            }
        } else {
            notes.push((format!("band: {band}"), None));
        }
    }
    if !ticks.is_empty() {
        notes.push((format!("ticks: {ticks}"), None));
    }
    // Failures and the hot key, top right.
    let mut service: Vec<&str> = Vec::new();
    if scene.down.iter().any(|&d| d) && !band.is_empty() {
        service.push("dotted: nodes down");
    }
    if scene.unavailable.iter().any(|&n| n > 0) {
        service.push("inner marks: no live replica");
    }
    if scene.hot.is_some() {
        service.push("◆ the hottest key");
    }
    ctx.set_text_align("right");
    ctx.set_fill_style_str(ink.muted);
    for (i, text) in service.iter().enumerate() {
        ctx.fill_text(text, size - 4.0, px + i as f64 * px * 1.35)?;
    }
    ctx.set_text_align("left");
    if changing {
        notes.push((
            (if marked {
                "short grey: keys that stay"
            } else {
                "grey bars: keys that stay"
            })
            .into(),
            Some(ink.stay),
        ));
        notes.push((
            (if marked {
                "long: moved, in new owner's colour"
            } else {
                "coloured bars: moved, by new owner"
            })
            .into(),
            None,
        ));
    } else {
        notes.push((
            (if marked {
                "outer marks: one per key"
            } else {
                "bars: keys per degree, by owner"
            })
            .into(),
            None,
        ));
    }
    let mut y = size - px * (notes.len() as f64 * 1.35 - 0.35);
    for (text, swatch) in notes {
        let x = if let Some(c) = swatch {
            ctx.set_fill_style_str(c);
            ctx.fill_rect(4.0, y - px * 0.4, px * 0.8, px * 0.8);
            4.0 + px * 1.2
        } else {
            4.0
        };
        ctx.set_fill_style_str(ink.muted);
        ctx.fill_text(&text, x, y)?;
        y += px * 1.35;
    }
    Ok(())
}
