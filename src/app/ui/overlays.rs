//! What floats over the map: the shortcut help window (from the shortcut table), the error
//! banner, the tooltip of the capital under the pointer, the toast, and a load's progress.

use bevy_egui::egui;
use jiff::civil::Date;

use crate::app::input::help_rows;
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
                for (keys, what) in help_rows() {
                    ui.strong(keys);
                    ui.label(what);
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
                format!(" [{}]", ev.report_text(date))
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
            .map_or(&*ev.status, |i| s.statuses[i].label.as_str());
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

/// The progress of a load: the file, what it is doing, a bar and the time so far.
pub fn load_progress_ui(
    ui: &mut egui::Ui,
    file: &str,
    stage: &str,
    done: f64,
    elapsed: std::time::Duration,
) {
    ui.set_min_width(360.0);
    ui.label(format!("Loading {file}"));
    ui.add(
        egui::ProgressBar::new(done as f32)
            .show_percentage()
            .animate(true),
    );
    ui.weak(format!("{stage}… {:.1} s", elapsed.as_secs_f64()));
}
