//! Overlays: the shortcut help window, the error banner, and the tooltip of the capital under
//! the pointer.

use bevy_egui::egui;
use jiff::civil::Date;

use crate::app::input::SHORTCUTS;
use crate::bundle::ScenarioBundle;
use crate::scene::Briefing;

/// The help window listing every shortcut.
pub fn help_window(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for (keys, what) in SHORTCUTS {
                    ui.strong(*keys);
                    ui.label(*what);
                    ui.end_row();
                }
            });
        });
}

/// The banner shown while the last edit of the scenario fails to load.
pub fn error_banner_ui(ui: &mut egui::Ui, message: &str) {
    egui::Frame::new()
        .fill(ui.visuals().error_fg_color.gamma_multiply(0.18))
        .stroke(egui::Stroke::new(1.0, ui.visuals().error_fg_color))
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.colored_label(
                ui.visuals().error_fg_color,
                egui::RichText::new(
                    "The scenario could not be reloaded; showing the last good version.",
                )
                .strong(),
            );
            let lines: Vec<&str> = message.lines().collect();
            for line in lines.iter().take(8) {
                ui.monospace(*line);
            }
            if lines.len() > 8 {
                ui.monospace(format!(
                    "… and {} more lines (run `frontline check` for all)",
                    lines.len() - 8
                ));
            }
        });
}

/// The tooltip text of a capital on a date: name, province, status and since when, last note.
pub fn tooltip_lines(
    bundle: &ScenarioBundle,
    capital: usize,
    date: Date,
) -> (String, String, String, Option<String>) {
    let s = bundle.scenario();
    let c = &s.capitals[capital];
    let state = bundle.timeline.state_at(capital, date);
    let since = bundle
        .timeline
        .status_since(capital, date)
        .map_or_else(|| "since the start".to_string(), |d| format!("since {d}"));
    let mut notes: Vec<String> = state
        .last_event
        .map(|e| {
            let ev = &s.events[e];
            let kind = if ev.report.is_uncertain() {
                format!(" [{}]", ev.report.as_str())
            } else {
                String::new()
            };
            format!("{}{kind}: {}", ev.date, ev.note)
        })
        .into_iter()
        .collect();
    for e in bundle.timeline.refuted_on(capital, date) {
        let ev = &s.events[e];
        let status = s
            .status_index(&ev.status)
            .map_or(ev.status.as_str(), |i| s.statuses[i].label.as_str());
        notes.push(format!(
            "{} [refuted claim: {status}]: {}",
            ev.date, ev.note
        ));
    }
    for p in s.presences_on(&c.id, date) {
        notes.push(format!("{} ({} to {})", p.label, p.from, p.to));
    }
    let note = (!notes.is_empty()).then(|| notes.join("\n"));
    (
        c.name.clone(),
        format!("{} province", bundle.province_name_of(capital)),
        format!("{} {since}", s.statuses[state.status].label),
        note,
    )
}

/// Shows the tooltip of a capital next to the pointer.
pub fn capital_tooltip(ctx: &egui::Context, bundle: &ScenarioBundle, capital: usize, date: Date) {
    let Some(pointer) = ctx.pointer_hover_pos() else {
        return;
    };
    let (name, province, status, note) = tooltip_lines(bundle, capital, date);
    egui::Area::new(egui::Id::new("capital-tooltip"))
        .fixed_pos(pointer + egui::vec2(16.0, 16.0))
        .order(egui::Order::Tooltip)
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(300.0);
                ui.strong(name);
                ui.label(province);
                ui.label(status);
                if let Some(note) = note {
                    ui.weak(note);
                }
            });
        });
}

/// A short notice at the bottom of the window (e.g. where an image was saved).
pub fn toast(ctx: &egui::Context, message: &str) {
    egui::Area::new(egui::Id::new("toast"))
        .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -250.0))
        .order(egui::Order::Foreground)
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(egui::RichText::new(message).size(15.0));
            });
        });
}

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
