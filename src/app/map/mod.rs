//! Drawing the scene with Bevy. The window shows what [`crate::scene`] computes and decides
//! nothing about colours, marker looks, thinning or label placement:
//! - [`colors`] notes what changed this frame and takes the date's colours from the scene;
//! - [`fills`]: static province meshes per level of detail, coloured through a lookup texture;
//! - [`lines`]: borders and outlines with soft edges;
//! - [`patterns`]: hatching and dots over fills;
//! - [`marks`]: markers, labels and the scale bar as sprites the CPU painter draws.

pub mod colors;
pub mod common;
pub mod fills;
pub mod lines;
pub mod marks;
pub mod patterns;

use bevy::prelude::*;

use crate::app::state::{AppSystems, SceneChanges};
use common::{MapEntity, MapSteps};

pub use colors::ColorTransition;
pub use common::Shown;
pub use fills::{FillColors, FillMesh};

/// The map's systems, in [`AppSystems::Scene`] and [`AppSystems::Draw`].
pub(super) fn plugin(app: &mut App) {
    app.configure_sets(
        Update,
        (MapSteps::Note, MapSteps::Draw)
            .chain()
            .in_set(AppSystems::Draw),
    )
    .add_systems(Update, despawn_on_load.in_set(AppSystems::Scene));
    colors::plugin(app);
    fills::plugin(app);
    lines::plugin(app);
    patterns::plugin(app);
    marks::plugin(app);
}

/// The map's parts that need the renderer: the lines' material.
pub fn render_plugin(app: &mut App) {
    lines::render_plugin(app);
}

/// Another scenario: the old map goes.
fn despawn_on_load(
    mut commands: Commands,
    mut loaded: MessageReader<crate::app::messages::ScenarioLoaded>,
    old: Query<Entity, With<MapEntity>>,
) {
    if loaded.read().count() == 0 {
        return;
    }
    for e in &old {
        commands.entity(e).despawn();
    }
}

/// True when the map needs no more work for what is on screen: nothing changed this frame.
pub fn settled(changes: &SceneChanges) -> bool {
    changes.is_empty()
}
