//! The browser side: the only code that touches wasm-bindgen and web-sys.
//!
//! One path changes the page: [`Page::dispatch`] queues a [`Msg`]; once per animation frame the queue is
//! applied with [`App::update`], the address bar is rewritten, and the page redrawn.

mod compare;
mod controls;
mod curve;
mod dom;
mod experiment;
mod export;
mod load;
mod paint;
mod ring_view;
mod service;
mod view;

use crate::app::{App, Msg};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Window};

/// Entry point: set the panic hook, mount the page; a failure is shown on the page.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    Page::mount().map_err(|e| {
        dom::show_fatal(&e.as_string().unwrap_or_else(|| format!("{e:?}")));
        e
    })
}

/// The current numbers, as a plain object (for tests and the console): `wasmBindings.report()`.
#[wasm_bindgen]
pub fn report() -> JsValue {
    PAGE.with(|p| match p.borrow().as_ref() {
        Some(page) => {
            serde_wasm_bindgen::to_value(&Snapshot::of(&page.app.borrow())).unwrap_or(JsValue::NULL)
        }
        None => JsValue::NULL,
    })
}

#[derive(serde::Serialize)]
struct Snapshot<'a> {
    params: &'a crate::params::Params,
    fragment: String,
    names: &'a [String],
    report: &'a crate::app::Report,
    /// Every strategy side by side, once computed for the current inputs.
    comparison: Option<&'a [crate::compare::CompareRow]>,
}

impl<'a> Snapshot<'a> {
    fn of(app: &'a App) -> Snapshot<'a> {
        Snapshot {
            params: app.params(),
            fragment: app.params().to_fragment(),
            names: app.names(),
            report: app.report(),
            comparison: app.comparison(),
        }
    }
}

thread_local! {
    static PAGE: RefCell<Option<Rc<Page>>> = const { RefCell::new(None) };
}

/// The mounted page: the app, its elements, and the queue of intents waiting for the next frame.
pub(crate) struct Page {
    window: Window,
    document: Document,
    app: RefCell<App>,
    pending: RefCell<Vec<Msg>>,
    frame_requested: Cell<bool>,
    /// Redraw even if no intent changed the app (resize, first paint).
    dirty: Cell<bool>,
    /// The app generation the picture and tables show.
    rendered: Cell<Option<u64>>,
    controls: controls::Controls,
    view: RefCell<view::View>,
    /// Timer that computes the balance curve and the comparison once the sliders rest.
    rest_timer: Cell<Option<i32>>,
    /// The virtual node (index into the ring before the change) chosen with the keyboard on the ring.
    ring_slot: Cell<Option<usize>>,
}

/// How long the inputs must rest before the balance curve and the comparison are computed.
const REST_DELAY_MS: i32 = 250;

impl Page {
    fn mount() -> Result<(), JsValue> {
        let window = web_sys::window().ok_or("no window")?;
        let document = dom::document()?;
        let hash = window.location().hash().unwrap_or_default();
        let app = App::from_fragment(&hash);
        let page = Rc::new(Page {
            controls: controls::Controls::find(&document)?,
            view: RefCell::new(view::View::find(&document)?),
            window,
            document,
            app: RefCell::new(app),
            pending: RefCell::new(Vec::new()),
            frame_requested: Cell::new(false),
            dirty: Cell::new(true),
            rendered: Cell::new(None),
            rest_timer: Cell::new(None),
            ring_slot: Cell::new(None),
        });
        controls::listen(&page)?;
        PAGE.with(|p| *p.borrow_mut() = Some(page.clone()));
        page.write_address();
        page.request_frame();
        Ok(())
    }

    /// Queues a user intent; it is applied on the next animation frame. A newer intent of the same kind
    /// replaces an older one still waiting, so dragging a slider computes once per frame.
    pub(crate) fn dispatch(self: &Rc<Self>, msg: Msg) {
        {
            let mut pending = self.pending.borrow_mut();
            pending.retain(|m| !msg.replaces(m));
            pending.push(msg);
        }
        self.request_frame();
    }

    /// Asks for a redraw without a change of state (the canvas was resized).
    pub(crate) fn invalidate(self: &Rc<Self>) {
        self.dirty.set(true);
        self.request_frame();
    }

    fn request_frame(self: &Rc<Self>) {
        if self.frame_requested.replace(true) {
            return;
        }
        let page = self.clone();
        let callback = Closure::once_into_js(move |_: f64| page.frame());
        if self
            .window
            .request_animation_frame(callback.unchecked_ref())
            .is_err()
        {
            self.frame_requested.set(false);
        }
    }

    fn frame(self: &Rc<Self>) {
        self.frame_requested.set(false);
        let msgs: Vec<Msg> = self.pending.borrow_mut().drain(..).collect();
        let mut changed = false;
        let mut opened_link = false;
        for msg in msgs {
            let from_link = matches!(msg, Msg::OpenFragment(_));
            opened_link |= from_link;
            let did = self.app.borrow_mut().update(msg);
            changed |= did;
            if did && !from_link {
                self.controls.clear_copy_status();
            }
        }
        // An edited address is rewritten to what was used, even when that changed nothing.
        if changed || opened_link {
            self.write_address();
        }
        let dirty = self.dirty.replace(false);
        if changed || dirty {
            let app = self.app.borrow();
            self.controls.sync(&self.document, &app);
            // A setting the strategy does not read (virtual nodes under maglev, say) changes only the
            // controls, the curve's marker and the comparison; the picture and tables stay.
            let view = if dirty || self.rendered.get() != Some(app.generation()) {
                self.view
                    .borrow_mut()
                    .render(&self.window, &self.document, &app)
            } else {
                self.view
                    .borrow()
                    .render_rested(&self.window, &self.document, &app)
            };
            self.rendered.set(Some(app.generation()));
            if let Err(e) = view {
                web_sys::console::error_2(&"ring playground: drawing failed".into(), &e);
            }
            if app.curve().is_none() || app.comparison().is_none() {
                self.schedule_rest();
            }
        }
    }

    /// (Re)starts the timer that computes the balance curve and the comparison, so they run only once
    /// the inputs rest.
    fn schedule_rest(self: &Rc<Self>) {
        self.schedule_rest_in(REST_DELAY_MS);
    }

    fn schedule_rest_in(self: &Rc<Self>, delay_ms: i32) {
        if let Some(id) = self.rest_timer.take() {
            self.window.clear_timeout_with_handle(id);
        }
        let page = self.clone();
        let callback = Closure::once_into_js(move || page.rested());
        if let Ok(id) = self
            .window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.unchecked_ref(),
                delay_ms,
            )
        {
            self.rest_timer.set(Some(id));
        }
    }

    /// Once the inputs rest: the balance curve and the comparison, a step at a time (a point of the
    /// curve, a strategy of the comparison), each in its own task so that input is handled between steps.
    /// New input stops the work; the next frame starts it again.
    fn rested(self: &Rc<Self>) {
        self.rest_timer.set(None);
        if self.frame_requested.get() {
            return;
        }
        let stepped = {
            let mut app = self.app.borrow_mut();
            let performance = self.window.performance();
            let mut clock = || performance.as_ref().map_or(0.0, |p| p.now());
            app.rest_step(&mut clock)
        };
        if let Err(e) =
            self.view
                .borrow()
                .render_rested(&self.window, &self.document, &self.app.borrow())
        {
            web_sys::console::error_2(&"ring playground: drawing the comparison failed".into(), &e);
        }
        if stepped {
            self.schedule_rest_in(0);
        }
    }

    /// Outlines the arc under the pointer and names its virtual node (no change of state).
    pub(crate) fn hover(&self, x: f64, y: f64) {
        if let (Ok(view), Ok(app)) = (self.view.try_borrow(), self.app.try_borrow()) {
            if let Err(e) = view.ring.hover(&app, x, y) {
                web_sys::console::error_2(&"ring playground: hover failed".into(), &e);
            }
        }
    }

    /// Keyboard on the ring: moves to the next (`step` 1) or previous (-1) virtual node clockwise, or to
    /// the first (`i64::MIN`) or last (`i64::MAX`), shows it as hovering would, and says it.
    pub(crate) fn step_ring(&self, step: i64) {
        let (Ok(view), Ok(app)) = (self.view.try_borrow(), self.app.try_borrow()) else {
            return;
        };
        let len = app.ring_before().map_or(0, |r| r.len()) as i64;
        if len == 0 {
            view.experiment.say(&format!(
                "{} has no ring to step through; the load table and the comparison give its numbers.",
                app.strategy().title()
            ));
            return;
        }
        let slot = match (step, self.ring_slot.get()) {
            (i64::MIN, _) => 0,
            (i64::MAX, _) => len - 1,
            (s, None) => {
                if s > 0 {
                    0
                } else {
                    len - 1
                }
            }
            (s, Some(j)) => (j as i64 + s).rem_euclid(len),
        } as usize;
        self.ring_slot.set(Some(slot));
        if let Some((x, y)) = app.arc(slot, false).map(|arc| view.ring.point_of_arc(&arc)) {
            match view.ring.hover(&app, x, y) {
                Ok(Some(text)) => view
                    .experiment
                    .say(&format!("Virtual node {} of {len}: {text}", slot + 1)),
                Ok(None) => {}
                Err(e) => web_sys::console::error_2(&"ring playground: hover failed".into(), &e),
            }
        }
    }

    /// Puts the inputs in the address bar (`history.replaceState`), the share box, the embed code and the
    /// full page's link.
    fn write_address(&self) {
        let app = self.app.borrow();
        let fragment = format!("#{}", app.params().to_fragment());
        if let Ok(history) = self.window.history() {
            // Can fail in sandboxed frames; the share box still has the link.
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&fragment));
        }
        self.controls.show_link(&self.window, app.params());
    }
}
