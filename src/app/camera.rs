//! The window's view of the map: a [`MapView`] of the area between the UI panels, fitted at
//! start and on resize; drag to pan, wheel to zoom around the cursor, WASD to pan, +/- to zoom,
//! F to fit; zoom clamped so the map can neither vanish nor be lost off screen. Pointer input
//! over egui panels is ignored. The Bevy camera is set from the view each frame, so the window
//! and the CPU painter use the same map↔pixel transform.
//!
//! Hand-written rather than Bevy's `PanCamera`: that controller pans with the arrow keys (our
//! date keys), has no mouse drag and zooms around the centre rather than the cursor.

use bevy::camera::visibility::RenderLayers;
use bevy::camera::{CameraOutputMode, Viewport};
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll, MouseScrollUnit};
use bevy::prelude::*;
use bevy::render::render_resource::BlendState;
use bevy::window::PrimaryWindow;
use bevy_egui::input::egui_wants_any_pointer_input;
use bevy_egui::{EguiGlobalSettings, PrimaryEguiContext};

use super::messages::{FitMap, ScenarioLoaded, SelectCapital, ZoomBy};
use super::state::{
    AppSettings, AppSystems, AutoFit, CameraSteps, CurrentScenario, FitScale, MapAreaOrigin, Marks,
    UiInsets, WindowView, cursor_in_map_area, not_typing,
};
use crate::scene::MapView;
use crate::settings::Antialiasing;

/// The camera that looks at the map.
#[derive(Component)]
pub struct MapCamera;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_camera)
        .add_systems(Update, choose_antialiasing)
        .add_systems(
            Update,
            (
                follow_panels,
                fit_on_load_or_request,
                (drag_to_pan, wheel_to_zoom).run_if(not(egui_wants_any_pointer_input)),
                keyboard_pan.run_if(not_typing),
                zoom_on_request,
                center_on_selection,
                clamp_view.in_set(CameraSteps::Clamp),
                sync_camera,
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

/// Keeps the view the size of the area between the panels (refitting while [`AutoFit`] holds)
/// and the window's scale factor in [`Marks`].
fn follow_panels(
    insets: Res<UiInsets>,
    window: Single<&Window, With<PrimaryWindow>>,
    current: Option<Res<CurrentScenario>>,
    auto: Res<AutoFit>,
    mut view: ResMut<WindowView>,
    mut origin: ResMut<MapAreaOrigin>,
    mut fit: ResMut<FitScale>,
    mut marks: ResMut<Marks>,
) {
    let factor = window.scale_factor();
    if marks.0 != factor {
        *marks = Marks(factor);
    }
    let size = UVec2::new(window.physical_width(), window.physical_height());
    let pos = UVec2::new(
        (insets.left * factor).round() as u32,
        (insets.top * factor).round() as u32,
    )
    .min(size);
    let far = UVec2::new(
        (insets.right * factor).round() as u32,
        (insets.bottom * factor).round() as u32,
    );
    let area = size.saturating_sub(pos).saturating_sub(far).max(UVec2::ONE);
    if origin.0 != pos {
        origin.0 = pos;
    }
    let size_px = [area.x, area.y];
    if view.0.size_px != size_px {
        view.0 = view.0.with_size(size_px);
        if let Some(bounds) = current.map(|c| c.geometry.bounds).filter(|b| !b.is_empty()) {
            fit.0 = MapView::fit(bounds, size_px).km_per_px;
            if auto.0 {
                view.0 = MapView::fit(bounds, size_px);
            }
        }
    }
}

fn fit_on_load_or_request(
    mut loaded: MessageReader<ScenarioLoaded>,
    mut requests: MessageReader<FitMap>,
    current: Option<Res<CurrentScenario>>,
    mut view: ResMut<WindowView>,
    mut fit: ResMut<FitScale>,
    mut auto: ResMut<AutoFit>,
) {
    let new_scenario = loaded.read().any(|l| !l.reload);
    let asked = requests.read().last().is_some();
    if new_scenario || asked {
        auto.0 = true;
    }
    let Some(current) = current.filter(|c| !c.geometry.bounds.is_empty()) else {
        return;
    };
    let bounds = current.geometry.bounds;
    if new_scenario || asked || (auto.0 && current.is_changed()) {
        let fitted = MapView::fit(bounds, view.0.size_px);
        fit.0 = fitted.km_per_px;
        view.0 = fitted;
    }
}

fn drag_to_pan(
    mut auto: ResMut<AutoFit>,
    buttons: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    window: Single<&Window, With<PrimaryWindow>>,
    mut view: ResMut<WindowView>,
) {
    if !buttons.pressed(MouseButton::Left) || motion.delta == Vec2::ZERO {
        return;
    }
    auto.0 = false;
    let d = motion.delta * window.scale_factor();
    view.0 = view.0.panned_px([d.x, d.y]);
}

fn wheel_to_zoom(
    mut auto: ResMut<AutoFit>,
    scroll: Res<AccumulatedMouseScroll>,
    window: Single<&Window, With<PrimaryWindow>>,
    origin: Res<MapAreaOrigin>,
    mut view: ResMut<WindowView>,
) {
    if scroll.delta.y == 0.0 {
        return;
    }
    let lines = match scroll.unit {
        MouseScrollUnit::Line => scroll.delta.y,
        MouseScrollUnit::Pixel => scroll.delta.y / 40.0,
    };
    auto.0 = false;
    let [w, h] = view.0.size_px.map(|v| v as f32);
    let at = cursor_in_map_area(&window, origin.0).unwrap_or([w / 2.0, h / 2.0]);
    view.0 = view
        .0
        .zoomed_around(at, 1.0 / 0.85f64.powf(f64::from(lines)));
}

fn keyboard_pan(
    mut auto: ResMut<AutoFit>,
    keys: Res<ButtonInput<KeyCode>>,
    time: Res<Time>,
    window: Single<&Window, With<PrimaryWindow>>,
    mut view: ResMut<WindowView>,
    mut redraw: MessageWriter<bevy::window::RequestRedraw>,
) {
    // The keys come from the shortcut table (W A S D).
    let dir = super::input::held_pan(&keys);
    if dir == Vec2::ZERO {
        return;
    }
    // Held keys send no more events: keep the frames coming while one is held.
    redraw.write(bevy::window::RequestRedraw);
    auto.0 = false;
    // 600 logical pixels per second, whatever the zoom; moving the view north moves the map down.
    let step = dir.normalize() * 600.0 * time.delta_secs() * window.scale_factor();
    view.0 = view.0.panned_px([-step.x, step.y]);
}

fn zoom_on_request(
    mut auto: ResMut<AutoFit>,
    mut requests: MessageReader<ZoomBy>,
    mut view: ResMut<WindowView>,
) {
    for ZoomBy(factor) in requests.read() {
        auto.0 = false;
        let [w, h] = view.0.size_px.map(|v| v as f32);
        view.0 = view.0.zoomed_around([w / 2.0, h / 2.0], f64::from(*factor));
    }
}

fn center_on_selection(
    mut auto: ResMut<AutoFit>,
    mut requests: MessageReader<SelectCapital>,
    current: Option<Res<CurrentScenario>>,
    mut view: ResMut<WindowView>,
) {
    let Some(current) = current else { return };
    for request in requests.read() {
        if let (true, Some(c)) = (request.center, request.capital)
            && let Some(at) = current.geometry.capitals_map_xy.get(c)
        {
            auto.0 = false;
            view.0.center_map_xy = *at;
        }
    }
}

fn clamp_view(
    current: Option<Res<CurrentScenario>>,
    fit: Res<FitScale>,
    mut view: ResMut<WindowView>,
) {
    let Some(current) = current.filter(|c| !c.geometry.bounds.is_empty()) else {
        return;
    };
    let clamped = view.0.clamped(current.geometry.bounds, fit.0);
    if clamped != view.0 {
        view.0 = clamped;
    }
}

/// Points the Bevy camera at the view: its viewport is the map area, its centre the view's
/// centre, and one physical pixel covers `km_per_px` (Bevy's orthographic scale counts logical
/// pixels).
fn sync_camera(
    view: Res<WindowView>,
    origin: Res<MapAreaOrigin>,
    window: Single<&Window, With<PrimaryWindow>>,
    camera: Single<(&mut Camera, &mut Transform, &mut Projection), With<MapCamera>>,
) {
    let (mut camera, mut transform, mut projection) = camera.into_inner();
    let v = view.0;
    let viewport = (origin.0, UVec2::new(v.size_px[0], v.size_px[1]));
    if camera
        .viewport
        .as_ref()
        .map(|vp| (vp.physical_position, vp.physical_size))
        != Some(viewport)
    {
        camera.viewport = Some(Viewport {
            physical_position: viewport.0,
            physical_size: viewport.1,
            ..default()
        });
    }
    let at = Vec3::new(
        v.center_map_xy.x as f32,
        v.center_map_xy.y as f32,
        transform.translation.z,
    );
    if transform.translation != at {
        transform.translation = at;
    }
    if let Projection::Orthographic(o) = projection.as_mut() {
        let scale = (v.km_per_px * f64::from(window.scale_factor())) as f32;
        if o.scale != scale {
            o.scale = scale;
        }
    }
}

/// Chooses the anti-aliasing once the GPU is known: multisampling (4×) on a real GPU; none on
/// a CPU renderer (lavapipe, llvmpipe, WARP), where it roughly doubles the cost of a frame and
/// the map's soft-edged lines and CPU-drawn markers and labels keep edges smooth anyway. The
/// `antialiasing` setting (`Auto`, `Msaa`, `Smooth`) overrides the choice.
fn choose_antialiasing(
    mut commands: Commands,
    adapter: Option<Res<bevy::render::renderer::RenderAdapterInfo>>,
    settings: Option<Res<AppSettings>>,
    cameras: Query<(Entity, Option<&Msaa>), With<Camera>>,
    mut chosen: Local<Option<Msaa>>,
) {
    let Some(adapter) = adapter else { return };
    let want = *chosen.get_or_insert_with(|| {
        let setting = settings.map_or(Antialiasing::Auto, |s| s.settings.antialiasing);
        let cpu = adapter.device_type == wgpu_types::DeviceType::Cpu;
        let msaa = match setting {
            Antialiasing::Auto => !cpu,
            Antialiasing::Msaa => true,
            Antialiasing::Smooth => false,
        };
        info!(
            "GPU: {} ({:?}); anti-aliasing: {}",
            adapter.name,
            adapter.device_type,
            if msaa {
                "4× MSAA"
            } else {
                "soft edges, no MSAA"
            }
        );
        if msaa { Msaa::Sample4 } else { Msaa::Off }
    });
    for (entity, msaa) in &cameras {
        if msaa != Some(&want) {
            commands.entity(entity).insert(want);
        }
    }
}
