//! `frontline SCENARIO --profile-frames N`: a repeatable measurement of the window. Once the map
//! is drawn, the camera pans and zooms across it (from the whole map to 8× closer and back, its
//! centre sweeping the map) and the date advances every frame, for N frames; then one line is
//! printed and the app exits:
//!
//! `profile: first_frame_s=… median_ms=… p95_ms=… peak_rss_mb=… frames=N`
//!
//! `first_frame_s` counts from the start of the process to the first frame with the whole map
//! drawn; the frame times are wall-clock times between frames (vsync off).

use std::time::{Duration, Instant};

use bevy::prelude::*;

use super::messages::SetDate;
use super::state::{
    AppSystems, AutoFit, CameraSteps, CurrentScenario, FitScale, PendingLoad, Playback,
    SceneChanges, WindowView, date_after, days_between,
};
use crate::scene::MapView;

/// The profile run's state.
#[derive(Resource, Debug)]
pub struct Profile {
    /// Frames to measure.
    pub frames: u32,
    /// When the process started.
    pub started: Instant,
    /// Frames driven so far.
    driven: u32,
    /// The map was complete at the end of the last frame (the next frame start marks it shown).
    complete: bool,
    /// Seconds from process start to the first frame with the whole map.
    first_frame_s: Option<f64>,
    /// When the last measured frame started.
    last: Option<Instant>,
    /// Durations of the measured frames.
    times: Vec<Duration>,
    /// CPU time of each measured frame's update (input to drawing, panels included), before
    /// rendering: what frontline's code costs, apart from the renderer. While profiling, the
    /// app's schedules run on one thread, so that thread's CPU time counts all of it and none
    /// of the (software) renderer's threads working beside it.
    update_times: Vec<Duration>,
    /// The main thread's CPU time when the frame started.
    cpu_at_start: Option<Duration>,
}

impl Profile {
    /// A run of `frames` frames in a process started at `started`.
    pub fn new(frames: u32, started: Instant) -> Self {
        Self {
            frames: frames.max(1),
            started,
            driven: 0,
            complete: false,
            first_frame_s: None,
            last: None,
            times: Vec::new(),
            update_times: Vec::new(),
            cpu_at_start: None,
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(First, time_frames.run_if(resource_exists::<Profile>))
        .add_systems(
            Update,
            advance_date
                .in_set(AppSystems::Input)
                .run_if(resource_exists::<Profile>),
        )
        .add_systems(
            Update,
            move_camera
                .in_set(AppSystems::Camera)
                .before(CameraSteps::Clamp)
                .run_if(resource_exists::<Profile>),
        )
        .add_systems(Last, note_complete.run_if(resource_exists::<Profile>));
}

fn ready(current: &Option<Res<CurrentScenario>>, pending: &Option<Res<PendingLoad>>) -> bool {
    current.is_some() && pending.is_none()
}

/// At the start of each frame: the previous frame was presented. The first one after the map
/// was complete gives `first_frame_s`; the rest are timed; after N, report and exit.
fn time_frames(mut profile: ResMut<Profile>, mut exit: MessageWriter<AppExit>) {
    let now = Instant::now();

    if profile.first_frame_s.is_none() {
        if profile.complete {
            profile.first_frame_s = Some(now.duration_since(profile.started).as_secs_f64());
            profile.last = Some(now);
        }
        return;
    }
    if let Some(last) = profile.last {
        profile.times.push(now.duration_since(last));
    }
    profile.last = Some(now);
    profile.cpu_at_start = thread_cpu_time();
    if profile.times.len() as u32 >= profile.frames {
        let (median, p95) = quantiles(&profile.update_times);
        println!(
            "profile-update: median_ms={median:.2} p95_ms={p95:.2} (CPU time of the app's own work per frame, before rendering)"
        );
        println!("{}", report(&profile));
        exit.write(AppExit::Success);
    }
}

fn note_complete(
    mut profile: ResMut<Profile>,
    current: Option<Res<CurrentScenario>>,
    pending: Option<Res<PendingLoad>>,
    changes: Res<SceneChanges>,
) {
    if !profile.complete && ready(&current, &pending) && changes.is_empty() {
        profile.complete = true;
    }
    if profile.first_frame_s.is_some()
        && let (Some(start), Some(now)) = (profile.cpu_at_start, thread_cpu_time())
    {
        profile.update_times.push(now.saturating_sub(start));
    }
}

fn advance_date(
    profile: Res<Profile>,
    playback: Res<Playback>,
    current: Option<Res<CurrentScenario>>,
    pending: Option<Res<PendingLoad>>,
    mut set: MessageWriter<SetDate>,
) {
    if profile.first_frame_s.is_none() || !ready(&current, &pending) {
        return;
    }
    let span = days_between(playback.start, playback.end).max(1);
    let day = (profile.times.len() as i32 + 1) % (span + 1);
    set.write(SetDate(date_after(playback.start, day)));
}

/// The view of frame `i`: zoom from the fitted scale to 8× closer and back every 120 frames,
/// the centre sweeping the map on a Lissajous curve.
pub fn view_of_frame(fitted: MapView, bounds: crate::scene::view::MapRect, i: u32) -> MapView {
    let t = f64::from(i);
    let tau = std::f64::consts::TAU;
    let zoom = 1.0 + 7.0 * (0.5 - 0.5 * (tau * t / 120.0).cos());
    let (w, h) = bounds.size();
    let c = bounds.center();
    MapView {
        center_map_xy: crate::boundaries::MapXy {
            x: c.x + 0.35 * w * (tau * t / 97.0).sin(),
            y: c.y + 0.35 * h * (tau * t / 71.0).sin(),
        },
        km_per_px: fitted.km_per_px / zoom,
        size_px: fitted.size_px,
    }
}

fn move_camera(
    mut profile: ResMut<Profile>,
    current: Option<Res<CurrentScenario>>,
    fit: Res<FitScale>,
    mut auto: ResMut<AutoFit>,
    mut view: ResMut<WindowView>,
) {
    let Some(current) = current.filter(|c| !c.geometry.bounds.is_empty()) else {
        return;
    };
    if profile.first_frame_s.is_none() {
        return;
    }
    auto.0 = false;
    let fitted = MapView {
        km_per_px: fit.0,
        ..view.0
    };
    view.0 = view_of_frame(fitted, current.geometry.bounds, profile.driven);
    profile.driven += 1;
}

/// The CPU time this thread has used (Linux and other Unixes; None elsewhere).
fn thread_cpu_time() -> Option<Duration> {
    #[cfg(unix)]
    {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes one timespec into `t`, which lives for the call.
        let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
        ok.then(|| Duration::new(t.tv_sec as u64, t.tv_nsec as u32))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Runs every schedule of the app on one thread, so that its CPU time can be counted on that
/// thread (profiling only; the window otherwise runs systems in parallel).
pub fn run_on_one_thread(app: &mut App) {
    let mut schedules = app.world_mut().resource_mut::<Schedules>();
    for (_, schedule) in schedules.iter_mut() {
        schedule.set_executor(bevy::ecs::schedule::SingleThreadedExecutor::new());
    }
}

/// The peak resident memory of this process, MB (Linux: VmHWM in /proc/self/status).
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The median and 95th percentile of durations, ms.
fn quantiles(times: &[Duration]) -> (f64, f64) {
    let mut ms: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| {
        if ms.is_empty() {
            return 0.0;
        }
        ms[((ms.len() - 1) as f64 * q).round() as usize]
    };
    (at(0.5), at(0.95))
}

/// The last line a profile run prints.
fn report(profile: &Profile) -> String {
    let (median, p95) = quantiles(&profile.times);
    format!(
        "profile: first_frame_s={:.2} median_ms={median:.1} p95_ms={p95:.1} peak_rss_mb={} frames={}",
        profile.first_frame_s.unwrap_or(0.0),
        peak_rss_mb().map_or("unknown".to_string(), |m| format!("{m:.0}")),
        profile.times.len()
    )
}
