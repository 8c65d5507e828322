//! The window's shared state, in one place: the scenario on screen, the date and playback, the
//! view, the look (theme, options, mark size), the selection, the toast, the app's modes as Bevy
//! [`States`] (presentation, comparison, text entry), and the frame's stages ([`AppSystems`]).
//! Feature modules read and write these; none of them owns state another one needs, so the
//! files of `app` import this one and [`super::messages`], and never each other.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use jiff::ToSpan;
use jiff::civil::Date;

use crate::boundaries::MapXy;
use crate::bundle::ScenarioBundle;
use crate::scene::{MapGeometry, MapView, SceneInput, Theme, ViewOptions};

/// The ordered stages of a frame:
/// 1. `Input`: keys become request messages;
/// 2. `Loading`: dropped and edited files are (re)loaded, possibly replacing the scenario;
/// 3. `Playback`: date requests and play time move the date (and say so with `DateChanged`);
/// 4. `Selection`: selection requests and the pointer pick capitals;
/// 5. `Scene`: what changed this frame is noted and the colours of the date are computed;
/// 6. `Camera`: the view follows the panels, is fitted, panned and zoomed, and the Bevy camera
///    is pointed at it;
/// 7. `Draw`: the scene's marks for the final view become sprites and meshes.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppSystems {
    /// Keyboard shortcuts.
    Input,
    /// Loading and hot reload.
    Loading,
    /// The current date.
    Playback,
    /// Selection and picking.
    Selection,
    /// Noting changes and recolouring.
    Scene,
    /// The view.
    Camera,
    /// Meshes, markers, labels for the final view.
    Draw,
}

/// A step inside [`AppSystems::Camera`] that other features order against.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CameraSteps {
    /// The view is clamped to the map (after every move).
    Clamp,
}

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

/// The modification times of files (None for a file that cannot be read).
pub fn stamps_of(files: &[PathBuf]) -> Vec<(PathBuf, Option<SystemTime>)> {
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

/// The error of the last failed load, shown as a banner; None when all is well.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The diagnostics, one per line.
    pub message: Option<String>,
    /// Stamps of the files when the failure was seen, so the same failure is not retried.
    pub failed_stamps: Vec<(PathBuf, Option<SystemTime>)>,
}

/// What a load thread hands back.
pub type Loaded = Result<(ScenarioBundle, MapGeometry), crate::model::Diagnostics>;

/// A load running on another thread.
#[derive(Resource)]
pub struct PendingLoad {
    /// The scenario file being loaded.
    pub path: PathBuf,
    /// How far it is.
    pub progress: Arc<crate::progress::Progress>,
    /// Filled by the thread when it is done.
    pub result: Arc<std::sync::Mutex<Option<Loaded>>>,
    /// A load requested meanwhile, started when this one ends.
    pub queued: Option<PathBuf>,
}

impl PendingLoad {
    /// The result, once the thread is done.
    pub fn take(&self) -> Option<Loaded> {
        self.result.lock().ok()?.take()
    }
}

/// The colour theme in use.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default, Deref, DerefMut)]
pub struct AppTheme(pub Theme);

/// Province fills and labels on or off.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default, Deref, DerefMut)]
pub struct AppOptions(pub ViewOptions);

/// The size of markers, labels and lines relative to the scene's pixel sizes: the window's
/// scale factor, so they keep their size on high-density screens.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Deref)]
pub struct Marks(pub f32);

impl Default for Marks {
    fn default() -> Self {
        Self(1.0)
    }
}

/// The view of the map area, in physical pixels.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct WindowView(pub MapView);

impl Default for WindowView {
    fn default() -> Self {
        Self(MapView {
            center_map_xy: MapXy { x: 0.0, y: 0.0 },
            km_per_px: 1.0,
            size_px: [1, 1],
        })
    }
}

/// Where the map area lies in the window, physical pixels: top left corner.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Default)]
pub struct MapAreaOrigin(pub UVec2);

/// The pointer's position in the map area, physical pixels.
pub fn cursor_in_map_area(window: &Window, origin: UVec2) -> Option<[f32; 2]> {
    let p = window.physical_cursor_position()?;
    Some([p.x - origin.x as f32, p.y - origin.y as f32])
}

/// The scale at which the whole map fits the view; zoom limits are relative to it.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct FitScale(pub f64);

impl Default for FitScale {
    fn default() -> Self {
        Self(1.0)
    }
}

/// True while the view follows the window: it is refitted whenever the window or the panels
/// change size, until the user pans or zooms.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoFit(pub bool);

impl Default for AutoFit {
    fn default() -> Self {
        Self(true)
    }
}

/// Logical-pixel insets of the UI panels around the map, written by the UI.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct UiInsets {
    /// Left panel width.
    pub left: f32,
    /// Right panel width.
    pub right: f32,
    /// Top panel height.
    pub top: f32,
    /// Bottom panel height.
    pub bottom: f32,
}

/// Slowest and fastest playback, in days per second (up to two months a second, for wars
/// that last years).
pub const SPEED_RANGE: (f32, f32) = (0.5, 60.0);

/// The current date and playback state.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Playback {
    /// The date shown.
    pub date: Date,
    /// First date of the scenario.
    pub start: Date,
    /// Last date of the scenario.
    pub end: Date,
    /// Playing or paused.
    pub playing: bool,
    /// Speed in days per second, within [`SPEED_RANGE`].
    pub days_per_second: f32,
    /// Fraction of a day accumulated since the last step.
    pub carry: f32,
}

impl Playback {
    /// Paused on `date` (clamped into `start..=end`), at a speed that plays the whole range in
    /// about 40 seconds (4 days a second for a few months, weeks a second for years).
    pub fn new(start: Date, end: Date, date: Date) -> Self {
        let span = days_between(start, end).max(1) as f32;
        Self {
            date: date.clamp(start, end),
            start,
            end,
            playing: false,
            days_per_second: (span / 40.0).clamp(4.0, SPEED_RANGE.1).round(),
            carry: 0.0,
        }
    }

    /// Clamps a date into the scenario's range.
    pub fn clamp(&self, date: Date) -> Date {
        date.clamp(self.start, self.end)
    }

    /// Advances playback by `seconds` of real time; returns the new date if it changed. Stops at
    /// the last date.
    pub fn advance(&mut self, seconds: f32) -> Option<Date> {
        if !self.playing {
            return None;
        }
        self.carry += seconds * self.days_per_second;
        let whole = self.carry.floor();
        if whole < 1.0 {
            return None;
        }
        self.carry -= whole;
        let before = self.date;
        self.date = self.step(whole as i32);
        if self.date == self.end {
            self.playing = false;
        }
        (self.date != before).then_some(self.date)
    }

    /// The date `days` away from the current one, clamped.
    pub fn step(&self, days: i32) -> Date {
        match self.date.checked_add(days.days()) {
            Ok(d) => self.clamp(d),
            Err(_) if days < 0 => self.start,
            Err(_) => self.end,
        }
    }

    /// Starts or stops; starting at the last date rewinds to the first.
    pub fn toggle(&mut self) {
        self.playing = !self.playing;
        self.carry = 0.0;
        if self.playing && self.date == self.end {
            self.date = self.start;
        }
    }

    /// Sets the speed, clamped to [`SPEED_RANGE`].
    pub fn set_speed(&mut self, days_per_second: f32) {
        self.days_per_second = days_per_second.clamp(SPEED_RANGE.0, SPEED_RANGE.1);
    }

    /// Number of days in the scenario's range minus one (the slider's maximum).
    pub fn span_days(&self) -> i32 {
        days_between(self.start, self.end)
    }
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i32 {
    a.until((jiff::Unit::Day, b))
        .map(|span| span.get_days())
        .unwrap_or(0)
}

/// The date `days` after `start` (saturating at jiff's limits).
pub fn date_after(start: Date, days: i32) -> Date {
    start.checked_add(days.days()).unwrap_or(start)
}

/// The selected and hovered capitals.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// Selected (inspector open).
    pub capital: Option<usize>,
    /// Under the pointer (tooltip).
    pub hovered: Option<usize>,
}

/// The "New scenario for a country…" picker: open or not, what is typed, and the countries
/// (read from the embedded data the first time it opens).
#[derive(Resource, Debug, Default, Clone)]
pub struct CountryPicker {
    /// Shown.
    pub open: bool,
    /// The search text.
    pub filter: String,
    /// The countries, once read; or why they could not be.
    pub countries: Option<Result<Vec<crate::world::countries::Country>, String>>,
}

/// A short message shown over the map for a few seconds.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct Toast {
    /// The text; None when nothing is shown.
    pub text: Option<String>,
    /// Seconds left.
    pub seconds_left: f32,
}

impl Toast {
    /// Shows `text` for four seconds.
    pub fn show(&mut self, text: impl Into<String>) {
        self.text = Some(text.into());
        self.seconds_left = 4.0;
    }
}

/// The marks the map shows for the current view, as the scene placed them at the last draw
/// (markers after thinning, labels, scale bar; view pixels): what picking, the tooltip and
/// the tests read.
#[derive(Resource, Debug, Default, Clone)]
pub struct PlacedMarks(pub Option<crate::scene::frame::MapMarks>);

/// The settings as they stand, and whether they need saving.
#[derive(Resource, Debug, Clone, Default)]
pub struct AppSettings {
    /// The settings.
    pub settings: crate::settings::Settings,
    /// A warning from reading them, shown once.
    pub warning: Option<String>,
    /// Changed since last saved.
    pub dirty: bool,
    /// Never save (automated picture runs, tests).
    pub read_only: bool,
}

/// Where the panels put their parts, logical pixels `[x, y, width, height]`: written by the UI
/// each frame, saved beside `--window-capture` so tests can check that nothing is cut off.
#[derive(Resource, Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UiLayout {
    /// The whole window.
    pub window: [f32; 4],
    /// The map area between the panels.
    pub map_area: [f32; 4],
    /// The side panel.
    pub side_panel: [f32; 4],
    /// The time panel under the map.
    pub time_panel: [f32; 4],
    /// The big date.
    pub date: [f32; 4],
    /// The key moment's caption, when there is one.
    pub caption: Option<[f32; 4]>,
    /// The date slider.
    pub slider: [f32; 4],
    /// The chart, its axis labels included.
    pub chart: [f32; 4],
}

/// Whether the shortcut overlay is open.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct HelpOpen(pub bool);

/// How the window shows the map: browsing with the usual panels, or presenting (full screen,
/// large plates, key moments on the arrows, animated recolouring).
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ViewMode {
    /// The usual panels.
    #[default]
    Browse,
    /// Presentation mode (F5 or P).
    Present,
}

/// Comparing the shown date with another: the capitals that changed hands in between are
/// ringed and listed.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Comparing {
    /// One date.
    #[default]
    Off,
    /// Compared with this date.
    Since(Date),
}

impl Comparing {
    /// The date compared with, if any.
    pub fn since(self) -> Option<Date> {
        match self {
            Comparing::Off => None,
            Comparing::Since(d) => Some(d),
        }
    }
}

/// Whether a text field (search, date) has the keyboard: shortcuts are off while it does.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TextEntry {
    /// Keys are shortcuts.
    #[default]
    Off,
    /// Keys go to a text field.
    On,
}

/// A run condition: no text field has the keyboard.
pub fn not_typing(state: Option<Res<State<TextEntry>>>) -> bool {
    state.is_none_or(|s| *s.get() == TextEntry::Off)
}

/// What changed this frame, noted once (in [`AppSystems::Scene`]) from the messages and the
/// resources' change ticks, so that every drawing system does only the work its change needs.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SceneChanges {
    /// A scenario was loaded: everything is rebuilt.
    pub loaded: bool,
    /// Colours must be recomputed (date, data, theme, options, comparison).
    pub colors: bool,
    /// The theme changed (materials, background, panels).
    pub theme: bool,
    /// Markers and labels must be placed again (colours, view, selection, options).
    pub marks: bool,
    /// The view changed (lines, level of detail, patterns' scale).
    pub view: bool,
}

impl SceneChanges {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Everything a picture of the window's current state depends on: what the F12 briefing
/// image, `--screenshot` and the drawing systems read.
#[derive(SystemParam)]
pub struct SceneState<'w> {
    /// The scenario, if loaded.
    pub current: Option<Res<'w, CurrentScenario>>,
    /// The date.
    pub playback: Res<'w, Playback>,
    /// The theme.
    pub theme: Res<'w, AppTheme>,
    /// Fills and labels.
    pub options: Res<'w, AppOptions>,
    /// Mark size.
    pub marks: Res<'w, Marks>,
    /// The view.
    pub view: Res<'w, WindowView>,
    /// The selection.
    pub selection: Res<'w, Selection>,
    /// The date compared with.
    pub comparing: Option<Res<'w, State<Comparing>>>,
}

impl SceneState<'_> {
    /// The date compared with, if comparing.
    pub fn compare_from(&self) -> Option<Date> {
        self.comparing.as_ref().and_then(|c| c.get().since())
    }

    /// The scene input of the current state (None before a scenario is loaded); `selected`
    /// says whether the selected capital is drawn as selected (not on briefing images).
    pub fn input(&self, selected: bool) -> Option<SceneInput<'_>> {
        let current = self.current.as_ref()?;
        Some(SceneInput {
            bundle: &current.bundle,
            geometry: &current.geometry,
            date: self.playback.date,
            theme: self.theme.0,
            options: self.options.0,
            marks: self.marks.0,
            selected: if selected {
                self.selection
                    .capital
                    .filter(|&c| c < current.bundle.scenario().capitals.len())
            } else {
                None
            },
            compare_from: self.compare_from(),
        })
    }
}

/// Wakes the window from another thread (a load's progress, an edited file, a timer) when it
/// rests: the app renders only when something changes. Clones share one slot, which the
/// window fills with its event loop's proxy at start; without a window, waking does nothing.
#[derive(Resource, Clone, Default)]
pub struct Waker(Arc<std::sync::Mutex<Option<Box<dyn Fn() + Send>>>>);

impl Waker {
    /// Sets what waking does.
    pub fn set(&self, wake: impl Fn() + Send + 'static) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(Box::new(wake));
        }
    }

    /// Wakes the window (if it rests), so that it runs one more frame.
    pub fn wake(&self) {
        if let Ok(slot) = self.0.lock()
            && let Some(wake) = slot.as_ref()
        {
            wake();
        }
    }
}

/// Registers the shared resources and states.
pub fn plugin(app: &mut App) {
    // States need their plugin (part of DefaultPlugins, not of the headless tests' minimal set).
    if !app.is_plugin_added::<bevy::state::app::StatesPlugin>() {
        app.add_plugins(bevy::state::app::StatesPlugin);
    }
    app.init_resource::<LoadError>()
        .init_resource::<AppTheme>()
        .init_resource::<AppOptions>()
        .init_resource::<Marks>()
        .init_resource::<WindowView>()
        .init_resource::<MapAreaOrigin>()
        .init_resource::<FitScale>()
        .init_resource::<AutoFit>()
        .init_resource::<UiInsets>()
        .init_resource::<Selection>()
        .init_resource::<Toast>()
        .init_resource::<CountryPicker>()
        .init_resource::<HelpOpen>()
        .init_resource::<SceneChanges>()
        .init_resource::<Waker>()
        .init_resource::<PlacedMarks>()
        .init_resource::<UiLayout>()
        .init_state::<ViewMode>()
        .init_state::<Comparing>()
        .init_state::<TextEntry>()
        .configure_sets(
            Update,
            (
                AppSystems::Input,
                AppSystems::Loading,
                AppSystems::Playback,
                AppSystems::Selection,
                AppSystems::Scene,
                AppSystems::Camera,
                AppSystems::Draw,
            )
                .chain(),
        );
    if !app.world().contains_resource::<Playback>() {
        let today = jiff::civil::date(2000, 1, 1);
        app.insert_resource(Playback::new(today, today, today));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn pb() -> Playback {
        let mut p = Playback::new(date(2021, 8, 1), date(2021, 8, 31), date(2021, 8, 1));
        p.set_speed(4.0);
        p
    }

    #[test]
    fn advance_moves_by_speed_and_stops_at_end() {
        let mut p = pb();
        assert_eq!(p.advance(1.0), None, "paused");
        p.toggle();
        p.set_speed(2.0);
        assert_eq!(p.advance(0.25), None, "half a day");
        assert_eq!(p.advance(0.25), Some(date(2021, 8, 2)));
        assert_eq!(p.advance(1.0), Some(date(2021, 8, 4)));
        p.set_speed(100.0);
        assert_eq!(p.days_per_second, SPEED_RANGE.1, "clamped");
        assert_eq!(p.advance(10.0), Some(date(2021, 8, 31)));
        assert!(!p.playing, "stops at the end");
        p.toggle();
        assert_eq!(p.date, date(2021, 8, 1), "play at the end rewinds");
    }

    #[test]
    fn steps_clamp_to_range() {
        let p = pb();
        assert_eq!(p.step(-3), date(2021, 8, 1));
        assert_eq!(p.step(40), date(2021, 8, 31));
        assert_eq!(p.span_days(), 30);
    }

    #[test]
    fn long_ranges_start_at_weeks_a_second() {
        let short = Playback::new(date(2021, 5, 1), date(2021, 9, 30), date(2021, 5, 1));
        assert_eq!(short.days_per_second, 4.0);
        let long = Playback::new(date(2023, 4, 15), date(2025, 10, 31), date(2023, 4, 15));
        assert!(long.days_per_second >= 7.0, "{}", long.days_per_second);
    }
}
