//! The egui interface. Each panel's contents come from a plain `*_ui` function over a plain
//! snapshot (testable without Bevy), and the actions they return become messages. Panels: top
//! bar (title, search, view toggles, error banner), right (legend, inspector, comparison, event
//! log), bottom (date, playback, slider with key moments, chart). A second system draws what
//! floats over the map (tooltip, help, toast, a load's progress).

pub mod changes;
pub mod chart;
pub mod common;
pub mod event_log;
pub mod inspector;
pub mod legend;
pub mod overlays;
pub mod presenting;
pub mod search;
pub mod timeline_panel;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::messages::{
    FitMap, JumpToEvent, NewScenario, OpenDialog, OpenNamed, SaveBriefing, SelectCapital, SetDate,
    StepDays, ToggleCompare, TogglePlay,
};
use super::state::{
    AppOptions, AppSettings, AppTheme, Comparing, CountryPicker, CurrentScenario, HelpOpen,
    LoadError, PendingLoad, Playback, Selection, TextEntry, Toast, UiInsets, UiLayout, ViewMode,
};
use crate::scene::Theme;
pub use common::{UiAction, UiText, egui_color, font_definitions, status_color32, swatch};

/// The "Open" menu: the file dialog, recent files, the shipped scenarios.
pub fn open_menu_ui(ui: &mut egui::Ui, recent: &[String]) -> Option<UiAction> {
    let mut action = None;
    ui.menu_button("Open", |ui| {
        if ui.button("Open… (Ctrl+O)").clicked() {
            action = Some(UiAction::OpenDialog);
        }
        if ui
            .button("New scenario for a country…")
            .on_hover_text(
                "Provinces, neighbours and a capital per province, from Natural Earth and GeoNames",
            )
            .clicked()
        {
            action = Some(UiAction::NewForCountry);
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

/// The countries whose name or code matches what is typed (case and accents ignored), best
/// first: exact codes, then names starting with it, then names containing it.
pub fn matching_countries<'a>(
    countries: &'a [crate::world::countries::Country],
    typed: &str,
) -> Vec<&'a crate::world::countries::Country> {
    use crate::world::countries::fold;
    let t = fold(typed);
    if t.is_empty() {
        return countries.iter().collect();
    }
    let rank = |c: &crate::world::countries::Country| {
        let name = fold(&c.name);
        if fold(&c.a2) == t || fold(&c.iso_a3) == t || fold(&c.a3) == t {
            Some(0)
        } else if name.starts_with(&t) {
            Some(1)
        } else if name.contains(&t) {
            Some(2)
        } else {
            None
        }
    };
    let mut hits: Vec<(usize, &crate::world::countries::Country)> = countries
        .iter()
        .filter_map(|c| rank(c).map(|r| (r, c)))
        .collect();
    hits.sort_by_key(|(r, _)| *r);
    hits.into_iter().map(|(_, c)| c).collect()
}

/// The country picker: a search box and the matching countries; a click asks for the scenario.
pub fn country_picker_ui(ctx: &egui::Context, picker: &mut CountryPicker) -> Option<UiAction> {
    let mut action = None;
    let mut open = picker.open;
    egui::Window::new("New scenario for a country")
        .open(&mut open)
        .collapsible(false)
        .default_width(360.0)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label("Provinces and neighbours from Natural Earth, a capital per province from GeoNames. The scenario is written to your data folder and opened; rename its sides and add events.");
            let edit = ui.add(
                egui::TextEdit::singleline(&mut picker.filter)
                    .hint_text("Country name or code (SD, SDN)")
                    .desired_width(f32::INFINITY),
            );
            // Typing goes to the search box unless another field has the focus.
            if !edit.has_focus() && ui.memory(|m| m.focused().is_none()) {
                edit.request_focus();
            }
            match &picker.countries {
                None => {
                    ui.spinner();
                }
                Some(Err(e)) => {
                    ui.colored_label(egui::Color32::from_rgb(200, 60, 60), e);
                }
                Some(Ok(list)) => {
                    let hits = matching_countries(list, &picker.filter);
                    if hits.is_empty() {
                        ui.weak("No country matches");
                    }
                    let enter = (edit.lost_focus() || edit.has_focus())
                        && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if enter && let Some(first) = hits.first() {
                        action = Some(UiAction::NewScenario(first.a3.clone()));
                    }
                    egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                        for c in hits {
                            let label = format!(
                                "{}  ({}, {} provinces)",
                                c.name,
                                if c.a2.is_empty() { &c.iso_a3 } else { &c.a2 },
                                c.provinces
                            );
                            if ui.selectable_label(false, label).clicked() {
                                action = Some(UiAction::NewScenario(c.a3.clone()));
                            }
                        }
                    });
                }
            }
        });
    picker.open = open && action.is_none();
    action
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<UiText>()
        .init_resource::<chart::ChartData>()
        .add_systems(Update, chart::compute_chart_data)
        .add_systems(EguiPrimaryContextPass, (draw_panels, draw_overlays).chain());
}

/// The messages the UI writes.
type UiWriters<'w> = (
    MessageWriter<'w, SetDate>,
    MessageWriter<'w, StepDays>,
    MessageWriter<'w, JumpToEvent>,
    MessageWriter<'w, TogglePlay>,
    MessageWriter<'w, SelectCapital>,
    MessageWriter<'w, FitMap>,
    MessageWriter<'w, SaveBriefing>,
    MessageWriter<'w, OpenDialog>,
    MessageWriter<'w, OpenNamed>,
    MessageWriter<'w, ToggleCompare>,
    MessageWriter<'w, RequestRedraw>,
    MessageWriter<'w, NewScenario>,
);

/// A rectangle as `[x, y, width, height]`.
fn xywh(r: egui::Rect) -> [f32; 4] {
    [r.left(), r.top(), r.width(), r.height()]
}

/// The panels (or presentation mode's plates), and what their clicks ask for.
fn draw_panels(
    mut contexts: EguiContexts,
    current: Option<Res<CurrentScenario>>,
    error: Res<LoadError>,
    mut playback: ResMut<Playback>,
    selection: Res<Selection>,
    mut options: ResMut<AppOptions>,
    mut theme: ResMut<AppTheme>,
    mut help: ResMut<HelpOpen>,
    mut text: ResMut<UiText>,
    mut chart_data: ResMut<chart::ChartData>,
    mut insets: ResMut<UiInsets>,
    mut layout: ResMut<UiLayout>,
    modes: (
        Res<State<ViewMode>>,
        Res<State<Comparing>>,
        Res<State<TextEntry>>,
        ResMut<NextState<TextEntry>>,
    ),
    (settings, mut picker): (Res<AppSettings>, ResMut<CountryPicker>),
    mut applied: Local<(bool, Option<Theme>)>,
    mut messages: UiWriters,
) -> Result {
    let (mode, comparing, typing, mut next_typing) = modes;
    let ctx = contexts.ctx_mut()?;
    // Fonts once; visuals when the theme changes.
    if !applied.0 {
        applied.0 = true;
        ctx.set_fonts(font_definitions());
    }
    if applied.1 != Some(theme.0) {
        applied.1 = Some(theme.0);
        ctx.set_visuals(match theme.0 {
            Theme::Light => egui::Visuals::light(),
            Theme::Dark => egui::Visuals::dark(),
        });
    }
    let Some(current) = current else {
        return Ok(());
    };
    let bundle = &current.bundle;
    let since = comparing.get().since();
    let mut root = egui::Ui::new(
        ctx.clone(),
        "frontline-root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    let mut actions: Vec<UiAction> = Vec::new();
    let new_insets = if *mode.get() == ViewMode::Present {
        // The usual panels give way to large plates around the map; the map fits between them.
        let briefing = match since {
            Some(since) => crate::scene::Briefing::compared(bundle, since, playback.date, theme.0),
            None => crate::scene::Briefing::on(bundle, playback.date, theme.0),
        };
        let [left, right, top, bottom] =
            presenting::presentation_ui(&mut root, &briefing, &theme.0.palette());
        UiInsets {
            left,
            right,
            top,
            bottom,
        }
    } else {
        let top = egui::Panel::top("top").show(&mut root, |ui| {
            ui.horizontal_wrapped(|ui| {
                actions.extend(open_menu_ui(ui, &settings.settings.recent));
                ui.heading(&bundle.scenario().title);
                ui.separator();
                if let Some(a) = search::search_ui(ui, bundle, &mut text.search) {
                    actions.push(a);
                }
                ui.separator();
                // Copied, so that an untouched checkbox does not mark the options changed.
                let mut o = options.0;
                ui.checkbox(&mut o.fill_provinces, "Colour provinces (C)");
                ui.checkbox(&mut o.labels, "Labels (L)");
                if o != options.0 {
                    options.0 = o;
                }
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
                overlays::error_banner_ui(ui, message);
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
                if let Some(since) = since {
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
                    event_log::EventRow::newest(bundle, events, i, playback.date, theme.0)
                }));
            });

        let mut time_rects = timeline_panel::TimelineRects {
            date: egui::Rect::NOTHING,
            caption: None,
            slider: egui::Rect::NOTHING,
        };
        let mut chart_rect = egui::Rect::NOTHING;
        let bottom = egui::Panel::bottom("timeline")
            .resizable(false)
            .show(&mut root, |ui| {
                let snap = timeline_panel::TimelineSnapshot::of(bundle, &playback, since);
                let span = crate::app::state::days_between(playback.start, playback.end) + 1;
                let ticks = chart_data
                    .ticks_for(span, ui.available_width(), 70.0)
                    .to_vec();
                let (a, rects) = timeline_panel::timeline_ui(ui, &snap, &mut text, &ticks);
                actions.extend(a);
                time_rects = rects;
                let (a, rect) = chart::chart_ui(
                    ui,
                    &mut chart_data,
                    playback.start,
                    playback.end,
                    playback.date,
                );
                actions.extend(a);
                chart_rect = rect;
            });
        let screen = ctx.viewport_rect();
        let new_layout = UiLayout {
            window: xywh(screen),
            map_area: xywh(egui::Rect::from_min_max(
                egui::pos2(screen.left(), top.response.rect.bottom()),
                egui::pos2(right.response.rect.left(), bottom.response.rect.top()),
            )),
            side_panel: xywh(right.response.rect),
            time_panel: xywh(bottom.response.rect),
            date: xywh(time_rects.date),
            caption: time_rects.caption.map(xywh),
            slider: xywh(time_rects.slider),
            chart: xywh(chart_rect),
        };
        layout.set_if_neq(new_layout);
        UiInsets {
            left: 0.0,
            right: right.response.rect.width(),
            top: top.response.rect.height(),
            bottom: bottom.response.rect.height(),
        }
    };
    insets.set_if_neq(new_insets);
    if picker.open {
        if picker.countries.is_none() {
            picker.countries = Some(crate::world::new::country_list().map_err(|d| d.to_string()));
        }
        actions.extend(country_picker_ui(ctx, &mut picker));
    }
    let wants_keys = if ctx.egui_wants_keyboard_input() {
        TextEntry::On
    } else {
        TextEntry::Off
    };
    if *typing.get() != wants_keys {
        next_typing.set(wants_keys);
    }

    let (set, step, jump, toggle, select, fit, save, dialog, named, compare, redraw, new) =
        &mut messages;
    if !actions.is_empty() {
        // The requests are handled in the next frame: make sure there is one.
        redraw.write(RequestRedraw);
    }
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
                save.write(SaveBriefing { to_clipboard });
            }
            UiAction::OpenDialog => {
                dialog.write(OpenDialog);
            }
            UiAction::Open(name) => {
                named.write(OpenNamed(name));
            }
            UiAction::ToggleCompare => {
                compare.write(ToggleCompare);
            }
            UiAction::NewForCountry => picker.open = true,
            UiAction::NewScenario(a3) => {
                new.write(NewScenario(a3));
            }
        }
    }
    Ok(())
}

/// What floats over the map: a load's progress, the tooltip, the help, the toast. Nothing
/// floats over the map while the window is being captured (`--window-capture`).
fn draw_overlays(
    mut contexts: EguiContexts,
    current: Option<Res<CurrentScenario>>,
    pending: Option<Res<PendingLoad>>,
    selection: Res<Selection>,
    playback: Res<Playback>,
    mut help: ResMut<HelpOpen>,
    toast: Res<Toast>,
    capturing: Option<Res<super::screenshot::AutoScreenshot>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
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
                overlays::load_progress_ui(ui, &name, stage, done, pending.progress.elapsed());
            });
    }
    let mut open = help.0;
    overlays::help_window(ctx, &mut open);
    help.set_if_neq(HelpOpen(open));
    if capturing.is_some() {
        return Ok(());
    }
    if let Some(current) = current
        && let Some(hovered) = selection
            .hovered
            .filter(|c| *c < current.bundle.scenario().capitals.len())
        && !ctx.is_pointer_over_egui()
    {
        overlays::capital_tooltip(ctx, &current.bundle, hovered, playback.date);
    }
    if let Some(message) = toast.text.as_ref() {
        overlays::toast(ctx, message);
    }
    Ok(())
}
