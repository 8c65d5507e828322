//! What a newsroom prints, checked on the shipped scenarios without a GPU: neighbouring
//! countries named inside their own shapes, a scale bar whose length matches the view, a
//! comparison of two dates that rings and lists exactly the capitals that changed hands, and
//! small multiples whose maps stay inside their cells.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::path::Path;

use frontline::bundle::{ScenarioBundle, load_bundle};
use frontline::paint::rasterize;
use frontline::scene::frame::OverlayItem;
use frontline::scene::multiples::grid_frame;
use frontline::scene::text::Fonts;
use frontline::scene::{
    MapGeometry, MapView, PxRect, SceneInput, Theme, ViewOptions, briefing_frame, map_frame,
};
use jiff::civil::{Date, date};

fn bundle(name: &str) -> ScenarioBundle {
    load_bundle(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/scenarios")
            .join(name)
            .join("scenario.ron"),
    )
    .unwrap()
}

fn input<'a>(b: &'a ScenarioBundle, g: &'a MapGeometry, d: Date) -> SceneInput<'a> {
    SceneInput {
        bundle: b,
        geometry: g,
        date: d,
        theme: Theme::Light,
        options: ViewOptions::default(),
        marks: 1.0,
        selected: None,
        compare_from: None,
    }
}

#[test]
fn neighbours_are_drawn_muted_and_named_inside_their_own_shapes() {
    for (name, expected) in [
        ("afghanistan-2021", ["IRAN", "PAKISTAN", "TURKMENISTAN"]),
        ("syria-2024", ["TURKEY", "IRAQ", "JORDAN"]),
    ] {
        let b = bundle(name);
        let neighbours = b.neighbours.as_ref().expect("shipped with neighbours");
        assert!(neighbours.provinces.len() >= 8, "{name}");
        let g = MapGeometry::of(&b);
        let mut fonts = Fonts::new();
        let view = MapView::fit(g.bounds, [1600, 900]);
        let frame = map_frame(&input(&b, &g, b.scenario().end), view, &mut fonts);
        let map = frame.map();
        assert!(!map.neighbour_fills.is_empty());
        let names: Vec<String> = map
            .neighbour_labels
            .iter()
            .map(|l| l.shaped.lines[0].text.clone())
            .collect();
        for want in expected {
            assert!(names.iter().any(|n| n == want), "{name}: {names:?}");
        }
        // Each name's centre lies in the country it names (point in its province polygons).
        for label in &map.neighbour_labels {
            let text = &label.shaped.lines[0].text;
            let centre = [
                label.origin[0] + label.shaped.width / 2.0,
                label.origin[1] + label.shaped.height / 2.0,
            ];
            let at = b.projection.lonlat_from_map(view.map_from_px(centre));
            let inside = neighbours
                .province_at(at)
                .map(|p| neighbours.provinces[p].name.to_uppercase());
            assert_eq!(
                inside.as_deref(),
                Some(text.as_str()),
                "{name}: {text} at {at:?}"
            );
        }
        // Drawn muted, under the provinces: a pixel deep inside a neighbour has its colour.
        let pixels = rasterize(&frame, &mut fonts);
        let l = &map.neighbour_labels[0];
        let probe = pixels.get_pixel(l.origin[0] as u32 - 6, l.origin[1] as u32 + 2);
        assert_eq!(
            probe.0[..3],
            Theme::Light.palette().neighbour_fill.0,
            "{name}"
        );
    }
}

#[test]
fn the_scale_bar_is_a_round_length_drawn_to_scale() {
    let b = bundle("afghanistan-2021");
    let g = MapGeometry::of(&b);
    let mut fonts = Fonts::new();
    for (size, km_per_px) in [([1600, 900], 1.3), ([800, 600], 0.2), ([1920, 1080], 7.0)] {
        let mut view = MapView::fit(g.bounds, size);
        view.km_per_px = km_per_px;
        let frame = map_frame(&input(&b, &g, date(2021, 8, 13)), view, &mut fonts);
        let bar = frame.map().scale_bar.as_ref().expect("a scale bar");
        let line = &bar.bar.lines[0];
        let length_px = f64::from(line[2][0] - line[1][0]);
        assert!(
            (length_px * km_per_px - bar.km).abs() <= km_per_px,
            "{length_px} px × {km_per_px} km/px is not {} km",
            bar.km
        );
        let lead = bar.km / 10f64.powf(bar.km.log10().floor());
        assert!(
            [1.0, 2.0, 5.0].iter().any(|m| (lead - m).abs() < 1e-9),
            "{}",
            bar.km
        );
        assert!((60.0..=130.0).contains(&length_px), "{length_px}");
        assert!(bar.label.shaped.lines[0].text.ends_with(" km"));
    }
}

#[test]
fn comparing_two_dates_rings_and_lists_exactly_the_capitals_that_changed_hands() {
    for (name, since, date) in [
        ("afghanistan-2021", date(2021, 8, 6), date(2021, 8, 13)),
        ("syria-2024", date(2024, 11, 29), date(2024, 12, 8)),
    ] {
        let b = bundle(name);
        let g = MapGeometry::of(&b);
        let mut fonts = Fonts::new();
        let changed: HashSet<usize> = b
            .timeline
            .changes_between(since, date)
            .iter()
            .map(|c| c.capital)
            .collect();
        assert!(changed.len() > 5, "{name}");
        let compared = SceneInput {
            compare_from: Some(since),
            ..input(&b, &g, date)
        };
        let frame = briefing_frame(
            &compared,
            [1920, 1080],
            |area, free| MapView::fit_within(g.bounds, area, free, 1.08),
            &mut fonts,
        );
        // A ringed marker is its plain self with two layers under it.
        let plain = briefing_frame(
            &input(&b, &g, date),
            [1920, 1080],
            |area, free| MapView::fit_within(g.bounds, area, free, 1.08),
            &mut fonts,
        );
        let plain_layers: std::collections::HashMap<usize, usize> = plain
            .map()
            .markers
            .iter()
            .map(|m| (m.capital, m.layers.len()))
            .collect();
        for m in &frame.map().markers {
            let ringed = m.layers.len() == plain_layers[&m.capital] + 2;
            assert_eq!(ringed, changed.contains(&m.capital), "{name}: {}", m.id);
            if ringed {
                assert_eq!(m.layers[0].color, Theme::Light.palette().text);
            }
        }
        // The panel lists them (as many as fit, then "… and N more"), the caption counts them.
        let texts: Vec<(&Option<std::sync::Arc<str>>, String)> = frame
            .overlay
            .iter()
            .filter_map(|i| match i {
                OverlayItem::Text(t) => Some((
                    &t.id,
                    t.shaped
                        .lines
                        .iter()
                        .map(|l| l.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                )),
                _ => None,
            })
            .collect();
        let listed: HashSet<usize> = texts
            .iter()
            .filter_map(|(id, _)| id.as_deref()?.strip_prefix("change-")?.parse().ok())
            .collect();
        assert!(listed.is_subset(&changed), "{name}");
        let more = texts.iter().any(|(_, t)| t.starts_with("… and "));
        assert!(listed.len() == changed.len() || more, "{name}: {listed:?}");
        let caption = texts
            .iter()
            .find(|(id, _)| id.as_deref() == Some("caption"))
            .map(|(_, t)| t.clone())
            .unwrap();
        assert!(
            caption.contains(&format!("{} capitals changed hands", changed.len())),
            "{caption}"
        );
    }
}

#[test]
fn small_multiples_keep_each_map_in_its_cell_with_its_date() {
    let b = bundle("afghanistan-2021");
    let g = MapGeometry::of(&b);
    let mut fonts = Fonts::new();
    let dates: Vec<Date> = (0..6).map(|k| date(2021, 8, 6 + 2 * k)).collect();
    let frame = grid_frame(
        &input(&b, &g, dates[0]),
        &dates,
        [3, 2],
        2,
        [1920, 1080],
        &mut fonts,
    );
    assert_eq!(frame.maps.len(), 6);
    let areas: Vec<PxRect> = frame.maps.iter().map(|m| m.area).collect();
    for (i, a) in areas.iter().enumerate() {
        assert!(a.x0 >= 0.0 && a.y0 >= 0.0 && a.x1 <= 1920.0 && a.y1 <= 1080.0);
        for o in &areas[i + 1..] {
            assert!(!a.overlaps(o), "cells {a:?} and {o:?} overlap");
        }
    }
    // Each cell's map shows its own date's colours.
    for (map, d) in frame.maps.iter().zip(&dates) {
        let looks = frontline::scene::capital_looks(&b, *d, Theme::Light);
        for m in &map.markers {
            assert_eq!(m.layers[2].color, looks[m.capital].color, "{d}: {}", m.id);
        }
    }
    // Each date is written above its cell.
    for k in 0..6 {
        assert!(frame.overlay.iter().any(|i| matches!(i, OverlayItem::Text(t) if t.id.as_deref() == Some(&format!("cell-date-{k}")))));
    }
    // Only the last map has the scale bar; maps never spill into the gutters between cells.
    assert!(frame.maps[..5].iter().all(|m| m.scale_bar.is_none()));
    assert!(frame.maps[5].scale_bar.is_some());
    let pixels = rasterize(&frame, &mut fonts);
    let band = Theme::Light.palette().band;
    let (a, c) = (areas[0], areas[1]);
    for y in (a.y0 as u32 + 2..a.y1 as u32 - 2).step_by(7) {
        let x = ((a.x1 + c.x0) / 2.0) as u32;
        assert_eq!(
            pixels.get_pixel(x, y).0[..3],
            band.0,
            "gutter pixel ({x}, {y})"
        );
    }
}

#[test]
fn progress_is_reported_through_loading_and_geometry() {
    let p = frontline::progress::Progress::new();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/scenarios/afghanistan-2021/scenario.ron");
    let b = frontline::bundle::load_bundle_with(&path, &p, 0.7).unwrap();
    let (stage, done) = p.get();
    assert_eq!(stage, "indexing the events");
    assert!((0.6..=0.7).contains(&done), "{done}");
    let g = MapGeometry::of_with(&b, &p, 0.7);
    let (stage, done) = p.get();
    assert_eq!(stage, "simplifying and tessellating");
    assert!((done - 1.0).abs() < 1e-6, "{done}");
    assert!(g.level_count() == 5 && g.is_ready(0));
}
