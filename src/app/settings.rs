//! Settings in the window: read at start (theme, labels, colour mode, window size), and saved
//! when they change, when a scenario is opened (last scenario, recent files) and when the
//! window is resized. A broken settings file shows its one-line warning as a toast. Runs that
//! only take a picture (`--screenshot`, `--window-capture`) save nothing.

use std::time::Duration;

use bevy::prelude::*;
use bevy::window::{PrimaryWindow, WindowResized};

use super::messages::ScenarioLoaded;
use super::state::{AppOptions, AppSettings, AppSystems, AppTheme, CurrentScenario, Toast};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, apply_settings)
        .add_systems(
            Update,
            (remember_opened, remember_view, save_settings)
                .chain()
                .after(AppSystems::Draw),
        )
        .add_systems(Last, save_on_exit);
}

/// Applies the stored look and raises the reading warning, if any.
fn apply_settings(
    mut settings: ResMut<AppSettings>,
    mut theme: ResMut<AppTheme>,
    mut options: ResMut<AppOptions>,
    toast: Option<ResMut<Toast>>,
) {
    let s = &settings.settings;
    theme.0 = s.theme;
    options.0.labels = s.labels;
    options.0.fill_provinces = s.fill_provinces;
    if let Some(warning) = settings.warning.take() {
        warn!("{warning}");
        if let Some(mut toast) = toast {
            toast.show(warning);
        }
    }
}

/// Records an opened scenario as the last one and first of the recent files.
fn remember_opened(
    mut loaded: MessageReader<ScenarioLoaded>,
    current: Option<Res<CurrentScenario>>,
    mut settings: ResMut<AppSettings>,
    mut window: Option<Single<&mut Window, With<PrimaryWindow>>>,
) {
    if !loaded.read().any(|l| !l.reload) {
        return;
    }
    let Some(current) = current else { return };
    if let Some(window) = window.as_mut() {
        window.title = format!("{} — frontline", current.bundle.scenario().title);
    }
    let path = std::fs::canonicalize(&current.path).unwrap_or_else(|_| current.path.clone());
    settings.settings.opened(&path.to_string_lossy());
    settings.dirty = true;
}

/// Records the look and the window size when they change.
fn remember_view(
    theme: Res<AppTheme>,
    options: Res<AppOptions>,
    mut resized: MessageReader<WindowResized>,
    window: Option<Single<&Window, With<PrimaryWindow>>>,
    mut settings: ResMut<AppSettings>,
) {
    let s = &mut settings.settings;
    let look = (theme.0, options.0.labels, options.0.fill_provinces);
    let mut changed = look != (s.theme, s.labels, s.fill_provinces);
    (s.theme, s.labels, s.fill_provinces) = look;
    if resized.read().last().is_some()
        && let Some(window) = window
        && !matches!(
            window.mode,
            bevy::window::WindowMode::BorderlessFullscreen(_)
        )
    {
        let size = (
            window.width().round() as u32,
            window.height().round() as u32,
        );
        changed |= s.window_size != Some(size);
        s.window_size = Some(size);
    }
    if changed {
        settings.dirty = true;
    }
}

/// Saves changed settings, at most once a second.
fn save_settings(
    time: Res<Time<Real>>,
    mut settings: ResMut<AppSettings>,
    mut last: Local<Duration>,
) {
    if !settings.dirty || settings.read_only || time.elapsed() < *last + Duration::from_secs(1) {
        return;
    }
    *last = time.elapsed();
    settings.dirty = false;
    if let Err(e) = crate::settings::save(&settings.settings) {
        warn!("settings not saved: {e}");
    }
}

/// Saves changed settings when the app exits.
fn save_on_exit(mut exits: MessageReader<AppExit>, mut settings: ResMut<AppSettings>) {
    if exits.read().last().is_none() || !settings.dirty || settings.read_only {
        return;
    }
    settings.dirty = false;
    if let Err(e) = crate::settings::save(&settings.settings) {
        warn!("settings not saved: {e}");
    }
}
