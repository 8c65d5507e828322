//! Reading scenario files from disk: the scenario RON file and the events files it names,
//! with RON syntax errors turned into diagnostics carrying line:column.

use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use super::diagnostic::{Diagnostic, SourceLocation};
use super::scenario::{Event, Scenario};

/// A text file as read, kept so that validation can point at lines in it. The start of every
/// line is indexed once, so placing a diagnostic costs a binary search, not a scan of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as given (scenario) or resolved against the scenario's folder (events).
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A file and its text.
    pub fn new(path: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            path,
            text,
            line_starts,
        }
    }

    /// The 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> SourceLocation {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |l| l.chars().count())
            + 1;
        SourceLocation::LineCol { line, col }
    }

    /// Frees the text once nothing needs to point into it (after validation), keeping the
    /// path. Later lookups find nothing.
    pub fn release_text(&mut self) {
        self.text = String::new();
        self.line_starts = vec![0];
    }

    /// Where `needle` first occurs at or after byte `from`.
    pub fn locate(&self, needle: &str, from: usize) -> Option<SourceLocation> {
        let start = from.min(self.text.len());
        let offset = start + self.text.get(start..)?.find(needle)?;
        Some(self.line_col(offset))
    }
}

/// Where an event was written: which file (0 = the scenario file, 1.. = `events_files` in
/// order) and its position in that file's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventOrigin {
    /// Index into [`ScenarioSources::files`].
    pub file: usize,
    /// 0-based position of the event in that file's list.
    pub item: usize,
}

/// A scenario as read from disk, events of all files merged into `scenario.events` in file
/// order (the order that also breaks ties between same-day events).
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioSources {
    /// The scenario, with `events` holding every event from every file.
    pub scenario: Scenario,
    /// The scenario file first, then each events file.
    pub files: Vec<SourceFile>,
    /// Per event in `scenario.events`, where it was written.
    pub event_origins: Vec<EventOrigin>,
}

impl ScenarioSources {
    /// The folder relative paths in the scenario are resolved against.
    pub fn base_dir(&self) -> &Path {
        self.files[0].path.parent().unwrap_or(Path::new(""))
    }

    /// The scenario file's path.
    pub fn scenario_path(&self) -> &Path {
        &self.files[0].path
    }

    /// The file an event was written in.
    pub fn event_file(&self, event_index: usize) -> &SourceFile {
        &self.files[self.event_origins[event_index].file]
    }

    /// Resolves a path written in the scenario relative to the scenario file.
    pub fn resolve(&self, relative: &str) -> PathBuf {
        self.base_dir().join(relative)
    }
}

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

/// Reads a scenario file and every events file it names. Returns all problems found (a syntax
/// error in one events file does not hide one in another).
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
    // The texts stay shared by the events that hold them; the set itself is not needed now.
    super::scenario::intern::clear();
    if problems.is_empty() {
        Ok(ScenarioSources {
            scenario,
            files,
            event_origins,
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
    let sources = ScenarioSources {
        scenario,
        files: vec![SourceFile::new(path.to_path_buf(), text.to_string())],
        event_origins,
    };
    let diags = super::validate::validate_scenario(&sources);
    if diags.has_errors() {
        return Err(diags.0);
    }
    super::Timeline::new(&sources.scenario)
        .map_err(|e| vec![Diagnostic::error(path, e.to_string())])
}
