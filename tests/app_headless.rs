//! Headless `App` tests (MinimalPlugins, no window, no GPU): playback, day steps and event
//! jumps, recolouring of every province and capital after a date change, and hot reload of a
//! broken scenario keeping the last good one on screen.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(feature = "window")]

use std::path::{Path, PathBuf};
use std::time::Duration;

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use frontline::app::map::fills::{LOOKUP_WIDTH, lookup_rows};
use frontline::app::map::{FillColors, FillMesh, Shown};
use frontline::app::messages::{
    JumpToEnd, JumpToEvent, LoadScenario, SetDate, StepDays, TogglePlay,
};
use frontline::app::state::{CurrentScenario, LoadError, PendingLoad, Playback};
use frontline::scene::{Theme, status_color};
use jiff::civil::{Date, date};

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/afghanistan-2021/scenario.ron")
}

/// An app with the window-free plugins, each update advancing time by `step`.
fn app_with(scenario: &Path, step: Duration) -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin::default(),
        bevy::input::InputPlugin,
    ))
    .init_asset::<Mesh>()
    .init_asset::<ColorMaterial>()
    .init_asset::<Image>()
    .insert_resource(TimeUpdateStrategy::ManualDuration(step))
    .insert_resource(Playback::new(
        date(2021, 5, 1),
        date(2021, 9, 30),
        date(2021, 5, 1),
    ));
    frontline::app::plugin(&mut app);
    app.world_mut()
        .write_message(LoadScenario(scenario.to_path_buf()));
    settle(&mut app);
    app
}

/// Updates until no load is running: loads run on their own thread.
fn settle(app: &mut App) {
    let start = std::time::Instant::now();
    app.update();
    while app.world().contains_resource::<PendingLoad>() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "a load never ended"
        );
        std::thread::sleep(Duration::from_millis(2));
        app.update();
    }
    app.update();
}

fn current_date(app: &App) -> Date {
    app.world().resource::<Playback>().date
}

fn send<M: Message>(app: &mut App, m: M) {
    app.world_mut().write_message(m);
    app.update();
}

#[test]
fn playing_advances_at_the_set_speed_and_pause_stops() {
    let mut app = app_with(&shipped(), Duration::from_millis(250));
    assert_eq!(current_date(&app), date(2021, 5, 1));
    app.world_mut().resource_mut::<Playback>().set_speed(4.0); // one day per 0.25 s update
    send(&mut app, TogglePlay);
    let after_toggle = current_date(&app);
    for _ in 0..10 {
        app.update();
    }
    let played = date(2021, 5, 1)
        .until(current_date(&app))
        .unwrap()
        .get_days();
    let toggled = date(2021, 5, 1).until(after_toggle).unwrap().get_days();
    assert_eq!(played - toggled, 10, "ten updates of 0.25 s at 4 days/s");
    send(&mut app, TogglePlay);
    let paused = current_date(&app);
    for _ in 0..5 {
        app.update();
    }
    assert_eq!(current_date(&app), paused, "pause stops the date");
}

#[test]
fn steps_jumps_and_ends_land_on_the_right_dates() {
    let mut app = app_with(&shipped(), Duration::from_millis(10));
    send(&mut app, SetDate(date(2021, 8, 6)));
    assert_eq!(current_date(&app), date(2021, 8, 6));
    send(&mut app, StepDays(1));
    assert_eq!(current_date(&app), date(2021, 8, 7));
    send(&mut app, StepDays(-2));
    assert_eq!(current_date(&app), date(2021, 8, 5));
    send(&mut app, JumpToEvent { forward: true });
    assert_eq!(
        current_date(&app),
        date(2021, 8, 6),
        "next event: Zaranj falls"
    );
    send(&mut app, JumpToEvent { forward: true });
    assert_eq!(current_date(&app), date(2021, 8, 7), "next: Sheberghan");
    send(&mut app, JumpToEvent { forward: false });
    assert_eq!(current_date(&app), date(2021, 8, 6));
    send(&mut app, JumpToEnd { last: true });
    assert_eq!(current_date(&app), date(2021, 9, 30));
    send(&mut app, StepDays(5));
    assert_eq!(
        current_date(&app),
        date(2021, 9, 30),
        "clamped to the range"
    );
    send(&mut app, JumpToEnd { last: false });
    assert_eq!(current_date(&app), date(2021, 5, 1));
    send(&mut app, SetDate(date(2030, 1, 1)));
    assert_eq!(
        current_date(&app),
        date(2021, 9, 30),
        "set dates are clamped too"
    );
}

fn assert_colours_match_model(app: &mut App, d: Date) {
    let current = app.world().resource::<CurrentScenario>().clone();
    let bundle = &current.bundle;
    let s = bundle.scenario();
    let expected = |capital: usize| {
        status_color(
            &s.statuses[bundle.timeline.status_at(capital, d)],
            Theme::Light,
        )
    };
    // What the map shows: each capital's look and each province's fill.
    let shown = app.world().resource::<Shown>().clone();
    assert_eq!(shown.looks.len(), s.capitals.len());
    for (capital, look) in shown.looks.iter().enumerate() {
        assert_eq!(
            look.color,
            expected(capital),
            "marker of {}",
            s.capitals[capital].id
        );
    }
    assert_eq!(shown.fills.len(), 34);
    // And what the GPU is given: the fill meshes shown (the view's level of detail) point
    // each province's vertices at its texel of the colour lookup texture, which holds the
    // province's colour.
    let mut query = app.world_mut().query::<(&FillMesh, &Mesh2d, &Visibility)>();
    let shown_meshes: Vec<(FillMesh, Handle<Mesh>)> = query
        .iter(app.world())
        .filter(|(_, _, v)| **v != Visibility::Hidden)
        .map(|(f, m, _)| (f.clone(), m.0.clone()))
        .collect();
    assert!(!shown_meshes.is_empty(), "a fill mesh is shown");
    let levels: std::collections::HashSet<usize> =
        shown_meshes.iter().map(|(f, _)| f.level).collect();
    assert_eq!(levels.len(), 1, "one level of detail is shown: {levels:?}");
    let lookup = app.world().resource::<FillColors>().lookup.clone();
    let images = app.world().resource::<Assets<Image>>();
    let texels = images.get(&lookup).unwrap().data.clone().unwrap();
    let rows = lookup_rows(shown.fills.len());
    let texel = |uv: [f32; 2]| {
        let (x, y) = (
            (uv[0] * LOOKUP_WIDTH as f32) as usize,
            (uv[1] * rows as f32) as usize,
        );
        let i = (y * LOOKUP_WIDTH as usize + x) * 4;
        [texels[i], texels[i + 1], texels[i + 2]]
    };
    let mut covered = vec![false; shown.fills.len()];
    let meshes = app.world().resource::<Assets<Mesh>>();
    let level = current.geometry.level(shown_meshes[0].0.level);
    for (fill, handle) in &shown_meshes {
        let mesh = meshes.get(handle).unwrap();
        let Some(bevy::mesh::VertexAttributeValues::Float32x2(uvs)) =
            mesh.attribute(Mesh::ATTRIBUTE_UV_0)
        else {
            panic!("the fill mesh has lookup coordinates");
        };
        let mut at = 0;
        for &province in &fill.provinces {
            covered[province] = true;
            let capital = bundle.province_capitals[province][0];
            assert_eq!(
                shown.fills[province],
                expected(capital),
                "province {province}"
            );
            let n = level.provinces[province].positions_map_xy.len();
            assert!(
                uvs[at..at + n]
                    .iter()
                    .all(|uv| texel(*uv) == expected(capital).0),
                "the texels of province {province}"
            );
            at += n;
        }
    }
    assert!(covered.iter().all(|c| *c), "every province is filled");
}

#[test]
fn every_capital_entity_is_recoloured_after_a_date_change() {
    let mut app = app_with(&shipped(), Duration::from_millis(10));
    assert_colours_match_model(&mut app, date(2021, 5, 1));
    for d in [
        date(2021, 8, 9),
        date(2021, 8, 13),
        date(2021, 7, 7),
        date(2021, 9, 30),
    ] {
        send(&mut app, SetDate(d));
        app.update();
        assert_colours_match_model(&mut app, d);
    }
}

#[test]
fn broken_reload_keeps_the_old_scenario_and_raises_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let src = shipped().parent().unwrap().to_path_buf();
    for f in [
        "scenario.ron",
        "events.ron",
        "annotations.ron",
        "provinces.geojson",
        "neighbours.geojson",
    ] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    let scenario = dir.path().join("scenario.ron");
    // Half a second per update: the reload poll runs every other update.
    let mut app = app_with(&scenario, Duration::from_millis(500));
    send(&mut app, SetDate(date(2021, 8, 13)));
    let good = std::fs::read_to_string(&scenario).unwrap();

    std::fs::write(
        &scenario,
        good.replace(
            "initial_status: \"government\",",
            "initial_status: \"government\"",
        ),
    )
    .unwrap();
    for _ in 0..3 {
        settle(&mut app);
    }
    let error = app
        .world()
        .resource::<LoadError>()
        .message
        .clone()
        .expect("the banner is raised");
    assert!(error.contains("scenario.ron:"), "{error}");
    assert!(
        error.contains("comma") || error.contains("Expected"),
        "{error}"
    );
    let current = app.world().resource::<CurrentScenario>();
    assert_eq!(
        current.bundle.scenario().capitals.len(),
        34,
        "the last good scenario stays"
    );
    assert_eq!(current_date(&app), date(2021, 8, 13), "the date is kept");
    assert_colours_match_model(&mut app, date(2021, 8, 13));

    // Fixing the file (here: also renaming the title) clears the banner and reloads.
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(
        &scenario,
        good.replace("the fall of the provincial capitals", "fixed"),
    )
    .unwrap();
    for _ in 0..3 {
        settle(&mut app);
    }
    assert_eq!(app.world().resource::<LoadError>().message, None);
    let current = app.world().resource::<CurrentScenario>();
    assert!(current.bundle.scenario().title.ends_with("fixed"));
    assert_eq!(
        current_date(&app),
        date(2021, 8, 13),
        "the date survives the reload"
    );
}

#[test]
fn dropping_a_scenario_file_loads_it() {
    let mut app = app_with(&shipped(), Duration::from_millis(10));
    // The window's drop handler, fed the message winit sends when a file is dropped.
    app.add_message::<bevy::window::FileDragAndDrop>();
    frontline::app::loading::drop_plugin(&mut app);
    let other = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scenarios/valid_with_events_file.ron");
    send(
        &mut app,
        bevy::window::FileDragAndDrop::DroppedFile {
            window: Entity::PLACEHOLDER,
            path_buf: other.clone(),
        },
    );
    settle(&mut app);
    let current = app.world().resource::<CurrentScenario>();
    assert_eq!(current.bundle.scenario().title, "Two provinces");
    assert_eq!(
        current_date(&app),
        date(2021, 7, 1),
        "a new scenario opens on its first day"
    );
}

/// Hot reload under abuse: 100 random corrupting edits of the scenario, events and boundaries
/// files (truncation, garbage, deletion, replacement by a folder, a half-written file), each
/// followed by a valid edit. No edit may panic; while a file is broken the last good scenario
/// stays on screen with the error raised; the first valid edit brings the new scenario.
#[test]
fn hot_reload_survives_a_hundred_corrupting_edits() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let scenario = dir.path().join("scenario.ron");
    let events = dir.path().join("valid_events.ron");
    let boundaries = dir.path().join("two_provinces.geojson");
    let good_scenario =
        std::fs::read_to_string(fixtures.join("scenarios/valid_with_events_file.ron"))
            .unwrap()
            .replace(
                "../boundaries/two_provinces.geojson",
                "two_provinces.geojson",
            );
    let good_events = std::fs::read_to_string(fixtures.join("scenarios/valid_events.ron")).unwrap();
    let good_boundaries =
        std::fs::read_to_string(fixtures.join("boundaries/two_provinces.geojson")).unwrap();
    let write_all = |version: usize| {
        for path in [&scenario, &events, &boundaries] {
            if path.is_dir() {
                std::fs::remove_dir_all(path).unwrap();
            }
        }
        std::fs::write(
            &scenario,
            good_scenario.replace(
                "title: \"Two provinces\"",
                &format!("title: \"Version {version}\""),
            ),
        )
        .unwrap();
        std::fs::write(&events, &good_events).unwrap();
        std::fs::write(&boundaries, &good_boundaries).unwrap();
    };
    write_all(0);
    // Half a second per update: the reload poll runs every other update.
    let mut app = app_with(&scenario, Duration::from_millis(500));
    app.update();
    let title = |app: &App| {
        app.world()
            .resource::<CurrentScenario>()
            .bundle
            .scenario()
            .title
            .clone()
    };
    assert_eq!(title(&app), "Version 0");

    // A small seeded generator: the same edits on every run.
    let mut seed: u64 = 0x5eed_f00d;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n.max(1)
    };
    for round in 1..=100 {
        let (path, good) = match next(3) {
            0 => (&scenario, good_scenario.as_str()),
            1 => (&events, good_events.as_str()),
            _ => (&boundaries, good_boundaries.as_str()),
        };
        let how = next(5);
        match how {
            0 => {
                let cut = 1 + next(good.len() - 2);
                std::fs::write(path, &good.as_bytes()[..cut]).unwrap();
            }
            1 => {
                let garbage: Vec<u8> = (0..1 + next(4000)).map(|_| next(256) as u8).collect();
                std::fs::write(path, garbage).unwrap();
            }
            2 => std::fs::remove_file(path).unwrap(),
            3 => {
                std::fs::remove_file(path).unwrap();
                std::fs::create_dir(path).unwrap();
            }
            _ => {
                // Half written: the first half now, as an editor saving slowly would leave it.
                std::fs::write(path, &good.as_bytes()[..good.len() / 2]).unwrap();
            }
        }
        for _ in 0..3 {
            settle(&mut app);
        }
        assert_eq!(
            title(&app),
            format!("Version {}", round - 1),
            "round {round} (edit {how} of {}): the last good scenario stays",
            path.display()
        );
        let error = app.world().resource::<LoadError>().message.clone();
        assert!(
            error.is_some(),
            "round {round}: the broken edit is reported"
        );
        std::thread::sleep(Duration::from_millis(2));
        write_all(round);
        for _ in 0..3 {
            settle(&mut app);
        }
        assert_eq!(
            title(&app),
            format!("Version {round}"),
            "round {round}: the valid edit recovers"
        );
        assert_eq!(app.world().resource::<LoadError>().message, None);
    }
}
