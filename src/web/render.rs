//! Drawing: the canvas from a [`Scene`], and the experiment panel and load table as DOM text.

use super::dom;
use crate::app::{App, ArcInfo, NodeRow};
use crate::layout::{point, radians, Arc, CurveFrame, Geometry, Mark, Scene, BINS};
use crate::params::Change;
use crate::ring::NO_OWNER;
use crate::stats::{percent, signed_percent, thousands, Balance, Movement};
use wasm_bindgen::prelude::*;
use web_sys::{
    CanvasRenderingContext2d, Document, Element, HtmlCanvasElement, HtmlElement, Window,
};

/// The elements drawn into.
pub(super) struct View {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    /// A canvas over the ring for the hovered arc, so hovering never redraws the ring.
    hover: HtmlCanvasElement,
    hover_ctx: CanvasRenderingContext2d,
    tip: HtmlElement,
    /// CSS size and palette of the last drawing, for hit-testing and the hover outline.
    size_px: f64,
    dark: bool,
    caption: Element,
    summary_text: Element,
    experiment: Element,
    load_head: Element,
    load_body: Element,
    summary: Element,
    /// A polite live region: the experiment's result, said once per change of result.
    live: Element,
    curve: HtmlCanvasElement,
    curve_ctx: CanvasRenderingContext2d,
    curve_values: Element,
}

/// Smallest canvas (CSS pixels) that gets a legend in its corners.
const LEGEND_MIN_PX: f64 = 460.0;

/// Colours that are not node colours.
struct Ink {
    text: &'static str,
    muted: &'static str,
    faint: &'static str,
    stay: &'static str,
    moved: &'static str,
}

const LIGHT: Ink = Ink {
    text: "#1d232b",
    muted: "#5b6570",
    faint: "#e6e8eb",
    stay: "#c9ced4",
    moved: "#b3261e",
};
const DARK: Ink = Ink {
    text: "#e6e8eb",
    muted: "#9aa4ae",
    faint: "#2a3038",
    stay: "#4a525c",
    moved: "#f28b82",
};

impl View {
    pub(super) fn find(doc: &Document) -> Result<View, JsValue> {
        let canvas: HtmlCanvasElement = dom::by_id(doc, dom::RING)?;
        let context = |c: &HtmlCanvasElement| -> Result<CanvasRenderingContext2d, JsValue> {
            Ok(c.get_context("2d")?
                .ok_or("this browser has no 2D canvas")?
                .dyn_into::<CanvasRenderingContext2d>()?)
        };
        let hover: HtmlCanvasElement = dom::by_id(doc, dom::RING_HOVER)?;
        let curve: HtmlCanvasElement = dom::by_id(doc, dom::CURVE)?;
        Ok(View {
            ctx: context(&canvas)?,
            hover_ctx: context(&hover)?,
            canvas,
            hover,
            tip: dom::by_id(doc, dom::RING_TIP)?,
            size_px: 0.0,
            dark: false,
            caption: dom::by_id(doc, dom::RING_CAPTION)?,
            summary_text: dom::by_id(doc, dom::RING_SUMMARY)?,
            experiment: dom::by_id(doc, dom::EXPERIMENT_BODY)?,
            load_head: dom::by_id(doc, dom::LOAD_HEAD)?,
            load_body: dom::by_id(doc, dom::LOAD_BODY)?,
            summary: dom::by_id(doc, dom::SUMMARY)?,
            live: dom::by_id(doc, dom::LIVE)?,
            curve_ctx: context(&curve)?,
            curve,
            curve_values: dom::by_id(doc, dom::CURVE_VALUES)?,
        })
    }

    /// Redraws everything from `app`.
    pub(super) fn render(
        &mut self,
        window: &Window,
        doc: &Document,
        app: &App,
    ) -> Result<(), JsValue> {
        let scene = Scene::of(app);
        let dark = window
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches());
        self.dark = dark;
        self.draw_canvas(window, app, &scene, if dark { &DARK } else { &LIGHT })?;
        self.unhover();
        self.render_caption(app, &scene);
        self.render_experiment(doc, app, &scene)?;
        self.render_table(doc, app, &scene)?;
        self.render_curve(window, app)?;
        Ok(())
    }

    /// The balance curve: spread of the load by virtual nodes, with the current setting marked. Until
    /// the curve for the current nodes and keys is computed, the last one is drawn faded.
    pub(super) fn render_curve(&self, window: &Window, app: &App) -> Result<(), JsValue> {
        let rect = self.curve.get_bounding_client_rect();
        let (w, h) = (rect.width().max(200.0), rect.height().max(100.0));
        let dpr = window.device_pixel_ratio().max(1.0);
        let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
        if self.curve.width() != pw || self.curve.height() != ph {
            self.curve.set_width(pw);
            self.curve.set_height(ph);
        }
        let ctx = &self.curve_ctx;
        ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)?;
        ctx.clear_rect(0.0, 0.0, w, h);
        let ink = if self.dark { &DARK } else { &LIGHT };
        let fresh = app.curve().is_some();
        let Some(points) = app.curve().or(app.last_curve()) else {
            return Ok(());
        };
        let largest = points
            .iter()
            .map(|p| p.balance.std_dev_over_mean)
            .fold(0.0, f64::max);
        let f = CurveFrame::fit(w, h, largest);
        ctx.set_font("400 11px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif");
        ctx.set_line_width(1.0);
        // Grid and axis labels.
        ctx.set_text_baseline("middle");
        ctx.set_text_align("right");
        for i in 0..=4 {
            let v = f.y_max * i as f64 / 4.0;
            let y = f.y(v);
            ctx.set_stroke_style_str(ink.faint);
            ctx.begin_path();
            ctx.move_to(f.left, y);
            ctx.line_to(f.right, y);
            ctx.stroke();
            ctx.set_fill_style_str(ink.muted);
            ctx.fill_text(&format!("{:.0} %", v * 100.0), f.left - 6.0, y)?;
        }
        ctx.set_text_align("center");
        ctx.set_text_baseline("top");
        // The end labels sit inside the plot so that none is cut off.
        for (v, align) in [
            (1, "left"),
            (10, "center"),
            (100, "center"),
            (1000, "right"),
        ] {
            ctx.set_text_align(align);
            ctx.fill_text(&v.to_string(), f.x(v), f.bottom + 6.0)?;
        }
        // The current setting.
        let now = app.params().vnodes;
        ctx.set_stroke_style_str(ink.moved);
        ctx.set_line_width(1.5);
        ctx.begin_path();
        ctx.move_to(f.x(now), f.top);
        ctx.line_to(f.x(now), f.bottom);
        ctx.stroke();
        // The curve.
        ctx.set_global_alpha(if fresh { 1.0 } else { 0.35 });
        ctx.set_stroke_style_str(ink.text);
        ctx.set_fill_style_str(ink.text);
        ctx.set_line_width(2.0);
        ctx.begin_path();
        for (i, p) in points.iter().enumerate() {
            let (x, y) = (f.x(p.vnodes), f.y(p.balance.std_dev_over_mean));
            if i == 0 {
                ctx.move_to(x, y);
            } else {
                ctx.line_to(x, y);
            }
        }
        ctx.stroke();
        for p in points {
            ctx.begin_path();
            ctx.arc(
                f.x(p.vnodes),
                f.y(p.balance.std_dev_over_mean),
                3.0,
                0.0,
                std::f64::consts::TAU,
            )?;
            ctx.fill();
        }
        ctx.set_global_alpha(1.0);
        if fresh {
            let values: Vec<String> = points
                .iter()
                .map(|p| format!("{}: {}", p.vnodes, percent(p.balance.std_dev_over_mean)))
                .collect();
            self.curve_values.set_text_content(Some(&format!(
                "Spread by virtual nodes per node — {}.",
                values.join(", ")
            )));
            self.curve_values.set_attribute("data-ready", "true")?;
        } else {
            self.curve_values
                .set_text_content(Some("Computing when the sliders rest…"));
            self.curve_values.remove_attribute("data-ready")?;
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
        let g = Geometry::fit(size);
        ctx.set_line_cap("butt");

        // Faint guide circle under the key bars.
        ctx.set_stroke_style_str(ink.faint);
        ctx.set_line_width(1.0);
        ctx.begin_path();
        ctx.arc(g.cx, g.cy, g.bars_inner, 0.0, std::f64::consts::TAU)?;
        ctx.stroke();

        let band = g.band_outer - g.band_inner;
        self.draw_arcs(
            &scene.arcs,
            scene,
            (g.band_outer + g.band_inner) / 2.0,
            band,
            &g,
        )?;
        if let Some(after) = &scene.arcs_after {
            self.draw_arcs(
                after,
                scene,
                (g.band_inner + g.after_inner) / 2.0 - 1.0,
                band - 2.0,
                &g,
            )?;
        }
        self.draw_ticks(scene, &g);
        match &scene.marks {
            Some(marks) => self.draw_marks(marks, scene, &g, ink),
            None => self.draw_bars(scene, &g, ink),
        }
        self.draw_center(app, &g, ink)?;
        self.draw_legend(scene, size, ink)?;
        Ok(())
    }

    /// Ownership arcs, one path per node.
    fn draw_arcs(
        &self,
        arcs: &[Arc],
        scene: &Scene,
        radius: f64,
        width: f64,
        g: &Geometry,
    ) -> Result<(), JsValue> {
        let ctx = &self.ctx;
        ctx.set_line_width(width);
        for (node, color) in scene.colors.iter().enumerate() {
            ctx.begin_path();
            let mut any = false;
            for a in arcs.iter().filter(|a| a.node == node as u32) {
                let (x, y) = point(g.cx, g.cy, radius, a.start);
                ctx.move_to(x, y);
                ctx.arc(g.cx, g.cy, radius, radians(a.start), radians(a.end))?;
                any = true;
            }
            if any {
                ctx.set_stroke_style_str(color);
                ctx.stroke();
            }
        }
        Ok(())
    }

    /// Every virtual node as a tick in its node's colour; the changed node's ticks longer and bolder.
    fn draw_ticks(&self, scene: &Scene, g: &Geometry) {
        let ctx = &self.ctx;
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
    fn draw_marks(&self, marks: &[Mark], scene: &Scene, g: &Geometry, ink: &Ink) {
        let ctx = &self.ctx;
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
        stroke_groups(ctx, &stay, scene, ink.stay);
        ctx.set_line_width(1.6);
        stroke_groups(ctx, &moved, scene, ink.moved);
    }

    /// Keys per degree as radial bars; with a change, moved keys in their new owner's colour, the rest grey.
    fn draw_bars(&self, scene: &Scene, g: &Geometry, ink: &Ink) {
        if scene.max_bin == 0 {
            return;
        }
        let ctx = &self.ctx;
        let base = g.bars_inner + 1.0;
        let scale = g.bars_max / scene.max_bin as f64;
        ctx.set_line_width((std::f64::consts::TAU * base / BINS as f64 * 0.78).max(1.0));
        let turn_of = |i: usize| (i as f64 + 0.5) / BINS as f64;
        let moving = scene.arcs_after.is_some();
        // Whole bars: in the owner's colour, or grey under an experiment.
        let mut whole: Vec<Vec<f32>> = vec![Vec::new(); scene.colors.len() + 1];
        // Moved part of each bar, by the node it moved to; the last list is "no node left".
        let mut moved: Vec<Vec<f32>> = vec![Vec::new(); scene.colors.len() + 1];
        let slot = |node: u32| {
            if node == NO_OWNER {
                scene.colors.len()
            } else {
                node as usize
            }
        };
        for (i, b) in scene.bins.iter().enumerate().filter(|(_, b)| b.keys > 0) {
            let group = if moving {
                scene.colors.len()
            } else {
                slot(b.owner)
            };
            push_segment(
                &mut whole[group],
                g,
                base,
                base + b.keys as f64 * scale,
                turn_of(i),
            );
            if b.moved > 0 {
                push_segment(
                    &mut moved[slot(b.moved_to)],
                    g,
                    base,
                    base + b.moved as f64 * scale,
                    turn_of(i),
                );
            }
        }
        stroke_groups(ctx, &whole, scene, ink.stay);
        stroke_groups(ctx, &moved, scene, ink.moved);
    }

    fn draw_center(&self, app: &App, g: &Geometry, ink: &Ink) -> Result<(), JsValue> {
        let ctx = &self.ctx;
        let p = app.params();
        let unit = (g.after_inner / 6.0).clamp(9.0, 22.0);
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        let font = |px: f64, weight: u32| {
            format!("{weight} {px:.0}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif")
        };
        let mut lines: Vec<(String, f64, u32, &str)> = vec![
            (
                format!("{} keys", thousands(p.keys as u64)),
                unit * 1.1,
                700,
                ink.text,
            ),
            (
                format!(
                    "{} nodes × {} virtual",
                    p.nodes.len(),
                    thousands(p.vnodes as u64)
                ),
                unit * 0.72,
                400,
                ink.muted,
            ),
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

    /// Node colours (first few) and, under an experiment, what the bars mean.
    fn draw_legend(&self, scene: &Scene, size: f64, ink: &Ink) -> Result<(), JsValue> {
        // On a small canvas the corners are too tight; the table and caption carry the same key.
        if size < LEGEND_MIN_PX {
            return Ok(());
        }
        let ctx = &self.ctx;
        let px = (size / 48.0).clamp(10.0, 13.0);
        ctx.set_font(&format!(
            "400 {px:.0}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
        ));
        ctx.set_text_align("left");
        ctx.set_text_baseline("middle");
        let shown = scene.names.len().min(8);
        let mut y = px;
        for (name, color) in scene.names.iter().zip(&scene.colors).take(shown) {
            ctx.set_fill_style_str(color);
            ctx.fill_rect(4.0, y - px * 0.4, px * 0.8, px * 0.8);
            ctx.set_fill_style_str(ink.text);
            ctx.fill_text(name, 4.0 + px * 1.2, y)?;
            y += px * 1.35;
        }
        if scene.names.len() > shown {
            ctx.set_fill_style_str(ink.muted);
            ctx.fill_text(&format!("+ {} more", scene.names.len() - shown), 4.0, y)?;
        }
        let marked = scene.marks.is_some();
        let mut notes = vec![
            ("outer band: owner of each arc", None),
            ("ticks: virtual nodes", None),
        ];
        if scene.arcs_after.is_some() {
            notes = vec![
                ("outer band: owners before", None),
                ("inner band: owners after", None),
                (
                    if marked {
                        "short grey: keys that stay"
                    } else {
                        "grey bars: keys that stay"
                    },
                    Some(ink.stay),
                ),
                (
                    if marked {
                        "long: moved, in new owner's colour"
                    } else {
                        "coloured bars: moved, by new owner"
                    },
                    None,
                ),
            ];
        } else {
            notes.push((
                if marked {
                    "outer marks: one per key"
                } else {
                    "bars: keys per degree"
                },
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
            ctx.fill_text(text, x, y)?;
            y += px * 1.35;
        }
        Ok(())
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
        ctx.set_stroke_style_str(if self.dark { DARK.text } else { LIGHT.text });
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
        ctx.set_stroke_style_str(if self.dark { DARK.text } else { LIGHT.text });
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

    /// Says `text` in the polite status region.
    pub(super) fn say(&self, text: &str) {
        self.live.set_text_content(Some(text));
    }

    /// Hides the hover outline and tip.
    pub(super) fn unhover(&self) {
        self.hover_ctx
            .clear_rect(0.0, 0.0, self.size_px.max(1.0), self.size_px.max(1.0));
        self.tip.set_hidden(true);
    }

    fn render_caption(&self, app: &App, scene: &Scene) {
        let p = app.params();
        let mut text = format!(
            "Hash ring of {} with {} virtual nodes each ({} ticks) and {} keys.",
            p.nodes.join(", "),
            thousands(p.vnodes as u64),
            thousands(scene.ticks.len() as u64),
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
        self.summary_text.set_text_content(Some(&text));
        let legend = match (scene.arcs_after.is_some(), scene.marks.is_some()) {
            (true, false) => {
                "Outer band: which node owns each stretch of the ring before the change; inner band: after it. \
                 Ticks: virtual nodes. Bars: keys per degree of the ring; the coloured part of a bar moved, \
                 in the colour of the node it moved to."
            }
            (true, true) => {
                "Outer band: which node owns each stretch of the ring before the change; inner band: after it. \
                 Ticks: virtual nodes. Outer marks: every key at its place; long marks moved, in the colour of \
                 the node they moved to; short grey ones stay."
            }
            (false, false) => {
                "Band: which node owns each stretch of the ring (a key belongs to the next virtual node \
                 clockwise). Ticks: virtual nodes. Bars: keys per degree of the ring, in their owner's colour."
            }
            (false, true) => {
                "Band: which node owns each stretch of the ring (a key belongs to the next virtual node \
                 clockwise). Ticks: virtual nodes. Outer marks: every key at its place, in its owner's colour."
            }
        };
        self.caption.set_text_content(Some(legend));
    }

    fn render_experiment(&self, doc: &Document, app: &App, scene: &Scene) -> Result<(), JsValue> {
        let body = &self.experiment;
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
        big.append_with_str_1(&format!(
            " of {} keys ({}).",
            thousands(keys),
            frac(m.moved)
        ))?;

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
        self.render_flows(doc, m, scene)?;
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
            dom::append(doc, &self.experiment, "p", "hint", &intro)?;
            let list = dom::append(doc, &self.experiment, "ul", "moved-keys", "")?;
            let name = |id: u32| {
                scene
                    .names
                    .get(id as usize)
                    .map_or("(no node)", String::as_str)
            };
            for ex in &m.examples {
                let li = dom::append(doc, &list, "li", "", "")?;
                li.set_attribute("data-key", &format!("user_{}", ex.key))?;
                dom::append(doc, &li, "code", "", &format!("user_{}", ex.key))?;
                li.append_with_str_1(&format!(" {} → {}", name(ex.from), name(ex.to)))?;
            }
        }
        Ok(())
    }

    fn render_flows(&self, doc: &Document, m: &Movement, scene: &Scene) -> Result<(), JsValue> {
        if m.flows.is_empty() {
            return Ok(());
        }
        let body = &self.experiment;
        dom::append(doc, body, "p", "hint", "Where the moved keys went:")?;
        let table = dom::append(doc, body, "table", "flows", "")?;
        let head = dom::append(doc, &table, "thead", "", "")?;
        let tr = dom::append(doc, &head, "tr", "", "")?;
        for h in ["From", "", "To", "Keys"] {
            dom::append(doc, &tr, "th", "", h)?;
        }
        let tbody = dom::append(doc, &table, "tbody", "", "")?;
        let name = |id: u32| {
            scene
                .names
                .get(id as usize)
                .map_or("(no node)", String::as_str)
        };
        for f in m.flows.iter().take(24) {
            let tr = dom::append(doc, &tbody, "tr", "", "")?;
            tr.set_attribute("data-from", name(f.from))?;
            tr.set_attribute("data-to", name(f.to))?;
            tr.set_attribute("data-keys", &f.keys.to_string())?;
            node_cell(doc, &tr, scene, f.from)?;
            dom::append(doc, &tr, "td", "", "→")?;
            node_cell(doc, &tr, scene, f.to)?;
            dom::append(doc, &tr, "td", "", &thousands(f.keys))?;
        }
        if m.flows.len() > 24 {
            dom::append(
                doc,
                body,
                "p",
                "hint",
                &format!("… and {} smaller flows.", m.flows.len() - 24),
            )?;
        }
        Ok(())
    }

    fn render_table(&self, doc: &Document, app: &App, scene: &Scene) -> Result<(), JsValue> {
        let report = app.report();
        let changing = report.movement.is_some();
        self.load_head.set_text_content(None);
        if changing {
            let tr = dom::append(doc, &self.load_head, "tr", "group", "")?;
            dom::append(doc, &tr, "td", "", "")?;
            for (label, span) in [("Before", "3"), ("After the change", "3")] {
                let th = dom::append(doc, &tr, "th", "", label)?;
                th.set_attribute("colspan", span)?;
                th.set_attribute("scope", "colgroup")?;
            }
        }
        let tr = dom::append(doc, &self.load_head, "tr", "", "")?;
        let mut heads = vec!["Node", "Keys", "Share", "vs ideal"];
        if changing {
            heads.extend(["Keys", "Change", "vs ideal"]);
        }
        for h in heads {
            dom::append(doc, &tr, "th", "", h)?.set_attribute("scope", "col")?;
        }
        self.load_body.set_text_content(None);
        for (id, row) in report.rows.iter().enumerate() {
            self.render_row(doc, scene, id as u32, row, changing)?;
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
        scene: &Scene,
        id: u32,
        row: &NodeRow,
        changing: bool,
    ) -> Result<(), JsValue> {
        let tr = dom::append(doc, &self.load_body, "tr", "", "")?;
        tr.set_attribute("data-node", &row.name)?;
        tr.set_attribute("data-keys", &row.keys.unwrap_or(0).to_string())?;
        let dash = || "—".to_owned();
        node_cell(doc, &tr, scene, id)?;
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

/// Strokes segment lists made per node id plus one extra list at the end: list `i` in node `i`'s
/// colour, the extra one in `extra`.
fn stroke_groups(ctx: &CanvasRenderingContext2d, groups: &[Vec<f32>], scene: &Scene, extra: &str) {
    let colors = scene.colors.iter().map(String::as_str).chain([extra]);
    for (xy, color) in groups.iter().zip(colors) {
        ctx.set_stroke_style_str(color);
        stroke_segments(ctx, xy);
    }
}

/// Appends the radial segment from `inner` to `outer` at `turn` as `x0, y0, x1, y1`.
fn push_segment(xy: &mut Vec<f32>, g: &Geometry, inner: f64, outer: f64, turn: f64) {
    let (x0, y0) = point(g.cx, g.cy, inner, turn);
    let (x1, y1) = point(g.cx, g.cy, outer, turn);
    xy.extend([x0 as f32, y0 as f32, x1 as f32, y1 as f32]);
}

// Strokes many segments in one call: a loop in JavaScript costs far less than one call from wasm per
// `moveTo`/`lineTo` (100,000 virtual nodes are 200,000 such calls).
#[wasm_bindgen(inline_js = "export function strokeSegments(ctx, xy) {
  if (xy.length === 0) return;
  ctx.beginPath();
  for (let i = 0; i + 3 < xy.length; i += 4) { ctx.moveTo(xy[i], xy[i + 1]); ctx.lineTo(xy[i + 2], xy[i + 3]); }
  ctx.stroke();
}")]
extern "C" {
    #[wasm_bindgen(js_name = strokeSegments)]
    fn stroke_segments(ctx: &CanvasRenderingContext2d, xy: &[f32]);
}

/// A table cell with the node's colour swatch and name (as text).
fn node_cell(doc: &Document, tr: &Element, scene: &Scene, id: u32) -> Result<(), JsValue> {
    let td = dom::append(doc, tr, "td", "", "")?;
    if let Some(color) = scene.colors.get(id as usize) {
        let swatch = dom::append(doc, &td, "span", "swatch", "")?;
        // Through the CSSOM: the page's Content-Security-Policy forbids inline style attributes.
        swatch
            .dyn_ref::<web_sys::HtmlElement>()
            .ok_or("a span is an HTML element")?
            .style()
            .set_property("background", color)?;
        swatch.set_attribute("aria-hidden", "true")?;
    }
    td.append_with_str_1(
        scene
            .names
            .get(id as usize)
            .map_or("(no node)", String::as_str),
    )?;
    Ok(())
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

fn balance_text(b: &Balance) -> String {
    format!(
        "max/mean {:.3}, std dev {} of the mean ({} keys), min {} · max {}",
        b.max_over_mean,
        percent(b.std_dev_over_mean),
        thousands(b.std_dev.round() as u64),
        thousands(b.min),
        thousands(b.max)
    )
}

fn ratio(a: u64, b: u64) -> String {
    if b == 0 {
        "—".to_owned()
    } else {
        format!("{:.2}", a as f64 / b as f64)
    }
}
