//! Borders between provinces, the country outline and the borders between neighbouring
//! countries: lines of a constant width in pixels with smooth edges, at any zoom, without
//! multisampling (which roughly doubles the cost of a frame on a CPU renderer).
//!
//! Each level of detail's lines are built once, the first time the level is shown, as static
//! meshes of mitred strips in spatial chunks (so Bevy culls what is off screen); a small
//! material ([`LineMaterial`], `line.wgsl`) widens them to their pixel width at the view's scale
//! and turns the distance from a line's centre into coverage. A zoom changes one number per
//! material; nothing is stroked again. Only the levels shown now and last are kept.

use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, MeshVertexAttribute, MeshVertexBufferLayoutRef, PrimitiveTopology};
use bevy::prelude::*;
use bevy::render::render_resource::{
    AsBindGroup, RenderPipelineDescriptor, ShaderType, SpecializedMeshPipelineError, VertexFormat,
};
use bevy::shader::ShaderRef;
use bevy::sprite_render::{AlphaMode2d, Material2d, Material2dKey, Material2dPlugin};

use super::common::{MapEntity, MapSteps, z};
use crate::app::state::{AppTheme, CurrentScenario, Marks, SceneChanges, WindowView};
use crate::scene::frame::{BORDER_PX, OUTLINE_PX};
use crate::scene::geometry::Polyline;
use crate::scene::view::MapRect;

/// Per vertex: the direction to push it (x, y, in half widths) and its side (z: -1 or +1).
pub const ATTRIBUTE_EXTRUDE: MeshVertexAttribute = MeshVertexAttribute::new(
    "Line_Extrude",
    0x6672_6f6e_746c_6e01,
    VertexFormat::Float32x3,
);

/// A mitre is at most this many half widths long: a sharper turn is drawn a little thinner at
/// its outer corner instead of as a spike (the CPU draws round joins, which reach one half width).
const MITRE_LIMIT: f32 = 1.5;

/// The uniform of [`LineMaterial`].
#[derive(Debug, Clone, Copy, ShaderType)]
pub struct LineParams {
    /// Linear RGBA.
    pub color: Vec4,
    /// Width in pixels.
    pub width_px: f32,
    /// The view's kilometres per pixel.
    pub km_per_px: f32,
    /// Padding to 16 bytes.
    pub pad: Vec2,
}

/// Lines of a colour and a width in pixels (see `line.wgsl`).
#[derive(Asset, TypePath, AsBindGroup, Debug, Clone)]
pub struct LineMaterial {
    /// Colour, width and scale.
    #[uniform(0)]
    pub params: LineParams,
}

impl Material2d for LineMaterial {
    fn vertex_shader() -> ShaderRef {
        shader_ref()
    }

    fn fragment_shader() -> ShaderRef {
        shader_ref()
    }

    fn alpha_mode(&self) -> AlphaMode2d {
        AlphaMode2d::Blend
    }

    fn specialize(
        descriptor: &mut RenderPipelineDescriptor,
        layout: &MeshVertexBufferLayoutRef,
        _key: Material2dKey<Self>,
    ) -> Result<(), SpecializedMeshPipelineError> {
        let vertex_layout = layout.0.get_layout(&[
            Mesh::ATTRIBUTE_POSITION.at_shader_location(0),
            ATTRIBUTE_EXTRUDE.at_shader_location(1),
        ])?;
        descriptor.vertex.buffers = vec![vertex_layout];
        Ok(())
    }
}

fn shader_ref() -> ShaderRef {
    ShaderRef::Path(
        bevy::asset::AssetPath::from_path_buf(bevy::asset::embedded_path!("line.wgsl"))
            .with_source("embedded"),
    )
}

/// Which lines a [`LineMesh`] draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// Borders between provinces.
    Border,
    /// The country outline, heavier.
    Outline,
    /// Borders between neighbouring countries.
    Neighbour,
}

impl LineKind {
    const ALL: [LineKind; 3] = [LineKind::Border, LineKind::Outline, LineKind::Neighbour];

    fn width_px(self) -> f32 {
        match self {
            LineKind::Outline => OUTLINE_PX,
            LineKind::Border | LineKind::Neighbour => BORDER_PX,
        }
    }

    fn z(self) -> f32 {
        match self {
            LineKind::Border => z::BORDER,
            LineKind::Outline => z::OUTLINE,
            LineKind::Neighbour => z::NEIGHBOUR_BORDER,
        }
    }
}

/// One chunk of a level's lines.
#[derive(Component, Debug, Clone, Copy)]
pub struct LineMesh {
    /// Which lines.
    pub kind: LineKind,
    /// The level of detail it was built from.
    pub level: usize,
}

/// The materials of the three kinds of line, and the levels built.
#[derive(Resource, Debug, Default)]
struct Lines {
    materials: Vec<(LineKind, Handle<LineMaterial>)>,
    /// Levels whose meshes exist, most recently shown last.
    built: Vec<usize>,
}

/// Registers the material asset (enough for the headless tests).
pub(super) fn plugin(app: &mut App) {
    app.init_asset::<LineMaterial>()
        .init_resource::<Lines>()
        .add_systems(
            Update,
            (on_load, build_level, follow_view)
                .chain()
                .in_set(MapSteps::Draw),
        );
}

/// The material's shader and pipeline (needs the renderer).
pub fn render_plugin(app: &mut App) {
    bevy::asset::embedded_asset!(app, "line.wgsl");
    app.add_plugins(Material2dPlugin::<LineMaterial>::default());
}

/// The strip of one polyline: two vertices per point (mitred joins, square caps), appended.
fn strip(
    line: &[[f32; 2]],
    positions: &mut Vec<[f32; 3]>,
    extrude: &mut Vec<[f32; 3]>,
    indices: &mut Vec<u32>,
) {
    let points: Vec<Vec2> = line.iter().map(|p| Vec2::from(*p)).collect();
    // Drop repeated points: they have no direction.
    let mut pts: Vec<Vec2> = Vec::with_capacity(points.len());
    for p in points {
        if pts.last() != Some(&p) {
            pts.push(p);
        }
    }
    let n = pts.len();
    if n < 2 {
        return;
    }
    let closed = pts[0] == pts[n - 1] && n > 2;
    let dir = |i: usize| (pts[i + 1] - pts[i]).normalize_or_zero();
    let base = positions.len() as u32;
    for (i, &p) in pts.iter().enumerate() {
        let before = if i > 0 {
            Some(dir(i - 1))
        } else if closed {
            Some(dir(n - 2))
        } else {
            None
        };
        let after = if i + 1 < n {
            Some(dir(i))
        } else if closed {
            Some(dir(0))
        } else {
            None
        };
        let (push, cap) = match (before, after) {
            (Some(a), Some(b)) => {
                let normal = (a.perp() + b.perp()).normalize_or_zero();
                let normal = if normal == Vec2::ZERO {
                    b.perp()
                } else {
                    normal
                };
                let cos = normal.dot(b.perp()).max(1.0 / MITRE_LIMIT);
                (normal / cos, Vec2::ZERO)
            }
            // Ends: a square cap half a width (and the smooth edge) beyond the point.
            (None, Some(b)) => (b.perp(), -b),
            (Some(a), None) => (a.perp(), a),
            (None, None) => (Vec2::ZERO, Vec2::ZERO),
        };
        for side in [-1.0f32, 1.0] {
            let e = push * side + cap;
            positions.push([p.x, p.y, 0.0]);
            extrude.push([e.x, e.y, side]);
        }
    }
    for i in 0..(n as u32 - 1) {
        let (a0, a1, b0, b1) = (
            base + 2 * i,
            base + 2 * i + 1,
            base + 2 * i + 2,
            base + 2 * i + 3,
        );
        indices.extend([a0, b0, b1, a0, b1, a1]);
    }
}

/// The mesh of some polylines.
pub fn line_mesh<'a>(lines: impl IntoIterator<Item = &'a Polyline>) -> Mesh {
    let (mut positions, mut extrude, mut indices) = (Vec::new(), Vec::new(), Vec::new());
    for line in lines {
        strip(line, &mut positions, &mut extrude, &mut indices);
    }
    if indices.is_empty() {
        positions = vec![[0.0; 3]; 3];
        extrude = vec![[0.0; 3]; 3];
        indices = vec![0, 1, 2];
    }
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::RENDER_WORLD,
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(ATTRIBUTE_EXTRUDE, extrude)
    .with_inserted_indices(Indices::U32(indices))
}

/// A new scenario: a material per kind of line; no level built yet.
fn on_load(
    changes: Res<SceneChanges>,
    mut lines: ResMut<Lines>,
    mut materials: ResMut<Assets<LineMaterial>>,
) {
    if !changes.loaded {
        return;
    }
    *lines = Lines {
        materials: LineKind::ALL
            .into_iter()
            .map(|kind| {
                let material = materials.add(LineMaterial {
                    params: LineParams {
                        color: Vec4::ONE,
                        width_px: kind.width_px(),
                        km_per_px: 1.0,
                        pad: Vec2::ZERO,
                    },
                });
                (kind, material)
            })
            .collect(),
        built: Vec::new(),
    };
}

/// Polylines grouped into spatial chunks of about 2,000 points (one chunk for a country).
fn chunks(lines: &[Polyline], bounds: MapRect) -> Vec<Vec<usize>> {
    let points: usize = lines.iter().map(Vec::len).sum();
    let g = ((points as f64 / 2000.0).sqrt().ceil() as usize).clamp(1, 16);
    let (w, h) = bounds.size();
    let mut cells = vec![Vec::new(); g * g];
    for (i, l) in lines.iter().enumerate() {
        let Some(p) = l.first() else { continue };
        let cx = (f64::from(p[0]) - bounds.min.x) / w.max(1e-9);
        let cy = (f64::from(p[1]) - bounds.min.y) / h.max(1e-9);
        let (i0, j0) = (
            ((cx * g as f64).max(0.0) as usize).min(g - 1),
            ((cy * g as f64).max(0.0) as usize).min(g - 1),
        );
        cells[j0 * g + i0].push(i);
    }
    cells.retain(|c| !c.is_empty());
    cells
}

/// Builds the lines of the level the view shows, the first time it is shown, and keeps only
/// that level's and the previous one's.
fn build_level(
    mut commands: Commands,
    view: Res<WindowView>,
    current: Option<Res<CurrentScenario>>,
    mut lines: ResMut<Lines>,
    mut meshes: ResMut<Assets<Mesh>>,
    existing: Query<(Entity, &LineMesh)>,
) {
    let Some(current) = current else { return };
    if lines.materials.is_empty() {
        return;
    }
    let geometry = &current.geometry;
    let level = geometry.ready_level_index_for(view.0.km_per_px);
    if lines.built.last() == Some(&level) {
        return;
    }
    if let Some(at) = lines.built.iter().position(|l| *l == level) {
        // Built before: now the most recent.
        lines.built.remove(at);
        lines.built.push(level);
        return;
    }
    lines.built.push(level);
    while lines.built.len() > 2 {
        let old = lines.built.remove(0);
        for (e, l) in &existing {
            if l.level == old {
                commands.entity(e).despawn();
            }
        }
    }
    let detail = geometry.level(level);
    let neighbours = geometry.neighbour_level(level);
    let bounds = {
        let mut b = geometry.bounds;
        for n in &geometry.neighbours {
            b.include(n.bounds.min);
            b.include(n.bounds.max);
        }
        b
    };
    for (kind, material) in lines.materials.clone() {
        let polylines: &[Polyline] = match kind {
            LineKind::Border => &detail.borders,
            LineKind::Outline => &detail.outline,
            LineKind::Neighbour => neighbours.map_or(&[], |n| &n.borders),
        };
        for chunk in chunks(polylines, bounds) {
            let mesh = line_mesh(chunk.iter().map(|&i| &polylines[i]));
            commands.spawn((
                MapEntity,
                LineMesh { kind, level },
                Mesh2d(meshes.add(mesh)),
                MeshMaterial2d(material.clone()),
                Transform::from_xyz(0.0, 0.0, kind.z()),
                Visibility::Hidden,
            ));
        }
    }
}

/// Shows the lines of the view's level, at the view's scale, in the theme's colours.
fn follow_view(
    changes: Res<SceneChanges>,
    view: Res<WindowView>,
    marks: Res<Marks>,
    theme: Res<AppTheme>,
    current: Option<Res<CurrentScenario>>,
    lines: Res<Lines>,
    mut materials: ResMut<Assets<LineMaterial>>,
    mut shown: Query<(&LineMesh, &mut Visibility)>,
    mut last: Local<Option<(f64, f32, crate::scene::Theme)>>,
) {
    let Some(current) = current else { return };
    let level = current.geometry.ready_level_index_for(view.0.km_per_px);
    for (l, mut visibility) in &mut shown {
        visibility.set_if_neq(if l.level == level {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
    let key = (view.0.km_per_px, marks.0, theme.0);
    if *last == Some(key) && !changes.loaded {
        return;
    }
    *last = Some(key);
    let palette = theme.palette();
    for (kind, handle) in &lines.materials {
        let rgb = match kind {
            LineKind::Border => palette.border,
            LineKind::Outline => palette.outline,
            LineKind::Neighbour => palette.neighbour_border,
        };
        if let Some(mut m) = materials.get_mut(handle) {
            m.params = LineParams {
                color: Vec4::from_array(super::common::linear(rgb)),
                width_px: kind.width_px() * marks.0,
                km_per_px: view.0.km_per_px as f32,
                pad: Vec2::ZERO,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_have_two_vertices_a_point_and_mitred_joins() {
        let line: Polyline = vec![[0.0, 0.0], [10.0, 0.0], [10.0, 10.0]];
        let (mut p, mut e, mut i) = (Vec::new(), Vec::new(), Vec::new());
        strip(&line, &mut p, &mut e, &mut i);
        assert_eq!(p.len(), 6);
        assert_eq!(i.len(), 12);
        // The start is capped: pushed back along the line.
        assert!(e[0][0] < 0.0 && e[1][0] < 0.0);
        // The corner's mitre is longer than a half width, at 45°.
        let corner = Vec2::new(e[3][0], e[3][1]);
        assert!(
            (corner.length() - std::f32::consts::SQRT_2).abs() < 1e-4,
            "{corner}"
        );
        assert_eq!([e[2][2], e[3][2]], [-1.0, 1.0]);
        // A closed ring joins at its start too: no caps.
        let ring: Polyline = vec![[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 0.0]];
        let (mut p, mut e, mut i) = (Vec::new(), Vec::new(), Vec::new());
        strip(&ring, &mut p, &mut e, &mut i);
        let first = Vec2::new(e[1][0], e[1][1]);
        assert!(first.length() > 1.0, "mitred, not capped: {first}");
    }

    #[test]
    fn repeated_and_single_points_make_no_triangles() {
        let (mut p, mut e, mut i) = (Vec::new(), Vec::new(), Vec::new());
        strip(&[[1.0, 1.0], [1.0, 1.0]], &mut p, &mut e, &mut i);
        strip(&[[1.0, 1.0]], &mut p, &mut e, &mut i);
        assert!(p.is_empty() && i.is_empty());
    }
}
