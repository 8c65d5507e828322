//! frontline: show who controls which provincial capital on any day.
//!
//! The crate is layered (imports point down; `app` and `export` never import each other, and
//! only the binary imports `cli`):
//!
//! - [`cli`]: the command line; opens the window or runs a command.
//! - [`app`]: the Bevy window; draws the scene with meshes and sprites.
//! - [`export`]: `frontline export`, pictures, animations and the interactive HTML page
//!   without a window.
//! - [`import_events`]: `frontline import-events`, conflict-event exports with ACLED's columns
//!   turned into scenario events.
//! - [`paint`]: the CPU backend (tiny-skia pixels, SVG) both of them use for pictures.
//! - [`scene`]: what the map shows, as plain data: view, colours, markers, labels, legend,
//!   briefing overlay. No Bevy.
//! - [`bundle`]: a scenario joined to its boundaries, checked as a whole.
//! - [`model`] (scenario, timeline, validation) and [`boundaries`] (GeoJSON, projection,
//!   tessellation, shared borders): pure Rust.
//! - [`shipped`]: the scenarios compiled into the binary, opened by name; [`settings`]: the
//!   window's settings kept between runs.
//! - [`stress`]: synthetic scenarios for benchmarks.
//! - [`world`]: `frontline new`, a scenario for any country from embedded Natural Earth and
//!   GeoNames data.
//! - [`progress`]: progress of long work, shown by the window and the command line.
//! - [`fsio`]: atomic writes and PNG/GIF encoding, used by all of the above.

#[cfg(feature = "window")]
pub mod app;
pub mod boundaries;
pub mod bundle;
pub mod cli;
pub mod export;
pub mod fsio;
pub mod import_events;
pub mod model;
pub mod paint;
pub mod progress;
pub mod scene;
pub mod settings;
pub mod shipped;
pub mod stress;
pub mod world;
