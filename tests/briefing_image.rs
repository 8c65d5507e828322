//! The window's briefing image (F12, "Save image", "Copy image") is drawn on the CPU exactly as
//! `frontline export` draws the same view: the bytes are the same. Runs without a window: the
//! function F12 calls is given a view as the window would have it.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(feature = "window")]

use std::path::Path;
use std::process::Command;

use frontline::app::briefing::briefing_image;
use frontline::boundaries::MapXy;
use frontline::bundle::load_bundle;
use frontline::fsio::png_bytes;
use frontline::scene::{MapGeometry, MapView, SceneInput, Theme, ViewOptions};
use jiff::civil::date;

#[test]
fn a_saved_briefing_image_equals_the_export_of_that_view() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/scenarios/afghanistan-2021/scenario.ron");
    let bundle = load_bundle(&scenario).unwrap();
    let geometry = MapGeometry::of(&bundle);
    // A view as a user leaves it after panning and zooming: an odd size, a centre and scale
    // with many digits.
    let view = MapView {
        center_map_xy: MapXy {
            x: 123.456_789_123,
            y: -45.678_912_345,
        },
        km_per_px: 1.234_567_891,
        size_px: [1023, 611],
    };
    for (theme, options) in [
        (Theme::Light, ViewOptions::default()),
        (
            Theme::Dark,
            ViewOptions {
                fill_provinces: false,
                labels: false,
            },
        ),
    ] {
        let input = SceneInput {
            bundle: &bundle,
            geometry: &geometry,
            date: date(2021, 8, 13),
            theme,
            options,
            marks: 1.0,
            selected: None,
            compare_from: None,
        };
        let picture = briefing_image(&input, &view);
        assert_eq!(picture.image.width(), 1023);
        assert!(picture.image.height() > 611, "bands around the map");
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("export.png");
        let output = Command::new(env!("CARGO_BIN_EXE_frontline"))
            .arg("export")
            .arg(&scenario)
            .args(picture.export_args.split_whitespace())
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let exported = std::fs::read(&out).unwrap();
        assert!(
            exported == png_bytes(&picture.image).unwrap(),
            "{theme:?}: F12 and `frontline export {}` differ",
            picture.export_args
        );
    }
}
