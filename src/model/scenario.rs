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
    /// Further files holding events, relative to the scenario file: RON files (a list of
    /// `Event(...)`) or, ending in `.csv`, spreadsheets with one event a row (see
    /// [`crate::model::csv_events`]).
    #[serde(default)]
    pub events_files: Vec<String>,
    /// How CSV events files write dates with slashes: `Dmy` (15/08/2021) or `Mdy`
    /// (08/15/2021). Without it such a date is an error, never a guess; `YYYY-MM-DD` and
    /// `15 August 2021` need no order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv_date_order: Option<DateOrder>,
    /// Dated captions for presentations.
    #[serde(default)]
    pub key_moments: Vec<KeyMoment>,
    /// Partial control and foreign presence on capitals, shown without changing their status.
    #[serde(default)]
    pub presences: Vec<Presence>,
    /// Words, arrows and marked areas on the map, each for a span of days.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
    /// Further files holding annotations (a list of `Annotation(...)`), relative to the
    /// scenario file; hot-reloaded like events files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations_files: Vec<String>,
    /// The neighbouring countries, drawn in a muted tone and named around the map: a boundaries
    /// file with one feature per country (made with `frontline import-boundaries` and
    /// `dissolve: true`).
    #[serde(default)]
    pub neighbours: Option<BoundariesSpec>,
}

/// The order of day and month in dates written with slashes or dots (`03/08/2021`), which a
/// spreadsheet cannot tell apart on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DateOrder {
    /// Day first: `15/08/2021` (most of the world).
    Dmy,
    /// Month first: `08/15/2021` (the United States).
    Mdy,
}

impl DateOrder {
    /// The lower-case name used on the command line: `dmy` or `mdy`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
        }
    }
}

impl std::str::FromStr for DateOrder {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "dmy" => Ok(DateOrder::Dmy),
            "mdy" => Ok(DateOrder::Mdy),
            _ => Err(format!(
                "\"{text}\" is not a date order: write dmy (day first, 15/08/2021) or mdy (month first, 08/15/2021)"
            )),
        }
    }
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
    /// Why this capital is drawn as a marker only: its province has no polygon in the
    /// boundaries (e.g. Natural Earth has no West Kordofan). `province` then names a province
    /// that is not in the boundaries file; no province takes this capital's colour.
    #[serde(default)]
    pub marker_only: Option<String>,
    /// Why this capital is a guess (written by `frontline new` where GeoNames has no single
    /// first-order seat in the province). `check` warns until someone confirms the capital and
    /// deletes the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guessed: Option<String>,
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
    /// Something that happened at the capital without changing who holds it (fighting, a
    /// strike, an imported spreadsheet row that is not a change of territory). Listed in the
    /// event log and the capital's history, never applied; it needs no `status`.
    Context,
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
            ReportKind::Context => "context",
        }
    }

    /// The kind named by [`Self::as_str`] (any case), e.g. in a spreadsheet's `report` column.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(t))
    }

    /// Every kind, in the order the README defines them.
    pub const ALL: [ReportKind; 6] = [
        ReportKind::Confirmed,
        ReportKind::Claimed,
        ReportKind::Disputed,
        ReportKind::Unconfirmed,
        ReportKind::Refuted,
        ReportKind::Context,
    ];

    /// True for a change that stands but is not confirmed: claimed, disputed or unconfirmed
    /// (its capital gets a diamond marker).
    pub fn is_uncertain(self) -> bool {
        matches!(
            self,
            ReportKind::Claimed | ReportKind::Disputed | ReportKind::Unconfirmed
        )
    }

    /// True when the event changes the map (everything but a refuted claim or a context
    /// event).
    pub fn applies(self) -> bool {
        !matches!(self, ReportKind::Refuted | ReportKind::Context)
    }
}

/// A short text many events share (a capital or status id, a source's outlet or address):
/// held once however many events name it (see [`intern`]).
pub type Shared = std::sync::Arc<str>;

/// Interning of the short texts events repeat. While a scenario is read, every capital id,
/// status id and source text goes through [`intern::intern`], so a million events naming 5,000
/// capitals hold 5,000 strings, not a million.
pub mod intern {
    use std::cell::RefCell;
    use std::collections::HashSet;

    use std::sync::Arc;

    use super::{Shared, Source};

    /// More distinct texts (or source lists) than this and the set starts again (it only saves
    /// memory).
    const LIMIT: usize = 1 << 20;

    thread_local! {
        static SET: RefCell<HashSet<Shared>> = RefCell::new(HashSet::new());
        static LISTS: RefCell<HashSet<Arc<[Source]>>> = RefCell::new(HashSet::new());
    }

    /// The shared copy of a list of sources: events citing the same sources (a wire's daily
    /// list, a generated or imported dataset's one citation) hold one list between them.
    pub fn sources(list: Vec<Source>) -> Arc<[Source]> {
        LISTS.with(|set| {
            let mut set = set.borrow_mut();
            if let Some(s) = set.get(list.as_slice()) {
                return s.clone();
            }
            if set.len() >= LIMIT {
                set.clear();
            }
            let s: Arc<[Source]> = list.into();
            set.insert(s.clone());
            s
        })
    }

    /// The shared copy of `text`.
    pub fn intern(text: &str) -> Shared {
        SET.with(|set| {
            let mut set = set.borrow_mut();
            if let Some(s) = set.get(text) {
                return s.clone();
            }
            if set.len() >= LIMIT {
                set.clear();
            }
            let s: Shared = text.into();
            set.insert(s.clone());
            s
        })
    }

    /// Forgets every text and list (after a scenario is read, so nothing outlives it here).
    pub fn clear() {
        SET.with(|set| *set.borrow_mut() = HashSet::new());
        LISTS.with(|set| *set.borrow_mut() = HashSet::new());
    }
}

/// A dated change of a capital's status. Written in RON as [`EventRon`] (flat fields); held
/// compactly, as a scenario may have a million: ids and sources are shared, and the rarely used
/// fields sit behind one pointer ([`EventMore`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "EventRon", into = "EventRon")]
pub struct Event {
    /// Local date of the event.
    pub date: Date,
    /// How certain the report is.
    pub report: ReportKind,
    /// For a `Refuted` claim: the date it was contradicted (it stood from `date` until the day
    /// before, or on `date` alone when contradicted the same day).
    pub refuted_on: Option<Date>,
    /// For a claimed, disputed or unconfirmed report: the date the change was confirmed.
    /// From that date the capital reads as confirmed everywhere.
    pub confirmed_on: Option<Date>,
    /// Id of the capital.
    pub capital: Shared,
    /// Id of the status the capital has from this date (empty only for `Context` events).
    pub status: Shared,
    /// One or two sentences for tooltips and the event log.
    pub note: Box<str>,
    /// Where this comes from; at least one. Shared between events citing the same list.
    pub sources: std::sync::Arc<[Source]>,
    /// The fields most events leave out.
    pub more: Option<Box<EventMore>>,
}

/// The fields of an [`Event`] most events leave out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventMore {
    /// The sources that confirmed an uncertain report (with `confirmed_on`).
    pub confirmed_by: Vec<Source>,
    /// For an uncertain report still open at the scenario's end: why it stays open (e.g. "no
    /// independent confirmation found"). Without it `check` warns.
    pub open_at_end: Option<String>,
    /// An id from the data it came from, for tracing (e.g. ACLED's `event_id_cnty`).
    pub id: Option<String>,
}

/// An event as written in RON: `Event(date: …, capital: …, status: …, report: …, …)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Event")]
pub struct EventRon {
    /// Local date of the event.
    pub date: Date,
    /// Id of the capital.
    pub capital: String,
    /// Id of the status the capital has from this date (empty only for `Context` events).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub status: String,
    /// How certain the report is.
    #[serde(default)]
    pub report: ReportKind,
    /// For a `Refuted` claim: the date it was contradicted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refuted_on: Option<Date>,
    /// For an uncertain report: the date it was confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_on: Option<Date>,
    /// The sources that confirmed it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confirmed_by: Vec<Source>,
    /// Why an uncertain report stays open at the scenario's end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_at_end: Option<String>,
    /// One or two sentences for tooltips and the event log.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Where this comes from; at least one.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// An id from the data it came from, for tracing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl From<EventRon> for Event {
    fn from(e: EventRon) -> Self {
        let more = EventMore {
            confirmed_by: e.confirmed_by,
            open_at_end: e.open_at_end,
            id: e.id,
        };
        Self {
            date: e.date,
            report: e.report,
            refuted_on: e.refuted_on,
            confirmed_on: e.confirmed_on,
            capital: intern::intern(&e.capital),
            status: intern::intern(&e.status),
            note: e.note.into_boxed_str(),
            sources: intern::sources(e.sources),
            more: (more != EventMore::default()).then(|| Box::new(more)),
        }
    }
}

impl From<Event> for EventRon {
    fn from(e: Event) -> Self {
        let more = e.more.map(|m| *m).unwrap_or_default();
        Self {
            date: e.date,
            capital: e.capital.to_string(),
            status: e.status.to_string(),
            report: e.report,
            refuted_on: e.refuted_on,
            confirmed_on: e.confirmed_on,
            confirmed_by: more.confirmed_by,
            open_at_end: more.open_at_end,
            note: e.note.into_string(),
            sources: e.sources.to_vec(),
            id: more.id,
        }
    }
}

impl Event {
    /// A confirmed change of `capital` to `status` on `date`, with no note or sources.
    pub fn new(date: Date, capital: &str, status: &str) -> Self {
        Self {
            date,
            report: ReportKind::Confirmed,
            refuted_on: None,
            confirmed_on: None,
            capital: intern::intern(capital),
            status: intern::intern(status),
            note: "".into(),
            sources: std::sync::Arc::from([]),
            more: None,
        }
    }

    /// The sources that confirmed an uncertain report.
    pub fn confirmed_by(&self) -> &[Source] {
        self.more.as_ref().map_or(&[], |m| &m.confirmed_by)
    }

    /// Why an uncertain report stays open at the scenario's end, if the data says.
    pub fn open_at_end(&self) -> Option<&str> {
        self.more.as_ref().and_then(|m| m.open_at_end.as_deref())
    }

    /// The id the event had in the data it came from.
    pub fn id(&self) -> Option<&str> {
        self.more.as_ref().and_then(|m| m.id.as_deref())
    }

    /// The rarely used fields, for setting them.
    pub fn more_mut(&mut self) -> &mut EventMore {
        self.more.get_or_insert_with(Box::default)
    }

    /// The report kind as written in RON (`Claimed`), to point diagnostics at it.
    pub fn report_name(&self) -> &'static str {
        match self.report {
            ReportKind::Confirmed => "Confirmed",
            ReportKind::Claimed => "Claimed",
            ReportKind::Disputed => "Disputed",
            ReportKind::Unconfirmed => "Unconfirmed",
            ReportKind::Refuted => "Refuted",
            ReportKind::Context => "Context",
        }
    }

    /// True when, on `date`, the event is a claimed, disputed or unconfirmed report not yet
    /// confirmed.
    pub fn uncertain_on(&self, date: Date) -> bool {
        self.report.is_uncertain() && self.confirmed_on.is_none_or(|c| c > date)
    }

    /// How sure the report reads on `date`, for logs, tooltips and tables: "confirmed",
    /// "claimed", or "claimed 08-15, confirmed 08-20" once an uncertain report is confirmed
    /// (full dates when the two years differ).
    pub fn report_text(&self, date: Date) -> String {
        match self.confirmed_on {
            Some(c) if self.confirmed_by_date(date) => {
                let format = if c.year() == self.date.year() {
                    "%m-%d"
                } else {
                    "%Y-%m-%d"
                };
                format!(
                    "{} {}, confirmed {}",
                    self.report.as_str(),
                    self.date.strftime(format),
                    c.strftime(format)
                )
            }
            _ => self.report.as_str().to_string(),
        }
    }

    /// True when the report was uncertain and confirmed on or before `date`.
    pub fn confirmed_by_date(&self, date: Date) -> bool {
        self.report.is_uncertain() && self.confirmed_on.is_some_and(|c| c <= date)
    }
}

/// A citation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "SourceRon", into = "SourceRon")]
pub struct Source {
    /// Outlet, wire, date: whatever lets a reader find it.
    pub text: Shared,
    /// A web address, when one is known (http or https).
    pub url: Option<Shared>,
}

impl Source {
    /// A source with text and an optional address.
    pub fn new(text: &str, url: Option<&str>) -> Self {
        Self {
            text: intern::intern(text),
            url: url.map(intern::intern),
        }
    }
}

/// A source as written in RON: `Source(text: "…", url: "https://…")`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Source")]
pub struct SourceRon {
    /// Outlet, wire, date.
    pub text: String,
    /// A web address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl From<SourceRon> for Source {
    fn from(s: SourceRon) -> Self {
        Source::new(&s.text, s.url.as_deref())
    }
}

impl From<Source> for SourceRon {
    fn from(s: Source) -> Self {
        Self {
            text: s.text.to_string(),
            url: s.url.map(|u| u.to_string()),
        }
    }
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

/// A place on the map: a capital (by id) or a point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Place {
    /// The capital with this id.
    Capital(String),
    /// Longitude and latitude, degrees.
    LonLat(f64, f64),
}

/// What an annotation draws.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AnnotationKind {
    /// Text at a place, with a short leader line to it.
    Callout {
        /// The place.
        at: Place,
    },
    /// An arrow from one place to another, its head at `to`; `curve` bends it (0 straight,
    /// positive to the left of the direction of travel, at most ±0.5 of its length).
    Arrow {
        /// Where it starts.
        from: Place,
        /// Where its head points.
        to: Place,
        /// How much it bends.
        #[serde(default)]
        curve: f64,
    },
    /// A circle of a radius in km around a place (a siege, a front around a city).
    Circle {
        /// The centre.
        center: Place,
        /// The radius, km.
        radius_km: f64,
    },
    /// A polygon of places (at least three).
    Area {
        /// The corners, in order.
        polygon: Vec<Place>,
    },
}

/// One annotation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    /// What it draws.
    pub kind: AnnotationKind,
    /// Its words (short: they are placed on the map).
    pub text: String,
    /// First day it shows.
    pub from: Date,
    /// Last day it shows (inclusive).
    pub to: Date,
    /// The status whose colour it takes (e.g. the side advancing); the text colour when absent.
    #[serde(default)]
    pub status: Option<String>,
    /// What such marks mean, for the legend ("Arrows: Taliban advances"); the legend lists each
    /// meaning of the annotations shown once. An annotation without one takes the meaning of
    /// the first annotation of its kind and status that has one.
    #[serde(default)]
    pub meaning: Option<String>,
    /// Where it is said.
    #[serde(default)]
    pub sources: Vec<Source>,
}

impl Annotation {
    /// True on the days it shows.
    pub fn shows_on(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }

    /// The places it refers to.
    pub fn places(&self) -> Vec<&Place> {
        match &self.kind {
            AnnotationKind::Callout { at } => vec![at],
            AnnotationKind::Arrow { from, to, .. } => vec![from, to],
            AnnotationKind::Circle { center, .. } => vec![center],
            AnnotationKind::Area { polygon } => polygon.iter().collect(),
        }
    }
}
