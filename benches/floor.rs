//! The renderer's floor: the cheapest window this stack can draw at the size frontline opens.
//! A bare Bevy 0.19 + bevy_egui app with frontline's Bevy features, its two cameras (the map's,
//! with a viewport between the panels, and egui's over the whole window), 34 coloured quads
//! (one per Afghan province), a side and a bottom egui panel, vsync off. It redraws
//! continuously, times its frames as `frontline --profile-frames` does (wall-clock time between
//! frame starts) and prints one line:
//!
//! `floor: msaa=off median_ms=… p95_ms=… frames=N`
//!
//! Run it in the same session as the window's profile (benches/measure-window.sh does both):
//!
//! ```sh
//! xvfb-run -a -s "-screen 0 1600x900x24" cargo bench --bench floor -- --frames 300 [--msaa]
//! ```

use std::time::{Duration, Instant};

use bevy::camera::visibility::RenderLayers;
use bevy::camera::{CameraOutputMode, Viewport};
use bevy::prelude::*;
use bevy::render::render_resource::BlendState;
use bevy::window::{PresentMode, PrimaryWindow, WindowResolution};
use bevy_egui::{
    EguiContexts, EguiGlobalSettings, EguiPlugin, EguiPrimaryContextPass, PrimaryEguiContext, egui,
};

/// What the run measures.
#[derive(Resource)]
struct Run {
    frames: usize,
    msaa: bool,
    warmup: usize,
    last: Option<Instant>,
    times: Vec<Duration>,
}

/// The area between the panels, physical pixels: where the map camera draws.
#[derive(Resource, Default, Clone, Copy, PartialEq)]
struct MapArea(UVec2, UVec2);

#[derive(Component)]
struct MapCamera;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let frames = args
        .iter()
        .position(|a| a == "--frames")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let msaa = args.iter().any(|a| a == "--msaa");
    App::new()
        .add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window {
                title: "frontline floor".into(),
                resolution: WindowResolution::new(1600, 900),
                present_mode: PresentMode::AutoNoVsync,
                ..default()
            }),
            ..default()
        }))
        .add_plugins(EguiPlugin::default())
        .insert_resource(Run {
            frames,
            msaa,
            warmup: 30,
            last: None,
            times: Vec::new(),
        })
        .init_resource::<MapArea>()
        .add_systems(Startup, setup)
        .add_systems(EguiPrimaryContextPass, panels)
        .add_systems(Update, follow_panels)
        .add_systems(First, time_frames)
        .run();
}

fn setup(
    mut commands: Commands,
    run: Res<Run>,
    mut egui_settings: ResMut<EguiGlobalSettings>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    egui_settings.auto_create_primary_context = false;
    commands.spawn((
        Camera2d,
        MapCamera,
        if run.msaa { Msaa::Sample4 } else { Msaa::Off },
    ));
    commands.spawn((
        PrimaryEguiContext,
        Camera2d,
        RenderLayers::none(),
        if run.msaa { Msaa::Sample4 } else { Msaa::Off },
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
    // 34 quads in a 7×5 grid filling the map area, each its own colour.
    let quad = meshes.add(Rectangle::new(150.0, 120.0));
    for i in 0..34 {
        let (col, row) = ((i % 7) as f32, (i / 7) as f32);
        let hue = i as f32 * 360.0 / 34.0;
        commands.spawn((
            Mesh2d(quad.clone()),
            MeshMaterial2d(materials.add(Color::hsl(hue, 0.55, 0.6))),
            Transform::from_xyz((col - 3.0) * 160.0, (2.0 - row) * 130.0, 0.0),
        ));
    }
}

/// A side panel and a bottom panel with a few widgets, as frontline's.
fn panels(
    mut contexts: EguiContexts,
    mut area: ResMut<MapArea>,
    window: Single<&Window, With<PrimaryWindow>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "floor-root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    let right = egui::Panel::right("side")
        .default_size(330.0)
        .show(&mut root, |ui| {
            ui.heading("Legend");
            for i in 0..6 {
                ui.label(format!("Status {i}: {} / 34", i * 5));
            }
            ui.separator();
            ui.label("Click a province to see its history.");
        })
        .response
        .rect
        .width();
    let bottom = egui::Panel::bottom("timeline")
        .show(&mut root, |ui| {
            ui.label(
                egui::RichText::new("Friday 13 August 2021")
                    .size(30.0)
                    .strong(),
            );
            let mut day = 104;
            ui.add(egui::Slider::new(&mut day, 0..=152).show_value(false));
        })
        .response
        .rect
        .height();
    let f = window.scale_factor();
    let size = UVec2::new(window.physical_width(), window.physical_height());
    let far = UVec2::new((right * f) as u32, (bottom * f) as u32);
    let new = MapArea(UVec2::ZERO, size.saturating_sub(far).max(UVec2::ONE));
    if *area != new {
        *area = new;
    }
    Ok(())
}

fn follow_panels(area: Res<MapArea>, mut camera: Single<&mut Camera, With<MapCamera>>) {
    let current = camera
        .viewport
        .as_ref()
        .map(|v| (v.physical_position, v.physical_size));
    if current != Some((area.0, area.1)) {
        camera.viewport = Some(Viewport {
            physical_position: area.0,
            physical_size: area.1,
            ..default()
        });
    }
}

fn time_frames(mut run: ResMut<Run>, mut exit: MessageWriter<AppExit>) {
    let now = Instant::now();
    if let Some(last) = run.last {
        if run.warmup > 0 {
            run.warmup -= 1;
        } else {
            run.times.push(now - last);
        }
    }
    run.last = Some(now);
    if run.times.len() >= run.frames {
        let mut ms: Vec<f64> = run.times.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
        println!(
            "floor: msaa={} median_ms={:.1} p95_ms={:.1} frames={}",
            if run.msaa { "4x" } else { "off" },
            at(0.5),
            at(0.95),
            ms.len()
        );
        exit.write(AppExit::Success);
    }
}
