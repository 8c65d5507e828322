//! Vector PDF pages, read as a reader's tools read them (poppler-utils: `pdfinfo`, `pdffonts`,
//! `pdftotext`, installed by .ci/run): the page has the paper's size, the fonts are embedded as
//! subsets, and the text is text.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

/// Runs a poppler tool on a file; None (the test skips, outside CI) when it is not installed.
fn poppler(tool: &str, args: &[&str]) -> Option<String> {
    match Command::new(tool).args(args).output() {
        Ok(o) => {
            assert!(
                o.status.success(),
                "{tool}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            Some(String::from_utf8_lossy(&o.stdout).into_owned())
        }
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{tool} is missing under CI (.ci/run installs poppler-utils)"
            );
            eprintln!("SKIPPED: {tool} is not installed (poppler-utils)");
            None
        }
    }
}

#[test]
fn an_a4_page_with_embedded_subset_fonts_and_real_text() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("kabul.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["export", "afghanistan-2021", "--date", "2021-08-13"])
        .args(["--page", "a4-landscape", "-o"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let path = pdf.to_str().unwrap();
    let Some(info) = poppler("pdfinfo", &[path]) else {
        return;
    };
    assert!(info.contains("Pages:           1"), "{info}");
    // A4 landscape is 841.9 × 595.3 pt; the page is 1123 × 794 px at 96 dpi.
    let size = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>();
    let (w, h): (f64, f64) = (size[0].parse().unwrap(), size[2].parse().unwrap());
    assert!(
        (w - 841.9).abs() < 1.0 && (h - 595.3).abs() < 1.0,
        "{w} x {h}"
    );

    // Every font embedded, as a subset (a subset's name has a six-letter tag).
    let fonts = poppler("pdffonts", &[path]).unwrap();
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(
        rows.iter().any(|r| r.contains("NotoSans-Regular")),
        "{fonts}"
    );
    assert!(rows.iter().any(|r| r.contains("NotoSans-Bold")), "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
        assert_eq!(cols[0].as_bytes()[6], b'+', "{row}");
    }

    // The text is selectable text: the date, a caption, capital names, the legend.
    let text = poppler("pdftotext", &[path, "-"]).unwrap();
    for want in [
        "Friday 13 August 2021",
        "Kandahar",
        "Lashkar Gah",
        "Taliban 18 / 34",
    ] {
        assert!(text.contains(want), "{want} not in:\n{text}");
    }
}

#[test]
fn a_page_without_a_paper_size_is_the_frame_at_96_dpi() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("syria.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args([
            "export",
            "syria-2024",
            "--date",
            "2024-12-08",
            "--size",
            "960x540",
            "-o",
        ])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let Some(info) = poppler("pdfinfo", &[pdf.to_str().unwrap()]) else {
        return;
    };
    // 960 × 540 px at 96 dpi: 720 × 405 pt.
    assert!(info.contains("Page size:       720 x 405 pts"), "{info}");
}

/// A page of a PDF rendered back to pixels by pdftoppm at 96 dpi; None when poppler is missing.
fn page_pixels(pdf: &std::path::Path, page: usize) -> Option<image::RgbaImage> {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    let n = page.to_string();
    poppler(
        "pdftoppm",
        &[
            "-r",
            "96",
            "-png",
            "-f",
            &n,
            "-l",
            &n,
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    )?;
    Some(image::open(dir.path().join("page.png")).unwrap().to_rgba8())
}

#[test]
fn a_pdf_page_rendered_back_has_the_png_exports_province_fills() {
    use frontline::scene::{MapGeometry, MapView, SceneInput, Theme, ViewOptions, map_frame};
    let dir = tempfile::tempdir().unwrap();
    let (pdf, png) = (dir.path().join("m.pdf"), dir.path().join("m.png"));
    for out in [&pdf, &png] {
        let run = Command::new(env!("CARGO_BIN_EXE_frontline"))
            .args([
                "export",
                "afghanistan-2021",
                "--date",
                "2021-08-10",
                "--map-only",
                "--size",
                "1000x700",
                "-o",
            ])
            .arg(out)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let Some(from_pdf) = page_pixels(&pdf, 1) else {
        return;
    };
    let from_png = image::open(&png).unwrap().to_rgba8();
    assert_eq!(from_pdf.dimensions(), from_png.dimensions());
    // Points inside provinces: where the PNG shows exactly a province's fill colour (no border,
    // label or marker there), the PDF shows the same colour.
    let b = frontline::bundle::load_bundle(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/scenarios/afghanistan-2021/scenario.ron"),
    )
    .unwrap();
    let g = MapGeometry::of(&b);
    let input = SceneInput {
        bundle: &b,
        geometry: &g,
        date: "2021-08-10".parse().unwrap(),
        theme: Theme::Light,
        options: ViewOptions::default(),
        marks: 1.0,
        selected: None,
        compare_from: None,
    };
    let frame = frontline::scene::text::with_fonts(|f| {
        map_frame(&input, MapView::fit(g.bounds, [1000, 700]), f)
    });
    let mut matched = 0;
    let mut colours = std::collections::HashSet::new();
    for fill in &frame.map().fills {
        // The first vertex's neighbourhood, stepped inward toward the ring's centre.
        let ring = &fill.rings[0];
        let n = ring.len() as f32;
        let c = [
            ring.iter().map(|p| p[0]).sum::<f32>() / n,
            ring.iter().map(|p| p[1]).sum::<f32>() / n,
        ];
        for t in [0.5f32, 0.3, 0.7] {
            let p = [
                ring[0][0] + (c[0] - ring[0][0]) * t,
                ring[0][1] + (c[1] - ring[0][1]) * t,
            ];
            let (x, y) = (p[0] as u32, p[1] as u32);
            if x >= 1000 || y >= 700 {
                continue;
            }
            let want = fill.color.0;
            let a = from_png.get_pixel(x, y).0;
            if a[..3] != want {
                continue;
            }
            let b = from_pdf.get_pixel(x, y).0;
            let close = (0..3).all(|k| (i32::from(a[k]) - i32::from(b[k])).abs() <= 8);
            assert!(close, "{}: PNG {a:?}, PDF {b:?} at {x},{y}", fill.id);
            matched += 1;
            colours.insert(want);
            break;
        }
    }
    assert!(
        matched >= 5 && colours.len() >= 2,
        "only {matched} provinces compared ({} colours)",
        colours.len()
    );
}

#[test]
fn an_atlas_has_a_title_page_a_page_per_key_moment_and_a_linked_table() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("pack.pdf");
    let run = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["export", "syria-2024", "--atlas", "--theme", "dark", "-o"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let b = frontline::bundle::load_bundle(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/scenarios/syria-2024/scenario.ron"),
    )
    .unwrap();
    let g = frontline::scene::MapGeometry::of(&b);
    let atlas = frontline::export::atlas::atlas(
        &b,
        &g,
        &frontline::export::atlas::AtlasOptions {
            size: [1123, 794],
            theme: frontline::scene::Theme::Dark,
            dates: None,
        },
    )
    .unwrap();
    let moments: std::collections::BTreeSet<_> =
        b.scenario().key_moments.iter().map(|k| k.date).collect();
    assert_eq!(atlas.map_pages, moments.len());
    assert!(atlas.table_pages >= 1);
    let path = pdf.to_str().unwrap();
    let Some(info) = poppler("pdfinfo", &[path]) else {
        return;
    };
    assert!(
        info.contains(&format!("Pages:           {}", atlas.pages())),
        "{info}"
    );
    let fonts = poppler("pdffonts", &[path]).unwrap();
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "fonts embedded: {fonts}"
    );
    // Page 2 is the first key moment: its date, its caption and a capital's name as text.
    let first = b
        .scenario()
        .key_moments
        .iter()
        .min_by_key(|k| k.date)
        .unwrap();
    let page2 = poppler("pdftotext", &["-f", "2", "-l", "2", path, "-"]).unwrap();
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words(&page2).contains(&words(&frontline::scene::long_date(first.date))),
        "{page2}"
    );
    let caption_start: String = first
        .caption
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words(&page2).contains(&caption_start),
        "{caption_start} in {page2}"
    );
    assert!(page2.contains("Aleppo"));
    // The table: a change of holder with its report kind, and sources whose links work.
    let table = poppler(
        "pdftotext",
        &["-f", &(2 + atlas.map_pages).to_string(), path, "-"],
    )
    .unwrap();
    assert!(
        table.contains("Changes of holder") && table.contains("Hama"),
        "{table}"
    );
    let urls = poppler("pdfinfo", &["-url", path]).unwrap();
    assert!(
        urls.lines().any(|l| l.contains("https://")),
        "clickable links: {urls}"
    );
}
