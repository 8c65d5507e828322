//! Presentation mode (F5 or P): full screen, panels hidden, a large title, date and legend
//! readable on a projector; Left/Right step through the scenario's key moments with their
//! captions (the shortcut table, [`super::input::BINDINGS`]), and the map blends from one
//! moment's colours to the next. Esc leaves. The mode is the [`ViewMode`] state.

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};

use super::messages::{FitMap, TogglePresentation};
use super::state::{AppSystems, AutoFit, ViewMode};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, toggle_presentation.in_set(AppSystems::Input))
        .add_systems(OnEnter(ViewMode::Present), enter)
        .add_systems(OnEnter(ViewMode::Browse), leave);
}

fn toggle_presentation(
    mut requests: MessageReader<TogglePresentation>,
    mode: Res<State<ViewMode>>,
    mut next: ResMut<NextState<ViewMode>>,
) {
    if requests.read().count() % 2 == 1 {
        next.set(match mode.get() {
            ViewMode::Browse => ViewMode::Present,
            ViewMode::Present => ViewMode::Browse,
        });
    }
}

fn enter(
    mut window: Single<&mut Window, With<PrimaryWindow>>,
    mut auto: ResMut<AutoFit>,
    mut fit: MessageWriter<FitMap>,
) {
    window.mode = WindowMode::BorderlessFullscreen(MonitorSelection::Current);
    auto.0 = true;
    fit.write(FitMap);
}

fn leave(
    mut window: Single<&mut Window, With<PrimaryWindow>>,
    mut auto: ResMut<AutoFit>,
    mut fit: MessageWriter<FitMap>,
) {
    if window.mode != WindowMode::Windowed {
        window.mode = WindowMode::Windowed;
    }
    auto.0 = true;
    fit.write(FitMap);
}
