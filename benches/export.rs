//! Per-frame time of a 1920x1080 export in a batch (a sequence of dates rendered by one
//! renderer, as `frontline export --from --to` does): render, read back, overlay, PNG encode.
//! Needs a Vulkan driver (lavapipe in CI machines).

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::app::scene::Theme;
use frontline::export::FrameSpec;
use frontline::export::encode::png_bytes;
use frontline::export::render::Renderer;
use jiff::civil::date;

fn bench(c: &mut Criterion) {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/scenarios/afghanistan-2021/scenario.ron");
    let spec = FrameSpec {
        width: 1920,
        height: 1080,
        theme: Theme::Light,
        map_only: false,
    };
    let mut renderer = Renderer::new(&scenario, spec).expect("renderer");
    let dates = [
        date(2021, 8, 6),
        date(2021, 8, 9),
        date(2021, 8, 13),
        date(2021, 8, 15),
    ];
    let mut i = 0;
    let mut group = c.benchmark_group("export");
    group.sample_size(20);
    group.bench_function("1920x1080 frame in a batch (render + overlay + PNG)", |b| {
        b.iter(|| {
            i = (i + 1) % dates.len();
            let frame = renderer.render(dates[i]).expect("frame");
            png_bytes(&frame).expect("png").len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
