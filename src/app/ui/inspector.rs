//! The inspector: a selected capital's whole history, with sources (http/https links open in
//! the system browser).

use bevy_egui::egui;
use jiff::civil::Date;

use super::{UiAction, status_color32};
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
                let status = s.status_index(&e.status).unwrap_or(0);
                HistoryRow {
                    date: e.date,
                    status: s.statuses[status].label.clone(),
                    color: status_color32(bundle, status, theme),
                    report: e.report,
                    refuted_on: e.refuted_on,
                    note: e.note.clone(),
                    sources: e.sources.clone(),
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
                super::swatch(ui, row.color);
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
                        ui.label(
                            egui::RichText::new(row.report.as_str())
                                .italics()
                                .color(ui.visuals().warn_fg_color),
                        );
                    }
                }
            });
            if !row.note.is_empty() {
                ui.label(&row.note);
            }
            for source in &row.sources {
                match source.url.as_deref().filter(|u| is_web_url(u)) {
                    Some(url) => {
                        ui.hyperlink_to(source.text.clone(), url).on_hover_text(url);
                    }
                    None => {
                        ui.weak(format!("• {}", source.text));
                    }
                }
            }
        });
    }
    actions
}
