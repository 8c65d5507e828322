//! Capital markers as layers of simple shapes, in pixels: a dark outline, a light ring, the
//! status colour, and for contested statuses a hollow centre. Every backend draws these layers
//! in order; the sizes live here only.

use crate::model::Rgb;

use super::looks::{CapitalLook, MarkerShape};
use super::theme::Palette;

/// Marker radius (of the status-coloured part) in pixels at mark scale 1.
pub const MARKER_RADIUS_PX: f32 = 6.0;
/// The national capital's marker is this much larger.
pub const NATIONAL_FACTOR: f32 = 1.3;
/// A diamond reaches this far out, relative to a circle's radius (same visual weight).
pub const DIAMOND_REACH: f32 = 1.25;

/// One layer of a marker: a shape of a size and colour, centred on the capital or offset from
/// it (badges).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarkerLayer {
    /// The shape.
    pub shape: MarkerShape,
    /// Radius in pixels (a diamond's vertices lie at `radius × DIAMOND_REACH`; a square's
    /// half side is the radius; a cross reaches the radius along its diagonals).
    pub radius_px: f32,
    /// Fill colour.
    pub color: Rgb,
    /// Offset of the shape's centre from the capital, px (y down).
    pub offset_px: [f32; 2],
}

impl MarkerLayer {
    /// The layer's centre for a marker centred at `center`.
    pub fn center(&self, center: [f32; 2]) -> [f32; 2] {
        [center[0] + self.offset_px[0], center[1] + self.offset_px[1]]
    }
}

/// The radius of a capital's marker, px.
pub fn marker_radius_px(national: bool, marks: f32) -> f32 {
    MARKER_RADIUS_PX * marks * if national { NATIONAL_FACTOR } else { 1.0 }
}

/// The layers of a marker, bottom first: outline, ring, status colour, the hollow centre of a
/// contested status, then badges: a cross at the top right while a refuted claim stands, the
/// holder's colour at the bottom right for an enclave, a square at the bottom left for foreign
/// forces.
pub fn marker_layers(
    look: &CapitalLook,
    radius_px: f32,
    marks: f32,
    palette: &Palette,
) -> Vec<MarkerLayer> {
    let layer = |shape, radius_px: f32, color: Rgb, offset_px: [f32; 2]| MarkerLayer {
        shape,
        radius_px,
        color,
        offset_px,
    };
    let at = [0.0, 0.0];
    let mut layers = Vec::with_capacity(8);
    if look.changed {
        // Changed hands since the date compared with: a dark ring around a light gap.
        layers.push(layer(
            MarkerShape::Circle,
            radius_px * DIAMOND_REACH + 6.0 * marks,
            palette.text,
            at,
        ));
        layers.push(layer(
            MarkerShape::Circle,
            radius_px * DIAMOND_REACH + 4.0 * marks,
            palette.marker_hole,
            at,
        ));
    }
    layers.extend([
        layer(
            look.shape,
            radius_px + 2.5 * marks,
            palette.marker_outline,
            at,
        ),
        layer(look.shape, radius_px + 1.4 * marks, palette.marker_hole, at),
        layer(look.shape, radius_px, look.color, at),
    ]);
    if look.contested {
        layers.push(layer(look.shape, radius_px * 0.45, palette.marker_hole, at));
    }
    let badge = (radius_px * 0.7).max(3.5 * marks);
    let reach = radius_px + badge * 0.35;
    if look.refuted {
        let o = [reach, -reach];
        layers.push(layer(
            MarkerShape::Circle,
            badge + 1.2 * marks,
            palette.marker_hole,
            o,
        ));
        layers.push(layer(MarkerShape::Cross, badge * 0.95, palette.refuted, o));
    }
    if let Some(holder) = look.enclave {
        let o = [reach, reach];
        layers.push(layer(
            MarkerShape::Circle,
            badge + 1.2 * marks,
            palette.marker_outline,
            o,
        ));
        layers.push(layer(MarkerShape::Circle, badge, holder, o));
    }
    if look.foreign {
        let o = [-reach, reach];
        layers.push(layer(
            MarkerShape::Square,
            badge * 0.8 + 1.2 * marks,
            palette.marker_outline,
            o,
        ));
        layers.push(layer(
            MarkerShape::Square,
            badge * 0.8,
            palette.marker_hole,
            o,
        ));
        layers.push(layer(
            MarkerShape::Square,
            badge * 0.35,
            palette.marker_outline,
            o,
        ));
    }
    layers
}

/// The outer extent of a marker from its centre, px (for label clearance and hit tests).
pub fn marker_extent_px(radius_px: f32, marks: f32) -> f32 {
    (radius_px + 2.5 * marks) * DIAMOND_REACH
}

/// How far a marker's layers reach from its centre, badges included, px.
pub fn layers_extent_px(layers: &[MarkerLayer]) -> f32 {
    layers
        .iter()
        .map(|l| {
            let reach = match l.shape {
                MarkerShape::Diamond => l.radius_px * DIAMOND_REACH,
                MarkerShape::Square => l.radius_px * std::f32::consts::SQRT_2,
                _ => l.radius_px,
            };
            l.offset_px[0].abs().max(l.offset_px[1].abs()) + reach
        })
        .fold(0.0, f32::max)
}

/// A shape as a polygon around (0, 0), px, y down: for backends that draw triangles. Circles
/// get enough segments that the polygon stays within 0.02 px of the true circle at marker sizes.
pub fn shape_polygon(shape: MarkerShape, radius_px: f32) -> Vec<[f32; 2]> {
    match shape {
        MarkerShape::Diamond => {
            let r = radius_px * DIAMOND_REACH;
            vec![[0.0, -r], [r, 0.0], [0.0, r], [-r, 0.0]]
        }
        MarkerShape::Square => {
            let r = radius_px;
            vec![[-r, -r], [r, -r], [r, r], [-r, r]]
        }
        MarkerShape::Cross => {
            // An X: two bars a third of the reach wide; star-shaped about the centre, so a
            // triangle fan from the centre fills it.
            let r = radius_px / std::f32::consts::SQRT_2;
            let w = radius_px * 0.3;
            let k = w / std::f32::consts::SQRT_2;
            vec![
                [0.0, -2.0 * k],
                [r - k, -r - k],
                [r + k, -r + k],
                [2.0 * k, 0.0],
                [r + k, r - k],
                [r - k, r + k],
                [0.0, 2.0 * k],
                [-r + k, r + k],
                [-r - k, r - k],
                [-2.0 * k, 0.0],
                [-r - k, -r + k],
                [-r + k, -r - k],
            ]
        }
        MarkerShape::Circle => {
            // Sides about 1.5 px long: within a twentieth of a pixel of the true circle at
            // marker sizes, and no more vertices than that (thousands of markers share a mesh).
            let n = ((std::f32::consts::TAU * radius_px / 1.5).ceil() as usize).clamp(24, 64);
            (0..n)
                .map(|i| {
                    let a = i as f32 / n as f32 * std::f32::consts::TAU;
                    [radius_px * a.cos(), radius_px * a.sin()]
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::theme::Theme;

    fn look(shape: MarkerShape, contested: bool) -> CapitalLook {
        CapitalLook::plain(0, Rgb([1, 2, 3]), shape, contested)
    }

    #[test]
    fn layers_put_the_status_colour_on_top_and_hollow_contested_ones() {
        let palette = Theme::Light.palette();
        let plain = marker_layers(&look(MarkerShape::Circle, false), 6.0, 1.0, &palette);
        assert_eq!(plain.len(), 3);
        assert_eq!(plain[2].color, Rgb([1, 2, 3]));
        assert!(plain[0].radius_px > plain[1].radius_px && plain[1].radius_px > plain[2].radius_px);
        let hollow = marker_layers(&look(MarkerShape::Diamond, true), 6.0, 1.0, &palette);
        assert_eq!(hollow.len(), 4);
        assert_eq!(hollow[3].color, palette.marker_hole);
        assert!(hollow.iter().all(|l| l.shape == MarkerShape::Diamond));
    }

    #[test]
    fn badges_sit_beside_the_marker() {
        let palette = Theme::Dark.palette();
        let mut l = look(MarkerShape::Circle, false);
        l.refuted = true;
        l.enclave = Some(Rgb([9, 9, 9]));
        l.foreign = true;
        let layers = marker_layers(&l, 6.0, 1.0, &palette);
        let cross = layers
            .iter()
            .find(|x| x.shape == MarkerShape::Cross)
            .unwrap();
        assert!(
            cross.offset_px[0] > 6.0 && cross.offset_px[1] < -6.0,
            "top right"
        );
        assert_eq!(cross.color, palette.refuted);
        let enclave = layers.iter().find(|x| x.color == Rgb([9, 9, 9])).unwrap();
        assert!(
            enclave.offset_px[0] > 0.0 && enclave.offset_px[1] > 0.0,
            "bottom right"
        );
        let square = layers
            .iter()
            .find(|x| x.shape == MarkerShape::Square)
            .unwrap();
        assert!(
            square.offset_px[0] < 0.0 && square.offset_px[1] > 0.0,
            "bottom left"
        );
        assert!(layers_extent_px(&layers) > marker_extent_px(6.0, 1.0));
    }

    #[test]
    fn circle_polygons_stay_close_to_the_circle() {
        for radius in [4.0f32, 6.0, 10.0, 20.0, 40.0] {
            let poly = shape_polygon(MarkerShape::Circle, radius);
            assert!(poly.len() <= 64);
            for w in poly.windows(2) {
                let mid = [(w[0][0] + w[1][0]) / 2.0, (w[0][1] + w[1][1]) / 2.0];
                let r = (mid[0] * mid[0] + mid[1] * mid[1]).sqrt();
                assert!(radius - r < 0.05, "radius {radius}: {r}");
            }
        }
    }

    #[test]
    fn a_capital_that_changed_hands_gets_a_ring_under_its_marker() {
        let palette = Theme::Light.palette();
        let mut l = look(MarkerShape::Circle, false);
        let plain = marker_layers(&l, 6.0, 1.0, &palette);
        l.changed = true;
        let ringed = marker_layers(&l, 6.0, 1.0, &palette);
        assert_eq!(ringed.len(), plain.len() + 2);
        assert_eq!(&ringed[2..], &plain[..], "the marker itself is unchanged");
        assert_eq!(ringed[0].color, palette.text);
        assert!(ringed[0].radius_px > ringed[1].radius_px);
        assert!(ringed[1].radius_px > plain[0].radius_px);
    }
}
