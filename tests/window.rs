//! The real window under a display (CI runs `cargo test` inside `xvfb-run` with Mesa's software
//! Vulkan): opens the shipped scenario on a known date, takes a screenshot with Bevy's
//! screenshot API, and checks that the pixels of several capital markers have the colour the
//! model gives their status on that date. Marker positions come from the manifest the app writes
//! beside the screenshot; the expected colours come from the model, not from the app.

use std::path::Path;
use std::process::Command;

use frontline::app::scene::{Theme, status_color};
use frontline::app::screenshot::{DrawnMap, manifest_path};
use frontline::bundle::load_bundle;
use jiff::civil::date;

/// Opens the window on the shipped scenario at `date` (YYYY-MM-DD) and returns its screenshot
/// and the manifest of where things were drawn; None (after saying so) without a display.
fn window_screenshot(date: &str) -> Option<(image::RgbaImage, DrawnMap)> {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "no display under CI: run the tests inside xvfb-run (see .ci/run)"
        );
        eprintln!("SKIPPED: no display (run the window tests under xvfb-run)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("window.png");
    let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg(scenario())
        .args(["--date", date, "--screenshot"])
        .arg(&png)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "window run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let image = image::open(&png).unwrap().to_rgba8();
    let manifest =
        serde_json::from_str(&std::fs::read_to_string(manifest_path(&png)).unwrap()).unwrap();
    Some((image, manifest))
}

fn scenario() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/afghanistan-2021/scenario.ron")
}

#[test]
fn screenshot_pixels_match_model_colours() {
    let Some((image, manifest)) = window_screenshot("2021-08-12") else {
        return;
    };
    let drawn = &manifest.capitals;
    let d = date(2021, 8, 12);
    let bundle = load_bundle(&scenario()).unwrap();
    let s = bundle.scenario();
    assert_eq!(drawn.len(), s.capitals.len());

    let mut statuses_seen = std::collections::BTreeSet::new();
    for c in drawn {
        let ci = s.capital_index(&c.id).unwrap();
        let status = bundle.timeline.status_at(ci, d);
        statuses_seen.insert(status);
        let expected = status_color(&s.statuses[status], Theme::Light).to_srgba();
        let want =
            [expected.red, expected.green, expected.blue].map(|v| (v * 255.0).round() as i32);
        // 4 px right of the centre: inside the fill, outside a contested marker's hollow centre.
        let (x, y) = (c.x.round() as u32 + 4, c.y.round() as u32);
        let px = image.get_pixel(x, y).0;
        let got = [px[0] as i32, px[1] as i32, px[2] as i32];
        let close = got.iter().zip(want).all(|(g, w)| (g - w).abs() <= 3);
        assert!(
            close,
            "{} at ({x}, {y}): drawn {got:?}, model says {} = {want:?}",
            c.id, s.statuses[status].id
        );
    }
    assert_eq!(
        statuses_seen.len(),
        3,
        "on 2021-08-12 all three statuses are present"
    );
}

/// The export draws from the same scene code as the window: the map area of a window
/// screenshot and a map-only export of the same size and date must agree pixel for pixel.
///
/// Tolerance: every channel of every pixel within 2 levels (of 255). Same meshes, fit, labels
/// and GPU pipeline; the only difference is the target format (the window's swapchain is
/// BGRA sRGB, the export's texture RGBA sRGB), whose blending of anti-aliased edges can round
/// differently by one level (seen: 15 of 838,754 pixels, each off by 1).
#[test]
fn export_matches_the_window_map_area() {
    let Some((window, manifest)) = window_screenshot("2021-08-13") else {
        return;
    };
    let [mx, my, mw, mh] = manifest.map_rect;

    let spec = frontline::export::FrameSpec {
        width: mw,
        height: mh,
        theme: Theme::Light,
        map_only: true,
    };
    let mut renderer = frontline::export::render::Renderer::new(&scenario(), spec).unwrap();
    let exported = renderer.render(date(2021, 8, 13)).unwrap();

    let mut differing = 0u64;
    for y in 0..mh {
        for x in 0..mw {
            let a = window.get_pixel(mx + x, my + y).0;
            let b = exported.get_pixel(x, y).0;
            if (0..3).any(|i| (i32::from(a[i]) - i32::from(b[i])).abs() > 2) {
                differing += 1;
                if differing <= 20 {
                    eprintln!("differs at ({x}, {y}): window {a:?} export {b:?}");
                }
            }
        }
    }
    let share = differing as f64 / f64::from(mw * mh);
    eprintln!(
        "{differing} of {} map pixels differ between window and export",
        mw * mh
    );
    assert_eq!(
        differing,
        0,
        "{:.3}% of the map area differs",
        share * 100.0
    );
}
