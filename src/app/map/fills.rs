//! Province fills. Each level of detail is a few static meshes (one for a country; a grid of
//! spatial chunks for a continent, so Bevy culls what is off screen), made the first time the
//! level is shown and never rebuilt: every vertex carries its province's texel in a small colour
//! lookup texture, and recolouring rewrites only that texture (4 bytes per province). The
//! neighbouring countries are one mesh per level in one colour.

use std::sync::Arc;

use bevy::asset::RenderAssetUsages;
use bevy::image::ImageSampler;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy::sprite_render::AlphaMode2d;

use super::common::{Attributes, MapEntity, MapSteps, Shown, color, mesh_of, z};
use crate::app::state::{AppTheme, CurrentScenario, SceneChanges, WindowView};
use crate::boundaries::MapXy;
use crate::scene::MapGeometry;
use crate::scene::geometry::DetailLevel;
use crate::scene::view::MapRect;

/// Width of the colour lookup texture, texels (one per province, row by row).
pub const LOOKUP_WIDTH: u32 = 256;

/// A mesh filling some provinces at one level of detail.
#[derive(Component, Debug, Clone)]
pub struct FillMesh {
    /// The level of detail (index into the geometry's levels).
    pub level: usize,
    /// The provinces it fills.
    pub provinces: Vec<usize>,
    /// Bounding box, map km.
    pub bounds: MapRect,
}

/// The fill of the neighbouring countries at one level of detail.
#[derive(Component, Debug, Clone, Copy)]
pub struct NeighbourMesh {
    /// The level of detail.
    pub level: usize,
}

/// The fills' shared parts: the colour lookup texture and the materials.
#[derive(Resource, Debug, Default)]
pub struct FillColors {
    /// One texel per province: its fill colour (sRGB).
    pub lookup: Handle<Image>,
    /// The material every province fill shares.
    pub material: Handle<ColorMaterial>,
    /// The neighbouring countries' material.
    pub neighbours: Handle<ColorMaterial>,
}

/// Which levels of detail have their meshes spawned (they are spawned when first shown).
#[derive(Resource, Debug, Default)]
struct LevelMeshes {
    /// Per level: spawned.
    spawned: Vec<bool>,
    /// Per level: its build was started on another thread.
    requested: Vec<bool>,
    /// The provinces of each fill chunk.
    groups: Vec<Vec<usize>>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<FillColors>()
        .init_resource::<LevelMeshes>()
        .add_systems(
            Update,
            (on_load, spawn_level_meshes, show_level, paint_fills)
                .chain()
                .in_set(MapSteps::Draw),
        );
}

/// The texel of province `p` in a lookup texture `height` rows high, as a texture coordinate.
pub fn lookup_uv(p: usize, height: u32) -> [f32; 2] {
    let w = LOOKUP_WIDTH as usize;
    [
        ((p % w) as f32 + 0.5) / LOOKUP_WIDTH as f32,
        ((p / w) as f32 + 0.5) / height as f32,
    ]
}

/// Rows of the lookup texture for `n` provinces.
pub fn lookup_rows(n: usize) -> u32 {
    (n as u32).div_ceil(LOOKUP_WIDTH).max(1)
}

/// Provinces grouped into spatial chunks: a grid over the map, with about 50 provinces a cell
/// (one chunk for a country).
fn chunks(geometry: &MapGeometry) -> Vec<Vec<usize>> {
    let n = geometry.province_bounds.len();
    let g = ((n as f64 / 50.0).sqrt().ceil() as usize).clamp(1, 16);
    let b = geometry.bounds;
    let (w, h) = b.size();
    let mut cells = vec![Vec::new(); g * g];
    for (p, r) in geometry.province_bounds.iter().enumerate() {
        if r.is_empty() {
            continue;
        }
        let cx = ((r.min.x + r.max.x) / 2.0 - b.min.x) / w.max(1e-9);
        let cy = ((r.min.y + r.max.y) / 2.0 - b.min.y) / h.max(1e-9);
        let (i, j) = (
            ((cx * g as f64) as usize).min(g - 1),
            ((cy * g as f64) as usize).min(g - 1),
        );
        cells[j * g + i].push(p);
    }
    cells.retain(|c| !c.is_empty());
    cells
}

/// A new scenario: a lookup texture of its size, materials, no level spawned yet.
fn on_load(
    changes: Res<SceneChanges>,
    current: Option<Res<CurrentScenario>>,
    theme: Res<AppTheme>,
    mut images: ResMut<Assets<Image>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    mut colors: ResMut<FillColors>,
    mut levels: ResMut<LevelMeshes>,
) {
    if !changes.loaded {
        return;
    }
    let Some(current) = current else { return };
    let geometry = &current.geometry;
    let n = geometry.province_bounds.len();
    let rows = lookup_rows(n);
    let neutral = theme.palette().neutral_fill.0;
    let mut lookup = Image::new(
        Extent3d {
            width: LOOKUP_WIDTH,
            height: rows,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        [neutral[0], neutral[1], neutral[2], 255].repeat((LOOKUP_WIDTH * rows) as usize),
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::all(),
    );
    lookup.sampler = ImageSampler::nearest();
    let lookup = images.add(lookup);
    *colors = FillColors {
        material: materials.add(ColorMaterial {
            color: Color::WHITE,
            texture: Some(lookup.clone()),
            alpha_mode: AlphaMode2d::Opaque,
            ..default()
        }),
        neighbours: materials.add(ColorMaterial {
            color: color(theme.palette().neighbour_fill),
            alpha_mode: AlphaMode2d::Opaque,
            ..default()
        }),
        lookup,
    };
    *levels = LevelMeshes {
        spawned: vec![false; geometry.level_count()],
        requested: vec![false; geometry.level_count()],
        groups: chunks(geometry),
    };
}

/// Spawns the fill meshes (and the neighbours') of the level the view shows, the first time it
/// is shown; a finer level than those built is built on another thread meanwhile.
fn spawn_level_meshes(
    mut commands: Commands,
    view: Res<WindowView>,
    current: Option<Res<CurrentScenario>>,
    colors: Res<FillColors>,
    mut levels: ResMut<LevelMeshes>,
    mut meshes: ResMut<Assets<Mesh>>,
    waker: Res<crate::app::state::Waker>,
) {
    let Some(current) = current else { return };
    let geometry = &current.geometry;
    let ideal = geometry.level_index_for(view.0.km_per_px);
    if !geometry.is_ready(ideal) && levels.requested.get(ideal) == Some(&false) {
        levels.requested[ideal] = true;
        let g: Arc<MapGeometry> = geometry.clone();
        let waker = waker.clone();
        let _ = std::thread::Builder::new()
            .name("frontline-detail".into())
            .spawn(move || {
                g.level(ideal);
                g.neighbour_level(ideal);
                // The window shows it as soon as it is ready.
                waker.wake();
            });
    }
    let index = geometry.ready_level_index_for(view.0.km_per_px);
    if levels.spawned.get(index) != Some(&false) {
        return;
    }
    levels.spawned[index] = true;
    let level = geometry.level(index);
    let rows = lookup_rows(geometry.province_bounds.len());
    for provinces in &levels.groups {
        let (mesh, bounds) = fill_mesh(level, provinces, rows);
        commands.spawn((
            MapEntity,
            FillMesh {
                level: index,
                provinces: provinces.clone(),
                bounds,
            },
            Mesh2d(meshes.add(mesh)),
            MeshMaterial2d(colors.material.clone()),
            Transform::from_xyz(0.0, 0.0, z::FILL),
            Visibility::Hidden,
        ));
    }
    if let Some(n) = geometry.neighbour_level(index) {
        let all: Vec<usize> = (0..n.provinces.len()).collect();
        let (mut mesh, _) = fill_mesh(n, &all, 1);
        mesh.remove_attribute(Mesh::ATTRIBUTE_UV_0);
        commands.spawn((
            MapEntity,
            NeighbourMesh { level: index },
            Mesh2d(meshes.add(mesh)),
            MeshMaterial2d(colors.neighbours.clone()),
            Transform::from_xyz(0.0, 0.0, z::NEIGHBOUR),
            Visibility::Hidden,
        ));
    }
}

/// The fill mesh of some provinces at one level: positions and each vertex's lookup texel.
fn fill_mesh(level: &DetailLevel, provinces: &[usize], rows: u32) -> (Mesh, MapRect) {
    let mut positions = Vec::new();
    let mut uvs = Vec::new();
    let mut indices = Vec::new();
    let mut bounds = MapRect::EMPTY;
    for &pi in provinces {
        let Some(p) = level.provinces.get(pi) else {
            continue;
        };
        let base = positions.len() as u32;
        positions.extend(p.positions_map_xy.iter().map(|v| {
            bounds.include(MapXy {
                x: f64::from(v[0]),
                y: f64::from(v[1]),
            });
            [v[0], v[1], 0.0]
        }));
        uvs.resize(positions.len(), lookup_uv(pi, rows));
        indices.extend(p.indices.iter().map(|i| i + base));
    }
    let attributes = Attributes {
        colors: None,
        uvs: Some(uvs),
    };
    (mesh_of(positions, attributes, indices), bounds)
}

/// Shows the meshes of the view's level of detail, hides the others.
fn show_level(
    view: Res<WindowView>,
    current: Option<Res<CurrentScenario>>,
    mut fills: Query<(&FillMesh, &mut Visibility), Without<NeighbourMesh>>,
    mut neighbours: Query<(&NeighbourMesh, &mut Visibility), Without<FillMesh>>,
) {
    let Some(current) = current else { return };
    let index = current.geometry.ready_level_index_for(view.0.km_per_px);
    let on = |level: usize| {
        if level == index {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        }
    };
    for (fm, mut visibility) in &mut fills {
        visibility.set_if_neq(on(fm.level));
    }
    for (nm, mut visibility) in &mut neighbours {
        visibility.set_if_neq(on(nm.level));
    }
}

/// Writes the shown fill colours into the lookup texture, and the theme's colour into the
/// neighbours' material, when they change.
fn paint_fills(
    changes: Res<SceneChanges>,
    shown: Res<Shown>,
    theme: Res<AppTheme>,
    colors: Res<FillColors>,
    mut images: ResMut<Assets<Image>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    if shown.is_changed()
        && let Some(mut image) = images.get_mut(&colors.lookup)
        && let Some(data) = image.data.as_mut()
    {
        for (p, c) in shown.fills.iter().enumerate() {
            if let Some(texel) = data.get_mut(p * 4..p * 4 + 4) {
                texel.copy_from_slice(&[c.0[0], c.0[1], c.0[2], 255]);
            }
        }
    }
    if changes.theme
        && let Some(mut m) = materials.get_mut(&colors.neighbours)
    {
        m.color = color(theme.palette().neighbour_fill);
    }
}
