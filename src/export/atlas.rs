//! A briefing pack as one PDF: `frontline export SCENARIO --atlas -o pack.pdf`.
//!
//! - a title page: the scenario's title, its range, description and credits;
//! - one page per key moment (or per date of `--from/--to/--step`): the briefing picture of
//!   that date (map, caption, legend), compared with the page before, so its panel lists the
//!   capitals that changed hands since;
//! - a table of every capital's changes of holder: date, new holder, report kind and sources,
//!   whose web addresses stay clickable.
//!
//! Each page is drawn by the scene as the SVG export draws it, converted by svg2pdf (fonts
//! embedded as subsets, text selectable) and placed on a page of pdf-writer's document, which
//! also carries the links of the table.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::civil::Date;
use pdf_writer::types::{ActionType, AnnotationType};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::{ExportError, Result};
use crate::bundle::ScenarioBundle;
use crate::model::Rgb;
use crate::paint::pdf::DPI;
use crate::scene::frame::{OverlayItem, TextItem, briefing_marks};
use crate::scene::text::{Fonts, Weight};
use crate::scene::view::FIT_MARGIN;
use crate::scene::{
    Frame, MapGeometry, MapView, PxRect, SceneInput, Theme, ViewOptions, briefing_frame, long_date,
};

/// What the atlas shows.
#[derive(Debug, Clone)]
pub struct AtlasOptions {
    /// Page size in pixels at 96 dpi.
    pub size: [u32; 2],
    /// Colours.
    pub theme: Theme,
    /// The dates of the map pages; None: the scenario's key moments.
    pub dates: Option<Vec<Date>>,
}

/// A written atlas.
#[derive(Debug, Clone)]
pub struct Atlas {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// Map pages (one per date).
    pub map_pages: usize,
    /// Pages of the table of changes.
    pub table_pages: usize,
}

impl Atlas {
    /// All pages: the title page, the maps, the table.
    pub fn pages(&self) -> usize {
        1 + self.map_pages + self.table_pages
    }
}

/// One page: its SVG and its links (rectangle in px, address).
struct Page {
    svg: String,
    links: Vec<(PxRect, String)>,
}

/// The dates of the map pages: the given ones, else the key moments', within the scenario.
pub fn atlas_dates(bundle: &ScenarioBundle, dates: Option<&[Date]>) -> Result<Vec<Date>> {
    let s = bundle.scenario();
    let mut list: Vec<Date> = match dates {
        Some(d) => d.to_vec(),
        None => s.key_moments.iter().map(|k| k.date).collect(),
    };
    list.retain(|d| *d >= s.start && *d <= s.end);
    list.sort();
    list.dedup();
    if list.is_empty() {
        return Err(ExportError::Render(
            "the scenario has no key moments in its range: choose the pages with --from, --to and --step".into(),
        ));
    }
    Ok(list)
}

/// Writes the atlas of a scenario.
pub fn atlas(
    bundle: &ScenarioBundle,
    geometry: &MapGeometry,
    opts: &AtlasOptions,
) -> Result<Atlas> {
    let dates = atlas_dates(bundle, opts.dates.as_deref())?;
    let [w, h] = opts.size;
    let mut pages: Vec<Page> = Vec::new();
    let mut fonts = Fonts::new();
    pages.push(Page {
        svg: crate::paint::to_svg(&title_page(bundle, opts, dates.len(), &mut fonts)),
        links: Vec::new(),
    });
    // The map pages, each compared with the page before.
    let map_svgs: Vec<String> = {
        use rayon::prelude::*;
        dates
            .par_iter()
            .enumerate()
            .map(|(i, &date)| {
                crate::scene::text::with_fonts(|fonts| {
                    let input = SceneInput {
                        bundle,
                        geometry,
                        date,
                        theme: opts.theme,
                        options: ViewOptions::default(),
                        marks: briefing_marks(w, h),
                        selected: None,
                        compare_from: i.checked_sub(1).map(|p| dates[p]),
                    };
                    let frame = briefing_frame(
                        &input,
                        [w, h],
                        |size, free| MapView::fit_within(geometry.bounds, size, free, FIT_MARGIN),
                        fonts,
                    );
                    crate::paint::to_svg(&frame)
                })
            })
            .collect()
    };
    pages.extend(map_svgs.into_iter().map(|svg| Page {
        svg,
        links: Vec::new(),
    }));
    let table = table_pages(bundle, opts, &mut fonts);
    let table_pages = table.len();
    pages.extend(table);
    let pdf = assemble(&pages, opts.size, &bundle.scenario().title)?;
    Ok(Atlas {
        pdf,
        map_pages: dates.len(),
        table_pages,
    })
}

fn text_item(
    shaped: Arc<crate::scene::text::ShapedText>,
    origin: [f32; 2],
    color: Rgb,
    class: &'static str,
) -> OverlayItem {
    OverlayItem::Text(TextItem {
        id: None,
        class,
        shaped,
        origin,
        color,
        halo: None,
    })
}

fn page_frame(opts: &AtlasOptions, title: String, overlay: Vec<OverlayItem>) -> Frame {
    Frame {
        width: opts.size[0],
        height: opts.size[1],
        title,
        background: opts.theme.palette().background,
        maps: Vec::new(),
        overlay,
    }
}

/// The title page: title, range, description, what the pack holds, credits.
fn title_page(
    bundle: &ScenarioBundle,
    opts: &AtlasOptions,
    maps: usize,
    fonts: &mut Fonts,
) -> Frame {
    let s = bundle.scenario();
    let palette = opts.theme.palette();
    let [w, h] = opts.size.map(|v| v as f32);
    let margin = (w.min(h) * 0.08).round();
    let width = w - 2.0 * margin;
    let mut y = margin + h * 0.08;
    let unit = h.min(w * 0.75);
    let pack = format!(
        "This pack: {maps} map{} of key moments, each listing the capitals that changed hands since the page before, then every capital's changes of holder with their report kinds and sources.",
        if maps == 1 { "" } else { "s" }
    );
    let range = format!("{} to {}", long_date(s.start), long_date(s.end));
    let made = format!("Made with frontline on {}.", jiff::Zoned::now().date());
    // Each line: text, size and gap below (in units of the page), weight, colour.
    let lines: [(&str, f32, f32, Weight, Rgb); 6] = [
        (&s.title, 0.055, 0.03, Weight::Bold, palette.text),
        (&range, 0.03, 0.04, Weight::Regular, palette.text),
        (&s.description, 0.022, 0.04, Weight::Regular, palette.text),
        (&pack, 0.02, 0.03, Weight::Regular, palette.weak_text),
        (&s.credits, 0.017, 0.02, Weight::Regular, palette.weak_text),
        (&made, 0.015, 0.0, Weight::Regular, palette.weak_text),
    ];
    let mut items = Vec::new();
    for (text, size, gap, weight, color) in lines {
        if text.trim().is_empty() {
            continue;
        }
        let shaped = fonts.shape(text, unit * size, weight, Some(width));
        let height = shaped.height;
        items.push(text_item(shaped, [margin, y], color, "title"));
        y += height + unit * gap;
    }
    page_frame(opts, s.title.clone(), items)
}

/// One change of holder.
struct Change {
    capital: String,
    date: Date,
    holder: String,
    report: String,
    sources: Vec<(String, Option<String>)>,
}

/// Every capital's changes of holder, capitals by name, each in date order.
fn changes(bundle: &ScenarioBundle) -> Vec<Change> {
    let s = bundle.scenario();
    let mut order: Vec<usize> = (0..s.capitals.len()).collect();
    order.sort_by_key(|&c| s.capitals[c].name.to_lowercase());
    let mut by_capital: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in s.events.iter().enumerate() {
        by_capital.entry(&e.capital).or_default().push(i);
    }
    let mut out = Vec::new();
    for c in order {
        let capital = &s.capitals[c];
        let mut events = by_capital.remove(capital.id.as_str()).unwrap_or_default();
        events.sort_by_key(|&i| s.events[i].date);
        let mut holder = s.initial_status.as_str();
        for i in events {
            let e = &s.events[i];
            if !e.report.applies() || &*e.status == holder {
                continue;
            }
            holder = &e.status;
            let label = s
                .status_index(&e.status)
                .map_or(e.status.to_string(), |si| s.statuses[si].label.clone());
            out.push(Change {
                capital: capital.name.clone(),
                date: e.date,
                holder: label,
                report: e.report_text(s.end),
                sources: e
                    .sources
                    .iter()
                    .chain(e.confirmed_by())
                    .map(|src| {
                        (
                            src.text.to_string(),
                            src.url.as_ref().map(|u| u.to_string()),
                        )
                    })
                    .collect(),
            });
        }
    }
    out
}

/// The table of changes, as many pages as it takes.
fn table_pages(bundle: &ScenarioBundle, opts: &AtlasOptions, fonts: &mut Fonts) -> Vec<Page> {
    let s = bundle.scenario();
    let palette = opts.theme.palette();
    let [w, h] = opts.size.map(|v| v as f32);
    let margin = (w.min(h) * 0.06).round();
    let unit = h.min(w * 0.75);
    let size = (unit * 0.016).max(9.0);
    let head_size = unit * 0.03;
    let cols = [0.0, 0.17, 0.29, 0.45, 0.6].map(|f| margin + f * (w - 2.0 * margin));
    let widths = [
        cols[1] - cols[0] - 8.0,
        cols[2] - cols[1] - 8.0,
        cols[3] - cols[2] - 8.0,
        cols[4] - cols[3] - 8.0,
        w - margin - cols[4],
    ];
    let link = match opts.theme {
        Theme::Light => Rgb([0, 90, 181]),
        Theme::Dark => Rgb([120, 180, 255]),
    };
    let rows = changes(bundle);
    let mut pages = Vec::new();
    let mut items: Vec<OverlayItem> = Vec::new();
    let mut links: Vec<(PxRect, String)> = Vec::new();
    let mut y = 0.0;
    let mut page_no = 0;
    let start_page =
        |items: &mut Vec<OverlayItem>, y: &mut f32, fonts: &mut Fonts, page_no: &mut usize| {
            *page_no += 1;
            let title = if *page_no == 1 {
                "Changes of holder, with sources".to_string()
            } else {
                format!("Changes of holder, with sources ({})", page_no)
            };
            let shaped = fonts.shape(&title, head_size, Weight::Bold, None);
            *y = margin + shaped.height + head_size * 0.6;
            items.push(text_item(shaped, [margin, margin], palette.text, "title"));
            for (k, head) in ["Capital", "Date", "New holder", "Report", "Sources"]
                .iter()
                .enumerate()
            {
                let shaped = fonts.shape(head, size, Weight::Bold, None);
                items.push(text_item(
                    shaped,
                    [cols[k], *y],
                    palette.weak_text,
                    "legend",
                ));
            }
            *y += size * 1.8;
        };
    start_page(&mut items, &mut y, fonts, &mut page_no);
    if rows.is_empty() {
        let shaped = fonts.shape(
            "No capital changed hands in this scenario.",
            size,
            Weight::Regular,
            None,
        );
        items.push(text_item(shaped, [margin, y], palette.text, "legend"));
    }
    for row in rows {
        let cells = [
            fonts.shape(&row.capital, size, Weight::Bold, Some(widths[0])),
            fonts.shape(
                &row.date.to_string(),
                size,
                Weight::Regular,
                Some(widths[1]),
            ),
            fonts.shape(&row.holder, size, Weight::Regular, Some(widths[2])),
            fonts.shape(&row.report, size, Weight::Regular, Some(widths[3])),
        ];
        let sources: Vec<_> = row
            .sources
            .iter()
            .map(|(text, url)| {
                let shown = match url {
                    Some(u) => format!("{text} {u}"),
                    None => text.clone(),
                };
                (
                    fonts.shape(&shown, size * 0.92, Weight::Regular, Some(widths[4])),
                    url.clone(),
                )
            })
            .collect();
        let sources_h: f32 = sources.iter().map(|(t, _)| t.height + size * 0.2).sum();
        let row_h = cells.iter().map(|c| c.height).fold(sources_h, f32::max) + size * 0.6;
        if y + row_h > h - margin {
            pages.push(Page {
                svg: crate::paint::to_svg(&page_frame(
                    opts,
                    s.title.clone(),
                    std::mem::take(&mut items),
                )),
                links: std::mem::take(&mut links),
            });
            start_page(&mut items, &mut y, fonts, &mut page_no);
        }
        for (k, cell) in cells.into_iter().enumerate() {
            let color = palette.text;
            items.push(text_item(cell, [cols[k], y], color, "legend"));
        }
        let mut sy = y;
        for (shaped, url) in sources {
            let height = shaped.height;
            let width = shaped.width;
            let color = if url.is_some() {
                link
            } else {
                palette.weak_text
            };
            items.push(text_item(shaped, [cols[4], sy], color, "legend"));
            if let Some(u) = url.filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
                links.push((PxRect::from_xywh(cols[4], sy, width, height), u));
            }
            sy += height + size * 0.2;
        }
        y += row_h;
    }
    pages.push(Page {
        svg: crate::paint::to_svg(&page_frame(opts, s.title.clone(), items)),
        links,
    });
    pages
}

/// The pages as one PDF: each page's SVG converted by svg2pdf and drawn on a page of its size,
/// with its links as link annotations.
fn assemble(pages: &[Page], size: [u32; 2], title: &str) -> Result<Vec<u8>> {
    let mut options = usvg::Options::default();
    for (_, bytes) in crate::scene::text::FONT_FILES {
        options.fontdb_mut().load_font_data(bytes.to_vec());
    }
    let pt = 72.0 / DPI;
    let (wpt, hpt) = (size[0] as f32 * pt, size[1] as f32 * pt);
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree_id = alloc.bump();
    let info = alloc.bump();
    let mut pdf = Pdf::new();
    let mut page_ids = Vec::with_capacity(pages.len());
    for page in pages {
        let tree = usvg::Tree::from_str(&page.svg, &options)
            .map_err(|e| ExportError::Render(format!("PDF: {e}")))?;
        let (chunk, svg_ref) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|e| ExportError::Render(format!("PDF: {e}")))?;
        let mut map = HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let svg_ref = map
            .get(&svg_ref)
            .copied()
            .ok_or_else(|| ExportError::Render("PDF: the page's drawing is missing".into()))?;
        let page_id = alloc.bump();
        let content_id = alloc.bump();
        let annotation_ids: Vec<Ref> = page.links.iter().map(|_| alloc.bump()).collect();
        {
            let mut p = pdf.page(page_id);
            p.media_box(Rect::new(0.0, 0.0, wpt, hpt));
            p.parent(tree_id);
            p.contents(content_id);
            p.resources().x_objects().pair(Name(b"P0"), svg_ref);
            if !annotation_ids.is_empty() {
                p.annotations(annotation_ids.iter().copied());
            }
            p.finish();
        }
        for ((rect, url), id) in page.links.iter().zip(&annotation_ids) {
            let mut a = pdf.annotation(*id);
            a.subtype(AnnotationType::Link)
                .rect(Rect::new(
                    rect.x0 * pt,
                    hpt - rect.y1 * pt,
                    rect.x1 * pt,
                    hpt - rect.y0 * pt,
                ))
                .border(0.0, 0.0, 0.0, None);
            a.action()
                .action_type(ActionType::Uri)
                .uri(Str(url.as_bytes()));
            a.finish();
        }
        let mut content = Content::new();
        content.save_state();
        content.transform([wpt, 0.0, 0.0, hpt, 0.0, 0.0]);
        content.x_object(Name(b"P0"));
        content.restore_state();
        pdf.stream(content_id, &content.finish());
        pdf.extend(&chunk);
        page_ids.push(page_id);
    }
    pdf.catalog(catalog).pages(tree_id);
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    pdf.document_info(info)
        .title(TextStr(title))
        .creator(TextStr("frontline"));
    Ok(pdf.finish())
}
