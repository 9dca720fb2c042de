//! What is made once the inputs rest: the balance curve and the comparison, a slice of steps a task
//! (each step sized by its time), redrawn when done and now and then while they are made.

use super::{small_or, Page, SLICE_MS};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// How long the inputs must rest before the balance curve and the comparison are computed.
const REST_DELAY_MS: i32 = 250;

/// A rest task runs steps for at most this long, on a small page too (whose computation tasks run
/// longer, to show its first numbers sooner): Lighthouse's mobile audit counts each task's time four
/// times over, and a task of 12 ms or more would then block.
const REST_SLICE_MS: f64 = 8.0;

/// While they are computed, the curve and the comparison are redrawn at most this often.
const RESTED_REDRAW_MS: f64 = 150.0;

impl Page {
    /// (Re)starts the timer that computes the balance curve and the comparison, so they run only once
    /// the inputs rest (at once while the reader has changed nothing: the page just opened).
    pub(super) fn schedule_rest(self: &Rc<Self>) {
        self.schedule_rest_in(if self.touched.get() { REST_DELAY_MS } else { 0 });
    }

    pub(super) fn schedule_rest_in(self: &Rc<Self>, delay_ms: i32) {
        let _ = self.main.remove_attribute("data-rested");
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
    /// curve, or a bounded step of a strategy's row), each in its own task so that input is handled
    /// between steps.
    /// New input or a computation stops the work; the frame that shows its numbers starts it again.
    pub(super) fn rested(self: &Rc<Self>) {
        self.rest_timer.set(None);
        if self.frame_requested.get() || self.work_queued.get() {
            return;
        }
        let began = self.now();
        let stepped = {
            let mut app = self.app.borrow_mut();
            if app.progress().is_some() || self.rendered.get() != Some(app.generation()) {
                return;
            }
            // Steps for about a slice, each told how long it took (the next is sized to the budget).
            let slice = small_or(&app, SLICE_MS).min(REST_SLICE_MS);
            loop {
                let step = self.now();
                let mut clock = || self.now();
                if !app.rest_step(&mut clock) {
                    break false;
                }
                let now = self.now();
                app.took(now - step);
                if now - began >= slice {
                    break true;
                }
            }
        };
        // The curve and the comparison are redrawn when done, and now and then while they are made.
        let now = self.now();
        if !stepped || now - self.rested_drawn.get() >= RESTED_REDRAW_MS {
            self.rested_drawn.set(now);
            if let Err(e) =
                self.view
                    .borrow()
                    .render_rested(&self.window, &self.document, &self.app.borrow())
            {
                web_sys::console::error_2(
                    &"ring playground: drawing the comparison failed".into(),
                    &e,
                );
            }
            // The balance curve may complete a tour step's caption.
            self.tour.render(&self.app.borrow());
        }
        if stepped {
            self.schedule_rest_in(0);
        } else {
            // Everything the page shows is computed and drawn (`data-rested`, for tests and tools).
            let _ = self.main.set_attribute("data-rested", "");
        }
    }
}
