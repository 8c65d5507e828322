//! The window draws only when something changes. Bevy runs in its reactive mode (set in
//! [`super::run`]): a frame happens on input, a resize or an expose, and otherwise only when
//! asked. This module asks:
//! - while something moves: playback, a colour transition, a toast, a held key, a mode about to
//!   change, and for one frame after any change (so assets made that frame show);
//! - from other threads, through [`Waker`]: a load's progress and its end, an edited file, the
//!   file dialog's answer, a level of detail built in the background;
//! - when egui asks for a repaint, now or after a delay (a tooltip's delay, a text cursor's
//!   blink): egui's repaint callback is replaced by one that also honours delays, with one
//!   alarm thread.
//!
//! `FRONTLINE_LOG_FRAMES=1` prints a line per frame (`frame N`) and `map ready` once the first
//! scenario is drawn: the window test counts frames with it. `FRONTLINE_LOG_FRAMES=2` also
//! prints why each extra frame was asked for.

use std::io::Write;
use std::sync::mpsc::{Sender, channel};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};
use bevy_egui::{EguiContexts, EguiInput, EguiPreUpdateSet};

use super::map::ColorTransition;
use super::state::{
    Comparing, CurrentScenario, PendingLoad, Playback, SceneChanges, TextEntry, Toast, ViewMode,
    Waker,
};

/// Sends deadlines to the alarm thread, which wakes the window at the earliest one.
#[derive(Resource, Clone)]
struct Alarm(Sender<Instant>);

impl Alarm {
    /// Starts the alarm thread.
    fn start(waker: Waker) -> Self {
        let (tx, rx) = channel::<Instant>();
        let _ = std::thread::Builder::new()
            .name("frontline-alarm".into())
            .spawn(move || {
                let mut next: Option<Instant> = None;
                loop {
                    let got = match next {
                        Some(at) => rx.recv_timeout(at.saturating_duration_since(Instant::now())),
                        None => rx
                            .recv()
                            .map_err(|_| std::sync::mpsc::RecvTimeoutError::Disconnected),
                    };
                    match got {
                        Ok(at) => next = Some(next.map_or(at, |n| n.min(at))),
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                            next = None;
                            waker.wake();
                        }
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
            });
        Self(tx)
    }
}

pub(super) fn plugin(app: &mut App) {
    let waker = app.world_mut().get_resource_or_init::<Waker>().clone();
    app.insert_resource(Alarm::start(waker))
        .add_systems(Startup, connect_waker)
        .add_systems(
            PreUpdate,
            drop_unchanged_modifiers
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        )
        .add_systems(Last, (keep_drawing, honour_egui_delays, log_frames));
}

/// bevy_egui sends egui a `ModifiersChanged` event every frame, changed or not, and egui
/// answers any input event with a request for an immediate repaint: the window would never
/// rest. Only real changes of the modifier keys are passed on.
fn drop_unchanged_modifiers(
    mut inputs: Query<&mut EguiInput>,
    mut last: Local<Option<bevy_egui::egui::Modifiers>>,
) {
    for mut input in &mut inputs {
        input.events.retain(|event| match event {
            bevy_egui::egui::Event::ModifiersChanged(now) => {
                let changed = *last != Some(*now);
                *last = Some(*now);
                changed
            }
            _ => true,
        });
    }
}

/// Lets other threads wake the event loop.
fn connect_waker(waker: Res<Waker>, proxy: Option<Res<EventLoopProxyWrapper>>) {
    if let Some(proxy) = proxy {
        let proxy = (**proxy).clone();
        waker.set(move || {
            let _ = proxy.send_event(WinitUserEvent::WakeUp);
        });
    }
}

/// Asks for another frame while something moves or just changed.
fn keep_drawing(
    playback: Res<Playback>,
    transition: Res<ColorTransition>,
    toast: Res<Toast>,
    changes: Res<SceneChanges>,
    pending: Option<Res<PendingLoad>>,
    modes: (
        Res<NextState<ViewMode>>,
        Res<NextState<Comparing>>,
        Res<NextState<TextEntry>>,
    ),
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let (view_mode, comparing, text) = modes;
    let moving = playback.playing
        || transition.running
        || toast.text.is_some()
        || !changes.is_empty()
        || pending.is_some_and(|p| p.progress.worth_showing())
        || !matches!(*view_mode, NextState::Unchanged)
        || !matches!(*comparing, NextState::Unchanged)
        || !matches!(*text, NextState::Unchanged);
    if moving {
        if std::env::var_os("FRONTLINE_LOG_FRAMES").is_some_and(|v| v == "2") {
            println!(
                "wake: playing={} transition={} toast={} changes={:?} modes={}/{}/{}",
                playback.playing,
                transition.running,
                toast.text.is_some(),
                *changes,
                !matches!(*view_mode, NextState::Unchanged),
                !matches!(*comparing, NextState::Unchanged),
                !matches!(*text, NextState::Unchanged)
            );
        }
        redraw.write(RequestRedraw);
    }
}

/// egui's own callback wakes the loop only for immediate repaints; this one also wakes it
/// after a delay, through the alarm thread.
fn honour_egui_delays(
    mut contexts: EguiContexts,
    alarm: Res<Alarm>,
    waker: Res<Waker>,
    mut installed: Local<bool>,
) {
    let Ok(ctx) = contexts.ctx_mut() else { return };
    if *installed {
        return;
    }
    let (alarm, waker) = (alarm.0.clone(), waker.clone());
    ctx.set_request_repaint_callback(move |info| {
        if info.delay.is_zero() {
            waker.wake();
        } else if info.delay < Duration::from_secs(60) {
            let _ = alarm.send(Instant::now() + info.delay);
        }
    });
    *installed = true;
}

/// `FRONTLINE_LOG_FRAMES=1`: a line per frame, and one when the map is first drawn.
fn log_frames(
    mut frame: Local<u64>,
    mut ready: Local<bool>,
    current: Option<Res<CurrentScenario>>,
    pending: Option<Res<PendingLoad>>,
    changes: Res<SceneChanges>,
    mut enabled: Local<Option<bool>>,
) {
    let on = *enabled.get_or_insert_with(|| std::env::var_os("FRONTLINE_LOG_FRAMES").is_some());
    if !on {
        return;
    }
    *frame += 1;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "frame {}", *frame);
    if !*ready && current.is_some() && pending.is_none() && changes.is_empty() {
        *ready = true;
        let _ = writeln!(out, "map ready");
    }
    let _ = out.flush();
}
