//! Loading scenarios into the app: the scenario given at start, files dropped on the window, and
//! hot reload. Watched files (the scenario, its events files, its boundaries) are polled for
//! changes twice a second; a broken edit leaves the last good scenario on screen and shows its
//! error in a banner until the file is fixed.
//!
//! Loads run on their own thread (reading, checking, and computing the map geometry), so the
//! window stays responsive; the new scenario swaps in when it is ready, and a load that takes
//! longer than half a second shows its progress.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use bevy::prelude::*;

use super::AppSystems;
use super::messages::{LoadScenario, ScenarioLoaded, SelectCapital};
use super::playback::Playback;
use super::selection::Selection;
use crate::bundle::{ScenarioBundle, load_bundle_with};
use crate::model::Diagnostics;
use crate::progress::Progress;
use crate::scene::MapGeometry;

/// The scenario on screen.
#[derive(Resource, Clone)]
pub struct CurrentScenario {
    /// The loaded, validated scenario.
    pub bundle: Arc<ScenarioBundle>,
    /// Its geometry on the map plane, at every level of detail.
    pub geometry: Arc<MapGeometry>,
    /// The scenario file it came from.
    pub path: PathBuf,
    /// Modification times of every file it was built from, to notice edits.
    pub stamps: Vec<(PathBuf, Option<SystemTime>)>,
}

impl CurrentScenario {
    /// Wraps a bundle loaded from `path` and its geometry, recording its files' modification
    /// times.
    pub fn new(bundle: ScenarioBundle, geometry: MapGeometry, path: PathBuf) -> Self {
        let stamps = stamps_of(&bundle.files());
        Self {
            bundle: Arc::new(bundle),
            geometry: Arc::new(geometry),
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

/// What a load thread hands back.
type Loaded = Result<(ScenarioBundle, MapGeometry), Diagnostics>;

/// A load running on another thread.
#[derive(Resource)]
pub struct PendingLoad {
    /// The scenario file being loaded.
    pub path: PathBuf,
    /// How far it is.
    pub progress: Arc<Progress>,
    /// Filled by the thread when it is done.
    result: Arc<Mutex<Option<Loaded>>>,
    /// A load requested meanwhile, started when this one ends.
    queued: Option<PathBuf>,
}

impl PendingLoad {
    /// Starts loading `path` on a new thread.
    pub fn start(path: PathBuf) -> Self {
        let progress = Arc::new(Progress::new());
        let result = Arc::new(Mutex::new(None));
        let (p, r, file) = (progress.clone(), result.clone(), path.clone());
        let spawned = std::thread::Builder::new()
            .name("frontline-load".into())
            .spawn(move || {
                let loaded = load_bundle_with(&file, &p, 0.7).map(|bundle| {
                    let geometry = MapGeometry::of_with(&bundle, &p, 0.7);
                    (bundle, geometry)
                });
                p.set(1.0);
                if let Ok(mut slot) = r.lock() {
                    *slot = Some(loaded);
                }
            });
        if let Err(e) = spawned
            && let Ok(mut slot) = result.lock()
        {
            *slot = Some(Err(Diagnostics(vec![crate::model::Diagnostic::error(
                &path,
                format!("cannot start loading: {e}"),
            )])));
        }
        Self {
            path,
            progress,
            result,
            queued: None,
        }
    }

    /// The result, once the thread is done.
    fn take(&self) -> Option<Loaded> {
        self.result.lock().ok()?.take()
    }
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
            (poll_for_edits, start_requested_loads, finish_load)
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
    pending: Option<Res<PendingLoad>>,
    mut load: MessageWriter<LoadScenario>,
) {
    if !poll.0.tick(time.delta()).just_finished() || pending.is_some() {
        return;
    }
    let Some(current) = current else { return };
    let files: Vec<PathBuf> = current.stamps.iter().map(|(p, _)| p.clone()).collect();
    let now = stamps_of(&files);
    if now != current.stamps && now != error.failed_stamps {
        load.write(LoadScenario(current.path.clone()));
    }
}

/// Starts loading the last requested scenario (or queues it behind the load running).
fn start_requested_loads(
    mut commands: Commands,
    mut requests: MessageReader<LoadScenario>,
    pending: Option<ResMut<PendingLoad>>,
) {
    let Some(LoadScenario(path)) = requests.read().last().cloned() else {
        return;
    };
    match pending {
        Some(mut p) => p.queued = Some(path),
        None => commands.insert_resource(PendingLoad::start(path)),
    }
}

/// When a load is done: on success replaces the current scenario (keeping date, selection and
/// view when it is the same file), on failure keeps it and raises the banner.
fn finish_load(
    mut commands: Commands,
    pending: Option<Res<PendingLoad>>,
    current: Option<Res<CurrentScenario>>,
    mut error: ResMut<LoadError>,
    mut playback: ResMut<Playback>,
    selection: Res<Selection>,
    mut initial: ResMut<InitialDate>,
    mut loaded: MessageWriter<ScenarioLoaded>,
    mut select: MessageWriter<SelectCapital>,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(pending) = pending else { return };
    let Some(result) = pending.take() else { return };
    match &pending.queued {
        Some(next) => commands.insert_resource(PendingLoad::start(next.clone())),
        None => commands.remove_resource::<PendingLoad>(),
    }
    let path = pending.path.clone();
    let reload = current.as_ref().is_some_and(|c| same_file(&c.path, &path));
    match result {
        Ok((bundle, geometry)) => {
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
            info!(
                "loaded {} in {:.2} s",
                path.display(),
                pending.progress.elapsed().as_secs_f64()
            );
            commands.insert_resource(CurrentScenario::new(bundle, geometry, path));
            *error = LoadError::default();
            select.write(SelectCapital {
                capital: new_selection,
                center: false,
            });
            loaded.write(ScenarioLoaded { reload });
        }
        Err(diags) if current.is_none() => {
            // Nothing to keep on screen: say why on the terminal and close, as a broken file
            // named on the command line does.
            let text = diags.render(Some(50), "`frontline check --all`");
            eprintln!("{text}");
            eprintln!(
                "{}: {} error(s); cannot open the scenario",
                path.display(),
                diags.errors().count()
            );
            exit.write(AppExit::from_code(1));
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
