//! Drawing the scene with Bevy. The window shows what [`crate::scene`] computes, batched:
//! province fills in a few meshes per level of detail (one for a country; a grid of spatial
//! chunks for a continent, so Bevy culls what is off screen) with a colour per vertex
//! (recolouring rewrites the colour buffers of the chunks in view), one mesh for the borders and
//! one for the country outline (stroked to a constant width in pixels, for the part of the map
//! around the view), one mesh for every marker layer, and the labels as pooled sprites whose
//! images the CPU painter draws (so a label looks the same in the window and in an export).
//! The level of detail is the scene's ([`MapGeometry::level_for`]), or the finest built so far
//! while the finer ones are still being built; a level's meshes are made when it is first shown. Nothing about colours,
//! marker shapes or label placement is decided here.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use bevy::asset::RenderAssetUsages;
use bevy::image::ImageSampler;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy::sprite::Anchor;

use super::AppSystems;
use super::camera::WindowView;
use super::loading::CurrentScenario;
use super::messages::{DateChanged, ScenarioLoaded};
use super::playback::Playback;
use super::selection::Selection;
use crate::boundaries::MapXy;
use crate::model::{Pattern, Rgb};
use crate::scene::frame::{
    BORDER_PX, OUTLINE_PX, PATTERN_SPACING_PX, PatternStyle, TextItem, map_labels, map_markers,
};
use crate::scene::geometry::DetailLevel;
use crate::scene::geometry::Polyline;
use crate::scene::looks::{mark_changes, province_patterns};
use crate::scene::markers::shape_polygon;
use crate::scene::text::with_fonts;
use crate::scene::view::MapRect;
use crate::scene::{
    CapitalLook, MapGeometry, MapView, SceneInput, Theme, ViewOptions, capital_looks,
    province_fills,
};

/// The colour theme in use.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default, Deref, DerefMut)]
pub struct AppTheme(pub Theme);

/// Province fills and labels on or off.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default, Deref, DerefMut)]
pub struct AppOptions(pub ViewOptions);

/// The size of markers, labels and lines relative to the scene's pixel sizes: the window's
/// scale factor, so they keep their size on high-density screens.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Deref)]
pub struct Marks(pub f32);

impl Default for Marks {
    fn default() -> Self {
        Self(1.0)
    }
}

/// The loaded scenario's geometry on the map plane.
#[derive(Resource, Debug, Clone, Default)]
pub struct MapData {
    /// Computed once per load.
    pub geometry: Arc<MapGeometry>,
}

/// What the map shows right now: province fills and patterns, and capital looks (blended
/// while presentation mode animates a change).
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Shown {
    /// Per province, its fill.
    pub fills: Vec<Rgb>,
    /// Per province, its pattern.
    pub patterns: Vec<Option<Pattern>>,
    /// Per capital, its look.
    pub looks: Vec<CapitalLook>,
}

/// The overlay drawing one pattern over the provinces that have it: a mesh of their triangles,
/// textured with a repeating tile anchored at the map plane's origin.
#[derive(Component, Debug, Clone, Copy)]
pub struct PatternMesh {
    /// Which pattern.
    pub pattern: Pattern,
}

/// Everything the map spawned, despawned on reload.
#[derive(Component)]
pub struct MapEntity;

/// A mesh filling some provinces at one level of detail; `ranges[i]` are the vertices of
/// province `provinces[i]`.
#[derive(Component, Debug, Clone)]
pub struct FillMesh {
    /// The level of detail (index into [`MapGeometry::levels`]).
    pub level: usize,
    /// The provinces it fills.
    pub provinces: Vec<usize>,
    /// Vertex range of each.
    pub ranges: Vec<Range<usize>>,
    /// Bounding box, map km.
    pub bounds: MapRect,
    /// The colour generation its colours were written for.
    pub painted: u64,
}

/// Which lines a [`LineMesh`] draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Borders between provinces.
    Border,
    /// The country outline, heavier.
    Outline,
    /// Borders between neighbouring countries.
    Neighbour,
}

/// The fill of the neighbouring countries at one level of detail.
#[derive(Component, Debug, Clone, Copy)]
pub struct NeighbourMesh {
    /// The level of detail.
    pub level: usize,
    /// The theme its colour is for.
    pub theme: Theme,
}

/// Border lines, the country outline or the neighbours' borders.
#[derive(Component, Debug, Clone, Copy)]
pub struct LineMesh {
    /// Which lines.
    pub kind: LineKind,
    /// Kilometres per pixel the mesh was stroked for.
    pub stroked_for: f64,
    /// Mark scale it was stroked for.
    pub marks: f32,
    /// Level of detail it was stroked from.
    pub level: usize,
    /// The part of the map it covers (the view it was stroked for, grown on every side).
    pub covers: MapRect,
}

/// The mesh holding every marker.
#[derive(Component)]
pub struct MarkerMesh;

/// A label sprite (pooled: hidden sprites wait to be reused).
#[derive(Component, Debug, Clone, PartialEq)]
pub struct LabelSprite {
    /// The capital it names, while shown.
    pub capital: Option<usize>,
}

/// Labels placed for the current view, in the window's map-area pixels: what the sprites show.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct PlacedLabels(pub Vec<TextItem>);

/// A blend of colours over time: presentation mode animates recolouring.
#[derive(Resource, Debug, Default, Clone)]
pub struct ColorTransition {
    /// Animate recolouring (else colours change at once).
    pub enabled: bool,
    /// Seconds a change takes.
    pub duration: f32,
    /// Seconds since the change started.
    pub elapsed: f32,
    /// What was shown when the change started.
    pub from: Shown,
    /// What will be shown.
    pub to: Shown,
    /// A blend is running.
    pub running: bool,
}

/// What must be redrawn this frame.
#[derive(Resource, Debug, Default, Clone, Copy)]
pub struct MapDirty {
    /// Colours (date, theme, options).
    pub colors: bool,
    /// Markers and labels (colours, view, selection).
    pub marks: bool,
    /// Bumped whenever the fill colours in [`Shown`] change; fill meshes in view repaint when
    /// theirs is older.
    pub fill_generation: u64,
}

const Z_NEIGHBOUR: f32 = -2.0;
const Z_NEIGHBOUR_BORDER: f32 = -1.0;
const Z_FILL: f32 = 0.0;
const Z_PATTERN: f32 = 0.5;
const Z_BORDER: f32 = 1.0;
const Z_OUTLINE: f32 = 2.0;
const Z_MARKER: f32 = 3.0;
const Z_LABEL: f32 = 10.0;

fn linear(c: Rgb) -> [f32; 4] {
    let [r, g, b] = c.0;
    Color::srgb_u8(r, g, b).to_linear().to_f32_array()
}

fn mesh_of(
    mut positions: Vec<[f32; 3]>,
    mut colors: Option<Vec<[f32; 4]>>,
    mut indices: Vec<u32>,
) -> Mesh {
    if indices.is_empty() {
        // Nothing to draw: one degenerate triangle (the renderer's allocator dislikes empty
        // buffers).
        positions = vec![[0.0, 0.0, 0.0]; 3];
        colors = colors.map(|_| vec![[0.0; 4]; 3]);
        indices = vec![0, 1, 2];
    }
    // Only the GPU keeps the data: the geometry stays in MapGeometry, and meshes are replaced
    // rather than edited.
    let mut mesh = Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::RENDER_WORLD,
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_indices(Indices::U32(indices));
    if let Some(colors) = colors {
        mesh.insert_attribute(Mesh::ATTRIBUTE_COLOR, colors);
    }
    mesh
}

/// Strokes polylines into quads `width` map units wide (each segment extended by half the width
/// at both ends, so joints have no notches).
pub fn stroke_polylines<'a>(lines: impl IntoIterator<Item = &'a Polyline>, width: f32) -> Mesh {
    let mut positions = Vec::new();
    let mut indices = Vec::new();
    let half = width / 2.0;
    for line in lines {
        for w in line.windows(2) {
            let (a, b) = (Vec2::from(w[0]), Vec2::from(w[1]));
            let d = (b - a).normalize_or_zero();
            if d == Vec2::ZERO {
                continue;
            }
            let n = d.perp() * half;
            let (a, b) = (a - d * half, b + d * half);
            let base = positions.len() as u32;
            for p in [a + n, a - n, b - n, b + n] {
                positions.push([p.x, p.y, 0.0]);
            }
            indices.extend([base, base + 1, base + 2, base, base + 2, base + 3]);
        }
    }
    mesh_of(positions, None, indices)
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

/// Which levels of detail have their fill meshes spawned (they are spawned when first shown).
#[derive(Resource, Debug, Default)]
pub struct LevelMeshes {
    /// Per level: spawned.
    pub spawned: Vec<bool>,
    /// Per level: its build was started on another thread.
    pub requested: Vec<bool>,
    /// The provinces of each fill chunk.
    pub groups: Vec<Vec<usize>>,
    /// The material every fill shares (colours are per vertex).
    pub material: Handle<ColorMaterial>,
}

/// Spawns the fill meshes (and the neighbours') of the level the view shows, the first time it
/// is shown.
fn spawn_level_meshes(
    mut commands: Commands,
    view: Res<WindowView>,
    data: Res<MapData>,
    theme: Res<AppTheme>,
    current: Option<Res<CurrentScenario>>,
    mut level_meshes: ResMut<LevelMeshes>,
    mut meshes: ResMut<Assets<Mesh>>,
) {
    if current.is_none() {
        return;
    }
    let geometry = &data.geometry;
    // A finer level than those built is built on another thread the first time a view needs
    // it; meanwhile the finest one built is shown.
    let ideal = geometry.level_index_for(view.0.km_per_px);
    if !geometry.is_ready(ideal) && level_meshes.requested.get(ideal) == Some(&false) {
        level_meshes.requested[ideal] = true;
        let g = data.geometry.clone();
        let _ = std::thread::Builder::new()
            .name("frontline-detail".into())
            .spawn(move || {
                g.level(ideal);
                g.neighbour_level(ideal);
            });
    }
    let index = geometry.ready_level_index_for(view.0.km_per_px);
    if level_meshes.spawned.get(index) != Some(&false) {
        return;
    }
    level_meshes.spawned[index] = true;
    let palette = theme.palette();
    let level = geometry.level(index);
    for provinces in &level_meshes.groups {
        let (mesh, ranges, bounds) = fill_mesh(level, provinces, |_| palette.neutral_fill);
        commands.spawn((
            MapEntity,
            FillMesh {
                level: index,
                provinces: provinces.clone(),
                ranges,
                bounds,
                painted: 0,
            },
            Mesh2d(meshes.add(mesh)),
            MeshMaterial2d(level_meshes.material.clone()),
            Transform::from_xyz(0.0, 0.0, Z_FILL),
            Visibility::Hidden,
        ));
    }
    if let Some(n) = geometry.neighbour_level(index) {
        let all: Vec<usize> = (0..n.provinces.len()).collect();
        let (mesh, _, _) = fill_mesh(n, &all, |_| palette.neighbour_fill);
        commands.spawn((
            MapEntity,
            NeighbourMesh {
                level: index,
                theme: theme.0,
            },
            Mesh2d(meshes.add(mesh)),
            MeshMaterial2d(level_meshes.material.clone()),
            Transform::from_xyz(0.0, 0.0, Z_NEIGHBOUR),
            Visibility::Hidden,
        ));
    }
}

/// The fill mesh of some provinces at one level, each coloured by `color`.
fn fill_mesh(
    level: &DetailLevel,
    provinces: &[usize],
    color: impl Fn(usize) -> Rgb,
) -> (Mesh, Vec<Range<usize>>, MapRect) {
    let mut positions = Vec::new();
    let mut colors = Vec::new();
    let mut indices = Vec::new();
    let mut ranges = Vec::with_capacity(provinces.len());
    let mut bounds = MapRect::EMPTY;
    for &pi in provinces {
        let Some(p) = level.provinces.get(pi) else {
            ranges.push(positions.len()..positions.len());
            continue;
        };
        let base = positions.len();
        positions.extend(p.positions_map_xy.iter().map(|v| {
            bounds.include(MapXy {
                x: f64::from(v[0]),
                y: f64::from(v[1]),
            });
            [v[0], v[1], 0.0]
        }));
        colors.resize(positions.len(), linear(color(pi)));
        indices.extend(p.indices.iter().map(|i| i + base as u32));
        ranges.push(base..positions.len());
    }
    (mesh_of(positions, Some(colors), indices), ranges, bounds)
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<AppTheme>()
        .init_resource::<AppOptions>()
        .init_resource::<WindowView>()
        .init_resource::<Marks>()
        .init_resource::<MapData>()
        .init_resource::<Shown>()
        .init_resource::<PlacedLabels>()
        .init_resource::<MapDirty>()
        .init_resource::<LevelMeshes>()
        .insert_resource(ColorTransition {
            duration: 0.8,
            ..default()
        })
        .add_systems(
            Update,
            (
                rebuild_on_load,
                request_recolor,
                recolor,
                advance_transition,
            )
                .chain()
                .in_set(AppSystems::Scene),
        )
        .add_systems(
            Update,
            (
                spawn_level_meshes,
                paint_fills,
                restroke_lines,
                draw_patterns,
                draw_marks,
            )
                .chain()
                .in_set(AppSystems::Draw),
        );
}

/// Despawns the old map and spawns the new one when a scenario is loaded.
fn rebuild_on_load(
    mut commands: Commands,
    mut loaded: MessageReader<ScenarioLoaded>,
    current: Option<Res<CurrentScenario>>,
    old: Query<Entity, With<MapEntity>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    mut data: ResMut<MapData>,
    mut dirty: ResMut<MapDirty>,
    mut shown: ResMut<Shown>,
    mut level_meshes: ResMut<LevelMeshes>,
) {
    if loaded.read().last().is_none() {
        return;
    }
    let Some(current) = current else { return };
    for e in &old {
        commands.entity(e).despawn();
    }
    let geometry = current.geometry.clone();
    *level_meshes = LevelMeshes {
        spawned: vec![false; geometry.level_count()],
        requested: vec![false; geometry.level_count()],
        groups: chunks(&geometry),
        material: materials.add(ColorMaterial::from(Color::WHITE)),
    };
    for (kind, z) in [
        (LineKind::Border, Z_BORDER),
        (LineKind::Outline, Z_OUTLINE),
        (LineKind::Neighbour, Z_NEIGHBOUR_BORDER),
    ] {
        commands.spawn((
            MapEntity,
            LineMesh {
                kind,
                stroked_for: 0.0,
                marks: 0.0,
                level: 0,
                covers: MapRect::EMPTY,
            },
            Mesh2d(meshes.add(mesh_of(Vec::new(), None, Vec::new()))),
            MeshMaterial2d(materials.add(ColorMaterial::from(Color::WHITE))),
            Transform::from_xyz(0.0, 0.0, z),
        ));
    }
    for pattern in [Pattern::Hatch, Pattern::Dots] {
        commands.spawn((
            MapEntity,
            PatternMesh { pattern },
            Mesh2d(meshes.add(mesh_of(Vec::new(), None, Vec::new()))),
            MeshMaterial2d(materials.add(ColorMaterial {
                color: Color::WHITE,
                alpha_mode: bevy::sprite_render::AlphaMode2d::Blend,
                ..default()
            })),
            Transform::from_xyz(0.0, 0.0, Z_PATTERN),
        ));
    }
    // Markers are drawn in the transparent pass, which keeps the order of their triangles:
    // each marker's layers, and later markers over earlier ones, as the CPU painter draws them.
    commands.spawn((
        MapEntity,
        MarkerMesh,
        Mesh2d(meshes.add(mesh_of(Vec::new(), Some(Vec::new()), Vec::new()))),
        MeshMaterial2d(materials.add(ColorMaterial {
            color: Color::WHITE,
            alpha_mode: bevy::sprite_render::AlphaMode2d::Blend,
            ..default()
        })),
        Transform::from_xyz(0.0, 0.0, Z_MARKER),
    ));
    data.geometry = geometry;
    *shown = Shown::default();
    dirty.colors = true;
    dirty.marks = true;
}

fn request_recolor(
    mut dates: MessageReader<DateChanged>,
    options: Res<AppOptions>,
    theme: Res<AppTheme>,
    compare: Res<super::compare::Compare>,
    mut dirty: ResMut<MapDirty>,
    clear: Option<ResMut<ClearColor>>,
) {
    if dates.read().last().is_some()
        || options.is_changed()
        || theme.is_changed()
        || compare.is_changed()
    {
        dirty.colors = true;
        dirty.marks = true;
    }
    if theme.is_changed()
        && let Some(mut clear) = clear
    {
        let [r, g, b] = theme.palette().background.0;
        clear.0 = Color::srgb_u8(r, g, b);
    }
}

/// Shows the fill meshes of the view's level of detail and gives those in view whose colours
/// are older the current colours (a new mesh from the level's geometry: the GPU holds the only
/// copy of a mesh).
fn paint_fills(
    view: Res<WindowView>,
    data: Res<MapData>,
    shown: Res<Shown>,
    dirty: Res<MapDirty>,
    theme: Res<AppTheme>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut fills: Query<(&mut FillMesh, &Mesh2d, &mut Visibility), Without<NeighbourMesh>>,
    mut neighbours: Query<(&mut NeighbourMesh, &Mesh2d, &mut Visibility), Without<FillMesh>>,
) {
    let geometry = &data.geometry;
    let index = geometry.ready_level_index_for(view.0.km_per_px);
    let palette = theme.palette();
    for (mut nm, handle, mut visibility) in &mut neighbours {
        let on = nm.level == index;
        visibility.set_if_neq(if on {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
        if on
            && nm.theme != theme.0
            && let Some(level) = geometry.neighbour_level(nm.level)
        {
            let all: Vec<usize> = (0..level.provinces.len()).collect();
            let (mesh, _, _) = fill_mesh(level, &all, |_| palette.neighbour_fill);
            let _ = meshes.insert(handle.0.id(), mesh);
            nm.theme = theme.0;
        }
    }
    let visible = view.0.visible_map_rect().grown(0.25);
    for (mut fm, handle, mut visibility) in &mut fills {
        let on = fm.level == index;
        visibility.set_if_neq(if on {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
        if !on || fm.painted == dirty.fill_generation || !fm.bounds.intersects(&visible) {
            continue;
        }
        let level = geometry.level(fm.level);
        let (mesh, _, _) = fill_mesh(level, &fm.provinces, |p| {
            shown.fills.get(p).copied().unwrap_or(palette.neutral_fill)
        });
        let _ = meshes.insert(handle.0.id(), mesh);
        fm.painted = dirty.fill_generation;
    }
}

/// The colours of the current date, theme and options.
fn recolor(
    mut dirty: ResMut<MapDirty>,
    current: Option<Res<CurrentScenario>>,
    playback: Res<Playback>,
    options: Res<AppOptions>,
    theme: Res<AppTheme>,
    mut shown: ResMut<Shown>,
    mut transition: ResMut<ColorTransition>,
    compare: Res<super::compare::Compare>,
) {
    if !dirty.colors {
        return;
    }
    let Some(current) = current else { return };
    dirty.colors = false;
    let mut looks = capital_looks(&current.bundle, playback.date, **theme);
    if let Some(since) = compare.since {
        mark_changes(&mut looks, &current.bundle, since, playback.date);
    }
    let fills = province_fills(&current.bundle, &looks, **options, **theme);
    let patterns = province_patterns(&current.bundle, &looks, **options);
    let target = Shown {
        fills,
        patterns,
        looks,
    };
    let animate = transition.enabled
        && !theme.is_changed()
        && shown.fills.len() == target.fills.len()
        && *shown != target;
    if animate {
        transition.from = shown.clone();
        transition.to = target;
        transition.elapsed = 0.0;
        transition.running = true;
        return;
    }
    transition.running = false;
    *shown = target;
    dirty.fill_generation += 1;
    dirty.marks = true;
}

fn advance_transition(
    time: Res<Time>,
    mut transition: ResMut<ColorTransition>,
    mut shown: ResMut<Shown>,
    mut dirty: ResMut<MapDirty>,
) {
    if !transition.running {
        return;
    }
    transition.elapsed += time.delta_secs();
    let t = (transition.elapsed / transition.duration.max(0.01)).clamp(0.0, 1.0);
    // Ease in and out.
    let eased = t * t * (3.0 - 2.0 * t);
    let fills: Vec<Rgb> = transition
        .from
        .fills
        .iter()
        .zip(&transition.to.fills)
        .map(|(a, b)| a.mix(*b, eased))
        .collect();
    let looks: Vec<CapitalLook> = transition
        .from
        .looks
        .iter()
        .zip(&transition.to.looks)
        .map(|(a, b)| CapitalLook {
            color: a.color.mix(b.color, eased),
            ..*b
        })
        .collect();
    *shown = Shown {
        fills,
        patterns: transition.to.patterns.clone(),
        looks,
    };
    dirty.fill_generation += 1;
    dirty.marks = true;
    if t >= 1.0 {
        transition.running = false;
    }
}

/// Re-strokes borders and outline when the scale changes enough to matter, the level of detail
/// changes, or the view leaves the part of the map stroked last (the view grown by its size on
/// every side).
fn restroke_lines(
    view: Res<WindowView>,
    marks: Res<Marks>,
    theme: Res<AppTheme>,
    data: Res<MapData>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    mut lines: Query<(&mut LineMesh, &mut Mesh2d, &MeshMaterial2d<ColorMaterial>)>,
) {
    let k = view.0.km_per_px;
    let palette = theme.palette();
    let level = data.geometry.ready_level_index_for(k);
    let visible = view.0.visible_map_rect();
    for (mut line, mut mesh, material) in &mut lines {
        let color = match line.kind {
            LineKind::Border => palette.border,
            LineKind::Outline => palette.outline,
            LineKind::Neighbour => palette.neighbour_border,
        };
        let [r, g, b] = color.0;
        let want = Color::srgb_u8(r, g, b);
        if materials.get(&material.0).is_some_and(|m| m.color != want)
            && let Some(mut m) = materials.get_mut(&material.0)
        {
            m.color = want;
        }
        let ratio = k / line.stroked_for;
        if (0.9..1.11).contains(&ratio)
            && line.marks == marks.0
            && line.level == level
            && line.covers.contains_rect(&visible)
        {
            continue;
        }
        let covers = visible.grown(1.0);
        line.stroked_for = k;
        line.marks = marks.0;
        line.level = level;
        line.covers = covers;
        let detail = data.geometry.level(level);
        let none = Vec::new();
        let (polylines, px) = match line.kind {
            LineKind::Border => (&detail.borders, BORDER_PX),
            LineKind::Outline => (&detail.outline, OUTLINE_PX),
            LineKind::Neighbour => (
                data.geometry
                    .neighbour_level(level)
                    .map_or(&none, |l| &l.borders),
                BORDER_PX,
            ),
        };
        let near: Vec<&Polyline> = polylines
            .iter()
            .filter(|l| polyline_bounds(l).intersects(&covers))
            .collect();
        mesh.0 = meshes.add(stroke_polylines(near, (f64::from(px * marks.0) * k) as f32));
    }
}

fn polyline_bounds(line: &[[f32; 2]]) -> MapRect {
    let mut r = MapRect::EMPTY;
    for p in line {
        r.include(MapXy {
            x: f64::from(p[0]),
            y: f64::from(p[1]),
        });
    }
    r
}

/// The repeating tile of a pattern, `size` pixels square, drawn by the CPU painter.
fn pattern_tile(pattern: Pattern, ink: crate::model::Rgba, marks: f32) -> Image {
    let size = (PATTERN_SPACING_PX * marks).round().max(2.0);
    let style = PatternStyle {
        ink,
        spacing_px: size,
        width_px: 1.5 * marks,
        origin: [0.0, 0.0],
    };
    let mut image = sprite_image(crate::paint::raster::pattern_tile(
        pattern,
        &style,
        size as u32,
    ));
    image.sampler = ImageSampler::Descriptor(bevy::image::ImageSamplerDescriptor {
        address_mode_u: bevy::image::ImageAddressMode::Repeat,
        address_mode_v: bevy::image::ImageAddressMode::Repeat,
        ..bevy::image::ImageSamplerDescriptor::nearest()
    });
    image
}

/// What the pattern overlays were last built for: scale, mark size, theme, patterns, level.
type PatternKey = (f64, f32, Theme, Vec<Option<Pattern>>, usize);

/// Rebuilds the pattern overlays when the patterned provinces, the theme or the scale change.
fn draw_patterns(
    view: Res<WindowView>,
    marks: Res<Marks>,
    theme: Res<AppTheme>,
    data: Res<MapData>,
    shown: Res<Shown>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut images: ResMut<Assets<Image>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    overlays: Query<(&PatternMesh, &Mesh2d, &MeshMaterial2d<ColorMaterial>)>,
    mut last: Local<Option<PatternKey>>,
) {
    let level = data.geometry.ready_level_index_for(view.0.km_per_px);
    let key = (
        view.0.km_per_px,
        marks.0,
        theme.0,
        shown.patterns.clone(),
        level,
    );
    if last.as_ref() == Some(&key) {
        return;
    }
    *last = Some(key);
    let tile_km = f64::from((PATTERN_SPACING_PX * marks.0).round().max(2.0)) * view.0.km_per_px;
    for (overlay, mesh, material) in &overlays {
        let mut positions = Vec::new();
        let mut uvs = Vec::new();
        let mut indices = Vec::new();
        for (p, province) in data
            .geometry
            .level_for(view.0.km_per_px)
            .provinces
            .iter()
            .enumerate()
        {
            if shown.patterns.get(p).copied().flatten() != Some(overlay.pattern) {
                continue;
            }
            let base = positions.len() as u32;
            for v in &province.positions_map_xy {
                positions.push([v[0], v[1], 0.0]);
                // Anchored at the map plane's origin, y down, one tile per spacing.
                uvs.push([
                    (f64::from(v[0]) / tile_km) as f32,
                    (-f64::from(v[1]) / tile_km) as f32,
                ]);
            }
            indices.extend(province.indices.iter().map(|i| i + base));
        }
        if let Some(mut m) = meshes.get_mut(&mesh.0) {
            let mut new = mesh_of(positions, None, indices);
            let count = new.count_vertices();
            uvs.resize(count, [0.0, 0.0]);
            new.insert_attribute(Mesh::ATTRIBUTE_UV_0, uvs);
            *m = new;
        }
        if let Some(mut mat) = materials.get_mut(&material.0) {
            let tile = pattern_tile(overlay.pattern, theme.palette().pattern_ink, marks.0);
            mat.texture = Some(images.add(tile));
        }
    }
}

/// The scene input of the window's current state.
/// Nothing selected and no comparison; callers set those when they draw them.
pub(super) fn window_input<'a>(
    current: &'a CurrentScenario,
    data: &'a MapData,
    playback: &Playback,
    theme: Theme,
    options: ViewOptions,
    marks: f32,
) -> SceneInput<'a> {
    SceneInput {
        bundle: &current.bundle,
        geometry: &data.geometry,
        date: playback.date,
        theme,
        options,
        marks,
        selected: None,
        compare_from: None,
    }
}

/// A picture the CPU painter drew, as a texture shown pixel for pixel (GPU copy only).
fn sprite_image(rgba: image::RgbaImage) -> Image {
    let (w, h) = rgba.dimensions();
    let mut image = Image::new(
        Extent3d {
            width: w,
            height: h,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        rgba.into_raw(),
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.sampler = ImageSampler::nearest();
    image
}

/// The scale bar's sprite.
#[derive(Component)]
pub struct ScaleBarSprite;

/// What a scale bar image shows: its length in px and km, the mark scale and the colours.
type ScaleKey = (u32, u64, u32, Rgb);

/// Shows the scale bar as a sprite whose image the CPU painter draws.
fn draw_scale_bar(
    commands: &mut Commands,
    bar: Option<&crate::scene::context::ScaleBar>,
    view: &MapView,
    images: &mut Assets<Image>,
    sprite: &mut Query<
        (&mut Sprite, &mut Transform, &mut Visibility),
        (With<ScaleBarSprite>, Without<LabelSprite>),
    >,
    cache: &mut Option<(ScaleKey, Handle<Image>, [f32; 2])>,
) {
    let Some(bar) = bar else {
        for (_, _, mut v) in sprite.iter_mut() {
            v.set_if_neq(Visibility::Hidden);
        }
        return;
    };
    let line = &bar.bar.lines[0];
    let length = (line[2][0] - line[1][0]).round() as u32;
    let key: ScaleKey = (
        length,
        bar.km.to_bits(),
        bar.bar.width_px.to_bits(),
        bar.bar.color,
    );
    // The image is drawn relative to the bar's left end, so a move only moves the sprite.
    let anchor = line[1];
    if cache.as_ref().is_none_or(|(k, _, _)| *k != key) {
        let (rgba, top_left) = with_fonts(|fonts| crate::paint::scale_bar_image(bar, fonts));
        *cache = Some((
            key,
            images.add(sprite_image(rgba)),
            [top_left[0] - anchor[0], top_left[1] - anchor[1]],
        ));
    }
    let Some((_, handle, rel)) = cache.as_ref() else {
        return;
    };
    let top_left = view.map_from_px([anchor[0] + rel[0], anchor[1] + rel[1]]);
    let transform = Transform::from_xyz(top_left.x as f32, top_left.y as f32, Z_LABEL + 1.0)
        .with_scale(Vec3::splat(view.km_per_px as f32));
    match sprite.single_mut() {
        Ok((mut s, mut t, mut v)) => {
            if s.image != *handle {
                s.image = handle.clone();
            }
            if *t != transform {
                *t = transform;
            }
            v.set_if_neq(Visibility::Inherited);
        }
        Err(_) => {
            commands.spawn((
                MapEntity,
                ScaleBarSprite,
                Sprite::from_image(handle.clone()),
                Anchor::TOP_LEFT,
                transform,
                Visibility::Inherited,
            ));
        }
    }
}

/// Label images, made once per text, size and colours.
#[derive(Default)]
struct LabelImages(HashMap<LabelKey, (Handle<Image>, [f32; 2])>);

/// A label image's text, size and colour.
type LabelKey = (String, u32, Rgb);

/// Rebuilds the marker mesh and re-places the labels when colours, the view or the selection
/// change.
fn draw_marks(
    mut commands: Commands,
    mut dirty: ResMut<MapDirty>,
    current: Option<Res<CurrentScenario>>,
    data: Res<MapData>,
    state: (
        Res<Playback>,
        Res<AppTheme>,
        Res<AppOptions>,
        Res<Marks>,
        Res<Selection>,
        Res<WindowView>,
        Res<Shown>,
    ),
    mut placed: ResMut<PlacedLabels>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut images: ResMut<Assets<Image>>,
    marker_mesh: Query<&Mesh2d, With<MarkerMesh>>,
    mut sprites: Query<(
        Entity,
        &mut LabelSprite,
        &mut Sprite,
        &mut Transform,
        &mut Visibility,
    )>,
    mut cache: Local<LabelImages>,
    mut last: Local<Option<(MapView, Option<usize>)>>,
    mut scale_sprite: Query<
        (&mut Sprite, &mut Transform, &mut Visibility),
        (With<ScaleBarSprite>, Without<LabelSprite>),
    >,
    mut scale_cache: Local<Option<(ScaleKey, Handle<Image>, [f32; 2])>>,
) {
    let (playback, theme, options, marks, selection, view, shown) = state;
    let key = (view.0, selection.capital);
    if !dirty.marks && *last == Some(key) {
        return;
    }
    let Some(current) = current else { return };
    if shown.looks.len() != current.bundle.scenario().capitals.len() {
        return;
    }
    dirty.marks = false;
    *last = Some(key);
    let view = view.0;
    let input = SceneInput {
        selected: selection.capital,
        ..window_input(&current, &data, &playback, **theme, **options, marks.0)
    };
    let markers = map_markers(&input, &view, &shown.looks, [0.0, 0.0]);

    // Markers: every layer of every marker in one mesh, in drawing order.
    let k = view.km_per_px as f32;
    let mut positions = Vec::new();
    let mut colors = Vec::new();
    let mut indices = Vec::new();
    for m in &markers {
        for layer in &m.layers {
            let c = view.map_from_px(layer.center(m.center));
            let (cx, cy) = (c.x as f32, c.y as f32);
            let z = 0.0;
            let color = linear(layer.color);
            let base = positions.len() as u32;
            positions.push([cx, cy, z]);
            colors.push(color);
            let ring = shape_polygon(layer.shape, layer.radius_px);
            for p in &ring {
                positions.push([cx + p[0] * k, cy - p[1] * k, z]);
                colors.push(color);
            }
            let n = ring.len() as u32;
            for i in 0..n {
                indices.extend([base, base + 1 + i, base + 1 + (i + 1) % n]);
            }
        }
    }
    for handle in &marker_mesh {
        if let Some(mut mesh) = meshes.get_mut(&handle.0) {
            *mesh = mesh_of(positions.clone(), Some(colors.clone()), indices.clone());
        }
    }

    // Labels: placed by the scene, drawn by the CPU painter, shown as sprites.
    let mut labels = with_fonts(|fonts| map_labels(&input, &markers, &[], fonts));
    // The neighbours' names, clear of the capitals' labels and markers.
    let mut taken: Vec<crate::scene::PxRect> = labels
        .iter()
        .map(|l| {
            crate::scene::PxRect::from_xywh(
                l.origin[0],
                l.origin[1],
                l.shaped.width,
                l.shaped.height,
            )
        })
        .collect();
    taken.extend(markers.iter().map(|m| {
        let r = crate::scene::markers::layers_extent_px(&m.layers);
        crate::scene::PxRect::from_xywh(m.center[0] - r, m.center[1] - r, 2.0 * r, 2.0 * r)
    }));
    let palette = theme.palette();
    let [vw, vh] = view.size_px.map(|v| v as f32);
    let bar = with_fonts(|fonts| {
        crate::scene::context::scale_bar(
            &view,
            crate::scene::PxRect::from_xywh(0.0, 0.0, vw, vh),
            marks.0,
            &palette,
            fonts,
        )
    });
    if let Some(b) = &bar {
        let l = &b.label;
        taken.push(crate::scene::PxRect::from_xywh(
            l.origin[0],
            l.origin[1],
            l.shaped.width,
            l.shaped.height + 10.0 * marks.0,
        ));
    }
    draw_scale_bar(
        &mut commands,
        bar.as_ref(),
        &view,
        &mut images,
        &mut scale_sprite,
        &mut scale_cache,
    );
    labels.extend(with_fonts(|fonts| {
        crate::scene::context::neighbour_labels(
            &data.geometry,
            data.geometry
                .neighbour_level(data.geometry.ready_level_index_for(view.km_per_px)),
            &view,
            [0.0, 0.0],
            marks.0,
            &theme.palette(),
            &taken,
            fonts,
        )
    }));
    let mut pool: Vec<_> = sprites.iter_mut().collect();
    let mut next = 0;
    for label in &labels {
        let text: Vec<&str> = label.shaped.lines.iter().map(|l| l.text.as_str()).collect();
        let key = (text.join("\n"), label.shaped.size.to_bits(), label.color);
        let (image, pad) = cache
            .0
            .entry(key)
            .or_insert_with(|| {
                let (rgba, pad) = with_fonts(|fonts| crate::paint::text_image(label, fonts));
                (images.add(sprite_image(rgba)), pad)
            })
            .clone();
        let top_left = view.map_from_px([label.origin[0] - pad[0], label.origin[1] - pad[1]]);
        let transform = Transform::from_xyz(top_left.x as f32, top_left.y as f32, Z_LABEL)
            .with_scale(Vec3::splat(k));
        let capital = label
            .id
            .as_deref()
            .and_then(|id| id.strip_prefix("label-"))
            .and_then(|id| current.bundle.scenario().capital_index(id));
        if let Some((_, sprite_label, sprite, t, visibility)) = pool.get_mut(next) {
            sprite_label.capital = capital;
            if sprite.image != image {
                sprite.image = image;
            }
            if **t != transform {
                **t = transform;
            }
            visibility.set_if_neq(Visibility::Inherited);
        } else {
            commands.spawn((
                MapEntity,
                LabelSprite { capital },
                Sprite::from_image(image),
                Anchor::TOP_LEFT,
                transform,
                Visibility::Inherited,
            ));
        }
        next += 1;
    }
    for (_, sprite_label, _, _, visibility) in pool.iter_mut().skip(next) {
        sprite_label.capital = None;
        visibility.set_if_neq(Visibility::Hidden);
    }
    if cache.0.len() > 20_000 {
        cache.0.clear();
    }
    placed.0 = labels;
}
