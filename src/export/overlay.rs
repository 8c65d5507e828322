//! The briefing layout drawn on exported images, on the CPU so that the window's F12 image and
//! the headless export share it exactly: a header band with the title, the date in large type
//! and the key moment's caption; the legend with counts over the map's lower left corner; a
//! footer with the credits. Text uses the Ubuntu font bundled with egui, rasterised by
//! ab_glyph. No Bevy here: the functions take and return plain images.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use image::{Rgba, RgbaImage};

/// Where things go on an exported frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Frame width in pixels.
    pub width: u32,
    /// Frame height in pixels.
    pub height: u32,
    /// Height of the header band (0 for map-only frames).
    pub header: u32,
    /// Height of the footer band (0 for map-only frames).
    pub footer: u32,
}

impl Layout {
    /// The briefing layout of a `width`×`height` frame; `map_only` leaves out the bands.
    pub fn new(width: u32, height: u32, map_only: bool) -> Self {
        if map_only {
            return Self {
                width,
                height,
                header: 0,
                footer: 0,
            };
        }
        let unit = height.min(width * 9 / 16).max(200);
        Self {
            width,
            height,
            header: unit * 15 / 100,
            footer: unit * 5 / 100,
        }
    }

    /// The layout that puts bands around a map of `map_width`×`map_height` (used for the
    /// window's F12 image, whose map size is the window's map area).
    pub fn around_map(map_width: u32, map_height: u32) -> Self {
        let probe = Self::new(map_width, map_height, false);
        Self {
            height: map_height + probe.header + probe.footer,
            ..probe
        }
    }

    /// The map area: x, y (from the top), width, height.
    pub fn map_rect(&self) -> (u32, u32, u32, u32) {
        (
            0,
            self.header,
            self.width,
            self.height.saturating_sub(self.header + self.footer),
        )
    }

    /// The scale unit for text: the smaller of the height and a 16:9 width's height.
    fn unit(&self) -> f32 {
        (self.height.min(self.width * 9 / 16).max(200)) as f32
    }
}

/// One row of the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// Status label.
    pub label: String,
    /// Its colour, sRGB.
    pub color: [u8; 3],
    /// Capitals with it on the date.
    pub count: usize,
    /// Drawn with a hollow centre, like contested markers.
    pub contested: bool,
}

/// What the overlay says.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlayText {
    /// Scenario title.
    pub title: String,
    /// The date, written out (`Friday 13 August 2021`).
    pub date: String,
    /// The key moment's caption on that date, if any.
    pub caption: Option<String>,
    /// Legend rows.
    pub legend: Vec<LegendEntry>,
    /// Number of capitals (for "21 / 34").
    pub total: usize,
    /// Credits line.
    pub credits: String,
}

/// Colours of the overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverlayColors {
    /// Band background.
    pub band: [u8; 3],
    /// Main text.
    pub text: [u8; 3],
    /// Secondary text.
    pub weak: [u8; 3],
    /// Legend panel background (drawn at 88% opacity).
    pub panel: [u8; 3],
}

#[allow(clippy::expect_used)]
fn font() -> FontRef<'static> {
    // The font is compiled in; failing to parse it would be a build defect, caught by tests.
    FontRef::try_from_slice(epaint_default_fonts::UBUNTU_LIGHT).expect("bundled font parses")
}

fn blend(img: &mut RgbaImage, x: i64, y: i64, color: [u8; 3], alpha: f32) {
    if x < 0 || y < 0 || x >= i64::from(img.width()) || y >= i64::from(img.height()) || alpha <= 0.0
    {
        return;
    }
    let p = img.get_pixel_mut(x as u32, y as u32);
    let a = alpha.min(1.0);
    for (channel, target) in p.0.iter_mut().zip(color) {
        *channel = (f32::from(*channel) * (1.0 - a) + f32::from(target) * a).round() as u8;
    }
    p.0[3] = 255;
}

/// Fills a rectangle, blending at `alpha`.
pub fn fill_rect(img: &mut RgbaImage, x: i64, y: i64, w: i64, h: i64, color: [u8; 3], alpha: f32) {
    for yy in y..y + h {
        for xx in x..x + w {
            blend(img, xx, yy, color, alpha);
        }
    }
}

fn fill_circle(img: &mut RgbaImage, cx: f32, cy: f32, r: f32, color: [u8; 3]) {
    let (x0, x1) = ((cx - r - 1.0).floor() as i64, (cx + r + 1.0).ceil() as i64);
    let (y0, y1) = ((cy - r - 1.0).floor() as i64, (cy + r + 1.0).ceil() as i64);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let d = ((x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2)).sqrt();
            blend(img, x, y, color, (r - d + 0.5).clamp(0.0, 1.0));
        }
    }
}

/// Width of `text` at `size` px.
pub fn text_width(text: &str, size: f32) -> f32 {
    let font = font();
    let scaled = font.as_scaled(PxScale::from(size));
    let mut width = 0.0;
    let mut last = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(prev) = last {
            width += scaled.kern(prev, id);
        }
        width += scaled.h_advance(id);
        last = Some(id);
    }
    width
}

/// Draws `text` with its baseline at (`x`, `y`); `bold` thickens the light font by drawing it
/// twice a fraction of a pixel apart. Returns the advance width.
pub fn draw_text(
    img: &mut RgbaImage,
    text: &str,
    x: f32,
    y: f32,
    size: f32,
    color: [u8; 3],
    bold: bool,
) -> f32 {
    let font = font();
    let scaled = font.as_scaled(PxScale::from(size));
    let offsets: &[f32] = if bold {
        &[0.0, (size / 28.0).max(0.6)]
    } else {
        &[0.0]
    };
    for &dx in offsets {
        let mut caret = x + dx;
        let mut last = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(prev) = last {
                caret += scaled.kern(prev, id);
            }
            let glyph = id.with_scale_and_position(PxScale::from(size), point(caret, y));
            caret += scaled.h_advance(id);
            last = Some(id);
            if let Some(outlined) = font.outline_glyph(glyph) {
                let bounds = outlined.px_bounds();
                outlined.draw(|gx, gy, coverage| {
                    blend(
                        img,
                        bounds.min.x as i64 + i64::from(gx),
                        bounds.min.y as i64 + i64::from(gy),
                        color,
                        coverage,
                    );
                });
            }
        }
    }
    text_width(text, size)
}

/// Shortens `text` with an ellipsis to fit `max_width` at `size`.
pub fn fit_text(text: &str, size: f32, max_width: f32) -> String {
    if text_width(text, size) <= max_width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>() + "…";
        if text_width(&candidate, size) <= max_width {
            return candidate;
        }
    }
    String::new()
}

/// Draws the bands, title, date, caption, legend and credits onto a frame whose map area has
/// already been rendered.
pub fn draw_overlay(
    img: &mut RgbaImage,
    layout: &Layout,
    text: &OverlayText,
    colors: &OverlayColors,
) {
    let unit = layout.unit();
    let margin = unit * 0.025;
    let w = layout.width as f32;
    let (_, map_y, _, map_h) = layout.map_rect();

    if layout.header > 0 {
        fill_rect(
            img,
            0,
            0,
            i64::from(layout.width),
            i64::from(layout.header),
            colors.band,
            1.0,
        );
        let title_size = unit * 0.034;
        let date_size = unit * 0.062;
        let title = fit_text(&text.title, title_size, w - 2.0 * margin);
        draw_text(
            img,
            &title,
            margin,
            margin + title_size * 0.9,
            title_size,
            colors.weak,
            false,
        );
        let date_base = margin + title_size * 1.25 + date_size * 0.95;
        let date_w = draw_text(
            img,
            &text.date,
            margin,
            date_base,
            date_size,
            colors.text,
            true,
        );
        if let Some(caption) = &text.caption {
            let size = unit * 0.03;
            let x = margin * 2.0 + date_w;
            let caption = fit_text(caption, size, w - x - margin);
            draw_text(img, &caption, x, date_base, size, colors.text, false);
        }
    }
    if layout.footer > 0 {
        let top = layout.height - layout.footer;
        fill_rect(
            img,
            0,
            i64::from(top),
            i64::from(layout.width),
            i64::from(layout.footer),
            colors.band,
            1.0,
        );
        let size = unit * 0.019;
        let credits = fit_text(&text.credits, size, w - 2.0 * margin);
        let base = top as f32 + (layout.footer as f32 + size * 0.7) / 2.0;
        draw_text(img, &credits, margin, base, size, colors.weak, false);
    }

    // Legend panel over the lower left corner of the map.
    if !text.legend.is_empty() && map_h > 0 {
        let size = unit * 0.028;
        let row = size * 1.45;
        let swatch = size * 0.42;
        let rows: Vec<String> = text
            .legend
            .iter()
            .map(|e| format!("{} {} / {}", e.label, e.count, text.total))
            .collect();
        let text_w = rows.iter().map(|r| text_width(r, size)).fold(0.0, f32::max);
        let pad = size * 0.6;
        let panel_w = pad * 3.0 + swatch * 2.0 + text_w;
        let panel_h = pad * 2.0 + row * rows.len() as f32;
        let x0 = margin;
        let y0 = (map_y + map_h) as f32 - margin - panel_h;
        fill_rect(
            img,
            x0 as i64,
            y0 as i64,
            panel_w.ceil() as i64,
            panel_h.ceil() as i64,
            colors.panel,
            0.88,
        );
        for (i, (entry, label)) in text.legend.iter().zip(&rows).enumerate() {
            let cy = y0 + pad + row * i as f32 + row / 2.0;
            let cx = x0 + pad + swatch;
            fill_circle(img, cx, cy, swatch + 1.5, colors.text);
            fill_circle(img, cx, cy, swatch, entry.color);
            if entry.contested {
                fill_circle(img, cx, cy, swatch * 0.45, colors.panel);
            }
            draw_text(
                img,
                label,
                cx + swatch + pad,
                cy + size * 0.35,
                size,
                colors.text,
                false,
            );
        }
    }
}

/// Composes a briefing image around a rendered map: bands, title, date, legend, credits.
pub fn compose_around(map: &RgbaImage, text: &OverlayText, colors: &OverlayColors) -> RgbaImage {
    let layout = Layout::around_map(map.width(), map.height());
    let mut frame = blank(layout.width, layout.height, colors.band);
    image::imageops::replace(&mut frame, map, 0, i64::from(layout.header));
    draw_overlay(&mut frame, &layout, text, colors);
    frame
}

/// A frame filled with one colour.
pub fn blank(width: u32, height: u32, color: [u8; 3]) -> RgbaImage {
    RgbaImage::from_pixel(width, height, Rgba([color[0], color[1], color[2], 255]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> OverlayText {
        OverlayText {
            title: "Title".into(),
            date: "Friday 13 August 2021".into(),
            caption: Some("Herat falls".into()),
            legend: vec![
                LegendEntry {
                    label: "Government".into(),
                    color: [0, 114, 178],
                    count: 5,
                    contested: false,
                },
                LegendEntry {
                    label: "Taliban".into(),
                    color: [213, 94, 0],
                    count: 29,
                    contested: false,
                },
            ],
            total: 34,
            credits: "Sources".into(),
        }
    }

    const COLORS: OverlayColors = OverlayColors {
        band: [250, 250, 250],
        text: [0, 0, 0],
        weak: [90, 90, 90],
        panel: [255, 255, 255],
    };

    #[test]
    fn layout_bands_and_map_area() {
        let l = Layout::new(1920, 1080, false);
        assert_eq!((l.header, l.footer), (162, 54));
        assert_eq!(l.map_rect(), (0, 162, 1920, 1080 - 162 - 54));
        assert_eq!(Layout::new(800, 600, true).map_rect(), (0, 0, 800, 600));
        let around = Layout::around_map(1000, 500);
        assert_eq!(around.map_rect().3, 500);
    }

    #[test]
    fn overlay_draws_text_and_legend_colours() {
        let layout = Layout::new(960, 540, false);
        let mut img = blank(960, 540, [200, 200, 200]);
        draw_overlay(&mut img, &layout, &sample(), &COLORS);
        let dark_in_header = (0..layout.header)
            .flat_map(|y| (0..960).map(move |x| (x, y)))
            .filter(|&(x, y)| img.get_pixel(x, y).0[0] < 60)
            .count();
        assert!(
            dark_in_header > 500,
            "the date is drawn ({dark_in_header} dark pixels)"
        );
        let has = |c: [u8; 3]| img.pixels().any(|p| p.0[..3] == c);
        assert!(
            has([0, 114, 178]) && has([213, 94, 0]),
            "legend swatches in status colours"
        );
        let mut again = blank(960, 540, [200, 200, 200]);
        draw_overlay(&mut again, &layout, &sample(), &COLORS);
        assert_eq!(img, again, "deterministic");
    }

    #[test]
    fn long_text_is_shortened_to_fit() {
        let long = "A very long title that cannot possibly fit in a narrow frame";
        let fitted = fit_text(long, 20.0, 150.0);
        assert!(
            fitted.ends_with('…') && text_width(&fitted, 20.0) <= 150.0,
            "{fitted}"
        );
    }
}
