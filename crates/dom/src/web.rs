use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, Document, Element, Event, HtmlCanvasElement, Window};

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

/// The namespace of SVG elements.
const SVG: &str = "http://www.w3.org/2000/svg";

/// Appends a new SVG element `<tag>` with `attrs` to `parent` and returns it.
pub fn svg(
    doc: &Document,
    parent: &Element,
    tag: &str,
    attrs: &[(&str, &str)],
) -> Result<Element, JsValue> {
    let el = doc.create_element_ns(Some(SVG), tag)?;
    for (k, v) in attrs {
        el.set_attribute(k, v)?;
    }
    parent.append_child(&el)?;
    Ok(el)
}

/// A new diagram's `<svg>` root, `width` × `height` CSS pixels, a group named `label` for screen
/// readers (class `diagram`); not yet in the page.
pub fn svg_diagram(
    doc: &Document,
    width: f64,
    height: f64,
    label: &str,
) -> Result<Element, JsValue> {
    let root = doc.create_element_ns(Some(SVG), "svg")?;
    for (k, v) in [
        ("width", format!("{width:.0}")),
        ("height", format!("{height:.0}")),
        ("viewBox", format!("0 0 {width:.0} {height:.0}")),
        ("class", "diagram".to_owned()),
        ("role", "group".to_owned()),
        ("aria-label", label.to_owned()),
    ] {
        root.set_attribute(k, &v)?;
    }
    Ok(root)
}

/// Calls `handler` on every `event` at `target`, for the page's lifetime.
pub fn on(
    target: &web_sys::EventTarget,
    event: &str,
    handler: impl FnMut(Event) + 'static,
) -> Result<(), JsValue> {
    let closure = Closure::<dyn FnMut(Event)>::new(handler);
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())?;
    closure.forget();
    Ok(())
}

/// Colours that are not node colours.
pub struct Ink {
    pub text: &'static str,
    pub muted: &'static str,
    pub faint: &'static str,
    pub stay: &'static str,
    pub moved: &'static str,
    /// The panels' background.
    pub panel: &'static str,
}

pub const LIGHT: Ink = Ink {
    text: "#1d232b",
    muted: "#5b6570",
    faint: "#e6e8eb",
    stay: "#c9ced4",
    moved: "#b3261e",
    panel: "#ffffff",
};
pub const DARK: Ink = Ink {
    text: "#e6e8eb",
    muted: "#9aa4ae",
    faint: "#2a3038",
    stay: "#4a525c",
    moved: "#f28b82",
    panel: "#1d2127",
};

/// The palette for the system's colour scheme.
pub fn ink(window: &Window) -> &'static Ink {
    let dark = window
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    if dark {
        &DARK
    } else {
        &LIGHT
    }
}

/// The page's font at `px` pixels and `weight`, for canvas text.
pub fn font(px: f64, weight: u32) -> String {
    // Whole pixels, rounded half to even, as `{px:.0}` would (without the float formatting's code).
    let whole = px.round_ties_even().max(0.0) as u32;
    format!("{weight} {whole}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif")
}

/// A canvas's size in CSS pixels, at least 200 × 100 (read before other panels change, so that reading it
/// does not force a layout of their new contents).
pub fn css_size(canvas: &HtmlCanvasElement) -> (f64, f64) {
    let rect = canvas.get_bounding_client_rect();
    (rect.width().max(200.0), rect.height().max(100.0))
}

/// The 2D context of a canvas.
pub fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    Ok(canvas
        .get_context("2d")?
        .ok_or("this browser has no 2D canvas")?
        .dyn_into::<CanvasRenderingContext2d>()?)
}

/// Sizes `canvas` to `w × h` CSS pixels at the device's pixel ratio and sets the context to draw in CSS
/// pixels.
pub fn fit_canvas(
    window: &Window,
    canvas: &HtmlCanvasElement,
    ctx: &CanvasRenderingContext2d,
    w: f64,
    h: f64,
) -> Result<f64, JsValue> {
    let dpr = window.device_pixel_ratio().max(1.0);
    let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)?;
    Ok(dpr)
}
