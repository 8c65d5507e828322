//! The inspector: a selected capital's whole history, with sources (http/https links open in
//! the system browser).

use bevy_egui::egui;
use jiff::civil::Date;

use super::common::{UiAction, status_color32};
use crate::bundle::ScenarioBundle;
use crate::model::{ReportKind, Source};
use crate::scene::Theme;

/// One entry of a capital's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    /// Date.
    pub date: Date,
    /// Status label.
    pub status: String,
    /// Status colour.
    pub color: egui::Color32,
    /// Report kind (confirmed, claimed, …).
    pub report: ReportKind,
    /// How sure it reads on the current date ("claimed 08-15, confirmed 08-20").
    pub report_text: String,
    /// The sources that confirmed an uncertain report, once confirmed.
    pub confirmed_by: Vec<Source>,
    /// For a refuted claim: when it was contradicted.
    pub refuted_on: Option<Date>,
    /// Note.
    pub note: String,
    /// Sources.
    pub sources: Vec<Source>,
    /// On or before the current date.
    pub past: bool,
}

/// What the inspector shows.
#[derive(Debug, Clone, PartialEq)]
pub struct InspectorSnapshot {
    /// Capital index.
    pub capital: usize,
    /// Capital name.
    pub name: String,
    /// Other names.
    pub alt_names: Vec<String>,
    /// Province name and id.
    pub province: String,
    /// Status now, and since when.
    pub status_now: String,
    /// Its history, oldest first.
    pub history: Vec<HistoryRow>,
}

impl InspectorSnapshot {
    /// The inspector for a capital on a date.
    pub fn of(bundle: &ScenarioBundle, capital: usize, date: Date, theme: Theme) -> Self {
        let s = bundle.scenario();
        let c = &s.capitals[capital];
        let status = &s.statuses[bundle.timeline.status_at(capital, date)];
        let since = bundle
            .timeline
            .status_since(capital, date)
            .map_or_else(|| "since the start".to_string(), |d| format!("since {d}"));
        let history = bundle
            .timeline
            .reports_of(capital)
            .iter()
            .map(|&event| {
                let e = &s.events[event];
                let status = s.status_index(&e.status);
                HistoryRow {
                    date: e.date,
                    status: status
                        .map_or_else(|| "no change".to_string(), |i| s.statuses[i].label.clone()),
                    color: status.map_or(egui::Color32::GRAY, |i| status_color32(bundle, i, theme)),
                    report: e.report,
                    report_text: e.report_text(date),
                    confirmed_by: if e.confirmed_by_date(date) {
                        e.confirmed_by().to_vec()
                    } else {
                        Vec::new()
                    },
                    refuted_on: e.refuted_on,
                    note: e.note.to_string(),
                    sources: e.sources.to_vec(),
                    past: e.date <= date,
                }
            })
            .collect();
        Self {
            capital,
            name: c.name.clone(),
            alt_names: c.alt_names.clone(),
            province: format!("{} ({})", bundle.province_name_of(capital), c.province),
            status_now: format!("{} {since}", status.label),
            history,
        }
    }
}

/// True for addresses the inspector may open.
pub fn is_web_url(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// Draws the inspector.
pub fn inspector_ui(ui: &mut egui::Ui, snap: &InspectorSnapshot) -> Vec<UiAction> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        ui.heading(&snap.name);
        if ui
            .small_button("centre")
            .on_hover_text("Centre the map on it")
            .clicked()
        {
            actions.push(UiAction::Select {
                capital: Some(snap.capital),
                center: true,
            });
        }
        if ui
            .small_button("close")
            .on_hover_text("Close (Esc)")
            .clicked()
        {
            actions.push(UiAction::Select {
                capital: None,
                center: false,
            });
        }
    });
    if !snap.alt_names.is_empty() {
        ui.weak(format!("also {}", snap.alt_names.join(", ")));
    }
    ui.label(format!("Province: {}", snap.province));
    ui.label(egui::RichText::new(&snap.status_now).strong());
    ui.add_space(4.0);
    if snap.history.is_empty() {
        ui.weak("No events: it kept its initial status.");
    }
    for row in &snap.history {
        ui.group(|ui| {
            ui.horizontal(|ui| {
                let date = egui::RichText::new(row.date.to_string()).monospace();
                let date = if row.past { date } else { date.weak() };
                if ui.link(date).on_hover_text("Go to this date").clicked() {
                    actions.push(UiAction::SetDate(row.date));
                }
                super::common::swatch(ui, row.color);
                if row.report == ReportKind::Refuted {
                    // A claim that proved wrong: struck through, never the status.
                    ui.label(
                        egui::RichText::new(format!("claimed {}", row.status)).strikethrough(),
                    );
                    let when = row
                        .refuted_on
                        .map(|d| format!("refuted on {d}"))
                        .unwrap_or_else(|| "refuted".into());
                    ui.label(
                        egui::RichText::new(when)
                            .strong()
                            .color(ui.visuals().error_fg_color),
                    );
                } else {
                    ui.label(&row.status);
                    if row.report != ReportKind::Confirmed {
                        let color = if row.confirmed_by.is_empty() {
                            ui.visuals().warn_fg_color
                        } else {
                            ui.visuals().weak_text_color()
                        };
                        ui.label(egui::RichText::new(&row.report_text).italics().color(color));
                    }
                }
            });
            if !row.note.is_empty() {
                ui.label(&row.note);
            }
            for source in &row.sources {
                source_ui(ui, source);
            }
            if !row.confirmed_by.is_empty() {
                ui.weak("Confirmed by:");
                for source in &row.confirmed_by {
                    source_ui(ui, source);
                }
            }
        });
    }
    actions
}

/// A source: a link when its address is http(s), else plain text.
fn source_ui(ui: &mut egui::Ui, source: &Source) {
    match source.url.as_deref().filter(|u| is_web_url(u)) {
        Some(url) => {
            ui.hyperlink_to(&*source.text, url).on_hover_text(url);
        }
        None => {
            ui.weak(format!("• {}", source.text));
        }
    }
}
