//! How cheap a slider move is: the status of every capital on a date, for synthetic
//! 5,000-capital scenarios with 50,000 and 1,000,000 events.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::model::Timeline;
use frontline::model::scenario::{BoundariesSpec, Capital, Event, Scenario, StatusDef};
use jiff::ToSpan;
use jiff::civil::date;
use std::hint::black_box;

fn synthetic(capitals: usize, events_per_capital: usize) -> Scenario {
    let status = |id: &str| StatusDef {
        id: id.into(),
        label: id.into(),
        color: "#000000".into(),
        dark_color: None,
        contested: false,
        pattern: None,
    };
    let start = date(2020, 1, 1);
    Scenario {
        title: "synthetic".into(),
        description: String::new(),
        credits: String::new(),
        boundaries: BoundariesSpec {
            file: String::new(),
            id_property: "id".into(),
            name_property: "name".into(),
            object: None,
        },
        start,
        end: date(2020, 12, 31),
        statuses: vec![status("a"), status("b"), status("c")],
        initial_status: "a".into(),
        capitals: (0..capitals)
            .map(|i| Capital {
                id: format!("c{i}"),
                name: format!("C{i}"),
                alt_names: vec![],
                province: format!("P{i}"),
                province_name: None,
                province_alt_names: vec![],
                lon: 0.0,
                lat: 0.0,
                national: false,
                marker_only: None,
                guessed: None,
            })
            .collect(),
        events: (0..capitals * events_per_capital)
            .map(|k| {
                Event::new(
                    start
                        .checked_add((((k * 7919) % 365) as i64).days())
                        .unwrap_or(start),
                    &format!("c{}", k % capitals),
                    ["a", "b", "c"][k % 3],
                )
            })
            .collect(),
        events_files: vec![],
        csv_date_order: None,
        key_moments: vec![],
        presences: vec![],
        annotations: vec![],
        annotations_files: vec![],
        neighbours: None,
    }
}

fn bench(c: &mut Criterion) {
    let s = synthetic(5_000, 10);
    let t = Timeline::new(&s).unwrap();
    c.bench_function("statuses of 5000 capitals on a date (50k events)", |b| {
        b.iter(|| black_box(t.statuses_at(black_box(date(2020, 7, 1)))))
    });
    c.bench_function("counts per status on a date (50k events)", |b| {
        b.iter(|| black_box(t.counts_at(black_box(date(2020, 7, 1))).len()))
    });
    c.bench_function("build the index (5000 capitals, 50k events)", |b| {
        b.iter(|| black_box(Timeline::new(&s).unwrap()))
    });
}

fn bench_million(c: &mut Criterion) {
    let s = synthetic(5_000, 200);
    let t = Timeline::new(&s).unwrap();
    c.bench_function("statuses of 5000 capitals on a date (1M events)", |b| {
        b.iter(|| black_box(t.statuses_at(black_box(date(2020, 7, 1)))))
    });
    c.bench_function("counts per status on a date (1M events)", |b| {
        b.iter(|| black_box(t.counts_at(black_box(date(2020, 7, 1))).len()))
    });
}

criterion_group!(benches, bench, bench_million);
criterion_main!(benches);
