//! The shipped Afghanistan 2021 scenario: real boundaries with correct ids, every capital in its
//! own province, the events the fact sheet calls for, and boundaries reproducible from Natural
//! Earth with the recipe kept beside them.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use frontline::bundle::{ScenarioBundle, load_bundle};
use frontline::model::ReportKind;
use jiff::civil::date;

#[path = "support/reimport.rs"]
mod reimport;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/afghanistan-2021")
}

fn bundle() -> ScenarioBundle {
    load_bundle(&dir().join("scenario.ron")).unwrap_or_else(|d| panic!("{d}"))
}

const ISO_IDS: [&str; 34] = [
    "AF-BAL", "AF-BAM", "AF-BDG", "AF-BDS", "AF-BGL", "AF-DAY", "AF-FRA", "AF-FYB", "AF-GHA",
    "AF-GHO", "AF-HEL", "AF-HER", "AF-JOW", "AF-KAB", "AF-KAN", "AF-KAP", "AF-KDZ", "AF-KHO",
    "AF-KNR", "AF-LAG", "AF-LOG", "AF-NAN", "AF-NIM", "AF-NUR", "AF-PAN", "AF-PAR", "AF-PIA",
    "AF-PKA", "AF-SAM", "AF-SAR", "AF-TAK", "AF-URU", "AF-WAR", "AF-ZAB",
];

#[test]
fn loads_without_warnings() {
    let b = bundle();
    assert!(b.warnings.is_empty(), "{}", b.warnings);
}

#[test]
fn boundaries_have_the_34_iso_provinces_and_fit_to_ship() {
    let b = bundle();
    let mut ids: Vec<&str> = b
        .boundaries
        .provinces
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ISO_IDS);
    let name = |id: &str| {
        b.boundaries.provinces[b.boundaries.province_index(id).unwrap()]
            .name
            .clone()
    };
    assert_eq!(name("AF-PAN"), "Panjshir");
    assert_eq!(name("AF-PAR"), "Parwan");
    assert_eq!(name("AF-DAY"), "Daykundi");
    assert_eq!(name("AF-URU"), "Uruzgan");
    assert_eq!(name("AF-PIA"), "Paktia");
    assert_eq!(name("AF-PKA"), "Paktika");
    let size = std::fs::metadata(dir().join("provinces.geojson"))
        .unwrap()
        .len();
    assert!(size <= 1_000_000, "provinces.geojson is {size} bytes");
}

#[test]
fn each_province_has_exactly_one_capital_inside_it() {
    let b = bundle();
    for (pi, capitals) in b.province_capitals.iter().enumerate() {
        assert_eq!(
            capitals.len(),
            1,
            "province {}",
            b.boundaries.provinces[pi].id
        );
    }
    for (ci, c) in b.scenario().capitals.iter().enumerate() {
        let p = &b.boundaries.provinces[b.capital_province[ci].unwrap()];
        assert!(
            p.contains_lonlat(frontline::boundaries::LonLat {
                lon: c.lon,
                lat: c.lat
            }),
            "{} not in {}",
            c.name,
            p.id
        );
    }
    assert_eq!(
        b.scenario().capitals.iter().filter(|c| c.national).count(),
        1
    );
}

#[test]
fn every_capital_falls_and_every_event_has_sources() {
    let b = bundle();
    let s = b.scenario();
    for c in &s.capitals {
        assert!(
            s.events
                .iter()
                .any(|e| *e.capital == c.id && &*e.status == "taliban"),
            "{} never falls",
            c.id
        );
    }
    for e in &s.events {
        assert!(
            !e.sources.is_empty(),
            "{} {} has no source",
            e.date,
            e.capital
        );
        assert!(
            !e.note.trim().is_empty(),
            "{} {} has no note",
            e.date,
            e.capital
        );
        if e.report == ReportKind::Unconfirmed {
            assert!(
                e.note.to_lowercase().contains("unconfirmed"),
                "{} {}: {}",
                e.date,
                e.capital,
                e.note
            );
        }
    }
}

#[test]
fn key_cases_from_the_fact_sheet() {
    let b = bundle();
    let s = b.scenario();
    let t = &b.timeline;
    let ci = |id: &str| s.capital_index(id).unwrap();
    let status = |id: &str, d| s.statuses[t.status_at(ci(id), d)].id.as_str();
    let event_on = |id: &str, d| {
        s.events
            .iter()
            .find(|e| &*e.capital == id && e.date == d)
            .unwrap()
    };

    // The six capitals by 08-09.
    let six = [
        "zaranj",
        "sheberghan",
        "sar-e-pul",
        "kunduz",
        "taloqan",
        "aybak",
    ];
    for id in six {
        assert_eq!(status(id, date(2021, 8, 9)), "taliban", "{id}");
    }
    assert_eq!(status("zaranj", date(2021, 8, 5)), "government");
    // Lashkar Gah: the wrong report of 08-09 is a refuted claim that never colours the map;
    // the city stayed contested until it fell on 08-13.
    let wrong = event_on("lashkar-gah", date(2021, 8, 9));
    assert_eq!(
        (&*wrong.status, wrong.report),
        ("taliban", ReportKind::Refuted)
    );
    for day in 9..=12 {
        assert_eq!(
            status("lashkar-gah", date(2021, 8, day)),
            "contested",
            "08-{day}"
        );
    }
    assert_eq!(status("lashkar-gah", date(2021, 8, 13)), "taliban");
    let lashkar = ci("lashkar-gah");
    assert_eq!(t.refuted_on(lashkar, date(2021, 8, 9)).count(), 1);
    assert_eq!(t.refuted_on(lashkar, date(2021, 8, 10)).count(), 0);
    // Contested periods before the sieges ended.
    assert_eq!(status("kandahar", date(2021, 8, 1)), "contested");
    assert_eq!(status("herat", date(2021, 8, 5)), "contested");
    assert_eq!(status("kunduz", date(2021, 7, 15)), "contested");
    // Qala-e-Naw changed hands and back in July.
    assert_eq!(status("qala-e-naw", date(2021, 7, 7)), "contested");
    assert_eq!(status("qala-e-naw", date(2021, 7, 8)), "government");
    // Kunduz airport held until 08-11.
    assert!(
        event_on("kunduz", date(2021, 8, 11))
            .note
            .to_lowercase()
            .contains("airport")
    );
    // Panjshir held until the Taliban claim of 09-06.
    assert_eq!(status("bazarak", date(2021, 8, 31)), "government");
    assert_eq!(
        event_on("bazarak", date(2021, 9, 6)).report,
        ReportKind::Claimed
    );
    let counts = t.counts_at(date(2021, 8, 15));
    assert_eq!(counts[s.status_index("taliban").unwrap()], 33);
}

/// Re-running the imports on Natural Earth reproduces the shipped boundaries and neighbours
/// byte for byte (see tests/support/reimport.rs).
#[test]
fn boundaries_reproduce_from_natural_earth() {
    reimport::reproduces_from_natural_earth(&dir(), 34);
}
