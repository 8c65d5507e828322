//! Briefing images from the window: F12 (or the toolbar button) saves the map view with the
//! title, date, legend with counts and credits drawn around it (no egui panels) into
//! `screenshots/`, named from the scenario and the date; Ctrl+Shift+C copies the same image to
//! the clipboard. The layout is the export's ([`crate::export::overlay`]), so slides made either
//! way match. A toast says where the image went.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::window::PrimaryWindow;
use image::RgbaImage;

use super::AppSystems;
use super::camera::MapCamera;
use super::input::Typing;
use super::loading::CurrentScenario;
use super::playback::Playback;
use super::scene::Theme;
use crate::export::overlay::compose_around;
use crate::export::{overlay_colors, overlay_text, slug};

/// Request: save (or copy) a briefing image of the current view.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaveBriefing {
    /// Copy to the clipboard instead of saving a file.
    pub to_clipboard: bool,
}

/// A short message shown over the map for a few seconds.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct Toast {
    /// The text; None when nothing is shown.
    pub text: Option<String>,
    /// Seconds left.
    pub seconds_left: f32,
}

impl Toast {
    /// Shows `text` for four seconds.
    pub fn show(&mut self, text: impl Into<String>) {
        self.text = Some(text.into());
        self.seconds_left = 4.0;
    }
}

/// The folder briefing images are saved in, relative to the working directory.
pub const SCREENSHOT_DIR: &str = "screenshots";

/// The file name of a briefing image: `<scenario-slug>_<date>.png`.
pub fn briefing_file_name(title: &str, date: jiff::civil::Date) -> String {
    format!("{}_{date}.png", slug(title))
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<SaveBriefing>()
        .init_resource::<Toast>()
        .init_resource::<PendingBriefing>()
        .add_systems(
            Update,
            (read_briefing_keys, request_briefing, fade_toast)
                .chain()
                .in_set(AppSystems::Input),
        );
}

fn read_briefing_keys(
    keys: Res<ButtonInput<KeyCode>>,
    typing: Res<Typing>,
    mut save: MessageWriter<SaveBriefing>,
) {
    if typing.0 {
        return;
    }
    let ctrl = keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]);
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    if keys.just_pressed(KeyCode::F12) {
        save.write(SaveBriefing {
            to_clipboard: false,
        });
    }
    if ctrl && shift && keys.just_pressed(KeyCode::KeyC) {
        save.write(SaveBriefing { to_clipboard: true });
    }
}

fn fade_toast(time: Res<Time>, mut toast: ResMut<Toast>) {
    if toast.text.is_some() {
        toast.seconds_left -= time.delta_secs();
        if toast.seconds_left <= 0.0 {
            toast.text = None;
        }
    }
}

/// Crops the map area out of a window capture.
fn crop_map(capture: &Image, rect: URect) -> Option<RgbaImage> {
    let full = capture.clone().try_into_dynamic().ok()?.to_rgba8();
    let w = rect.width().min(full.width().saturating_sub(rect.min.x));
    let h = rect.height().min(full.height().saturating_sub(rect.min.y));
    Some(image::imageops::crop_imm(&full, rect.min.x, rect.min.y, w, h).to_image())
}

/// A briefing capture waiting for the overlays (tooltip, toast) to leave the screen: the UI
/// hides them while this is set, and the capture is taken a couple of frames later.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct PendingBriefing {
    /// The request, while one is pending.
    pub request: Option<SaveBriefing>,
    /// Seconds to wait before capturing (egui fades floating windows out).
    pub seconds_left: f32,
    /// The capture has been requested and not yet received.
    pub in_flight: bool,
}

impl PendingBriefing {
    /// True while floating UI must stay off the map.
    pub fn hides_overlays(&self) -> bool {
        self.request.is_some() || self.in_flight
    }
}

#[allow(clippy::too_many_arguments)]
fn request_briefing(
    mut commands: Commands,
    mut requests: MessageReader<SaveBriefing>,
    mut pending: ResMut<PendingBriefing>,
    time: Res<Time>,
    current: Option<Res<CurrentScenario>>,
    playback: Res<Playback>,
    theme: Res<Theme>,
    window: Single<&Window, With<PrimaryWindow>>,
    camera: Single<&Camera, With<MapCamera>>,
) {
    if let Some(request) = requests.read().last().copied() {
        *pending = PendingBriefing {
            request: Some(request),
            seconds_left: 0.25,
            in_flight: false,
        };
        return;
    }
    let Some(request) = pending.request else {
        return;
    };
    if pending.seconds_left > 0.0 {
        pending.seconds_left -= time.delta_secs();
        return;
    }
    let Some(current) = current else {
        *pending = PendingBriefing::default();
        return;
    };
    *pending = PendingBriefing {
        in_flight: true,
        ..default()
    };
    let rect = camera.viewport.as_ref().map_or(
        URect::new(0, 0, window.physical_width(), window.physical_height()),
        |v| URect::from_corners(v.physical_position, v.physical_position + v.physical_size),
    );
    let date = playback.date;
    let text = overlay_text(&current.bundle, date, *theme);
    let colors = overlay_colors(*theme);
    let name = briefing_file_name(&current.bundle.scenario().title, date);
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>,
              mut toast: ResMut<Toast>,
              mut pending: ResMut<PendingBriefing>| {
            pending.in_flight = false;
            let Some(map) = crop_map(&captured.image, rect) else {
                toast.show("Could not read the screenshot back");
                return;
            };
            let frame = compose_around(&map, &text, &colors);
            let message = if request.to_clipboard {
                copy_to_clipboard(&frame)
            } else {
                save_png(&frame, &name)
            };
            toast.show(message);
        },
    );
}

fn save_png(frame: &RgbaImage, name: &str) -> String {
    let dir = PathBuf::from(SCREENSHOT_DIR);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return format!("Could not create {}: {e}", dir.display());
    }
    let path = dir.join(name);
    match crate::export::encode::write_png(&path, frame) {
        Ok(()) => {
            let shown = std::fs::canonicalize(&path).unwrap_or(path);
            info!("saved {}", shown.display());
            format!("Saved {}", shown.display())
        }
        Err(e) => format!("Could not save: {e}"),
    }
}

fn copy_to_clipboard(frame: &RgbaImage) -> String {
    let data = arboard::ImageData {
        width: frame.width() as usize,
        height: frame.height() as usize,
        bytes: std::borrow::Cow::Borrowed(frame.as_raw()),
    };
    // On X11 the copied image is served by this process: keep the clipboard alive.
    static CLIPBOARD: std::sync::Mutex<Option<arboard::Clipboard>> = std::sync::Mutex::new(None);
    let Ok(mut slot) = CLIPBOARD.lock() else {
        return "The clipboard is busy; try again".to_string();
    };
    if slot.is_none() {
        match arboard::Clipboard::new() {
            Ok(c) => *slot = Some(c),
            Err(e) => {
                return format!(
                    "The clipboard is not available here ({e}); F12 saves a file instead"
                );
            }
        }
    }
    match slot.as_mut().map(|c| c.set_image(data)) {
        Some(Ok(())) => "Copied the briefing image to the clipboard".to_string(),
        Some(Err(e)) => format!("Could not copy to the clipboard ({e}); F12 saves a file instead"),
        None => "The clipboard is not available here; F12 saves a file instead".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_title_and_date() {
        let name = briefing_file_name("Afghanistan 2021: the fall", jiff::civil::date(2021, 8, 15));
        assert_eq!(name, "afghanistan-2021-the-fall_2021-08-15.png");
    }
}
