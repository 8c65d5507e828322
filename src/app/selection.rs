//! Hovering and selecting capitals on the map: the capital under the pointer (within a few
//! pixels of its marker, or the capital of the province under the pointer), selection by click,
//! and the [`Selection`] resource the inspector and labels read.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::input::egui_wants_any_pointer_input;

use super::AppSystems;
use super::camera::{MapAreaOrigin, WindowView, cursor_in_map_area};
use super::loading::CurrentScenario;
use super::map::{MapData, Marks};
use super::messages::SelectCapital;
use crate::scene::markers::{MARKER_RADIUS_PX, marker_extent_px};

/// The selected and hovered capitals.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// Selected (inspector open).
    pub capital: Option<usize>,
    /// Under the pointer (tooltip).
    pub hovered: Option<usize>,
}

pub(super) fn state_plugin(app: &mut App) {
    app.init_resource::<Selection>().add_systems(
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

fn pick_under_pointer(
    window: Single<&Window, With<PrimaryWindow>>,
    origin: Res<MapAreaOrigin>,
    view: Res<WindowView>,
    marks: Res<Marks>,
    buttons: Res<ButtonInput<MouseButton>>,
    current: Option<Res<CurrentScenario>>,
    data: Res<MapData>,
    mut selection: ResMut<Selection>,
    mut select: MessageWriter<SelectCapital>,
    mut press_at: Local<Option<Vec2>>,
) {
    let Some(current) = current else { return };
    let cursor = window.cursor_position();
    let [w, h] = view.0.size_px.map(|v| v as f32);
    let in_map = cursor_in_map_area(&window, origin.0)
        .filter(|p| p[0] >= 0.0 && p[1] >= 0.0 && p[0] < w && p[1] < h);
    // Within a few pixels of a marker, else the capital of the province under the pointer.
    let radius_px = marker_extent_px(MARKER_RADIUS_PX * marks.0, marks.0) + 4.0 * marks.0;
    let hovered = in_map.and_then(|p| {
        data.geometry.capital_at(
            &current.bundle,
            view.0.map_from_px(p),
            f64::from(radius_px) * view.0.km_per_px,
        )
    });
    if selection.hovered != hovered {
        selection.hovered = hovered;
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
                capital: hovered,
                center: false,
            });
        }
        *press_at = None;
    }
}
