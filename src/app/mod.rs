//! The map window, built on Bevy and bevy_egui: it draws the scene ([`crate::scene`]) with
//! Bevy meshes and sprites and adds the interactive parts (time panel, legend, inspector,
//! search, event log, presentation mode, hot reload). Each feature module exposes a plugin
//! function; this file lists them once, in [`plugin`] (the parts that run without a window,
//! used by the headless tests) and [`window_plugin`] (camera, picking, egui panels).
//!
//! All per-frame systems run in [`AppSystems`], chained in this order:
//! 1. `Input`: keys become request messages;
//! 2. `Loading`: dropped files and edited files are (re)loaded, possibly replacing the scenario;
//! 3. `Playback`: date requests and play time move the date (and say so with `DateChanged`);
//! 4. `Selection`: selection requests and the pointer pick capitals;
//! 5. `Scene`: the map is rebuilt after a load and recoloured after a date change;
//! 6. `Camera`: the view follows the panels, is fitted (needs the new geometry), panned and
//!    zoomed, and the Bevy camera is pointed at it;
//! 7. `Draw`: borders are re-stroked and markers and labels redrawn for the final view.

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
pub mod ui;

use std::path::PathBuf;
use std::process::ExitCode;

use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::EguiPlugin;
use jiff::civil::Date;

/// The ordered stages of a frame; see the module documentation.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppSystems {
    /// Keyboard shortcuts.
    Input,
    /// Loading and hot reload.
    Loading,
    /// The current date.
    Playback,
    /// Selection and picking.
    Selection,
    /// Building and recolouring the map.
    Scene,
    /// The view.
    Camera,
    /// Lines, markers and labels for the final view.
    Draw,
}

/// Everything that works without a window: messages, loading and hot reload, playback, the
/// scene and its recolouring, selection state, labels and shortcuts.
pub fn plugin(app: &mut App) {
    app.configure_sets(
        Update,
        (
            AppSystems::Input,
            AppSystems::Loading,
            AppSystems::Playback,
            AppSystems::Selection,
            AppSystems::Scene,
            AppSystems::Camera,
            AppSystems::Draw,
        )
            .chain(),
    );
    messages::plugin(app);
    loading::plugin(app);
    playback::plugin(app);
    selection::state_plugin(app);
    map::plugin(app);
    compare::plugin(app);
    input::plugin(app);
}

/// The parts that need a window: camera, pointer picking, egui panels, pictures.
pub fn window_plugin(app: &mut App) {
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
    } = launch;
    let automated = screenshot.is_some() || window_capture.is_some() || profile_frames.is_some();
    // Pictures taken from the command line use the default window and look, so they are the
    // same whoever takes them.
    let (settings, warning) = if automated {
        (crate::settings::Settings::default(), None)
    } else {
        settings
    };
    let (width, height) = settings.window_size.unwrap_or((1600, 900));
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
    let pending = loading::PendingLoad::start(scenario.clone());
    install_gpu_panic_hook();
    let s = &sources.scenario;
    let start_date = date.unwrap_or(s.start);
    let title = format!("{} — frontline", s.title);
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
    .insert_resource(playback::Playback::new(s.start, s.end, start_date))
    .insert_resource(settings::AppSettings {
        settings,
        warning,
        dirty: false,
        read_only: automated,
    });
    plugin(&mut app);
    window_plugin(&mut app);
    app.insert_resource(pending);
    // The first load opens on the requested date.
    app.insert_resource(loading::InitialDate(Some(start_date)));
    if screenshot.is_some() || window_capture.is_some() {
        app.insert_resource(screenshot::AutoScreenshot::new(screenshot, window_capture));
    }
    if let Some(frames) = profile_frames {
        app.insert_resource(profile::Profile::new(
            frames,
            started.unwrap_or_else(std::time::Instant::now),
        ));
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
