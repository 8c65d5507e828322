//! What the map's drawing systems share: the marker component of everything the map spawns,
//! drawing order, the colours on screen ([`Shown`]), and helpers to make meshes and sprite
//! images.

use bevy::asset::RenderAssetUsages;
use bevy::image::ImageSampler;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};

use crate::model::{Pattern, Rgb};
use crate::scene::CapitalLook;

/// The steps of the map's drawing, inside [`crate::app::state::AppSystems::Draw`].
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MapSteps {
    /// Note a change of view.
    Note,
    /// Spawn and update meshes and sprites.
    Draw,
}

/// Everything the map spawned, despawned when another scenario is loaded.
#[derive(Component)]
pub struct MapEntity;

/// Drawing order (z) of the map's layers, bottom first.
pub mod z {
    /// Neighbouring countries' fills.
    pub const NEIGHBOUR: f32 = -2.0;
    /// Borders between neighbouring countries.
    pub const NEIGHBOUR_BORDER: f32 = -1.0;
    /// Province fills.
    pub const FILL: f32 = 0.0;
    /// Patterns over fills.
    pub const PATTERN: f32 = 0.5;
    /// Province borders.
    pub const BORDER: f32 = 1.0;
    /// The country outline.
    pub const OUTLINE: f32 = 2.0;
    /// Markers (each one a little above the one before, as the CPU painter draws them).
    pub const MARKER: f32 = 3.0;
    /// Labels.
    pub const LABEL: f32 = 10.0;
    /// The scale bar.
    pub const SCALE_BAR: f32 = 11.0;
    /// Annotations (over the outline, under markers and labels, as the CPU painter draws them).
    pub const ANNOTATION: f32 = 2.5;
}

/// What the map shows right now: province fills and patterns, and capital looks (blended
/// while presentation mode animates a change). Computed by the scene
/// ([`crate::scene::capital_looks`], [`crate::scene::province_fills`]), never here.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Shown {
    /// Per province, its fill.
    pub fills: Vec<Rgb>,
    /// Per province, its pattern.
    pub patterns: Vec<Option<Pattern>>,
    /// Per capital, its look.
    pub looks: Vec<CapitalLook>,
}

/// A colour as Bevy's linear RGBA floats.
pub fn linear(c: Rgb) -> [f32; 4] {
    let [r, g, b] = c.0;
    Color::srgb_u8(r, g, b).to_linear().to_f32_array()
}

/// A colour as Bevy's colour.
pub fn color(c: Rgb) -> Color {
    let [r, g, b] = c.0;
    Color::srgb_u8(r, g, b)
}

/// Vertex attributes of a mesh besides positions.
#[derive(Default)]
pub struct Attributes {
    /// Per-vertex colours (linear RGBA).
    pub colors: Option<Vec<[f32; 4]>>,
    /// Texture coordinates.
    pub uvs: Option<Vec<[f32; 2]>>,
}

/// A triangle mesh held only by the GPU (meshes are replaced, never edited).
pub fn mesh_of(
    mut positions: Vec<[f32; 3]>,
    mut attributes: Attributes,
    mut indices: Vec<u32>,
) -> Mesh {
    if indices.is_empty() {
        // Nothing to draw: one degenerate triangle (the renderer's allocator dislikes empty
        // buffers).
        positions = vec![[0.0, 0.0, 0.0]; 3];
        attributes.colors = attributes.colors.map(|_| vec![[0.0; 4]; 3]);
        attributes.uvs = attributes.uvs.map(|_| vec![[0.0; 2]; 3]);
        indices = vec![0, 1, 2];
    }
    let mut mesh = Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::RENDER_WORLD,
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_indices(Indices::U32(indices));
    if let Some(colors) = attributes.colors {
        mesh.insert_attribute(Mesh::ATTRIBUTE_COLOR, colors);
    }
    if let Some(uvs) = attributes.uvs {
        mesh.insert_attribute(Mesh::ATTRIBUTE_UV_0, uvs);
    }
    mesh
}

/// A picture the CPU painter drew, as a texture shown pixel for pixel (GPU copy only).
pub fn sprite_image(rgba: image::RgbaImage) -> Image {
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
