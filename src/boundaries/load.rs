//! Reading a boundaries file of province polygons: GeoJSON (a FeatureCollection, a single
//! Feature or a bare geometry) of Polygon and MultiPolygon features in WGS84 lon/lat, read in
//! one streaming pass ([`super::stream`]); or TopoJSON, converted with the georust `topojson`
//! crate. Holes are kept. Features of other geometry types are skipped with one warning that
//! counts them. Files whose coordinates cannot be lon/lat are refused as projected.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use geo::{
    BoundingRect, Contains, Coord, Distance, Euclidean, LineString, MultiPolygon, Point, Polygon,
    Rect,
};

use super::projection::{LonLat, Projection};
use super::stream::{RawFeature, RawGeometry, RawRing, RootKind, Wanted, read_features};
use crate::model::Diagnostic;
use crate::model::diagnostic::short_number;

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

/// The largest boundaries file read, in bytes.
pub const MAX_BOUNDARIES_BYTES: u64 = 2 << 30;

/// Reads and parses a boundaries file, streaming it from disk.
pub fn load_boundaries(
    path: &Path,
    id_property: &str,
    name_property: &str,
) -> Result<Boundaries, Diagnostic> {
    load_boundaries_object(path, id_property, name_property, None)
}

/// [`load_boundaries`], naming the TopoJSON object to read (default: the only or first one).
pub fn load_boundaries_object(
    path: &Path,
    id_property: &str,
    name_property: &str,
    object: Option<&str>,
) -> Result<Boundaries, Diagnostic> {
    let progress = crate::progress::Progress::new();
    load_boundaries_with(
        path,
        id_property,
        name_property,
        object,
        (&progress, 0.0, 1.0),
    )
}

/// [`load_boundaries_object`], reporting the bytes read as progress from `from` to `to`.
pub fn load_boundaries_with(
    path: &Path,
    id_property: &str,
    name_property: &str,
    object: Option<&str>,
    (progress, from, to): (&crate::progress::Progress, f64, f64),
) -> Result<Boundaries, Diagnostic> {
    let file =
        crate::fsio::open_input(path, MAX_BOUNDARIES_BYTES, "boundaries file").map_err(|e| {
            Diagnostic::error(path, e.message).help(e.help.unwrap_or_else(|| {
                "check the `boundaries.file` path; it is relative to the scenario file".into()
            }))
        })?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let file = crate::progress::ProgressReader::new(file, size, progress, from, to);
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    skip_bom(&mut reader);
    let mut builder = Builder::new(path, id_property, name_property);
    let mut de = serde_json::Deserializer::from_reader(reader);
    let root = builder.read(&mut de)?;
    if root == RootKind::Topology {
        // TopoJSON: read again whole (bounded above) and convert.
        let text = crate::fsio::read_text(path, MAX_BOUNDARIES_BYTES, "boundaries file")
            .map_err(|e| Diagnostic::error(path, e.message))?;
        return parse_topojson(path, &text, id_property, name_property, object);
    }
    builder.finish()
}

fn skip_bom(reader: &mut impl std::io::BufRead) {
    // A UTF-8 byte-order mark is not allowed by RFC 7946 but common in files saved on Windows.
    if let Ok(buf) = reader.fill_buf()
        && buf.starts_with(&[0xEF, 0xBB, 0xBF])
    {
        reader.consume(3);
    }
}

/// Parses GeoJSON or TopoJSON text into provinces; `path` is used in messages only.
pub fn parse_boundaries(
    path: &Path,
    text: &str,
    id_property: &str,
    name_property: &str,
) -> Result<Boundaries, Diagnostic> {
    parse_boundaries_object(path, text, id_property, name_property, None)
}

/// [`parse_boundaries`], naming the TopoJSON object to read.
pub fn parse_boundaries_object(
    path: &Path,
    text: &str,
    id_property: &str,
    name_property: &str,
    object: Option<&str>,
) -> Result<Boundaries, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut builder = Builder::new(path, id_property, name_property);
    let mut de = serde_json::Deserializer::from_str(text);
    if builder.read(&mut de)? == RootKind::Topology {
        return parse_topojson(path, text, id_property, name_property, object);
    }
    builder.finish()
}

/// Converts TopoJSON to GeoJSON (arcs decoded, quantised coordinates restored) and reads it.
fn parse_topojson(
    path: &Path,
    text: &str,
    id_property: &str,
    name_property: &str,
    object: Option<&str>,
) -> Result<Boundaries, Diagnostic> {
    let topo: topojson::TopoJson = text.parse().map_err(|e: topojson::Error| {
        Diagnostic::error(path, format!("not valid TopoJSON: {e}"))
            .help("a TopoJSON file is a Topology with `objects` and `arcs` (https://github.com/topojson/topojson-specification)")
    })?;
    let topojson::TopoJson::Topology(topology) = topo else {
        return Err(Diagnostic::error(
            path,
            "a TopoJSON file must hold a Topology",
        ));
    };
    // The crate lists objects alphabetically; "the first" means first in the file.
    let mut names = object_names_in_order(text);
    names.retain(|n| topology.list_names().contains(n));
    let name = match object {
        Some(o) if names.iter().any(|n| n == o) => o.to_string(),
        Some(o) => {
            return Err(Diagnostic::error(
                path,
                format!(
                    "the TopoJSON has no object \"{o}\"; it has: {}",
                    names.join(", ")
                ),
            )
            .help("set `object:` in Boundaries(...) to one of these"));
        }
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Diagnostic::error(path, "the TopoJSON Topology has no objects"))?,
    };
    check_topology(path, &topology, &name)?;
    let collection = topojson::to_geojson(&topology, &name).map_err(|e| {
        Diagnostic::error(
            path,
            format!("cannot convert TopoJSON object \"{name}\": {e}"),
        )
    })?;
    let geojson = serde_json::to_string(&collection)
        .map_err(|e| Diagnostic::error(path, format!("cannot convert TopoJSON: {e}")))?;
    let mut builder = Builder::new(path, id_property, name_property);
    let mut de = serde_json::Deserializer::from_str(&geojson);
    builder.read(&mut de)?;
    let mut b = builder.finish()?;
    if names.len() > 1 && object.is_none() {
        b.warnings.push(
            Diagnostic::warning(
                path,
                format!(
                    "the TopoJSON has {} objects ({}); read the first, \"{name}\"",
                    names.len(),
                    names.join(", ")
                ),
            )
            .help("set `object:` in Boundaries(...) to choose another"),
        );
    }
    Ok(b)
}

/// Checks what the `topojson` crate's converter assumes (it indexes without checking): every
/// arc index of the object names an arc, every position has x and y, and collections are not
/// nested.
fn check_topology(
    path: &Path,
    topology: &topojson::Topology,
    name: &str,
) -> Result<(), Diagnostic> {
    use topojson::Value;
    for (i, arc) in topology.arcs.iter().enumerate() {
        if let Some(p) = arc.iter().position(|p| p.len() < 2) {
            return Err(Diagnostic::error(
                path,
                format!("TopoJSON arc {i}, position {p}, has fewer than two numbers"),
            )
            .help("every position is [x, y]"));
        }
    }
    let arcs = topology.arcs.len();
    let check_indexes = |feature: usize, ixs: &[i32]| -> Result<(), Diagnostic> {
        for &ix in ixs {
            // A negative index `~i` (that is, -i - 1) means arc i reversed.
            let arc = if ix < 0 {
                -(i64::from(ix)) - 1
            } else {
                i64::from(ix)
            };
            if arc >= arcs as i64 {
                return Err(Diagnostic::error(
                    path,
                    format!(
                        "TopoJSON object \"{name}\", feature {feature}: arc index {ix} points past \
                         the {arcs} arcs in the file"
                    ),
                )
                .help("arc indexes run from 0 to arcs-1 (or -1 to -arcs for reversed arcs); re-export the TopoJSON"));
            }
        }
        Ok(())
    };
    let short_point = |feature: usize| {
        Diagnostic::error(
            path,
            format!(
                "TopoJSON object \"{name}\", feature {feature}: a point has fewer than two numbers"
            ),
        )
    };
    let check_geometry = |feature: usize, g: &topojson::Geometry| -> Result<(), Diagnostic> {
        match &g.value {
            Value::Point(p) if p.len() < 2 => Err(short_point(feature)),
            Value::MultiPoint(ps) if ps.iter().any(|p| p.len() < 2) => Err(short_point(feature)),
            Value::Point(_) | Value::MultiPoint(_) => Ok(()),
            Value::LineString(ixs) => check_indexes(feature, ixs),
            Value::MultiLineString(rings) | Value::Polygon(rings) => {
                rings.iter().try_for_each(|r| check_indexes(feature, r))
            }
            Value::MultiPolygon(polys) => polys
                .iter()
                .flatten()
                .try_for_each(|r| check_indexes(feature, r)),
            Value::GeometryCollection(_) => Err(Diagnostic::error(
                path,
                format!("TopoJSON object \"{name}\", feature {feature}: a GeometryCollection inside a GeometryCollection"),
            )
            .help("give each province one Polygon or MultiPolygon")),
        }
    };
    for object in topology.objects.iter().filter(|o| o.name == name) {
        match &object.geometry.value {
            topojson::Value::GeometryCollection(geoms) => {
                for (i, g) in geoms.iter().enumerate() {
                    check_geometry(i, g)?;
                }
            }
            _ => check_geometry(0, &object.geometry)?,
        }
    }
    Ok(())
}

/// The names of a Topology's objects in the order the file lists them.
fn object_names_in_order(text: &str) -> Vec<String> {
    use serde::de::{IgnoredAny, MapAccess, Visitor};
    struct Names;
    impl<'de> Visitor<'de> for Names {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut names = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                map.next_value::<IgnoredAny>()?;
                names.push(key);
            }
            Ok(names)
        }
    }
    struct Root;
    impl<'de> Visitor<'de> for Root {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a Topology")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut names = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                if key == "objects" {
                    names = map.next_value_seed(NamesSeed)?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(names)
        }
    }
    struct NamesSeed;
    impl<'de> serde::de::DeserializeSeed<'de> for NamesSeed {
        type Value = Vec<String>;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
            d.deserialize_map(Names)
        }
    }
    use serde::Deserializer as _;
    serde_json::Deserializer::from_str(text)
        .deserialize_map(Root)
        .unwrap_or_default()
}

/// Gathers provinces as features stream in.
struct Builder<'a> {
    path: &'a Path,
    id_property: &'a str,
    name_property: &'a str,
    provinces: Vec<Province>,
    by_id: BTreeMap<String, usize>,
    merged: Vec<(String, Vec<usize>)>,
    fallback_ids: Vec<usize>,
    skipped: BTreeMap<&'static str, usize>,
    property_names: Vec<String>,
    features: usize,
    /// A feature refused while streaming: its diagnostic.
    refused: Option<Diagnostic>,
}

impl<'a> Builder<'a> {
    fn new(path: &'a Path, id_property: &'a str, name_property: &'a str) -> Self {
        Self {
            path,
            id_property,
            name_property,
            provinces: Vec::new(),
            by_id: BTreeMap::new(),
            merged: Vec::new(),
            fallback_ids: Vec::new(),
            skipped: BTreeMap::new(),
            property_names: Vec::new(),
            features: 0,
            refused: None,
        }
    }

    fn read<'de, D>(&mut self, de: D) -> Result<RootKind, Diagnostic>
    where
        D: serde::Deserializer<'de, Error = serde_json::Error>,
    {
        let props = [self.id_property, self.name_property];
        let wanted = Wanted {
            properties: &props,
            names_of_first: 20,
        };
        let path = self.path;
        let result = read_features(de, wanted, |index, feature| {
            self.features = index + 1;
            self.add(index, feature).map_err(|d| {
                let message = d.message.clone();
                self.refused = Some(d);
                message
            })
        });
        if let Some(d) = self.refused.take() {
            return Err(d);
        }
        result.map_err(|e| {
            let d = Diagnostic::error(path, format!("not valid GeoJSON: {}", strip_serde_position(&e)));
            if e.line() > 0 { d.at(e.line(), e.column()) } else { d }
                .help("the file must be a GeoJSON FeatureCollection (RFC 7946) of Polygon/MultiPolygon features")
        })
    }

    fn add(&mut self, index: usize, feature: RawFeature) -> Result<(), Diagnostic> {
        let where_ = format!("feature {index}");
        for name in feature.property_names {
            if self.property_names.len() < 200 && !self.property_names.contains(&name) {
                self.property_names.push(name);
            }
        }
        let Some(geometry) = feature.geometry else {
            *self.skipped.entry("null geometry").or_default() += 1;
            return Ok(());
        };
        let shape = match geometry {
            RawGeometry::Polygon(rings) => {
                polygon_from(self.path, &where_, &rings)?.map(|p| MultiPolygon::new(vec![p]))
            }
            RawGeometry::MultiPolygon(polygons) => {
                let mut polys = Vec::new();
                for (k, poly) in polygons.iter().enumerate() {
                    if let Some(p) =
                        polygon_from(self.path, &format!("{where_}, polygon {k}"), poly)?
                    {
                        polys.push(p);
                    }
                }
                (!polys.is_empty()).then(|| MultiPolygon::new(polys))
            }
            RawGeometry::Other(kind) => {
                *self.skipped.entry(kind).or_default() += 1;
                return Ok(());
            }
        };
        let Some(shape) = shape else {
            *self.skipped.entry("empty polygon").or_default() += 1;
            return Ok(());
        };
        let mut properties = feature.properties.into_iter();
        let (id_value, name_value) = (properties.next().flatten(), properties.next().flatten());
        let id = match id_value.or(feature.id) {
            Some(id) => id,
            None => {
                self.fallback_ids.push(index);
                format!("feature-{index}")
            }
        };
        let name = name_value.unwrap_or_else(|| id.clone());
        match self.by_id.get(&id) {
            Some(&existing) => {
                let province = &mut self.provinces[existing];
                province.features.push(index);
                province.shape_lonlat.0.extend(shape.0);
                match self.merged.iter_mut().find(|(m, _)| *m == id) {
                    Some((_, list)) => list.push(index),
                    None => self.merged.push((id.clone(), province.features.clone())),
                }
            }
            None => {
                self.by_id.insert(id.clone(), self.provinces.len());
                self.provinces.push(Province {
                    id,
                    name,
                    features: vec![index],
                    shape_lonlat: shape,
                });
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<Boundaries, Diagnostic> {
        let path = self.path;
        let mut warnings = Vec::new();
        if !self.skipped.is_empty() {
            let total: usize = self.skipped.values().sum();
            let kinds: Vec<String> = self
                .skipped
                .iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect();
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
        if !self.fallback_ids.is_empty() {
            let shown: Vec<String> = self
                .fallback_ids
                .iter()
                .take(5)
                .map(|i| i.to_string())
                .collect();
            let mut names = self.property_names.clone();
            names.sort_unstable();
            names.truncate(15);
            let available = if names.is_empty() {
                "(the features have no properties)".to_string()
            } else {
                names.join(", ")
            };
            warnings.push(
                Diagnostic::warning(
                    path,
                    format!(
                        "{} feature(s) have no \"{}\" property or id (features {}{}); named \"feature-N\"",
                        self.fallback_ids.len(),
                        self.id_property,
                        shown.join(", "),
                        if self.fallback_ids.len() > 5 { ", …" } else { "" }
                    ),
                )
                .help(format!("set `id_property` to the property that holds province ids; available: {available}")),
            );
        }
        for (id, feats) in &self.merged {
            let list: Vec<String> = feats.iter().map(|i| i.to_string()).collect();
            warnings.push(
                Diagnostic::warning(path, format!("features {} share the id \"{id}\"; merged into one province", list.join(", ")))
                    .help("if they are different provinces, give each its own id (see `frontline import-boundaries --rename`)"),
            );
        }
        if self.provinces.is_empty() {
            let what = if self.features == 0 {
                "it has no features".to_string()
            } else {
                let kinds: Vec<String> = self
                    .skipped
                    .iter()
                    .map(|(k, n)| format!("{n} {k}"))
                    .collect();
                format!("its {} feature(s) are {}", self.features, kinds.join(", "))
            };
            return Err(Diagnostic::error(
                path,
                format!("no polygons: the file holds no Polygon or MultiPolygon features ({what})"),
            )
            .help("frontline needs province polygons, e.g. an admin-1 boundaries file"));
        }
        Ok(Boundaries {
            path: path.to_path_buf(),
            provinces: self.provinces,
            warnings,
        })
    }
}

/// serde_json appends " at line L column C"; we print the position separately.
fn strip_serde_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Converts one polygon, checking rings and the lon/lat range. `Ok(None)` for a polygon with
/// no rings.
fn polygon_from(
    path: &Path,
    where_: &str,
    rings: &[RawRing],
) -> Result<Option<Polygon<f64>>, Diagnostic> {
    let mut converted = Vec::with_capacity(rings.len());
    for (r, ring) in rings.iter().enumerate() {
        let ring_name = if r == 0 {
            "exterior ring".to_string()
        } else {
            format!("hole {r}")
        };
        if ring.points.len() < 4 {
            return Err(Diagnostic::error(path, format!("{ring_name} has {} positions; a ring needs at least 4", ring.points.len()))
                .at_item(where_)
                .help("a linear ring lists at least 3 corners and repeats the first position at the end (RFC 7946 §3.1.6)"));
        }
        let mut coords = Vec::with_capacity(ring.points.len());
        for &[lon, lat] in &ring.points {
            if !lon.is_finite() || !lat.is_finite() || lon.abs() > 180.0 || lat.abs() > 90.0 {
                return Err(Diagnostic::error(
                    path,
                    format!(
                        "coordinate [{}, {}] in the {ring_name} is outside the lon/lat range; the file looks projected",
                        short_number(lon),
                        short_number(lat)
                    ),
                )
                .at_item(where_)
                .help("GeoJSON must be WGS84 lon/lat (RFC 7946 §4); reproject it, e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`"));
            }
            coords.push(Coord { x: lon, y: lat });
        }
        if ring.first != ring.last {
            let show = |p: &[f64]| {
                let parts: Vec<String> = p.iter().map(|v| short_number(*v)).collect();
                format!("[{}]", parts.join(", "))
            };
            return Err(Diagnostic::error(
                path,
                format!(
                    "{ring_name} is not closed: it starts at {} but ends at {}",
                    show(&ring.first),
                    show(&ring.last)
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
