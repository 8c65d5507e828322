//! MP4 through ffmpeg: frames are piped to ffmpeg's standard input as raw RGBA while they are
//! rendered, encoded as H.264 into a temporary file, and moved into place when ffmpeg is done.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

use image::RgbaImage;

use super::{ExportError, Result};
use crate::fsio::temporary_sibling;

/// The message given when ffmpeg is missing.
pub const NEEDS_FFMPEG: &str = "--mp4 needs ffmpeg on PATH (Debian/Ubuntu: sudo apt-get install ffmpeg); --gif and PNG frames work without it";

/// True when `ffmpeg` can be run.
pub fn ffmpeg_available() -> bool {
    Command::new("ffmpeg")
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// An MP4 being written by ffmpeg.
pub struct Mp4Writer {
    path: PathBuf,
    tmp: PathBuf,
    child: Option<Child>,
    stdin: Option<ChildStdin>,
    size: (u32, u32),
}

fn write_error(path: &Path, cause: impl ToString) -> ExportError {
    ExportError::Write {
        path: path.to_path_buf(),
        cause: cause.to_string(),
    }
}

impl Mp4Writer {
    /// Starts ffmpeg for `width`×`height` frames at `fps`.
    pub fn create(path: &Path, width: u32, height: u32, fps: f32) -> Result<Self> {
        if !ffmpeg_available() {
            return Err(ExportError::Argument(NEEDS_FFMPEG.into()));
        }
        // ffmpeg picks the container from the extension: keep ".mp4" at the end.
        let tmp = temporary_sibling(path).with_extension("tmp.mp4");
        let mut child = Command::new("ffmpeg")
            .args([
                "-y",
                "-loglevel",
                "error",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "rgba",
                "-s",
            ])
            .arg(format!("{width}x{height}"))
            .arg("-framerate")
            .arg(format!("{fps}"))
            .args(["-i", "-", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-vf"])
            .arg("pad=ceil(iw/2)*2:ceil(ih/2)*2")
            .arg(&tmp)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| write_error(path, format!("cannot start ffmpeg: {e}")))?;
        let stdin = child.stdin.take();
        Ok(Self {
            path: path.to_path_buf(),
            tmp,
            child: Some(child),
            stdin,
            size: (width, height),
        })
    }

    /// Sends one frame.
    pub fn add(&mut self, frame: &RgbaImage) -> Result<()> {
        if frame.dimensions() != self.size {
            return Err(ExportError::Render(format!(
                "an MP4 frame is {:?}, expected {:?}",
                frame.dimensions(),
                self.size
            )));
        }
        let Some(stdin) = self.stdin.as_mut() else {
            return Err(write_error(&self.path, "ffmpeg is not running"));
        };
        stdin
            .write_all(frame.as_raw())
            .map_err(|e| write_error(&self.path, format!("ffmpeg stopped reading frames: {e}")))
    }

    /// Closes the input, waits for ffmpeg and moves the file into place.
    pub fn finish(mut self) -> Result<()> {
        drop(self.stdin.take());
        let Some(child) = self.child.take() else {
            return Err(write_error(&self.path, "ffmpeg is not running"));
        };
        let output = child
            .wait_with_output()
            .map_err(|e| write_error(&self.path, e))?;
        if !output.status.success() {
            let _ = std::fs::remove_file(&self.tmp);
            return Err(write_error(
                &self.path,
                format!(
                    "ffmpeg failed: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                ),
            ));
        }
        std::fs::rename(&self.tmp, &self.path).map_err(|e| write_error(&self.path, e))
    }
}

impl Drop for Mp4Writer {
    fn drop(&mut self) {
        // Not finished: stop ffmpeg and remove the partial file.
        drop(self.stdin.take());
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}
