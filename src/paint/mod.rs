//! The CPU backend: draws a scene [`Frame`](crate::scene::Frame) into pixels (tiny-skia) or
//! writes it as SVG. Exports, the window's briefing images and screenshots all come through
//! here, so a picture of the same view is the same bytes whichever of them made it, on any
//! machine, with or without a GPU.

pub mod fontsub;
pub mod pdf;
pub mod raster;
pub mod svg;

use std::path::Path;

use crate::scene::Frame;
use crate::scene::text::Fonts;

pub use raster::{annotation_image, marker_image, rasterize, scale_bar_image, text_image};
pub use svg::to_svg;

/// The picture formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PNG pixels.
    Png,
    /// SVG vectors.
    Svg,
    /// A vector PDF page (the SVG, converted; 96 pixels to the inch).
    Pdf,
}

impl Format {
    /// The format a path's extension asks for.
    pub fn of_path(path: &Path) -> Result<Self, String> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "png" => Ok(Format::Png),
            "svg" => Ok(Format::Svg),
            "pdf" => Ok(Format::Pdf),
            _ => Err(format!(
                "{}: the output format follows the extension: use .png, .svg, .pdf or .html",
                path.display()
            )),
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Pdf => "pdf",
        }
    }
}

/// Draws a frame in a format and returns the file's bytes.
pub fn encode(frame: &Frame, format: Format, fonts: &mut Fonts) -> Result<Vec<u8>, String> {
    match format {
        Format::Png => crate::fsio::png_bytes(&rasterize(frame, fonts)),
        Format::Svg => Ok(to_svg(frame).into_bytes()),
        Format::Pdf => pdf::svg_to_pdf(&to_svg(frame)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_the_extension() {
        assert_eq!(Format::of_path(Path::new("a.PNG")), Ok(Format::Png));
        assert_eq!(Format::of_path(Path::new("dir/a.svg")), Ok(Format::Svg));
        assert_eq!(Format::of_path(Path::new("a.Pdf")), Ok(Format::Pdf));
        assert!(
            Format::of_path(Path::new("a.jpg"))
                .unwrap_err()
                .contains(".png, .svg, .pdf or .html")
        );
    }
}
