//! Presentation mode (F5 or P): full screen, panels hidden, a large title, date and legend
//! readable on a projector; Left/Right step through the scenario's key moments with their
//! captions, and the map blends from one moment's colours to the next. Esc leaves.

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};
use jiff::civil::Date;

use super::AppSystems;
use super::camera::AutoFit;
use super::input::{HelpOpen, Typing};
use super::loading::CurrentScenario;
use super::map::ColorTransition;
use super::messages::{FitMap, SetDate};
use super::playback::Playback;

/// Whether presentation mode is on.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Presentation {
    /// On or off.
    pub active: bool,
}

/// The key moment to go to from `date`: the next one after it (`forward`) or the last one
/// before it.
pub fn key_moment_from(moments: &[Date], date: Date, forward: bool) -> Option<Date> {
    if forward {
        moments.iter().copied().filter(|d| *d > date).min()
    } else {
        moments.iter().copied().filter(|d| *d < date).max()
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Presentation>().add_systems(
        Update,
        (toggle_presentation, step_key_moments)
            .chain()
            .in_set(AppSystems::Input),
    );
}

fn toggle_presentation(
    keys: Res<ButtonInput<KeyCode>>,
    typing: Res<Typing>,
    help: Res<HelpOpen>,
    mut presentation: ResMut<Presentation>,
    mut window: Single<&mut Window, With<PrimaryWindow>>,
    mut transition: ResMut<ColorTransition>,
    mut auto: ResMut<AutoFit>,
    mut fit: MessageWriter<FitMap>,
) {
    if typing.0 {
        return;
    }
    let toggle = keys.any_just_pressed([KeyCode::F5, KeyCode::KeyP]);
    let leave = presentation.active && keys.just_pressed(KeyCode::Escape) && !help.0;
    if !(toggle || leave) {
        return;
    }
    presentation.active = !presentation.active && !leave;
    transition.enabled = presentation.active;
    window.mode = if presentation.active {
        WindowMode::BorderlessFullscreen(MonitorSelection::Current)
    } else {
        WindowMode::Windowed
    };
    auto.0 = true;
    fit.write(FitMap);
}

fn step_key_moments(
    keys: Res<ButtonInput<KeyCode>>,
    presentation: Res<Presentation>,
    current: Option<Res<CurrentScenario>>,
    playback: Res<Playback>,
    mut set: MessageWriter<SetDate>,
) {
    if !presentation.active {
        return;
    }
    let Some(current) = current else { return };
    let moments: Vec<Date> = current
        .bundle
        .scenario()
        .key_moments
        .iter()
        .map(|k| k.date)
        .collect();
    for (key, forward) in [(KeyCode::ArrowLeft, false), (KeyCode::ArrowRight, true)] {
        if keys.just_pressed(key)
            && let Some(d) = key_moment_from(&moments, playback.date, forward)
        {
            set.write(SetDate(d));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn moments_step_forward_and_back() {
        let m = [date(2021, 8, 6), date(2021, 5, 1), date(2021, 8, 15)];
        assert_eq!(
            key_moment_from(&m, date(2021, 5, 1), true),
            Some(date(2021, 8, 6))
        );
        assert_eq!(
            key_moment_from(&m, date(2021, 8, 10), true),
            Some(date(2021, 8, 15))
        );
        assert_eq!(key_moment_from(&m, date(2021, 8, 15), true), None);
        assert_eq!(
            key_moment_from(&m, date(2021, 8, 10), false),
            Some(date(2021, 8, 6))
        );
        assert_eq!(key_moment_from(&m, date(2021, 5, 1), false), None);
    }
}
