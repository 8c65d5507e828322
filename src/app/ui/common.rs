//! What the panels share: the actions a click asks for, the text typed into fields, colour
//! helpers and the fonts.

use bevy::prelude::*;
use bevy_egui::egui;
use jiff::civil::Date;

use crate::bundle::ScenarioBundle;
use crate::model::Rgb;
use crate::scene::{Theme, status_color};

/// What a click in the UI asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum UiAction {
    /// Go to a date.
    SetDate(Date),
    /// Move by days.
    Step(i32),
    /// Previous/next event.
    Jump {
        /// Next when true.
        forward: bool,
    },
    /// Play or pause.
    TogglePlay,
    /// Set the speed (days per second).
    SetSpeed(f32),
    /// Select a capital (and centre the map on it when `center`).
    Select {
        /// The capital, or None to clear.
        capital: Option<usize>,
        /// Centre the map on it.
        center: bool,
    },
    /// Fit the map.
    Fit,
    /// Save (or copy) a briefing image of the view.
    SaveImage {
        /// To the clipboard instead of a file.
        to_clipboard: bool,
    },
    /// Show the file dialog.
    OpenDialog,
    /// Open a scenario by path or shipped name.
    Open(String),
    /// Start or stop comparing with the current date.
    ToggleCompare,
    /// Show the country picker of "New scenario for a country…".
    NewForCountry,
    /// Make and open a scenario for this country (Natural Earth `adm0_a3`).
    NewScenario(String),
}

/// Text typed into fields, kept between frames.
#[derive(Resource, Debug, Default, Clone)]
pub struct UiText {
    /// The date field.
    pub date: String,
    /// The date field's error, if the last entry was refused.
    pub date_error: Option<String>,
    /// The search box.
    pub search: String,
}

/// A scene colour for egui.
pub fn egui_color(color: Rgb) -> egui::Color32 {
    let [r, g, b] = color.0;
    egui::Color32::from_rgb(r, g, b)
}

/// A status colour for egui.
pub fn status_color32(bundle: &ScenarioBundle, status: usize, theme: Theme) -> egui::Color32 {
    egui_color(status_color(&bundle.scenario().statuses[status], theme))
}

/// A small round colour swatch (egui's default fonts lack a filled circle glyph).
pub fn swatch(ui: &mut egui::Ui, color: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter().circle_filled(rect.center(), 5.5, color);
}

pub use crate::scene::long_date;

/// egui's fonts plus the ones shipped for the map (Noto Sans, Noto Sans Arabic) as fallbacks,
/// so Cyrillic and Arabic-script names in the panels show as letters, not boxes. (egui lays
/// out text without shaping: Arabic letters appear unjoined in the panels; the map's labels and
/// exports are shaped.)
pub fn font_definitions() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    for (name, bytes) in crate::scene::text::FONT_FILES {
        if name.contains("Bold") {
            continue;
        }
        fonts.font_data.insert(
            name.to_string(),
            std::sync::Arc::new(egui::FontData::from_static(bytes)),
        );
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts
                .families
                .entry(family)
                .or_default()
                .push(name.to_string());
        }
    }
    fonts
}
