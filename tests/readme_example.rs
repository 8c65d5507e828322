//! Keeps the README honest: its scenario example must load with no errors and no warnings.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use frontline::bundle::load_bundle;

#[test]
fn readme_scenario_example_is_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let format = readme
        .find("## Scenario format")
        .expect("README has a Scenario format section");
    let start = format
        + readme[format..]
            .find("```ron\n")
            .expect("README has a ```ron example")
        + "```ron\n".len();
    let len = readme[start..].find("```").unwrap();
    let example = &readme[start..start + len];
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("scenario.ron"), example).unwrap();
    std::fs::copy(
        root.join("tests/fixtures/boundaries/two_provinces.geojson"),
        dir.path().join("provinces.geojson"),
    )
    .unwrap();
    let bundle = load_bundle(&dir.path().join("scenario.ron")).unwrap_or_else(|d| panic!("{d}"));
    assert!(bundle.warnings.is_empty(), "{}", bundle.warnings);
    assert_eq!(bundle.scenario().events.len(), 3);
    assert_eq!(bundle.scenario().presences.len(), 1);
    assert_eq!(bundle.scenario().key_moments.len(), 1);
}
