//! Comparing two dates in the window: K (or the time panel's button) fixes the current date as
//! the one to compare with; from then on the capitals that changed hands between it and the
//! date shown are ringed on the map (the scene's rings, as in `frontline export --compare`) and
//! listed in the side panel, where clicking one selects it. K again stops comparing. The mode
//! is the [`Comparing`] state.

use bevy::prelude::*;

use super::messages::{ScenarioLoaded, ToggleCompare};
use super::state::{AppSystems, Comparing, Playback};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
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
    state: Res<State<Comparing>>,
    mut next: ResMut<NextState<Comparing>>,
) {
    let mut want = *state.get();
    if loaded.read().any(|l| !l.reload) {
        want = Comparing::Off;
    }
    for _ in requests.read() {
        want = match want {
            Comparing::Since(_) => Comparing::Off,
            Comparing::Off => Comparing::Since(playback.date),
        };
    }
    if want != *state.get() {
        next.set(want);
    }
}
