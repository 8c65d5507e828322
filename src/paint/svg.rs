//! Writing a [`Frame`] as SVG: the same picture as the PNG, as vectors a journalist can restyle
//! in Inkscape or Illustrator. Layers are groups (`fills`, `borders`, `outline`, `markers`,
//! `labels`, `overlay`); provinces and capitals carry their ids (`province-AF-KAB`,
//! `capital-kabul`, `label-kabul`); text stays text (`<text>` in the same font and sizes as the
//! PNG), with label halos as a stroke painted under the fill.
//!
//! The file carries its font: the shipped Noto Sans reduced to the characters its text uses,
//! with the kerning the text was laid out with (and Noto Sans Arabic when a name needs it), as
//! `@font-face` rules with `data:` URLs in a `<style>` in `<defs>` (see
//! [`fontsub`](super::fontsub)). A browser without Noto Sans thus draws the same glyphs as the
//! PNG, and label boxes fit their text. Renderers that ignore `@font-face` (resvg, some
//! editors) find Noto Sans by name further down the family list.

use std::fmt::Write;

use super::fontsub;
use crate::model::{Pattern, Rgb, Rgba};
use crate::scene::MarkerShape;
use crate::scene::annotations::{AnnotationMark, AnnotationShape};
use crate::scene::frame::{Frame, MapLayer, OverlayItem, PatternStyle, Stroke, TextItem};
use crate::scene::markers::{MarkerLayer, shape_polygon};
use crate::scene::text::Weight;

/// The SVG's font families, in order: the embedded subsets, then the shipped fonts by name
/// (for renderers that skip `@font-face`, or a reader who has them), then any sans-serif face.
pub const SVG_FONT_FAMILY: &str =
    "Frontline Sans, Frontline Sans Arabic, Noto Sans, Noto Sans Arabic, sans-serif";

/// A number with at most two decimals, without trailing zeros.
pub(crate) fn n(v: f32) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn hex(c: Rgb) -> String {
    c.to_string()
}

fn fill_attrs(c: Rgba) -> String {
    if c.alpha() == 255 {
        format!("fill=\"{}\"", hex(c.rgb()))
    } else {
        format!(
            "fill=\"{}\" fill-opacity=\"{}\"",
            hex(c.rgb()),
            n(f32::from(c.alpha()) / 255.0)
        )
    }
}

/// Escapes text for XML content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// An id made safe for XML (letters, digits, `-`, `_`, `.`; others become `_`).
fn id(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Path data of a polyline (closed with `Z` when `close`), appended to `out`.
pub(crate) fn points_d(points: &[[f32; 2]], close: bool, out: &mut String) {
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            out,
            "{}{} {}",
            if i == 0 { "M" } else { "L" },
            n(p[0]),
            n(p[1])
        );
    }
    if close && !points.is_empty() {
        out.push('Z');
    }
}

fn lines(out: &mut String, group: &str, stroke: &Stroke) {
    let _ = writeln!(
        out,
        "<g id=\"{group}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linecap=\"round\" stroke-linejoin=\"round\">",
        hex(stroke.color),
        n(stroke.width_px)
    );
    for line in &stroke.lines {
        let mut d = String::new();
        points_d(line, false, &mut d);
        let _ = writeln!(out, "<path d=\"{d}\"/>");
    }
    out.push_str("</g>\n");
}

/// A marker's layers as a group of shapes around `center`, appended to `out`.
pub(crate) fn marker(
    out: &mut String,
    element_id: Option<&str>,
    center: [f32; 2],
    layers: &[MarkerLayer],
) {
    match element_id {
        Some(i) => {
            let _ = writeln!(out, "<g id=\"{}\">", id(i));
        }
        None => out.push_str("<g>\n"),
    }
    for layer in layers {
        let fill = format!("fill=\"{}\"", hex(layer.color));
        let [x, y] = layer.center(center);
        match layer.shape {
            MarkerShape::Circle => {
                let _ = writeln!(
                    out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {fill}/>",
                    n(x),
                    n(y),
                    n(layer.radius_px)
                );
            }
            shape => {
                let points: Vec<String> = shape_polygon(shape, layer.radius_px)
                    .iter()
                    .map(|p| format!("{},{}", n(x + p[0]), n(y + p[1])))
                    .collect();
                let _ = writeln!(out, "<polygon points=\"{}\" {fill}/>", points.join(" "));
            }
        }
    }
    out.push_str("</g>\n");
}

fn text(out: &mut String, item: &TextItem, prefix: &str) {
    let shaped = &item.shaped;
    let mut attrs = format!(
        "font-size=\"{}\" {}",
        n(shaped.size),
        fill_attrs(item.color.into())
    );
    if shaped.weight == Weight::Bold {
        attrs.push_str(" font-weight=\"bold\"");
    }
    if let Some(halo) = item.halo {
        let _ = write!(
            attrs,
            " stroke=\"{}\" stroke-opacity=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
            hex(halo.color.rgb()),
            n(f32::from(halo.color.alpha()) / 255.0),
            n(halo.width_px * 2.0)
        );
    }
    let id_attr = item
        .id
        .as_deref()
        .map(|i| format!(" id=\"{prefix}{}\"", id(i)))
        .unwrap_or_default();
    let _ = write!(out, "<text{id_attr} class=\"{}\" {attrs}>", item.class);
    for line in &shaped.lines {
        let _ = write!(
            out,
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            n(item.origin[0] + line.x),
            n(item.origin[1] + line.baseline),
            escape(&line.text)
        );
    }
    out.push_str("</text>\n");
}

/// A `<pattern>` definition matching the PNG's: hatching along x + y = constant, or a
/// staggered grid of dots, anchored at the style's origin.
pub(crate) fn pattern_def(out: &mut String, id: &str, pattern: Pattern, style: &PatternStyle) {
    let p = style.spacing_px;
    let [ox, oy] = style.origin;
    let ink = fill_attrs(style.ink);
    match pattern {
        Pattern::Hatch => {
            // One tile holds the segment of the line through its corners, plus the two
            // corner pieces of its neighbours.
            let _ = writeln!(
                out,
                "<pattern id=\"{id}\" patternUnits=\"userSpaceOnUse\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><path d=\"M0 {p0} L{p0} 0 M{neg} {half} L{half} {neg} M{half} {p3} L{p3} {half}\" stroke=\"{}\" stroke-opacity=\"{}\" stroke-width=\"{}\"/></pattern>",
                n(ox),
                n(oy),
                n(p),
                n(p),
                hex(style.ink.rgb()),
                n(f32::from(style.ink.alpha()) / 255.0),
                n(style.width_px),
                p0 = n(p),
                neg = n(-p / 2.0),
                half = n(p / 2.0),
                p3 = n(p * 1.5),
            );
        }
        Pattern::Dots => {
            let r = style.width_px * 0.8;
            let _ = writeln!(
                out,
                "<pattern id=\"{id}\" patternUnits=\"userSpaceOnUse\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><circle cx=\"0\" cy=\"0\" r=\"{r}\" {ink}/><circle cx=\"{p0}\" cy=\"0\" r=\"{r}\" {ink}/><circle cx=\"0\" cy=\"{p2}\" r=\"{r}\" {ink}/><circle cx=\"{p0}\" cy=\"{p2}\" r=\"{r}\" {ink}/><circle cx=\"{half}\" cy=\"{p0}\" r=\"{r}\" {ink}/></pattern>",
                n(ox),
                n(oy),
                n(p),
                n(2.0 * p),
                r = n(r),
                p0 = n(p),
                p2 = n(2.0 * p),
                half = n(p / 2.0),
            );
        }
    }
}

fn pattern_id(pattern: Pattern, swatch: bool) -> String {
    let name = match pattern {
        Pattern::Hatch => "hatch",
        Pattern::Dots => "dots",
    };
    if swatch {
        format!("pattern-{name}-legend")
    } else {
        format!("pattern-{name}")
    }
}

/// Writes one map, clipped to its area; `prefix` keeps element ids unique among several maps.
fn map_svg(out: &mut String, map: &MapLayer, prefix: &str) {
    let _ = writeln!(
        out,
        "<g id=\"{prefix}map\" clip-path=\"url(#{prefix}map-area)\">"
    );
    if let Some(color) = map.background {
        let a = map.area;
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
            n(a.x0),
            n(a.y0),
            n(a.width()),
            n(a.height()),
            hex(color)
        );
    }
    if !map.neighbour_fills.is_empty() {
        let _ = writeln!(
            out,
            "<g id=\"{prefix}neighbours\" fill=\"{}\" fill-rule=\"evenodd\">",
            hex(map.neighbour_fills[0].color)
        );
        for fill in &map.neighbour_fills {
            let mut d = String::new();
            for ring in &fill.rings {
                points_d(ring, true, &mut d);
            }
            let _ = writeln!(out, "<path id=\"{prefix}{}\" d=\"{d}\"/>", id(&fill.id));
        }
        out.push_str("</g>\n");
        lines(
            out,
            &format!("{prefix}neighbour-borders"),
            &map.neighbour_borders,
        );
    }
    let _ = writeln!(out, "<g id=\"{prefix}fills\" fill-rule=\"evenodd\">");
    for fill in &map.fills {
        let mut d = String::new();
        for ring in &fill.rings {
            points_d(ring, true, &mut d);
        }
        let _ = writeln!(
            out,
            "<path id=\"{prefix}province-{}\" fill=\"{}\" d=\"{d}\"/>",
            id(&fill.id),
            hex(fill.color)
        );
    }
    let _ = writeln!(
        out,
        "</g>\n<g id=\"{prefix}patterns\" fill-rule=\"evenodd\">"
    );
    for fill in &map.fills {
        let Some(pattern) = fill.pattern else {
            continue;
        };
        let mut d = String::new();
        for ring in &fill.rings {
            points_d(ring, true, &mut d);
        }
        let _ = writeln!(
            out,
            "<path fill=\"url(#{prefix}{})\" d=\"{d}\"/>",
            pattern_id(pattern, false)
        );
    }
    out.push_str("</g>\n");
    lines(out, &format!("{prefix}borders"), &map.borders);
    lines(out, &format!("{prefix}outline"), &map.outline);
    if !map.annotations.is_empty() {
        let _ = writeln!(out, "<g id=\"{prefix}annotations\">");
        for a in &map.annotations {
            annotation(out, a, prefix);
        }
        out.push_str("</g>\n");
    }
    let _ = writeln!(out, "<g id=\"{prefix}markers\">");
    for m in &map.markers {
        marker(
            out,
            Some(&format!("{prefix}capital-{}", m.id)),
            m.center,
            &m.layers,
        );
    }
    let _ = writeln!(out, "</g>\n<g id=\"{prefix}labels\">");
    for label in &map.labels {
        text(out, label, prefix);
    }
    out.push_str("</g>\n");
    if !map.neighbour_labels.is_empty() {
        let _ = writeln!(out, "<g id=\"{prefix}neighbour-labels\">");
        for label in &map.neighbour_labels {
            text(out, label, prefix);
        }
        out.push_str("</g>\n");
    }
    if let Some(bar) = &map.scale_bar {
        let _ = writeln!(out, "<g id=\"{prefix}scale-bar\">");
        lines(out, &format!("{prefix}scale-bar-halo"), &bar.halo);
        lines(out, &format!("{prefix}scale-bar-line"), &bar.bar);
        text(out, &bar.label, prefix);
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
}

/// One annotation as a group: its shapes, then its text.
pub(crate) fn annotation(out: &mut String, a: &AnnotationMark, prefix: &str) {
    let _ = writeln!(out, "<g id=\"{prefix}{}\" class=\"annotation\">", id(&a.id));
    for shape in &a.shapes {
        match shape {
            AnnotationShape::Line {
                points,
                color,
                width_px,
                dashed,
            } => {
                let mut d = String::new();
                points_d(points, false, &mut d);
                let opacity = if color.alpha() == 255 {
                    String::new()
                } else {
                    format!(
                        " stroke-opacity=\"{}\"",
                        n(f32::from(color.alpha()) / 255.0)
                    )
                };
                let dash = if *dashed {
                    format!(
                        " stroke-dasharray=\"{} {}\"",
                        n(3.0 * width_px),
                        n(2.0 * width_px)
                    )
                } else {
                    " stroke-linecap=\"round\"".to_string()
                };
                let _ = writeln!(
                    out,
                    "<path fill=\"none\" stroke=\"{}\"{opacity} stroke-width=\"{}\" stroke-linejoin=\"round\"{dash} d=\"{d}\"/>",
                    hex(color.rgb()),
                    n(*width_px)
                );
            }
            AnnotationShape::Polygon { points, fill } => {
                let mut d = String::new();
                points_d(points, true, &mut d);
                let _ = writeln!(out, "<path {} d=\"{d}\"/>", fill_attrs(*fill));
            }
        }
    }
    if let Some(t) = &a.text {
        text(out, t, prefix);
    }
    out.push_str("</g>\n");
}

/// The id prefix of map `i` of a frame: none for the first.
fn map_prefix(i: usize) -> String {
    if i == 0 {
        String::new()
    } else {
        format!("m{i}-")
    }
}

/// What the embedded fonts must show: the characters of every text a frame shows, regular and
/// bold, and the kerning they were laid out with.
fn font_needs(frame: &Frame) -> fontsub::FontNeeds {
    let mut needs = fontsub::FontNeeds::default();
    for map in &frame.maps {
        for item in map
            .labels
            .iter()
            .chain(&map.neighbour_labels)
            .chain(map.scale_bar.as_ref().map(|bar| &bar.label))
            .chain(map.annotations.iter().filter_map(|a| a.text.as_ref()))
        {
            needs.add_shaped(&item.shaped);
        }
    }
    for item in &frame.overlay {
        if let OverlayItem::Text(t) = item {
            needs.add_shaped(&t.shaped);
        }
    }
    needs
}

/// Writes a frame as an SVG document, with the font subset its text needs.
pub fn to_svg(frame: &Frame) -> String {
    let (w, h) = (frame.width, frame.height);
    let mut out = String::with_capacity(256 * 1024);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{SVG_FONT_FAMILY}\">"
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&frame.title));
    out.push_str("<defs>");
    let faces = fontsub::font_faces(&font_needs(frame));
    if !faces.is_empty() {
        // Base64 and CSS punctuation only: nothing to escape for XML.
        out.push_str("<style>\n");
        out.push_str(&faces);
        out.push_str("</style>\n");
    }
    for (i, map) in frame.maps.iter().enumerate() {
        let prefix = map_prefix(i);
        let a = map.area;
        let _ = writeln!(
            out,
            "<clipPath id=\"{prefix}map-area\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>",
            n(a.x0),
            n(a.y0),
            n(a.width()),
            n(a.height())
        );
        for pattern in [Pattern::Hatch, Pattern::Dots] {
            pattern_def(
                &mut out,
                &format!("{prefix}{}", pattern_id(pattern, false)),
                pattern,
                &map.pattern,
            );
        }
    }
    if let Some(OverlayItem::FillSwatch { style, .. }) = frame
        .overlay
        .iter()
        .find(|i| matches!(i, OverlayItem::FillSwatch { .. }))
    {
        for pattern in [Pattern::Hatch, Pattern::Dots] {
            pattern_def(&mut out, &pattern_id(pattern, true), pattern, style);
        }
    }
    out.push_str("</defs>\n");
    let _ = writeln!(
        out,
        "<rect id=\"background\" width=\"{w}\" height=\"{h}\" fill=\"{}\"/>",
        hex(frame.background)
    );
    for (i, map) in frame.maps.iter().enumerate() {
        map_svg(&mut out, map, &map_prefix(i));
    }
    out.push_str("<g id=\"overlay\">\n");
    for item in &frame.overlay {
        match item {
            OverlayItem::Rect {
                id: rid,
                rect,
                color,
            } => {
                let _ = writeln!(
                    out,
                    "<rect id=\"{rid}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {}/>",
                    n(rect.x0),
                    n(rect.y0),
                    n(rect.width()),
                    n(rect.height()),
                    fill_attrs(*color)
                );
            }
            OverlayItem::Text(t) => text(&mut out, t, ""),
            OverlayItem::Swatch { center, layers } => marker(&mut out, None, *center, layers),
            OverlayItem::FillSwatch {
                rect,
                color,
                pattern,
                outline,
                ..
            } => {
                let xywh = format!(
                    "x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
                    n(rect.x0),
                    n(rect.y0),
                    n(rect.width()),
                    n(rect.height())
                );
                let _ = writeln!(out, "<rect {xywh} fill=\"{}\"/>", hex(*color));
                if let Some(p) = pattern {
                    let _ = writeln!(
                        out,
                        "<rect {xywh} fill=\"url(#{})\"/>",
                        pattern_id(*p, true)
                    );
                }
                let _ = writeln!(
                    out,
                    "<rect {xywh} fill=\"none\" stroke=\"{}\" stroke-width=\"1\"/>",
                    hex(*outline)
                );
            }
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_text_is_escaped() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(1.256), "1.26");
        assert_eq!(n(-0.001), "0");
        assert_eq!(
            escape("Sar-e Pul & <\"Kabul\">"),
            "Sar-e Pul &amp; &lt;&quot;Kabul&quot;&gt;"
        );
        assert_eq!(id("SY-X01~"), "SY-X01_");
    }
}
