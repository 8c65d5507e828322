//! The event log: events up to the current date, newest first; uncertain reports are marked;
//! clicking one goes to its date and selects its capital. The list is virtual: only the rows
//! in view are built and laid out, so a million events scroll as smoothly as ten.

use bevy_egui::egui;
use jiff::civil::Date;

use super::common::{UiAction, status_color32};
use crate::bundle::ScenarioBundle;
use crate::model::ReportKind;
use crate::scene::Theme;

/// One row of the log.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    /// Date.
    pub date: Date,
    /// Capital index.
    pub capital: usize,
    /// `Lashkar Gah → Taliban`.
    pub text: String,
    /// Status colour.
    pub color: egui::Color32,
    /// Report kind.
    pub report: ReportKind,
    /// How sure it reads on the date shown ("claimed 08-15, confirmed 08-20").
    pub report_text: String,
    /// Still uncertain on the date shown.
    pub uncertain: bool,
}

impl EventRow {
    /// The rows for events up to `date`, newest first.
    pub fn up_to(bundle: &ScenarioBundle, date: Date, theme: Theme) -> Vec<Self> {
        let events = bundle.timeline.events_up_to(date);
        (0..events.len())
            .map(|i| Self::newest(bundle, events, i, date, theme))
            .collect()
    }

    /// The `i`-th newest row of `events` (event indexes in time order, as
    /// [`crate::model::Timeline::events_up_to`] gives them), as it reads on `date`.
    pub fn newest(
        bundle: &ScenarioBundle,
        events: &[usize],
        i: usize,
        date: Date,
        theme: Theme,
    ) -> Self {
        let s = bundle.scenario();
        let index = events[events.len() - 1 - i];
        let ev = &s.events[index];
        let capital = bundle.timeline.capital_of_event(index).unwrap_or(0);
        let status = s.status_index(&ev.status);
        let label = status.map_or("", |i| s.statuses[i].label.as_str());
        let name = &s.capitals[capital].name;
        let text = match ev.report {
            ReportKind::Refuted => format!("{name}: claimed {label} (refuted)"),
            ReportKind::Context => format!("{name}: {}", first_sentence(&ev.note)),
            _ => format!("{name}: {label}"),
        };
        EventRow {
            date: ev.date,
            capital,
            text,
            color: status.map_or(egui::Color32::GRAY, |i| status_color32(bundle, i, theme)),
            report: ev.report,
            report_text: ev.report_text(date),
            uncertain: ev.uncertain_on(date),
        }
    }
}

/// Draws the log of `count` rows in its own scroll area, building only the rows in view
/// (`row(i)` is the `i`-th newest).
pub fn event_log_ui(
    ui: &mut egui::Ui,
    count: usize,
    row: impl Fn(usize) -> EventRow,
) -> Vec<UiAction> {
    let mut actions = Vec::new();
    ui.strong(format!("Events so far ({count})"));
    let height = ui
        .spacing()
        .interact_size
        .y
        .max(ui.text_style_height(&egui::TextStyle::Body));
    egui::ScrollArea::vertical()
        .id_salt("event-log")
        .auto_shrink([false, true])
        .show_rows(ui, height, count, |ui, range| {
            for i in range {
                row_ui(ui, &row(i), &mut actions);
            }
        });
    actions
}

fn row_ui(ui: &mut egui::Ui, row: &EventRow, actions: &mut Vec<UiAction>) {
    ui.horizontal(|ui| {
        ui.monospace(row.date.to_string());
        super::common::swatch(ui, row.color);
        let mut text = egui::RichText::new(&row.text);
        if row.uncertain {
            text = text.italics();
        }
        if row.report == ReportKind::Refuted {
            text = text.strikethrough();
        }
        let response = ui.add(egui::Label::new(text).sense(egui::Sense::click()));
        if row.report != ReportKind::Confirmed {
            let color = if row.report == ReportKind::Refuted {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().warn_fg_color
            };
            let color = if row.report.is_uncertain() && !row.uncertain {
                ui.visuals().weak_text_color()
            } else {
                color
            };
            ui.label(egui::RichText::new(&row.report_text).small().color(color));
        }
        if response
            .on_hover_text("Go to this date and select the capital")
            .clicked()
        {
            actions.push(UiAction::SetDate(row.date));
            actions.push(UiAction::Select {
                capital: Some(row.capital),
                center: true,
            });
        }
    });
}

/// The first sentence of a note (at most 80 characters), for one-line log rows.
fn first_sentence(note: &str) -> String {
    let end = note.find(". ").map_or(note.len(), |i| i + 1);
    let s = &note[..end];
    if s.chars().count() > 80 {
        let cut: String = s.chars().take(79).collect();
        format!("{cut}…")
    } else {
        s.to_string()
    }
}
