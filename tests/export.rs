//! The headless export (needs a Vulkan driver, no display): colours at capitals follow the
//! model, the captured share grows over August 2021, the same date gives the same bytes,
//! sequences become GIFs with the right frames, and bad requests fail clearly without leaving
//! files behind.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use frontline::app::scene::{Theme, status_color};
use frontline::export::FrameSpec;
use frontline::export::render::Renderer;
use jiff::civil::date;

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/afghanistan-2021/scenario.ron")
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

fn rgb(theme: Theme, status: &frontline::model::StatusDef) -> [u8; 3] {
    let c = status_color(status, theme).to_srgba();
    [c.red, c.green, c.blue].map(|v| (v * 255.0).round() as u8)
}

#[test]
fn capital_pixels_have_their_status_colour() {
    for theme in [Theme::Light, Theme::Dark] {
        let spec = FrameSpec {
            width: 1280,
            height: 720,
            theme,
            map_only: false,
        };
        let mut r = Renderer::new(&shipped(), spec).unwrap();
        let d = date(2021, 8, 13);
        let frame = r.render(d).unwrap();
        let bundle = r.bundle();
        let s = bundle.scenario();
        let pixels = r.capital_pixels();
        let mut checked = 0;
        for (ci, p) in pixels.iter().enumerate() {
            // Markers closer than two marker widths overlap at this size; skip those.
            if pixels
                .iter()
                .enumerate()
                .any(|(o, q)| o != ci && q.distance(*p) < 20.0)
            {
                continue;
            }
            checked += 1;
            let want = rgb(theme, &s.statuses[bundle.timeline.status_at(ci, d)]);
            // 4 px right of the centre: inside the fill, outside a contested marker's hole.
            let got = frame
                .get_pixel(p.x.round() as u32 + 4, p.y.round() as u32)
                .0;
            let close = (0..3).all(|i| (i32::from(got[i]) - i32::from(want[i])).abs() <= 2);
            assert!(
                close,
                "{theme:?} {}: drawn {:?}, model {want:?}",
                s.capitals[ci].id,
                &got[..3]
            );
        }
        assert!(
            checked >= 20,
            "only {checked} capitals were uncrowded enough to check"
        );
    }
}

#[test]
fn taliban_share_of_the_map_rises_through_august() {
    let spec = FrameSpec {
        width: 640,
        height: 360,
        theme: Theme::Light,
        map_only: true,
    };
    let mut r = Renderer::new(&shipped(), spec).unwrap();
    let taliban = {
        let s = r.bundle().scenario();
        rgb(
            Theme::Light,
            &s.statuses[s.status_index("taliban").unwrap()],
        )
    };
    let background = {
        let c = Theme::Light.palette().background.to_srgba();
        [c.red, c.green, c.blue].map(|v| (v * 255.0).round() as u8)
    };
    let mut shares = Vec::new();
    for d in [
        date(2021, 8, 1),
        date(2021, 8, 8),
        date(2021, 8, 12),
        date(2021, 8, 16),
    ] {
        let frame = r.render(d).unwrap();
        let map = frame.pixels().filter(|p| p.0[..3] != background).count();
        let n = frame.pixels().filter(|p| p.0[..3] == taliban).count();
        shares.push(n as f64 / map as f64);
    }
    assert!(shares.windows(2).all(|w| w[1] > w[0]), "shares {shares:?}");
    assert!(
        shares[0] < 0.01,
        "no Taliban-held capital on 08-01: {shares:?}"
    );
    assert!(
        shares[3] > 0.5,
        "most of the map on 08-16 (labels and markers cover the rest): {shares:?}"
    );
}

#[test]
fn same_date_gives_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.png"), dir.path().join("b.png"));
    for out in [&a, &b] {
        let o = frontline(&[
            "export",
            shipped().to_str().unwrap(),
            "--date",
            "2021-08-13",
            "--size",
            "800x450",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert!(a.len() > 10_000);
    assert!(a == b, "two exports of the same date differ");
}

#[test]
fn sequence_writes_frames_and_a_gif_with_a_held_last_frame() {
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
}

#[test]
fn bad_requests_fail_clearly_and_leave_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.png");
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
            vec!["--date", "2022-01-01", "-o", o],
            "outside the scenario's range",
        ),
        (
            vec!["--from", "2021-08-14", "--to", "2021-08-10", "-o", o],
            "is after",
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
        assert!(!out.exists(), "{args:?} left a file");
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
        eprintln!("ffmpeg is not installed: only the missing-ffmpeg message was checked");
        return;
    }
    let o = frontline(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&mp4).unwrap();
    assert!(bytes.len() > 1000 && &bytes[4..8] == b"ftyp", "an MP4 file");
    if let Ok(probe) = Command::new("ffprobe")
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
    {
        assert_eq!(String::from_utf8_lossy(&probe.stdout).trim(), "320,180,3");
    }
}
