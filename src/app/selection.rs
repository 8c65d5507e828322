//! Hovering and selecting capitals on the map: the capital under the pointer (within a few
//! pixels of its marker, or the capital of the province under the pointer), selection by click,
//! and the [`Selection`] resource the inspector and labels read.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::input::egui_wants_any_pointer_input;

use super::AppSystems;
use super::camera::MapCamera;
use super::loading::CurrentScenario;
use super::messages::SelectCapital;
use super::scene::{MARKER_RADIUS_PX, MapGeometry, PixelScale};
use crate::boundaries::{LonLat, MapXy};

/// The selected and hovered capitals.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// Selected (inspector open).
    pub capital: Option<usize>,
    /// Under the pointer (tooltip).
    pub hovered: Option<usize>,
}

/// The capital at a map position: the nearest marker within `radius` map units, else the
/// capital of the province containing the point.
pub fn capital_at(
    current: &CurrentScenario,
    geometry: &MapGeometry,
    at: Vec2,
    radius: f32,
) -> Option<usize> {
    let nearest = geometry
        .capitals_map_xy
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p.distance(at)))
        .filter(|(_, d)| *d <= radius)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i);
    nearest.or_else(|| {
        let bundle = &current.bundle;
        let lonlat: LonLat = bundle.projection.lonlat_from_map(MapXy {
            x: at.x as f64,
            y: at.y as f64,
        });
        let province = bundle.boundaries.province_at(lonlat)?;
        bundle.province_capitals[province].first().copied()
    })
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

#[allow(clippy::too_many_arguments)]
fn pick_under_pointer(
    window: Single<&Window, With<PrimaryWindow>>,
    camera: Single<(&Camera, &GlobalTransform), With<MapCamera>>,
    buttons: Res<ButtonInput<MouseButton>>,
    current: Option<Res<CurrentScenario>>,
    geometry: Res<MapGeometry>,
    scale: Res<PixelScale>,
    mut selection: ResMut<Selection>,
    mut select: MessageWriter<SelectCapital>,
    mut press_at: Local<Option<Vec2>>,
) {
    let Some(current) = current else { return };
    let (cam, global) = *camera;
    let cursor = window.cursor_position();
    // Window coordinates: Bevy accounts for the camera's viewport itself.
    let world = cursor.and_then(|c| cam.viewport_to_world_2d(global, c).ok());
    let hovered =
        world.and_then(|w| capital_at(&current, &geometry, w, (MARKER_RADIUS_PX + 4.0) * scale.0));
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
