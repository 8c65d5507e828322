//! Label placement: which capital names show and on which side of their marker, so that no
//! two labels overlap and no label covers another capital's marker. Placed greedily by
//! priority (the selected capital, the national capital, then capitals of larger provinces):
//! each label takes the first free side (right, left, above, below) or is hidden; the national
//! capital always shows. Collisions are found with an R-tree (rstar), so placing n labels takes
//! O(n log n). Collisions are resolved here, once, for every backend.

use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use super::view::PxRect;

/// Where a label sits relative to its marker, tried in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

    /// The label box on this side of a marker at `at` (px, y down), `gap` px from its centre.
    /// The box's corner is rounded to whole pixels so text lands on the pixel grid.
    pub fn rect(self, at: [f32; 2], size: [f32; 2], gap: f32) -> PxRect {
        let [x, y] = at;
        let [w, h] = size;
        let (x0, y0) = match self {
            LabelSide::Right => (x + gap, y - h / 2.0),
            LabelSide::Left => (x - gap - w, y - h / 2.0),
            LabelSide::Above => (x - w / 2.0, y - gap - h),
            LabelSide::Below => (x - w / 2.0, y + gap),
        };
        PxRect::from_xywh(x0.round(), y0.round(), w, h)
    }
}

/// One label to place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelRequest {
    /// Capital index.
    pub capital: usize,
    /// Lower is placed first.
    pub priority: u64,
    /// The marker centre, px.
    pub at: [f32; 2],
    /// Clearance between the marker centre and the label, px.
    pub gap: f32,
    /// The label box size (text and halo), px.
    pub size: [f32; 2],
    /// Shown whatever it overlaps (the national capital).
    pub always: bool,
}

/// A placed label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelPlacement {
    /// Capital index.
    pub capital: usize,
    /// Which side of its marker.
    pub side: LabelSide,
    /// The label box, px.
    pub rect: PxRect,
}

type Boxed = GeomWithData<Rectangle<[f32; 2]>, usize>;

fn boxed(r: &PxRect, capital: usize) -> Boxed {
    GeomWithData::new(Rectangle::from_corners([r.x0, r.y0], [r.x1, r.y1]), capital)
}

/// Places labels; returns the placed ones in priority order. `markers` are the boxes of every
/// marker drawn (with their capital), which labels of other capitals must not cover.
pub fn place_labels(requests: &[LabelRequest], markers: &[(usize, PxRect)]) -> Vec<LabelPlacement> {
    let mut order: Vec<&LabelRequest> = requests.iter().collect();
    order.sort_by_key(|r| (r.priority, r.capital));
    let marker_tree: RTree<Boxed> =
        RTree::bulk_load(markers.iter().map(|(c, r)| boxed(r, *c)).collect());
    let mut placed_tree: RTree<Boxed> = RTree::new();
    let mut placed = Vec::new();
    for r in order {
        let free = |rect: &PxRect| {
            // Shrink a hair so that boxes which only touch do not collide.
            let probe = rect.grown(-0.01);
            let env = AABB::from_corners([probe.x0, probe.y0], [probe.x1, probe.y1]);
            placed_tree
                .locate_in_envelope_intersecting(&env)
                .next()
                .is_none()
                && marker_tree
                    .locate_in_envelope_intersecting(&env)
                    .all(|m| m.data == r.capital)
        };
        let side = LabelSide::ALL
            .into_iter()
            .find(|side| free(&side.rect(r.at, r.size, r.gap)))
            .or(r.always.then_some(LabelSide::Right));
        if let Some(side) = side {
            let rect = side.rect(r.at, r.size, r.gap);
            placed_tree.insert(boxed(&rect, r.capital));
            placed.push(LabelPlacement {
                capital: r.capital,
                side,
                rect,
            });
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(capital: usize, priority: u64, x: f32, y: f32) -> LabelRequest {
        LabelRequest {
            capital,
            priority,
            at: [x, y],
            gap: 5.0,
            size: [50.0, 12.0],
            always: false,
        }
    }

    fn side_of(placed: &[LabelPlacement], c: usize) -> Option<LabelSide> {
        placed.iter().find(|p| p.capital == c).map(|p| p.side)
    }

    #[test]
    fn lower_priority_label_moves_or_hides_on_collision() {
        let requests = [
            req(0, 5, 0.0, 0.0),
            req(1, 1, 30.0, 5.0),
            req(2, 2, 200.0, 0.0),
        ];
        let placed = place_labels(&requests, &[]);
        assert_eq!(
            side_of(&placed, 1),
            Some(LabelSide::Right),
            "higher priority keeps its place"
        );
        assert_eq!(side_of(&placed, 2), Some(LabelSide::Right));
        assert_ne!(
            side_of(&placed, 0),
            Some(LabelSide::Right),
            "moved or hidden"
        );
        for a in &placed {
            for b in &placed {
                assert!(
                    a.capital == b.capital || !a.rect.overlaps(&b.rect),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn the_national_capital_always_shows() {
        let mut national = req(0, 1, 0.0, 0.0);
        national.always = true;
        let everywhere = PxRect::from_xywh(-300.0, -300.0, 600.0, 600.0);
        let placed = place_labels(&[national, req(1, 2, 100.0, 100.0)], &[(7, everywhere)]);
        assert_eq!(
            side_of(&placed, 0),
            Some(LabelSide::Right),
            "the national capital stays"
        );
        assert_eq!(side_of(&placed, 1), None, "an ordinary label hides");
    }

    #[test]
    fn labels_avoid_other_markers_but_not_their_own() {
        let own = PxRect::from_xywh(-7.0, -7.0, 14.0, 14.0);
        let right_of_it = PxRect::from_xywh(20.0, -7.0, 14.0, 14.0);
        let r = req(0, 0, 0.0, 0.0);
        assert_eq!(
            side_of(&place_labels(&[r], &[(0, own)]), 0),
            Some(LabelSide::Right)
        );
        assert_eq!(
            side_of(&place_labels(&[r], &[(0, own), (1, right_of_it)]), 0),
            Some(LabelSide::Left)
        );
    }

    #[test]
    fn many_labels_never_overlap() {
        // A dense grid: every placed pair must be disjoint.
        let requests: Vec<LabelRequest> = (0..400)
            .map(|i| {
                req(
                    i,
                    (i * 7919 % 400) as u64,
                    (i % 20) as f32 * 31.0,
                    (i / 20) as f32 * 17.0,
                )
            })
            .collect();
        let placed = place_labels(&requests, &[]);
        assert!(placed.len() > 50, "{}", placed.len());
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect));
            }
        }
    }
}
