//! An events file: a RON list of events.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = frontline::model::load::parse_ron::<Vec<frontline::model::Event>>(
            std::path::Path::new("events.ron"),
            text,
        );
    }
});
