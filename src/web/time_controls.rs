//! The time settings' controls: the watched key, latency environment and trials, the clients and their
//! work, the seed, the mode, the CAP choice and the partition (who is on side B, and when), the presets,
//! and the history view's "Back to the simulation"; events in, state shown back. (They edit the link,
//! which the core owns; the views they set are the time module's, `crates/time`.)

use super::controls::{on, show_slider};
use super::{dom, Page};
use crate::app::{App, Msg};
use crate::consistency::latency::Env;
use crate::consistency::sim::{Cap, Mode, Reads};
use crate::params::presets::PRESETS;
use crate::params::time;
use crate::scales::THINK_SCALE;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

pub(super) struct TimeControls {
    key: HtmlInputElement,
    lat: HtmlSelectElement,
    trials: HtmlSelectElement,
    clients: HtmlInputElement,
    clients_value: Element,
    ops: HtmlInputElement,
    ops_value: Element,
    think: HtmlInputElement,
    think_value: Element,
    writes: HtmlInputElement,
    writes_value: Element,
    seed: HtmlInputElement,
    mode: HtmlSelectElement,
    reads: HtmlSelectElement,
    reads_control: HtmlElement,
    cap: HtmlSelectElement,
    split: Element,
    from: HtmlInputElement,
    to: HtmlInputElement,
    drop_history: HtmlElement,
}

/// The trial counts the menu offers (a link may name any other in range; it is added to the menu).
const TRIALS: [u32; 4] = [1_000, 10_000, 100_000, 1_000_000];

impl TimeControls {
    pub(super) fn find(doc: &Document) -> Result<TimeControls, JsValue> {
        let c = TimeControls {
            key: dom::by_id(doc, dom::WATCHED_KEY)?,
            lat: dom::by_id(doc, dom::LAT)?,
            trials: dom::by_id(doc, dom::TRIALS)?,
            clients: dom::by_id(doc, dom::CLIENTS)?,
            clients_value: dom::by_id(doc, dom::CLIENTS_VALUE)?,
            ops: dom::by_id(doc, dom::OPS)?,
            ops_value: dom::by_id(doc, dom::OPS_VALUE)?,
            think: dom::by_id(doc, dom::THINK)?,
            think_value: dom::by_id(doc, dom::THINK_VALUE)?,
            writes: dom::by_id(doc, dom::WRITES)?,
            writes_value: dom::by_id(doc, dom::WRITES_VALUE)?,
            seed: dom::by_id(doc, dom::SEED)?,
            mode: dom::by_id(doc, dom::MODE)?,
            reads: dom::by_id(doc, dom::READS)?,
            reads_control: dom::by_id(doc, dom::READS_CONTROL)?,
            cap: dom::by_id(doc, dom::CAP)?,
            split: dom::by_id(doc, dom::SPLIT)?,
            from: dom::by_id(doc, dom::FROM)?,
            to: dom::by_id(doc, dom::TO)?,
            drop_history: dom::by_id(doc, dom::HISTORY_DROP)?,
        };
        for env in Env::ALL {
            let label = format!("{}: {}", env.paper_name(), env_words(env));
            option(doc, &c.lat, env.name(), &label)?;
        }
        for mode in Mode::ALL {
            option(doc, &c.mode, mode.name(), mode_words(mode))?;
        }
        for reads in Reads::ALL {
            option(doc, &c.reads, reads.name(), reads_words(reads))?;
        }
        for cap in Cap::ALL {
            option(doc, &c.cap, cap.name(), cap_words(cap))?;
        }
        Ok(c)
    }

    /// Shows the app's time settings in the controls.
    pub(super) fn sync(&self, doc: &Document, app: &App) -> Result<(), JsValue> {
        let p = app.params();
        let t = &p.time;
        self.key.set_max(&(p.keys - 1).to_string());
        show_typed(doc, &self.key, &t.key.to_string());
        self.lat.set_value(t.lat.name());
        // The menu's counts, and the link's own if it is another.
        let mut counts = TRIALS.to_vec();
        if !counts.contains(&t.trials) {
            counts.push(t.trials);
            counts.sort_unstable();
        }
        let shown: Vec<String> = (0..self.trials.length())
            .filter_map(|i| self.trials.item(i))
            .filter_map(|o| o.get_attribute("value"))
            .collect();
        if shown != counts.iter().map(u32::to_string).collect::<Vec<_>>() {
            self.trials.set_text_content(None);
            for n in counts {
                let label = format!("{} trials", crate::stats::thousands(n as u64));
                option(doc, &self.trials, &n.to_string(), &label)?;
            }
        }
        self.trials.set_value(&t.trials.to_string());
        show_slider(
            &self.clients,
            &self.clients_value,
            time::CLIENTS_MAX,
            t.clients,
            &t.clients.to_string(),
            &format!("{} clients", t.clients),
        );
        show_slider(
            &self.ops,
            &self.ops_value,
            time::OPS_MAX,
            t.ops,
            &t.ops.to_string(),
            &format!("{} ops per client", t.ops),
        );
        let think_pos = THINK_SCALE.position(t.think);
        let current: u32 = self.think.value().parse().unwrap_or(u32::MAX);
        let pos = if THINK_SCALE.value(current) == t.think {
            current
        } else {
            think_pos
        };
        show_slider(
            &self.think,
            &self.think_value,
            THINK_SCALE.steps(),
            pos,
            &format!("{} ms", t.think),
            &format!("{} ms mean think time", t.think),
        );
        show_slider(
            &self.writes,
            &self.writes_value,
            100 / 5,
            (t.writes + 2) / 5,
            &format!("{} %", t.writes),
            &format!("{} % writes", t.writes),
        );
        show_typed(doc, &self.seed, &t.seed.to_string());
        self.mode.set_value(t.mode.name());
        self.reads.set_value(t.reads.name());
        self.reads_control.set_hidden(t.mode != Mode::Primary);
        self.cap.set_value(t.cap.name());
        self.sync_split(doc, app)?;
        show_typed(doc, &self.from, &t.from.to_string());
        show_typed(
            doc,
            &self.to,
            &t.to.map_or(String::new(), |to| to.to_string()),
        );
        self.drop_history.set_hidden(t.hist.is_none());
        Ok(())
    }

    /// One box per node after the change and per client: ticked when on side B.
    fn sync_split(&self, doc: &Document, app: &App) -> Result<(), JsValue> {
        let p = app.params();
        let t = &p.time;
        let names: Vec<String> = p
            .nodes_after()
            .into_iter()
            .chain((1..=t.clients).map(|c| format!("c{c}")))
            .collect();
        let boxes = self.split.query_selector_all("input")?;
        let same = boxes.length() as usize == names.len()
            && (0..boxes.length()).all(|i| {
                boxes
                    .get(i)
                    .and_then(|n| n.dyn_into::<Element>().ok())
                    .and_then(|e| e.get_attribute("data-side"))
                    .as_deref()
                    == Some(names[i as usize].as_str())
            });
        if !same {
            self.split.set_text_content(None);
            for name in &names {
                let label = dom::append(doc, &self.split, "label", "side", "")?;
                let input: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
                input.set_type("checkbox");
                input.set_attribute("data-side", name)?;
                label.append_child(&input)?;
                label.append_with_str_1(&format!(" {name}"))?;
            }
        }
        let boxes = self.split.query_selector_all("input")?;
        for i in 0..boxes.length() {
            if let Some(input) = boxes
                .get(i)
                .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
            {
                input.set_checked(t.split.contains(&names[i as usize]));
            }
        }
        Ok(())
    }
}

fn option(
    doc: &Document,
    select: &HtmlSelectElement,
    value: &str,
    label: &str,
) -> Result<(), JsValue> {
    let o = dom::append(doc, select, "option", "", label)?;
    o.set_attribute("value", value)
}

fn env_words(env: Env) -> &'static str {
    match env {
        Env::Ssd => "SSDs",
        Env::Disk => "disks",
        Env::Ymmr => "Riak",
        Env::Wan => "across data centres",
    }
}

fn mode_words(mode: Mode) -> &'static str {
    match mode {
        Mode::Quorum => "Quorums (Dynamo)",
        Mode::Primary => "Primary, async replicas",
    }
}

fn reads_words(reads: Reads) -> &'static str {
    match reads {
        Reads::Primary => "the primary",
        Reads::Sticky => "one replica per client",
        Reads::Any => "any replica",
    }
}

fn cap_words(cap: Cap) -> &'static str {
    match cap {
        Cap::C => "Consistency (CP)",
        Cap::A => "Availability (AP)",
    }
}

/// A whole number in an input, if it holds one.
fn number(input: &HtmlInputElement) -> Option<u32> {
    input.value().trim().parse().ok()
}

/// Wires the time controls, the presets and the history view's buttons and diagram to `page.dispatch`.
pub(super) fn listen(page: &Rc<Page>) -> Result<(), JsValue> {
    let c = &page.time_controls;
    for input in [&c.key, &c.seed, &c.from, &c.to] {
        let el = input.clone();
        on(input, "input", move |_| {
            let _ = el.set_attribute(TYPING, "");
        })?;
        let el = input.clone();
        on(input, "change", move |_| {
            let _ = el.remove_attribute(TYPING);
        })?;
    }
    let (p, el) = (page.clone(), c.key.clone());
    on(&c.key, "change", move |_| {
        if let Some(k) = number(&el) {
            p.dispatch(Msg::SetWatchedKey(k));
        }
    })?;
    let (p, el) = (page.clone(), c.lat.clone());
    on(&c.lat, "change", move |_| {
        if let Some(env) = Env::by_name(&el.value()) {
            p.dispatch(Msg::SetLatency(env));
        }
    })?;
    let (p, el) = (page.clone(), c.trials.clone());
    on(&c.trials, "change", move |_| {
        if let Ok(n) = el.value().parse() {
            p.dispatch(Msg::SetTrials(n));
        }
    })?;
    let range = |input: &HtmlInputElement, to_msg: fn(u32) -> Msg| {
        let (p, el) = (page.clone(), input.clone());
        on(input, "input", move |_| {
            if let Some(pos) = number(&el) {
                p.dispatch(to_msg(pos));
            }
        })
    };
    range(&c.clients, Msg::SetClients)?;
    range(&c.ops, Msg::SetOps)?;
    range(&c.think, |pos| Msg::SetThink(THINK_SCALE.value(pos)))?;
    range(&c.writes, |pos| Msg::SetWrites(pos * 5))?;
    let (p, el) = (page.clone(), c.seed.clone());
    on(&c.seed, "change", move |_| {
        if let Some(s) = number(&el) {
            p.dispatch(Msg::SetSeed(s));
        }
    })?;
    let p = page.clone();
    on(
        &dom::by_id::<web_sys::EventTarget>(&page.document, dom::SEED_NEXT)?,
        "click",
        move |_| {
            let seed = p.app.borrow().params().time.seed;
            p.dispatch(Msg::SetSeed((seed + 1) % (time::SEED_MAX + 1)));
        },
    )?;
    let (p, el) = (page.clone(), c.mode.clone());
    on(&c.mode, "change", move |_| {
        if let Some(m) = Mode::ALL.into_iter().find(|m| m.name() == el.value()) {
            p.dispatch(Msg::SetMode(m));
        }
    })?;
    let (p, el) = (page.clone(), c.reads.clone());
    on(&c.reads, "change", move |_| {
        if let Some(r) = Reads::ALL.into_iter().find(|r| r.name() == el.value()) {
            p.dispatch(Msg::SetReads(r));
        }
    })?;
    let (p, el) = (page.clone(), c.cap.clone());
    on(&c.cap, "change", move |_| {
        if let Some(cap) = Cap::ALL.into_iter().find(|c| c.name() == el.value()) {
            p.dispatch(Msg::SetCap(cap));
        }
    })?;
    let p = page.clone();
    on(&c.split, "change", move |e| {
        let input = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
        if let Some(input) = input {
            if let Some(name) = input.get_attribute("data-side") {
                p.dispatch(Msg::SetSideB(name, input.checked()));
            }
        }
    })?;
    for input in [&c.from, &c.to] {
        let (p, from, to) = (page.clone(), c.from.clone(), c.to.clone());
        on(input, "change", move |_| {
            let f = number(&from).unwrap_or(0);
            p.dispatch(Msg::SetWindow(f, number(&to)));
        })?;
    }
    let p = page.clone();
    on(&c.drop_history, "click", move |_| {
        p.dispatch(Msg::DropHistory)
    })?;
    // The presets: each a whole experiment.
    let p = page.clone();
    on(
        &dom::by_id::<web_sys::EventTarget>(&page.document, dom::PRESETS)?,
        "click",
        move |e| {
            let id = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.get_attribute("data-preset"));
            if let Some(preset) = id.and_then(|id| PRESETS.iter().find(|pr| pr.id == id)) {
                p.dispatch(Msg::OpenFragment(preset.link.to_owned()));
            }
            // The real histories: the check section opens on one, the experiment stays.
            let check = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.get_attribute("data-check-preset"));
            if let Some(name) = check {
                p.dispatch(Msg::OpenCheck(format!("p.{name}")));
            }
        },
    )?;
    Ok(())
}

/// Marks a typed field between its first keystroke and its commit (`change`).
const TYPING: &str = "data-typing";

/// Shows `value` in a field the user types into, unless it has the focus and text not committed yet:
/// what is being typed there (the window's "to" while the page applies its "from", say) is the user's
/// until they commit it; once committed, the field shows the value used (clamped, say).
fn show_typed(doc: &Document, input: &HtmlInputElement, value: &str) {
    let editing = input.has_attribute(TYPING)
        && doc
            .active_element()
            .is_some_and(|a| a.is_same_node(Some(input.as_ref())));
    if !editing && input.value() != value {
        input.set_value(value);
    }
}
