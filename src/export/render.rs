//! Rendering map frames without a window: a Bevy app with no window plugin renders the same
//! scene as the window (`app::plugin`: scene, recolouring, labels) into an image target; each
//! frame is read back through Bevy's screenshot API and composed with the overlay.

use std::path::Path;
use std::sync::{Arc, Mutex};

use bevy::app::PluginsState;
use bevy::camera::RenderTarget;
use bevy::image::Image;
use bevy::prelude::*;
use bevy::render::pipelined_rendering::PipelinedRenderingPlugin;
use bevy::render::render_resource::{TextureFormat, TextureUsages};
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::window::ExitCondition;
use bevy::winit::WinitPlugin;
use image::RgbaImage;
use jiff::civil::Date;

use super::overlay::{Layout, draw_overlay};
use super::{ExportError, FrameSpec, Result, overlay_colors, overlay_text};
use crate::app::camera::fit_scale;
use crate::app::loading::CurrentScenario;
use crate::app::messages::{ScenarioLoaded, SetDate};
use crate::app::playback::Playback;
use crate::app::scene::{MapGeometry, PixelScale};
use crate::bundle::{ScenarioBundle, load_bundle};

/// Frames rendered after a date change before capturing: the new date is applied and the map
/// recoloured in the first one (label placement does not depend on the date, and the renderer
/// warmed up at start); the capture is requested after it.
const SETTLE_FRAMES: u32 = 1;
/// At most this many frames to wait for pipelines at start.
const WARM_UP_MAX_FRAMES: u32 = 120;
/// At most this many captures to wait for a stable first frame.
const WARM_UP_MAX_CAPTURES: u32 = 10;
/// Give up on a capture after this many frames.
const CAPTURE_TIMEOUT_FRAMES: u32 = 600;

/// A headless renderer for one scenario at one frame size.
pub struct Renderer {
    app: App,
    target: Handle<Image>,
    spec: FrameSpec,
    layout: Layout,
    bundle: Arc<ScenarioBundle>,
    captured: Arc<Mutex<Option<Image>>>,
    camera_at: Vec2,
    scale: f32,
}

impl Renderer {
    /// Loads the scenario and sets up the renderer.
    pub fn new(scenario: &Path, spec: FrameSpec) -> Result<Self> {
        let bundle = load_bundle(scenario).map_err(|d| ExportError::Scenario(d.to_string()))?;
        Ok(Self::from_bundle(bundle, scenario, spec))
    }

    /// Sets up the renderer for an already loaded scenario.
    pub fn from_bundle(bundle: ScenarioBundle, path: &Path, spec: FrameSpec) -> Self {
        let layout = Layout::new(spec.width, spec.height, spec.map_only);
        let (_, map_y, map_w, map_h) = layout.map_rect();
        let geometry = MapGeometry::of(&bundle);
        let scale = fit_scale(geometry.bounds, Vec2::new(map_w as f32, map_h as f32));
        // Markers, labels and borders grow with the frame so they read on a slide; map-only
        // frames keep the window's sizes (they are compared with it pixel for pixel).
        let marks = if spec.map_only {
            1.0
        } else {
            (spec.height.min(spec.width * 9 / 16) as f32 / 720.0).max(1.0)
        };
        // Put the map's centre at the centre of the map area, not of the frame.
        let below_centre_px = (map_y as f32 + map_h as f32 / 2.0) - spec.height as f32 / 2.0;
        let camera_at = geometry.bounds.center() + Vec2::new(0.0, below_centre_px * scale);
        let s = bundle.scenario();
        let s_start = s.start;

        let mut app = App::new();
        app.add_plugins(
            DefaultPlugins
                .set(WindowPlugin {
                    primary_window: None,
                    exit_condition: ExitCondition::DontExit,
                    ..default()
                })
                .set(bevy::render::RenderPlugin {
                    synchronous_pipeline_compilation: true,
                    ..default()
                })
                .disable::<WinitPlugin>()
                .disable::<PipelinedRenderingPlugin>()
                .disable::<bevy::log::LogPlugin>(),
        )
        .insert_resource(ClearColor(spec.theme.palette().background))
        .insert_resource(spec.theme)
        .insert_resource(PixelScale(scale * marks))
        .insert_resource(Playback::new(s.start, s.end, s.start));
        crate::app::plugin(&mut app);
        // Finish plugin setup (the renderer initialises asynchronously).
        while app.plugins_state() == PluginsState::Adding {
            bevy::tasks::tick_global_task_pools_on_main_thread();
        }
        app.finish();
        app.cleanup();

        let mut target =
            Image::new_target_texture(spec.width, spec.height, TextureFormat::Rgba8UnormSrgb, None);
        target.texture_descriptor.usage |= TextureUsages::COPY_SRC;
        let target = app.world_mut().resource_mut::<Assets<Image>>().add(target);
        app.world_mut().spawn((
            Camera2d,
            RenderTarget::Image(target.clone().into()),
            Projection::Orthographic(OrthographicProjection {
                scale,
                ..OrthographicProjection::default_2d()
            }),
            Transform::from_translation(camera_at.extend(0.0)),
        ));
        let bundle = Arc::new(bundle);
        app.world_mut().insert_resource(CurrentScenario {
            bundle: bundle.clone(),
            path: path.to_path_buf(),
            stamps: Vec::new(),
        });
        app.world_mut()
            .write_message(ScenarioLoaded { reload: false });
        app.update();
        let mut renderer = Self {
            app,
            target,
            spec,
            layout,
            bundle,
            captured: Arc::new(Mutex::new(None)),
            camera_at,
            scale,
        };
        renderer.warm_up(s_start);
        renderer
    }

    /// Renders until every render pipeline is compiled and two captures in a row agree, so the
    /// first exported frame is complete (pipelines and glyph atlases are built on first use) and
    /// identical runs give identical bytes.
    fn warm_up(&mut self, date: Date) {
        for _ in 0..WARM_UP_MAX_FRAMES {
            self.app.update();
            let waiting = self
                .app
                .get_sub_app(bevy::render::RenderApp)
                .and_then(|render| {
                    render
                        .world()
                        .get_resource::<bevy::render::render_resource::PipelineCache>()
                })
                .is_some_and(|cache| cache.waiting_pipelines().next().is_some());
            if !waiting {
                break;
            }
        }
        let mut previous = None;
        for _ in 0..WARM_UP_MAX_CAPTURES {
            let Ok(frame) = self.render_map(date) else {
                return;
            };
            if previous.as_ref() == Some(&frame) {
                return;
            }
            previous = Some(frame);
        }
    }

    /// Where a map-plane point lands in the frame, in pixels from the top left.
    pub fn pixel_of(&self, map_xy: Vec2) -> Vec2 {
        let d = (map_xy - self.camera_at) / self.scale;
        Vec2::new(
            self.spec.width as f32 / 2.0 + d.x,
            self.spec.height as f32 / 2.0 - d.y,
        )
    }

    /// Where each capital's marker centre lands in the frame.
    pub fn capital_pixels(&self) -> Vec<Vec2> {
        MapGeometry::of(&self.bundle)
            .capitals_map_xy
            .iter()
            .map(|p| self.pixel_of(*p))
            .collect()
    }

    /// The frame layout.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The loaded scenario.
    pub fn bundle(&self) -> &ScenarioBundle {
        &self.bundle
    }

    /// Renders the map on `date` (no overlay).
    pub fn render_map(&mut self, date: Date) -> Result<RgbaImage> {
        self.app.world_mut().write_message(SetDate(date));
        for _ in 0..SETTLE_FRAMES {
            self.app.update();
        }
        let slot = self.captured.clone();
        if let Ok(mut s) = slot.lock() {
            *s = None;
        }
        self.app
            .world_mut()
            .spawn(Screenshot::image(self.target.clone()))
            .observe(move |captured: On<ScreenshotCaptured>| {
                if let Ok(mut s) = slot.lock() {
                    *s = Some(captured.image.clone());
                }
            });
        for _ in 0..CAPTURE_TIMEOUT_FRAMES {
            self.app.update();
            let taken = self.captured.lock().ok().and_then(|mut s| s.take());
            if let Some(image) = taken {
                let rgba = image
                    .try_into_dynamic()
                    .map_err(|e| ExportError::Render(format!("cannot read the frame back: {e}")))?
                    .to_rgba8();
                if rgba.dimensions() != (self.spec.width, self.spec.height) {
                    return Err(ExportError::Render(format!(
                        "the frame is {:?}, expected {}x{}",
                        rgba.dimensions(),
                        self.spec.width,
                        self.spec.height
                    )));
                }
                return Ok(rgba);
            }
        }
        Err(ExportError::Render("the frame was never captured".into()))
    }

    /// Renders the full briefing frame on `date`: map, title, date, legend, credits.
    pub fn render(&mut self, date: Date) -> Result<RgbaImage> {
        let mut frame = self.render_map(date)?;
        if !self.spec.map_only {
            let text = overlay_text(&self.bundle, date, self.spec.theme);
            draw_overlay(
                &mut frame,
                &self.layout,
                &text,
                &overlay_colors(self.spec.theme),
            );
        }
        Ok(frame)
    }
}
