//! Writing frames: PNG (byte-identical for identical frames), animated GIF, MP4 through ffmpeg.
//! Every file is written to a temporary file and renamed, so a failure leaves no partial file.

use std::path::{Path, PathBuf};
use std::process::Command;

use image::RgbaImage;

use super::{ExportError, Result};
use crate::cli::{temporary_sibling, write_atomically};

fn write_error(path: &Path, cause: impl ToString) -> ExportError {
    ExportError::Write {
        path: path.to_path_buf(),
        cause: cause.to_string(),
    }
}

/// Encodes a frame as PNG bytes.
pub fn png_bytes(frame: &RgbaImage) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new(&mut out);
    image::ImageEncoder::write_image(
        encoder,
        frame.as_raw(),
        frame.width(),
        frame.height(),
        image::ExtendedColorType::Rgba8,
    )
    .map_err(|e| ExportError::Render(format!("PNG encoding failed: {e}")))?;
    Ok(out)
}

/// Writes a frame as a PNG file.
pub fn write_png(path: &Path, frame: &RgbaImage) -> Result<()> {
    write_atomically(path, &png_bytes(frame)?).map_err(|e| write_error(path, e))
}

/// Collects frames into an animated GIF: each shown `delay_ms`, the last `hold_ms`.
pub struct GifWriter {
    path: PathBuf,
    tmp: PathBuf,
    encoder: Option<gif::Encoder<std::fs::File>>,
    pending: Option<gif::Frame<'static>>,
    delay_ms: u32,
    hold_ms: u32,
}

impl GifWriter {
    /// Starts a GIF at `path` (`width`×`height`, looping forever).
    pub fn create(
        path: &Path,
        width: u32,
        height: u32,
        delay_ms: u32,
        hold_ms: u32,
    ) -> Result<Self> {
        let (w, h) = (
            u16::try_from(width).map_err(|_| {
                ExportError::Argument("GIF frames are at most 65535 pixels wide".into())
            })?,
            u16::try_from(height).map_err(|_| {
                ExportError::Argument("GIF frames are at most 65535 pixels high".into())
            })?,
        );
        let tmp = temporary_sibling(path);
        let file = std::fs::File::create(&tmp).map_err(|e| write_error(path, e))?;
        let mut encoder = gif::Encoder::new(file, w, h, &[]).map_err(|e| write_error(path, e))?;
        encoder
            .set_repeat(gif::Repeat::Infinite)
            .map_err(|e| write_error(path, e))?;
        Ok(Self {
            path: path.to_path_buf(),
            tmp,
            encoder: Some(encoder),
            pending: None,
            delay_ms,
            hold_ms,
        })
    }

    /// Adds a frame (quantised to 256 colours; the previous one is written now).
    pub fn add(&mut self, frame: &RgbaImage) -> Result<()> {
        self.flush_pending(self.delay_ms)?;
        let mut pixels = frame.as_raw().clone();
        let mut f = gif::Frame::from_rgba_speed(
            frame.width() as u16,
            frame.height() as u16,
            &mut pixels,
            10,
        );
        f.delay = 0;
        self.pending = Some(f);
        Ok(())
    }

    fn flush_pending(&mut self, delay_ms: u32) -> Result<()> {
        if let (Some(mut f), Some(encoder)) = (self.pending.take(), self.encoder.as_mut()) {
            f.delay = (delay_ms / 10).min(u32::from(u16::MAX)) as u16;
            encoder
                .write_frame(&f)
                .map_err(|e| write_error(&self.path, e))?;
        }
        Ok(())
    }

    /// Writes the last frame (held longer) and moves the file into place.
    pub fn finish(mut self) -> Result<()> {
        self.flush_pending(self.hold_ms)?;
        drop(self.encoder.take());
        std::fs::rename(&self.tmp, &self.path).map_err(|e| write_error(&self.path, e))
    }
}

impl Drop for GifWriter {
    fn drop(&mut self) {
        // Not finished: remove the partial file.
        if self.encoder.is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// True when `ffmpeg` can be run.
pub fn ffmpeg_available() -> bool {
    Command::new("ffmpeg")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Encodes numbered PNG frames (`frame_00001.png`…) in `dir` into an H.264 MP4.
pub fn encode_mp4(dir: &Path, fps: f32, out: &Path) -> Result<()> {
    if !ffmpeg_available() {
        return Err(ExportError::Argument(
            "--mp4 needs ffmpeg on PATH (Debian/Ubuntu: sudo apt-get install ffmpeg); --gif and PNG frames work without it".into(),
        ));
    }
    // ffmpeg picks the container from the extension: keep ".mp4" at the end.
    let tmp = temporary_sibling(out).with_extension("tmp.mp4");
    let result = Command::new("ffmpeg")
        .args(["-y", "-loglevel", "error", "-framerate"])
        .arg(format!("{fps}"))
        .arg("-i")
        .arg(dir.join("frame_%05d.png"))
        .args([
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-vf",
            "pad=ceil(iw/2)*2:ceil(ih/2)*2",
        ])
        .arg(&tmp)
        .output()
        .map_err(|e| write_error(out, e))?;
    if !result.status.success() {
        let _ = std::fs::remove_file(&tmp);
        return Err(write_error(
            out,
            format!(
                "ffmpeg failed: {}",
                String::from_utf8_lossy(&result.stderr).trim()
            ),
        ));
    }
    std::fs::rename(&tmp, out).map_err(|e| write_error(out, e))
}

/// The file name of frame `n` (1-based) in a sequence.
pub fn frame_name(n: usize) -> String {
    format!("frame_{n:05}.png")
}
