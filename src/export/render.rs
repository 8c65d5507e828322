//! A renderer for one scenario at one frame size: builds the scene frame of a date (fitted, or
//! the requested view) and draws it on the CPU. Cheap to share between threads: the scenario
//! and its geometry are computed once; each thread shapes text with its own fonts.

use std::path::Path;
use std::sync::Arc;

use image::RgbaImage;
use jiff::civil::Date;

use super::{ExportError, FrameSpec, Result, ViewChoice};
use crate::boundaries::LonLat;
use crate::bundle::{ScenarioBundle, load_bundle_with};
use crate::paint::{self, Format};
use crate::scene::frame::briefing_marks;
use crate::scene::text::{Fonts, with_fonts};
use crate::scene::view::FIT_MARGIN;
use crate::scene::{
    Frame, MapGeometry, MapRect, MapView, PxRect, SceneInput, briefing_frame, map_frame,
};

/// Renders frames of one scenario.
#[derive(Clone)]
pub struct Renderer {
    bundle: Arc<ScenarioBundle>,
    geometry: Arc<MapGeometry>,
    spec: FrameSpec,
}

impl Renderer {
    /// Loads the scenario and sets up the renderer.
    pub fn new(scenario: &Path, spec: FrameSpec) -> Result<Self> {
        crate::progress::on_terminal(|p| {
            let bundle = load_bundle_with(scenario, p, 0.7)
                .map_err(|d| ExportError::Scenario(d.to_string()))?;
            // Only the levels of detail the export's views need are built.
            let geometry = MapGeometry::prepared(&bundle, p, 0.7);
            Ok(Self {
                bundle: Arc::new(bundle),
                geometry: Arc::new(geometry),
                spec,
            })
        })
    }

    /// Sets up the renderer for an already loaded scenario.
    pub fn from_bundle(bundle: Arc<ScenarioBundle>, spec: FrameSpec) -> Self {
        let geometry = Arc::new(MapGeometry::prepared(
            &bundle,
            &crate::progress::Progress::new(),
            0.0,
        ));
        Self {
            bundle,
            geometry,
            spec,
        }
    }

    /// The loaded scenario.
    pub fn bundle(&self) -> &ScenarioBundle {
        &self.bundle
    }

    /// Its geometry.
    pub fn geometry(&self) -> &MapGeometry {
        &self.geometry
    }

    /// The frame size and look.
    pub fn spec(&self) -> &FrameSpec {
        &self.spec
    }

    /// The view of a map area of `size_px` whose part `free` (px) the map may use.
    fn view_of(&self, size_px: [u32; 2], free: PxRect) -> MapView {
        match self.spec.view {
            ViewChoice::Fit => MapView::fit_within(self.geometry.bounds, size_px, free, FIT_MARGIN),
            ViewChoice::Request(request) => request.resolve(&self.bundle.projection, size_px),
            ViewChoice::BBox([sw, ne]) => {
                let p = &self.bundle.projection;
                let mut rect = MapRect::EMPTY;
                for (lon, lat) in [
                    (sw.lon, sw.lat),
                    (ne.lon, ne.lat),
                    (sw.lon, ne.lat),
                    (ne.lon, sw.lat),
                ] {
                    rect.include(p.map_from_lonlat(LonLat { lon, lat }));
                }
                MapView::fit_within(rect, size_px, free, 1.0)
            }
        }
    }

    /// The frame of a date, text shaped with `fonts`.
    pub fn frame_with(&self, date: Date, fonts: &mut Fonts) -> Frame {
        let spec = &self.spec;
        let marks = spec.marks.unwrap_or(match (spec.map_only, spec.view) {
            (true, _) | (_, ViewChoice::Request(_)) => 1.0,
            _ => briefing_marks(spec.width, spec.height),
        });
        let input = SceneInput {
            bundle: &self.bundle,
            geometry: &self.geometry,
            date,
            theme: spec.theme,
            options: spec.options,
            marks,
            selected: None,
            compare_from: spec.compare_from,
        };
        if spec.map_only {
            let whole = PxRect::from_xywh(0.0, 0.0, spec.width as f32, spec.height as f32);
            map_frame(
                &input,
                self.view_of([spec.width, spec.height], whole),
                fonts,
            )
        } else {
            briefing_frame(
                &input,
                [spec.width, spec.height],
                |area, free| self.view_of(area, free),
                fonts,
            )
        }
    }

    /// Small multiples: a `grid` (columns, rows) of maps of `dates`, one picture.
    pub fn grid_frame_with(
        &self,
        dates: &[Date],
        grid: [u32; 2],
        step_days: i32,
        fonts: &mut Fonts,
    ) -> Frame {
        let spec = &self.spec;
        let input = SceneInput {
            bundle: &self.bundle,
            geometry: &self.geometry,
            date: dates
                .first()
                .copied()
                .unwrap_or(self.bundle.scenario().start),
            theme: spec.theme,
            options: spec.options,
            marks: 1.0,
            selected: None,
            compare_from: None,
        };
        crate::scene::multiples::grid_frame(
            &input,
            dates,
            grid,
            step_days,
            [spec.width, spec.height],
            fonts,
        )
    }

    /// The frame of a date.
    pub fn frame(&self, date: Date) -> Frame {
        with_fonts(|fonts| self.frame_with(date, fonts))
    }

    /// The picture of a date as pixels.
    pub fn render(&self, date: Date) -> RgbaImage {
        with_fonts(|fonts| {
            let frame = self.frame_with(date, fonts);
            paint::rasterize(&frame, fonts)
        })
    }

    /// The picture of a date as the bytes of a file in `format`.
    pub fn encode(&self, date: Date, format: Format) -> Result<Vec<u8>> {
        with_fonts(|fonts| {
            let frame = self.frame_with(date, fonts);
            paint::encode(&frame, format, fonts).map_err(ExportError::Render)
        })
    }
}
