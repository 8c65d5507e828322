//! Province boundaries, free of any engine code: GeoJSON → provinces (id, name, polygons in
//! lon/lat), the projection to a flat map plane, triangles for filling, outline rings for
//! borders, bounding boxes, point-in-polygon, and the importer that turns a third-party admin-1
//! file into a clean boundaries file.

pub mod geometry;
pub mod import;
pub mod load;
pub mod projection;
pub mod stream;
pub mod topology;

pub use geometry::{ProvinceMesh, province_mesh};
pub use load::{Boundaries, Province, load_boundaries, parse_boundaries};
pub use projection::{LonLat, MapXy, Projection};
pub use topology::{Arc, arcs};

/// Reads boundaries from text and runs everything drawing does with them: the shared borders,
/// the projection and the tessellation of every province. Used by the fuzz targets.
pub fn check_boundaries_text(
    path: &std::path::Path,
    text: &str,
) -> Result<usize, crate::model::Diagnostic> {
    let b = parse_boundaries(path, text, "id", "name")?;
    let projection = b.projection();
    let arcs = arcs(&b);
    let triangles: usize = b
        .provinces
        .iter()
        .map(|p| province_mesh(p, &projection).triangle_count())
        .sum();
    Ok(arcs.len() + triangles)
}
