//! Screenshots of the window through Bevy's screenshot API. `frontline --screenshot out.png`
//! opens the window, waits until the map has settled, saves the window to `out.png` and exits:
//! used for the README image and by the window test. Beside the PNG it writes
//! `<name>.capitals.json`: where each capital's marker centre was drawn, in image pixels (for
//! image maps in articles, and for tests that check the colours drawn there).

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy::window::PrimaryWindow;

use super::camera::MapCamera;
use super::loading::CurrentScenario;
use super::scene::MapGeometry;

/// A screenshot to take once the window has drawn a few frames, then exit.
#[derive(Resource, Debug, Clone)]
pub struct AutoScreenshot {
    /// Where to save it (PNG).
    pub path: PathBuf,
    /// Frames to wait before capturing (egui panels and text need a few to lay out).
    pub frames_left: u32,
    /// Set once the capture has been requested.
    pub requested: bool,
}

impl AutoScreenshot {
    /// A screenshot to `path` after the default settling time.
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            frames_left: 45,
            requested: false,
        }
    }
}

/// Where one capital was drawn.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct DrawnCapital {
    /// Capital id.
    pub id: String,
    /// Image x, physical pixels from the left.
    pub x: f32,
    /// Image y, physical pixels from the top.
    pub y: f32,
}

/// What the manifest beside a screenshot holds.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct DrawnMap {
    /// The map area in image pixels: x, y (from the top), width, height.
    pub map_rect: [u32; 4],
    /// Where each capital was drawn.
    pub capitals: Vec<DrawnCapital>,
}

/// The path of the capitals manifest beside a screenshot.
pub fn manifest_path(png: &Path) -> PathBuf {
    png.with_extension("capitals.json")
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Last,
        take_auto_screenshot.run_if(resource_exists::<AutoScreenshot>),
    );
}

fn take_auto_screenshot(
    mut commands: Commands,
    mut shot: ResMut<AutoScreenshot>,
    mut exit: MessageWriter<AppExit>,
    current: Option<Res<CurrentScenario>>,
    geometry: Res<MapGeometry>,
    window: Single<&Window, With<PrimaryWindow>>,
    camera: Single<(&Camera, &GlobalTransform), With<MapCamera>>,
) {
    if shot.frames_left > 0 {
        shot.frames_left -= 1;
        return;
    }
    if !shot.requested {
        shot.requested = true;
        let _ = std::fs::remove_file(&shot.path);
        if let Some(current) = current {
            let (cam, global) = *camera;
            let factor = window.scale_factor();
            let drawn: Vec<DrawnCapital> = current
                .bundle
                .scenario()
                .capitals
                .iter()
                .zip(&geometry.capitals_map_xy)
                .filter_map(|(c, at)| {
                    // Window coordinates (Bevy adds the viewport's offset), scaled to pixels.
                    let p = cam.world_to_viewport(global, at.extend(0.0)).ok()?;
                    Some(DrawnCapital {
                        id: c.id.clone(),
                        x: p.x * factor,
                        y: p.y * factor,
                    })
                })
                .collect();
            let manifest = manifest_path(&shot.path);
            let map_rect = cam.viewport.as_ref().map_or(
                [0, 0, window.physical_width(), window.physical_height()],
                |v| {
                    [
                        v.physical_position.x,
                        v.physical_position.y,
                        v.physical_size.x,
                        v.physical_size.y,
                    ]
                },
            );
            let manifest_data = DrawnMap {
                map_rect,
                capitals: drawn,
            };
            if let Ok(json) = serde_json::to_string_pretty(&manifest_data)
                && let Err(e) = std::fs::write(&manifest, json)
            {
                error!("cannot write {}: {e}", manifest.display());
            }
        }
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(shot.path.clone()));
        return;
    }
    if shot.path.exists() {
        info!("saved {}", shot.path.display());
        exit.write(AppExit::Success);
    }
}
