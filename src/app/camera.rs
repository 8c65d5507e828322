//! The map camera: fitted to the free area between the UI panels at start and on resize; drag
//! to pan, wheel to zoom around the cursor, WASD to pan, +/- to zoom, F to fit; zoom clamped so
//! the map can neither vanish nor be lost off screen. Pointer input over egui panels is ignored.
//!
//! Hand-written rather than Bevy's `PanCamera`: that controller pans with the arrow keys (our
//! date keys), has no mouse drag and zooms around the centre rather than the cursor.

use bevy::camera::visibility::RenderLayers;
use bevy::camera::{CameraOutputMode, Viewport};
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll, MouseScrollUnit};
use bevy::prelude::*;
use bevy::render::render_resource::BlendState;
use bevy::window::{PrimaryWindow, WindowResized};
use bevy_egui::input::egui_wants_any_pointer_input;
use bevy_egui::{EguiGlobalSettings, PrimaryEguiContext};

use super::AppSystems;
use super::loading::CurrentScenario;
use super::messages::{FitMap, ScenarioLoaded, SelectCapital, ZoomBy};
use super::scene::{MapGeometry, PixelScale};

/// The camera that looks at the map.
#[derive(Component)]
pub struct MapCamera;

/// Logical-pixel insets of the UI panels around the map, written by the UI each frame.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct UiInsets {
    /// Left panel width.
    pub left: f32,
    /// Right panel width.
    pub right: f32,
    /// Top panel height.
    pub top: f32,
    /// Bottom panel height.
    pub bottom: f32,
}

/// The scale at which the whole map fits the view; zoom limits are relative to it.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct FitScale(pub f32);

impl Default for FitScale {
    fn default() -> Self {
        Self(1.0)
    }
}

/// True while the view follows the window: it is refitted whenever the window or the panels
/// change size, until the user pans or zooms.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoFit(pub bool);

impl Default for AutoFit {
    fn default() -> Self {
        Self(true)
    }
}

/// Zoom in at most this many times closer than fitted, out at most this many times farther.
pub const ZOOM_IN_LIMIT: f32 = 40.0;
/// See [`ZOOM_IN_LIMIT`].
pub const ZOOM_OUT_LIMIT: f32 = 4.0;

/// The orthographic scale (world units per logical pixel) that fits `bounds` into a view of
/// `view_px` logical pixels, with a margin.
pub fn fit_scale(bounds: Rect, view_px: Vec2) -> f32 {
    let size = bounds.size().max(Vec2::splat(1e-3));
    let view = view_px.max(Vec2::splat(50.0));
    (size.x / view.x).max(size.y / view.y) * 1.08
}

/// Clamps a zoom scale to the limits around the fitted scale.
pub fn clamp_scale(scale: f32, fit: f32) -> f32 {
    scale.clamp(fit / ZOOM_IN_LIMIT, fit * ZOOM_OUT_LIMIT)
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<UiInsets>()
        .init_resource::<FitScale>()
        .init_resource::<AutoFit>()
        .add_systems(Startup, spawn_camera)
        .add_systems(
            Update,
            (
                apply_viewport,
                fit_on_load_resize_or_request,
                (drag_to_pan, wheel_to_zoom).run_if(not(egui_wants_any_pointer_input)),
                keyboard_pan,
                zoom_on_request,
                center_on_selection,
                clamp_camera,
                publish_pixel_scale,
            )
                .chain()
                .in_set(AppSystems::Camera),
        );
}

/// The map camera draws into the area between the panels; a second camera, with no viewport
/// and drawing nothing but egui, covers the whole window (egui sizes itself to its camera).
fn spawn_camera(mut commands: Commands, mut egui_settings: ResMut<EguiGlobalSettings>) {
    egui_settings.auto_create_primary_context = false;
    commands.spawn((Camera2d, MapCamera));
    commands.spawn((
        PrimaryEguiContext,
        Camera2d,
        RenderLayers::none(),
        Camera {
            order: 1,
            output_mode: CameraOutputMode::Write {
                blend_state: Some(BlendState::ALPHA_BLENDING),
                clear_color: ClearColorConfig::None,
            },
            clear_color: ClearColorConfig::Custom(Color::NONE),
            ..default()
        },
    ));
}

fn ortho_scale(projection: &Projection) -> f32 {
    match projection {
        Projection::Orthographic(o) => o.scale,
        _ => 1.0,
    }
}

fn set_ortho_scale(projection: &mut Projection, scale: f32) {
    if let Projection::Orthographic(o) = projection {
        o.scale = scale;
    }
}

/// Restricts the camera to the area between the panels.
fn apply_viewport(
    insets: Res<UiInsets>,
    window: Single<&Window, With<PrimaryWindow>>,
    mut camera: Single<&mut Camera, With<MapCamera>>,
) {
    let factor = window.scale_factor();
    let size = UVec2::new(window.physical_width(), window.physical_height());
    let pos = UVec2::new((insets.left * factor) as u32, (insets.top * factor) as u32).min(size);
    let far = UVec2::new(
        (insets.right * factor) as u32,
        (insets.bottom * factor) as u32,
    );
    let view = size.saturating_sub(pos).saturating_sub(far).max(UVec2::ONE);
    let viewport = Viewport {
        physical_position: pos,
        physical_size: view,
        ..default()
    };
    if camera
        .viewport
        .as_ref()
        .map(|v| (v.physical_position, v.physical_size))
        != Some((pos, view))
    {
        camera.viewport = Some(viewport);
    }
}

/// The map area in logical pixels: the window less the panels (the camera's viewport may lag a
/// frame behind the panels).
fn view_size_logical(window: &Window, insets: &UiInsets) -> Vec2 {
    Vec2::new(
        window.width() - insets.left - insets.right,
        window.height() - insets.top - insets.bottom,
    )
}

#[allow(clippy::too_many_arguments)]
fn fit_on_load_resize_or_request(
    mut loaded: MessageReader<ScenarioLoaded>,
    mut resized: MessageReader<WindowResized>,
    mut requests: MessageReader<FitMap>,
    insets: Res<UiInsets>,
    geometry: Res<MapGeometry>,
    window: Single<&Window, With<PrimaryWindow>>,
    camera: Single<(&mut Transform, &mut Projection), With<MapCamera>>,
    mut fit: ResMut<FitScale>,
    mut auto: ResMut<AutoFit>,
) {
    let new_scenario = loaded.read().any(|l| !l.reload);
    let resize = resized.read().last().is_some();
    let asked = requests.read().last().is_some();
    if new_scenario || resize || asked {
        auto.0 = true;
    }
    if !(auto.0
        && (new_scenario || resize || asked || insets.is_changed() || geometry.is_changed()))
    {
        return;
    }
    if geometry.bounds.is_empty() {
        return;
    }
    let (mut transform, mut projection) = camera.into_inner();
    let view = view_size_logical(&window, &insets);
    fit.0 = fit_scale(geometry.bounds, view);
    transform.translation = geometry.bounds.center().extend(transform.translation.z);
    set_ortho_scale(&mut projection, fit.0);
}

fn drag_to_pan(
    mut auto: ResMut<AutoFit>,
    buttons: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    camera: Single<(&mut Transform, &Projection), With<MapCamera>>,
) {
    if !buttons.pressed(MouseButton::Left) || motion.delta == Vec2::ZERO {
        return;
    }
    let (mut transform, projection) = camera.into_inner();
    let s = ortho_scale(projection);
    auto.0 = false;
    transform.translation.x -= motion.delta.x * s;
    transform.translation.y += motion.delta.y * s;
}

fn wheel_to_zoom(
    mut auto: ResMut<AutoFit>,
    scroll: Res<AccumulatedMouseScroll>,
    window: Single<&Window, With<PrimaryWindow>>,
    camera: Single<(&Camera, &GlobalTransform, &mut Transform, &mut Projection), With<MapCamera>>,
    fit: Res<FitScale>,
) {
    if scroll.delta.y == 0.0 {
        return;
    }
    let lines = match scroll.unit {
        MouseScrollUnit::Line => scroll.delta.y,
        MouseScrollUnit::Pixel => scroll.delta.y / 40.0,
    };
    auto.0 = false;
    let (cam, global, mut transform, mut projection) = camera.into_inner();
    let old = ortho_scale(&projection);
    let new = clamp_scale(old * 0.85f32.powf(lines), fit.0);
    // Keep the point under the cursor where it is.
    // Window coordinates: Bevy accounts for the camera's viewport itself.
    if let Some(cursor) = window.cursor_position()
        && let Ok(world) = cam.viewport_to_world_2d(global, cursor)
    {
        let center = transform.translation.truncate();
        let moved = world + (center - world) * (new / old);
        transform.translation = moved.extend(transform.translation.z);
    }
    set_ortho_scale(&mut projection, new);
}

fn keyboard_pan(
    mut auto: ResMut<AutoFit>,
    keys: Res<ButtonInput<KeyCode>>,
    time: Res<Time>,
    typing: Res<super::input::Typing>,
    camera: Single<(&mut Transform, &Projection), With<MapCamera>>,
) {
    if typing.0 || keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]) {
        return;
    }
    let mut dir = Vec2::ZERO;
    for (key, d) in [
        (KeyCode::KeyW, Vec2::Y),
        (KeyCode::KeyS, -Vec2::Y),
        (KeyCode::KeyA, -Vec2::X),
        (KeyCode::KeyD, Vec2::X),
    ] {
        if keys.pressed(key) {
            dir += d;
        }
    }
    if dir == Vec2::ZERO {
        return;
    }
    auto.0 = false;
    let (mut transform, projection) = camera.into_inner();
    // 600 logical pixels per second, whatever the zoom.
    let step = dir.normalize() * 600.0 * time.delta_secs() * ortho_scale(projection);
    transform.translation += step.extend(0.0);
}

fn zoom_on_request(
    mut auto: ResMut<AutoFit>,
    mut requests: MessageReader<ZoomBy>,
    mut projection: Single<&mut Projection, With<MapCamera>>,
    fit: Res<FitScale>,
) {
    for ZoomBy(factor) in requests.read() {
        auto.0 = false;
        let s = ortho_scale(&projection);
        set_ortho_scale(&mut projection, clamp_scale(s / factor.max(0.01), fit.0));
    }
}

fn center_on_selection(
    mut auto: ResMut<AutoFit>,
    mut requests: MessageReader<SelectCapital>,
    geometry: Res<MapGeometry>,
    current: Option<Res<CurrentScenario>>,
    mut transform: Single<&mut Transform, With<MapCamera>>,
) {
    if current.is_none() {
        return;
    }
    for request in requests.read() {
        if let (true, Some(c)) = (request.center, request.capital)
            && let Some(at) = geometry.capitals_map_xy.get(c)
        {
            auto.0 = false;
            transform.translation = at.extend(transform.translation.z);
        }
    }
}

fn clamp_camera(
    geometry: Res<MapGeometry>,
    fit: Res<FitScale>,
    camera: Single<(&mut Transform, &mut Projection), With<MapCamera>>,
) {
    if geometry.bounds.is_empty() {
        return;
    }
    let (mut transform, mut projection) = camera.into_inner();
    let s = ortho_scale(&projection);
    let clamped = clamp_scale(s, fit.0);
    if clamped != s {
        set_ortho_scale(&mut projection, clamped);
    }
    // The view centre stays over the map, so some of it is always visible.
    let b = geometry.bounds;
    let p = transform.translation.truncate().clamp(b.min, b.max);
    if p != transform.translation.truncate() {
        transform.translation = p.extend(transform.translation.z);
    }
}

fn publish_pixel_scale(
    projection: Single<&Projection, With<MapCamera>>,
    mut scale: ResMut<PixelScale>,
) {
    let s = ortho_scale(&projection);
    if scale.0 != s {
        scale.0 = s;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_uses_the_tighter_axis_and_clamps() {
        let bounds = Rect::new(-600.0, -400.0, 600.0, 400.0);
        let s = fit_scale(bounds, Vec2::new(1200.0, 400.0));
        assert!((s - 2.0 * 1.08).abs() < 1e-4, "height limits: {s}");
        assert_eq!(clamp_scale(s * 100.0, s), s * ZOOM_OUT_LIMIT);
        assert_eq!(clamp_scale(s / 100.0, s), s / ZOOM_IN_LIMIT);
    }
}
