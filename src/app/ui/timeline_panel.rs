//! The time panel: the date in large type, play/pause, speed, day and event steps, a typed
//! date field, and a day-snapping slider with the key moments marked as ticks.

use bevy_egui::egui;
use jiff::civil::Date;

use super::{UiAction, UiText, long_date};
use crate::app::playback::{Playback, SPEED_RANGE, date_after, days_between, parse_typed_date};
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

/// Draws the panel; returns what the user asked for.
pub fn timeline_ui(ui: &mut egui::Ui, snap: &TimelineSnapshot, text: &mut UiText) -> Vec<UiAction> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(long_date(snap.date))
                .size(30.0)
                .strong(),
        );
        if let Some(caption) = &snap.caption {
            ui.add_space(12.0);
            ui.label(egui::RichText::new(caption).size(17.0).italics());
        }
    });
    ui.horizontal(|ui| {
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
            .suffix(" days/s")
            .max_decimals(1);
        if ui.add(slider).on_hover_text("Playback speed").changed() {
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

    // The slider, full width, snapping to days.
    let span = days_between(snap.start, snap.end).max(1);
    let mut day = days_between(snap.start, snap.date);
    ui.spacing_mut().slider_width = ui.available_width() - 20.0;
    let slider = ui.add(
        egui::Slider::new(&mut day, 0..=span)
            .show_value(false)
            .step_by(1.0),
    );
    if slider.changed() {
        actions.push(UiAction::SetDate(date_after(snap.start, day)));
    }
    // Key moments: ticks under the slider, caption on hover, click to go there.
    let rect = slider.rect;
    let (tick_row, _) =
        ui.allocate_exact_size(egui::vec2(rect.width(), 10.0), egui::Sense::hover());
    for (date, caption) in &snap.key_moments {
        let f = days_between(snap.start, *date) as f32 / span as f32;
        let handle = ui.spacing().interact_size.y / 2.0;
        let x = rect.left() + handle + f * (rect.width() - 2.0 * handle);
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
    actions
}
