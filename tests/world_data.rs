//! The data `frontline new` embeds: re-derived from the two npm packages it comes from and
//! compared byte for byte with the files in assets/world (as the shipped boundaries' test
//! does), and every entry of the corrections table still matching the data it fixes.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use frontline::world::capitals::How;
use frontline::world::corrections::corrections;
use frontline::world::derive::derive;
use frontline::world::embedded_admin1;
use frontline::world::new::{NewOptions, country_list, plan};

fn input(var: &str) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(p) => Some(PathBuf::from(p)),
        None => {
            assert!(std::env::var_os("CI").is_none(), "set {var} (see .ci/run)");
            eprintln!("SKIPPED: set {var} to re-derive the embedded data");
            None
        }
    }
}

#[test]
fn the_embedded_data_re_derives_byte_for_byte() {
    let (Some(admin1), Some(places)) = (
        input("FRONTLINE_NE_ADMIN1"),
        input("FRONTLINE_GEONAMES_CITIES"),
    ) else {
        return;
    };
    let text = std::fs::read_to_string(&admin1).unwrap();
    let bytes = std::fs::read(&places).unwrap();
    let data = derive(&admin1, &text, &places, &bytes).unwrap_or_else(|d| panic!("{d}"));
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/world");
    assert!(
        data.admin1 == std::fs::read(here.join("admin1.geojson.deflate")).unwrap(),
        "the derived admin-1 differs from assets/world/admin1.geojson.deflate: run assets/world/derive.sh"
    );
    assert!(
        data.places == std::fs::read(here.join("places.tsv.deflate")).unwrap(),
        "the derived places differ from assets/world/places.tsv.deflate: run assets/world/derive.sh"
    );
}

#[test]
fn every_correction_applies() {
    let fixes = corrections().unwrap();
    let world = embedded_admin1().unwrap();
    let feature = |code: &str| world.features.iter().find(|f| f.key == code);
    for fix in &fixes.provinces {
        let f = feature(&fix.adm1_code).unwrap_or_else(|| panic!("no feature {}", fix.adm1_code));
        assert_eq!(
            f.iso, fix.expect_iso,
            "{}: the data changed; review the fix",
            fix.adm1_code
        );
        assert!(fix.source.starts_with("https://"), "{}", fix.adm1_code);
    }
    for m in &fixes.moves {
        assert!(feature(&m.adm1_code).is_some(), "{}", m.adm1_code);
    }
    for m in &fixes.merges {
        assert!(feature(&m.from_adm1_code).is_some(), "{}", m.from_adm1_code);
    }
    let countries = country_list().unwrap();
    for m in &fixes.missing {
        assert!(countries.iter().any(|c| c.a3 == m.country), "{}", m.country);
    }
    // Each capital fix is used by its country's plan.
    let tmp = tempfile::tempdir().unwrap();
    let mut prefixes: Vec<&str> = fixes.capitals.iter().map(|c| &c.province[..2]).collect();
    prefixes.dedup();
    for prefix in prefixes {
        let country = countries.iter().find(|c| c.a2 == prefix).unwrap();
        let p = plan(&NewOptions {
            name: "t".into(),
            country: country.a3.clone(),
            output: Some(tmp.path().join(prefix)),
            ..Default::default()
        })
        .unwrap();
        for fix in fixes
            .capitals
            .iter()
            .filter(|c| c.province.starts_with(prefix))
        {
            let c = p
                .capitals
                .iter()
                .find(|c| c.province == fix.province)
                .unwrap_or_else(|| panic!("{}", fix.province));
            assert!(
                matches!(c.chosen.how, How::Corrected { .. }) && c.chosen.name == fix.name,
                "{}",
                fix.province
            );
        }
    }
}
