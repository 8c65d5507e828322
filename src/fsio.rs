//! Files in and out, shared by every layer: bounded reads (only regular files, each kind of
//! file with a size limit, so a FIFO, a device or a runaway file cannot exhaust memory),
//! atomic writes (a temporary file in the same folder, then a rename, so a failure never leaves
//! a partial file), and encoding frames as PNG and animated GIF. The loaders, the window (F12
//! images), the export command and the import command all read and write through here.

use std::io::Write;
use std::path::{Path, PathBuf};

use image::RgbaImage;

/// Why a file could not be written or a frame not encoded.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The file system refused.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The encoder refused the frame.
    #[error("cannot encode {}: {cause}", path.display())]
    Encode {
        /// The file.
        path: PathBuf,
        /// Why.
        cause: String,
    },
}

/// Result alias for file output.
pub type Result<T> = std::result::Result<T, OutputError>;

/// Why an input file was not read: what happened, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// What is wrong, naming the file.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// A size in bytes for people: `1.5 GB`, `34 MB`, `812 kB`.
pub fn human_size(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.1} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.0} MB", b / 1e6)
    } else if b >= 1e3 {
        format!("{:.0} kB", b / 1e3)
    } else {
        format!("{bytes} bytes")
    }
}

/// Opens a file for reading if it is a regular file no larger than `max` bytes. `what` names
/// the kind of file in messages ("scenario file", "boundaries file").
pub fn open_input(
    path: &Path,
    max: u64,
    what: &str,
) -> std::result::Result<std::fs::File, InputError> {
    let meta = std::fs::metadata(path).map_err(|e| InputError {
        message: format!("cannot read the {what}: {e}"),
        help: (e.kind() == std::io::ErrorKind::NotFound)
            .then(|| format!("check the path; the {what} does not exist")),
    })?;
    if !meta.is_file() {
        let kind = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a device, pipe or socket)"
        };
        return Err(InputError {
            message: format!("the {what} is {kind}"),
            help: Some(format!("give the path of a regular file as the {what}")),
        });
    }
    if meta.len() > max {
        return Err(InputError {
            message: format!(
                "the {what} is {} ({} bytes); the limit is {}",
                human_size(meta.len()),
                meta.len(),
                human_size(max)
            ),
            help: Some(if what.contains("events") {
                "split the events into several events files (each listed in `events_files`), e.g. one per year".into()
            } else {
                "shrink it: simplify boundaries (`mapshaper in.geojson -simplify 10% -o out.geojson`, or `ogr2ogr -simplify 0.01 out.geojson in.geojson`), or cut out the region you need (`frontline import-boundaries --filter`)".into()
            }),
        });
    }
    std::fs::File::open(path).map_err(|e| InputError {
        message: format!("cannot read the {what}: {e}"),
        help: None,
    })
}

/// Reads a regular file of at most `max` bytes as UTF-8 text. Reads at most `max + 1` bytes,
/// so a file growing while it is read cannot take more.
pub fn read_text(path: &Path, max: u64, what: &str) -> std::result::Result<String, InputError> {
    use std::io::Read;
    let file = open_input(path, max, what)?;
    // The whole file at once, without the doubling a growing buffer does (a 121 MB file would
    // otherwise take 134 MB); one byte more to see the end.
    let size = file.metadata().map_or(0, |m| m.len()).min(max);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError {
            message: format!("cannot read the {what}: {e}"),
            help: None,
        })?;
    if bytes.len() as u64 > max {
        return Err(InputError {
            message: format!(
                "the {what} grew past the limit of {} while being read",
                human_size(max)
            ),
            help: None,
        });
    }
    String::from_utf8(bytes).map_err(|e| InputError {
        message: format!(
            "the {what} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
        help: Some("save it as UTF-8".into()),
    })
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A hidden temporary file beside `path` (same folder, so a rename onto `path` is atomic).
pub fn temporary_sibling(path: &Path) -> PathBuf {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes a file through a temporary file in the same folder and a rename, so a failure never
/// leaves a partial file behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temporary_sibling(path);
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io_error(path))
}

/// A file-name-safe slug of a title: `afghanistan-2021-the-fall-of-…`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(60).collect()
}

/// Encodes an RGBA frame as PNG bytes: fast compression (fdeflate), the same bytes for the
/// same pixels on every machine.
pub fn png_bytes(frame: &RgbaImage) -> std::result::Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(frame.as_raw().len() / 8);
    {
        let mut encoder = png::Encoder::new(&mut out, frame.width(), frame.height());
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer
            .write_image_data(frame.as_raw())
            .map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Writes a frame as a PNG file, atomically.
pub fn write_png(path: &Path, frame: &RgbaImage) -> Result<()> {
    let bytes = png_bytes(frame).map_err(|cause| OutputError::Encode {
        path: path.to_path_buf(),
        cause,
    })?;
    write_atomically(path, &bytes)
}

/// Quantises a frame to a GIF frame of at most 256 colours and compresses it. Slow (NeuQuant,
/// LZW): call it on worker threads, then hand the frames to a [`GifWriter`] in order.
pub fn gif_frame(frame: &RgbaImage) -> gif::Frame<'static> {
    let mut pixels = frame.as_raw().clone();
    let mut f = gif::Frame::from_rgba_speed(
        frame.width().min(u32::from(u16::MAX)) as u16,
        frame.height().min(u32::from(u16::MAX)) as u16,
        &mut pixels,
        10,
    );
    f.make_lzw_pre_encoded();
    f
}

/// Writes an animated GIF frame by frame: each shown `delay_ms`, the last `hold_ms`. The file is
/// written under a temporary name and moved into place by [`GifWriter::finish`]; dropped
/// unfinished, it removes the partial file.
pub struct GifWriter {
    path: PathBuf,
    tmp: PathBuf,
    encoder: Option<gif::Encoder<std::io::BufWriter<std::fs::File>>>,
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
        let encode_error = |cause: String| OutputError::Encode {
            path: path.to_path_buf(),
            cause,
        };
        let w = u16::try_from(width)
            .map_err(|_| encode_error("GIF frames are at most 65535 pixels wide".into()))?;
        let h = u16::try_from(height)
            .map_err(|_| encode_error("GIF frames are at most 65535 pixels high".into()))?;
        let tmp = temporary_sibling(path);
        let file = std::fs::File::create(&tmp).map_err(io_error(path))?;
        let mut writer = Self {
            path: path.to_path_buf(),
            tmp,
            encoder: None,
            pending: None,
            delay_ms,
            hold_ms,
        };
        let mut encoder = gif::Encoder::new(std::io::BufWriter::new(file), w, h, &[])
            .map_err(|e| encode_error(e.to_string()))?;
        encoder
            .set_repeat(gif::Repeat::Infinite)
            .map_err(|e| encode_error(e.to_string()))?;
        writer.encoder = Some(encoder);
        Ok(writer)
    }

    /// Adds a frame (from [`gif_frame`]); the previous one is written now.
    pub fn add(&mut self, frame: gif::Frame<'static>) -> Result<()> {
        self.flush_pending(self.delay_ms)?;
        self.pending = Some(frame);
        Ok(())
    }

    fn flush_pending(&mut self, delay_ms: u32) -> Result<()> {
        if let (Some(mut f), Some(encoder)) = (self.pending.take(), self.encoder.as_mut()) {
            f.delay = (delay_ms / 10).min(u32::from(u16::MAX)) as u16;
            encoder
                .write_lzw_pre_encoded_frame(&f)
                .map_err(|e| OutputError::Encode {
                    path: self.path.clone(),
                    cause: e.to_string(),
                })?;
        }
        Ok(())
    }

    /// Writes the last frame (held longer) and moves the file into place.
    pub fn finish(mut self) -> Result<()> {
        self.flush_pending(self.hold_ms)?;
        if let Some(encoder) = self.encoder.take() {
            let mut inner = encoder.into_inner().map_err(io_error(&self.path))?;
            inner.flush().map_err(io_error(&self.path))?;
        }
        std::fs::rename(&self.tmp, &self.path).map_err(io_error(&self.path))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_atomically(&path, b"hello").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"hello");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
        let err = write_atomically(&dir.path().join("missing/a.txt"), b"x").unwrap_err();
        assert!(err.to_string().contains("missing/a.txt"), "{err}");
    }

    #[test]
    fn inputs_must_be_regular_files_within_their_limit() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_text(dir.path(), 1000, "scenario file").unwrap_err();
        assert!(err.message.contains("is a folder"), "{err:?}");
        let err = read_text(Path::new("/dev/zero"), 1000, "events file").unwrap_err();
        assert!(err.message.contains("not a regular file"), "{err:?}");
        let big = dir.path().join("big.ron");
        std::fs::write(&big, vec![b' '; 5000]).unwrap();
        let err = read_text(&big, 1000, "events file").unwrap_err();
        assert!(
            err.message.contains("5 kB (5000 bytes); the limit is 1 kB"),
            "{err:?}"
        );
        assert!(err.help.unwrap().contains("split"));
        let missing = read_text(&dir.path().join("nope"), 1000, "scenario file").unwrap_err();
        assert!(missing.help.unwrap().contains("does not exist"));
        std::fs::write(&big, [0xff, 0xfe]).unwrap();
        assert!(
            read_text(&big, 1000, "x")
                .unwrap_err()
                .message
                .contains("not UTF-8")
        );
    }

    #[test]
    fn slugs_are_file_name_safe() {
        assert_eq!(
            slug("Afghanistan 2021: the fall!"),
            "afghanistan-2021-the-fall"
        );
    }

    #[test]
    fn png_round_trips_and_is_deterministic() {
        let mut img = RgbaImage::new(7, 5);
        img.put_pixel(3, 2, image::Rgba([10, 20, 30, 255]));
        let a = png_bytes(&img).unwrap();
        assert_eq!(a, png_bytes(&img).unwrap());
        let back = image::load_from_memory(&a).unwrap().to_rgba8();
        assert_eq!(back, img);
    }
}
