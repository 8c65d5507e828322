//! Comparing two dates in the window: K (or the timeline's button) fixes the current date as
//! the one to compare with; from then on the capitals that changed hands between it and the
//! date shown are ringed on the map (the scene's rings, as in `frontline export --compare`) and
//! listed in the side panel, where clicking one selects it. K again stops comparing.

use bevy::prelude::*;
use jiff::civil::Date;

use super::AppSystems;
use super::messages::{ScenarioLoaded, ToggleCompare};
use super::playback::Playback;

/// The date the shown date is compared with, if any.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Compare {
    /// The other date.
    pub since: Option<Date>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Compare>().add_systems(
        Update,
        toggle_compare
            .after(AppSystems::Loading)
            .before(AppSystems::Scene),
    );
}

/// Starts comparing with the current date, or stops; a new scenario stops it.
fn toggle_compare(
    mut requests: MessageReader<ToggleCompare>,
    mut loaded: MessageReader<ScenarioLoaded>,
    playback: Res<Playback>,
    mut compare: ResMut<Compare>,
) {
    if loaded.read().any(|l| !l.reload) {
        compare.set_if_neq(Compare::default());
    }
    for _ in requests.read() {
        let next = match compare.since {
            Some(_) => None,
            None => Some(playback.date),
        };
        compare.since = next;
    }
}
