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
