//! The map scene: everything a picture of the map shows, computed once for every backend, with
//! no engine code. From a loaded scenario, a view ([`view::MapView`]: centre, scale, size) and a
//! theme it yields province fills with their colours on a date, borders, the country outline,
//! capital markers with their shapes, label placements (collisions resolved here), the legend
//! and the briefing overlay, as plain data in pixels ([`frame::Frame`]).
//!
//! Two backends draw it: the window (Bevy meshes and sprites, `app`) and the CPU painter
//! (`paint`: tiny-skia for PNG, an SVG writer), which exports, briefing images and screenshots
//! use. Neither recomputes anything this module knows.

pub mod annotations;
pub mod briefing;
pub mod context;
pub mod frame;
pub mod geometry;
pub mod items;
pub mod labels;
pub mod legend;
pub mod looks;
pub mod markers;
pub mod multiples;
pub mod text;
pub mod theme;
pub mod thinning;
pub mod view;

pub use briefing::{Briefing, BriefingLayout, long_date};
pub use frame::{Frame, SceneInput, briefing_frame, map_frame};
pub use geometry::MapGeometry;
pub use legend::Legend;
pub use looks::{CapitalLook, MarkerShape, ViewOptions, capital_looks, province_fills};
pub use text::Fonts;
pub use theme::{Palette, Theme, status_color};
pub use view::{MapRect, MapView, PxRect, ViewRequest};
