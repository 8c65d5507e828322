//! A scenario file: RON parsing, validation and the timeline index.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = frontline::model::load::check_scenario_text(std::path::Path::new("fuzz.ron"), text);
    }
});
