//! A picture of the map as a list of things to draw, in pixels: province fills, borders, the
//! country outline, capital markers, labels and the briefing overlay. The PNG rasterizer and
//! the SVG writer draw a [`Frame`] item by item; the window draws the same markers and labels
//! (from [`map_markers`] and [`map_labels`]) over its meshes.

use std::sync::Arc;

use jiff::civil::Date;

use crate::bundle::ScenarioBundle;
use crate::model::{Rgb, Rgba};

use super::annotations::AnnotationMark;
use super::briefing::{Briefing, BriefingLayout};
use super::context::{ScaleBar, neighbour_labels, scale_bar};
use super::geometry::MapGeometry;
pub use super::items::{
    Fill, Halo, Marker, OverlayItem, PATTERN_SPACING_PX, PatternStyle, Stroke, TextItem,
};
use super::labels::{LabelRequest, place_labels};
use super::looks::{
    CapitalLook, ViewOptions, capital_looks, mark_changes, province_fills, province_patterns,
};
use super::markers::{
    MarkerLayer, layers_extent_px, marker_extent_px, marker_layers, marker_radius_px,
};
use super::text::{Fonts, ShapedText, Weight};
use super::theme::{Palette, Theme};
use super::thinning::{Candidate, thin};
use super::view::{MapView, PxRect};

/// Label font size in pixels at mark scale 1 (the national capital's is 2 px larger).
pub const LABEL_SIZE_PX: f32 = 13.0;
/// Width of the halo around label text, px at mark scale 1.
pub const LABEL_HALO_PX: f32 = 2.0;
/// Province border width, px at mark scale 1.
pub const BORDER_PX: f32 = 1.0;
/// Country outline width, px at mark scale 1.
pub const OUTLINE_PX: f32 = 2.5;
/// The selected capital's marker is this much larger.
pub const SELECTED_FACTOR: f32 = 1.5;

/// The map part of a picture.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLayer {
    /// The map area on the picture, px (the map is clipped to it).
    pub area: PxRect,
    /// The view of the map area.
    pub view: MapView,
    /// Province fills.
    pub fills: Vec<Fill>,
    /// How patterns over fills are drawn.
    pub pattern: PatternStyle,
    /// Province borders.
    pub borders: Stroke,
    /// The country outline.
    pub outline: Stroke,
    /// Capital markers.
    pub markers: Vec<Marker>,
    /// Capital labels.
    pub labels: Vec<TextItem>,
    /// Neighbouring countries, under everything else.
    pub neighbour_fills: Vec<Fill>,
    /// Borders between neighbouring countries.
    pub neighbour_borders: Stroke,
    /// Neighbouring countries' names.
    pub neighbour_labels: Vec<TextItem>,
    /// The scale bar, in the map area's bottom right corner.
    pub scale_bar: Option<ScaleBar>,
    /// The scenario's annotations shown on the date (SVG: one group, `annotations`).
    pub annotations: Vec<AnnotationMark>,
    /// A colour filling the map area first (small multiples, whose cells sit on a band);
    /// None: the picture's background shows.
    pub background: Option<Rgb>,
}

/// A whole picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// Width, px.
    pub width: u32,
    /// Height, px.
    pub height: u32,
    /// What it shows (SVG `<title>`).
    pub title: String,
    /// Behind everything.
    pub background: Rgb,
    /// The maps: one, or a grid of them (small multiples), each clipped to its area.
    pub maps: Vec<MapLayer>,
    /// The briefing overlay, drawn over the map (empty for map-only pictures).
    pub overlay: Vec<OverlayItem>,
}

impl Frame {
    /// The (first) map.
    pub fn map(&self) -> &MapLayer {
        // Every frame the scene makes has a map; an empty one stands in otherwise.
        static EMPTY: std::sync::OnceLock<MapLayer> = std::sync::OnceLock::new();
        self.maps.first().unwrap_or_else(|| {
            EMPTY.get_or_init(|| MapLayer {
                area: PxRect::default(),
                view: MapView {
                    center_map_xy: crate::boundaries::MapXy { x: 0.0, y: 0.0 },
                    km_per_px: 1.0,
                    size_px: [1, 1],
                },
                fills: Vec::new(),
                pattern: PatternStyle {
                    ink: Rgba([0, 0, 0, 0]),
                    spacing_px: 1.0,
                    width_px: 1.0,
                    origin: [0.0, 0.0],
                },
                borders: Stroke::empty(),
                outline: Stroke::empty(),
                markers: Vec::new(),
                labels: Vec::new(),
                neighbour_fills: Vec::new(),
                neighbour_borders: Stroke::empty(),
                neighbour_labels: Vec::new(),
                scale_bar: None,
                annotations: Vec::new(),
                background: None,
            })
        })
    }
}

/// Everything a picture depends on besides its size.
#[derive(Clone, Copy)]
pub struct SceneInput<'a> {
    /// The scenario.
    pub bundle: &'a ScenarioBundle,
    /// Its geometry.
    pub geometry: &'a MapGeometry,
    /// The date shown.
    pub date: Date,
    /// Colours.
    pub theme: Theme,
    /// Fills and labels on or off.
    pub options: ViewOptions,
    /// Size of markers, labels and lines relative to the window's (1 = as in the window).
    pub marks: f32,
    /// The selected capital (drawn larger, labelled first), if any.
    pub selected: Option<usize>,
    /// An earlier date to compare with: capitals that changed hands since are ringed, and a
    /// briefing lists them.
    pub compare_from: Option<Date>,
}

/// The mark scale of a briefing picture of `width`×`height`: markers, labels and lines grow with
/// frames larger than 1280×720 so they read on a slide.
pub fn briefing_marks(width: u32, height: u32) -> f32 {
    (super::briefing::unit_of(width, height) / 720.0).max(1.0)
}

/// The order in which markers are kept when they crowd (lower first): the selected capital,
/// the national capital, capitals that changed hands in the last week (or since the date
/// compared with), capitals held by a side other than the one holding most, then larger
/// provinces first.
fn marker_priorities(input: &SceneInput<'_>, looks: &[CapitalLook]) -> Vec<u64> {
    let s = input.bundle.scenario();
    let timeline = &input.bundle.timeline;
    let counts = timeline.counts_at(input.date);
    let majority = (0..counts.len()).max_by_key(|&i| (counts[i], std::cmp::Reverse(i)));
    let week_ago = input
        .date
        .checked_sub(jiff::ToSpan::days(7))
        .unwrap_or(input.date);
    let rank = &input.geometry.capital_area_rank;
    (0..s.capitals.len())
        .map(|c| {
            let tier = if input.selected == Some(c) {
                0
            } else if s.capitals[c].national {
                1
            } else if looks[c].changed || timeline.status_at(c, week_ago) != looks[c].status {
                2
            } else if Some(looks[c].status) != majority {
                3
            } else {
                4
            };
            tier * 1_000_000_000 + rank[c]
        })
        .collect()
}

/// The markers of the capitals in view, px relative to the view's top left plus `offset`.
/// Where markers would overlap they shrink, then thin out by priority
/// ([`super::thinning`]); a capital left out shows when the view zooms in.
pub fn map_markers(
    input: &SceneInput<'_>,
    view: &MapView,
    looks: &[CapitalLook],
    offset: [f32; 2],
) -> Vec<Marker> {
    let palette = input.theme.palette();
    let s = input.bundle.scenario();
    let [w, h] = view.size_px.map(|v| v as f32);
    let mut in_view = Vec::new();
    for (ci, capital) in s.capitals.iter().enumerate() {
        let mut radius = marker_radius_px(capital.national, input.marks);
        if input.selected == Some(ci) {
            radius *= SELECTED_FACTOR;
        }
        let [x, y] = view.px_from_map(input.geometry.capitals_map_xy[ci]);
        let reach = marker_extent_px(radius, input.marks);
        if !(x >= -reach && y >= -reach && x <= w + reach && y <= h + reach) {
            continue;
        }
        in_view.push((ci, radius, [x, y]));
    }
    let priorities = marker_priorities(input, looks);
    let mut layers: Vec<Vec<MarkerLayer>> = in_view
        .iter()
        .map(|&(ci, radius, _)| marker_layers(&looks[ci], radius, input.marks, &palette))
        .collect();
    let candidates: Vec<Candidate> = in_view
        .iter()
        .zip(&layers)
        .map(|(&(ci, _, center), l)| Candidate {
            center,
            extent: layers_extent_px(l),
            priority: priorities[ci],
        })
        .collect();
    let thinned = thin(&candidates, input.marks);
    in_view
        .iter()
        .enumerate()
        .filter(|(k, _)| thinned.shown[*k])
        .map(|(k, &(ci, radius, [x, y]))| {
            // Every size in a marker is proportional to its radius and mark scale: a shrunk
            // marker is the full one scaled.
            let scale = thinned.scale[k];
            let mut l = std::mem::take(&mut layers[k]);
            if scale != 1.0 {
                for layer in &mut l {
                    layer.radius_px *= scale;
                    layer.offset_px = layer.offset_px.map(|o| o * scale);
                }
            }
            Marker {
                capital: ci,
                id: input.geometry.capital_ids[ci].clone(),
                center: [x + offset[0], y + offset[1]],
                radius_px: radius * scale,
                layers: l,
            }
        })
        .collect()
}

/// The labels of the capitals whose markers are drawn, placed without collisions with each
/// other, the markers, or the rectangles in `avoid` (panels over the map).
pub fn map_labels(
    input: &SceneInput<'_>,
    markers: &[Marker],
    avoid: &[PxRect],
    fonts: &mut Fonts,
) -> Vec<TextItem> {
    placed_labels(input, markers, avoid, fonts)
        .into_iter()
        .map(|(item, _)| item)
        .collect()
}

/// [`map_labels`], each with the capital it names.
fn placed_labels(
    input: &SceneInput<'_>,
    markers: &[Marker],
    avoid: &[PxRect],
    fonts: &mut Fonts,
) -> Vec<(TextItem, usize)> {
    if !input.options.labels {
        return Vec::new();
    }
    let s = input.bundle.scenario();
    let palette = input.theme.palette();
    let halo = LABEL_HALO_PX * input.marks;
    // Priority: the selected capital, the national capital, then larger provinces first.
    let rank = &input.geometry.capital_area_rank;
    let mut shaped = Vec::with_capacity(markers.len());
    let mut requests = Vec::with_capacity(markers.len());
    let mut boxes = Vec::with_capacity(markers.len());
    for m in markers {
        let capital = &s.capitals[m.capital];
        let size = (LABEL_SIZE_PX + if capital.national { 2.0 } else { 0.0 }) * input.marks;
        let text = fonts.shape(&capital.name, size, Weight::Regular, None);
        let reach = layers_extent_px(&m.layers);
        boxes.push((
            m.capital,
            PxRect::from_xywh(
                m.center[0] - reach,
                m.center[1] - reach,
                2.0 * reach,
                2.0 * reach,
            ),
        ));
        requests.push(LabelRequest {
            capital: m.capital,
            priority: if input.selected == Some(m.capital) {
                0
            } else if capital.national {
                1
            } else {
                rank[m.capital]
            },
            at: m.center,
            gap: reach + 2.0 * input.marks,
            size: [text.width + 2.0 * halo, text.height + 2.0 * halo],
            always: capital.national,
        });
        shaped.push((m.capital, text));
    }
    boxes.extend(avoid.iter().map(|r| (usize::MAX, *r)));
    let mut by_capital: Vec<Option<Arc<ShapedText>>> = vec![None; s.capitals.len()];
    for (c, text) in shaped {
        by_capital[c] = Some(text);
    }
    place_labels(&requests, &boxes)
        .into_iter()
        .filter_map(|p| {
            let text = by_capital.get(p.capital)?.clone()?;
            let item = TextItem {
                id: Some(input.geometry.capital_label_ids[p.capital].clone()),
                class: "label",
                shaped: text,
                origin: [p.rect.x0 + halo, p.rect.y0 + halo],
                color: palette.label,
                halo: Some(Halo {
                    color: palette.label_halo,
                    width_px: halo,
                }),
            };
            Some((item, p.capital))
        })
        .collect()
}

fn stroke(
    lines: &[Vec<[f32; 2]>],
    view: &MapView,
    offset: [f32; 2],
    color: Rgb,
    width_px: f32,
) -> Stroke {
    let visible = view.visible_map_rect();
    Stroke {
        lines: lines
            .iter()
            .filter(|l| {
                let mut r = super::view::MapRect::EMPTY;
                for p in l.iter() {
                    r.include(crate::boundaries::MapXy {
                        x: f64::from(p[0]),
                        y: f64::from(p[1]),
                    });
                }
                r.intersects(&visible)
            })
            .map(|l| {
                l.iter()
                    .map(|p| {
                        let [x, y] = view.px_from_map(crate::boundaries::MapXy {
                            x: f64::from(p[0]),
                            y: f64::from(p[1]),
                        });
                        [x + offset[0], y + offset[1]]
                    })
                    .collect()
            })
            .collect(),
        color,
        width_px,
    }
}

/// The pattern style of a view: anchored at the map plane's origin.
pub fn pattern_style(input: &SceneInput<'_>, view: &MapView, offset: [f32; 2]) -> PatternStyle {
    let o = view.px_from_map(crate::boundaries::MapXy { x: 0.0, y: 0.0 });
    PatternStyle {
        ink: input.theme.palette().pattern_ink,
        spacing_px: PATTERN_SPACING_PX * input.marks,
        width_px: 1.5 * input.marks,
        origin: [o[0] + offset[0], o[1] + offset[1]],
    }
}

/// What is placed over the map's shapes for a view: markers (thinned where they crowd), the
/// capitals' labels, the neighbouring countries' names and the scale bar. The exports
/// ([`map_layer`]) and the window both take it from here.
#[derive(Debug, Clone, PartialEq)]
pub struct MapMarks {
    /// Capital markers.
    pub markers: Vec<Marker>,
    /// Capital labels.
    pub labels: Vec<TextItem>,
    /// The capital each of `labels` names.
    pub label_capitals: Vec<usize>,
    /// Neighbouring countries' names.
    pub neighbour_labels: Vec<TextItem>,
    /// The scale bar, in the area's bottom right corner.
    pub scale_bar: Option<ScaleBar>,
    /// The scenario's annotations shown on the date.
    pub annotations: Vec<AnnotationMark>,
}

/// The marks of `view` drawn into `area` of a picture (px; the view's top left is the area's):
/// labels stay inside the area and clear of the rectangles in `avoid` (panels over the map),
/// and neighbours' names clear of the labels, markers and scale bar.
pub fn map_marks(
    input: &SceneInput<'_>,
    view: &MapView,
    looks: &[CapitalLook],
    area: PxRect,
    avoid: &[PxRect],
    fonts: &mut Fonts,
) -> MapMarks {
    let palette: Palette = input.theme.palette();
    let offset = [area.x0, area.y0];
    let markers = map_markers(input, view, looks, offset);
    // Labels stay inside the map area and clear of the panels over it.
    let mut keep_clear = avoid.to_vec();
    keep_clear.extend(area.surroundings());
    let labels = placed_labels(input, &markers, &keep_clear, fonts);
    let (labels, label_capitals): (Vec<TextItem>, Vec<usize>) = labels.into_iter().unzip();
    let mut taken: Vec<PxRect> = avoid.to_vec();
    taken.extend(
        labels
            .iter()
            .map(|l| PxRect::from_xywh(l.origin[0], l.origin[1], l.shaped.width, l.shaped.height)),
    );
    taken.extend(markers.iter().map(|m| {
        let r = layers_extent_px(&m.layers);
        PxRect::from_xywh(m.center[0] - r, m.center[1] - r, 2.0 * r, 2.0 * r)
    }));
    let bar = scale_bar(view, area, input.marks, &palette, fonts);
    if let Some(b) = &bar {
        let l = &b.label;
        taken.push(PxRect::from_xywh(
            l.origin[0],
            l.origin[1],
            l.shaped.width,
            l.shaped.height + 10.0 * input.marks,
        ));
    }
    // Annotations: their text clear of labels, markers, panels, the scale bar and each other.
    let label_rects: Vec<PxRect> = labels.iter().map(super::annotations::text_rect).collect();
    taken.extend(label_rects.iter().copied());
    let notes = super::annotations::NotesInput {
        bundle: input.bundle,
        geometry: input.geometry,
        date: input.date,
        theme: input.theme,
        marks: input.marks,
    };
    let annotations = super::annotations::place_annotations(
        &notes,
        view,
        offset,
        area,
        &markers,
        &label_rects,
        &mut taken,
        fonts,
    );
    let neighbour_labels = neighbour_labels(
        input.geometry,
        input.geometry.neighbour_level_for(view.km_per_px),
        view,
        offset,
        input.marks,
        &palette,
        &taken,
        fonts,
    );
    MapMarks {
        markers,
        labels,
        label_capitals,
        neighbour_labels,
        scale_bar: bar,
        annotations,
    }
}

/// The map layer of a picture: neighbours, fills, borders, outline, markers, labels and the
/// scale bar of `view`, drawn into `area` of the picture; `avoid` are rectangles covered by the
/// overlay (the legend), which neighbour names keep clear of.
pub fn map_layer(
    input: &SceneInput<'_>,
    view: MapView,
    area: PxRect,
    avoid: &[PxRect],
    fonts: &mut Fonts,
) -> MapLayer {
    let palette: Palette = input.theme.palette();
    let offset = [area.x0, area.y0];
    let mut looks = capital_looks(input.bundle, input.date, input.theme);
    if let Some(since) = input.compare_from {
        mark_changes(&mut looks, input.bundle, since, input.date);
    }
    let colors = province_fills(input.bundle, &looks, input.options, input.theme);
    let patterns = province_patterns(input.bundle, &looks, input.options);
    let visible = view.visible_map_rect();
    let to_px = |p: &[f32; 2]| {
        let [x, y] = view.px_from_map(crate::boundaries::MapXy {
            x: f64::from(p[0]),
            y: f64::from(p[1]),
        });
        [x + offset[0], y + offset[1]]
    };
    let detail = input.geometry.level_for(view.km_per_px);
    let fills = detail
        .provinces
        .iter()
        .enumerate()
        .filter(|(pi, _)| input.geometry.province_bounds[*pi].intersects(&visible))
        .map(|(pi, mesh)| Fill {
            province: pi,
            id: input.bundle.boundaries.provinces[pi].id.clone(),
            color: colors[pi],
            pattern: patterns[pi],
            rings: mesh
                .rings_map_xy
                .iter()
                .map(|ring| ring.iter().map(to_px).collect())
                .collect(),
        })
        .collect();
    let neighbour_fills: Vec<Fill> = input
        .geometry
        .neighbour_level_for(view.km_per_px)
        .map(|level| {
            level
                .provinces
                .iter()
                .enumerate()
                .filter(|(ni, _)| {
                    input
                        .geometry
                        .neighbours
                        .get(*ni)
                        .is_some_and(|n| n.bounds.intersects(&visible))
                })
                .map(|(ni, mesh)| Fill {
                    province: ni,
                    id: format!("neighbour-{ni}"),
                    color: palette.neighbour_fill,
                    pattern: None,
                    rings: mesh
                        .rings_map_xy
                        .iter()
                        .map(|ring| ring.iter().map(to_px).collect())
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    let neighbour_borders = stroke(
        input
            .geometry
            .neighbour_level_for(view.km_per_px)
            .map_or(&[][..], |l| &l.borders[..]),
        &view,
        offset,
        palette.neighbour_border,
        BORDER_PX * input.marks,
    );
    let marks = map_marks(input, &view, &looks, area, avoid, fonts);
    MapLayer {
        area,
        view,
        fills,
        pattern: pattern_style(input, &view, offset),
        borders: stroke(
            &detail.borders,
            &view,
            offset,
            palette.border,
            BORDER_PX * input.marks,
        ),
        outline: stroke(
            &detail.outline,
            &view,
            offset,
            palette.outline,
            OUTLINE_PX * input.marks,
        ),
        markers: marks.markers,
        labels: marks.labels,
        neighbour_fills,
        neighbour_borders,
        neighbour_labels: marks.neighbour_labels,
        scale_bar: marks.scale_bar,
        annotations: marks.annotations,
        background: None,
    }
}

/// A map-only picture of `view`.
pub fn map_frame(input: &SceneInput<'_>, view: MapView, fonts: &mut Fonts) -> Frame {
    let [w, h] = view.size_px;
    let area = PxRect::from_xywh(0.0, 0.0, w as f32, h as f32);
    Frame {
        width: w,
        height: h,
        title: format!("{}, {}", input.bundle.scenario().title, input.date),
        background: input.theme.palette().background,
        maps: vec![map_layer(input, view, area, &[], fonts)],
        overlay: Vec::new(),
    }
}

/// A briefing picture of `width`×`height`: title, date and caption above the map, the legend
/// over its lower left corner, credits below. `view_of_area` gives the map view for the map
/// area the layout leaves, given the part of it the legend leaves free (fit the map into that
/// part, or take a requested centre and scale).
pub fn briefing_frame(
    input: &SceneInput<'_>,
    size: [u32; 2],
    view_of_area: impl FnOnce([u32; 2], PxRect) -> MapView,
    fonts: &mut Fonts,
) -> Frame {
    let briefing = match input.compare_from {
        Some(since) => Briefing::compared(input.bundle, since, input.date, input.theme),
        None => Briefing::on(input.bundle, input.date, input.theme),
    };
    let layout = BriefingLayout::new(&briefing, size, &input.theme.palette(), fonts);
    let area = layout.map_area;
    let area_px = [area.width().round() as u32, area.height().round() as u32];
    let (bw, bh) = input.geometry.bounds.size();
    let free = layout.free_map_part(bw / bh.max(1e-9));
    let view = view_of_area(area_px, free);
    Frame {
        width: size[0],
        height: size[1],
        title: format!("{}, {}", briefing.title, briefing.date_text),
        background: input.theme.palette().background,
        maps: vec![map_layer(input, view, area, &layout.panels(), fonts)],
        overlay: layout.items,
    }
}
