//! Shared borders as arcs, TopoJSON-style: every province ring is cut at junctions (vertices
//! where three or more borders meet, or where the neighbour on the other side changes), and
//! each piece between two junctions is stored once, with the one or two provinces on its
//! sides. A border between two provinces is then drawn once (not once per province), the
//! country outline is the arcs with a single province, and simplifying an arc keeps both
//! neighbours in agreement.
//!
//! Relies on neighbouring provinces sharing their border vertices exactly, as admin-1 files
//! built from one topology (Natural Earth, geoBoundaries, GADM) and the import command's
//! rounding do. Coordinates are matched at 1e-7 degree (about 1 cm).

use std::collections::HashMap;

use geo::Coord;

use super::load::Boundaries;

/// One arc: a polyline in lon/lat between two junctions (or a closed ring with none).
#[derive(Clone, Debug, PartialEq)]
pub struct Arc {
    /// The points, in lon/lat; closed arcs repeat the first point at the end.
    pub coords_lonlat: Vec<Coord<f64>>,
    /// The province on one side.
    pub left: usize,
    /// The province on the other side; None on the country outline.
    pub right: Option<usize>,
}

impl Arc {
    /// True for an arc of the country outline (a province on one side only).
    pub fn is_outline(&self) -> bool {
        self.right.is_none()
    }
}

type Key = (i64, i64);

fn key(c: &Coord<f64>) -> Key {
    ((c.x * 1e7).round() as i64, (c.y * 1e7).round() as i64)
}

fn edge_key(a: Key, b: Key) -> (Key, Key) {
    if a < b { (a, b) } else { (b, a) }
}

/// The rings of every province, each with its consecutive duplicate points removed and closed.
fn rings(boundaries: &Boundaries) -> Vec<(usize, Vec<Coord<f64>>)> {
    let mut out = Vec::new();
    for (pi, province) in boundaries.provinces.iter().enumerate() {
        for polygon in &province.shape_lonlat {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                let mut points: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len());
                for c in &ring.0 {
                    if points.last().is_none_or(|last| key(last) != key(c)) {
                        points.push(*c);
                    }
                }
                if points.len() >= 2 && key(&points[0]) == key(&points[points.len() - 1]) {
                    points.pop();
                }
                if points.len() >= 3 {
                    out.push((pi, points));
                }
            }
        }
    }
    out
}

/// Cuts every province ring into arcs; each shared border appears once.
pub fn arcs(boundaries: &Boundaries) -> Vec<Arc> {
    let rings = rings(boundaries);
    // Who owns each edge: one province (outline) or two (a border). An edge owned twice by the
    // same province (two parts of one province touching) is internal and not drawn.
    let mut owners: HashMap<(Key, Key), (usize, Option<usize>)> = HashMap::new();
    let mut neighbours: HashMap<Key, Vec<Key>> = HashMap::new();
    for (pi, ring) in &rings {
        let n = ring.len();
        for i in 0..n {
            let (a, b) = (key(&ring[i]), key(&ring[(i + 1) % n]));
            owners
                .entry(edge_key(a, b))
                .and_modify(|o| {
                    if o.1.is_none() {
                        o.1 = Some(*pi);
                    }
                })
                .or_insert((*pi, None));
            for (from, to) in [(a, b), (b, a)] {
                let list = neighbours.entry(from).or_default();
                if !list.contains(&to) {
                    list.push(to);
                }
            }
        }
    }
    let owner_of = |a: Key, b: Key| owners.get(&edge_key(a, b)).copied();
    let drawn = |o: (usize, Option<usize>)| o.1 != Some(o.0);
    let mut visited: HashMap<(Key, Key), ()> = HashMap::new();
    let mut out = Vec::new();
    for (_, ring) in &rings {
        let n = ring.len();
        let keys: Vec<Key> = ring.iter().map(key).collect();
        let edge_owner = |i: usize| owner_of(keys[i], keys[(i + 1) % n]);
        // A vertex is a cut when three or more borders meet there, or the owners change.
        let is_cut = |i: usize| {
            neighbours.get(&keys[i]).is_some_and(|l| l.len() != 2)
                || edge_owner((i + n - 1) % n) != edge_owner(i)
        };
        let start = (0..n).find(|&i| is_cut(i));
        let (start, closed) = match start {
            Some(s) => (s, false),
            None => (0, true),
        };
        let mut current: Vec<Coord<f64>> = Vec::new();
        let mut current_owner = None;
        let flush = |current: &mut Vec<Coord<f64>>,
                     owner: Option<(usize, Option<usize>)>,
                     out: &mut Vec<Arc>| {
            if current.len() >= 2
                && let Some(o) = owner
            {
                out.push(Arc {
                    coords_lonlat: std::mem::take(current),
                    left: o.0,
                    right: o.1,
                });
            }
            current.clear();
        };
        for step in 0..n {
            let i = (start + step) % n;
            let j = (i + 1) % n;
            let e = edge_key(keys[i], keys[j]);
            if step > 0 && is_cut(i) && !closed {
                flush(&mut current, current_owner, &mut out);
            }
            let owner = edge_owner(i);
            let fresh = visited.insert(e, ()).is_none() && owner.is_some_and(drawn);
            if !fresh {
                flush(&mut current, current_owner, &mut out);
                continue;
            }
            if current.is_empty() {
                current.push(ring[i]);
            }
            current.push(ring[j]);
            current_owner = owner;
        }
        flush(&mut current, current_owner, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundaries::load::parse_boundaries;
    use std::path::Path;

    // West and East share the edge x = 1; West has a hole; a third province, Isle, lies apart.
    const THREE: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"id":"W","name":"West"},"geometry":{"type":"Polygon","coordinates":[
        [[0,0],[1,0],[1,1],[0,1],[0,0]],
        [[0.25,0.25],[0.25,0.75],[0.75,0.75],[0.75,0.25],[0.25,0.25]]]}},
      {"type":"Feature","properties":{"id":"E","name":"East"},"geometry":{"type":"Polygon","coordinates":[
        [[1,0],[2,0],[2,1],[1,1],[1,0]]]}},
      {"type":"Feature","properties":{"id":"I","name":"Isle"},"geometry":{"type":"Polygon","coordinates":[
        [[5,5],[6,5],[6,6],[5,5]]]}}]}"#;

    fn length(arcs: &[Arc]) -> f64 {
        arcs.iter()
            .flat_map(|a| a.coords_lonlat.windows(2))
            .map(|w| ((w[1].x - w[0].x).powi(2) + (w[1].y - w[0].y).powi(2)).sqrt())
            .sum()
    }

    #[test]
    fn shared_borders_appear_once_and_the_outline_is_the_rest() {
        let b = parse_boundaries(Path::new("t.geojson"), THREE, "id", "name").unwrap();
        let arcs = arcs(&b);
        let borders: Vec<Arc> = arcs.iter().filter(|a| !a.is_outline()).cloned().collect();
        let outline: Vec<Arc> = arcs.iter().filter(|a| a.is_outline()).cloned().collect();
        assert_eq!(borders.len(), 1, "one shared border: {borders:?}");
        assert_eq!((borders[0].left, borders[0].right), (0, Some(1)));
        assert!((length(&borders) - 1.0).abs() < 1e-9);
        // Outline: 3 + 3 outer edges of the squares, the hole (2), the island (2 + √2).
        let expected = 6.0 + 2.0 + 2.0 + 2f64.sqrt();
        assert!(
            (length(&outline) - expected).abs() < 1e-9,
            "{}",
            length(&outline)
        );
        // The island and the hole have no junction: each is one closed arc.
        let isle: Vec<&Arc> = outline.iter().filter(|a| a.left == 2).collect();
        assert_eq!(isle.len(), 1);
        assert_eq!(isle[0].coords_lonlat.first(), isle[0].coords_lonlat.last());
    }

    #[test]
    fn edges_inside_one_province_are_not_drawn() {
        // One province made of two touching squares.
        let text = r#"{"type":"Feature","properties":{"id":"A","name":"A"},"geometry":{"type":"MultiPolygon","coordinates":[
            [[[0,0],[1,0],[1,1],[0,1],[0,0]]], [[[1,0],[2,0],[2,1],[1,1],[1,0]]]]}}"#;
        let b = parse_boundaries(Path::new("t.geojson"), text, "id", "name").unwrap();
        let arcs = arcs(&b);
        assert!(arcs.iter().all(Arc::is_outline));
        assert!((length(&arcs) - 6.0).abs() < 1e-9, "{}", length(&arcs));
    }
}
