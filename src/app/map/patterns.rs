//! Patterns over fills (hatching, dots): per pattern, one mesh of the provinces that have it,
//! textured with a repeating tile the CPU painter draws. The mesh's texture coordinates are map
//! kilometres (anchored at the map plane's origin, as in exports); the material scales them to
//! tiles, so a zoom changes one number and the mesh is rebuilt only when the patterned
//! provinces or the level of detail change.

use bevy::image::ImageSampler;
use bevy::math::Affine2;
use bevy::prelude::*;
use bevy::sprite_render::AlphaMode2d;

use super::common::{Attributes, MapEntity, MapSteps, Shown, mesh_of, sprite_image, z};
use crate::app::state::{AppTheme, CurrentScenario, Marks, SceneChanges, WindowView};
use crate::model::Pattern;
use crate::scene::frame::{PATTERN_SPACING_PX, PatternStyle};

/// The overlay drawing one pattern over the provinces that have it.
#[derive(Component, Debug, Clone, Copy)]
pub struct PatternMesh {
    /// Which pattern.
    pub pattern: Pattern,
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (on_load, rebuild_overlays, scale_tiles)
            .chain()
            .in_set(MapSteps::Draw),
    );
}

fn on_load(
    mut commands: Commands,
    changes: Res<SceneChanges>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    if !changes.loaded {
        return;
    }
    for pattern in [Pattern::Hatch, Pattern::Dots] {
        commands.spawn((
            MapEntity,
            PatternMesh { pattern },
            Mesh2d(meshes.add(mesh_of(Vec::new(), Attributes::default(), Vec::new()))),
            MeshMaterial2d(materials.add(ColorMaterial {
                color: Color::WHITE,
                alpha_mode: AlphaMode2d::Blend,
                ..default()
            })),
            Transform::from_xyz(0.0, 0.0, z::PATTERN),
        ));
    }
}

/// Rebuilds the overlays' meshes when the patterned provinces or the level of detail change.
fn rebuild_overlays(
    changes: Res<SceneChanges>,
    view: Res<WindowView>,
    current: Option<Res<CurrentScenario>>,
    shown: Res<Shown>,
    mut meshes: ResMut<Assets<Mesh>>,
    overlays: Query<(&PatternMesh, &Mesh2d)>,
    mut last: Local<Option<(Vec<Option<Pattern>>, usize)>>,
) {
    let Some(current) = current else { return };
    let geometry = &current.geometry;
    let level = geometry.ready_level_index_for(view.0.km_per_px);
    let key = (shown.patterns.clone(), level);
    if !changes.loaded && last.as_ref() == Some(&key) {
        return;
    }
    *last = Some(key);
    for (overlay, mesh) in &overlays {
        let mut positions = Vec::new();
        let mut uvs = Vec::new();
        let mut indices = Vec::new();
        for (p, province) in geometry.level(level).provinces.iter().enumerate() {
            if shown.patterns.get(p).copied().flatten() != Some(overlay.pattern) {
                continue;
            }
            let base = positions.len() as u32;
            for v in &province.positions_map_xy {
                positions.push([v[0], v[1], 0.0]);
                // Map km, y down, as the CPU painter anchors patterns.
                uvs.push([v[0], -v[1]]);
            }
            indices.extend(province.indices.iter().map(|i| i + base));
        }
        let attributes = Attributes {
            colors: None,
            uvs: Some(uvs),
        };
        let _ = meshes.insert(mesh.0.id(), mesh_of(positions, attributes, indices));
    }
}

/// The repeating tile of a pattern, drawn by the CPU painter.
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

/// Tiles of the theme's ink and the mark size, scaled to the view: one tile per pattern
/// spacing in pixels.
fn scale_tiles(
    changes: Res<SceneChanges>,
    view: Res<WindowView>,
    marks: Res<Marks>,
    theme: Res<AppTheme>,
    mut images: ResMut<Assets<Image>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    overlays: Query<(&PatternMesh, &MeshMaterial2d<ColorMaterial>)>,
    mut tiles_for: Local<Option<(f32, crate::scene::Theme)>>,
) {
    if !(changes.view || changes.theme || changes.loaded) {
        return;
    }
    let new_tiles = *tiles_for != Some((marks.0, theme.0)) || changes.loaded;
    *tiles_for = Some((marks.0, theme.0));
    let tile_km = f64::from((PATTERN_SPACING_PX * marks.0).round().max(2.0)) * view.0.km_per_px;
    let scale = Affine2::from_scale(Vec2::splat((1.0 / tile_km) as f32));
    for (overlay, material) in &overlays {
        let rescale = materials
            .get(&material.0)
            .is_some_and(|m| m.uv_transform != scale);
        if !(rescale || new_tiles) {
            continue;
        }
        let Some(mut m) = materials.get_mut(&material.0) else {
            continue;
        };
        m.uv_transform = scale;
        if new_tiles {
            m.texture = Some(images.add(pattern_tile(
                overlay.pattern,
                theme.palette().pattern_ink,
                marks.0,
            )));
        }
    }
}
