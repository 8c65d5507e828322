//! `frontline import-events`: conflict events exported with ACLED's columns turned into a
//! scenario's events.
//!
//! A row whose `sub_event_type` is a change of territory ("Non-state actor overtakes
//! territory", "Government regains territory", "Non-violent transfer of territory") becomes a
//! change of its capital's status to the status its `actor1` stands for, looked up in a mapping
//! of actors to statuses (a RON file, `--actor "Taliban=taliban"` pairs, or both). Other rows
//! are left out and counted by type, or with `all_events` kept as `Context` events that change
//! nothing on the map.
//!
//! A row's `location` must name a capital (its id, name or an alternate name; case, spaces and
//! hyphens aside), or its `latitude`/`longitude` lie within `within_km` of one. Rows that match
//! no capital, or fall outside the scenario's dates, are listed in a report file (CSV) with the
//! reason and the nearest capital; none is dropped silently. An actor the mapping lacks is an
//! error naming it; `write_mapping` writes a template listing every actor seen with its rows.
//!
//! The events are written sorted by date (same-day rows in the export's order) as a RON events
//! file or, for a `.csv` output, the plain events CSV of [`crate::model::csv_events`]; files
//! are written atomically and never replace an existing file without `force`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::model::csv_events::{
    DateOrder, MAX_CSV_BYTES, Table, Warnings, events_to_csv, parse_date_cell,
};
use crate::model::diagnostic::{locate, short_number};
use crate::model::load::{MAX_RON_BYTES, parse_ron};
use crate::model::scenario::{Capital, Event, ReportKind, Scenario, Source, StatusDef, intern};
use crate::model::suggest::did_you_mean;
use crate::model::{Diagnostic, Diagnostics};
use crate::progress::{Progress, ProgressReader};

/// The columns of an ACLED export this importer knows (the ones it reads and the ones it
/// ignores), in ACLED's order.
pub const ACLED_COLUMNS: [&str; 19] = [
    "event_id_cnty",
    "event_date",
    "year",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
];

/// Further columns of ACLED's exports, ignored without a warning.
const ACLED_OTHER_COLUMNS: [&str; 13] = [
    "event_id_no_cnty",
    "time_precision",
    "inter1",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin3",
    "geo_precision",
    "tags",
];

/// The columns a row needs.
const REQUIRED: [&str; 8] = [
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "location",
    "latitude",
    "longitude",
];

/// ACLED's sub-event types that change who holds a place.
pub const TERRITORY_CHANGES: [&str; 3] = [
    "Non-state actor overtakes territory",
    "Government regains territory",
    "Non-violent transfer of territory",
];

/// The distance within which a row's coordinates match a capital, by default.
pub const DEFAULT_WITHIN_KM: f64 = 10.0;

/// How far the nearest capital is looked for, to name it in the report.
const NEAREST_SEARCH_KM: f64 = 100.0;

/// Errors gathered before reading stops.
const MAX_ERRORS: usize = 200;

/// What to import and where to write it.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportOptions {
    /// The export to read: a CSV file with ACLED's columns.
    pub input: PathBuf,
    /// The scenario file whose capitals and statuses the events refer to.
    pub scenario: PathBuf,
    /// Where to write the events: a `.ron` events file or a `.csv` events table. None when
    /// only `write_mapping` is wanted.
    pub output: Option<PathBuf>,
    /// Actor → status pairs from the command line (`--actor "Taliban=taliban"`); they take
    /// precedence over the mapping file.
    pub actors: Vec<(String, String)>,
    /// A RON mapping file ([`ActorMapping`]).
    pub mapping: Option<PathBuf>,
    /// Write a mapping template here, listing every actor seen with its row count.
    pub write_mapping: Option<PathBuf>,
    /// How far (km) a row's coordinates may lie from a capital to match it.
    pub within_km: f64,
    /// Keep the rows that change no territory, as `Context` events.
    pub all_events: bool,
    /// How dates with slashes are read (`--date-order dmy|mdy`).
    pub date_order: Option<DateOrder>,
    /// Where to list the rows not imported (default: beside the output,
    /// `NAME.unmatched.csv`, written only when there are such rows).
    pub report: Option<PathBuf>,
    /// Replace existing files.
    pub force: bool,
}

impl ImportOptions {
    /// Options for importing `input` against `scenario` into `output`, with the defaults for
    /// everything else.
    pub fn new(input: PathBuf, scenario: PathBuf, output: Option<PathBuf>) -> Self {
        Self {
            input,
            scenario,
            output,
            actors: Vec::new(),
            mapping: None,
            write_mapping: None,
            within_km: DEFAULT_WITHIN_KM,
            all_events: false,
            date_order: None,
            report: None,
            force: false,
        }
    }
}

/// Parses `ACTOR=STATUS` (as given to `--actor`); the last `=` separates them.
pub fn parse_actor_pair(text: &str) -> Result<(String, String), String> {
    match text.rsplit_once('=') {
        Some((actor, status)) if !actor.trim().is_empty() && !status.trim().is_empty() => {
            Ok((actor.trim().to_string(), status.trim().to_string()))
        }
        _ => Err(format!(
            "\"{text}\" is not ACTOR=STATUS: write e.g. --actor \"Taliban=taliban\""
        )),
    }
}

/// Which status each actor's changes of territory give a capital, as written in a mapping
/// file:
///
/// ```ron
/// ActorMapping(
///     actors: {
///         "Taliban": "taliban",
///         "Military Forces of Afghanistan (2004-2021)": "government",
///     },
///     report: Confirmed, // optional: the report kind of every imported change
/// )
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorMapping {
    /// Actor (as ACLED names it in `actor1`) → status id; an empty status is not mapped yet.
    #[serde(default)]
    pub actors: BTreeMap<String, String>,
    /// The report kind of the imported changes (default `Confirmed`); a `report` column in the
    /// export overrides it row by row.
    #[serde(default)]
    pub report: Option<ReportKind>,
}

impl ActorMapping {
    /// Reads a mapping file; returns it with its text (to point at entries).
    pub fn load(path: &Path) -> Result<(Self, String), Diagnostic> {
        let text = crate::fsio::read_text(path, MAX_RON_BYTES, "mapping file").map_err(|e| {
            let d = Diagnostic::error(path, e.message);
            match e.help {
                Some(h) => d.help(h),
                None => d,
            }
        })?;
        let mapping = parse_ron(path, &text)?;
        Ok((mapping, text))
    }
}

/// What an import did, for the command line to print.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportSummary {
    /// The export read.
    pub input: PathBuf,
    /// Rows read (the header and empty rows aside).
    pub rows: usize,
    /// The events file written.
    pub output: Option<PathBuf>,
    /// Changes of territory written.
    pub changes: usize,
    /// Context events written (with `all_events`).
    pub context: usize,
    /// Events whose capital was matched by name.
    pub by_name: usize,
    /// Events whose capital was matched by distance.
    pub by_distance: usize,
    /// The distance used.
    pub within_km: f64,
    /// Rows left out because they change no territory, by `event_type: sub_event_type`.
    pub left_out: BTreeMap<String, usize>,
    /// The report file written, listing the rows not imported.
    pub report: Option<PathBuf>,
    /// Rows listed in the report because no capital matched.
    pub unmatched: usize,
    /// Rows listed in the report because their date is outside the scenario's.
    pub outside_dates: usize,
    /// The mapping template written.
    pub mapping_template: Option<PathBuf>,
    /// Distinct actors seen.
    pub actors: usize,
    /// Warnings (unknown columns).
    pub warnings: Diagnostics,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "read {}: {} rows", self.input.display(), self.rows)?;
        if let Some(p) = &self.mapping_template {
            writeln!(
                f,
                "wrote {}: {} actors with their rows; give each actor that takes or regains territory the status it stands for",
                p.display(),
                self.actors
            )?;
        }
        if let Some(out) = &self.output {
            let context = if self.context > 0 {
                format!(" and {} context event(s)", self.context)
            } else {
                String::new()
            };
            writeln!(
                f,
                "wrote {}: {} change(s) of territory{context} ({} matched by name, {} within {} km)",
                out.display(),
                self.changes,
                self.by_name,
                self.by_distance,
                short_number(self.within_km)
            )?;
        }
        if !self.left_out.is_empty() {
            let total: usize = self.left_out.values().sum();
            writeln!(
                f,
                "left out {total} row(s) that change no territory (--all-events keeps them as context events):"
            )?;
            let mut kinds: Vec<(&String, &usize)> = self.left_out.iter().collect();
            kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (kind, n) in kinds {
                writeln!(f, "  {n:>7}  {kind}")?;
            }
        }
        match &self.report {
            Some(r) => writeln!(
                f,
                "listed {} row(s) not imported in {}: {} match no capital, {} outside the scenario's dates",
                self.unmatched + self.outside_dates,
                r.display(),
                self.unmatched,
                self.outside_dates
            )?,
            None if self.output.is_some() => writeln!(
                f,
                "every row kept matched a capital within the scenario's dates"
            )?,
            None => {}
        }
        Ok(())
    }
}

/// Imports an export as [`ImportOptions`] says, reporting progress; returns what it did, or
/// every problem found (nothing is written then, except a requested mapping template).
pub fn import_events(
    opts: &ImportOptions,
    progress: &Progress,
) -> Result<ImportSummary, Diagnostics> {
    let result = import(opts, progress);
    // The texts of the events read are not needed once written.
    intern::clear();
    result
}

fn one(d: Diagnostic) -> Diagnostics {
    Diagnostics(vec![d])
}

/// The distance in km between two points on the Earth (haversine, mean radius).
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0088;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// A place name as compared: lower-case letters and digits only ("Mazar-e Sharif" and
/// "mazar-e-sharif" agree).
fn place_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How a row's place matched a capital.
#[derive(Clone, Debug, PartialEq)]
enum Place {
    /// By name.
    Name(usize),
    /// By distance.
    Near(usize),
    /// Not at all: why.
    Unmatched(String),
}

/// The capitals, found by name and by coordinates.
struct Capitals<'a> {
    list: &'a [Capital],
    names: HashMap<String, Vec<usize>>,
    /// Indices sorted by latitude, to look near a point.
    by_lat: Vec<usize>,
}

impl<'a> Capitals<'a> {
    fn new(list: &'a [Capital]) -> Self {
        let mut names: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in list.iter().enumerate() {
            for n in [&c.id, &c.name].into_iter().chain(&c.alt_names) {
                let key = place_key(n);
                if key.is_empty() {
                    continue;
                }
                let known = names.entry(key).or_default();
                if !known.contains(&i) {
                    known.push(i);
                }
            }
        }
        let mut by_lat: Vec<usize> = (0..list.len()).collect();
        by_lat.sort_by(|&a, &b| list[a].lat.total_cmp(&list[b].lat));
        Self {
            list,
            names,
            by_lat,
        }
    }

    /// The capital a row's location names, or the nearest one within `within_km` of its
    /// point (among the capitals of that name, when several share it).
    fn find(&self, location: &str, point: Option<(f64, f64)>, within_km: f64) -> Place {
        let key = place_key(location);
        let named: &[usize] = self.names.get(&key).map_or(&[][..], Vec::as_slice);
        if let [i] = named {
            return Place::Name(*i);
        }
        let Some((lat, lon)) = point else {
            return Place::Unmatched(if named.len() > 1 {
                format!(
                    "\"{location}\" names {} capitals and the row has no valid latitude and longitude to tell them apart",
                    named.len()
                )
            } else {
                format!(
                    "no capital is named \"{location}\", and the row has no valid latitude and longitude"
                )
            });
        };
        let search = within_km.max(NEAREST_SEARCH_KM);
        // A degree of latitude is at least 110.5 km.
        let dlat = search / 110.5;
        let from = self
            .by_lat
            .partition_point(|&i| self.list[i].lat < lat - dlat);
        let mut best: Option<(usize, f64)> = None;
        for &i in &self.by_lat[from..] {
            let c = &self.list[i];
            if c.lat > lat + dlat {
                break;
            }
            if !named.is_empty() && !named.contains(&i) {
                continue;
            }
            let d = haversine_km(lat, lon, c.lat, c.lon);
            if best.is_none_or(|(_, b)| d < b) {
                best = Some((i, d));
            }
        }
        match best {
            Some((i, d)) if d <= within_km => Place::Near(i),
            Some((i, d)) => Place::Unmatched(format!(
                "no capital is named \"{location}\" or lies within {} km; the nearest is {} ({}), {:.1} km away",
                short_number(within_km),
                self.list[i].name,
                self.list[i].id,
                d
            )),
            None => Place::Unmatched(format!(
                "no capital is named \"{location}\" or lies within {} km",
                short_number(search)
            )),
        }
    }
}

/// A coordinate cell: a number within ±`limit` (a decimal comma is read as a point).
fn coordinate(text: &str, limit: f64) -> Option<f64> {
    let t = text.trim();
    let v: f64 = if t.contains(',') && !t.contains('.') {
        t.replace(',', ".").parse().ok()?
    } else {
        t.parse().ok()?
    };
    (v.is_finite() && v.abs() <= limit).then_some(v)
}

/// True for a sub-event type that changes who holds a place.
pub fn is_territory_change(sub_event_type: &str) -> bool {
    let t = sub_event_type.trim();
    TERRITORY_CHANGES.iter().any(|c| c.eq_ignore_ascii_case(t))
}

/// Where each column the importer reads is.
struct Columns {
    id: usize,
    date: usize,
    event_type: usize,
    sub_event_type: usize,
    actor1: usize,
    location: usize,
    latitude: usize,
    longitude: usize,
    assoc_actor_1: Option<usize>,
    actor2: Option<usize>,
    source: Option<usize>,
    notes: Option<usize>,
    report: Option<usize>,
}

impl Columns {
    fn find<R: Read>(table: &Table<R>, warnings: &mut Warnings) -> Result<Self, Diagnostic> {
        let pos = |name: &str| table.keys.iter().position(|k| k == name);
        let missing: Vec<String> = REQUIRED
            .iter()
            .filter(|n| pos(n).is_none())
            .map(|n| format!("\"{n}\""))
            .collect();
        if !missing.is_empty() {
            return Err(Diagnostic::error(
                table.path(),
                format!(
                    "row 1 (the header): no {} column{}",
                    missing.join(", "),
                    if missing.len() > 1 { "s" } else { "" }
                ),
            )
            .at(1, 1)
            .help(format!(
                "an export with ACLED's columns has {}; this file was read with {} between cells",
                ACLED_COLUMNS.join(", "),
                table.delimiter_name()
            )));
        }
        for (i, key) in table.keys.iter().enumerate() {
            if key.is_empty()
                || key == "report"
                || ACLED_COLUMNS.contains(&key.as_str())
                || ACLED_OTHER_COLUMNS.contains(&key.as_str())
            {
                continue;
            }
            warnings.push(
                Diagnostic::warning(
                    table.path(),
                    format!(
                        "row 1, column \"{}\": not a column of ACLED's; ignored{}",
                        table.names[i],
                        did_you_mean(key, ACLED_COLUMNS)
                    ),
                )
                .at(1, i + 1),
            );
        }
        let req = |name: &str| pos(name).unwrap_or_default();
        Ok(Self {
            id: req("event_id_cnty"),
            date: req("event_date"),
            event_type: req("event_type"),
            sub_event_type: req("sub_event_type"),
            actor1: req("actor1"),
            location: req("location"),
            latitude: req("latitude"),
            longitude: req("longitude"),
            assoc_actor_1: pos("assoc_actor_1"),
            actor2: pos("actor2"),
            source: pos("source"),
            notes: pos("notes"),
            report: pos("report"),
        })
    }
}

/// How often an actor appears.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct ActorSeen {
    /// Rows naming it (as actor1, actor2 or an associated actor).
    rows: usize,
    /// Changes of territory with it as actor1 (those need a status).
    changes: usize,
}

/// The status id a mapping entry names: a status id, or an id or label in another case.
fn resolve_status<'a>(statuses: &'a [StatusDef], name: &str) -> Option<&'a str> {
    statuses
        .iter()
        .find(|s| s.id == name)
        .or_else(|| {
            statuses
                .iter()
                .find(|s| s.id.eq_ignore_ascii_case(name) || s.label.eq_ignore_ascii_case(name))
        })
        .map(|s| s.id.as_str())
}

/// The mapping from the file and the command line, with every status checked.
fn build_mapping(opts: &ImportOptions, scenario: &Scenario) -> Result<ActorMapping, Diagnostics> {
    let mut errors = Vec::new();
    let (mut mapping, text) = match &opts.mapping {
        Some(p) => ActorMapping::load(p).map_err(one)?,
        None => (ActorMapping::default(), String::new()),
    };
    let status_list = || {
        scenario
            .statuses
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let ids = || scenario.statuses.iter().map(|s| s.id.as_str());
    for (actor, status) in &mut mapping.actors {
        if status.trim().is_empty() {
            continue;
        }
        match resolve_status(&scenario.statuses, status.trim()) {
            Some(id) => *status = id.to_string(),
            None => {
                if let Some(p) = &opts.mapping {
                    errors.push(
                        Diagnostic::error(
                            p,
                            format!(
                                "actor \"{actor}\": \"{status}\" is not a status of the scenario{}",
                                did_you_mean(status, ids())
                            ),
                        )
                        .at_opt(locate(&text, &format!("\"{actor}\""), 0))
                        .help(format!("the statuses are: {}", status_list())),
                    );
                }
            }
        }
    }
    if mapping.report == Some(ReportKind::Refuted)
        && let Some(p) = &opts.mapping
    {
        errors.push(
            Diagnostic::error(p, "report: Refuted needs a date the claim was refuted on, which an export does not give")
                .at_opt(locate(&text, "Refuted", 0))
                .help("use Confirmed, Claimed, Disputed or Unconfirmed"),
        );
    }
    for (actor, status) in &opts.actors {
        match resolve_status(&scenario.statuses, status) {
            Some(id) => {
                mapping.actors.insert(actor.clone(), id.to_string());
            }
            None => errors.push(
                Diagnostic::error(
                    "--actor",
                    format!(
                        "\"{actor}={status}\": \"{status}\" is not a status of the scenario{}",
                        did_you_mean(status, ids())
                    ),
                )
                .help(format!("the statuses are: {}", status_list())),
            ),
        }
    }
    if errors.is_empty() {
        Ok(mapping)
    } else {
        Err(Diagnostics(errors))
    }
}

/// A RON string literal.
fn ron_string(text: &str) -> String {
    ron::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

/// The mapping template: every actor seen, the ones with changes of territory first, with
/// the status already known (or "") and a comment counting its rows.
fn mapping_template(
    input: &Path,
    scenario: &Scenario,
    actors: &HashMap<String, ActorSeen>,
    mapping: &ActorMapping,
) -> String {
    let mut list: Vec<(&String, &ActorSeen)> = actors.iter().collect();
    list.sort_by(|a, b| {
        b.1.changes
            .cmp(&a.1.changes)
            .then(b.1.rows.cmp(&a.1.rows))
            .then(a.0.cmp(b.0))
    });
    let statuses: Vec<&str> = scenario.statuses.iter().map(|s| s.id.as_str()).collect();
    let mut out = format!(
        "// Actors in {}, for `frontline import-events --mapping FILE`.\n\
         // Give each actor that takes or regains a capital the status it stands for ({}).\n\
         // An actor left \"\" is an error only when it is actor1 of a change of territory imported.\n\
         ActorMapping(\n    actors: {{\n",
        input.display(),
        statuses.join(", ")
    );
    for (actor, seen) in list {
        let status = mapping
            .actors
            .get(actor.as_str())
            .cloned()
            .unwrap_or_default();
        let changes = match seen.changes {
            0 => String::new(),
            1 => ", actor1 of 1 change of territory".to_string(),
            n => format!(", actor1 of {n} changes of territory"),
        };
        out.push_str(&format!(
            "        {}: {}, // {} row{}{changes}\n",
            ron_string(actor),
            ron_string(&status),
            seen.rows,
            if seen.rows == 1 { "" } else { "s" }
        ));
    }
    out.push_str("    },\n");
    match mapping.report {
        Some(k) => out.push_str(&format!(
            "    report: {}, // the report kind of every imported change\n",
            report_name(k)
        )),
        None => out.push_str(
            "    // report: Claimed, // the report kind of every imported change (default Confirmed)\n",
        ),
    }
    out.push_str(")\n");
    out
}

/// A report kind as written in RON (`Claimed`).
fn report_name(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::Confirmed => "Confirmed",
        ReportKind::Claimed => "Claimed",
        ReportKind::Disputed => "Disputed",
        ReportKind::Unconfirmed => "Unconfirmed",
        ReportKind::Refuted => "Refuted",
        ReportKind::Context => "Context",
    }
}

/// Writes events as a RON events file, after a comment (`header`, one `//` line per line).
/// Fields are written in the order the shipped events files use; empty ones are left out.
pub fn events_to_ron(events: &[Event], header: &str) -> String {
    fn source(s: &Source) -> String {
        match &s.url {
            Some(url) => format!(
                "Source(text: {}, url: {})",
                ron_string(&s.text),
                ron_string(url)
            ),
            None => format!("Source(text: {})", ron_string(&s.text)),
        }
    }
    fn list(out: &mut String, name: &str, sources: &[Source]) {
        if sources.is_empty() {
            out.push_str(&format!("        {name}: [],\n"));
            return;
        }
        out.push_str(&format!("        {name}: [\n"));
        for s in sources {
            out.push_str(&format!("            {},\n", source(s)));
        }
        out.push_str("        ],\n");
    }
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("[\n");
    for e in events {
        out.push_str("    Event(\n");
        out.push_str(&format!("        date: \"{}\",\n", e.date));
        out.push_str(&format!("        capital: {},\n", ron_string(&e.capital)));
        if !e.status.is_empty() {
            out.push_str(&format!("        status: {},\n", ron_string(&e.status)));
        }
        out.push_str(&format!("        report: {},\n", e.report_name()));
        if let Some(d) = e.refuted_on {
            out.push_str(&format!("        refuted_on: \"{d}\",\n"));
        }
        if let Some(d) = e.confirmed_on {
            out.push_str(&format!("        confirmed_on: \"{d}\",\n"));
        }
        if !e.confirmed_by().is_empty() {
            list(&mut out, "confirmed_by", e.confirmed_by());
        }
        if let Some(open) = e.open_at_end() {
            out.push_str(&format!("        open_at_end: {},\n", ron_string(open)));
        }
        if !e.note.is_empty() {
            out.push_str(&format!("        note: {},\n", ron_string(&e.note)));
        }
        list(&mut out, "sources", &e.sources);
        if let Some(id) = e.id() {
            out.push_str(&format!("        id: {},\n", ron_string(id)));
        }
        out.push_str("    ),\n");
    }
    out.push_str("]\n");
    out
}

/// The output's format, from its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Ron,
    Csv,
}

fn output_format(path: &Path) -> Result<Format, Diagnostic> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("ron") => Ok(Format::Ron),
        Some("csv") => Ok(Format::Csv),
        _ => Err(Diagnostic::error(
            path,
            "the output must end in .ron (a RON events file) or .csv (an events table)",
        )
        .help(
            "write -o events.ron, or -o events.csv, and list it in the scenario's `events_files`",
        )),
    }
}

/// Reads the scenario file alone (its events files are not needed: only capitals, statuses
/// and dates).
fn read_scenario_file(path: &Path) -> Result<Scenario, Diagnostic> {
    let text = crate::fsio::read_text(path, MAX_RON_BYTES, "scenario file").map_err(|e| {
        let d = Diagnostic::error(path, e.message);
        match e.help {
            Some(h) => d.help(h),
            None => d,
        }
    })?;
    parse_ron(path, &text)
}

/// The same file, when both exist.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn import(opts: &ImportOptions, progress: &Progress) -> Result<ImportSummary, Diagnostics> {
    if opts.output.is_none() && opts.write_mapping.is_none() {
        return Err(one(
            Diagnostic::error(&opts.input, "nothing to write").help(
                "give -o EVENTS.ron (or .csv) to import the events, or --write-mapping ACTORS.ron to list the actors",
            ),
        ));
    }
    if !(opts.within_km.is_finite() && opts.within_km >= 0.0) {
        return Err(one(Diagnostic::error(
            "--within-km",
            format!("{} is not a distance", short_number(opts.within_km)),
        )
        .help("give a distance in km, e.g. --within-km 10")));
    }
    let format = opts
        .output
        .as_deref()
        .map(output_format)
        .transpose()
        .map_err(one)?;
    for out in opts
        .output
        .iter()
        .chain(&opts.write_mapping)
        .chain(&opts.report)
    {
        for input in [&opts.input, &opts.scenario]
            .into_iter()
            .chain(&opts.mapping)
        {
            if same_file(out, input) {
                return Err(one(Diagnostic::error(
                    out,
                    format!("would overwrite the input {}", input.display()),
                )
                .help("write the output to another file")));
            }
        }
    }

    progress.stage("reading the scenario", 0.0);
    let scenario = read_scenario_file(&opts.scenario).map_err(one)?;
    let mapping = build_mapping(opts, &scenario)?;

    progress.stage("reading the export", 0.05);
    let file = crate::fsio::open_input(&opts.input, MAX_CSV_BYTES, "export").map_err(|e| {
        let d = Diagnostic::error(&opts.input, e.message);
        one(match e.help {
            Some(h) => d.help(h),
            None => d,
        })
    })?;
    let size = file.metadata().map(|m| m.len()).unwrap_or_default();
    let input = ProgressReader::new(file, size, progress, 0.05, 0.9);
    let mut table = Table::open(&opts.input, input, "export").map_err(one)?;
    let mut warnings = Warnings::default();
    let cols = Columns::find(&table, &mut warnings).map_err(one)?;

    let importing = opts.output.is_some();
    let capitals = Capitals::new(&scenario.capitals);
    let mut actors: HashMap<String, ActorSeen> = HashMap::new();
    let mut errors: Vec<Diagnostic> = Vec::new();
    // Actor → (changes of territory, first row), for actors the mapping lacks.
    let mut missing: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    let mut events: Vec<(Date, u64, Event)> = Vec::new();
    let mut left_out: BTreeMap<String, usize> = BTreeMap::new();
    let mut report = csv::Writer::from_writer(Vec::new());
    let mut report_error = None;
    // The row, the columns a row needs (in that order), and why it was not imported.
    let header = std::iter::once("row")
        .chain(REQUIRED)
        .chain(std::iter::once("reason"));
    if let Err(e) = report.write_record(header) {
        report_error = Some(e.to_string());
    }
    let (mut rows, mut unmatched, mut outside, mut by_name, mut by_distance) = (0, 0, 0, 0, 0);
    let date_help = |needs_order: bool| {
        if needs_order {
            "pass --date-order dmy (day first, 15/08/2021) or --date-order mdy (month first, 08/15/2021); or write dates as YYYY-MM-DD"
        } else {
            "write dates as YYYY-MM-DD (2021-08-15) or DD Month YYYY (15 August 2021), as ACLED does"
        }
    };

    loop {
        match table.next_row() {
            Ok(true) => {}
            Ok(false) => break,
            Err(d) => {
                errors.push(d);
                break;
            }
        }
        if errors.len() >= MAX_ERRORS {
            errors.push(
                Diagnostic::error(
                    &opts.input,
                    format!("stopped reading after {MAX_ERRORS} errors"),
                )
                .at(table.row as usize, 1)
                .help("fix these and import again"),
            );
            break;
        }
        rows += 1;
        let cell = |i: usize| table.cell(i);
        let opt_cell = |i: Option<usize>| i.map_or("", |i| table.cell(i));

        // Every actor the row names, once each.
        let actor1 = cell(cols.actor1);
        let mut named: Vec<&str> = vec![actor1, opt_cell(cols.actor2)];
        named.extend(opt_cell(cols.assoc_actor_1).split(';').map(str::trim));
        named.retain(|a| !a.is_empty());
        named.sort_unstable();
        named.dedup();
        for a in &named {
            actors.entry((*a).to_string()).or_default().rows += 1;
        }
        let sub = cell(cols.sub_event_type);
        let territorial = is_territory_change(sub);
        if territorial && !actor1.is_empty() {
            actors.entry(actor1.to_string()).or_default().changes += 1;
        }
        if !importing {
            continue;
        }
        if !territorial && !opts.all_events {
            *left_out
                .entry(format!("{}: {}", cell(cols.event_type), sub))
                .or_default() += 1;
            continue;
        }

        let date = match parse_date_cell(cell(cols.date), opts.date_order) {
            Ok(d) => d,
            Err(p) => {
                errors.push(
                    table
                        .error(cols.date, p.message)
                        .help(date_help(p.needs_order)),
                );
                continue;
            }
        };
        let point =
            coordinate(cell(cols.latitude), 90.0).zip(coordinate(cell(cols.longitude), 180.0));
        let location = cell(cols.location);
        // A row not imported goes to the report, with why.
        let mut not_imported = |reason: String| {
            let record = [
                table.row.to_string(),
                cell(cols.id).to_string(),
                cell(cols.date).to_string(),
                cell(cols.event_type).to_string(),
                sub.to_string(),
                actor1.to_string(),
                location.to_string(),
                cell(cols.latitude).to_string(),
                cell(cols.longitude).to_string(),
                reason,
            ];
            if let Err(e) = report.write_record(&record) {
                report_error = Some(e.to_string());
            }
        };
        let (capital, matched_by_name) = match capitals.find(location, point, opts.within_km) {
            Place::Name(i) => (i, true),
            Place::Near(i) => (i, false),
            Place::Unmatched(reason) => {
                unmatched += 1;
                not_imported(reason);
                continue;
            }
        };
        if date < scenario.start || date > scenario.end {
            outside += 1;
            not_imported(format!(
                "{date} is outside the scenario's dates, {} to {} (at {})",
                scenario.start, scenario.end, scenario.capitals[capital].id
            ));
            continue;
        }

        let column_report = match opt_cell(cols.report) {
            "" => None,
            text => match ReportKind::parse(text) {
                Some(ReportKind::Refuted) | None => {
                    errors.push(
                        table
                            .error(
                                cols.report.unwrap_or_default(),
                                format!("\"{text}\" is not a report kind an import can give"),
                            )
                            .help("write confirmed, claimed, disputed, unconfirmed or context, or leave it empty"),
                    );
                    continue;
                }
                Some(k) => Some(k),
            },
        };
        let (status, report_kind) = if territorial {
            if actor1.is_empty() {
                errors.push(
                    table
                        .error(cols.actor1, "a change of territory with no actor1")
                        .help("name the actor that takes or regains the place in actor1"),
                );
                continue;
            }
            match mapping.actors.get(actor1).filter(|s| !s.is_empty()) {
                Some(status) => (
                    status.as_str(),
                    column_report.or(mapping.report).unwrap_or_default(),
                ),
                None => {
                    missing
                        .entry(actor1.to_string())
                        .or_insert((0, table.row))
                        .0 += 1;
                    continue;
                }
            }
        } else {
            ("", ReportKind::Context)
        };

        let capital_id = scenario.capitals[capital].id.as_str();
        let id = cell(cols.id);
        let via = if id.is_empty() {
            "via ACLED".to_string()
        } else {
            format!("via ACLED {id}")
        };
        let mut sources: Vec<Source> = opt_cell(cols.source)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Source::new(&format!("{s}, {via}"), None))
            .collect();
        if sources.is_empty() {
            let text = if id.is_empty() {
                "ACLED".to_string()
            } else {
                format!("ACLED {id}")
            };
            sources.push(Source::new(&text, None));
        }
        let note = match opt_cell(cols.notes) {
            "" => sub,
            n => n,
        };
        let mut event = Event::new(date, capital_id, status);
        event.report = report_kind;
        event.note = note.into();
        event.sources = crate::model::scenario::intern::sources(sources);
        if !id.is_empty() {
            event.more_mut().id = Some(id.to_string());
        }
        if matched_by_name {
            by_name += 1;
        } else {
            by_distance += 1;
        }
        events.push((date, table.row, event));
    }
    if let Some(e) = report_error {
        errors.push(Diagnostic::error(
            &opts.input,
            format!("cannot write the report: {e}"),
        ));
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }

    progress.stage("writing", 0.95);
    let mut summary = ImportSummary {
        input: opts.input.clone(),
        rows,
        within_km: opts.within_km,
        actors: actors.len(),
        warnings: Diagnostics(warnings.finish(&opts.input)),
        ..ImportSummary::default()
    };
    let exists = |p: &Path| -> Result<(), Diagnostics> {
        if !opts.force && p.exists() {
            return Err(one(Diagnostic::error(
                p,
                "the file exists; it is not replaced",
            )
            .help("pass --force to replace it, or write to another file")));
        }
        Ok(())
    };
    let write = |p: &Path, bytes: &[u8]| -> Result<(), Diagnostics> {
        crate::fsio::write_atomically(p, bytes)
            .map_err(|e| one(Diagnostic::error(p, e.to_string())))
    };

    // The template first: it is what a user needs when actors are missing.
    if let Some(p) = &opts.write_mapping {
        exists(p)?;
        if missing.is_empty() {
            // Check the other outputs before writing anything.
            if let Some(out) = &opts.output {
                exists(out)?;
            }
        }
        write(
            p,
            mapping_template(&opts.input, &scenario, &actors, &mapping).as_bytes(),
        )?;
        summary.mapping_template = Some(p.clone());
    }
    if !missing.is_empty() {
        let mut list: Vec<(String, (usize, u64))> = missing.into_iter().collect();
        list.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
        let statuses: Vec<&str> = scenario.statuses.iter().map(|s| s.id.as_str()).collect();
        let template = match &opts.write_mapping {
            Some(p) => format!("; {} lists every actor", p.display()),
            None => "; --write-mapping actors.ron writes a template listing every actor".into(),
        };
        return Err(Diagnostics(
            list.into_iter()
                .map(|(actor, (n, first))| {
                    Diagnostic::error(
                        &opts.input,
                        format!(
                            "row {first}, column \"actor1\": the actor \"{actor}\" takes or regains territory in {n} row(s) but has no status in the mapping"
                        ),
                    )
                    .at(first as usize, cols.actor1 + 1)
                    .help(format!(
                        "map it: --actor \"{actor}=<status>\", or \"{actor}\": \"<status>\" in the mapping file (the statuses: {}){template}",
                        statuses.join(", ")
                    ))
                })
                .collect(),
        ));
    }
    let (Some(out), Some(format)) = (&opts.output, format) else {
        return Ok(summary);
    };

    events.sort_by_key(|(date, row, _)| (*date, *row));
    let events: Vec<Event> = events.into_iter().map(|(_, _, e)| e).collect();
    summary.changes = events
        .iter()
        .filter(|e| e.report != ReportKind::Context)
        .count();
    summary.context = events.len() - summary.changes;
    summary.by_name = by_name;
    summary.by_distance = by_distance;
    summary.unmatched = unmatched;
    summary.outside_dates = outside;
    summary.output = Some(out.clone());
    summary.left_out = left_out;

    let text = match format {
        Format::Ron => events_to_ron(
            &events,
            &format!(
                "Events imported by `frontline import-events` from {} ({rows} rows):\n\
                 {} change(s) of territory, {} context event(s). Sorted by date; same-day events in the\n\
                 export's row order. Each keeps the export's event_id_cnty as `id`.",
                opts.input.display(),
                summary.changes,
                summary.context
            ),
        ),
        Format::Csv => events_to_csv(&events).map_err(|e| {
            one(Diagnostic::error(
                out,
                format!("cannot write the events: {e}"),
            ))
        })?,
    };
    let report_path = match &opts.report {
        Some(p) => Some(p.clone()),
        None if unmatched + outside > 0 => Some(out.with_extension("unmatched.csv")),
        None => None,
    };
    exists(out)?;
    if let Some(p) = &report_path {
        exists(p)?;
    }
    let report_bytes = report.into_inner().map_err(|e| {
        one(Diagnostic::error(
            out,
            format!("cannot write the report: {e}"),
        ))
    })?;
    write(out, text.as_bytes())?;
    if let Some(p) = report_path {
        write(&p, &report_bytes)?;
        summary.report = Some(p);
    }
    progress.set(1.0);
    Ok(summary)
}
