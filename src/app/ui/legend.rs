//! The legend: each status with its colour, marker meaning and live count ("Taliban 21 / 34").

use bevy_egui::egui;
use jiff::civil::Date;

use super::status_color32;
use crate::app::scene::Theme;
use crate::bundle::ScenarioBundle;

/// One legend row.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendRow {
    /// Status label.
    pub label: String,
    /// Its colour.
    pub color: egui::Color32,
    /// Capitals with it on the date.
    pub count: usize,
    /// A contested status (hollow marker).
    pub contested: bool,
}

/// What the legend shows.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendSnapshot {
    /// Rows in the scenario's status order.
    pub rows: Vec<LegendRow>,
    /// Number of capitals.
    pub total: usize,
}

impl LegendSnapshot {
    /// The legend on a date.
    pub fn of(bundle: &ScenarioBundle, date: Date, theme: Theme) -> Self {
        let s = bundle.scenario();
        let counts = bundle.timeline.counts_at(date);
        let rows = s
            .statuses
            .iter()
            .enumerate()
            .map(|(i, st)| LegendRow {
                label: st.label.clone(),
                color: status_color32(bundle, i, theme),
                count: counts[i],
                contested: st.contested,
            })
            .collect();
        Self {
            rows,
            total: s.capitals.len(),
        }
    }

    /// The text of a row, e.g. `Taliban 21 / 34`.
    pub fn row_text(&self, row: &LegendRow) -> String {
        format!("{} {} / {}", row.label, row.count, self.total)
    }
}

/// Draws the legend.
pub fn legend_ui(ui: &mut egui::Ui, snap: &LegendSnapshot) {
    ui.strong("Legend");
    for row in &snap.rows {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(16.0, 16.0), egui::Sense::hover());
            let painter = ui.painter();
            painter.circle_filled(rect.center(), 7.0, ui.visuals().strong_text_color());
            painter.circle_filled(rect.center(), 6.0, row.color);
            if row.contested {
                painter.circle_filled(rect.center(), 2.7, ui.visuals().panel_fill);
            }
            ui.label(egui::RichText::new(snap.row_text(row)).size(15.0));
        });
    }
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(16.0, 16.0), egui::Sense::hover());
        let c = rect.center();
        let d = 7.0;
        ui.painter().add(egui::Shape::convex_polygon(
            vec![
                c + egui::vec2(0.0, -d),
                c + egui::vec2(d, 0.0),
                c + egui::vec2(0.0, d),
                c + egui::vec2(-d, 0.0),
            ],
            egui::Color32::GRAY,
            egui::Stroke::NONE,
        ));
        ui.weak("diamond: claimed, disputed or unconfirmed report");
    });
}
