//! Text: the fonts shipped with frontline, shaping and line breaking, and glyph outlines.
//!
//! Every piece of text the map shows (labels, title, date, caption, legend, credits) is laid
//! out here with parley, the Linebender layout engine that Bevy 0.19's own text uses (HarfBuzz
//! shaping through harfrust, bidi, script itemisation and font fallback), so Arabic, Dari and
//! Cyrillic names shape correctly. Glyph outlines come from swash. Only the fonts compiled into
//! the binary are used, never the system's, so the same text gives the same glyphs on every
//! machine.

use std::collections::HashMap;
use std::sync::Arc;

use parley::fontique::{Blob, Collection, CollectionOptions, SourceCache};
use parley::{
    Alignment, AlignmentOptions, FontContext, FontFamily, FontWeight, LayoutContext,
    PositionedLayoutItem, StyleProperty,
};
use swash::scale::ScaleContext;
use swash::zeno::{Command, PathData};

/// The font files compiled into the binary: name and bytes.
pub static FONT_FILES: [(&str, &[u8]); 4] = [
    (
        "NotoSans-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
    ),
    (
        "NotoSans-Bold.ttf",
        include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
    ),
    (
        "NotoSansArabic-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf"),
    ),
    (
        "NotoSansArabic-Bold.ttf",
        include_bytes!("../../assets/fonts/NotoSansArabic-Bold.ttf"),
    ),
];

/// The font families in order of preference, as CSS (SVG `font-family`).
pub const FONT_FAMILY_CSS: &str = "Noto Sans, Noto Sans Arabic";

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Weight {
    /// 400.
    #[default]
    Regular,
    /// 700.
    Bold,
}

impl Weight {
    /// The CSS weight.
    pub fn css(self) -> u16 {
        match self {
            Weight::Regular => 400,
            Weight::Bold => 700,
        }
    }
}

/// One glyph placed in a text box: font (index into [`FONT_FILES`]), glyph id, and the
/// position of its origin on the baseline, px from the box's top left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    /// Index into [`FONT_FILES`].
    pub font: usize,
    /// Glyph id in that font.
    pub id: u16,
    /// Origin x, px.
    pub x: f32,
    /// Baseline y, px.
    pub y: f32,
}

/// One line of shaped text.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedLine {
    /// The text of the line (for SVG `<text>`).
    pub text: String,
    /// Left edge of the line's ink box, px from the box's left (0 unless aligned).
    pub x: f32,
    /// Baseline, px from the box's top.
    pub baseline: f32,
    /// Width, px.
    pub width: f32,
    /// Its glyphs.
    pub glyphs: Vec<PlacedGlyph>,
}

/// Shaped text: its box size and lines.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedText {
    /// Font size, px.
    pub size: f32,
    /// Weight.
    pub weight: Weight,
    /// Width of the widest line, px.
    pub width: f32,
    /// Height of all lines, px.
    pub height: f32,
    /// Lines, top first.
    pub lines: Vec<ShapedLine>,
}

/// One drawing command of a glyph outline, px, y down, relative to the glyph origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathCmd {
    /// Start a contour.
    MoveTo([f32; 2]),
    /// Straight line.
    LineTo([f32; 2]),
    /// Quadratic curve: control, end.
    QuadTo([f32; 2], [f32; 2]),
    /// Cubic curve: two controls, end.
    CubicTo([f32; 2], [f32; 2], [f32; 2]),
    /// Close the contour.
    Close,
}

/// Fonts, shaping and glyph outlines. Not shared between threads: each worker makes its own
/// (cheap: the font bytes are static and shared).
pub struct Fonts {
    font_cx: FontContext,
    layout_cx: LayoutContext<()>,
    scale_cx: ScaleContext,
    blob_ids: Vec<u64>,
    outlines: HashMap<(usize, u16, u32), Arc<Vec<PathCmd>>>,
    shaped: HashMap<(String, u32, Weight, Option<u32>), Arc<ShapedText>>,
}

impl Default for Fonts {
    fn default() -> Self {
        Self::new()
    }
}

impl Fonts {
    /// Registers the shipped fonts (and no system font).
    pub fn new() -> Self {
        let mut collection = Collection::new(CollectionOptions {
            shared: false,
            system_fonts: false,
        });
        let mut blob_ids = Vec::with_capacity(FONT_FILES.len());
        for (_, bytes) in FONT_FILES {
            let blob: Blob<u8> = Blob::new(Arc::new(bytes));
            blob_ids.push(blob.id());
            collection.register_fonts(blob, None);
        }
        Self {
            font_cx: FontContext {
                collection,
                source_cache: SourceCache::default(),
            },
            layout_cx: LayoutContext::new(),
            scale_cx: ScaleContext::new(),
            blob_ids,
            outlines: HashMap::new(),
            shaped: HashMap::new(),
        }
    }

    /// Shapes `text` at `size` px, breaking lines at `max_width` px when given (words are never
    /// cut: a word longer than the width overflows). Results are cached.
    pub fn shape(
        &mut self,
        text: &str,
        size: f32,
        weight: Weight,
        max_width: Option<f32>,
    ) -> Arc<ShapedText> {
        let key = (
            text.to_string(),
            size.to_bits(),
            weight,
            max_width.map(f32::to_bits),
        );
        if let Some(found) = self.shaped.get(&key) {
            return found.clone();
        }
        let shaped = Arc::new(self.shape_uncached(text, size, weight, max_width));
        if self.shaped.len() > 20_000 {
            self.shaped.clear();
        }
        self.shaped.insert(key, shaped.clone());
        shaped
    }

    fn shape_uncached(
        &mut self,
        text: &str,
        size: f32,
        weight: Weight,
        max_width: Option<f32>,
    ) -> ShapedText {
        let mut builder = self
            .layout_cx
            .ranged_builder(&mut self.font_cx, text, 1.0, false);
        builder.push_default(StyleProperty::FontFamily(FontFamily::Source(
            FONT_FAMILY_CSS.into(),
        )));
        builder.push_default(StyleProperty::FontSize(size));
        builder.push_default(StyleProperty::FontWeight(match weight {
            Weight::Regular => FontWeight::NORMAL,
            Weight::Bold => FontWeight::BOLD,
        }));
        let mut layout = builder.build(text);
        layout.break_all_lines(max_width);
        layout.align(Alignment::Start, AlignmentOptions::default());
        let mut lines = Vec::new();
        for line in layout.lines() {
            let metrics = line.metrics();
            let range = line.text_range();
            let mut glyphs = Vec::new();
            for item in line.items() {
                let PositionedLayoutItem::GlyphRun(run) = item else {
                    continue;
                };
                let font_id = run.run().font().data.id();
                let Some(font) = self.blob_ids.iter().position(|id| *id == font_id) else {
                    continue;
                };
                for g in run.positioned_glyphs() {
                    let Ok(id) = u16::try_from(g.id) else {
                        continue;
                    };
                    glyphs.push(PlacedGlyph {
                        font,
                        id,
                        x: g.x,
                        y: g.y,
                    });
                }
            }
            lines.push(ShapedLine {
                text: text.get(range).unwrap_or_default().trim_end().to_string(),
                x: metrics.offset,
                baseline: metrics.baseline,
                width: metrics.advance - metrics.trailing_whitespace,
                glyphs,
            });
        }
        ShapedText {
            size,
            weight,
            width: lines.iter().map(|l| l.x + l.width).fold(0.0, f32::max),
            height: layout.height(),
            lines,
        }
    }

    /// The outline of a glyph at `size` px, y down, relative to its origin. Cached.
    pub fn glyph_outline(&mut self, font: usize, id: u16, size: f32) -> Option<Arc<Vec<PathCmd>>> {
        let key = (font, id, size.to_bits());
        if let Some(found) = self.outlines.get(&key) {
            return Some(found.clone());
        }
        let (_, bytes) = FONT_FILES.get(font)?;
        let font_ref = swash::FontRef::from_index(bytes, 0)?;
        let mut scaler = self
            .scale_cx
            .builder(font_ref)
            .size(size)
            .hint(false)
            .build();
        let outline = scaler.scale_outline(id)?;
        let p = |v: swash::zeno::Vector| [v.x, -v.y];
        let commands: Vec<PathCmd> = outline
            .path()
            .commands()
            .map(|c| match c {
                Command::MoveTo(a) => PathCmd::MoveTo(p(a)),
                Command::LineTo(a) => PathCmd::LineTo(p(a)),
                Command::QuadTo(a, b) => PathCmd::QuadTo(p(a), p(b)),
                Command::CurveTo(a, b, c) => PathCmd::CubicTo(p(a), p(b), p(c)),
                Command::Close => PathCmd::Close,
            })
            .collect();
        let commands = Arc::new(commands);
        if self.outlines.len() > 50_000 {
            self.outlines.clear();
        }
        self.outlines.insert(key, commands.clone());
        Some(commands)
    }
}

thread_local! {
    static THREAD_FONTS: std::cell::RefCell<Fonts> = std::cell::RefCell::new(Fonts::new());
}

/// Runs `f` with this thread's [`Fonts`] (made on first use and kept, with its caches, for the
/// thread's life): how workers rendering frames in parallel each get their own.
pub fn with_fonts<R>(f: impl FnOnce(&mut Fonts) -> R) -> R {
    THREAD_FONTS.with(|fonts| f(&mut fonts.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_text_has_width_and_one_line() {
        let mut fonts = Fonts::new();
        let t = fonts.shape("Mazar-i-Sharif", 13.0, Weight::Regular, None);
        assert_eq!(t.lines.len(), 1);
        assert!(t.width > 60.0 && t.width < 120.0, "{}", t.width);
        assert!(t.height > 13.0 && t.height < 25.0, "{}", t.height);
        assert!(t.lines[0].glyphs.iter().all(|g| g.font == 0));
        let bold = fonts.shape("Mazar-i-Sharif", 13.0, Weight::Bold, None);
        assert!(bold.lines[0].glyphs.iter().all(|g| g.font == 1));
        assert!(bold.width > t.width, "bold is wider");
    }

    #[test]
    fn arabic_falls_back_to_the_arabic_font_and_is_joined() {
        let mut fonts = Fonts::new();
        // Mazar-i-Sharif in Dari: the letters take their joined forms, so the glyph ids differ
        // from those of the same letters shaped apart.
        let joined = fonts.shape("مزار شریف", 16.0, Weight::Regular, None);
        let glyphs = &joined.lines[0].glyphs;
        assert!(!glyphs.is_empty());
        // Eight letters from Noto Sans Arabic (the space may come from either font).
        let arabic = glyphs.iter().filter(|g| g.font == 2).count();
        assert!(arabic >= 8, "Noto Sans Arabic: {glyphs:?}");
        let apart = fonts.shape("م ز ا ر", 16.0, Weight::Regular, None);
        let ids = |t: &ShapedText| t.lines[0].glyphs.iter().map(|g| g.id).collect::<Vec<_>>();
        let m_joined = ids(&joined);
        let m_apart = ids(&apart);
        assert!(
            m_joined.iter().any(|id| !m_apart.contains(id)),
            "contextual forms: {m_joined:?} vs {m_apart:?}"
        );
        // Right to left: the first letter (meem) is drawn rightmost.
        let first_x = glyphs.iter().map(|g| g.x).fold(f32::MIN, f32::max);
        assert!(first_x > 0.0);
    }

    #[test]
    fn cyrillic_uses_noto_sans() {
        let mut fonts = Fonts::new();
        let t = fonts.shape("Київ", 16.0, Weight::Regular, None);
        let glyphs = &t.lines[0].glyphs;
        assert_eq!(glyphs.len(), 4);
        assert!(
            glyphs.iter().all(|g| g.font == 0 && g.id != 0),
            "no missing glyph"
        );
    }

    #[test]
    fn long_text_wraps_at_the_width() {
        let mut fonts = Fonts::new();
        let text = "Kandahar, Lashkar Gah and four more capitals fall; Herat's leaders surrender";
        let t = fonts.shape(text, 20.0, Weight::Regular, Some(300.0));
        assert!(t.lines.len() >= 3, "{} lines", t.lines.len());
        assert!(t.lines.iter().all(|l| l.width <= 300.0 + 0.5));
        let joined: Vec<&str> = t.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn glyph_outlines_are_in_pixels_with_y_down() {
        let mut fonts = Fonts::new();
        let t = fonts.shape("H", 100.0, Weight::Regular, None);
        let g = t.lines[0].glyphs[0];
        let outline = fonts.glyph_outline(g.font, g.id, 100.0).unwrap();
        let ys: Vec<f32> = outline
            .iter()
            .filter_map(|c| match c {
                PathCmd::MoveTo(p) | PathCmd::LineTo(p) => Some(p[1]),
                _ => None,
            })
            .collect();
        let top = ys.iter().copied().fold(f32::MAX, f32::min);
        let bottom = ys.iter().copied().fold(f32::MIN, f32::max);
        assert!(
            top < -60.0 && bottom.abs() < 1.0,
            "cap height above the baseline: {top} {bottom}"
        );
    }
}
