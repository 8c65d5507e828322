//! The headless export: the same scene code as the window, rendered into an image target
//! without a window or display (a Vulkan driver is enough), composed with the briefing overlay
//! and written as PNG frames, an animated GIF or an MP4 (through ffmpeg).

pub mod command;
pub mod encode;
pub mod overlay;
pub mod render;

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::app::scene::{Theme, status_color};
use crate::bundle::ScenarioBundle;
use overlay::{LegendEntry, OverlayColors, OverlayText};

/// Why an export failed; every message names what to fix.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The scenario did not load.
    #[error("{0}")]
    Scenario(String),
    /// A bad argument.
    #[error("{0}")]
    Argument(String),
    /// Rendering failed.
    #[error("rendering failed: {0}")]
    Render(String),
    /// Writing an output failed.
    #[error("cannot write {path}: {cause}")]
    Write {
        /// The output.
        path: PathBuf,
        /// Why.
        cause: String,
    },
}

/// Result alias for exports.
pub type Result<T> = std::result::Result<T, ExportError>;

/// Frame size and look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameSpec {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Colours.
    pub theme: Theme,
    /// Map only, without title, date, legend and credits bands.
    pub map_only: bool,
}

/// Parses `WIDTHxHEIGHT` (16 to 8192 pixels each).
pub fn parse_size(text: &str) -> std::result::Result<(u32, u32), String> {
    let err = || format!("\"{text}\" is not a size: write WIDTHxHEIGHT, e.g. 1920x1080");
    let (w, h) = text.trim().split_once(['x', 'X']).ok_or_else(err)?;
    let w: u32 = w.trim().parse().map_err(|_| err())?;
    let h: u32 = h.trim().parse().map_err(|_| err())?;
    if !(16..=8192).contains(&w) || !(16..=8192).contains(&h) {
        return Err(format!(
            "{w}x{h} is out of range: each side must be 16 to 8192 pixels"
        ));
    }
    Ok((w, h))
}

/// The overlay colours of a theme.
pub fn overlay_colors(theme: Theme) -> OverlayColors {
    let p = theme.palette();
    let rgb = |c: bevy::color::Color| {
        let s = c.to_srgba();
        [s.red, s.green, s.blue].map(|v| (v * 255.0).round() as u8)
    };
    match theme {
        Theme::Light => OverlayColors {
            band: [255, 255, 255],
            text: [17, 17, 17],
            weak: [85, 85, 85],
            panel: rgb(p.background),
        },
        Theme::Dark => OverlayColors {
            band: [10, 11, 14],
            text: [242, 242, 242],
            weak: [170, 170, 170],
            panel: rgb(p.background),
        },
    }
}

/// What the overlay says on a date.
pub fn overlay_text(bundle: &ScenarioBundle, date: Date, theme: Theme) -> OverlayText {
    let s = bundle.scenario();
    let counts = bundle.timeline.counts_at(date);
    OverlayText {
        title: s.title.clone(),
        date: crate::app::ui::long_date(date),
        caption: s.key_moment_on(date).map(|k| k.caption.clone()),
        legend: s
            .statuses
            .iter()
            .zip(counts)
            .map(|(st, n)| {
                let c = status_color(st, theme).to_srgba();
                LegendEntry {
                    label: st.label.clone(),
                    color: [c.red, c.green, c.blue].map(|v| (v * 255.0).round() as u8),
                    count: *n,
                    contested: st.contested,
                }
            })
            .collect(),
        total: s.capitals.len(),
        credits: s.credits.clone(),
    }
}

/// A file-name-safe slug of a title: `afghanistan-2021-the-fall-of-…`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(60).collect()
}

/// Checks that a file can be created at `path` (its folder exists and is writable) before a
/// long render starts.
pub fn check_writable(path: &Path) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(ExportError::Write {
            path: path.to_path_buf(),
            cause: format!("the folder {} does not exist", dir.display()),
        });
    }
    let probe = dir.join(format!(".frontline-write-test-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(|e| ExportError::Write {
        path: path.to_path_buf(),
        cause: e.to_string(),
    })?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_parsed_or_explained() {
        assert_eq!(parse_size("1920x1080"), Ok((1920, 1080)));
        assert_eq!(parse_size(" 800X600 "), Ok((800, 600)));
        assert!(
            parse_size("1920*1080")
                .unwrap_err()
                .contains("WIDTHxHEIGHT")
        );
        assert!(parse_size("10x10").unwrap_err().contains("16 to 8192"));
        assert!(parse_size("axb").is_err());
    }

    #[test]
    fn slugs_are_file_name_safe() {
        assert_eq!(
            slug("Afghanistan 2021: the fall!"),
            "afghanistan-2021-the-fall"
        );
    }
}
