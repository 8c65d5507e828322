//! The map window, built on Bevy and bevy_egui: it draws the scene ([`crate::scene`]) with
//! Bevy meshes and sprites and adds the interactive parts (time panel, legend, inspector,
//! search, event log, presentation mode, hot reload). Each feature module exposes a plugin
//! function; this file lists them once, in [`plugin`] (the parts that run without a window,
//! used by the headless tests) and [`window_plugin`] (camera, picking, egui panels). Shared
//! state lives in [`state`] (with the frame's stages, [`state::AppSystems`]), messages in
//! [`messages`]; feature modules import those, never each other in a loop.
//!
//! The window draws only when something changes: Bevy's reactive update mode, woken as
//! [`wake`] describes.

pub mod briefing;
pub mod camera;
pub mod compare;
pub mod input;
pub mod loading;
pub mod map;
pub mod messages;
pub mod open;
pub mod playback;
pub mod presentation;
pub mod profile;
pub mod screenshot;
pub mod selection;
pub mod settings;
pub mod state;
pub mod ui;
pub mod wake;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::EguiPlugin;
use jiff::civil::Date;

pub use state::AppSystems;

/// Everything that works without a window: state, messages, loading and hot reload,
/// playback, the map and its recolouring, selection, comparison and shortcuts.
pub fn plugin(app: &mut App) {
    state::plugin(app);
    messages::plugin(app);
    loading::plugin(app);
    playback::plugin(app);
    selection::state_plugin(app);
    map::plugin(app);
    compare::plugin(app);
    input::plugin(app);
}

/// The parts that need a window: camera, pointer picking, egui panels, pictures, waking.
pub fn window_plugin(app: &mut App) {
    map::render_plugin(app);
    loading::drop_plugin(app);
    briefing::plugin(app);
    open::plugin(app);
    settings::plugin(app);
    presentation::plugin(app);
    camera::plugin(app);
    selection::picking_plugin(app);
    ui::plugin(app);
    screenshot::plugin(app);
    profile::plugin(app);
    wake::plugin(app);
}

/// How to open the window.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// The scenario file.
    pub scenario: PathBuf,
    /// The date to open on (default: the scenario's first day).
    pub date: Option<Date>,
    /// Save the map view on the CPU to this PNG or SVG, then exit.
    pub screenshot: Option<PathBuf>,
    /// Save the whole window as drawn by the GPU to this PNG, then exit.
    pub window_capture: Option<PathBuf>,
    /// The settings read at start, and the warning reading them raised.
    pub settings: (crate::settings::Settings, Option<String>),
    /// `--profile-frames N`: drive the camera and the date for N frames, print the timings and
    /// exit.
    pub profile_frames: Option<u32>,
    /// When the process started (for `first_frame_s`).
    pub started: Option<std::time::Instant>,
    /// The window's size in logical pixels (default: the settings', else 1600×900).
    pub window_size: Option<(u32, u32)>,
    /// The theme to open in (default: the settings').
    pub theme: Option<crate::scene::Theme>,
}

/// Opens the window on a scenario. Loads the scenario first so that a missing or broken file
/// is reported plainly instead of opening an empty window.
pub fn run(launch: Launch) -> ExitCode {
    let Launch {
        scenario,
        date,
        screenshot,
        window_capture,
        settings,
        profile_frames,
        started,
        window_size,
        theme,
    } = launch;
    let automated = screenshot.is_some() || window_capture.is_some() || profile_frames.is_some();
    // Pictures taken from the command line use the default window and look, so they are the
    // same whoever takes them.
    let (mut settings, warning) = if automated {
        (crate::settings::Settings::default(), None)
    } else {
        settings
    };
    if let Some(theme) = theme {
        settings.theme = theme;
    }
    let (width, height) = window_size.or(settings.window_size).unwrap_or((1600, 900));
    // Loading starts now, on its own thread, while the window and the GPU start up. The
    // scenario file itself is read here first, so a missing or broken file is reported plainly
    // instead of opening a window.
    let sources = match crate::model::load::read_scenario(&scenario) {
        Ok(s) => s,
        Err(diags) => {
            let diags = crate::model::Diagnostics(diags);
            eprintln!("{}", diags.render(Some(50), "`frontline check --all`"));
            eprintln!(
                "{}: {} error(s); cannot open the window",
                scenario.display(),
                diags.errors().count()
            );
            return ExitCode::FAILURE;
        }
    };
    let waker = state::Waker::default();
    let s = &sources.scenario;
    let (start, end, title) = (s.start, s.end, s.title.clone());
    let pending = loading::start_load_from(scenario.clone(), Some(sources), waker.clone());
    install_gpu_panic_hook();
    let start_date = date.unwrap_or(start);
    let title = format!("{title} — frontline");
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title,
                    resolution: WindowResolution::new(
                        width.clamp(640, 8192),
                        height.clamp(400, 8192),
                    ),
                    // Profiling measures frame times, not the display's refresh.
                    present_mode: if profile_frames.is_some() {
                        bevy::window::PresentMode::AutoNoVsync
                    } else {
                        bevy::window::PresentMode::default()
                    },
                    ..default()
                }),
                ..default()
            })
            .set(bevy::log::LogPlugin {
                filter: "wgpu=error,naga=warn,bevy_render=warn".into(),
                ..default()
            }),
    )
    .add_plugins(EguiPlugin::default())
    .insert_resource(ClearColor({
        let [r, g, b] = crate::scene::Theme::default().palette().background.0;
        Color::srgb_u8(r, g, b)
    }))
    // Draw only when something changes (see `wake`); pictures and profiles taken from the
    // command line draw continuously.
    .insert_resource(if automated {
        WinitSettings::continuous()
    } else {
        let rest = UpdateMode::reactive_low_power(Duration::MAX);
        WinitSettings {
            focused_mode: rest,
            unfocused_mode: rest,
        }
    })
    .insert_resource(waker)
    .insert_resource(state::Playback::new(start, end, start_date))
    .insert_resource(state::AppSettings {
        settings,
        warning,
        dirty: false,
        read_only: automated,
    });
    plugin(&mut app);
    window_plugin(&mut app);
    app.insert_resource(pending);
    if screenshot.is_some() || window_capture.is_some() {
        app.insert_resource(screenshot::AutoScreenshot::new(screenshot, window_capture));
    }
    if let Some(frames) = profile_frames {
        app.insert_resource(profile::Profile::new(
            frames,
            started.unwrap_or_else(std::time::Instant::now),
        ));
        profile::run_on_one_thread(&mut app);
    }
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

/// Replaces the panics Bevy raises when there is no Vulkan driver or no display with a
/// paragraph saying what to install or run.
pub fn install_gpu_panic_hook() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if text.contains("Unable to find a GPU") || text.contains("No suitable adapter") {
            eprintln!(
                "\nfrontline could not open its window: no Vulkan driver was found.\n\n\
                 frontline draws with Vulkan. Install a Vulkan driver for your graphics card, or the\n\
                 software one (Mesa's lavapipe): on Debian/Ubuntu `sudo apt-get install mesa-vulkan-drivers`,\n\
                 on Fedora `sudo dnf install mesa-vulkan-drivers`. Without a display (CI, servers) run it\n\
                 under a virtual one: `xvfb-run -a -s \"-screen 0 1600x900x24\" frontline`.\n\
                 The commands `frontline check` and `frontline table` need no GPU.\n"
            );
            std::process::exit(3);
        }
        if text.contains("Failed to build event loop") {
            eprintln!(
                "\nfrontline could not open its window: there is no display ({}).\n\n\
                 Run it in a desktop session, or under a virtual display:\n\
                 `sudo apt-get install xvfb` then `xvfb-run -a -s \"-screen 0 1600x900x24\" frontline`.\n\
                 The commands `frontline check` and `frontline table` need no display.\n",
                text.rsplit("Misc(")
                    .next()
                    .unwrap_or(text)
                    .trim_end_matches(['"', ')', ' ', '}'])
                    .trim_start_matches('"')
            );
            std::process::exit(3);
        }
        default_hook(info);
    }));
}
