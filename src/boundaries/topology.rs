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

use foldhash::{HashMap, HashMapExt};

use geo::Coord;

use super::load::Boundaries;

/// One arc: a polyline in lon/lat between two junctions (or a closed ring with none).
#[derive(Clone, Debug, PartialEq)]
pub struct Arc {
    /// The points, in lon/lat; closed arcs repeat the first point at the end.
    pub coords_lonlat: Vec<Coord<f64>>,
    /// The province on one side.
    pub left: usize,
    /// The province on the other side; None on the country outline, `Some(left)` for an edge
    /// between two parts of one province (not drawn).
    pub right: Option<usize>,
}

impl Arc {
    /// True for an arc of the country outline (a province on one side only).
    pub fn is_outline(&self) -> bool {
        self.right.is_none()
    }

    /// True for an arc drawn as a border or outline: not inside one province.
    pub fn is_drawn(&self) -> bool {
        self.right != Some(self.left)
    }

    /// True when the arc starts where it ends.
    pub fn is_closed(&self) -> bool {
        self.coords_lonlat.len() > 2 && self.coords_lonlat.first() == self.coords_lonlat.last()
    }
}

/// One ring of a province as a sequence of arcs.
#[derive(Clone, Debug, PartialEq)]
pub struct TopoRing {
    /// The province.
    pub province: usize,
    /// Which polygon of the province's MultiPolygon.
    pub polygon: usize,
    /// A hole (else the polygon's exterior).
    pub hole: bool,
    /// Arc indexes, each with `true` when the ring runs along it backwards.
    pub arcs: Vec<(usize, bool)>,
}

/// Every province ring as arcs, each shared border stored once: simplify each arc once and
/// reassemble the rings, and neighbours still share their edges exactly.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Topology {
    /// The arcs, including edges inside one province (see [`Arc::is_drawn`]).
    pub arcs: Vec<Arc>,
    /// The rings, in province, polygon, ring order.
    pub rings: Vec<TopoRing>,
}

type Key = (i64, i64);

/// The distinct vertices joined to a vertex, as far as telling "exactly two" apart: a vertex
/// inside a border has two, a junction more (or one, at a dangling end).
#[derive(Default, Clone, Copy)]
struct Neighbours {
    first: Option<Key>,
    second: Option<Key>,
    more: bool,
}

impl Neighbours {
    fn add(&mut self, k: Key) {
        if self.first == Some(k) || self.second == Some(k) {
            return;
        }
        if self.first.is_none() {
            self.first = Some(k);
        } else if self.second.is_none() {
            self.second = Some(k);
        } else {
            self.more = true;
        }
    }

    fn is_two(&self) -> bool {
        self.second.is_some() && !self.more
    }
}

fn key(c: &Coord<f64>) -> Key {
    ((c.x * 1e7).round() as i64, (c.y * 1e7).round() as i64)
}

fn edge_key(a: Key, b: Key) -> (Key, Key) {
    if a < b { (a, b) } else { (b, a) }
}

/// A province ring with its consecutive duplicate points removed, unclosed.
struct Ring {
    province: usize,
    polygon: usize,
    hole: bool,
    points: Vec<Coord<f64>>,
}

/// The rings of every province, each with its consecutive duplicate points removed.
fn rings(boundaries: &Boundaries) -> Vec<Ring> {
    let mut out = Vec::new();
    for (pi, province) in boundaries.provinces.iter().enumerate() {
        for (polygon_index, polygon) in province.shape_lonlat.iter().enumerate() {
            let all = std::iter::once(polygon.exterior()).chain(polygon.interiors());
            for (ring_index, ring) in all.enumerate() {
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
                    out.push(Ring {
                        province: pi,
                        polygon: polygon_index,
                        hole: ring_index > 0,
                        points,
                    });
                }
            }
        }
    }
    out
}

/// Cuts every province ring into arcs at junctions; each shared border is one arc, which the
/// rings on both of its sides refer to.
pub fn topology(boundaries: &Boundaries) -> Topology {
    let rings = rings(boundaries);
    // Who owns each edge: one province (outline) or two (a border). An edge owned twice by the
    // same province (two parts of one province touching) is internal.
    let edges: usize = rings.iter().map(|r| r.points.len()).sum();
    let mut owners: HashMap<(Key, Key), (usize, Option<usize>)> = HashMap::with_capacity(edges);
    let mut neighbours: HashMap<Key, Neighbours> = HashMap::with_capacity(edges);
    for ring in &rings {
        let n = ring.points.len();
        for i in 0..n {
            let (a, b) = (key(&ring.points[i]), key(&ring.points[(i + 1) % n]));
            owners
                .entry(edge_key(a, b))
                .and_modify(|o| {
                    if o.1.is_none() {
                        o.1 = Some(ring.province);
                    }
                })
                .or_insert((ring.province, None));
            for (from, to) in [(a, b), (b, a)] {
                neighbours.entry(from).or_default().add(to);
            }
        }
    }
    let owner_of = |a: Key, b: Key| owners.get(&edge_key(a, b)).copied();
    // Known arcs by a directed edge: an open arc by its first edge (forwards) and its last edge
    // (backwards); a closed arc by every edge, as another ring may start it anywhere.
    let mut known: HashMap<(Key, Key), (usize, bool)> = HashMap::with_capacity(edges / 4);
    let mut topo = Topology::default();
    for ring in &rings {
        let points = &ring.points;
        let n = points.len();
        let keys: Vec<Key> = points.iter().map(key).collect();
        let edge_owner = |i: usize| owner_of(keys[i], keys[(i + 1) % n]);
        // A vertex is a cut when three or more borders meet there, or the owners change.
        let is_cut = |i: usize| {
            neighbours.get(&keys[i]).is_some_and(|l| !l.is_two())
                || edge_owner((i + n - 1) % n) != edge_owner(i)
        };
        let cuts: Vec<usize> = (0..n).filter(|&i| is_cut(i)).collect();
        let mut refs = Vec::new();
        // The pieces: from each cut to the next (or the whole ring when there is none).
        let pieces: Vec<(usize, usize)> = if cuts.is_empty() {
            vec![(0, n)]
        } else {
            (0..cuts.len())
                .map(|c| {
                    let from = cuts[c];
                    let to = if c + 1 < cuts.len() {
                        cuts[c + 1]
                    } else {
                        cuts[0] + n
                    };
                    (from, to)
                })
                .collect()
        };
        for (from, to) in pieces {
            let coords: Vec<Coord<f64>> = (from..=to).map(|i| points[i % n]).collect();
            let first = (keys[from % n], keys[(from + 1) % n]);
            if let Some(&(arc, reversed)) = known.get(&first) {
                let existing = &topo.arcs[arc].coords_lonlat;
                let same = existing.len() == coords.len()
                    && (cuts.is_empty()
                        || if reversed {
                            existing
                                .iter()
                                .rev()
                                .zip(&coords)
                                .all(|(a, b)| key(a) == key(b))
                        } else {
                            existing.iter().zip(&coords).all(|(a, b)| key(a) == key(b))
                        });
                if same {
                    refs.push((arc, reversed));
                    continue;
                }
            }
            let owner = edge_owner(from % n).unwrap_or((ring.province, None));
            let index = topo.arcs.len();
            if cuts.is_empty() {
                for i in 0..n {
                    let (a, b) = (keys[i], keys[(i + 1) % n]);
                    known.entry((a, b)).or_insert((index, false));
                    known.entry((b, a)).or_insert((index, true));
                }
            } else {
                let m = coords.len();
                known.entry(first).or_insert((index, false));
                known
                    .entry((key(&coords[m - 1]), key(&coords[m - 2])))
                    .or_insert((index, true));
            }
            topo.arcs.push(Arc {
                coords_lonlat: coords,
                left: owner.0,
                right: owner.1,
            });
            refs.push((index, false));
        }
        topo.rings.push(TopoRing {
            province: ring.province,
            polygon: ring.polygon,
            hole: ring.hole,
            arcs: refs,
        });
    }
    topo
}

/// The arcs drawn as borders and outline: every shared border once, edges inside one province
/// left out.
pub fn arcs(boundaries: &Boundaries) -> Vec<Arc> {
    topology(boundaries)
        .arcs
        .into_iter()
        .filter(Arc::is_drawn)
        .collect()
}

/// The points of a ring assembled from its arcs (each given as a point list, as simplified),
/// closed (last == first). Consecutive arcs share their junction point, kept once.
pub fn assemble_ring<T: Copy + PartialEq>(ring: &TopoRing, arcs: &[Vec<T>]) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for &(arc, reversed) in &ring.arcs {
        let points = &arcs[arc];
        let mut push = |p: T| {
            if out.last() != Some(&p) {
                out.push(p);
            }
        };
        if reversed {
            points.iter().rev().for_each(|p| push(*p));
        } else {
            points.iter().for_each(|p| push(*p));
        }
    }
    if out.len() > 1 && out.first() != out.last() {
        out.push(out[0]);
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

    #[test]
    fn rings_reassemble_from_their_arcs_and_neighbours_share_them() {
        let b = parse_boundaries(Path::new("t.geojson"), THREE, "id", "name").unwrap();
        let topo = topology(&b);
        assert_eq!(topo.rings.len(), 4, "W exterior and hole, E, Isle");
        let points: Vec<Vec<Coord<f64>>> =
            topo.arcs.iter().map(|a| a.coords_lonlat.clone()).collect();
        for ring in &topo.rings {
            let assembled = assemble_ring(ring, &points);
            let polygon = &b.provinces[ring.province].shape_lonlat.0[ring.polygon];
            let original = if ring.hole {
                &polygon.interiors()[0]
            } else {
                polygon.exterior()
            };
            // The same closed ring, possibly starting elsewhere.
            assert_eq!(assembled.len(), original.0.len(), "{ring:?}");
            assert_eq!(assembled.first(), assembled.last());
            let start = original.0.iter().position(|c| *c == assembled[0]).unwrap();
            let n = original.0.len() - 1;
            for (i, c) in assembled.iter().enumerate() {
                assert_eq!(*c, original.0[(start + i) % n], "{ring:?}");
            }
        }
        // West's exterior and East share the border arc, running along it in opposite ways.
        let shared = topo.arcs.iter().position(|a| a.right.is_some()).unwrap();
        let uses: Vec<(usize, bool)> = topo
            .rings
            .iter()
            .flat_map(|r| {
                r.arcs
                    .iter()
                    .filter(|(a, _)| *a == shared)
                    .map(|&(_, rev)| (r.province, rev))
            })
            .collect();
        assert_eq!(uses, [(0, false), (1, true)]);
    }

    #[test]
    fn an_enclave_shares_one_closed_arc_with_the_hole_around_it() {
        // Outer has a hole exactly filled by Inner; the two rings start at different points.
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"id":"O","name":"Outer"},"geometry":{"type":"Polygon","coordinates":[
            [[0,0],[4,0],[4,4],[0,4],[0,0]], [[1,1],[1,3],[3,3],[3,1],[1,1]]]}},
          {"type":"Feature","properties":{"id":"I","name":"Inner"},"geometry":{"type":"Polygon","coordinates":[
            [[3,3],[1,3],[1,1],[3,1],[3,3]]]}}]}"#;
        let b = parse_boundaries(Path::new("t.geojson"), text, "id", "name").unwrap();
        let topo = topology(&b);
        let borders: Vec<&Arc> = topo.arcs.iter().filter(|a| a.right.is_some()).collect();
        assert_eq!(borders.len(), 1, "{:?}", topo.arcs);
        assert!(borders[0].is_closed());
        assert_eq!(topo.arcs.len(), 2, "the outer square and the shared ring");
    }
}
