//! "Check a real history" (`../shared/specs/real-histories.md`): the page's section where a history a
//! real system produced (a Jepsen log, Jepsen EDN ops, or the page's own `hist=` format) is pasted,
//! drawn, and checked for linearizability with the [`lincheck`] crate. A wasm module of its own, loaded
//! by the page when the section is needed.
//!
//! The parts that need no browser are here and tested natively: reading the input in any of the three
//! formats ([`input`]), the history in a link ([`link`]), the presets ([`presets`]: real etcd logs from
//! Porcupine's test data), and the diagram's geometry ([`layout`]). `web` (wasm32 only) is the
//! section itself.
//!
//! ```
//! let history = ring_check::input::read("1:w1@0-10,2:r0@20-30");
//! let report = lincheck::Check::new(history).report();
//! assert_eq!(report.keys.len(), 1);
//! let link = ring_check::link::encode("1:w1@0-10,2:r0@20-30");
//! assert_eq!(ring_check::link::decode(&link).unwrap(), "1:w1@0-10,2:r0@20-30");
//! ```

pub mod input;
pub mod layout;
pub mod link;
pub mod presets;

#[cfg(target_arch = "wasm32")]
mod web;
