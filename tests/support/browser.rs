//! Driving headless Chromium from the integration tests: `tests/browser/drive.mjs` (Node.js and
//! playwright-core, Debian's Chromium) opens a file and runs a list of steps on it.
//! Included by the tests that need it with `#[path = "support/browser.rs"] mod browser;`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The repository's root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether node, Chromium and the driver's packages are installed. Missing ones are reported
/// and skip the test (`what` names it), except under CI, where they fail it.
pub fn ready(what: &str) -> bool {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let packages = root()
        .join("tests/browser/node_modules/playwright-core")
        .is_dir();
    let missing: Vec<&str> = [
        (!node).then_some("node"),
        (!chromium.exists()).then_some("chromium"),
        (!packages).then_some("tests/browser/node_modules (run `npm ci` in tests/browser)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run the browser test of {what}; missing: {}",
        missing.join(", ")
    );
    eprintln!(
        "skipping the browser test of {what}: missing {}",
        missing.join(", ")
    );
    false
}

/// One browser at a time: a test file's tests run in parallel, and a second Chromium on a
/// small machine would skew the timings they measure.
static BROWSER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `tests/browser/drive.mjs` on a file with steps (written to `dir`); returns its output.
pub fn drive(file: &Path, steps: &Value, dir: &Path) -> Value {
    let _one = BROWSER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let script = dir.join("steps.json");
    std::fs::write(&script, serde_json::to_string(steps).unwrap()).unwrap();
    let o = Command::new("node")
        .arg(root().join("tests/browser/drive.mjs"))
        .arg(file)
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "drive.mjs failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}
