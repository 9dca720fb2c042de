//! The DOM and canvas helpers both of the page's modules use (the core's views and the time views, each
//! its own wasm): elements by id, new elements holding text (never markup), event listeners, and the
//! canvases' palettes, fonts and sizes. Web only: empty on other targets.

#[cfg(target_arch = "wasm32")]
mod web;
#[cfg(target_arch = "wasm32")]
pub use web::*;
