//! The stacked area chart of counts per status over the whole range, with the current date
//! marked; clicking it sets the date.

use bevy::prelude::*;
use bevy_egui::egui;
use egui_plot::{FilledArea, Plot, VLine};

use super::UiAction;
use crate::app::loading::CurrentScenario;
use crate::app::playback::{Playback, date_after, days_between};
use crate::bundle::ScenarioBundle;
use crate::scene::Theme;

/// Per day of the range, the cumulative counts per status (stacked in status order).
#[derive(Resource, Debug, Default, Clone)]
pub struct ChartData {
    /// Day numbers from the start.
    pub days: Vec<f64>,
    /// `stacked[s][d]`: capitals with statuses `0..=s` on day `d`.
    pub stacked: Vec<Vec<f64>>,
    /// The scenario it was computed for.
    pub source: Option<std::sync::Arc<ScenarioBundle>>,
}

impl ChartData {
    /// Computes the series for a scenario.
    pub fn of(bundle: &ScenarioBundle) -> Self {
        let s = bundle.scenario();
        let span = days_between(s.start, s.end).max(0);
        let days: Vec<f64> = (0..=span).map(f64::from).collect();
        let mut stacked = vec![Vec::with_capacity(days.len()); s.statuses.len()];
        for d in 0..=span {
            let counts = bundle.timeline.counts_at(date_after(s.start, d));
            let mut sum = 0.0;
            for (i, n) in counts.iter().enumerate() {
                sum += *n as f64;
                stacked[i].push(sum);
            }
        }
        Self {
            days,
            stacked,
            source: None,
        }
    }
}

/// Recomputes the chart when the scenario on screen is another one than it was computed for
/// (a load, a drop or a hot reload).
pub fn compute_chart_data(current: Option<Res<CurrentScenario>>, mut data: ResMut<ChartData>) {
    let Some(current) = current else { return };
    let stale = data
        .source
        .as_ref()
        .is_none_or(|s| !std::sync::Arc::ptr_eq(s, &current.bundle));
    if stale {
        *data = ChartData {
            source: Some(current.bundle.clone()),
            ..ChartData::of(&current.bundle)
        };
    }
}

/// Draws the chart; returns a date when the user clicks in it.
pub fn chart_ui(
    ui: &mut egui::Ui,
    data: &ChartData,
    bundle: &ScenarioBundle,
    playback: &Playback,
    theme: Theme,
) -> Option<UiAction> {
    let statuses = &bundle.scenario().statuses;
    if data.days.is_empty() || data.stacked.len() != statuses.len() {
        // Computed for another scenario: the next frame has the new one.
        return None;
    }
    let total = bundle.scenario().capitals.len() as f64;
    let today = f64::from(days_between(playback.start, playback.date));
    let start = playback.start;
    let zeros = vec![0.0; data.days.len()];
    // One plot id per scenario, so bounds remembered from another scenario are not reused.
    let scenario = bundle.scenario();
    let response = Plot::new((
        "counts-chart",
        &scenario.title,
        scenario.start,
        scenario.end,
    ))
    .height(110.0)
    .allow_drag(false)
    .allow_zoom(false)
    .allow_scroll(false)
    .allow_boxed_zoom(false)
    .allow_double_click_reset(false)
    .show_x(false)
    .default_x_bounds(0.0, *data.days.last().unwrap_or(&1.0))
    .default_y_bounds(0.0, total)
    .x_axis_formatter(move |mark, _| {
        date_after(start, mark.value.round() as i32)
            .strftime("%-d %b")
            .to_string()
    })
    .label_formatter(move |hover| {
        let point = match hover {
            egui_plot::HoverPosition::NearDataPoint { position, .. } => *position,
            egui_plot::HoverPosition::Elsewhere { position } => *position,
        };
        Some(date_after(start, point.x.round() as i32).to_string())
    })
    .show(ui, |plot_ui| {
        for (i, upper) in data.stacked.iter().enumerate() {
            let lower = if i == 0 { &zeros } else { &data.stacked[i - 1] };
            let name = &bundle.scenario().statuses[i].label;
            let color = super::status_color32(bundle, i, theme);
            plot_ui.add(FilledArea::new(name, &data.days, lower, upper).fill_color(color));
        }
        plot_ui.vline(
            VLine::new("today", today)
                .color(ui_strong(theme))
                .width(2.0),
        );
        plot_ui.pointer_coordinate()
    });
    if response.response.clicked()
        && let Some(p) = response.inner
    {
        return Some(UiAction::SetDate(date_after(
            start,
            p.x.round().max(0.0) as i32,
        )));
    }
    None
}

fn ui_strong(theme: Theme) -> egui::Color32 {
    match theme {
        Theme::Light => egui::Color32::BLACK,
        Theme::Dark => egui::Color32::WHITE,
    }
}
