//! The command-line commands run as a user runs them: exit codes, stdout and stderr.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shipped() -> PathBuf {
    root().join("assets/scenarios/afghanistan-2021/scenario.ron")
}

fn frontline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_on_shipped_scenario_is_clean() {
    let o = frontline(&["check", shipped().to_str().unwrap(), "--strict"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("provinces   34"), "{out}");
    assert!(out.contains("capitals    34"), "{out}");
    assert!(out.contains("2021-05-01 to 2021-09-30"), "{out}");
    assert!(
        out.contains("on 2021-09-30: Government 0 / 34, Contested 0 / 34, Taliban 34 / 34"),
        "{out}"
    );
    assert!(out.contains("ok: no errors, no warnings"), "{out}");
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn check_fails_on_errors_and_lists_them() {
    let fixture = root().join("tests/fixtures/scenarios/unknown_status_and_capital.ron");
    let o = frontline(&["check", fixture.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("did you mean \"taliban\"?"), "{err}");
    assert!(err.contains("2 error(s); nothing loaded"), "{err}");
}

#[test]
fn check_prints_warnings_but_passes_unless_strict() {
    let fixture = root().join("tests/fixtures/scenarios/province_without_capital.ron");
    let o = frontline(&["check", fixture.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("has no capital"), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("ok: no errors, 1 warning(s)"),
        "{}",
        stdout(&o)
    );
    let strict = frontline(&["check", fixture.to_str().unwrap(), "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn table_csv_on_a_date() {
    let o = frontline(&["table", shipped().to_str().unwrap(), "--date", "2021-08-10"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("capital_id,capital_name,province_id,status,last_change,report,open_reports")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 34);
    assert!(
        rows.contains(&"zaranj,Zaranj,AF-NIM,taliban,2021-08-06,confirmed,"),
        "{out}"
    );
    assert!(rows.contains(&"kabul,Kabul,AF-KAB,government,,,"), "{out}");
    assert!(
        // Contested since 07-29: the false report of its fall on 08-09 changed nothing.
        rows.contains(&"lashkar-gah,Lashkar Gah,AF-HEL,contested,2021-07-29,confirmed,"),
        "{out}"
    );
}

#[test]
fn table_json_on_a_date() {
    let o = frontline(&[
        "table",
        shipped().to_str().unwrap(),
        "--date",
        "2021-08-16",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 34);
    let taliban = rows.iter().filter(|r| r["status"] == "taliban").count();
    assert_eq!(taliban, 33, "all but Bazarak by 08-16");
    let bazarak = rows.iter().find(|r| r["capital_id"] == "bazarak").unwrap();
    assert_eq!(bazarak["status"], "government");
    assert_eq!(bazarak["last_change"], serde_json::Value::Null);
    assert_eq!(bazarak["open_reports"], serde_json::json!([]));
    // Mahmud-i-Raqi's fall on 08-15 rests on a Taliban claim: an open report.
    let raqi = rows
        .iter()
        .find(|r| r["capital_id"] == "mahmud-i-raqi")
        .unwrap();
    assert_eq!(
        raqi["open_reports"],
        serde_json::json!([{"date": "2021-08-15", "report": "claimed", "status": "taliban"}])
    );
}

#[test]
fn table_lists_the_reports_open_on_the_date() {
    // On 08-09 the false report of Lashkar Gah's fall stands (it was refuted on 08-10).
    let o = frontline(&["table", "afghanistan-2021", "--date", "2021-08-09"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("lashkar-gah,Lashkar Gah,AF-HEL,contested,2021-07-29,confirmed,2021-08-09 refuted taliban (refuted on 2021-08-10)\n"),
        "{out}"
    );
    // Farah's fall on 08-10 is disputed that day, and confirmed on 08-11: from then on it
    // reads as confirmed, with the history of the report.
    let o = frontline(&["table", "afghanistan-2021", "--date", "2021-08-10"]);
    let out = stdout(&o);
    assert!(
        out.contains(
            "farah,Farah,AF-FRA,taliban,2021-08-10,disputed,2021-08-10 disputed taliban\n"
        ),
        "{out}"
    );
    let o = frontline(&["table", "afghanistan-2021", "--date", "2021-08-11"]);
    let out = stdout(&o);
    assert!(
        out.contains("farah,Farah,AF-FRA,taliban,2021-08-10,confirmed,\n"),
        "the 08-11 event confirms it: {out}"
    );
    let o = frontline(&[
        "table",
        "afghanistan-2021",
        "--date",
        "2021-08-10",
        "--format",
        "json",
    ]);
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let lashkar = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["capital_id"] == "lashkar-gah")
        .unwrap();
    assert_eq!(
        lashkar["open_reports"],
        serde_json::json!([]),
        "refuted on 08-10: no longer standing"
    );
}

#[test]
fn shipped_scenarios_open_by_name_from_any_folder() {
    let elsewhere = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_frontline"))
            .args(args)
            .current_dir(elsewhere.path())
            .env("FRONTLINE_DATA_DIR", data.path())
            .output()
            .unwrap()
    };
    let o = run(&["scenarios"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.contains("afghanistan-2021") && out.contains("(2021-05-01 to 2021-09-30)"),
        "{out}"
    );
    assert!(
        out.contains("syria-2024") && out.contains("(2024-11-27 to 2024-12-31)"),
        "{out}"
    );
    let o = run(&["check", "syria-2024", "--strict"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("provinces   14"), "{}", stdout(&o));
    let png = elsewhere.path().join("a.png");
    let o = run(&[
        "export",
        "afghanistan-2021",
        "--date",
        "2021-08-15",
        "--size",
        "320x180",
        "-o",
        png.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(png.is_file());
    let o = run(&["check", "syria-2025"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o)
            .contains("no shipped scenario has that name (shipped: afghanistan-2021, syria-2024"),
        "{}",
        stderr(&o)
    );
    // A path the user gives wins over a shipped name: a folder named like one.
    std::fs::create_dir(elsewhere.path().join("syria-2024")).unwrap();
    let o = run(&["check", "syria-2024"]);
    assert!(
        !o.status.success(),
        "the folder, not the shipped scenario, was checked"
    );
}

#[test]
fn an_installed_binary_unpacks_the_shipped_scenarios() {
    // A copy of the binary outside the source tree finds no assets beside it: it unpacks the
    // copies compiled into it.
    let bin_dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let bin = bin_dir.path().join("frontline");
    std::fs::copy(env!("CARGO_BIN_EXE_frontline"), &bin).unwrap();
    let o = Command::new(&bin)
        .args(["check", "syria-2024", "--strict"])
        .current_dir(bin_dir.path())
        .env("FRONTLINE_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains(&data.path().join("scenarios").display().to_string()),
        "{}",
        stdout(&o)
    );
}

#[test]
fn table_rejects_a_bad_date_clearly() {
    let o = frontline(&["table", shipped().to_str().unwrap(), "--date", "2021-13-01"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("\"2021-13-01\" is not a date: write YYYY-MM-DD"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["table", "--help"],
        &["scenarios", "--help"],
        &["export", "--help"],
        &["import-boundaries", "--help"],
    ] {
        let o = frontline(args);
        assert!(o.status.success(), "{args:?}");
        assert!(
            stdout(&o).contains("Usage: frontline"),
            "{args:?}: {}",
            stdout(&o)
        );
    }
}

#[test]
fn table_on_syria_lists_six_sides_and_open_reports() {
    let o = frontline(&[
        "table",
        "syria-2024",
        "--date",
        "2024-12-07",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 14);
    let status = |id: &str| {
        rows.iter().find(|r| r["capital_id"] == id).unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status("homs"), "contested");
    assert_eq!(status("deir-ez-zor"), "sdf");
    assert_eq!(status("daraa"), "south_factions");
    assert_eq!(status("idlib"), "hts_moc");
    // Damascus on 12-07: officials' denial that Assad had fled, refuted on 12-08, stands.
    let damascus = rows.iter().find(|r| r["capital_id"] == "damascus").unwrap();
    let open = damascus["open_reports"].as_array().unwrap();
    assert!(
        open.iter()
            .any(|r| r["report"] == "refuted" && r["refuted_on"] == "2024-12-08"),
        "{open:?}"
    );
}

#[test]
fn table_since_lists_only_the_capitals_that_changed_hands() {
    let o = frontline(&[
        "table",
        "afghanistan-2021",
        "--since",
        "2021-08-06",
        "--date",
        "2021-08-13",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some(
            "capital_id,capital_name,province_id,status_before,status,last_change,report,open_reports"
        )
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // The model: every capital whose status differs between the two dates, and no other.
    let b = frontline::bundle::load_bundle(&shipped()).unwrap();
    let changes = b.timeline.changes_between(
        jiff::civil::date(2021, 8, 6),
        jiff::civil::date(2021, 8, 13),
    );
    assert_eq!(rows.len(), changes.len(), "{out}");
    assert!(rows.len() > 10, "{out}");
    for row in &rows {
        assert_ne!(row[3], row[4], "{row:?}");
    }
    // Nothing changed hands within a day with no events: the header alone.
    let o = frontline(&[
        "table",
        "afghanistan-2021",
        "--since",
        "2021-05-02",
        "--date",
        "2021-05-02",
    ]);
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    // JSON names the earlier status.
    let o = frontline(&[
        "table",
        "afghanistan-2021",
        "--since",
        "2021-08-06",
        "--date",
        "2021-08-13",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), changes.len());
    assert!(json[0]["status_before"].is_string());
}

#[test]
fn export_compares_two_dates_and_draws_small_multiples() {
    let dir = tempfile::tempdir().unwrap();
    let cmp = dir.path().join("cmp.png");
    let o = frontline(&[
        "export",
        "afghanistan-2021",
        "--compare",
        "2021-08-06",
        "2021-08-13",
        "-o",
        cmp.to_str().unwrap(),
        "--size",
        "960x540",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(image::open(&cmp).unwrap().width(), 960);
    let grid = dir.path().join("grid.svg");
    let o = frontline(&[
        "export",
        "afghanistan-2021",
        "--from",
        "2021-08-06",
        "--to",
        "2021-08-16",
        "--step",
        "2d",
        "--grid",
        "3x2",
        "-o",
        grid.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&grid).unwrap();
    for i in 1..6 {
        assert!(svg.contains(&format!("id=\"m{i}-map\"")), "map {i}");
    }
    assert!(svg.contains("6–16 August 2021"), "the shared date range");
    // Eleven dates do not fit six maps: said so, nothing written.
    let too_many = dir.path().join("too-many.png");
    let o = frontline(&[
        "export",
        "afghanistan-2021",
        "--from",
        "2021-08-06",
        "--to",
        "2021-08-16",
        "--grid",
        "3x2",
        "-o",
        too_many.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("11 dates do not fit a 3x2 grid"),
        "{}",
        stderr(&o)
    );
    assert!(!too_many.exists());
    let o = frontline(&[
        "export",
        "afghanistan-2021",
        "--from",
        "2021-08-06",
        "--to",
        "2021-08-16",
        "--grid",
        "13x2",
        "-o",
        too_many.to_str().unwrap(),
    ]);
    assert!(stderr(&o).contains("is not a grid"), "{}", stderr(&o));
}

#[test]
fn stress_scenario_writes_the_same_loadable_scenario_for_a_seed() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        let o = frontline(&[
            "stress-scenario",
            "--capitals",
            "150",
            "--events",
            "3000",
            "--seed",
            "7",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for f in ["scenario.ron", "events.ron", "provinces.geojson"] {
        assert!(
            std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(),
            "{f} differs between two runs with one seed"
        );
    }
    let bundle =
        frontline::bundle::load_bundle(&a.join("scenario.ron")).unwrap_or_else(|d| panic!("{d}"));
    let s = bundle.scenario();
    assert_eq!(s.capitals.len(), 150);
    assert_eq!(s.events.len(), 3000);
    // Neighbouring cells share their borders exactly: a 13 × 12 grid of 150 cells has about
    // 2 × 150 − 13 − 12 inner edges, each one border.
    let arcs = frontline::boundaries::arcs(&bundle.boundaries);
    let borders = arcs.iter().filter(|a| !a.is_outline()).count();
    assert!((260..=290).contains(&borders), "{borders} shared borders");
    // Another seed gives other events.
    let o = frontline(&[
        "stress-scenario",
        "--capitals",
        "150",
        "--events",
        "3000",
        "--seed",
        "8",
        "-o",
        b.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert!(
        std::fs::read(a.join("events.ron")).unwrap()
            != std::fs::read(b.join("events.ron")).unwrap()
    );
}
