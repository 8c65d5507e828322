//! Annotations, placed by the scene: each shows only within its dates; its text collides with
//! no label, marker or other annotation and stays in the map area; an arrow's head lies inside
//! the picture; the legend says what an arrow means; the SVG holds them in one group; and
//! `check` names a bad annotation's file, line and column.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use frontline::bundle::{ScenarioBundle, load_bundle};
use frontline::model::annotations::AnnotationKind;
use frontline::scene::annotations::text_rect;
use frontline::scene::frame::OverlayItem;
use frontline::scene::text::Fonts;
use frontline::scene::{
    Frame, MapGeometry, MapView, PxRect, SceneInput, Theme, ViewOptions, briefing_frame, map_frame,
};
use jiff::ToSpan;
use jiff::civil::Date;

fn bundle(name: &str) -> ScenarioBundle {
    load_bundle(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/scenarios")
            .join(name)
            .join("scenario.ron"),
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

fn frame(b: &ScenarioBundle, g: &MapGeometry, d: Date, size: [u32; 2], fonts: &mut Fonts) -> Frame {
    map_frame(
        &input(b, g, d, Theme::Light),
        MapView::fit(g.bounds, size),
        fonts,
    )
}

#[test]
fn each_annotation_shows_only_within_its_dates() {
    for name in ["afghanistan-2021", "syria-2024"] {
        let b = bundle(name);
        let g = MapGeometry::of(&b);
        let mut fonts = Fonts::new();
        let s = b.scenario();
        assert!(s.annotations.len() >= 4, "{name} ships annotations");
        let mut days: Vec<Date> = Vec::new();
        for a in &s.annotations {
            for d in [
                a.from.checked_sub(1.day()).unwrap(),
                a.from,
                a.to,
                a.to.checked_add(1.day()).unwrap(),
            ] {
                if d >= s.start && d <= s.end && !days.contains(&d) {
                    days.push(d);
                }
            }
        }
        for d in days {
            let f = frame(&b, &g, d, [1600, 1000], &mut fonts);
            let shown: Vec<usize> = f.map().annotations.iter().map(|m| m.index).collect();
            for (i, a) in s.annotations.iter().enumerate() {
                assert_eq!(
                    shown.contains(&i),
                    a.shows_on(d),
                    "{name} annotation {i} on {d}"
                );
            }
        }
    }
}

#[test]
fn annotation_text_collides_with_nothing_and_arrow_heads_stay_inside() {
    // (At 960×600 Afghanistan's 34 labels leave annotations little room: none may be placed.)
    for (name, size, room) in [
        ("afghanistan-2021", [1600, 1000], true),
        ("syria-2024", [1280, 720], true),
        ("afghanistan-2021", [960, 600], false),
    ] {
        let b = bundle(name);
        let g = MapGeometry::of(&b);
        let mut fonts = Fonts::new();
        let s = b.scenario();
        let (mut texts, mut heads) = (0, 0);
        for a in &s.annotations {
            let f = frame(&b, &g, a.from, size, &mut fonts);
            let map = f.map();
            let labels: Vec<PxRect> = map.labels.iter().map(text_rect).collect();
            let markers: Vec<PxRect> = map
                .markers
                .iter()
                .map(|m| {
                    PxRect::from_xywh(
                        m.center[0] - m.radius_px,
                        m.center[1] - m.radius_px,
                        2.0 * m.radius_px,
                        2.0 * m.radius_px,
                    )
                })
                .collect();
            let placed: Vec<PxRect> = map
                .annotations
                .iter()
                .filter_map(|m| m.text.as_ref())
                .map(text_rect)
                .collect();
            for (k, r) in placed.iter().enumerate() {
                texts += 1;
                assert!(
                    r.x0 >= map.area.x0
                        && r.y0 >= map.area.y0
                        && r.x1 <= map.area.x1
                        && r.y1 <= map.area.y1,
                    "{name}: outside the map"
                );
                for l in &labels {
                    assert!(
                        !l.overlaps(r),
                        "{name} {}: annotation text over a label",
                        a.from
                    );
                }
                for m in &markers {
                    assert!(
                        !m.overlaps(r),
                        "{name} {}: annotation text over a marker",
                        a.from
                    );
                }
                for (j, o) in placed.iter().enumerate() {
                    assert!(
                        j == k || !o.overlaps(r),
                        "{name} {}: two annotation texts overlap",
                        a.from
                    );
                }
            }
            for m in &map.annotations {
                let kind = &s.annotations[m.index].kind;
                if matches!(kind, AnnotationKind::Arrow { .. })
                    && let Some(tip) = m.arrow_tip
                {
                    heads += 1;
                    assert!(
                        map.area.contains(tip),
                        "{name}: the head of arrow {} lies outside",
                        m.index
                    );
                    assert!(
                        f.width > 0
                            && tip[0] >= 0.0
                            && tip[1] >= 0.0
                            && tip[0] <= f.width as f32
                            && tip[1] <= f.height as f32
                    );
                    for l in &labels {
                        assert!(
                            !l.contains(tip),
                            "{name}: the head of arrow {} lies on a label",
                            m.index
                        );
                    }
                }
            }
        }
        if room {
            assert!(texts > 0, "{name}: some annotation text is placed");
            assert!(heads > 0, "{name}: some arrow is drawn");
        }
    }
}

#[test]
fn the_legend_says_what_the_arrows_mean_and_the_svg_groups_them() {
    let b = bundle("syria-2024");
    let g = MapGeometry::of(&b);
    let mut fonts = Fonts::new();
    let d: Date = "2024-12-04".parse().unwrap();
    let f = briefing_frame(
        &input(&b, &g, d, Theme::Dark),
        [1280, 720],
        |size, free| MapView::fit_within(g.bounds, size, free, 0.04),
        &mut fonts,
    );
    let texts: Vec<String> = f
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
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Arrows: HTS-led offensive")),
        "{texts:?}"
    );
    let svg = frontline::paint::to_svg(&f);
    let group = svg
        .find("<g id=\"annotations\">")
        .expect("one annotations group");
    let arrow = svg.find("class=\"annotation\"").unwrap();
    assert!(arrow > group);
    assert!(
        svg[group..].contains("class=\"annotation\""),
        "the arrows are in the group"
    );
}

#[test]
fn check_names_a_bad_annotation_by_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/syria-2024");
    for f in [
        "scenario.ron",
        "events.ron",
        "provinces.geojson",
        "neighbours.geojson",
        "annotations.ron",
    ] {
        std::fs::copy(src.join(f), tmp.path().join(f)).unwrap();
    }
    let path = tmp.path().join("annotations.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    // The third annotation's arrow ends at a capital that does not exist.
    let third = text.match_indices("Annotation(").nth(2).unwrap().0;
    let bad = format!(
        "{}{}",
        &text[..third],
        text[third..].replacen("Capital(\"homs\")", "Capital(\"homz\")", 1)
    );
    std::fs::write(&path, &bad).unwrap();
    let err = load_bundle(&tmp.path().join("scenario.ron")).expect_err("an error");
    let msg = err.to_string();
    assert!(msg.contains("annotations.ron"), "{msg}");
    assert!(
        msg.contains("unknown capital \"homz\"") && msg.contains("did you mean \"homs\""),
        "{msg}"
    );
    let line = bad[..third].matches('\n').count() + 1;
    assert!(msg.contains(&format!(":{line}:")), "line {line} in {msg}");
}
