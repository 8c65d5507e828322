//! A CSV events file: the spreadsheet reader (delimiters, quotes, BOM, encodings, dates,
//! sources) on any bytes, then the writer and the reader again on what it read.
#![no_main]

use frontline::model::csv_events::{CsvOptions, DateOrder, events_to_csv, read_events_csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the declared date order, so both paths of slashed dates run.
    let (order, body) = match data.split_first() {
        Some((b, rest)) => (
            match b % 3 {
                0 => None,
                1 => Some(DateOrder::Dmy),
                _ => Some(DateOrder::Mdy),
            },
            rest,
        ),
        None => (None, data),
    };
    let options = CsvOptions {
        capitals: &[],
        statuses: &[],
        date_order: order,
        order_help: "declare the order",
    };
    let path = std::path::Path::new("events.csv");
    if let Ok(read) = read_events_csv(path, body, &options)
        && let Ok(text) = events_to_csv(&read.events)
    {
        let _ = read_events_csv(path, text.as_bytes(), &options);
    }
});
