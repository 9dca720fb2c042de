//! Downloads: the picture as a PNG (twice the canvas's resolution, with the legend and the experiment
//! drawn in), the load table and every moved key as CSV, each named after the experiment.

use super::{dom, Page};
use crate::export::{file_stem, loads_csv, moved_csv};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobPropertyBag, Document, HtmlAnchorElement, Url};

/// What a download button saves.
#[derive(Clone, Copy, Debug)]
pub(super) enum Download {
    Picture,
    Loads,
    MovedKeys,
}

/// Saves `what` for the current experiment. Failures (a sandbox without downloads) are logged, not shown.
pub(super) fn download(page: &Rc<Page>, what: Download) {
    let result = (|| -> Result<(), JsValue> {
        let app = page.app.borrow();
        let stem = file_stem(app.params());
        let doc = &page.document;
        match what {
            Download::Picture => {
                let url = page.view.borrow().ring.picture_png(&page.document, &app)?;
                save(doc, &url, &format!("{stem}.png"))
            }
            Download::Loads => save_text(page, &loads_csv(&app), &format!("{stem}_loads.csv")),
            Download::MovedKeys => save_text(page, &moved_csv(&app), &format!("{stem}_moved.csv")),
        }
    })();
    if let Err(e) = result {
        web_sys::console::error_2(&"ring playground: the download failed".into(), &e);
    }
}

/// Saves CSV text through an object URL, released a minute later.
fn save_text(page: &Rc<Page>, text: &str, name: &str) -> Result<(), JsValue> {
    let options = BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = Blob::new_with_str_sequence_and_options(
        &js_sys::Array::of1(&JsValue::from_str(text)),
        &options,
    )?;
    let url = Url::create_object_url_with_blob(&blob)?;
    save(&page.document, &url, name)?;
    let release = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    page.window
        .set_timeout_with_callback_and_timeout_and_arguments_0(release.unchecked_ref(), 60_000)?;
    Ok(())
}

/// Clicks a temporary `<a download>` for `url`.
fn save(doc: &Document, url: &str, name: &str) -> Result<(), JsValue> {
    let a: HtmlAnchorElement = dom::element(doc, "a", "", "")?.dyn_into()?;
    a.set_href(url);
    a.set_download(name);
    let body = doc.body().ok_or("no body")?;
    body.append_child(&a)?;
    a.click();
    a.remove();
    Ok(())
}
