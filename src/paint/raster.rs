//! Drawing a [`Frame`] into pixels on the CPU with tiny-skia: anti-aliased fills, strokes with
//! round joins, marker shapes, and text as glyph outlines (with a stroked halo under labels).
//! Needs no GPU, driver or display; the same frame gives the same pixels on every machine.

use image::RgbaImage;
use tiny_skia::{
    Color, ColorSpace, FillRule, LineCap, LineJoin, Mask, Paint, Path, PathBuilder, Pixmap, Rect,
    Stroke, Transform,
};

use crate::model::{Pattern, Rgb, Rgba};
use crate::scene::MarkerShape;
use crate::scene::PxRect;
use crate::scene::annotations::{AnnotationMark, AnnotationShape};
use crate::scene::frame::{Frame, MapLayer, OverlayItem, PatternStyle, Stroke as Lines, TextItem};
use crate::scene::markers::{MarkerLayer, shape_polygon};
use crate::scene::text::{Fonts, PathCmd};

/// Blending in linear light (the sRGB curve applied around the blend), as GPUs blend into sRGB
/// targets: anti-aliased edges and translucent marks then look the same in the window and in
/// exports.
const BLEND_SPACE: ColorSpace = ColorSpace::FullSRGBGamma;

fn paint(color: Rgba) -> Paint<'static> {
    let [r, g, b, a] = color.0;
    let mut p = Paint::default();
    p.set_color_rgba8(r, g, b, a);
    p.anti_alias = true;
    p.colorspace = BLEND_SPACE;
    p
}

fn solid(color: Rgb) -> Paint<'static> {
    paint(color.into())
}

fn polygon_path(points: &[[f32; 2]], pb: &mut PathBuilder) {
    let mut iter = points.iter();
    if let Some(first) = iter.next() {
        pb.move_to(first[0], first[1]);
        for p in iter {
            pb.line_to(p[0], p[1]);
        }
        pb.close();
    }
}

fn polyline_path(lines: &[Vec<[f32; 2]>]) -> Option<Path> {
    let mut pb = PathBuilder::new();
    for line in lines {
        let mut iter = line.iter();
        if let Some(first) = iter.next() {
            pb.move_to(first[0], first[1]);
            for p in iter {
                pb.line_to(p[0], p[1]);
            }
        }
    }
    pb.finish()
}

fn stroke_style(width: f32) -> Stroke {
    Stroke {
        width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        ..Stroke::default()
    }
}

fn draw_lines(pixmap: &mut Pixmap, lines: &Lines, clip: Option<&Mask>) {
    if let Some(path) = polyline_path(&lines.lines) {
        pixmap.stroke_path(
            &path,
            &solid(lines.color),
            &stroke_style(lines.width_px),
            Transform::identity(),
            clip,
        );
    }
}

/// The path of one marker layer: circles as curves, other shapes as the scene's polygons.
pub fn shape_path(shape: MarkerShape, center: [f32; 2], radius: f32) -> Option<Path> {
    let [x, y] = center;
    match shape {
        MarkerShape::Circle => PathBuilder::from_circle(x, y, radius),
        _ => {
            let points: Vec<[f32; 2]> = shape_polygon(shape, radius)
                .into_iter()
                .map(|p| [x + p[0], y + p[1]])
                .collect();
            let mut pb = PathBuilder::new();
            polygon_path(&points, &mut pb);
            pb.finish()
        }
    }
}

fn draw_marker(pixmap: &mut Pixmap, center: [f32; 2], layers: &[MarkerLayer], clip: Option<&Mask>) {
    for layer in layers {
        if let Some(path) = shape_path(layer.shape, layer.center(center), layer.radius_px) {
            pixmap.fill_path(
                &path,
                &solid(layer.color),
                FillRule::Winding,
                Transform::identity(),
                clip,
            );
        }
    }
}

/// The outlines of a text item's glyphs as one path, px.
pub fn text_path(item: &TextItem, fonts: &mut Fonts) -> Option<Path> {
    let mut pb = PathBuilder::new();
    let size = item.shaped.size;
    for line in &item.shaped.lines {
        for g in &line.glyphs {
            let Some(outline) = fonts.glyph_outline(g.font, g.id, size) else {
                continue;
            };
            let (ox, oy) = (item.origin[0] + g.x, item.origin[1] + g.y);
            for cmd in outline.iter() {
                match *cmd {
                    PathCmd::MoveTo(p) => pb.move_to(ox + p[0], oy + p[1]),
                    PathCmd::LineTo(p) => pb.line_to(ox + p[0], oy + p[1]),
                    PathCmd::QuadTo(c, p) => pb.quad_to(ox + c[0], oy + c[1], ox + p[0], oy + p[1]),
                    PathCmd::CubicTo(a, b, p) => pb.cubic_to(
                        ox + a[0],
                        oy + a[1],
                        ox + b[0],
                        oy + b[1],
                        ox + p[0],
                        oy + p[1],
                    ),
                    PathCmd::Close => pb.close(),
                }
            }
        }
    }
    pb.finish()
}

fn draw_text(pixmap: &mut Pixmap, item: &TextItem, fonts: &mut Fonts, clip: Option<&Mask>) {
    let Some(path) = text_path(item, fonts) else {
        return;
    };
    if let Some(halo) = item.halo {
        pixmap.stroke_path(
            &path,
            &paint(halo.color),
            &stroke_style(halo.width_px * 2.0),
            Transform::identity(),
            clip,
        );
    }
    pixmap.fill_path(
        &path,
        &solid(item.color),
        FillRule::Winding,
        Transform::identity(),
        clip,
    );
}

/// The marks of a pattern covering `area` (px): diagonal lines (x + y constant, one every
/// `spacing` along either axis) or a grid of dots, anchored at the style's origin.
pub fn pattern_marks(pattern: Pattern, style: &PatternStyle, area: Rect) -> Option<Path> {
    let p = style.spacing_px.max(2.0);
    let [ox, oy] = style.origin;
    let mut pb = PathBuilder::new();
    match pattern {
        Pattern::Hatch => {
            let c0 = ox + oy;
            let lo = ((area.left() + area.top() - c0) / p).floor() as i64 - 1;
            let hi = ((area.right() + area.bottom() - c0) / p).ceil() as i64 + 1;
            for k in lo..=hi {
                let c = c0 + k as f32 * p;
                // x + y = c across the area's height.
                pb.move_to(c - (area.top() - p), area.top() - p);
                pb.line_to(c - (area.bottom() + p), area.bottom() + p);
            }
        }
        Pattern::Dots => {
            let r = style.width_px * 0.8;
            let i0 = ((area.left() - ox) / p).floor() as i64;
            let i1 = ((area.right() - ox) / p).ceil() as i64;
            let j0 = ((area.top() - oy) / p).floor() as i64;
            let j1 = ((area.bottom() - oy) / p).ceil() as i64;
            for j in j0..=j1 {
                for i in i0..=i1 {
                    // Every other row shifted half a step: a staggered grid.
                    let shift = if j % 2 == 0 { 0.0 } else { p / 2.0 };
                    pb.push_circle(ox + i as f32 * p + shift, oy + j as f32 * p, r);
                }
            }
        }
    }
    pb.finish()
}

/// One repeating tile of a pattern (`size` px square, transparent between the marks), for
/// backends that texture their fills: the window.
pub fn pattern_tile(pattern: Pattern, style: &PatternStyle, size: u32) -> RgbaImage {
    let Some(mut pixmap) = Pixmap::new(size.max(1), size.max(1)) else {
        return RgbaImage::new(1, 1);
    };
    let s = size.max(1) as f32;
    let Some(square) = Rect::from_xywh(0.0, 0.0, s, s) else {
        return RgbaImage::new(1, 1);
    };
    draw_pattern(
        &mut pixmap,
        &PathBuilder::from_rect(square),
        pattern,
        style,
        None,
    );
    demultiplied(&pixmap)
}

/// A pixmap's pixels as straight-alpha RGBA.
fn demultiplied(pixmap: &Pixmap) -> RgbaImage {
    let data: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    RgbaImage::from_raw(pixmap.width(), pixmap.height(), data)
        .unwrap_or_else(|| RgbaImage::new(pixmap.width(), pixmap.height()))
}

/// Draws a pattern over `clip` (a path, filled even-odd), within `area` when given.
fn draw_pattern(
    pixmap: &mut Pixmap,
    clip: &Path,
    pattern: Pattern,
    style: &PatternStyle,
    area: Option<&Mask>,
) {
    let mask = match area {
        Some(a) => {
            let mut m = a.clone();
            m.intersect_path(clip, FillRule::EvenOdd, true, Transform::identity());
            m
        }
        None => {
            let Some(mut m) = Mask::new(pixmap.width(), pixmap.height()) else {
                return;
            };
            m.fill_path(clip, FillRule::EvenOdd, true, Transform::identity());
            m
        }
    };
    let Some(marks) = pattern_marks(pattern, style, clip.bounds()) else {
        return;
    };
    let ink = paint(style.ink);
    match pattern {
        Pattern::Hatch => pixmap.stroke_path(
            &marks,
            &ink,
            &Stroke {
                width: style.width_px,
                ..Stroke::default()
            },
            Transform::identity(),
            Some(&mask),
        ),
        Pattern::Dots => pixmap.fill_path(
            &marks,
            &ink,
            FillRule::Winding,
            Transform::identity(),
            Some(&mask),
        ),
    }
}

/// Draws a frame into a pixmap.
pub fn draw(frame: &Frame, fonts: &mut Fonts, pixmap: &mut Pixmap) {
    let [r, g, b] = frame.background.0;
    pixmap.fill(Color::from_rgba8(r, g, b, 255));
    let several = frame.maps.len() > 1;
    for map in &frame.maps {
        // Small multiples: each map is clipped to its cell.
        let clip = if several {
            area_mask(map.area, pixmap.width(), pixmap.height())
        } else {
            None
        };
        draw_map(map, fonts, pixmap, clip.as_ref());
    }
    for item in &frame.overlay {
        match item {
            OverlayItem::Rect { rect, color, .. } => {
                if let Some(r) = Rect::from_ltrb(rect.x0, rect.y0, rect.x1, rect.y1) {
                    let mut p = paint(*color);
                    // Bands and panels sit on the pixel grid: keep their edges crisp.
                    p.anti_alias = false;
                    pixmap.fill_rect(r, &p, Transform::identity(), None);
                }
            }
            OverlayItem::Text(text) => draw_text(pixmap, text, fonts, None),
            OverlayItem::Swatch { center, layers } => draw_marker(pixmap, *center, layers, None),
            OverlayItem::FillSwatch {
                rect,
                color,
                pattern,
                style,
                outline,
            } => {
                if let Some(r) = Rect::from_ltrb(rect.x0, rect.y0, rect.x1, rect.y1) {
                    let path = PathBuilder::from_rect(r);
                    pixmap.fill_path(
                        &path,
                        &solid(*color),
                        FillRule::Winding,
                        Transform::identity(),
                        None,
                    );
                    if let Some(p) = pattern {
                        draw_pattern(pixmap, &path, *p, style, None);
                    }
                    pixmap.stroke_path(
                        &path,
                        &solid(*outline),
                        &stroke_style(1.0),
                        Transform::identity(),
                        None,
                    );
                }
            }
        }
    }
}

/// A mask letting through one rectangle of a picture.
fn area_mask(area: PxRect, width: u32, height: u32) -> Option<Mask> {
    let rect = Rect::from_ltrb(area.x0, area.y0, area.x1, area.y1)?;
    let mut m = Mask::new(width, height)?;
    m.fill_path(
        &PathBuilder::from_rect(rect),
        FillRule::Winding,
        false,
        Transform::identity(),
    );
    Some(m)
}

/// Dash and gap of dashed annotation lines, in line widths.
const DASH: [f32; 2] = [3.0, 2.0];

fn draw_annotation_shape(pixmap: &mut Pixmap, shape: &AnnotationShape, clip: Option<&Mask>) {
    match shape {
        AnnotationShape::Line {
            points,
            color,
            width_px,
            dashed,
        } => {
            let Some(path) = polyline_path(std::slice::from_ref(points)) else {
                return;
            };
            let mut stroke = stroke_style(*width_px);
            if *dashed {
                stroke.dash =
                    tiny_skia::StrokeDash::new(vec![DASH[0] * width_px, DASH[1] * width_px], 0.0);
                stroke.line_cap = LineCap::Butt;
            }
            pixmap.stroke_path(&path, &paint(*color), &stroke, Transform::identity(), clip);
        }
        AnnotationShape::Polygon { points, fill } => {
            let mut pb = PathBuilder::new();
            polygon_path(points, &mut pb);
            if let Some(path) = pb.finish() {
                pixmap.fill_path(
                    &path,
                    &paint(*fill),
                    FillRule::Winding,
                    Transform::identity(),
                    clip,
                );
            }
        }
    }
}

/// Draws one map: neighbours, fills and patterns, borders, outline, markers, labels, scale bar.
fn draw_map(map: &MapLayer, fonts: &mut Fonts, pixmap: &mut Pixmap, clip: Option<&Mask>) {
    if let Some(color) = map.background {
        let a = map.area;
        if let Some(r) = Rect::from_ltrb(a.x0, a.y0, a.x1, a.y1) {
            let mut p = solid(color);
            p.anti_alias = false;
            pixmap.fill_rect(r, &p, Transform::identity(), None);
        }
    }
    for fill in &map.neighbour_fills {
        let mut pb = PathBuilder::new();
        for ring in &fill.rings {
            polygon_path(ring, &mut pb);
        }
        if let Some(path) = pb.finish() {
            pixmap.fill_path(
                &path,
                &solid(fill.color),
                FillRule::EvenOdd,
                Transform::identity(),
                clip,
            );
        }
    }
    draw_lines(pixmap, &map.neighbour_borders, clip);
    // Provinces of each patterned status, gathered to draw each pattern once.
    let mut patterned = [
        (Pattern::Hatch, PathBuilder::new()),
        (Pattern::Dots, PathBuilder::new()),
    ];
    for fill in &map.fills {
        let mut pb = PathBuilder::new();
        for ring in &fill.rings {
            polygon_path(ring, &mut pb);
        }
        if let Some(pattern) = fill.pattern
            && let Some((_, entry)) = patterned.iter_mut().find(|(p, _)| *p == pattern)
        {
            for ring in &fill.rings {
                polygon_path(ring, entry);
            }
        }
        if let Some(path) = pb.finish() {
            pixmap.fill_path(
                &path,
                &solid(fill.color),
                FillRule::EvenOdd,
                Transform::identity(),
                clip,
            );
        }
    }
    for (pattern, pb) in patterned {
        if let Some(path) = pb.finish() {
            draw_pattern(pixmap, &path, pattern, &map.pattern, clip);
        }
    }
    draw_lines(pixmap, &map.borders, clip);
    draw_lines(pixmap, &map.outline, clip);
    // Annotations under markers and labels: only an arrow's shaft may cross them.
    for a in &map.annotations {
        for shape in &a.shapes {
            draw_annotation_shape(pixmap, shape, clip);
        }
        if let Some(text) = &a.text {
            draw_text(pixmap, text, fonts, clip);
        }
    }
    for marker in &map.markers {
        draw_marker(pixmap, marker.center, &marker.layers, clip);
    }
    for label in map.labels.iter().chain(&map.neighbour_labels) {
        draw_text(pixmap, label, fonts, clip);
    }
    if let Some(bar) = &map.scale_bar {
        draw_lines(pixmap, &bar.halo, clip);
        draw_lines(pixmap, &bar.bar, clip);
        draw_text(pixmap, &bar.label, fonts, clip);
    }
}

/// Draws a frame into a new RGBA image.
pub fn rasterize(frame: &Frame, fonts: &mut Fonts) -> RgbaImage {
    let (w, h) = (frame.width.max(1), frame.height.max(1));
    let Some(mut pixmap) = Pixmap::new(w, h) else {
        return RgbaImage::new(w, h);
    };
    draw(frame, fonts, &mut pixmap);
    // The background is opaque, so premultiplied and straight alpha are the same bytes.
    RgbaImage::from_raw(w, h, pixmap.take()).unwrap_or_else(|| RgbaImage::new(w, h))
}

/// Draws one text item alone on a transparent image just large enough for it (halo included):
/// the window shows labels as these images, so they look the same as in exports. Returns the
/// image and the offset of the item's origin inside it.
pub fn text_image(item: &TextItem, fonts: &mut Fonts) -> (RgbaImage, [f32; 2]) {
    let pad = item.halo.map_or(0.0, |h| h.width_px).ceil() + 1.0;
    let w = (item.shaped.width + 2.0 * pad).ceil().max(1.0) as u32;
    let h = (item.shaped.height + 2.0 * pad).ceil().max(1.0) as u32;
    let Some(mut pixmap) = Pixmap::new(w, h) else {
        return (RgbaImage::new(1, 1), [0.0, 0.0]);
    };
    let local = TextItem {
        origin: [pad, pad],
        ..item.clone()
    };
    draw_text(&mut pixmap, &local, fonts, None);
    (demultiplied(&pixmap), [pad, pad])
}

/// One annotation (shapes and text) drawn alone on a transparent image just large enough for
/// it, its top left on the pixel grid: the window shows annotations as these images, so they
/// look as in exports. Returns the image and its top left corner in the mark's pixels.
pub fn annotation_image(mark: &AnnotationMark, fonts: &mut Fonts) -> (RgbaImage, [f32; 2]) {
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    let mut include = |p: [f32; 2], pad: f32| {
        x0 = x0.min(p[0] - pad);
        y0 = y0.min(p[1] - pad);
        x1 = x1.max(p[0] + pad);
        y1 = y1.max(p[1] + pad);
    };
    for shape in &mark.shapes {
        let (points, pad) = match shape {
            AnnotationShape::Line {
                points, width_px, ..
            } => (points, *width_px),
            AnnotationShape::Polygon { points, .. } => (points, 1.0),
        };
        for p in points {
            include(*p, pad + 1.0);
        }
    }
    if let Some(t) = &mark.text {
        let r = crate::scene::annotations::text_rect(t);
        include([r.x0, r.y0], 1.0);
        include([r.x1, r.y1], 1.0);
    }
    if x0 > x1 || y0 > y1 {
        return (RgbaImage::new(1, 1), [0.0, 0.0]);
    }
    let (x0, y0) = (x0.floor(), y0.floor());
    let w = ((x1 - x0).ceil().max(1.0) as u32).min(8192);
    let h = ((y1 - y0).ceil().max(1.0) as u32).min(8192);
    let Some(mut pixmap) = Pixmap::new(w, h) else {
        return (RgbaImage::new(1, 1), [0.0, 0.0]);
    };
    let shift = |p: &[f32; 2]| [p[0] - x0, p[1] - y0];
    for shape in &mark.shapes {
        let moved = match shape {
            AnnotationShape::Line {
                points,
                color,
                width_px,
                dashed,
            } => AnnotationShape::Line {
                points: points.iter().map(shift).collect(),
                color: *color,
                width_px: *width_px,
                dashed: *dashed,
            },
            AnnotationShape::Polygon { points, fill } => AnnotationShape::Polygon {
                points: points.iter().map(shift).collect(),
                fill: *fill,
            },
        };
        draw_annotation_shape(&mut pixmap, &moved, None);
    }
    if let Some(t) = &mark.text {
        let local = TextItem {
            origin: shift(&t.origin),
            ..t.clone()
        };
        draw_text(&mut pixmap, &local, fonts, None);
    }
    (demultiplied(&pixmap), [x0, y0])
}

/// A marker drawn alone on a transparent image just large enough for it, its centre at
/// `fraction` (0..1 px) past a whole pixel: the window shows markers as these images, placed on
/// the pixel grid, so they look as in exports (to the nearest quarter pixel). Returns the
/// image and the centre's position inside it.
pub fn marker_image(layers: &[MarkerLayer], fraction: [f32; 2]) -> (RgbaImage, [f32; 2]) {
    let reach = crate::scene::markers::layers_extent_px(layers).ceil() + 2.0;
    let size = (2.0 * reach + 1.0) as u32;
    let Some(mut pixmap) = Pixmap::new(size, size) else {
        return (RgbaImage::new(1, 1), [0.0, 0.0]);
    };
    let center = [reach + fraction[0], reach + fraction[1]];
    draw_marker(&mut pixmap, center, layers, None);
    (demultiplied(&pixmap), center)
}

/// The scale bar drawn on its own transparent image (for the window, which shows it as a
/// sprite, pixel for pixel as in an export), and the position of the image's top left corner
/// in the picture.
pub fn scale_bar_image(
    bar: &crate::scene::context::ScaleBar,
    fonts: &mut Fonts,
) -> (RgbaImage, [f32; 2]) {
    let pad = bar.halo.width_px.ceil() + 2.0;
    let l = &bar.label;
    let (mut x0, mut y0) = (l.origin[0], l.origin[1]);
    let (mut x1, mut y1) = (l.origin[0] + l.shaped.width, l.origin[1] + l.shaped.height);
    for p in bar.halo.lines.iter().flatten() {
        (x0, y0, x1, y1) = (x0.min(p[0]), y0.min(p[1]), x1.max(p[0]), y1.max(p[1]));
    }
    let (x0, y0) = ((x0 - pad).floor(), (y0 - pad).floor());
    let w = (x1 + pad - x0).ceil().max(1.0) as u32;
    let h = (y1 + pad - y0).ceil().max(1.0) as u32;
    let Some(mut pixmap) = Pixmap::new(w, h) else {
        return (RgbaImage::new(1, 1), [x0, y0]);
    };
    let shift = |lines: &Lines| Lines {
        lines: lines
            .lines
            .iter()
            .map(|l| l.iter().map(|p| [p[0] - x0, p[1] - y0]).collect())
            .collect(),
        ..lines.clone()
    };
    draw_lines(&mut pixmap, &shift(&bar.halo), None);
    draw_lines(&mut pixmap, &shift(&bar.bar), None);
    let label = TextItem {
        origin: [l.origin[0] - x0, l.origin[1] - y0],
        ..l.clone()
    };
    draw_text(&mut pixmap, &label, fonts, None);
    (demultiplied(&pixmap), [x0, y0])
}
