//! SVG exports carry their font: the shipped Noto Sans reduced to the characters their text
//! uses (with the kerning it was laid out with), and Noto Sans Arabic when a name needs it, as
//! `@font-face` rules in a `<style>` in `<defs>`, under the family stack
//! `Frontline Sans, Frontline Sans Arabic, Noto Sans, Noto Sans Arabic, sans-serif`. The same
//! frame gives the same bytes. When node, Chromium and the driver's packages are installed
//! (`cd tests/browser && npm ci`), the SVG is opened in headless Chromium, on a machine
//! without Noto Sans: the embedded faces load, and every line of text is as wide as the scene
//! laid it out (within 2%), which a fallback face is not. Under CI the browser test must run.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use frontline::bundle::load_bundle;
use frontline::export::FrameSpec;
use frontline::export::render::Renderer;
use frontline::scene::items::OverlayItem;
use frontline::scene::{Frame, Theme};
use jiff::civil::{Date, date};
use serde_json::json;

/// The root font-family of every SVG export.
const STACK: &str = "font-family=\"Frontline Sans, Frontline Sans Arabic, Noto Sans, Noto Sans Arabic, sans-serif\"";

#[path = "support/browser.rs"]
mod browser;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn afghanistan() -> PathBuf {
    root().join("assets/scenarios/afghanistan-2021/scenario.ron")
}

fn non_latin() -> PathBuf {
    root().join("tests/fixtures/scenarios/non_latin_names.ron")
}

/// A briefing frame of a scenario on a date, and its SVG.
fn svg_of(path: &Path, d: Date, size: [u32; 2]) -> (Frame, String) {
    let r = Renderer::from_bundle(
        Arc::new(load_bundle(path).unwrap()),
        FrameSpec::new(size[0], size[1], Theme::Light, false),
    );
    let frame = r.frame(d);
    let svg = frontline::paint::to_svg(&frame);
    (frame, svg)
}

/// The widths the scene laid out, px: per `<text>` of the SVG in document order (each map's
/// labels, neighbour labels and scale bar, then the overlay's texts), per line.
fn scene_widths(frame: &Frame) -> Vec<(String, Vec<f32>)> {
    let mut out: Vec<(String, Vec<f32>)> = Vec::new();
    let mut add = |item: &frontline::scene::items::TextItem| {
        let id = item.id.as_deref().unwrap_or(item.class).to_string();
        out.push((id, item.shaped.lines.iter().map(|l| l.width).collect()));
    };
    for map in &frame.maps {
        for item in map
            .labels
            .iter()
            .chain(&map.neighbour_labels)
            .chain(map.scale_bar.as_ref().map(|bar| &bar.label))
        {
            add(item);
        }
    }
    for item in &frame.overlay {
        if let OverlayItem::Text(t) = item {
            add(t);
        }
    }
    out
}

#[test]
fn svg_exports_embed_their_font_subset_and_stay_deterministic() {
    let d = date(2021, 8, 13);
    let (frame, svg) = svg_of(&afghanistan(), d, [1280, 720]);
    assert!(svg.contains(STACK), "the family stack");
    let defs = &svg[svg.find("<defs>").unwrap()..svg.find("</defs>").unwrap()];
    let style = &defs[defs.find("<style>").expect("a <style> in <defs>")..];
    let style = &style[..style.find("</style>").unwrap()];
    for weight in [400, 700] {
        assert!(
            style.contains(&format!("@font-face {{ font-family: \"Frontline Sans\"; font-style: normal; font-weight: {weight}; src: url(data:font/ttf;base64,")),
            "the {weight} face"
        );
    }
    assert!(
        !style.contains("Frontline Sans Arabic"),
        "no Arabic face without Arabic text"
    );
    // The subsets are small: the SVG grows by far less than a whole font.
    assert!(style.len() < 120_000, "{} bytes of fonts", style.len());
    // Same frame, same bytes; the same export again, the same bytes.
    assert_eq!(svg, frontline::paint::to_svg(&frame));
    assert_eq!(svg, svg_of(&afghanistan(), d, [1280, 720]).1);
    // Names in Arabic script bring the Arabic face.
    let (_, arabic) = svg_of(&non_latin(), date(2021, 8, 6), [800, 450]);
    assert!(arabic.contains("@font-face { font-family: \"Frontline Sans Arabic\""));
    assert!(arabic.contains(STACK));
    // resvg skips the @font-face rules and finds Noto Sans by name (tests/export.rs compares
    // its pixels with the PNG): the SVG still parses, text included.
    let mut options = resvg::usvg::Options::default();
    for (_, bytes) in frontline::scene::text::FONT_FILES {
        options.fontdb_mut().load_font_data(bytes.to_vec());
    }
    let tree = resvg::usvg::Tree::from_str(&svg, &options).unwrap();
    assert!(tree.root().has_children());
}

/// Every `<text>`'s lines (`<tspan>`s), measured: their computed text lengths, px.
const MEASURE: &str = "Array.from(document.querySelectorAll('text')).map((t) => Array.from(t.querySelectorAll('tspan')).map((s) => s.getComputedTextLength()))";

/// Opens an SVG in Chromium and checks that its text is drawn in the embedded faces: they
/// load, and each line is as wide as the scene laid it out; drawn in a fallback face instead,
/// the text is not.
fn check_in_browser(name: &str, frame: &Frame, svg: &str, dir: &Path) {
    let file = dir.join(format!("{name}.svg"));
    std::fs::write(&file, svg).unwrap();
    let load_all = "Promise.all(Array.from(document.fonts).map((f) => f.load())).then((faces) => faces.map((f) => [f.family.replace(/\"/g, ''), f.weight, f.status]))";
    let steps = json!([
        {"op": "open", "ready": false},
        {"op": "eval", "js": load_all},
        {"op": "eval", "js": "[document.fonts.check('12px \"Frontline Sans\"'), document.fonts.check('bold 12px \"Frontline Sans\"')]"},
        {"op": "eval", "js": MEASURE},
        // The same text in a face that is surely not Noto Sans.
        {"op": "eval", "js": format!("document.documentElement.setAttribute('font-family', 'serif'); {MEASURE}")},
    ]);
    let out = browser::drive(&file, &steps, dir);
    let r = out["results"].as_array().unwrap();
    for (i, result) in r.iter().enumerate() {
        assert!(
            result.get("error").is_none(),
            "{name}: step {i} failed: {result}"
        );
    }
    assert_eq!(out["requests"], 0, "{name}: network requests");
    assert_eq!(out["pageErrors"], json!([]), "{name}: page errors");
    assert_eq!(out["consoleErrors"], json!([]), "{name}: console errors");
    let faces = r[1].as_array().unwrap();
    assert!(!faces.is_empty(), "{name}: no font face");
    for face in faces {
        assert_eq!(face[2], "loaded", "{name}: {face}");
    }
    for weight in ["400", "700"] {
        assert!(
            faces
                .iter()
                .any(|f| f[0] == "Frontline Sans" && f[1] == weight),
            "{name}: Frontline Sans {weight}: {faces:?}"
        );
    }
    assert_eq!(r[2], json!([true, true]), "{name}: the faces are usable");

    let want = scene_widths(frame);
    let measured = r[3].as_array().unwrap();
    let fallback = r[4].as_array().unwrap();
    assert_eq!(
        measured.len(),
        want.len(),
        "{name}: one <text> per text item"
    );
    let (mut worst, mut scene_total, mut fallback_total) = (0.0f64, 0.0f64, 0.0f64);
    for (i, (id, lines)) in want.iter().enumerate() {
        let got = measured[i].as_array().unwrap();
        assert_eq!(got.len(), lines.len(), "{name}: lines of {id}");
        for (j, &w) in lines.iter().enumerate() {
            let w = f64::from(w);
            if w <= 0.0 {
                continue;
            }
            let browser = got[j].as_f64().unwrap();
            let share = (browser - w).abs() / w;
            worst = worst.max(share);
            assert!(
                share <= 0.02,
                "{name}: {id} line {j} is {browser:.2} px wide in Chromium, {w:.2} px in the scene ({:.1}%)",
                share * 100.0
            );
            scene_total += w;
            fallback_total += fallback[i][j].as_f64().unwrap();
        }
    }
    // The check has teeth: in another face the text is not as wide.
    let off = (fallback_total - scene_total).abs() / scene_total;
    eprintln!(
        "{name}: text widths in Chromium within {:.2}% of the scene's; {:.1}% off in a serif fallback",
        worst * 100.0,
        off * 100.0
    );
    assert!(
        off > 0.02,
        "{name}: a fallback face measures like the embedded one ({:.2}%): the check cannot tell them apart",
        off * 100.0
    );
}

#[test]
fn svg_text_uses_the_embedded_font_in_a_browser() {
    if !browser::ready("SVG fonts") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (frame, svg) = svg_of(&afghanistan(), date(2021, 8, 13), [1280, 720]);
    check_in_browser("afghanistan", &frame, &svg, dir.path());
    // Dari and Cyrillic names, a mixed-script title and caption.
    let (frame, svg) = svg_of(&non_latin(), date(2021, 8, 6), [800, 450]);
    check_in_browser("non-latin", &frame, &svg, dir.path());
}
