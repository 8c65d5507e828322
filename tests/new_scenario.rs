//! `frontline new`: a checked scenario for any country from the embedded Natural Earth and
//! GeoNames data. Afghanistan's capitals against the shipped scenario's; Syria, Sudan and
//! Ukraine load without errors with every capital in its own province; twenty countries
//! chosen by a fixed seed load without errors; existing files are kept without --force; and a
//! user's geoBoundaries file and GeoNames dump are read.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use frontline::boundaries::LonLat;
use frontline::bundle::{CAPITAL_TOLERANCE_KM, ScenarioBundle, load_bundle};
use frontline::import_events::haversine_km;
use frontline::world::capitals::How;
use frontline::world::new::{NewOptions, Plan, country_list, plan, write};

fn options(name: &str, country: &str, dir: &Path) -> NewOptions {
    NewOptions {
        name: name.into(),
        country: country.into(),
        output: Some(dir.to_path_buf()),
        start: Some("2024-01-01".parse().unwrap()),
        end: Some("2024-12-31".parse().unwrap()),
        ..Default::default()
    }
}

/// Makes and writes a scenario, then loads it as `frontline check` does.
fn make(country: &str) -> (tempfile::TempDir, Plan, ScenarioBundle) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let p = plan(&options(&format!("{country} test"), country, &dir))
        .unwrap_or_else(|d| panic!("{country}: {d}"));
    let path = write(&p, false).unwrap();
    let bundle = load_bundle(&path).unwrap_or_else(|d| panic!("{country}: check fails:\n{d}"));
    (tmp, p, bundle)
}

fn shipped(name: &str) -> ScenarioBundle {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/scenarios")
        .join(name)
        .join("scenario.ron");
    load_bundle(&path).unwrap()
}

/// Every capital with a polygon lies inside its own province: `strict`ly, or within the
/// tolerance `check` allows for a seat on a simplified coast.
fn capitals_inside(bundle: &ScenarioBundle, strict: bool) {
    let projection = bundle.boundaries.projection();
    for c in &bundle.scenario().capitals {
        if c.marker_only.is_some() {
            continue;
        }
        let pi = bundle.boundaries.province_index(&c.province).unwrap();
        let province = &bundle.boundaries.provinces[pi];
        let point = LonLat {
            lon: c.lon,
            lat: c.lat,
        };
        let km = province.distance_km(&projection, point);
        assert!(
            km <= CAPITAL_TOLERANCE_KM,
            "{} lies {km:.1} km outside {}",
            c.name,
            c.province
        );
        if strict {
            assert!(
                province.contains_lonlat(point),
                "{} lies {km:.2} km outside {}",
                c.name,
                c.province
            );
        }
    }
}

#[test]
fn afghanistan_matches_the_shipped_capitals() {
    let (_tmp, p, made) = make("AF");
    let reference = shipped("afghanistan-2021");
    assert_eq!(made.boundaries.provinces.len(), 34);
    let mut close = 0;
    for c in &p.capitals {
        let shipped = reference
            .scenario()
            .capitals
            .iter()
            .find(|s| s.province == c.province)
            .unwrap_or_else(|| panic!("no shipped capital for {}", c.province));
        let km = haversine_km(shipped.lat, shipped.lon, c.chosen.lat, c.chosen.lon);
        if km <= 5.0 {
            close += 1;
        } else {
            assert!(
                matches!(c.chosen.how, How::Guessed(_) | How::Corrected { .. }),
                "{} ({}) is {km:.1} km from the shipped {} and not reported",
                c.chosen.name,
                c.province,
                shipped.name
            );
        }
    }
    assert!(
        close >= 32,
        "only {close} of 34 capitals within 5 km of the shipped ones"
    );
    // The table's fixes: the swapped Paktia and Paktika, and Kapisa's capital.
    let kapisa = p.capitals.iter().find(|c| c.province == "AF-KAP").unwrap();
    assert_eq!(kapisa.chosen.name, "Mahmud-i-Raqi");
    let gardez = p.capitals.iter().find(|c| c.province == "AF-PIA").unwrap();
    assert_eq!(gardez.chosen.name, "Gardez");
    assert!(
        p.capitals
            .iter()
            .any(|c| c.chosen.national && c.chosen.name == "Kabul")
    );
    capitals_inside(&made, true);
    assert_eq!(
        made.neighbours.as_ref().map(|n| n.provinces.len() >= 6),
        Some(true)
    );
}

#[test]
fn syria_sudan_and_ukraine_check_with_every_capital_inside() {
    for (country, provinces) in [("SY", 14), ("Sudan", 17), ("UKR", 27)] {
        let (_tmp, p, made) = make(country);
        assert!(!made.warnings.has_errors());
        assert_eq!(made.boundaries.provinces.len(), provinces, "{country}");
        capitals_inside(&made, true);
        let names: Vec<&str> = p.capitals.iter().map(|c| c.chosen.name.as_str()).collect();
        match country {
            "SY" => {
                assert!(
                    names.contains(&"Madinat al-Baath") && names.contains(&"Douma"),
                    "{names:?}"
                );
            }
            "Sudan" => {
                // 18 states: West Kordofan's capital as a marker only; the Darfur codes fixed.
                assert_eq!(p.capitals.len(), 18);
                let fula = p.capitals.iter().find(|c| c.province == "SD-GK").unwrap();
                assert!(fula.marker_only.is_some());
                let zalingei = p.capitals.iter().find(|c| c.province == "SD-DC").unwrap();
                assert_eq!(zalingei.chosen.name, "Zalingei");
                let kadugli = p.capitals.iter().find(|c| c.province == "SD-KS").unwrap();
                assert_eq!(kadugli.chosen.name, "Kadugli");
            }
            _ => {
                // Crimea and Sevastopol, filed under Russia by Natural Earth, are Ukraine's here.
                assert!(made.boundaries.province_index("UA-43").is_some());
                assert!(made.boundaries.province_index("UA-40").is_some());
                assert!(
                    names.contains(&"Uzhhorod") && names.contains(&"Simferopol"),
                    "{names:?}"
                );
                let russia = made.neighbours.as_ref().unwrap();
                assert!(russia.province_index("RUS").is_some());
            }
        }
    }
}

#[test]
fn twenty_seeded_countries_check_without_errors() {
    let list: Vec<_> = country_list()
        .unwrap()
        .into_iter()
        .filter(|c| c.provinces >= 2)
        .collect();
    let mut rng = fastrand::Rng::with_seed(2026);
    let mut picked: Vec<String> = Vec::new();
    while picked.len() < 20 {
        let c = &list[rng.usize(..list.len())];
        if !picked.contains(&c.a3) {
            picked.push(c.a3.clone());
        }
    }
    for a3 in &picked {
        let (_tmp, p, made) = make(a3);
        assert!(!made.warnings.has_errors(), "{a3}: {}", made.warnings);
        assert_eq!(made.scenario().capitals.len(), p.capitals.len());
        // Every guess is a warning that names the capital.
        let guessed = made
            .warnings
            .warnings()
            .filter(|w| w.message.contains("is a guess"))
            .count();
        assert_eq!(guessed, p.guessed().count(), "{a3}");
        capitals_inside(&made, false);
        eprintln!(
            "{a3}: {} provinces, {} guessed",
            made.boundaries.provinces.len(),
            guessed
        );
    }
}

#[test]
fn keeps_existing_files_without_force_and_suggests_countries() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("lebanon");
    let p = plan(&options("Lebanon", "LB", &dir)).unwrap();
    write(&p, false).unwrap();
    std::fs::write(dir.join("events.ron"), "[ /* mine */ ]").unwrap();
    let err = write(&p, false).unwrap_err();
    assert!(
        err.message.contains("events.ron") && err.help.as_deref().unwrap_or("").contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("events.ron")).unwrap(),
        "[ /* mine */ ]"
    );
    write(&p, true).unwrap();
    assert!(
        std::fs::read_to_string(dir.join("events.ron"))
            .unwrap()
            .contains("Event(")
    );

    let err = plan(&options("x", "Sudna", &dir)).unwrap_err();
    assert!(err.message.contains("did you mean Sudan (SD)"), "{err}");
    let err = plan(&options("x", "Afganistan", &dir)).unwrap_err();
    assert!(err.message.contains("Afghanistan (AF)"), "{err}");
}

#[test]
fn reads_a_geoboundaries_file_and_a_geonames_dump() {
    // A geoBoundaries-style file made from the shipped Syria provinces.
    let shipped_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/syria-2024");
    let text = std::fs::read_to_string(shipped_dir.join("provinces.geojson")).unwrap();
    let mut fc: serde_json::Value = serde_json::from_str(&text).unwrap();
    for (i, f) in fc["features"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        let id = f["properties"]["id"].clone();
        let name = f["properties"]["name"].clone();
        f["properties"] = serde_json::json!({
            "shapeID": format!("SYR-ADM1-{i}"), "shapeISO": id, "shapeName": name, "shapeGroup": "SYR", "shapeType": "ADM1"
        });
    }
    let tmp = tempfile::tempdir().unwrap();
    let admin1 = tmp.path().join("geoBoundaries-SYR-ADM1.geojson");
    std::fs::write(&admin1, serde_json::to_string(&fc).unwrap()).unwrap();
    // A GeoNames dump with Syria's seats (19 columns), from the embedded places.
    let places = frontline::world::embedded_places().unwrap();
    let mut dump = String::new();
    for p in places.iter().filter(|p| p.country == "SY") {
        dump.push_str(&format!(
            "{}\t{}\t{}\t\t{}\t{}\tP\t{}\tSY\t\t{}\t\t\t\t{}\t\t0\tAsia/Damascus\t2020-01-01\n",
            p.geonameid, p.name, p.name, p.lat, p.lon, p.feature, p.admin1, p.population
        ));
    }
    let dump_path = tmp.path().join("SY.txt");
    std::fs::write(&dump_path, dump).unwrap();
    let out = tmp.path().join("syria");
    let mut o = options("Syria from geoBoundaries", "Syria", &out);
    o.admin1 = Some(admin1.clone());
    o.places = Some(dump_path.clone());
    let p = plan(&o).unwrap_or_else(|d| panic!("{d}"));
    let path = write(&p, false).unwrap();
    let made = load_bundle(&path).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(made.boundaries.provinces.len(), 14);
    assert!(made.boundaries.province_index("SY-HL").is_some());
    let readme = std::fs::read_to_string(out.join("README.md")).unwrap();
    assert!(
        readme.contains("geoBoundaries") && readme.contains("SY.txt"),
        "{readme}"
    );
    let recipe = std::fs::read_to_string(out.join("boundaries-recipe.ron")).unwrap();
    assert!(recipe.contains("shapeID"), "{recipe}");

    // A file of properties no schema knows: the error names them.
    let bad = tmp.path().join("bad.geojson");
    std::fs::write(&bad, text).unwrap();
    o.admin1 = Some(bad);
    let err = plan(&o).unwrap_err();
    assert!(
        err.message.contains("feature 0 has id, name")
            || err.message.contains("feature 0 has name, id"),
        "{err}"
    );
}

#[test]
fn the_command_writes_a_folder_that_check_accepts() {
    let tmp = tempfile::tempdir().unwrap();
    let out: PathBuf = tmp.path().join("sudan");
    let exe = env!("CARGO_BIN_EXE_frontline");
    let run = Command::new(exe)
        .args([
            "new",
            "Sudan 2023",
            "--country",
            "SDN",
            "--start",
            "2023-04-15",
            "--end",
            "2025-10-26",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}{stdout}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("17 provinces, 18 capitals"), "{stdout}");
    for f in [
        "scenario.ron",
        "events.ron",
        "provinces.geojson",
        "neighbours.geojson",
        "boundaries-recipe.ron",
        "neighbours-recipe.ron",
        "README.md",
    ] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    let check = Command::new(exe)
        .arg("check")
        .arg(out.join("scenario.ron"))
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let scenario = std::fs::read_to_string(out.join("scenario.ron")).unwrap();
    assert!(
        scenario.contains("GeoNames (geonames.org), CC BY 4.0")
            && scenario.contains("Natural Earth")
    );
    // Again without --force: refused, nothing changed.
    let again = Command::new(exe)
        .args(["new", "Sudan 2023", "--country", "SD", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    // The recipe re-runs through import-boundaries on the embedded data's own properties.
    let recipe = std::fs::read_to_string(out.join("boundaries-recipe.ron")).unwrap();
    assert!(
        recipe.contains("frontline import-boundaries") && recipe.contains("SDN-5859"),
        "{recipe}"
    );
}
