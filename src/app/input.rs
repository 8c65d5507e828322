//! Keyboard shortcuts. One table, [`BINDINGS`], drives both the key handling here and the help
//! overlay (F1) and the README's list: each entry names its keys, what it does, and the action
//! it triggers. Actions become request messages. Nothing here runs while a text field has the
//! keyboard ([`TextEntry::On`]).

use bevy::prelude::*;

use super::messages::{
    FitMap, JumpToEnd, JumpToEvent, OpenDialog, SaveBriefing, SelectCapital, SetDate, StepDays,
    ToggleCompare, TogglePlay, TogglePresentation, ZoomBy,
};
use super::state::{
    AppOptions, AppSystems, AppTheme, CurrentScenario, HelpOpen, Playback, SPEED_RANGE, ViewMode,
    not_typing,
};

/// Which modifier a chord needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mods {
    /// No Shift or Ctrl.
    None,
    /// Shift held.
    Shift,
    /// Ctrl held.
    Ctrl,
    /// Ctrl and Shift held.
    CtrlShift,
}

/// What a binding does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    /// Play or pause.
    TogglePlay,
    /// Move by days.
    Step(i32),
    /// Previous (false) or next (true) event.
    Event(bool),
    /// First (false) or last (true) date.
    End(bool),
    /// Previous (false) or next (true) key moment (presentation mode).
    KeyMoment(bool),
    /// Zoom by a factor around the view's centre.
    Zoom(f32),
    /// Fit the map.
    Fit,
    /// Provinces coloured or only capitals.
    ToggleFills,
    /// Labels on or off.
    ToggleLabels,
    /// Light or dark.
    ToggleTheme,
    /// Compare with this date, or stop.
    ToggleCompare,
    /// Enter or leave presentation mode.
    TogglePresentation,
    /// Save the briefing image.
    SaveImage,
    /// Copy the briefing image.
    CopyImage,
    /// The file dialog.
    Open,
    /// Close the help, leave presentation mode, or clear the selection.
    Escape,
    /// Show or hide the help.
    ToggleHelp,
    /// Pan while held, in this direction (x right, y up); the camera reads these.
    Pan(f32, f32),
    /// Pointer gestures: listed in the help, handled by the camera.
    Pointer,
    /// Multiply the playback speed by this factor (within the speed range).
    Speed(f32),
}

/// In which mode a binding works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    /// Any mode.
    Any,
    /// Browsing (the arrows step days).
    Browse,
    /// Presenting (the arrows step key moments).
    Present,
}

/// One shortcut: its keys, how the help writes them, what it does.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The chords that trigger it.
    pub keys: &'static [(KeyCode, Mods)],
    /// The keys as the help shows them; empty: shown with the entry before.
    pub label: &'static str,
    /// What it does, for the help.
    pub what: &'static str,
    /// The action.
    pub action: Action,
    /// The mode it works in.
    pub only: Only,
}

const fn bind(
    keys: &'static [(KeyCode, Mods)],
    label: &'static str,
    what: &'static str,
    action: Action,
    only: Only,
) -> Binding {
    Binding {
        keys,
        label,
        what,
        action,
        only,
    }
}

use Mods::{Ctrl, CtrlShift, Shift};

/// Every shortcut, in the order the help lists them.
pub const BINDINGS: &[Binding] = &[
    bind(
        &[(KeyCode::Space, Mods::None)],
        "Space",
        "play / pause",
        Action::TogglePlay,
        Only::Any,
    ),
    bind(
        &[(KeyCode::BracketRight, Mods::None)],
        "] / [",
        "play twice as fast / half as fast (up to 60 days a second)",
        Action::Speed(2.0),
        Only::Any,
    ),
    bind(
        &[(KeyCode::BracketLeft, Mods::None)],
        "",
        "",
        Action::Speed(0.5),
        Only::Any,
    ),
    bind(
        &[(KeyCode::ArrowLeft, Mods::None)],
        "Left / Right",
        "one day back / forward",
        Action::Step(-1),
        Only::Browse,
    ),
    bind(
        &[(KeyCode::ArrowRight, Mods::None)],
        "",
        "",
        Action::Step(1),
        Only::Browse,
    ),
    bind(
        &[(KeyCode::ArrowLeft, Shift)],
        "Shift + Left / Right",
        "previous / next event",
        Action::Event(false),
        Only::Browse,
    ),
    bind(
        &[(KeyCode::ArrowRight, Shift)],
        "",
        "",
        Action::Event(true),
        Only::Browse,
    ),
    bind(
        &[(KeyCode::Home, Mods::None)],
        "Home / End",
        "first / last date",
        Action::End(false),
        Only::Any,
    ),
    bind(
        &[(KeyCode::End, Mods::None)],
        "",
        "",
        Action::End(true),
        Only::Any,
    ),
    bind(
        &[
            (KeyCode::Equal, Mods::None),
            (KeyCode::Equal, Shift),
            (KeyCode::NumpadAdd, Mods::None),
        ],
        "+ / -",
        "zoom in / out",
        Action::Zoom(1.25),
        Only::Any,
    ),
    bind(
        &[
            (KeyCode::Minus, Mods::None),
            (KeyCode::NumpadSubtract, Mods::None),
        ],
        "",
        "",
        Action::Zoom(0.8),
        Only::Any,
    ),
    bind(
        &[(KeyCode::KeyW, Mods::None)],
        "W A S D, drag",
        "pan the map",
        Action::Pan(0.0, 1.0),
        Only::Any,
    ),
    bind(
        &[(KeyCode::KeyA, Mods::None)],
        "",
        "",
        Action::Pan(-1.0, 0.0),
        Only::Any,
    ),
    bind(
        &[(KeyCode::KeyS, Mods::None)],
        "",
        "",
        Action::Pan(0.0, -1.0),
        Only::Any,
    ),
    bind(
        &[(KeyCode::KeyD, Mods::None)],
        "",
        "",
        Action::Pan(1.0, 0.0),
        Only::Any,
    ),
    bind(
        &[],
        "mouse wheel",
        "zoom around the cursor",
        Action::Pointer,
        Only::Any,
    ),
    bind(
        &[(KeyCode::KeyF, Mods::None)],
        "F",
        "fit the map to the window",
        Action::Fit,
        Only::Any,
    ),
    bind(
        &[(KeyCode::KeyC, Mods::None)],
        "C",
        "colour provinces / only capitals",
        Action::ToggleFills,
        Only::Any,
    ),
    bind(
        &[(KeyCode::KeyL, Mods::None)],
        "L",
        "show / hide labels",
        Action::ToggleLabels,
        Only::Any,
    ),
    bind(
        &[(KeyCode::KeyT, Mods::None)],
        "T",
        "light / dark theme",
        Action::ToggleTheme,
        Only::Any,
    ),
    bind(
        &[(KeyCode::KeyK, Mods::None)],
        "K",
        "compare with this date / stop comparing",
        Action::ToggleCompare,
        Only::Any,
    ),
    bind(
        &[(KeyCode::F5, Mods::None), (KeyCode::KeyP, Mods::None)],
        "F5 or P",
        "presentation mode",
        Action::TogglePresentation,
        Only::Any,
    ),
    bind(
        &[(KeyCode::ArrowLeft, Mods::None)],
        "Left / Right (presenting)",
        "previous / next key moment",
        Action::KeyMoment(false),
        Only::Present,
    ),
    bind(
        &[(KeyCode::ArrowRight, Mods::None)],
        "",
        "",
        Action::KeyMoment(true),
        Only::Present,
    ),
    bind(
        &[(KeyCode::F12, Mods::None)],
        "F12",
        "save a briefing image into screenshots/",
        Action::SaveImage,
        Only::Any,
    ),
    bind(
        &[(KeyCode::KeyC, CtrlShift)],
        "Ctrl + Shift + C",
        "copy the briefing image",
        Action::CopyImage,
        Only::Any,
    ),
    bind(
        &[(KeyCode::KeyO, Ctrl)],
        "Ctrl + O",
        "open a scenario file",
        Action::Open,
        Only::Any,
    ),
    bind(
        &[(KeyCode::Escape, Mods::None)],
        "Esc",
        "close this help, leave presentation, clear the selection",
        Action::Escape,
        Only::Any,
    ),
    bind(
        &[(KeyCode::F1, Mods::None), (KeyCode::Slash, Shift)],
        "F1 or ?",
        "show / hide this help",
        Action::ToggleHelp,
        Only::Any,
    ),
];

/// The help's rows: keys and what they do (entries with an empty label join the one before).
pub fn help_rows() -> impl Iterator<Item = (&'static str, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| !b.label.is_empty())
        .map(|b| (b.label, b.what))
}

/// True when the modifiers held are exactly `mods`.
fn mods_held(keys: &ButtonInput<KeyCode>, mods: Mods) -> bool {
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    let ctrl = keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]);
    match mods {
        Mods::None => !shift && !ctrl,
        Mods::Shift => shift && !ctrl,
        Mods::Ctrl => ctrl && !shift,
        Mods::CtrlShift => ctrl && shift,
    }
}

/// The actions whose chords were pressed this frame, in `mode`.
pub fn pressed_actions(keys: &ButtonInput<KeyCode>, mode: ViewMode) -> Vec<Action> {
    BINDINGS
        .iter()
        .filter(|b| match b.only {
            Only::Any => true,
            Only::Browse => mode == ViewMode::Browse,
            Only::Present => mode == ViewMode::Present,
        })
        .filter(|b| {
            b.keys
                .iter()
                .any(|&(k, m)| keys.just_pressed(k) && mods_held(keys, m))
        })
        .map(|b| b.action)
        .collect()
}

/// The direction the held pan keys point to (x right, y up; zero when none is held).
pub fn held_pan(keys: &ButtonInput<KeyCode>) -> Vec2 {
    if !mods_held(keys, Mods::None) {
        return Vec2::ZERO;
    }
    BINDINGS
        .iter()
        .filter_map(|b| match b.action {
            Action::Pan(x, y) if b.keys.iter().any(|&(k, _)| keys.pressed(k)) => {
                Some(Vec2::new(x, y))
            }
            _ => None,
        })
        .sum()
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        read_shortcuts.run_if(not_typing).in_set(AppSystems::Input),
    );
}

/// The messages shortcuts write.
type ShortcutWriters<'w> = (
    MessageWriter<'w, TogglePlay>,
    MessageWriter<'w, StepDays>,
    MessageWriter<'w, JumpToEvent>,
    MessageWriter<'w, JumpToEnd>,
    MessageWriter<'w, ZoomBy>,
    MessageWriter<'w, FitMap>,
    MessageWriter<'w, SelectCapital>,
    MessageWriter<'w, ToggleCompare>,
    MessageWriter<'w, TogglePresentation>,
    MessageWriter<'w, SaveBriefing>,
    MessageWriter<'w, OpenDialog>,
    MessageWriter<'w, SetDate>,
);

fn read_shortcuts(
    keys: Res<ButtonInput<KeyCode>>,
    mode: Option<Res<State<ViewMode>>>,
    mut help: ResMut<HelpOpen>,
    mut options: ResMut<AppOptions>,
    mut theme: ResMut<AppTheme>,
    current: Option<Res<CurrentScenario>>,
    mut playback: ResMut<Playback>,
    mut w: ShortcutWriters,
) {
    let mode = mode.map_or(ViewMode::Browse, |m| *m.get());
    let (play, step, event, end, zoom, fit, select, compare, present, save, open, set) = &mut w;
    for action in pressed_actions(&keys, mode) {
        match action {
            Action::TogglePlay => {
                play.write(TogglePlay);
            }
            Action::Speed(factor) => {
                playback.days_per_second =
                    (playback.days_per_second * factor).clamp(SPEED_RANGE.0, SPEED_RANGE.1);
            }
            Action::Step(n) => {
                step.write(StepDays(n));
            }
            Action::Event(forward) => {
                event.write(JumpToEvent { forward });
            }
            Action::End(last) => {
                end.write(JumpToEnd { last });
            }
            Action::KeyMoment(forward) => {
                let moments: Vec<_> = current
                    .iter()
                    .flat_map(|c| c.bundle.scenario().key_moments.iter().map(|k| k.date))
                    .collect();
                if let Some(d) = key_moment_from(&moments, playback.date, forward) {
                    set.write(SetDate(d));
                }
            }
            Action::Zoom(f) => {
                zoom.write(ZoomBy(f));
            }
            Action::Fit => {
                fit.write(FitMap);
            }
            Action::ToggleFills => options.fill_provinces = !options.fill_provinces,
            Action::ToggleLabels => options.labels = !options.labels,
            Action::ToggleTheme => theme.0 = theme.0.toggled(),
            Action::ToggleCompare => {
                compare.write(ToggleCompare);
            }
            Action::TogglePresentation => {
                present.write(TogglePresentation);
            }
            Action::SaveImage => {
                save.write(SaveBriefing {
                    to_clipboard: false,
                });
            }
            Action::CopyImage => {
                save.write(SaveBriefing { to_clipboard: true });
            }
            Action::Open => {
                open.write(OpenDialog);
            }
            Action::Escape => {
                if help.0 {
                    help.0 = false;
                } else if mode == ViewMode::Present {
                    present.write(TogglePresentation);
                } else {
                    select.write(SelectCapital {
                        capital: None,
                        center: false,
                    });
                }
            }
            Action::ToggleHelp => help.0 = !help.0,
            Action::Pan(..) | Action::Pointer => {}
        }
    }
}

/// The key moment to go to from `date`: the next one after it (`forward`) or the last one
/// before it.
pub fn key_moment_from(
    moments: &[jiff::civil::Date],
    date: jiff::civil::Date,
    forward: bool,
) -> Option<jiff::civil::Date> {
    if forward {
        moments.iter().copied().filter(|d| *d > date).min()
    } else {
        moments.iter().copied().filter(|d| *d < date).max()
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

    #[test]
    fn the_table_drives_the_keys() {
        let mut keys = ButtonInput::<KeyCode>::default();
        keys.press(KeyCode::ArrowRight);
        assert_eq!(
            pressed_actions(&keys, ViewMode::Browse),
            vec![Action::Step(1)]
        );
        assert_eq!(
            pressed_actions(&keys, ViewMode::Present),
            vec![Action::KeyMoment(true)]
        );
        keys.press(KeyCode::ShiftLeft);
        keys.clear_just_pressed(KeyCode::ShiftLeft);
        assert_eq!(
            pressed_actions(&keys, ViewMode::Browse),
            vec![Action::Event(true)]
        );
        let mut keys = ButtonInput::<KeyCode>::default();
        keys.press(KeyCode::ControlLeft);
        keys.press(KeyCode::KeyC);
        assert_eq!(pressed_actions(&keys, ViewMode::Browse), vec![]);
        keys.press(KeyCode::ShiftRight);
        assert_eq!(
            pressed_actions(&keys, ViewMode::Browse),
            vec![Action::CopyImage]
        );
        let mut keys = ButtonInput::<KeyCode>::default();
        keys.press(KeyCode::KeyW);
        keys.press(KeyCode::KeyD);
        assert_eq!(held_pan(&keys), Vec2::new(1.0, 1.0));
        assert!(help_rows().any(|(k, _)| k == "F1 or ?"));
        assert!(help_rows().all(|(k, w)| !k.is_empty() && !w.is_empty()));
    }
}
