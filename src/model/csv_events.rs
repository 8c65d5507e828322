//! Events from a spreadsheet: an events file saved as CSV, one event a row, read beside (or
//! instead of) RON events files. A scenario lists it in `events_files` like any other; a path
//! ending in `.csv` is read here.
//!
//! The columns are named in the first row, in any order and any case (`Refuted On` reads as
//! `refuted_on`): `date`, `capital` and `status` are required; `report`, `note`, `sources`,
//! `refuted_on`, `confirmed_on`, `confirmed_by`, `open_at_end` and `id` are optional, one for
//! every field an event has in RON. Other columns are ignored with a warning. `capital` holds a
//! capital's id, name or alternate name; `status` a status id or label; `sources` and
//! `confirmed_by` hold `text | url` pairs separated by `;` (a `;` or `|` that is part of the
//! text is written twice: `;;`, `||`).
//!
//! What spreadsheets write is accepted as they write it: `,` `;` or tab between cells (guessed
//! from the header, or declared by Excel's `sep=;` first line), a UTF-8 byte order mark, CRLF
//! line ends, quoted cells holding line breaks. Dates are `YYYY-MM-DD`, `DD Month YYYY`
//! (ACLED's form, `15 August 2021`) or, only with a declared [`DateOrder`], `DD/MM/YYYY` or
//! `MM/DD/YYYY`. A file that is not UTF-8 is refused with the encoding it seems to be in and
//! how to re-save it.
//!
//! Every problem names the file, the row as a spreadsheet numbers it (the header is row 1) and
//! the column, as `file:row:column: row R, column "name": what is wrong`, with how to fix it.
//! The file is read as a stream (one row in memory at a time), with bounds on its size, the
//! length of a line and the number of columns, so a hostile file ends in an error, not in
//! exhausted memory.

use std::collections::HashMap;
use std::io::{Chain, Cursor, Read};
use std::path::{Path, PathBuf};

use csv::{ByteRecord, StringRecord};
use jiff::civil::Date;

use super::diagnostic::{Diagnostic, SourceLocation};
use super::scenario::{Capital, Event, ReportKind, Source, StatusDef};
use super::suggest::did_you_mean;
use crate::fsio::human_size;

pub use super::scenario::DateOrder;

/// The largest CSV file read, in bytes (the limit of RON events files).
pub const MAX_CSV_BYTES: u64 = 512 << 20;

/// The most columns a row may have: a spreadsheet of events needs a dozen.
pub const MAX_COLUMNS: usize = 1024;

/// The longest line read, in bytes. Excel holds at most 32,767 characters in a cell, so a row
/// of a spreadsheet is far shorter; a longer line is a file that is not a spreadsheet's CSV.
pub const MAX_LINE_BYTES: u64 = 16 << 20;

/// Errors gathered from one file before reading stops.
const MAX_ERRORS: usize = 200;

/// Warnings kept from one file; the rest are counted.
const MAX_WARNINGS: usize = 100;

/// Bytes read ahead to find the delimiter and, for a file that is not UTF-8, its encoding.
const HEAD_BYTES: u64 = 64 << 10;

/// The columns of an events CSV, in the order [`events_to_csv`] writes them.
pub const COLUMNS: [&str; 11] = [
    "date",
    "capital",
    "status",
    "report",
    "note",
    "sources",
    "refuted_on",
    "confirmed_on",
    "confirmed_by",
    "open_at_end",
    "id",
];

const DATE: usize = 0;
const CAPITAL: usize = 1;
const STATUS: usize = 2;
const REPORT: usize = 3;
const NOTE: usize = 4;
const SOURCES: usize = 5;
const REFUTED_ON: usize = 6;
const CONFIRMED_ON: usize = 7;
const CONFIRMED_BY: usize = 8;
const OPEN_AT_END: usize = 9;
const ID: usize = 10;

/// The columns every events CSV needs.
const REQUIRED: [usize; 3] = [DATE, CAPITAL, STATUS];

/// How to re-save a spreadsheet as UTF-8 CSV, for messages.
const RESAVE_HELP: &str = "re-save it as UTF-8: in Excel, File > Save As > \"CSV UTF-8 (Comma delimited) (*.csv)\"; in LibreOffice Calc, File > Save As > \"Text CSV\", tick \"Edit filter settings\" and choose the character set \"Unicode (UTF-8)\"; in Google Sheets, File > Download > \"Comma-separated values\"";

/// Where the events of a CSV file came from, kept beside the file so that validation can point
/// at a row and a column instead of a line of RON.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsvLayout {
    /// Per event of the file, in order: the row it was read from (the header is row 1).
    pub rows: Vec<u32>,
    /// Per field (in the order of [`COLUMNS`]), its 1-based column, when the file has it.
    pub columns: [Option<u32>; 11],
    /// Warnings found while reading (unknown columns, formulas kept as text); validation
    /// reports them with its own.
    pub warnings: Vec<Diagnostic>,
}

impl CsvLayout {
    /// The row the `item`-th event of the file was read from.
    pub fn row(&self, item: usize) -> Option<u32> {
        self.rows.get(item).copied()
    }

    /// The 1-based column holding `field` (a name of [`COLUMNS`]).
    pub fn column(&self, field: &str) -> Option<u32> {
        let f = COLUMNS.iter().position(|c| *c == field)?;
        self.columns[f]
    }

    /// Where the `item`-th event's `field` is: its row and the field's column (the date's
    /// column, or the first, when the file has no such column).
    pub fn location(&self, item: usize, field: &str) -> Option<SourceLocation> {
        let row = self.row(item)?;
        let col = self.column(field).or(self.columns[DATE]).unwrap_or(1);
        Some(SourceLocation::LineCol {
            line: row as usize,
            col: col as usize,
        })
    }
}

/// What a CSV events file is read against.
#[derive(Clone, Copy, Debug)]
pub struct CsvOptions<'a> {
    /// The scenario's capitals: `capital` cells are matched to their ids, names and alternate
    /// names.
    pub capitals: &'a [Capital],
    /// The scenario's statuses: `status` cells are matched to their ids and labels.
    pub statuses: &'a [StatusDef],
    /// How dates with slashes are read; without it they are an error.
    pub date_order: Option<DateOrder>,
    /// How the user declares the order, for messages (e.g. "add `csv_date_order: Dmy` to the
    /// scenario").
    pub order_help: &'a str,
}

/// How a scenario declares the date order, for messages about CSV events files.
pub const SCENARIO_ORDER_HELP: &str = "declare the order in the scenario: `csv_date_order: Dmy` (day first, 15/08/2021) or `csv_date_order: Mdy` (month first, 08/15/2021)";

/// The events of a CSV file and where each came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsvEvents {
    /// The events, in the file's order.
    pub events: Vec<Event>,
    /// Their rows and the file's columns and warnings.
    pub layout: CsvLayout,
}

/// Opens and reads a CSV events file (a regular file of at most [`MAX_CSV_BYTES`]).
pub fn load_events_csv(path: &Path, options: &CsvOptions) -> Result<CsvEvents, Vec<Diagnostic>> {
    let file = crate::fsio::open_input(path, MAX_CSV_BYTES, "events file").map_err(|e| {
        let d = Diagnostic::error(path, e.message);
        vec![match e.help {
            Some(h) => d.help(h),
            None => d.help("check that the file is readable"),
        }]
    })?;
    read_events_csv(path, file, options)
}

/// Reads CSV events from `input` (`path` names it in messages). Returns every problem found in
/// the rows (up to 200), or the first that stops reading (an encoding, an unclosed quote).
pub fn read_events_csv<R: Read>(
    path: &Path,
    input: R,
    options: &CsvOptions,
) -> Result<CsvEvents, Vec<Diagnostic>> {
    let mut table = Table::open(path, input, "events file").map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let mut warnings = Warnings::default();

    // The header: which column holds which field.
    let mut columns: [Option<usize>; 11] = [None; 11];
    for (i, key) in table.keys.iter().enumerate() {
        if key.is_empty() {
            continue;
        }
        match COLUMNS.iter().position(|c| *c == key.as_str()) {
            Some(f) => match columns[f] {
                Some(first) => errors.push(
                    Diagnostic::error(
                        path,
                        format!(
                            "row 1, column \"{}\": the column \"{}\" appears twice (columns {} and {})",
                            table.names[i],
                            COLUMNS[f],
                            first + 1,
                            i + 1
                        ),
                    )
                    .at(1, i + 1)
                    .help("keep one of the two columns"),
                ),
                None => columns[f] = Some(i),
            },
            None => warnings.push(
                Diagnostic::warning(
                    path,
                    format!(
                        "row 1, column \"{}\": not a column of events; its cells are ignored{}",
                        table.names[i],
                        did_you_mean(key, COLUMNS)
                    ),
                )
                .at(1, i + 1)
                .help(format!(
                    "the columns are {} (any order, any case); date, capital and status are required",
                    COLUMNS.join(", ")
                )),
            ),
        }
    }
    for f in REQUIRED {
        if columns[f].is_none() {
            errors.push(
                Diagnostic::error(
                    path,
                    format!(
                        "row 1 (the header): no \"{}\" column; the header has {}",
                        COLUMNS[f],
                        header_list(&table.names)
                    ),
                )
                .at(1, 1)
                .help(format!(
                    "the first row names the columns: date, capital and status are required, and {} are optional; this file was read with {} between cells",
                    COLUMNS[3..].join(", "),
                    table.delimiter_name()
                )),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let names = Names::new(options.capitals, options.statuses);
    let mut events = Vec::new();
    let mut rows = Vec::new();
    let mut unnamed_warned = vec![false; table.keys.len()];
    loop {
        match table.next_row() {
            Ok(true) => {}
            Ok(false) => break,
            Err(d) => {
                errors.push(d);
                break;
            }
        }
        if let Some(i) = table.extra_cell() {
            errors.push(
                table
                    .error(
                        i,
                        format!(
                            "this row has a value in column {}, beyond the header's {} columns",
                            i + 1,
                            table.keys.len()
                        ),
                    )
                    .help(format!(
                        "quote a cell that holds {} (spreadsheets do when they save CSV), or name the column in the header",
                        table.delimiter_name()
                    )),
            );
        }
        for (i, warned) in unnamed_warned.iter_mut().enumerate() {
            if !*warned && table.keys[i].is_empty() && !table.cell(i).is_empty() {
                *warned = true;
                warnings.push(
                    table
                        .warning(
                            i,
                            "this column has no name in the header, so its cells are ignored",
                        )
                        .help("name the column in the first row, or delete it"),
                );
            }
        }
        match event_of_row(&table, &columns, &names, options, &mut warnings) {
            Ok(event) => {
                events.push(event);
                rows.push(u32::try_from(table.row).unwrap_or(u32::MAX));
            }
            Err(mut ds) => errors.append(&mut ds),
        }
        if errors.len() >= MAX_ERRORS {
            errors.push(
                Diagnostic::error(path, format!("stopped reading after {MAX_ERRORS} errors"))
                    .at(table.row as usize, 1)
                    .help("fix these and read the file again"),
            );
            break;
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    events.shrink_to_fit();
    Ok(CsvEvents {
        events,
        layout: CsvLayout {
            rows,
            columns: columns.map(|c| c.map(|i| i as u32 + 1)),
            warnings: warnings.finish(path),
        },
    })
}

/// The header's names for a message: `"a", "b", "c"` (the first 12).
fn header_list(names: &[String]) -> String {
    if names.iter().all(String::is_empty) {
        return "no names".into();
    }
    let mut shown: Vec<String> = names.iter().take(12).map(|n| format!("\"{n}\"")).collect();
    if names.len() > 12 {
        shown.push(format!("… ({} in all)", names.len()));
    }
    format!("the columns {}", shown.join(", "))
}

/// Warnings of one file, at most [`MAX_WARNINGS`] kept.
#[derive(Default)]
pub(crate) struct Warnings {
    kept: Vec<Diagnostic>,
    more: usize,
}

impl Warnings {
    /// Keeps a warning, or counts it once enough are kept.
    pub(crate) fn push(&mut self, d: Diagnostic) {
        if self.kept.len() < MAX_WARNINGS {
            self.kept.push(d);
        } else {
            self.more += 1;
        }
    }

    /// The warnings kept, and one saying how many more there were.
    pub(crate) fn finish(mut self, path: &Path) -> Vec<Diagnostic> {
        if self.more > 0 {
            self.kept.push(Diagnostic::warning(
                path,
                format!("… and {} more warnings in this file", self.more),
            ));
        }
        self.kept
    }
}

/// The capitals and statuses of a scenario, looked up by what a spreadsheet writes.
struct Names<'a> {
    capitals: &'a [Capital],
    statuses: &'a [StatusDef],
    ids: HashMap<&'a str, usize>,
    names: HashMap<String, Vec<usize>>,
}

/// A name as compared: lower case, runs of white space as one space.
fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl<'a> Names<'a> {
    fn new(capitals: &'a [Capital], statuses: &'a [StatusDef]) -> Self {
        let ids = capitals
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut names: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in capitals.iter().enumerate() {
            for n in [&c.id, &c.name].into_iter().chain(&c.alt_names) {
                let known = names.entry(fold(n)).or_default();
                if !known.contains(&i) {
                    known.push(i);
                }
            }
        }
        Self {
            capitals,
            statuses,
            ids,
            names,
        }
    }

    /// The id of the capital a cell names (its id, name or an alternate name, in any case).
    /// A name no capital has is returned as written, for validation to report with a
    /// suggestion.
    fn capital<'b>(&'b self, cell: &'b str) -> Result<&'b str, String> {
        if let Some(&i) = self.ids.get(cell) {
            return Ok(&self.capitals[i].id);
        }
        match self.names.get(&fold(cell)).map(Vec::as_slice) {
            Some([i]) => Ok(&self.capitals[*i].id),
            Some(many) if many.len() > 1 => Err(format!(
                "\"{cell}\" names more than one capital: {}",
                many.iter()
                    .map(|&i| format!("{} ({})", self.capitals[i].id, self.capitals[i].name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            _ => Ok(cell),
        }
    }

    /// The id of the status a cell names (its id or label, in any case); an unknown one as
    /// written.
    fn status<'b>(&'b self, cell: &'b str) -> &'b str {
        if self.statuses.iter().any(|s| s.id == cell) {
            return cell;
        }
        self.statuses
            .iter()
            .find(|s| s.id.eq_ignore_ascii_case(cell) || s.label.eq_ignore_ascii_case(cell))
            .map_or(cell, |s| s.id.as_str())
    }
}

/// The event of the current row, or every problem in it.
fn event_of_row<R: Read>(
    table: &Table<R>,
    columns: &[Option<usize>; 11],
    names: &Names,
    options: &CsvOptions,
    warnings: &mut Warnings,
) -> Result<Event, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let get = |f: usize| columns[f].map_or("", |i| table.cell(i));
    // Only columns the file has can hold a value, so `col` is only called for those.
    let col = |f: usize| columns[f].unwrap_or(0);

    let date_help = |p: &DateProblem| {
        if p.needs_order {
            format!(
                "{}; or write the date as YYYY-MM-DD (2021-08-15)",
                options.order_help
            )
        } else {
            "write dates as YYYY-MM-DD (2021-08-15) or DD Month YYYY (15 August 2021)".into()
        }
    };
    let date_of = |f: usize, errors: &mut Vec<Diagnostic>| -> Option<Date> {
        let text = get(f);
        if text.is_empty() {
            return None;
        }
        match parse_date_cell(text, options.date_order) {
            Ok(d) => Some(d),
            Err(p) => {
                let help = date_help(&p);
                errors.push(table.error(col(f), p.message).help(help));
                None
            }
        }
    };

    let date = if get(DATE).is_empty() {
        errors.push(
            table
                .error(col(DATE), "the date is empty; every event needs one")
                .help("write the date as YYYY-MM-DD (2021-08-15), or delete the row"),
        );
        None
    } else {
        date_of(DATE, &mut errors)
    };
    let refuted_on = date_of(REFUTED_ON, &mut errors);
    let confirmed_on = date_of(CONFIRMED_ON, &mut errors);

    let capital = match get(CAPITAL) {
        "" => {
            errors.push(
                table
                    .error(col(CAPITAL), "the capital is empty; every event needs one")
                    .help("write the capital's id, name or an alternate name"),
            );
            None
        }
        cell => match names.capital(cell) {
            Ok(id) => Some(id),
            Err(e) => {
                errors.push(
                    table
                        .error(col(CAPITAL), e)
                        .help("write the capital's id instead"),
                );
                None
            }
        },
    };
    let status = names.status(get(STATUS));

    let report = match get(REPORT) {
        "" => ReportKind::Confirmed,
        cell => match ReportKind::parse(cell) {
            Some(k) => k,
            None => {
                errors.push(
                    table
                        .error(col(REPORT), format!("\"{cell}\" is not a report kind"))
                        .help(format!(
                            "write one of {} (any case), or leave it empty for confirmed",
                            ReportKind::ALL.map(ReportKind::as_str).join(", ")
                        )),
                );
                ReportKind::Confirmed
            }
        },
    };

    let sources_of = |f: usize, errors: &mut Vec<Diagnostic>| -> Vec<Source> {
        match parse_sources(get(f)) {
            Ok(s) => s,
            Err(e) => {
                errors.push(table.error(col(f), e).help(
                    "write sources as `text | url` pairs separated by `;`, e.g. `Reuters, 2021-08-15 | https://example.org/a; AP`; write a `;` or `|` that belongs to the text twice (`;;`, `||`)",
                ));
                Vec::new()
            }
        }
    };
    let sources = sources_of(SOURCES, &mut errors);
    let confirmed_by = sources_of(CONFIRMED_BY, &mut errors);

    for f in [NOTE, SOURCES, CONFIRMED_BY, OPEN_AT_END] {
        if get(f).starts_with('=') {
            warnings.push(
                table
                    .warning(
                        col(f),
                        "the cell holds a spreadsheet formula; it is kept as text, never evaluated or turned into a link",
                    )
                    .help("write the text or `text | url` itself instead of a formula such as =HYPERLINK(…)"),
            );
        }
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some(date), Some(capital)) = (date, capital) else {
        // Unreachable: a missing date or capital has added an error above.
        return Err(vec![table.error(0, "the row has no date or capital")]);
    };
    // A line break inside a quoted cell of a CRLF file reads as one line break.
    let text = |f: usize| {
        let t = get(f);
        if t.contains('\r') {
            t.replace("\r\n", "\n")
        } else {
            t.to_string()
        }
    };
    let mut event = Event::new(date, capital, status);
    event.report = report;
    event.refuted_on = refuted_on;
    event.confirmed_on = confirmed_on;
    event.note = text(NOTE).into_boxed_str();
    event.sources = crate::model::scenario::intern::sources(sources);
    if !confirmed_by.is_empty() {
        event.more_mut().confirmed_by = confirmed_by;
    }
    if !get(OPEN_AT_END).is_empty() {
        event.more_mut().open_at_end = Some(text(OPEN_AT_END));
    }
    if !get(ID).is_empty() {
        event.more_mut().id = Some(get(ID).to_string());
    }
    Ok(event)
}

/// Splits `text` at `sep`; a doubled `sep` is a literal one.
fn split_unescaped(text: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == sep {
            if chars.peek() == Some(&sep) {
                chars.next();
                if let Some(last) = parts.last_mut() {
                    last.push(sep);
                }
            } else {
                parts.push(String::new());
            }
        } else if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts
}

/// Parses a `sources` or `confirmed_by` cell: `text | url` pairs (the url optional) separated by
/// `;`, where `;;` and `||` stand for a `;` or `|` in the text. A URL is kept as written (only
/// http(s) addresses ever become links; validation warns about others).
pub fn parse_sources(cell: &str) -> Result<Vec<Source>, String> {
    let mut out = Vec::new();
    for part in split_unescaped(cell, ';') {
        if part.trim().is_empty() {
            continue;
        }
        let pieces = split_unescaped(&part, '|');
        match pieces.as_slice() {
            [text] => out.push(Source::new(text.trim(), None)),
            [text, url] => {
                let (text, url) = (text.trim(), url.trim());
                if text.is_empty() {
                    return Err(format!(
                        "the source \"{}\" has an address but no text",
                        part.trim()
                    ));
                }
                out.push(Source::new(text, (!url.is_empty()).then_some(url)));
            }
            _ => {
                return Err(format!(
                    "the source \"{}\" has more than one `|` between its text and its address",
                    part.trim()
                ));
            }
        }
    }
    Ok(out)
}

/// Writes sources as [`parse_sources`] reads them.
pub fn format_sources(sources: &[Source]) -> String {
    let escape = |t: &str| t.replace(';', ";;").replace('|', "||");
    sources
        .iter()
        .map(|s| match &s.url {
            Some(url) => format!("{} | {}", escape(&s.text), escape(url)),
            None => escape(&s.text),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why a cell is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateProblem {
    /// What is wrong, quoting the cell.
    pub message: String,
    /// True when the date has slashes and no order was declared: the help should say how to
    /// declare one.
    pub needs_order: bool,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month a name stands for: the full English name or at least its first three letters,
/// in any case (`August`, `aug`, `Sept`).
fn month_number(word: &str) -> Option<i32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.to_lowercase().starts_with(&w))
        .map(|i| i as i32 + 1)
}

/// Digits only, one to four of them.
fn small_number(text: &str) -> Option<i32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A date from year, month and day, or what is wrong with them.
fn ymd(text: &str, year: i32, month: i32, day: i32) -> Result<Date, String> {
    if !(1..=9999).contains(&year) {
        return Err(format!(
            "\"{text}\" is not a date: the year {year:04} is outside 0001 to 9999"
        ));
    }
    if !(1..=12).contains(&month) {
        return Err(format!(
            "\"{text}\" is not a date: there is no month {month:02}"
        ));
    }
    let first = Date::new(year as i16, month as i8, 1).map_err(|e| format!("\"{text}\": {e}"))?;
    let days = i32::from(first.days_in_month());
    if !(1..=days).contains(&day) {
        return Err(format!(
            "\"{text}\" is not a date: {} {year} has {days} days, not a day {day:02}",
            MONTHS[(month - 1) as usize]
        ));
    }
    Date::new(year as i16, month as i8, day as i8).map_err(|e| format!("\"{text}\": {e}"))
}

/// A date for people: `15 August 2021`.
fn spelled(date: Date) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[(date.month() - 1) as usize],
        date.year()
    )
}

/// Parses a date cell: `YYYY-MM-DD`, `DD Month YYYY` (ACLED's form: `15 August 2021`, also
/// `15-Aug-2021`), `YYYY/MM/DD`, and `DD/MM/YYYY` or `MM/DD/YYYY` (also with dots) only when
/// `order` says which. Checks the day exists (`31 February 2024` is an error).
pub fn parse_date_cell(text: &str, order: Option<DateOrder>) -> Result<Date, DateProblem> {
    let t = text.trim();
    let bad = |message: String| DateProblem {
        message,
        needs_order: false,
    };
    if t.is_empty() {
        return Err(bad("the date is empty".into()));
    }
    // YYYY-MM-DD
    let dashed: Vec<&str> = t.split('-').collect();
    if let [y, m, d] = dashed.as_slice()
        && let (Some(year), Some(month), Some(day)) =
            (small_number(y), small_number(m), small_number(d))
    {
        if y.len() == 4 && m.len() <= 2 && d.len() <= 2 {
            return ymd(t, year, month, day).map_err(bad);
        }
        return Err(bad(format!("\"{t}\" is not a date in the form YYYY-MM-DD")));
    }
    // Numbers separated by slashes or dots.
    for sep in ['/', '.'] {
        let parts: Vec<&str> = t.split(sep).collect();
        let [a, b, c] = parts.as_slice() else {
            continue;
        };
        let (Some(na), Some(nb), Some(nc)) = (small_number(a), small_number(b), small_number(c))
        else {
            continue;
        };
        if a.len() == 4 {
            return ymd(t, na, nb, nc).map_err(bad);
        }
        if c.len() != 4 {
            return Err(bad(format!(
                "\"{t}\": write the year with four digits (e.g. 15/08/2021, or better 2021-08-15)"
            )));
        }
        return match order {
            Some(DateOrder::Dmy) => ymd(t, nc, nb, na)
                .map_err(|m| bad(format!("{m} (read day first, as declared: dmy)"))),
            Some(DateOrder::Mdy) => ymd(t, nc, na, nb)
                .map_err(|m| bad(format!("{m} (read month first, as declared: mdy)"))),
            None => {
                let day_first = ymd(t, nc, nb, na).ok();
                let month_first = ymd(t, nc, na, nb).ok();
                let reading = match (day_first, month_first) {
                    (Some(d), Some(m)) if d == m => format!("it can only be {}", spelled(d)),
                    (Some(d), Some(m)) => format!(
                        "it could be {} (day first) or {} (month first)",
                        spelled(d),
                        spelled(m)
                    ),
                    (Some(d), None) => {
                        format!("it can only be {} (day first)", spelled(d))
                    }
                    (None, Some(m)) => {
                        format!("it can only be {} (month first)", spelled(m))
                    }
                    (None, None) => "it is no date either way".into(),
                };
                Err(DateProblem {
                    message: format!(
                        "\"{t}\" has day and month in an order the file does not declare ({reading}); a date with {} is never guessed",
                        if sep == '/' { "slashes" } else { "dots" }
                    ),
                    needs_order: true,
                })
            }
        };
    }
    // DD Month YYYY
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if let [d, m, y] = words.as_slice()
        && let (Some(day), Some(year)) = (small_number(d), small_number(y))
        && y.len() == 4
    {
        return match month_number(m) {
            Some(month) => ymd(t, year, month, day).map_err(bad),
            None => Err(bad(format!(
                "\"{t}\" is not a date: \"{m}\" is not a month"
            ))),
        };
    }
    Err(bad(format!("\"{t}\" is not a date")))
}

/// Writes events as the CSV [`read_events_csv`] reads: the columns `date, capital, status,
/// report, note, sources, refuted_on`, then `confirmed_on, confirmed_by, open_at_end, id` when
/// any event uses them. Capitals and statuses are written as ids.
pub fn events_to_csv(events: &[Event]) -> Result<String, String> {
    let mut fields: Vec<usize> = (0..=REFUTED_ON).collect();
    let used = [
        (
            CONFIRMED_ON,
            events.iter().any(|e| e.confirmed_on.is_some()),
        ),
        (
            CONFIRMED_BY,
            events.iter().any(|e| !e.confirmed_by().is_empty()),
        ),
        (
            OPEN_AT_END,
            events.iter().any(|e| e.open_at_end().is_some()),
        ),
        (ID, events.iter().any(|e| e.id().is_some())),
    ];
    fields.extend(used.iter().filter(|(_, u)| *u).map(|(f, _)| *f));
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(fields.iter().map(|&f| COLUMNS[f]))
        .map_err(|e| e.to_string())?;
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    for e in events {
        let record = fields.iter().map(|&f| match f {
            DATE => e.date.to_string(),
            CAPITAL => e.capital.to_string(),
            STATUS => e.status.to_string(),
            REPORT => e.report.as_str().to_string(),
            NOTE => e.note.to_string(),
            SOURCES => format_sources(&e.sources),
            REFUTED_ON => date(e.refuted_on),
            CONFIRMED_ON => date(e.confirmed_on),
            CONFIRMED_BY => format_sources(e.confirmed_by()),
            OPEN_AT_END => e.open_at_end().unwrap_or_default().to_string(),
            _ => e.id().unwrap_or_default().to_string(),
        });
        w.write_record(record).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------------------------
// The table reader shared by events files and `import-events`.

/// What stopped a [`Guard`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    /// A line longer than [`MAX_LINE_BYTES`]; its 1-based number.
    LineTooLong(u64),
    /// More than [`MAX_CSV_BYTES`] in all.
    TooLarge,
}

/// A reader that counts quotes and refuses a runaway line or file, so that no single row can
/// take more than [`MAX_LINE_BYTES`] of memory unless it is quoted across lines.
struct Guard<R> {
    inner: R,
    total: u64,
    since_newline: u64,
    newlines: u64,
    quotes: u64,
    stop: Option<Stop>,
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = &buf[..n];
        self.total += n as u64;
        if self.total > MAX_CSV_BYTES {
            self.stop = Some(Stop::TooLarge);
            return Err(std::io::Error::other("the file is too large"));
        }
        self.quotes += chunk.iter().filter(|&&b| b == b'"').count() as u64;
        let mut rest = chunk;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            if self.since_newline + i as u64 > MAX_LINE_BYTES {
                break;
            }
            self.since_newline = 0;
            self.newlines += 1;
            rest = &rest[i + 1..];
        }
        self.since_newline += rest.len() as u64;
        if self.since_newline > MAX_LINE_BYTES {
            self.stop = Some(Stop::LineTooLong(self.newlines + 1));
            return Err(std::io::Error::other("a line is too long"));
        }
        Ok(n)
    }
}

/// A CSV table read one row at a time: delimiter, BOM and encoding handled, rows numbered as
/// a spreadsheet numbers them, every problem a [`Diagnostic`] at a row and column.
pub(crate) struct Table<R: Read> {
    path: PathBuf,
    what: &'static str,
    reader: csv::Reader<Guard<Chain<Cursor<Vec<u8>>, R>>>,
    /// The first bytes of the file, to guess an encoding from.
    sample: Vec<u8>,
    delimiter: u8,
    /// The header's names as written (trimmed).
    pub(crate) names: Vec<String>,
    /// The header's names as compared: lower case, spaces and hyphens as `_`.
    pub(crate) keys: Vec<String>,
    record: StringRecord,
    /// The row of the current record as a spreadsheet numbers it (the header is row 1).
    pub(crate) row: u64,
    last_len: usize,
    last_field_has_newline: bool,
}

/// A header name as compared.
fn column_key(name: &str) -> String {
    name.trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// The delimiter most used outside quotes in the first line (`,` on a tie or none).
fn sniff_delimiter(body: &[u8]) -> u8 {
    const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in body {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best =
        (1..CANDIDATES.len()).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    CANDIDATES[best]
}

/// Refuses files that are not CSV text at all, naming what they are.
fn refuse_binary(path: &Path, head: &[u8], what: &str) -> Result<(), Diagnostic> {
    let kind = if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        "UTF-16 text (as Excel's \"Unicode Text\" saves it)"
    } else if head.starts_with(b"PK\x03\x04") {
        "a zip archive: probably an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods)"
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "an Excel 97-2003 workbook (.xls)"
    } else {
        return Ok(());
    };
    Err(
        Diagnostic::error(path, format!("the {what} is {kind}, not CSV text in UTF-8"))
            .help(format!("open it in the spreadsheet and {RESAVE_HELP}")),
    )
}

impl<R: Read> Table<R> {
    /// Starts reading `input` (`path` names it in messages, `what` says what it is: "events
    /// file", "export") and reads its header.
    pub(crate) fn open(path: &Path, mut input: R, what: &'static str) -> Result<Self, Diagnostic> {
        let mut head = Vec::new();
        input
            .by_ref()
            .take(HEAD_BYTES)
            .read_to_end(&mut head)
            .map_err(|e| Diagnostic::error(path, format!("cannot read the {what}: {e}")))?;
        refuse_binary(path, &head, what)?;
        let mut start = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            0
        };
        // Excel's `sep=;` first line declares the delimiter (and is not a row).
        let mut declared = None;
        if let Some(rest) = head.get(start..)
            && rest.len() >= 5
            && rest[..4].eq_ignore_ascii_case(b"sep=")
        {
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let line = rest[..end].strip_suffix(b"\r").unwrap_or(&rest[..end]);
            if line.len() == 5 {
                declared = Some(line[4]);
                start = (start + end + 1).min(head.len());
            }
        }
        let body = head.get(start..).unwrap_or_default().to_vec();
        let sample = head;
        let delimiter = declared.unwrap_or_else(|| sniff_delimiter(&body));
        let guard = Guard {
            inner: Cursor::new(body).chain(input),
            total: 0,
            since_newline: 0,
            newlines: 0,
            quotes: 0,
            stop: None,
        };
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(guard);
        let mut table = Self {
            path: path.to_path_buf(),
            what,
            reader,
            sample,
            delimiter,
            names: Vec::new(),
            keys: Vec::new(),
            record: StringRecord::new(),
            row: 0,
            last_len: 0,
            last_field_has_newline: false,
        };
        if !table.read_record()? {
            return Err(Diagnostic::error(
                path,
                format!("the {what} is empty: it has no header row"),
            )
            .help(
                "the first row names the columns, e.g. date,capital,status,report,note,sources",
            ));
        }
        table.names = table
            .record
            .iter()
            .map(|n| n.trim().trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        table.keys = table.names.iter().map(|n| column_key(n)).collect();
        Ok(table)
    }

    /// The file's path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The delimiter for messages: "commas (,)".
    pub(crate) fn delimiter_name(&self) -> &'static str {
        match self.delimiter {
            b';' => "semicolons (;)",
            b'\t' => "tabs",
            b',' => "commas (,)",
            _ => "the delimiter its `sep=` line declares",
        }
    }

    /// The name of column `i` (0-based) for messages.
    pub(crate) fn column_name(&self, i: usize) -> String {
        match self.names.get(i) {
            Some(n) if !n.is_empty() => n.clone(),
            _ => (i + 1).to_string(),
        }
    }

    /// An error at column `i` (0-based) of the current row: `row R, column "name": message`.
    pub(crate) fn error(&self, i: usize, message: impl std::fmt::Display) -> Diagnostic {
        Diagnostic::error(
            &self.path,
            format!(
                "row {}, column \"{}\": {message}",
                self.row,
                self.column_name(i)
            ),
        )
        .at(self.row as usize, i + 1)
    }

    /// A warning at column `i` (0-based) of the current row.
    pub(crate) fn warning(&self, i: usize, message: impl std::fmt::Display) -> Diagnostic {
        Diagnostic::warning(
            &self.path,
            format!(
                "row {}, column \"{}\": {message}",
                self.row,
                self.column_name(i)
            ),
        )
        .at(self.row as usize, i + 1)
    }

    /// Cell `i` of the current row, trimmed ("" when the row is shorter).
    pub(crate) fn cell(&self, i: usize) -> &str {
        self.record.get(i).map_or("", str::trim)
    }

    /// The first cell beyond the header's columns that holds something.
    pub(crate) fn extra_cell(&self) -> Option<usize> {
        (self.keys.len()..self.record.len()).find(|&i| !self.cell(i).is_empty())
    }

    /// Moves to the next row that holds anything (rows of empty cells, as spreadsheets write
    /// below the data, are skipped). False at the end.
    pub(crate) fn next_row(&mut self) -> Result<bool, Diagnostic> {
        loop {
            if !self.read_record()? {
                return Ok(false);
            }
            if self.record.iter().any(|c| !c.trim().is_empty()) {
                return Ok(true);
            }
        }
    }

    fn read_record(&mut self) -> Result<bool, Diagnostic> {
        let before = self.reader.position().line();
        let mut bytes: ByteRecord = std::mem::take(&mut self.record).into_byte_record();
        match self.reader.read_byte_record(&mut bytes) {
            Ok(true) => {}
            Ok(false) => {
                self.check_quotes_closed()?;
                return Ok(false);
            }
            Err(e) => return Err(self.read_error(&e)),
        }
        // Blank lines are skipped by the reader but are rows in a spreadsheet: count them
        // from the lines the record took beyond its own.
        let after = self.reader.position().line();
        let inner = bytes.as_slice().iter().filter(|&&b| b == b'\n').count() as u64;
        let blank = after.saturating_sub(before).saturating_sub(inner + 1);
        self.row += 1 + blank;
        self.last_len = bytes.len();
        self.last_field_has_newline = bytes
            .len()
            .checked_sub(1)
            .and_then(|i| bytes.get(i))
            .is_some_and(|f| f.contains(&b'\n'));
        if bytes.len() > MAX_COLUMNS {
            return Err(Diagnostic::error(
                &self.path,
                format!(
                    "row {}: {} cells; at most {MAX_COLUMNS} columns are read",
                    self.row,
                    bytes.len()
                ),
            )
            .at(self.row as usize, 1)
            .help(format!(
                "this file was read with {} between cells; is that its delimiter? A table of events needs a dozen columns",
                self.delimiter_name()
            )));
        }
        if let Some(i) = bytes.iter().position(|f| f.contains(&0)) {
            return Err(Diagnostic::error(
                &self.path,
                format!(
                    "row {}, column \"{}\": the cell holds a NUL byte (0x00), which no text in a CSV file has",
                    self.row,
                    self.column_name(i)
                ),
            )
            .at(self.row as usize, i + 1)
            .help(format!(
                "the file is probably UTF-16 text or not text at all; {RESAVE_HELP}"
            )));
        }
        match StringRecord::from_byte_record(bytes) {
            Ok(record) => {
                self.record = record;
                Ok(true)
            }
            Err(e) => {
                let (field, valid_up_to) = (e.utf8_error().field(), e.utf8_error().valid_up_to());
                let bytes = e.into_byte_record();
                Err(self.not_utf8(&bytes, field, valid_up_to))
            }
        }
    }

    /// At the end of the file: a quote left open swallows the rest of the file into the last
    /// cell; say so instead of reading one huge cell as data.
    fn check_quotes_closed(&self) -> Result<(), Diagnostic> {
        if self.reader.get_ref().quotes % 2 == 1 && self.last_field_has_newline && self.row > 0 {
            let i = self.last_len.saturating_sub(1);
            return Err(self
                .error(
                    i,
                    "a quote (\") opens this cell and is never closed, so the rest of the file was read into it",
                )
                .help("close the quote; inside a quoted cell write a quote as two (\"\"), as spreadsheets do when they save CSV"));
        }
        Ok(())
    }

    fn read_error(&self, e: &csv::Error) -> Diagnostic {
        match self.reader.get_ref().stop {
            Some(Stop::LineTooLong(line)) => Diagnostic::error(
                &self.path,
                format!(
                    "line {line} is longer than {} without a line break; no spreadsheet row is that long",
                    human_size(MAX_LINE_BYTES)
                ),
            )
            .at(line as usize, 1)
            .help("is this a CSV file? A spreadsheet saves one row a line; check the file and its quotes"),
            Some(Stop::TooLarge) => Diagnostic::error(
                &self.path,
                format!(
                    "the {} is larger than the limit of {}",
                    self.what,
                    human_size(MAX_CSV_BYTES)
                ),
            )
            .help("split it into several files"),
            None => Diagnostic::error(&self.path, format!("cannot read the {}: {e}", self.what))
                .help("check that the file is readable"),
        }
    }

    /// The error for a cell that is not UTF-8: where, which encoding the file seems to be in,
    /// the cell as that encoding reads it, and how to re-save the file.
    fn not_utf8(&self, record: &ByteRecord, field: usize, valid_up_to: usize) -> Diagnostic {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(&self.sample, false);
        detector.feed(record.as_slice(), true);
        let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
        let name = encoding.name();
        let described = match name {
            "windows-1252" => {
                "windows-1252 (Latin-1, as Excel saves \"CSV (Comma delimited)\" on Windows)"
                    .to_string()
            }
            other => other.to_string(),
        };
        let cell = record.get(field).unwrap_or_default();
        let byte = cell.get(valid_up_to).copied().unwrap_or_default();
        let (decoded, _) = encoding.decode_without_bom_handling(cell);
        let shown: String = decoded.chars().take(60).collect();
        Diagnostic::error(
            &self.path,
            format!(
                "row {}, column \"{}\": the file is not UTF-8 (byte 0x{byte:02X}); it looks like {described}, in which this cell reads \"{shown}\"",
                self.row,
                self.column_name(field)
            ),
        )
        .at(self.row as usize, field + 1)
        .help(format!(
            "{RESAVE_HELP}; or convert it: iconv -f {} -t UTF-8 in.csv > out.csv",
            name.to_uppercase()
        ))
    }
}
