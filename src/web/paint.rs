//! Canvas helpers shared by the pictures: the palettes that are not node colours, fonts, and drawing many
//! segments in one call.

use crate::geometry::point;
use crate::layout::Geometry;
use wasm_bindgen::prelude::*;
use web_sys::CanvasRenderingContext2d;

pub(super) use ring_dom::{context_2d, css_size, fit_canvas, font, ink, Ink};

/// Strokes segment lists made per node id plus one extra list at the end: list `i` in `colors[i]`, the
/// extra one in `extra`.
pub(super) fn stroke_groups(
    ctx: &CanvasRenderingContext2d,
    groups: &[Vec<f32>],
    colors: &[String],
    extra: &str,
) {
    let colors = colors.iter().map(String::as_str).chain([extra]);
    for (xy, color) in groups.iter().zip(colors) {
        ctx.set_stroke_style_str(color);
        stroke_segments(ctx, xy);
    }
}

/// Appends the radial segment from `inner` to `outer` at `turn` as `x0, y0, x1, y1`.
pub(super) fn push_segment(xy: &mut Vec<f32>, g: &Geometry, inner: f64, outer: f64, turn: f64) {
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
    pub(super) fn stroke_segments(ctx: &CanvasRenderingContext2d, xy: &[f32]);
}
