//! Pictures of the window taken from the command line, once the map has settled:
//!
//! - `--screenshot FILE` saves the map view (no panels) drawn on the CPU, PNG or SVG by
//!   extension: the same bytes `frontline export --map-only` gives for the same view and size.
//!   Beside it, `NAME.view.json` says which view it is (centre, scale, size, the map area's
//!   place in the window) and where each capital's marker centre was drawn (for image maps in
//!   articles, and for tests).
//! - `--window-capture PNG` saves the whole window as the GPU drew it, panels included (for
//!   documentation, and for the test that compares the two backends).
//!
//! With either, the app exits once the files are written.

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};

use super::state::{MapAreaOrigin, SceneState, UiLayout};
use crate::paint::{self, Format};
use crate::scene::text::with_fonts;
use crate::scene::{SceneInput, ViewRequest, map_frame};

/// Pictures to take once the window has drawn a few frames, then exit.
#[derive(Resource, Debug, Clone)]
pub struct AutoScreenshot {
    /// The map view on the CPU (PNG or SVG).
    pub map: Option<PathBuf>,
    /// The whole window through the GPU (PNG).
    pub window: Option<PathBuf>,
    /// Frames to wait before capturing (egui panels need a few to lay out).
    pub frames_left: u32,
    /// Set once the pictures have been requested.
    pub requested: bool,
}

impl AutoScreenshot {
    /// Pictures after the default settling time.
    pub fn new(map: Option<PathBuf>, window: Option<PathBuf>) -> Self {
        Self {
            map,
            window,
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
    /// x, pixels from the left of the map picture.
    pub x: f32,
    /// y, pixels from the top of the map picture.
    pub y: f32,
    /// The radius of the status colour's shape, pixels.
    pub radius: f32,
}

/// What the manifest beside a screenshot holds.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct DrawnMap {
    /// Centre longitude of the view, degrees.
    pub center_lon: f64,
    /// Centre latitude of the view, degrees.
    pub center_lat: f64,
    /// Kilometres per pixel.
    pub km_per_px: f64,
    /// The map picture's size: width, height.
    pub size: [u32; 2],
    /// The map area in the window, physical pixels: x, y (from the top), width, height.
    pub map_rect: [u32; 4],
    /// The date shown.
    pub date: String,
    /// `--center … --scale …`: the export arguments of this view.
    pub export_args: String,
    /// Where each capital's marker centre was drawn, in the map picture.
    pub capitals: Vec<DrawnCapital>,
}

/// The path of the panel layout beside a window capture.
pub fn layout_path(picture: &Path) -> PathBuf {
    picture.with_extension("layout.json")
}

/// The path of the manifest beside a screenshot.
pub fn manifest_path(picture: &Path) -> PathBuf {
    picture.with_extension("view.json")
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
    scene: SceneState,
    origin: Res<MapAreaOrigin>,
    layout: Res<UiLayout>,
    pending: Option<Res<super::state::PendingLoad>>,
) {
    let view = &scene.view;
    // Count frames from the moment the scenario is on screen at the view's level of detail.
    let Some(current) = scene.current.as_ref() else {
        return;
    };
    if pending.is_some()
        || !current
            .geometry
            .is_ready(current.geometry.level_index_for(view.0.km_per_px))
    {
        return;
    }
    if shot.frames_left > 0 {
        shot.frames_left -= 1;
        return;
    }
    if !shot.requested {
        shot.requested = true;
        if let Some(path) = shot.map.clone() {
            let Some(input) = scene.input(false) else {
                return;
            };
            if let Err(e) = save_map_view(&input, &view.0, origin.0, &path) {
                error!("{e}");
                exit.write(AppExit::from_code(1));
                return;
            }
            info!("saved {}", path.display());
        }
        if let Some(path) = shot.window.clone() {
            let _ = std::fs::remove_file(&path);
            // Where the panels' parts are, for tests that check nothing is cut off.
            if let Ok(json) = serde_json::to_string_pretty(&*layout) {
                let _ = crate::fsio::write_atomically(&layout_path(&path), json.as_bytes());
            }
            commands
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path));
        }
        return;
    }
    if shot.window.as_ref().is_none_or(|p| p.exists()) {
        exit.write(AppExit::Success);
    }
}

/// Saves the map view on the CPU and its manifest.
fn save_map_view(
    input: &SceneInput<'_>,
    view: &crate::scene::MapView,
    origin: UVec2,
    path: &Path,
) -> Result<(), String> {
    let format = Format::of_path(path)?;
    let (bytes, frame) = with_fonts(|fonts| {
        let frame = map_frame(input, *view, fonts);
        paint::encode(&frame, format, fonts).map(|b| (b, frame))
    })?;
    crate::fsio::write_atomically(path, &bytes).map_err(|e| e.to_string())?;
    let request = ViewRequest::of(view, &input.bundle.projection);
    let manifest = DrawnMap {
        center_lon: request.center.lon,
        center_lat: request.center.lat,
        km_per_px: request.km_per_px,
        size: view.size_px,
        map_rect: [origin.x, origin.y, view.size_px[0], view.size_px[1]],
        date: input.date.to_string(),
        export_args: request.to_args(),
        capitals: frame
            .map()
            .markers
            .iter()
            .map(|m| DrawnCapital {
                id: m.id.to_string(),
                x: m.center[0],
                y: m.center[1],
                radius: m.radius_px,
            })
            .collect(),
    };
    let json = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    let manifest_file = manifest_path(path);
    crate::fsio::write_atomically(&manifest_file, json.as_bytes()).map_err(|e| e.to_string())
}
