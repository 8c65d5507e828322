//! A boundaries file, GeoJSON or TopoJSON: streaming parse, checks, shared borders, projection
//! and tessellation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = frontline::boundaries::check_boundaries_text(std::path::Path::new("fuzz.geojson"), text);
    }
});
