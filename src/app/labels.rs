//! Capital labels that never overlap: labels are placed in priority order (the selected
//! capital, the national capital, then capitals of larger provinces) and a label that would
//! collide with one already placed, or with another capital's marker, is hidden. Recomputed
//! only when the zoom, the selection, the label setting or a label's text layout changes.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::TextLayoutInfo;

use super::AppSystems;
use super::scene::{CapitalLabel, MARKER_RADIUS_PX, MapGeometry, PixelScale, ViewOptions};
use super::selection::Selection;

/// One label to place, in logical pixels relative to the map origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelBox {
    /// Capital index.
    pub capital: usize,
    /// Order: lower is placed first.
    pub priority: usize,
    /// The label's rectangle.
    pub rect: Rect,
    /// Shown whatever it overlaps (the national capital).
    pub always: bool,
}

/// Where a label sits relative to its marker, tried in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelSide {
    /// To the right (the default).
    Right,
    /// To the left.
    Left,
    /// Above.
    Above,
    /// Below.
    Below,
}

impl LabelSide {
    /// Every side, in the order they are tried.
    pub const ALL: [LabelSide; 4] = [
        LabelSide::Right,
        LabelSide::Left,
        LabelSide::Above,
        LabelSide::Below,
    ];

    /// The label rectangle on this side of a marker at `at` (logical px), for a label of `size`.
    pub fn rect(self, at: Vec2, size: Vec2, gap: f32) -> Rect {
        let min = match self {
            LabelSide::Right => at + Vec2::new(gap, -size.y / 2.0),
            LabelSide::Left => at + Vec2::new(-gap - size.x, -size.y / 2.0),
            LabelSide::Above => at + Vec2::new(-size.x / 2.0, gap),
            LabelSide::Below => at + Vec2::new(-size.x / 2.0, -gap - size.y),
        };
        Rect::from_corners(min, min + size)
    }
}

/// Chooses which labels to show and on which side of their marker: greedy by priority, each
/// label takes the first side where it overlaps neither a placed label nor another capital's
/// marker, or is hidden. `boxes[i].rect` is the label on the right; `gap` is the marker
/// clearance. Returns one side (or None: hidden) per input box.
pub fn place_labels(boxes: &[LabelBox], markers: &[Rect], gap: f32) -> Vec<Option<LabelSide>> {
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by_key(|&i| boxes[i].priority);
    let mut placed: Vec<Rect> = Vec::new();
    let mut shown = vec![None; boxes.len()];
    for i in order {
        let b = &boxes[i];
        let at = Vec2::new(b.rect.min.x - gap, b.rect.center().y);
        let free = |r: Rect| {
            !placed.iter().any(|p| !p.intersect(r).is_empty())
                && !markers
                    .iter()
                    .enumerate()
                    .any(|(m, mr)| m != b.capital && !mr.intersect(r).is_empty())
        };
        let side = LabelSide::ALL
            .into_iter()
            .find(|side| free(side.rect(at, b.rect.size(), gap)))
            .or(b.always.then_some(LabelSide::Right));
        if let Some(side) = side {
            placed.push(side.rect(at, b.rect.size(), gap));
            shown[i] = Some(side);
        }
    }
    shown
}

/// Clearance between a marker's centre and its label, logical px.
const GAP_PX: f32 = MARKER_RADIUS_PX + 4.0;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, layout_labels.in_set(AppSystems::Labels));
}

#[allow(clippy::type_complexity)]
fn layout_labels(
    options: Res<ViewOptions>,
    selection: Res<Selection>,
    scale: Res<PixelScale>,
    geometry: Res<MapGeometry>,
    changed_text: Query<(), Changed<TextLayoutInfo>>,
    mut labels: Query<(
        &CapitalLabel,
        &TextLayoutInfo,
        &mut Visibility,
        &mut Transform,
        &mut Anchor,
    )>,
    mut last: Local<Option<(f32, Option<usize>, bool)>>,
) {
    let key = (scale.0, selection.capital, options.labels);
    if *last == Some(key) && changed_text.is_empty() {
        return;
    }
    *last = Some(key);
    let s = scale.0.max(1e-6);
    let markers: Vec<Rect> = geometry
        .capitals_map_xy
        .iter()
        .map(|p| Rect::from_center_half_size(*p / s, Vec2::splat(MARKER_RADIUS_PX + 1.0)))
        .collect();
    let boxes: Vec<LabelBox> = labels
        .iter()
        .map(|(label, layout, ..)| {
            let at = geometry
                .capitals_map_xy
                .get(label.capital)
                .copied()
                .unwrap_or_default()
                / s;
            let size = layout.size / layout.scale_factor.max(1e-6);
            let min = at + Vec2::new(GAP_PX, -size.y / 2.0);
            let priority = if selection.capital == Some(label.capital) {
                0
            } else {
                label.priority + 1
            };
            let always = label.priority == 0;
            LabelBox {
                capital: label.capital,
                priority,
                rect: Rect::from_corners(min, min + size),
                always,
            }
        })
        .collect();
    let shown = place_labels(&boxes, &markers, GAP_PX);
    for ((label, _, mut visibility, mut transform, mut anchor), side) in
        labels.iter_mut().zip(shown)
    {
        let want = if options.labels && side.is_some() {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        visibility.set_if_neq(want);
        let Some(side) = side else { continue };
        let at = geometry
            .capitals_map_xy
            .get(label.capital)
            .copied()
            .unwrap_or_default();
        let (offset, new_anchor) = match side {
            LabelSide::Right => (Vec2::new(GAP_PX, 0.0), Anchor::CENTER_LEFT),
            LabelSide::Left => (Vec2::new(-GAP_PX, 0.0), Anchor::CENTER_RIGHT),
            LabelSide::Above => (Vec2::new(0.0, GAP_PX), Anchor::BOTTOM_CENTER),
            LabelSide::Below => (Vec2::new(0.0, -GAP_PX), Anchor::TOP_CENTER),
        };
        let translation = (at + offset * s).extend(transform.translation.z);
        if transform.translation != translation {
            transform.translation = translation;
        }
        anchor.set_if_neq(new_anchor);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(capital: usize, priority: usize, x: f32, y: f32) -> LabelBox {
        LabelBox {
            capital,
            priority,
            rect: Rect::new(x, y, x + 50.0, y + 12.0),
            always: false,
        }
    }

    #[test]
    fn lower_priority_label_hides_on_collision() {
        let boxes = [
            label(0, 5, 0.0, 0.0),
            label(1, 1, 30.0, 5.0),
            label(2, 2, 200.0, 0.0),
        ];
        let shown = place_labels(&boxes, &[], 5.0);
        assert_eq!(
            shown[1],
            Some(LabelSide::Right),
            "higher priority keeps its place"
        );
        assert_eq!(shown[2], Some(LabelSide::Right));
        assert_ne!(shown[0], Some(LabelSide::Right), "moved or hidden");
        if let Some(side) = shown[0] {
            let r = side.rect(Vec2::new(-5.0, 6.0), Vec2::new(50.0, 12.0), 5.0);
            assert!(
                r.intersect(boxes[1].rect).is_empty(),
                "{side:?} still overlaps"
            );
        }
    }

    #[test]
    fn the_national_capital_always_shows() {
        let mut boxes = [label(0, 1, 0.0, 0.0), label(1, 0, 30.0, 5.0)];
        boxes[0].always = true;
        // Every side is blocked by another capital's marker: it still shows, on the right.
        let own = Rect::from_center_half_size(Vec2::new(-5.0, 6.0), Vec2::splat(1.0));
        let everywhere = Rect::from_center_half_size(Vec2::new(0.0, 6.0), Vec2::splat(300.0));
        let second = Rect::from_center_half_size(Vec2::new(25.0, 11.0), Vec2::splat(1.0));
        let shown = place_labels(&boxes, &[own, second, everywhere], 5.0);
        assert_eq!(
            shown[0],
            Some(LabelSide::Right),
            "the national capital stays"
        );
        assert_eq!(shown[1], None, "an ordinary label hides");
    }

    #[test]
    fn labels_avoid_other_markers_but_not_their_own() {
        let boxes = [label(0, 0, 0.0, 0.0)];
        let own = Rect::from_center_half_size(Vec2::new(-5.0, 6.0), Vec2::splat(7.0));
        let other = Rect::from_center_half_size(Vec2::new(25.0, 6.0), Vec2::splat(7.0));
        assert_eq!(
            place_labels(&boxes, &[own], 5.0),
            vec![Some(LabelSide::Right)]
        );
        assert_eq!(
            place_labels(&boxes, &[own, other], 5.0),
            vec![Some(LabelSide::Left)]
        );
        let everywhere = Rect::from_center_half_size(Vec2::new(0.0, 6.0), Vec2::splat(200.0));
        assert_eq!(place_labels(&boxes, &[own, everywhere], 5.0), vec![None]);
    }
}
