//! The interactive HTML export: `frontline export scenario.ron --date 2021-08-13 -o map.html`
//! writes one self-contained page that plays the whole scenario in a browser (date slider, key
//! moments, play, tooltips, a capital's history, the event log, comparing two dates, pan and
//! zoom, an accessible table), opening on a date. It loads nothing: styles, script, data and a
//! font subset are inside the file.
//!
//! The hand-made parts live in `html/` (the page skeleton with `{{NAME}}` placeholders, its
//! styles and the player script); this module fills in what only the scenario knows:
//!
//! - the map as SVG, drawn from the same scene as the SVG export ([`map_layer`] for the base
//!   view, the whole map fitted, and the SVG writer's path, marker and pattern functions):
//!   provinces carrying their status on the opening date, every distinct marker look and the
//!   compare ring in both themes, labels and scale bars;
//! - thinning at zoom 1 to 16: the scene thins markers and places labels on views 2, 4, 8 and
//!   16 times closer, and each marker and label shows from the first zoom the scene keeps it;
//! - the data as JSON: per capital, its change points (status, look, event), the events,
//!   presences and key moments, by day number (day 0 is the scenario's first day);
//! - CSS: the theme colours of both palettes, the status colours and fills, and the shipped
//!   Noto Sans reduced to the characters the page can show;
//! - a table of every capital on the opening date for readers without script.
//!
//! Every scenario string placed in HTML or SVG is escaped; the JSON is escaped for a
//! `<script>` element; status ids become CSS-safe (`[A-Za-z0-9_-]`).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;
use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;
use serde::Serialize;

use super::{ExportError, Result};
use crate::boundaries::MapXy;
use crate::bundle::ScenarioBundle;
use crate::model::{
    Event, Pattern, Presence, PresenceKind, ReportKind, Rgb, Rgba, Source, StatusDef,
};
use crate::paint::fontsub;
use crate::paint::svg::{escape, marker, n, pattern_def, points_d};
use crate::progress::Progress;
use crate::scene::context::{ScaleBar, scale_bar};
use crate::scene::frame::{
    MapLayer, Marker, PatternStyle, TextItem, map_labels, map_layer, map_markers, pattern_style,
};
use crate::scene::geometry::DetailLevel;
use crate::scene::looks::{CapitalLook, MarkerShape, ViewOptions, capital_looks};
use crate::scene::markers::{marker_layers, marker_radius_px};
use crate::scene::text::{Fonts, ShapedText};
use crate::scene::theme::{Palette, Theme, status_color};
use crate::scene::view::{MapView, PxRect};
use crate::scene::{MapGeometry, SceneInput};

/// The page skeleton, with its `{{NAME}}` placeholders.
const PAGE: &str = include_str!("html/page.html");
/// The page's hand-written styles (after the generated ones).
const PLAYER_CSS: &str = include_str!("html/player.css");
/// The player script.
const PLAYER_JS: &str = include_str!("html/player.js");

/// The zooms the page thins markers and labels for (it zooms from 1 to 16).
const ZOOMS: [u32; 5] = [1, 2, 4, 8, 16];
/// Mark scale: markers, labels and lines as large as in the window.
const MARKS: f32 = 1.0;
/// The finer outlines are those of this zoom (the page swaps them in from zoom 3).
const FINE_ZOOM: f64 = 4.0;
/// Finer outlines with more points than this are left out (the file would grow too large).
const FINE_POINT_BUDGET: usize = 250_000;
/// Stand-in colour for a marker's status colour: its layers become `currentColor`, which the
/// page's CSS sets from the capital's `data-status`.
const STATUS_INK: Rgb = Rgb([0x01, 0x02, 0x03]);
/// Stand-in colour for an enclave holder's colour: it becomes the holder's `--st-…` variable.
const HOLDER_INK: Rgb = Rgb([0x03, 0x02, 0x01]);
/// The page's accent (focus outlines, the slider) in the light theme: no scene colour plays
/// that part.
const ACCENT_LIGHT: Rgb = Rgb([0x5B, 0x3C, 0xC4]);
/// The accent in the dark theme.
const ACCENT_DARK: Rgb = Rgb([0xC7, 0xB6, 0xFF]);
/// Characters the player may show besides the page's and the scenario's own text.
const EXTRA_CHARS: &str = "\u{2192}\u{2212}\u{2026}\u{00B7}\u{2013}\u{2014}\u{2018}\u{2019}\u{201C}\u{201D}\u{00A0}\u{00D7}\u{2022}";

/// The base view's size when none is asked for: about the map's size in a laptop's browser, so
/// that labels placed for it neither crowd nor leave gaps there.
pub const DEFAULT_SIZE: [u32; 2] = [960, 600];

/// What an HTML page shows besides the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlOptions {
    /// The page's colours; None follows the reader's system setting (light or dark).
    pub theme: Option<Theme>,
    /// The date the page opens on (the URL fragment `#YYYY-MM-DD` overrides it); None: the
    /// scenario's last day.
    pub date: Option<Date>,
    /// A title instead of the scenario's.
    pub title: Option<String>,
    /// The base view's size in pixels (the whole map fitted; zoom 1). Markers and labels are
    /// thinned for it.
    pub size: [u32; 2],
}

impl Default for HtmlOptions {
    fn default() -> Self {
        Self {
            theme: None,
            date: None,
            title: None,
            size: DEFAULT_SIZE,
        }
    }
}

/// True when a path asks for an HTML page (`.html` or `.htm`, any case).
pub fn is_html_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// The interactive page of a scenario, its geometry prepared here (only the levels of detail
/// the page uses are built).
pub fn html_page(bundle: &ScenarioBundle, opts: &HtmlOptions, fonts: &mut Fonts) -> Result<String> {
    let geometry = MapGeometry::prepared(bundle, &Progress::new(), 0.0);
    html_page_with(bundle, &geometry, opts, fonts)
}

/// The interactive page of a scenario with its geometry: the whole HTML file.
pub fn html_page_with(
    bundle: &ScenarioBundle,
    geometry: &MapGeometry,
    opts: &HtmlOptions,
    fonts: &mut Fonts,
) -> Result<String> {
    let s = bundle.scenario();
    let model = Model::new(bundle);
    let open = opts.date.unwrap_or(s.end);
    if !model.cal.contains(open) {
        return Err(ExportError::Argument(format!(
            "{open} is outside the scenario's range {} to {}",
            s.start, s.end
        )));
    }
    let title = opts.title.as_deref().unwrap_or(&s.title);
    let ids = css_ids(&s.statuses);
    let view = MapView::fit(geometry.bounds, opts.size);
    let mut looks = Looks::default();
    let data = page_data(&model, &ids, title, open, &view, &mut looks);
    let json = data_json(&data)?;
    let count = s.capitals.len();
    let open_look = (0..count)
        .map(|c| looks.index_of(model.look_key(c, open)))
        .collect();
    let open_status = (0..count)
        .map(|c| bundle.timeline.status_at(c, open))
        .collect();
    let input = SceneInput {
        bundle,
        geometry,
        date: open,
        theme: Theme::Light,
        options: ViewOptions::default(),
        marks: MARKS,
        selected: None,
        compare_from: None,
    };
    let [w, h] = view.size_px.map(|v| v as f32);
    let area = PxRect::from_xywh(0.0, 0.0, w, h);
    let layer = map_layer(&input, view, area, &[], fonts);
    let thinned = thinning(&input, &view, &layer, fonts);
    let bars = zoom_scale_bars(&input, &view, area, fonts);
    let alt = summary(&model, open);
    let ctx = Ctx {
        model: &model,
        geometry,
        input,
        view,
        ids: &ids,
        looks: &looks,
        open_status,
        open_look,
        theme: opts.theme.unwrap_or(Theme::Light),
    };
    let notes = annotations_svg(&ctx, &layer, fonts);
    let svg = map_svg(&ctx, &layer, &thinned, &bars, &alt, &notes);
    let style = page_css(&s.statuses, &ids, &page_chars(&model, title, geometry));
    let noscript = noscript_table(&model, open, &alt);
    let title_html = escape(title);
    let theme = opts.theme.map_or("auto", Theme::as_str);
    Ok(fill_template(PAGE, |name| match name {
        "LANG" => Some("en"),
        "TITLE" => Some(title_html.as_str()),
        "THEME" => Some(theme),
        "STYLE" => Some(style.as_str()),
        "SVG" => Some(svg.as_str()),
        "DATA" => Some(json.as_str()),
        "SCRIPT" => Some(PLAYER_JS),
        "NOSCRIPT" => Some(noscript.as_str()),
        _ => None,
    }))
}

/// Replaces each `{{NAME}}` of `template` by `value(NAME)` in one pass: inserted text is never
/// scanned again, and unknown names stay as written.
fn fill_template<'v>(template: &str, value: impl Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match after
            .find("}}")
            .and_then(|end| value(&after[..end]).map(|v| (end, v)))
        {
            Some((end, v)) => {
                out.push_str(v);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------- days and ids

/// Day numbers of a scenario: day 0 is its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Calendar {
    /// The first day.
    start: Date,
    /// How many days it covers, the last included.
    days: i64,
}

impl Calendar {
    /// The days from `start` to `end`, both included (at least one).
    fn new(start: Date, end: Date) -> Self {
        let mut cal = Self { start, days: 1 };
        cal.days = cal.day(end).max(0) + 1;
        cal
    }

    /// The day number of a date (negative before the first day).
    fn day(&self, date: Date) -> i64 {
        self.start.duration_until(date).as_secs().div_euclid(86_400)
    }

    /// The day number of a date, moved into the scenario's range.
    fn clamped(&self, date: Date) -> i64 {
        self.day(date).clamp(0, self.days - 1)
    }

    /// True when the date lies within the scenario's range.
    fn contains(&self, date: Date) -> bool {
        (0..self.days).contains(&self.day(date))
    }
}

/// "13 August 2021".
fn short_date(date: Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

/// The statuses' ids made safe for CSS names and selectors: letters, digits, `-` and `_`
/// (others become `_`), unique (a clash gets the status's index appended).
fn css_ids(statuses: &[StatusDef]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::with_capacity(statuses.len());
    for (i, status) in statuses.iter().enumerate() {
        let mut id: String = status
            .id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if id.is_empty() {
            id = format!("s{i}");
        }
        while ids.contains(&id) {
            let _ = write!(id, "-{i}");
        }
        ids.push(id);
    }
    ids
}

/// The name of a pattern in the data.
fn pattern_name(pattern: Pattern) -> &'static str {
    match pattern {
        Pattern::Hatch => "hatch",
        Pattern::Dots => "dots",
    }
}

/// The days a refuted claim stood: from its date until the day before it was contradicted, or
/// its date alone when contradicted the same day (as the timeline counts them).
fn refuted_window(event: &Event) -> (Date, Date) {
    let last = event
        .refuted_on
        .and_then(|r| r.yesterday().ok())
        .filter(|d| *d >= event.date)
        .unwrap_or(event.date);
    (event.date, last)
}

/// The report kind an event reads as on a date: a confirmed claim reads as confirmed.
fn kind_on(event: &Event, date: Date) -> &'static str {
    if event.confirmed_by_date(date) {
        "confirmed"
    } else {
        event.report.as_str()
    }
}

// ---------------------------------------------------------------- marker looks

/// What a capital's marker shows apart from its status colour: one `<g id="look-…">` per theme
/// in the page, and one entry of the data's `looks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct LookKey {
    /// Circle (confirmed) or diamond (uncertain).
    shape: MarkerShape,
    /// Hollow centre: the status is a contested one.
    contested: bool,
    /// A refuted claim stands: the cross badge.
    refuted: bool,
    /// An enclave: the status index of its holder.
    enclave: Option<usize>,
    /// Foreign forces present: the square badge.
    foreign: bool,
    /// The national capital's marker is larger.
    national: bool,
}

/// The distinct looks, numbered in the order first met.
#[derive(Debug, Default)]
struct Looks {
    /// The looks by number.
    keys: Vec<LookKey>,
    /// The number of each look.
    index: HashMap<LookKey, usize>,
}

impl Looks {
    /// The number of a look (a new one gets the next number).
    fn index_of(&mut self, key: LookKey) -> usize {
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        self.keys.push(key);
        self.index.insert(key, self.keys.len() - 1);
        self.keys.len() - 1
    }
}

// ---------------------------------------------------------------- the model by day

/// The scenario seen by day number, with what the page's data needs indexed once.
struct Model<'a> {
    /// The scenario.
    bundle: &'a ScenarioBundle,
    /// Its days.
    cal: Calendar,
    /// Per capital: its presences, in written order.
    presences: Vec<Vec<&'a Presence>>,
    /// Per scenario event: its index in the data's `events` (time order).
    event_index: Vec<usize>,
}

/// One change point of a capital: day, status, look, the event its status rests on.
type TimelineRow = (i64, usize, usize, Option<usize>);
/// One change of the day a capital's status began: day, that day (None: held from the start).
type SinceRow = (i64, Option<i64>);

impl<'a> Model<'a> {
    /// Indexes a scenario.
    fn new(bundle: &'a ScenarioBundle) -> Self {
        let s = bundle.scenario();
        let by_id: HashMap<&str, usize> = s
            .capitals
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut presences: Vec<Vec<&'a Presence>> = vec![Vec::new(); s.capitals.len()];
        for p in &s.presences {
            if let Some(&c) = by_id.get(p.capital.as_str()) {
                presences[c].push(p);
            }
        }
        let mut event_index = vec![0; s.events.len()];
        for (j, &e) in bundle.timeline.events_in_order().iter().enumerate() {
            if let Some(slot) = event_index.get_mut(e) {
                *slot = j;
            }
        }
        Self {
            bundle,
            cal: Calendar::new(s.start, s.end),
            presences,
            event_index,
        }
    }

    /// The look of capital `c` on `date`: what [`capital_looks`] gives it, computed for one
    /// capital (the unit tests check they agree).
    fn look_key(&self, c: usize, date: Date) -> LookKey {
        let s = self.bundle.scenario();
        let state = self.bundle.timeline.state_at(c, date);
        let uncertain = state
            .last_event
            .is_some_and(|e| s.events[e].uncertain_on(date));
        let mut enclave = None;
        let mut foreign = false;
        for p in self.presences[c]
            .iter()
            .filter(|p| p.from <= date && date <= p.to)
        {
            match p.kind {
                PresenceKind::Enclave => {
                    enclave = p.holder.as_deref().and_then(|h| s.status_index(h));
                }
                PresenceKind::Foreign => foreign = true,
            }
        }
        LookKey {
            shape: if uncertain {
                MarkerShape::Diamond
            } else {
                MarkerShape::Circle
            },
            contested: s.statuses[state.status].contested,
            refuted: self.bundle.timeline.refuted_on(c, date).next().is_some(),
            enclave,
            foreign,
            national: s.capitals[c].national,
        }
    }

    /// The dates on which capital `c`'s status, look or event may change, within the
    /// scenario's range: its first day, the capital's events, the day after each refuted claim
    /// stood, confirmations, and the first day of each presence and the day after its last.
    fn change_dates(&self, c: usize) -> Vec<Date> {
        let s = self.bundle.scenario();
        let mut dates = vec![s.start];
        for &e in self.bundle.timeline.reports_of(c) {
            let event = &s.events[e];
            dates.push(event.date);
            if event.report == ReportKind::Refuted {
                dates.extend(refuted_window(event).1.tomorrow().ok());
            }
            dates.extend(event.confirmed_on);
        }
        for p in &self.presences[c] {
            dates.push(p.from);
            dates.extend(p.to.tomorrow().ok());
        }
        let mut dates: Vec<Date> = dates
            .into_iter()
            .map(|d| d.max(s.start))
            .filter(|d| *d <= s.end)
            .collect();
        dates.sort_unstable();
        dates.dedup();
        dates
    }

    /// Capital `c`'s change points (`[day, status, look, event]`, a row only where one of
    /// them changes) and the changes of the day its status began (`[day, since]`).
    fn capital_timeline(&self, c: usize, looks: &mut Looks) -> (Vec<TimelineRow>, Vec<SinceRow>) {
        let timeline = &self.bundle.timeline;
        let mut rows: Vec<TimelineRow> = Vec::new();
        let mut since: Vec<SinceRow> = Vec::new();
        for date in self.change_dates(c) {
            let day = self.cal.day(date);
            let state = timeline.state_at(c, date);
            let row = (
                day,
                state.status,
                looks.index_of(self.look_key(c, date)),
                state.last_event.map(|e| self.event_index[e]),
            );
            if rows
                .last()
                .is_none_or(|r| (r.1, r.2, r.3) != (row.1, row.2, row.3))
            {
                rows.push(row);
            }
            let from = timeline.status_since(c, date).map(|d| self.cal.day(d));
            if since.last().is_none_or(|r| r.1 != from) {
                since.push((day, from));
            }
        }
        (rows, since)
    }

    /// Every event in time order (same-day events in written order).
    fn events(&self) -> Vec<EventJson<'a>> {
        let s = self.bundle.scenario();
        let timeline = &self.bundle.timeline;
        timeline
            .events_in_order()
            .iter()
            .map(|&e| {
                let event = &s.events[e];
                let window = (event.report == ReportKind::Refuted).then(|| refuted_window(event));
                EventJson {
                    day: self.cal.clamped(event.date),
                    capital: timeline.capital_of_event(e),
                    status: if event.report == ReportKind::Context {
                        None
                    } else {
                        s.status_index(&event.status)
                    },
                    report: event.report.as_str(),
                    refuted_day: event.refuted_on.map(|d| self.cal.day(d)),
                    stands: window.map(|(a, b)| [self.cal.clamped(a), self.cal.clamped(b)]),
                    confirmed_day: event.confirmed_on.map(|d| self.cal.day(d)),
                    open_at_end: event.open_at_end(),
                    note: &event.note,
                    sources: sources(&event.sources),
                    confirmed_by: sources(event.confirmed_by()),
                    id: event.id(),
                }
            })
            .collect()
    }

    /// Every presence, by capital.
    fn presences_json(&self) -> Vec<PresenceJson<'a>> {
        let s = self.bundle.scenario();
        self.presences
            .iter()
            .enumerate()
            .flat_map(|(c, list)| list.iter().map(move |p| (c, *p)))
            .map(|(c, p)| PresenceJson {
                capital: c,
                kind: match p.kind {
                    PresenceKind::Enclave => "enclave",
                    PresenceKind::Foreign => "foreign",
                },
                holder: p.holder.as_deref().and_then(|h| s.status_index(h)),
                label: &p.label,
                from: self.cal.clamped(p.from),
                to: self.cal.clamped(p.to),
                note: &p.note,
                sources: sources(&p.sources),
            })
            .collect()
    }
}

// ---------------------------------------------------------------- the data (JSON)

/// The page's data, as the player reads it (see the contract in `html/player.js`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PageData<'a> {
    version: u32,
    title: &'a str,
    description: &'a str,
    credits: &'a str,
    /// The first day, `YYYY-MM-DD`.
    start: String,
    days: i64,
    open_day: i64,
    statuses: Vec<StatusJson<'a>>,
    capitals: Vec<CapitalJson<'a>>,
    provinces: Vec<ProvinceJson<'a>>,
    timeline: Vec<Vec<TimelineRow>>,
    since: Vec<Vec<SinceRow>>,
    events: Vec<EventJson<'a>>,
    key_moments: Vec<KeyMomentJson<'a>>,
    presences: Vec<PresenceJson<'a>>,
    looks: Vec<LookJson>,
    view: ViewJson,
    events_per_capital: Vec<Vec<usize>>,
}

/// A status.
#[derive(Serialize)]
struct StatusJson<'a> {
    /// The CSS-safe id.
    id: String,
    label: &'a str,
    contested: bool,
    pattern: Option<&'static str>,
}

/// A capital.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CapitalJson<'a> {
    id: &'a str,
    name: &'a str,
    alt: &'a [String],
    province: &'a str,
    province_name: &'a str,
    national: bool,
    marker_only: Option<&'a str>,
}

/// A province and its (first) capital.
#[derive(Serialize)]
struct ProvinceJson<'a> {
    id: &'a str,
    name: &'a str,
    capital: Option<usize>,
}

/// An event.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EventJson<'a> {
    day: i64,
    capital: Option<usize>,
    status: Option<usize>,
    report: &'static str,
    refuted_day: Option<i64>,
    stands: Option<[i64; 2]>,
    confirmed_day: Option<i64>,
    open_at_end: Option<&'a str>,
    note: &'a str,
    sources: Vec<SourceJson<'a>>,
    confirmed_by: Vec<SourceJson<'a>>,
    id: Option<&'a str>,
}

/// A source.
#[derive(Serialize)]
struct SourceJson<'a> {
    text: &'a str,
    url: Option<&'a str>,
}

/// A key moment.
#[derive(Serialize)]
struct KeyMomentJson<'a> {
    day: i64,
    caption: &'a str,
}

/// A presence.
#[derive(Serialize)]
struct PresenceJson<'a> {
    capital: usize,
    kind: &'static str,
    holder: Option<usize>,
    label: &'a str,
    from: i64,
    to: i64,
    note: &'a str,
    sources: Vec<SourceJson<'a>>,
}

/// What a look means, for texts (the drawing is `#look-…`).
#[derive(Serialize)]
struct LookJson {
    shape: &'static str,
    contested: bool,
    refuted: bool,
    enclave: Option<usize>,
    foreign: bool,
    national: bool,
}

impl LookJson {
    /// The look's entry.
    fn of(key: &LookKey) -> Self {
        Self {
            shape: match key.shape {
                MarkerShape::Circle => "circle",
                MarkerShape::Diamond => "diamond",
                MarkerShape::Square => "square",
                MarkerShape::Cross => "cross",
            },
            contested: key.contested,
            refuted: key.refuted,
            enclave: key.enclave,
            foreign: key.foreign,
            national: key.national,
        }
    }
}

/// The base view.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ViewJson {
    width: u32,
    height: u32,
    km_per_px: f64,
}

/// Sources as data.
fn sources(list: &[Source]) -> Vec<SourceJson<'_>> {
    list.iter()
        .map(|s| SourceJson {
            text: &s.text,
            url: s.url.as_deref(),
        })
        .collect()
}

/// The page's data; adds every look the timelines use to `looks`.
fn page_data<'a>(
    model: &Model<'a>,
    ids: &[String],
    title: &'a str,
    open: Date,
    view: &MapView,
    looks: &mut Looks,
) -> PageData<'a> {
    let bundle = model.bundle;
    let s = bundle.scenario();
    let (timeline, since): (Vec<_>, Vec<_>) = (0..s.capitals.len())
        .map(|c| model.capital_timeline(c, looks))
        .unzip();
    PageData {
        version: 1,
        title,
        description: &s.description,
        credits: &s.credits,
        start: s.start.to_string(),
        days: model.cal.days,
        open_day: model.cal.day(open),
        statuses: s
            .statuses
            .iter()
            .zip(ids)
            .map(|(st, id)| StatusJson {
                id: id.clone(),
                label: &st.label,
                contested: st.contested,
                pattern: st.pattern.map(pattern_name),
            })
            .collect(),
        capitals: s
            .capitals
            .iter()
            .enumerate()
            .map(|(c, capital)| CapitalJson {
                id: &capital.id,
                name: &capital.name,
                alt: &capital.alt_names,
                province: &capital.province,
                province_name: bundle.province_name_of(c),
                national: capital.national,
                marker_only: capital.marker_only.as_deref(),
            })
            .collect(),
        provinces: bundle
            .boundaries
            .provinces
            .iter()
            .enumerate()
            .map(|(p, province)| ProvinceJson {
                id: &province.id,
                name: &province.name,
                capital: bundle
                    .province_capitals
                    .get(p)
                    .and_then(|c| c.first().copied()),
            })
            .collect(),
        timeline,
        since,
        events: model.events(),
        key_moments: s
            .key_moments
            .iter()
            .filter(|k| model.cal.contains(k.date))
            .map(|k| KeyMomentJson {
                day: model.cal.day(k.date),
                caption: &k.caption,
            })
            .collect(),
        presences: model.presences_json(),
        looks: looks.keys.iter().map(LookJson::of).collect(),
        view: ViewJson {
            width: view.size_px[0],
            height: view.size_px[1],
            km_per_px: view.km_per_px,
        },
        events_per_capital: (0..s.capitals.len())
            .map(|c| {
                bundle
                    .timeline
                    .reports_of(c)
                    .iter()
                    .map(|&e| model.event_index[e])
                    .collect::<Vec<usize>>()
            })
            .collect(),
    }
}

/// The data as JSON safe inside `<script type="application/json">`.
fn data_json(data: &PageData<'_>) -> Result<String> {
    let json = serde_json::to_string(data)
        .map_err(|e| ExportError::Render(format!("the page's data: {e}")))?;
    Ok(script_safe(&json))
}

/// JSON made safe inside a `<script>` element: `<`, `>` and `&` (so no `</script>` or `<!--`
/// can end or change it) and the line separators U+2028 and U+2029 become `\u` escapes. They
/// only occur inside JSON strings, so the JSON means the same.
fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------- texts for readers

/// "On 13 August 2021: Taliban 18, Government 14, Contested 2": the statuses held on a date,
/// most held first (the svg's `<title>`, the table's caption; the player writes the same).
fn summary(model: &Model<'_>, date: Date) -> String {
    let s = model.bundle.scenario();
    let counts = model.bundle.timeline.counts_at(date);
    let mut order: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(counts[i]), i));
    let parts: Vec<String> = order
        .iter()
        .map(|&i| format!("{} {}", s.statuses[i].label, counts[i]))
        .collect();
    format!("On {}: {}", short_date(date), parts.join(", "))
}

/// The table of every capital's holder on a date (capital, province, holder, since, report
/// kind), for readers without script; the player rebuilds it for the date shown.
fn noscript_table(model: &Model<'_>, date: Date, caption: &str) -> String {
    let s = model.bundle.scenario();
    let timeline = &model.bundle.timeline;
    let mut out = format!(
        "<table><caption>{}</caption><thead><tr><th scope=\"col\">Capital</th><th scope=\"col\">Province</th><th scope=\"col\">Holder</th><th scope=\"col\">Since</th><th scope=\"col\">Report</th></tr></thead><tbody>\n",
        escape(caption)
    );
    for (c, capital) in s.capitals.iter().enumerate() {
        let state = timeline.state_at(c, date);
        let since = timeline
            .status_since(c, date)
            .map_or_else(|| "the start".to_string(), short_date);
        let mut report = state
            .last_event
            .map_or("initial", |e| kind_on(&s.events[e], date))
            .to_string();
        for r in timeline.refuted_on(c, date) {
            let label = s
                .status_index(&s.events[r].status)
                .map_or("context", |i| s.statuses[i].label.as_str());
            let _ = write!(report, "; refuted claim standing: {label}");
        }
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&capital.name),
            escape(model.bundle.province_name_of(c)),
            escape(&s.statuses[state.status].label),
            escape(&since),
            escape(&report)
        );
    }
    out.push_str("</tbody></table>");
    out
}

// ---------------------------------------------------------------- thinning at zoom

/// A capital's label where it first shows.
struct PlacedLabel {
    /// The smallest zoom at which the scene places it.
    zoom: u32,
    /// Its first line's start, relative to the marker's centre, screen px.
    dx: f32,
    /// Its first line's baseline, relative to the marker's centre, screen px.
    dy: f32,
    /// The shaped text.
    shaped: Arc<ShapedText>,
}

/// Where markers and labels show as the page zooms in.
struct Thinning {
    /// Per capital: the smallest zoom at which the scene keeps its marker (16 when it keeps
    /// it at none, so every capital can be reached).
    marker_zmin: Vec<u32>,
    /// Per capital: its label at the smallest zoom the scene places it, if any.
    labels: Vec<Option<PlacedLabel>>,
}

/// Runs the scene's marker thinning and label placement at each of [`ZOOMS`] (views of the
/// whole map `zoom` times the base view's size and scale; zoom 1 is `layer`, the base view's)
/// and notes the smallest zoom at which each marker and label shows.
fn thinning(
    input: &SceneInput<'_>,
    view: &MapView,
    layer: &MapLayer,
    fonts: &mut Fonts,
) -> Thinning {
    let count = input.bundle.scenario().capitals.len();
    let label_of: HashMap<&str, usize> = input
        .geometry
        .capital_label_ids
        .iter()
        .enumerate()
        .map(|(c, id)| (&**id, c))
        .collect();
    let looks = capital_looks(input.bundle, input.date, input.theme);
    let mut marker_zmin: Vec<Option<u32>> = vec![None; count];
    let mut labels: Vec<Option<PlacedLabel>> = (0..count).map(|_| None).collect();
    for zoom in ZOOMS {
        let zoomed;
        let (markers, texts) = if zoom == 1 {
            (layer.markers.as_slice(), layer.labels.as_slice())
        } else {
            zoomed = marks_at(input, view, &looks, zoom, fonts);
            (zoomed.0.as_slice(), zoomed.1.as_slice())
        };
        let mut centre: Vec<Option<[f32; 2]>> = vec![None; count];
        for m in markers {
            if let Some(slot) = centre.get_mut(m.capital) {
                *slot = Some(m.center);
            }
            if let Some(z) = marker_zmin.get_mut(m.capital)
                && z.is_none()
            {
                *z = Some(zoom);
            }
        }
        for t in texts {
            let Some(&c) = t.id.as_deref().and_then(|id| label_of.get(id)) else {
                continue;
            };
            if labels[c].is_some() {
                continue;
            }
            let (Some(at), Some(first)) = (centre[c], t.shaped.lines.first()) else {
                continue;
            };
            labels[c] = Some(PlacedLabel {
                zoom,
                dx: t.origin[0] + first.x - at[0],
                dy: t.origin[1] + first.baseline - at[1],
                shaped: t.shaped.clone(),
            });
        }
        if marker_zmin.iter().all(Option::is_some) && labels.iter().all(Option::is_some) {
            break;
        }
    }
    Thinning {
        marker_zmin: marker_zmin.into_iter().map(|z| z.unwrap_or(16)).collect(),
        labels,
    }
}

/// The markers and labels of the whole map at `zoom`: the base view `zoom` times closer and
/// `zoom` times larger, so every capital is in view and thinned as at that zoom (px of that
/// view: the base view's times `zoom`).
fn marks_at(
    input: &SceneInput<'_>,
    view: &MapView,
    looks: &[CapitalLook],
    zoom: u32,
    fonts: &mut Fonts,
) -> (Vec<Marker>, Vec<TextItem>) {
    let zoomed = MapView {
        center_map_xy: view.center_map_xy,
        km_per_px: view.km_per_px / f64::from(zoom),
        size_px: view.size_px.map(|v| v.saturating_mul(zoom)),
    };
    let markers = map_markers(input, &zoomed, looks, [0.0, 0.0]);
    let [w, h] = zoomed.size_px.map(|v| v as f32);
    let labels = map_labels(
        input,
        &markers,
        &PxRect::from_xywh(0.0, 0.0, w, h).surroundings(),
        fonts,
    );
    (markers, labels)
}

/// The scene's scale bar for each of [`ZOOMS`], in the base view's bottom right corner.
fn zoom_scale_bars(
    input: &SceneInput<'_>,
    view: &MapView,
    area: PxRect,
    fonts: &mut Fonts,
) -> Vec<(u32, ScaleBar)> {
    let palette = input.theme.palette();
    ZOOMS
        .iter()
        .filter_map(|&zoom| {
            let zoomed = MapView {
                km_per_px: view.km_per_px / f64::from(zoom),
                ..*view
            };
            scale_bar(&zoomed, area, MARKS, &palette, fonts).map(|bar| (zoom, bar))
        })
        .collect()
}

// ---------------------------------------------------------------- the map (SVG)

/// What the map's SVG is written from.
struct Ctx<'a> {
    /// The scenario by day.
    model: &'a Model<'a>,
    /// Its geometry.
    geometry: &'a MapGeometry,
    /// The scene's input for the opening date.
    input: SceneInput<'a>,
    /// The base view: the whole map fitted.
    view: MapView,
    /// The statuses' CSS ids.
    ids: &'a [String],
    /// Every marker look.
    looks: &'a Looks,
    /// Per capital: its status on the opening date.
    open_status: Vec<usize>,
    /// Per capital: its look on the opening date.
    open_look: Vec<usize>,
    /// The theme the markers' `<use>` first point at (the player follows the page's theme).
    theme: Theme,
}

/// The map `<svg>` of the contract (then `<template id="fine">` when there are finer
/// outlines).
fn map_svg(
    ctx: &Ctx<'_>,
    layer: &MapLayer,
    thinned: &Thinning,
    bars: &[(u32, ScaleBar)],
    alt: &str,
    notes: &str,
) -> String {
    let [w, h] = ctx.view.size_px;
    let mut out = String::with_capacity(1 << 20);
    let _ = writeln!(
        out,
        "<svg id=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"map-alt\">\n<title id=\"map-alt\">{}</title>",
        escape(alt)
    );
    defs(&mut out, ctx);
    out.push_str("<g id=\"viewport\">\n");
    neighbours(&mut out, layer);
    fills(&mut out, ctx, layer);
    line_group(&mut out, "borders", &layer.borders.lines);
    line_group(&mut out, "outline", &layer.outline.lines);
    out.push_str(notes);
    markers(&mut out, ctx, thinned);
    labels(&mut out, ctx, thinned);
    neighbour_labels(&mut out, layer);
    out.push_str("</g>\n");
    scale_bars(&mut out, bars);
    out.push_str("</svg>\n");
    out.push_str(&fine_template(ctx));
    out
}

/// The scenario's annotations, each placed on the base view on its first day (as the scene
/// places it there, clear of that day's labels and markers), with the days it shows
/// (`data-from`, `data-to`, day numbers); the player shows those of the day.
fn annotations_svg(ctx: &Ctx<'_>, layer: &MapLayer, fonts: &mut Fonts) -> String {
    let mut out = String::new();
    let s = ctx.input.bundle.scenario();
    if s.annotations.is_empty() {
        return out;
    }
    let days = &ctx.model.cal;
    out.push_str("<g id=\"annotations\">\n");
    let mut firsts: Vec<Date> = s
        .annotations
        .iter()
        .map(|a| a.from.max(s.start).min(s.end))
        .collect();
    firsts.sort();
    firsts.dedup();
    let area = layer.area;
    for date in firsts {
        let input = SceneInput { date, ..ctx.input };
        let looks = capital_looks(input.bundle, date, input.theme);
        let marks = crate::scene::frame::map_marks(&input, &ctx.view, &looks, area, &[], fonts);
        for mark in marks.annotations {
            let a = &s.annotations[mark.index];
            if a.from.max(s.start).min(s.end) != date {
                continue;
            }
            let mut g = String::new();
            crate::paint::svg::annotation(&mut g, &mark, "");
            let _ = writeln!(
                out,
                "<g data-from=\"{}\" data-to=\"{}\">{g}</g>",
                days.clamped(a.from),
                days.clamped(a.to)
            );
        }
    }
    out.push_str("</g>\n");
    out
}

/// `<defs>`: the patterns of both themes, every look in both themes, the compare ring.
fn defs(out: &mut String, ctx: &Ctx<'_>) {
    out.push_str("<defs>\n");
    let statuses = &ctx.model.bundle.scenario().statuses;
    for theme in [Theme::Light, Theme::Dark] {
        let t = theme.as_str();
        let input = SceneInput { theme, ..ctx.input };
        let style = pattern_style(&input, &ctx.view, [0.0, 0.0]);
        for (status, id) in statuses.iter().zip(ctx.ids) {
            if let Some(pattern) = status.pattern {
                let colour = status_color(status, theme);
                pattern_with_colour(out, &format!("pat-{t}-{id}"), pattern, &style, colour);
            }
        }
        let palette = theme.palette();
        for (i, key) in ctx.looks.keys.iter().enumerate() {
            let holder = key.enclave.and_then(|h| ctx.ids.get(h)).map(String::as_str);
            look_def(out, &format!("look-{t}-{i}"), key, &palette, holder);
        }
        ring_def(out, &format!("ring-{t}"), &palette);
    }
    out.push_str("</defs>\n");
}

/// A pattern as the page fills provinces with it: the scene's pattern ([`pattern_def`]) over
/// the status colour (a province's fill is either its colour or its pattern).
fn pattern_with_colour(
    out: &mut String,
    id: &str,
    pattern: Pattern,
    style: &PatternStyle,
    colour: Rgb,
) {
    let mut def = String::new();
    pattern_def(&mut def, id, pattern, style);
    // The tile clips its content: a rectangle larger than any tile covers it.
    let p = style.spacing_px;
    let ground = format!(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\"/>",
        n(-p),
        n(-p),
        n(4.0 * p),
        n(4.0 * p)
    );
    match def.find('>') {
        Some(at) => {
            out.push_str(&def[..=at]);
            out.push_str(&ground);
            out.push_str(&def[at + 1..]);
        }
        None => out.push_str(&def),
    }
}

/// One look centred on (0, 0), drawn by the SVG writer from the scene's marker layers, with
/// the status colour as `currentColor` and an enclave's colour as its holder's variable.
fn look_def(out: &mut String, id: &str, key: &LookKey, palette: &Palette, holder: Option<&str>) {
    let look = CapitalLook {
        status: 0,
        color: STATUS_INK,
        shape: key.shape,
        contested: key.contested,
        refuted: key.refuted,
        enclave: key.enclave.map(|_| HOLDER_INK),
        foreign: key.foreign,
        changed: false,
    };
    let layers = marker_layers(&look, marker_radius_px(key.national, MARKS), MARKS, palette);
    let mut g = String::new();
    marker(&mut g, Some(id), [0.0, 0.0], &layers);
    let g = g.replace(&fill_of(STATUS_INK), "fill=\"currentColor\"");
    let g = match holder {
        Some(h) => g.replace(
            &fill_of(HOLDER_INK),
            &format!("style=\"fill:var(--st-{h})\""),
        ),
        None => g,
    };
    out.push_str(&g);
}

/// The compare ring centred on (0, 0): the two circles the scene puts under a marker that
/// changed hands.
fn ring_def(out: &mut String, id: &str, palette: &Palette) {
    let mut look = CapitalLook::plain(0, STATUS_INK, MarkerShape::Circle, false);
    look.changed = true;
    let layers = marker_layers(&look, marker_radius_px(false, MARKS), MARKS, palette);
    marker(out, Some(id), [0.0, 0.0], layers.get(..2).unwrap_or(&[]));
}

/// The `fill` attribute the SVG writer gives a colour.
fn fill_of(colour: Rgb) -> String {
    format!("fill=\"{colour}\"")
}

/// A colour for CSS: `#RRGGBB`, or `rgba(…)` when not opaque.
fn css_color(colour: Rgba) -> String {
    if colour.alpha() == 255 {
        colour.rgb().to_string()
    } else {
        let [r, g, b, a] = colour.0;
        format!("rgba({r}, {g}, {b}, {})", n(f32::from(a) / 255.0))
    }
}

/// Path data of closed rings.
fn rings_d(rings: &[Vec<[f32; 2]>]) -> String {
    let mut d = String::new();
    for ring in rings {
        points_d(ring, true, &mut d);
    }
    d
}

/// Path data of open lines.
fn lines_d(lines: &[Vec<[f32; 2]>]) -> String {
    let mut d = String::new();
    for line in lines {
        points_d(line, false, &mut d);
    }
    d
}

/// Map-plane points (km) in the base view's pixels.
fn project(points: &[[f32; 2]], view: &MapView) -> Vec<[f32; 2]> {
    points
        .iter()
        .map(|p| {
            view.px_from_map(MapXy {
                x: f64::from(p[0]),
                y: f64::from(p[1]),
            })
        })
        .collect()
}

/// Path data of province `p`'s rings at a level of detail, in the base view's pixels.
fn projected_rings_d(level: &DetailLevel, p: usize, view: &MapView) -> String {
    let mut d = String::new();
    if let Some(mesh) = level.provinces.get(p) {
        for ring in &mesh.rings_map_xy {
            points_d(&project(ring, view), true, &mut d);
        }
    }
    d
}

/// A group of lines as one path (styled by the page's CSS).
fn line_group(out: &mut String, id: &str, lines: &[Vec<[f32; 2]>]) {
    let d = lines_d(lines);
    let _ = write!(out, "<g id=\"{id}\">");
    if !d.is_empty() {
        let _ = write!(out, "<path d=\"{d}\"/>");
    }
    out.push_str("</g>\n");
}

/// `display="none"` for what shows only from a zoom above 1 (the player shows it; readers
/// without script see the base view's thinning).
fn hidden(zmin: u32) -> &'static str {
    if zmin > 1 { " display=\"none\"" } else { "" }
}

/// The neighbouring countries and the borders between them.
fn neighbours(out: &mut String, layer: &MapLayer) {
    out.push_str("<g id=\"neighbours\" fill-rule=\"evenodd\">");
    for fill in &layer.neighbour_fills {
        let d = rings_d(&fill.rings);
        if !d.is_empty() {
            let _ = write!(out, "<path d=\"{d}\"/>");
        }
    }
    out.push_str("</g>\n");
    line_group(out, "neighbour-borders", &layer.neighbour_borders.lines);
}

/// One path per province, with its status on the opening date (`""`: no capital). A province
/// the base view's level of detail lost keeps its full outline.
fn fills(out: &mut String, ctx: &Ctx<'_>, layer: &MapLayer) {
    let bundle = ctx.model.bundle;
    let provinces = &bundle.boundaries.provinces;
    let mut paths: Vec<String> = vec![String::new(); provinces.len()];
    for fill in &layer.fills {
        if let Some(slot) = paths.get_mut(fill.province) {
            *slot = rings_d(&fill.rings);
        }
    }
    out.push_str("<g id=\"fills\" fill-rule=\"evenodd\">\n");
    for (p, (province, d)) in provinces.iter().zip(paths).enumerate() {
        let d = if d.is_empty() {
            projected_rings_d(ctx.geometry.full(), p, &ctx.view)
        } else {
            d
        };
        let status = bundle
            .province_capitals
            .get(p)
            .and_then(|c| c.first())
            .map_or("", |&c| ctx.ids[ctx.open_status[c]].as_str());
        let _ = write!(
            out,
            "<path data-province=\"{}\" data-status=\"{status}\"",
            escape(&province.id)
        );
        if !d.is_empty() {
            let _ = write!(out, " d=\"{d}\"");
        }
        out.push_str("/>\n");
    }
    out.push_str("</g>\n");
}

/// Every capital's marker: its status and look on the opening date, its anchor and the zoom
/// from which it shows.
fn markers(out: &mut String, ctx: &Ctx<'_>, thinned: &Thinning) {
    let s = ctx.model.bundle.scenario();
    let t = ctx.theme.as_str();
    out.push_str("<g id=\"markers\">\n");
    for (c, capital) in s.capitals.iter().enumerate() {
        let [x, y] = ctx.view.px_from_map(ctx.geometry.capitals_map_xy[c]);
        let (x, y) = (n(x), n(y));
        let zmin = thinned.marker_zmin[c];
        let _ = writeln!(
            out,
            "<g data-capital=\"{}\" data-status=\"{}\" data-x=\"{x}\" data-y=\"{y}\" data-zmin=\"{zmin}\" transform=\"translate({x} {y})\"{}><use href=\"#look-{t}-{}\"/></g>",
            escape(&capital.id),
            ctx.ids[ctx.open_status[c]],
            hidden(zmin),
            ctx.open_look[c]
        );
    }
    out.push_str("</g>\n");
}

/// A text's lines: the first at (dx, dy) (on the `<text>` itself), further ones as tspans.
fn text_lines(out: &mut String, shaped: &ShapedText, dx: f32, dy: f32) {
    match shaped.lines.as_slice() {
        [] => {}
        [one] => out.push_str(&escape(&one.text)),
        [first, ..] => {
            for line in &shaped.lines {
                let _ = write!(
                    out,
                    "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                    n(dx + line.x - first.x),
                    n(dy + line.baseline - first.baseline),
                    escape(&line.text)
                );
            }
        }
    }
}

/// The capitals' labels, anchored at their markers, where they first show.
fn labels(out: &mut String, ctx: &Ctx<'_>, thinned: &Thinning) {
    let s = ctx.model.bundle.scenario();
    out.push_str("<g id=\"labels\">\n");
    for (c, placed) in thinned.labels.iter().enumerate() {
        let (Some(label), Some(capital)) = (placed, s.capitals.get(c)) else {
            continue;
        };
        let [x, y] = ctx.view.px_from_map(ctx.geometry.capitals_map_xy[c]);
        let (x, y, dx, dy) = (n(x), n(y), n(label.dx), n(label.dy));
        let _ = write!(
            out,
            "<text data-label=\"{}\" data-x=\"{x}\" data-y=\"{y}\" data-dx=\"{dx}\" data-dy=\"{dy}\" data-zmin=\"{}\" x=\"{dx}\" y=\"{dy}\" font-size=\"{}\" transform=\"translate({x} {y})\"{}>",
            escape(&capital.id),
            label.zoom,
            n(label.shaped.size),
            hidden(label.zoom)
        );
        text_lines(out, &label.shaped, label.dx, label.dy);
        out.push_str("</text>\n");
    }
    out.push_str("</g>\n");
}

/// The neighbouring countries' names where the scene placed them in the base view, anchored
/// at their centres.
fn neighbour_labels(out: &mut String, layer: &MapLayer) {
    out.push_str("<g id=\"neighbour-labels\">\n");
    for item in &layer.neighbour_labels {
        let shaped = &item.shaped;
        let Some(first) = shaped.lines.first() else {
            continue;
        };
        let ax = n(item.origin[0] + shaped.width / 2.0);
        let ay = n(item.origin[1] + shaped.height / 2.0);
        let (dx, dy) = (
            first.x - shaped.width / 2.0,
            first.baseline - shaped.height / 2.0,
        );
        let _ = write!(
            out,
            "<text data-x=\"{ax}\" data-y=\"{ay}\" data-zmin=\"1\" x=\"{}\" y=\"{}\" font-size=\"{}\" transform=\"translate({ax} {ay})\">",
            n(dx),
            n(dy),
            n(shaped.size)
        );
        text_lines(out, shaped, dx, dy);
        out.push_str("</text>\n");
    }
    out.push_str("</g>\n");
}

/// One scale bar per zoom (the player shows the one of the largest zoom not above its own).
fn scale_bars(out: &mut String, bars: &[(u32, ScaleBar)]) {
    out.push_str("<g id=\"scale-bars\">\n");
    for (zoom, bar) in bars {
        let _ = write!(
            out,
            "<g class=\"scale-bar\" data-zoom=\"{zoom}\"{}>",
            hidden(*zoom)
        );
        let _ = write!(
            out,
            "<path d=\"{}\" fill=\"none\" stroke-width=\"{}\" stroke-linecap=\"round\" stroke-linejoin=\"round\" vector-effect=\"non-scaling-stroke\" style=\"stroke:var(--label-halo)\"/>",
            lines_d(&bar.halo.lines),
            n(bar.halo.width_px)
        );
        let _ = write!(
            out,
            "<path d=\"{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"{}\" stroke-linecap=\"round\" stroke-linejoin=\"round\" vector-effect=\"non-scaling-stroke\"/>",
            lines_d(&bar.bar.lines),
            n(bar.bar.width_px)
        );
        let label = &bar.label;
        if let Some(first) = label.shaped.lines.first() {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" fill=\"currentColor\">{}</text>",
                n(label.origin[0] + label.shaped.width / 2.0),
                n(label.origin[1] + first.baseline),
                n(label.shaped.size),
                escape(&first.text)
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
}

/// Points in a level of detail's rings and lines.
fn point_count(level: &DetailLevel) -> usize {
    let rings: usize = level
        .provinces
        .iter()
        .flat_map(|m| &m.rings_map_xy)
        .map(Vec::len)
        .sum();
    let lines: usize = level
        .borders
        .iter()
        .chain(&level.outline)
        .map(Vec::len)
        .sum();
    rings + lines
}

/// `<template id="fine">`: the provinces, borders and outline at the level of detail of zoom
/// [`FINE_ZOOM`] (or the finest between it and the base view's within
/// [`FINE_POINT_BUDGET`]), which the player swaps in when zoomed in; empty when the base
/// view's level is already that fine.
fn fine_template(ctx: &Ctx<'_>) -> String {
    let g = ctx.geometry;
    let base = g.level_index_for(ctx.view.km_per_px);
    let wanted = g.level_index_for(ctx.view.km_per_px / FINE_ZOOM);
    let Some(level) = (base + 1..=wanted)
        .rev()
        .map(|i| g.level(i))
        .find(|l| point_count(l) <= FINE_POINT_BUDGET)
    else {
        return String::new();
    };
    let mut out = String::from("<template id=\"fine\">");
    for (p, province) in ctx.model.bundle.boundaries.provinces.iter().enumerate() {
        let d = projected_rings_d(level, p, &ctx.view);
        if !d.is_empty() {
            let _ = write!(
                out,
                "<path data-province=\"{}\" d=\"{d}\"></path>",
                escape(&province.id)
            );
        }
    }
    for (group, lines) in [("borders", &level.borders), ("outline", &level.outline)] {
        let projected: Vec<Vec<[f32; 2]>> = lines.iter().map(|l| project(l, &ctx.view)).collect();
        let d = lines_d(&projected);
        if !d.is_empty() {
            let _ = write!(out, "<path data-fine-of=\"{group}\" d=\"{d}\"></path>");
        }
    }
    out.push_str("</template>\n");
    out
}

// ---------------------------------------------------------------- styles

/// The generated CSS (font faces, both themes' colours, the status fills and marker colours)
/// followed by the page's own styles.
fn page_css(statuses: &[StatusDef], ids: &[String], chars: &BTreeSet<char>) -> String {
    let mut css = fontsub::font_faces(&fontsub::FontNeeds::both_weights(chars));
    theme_vars(
        &mut css,
        ":root, [data-theme=light]",
        Theme::Light,
        statuses,
        ids,
    );
    theme_vars(&mut css, "[data-theme=dark]", Theme::Dark, statuses, ids);
    for (id, status) in ids.iter().zip(statuses) {
        let _ = writeln!(
            css,
            "#map [data-province][data-status=\"{id}\"] {{ fill: var(--st-{id}); }}"
        );
        let _ = writeln!(
            css,
            "#map [data-capital][data-status=\"{id}\"] {{ color: var(--st-{id}); }}"
        );
        if status.pattern.is_some() {
            for theme in [Theme::Light, Theme::Dark] {
                let t = theme.as_str();
                let _ = writeln!(
                    css,
                    "[data-theme={t}] #map [data-province][data-status=\"{id}\"] {{ fill: url(#pat-{t}-{id}); }}"
                );
            }
        }
    }
    css.push_str("#map [data-province][data-status=\"\"] { fill: var(--neutral); }\n");
    css.push_str(PLAYER_CSS);
    css
}

/// One theme's colour variables, from the scene's palette, and its status colours.
fn theme_vars(
    css: &mut String,
    selector: &str,
    theme: Theme,
    statuses: &[StatusDef],
    ids: &[String],
) {
    let p = theme.palette();
    // Panels: white on the light theme (the briefing band); a shade above the background on
    // the dark one (its band is darker than the background).
    let (panel, accent) = match theme {
        Theme::Light => (p.band, ACCENT_LIGHT),
        Theme::Dark => (p.background.mix(p.text, 0.05), ACCENT_DARK),
    };
    let vars: [(&str, String); 13] = [
        ("bg", p.background.to_string()),
        ("text", p.text.to_string()),
        ("muted", p.weak_text.to_string()),
        ("panel", panel.to_string()),
        ("border", p.border.to_string()),
        ("outline", p.outline.to_string()),
        ("neutral", p.neutral_fill.to_string()),
        ("neighbour", p.neighbour_fill.to_string()),
        ("neighbour-border", p.neighbour_border.to_string()),
        ("label", p.label.to_string()),
        ("label-halo", css_color(p.label_halo)),
        ("accent", accent.to_string()),
        ("refuted", p.refuted.to_string()),
    ];
    let _ = write!(css, "{selector} {{");
    for (name, value) in vars {
        let _ = write!(css, " --{name}: {value};");
    }
    for (id, status) in ids.iter().zip(statuses) {
        let _ = write!(css, " --st-{id}: {};", status_color(status, theme));
    }
    css.push_str(" }\n");
}

/// Every character the page can show: its own and the player's texts (month and weekday
/// names, controls), printable ASCII, a few typographic marks, and all the scenario's text
/// (upper case too).
fn page_chars(model: &Model<'_>, title: &str, geometry: &MapGeometry) -> BTreeSet<char> {
    let bundle = model.bundle;
    let s = bundle.scenario();
    let mut texts: Vec<&str> = vec![
        PAGE,
        PLAYER_JS,
        EXTRA_CHARS,
        title,
        s.title.as_str(),
        s.description.as_str(),
        s.credits.as_str(),
    ];
    texts.extend(s.statuses.iter().map(|st| st.label.as_str()));
    for (c, capital) in s.capitals.iter().enumerate() {
        texts.push(&capital.name);
        texts.extend(capital.alt_names.iter().map(String::as_str));
        texts.push(bundle.province_name_of(c));
    }
    texts.extend(bundle.boundaries.provinces.iter().map(|p| p.name.as_str()));
    for e in &s.events {
        texts.push(&e.note);
        push_sources(&mut texts, &e.sources);
        push_sources(&mut texts, e.confirmed_by());
        texts.extend(e.open_at_end());
        texts.extend(e.id());
    }
    for p in &s.presences {
        texts.push(&p.label);
        texts.push(&p.note);
        push_sources(&mut texts, &p.sources);
    }
    texts.extend(s.key_moments.iter().map(|k| k.caption.as_str()));
    for a in &s.annotations {
        texts.push(&a.text);
        texts.extend(a.meaning.as_deref());
    }
    texts.extend(geometry.neighbours.iter().map(|nb| nb.name.as_str()));
    let mut chars: BTreeSet<char> = (' '..='~').collect();
    for text in texts {
        for c in text.chars() {
            chars.insert(c);
            chars.extend(c.to_uppercase());
        }
    }
    chars
}

/// Adds sources' texts and addresses.
fn push_sources<'t>(texts: &mut Vec<&'t str>, sources: &'t [Source]) {
    for source in sources {
        texts.push(&source.text);
        if let Some(url) = &source.url {
            texts.push(url);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::load_bundle;
    use jiff::civil::date;

    fn shipped(name: &str) -> ScenarioBundle {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/scenarios")
            .join(name)
            .join("scenario.ron");
        load_bundle(&path).unwrap()
    }

    fn every_day(start: Date, end: Date) -> Vec<Date> {
        let mut out = Vec::new();
        let mut d = start;
        while d <= end {
            out.push(d);
            d = d.tomorrow().unwrap();
        }
        out
    }

    #[test]
    fn json_cannot_end_its_script_element() {
        let json = serde_json::to_string(&"</script><!-- a & b > c \u{2028}\u{2029}").unwrap();
        let safe = script_safe(&json);
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!safe.contains(bad), "{safe}");
        }
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "</script><!-- a & b > c \u{2028}\u{2029}");
    }

    #[test]
    fn days_count_from_the_first_day() {
        let cal = Calendar::new(date(2021, 5, 1), date(2021, 9, 30));
        assert_eq!(cal.days, 153);
        assert_eq!(cal.day(date(2021, 5, 1)), 0);
        assert_eq!(cal.day(date(2021, 8, 13)), 104);
        assert_eq!(cal.day(date(2021, 4, 30)), -1);
        assert_eq!(cal.clamped(date(2022, 1, 1)), 152);
        assert!(cal.contains(date(2021, 9, 30)) && !cal.contains(date(2021, 10, 1)));
        // Across a leap day.
        let leap = Calendar::new(date(2024, 2, 28), date(2024, 3, 1));
        assert_eq!(leap.days, 3);
        assert_eq!(short_date(date(2021, 8, 6)), "6 August 2021");
    }

    #[test]
    fn status_ids_are_safe_for_css_and_unique() {
        let status = |id: &str| StatusDef {
            id: id.into(),
            label: id.into(),
            color: "#000000".into(),
            dark_color: None,
            contested: false,
            pattern: None,
        };
        let ids = css_ids(&[
            status("taliban"),
            status("a b\"]{}"),
            status("a_b____"),
            status("حكومة"),
            status(""),
        ]);
        assert_eq!(ids[0], "taliban");
        assert_eq!(ids[1], "a_b____");
        assert_eq!(ids[2], "a_b____-2");
        assert_eq!(ids[3], "_____");
        assert_eq!(ids[4], "s4");
        for id in &ids {
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            );
        }
    }

    #[test]
    fn placeholders_are_filled_once_and_never_rescanned() {
        let page = fill_template("<t>{{TITLE}}</t>{{TITLE}} {{KEEP}} {{", |name| match name {
            "TITLE" => Some("{{TITLE}} & more"),
            _ => None,
        });
        assert_eq!(page, "<t>{{TITLE}} & more</t>{{TITLE}} & more {{KEEP}} {{");
    }

    #[test]
    fn the_embedded_files_cannot_break_out_of_their_elements() {
        assert!(!PLAYER_JS.to_ascii_lowercase().contains("</script"));
        assert!(!PLAYER_CSS.to_ascii_lowercase().contains("</style"));
        for name in [
            "LANG", "TITLE", "THEME", "STYLE", "SVG", "DATA", "SCRIPT", "NOSCRIPT",
        ] {
            assert!(PAGE.contains(&format!("{{{{{name}}}}}")), "{name}");
        }
    }

    #[test]
    fn look_keys_agree_with_the_scene() {
        for name in ["afghanistan-2021", "syria-2024", "sudan-2023"] {
            let bundle = shipped(name);
            let s = bundle.scenario();
            let model = Model::new(&bundle);
            for d in every_day(s.start, s.end) {
                let looks = capital_looks(&bundle, d, Theme::Light);
                for (c, look) in looks.iter().enumerate() {
                    let key = model.look_key(c, d);
                    assert_eq!(key.shape, look.shape, "{name} {d} {c}");
                    assert_eq!(key.contested, look.contested);
                    assert_eq!(key.refuted, look.refuted);
                    assert_eq!(key.foreign, look.foreign);
                    assert_eq!(
                        key.enclave
                            .map(|h| status_color(&s.statuses[h], Theme::Light)),
                        look.enclave
                    );
                }
            }
        }
    }

    #[test]
    fn timelines_give_every_day_its_status_look_and_since() {
        for name in ["afghanistan-2021", "syria-2024", "sudan-2023"] {
            let bundle = shipped(name);
            let s = bundle.scenario();
            let model = Model::new(&bundle);
            let mut looks = Looks::default();
            for c in 0..s.capitals.len() {
                let (rows, since) = model.capital_timeline(c, &mut looks);
                assert_eq!(rows[0].0, 0);
                assert_eq!(since[0].0, 0);
                for d in every_day(s.start, s.end) {
                    let day = model.cal.day(d);
                    let row = rows.iter().rev().find(|r| r.0 <= day).unwrap();
                    let state = bundle.timeline.state_at(c, d);
                    assert_eq!(row.1, state.status, "{name} {c} {d}");
                    assert_eq!(looks.keys[row.2], model.look_key(c, d), "{name} {c} {d}");
                    assert_eq!(row.3, state.last_event.map(|e| model.event_index[e]));
                    let from = since.iter().rev().find(|r| r.0 <= day).unwrap().1;
                    assert_eq!(
                        from,
                        bundle.timeline.status_since(c, d).map(|x| model.cal.day(x))
                    );
                }
            }
        }
    }

    #[test]
    fn the_page_fills_every_placeholder_and_draws_every_capital() {
        let bundle = shipped("afghanistan-2021");
        let opts = HtmlOptions {
            date: Some(date(2021, 8, 13)),
            ..HtmlOptions::default()
        };
        let page = html_page(&bundle, &opts, &mut Fonts::new()).unwrap();
        assert!(!page.contains("{{"), "a placeholder is left");
        assert!(page.contains("data-theme-choice=\"auto\""));
        assert!(page.contains("On 13 August 2021: "));
        let s = bundle.scenario();
        assert_eq!(page.matches("<g data-capital=").count(), s.capitals.len());
        assert_eq!(
            page.matches(" data-status=\"").count() - s.capitals.len(),
            bundle.boundaries.provinces.len()
        );
        for zoom in ZOOMS {
            assert!(page.contains(&format!("class=\"scale-bar\" data-zoom=\"{zoom}\"")));
        }
        assert!(page.contains("<g id=\"look-dark-0\">") && page.contains("<g id=\"ring-light\">"));
        assert!(page.contains("@font-face { font-family: \"Frontline Sans\""));
        assert!(page.contains("--st-taliban: #D55E00;"));
        let outside = date(2022, 1, 1);
        let err = html_page(
            &bundle,
            &HtmlOptions {
                date: Some(outside),
                ..HtmlOptions::default()
            },
            &mut Fonts::new(),
        );
        assert!(err.unwrap_err().to_string().contains("outside"));
        assert!(is_html_path(Path::new("a/Map.HTML")) && !is_html_path(Path::new("a.svg")));
    }
}
