//! The briefing around a map: what it says (title, the date written out, the key moment's
//! caption, the legend with counts and the marker key, credits) and where it goes on a picture
//! (a header band above the map, a footer band below, the legend panel over the map's lower
//! left corner). Text wraps onto as many lines as it needs and the map area shrinks to fit, so
//! nothing is cut. Sizes follow the picture's "unit" (about its height, see [`unit_of`]).

use jiff::civil::Date;

use crate::bundle::ScenarioBundle;

use super::items::{OverlayItem, PatternStyle, TextItem};
use super::legend::{Legend, symbol_layers};
use super::text::{Fonts, Weight};
use super::theme::{Palette, Theme, status_color};
use super::view::PxRect;
use crate::model::Rgb;

/// `Monday 9 August 2021`: how every output writes a date in words.
pub fn long_date(date: Date) -> String {
    date.strftime("%A %-d %B %Y").to_string()
}

/// What a briefing says on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Briefing {
    /// Scenario title.
    pub title: String,
    /// The date, written out.
    pub date_text: String,
    /// The key moment's caption on that date, if any.
    pub caption: Option<String>,
    /// The legend.
    pub legend: Legend,
    /// Credits line.
    pub credits: String,
    /// What changed hands since an earlier date, when comparing.
    pub changes: Option<ChangeList>,
}

/// The capitals that changed hands between two dates, as a briefing lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeList {
    /// The earlier date, written out.
    pub since_text: String,
    /// `6 capitals changed hands`.
    pub headline: String,
    /// One row per capital, in the order of the capitals.
    pub rows: Vec<ChangeRow>,
}

/// One capital that changed hands.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    /// The capital's index.
    pub capital: usize,
    /// Its name.
    pub name: String,
    /// Status label and colour before.
    pub before: (String, Rgb),
    /// Status label and colour after.
    pub after: (String, Rgb),
}

impl ChangeRow {
    /// `Kabul: Government to Taliban` (Noto Sans as shipped has no arrow).
    pub fn text(&self) -> String {
        format!("{}: {} to {}", self.name, self.before.0, self.after.0)
    }
}

impl ChangeList {
    /// The changes between `since` and `date`.
    pub fn between(bundle: &ScenarioBundle, since: Date, date: Date, theme: Theme) -> Self {
        let s = bundle.scenario();
        let status = |i: usize| {
            (
                s.statuses[i].label.clone(),
                status_color(&s.statuses[i], theme),
            )
        };
        let rows: Vec<ChangeRow> = bundle
            .timeline
            .changes_between(since, date)
            .into_iter()
            .map(|c| ChangeRow {
                capital: c.capital,
                name: s.capitals[c.capital].name.clone(),
                before: status(c.from),
                after: status(c.to),
            })
            .collect();
        let n = rows.len();
        Self {
            since_text: long_date(since),
            headline: match n {
                0 => "no capital changed hands".to_string(),
                1 => "1 capital changed hands".to_string(),
                n => format!("{n} capitals changed hands"),
            },
            rows,
        }
    }
}

impl Briefing {
    /// The briefing of a scenario on a date.
    pub fn on(bundle: &ScenarioBundle, date: Date, theme: Theme) -> Self {
        let s = bundle.scenario();
        Self {
            title: s.title.clone(),
            date_text: long_date(date),
            caption: s.key_moment_on(date).map(|k| k.caption.clone()),
            legend: Legend::on(bundle, date, theme),
            credits: s.credits.clone(),
            changes: None,
        }
    }

    /// The briefing of a date compared with an earlier one: the caption says how many capitals
    /// changed hands since, the legend explains the ring around their markers, and a panel lists
    /// them.
    pub fn compared(bundle: &ScenarioBundle, since: Date, date: Date, theme: Theme) -> Self {
        let changes = ChangeList::between(bundle, since, date, theme);
        let mut b = Self::on(bundle, date, theme);
        // The day's key moment stays first, when there is one.
        let since = format!("Since {}: {}", changes.since_text, changes.headline);
        b.caption = Some(match b.caption.take() {
            Some(moment) => format!("{}. {since}", moment.trim_end_matches('.')),
            None => since,
        });
        b.legend.key.insert(0, super::legend::CHANGED_KEY);
        b.changes = Some(changes);
        b
    }
}

/// Where the legend panel goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendPlace {
    /// Over the map's lower left corner.
    OverMap,
    /// At the top of a column on the right of the map area (small multiples).
    RightColumn,
}

/// Where the briefing goes on a picture.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefingLayout {
    /// The area left for the map, px.
    pub map_area: PxRect,
    /// The legend panel over the map area, px.
    pub legend: Option<PxRect>,
    /// The panel listing what changed hands, over the map area's top right, px.
    pub changes: Option<PxRect>,
    /// Bands, text, the legend panel and its swatches, in drawing order.
    pub items: Vec<OverlayItem>,
}

/// The size unit of a picture: the smaller of its height and a 16:9 width's height, at least
/// three quarters of the width for square and portrait pictures.
pub fn unit_of(width: u32, height: u32) -> f32 {
    // Landscape: the height of a 16:9 picture that fits. Square and portrait pictures (read on
    // phones) get at least three quarters of their width, so their text is not tiny.
    let wide = width * 9 / 16;
    let narrow = width.min(height) * 3 / 4;
    height.min(wide.max(narrow)).max(200) as f32
}

impl BriefingLayout {
    /// Lays out a briefing on a `size` picture.
    pub fn new(briefing: &Briefing, size: [u32; 2], palette: &Palette, fonts: &mut Fonts) -> Self {
        Self::with_legend(briefing, size, palette, fonts, LegendPlace::OverMap)
    }

    /// Lays out a briefing with the legend where `place` says.
    pub fn with_legend(
        briefing: &Briefing,
        size: [u32; 2],
        palette: &Palette,
        fonts: &mut Fonts,
        place: LegendPlace,
    ) -> Self {
        let [width, height] = size;
        let w = width as f32;
        let h = height as f32;
        let unit = unit_of(width, height);
        let margin = (unit * 0.025).round();
        let text_width = (w - 2.0 * margin).max(10.0);
        let mut items = Vec::new();
        let text_item = |id: &'static str, class: &'static str, shaped, origin: [f32; 2], color| {
            OverlayItem::Text(TextItem {
                id: Some(id.into()),
                class,
                shaped,
                origin,
                color,
                halo: None,
            })
        };

        // Header: title, then the date in large type with the caption beside it or below it.
        let title = fonts.shape(
            &briefing.title,
            unit * 0.034,
            Weight::Regular,
            Some(text_width),
        );
        let date = fonts.shape(&briefing.date_text, unit * 0.062, Weight::Bold, None);
        let mut y = margin;
        let title_at = [margin, y];
        y += title.height;
        let date_at = [margin, y];
        let date_baseline = y + date.lines.first().map_or(date.height, |l| l.baseline);
        y += date.height;
        let mut caption_item = None;
        if let Some(caption) = &briefing.caption {
            let size = unit * 0.03;
            let gap = margin * 1.5;
            let beside_width = text_width - date.width - gap;
            let one_line = fonts.shape(caption, size, Weight::Regular, None);
            if one_line.width <= beside_width {
                let baseline = one_line.lines.first().map_or(0.0, |l| l.baseline);
                let at = [margin + date.width + gap, date_baseline - baseline];
                caption_item = Some(text_item("caption", "caption", one_line, at, palette.text));
            } else {
                let wrapped = fonts.shape(caption, size, Weight::Regular, Some(text_width));
                let at = [margin, y];
                y += wrapped.height;
                caption_item = Some(text_item("caption", "caption", wrapped, at, palette.text));
            }
        }
        let header = (y + margin * 0.8).ceil();

        // Footer: the credits, wrapped.
        let credits = fonts.shape(
            &briefing.credits,
            unit * 0.019,
            Weight::Regular,
            Some(text_width),
        );
        let footer = (credits.height + margin).max(unit * 0.05).ceil();
        let credits_at = [
            margin,
            (h - footer + (footer - credits.height) / 2.0).round(),
        ];

        let map_area = PxRect {
            x0: 0.0,
            y0: header.min(h - 1.0),
            x1: w,
            y1: (h - footer).max(header.min(h - 1.0) + 1.0),
        };
        items.push(OverlayItem::Rect {
            id: "header",
            rect: PxRect::from_xywh(0.0, 0.0, w, map_area.y0),
            color: palette.band.into(),
        });
        items.push(OverlayItem::Rect {
            id: "footer",
            rect: PxRect::from_xywh(0.0, map_area.y1, w, h - map_area.y1),
            color: palette.band.into(),
        });
        items.push(text_item(
            "title",
            "title",
            title,
            title_at,
            palette.weak_text,
        ));
        items.push(text_item("date", "date", date, date_at, palette.text));
        items.extend(caption_item);
        items.push(text_item(
            "credits",
            "credits",
            credits,
            credits_at,
            palette.weak_text,
        ));
        let legend = legend_panel(
            briefing, unit, margin, map_area, place, palette, fonts, &mut items,
        );
        let changes = briefing.changes.as_ref().and_then(|c| {
            changes_panel(
                c, unit, margin, map_area, legend, palette, fonts, &mut items,
            )
        });
        Self {
            map_area,
            legend,
            changes,
            items,
        }
    }

    /// The panels over the map area (legend, changes).
    pub fn panels(&self) -> Vec<PxRect> {
        self.legend.into_iter().chain(self.changes).collect()
    }

    /// The picture size whose layout leaves a map area of exactly `map_size` (or the smallest
    /// one leaving at least that much): how the window's briefing image puts bands around the
    /// window's map without shrinking it.
    pub fn size_around_map(
        briefing: &Briefing,
        map_size: [u32; 2],
        palette: &Palette,
        fonts: &mut Fonts,
    ) -> [u32; 2] {
        let [w, map_h] = map_size;
        let mut best = None;
        for total in map_h..=map_h.saturating_mul(3).max(map_h + 400) {
            let area = Self::new(briefing, [w, total], palette, fonts).map_area;
            let got = area.height().round() as u32;
            if got == map_h {
                return [w, total];
            }
            if got > map_h && best.is_none() {
                best = Some([w, total]);
            }
        }
        best.unwrap_or([w, map_h])
    }

    /// The part of the map area (px, relative to the map area's top left) a fitted map should
    /// use so the legend panel does not cover it: beside the panel or above it, whichever
    /// leaves the larger map of `aspect` (width / height of the map's bounds).
    pub fn free_map_part(&self, aspect: f64) -> PxRect {
        let a = self.map_area;
        let whole = PxRect::from_xywh(0.0, 0.0, a.width(), a.height());
        let scale = |r: &PxRect| {
            let (w, h) = (f64::from(r.width()), f64::from(r.height()));
            if w <= 0.0 || h <= 0.0 {
                return 0.0;
            }
            (w / aspect.max(1e-6)).min(h)
        };
        // Each panel leaves two choices: beside it or clear of it vertically.
        let mut best = whole;
        let mut candidates = vec![whole];
        for panel in self.panels() {
            let p = PxRect {
                x0: panel.x0 - a.x0,
                y0: panel.y0 - a.y0,
                x1: panel.x1 - a.x0,
                y1: panel.y1 - a.y0,
            };
            let gap =
                p.x0.min(whole.x1 - p.x1)
                    .max(0.0)
                    .min(p.y0.min(whole.y1 - p.y1).max(0.0));
            let left = p.x0 < whole.width() - p.x1;
            let top = p.y0 < whole.y1 - p.y1;
            let sideways = if left {
                PxRect {
                    x0: (p.x1 + gap).min(whole.x1 - 1.0),
                    ..whole
                }
            } else {
                PxRect {
                    x1: (p.x0 - gap).max(1.0),
                    ..whole
                }
            };
            let vertical = if top {
                PxRect {
                    y0: (p.y1 + gap).min(whole.y1 - 1.0),
                    ..whole
                }
            } else {
                PxRect {
                    y1: (p.y0 - gap).max(1.0),
                    ..whole
                }
            };
            candidates = candidates
                .iter()
                .flat_map(|c| {
                    [sideways, vertical].map(|s| PxRect {
                        x0: c.x0.max(s.x0),
                        y0: c.y0.max(s.y0),
                        x1: c.x1.min(s.x1),
                        y1: c.y1.min(s.y1),
                    })
                })
                .collect();
        }
        for c in candidates {
            if scale(&c) > scale(&best) || best == whole {
                best = c;
            }
        }
        best
    }
}

/// The panel listing what changed hands, over the top right corner of the map area (clear of
/// the legend): a heading, then one row per capital with the colours before and after; rows that
/// do not fit end in "… and N more". Returns the panel's rectangle.
#[allow(clippy::too_many_arguments)]
fn changes_panel(
    changes: &ChangeList,
    unit: f32,
    margin: f32,
    map_area: PxRect,
    legend: Option<PxRect>,
    palette: &Palette,
    fonts: &mut Fonts,
    items: &mut Vec<OverlayItem>,
) -> Option<PxRect> {
    let size = unit * 0.022;
    let row_h = (size * 1.5).round();
    let pad = (size * 0.7).round();
    let swatch = (size * 0.75).round();
    let heading = fonts.shape(
        &format!("Changed hands since {}", changes.since_text),
        size,
        Weight::Bold,
        None,
    );
    // The widest row decides the panel's width, and so whether it reaches over the legend.
    let widest = changes
        .rows
        .iter()
        .map(|r| fonts.shape(&r.text(), size, Weight::Regular, None).width)
        .fold(heading.width - 2.0 * swatch - pad, f32::max);
    let right_x0 = map_area.x1 - margin - (pad * 4.0 + 2.0 * swatch + widest).ceil();
    let bottom = match legend {
        Some(l) if l.x1 + margin > right_x0 => l.y0 - margin,
        // Clear of the scale bar in the bottom right corner.
        _ => map_area.y1 - margin - unit * 0.07,
    };
    let room = ((bottom - map_area.y0 - margin - 2.0 * pad - heading.height) / row_h).floor();
    if room < 1.0 {
        return None;
    }
    let room = room as usize;
    let shown = if changes.rows.len() > room {
        room.saturating_sub(1)
    } else {
        changes.rows.len()
    };
    let mut lines: Vec<(Option<&ChangeRow>, std::sync::Arc<super::text::ShapedText>)> = changes
        .rows
        .iter()
        .take(shown)
        .map(|r| {
            let t = fonts.shape(&r.text(), size, Weight::Regular, None);
            (Some(r), t)
        })
        .collect();
    if changes.rows.is_empty() {
        let t = fonts.shape("none", size, Weight::Regular, None);
        lines.push((None, t));
    } else if shown < changes.rows.len() {
        let t = fonts.shape(
            &format!("… and {} more", changes.rows.len() - shown),
            size,
            Weight::Regular,
            None,
        );
        lines.push((None, t));
    }
    let swatches_w = 2.0 * swatch + pad;
    let text_w = lines
        .iter()
        .map(|(_, t)| t.width)
        .fold(heading.width - swatches_w - pad, f32::max);
    let panel_w = (pad * 3.0 + swatches_w + text_w).ceil();
    let panel_h = (pad * 2.0 + heading.height + pad * 0.5 + row_h * lines.len() as f32).ceil();
    let x0 = (map_area.x1 - margin - panel_w).round();
    let y0 = (map_area.y0 + margin).round();
    if x0 < map_area.x0 + margin {
        return None;
    }
    items.push(OverlayItem::Rect {
        id: "changes-panel",
        rect: PxRect::from_xywh(x0, y0, panel_w, panel_h),
        color: palette.panel,
    });
    items.push(OverlayItem::Text(TextItem {
        id: Some("changes-heading".into()),
        class: "changes",
        shaped: heading.clone(),
        origin: [x0 + pad, y0 + pad],
        color: palette.text,
        halo: None,
    }));
    let mut top = (y0 + pad + heading.height + pad * 0.5).round();
    let style = PatternStyle {
        ink: palette.pattern_ink,
        spacing_px: swatch / 3.0,
        width_px: 1.0,
        origin: [x0, y0],
    };
    for (row, text) in lines {
        let cy = top + row_h / 2.0;
        let mut x = x0 + pad;
        if let Some(r) = row {
            for color in [r.before.1, r.after.1] {
                items.push(OverlayItem::FillSwatch {
                    rect: PxRect::from_xywh(x, (cy - swatch / 2.0).round(), swatch, swatch),
                    color,
                    pattern: None,
                    style,
                    outline: palette.marker_outline,
                });
                x += swatch + 2.0;
            }
        }
        items.push(OverlayItem::Text(TextItem {
            id: row.map(|r| format!("change-{}", r.capital).into()),
            class: "changes",
            shaped: text.clone(),
            origin: [
                (x0 + pad + swatches_w + pad).round(),
                (cy - text.height / 2.0).round(),
            ],
            color: if row.is_some() {
                palette.text
            } else {
                palette.weak_text
            },
            halo: None,
        }));
        top += row_h;
    }
    Some(PxRect::from_xywh(x0, y0, panel_w, panel_h))
}

/// The legend panel over the lower left corner of the map: status rows with counts, then the
/// marker key. Returns the panel's rectangle.
#[allow(clippy::too_many_arguments)]
fn legend_panel(
    briefing: &Briefing,
    unit: f32,
    margin: f32,
    map_area: PxRect,
    place: LegendPlace,
    palette: &Palette,
    fonts: &mut Fonts,
    items: &mut Vec<OverlayItem>,
) -> Option<PxRect> {
    let legend = &briefing.legend;
    if legend.rows.is_empty() || map_area.height() < unit * 0.2 {
        return None;
    }
    let size = unit * 0.028;
    let key_size = size * 0.8;
    let row_h = (size * 1.45).round();
    let key_row_h = (key_size * 1.45).round();
    let swatch = size * 0.42;
    let pad = (size * 0.6).round();
    let rows: Vec<_> = legend
        .rows
        .iter()
        .map(|r| fonts.shape(&legend.row_text(r), size, Weight::Regular, None))
        .collect();
    let keys: Vec<_> = legend
        .key
        .iter()
        .map(|k| fonts.shape(k.text, key_size, Weight::Regular, None))
        .collect();
    let meanings: Vec<_> = legend
        .meanings
        .iter()
        .map(|(m, _)| fonts.shape(m, key_size, Weight::Regular, Some(unit * 0.45)))
        .collect();
    let text_w = rows
        .iter()
        .chain(&keys)
        .chain(&meanings)
        .map(|t| t.width)
        .fold(0.0, f32::max);
    let gap = pad * 0.6;
    let panel_w = (pad * 3.0 + swatch * 2.0 + text_w).ceil();
    let meanings_h: f32 = meanings
        .iter()
        .map(|t| t.height.max(key_row_h) + gap * 0.3)
        .sum::<f32>()
        + if meanings.is_empty() { 0.0 } else { gap };
    let panel_h =
        (pad * 2.0 + row_h * rows.len() as f32 + gap + key_row_h * keys.len() as f32 + meanings_h)
            .ceil();
    let (x0, y0) = match place {
        LegendPlace::OverMap => (
            map_area.x0 + margin,
            (map_area.y1 - margin - panel_h).round().max(map_area.y0),
        ),
        LegendPlace::RightColumn => (
            (map_area.x1 - margin - panel_w).round(),
            (map_area.y0 + margin).round(),
        ),
    };
    items.push(OverlayItem::Rect {
        id: "legend-panel",
        rect: PxRect::from_xywh(x0, y0, panel_w, panel_h),
        color: palette.panel,
    });
    let cx = x0 + pad + swatch;
    let text_x = (cx + swatch + pad).round();
    let mut row_top = y0 + pad;
    let side = (swatch * 2.0).round();
    let style = PatternStyle {
        ink: palette.pattern_ink,
        spacing_px: side / 3.0,
        width_px: (side / 12.0).max(1.0),
        origin: [x0, y0],
    };
    for (row, shaped) in legend.rows.iter().zip(rows) {
        let cy = row_top + row_h / 2.0;
        // The province fill (with its pattern): what the map's areas show.
        items.push(OverlayItem::FillSwatch {
            rect: PxRect::from_xywh((cx - swatch).round(), (cy - swatch).round(), side, side),
            color: row.color,
            pattern: row.pattern,
            style,
            outline: palette.marker_outline,
        });
        let origin = [text_x, (cy - shaped.height / 2.0).round()];
        items.push(OverlayItem::Text(TextItem {
            id: Some(format!("legend-{}", row.status).into()),
            class: "legend",
            shaped,
            origin,
            color: palette.text,
            halo: None,
        }));
        row_top += row_h;
    }
    row_top += gap;
    let key_swatch = swatch * 0.8;
    for (key, shaped) in legend.key.iter().zip(keys) {
        let cy = row_top + key_row_h / 2.0;
        items.push(OverlayItem::Swatch {
            center: [cx, cy],
            layers: symbol_layers(key.symbol, key_swatch, palette),
        });
        items.push(OverlayItem::Text(TextItem {
            id: None,
            class: "key",
            shaped: shaped.clone(),
            origin: [text_x, (cy - shaped.height / 2.0).round()],
            color: palette.weak_text,
            halo: None,
        }));
        row_top += key_row_h;
    }
    // What the annotations shown mean: a short bar of their colour, then the words.
    if !meanings.is_empty() {
        row_top += gap;
    }
    for ((_, color), shaped) in legend.meanings.iter().zip(meanings) {
        let h = shaped.height.max(key_row_h);
        let line_h = shaped.height / shaped.lines.len().max(1) as f32;
        let cy = row_top + key_row_h / 2.0;
        let bar = (swatch * 0.35).max(2.0);
        items.push(OverlayItem::Rect {
            id: "legend-annotation",
            rect: PxRect::from_xywh(
                (cx - swatch).round(),
                (cy - bar / 2.0).round(),
                (swatch * 2.0).round(),
                bar.round(),
            ),
            color: (*color).into(),
        });
        items.push(OverlayItem::Text(TextItem {
            id: None,
            class: "key",
            shaped: shaped.clone(),
            origin: [text_x, (row_top + (key_row_h - line_h) / 2.0).round()],
            color: palette.weak_text,
            halo: None,
        }));
        row_top += h + gap * 0.3;
    }
    Some(PxRect::from_xywh(x0, y0, panel_w, panel_h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::legend::LegendRow;

    fn briefing(caption: Option<&str>, credits: &str) -> Briefing {
        Briefing {
            title: "Afghanistan 2021: the fall of the provincial capitals".into(),
            date_text: long_date(jiff::civil::date(2021, 8, 13)),
            caption: caption.map(String::from),
            legend: Legend {
                rows: vec![LegendRow {
                    status: 0,
                    label: "Government".into(),
                    color: Rgb([0, 114, 178]),
                    count: 5,
                    contested: false,
                    pattern: None,
                }],
                total: 34,
                key: crate::scene::legend::MARKER_KEY.to_vec(),
                counts: true,
                meanings: Vec::new(),
            },
            credits: credits.into(),
            changes: None,
        }
    }

    fn texts(layout: &BriefingLayout) -> Vec<&TextItem> {
        layout
            .items
            .iter()
            .filter_map(|i| match i {
                OverlayItem::Text(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn dates_are_written_out() {
        assert_eq!(
            long_date(jiff::civil::date(2021, 8, 9)),
            "Monday 9 August 2021"
        );
    }

    #[test]
    fn long_captions_and_credits_wrap_and_the_map_shrinks() {
        let palette = Theme::Light.palette();
        let mut fonts = Fonts::new();
        let short = BriefingLayout::new(
            &briefing(Some("Herat falls"), "Sources"),
            [1920, 1080],
            &palette,
            &mut fonts,
        );
        let long_caption = "Kandahar, Lashkar Gah and four more capitals fall; Herat's leaders surrender after the city fell overnight, and the government holds only a handful of cities";
        let long_credits = "Data: Reuters, AP, AFP, EFE, VOA, RFE/RL, NYT, CNN, Al Jazeera, TOLOnews, Long War Journal, Afghanistan Analysts Network and others, compiled in the frontline fact sheet. Boundaries: Natural Earth (public domain). ".repeat(2);
        let long = BriefingLayout::new(
            &briefing(Some(long_caption), &long_credits),
            [1280, 720],
            &palette,
            &mut fonts,
        );
        let caption = texts(&long)
            .into_iter()
            .find(|t| t.class == "caption")
            .unwrap();
        assert!(caption.shaped.lines.len() >= 2, "the caption wraps");
        let all: Vec<&str> = caption
            .shaped
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(all.join(" "), long_caption, "nothing is cut");
        for t in texts(&long) {
            assert!(
                t.origin[0] + t.shaped.width <= 1280.0 + 0.5,
                "{} overflows",
                t.class
            );
        }
        let credits = texts(&long)
            .into_iter()
            .find(|t| t.class == "credits")
            .unwrap();
        assert!(credits.shaped.lines.len() >= 2);
        assert!(credits.origin[1] + credits.shaped.height <= 720.0 + 0.5);
        let short_share = short.map_area.height() / 1080.0;
        let long_share = long.map_area.height() / 720.0;
        assert!(
            long_share < short_share,
            "the map area shrinks: {long_share} vs {short_share}"
        );
    }

    #[test]
    fn the_legend_sits_inside_the_map_area() {
        let palette = Theme::Light.palette();
        let mut fonts = Fonts::new();
        let layout =
            BriefingLayout::new(&briefing(None, "Sources"), [960, 540], &palette, &mut fonts);
        let panel = layout
            .items
            .iter()
            .find_map(|i| match i {
                OverlayItem::Rect {
                    id: "legend-panel",
                    rect,
                    ..
                } => Some(*rect),
                _ => None,
            })
            .unwrap();
        assert!(panel.y0 >= layout.map_area.y0 && panel.y1 <= layout.map_area.y1);
        let key_rows = texts(&layout).iter().filter(|t| t.class == "key").count();
        assert_eq!(
            key_rows,
            crate::scene::legend::MARKER_KEY.len(),
            "the marker key is explained"
        );
    }

    #[test]
    fn a_picture_can_be_sized_around_a_map() {
        let palette = Theme::Dark.palette();
        let mut fonts = Fonts::new();
        let b = briefing(Some("Herat falls"), "Sources");
        for map in [[1273, 611], [800, 300], [1600, 900]] {
            let size = BriefingLayout::size_around_map(&b, map, &palette, &mut fonts);
            let area = BriefingLayout::new(&b, size, &palette, &mut fonts).map_area;
            assert_eq!(area.height().round() as u32, map[1], "{map:?} → {size:?}");
            assert_eq!(size[0], map[0]);
        }
    }
}
