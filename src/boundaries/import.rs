//! Turning a third-party admin-1 GeoJSON file (e.g. Natural Earth's) into a clean boundaries
//! file for a scenario: keep the features of one country, give each a correct id and name
//! (fixing known mislabels through a rename table), drop every other property, and round
//! coordinates to a fixed number of decimals so the file is small enough to ship.
//!
//! Rounding moves every vertex by at most half a unit of the last decimal (about 5.5 m at 4
//! decimals) and maps a vertex shared by two provinces to the same rounded position in both,
//! so neighbouring provinces stay gap- and overlap-free. The output is deterministic: features
//! sorted by id, one per line, so re-running the import reproduces the file byte for byte.

use std::path::Path;

use geojson::{Feature, GeoJson, GeometryValue, JsonObject, JsonValue, PolygonType, Position};
use serde::{Deserialize, Serialize};

use crate::model::Diagnostic;
use crate::model::load::parse_ron;

/// How to import: which features to keep and how to name them. Stored as RON beside a
/// scenario so the import can be re-run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportRecipe {
    /// Keep only features whose property `key` equals `value`, for every pair.
    #[serde(default)]
    pub filter: Vec<(String, String)>,
    /// Property holding the province id in the input.
    pub id_property: String,
    /// Property holding the display name in the input.
    pub name_property: String,
    /// Property used to find the features that `rename` entries refer to.
    #[serde(default)]
    pub match_property: Option<String>,
    /// Corrections: the feature whose `match_property` equals `match` gets this id and name.
    #[serde(default)]
    pub rename: Vec<Rename>,
    /// Decimals kept in coordinates (4 ≈ 11 m, 5 ≈ 1.1 m).
    #[serde(default = "default_decimals")]
    pub decimals: u32,
    /// Features to fold into another (by id, after renaming): their polygons are added to it
    /// and the border between them, now inside one province, is not drawn.
    #[serde(default)]
    pub merge: Vec<Merge>,
    /// Keep only features matching at least one of these pairs too (empty: no such condition),
    /// e.g. the neighbouring countries `[("adm0_a3", "PAK"), ("adm0_a3", "IRN")]`.
    #[serde(default)]
    pub filter_any: Vec<(String, String)>,
    /// Keep only the polygons reaching into this box, `(west, south, east, north)` in degrees
    /// (e.g. the part of a large neighbour a map can show).
    #[serde(default)]
    pub within: Option<(f64, f64, f64, f64)>,
    /// Features sharing an id become one feature (a country from its provinces, with
    /// `id_property: "adm0_a3"`); without it, two features with one id are an error.
    #[serde(default)]
    pub dissolve: bool,
    /// Drop features matching any of these pairs (e.g. a province of the scenario's own country
    /// that the input files under a neighbour).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<(String, String)>,
}

/// One feature folded into another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Merge {
    /// The id of the feature that disappears.
    pub from: String,
    /// The id of the feature that receives its polygons.
    pub into: String,
}

fn default_decimals() -> u32 {
    4
}

/// One correction of a feature's id and name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rename {
    /// Value of the recipe's `match_property` that selects the feature.
    #[serde(rename = "match")]
    pub match_value: String,
    /// The id to give it.
    pub id: String,
    /// The display name to give it.
    pub name: String,
}

/// What an import produced.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportResult {
    /// The GeoJSON text to write.
    pub geojson: String,
    /// Number of features written.
    pub features: usize,
    /// Number of positions written.
    pub positions: usize,
}

impl ImportRecipe {
    /// Reads a recipe file.
    pub fn load(path: &Path) -> Result<Self, Diagnostic> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Diagnostic::error(path, format!("cannot read the import recipe: {e}")))?;
        parse_ron(path, &text)
    }
}

fn text_of(value: Option<&JsonValue>) -> Option<String> {
    match value? {
        JsonValue::String(s) => Some(s.clone()),
        JsonValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Imports `text` (the input file's content; `path` names it in messages) following `recipe`.
pub fn import_boundaries(
    path: &Path,
    text: &str,
    recipe: &ImportRecipe,
) -> Result<ImportResult, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let geojson: GeoJson = serde_json::from_str(text).map_err(|e| {
        Diagnostic::error(path, format!("not valid GeoJSON: {e}")).at(e.line(), e.column())
    })?;
    let GeoJson::FeatureCollection(fc) = geojson else {
        return Err(Diagnostic::error(path, "expected a FeatureCollection")
            .help("import reads admin-1 FeatureCollections"));
    };
    let kept: Vec<(usize, &Feature)> = fc
        .features
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            let is = |(k, v): &(String, String)| text_of(f.property(k)).as_deref() == Some(v);
            recipe.filter.iter().all(is)
                && (recipe.filter_any.is_empty() || recipe.filter_any.iter().any(is))
                && !recipe.exclude.iter().any(is)
        })
        .collect();
    if kept.is_empty() {
        return Err(Diagnostic::error(
            path,
            format!("no feature matches the filter {:?}", recipe.filter),
        )
        .help("check the filter's property names and values, e.g. adm0_a3 = \"AFG\""));
    }

    let scale = 10f64.powi(recipe.decimals as i32);
    let round = |v: f64| (v * scale).round() / scale;
    let mut out: Vec<(String, String, GeometryValue)> = Vec::new();
    let mut used_renames = vec![false; recipe.rename.len()];
    for (index, feature) in kept {
        let where_ = format!("feature {index}");
        let mut id = text_of(feature.property(&recipe.id_property));
        let mut name = text_of(feature.property(&recipe.name_property));
        if let Some(match_property) = &recipe.match_property {
            let value = text_of(feature.property(match_property));
            let hits: Vec<usize> = recipe
                .rename
                .iter()
                .enumerate()
                .filter(|(_, r)| Some(&r.match_value) == value.as_ref())
                .map(|(i, _)| i)
                .collect();
            if let [hit] = hits[..] {
                used_renames[hit] = true;
                id = Some(recipe.rename[hit].id.clone());
                name = Some(recipe.rename[hit].name.clone());
            }
        }
        let id = id.ok_or_else(|| {
            Diagnostic::error(path, format!("no \"{}\" property", recipe.id_property))
                .at_item(where_.clone())
        })?;
        let name = name.unwrap_or_else(|| id.clone());
        let Some(geometry) = &feature.geometry else {
            continue;
        };
        let rounded_polygon = |poly: &PolygonType| -> PolygonType {
            poly.iter()
                .map(|ring| {
                    let mut r: Vec<Position> = Vec::with_capacity(ring.len());
                    for p in ring {
                        let q = Position::from([round(p[0]), round(p[1])]);
                        if r.last() != Some(&q) {
                            r.push(q);
                        }
                    }
                    r
                })
                .filter(|ring| ring.len() >= 4)
                .collect()
        };
        // Polygons reaching into the `within` box (all when there is none).
        let inside = |poly: &PolygonType| {
            let Some((w, s, e, n)) = recipe.within else {
                return true;
            };
            poly.first().is_some_and(|ring| {
                let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
                for p in ring {
                    (x0, y0, x1, y1) = (x0.min(p[0]), y0.min(p[1]), x1.max(p[0]), y1.max(p[1]));
                }
                x0 <= e && x1 >= w && y0 <= n && y1 >= s
            })
        };
        let value = match &geometry.value {
            GeometryValue::Polygon { coordinates } if inside(coordinates) => {
                GeometryValue::Polygon {
                    coordinates: rounded_polygon(coordinates),
                }
            }
            GeometryValue::MultiPolygon { coordinates } => GeometryValue::MultiPolygon {
                coordinates: coordinates
                    .iter()
                    .filter(|p| inside(p))
                    .map(rounded_polygon)
                    .filter(|p| !p.is_empty())
                    .collect(),
            },
            _ => continue,
        };
        if matches!(&value, GeometryValue::MultiPolygon { coordinates } if coordinates.is_empty()) {
            continue;
        }
        out.push((id, name, value));
    }
    if let Some(unused) = used_renames.iter().position(|u| !u) {
        return Err(Diagnostic::error(
            path,
            format!(
                "rename entry {unused} (match \"{}\") matches no kept feature",
                recipe.rename[unused].match_value
            ),
        )
        .help("check the match value against the input's match property"));
    }
    for m in &recipe.merge {
        let find = |id: &str, out: &[(String, String, GeometryValue)]| {
            out.iter().position(|(i, _, _)| i == id)
        };
        let (Some(from), Some(_)) = (find(&m.from, &out), find(&m.into, &out)) else {
            return Err(Diagnostic::error(
                path,
                format!(
                    "merge of \"{}\" into \"{}\": no kept feature has the id \"{}\"",
                    m.from,
                    m.into,
                    if find(&m.from, &out).is_none() {
                        &m.from
                    } else {
                        &m.into
                    }
                ),
            )
            .help("merge names features by their id after renaming"));
        };
        let (_, _, moved) = out.remove(from);
        let Some(into) = find(&m.into, &out) else {
            continue;
        };
        let polygons = |g: GeometryValue| match g {
            GeometryValue::Polygon { coordinates } => vec![coordinates],
            GeometryValue::MultiPolygon { coordinates } => coordinates,
            _ => vec![],
        };
        let mut all = polygons(std::mem::replace(
            &mut out[into].2,
            GeometryValue::MultiPolygon {
                coordinates: vec![],
            },
        ));
        all.extend(polygons(moved));
        out[into].2 = GeometryValue::MultiPolygon { coordinates: all };
    }
    // Stable: features keep their input order within an id, so dissolving is deterministic.
    out.sort_by(|a, b| a.0.cmp(&b.0));
    if recipe.dissolve {
        let mut dissolved: Vec<(String, String, GeometryValue)> = Vec::new();
        for (id, name, value) in out {
            let polygons = match value {
                GeometryValue::Polygon { coordinates } => vec![coordinates],
                GeometryValue::MultiPolygon { coordinates } => coordinates,
                _ => vec![],
            };
            match dissolved.last_mut() {
                Some((last, _, GeometryValue::MultiPolygon { coordinates })) if *last == id => {
                    coordinates.extend(polygons);
                }
                _ => dissolved.push((
                    id,
                    name,
                    GeometryValue::MultiPolygon {
                        coordinates: polygons,
                    },
                )),
            }
        }
        out = dissolved;
    }
    if let Some(w) = out.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(Diagnostic::error(
            path,
            format!("two features would get the id \"{}\"", w[0].0),
        )
        .help("add rename entries so that every province gets its own id"));
    }

    let mut geojson = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    let mut positions = 0;
    for (i, (id, name, value)) in out.iter().enumerate() {
        positions += match value {
            GeometryValue::Polygon { coordinates } => coordinates.iter().map(Vec::len).sum(),
            GeometryValue::MultiPolygon { coordinates } => {
                coordinates.iter().flatten().map(Vec::len).sum()
            }
            _ => 0,
        };
        let mut properties = JsonObject::new();
        properties.insert("id".into(), JsonValue::String(id.clone()));
        properties.insert("name".into(), JsonValue::String(name.clone()));
        let feature = Feature {
            geometry: Some(geojson::Geometry::new(value.clone())),
            properties: Some(properties),
            ..Feature::default()
        };
        let line = serde_json::to_string(&feature)
            .map_err(|e| Diagnostic::error(path, format!("cannot write feature {id}: {e}")))?;
        geojson.push_str(&line);
        geojson.push_str(if i + 1 < out.len() { ",\n" } else { "\n" });
    }
    geojson.push_str("]}\n");
    Ok(ImportResult {
        geojson,
        features: out.len(),
        positions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const INPUT: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"cc":"X","iso":"X-1","nm":"One","gn":"Uno"},"geometry":{"type":"Polygon","coordinates":[[[0.123456,0],[1,0],[1,0.000001],[1,1],[0,1],[0.123456,0]]]}},
      {"type":"Feature","properties":{"cc":"X","iso":"X-1","nm":"One","gn":"Dos"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}},
      {"type":"Feature","properties":{"cc":"Y","iso":"Y-1","nm":"Other","gn":"Otro"},"geometry":{"type":"Point","coordinates":[5,5]}}]}"#;

    fn recipe() -> ImportRecipe {
        ImportRecipe {
            filter: vec![("cc".into(), "X".into())],
            id_property: "iso".into(),
            name_property: "nm".into(),
            match_property: Some("gn".into()),
            rename: vec![Rename {
                match_value: "Dos".into(),
                id: "X-2".into(),
                name: "Two".into(),
            }],
            decimals: 3,
            merge: vec![],
            filter_any: vec![],
            exclude: vec![],
            within: None,
            dissolve: false,
        }
    }

    #[test]
    fn filters_renames_rounds_and_sorts() {
        let out = import_boundaries(Path::new("in.json"), INPUT, &recipe()).unwrap();
        assert_eq!(out.features, 2);
        assert!(out.geojson.contains(r#""id":"X-2""#) && out.geojson.contains(r#""name":"Two""#));
        assert!(
            out.geojson.contains("[0.123,0.0]"),
            "rounded to 3 decimals: {}",
            out.geojson
        );
        assert!(
            !out.geojson.contains("0.000001"),
            "repeated point after rounding dropped"
        );
        assert!(!out.geojson.contains("Other"), "filtered out");
        assert!(!out.geojson.contains("\"gn\""), "other properties dropped");
        assert_eq!(out.positions, 5 + 5);
        let again = import_boundaries(Path::new("in.json"), INPUT, &recipe()).unwrap();
        assert_eq!(out.geojson, again.geojson, "deterministic");
    }

    #[test]
    fn duplicate_ids_without_rename_are_refused() {
        let mut r = recipe();
        r.rename.clear();
        let err = import_boundaries(Path::new("in.json"), INPUT, &r).unwrap_err();
        assert!(
            err.to_string()
                .contains("two features would get the id \"X-1\""),
            "{err}"
        );
    }

    #[test]
    fn unused_rename_is_refused() {
        let mut r = recipe();
        r.rename.push(Rename {
            match_value: "Tres".into(),
            id: "X-3".into(),
            name: "Three".into(),
        });
        let err = import_boundaries(Path::new("in.json"), INPUT, &r).unwrap_err();
        assert!(err.to_string().contains("match \"Tres\""), "{err}");
    }

    #[test]
    fn merged_features_become_one_province() {
        let mut r = recipe();
        r.merge.push(Merge {
            from: "X-2".into(),
            into: "X-1".into(),
        });
        let out = import_boundaries(Path::new("in.json"), INPUT, &r).unwrap();
        assert_eq!(out.features, 1);
        assert!(out.geojson.contains("MultiPolygon") && !out.geojson.contains("X-2"));
        let b =
            crate::boundaries::parse_boundaries(Path::new("o.geojson"), &out.geojson, "id", "name")
                .unwrap();
        assert_eq!(b.provinces[0].shape_lonlat.0.len(), 2);
        // The edge between the two parts is inside the province: no border is drawn there.
        let arcs = crate::boundaries::arcs(&b);
        assert!(arcs.iter().all(|a| a.is_outline()));
        r.merge[0].into = "X-9".into();
        let err = import_boundaries(Path::new("in.json"), INPUT, &r).unwrap_err();
        assert!(
            err.to_string()
                .contains("no kept feature has the id \"X-9\""),
            "{err}"
        );
    }

    #[test]
    fn neighbours_are_kept_by_any_filter_clipped_to_a_box_and_dissolved() {
        let input = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"cc":"A","country":"Aland","p":"A-1"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
          {"type":"Feature","properties":{"cc":"A","country":"Aland","p":"A-2"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}},
          {"type":"Feature","properties":{"cc":"A","country":"Aland","p":"A-3"},"geometry":{"type":"Polygon","coordinates":[[[50,0],[51,0],[51,1],[50,1],[50,0]]]}},
          {"type":"Feature","properties":{"cc":"B","country":"Bland","p":"B-1"},"geometry":{"type":"Polygon","coordinates":[[[2,0],[3,0],[3,1],[2,1],[2,0]]]}},
          {"type":"Feature","properties":{"cc":"C","country":"Cland","p":"C-1"},"geometry":{"type":"Polygon","coordinates":[[[3,0],[4,0],[4,1],[3,1],[3,0]]]}}]}"#;
        let recipe = ImportRecipe {
            filter: vec![],
            filter_any: vec![("cc".into(), "A".into()), ("cc".into(), "B".into())],
            id_property: "cc".into(),
            name_property: "country".into(),
            match_property: None,
            rename: vec![],
            decimals: 3,
            merge: vec![],
            within: Some((-10.0, -10.0, 10.0, 10.0)),
            dissolve: true,
            exclude: vec![],
        };
        let out = import_boundaries(Path::new("in.json"), input, &recipe).unwrap();
        assert_eq!(out.features, 2, "{}", out.geojson);
        assert!(!out.geojson.contains("Cland"), "not a neighbour");
        assert!(!out.geojson.contains("50.0"), "outside the box");
        // A province filed under a neighbour is left out by `exclude`.
        let excluded = import_boundaries(
            Path::new("in.json"),
            input,
            &ImportRecipe {
                exclude: vec![("p".into(), "B-1".into())],
                ..recipe.clone()
            },
        )
        .unwrap();
        assert_eq!(excluded.features, 1, "{}", excluded.geojson);
        assert!(!excluded.geojson.contains("Bland"));
        let b =
            crate::boundaries::parse_boundaries(Path::new("o.geojson"), &out.geojson, "id", "name")
                .unwrap();
        assert_eq!(b.provinces[0].name, "Aland");
        assert_eq!(b.provinces[0].shape_lonlat.0.len(), 2, "A-1 and A-2 in one");
        // Inside Aland, the line between its two former provinces is not drawn.
        let borders: Vec<_> = crate::boundaries::arcs(&b)
            .into_iter()
            .filter(|a| !a.is_outline())
            .collect();
        assert_eq!(borders.len(), 1, "only Aland–Bland: {borders:?}");
        // Without dissolve, one id on two features is refused.
        let err = import_boundaries(
            Path::new("in.json"),
            input,
            &ImportRecipe {
                dissolve: false,
                ..recipe
            },
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("two features would get the id \"A\""),
            "{err}"
        );
    }
}
