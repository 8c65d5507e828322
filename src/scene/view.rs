//! The view: which part of the map plane a picture shows, and the one map↔pixel transform
//! every backend uses. A [`MapView`] is a centre on the map plane (km), a scale (km per pixel)
//! and a size in pixels; pixels count from the top left, y down, and pixel (0, 0) covers the
//! square from (0, 0) to (1, 1). The window's camera, picking, label placement, the PNG and SVG
//! backends and screenshots' manifests all go through [`MapView::px_from_map`] and
//! [`MapView::map_from_px`].

use crate::boundaries::{LonLat, MapXy, Projection};

/// A rectangle on the map plane, km.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapRect {
    /// West and south edges.
    pub min: MapXy,
    /// East and north edges.
    pub max: MapXy,
}

impl Default for MapRect {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl MapRect {
    /// The empty rectangle (grows with [`MapRect::include`]).
    pub const EMPTY: MapRect = MapRect {
        min: MapXy {
            x: f64::INFINITY,
            y: f64::INFINITY,
        },
        max: MapXy {
            x: f64::NEG_INFINITY,
            y: f64::NEG_INFINITY,
        },
    };

    /// Grows the rectangle to include a point.
    pub fn include(&mut self, p: MapXy) {
        self.min.x = self.min.x.min(p.x);
        self.min.y = self.min.y.min(p.y);
        self.max.x = self.max.x.max(p.x);
        self.max.y = self.max.y.max(p.y);
    }

    /// True when nothing was included.
    pub fn is_empty(&self) -> bool {
        !(self.min.x <= self.max.x && self.min.y <= self.max.y)
    }

    /// The centre.
    pub fn center(&self) -> MapXy {
        MapXy {
            x: (self.min.x + self.max.x) / 2.0,
            y: (self.min.y + self.max.y) / 2.0,
        }
    }

    /// Width and height, km.
    pub fn size(&self) -> (f64, f64) {
        (self.max.x - self.min.x, self.max.y - self.min.y)
    }

    /// True when the two rectangles overlap (touching counts).
    pub fn intersects(&self, other: &MapRect) -> bool {
        self.min.x <= other.max.x
            && other.min.x <= self.max.x
            && self.min.y <= other.max.y
            && other.min.y <= self.max.y
    }

    /// True when `other` lies wholly inside.
    pub fn contains_rect(&self, other: &MapRect) -> bool {
        !other.is_empty()
            && self.min.x <= other.min.x
            && self.min.y <= other.min.y
            && other.max.x <= self.max.x
            && other.max.y <= self.max.y
    }

    /// The rectangle grown on every side by `fraction` of its larger side.
    pub fn grown(&self, fraction: f64) -> Self {
        if self.is_empty() {
            return *self;
        }
        let (w, h) = self.size();
        let d = w.max(h) * fraction;
        Self {
            min: MapXy {
                x: self.min.x - d,
                y: self.min.y - d,
            },
            max: MapXy {
                x: self.max.x + d,
                y: self.max.y + d,
            },
        }
    }
}

/// A rectangle in pixels: x right, y down.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PxRect {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub y1: f32,
}

impl PxRect {
    /// Four rectangles that cover everything around this one: labels kept clear of them stay
    /// inside it.
    pub fn surroundings(&self) -> [PxRect; 4] {
        let big = 1e7;
        [
            PxRect {
                x0: -big,
                y0: -big,
                x1: self.x0,
                y1: big,
            },
            PxRect {
                x0: self.x1,
                y0: -big,
                x1: big,
                y1: big,
            },
            PxRect {
                x0: -big,
                y0: -big,
                x1: big,
                y1: self.y0,
            },
            PxRect {
                x0: -big,
                y0: self.y1,
                x1: big,
                y1: big,
            },
        ]
    }

    /// A rectangle from its top left corner and size.
    pub fn from_xywh(x: f32, y: f32, w: f32, h: f32) -> Self {
        Self {
            x0: x,
            y0: y,
            x1: x + w,
            y1: y + h,
        }
    }

    /// Width.
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    /// Height.
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// True when the two rectangles overlap by more than a touch.
    pub fn overlaps(&self, other: &PxRect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// True when the point lies inside.
    pub fn contains(&self, p: [f32; 2]) -> bool {
        p[0] >= self.x0 && p[0] <= self.x1 && p[1] >= self.y0 && p[1] <= self.y1
    }

    /// The rectangle grown by `d` on every side.
    pub fn grown(&self, d: f32) -> Self {
        Self {
            x0: self.x0 - d,
            y0: self.y0 - d,
            x1: self.x1 + d,
            y1: self.y1 + d,
        }
    }
}

/// What a picture of the map shows: a centre on the map plane, a scale and a size in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    /// The map-plane point at the centre of the picture, km.
    pub center_map_xy: MapXy,
    /// Kilometres per pixel.
    pub km_per_px: f64,
    /// Width and height in pixels.
    pub size_px: [u32; 2],
}

/// The margin [`MapView::fit`] leaves around the map: the map takes 1/1.08 of the tighter side.
pub const FIT_MARGIN: f64 = 1.08;
/// Zoom in at most this many times closer than fitted.
pub const ZOOM_IN_LIMIT: f64 = 40.0;
/// Zoom out at most this many times farther than fitted (the shipped neighbours files cover
/// that much around each country).
pub const ZOOM_OUT_LIMIT: f64 = 2.0;

impl MapView {
    /// The view that shows all of `bounds` centred in a picture of `size_px`, with a margin.
    pub fn fit(bounds: MapRect, size_px: [u32; 2]) -> Self {
        Self::fit_with_margin(bounds, size_px, FIT_MARGIN)
    }

    /// [`MapView::fit`] with another margin (1 = the bounds touch the picture's edges).
    pub fn fit_with_margin(bounds: MapRect, size_px: [u32; 2], margin: f64) -> Self {
        let (w, h) = bounds.size();
        let (w, h) = (w.max(1e-3), h.max(1e-3));
        let (vw, vh) = (f64::from(size_px[0].max(1)), f64::from(size_px[1].max(1)));
        Self {
            center_map_xy: if bounds.is_empty() {
                MapXy { x: 0.0, y: 0.0 }
            } else {
                bounds.center()
            },
            km_per_px: (w / vw).max(h / vh) * margin,
            size_px,
        }
    }

    /// The view of a picture of `size_px` that shows all of `bounds` centred in the part
    /// `free` of the picture (px; e.g. the map area less a legend panel), with a margin.
    pub fn fit_within(bounds: MapRect, size_px: [u32; 2], free: PxRect, margin: f64) -> Self {
        let free_size = [
            free.width().max(1.0).round() as u32,
            free.height().max(1.0).round() as u32,
        ];
        let fitted = Self::fit_with_margin(bounds, free_size, margin);
        let mut v = Self { size_px, ..fitted };
        // Move the view so the bounds' centre lands at the free part's centre.
        let want = [(free.x0 + free.x1) / 2.0, (free.y0 + free.y1) / 2.0];
        let [w, h] = size_px.map(f64::from);
        v.center_map_xy.x -= (f64::from(want[0]) - w / 2.0) * v.km_per_px;
        v.center_map_xy.y += (f64::from(want[1]) - h / 2.0) * v.km_per_px;
        v
    }

    /// Where a map-plane point lands, in pixels from the top left.
    pub fn px_from_map(&self, p: MapXy) -> [f32; 2] {
        let [w, h] = self.size_px.map(f64::from);
        [
            (w / 2.0 + (p.x - self.center_map_xy.x) / self.km_per_px) as f32,
            (h / 2.0 - (p.y - self.center_map_xy.y) / self.km_per_px) as f32,
        ]
    }

    /// The map-plane point under a pixel position.
    pub fn map_from_px(&self, px: [f32; 2]) -> MapXy {
        let [w, h] = self.size_px.map(f64::from);
        MapXy {
            x: self.center_map_xy.x + (f64::from(px[0]) - w / 2.0) * self.km_per_px,
            y: self.center_map_xy.y - (f64::from(px[1]) - h / 2.0) * self.km_per_px,
        }
    }

    /// The part of the map plane the picture shows.
    pub fn visible_map_rect(&self) -> MapRect {
        let [w, h] = self.size_px.map(|v| v as f32);
        let a = self.map_from_px([0.0, h]);
        let b = self.map_from_px([w, 0.0]);
        MapRect { min: a, max: b }
    }

    /// The same view zoomed by `factor` (>1 zooms in) keeping the map point under `px` fixed.
    pub fn zoomed_around(&self, px: [f32; 2], factor: f64) -> Self {
        let anchor = self.map_from_px(px);
        let km_per_px = self.km_per_px / factor.max(1e-6);
        let mut v = Self { km_per_px, ..*self };
        let moved = v.map_from_px(px);
        v.center_map_xy.x += anchor.x - moved.x;
        v.center_map_xy.y += anchor.y - moved.y;
        v
    }

    /// The same view moved so the map follows the pointer by `delta_px` (drag).
    pub fn panned_px(&self, delta_px: [f32; 2]) -> Self {
        let mut v = *self;
        v.center_map_xy.x -= f64::from(delta_px[0]) * self.km_per_px;
        v.center_map_xy.y += f64::from(delta_px[1]) * self.km_per_px;
        v
    }

    /// The view kept within reach of the map: the scale between [`ZOOM_IN_LIMIT`] times closer
    /// and [`ZOOM_OUT_LIMIT`] times farther than `fit_km_per_px`, and the centre over `bounds`.
    pub fn clamped(&self, bounds: MapRect, fit_km_per_px: f64) -> Self {
        let mut v = *self;
        v.km_per_px = v.km_per_px.clamp(
            fit_km_per_px / ZOOM_IN_LIMIT,
            fit_km_per_px * ZOOM_OUT_LIMIT,
        );
        if !bounds.is_empty() {
            v.center_map_xy.x = v.center_map_xy.x.clamp(bounds.min.x, bounds.max.x);
            v.center_map_xy.y = v.center_map_xy.y.clamp(bounds.min.y, bounds.max.y);
        }
        v
    }

    /// The same view for a picture of another size (same centre and scale).
    pub fn with_size(&self, size_px: [u32; 2]) -> Self {
        Self { size_px, ..*self }
    }
}

/// A view written the way a user or the window's manifest gives it: the centre in degrees and
/// the scale. Resolving goes through the scenario's projection, so the window's F12 image and
/// `frontline export --center … --scale …` build bit-identical views.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewRequest {
    /// Centre of the picture, WGS84 degrees.
    pub center: LonLat,
    /// Kilometres per pixel.
    pub km_per_px: f64,
}

impl ViewRequest {
    /// The request that reproduces a view.
    pub fn of(view: &MapView, projection: &Projection) -> Self {
        Self {
            center: projection.lonlat_from_map(view.center_map_xy),
            km_per_px: view.km_per_px,
        }
    }

    /// The view for a picture of `size_px`.
    pub fn resolve(&self, projection: &Projection, size_px: [u32; 2]) -> MapView {
        MapView {
            center_map_xy: projection.map_from_lonlat(self.center),
            km_per_px: self.km_per_px,
            size_px,
        }
    }

    /// The command-line arguments that ask `frontline export` for this view.
    pub fn to_args(&self) -> String {
        format!(
            "--center {},{} --scale {}",
            self.center.lon, self.center.lat, self.km_per_px
        )
    }
}

/// Parses `LON,LAT` in degrees.
pub fn parse_lonlat(text: &str) -> Result<LonLat, String> {
    let err = || format!("\"{text}\" is not a position: write LON,LAT in degrees, e.g. 66.5,34.2");
    let (lon, lat) = text.split_once(',').ok_or_else(err)?;
    let lon: f64 = lon.trim().parse().map_err(|_| err())?;
    let lat: f64 = lat.trim().parse().map_err(|_| err())?;
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!(
            "{text} is off the globe: longitude must be within ±180 and latitude within ±90"
        ));
    }
    Ok(LonLat { lon, lat })
}

/// Parses a bounding box `WEST,SOUTH,EAST,NORTH` in degrees.
pub fn parse_bbox(text: &str) -> Result<[LonLat; 2], String> {
    let err = || {
        format!(
            "\"{text}\" is not a bounding box: write WEST,SOUTH,EAST,NORTH in degrees, e.g. 60,29,75,39"
        )
    };
    let parts: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| err())?;
    let [w, s, e, n] = parts[..] else {
        return Err(err());
    };
    if !(w < e && s < n) {
        return Err(format!(
            "{text}: west must be less than east and south less than north"
        ));
    }
    let a = parse_lonlat(&format!("{w},{s}"))?;
    let b = parse_lonlat(&format!("{e},{n}"))?;
    Ok([a, b])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> MapRect {
        MapRect {
            min: MapXy { x: x0, y: y0 },
            max: MapXy { x: x1, y: y1 },
        }
    }

    #[test]
    fn fit_uses_the_tighter_axis_and_centres() {
        let v = MapView::fit(rect(-600.0, -400.0, 600.0, 400.0), [1200, 400]);
        assert!(
            (v.km_per_px - 2.0 * FIT_MARGIN).abs() < 1e-9,
            "height limits"
        );
        assert_eq!(v.px_from_map(MapXy { x: 0.0, y: 0.0 }), [600.0, 200.0]);
    }

    #[test]
    fn fit_within_centres_the_map_in_the_free_part() {
        let b = rect(-100.0, -50.0, 100.0, 50.0);
        let free = PxRect::from_xywh(200.0, 0.0, 400.0, 300.0);
        let v = MapView::fit_within(b, [600, 300], free, FIT_MARGIN);
        let c = v.px_from_map(b.center());
        assert!(
            (c[0] - 400.0).abs() < 1e-3 && (c[1] - 150.0).abs() < 1e-3,
            "{c:?}"
        );
        let west = v.px_from_map(MapXy { x: -100.0, y: 0.0 });
        assert!(
            west[0] >= 200.0,
            "the map stays out of the reserved strip: {west:?}"
        );
    }

    #[test]
    fn px_and_map_round_trip_with_y_down() {
        let v = MapView {
            center_map_xy: MapXy { x: 10.0, y: 20.0 },
            km_per_px: 0.5,
            size_px: [100, 80],
        };
        let north = v.px_from_map(MapXy { x: 10.0, y: 25.0 });
        assert_eq!(north, [50.0, 30.0], "north is up");
        let p = v.map_from_px([12.5, 70.25]);
        assert_eq!(v.px_from_map(p), [12.5, 70.25]);
    }

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let v = MapView::fit(rect(0.0, 0.0, 100.0, 100.0), [200, 200]);
        let at = [30.0, 170.0];
        let before = v.map_from_px(at);
        let z = v.zoomed_around(at, 2.0);
        let after = z.map_from_px(at);
        assert!((before.x - after.x).abs() < 1e-9 && (before.y - after.y).abs() < 1e-9);
        assert!((z.km_per_px - v.km_per_px / 2.0).abs() < 1e-12);
    }

    #[test]
    fn clamping_limits_zoom_and_keeps_the_centre_over_the_map() {
        let b = rect(0.0, 0.0, 100.0, 100.0);
        let v = MapView::fit(b, [100, 100]);
        let far = MapView {
            km_per_px: v.km_per_px * 100.0,
            center_map_xy: MapXy { x: 500.0, y: -50.0 },
            ..v
        }
        .clamped(b, v.km_per_px);
        assert_eq!(far.km_per_px, v.km_per_px * ZOOM_OUT_LIMIT);
        assert_eq!((far.center_map_xy.x, far.center_map_xy.y), (100.0, 0.0));
        let near = MapView {
            km_per_px: v.km_per_px / 1000.0,
            ..v
        }
        .clamped(b, v.km_per_px);
        assert_eq!(near.km_per_px, v.km_per_px / ZOOM_IN_LIMIT);
    }

    #[test]
    fn requests_round_trip_through_their_arguments() {
        let projection = Projection::centered_on(LonLat {
            lon: 66.0,
            lat: 34.0,
        });
        let view = MapView {
            center_map_xy: MapXy {
                x: 123.456789,
                y: -98.7654321,
            },
            km_per_px: 1.234567,
            size_px: [640, 480],
        };
        let request = ViewRequest::of(&view, &projection);
        let args = request.to_args();
        let parts: Vec<&str> = args.split_whitespace().collect();
        let again = ViewRequest {
            center: parse_lonlat(parts[1]).unwrap(),
            km_per_px: parts[3].parse().unwrap(),
        };
        assert_eq!(again, request, "printed floats parse back exactly");
        assert_eq!(
            again.resolve(&projection, [640, 480]),
            request.resolve(&projection, [640, 480])
        );
    }

    #[test]
    fn positions_and_boxes_are_checked() {
        assert!(parse_lonlat("66.5,34.2").is_ok());
        assert!(parse_lonlat("66.5").unwrap_err().contains("LON,LAT"));
        assert!(parse_lonlat("200,0").unwrap_err().contains("off the globe"));
        assert!(parse_bbox("60,29,75,39").is_ok());
        assert!(parse_bbox("75,29,60,39").unwrap_err().contains("west"));
        assert!(parse_bbox("1,2,3").unwrap_err().contains("WEST,SOUTH"));
    }
}
