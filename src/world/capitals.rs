//! Choosing each province's capital from GeoNames places, and saying when it is a guess.
//!
//! For each province, in this order:
//! 1. a fix from the corrections table;
//! 2. the one seat (`PPLA`, or `PPLC` for the national capital) inside it; seats up to
//!    [`SNAP_KM`] outside every province (on a coast or a river border the simplified polygon
//!    moved) count for the nearest province of their own country;
//! 3. of several seats, the one whose GeoNames division code is the province's (Natural
//!    Earth's `gn_a1_code`);
//! 4. otherwise a guess: the national capital among several seats, else the most populous
//!    seat, else the most populous second-order seat (`PPLA2`), else the most populous place
//!    inside, else the province's label point. A guess is written as `guessed` in the
//!    scenario, and `check` warns about it until someone confirms it.

use geo::{BoundingRect, InteriorPoint};

use super::corrections::CapitalFix;
use super::places::Place;
use crate::boundaries::load::Province;
use crate::boundaries::projection::{LonLat, Projection};

/// How far outside every province a seat may lie and still count for the nearest one, in km.
pub const SNAP_KM: f64 = crate::bundle::CAPITAL_TOLERANCE_KM;

/// A province, as the cascade needs it.
pub struct Input<'a> {
    /// Id, name and polygons.
    pub province: &'a Province,
    /// GeoNames' `CC.admin1` code of the province, when known (Natural Earth's `gn_a1_code`).
    pub gn_a1: &'a str,
    /// A point for the marker when no place lies inside (Natural Earth's label point).
    pub label: Option<(f64, f64)>,
}

/// How a capital was chosen.
#[derive(Clone, Debug, PartialEq)]
pub enum How {
    /// The only seat in the province.
    Seat,
    /// One of several seats, by its GeoNames division code.
    SeatByDivision,
    /// From the corrections table: the reason and the source.
    Corrected {
        /// Why.
        reason: String,
        /// Where that is said.
        source: String,
    },
    /// A guess, and why.
    Guessed(String),
}

/// One province's capital.
#[derive(Clone, Debug, PartialEq)]
pub struct Chosen {
    /// The capital's name.
    pub name: String,
    /// Other spellings.
    pub alt_names: Vec<String>,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// The national capital.
    pub national: bool,
    /// The GeoNames id, when it is a GeoNames place.
    pub geonameid: Option<u64>,
    /// How it was chosen.
    pub how: How,
}

fn by_population(places: &[&Place]) -> Option<usize> {
    (0..places.len()).max_by(|&a, &b| {
        places[a]
            .population
            .cmp(&places[b].population)
            // The earlier place wins a tie.
            .then(b.cmp(&a))
    })
}

fn names(places: &[&Place]) -> String {
    let list: Vec<&str> = places.iter().map(|p| p.name.as_str()).collect();
    list.join(", ")
}

fn from_place(p: &Place, how: How) -> Chosen {
    Chosen {
        name: p.name.clone(),
        alt_names: Vec::new(),
        lon: p.lon,
        lat: p.lat,
        national: p.feature == "PPLC",
        geonameid: Some(p.geonameid),
        how,
    }
}

/// The capital of every province. `countries` are the ISO alpha-2 codes whose seats may be
/// snapped to these provinces.
pub fn choose(
    inputs: &[Input],
    places: &[Place],
    countries: &[String],
    fixes: &[CapitalFix],
) -> Vec<Chosen> {
    let boxes: Vec<Option<geo::Rect<f64>>> = inputs
        .iter()
        .map(|i| i.province.shape_lonlat.bounding_rect())
        .collect();
    let inside_box = |pi: usize, p: &Place| {
        boxes[pi].is_some_and(|r| {
            p.lon >= r.min().x && p.lon <= r.max().x && p.lat >= r.min().y && p.lat <= r.max().y
        })
    };
    // Each place's province, if any.
    let mut in_province: Vec<Vec<&Place>> = vec![Vec::new(); inputs.len()];
    for p in places {
        let point = LonLat {
            lon: p.lon,
            lat: p.lat,
        };
        let hit = (0..inputs.len())
            .find(|&pi| inside_box(pi, p) && inputs[pi].province.contains_lonlat(point));
        if let Some(pi) = hit {
            in_province[pi].push(p);
        } else if p.is_seat() && countries.contains(&p.country) {
            // A seat just outside: the nearest province within SNAP_KM.
            let projection = Projection::centered_on(point);
            let near = (0..inputs.len())
                .filter(|&pi| {
                    boxes[pi].is_some_and(|r| {
                        let pad = 0.05;
                        p.lon >= r.min().x - pad
                            && p.lon <= r.max().x + pad
                            && p.lat >= r.min().y - pad
                            && p.lat <= r.max().y + pad
                    })
                })
                .map(|pi| (pi, inputs[pi].province.distance_km(&projection, point)))
                .filter(|(_, km)| *km <= SNAP_KM)
                .min_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((pi, _)) = near {
                in_province[pi].push(p);
            }
        }
    }
    inputs
        .iter()
        .zip(&in_province)
        .map(|(input, inside)| {
            if let Some(fix) = fixes.iter().find(|f| f.province == input.province.id) {
                return Chosen {
                    name: fix.name.clone(),
                    alt_names: fix.alt_names.clone(),
                    lon: fix.lon,
                    lat: fix.lat,
                    national: false,
                    geonameid: None,
                    how: How::Corrected {
                        reason: fix.reason.clone(),
                        source: fix.source.clone(),
                    },
                };
            }
            let seats: Vec<&Place> = inside.iter().copied().filter(|p| p.is_seat()).collect();
            if let [seat] = seats[..] {
                return from_place(seat, How::Seat);
            }
            if seats.len() > 1 {
                let by_code: Vec<&Place> = seats
                    .iter()
                    .copied()
                    .filter(|p| !input.gn_a1.is_empty() && format!("{}.{}", p.country, p.admin1) == input.gn_a1)
                    .collect();
                if let [seat] = by_code[..] {
                    return from_place(seat, How::SeatByDivision);
                }
                if let Some(national) = seats.iter().find(|p| p.feature == "PPLC") {
                    return from_place(
                        national,
                        How::Guessed(format!(
                            "{} seats lie in this province ({}); the national capital was taken",
                            seats.len(),
                            names(&seats)
                        )),
                    );
                }
                let pick = by_population(&seats).unwrap_or(0);
                return from_place(
                    seats[pick],
                    How::Guessed(format!(
                        "{} seats lie in this province ({}); the most populous was taken",
                        seats.len(),
                        names(&seats)
                    )),
                );
            }
            let second: Vec<&Place> = inside.iter().copied().filter(|p| p.feature == "PPLA2").collect();
            if let Some(pick) = by_population(&second) {
                return from_place(
                    second[pick],
                    How::Guessed(format!(
                        "GeoNames has no first-order seat (PPLA) in this province; {} is its most populous second-order seat (PPLA2)",
                        second[pick].name
                    )),
                );
            }
            if let Some(pick) = by_population(inside) {
                return from_place(
                    inside[pick],
                    How::Guessed(format!(
                        "GeoNames has no seat in this province; {} is the most populous place it lists there",
                        inside[pick].name
                    )),
                );
            }
            // No place at all: the label point (or a point inside), named after the province.
            let point = input
                .label
                .filter(|&(lon, lat)| input.province.contains_lonlat(LonLat { lon, lat }))
                .or_else(|| {
                    input
                        .province
                        .shape_lonlat
                        .interior_point()
                        .map(|p| (p.x(), p.y()))
                })
                .unwrap_or((0.0, 0.0));
            Chosen {
                name: input.province.name.clone(),
                alt_names: Vec::new(),
                lon: point.0,
                lat: point.1,
                national: false,
                geonameid: None,
                how: How::Guessed(
                    "GeoNames lists no place in this province; the marker stands at a point inside it, named after the province".into(),
                ),
            }
        })
        .collect()
}
