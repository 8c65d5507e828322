//! The scenario's geometry on the map plane (km), computed once per load and shared by every
//! picture: each province's triangles (for mesh backends) and rings (for path backends), the
//! borders and the country outline as arcs (each shared border once), the capitals' positions,
//! the provinces' areas and the bounds.

use crate::boundaries::{LonLat, MapXy, ProvinceMesh, arcs, province_mesh};
use crate::bundle::ScenarioBundle;

use super::view::MapRect;

/// A polyline on the map plane, km.
pub type Polyline = Vec<[f32; 2]>;

/// Geometry of a loaded scenario on the map plane.
#[derive(Debug, Clone, Default)]
pub struct MapGeometry {
    /// Per province: triangles and rings.
    pub provinces: Vec<ProvinceMesh>,
    /// Per province: its area in km².
    pub province_area_km2: Vec<f64>,
    /// Per province: its bounding box.
    pub province_bounds: Vec<MapRect>,
    /// Borders between two provinces, each once.
    pub borders: Vec<Polyline>,
    /// The country outline (edges with a province on one side only).
    pub outline: Vec<Polyline>,
    /// Per capital: its position.
    pub capitals_map_xy: Vec<MapXy>,
    /// Bounding box of all provinces.
    pub bounds: MapRect,
}

impl MapGeometry {
    /// Computes the geometry of a bundle.
    pub fn of(bundle: &ScenarioBundle) -> Self {
        let projection = &bundle.projection;
        let provinces: Vec<ProvinceMesh> = bundle
            .boundaries
            .provinces
            .iter()
            .map(|p| province_mesh(p, projection))
            .collect();
        let province_bounds: Vec<MapRect> = provinces
            .iter()
            .map(|p| {
                let mut r = MapRect::EMPTY;
                for v in &p.positions_map_xy {
                    r.include(MapXy {
                        x: f64::from(v[0]),
                        y: f64::from(v[1]),
                    });
                }
                r
            })
            .collect();
        let mut bounds = MapRect::EMPTY;
        for r in province_bounds.iter().filter(|r| !r.is_empty()) {
            bounds.include(r.min);
            bounds.include(r.max);
        }
        let mut borders = Vec::new();
        let mut outline = Vec::new();
        for arc in arcs(&bundle.boundaries) {
            let line: Polyline = arc
                .coords_lonlat
                .iter()
                .map(|c| {
                    let m = projection.map_from_lonlat(LonLat { lon: c.x, lat: c.y });
                    [m.x as f32, m.y as f32]
                })
                .collect();
            if arc.is_outline() {
                outline.push(line);
            } else {
                borders.push(line);
            }
        }
        let capitals_map_xy = bundle
            .scenario()
            .capitals
            .iter()
            .map(|c| {
                projection.map_from_lonlat(LonLat {
                    lon: c.lon,
                    lat: c.lat,
                })
            })
            .collect();
        Self {
            province_area_km2: provinces.iter().map(ProvinceMesh::area_km2).collect(),
            province_bounds,
            provinces,
            borders,
            outline,
            capitals_map_xy,
            bounds,
        }
    }

    /// The nearest capital within `radius_km` of a point, else the capital of the province
    /// containing it.
    pub fn capital_at(&self, bundle: &ScenarioBundle, at: MapXy, radius_km: f64) -> Option<usize> {
        let nearest = self
            .capitals_map_xy
            .iter()
            .enumerate()
            .map(|(i, p)| (i, (p.x - at.x).hypot(p.y - at.y)))
            .filter(|(_, d)| *d <= radius_km)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i);
        nearest.or_else(|| {
            let lonlat = bundle.projection.lonlat_from_map(at);
            let province = bundle.boundaries.province_at(lonlat)?;
            bundle.province_capitals[province].first().copied()
        })
    }
}
