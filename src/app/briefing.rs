//! Briefing images from the window: F12 (or "Save image") saves the current view with the
//! title, date, legend with counts and credits around it into `screenshots/`, named from the
//! scenario and the date; Ctrl+Shift+C (or "Copy image") copies the same image. The image is
//! drawn on the CPU from the scene, exactly as `frontline export … --center … --scale … --size …`
//! draws it (the toast and the log give that command), so a briefing image and an export of
//! the same view are the same bytes. Panels, tooltips and the selection never appear on it.

use std::path::PathBuf;

use bevy::prelude::*;
use image::RgbaImage;

use super::messages::SaveBriefing;
use super::state::{AppSystems, SceneState, Toast};
use crate::scene::text::with_fonts;
use crate::scene::{Briefing, BriefingLayout, SceneInput, ViewRequest, briefing_frame};

/// The folder briefing images are saved in, relative to the working directory.
pub const SCREENSHOT_DIR: &str = "screenshots";

/// The file name of a briefing image: `<scenario-slug>_<date>.png`.
pub fn briefing_file_name(title: &str, date: jiff::civil::Date) -> String {
    format!("{}_{date}.png", crate::fsio::slug(title))
}

/// A briefing image of a view, and the export arguments that reproduce it.
pub struct BriefingImage {
    /// The pixels.
    pub image: RgbaImage,
    /// `--date … --center … --scale … --size …` for `frontline export`.
    pub export_args: String,
}

/// Draws the briefing image of a view on the CPU: the window's map area with the bands around
/// it. Public so that tests can compare it with `frontline export`.
pub fn briefing_image(input: &SceneInput<'_>, view: &crate::scene::MapView) -> BriefingImage {
    let projection = &input.bundle.projection;
    let request = ViewRequest::of(view, projection);
    with_fonts(|fonts| {
        let briefing = match input.compare_from {
            Some(since) => Briefing::compared(input.bundle, since, input.date, input.theme),
            None => Briefing::on(input.bundle, input.date, input.theme),
        };
        let size =
            BriefingLayout::size_around_map(&briefing, view.size_px, &input.theme.palette(), fonts);
        let frame = briefing_frame(
            input,
            size,
            |area, _| request.resolve(projection, area),
            fonts,
        );
        let dates = match input.compare_from {
            Some(since) => format!("--compare {since} {}", input.date),
            None => format!("--date {}", input.date),
        };
        let mut args = format!(
            "{dates} {} --size {}x{} --theme {}",
            request.to_args(),
            size[0],
            size[1],
            input.theme.as_str()
        );
        if !input.options.fill_provinces {
            args.push_str(" --capitals-only");
        }
        if !input.options.labels {
            args.push_str(" --no-labels");
        }
        if input.marks != 1.0 {
            args.push_str(&format!(" --marks {}", input.marks));
        }
        BriefingImage {
            image: crate::paint::rasterize(&frame, fonts),
            export_args: args,
        }
    })
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (save_briefing, fade_toast)
            .chain()
            .after(AppSystems::Input)
            .before(AppSystems::Loading),
    );
}

fn fade_toast(time: Res<Time>, mut toast: ResMut<Toast>) {
    if toast.text.is_some() {
        toast.seconds_left -= time.delta_secs();
        if toast.seconds_left <= 0.0 {
            toast.text = None;
        }
    }
}

fn save_briefing(
    mut requests: MessageReader<SaveBriefing>,
    mut toast: ResMut<Toast>,
    scene: SceneState,
) {
    let Some(request) = requests.read().last().copied() else {
        return;
    };
    // The selection never shows on a briefing image.
    let (Some(input), Some(current)) = (scene.input(false), scene.current.as_ref()) else {
        return;
    };
    let picture = briefing_image(&input, &scene.view.0);
    info!(
        "briefing image: frontline export {} {} -o out.png",
        current.path.display(),
        picture.export_args
    );
    let message = if request.to_clipboard {
        copy_to_clipboard(&picture.image)
    } else {
        let name = briefing_file_name(&current.bundle.scenario().title, input.date);
        save_png(&picture.image, &name)
    };
    toast.show(message);
}

fn save_png(frame: &RgbaImage, name: &str) -> String {
    let dir = PathBuf::from(SCREENSHOT_DIR);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return format!("Could not create {}: {e}", dir.display());
    }
    let path = dir.join(name);
    match crate::fsio::write_png(&path, frame) {
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
