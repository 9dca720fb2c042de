//! The "Staleness" view (`#pbs`): the PBS model for the watched key's R and the chosen latency
//! environment: how likely a read is stale (the closed form), how likely it is consistent t ms after the
//! write committed (the WARS Monte Carlo, drawn as a curve), when 99.9 % of reads are, what that costs in
//! latency, and the same for every (r, w) as the paper's Table 4 lays it out.

use super::dom;
use crate::model::View;
use crate::pbs::{ms_short as ms_text, Pbs};
use ring_dom::{context_2d, fit_canvas, font, Ink};
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, Document, Element, HtmlCanvasElement, Window};

pub(super) struct StalenessView {
    panel: Element,
    summary: Element,
    table_body: Element,
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    curve_values: Element,
}

/// Parts per million as a percentage with one decimal ("66.7 %").
fn ppm_text(ppm: u64) -> String {
    format!("{:.1} %", ppm as f64 / 10_000.0)
}

impl StalenessView {
    pub(super) fn find(doc: &Document) -> Result<StalenessView, JsValue> {
        let canvas: HtmlCanvasElement = dom::by_id(doc, dom::PBS_CURVE)?;
        Ok(StalenessView {
            panel: dom::by_id(doc, dom::PBS)?,
            summary: dom::by_id(doc, dom::PBS_SUMMARY)?,
            table_body: dom::by_id(doc, dom::PBS_BODY)?,
            ctx: context_2d(&canvas)?,
            canvas,
            curve_values: dom::by_id(doc, dom::PBS_CURVE_VALUES)?,
        })
    }

    /// The canvas's size in CSS pixels (read before the other panels change).
    pub(super) fn size(&self) -> (f64, f64) {
        ring_dom::css_size(&self.canvas)
    }

    pub(super) fn render(
        &self,
        window: &Window,
        doc: &Document,
        pbs: &Pbs,
        view: &View,
        ink: &Ink,
        size: (f64, f64),
    ) -> Result<(), JsValue> {
        let (r, w) = (view.read.min(pbs.replicas), view.write.min(pbs.replicas));
        let row = pbs.row(r, w);
        for (attr, value) in [
            ("data-replicas", pbs.replicas.to_string()),
            ("data-lat", pbs.env.name().to_owned()),
            ("data-trials", pbs.trials.to_string()),
            ("data-r", r.to_string()),
            ("data-w", w.to_string()),
        ] {
            self.panel.set_attribute(attr, &value)?;
        }
        self.render_summary(doc, pbs, r, w)?;
        let body = &self.table_body;
        body.set_text_content(None);
        for each in pbs.rows() {
            let tr = dom::append(doc, body, "tr", "", "")?;
            let strict = each.r + each.w > pbs.replicas;
            for (attr, value) in [
                ("data-r", each.r.to_string()),
                ("data-w", each.w.to_string()),
                ("data-stale-k1", each.stale_k1_ppm.to_string()),
                ("data-p0", each.p0_ppm.to_string()),
                ("data-t999", ms_text(each.t999_ms)),
                ("data-read999", ms_text(each.read999_ms)),
                ("data-write999", ms_text(each.write999_ms)),
            ] {
                tr.set_attribute(attr, &value)?;
            }
            if (each.r, each.w) == (r, w) {
                tr.set_attribute("aria-current", "true")?;
                tr.set_class_name("current");
            }
            dom::append(doc, &tr, "th", "num", &each.r.to_string())?
                .set_attribute("scope", "row")?;
            dom::append(doc, &tr, "td", "num", &each.w.to_string())?;
            dom::append(
                doc,
                &tr,
                "td",
                "",
                if strict { "strict" } else { "partial" },
            )?;
            dom::append(doc, &tr, "td", "num", &ppm_text(each.stale_k1_ppm))?;
            dom::append(doc, &tr, "td", "num", &ppm_text(each.p0_ppm))?;
            for ms in [each.t999_ms, each.read999_ms, each.write999_ms] {
                dom::append(doc, &tr, "td", "num", &format!("{} ms", ms_text(ms)))?;
            }
        }
        self.render_curve(window, pbs, r, w, ink, size)?;
        let _ = row;
        Ok(())
    }

    fn render_summary(&self, doc: &Document, pbs: &Pbs, r: u32, w: u32) -> Result<(), JsValue> {
        let row = pbs.row(r, w);
        let s = &self.summary;
        s.set_text_content(None);
        let n = pbs.replicas;
        let head = format!(
            "R = {n}, r = {r}, w = {w} on {} ({} trials): ",
            pbs.env.paper_name(),
            crate::thousands(pbs.trials as u64)
        );
        s.append_with_str_1(&head)?;
        if r + w > n {
            dom::append(
                doc,
                s,
                "strong",
                "",
                "every read overlaps the last write's quorum",
            )?;
            s.append_with_str_1(&format!(
                ", so no read is stale. It costs latency: 99.9 % of reads finish within {} ms and of \
                 writes within {} ms.",
                ms_text(row.read999_ms),
                ms_text(row.write999_ms)
            ))?;
        } else {
            dom::append(
                doc,
                s,
                "strong",
                "",
                &format!(
                    "a read misses the last write {} of the time",
                    ppm_text(row.stale_k1_ppm)
                ),
            )?;
            s.append_with_str_1(&format!(
                " by the closed form (fixed quorums, no anti-entropy); with replicas catching up, {} of \
                 reads are consistent right after the write commits, and 99.9 % are {} ms later. 99.9 % \
                 of reads finish within {} ms, of writes within {} ms.",
                ppm_text(row.p0_ppm),
                ms_text(row.t999_ms),
                ms_text(row.read999_ms),
                ms_text(row.write999_ms)
            ))?;
        }
        Ok(())
    }

    /// P(consistent) against the time since the write committed, for (r, w), up to a little past the
    /// 99.9 % point.
    fn render_curve(
        &self,
        window: &Window,
        pbs: &Pbs,
        r: u32,
        w: u32,
        ink: &Ink,
        (width, height): (f64, f64),
    ) -> Result<(), JsValue> {
        fit_canvas(window, &self.canvas, &self.ctx, width, height)?;
        let ctx = &self.ctx;
        ctx.clear_rect(0.0, 0.0, width, height);
        let row = pbs.row(r, w);
        let t_max = nice_ceiling((row.t999_ms * 1.25).max(1.0));
        let (left, right, top, bottom) = (44.0, width - 12.0, 10.0, height - 24.0);
        let x = |t: f64| left + (t / t_max).clamp(0.0, 1.0) * (right - left);
        let y = |p: f64| bottom - p.clamp(0.0, 1.0) * (bottom - top);
        ctx.set_font(&font(11.0, 400));
        ctx.set_line_width(1.0);
        ctx.set_text_baseline("middle");
        ctx.set_text_align("right");
        for i in 0..=4 {
            let v = i as f64 / 4.0;
            ctx.set_stroke_style_str(ink.faint);
            ctx.begin_path();
            ctx.move_to(left, y(v));
            ctx.line_to(right, y(v));
            ctx.stroke();
            ctx.set_fill_style_str(ink.muted);
            ctx.fill_text(&format!("{:.0} %", v * 100.0), left - 6.0, y(v))?;
        }
        ctx.set_text_baseline("top");
        // Fewer time labels on a narrow canvas, so that none runs into the next.
        let parts = if right - left < 320.0 { 2 } else { 4 };
        for i in 0..=parts {
            let t = t_max * i as f64 / parts as f64;
            ctx.set_text_align(match i {
                0 => "left",
                i if i == parts => "right",
                _ => "center",
            });
            ctx.fill_text(&format!("{} ms", ms_text(t)), x(t), bottom + 6.0)?;
        }
        // The curve, sampled at every pixel.
        ctx.set_stroke_style_str(ink.text);
        ctx.set_line_width(2.0);
        ctx.begin_path();
        let steps = (right - left).max(2.0) as usize;
        for i in 0..=steps {
            let t = t_max * i as f64 / steps as f64;
            let (px, py) = (x(t), y(pbs.p_consistent(r, w, t)));
            if i == 0 {
                ctx.move_to(px, py);
            } else {
                ctx.line_to(px, py);
            }
        }
        ctx.stroke();
        // The 99.9 % point.
        ctx.set_stroke_style_str(ink.moved);
        ctx.set_line_width(1.0);
        ctx.set_line_dash(&js_sys::Array::of2(&4.into(), &3.into()))?;
        ctx.begin_path();
        ctx.move_to(x(row.t999_ms), top);
        ctx.line_to(x(row.t999_ms), bottom);
        ctx.stroke();
        ctx.set_line_dash(&js_sys::Array::new())?;
        self.curve_values.set_text_content(Some(&format!(
            "P(consistent read) for r = {r}, w = {w}: {} right after the write commits, {} after {} ms, \
             99.9 % after {} ms (dashed line).",
            ppm_text(row.p0_ppm),
            ppm_text((pbs.p_consistent(r, w, t_max / 4.0) * 1e6).round() as u64),
            ms_text(t_max / 4.0),
            ms_text(row.t999_ms)
        )));
        Ok(())
    }
}

/// A round number at least `x`: 1, 2 or 5 times a power of ten.
fn nice_ceiling(x: f64) -> f64 {
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&v| v >= x)
        .unwrap_or(10.0 * p)
}
