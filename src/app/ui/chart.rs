//! The stacked chart of capitals per status over the whole range, with the current date marked
//! and the axis labelled in days, months or years as the range needs; clicking it sets the date.
//!
//! Its shapes are built once per scenario and theme ([`ChartData`]: one mesh of rectangles in
//! unit coordinates, stepping only where an event changed the counts) and then only scaled to
//! the panel, so drawing it costs the same whether the range is a week or three years.

use std::sync::Arc;

use bevy::prelude::*;
use bevy_egui::egui;
use jiff::civil::Date;

use super::common::{UiAction, status_color32};
use crate::app::state::{AppTheme, CurrentScenario, date_after, days_between};
use crate::bundle::ScenarioBundle;
use crate::scene::Theme;

/// Height of the plot, logical px.
pub const PLOT_HEIGHT: f32 = 96.0;
/// Height of the axis labels' row under it.
pub const AXIS_HEIGHT: f32 = 16.0;

/// A labelled date on the axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Position along the range, 0..=1.
    pub at: f32,
    /// The label ("Aug", "Jan 2024", "2024", "6 Aug").
    pub label: String,
}

/// The axis at one granularity.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticks {
    /// Days between ticks, about (for choosing a granularity that fits).
    pub days: i32,
    /// The ticks.
    pub ticks: Vec<Tick>,
}

/// The chart's shapes for one scenario and theme.
#[derive(Resource, Debug, Default, Clone)]
pub struct ChartData {
    /// Rectangles in unit coordinates: x from 0 (first day) to 1 (the day after the last), y
    /// from 0 (no capital) to 1 (all of them), y up.
    pub unit: egui::Mesh,
    /// Axis ticks, finest first: weeks, months, quarters, years.
    pub axes: Vec<Ticks>,
    /// The scenario and theme it was built for.
    pub source: Option<(Arc<ScenarioBundle>, Theme)>,
    /// The last mesh scaled to the panel, and the rectangle it was scaled to.
    scaled: Option<(egui::Rect, Arc<egui::Mesh>)>,
}

/// Axis ticks at a granularity: every `step` months (0: every 7 days), labelled by `label`.
fn ticks(start: Date, end: Date, months: i8, label: impl Fn(Date, bool) -> String) -> Vec<Tick> {
    let span = days_between(start, end).max(0) + 1;
    let at = |d: Date| days_between(start, d) as f32 / span as f32;
    let mut out = Vec::new();
    let mut first = true;
    if months == 0 {
        let mut d = start;
        while d <= end {
            out.push(Tick {
                at: at(d),
                label: label(d, first),
            });
            first = false;
            d = date_after(d, 7);
        }
        return out;
    }
    // The first day of a month on the grid (January-aligned) on or after the start.
    let mut d = Date::new(start.year(), start.month(), 1).unwrap_or(start);
    while d < start || (d.month() - 1) % months != 0 {
        d = d
            .checked_add(jiff::ToSpan::months(1))
            .unwrap_or(end.tomorrow().unwrap_or(end));
        if d > end {
            break;
        }
    }
    while d <= end {
        out.push(Tick {
            at: at(d),
            label: label(d, first),
        });
        first = false;
        let Ok(next) = d.checked_add(jiff::ToSpan::months(i32::from(months))) else {
            break;
        };
        d = next;
    }
    out
}

impl ChartData {
    /// Builds the chart of a scenario.
    pub fn of(bundle: &ScenarioBundle, theme: Theme) -> Self {
        let s = bundle.scenario();
        let timeline = &bundle.timeline;
        let span = days_between(s.start, s.end).max(0) + 1;
        let total = s.capitals.len().max(1) as f32;
        // The days where counts may change: the start, and every event date in range.
        let mut steps: Vec<Date> = vec![s.start];
        steps.extend(
            timeline
                .event_dates()
                .iter()
                .copied()
                .filter(|d| *d > s.start && *d <= s.end),
        );
        let x = |d: Date| days_between(s.start, d) as f32 / span as f32;
        let colors: Vec<egui::Color32> = (0..s.statuses.len())
            .map(|i| status_color32(bundle, i, theme))
            .collect();
        let mut unit = egui::Mesh::default();
        for (i, &d) in steps.iter().enumerate() {
            let x0 = x(d);
            let x1 = steps.get(i + 1).map_or(1.0, |n| x(*n));
            let mut below = 0.0;
            for (status, n) in timeline.counts_at(d).iter().enumerate() {
                if *n == 0 {
                    continue;
                }
                let above = below + *n as f32 / total;
                unit.add_colored_rect(
                    egui::Rect::from_min_max(egui::pos2(x0, below), egui::pos2(x1, above)),
                    colors[status],
                );
                below = above;
            }
        }
        let year_of = |d: Date, first: bool| {
            if first || d.month() == 1 {
                d.strftime("%b %Y").to_string()
            } else {
                d.strftime("%b").to_string()
            }
        };
        let axes = vec![
            Ticks {
                days: 7,
                ticks: ticks(s.start, s.end, 0, |d, first| {
                    if first || d.day() <= 7 && d.month() == 1 {
                        d.strftime("%-d %b %Y").to_string()
                    } else {
                        d.strftime("%-d %b").to_string()
                    }
                }),
            },
            Ticks {
                days: 30,
                ticks: ticks(s.start, s.end, 1, year_of),
            },
            Ticks {
                days: 91,
                ticks: ticks(s.start, s.end, 3, year_of),
            },
            Ticks {
                days: 365,
                ticks: ticks(s.start, s.end, 12, |d, _| d.year().to_string()),
            },
        ];
        Self {
            unit,
            axes,
            source: None,
            scaled: None,
        }
    }

    /// The ticks that fit `width` px with labels about `label_px` apart.
    pub fn ticks_for(&self, span_days: i32, width: f32, label_px: f32) -> &[Tick] {
        let px_per_day = width / span_days.max(1) as f32;
        self.axes
            .iter()
            .find(|a| a.days as f32 * px_per_day >= label_px)
            .or(self.axes.last())
            .map_or(&[], |a| &a.ticks)
    }

    /// The unit mesh scaled to `plot` (kept while the rectangle stays the same).
    fn scaled(&mut self, plot: egui::Rect) -> Arc<egui::Mesh> {
        if let Some((r, m)) = &self.scaled
            && *r == plot
        {
            return m.clone();
        }
        let mut mesh = self.unit.clone();
        for v in &mut mesh.vertices {
            v.pos = egui::pos2(
                plot.left() + v.pos.x * plot.width(),
                plot.bottom() - v.pos.y * plot.height(),
            );
        }
        let mesh = Arc::new(mesh);
        self.scaled = Some((plot, mesh.clone()));
        mesh
    }
}

/// Rebuilds the chart when the scenario on screen or the theme is another one than it was built
/// for (a load, a drop, a hot reload, T).
pub fn compute_chart_data(
    current: Option<Res<CurrentScenario>>,
    theme: Res<AppTheme>,
    mut data: ResMut<ChartData>,
) {
    let Some(current) = current else { return };
    let stale = data
        .source
        .as_ref()
        .is_none_or(|(s, t)| !Arc::ptr_eq(s, &current.bundle) || *t != theme.0);
    if stale {
        *data = ChartData {
            source: Some((current.bundle.clone(), theme.0)),
            ..ChartData::of(&current.bundle, theme.0)
        };
    }
}

/// Draws the chart over the panel's width; returns a date when the user clicks in it, and the
/// rectangle it took (axis labels included).
pub fn chart_ui(
    ui: &mut egui::Ui,
    data: &mut ChartData,
    start: Date,
    end: Date,
    date: Date,
) -> (Option<UiAction>, egui::Rect) {
    let width = ui.available_width().max(10.0);
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(width, PLOT_HEIGHT + AXIS_HEIGHT),
        egui::Sense::click(),
    );
    let plot = egui::Rect::from_min_size(rect.min, egui::vec2(width, PLOT_HEIGHT));
    let span = days_between(start, end).max(0) + 1;
    let painter = ui.painter_at(rect);
    painter.add(egui::Shape::Mesh(data.scaled(plot)));
    let visuals = ui.visuals();
    let ink = visuals.text_color();
    let grid = visuals.weak_text_color().gamma_multiply(0.6);
    // Axis: tick lines, and labels kept inside the chart's rectangle.
    let font = egui::FontId::proportional(11.0);
    for tick in data.ticks_for(span, width, 70.0) {
        let x = plot.left() + tick.at * plot.width();
        painter.line_segment(
            [
                egui::pos2(x, plot.top()),
                egui::pos2(x, plot.bottom() + 3.0),
            ],
            egui::Stroke::new(1.0, grid),
        );
        let galley = painter.layout_no_wrap(tick.label.clone(), font.clone(), ink);
        let w = galley.size().x;
        let left = (x - w / 2.0).clamp(rect.left(), rect.right() - w);
        painter.galley(egui::pos2(left, plot.bottom() + 2.0), galley, ink);
    }
    // Today.
    let day = days_between(start, date) as f32;
    let x = plot.left() + (day + 0.5) / span as f32 * plot.width();
    painter.line_segment(
        [egui::pos2(x, plot.top()), egui::pos2(x, plot.bottom())],
        egui::Stroke::new(2.0, visuals.strong_text_color()),
    );
    let at_pointer = response.hover_pos().filter(|p| plot.contains(*p)).map(|p| {
        let f = ((p.x - plot.left()) / plot.width()).clamp(0.0, 0.9999);
        date_after(start, (f * span as f32).floor() as i32)
    });
    let response = match at_pointer {
        Some(d) => response.on_hover_text(d.to_string()),
        None => response,
    };
    let action = match (response.clicked(), at_pointer) {
        (true, Some(d)) => Some(UiAction::SetDate(d)),
        _ => None,
    };
    (action, rect)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn long_ranges_get_month_and_year_ticks() {
        let t = ticks(date(2023, 4, 15), date(2025, 10, 31), 1, |d, first| {
            if first || d.month() == 1 {
                d.strftime("%b %Y").to_string()
            } else {
                d.strftime("%b").to_string()
            }
        });
        assert_eq!(t[0].label, "May 2023");
        assert_eq!(t[8].label, "Jan 2024");
        assert_eq!(t[9].label, "Feb");
        assert_eq!(t.len(), 30);
        assert!(t.windows(2).all(|w| w[0].at < w[1].at));
        let years = ticks(date(2023, 4, 15), date(2025, 10, 31), 12, |d, _| {
            d.year().to_string()
        });
        let labels: Vec<&str> = years.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["2024", "2025"]);
        let weeks = ticks(date(2021, 8, 1), date(2021, 8, 31), 0, |d, _| d.to_string());
        assert_eq!(weeks.len(), 5);
    }
}
