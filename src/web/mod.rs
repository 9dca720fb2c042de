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
mod modules;
mod paint;
mod progress;
mod rest;
mod ring;
mod sections;
mod service;
mod time_controls;
mod tour_bar;
mod view;

use crate::app::{App, Msg};
use crate::layout::{MakingScene, Scene};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Window};

/// Entry point: set the panic hook, then read the link and mount the page, each in a task of its own
/// (not in the one that instantiated the wasm, so that none runs long on a slow CPU, where the code runs
/// for the first time before the browser has optimised it); a failure is shown on the page.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    let window = web_sys::window().ok_or("no window")?;
    let read = Closure::once_into_js(|| {
        let app = Page::read_link();
        let mount = Closure::once_into_js(move || {
            if let Err(e) = Page::mount(app) {
                dom::show_fatal(&e.as_string().unwrap_or_else(|| format!("{e:?}")));
                web_sys::console::error_2(&"ring playground: start-up failed".into(), &e);
            }
        });
        if let Some(window) = web_sys::window() {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(mount.unchecked_ref(), 0);
        }
    });
    window.set_timeout_with_callback_and_timeout_and_arguments_0(read.unchecked_ref(), 0)?;
    Ok(())
}

/// `budget` ms, or [`SMALL_SLICE_MS`] for a small page (at most [`SMALL_KEYS`] keys and [`SMALL_NODES`]
/// nodes): there every unit of work and drawing is a few ms, slower only while the browser has not
/// optimised the code yet, and splitting it finely would delay the first numbers.
fn small_or(app: &App, budget: f64) -> f64 {
    if is_small(app) {
        SMALL_SLICE_MS
    } else {
        budget
    }
}

/// At most [`SMALL_KEYS`] keys and [`SMALL_NODES`] nodes: the picture and the panels fit in one frame.
/// A larger page shows its numbers (the panels) first, its picture after them.
fn is_small(app: &App) -> bool {
    app.params().keys <= SMALL_KEYS && app.params().nodes.len() <= SMALL_NODES
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
    /// True while the numbers are being computed for newer inputs (`report` is then of older ones).
    busy: bool,
}

impl<'a> Snapshot<'a> {
    fn of(app: &'a App) -> Snapshot<'a> {
        Snapshot {
            params: app.params(),
            fragment: app.params().to_fragment(),
            names: app.names(),
            report: app.report(),
            comparison: app.comparison(),
            busy: app.progress().is_some(),
        }
    }
}

thread_local! {
    static PAGE: RefCell<Option<Rc<Page>>> = const { RefCell::new(None) };
}

/// The mounted page: the app, its elements, and the queue of intents waiting for the next frame.
///
/// The main thread is never busy for long. An intent only changes the inputs (on the next animation
/// frame); the numbers are then computed a bounded unit at a time ([`App::advance`]), in tasks of about
/// [`SLICE_MS`] (and one unit), with input handled between them: a newer input changes what the next
/// unit computes, so the latest always wins and nothing stale is drawn. When they are current, the
/// picture is made in a task of its own and drawn in the next; a frame of its own shows it (when it took
/// long to draw), and the panels follow a part at a time on the frames after.
pub(crate) struct Page {
    window: Window,
    /// `window.performance`, fetched once: the work loop reads the clock after every unit.
    performance: Option<web_sys::Performance>,
    document: Document,
    /// `<main>`, which carries `aria-busy`, `data-busy` and `data-shown`.
    main: web_sys::Element,
    app: RefCell<App>,
    pending: RefCell<Vec<Msg>>,
    frame_requested: Cell<bool>,
    /// Redraw even if no intent changed the app (resize, first paint).
    dirty: Cell<bool>,
    /// The app generation the picture shows, the parts of the panels drawn for a generation, and the
    /// generation all the panels show.
    drawn: Cell<Option<u64>>,
    panels_done: Cell<(Option<u64>, usize)>,
    rendered: Cell<Option<u64>>,
    /// The modules loaded on demand: the time views, and the real history check. Each is loaded when
    /// first needed, sent its inputs, and heard back from.
    time: modules::Module<crate::consistency::model::Inputs>,
    check: modules::Module<modules::CheckInputs>,
    /// The check section is shown (a link needs it, or it came near the screen), and the link's history
    /// it last said it shows.
    check_shown: Cell<bool>,
    check_answered: RefCell<Option<modules::CheckInputs>>,
    /// The picture of the app's current numbers (by generation), made in the task before the one that
    /// draws it; the one being made, a part at a time; and keys binned per ms as last measured.
    scene: RefCell<Option<(u64, Rc<Scene>)>>,
    making: RefCell<Option<(u64, MakingScene)>>,
    scene_pace: Cell<f64>,
    /// A task that advances the computation is queued.
    work_queued: Cell<bool>,
    /// When the current computation began (ms), to show progress only when it takes a while.
    work_began: Cell<Option<f64>>,
    /// The picture was drawn in a task: the next frame only shows it.
    committing: Cell<bool>,
    /// Queues the computation's tasks (a message is a task with no timer clamping).
    channel: web_sys::MessageChannel,
    controls: controls::Controls,
    time_controls: time_controls::TimeControls,
    tour: tour_bar::TourBar,
    sections: sections::Sections,
    view: RefCell<view::View>,
    progress: progress::Progress,
    /// Timer that computes the balance curve and the comparison once the sliders rest.
    rest_timer: Cell<Option<i32>>,
    /// Whether the reader has changed anything yet: until then nothing is being dragged, and the
    /// curve and the comparison start as soon as the numbers are shown (an embedded step at rest sooner).
    touched: Cell<bool>,
    /// The virtual node (index into the ring before the change) chosen with the keyboard on the ring.
    ring_slot: Cell<Option<usize>>,
    /// When the rest's results (the curve, the comparison) were last drawn while being made.
    rested_drawn: Cell<f64>,
}

/// Each unit of work is sized to take about this long ([`App::set_budget`]): on a slow CPU units are
/// smaller, not tasks longer.
const UNIT_BUDGET_MS: f64 = 8.0;

/// A computation task runs units of work until this many milliseconds have passed (a unit is at most a
/// few tens of ms at a million keys), then yields to input and drawing.
const SLICE_MS: f64 = 4.0;

/// A small page: up to this many keys and nodes ([`small_or`]); its tasks run for [`SMALL_SLICE_MS`].
const SMALL_KEYS: u32 = 20_000;
const SMALL_NODES: usize = 20;
const SMALL_SLICE_MS: f64 = 16.0;

/// A picture drawn in less than this many milliseconds is shown on the same frame as the panels.
const QUICK_PICTURE_MS: f64 = 5.0;

/// Past this many milliseconds of drawing panels in a frame, the next part waits for the next frame (so
/// that no frame's work and layout together run long).
const PANELS_SPLIT_MS: f64 = 6.0;

impl Page {
    /// The app the address's link opens, nothing computed yet.
    fn read_link() -> App {
        let window = web_sys::window();
        // For tools and tests: when the page's own work begins (User Timing, "ring: start").
        if let Some(performance) = window.as_ref().and_then(|w| w.performance()) {
            let _ = performance.mark("ring: start");
        }
        let hash = window
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        let mut app = App::uncomputed_from_fragment(&hash);
        app.set_budget(Some(UNIT_BUDGET_MS));
        // The time views are made once their section comes near the screen, unless the link needs them
        // at once (it is about them, its compact view shows one, or its tour caption reads one).
        app.show_time(app.wanted().time() && app.params().time_at_once());
        app
    }

    fn mount(app: App) -> Result<(), JsValue> {
        let window = web_sys::window().ok_or("no window")?;
        let document = dom::document()?;
        let check_at_once = app.wanted().check && app.params().check_at_once();
        let page = Rc::new(Page {
            controls: controls::Controls::find(&document)?,
            time_controls: time_controls::TimeControls::find(&document)?,
            tour: tour_bar::TourBar::find(&document)?,
            sections: sections::Sections::find(&document)?,
            view: RefCell::new(view::View::find(&document)?),
            progress: progress::Progress {
                pill: dom::by_id(&document, dom::PROGRESS)?,
                bar: dom::by_id(&document, dom::PROGRESS_BAR)?,
                text: dom::by_id(&document, dom::PROGRESS_TEXT)?,
            },
            channel: web_sys::MessageChannel::new()?,
            main: document.query_selector("main")?.ok_or("no <main>")?,
            performance: window.performance(),
            window,
            document,
            app: RefCell::new(app),
            pending: RefCell::new(Vec::new()),
            frame_requested: Cell::new(false),
            dirty: Cell::new(true),
            drawn: Cell::new(None),
            panels_done: Cell::new((None, 0)),
            rendered: Cell::new(None),
            time: modules::Module::new("time"),
            check: modules::Module::new("check"),
            check_shown: Cell::new(check_at_once),
            check_answered: RefCell::new(None),
            scene: RefCell::new(None),
            making: RefCell::new(None),
            scene_pace: Cell::new(2_000.0),
            work_queued: Cell::new(false),
            committing: Cell::new(false),
            work_began: Cell::new(None),
            rest_timer: Cell::new(None),
            touched: Cell::new(false),
            ring_slot: Cell::new(None),
            rested_drawn: Cell::new(0.0),
        });
        let worker = page.clone();
        let on_message = Closure::<dyn Fn()>::new(move || worker.work());
        page.channel
            .port1()
            .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        PAGE.with(|p| *p.borrow_mut() = Some(page.clone()));
        page.set_busy(true);
        modules::warm(&page, &page.app.borrow());
        // The rest of the start in tasks of their own, so that none runs long on a slow CPU (the code
        // runs for the first time there, before the browser has optimised it): the controls listen and
        // show what the link asked for, then the address is written and the numbers computed.
        page.later(|page| {
            let listening = controls::listen(page)
                .and_then(|_| time_controls::listen(page))
                .and_then(|_| tour_bar::listen(page))
                .and_then(|_| sections::listen(page))
                .and_then(|_| modules::listen_near(page, dom::TIME, Page::near_time))
                .and_then(|_| modules::listen_near(page, dom::CHECK, Page::near_check));
            if let Err(e) = listening {
                dom::show_fatal(&e.as_string().unwrap_or_else(|| format!("{e:?}")));
                return;
            }
            // The controls show what the link asked for at once, while its numbers are computed: the
            // main ones, then the time controls and the tour bar, a task each.
            page.later(|page| {
                page.controls.sync(&page.document, &page.app.borrow());
                page.later(|page| {
                    {
                        let app = page.app.borrow();
                        if let Err(e) = page.time_controls.sync(&page.document, &app) {
                            web_sys::console::error_2(
                                &"ring playground: the time controls failed".into(),
                                &e,
                            );
                        }
                        if let Err(e) = page.tour.sync(&page.document, &app) {
                            web_sys::console::error_2(
                                &"ring playground: the tour bar failed".into(),
                                &e,
                            );
                        }
                    }
                    page.later(|page| {
                        page.write_address();
                        page.queue_work();
                    });
                });
            });
        });
        Ok(())
    }

    /// Runs `f` in a task of its own, after the tasks already queued.
    fn later(self: &Rc<Self>, f: impl FnOnce(&Rc<Page>) + 'static) {
        let page = self.clone();
        let callback = Closure::once_into_js(move || f(&page));
        let _ = self
            .window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0);
    }

    /// Queues a user intent; it is applied on the next animation frame. A newer intent of the same kind
    /// replaces an older one still waiting, so dragging a slider applies once per frame.
    /// The page is busy from the moment it takes the intent: until that frame applies it, the numbers
    /// on screen (and the address) are those of the inputs before it, and `data-busy` says so.
    pub(crate) fn dispatch(self: &Rc<Self>, msg: Msg) {
        {
            let mut pending = self.pending.borrow_mut();
            pending.retain(|m| !msg.replaces(m));
            pending.push(msg);
        }
        self.touched.set(true);
        self.mark_taken();
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

    fn now(&self) -> f64 {
        self.performance.as_ref().map_or(0.0, |p| p.now())
    }

    /// One animation frame: applies the waiting intents to the inputs, then does one step of showing
    /// them: start (or go on with) their computation and drawing, or show the picture just drawn, or draw
    /// the next parts of the panels.
    fn frame(self: &Rc<Self>) {
        self.frame_requested.set(false);
        let msgs: Vec<Msg> = self.pending.borrow_mut().drain(..).collect();
        let mut changed = false;
        let mut opened_link = false;
        for msg in msgs {
            let from_link = matches!(msg, Msg::OpenFragment(_));
            opened_link |= from_link;
            let did = self.app.borrow_mut().apply(msg);
            changed |= did;
            if did && !from_link {
                self.controls.clear_copy_status();
            }
        }
        // An edited address is rewritten to what was used, even when that changed nothing.
        if changed || opened_link {
            self.write_address();
        }
        if changed {
            // A link or a setting that needs the time views or the check at once (a preset, say).
            {
                let mut app = self.app.borrow_mut();
                let (wanted, p) = (app.wanted(), app.params());
                let (time, check) = (p.time_at_once(), p.check_at_once());
                if wanted.time() && time {
                    app.show_time(true);
                }
                if wanted.check && check {
                    self.check_shown.set(true);
                }
            }
            self.sync_controls();
            // The inputs moved: what is made when they rest waits until they rest again (the frame that
            // shows the new numbers starts the timer afresh).
            if let Some(id) = self.rest_timer.take() {
                self.window.clear_timeout_with_handle(id);
            }
        }
        if self.dirty.replace(false) {
            // Resized: the picture and the panels again (the curve's size changed).
            self.drawn.set(None);
            self.panels_done.set((None, 0));
            self.rendered.set(None);
        }
        // The time views' stages run after the rest: the picture and panels need not wait for them.
        let progress = self.app.borrow().progress();
        let computing = progress.is_some_and(|p| !p.stage.is_time());
        if progress.is_some() {
            self.set_busy(true);
            self.queue_work();
        }
        let generation = self.app.borrow().generation();
        if computing {
            self.set_busy(true);
            self.queue_work();
            return;
        }
        // A large page shows the numbers first: the panels' number parts on this frame (as many as fit in
        // PANELS_SPLIT_MS) and the next; then its picture is made and drawn, in tasks of its own.
        if !is_small(&self.app.borrow()) && self.parts_done(generation) < view::NUMBER_PARTS {
            self.set_busy(true);
            let app = self.app.borrow();
            let (done, rendered) = self.render_parts(&app, None, view::NUMBER_PARTS);
            if done < view::NUMBER_PARTS {
                self.request_frame();
            } else {
                self.mark_numbers(&app);
                drop(app);
                self.queue_work();
            }
            if let Err(e) = rendered {
                web_sys::console::error_2(&"ring playground: drawing failed".into(), &e);
            }
            return;
        }
        if self.drawn.get() != Some(generation) {
            // The numbers, their picture, or its drawing are not ready: tasks of their own; the last
            // asks for a frame.
            self.set_busy(true);
            self.queue_work();
            return;
        }
        if self.committing.replace(false) {
            // This frame shows the picture drawn in the last task (its raster is this frame's work);
            // the panels on the next.
            self.request_frame();
            return;
        }
        let Some((_, scene)) = self.scene.borrow().clone() else {
            return;
        };
        let app = self.app.borrow();
        let drawing = if self.rendered.get() != Some(generation) {
            // The panels (or what is left of them), a part at a time, as many parts on this frame as fit
            // in PANELS_SPLIT_MS (at least one); the rest on the next frames.
            let (done, rendered) = self.render_parts(&app, Some(&scene), view::PANEL_PARTS);
            if done < view::PANEL_PARTS {
                self.request_frame();
                rendered
            } else {
                self.rendered.set(Some(generation));
                rendered.and(self.settle(&app))
            }
        } else if self.time.answered.replace(false)
            | self.check.answered.replace(false)
            | modules::time_pending(&self.time, &app)
            | modules::check_pending(self, &app)
        {
            // A module answered (or is still to be sent the inputs): settle, or send them.
            self.settle(&app)
        } else if changed {
            // A setting the strategy does not read (virtual nodes under maglev, say) changes only the
            // controls, the curve's marker and the comparison; the picture and tables stay. Their
            // numbers are now the new link's too (so is embed=1's compact view): say so in data-shown.
            // (Unless the time views are still computing: they say so once drawn.)
            let rested = self
                .view
                .borrow()
                .render_rested(&self.window, &self.document, &app);
            if app.progress().is_none() {
                self.mark_shown(&app);
            }
            self.release_if_current(&app);
            rested
        } else {
            // An intent that changed nothing: the page shows its inputs' numbers still.
            self.release_if_current(&app);
            Ok(())
        };
        if let Err(e) = drawing {
            web_sys::console::error_2(&"ring playground: drawing failed".into(), &e);
        }
        if self.rendered.get() == Some(generation)
            && (app.curve().is_none() || app.comparison().is_none())
            && (changed || self.rest_timer.get().is_none())
        {
            self.schedule_rest();
        }
    }

    /// How many parts of the panels show the current numbers (generation `generation`).
    fn parts_done(&self, generation: u64) -> usize {
        match self.panels_done.get() {
            (Some(g), done) if g == generation => done,
            _ => 0,
        }
    }

    /// Draws the next parts of the panels, up to part `upto`, as many on this frame as fit in
    /// [`PANELS_SPLIT_MS`] (at least one). Returns how many parts are done.
    fn render_parts(
        &self,
        app: &App,
        scene: Option<&Scene>,
        upto: usize,
    ) -> (usize, Result<(), JsValue>) {
        let generation = app.generation();
        let (done, rendered) = self.draw_parts(
            self.parts_done(generation),
            upto,
            small_or(app, PANELS_SPLIT_MS),
            |part| {
                self.view
                    .borrow_mut()
                    .render_panel(&self.window, &self.document, app, scene, part)
            },
        );
        self.panels_done.set((Some(generation), done));
        (done, rendered)
    }

    /// Draws parts `from..upto` with `draw`, as many as fit in `budget_ms` (at least one); returns how
    /// many parts are done and the first error.
    fn draw_parts(
        &self,
        from: usize,
        upto: usize,
        budget_ms: f64,
        mut draw: impl FnMut(usize) -> Result<(), JsValue>,
    ) -> (usize, Result<(), JsValue>) {
        let began = self.now();
        let mut done = from;
        let mut drawn = Ok(());
        while done < upto {
            if done > from && self.now() - began > budget_ms {
                break;
            }
            drawn = drawn.and(draw(done));
            done += 1;
        }
        (done, drawn)
    }

    /// Records on `<main>` the link whose numbers the panels show (`data-numbers`, for the measuring
    /// script): on a large page a few frames before its picture shows them too ([`Page::mark_shown`]).
    fn mark_numbers(&self, app: &App) {
        let _ = self
            .main
            .set_attribute("data-numbers", &app.params().to_fragment());
    }

    /// Once the picture and panels show the current numbers: the modules shown (the time views, the
    /// check) are sent their inputs when they have not answered for them; else the page is no longer
    /// busy.
    fn settle(self: &Rc<Self>, app: &App) -> Result<(), JsValue> {
        if app.progress().is_some() {
            return Ok(());
        }
        let time = modules::time_pending(&self.time, app);
        let check = modules::check_pending(self, app);
        if time || check {
            self.set_busy(true);
            if time {
                modules::send_time(self, app);
            }
            if check {
                modules::send_check(self, app);
            }
            return Ok(());
        }
        self.set_busy(false);
        self.mark_shown(app);
        Ok(())
    }

    /// Shows the app's inputs in every control.
    fn sync_controls(&self) {
        let app = self.app.borrow();
        self.controls.sync(&self.document, &app);
        if let Err(e) = self.time_controls.sync(&self.document, &app) {
            web_sys::console::error_2(&"ring playground: the time controls failed".into(), &e);
        }
        if let Err(e) = self.tour.sync(&self.document, &app) {
            web_sys::console::error_2(&"ring playground: the tour bar failed".into(), &e);
        }
    }

    /// Queues a computation task (once).
    fn queue_work(self: &Rc<Self>) {
        if self.work_queued.replace(true) {
            return;
        }
        if self.work_began.get().is_none() {
            self.work_began.set(Some(self.now()));
        }
        if self.channel.port2().post_message(&JsValue::NULL).is_err() {
            self.work_queued.set(false);
        }
    }

    /// A computation task: units of work for about [`SLICE_MS`]; once the numbers are current, their
    /// picture is made, then drawn, each in a task of its own; then a frame shows it.
    fn work(self: &Rc<Self>) {
        self.work_queued.set(false);
        let began = self.now();
        let mut app = self.app.borrow_mut();
        // A small page: fewer, longer tasks.
        let slice = small_or(&app, SLICE_MS);
        loop {
            // Each unit is told how long it took: the next of its kind is sized to the budget.
            let unit = self.now();
            if !app.advance() {
                break;
            }
            let now = self.now();
            app.took(now - unit);
            if now - began >= slice {
                break;
            }
        }
        let progress = app.progress();
        if let Some(progress) = progress.filter(|p| !p.stage.is_time()) {
            drop(app);
            self.show_progress(Some(progress));
            self.queue_work();
            return;
        }
        // The time views' stages go on in tasks of their own, after the picture's.
        let time_left = progress.is_some();
        let generation = app.generation();
        // A large page: the numbers are drawn first, on the next frame, which then asks for the picture.
        let numbers_first = !is_small(&app) && self.parts_done(generation) < view::NUMBER_PARTS;
        let stale = self.scene.borrow().as_ref().map(|(g, _)| *g) != Some(generation);
        drop(app);
        if numbers_first {
            self.show_progress(None);
            if time_left {
                self.queue_work();
            } else {
                self.work_began.set(None);
            }
            self.request_frame();
            return;
        }
        // The picture is made, then drawn, in this task while it is quick (a small ring), else each in a
        // task of its own.
        let quick = |page: &Page| page.now() - began < SLICE_MS;
        if stale && !quick(self) {
            self.queue_work();
            return;
        }
        let app = self.app.borrow();
        if stale {
            // Made a part at a time (the arcs, the ticks, the keys' bins by parts sized by their
            // measured pace), for as long as this task's slice lasts.
            let mut making = match self.making.borrow_mut().take() {
                Some((g, m)) if g == generation => m,
                _ => MakingScene::begin(&app),
            };
            let slice = small_or(&app, SLICE_MS);
            let scene = loop {
                let left = slice - (self.now() - began);
                if left <= 0.0 {
                    break None;
                }
                let keys = (self.scene_pace.get() * left).max(1000.0) as usize;
                let unit = self.now();
                let made = making.step(&app, keys);
                let took = self.now() - unit;
                if took > 0.5 && keys < app.params().keys as usize {
                    // Keys binned per ms (a part of arcs or ticks only makes the pace slower: it
                    // errs on the short side).
                    self.scene_pace.set((keys as f64 / took).max(1000.0));
                }
                if made.is_some() {
                    break made;
                }
            };
            match scene {
                Some(scene) => *self.scene.borrow_mut() = Some((generation, Rc::new(scene))),
                None => {
                    *self.making.borrow_mut() = Some((generation, making));
                    drop(app);
                    self.queue_work();
                    return;
                }
            }
            if !quick(self) {
                drop(app);
                self.queue_work();
                return;
            }
        }
        if self.drawn.get() != Some(generation) {
            let scene = self.scene.borrow().clone().expect("made").1;
            self.drawn.set(Some(generation));
            let drawing = self.now();
            if let Some(performance) = &self.performance {
                let _ = performance.mark("ring: picture start");
            }
            if let Err(e) = self
                .view
                .borrow_mut()
                .render_picture(&self.window, &app, &scene)
            {
                web_sys::console::error_2(&"ring playground: drawing failed".into(), &e);
            }
            // A picture that took long to draw takes long to show: a frame of its own.
            self.committing
                .set(self.now() - drawing > small_or(&app, QUICK_PICTURE_MS));
            // For tools and tests: when the picture was drawn (User Timing, "ring: picture").
            if let Some(performance) = &self.performance {
                let _ = performance.measure_with_start_mark("ring: picture", "ring: picture start");
            }
        }
        drop(app);
        self.show_progress(None);
        if time_left {
            self.queue_work();
        } else {
            self.work_began.set(None);
        }
        self.request_frame();
    }

    /// Marks the page busy for an intent it has taken but not applied yet (as [`Page::set_busy`], but
    /// `data-rested` stays: an intent that changes nothing leaves everything computed).
    fn mark_taken(&self) {
        let main = &self.main;
        let _ = main
            .set_attribute("aria-busy", "true")
            .and_then(|_| main.set_attribute("data-busy", "true"));
    }

    /// No longer busy when everything the page shows is of its current inputs: no intent waiting, no
    /// computation left, and the picture, the panels and the time views (when shown) drawn.
    fn release_if_current(&self, app: &App) {
        let generation = Some(app.generation());
        let current = self.pending.borrow().is_empty()
            && app.progress().is_none()
            && !self.work_queued.get()
            && !self.committing.get()
            && self.drawn.get() == generation
            && self.rendered.get() == generation
            && !modules::time_pending(&self.time, app)
            && !modules::check_pending(self, app);
        if current {
            self.set_busy(false);
        }
    }

    /// Marks the picture and panels as being updated (`aria-busy`, and `data-busy` for tests and tools).
    fn set_busy(&self, busy: bool) {
        let main = &self.main;
        let _ = if busy {
            let _ = main.remove_attribute("data-rested");
            main.set_attribute("aria-busy", "true")
                .and_then(|_| main.set_attribute("data-busy", "true"))
        } else {
            main.remove_attribute("aria-busy")
                .and_then(|_| main.remove_attribute("data-busy"))
        };
    }

    /// Records on `<main>` the link whose numbers the page shows (`data-shown`, for tests and tools).
    fn mark_shown(&self, app: &App) {
        self.mark_numbers(app);
        let _ = self
            .main
            .set_attribute("data-shown", &app.params().to_fragment());
        self.tour.render(app);
        self.sections.shown(&self.document, app);
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
        self.sections.sync(app.params());
    }
}
