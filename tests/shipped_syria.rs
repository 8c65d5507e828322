//! The shipped Syria 2024 scenario: the 14 governorates with ISO 3166-2 ids (Natural Earth's
//! UNDOF feature folded into Quneitra, so Madinat al-Baath lies in its own province), every
//! capital in its own province, six sides, sourced events whose wrong claims never colour the
//! map, the partial control and foreign presence the fact sheet names, and boundaries
//! reproducible from Natural Earth with the recipe kept beside them.

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
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/syria-2024")
}

fn bundle() -> ScenarioBundle {
    load_bundle(&dir().join("scenario.ron")).unwrap_or_else(|d| panic!("{d}"))
}

const ISO_IDS: [&str; 14] = [
    "SY-DI", "SY-DR", "SY-DY", "SY-HA", "SY-HI", "SY-HL", "SY-HM", "SY-ID", "SY-LA", "SY-QU",
    "SY-RA", "SY-RD", "SY-SU", "SY-TA",
];

#[test]
fn loads_without_warnings_with_fourteen_iso_governorates() {
    let b = bundle();
    assert!(b.warnings.is_empty(), "{}", b.warnings);
    let mut ids: Vec<&str> = b
        .boundaries
        .provinces
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ISO_IDS);
    let s = b.scenario();
    assert_eq!(s.capitals.len(), 14);
    for (ci, c) in s.capitals.iter().enumerate() {
        let province = &b.boundaries.provinces[b.capital_province[ci].unwrap()];
        assert_eq!(province.id, c.province);
        assert!(
            province.contains_lonlat(LonLat {
                lon: c.lon,
                lat: c.lat
            }),
            "{} lies in {}",
            c.id,
            c.province
        );
    }
    // The de facto capital of Quneitra, inside Quneitra thanks to the merged UNDOF zone.
    let baath = s
        .capital_index("madinat-al-baath")
        .expect("Madinat al-Baath");
    assert_eq!(s.capitals[baath].province, "SY-QU");
    let douma = s
        .capital_index("douma")
        .expect("Douma is Rif Dimashq's capital");
    assert_eq!(s.capitals[douma].province, "SY-RD");
}

#[test]
fn six_sides_with_distinct_colours_and_a_second_cue_where_needed() {
    let b = bundle();
    let s = b.scenario();
    let ids: Vec<&str> = s.statuses.iter().map(|st| st.id.as_str()).collect();
    for id in [
        "government",
        "hts_moc",
        "south_factions",
        "sdf",
        "contested",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    assert_eq!(s.statuses.len(), 6);
    let mut colors: Vec<&str> = s.statuses.iter().map(|st| st.color.as_str()).collect();
    colors.sort_unstable();
    colors.dedup();
    assert_eq!(colors.len(), 6, "six distinct colours");
    let contested = &s.statuses[s.status_index("contested").unwrap()];
    assert!(contested.contested && contested.pattern.is_some());
}

#[test]
fn every_event_is_sourced_and_every_wrong_claim_is_refuted() {
    let b = bundle();
    let s = b.scenario();
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
        if e.report == ReportKind::Refuted {
            let r = e.refuted_on.expect("refuted claims say when");
            assert!(r >= e.date);
        }
    }
    let refuted = |capital: &str, d: Date| {
        s.events
            .iter()
            .any(|e| &*e.capital == capital && e.date == d && e.report == ReportKind::Refuted)
    };
    // The premature SOHR report of 6 December that troops had left Homs.
    assert!(refuted("homs", date(2024, 12, 6)));
    // State TV's denial that rebels had reached Aleppo.
    assert!(refuted("aleppo", date(2024, 11, 29)));
    // The army's morning denial in Hama.
    assert!(refuted("hama", date(2024, 12, 5)));
}

#[test]
fn the_map_follows_the_fact_sheet_and_never_shows_a_refuted_claim() {
    let b = bundle();
    let s = b.scenario();
    let t = &b.timeline;
    let status = |id: &str, d: Date| {
        s.statuses[t.status_at(s.capital_index(id).unwrap(), d)]
            .id
            .as_str()
    };
    assert_eq!(status("aleppo", date(2024, 11, 29)), "contested");
    assert_eq!(status("aleppo", date(2024, 11, 30)), "hts_moc");
    assert_eq!(status("idlib", date(2024, 11, 27)), "hts_moc");
    assert_eq!(status("raqqa", date(2024, 12, 31)), "sdf");
    assert_eq!(status("hama", date(2024, 12, 5)), "hts_moc");
    // Homs: still government on 6 December, whatever SOHR said; contested on the 7th.
    assert_eq!(status("homs", date(2024, 12, 6)), "government");
    assert_eq!(status("homs", date(2024, 12, 7)), "contested");
    assert_eq!(status("homs", date(2024, 12, 8)), "hts_moc");
    assert_eq!(status("deir-ez-zor", date(2024, 12, 6)), "sdf");
    assert_eq!(status("damascus", date(2024, 12, 8)), "hts_moc");
    assert_eq!(status("daraa", date(2024, 12, 31)), "south_factions");
    assert_eq!(
        status("madinat-al-baath", date(2024, 12, 7)),
        "south_factions"
    );
    // No refuted claim ever decides a day's status.
    for e in s.events.iter().filter(|e| e.report == ReportKind::Refuted) {
        let c = s.capital_index(&e.capital).unwrap();
        let last = t.state_at(c, e.date).last_event;
        assert!(last.is_none_or(|i| s.events[i].report != ReportKind::Refuted));
    }
    let counts = t.counts_at(date(2024, 12, 31));
    assert_eq!(counts.iter().sum::<usize>(), 14);
    assert_eq!(counts[s.status_index("government").unwrap()], 0);
}

#[test]
fn partial_control_and_foreign_presence_are_dated_and_sourced() {
    let b = bundle();
    let s = b.scenario();
    let on = |capital: &str, d: Date, kind: PresenceKind| {
        s.presences_on(capital, d).any(|p| p.kind == kind)
    };
    assert!(
        on("aleppo", date(2024, 12, 15), PresenceKind::Enclave),
        "Sheikh Maqsoud"
    );
    assert!(
        on("al-hasakah", date(2024, 12, 1), PresenceKind::Enclave),
        "the security square"
    );
    assert!(!on("al-hasakah", date(2024, 12, 8), PresenceKind::Enclave));
    assert!(on(
        "madinat-al-baath",
        date(2024, 12, 30),
        PresenceKind::Foreign
    ));
    assert!(!on(
        "madinat-al-baath",
        date(2024, 12, 7),
        PresenceKind::Foreign
    ));
    for p in &s.presences {
        assert!(!p.sources.is_empty(), "{} has no source", p.label);
    }
    // None of them changes a status.
    let c = s.capital_index("aleppo").unwrap();
    assert_eq!(
        s.statuses[b.timeline.status_at(c, date(2024, 12, 15))].id,
        "hts_moc"
    );
}

/// Re-running the imports on Natural Earth reproduces the shipped boundaries and neighbours
/// byte for byte (see tests/support/reimport.rs).
#[test]
fn boundaries_reproduce_from_natural_earth() {
    reimport::reproduces_from_natural_earth(&dir(), 14);
}
