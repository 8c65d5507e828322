//! Loading scenarios into the app: the scenario given at start, files dropped on the window, and
//! hot reload. Watched files (the scenario, its events files, its boundaries) are polled for
//! changes twice a second; a broken edit leaves the last good scenario on screen and shows its
//! error in a banner until the file is fixed.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use bevy::prelude::*;

use super::AppSystems;
use super::messages::{LoadScenario, ScenarioLoaded, SelectCapital};
use super::playback::Playback;
use super::selection::Selection;
use crate::bundle::{ScenarioBundle, load_bundle};

/// The scenario on screen.
#[derive(Resource, Clone)]
pub struct CurrentScenario {
    /// The loaded, validated scenario.
    pub bundle: Arc<ScenarioBundle>,
    /// The scenario file it came from.
    pub path: PathBuf,
    /// Modification times of every file it was built from, to notice edits.
    pub stamps: Vec<(PathBuf, Option<SystemTime>)>,
}

impl CurrentScenario {
    /// Wraps a bundle loaded from `path`, recording its files' modification times.
    pub fn new(bundle: ScenarioBundle, path: PathBuf) -> Self {
        let stamps = stamps_of(&bundle.files());
        Self {
            bundle: Arc::new(bundle),
            path,
            stamps,
        }
    }
}

/// The error of the last failed load, shown as a banner; None when all is well.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The diagnostics, one per line.
    pub message: Option<String>,
    /// Stamps of the files when the failure was seen, so the same failure is not retried.
    pub failed_stamps: Vec<(PathBuf, Option<SystemTime>)>,
}

fn stamps_of(files: &[PathBuf]) -> Vec<(PathBuf, Option<SystemTime>)> {
    files
        .iter()
        .map(|f| {
            (
                f.clone(),
                std::fs::metadata(f).and_then(|m| m.modified()).ok(),
            )
        })
        .collect()
}

/// The date to open the first scenario on (from `--date`), used once.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct InitialDate(pub Option<jiff::civil::Date>);

/// Timer between polls for edits.
#[derive(Resource)]
struct ReloadPoll(Timer);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LoadError>()
        .init_resource::<InitialDate>()
        .insert_resource(ReloadPoll(Timer::from_seconds(0.5, TimerMode::Repeating)))
        .add_systems(
            Update,
            (poll_for_edits, load_requested_scenarios)
                .chain()
                .in_set(AppSystems::Loading),
        );
}

/// Files dropped on the window (needs a window).
pub fn drop_plugin(app: &mut App) {
    app.add_systems(
        Update,
        detect_dropped_files
            .before(poll_for_edits)
            .in_set(AppSystems::Loading),
    );
}

fn detect_dropped_files(
    mut drops: MessageReader<FileDragAndDrop>,
    mut load: MessageWriter<LoadScenario>,
) {
    for drop in drops.read() {
        if let FileDragAndDrop::DroppedFile { path_buf, .. } = drop {
            load.write(LoadScenario(path_buf.clone()));
        }
    }
}

fn poll_for_edits(
    time: Res<Time>,
    mut poll: ResMut<ReloadPoll>,
    current: Option<Res<CurrentScenario>>,
    error: Res<LoadError>,
    mut load: MessageWriter<LoadScenario>,
) {
    if !poll.0.tick(time.delta()).just_finished() {
        return;
    }
    let Some(current) = current else { return };
    let files: Vec<PathBuf> = current.stamps.iter().map(|(p, _)| p.clone()).collect();
    let now = stamps_of(&files);
    if now != current.stamps && now != error.failed_stamps {
        load.write(LoadScenario(current.path.clone()));
    }
}

/// Loads a scenario; on success replaces the current one (keeping date, selection and view when
/// it is the same file), on failure keeps it and raises the banner.
#[allow(clippy::too_many_arguments)]
fn load_requested_scenarios(
    mut commands: Commands,
    mut requests: MessageReader<LoadScenario>,
    current: Option<Res<CurrentScenario>>,
    mut error: ResMut<LoadError>,
    mut playback: ResMut<Playback>,
    selection: Res<Selection>,
    mut initial: ResMut<InitialDate>,
    mut loaded: MessageWriter<ScenarioLoaded>,
    mut select: MessageWriter<SelectCapital>,
) {
    let Some(LoadScenario(path)) = requests.read().last().cloned() else {
        return;
    };
    let reload = current.as_ref().is_some_and(|c| same_file(&c.path, &path));
    match load_bundle(&path) {
        Ok(bundle) => {
            let s = bundle.scenario();
            let selected_id = current
                .as_ref()
                .zip(selection.capital)
                .map(|(c, i)| c.bundle.scenario().capitals[i].id.clone());
            let keep_date = match (reload, current.is_none()) {
                (true, _) => playback.date,
                (false, true) => initial.0.take().unwrap_or(s.start),
                (false, false) => s.start,
            };
            let playing = reload && playback.playing;
            let speed = playback.days_per_second;
            *playback = Playback::new(s.start, s.end, keep_date);
            playback.playing = playing;
            playback.days_per_second = speed;
            let new_selection = selected_id
                .filter(|_| reload)
                .and_then(|id| s.capital_index(&id));
            info!("loaded {}", path.display());
            commands.insert_resource(CurrentScenario::new(bundle, path));
            *error = LoadError::default();
            select.write(SelectCapital {
                capital: new_selection,
                center: false,
            });
            loaded.write(ScenarioLoaded { reload });
        }
        Err(diags) => {
            let files: Vec<PathBuf> = match &current {
                Some(c) if reload => c.stamps.iter().map(|(p, _)| p.clone()).collect(),
                _ => vec![path.clone()],
            };
            let text = diags.render(Some(50), "`frontline check --all`");
            warn!("{} failed to load:\n{text}", path.display());
            error.message = Some(text);
            error.failed_stamps = stamps_of(&files);
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
