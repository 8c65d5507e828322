//! What places the map in the world: the neighbouring countries' names, set where each has the
//! most room in view, and a scale bar.

use super::geometry::{DetailLevel, MapGeometry};
use super::items::{Halo, Stroke, TextItem};
use super::text::{Fonts, Weight};
use super::theme::Palette;
use super::view::{MapView, PxRect};

/// Neighbour name size, px at mark scale 1.
pub const NEIGHBOUR_LABEL_PX: f32 = 13.0;

/// The names of the neighbouring countries in view (their shapes from `level`, the neighbours'
/// level of detail for the view). Each goes where its country has the most
/// room inside the view (the deepest cell of a grid laid over the view, counted in cells to the
/// country's edge or the view's), without covering any rectangle in `avoid` (capital labels and
/// markers, the legend); a name that fits nowhere is left out.
#[allow(clippy::too_many_arguments)]
pub fn neighbour_labels(
    geometry: &MapGeometry,
    level: Option<&DetailLevel>,
    view: &MapView,
    offset: [f32; 2],
    marks: f32,
    palette: &Palette,
    avoid: &[PxRect],
    fonts: &mut Fonts,
) -> Vec<TextItem> {
    if geometry.neighbours.is_empty() {
        return Vec::new();
    }
    let cell = (16.0 * marks).max(4.0);
    let [w, h] = view.size_px.map(|v| v as f32);
    let (cols, rows) = ((w / cell).ceil() as usize, (h / cell).ceil() as usize);
    if cols == 0 || rows == 0 {
        return Vec::new();
    }
    let visible = view.visible_map_rect();
    let centre = |i: usize, j: usize| [(i as f32 + 0.5) * cell, (j as f32 + 0.5) * cell];
    let Some(level) = level else {
        return Vec::new();
    };
    let candidates: Vec<usize> = geometry
        .neighbours
        .iter()
        .enumerate()
        .filter(|(_, n)| n.bounds.intersects(&visible))
        .map(|(i, _)| i)
        .collect();
    // Which neighbour each cell's centre lies in, found row by row (scanline, even-odd over the
    // country's rings at the view's level of detail): for each row, where the rings cross it.
    let mut owner: Vec<Option<usize>> = vec![None; cols * rows];
    let k = view.km_per_px;
    let row_y: Vec<f64> = (0..rows)
        .map(|j| view.map_from_px(centre(0, j)).y)
        .collect();
    let x0 = view.map_from_px([0.0, 0.0]).x;
    let mut crossings: Vec<Vec<f64>> = vec![Vec::new(); rows];
    for &n in &candidates {
        let Some(mesh) = level.provinces.get(n) else {
            continue;
        };
        crossings.iter_mut().for_each(Vec::clear);
        for ring in &mesh.rings_map_xy {
            for w in ring.windows(2) {
                let (a, b) = (w[0].map(f64::from), w[1].map(f64::from));
                let (lo, hi) = if a[1] < b[1] { (a, b) } else { (b, a) };
                // Rows are evenly spaced, y decreasing with j: find the rows within [lo, hi).
                let jf = |y: f64| (row_y[0] - y) / (f64::from(cell) * k);
                let j_from = jf(hi[1]).ceil().max(0.0) as usize;
                let j_to = (jf(lo[1]).floor() as i64).min(rows as i64 - 1);
                for j in j_from as i64..=j_to {
                    let j = j as usize;
                    let y = row_y[j];
                    if y < lo[1] || y >= hi[1] {
                        continue;
                    }
                    let t = (y - lo[1]) / (hi[1] - lo[1]);
                    crossings[j].push(lo[0] + t * (hi[0] - lo[0]));
                }
            }
        }
        for (j, xs) in crossings.iter_mut().enumerate() {
            xs.sort_by(f64::total_cmp);
            for pair in xs.chunks_exact(2) {
                // Cells whose centre lies between the two crossings.
                let px = |x: f64| ((x - x0) / k) as f32 / cell - 0.5;
                let i_from = px(pair[0]).ceil().max(0.0) as usize;
                let i_to = (px(pair[1]).floor() as i64).min(cols as i64 - 1);
                for i in i_from as i64..=i_to {
                    owner[j * cols + i as usize].get_or_insert(n);
                }
            }
        }
    }
    // Depth: cells to the nearest cell of another owner or the view's edge, by a two-pass
    // chessboard distance transform.
    let mut depth = vec![0u32; cols * rows];
    let idx = |i: isize, j: isize| {
        (i >= 0 && j >= 0 && (i as usize) < cols && (j as usize) < rows)
            .then(|| j as usize * cols + i as usize)
    };
    let passes: [(bool, [(isize, isize); 4]); 2] = [
        (true, [(-1, 0), (-1, -1), (0, -1), (1, -1)]),
        (false, [(1, 0), (1, 1), (0, 1), (-1, 1)]),
    ];
    for (forward, steps) in passes {
        for n in 0..cols * rows {
            let k = if forward { n } else { cols * rows - 1 - n };
            if owner[k].is_none() {
                continue;
            }
            let (i, j) = ((k % cols) as isize, (k / cols) as isize);
            let mut d = u32::MAX;
            for (di, dj) in steps {
                let v = match idx(i + di, j + dj) {
                    Some(q) if owner[q] == owner[k] => depth[q],
                    _ => 0,
                };
                d = d.min(v + 1);
            }
            depth[k] = if forward { d } else { depth[k].min(d) };
        }
    }
    let size = NEIGHBOUR_LABEL_PX * marks;
    let halo = 2.0 * marks;
    let mut taken: Vec<PxRect> = avoid.to_vec();
    let mut out = Vec::new();
    for n in candidates {
        let mut cells: Vec<usize> = (0..cols * rows).filter(|&k| owner[k] == Some(n)).collect();
        if cells.is_empty() {
            continue;
        }
        cells.sort_by_key(|&k| std::cmp::Reverse(depth[k]));
        let name = geometry.neighbours[n].name.to_uppercase();
        let shaped = fonts.shape(&name, size, Weight::Regular, None);
        let (tw, th) = (shaped.width, shaped.height);
        for &k in cells.iter().take(40) {
            let [cx, cy] = centre(k % cols, k / cols);
            let rect = PxRect::from_xywh((cx - tw / 2.0).round(), (cy - th / 2.0).round(), tw, th);
            // The whole name inside the country and the view, clear of everything placed.
            let inside = [
                [rect.x0, rect.y0],
                [rect.x1, rect.y0],
                [rect.x0, rect.y1],
                [rect.x1, rect.y1],
            ]
            .iter()
            .all(|&[x, y]| {
                let (i, j) = ((x / cell).floor(), (y / cell).floor());
                i >= 0.0
                    && j >= 0.0
                    && (i as usize) < cols
                    && (j as usize) < rows
                    && owner[j as usize * cols + i as usize] == Some(n)
            });
            let placed = PxRect {
                x0: rect.x0 + offset[0],
                y0: rect.y0 + offset[1],
                x1: rect.x1 + offset[0],
                y1: rect.y1 + offset[1],
            };
            if !inside || taken.iter().any(|t| t.overlaps(&placed)) {
                continue;
            }
            taken.push(placed.grown(4.0 * marks));
            out.push(TextItem {
                id: Some(format!("neighbour-{}", n).into()),
                class: "neighbour",
                shaped: shaped.clone(),
                origin: [placed.x0, placed.y0],
                color: palette.neighbour_label,
                halo: Some(Halo {
                    color: palette.neighbour_halo,
                    width_px: halo,
                }),
            });
            break;
        }
    }
    out
}

/// A scale bar: a line of a round length with a tick at each end, and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleBar {
    /// Its length, km.
    pub km: f64,
    /// A wider stroke under the bar, so it reads over any fill.
    pub halo: Stroke,
    /// The bar and its ticks.
    pub bar: Stroke,
    /// "100 km".
    pub label: TextItem,
}

/// The largest 1, 2 or 5 × 10ⁿ not above `v`.
pub fn round_length(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 0.0;
    }
    let p = 10f64.powf(v.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * p)
        .find(|l| *l <= v * (1.0 + 1e-9))
        .unwrap_or(p)
}

/// A scale bar about 110 px long at mark scale 1, in the bottom right corner of `area`.
pub fn scale_bar(
    view: &MapView,
    area: PxRect,
    marks: f32,
    palette: &Palette,
    fonts: &mut Fonts,
) -> Option<ScaleBar> {
    let km = round_length(f64::from(110.0 * marks) * view.km_per_px);
    if km <= 0.0 {
        return None;
    }
    let length = (km / view.km_per_px) as f32;
    let margin = 16.0 * marks;
    let x1 = (area.x1 - margin).round();
    let x0 = (x1 - length).round();
    let y = (area.y1 - margin).round();
    if x0 < area.x0 + margin || y < area.y0 + 40.0 * marks {
        return None;
    }
    let tick = 6.0 * marks;
    let lines = vec![vec![[x0, y - tick], [x0, y], [x1, y], [x1, y - tick]]];
    let text = if km >= 1.0 {
        format!("{} km", km as u64)
    } else {
        format!("{} m", (km * 1000.0).round() as u64)
    };
    let shaped = fonts.shape(&text, 12.0 * marks, Weight::Regular, None);
    let label = TextItem {
        id: Some("scale-bar-label".into()),
        class: "scale",
        origin: [
            ((x0 + x1) / 2.0 - shaped.width / 2.0).round(),
            (y - tick - 2.0 * marks - shaped.height).round(),
        ],
        shaped,
        color: palette.text,
        halo: Some(Halo {
            color: palette.label_halo,
            width_px: 2.0 * marks,
        }),
    };
    Some(ScaleBar {
        km,
        halo: Stroke {
            lines: lines.clone(),
            color: crate::model::Rgb([
                palette.label_halo.0[0],
                palette.label_halo.0[1],
                palette.label_halo.0[2],
            ]),
            width_px: 5.0 * marks,
        },
        bar: Stroke {
            lines,
            color: palette.text,
            width_px: 1.5 * marks,
        },
        label,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_round_down_to_one_two_or_five() {
        assert_eq!(round_length(137.0), 100.0);
        assert_eq!(round_length(260.0), 200.0);
        assert_eq!(round_length(99.0), 50.0);
        assert_eq!(round_length(5.0), 5.0);
        assert_eq!(round_length(0.7), 0.5);
        assert_eq!(round_length(0.0), 0.0);
    }
}
