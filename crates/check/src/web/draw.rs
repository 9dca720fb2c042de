//! Drawing the check: the progress line, the verdict and its sentence, one row per key, the lines
//! skipped, and the diagram of one key (SVG from [`crate::layout`]). Everything from the pasted history
//! is set as text, never as markup.

use crate::layout::{self, Diagram, LEFT_PX, TOP_PX};
use lincheck::{Check, History, LineError, Report, Verdict};
use ring_dom::{append, by_id, svg as node, svg_diagram};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, HtmlElement};

/// The section's elements.
pub(super) struct Elements {
    pub doc: Document,
    pub section: HtmlElement,
    pub share: Element,
    pub status: Element,
    pub result: HtmlElement,
    pub why: Element,
    pub keys_body: Element,
    pub diagram_title: Element,
    pub diagram: Element,
    pub tip: Element,
    pub errors_box: HtmlElement,
    pub errors_summary: Element,
    pub errors: Element,
}

impl Elements {
    pub(super) fn find(doc: &Document) -> Result<Elements, JsValue> {
        Ok(Elements {
            doc: doc.clone(),
            section: by_id(doc, "check")?,
            share: by_id(doc, "check-share")?,
            status: by_id(doc, "check-status")?,
            result: by_id(doc, "check-result")?,
            why: by_id(doc, "check-why")?,
            keys_body: by_id(doc, "check-keys-body")?,
            diagram_title: by_id(doc, "check-diagram-title")?,
            diagram: by_id(doc, "check-diagram")?,
            tip: by_id(doc, "check-tip")?,
            errors_box: by_id(doc, "check-errors-box")?,
            errors_summary: by_id(doc, "check-errors-summary")?,
            errors: by_id(doc, "check-errors")?,
        })
    }
}

/// Sets `el`'s text.
pub(super) fn say(el: &Element, text: &str) {
    el.set_text_content(Some(text));
}

/// "s" unless `n` is 1.
fn s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// How far the check is: the key being searched and what its search has seen.
pub(super) fn progress(check: &Check, spent_ms: &[f64]) -> String {
    let keys = check.searches().len();
    match check.current() {
        None => "Checked.".to_owned(),
        Some(k) => {
            let search = &check.searches()[k];
            let p = search.progress();
            format!(
                "Checking… key {} of {keys}{}: {} configurations so far, the longest linearizable prefix \
                 {} of {} ops ({:.1} s of its {} s).",
                k + 1,
                key_name(search.key()),
                p.configurations,
                p.longest_prefix,
                search.ops().len(),
                spent_ms[k] / 1000.0,
                super::KEY_BUDGET_MS / 1000.0
            )
        }
    }
}

/// A key as the page names it: ` "3"`, or nothing for the single register.
fn key_name(key: &str) -> String {
    if key.is_empty() {
        String::new()
    } else {
        format!(" “{key}”")
    }
}

/// The key the diagram shows first: the first illegal, else the first undecided, else the first.
pub(super) fn first_to_show(report: &Report) -> usize {
    let find = |v: Verdict| report.keys.iter().position(|k| k.verdict == v);
    find(Verdict::Illegal)
        .or_else(|| find(Verdict::Unknown))
        .unwrap_or(0)
}

/// The whole result: the verdict on the section (`data-check-result` …), the sentence, the keys' rows,
/// the lines skipped, and the diagram of key `key`.
pub(super) fn result(
    els: &Elements,
    run: &super::Run,
    report: &Report,
    key: usize,
    zoom: f64,
) -> Result<(), JsValue> {
    let (history, hist_errors, spent_ms) = (run.check.history(), &run.hist_errors, &run.spent_ms);
    let read_ms = run.read_ms;
    let skipped = report.skipped_lines + hist_errors.len();
    let r = &els.result;
    // The time the check took here: reading the text and every key's search (not drawing it).
    let took_ms = read_ms + spent_ms.iter().sum::<f64>();
    for (attr, value) in [
        ("data-verdict", report.verdict.name().to_owned()),
        ("data-ops", report.ops.to_string()),
        ("data-keys", report.keys.len().to_string()),
        ("data-illegal-keys", report.illegal_keys.to_string()),
        (
            "data-format",
            report.format.map_or("", |f| f.name()).to_owned(),
        ),
        ("data-skipped-lines", skipped.to_string()),
        ("data-check-ms", format!("{took_ms:.1}")),
    ] {
        r.set_attribute(attr, &value)?;
    }
    say(
        &els.status,
        &format!(
            "{} Checked in {}.",
            verdict_sentence(report, skipped),
            duration(took_ms)
        ),
    );
    let why = report.keys.get(key).and_then(|k| {
        k.explanation
            .as_ref()
            .map(|e| e.sentence.clone())
            .or_else(|| (k.verdict == Verdict::Unknown).then(|| undecided(k, spent_ms.get(key))))
    });
    say(&els.why, why.as_deref().unwrap_or(""));
    rows(els, report, spent_ms)?;
    errors(els, history, hist_errors)?;
    let blocked_at = diagram(els, history, report, key, zoom)?;
    r.set_hidden(report.keys.is_empty());
    bring_into_view(els, blocked_at);
    // Last: the section says it shows the result only once all of it is drawn.
    r.set_attribute("data-check-result", "")?;
    Ok(())
}

/// The verdict in a sentence.
fn verdict_sentence(report: &Report, skipped: usize) -> String {
    let keys = report.keys.len();
    let format = match report.format.map(|f| f.name()) {
        Some("jepsen-log") => "a Jepsen log",
        Some("edn") => "Jepsen operations",
        Some("hist") => "this page's history format",
        _ => "no known format",
    };
    let skipped_text = if skipped > 0 {
        format!("; {skipped} line{} skipped (listed below)", s(skipped))
    } else {
        String::new()
    };
    let read = format!(
        "{} op{} over {keys} key{}, read as {format}{skipped_text}",
        report.ops,
        s(report.ops),
        s(keys)
    );
    match report.verdict {
        _ if keys == 0 => format!("Nothing to check: {read}."),
        Verdict::Ok => format!(
            "Linearizable: every key has an order of its ops that respects real time and the model \
             ({read})."
        ),
        Verdict::Illegal => format!(
            "Not linearizable: {} of {keys} key{} cannot be ordered ({read}).",
            report.illegal_keys,
            s(keys)
        ),
        Verdict::Unknown => {
            let unknown = report
                .keys
                .iter()
                .filter(|k| k.verdict == Verdict::Unknown)
                .count();
            format!(
                "Undecided: the search stopped at its budget on {unknown} key{}; no key is illegal \
                 ({read}).",
                s(unknown)
            )
        }
    }
}

/// How far an undecided key's search got.
fn undecided(k: &lincheck::KeyReport, spent_ms: Option<&f64>) -> String {
    format!(
        "Key{} was stopped after {:.1} s of search: {} configurations explored, the longest \
         linearizable prefix found has {} of its {} ops.",
        key_name(&k.key),
        spent_ms.copied().unwrap_or(0.0) / 1000.0,
        k.progress.configurations,
        k.progress.longest_prefix,
        k.ops
    )
}

/// A search's time: "< 1 ms", "12 ms", "1.4 s".
fn duration(ms: f64) -> String {
    if ms < 1.0 {
        "< 1 ms".to_owned()
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

/// A key as a heading names it: `Key "3"`, or `The register`.
fn key_title(key: &str) -> String {
    if key.is_empty() {
        "The register".to_owned()
    } else {
        format!("Key “{key}”")
    }
}

/// One row per key: its name (a button that shows it in the diagram), ops, verdict, the search.
fn rows(els: &Elements, report: &Report, spent_ms: &[f64]) -> Result<(), JsValue> {
    let doc = &els.doc;
    let body = &els.keys_body;
    body.set_text_content(None);
    for (i, k) in report.keys.iter().enumerate() {
        let tr = append(doc, body, "tr", k.verdict.name(), "")?;
        tr.set_attribute("data-check-key", &k.key)?;
        tr.set_attribute("data-verdict", k.verdict.name())?;
        tr.set_attribute("data-key-index", &i.to_string())?;
        let th = append(doc, &tr, "th", "", "")?;
        th.set_attribute("scope", "row")?;
        let name = if k.key.is_empty() {
            "(the register)"
        } else {
            &k.key
        };
        append(doc, &th, "button", "pick", name)?.set_attribute("type", "button")?;
        append(doc, &tr, "td", "num", &k.ops.to_string())?;
        let verdict = match k.verdict {
            Verdict::Ok => "✔ linearizable",
            Verdict::Illegal => "✗ not linearizable",
            Verdict::Unknown => "? undecided",
        };
        append(doc, &tr, "td", "verdict", verdict)?;
        let prefix = k
            .explanation
            .as_ref()
            .map_or(k.progress.longest_prefix, |e| e.prefix.len());
        let search = format!(
            "{} configurations in {}{}",
            k.progress.configurations,
            duration(spent_ms.get(i).copied().unwrap_or(0.0)),
            match k.verdict {
                Verdict::Ok => String::new(),
                _ => format!("; longest linearizable prefix {prefix} of {} ops", k.ops),
            }
        );
        append(doc, &tr, "td", "", &search)?;
    }
    Ok(())
}

/// The lines skipped, each with its number, its text (as text, at most 80 characters) and why; and
/// what the input limits cut.
fn errors(els: &Elements, history: &History, hist_errors: &[LineError]) -> Result<(), JsValue> {
    let doc = &els.doc;
    let list = &els.errors;
    list.set_text_content(None);
    let all: Vec<&LineError> = history.errors().iter().chain(hist_errors).collect();
    for e in &all {
        let li = append(doc, list, "li", "", "")?;
        li.set_attribute("data-line", &e.line.to_string())?;
        append(doc, &li, "strong", "", &format!("Line {}: ", e.line))?;
        append(doc, &li, "code", "", &e.text)?;
        li.append_with_str_1(&format!(" — {}", e.reason))?;
    }
    for notice in history.notices() {
        append(doc, list, "li", "notice", &notice.to_string())?;
    }
    let n = all.len();
    say(
        &els.errors_summary,
        &format!(
            "{n} line{} skipped{}",
            s(n),
            if history.notices().is_empty() {
                ""
            } else {
                "; the input was cut"
            }
        ),
    );
    els.errors_box
        .set_hidden(n == 0 && history.notices().is_empty());
    Ok(())
}

/// The diagram of key `key`: lanes, bars numbered by their place in the (partial) linearization, the
/// op that cannot be placed marked; returns where that op is drawn.
pub(super) fn diagram(
    els: &Elements,
    history: &History,
    report: &Report,
    key: usize,
    zoom: f64,
) -> Result<Option<(f64, f64)>, JsValue> {
    let doc = &els.doc;
    let box_ = &els.diagram;
    box_.set_text_content(None);
    let Some(k) = report.keys.get(key) else {
        return Ok(None);
    };
    let (order, blocked) = match &k.explanation {
        Some(e) => (e.prefix.clone(), Some(e.op)),
        None => (k.linearization.clone(), None),
    };
    let d = layout::layout(history, key, &order, blocked, zoom);
    let title = match k.verdict {
        Verdict::Ok => format!(
            "{}: its ops, numbered in a linearization",
            key_title(&k.key)
        ),
        Verdict::Illegal => format!(
            "{}: the longest linearizable prefix found, numbered, and the op that cannot be placed",
            key_title(&k.key)
        ),
        Verdict::Unknown => format!("{}: its ops (undecided)", key_title(&k.key)),
    };
    say(&els.diagram_title, &title);
    let label = format!("{} ops on {} processes", d.bars.len(), d.lanes.len());
    let svg = svg_diagram(doc, d.width, d.height, &label)?;
    draw_lanes(doc, &svg, &d)?;
    draw_bars(doc, &svg, &d)?;
    box_.append_child(&svg)?;
    // The op that cannot be placed is brought into view once the diagram is shown.
    let blocked_at = d.bars.iter().find(|b| b.blocked).map(|b| (b.x0, b.y));
    say(
        &els.tip,
        "Point at an op, or focus the diagram and use the arrow keys, to see what it did and where it was placed.",
    );
    Ok(blocked_at)
}

/// Scrolls the diagram's box (not the page) as little as brings the op that cannot be placed, drawn at
/// `at`, into view with its label, however wide and tall the diagram: where it is in view already, the
/// process names and the time axis stay in view too. The box must be shown.
pub(super) fn bring_into_view(els: &Elements, at: Option<(f64, f64)>) {
    // Room right of the op's left end for its mark and label, and below its lane's middle.
    const RIGHT_PX: f64 = 40.0;
    const BELOW_PX: f64 = 24.0;
    if let Some((x, y)) = at {
        let b = &els.diagram;
        let (w, h) = (b.client_width() as f64, b.client_height() as f64);
        b.set_scroll_left((x + RIGHT_PX - w).max(0.0) as i32);
        b.set_scroll_top((y + BELOW_PX - h).max(0.0) as i32);
    }
}

fn draw_lanes(doc: &Document, svg: &Element, d: &Diagram) -> Result<(), JsValue> {
    for (x, pos) in &d.ticks {
        node(
            doc,
            svg,
            "line",
            &[
                ("class", "tick"),
                ("x1", &format!("{x:.1}")),
                ("x2", &format!("{x:.1}")),
                ("y1", &format!("{:.1}", TOP_PX - 4.0)),
                ("y2", &format!("{:.1}", d.height - 4.0)),
            ],
        )?;
        node(
            doc,
            svg,
            "text",
            &[
                ("class", "tick-label"),
                ("x", &format!("{x:.1}")),
                ("y", "12"),
            ],
        )?
        .set_text_content(Some(&pos.to_string()));
    }
    for lane in &d.lanes {
        node(
            doc,
            svg,
            "line",
            &[
                ("class", "lane"),
                ("x1", &format!("{LEFT_PX}")),
                ("x2", &format!("{:.1}", d.width)),
                ("y1", &format!("{:.1}", lane.y)),
                ("y2", &format!("{:.1}", lane.y)),
            ],
        )?;
        node(
            doc,
            svg,
            "text",
            &[
                ("class", "lane-name"),
                ("x", "4"),
                ("y", &format!("{:.1}", lane.y + 4.0)),
            ],
        )?
        .set_text_content(Some(&format!("p{}", lane.process)));
    }
    Ok(())
}

fn draw_bars(doc: &Document, svg: &Element, d: &Diagram) -> Result<(), JsValue> {
    for (i, bar) in d.bars.iter().enumerate() {
        let mut class = String::from("op");
        if bar.open {
            class.push_str(" open");
        }
        if bar.blocked {
            class.push_str(" blocked");
        }
        if bar.place.is_some() {
            class.push_str(" placed");
        }
        let g = node(
            doc,
            svg,
            "g",
            &[
                ("class", &class),
                ("data-op", &bar.op.to_string()),
                ("tabindex", if i == 0 { "0" } else { "-1" }),
            ],
        )?;
        node(
            doc,
            &g,
            "rect",
            &[
                ("x", &format!("{:.1}", bar.x0)),
                ("y", &format!("{:.1}", bar.y - 6.0)),
                ("width", &format!("{:.1}", bar.x1 - bar.x0)),
                ("height", "12"),
                ("rx", "3"),
            ],
        )?;
        if !bar.text.is_empty() {
            node(
                doc,
                &g,
                "text",
                &[
                    ("x", &format!("{:.1}", bar.x0 + 1.0)),
                    ("y", &format!("{:.1}", bar.y - 8.0)),
                ],
            )?
            .set_text_content(Some(&bar.text));
        }
    }
    Ok(())
}

/// The op (its index in the history) an event happened on.
pub(super) fn op_of(e: &Event) -> Option<usize> {
    e.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.closest("[data-op]").ok().flatten())
        .and_then(|g| g.get_attribute("data-op"))
        .and_then(|s| s.parse().ok())
}

/// Moves the focus from op `op` to the next or previous op of the diagram (arrow keys, Home, End);
/// true when the key is one of those.
pub(super) fn step_focus(diagram: &Element, op: usize, key: &str) -> bool {
    let Ok(ops) = diagram.query_selector_all("[data-op]") else {
        return false;
    };
    let n = ops.length();
    let at = (0..n).find(|&k| {
        ops.get(k)
            .and_then(|g| g.dyn_into::<Element>().ok())
            .and_then(|g| g.get_attribute("data-op"))
            == Some(op.to_string())
    });
    let Some(at) = at else { return false };
    let next = match key {
        "ArrowRight" | "ArrowDown" => (at + 1).min(n.saturating_sub(1)),
        "ArrowLeft" | "ArrowUp" => at.saturating_sub(1),
        "Home" => 0,
        "End" => n.saturating_sub(1),
        _ => return false,
    };
    for k in 0..n {
        if let Some(g) = ops
            .get(k)
            .and_then(|g| g.dyn_into::<web_sys::SvgElement>().ok())
        {
            let _ = g.set_attribute("tabindex", if k == next { "0" } else { "-1" });
            if k == next {
                let _ = g.focus();
            }
        }
    }
    true
}

/// What op `op` did, where it is in the text, and its place in the linearization found.
pub(super) fn describe(history: &History, report: &Report, op: usize) -> String {
    let Some(o) = history.ops().get(op) else {
        return String::new();
    };
    let lines = match o.completion_line {
        Some(l) => format!(" (lines {}–{l})", o.invoke_line),
        None => {
            " (it never returned: it may have taken effect at any time after its call, or never)"
                .to_owned()
        }
    };
    let key = report
        .keys
        .iter()
        .find(|k| k.key == o.key)
        .filter(|k| !k.key.is_empty())
        .map_or(String::new(), |k| format!(" on key “{}”", k.key));
    let place = match report.places.get(op).copied().flatten() {
        Some(p) => format!("; placed {} in the order found", ordinal(p + 1)),
        None => {
            let blocked = report
                .keys
                .iter()
                .any(|k| k.explanation.as_ref().is_some_and(|e| e.op == op));
            if blocked {
                "; it cannot be placed (see the sentence above)".to_owned()
            } else {
                "; not placed".to_owned()
            }
        }
    };
    format!("{}{key}{lines}{place}.", o.describe())
}

/// 1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, 21st.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
