//! Events from spreadsheets: CSV events files read beside RON ones (delimiters, BOM, CRLF,
//! quoted line breaks, header order and case, dates, encodings, hostile cells), the round trip
//! RON → CSV → events on the shipped scenarios, and the import of exports in ACLED's column
//! layout.
//!
//! The fixtures are under `tests/fixtures/csv/`. The plain CSV files use the two-province test
//! scenario (`two_provinces.ron`); their notes say "Fixture". `acled_afghanistan_2021.csv` is
//! written by the project in ACLED's exact column layout (ACLED's own data may not be
//! redistributed): its dates, places, actors and outlets come from the shipped Afghanistan 2021
//! scenario's events.ron, each note says "Test fixture, not ACLED data", the event ids
//! (`TEST-AFG-…`), `fatalities` (0) and `timestamp` are placeholders, and the coordinates of the
//! two districts that are not capitals (Zurmat, Imam Sahib) are approximate.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use frontline::bundle::load_bundle;
use frontline::import_events::{ActorMapping, ImportOptions, import_events};
use frontline::model::csv_events::{
    CsvOptions, DateOrder, events_to_csv, parse_date_cell, read_events_csv,
};
use frontline::model::load::read_scenario;
use frontline::model::{Diagnostics, ReportKind, Timeline};
use frontline::progress::Progress;
use jiff::civil::date;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/csv").join(name)
}

fn shipped(name: &str) -> PathBuf {
    root()
        .join("assets/scenarios")
        .join(name)
        .join("scenario.ron")
}

/// The two-province scenario reading the CSV fixture `csv`, written to a temporary folder,
/// with `extra` scenario fields (e.g. `csv_date_order: Dmy,`).
fn scenario_with(csv: &str, extra: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let boundaries = root().join("tests/fixtures/boundaries");
    let text = std::fs::read_to_string(fixture("two_provinces.ron"))
        .unwrap()
        .replace("\"../boundaries/", &format!("\"{}/", boundaries.display()))
        .replace(
            "[\"events_comma.csv\"]",
            &format!("[\"{}\"]", fixture(csv).display()),
        )
        .replace(
            "    events_files:",
            &format!("    {extra}\n    events_files:"),
        );
    let path = dir.path().join("scenario.ron");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn errors_of(path: &Path) -> String {
    match load_bundle(path) {
        Ok(_) => panic!("{} should not load", path.display()),
        Err(diags) => {
            assert!(diags.has_errors(), "failure without an error: {diags}");
            diags.to_string()
        }
    }
}

/// The shipped Afghanistan scenario with `events` in place of its events file, in `dir`.
fn afghanistan_with_events(dir: &Path, events: &Path) -> PathBuf {
    let folder = root().join("assets/scenarios/afghanistan-2021");
    let text = std::fs::read_to_string(folder.join("scenario.ron"))
        .unwrap()
        .replace(
            "file: \"provinces.geojson\"",
            &format!("file: \"{}\"", folder.join("provinces.geojson").display()),
        )
        .replace(
            "file: \"neighbours.geojson\"",
            &format!("file: \"{}\"", folder.join("neighbours.geojson").display()),
        )
        .replace(
            "events_files: [\"events.ron\"]",
            &format!("events_files: [\"{}\"]", events.display()),
        )
        .replace(
            "annotations_files: [\"annotations.ron\"]",
            &format!(
                "annotations_files: [\"{}\"]",
                folder.join("annotations.ron").display()
            ),
        );
    let path = dir.join("scenario.ron");
    std::fs::write(&path, text).unwrap();
    path
}

// ------------------------------------------------------------------------- plain events CSV

#[test]
fn comma_separated_events_load_with_every_field() {
    let bundle = load_bundle(&fixture("two_provinces.ron")).unwrap();
    assert!(bundle.warnings.is_empty(), "{}", bundle.warnings);
    let s = bundle.scenario();
    assert_eq!(s.events.len(), 5);
    let e = &s.events;
    assert_eq!(
        &*e[0].note, "Fixture: fighting inside the city, near the governor's office.",
        "a quoted cell holding the delimiter"
    );
    assert_eq!(
        e[0].sources[0].url.as_deref(),
        Some("https://example.org/a")
    );
    assert_eq!(&*e[0].sources[0].text, "Example Wire 2021-07-10");
    assert_eq!(&*e[1].capital, "beta", "\"Beta\" is the capital's name");
    assert_eq!(e[1].report, ReportKind::Refuted);
    assert_eq!(e[1].refuted_on, Some(date(2021, 7, 21)));
    assert_eq!(&*e[2].capital, "alpha", "\"Alfa\" is an alternate name");
    assert_eq!(e[2].report, ReportKind::Claimed);
    assert_eq!(e[2].confirmed_on, Some(date(2021, 8, 9)));
    assert_eq!(
        e[2].confirmed_by()[0].url.as_deref(),
        Some("https://example.org/c")
    );
    assert_eq!(e[3].report, ReportKind::Context);
    assert_eq!(&*e[3].status, "");
    assert_eq!(e[3].id(), Some("ev-4"));
    assert_eq!(
        &*e[4].status, "taliban",
        "\"Taliban\" is the status's label"
    );
    assert_eq!(e[4].sources.len(), 2);
    assert_eq!(&*e[4].sources[1].text, "Other Wire");
    assert_eq!(
        e[4].sources[1].url.as_deref(),
        Some("https://example.org/d")
    );
    let t = &bundle.timeline;
    assert_eq!(t.statuses_at(date(2021, 7, 10)), vec![0, 1]);
    assert_eq!(
        t.statuses_at(date(2021, 7, 20)),
        vec![0, 1],
        "a refuted claim changes nothing"
    );
    assert_eq!(t.statuses_at(date(2021, 8, 12)), vec![2, 2]);
}

#[test]
fn semicolons_bom_crlf_and_line_breaks_in_cells() {
    let (_dir, path) = scenario_with("semicolon_bom_crlf.csv", "");
    let bundle = load_bundle(&path).unwrap();
    assert!(bundle.warnings.is_empty(), "{}", bundle.warnings);
    let e = &bundle.scenario().events;
    assert_eq!(e.len(), 2);
    assert_eq!(
        e[0].date,
        date(2021, 7, 10),
        "the BOM is not part of `date`"
    );
    assert_eq!(
        &*e[0].note,
        "Fixture: fighting inside the city.\nThe governor's office holds."
    );
    assert_eq!(&*e[0].sources[0].text, "Example Wire, 2021-07-10");
    assert_eq!(&*e[1].capital, "alpha");
    assert_eq!(
        e[1].sources[0].url.as_deref(),
        Some("https://example.org/b"),
        "no CR left at the end of a line"
    );
}

#[test]
fn tabs_and_a_header_in_any_case_and_order() {
    let (_dir, path) = scenario_with("tab_header_order.csv", "");
    let bundle = load_bundle(&path).unwrap();
    assert!(bundle.warnings.is_empty(), "{}", bundle.warnings);
    let e = &bundle.scenario().events;
    assert_eq!(e.len(), 2);
    assert_eq!(&*e[0].capital, "beta", "alternate name \"Bêta Town\"");
    assert_eq!(&*e[0].status, "contested", "label \"Contested\"");
    assert_eq!(&*e[0].note, "Fixture: fighting in the suburbs.");
    assert_eq!(&*e[1].capital, "alpha", "\" ALFA \": trimmed, any case");
    assert_eq!(e[1].report, ReportKind::Confirmed);
}

#[test]
fn an_unknown_column_is_a_warning_with_a_suggestion() {
    let (_dir, path) = scenario_with("unknown_column.csv", "");
    let bundle = load_bundle(&path).unwrap();
    let w = bundle.warnings.to_string();
    assert_eq!(bundle.warnings.0.len(), 2, "{w}");
    assert!(
        w.contains("unknown_column.csv:1:4: row 1, column \"notes\"")
            && w.contains("did you mean \"note\"?"),
        "{w}"
    );
    assert!(
        w.contains("unknown_column.csv:1:6: row 1, column \"region\""),
        "{w}"
    );
    assert_eq!(&*bundle.scenario().events[0].note, "");
}

#[test]
fn a_missing_required_column_names_the_header_row() {
    let (_dir, path) = scenario_with("missing_status_column.csv", "");
    let msg = errors_of(&path);
    assert!(
        msg.contains("missing_status_column.csv:1:1: row 1 (the header): no \"status\" column"),
        "{msg}"
    );
    assert!(
        msg.contains("\"date\", \"capital\", \"note\", \"sources\""),
        "{msg}"
    );
}

#[test]
fn bad_dates_name_file_row_and_column() {
    let (_dir, path) = scenario_with("bad_dates.csv", "");
    let msg = errors_of(&path);
    assert!(
        msg.contains("bad_dates.csv:3:1: row 3, column \"date\": \"2021-02-30\" is not a date: February 2021 has 28 days"),
        "{msg}"
    );
    assert!(
        msg.contains("bad_dates.csv:4:1: row 4, column \"date\": \"0000-00-00\" is not a date"),
        "{msg}"
    );
    assert!(
        msg.contains("bad_dates.csv:5:1") && msg.contains("\"31 February 2021\""),
        "{msg}"
    );
    assert!(msg.contains("YYYY-MM-DD"), "how to fix it: {msg}");
}

#[test]
fn rows_are_numbered_as_a_spreadsheet_numbers_them() {
    // Row 2 spans three lines (a quoted cell with line breaks) and row 4 is empty: the bad
    // date is on line 7 of the text but in row 5 of the spreadsheet.
    let (_dir, path) = scenario_with("quoted_newlines_then_bad_date.csv", "");
    let msg = errors_of(&path);
    assert!(
        msg.contains("quoted_newlines_then_bad_date.csv:5:1: row 5, column \"date\": \"2021-13-01\" is not a date: there is no month 13"),
        "{msg}"
    );
}

#[test]
fn ambiguous_dates_need_a_declared_order() {
    let (_dir, path) = scenario_with("ambiguous_date.csv", "");
    let msg = errors_of(&path);
    assert!(
        msg.contains("ambiguous_date.csv:2:1: row 2, column \"date\": \"10/08/2021\""),
        "{msg}"
    );
    assert!(
        msg.contains("10 August 2021 (day first) or 8 October 2021 (month first)"),
        "{msg}"
    );
    assert!(msg.contains("csv_date_order: Dmy"), "how to fix it: {msg}");

    let (_dir, path) = scenario_with("ambiguous_date.csv", "csv_date_order: Dmy,");
    let bundle = load_bundle(&path).unwrap();
    let e = &bundle.scenario().events;
    assert_eq!(e[0].date, date(2021, 8, 10));
    assert_eq!(e[1].date, date(2021, 8, 15), "ACLED's `15 August 2021`");

    // Month first, it is 8 October: outside the scenario, and validation says where.
    let (_dir, path) = scenario_with("ambiguous_date.csv", "csv_date_order: Mdy,");
    let msg = errors_of(&path);
    assert!(
        msg.contains(
            "ambiguous_date.csv:2:1: row 2: event on 2021-10-08 for \"beta\": the date is outside"
        ),
        "{msg}"
    );
}

#[test]
fn a_latin1_file_is_refused_naming_its_encoding() {
    let (_dir, path) = scenario_with("latin1.csv", "");
    let msg = errors_of(&path);
    assert!(
        msg.contains("latin1.csv:2:4: row 2, column \"note\": the file is not UTF-8"),
        "{msg}"
    );
    assert!(msg.contains("windows-1252"), "{msg}");
    assert!(
        msg.contains("près de l'aéroport"),
        "the cell as that encoding reads it: {msg}"
    );
    assert!(
        msg.contains("CSV UTF-8") && msg.contains("iconv -f WINDOWS-1252 -t UTF-8"),
        "how to re-save it: {msg}"
    );
}

#[test]
fn hostile_cells_end_in_clear_messages() {
    let (_dir, path) = scenario_with("unterminated_quote.csv", "");
    let msg = errors_of(&path);
    assert!(
        msg.contains("unterminated_quote.csv:2:4: row 2, column \"note\": a quote (\") opens this cell and is never closed"),
        "{msg}"
    );

    let (_dir, path) = scenario_with("nul_byte.csv", "");
    let msg = errors_of(&path);
    assert!(
        msg.contains("nul_byte.csv:2:4: row 2, column \"note\": the cell holds a NUL byte"),
        "{msg}"
    );

    // A formula and a javascript: address stay text, with a warning each.
    let (_dir, path) = scenario_with("formula_and_javascript.csv", "");
    let bundle = load_bundle(&path).unwrap();
    let e = &bundle.scenario().events[0];
    assert_eq!(&*e.note, "=HYPERLINK(\"https://example.org\",\"click\")");
    assert_eq!(e.sources[0].url.as_deref(), Some("javascript:alert(1)"));
    let w = bundle.warnings.to_string();
    assert!(
        w.contains("formula_and_javascript.csv:2:4: row 2, column \"note\": the cell holds a spreadsheet formula"),
        "{w}"
    );
    assert!(
        w.contains("formula_and_javascript.csv:2:5: row 2: event on 2021-07-10 for \"beta\": source URL \"javascript:alert(1)\" is not http or https"),
        "{w}"
    );
}

#[test]
fn dates_in_every_accepted_form() {
    let d = |t: &str, o: Option<DateOrder>| parse_date_cell(t, o);
    assert_eq!(d("2021-08-15", None), Ok(date(2021, 8, 15)));
    assert_eq!(d(" 2021-8-5 ", None), Ok(date(2021, 8, 5)));
    assert_eq!(d("15 August 2021", None), Ok(date(2021, 8, 15)));
    assert_eq!(d("06 august 2021", None), Ok(date(2021, 8, 6)));
    assert_eq!(d("15-Aug-2021", None), Ok(date(2021, 8, 15)));
    assert_eq!(d("5 Sept 2021", None), Ok(date(2021, 9, 5)));
    assert_eq!(d("2021/08/15", None), Ok(date(2021, 8, 15)));
    assert_eq!(d("10/08/2021", Some(DateOrder::Dmy)), Ok(date(2021, 8, 10)));
    assert_eq!(d("10/08/2021", Some(DateOrder::Mdy)), Ok(date(2021, 10, 8)));
    assert_eq!(d("10.08.2021", Some(DateOrder::Dmy)), Ok(date(2021, 8, 10)));

    let ambiguous = d("10/08/2021", None).unwrap_err();
    assert!(ambiguous.needs_order, "{ambiguous:?}");
    let one_way = d("15/08/2021", None).unwrap_err();
    assert!(
        one_way.needs_order
            && one_way
                .message
                .contains("can only be 15 August 2021 (day first)"),
        "never a guess, even when only one reading is a date: {one_way:?}"
    );
    let wrong_order = d("08/15/2021", Some(DateOrder::Dmy)).unwrap_err();
    assert!(
        wrong_order.message.contains("no month 15"),
        "{wrong_order:?}"
    );
    assert!(
        d("31 February 2024", None)
            .unwrap_err()
            .message
            .contains("February 2024 has 29 days")
    );
    assert!(d("0000-00-00", None).is_err());
    assert!(
        d("15/08/21", Some(DateOrder::Dmy))
            .unwrap_err()
            .message
            .contains("four digits")
    );
    assert!(
        d("15 Augustus 2021", None)
            .unwrap_err()
            .message
            .contains("not a month")
    );
    assert!(d("yesterday", None).is_err());
}

// ------------------------------------------------------------------------- round trip

#[test]
fn shipped_events_survive_ron_to_csv_and_back() {
    for name in ["afghanistan-2021", "syria-2024", "sudan-2023"] {
        let sources = read_scenario(&shipped(name)).unwrap();
        let s = &sources.scenario;
        let csv = events_to_csv(&s.events).unwrap();
        let options = CsvOptions {
            capitals: &s.capitals,
            statuses: &s.statuses,
            date_order: None,
            order_help: "",
        };
        let read = read_events_csv(Path::new("events.csv"), csv.as_bytes(), &options)
            .unwrap_or_else(|e| panic!("{name}: {}", Diagnostics(e)));
        assert!(
            read.layout.warnings.is_empty(),
            "{name}: {:?}",
            read.layout.warnings
        );
        assert_eq!(read.events, s.events, "{name}: every field of every event");

        // The same status for every capital on every date.
        let before = Timeline::new(s).unwrap();
        let mut again = s.clone();
        again.events = read.events;
        let after = Timeline::new(&again).unwrap();
        let mut day = s.start;
        while day <= s.end {
            assert_eq!(
                before.statuses_at(day),
                after.statuses_at(day),
                "{name} on {day}"
            );
            day = day.tomorrow().unwrap();
        }
    }
}

#[test]
fn a_scenario_reads_its_events_from_the_csv_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let original = load_bundle(&shipped("afghanistan-2021")).unwrap();
    let csv_path = dir.path().join("events.csv");
    std::fs::write(
        &csv_path,
        events_to_csv(&original.scenario().events).unwrap(),
    )
    .unwrap();
    let scenario = afghanistan_with_events(dir.path(), &csv_path);
    let bundle = load_bundle(&scenario).unwrap();
    assert!(bundle.warnings.is_empty(), "{}", bundle.warnings);
    assert_eq!(bundle.scenario().events, original.scenario().events);
    assert_eq!(
        bundle.sources.files.len(),
        3,
        "the scenario, the CSV file and the annotations"
    );
}

// ------------------------------------------------------------------------- ACLED import

fn acled_options(out: &Path) -> ImportOptions {
    let mut opts = ImportOptions::new(
        fixture("acled_afghanistan_2021.csv"),
        shipped("afghanistan-2021"),
        Some(out.to_path_buf()),
    );
    opts.mapping = Some(fixture("acled_actors.ron"));
    opts
}

#[test]
fn acled_territory_changes_become_events_that_check_clean() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("imported.ron");
    let summary = import_events(&acled_options(&out), &Progress::new()).unwrap();
    assert_eq!(summary.rows, 15);
    assert_eq!(summary.changes, 10);
    assert_eq!(summary.context, 0);
    assert_eq!((summary.by_name, summary.by_distance), (9, 1));
    assert_eq!(summary.unmatched, 2);
    assert_eq!(summary.outside_dates, 0);
    assert_eq!(summary.left_out.get("Battles: Armed clash"), Some(&2));
    assert_eq!(
        summary
            .left_out
            .get("Explosions/Remote violence: Shelling/artillery/missile attack"),
        Some(&1)
    );
    assert!(summary.warnings.is_empty(), "{}", summary.warnings);
    let printed = summary.to_string();
    assert!(printed.contains("10 change(s) of territory"), "{printed}");
    assert!(printed.contains("left out 3 row(s)"), "{printed}");

    // The output loads with the shipped scenario and checks clean (as `check --strict`).
    let scenario = afghanistan_with_events(dir.path(), &out);
    let bundle = load_bundle(&scenario).unwrap();
    assert!(bundle.warnings.is_empty(), "{}", bundle.warnings);
    let s = bundle.scenario();
    assert_eq!(s.events.len(), 10);
    // Sorted by date although the export is newest first.
    assert!(s.events.windows(2).all(|w| w[0].date <= w[1].date));
    assert_eq!(s.events[0].id(), Some("TEST-AFG-003"));
    assert_eq!(
        &*s.events[0].capital, "qala-e-naw",
        "alternate name Qala-i-Naw"
    );
    assert_eq!(
        &*s.events[1].status, "government",
        "Government regains territory"
    );
    let airport = s
        .events
        .iter()
        .find(|e| e.id() == Some("TEST-AFG-011"))
        .unwrap();
    assert_eq!(
        &*airport.capital, "kunduz",
        "Kunduz Airport, 8.6 km from the city"
    );
    assert_eq!(&*airport.sources[0].text, "RFE/RL, via ACLED TEST-AFG-011");
    assert_eq!(&*airport.sources[1].text, "AP, via ACLED TEST-AFG-011");
    assert!(airport.note.starts_with("Test fixture, not ACLED data:"));
    let mazar = s
        .events
        .iter()
        .find(|e| e.id() == Some("TEST-AFG-013"))
        .unwrap();
    assert_eq!(
        &*mazar.capital, "mazar-i-sharif",
        "alternate name Mazar-e Sharif"
    );
    let kabul = s.capital_index("kabul").unwrap();
    let taliban = s.status_index("taliban").unwrap();
    assert_eq!(bundle.timeline.status_at(kabul, date(2021, 8, 15)), taliban);

    // Rows that match no capital are listed with the reason and the nearest capital.
    let report_path = summary.report.clone().unwrap();
    assert_eq!(report_path, dir.path().join("imported.unmatched.csv"));
    let report = std::fs::read_to_string(&report_path).unwrap();
    assert_eq!(report.lines().count(), 3, "{report}");
    assert!(
        report.contains("TEST-AFG-002")
            && report.contains("the nearest is Gardez (gardez), 25.5 km away"),
        "{report}"
    );
    assert!(
        report.contains("TEST-AFG-001")
            && report.contains("the nearest is Kunduz (kunduz), 50.8 km away"),
        "{report}"
    );

    // The same input gives the same bytes.
    let again = dir.path().join("again.ron");
    let mut opts = acled_options(&again);
    opts.report = Some(dir.path().join("again.unmatched.csv"));
    import_events(&opts, &Progress::new()).unwrap();
    assert_eq!(
        std::fs::read_to_string(&out)
            .unwrap()
            .replace("imported.ron", ""),
        std::fs::read_to_string(&again)
            .unwrap()
            .replace("again.ron", "")
    );
}

#[test]
fn acled_import_within_a_wider_distance_and_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("imported.csv");
    let mut opts = acled_options(&out);
    opts.within_km = 30.0;
    let summary = import_events(&opts, &Progress::new()).unwrap();
    assert_eq!(summary.changes, 11, "Zurmat is 25.5 km from Gardez");
    assert_eq!(summary.unmatched, 1);
    let scenario = afghanistan_with_events(dir.path(), &out);
    let bundle = load_bundle(&scenario).unwrap();
    assert!(bundle.warnings.is_empty(), "{}", bundle.warnings);
    let gardez = bundle
        .scenario()
        .events
        .iter()
        .find(|e| e.id() == Some("TEST-AFG-002"))
        .unwrap();
    assert_eq!(&*gardez.capital, "gardez");
    assert_eq!(gardez.date, date(2021, 7, 2));
}

#[test]
fn acled_all_events_keeps_other_rows_as_context() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.ron");
    let mut opts = acled_options(&out);
    opts.all_events = true;
    let summary = import_events(&opts, &Progress::new()).unwrap();
    assert_eq!((summary.changes, summary.context), (10, 3));
    assert!(summary.left_out.is_empty());
    let scenario = afghanistan_with_events(dir.path(), &out);
    let bundle = load_bundle(&scenario).unwrap();
    assert!(bundle.warnings.is_empty(), "{}", bundle.warnings);
    let s = bundle.scenario();
    let context: Vec<&str> = s
        .events
        .iter()
        .filter(|e| e.report == ReportKind::Context)
        .map(|e| &*e.capital)
        .collect();
    assert_eq!(context, ["lashkar-gah", "herat", "kandahar"]);
    // Context events change nothing: Herat is government until it falls on 08-13.
    let herat = s.capital_index("herat").unwrap();
    let government = s.status_index("government").unwrap();
    assert_eq!(
        bundle.timeline.status_at(herat, date(2021, 7, 31)),
        government
    );
}

#[test]
fn an_actor_missing_from_the_mapping_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("imported.ron");
    let mut opts = ImportOptions::new(
        fixture("acled_afghanistan_2021.csv"),
        shipped("afghanistan-2021"),
        Some(out.clone()),
    );
    opts.actors = vec![("Taliban".into(), "taliban".into())];
    let msg = import_events(&opts, &Progress::new())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("acled_afghanistan_2021.csv:13:7: row 13, column \"actor1\": the actor \"Military Forces of Afghanistan (2004-2021)\""),
        "{msg}"
    );
    assert!(
        msg.contains("--actor \"Military Forces of Afghanistan (2004-2021)=<status>\""),
        "{msg}"
    );
    assert!(!msg.contains("\"Taliban\""), "Taliban is mapped: {msg}");
    assert!(!out.exists(), "nothing written");

    // A status the scenario does not have is named too.
    opts.actors = vec![("Taliban".into(), "talban".into())];
    let msg = import_events(&opts, &Progress::new())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("\"talban\" is not a status of the scenario; did you mean \"taliban\"?"),
        "{msg}"
    );
}

#[test]
fn write_mapping_lists_every_actor_with_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("actors.ron");
    let mut opts = ImportOptions::new(
        fixture("acled_afghanistan_2021.csv"),
        shipped("afghanistan-2021"),
        None,
    );
    opts.write_mapping = Some(template.clone());
    let summary = import_events(&opts, &Progress::new()).unwrap();
    assert_eq!(
        summary.mapping_template.as_deref(),
        Some(template.as_path())
    );
    assert_eq!(summary.actors, 4);
    let text = std::fs::read_to_string(&template).unwrap();
    assert!(
        text.contains("\"Taliban\": \"\", // 15 rows, actor1 of 11 changes of territory"),
        "{text}"
    );
    assert!(
        text.contains("\"Military Forces of Afghanistan (2004-2021)\": \"\", // 10 rows, actor1 of 1 change of territory"),
        "{text}"
    );
    assert!(
        text.contains("\"NRF: National Resistance Front\": \"\", // 1 row\n"),
        "{text}"
    );
    // The template reads back as a mapping.
    let (mapping, _) = ActorMapping::load(&template).unwrap();
    assert_eq!(mapping.actors.len(), 4);
    assert!(mapping.actors.values().all(String::is_empty));
}

#[test]
fn no_file_is_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("imported.ron");
    std::fs::write(&out, "keep me").unwrap();
    let msg = import_events(&acled_options(&out), &Progress::new())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("the file exists") && msg.contains("--force"),
        "{msg}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    assert!(!dir.path().join("imported.unmatched.csv").exists());

    let mut opts = acled_options(&out);
    opts.force = true;
    import_events(&opts, &Progress::new()).unwrap();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("TEST-AFG-015")
    );
}

/// A 2 GB single line (a sparse file: a header, then NUL bytes) and a million columns end in a
/// clear error naming the limit, before anything large is read or allocated.
#[test]
fn huge_lines_and_a_million_columns_are_refused_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.csv");
    {
        let mut f = std::fs::File::create(&huge).unwrap();
        std::io::Write::write_all(&mut f, b"date,capital,status\n2021-07-10,alpha,").unwrap();
        f.set_len(2 << 30).unwrap();
    }
    let (_d, path) = scenario_with(huge.to_str().unwrap(), "");
    let msg = errors_of(&path);
    assert!(msg.contains("huge.csv"), "{msg}");
    assert!(
        msg.contains("2.1 GB (2147483648 bytes); the limit is"),
        "{msg}"
    );
    assert!(
        msg.contains("split the events into several events files"),
        "{msg}"
    );

    let wide = dir.path().join("wide.csv");
    let mut header = String::from("date,capital,status");
    for k in 0..1_000_000 {
        header.push_str(&format!(",c{k}"));
    }
    header.push_str("\n2021-07-10,alpha,taliban\n");
    std::fs::write(&wide, header).unwrap();
    let (_d, path) = scenario_with(wide.to_str().unwrap(), "");
    let msg = errors_of(&path);
    assert!(msg.contains("wide.csv"), "{msg}");
    assert!(msg.contains("columns"), "{msg}");
}
