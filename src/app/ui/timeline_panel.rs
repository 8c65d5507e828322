//! The time panel: the date in large type and the key moment's caption (wrapped to the panel),
//! play/pause, speed (days to months a second), day and event steps, a typed date field, and a
//! day-snapping slider with the key moments marked as ticks and months or years marked under
//! it.

use bevy_egui::egui;
use jiff::civil::Date;

use super::common::{UiAction, UiText, long_date};
use crate::app::playback::parse_typed_date;
use crate::app::state::{Playback, SPEED_RANGE, date_after, days_between};
use crate::bundle::ScenarioBundle;

/// What the time panel shows.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineSnapshot {
    /// Current date.
    pub date: Date,
    /// Range.
    pub start: Date,
    /// Range.
    pub end: Date,
    /// Playing.
    pub playing: bool,
    /// Days per second.
    pub speed: f32,
    /// Key moments: date and caption.
    pub key_moments: Vec<(Date, String)>,
    /// Caption of the key moment on the current date.
    pub caption: Option<String>,
    /// The date compared with, if comparing.
    pub comparing: Option<Date>,
}

impl TimelineSnapshot {
    /// The snapshot for the current state.
    pub fn of(bundle: &ScenarioBundle, playback: &Playback, comparing: Option<Date>) -> Self {
        let s = bundle.scenario();
        Self {
            date: playback.date,
            start: playback.start,
            end: playback.end,
            playing: playback.playing,
            speed: playback.days_per_second,
            key_moments: s
                .key_moments
                .iter()
                .map(|k| (k.date, k.caption.clone()))
                .collect(),
            caption: s.key_moment_on(playback.date).map(|k| k.caption.clone()),
            comparing,
        }
    }
}

/// Where the panel put its parts (for the layout checks).
#[derive(Debug, Clone, Copy)]
pub struct TimelineRects {
    /// The big date.
    pub date: egui::Rect,
    /// The caption, if any.
    pub caption: Option<egui::Rect>,
    /// The slider.
    pub slider: egui::Rect,
}

/// A speed as people say it: "4 days/s", "a week/s", "a month/s".
pub fn speed_text(days_per_second: f64) -> String {
    let d = days_per_second;
    let near = |v: f64| (d - v).abs() < v * 0.05;
    if near(7.0) {
        "a week/s".into()
    } else if near(14.0) {
        "2 weeks/s".into()
    } else if near(30.0) {
        "a month/s".into()
    } else if near(60.0) {
        "2 months/s".into()
    } else if d < 1.0 {
        format!("{d:.1} days/s")
    } else {
        format!("{d:.0} days/s")
    }
}

/// Draws the panel; returns what the user asked for and where its parts went.
pub fn timeline_ui(
    ui: &mut egui::Ui,
    snap: &TimelineSnapshot,
    text: &mut UiText,
    ticks: &[super::chart::Tick],
) -> (Vec<UiAction>, TimelineRects) {
    let mut actions = Vec::new();
    let mut rects = TimelineRects {
        date: egui::Rect::NOTHING,
        caption: None,
        slider: egui::Rect::NOTHING,
    };
    // The date, then the caption beside it when it fits, else under it; both wrap.
    ui.horizontal_wrapped(|ui| {
        rects.date = ui
            .label(
                egui::RichText::new(long_date(snap.date))
                    .size(30.0)
                    .strong(),
            )
            .rect;
        if let Some(caption) = &snap.caption {
            ui.add_space(12.0);
            rects.caption = Some(
                ui.add(egui::Label::new(egui::RichText::new(caption).size(17.0).italics()).wrap())
                    .rect,
            );
        }
    });
    ui.horizontal_wrapped(|ui| {
        let big = |s: &str| egui::RichText::new(s).size(18.0);
        if ui
            .button(big("⏮"))
            .on_hover_text("Previous event (Shift+Left)")
            .clicked()
        {
            actions.push(UiAction::Jump { forward: false });
        }
        if ui
            .button(big("◀"))
            .on_hover_text("One day back (Left)")
            .clicked()
        {
            actions.push(UiAction::Step(-1));
        }
        let play = if snap.playing {
            "⏸ Pause"
        } else {
            "▶ Play"
        };
        if ui.button(big(play)).on_hover_text("Space").clicked() {
            actions.push(UiAction::TogglePlay);
        }
        if ui
            .button(big("▶"))
            .on_hover_text("One day forward (Right)")
            .clicked()
        {
            actions.push(UiAction::Step(1));
        }
        if ui
            .button(big("⏭"))
            .on_hover_text("Next event (Shift+Right)")
            .clicked()
        {
            actions.push(UiAction::Jump { forward: true });
        }
        ui.separator();
        let mut speed = snap.speed;
        let slider = egui::Slider::new(&mut speed, SPEED_RANGE.0..=SPEED_RANGE.1)
            .logarithmic(true)
            .custom_formatter(|v, _| speed_text(v))
            .custom_parser(|s| s.trim().trim_end_matches("days/s").trim().parse().ok());
        if ui
            .add(slider)
            .on_hover_text("Playback speed: from half a day to two months a second")
            .changed()
        {
            actions.push(UiAction::SetSpeed(speed));
        }
        ui.separator();
        ui.label("Go to");
        let field = ui.add(
            egui::TextEdit::singleline(&mut text.date)
                .hint_text("YYYY-MM-DD")
                .desired_width(95.0),
        );
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            match parse_typed_date(&text.date, snap.start, snap.end) {
                Ok(d) => {
                    actions.push(UiAction::SetDate(d));
                    text.date_error = None;
                    text.date.clear();
                }
                Err(e) => text.date_error = Some(e),
            }
        }
        if let Some(e) = &text.date_error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        ui.separator();
        let (label, hover) = match snap.comparing {
            Some(d) => (
                format!("Stop comparing with {} (K)", d.strftime("%-d %b %Y")),
                "Back to the map of one date".to_string(),
            ),
            None => (
                "Compare with this date (K)".to_string(),
                "Then move to another date: capitals that changed hands in between are ringed and listed"
                    .to_string(),
            ),
        };
        if ui.button(label).on_hover_text(hover).clicked() {
            actions.push(UiAction::ToggleCompare);
        }
    });

    // The slider, the panel's width, snapping to days.
    let span = days_between(snap.start, snap.end).max(1);
    let mut day = days_between(snap.start, snap.date);
    ui.spacing_mut().slider_width = (ui.available_width() - 8.0).max(40.0);
    let slider = ui.add(
        egui::Slider::new(&mut day, 0..=span)
            .show_value(false)
            .step_by(1.0),
    );
    rects.slider = slider.rect;
    if slider.changed() {
        actions.push(UiAction::SetDate(date_after(snap.start, day)));
    }
    // Months or years as short marks under the slider, key moments as triangles (caption on
    // hover, click to go there).
    let rect = slider.rect;
    let handle = ui.spacing().interact_size.y / 2.0;
    let x_of = |f: f32| rect.left() + handle + f * (rect.width() - 2.0 * handle);
    let (tick_row, _) =
        ui.allocate_exact_size(egui::vec2(rect.width(), 10.0), egui::Sense::hover());
    let weak = ui.visuals().weak_text_color();
    for t in ticks {
        // Tick positions count days over span + 1; the slider's over span.
        let f = t.at * (span + 1) as f32 / span as f32;
        let x = x_of(f.min(1.0));
        ui.painter().line_segment(
            [
                egui::pos2(x, tick_row.top()),
                egui::pos2(x, tick_row.top() + 4.0),
            ],
            egui::Stroke::new(1.0, weak),
        );
    }
    for (date, caption) in &snap.key_moments {
        let f = days_between(snap.start, *date) as f32 / span as f32;
        let x = x_of(f);
        let tick =
            egui::Rect::from_center_size(egui::pos2(x, tick_row.center().y), egui::vec2(9.0, 10.0));
        let response = ui.interact(
            tick,
            ui.id().with(("moment", date.to_string())),
            egui::Sense::click(),
        );
        let color = if response.hovered() {
            ui.visuals().strong_text_color()
        } else {
            ui.visuals().warn_fg_color
        };
        ui.painter().add(egui::Shape::convex_polygon(
            vec![
                egui::pos2(x, tick.top()),
                egui::pos2(x + 4.5, tick.bottom()),
                egui::pos2(x - 4.5, tick.bottom()),
            ],
            color,
            egui::Stroke::NONE,
        ));
        if response
            .on_hover_text(format!("{date}: {caption}"))
            .clicked()
        {
            actions.push(UiAction::SetDate(*date));
        }
    }
    (actions, rects)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speeds_read_as_people_say_them() {
        assert_eq!(speed_text(0.5), "0.5 days/s");
        assert_eq!(speed_text(4.0), "4 days/s");
        assert_eq!(speed_text(7.0), "a week/s");
        assert_eq!(speed_text(30.0), "a month/s");
        assert_eq!(speed_text(60.0), "2 months/s");
    }
}
