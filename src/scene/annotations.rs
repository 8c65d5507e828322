//! Annotations placed on a view: the scenario's callouts, arrows and marked areas that show on
//! the date, as lines, polygons and text in pixels. Their text keeps clear of the capitals'
//! labels and markers, the panels over the map, the map's edge and each other (a text that
//! finds no free place is left out, never drawn over a label); an arrow stops short of the
//! marker it points at, and its head stays inside the map area and off every label (an arrow
//! with no such place, or too short at this scale, shows its text by its target). Backends draw
//! them over the country outline and under markers and labels, which nothing of theirs but a
//! shaft crosses.

use std::sync::Arc;

use crate::boundaries::{LonLat, MapXy};
use crate::model::annotations::{Annotation, AnnotationKind, Place};
use crate::model::{Rgb, Rgba};

use super::geometry::MapGeometry;
use super::items::{Halo, Marker, TextItem};
use super::markers::layers_extent_px;
use super::text::{Fonts, Weight};
use super::theme::Theme;
use super::theme::status_color;
use super::view::{MapView, PxRect};

/// A shape of an annotation, px.
#[derive(Debug, Clone, PartialEq)]
pub enum AnnotationShape {
    /// A line (an arrow's shaft, a callout's leader, an outline).
    Line {
        /// Points.
        points: Vec<[f32; 2]>,
        /// Colour.
        color: Rgba,
        /// Width, px.
        width_px: f32,
        /// Drawn dashed.
        dashed: bool,
    },
    /// A filled polygon (an arrow's head, a circle or an area).
    Polygon {
        /// Corners.
        points: Vec<[f32; 2]>,
        /// Fill.
        fill: Rgba,
    },
}

/// One annotation as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnotationMark {
    /// Its index in the scenario's annotations.
    pub index: usize,
    /// SVG element id: `annotation-1`, `annotation-2`…
    pub id: String,
    /// Shapes, bottom first.
    pub shapes: Vec<AnnotationShape>,
    /// Its text, when a free place was found.
    pub text: Option<TextItem>,
    /// The tip of an arrow's head, px (for tests and the HTML page).
    pub arrow_tip: Option<[f32; 2]>,
}

/// Annotation text size at mark scale 1, px (the capitals' labels' size, in bold).
pub const ANNOTATION_TEXT_PX: f32 = 13.0;
/// The halo around annotation text at mark scale 1, px (as around labels).
const HALO_PX: f32 = 2.0;

/// What placing annotations depends on: the scenario on a date, in a theme, at a mark scale.
#[derive(Clone, Copy)]
pub struct NotesInput<'a> {
    /// The scenario.
    pub bundle: &'a crate::bundle::ScenarioBundle,
    /// Its geometry (the capitals on the map plane).
    pub geometry: &'a MapGeometry,
    /// The date shown.
    pub date: jiff::civil::Date,
    /// Colours.
    pub theme: Theme,
    /// Size of marks relative to the window's.
    pub marks: f32,
}

fn rgba(c: Rgb, alpha: u8) -> Rgba {
    Rgba([c.0[0], c.0[1], c.0[2], alpha])
}

/// Quadratic Bézier from `a` to `b` bent by `curve` (of the length, to the left of travel).
fn bezier(a: [f32; 2], b: [f32; 2], curve: f32, n: usize) -> Vec<[f32; 2]> {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let c = [
        (a[0] + b[0]) / 2.0 + curve * dy,
        (a[1] + b[1]) / 2.0 - curve * dx,
    ];
    (0..=n)
        .map(|i| {
            let t = i as f32 / n as f32;
            let u = 1.0 - t;
            [
                u * u * a[0] + 2.0 * u * t * c[0] + t * t * b[0],
                u * u * a[1] + 2.0 * u * t * c[1] + t * t * b[1],
            ]
        })
        .collect()
}

fn dist(a: [f32; 2], b: [f32; 2]) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

/// The annotations of `input.date` placed on `view` (drawn into a picture at `offset`).
/// `taken` holds what their text must keep clear of (labels, markers, panels, the area's
/// surroundings); each placed text is added to it.
pub fn place_annotations(
    input: &NotesInput<'_>,
    view: &MapView,
    offset: [f32; 2],
    area: PxRect,
    markers: &[Marker],
    labels: &[PxRect],
    taken: &mut Vec<PxRect>,
    fonts: &mut Fonts,
) -> Vec<AnnotationMark> {
    let s = input.bundle.scenario();
    let palette = input.theme.palette();
    let projection = &input.bundle.projection;
    let m = input.marks;
    let px = |p: MapXy| {
        let [x, y] = view.px_from_map(p);
        [x + offset[0], y + offset[1]]
    };
    let map_xy = |place: &Place| -> Option<MapXy> {
        match place {
            Place::Capital(id) => {
                let ci = s.capital_index(id)?;
                input.geometry.capitals_map_xy.get(ci).copied()
            }
            Place::LonLat(lon, lat) => Some(projection.map_from_lonlat(LonLat {
                lon: *lon,
                lat: *lat,
            })),
        }
    };
    // How far from a place's point its marker reaches (0 for a point without one).
    let reach = |place: &Place| -> f32 {
        match place {
            Place::Capital(id) => s
                .capital_index(id)
                .and_then(|ci| markers.iter().find(|mk| mk.capital == ci))
                .map_or(0.0, |mk| layers_extent_px(&mk.layers)),
            Place::LonLat(..) => 0.0,
        }
    };
    let inner = area.grown(-2.0 * m);
    let mut out = Vec::new();
    for (index, a) in s.annotations.iter().enumerate() {
        if !a.shows_on(input.date) {
            continue;
        }
        let color = a
            .status
            .as_deref()
            .and_then(|id| s.status_index(id))
            .map_or(palette.label, |si| {
                status_color(&s.statuses[si], input.theme)
            });
        let mut mark = AnnotationMark {
            index,
            id: format!("annotation-{}", index + 1),
            shapes: Vec::new(),
            text: None,
            arrow_tip: None,
        };
        // Where the text may go: around these points, at these distances.
        let mut anchors: Vec<([f32; 2], f32)> = Vec::new();
        match &a.kind {
            AnnotationKind::Arrow { from, to, curve } => {
                let (Some(p0), Some(p1)) = (map_xy(from), map_xy(to)) else {
                    continue;
                };
                let (p0, p1) = (px(p0), px(p1));
                let Some((shaft, head, tip)) = arrow(
                    p0,
                    p1,
                    *curve as f32,
                    reach(from),
                    reach(to),
                    m,
                    &inner,
                    labels,
                ) else {
                    // Too short to draw at this scale: its words, by the place it points at.
                    if inner.contains(p1) {
                        anchors.push((p1, reach(to) + 10.0 * m));
                        anchors.push((p1, reach(to) + 26.0 * m));
                    }
                    mark.text = place_text(a, input, &anchors, &inner, taken, fonts);
                    if let Some(t) = &mark.text {
                        taken.push(text_rect(t));
                    }
                    out.push(mark);
                    continue;
                };
                // A casing in the halo colour keeps the arrow readable over a fill of its own
                // colour (an advance across land its side already holds).
                let casing = Rgba([
                    palette.label_halo.0[0],
                    palette.label_halo.0[1],
                    palette.label_halo.0[2],
                    255,
                ]);
                mark.shapes.push(AnnotationShape::Line {
                    points: shaft.clone(),
                    color: casing,
                    width_px: 8.0 * m,
                    dashed: false,
                });
                mark.shapes.push(AnnotationShape::Polygon {
                    points: grown(&head, 2.0 * m),
                    fill: casing,
                });
                mark.shapes.push(AnnotationShape::Line {
                    points: shaft.clone(),
                    color: rgba(color, 255),
                    width_px: 4.0 * m,
                    dashed: false,
                });
                mark.shapes.push(AnnotationShape::Polygon {
                    points: head,
                    fill: rgba(color, 255),
                });
                mark.arrow_tip = Some(tip);
                for gap in [8.0, 24.0] {
                    for t in [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8] {
                        let i = ((shaft.len() - 1) as f32 * t).round() as usize;
                        anchors.push((shaft[i.min(shaft.len() - 1)], gap * m));
                    }
                }
            }
            AnnotationKind::Callout { at } => {
                let Some(p) = map_xy(at) else { continue };
                let p = px(p);
                if !inner.contains(p) {
                    continue;
                }
                let r = reach(at);
                if r == 0.0 {
                    mark.shapes.push(AnnotationShape::Polygon {
                        points: circle(p, 3.5 * m, 16),
                        fill: rgba(color, 255),
                    });
                }
                anchors.push((p, r + 10.0 * m));
                anchors.push((p, r + 24.0 * m));
                anchors.push((p, r + 40.0 * m));
            }
            AnnotationKind::Circle { center, radius_km } => {
                let Some(c) = map_xy(center) else { continue };
                let c = px(c);
                let r = (*radius_km / view.km_per_px) as f32;
                let ring = circle(c, r, 72);
                mark.shapes.push(AnnotationShape::Polygon {
                    points: ring.clone(),
                    fill: rgba(color, 46),
                });
                let mut closed = ring;
                closed.push(closed[0]);
                mark.shapes.push(AnnotationShape::Line {
                    points: closed,
                    color: rgba(color, 255),
                    width_px: 2.0 * m,
                    dashed: true,
                });
                anchors.push(([c[0], c[1] - r], 4.0 * m));
                anchors.push(([c[0], c[1] + r], 4.0 * m));
                anchors.push(([c[0] + r, c[1]], 4.0 * m));
                anchors.push(([c[0] - r, c[1]], 4.0 * m));
            }
            AnnotationKind::Area { polygon } => {
                let points: Option<Vec<[f32; 2]>> =
                    polygon.iter().map(|p| map_xy(p).map(px)).collect();
                let Some(points) = points.filter(|p| p.len() >= 3) else {
                    continue;
                };
                let n = points.len() as f32;
                let centre = [
                    points.iter().map(|p| p[0]).sum::<f32>() / n,
                    points.iter().map(|p| p[1]).sum::<f32>() / n,
                ];
                let mut closed = points.clone();
                closed.push(points[0]);
                mark.shapes.push(AnnotationShape::Polygon {
                    points,
                    fill: rgba(color, 46),
                });
                mark.shapes.push(AnnotationShape::Line {
                    points: closed,
                    color: rgba(color, 255),
                    width_px: 2.0 * m,
                    dashed: true,
                });
                anchors.push((centre, 0.0));
                anchors.push((centre, 24.0 * m));
            }
        }
        mark.text = place_text(a, input, &anchors, &inner, taken, fonts);
        if let Some(t) = &mark.text {
            taken.push(text_rect(t));
            // A callout's leader: from its point to the text's nearest corner.
            if let AnnotationKind::Callout { at } = &a.kind
                && let Some(p) = map_xy(at).map(px)
            {
                let r = text_rect(t);
                let q = [p[0].clamp(r.x0, r.x1), p[1].clamp(r.y0, r.y1)];
                let d = dist(p, q);
                let start = reach(at).max(3.5 * m);
                if d > start + 2.0 {
                    let dir = [(q[0] - p[0]) / d, (q[1] - p[1]) / d];
                    mark.shapes.push(AnnotationShape::Line {
                        points: vec![[p[0] + dir[0] * start, p[1] + dir[1] * start], q],
                        color: rgba(color, 255),
                        width_px: 1.5 * m,
                        dashed: false,
                    });
                }
            }
        }
        out.push(mark);
    }
    out
}

/// The text's box, halo included.
pub fn text_rect(t: &TextItem) -> PxRect {
    let h = t.halo.map_or(0.0, |h| h.width_px);
    PxRect::from_xywh(
        t.origin[0] - h,
        t.origin[1] - h,
        t.shaped.width + 2.0 * h,
        t.shaped.height + 2.0 * h,
    )
}

/// A triangle grown by `d` px around its centre (the casing under an arrow's head).
fn grown(points: &[[f32; 2]], d: f32) -> Vec<[f32; 2]> {
    let n = points.len().max(1) as f32;
    let c = [
        points.iter().map(|p| p[0]).sum::<f32>() / n,
        points.iter().map(|p| p[1]).sum::<f32>() / n,
    ];
    points
        .iter()
        .map(|p| {
            let l = dist(*p, c).max(1e-3);
            [
                p[0] + (p[0] - c[0]) / l * d * 2.0,
                p[1] + (p[1] - c[1]) / l * d * 2.0,
            ]
        })
        .collect()
}

fn circle(c: [f32; 2], r: f32, n: usize) -> Vec<[f32; 2]> {
    (0..n)
        .map(|i| {
            let a = i as f32 / n as f32 * std::f32::consts::TAU;
            [c[0] + r * a.cos(), c[1] + r * a.sin()]
        })
        .collect()
}

/// An arrow's shaft, head and tip, px: the curve from `p0` to `p1`, starting clear of the
/// marker at `p0` (`r0`) and ending clear of the one at `p1` (`r1`); where the tip would leave
/// `inner` or touch a label it moves back along the curve. None when too little is left.
#[allow(clippy::too_many_arguments)]
fn arrow(
    p0: [f32; 2],
    p1: [f32; 2],
    curve: f32,
    r0: f32,
    r1: f32,
    m: f32,
    inner: &PxRect,
    labels: &[PxRect],
) -> Option<(Vec<[f32; 2]>, Vec<[f32; 2]>, [f32; 2])> {
    let curve_points = bezier(p0, p1, curve, 64);
    // The head shrinks on a short arrow (down to half its size), so that nearby capitals can
    // still be joined.
    let room = dist(p0, p1) - r0 - r1 - 6.0 * m;
    let head_len = (room * 0.35).clamp(8.0 * m, 16.0 * m);
    let head_half = head_len / 2.0;
    let start = curve_points
        .iter()
        .position(|p| dist(*p, p0) > r0 + 3.0 * m)?;
    let latest = curve_points
        .iter()
        .rposition(|p| dist(*p, p1) > r1 + 3.0 * m)?;
    if latest <= start + 2 {
        return None;
    }
    // The head with its tip at curve point `e`, and its bounds.
    let head_at = |e: usize| {
        let tip = curve_points[e];
        let back = curve_points[e - 1];
        let d = dist(tip, back).max(1e-3);
        let t = [(tip[0] - back[0]) / d, (tip[1] - back[1]) / d];
        let n = [-t[1], t[0]];
        let base = [tip[0] - t[0] * head_len, tip[1] - t[1] * head_len];
        let head = vec![
            tip,
            [base[0] + n[0] * head_half, base[1] + n[1] * head_half],
            [base[0] - n[0] * head_half, base[1] - n[1] * head_half],
        ];
        let mut bounds = PxRect::from_xywh(tip[0], tip[1], 0.0, 0.0);
        for p in &head {
            bounds = PxRect {
                x0: bounds.x0.min(p[0]),
                y0: bounds.y0.min(p[1]),
                x1: bounds.x1.max(p[0]),
                y1: bounds.y1.max(p[1]),
            };
        }
        let inside = head.iter().all(|p| inner.contains(*p));
        let on_label = labels.iter().any(|l| l.overlaps(&bounds));
        (head, t, inside, on_label)
    };
    // The tip as near the target as it can be, inside the map area and off every label (the
    // arrow is drawn under the labels, so a head on one would hide); None when no such place
    // leaves a shaft.
    let end = (start + 2..=latest).rev().find(|&e| {
        let (_, _, inside, on_label) = head_at(e);
        inside && !on_label
    })?;
    let (head, t, _, _) = head_at(end);
    let tip = curve_points[end];
    // The shaft stops inside the head so its end does not show past the tip.
    let mut shaft: Vec<[f32; 2]> = curve_points[start..end]
        .iter()
        .copied()
        .take_while(|p| dist(*p, tip) > head_len * 0.6)
        .collect();
    shaft.push([
        tip[0] - t[0] * head_len * 0.6,
        tip[1] - t[1] * head_len * 0.6,
    ]);
    if shaft.len() < 2 || dist(shaft[0], tip) < 1.3 * head_len {
        return None;
    }
    Some((shaft, head, tip))
}

/// The annotation's text at the first free place around its anchors: on the eight sides of
/// each anchor at its distance, inside `inner`, clear of `taken`.
fn place_text(
    a: &Annotation,
    input: &NotesInput<'_>,
    anchors: &[([f32; 2], f32)],
    inner: &PxRect,
    taken: &[PxRect],
    fonts: &mut Fonts,
) -> Option<TextItem> {
    let m = input.marks;
    let palette = input.theme.palette();
    let halo = HALO_PX * m;
    let shaped = fonts.shape(
        &a.text,
        ANNOTATION_TEXT_PX * m,
        Weight::Bold,
        Some(220.0 * m),
    );
    let (w, h) = (shaped.width + 2.0 * halo, shaped.height + 2.0 * halo);
    let sides: [[f32; 2]; 8] = [
        [1.0, -1.0],
        [1.0, 1.0],
        [-1.0, -1.0],
        [-1.0, 1.0],
        [0.0, -1.0],
        [0.0, 1.0],
        [1.0, 0.0],
        [-1.0, 0.0],
    ];
    for &(p, gap) in anchors {
        for s in sides {
            // The box touches the anchor's circle of radius `gap` on side `s`.
            let x = if s[0] > 0.0 {
                p[0] + gap * 0.7
            } else if s[0] < 0.0 {
                p[0] - gap * 0.7 - w
            } else {
                p[0] - w / 2.0
            };
            let y = if s[1] > 0.0 {
                p[1] + gap * if s[0] == 0.0 { 1.0 } else { 0.7 }
            } else if s[1] < 0.0 {
                p[1] - gap * if s[0] == 0.0 { 1.0 } else { 0.7 } - h
            } else {
                p[1] - h / 2.0
            };
            let r = PxRect::from_xywh(x, y, w, h);
            let fits = r.x0 >= inner.x0 && r.y0 >= inner.y0 && r.x1 <= inner.x1 && r.y1 <= inner.y1;
            if fits && !taken.iter().any(|t| t.overlaps(&r)) {
                return Some(TextItem {
                    id: None,
                    class: "annotation",
                    shaped: Arc::clone(&shaped),
                    origin: [x + halo, y + halo],
                    color: palette.label,
                    halo: Some(Halo {
                        color: palette.label_halo,
                        width_px: halo,
                    }),
                });
            }
        }
    }
    None
}
