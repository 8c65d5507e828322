//! Small multiples: one picture of a grid of maps of successive dates ("the fall, day by day"),
//! with one title, one legend (in a column on the right) and one credits line, each map with its
//! date above it. Maps share one scale; the last carries the scale bar.

use jiff::civil::Date;

use super::briefing::{Briefing, BriefingLayout, LegendPlace, unit_of};
use super::frame::{Frame, OverlayItem, SceneInput, TextItem, map_layer};
use super::text::{Fonts, Weight};
use super::view::{FIT_MARGIN, MapView, PxRect};

/// `1–16 August 2021`, `28 July – 16 August 2021`, `30 December 2024 – 2 January 2025`.
pub fn date_range_text(first: Date, last: Date) -> String {
    if first == last {
        return first.strftime("%-d %B %Y").to_string();
    }
    if first.year() != last.year() {
        format!(
            "{} – {}",
            first.strftime("%-d %B %Y"),
            last.strftime("%-d %B %Y")
        )
    } else if first.month() != last.month() {
        format!(
            "{} – {}",
            first.strftime("%-d %B"),
            last.strftime("%-d %B %Y")
        )
    } else {
        format!("{}–{}", first.strftime("%-d"), last.strftime("%-d %B %Y"))
    }
}

/// `Day by day`, `Every 3 days`, `Every week`.
pub fn step_text(step_days: i32) -> String {
    match step_days {
        1 => "Day by day".into(),
        7 => "Week by week".into(),
        d if d % 7 == 0 => format!("Every {} weeks", d / 7),
        d => format!("Every {d} days"),
    }
}

/// A `cols` × `rows` grid of maps of `dates` (row by row; at most `cols × rows` of them) on a
/// `size` picture. `input`'s date is ignored: each map shows its own.
pub fn grid_frame(
    input: &SceneInput<'_>,
    dates: &[Date],
    [cols, rows]: [u32; 2],
    step_days: i32,
    size: [u32; 2],
    fonts: &mut Fonts,
) -> Frame {
    let palette = input.theme.palette();
    let (Some(&first), Some(&last)) = (dates.first(), dates.last()) else {
        return Frame {
            width: size[0],
            height: size[1],
            title: input.bundle.scenario().title.clone(),
            background: palette.band,
            maps: Vec::new(),
            overlay: Vec::new(),
        };
    };
    // One legend for every date: statuses and symbols, no counts.
    let mut briefing = Briefing::on(input.bundle, last, input.theme);
    briefing.legend.counts = false;
    // What the annotations of every cell mean, each once.
    briefing.legend.meanings.clear();
    for &d in dates {
        for m in super::legend::annotation_meanings(input.bundle, d, input.theme) {
            if !briefing.legend.meanings.iter().any(|(t, _)| *t == m.0) {
                briefing.legend.meanings.push(m);
            }
        }
    }
    briefing.date_text = date_range_text(first, last);
    briefing.caption = Some(step_text(step_days));
    let layout =
        BriefingLayout::with_legend(&briefing, size, &palette, fonts, LegendPlace::RightColumn);
    let unit = unit_of(size[0], size[1]);
    let gap = (unit * 0.02).round().max(4.0);
    let area = layout.map_area;
    let right = layout.legend.map_or(area.x1 - gap, |l| l.x0 - gap);
    let (cols, rows) = (cols.max(1) as f32, rows.max(1) as f32);
    let cell_w = ((right - area.x0 - gap - (cols - 1.0) * gap) / cols).floor();
    let cell_h = ((area.y1 - area.y0 - 2.0 * gap - (rows - 1.0) * gap) / rows).floor();
    let marks = (cell_h.min(cell_w * 9.0 / 16.0) / 420.0).clamp(0.6, 1.0);
    let label_size = (unit * 0.024).max(11.0);
    let mut overlay = layout.items;
    let mut maps = Vec::new();
    let n = dates.len().min((cols * rows) as usize);
    // One scale for every map: the one that fits the whole country into a cell.
    let label_h = fonts
        .shape("0", label_size, Weight::Bold, None)
        .height
        .ceil();
    let map_h = (cell_h - label_h - gap * 0.4).max(1.0);
    let fitted = MapView::fit_within(
        input.geometry.bounds,
        [cell_w.max(1.0) as u32, map_h as u32],
        PxRect::from_xywh(0.0, 0.0, cell_w, map_h),
        FIT_MARGIN,
    );
    for (k, &date) in dates.iter().take(n).enumerate() {
        let (i, j) = ((k as f32) % cols, (k as f32 / cols).floor());
        let x = area.x0 + gap + i * (cell_w + gap);
        let y = area.y0 + gap + j * (cell_h + gap);
        let text = fonts.shape(
            &date.strftime("%a %-d %b %Y").to_string(),
            label_size,
            Weight::Bold,
            None,
        );
        overlay.push(OverlayItem::Text(TextItem {
            id: Some(format!("cell-date-{k}").into()),
            class: "date",
            shaped: text,
            origin: [x, y],
            color: palette.text,
            halo: None,
        }));
        let map_area = PxRect::from_xywh(x, y + label_h + gap * 0.4, cell_w, map_h);
        // Capital names only where they can be read.
        let cell_input = SceneInput {
            date,
            marks,
            options: crate::scene::ViewOptions {
                labels: input.options.labels && marks >= 0.85,
                ..input.options
            },
            ..*input
        };
        let mut layer = map_layer(&cell_input, fitted, map_area, &[], fonts);
        layer.background = Some(palette.background);
        if k + 1 != n {
            layer.scale_bar = None;
        }
        maps.push(layer);
    }
    Frame {
        width: size[0],
        height: size[1],
        title: format!("{}, {}", briefing.title, briefing.date_text),
        background: palette.band,
        maps,
        overlay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn date_ranges_and_steps_read_as_words() {
        assert_eq!(
            date_range_text(date(2021, 8, 1), date(2021, 8, 16)),
            "1–16 August 2021"
        );
        assert_eq!(
            date_range_text(date(2021, 7, 28), date(2021, 8, 16)),
            "28 July – 16 August 2021"
        );
        assert_eq!(
            date_range_text(date(2024, 12, 30), date(2025, 1, 2)),
            "30 December 2024 – 2 January 2025"
        );
        assert_eq!(step_text(1), "Day by day");
        assert_eq!(step_text(3), "Every 3 days");
        assert_eq!(step_text(14), "Every 2 weeks");
    }
}
