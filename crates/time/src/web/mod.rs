//! The time views in the browser, a wasm module of their own: the page's core loads it when the views
//! are needed (a link about time, a tour caption that reads them, or their section coming near the
//! screen), [`mount`]s it, and sends it what the views are made from ([`update`]: the watched key's nodes
//! and the link's time settings, as plain data). It makes the history and the PBS model in tasks sized by
//! the time they take, draws them a part per frame, and answers with their [`Summary`] (the numbers a
//! tour caption reads); the core says the page is no longer busy only then.

mod dom;
mod history;
mod staleness;

use crate::model::{Inputs, Model, Shown, Summary, View};
use history::{HistoryView, HISTORY_PARTS};
use serde::{Deserialize, Serialize};
use staleness::StalenessView;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, HtmlInputElement, Window};

/// A task of work runs for about this many milliseconds, then yields to input and drawing.
const SLICE_MS: f64 = 4.0;
/// Past this many milliseconds of drawing in a frame, the next part waits for the next frame.
const FRAME_MS: f64 = 6.0;
/// The first unit of the PBS model's trials, before their pace is measured.
const FIRST_TRIALS: u32 = 500;

/// What the core sends: the inputs, what the views read besides, and a number the answer repeats.
#[derive(Clone, Deserialize)]
struct Update {
    seq: f64,
    inputs: Inputs,
    view: View,
}

/// The answer: the update's number and the summary of the views drawn for it.
#[derive(Serialize)]
struct Done<'a> {
    seq: f64,
    summary: &'a Summary,
}

thread_local! {
    static VIEWS: RefCell<Option<Rc<Views>>> = const { RefCell::new(None) };
}

/// The mounted views, the model, and the work under way.
struct Views {
    window: Window,
    document: Document,
    performance: Option<web_sys::Performance>,
    /// The core's functions: `done(answer)` once the views show an update; `link(text)` for the link
    /// that opens a history.
    done: js_sys::Function,
    link: js_sys::Function,
    /// The time section: `aria-busy` while the views are made.
    section: Element,
    model: RefCell<Model>,
    /// The latest update, and how many parts of the views are drawn for it.
    update: RefCell<Option<Update>>,
    parts: Cell<usize>,
    /// The PBS model's trials per millisecond, as last measured.
    pace: Cell<Option<f64>>,
    channel: web_sys::MessageChannel,
    work_queued: Cell<bool>,
    frame_requested: Cell<bool>,
    history: HistoryView,
    staleness: StalenessView,
}

/// Mounts the views on the page's time section; `done` and `link` are the core's (see [`Views`]).
#[wasm_bindgen]
pub fn mount(done: js_sys::Function, link: js_sys::Function) -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    let window = web_sys::window().ok_or("no window")?;
    let document = dom::document()?;
    let views = Rc::new(Views {
        history: HistoryView::find(&document)?,
        staleness: StalenessView::find(&document)?,
        section: dom::by_id(&document, dom::TIME)?,
        performance: window.performance(),
        window,
        document,
        done,
        link,
        model: RefCell::new(Model::default()),
        update: RefCell::new(None),
        parts: Cell::new(0),
        pace: Cell::new(None),
        channel: web_sys::MessageChannel::new()?,
        work_queued: Cell::new(false),
        frame_requested: Cell::new(false),
    });
    let worker = views.clone();
    let on_message = Closure::<dyn Fn()>::new(move || worker.work());
    views
        .channel
        .port1()
        .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    listen(&views)?;
    VIEWS.with(|v| *v.borrow_mut() = Some(views));
    Ok(())
}

/// Takes what the views are made from now (an `Update`: `{ seq, inputs, view }`); the views are made
/// and drawn in tasks of their own, and `done` is called once they show it.
#[wasm_bindgen]
pub fn update(message: JsValue) -> Result<(), JsValue> {
    let update: Update = serde_wasm_bindgen::from_value(message)?;
    let views = VIEWS
        .with(|v| v.borrow().clone())
        .ok_or("the time views are not mounted")?;
    *views.update.borrow_mut() = Some(update);
    views.parts.set(0);
    let _ = views.section.set_attribute("aria-busy", "true");
    views.queue_work();
    Ok(())
}

/// The link that opens `text` as a hand-made history with the rest of the link in force (the core's).
fn link_with(text: &str) -> String {
    VIEWS
        .with(|v| v.borrow().clone())
        .and_then(|views| {
            views
                .link
                .call1(&JsValue::NULL, &JsValue::from_str(text))
                .ok()
        })
        .and_then(|link| link.as_string())
        .unwrap_or_default()
}

impl Views {
    fn now(&self) -> f64 {
        self.performance.as_ref().map_or(0.0, |p| p.now())
    }

    fn queue_work(&self) {
        if self.work_queued.replace(true) {
            return;
        }
        if self.channel.port2().post_message(&JsValue::NULL).is_err() {
            self.work_queued.set(false);
        }
    }

    fn request_frame(self: &Rc<Self>) {
        if self.frame_requested.replace(true) {
            return;
        }
        let views = self.clone();
        let callback = Closure::once_into_js(move |_: f64| views.frame());
        if self
            .window
            .request_animation_frame(callback.unchecked_ref())
            .is_err()
        {
            self.frame_requested.set(false);
        }
    }

    /// A task of work: units of the model for about [`SLICE_MS`] (the PBS model's units sized by their
    /// measured pace to what is left of it); once the views' results are current, a frame draws them.
    fn work(self: &Rc<Self>) {
        self.work_queued.set(false);
        let Some(update) = self.update.borrow().clone() else {
            return;
        };
        let began = self.now();
        let mut model = self.model.borrow_mut();
        loop {
            let left = SLICE_MS - (self.now() - began);
            let trials = match self.pace.get() {
                Some(per_ms) => (per_ms * left.max(0.5)) as u32,
                None => FIRST_TRIALS,
            };
            let unit = self.now();
            let stage = model.next_stage(&update.inputs);
            if !model.advance(&update.inputs, trials.max(1)) {
                drop(model);
                self.request_frame();
                return;
            }
            let took = self.now() - unit;
            if stage == Some(crate::model::Stage::Staleness) && took > 0.05 {
                self.pace.set(Some(trials.max(1) as f64 / took));
            }
            if self.now() - began >= SLICE_MS {
                break;
            }
        }
        drop(model);
        self.queue_work();
    }

    /// A frame: the next parts of the views (as many as fit in [`FRAME_MS`], at least one): the PBS
    /// model, then the history's parts; once all are drawn, the answer to the core.
    fn frame(self: &Rc<Self>) {
        self.frame_requested.set(false);
        let Some(update) = self.update.borrow().clone() else {
            return;
        };
        let model = self.model.borrow();
        if model.next_stage(&update.inputs).is_some() {
            drop(model);
            self.queue_work();
            return;
        }
        let want = update.inputs.want;
        let shown = model.current_history(&update.inputs).cloned();
        let pbs = model.current_staleness(&update.inputs).cloned();
        let summary = model.summary(&update.inputs);
        drop(model);
        let total = 1 + HISTORY_PARTS;
        let began = self.now();
        let mut part = self.parts.get();
        while part < total {
            if part > self.parts.get() && self.now() - began > FRAME_MS {
                break;
            }
            let drawn = match (part, &pbs, &shown) {
                (0, Some(pbs), _) if want.staleness => {
                    let size = self.staleness.size();
                    self.staleness.render(
                        &self.window,
                        &self.document,
                        pbs,
                        &update.view,
                        ring_dom::ink(&self.window),
                        size,
                    )
                }
                (1.., _, Some(shown)) if want.history => self.history.render(
                    &self.document,
                    shown,
                    &update.inputs,
                    &update.view,
                    part - 1,
                ),
                _ => Ok(()),
            };
            if let Err(e) = drawn {
                web_sys::console::error_2(&"ring playground: the time views failed".into(), &e);
            }
            part += 1;
        }
        self.parts.set(part);
        if part < total {
            self.request_frame();
            return;
        }
        let _ = self.section.remove_attribute("aria-busy");
        let answer = Done {
            seq: update.seq,
            summary: &summary,
        };
        match serde_wasm_bindgen::to_value(&answer) {
            Ok(answer) => {
                let _ = self.done.call1(&JsValue::NULL, &answer);
            }
            Err(e) => {
                web_sys::console::error_2(&"ring playground: the answer failed".into(), &e.into())
            }
        }
    }

    /// The history the diagram shows, if any.
    fn shown(&self) -> Option<Rc<Shown>> {
        self.model.borrow().history().cloned()
    }
}

/// The diagram's ops named under the pointer or the focus, moved between with the arrow keys; a verdict's
/// ops marked while it is pointed at or focused; the messages shown or hidden.
fn listen(views: &Rc<Views>) -> Result<(), JsValue> {
    let doc = &views.document;
    let diagram: web_sys::EventTarget = dom::by_id(doc, dom::HISTORY_DIAGRAM)?;
    for event in ["pointerover", "focusin"] {
        let v = views.clone();
        dom::on(&diagram, event, move |e| {
            if let (Some(op), Some(shown)) = (op_of(&e), v.shown()) {
                v.history.show_op(&shown, op);
            }
        })?;
    }
    let v = views.clone();
    dom::on(&diagram, "keydown", move |e| {
        let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()) else {
            return;
        };
        let Some(op) = op_of(&e) else { return };
        let count = v.shown().map_or(0, |h| h.history.ops.len());
        let next = match key.as_str() {
            "ArrowRight" | "ArrowDown" => (op + 1).min(count.saturating_sub(1)),
            "ArrowLeft" | "ArrowUp" => op.saturating_sub(1),
            "Home" => 0,
            "End" => count.saturating_sub(1),
            _ => return,
        };
        e.prevent_default();
        v.history.focus_op(next);
    })?;
    let verdicts: web_sys::EventTarget = dom::by_id(doc, dom::VERDICTS)?;
    for (event, on_it) in [
        ("pointerover", true),
        ("focusin", true),
        ("pointerout", false),
        ("focusout", false),
    ] {
        let v = views.clone();
        dom::on(&verdicts, event, move |e| {
            let witness = on_it
                .then(|| {
                    e.target()
                        .and_then(|t| t.dyn_into::<Element>().ok())
                        .and_then(|t| t.closest("[data-witness]").ok().flatten())
                        .and_then(|li| li.get_attribute("data-witness"))
                })
                .flatten();
            let _ = v.history.highlight(witness.as_deref());
        })?;
    }
    let v = views.clone();
    let messages: HtmlInputElement = dom::by_id(doc, dom::HISTORY_MESSAGES)?;
    let shown = messages.clone();
    dom::on(&messages, "change", move |_| {
        let _ = v.history.show_messages(shown.checked());
    })?;
    Ok(())
}

/// The op (its index in the history) an event happened on, from the `data-op` of the target or an
/// ancestor.
fn op_of(e: &Event) -> Option<usize> {
    e.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.closest("[data-op]").ok().flatten())
        .and_then(|g| g.get_attribute("data-op"))
        .and_then(|s| s.parse().ok())
}
