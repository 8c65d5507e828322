//! Keyboard shortcuts, turned into request messages. Nothing here runs while the user types in
//! a text field (egui has keyboard focus). The table in [`SHORTCUTS`] is what the help overlay
//! and the README show.

use bevy::prelude::*;

use super::AppSystems;
use super::map::{AppOptions, AppTheme};
use super::messages::{
    FitMap, JumpToEnd, JumpToEvent, SelectCapital, StepDays, ToggleCompare, TogglePlay, ZoomBy,
};

/// True while a text field has keyboard focus (set from egui each frame).
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Typing(pub bool);

/// Whether the shortcut overlay is open.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct HelpOpen(pub bool);

/// Every shortcut: keys, what it does.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Space", "play / pause"),
    ("Left / Right", "one day back / forward"),
    ("Shift + Left / Right", "previous / next event"),
    ("Home / End", "first / last date"),
    ("+ / -", "zoom in / out"),
    ("W A S D, drag", "pan the map"),
    ("mouse wheel", "zoom around the cursor"),
    ("F", "fit the map to the window"),
    ("C", "colour provinces / only capitals"),
    ("L", "show / hide labels"),
    ("T", "light / dark theme"),
    ("K", "compare with this date / stop comparing"),
    ("F5 or P", "presentation mode (Left / Right: key moments)"),
    ("F12", "save a briefing image into screenshots/"),
    ("Ctrl + Shift + C", "copy the briefing image"),
    ("Ctrl + O", "open a scenario file"),
    (
        "Esc",
        "clear the selection, close this help, leave presentation",
    ),
    ("F1 or ?", "show / hide this help"),
];

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Typing>()
        .init_resource::<HelpOpen>()
        .add_systems(Update, read_shortcuts.in_set(AppSystems::Input));
}

fn read_shortcuts(
    keys: Res<ButtonInput<KeyCode>>,
    typing: Res<Typing>,
    mut help: ResMut<HelpOpen>,
    mut options: ResMut<AppOptions>,
    mut theme: ResMut<AppTheme>,
    mut toggle: MessageWriter<TogglePlay>,
    mut step: MessageWriter<StepDays>,
    mut jump: MessageWriter<JumpToEvent>,
    mut ends: MessageWriter<JumpToEnd>,
    mut zoom: MessageWriter<ZoomBy>,
    mut fit: MessageWriter<FitMap>,
    mut select: MessageWriter<SelectCapital>,
    mut compare: MessageWriter<ToggleCompare>,
    presentation: Option<Res<super::presentation::Presentation>>,
) {
    if typing.0 {
        return;
    }
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    let ctrl = keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]);
    if ctrl {
        return;
    }
    if keys.just_pressed(KeyCode::Space) {
        toggle.write(TogglePlay);
    }
    // In presentation mode the arrows step through key moments instead (presentation.rs).
    let presenting = presentation.is_some_and(|p| p.active);
    for (key, forward) in [(KeyCode::ArrowLeft, false), (KeyCode::ArrowRight, true)] {
        if keys.just_pressed(key) && !presenting {
            if shift {
                jump.write(JumpToEvent { forward });
            } else {
                step.write(StepDays(if forward { 1 } else { -1 }));
            }
        }
    }
    if keys.just_pressed(KeyCode::Home) {
        ends.write(JumpToEnd { last: false });
    }
    if keys.just_pressed(KeyCode::End) {
        ends.write(JumpToEnd { last: true });
    }
    if keys.any_just_pressed([KeyCode::Equal, KeyCode::NumpadAdd]) {
        zoom.write(ZoomBy(1.25));
    }
    if keys.any_just_pressed([KeyCode::Minus, KeyCode::NumpadSubtract]) {
        zoom.write(ZoomBy(0.8));
    }
    if keys.just_pressed(KeyCode::KeyK) {
        compare.write(ToggleCompare);
    }
    if keys.just_pressed(KeyCode::KeyF) {
        fit.write(FitMap);
    }
    if keys.just_pressed(KeyCode::KeyC) {
        options.fill_provinces = !options.fill_provinces;
    }
    if keys.just_pressed(KeyCode::KeyL) {
        options.labels = !options.labels;
    }
    if keys.just_pressed(KeyCode::KeyT) {
        theme.0 = theme.0.toggled();
    }
    if keys.just_pressed(KeyCode::F1) || (shift && keys.just_pressed(KeyCode::Slash)) {
        help.0 = !help.0;
    }
    if keys.just_pressed(KeyCode::Escape) && !presenting {
        if help.0 {
            help.0 = false;
        } else {
            select.write(SelectCapital {
                capital: None,
                center: false,
            });
        }
    }
}
