//! Themes: the colours of everything that is not a status (background, borders, outline,
//! labels, markers, briefing bands and text), for a light theme (print, projectors) and a dark
//! one (screens), and the one function that turns a status into its colour in a theme. Every
//! backend (the window, the PNG rasterizer, the SVG writer, egui panels) reads colours from
//! here, as 8-bit sRGB, so they round the same way everywhere.

use crate::model::{Rgb, Rgba, StatusDef};

/// Light (print, projectors) or dark (screens).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Theme {
    /// Light background.
    #[default]
    Light,
    /// Dark background.
    Dark,
}

/// The colours of a theme other than the status colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Behind the map.
    pub background: Rgb,
    /// Province fill in "capitals only" mode, and for provinces without a capital.
    pub neutral_fill: Rgb,
    /// Province borders.
    pub border: Rgb,
    /// Country outline.
    pub outline: Rgb,
    /// Capital labels.
    pub label: Rgb,
    /// The halo around label text, so names stay readable over any fill.
    pub label_halo: Rgba,
    /// Marker outline.
    pub marker_outline: Rgb,
    /// The ring between a marker's outline and its fill, and the centre of contested markers.
    pub marker_hole: Rgb,
    /// Header and footer bands of briefing images.
    pub band: Rgb,
    /// Main briefing text.
    pub text: Rgb,
    /// Secondary briefing text (title, credits).
    pub weak_text: Rgb,
    /// The legend panel over the map.
    pub panel: Rgba,
    /// The cross marking a refuted claim.
    pub refuted: Rgb,
    /// Hatching and dots over fills whose status has a pattern.
    pub pattern_ink: Rgba,
    /// Neighbouring countries.
    pub neighbour_fill: Rgb,
    /// Borders between neighbouring countries.
    pub neighbour_border: Rgb,
    /// Neighbouring countries' names.
    pub neighbour_label: Rgb,
    /// The halo around them.
    pub neighbour_halo: Rgba,
}

impl Theme {
    /// This theme's colours.
    pub fn palette(self) -> Palette {
        match self {
            Theme::Light => Palette {
                background: Rgb([0xF4, 0xF2, 0xEE]),
                neutral_fill: Rgb([0xDD, 0xDA, 0xD3]),
                border: Rgb([0xFF, 0xFF, 0xFF]),
                outline: Rgb([0x33, 0x33, 0x33]),
                label: Rgb([0x11, 0x11, 0x11]),
                label_halo: Rgba([0xFF, 0xFF, 0xFF, 0xFF]),
                marker_outline: Rgb([0x11, 0x11, 0x11]),
                marker_hole: Rgb([0xFF, 0xFF, 0xFF]),
                band: Rgb([0xFF, 0xFF, 0xFF]),
                text: Rgb([0x11, 0x11, 0x11]),
                weak_text: Rgb([0x55, 0x55, 0x55]),
                panel: Rgba([0xF4, 0xF2, 0xEE, 0xE0]),
                refuted: Rgb([0xC8, 0x10, 0x2E]),
                pattern_ink: Rgba([0x00, 0x00, 0x00, 0x66]),
                neighbour_fill: Rgb([0xE4, 0xE1, 0xDA]),
                neighbour_border: Rgb([0xB9, 0xB4, 0xAA]),
                neighbour_label: Rgb([0x7A, 0x75, 0x6C]),
                neighbour_halo: Rgba([0xE4, 0xE1, 0xDA, 0xFF]),
            },
            Theme::Dark => Palette {
                background: Rgb([0x16, 0x18, 0x1D]),
                neutral_fill: Rgb([0x3A, 0x3D, 0x45]),
                border: Rgb([0x16, 0x18, 0x1D]),
                outline: Rgb([0xE8, 0xE8, 0xE8]),
                label: Rgb([0xF2, 0xF2, 0xF2]),
                label_halo: Rgba([0x16, 0x18, 0x1D, 0xFF]),
                marker_outline: Rgb([0xF2, 0xF2, 0xF2]),
                marker_hole: Rgb([0x16, 0x18, 0x1D]),
                band: Rgb([0x0A, 0x0B, 0x0E]),
                text: Rgb([0xF2, 0xF2, 0xF2]),
                weak_text: Rgb([0xAA, 0xAA, 0xAA]),
                panel: Rgba([0x16, 0x18, 0x1D, 0xE0]),
                refuted: Rgb([0xFF, 0x6B, 0x6B]),
                pattern_ink: Rgba([0xFF, 0xFF, 0xFF, 0x73]),
                neighbour_fill: Rgb([0x22, 0x25, 0x2C]),
                neighbour_border: Rgb([0x3E, 0x42, 0x4B]),
                neighbour_label: Rgb([0x86, 0x8A, 0x94]),
                neighbour_halo: Rgba([0x22, 0x25, 0x2C, 0xFF]),
            },
        }
    }

    /// The other theme.
    pub fn toggled(self) -> Self {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    /// `light` or `dark`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// A status's colour in a theme. Colours are validated when the scenario loads, so parsing
/// cannot fail here; a colour that somehow does not parse is drawn black.
pub fn status_color(status: &StatusDef, theme: Theme) -> Rgb {
    let text = match theme {
        Theme::Dark => status.dark_color.as_deref().unwrap_or(&status.color),
        Theme::Light => &status.color,
    };
    text.parse().unwrap_or(Rgb([0, 0, 0]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dark_colour_is_used_only_in_the_dark_theme() {
        let status = StatusDef {
            id: "a".into(),
            label: "A".into(),
            color: "#0072B2".into(),
            dark_color: Some("#56B4E9".into()),
            contested: false,
            pattern: None,
        };
        assert_eq!(status_color(&status, Theme::Light), Rgb([0x00, 0x72, 0xB2]));
        assert_eq!(status_color(&status, Theme::Dark), Rgb([0x56, 0xB4, 0xE9]));
        assert_eq!(Theme::Light.toggled(), Theme::Dark);
    }
}
