//! Canvas helpers shared by the pictures: the palettes that are not node colours, fonts, and drawing many
//! segments in one call.

use crate::geometry::point;
use crate::layout::Geometry;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, Window};

/// Colours that are not node colours.
pub(super) struct Ink {
    pub text: &'static str,
    pub muted: &'static str,
    pub faint: &'static str,
    pub stay: &'static str,
    pub moved: &'static str,
    /// The panels' background.
    pub panel: &'static str,
}

pub(super) const LIGHT: Ink = Ink {
    text: "#1d232b",
    muted: "#5b6570",
    faint: "#e6e8eb",
    stay: "#c9ced4",
    moved: "#b3261e",
    panel: "#ffffff",
};
pub(super) const DARK: Ink = Ink {
    text: "#e6e8eb",
    muted: "#9aa4ae",
    faint: "#2a3038",
    stay: "#4a525c",
    moved: "#f28b82",
    panel: "#1d2127",
};

/// The palette for the system's colour scheme.
pub(super) fn ink(window: &Window) -> &'static Ink {
    let dark = window
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    if dark {
        &DARK
    } else {
        &LIGHT
    }
}

/// The page's font at `px` pixels and `weight`, for canvas text.
pub(super) fn font(px: f64, weight: u32) -> String {
    format!("{weight} {px:.0}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif")
}

/// A canvas's size in CSS pixels, at least 200 × 100 (read before other panels change, so that reading it
/// does not force a layout of their new contents).
pub(super) fn css_size(canvas: &web_sys::HtmlCanvasElement) -> (f64, f64) {
    let rect = canvas.get_bounding_client_rect();
    (rect.width().max(200.0), rect.height().max(100.0))
}

/// The 2D context of a canvas.
pub(super) fn context_2d(
    canvas: &web_sys::HtmlCanvasElement,
) -> Result<CanvasRenderingContext2d, JsValue> {
    Ok(canvas
        .get_context("2d")?
        .ok_or("this browser has no 2D canvas")?
        .dyn_into::<CanvasRenderingContext2d>()?)
}

/// Sizes `canvas` to `w × h` CSS pixels at the device's pixel ratio and sets the context to draw in CSS
/// pixels.
pub(super) fn fit_canvas(
    window: &Window,
    canvas: &web_sys::HtmlCanvasElement,
    ctx: &CanvasRenderingContext2d,
    w: f64,
    h: f64,
) -> Result<f64, JsValue> {
    let dpr = window.device_pixel_ratio().max(1.0);
    let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)?;
    Ok(dpr)
}

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
