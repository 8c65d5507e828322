//! The real window under a display (CI runs `cargo test` inside `xvfb-run` with Mesa's software
//! Vulkan). One run opens the shipped scenario on a date and saves both pictures: the whole
//! window as the GPU drew it (`--window-capture`) and the map view drawn on the CPU
//! (`--screenshot`, with its manifest). The tests check that
//! - the CPU screenshot is byte for byte what `frontline export --map-only` gives for the view
//!   and size in the manifest;
//! - the GPU's map area matches the CPU picture: exactly at marker centres and inside provinces,
//!   within a stated tolerance at edges;
//! - the marker colours the GPU drew are the model's.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(feature = "window")]

use std::path::Path;
use std::process::Command;

use frontline::app::screenshot::{DrawnMap, manifest_path};
use frontline::bundle::load_bundle;
use frontline::scene::{Theme, status_color};
use image::RgbaImage;
use jiff::civil::date;

struct Captured {
    window: RgbaImage,
    map: RgbaImage,
    map_png: Vec<u8>,
    manifest: DrawnMap,
    _dir: tempfile::TempDir,
}

fn scenario() -> std::path::PathBuf {
    scenario_named("afghanistan-2021")
}

fn scenario_named(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/scenarios")
        .join(name)
        .join("scenario.ron")
}

/// Opens the window at `date` and takes both pictures; None (after saying so) without a display.
/// The display, one window at a time: the tests share one Xvfb without a window manager, where
/// a window opening over another exposes it (and wakes it, as it should), which would count as
/// frames drawn "while nothing changed". None (the test skips) without a display, outside CI.
fn display() -> Option<std::sync::MutexGuard<'static, ()>> {
    static ONE_WINDOW: std::sync::Mutex<()> = std::sync::Mutex::new(());
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "no display under CI: run the window tests inside xvfb-run (see .ci/run)"
        );
        eprintln!("SKIPPED: no display (run the window tests under xvfb-run)");
        return None;
    }
    Some(
        ONE_WINDOW
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    )
}

fn capture(date: &str) -> Option<Captured> {
    capture_scenario(&scenario(), date)
}

fn capture_scenario(scenario: &Path, date: &str) -> Option<Captured> {
    let _display = display()?;
    let dir = tempfile::tempdir().unwrap();
    let window_png = dir.path().join("window.png");
    let map_png = dir.path().join("map.png");
    let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg(scenario)
        .env("FRONTLINE_CONFIG_DIR", dir.path())
        .args(["--date", date, "--window-capture"])
        .arg(&window_png)
        .arg("--screenshot")
        .arg(&map_png)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "window run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let manifest =
        serde_json::from_str(&std::fs::read_to_string(manifest_path(&map_png)).unwrap()).unwrap();
    Some(Captured {
        window: image::open(&window_png).unwrap().to_rgba8(),
        map: image::open(&map_png).unwrap().to_rgba8(),
        map_png: std::fs::read(&map_png).unwrap(),
        manifest,
        _dir: dir,
    })
}

fn rgb(p: &image::Rgba<u8>) -> [i32; 3] {
    [i32::from(p.0[0]), i32::from(p.0[1]), i32::from(p.0[2])]
}

/// True when every pixel within `r` of (x, y) has the colour of (x, y).
fn uniform_around(img: &RgbaImage, x: u32, y: u32, r: u32) -> bool {
    let c = img.get_pixel(x, y);
    let (w, h) = img.dimensions();
    (y.saturating_sub(r)..=(y + r).min(h - 1))
        .all(|yy| (x.saturating_sub(r)..=(x + r).min(w - 1)).all(|xx| img.get_pixel(xx, yy) == c))
}

#[test]
fn window_and_cpu_pictures_of_the_same_view_agree() {
    let Some(c) = capture("2021-08-13") else {
        return;
    };
    let m = &c.manifest;
    let [mx, my, mw, mh] = m.map_rect;
    assert_eq!((c.map.width(), c.map.height()), (mw, mh));

    // 1. The CPU screenshot is the export of the same view, byte for byte.
    let dir = tempfile::tempdir().unwrap();
    let exported = dir.path().join("export.png");
    let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg("export")
        .arg(scenario())
        .args(["--date", &m.date, "--map-only"])
        .args(m.export_args.split_whitespace())
        .args(["--size", &format!("{mw}x{mh}"), "-o"])
        .arg(&exported)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read(&exported).unwrap() == c.map_png,
        "--screenshot and `frontline export {}` differ",
        m.export_args
    );

    // 2. Marker centres: exactly the same colour on the GPU and the CPU.
    for cap in &m.capitals {
        let (x, y) = (cap.x.round() as u32, cap.y.round() as u32);
        let gpu = rgb(c.window.get_pixel(mx + x, my + y));
        let cpu = rgb(c.map.get_pixel(x, y));
        assert_eq!(gpu, cpu, "marker centre of {} at ({x}, {y})", cap.id);
    }

    // 3. Interiors (pixels whose 5×5 neighbourhood on the CPU picture is one colour: inside
    //    provinces, markers and text strokes, and the background) match exactly.
    //    Edges may differ: the GPU draws fills without anti-aliasing on a software adapter
    //    (with 4× multisampling on a real GPU), strokes borders as strips with a one-pixel
    //    analytic ramp and mitred joins, and draws markers as CPU-painted sprites; the CPU
    //    computes the exact coverage of true curves with round joins (both blend in linear
    //    light). So an edge pixel may
    //    mix the colours on either side of the edge in another proportion, or the edge may sit
    //    up to a pixel away, but it may not show a colour that is not there: each channel of a
    //    GPU edge pixel must lie within the range of the CPU picture's 3×3 pixels around it,
    //    give or take 16 levels. Allowed exceptions: 0.5% of the map area (the thin borders'
    //    ramps and the unsmoothed fill edges; the figure is printed below).
    let (mut interior, mut edges, mut outside) = (0u64, 0u64, 0u64);
    for y in 0..mh {
        for x in 0..mw {
            let gpu = rgb(c.window.get_pixel(mx + x, my + y));
            let cpu = rgb(c.map.get_pixel(x, y));
            if uniform_around(&c.map, x, y, 2) {
                interior += 1;
                assert_eq!(gpu, cpu, "interior pixel ({x}, {y}) differs");
                continue;
            }
            edges += 1;
            let (mut lo, mut hi) = ([255; 3], [0; 3]);
            for yy in y.saturating_sub(1)..=(y + 1).min(mh - 1) {
                for xx in x.saturating_sub(1)..=(x + 1).min(mw - 1) {
                    let q = rgb(c.map.get_pixel(xx, yy));
                    for i in 0..3 {
                        lo[i] = lo[i].min(q[i]);
                        hi[i] = hi[i].max(q[i]);
                    }
                }
            }
            if (0..3).any(|i| gpu[i] < lo[i] - 16 || gpu[i] > hi[i] + 16) {
                outside += 1;
            }
        }
    }
    let share = outside as f64 / f64::from(mw * mh);
    eprintln!(
        "{interior} interior pixels identical; {edges} edge pixels, of which {outside} ({:.4}% of the map) outside the CPU's local colour range",
        share * 100.0
    );
    assert!(
        interior > u64::from(mw * mh) / 2,
        "most of the map is interior"
    );
    assert!(
        share < 0.005,
        "{:.4}% of the map differs at edges",
        share * 100.0
    );
}

#[test]
fn window_markers_have_the_model_colours() {
    // Both shipped scenarios: three statuses in Afghanistan on 08-12; in Syria on 12-07 five
    // sides with patterns, refuted claims standing and an enclave.
    // Every marker is drawn but Douma's, which the thinning hides under Damascus's, 12 km
    // away (it shows when zoomed in).
    for (name, day, statuses, hidden) in [
        ("afghanistan-2021", date(2021, 8, 12), 3, &[][..]),
        ("syria-2024", date(2024, 12, 7), 5, &["douma"][..]),
    ] {
        let path = scenario_named(name);
        let Some(c) = capture_scenario(&path, &day.to_string()) else {
            return;
        };
        let bundle = load_bundle(&path).unwrap();
        let s = bundle.scenario();
        let [mx, my, _, _] = c.manifest.map_rect;
        let missing: Vec<&str> = s
            .capitals
            .iter()
            .map(|cap| cap.id.as_str())
            .filter(|id| c.manifest.capitals.iter().all(|d| d.id != *id))
            .collect();
        assert_eq!(missing, hidden, "{name}: markers not drawn");
        let mut statuses_seen = std::collections::BTreeSet::new();
        for cap in &c.manifest.capitals {
            let ci = s.capital_index(&cap.id).unwrap();
            let status = bundle.timeline.status_at(ci, day);
            statuses_seen.insert(status);
            let want = status_color(&s.statuses[status], Theme::Light)
                .0
                .map(i32::from);
            // Right of the centre, between a contested marker's hollow centre (0.45 r) and the
            // edge of the status colour (r): on the pixel whose centre lies nearest 0.725 r.
            let (x, y) = (
                mx + (cap.x + 0.725 * cap.radius - 0.5).round() as u32,
                my + cap.y as u32,
            );
            let got = rgb(c.window.get_pixel(x, y));
            assert_eq!(
                got, want,
                "{name} {} at ({x}, {y}): drawn {got:?}, model says {}",
                cap.id, s.statuses[status].id
            );
        }
        assert_eq!(statuses_seen.len(), statuses, "{name} on {day}");
    }
}

/// A broken settings file means defaults and a one-line warning, never a crash.
#[test]
fn a_broken_settings_file_does_not_stop_the_window() {
    let Some(_display) = display() else { return };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("settings.ron"), "(theme: Sepia, labels: ").unwrap();
    let shot = dir.path().join("map.png");
    let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg("syria-2024")
        .env("FRONTLINE_CONFIG_DIR", dir.path())
        .arg("--screenshot")
        .arg(&shot)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(shot.is_file());
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("settings.ron is broken"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
}

/// `--profile-frames N` drives the window for N frames and ends with one parseable line.
#[test]
fn profile_mode_runs_the_frames_and_reports_one_line() {
    let Some(_display) = display() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg(scenario())
        .env("FRONTLINE_CONFIG_DIR", dir.path())
        .args(["--profile-frames", "12"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last = stdout.lines().last().unwrap_or("");
    let fields: std::collections::HashMap<&str, &str> = last
        .strip_prefix("profile: ")
        .unwrap_or_else(|| panic!("last line: {last}"))
        .split(' ')
        .filter_map(|kv| kv.split_once('='))
        .collect();
    let num = |k: &str| -> f64 {
        fields[k]
            .parse()
            .unwrap_or_else(|_| panic!("{k} in {last}"))
    };
    assert!(num("first_frame_s") > 0.0, "{last}");
    assert!(
        num("median_ms") > 0.0 && num("p95_ms") >= num("median_ms"),
        "{last}"
    );
    assert!(num("peak_rss_mb") > 10.0, "{last}");
    assert_eq!(fields["frames"], "12", "{last}");
    // Nothing was saved as the user's settings.
    assert!(!dir.path().join("settings.ron").exists());
}

/// The frames a running window printed (`FRONTLINE_LOG_FRAMES=1`), as they come.
struct FrameLog {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<(std::time::Instant, String)>,
}

impl FrameLog {
    fn open(args: &[&str], config: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
            .args(args)
            .env("FRONTLINE_CONFIG_DIR", config)
            .env("FRONTLINE_LOG_FRAMES", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if tx.send((std::time::Instant::now(), line)).is_err() {
                    return;
                }
            }
        });
        Self { child, lines: rx }
    }

    /// Waits for a line equal to `want`, at most `timeout`.
    fn wait_for(&self, want: &str, timeout: std::time::Duration) -> bool {
        let end = std::time::Instant::now() + timeout;
        while let Ok((_, line)) = self
            .lines
            .recv_timeout(end.saturating_duration_since(std::time::Instant::now()))
        {
            if line == want {
                return true;
            }
        }
        false
    }

    /// Frames printed during `span`.
    fn frames_during(&self, span: std::time::Duration) -> usize {
        let end = std::time::Instant::now() + span;
        let mut n = 0;
        while let Ok((at, line)) = self
            .lines
            .recv_timeout(end.saturating_duration_since(std::time::Instant::now()))
        {
            if at <= end && line.starts_with("frame ") {
                n += 1;
            }
        }
        n
    }

    /// Waits until no frame comes for a second (at most `timeout`).
    fn settle(&self, timeout: std::time::Duration) {
        let end = std::time::Instant::now() + timeout;
        while std::time::Instant::now() < end {
            if self.frames_during(std::time::Duration::from_secs(1)) == 0 {
                return;
            }
        }
    }
}

impl Drop for FrameLog {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends a key to the frontline window with xdotool (Xvfb has no window manager: the window
/// is focused first).
fn press_key(key: &str) {
    let found = Command::new("xdotool")
        .args(["search", "--sync", "--name", "frontline"])
        .output()
        .expect("xdotool is installed (.ci/run installs it)");
    let id = String::from_utf8_lossy(&found.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .to_string();
    assert!(!id.is_empty(), "the window was not found");
    let ok = Command::new("xdotool")
        .args(["windowfocus", "--sync", &id])
        .status()
        .unwrap();
    assert!(ok.success());
    let ok = Command::new("xdotool")
        .args(["key", "--window", &id, key])
        .status()
        .unwrap();
    assert!(ok.success());
}

/// The window draws nothing while nothing changes, and draws while playing.
#[test]
fn the_window_rests_when_nothing_changes_and_draws_while_playing() {
    let Some(_display) = display() else { return };
    if Command::new("xdotool").arg("version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "xdotool is missing under CI"
        );
        eprintln!("SKIPPED: xdotool is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let scenario = scenario();
    let log = FrameLog::open(&[scenario.to_str().unwrap()], dir.path());
    assert!(
        log.wait_for("map ready", std::time::Duration::from_secs(90)),
        "the map was never drawn"
    );
    log.settle(std::time::Duration::from_secs(20));
    let resting = log.frames_during(std::time::Duration::from_secs(3));
    assert_eq!(resting, 0, "frames drawn while nothing changed");
    press_key("space");
    let playing = log.frames_during(std::time::Duration::from_secs(3));
    assert!(playing > 5, "only {playing} frames while playing");
}

/// At the smallest size a laptop gives, the time panel's parts end before the side panel: the
/// caption wraps, and the slider and the chart (axis labels included) are not cut off.
#[test]
fn the_panels_fit_at_1280_by_720() {
    let Some(_display) = display() else { return };
    for (name, day) in [
        ("afghanistan-2021", "2021-08-15"),
        ("syria-2024", "2024-12-08"),
        ("sudan-2023", "2024-06-29"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("window.png");
        let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
            .arg(name)
            .env("FRONTLINE_CONFIG_DIR", dir.path())
            .args([
                "--date",
                day,
                "--window-size",
                "1280x720",
                "--window-capture",
            ])
            .arg(&png)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let layout: frontline::app::state::UiLayout = serde_json::from_str(
            &std::fs::read_to_string(frontline::app::screenshot::layout_path(&png)).unwrap(),
        )
        .unwrap();
        let [ax, ay, aw, ah] = layout.map_area;
        let side_left = layout.side_panel[0];
        assert!(
            aw > 400.0 && ah > 200.0,
            "{name}: map area {:?}",
            layout.map_area
        );
        assert!((ax + aw - side_left).abs() < 1.0, "{name}: {layout:?}");
        let inside = |what: &str, r: [f32; 4]| {
            let [x, y, w, h] = r;
            assert!(w > 0.0 && h > 0.0, "{name}: {what} is empty: {r:?}");
            assert!(
                x >= -0.5 && x + w <= side_left + 0.5,
                "{name}: the {what} {r:?} runs under the side panel at {side_left}"
            );
            assert!(
                y >= ay + ah - 0.5,
                "{name}: the {what} {r:?} is over the map"
            );
            assert!(
                y + h <= layout.window[3] + 0.5,
                "{name}: the {what} {r:?} is cut at the bottom"
            );
        };
        inside("date", layout.date);
        inside("slider", layout.slider);
        inside("chart", layout.chart);
        let caption = layout
            .caption
            .unwrap_or_else(|| panic!("{name} on {day} has a caption"));
        inside("caption", caption);
    }
}
