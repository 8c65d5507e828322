//! Vector PDF pages: the frame's SVG, parsed by usvg with the shipped fonts and converted by
//! svg2pdf, which embeds the fonts as subsets (text stays selectable) and keeps links. A pixel of
//! the frame is 1/96 inch on the page, so a frame of a page's size at 96 dpi (see
//! [`PageSize`]) fills that page exactly.

use crate::scene::text::FONT_FILES;

/// Pixels to the inch of the page.
pub const DPI: f32 = 96.0;

/// The paper sizes `--page` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSize {
    /// 210 × 297 mm.
    A4,
    /// 297 × 420 mm.
    A3,
    /// 8.5 × 11 inches.
    Letter,
}

/// Parses `a4-landscape`, `a3-portrait`, `letter-landscape`… into the frame's size in pixels at
/// [`DPI`] (width, height).
pub fn parse_page(text: &str) -> Result<(u32, u32), String> {
    let err = || {
        format!(
            "\"{text}\" is not a page: write a4, a3 or letter, then -landscape or -portrait (e.g. a4-landscape)"
        )
    };
    let lower = text.trim().to_ascii_lowercase();
    let (paper, orientation) = lower.split_once('-').ok_or_else(err)?;
    let paper = match paper {
        "a4" => PageSize::A4,
        "a3" => PageSize::A3,
        "letter" => PageSize::Letter,
        _ => return Err(err()),
    };
    let (short, long) = paper.size_px();
    match orientation {
        "landscape" => Ok((long, short)),
        "portrait" => Ok((short, long)),
        _ => Err(err()),
    }
}

impl PageSize {
    /// The short and the long side in pixels at [`DPI`].
    pub fn size_px(self) -> (u32, u32) {
        let (short_in, long_in) = match self {
            PageSize::A4 => (210.0 / 25.4, 297.0 / 25.4),
            PageSize::A3 => (297.0 / 25.4, 420.0 / 25.4),
            PageSize::Letter => (8.5, 11.0),
        };
        let px = |inches: f32| (inches * DPI).round() as u32;
        (px(short_in), px(long_in))
    }
}

/// Converts an SVG written by [`super::svg::to_svg`] into a one-page PDF.
pub fn svg_to_pdf(svg: &str) -> Result<Vec<u8>, String> {
    let mut options = usvg::Options::default();
    for (_, bytes) in FONT_FILES {
        options.fontdb_mut().load_font_data(bytes.to_vec());
    }
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| format!("PDF: {e}"))?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi: DPI },
    )
    .map_err(|e| format!("PDF: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_paper_sizes_at_96_dpi() {
        assert_eq!(parse_page("a4-landscape"), Ok((1123, 794)));
        assert_eq!(parse_page("A4-Portrait"), Ok((794, 1123)));
        assert_eq!(parse_page("a3-landscape"), Ok((1587, 1123)));
        assert_eq!(parse_page("letter-portrait"), Ok((816, 1056)));
        assert!(parse_page("a5-landscape").is_err());
        assert!(parse_page("a4").is_err());
    }
}
