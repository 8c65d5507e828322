//! `frontline export`: one PNG for a date, or a sequence of dates as numbered PNG frames, an
//! animated GIF and/or an MP4. Shows a progress bar on a terminal and stays quiet otherwise.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;
use jiff::{Span, ToSpan};

use super::encode::{GifWriter, encode_mp4, frame_name, write_png};
use super::render::Renderer;
use super::{ExportError, FrameSpec, Result, check_writable};
use crate::app::scene::Theme;

/// Everything `frontline export` was asked to do.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// The scenario file.
    pub scenario: PathBuf,
    /// A single date (PNG to `output`).
    pub date: Option<Date>,
    /// First date of a sequence.
    pub from: Option<Date>,
    /// Last date of a sequence.
    pub to: Option<Date>,
    /// Step between frames of a sequence, in days.
    pub step_days: i32,
    /// PNG file (single date) or folder of numbered frames (sequence).
    pub output: Option<PathBuf>,
    /// Animated GIF to write.
    pub gif: Option<PathBuf>,
    /// MP4 to write (needs ffmpeg).
    pub mp4: Option<PathBuf>,
    /// Frame size and look.
    pub spec: FrameSpec,
    /// Time each GIF/MP4 frame is shown, ms.
    pub delay_ms: u32,
}

/// Parses a step such as `1d`, `2d` or `1w` into whole days.
pub fn parse_step(text: &str) -> std::result::Result<i32, String> {
    let err =
        || format!("\"{text}\" is not a step: write a number of days or weeks, e.g. 1d, 3d, 1w");
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

/// Runs an export; returns the files written.
pub fn run(req: &ExportRequest) -> Result<Vec<PathBuf>> {
    let dates = match (req.date, req.from, req.to) {
        (Some(d), None, None) => vec![d],
        (None, Some(from), Some(to)) if from <= to => sequence(from, to, req.step_days),
        (None, Some(from), Some(to)) => {
            return Err(ExportError::Argument(format!(
                "--from {from} is after --to {to}"
            )));
        }
        (Some(_), _, _) => {
            return Err(ExportError::Argument(
                "give either --date, or --from and --to, not both".into(),
            ));
        }
        _ => {
            return Err(ExportError::Argument(
                "give --date D, or --from D1 --to D2 for a sequence".into(),
            ));
        }
    };
    let single = req.date.is_some();
    if single && req.output.is_none() {
        return Err(ExportError::Argument(
            "give -o out.png for the image".into(),
        ));
    }
    if !single && req.output.is_none() && req.gif.is_none() && req.mp4.is_none() {
        return Err(ExportError::Argument(
            "give -o FOLDER for frames, --gif out.gif and/or --mp4 out.mp4".into(),
        ));
    }
    if req.mp4.is_some() && !super::encode::ffmpeg_available() {
        return Err(ExportError::Argument(
            "--mp4 needs ffmpeg on PATH (Debian/Ubuntu: sudo apt-get install ffmpeg); --gif and PNG frames work without it".into(),
        ));
    }
    // Check every output before the (slow) rendering starts.
    if single {
        check_writable(req.output.as_deref().unwrap_or(Path::new("out.png")))?;
    } else if let Some(dir) = &req.output {
        std::fs::create_dir_all(dir).map_err(|e| ExportError::Write {
            path: dir.clone(),
            cause: e.to_string(),
        })?;
        check_writable(&dir.join(frame_name(1)))?;
    }
    for out in [&req.gif, &req.mp4].into_iter().flatten() {
        check_writable(out)?;
    }

    let mut renderer = Renderer::new(&req.scenario, req.spec)?;
    let s = renderer.bundle().scenario();
    let (start, end) = (s.start, s.end);
    if let Some(outside) = dates.iter().find(|d| **d < start || **d > end) {
        return Err(ExportError::Argument(format!(
            "{outside} is outside the scenario's range {start} to {end}"
        )));
    }

    let mut written = Vec::new();
    if single {
        let out = req.output.clone().unwrap_or_default();
        let frame = renderer.render(dates[0])?;
        write_png(&out, &frame)?;
        written.push(out);
        return Ok(written);
    }

    let mp4_frames = match &req.mp4 {
        Some(_) if req.output.is_none() => {
            Some(tempfile::tempdir().map_err(|e| ExportError::Render(e.to_string()))?)
        }
        _ => None,
    };
    let frames_dir: Option<PathBuf> = req
        .output
        .clone()
        .or(mp4_frames.as_ref().map(|d| d.path().to_path_buf()));
    let mut gif = match &req.gif {
        Some(path) => Some(GifWriter::create(
            path,
            req.spec.width,
            req.spec.height,
            req.delay_ms,
            req.delay_ms.max(500) * 4,
        )?),
        None => None,
    };
    let bar = progress(dates.len());
    for (i, date) in dates.iter().enumerate() {
        bar.set_message(date.to_string());
        let frame = renderer.render(*date)?;
        if let Some(dir) = &frames_dir {
            let path = dir.join(frame_name(i + 1));
            write_png(&path, &frame)?;
            if req.output.is_some() {
                written.push(path);
            }
        }
        if let Some(g) = gif.as_mut() {
            g.add(&frame)?;
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    if let (Some(g), Some(path)) = (gif, &req.gif) {
        g.finish()?;
        written.push(path.clone());
    }
    if let (Some(out), Some(dir)) = (&req.mp4, &frames_dir) {
        encode_mp4(dir, 1000.0 / req.delay_ms.max(1) as f32, out)?;
        written.push(out.clone());
    }
    Ok(written)
}

/// The theme named on the command line.
pub fn theme_of(dark: bool) -> Theme {
    if dark { Theme::Dark } else { Theme::Light }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn steps_and_sequences() {
        assert_eq!(parse_step("1d"), Ok(1));
        assert_eq!(parse_step("3d"), Ok(3));
        assert_eq!(parse_step("1w"), Ok(7));
        assert!(parse_step("1h").is_err());
        assert!(parse_step("0d").is_err());
        assert!(parse_step("soon").is_err());
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
}
