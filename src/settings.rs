//! The window's settings, kept between runs in the platform's config folder
//! (`~/.config/frontline/settings.ron` on Linux; `FRONTLINE_CONFIG_DIR` overrides it): theme,
//! labels, colour mode, the last scenario, recent files and the window size. A missing file
//! means defaults; a broken one means defaults and a one-line warning, never a crash. Saved
//! atomically, so a crash while saving never corrupts it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::scene::Theme;

/// How many recent files are remembered.
pub const RECENT_MAX: usize = 8;

/// Everything remembered between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Light or dark.
    pub theme: Theme,
    /// Capital names on the map.
    pub labels: bool,
    /// Provinces filled with their status colour (else only the capitals).
    pub fill_provinces: bool,
    /// The scenario open when the window closed (a path or a shipped name).
    pub last_scenario: Option<String>,
    /// Recently opened scenarios, newest first.
    pub recent: Vec<String>,
    /// The window's size in logical pixels.
    pub window_size: Option<(u32, u32)>,
    /// How the map's edges are smoothed: `Auto` (multisampling on a real GPU, soft edges
    /// without it on a CPU renderer), `Msaa` (always 4× multisampling) or `Smooth` (never).
    pub antialiasing: Antialiasing,
}

/// How the window smooths edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Antialiasing {
    /// 4× multisampling on a GPU, none on a CPU renderer (where it doubles a frame's cost).
    #[default]
    Auto,
    /// Always 4× multisampling.
    Msaa,
    /// Never multisampling: the map's own soft edges only.
    Smooth,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: Theme::Light,
            labels: true,
            fill_provinces: true,
            last_scenario: None,
            recent: Vec::new(),
            window_size: None,
            antialiasing: Antialiasing::Auto,
        }
    }
}

impl Settings {
    /// Puts a scenario first in the recent list (once) and makes it the last one.
    pub fn opened(&mut self, scenario: &str) {
        self.recent.retain(|r| r != scenario);
        self.recent.insert(0, scenario.to_string());
        self.recent.truncate(RECENT_MAX);
        self.last_scenario = Some(scenario.to_string());
    }
}

/// Where the settings file is: `FRONTLINE_CONFIG_DIR/settings.ron`, else the platform's
/// config folder. None when there is no home folder.
pub fn settings_path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("FRONTLINE_CONFIG_DIR") {
        return Some(PathBuf::from(dir).join("settings.ron"));
    }
    directories::ProjectDirs::from("org", "frontline", "frontline")
        .map(|d| d.config_dir().join("settings.ron"))
}

/// Where the window writes the scenarios it makes ("New scenario for a country…"):
/// `FRONTLINE_DATA_DIR/scenarios`, else the platform's data folder. None when there is no home
/// folder.
pub fn scenarios_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("FRONTLINE_DATA_DIR") {
        return Some(PathBuf::from(dir).join("scenarios"));
    }
    directories::ProjectDirs::from("org", "frontline", "frontline")
        .map(|d| d.data_dir().join("scenarios"))
}

/// Reads the settings at `path`: defaults when there is no file; defaults and a one-line
/// warning when it cannot be read or parsed.
pub fn load_from(path: &Path) -> (Settings, Option<String>) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Settings::default(), None),
        Err(e) => {
            return (
                Settings::default(),
                Some(format!(
                    "settings: cannot read {} ({e}); using defaults",
                    path.display()
                )),
            );
        }
    };
    match ron::from_str::<Settings>(&text) {
        Ok(s) => (s, None),
        Err(e) => (
            Settings::default(),
            Some(format!(
                "settings: {} is broken ({}:{}: {}); using defaults, and it will be rewritten",
                path.display(),
                e.span.start.line,
                e.span.start.col,
                e.code
            )),
        ),
    }
}

/// Reads the settings from their usual place.
pub fn load() -> (Settings, Option<String>) {
    match settings_path() {
        Some(path) => load_from(&path),
        None => (Settings::default(), None),
    }
}

/// Writes the settings to `path` (creating its folder).
pub fn save_to(settings: &Settings, path: &Path) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let text = ron::ser::to_string_pretty(settings, ron::ser::PrettyConfig::default())
        .map_err(|e| e.to_string())?;
    crate::fsio::write_atomically(path, text.as_bytes()).map_err(|e| e.to_string())
}

/// Writes the settings to their usual place.
pub fn save(settings: &Settings) -> Result<(), String> {
    match settings_path() {
        Some(path) => save_to(settings, &path),
        None => Err("no config folder (no home folder?); set FRONTLINE_CONFIG_DIR".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_missing_files_mean_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/settings.ron");
        assert_eq!(load_from(&path), (Settings::default(), None));
        let mut s = Settings {
            theme: Theme::Dark,
            labels: false,
            window_size: Some((1280, 720)),
            ..Settings::default()
        };
        s.opened("syria-2024");
        s.opened("/tmp/a.ron");
        s.opened("syria-2024");
        assert_eq!(s.recent, ["syria-2024", "/tmp/a.ron"]);
        save_to(&s, &path).unwrap();
        assert_eq!(load_from(&path), (s, None));
    }

    #[test]
    fn broken_settings_mean_defaults_and_one_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        for bad in ["(theme: Purple)", "\u{0}\u{1}garbage", "(labels: 3"] {
            std::fs::write(&path, bad).unwrap();
            let (s, warning) = load_from(&path);
            assert_eq!(s, Settings::default());
            let warning = warning.expect("a warning");
            assert!(
                warning.contains("settings.ron is broken") && !warning.contains('\n'),
                "{warning}"
            );
        }
        // A field this version does not know (written by a newer one) is ignored.
        std::fs::write(&path, "(theme: Dark, future_field: 1)").unwrap();
        let (s, warning) = load_from(&path);
        assert_eq!((s.theme, warning), (Theme::Dark, None));
        // A folder where the file should be.
        let (s, warning) = load_from(dir.path());
        assert_eq!(s, Settings::default());
        assert!(warning.is_some());
    }
}
