//! # ring playground
//!
//! A consistent-hashing lab for the browser: the course page's `ConsistentHash` (Python, in
//! `../shared/seeds/`) rebuilt exactly in Rust, compiled to WebAssembly, drawn on a canvas.
//!
//! The core has no web dependency and runs natively:
//!
//! ```
//! use ring_playground::{app::App, ring::{position, Ring}};
//!
//! // The seed's ring: MD5 positions, "node:i" virtual nodes, bisect_right lookup.
//! let ring = Ring::new(&["db1", "db2", "db3"], 150);
//! let owner = ring.owner_of(position("user_42")).unwrap();
//! assert!(owner < 3);
//!
//! // The seed's own example, with the true moved count (the page's printout guessed 3333).
//! let app = App::from_fragment("nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
//! assert_eq!(app.report().movement.as_ref().unwrap().moved, 3114);
//! ```
//!
//! Modules, from the bottom up (each reads only those above it in this list; docs/architecture.md says
//! where new work goes):
//! * [`pace`]: kinds of work done in parts, and how many items each part takes (by time, when asked).
//! * [`ring`]: positions, the ring, key sets, and the linear-merge assignment.
//! * [`strategy`]: the partitioning strategies side by side, one file each behind one small trait.
//! * [`stats`]: per-node loads, balance, and key movement (true, ideal, and `hash % N`).
//! * [`replication`]: preference lists' copies, Zipf popularity, the pass over the keys for failures,
//!   quorums, requests and the cache.
//! * [`placements`]: placements kept by key number, so a slider step computes only what it changes.
//! * [`compare`]: every strategy on the same inputs: balance, moves, lookup cost, memory.
//! * [`consistency`]: time: latency environments, the PBS model, the simulated history, the checker.
//! * [`params`]: the share link (URL fragment) codec, total on any input.
//! * [`scales`]: the sliders' scales (which values each slider steps through).
//! * [`geometry`]: turns of ring positions, points and angles on the canvas.
//! * [`app`]: the page's model: the inputs, one type per derived result (each advancing itself a
//!   bounded unit at a time), the scheduler, and the questions the views ask.
//! * [`layout`]: the picture as pure data (arcs, ticks, key bins, colours), read off the app.
//! * [`diagram`]: the space-time diagram of a history as pure geometry, read off the app.
//! * [`export`]: file names after the experiment, and the CSV exports.
//! * [`tour`]: a tour step's caption, its numbers read off the app.
//! * `web` (wasm32 only): the DOM, canvas drawing and controls, one file per view.

pub mod app;
pub mod compare;
/// Time: latency, the PBS model, the simulated history and its checker (the `ring-time` crate).
pub use ring_time as consistency;
pub mod export;
pub mod geometry;
pub mod layout;
pub mod md5x;
pub mod pace;
pub mod params;
pub mod placements;
pub mod replication;
pub mod ring;
pub mod scales;
pub mod stats;
pub mod strategy;
pub mod tour;

#[cfg(target_arch = "wasm32")]
mod web;
