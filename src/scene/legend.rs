//! The legend on a date: one row per status with its colour and count ("Taliban 21 / 34"), and
//! the key to the marker shapes. The window's legend panel, presentation mode, briefing images
//! and exports all show these rows.

use jiff::civil::Date;

use crate::bundle::ScenarioBundle;
use crate::model::{Pattern, PresenceKind, Rgb};

use super::looks::{CapitalLook, MarkerShape};
use super::markers::{MARKER_RADIUS_PX, MarkerLayer, marker_layers};
use super::theme::{Palette, Theme, status_color};

/// One status row.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendRow {
    /// Index of the status.
    pub status: usize,
    /// Status label.
    pub label: String,
    /// Its colour in the theme.
    pub color: Rgb,
    /// Capitals with this status on the date.
    pub count: usize,
    /// A contested status (hollow marker).
    pub contested: bool,
    /// Its fill pattern, if any.
    pub pattern: Option<Pattern>,
}

/// What a row of the marker key shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySymbol {
    /// A marker of this shape, hollow or not.
    Marker(MarkerShape, bool),
    /// The refuted-claim badge.
    Refuted,
    /// The enclave badge.
    Enclave,
    /// The foreign-forces badge.
    Foreign,
    /// The ring around a capital that changed hands since the date compared with.
    Changed,
}

/// One row of the marker key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkerKeyRow {
    /// The symbol.
    pub symbol: KeySymbol,
    /// What it means.
    pub text: &'static str,
}

/// The marker key rows every map has: what the shapes mean.
pub const MARKER_KEY: [MarkerKeyRow; 3] = [
    MarkerKeyRow {
        symbol: KeySymbol::Marker(MarkerShape::Circle, false),
        text: "confirmed",
    },
    MarkerKeyRow {
        symbol: KeySymbol::Marker(MarkerShape::Diamond, false),
        text: "claimed, disputed or unconfirmed",
    },
    MarkerKeyRow {
        symbol: KeySymbol::Marker(MarkerShape::Circle, true),
        text: "hollow: contested",
    },
];

/// The key row explaining the ring of a comparison.
pub const CHANGED_KEY: MarkerKeyRow = MarkerKeyRow {
    symbol: KeySymbol::Changed,
    text: "ringed: changed hands",
};

/// The layers drawing a key symbol centred on its swatch.
pub fn symbol_layers(symbol: KeySymbol, radius_px: f32, palette: &Palette) -> Vec<MarkerLayer> {
    let marks = radius_px / MARKER_RADIUS_PX;
    let mut look = CapitalLook::plain(0, palette.neutral_fill, MarkerShape::Circle, false);
    match symbol {
        KeySymbol::Marker(shape, hollow) => {
            look.shape = shape;
            look.contested = hollow;
            return marker_layers(&look, radius_px, marks, palette);
        }
        KeySymbol::Changed => {
            // A smaller marker, so that marker and ring fit the swatch.
            look.changed = true;
            return marker_layers(&look, radius_px * 0.55, marks * 0.55, palette);
        }
        KeySymbol::Refuted => look.refuted = true,
        KeySymbol::Enclave => look.enclave = Some(palette.neutral_fill),
        KeySymbol::Foreign => look.foreign = true,
    }
    // The badge alone, centred, drawn at the size of a marker.
    let plain = marker_layers(
        &CapitalLook::plain(0, palette.neutral_fill, MarkerShape::Circle, false),
        radius_px,
        marks,
        palette,
    )
    .len();
    marker_layers(&look, radius_px * 1.6, marks * 1.6, palette)
        .into_iter()
        .skip(plain)
        .map(|l| MarkerLayer {
            offset_px: [0.0, 0.0],
            ..l
        })
        .collect()
}

/// The marker key of a scenario: the shapes, then the badges it uses.
pub fn marker_key(bundle: &ScenarioBundle) -> Vec<MarkerKeyRow> {
    let s = bundle.scenario();
    let mut rows = MARKER_KEY.to_vec();
    if bundle.timeline.any_refuted() {
        rows.push(MarkerKeyRow {
            symbol: KeySymbol::Refuted,
            text: "a report that proved wrong",
        });
    }
    if s.presences.iter().any(|p| p.kind == PresenceKind::Enclave) {
        rows.push(MarkerKeyRow {
            symbol: KeySymbol::Enclave,
            text: "part held by another side",
        });
    }
    if s.presences.iter().any(|p| p.kind == PresenceKind::Foreign) {
        rows.push(MarkerKeyRow {
            symbol: KeySymbol::Foreign,
            text: "foreign forces present",
        });
    }
    rows
}

/// The legend on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    /// Rows in the scenario's status order.
    pub rows: Vec<LegendRow>,
    /// Number of capitals.
    pub total: usize,
    /// What the marker shapes and badges mean.
    pub key: Vec<MarkerKeyRow>,
    /// Rows show their counts (`Taliban 21 / 34`); off where one legend serves several dates.
    pub counts: bool,
    /// What the annotations shown mean ("Arrows: Taliban advances"), each once, with the
    /// colour of the first annotation that says it.
    pub meanings: Vec<(String, Rgb)>,
}

/// The meanings of the annotations shown on `date`, each once, in the scenario's order.
pub fn annotation_meanings(
    bundle: &ScenarioBundle,
    date: Date,
    theme: Theme,
) -> Vec<(String, Rgb)> {
    let s = bundle.scenario();
    let mut out: Vec<(String, Rgb)> = Vec::new();
    let same_kind = |a: &crate::model::annotations::Annotation,
                     b: &crate::model::annotations::Annotation| {
        std::mem::discriminant(&a.kind) == std::mem::discriminant(&b.kind) && a.status == b.status
    };
    for a in s.annotations.iter().filter(|a| a.shows_on(date)) {
        // Its own meaning, else that of the first annotation of its kind and status with one.
        let meaning = a.meaning.as_ref().or_else(|| {
            s.annotations
                .iter()
                .find(|b| b.meaning.is_some() && same_kind(a, b))
                .and_then(|b| b.meaning.as_ref())
        });
        let Some(meaning) = meaning.filter(|m| !m.trim().is_empty()) else {
            continue;
        };
        if out.iter().any(|(m, _)| m == meaning) {
            continue;
        }
        let color = a
            .status
            .as_deref()
            .and_then(|id| s.status_index(id))
            .map_or(theme.palette().label, |si| {
                status_color(&s.statuses[si], theme)
            });
        out.push((meaning.clone(), color));
    }
    out
}

impl Legend {
    /// The legend of a scenario on a date.
    pub fn on(bundle: &ScenarioBundle, date: Date, theme: Theme) -> Self {
        let s = bundle.scenario();
        let counts = bundle.timeline.counts_at(date);
        let rows = s
            .statuses
            .iter()
            .enumerate()
            .map(|(i, st)| LegendRow {
                status: i,
                label: st.label.clone(),
                color: status_color(st, theme),
                count: counts.get(i).copied().unwrap_or(0),
                contested: st.contested,
                pattern: st.pattern,
            })
            .collect();
        Self {
            rows,
            total: s.capitals.len(),
            counts: true,
            key: marker_key(bundle),
            meanings: annotation_meanings(bundle, date, theme),
        }
    }

    /// The text of a row, e.g. `Taliban 21 / 34`.
    pub fn row_text(&self, row: &LegendRow) -> String {
        if !self.counts {
            return row.label.clone();
        }
        format!("{} {} / {}", row.label, row.count, self.total)
    }
}
