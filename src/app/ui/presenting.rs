//! Presentation mode's panels: large plates around the map with the title, date and caption,
//! the legend with its marker key, and the credits.

use bevy_egui::egui;

use crate::scene::Briefing;

/// Presentation mode's plates, as panels around the map: title, date and caption above (the
/// caption wraps), the legend with its marker key on the left, credits (wrapped) and the keys
/// below. The map is fitted to the area they leave, so nothing covers it. Returns the panels'
/// sizes, logical pixels: left, right, top, bottom.
pub fn presentation_ui(
    root: &mut egui::Ui,
    briefing: &Briefing,
    palette: &crate::scene::Palette,
) -> [f32; 4] {
    let fill = root.visuals().panel_fill;
    let frame = egui::Frame::new().fill(fill).inner_margin(18.0);
    let top = egui::Panel::top("presentation-top")
        .frame(frame)
        .resizable(false)
        .show(root, |ui| {
            ui.label(egui::RichText::new(&briefing.title).size(26.0).weak());
            ui.label(egui::RichText::new(&briefing.date_text).size(54.0).strong());
            if let Some(caption) = &briefing.caption {
                ui.add(egui::Label::new(egui::RichText::new(caption).size(28.0).italics()).wrap());
            }
        });
    let bottom = egui::Panel::bottom("presentation-credits")
        .frame(frame)
        .resizable(false)
        .show(root, |ui| {
            ui.horizontal(|ui| {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                    ui.label(
                        egui::RichText::new("Left / Right: key moments   Esc: leave")
                            .size(14.0)
                            .weak(),
                    );
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Min), |ui| {
                        ui.add(
                            egui::Label::new(
                                egui::RichText::new(&briefing.credits).size(15.0).weak(),
                            )
                            .wrap(),
                        );
                    });
                });
            });
        });
    let left = egui::Panel::left("presentation-legend")
        .frame(frame)
        .resizable(false)
        .show(root, |ui| {
            ui.add_space(8.0);
            super::legend::legend_rows_ui(ui, &briefing.legend, palette, 2.0);
        });
    [
        left.response.rect.width(),
        0.0,
        top.response.rect.height(),
        bottom.response.rect.height(),
    ]
}
