//! The CPU export (no GPU, driver or display): colours at capitals follow the model, the
//! captured share grows over August 2021, the same date gives the same bytes with or without a
//! Vulkan driver and a display, SVG says the same as PNG (checked with a real SVG renderer),
//! non-Latin names are shaped, sequences become frames, GIFs and MP4s, and bad requests fail
//! clearly without leaving files behind.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use frontline::bundle::load_bundle;
use frontline::export::render::Renderer;
use frontline::export::{FrameSpec, ViewChoice};
use frontline::model::Rgb;
use frontline::scene::{Theme, ViewRequest, status_color};
use jiff::civil::date;

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/afghanistan-2021/scenario.ron")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scenarios")
        .join(name)
}

fn frontline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn renderer(path: &Path, spec: FrameSpec) -> Renderer {
    Renderer::from_bundle(Arc::new(load_bundle(path).unwrap()), spec)
}

fn close(a: [u8; 3], b: Rgb, tolerance: i32) -> bool {
    (0..3).all(|i| (i32::from(a[i]) - i32::from(b.0[i])).abs() <= tolerance)
}

#[test]
fn capital_pixels_have_their_status_colour() {
    let syria =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/syria-2024/scenario.ron");
    for (path, d, at_least) in [
        (shipped(), date(2021, 8, 13), 20),
        (syria, date(2024, 12, 7), 10),
    ] {
        for theme in [Theme::Light, Theme::Dark] {
            let r = renderer(&path, FrameSpec::new(1280, 720, theme, false));
            let frame = r.frame(d);
            let image = r.render(d);
            let bundle = r.bundle();
            let s = bundle.scenario();
            let mut checked = 0;
            for m in &frame.map().markers {
                let want =
                    status_color(&s.statuses[bundle.timeline.status_at(m.capital, d)], theme);
                let crowded = frame.map().markers.iter().any(|o| {
                    o.capital != m.capital
                        && (o.center[0] - m.center[0]).hypot(o.center[1] - m.center[1]) < 20.0
                });
                if crowded {
                    continue;
                }
                checked += 1;
                // Between a contested marker's hole (0.45 r) and the edge of the status colour
                // (r), on the pixel whose centre lies nearest 0.725 r right of the capital.
                let x = (m.center[0] + 0.725 * m.radius_px - 0.5).round() as u32;
                let got = image.get_pixel(x, m.center[1] as u32).0;
                assert!(
                    close([got[0], got[1], got[2]], want, 0),
                    "{theme:?} {}: drawn {:?}, model {want}",
                    m.id,
                    &got[..3]
                );
            }
            assert!(
                checked >= at_least,
                "only {checked} capitals were uncrowded enough to check"
            );
        }
    }
}

#[test]
fn taliban_share_of_the_map_rises_through_august() {
    let r = renderer(&shipped(), FrameSpec::new(640, 360, Theme::Light, true));
    let s = r.bundle().scenario();
    let taliban = status_color(
        &s.statuses[s.status_index("taliban").unwrap()],
        Theme::Light,
    );
    let palette = Theme::Light.palette();
    let outside = [palette.background.0, palette.neighbour_fill.0];
    let mut shares = Vec::new();
    for d in [
        date(2021, 8, 1),
        date(2021, 8, 8),
        date(2021, 8, 12),
        date(2021, 8, 16),
    ] {
        let frame = r.render(d);
        // The country: neither the background nor a neighbouring country.
        let map = frame
            .pixels()
            .filter(|p| !outside.iter().any(|o| p.0[..3] == o[..]))
            .count();
        let n = frame.pixels().filter(|p| p.0[..3] == taliban.0).count();
        shares.push(n as f64 / map as f64);
    }
    assert!(shares.windows(2).all(|w| w[1] > w[0]), "shares {shares:?}");
    assert!(
        shares[0] < 0.01,
        "no Taliban-held capital on 08-01: {shares:?}"
    );
    assert!(shares[3] > 0.5, "most of the map on 08-16: {shares:?}");
}

/// A refuted claim never colours the map: Lashkar Gah stays contested on 08-09.
#[test]
fn a_refuted_report_does_not_colour_the_map() {
    let r = renderer(&shipped(), FrameSpec::new(800, 450, Theme::Light, true));
    let s = r.bundle().scenario();
    let contested = status_color(
        &s.statuses[s.status_index("contested").unwrap()],
        Theme::Light,
    );
    let lashkar = s.capital_index("lashkar-gah").unwrap();
    let frame = r.frame(date(2021, 8, 9));
    let fill = frame.map().fills.iter().find(|f| f.id == "AF-HEL").unwrap();
    assert_eq!(fill.color, contested, "Helmand stays contested on 08-09");
    let marker = frame
        .map()
        .markers
        .iter()
        .find(|m| m.capital == lashkar)
        .unwrap();
    assert_eq!(marker.layers[2].color, contested);
}

#[test]
fn same_date_gives_identical_bytes_without_a_gpu_driver_or_display() {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for (i, ext) in ["png", "png", "svg", "svg"].iter().enumerate() {
        let out = dir.path().join(format!("{i}.{ext}"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_frontline"));
        cmd.args([
            "export",
            shipped().to_str().unwrap(),
            "--date",
            "2021-08-13",
        ])
        .args(["--size", "800x450", "-o", out.to_str().unwrap()]);
        if i % 2 == 1 {
            // No Vulkan driver, no display: the export must not notice.
            cmd.env("VK_ICD_FILENAMES", "/nonexistent")
                .env_remove("DISPLAY")
                .env_remove("WAYLAND_DISPLAY");
        }
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        outputs.push(std::fs::read(&out).unwrap());
    }
    assert!(outputs[0].len() > 10_000);
    assert!(
        outputs[0] == outputs[1],
        "PNG differs without a driver and display"
    );
    assert!(
        outputs[2] == outputs[3],
        "SVG differs without a driver and display"
    );
    assert!(outputs[2].starts_with(b"<svg"));
}

/// The SVG, drawn by a real SVG renderer (resvg, with the shipped fonts), looks like the PNG.
///
/// Tolerance: at most 3% of pixels may differ by more than 48 levels in a channel. Both draw the
/// same paths with anti-aliasing, so fills, borders and markers agree to the rounding of edge
/// coverage; text is laid out twice (parley for the PNG, resvg's own layout for the SVG, from
/// the same font files and sizes), so glyph edges can shift by a fraction of a pixel, and the
/// date in large bold type alone covers about 0.5% of the frame.
#[test]
fn svg_renders_like_the_png() {
    let r = renderer(&shipped(), FrameSpec::new(1280, 720, Theme::Light, false));
    let d = date(2021, 8, 13);
    let png = r.render(d);
    let svg = String::from_utf8(r.encode(d, frontline::paint::Format::Svg).unwrap()).unwrap();

    let mut options = resvg::usvg::Options::default();
    for (_, bytes) in frontline::scene::text::FONT_FILES {
        options.fontdb_mut().load_font_data(bytes.to_vec());
    }
    let tree = resvg::usvg::Tree::from_str(&svg, &options).unwrap();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(1280, 720).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );

    let mut differing = 0usize;
    for (p, q) in png.pixels().zip(pixmap.pixels()) {
        let q = q.demultiply();
        let q = [q.red(), q.green(), q.blue()];
        if (0..3).any(|i| (i32::from(p.0[i]) - i32::from(q[i])).abs() > 48) {
            differing += 1;
        }
    }
    let share = differing as f64 / (1280.0 * 720.0);
    eprintln!(
        "{differing} pixels ({:.3}%) differ by more than 48 levels",
        share * 100.0
    );
    assert!(
        share < 0.03,
        "{:.3}% of the SVG differs from the PNG",
        share * 100.0
    );

    // Layers, ids and text a journalist can restyle.
    for layer in [
        "fills", "borders", "outline", "markers", "labels", "overlay",
    ] {
        assert!(svg.contains(&format!("<g id=\"{layer}\"")), "layer {layer}");
    }
    assert!(svg.contains("id=\"province-AF-KAB\""));
    assert!(svg.contains("id=\"capital-kabul\""));
    assert!(svg.contains("id=\"label-kabul\""));
    assert!(
        svg.contains(">Friday 13 August 2021</tspan>"),
        "text stays text"
    );
    assert!(svg.contains(
        "font-family=\"Frontline Sans, Frontline Sans Arabic, Noto Sans, Noto Sans Arabic, sans-serif\""
    ));
}

#[test]
fn non_latin_names_are_shaped_and_drawn() {
    let path = fixture("non_latin_names.ron");
    let r = renderer(&path, FrameSpec::new(800, 450, Theme::Light, false));
    let d = date(2021, 8, 6);
    let frame = r.frame(d);
    let label = |id: &str| {
        frame
            .map()
            .labels
            .iter()
            .find(|l| l.id.as_deref() == Some(id))
            .unwrap_or_else(|| panic!("{id} is labelled"))
    };
    let dari = label("label-mazar");
    let glyphs = &dari.shaped.lines[0].glyphs;
    // Its eight letters come from Noto Sans Arabic (the space may come from either font).
    let arabic = glyphs.iter().filter(|g| g.font == 2).count();
    assert!(
        arabic >= 8,
        "Noto Sans Arabic shapes the Dari name: {glyphs:?}"
    );
    // Joined forms: shaping the same letters apart gives other glyphs.
    let mut fonts = frontline::scene::text::Fonts::new();
    let apart = fonts.shape(
        "م ز ا ر ش ر ی ف",
        dari.shaped.size,
        Default::default(),
        None,
    );
    let apart_ids: Vec<u16> = apart.lines[0].glyphs.iter().map(|g| g.id).collect();
    assert!(
        glyphs.iter().any(|g| !apart_ids.contains(&g.id)),
        "contextual forms are used"
    );
    let kyiv = label("label-kyiv");
    assert_eq!(kyiv.shaped.lines[0].glyphs.len(), 4);
    assert!(
        kyiv.shaped.lines[0]
            .glyphs
            .iter()
            .all(|g| g.font == 0 && g.id != 0)
    );

    // The pixels: dark ink (the label colour is #111111) on the white halo inside each
    // label's box.
    let image = r.render(d);
    for l in [dari, kyiv] {
        let mut dark = 0;
        for y in l.origin[1] as u32..(l.origin[1] + l.shaped.height) as u32 {
            for x in l.origin[0] as u32..(l.origin[0] + l.shaped.width) as u32 {
                if image.get_pixel(x, y).0[..3].iter().all(|c| *c < 100) {
                    dark += 1;
                }
            }
        }
        eprintln!("{:?}: {dark} ink pixels", l.id);
        assert!(dark > 12, "{:?}: {dark} ink pixels", l.id);
    }
    // The SVG keeps the names as text.
    let svg = String::from_utf8(r.encode(d, frontline::paint::Format::Svg).unwrap()).unwrap();
    assert!(svg.contains(">مزار شریف</tspan>") && svg.contains(">Київ</tspan>"));
}

#[test]
fn a_requested_view_is_honoured() {
    let bundle = Arc::new(load_bundle(&shipped()).unwrap());
    let kabul = frontline::boundaries::LonLat {
        lon: 69.172,
        lat: 34.528,
    };
    let spec = FrameSpec {
        view: ViewChoice::Request(ViewRequest {
            center: kabul,
            km_per_px: 0.25,
        }),
        ..FrameSpec::new(640, 480, Theme::Light, true)
    };
    let r = Renderer::from_bundle(bundle, spec);
    let frame = r.frame(date(2021, 8, 13));
    let kabul_marker = frame
        .map()
        .markers
        .iter()
        .find(|m| &*m.id == "kabul")
        .unwrap();
    assert!(
        (kabul_marker.center[0] - 320.0).abs() < 0.5
            && (kabul_marker.center[1] - 240.0).abs() < 0.5,
        "Kabul at the centre: {:?}",
        kabul_marker.center
    );
    // 0.25 km/px: 640 px is 160 km; Fayzabad, 300 km away, is not drawn.
    assert!(frame.map().markers.iter().all(|m| &*m.id != "fayzabad"));
}

#[test]
fn sequences_write_frames_a_gif_with_a_held_last_frame_and_svg_frames() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    let gif_path = dir.path().join("fall.gif");
    let o = frontline(&[
        "export",
        shipped().to_str().unwrap(),
        "--from",
        "2021-08-10",
        "--to",
        "2021-08-14",
        "--size",
        "320x180",
        "-o",
        frames.to_str().unwrap(),
        "--gif",
        gif_path.to_str().unwrap(),
        "--delay-ms",
        "200",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&frames)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "frame_00001.png",
            "frame_00002.png",
            "frame_00003.png",
            "frame_00004.png",
            "frame_00005.png"
        ]
    );
    // Frames in date order: each equals the single export of its date.
    let single = dir.path().join("single.png");
    let o = frontline(&[
        "export",
        shipped().to_str().unwrap(),
        "--date",
        "2021-08-12",
        "--size",
        "320x180",
        "-o",
        single.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(frames.join("frame_00003.png")).unwrap(),
        std::fs::read(&single).unwrap()
    );

    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options
        .read_info(std::fs::File::open(&gif_path).unwrap())
        .unwrap();
    assert_eq!((decoder.width(), decoder.height()), (320, 180));
    let mut delays = Vec::new();
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        delays.push(frame.delay);
    }
    assert_eq!(delays.len(), 5);
    assert!(delays[..4].iter().all(|d| *d == 20), "{delays:?}");
    assert!(delays[4] > 20, "the last frame is held: {delays:?}");

    // SVG frames: the name and the extension come from -o.
    let svg_dir = dir.path().join("svg");
    std::fs::create_dir(&svg_dir).unwrap();
    let o = frontline(&[
        "export",
        shipped().to_str().unwrap(),
        "--from",
        "2021-08-10",
        "--to",
        "2021-08-11",
        "--map-only",
        "-o",
        svg_dir.join("fall.svg").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for n in ["fall_00001.svg", "fall_00002.svg"] {
        let text = std::fs::read_to_string(svg_dir.join(n)).unwrap();
        assert!(
            text.starts_with("<svg") && text.contains("<g id=\"overlay\">"),
            "{n}"
        );
    }
}

#[test]
fn bad_requests_fail_clearly_and_leave_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.png");
    let jpg = dir.path().join("out.jpg");
    let s = shipped();
    let scenario = s.to_str().unwrap();
    let o = out.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--date", "2021-02-30", "-o", o], "is not a date"),
        (
            vec!["--date", "2021-08-13", "--size", "big", "-o", o],
            "WIDTHxHEIGHT",
        ),
        (
            vec!["--date", "2021-08-13", "--size", "99999x10", "-o", o],
            "16 to 8192",
        ),
        (
            vec!["--date", "2021-08-13", "--theme", "sepia", "-o", o],
            "possible values: light, dark",
        ),
        (
            vec!["--date", "2021-08-13", "-o", "/nonexistent-folder/x.png"],
            "does not exist",
        ),
        (
            vec!["--date", "2021-08-13", "-o", jpg.to_str().unwrap()],
            "use .png, .svg, .pdf or .html",
        ),
        (
            vec!["--date", "2022-01-01", "-o", o],
            "outside the scenario's range",
        ),
        (
            vec!["--from", "2021-08-14", "--to", "2021-08-10", "-o", o],
            "is after",
        ),
        (
            vec!["--date", "2021-08-13", "--center", "69,34", "-o", o],
            "--scale",
        ),
        (
            vec![
                "--date",
                "2021-08-13",
                "--center",
                "69,34",
                "--scale",
                "0",
                "-o",
                o,
            ],
            "is not a scale",
        ),
        (
            vec!["--date", "2021-08-13", "--bbox", "75,29,60,39", "-o", o],
            "west",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["export", scenario];
        all.extend(&args);
        let result = frontline(&all);
        assert!(!result.status.success(), "{args:?} should fail");
        assert!(
            stderr(&result).contains(expected),
            "{args:?}: {}",
            stderr(&result)
        );
        assert!(!out.exists() && !jpg.exists(), "{args:?} left a file");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn mp4_needs_ffmpeg_and_says_so_when_it_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let mp4 = dir.path().join("a.mp4");
    let scenario = shipped();
    let args = [
        "export",
        scenario.to_str().unwrap(),
        "--from",
        "2021-08-10",
        "--to",
        "2021-08-12",
        "--size",
        "320x180",
        "--mp4",
        mp4.to_str().unwrap(),
    ];
    // Without ffmpeg on PATH: a clear message and no file.
    let o = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .env("PATH", dir.path())
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("--mp4 needs ffmpeg on PATH"),
        "{}",
        stderr(&o)
    );
    assert!(!mp4.exists());
    // With ffmpeg (when this machine has it): a real MP4 with one frame per date.
    if Command::new("ffmpeg").arg("-version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI installs ffmpeg");
        eprintln!("ffmpeg is not installed: only the missing-ffmpeg message was checked");
        return;
    }
    let o = frontline(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&mp4).unwrap();
    assert!(bytes.len() > 1000 && &bytes[4..8] == b"ftyp", "an MP4 file");
    let probe = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-count_frames",
            "-show_entries",
            "stream=width,height,nb_read_frames",
            "-of",
            "csv=p=0",
        ])
        .arg(&mp4)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&probe.stdout).trim(), "320,180,3");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() != "a.mp4")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}
