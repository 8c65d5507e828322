//! The map scene, shared by the window and the headless export: one mesh per province (filled
//! with its capital's status colour), province borders, the heavier country outline, capital
//! markers and labels. Recolouring changes material colours only; meshes are built once per
//! scenario (borders are re-stroked when the zoom changes, to keep their width in pixels).
//!
//! Marker shapes carry meaning beyond colour: a filled circle is a confirmed status; a diamond
//! means the last report is claimed, disputed or unconfirmed; a hollow centre means the status
//! is a contested one. So the map stays readable in greyscale and for colour-blind readers.

use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::TextBackgroundColor;

use super::AppSystems;
use super::loading::CurrentScenario;
use super::messages::{DateChanged, ScenarioLoaded};
use super::playback::Playback;
use crate::boundaries::{LonLat, ProvinceMesh, country_outline_segments, province_mesh};
use crate::bundle::ScenarioBundle;
use crate::model::{Rgb, StatusDef};

/// Light (print, projectors) or dark (screens).
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Light background.
    #[default]
    Light,
    /// Dark background.
    Dark,
}

/// The colours of a theme other than the status colours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    /// Behind the map.
    pub background: Color,
    /// Province fill in "capitals only" mode.
    pub neutral_fill: Color,
    /// Province borders.
    pub border: Color,
    /// Country outline.
    pub outline: Color,
    /// Capital labels.
    pub label: Color,
    /// Behind label text, so names stay readable over any fill.
    pub label_background: Color,
    /// Marker outline.
    pub marker_outline: Color,
    /// Centre of contested markers.
    pub marker_hole: Color,
}

impl Theme {
    /// This theme's colours.
    pub fn palette(self) -> Palette {
        match self {
            Theme::Light => Palette {
                background: Color::srgb_u8(0xF4, 0xF2, 0xEE),
                neutral_fill: Color::srgb_u8(0xDD, 0xDA, 0xD3),
                border: Color::srgb_u8(0xFF, 0xFF, 0xFF),
                outline: Color::srgb_u8(0x33, 0x33, 0x33),
                label: Color::srgb_u8(0x11, 0x11, 0x11),
                label_background: Color::srgba(1.0, 1.0, 1.0, 0.72),
                marker_outline: Color::srgb_u8(0x11, 0x11, 0x11),
                marker_hole: Color::srgb_u8(0xFF, 0xFF, 0xFF),
            },
            Theme::Dark => Palette {
                background: Color::srgb_u8(0x16, 0x18, 0x1D),
                neutral_fill: Color::srgb_u8(0x3A, 0x3D, 0x45),
                border: Color::srgb_u8(0x16, 0x18, 0x1D),
                outline: Color::srgb_u8(0xE8, 0xE8, 0xE8),
                label: Color::srgb_u8(0xF2, 0xF2, 0xF2),
                label_background: Color::srgba(0.0, 0.0, 0.0, 0.6),
                marker_outline: Color::srgb_u8(0xF2, 0xF2, 0xF2),
                marker_hole: Color::srgb_u8(0x16, 0x18, 0x1D),
            },
        }
    }

    /// The other theme.
    pub fn toggled(self) -> Self {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// A status's colour in a theme (validated at load, so parsing cannot fail here; black if it
/// somehow does).
pub fn status_color(status: &StatusDef, theme: Theme) -> Color {
    let text = match theme {
        Theme::Dark => status.dark_color.as_deref().unwrap_or(&status.color),
        Theme::Light => &status.color,
    };
    let Rgb([r, g, b]) = text.parse().unwrap_or(Rgb([0, 0, 0]));
    Color::srgb_u8(r, g, b)
}

/// What the map shows.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewOptions {
    /// Fill provinces with their capital's status colour (else neutral, only markers coloured).
    pub fill_provinces: bool,
    /// Show capital labels.
    pub labels: bool,
}

impl Default for ViewOptions {
    fn default() -> Self {
        Self {
            fill_provinces: true,
            labels: true,
        }
    }
}

/// Marker radius in logical pixels.
pub const MARKER_RADIUS_PX: f32 = 6.0;
/// Label font size in logical pixels.
pub const LABEL_SIZE_PX: f32 = 13.0;
/// Province border width in logical pixels.
pub const BORDER_PX: f32 = 1.0;
/// Country outline width in logical pixels.
pub const OUTLINE_PX: f32 = 2.5;

const Z_FILL: f32 = 0.0;
const Z_BORDER: f32 = 1.0;
const Z_OUTLINE: f32 = 2.0;
const Z_MARKER: f32 = 3.0;
const Z_LABEL: f32 = 5.0;

/// Everything the scene spawned, despawned on reload.
#[derive(Component)]
pub struct MapEntity;

/// A province's fill; the index is into the bundle's provinces.
#[derive(Component, Debug, Clone, Copy)]
pub struct ProvinceFill(pub usize);

/// Border lines (`country: false`) or the country outline (`country: true`).
#[derive(Component, Debug, Clone, Copy)]
pub struct BorderLines {
    /// The heavier country outline.
    pub country: bool,
    /// World units per pixel the mesh was stroked for.
    pub stroked_for_scale: f32,
}

/// A capital marker (parent of its outline, fill and hole); the index is into the capitals.
#[derive(Component, Debug, Clone, Copy)]
pub struct CapitalMarker(pub usize);

/// The part of a marker that shows the status colour.
#[derive(Component, Debug, Clone, Copy)]
pub struct MarkerFill(pub usize);

/// The dark outline behind a marker.
#[derive(Component, Debug, Clone, Copy)]
pub struct MarkerOutline(pub usize);

/// The light ring between a marker's outline and its fill.
#[derive(Component, Debug, Clone, Copy)]
pub struct MarkerHalo(pub usize);

/// The hollow centre shown for contested statuses.
#[derive(Component, Debug, Clone, Copy)]
pub struct MarkerHole(pub usize);

/// A capital's name label.
#[derive(Component, Debug, Clone, Copy)]
pub struct CapitalLabel {
    /// Capital index.
    pub capital: usize,
    /// Lower draws first and wins collisions.
    pub priority: usize,
}

/// The scale (world units per logical pixel) that keeps markers, labels and lines a constant
/// size on screen. Set by the camera (window) or the exporter.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct PixelScale(pub f32);

impl Default for PixelScale {
    fn default() -> Self {
        Self(1.0)
    }
}

/// Geometry of the loaded scenario on the map plane.
#[derive(Resource, Debug, Clone, Default)]
pub struct MapGeometry {
    /// Per province, its mesh data.
    pub provinces: Vec<ProvinceMesh>,
    /// Country outline segments.
    pub outline: Vec<[[f32; 2]; 2]>,
    /// Capital positions on the map plane.
    pub capitals_map_xy: Vec<Vec2>,
    /// Bounding box of all provinces on the map plane.
    pub bounds: Rect,
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
        let mut bounds = Rect::EMPTY;
        for p in &provinces {
            for v in &p.positions_map_xy {
                bounds = bounds.union_point(Vec2::from(*v));
            }
        }
        let capitals_map_xy = bundle
            .scenario()
            .capitals
            .iter()
            .map(|c| {
                let m = projection.map_from_lonlat(LonLat {
                    lon: c.lon,
                    lat: c.lat,
                });
                Vec2::new(m.x as f32, m.y as f32)
            })
            .collect();
        Self {
            outline: country_outline_segments(&bundle.boundaries, projection),
            provinces,
            capitals_map_xy,
            bounds,
        }
    }
}

/// Shared marker meshes (unit size; scaled per marker).
#[derive(Resource, Clone)]
pub struct MarkerMeshes {
    /// Confirmed: circle.
    pub circle: Handle<Mesh>,
    /// Uncertain report: diamond.
    pub diamond: Handle<Mesh>,
}

/// What a capital shows on a date; computed from the timeline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapitalLook {
    /// Status colour.
    pub color: Color,
    /// The last report is not confirmed.
    pub uncertain: bool,
    /// The status is a contested one.
    pub contested: bool,
}

/// The look of every capital on a date.
pub fn capital_looks(
    bundle: &ScenarioBundle,
    date: jiff::civil::Date,
    theme: Theme,
) -> Vec<CapitalLook> {
    let s = bundle.scenario();
    (0..s.capitals.len())
        .map(|c| {
            let state = bundle.timeline.state_at(c, date);
            let status = &s.statuses[state.status];
            CapitalLook {
                color: status_color(status, theme),
                uncertain: state
                    .last_event
                    .is_some_and(|e| s.events[e].report.is_uncertain()),
                contested: status.contested,
            }
        })
        .collect()
}

/// Builds a triangle mesh from 2D positions and indices.
pub fn mesh_2d(positions: &[[f32; 2]], indices: Vec<u32>) -> Mesh {
    let positions: Vec<[f32; 3]> = positions.iter().map(|p| [p[0], p[1], 0.0]).collect();
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_indices(Indices::U32(indices))
}

/// Strokes line segments into quads `width` world units wide.
pub fn stroke_segments(segments: impl Iterator<Item = [[f32; 2]; 2]>, width: f32) -> Mesh {
    let mut positions = Vec::new();
    let mut indices = Vec::new();
    let half = width / 2.0;
    for [a, b] in segments {
        let (a, b) = (Vec2::from(a), Vec2::from(b));
        let d = (b - a).normalize_or_zero();
        if d == Vec2::ZERO {
            continue;
        }
        let n = d.perp() * half;
        // Extend each end by half the width so joints between segments have no notches.
        let (a, b) = (a - d * half, b + d * half);
        let base = positions.len() as u32;
        positions.extend([
            (a + n).to_array(),
            (a - n).to_array(),
            (b - n).to_array(),
            (b + n).to_array(),
        ]);
        indices.extend([base, base + 1, base + 2, base, base + 2, base + 3]);
    }
    mesh_2d(&positions, indices)
}

/// Every province ring as segments.
fn border_segments(geometry: &MapGeometry) -> impl Iterator<Item = [[f32; 2]; 2]> + '_ {
    geometry
        .provinces
        .iter()
        .flat_map(|p| p.rings_map_xy.iter())
        .flat_map(|ring| ring.windows(2).map(|w| [w[0], w[1]]))
}

fn diamond_mesh() -> Mesh {
    mesh_2d(
        &[[0.0, 1.25], [-1.25, 0.0], [0.0, -1.25], [1.25, 0.0]],
        vec![0, 1, 2, 0, 2, 3],
    )
}

/// Creates the shared marker meshes.
pub fn init_marker_meshes(mut commands: Commands, mut meshes: ResMut<Assets<Mesh>>) {
    commands.insert_resource(MarkerMeshes {
        circle: meshes.add(Circle::new(1.0).mesh().resolution(24)),
        diamond: meshes.add(diamond_mesh()),
    });
}

/// Spawns the scene of a bundle; returns nothing, marks every entity [`MapEntity`].
#[allow(clippy::too_many_arguments)]
pub fn spawn_scene(
    commands: &mut Commands,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<ColorMaterial>,
    markers: &MarkerMeshes,
    bundle: &ScenarioBundle,
    geometry: &MapGeometry,
    theme: Theme,
    scale: f32,
) {
    let palette = theme.palette();
    for (pi, mesh) in geometry.provinces.iter().enumerate() {
        commands.spawn((
            MapEntity,
            ProvinceFill(pi),
            Mesh2d(meshes.add(mesh_2d(&mesh.positions_map_xy, mesh.indices.clone()))),
            MeshMaterial2d(materials.add(ColorMaterial::from(palette.neutral_fill))),
            Transform::from_xyz(0.0, 0.0, Z_FILL),
        ));
    }
    commands.spawn((
        MapEntity,
        BorderLines {
            country: false,
            stroked_for_scale: scale,
        },
        Mesh2d(meshes.add(stroke_segments(
            border_segments(geometry),
            BORDER_PX * scale,
        ))),
        MeshMaterial2d(materials.add(ColorMaterial::from(palette.border))),
        Transform::from_xyz(0.0, 0.0, Z_BORDER),
    ));
    commands.spawn((
        MapEntity,
        BorderLines {
            country: true,
            stroked_for_scale: scale,
        },
        Mesh2d(meshes.add(stroke_segments(
            geometry.outline.iter().copied(),
            OUTLINE_PX * scale,
        ))),
        MeshMaterial2d(materials.add(ColorMaterial::from(palette.outline))),
        Transform::from_xyz(0.0, 0.0, Z_OUTLINE),
    ));

    let s = bundle.scenario();
    // Label priority: the national capital first, then capitals of larger provinces.
    let mut order: Vec<usize> = (0..s.capitals.len()).collect();
    let area = |c: usize| geometry.provinces[bundle.capital_province[c]].area_km2();
    order.sort_by(|&a, &b| {
        s.capitals[b]
            .national
            .cmp(&s.capitals[a].national)
            .then(area(b).total_cmp(&area(a)))
    });
    let mut priority = vec![0; s.capitals.len()];
    for (rank, &c) in order.iter().enumerate() {
        priority[c] = rank;
    }

    for (ci, capital) in s.capitals.iter().enumerate() {
        let at = geometry.capitals_map_xy[ci];
        let radius = if capital.national {
            MARKER_RADIUS_PX * 1.3
        } else {
            MARKER_RADIUS_PX
        };
        commands
            .spawn((
                MapEntity,
                CapitalMarker(ci),
                Transform::from_translation(at.extend(Z_MARKER)).with_scale(Vec3::splat(scale)),
                Visibility::default(),
            ))
            .with_children(|marker| {
                marker.spawn((
                    MarkerOutline(ci),
                    Mesh2d(markers.circle.clone()),
                    MeshMaterial2d(materials.add(ColorMaterial::from(palette.marker_outline))),
                    Transform::from_scale(Vec3::splat(radius + 2.5)),
                ));
                marker.spawn((
                    MarkerHalo(ci),
                    Mesh2d(markers.circle.clone()),
                    MeshMaterial2d(materials.add(ColorMaterial::from(palette.marker_hole))),
                    Transform::from_xyz(0.0, 0.0, 0.005).with_scale(Vec3::splat(radius + 1.4)),
                ));
                marker.spawn((
                    MarkerFill(ci),
                    Mesh2d(markers.circle.clone()),
                    MeshMaterial2d(materials.add(ColorMaterial::from(palette.neutral_fill))),
                    Transform::from_xyz(0.0, 0.0, 0.01).with_scale(Vec3::splat(radius)),
                ));
                marker.spawn((
                    MarkerHole(ci),
                    Mesh2d(markers.circle.clone()),
                    MeshMaterial2d(materials.add(ColorMaterial::from(palette.marker_hole))),
                    Transform::from_xyz(0.0, 0.0, 0.02).with_scale(Vec3::splat(radius * 0.45)),
                    Visibility::Hidden,
                ));
            });
        commands.spawn((
            MapEntity,
            CapitalLabel {
                capital: ci,
                priority: priority[ci],
            },
            Text2d::new(capital.name.clone()),
            TextFont {
                font_size: FontSize::Px(if capital.national {
                    LABEL_SIZE_PX + 2.0
                } else {
                    LABEL_SIZE_PX
                }),
                ..default()
            },
            TextColor(palette.label),
            TextBackgroundColor(palette.label_background),
            Anchor::CENTER_LEFT,
            Transform::from_translation(
                (at + Vec2::new((radius + 4.0) * scale, 0.0)).extend(Z_LABEL),
            )
            .with_scale(Vec3::splat(scale)),
        ));
    }
}

/// Applies the looks of a date to the scene's materials, meshes and visibilities.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn apply_looks(
    bundle: &ScenarioBundle,
    looks: &[CapitalLook],
    options: ViewOptions,
    theme: Theme,
    markers: &MarkerMeshes,
    materials: &mut Assets<ColorMaterial>,
    fills: &Query<(&ProvinceFill, &MeshMaterial2d<ColorMaterial>)>,
    marker_fills: &mut Query<
        (&MarkerFill, &MeshMaterial2d<ColorMaterial>, &mut Mesh2d),
        Without<MarkerOutline>,
    >,
    outlines: &mut Query<(AnyOf<(&MarkerOutline, &MarkerHalo)>, &mut Mesh2d), Without<MarkerFill>>,
    holes: &mut Query<(&MarkerHole, &mut Visibility)>,
) {
    let palette = theme.palette();
    let mut set_color = |handle: &Handle<ColorMaterial>, color: Color| {
        // Only touch materials whose colour really changes, so unchanged ones are not re-uploaded.
        if materials.get(handle).is_some_and(|m| m.color != color)
            && let Some(mut m) = materials.get_mut(handle)
        {
            m.color = color;
        }
    };
    for (ProvinceFill(pi), material) in fills {
        let color = match (
            options.fill_provinces,
            bundle.province_capitals[*pi].first(),
        ) {
            (true, Some(&c)) => looks[c].color,
            _ => palette.neutral_fill,
        };
        set_color(&material.0, color);
    }
    let shape = |c: usize| {
        if looks[c].uncertain {
            markers.diamond.clone()
        } else {
            markers.circle.clone()
        }
    };
    for (MarkerFill(c), material, mut mesh) in marker_fills.iter_mut() {
        set_color(&material.0, looks[*c].color);
        let want = shape(*c);
        if mesh.0 != want {
            mesh.0 = want;
        }
    }
    for ((outline, halo), mut mesh) in outlines.iter_mut() {
        let Some(c) = outline.map(|o| o.0).or(halo.map(|h| h.0)) else {
            continue;
        };
        let want = shape(c);
        if mesh.0 != want {
            mesh.0 = want;
        }
    }
    for (MarkerHole(c), mut visibility) in holes.iter_mut() {
        let want = if looks[*c].contested {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        visibility.set_if_neq(want);
    }
}

/// Re-strokes border meshes and rescales markers and labels when the pixel scale changes; the
/// selected capital's marker is drawn half as large again.
#[allow(clippy::type_complexity)]
pub fn keep_constant_pixel_size(
    scale: Res<PixelScale>,
    selection: Option<Res<super::selection::Selection>>,
    geometry: Option<Res<MapGeometry>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut lines: Query<(&mut BorderLines, &mut Mesh2d)>,
    mut markers: Query<(&CapitalMarker, &mut Transform), Without<CapitalLabel>>,
    mut labels: Query<&mut Transform, (With<CapitalLabel>, Without<CapitalMarker>)>,
) {
    let Some(geometry) = geometry else { return };
    let s = scale.0;
    let selected = selection.and_then(|sel| sel.capital);
    for (marker, mut t) in markers.iter_mut() {
        let want = if selected == Some(marker.0) {
            s * 1.5
        } else {
            s
        };
        if t.scale.x != want {
            t.scale = Vec3::splat(want);
        }
    }
    for mut t in labels.iter_mut() {
        if t.scale.x != s {
            t.scale = Vec3::splat(s);
        }
    }
    for (mut lines, mut mesh) in lines.iter_mut() {
        let ratio = s / lines.stroked_for_scale;
        if (0.85..1.18).contains(&ratio) {
            continue;
        }
        lines.stroked_for_scale = s;
        let new = if lines.country {
            stroke_segments(geometry.outline.iter().copied(), OUTLINE_PX * s)
        } else {
            stroke_segments(border_segments(&geometry), BORDER_PX * s)
        };
        mesh.0 = meshes.add(new);
    }
}

/// A blend of material colours over time, used by presentation mode to animate the change
/// from one key moment to the next.
#[derive(Resource, Debug, Default, Clone)]
pub struct ColorTransition {
    /// Animate recolouring (else colours change at once).
    pub enabled: bool,
    /// Seconds a change takes.
    pub duration: f32,
    /// Seconds since the change started.
    pub elapsed: f32,
    /// Material, colour before, colour after.
    pub items: Vec<(Handle<ColorMaterial>, Color, Color)>,
}

fn advance_color_transition(
    time: Res<Time>,
    mut transition: ResMut<ColorTransition>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    if transition.items.is_empty() {
        return;
    }
    transition.elapsed += time.delta_secs();
    let t = (transition.elapsed / transition.duration.max(0.01)).clamp(0.0, 1.0);
    // Ease in and out.
    let eased = t * t * (3.0 - 2.0 * t);
    for (handle, from, to) in &transition.items {
        if let Some(mut m) = materials.get_mut(handle) {
            m.color = from.mix(to, eased);
        }
    }
    if t >= 1.0 {
        transition.items.clear();
    }
}

/// Marks that the scene must be recoloured this frame.
#[derive(Resource, Debug, Default)]
pub struct NeedsRecolor(pub bool);

/// Despawns the old scene and spawns the new one when a scenario is loaded.
#[allow(clippy::too_many_arguments)]
fn rebuild_scene(
    mut commands: Commands,
    mut loaded: MessageReader<ScenarioLoaded>,
    current: Option<Res<CurrentScenario>>,
    old: Query<Entity, With<MapEntity>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    markers: Res<MarkerMeshes>,
    theme: Res<Theme>,
    scale: Res<PixelScale>,
    mut needs: ResMut<NeedsRecolor>,
) {
    if loaded.read().last().is_none() {
        return;
    }
    let Some(current) = current else { return };
    for e in &old {
        commands.entity(e).despawn();
    }
    let geometry = MapGeometry::of(&current.bundle);
    spawn_scene(
        &mut commands,
        &mut meshes,
        &mut materials,
        &markers,
        &current.bundle,
        &geometry,
        *theme,
        scale.0,
    );
    commands.insert_resource(geometry);
    needs.0 = true;
}

fn request_recolor(
    mut dates: MessageReader<DateChanged>,
    options: Res<ViewOptions>,
    theme: Res<Theme>,
    mut needs: ResMut<NeedsRecolor>,
    clear: Option<ResMut<ClearColor>>,
) {
    if dates.read().last().is_some() || options.is_changed() || theme.is_changed() {
        needs.0 = true;
    }
    if theme.is_changed()
        && let Some(mut clear) = clear
    {
        clear.0 = theme.palette().background;
    }
}

#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn recolor_map(
    mut needs: ResMut<NeedsRecolor>,
    current: Option<Res<CurrentScenario>>,
    playback: Res<Playback>,
    options: Res<ViewOptions>,
    theme: Res<Theme>,
    markers: Res<MarkerMeshes>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    fills: Query<(&ProvinceFill, &MeshMaterial2d<ColorMaterial>)>,
    mut marker_fills: Query<
        (&MarkerFill, &MeshMaterial2d<ColorMaterial>, &mut Mesh2d),
        Without<MarkerOutline>,
    >,
    mut outlines: Query<(AnyOf<(&MarkerOutline, &MarkerHalo)>, &mut Mesh2d), Without<MarkerFill>>,
    mut holes: Query<(&MarkerHole, &mut Visibility)>,
    mut static_colors: Query<(
        AnyOf<(&BorderLines, &MarkerOutline, &MarkerHole, &MarkerHalo)>,
        &MeshMaterial2d<ColorMaterial>,
    )>,
    mut labels: Query<(&mut TextColor, &mut TextBackgroundColor), With<CapitalLabel>>,
    mut transition: ResMut<ColorTransition>,
) {
    if !needs.0 {
        return;
    }
    let Some(current) = current else { return };
    needs.0 = false;
    // When animating, remember the colours on screen so the change can be blended in.
    let animated: Vec<Handle<ColorMaterial>> = if transition.enabled {
        fills
            .iter()
            .map(|(_, m)| m.0.clone())
            .chain(marker_fills.iter().map(|(_, m, _)| m.0.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let before: Vec<Color> = animated
        .iter()
        .map(|h| materials.get(h).map_or(Color::NONE, |m| m.color))
        .collect();
    let looks = capital_looks(&current.bundle, playback.date, *theme);
    apply_looks(
        &current.bundle,
        &looks,
        *options,
        *theme,
        &markers,
        &mut materials,
        &fills,
        &mut marker_fills,
        &mut outlines,
        &mut holes,
    );
    if transition.enabled {
        transition.items.clear();
        transition.elapsed = 0.0;
        for (handle, old) in animated.into_iter().zip(before) {
            let Some(mut m) = materials.get_mut(&handle) else {
                continue;
            };
            if m.color != old {
                let new = m.color;
                m.color = old;
                transition.items.push((handle, old, new));
            }
        }
    }
    if theme.is_changed() {
        let palette = theme.palette();
        for ((lines, outline, _, _), material) in static_colors.iter_mut() {
            let color = match (lines, outline) {
                (Some(l), _) if l.country => palette.outline,
                (Some(_), _) => palette.border,
                (_, Some(_)) => palette.marker_outline,
                _ => palette.marker_hole,
            };
            if let Some(mut m) = materials.get_mut(&material.0) {
                m.color = color;
            }
        }
        for (mut c, mut bg) in labels.iter_mut() {
            c.0 = palette.label;
            bg.0 = palette.label_background;
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Theme>()
        .init_resource::<ViewOptions>()
        .init_resource::<PixelScale>()
        .init_resource::<NeedsRecolor>()
        .insert_resource(ColorTransition {
            duration: 0.8,
            ..default()
        })
        .init_resource::<MapGeometry>()
        .add_systems(Startup, init_marker_meshes)
        .add_systems(
            Update,
            (
                rebuild_scene,
                request_recolor,
                recolor_map,
                advance_color_transition,
                keep_constant_pixel_size,
            )
                .chain()
                .in_set(AppSystems::Scene),
        );
}
