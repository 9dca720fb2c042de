//! The inputs: sliders, the experiment menu, the share link, the notices; events in, state shown back.

use super::{dom, Page};
use crate::app::{App, Msg};
use crate::params::{self, c_text, Change, Compact};
use crate::scales::{self, KEYS_SCALE, SHARDS_SCALE, VNODES_SCALE};
use crate::stats::thousands;
use crate::strategy::ALL;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{
    Document, Element, HtmlElement, HtmlInputElement, HtmlOptionElement, HtmlSelectElement, Window,
};

pub(super) struct Controls {
    nodes: HtmlInputElement,
    nodes_value: Element,
    vnodes: HtmlInputElement,
    vnodes_value: Element,
    keys: HtmlInputElement,
    keys_value: Element,
    change: HtmlSelectElement,
    strategy: HtmlSelectElement,
    shards: HtmlInputElement,
    shards_value: Element,
    shards_control: HtmlElement,
    c: HtmlInputElement,
    c_value: Element,
    c_control: HtmlElement,
    replicas: HtmlInputElement,
    replicas_value: Element,
    read: HtmlInputElement,
    read_value: Element,
    write: HtmlInputElement,
    write_value: Element,
    zipf: HtmlInputElement,
    zipf_value: Element,
    cache: HtmlInputElement,
    cache_value: Element,
    share_url: HtmlInputElement,
    copy_status: Element,
    embed_button: HtmlElement,
    embed_box: HtmlElement,
    embed_code: web_sys::HtmlTextAreaElement,
    embed_tour_code: web_sys::HtmlTextAreaElement,
    open_full: web_sys::HtmlAnchorElement,
    notice: HtmlElement,
    notice_list: Element,
    /// The experiment menu's options as last built, to rebuild only when they change.
    options: RefCell<Vec<(String, String)>>,
}

impl Controls {
    pub(super) fn find(doc: &Document) -> Result<Controls, JsValue> {
        Ok(Controls {
            nodes: dom::by_id(doc, dom::NODES)?,
            nodes_value: dom::by_id(doc, dom::NODES_VALUE)?,
            vnodes: dom::by_id(doc, dom::VNODES)?,
            vnodes_value: dom::by_id(doc, dom::VNODES_VALUE)?,
            keys: dom::by_id(doc, dom::KEYS)?,
            keys_value: dom::by_id(doc, dom::KEYS_VALUE)?,
            change: dom::by_id(doc, dom::CHANGE)?,
            strategy: dom::by_id(doc, dom::STRATEGY)?,
            shards: dom::by_id(doc, dom::SHARDS)?,
            shards_value: dom::by_id(doc, dom::SHARDS_VALUE)?,
            shards_control: dom::by_id(doc, dom::SHARDS_CONTROL)?,
            c: dom::by_id(doc, dom::C)?,
            c_value: dom::by_id(doc, dom::C_VALUE)?,
            c_control: dom::by_id(doc, dom::C_CONTROL)?,
            replicas: dom::by_id(doc, dom::REPLICAS)?,
            replicas_value: dom::by_id(doc, dom::REPLICAS_VALUE)?,
            read: dom::by_id(doc, dom::READ)?,
            read_value: dom::by_id(doc, dom::READ_VALUE)?,
            write: dom::by_id(doc, dom::WRITE)?,
            write_value: dom::by_id(doc, dom::WRITE_VALUE)?,
            zipf: dom::by_id(doc, dom::ZIPF)?,
            zipf_value: dom::by_id(doc, dom::ZIPF_VALUE)?,
            cache: dom::by_id(doc, dom::CACHE)?,
            cache_value: dom::by_id(doc, dom::CACHE_VALUE)?,
            share_url: dom::by_id(doc, dom::SHARE_URL)?,
            copy_status: dom::by_id(doc, dom::COPY_STATUS)?,
            embed_button: dom::by_id(doc, dom::EMBED)?,
            embed_box: dom::by_id(doc, dom::EMBED_BOX)?,
            embed_code: dom::by_id(doc, dom::EMBED_CODE)?,
            embed_tour_code: dom::by_id(doc, dom::EMBED_TOUR_CODE)?,
            open_full: dom::by_id(doc, dom::OPEN_FULL)?,
            notice: dom::by_id(doc, dom::NOTICE)?,
            notice_list: dom::by_id(doc, dom::NOTICE_LIST)?,
            options: RefCell::new(Vec::new()),
        })
    }

    /// Shows the app's inputs in the controls.
    pub(super) fn sync(&self, doc: &Document, app: &App) {
        let p = app.params();
        self.nodes.set_max(&params::NODES_MAX.to_string());
        self.vnodes.set_max(&VNODES_SCALE.steps().to_string());
        self.keys.set_max(&KEYS_SCALE.steps().to_string());
        set_slider(
            &self.nodes,
            &self.nodes_value,
            p.nodes.len() as u32,
            |pos| pos,
            |v| v,
            "nodes",
        );
        set_slider(
            &self.vnodes,
            &self.vnodes_value,
            p.vnodes,
            |pos| VNODES_SCALE.value(pos),
            |v| VNODES_SCALE.position(v),
            "virtual nodes per node",
        );
        set_slider(
            &self.keys,
            &self.keys_value,
            p.keys,
            |pos| KEYS_SCALE.value(pos),
            |v| KEYS_SCALE.position(v),
            "keys",
        );
        self.sync_change(app);
        self.sync_strategy(doc, app);
        self.sync_service(app);
        if let Some(body) = doc.body() {
            let classes = body.class_list();
            let _ = classes.toggle_with_force("embed", app.params().embed);
            // What the compact view shows besides its controls: the part its link is about.
            let compact = match app.params().compact() {
                Compact::Ring => "ring",
                Compact::Curve => "curve",
                Compact::Service => "service",
                Compact::Staleness => "staleness",
                Compact::History => "history",
                Compact::Check => "check",
            };
            let _ = body.set_attribute("data-compact", compact);
        }
        self.notice_list.set_text_content(None);
        for n in app.notices() {
            let _ = dom::append(doc, &self.notice_list, "li", "", &n.0);
        }
        self.notice.set_hidden(app.notices().is_empty());
    }

    fn sync_change(&self, app: &App) {
        let p = app.params();
        let mut options = vec![("none".to_owned(), "No change".to_owned())];
        for n in &p.nodes {
            if p.nodes.len() > 1 {
                options.push((format!("remove:{n}"), format!("Remove {n}")));
            }
        }
        let add = match &p.change {
            Some(Change::Add(x)) => x.clone(),
            _ => params::unused_name(&p.nodes, p.nodes.len() + 1),
        };
        options.push((format!("add:{add}"), format!("Add {add}")));
        if *self.options.borrow() != options {
            self.change.set_text_content(None);
            for (value, label) in &options {
                if let Ok(opt) = HtmlOptionElement::new_with_text_and_value(label, value) {
                    let _ = self.change.append_child(&opt);
                }
            }
            *self.options.borrow_mut() = options;
        }
        self.change.set_value(&change_value(p.change.as_ref()));
    }

    /// The strategy menu (built once), and the settings of the chosen strategy only.
    fn sync_strategy(&self, doc: &Document, app: &App) {
        let p = app.params();
        if self.strategy.length() == 0 {
            for s in ALL {
                if let Ok(opt) = HtmlOptionElement::new_with_text_and_value(s.title(), s.name()) {
                    let _ = self.strategy.append_child(&opt);
                }
            }
        }
        self.strategy.set_value(p.strategy);
        let uses = p.uses();
        self.shards_control.set_hidden(!uses.shards);
        self.c_control.set_hidden(!uses.c);
        self.shards.set_max(&SHARDS_SCALE.steps().to_string());
        set_slider(
            &self.shards,
            &self.shards_value,
            p.shards,
            |pos| SHARDS_SCALE.value(pos),
            |v| SHARDS_SCALE.position(v),
            "virtual shards",
        );
        let c = c_text(p.c100);
        show_slider(
            &self.c,
            &self.c_value,
            (params::C100_MAX - params::C100_MIN) / params::C100_STEP,
            (p.c100 - params::C100_MIN) / params::C100_STEP,
            &c,
            &format!("c = {c}: at most {c} times the fair share"),
        );
        let _ = doc;
    }

    /// The replication and request settings: R, the quorums (up to R), Zipf s, the cache (up to K).
    fn sync_service(&self, app: &App) {
        let p = app.params();
        let replicas = if p.replicas == 1 {
            "1 replica: the owner only".to_owned()
        } else {
            format!("{} replicas per key", p.replicas)
        };
        let count = |n: u32| n.to_string();
        show_slider(
            &self.replicas,
            &self.replicas_value,
            params::REPLICAS_MAX,
            p.replicas,
            &count(p.replicas),
            &replicas,
        );
        show_slider(
            &self.read,
            &self.read_value,
            p.replicas,
            p.read,
            &count(p.read),
            &format!("r = {} of {}", p.read, p.replicas),
        );
        show_slider(
            &self.write,
            &self.write_value,
            p.replicas,
            p.write,
            &count(p.write),
            &format!("w = {} of {}", p.write, p.replicas),
        );
        let s = c_text(p.zipf100);
        show_slider(
            &self.zipf,
            &self.zipf_value,
            params::ZIPF100_MAX / params::ZIPF100_STEP,
            p.zipf100 / params::ZIPF100_STEP,
            &s,
            &if p.zipf100 == 0 {
                "s = 0.00: every key equally popular".to_owned()
            } else {
                format!("s = {s}: user_0 the most requested")
            },
        );
        // The cache's scale has the key count as its end; a thumb already on the value stays.
        let values = scales::cache_values(p.keys);
        let current: usize = self.cache.value().parse().unwrap_or(usize::MAX);
        let pos = if values.get(current) == Some(&p.cache) {
            current as u32
        } else {
            scales::position_in(&values, p.cache)
        };
        show_slider(
            &self.cache,
            &self.cache_value,
            values.len() as u32 - 1,
            pos,
            &thousands(p.cache as u64),
            &if p.cache == 0 {
                "no cache".to_owned()
            } else {
                format!(
                    "the {} most requested keys cached",
                    thousands(p.cache as u64)
                )
            },
        );
    }

    /// Shows the links for `params`: the share link (the page's address with its fragment), the embed
    /// code, and the full page's link (from the compact view).
    pub(super) fn show_link(&self, window: &Window, params: &params::Params) {
        let href = window.location().href().unwrap_or_default();
        let base = href.split('#').next().unwrap_or_default();
        self.share_url
            .set_value(&format!("{base}#{}", params.to_fragment()));
        let full = format!("{base}#{}", params.full_page().to_fragment());
        self.open_full.set_href(&full);
        let embedded = params::Params {
            embed: true,
            ..params.clone()
        };
        self.embed_code
            .set_value(&embed_code(&format!("{base}#{}", embedded.to_fragment())));
        if let Some(at) = params.tour {
            let whole = super::tour_bar::step_link(at.tour, 1, true);
            self.embed_tour_code
                .set_value(&embed_code(&format!("{base}#{whole}")));
        }
    }

    pub(super) fn clear_copy_status(&self) {
        self.copy_status.set_text_content(None);
    }

    /// Says `text` in the status line beside the link and the downloads.
    pub(super) fn say_status(&self, text: &str) {
        self.copy_status.set_text_content(Some(text));
    }
}

/// Sets a slider and its shown value; leaves the thumb alone when it already means `value`, so a log
/// slider does not jump while it is dragged.
fn set_slider(
    input: &HtmlInputElement,
    output: &Element,
    value: u32,
    value_at: impl Fn(u32) -> u32,
    position_of: impl Fn(u32) -> u32,
    unit: &str,
) {
    let current: u32 = input.value().parse().unwrap_or(u32::MAX);
    if value_at(current) != value {
        input.set_value(&position_of(value).to_string());
    }
    let text = thousands(value as u64);
    output.set_text_content(Some(&text));
    let _ = input.set_attribute("aria-valuetext", &format!("{text} {unit}"));
}

/// Sets a slider with a linear scale of positions `0..=max_pos` to `pos`, its shown value to `shown` and
/// what a screen reader says to `valuetext`.
pub(super) fn show_slider(
    input: &HtmlInputElement,
    output: &Element,
    max_pos: u32,
    pos: u32,
    shown: &str,
    valuetext: &str,
) {
    input.set_max(&max_pos.to_string());
    if input.value() != pos.to_string() {
        input.set_value(&pos.to_string());
    }
    output.set_text_content(Some(shown));
    let _ = input.set_attribute("aria-valuetext", valuetext);
}

/// The `<iframe>` a course page pastes to embed the compact view at `src` (an address of the page).
pub(super) fn embed_code(src: &str) -> String {
    // Our addresses hold only name characters, digits and `#&=,.:/_-`: nothing to escape in an attribute
    // but `&`, which HTML accepts as it is in an attribute value.
    format!(
        "<iframe src=\"{src}\" title=\"Consistent hashing ring playground\" width=\"100%\" height=\"560\" \
         loading=\"lazy\" allow=\"clipboard-write\"></iframe>"
    )
}

fn change_value(change: Option<&Change>) -> String {
    match change {
        None => "none".to_owned(),
        Some(Change::Remove(n)) => format!("remove:{n}"),
        Some(Change::Add(n)) => format!("add:{n}"),
    }
}

fn parse_change(value: &str) -> Option<Change> {
    match value.split_once(':') {
        Some(("remove", n)) => Some(Change::Remove(n.to_owned())),
        Some(("add", n)) => Some(Change::Add(n.to_owned())),
        _ => None,
    }
}

pub(super) use ring_dom::on;

/// Wires every control, the address bar and resizing to `page.dispatch`.
pub(super) fn listen(page: &Rc<Page>) -> Result<(), JsValue> {
    let c = &page.controls;
    let slider = |input: &HtmlInputElement, to_msg: fn(u32) -> Msg| {
        let (p, el) = (page.clone(), input.clone());
        on(input, "input", move |_| {
            if let Ok(pos) = el.value().parse::<u32>() {
                p.dispatch(to_msg(pos));
            }
        })
    };
    slider(&c.nodes, |pos| Msg::SetNodeCount(pos as usize))?;
    slider(&c.vnodes, |pos| Msg::SetVnodes(VNODES_SCALE.value(pos)))?;
    slider(&c.keys, |pos| Msg::SetKeys(KEYS_SCALE.value(pos)))?;

    slider(&c.shards, |pos| Msg::SetShards(SHARDS_SCALE.value(pos)))?;
    slider(&c.c, |pos| {
        Msg::SetC(params::C100_MIN + pos * params::C100_STEP)
    })?;
    slider(&c.replicas, Msg::SetReplicas)?;
    slider(&c.read, Msg::SetReadQuorum)?;
    slider(&c.write, Msg::SetWriteQuorum)?;
    slider(&c.zipf, |pos| Msg::SetZipf(pos * params::ZIPF100_STEP))?;
    let (p, el) = (page.clone(), c.cache.clone());
    on(&c.cache, "input", move |_| {
        if let Ok(pos) = el.value().parse::<usize>() {
            let keys = p.app.borrow().params().keys;
            let values = scales::cache_values(keys);
            p.dispatch(Msg::SetCache(values[pos.min(values.len() - 1)]));
        }
    })?;
    // The load table's "Down" boxes mark nodes down.
    let p = page.clone();
    on(
        &dom::by_id::<web_sys::EventTarget>(&page.document, dom::LOAD_BODY)?,
        "change",
        move |e| {
            let input = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
            if let Some(input) = input {
                if let Some(name) = input.get_attribute("data-fail") {
                    p.dispatch(Msg::SetDown(name, input.checked()));
                }
            }
        },
    )?;
    // "Set weights" shows the weights' column (a view of its own: the link does not change).
    let p = page.clone();
    on(
        &dom::by_id::<web_sys::EventTarget>(&page.document, dom::WEIGH)?,
        "click",
        move |_| {
            let view = p.view.borrow();
            view.load.toggle_weights();
            if let Err(e) = view.render_load(&p.document, &p.app.borrow()) {
                web_sys::console::error_2(&"ring playground: drawing the load failed".into(), &e);
            }
        },
    )?;
    // Their weights: each step of the arrows or the spinner is in the link at once.
    let p = page.clone();
    on(
        &dom::by_id::<web_sys::EventTarget>(&page.document, dom::LOAD_BODY)?,
        "input",
        move |e| {
            let input = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
            if let Some(input) = input {
                let name = input.get_attribute("data-weight");
                if let (Some(name), Ok(w)) = (name, input.value().trim().parse::<u32>()) {
                    p.dispatch(Msg::SetWeight(name, w));
                }
            }
        },
    )?;
    let (p, select) = (page.clone(), c.strategy.clone());
    on(&c.strategy, "change", move |_| {
        p.dispatch(Msg::SetStrategy(select.value()))
    })?;

    // A strategy's row in the comparison picks it.
    let p = page.clone();
    on(
        &dom::by_id::<web_sys::EventTarget>(&page.document, dom::COMPARE_BODY)?,
        "click",
        move |e| {
            let picked = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| super::compare::picked(&t));
            if let Some(name) = picked {
                p.dispatch(Msg::SetStrategy(name.to_owned()));
            }
        },
    )?;

    let p = page.clone();
    on(
        &dom::by_id::<web_sys::EventTarget>(&page.document, dom::REDDIT_PRESET)?,
        "click",
        move |_| p.dispatch(Msg::OpenFragment(super::compare::REDDIT_LINK.to_owned())),
    )?;

    let (p, select) = (page.clone(), c.change.clone());
    on(&c.change, "change", move |_| {
        p.dispatch(Msg::SetChange(parse_change(&select.value())))
    })?;

    let p = page.clone();
    on(
        &dom::by_id::<web_sys::EventTarget>(&page.document, dom::NOTICE_CLOSE)?,
        "click",
        move |_| p.dispatch(Msg::DismissNotices),
    )?;

    let p = page.clone();
    on(
        &dom::by_id::<web_sys::EventTarget>(&page.document, dom::COPY_LINK)?,
        "click",
        move |_| {
            let c = &p.controls;
            copy_text(&p, c.share_url.value(), c.share_url.clone().into(), "Link")
        },
    )?;

    let p = page.clone();
    on(&c.embed_button, "click", move |_| toggle_embed(&p))?;

    for (id, what) in [
        (dom::DOWNLOAD_PNG, super::export::Download::Picture),
        (dom::DOWNLOAD_LOADS, super::export::Download::Loads),
        (dom::DOWNLOAD_MOVED, super::export::Download::MovedKeys),
    ] {
        let p = page.clone();
        on(
            &dom::by_id::<web_sys::EventTarget>(&page.document, id)?,
            "click",
            move |_| super::export::download(&p, what),
        )?;
    }

    let p = page.clone();
    on(
        &dom::by_id::<web_sys::EventTarget>(&page.document, dom::RESET)?,
        "click",
        move |_| {
            // Back to the course page's example (or, on a tour, to the step), in the same view (full
            // or embedded).
            let params = p.app.borrow().params().clone();
            p.dispatch(Msg::OpenFragment(match params.tour {
                Some(at) => super::tour_bar::step_link(at.tour, at.step, params.embed),
                None => if params.embed { "embed=1" } else { "" }.into(),
            }))
        },
    )?;

    let p = page.clone();
    on(&page.window, "hashchange", move |_| {
        let hash = p.window.location().hash().unwrap_or_default();
        p.dispatch(Msg::OpenFragment(hash));
    })?;

    let p = page.clone();
    on(&page.window, "resize", move |_| p.invalidate())?;

    let ring: web_sys::EventTarget = dom::by_id(&page.document, dom::RING)?;
    let p = page.clone();
    on(&ring, "pointermove", move |e| {
        if let Some(e) = e.dyn_ref::<web_sys::MouseEvent>() {
            p.hover(e.offset_x() as f64, e.offset_y() as f64);
        }
    })?;
    let p = page.clone();
    on(&ring, "pointerleave", move |_| {
        p.view.borrow().ring.unhover()
    })?;
    let p = page.clone();
    on(&ring, "blur", move |_| p.view.borrow().ring.unhover())?;
    let p = page.clone();
    on(&ring, "keydown", move |e| {
        let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()) else {
            return;
        };
        let step = match key.as_str() {
            "ArrowRight" | "ArrowDown" => 1,
            "ArrowLeft" | "ArrowUp" => -1,
            "Home" => i64::MIN,
            "End" => i64::MAX,
            "Escape" => {
                p.view.borrow().ring.unhover();
                return;
            }
            _ => return,
        };
        e.prevent_default();
        p.step_ring(step);
    })?;

    // Redraw in the other palette when the system switches between light and dark.
    if let Ok(Some(query)) = page.window.match_media("(prefers-color-scheme: dark)") {
        let p = page.clone();
        on(&query, "change", move |_| p.invalidate())?;
    }
    Ok(())
}

/// Copies `text`. Where the Clipboard API is blocked (an iframe without `clipboard-write`, a sandbox),
/// selects `field` (which shows the same text) and copies the selection instead, and if even that fails,
/// leaves it selected for Ctrl+C. `what` names the text in the status line ("Link", "Embed code").
fn copy_text(page: &Rc<Page>, text: String, field: web_sys::HtmlElement, what: &'static str) {
    let status = page.controls.copy_status.clone();
    let fallback = {
        let (status, document) = (status.clone(), page.document.clone());
        move || {
            if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
                input.select();
            } else if let Some(area) = field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                area.select();
            }
            let copied = document
                .dyn_into::<web_sys::HtmlDocument>()
                .ok()
                .and_then(|d| d.exec_command("copy").ok())
                .unwrap_or(false);
            status.set_text_content(Some(&if copied {
                format!("{what} copied.")
            } else {
                format!(
                    "Select and copy the {} above (Ctrl+C / ⌘C).",
                    what.to_lowercase()
                )
            }));
        }
    };
    let clipboard = page.window.navigator().clipboard();
    if clipboard.is_undefined() || !clipboard_allowed(&page.document) {
        fallback();
        return;
    }
    let done = Closure::<dyn FnMut(JsValue)>::once(move |_: JsValue| {
        status.set_text_content(Some(&format!("{what} copied.")))
    });
    let failed = Closure::<dyn FnMut(JsValue)>::once(move |_: JsValue| fallback());
    let _ = clipboard.write_text(&text).then2(&done, &failed);
    // One of the two runs, once; both are small and live as long as the promise.
    done.forget();
    failed.forget();
}

/// Shows (or hides) the embed code for the current experiment, and copies it when shown.
fn toggle_embed(page: &Rc<Page>) {
    let c = &page.controls;
    let open = c.embed_box.hidden();
    c.embed_box.set_hidden(!open);
    let _ = c
        .embed_button
        .set_attribute("aria-expanded", if open { "true" } else { "false" });
    if open {
        let code = c.embed_code.value();
        copy_text(page, code, c.embed_code.clone().into(), "Embed code");
    }
}

/// False when the document's permissions policy blocks `clipboard-write` (asking anyway logs an error).
/// Browsers without `document.featurePolicy` just try.
fn clipboard_allowed(document: &Document) -> bool {
    let policy =
        js_sys::Reflect::get(document, &"featurePolicy".into()).unwrap_or(JsValue::UNDEFINED);
    let allows = js_sys::Reflect::get(&policy, &"allowsFeature".into()).ok();
    match allows.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        Some(f) => f
            .call1(&policy, &"clipboard-write".into())
            .map_or(true, |v| v.as_bool() != Some(false)),
        None => true,
    }
}
