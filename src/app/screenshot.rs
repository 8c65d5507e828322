//! Screenshots of the window through Bevy's screenshot API. `frontline --screenshot out.png`
//! opens the window, waits until the map has settled, saves the window to `out.png` and exits:
//! used for the README image and by the window test.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};

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
            frames_left: 90,
            requested: false,
        }
    }
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
    windows: Query<&Window>,
) {
    if shot.frames_left % 30 == 0 {
        for w in &windows {
            info!(
                "window {}x{} physical {}x{} scale {}",
                w.width(),
                w.height(),
                w.physical_width(),
                w.physical_height(),
                w.scale_factor()
            );
        }
    }
    if shot.frames_left > 0 {
        shot.frames_left -= 1;
        return;
    }
    if !shot.requested {
        shot.requested = true;
        let _ = std::fs::remove_file(&shot.path);
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
