//! While comparing two dates: which capitals changed hands, each with its colours before and
//! after; clicking one selects it and centres the map on it.

use bevy_egui::egui;

use super::common::{UiAction, egui_color};
use crate::scene::briefing::ChangeList;

/// Draws the list; returns what the user asked for.
pub fn changes_ui(ui: &mut egui::Ui, list: &ChangeList) -> Vec<UiAction> {
    let mut actions = Vec::new();
    ui.strong(format!("Since {}: {}", list.since_text, list.headline));
    egui::ScrollArea::vertical()
        .id_salt("changes")
        .max_height(ui.available_height() * 0.3)
        .show(ui, |ui| {
            for row in &list.rows {
                ui.horizontal(|ui| {
                    super::common::swatch(ui, egui_color(row.before.1));
                    super::common::swatch(ui, egui_color(row.after.1));
                    let response = ui.add(egui::Label::new(row.text()).sense(egui::Sense::click()));
                    if response.on_hover_text("Select this capital").clicked() {
                        actions.push(UiAction::Select {
                            capital: Some(row.capital),
                            center: true,
                        });
                    }
                });
            }
        });
    actions
}
