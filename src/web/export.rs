//! Downloads: the picture as a PNG (twice the canvas's resolution, with the legend and the experiment
//! drawn in), the load table and every moved key as CSV, each named after the experiment.

use super::{dom, Page};
use crate::export::{file_stem, loads_csv, MovedCsv};
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
/// The picture is encoded off the main thread, and the moved keys (a million of them, at most) are
/// written a bounded part per task, so neither holds the page.
pub(super) fn download(page: &Rc<Page>, what: Download) {
    let result = (|| -> Result<(), JsValue> {
        let app = page.app.borrow();
        let stem = file_stem(app.params());
        match what {
            Download::Picture => {
                let cached = page.scene.borrow().clone();
                let scene = match cached {
                    Some((generation, scene)) if generation == app.generation() => scene,
                    _ => Rc::new(crate::layout::Scene::of(&app)),
                };
                let canvas =
                    page.view
                        .borrow()
                        .ring
                        .picture_canvas(&page.document, &app, &scene)?;
                let p = page.clone();
                let name = format!("{stem}.png");
                let saved = Closure::once_into_js(move |blob: JsValue| {
                    let saved = blob
                        .dyn_into::<Blob>()
                        .and_then(|blob| save_blob(&p, &blob, &name));
                    if let Err(e) = saved {
                        web_sys::console::error_2(
                            &"ring playground: the download failed".into(),
                            &e,
                        );
                    }
                });
                // Encoded off the main thread, asked for in a task of its own (after the painting's).
                let encode = Closure::once_into_js(move || {
                    if let Err(e) = canvas.to_blob_with_type(saved.unchecked_ref(), "image/png") {
                        web_sys::console::error_2(
                            &"ring playground: the download failed".into(),
                            &e,
                        );
                    }
                });
                page.window
                    .set_timeout_with_callback_and_timeout_and_arguments_0(
                        encode.unchecked_ref(),
                        0,
                    )
                    .map(|_| ())
            }
            Download::Loads => save_text(page, &loads_csv(&app), &format!("{stem}_loads.csv")),
            Download::MovedKeys => {
                let making = MovedCsv::begin(&app);
                let job = MovedJob {
                    making,
                    generation: app.generation(),
                    name: format!("{stem}_moved.csv"),
                    blob: text_blob(&js_sys::Array::new())?,
                };
                drop(app);
                page.controls.say_status("Writing the moved keys…");
                moved_step(page.clone(), job);
                Ok(())
            }
        }
    })();
    if let Err(e) = result {
        web_sys::console::error_2(&"ring playground: the download failed".into(), &e);
    }
}

/// Keys gone through per step of the moved keys' CSV (a step is one loop over them).
const MOVED_STEP_KEYS: usize = 20_000;
/// A task of the moved keys' CSV stops after this many milliseconds.
const MOVED_TASK_MS: f64 = 8.0;

/// The moved keys' CSV being written, for the experiment of one app generation.
struct MovedJob {
    making: MovedCsv,
    generation: u64,
    name: String,
    /// The file so far: each step's rows are added as they are made (a blob of blobs costs nothing
    /// more at the end).
    blob: Blob,
}

/// One task of the moved keys' CSV: steps until [`MOVED_TASK_MS`] have passed, then queues the next; saves
/// when done. A change of the experiment meanwhile cancels it (the file would not be what was asked).
fn moved_step(page: Rc<Page>, mut job: MovedJob) {
    let app = page.app.borrow();
    if app.generation() != job.generation || app.progress().is_some_and(|g| !g.stage.is_time()) {
        page.controls
            .say_status("The experiment changed: the moved keys were not saved.");
        return;
    }
    let performance = page.window.performance();
    let now = || performance.as_ref().map_or(0.0, |p| p.now());
    let began = now();
    loop {
        let done = job.making.step(&app, MOVED_STEP_KEYS);
        // As bytes, a step's at a time: one blob of all the text at the end would encode (and copy) it
        // all in one task.
        let parts = js_sys::Array::of1(&job.blob);
        for part in job.making.parts.drain(..) {
            parts.push(&js_sys::Uint8Array::from(part.as_bytes()));
        }
        match Blob::new_with_blob_sequence_and_options(&parts, &csv_type()) {
            Ok(blob) => job.blob = blob,
            Err(e) => {
                web_sys::console::error_2(&"ring playground: the download failed".into(), &e);
                return;
            }
        }
        if done {
            drop(app);
            let saved = save_blob(&page, &job.blob, &job.name);
            match saved {
                Ok(()) => page.controls.say_status("Moved keys saved."),
                Err(e) => {
                    web_sys::console::error_2(&"ring playground: the download failed".into(), &e)
                }
            }
            return;
        }
        if now() - began > MOVED_TASK_MS {
            break;
        }
    }
    page.controls.say_status(&format!(
        "Writing the moved keys… {} %",
        crate::stats::fixed(job.making.done() * 100.0, 0)
    ));
    drop(app);
    let p = page.clone();
    let next = Closure::once_into_js(move || moved_step(p, job));
    let _ = page
        .window
        .set_timeout_with_callback_and_timeout_and_arguments_0(next.unchecked_ref(), 0);
}

/// A CSV file's type.
fn csv_type() -> BlobPropertyBag {
    let options = BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    options
}

/// A CSV blob of these UTF-8 texts (`Uint8Array`s).
fn text_blob(parts: &js_sys::Array) -> Result<Blob, JsValue> {
    Blob::new_with_u8_array_sequence_and_options(parts, &csv_type())
}

/// Saves a blob through an object URL, released a minute later.
fn save_blob(page: &Rc<Page>, blob: &Blob, name: &str) -> Result<(), JsValue> {
    let url = Url::create_object_url_with_blob(blob)?;
    save(&page.document, &url, name)?;
    let release = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    page.window
        .set_timeout_with_callback_and_timeout_and_arguments_0(release.unchecked_ref(), 60_000)?;
    Ok(())
}

/// Saves CSV text.
fn save_text(page: &Rc<Page>, text: &str, name: &str) -> Result<(), JsValue> {
    let bytes = js_sys::Uint8Array::from(text.as_bytes());
    save_blob(page, &text_blob(&js_sys::Array::of1(&bytes))?, name)
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
