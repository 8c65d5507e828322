//! Reading scenario files from disk: the scenario RON file and the events files it names,
//! with RON syntax errors turned into diagnostics carrying line:column.

use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use super::diagnostic::Diagnostic;
use super::scenario::{Event, Scenario};
pub use super::sources::{EventOrigin, ScenarioSources, SourceFile};

/// RON options used for every file: `Some(..)` may be left out around optional values.
fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Parses RON text, turning a syntax or shape error into a diagnostic with line:column.
pub fn parse_ron<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    ron_options()
        .from_str(text)
        .map_err(|e| ron_diagnostic(path, e))
}

/// Parses an events file (a list of `Event(...)`) into a list allocated once at about its final
/// size: the capacity is counted from the text, so a million events never wait in a list twice
/// their size while it grows.
pub fn parse_events(path: &Path, text: &str) -> Result<Vec<Event>, Diagnostic> {
    struct Seed(usize);
    struct Visit(usize);
    impl<'de> serde::de::DeserializeSeed<'de> for Seed {
        type Value = Vec<Event>;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(Visit(self.0))
        }
    }
    impl<'de> serde::de::Visitor<'de> for Visit {
        type Value = Vec<Event>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of Event(...)")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut events = Vec::with_capacity(self.0);
            while let Some(e) = seq.next_element()? {
                events.push(e);
            }
            events.shrink_to_fit();
            Ok(events)
        }
    }
    // Every event starts with `Event(` (a count from comments or notes only over-reserves).
    let hint = text.matches("Event(").count().min(1 << 24);
    ron_options()
        .from_str_seed(text, Seed(hint))
        .map_err(|e| ron_diagnostic(path, e))
}

fn ron_diagnostic(path: &Path, e: ron::error::SpannedError) -> Diagnostic {
    let help = ron_help(&e.code);
    let mut d = Diagnostic::error(path, e.code.to_string()).at(e.span.start.line, e.span.start.col);
    if let Some(help) = help {
        d = d.help(help);
    }
    d
}

fn ron_help(code: &ron::Error) -> Option<String> {
    use ron::Error as E;
    match code {
        E::MissingStructField { .. } => {
            Some("add the field; the README's \"Scenario format\" section lists every field".into())
        }
        E::NoSuchStructField { expected, .. } => Some(format!(
            "the fields allowed here are: {}",
            expected.join(", ")
        )),
        E::ExpectedDifferentStructName { .. } => {
            Some("check the struct name before the opening parenthesis".into())
        }
        E::Message(m)
            if ["date", "month", "year", "day"]
                .iter()
                .any(|w| m.to_lowercase().contains(w)) =>
        {
            Some("write dates as \"YYYY-MM-DD\", e.g. \"2021-08-15\"".into())
        }
        E::ExpectedComma | E::ExpectedArrayEnd | E::ExpectedStructLikeEnd => {
            Some("a comma or closing bracket is probably missing just before this point".into())
        }
        _ => None,
    }
}

/// The largest scenario or events file read, in bytes.
pub const MAX_RON_BYTES: u64 = 512 << 20;

fn read_text(path: &Path, what: &str) -> Result<String, Diagnostic> {
    crate::fsio::read_text(path, MAX_RON_BYTES, &format!("{what} file")).map_err(|e| {
        let d = Diagnostic::error(path, e.message);
        match e.help {
            Some(h) => d.help(h),
            None => d.help("check that the file is readable"),
        }
    })
}

/// True for an events file read as CSV: its name ends in `.csv` (any case).
pub fn is_csv(path: &str) -> bool {
    Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// Reads a scenario file and every events file it names (RON, or CSV for names ending in
/// `.csv`). Returns all problems found (a syntax error in one events file does not hide one in
/// another).
pub fn read_scenario(path: &Path) -> Result<ScenarioSources, Vec<Diagnostic>> {
    let text = read_text(path, "scenario").map_err(|d| vec![d])?;
    let mut scenario: Scenario = parse_ron(path, &text).map_err(|d| vec![d])?;
    let mut files = vec![SourceFile::new(path.to_path_buf(), text)];
    let mut event_origins: Vec<EventOrigin> = (0..scenario.events.len())
        .map(|item| EventOrigin { file: 0, item })
        .collect();
    let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut problems = Vec::new();
    let scenario_canonical = std::fs::canonicalize(path).ok();
    let mut seen: Vec<PathBuf> = Vec::new();
    for relative in scenario.events_files.clone() {
        let events_path = base.join(&relative);
        // The same file twice would apply every event twice; the scenario itself is not a
        // list of events.
        let at = files[0].locate(&format!("\"{relative}\""), 0);
        let canonical = std::fs::canonicalize(&events_path).ok();
        if let Some(c) = &canonical {
            if Some(c) == scenario_canonical.as_ref() {
                problems.push(
                    Diagnostic::error(path, format!("events file \"{relative}\" is the scenario file itself"))
                        .at_opt(at)
                        .help("`events_files` lists other files holding lists of Event(...); put events in `events: [...]` to keep them in the scenario file"),
                );
                continue;
            }
            if seen.contains(c) {
                problems.push(
                    Diagnostic::error(path, format!("events file \"{relative}\" is listed twice ({})", c.display()))
                        .at_opt(at)
                        .help("list each events file once; listed twice, every event in it would apply twice"),
                );
                continue;
            }
            seen.push(c.clone());
        }
        if is_csv(&relative) {
            // Streamed row by row; capitals are matched by id, name or alternate name.
            let loaded = super::csv_events::load_events_csv(
                &events_path,
                &super::csv_events::CsvOptions {
                    capitals: &scenario.capitals,
                    statuses: &scenario.statuses,
                    date_order: scenario.csv_date_order,
                    order_help: super::csv_events::SCENARIO_ORDER_HELP,
                },
            );
            match loaded {
                Ok(read) => {
                    let file = files.len();
                    event_origins
                        .extend((0..read.events.len()).map(|item| EventOrigin { file, item }));
                    if scenario.events.is_empty() {
                        scenario.events = read.events;
                    } else {
                        scenario.events.extend(read.events);
                    }
                    files.push(SourceFile::csv(events_path, read.layout));
                }
                Err(ds) => problems.extend(ds),
            }
            continue;
        }
        let loaded = read_text(&events_path, "events")
            .and_then(|text| parse_events(&events_path, &text).map(|ev| (text, ev)));
        match loaded {
            Ok((text, events)) => {
                let file = files.len();
                event_origins.extend((0..events.len()).map(|item| EventOrigin { file, item }));
                if scenario.events.is_empty() {
                    // Moved, not copied: a million events are not reallocated.
                    scenario.events = events;
                } else {
                    scenario.events.extend(events);
                }
                files.push(SourceFile::new(events_path, text));
            }
            Err(d) => problems.push(d),
        }
    }
    let mut annotation_origins: Vec<EventOrigin> = (0..scenario.annotations.len())
        .map(|item| EventOrigin { file: 0, item })
        .collect();
    for relative in scenario.annotations_files.clone() {
        let annotations_path = base.join(&relative);
        let loaded = read_text(&annotations_path, "annotations").and_then(|text| {
            parse_ron::<Vec<super::annotations::Annotation>>(&annotations_path, &text)
                .map(|list| (text, list))
        });
        match loaded {
            Ok((text, list)) => {
                let file = files.len();
                annotation_origins.extend((0..list.len()).map(|item| EventOrigin { file, item }));
                scenario.annotations.extend(list);
                files.push(SourceFile::new(annotations_path, text));
            }
            Err(d) => problems.push(d),
        }
    }
    // The texts stay shared by the events that hold them; the set itself is not needed now.
    super::scenario::intern::clear();
    if problems.is_empty() {
        Ok(ScenarioSources {
            scenario,
            files,
            event_origins,
            annotation_origins,
        })
    } else {
        Err(problems)
    }
}

/// Reads a scenario from text alone (events files are not read) and runs every check on it:
/// RON parsing, validation and the timeline index. Used by the fuzz targets; returns the
/// problems found, if any.
pub fn check_scenario_text(path: &Path, text: &str) -> Result<super::Timeline, Vec<Diagnostic>> {
    let scenario: Scenario = parse_ron(path, text).map_err(|d| vec![d])?;
    let event_origins = (0..scenario.events.len())
        .map(|item| EventOrigin { file: 0, item })
        .collect();
    let annotation_origins = (0..scenario.annotations.len())
        .map(|item| EventOrigin { file: 0, item })
        .collect();
    let sources = ScenarioSources {
        scenario,
        files: vec![SourceFile::new(path.to_path_buf(), text.to_string())],
        event_origins,
        annotation_origins,
    };
    let diags = super::validate::validate_scenario(&sources);
    if diags.has_errors() {
        return Err(diags.0);
    }
    super::Timeline::new(&sources.scenario)
        .map_err(|e| vec![Diagnostic::error(path, e.to_string())])
}
