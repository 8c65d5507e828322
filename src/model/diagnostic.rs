//! Diagnostics: what is wrong in which file and where, and how to fix it. Every problem the
//! loaders and validation find becomes one of these; the CLI prints them and the window shows
//! them in its error banner.

use std::fmt;
use std::path::{Path, PathBuf};

/// A number for a message: at most 8 significant digits, in scientific notation when very
/// large or small, so `1e308` is never printed as 309 digits.
pub fn short_number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let a = v.abs();
    if a != 0.0 && !(1e-4..1e9).contains(&a) {
        let s = format!("{v:.7e}");
        // Trim trailing zeros of the mantissa: 1.0000000e308 -> 1e308.
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        return format!("{mantissa}e{exponent}");
    }
    let digits = 8 - (a.log10().floor() as i32 + 1).clamp(0, 8);
    let s = format!("{v:.*}", digits.max(0) as usize);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// How serious a diagnostic is: errors stop a scenario from loading, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The data can be used, but something looks wrong.
    Warning,
    /// The data cannot be used until this is fixed.
    Error,
}

/// Where in a file a problem is: a line and column (1-based), or a description such as
/// "feature 12" when the format gives no position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceLocation {
    /// 1-based line and column.
    LineCol { line: usize, col: usize },
    /// A named place, e.g. `feature 12` or `event 5`.
    Item(String),
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceLocation::LineCol { line, col } => write!(f, "{line}:{col}"),
            SourceLocation::Item(item) => f.write_str(item),
        }
    }
}

/// One problem found in a scenario or boundaries file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in.
    pub file: PathBuf,
    /// Where in the file, when known.
    pub location: Option<SourceLocation>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new error in `file`.
    pub fn error(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    /// A new warning in `file`.
    pub fn warning(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self {
            severity,
            file: file.as_ref().to_path_buf(),
            location: None,
            message: message.into(),
            help: None,
        }
    }

    /// Sets the position as line and column (1-based).
    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.location = Some(SourceLocation::LineCol { line, col });
        self
    }

    /// Sets the position when one is known.
    pub fn at_opt(mut self, location: Option<SourceLocation>) -> Self {
        if location.is_some() {
            self.location = location;
        }
        self
    }

    /// Sets a named place (`feature 3`, `event 12`).
    pub fn at_item(mut self, item: impl Into<String>) -> Self {
        self.location = Some(SourceLocation::Item(item.into()));
        self
    }

    /// Adds advice on how to fix the problem.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", self.file.display())?;
        match &self.location {
            Some(loc @ SourceLocation::LineCol { .. }) => write!(f, ":{loc}")?,
            Some(loc @ SourceLocation::Item(_)) => write!(f, " ({loc})")?,
            None => {}
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A list of diagnostics with helpers to ask whether any is an error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// True when at least one diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    /// True when there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl Diagnostics {
    /// The diagnostics as text, errors first, at most `limit` of them (all when None), then a
    /// line saying how many were left out and how to see them.
    pub fn render(&self, limit: Option<usize>, see_all: &str) -> String {
        let mut sorted: Vec<&Diagnostic> = self.0.iter().collect();
        // Stable: errors first, each kind in the order found.
        sorted.sort_by_key(|d| std::cmp::Reverse(d.severity));
        let shown = limit.unwrap_or(usize::MAX).min(sorted.len());
        let mut out: Vec<String> = sorted[..shown].iter().map(|d| d.to_string()).collect();
        if shown < sorted.len() {
            out.push(format!(
                "… and {} more ({see_all} shows every one)",
                sorted.len() - shown
            ));
        }
        out.join("\n")
    }
}

/// The 1-based line and column of the first occurrence of `needle` in `text` at or after
/// byte `from`; used to point at an id that validation found wrong.
pub fn locate(text: &str, needle: &str, from: usize) -> Option<SourceLocation> {
    let start = from.min(text.len());
    let offset = start + text.get(start..)?.find(needle)?;
    Some(line_col(text, offset))
}

/// The 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> SourceLocation {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    SourceLocation::LineCol { line, col }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_messages_are_short() {
        assert_eq!(short_number(1e308), "1e308");
        assert_eq!(short_number(-2.5e-12), "-2.5e-12");
        assert_eq!(short_number(69.172), "69.172");
        assert_eq!(short_number(123456.789012345), "123456.79");
        assert_eq!(short_number(0.0), "0");
        assert_eq!(short_number(-180.00000001), "-180");
        assert!(short_number(f64::MAX).len() < 16);
    }

    #[test]
    fn display_names_file_place_and_help() {
        let d = Diagnostic::error("a/b.ron", "unknown status \"x\"")
            .at(3, 7)
            .help("use one of: y, z");
        assert_eq!(
            d.to_string(),
            "error: a/b.ron:3:7: unknown status \"x\"\n  help: use one of: y, z"
        );
        let w = Diagnostic::warning("p.geojson", "no capital").at_item("feature 2");
        assert_eq!(w.to_string(), "warning: p.geojson (feature 2): no capital");
    }

    #[test]
    fn locate_finds_line_and_column() {
        let text = "a\nbc \"x\"\n\"x\"";
        assert_eq!(
            locate(text, "\"x\"", 0),
            Some(SourceLocation::LineCol { line: 2, col: 4 })
        );
        assert_eq!(
            locate(text, "\"x\"", 6),
            Some(SourceLocation::LineCol { line: 3, col: 1 })
        );
        assert_eq!(locate(text, "zz", 0), None);
    }
}
