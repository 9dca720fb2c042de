//! Element ids and small DOM helpers. Every id the page uses is a constant here.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement};

pub const FATAL: &str = "fatal";
pub const NOTICE: &str = "notice";
pub const NOTICE_LIST: &str = "notice-list";
pub const NOTICE_CLOSE: &str = "notice-close";
pub const NODES: &str = "nodes";
pub const NODES_VALUE: &str = "nodes-value";
pub const VNODES: &str = "vnodes";
pub const VNODES_VALUE: &str = "vnodes-value";
pub const KEYS: &str = "keys";
pub const KEYS_VALUE: &str = "keys-value";
pub const CHANGE: &str = "change";
pub const SHARE_URL: &str = "share-url";
pub const COPY_LINK: &str = "copy-link";
pub const COPY_STATUS: &str = "copy-status";
pub const RESET: &str = "reset";
pub const RING: &str = "ring";
pub const RING_CAPTION: &str = "ring-caption";
pub const RING_HOVER: &str = "ring-hover";
pub const RING_TIP: &str = "ring-tip";
pub const RING_SUMMARY: &str = "ring-summary";
pub const EXPERIMENT_BODY: &str = "experiment-body";
pub const LOAD_HEAD: &str = "load-head";
pub const LOAD_BODY: &str = "load-body";
pub const SUMMARY: &str = "summary";
pub const LIVE: &str = "live";
pub const CURVE: &str = "curve";
pub const CURVE_VALUES: &str = "curve-values";

/// The page's document.
pub fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// The element with `id`, as type `T`.
pub fn by_id<T: JsCast>(doc: &Document, id: &str) -> Result<T, JsValue> {
    doc.get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("the page has no #{id}")))?
        .dyn_into::<T>()
        .map_err(|_| JsValue::from_str(&format!("#{id} is not the expected kind of element")))
}

/// A new `<tag class=…>` holding `text` (as text, never markup).
pub fn element(doc: &Document, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let el = doc.create_element(tag)?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    Ok(el)
}

/// Appends a new `<tag class=…>text</tag>` to `parent` and returns it.
pub fn append(
    doc: &Document,
    parent: &Element,
    tag: &str,
    class: &str,
    text: &str,
) -> Result<Element, JsValue> {
    let el = element(doc, tag, class, text)?;
    parent.append_child(&el)?;
    Ok(el)
}

/// Shows a start-up failure on the page itself.
pub fn show_fatal(message: &str) {
    if let Ok(doc) = document() {
        if let Ok(el) = by_id::<HtmlElement>(&doc, FATAL) {
            el.set_text_content(Some(&format!(
                "The ring playground could not start: {message}"
            )));
            el.set_hidden(false);
        }
    }
}
