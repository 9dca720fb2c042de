//! Hit-testing the picture: which arc is under the pointer, its outline on the hover canvas, and the tip
//! that names it.

use super::super::dom;
use super::RingView;
use crate::app::{App, ArcInfo};
use crate::geometry::{point, radians, turn_at};
use crate::layout::Geometry;
use crate::stats::fixed;
use wasm_bindgen::prelude::*;

/// How near the hottest key's marker (CSS pixels) the pointer names it.
const HOT_REACH_PX: f64 = 9.0;

impl RingView {
    /// Shows which virtual node owns the arc under the pointer at `(x, y)` (CSS pixels in the canvas):
    /// an outline on the arc and a tip with its `"node:i"`, share of the ring and keys. The inner band
    /// is the ring after the change.
    pub(in crate::web) fn hover(
        &self,
        app: &App,
        x: f64,
        y: f64,
    ) -> Result<Option<String>, JsValue> {
        let g = Geometry::fit(self.size_px);
        let (dx, dy) = (x - g.cx, y - g.cy);
        let r = dx.hypot(dy);
        let changing = app.changing() && app.arcs(true) > 0;
        let inner = if changing {
            g.after_inner
        } else {
            g.band_inner
        };
        if r < inner - 6.0 || r > g.bars_inner + g.bars_max {
            self.unhover();
            return Ok(None);
        }
        // The hottest key's marker first: it sits on the bars' inner edge.
        if let Some((turn, text)) = app.hot_mark() {
            let (hx, hy) = point(g.cx, g.cy, g.bars_inner - 2.0, turn);
            if (x - hx).hypot(y - hy) <= HOT_REACH_PX {
                self.hover_ctx
                    .clear_rect(0.0, 0.0, self.size_px, self.size_px);
                return self.show_tip(&text, "", x, y);
            }
        }
        let at = turn_at(g.cx, g.cy, x, y);
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

        let rest = arc.tip(app.names(), after);
        self.show_tip(&arc.vnode, &rest, x, y)
    }

    /// Shows the tip near `(x, y)`: `strong` in bold, then `rest`; returns what it says.
    fn show_tip(
        &self,
        strong: &str,
        rest: &str,
        x: f64,
        y: f64,
    ) -> Result<Option<String>, JsValue> {
        let tip = &self.tip;
        tip.set_text_content(None);
        let doc = dom::document()?;
        dom::append(&doc, tip, "strong", "", strong)?;
        tip.append_with_str_1(rest)?;
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
        style.set_property("left", &format!("{}px", fixed(left.max(0.0), 0)))?;
        style.set_property("top", &format!("{}px", fixed(top.max(0.0), 0)))?;
        Ok(tip.text_content())
    }

    /// Where the pointer would be to hover `arc` of the ring before the change: the middle of the arc, on
    /// its band (CSS pixels in the canvas).
    pub(in crate::web) fn point_of_arc(&self, arc: &ArcInfo) -> (f64, f64) {
        let g = Geometry::fit(self.size_px);
        let middle = (g.band_outer + g.band_inner) / 2.0;
        point(g.cx, g.cy, middle, arc.start + arc.share / 2.0)
    }

    /// Hides the hover outline and tip.
    pub(in crate::web) fn unhover(&self) {
        self.hover_ctx
            .clear_rect(0.0, 0.0, self.size_px.max(1.0), self.size_px.max(1.0));
        self.tip.set_hidden(true);
    }
}

impl crate::web::Page {
    /// Outlines the arc under the pointer and names its virtual node (no change of state).
    pub(crate) fn hover(&self, x: f64, y: f64) {
        if let (Ok(view), Ok(app)) = (self.view.try_borrow(), self.app.try_borrow()) {
            if let Err(e) = view.ring.hover(&app, x, y) {
                web_sys::console::error_2(&"ring playground: hover failed".into(), &e);
            }
        }
    }

    /// Keyboard on the ring: moves to the next (`step` 1) or previous (-1) virtual node clockwise, or to
    /// the first (`i64::MIN`) or last (`i64::MAX`), shows it as hovering would, and says it.
    pub(crate) fn step_ring(&self, step: i64) {
        let (Ok(view), Ok(app)) = (self.view.try_borrow(), self.app.try_borrow()) else {
            return;
        };
        let len = app.arcs(false) as i64;
        if len == 0 {
            view.experiment.say(&format!(
                "{} has no structure to step through (each key's node is a formula of the key and the \
                 node list); the load table and the comparison give its numbers.",
                app.strategy().title()
            ));
            return;
        }
        let ring = app.ring_before().is_some();
        let slot = match (step, self.ring_slot.get()) {
            (i64::MIN, _) => 0,
            (i64::MAX, _) => len - 1,
            (s, None) => {
                if s > 0 {
                    0
                } else {
                    len - 1
                }
            }
            (s, Some(j)) => (j as i64 + s).rem_euclid(len),
        } as usize;
        self.ring_slot.set(Some(slot));
        if let Some((x, y)) = app.arc(slot, false).map(|arc| view.ring.point_of_arc(&arc)) {
            match view.ring.hover(&app, x, y) {
                Ok(Some(text)) if ring => view
                    .experiment
                    .say(&format!("Virtual node {} of {len}: {text}", slot + 1)),
                Ok(Some(text)) => view.experiment.say(&text),
                Ok(None) => {}
                Err(e) => web_sys::console::error_2(&"ring playground: hover failed".into(), &e),
            }
        }
    }
}
