//! The CPU export, stage by stage, for a 1920×1080 briefing frame of the shipped scenario: the
//! scene (fills, markers, labels, overlay layout), the raster (tiny-skia), the PNG encoding, the
//! SVG writing, and a whole frame as `frontline export --from --to` makes it in a batch.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::bundle::load_bundle;
use frontline::export::FrameSpec;
use frontline::export::render::Renderer;
use frontline::fsio::png_bytes;
use frontline::paint::{rasterize, to_svg};
use frontline::scene::Theme;
use frontline::scene::text::Fonts;
use jiff::civil::date;

fn bench(c: &mut Criterion) {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/scenarios/afghanistan-2021/scenario.ron");
    let bundle = Arc::new(load_bundle(&scenario).expect("the shipped scenario loads"));
    let renderer = Renderer::from_bundle(bundle, FrameSpec::new(1920, 1080, Theme::Light, false));
    let dates = [
        date(2021, 8, 6),
        date(2021, 8, 9),
        date(2021, 8, 13),
        date(2021, 8, 15),
    ];
    let mut fonts = Fonts::new();
    // Warm the text caches as a batch would after its first frame.
    let frame = renderer.frame_with(dates[2], &mut fonts);
    let pixels = rasterize(&frame, &mut fonts);

    let mut group = c.benchmark_group("export 1920x1080");
    group.sample_size(30);
    let mut i = 0;
    group.bench_function("scene (frame of a date)", |b| {
        b.iter(|| {
            i = (i + 1) % dates.len();
            renderer.frame_with(dates[i], &mut fonts).map().fills.len()
        })
    });
    group.bench_function("raster (tiny-skia)", |b| {
        b.iter(|| rasterize(&frame, &mut fonts).len())
    });
    group.bench_function("encode PNG", |b| {
        b.iter(|| png_bytes(&pixels).expect("png").len())
    });
    group.bench_function("write SVG", |b| b.iter(|| to_svg(&frame).len()));
    group.bench_function("whole frame (scene + raster + PNG)", |b| {
        b.iter(|| {
            i = (i + 1) % dates.len();
            let frame = renderer.frame_with(dates[i], &mut fonts);
            png_bytes(&rasterize(&frame, &mut fonts))
                .expect("png")
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
