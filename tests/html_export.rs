//! The interactive HTML export: `frontline export … -o map.html` writes one self-contained
//! page that loads nothing from the network, whose provinces and markers carry the model's
//! statuses on the opening date, and whose data agrees with the model. When node, Chromium and
//! the driver's packages are installed (`cd tests/browser && npm ci`), the page is also driven
//! in headless Chromium: the date follows the URL fragment, `frontline.setDate` and the arrow
//! keys; a click opens a capital's history with safe links; the summary matches the model's
//! counts; the embedded font loads; nothing is requested and nothing fails; it fits a 360 px
//! phone; and a date change stays cheap. A second browser test reads the page against the
//! model on 2021-08-13 and 2021-08-09 (Helmand's fill, the legend's counts, the refuted fall
//! of Lashkar Gah, Kandahar's history, the keys, the accessible table) and checks at 1280×720
//! and 390×844 that no panel covers the map (screenshots copied to /tmp/html-shots). A hostile
//! scenario (tests/fixtures/html/hostile.ron) shows that scenario text is escaped in the file
//! and runs nothing in the browser. Under CI the browser tests must run.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use frontline::bundle::{ScenarioBundle, load_bundle};
use frontline::model::Rgb;
use jiff::civil::{Date, date};
use serde_json::{Value, json};

/// The date the page opens on.
const OPEN: &str = "2021-08-13";

#[path = "support/browser.rs"]
mod browser;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scenario() -> PathBuf {
    root().join("assets/scenarios/afghanistan-2021/scenario.ron")
}

fn open_date() -> Date {
    date(2021, 8, 13)
}

/// Exports the shipped scenario as a page opening on OPEN into `dir`: its path and text.
fn export(dir: &Path) -> (PathBuf, String) {
    let out = dir.join("afghanistan.html");
    let o = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg("export")
        .arg(scenario())
        .args(["--date", OPEN, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let page = std::fs::read_to_string(&out).unwrap();
    (out, page)
}

/// The id of a capital's status on a date.
fn status_id(bundle: &ScenarioBundle, capital: usize, d: Date) -> String {
    let s = bundle.scenario();
    s.statuses[bundle.timeline.status_at(capital, d)].id.clone()
}

/// The opening tag of the data's `<script>`.
const DATA_TAG: &str = "<script type=\"application/json\" id=\"frontline-data\">";

/// The page without the data's JSON (which quotes sources' addresses as text).
fn without_data(page: &str) -> String {
    let start = page.find(DATA_TAG).unwrap() + DATA_TAG.len();
    let end = start + page[start..].find("</script>").unwrap();
    format!("{}{}", &page[..start], &page[end..])
}

/// The page's data.
fn data(page: &str) -> Value {
    let start = page.find(DATA_TAG).unwrap() + DATA_TAG.len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).unwrap()
}

/// The text of the first element that starts with `open`, up to its `close`.
fn section<'a>(page: &'a str, open: &str, close: &str) -> &'a str {
    let start = page.find(open).unwrap_or_else(|| panic!("no {open}"));
    let end = start + page[start..].find(close).unwrap();
    &page[start..end]
}

/// The value of attribute `name` in a tag's text.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

/// Each `<NAME …>` tag's text in `part`, for tags named `name`.
fn tags<'a>(part: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    part.match_indices(&open)
        .map(|(at, _)| {
            let len = part[at..].find('>').unwrap();
            &part[at..at + len]
        })
        .collect()
}

#[test]
fn the_page_loads_nothing_from_the_network() {
    let dir = tempfile::tempdir().unwrap();
    let (_, page) = export(dir.path());
    let outside = without_data(&page).to_ascii_lowercase();
    for bad in [
        "src=\"http",
        "src='http",
        "src=http",
        "href=\"http",
        "href='http",
        "href=http",
        "url(http",
        "url(\"http",
        "url('http",
        "url(//",
        "@import",
        "<link",
        "<iframe",
        "<object",
        "<embed",
        "<img",
    ] {
        assert!(!outside.contains(bad), "the page loads something: {bad}…");
    }
    for tag in tags(&outside, "script") {
        assert!(!tag.contains("src"), "a script is not inline: {tag}");
    }
    assert!(
        outside.contains("<script>") && outside.contains("\"use strict\""),
        "the player is inline"
    );
    assert!(
        page.contains("url(data:font/ttf;base64,"),
        "the font is embedded"
    );
    assert!(!page.contains("{{"), "a placeholder is left");
    // The data cannot end its script element early.
    let json = &page[page.find(DATA_TAG).unwrap() + DATA_TAG.len()..];
    let json = &json[..json.find("</script>").unwrap()];
    assert!(!json.contains('<') && !json.contains('>'));
}

#[test]
fn provinces_and_markers_carry_the_models_statuses_on_the_opening_date() {
    let bundle = load_bundle(&scenario()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (_, page) = export(dir.path());
    let d = open_date();
    let fills = section(&page, "<g id=\"fills\"", "</g>");
    let found: HashMap<&str, &str> = tags(fills, "path")
        .into_iter()
        .map(|t| {
            (
                attr(t, "data-province").unwrap(),
                attr(t, "data-status").unwrap(),
            )
        })
        .collect();
    assert_eq!(found.len(), bundle.boundaries.provinces.len());
    for (p, province) in bundle.boundaries.provinces.iter().enumerate() {
        let want = bundle.province_capitals[p]
            .first()
            .map_or(String::new(), |&c| status_id(&bundle, c, d));
        assert_eq!(
            found.get(province.id.as_str()).copied(),
            Some(want.as_str()),
            "{}",
            province.id
        );
    }
    let markers = section(&page, "<g id=\"markers\"", "</svg>");
    let marked: HashMap<&str, &str> = tags(markers, "g")
        .into_iter()
        .filter_map(|t| Some((attr(t, "data-capital")?, attr(t, "data-status")?)))
        .collect();
    let s = bundle.scenario();
    assert_eq!(marked.len(), s.capitals.len());
    for (c, capital) in s.capitals.iter().enumerate() {
        assert_eq!(
            marked.get(capital.id.as_str()).copied(),
            Some(status_id(&bundle, c, d).as_str()),
            "{}",
            capital.id
        );
    }
    // The national capital is always shown.
    let kabul = tags(markers, "g")
        .into_iter()
        .find(|t| attr(t, "data-capital") == Some("kabul"))
        .unwrap();
    assert_eq!(attr(kabul, "data-zmin"), Some("1"));
}

#[test]
fn the_data_follows_the_model_day_by_day() {
    let bundle = load_bundle(&scenario()).unwrap();
    let s = bundle.scenario();
    let dir = tempfile::tempdir().unwrap();
    let (_, page) = export(dir.path());
    let data = data(&page);
    assert_eq!(data["start"], "2021-05-01");
    assert_eq!(data["days"], 153);
    assert_eq!(data["openDay"], 104);
    assert_eq!(data["capitals"].as_array().unwrap().len(), s.capitals.len());
    assert_eq!(data["events"].as_array().unwrap().len(), s.events.len());
    let statuses: Vec<&str> = data["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|st| st["id"].as_str().unwrap())
        .collect();
    let timeline = data["timeline"].as_array().unwrap();
    let mut d = s.start;
    let mut day = 0;
    while d <= s.end {
        for (c, rows) in timeline.iter().enumerate() {
            let row = rows
                .as_array()
                .unwrap()
                .iter()
                .rev()
                .find(|r| r[0].as_i64().unwrap() <= day)
                .unwrap();
            let status = statuses[row[1].as_u64().unwrap() as usize];
            assert_eq!(status, status_id(&bundle, c, d), "capital {c} on {d}");
        }
        d = d.tomorrow().unwrap();
        day += 1;
    }
    // A refuted claim keeps the days it stood.
    let refuted = data["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["report"] == "refuted")
        .unwrap();
    let stands = refuted["stands"].as_array().unwrap();
    assert!(stands[0].as_i64().unwrap() <= stands[1].as_i64().unwrap());
}

/// "On 13 August 2021: Taliban 18, Government 14, Contested 2" from the model's counts.
fn summary(bundle: &ScenarioBundle, d: Date) -> String {
    let s = bundle.scenario();
    let counts = bundle.timeline.counts_at(d);
    let mut order: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(counts[i]), i));
    let parts: Vec<String> = order
        .iter()
        .map(|&i| format!("{} {}", s.statuses[i].label, counts[i]))
        .collect();
    format!("On {}: {}", d.strftime("%-d %B %Y"), parts.join(", "))
}

/// A capital shown at zoom 1 whose history cites a web source: the one to click.
fn capital_to_click(bundle: &ScenarioBundle, page: &str) -> usize {
    let s = bundle.scenario();
    let markers = section(page, "<g id=\"markers\"", "</svg>");
    let shown: Vec<&str> = tags(markers, "g")
        .into_iter()
        .filter(|t| attr(t, "data-zmin") == Some("1"))
        .filter_map(|t| attr(t, "data-capital"))
        .collect();
    (0..s.capitals.len())
        .find(|&c| {
            shown.contains(&s.capitals[c].id.as_str())
                && bundle.timeline.reports_of(c).iter().any(|&e| {
                    s.events[e].sources.iter().any(|src| {
                        src.url
                            .as_deref()
                            .is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("http"))
                    })
                })
        })
        .expect("a capital shown at zoom 1 with a linked source")
}

#[test]
fn the_page_works_in_a_browser() {
    if !browser::ready("the HTML export") {
        return;
    }
    let bundle = load_bundle(&scenario()).unwrap();
    let s = bundle.scenario();
    let dir = tempfile::tempdir().unwrap();
    let (file, page) = export(dir.path());
    let d = open_date();
    let helmand = s
        .capitals
        .iter()
        .position(|c| c.province == "AF-HEL")
        .unwrap();
    // A date on which Helmand's capital had another status than on the opening date.
    let mut other = s.start;
    while status_id(&bundle, helmand, other) == status_id(&bundle, helmand, d) {
        other = other.tomorrow().unwrap();
    }
    let click = capital_to_click(&bundle, &page);
    let event_days = bundle.timeline.event_dates().len();
    let last_day = (s.end - s.start).get_days();
    let steps = json!([
        {"op": "open", "width": 1280, "height": 720, "hash": OPEN},
        {"op": "attr", "selector": "[data-province=\"AF-HEL\"]", "name": "data-status"},
        {"op": "text", "selector": "#map-alt"},
        {"op": "eval", "js": "frontline.day()"},
        {"op": "eval", "js": format!("frontline.setDate('{other}')")},
        {"op": "attr", "selector": "[data-province=\"AF-HEL\"]", "name": "data-status"},
        {"op": "eval", "js": format!("frontline.setDate('{OPEN}')")},
        {"op": "wait", "ms": 500},
        {"op": "key", "key": "ArrowRight"},
        {"op": "wait", "ms": 500},
        {"op": "eval", "js": "[frontline.day(), location.hash]"},
        {"op": "click", "selector": format!("#markers [data-capital=\"{}\"]", s.capitals[click].id)},
        {"op": "attr", "selector": "#inspector", "name": "hidden"},
        {"op": "text", "selector": "#inspector-name"},
        {"op": "eval", "js": "Array.from(document.querySelectorAll('#inspector-body a')).map((a) => [a.getAttribute('href'), a.getAttribute('rel'), a.getAttribute('target')])"},
        {"op": "eval", "js": "document.fonts.load('16px \"Frontline Sans\"').then((f) => { window.__regular = f.map((x) => x.status); }, (e) => { window.__regular = String(e); }); document.fonts.load('bold 16px \"Frontline Sans\"').then((f) => { window.__bold = f.map((x) => x.status); }, (e) => { window.__bold = String(e); }); true"},
        {"op": "wait", "ms": 500},
        {"op": "eval", "js": "[window.__regular, window.__bold]"},
        {"op": "timeDateChange", "from": 0, "to": last_day},
        {"op": "open", "width": 360, "height": 740, "hash": OPEN},
        {"op": "eval", "js": "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"}
    ]);
    let out = browser::drive(&file, &steps, dir.path());
    let r = out["results"].as_array().unwrap();
    for (i, result) in r.iter().enumerate() {
        assert!(result.get("error").is_none(), "step {i} failed: {result}");
    }
    // The fragment opens the date; provinces and the summary follow the model.
    assert_eq!(r[1], status_id(&bundle, helmand, d).as_str());
    assert_eq!(r[2], summary(&bundle, d).as_str());
    assert_eq!(r[3], 104);
    assert_eq!(r[5], status_id(&bundle, helmand, other).as_str(), "setDate");
    assert_ne!(r[1], r[5]);
    // The right arrow moves one day and the fragment follows.
    assert_eq!(r[10], json!([105, "#2021-08-14"]));
    // A click on a marker opens its history, with safe links only.
    assert!(r[12].is_null(), "the inspector opens");
    assert_eq!(r[13], s.capitals[click].name.as_str());
    let links = r[14].as_array().unwrap();
    assert!(!links.is_empty(), "the history links its sources");
    for link in links {
        let href = link[0].as_str().unwrap().trim().to_ascii_lowercase();
        assert!(
            href.starts_with("http://") || href.starts_with("https://"),
            "{link}"
        );
        assert_eq!(link[1], "noopener noreferrer", "{link}");
        assert_eq!(link[2], "_blank", "{link}");
    }
    // The embedded font (regular and bold) is accepted by the browser.
    assert_eq!(r[17], json!([["loaded"], ["loaded"]]), "font faces");
    // A date change across the whole scenario stays cheap.
    let ms = r[18].as_f64().unwrap();
    eprintln!(
        "HTML export: a date change costs {ms:.2} ms of script ({} capitals, {event_days} event dates)",
        s.capitals.len()
    );
    assert!(ms <= 50.0, "a date change took {ms} ms");
    // A phone: nothing wider than the screen.
    let width = r[20][0].as_f64().unwrap();
    assert!(
        width <= 360.0,
        "the page is {width} px wide on a 360 px screen"
    );
    // Nothing requested, nothing failed.
    assert_eq!(out["requests"], 0, "network requests");
    assert_eq!(out["consoleErrors"], json!([]), "console errors");
    assert_eq!(out["pageErrors"], json!([]), "page errors");
    assert_eq!(out["dialogs"], json!([]), "dialogs");
}

/// Exports a scenario as a page opening on `date` to `out` (extra arguments after the
/// date); returns the page's text.
fn export_to(scenario: &Path, date: &str, extra: &[&str], out: &Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg("export")
        .arg(scenario)
        .args(["--date", date])
        .args(extra)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read_to_string(out).unwrap()
}

/// Browser steps with names, run in one session; their results by name.
#[derive(Default)]
struct Steps {
    /// The name of each step.
    names: Vec<String>,
    /// The steps.
    steps: Vec<Value>,
}

impl Steps {
    /// Adds a step whose result is read by `name` (unique).
    fn add(&mut self, name: &str, step: Value) {
        assert!(!self.names.iter().any(|n| n == name), "step {name} twice");
        self.names.push(name.to_string());
        self.steps.push(step);
    }

    /// Runs the steps on a page; fails on any failed step. Returns the results by name and
    /// the whole output (requests, errors, dialogs).
    fn run(&self, page: &Path, dir: &Path) -> (HashMap<String, Value>, Value) {
        let out = browser::drive(page, &Value::Array(self.steps.clone()), dir);
        let results = out["results"].as_array().unwrap();
        assert_eq!(results.len(), self.steps.len());
        let mut by_name = HashMap::new();
        for (name, result) in self.names.iter().zip(results) {
            assert!(
                result.get("error").is_none(),
                "step {name} failed: {result}"
            );
            by_name.insert(name.clone(), result.clone());
        }
        (by_name, out)
    }
}

/// A capital's index by id.
fn capital_index(bundle: &ScenarioBundle, id: &str) -> usize {
    let s = bundle.scenario();
    s.capitals.iter().position(|c| c.id == id).unwrap()
}

/// The computed fill a province of status `status` has in the light theme.
fn light_fill(bundle: &ScenarioBundle, status: usize) -> String {
    let def = &bundle.scenario().statuses[status];
    let Rgb([r, g, b]) = frontline::scene::status_color(def, frontline::scene::Theme::Light);
    format!("rgb({r}, {g}, {b})")
}

/// A rectangle of the `rect` step: x, y, width, height.
fn rect_of(v: &Value) -> [f64; 4] {
    ["x", "y", "width", "height"].map(|k| v[k].as_f64().unwrap())
}

/// How far two rectangles overlap, px (the smaller of the overlaps across and down; 0 when
/// they only touch or lie apart).
fn overlap(a: [f64; 4], b: [f64; 4]) -> f64 {
    let across = (a[0] + a[2]).min(b[0] + b[2]) - a[0].max(b[0]);
    let down = (a[1] + a[3]).min(b[1] + b[3]) - a[1].max(b[1]);
    across.min(down).max(0.0)
}

/// The panels that must never cover the map.
const PANELS: [&str; 7] = [
    "#head",
    "#time-panel",
    "#side",
    "#legend-panel",
    "#inspector",
    "#log-panel",
    "#about",
];

/// Where screenshots are copied for people to look at.
const SHOTS: &str = "/tmp/html-shots";

/// The page on 2021-08-13 and 2021-08-09 in Chromium, read against the model: Helmand's
/// fill and the legend's counts; the refuted fall of Lashkar Gah that leaves Helmand
/// contested; Kandahar's history and a source link; the keys that move the date; the
/// accessible table; and, at 1280×720 and 390×844, a map that no panel covers (screenshots
/// in the test's folder, copied to /tmp/html-shots).
#[test]
fn the_page_reads_as_the_model_in_a_browser() {
    if !browser::ready("the HTML export") {
        return;
    }
    let bundle = load_bundle(&scenario()).unwrap();
    let s = bundle.scenario();
    let dir = tempfile::tempdir().unwrap();
    let (file, page) = export(dir.path());
    let d13 = open_date();
    let d09 = date(2021, 8, 9);
    let lashkar = capital_index(&bundle, "lashkar-gah");
    let kandahar = capital_index(&bundle, "kandahar");
    let linked = capital_to_click(&bundle, &page);
    let last_day = (s.end - s.start).get_days();
    let day_of = |d: Date| (d - s.start).get_days();
    assert_eq!(s.capitals[lashkar].province, "AF-HEL");
    // The model: on 08-09 a refuted claim that Lashkar Gah fell to the Taliban stands, and
    // the city is still contested.
    assert!(
        bundle
            .timeline
            .refuted_on(lashkar, d09)
            .any(|e| &*s.events[e].status == "taliban"),
        "the refuted claim stands on 2021-08-09"
    );
    assert_ne!(status_id(&bundle, lashkar, d09), "taliban");

    let helmand = "[data-province=\"AF-HEL\"]";
    let mut st = Steps::default();
    st.add(
        "open",
        json!({"op": "open", "width": 1280, "height": 720, "hash": OPEN}),
    );
    st.add(
        "fill13",
        json!({"op": "style", "selector": helmand, "prop": "fill"}),
    );
    st.add(
        "status13",
        json!({"op": "attr", "selector": helmand, "name": "data-status"}),
    );
    st.add("legend13", json!({"op": "eval", "js": "Array.from(document.querySelectorAll('#legend li')).map((li) => [li.getAttribute('data-status'), li.querySelector('.count').textContent])"}));
    st.add(
        "go09",
        json!({"op": "eval", "js": "frontline.setDate('2021-08-09')"}),
    );
    st.add(
        "fill09",
        json!({"op": "style", "selector": helmand, "prop": "fill"}),
    );
    st.add(
        "status09",
        json!({"op": "attr", "selector": helmand, "name": "data-status"}),
    );
    st.add("marker09", json!({"op": "attr", "selector": "#markers [data-capital=\"lashkar-gah\"]", "name": "data-status"}));
    st.add("legend09", json!({"op": "eval", "js": "Array.from(document.querySelectorAll('#legend li')).map((li) => [li.getAttribute('data-status'), li.querySelector('.count').textContent])"}));
    st.add("refuted09", json!({"op": "eval", "js": "frontline.select('lashkar-gah'); Array.from(document.querySelectorAll('#inspector-body s.refuted-claim')).map((x) => [x.textContent, getComputedStyle(x).textDecorationLine])"}));
    st.add(
        "back13",
        json!({"op": "eval", "js": format!("frontline.select(null); frontline.setDate('{OPEN}')")}),
    );
    st.add(
        "clickKandahar",
        json!({"op": "click", "selector": "#markers [data-capital=\"kandahar\"]"}),
    );
    st.add(
        "kandaharName",
        json!({"op": "text", "selector": "#inspector-name"}),
    );
    st.add("kandaharHistory", json!({"op": "eval", "js": "Array.from(document.querySelectorAll('#inspector-body > ol > li')).map((li) => [li.querySelector('button.date').textContent, (li.querySelector('.note') || {}).textContent || '', li.querySelectorAll('ul.sources > li').length])"}));
    let links = "Array.from(document.querySelectorAll('#inspector-body a')).map((a) => [a.getAttribute('href'), a.getAttribute('rel')])";
    st.add("kandaharLinks", json!({"op": "eval", "js": links}));
    st.add("clickLinked", json!({"op": "click", "selector": format!("#markers [data-capital=\"{}\"]", s.capitals[linked].id)}));
    st.add("linkedLinks", json!({"op": "eval", "js": links}));
    // Keys act on the page, not on the focused marker or slider.
    st.add("blur", json!({"op": "eval", "js": "frontline.select(null); document.activeElement.blur(); frontline.day()"}));
    st.add("right", json!({"op": "key", "key": "ArrowRight"}));
    st.add("afterRight", json!({"op": "eval", "js": "frontline.day()"}));
    st.add(
        "shiftRight",
        json!({"op": "key", "key": "ArrowRight", "shift": true}),
    );
    st.add(
        "afterShiftRight",
        json!({"op": "eval", "js": "frontline.day()"}),
    );
    st.add(
        "shiftLeft",
        json!({"op": "key", "key": "ArrowLeft", "shift": true}),
    );
    st.add(
        "afterShiftLeft",
        json!({"op": "eval", "js": "frontline.day()"}),
    );
    st.add("home", json!({"op": "key", "key": "Home"}));
    st.add("afterHome", json!({"op": "eval", "js": "frontline.day()"}));
    st.add("end", json!({"op": "key", "key": "End"}));
    st.add("waitHash", json!({"op": "wait", "ms": 500}));
    st.add(
        "afterEnd",
        json!({"op": "eval", "js": "[frontline.day(), location.hash]"}),
    );
    // The accessible table on 08-13.
    st.add("table", json!({"op": "eval", "js": format!("frontline.setDate('{OPEN}'); document.getElementById('table-panel').open = true; new Promise((r) => setTimeout(r, 100)).then(() => [document.querySelector('#table-wrap caption').textContent, Array.from(document.querySelectorAll('#table-wrap tbody tr')).map((tr) => Array.from(tr.children).map((td) => td.textContent))])")}));
    // Layout: a laptop, with the history open, then a phone.
    st.add("closeTable", json!({"op": "eval", "js": "document.getElementById('table-panel').open = false; frontline.select('kandahar'); window.scrollTo(0, 0); true"}));
    let desktop = dir.path().join("desktop-1280x720.png");
    st.add("shotDesktop", json!({"op": "screenshot", "path": desktop}));
    st.add(
        "desktop:#map-wrap",
        json!({"op": "rect", "selector": "#map-wrap"}),
    );
    for panel in PANELS {
        st.add(
            &format!("desktop:{panel}"),
            json!({"op": "rect", "selector": panel}),
        );
    }
    st.add(
        "openPhone",
        json!({"op": "open", "width": 390, "height": 844, "hash": OPEN}),
    );
    let phone = dir.path().join("phone-390x844.png");
    let phone_full = dir.path().join("phone-390x844-full.png");
    st.add("shotPhone", json!({"op": "screenshot", "path": phone}));
    st.add(
        "shotPhoneFull",
        json!({"op": "screenshot", "path": phone_full, "fullPage": true}),
    );
    st.add(
        "phone:#map-wrap",
        json!({"op": "rect", "selector": "#map-wrap"}),
    );
    for panel in PANELS {
        st.add(
            &format!("phone:{panel}"),
            json!({"op": "rect", "selector": panel}),
        );
    }
    st.add("phoneWidth", json!({"op": "eval", "js": "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"}));
    let (r, out) = st.run(&file, dir.path());

    // 08-13: Helmand's fill and the legend's counts are the model's.
    let helmand_13 = bundle.timeline.status_at(lashkar, d13);
    assert_eq!(r["status13"], s.statuses[helmand_13].id.as_str());
    assert_eq!(
        r["fill13"],
        light_fill(&bundle, helmand_13).as_str(),
        "Helmand's fill on 08-13"
    );
    let legend = |d: Date| {
        let counts = bundle.timeline.counts_at(d);
        Value::Array(
            s.statuses
                .iter()
                .zip(counts)
                .map(|(def, n)| json!([def.id, format!("{n} / {}", s.capitals.len())]))
                .collect(),
        )
    };
    assert_eq!(r["legend13"], legend(d13), "legend counts on 08-13");
    // 08-09: the refuted fall does not colour Helmand; the claim shows struck through.
    let helmand_09 = bundle.timeline.status_at(lashkar, d09);
    assert_eq!(r["status09"], s.statuses[helmand_09].id.as_str());
    assert_ne!(
        r["status09"], "taliban",
        "the refuted claim colours Helmand"
    );
    assert_eq!(r["marker09"], s.statuses[helmand_09].id.as_str());
    assert_eq!(
        r["fill09"],
        light_fill(&bundle, helmand_09).as_str(),
        "Helmand's fill on 08-09"
    );
    assert_ne!(
        r["fill09"],
        light_fill(&bundle, s.status_index("taliban").unwrap()).as_str()
    );
    assert_eq!(r["legend09"], legend(d09), "legend counts on 08-09");
    let struck = r["refuted09"].as_array().unwrap();
    assert!(
        struck
            .iter()
            .any(|x| x[0] == "claimed Taliban" && x[1] == "line-through"),
        "the refuted claim is struck through: {struck:?}"
    );
    // Kandahar's history: each of its reports, with its note and sources.
    assert_eq!(r["kandaharName"], s.capitals[kandahar].name.as_str());
    let want: Vec<Value> = bundle
        .timeline
        .reports_of(kandahar)
        .iter()
        .map(|&e| {
            let ev = &s.events[e];
            json!([ev.date.to_string(), &*ev.note, ev.sources.len()])
        })
        .collect();
    assert_eq!(
        r["kandaharHistory"],
        Value::Array(want),
        "Kandahar's history"
    );
    // Its sources' links (the shipped data gives Kandahar's sources no address today), then
    // those of a capital whose sources have one: http(s) only, opened without an opener or
    // referrer.
    let web = |c: usize| -> usize {
        bundle
            .timeline
            .reports_of(c)
            .iter()
            .flat_map(|&e| s.events[e].sources.iter())
            .filter(|src| {
                src.url.as_deref().is_some_and(|u| {
                    let u = u.trim().to_ascii_lowercase();
                    u.starts_with("http://") || u.starts_with("https://")
                })
            })
            .count()
    };
    for (name, c) in [("kandaharLinks", kandahar), ("linkedLinks", linked)] {
        let found = r[name].as_array().unwrap();
        assert_eq!(found.len(), web(c), "{name}: one link per web source");
        for link in found {
            let href = link[0].as_str().unwrap().to_ascii_lowercase();
            assert!(
                href.starts_with("http://") || href.starts_with("https://"),
                "{link}"
            );
            assert_eq!(link[1], "noopener noreferrer", "{link}");
        }
    }
    assert!(!r["linkedLinks"].as_array().unwrap().is_empty());
    // Keys: a day, the next event, the previous event, the first and the last day.
    let start = day_of(d13);
    assert_eq!(r["blur"], start);
    assert_eq!(r["afterRight"], start + 1, "ArrowRight");
    let next = bundle
        .timeline
        .next_event_date(d13.tomorrow().unwrap())
        .unwrap();
    assert_eq!(r["afterShiftRight"], day_of(next), "Shift+ArrowRight");
    let previous = bundle.timeline.previous_event_date(next).unwrap();
    assert_eq!(r["afterShiftLeft"], day_of(previous), "Shift+ArrowLeft");
    assert_eq!(r["afterHome"], 0, "Home");
    assert_eq!(
        r["afterEnd"],
        json!([last_day, format!("#{}", s.end)]),
        "End, and the fragment follows"
    );
    // The accessible table: one row per capital, each with the model's holder.
    let table = r["table"].as_array().unwrap();
    assert_eq!(table[0], summary(&bundle, d13).as_str(), "table caption");
    let rows = table[1].as_array().unwrap();
    assert_eq!(rows.len(), s.capitals.len(), "a row per capital");
    for (c, row) in rows.iter().enumerate() {
        assert_eq!(row[0], s.capitals[c].name.as_str());
        assert_eq!(row[1], bundle.province_name_of(c));
        let holder = &s.statuses[bundle.timeline.status_at(c, d13)].label;
        assert_eq!(row[2], holder.as_str(), "{}'s holder", s.capitals[c].name);
    }
    // Layout: no panel covers the map, at either size; on a phone the panels stack under it.
    for (size, width) in [("desktop", 1280.0), ("phone", 390.0)] {
        let map = rect_of(&r[&format!("{size}:#map-wrap")]);
        assert!(
            map[2] > 100.0 && map[3] > 100.0,
            "{size}: the map is {map:?}"
        );
        assert!(
            map[0] >= 0.0 && map[0] + map[2] <= width + 0.5,
            "{size}: {map:?}"
        );
        for panel in PANELS {
            let v = &r[&format!("{size}:{panel}")];
            if v.is_null() {
                continue;
            }
            let rect = rect_of(v);
            if rect[2] <= 0.0 || rect[3] <= 0.0 {
                continue; // hidden
            }
            let o = overlap(map, rect);
            assert!(
                o <= 0.5,
                "{size}: {panel} {rect:?} covers the map {map:?} by {o} px"
            );
            if size == "phone" && panel != "#head" {
                assert!(
                    rect[1] >= map[1] + map[3] - 0.5,
                    "phone: {panel} {rect:?} is not under the map {map:?}"
                );
            }
        }
    }
    assert!(
        !r["desktop:#inspector"].is_null() && rect_of(&r["desktop:#inspector"])[2] > 0.0,
        "the history is open in the laptop screenshot"
    );
    let phone_width = r["phoneWidth"][0].as_f64().unwrap();
    assert!(
        phone_width <= 390.0,
        "the page is {phone_width} px wide on a 390 px phone"
    );
    // Screenshots: in the test's folder, and copied for people to look at.
    let _ = std::fs::create_dir_all(SHOTS);
    for shot in [&desktop, &phone, &phone_full] {
        let bytes = std::fs::read(shot).unwrap();
        assert!(
            bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
            "{}",
            shot.display()
        );
        let _ = std::fs::copy(shot, Path::new(SHOTS).join(shot.file_name().unwrap()));
    }
    assert_eq!(out["requests"], 0, "network requests");
    assert_eq!(out["consoleErrors"], json!([]), "console errors");
    assert_eq!(out["pageErrors"], json!([]), "page errors");
    assert_eq!(out["dialogs"], json!([]), "dialogs");
}

/// Markup that would end the page's script element and start another.
const SCRIPT_BREAK: &str = "</script><script>alert(1)</script>";
/// Markup that would add an element running a handler.
const IMG_HANDLER: &str = "<img src=x onerror=alert(2)>";

fn hostile() -> PathBuf {
    root().join("tests/fixtures/html/hostile.ron")
}

/// Checks a page's text: the hostile markup only ever appears escaped.
fn assert_escaped(page: &str, what: &str) {
    assert!(
        !page.contains("</script><script>"),
        "{what}: a raw </script><script> is in the page"
    );
    let lower = page.to_ascii_lowercase();
    assert!(!lower.contains("<img"), "{what}: a raw <img is in the page");
    // Two script elements end (the data and the player), and no other.
    assert_eq!(lower.matches("</script").count(), 2, "{what}: </script");
    // Links in the markup (outside the data) stay in the page or go to the web.
    for tag in tags(&without_data(page), "a") {
        if let Some(href) = attr(tag, "href") {
            let href = href.trim().to_ascii_lowercase();
            assert!(
                href.starts_with('#')
                    || href.starts_with("http://")
                    || href.starts_with("https://"),
                "{what}: a link to {href}"
            );
        }
    }
}

/// Scenario text cannot break out of where it is put: names, notes, captions, sources,
/// titles and province names holding `</script><script>…` and `<img … onerror=…>` are
/// escaped in the HTML, the SVG and the data; so is a title given on the command line.
#[test]
fn hostile_scenario_text_is_escaped_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let page = export_to(&hostile(), "2021-07-10", &[], &dir.path().join("h.html"));
    assert_escaped(&page, "scenario title");
    // Where the text went: escaped in the HTML and SVG, escaped for the data's script.
    assert!(page.contains(
        "<title>Title &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;</title>"
    ));
    assert!(page.contains("Alpha &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("Beta &lt;img src=x onerror=alert(2)&gt;"));
    let data = data(&page);
    assert_eq!(
        data["title"],
        format!("Title {SCRIPT_BREAK} {IMG_HANDLER}").as_str()
    );
    let json = section(&page, DATA_TAG, "</script>");
    assert!(json[DATA_TAG.len()..].contains("\\u003c/script\\u003e"));
    // The addresses are kept as data (shown as text), never as links.
    let urls: Vec<&str> = data["events"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["sources"].as_array().unwrap())
        .filter_map(|s| s["url"].as_str())
        .collect();
    assert!(urls.contains(&"javascript:alert(3)"));
    assert!(urls.contains(&"=HYPERLINK(\"http://evil\")"));
    // A title from the command line.
    let title = format!("{SCRIPT_BREAK}{IMG_HANDLER}");
    let titled = export_to(
        &hostile(),
        "2021-07-10",
        &["--title", title.as_str()],
        &dir.path().join("t.html"),
    );
    assert_escaped(&titled, "--title");
    assert!(titled.contains(
        "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</title>"
    ));
}

/// The hostile scenario in Chromium: nothing runs (no dialog, no page error), every text shows
/// as written (title, caption, log, history, tooltip, legend, table, labels), the document
/// holds no `<img>` and no handler, and the only links are http(s) ones.
#[test]
fn hostile_scenario_text_runs_nothing_in_a_browser() {
    if !browser::ready("the HTML export") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.html");
    export_to(&hostile(), "2021-07-10", &[], &file);
    let mut st = Steps::default();
    st.add(
        "open",
        json!({"op": "open", "width": 1280, "height": 900, "hash": "2021-07-10"}),
    );
    st.add("title", json!({"op": "text", "selector": "#title"}));
    st.add(
        "documentTitle",
        json!({"op": "eval", "js": "document.title"}),
    );
    st.add("caption", json!({"op": "text", "selector": "#caption"}));
    st.add("log", json!({"op": "text", "selector": "#log"}));
    st.add("about", json!({"op": "text", "selector": "#about"}));
    st.add("legend", json!({"op": "text", "selector": "#legend"}));
    st.add("labels", json!({"op": "eval", "js": "Array.from(document.querySelectorAll('#labels text')).map((t) => t.textContent)"}));
    st.add(
        "clickAlpha",
        json!({"op": "click", "selector": "#markers [data-capital=\"alpha\"]"}),
    );
    st.add(
        "inspectorAlpha",
        json!({"op": "text", "selector": "#inspector"}),
    );
    let links = "Array.from(document.querySelectorAll('a')).map((a) => [a.getAttribute('href'), a.getAttribute('rel')])";
    st.add("linksAlpha", json!({"op": "eval", "js": links}));
    st.add(
        "hoverBeta",
        json!({"op": "hover", "selector": "#markers [data-capital=\"beta\"]"}),
    );
    st.add("tooltip", json!({"op": "text", "selector": "#tooltip"}));
    st.add("table", json!({"op": "eval", "js": "document.getElementById('table-panel').open = true; new Promise((r) => setTimeout(r, 100)).then(() => document.getElementById('table-wrap').textContent)"}));
    st.add("inspectorBeta", json!({"op": "eval", "js": "frontline.setDate('2021-08-06'); frontline.select('beta'); document.getElementById('inspector').textContent"}));
    st.add("linksBeta", json!({"op": "eval", "js": links}));
    st.add("elements", json!({"op": "eval", "js": "[document.querySelectorAll('img, image, iframe, object, embed').length, document.querySelectorAll('[onerror], [onload], [onclick]').length, document.scripts.length]"}));
    st.add("settle", json!({"op": "wait", "ms": 300}));
    let (r, out) = st.run(&file, dir.path());

    assert_eq!(out["dialogs"], json!([]), "a dialog opened: script ran");
    assert_eq!(out["pageErrors"], json!([]), "page errors");
    assert_eq!(out["consoleErrors"], json!([]), "console errors");
    assert_eq!(out["requests"], 0, "network requests");
    let title = format!("Title {SCRIPT_BREAK} {IMG_HANDLER}");
    assert_eq!(r["title"], title.as_str());
    assert_eq!(r["documentTitle"], title.as_str());
    assert_eq!(
        r["caption"],
        format!("Caption {SCRIPT_BREAK} {IMG_HANDLER}").as_str()
    );
    let text = |name: &str| r[name].as_str().unwrap().to_string();
    let has = |name: &str, want: &str| {
        assert!(
            text(name).contains(want),
            "{name} lacks {want:?}: {:?}",
            text(name)
        );
    };
    has("log", &format!("Alpha {SCRIPT_BREAK}"));
    has(
        "about",
        &format!("Description {SCRIPT_BREAK} {IMG_HANDLER}"),
    );
    has("about", &format!("Credits {SCRIPT_BREAK} {IMG_HANDLER}"));
    has("legend", &format!("Government {IMG_HANDLER}"));
    has("legend", &format!("Contested {SCRIPT_BREAK}"));
    assert_eq!(
        r["labels"],
        json!([
            format!("Alpha {SCRIPT_BREAK}"),
            format!("Beta {IMG_HANDLER}")
        ])
    );
    for want in [
        format!("Alpha {SCRIPT_BREAK}"),
        IMG_HANDLER.to_string(),
        format!("Westland {SCRIPT_BREAK}"),
        format!("Note {SCRIPT_BREAK} {IMG_HANDLER}"),
        format!("Source {SCRIPT_BREAK} (javascript:alert(3))"),
        format!("Source {IMG_HANDLER} (=HYPERLINK(\"http://evil\"))"),
        "(data:text/html,<script>alert(5)</script>)".to_string(),
        format!("Forces {IMG_HANDLER}"),
        format!("Presence {SCRIPT_BREAK}"),
        "Presence source (javascript:alert(6))".to_string(),
    ] {
        has("inspectorAlpha", &want);
    }
    has("tooltip", &format!("Beta {IMG_HANDLER}"));
    has("table", &format!("Beta {IMG_HANDLER}"));
    has("table", &format!("Eastland {IMG_HANDLER}"));
    has("table", &format!("Contested {SCRIPT_BREAK}"));
    has("inspectorBeta", &format!("Claim {SCRIPT_BREAK}"));
    has(
        "inspectorBeta",
        &format!("{IMG_HANDLER} (=HYPERLINK(\"http://evil\"))"),
    );
    // No element came out of the text, and only the https source became a link (besides the
    // page's own skip link): Alpha's history has one, Beta's none.
    assert_eq!(
        r["elements"],
        json!([0, 0, 2]),
        "img/handler/script elements"
    );
    for (name, want) in [
        ("linksAlpha", vec!["https://example.org/report?a=1&b=<2>"]),
        ("linksBeta", vec![]),
    ] {
        let links = r[name].as_array().unwrap();
        let mut web = Vec::new();
        for link in links {
            let href = link[0].as_str().unwrap();
            let lower = href.trim().to_ascii_lowercase();
            if lower.starts_with('#') {
                continue;
            }
            assert!(
                lower.starts_with("http://") || lower.starts_with("https://"),
                "{name}: a link to {href}"
            );
            assert_eq!(link[1], "noopener noreferrer", "{link}");
            web.push(href);
        }
        assert_eq!(web, want, "{name}: {links:?}");
    }
}

#[test]
fn the_page_shows_each_annotation_on_its_days() {
    if !browser::ready("the HTML export") {
        return;
    }
    let bundle = load_bundle(&scenario()).unwrap();
    let s = bundle.scenario();
    let dir = tempfile::tempdir().unwrap();
    let (file, page) = export(dir.path());
    assert!(
        page.contains("<g id=\"annotations\">"),
        "the page holds the annotations"
    );
    let visible = "Array.from(document.querySelectorAll('#annotations [data-from]')).filter((g) => g.getAttribute('display') !== 'none').map((g) => g.querySelector('.annotation').id)";
    let mut st = Steps::default();
    st.add(
        "open",
        json!({"op": "open", "width": 1280, "height": 720, "hash": OPEN}),
    );
    let days = [
        "2021-08-13",
        "2021-08-14",
        "2021-08-15",
        "2021-09-06",
        "2021-07-01",
    ];
    for d in days {
        st.add(
            &format!("go{d}"),
            json!({"op": "eval", "js": format!("frontline.setDate('{d}')")}),
        );
        st.add(&format!("shown{d}"), json!({"op": "eval", "js": visible}));
    }
    let (r, _) = st.run(&file, dir.path());
    for d in days {
        let date: Date = d.parse().unwrap();
        let mut want: Vec<String> = s
            .annotations
            .iter()
            .enumerate()
            .filter(|(_, a)| a.shows_on(date))
            .map(|(i, _)| format!("annotation-{}", i + 1))
            .collect();
        let mut got: Vec<String> = r[&format!("shown{d}")]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "annotations shown on {d}");
    }
}
