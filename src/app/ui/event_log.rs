//! The event log: events up to the current date, newest first; uncertain reports are marked;
//! clicking one goes to its date and selects its capital. The list is virtual: only the rows
//! in view are built and laid out, so a million events scroll as smoothly as ten.

use bevy_egui::egui;
use jiff::civil::Date;

use super::{UiAction, status_color32};
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
}

impl EventRow {
    /// The rows for events up to `date`, newest first.
    pub fn up_to(bundle: &ScenarioBundle, date: Date, theme: Theme) -> Vec<Self> {
        let events = bundle.timeline.events_up_to(date);
        (0..events.len())
            .map(|i| Self::newest(bundle, events, i, theme))
            .collect()
    }

    /// The `i`-th newest row of `events` (event indexes in time order, as
    /// [`crate::model::Timeline::events_up_to`] gives them).
    pub fn newest(bundle: &ScenarioBundle, events: &[usize], i: usize, theme: Theme) -> Self {
        let s = bundle.scenario();
        let ev = &s.events[events[events.len() - 1 - i]];
        let capital = s.capital_index(&ev.capital).unwrap_or(0);
        let status = s.status_index(&ev.status).unwrap_or(0);
        let text = if ev.report == ReportKind::Refuted {
            format!(
                "{}: claimed {} (refuted)",
                s.capitals[capital].name, s.statuses[status].label
            )
        } else {
            format!("{}: {}", s.capitals[capital].name, s.statuses[status].label)
        };
        EventRow {
            date: ev.date,
            capital,
            text,
            color: status_color32(bundle, status, theme),
            report: ev.report,
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
        super::swatch(ui, row.color);
        let mut text = egui::RichText::new(&row.text);
        if row.report.is_uncertain() {
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
            ui.label(
                egui::RichText::new(row.report.as_str())
                    .small()
                    .color(color),
            );
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
