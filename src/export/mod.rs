//! `frontline export`: pictures of the map without a window, drawn on the CPU from the scene
//! (no Bevy, no GPU, no display). One PNG or SVG for a date; or a sequence of dates as
//! numbered frames, an animated GIF and/or an MP4 (through ffmpeg), rendered in parallel and
//! encoded while rendering.

pub mod atlas;
pub mod command;
pub mod html;
pub mod render;
pub mod video;

use std::path::{Path, PathBuf};

use crate::boundaries::LonLat;
use crate::scene::{Theme, ViewOptions, ViewRequest};

/// Why an export failed; every message names what to fix.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The scenario did not load.
    #[error("{0}")]
    Scenario(String),
    /// A bad argument.
    #[error("{0}")]
    Argument(String),
    /// Rendering or encoding failed.
    #[error("rendering failed: {0}")]
    Render(String),
    /// Writing an output failed.
    #[error("cannot write {}: {cause}", path.display())]
    Write {
        /// The output.
        path: PathBuf,
        /// Why.
        cause: String,
    },
}

impl From<crate::fsio::OutputError> for ExportError {
    fn from(e: crate::fsio::OutputError) -> Self {
        match e {
            crate::fsio::OutputError::Io { path, source } => ExportError::Write {
                path,
                cause: source.to_string(),
            },
            crate::fsio::OutputError::Encode { path, cause } => ExportError::Write { path, cause },
        }
    }
}

/// Result alias for exports.
pub type Result<T> = std::result::Result<T, ExportError>;

/// Which part of the map a picture shows.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum ViewChoice {
    /// The whole map, fitted (markers and labels grow with large frames).
    #[default]
    Fit,
    /// A centre and scale, as the window's view (markers and labels at window size).
    Request(ViewRequest),
    /// A bounding box in degrees (west-south and east-north corners), fitted.
    BBox([LonLat; 2]),
}

/// Frame size and look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrameSpec {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Colours.
    pub theme: Theme,
    /// Map only, without title, date, legend and credits bands.
    pub map_only: bool,
    /// Fills and labels.
    pub options: ViewOptions,
    /// Which part of the map.
    pub view: ViewChoice,
    /// Size of markers, labels and lines (1 = as in a window at scale factor 1); None: 1 for
    /// map-only pictures and requested views, larger for large fitted briefing frames.
    pub marks: Option<f32>,
    /// Compare with this earlier date: capitals that changed hands since are ringed and listed.
    pub compare_from: Option<jiff::civil::Date>,
}

impl FrameSpec {
    /// A fitted frame of `width`×`height` with the default look.
    pub fn new(width: u32, height: u32, theme: Theme, map_only: bool) -> Self {
        Self {
            width,
            height,
            theme,
            map_only,
            options: ViewOptions::default(),
            view: ViewChoice::Fit,
            marks: None,
            compare_from: None,
        }
    }
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

/// Parses a scale in kilometres per pixel (positive and finite).
pub fn parse_scale(text: &str) -> std::result::Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v < 1e6 => Ok(v),
        _ => Err(format!(
            "\"{text}\" is not a scale: write kilometres per pixel, e.g. 1.5"
        )),
    }
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
    fn scales_are_positive() {
        assert_eq!(parse_scale("1.5"), Ok(1.5));
        for bad in ["0", "-1", "nan", "inf", "wide"] {
            assert!(parse_scale(bad).is_err(), "{bad}");
        }
    }
}
