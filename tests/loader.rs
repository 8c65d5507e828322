//! Fixture-driven tests of the scenario and boundaries loaders: each fixture under
//! `tests/fixtures/` is named for what it exercises, and each test asserts on the content of the
//! messages (file, place, what is wrong), not just on failure.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use frontline::boundaries::load_boundaries;
use frontline::bundle::load_bundle;
use frontline::model::{Diagnostics, ReportKind};
use jiff::civil::date;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn errors_of(rel: &str) -> Diagnostics {
    match load_bundle(&fixture(rel)) {
        Ok(_) => panic!("{rel} should not load"),
        Err(diags) => {
            assert!(
                diags.has_errors(),
                "{rel}: failure without an error: {diags}"
            );
            diags
        }
    }
}

fn text(diags: &Diagnostics) -> String {
    diags.to_string()
}

#[test]
fn valid_scenario_loads_with_events_from_both_files() {
    let bundle = load_bundle(&fixture("scenarios/valid_with_events_file.ron")).unwrap();
    assert!(bundle.warnings.is_empty(), "{}", bundle.warnings);
    let s = bundle.scenario();
    assert_eq!(
        s.events.len(),
        3,
        "one inline event and two from the events file"
    );
    assert_eq!(s.events[1].report, ReportKind::Claimed);
    assert_eq!(
        s.events[1].sources[0].url.as_deref(),
        Some("https://example.org/statement")
    );
    assert_eq!(bundle.capital_province, vec![Some(0), Some(1)]);
    let t = &bundle.timeline;
    assert_eq!(t.statuses_at(date(2021, 7, 9)), vec![0, 0]);
    assert_eq!(t.statuses_at(date(2021, 7, 10)), vec![0, 1]);
    assert_eq!(t.statuses_at(date(2021, 8, 12)), vec![2, 2]);
    assert_eq!(bundle.province_name_of(1), "Eastland");
}

#[test]
fn ron_syntax_error_names_file_and_line_col() {
    let msg = text(&errors_of("scenarios/ron_syntax_error_missing_comma.ron"));
    assert!(
        msg.contains("ron_syntax_error_missing_comma.ron:8:5"),
        "{msg}"
    );
    assert!(msg.to_lowercase().contains("comma"), "{msg}");
}

#[test]
fn syntax_error_in_events_file_names_that_file() {
    let msg = text(&errors_of("scenarios/events_file_syntax_error.ron"));
    assert!(
        msg.contains("events_file_syntax_error_events.ron:3:"),
        "{msg}"
    );
    assert!(
        !msg.contains("events_file_syntax_error.ron:"),
        "the scenario file itself is fine: {msg}"
    );
}

#[test]
fn unknown_ids_suggest_the_closest() {
    let msg = text(&errors_of("scenarios/unknown_status_and_capital.ron"));
    assert!(
        msg.contains("unknown_ids_events.ron:2:"),
        "points at the line: {msg}"
    );
    assert!(
        msg.contains("unknown status \"talibn\"; did you mean \"taliban\"?"),
        "{msg}"
    );
    assert!(msg.contains("unknown_ids_events.ron:3:"), "{msg}");
    assert!(
        msg.contains("unknown capital \"betta\"; did you mean \"beta\"?"),
        "{msg}"
    );
}

#[test]
fn unknown_province_suggests_the_closest() {
    let msg = text(&errors_of("scenarios/unknown_province.ron"));
    assert!(
        msg.contains("capital \"beta\": unknown province \"E-3\"; did you mean \"E-2\"?"),
        "{msg}"
    );
    assert!(msg.contains("unknown_province.ron:17:"), "{msg}");
}

#[test]
fn duplicate_ids_are_errors() {
    let msg = text(&errors_of("scenarios/duplicate_ids.ron"));
    assert!(msg.contains("duplicate status id \"government\""), "{msg}");
    assert!(msg.contains("duplicate capital id \"alpha\""), "{msg}");
    assert!(
        msg.contains("duplicate_ids.ron:17:"),
        "points at the second alpha: {msg}"
    );
}

#[test]
fn event_outside_the_date_range_is_an_error() {
    let msg = text(&errors_of("scenarios/event_outside_date_range.ron"));
    assert!(
        msg.contains("event on 2021-06-10 for \"beta\": the date is outside the scenario's range 2021-07-01 to 2021-08-31"),
        "{msg}"
    );
    assert!(msg.contains("event_outside_date_range.ron:20:"), "{msg}");
}

#[test]
fn badly_written_date_and_colour_are_explained() {
    let msg = text(&errors_of("scenarios/bad_date_format.ron"));
    assert!(msg.contains("bad_date_format.ron:20:"), "{msg}");
    assert!(msg.contains("YYYY-MM-DD"), "{msg}");
    let msg = text(&errors_of("scenarios/bad_color.ron"));
    assert!(
        msg.contains("status \"taliban\": `red` is not a colour"),
        "{msg}"
    );
    assert!(msg.contains("bad_color.ron:12:"), "{msg}");
}

#[test]
fn capital_outside_its_province_is_a_warning_with_distance() {
    let bundle = load_bundle(&fixture("scenarios/capital_outside_its_province.ron")).unwrap();
    let msg = bundle.warnings.to_string();
    assert!(
        msg.contains("capital \"Beta\" (60.5, 30.8) lies outside its province E-2 (Eastland), 47.9 km from it; it lies in W-1 (Westland)"),
        "{msg}"
    );
    assert!(msg.starts_with("warning: "), "{msg}");
}

#[test]
fn province_without_capital_is_a_warning() {
    let bundle = load_bundle(&fixture("scenarios/province_without_capital.ron")).unwrap();
    let msg = bundle.warnings.to_string();
    assert!(
        msg.contains("province N-3 (Northland) has no capital"),
        "{msg}"
    );
}

#[test]
fn projected_boundaries_are_refused_through_the_scenario() {
    let msg = text(&errors_of("scenarios/boundaries_projected.ron"));
    assert!(
        msg.contains("projected_coordinates.geojson (feature 0)"),
        "{msg}"
    );
    assert!(msg.contains("looks projected"), "{msg}");
    assert!(msg.contains("WGS84 lon/lat"), "{msg}");
}

#[test]
fn missing_scenario_file_is_reported() {
    let msg = text(&errors_of("scenarios/does_not_exist.ron"));
    assert!(
        msg.contains("does_not_exist.ron: cannot read the scenario file"),
        "{msg}"
    );
}

// ---- boundaries on their own ----

#[test]
fn multipolygon_holes_kept_and_other_types_skipped_with_one_warning() {
    let b = load_boundaries(
        &fixture("boundaries/multipolygon_with_hole_and_other_types.geojson"),
        "code",
        "label",
    )
    .unwrap();
    assert_eq!(b.provinces.len(), 2);
    let ring = &b.provinces[0];
    assert_eq!((ring.id.as_str(), ring.name.as_str()), ("RING", "Ringland"));
    assert_eq!(
        ring.shape_lonlat.0.len(),
        2,
        "both polygons of the MultiPolygon"
    );
    assert_eq!(
        ring.shape_lonlat.0[0].interiors().len(),
        1,
        "the hole is kept"
    );
    use frontline::boundaries::LonLat;
    assert!(
        !ring.contains_lonlat(LonLat { lon: 2.0, lat: 2.0 }),
        "inside the hole"
    );
    assert!(ring.contains_lonlat(LonLat { lon: 0.5, lat: 0.5 }));
    assert_eq!(b.province_at(LonLat { lon: 2.0, lat: 2.0 }), Some(1));
    assert_eq!(b.warnings.len(), 1, "{:?}", b.warnings);
    let w = b.warnings[0].to_string();
    assert!(
        w.contains(
            "skipped 3 feature(s) that are not provinces (1 LineString, 1 Point, 1 null geometry)"
        ),
        "{w}"
    );
    let bbox = b.bbox_lonlat().unwrap();
    assert_eq!(
        (bbox.min().x, bbox.min().y, bbox.max().x, bbox.max().y),
        (0.0, 0.0, 6.0, 4.0)
    );
}

#[test]
fn file_with_only_points_says_no_polygons() {
    let err =
        load_boundaries(&fixture("boundaries/only_points.geojson"), "id", "name").unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("only_points.geojson"), "{msg}");
    assert!(msg.contains("no polygons"), "{msg}");
    assert!(msg.contains("2 Point"), "{msg}");
}

#[test]
fn unclosed_ring_is_refused_with_feature_index() {
    let msg = load_boundaries(&fixture("boundaries/unclosed_ring.geojson"), "id", "name")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("unclosed_ring.geojson (feature 1)"), "{msg}");
    assert!(msg.contains("exterior ring is not closed"), "{msg}");
}

#[test]
fn json_syntax_error_has_line_and_column() {
    let msg = load_boundaries(
        &fixture("boundaries/json_syntax_error.geojson"),
        "id",
        "name",
    )
    .unwrap_err()
    .to_string();
    assert!(msg.contains("json_syntax_error.geojson:4:3"), "{msg}");
    assert!(msg.contains("not valid GeoJSON"), "{msg}");
}

#[test]
fn missing_id_property_falls_back_with_a_warning_listing_properties() {
    let b = load_boundaries(
        &fixture("boundaries/missing_id_property.geojson"),
        "id",
        "name",
    )
    .unwrap();
    assert_eq!(b.provinces[0].id, "feature-0");
    let w = b.warnings[0].to_string();
    assert!(w.contains("no \"id\" property"), "{w}");
    assert!(w.contains("available: shapeName"), "{w}");
}

#[test]
fn missing_boundaries_file_is_reported() {
    let msg = load_boundaries(&fixture("boundaries/nope.geojson"), "id", "name")
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("nope.geojson: cannot read the boundaries file"),
        "{msg}"
    );
}

// ---- TopoJSON ----

#[test]
fn topojson_with_quantised_arcs_loads_and_keeps_shared_borders_shared() {
    let b = load_boundaries(&fixture("boundaries/two_provinces.topojson"), "id", "name").unwrap();
    let ids: Vec<&str> = b.provinces.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["W-1", "E-2"]);
    use frontline::boundaries::LonLat;
    assert!(b.provinces[0].contains_lonlat(LonLat {
        lon: 60.5,
        lat: 30.5
    }));
    assert!(b.provinces[1].contains_lonlat(LonLat {
        lon: 61.5,
        lat: 30.5
    }));
    // The decoded arc lands on the grid: the shared edge is one border.
    let arcs = frontline::boundaries::arcs(&b);
    let shared: Vec<_> = arcs.iter().filter(|a| !a.is_outline()).collect();
    assert_eq!(shared.len(), 1, "{arcs:?}");
    // Two objects: the first is read, with a warning naming both.
    let w = b.warnings[0].to_string();
    assert!(w.contains("2 objects (provinces, labels)"), "{w}");
}

#[test]
fn topojson_that_would_trip_the_converter_is_refused_with_the_feature_named() {
    let dir = tempfile::tempdir().unwrap();
    let topo = |object: &str, arcs: &str| {
        format!(r#"{{"type":"Topology","objects":{{"provinces":{object}}},"arcs":{arcs}}}"#)
    };
    let square = "[[[0,0],[1,0],[1,1],[0,1],[0,0]]]";
    let cases = [
        (
            topo(
                r#"{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0]],"properties":{"id":"A","name":"A"}},{"type":"Polygon","arcs":[[1]],"properties":{"id":"B","name":"B"}}]}"#,
                square,
            ),
            "feature 1: arc index 1 points past the 1 arcs",
        ),
        (
            topo(
                r#"{"type":"Polygon","arcs":[[-2147483648]],"properties":{"id":"A","name":"A"}}"#,
                square,
            ),
            "arc index -2147483648 points past",
        ),
        (
            topo(
                r#"{"type":"Polygon","arcs":[[0]],"properties":{"id":"A","name":"A"}}"#,
                "[[[0,0],[1],[1,1],[0,0]]]",
            ),
            "arc 0, position 1, has fewer than two numbers",
        ),
        (
            topo(
                r#"{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[]}]}"#,
                square,
            ),
            "feature 0: a GeometryCollection inside a GeometryCollection",
        ),
        (
            topo(r#"{"type":"Point","coordinates":[1]}"#, square),
            "a point has fewer than two numbers",
        ),
    ];
    for (i, (text, want)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("bad{i}.topojson"));
        std::fs::write(&path, text).unwrap();
        let err = load_boundaries(&path, "id", "name")
            .unwrap_err()
            .to_string();
        assert!(err.contains(&format!("bad{i}.topojson")), "{err}");
        assert!(err.contains(want), "case {i}: {err}");
    }
}

#[test]
fn topojson_objects_are_chosen_by_name() {
    use frontline::boundaries::load::load_boundaries_object;
    let path = fixture("boundaries/two_provinces.topojson");
    let err = load_boundaries_object(&path, "id", "name", Some("labels"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("no polygons"), "{err}");
    let err = load_boundaries_object(&path, "id", "name", Some("nope"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no object \"nope\"; it has: provinces, labels"),
        "{err}"
    );
    let b = load_boundaries_object(&path, "id", "name", Some("provinces")).unwrap();
    assert!(b.warnings.is_empty());
}

#[test]
fn topojson_converted_from_the_shipped_boundaries_matches_them() {
    let topo = load_boundaries(
        &fixture("boundaries/afghanistan_from_shipped.topojson"),
        "id",
        "name",
    )
    .unwrap();
    let geo = load_boundaries(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/scenarios/afghanistan-2021/provinces.geojson"),
        "id",
        "name",
    )
    .unwrap();
    assert_eq!(topo.provinces.len(), 34);
    use geo::Area;
    for p in &geo.provinces {
        let q = &topo.provinces[topo.province_index(&p.id).unwrap()];
        assert_eq!(q.name, p.name);
        let (a, b) = (
            p.shape_lonlat.unsigned_area(),
            q.shape_lonlat.unsigned_area(),
        );
        assert!((a - b).abs() / a < 1e-3, "{}: {a} vs {b}", p.id);
    }
    // And a scenario can use it: the shipped scenario's capitals all fall in their provinces.
    let dir = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/afghanistan-2021");
    let text = std::fs::read_to_string(shipped.join("scenario.ron"))
        .unwrap()
        .replace(
            "file: \"provinces.geojson\",",
            &format!(
                "file: \"{}\", object: \"provinces\",",
                fixture("boundaries/afghanistan_from_shipped.topojson").display()
            ),
        );
    std::fs::write(dir.path().join("scenario.ron"), text).unwrap();
    for f in ["events.ron", "annotations.ron", "neighbours.geojson"] {
        std::fs::copy(shipped.join(f), dir.path().join(f)).unwrap();
    }
    let bundle = frontline::bundle::load_bundle(&dir.path().join("scenario.ron"))
        .unwrap_or_else(|d| panic!("{d}"));
    assert!(bundle.warnings.is_empty(), "{}", bundle.warnings);
}
