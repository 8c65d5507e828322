//! Hostile input, as a user with files nobody here wrote would bring: devices, folders and
//! files listed twice in place of events files, huge diagnostics lists, absurd numbers, odd
//! link schemes. Every case ends in a clear message naming the file, never a hang, a crash or
//! unbounded memory.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use frontline::bundle::load_bundle;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn frontline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .output()
        .unwrap()
}

fn errors_of(path: &Path) -> String {
    load_bundle(path).unwrap_err().to_string()
}

#[test]
fn events_files_that_are_devices_folders_or_repeats_are_refused() {
    let zero = errors_of(&fixture("scenarios/events_file_is_dev_zero.ron"));
    assert!(
        zero.contains("/dev/zero") && zero.contains("not a regular file"),
        "{zero}"
    );
    let folder = errors_of(&fixture("scenarios/events_file_is_a_folder.ron"));
    assert!(folder.contains("is a folder"), "{folder}");
    let twice = errors_of(&fixture("scenarios/events_file_listed_twice.ron"));
    assert!(
        twice.contains("events_file_listed_twice.ron:22:")
            && twice.contains("events file \"./valid_events.ron\" is listed twice"),
        "{twice}"
    );
    let itself = errors_of(&fixture("scenarios/events_file_is_the_scenario.ron"));
    assert!(itself.contains("is the scenario file itself"), "{itself}");
}

#[test]
fn boundaries_that_are_not_regular_files_or_too_big_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = std::fs::read_to_string(fixture("scenarios/valid_with_events_file.ron"))
        .unwrap()
        .replace("../boundaries/two_provinces.geojson", "/dev/zero")
        .replace("events_files: [\"valid_events.ron\"],", "");
    let path = dir.path().join("s.ron");
    std::fs::write(&path, scenario).unwrap();
    let msg = errors_of(&path);
    assert!(
        msg.contains("/dev/zero: the boundaries file is not a regular file"),
        "{msg}"
    );
}

/// Diagnostics take linear time and are capped: 20,000 events naming an unknown capital give
/// 20,000 errors, of which `check` prints 50 and says how to see the rest.
#[test]
fn many_errors_are_found_once_each_and_capped_in_the_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("boundaries/two_provinces.geojson"),
        dir.path().join("two_provinces.geojson"),
    )
    .unwrap();
    let scenario = std::fs::read_to_string(fixture("scenarios/valid_with_events_file.ron"))
        .unwrap()
        .replace(
            "../boundaries/two_provinces.geojson",
            "two_provinces.geojson",
        )
        .replace(
            "events_files: [\"valid_events.ron\"]",
            "events_files: [\"many.ron\"]",
        );
    std::fs::write(dir.path().join("scenario.ron"), scenario).unwrap();
    let mut events = String::from("[\n");
    for i in 0..20_000 {
        let _ = writeln!(
            events,
            "Event(date: \"2021-07-{:02}\", capital: \"gamma\", status: \"taliban\", sources: [Source(text: \"x\")]),",
            1 + i % 28
        );
    }
    events.push(']');
    std::fs::write(dir.path().join("many.ron"), events).unwrap();
    let path = dir.path().join("scenario.ron");
    let o = frontline(&["check", path.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(lines.len(), 50, "{err}");
    assert!(lines[0].contains("many.ron:2:"), "{}", lines[0]);
    assert!(
        err.contains("… and 19950 more (`frontline check --all` shows every one)"),
        "{err}"
    );
    assert!(err.contains("20000 error(s)"), "{err}");
    let all = frontline(&["check", "--all", path.to_str().unwrap()]);
    let every = String::from_utf8_lossy(&all.stderr);
    assert_eq!(
        every.lines().filter(|l| l.starts_with("error:")).count(),
        20_000
    );
}

#[test]
fn absurd_numbers_are_shown_short() {
    let dir = tempfile::tempdir().unwrap();
    let geojson = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"A"},
        "geometry":{"type":"Polygon","coordinates":[[[0,0],[1e308,0],[1,1],[0,0]]]}}]}"#;
    let path = dir.path().join("huge.geojson");
    std::fs::write(&path, geojson).unwrap();
    let msg = frontline::boundaries::load_boundaries(&path, "id", "name")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("[1e308, 0]"), "{msg}");
    assert!(!msg.contains("00000000"), "no long digit strings: {msg}");
}

#[test]
fn links_other_than_http_are_flagged_by_check() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("boundaries/two_provinces.geojson"),
        dir.path().join("two_provinces.geojson"),
    )
    .unwrap();
    let scenario = std::fs::read_to_string(fixture("scenarios/valid_with_events_file.ron"))
        .unwrap()
        .replace("../boundaries/two_provinces.geojson", "two_provinces.geojson")
        .replace("events_files: [\"valid_events.ron\"],", "")
        .replace(
            "sources: [Source(text: \"Wire\")]",
            "sources: [Source(text: \"Wire\", url: \"javascript:alert(1)\"), Source(text: \"Disk\", url: \"file:///etc/passwd\")]",
        );
    let path = dir.path().join("scenario.ron");
    std::fs::write(&path, scenario).unwrap();
    let b = load_bundle(&path).unwrap();
    let warnings = b.warnings.to_string();
    for scheme in ["javascript:alert(1)", "file:///etc/passwd"] {
        assert!(
            warnings.contains(&format!(
                "event on 2021-07-10 for \"beta\": source URL \"{scheme}\" is not http or https"
            )),
            "{warnings}"
        );
    }
}

/// Inputs the fuzzers (`fuzz/`) once crashed on: each must now give an error or a result, never
/// a panic. New crashes go in `tests/fixtures/fuzz-regressions/<target>/`.
#[test]
fn inputs_that_once_crashed_the_fuzzers_are_handled() {
    let root = fixture("fuzz-regressions");
    let mut seen = 0;
    for target in ["boundaries", "scenario_ron", "events_ron"] {
        for entry in std::fs::read_dir(root.join(target)).unwrap() {
            let path = entry.unwrap().path();
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            seen += 1;
            let run = std::panic::catch_unwind(|| match target {
                "boundaries" => {
                    let _ = frontline::boundaries::check_boundaries_text(&path, &text);
                }
                "scenario_ron" => {
                    let _ = frontline::model::load::check_scenario_text(&path, &text);
                }
                _ => {
                    let _ = frontline::model::load::parse_ron::<Vec<frontline::model::Event>>(
                        &path, &text,
                    );
                }
            });
            assert!(run.is_ok(), "{} panics", path.display());
        }
    }
    assert!(seen > 0, "no regression inputs under {}", root.display());
}
