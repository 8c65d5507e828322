//! Geometry for drawing: each province's triangles and rings on the map plane. Borders and the
//! country outline come from [`super::topology`].

use geo::TriangulateEarcut;

use super::load::Province;
use super::projection::{LonLat, Projection};

/// A province ready to draw: one triangle list for its fill and its rings for borders, all in
/// map-plane kilometres.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProvinceMesh {
    /// Vertex positions, map_xy in km.
    pub positions_map_xy: Vec<[f32; 2]>,
    /// Triangle list into `positions_map_xy`.
    pub indices: Vec<u32>,
    /// Every ring (exteriors and holes), closed (last == first), map_xy in km.
    pub rings_map_xy: Vec<Vec<[f32; 2]>>,
}

impl ProvinceMesh {
    /// Number of triangles.
    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    /// Total area of the triangles in km² (a check that tessellation covered the shape).
    pub fn area_km2(&self) -> f64 {
        self.indices
            .chunks_exact(3)
            .map(|t| {
                let [a, b, c] = [t[0], t[1], t[2]].map(|i| self.positions_map_xy[i as usize]);
                let cross = (b[0] - a[0]) as f64 * (c[1] - a[1]) as f64
                    - (c[0] - a[0]) as f64 * (b[1] - a[1]) as f64;
                cross.abs() / 2.0
            })
            .sum()
    }
}

fn project(projection: &Projection, c: geo::Coord<f64>) -> [f32; 2] {
    let m = projection.map_from_lonlat(LonLat { lon: c.x, lat: c.y });
    [m.x as f32, m.y as f32]
}

/// Tessellates a province (holes kept) and collects its rings, projected to the map plane.
pub fn province_mesh(province: &Province, projection: &Projection) -> ProvinceMesh {
    let mut mesh = ProvinceMesh::default();
    for polygon in &province.shape_lonlat {
        let raw = polygon.earcut_triangles_raw();
        let base = mesh.positions_map_xy.len() as u32;
        mesh.positions_map_xy.extend(
            raw.vertices
                .iter()
                .map(|&[x, y]| project(projection, geo::Coord { x, y })),
        );
        mesh.indices
            .extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            mesh.rings_map_xy
                .push(ring.0.iter().map(|c| project(projection, *c)).collect());
        }
    }
    mesh
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundaries::load::parse_boundaries;
    use std::path::Path;

    const TWO_SQUARES_ONE_HOLE: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"id":"W","name":"West"},"geometry":{"type":"Polygon","coordinates":[
        [[0,0],[1,0],[1,1],[0,1],[0,0]],
        [[0.25,0.25],[0.25,0.75],[0.75,0.75],[0.75,0.25],[0.25,0.25]]]}},
      {"type":"Feature","properties":{"id":"E","name":"East"},"geometry":{"type":"Polygon","coordinates":[
        [[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]}"#;

    #[test]
    fn tessellation_covers_the_area_minus_holes() {
        let b =
            parse_boundaries(Path::new("t.geojson"), TWO_SQUARES_ONE_HOLE, "id", "name").unwrap();
        let p = Projection::centered_on(LonLat { lon: 1.0, lat: 0.5 });
        let west = province_mesh(&b.provinces[0], &p);
        let deg = 111.195f64; // km per degree at the equator
        let expected = deg * deg * (1.0 - 0.25);
        assert!(
            (west.area_km2() - expected).abs() / expected < 0.01,
            "{} vs {expected}",
            west.area_km2()
        );
        assert_eq!(west.rings_map_xy.len(), 2, "exterior and hole");
        let east = province_mesh(&b.provinces[1], &p);
        assert_eq!(east.triangle_count(), 2);
    }
}
