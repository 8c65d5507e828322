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
