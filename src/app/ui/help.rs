//! Overlays: the shortcut help window, the error banner, and the tooltip of the capital under
//! the pointer.

use bevy_egui::egui;
use jiff::civil::Date;

use crate::app::input::SHORTCUTS;
use crate::app::scene::Theme;
use crate::bundle::ScenarioBundle;

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
            for line in message.lines().take(8) {
                ui.monospace(line);
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
    let note = state.last_event.map(|e| {
        let ev = &s.events[e];
        let kind = if ev.report.is_uncertain() {
            format!(" [{}]", ev.report.as_str())
        } else {
            String::new()
        };
        format!("{}{kind}: {}", ev.date, ev.note)
    });
    (
        c.name.clone(),
        format!("{} province", bundle.province_name_of(capital)),
        format!("{} {since}", s.statuses[state.status].label),
        note,
    )
}

/// Shows the tooltip of a capital next to the pointer.
pub fn capital_tooltip(
    ctx: &egui::Context,
    bundle: &ScenarioBundle,
    capital: usize,
    date: Date,
    _theme: Theme,
) {
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
