//! A scenario's files as read: their text (kept while validation points into it), where each
//! event was written, and the scenario they make. [`super::load`] fills them in;
//! [`super::validate`] reads them to place its diagnostics.

use std::path::{Path, PathBuf};

use super::diagnostic::SourceLocation;
use super::scenario::Scenario;

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
    /// For a CSV events file (whose text is not kept): the row of each event and the file's
    /// columns and warnings, so that diagnostics point at a row and a column.
    pub csv: Option<super::csv_events::CsvLayout>,
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
            csv: None,
        }
    }

    /// A CSV events file: no text (it was streamed), its rows and columns instead.
    pub fn csv(path: PathBuf, layout: super::csv_events::CsvLayout) -> Self {
        Self {
            csv: Some(layout),
            ..Self::new(path, String::new())
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
        self.csv = None;
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
    /// Per annotation in `scenario.annotations`, where it was written.
    pub annotation_origins: Vec<EventOrigin>,
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
