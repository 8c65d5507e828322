//! Reading a GeoJSON file of province polygons. Accepts a FeatureCollection (or a single
//! Feature or bare geometry) of Polygon and MultiPolygon features in WGS84 lon/lat; holes are
//! kept. Features of other geometry types are skipped with one warning that counts them.
//! Files whose coordinates cannot be lon/lat are refused as projected.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use geo::{
    BoundingRect, Contains, Coord, Distance, Euclidean, LineString, MultiPolygon, Point, Polygon,
    Rect,
};
use geojson::{Feature, GeoJson, GeometryValue, JsonValue, PolygonType};

use super::projection::{LonLat, Projection};
use crate::model::Diagnostic;

/// One province: an id, a display name and its polygons in lon/lat.
#[derive(Clone, Debug, PartialEq)]
pub struct Province {
    /// The value of the id property.
    pub id: String,
    /// The value of the name property.
    pub name: String,
    /// The feature indices (0-based, in file order) it was built from.
    pub features: Vec<usize>,
    /// Its area, in degrees (x = lon, y = lat), holes kept.
    pub shape_lonlat: MultiPolygon<f64>,
}

impl Province {
    /// True when the point lies inside the province (on the border counts as outside).
    pub fn contains_lonlat(&self, p: LonLat) -> bool {
        self.shape_lonlat.contains(&Point::new(p.lon, p.lat))
    }

    /// Distance in kilometres on the map plane from a point to the province (0 inside).
    pub fn distance_km(&self, projection: &Projection, p: LonLat) -> f64 {
        if self.contains_lonlat(p) {
            return 0.0;
        }
        let to_map = |c: Coord<f64>| {
            let m = projection.map_from_lonlat(LonLat { lon: c.x, lat: c.y });
            Coord { x: m.x, y: m.y }
        };
        let point = projection.map_from_lonlat(p);
        let point = Point::new(point.x, point.y);
        self.shape_lonlat
            .iter()
            .map(|poly| {
                let projected = Polygon::new(
                    poly.exterior().0.iter().map(|c| to_map(*c)).collect(),
                    poly.interiors()
                        .iter()
                        .map(|r| r.0.iter().map(|c| to_map(*c)).collect())
                        .collect(),
                );
                Euclidean.distance(&point, &projected)
            })
            .fold(f64::INFINITY, f64::min)
    }

    /// The province's bounding box in lon/lat.
    pub fn bbox_lonlat(&self) -> Option<Rect<f64>> {
        self.shape_lonlat.bounding_rect()
    }
}

/// All provinces of a boundaries file, plus the warnings its loading raised.
#[derive(Clone, Debug, PartialEq)]
pub struct Boundaries {
    /// The file they came from.
    pub path: PathBuf,
    /// Provinces in file order (features sharing an id are merged into the first).
    pub provinces: Vec<Province>,
    /// Non-fatal problems (skipped features, merged ids, missing properties).
    pub warnings: Vec<Diagnostic>,
}

impl Boundaries {
    /// The bounding box of all provinces in lon/lat.
    pub fn bbox_lonlat(&self) -> Option<Rect<f64>> {
        self.provinces
            .iter()
            .filter_map(Province::bbox_lonlat)
            .reduce(|a, b| {
                Rect::new(
                    Coord {
                        x: a.min().x.min(b.min().x),
                        y: a.min().y.min(b.min().y),
                    },
                    Coord {
                        x: a.max().x.max(b.max().x),
                        y: a.max().y.max(b.max().y),
                    },
                )
            })
    }

    /// The projection suited to these provinces: centred on their bounding box.
    pub fn projection(&self) -> Projection {
        let center = self
            .bbox_lonlat()
            .map(|r| LonLat {
                lon: r.center().x,
                lat: r.center().y,
            })
            .unwrap_or(LonLat { lon: 0.0, lat: 0.0 });
        Projection::centered_on(center)
    }

    /// The index of the province with this id.
    pub fn province_index(&self, id: &str) -> Option<usize> {
        self.provinces.iter().position(|p| p.id == id)
    }

    /// The first province containing the point, if any.
    pub fn province_at(&self, p: LonLat) -> Option<usize> {
        self.provinces
            .iter()
            .position(|prov| prov.contains_lonlat(p))
    }
}

/// Reads and parses a boundaries file.
pub fn load_boundaries(
    path: &Path,
    id_property: &str,
    name_property: &str,
) -> Result<Boundaries, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(path, format!("cannot read the boundaries file: {e}"))
            .help("check the `boundaries.file` path; it is relative to the scenario file")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(
            path,
            format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
        .help("GeoJSON must be UTF-8 encoded (RFC 7946 §11)")
    })?;
    parse_boundaries(path, &text, id_property, name_property)
}

/// Parses GeoJSON text into provinces; `path` is used in messages only.
pub fn parse_boundaries(
    path: &Path,
    text: &str,
    id_property: &str,
    name_property: &str,
) -> Result<Boundaries, Diagnostic> {
    // A UTF-8 byte-order mark is not allowed by RFC 7946 but common in files saved on Windows.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let geojson: GeoJson = serde_json::from_str(text).map_err(|e| {
        let d = Diagnostic::error(path, format!("not valid GeoJSON: {}", strip_serde_position(&e)));
        if e.line() > 0 { d.at(e.line(), e.column()) } else { d }
            .help("the file must be a GeoJSON FeatureCollection (RFC 7946) of Polygon/MultiPolygon features")
    })?;
    check_root_members(path, text)?;
    check_member_semantics(path, &geojson)?;
    let features: Vec<Feature> = match geojson {
        GeoJson::FeatureCollection(fc) => fc.features,
        GeoJson::Feature(f) => vec![f],
        GeoJson::Geometry(g) => vec![Feature {
            geometry: Some(g),
            ..Feature::default()
        }],
    };

    let mut warnings = Vec::new();
    let mut skipped: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut provinces: Vec<Province> = Vec::new();
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    let mut merged: Vec<(String, Vec<usize>)> = Vec::new();
    let mut fallback_ids = Vec::new();

    for (index, feature) in features.iter().enumerate() {
        let where_ = format!("feature {index}");
        let Some(geometry) = &feature.geometry else {
            *skipped.entry("null geometry").or_default() += 1;
            continue;
        };
        let shape = match &geometry.value {
            GeometryValue::Polygon { coordinates } => {
                polygon_from(path, &where_, coordinates)?.map(|p| MultiPolygon::new(vec![p]))
            }
            GeometryValue::MultiPolygon { coordinates } => {
                let mut polys = Vec::new();
                for (k, poly) in coordinates.iter().enumerate() {
                    if let Some(p) = polygon_from(path, &format!("{where_}, polygon {k}"), poly)? {
                        polys.push(p);
                    }
                }
                (!polys.is_empty()).then(|| MultiPolygon::new(polys))
            }
            other => {
                *skipped.entry(other.type_name()).or_default() += 1;
                continue;
            }
        };
        let Some(shape) = shape else {
            *skipped.entry("empty polygon").or_default() += 1;
            continue;
        };

        let id = match property_text(feature, id_property)
            .or_else(|| feature.id.as_ref().map(id_text))
        {
            Some(id) => id,
            None => {
                fallback_ids.push(index);
                format!("feature-{index}")
            }
        };
        let name = property_text(feature, name_property).unwrap_or_else(|| id.clone());
        match by_id.get(&id) {
            Some(&existing) => {
                let province = &mut provinces[existing];
                province.features.push(index);
                province.shape_lonlat.0.extend(shape.0);
                match merged.iter_mut().find(|(m, _)| *m == id) {
                    Some((_, list)) => list.push(index),
                    None => merged.push((id.clone(), province.features.clone())),
                }
            }
            None => {
                by_id.insert(id.clone(), provinces.len());
                provinces.push(Province {
                    id,
                    name,
                    features: vec![index],
                    shape_lonlat: shape,
                });
            }
        }
    }

    if !skipped.is_empty() {
        let total: usize = skipped.values().sum();
        let kinds: Vec<String> = skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
        warnings.push(
            Diagnostic::warning(
                path,
                format!(
                    "skipped {total} feature(s) that are not provinces ({})",
                    kinds.join(", ")
                ),
            )
            .help("only Polygon and MultiPolygon features become provinces"),
        );
    }
    if !fallback_ids.is_empty() {
        let shown: Vec<String> = fallback_ids.iter().take(5).map(|i| i.to_string()).collect();
        warnings.push(
            Diagnostic::warning(
                path,
                format!(
                    "{} feature(s) have no \"{id_property}\" property or id (features {}{}); named \"feature-N\"",
                    fallback_ids.len(),
                    shown.join(", "),
                    if fallback_ids.len() > 5 { ", …" } else { "" }
                ),
            )
            .help(format!("set `id_property` to the property that holds province ids; available: {}", property_names(&features))),
        );
    }
    for (id, feats) in merged {
        let list: Vec<String> = feats.iter().map(|i| i.to_string()).collect();
        warnings.push(
            Diagnostic::warning(path, format!("features {} share the id \"{id}\"; merged into one province", list.join(", ")))
                .help("if they are different provinces, give each its own id (see `frontline import-boundaries --rename`)"),
        );
    }

    if provinces.is_empty() {
        let what = if features.is_empty() {
            "it has no features".to_string()
        } else {
            let kinds: Vec<String> = skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
            format!("its {} feature(s) are {}", features.len(), kinds.join(", "))
        };
        return Err(Diagnostic::error(
            path,
            format!("no polygons: the file holds no Polygon or MultiPolygon features ({what})"),
        )
        .help("frontline needs province polygons, e.g. an admin-1 boundaries file"));
    }

    Ok(Boundaries {
        path: path.to_path_buf(),
        provinces,
        warnings,
    })
}

/// The root object's member names, read without building the values (the geojson crate drops
/// some members a FeatureCollection must not have, so they are checked on the raw text).
fn check_root_members(path: &Path, text: &str) -> Result<(), Diagnostic> {
    #[derive(serde::Deserialize)]
    struct Root {
        #[serde(rename = "type")]
        kind: String,
        #[serde(flatten)]
        members: std::collections::HashMap<String, serde::de::IgnoredAny>,
    }
    let Ok(root) = serde_json::from_str::<Root>(text) else {
        return Ok(());
    };
    if root.kind != "FeatureCollection" {
        return Ok(());
    }
    let forbidden = ["coordinates", "geometries", "geometry", "properties"];
    match forbidden.iter().find(|m| root.members.contains_key(**m)) {
        Some(m) => Err(Diagnostic::error(
            path,
            format!("the FeatureCollection carries a \"{m}\" member, which RFC 7946 §7.1 forbids"),
        )
        .help("remove the member; it belongs to a different kind of GeoJSON object")),
        None => Ok(()),
    }
}

/// RFC 7946 §7.1: a FeatureCollection, Feature or geometry must not carry the members that
/// define the other kinds of object; a file that does is ambiguous and refused.
fn check_member_semantics(path: &Path, geojson: &GeoJson) -> Result<(), Diagnostic> {
    fn forbidden(
        path: &Path,
        what: &str,
        members: Option<&geojson::JsonObject>,
        names: &[&str],
        item: Option<String>,
    ) -> Result<(), Diagnostic> {
        let Some(found) = members.and_then(|m| names.iter().find(|n| m.contains_key(**n))) else {
            return Ok(());
        };
        let d = Diagnostic::error(
            path,
            format!("the {what} carries a \"{found}\" member, which RFC 7946 §7.1 forbids"),
        )
        .help("remove the member; it belongs to a different kind of GeoJSON object");
        Err(match item {
            Some(item) => d.at_item(item),
            None => d,
        })
    }
    const ON_GEOMETRY: [&str; 3] = ["features", "geometry", "properties"];
    match geojson {
        GeoJson::FeatureCollection(fc) => {
            forbidden(
                path,
                "FeatureCollection",
                fc.foreign_members.as_ref(),
                &["coordinates", "geometries", "geometry", "properties"],
                None,
            )?;
            for (i, f) in fc.features.iter().enumerate() {
                forbidden(
                    path,
                    "Feature",
                    f.foreign_members.as_ref(),
                    &["features", "coordinates", "geometries"],
                    Some(format!("feature {i}")),
                )?;
                if let Some(g) = &f.geometry {
                    forbidden(
                        path,
                        "geometry",
                        g.foreign_members.as_ref(),
                        &ON_GEOMETRY,
                        Some(format!("feature {i}")),
                    )?;
                }
            }
        }
        GeoJson::Feature(f) => {
            forbidden(
                path,
                "Feature",
                f.foreign_members.as_ref(),
                &["features", "coordinates", "geometries"],
                None,
            )?;
        }
        GeoJson::Geometry(g) => forbidden(
            path,
            "geometry",
            g.foreign_members.as_ref(),
            &ON_GEOMETRY,
            None,
        )?,
    }
    Ok(())
}

/// serde_json appends " at line L column C"; we print the position separately.
fn strip_serde_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn property_text(feature: &Feature, key: &str) -> Option<String> {
    match feature.property(key)? {
        JsonValue::String(s) if !s.trim().is_empty() => Some(s.clone()),
        JsonValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn id_text(id: &geojson::feature::Id) -> String {
    match id {
        geojson::feature::Id::String(s) => s.clone(),
        geojson::feature::Id::Number(n) => n.to_string(),
    }
}

fn property_names(features: &[Feature]) -> String {
    let mut names: Vec<&str> = features
        .iter()
        .take(20)
        .flat_map(|f| {
            f.properties
                .iter()
                .flat_map(|p| p.keys().map(String::as_str))
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        "(the features have no properties)".to_string()
    } else {
        names.truncate(15);
        names.join(", ")
    }
}

/// Converts one GeoJSON polygon, checking rings and the lon/lat range. `Ok(None)` for a
/// polygon with no rings.
fn polygon_from(
    path: &Path,
    where_: &str,
    rings: &PolygonType,
) -> Result<Option<Polygon<f64>>, Diagnostic> {
    let mut converted = Vec::with_capacity(rings.len());
    for (r, ring) in rings.iter().enumerate() {
        let ring_name = if r == 0 {
            "exterior ring".to_string()
        } else {
            format!("hole {r}")
        };
        if ring.len() < 4 {
            return Err(Diagnostic::error(path, format!("{ring_name} has {} positions; a ring needs at least 4", ring.len()))
                .at_item(where_)
                .help("a linear ring lists at least 3 corners and repeats the first position at the end (RFC 7946 §3.1.6)"));
        }
        let mut coords = Vec::with_capacity(ring.len());
        for pos in ring {
            let (lon, lat) = (pos[0], pos[1]);
            if !lon.is_finite() || !lat.is_finite() || lon.abs() > 180.0 || lat.abs() > 90.0 {
                return Err(Diagnostic::error(
                    path,
                    format!("coordinate [{lon}, {lat}] in the {ring_name} is outside the lon/lat range; the file looks projected"),
                )
                .at_item(where_)
                .help("GeoJSON must be WGS84 lon/lat (RFC 7946 §4); reproject it, e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`"));
            }
            coords.push(Coord { x: lon, y: lat });
        }
        let (first, last) = (&ring[0], &ring[ring.len() - 1]);
        if first.as_slice() != last.as_slice() {
            return Err(Diagnostic::error(
                path,
                format!(
                    "{ring_name} is not closed: it starts at {:?} but ends at {:?}",
                    first.as_slice(),
                    last.as_slice()
                ),
            )
            .at_item(where_)
            .help("repeat the first position at the end of the ring (RFC 7946 §3.1.6)"));
        }
        converted.push(LineString::new(coords));
    }
    let mut iter = converted.into_iter();
    Ok(iter
        .next()
        .map(|exterior| Polygon::new(exterior, iter.collect())))
}
