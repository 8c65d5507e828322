//! The scene on the shipped scenario, without a GPU: what a frame contains (every province
//! filled in its capital's colour, every capital's marker where the view puts it, labels that
//! overlap nothing, a legend whose counts add up, borders drawn once) and how it follows the
//! date, the theme, the options and the view.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use frontline::bundle::{ScenarioBundle, load_bundle};
use frontline::model::ReportKind;
use frontline::scene::frame::OverlayItem;
use frontline::scene::text::Fonts;
use frontline::scene::{
    Frame, MapGeometry, MapView, MarkerShape, PxRect, SceneInput, Theme, ViewOptions,
    briefing_frame, map_frame, status_color,
};
use jiff::civil::{Date, date};

fn bundle() -> ScenarioBundle {
    load_bundle(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/scenarios/afghanistan-2021/scenario.ron"),
    )
    .unwrap()
}

fn input<'a>(b: &'a ScenarioBundle, g: &'a MapGeometry, d: Date, theme: Theme) -> SceneInput<'a> {
    SceneInput {
        bundle: b,
        geometry: g,
        date: d,
        theme,
        options: ViewOptions::default(),
        marks: 1.0,
        selected: None,
        compare_from: None,
    }
}

fn fitted(g: &MapGeometry, size: [u32; 2]) -> MapView {
    MapView::fit(g.bounds, size)
}

#[test]
fn a_map_frame_shows_every_province_and_capital_in_its_status() {
    let b = bundle();
    let g = MapGeometry::of(&b);
    let d = date(2021, 8, 13);
    let mut fonts = Fonts::new();
    let view = fitted(&g, [1200, 800]);
    let frame = map_frame(&input(&b, &g, d, Theme::Light), view, &mut fonts);
    let s = b.scenario();
    assert_eq!(frame.map().fills.len(), 34);
    for fill in &frame.map().fills {
        let capital = b.province_capitals[fill.province][0];
        let status = &s.statuses[b.timeline.status_at(capital, d)];
        assert_eq!(
            fill.color,
            status_color(status, Theme::Light),
            "{}",
            fill.id
        );
    }
    assert_eq!(frame.map().markers.len(), 34);
    for m in &frame.map().markers {
        let want = view.px_from_map(g.capitals_map_xy[m.capital]);
        assert_eq!(m.center, want, "{} is drawn where the view puts it", m.id);
        let state = b.timeline.state_at(m.capital, d);
        let uncertain = state
            .last_event
            .is_some_and(|e| s.events[e].uncertain_on(d));
        let shape = m.layers[0].shape;
        assert_eq!(shape == MarkerShape::Diamond, uncertain, "{}", m.id);
        assert_eq!(
            m.layers.len() == 4,
            s.statuses[state.status].contested,
            "hollow centre for contested {}",
            m.id
        );
    }
    // On 08-16 Mahmud-i-Raqi's fall rests on a Taliban claim (a diamond; confirmed on 09-06,
    // a circle from then); Kabul is confirmed (a circle).
    let mut shape_on = |day, id: &str| {
        let frame = map_frame(&input(&b, &g, day, Theme::Light), view, &mut fonts);
        frame
            .map()
            .markers
            .iter()
            .find(|m| &*m.id == id)
            .unwrap()
            .layers[0]
            .shape
    };
    assert_eq!(
        shape_on(date(2021, 8, 16), "mahmud-i-raqi"),
        MarkerShape::Diamond
    );
    assert_eq!(
        shape_on(date(2021, 9, 6), "mahmud-i-raqi"),
        MarkerShape::Circle
    );
    assert_eq!(shape_on(date(2021, 8, 16), "kabul"), MarkerShape::Circle);
}

fn label_rects(frame: &Frame) -> Vec<(String, PxRect)> {
    frame
        .map()
        .labels
        .iter()
        .map(|l| {
            let halo = l.halo.map_or(0.0, |h| h.width_px);
            (
                l.id.as_deref().unwrap_or_default().to_string(),
                PxRect::from_xywh(
                    l.origin[0] - halo,
                    l.origin[1] - halo,
                    l.shaped.width + 2.0 * halo,
                    l.shaped.height + 2.0 * halo,
                ),
            )
        })
        .collect()
}

#[test]
fn labels_overlap_neither_each_other_nor_other_markers() {
    let b = bundle();
    let g = MapGeometry::of(&b);
    let mut fonts = Fonts::new();
    for size in [[1600, 900], [800, 450], [400, 300]] {
        let frame = map_frame(
            &input(&b, &g, date(2021, 8, 13), Theme::Light),
            fitted(&g, size),
            &mut fonts,
        );
        let rects = label_rects(&frame);
        assert!(
            rects.iter().any(|(id, _)| id == "label-kabul"),
            "the national capital shows"
        );
        for (i, (a, ra)) in rects.iter().enumerate() {
            for (b_id, rb) in &rects[i + 1..] {
                assert!(!ra.overlaps(rb), "{size:?}: {a} overlaps {b_id}");
            }
            for m in &frame.map().markers {
                if format!("label-{}", m.id) == *a {
                    continue;
                }
                let r = m.layers[0].radius_px;
                let marker = PxRect::from_xywh(m.center[0] - r, m.center[1] - r, 2.0 * r, 2.0 * r);
                assert!(
                    !ra.grown(-0.5).overlaps(&marker) || a == "label-kabul",
                    "{size:?}: {a} covers the marker of {}",
                    m.id
                );
            }
        }
        if size[0] == 1600 {
            assert!(
                rects.len() >= 30,
                "most names fit at 1600 px: {}",
                rects.len()
            );
        }
    }
    let none = SceneInput {
        options: ViewOptions {
            fill_provinces: true,
            labels: false,
        },
        ..input(&b, &g, date(2021, 8, 13), Theme::Light)
    };
    assert!(
        map_frame(&none, fitted(&g, [800, 450]), &mut fonts)
            .map()
            .labels
            .is_empty()
    );
}

#[test]
fn borders_are_drawn_once_and_the_outline_closes_the_country() {
    let b = bundle();
    let g = MapGeometry::of(&b);
    let length = |lines: &[Vec<[f32; 2]>]| -> f64 {
        lines
            .iter()
            .flat_map(|l| l.windows(2))
            .map(|w| f64::from((w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1])))
            .sum()
    };
    // At every level of detail, every ring edge is either the outline (one province) or a
    // border (two provinces): simplification kept shared edges shared.
    assert_eq!(g.level_count(), 5);
    let full_outline = length(&g.full().outline);
    for (i, level) in (0..g.level_count()).map(|i| (i, g.level(i))) {
        let rings: f64 = level
            .provinces
            .iter()
            .map(|p| length(&p.rings_map_xy))
            .sum();
        let borders = length(&level.borders);
        let outline = length(&level.outline);
        assert!(
            ((2.0 * borders + outline) - rings).abs() / rings < 1e-4,
            "level {i}: rings {rings} = 2 × borders {borders} + outline {outline}"
        );
        // Simplifying shortens lines only a little.
        assert!(
            outline > 0.9 * full_outline,
            "level {i}: {outline} vs {full_outline}"
        );
        // Every province keeps a fill, and coarser levels hold fewer vertices.
        assert!(
            level.provinces.iter().all(|p| p.triangle_count() > 0),
            "level {i}"
        );
        if i > 0 {
            assert!(
                g.level(i - 1).vertex_count() < level.vertex_count(),
                "level {i} is not finer than level {}",
                i - 1
            );
        }
    }
    // Afghanistan's land border is about 5,500 km long.
    assert!(
        (5000.0..6500.0).contains(&full_outline),
        "outline {full_outline} km"
    );
    // A view picks the coarsest level within half a pixel.
    for km_per_px in [0.01, 0.5, 1.0, 5.0, 50.0] {
        let l = g.level_for(km_per_px);
        assert!(l.tolerance_km <= 0.5 * km_per_px || l.tolerance_km == 0.0);
        let i = g.level_index_for(km_per_px);
        if i > 0 {
            assert!(g.level(i - 1).tolerance_km > 0.5 * km_per_px);
        }
    }
}

#[test]
fn the_briefing_says_the_date_the_caption_and_the_counts() {
    let b = bundle();
    let g = MapGeometry::of(&b);
    let mut fonts = Fonts::new();
    let d = date(2021, 8, 15);
    let frame = briefing_frame(
        &input(&b, &g, d, Theme::Dark),
        [1920, 1080],
        |area, free| MapView::fit_within(g.bounds, area, free, 1.08),
        &mut fonts,
    );
    let texts: Vec<String> = frame
        .overlay
        .iter()
        .filter_map(|i| match i {
            OverlayItem::Text(t) => Some(
                t.shaped
                    .lines
                    .iter()
                    .map(|l| l.text.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            _ => None,
        })
        .collect();
    for want in [
        "Sunday 15 August 2021",
        "Taliban enter Kabul; President Ghani leaves the country",
        "Government 1 / 34",
        "Taliban 33 / 34",
        "claimed, disputed or unconfirmed",
    ] {
        assert!(texts.iter().any(|t| t == want), "{want:?} in {texts:?}");
    }
    assert_eq!(frame.background, Theme::Dark.palette().background);
    // The map does not pass under the legend panel.
    let panel = frame
        .overlay
        .iter()
        .find_map(|i| match i {
            OverlayItem::Rect {
                id: "legend-panel",
                rect,
                ..
            } => Some(*rect),
            _ => None,
        })
        .unwrap();
    for m in &frame.map().markers {
        assert!(!panel.contains(m.center), "{} under the legend", m.id);
    }
}

#[test]
fn refuted_claims_are_in_the_data_but_not_on_the_map() {
    let b = bundle();
    let s = b.scenario();
    let refuted: Vec<_> = s
        .events
        .iter()
        .filter(|e| e.report == ReportKind::Refuted)
        .collect();
    assert!(!refuted.is_empty());
    let g = MapGeometry::of(&b);
    let mut fonts = Fonts::new();
    for e in refuted {
        let frame = map_frame(
            &input(&b, &g, e.date, Theme::Light),
            fitted(&g, [800, 450]),
            &mut fonts,
        );
        let capital = s.capital_index(&e.capital).unwrap();
        let claimed = status_color(
            &s.statuses[s.status_index(&e.status).unwrap()],
            Theme::Light,
        );
        let shown = b.timeline.status_at(capital, e.date);
        let marker = frame
            .map()
            .markers
            .iter()
            .find(|m| m.capital == capital)
            .unwrap();
        assert_eq!(
            marker.layers[2].color,
            status_color(&s.statuses[shown], Theme::Light)
        );
        assert_ne!(
            marker.layers[2].color, claimed,
            "{} on {}",
            e.capital, e.date
        );
    }
}
