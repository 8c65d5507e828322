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
}

impl ReportKind {
    /// A short lower-case name for tables and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Confirmed => "confirmed",
            ReportKind::Claimed => "claimed",
            ReportKind::Disputed => "disputed",
            ReportKind::Unconfirmed => "unconfirmed",
        }
    }

    /// True for anything less than a confirmed report.
    pub fn is_uncertain(self) -> bool {
        self != ReportKind::Confirmed
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

    /// The key moment on a date, if any.
    pub fn key_moment_on(&self, date: Date) -> Option<&KeyMoment> {
        self.key_moments.iter().find(|k| k.date == date)
    }
}
