//! The tour bar: where the tour is ("Step 4 of 11 · 2012: user_id % 16"), Back and Next, the steps as
//! links, "Back to the step" once the student changed it, "Leave the tour", the step's boxes, and its
//! caption with the numbers the page computed ([`crate::tour`]), announced once per step.

use super::dom;
use super::dom::on;
use super::Page;
use crate::app::{App, Msg};
use crate::params::TourAt;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement};

pub(super) struct TourBar {
    nav: HtmlElement,
    place: Element,
    back: Element,
    next: Element,
    menu: Element,
    steps: Element,
    restore: HtmlElement,
    boxes: HtmlElement,
    caption: Element,
    live: Element,
    embed_tour: HtmlElement,
    /// The step (and view) the bar's list and boxes were made for.
    made_for: Cell<Option<(TourAt, bool)>>,
    /// The step whose caption was announced, and the step whose part of the page was scrolled to.
    announced: Cell<Option<TourAt>>,
    scrolled: Cell<Option<TourAt>>,
}

/// The link that opens step `n` of the tour (in the compact view when `embed`).
pub(super) fn step_link(tour: &str, n: u32, embed: bool) -> String {
    let embed = if embed { "&embed=1" } else { "" };
    format!("v=1&tour={tour}&step={n}{embed}")
}

impl TourBar {
    pub(super) fn find(doc: &Document) -> Result<TourBar, JsValue> {
        Ok(TourBar {
            nav: dom::by_id(doc, dom::TOUR)?,
            place: dom::by_id(doc, dom::TOUR_WHERE)?,
            back: dom::by_id(doc, dom::TOUR_BACK)?,
            next: dom::by_id(doc, dom::TOUR_NEXT)?,
            menu: dom::by_id(doc, dom::TOUR_MENU)?,
            steps: dom::by_id(doc, dom::TOUR_STEPS)?,
            restore: dom::by_id(doc, dom::TOUR_RESTORE)?,
            boxes: dom::by_id(doc, dom::TOUR_BOXES)?,
            caption: dom::by_id(doc, dom::TOUR_CAPTION)?,
            live: dom::by_id(doc, dom::TOUR_LIVE)?,
            embed_tour: dom::by_id(doc, dom::EMBED_TOUR)?,
            made_for: Cell::new(None),
            announced: Cell::new(None),
            scrolled: Cell::new(None),
        })
    }

    /// Shows the tour the inputs are on (or hides the bar): the step, its list and boxes, whether the
    /// experiment is still the step's, and the caption so far.
    pub(super) fn sync(&self, doc: &Document, app: &App) -> Result<(), JsValue> {
        let p = app.params();
        if let Some(body) = doc.body() {
            body.class_list()
                .toggle_with_force("on-tour", p.tour.is_some())?;
        }
        self.embed_tour.set_hidden(p.tour.is_none());
        let Some(at) = p.tour else {
            self.nav.set_hidden(true);
            self.made_for.set(None);
            return Ok(());
        };
        let tour = at.tour();
        let step = at.step();
        self.nav.set_hidden(false);
        self.nav.set_attribute("data-tour", tour.id)?;
        self.nav.set_attribute("data-step", &at.step.to_string())?;
        self.place.set_text_content(Some(&format!(
            "Step {} of {} · {}",
            at.step,
            tour.len(),
            step.title
        )));
        // A button about to be disabled hands the focus to the other (the first and last steps).
        let active = doc.active_element();
        let had = |el: &Element| active.as_ref().is_some_and(|a| a.is_same_node(Some(el)));
        let (had_back, had_next) = (had(&self.back), had(&self.next));
        self.back
            .toggle_attribute_with_force("disabled", at.step == 1)?;
        self.next
            .toggle_attribute_with_force("disabled", at.step == tour.len())?;
        let focus = |el: &Element| el.dyn_ref::<HtmlElement>().map(|h| h.focus());
        if had_back && at.step == 1 {
            focus(&self.next);
        } else if had_next && at.step == tour.len() {
            focus(&self.back);
        }
        self.restore.set_hidden(p.same_experiment(&at.params()));
        if self.made_for.get() != Some((at, p.embed)) {
            self.made_for.set(Some((at, p.embed)));
            self.steps.set_inner_html("");
            for (i, s) in tour.steps.iter().enumerate() {
                let n = i as u32 + 1;
                let li = dom::append(doc, &self.steps, "li", "", "")?;
                let a = dom::append(doc, &li, "a", "", &format!("{n}. {}", s.title))?;
                a.set_attribute("href", &format!("#{}", step_link(tour.id, n, p.embed)))?;
                if n == at.step {
                    a.set_attribute("aria-current", "step")?;
                }
            }
            self.menu.remove_attribute("open")?;
            self.boxes.set_inner_html("");
            self.boxes.set_hidden(step.boxes.is_empty());
            for b in &step.boxes {
                dom::append(doc, &self.boxes, "span", "tour-box", b)?;
            }
        }
        self.render(app);
        Ok(())
    }

    /// The caption with the numbers computed so far; once complete, said to screen readers (once per
    /// step) and, in the full page, the part of the page the step is about scrolled to (once per step).
    pub(super) fn render(&self, app: &App) {
        let Some(caption) = crate::tour::caption(app) else {
            return;
        };
        let at = app.params().tour.expect("a caption is a tour's");
        if self.caption.text_content().as_deref() != Some(caption.text.as_str()) {
            self.caption.set_text_content(Some(&caption.text));
        }
        let _ = if caption.complete {
            self.caption.set_attribute("data-complete", "true")
        } else {
            self.caption.remove_attribute("data-complete")
        };
        if !caption.complete {
            return;
        }
        if self.announced.get() != Some(at) {
            self.announced.set(Some(at));
            self.live.set_text_content(Some(&format!(
                "{}. {}",
                self.place.text_content().unwrap_or_default(),
                caption.text
            )));
        }
        if self.scrolled.get() != Some(at) && !app.params().embed {
            self.scrolled.set(Some(at));
            if let Some(doc) = self.nav.owner_document() {
                // The link's part, else the step's.
                let part = app.params().part.unwrap_or(at.step().part);
                super::sections::scroll_to(&doc, part);
            }
        }
    }
}

/// Wires Back, Next (and ← → while the bar has focus), the step list, "Back to the step" and "Leave the
/// tour".
pub(super) fn listen(page: &Rc<Page>) -> Result<(), JsValue> {
    let bar = &page.tour;
    let go = |page: &Rc<Page>, by: i64| {
        let Some(at) = page.app.borrow().params().tour else {
            return;
        };
        let n = at.step as i64 + by;
        if n >= 1 && n <= at.tour().len() as i64 {
            let embed = page.app.borrow().params().embed;
            page.dispatch(Msg::OpenFragment(step_link(at.tour, n as u32, embed)));
        }
    };
    let p = page.clone();
    on(&bar.back, "click", move |_| go(&p, -1))?;
    let p = page.clone();
    on(&bar.next, "click", move |_| go(&p, 1))?;
    let p = page.clone();
    on(&bar.nav, "keydown", move |e| {
        let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        let by = match key.key().as_str() {
            "ArrowLeft" => -1,
            "ArrowRight" => 1,
            _ => return,
        };
        if !typing && !key.alt_key() && !key.ctrl_key() && !key.meta_key() {
            e.prevent_default();
            go(&p, by);
        }
    })?;
    let p = page.clone();
    on(&bar.restore, "click", move |_| {
        let params = p.app.borrow().params().clone();
        if let Some(at) = params.tour {
            p.dispatch(Msg::OpenFragment(step_link(at.tour, at.step, params.embed)));
        }
    })?;
    let p = page.clone();
    on(
        &dom::by_id::<web_sys::EventTarget>(&page.document, dom::TOUR_LEAVE)?,
        "click",
        move |_| p.dispatch(Msg::LeaveTour),
    )?;
    // A step's link changes the address (the page follows it); the list closes.
    let menu = bar.menu.clone();
    on(&bar.steps, "click", move |_| {
        let _ = menu.remove_attribute("open");
    })?;
    Ok(())
}
