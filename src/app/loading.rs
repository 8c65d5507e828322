//! Loading scenarios into the app: the scenario given at start, files dropped on the window, and
//! hot reload. Watched files (the scenario, its events files, its boundaries) are polled for
//! changes twice a second by a thread of their own ([`FileWatch`]), which wakes the resting
//! window only when one changed; a broken edit leaves the last good scenario on screen and
//! shows its error in a banner until the file is fixed.
//!
//! Loads run on their own thread (reading, checking, and computing the map geometry), so the
//! window stays responsive; the new scenario swaps in when it is ready, and a load that takes
//! longer than half a second shows its progress (the load wakes the window ten times a second
//! to draw it).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bevy::prelude::*;

use super::messages::{LoadScenario, ScenarioLoaded, SelectCapital};
use super::state::{
    AppSystems, CurrentScenario, LoadError, PendingLoad, Playback, Selection, Waker, stamps_of,
};
use crate::bundle::load_bundle_with;
use crate::model::Diagnostics;
use crate::progress::Progress;
use crate::scene::MapGeometry;

/// Starts loading `path` on a new thread, which wakes the window with `waker` while it
/// runs (so its progress shows) and when it is done.
pub fn start_load(path: PathBuf, waker: Waker) -> PendingLoad {
    start_load_from(path, None, waker)
}

/// [`start_load`], from the scenario's files when they were already read.
pub fn start_load_from(
    path: PathBuf,
    read: Option<crate::model::load::ScenarioSources>,
    waker: Waker,
) -> PendingLoad {
    let progress = Arc::new(Progress::new());
    let result = Arc::new(Mutex::new(None));
    let (p, r, file) = (progress.clone(), result.clone(), path.clone());
    let spawned = std::thread::Builder::new()
        .name("frontline-load".into())
        .spawn(move || {
            let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let ticker = {
                let (done, waker) = (done.clone(), waker.clone());
                std::thread::Builder::new()
                    .name("frontline-load-progress".into())
                    .spawn(move || {
                        while !done.load(std::sync::atomic::Ordering::Relaxed) {
                            std::thread::sleep(Duration::from_millis(100));
                            waker.wake();
                        }
                    })
            };
            let loaded = match read {
                Some(sources) => crate::bundle::bundle_from_sources(sources, &p, 0.7),
                None => load_bundle_with(&file, &p, 0.7),
            };
            let loaded = loaded.map(|bundle| {
                let geometry = MapGeometry::of_with(&bundle, &p, 0.7);
                (bundle, geometry)
            });
            p.set(1.0);
            if let Ok(mut slot) = r.lock() {
                *slot = Some(loaded);
            }
            done.store(true, std::sync::atomic::Ordering::Relaxed);
            if let Ok(t) = ticker {
                let _ = t.join();
            }
            waker.wake();
        });
    if let Err(e) = spawned
        && let Ok(mut slot) = result.lock()
    {
        *slot = Some(Err(Diagnostics(vec![crate::model::Diagnostic::error(
            &path,
            format!("cannot start loading: {e}"),
        )])));
    }
    PendingLoad {
        path,
        progress,
        result,
        queued: None,
    }
}

/// Timer between polls for edits.
#[derive(Resource)]
struct ReloadPoll(Timer);

/// A thread that polls the current scenario's files twice a second and wakes the window when
/// one of them changed (the frame that follows reloads it). The thread stops with the app.
#[derive(Resource, Clone, Default)]
pub struct FileWatch {
    /// The files to watch and their stamps when loaded.
    files: Arc<Mutex<Vec<(PathBuf, Option<SystemTime>)>>>,
}

impl FileWatch {
    /// Starts the watching thread.
    fn start(waker: Waker) -> Self {
        let watch = Self::default();
        let files = Arc::downgrade(&watch.files);
        let _ = std::thread::Builder::new()
            .name("frontline-watch".into())
            .spawn(move || {
                let mut seen: Vec<(PathBuf, Option<SystemTime>)> = Vec::new();
                loop {
                    std::thread::sleep(Duration::from_millis(500));
                    // The app is gone: stop.
                    let Some(files) = files.upgrade() else { return };
                    let Some(list) = files.lock().ok().map(|f| f.clone()) else {
                        return;
                    };
                    let now = stamps_of(&list.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>());
                    if now != list && now != seen {
                        waker.wake();
                    }
                    seen = now;
                }
            });
        watch
    }

    /// Watches these files from now on.
    fn watch(&self, stamps: &[(PathBuf, Option<SystemTime>)]) {
        if let Ok(mut files) = self.files.lock() {
            *files = stamps.to_vec();
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    let waker = app.world_mut().get_resource_or_init::<Waker>().clone();
    app.insert_resource(FileWatch::start(waker))
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
    waker: Res<Waker>,
) {
    let Some(LoadScenario(path)) = requests.read().last().cloned() else {
        return;
    };
    match pending {
        Some(mut p) => p.queued = Some(path),
        None => commands.insert_resource(start_load(path, waker.clone())),
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
    waker: Res<Waker>,
    watch: Res<FileWatch>,
    mut loaded: MessageWriter<ScenarioLoaded>,
    mut select: MessageWriter<SelectCapital>,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(pending) = pending else { return };
    let Some(result) = pending.take() else { return };
    match &pending.queued {
        Some(next) => commands.insert_resource(start_load(next.clone(), waker.clone())),
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
            // The first scenario opens on the date the app was started with (`--date`, kept in
            // `Playback` until then); a reload keeps the date; another scenario opens on its
            // first day.
            let keep_date = match (reload, current.is_none()) {
                (true, _) => playback.date,
                (false, true) => playback.date,
                (false, false) => s.start,
            };
            let playing = reload && playback.playing;
            let speed = playback.days_per_second;
            *playback = Playback::new(s.start, s.end, keep_date);
            playback.playing = playing;
            if reload || current.is_none() {
                // A reload keeps the speed; the first load keeps the one set at start.
                playback.days_per_second = speed;
            }
            let new_selection = selected_id
                .filter(|_| reload)
                .and_then(|id| s.capital_index(&id));
            info!(
                "loaded {} in {:.2} s",
                path.display(),
                pending.progress.elapsed().as_secs_f64()
            );
            let current = CurrentScenario::new(bundle, geometry, path);
            watch.watch(&current.stamps);
            commands.insert_resource(current);
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
            watch.watch(&error.failed_stamps);
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
