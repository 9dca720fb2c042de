//! The "Check a real history" section in the browser: pasted, opened or dropped text (or a link's
//! `check=`) is read, checked key by key in tasks sized by the time they take (each key stops at its
//! 10 s budget: `unknown`, with how far it got), and drawn ([`draw`]). The core mounts the module with
//! `done` (called once the section shows the link's history) and `intent` (to carry the history in the
//! link, or not), and sends it the link's `check=` ([`update`]).

mod draw;

use crate::{input, link, presets};
use lincheck::{Check, LineError, Report};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement, Window};

/// A task of checking runs for about this many milliseconds, then yields to input and drawing.
const SLICE_MS: f64 = 6.0;
/// The work a key may take before it is stopped as `unknown` (spec section 5).
const KEY_BUDGET_MS: f64 = 10_000.0;
/// The first slice's steps, before the pace is measured.
const FIRST_STEPS: u64 = 200;
/// What the section says while it has no history.
const IDLE: &str = "Checked once you paste or open a history.";
/// Typing rests this long before the text is checked.
const DEBOUNCE_MS: i32 = 400;
/// The progress line is rewritten at most this often.
const PROGRESS_MS: f64 = 100.0;

/// What the core sends: the link's `check=` (if any), and whether the page is embedded.
#[derive(Deserialize)]
struct Update {
    seq: f64,
    check: Option<String>,
    #[allow(dead_code)]
    embed: bool,
}

/// The answer: the update's number (the section shows its history, or has none to show).
#[derive(Serialize)]
struct Done {
    seq: f64,
    summary: Empty,
}

#[derive(Serialize)]
struct Empty {}

/// A check under way or done: the text, its history, the search, the time each key took.
struct Run {
    check: Check,
    /// `hist=` items dropped (the other formats' skipped lines are the history's own).
    hist_errors: Vec<LineError>,
    spent_ms: Vec<f64>,
    /// Reading the text (parsing and pairing), ms.
    read_ms: f64,
    report: Option<Report>,
}

thread_local! {
    static SECTION: RefCell<Option<Rc<Section>>> = const { RefCell::new(None) };
}

/// The mounted section.
struct Section {
    window: Window,
    performance: Option<web_sys::Performance>,
    done: js_sys::Function,
    intent: js_sys::Function,
    els: draw::Elements,
    input: HtmlTextAreaElement,
    file: HtmlInputElement,
    /// The text being (or last) checked.
    text: RefCell<String>,
    run: RefCell<Option<Run>>,
    /// The key the diagram shows, and its zoom.
    selected: Cell<Option<usize>>,
    zoom: Cell<f64>,
    /// Updates to answer once the check is done.
    waiting: RefCell<Vec<f64>>,
    debounce: Cell<Option<i32>>,
    /// Steps of the search per millisecond, as last measured.
    pace: Cell<Option<f64>>,
    said_at: Cell<f64>,
    channel: web_sys::MessageChannel,
    work_queued: Cell<bool>,
}

/// Mounts the section; `done(answer)` and `intent(value)` are the core's.
#[wasm_bindgen]
pub fn mount(done: js_sys::Function, intent: js_sys::Function) -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    let window = web_sys::window().ok_or("no window")?;
    let document = ring_dom::document()?;
    let section = Rc::new(Section {
        els: draw::Elements::find(&document)?,
        input: ring_dom::by_id(&document, "check-input")?,
        file: ring_dom::by_id(&document, "check-file")?,
        performance: window.performance(),
        window,
        done,
        intent,
        text: RefCell::new(String::new()),
        run: RefCell::new(None),
        selected: Cell::new(None),
        zoom: Cell::new(1.0),
        waiting: RefCell::new(Vec::new()),
        debounce: Cell::new(None),
        pace: Cell::new(None),
        said_at: Cell::new(0.0),
        channel: web_sys::MessageChannel::new()?,
        work_queued: Cell::new(false),
    });
    let worker = section.clone();
    let on_message = Closure::<dyn Fn()>::new(move || worker.work());
    section
        .channel
        .port1()
        .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    listen(&section, &document)?;
    draw::say(&section.els.status, IDLE);
    SECTION.with(|s| *s.borrow_mut() = Some(section.clone()));
    // What the reader chose or typed while the checker was loading is checked now, not lost.
    if let Some(file) = section.file.files().and_then(|f| f.get(0)) {
        section.read_file(file);
    } else if !section.input.value().trim().is_empty() {
        section.debounced();
    }
    Ok(())
}

/// Takes the link's history (`{ seq, check, embed }`): checks it if it is new; answers once the section
/// shows it (a link without one is answered at once, the section keeping what was pasted).
#[wasm_bindgen]
pub fn update(message: JsValue) -> Result<(), JsValue> {
    let update: Update = serde_wasm_bindgen::from_value(message)?;
    let section = SECTION
        .with(|s| s.borrow().clone())
        .ok_or("the check is not mounted")?;
    section.waiting.borrow_mut().push(update.seq);
    if let Some(value) = update.check {
        let text = match value.strip_prefix("p.") {
            Some(name) => presets::text(name)
                .map(str::to_owned)
                .ok_or("no such preset"),
            None => link::decode(&value),
        };
        match text {
            Ok(text) if text != *section.text.borrow() => {
                section.input.set_value(&text);
                section.start(text);
                return Ok(());
            }
            Ok(_) => {}
            Err(why) => draw::say(
                &section.els.status,
                &format!("This link's history could not be read: {why}."),
            ),
        }
    }
    if section
        .run
        .borrow()
        .as_ref()
        .is_none_or(|r| r.report.is_some())
    {
        section.answer();
    }
    Ok(())
}

impl Section {
    fn now(&self) -> f64 {
        self.performance.as_ref().map_or(0.0, |p| p.now())
    }

    /// Reads `text` and starts checking it.
    fn start(self: &Rc<Self>, text: String) {
        let began = self.now();
        let history = input::read(&text);
        let hist_errors = input::hist_errors(&text);
        let read_ms = self.now() - began;
        let keys = history.keys().len();
        *self.text.borrow_mut() = text;
        self.selected.set(None);
        *self.run.borrow_mut() = Some(Run {
            check: Check::new(history),
            hist_errors,
            spent_ms: vec![0.0; keys],
            read_ms,
            report: None,
        });
        let _ = self.els.section.set_attribute("aria-busy", "true");
        self.els.result.set_hidden(true);
        let _ = self.els.result.remove_attribute("data-check-result");
        self.said_at.set(0.0);
        self.say_progress();
        self.queue_work();
    }

    /// The text the user typed, pasted, opened or dropped: checked, and put in the link if it fits.
    fn take(self: &Rc<Self>, text: String) {
        if text == *self.text.borrow() {
            if self
                .run
                .borrow()
                .as_ref()
                .is_none_or(|r| r.report.is_some())
            {
                self.show();
                let _ = self.els.section.remove_attribute("aria-busy");
            }
            return;
        }
        let trimmed = text.trim();
        let value = if trimmed.is_empty() {
            None
        } else {
            presets::PRESETS
                .iter()
                .find(|p| p.2 == text)
                .map(|p| format!("p.{}", p.0))
                .or_else(|| Some(link::encode(&text)))
        };
        let fits = value.as_deref().is_none_or(link::fits);
        draw::say(
            &self.els.share,
            if fits {
                ""
            } else {
                "This history is too large to share by link: the link does not carry it."
            },
        );
        let carried = value.filter(|v| link::fits(v));
        let _ = self.intent.call1(
            &JsValue::NULL,
            &carried.map_or(JsValue::NULL, |v| JsValue::from_str(&v)),
        );
        if trimmed.is_empty() {
            *self.text.borrow_mut() = text;
            *self.run.borrow_mut() = None;
            self.els.result.set_hidden(true);
            let _ = self.els.result.remove_attribute("data-check-result");
            let _ = self.els.section.remove_attribute("aria-busy");
            draw::say(&self.els.status, IDLE);
            return;
        }
        self.start(text);
    }

    fn queue_work(&self) {
        if self.work_queued.replace(true) {
            return;
        }
        if self.channel.port2().post_message(&JsValue::NULL).is_err() {
            self.work_queued.set(false);
        }
    }

    /// A task: the search for about [`SLICE_MS`] (its steps sized by their measured pace), each key
    /// stopped at its budget; once every key is decided, the result is drawn.
    fn work(self: &Rc<Self>) {
        self.work_queued.set(false);
        let began = self.now();
        let finished = {
            let mut run = self.run.borrow_mut();
            let Some(run) = run.as_mut().filter(|r| r.report.is_none()) else {
                return;
            };
            loop {
                let left = SLICE_MS - (self.now() - began);
                if left <= 0.0 {
                    break false;
                }
                let steps = self
                    .pace
                    .get()
                    .map_or(FIRST_STEPS, |p| ((p * left) as u64).clamp(16, 1 << 24));
                let key = run.check.current();
                let t = self.now();
                let done = run.check.advance(steps);
                let took = self.now() - t;
                if took > 0.2 {
                    self.pace.set(Some(steps as f64 / took));
                }
                if let Some(k) = key {
                    run.spent_ms[k] += took;
                    if run.spent_ms[k] > KEY_BUDGET_MS && run.check.current() == Some(k) {
                        run.check.stop_current();
                    }
                }
                if done || run.check.is_done() {
                    run.report = Some(run.check.report());
                    break true;
                }
            }
        };
        if finished {
            self.show();
        } else {
            self.say_progress();
            self.queue_work();
        }
    }

    /// The progress line, at most every [`PROGRESS_MS`].
    fn say_progress(&self) {
        let now = self.now();
        if now - self.said_at.get() < PROGRESS_MS {
            return;
        }
        self.said_at.set(now);
        if let Some(run) = self.run.borrow().as_ref() {
            draw::say(&self.els.status, &draw::progress(&run.check, &run.spent_ms));
        }
    }

    /// Draws the result and answers the updates waiting.
    fn show(self: &Rc<Self>) {
        {
            let run = self.run.borrow();
            let Some(run) = run.as_ref() else { return };
            let Some(report) = &run.report else { return };
            if self.selected.get().is_none() {
                self.selected.set(Some(draw::first_to_show(report)));
            }
            let drawn = draw::result(
                &self.els,
                run,
                report,
                self.selected.get().unwrap_or(0),
                self.zoom.get(),
            );
            if let Err(e) = drawn {
                web_sys::console::error_2(&"ring playground: drawing the check failed".into(), &e);
            }
        }
        let _ = self.els.section.remove_attribute("aria-busy");
        self.answer();
    }

    /// Redraws the diagram (another key, another zoom).
    fn redraw(self: &Rc<Self>) {
        let run = self.run.borrow();
        if let Some((run, report)) = run.as_ref().and_then(|r| r.report.as_ref().map(|p| (r, p))) {
            let key = self.selected.get().unwrap_or(0);
            if let Ok(at) =
                draw::diagram(&self.els, run.check.history(), report, key, self.zoom.get())
            {
                draw::bring_into_view(&self.els, at);
            }
        }
    }

    /// Answers every update waiting.
    fn answer(&self) {
        for seq in self.waiting.borrow_mut().drain(..) {
            if let Ok(answer) = serde_wasm_bindgen::to_value(&Done {
                seq,
                summary: Empty {},
            }) {
                let _ = self.done.call1(&JsValue::NULL, &answer);
            }
        }
    }

    /// Checks the text area's text once typing rests; until then the section is busy and shows no
    /// result (the one it showed was for the text before).
    fn debounced(self: &Rc<Self>) {
        let _ = self.els.section.set_attribute("aria-busy", "true");
        let _ = self.els.result.remove_attribute("data-check-result");
        if let Some(id) = self.debounce.take() {
            self.window.clear_timeout_with_handle(id);
        }
        let s = self.clone();
        let callback = Closure::once_into_js(move || {
            s.debounce.set(None);
            let text = s.input.value();
            s.take(text);
        });
        if let Ok(id) = self
            .window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.unchecked_ref(),
                DEBOUNCE_MS,
            )
        {
            self.debounce.set(Some(id));
        }
    }

    /// Reads a file (opened or dropped) as text, then checks it.
    fn read_file(self: &Rc<Self>, file: web_sys::File) {
        let _ = self.els.section.set_attribute("aria-busy", "true");
        let _ = self.els.result.remove_attribute("data-check-result");
        let s = self.clone();
        let read = Closure::<dyn FnMut(JsValue)>::new(move |text: JsValue| {
            if let Some(text) = text.as_string() {
                s.input.set_value(&text);
                s.take(text);
            }
        });
        let _ = file.text().then(&read);
        read.forget();
    }
}

/// The text area (pasted or typed, checked once typing rests), the file picker, drops on the section,
/// the keys' rows (which key the diagram shows), the zoom, and the diagram's ops by pointer and keys.
fn listen(section: &Rc<Section>, doc: &Document) -> Result<(), JsValue> {
    let s = section.clone();
    ring_dom::on(&section.input, "input", move |_| s.debounced())?;
    let s = section.clone();
    ring_dom::on(&section.file, "change", move |_| {
        if let Some(file) = s.file.files().and_then(|f| f.get(0)) {
            s.read_file(file);
        }
    })?;
    let target: &web_sys::EventTarget = &section.els.section;
    ring_dom::on(target, "dragover", |e| e.prevent_default())?;
    let s = section.clone();
    ring_dom::on(target, "drop", move |e| {
        e.prevent_default();
        let Some(data) = e
            .dyn_ref::<web_sys::DragEvent>()
            .and_then(|d| d.data_transfer())
        else {
            return;
        };
        if let Some(file) = data.files().and_then(|f| f.get(0)) {
            s.read_file(file);
        } else if let Ok(text) = data.get_data("text/plain") {
            s.input.set_value(&text);
            s.take(text);
        }
    })?;
    let s = section.clone();
    ring_dom::on(&section.els.keys_body, "click", move |e| {
        let key = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("[data-key-index]").ok().flatten())
            .and_then(|row| row.get_attribute("data-key-index"))
            .and_then(|k| k.parse().ok());
        if let Some(key) = key {
            s.selected.set(Some(key));
            s.redraw();
        }
    })?;
    for (id, factor) in [("check-zoom-in", 2.0), ("check-zoom-out", 0.5)] {
        let s = section.clone();
        let button: HtmlElement = ring_dom::by_id(doc, id)?;
        ring_dom::on(&button, "click", move |_| {
            let zoom =
                (s.zoom.get() * factor).clamp(crate::layout::ZOOM_MIN, crate::layout::ZOOM_MAX);
            s.zoom.set(zoom);
            s.redraw();
        })?;
    }
    for event in ["pointerover", "focusin"] {
        let s = section.clone();
        ring_dom::on(&section.els.diagram, event, move |e| {
            if let Some(op) = draw::op_of(&e) {
                s.name_op(op);
            }
        })?;
    }
    let s = section.clone();
    ring_dom::on(&section.els.diagram, "keydown", move |e| {
        let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()) else {
            return;
        };
        let Some(op) = draw::op_of(&e) else { return };
        let moved = draw::step_focus(&s.els.diagram, op, &key);
        if moved {
            e.prevent_default();
        }
    })?;
    Ok(())
}

impl Section {
    /// Names op `op` in the tip line: who did what, its lines, its place in the linearization.
    fn name_op(&self, op: usize) {
        let run = self.run.borrow();
        if let Some((run, report)) = run.as_ref().and_then(|r| r.report.as_ref().map(|p| (r, p))) {
            draw::say(
                &self.els.tip,
                &draw::describe(run.check.history(), report, op),
            );
        }
    }
}
