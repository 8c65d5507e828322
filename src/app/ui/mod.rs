//! The egui interface. One system collects a plain snapshot of what the panels show, calls the
//! plain `*_ui` functions (testable without Bevy), and turns the actions they return into
//! messages. Panels: top bar (title, search, view toggles, error banner), right (legend,
//! inspector, event log), bottom (date, playback, slider with key moments, chart).

pub mod changes;
pub mod chart;
pub mod event_log;
pub mod help;
pub mod inspector;
pub mod legend;
pub mod search;
pub mod timeline_panel;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use jiff::civil::Date;

use super::camera::UiInsets;
use super::input::{HelpOpen, Typing};
use super::loading::{CurrentScenario, LoadError};
use super::map::{AppOptions, AppTheme};
use super::messages::{FitMap, JumpToEvent, SelectCapital, SetDate, StepDays, TogglePlay};
use super::playback::Playback;
use super::selection::Selection;
use crate::bundle::ScenarioBundle;
use crate::model::Rgb;
use crate::scene::{Theme, status_color};

/// What a click in the UI asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum UiAction {
    /// Go to a date.
    SetDate(Date),
    /// Move by days.
    Step(i32),
    /// Previous/next event.
    Jump {
        /// Next when true.
        forward: bool,
    },
    /// Play or pause.
    TogglePlay,
    /// Set the speed (days per second).
    SetSpeed(f32),
    /// Select a capital (and centre the map on it when `center`).
    Select {
        /// The capital, or None to clear.
        capital: Option<usize>,
        /// Centre the map on it.
        center: bool,
    },
    /// Fit the map.
    Fit,
    /// Save (or copy) a briefing image of the view.
    SaveImage {
        /// To the clipboard instead of a file.
        to_clipboard: bool,
    },
    /// Show the file dialog.
    OpenDialog,
    /// Open a scenario by path or shipped name.
    Open(String),
    /// Start or stop comparing with the current date.
    ToggleCompare,
}

/// Text typed into fields, kept between frames.
#[derive(Resource, Debug, Default, Clone)]
pub struct UiText {
    /// The date field.
    pub date: String,
    /// The date field's error, if the last entry was refused.
    pub date_error: Option<String>,
    /// The search box.
    pub search: String,
}

/// A scene colour for egui.
pub fn egui_color(color: Rgb) -> egui::Color32 {
    let [r, g, b] = color.0;
    egui::Color32::from_rgb(r, g, b)
}

/// A status colour for egui.
pub fn status_color32(bundle: &ScenarioBundle, status: usize, theme: Theme) -> egui::Color32 {
    egui_color(status_color(&bundle.scenario().statuses[status], theme))
}

/// A small round colour swatch (egui's default fonts lack a filled circle glyph).
pub fn swatch(ui: &mut egui::Ui, color: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter().circle_filled(rect.center(), 5.5, color);
}

pub use crate::scene::long_date;

/// egui's fonts plus the ones shipped for the map (Noto Sans, Noto Sans Arabic) as fallbacks,
/// so Cyrillic and Arabic-script names in the panels show as letters, not boxes. (egui lays
/// out text without shaping: Arabic letters appear unjoined in the panels; the map's labels and
/// exports are shaped.)
pub fn font_definitions() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    for (name, bytes) in crate::scene::text::FONT_FILES {
        if name.contains("Bold") {
            continue;
        }
        fonts.font_data.insert(
            name.to_string(),
            std::sync::Arc::new(egui::FontData::from_static(bytes)),
        );
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts
                .families
                .entry(family)
                .or_default()
                .push(name.to_string());
        }
    }
    fonts
}

/// The "Open" menu: the file dialog, recent files, the shipped scenarios.
pub fn open_menu_ui(ui: &mut egui::Ui, recent: &[String]) -> Option<UiAction> {
    let mut action = None;
    ui.menu_button("Open", |ui| {
        if ui.button("Open… (Ctrl+O)").clicked() {
            action = Some(UiAction::OpenDialog);
        }
        ui.menu_button("Open recent", |ui| {
            if recent.is_empty() {
                ui.weak("Nothing yet");
            }
            for path in recent {
                let name = std::path::Path::new(path)
                    .parent()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.clone());
                if ui.button(name).on_hover_text(path).clicked() {
                    action = Some(UiAction::Open(path.clone()));
                }
            }
        });
        ui.separator();
        ui.weak("Shipped scenarios");
        for shipped in &crate::shipped::SHIPPED {
            let label = shipped
                .summary()
                .map(|(title, start, end)| format!("{title} ({start} to {end})"))
                .unwrap_or_else(|| shipped.name.to_string());
            if ui.button(label).on_hover_text(shipped.name).clicked() {
                action = Some(UiAction::Open(shipped.name.to_string()));
            }
        }
    });
    action
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

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<UiText>()
        .init_resource::<chart::ChartData>()
        .add_systems(Update, chart::compute_chart_data)
        .add_systems(EguiPrimaryContextPass, draw_ui);
}

/// The messages the UI writes.
type UiWriters<'w> = (
    MessageWriter<'w, SetDate>,
    MessageWriter<'w, StepDays>,
    MessageWriter<'w, JumpToEvent>,
    MessageWriter<'w, TogglePlay>,
    MessageWriter<'w, SelectCapital>,
    MessageWriter<'w, FitMap>,
    MessageWriter<'w, super::briefing::SaveBriefing>,
    MessageWriter<'w, super::open::OpenDialog>,
    MessageWriter<'w, super::open::OpenNamed>,
    MessageWriter<'w, super::messages::ToggleCompare>,
);

fn draw_ui(
    mut contexts: EguiContexts,
    current: Option<Res<CurrentScenario>>,
    error: Res<LoadError>,
    mut playback: ResMut<Playback>,
    selection: Res<Selection>,
    mut options: ResMut<AppOptions>,
    mut theme: ResMut<AppTheme>,
    mut help: ResMut<HelpOpen>,
    mut text: ResMut<UiText>,
    chart_data: Res<chart::ChartData>,
    mut insets: ResMut<UiInsets>,
    mut typing: ResMut<Typing>,
    mut applied_theme: Local<Option<Theme>>,
    mut fonts_set: Local<bool>,
    modes: (
        Res<super::briefing::Toast>,
        Res<super::presentation::Presentation>,
        Option<Res<super::screenshot::AutoScreenshot>>,
        Res<super::settings::AppSettings>,
        Option<Res<super::loading::PendingLoad>>,
        Res<super::compare::Compare>,
    ),
    mut messages: UiWriters,
) -> Result {
    let (toast, presentation, auto_screenshot, settings, pending, compare) = modes;
    let ctx = contexts.ctx_mut()?;
    if !*fonts_set {
        *fonts_set = true;
        ctx.set_fonts(font_definitions());
    }
    if *applied_theme != Some(theme.0) {
        *applied_theme = Some(theme.0);
        ctx.set_visuals(match theme.0 {
            Theme::Light => egui::Visuals::light(),
            Theme::Dark => egui::Visuals::dark(),
        });
    }
    if let Some(pending) = pending.filter(|p| p.progress.worth_showing()) {
        let (stage, done) = pending.progress.get();
        let name = pending
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        egui::Window::new("Loading")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                load_progress_ui(ui, &name, stage, done, pending.progress.elapsed());
            });
        ctx.request_repaint();
    }
    let Some(current) = current else {
        return Ok(());
    };
    let bundle = &current.bundle;
    if presentation.active {
        // The usual panels give way to large plates around the map; the map fits between them.
        typing.set_if_neq(Typing(false));
        let briefing = match compare.since {
            Some(since) => crate::scene::Briefing::compared(bundle, since, playback.date, theme.0),
            None => crate::scene::Briefing::on(bundle, playback.date, theme.0),
        };
        let mut root = egui::Ui::new(
            ctx.clone(),
            "frontline-presentation".into(),
            egui::UiBuilder::new()
                .layer_id(egui::LayerId::background())
                .max_rect(ctx.viewport_rect()),
        );
        let [left, right, top, bottom] =
            help::presentation_ui(&mut root, &briefing, &theme.0.palette());
        let plates = UiInsets {
            left,
            right,
            top,
            bottom,
        };
        if *insets != plates {
            *insets = plates;
        }
        help::help_window(ctx, &mut help.0);
        return Ok(());
    }
    let mut actions: Vec<UiAction> = Vec::new();
    let mut root = egui::Ui::new(
        ctx.clone(),
        "frontline-root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );

    let top = egui::Panel::top("top").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            actions.extend(open_menu_ui(ui, &settings.settings.recent));
            ui.heading(&bundle.scenario().title);
            ui.separator();
            if let Some(a) = search::search_ui(ui, bundle, &mut text.search) {
                actions.push(a);
            }
            ui.separator();
            ui.checkbox(&mut options.fill_provinces, "Colour provinces (C)");
            ui.checkbox(&mut options.labels, "Labels (L)");
            let label = match theme.0 {
                Theme::Light => "Dark theme (T)",
                Theme::Dark => "Light theme (T)",
            };
            if ui.button(label).clicked() {
                theme.0 = theme.0.toggled();
            }
            if ui.button("Fit (F)").clicked() {
                actions.push(UiAction::Fit);
            }
            if ui
                .button("Save image (F12)")
                .on_hover_text("Map with title, date, legend and credits, into screenshots/")
                .clicked()
            {
                actions.push(UiAction::SaveImage {
                    to_clipboard: false,
                });
            }
            if ui
                .button("Copy image")
                .on_hover_text("Ctrl+Shift+C")
                .clicked()
            {
                actions.push(UiAction::SaveImage { to_clipboard: true });
            }
            if ui.button("Shortcuts (F1)").clicked() {
                help.0 = !help.0;
            }
        });
        if let Some(message) = &error.message {
            help::error_banner_ui(ui, message);
        }
    });

    let right = egui::Panel::right("side")
        .resizable(true)
        .default_size(330.0)
        .show(&mut root, |ui| {
            legend::legend_ui(
                ui,
                &crate::scene::Legend::on(bundle, playback.date, theme.0),
                &theme.0.palette(),
            );
            ui.separator();
            // A selection made in another scenario may outlive it by a frame.
            let capitals = bundle.scenario().capitals.len();
            if let Some(c) = selection.capital.filter(|c| *c < capitals) {
                egui::ScrollArea::vertical()
                    .id_salt("inspector-scroll")
                    .max_height(ui.available_height() * 0.55)
                    .show(ui, |ui| {
                        let snap =
                            inspector::InspectorSnapshot::of(bundle, c, playback.date, theme.0);
                        actions.extend(inspector::inspector_ui(ui, &snap));
                    });
            } else {
                ui.weak("Click a capital or province, or search, to see its history.");
            }
            ui.separator();
            if let Some(since) = compare.since {
                let list = crate::scene::briefing::ChangeList::between(
                    bundle,
                    since,
                    playback.date,
                    theme.0,
                );
                actions.extend(changes::changes_ui(ui, &list));
                ui.separator();
            }
            let events = bundle.timeline.events_up_to(playback.date);
            actions.extend(event_log::event_log_ui(ui, events.len(), |i| {
                event_log::EventRow::newest(bundle, events, i, theme.0)
            }));
        });

    let bottom = egui::Panel::bottom("timeline")
        .resizable(false)
        .show(&mut root, |ui| {
            let snap = timeline_panel::TimelineSnapshot::of(bundle, &playback, compare.since);
            actions.extend(timeline_panel::timeline_ui(ui, &snap, &mut text));
            if let Some(a) = chart::chart_ui(ui, &chart_data, bundle, &playback, theme.0) {
                actions.push(a);
            }
        });

    // Nothing floats over the map while the window is being captured (--window-capture).
    let capturing = auto_screenshot.is_some();
    if let Some(hovered) = selection
        .hovered
        .filter(|c| *c < bundle.scenario().capitals.len())
        && !ctx.is_pointer_over_egui()
        && !capturing
    {
        help::capital_tooltip(ctx, bundle, hovered, playback.date);
    }
    help::help_window(ctx, &mut help.0);
    if let Some(message) = toast.text.as_ref().filter(|_| !capturing) {
        help::toast(ctx, message);
    }

    let new_insets = UiInsets {
        left: 0.0,
        right: right.response.rect.width(),
        top: top.response.rect.height(),
        bottom: bottom.response.rect.height(),
    };
    if *insets != new_insets {
        *insets = new_insets;
    }
    typing.set_if_neq(Typing(ctx.egui_wants_keyboard_input()));

    let (set, step, jump, toggle, select, fit, save, dialog, named, compare_toggle) = &mut messages;
    for action in actions {
        match action {
            UiAction::SetDate(d) => {
                set.write(SetDate(d));
            }
            UiAction::Step(n) => {
                step.write(StepDays(n));
            }
            UiAction::Jump { forward } => {
                jump.write(JumpToEvent { forward });
            }
            UiAction::TogglePlay => {
                toggle.write(TogglePlay);
            }
            UiAction::SetSpeed(s) => playback.set_speed(s),
            UiAction::Select { capital, center } => {
                select.write(SelectCapital { capital, center });
            }
            UiAction::Fit => {
                fit.write(FitMap);
            }
            UiAction::SaveImage { to_clipboard } => {
                save.write(super::briefing::SaveBriefing { to_clipboard });
            }
            UiAction::OpenDialog => {
                dialog.write(super::open::OpenDialog);
            }
            UiAction::Open(name) => {
                named.write(super::open::OpenNamed(name));
            }
            UiAction::ToggleCompare => {
                compare_toggle.write(super::messages::ToggleCompare);
            }
        }
    }
    Ok(())
}
