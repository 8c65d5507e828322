//! Markers that stay readable at any scale. When the capitals in view are so close that their
//! markers would overlap, the crowded markers first shrink (each as much as its nearest
//! neighbour needs, down to [`MIN_SCALE`]; markers with room keep their size), then the ones
//! that still collide are left out, the less important first. A capital left out shows
//! again when the view zooms in far enough to give it room, so every capital can be reached.
//!
//! The function is pure and deterministic: the same candidates give the same result in the
//! window, in every export and in the HTML page. Cost is linear in the number of markers (a
//! uniform grid finds the neighbours), so world admin-1 (4,500 capitals) thins in well under a
//! millisecond.

/// The smallest markers get before they are thinned out, relative to their full size.
pub const MIN_SCALE: f32 = 0.6;

/// How much of their reach two markers must keep apart before any shrinks: their outer rings
/// may touch and overlap a little (the light ring and dark outline are there to separate
/// them), their coloured parts may not.
pub const CLEARANCE: f32 = 0.75;

/// How far apart the markers kept in a crowd stand, in reaches: a crowd thins to markers with
/// room around them, not to a carpet of touching ones.
pub const CROWD_CLEARANCE: f32 = 1.3;

/// A marker that may be drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Centre, px.
    pub center: [f32; 2],
    /// How far it reaches from its centre at full size, px.
    pub extent: f32,
    /// Lower draws first and is kept first.
    pub priority: u64,
}

/// Which markers to draw and at what size.
#[derive(Debug, Clone, PartialEq)]
pub struct Thinned {
    /// Per candidate: its size relative to its full size, in `MIN_SCALE..=1`.
    pub scale: Vec<f32>,
    /// Per candidate: drawn or left out.
    pub shown: Vec<bool>,
}

/// A uniform grid of points for neighbour queries.
struct Grid {
    cell: f32,
    origin: [f32; 2],
    cols: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
}

impl Grid {
    fn new(points: &[[f32; 2]], cell: f32) -> Self {
        let cell = cell.max(1.0);
        let (mut min, mut max) = ([f32::MAX; 2], [f32::MIN; 2]);
        for p in points {
            for k in 0..2 {
                min[k] = min[k].min(p[k]);
                max[k] = max[k].max(p[k]);
            }
        }
        if points.is_empty() {
            min = [0.0; 2];
            max = [0.0; 2];
        }
        // A view of hostile size must not make a huge grid: at most ~4 cells per point.
        let limit = (points.len() * 4).max(16) as f32;
        let mut cell = cell;
        while ((max[0] - min[0]) / cell + 1.0) * ((max[1] - min[1]) / cell + 1.0) > limit {
            cell *= 2.0;
        }
        let cols = ((max[0] - min[0]) / cell) as usize + 1;
        let rows = ((max[1] - min[1]) / cell) as usize + 1;
        Self {
            cell,
            origin: min,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
        }
    }

    fn cell_of(&self, p: [f32; 2]) -> (usize, usize) {
        let c = (((p[0] - self.origin[0]) / self.cell).max(0.0) as usize).min(self.cols - 1);
        let r = (((p[1] - self.origin[1]) / self.cell).max(0.0) as usize).min(self.rows - 1);
        (c, r)
    }

    fn insert(&mut self, p: [f32; 2], i: u32) {
        let (c, r) = self.cell_of(p);
        self.cells[r * self.cols + c].push(i);
    }

    /// Every point in the cells within `reach` of `p`.
    fn near(&self, p: [f32; 2], reach: f32) -> impl Iterator<Item = u32> + '_ {
        let span = (reach / self.cell).ceil() as usize;
        let (c, r) = self.cell_of(p);
        let (c0, c1) = (c.saturating_sub(span), (c + span).min(self.cols - 1));
        let (r0, r1) = (r.saturating_sub(span), (r + span).min(self.rows - 1));
        (r0..=r1).flat_map(move |rr| {
            (c0..=c1).flat_map(move |cc| self.cells[rr * self.cols + cc].iter().copied())
        })
    }
}

fn distance(a: [f32; 2], b: [f32; 2]) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

/// Shrinks and thins `candidates` so that no two drawn markers come closer than their
/// [`CLEARANCE`] plus `gap_px`.
pub fn thin(candidates: &[Candidate], gap_px: f32) -> Thinned {
    let n = candidates.len();
    if n < 2 {
        return Thinned {
            scale: vec![1.0; n],
            shown: vec![true; n],
        };
    }
    let largest = candidates
        .iter()
        .map(|c| c.extent)
        .fold(0.0f32, f32::max)
        .max(0.5);
    let points: Vec<[f32; 2]> = candidates.iter().map(|c| c.center).collect();
    let mut grid = Grid::new(&points, 2.0 * largest + gap_px);
    for (i, p) in points.iter().enumerate() {
        grid.insert(*p, i as u32);
    }
    // How much each marker must shrink to clear its nearest neighbour (1: it need not).
    let mut needed: Vec<f32> = Vec::with_capacity(n);
    for (i, c) in candidates.iter().enumerate() {
        let mut need = 1.0f32;
        for j in grid.near(c.center, 2.0 * largest + gap_px) {
            let j = j as usize;
            if j == i {
                continue;
            }
            let o = &candidates[j];
            let d = distance(c.center, o.center);
            let full = (c.extent + o.extent) * CLEARANCE;
            if d < full + gap_px {
                need = need.min(((d - gap_px) / full).max(0.0));
            }
        }
        needed.push(need);
    }
    // Each crowded marker shrinks as far as its nearest neighbour needs, within MIN_SCALE..1,
    // in steps of a twentieth (so that a zoom does not make every marker a new size).
    let scale: Vec<f32> = needed
        .iter()
        .map(|s| ((s * 20.0).floor() / 20.0).clamp(MIN_SCALE, 1.0))
        .collect();
    if needed.iter().all(|&s| s >= MIN_SCALE) {
        // Shrinking alone clears them, whichever way neighbours shrink: each pair's need was
        // met by the smaller of the two scales, and both are at most that.
        return Thinned {
            scale,
            shown: vec![true; n],
        };
    }
    // Then keep markers in priority order while they clear every marker kept before them.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (candidates[i].priority, i));
    let mut shown = vec![false; n];
    let reach = 2.0 * largest * CROWD_CLEARANCE + gap_px;
    let mut kept = Grid::new(&points, reach);
    for i in order {
        let c = &candidates[i];
        let clear = kept.near(c.center, reach).all(|j| {
            let j = j as usize;
            let o = &candidates[j];
            distance(c.center, o.center)
                >= (c.extent * scale[i] + o.extent * scale[j]) * CROWD_CLEARANCE + gap_px
        });
        if clear {
            shown[i] = true;
            kept.insert(c.center, i as u32);
        }
    }
    Thinned { scale, shown }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(x: f32, y: f32, priority: u64) -> Candidate {
        Candidate {
            center: [x, y],
            extent: 10.0,
            priority,
        }
    }

    #[test]
    fn markers_with_room_are_all_drawn_full_size() {
        let c = [at(0.0, 0.0, 1), at(30.0, 0.0, 2), at(0.0, 30.0, 3)];
        let t = thin(&c, 2.0);
        assert_eq!(t.scale, vec![1.0; 3]);
        assert_eq!(t.shown, vec![true; 3]);
    }

    #[test]
    fn close_markers_shrink_before_any_is_left_out() {
        // 12 px apart: at 0.67 of their size (reach 10 each, clearance 0.75, gap 2) they clear.
        let mut c: Vec<Candidate> = (0..10).map(|i| at(i as f32 * 12.0, 0.0, i)).collect();
        // One marker far away keeps its full size.
        c.push(at(500.0, 500.0, 99));
        let t = thin(&c, 2.0);
        assert!(
            t.scale[..10].iter().all(|s| *s < 1.0 && *s >= MIN_SCALE),
            "{:?}",
            t.scale
        );
        assert_eq!(t.scale[10], 1.0);
        assert!(t.shown.iter().all(|&s| s), "{:?}", t.shown);
    }

    #[test]
    fn a_crowd_thins_out_by_priority_and_never_overlaps() {
        // A dense grid, 5 px apart: far too close even at the smallest size.
        let mut c = Vec::new();
        for y in 0..30 {
            for x in 0..30 {
                c.push(at(
                    x as f32 * 5.0,
                    y as f32 * 5.0,
                    (x * 7 + y * 13) % 100 + 1,
                ));
            }
        }
        // The most important one sits in the middle of the crowd.
        c[465].priority = 0;
        let t = thin(&c, 2.0);
        assert!(t.scale.iter().all(|s| *s == MIN_SCALE));
        assert!(t.shown[465], "the highest priority is kept");
        let kept: Vec<&Candidate> = c
            .iter()
            .zip(&t.shown)
            .filter(|(_, s)| **s)
            .map(|(c, _)| c)
            .collect();
        assert!(kept.len() > 10 && kept.len() < 200, "{}", kept.len());
        for (i, a) in kept.iter().enumerate() {
            for b in &kept[i + 1..] {
                let d = distance(a.center, b.center);
                assert!(
                    d >= (a.extent + b.extent) * CROWD_CLEARANCE * MIN_SCALE + 2.0 - 1e-3,
                    "{d}"
                );
            }
        }
        assert_eq!(thin(&c, 2.0), t, "deterministic");
    }

    #[test]
    fn hostile_coordinates_do_not_blow_up_the_grid() {
        let c = [at(-1e30, 0.0, 1), at(1e30, 1e30, 2), at(0.0, 0.0, 3)];
        let t = thin(&c, 2.0);
        assert_eq!(t.shown.len(), 3);
    }
}
