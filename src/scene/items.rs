//! The things a picture is made of, in pixels: text, markers, fills, strokes, pattern styles
//! and the briefing overlay's items. The frame ([`super::frame`]) and the parts that lay out
//! its panels ([`super::briefing`], [`super::context`]) build them; the backends draw them.

use std::sync::Arc;

use crate::model::{Pattern, Rgb, Rgba};

use super::markers::MarkerLayer;
use super::text::ShapedText;
use super::view::PxRect;

/// A halo around text: a stroke of the glyph outlines under the fill.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Halo {
    /// Colour.
    pub color: Rgba,
    /// How far it reaches beyond the glyphs, px.
    pub width_px: f32,
}

/// Shaped text placed on the picture.
#[derive(Debug, Clone, PartialEq)]
pub struct TextItem {
    /// An element id for SVG (e.g. `label-kabul`).
    pub id: Option<Arc<str>>,
    /// What it is, for SVG classes: `label`, `title`, `date`, `caption`, `legend`, `credits`.
    pub class: &'static str,
    /// The shaped text.
    pub shaped: Arc<ShapedText>,
    /// Top left of the text box, px.
    pub origin: [f32; 2],
    /// Fill colour.
    pub color: Rgb,
    /// Optional halo.
    pub halo: Option<Halo>,
}

/// A capital's marker.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// Capital index.
    pub capital: usize,
    /// Capital id (SVG element id).
    pub id: Arc<str>,
    /// Centre, px.
    pub center: [f32; 2],
    /// The radius of the status colour's shape, px (after any shrinking to fit).
    pub radius_px: f32,
    /// Layers, bottom first.
    pub layers: Vec<MarkerLayer>,
}

/// A province's fill.
#[derive(Debug, Clone, PartialEq)]
pub struct Fill {
    /// Province index.
    pub province: usize,
    /// Province id (SVG element id).
    pub id: String,
    /// Colour.
    pub color: Rgb,
    /// A pattern drawn over the colour, if the status has one.
    pub pattern: Option<Pattern>,
    /// Rings (exteriors and holes), px; filled even-odd.
    pub rings: Vec<Vec<[f32; 2]>>,
}

/// How patterns are drawn: their ink, spacing and the point they are anchored to (the map
/// plane's origin, so a pattern stays put when the view pans, in every backend).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PatternStyle {
    /// Colour of the lines and dots.
    pub ink: Rgba,
    /// Distance between lines (or dots), px.
    pub spacing_px: f32,
    /// Line width (or dot diameter), px.
    pub width_px: f32,
    /// Where the pattern's grid is anchored, px.
    pub origin: [f32; 2],
}

/// Pattern spacing at mark scale 1, px.
pub const PATTERN_SPACING_PX: f32 = 8.0;

/// Lines of one colour and width.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    /// Polylines, px.
    pub lines: Vec<Vec<[f32; 2]>>,
    /// Colour.
    pub color: Rgb,
    /// Width, px.
    pub width_px: f32,
}

impl Stroke {
    /// No lines.
    pub fn empty() -> Self {
        Self {
            lines: Vec::new(),
            color: Rgb([0, 0, 0]),
            width_px: 1.0,
        }
    }
}

/// Something on the briefing overlay.
#[derive(Debug, Clone, PartialEq)]
pub enum OverlayItem {
    /// A filled rectangle (bands, the legend panel).
    Rect {
        /// SVG element id.
        id: &'static str,
        /// Where.
        rect: PxRect,
        /// Colour.
        color: Rgba,
    },
    /// Text.
    Text(TextItem),
    /// A marker-shaped swatch (the marker key).
    Swatch {
        /// Centre, px.
        center: [f32; 2],
        /// Layers, bottom first.
        layers: Vec<MarkerLayer>,
    },
    /// A square of a fill colour and pattern, outlined (legend rows).
    FillSwatch {
        /// Where.
        rect: PxRect,
        /// Fill colour.
        color: Rgb,
        /// Pattern.
        pattern: Option<Pattern>,
        /// Pattern ink, spacing and anchor.
        style: PatternStyle,
        /// Outline colour.
        outline: Rgb,
    },
}
