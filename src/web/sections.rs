//! The section navigation: the page's parts (partitioning, replicas and failures, time and consistency,
//! comparison) as links that keep the experiment and say `part=`, so that a link lands on the part the
//! teacher chose; and scrolling to the part a link (or a tour's step) opens at.

use super::controls::on;
use super::Page;
use crate::app::{App, Msg};
use crate::params::tours::Part;
use crate::params::Params;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

pub(super) struct Sections {
    nav: Element,
    links: Vec<(Part, Element)>,
    /// The part last scrolled to for a link without a tour (so that it happens once per part).
    scrolled: Cell<Option<Part>>,
}

/// The element a part of the page starts at.
pub(super) fn selector(part: Part) -> &'static str {
    match part {
        Part::Ring => ".stage",
        Part::Curve => ".curve-panel",
        Part::Service => "#service",
        Part::Time => "#time",
        Part::Staleness => "#pbs",
        Part::History => "#history",
        Part::Compare => "#compare",
        Part::Check => "#check",
    }
}

/// Scrolls the page to `part`.
pub(super) fn scroll_to(doc: &Document, part: Part) {
    if let Ok(Some(el)) = doc.query_selector(selector(part)) {
        el.scroll_into_view_with_bool(true);
    }
}

impl Sections {
    pub(super) fn find(doc: &Document) -> Result<Sections, JsValue> {
        let nav = super::dom::by_id::<Element>(doc, super::dom::SECTIONS)?;
        let found = nav.query_selector_all("a[data-part]")?;
        let mut links = Vec::new();
        for i in 0..found.length() {
            let a: Element = found.item(i).ok_or("a link")?.dyn_into()?;
            let part = a.get_attribute("data-part").and_then(|n| Part::by_name(&n));
            links.push((part.ok_or("a known data-part")?, a));
        }
        Ok(Sections {
            nav,
            links,
            scrolled: Cell::new(None),
        })
    }

    /// Each link keeps the experiment and names its part; the current part is marked.
    pub(super) fn sync(&self, params: &Params) {
        for (part, a) in &self.links {
            let link = Params {
                part: Some(*part),
                ..params.clone()
            };
            let _ = a.set_attribute("href", &format!("#{}", link.to_fragment()));
            let _ = if params.part == Some(*part) {
                a.set_attribute("aria-current", "location")
            } else {
                a.remove_attribute("aria-current")
            };
        }
    }

    /// Once the numbers are shown: scrolls to the part the link opens at, once per part (a tour's steps
    /// scroll from the tour bar, once their captions are complete).
    pub(super) fn shown(&self, doc: &Document, app: &App) {
        let p = app.params();
        if p.tour.is_some() || p.embed {
            return;
        }
        if let Some(part) = p.part.filter(|&part| self.scrolled.get() != Some(part)) {
            scroll_to(doc, part);
        }
        self.scrolled.set(p.part);
    }
}

/// A section's link: the page goes there at once, and the address says so.
pub(super) fn listen(page: &Rc<Page>) -> Result<(), JsValue> {
    let p = page.clone();
    on(&page.sections.nav, "click", move |e| {
        let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
        let link = target.and_then(|t| t.closest("a[data-part]").ok().flatten());
        let Some(part) = link
            .and_then(|a| a.get_attribute("data-part"))
            .and_then(|n| Part::by_name(&n))
        else {
            return;
        };
        e.prevent_default();
        p.sections.scrolled.set(Some(part));
        scroll_to(&p.document, part);
        p.dispatch(Msg::SetPart(Some(part)));
    })
}
