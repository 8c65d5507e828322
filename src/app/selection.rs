//! Hovering and selecting capitals on the map: the capital under the pointer (within a few
//! pixels of a marker the map shows, or else the capital of the province under the pointer,
//! so a capital thinned out at this zoom is still reached through its province), selection by
//! click, and requests to select.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::input::egui_wants_any_pointer_input;

use super::messages::SelectCapital;
use super::state::{
    AppSystems, CurrentScenario, MapAreaOrigin, Marks, PlacedMarks, Selection, WindowView,
    cursor_in_map_area,
};
use crate::scene::markers::layers_extent_px;

pub(super) fn state_plugin(app: &mut App) {
    app.add_systems(
        Update,
        apply_selection_requests.in_set(AppSystems::Selection),
    );
}

pub(super) fn picking_plugin(app: &mut App) {
    app.add_systems(
        Update,
        pick_under_pointer
            .run_if(not(egui_wants_any_pointer_input))
            .after(apply_selection_requests)
            .in_set(AppSystems::Selection),
    );
}

fn apply_selection_requests(
    mut requests: MessageReader<SelectCapital>,
    mut selection: ResMut<Selection>,
) {
    for request in requests.read() {
        selection.capital = request.capital;
    }
}

/// A press and release closer than this (logical px) is a click, not a drag.
const CLICK_SLOP_PX: f32 = 4.0;

/// The capital at `p` (view pixels): the nearest marker shown within its reach plus `slack`,
/// else the capital of the province there.
pub fn capital_at_px(
    placed: &PlacedMarks,
    current: &CurrentScenario,
    view: &crate::scene::MapView,
    p: [f32; 2],
    slack: f32,
) -> Option<usize> {
    let nearest = placed.0.as_ref().and_then(|marks| {
        marks
            .markers
            .iter()
            .map(|m| {
                let d = ((m.center[0] - p[0]).powi(2) + (m.center[1] - p[1]).powi(2)).sqrt();
                (m.capital, d, layers_extent_px(&m.layers) + slack)
            })
            .filter(|(_, d, reach)| d <= reach)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(c, _, _)| c)
    });
    nearest.or_else(|| {
        let province = current
            .geometry
            .province_at(&current.bundle, view.map_from_px(p))?;
        current.bundle.province_capitals[province].first().copied()
    })
}

fn pick_under_pointer(
    window: Single<&Window, With<PrimaryWindow>>,
    origin: Res<MapAreaOrigin>,
    view: Res<WindowView>,
    marks: Res<Marks>,
    placed: Res<PlacedMarks>,
    buttons: Res<ButtonInput<MouseButton>>,
    current: Option<Res<CurrentScenario>>,
    mut selection: ResMut<Selection>,
    mut select: MessageWriter<SelectCapital>,
    mut press_at: Local<Option<Vec2>>,
    mut last: Local<Option<Vec2>>,
) {
    let Some(current) = current else { return };
    let cursor = window.cursor_position();
    let [w, h] = view.0.size_px.map(|v| v as f32);
    // Only look again when the pointer or what is under it moved.
    if cursor != *last || view.is_changed() || placed.is_changed() {
        *last = cursor;
        let in_map = cursor_in_map_area(&window, origin.0)
            .filter(|p| p[0] >= 0.0 && p[1] >= 0.0 && p[0] < w && p[1] < h);
        let hovered =
            in_map.and_then(|p| capital_at_px(&placed, &current, &view.0, p, 4.0 * marks.0));
        if selection.hovered != hovered {
            selection.hovered = hovered;
        }
    }
    if buttons.just_pressed(MouseButton::Left) {
        *press_at = cursor;
    }
    if buttons.just_released(MouseButton::Left) {
        let was_click = press_at
            .zip(cursor)
            .is_some_and(|(a, b)| a.distance(b) <= CLICK_SLOP_PX);
        if was_click {
            select.write(SelectCapital {
                capital: selection.hovered,
                center: false,
            });
        }
        *press_at = None;
    }
}
