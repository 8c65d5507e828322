//! Running `frontline export`: one PNG or SVG for a date, or a sequence of dates as numbered
//! frames, an animated GIF and/or an MP4. Every argument and output is checked before the
//! first frame is drawn. Sequences render frames in parallel (one worker per core) while the
//! main thread writes them in order, appends them to the GIF and pipes them to ffmpeg. Shows a
//! progress bar on a terminal and stays quiet otherwise.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;

use image::RgbaImage;
use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;
use jiff::{Span, ToSpan};
use rayon::prelude::*;

use super::render::Renderer;
use super::video::{Mp4Writer, NEEDS_FFMPEG, ffmpeg_available};
use super::{ExportError, FrameSpec, Result, check_writable};
use crate::fsio::{GifWriter, gif_frame, png_bytes, write_atomically};
use crate::paint::{self, Format};
use crate::scene::text::with_fonts;

/// Everything `frontline export` was asked to do.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// The scenario file.
    pub scenario: PathBuf,
    /// A single date (one picture to `output`).
    pub date: Option<Date>,
    /// First date of a sequence.
    pub from: Option<Date>,
    /// Last date of a sequence.
    pub to: Option<Date>,
    /// Step between frames of a sequence.
    pub step: Step,
    /// How many frames `Step::Auto` aims at for a sequence (a grid fills its cells instead).
    pub frames: Option<u32>,
    /// The picture (single date), or where a sequence's frames go: a folder (PNG frames) or a
    /// file name whose extension picks the format (`out/fall.svg` → `out/fall_00001.svg`…).
    pub output: Option<PathBuf>,
    /// Animated GIF to write.
    pub gif: Option<PathBuf>,
    /// MP4 to write (needs ffmpeg).
    pub mp4: Option<PathBuf>,
    /// Frame size and look.
    pub spec: FrameSpec,
    /// Time each GIF/MP4 frame is shown, ms.
    pub delay_ms: u32,
    /// Small multiples: the sequence's dates as one picture of this many columns and rows.
    pub grid: Option<[u32; 2]>,
    /// The HTML page's theme; None follows the reader's setting.
    pub html_theme: Option<crate::scene::Theme>,
    /// The HTML page's title (default: the scenario's).
    pub title: Option<String>,
    /// Write a briefing pack (PDF) instead: title page, key moments, table of changes.
    pub atlas: bool,
}

/// The step between the dates of a sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Every this many days.
    Days(i32),
    /// The smallest whole number of days that fits the range into the grid's cells, or into
    /// `--frames` (default [`AUTO_FRAMES`]).
    Auto,
}

/// The frames `--step auto` aims at without `--frames` or `--grid`: a GIF of a whole war that
/// stays small and quick to watch.
pub const AUTO_FRAMES: u32 = 60;

/// Parses a step: `auto`, or days or weeks such as `1d`, `2d` or `1w`.
pub fn parse_step(text: &str) -> std::result::Result<Step, String> {
    if text.trim().eq_ignore_ascii_case("auto") {
        return Ok(Step::Auto);
    }
    parse_step_days(text).map(Step::Days)
}

/// The smallest step in days with which at most `count` dates, the first on `from`, reach the
/// end of `from..=to` (the last date lies within a step of `to`, on it when the span divides).
pub fn auto_step(from: Date, to: Date, count: u32) -> i32 {
    let span = i64::from((to - from).get_days().max(0));
    match i64::from(count.max(1)) - 1 {
        0 => i32::try_from(span + 1).unwrap_or(i32::MAX),
        gaps => i32::try_from(((span + gaps - 1) / gaps).max(1)).unwrap_or(i32::MAX),
    }
}

/// Parses a step such as `1d`, `2d` or `1w` into whole days.
fn parse_step_days(text: &str) -> std::result::Result<i32, String> {
    let err = || {
        format!(
            "\"{text}\" is not a step: write a number of days or weeks, e.g. 1d, 3d, 1w, or auto"
        )
    };
    let span: Span = text.trim().parse().map_err(|_| err())?;
    let days = span.get_weeks() * 7 + span.get_days();
    let only_days = span.fieldwise() == span.get_weeks().weeks().days(span.get_days()).fieldwise();
    if !only_days || days <= 0 {
        return Err(err());
    }
    Ok(days)
}

/// The dates of a sequence from `from` to `to` (inclusive) every `step` days.
pub fn sequence(from: Date, to: Date, step: i32) -> Vec<Date> {
    let mut dates = Vec::new();
    let mut d = from;
    while d <= to {
        dates.push(d);
        match d.checked_add(step.days()) {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    dates
}

/// Where a sequence's numbered frames go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameNames {
    /// The folder.
    pub dir: PathBuf,
    /// The name before the number.
    pub stem: String,
    /// PNG or SVG.
    pub format: Format,
}

impl FrameNames {
    /// Reads `-o` for a sequence: a path ending in `.png` or `.svg` names the frames
    /// (`fall.svg` → `fall_00001.svg`), anything else is a folder of `frame_00001.png`….
    pub fn of_output(output: &Path) -> Self {
        match Format::of_path(output) {
            Ok(format) => Self {
                dir: output
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
                    .to_path_buf(),
                stem: output
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "frame".into()),
                format,
            },
            Err(_) => Self {
                dir: output.to_path_buf(),
                stem: "frame".into(),
                format: Format::Png,
            },
        }
    }

    /// The path of frame `n` (1-based).
    pub fn path(&self, n: usize) -> PathBuf {
        self.dir
            .join(format!("{}_{n:05}.{}", self.stem, self.format.extension()))
    }
}

fn progress(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} rendering [{bar:30}] {pos}/{len} frames, {eta} left {msg}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// What a worker made of one date.
struct Rendered {
    file: Option<Vec<u8>>,
    gif: Option<gif::Frame<'static>>,
    raw: Option<RgbaImage>,
}

/// The step in days of a sequence from `from` to `to`, `--step auto` resolved.
fn step_days(req: &ExportRequest, from: Date, to: Date) -> i32 {
    match (req.step, req.grid) {
        (Step::Days(d), _) => d,
        (Step::Auto, Some([c, r])) => auto_step(from, to, c * r),
        (Step::Auto, None) => auto_step(from, to, req.frames.unwrap_or(AUTO_FRAMES)),
    }
}

/// Checks the dates asked for.
fn dates_of(req: &ExportRequest) -> Result<Vec<Date>> {
    if let (Some(_), Step::Days(d)) = (req.frames, req.step) {
        return Err(ExportError::Argument(format!(
            "--frames sets the count for --step auto; leave out --step {d}d or use --step auto"
        )));
    }
    match (req.date, req.from, req.to) {
        (Some(d), None, None) => Ok(vec![d]),
        (None, Some(from), Some(to)) if from <= to => {
            Ok(sequence(from, to, step_days(req, from, to)))
        }
        (None, Some(from), Some(to)) => Err(ExportError::Argument(format!(
            "--from {from} is after --to {to}"
        ))),
        (Some(_), _, _) => Err(ExportError::Argument(
            "give either --date, or --from and --to, not both".into(),
        )),
        _ => Err(ExportError::Argument(
            "give --date D, or --from D1 --to D2 for a sequence".into(),
        )),
    }
}

/// Parses `CxR` (columns × rows, 1 to 12 each), e.g. `3x2`.
pub fn parse_grid(text: &str) -> std::result::Result<[u32; 2], String> {
    let err = || format!("\"{text}\" is not a grid: write COLUMNSxROWS, e.g. 3x2 (1 to 12 each)");
    let (c, r) = text.trim().split_once(['x', 'X', '×']).ok_or_else(err)?;
    let c: u32 = c.trim().parse().map_err(|_| err())?;
    let r: u32 = r.trim().parse().map_err(|_| err())?;
    if !(1..=12).contains(&c) || !(1..=12).contains(&r) {
        return Err(err());
    }
    Ok([c, r])
}

/// Writes small multiples: one picture of a grid of maps.
fn run_grid(req: &ExportRequest, grid: [u32; 2], dates: &[Date]) -> Result<Vec<PathBuf>> {
    let Some(out) = &req.output else {
        return Err(ExportError::Argument(
            "give -o out.png (or out.svg) for the small multiples".into(),
        ));
    };
    let format = Format::of_path(out).map_err(ExportError::Argument)?;
    if req.gif.is_some() || req.mp4.is_some() {
        return Err(ExportError::Argument(
            "--grid makes one picture; leave out --gif and --mp4".into(),
        ));
    }
    let cells = (grid[0] * grid[1]) as usize;
    if dates.len() > cells {
        return Err(ExportError::Argument(format!(
            "{} dates do not fit a {}x{} grid ({cells} maps): use --step auto, a larger --step or a larger grid",
            dates.len(),
            grid[0],
            grid[1]
        )));
    }
    check_writable(out)?;
    let renderer = Renderer::new(&req.scenario, req.spec)?;
    check_range(&renderer, dates)?;
    let bytes = with_fonts(|fonts| {
        let step = match dates {
            [a, b, ..] => (*b - *a).get_days(),
            _ => 1,
        };
        let frame = renderer.grid_frame_with(dates, grid, step, fonts);
        paint::encode(&frame, format, fonts)
    })
    .map_err(ExportError::Render)?;
    write_atomically(out, &bytes)?;
    Ok(vec![out.clone()])
}

/// Writes the interactive HTML page, opening on `--date` (default: the scenario's last day).
fn run_atlas(req: &ExportRequest) -> Result<Vec<PathBuf>> {
    let out = match &req.output {
        Some(out) if Format::of_path(out) == Ok(Format::Pdf) => out,
        _ => {
            return Err(ExportError::Argument(
                "an atlas is a PDF: give -o pack.pdf".into(),
            ));
        }
    };
    check_writable(out)?;
    let renderer = Renderer::new(&req.scenario, req.spec)?;
    let dates = if req.from.is_some() {
        let dates = dates_of(req)?;
        check_range(&renderer, &dates)?;
        Some(dates)
    } else {
        None
    };
    let atlas = super::atlas::atlas(
        renderer.bundle(),
        renderer.geometry(),
        &super::atlas::AtlasOptions {
            size: [req.spec.width, req.spec.height],
            theme: req.spec.theme,
            dates,
        },
    )?;
    write_atomically(out, &atlas.pdf)?;
    Ok(vec![out.clone()])
}

fn run_html(req: &ExportRequest) -> Result<Vec<PathBuf>> {
    let Some(out) = &req.output else {
        return Err(ExportError::Argument("give -o map.html".into()));
    };
    if req.from.is_some() {
        return Err(ExportError::Argument(
            "an HTML page holds every date and opens on one: give --date D (or nothing for the last day), not --from/--to".into(),
        ));
    }
    if req.gif.is_some()
        || req.mp4.is_some()
        || req.grid.is_some()
        || req.spec.compare_from.is_some()
    {
        return Err(ExportError::Argument(
            "an HTML page is one file: leave out --gif, --mp4, --grid and --compare".into(),
        ));
    }
    check_writable(out)?;
    let renderer = Renderer::new(&req.scenario, req.spec)?;
    check_range(&renderer, &req.date.into_iter().collect::<Vec<_>>())?;
    let opts = super::html::HtmlOptions {
        theme: req.html_theme,
        date: req.date,
        title: req.title.clone(),
        size: [req.spec.width, req.spec.height],
    };
    let page = with_fonts(|fonts| {
        super::html::html_page_with(renderer.bundle(), renderer.geometry(), &opts, fonts)
    })?;
    write_atomically(out, page.as_bytes())?;
    Ok(vec![out.clone()])
}

/// Refuses dates outside the scenario's range.
fn check_range(renderer: &Renderer, dates: &[Date]) -> Result<()> {
    let s = renderer.bundle().scenario();
    let (start, end) = (s.start, s.end);
    match dates.iter().find(|d| **d < start || **d > end) {
        Some(outside) => Err(ExportError::Argument(format!(
            "{outside} is outside the scenario's range {start} to {end}"
        ))),
        None => Ok(()),
    }
}

/// Runs an export; returns the files written.
pub fn run(req: &ExportRequest) -> Result<Vec<PathBuf>> {
    if req.atlas {
        return run_atlas(req);
    }
    if req.output.as_deref().is_some_and(super::html::is_html_path) {
        return run_html(req);
    }
    let dates = dates_of(req)?;
    if let Some(grid) = req.grid {
        if req.date.is_some() {
            return Err(ExportError::Argument(
                "--grid needs --from and --to (and --step)".into(),
            ));
        }
        return run_grid(req, grid, &dates);
    }
    if let Some(since) = req.spec.compare_from
        && dates.iter().any(|d| *d < since)
    {
        return Err(ExportError::Argument(format!(
            "--compare: {since} must come before the date compared with it"
        )));
    }
    let single = req.date.is_some();
    let single_format = match (&req.output, single) {
        (Some(out), true) => Some(Format::of_path(out).map_err(ExportError::Argument)?),
        (None, true) => {
            return Err(ExportError::Argument(
                "give -o out.png (or out.svg) for the picture".into(),
            ));
        }
        _ => None,
    };
    if !single && req.output.is_none() && req.gif.is_none() && req.mp4.is_none() {
        return Err(ExportError::Argument(
            "give -o FOLDER (or -o FOLDER/name.svg) for frames, --gif out.gif and/or --mp4 out.mp4"
                .into(),
        ));
    }
    if req.mp4.is_some() && !ffmpeg_available() {
        return Err(ExportError::Argument(NEEDS_FFMPEG.into()));
    }
    // Check every output before the first frame is drawn.
    let frames = if single {
        if let Some(out) = &req.output {
            check_writable(out)?;
        }
        None
    } else if let Some(out) = &req.output {
        let names = FrameNames::of_output(out);
        std::fs::create_dir_all(&names.dir).map_err(|e| ExportError::Write {
            path: names.dir.clone(),
            cause: e.to_string(),
        })?;
        check_writable(&names.path(1))?;
        Some(names)
    } else {
        None
    };
    for out in [&req.gif, &req.mp4].into_iter().flatten() {
        check_writable(out)?;
    }

    let renderer = Renderer::new(&req.scenario, req.spec)?;
    check_range(&renderer, &dates)?;

    if let (Some(format), Some(out)) = (single_format, &req.output) {
        let bytes = renderer.encode(dates[0], format)?;
        write_atomically(out, &bytes)?;
        return Ok(vec![out.clone()]);
    }
    run_sequence(req, &renderer, &dates, frames)
}

fn run_sequence(
    req: &ExportRequest,
    renderer: &Renderer,
    dates: &[Date],
    frames: Option<FrameNames>,
) -> Result<Vec<PathBuf>> {
    let spec = renderer.spec();
    let (w, h) = (spec.width, spec.height);
    let mut gif = match &req.gif {
        Some(path) => Some(GifWriter::create(
            path,
            w,
            h,
            req.delay_ms,
            req.delay_ms.max(500) * 4,
        )?),
        None => None,
    };
    let mut mp4 = match &req.mp4 {
        Some(path) => Some(Mp4Writer::create(
            path,
            w,
            h,
            1000.0 / req.delay_ms.max(1) as f32,
        )?),
        None => None,
    };
    let file_format = frames.as_ref().map(|f| f.format);
    let want_gif = gif.is_some();
    let want_raw = mp4.is_some();
    let stop = AtomicBool::new(false);
    let bar = progress(dates.len());
    let mut written = Vec::new();
    let (tx, rx) = sync_channel::<(usize, Result<Rendered>)>(4);
    let consumed: Result<()> = std::thread::scope(|scope| {
        // Owned here, so returning early drops it and the workers' sends fail instead of
        // blocking.
        let rx = rx;
        let stop = &stop;
        scope.spawn(move || {
            dates
                .par_iter()
                .enumerate()
                .for_each_with(tx, |tx, (i, date)| {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let rendered = with_fonts(|fonts| {
                        let frame = renderer.frame_with(*date, fonts);
                        let needs_pixels = want_gif || want_raw || file_format == Some(Format::Png);
                        let pixels = needs_pixels.then(|| paint::rasterize(&frame, fonts));
                        let file = match (file_format, &pixels) {
                            (Some(Format::Svg), _) => Some(paint::to_svg(&frame).into_bytes()),
                            (Some(Format::Pdf), _) => Some(
                                paint::pdf::svg_to_pdf(&paint::to_svg(&frame))
                                    .map_err(ExportError::Render)?,
                            ),
                            (Some(Format::Png), Some(p)) => {
                                Some(png_bytes(p).map_err(ExportError::Render)?)
                            }
                            _ => None,
                        };
                        let gif = match (&pixels, want_gif) {
                            (Some(p), true) => Some(gif_frame(p)),
                            _ => None,
                        };
                        Ok(Rendered {
                            file,
                            gif,
                            raw: pixels.filter(|_| want_raw),
                        })
                    });
                    let _ = tx.send((i, rendered));
                });
        });
        let mut pending = BTreeMap::new();
        let mut next = 0;
        for (i, rendered) in rx.iter() {
            pending.insert(i, rendered);
            while let Some(rendered) = pending.remove(&next) {
                let result = (|| -> Result<()> {
                    let r = rendered?;
                    bar.set_message(dates[next].to_string());
                    if let (Some(names), Some(bytes)) = (&frames, &r.file) {
                        let path = names.path(next + 1);
                        write_atomically(&path, bytes)?;
                        written.push(path);
                    }
                    if let (Some(g), Some(f)) = (gif.as_mut(), r.gif) {
                        g.add(f)?;
                    }
                    if let (Some(m), Some(raw)) = (mp4.as_mut(), &r.raw) {
                        m.add(raw)?;
                    }
                    bar.inc(1);
                    Ok(())
                })();
                if let Err(e) = result {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
                next += 1;
            }
        }
        Ok(())
    });
    bar.finish_and_clear();
    consumed?;
    if let (Some(g), Some(path)) = (gif, &req.gif) {
        g.finish()?;
        written.push(path.clone());
    }
    if let (Some(m), Some(path)) = (mp4, &req.mp4) {
        m.finish()?;
        written.push(path.clone());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn steps_and_sequences() {
        assert_eq!(parse_step("1d"), Ok(Step::Days(1)));
        assert_eq!(parse_step("3d"), Ok(Step::Days(3)));
        assert_eq!(parse_step("1w"), Ok(Step::Days(7)));
        assert_eq!(parse_step("Auto"), Ok(Step::Auto));
        assert!(parse_step("1h").is_err());
        assert!(parse_step("0d").is_err());
        assert!(parse_step("soon").is_err());
        // Auto: the smallest step with which `count` dates reach the end of the range.
        let (from, to) = (date(2023, 4, 15), date(2025, 10, 31));
        let span = (to - from).get_days();
        for count in [1, 2, 6, 12, 60, 2000] {
            let step = auto_step(from, to, count);
            let n = sequence(from, to, step).len();
            assert!(n <= count as usize, "{count}: {n} dates");
            if step > 1 && count > 1 {
                assert!((step - 1) * (count as i32 - 1) < span, "{count}");
            }
        }
        // Six maps of the whole war: the first on the first day, the last on the last.
        let six = sequence(from, to, auto_step(from, to, 6));
        assert_eq!((six.len(), six[0], six[5]), (6, from, to));
        assert_eq!(auto_step(from, from, 6), 1);
        let s = sequence(date(2021, 8, 1), date(2021, 8, 10), 3);
        assert_eq!(
            s,
            vec![
                date(2021, 8, 1),
                date(2021, 8, 4),
                date(2021, 8, 7),
                date(2021, 8, 10)
            ]
        );
    }

    #[test]
    fn frame_names_follow_the_output() {
        let folder = FrameNames::of_output(Path::new("out/frames"));
        assert_eq!(folder.path(3), Path::new("out/frames/frame_00003.png"));
        let svg = FrameNames::of_output(Path::new("out/fall.svg"));
        assert_eq!(svg.path(12), Path::new("out/fall_00012.svg"));
        let here = FrameNames::of_output(Path::new("fall.png"));
        assert_eq!(here.path(1), Path::new("./fall_00001.png"));
    }
}
