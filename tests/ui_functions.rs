//! The plain UI functions, run without Bevy: snapshots built from the shipped scenario, the
//! search, and the `*_ui` functions drawn into a bare egui context.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(feature = "window")]

use std::path::Path;

use bevy_egui::egui;
use frontline::app::state::Playback;
use frontline::app::ui::UiText;
use frontline::app::ui::common::long_date;
use frontline::app::ui::event_log::{EventRow, event_log_ui};
use frontline::app::ui::inspector::{InspectorSnapshot, inspector_ui, is_web_url};
use frontline::app::ui::legend::legend_ui;
use frontline::app::ui::search::search;
use frontline::app::ui::timeline_panel::{TimelineSnapshot, timeline_ui};
use frontline::bundle::{ScenarioBundle, load_bundle};
use frontline::scene::{Legend, Theme};
use jiff::civil::date;

fn bundle() -> ScenarioBundle {
    load_bundle(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/scenarios/afghanistan-2021/scenario.ron"),
    )
    .unwrap()
}

/// Runs `f` inside one egui frame.
fn in_frame(mut f: impl FnMut(&mut egui::Ui)) {
    let ctx = egui::Context::default();
    let mut output = ctx.run_ui(egui::RawInput::default(), |ui| f(ui));
    // No renderer here: drop the font atlas upload egui asks for.
    output.textures_delta.clear();
}

#[test]
fn search_finds_capitals_by_any_name() {
    let b = bundle();
    let s = b.scenario();
    let name = |i: usize| s.capitals[i].id.as_str();
    assert_eq!(name(search(&b, "mazar")[0]), "mazar-i-sharif");
    assert_eq!(
        name(search(&b, "Feyzabad")[0]),
        "fayzabad",
        "alternate spelling"
    );
    assert_eq!(name(search(&b, "panjshir")[0]), "bazarak", "province name");
    assert_eq!(name(search(&b, "AF-DAY")[0]), "nili", "province id");
    assert_eq!(name(search(&b, "kabul")[0]), "kabul", "exact name first");
    assert!(search(&b, "zzz").is_empty());
    assert!(search(&b, "  ").is_empty());
}

#[test]
fn legend_counts_and_text() {
    let b = bundle();
    let legend = Legend::on(&b, date(2021, 8, 15), Theme::Light);
    let texts: Vec<String> = legend.rows.iter().map(|r| legend.row_text(r)).collect();
    assert_eq!(
        texts,
        ["Government 1 / 34", "Contested 0 / 34", "Taliban 33 / 34"]
    );
    in_frame(|ui| legend_ui(ui, &legend, &Theme::Light.palette()));
}

#[test]
fn event_log_is_newest_first_and_marks_uncertain_reports() {
    let b = bundle();
    let rows = EventRow::up_to(&b, date(2021, 8, 9), Theme::Light);
    assert!(rows.windows(2).all(|w| w[0].date >= w[1].date));
    assert_eq!(rows[0].date, date(2021, 8, 9));
    // The false report of Lashkar Gah's fall is listed as a refuted claim, struck through.
    assert!(
        rows.iter()
            .any(|r| r.text == "Lashkar Gah: claimed Taliban (refuted)"
                && r.report == frontline::model::ReportKind::Refuted)
    );
    // Farah's fall is disputed on 08-10; a day later it reads as confirmed, with its history.
    let rows_10 = EventRow::up_to(&b, date(2021, 8, 10), Theme::Light);
    let farah = rows_10.iter().find(|r| r.text == "Farah: Taliban").unwrap();
    assert!(farah.uncertain && farah.report_text == "disputed");
    let rows_11 = EventRow::up_to(&b, date(2021, 8, 11), Theme::Light);
    let farah = rows_11
        .iter()
        .find(|r| r.text == "Farah: Taliban" && r.date == date(2021, 8, 10))
        .unwrap();
    assert!(!farah.uncertain);
    assert_eq!(farah.report_text, "disputed 08-10, confirmed 08-11");
    in_frame(|ui| {
        assert!(
            event_log_ui(ui, rows.len(), |i| rows[i].clone()).is_empty(),
            "no click, no action"
        )
    });
}

#[test]
fn the_event_log_builds_only_the_rows_in_view() {
    let b = bundle();
    let row = EventRow::up_to(&b, date(2021, 8, 9), Theme::Light)[0].clone();
    let built = std::cell::Cell::new(0usize);
    // A 1600×900 window: a few dozen rows fit.
    let ctx = egui::Context::default();
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 900.0),
        )),
        ..Default::default()
    };
    let mut output = ctx.run_ui(input, |ui| {
        event_log_ui(ui, 1_000_000, |_| {
            built.set(built.get() + 1);
            row.clone()
        });
    });
    output.textures_delta.clear();
    assert!(
        (1..100).contains(&built.get()),
        "{} rows built for a million events",
        built.get()
    );
}

#[test]
fn inspector_shows_the_whole_history() {
    let b = bundle();
    let lashkar = b.scenario().capital_index("lashkar-gah").unwrap();
    let snap = InspectorSnapshot::of(&b, lashkar, date(2021, 8, 11), Theme::Light);
    // Contested all along since 07-29: the report of its fall on 08-09 proved wrong.
    assert_eq!(snap.status_now, "Contested since 2021-07-29");
    assert_eq!(snap.province, "Helmand (AF-HEL)");
    let refuted = snap
        .history
        .iter()
        .find(|h| h.report == frontline::model::ReportKind::Refuted)
        .expect("the refuted report is in the history");
    assert_eq!(refuted.date, date(2021, 8, 9));
    assert_eq!(refuted.refuted_on, Some(date(2021, 8, 10)));
    assert!(
        snap.history.iter().any(|h| !h.past),
        "the fall on 08-13 is still ahead"
    );
    in_frame(|ui| assert!(inspector_ui(ui, &snap).is_empty()));
    assert!(is_web_url("https://en.wikipedia.org/x") && !is_web_url("file:///etc/passwd"));
}

#[test]
fn time_panel_draws_without_acting_on_its_own() {
    let b = bundle();
    let mut playback = Playback::new(date(2021, 5, 1), date(2021, 9, 30), date(2021, 8, 15));
    playback.set_speed(8.0);
    let snap = TimelineSnapshot::of(&b, &playback, None);
    assert_eq!(
        snap.caption.as_deref(),
        Some("Taliban enter Kabul; President Ghani leaves the country")
    );
    assert_eq!(long_date(snap.date), "Sunday 15 August 2021");
    let mut text = UiText::default();
    in_frame(|ui| assert!(timeline_ui(ui, &snap, &mut text, &[]).0.is_empty()));
}

/// The chart is built once per scenario (rectangles stepping only at event dates, summing to
/// every capital on every day), draws without acting on its own, and labels a long range with
/// months and years.
#[test]
fn the_chart_is_built_once_and_labels_long_ranges() {
    use frontline::app::ui::chart::{ChartData, chart_ui};
    let afghanistan = bundle();
    let data = ChartData::of(&afghanistan, Theme::Light);
    // Every day's column of rectangles sums to the whole height.
    let s = afghanistan.scenario();
    let dates = afghanistan
        .timeline
        .event_dates()
        .iter()
        .filter(|d| **d > s.start && **d <= s.end)
        .count();
    let columns = dates + 1;
    assert!(
        data.unit.vertices.len() / 4 >= columns,
        "{}",
        data.unit.vertices.len()
    );
    assert!(data.unit.vertices.len() / 4 <= columns * s.statuses.len());
    let mut playback = Playback::new(s.start, s.end, date(2021, 8, 15));
    playback.set_speed(4.0);
    let mut data = data;
    in_frame(|ui| {
        assert!(
            chart_ui(ui, &mut data, s.start, s.end, playback.date)
                .0
                .is_none()
        )
    });
    // Five months at a panel's width: monthly ticks; thirty months: quarters or years.
    let ticks = data.ticks_for(153, 1200.0, 70.0);
    assert!(ticks.iter().any(|t| t.label == "Aug"), "{ticks:?}");
    let sudan = load_bundle(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/sudan-2023/scenario.ron"),
    )
    .unwrap();
    let long = ChartData::of(&sudan, Theme::Dark);
    let ticks = long.ticks_for(930, 900.0, 70.0);
    assert!(ticks.iter().any(|t| t.label.contains("2024")), "{ticks:?}");
    assert!(ticks.len() >= 3 && ticks.len() <= 13, "{ticks:?}");
}

/// The panels' fonts include the shipped ones, so Cyrillic and Arabic-script names are letters.
#[test]
fn panel_fonts_cover_the_scenario_scripts() {
    let fonts = frontline::app::ui::font_definitions();
    let proportional = &fonts.families[&egui::FontFamily::Proportional];
    assert!(proportional.iter().any(|f| f.starts_with("NotoSansArabic")));
    assert!(proportional.iter().any(|f| f.starts_with("NotoSans-")));
}

#[test]
fn search_finds_syrian_capitals_by_their_other_spellings() {
    let b = load_bundle(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/syria-2024/scenario.ron"),
    )
    .unwrap();
    let s = b.scenario();
    let first = |q: &str| s.capitals[search(&b, q)[0]].id.clone();
    assert_eq!(first("Dimashq"), "damascus");
    assert_eq!(first("Sweida"), "as-suwayda");
    assert_eq!(first("Rif Dimashq"), "douma", "by province name");
    assert_eq!(first("Ba'ath"), "madinat-al-baath");
    let legend = Legend::on(&b, date(2024, 12, 7), Theme::Dark);
    assert_eq!(legend.rows.len(), 6);
    assert_eq!(legend.rows.iter().map(|r| r.count).sum::<usize>(), 14);
    in_frame(|ui| legend_ui(ui, &legend, &Theme::Dark.palette()));
}

#[test]
fn the_country_picker_finds_countries_by_code_and_name_and_asks_for_one() {
    use frontline::app::state::CountryPicker;
    use frontline::app::ui::{UiAction, country_picker_ui, matching_countries};
    let list = frontline::world::new::country_list().unwrap();
    let names = |typed: &str| -> Vec<String> {
        matching_countries(&list, typed)
            .iter()
            .map(|c| c.name.clone())
            .collect()
    };
    assert_eq!(names("sd").first().map(String::as_str), Some("Sudan"));
    let sud = names("sud");
    assert!(
        sud.starts_with(&["Sudan".to_string()]) && sud.contains(&"South Sudan".to_string()),
        "{sud:?}"
    );
    assert_eq!(
        names("cote").first().map(String::as_str),
        Some("Côte d'Ivoire")
    );
    assert!(names("zzz").is_empty());
    assert_eq!(names("").len(), list.len());
    // Typing a name and pressing Enter asks for the first match's scenario.
    let ctx = egui::Context::default();
    let mut picker = CountryPicker {
        open: true,
        filter: "ukr".into(),
        countries: Some(Ok(list.clone())),
    };
    let mut action = None;
    for frame in 0..6 {
        let mut input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1600.0, 900.0),
            )),
            ..Default::default()
        };
        if frame == 5 {
            input.events.push(egui::Event::Key {
                key: egui::Key::Enter,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: egui::Modifiers::default(),
            });
        }
        let mut output = ctx.run_ui(input, |ui| {
            if let Some(a) = country_picker_ui(ui.ctx(), &mut picker) {
                action = Some(a);
            }
        });
        output.textures_delta.clear();
    }
    match action {
        Some(UiAction::NewScenario(a3)) => assert_eq!(a3, "UKR"),
        other => panic!("expected a request for Ukraine, got {other:?}"),
    }
    assert!(!picker.open, "the picker closes once a country is chosen");
}
