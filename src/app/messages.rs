//! Every message of the app in one place. Requests (`SetDate`, `TogglePlay`, …) are written by
//! input and UI systems; facts (`DateChanged`, `ScenarioLoaded`) only by the owner of the state
//! they describe.

use std::path::PathBuf;

use bevy::prelude::*;
use jiff::civil::Date;

/// Request: go to a date (clamped to the scenario's range).
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetDate(pub Date);

/// Request: move the date by a number of days.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepDays(pub i32);

/// Request: jump to the next (`true`) or previous (`false`) event date.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct JumpToEvent {
    /// Forward or back.
    pub forward: bool,
}

/// Request: start or stop playback.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct TogglePlay;

/// Request: jump to the first (`false`) or last (`true`) date.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct JumpToEnd {
    /// Last date when true, first when false.
    pub last: bool,
}

/// Request: select a capital (None clears the selection); `center` also moves the map to it.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelectCapital {
    /// Capital index, or None.
    pub capital: Option<usize>,
    /// Centre the map on it.
    pub center: bool,
}

/// Request: fit the whole map into the view.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FitMap;

/// Request: zoom by a factor around the view centre (>1 zooms in).
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub struct ZoomBy(pub f32);

/// Request: start comparing with the current date, or stop comparing.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToggleCompare;

/// Request: load a scenario file (from the command line, a drop, or a reload).
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct LoadScenario(pub PathBuf);

/// Fact: the current date changed (from, to).
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateChanged {
    /// The previous date.
    pub from: Date,
    /// The new date.
    pub to: Date,
}

/// Fact: a scenario was loaded and its scene must be (re)built.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScenarioLoaded {
    /// True when it replaced the same scenario (hot reload): keep the view.
    pub reload: bool,
}

/// Request: save (or copy) a briefing image of the current view.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaveBriefing {
    /// Copy to the clipboard instead of saving a file.
    pub to_clipboard: bool,
}

/// Request: show the file dialog to open a scenario.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenDialog;

/// Request: open a scenario by path or shipped name (from the menu).
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct OpenNamed(pub String);

/// Request: make a scenario for a country (Natural Earth `adm0_a3`) with `frontline new`'s
/// code and open it ("New scenario for a country…" in the Open menu).
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct NewScenario(pub String);

/// Request: enter or leave presentation mode.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct TogglePresentation;

/// Registers every message type.
pub fn plugin(app: &mut App) {
    app.add_message::<SetDate>()
        .add_message::<StepDays>()
        .add_message::<JumpToEvent>()
        .add_message::<TogglePlay>()
        .add_message::<JumpToEnd>()
        .add_message::<SelectCapital>()
        .add_message::<ToggleCompare>()
        .add_message::<FitMap>()
        .add_message::<ZoomBy>()
        .add_message::<LoadScenario>()
        .add_message::<SaveBriefing>()
        .add_message::<OpenDialog>()
        .add_message::<OpenNamed>()
        .add_message::<NewScenario>()
        .add_message::<TogglePresentation>()
        .add_message::<DateChanged>()
        .add_message::<ScenarioLoaded>();
}
