//! The picture: the chosen strategy's structure on a circle (the ring's arcs and virtual nodes, ketama's
//! points, a shard map, Maglev's table, ranges), every key or keys per degree, and what a change moves.
//! [`draw`] paints it on a canvas, [`hover`] hit-tests the pointer and outlines the arc under it, and
//! [`text`] writes the text alternatives (the caption, the summary for screen readers, the picture as a
//! table).

mod draw;
mod hover;
mod text;

use super::dom;
use super::paint::{context_2d, font, Ink};
use crate::app::App;
use crate::layout::Scene;
use crate::stats::{fixed, thousands};
use draw::paint;
use text::{experiment_line, structure_line};
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
            ink: &ring_dom::LIGHT,
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
        // Where the hottest key's marker is (CSS pixels in the canvas), for tools and tests.
        match app.hot_mark() {
            Some((turn, _)) => {
                let g = crate::layout::Geometry::fit(self.size_px);
                let (x, y) = crate::geometry::point(g.cx, g.cy, g.bars_inner - 2.0, turn);
                self.canvas
                    .set_attribute("data-hot", &format!("{},{}", fixed(x, 1), fixed(y, 1)))?;
            }
            None => self.canvas.remove_attribute("data-hot")?,
        }
        self.render_caption(app, scene);
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

    /// The picture of `scene` at twice the canvas's resolution, with the legend and the experiment
    /// written under it, on a canvas of its own (encoded by the caller, off the main thread).
    pub(super) fn picture_canvas(
        &self,
        doc: &Document,
        app: &App,
        scene: &Scene,
    ) -> Result<HtmlCanvasElement, JsValue> {
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
        paint(&ctx, app, scene, ink, size, true)?;
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
        Ok(canvas)
    }
}
