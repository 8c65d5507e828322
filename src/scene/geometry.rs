//! The scenario's geometry on the map plane (km), computed once per load and shared by every
//! picture: the provinces' triangles (for mesh backends) and rings (for path backends), the
//! borders and the country outline as arcs (each shared border once), at several levels of
//! detail; the capitals' positions, the provinces' areas and the bounds.
//!
//! Levels of detail are topology-aware: every shared arc is simplified once (Ramer–Douglas–
//! Peucker, endpoints kept) and the rings are reassembled from the simplified arcs, so
//! neighbouring provinces keep sharing their edges exactly at every level. A view uses the
//! coarsest level whose tolerance is at most half a pixel ([`MapGeometry::level_for`]).

use std::sync::{Arc, OnceLock};

use geo::{LineString, Simplify, TriangulateEarcut};
use rayon::prelude::*;

use crate::boundaries::{LonLat, MapXy, ProvinceMesh, topology};
use crate::bundle::ScenarioBundle;
use crate::progress::Progress;

use super::view::MapRect;

/// A polyline on the map plane, km.
pub type Polyline = Vec<[f32; 2]>;

/// How many coarser levels there are besides full detail; each has a quarter of the previous
/// one's tolerance.
const COARSE_LEVELS: i32 = 4;

/// The map's geometry at one level of detail.
#[derive(Debug, Clone, Default)]
pub struct DetailLevel {
    /// Largest distance a simplified line strays from the original, km (0: full detail).
    pub tolerance_km: f64,
    /// Per province: triangles and rings.
    pub provinces: Vec<ProvinceMesh>,
    /// Borders between two provinces, each once.
    pub borders: Vec<Polyline>,
    /// The country outline (edges with a province on one side only).
    pub outline: Vec<Polyline>,
}

impl DetailLevel {
    /// Number of vertices its fills and lines hold.
    pub fn vertex_count(&self) -> usize {
        self.provinces
            .iter()
            .map(|p| p.positions_map_xy.len())
            .sum::<usize>()
            + self.borders.iter().map(Vec::len).sum::<usize>()
            + self.outline.iter().map(Vec::len).sum::<usize>()
    }
}

/// Geometry of a loaded scenario on the map plane. The coarse levels of detail are built with
/// it; the finer ones when first asked for ([`Self::level`]) or by [`Self::build_all`], which the
/// window runs on another thread after the first frame while it shows the finest level ready.
#[derive(Debug, Default)]
pub struct MapGeometry {
    /// Per level (coarsest first, the last full detail): its tolerance, km.
    tolerances: Vec<f64>,
    /// The levels, built once each.
    levels: Vec<OnceLock<DetailLevel>>,
    /// The neighbouring countries at the same levels (empty when the scenario names none);
    /// their `borders` are the borders between two of them.
    neighbour_levels: Vec<OnceLock<DetailLevel>>,
    /// What levels are built from.
    source: Option<Arc<LevelSource>>,
    /// Per province: its area in km².
    pub province_area_km2: Vec<f64>,
    /// Per province: its bounding box.
    pub province_bounds: Vec<MapRect>,
    /// Per capital: its position.
    pub capitals_map_xy: Vec<MapXy>,
    /// Per capital: its id, shared by every picture that names it (SVG ids, markers).
    pub capital_ids: Vec<Arc<str>>,
    /// Per capital: its label's element id, `label-<id>`.
    pub capital_label_ids: Vec<Arc<str>>,
    /// Per capital: its rank by its province's area, largest first (from 2; capitals drawn as
    /// markers only come last): the order in which labels and crowded markers are kept.
    pub capital_area_rank: Vec<u64>,
    /// Bounding box of all provinces.
    pub bounds: MapRect,
    /// The neighbouring countries' names and extents, for placing their names.
    pub neighbours: Vec<NeighbourShape>,
}

/// The topology and projected arcs of the provinces (and neighbours) that levels are built from.
#[derive(Debug)]
struct LevelSource {
    main: Projected,
    others: Option<Projected>,
}

/// How many of the coarsest levels are built with the geometry (the rest on demand).
const EAGER_LEVELS: usize = 3;

/// Tessellates a polygon's rings (exterior first, closed), in map km.
fn tessellate(rings: &[Vec<[f32; 2]>], mesh: &mut ProvinceMesh) {
    let to_ls = |r: &Vec<[f32; 2]>| -> LineString<f64> {
        r.iter()
            .map(|p| (f64::from(p[0]), f64::from(p[1])))
            .collect()
    };
    let Some((exterior, holes)) = rings.split_first() else {
        return;
    };
    let polygon = geo::Polygon::new(to_ls(exterior), holes.iter().map(to_ls).collect());
    let raw = polygon.earcut_triangles_raw();
    let base = mesh.positions_map_xy.len() as u32;
    mesh.positions_map_xy
        .extend(raw.vertices.iter().map(|v| [v[0] as f32, v[1] as f32]));
    mesh.indices
        .extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
    mesh.rings_map_xy.extend(rings.iter().cloned());
}

/// Each capital's rank by its province's area, largest first (from 2; ties by index).
fn area_ranks(bundle: &ScenarioBundle, province_area_km2: &[f64]) -> Vec<u64> {
    let n = bundle.scenario().capitals.len();
    let area = |c: usize| {
        bundle
            .capital_province
            .get(c)
            .copied()
            .flatten()
            .and_then(|p| province_area_km2.get(p))
            .copied()
            .unwrap_or(0.0)
    };
    let mut by_area: Vec<usize> = (0..n).collect();
    by_area.sort_by(|&a, &b| area(b).total_cmp(&area(a)).then(a.cmp(&b)));
    let mut rank = vec![0u64; n];
    for (r, &c) in by_area.iter().enumerate() {
        rank[c] = r as u64 + 2;
    }
    rank
}

/// Whether a closed ring still encloses an area (at least three distinct points).
fn is_ring(ring: &[[f32; 2]]) -> bool {
    ring.len() >= 4
}

/// Every province's polygons (each its rings, exterior first, closed) assembled from the arcs
/// (already simplified); rings that collapsed to a line are left out.
fn polygons(
    topo: &topology::Topology,
    arcs: &[Polyline],
    provinces: usize,
) -> Vec<Vec<Vec<Polyline>>> {
    let mut out = vec![Vec::new(); provinces];
    // Rings come in province, polygon, ring order (exterior first).
    let mut i = 0;
    while i < topo.rings.len() {
        let (province, polygon) = (topo.rings[i].province, topo.rings[i].polygon);
        let mut rings: Vec<Polyline> = Vec::new();
        let mut exterior_kept = false;
        while i < topo.rings.len()
            && topo.rings[i].province == province
            && topo.rings[i].polygon == polygon
        {
            let r = &topo.rings[i];
            let points = topology::assemble_ring(r, arcs);
            if !r.hole {
                exterior_kept = is_ring(&points);
                if exterior_kept {
                    rings.insert(0, points);
                }
            } else if exterior_kept && is_ring(&points) {
                rings.push(points);
            }
            i += 1;
        }
        if exterior_kept {
            out[province].push(rings);
        }
    }
    out
}

/// Builds one level from the arcs (already simplified) and the topology's rings.
fn level(
    tolerance_km: f64,
    topo: &topology::Topology,
    arcs: &[Polyline],
    provinces: usize,
) -> DetailLevel {
    let meshes = polygons(topo, arcs, provinces)
        .iter()
        .map(|polys| {
            let mut mesh = ProvinceMesh::default();
            for rings in polys {
                tessellate(rings, &mut mesh);
            }
            mesh
        })
        .collect();
    let mut borders = Vec::new();
    let mut outline = Vec::new();
    for (arc, line) in topo.arcs.iter().zip(arcs) {
        if !arc.is_drawn() || line.len() < 2 {
            continue;
        }
        if arc.is_outline() {
            outline.push(line.clone());
        } else {
            borders.push(line.clone());
        }
    }
    DetailLevel {
        tolerance_km,
        provinces: meshes,
        borders,
        outline,
    }
}

/// A set of boundaries cut into arcs and projected, ready to be simplified.
#[derive(Debug)]
struct Projected {
    topo: topology::Topology,
    arcs_km: Vec<Vec<[f64; 2]>>,
    count: usize,
}

impl Projected {
    fn of(
        boundaries: &crate::boundaries::Boundaries,
        projection: &crate::boundaries::Projection,
    ) -> Self {
        let topo = topology::topology(boundaries);
        let arcs_km = topo
            .arcs
            .par_iter()
            .map(|arc| {
                arc.coords_lonlat
                    .iter()
                    .map(|c| {
                        let m = projection.map_from_lonlat(LonLat { lon: c.x, lat: c.y });
                        [m.x, m.y]
                    })
                    .collect()
            })
            .collect();
        Self {
            topo,
            arcs_km,
            count: boundaries.provinces.len(),
        }
    }

    fn simplified(&self, tolerance_km: f64) -> Vec<Polyline> {
        self.arcs_km
            .iter()
            .map(|a| simplify(a, tolerance_km))
            .collect()
    }

    fn level(&self, tolerance_km: f64) -> DetailLevel {
        level(
            tolerance_km,
            &self.topo,
            &self.simplified(tolerance_km),
            self.count,
        )
    }
}

/// A neighbouring country: its name and extent (its shape is in
/// [`MapGeometry::neighbour_levels`]).
#[derive(Debug, Clone)]
pub struct NeighbourShape {
    /// Its name.
    pub name: String,
    /// Its bounding box, map km.
    pub bounds: MapRect,
}

/// Simplifies a polyline (map km) to `tolerance_km`, keeping its endpoints; closed lines keep at
/// least their start and the point farthest from it.
fn simplify(line: &[[f64; 2]], tolerance_km: f64) -> Polyline {
    let to_f32 = |p: &[f64; 2]| [p[0] as f32, p[1] as f32];
    if tolerance_km <= 0.0 || line.len() <= 2 {
        return line.iter().map(to_f32).collect();
    }
    let ls: LineString<f64> = line.iter().map(|p| (p[0], p[1])).collect();
    ls.simplify(tolerance_km)
        .0
        .iter()
        .map(|c| [c.x as f32, c.y as f32])
        .collect()
}

impl MapGeometry {
    /// Computes the geometry of a bundle: the topology once, the areas and bounds, and the
    /// coarse levels of detail (in parallel).
    pub fn of(bundle: &ScenarioBundle) -> Self {
        Self::of_with(bundle, &Progress::new(), 0.0)
    }

    /// [`Self::of`], reporting progress from `from` to the end.
    pub fn of_with(bundle: &ScenarioBundle, progress: &Progress, from: f64) -> Self {
        let geometry = Self::prepared(bundle, progress, from);
        let at = |f: f64| from + (1.0 - from) * f;
        progress.stage("simplifying and tessellating", at(0.5));
        let eager = EAGER_LEVELS.min(geometry.level_count());
        let finished = std::sync::atomic::AtomicUsize::new(0);
        (0..eager).into_par_iter().for_each(|i| {
            geometry.level(i);
            geometry.neighbour_level(i);
            let n = finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress.set(at(0.5 + 0.5 * n as f64 / eager as f64));
        });
        geometry
    }

    /// The geometry with no level of detail built yet (each is built when first asked for):
    /// what an export of one view needs. Reports progress from `from` to half way.
    pub fn prepared(bundle: &ScenarioBundle, progress: &Progress, from: f64) -> Self {
        let at = |f: f64| from + (1.0 - from) * f;
        progress.stage("finding shared borders", at(0.0));
        let projection = &bundle.projection;
        let main = Projected::of(&bundle.boundaries, projection);
        let others = bundle
            .neighbours
            .as_ref()
            .map(|n| Projected::of(n, projection));
        let mut bounds = MapRect::EMPTY;
        for p in main.arcs_km.iter().flatten() {
            bounds.include(MapXy { x: p[0], y: p[1] });
        }
        progress.stage("measuring provinces", at(0.4));
        // Areas and bounds from the full-detail rings (no tessellation needed).
        let full_rings = polygons(&main.topo, &main.simplified(0.0), main.count);
        let province_area_km2: Vec<f64> = full_rings
            .iter()
            .map(|polys| {
                polys
                    .iter()
                    .map(|rings| {
                        let ring_area = |r: &Polyline| {
                            r.windows(2)
                                .map(|w| {
                                    f64::from(w[0][0]) * f64::from(w[1][1])
                                        - f64::from(w[1][0]) * f64::from(w[0][1])
                                })
                                .sum::<f64>()
                                .abs()
                                / 2.0
                        };
                        rings.first().map_or(0.0, ring_area)
                            - rings[1..].iter().map(ring_area).sum::<f64>()
                    })
                    .sum()
            })
            .collect();
        let province_bounds: Vec<MapRect> = full_rings
            .iter()
            .map(|polys| {
                let mut r = MapRect::EMPTY;
                for p in polys.iter().flat_map(|rings| rings.first()).flatten() {
                    r.include(MapXy {
                        x: f64::from(p[0]),
                        y: f64::from(p[1]),
                    });
                }
                r
            })
            .collect();
        drop(full_rings);
        let neighbours = match (&others, &bundle.neighbours) {
            (Some(o), Some(b)) => {
                let mut per = vec![MapRect::EMPTY; o.count];
                for (arc, points) in o.topo.arcs.iter().zip(&o.arcs_km) {
                    for &side in [Some(arc.left), arc.right].iter().flatten() {
                        for p in points {
                            per[side].include(MapXy { x: p[0], y: p[1] });
                        }
                    }
                }
                per.into_iter()
                    .zip(&b.provinces)
                    .map(|(bounds, province)| NeighbourShape {
                        name: province.name.clone(),
                        bounds,
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        // Tolerances: half a pixel when the whole map is 500 px across (thumbnails, small
        // multiples), then a quarter of that for each level, then full detail.
        let (w, h) = bounds.size();
        let extent = w.max(h).max(1e-9);
        let mut tolerances: Vec<f64> = (0..COARSE_LEVELS)
            .map(|k| extent / 1000.0 / 4f64.powi(k))
            .collect();
        tolerances.push(0.0);
        let with_neighbours = others.is_some();
        let geometry = Self {
            levels: tolerances.iter().map(|_| OnceLock::new()).collect(),
            neighbour_levels: if with_neighbours {
                tolerances.iter().map(|_| OnceLock::new()).collect()
            } else {
                Vec::new()
            },
            tolerances,
            source: Some(Arc::new(LevelSource { main, others })),
            capital_area_rank: area_ranks(bundle, &province_area_km2),
            capital_ids: bundle
                .scenario()
                .capitals
                .iter()
                .map(|c| Arc::from(c.id.as_str()))
                .collect(),
            capital_label_ids: bundle
                .scenario()
                .capitals
                .iter()
                .map(|c| Arc::from(format!("label-{}", c.id)))
                .collect(),
            province_area_km2,
            province_bounds,
            capitals_map_xy: bundle
                .scenario()
                .capitals
                .iter()
                .map(|c| {
                    projection.map_from_lonlat(LonLat {
                        lon: c.lon,
                        lat: c.lat,
                    })
                })
                .collect(),
            bounds,
            neighbours,
        };
        progress.set(at(0.5));
        geometry
    }

    /// Number of levels of detail.
    pub fn level_count(&self) -> usize {
        self.levels.len()
    }

    /// Level `i` (0 the coarsest), built now if it was not yet.
    pub fn level(&self, i: usize) -> &DetailLevel {
        static EMPTY: OnceLock<DetailLevel> = OnceLock::new();
        let (Some(cell), Some(source)) = (self.levels.get(i), &self.source) else {
            return EMPTY.get_or_init(DetailLevel::default);
        };
        cell.get_or_init(|| source.main.level(self.tolerances[i]))
    }

    /// The neighbouring countries at level `i`, if the scenario has them.
    pub fn neighbour_level(&self, i: usize) -> Option<&DetailLevel> {
        let cell = self.neighbour_levels.get(i)?;
        let others = self.source.as_ref()?.others.as_ref()?;
        Some(cell.get_or_init(|| others.level(self.tolerances[i])))
    }

    /// Whether level `i` (and its neighbours) is built.
    pub fn is_ready(&self, i: usize) -> bool {
        self.levels.get(i).is_some_and(|c| c.get().is_some())
            && self
                .neighbour_levels
                .get(i)
                .is_none_or(|c| c.get().is_some())
    }

    /// Whether every level is built.
    pub fn is_complete(&self) -> bool {
        (0..self.level_count()).all(|i| self.is_ready(i))
    }

    /// Builds every level not built yet (in parallel).
    pub fn build_all(&self) {
        (0..self.level_count()).into_par_iter().for_each(|i| {
            self.level(i);
            self.neighbour_level(i);
        });
    }

    /// The coarsest level that strays at most half a pixel at `km_per_px` (built now if needed).
    pub fn level_for(&self, km_per_px: f64) -> &DetailLevel {
        self.level(self.level_index_for(km_per_px))
    }

    /// Index of [`Self::level_for`].
    pub fn level_index_for(&self, km_per_px: f64) -> usize {
        self.tolerances
            .iter()
            .position(|t| *t <= 0.5 * km_per_px)
            .unwrap_or(self.tolerances.len().saturating_sub(1))
    }

    /// The level to show at `km_per_px` without waiting: [`Self::level_index_for`] when it is
    /// built, else the nearest built coarser one (the coarse levels are always built).
    pub fn ready_level_index_for(&self, km_per_px: f64) -> usize {
        let ideal = self.level_index_for(km_per_px);
        (0..=ideal).rev().find(|&i| self.is_ready(i)).unwrap_or(0)
    }

    /// The neighbouring countries at the level of [`Self::level_for`], if there are any.
    pub fn neighbour_level_for(&self, km_per_px: f64) -> Option<&DetailLevel> {
        self.neighbour_level(self.level_index_for(km_per_px))
    }

    /// Full detail.
    pub fn full(&self) -> &DetailLevel {
        self.level(self.level_count().saturating_sub(1))
    }

    /// The province containing a point (its bounding box checked first).
    pub fn province_at(&self, bundle: &ScenarioBundle, at: MapXy) -> Option<usize> {
        let lonlat = bundle.projection.lonlat_from_map(at);
        self.province_bounds
            .iter()
            .enumerate()
            .filter(|(_, b)| {
                b.min.x <= at.x && at.x <= b.max.x && b.min.y <= at.y && at.y <= b.max.y
            })
            .map(|(i, _)| i)
            .find(|&i| {
                bundle
                    .boundaries
                    .provinces
                    .get(i)
                    .is_some_and(|p| p.contains_lonlat(lonlat))
            })
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
            let province = self.province_at(bundle, at)?;
            bundle.province_capitals[province].first().copied()
        })
    }
}
