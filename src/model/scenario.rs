//! The scenario as written in RON: title and credits, where the boundaries are, the statuses
//! a capital can have, the capitals, the dated events and the key moments. See the README's
//! "Scenario format" section for a complete example.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A whole scenario file. Events may be written inline (`events`), in separate RON files
/// listed in `events_files` (paths relative to the scenario file), or both; they are merged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Shown as the window title and on exports.
    pub title: String,
    /// A few sentences on what the scenario shows.
    #[serde(default)]
    pub description: String,
    /// One line of credits and sources, printed on exports.
    #[serde(default)]
    pub credits: String,
    /// Where the province polygons are and which properties name them.
    pub boundaries: BoundariesSpec,
    /// First day the scenario covers.
    pub start: Date,
    /// Last day the scenario covers (inclusive).
    pub end: Date,
    /// The statuses a capital can have, in legend order.
    pub statuses: Vec<StatusDef>,
    /// The status of every capital before its first event.
    pub initial_status: String,
    /// The capitals, one per province.
    pub capitals: Vec<Capital>,
    /// Events written in the scenario file itself.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Further RON files, each holding a list of events, relative to the scenario file.
    #[serde(default)]
    pub events_files: Vec<String>,
    /// Dated captions for presentations.
    #[serde(default)]
    pub key_moments: Vec<KeyMoment>,
    /// Partial control and foreign presence on capitals, shown without changing their status.
    #[serde(default)]
    pub presences: Vec<Presence>,
    /// The neighbouring countries, drawn in a muted tone and named around the map: a boundaries
    /// file with one feature per country (made with `frontline import-boundaries` and
    /// `dissolve: true`).
    #[serde(default)]
    pub neighbours: Option<BoundariesSpec>,
}

/// Which GeoJSON file holds the provinces and which feature properties identify them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Boundaries")]
pub struct BoundariesSpec {
    /// Path to a GeoJSON FeatureCollection in WGS84 lon/lat, relative to the scenario file.
    pub file: String,
    /// The feature property holding the province id that capitals refer to.
    pub id_property: String,
    /// The feature property holding the province's display name.
    pub name_property: String,
    /// For a TopoJSON file: the object holding the provinces (default: the only or the first).
    #[serde(default)]
    pub object: Option<String>,
}

/// One control status, e.g. "government" or "contested".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Status")]
pub struct StatusDef {
    /// Id used by events.
    pub id: String,
    /// Label shown in the legend.
    pub label: String,
    /// Fill colour, `"#RRGGBB"`.
    pub color: String,
    /// Colour used by the dark theme; the light colour when absent.
    #[serde(default)]
    pub dark_color: Option<String>,
    /// Marks a status of active fighting; its capitals get a distinct marker.
    #[serde(default)]
    pub contested: bool,
    /// A pattern drawn over the status's fills, a second cue beyond colour where two status
    /// colours come close.
    #[serde(default)]
    pub pattern: Option<Pattern>,
}

/// A fill pattern over a status colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pattern {
    /// Diagonal lines.
    Hatch,
    /// A grid of dots.
    Dots,
}

/// A provincial (or national) capital.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capital {
    /// Id used by events.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other spellings, found by search.
    #[serde(default)]
    pub alt_names: Vec<String>,
    /// Id of the province it lies in (the boundaries' `id_property`).
    pub province: String,
    /// Display name of the province, when it should differ from the boundaries file.
    #[serde(default)]
    pub province_name: Option<String>,
    /// Other spellings of the province name, found by search.
    #[serde(default)]
    pub province_alt_names: Vec<String>,
    /// Longitude, WGS84 degrees.
    pub lon: f64,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// The national capital: its label is always shown.
    #[serde(default)]
    pub national: bool,
}

/// What the sources say about an event's certainty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportKind {
    /// Confirmed by independent reports.
    #[default]
    Confirmed,
    /// Claimed by one side, not confirmed independently.
    Claimed,
    /// Sources contradict each other.
    Disputed,
    /// No published report found; the date is inferred.
    Unconfirmed,
    /// A claim later contradicted (a false or premature report). Shown, never applied: it
    /// does not change the capital's status, colours or counts.
    Refuted,
}

impl ReportKind {
    /// A short lower-case name for tables and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Confirmed => "confirmed",
            ReportKind::Claimed => "claimed",
            ReportKind::Disputed => "disputed",
            ReportKind::Unconfirmed => "unconfirmed",
            ReportKind::Refuted => "refuted",
        }
    }

    /// Every kind, in the order the README defines them.
    pub const ALL: [ReportKind; 5] = [
        ReportKind::Confirmed,
        ReportKind::Claimed,
        ReportKind::Disputed,
        ReportKind::Unconfirmed,
        ReportKind::Refuted,
    ];

    /// True for a change that stands but is not confirmed: claimed, disputed or unconfirmed
    /// (its capital gets a diamond marker).
    pub fn is_uncertain(self) -> bool {
        matches!(
            self,
            ReportKind::Claimed | ReportKind::Disputed | ReportKind::Unconfirmed
        )
    }

    /// True when the event changes the map (everything but a refuted claim).
    pub fn applies(self) -> bool {
        self != ReportKind::Refuted
    }
}

/// A dated change of a capital's status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Local date of the event.
    pub date: Date,
    /// Id of the capital.
    pub capital: String,
    /// Id of the status the capital has from this date.
    pub status: String,
    /// How certain the report is.
    #[serde(default)]
    pub report: ReportKind,
    /// For a `Refuted` claim: the date it was contradicted (it stood from `date` until the day
    /// before, or on `date` alone when contradicted the same day).
    #[serde(default)]
    pub refuted_on: Option<Date>,
    /// One or two sentences for tooltips and the event log.
    #[serde(default)]
    pub note: String,
    /// Where this comes from; at least one.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// A citation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Outlet, wire, date: whatever lets a reader find it.
    pub text: String,
    /// A web address, when one is known (http or https).
    #[serde(default)]
    pub url: Option<String>,
}

/// Partial control of a capital by another side, or foreign forces present in it, over a
/// date range. Shown on the capital's marker, in tooltips and the inspector; the capital's
/// status does not change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Presence {
    /// Id of the capital.
    pub capital: String,
    /// Enclave (part of the city held by another side) or foreign forces.
    pub kind: PresenceKind,
    /// For an enclave: the status id of the side holding it.
    #[serde(default)]
    pub holder: Option<String>,
    /// A short description, e.g. "SDF-held Sheikh Maqsoud and Ashrafiyeh".
    pub label: String,
    /// First day (inclusive).
    pub from: Date,
    /// Last day (inclusive).
    pub to: Date,
    /// One or two sentences.
    #[serde(default)]
    pub note: String,
    /// Where this comes from; at least one.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// What a [`Presence`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PresenceKind {
    /// Part of the city held by another side (`holder`).
    Enclave,
    /// Foreign forces present in the city.
    Foreign,
}

/// A dated caption for presentations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyMoment {
    /// The day it refers to.
    pub date: Date,
    /// A short caption.
    pub caption: String,
}

impl Scenario {
    /// The index of a status id.
    pub fn status_index(&self, id: &str) -> Option<usize> {
        self.statuses.iter().position(|s| s.id == id)
    }

    /// The index of a capital id.
    pub fn capital_index(&self, id: &str) -> Option<usize> {
        self.capitals.iter().position(|c| c.id == id)
    }

    /// The presences on a capital on a date.
    pub fn presences_on(&self, capital: &str, date: Date) -> impl Iterator<Item = &Presence> {
        self.presences
            .iter()
            .filter(move |p| p.capital == capital && p.from <= date && date <= p.to)
    }

    /// The key moment on a date, if any.
    pub fn key_moment_on(&self, date: Date) -> Option<&KeyMoment> {
        self.key_moments.iter().find(|k| k.date == date)
    }
}
