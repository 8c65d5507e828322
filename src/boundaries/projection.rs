//! The projection from WGS84 lon/lat to the flat map plane.
//!
//! frontline draws one country at a time, so it uses an equirectangular projection centred on
//! the country with the standard parallel at its middle latitude: `x = R·Δλ·cos φ₀`,
//! `y = R·Δφ`, in kilometres. Over a country the size of Afghanistan (29°–39° N) east-west
//! distances stay within about 8% of true and shapes look as on a familiar atlas map; north is
//! up and the map plane's units are kilometres, so distances can be read off directly.

/// A position in degrees: longitude then latitude (WGS84, as in GeoJSON).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LonLat {
    /// Degrees east.
    pub lon: f64,
    /// Degrees north.
    pub lat: f64,
}

/// A position on the map plane, in kilometres east and north of the projection centre.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapXy {
    /// Kilometres east.
    pub x: f64,
    /// Kilometres north.
    pub y: f64,
}

/// Mean Earth radius in kilometres (IUGG).
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// An equirectangular projection centred on one point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    center: LonLat,
    cos_lat0: f64,
}

impl Projection {
    /// A projection centred on `center` (use the middle of the country's bounding box).
    pub fn centered_on(center: LonLat) -> Self {
        Self {
            center,
            cos_lat0: center.lat.to_radians().cos(),
        }
    }

    /// The centre of the projection.
    pub fn center(&self) -> LonLat {
        self.center
    }

    /// Lon/lat to the map plane.
    pub fn map_from_lonlat(&self, p: LonLat) -> MapXy {
        MapXy {
            x: EARTH_RADIUS_KM * (p.lon - self.center.lon).to_radians() * self.cos_lat0,
            y: EARTH_RADIUS_KM * (p.lat - self.center.lat).to_radians(),
        }
    }

    /// The map plane back to lon/lat.
    pub fn lonlat_from_map(&self, p: MapXy) -> LonLat {
        LonLat {
            lon: self.center.lon + (p.x / (EARTH_RADIUS_KM * self.cos_lat0)).to_degrees(),
            lat: self.center.lat + (p.y / EARTH_RADIUS_KM).to_degrees(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centre_maps_to_origin_and_round_trips() {
        let p = Projection::centered_on(LonLat {
            lon: 66.0,
            lat: 34.0,
        });
        let o = p.map_from_lonlat(LonLat {
            lon: 66.0,
            lat: 34.0,
        });
        assert!(o.x.abs() < 1e-9 && o.y.abs() < 1e-9);
        let kabul = LonLat {
            lon: 69.172,
            lat: 34.528,
        };
        let back = p.lonlat_from_map(p.map_from_lonlat(kabul));
        assert!((back.lon - kabul.lon).abs() < 1e-9 && (back.lat - kabul.lat).abs() < 1e-9);
    }

    #[test]
    fn north_is_up_and_east_is_right_in_kilometres() {
        let p = Projection::centered_on(LonLat {
            lon: 66.0,
            lat: 34.0,
        });
        let north = p.map_from_lonlat(LonLat {
            lon: 66.0,
            lat: 35.0,
        });
        assert!(
            (north.y - 111.19).abs() < 0.1,
            "one degree of latitude is ~111 km"
        );
        let east = p.map_from_lonlat(LonLat {
            lon: 67.0,
            lat: 34.0,
        });
        assert!((east.x - 111.19 * 34f64.to_radians().cos()).abs() < 0.1);
    }
}
