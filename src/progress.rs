//! Progress of long work (loading a large scenario, exporting many frames), shared between the
//! thread doing it and whoever shows it: an egui bar in the window, an indicatif bar on the
//! command line. Plain std; no Bevy.

use std::io::Read;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long work runs before progress is shown.
pub const SHOW_AFTER: Duration = Duration::from_millis(500);

/// What a piece of work is doing and how far along it is.
#[derive(Debug)]
pub struct Progress {
    started: Instant,
    stage: Mutex<&'static str>,
    /// Fraction done of the whole work, in millionths.
    done_millionths: AtomicU64,
    cancelled: AtomicBool,
}

impl Default for Progress {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress {
    /// Work starting now.
    pub fn new() -> Self {
        Self {
            started: Instant::now(),
            stage: Mutex::new("starting"),
            done_millionths: AtomicU64::new(0),
            cancelled: AtomicBool::new(false),
        }
    }

    /// Enters a stage that starts at `fraction` of the whole.
    pub fn stage(&self, name: &'static str, fraction: f64) {
        if let Ok(mut s) = self.stage.lock() {
            *s = name;
        }
        self.set(fraction);
    }

    /// Sets the fraction done (0 to 1); it never goes back.
    pub fn set(&self, fraction: f64) {
        let v = (fraction.clamp(0.0, 1.0) * 1e6) as u64;
        self.done_millionths.fetch_max(v, Ordering::Relaxed);
    }

    /// The current stage and fraction done.
    pub fn get(&self) -> (&'static str, f64) {
        let stage = self.stage.lock().map(|s| *s).unwrap_or("working");
        let done = self.done_millionths.load(Ordering::Relaxed) as f64 / 1e6;
        (stage, done)
    }

    /// Time since the work started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Whether the work has run long enough to show its progress.
    pub fn worth_showing(&self) -> bool {
        self.elapsed() >= SHOW_AFTER
    }

    /// Asks the work to stop (it checks [`Self::is_cancelled`] between steps).
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether [`Self::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// A reader that reports the bytes read as progress from `from` to `to` of the whole.
pub struct ProgressReader<'a, R> {
    inner: R,
    progress: &'a Progress,
    read: u64,
    total: u64,
    from: f64,
    to: f64,
}

impl<'a, R: Read> ProgressReader<'a, R> {
    /// Wraps `inner`, which holds `total` bytes.
    pub fn new(inner: R, total: u64, progress: &'a Progress, from: f64, to: f64) -> Self {
        Self {
            inner,
            progress,
            read: 0,
            total: total.max(1),
            from,
            to,
        }
    }
}

impl<R: Read> Read for ProgressReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        let f = (self.read as f64 / self.total as f64).min(1.0);
        self.progress.set(self.from + (self.to - self.from) * f);
        Ok(n)
    }
}

/// Runs `work`, showing its progress on the terminal (an indicatif bar on stderr) once it has
/// run longer than [`SHOW_AFTER`]; nothing is shown when stderr is not a terminal.
pub fn on_terminal<T: Send>(work: impl FnOnce(&Progress) -> T + Send) -> T {
    use std::io::IsTerminal;
    let progress = Progress::new();
    if !std::io::stderr().is_terminal() {
        return work(&progress);
    }
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut bar: Option<indicatif::ProgressBar> = None;
            while !finished.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50));
                if !progress.worth_showing() {
                    continue;
                }
                let b = bar.get_or_insert_with(|| {
                    let b = indicatif::ProgressBar::new(1000);
                    if let Ok(style) = indicatif::ProgressStyle::with_template(
                        "{spinner} loading [{bar:30}] {percent:>3}% {msg} ({elapsed})",
                    ) {
                        b.set_style(style.progress_chars("=> "));
                    }
                    b
                });
                let (stage, done) = progress.get();
                b.set_position((done * 1000.0) as u64);
                b.set_message(stage);
            }
            if let Some(b) = bar {
                b.finish_and_clear();
            }
        });
        let out = work(&progress);
        finished.store(true, Ordering::Relaxed);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_moves_forward_through_stages_and_reads() {
        let p = Progress::new();
        p.stage("reading", 0.1);
        let data = vec![7u8; 1000];
        let mut r = ProgressReader::new(&data[..], 1000, &p, 0.1, 0.5);
        let mut buf = [0u8; 250];
        r.read_exact(&mut buf).unwrap_or_default();
        let (stage, done) = p.get();
        assert_eq!(stage, "reading");
        assert!((done - 0.2).abs() < 1e-6, "{done}");
        std::io::copy(&mut r, &mut std::io::sink()).unwrap_or_default();
        assert!((p.get().1 - 0.5).abs() < 1e-6);
        // Never backwards.
        p.set(0.3);
        assert!((p.get().1 - 0.5).abs() < 1e-6);
        assert!(!p.is_cancelled());
        p.cancel();
        assert!(p.is_cancelled());
    }
}
