//! The "History" view (`#history`): the watched key's simulated (or hand-made) history as a space-time
//! diagram in SVG ([`crate::diagram`] lays it out), its verdicts on the consistency spectrum, its stale
//! reads, the history as a link and as a table.

use super::dom::{self, svg};
use crate::check::{Guarantee, Verdict};
use crate::diagram::{self, format_ms, Diagram, LaneKind, Style};
use crate::history::{ms_text, Kind};
use crate::model::{Inputs, Shown, View};
use crate::sim::{Mode, Outcome, Reads, Run, Setup};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlAnchorElement};

/// Narrowest drawing of the diagram, CSS pixels (wider ones scroll sideways in their box).
const DIAGRAM_MIN_PX: f64 = 560.0;

/// About how wide a tick's label ("100 ms") and the partition's label are, in px.
const TICK_LABEL_PX: f64 = 44.0;
const WINDOW_LABEL_PX: f64 = 56.0;

/// The parts the history is drawn in, a frame each ([`HistoryView::render`]).
pub(super) const HISTORY_PARTS: usize = 6;

pub(super) struct HistoryView {
    panel: Element,
    diagram: Element,
    tip: Element,
    verdicts: Element,
    spectrum: Element,
    facts: Element,
    link: HtmlAnchorElement,
    text: Element,
    table_body: Element,
    messages: web_sys::HtmlInputElement,
    /// The next diagram, built apart from the page a part at a time, and its layout.
    building: std::cell::RefCell<Option<(Element, Diagram)>>,
}

impl HistoryView {
    pub(super) fn find(doc: &Document) -> Result<HistoryView, JsValue> {
        Ok(HistoryView {
            panel: dom::by_id(doc, dom::HISTORY)?,
            diagram: dom::by_id(doc, dom::HISTORY_DIAGRAM)?,
            tip: dom::by_id(doc, dom::HISTORY_TIP)?,
            verdicts: dom::by_id(doc, dom::VERDICTS)?,
            spectrum: dom::by_id(doc, dom::SPECTRUM)?,
            facts: dom::by_id(doc, dom::HISTORY_FACTS)?,
            link: dom::by_id(doc, dom::HISTORY_LINK)?,
            text: dom::by_id(doc, dom::HISTORY_TEXT)?,
            table_body: dom::by_id(doc, dom::HISTORY_TABLE_BODY)?,
            messages: dom::by_id(doc, dom::HISTORY_MESSAGES)?,
            building: Default::default(),
        })
    }

    /// Redraws part `part` (of [`HISTORY_PARTS`], each on a frame of its own): the diagram in four
    /// parts (its lanes, its messages, each half of its ops, built apart from the page), the table, then the diagram
    /// put in place, the facts, the verdicts and the panel's data attributes (last, so that `data-hist`
    /// names a history only once all of it is shown).
    pub(super) fn render(
        &self,
        doc: &Document,
        shown: &Shown,
        inputs: &Inputs,
        view: &View,
        part: usize,
    ) -> Result<(), JsValue> {
        let s = &inputs.setup;
        match part {
            0 => return self.start_diagram(doc, s, view, shown),
            1..=3 => {
                if let Some((svg, d)) = self.building.borrow().as_ref() {
                    let half = d.bars.len() / 2;
                    match part {
                        1 => draw_messages(doc, svg, d)?,
                        2 => draw_ops(doc, svg, d, shown, 0..half)?,
                        _ => draw_ops(doc, svg, d, shown, half..d.bars.len())?,
                    }
                }
                return Ok(());
            }
            4 => return self.render_table(doc, shown),
            _ => {}
        }
        if let Some((svg, _)) = self.building.borrow_mut().take() {
            self.diagram.set_text_content(None);
            self.diagram.append_child(&svg)?;
        }
        let text = shown.history.to_text();
        let stale = &shown.stale;
        let max_staleness = stale.iter().map(|s| s.staleness).max().unwrap_or(0);
        let count = |kind: Kind| shown.history.ops.iter().filter(|o| o.kind == kind).count();
        let unavailable = shown.run.as_ref().map_or(0, |r| {
            r.ops
                .iter()
                .filter(|t| t.outcome == Outcome::Unavailable)
                .count()
        });
        for (attr, value) in [
            ("data-hist", text.clone()),
            ("data-stale-reads", stale.len().to_string()),
            ("data-max-staleness", max_staleness.to_string()),
            ("data-unavailable", unavailable.to_string()),
            ("data-unknown", count(Kind::Unknown).to_string()),
            ("data-ops", shown.history.ops.len().to_string()),
        ] {
            self.panel.set_attribute(attr, &value)?;
        }
        self.render_facts(doc, s, view, shown, unavailable)?;
        self.render_verdicts(doc, shown)?;
        self.text.set_text_content(Some(&text));
        // The link is the core's (it owns the address): it puts this history in the link in force.
        self.link.set_href(&format!("#{}", super::link_with(&text)));
        self.link.set_hidden(inputs.hist.is_some());
        self.tip.set_text_content(Some(
            "Point at an op, or focus the diagram and use the arrow keys, to see its times and its \
             replicas' answers.",
        ));
        Ok(())
    }

    fn render_facts(
        &self,
        doc: &Document,
        t: &Setup,
        view: &View,
        shown: &Shown,
        unavailable: usize,
    ) -> Result<(), JsValue> {
        let facts = &self.facts;
        facts.set_text_content(None);
        let ops = shown.history.ops.len();
        let replicas = shown.order[..shown.replicas.min(shown.order.len())].join(", ");
        let how = match (&shown.run, t.mode) {
            (None, _) => "A hand-made history (from the link)".to_owned(),
            (Some(_), Mode::Quorum) => format!(
                "{} clients × {} ops on user_{}'s replicas {replicas} (R = {}, r = {}, w = {}, {} \
                 latencies, {}); seed {}",
                t.clients,
                t.ops,
                view.key,
                shown.replicas,
                view.read.min(shown.replicas as u32),
                view.write.min(shown.replicas as u32),
                t.env.name(),
                cap_words(t.cap),
                t.seed
            ),
            (Some(_), Mode::Primary) => format!(
                "{} clients × {} ops on user_{}'s replicas {replicas}: {} is the primary, the others \
                 follow asynchronously; reads go to {} ({} latencies, {}); seed {}",
                t.clients,
                t.ops,
                view.key,
                shown.order.first().map_or("", String::as_str),
                match t.reads {
                    Reads::Primary => "the primary",
                    Reads::Sticky => "one replica per client",
                    Reads::Any => "any replica",
                },
                t.env.name(),
                cap_words(t.cap),
                t.seed
            ),
        };
        dom::append(doc, facts, "span", "", &format!("{how}. "))?;
        let stale = &shown.stale;
        let stale_text = match stale.len() {
            0 => "No stale read".to_owned(),
            1 => "1 stale read".to_owned(),
            n => format!("{n} stale reads"),
        };
        let strong = dom::append(doc, facts, "strong", "", &stale_text)?;
        if !stale.is_empty() {
            let max = stale.iter().map(|s| s.staleness).max().unwrap_or(0);
            strong.append_with_str_1(&format!(
                " (up to {max} version{} behind)",
                if max == 1 { "" } else { "s" }
            ))?;
        }
        let unknown = shown
            .history
            .ops
            .iter()
            .filter(|o| o.kind == Kind::Unknown)
            .count();
        facts.append_with_str_1(&format!(
            " among {ops} ops; {unavailable} unavailable, {unknown} of unknown outcome."
        ))?;
        if let Some(run) = &shown.run {
            if let Some(sentence) = convergence(shown, run, t) {
                facts.append_with_str_1(&format!(" {sentence}"))?;
            }
        }
        Ok(())
    }

    /// Lays the diagram out and starts building it apart from the page: its frame and lanes.
    fn start_diagram(
        &self,
        doc: &Document,
        t: &Setup,
        view: &View,
        shown: &Shown,
    ) -> Result<(), JsValue> {
        let width = (self.diagram.client_width() as f64).max(DIAGRAM_MIN_PX);
        let window = (!t.split.is_empty()).then_some((t.from_ms, t.to_ms));
        let lanes = if view.embed {
            diagram::COMPACT_LANE_PX
        } else {
            diagram::LANE_PX
        };
        let d = diagram::layout(shown, width, lanes, window, &t.split);
        let label = format!(
            "Space-time diagram: {} lanes, {} ops over {} ms",
            d.lanes.len(),
            d.bars.len(),
            format_ms(d.end_ms)
        );
        let svg = dom::svg_diagram(doc, d.width, d.height, &label)?;
        draw_lanes(doc, &svg, &d)?;
        svg.set_attribute(
            "data-messages",
            if self.messages.checked() { "1" } else { "0" },
        )?;
        *self.building.borrow_mut() = Some((svg, d));
        Ok(())
    }

    fn render_verdicts(&self, doc: &Document, shown: &Shown) -> Result<(), JsValue> {
        let list = &self.verdicts;
        list.set_text_content(None);
        for v in &shown.verdicts {
            let li = dom::append(doc, list, "li", "", "")?;
            li.set_attribute("data-verdict", v.guarantee.name())?;
            li.set_attribute("data-holds", if v.holds { "true" } else { "false" })?;
            let mark = if v.holds { "✔" } else { "✗" };
            dom::append(
                doc,
                &li,
                "span",
                if v.holds { "mark good" } else { "mark bad" },
                mark,
            )?
            .set_attribute("aria-hidden", "true")?;
            dom::append(doc, &li, "strong", "", v.guarantee.title())?;
            let state = if v.holds {
                " holds."
            } else {
                " does not hold: "
            };
            dom::append(doc, &li, "span", "state", state)?;
            if !v.holds {
                dom::append(doc, &li, "span", "why", &v.why)?;
                let ops: Vec<String> = v.witness.iter().map(|i| i.to_string()).collect();
                li.set_attribute("data-witness", &ops.join(" "))?;
                li.set_attribute("tabindex", "0")?;
            }
        }
        self.render_spectrum(doc, &shown.verdicts)
    }

    /// Where the history sits on the course page's spectrum: the strongest model that holds.
    fn render_spectrum(&self, doc: &Document, verdicts: &[Verdict]) -> Result<(), JsValue> {
        let strip = &self.spectrum;
        strip.set_text_content(None);
        let holds = |g: Guarantee| verdicts.iter().any(|v| v.guarantee == g && v.holds);
        let models = [
            (Guarantee::Linearizable, "Linearizable"),
            (Guarantee::Sequential, "Sequential"),
            (Guarantee::Causal, "Causal"),
            (Guarantee::Pram, "FIFO"),
        ];
        let strongest = models.iter().find(|(g, _)| holds(*g));
        let row = dom::append(doc, strip, "ol", "spectrum-row", "")?;
        row.set_attribute("aria-label", "The consistency spectrum, strong to eventual")?;
        for (g, name) in models {
            let here = strongest.is_some_and(|(s, _)| *s == g);
            let li = dom::append(doc, &row, "li", if holds(g) { "held" } else { "" }, name)?;
            if here {
                li.set_attribute("aria-current", "true")?;
                li.set_class_name("held here");
            }
        }
        let eventual = dom::append(
            doc,
            &row,
            "li",
            if strongest.is_none() { "here" } else { "" },
            "Eventual: DNS, S3, DynamoDB, Cassandra",
        )?;
        if strongest.is_none() {
            eventual.set_attribute("aria-current", "true")?;
        }
        let sentence = match strongest {
            Some((Guarantee::Linearizable, _)) => {
                "This history is linearizable: the strong end of the spectrum.".to_owned()
            }
            Some((_, name)) => format!(
                "This history is {} but not {}: it sits that far from the strong end.",
                name.to_lowercase(),
                models
                    .iter()
                    .take_while(|(_, n)| n != name)
                    .last()
                    .map_or("linearizable", |(_, n)| n)
                    .to_lowercase()
            ),
            None => {
                "This history is not even FIFO-consistent: only the eventual end's promise is left (the \
                 replicas agree once writes stop)."
                    .to_owned()
            }
        };
        let costs = dom::append(doc, strip, "p", "spectrum-costs", "")?;
        dom::append(
            doc,
            &costs,
            "span",
            "",
            "Strong: $$$$, high latency, lower availability",
        )?;
        dom::append(
            doc,
            &costs,
            "span",
            "",
            "Eventual: $, low latency, higher availability",
        )?;
        dom::append(doc, strip, "p", "spectrum-sentence", &sentence)?;
        Ok(())
    }

    fn render_table(&self, doc: &Document, shown: &Shown) -> Result<(), JsValue> {
        let body = &self.table_body;
        body.set_text_content(None);
        for (i, op) in shown.history.ops.iter().enumerate() {
            let tr = dom::append(doc, body, "tr", "", "")?;
            tr.set_attribute("data-op", &i.to_string())?;
            dom::append(doc, &tr, "th", "", &format!("c{}", op.client))?
                .set_attribute("scope", "row")?;
            dom::append(doc, &tr, "td", "", &op_label(shown, i))?;
            dom::append(doc, &tr, "td", "num", &ms_text(op.start))?;
            dom::append(doc, &tr, "td", "num", &ms_text(op.end))?;
            dom::append(doc, &tr, "td", "", &answers(shown, i))?;
        }
        Ok(())
    }

    /// Names op `i` in the tip (pointer or keyboard).
    pub(super) fn show_op(&self, shown: &Shown, i: usize) {
        self.tip.set_text_content(Some(&describe(shown, i)));
    }

    /// Marks the ops of the verdict item `li` (its `data-witness`) in the diagram, or none.
    pub(super) fn highlight(&self, witness: Option<&str>) -> Result<(), JsValue> {
        let ops = self.diagram.query_selector_all("[data-op]")?;
        let chosen: Vec<&str> = witness.map_or(Vec::new(), |w| w.split(' ').collect());
        for k in 0..ops.length() {
            if let Some(el) = ops.get(k).and_then(|n| n.dyn_into::<Element>().ok()) {
                let op = el.get_attribute("data-op").unwrap_or_default();
                el.class_list()
                    .toggle_with_force("witness", chosen.contains(&op.as_str()))?;
            }
        }
        Ok(())
    }

    /// Moves the keyboard focus to op `i` of the diagram (the only op in the tab order).
    pub(super) fn focus_op(&self, i: usize) {
        let Ok(ops) = self.diagram.query_selector_all("[data-op]") else {
            return;
        };
        for k in 0..ops.length() {
            let Some(el) = ops
                .get(k)
                .and_then(|n| n.dyn_into::<web_sys::SvgElement>().ok())
            else {
                continue;
            };
            let here = el.get_attribute("data-op").as_deref() == Some(i.to_string().as_str());
            let _ = el.set_attribute("tabindex", if here { "0" } else { "-1" });
            if here {
                let _ = el.focus();
            }
        }
    }

    /// Shows or hides the messages.
    pub(super) fn show_messages(&self, show: bool) -> Result<(), JsValue> {
        if let Some(svg) = self.diagram.first_element_child() {
            svg.set_attribute("data-messages", if show { "1" } else { "0" })?;
        }
        Ok(())
    }
}

fn cap_words(cap: crate::sim::Cap) -> &'static str {
    match cap {
        crate::sim::Cap::C => "choosing consistency in a partition",
        crate::sim::Cap::A => "choosing availability in a partition",
    }
}

/// The replicas' convergence: when every live replica came to hold the newest value it ever held, or
/// that they still disagree at the end.
fn convergence(shown: &Shown, run: &Run, t: &Setup) -> Option<String> {
    let live: Vec<usize> = (0..shown.replicas)
        .filter(|&j| !run.down.get(j).copied().unwrap_or(false))
        .collect();
    let last: Vec<(u64, u32)> = live
        .iter()
        .filter_map(|&j| run.held.get(j)?.last().copied())
        .collect();
    if last.is_empty() || !run.history.ops.iter().any(|o| o.kind != Kind::Read) {
        return None;
    }
    let values: Vec<u32> = last.iter().map(|l| l.1).collect();
    let agree = values.windows(2).all(|w| w[0] == w[1]);
    let split = !t.split.is_empty();
    Some(if agree {
        let at = last.iter().map(|l| l.0).max().unwrap_or(0);
        format!(
            "The live replicas converge on {} at {} ms{}.",
            values[0],
            ms_text(at),
            if split && t.to_ms.is_some() {
                " (after the partition heals)"
            } else {
                ""
            }
        )
    } else {
        let held: Vec<String> = live
            .iter()
            .zip(&values)
            .map(|(&j, v)| format!("{} holds {v}", shown.order[j]))
            .collect();
        format!(
            "The replicas still disagree at the end of the run: {} (no anti-entropy here{}).",
            held.join(", "),
            if split && t.to_ms.is_none() {
                "; the partition never heals"
            } else {
                ""
            }
        )
    })
}

/// Op `i`'s label as the diagram writes it.
fn op_label(shown: &Shown, i: usize) -> String {
    let write = shown
        .run
        .as_ref()
        .is_some_and(|r| r.ops.get(i).is_some_and(|t| t.write));
    diagram::label(&shown.history.ops[i], write)
}

/// What op `i` heard from the replicas: "db3: 1 at 90.112 ms; db2: 0 at 91.4 ms".
fn answers(shown: &Shown, i: usize) -> String {
    let Some(trace) = shown.run.as_ref().and_then(|r| r.ops.get(i)) else {
        return String::new();
    };
    if trace.outcome == Outcome::Unavailable {
        return "unavailable: could not reach its quorum".to_owned();
    }
    let heard: Vec<String> = trace
        .answers
        .iter()
        .map(|&(j, v, at)| {
            let name = shown.order.get(j as usize).map_or("?", String::as_str);
            let what = if trace.write {
                "ack".to_owned()
            } else {
                v.to_string()
            };
            format!("{name}: {what} at {} ms", ms_text(at))
        })
        .collect();
    if heard.is_empty() {
        "no answer".to_owned()
    } else {
        heard.join("; ")
    }
}

/// One sentence about op `i`: who, what, when, and what the replicas said.
fn describe(shown: &Shown, i: usize) -> String {
    let op = &shown.history.ops[i];
    let what = match op.kind {
        Kind::Write => format!("wrote {} (acknowledged)", op.value),
        Kind::Read => format!("read {}", op.value),
        Kind::Unknown => format!("wrote {}, outcome unknown (timed out)", op.value),
        Kind::Failed => {
            let unavailable = shown.run.as_ref().is_some_and(|r| {
                r.ops
                    .get(i)
                    .is_some_and(|t| t.outcome == Outcome::Unavailable)
            });
            match (op.value, unavailable) {
                (0, true) => "read: unavailable".to_owned(),
                (0, false) => "read: failed (timed out)".to_owned(),
                (v, _) => format!("wrote {v}: unavailable"),
            }
        }
    };
    let stale = shown
        .stale
        .iter()
        .find(|s| s.read == i)
        .map_or(String::new(), |s| {
            format!(
                " Stale: {} newer version{} had been acknowledged before it began.",
                s.staleness,
                if s.staleness == 1 { "" } else { "s" }
            )
        });
    let heard = answers(shown, i);
    format!(
        "c{} {what}, from {} to {} ms{}.{stale}",
        op.client,
        ms_text(op.start),
        ms_text(op.end),
        if heard.is_empty() {
            String::new()
        } else {
            format!(" ({heard})")
        }
    )
}

fn f(x: f64) -> String {
    format!("{x:.1}")
}

/// Draws the diagram's frame into `root`: the window, the ticks, the lanes and what the nodes hold.
fn draw_lanes(doc: &Document, root: &Element, d: &Diagram) -> Result<(), JsValue> {
    if let Some((x0, x1)) = d.window {
        let shade = svg(
            doc,
            root,
            "rect",
            &[
                ("class", "window"),
                ("x", &f(x0)),
                ("y", &f(diagram::TOP_PX - 4.0)),
                ("width", &f((x1 - x0).max(1.0))),
                ("height", &f(d.height - diagram::TOP_PX)),
            ],
        )?;
        svg(doc, &shade, "title", &[])?.set_text_content(Some("The partition"));
        let label = svg(
            doc,
            root,
            "text",
            &[("class", "window-label"), ("x", &f(x0 + 3.0)), ("y", "12")],
        )?;
        label.set_text_content(Some("partition"));
    }
    let ticks = svg(
        doc,
        root,
        "g",
        &[("class", "ticks"), ("aria-hidden", "true")],
    )?;
    // A tick's label that would run into the partition's label is left out (its line stays).
    let clear = |x: f64| {
        d.window
            .is_none_or(|(x0, _)| x + TICK_LABEL_PX < x0 || x > x0 + WINDOW_LABEL_PX)
    };
    for (x, text) in &d.ticks {
        svg(
            doc,
            &ticks,
            "line",
            &[
                ("x1", &f(*x)),
                ("x2", &f(*x)),
                ("y1", &f(diagram::TOP_PX - 4.0)),
                ("y2", &f(d.height - 6.0)),
            ],
        )?;
        if clear(*x) {
            svg(doc, &ticks, "text", &[("x", &f(*x + 2.0)), ("y", "12")])?
                .set_text_content(Some(&format!("{text} ms")));
        }
    }
    let lanes = svg(doc, root, "g", &[("class", "lanes")])?;
    for lane in &d.lanes {
        let (class, note) = match lane.kind {
            LaneKind::Client => ("lane client", ""),
            LaneKind::Node { down: true, .. } => ("lane node down", "down"),
            LaneKind::Node { stand_in: true, .. } => ("lane node stand-in", "stand-in"),
            LaneKind::Node { .. } => ("lane node", ""),
        };
        let side = if lane.side_b { " side-b" } else { "" };
        let g = svg(doc, &lanes, "g", &[("class", &format!("{class}{side}"))])?;
        svg(
            doc,
            &g,
            "line",
            &[
                ("x1", &f(diagram::LEFT_PX)),
                ("x2", &f(d.width - diagram::RIGHT_PX)),
                ("y1", &f(lane.y)),
                ("y2", &f(lane.y)),
            ],
        )?;
        let name = format!("{}{}", lane.name, if lane.side_b { " · B" } else { "" });
        let y = if note.is_empty() {
            lane.y + 4.0
        } else {
            lane.y - 1.0
        };
        svg(doc, &g, "text", &[("x", "4"), ("y", &f(y))])?.set_text_content(Some(&name));
        if !note.is_empty() {
            svg(
                doc,
                &g,
                "text",
                &[("class", "note"), ("x", "4"), ("y", &f(lane.y + 10.0))],
            )?
            .set_text_content(Some(note));
        }
    }
    let held = svg(
        doc,
        root,
        "g",
        &[("class", "held"), ("aria-hidden", "true")],
    )?;
    for h in &d.held {
        let y = d.lanes[h.lane].y;
        svg(
            doc,
            &held,
            "line",
            &[
                ("class", &format!("v{}", h.value.min(1))),
                ("x1", &f(h.x0)),
                ("x2", &f(h.x1)),
                ("y1", &f(y)),
                ("y2", &f(y)),
            ],
        )?;
        if h.labelled {
            svg(
                doc,
                &held,
                "text",
                &[("x", &f(h.x0 + 2.0)), ("y", &f(y - 5.0))],
            )?
            .set_text_content(Some(&h.value.to_string()));
        }
    }
    Ok(())
}

/// Draws the messages into `root` (shown on demand).
fn draw_messages(doc: &Document, root: &Element, d: &Diagram) -> Result<(), JsValue> {
    let messages = svg(
        doc,
        root,
        "g",
        &[("class", "messages"), ("aria-hidden", "true")],
    )?;
    for m in &d.lines {
        let class = if m.lost { "msg lost" } else { "msg" };
        svg(
            doc,
            &messages,
            "line",
            &[
                ("class", class),
                ("data-for", &m.op.to_string()),
                ("x1", &f(m.x0)),
                ("y1", &f(m.y0)),
                ("x2", &f(m.x1)),
                ("y2", &f(m.y1)),
            ],
        )?;
    }
    Ok(())
}

/// Draws the ops `bars` into `root`, each a focusable bar named by its description: the first part
/// starts the ops' group, the next ones add to it (the last child of `root`).
fn draw_ops(
    doc: &Document,
    root: &Element,
    d: &Diagram,
    shown: &Shown,
    bars: std::ops::Range<usize>,
) -> Result<(), JsValue> {
    let stale: Vec<usize> = shown.stale.iter().map(|s| s.read).collect();
    let ops = match root.last_element_child() {
        Some(g) if bars.start > 0 => g,
        _ => svg(doc, root, "g", &[("class", "ops")])?,
    };
    for (k, bar) in d.bars.iter().enumerate().skip(bars.start).take(bars.len()) {
        let style = match bar.style {
            Style::Write => "op write",
            Style::Read => "op read",
            Style::Unknown => "op unknown",
            Style::Failed => "op failed",
        };
        let class = if stale.contains(&bar.op) {
            format!("{style} stale")
        } else {
            style.to_owned()
        };
        let g = svg(
            doc,
            &ops,
            "g",
            &[
                ("class", &class),
                ("data-op", &bar.op.to_string()),
                ("tabindex", if k == 0 { "0" } else { "-1" }),
                ("role", "img"),
                ("aria-label", &describe(shown, bar.op)),
            ],
        )?;
        svg(
            doc,
            &g,
            "rect",
            &[
                ("x", &f(bar.x0)),
                ("y", &f(bar.y - 9.0)),
                ("width", &f(bar.x1 - bar.x0)),
                ("height", "18"),
                ("rx", "3"),
            ],
        )?;
        if let Some((x, y)) = bar.label_at {
            svg(doc, &g, "text", &[("x", &f(x)), ("y", &f(y))])?.set_text_content(Some(&bar.label));
        }
    }
    Ok(())
}
