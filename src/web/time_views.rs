//! The time views' module (`crates/time`, a wasm of its own): loaded when the views are first needed,
//! sent what they are made from, and heard back from. The core keeps the page busy while the module makes
//! and draws them, and says the page shows its link's numbers only once the module has answered.
//!
//! The build writes the module's files' names on `<html data-time-js data-time-wasm>` (`.ci/modules.py`);
//! the module is imported from there (its own origin, so the page's CSP allows it, in a sandboxed iframe
//! too: the host sends CORS headers, as for the core's own files).

use super::{dom, Page};
use crate::app::App;
use crate::consistency::history::History;
use crate::consistency::model::{Inputs, Summary, View};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

// Imports the module and instantiates its wasm; resolves to the module's exports.
// (Relative names are the page's: resolved against the document, not this snippet's own address.)
#[wasm_bindgen(inline_js = "export function importModule(js, wasm) {
  const url = (name) => new URL(name, document.baseURI).href;
  return import(url(js)).then(async (m) => { await m.default({ module_or_path: url(wasm) }); return m; });
}")]
extern "C" {
    #[wasm_bindgen(js_name = importModule)]
    fn import_module(js: &str, wasm: &str) -> js_sys::Promise;
}

/// Where the module is in its life.
enum State {
    Unloaded,
    Loading,
    /// Mounted: its exports (`update`).
    Ready(JsValue),
    /// It could not be loaded (said in the section); the page goes on without the time views.
    Failed,
}

/// What is sent to the module.
#[derive(Serialize)]
struct Update<'a> {
    seq: f64,
    inputs: &'a Inputs,
    view: View,
}

/// What the module answers.
#[derive(Deserialize)]
struct Done {
    seq: f64,
    summary: Summary,
}

/// The module, and the last inputs sent to it.
pub(super) struct TimeViews {
    state: RefCell<State>,
    sent: RefCell<Option<(f64, Inputs)>>,
    seq: Cell<f64>,
    /// The module has answered for the inputs last sent: the next frame settles the page.
    pub answered: Cell<bool>,
}

impl TimeViews {
    pub(super) fn new() -> TimeViews {
        TimeViews {
            state: RefCell::new(State::Unloaded),
            sent: RefCell::new(None),
            seq: Cell::new(0.0),
            answered: Cell::new(false),
        }
    }

    /// True when the page must wait for the time views: they are shown and wanted, the module has not
    /// failed, and what it said is not for the current inputs.
    pub(super) fn pending(&self, app: &App) -> bool {
        app.time_shown()
            && app.wanted().time()
            && !matches!(*self.state.borrow(), State::Failed)
            && app.time_summary().is_none()
    }

    /// Sends the module the current inputs (loading it first if need be), unless they were sent last.
    pub(super) fn send(&self, page: &Rc<Page>, app: &App) {
        let Some(inputs) = app.time_inputs() else {
            return;
        };
        let module = match &*self.state.borrow() {
            State::Ready(module) => module.clone(),
            State::Failed | State::Loading => return,
            State::Unloaded => JsValue::UNDEFINED,
        };
        if module.is_undefined() {
            self.load(page);
            return;
        }
        if self
            .sent
            .borrow()
            .as_ref()
            .is_some_and(|(_, sent)| *sent == inputs)
        {
            return;
        }
        let seq = self.seq.get() + 1.0;
        self.seq.set(seq);
        let p = app.params();
        let update = Update {
            seq,
            inputs: &inputs,
            view: View {
                embed: p.embed,
                key: p.time.key,
                read: p.read,
                write: p.write,
            },
        };
        let sent = serde_wasm_bindgen::to_value(&update).and_then(|message| {
            let update = js_sys::Reflect::get(&module, &"update".into())?;
            update
                .dyn_into::<js_sys::Function>()?
                .call1(&JsValue::NULL, &message)
                .map_err(serde_wasm_bindgen::Error::from)
        });
        match sent {
            Ok(_) => *self.sent.borrow_mut() = Some((seq, inputs)),
            Err(e) => self.fail(page, &JsValue::from(e)),
        }
    }

    /// Imports the module, mounts it with the core's two functions, then sends it the inputs.
    fn load(&self, page: &Rc<Page>) {
        *self.state.borrow_mut() = State::Loading;
        say(page, "Loading the time views…");
        let root = page.document.document_element();
        let file = |name: &str| root.as_ref().and_then(|r| r.get_attribute(name));
        let (Some(js), Some(wasm)) = (file("data-time-js"), file("data-time-wasm")) else {
            self.fail(page, &"this build names no time module".into());
            return;
        };
        let (p, q) = (page.clone(), page.clone());
        let loaded =
            Closure::<dyn FnMut(JsValue)>::new(move |module: JsValue| p.time_loaded(module));
        let failed = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| q.time.fail(&q, &e));
        let _ = import_module(&js, &wasm).then2(&loaded, &failed);
        loaded.forget();
        failed.forget();
    }

    /// The module is imported: mounts it (with `done` and `link`), then sends it the current inputs.
    pub(super) fn mount(&self, page: &Rc<Page>, module: JsValue) -> Result<(), JsValue> {
        let p = page.clone();
        let done = Closure::<dyn Fn(JsValue)>::new(move |answer: JsValue| p.time_answer(answer));
        let p = page.clone();
        let link = Closure::<dyn Fn(String) -> String>::new(move |text: String| {
            let mut linked = p.app.borrow().params().full_page();
            linked.time.hist = Some(History::parse(&text).0);
            linked.to_fragment()
        });
        let mount =
            js_sys::Reflect::get(&module, &"mount".into())?.dyn_into::<js_sys::Function>()?;
        mount.call2(&JsValue::NULL, done.as_ref(), link.as_ref())?;
        done.forget();
        link.forget();
        *self.state.borrow_mut() = State::Ready(module);
        Ok(())
    }

    /// Reads the module's answer: true (and the app keeps the summary) when it is for the inputs sent
    /// last.
    pub(super) fn answer(&self, app: &mut App, answer: JsValue) -> bool {
        let Ok(done) = serde_wasm_bindgen::from_value::<Done>(answer) else {
            return false;
        };
        let sent = self.sent.borrow();
        let Some((seq, inputs)) = sent.as_ref().filter(|(seq, _)| *seq == done.seq) else {
            return false;
        };
        let _ = seq;
        app.receive_time(inputs.clone(), done.summary);
        true
    }

    /// The module could not be loaded or mounted: said in the section; the page goes on without it.
    pub(super) fn fail(&self, page: &Rc<Page>, e: &JsValue) {
        web_sys::console::error_2(&"ring playground: the time views failed to load".into(), e);
        *self.state.borrow_mut() = State::Failed;
        say(
            page,
            "The time views could not be loaded (see the browser's console).",
        );
        page.time_settled();
    }
}

/// Says `text` where the time views' numbers go, until they are drawn.
fn say(page: &Page, text: &str) {
    for id in [dom::PBS_SUMMARY, dom::HISTORY_FACTS] {
        if let Some(el) = page.document.get_element_by_id(id) {
            el.set_text_content(Some(text));
        }
    }
}
