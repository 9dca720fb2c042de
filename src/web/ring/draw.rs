//! Painting the picture on a canvas: guide circles, the bands (the removed node's hatched, down nodes'
//! dotted), ticks, keys (marks or bars), the hottest key, the centre text and the legend.

use super::super::paint::{font, push_segment, stroke_groups, stroke_segments, Ink};
use super::text::structure_line;
use crate::app::App;
use crate::geometry::{point, radians};
use crate::layout::{Arc, Band, Geometry, HotMark, Mark, Scene, BINS};
use crate::params::Change;
use crate::ring::NO_OWNER;
use crate::stats::thousands;
use wasm_bindgen::prelude::*;
use web_sys::CanvasRenderingContext2d;

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

/// Draws the picture of `scene` into `ctx`, in a square of `size` CSS pixels: the guide circles, the
/// bands (the removed node's hatched), the ticks, the keys, the centre text and, if `legend`, the legend.
pub(super) fn paint(
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
    // Side B of a partition: a line along its nodes' stretches, just outside the band in force.
    for (node, _) in scene.side_b.iter().enumerate().filter(|(_, &b)| b) {
        let outside = (g.band_outer + 2.5, 0.0);
        mark_arcs(ctx, Marking::SideB, in_force, node as u32, outside, &g, ink)?;
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
    /// A solid line in the text colour just outside the band: a node on side B of the partition.
    SideB,
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
        Marking::SideB => (1.0, 0.0, "butt", 2.5, ink.text),
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
        let side = if scene.side_b.get(id) == Some(&true) {
            " · side B"
        } else {
            ""
        };
        // A node's weight, when it is not 1: its share of the band is fair at w/W.
        let weight = match scene.weights.get(id) {
            Some(&w) if w != 1 => format!(" ×{w}"),
            _ => String::new(),
        };
        let text = if down {
            format!("{name}{weight}{side} (down)")
        } else {
            format!("{name}{weight}{side}")
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
