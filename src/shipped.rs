//! The scenarios shipped with frontline, opened by name from anywhere (`frontline syria-2024`,
//! `frontline check afghanistan-2021`). Their files are compiled into the binary. A name is
//! found, in order: beside the executable (an `assets/scenarios/NAME/` folder next to it or up
//! to three folders above it, as in a source checkout, where edits hot-reload), else unpacked
//! from the binary into the user's data folder. A path the user gives always wins over a name.

use std::path::{Path, PathBuf};

/// One shipped scenario: its name (folder), and its files as compiled in.
#[derive(Debug, Clone, Copy)]
pub struct ShippedScenario {
    /// The name to open it by, e.g. `afghanistan-2021`.
    pub name: &'static str,
    /// Its files: path relative to its folder, contents.
    pub files: &'static [(&'static str, &'static [u8])],
}

macro_rules! shipped_file {
    ($dir:literal, $file:literal) => {
        (
            $file,
            include_bytes!(concat!("../assets/scenarios/", $dir, "/", $file)).as_slice(),
        )
    };
}

/// Every shipped scenario; the first is opened when there is nothing else to open.
pub static SHIPPED: [ShippedScenario; 3] = [
    ShippedScenario {
        name: "afghanistan-2021",
        files: &[
            shipped_file!("afghanistan-2021", "scenario.ron"),
            shipped_file!("afghanistan-2021", "events.ron"),
            shipped_file!("afghanistan-2021", "annotations.ron"),
            shipped_file!("afghanistan-2021", "provinces.geojson"),
            shipped_file!("afghanistan-2021", "neighbours.geojson"),
        ],
    },
    ShippedScenario {
        name: "syria-2024",
        files: &[
            shipped_file!("syria-2024", "scenario.ron"),
            shipped_file!("syria-2024", "events.ron"),
            shipped_file!("syria-2024", "annotations.ron"),
            shipped_file!("syria-2024", "provinces.geojson"),
            shipped_file!("syria-2024", "neighbours.geojson"),
        ],
    },
    ShippedScenario {
        name: "sudan-2023",
        files: &[
            shipped_file!("sudan-2023", "scenario.ron"),
            shipped_file!("sudan-2023", "events.ron"),
            shipped_file!("sudan-2023", "provinces.geojson"),
            shipped_file!("sudan-2023", "neighbours.geojson"),
        ],
    },
];

impl ShippedScenario {
    /// Its title and date range, read from its compiled-in `scenario.ron`.
    pub fn summary(&self) -> Option<(String, jiff::civil::Date, jiff::civil::Date)> {
        let (_, bytes) = self.files.iter().find(|(f, _)| *f == "scenario.ron")?;
        let text = std::str::from_utf8(bytes).ok()?;
        let s: crate::model::Scenario =
            crate::model::load::parse_ron(Path::new("scenario.ron"), text).ok()?;
        Some((s.title, s.start, s.end))
    }
}

/// The shipped scenario of this name.
pub fn by_name(name: &str) -> Option<&'static ShippedScenario> {
    SHIPPED.iter().find(|s| s.name == name)
}

/// The scenario file to open for what the user typed: an existing path as it is, else a
/// shipped scenario's name. The error says which names exist.
pub fn resolve(arg: &Path) -> Result<PathBuf, String> {
    if arg.exists() {
        return Ok(arg.to_path_buf());
    }
    let name = arg.to_string_lossy();
    let Some(scenario) = by_name(name.trim_end_matches('/')) else {
        let names: Vec<&str> = SHIPPED.iter().map(|s| s.name).collect();
        return Err(format!(
            "{}: no such file, and no shipped scenario has that name (shipped: {}; `frontline scenarios` lists them)",
            arg.display(),
            names.join(", ")
        ));
    };
    locate(scenario)
}

/// Where a shipped scenario's `scenario.ron` is: beside the executable, else unpacked.
pub fn locate(scenario: &ShippedScenario) -> Result<PathBuf, String> {
    if let Some(found) = beside_executable(scenario.name) {
        return Ok(found);
    }
    unpack(scenario, &unpack_root()?)
}

fn beside_executable(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    exe.ancestors().skip(1).take(4).find_map(|dir| {
        let candidate = dir.join("assets/scenarios").join(name).join("scenario.ron");
        candidate.is_file().then_some(candidate)
    })
}

/// The folder shipped scenarios are unpacked into: `FRONTLINE_DATA_DIR`, else the platform's
/// data folder (e.g. `~/.local/share/frontline` on Linux).
pub fn unpack_root() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("FRONTLINE_DATA_DIR") {
        return Ok(PathBuf::from(dir).join("scenarios"));
    }
    directories::ProjectDirs::from("org", "frontline", "frontline")
        .map(|d| d.data_dir().join("scenarios"))
        .ok_or_else(|| {
            "cannot find a data folder to unpack the shipped scenarios into (no home folder?); set FRONTLINE_DATA_DIR".to_string()
        })
}

/// Unpacks a shipped scenario under `root` (into a folder named from its name and this
/// version, so a newer frontline never reads older copies) and returns its `scenario.ron`.
/// Files already there with the same contents are left alone.
pub fn unpack(scenario: &ShippedScenario, root: &Path) -> Result<PathBuf, String> {
    let dir = root.join(format!("{}-{}", scenario.name, env!("CARGO_PKG_VERSION")));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (file, bytes) in scenario.files {
        let path = dir.join(file);
        if std::fs::read(&path).is_ok_and(|old| old == *bytes) {
            continue;
        }
        crate::fsio::write_atomically(&path, bytes).map_err(|e| e.to_string())?;
    }
    Ok(dir.join("scenario.ron"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_come_from_the_compiled_in_files() {
        let (title, start, end) = by_name("syria-2024").unwrap().summary().unwrap();
        assert!(title.starts_with("Syria 2024"), "{title}");
        assert_eq!(
            (start.to_string(), end.to_string()),
            ("2024-11-27".into(), "2024-12-31".into())
        );
        assert!(SHIPPED.iter().all(|s| s.summary().is_some()));
    }

    #[test]
    fn names_resolve_and_unknown_names_are_explained() {
        assert!(by_name("syria-2024").is_some());
        let err = resolve(Path::new("nowhere-1999")).unwrap_err();
        assert!(
            err.contains("afghanistan-2021, syria-2024, sudan-2023"),
            "{err}"
        );
    }

    #[test]
    fn unpacked_scenarios_are_complete_and_left_alone_when_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        for s in &SHIPPED {
            let path = unpack(s, dir.path()).unwrap();
            let bundle = crate::bundle::load_bundle(&path).unwrap_or_else(|d| panic!("{d}"));
            assert!(bundle.warnings.is_empty(), "{}", bundle.warnings);
            let stamp = std::fs::metadata(&path).unwrap().modified().unwrap();
            std::thread::sleep(std::time::Duration::from_millis(20));
            unpack(s, dir.path()).unwrap();
            assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), stamp);
        }
    }
}
