//! Conformance: the boundaries loader over every file of the shared GeoJSON test suite
//! (`geojson-suite/`, files from mapbox/geojsonhint, GDAL, geojson-vt and georust), checked
//! against the suite's `MANIFEST.tsv`: files the suite calls invalid must be refused with an
//! error naming the file; every other file must load, or be refused with a clear "no polygons"
//! (it holds no provinces) or "looks projected" (coordinates outside lon/lat) message. A panic
//! fails the test.
//!
//! The suite is found through `FRONTLINE_TESTDATA` or `../shared/testdata`. Under CI (the `CI`
//! variable set) a missing suite fails the test instead of skipping it.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use frontline::boundaries::parse_boundaries;

fn testdata_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("FRONTLINE_TESTDATA").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| p.join("geojson-suite/MANIFEST.tsv").is_file())
}

#[test]
fn geojson_suite_matches_manifest() {
    let Some(root) = testdata_dir() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "geojson-suite not found: set FRONTLINE_TESTDATA to the shared testdata folder"
        );
        eprintln!("SKIPPED geojson_suite_matches_manifest: set FRONTLINE_TESTDATA to run it");
        return;
    };
    let suite = root.join("geojson-suite");
    let manifest = std::fs::read_to_string(suite.join("MANIFEST.tsv")).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in manifest.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, expectation) = (cols[0], cols.get(6).copied().unwrap_or(""));
        let path = suite.join(file);
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let outcome = std::panic::catch_unwind(|| parse_boundaries(&path, &text, "id", "name"));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let strictly_invalid = expectation.starts_with("invalid")
            && !expectation.starts_with("invalid per geojsonhint");
        let verdict = match outcome {
            Err(_) => Err("panicked".to_string()),
            Ok(Ok(b)) if strictly_invalid => Err(format!(
                "loaded {} province(s) but the suite says invalid",
                b.provinces.len()
            )),
            Ok(Ok(b)) if b.provinces.is_empty() => Err("loaded with no provinces".to_string()),
            Ok(Ok(_)) => Ok(()),
            Ok(Err(d)) => {
                let msg = d.to_string();
                if !msg.contains(&name) {
                    Err(format!("error does not name the file: {msg}"))
                } else if msg.lines().next().is_none_or(|l| l.len() < name.len() + 20) {
                    Err(format!("error gives no cause: {msg}"))
                } else if !strictly_invalid
                    && !msg.contains("no polygons")
                    && !msg.contains("looks projected")
                {
                    Err(format!("valid file refused: {msg}"))
                } else {
                    Ok(())
                }
            }
        };
        if let Err(why) = verdict {
            failures.push(format!("{file} [{expectation}]: {why}"));
        }
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} files in the manifest");
    assert!(
        failures.is_empty(),
        "{} of {checked} files:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
