//! Reading GeoJSON in one pass, feature by feature, without building a document tree: each
//! feature is checked and handed over as soon as it is read, keeping only the properties asked
//! for (Natural Earth carries 121 per feature; a map needs two) and its polygons as plain
//! coordinates. A file is never held as text or as JSON values, so memory stays close to the
//! size of the polygons themselves, whatever the size of the file.
//!
//! The reader checks what RFC 7946 requires of the objects it reads: member types (`type`
//! names are case-sensitive; `features` is an array; `properties` an object or null; `id` a
//! string or number; `bbox` 4 or 6 numbers), positions of at least two numbers, coordinate
//! nesting that matches the geometry type, and the members §7.1 forbids on each kind of
//! object. A member given twice in one object is refused as ambiguous.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A position as written: at least two numbers (extra ones, e.g. altitude, are kept only to
/// compare a ring's first and last positions).
pub type Position = Vec<f64>;

/// A geometry as read.
#[derive(Debug, Clone, PartialEq)]
pub enum RawGeometry {
    /// A polygon: rings of positions (lon, lat).
    Polygon(Vec<RawRing>),
    /// Several polygons.
    MultiPolygon(Vec<Vec<RawRing>>),
    /// Any other type (points, lines, collections): its name.
    Other(&'static str),
}

/// One ring: its positions as (lon, lat), and its first and last positions in full.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawRing {
    /// Lon, lat of every position.
    pub points: Vec<[f64; 2]>,
    /// The first position with all its numbers.
    pub first: Position,
    /// The last position with all its numbers.
    pub last: Position,
}

/// One feature as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawFeature {
    /// The feature's `id` member, as text.
    pub id: Option<String>,
    /// The kept properties, as text (strings, or numbers written out), in the order asked for.
    pub properties: Vec<Option<String>>,
    /// The geometry (None: `null`).
    pub geometry: Option<RawGeometry>,
    /// The names of all its properties, when asked for (for help messages).
    pub property_names: Vec<String>,
}

/// What to keep while reading.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<'a> {
    /// Property names whose values are kept.
    pub properties: &'a [&'a str],
    /// Keep the names of all properties of the first this many features.
    pub names_of_first: usize,
}

/// How a read ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The JSON itself or a GeoJSON rule was broken; serde_json adds line and column.
    Json(String),
    /// The caller refused a feature (its message).
    Refused(String),
}

/// What the root object was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootKind {
    /// A FeatureCollection.
    FeatureCollection,
    /// A single Feature.
    Feature,
    /// A bare geometry.
    Geometry,
    /// A TopoJSON Topology (not read here).
    Topology,
}

/// Reads GeoJSON from a serde_json deserializer, calling `each(index, feature)` for every
/// feature in order (a bare Feature or geometry root counts as feature 0).
pub fn read_features<'de, D, F>(
    deserializer: D,
    wanted: Wanted<'_>,
    each: F,
) -> Result<RootKind, D::Error>
where
    D: Deserializer<'de>,
    F: FnMut(usize, RawFeature) -> Result<(), String>,
{
    deserializer.deserialize_map(RootVisitor { wanted, each })
}

fn dup<E: de::Error>(what: &str, key: &str) -> E {
    E::custom(format!(
        "the {what} has the member \"{key}\" twice; a member may appear once"
    ))
}

fn forbidden<E: de::Error>(what: &str, key: &str) -> E {
    E::custom(format!(
        "the {what} carries a \"{key}\" member, which RFC 7946 §7.1 forbids"
    ))
}

struct RootVisitor<'a, F> {
    wanted: Wanted<'a>,
    each: F,
}

/// Members seen in the root before its type is known.
#[derive(Default)]
struct RootParts {
    kind: Option<String>,
    features: Option<usize>,
    geometry: Option<Option<RawGeometry>>,
    geometry_value: Option<(Option<String>, Coords)>,
    feature_id: Option<String>,
    properties: Option<(Vec<Option<String>>, Vec<String>)>,
    has_geometries: bool,
    members: HashSet<String>,
}

impl<'de, F> Visitor<'de> for RootVisitor<'_, F>
where
    F: FnMut(usize, RawFeature) -> Result<(), String>,
{
    type Value = RootKind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON object (FeatureCollection, Feature or geometry)")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<RootKind, A::Error> {
        let mut parts = RootParts::default();
        while let Some(key) = map.next_key::<String>()? {
            if !parts.members.insert(key.clone()) {
                return Err(dup("root object", &key));
            }
            match key.as_str() {
                "type" => parts.kind = Some(map.next_value::<String>()?),
                "features" => {
                    let count = map.next_value_seed(FeaturesSeed {
                        wanted: self.wanted,
                        each: &mut self.each,
                    })?;
                    parts.features = Some(count);
                }
                "bbox" => map.next_value_seed(BboxSeed)?,
                "geometry" => parts.geometry = Some(map.next_value_seed(OptGeometrySeed)?),
                "properties" => {
                    parts.properties = Some(map.next_value_seed(PropertiesSeed {
                        wanted: self.wanted,
                        keep_names: true,
                    })?)
                }
                "id" => parts.feature_id = Some(map.next_value_seed(IdSeed)?),
                "coordinates" => {
                    parts.geometry_value = Some((None, map.next_value_seed(CoordsSeed)?));
                }
                "geometries" => {
                    map.next_value_seed(GeometriesSeed)?;
                    parts.has_geometries = true;
                }
                // TopoJSON members: read past them (the file is then converted separately).
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let kind = parts
            .kind
            .clone()
            .ok_or_else(|| de::Error::custom("the root object has no \"type\" member"))?;
        let has = |m: &str| parts.members.contains(m);
        match kind.as_str() {
            "FeatureCollection" => {
                for m in ["coordinates", "geometries", "geometry", "properties"] {
                    if has(m) {
                        return Err(forbidden("FeatureCollection", m));
                    }
                }
                if parts.features.is_none() {
                    return Err(de::Error::custom(
                        "the FeatureCollection has no \"features\" member",
                    ));
                }
                Ok(RootKind::FeatureCollection)
            }
            "Feature" => {
                for m in ["features", "coordinates", "geometries"] {
                    if has(m) {
                        return Err(forbidden("Feature", m));
                    }
                }
                let geometry = parts
                    .geometry
                    .ok_or_else(|| de::Error::custom("the Feature has no \"geometry\" member"))?;
                let (properties, names) = parts
                    .properties
                    .unwrap_or_else(|| (vec![None; self.wanted.properties.len()], Vec::new()));
                let feature = RawFeature {
                    id: parts.feature_id,
                    properties,
                    geometry,
                    property_names: names,
                };
                (self.each)(0, feature).map_err(de::Error::custom)?;
                Ok(RootKind::Feature)
            }
            "Topology" => Ok(RootKind::Topology),
            name => {
                let Some(kind) = geometry_kind(name) else {
                    return Err(de::Error::custom(format!(
                        "unknown GeoJSON type \"{name}\" (types are case-sensitive: FeatureCollection, Feature, Polygon, MultiPolygon, …)"
                    )));
                };
                for m in ["features", "geometry", "properties"] {
                    if has(m) {
                        return Err(forbidden("geometry", m));
                    }
                }
                let geometry = if kind == "GeometryCollection" {
                    if !parts.has_geometries {
                        return Err(de::Error::custom(
                            "the GeometryCollection has no \"geometries\" member",
                        ));
                    }
                    RawGeometry::Other("GeometryCollection")
                } else {
                    let (_, coords) = parts.geometry_value.ok_or_else(|| {
                        de::Error::custom(format!("the {kind} has no \"coordinates\" member"))
                    })?;
                    interpret(kind, coords).map_err(de::Error::custom)?
                };
                let feature = RawFeature {
                    properties: vec![None; self.wanted.properties.len()],
                    geometry: Some(geometry),
                    ..RawFeature::default()
                };
                (self.each)(0, feature).map_err(de::Error::custom)?;
                Ok(RootKind::Geometry)
            }
        }
    }
}

/// The geometry type names, as `&'static str`.
fn geometry_kind(name: &str) -> Option<&'static str> {
    [
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
    ]
    .into_iter()
    .find(|k| *k == name)
}

struct FeaturesSeed<'a, 'f, F> {
    wanted: Wanted<'a>,
    each: &'f mut F,
}

impl<'de, F> DeserializeSeed<'de> for FeaturesSeed<'_, '_, F>
where
    F: FnMut(usize, RawFeature) -> Result<(), String>,
{
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F> Visitor<'de> for FeaturesSeed<'_, '_, F>
where
    F: FnMut(usize, RawFeature) -> Result<(), String>,
{
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of Features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut index = 0;
        while let Some(feature) = seq.next_element_seed(FeatureSeed {
            wanted: self.wanted,
            keep_names: index < self.wanted.names_of_first,
        })? {
            (self.each)(index, feature)
                .map_err(|e| de::Error::custom(format!("feature {index}: {e}")))?;
            index += 1;
        }
        Ok(index)
    }
}

struct FeatureSeed<'a> {
    wanted: Wanted<'a>,
    keep_names: bool,
}

impl<'de> DeserializeSeed<'de> for FeatureSeed<'_> {
    type Value = RawFeature;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawFeature, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FeatureSeed<'_> {
    type Value = RawFeature;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Feature object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFeature, A::Error> {
        let mut seen = HashSet::new();
        let mut kind = None;
        let mut feature = RawFeature {
            properties: vec![None; self.wanted.properties.len()],
            ..RawFeature::default()
        };
        let mut geometry_seen = false;
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(dup("Feature", &key));
            }
            match key.as_str() {
                "type" => kind = Some(map.next_value::<String>()?),
                "id" => feature.id = Some(map.next_value_seed(IdSeed)?),
                "properties" => {
                    let (props, names) = map.next_value_seed(PropertiesSeed {
                        wanted: self.wanted,
                        keep_names: self.keep_names,
                    })?;
                    feature.properties = props;
                    feature.property_names = names;
                }
                "geometry" => {
                    feature.geometry = map.next_value_seed(OptGeometrySeed)?;
                    geometry_seen = true;
                }
                "bbox" => map.next_value_seed(BboxSeed)?,
                "features" | "coordinates" | "geometries" => {
                    return Err(forbidden("Feature", &key));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match kind.as_deref() {
            Some("Feature") => {}
            Some(other) => {
                return Err(de::Error::custom(format!(
                    "a member of \"features\" has type \"{other}\"; it must be \"Feature\" (case-sensitive)"
                )));
            }
            None => return Err(de::Error::custom("a Feature has no \"type\" member")),
        }
        if !geometry_seen {
            return Err(de::Error::custom("a Feature has no \"geometry\" member"));
        }
        Ok(feature)
    }
}

struct IdSeed;

impl<'de> DeserializeSeed<'de> for IdSeed {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for IdSeed {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Feature id (a string or a number)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

struct PropertiesSeed<'a> {
    wanted: Wanted<'a>,
    keep_names: bool,
}

impl<'de> DeserializeSeed<'de> for PropertiesSeed<'_> {
    type Value = (Vec<Option<String>>, Vec<String>);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PropertiesSeed<'_> {
    type Value = (Vec<Option<String>>, Vec<String>);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("Feature properties (an object or null)")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((vec![None; self.wanted.properties.len()], Vec::new()))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut values = vec![None; self.wanted.properties.len()];
        let mut names = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            match self.wanted.properties.iter().position(|p| *p == key) {
                Some(i) => values[i] = map.next_value_seed(PropertyText)?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            if self.keep_names {
                names.push(key);
            }
        }
        Ok((values, names))
    }
}

/// A property value as text: strings (not blank) and numbers; other values count as absent.
struct PropertyText;

impl<'de> DeserializeSeed<'de> for PropertyText {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PropertyText {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<String>, E> {
        Ok((!v.trim().is_empty()).then(|| v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

struct BboxSeed;

impl<'de> DeserializeSeed<'de> for BboxSeed {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let values = Vec::<f64>::deserialize(d)?;
        if values.len() == 4 || values.len() == 6 {
            Ok(())
        } else {
            Err(de::Error::custom(format!(
                "\"bbox\" has {} numbers; it must have 4 (or 6 with altitudes)",
                values.len()
            )))
        }
    }
}

use serde::Deserialize;

struct OptGeometrySeed;

impl<'de> DeserializeSeed<'de> for OptGeometrySeed {
    type Value = Option<RawGeometry>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for OptGeometrySeed {
    type Value = Option<RawGeometry>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a geometry object or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        GeometryVisitor.visit_map(map).map(Some)
    }
}

struct GeometryVisitor;

impl<'de> DeserializeSeed<'de> for GeometryVisitor {
    type Value = RawGeometry;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawGeometry, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for GeometryVisitor {
    type Value = RawGeometry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a geometry object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawGeometry, A::Error> {
        let mut seen = HashSet::new();
        let mut kind: Option<String> = None;
        let mut coords: Option<Coords> = None;
        let mut geometries = false;
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(dup("geometry", &key));
            }
            match key.as_str() {
                "type" => kind = Some(map.next_value::<String>()?),
                "coordinates" => coords = Some(map.next_value_seed(CoordsSeed)?),
                "geometries" => {
                    map.next_value_seed(GeometriesSeed)?;
                    geometries = true;
                }
                "bbox" => map.next_value_seed(BboxSeed)?,
                "features" | "geometry" | "properties" => {
                    return Err(forbidden("geometry", &key));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let name = kind.ok_or_else(|| de::Error::custom("a geometry has no \"type\" member"))?;
        let kind = geometry_kind(&name).ok_or_else(|| {
            de::Error::custom(format!(
                "unknown geometry type \"{name}\" (types are case-sensitive: Polygon, MultiPolygon, …)"
            ))
        })?;
        if kind == "GeometryCollection" {
            if !geometries {
                return Err(de::Error::custom(
                    "the GeometryCollection has no \"geometries\" member",
                ));
            }
            return Ok(RawGeometry::Other("GeometryCollection"));
        }
        let coords = coords.ok_or_else(|| {
            de::Error::custom(format!("the {kind} has no \"coordinates\" member"))
        })?;
        interpret(kind, coords).map_err(de::Error::custom)
    }
}

struct GeometriesSeed;

impl<'de> DeserializeSeed<'de> for GeometriesSeed {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for GeometriesSeed {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of geometry objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(GeometryVisitor)?.is_some() {}
        Ok(())
    }
}

/// A position with all its numbers (up to four kept; more are counted).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct FullPosition {
    numbers: [f64; 4],
    len: usize,
}

impl FullPosition {
    fn to_vec(self) -> Position {
        self.numbers[..self.len.min(4)].to_vec()
    }
}

/// Coordinates as read, before the type says what they are: positions (lon, lat) in order,
/// the nesting depth (1 = a position, 2 = a list of positions, …) and, per depth, the length
/// of each list. Lists of positions also keep their first and last positions in full, to check
/// that rings close.
#[derive(Debug, Default)]
pub struct Coords {
    /// Depth of the nesting (0: `[]`).
    depth: usize,
    /// Lon, lat of every position, in order.
    points: Vec<[f64; 2]>,
    /// `counts[d]`: the lengths of the lists whose items are `d + 1` deep, in order.
    counts: Vec<Vec<usize>>,
    /// Per list of positions: its first and last positions in full.
    ends: Vec<(FullPosition, FullPosition)>,
    /// The position just read.
    last: FullPosition,
}

struct CoordsSeed;

impl<'de> DeserializeSeed<'de> for CoordsSeed {
    type Value = Coords;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Coords, D::Error> {
        let mut coords = Coords::default();
        let depth = d.deserialize_seq(Level {
            coords: &mut coords,
        })?;
        coords.depth = depth;
        Ok(coords)
    }
}

/// One nesting level of coordinates; returns its depth (1 for a position, 0 for `[]`).
struct Level<'c> {
    coords: &'c mut Coords,
}

impl<'de> Visitor<'de> for Level<'_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("coordinates: nested arrays of numbers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        // A position if it holds numbers; a list if it holds arrays.
        let mut position = FullPosition::default();
        let mut children = 0usize;
        let mut child_depth: Option<usize> = None;
        let mut first = FullPosition::default();
        while let Some(element) = seq.next_element_seed(Element {
            coords: &mut *self.coords,
        })? {
            match element {
                ElementRead::Number(v) => {
                    if child_depth.is_some() {
                        return Err(de::Error::custom(
                            "coordinates mix numbers and arrays at the same level",
                        ));
                    }
                    if position.len < 4 {
                        position.numbers[position.len] = v;
                    }
                    position.len += 1;
                }
                ElementRead::Array(depth) => {
                    if position.len > 0 {
                        return Err(de::Error::custom(
                            "coordinates mix numbers and arrays at the same level",
                        ));
                    }
                    if depth == 0 {
                        return Err(de::Error::custom(
                            "coordinates hold an empty array where a position or a ring should be",
                        ));
                    }
                    if child_depth.is_some_and(|d| d != depth) {
                        return Err(de::Error::custom(
                            "coordinates are nested unevenly (arrays of different depths side by side)",
                        ));
                    }
                    if depth == 1 && children == 0 {
                        first = self.coords.last;
                    }
                    child_depth = Some(depth);
                    children += 1;
                }
            }
        }
        match child_depth {
            Some(depth) => {
                if self.coords.counts.len() < depth {
                    self.coords.counts.resize(depth, Vec::new());
                }
                self.coords.counts[depth - 1].push(children);
                if depth == 1 {
                    self.coords.ends.push((first, self.coords.last));
                }
                Ok(depth + 1)
            }
            None if position.len == 0 => Ok(0),
            None => {
                if position.len < 2 {
                    return Err(de::Error::custom(
                        "a position has 1 number; it needs at least 2 (longitude, latitude)",
                    ));
                }
                self.coords
                    .points
                    .push([position.numbers[0], position.numbers[1]]);
                self.coords.last = position;
                Ok(1)
            }
        }
    }
}

enum ElementRead {
    Number(f64),
    Array(usize),
}

struct Element<'c> {
    coords: &'c mut Coords,
}

impl<'de> DeserializeSeed<'de> for Element<'_> {
    type Value = ElementRead;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<ElementRead, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Element<'_> {
    type Value = ElementRead;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or an array of coordinates")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ElementRead, E> {
        Ok(ElementRead::Number(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ElementRead, E> {
        Ok(ElementRead::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ElementRead, E> {
        Ok(ElementRead::Number(v as f64))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<ElementRead, A::Error> {
        Level {
            coords: self.coords,
        }
        .visit_seq(seq)
        .map(ElementRead::Array)
    }
}

/// Interprets coordinates for a geometry type.
fn interpret(kind: &'static str, coords: Coords) -> Result<RawGeometry, String> {
    let want = match kind {
        "Point" => 1,
        "MultiPoint" | "LineString" => 2,
        "MultiLineString" | "Polygon" => 3,
        "MultiPolygon" => 4,
        _ => return Ok(RawGeometry::Other(kind)),
    };
    if coords.depth == 0 {
        // `[]`: an empty geometry.
        return Ok(match kind {
            "Polygon" => RawGeometry::Polygon(Vec::new()),
            "MultiPolygon" => RawGeometry::MultiPolygon(Vec::new()),
            other => RawGeometry::Other(other),
        });
    }
    if coords.depth != want {
        return Err(format!(
            "a {kind} needs coordinates nested {want} deep, but these are {} deep",
            coords.depth
        ));
    }
    let Coords {
        points,
        counts,
        ends,
        ..
    } = coords;
    match kind {
        "LineString" if points.len() < 2 => {
            Err("a LineString needs at least 2 positions".to_string())
        }
        "MultiLineString" if counts[0].iter().any(|n| *n < 2) => {
            Err("a line of a MultiLineString has fewer than 2 positions".to_string())
        }
        "Polygon" => Ok(RawGeometry::Polygon(rings_of(
            &counts[0],
            &mut points.into_iter(),
            &mut ends.into_iter(),
        ))),
        "MultiPolygon" => {
            let mut points = points.into_iter();
            let mut ends = ends.into_iter();
            let ring_counts = &counts[0];
            let mut next_ring = 0;
            let mut polygons = Vec::with_capacity(counts[1].len());
            for &n in &counts[1] {
                let these = &ring_counts[next_ring..next_ring + n];
                next_ring += n;
                polygons.push(rings_of(these, &mut points, &mut ends));
            }
            Ok(RawGeometry::MultiPolygon(polygons))
        }
        other => Ok(RawGeometry::Other(other)),
    }
}

fn rings_of(
    counts: &[usize],
    points: &mut impl Iterator<Item = [f64; 2]>,
    ends: &mut impl Iterator<Item = (FullPosition, FullPosition)>,
) -> Vec<RawRing> {
    counts
        .iter()
        .map(|&n| {
            let (first, last) = ends.next().unwrap_or_default();
            RawRing {
                points: points.by_ref().take(n).collect(),
                first: first.to_vec(),
                last: last.to_vec(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<RawFeature>, String> {
        let mut out = Vec::new();
        let mut de = serde_json::Deserializer::from_str(text);
        read_features(
            &mut de,
            Wanted {
                properties: &["id", "name"],
                names_of_first: 5,
            },
            |_, f| {
                out.push(f);
                Ok(())
            },
        )
        .map_err(|e| e.to_string())?;
        de.end().map_err(|e| e.to_string())?;
        Ok(out)
    }

    #[test]
    fn features_keep_only_the_wanted_properties_and_their_polygons() {
        let f = read(r#"{"features":[{"properties":{"x":[1,{"y":2}],"name":"A","id":7},"type":"Feature",
            "geometry":{"coordinates":[[[0,0],[1,0],[1,1,9],[0,0]]],"type":"Polygon"}}],"type":"FeatureCollection"}"#)
        .unwrap();
        assert_eq!(
            f[0].properties,
            vec![Some("7".to_string()), Some("A".to_string())]
        );
        assert_eq!(f[0].property_names, ["x", "name", "id"]);
        let Some(RawGeometry::Polygon(rings)) = &f[0].geometry else {
            panic!("{:?}", f[0].geometry)
        };
        assert_eq!(rings[0].points.len(), 4);
        assert_eq!(rings[0].first, vec![0.0, 0.0]);
    }

    #[test]
    fn multipolygons_keep_their_structure() {
        let f = read(r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]],[[0.1,0.1],[0.2,0.1],[0.2,0.2],[0.1,0.1]]],[[[5,5],[6,5],[6,6],[5,5]]]]}"#).unwrap();
        let Some(RawGeometry::MultiPolygon(polys)) = &f[0].geometry else {
            panic!()
        };
        assert_eq!(polys.len(), 2);
        assert_eq!((polys[0].len(), polys[1].len()), (2, 1));
        assert_eq!(polys[1][0].points[2], [6.0, 6.0]);
    }

    #[test]
    fn broken_structures_are_refused_with_a_reason() {
        for (text, why) in [
            (r#"{"type":"FeatureCollection"}"#, "no \"features\""),
            (
                r#"{"type":"FeatureCollection","features":{}}"#,
                "an array of Features",
            ),
            (
                r#"{"type":"featurecollection","features":[]}"#,
                "unknown GeoJSON type",
            ),
            (
                r#"{"type":"FeatureCollection","type":"Feature","features":[]}"#,
                "twice",
            ),
            (r#"{"type":"Polygon","coordinates":[5]}"#, "at least 2"),
            (
                r#"{"type":"Polygon","coordinates":[[5,6]]}"#,
                "nested 3 deep",
            ),
            (r#"{"type":"Point","coordinates":[1]}"#, "at least 2"),
            (
                r#"{"type":"Point","coordinates":[1,"f"]}"#,
                "invalid type: string",
            ),
            (
                r#"{"type":"Feature","geometry":null,"properties":[]}"#,
                "object or null",
            ),
            (
                r#"{"type":"Feature","geometry":null,"id":{}}"#,
                "string or a number",
            ),
            (
                r#"{"type":"Point","coordinates":[1,2],"bbox":[1,2,3]}"#,
                "bbox",
            ),
            (
                r#"{"type":"Point","coordinates":[1,2],"properties":{}}"#,
                "§7.1",
            ),
            (
                r#"{"type":"FeatureCollection","features":[null]}"#,
                "Feature object",
            ),
            (
                r#"{"type":"MultiPoint","coordinates":[[1,2],[[1,2]]]}"#,
                "unevenly",
            ),
        ] {
            let err = read(text).unwrap_err();
            assert!(err.contains(why), "{text}: {err}");
        }
    }
}
