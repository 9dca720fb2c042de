//! The "Why virtual nodes?" panel: how unevenly the keys spread over the nodes with 1 to 1000 virtual
//! nodes each, with the current setting marked.

use super::dom;
use super::paint::{context_2d, fit_canvas, font, Ink};
use crate::app::App;
use crate::layout::CurveFrame;
use crate::stats::{fixed, percent};
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, Document, Element, HtmlCanvasElement, Window};

pub(super) struct CurveView {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    values: Element,
}

impl CurveView {
    pub(super) fn find(doc: &Document) -> Result<CurveView, JsValue> {
        let canvas: HtmlCanvasElement = dom::by_id(doc, dom::CURVE)?;
        Ok(CurveView {
            ctx: context_2d(&canvas)?,
            canvas,
            values: dom::by_id(doc, dom::CURVE_VALUES)?,
        })
    }

    /// The canvas's size in CSS pixels (read before the page's other panels change, so that reading it
    /// does not force a layout of their new contents).
    pub(super) fn size(&self) -> (f64, f64) {
        super::paint::css_size(&self.canvas)
    }

    /// Draws the curve in a canvas of `size` CSS pixels. Until the curve for the current nodes and keys is
    /// computed, the last one is drawn faded.
    pub(super) fn render(
        &self,
        window: &Window,
        app: &App,
        ink: &Ink,
        (w, h): (f64, f64),
    ) -> Result<(), JsValue> {
        fit_canvas(window, &self.canvas, &self.ctx, w, h)?;
        let ctx = &self.ctx;
        ctx.clear_rect(0.0, 0.0, w, h);
        let fresh = app.curve().is_some();
        let Some(points) = app.curve().or(app.last_curve()) else {
            return Ok(());
        };
        let largest = points
            .iter()
            .map(|p| p.balance.std_dev_over_mean)
            .fold(0.0, f64::max);
        let f = CurveFrame::fit(w, h, largest);
        ctx.set_font(&font(11.0, 400));
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
            ctx.fill_text(&format!("{} %", fixed(v * 100.0, 0)), f.left - 6.0, y)?;
        }
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
            self.values.set_text_content(Some(&format!(
                "Spread by virtual nodes per node — {}.",
                values.join(", ")
            )));
            self.values.set_attribute("data-ready", "true")?;
        } else {
            self.values
                .set_text_content(Some("Computing when the sliders rest…"));
            self.values.remove_attribute("data-ready")?;
        }
        Ok(())
    }
}
