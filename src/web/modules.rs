//! The page's modules loaded on demand, each a wasm of its own: the time views (`crates/time`) and the
//! real history check (`crates/check`). Each is imported when first needed, mounted with the core's
//! functions, sent what it shows (plain data, with a number), and answers once it shows it; the core
//! keeps the page busy until then, and says the page shows its link's numbers only after.
//!
//! The build writes each module's files on `<html data-NAME-js data-NAME-wasm>` (`.ci/modules.py`); a
//! module is imported from there (the page's own origin, so its CSP allows it, in a sandboxed iframe
//! too: the host sends CORS headers, as for the core's own files).

use super::{dom, Page};
use crate::app::App;
use crate::consistency::history::History;
use crate::consistency::model::{Inputs, Summary, View};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

// Imports a module and instantiates its wasm; resolves to the module's exports. (Relative names are the
// page's: resolved against the document, not this snippet's own address.)
#[wasm_bindgen(inline_js = "export function importModule(js, wasm) {
  const url = (name) => new URL(name, document.baseURI).href;
  return import(url(js)).then(async (m) => { await m.default({ module_or_path: url(wasm) }); return m; });
}")]
extern "C" {
    #[wasm_bindgen(js_name = importModule)]
    fn import_module(js: &str, wasm: &str) -> js_sys::Promise;
}

/// Where a module is in its life.
enum State {
    Unloaded,
    Loading,
    /// Mounted: its exports (`update`).
    Ready(JsValue),
    /// It could not be loaded (said where it shows); the page goes on without it.
    Failed,
}

/// A module, and the inputs last sent to it (`I`), with their number.
pub(super) struct Module<I> {
    /// Its name on `<html>` (`data-NAME-js`) and in messages.
    pub name: &'static str,
    state: RefCell<State>,
    sent: RefCell<Option<(f64, I)>>,
    seq: Cell<f64>,
    /// It has answered (or loaded, or failed): the next frame settles the page, or sends it the inputs.
    pub answered: Cell<bool>,
}

/// An answer: the number of the inputs it is for, and what the module says of them.
#[derive(Deserialize)]
struct Done<T> {
    seq: f64,
    summary: T,
}

impl<I: PartialEq> Module<I> {
    pub(super) fn new(name: &'static str) -> Module<I> {
        Module {
            name,
            state: RefCell::new(State::Unloaded),
            sent: RefCell::new(None),
            seq: Cell::new(0.0),
            answered: Cell::new(false),
        }
    }

    /// True once it could not be loaded.
    pub(super) fn failed(&self) -> bool {
        matches!(*self.state.borrow(), State::Failed)
    }

    /// Sends `inputs` as the message `message(seq, inputs)` to the module's `update` (importing it first
    /// if need be), unless they were the last sent.
    pub(super) fn send(
        &self,
        page: &Rc<Page>,
        inputs: I,
        message: impl FnOnce(f64, &I) -> Result<JsValue, JsValue>,
    ) {
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
        let message = message(seq, &inputs);
        // Recorded before the call: a module may answer within it (nothing to make).
        *self.sent.borrow_mut() = Some((seq, inputs));
        let sent = message.and_then(|message| {
            js_sys::Reflect::get(&module, &"update".into())?
                .dyn_into::<js_sys::Function>()?
                .call1(&JsValue::NULL, &message)
        });
        if let Err(e) = sent {
            self.fail(page, &e);
        }
    }

    /// Imports the module; the page mounts it once it is here ([`Page::module_here`]).
    fn load(&self, page: &Rc<Page>) {
        *self.state.borrow_mut() = State::Loading;
        let root = page.document.document_element();
        let file = |what: &str| {
            root.as_ref()
                .and_then(|r| r.get_attribute(&format!("data-{}-{what}", self.name)))
        };
        let (Some(js), Some(wasm)) = (file("js"), file("wasm")) else {
            self.fail(page, &"this build does not name the module".into());
            return;
        };
        let name = self.name;
        let (p, q) = (page.clone(), page.clone());
        let here =
            Closure::<dyn FnMut(JsValue)>::new(move |module: JsValue| p.module_here(name, module));
        let failed =
            Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| q.module_failed(name, &e));
        let _ = import_module(&js, &wasm).then2(&here, &failed);
        here.forget();
        failed.forget();
    }

    /// Calls the module's `mount` with `args`; from then on it takes inputs.
    pub(super) fn mount(&self, module: JsValue, args: &js_sys::Array) -> Result<(), JsValue> {
        js_sys::Reflect::get(&module, &"mount".into())?
            .dyn_into::<js_sys::Function>()?
            .apply(&JsValue::NULL, args)?;
        *self.state.borrow_mut() = State::Ready(module);
        self.answered.set(true);
        Ok(())
    }

    /// Reads the module's answer: the inputs it is for and what it says of them, when it is for the
    /// inputs sent last.
    pub(super) fn answer<T: for<'de> Deserialize<'de>>(&self, answer: JsValue) -> Option<(I, T)>
    where
        I: Clone,
    {
        let done: Done<T> = serde_wasm_bindgen::from_value(answer).ok()?;
        let sent = self.sent.borrow();
        let (_, inputs) = sent.as_ref().filter(|(seq, _)| *seq == done.seq)?;
        Some((inputs.clone(), done.summary))
    }

    /// The module could not be loaded, mounted or sent its inputs: the page goes on without it.
    pub(super) fn fail(&self, page: &Rc<Page>, e: &JsValue) {
        web_sys::console::error_2(
            &format!("ring playground: the {} module failed", self.name).into(),
            e,
        );
        *self.state.borrow_mut() = State::Failed;
        self.answered.set(true);
        page.request_frame();
    }
}

/// What the time views are sent: the model's inputs and what the views read besides.
#[derive(Serialize)]
struct TimeUpdate<'a> {
    seq: f64,
    inputs: &'a Inputs,
    view: View,
}

/// True when the page must wait for the time views: they are shown and wanted, their module has not
/// failed, and what it said is not for the current inputs.
pub(super) fn time_pending(module: &Module<Inputs>, app: &App) -> bool {
    app.time_shown() && app.wanted().time() && !module.failed() && app.time_summary().is_none()
}

/// Starts loading the modules the link needs at once (its time views, its check) while the core computes
/// its first numbers: their fetch and compile go on beside that work, not after it. They are sent their
/// inputs once the core's numbers are shown, as when loaded by [`send_time`] or [`send_check`].
pub(super) fn warm(page: &Rc<Page>, app: &App) {
    if time_pending(&page.time, app) && matches!(*page.time.state.borrow(), State::Unloaded) {
        say(
            page,
            &[dom::PBS_SUMMARY, dom::HISTORY_FACTS],
            "Loading the time views…",
        );
        page.time.load(page);
    }
    if check_pending(page, app) && matches!(*page.check.state.borrow(), State::Unloaded) {
        say(page, &[dom::CHECK_STATUS], "Loading the checker…");
        page.check.load(page);
    }
}

/// Sends the time views the current inputs (loading their module first if need be).
pub(super) fn send_time(page: &Rc<Page>, app: &App) {
    let Some(inputs) = app.time_inputs() else {
        return;
    };
    if matches!(*page.time.state.borrow(), State::Unloaded) {
        say(
            page,
            &[dom::PBS_SUMMARY, dom::HISTORY_FACTS],
            "Loading the time views…",
        );
    }
    let p = app.params();
    let view = View {
        embed: p.embed,
        key: p.time.key,
        read: p.read,
        write: p.write,
    };
    page.time.send(page, inputs, |seq, inputs| {
        serde_wasm_bindgen::to_value(&TimeUpdate { seq, inputs, view }).map_err(JsValue::from)
    });
}

/// Mounts the time views' module: `done(answer)` and `link(text)` (the link that opens a history,
/// with the rest of the link in force: the core owns the address).
pub(super) fn mount_time(page: &Rc<Page>, module: JsValue) -> Result<(), JsValue> {
    let p = page.clone();
    let done = Closure::<dyn Fn(JsValue)>::new(move |answer: JsValue| {
        let fresh = page_answer(&p, |p, app| {
            p.time
                .answer::<Summary>(answer)
                .map(|(inputs, summary)| app.receive_time(inputs, summary))
                .is_some()
        });
        if fresh {
            p.time.answered.set(true);
            p.request_frame();
        }
    });
    let p = page.clone();
    let link = Closure::<dyn Fn(String) -> String>::new(move |text: String| {
        let mut linked = p.app.borrow().params().full_page();
        linked.time.hist = Some(History::parse(&text).0);
        linked.to_fragment()
    });
    let args = js_sys::Array::of2(done.as_ref(), link.as_ref());
    done.forget();
    link.forget();
    page.time.mount(module, &args)
}

/// What the check section is sent: the link's history (`check=`), and whether the page is embedded.
#[derive(Clone, PartialEq, Serialize)]
pub(super) struct CheckInputs {
    pub check: Option<String>,
    pub embed: bool,
}

#[derive(Serialize)]
struct CheckUpdate<'a> {
    seq: f64,
    check: &'a Option<String>,
    embed: bool,
}

/// What the check section said it shows: the verdict, for the link's history (the section's own
/// `data-*` carry the rest).
#[derive(Deserialize)]
pub(super) struct CheckSummary {}

/// The check section's inputs for the current link.
fn check_inputs(app: &App) -> CheckInputs {
    let p = app.params();
    CheckInputs {
        check: p.check.clone(),
        embed: p.embed,
    }
}

/// True when the page must wait for the check section: it is shown (a link that carries a history or
/// opens at the section, or the section came near the screen), and it has not answered for the link's
/// history.
pub(super) fn check_pending(page: &Page, app: &App) -> bool {
    page.check_shown.get()
        && app.wanted().check
        && !page.check.failed()
        && page.check_answered.borrow().as_ref() != Some(&check_inputs(app))
}

/// Sends the check section the link's history (loading its module first if need be).
pub(super) fn send_check(page: &Rc<Page>, app: &App) {
    if matches!(*page.check.state.borrow(), State::Unloaded) {
        say(page, &[dom::CHECK_STATUS], "Loading the checker…");
    }
    page.check.send(page, check_inputs(app), |seq, inputs| {
        let update = CheckUpdate {
            seq,
            check: &inputs.check,
            embed: inputs.embed,
        };
        serde_wasm_bindgen::to_value(&update).map_err(JsValue::from)
    });
}

/// Mounts the check section's module: `done(answer)`, and `intent(value)` to carry a history in the link
/// (`check=`; null when the text is too long for a link, or empty).
pub(super) fn mount_check(page: &Rc<Page>, module: JsValue) -> Result<(), JsValue> {
    let p = page.clone();
    let done = Closure::<dyn Fn(JsValue)>::new(move |answer: JsValue| {
        if let Some((inputs, CheckSummary {})) = p.check.answer::<CheckSummary>(answer) {
            *p.check_answered.borrow_mut() = Some(inputs);
            p.check.answered.set(true);
            p.request_frame();
        }
    });
    let p = page.clone();
    let intent = Closure::<dyn Fn(JsValue)>::new(move |value: JsValue| {
        p.dispatch(crate::app::Msg::SetCheck(value.as_string()));
    });
    let args = js_sys::Array::of2(done.as_ref(), intent.as_ref());
    done.forget();
    intent.forget();
    page.check.mount(module, &args)
}

/// Runs `f` on the app, unless it is in use (then the answer waits for the module's next one).
fn page_answer(page: &Rc<Page>, f: impl FnOnce(&Rc<Page>, &mut App) -> bool) -> bool {
    match page.app.try_borrow_mut() {
        Ok(mut app) => f(page, &mut app),
        Err(_) => false,
    }
}

/// Says `text` in the elements `ids` (where a module's numbers go, until it draws them).
pub(super) fn say(page: &Page, ids: &[&str], text: &str) {
    for id in ids {
        if let Some(el) = page.document.get_element_by_id(id) {
            el.set_text_content(Some(text));
        }
    }
}

impl Page {
    /// Module `name` is imported: mounted (then, on the next frame, sent its inputs).
    pub(super) fn module_here(self: &Rc<Self>, name: &str, module: JsValue) {
        let mounted = match name {
            "time" => mount_time(self, module),
            _ => mount_check(self, module),
        };
        if let Err(e) = mounted {
            self.module_failed(name, &e);
            return;
        }
        self.request_frame();
    }

    /// Module `name` could not be loaded: the page goes on without it, and says so where it shows.
    pub(super) fn module_failed(self: &Rc<Self>, name: &str, e: &JsValue) {
        if name == "time" {
            say(
                self,
                &[dom::PBS_SUMMARY, dom::HISTORY_FACTS],
                "The time views could not be loaded (see the browser's console).",
            );
            self.time.fail(self, e);
        } else {
            say(
                self,
                &[dom::CHECK_STATUS],
                "The checker could not be loaded (see the browser's console).",
            );
            self.check.fail(self, e);
        }
    }

    /// The time section came near the screen: its views are made from now on.
    pub(super) fn near_time(self: &Rc<Self>) {
        let newly = {
            let mut app = self.app.borrow_mut();
            app.wanted().time() && app.show_time(true)
        };
        if newly {
            self.set_busy(true);
            self.request_frame();
        }
    }

    /// The check section came near the screen: its module is loaded from now on.
    pub(super) fn near_check(self: &Rc<Self>) {
        let wanted = self.app.borrow().wanted().check;
        if wanted && !self.check_shown.replace(true) {
            self.set_busy(true);
            self.request_frame();
        }
    }
}

/// Calls `near` when the element `id` comes within a screen's height of the viewport (the time views and
/// the check are loaded and made only then, unless a link needs them at once).
pub(super) fn listen_near(page: &Rc<Page>, id: &str, near: fn(&Rc<Page>)) -> Result<(), JsValue> {
    let p = page.clone();
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let close = entries.iter().any(|e| {
            e.dyn_into::<web_sys::IntersectionObserverEntry>()
                .is_ok_and(|e| e.is_intersecting())
        });
        if close {
            near(&p);
        }
    });
    let init = web_sys::IntersectionObserverInit::new();
    init.set_root_margin("100% 0px");
    let observer =
        web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init)?;
    observer.observe(&dom::by_id::<web_sys::Element>(&page.document, id)?);
    callback.forget();
    Ok(())
}
