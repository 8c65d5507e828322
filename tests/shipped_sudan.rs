//! The shipped Sudan 2023–2025 scenario: the 18 state capitals with ISO 3166-2:SD ids on Natural
//! Earth's 17 polygons (Darfur codes fixed by the recipe; West Kordofan has no polygon, so El Fula
//! is a marker only), every other capital in its own polygon, statuses readable on both themes,
//! every change of holder dated within the fact sheet's ranges, refuted claims that never colour
//! the map, no report left uncertain on the last day, and boundaries reproducible from Natural
//! Earth with the recipes kept beside them.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use frontline::boundaries::LonLat;
use frontline::bundle::{ScenarioBundle, load_bundle};
use frontline::model::{PresenceKind, ReportKind};
use jiff::civil::{Date, date};

#[path = "support/reimport.rs"]
mod reimport;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/sudan-2023")
}

fn bundle() -> ScenarioBundle {
    load_bundle(&dir().join("scenario.ron")).unwrap_or_else(|d| panic!("{d}"))
}

/// Natural Earth's 17 Sudanese polygons, renamed to ISO 3166-2:SD (no SD-GK).
const POLYGON_IDS: [&str; 17] = [
    "SD-DC", "SD-DE", "SD-DN", "SD-DS", "SD-DW", "SD-GD", "SD-GZ", "SD-KA", "SD-KH", "SD-KN",
    "SD-KS", "SD-NB", "SD-NO", "SD-NR", "SD-NW", "SD-RS", "SD-SI",
];

/// The 18 states of ISO 3166-2:SD.
const STATE_IDS: [&str; 18] = [
    "SD-DC", "SD-DE", "SD-DN", "SD-DS", "SD-DW", "SD-GD", "SD-GK", "SD-GZ", "SD-KA", "SD-KH",
    "SD-KN", "SD-KS", "SD-NB", "SD-NO", "SD-NR", "SD-NW", "SD-RS", "SD-SI",
];

/// Capitals the fact sheet says the army held throughout.
const NEVER_CHANGED: [&str; 9] = [
    "kassala",
    "gedaref",
    "port-sudan",
    "ed-damer",
    "dongola",
    "rabak",
    "el-obeid",
    "kadugli",
    "ed-damazin",
];

#[test]
fn loads_without_warnings_with_seventeen_polygons_and_eighteen_capitals() {
    let b = bundle();
    assert!(b.warnings.is_empty(), "{}", b.warnings);
    let mut ids: Vec<&str> = b
        .boundaries
        .provinces
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, POLYGON_IDS);
    let name = |id: &str| {
        b.boundaries.provinces[b.boundaries.province_index(id).unwrap()]
            .name
            .clone()
    };
    // Natural Earth's Darfur mislabels, fixed by the recipe.
    assert_eq!(name("SD-DC"), "Central Darfur");
    assert_eq!(name("SD-DE"), "East Darfur");
    assert_eq!(name("SD-DS"), "South Darfur");
    assert_eq!(name("SD-DW"), "West Darfur");
    assert_eq!(name("SD-KS"), "South Kordofan");
    let s = b.scenario();
    assert_eq!(s.capitals.len(), 18);
    let mut provinces: Vec<&str> = s.capitals.iter().map(|c| c.province.as_str()).collect();
    provinces.sort_unstable();
    assert_eq!(provinces, STATE_IDS);
    for file in ["provinces.geojson", "neighbours.geojson"] {
        let size = std::fs::metadata(dir().join(file)).unwrap().len();
        assert!(size <= 1_000_000, "{file} is {size} bytes");
    }
    assert!(b.neighbours.is_some());
}

#[test]
fn every_capital_but_el_fula_lies_in_its_own_polygon() {
    let b = bundle();
    let s = b.scenario();
    let mut in_polygon = vec![0usize; b.boundaries.provinces.len()];
    for c in &s.capitals {
        let point = LonLat {
            lon: c.lon,
            lat: c.lat,
        };
        if let Some(reason) = c.marker_only.as_deref() {
            // West Kordofan: no polygon in Natural Earth; El Fula lies in South Kordofan's.
            assert_eq!(c.id, "el-fula", "only El Fula is a marker only");
            assert_eq!(c.province, "SD-GK");
            assert_eq!(c.province_name.as_deref(), Some("West Kordofan"));
            assert!(b.boundaries.province_index("SD-GK").is_none());
            assert!(reason.contains("West Kordofan"), "{reason}");
            let ks = &b.boundaries.provinces[b.boundaries.province_index("SD-KS").unwrap()];
            assert!(ks.contains_lonlat(point), "El Fula lies in SD-KS's polygon");
            continue;
        }
        let pi = b
            .boundaries
            .province_index(&c.province)
            .unwrap_or_else(|| panic!("{} has no polygon {}", c.id, c.province));
        assert!(
            b.boundaries.provinces[pi].contains_lonlat(point),
            "{} lies outside {}",
            c.id,
            c.province
        );
        in_polygon[pi] += 1;
    }
    for (pi, n) in in_polygon.iter().enumerate() {
        assert_eq!(*n, 1, "{} has {n} capitals", b.boundaries.provinces[pi].id);
    }
    let national: Vec<&str> = s
        .capitals
        .iter()
        .filter(|c| c.national)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(national, ["khartoum"]);
}

/// WCAG relative luminance of a `#RRGGBB` colour.
fn luminance(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn three_sides_readable_on_both_themes() {
    let b = bundle();
    let s = b.scenario();
    let ids: Vec<&str> = s.statuses.iter().map(|st| st.id.as_str()).collect();
    assert_eq!(ids, ["saf", "rsf", "contested"]);
    assert_eq!(s.initial_status, "saf");
    let contested = &s.statuses[s.status_index("contested").unwrap()];
    assert!(contested.contested && contested.pattern.is_some());
    let mut colors: Vec<&str> = s.statuses.iter().map(|st| st.color.as_str()).collect();
    colors.sort_unstable();
    colors.dedup();
    assert_eq!(colors.len(), 3, "three distinct colours");
    for st in &s.statuses {
        // The light theme's background and white; the dark theme's background.
        for light in ["#F4F2EE", "#FFFFFF"] {
            let r = contrast(&st.color, light);
            assert!(r >= 4.5, "{} on {light}: {r:.2}", st.id);
        }
        let dark = st.dark_color.as_deref().unwrap_or(&st.color);
        let r = contrast(dark, "#16181D");
        assert!(r >= 4.5, "{} on the dark background: {r:.2}", st.id);
    }
}

#[test]
fn every_event_is_sourced_and_no_report_stays_uncertain() {
    let b = bundle();
    let s = b.scenario();
    for e in &s.events {
        let what = format!("{} {}", e.date, e.capital);
        assert!(!e.sources.is_empty(), "{what} has no source");
        assert!(!e.note.trim().is_empty(), "{what} has no note");
        if e.report == ReportKind::Refuted {
            let r = e.refuted_on.expect("refuted claims say when");
            assert!(r >= e.date, "{what}");
        }
        if e.report.is_uncertain() {
            // Every uncertain report was later confirmed, within the scenario.
            let c = e
                .confirmed_on
                .unwrap_or_else(|| panic!("{what} is never confirmed"));
            assert!(e.date <= c && c <= s.end, "{what} confirmed on {c}");
        } else {
            assert!(e.confirmed_on.is_none(), "{what}");
        }
    }
    // On the last day no capital's status rests on an unconfirmed report.
    for (ci, c) in s.capitals.iter().enumerate() {
        if let Some(e) = b.timeline.state_at(ci, s.end).last_event {
            let e = &s.events[e];
            assert!(
                !e.report.is_uncertain() || e.confirmed_on.is_some_and(|d| d <= s.end),
                "{} still uncertain on the last day",
                c.id
            );
        }
    }
    // Singa: the army disputed the fall; geolocated videos confirmed it two days later.
    let singa = s
        .events
        .iter()
        .find(|e| &*e.capital == "singa" && &*e.status == "rsf")
        .unwrap();
    assert_eq!(singa.report, ReportKind::Disputed);
    assert_eq!(singa.confirmed_on, Some(date(2024, 7, 1)));
    for p in &s.presences {
        assert!(!p.sources.is_empty(), "{} has no source", p.label);
    }
}

/// Every change of holder, with the earliest and latest day the fact sheet allows.
const CHANGES: [(&str, &str, Date, Date); 14] = [
    // The war starts in Khartoum.
    (
        "khartoum",
        "contested",
        date(2023, 4, 15),
        date(2023, 4, 15),
    ),
    // Governor killed on 14 Jun; the RSF dominates the city by 22 Jun.
    (
        "el-geneina",
        "contested",
        date(2023, 6, 14),
        date(2023, 6, 22),
    ),
    // The RSF holds most of the city "from about July 2023".
    ("zalingei", "contested", date(2023, 7, 1), date(2023, 7, 31)),
    ("nyala", "rsf", date(2023, 10, 26), date(2023, 10, 27)),
    ("zalingei", "rsf", date(2023, 10, 30), date(2023, 10, 31)),
    // The 15th Division base at Ardamata.
    ("el-geneina", "rsf", date(2023, 11, 4), date(2023, 11, 4)),
    ("ed-daein", "rsf", date(2023, 11, 21), date(2023, 11, 21)),
    ("wad-madani", "rsf", date(2023, 12, 18), date(2023, 12, 19)),
    ("el-fula", "rsf", date(2024, 6, 20), date(2024, 6, 21)),
    ("singa", "rsf", date(2024, 6, 29), date(2024, 6, 30)),
    ("singa", "saf", date(2024, 11, 23), date(2024, 11, 23)),
    ("wad-madani", "saf", date(2025, 1, 11), date(2025, 1, 11)),
    // The palace (21 Mar), the city (26 Mar) or the whole state (20 May).
    ("khartoum", "saf", date(2025, 3, 21), date(2025, 5, 20)),
    // The 6th Division HQ (26 Oct) or Burhan's withdrawal (27 Oct).
    ("el-fasher", "rsf", date(2025, 10, 26), date(2025, 10, 27)),
];

#[test]
fn every_change_of_holder_is_dated_within_the_fact_sheets_range() {
    let b = bundle();
    let s = b.scenario();
    let t = &b.timeline;
    let initial = s.status_index(&s.initial_status).unwrap();
    let mut found: Vec<(String, String, Date)> = Vec::new();
    for (ci, c) in s.capitals.iter().enumerate() {
        let mut held = initial;
        for change in t.history(ci) {
            if change.status != held {
                found.push((
                    c.id.clone(),
                    s.statuses[change.status].id.clone(),
                    change.date,
                ));
                held = change.status;
            }
            // Refuted claims never enter a capital's history.
            assert!(s.events[change.event].report.applies());
        }
    }
    for (capital, status, day) in &found {
        let row = CHANGES
            .iter()
            .find(|(c, st, from, to)| c == capital && st == status && from <= day && day <= to);
        assert!(
            row.is_some(),
            "{capital} to {status} on {day} is not a change in the fact sheet (or not in its range)"
        );
    }
    for (capital, status, from, to) in CHANGES {
        let hits = found
            .iter()
            .filter(|(c, st, d)| c == capital && st == status && from <= *d && *d <= to)
            .count();
        assert_eq!(hits, 1, "{capital} to {status} between {from} and {to}");
    }
    assert_eq!(found.len(), CHANGES.len());
}

#[test]
fn capitals_the_army_never_lost_are_saf_held_on_the_last_day() {
    let b = bundle();
    let s = b.scenario();
    let status = |id: &str, d: Date| {
        s.statuses[b.timeline.status_at(s.capital_index(id).unwrap(), d)]
            .id
            .as_str()
    };
    for id in NEVER_CHANGED {
        assert_eq!(status(id, s.end), "saf", "{id}");
        // No applied event ever gives it to another side.
        for e in s.events.iter().filter(|e| &*e.capital == id) {
            assert!(
                !e.report.applies() || &*e.status == "saf",
                "{id} on {}: {}",
                e.date,
                e.status
            );
        }
    }
    // A siege is not a change of holder: El Obeid, Kadugli and Ed Damazin say so in a note.
    for id in ["el-obeid", "kadugli", "ed-damazin"] {
        assert!(
            s.events
                .iter()
                .any(|e| &*e.capital == id && e.note.to_lowercase().contains("siege")),
            "{id}"
        );
    }
    let counts = b.timeline.counts_at(s.end);
    assert_eq!(counts.iter().sum::<usize>(), 18);
    assert_eq!(counts[s.status_index("saf").unwrap()], 12);
    assert_eq!(counts[s.status_index("rsf").unwrap()], 6);
    assert_eq!(counts[s.status_index("contested").unwrap()], 0);
}

#[test]
fn the_map_follows_the_fact_sheet_and_never_shows_a_refuted_claim() {
    let b = bundle();
    let s = b.scenario();
    let t = &b.timeline;
    let ci = |id: &str| s.capital_index(id).unwrap();
    let status = |id: &str, d: Date| s.statuses[t.status_at(ci(id), d)].id.as_str();

    // Khartoum: contested from the first day, whatever the RSF claimed, until the army's return.
    assert_eq!(status("khartoum", date(2023, 4, 15)), "contested");
    assert_eq!(status("khartoum", date(2025, 3, 21)), "contested");
    assert_eq!(status("khartoum", date(2025, 3, 26)), "saf");
    // Day-one airport claims never colour El Obeid or El Fasher.
    assert_eq!(status("el-obeid", date(2023, 4, 16)), "saf");
    assert_eq!(status("el-fasher", date(2023, 4, 16)), "saf");
    assert_eq!(t.refuted_on(ci("el-fasher"), date(2023, 4, 16)).count(), 1);
    assert_eq!(t.refuted_on(ci("el-fasher"), date(2023, 4, 20)).count(), 0);
    // El Geneina and Zalingei: the city before the base.
    assert_eq!(status("el-geneina", date(2023, 6, 13)), "saf");
    assert_eq!(status("el-geneina", date(2023, 6, 14)), "contested");
    assert_eq!(status("el-geneina", date(2023, 11, 3)), "contested");
    assert_eq!(status("el-geneina", date(2023, 11, 4)), "rsf");
    assert_eq!(status("zalingei", date(2023, 8, 4)), "contested");
    assert_eq!(status("zalingei", date(2023, 10, 28)), "contested");
    assert_eq!(t.refuted_on(ci("zalingei"), date(2023, 10, 28)).count(), 1);
    assert_eq!(t.refuted_on(ci("zalingei"), date(2023, 10, 31)).count(), 0);
    assert_eq!(status("zalingei", date(2023, 10, 31)), "rsf");
    // Ed Daein: the premature claim stands, the army's base holds until 21 Nov.
    assert_eq!(status("ed-daein", date(2023, 11, 10)), "saf");
    assert_eq!(t.refuted_on(ci("ed-daein"), date(2023, 11, 10)).count(), 1);
    assert_eq!(status("ed-daein", date(2023, 11, 21)), "rsf");
    // Wad Madani: the army's "repulsed" of 17 Dec, the withdrawal of 18 Dec, the return.
    assert_eq!(status("wad-madani", date(2023, 12, 17)), "saf");
    assert_eq!(status("wad-madani", date(2023, 12, 18)), "rsf");
    assert_eq!(status("wad-madani", date(2025, 1, 10)), "rsf");
    assert_eq!(status("wad-madani", date(2025, 1, 11)), "saf");
    // Singa: the army's denial never colours the map.
    assert_eq!(status("singa", date(2024, 6, 30)), "rsf");
    assert_eq!(status("singa", date(2024, 11, 22)), "rsf");
    assert_eq!(status("singa", date(2024, 11, 23)), "saf");
    assert_eq!(status("el-fula", date(2024, 6, 20)), "rsf");
    // El Fasher: besieged, still the army's, until the 6th Division HQ falls.
    assert_eq!(status("el-fasher", date(2025, 10, 25)), "saf");
    assert_eq!(status("el-fasher", date(2025, 10, 26)), "rsf");
    let enclave = |d: Date| {
        s.presences_on("el-fasher", d)
            .any(|p| p.kind == PresenceKind::Enclave && p.holder.as_deref() == Some("saf"))
    };
    assert!(enclave(date(2025, 10, 26)), "army-held districts on 26 Oct");
    assert!(!enclave(date(2025, 10, 27)));

    // No refuted claim ever decides a day's status.
    let refuted = s
        .events
        .iter()
        .filter(|e| e.report == ReportKind::Refuted)
        .count();
    assert_eq!(refuted, 10);
    for e in s.events.iter().filter(|e| e.report == ReportKind::Refuted) {
        let last = t.state_at(ci(&e.capital), e.date).last_event;
        assert!(last.is_none_or(|i| s.events[i].report != ReportKind::Refuted));
    }
    // Mid-2024: Khartoum contested, seven capitals with the RSF.
    let counts = t.counts_at(date(2024, 7, 1));
    assert_eq!(counts[s.status_index("rsf").unwrap()], 7);
    assert_eq!(counts[s.status_index("contested").unwrap()], 1);
}

/// Re-running the imports on Natural Earth reproduces the shipped boundaries and neighbours
/// byte for byte (see tests/support/reimport.rs).
#[test]
fn boundaries_reproduce_from_natural_earth() {
    reimport::reproduces_from_natural_earth(&dir(), 17);
}
