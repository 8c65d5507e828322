//! What changed this frame, and the colours of the date. Every change is noted once, here,
//! into [`SceneChanges`]; the drawing systems then do only the work their change needs. The
//! colours come from the scene ([`capital_looks`], [`province_fills`]), recomputed only when
//! the date, the data, the theme, the options or the comparison change. In presentation mode a
//! change of colours blends over 0.8 s.

use bevy::prelude::*;

use super::common::{MapSteps, Shown};
use crate::app::messages::{DateChanged, ScenarioLoaded};
use crate::app::state::{
    AppOptions, AppSystems, AppTheme, Comparing, CurrentScenario, Marks, Playback, SceneChanges,
    Selection, ViewMode, WindowView,
};
use crate::model::Rgb;
use crate::scene::looks::{mark_changes, province_patterns};
use crate::scene::{CapitalLook, capital_looks, province_fills};

/// A blend of colours over time: presentation mode animates recolouring.
#[derive(Resource, Debug, Clone)]
pub struct ColorTransition {
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

impl Default for ColorTransition {
    fn default() -> Self {
        Self {
            duration: 0.8,
            elapsed: 0.0,
            from: Shown::default(),
            to: Shown::default(),
            running: false,
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Shown>()
        .init_resource::<ColorTransition>()
        .add_systems(
            Update,
            (note_changes, recolor, advance_transition, apply_theme)
                .chain()
                .in_set(AppSystems::Scene),
        )
        .add_systems(Update, note_view_changes.in_set(MapSteps::Note));
}

/// Notes what this frame changed: a load, the date, the theme, the options, the comparison,
/// the selected capital.
fn note_changes(
    mut changes: ResMut<SceneChanges>,
    mut loaded: MessageReader<ScenarioLoaded>,
    mut dates: MessageReader<DateChanged>,
    theme: Res<AppTheme>,
    options: Res<AppOptions>,
    comparing: Option<Res<State<Comparing>>>,
    selection: Res<Selection>,
    mut selected: Local<Option<usize>>,
) {
    let loaded = loaded.read().count() > 0;
    let dated = dates.read().count() > 0;
    let compared = comparing.is_some_and(|c| c.is_changed());
    let picked = *selected != selection.capital;
    *selected = selection.capital;
    *changes = SceneChanges {
        loaded,
        colors: loaded || dated || theme.is_changed() || options.is_changed() || compared,
        theme: loaded || theme.is_changed(),
        marks: loaded || picked || options.is_changed(),
        view: loaded,
    };
}

/// Notes a change of view or mark size (the camera runs after the scene).
fn note_view_changes(mut changes: ResMut<SceneChanges>, view: Res<WindowView>, marks: Res<Marks>) {
    if view.is_changed() || marks.is_changed() {
        changes.view = true;
        changes.marks = true;
    }
}

/// The colours of the current date, theme and options.
fn recolor(
    mut changes: ResMut<SceneChanges>,
    current: Option<Res<CurrentScenario>>,
    playback: Res<Playback>,
    options: Res<AppOptions>,
    theme: Res<AppTheme>,
    comparing: Option<Res<State<Comparing>>>,
    mode: Option<Res<State<ViewMode>>>,
    mut shown: ResMut<Shown>,
    mut transition: ResMut<ColorTransition>,
) {
    if !changes.colors {
        return;
    }
    let Some(current) = current else { return };
    let bundle = &current.bundle;
    let mut looks = capital_looks(bundle, playback.date, **theme);
    if let Some(since) = comparing.as_ref().and_then(|c| c.get().since()) {
        mark_changes(&mut looks, bundle, since, playback.date);
    }
    let target = Shown {
        fills: province_fills(bundle, &looks, **options, **theme),
        patterns: province_patterns(bundle, &looks, **options),
        looks,
    };
    changes.marks = true;
    let presenting = mode.is_some_and(|m| *m.get() == ViewMode::Present);
    if presenting
        && !changes.theme
        && shown.fills.len() == target.fills.len()
        && shown.looks.len() == target.looks.len()
        && *shown != target
    {
        transition.from = shown.clone();
        transition.to = target;
        transition.elapsed = 0.0;
        transition.running = true;
        return;
    }
    transition.running = false;
    if *shown != target {
        *shown = target;
    }
}

/// Blends the colours while a transition runs (the window keeps drawing until it ends).
fn advance_transition(
    time: Res<Time>,
    mut transition: ResMut<ColorTransition>,
    mut shown: ResMut<Shown>,
    mut changes: ResMut<SceneChanges>,
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
    changes.marks = true;
    if t >= 1.0 {
        transition.running = false;
    }
}

/// The window's background follows the theme.
fn apply_theme(
    changes: Res<SceneChanges>,
    theme: Res<AppTheme>,
    clear: Option<ResMut<ClearColor>>,
) {
    if changes.theme
        && let Some(mut clear) = clear
    {
        clear.0 = super::common::color(theme.palette().background);
    }
}
