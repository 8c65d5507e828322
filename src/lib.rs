//! frontline: show who controls which provincial capital on any day.
//!
//! The crate is layered: [`model`] (scenario types, timeline index, validation) and
//! [`boundaries`] (GeoJSON provinces, projection, tessellation) are pure Rust with no Bevy
//! import; [`bundle`] joins them into a checked, ready-to-draw scenario; [`cli`] holds the
//! command-line commands; `app` (the Bevy window) builds on all of them.

// Nothing that came from a file or a user may be unwrapped; tests may.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod app;
pub mod boundaries;
pub mod bundle;
pub mod cli;
pub mod export;
pub mod model;
