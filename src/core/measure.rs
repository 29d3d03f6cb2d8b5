//! Measuring on the map: the geodesic length of a path of (lon, lat) points, each leg's bearing, and their text in each language.

use crate::core::scenario::{Lang, LonLat};
use geo::{Bearing, Distance, Geodesic, Point};

/// Metres in one international nautical mile.
pub const METRES_PER_NAUTICAL_MILE: f64 = 1852.0;

/// One straight leg of a measured path, along the geodesic on the WGS 84 ellipsoid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Leg {
    pub from: LonLat,
    pub to: LonLat,
    pub km: f64,
    /// Initial bearing from `from`, degrees clockwise from true north in [0, 360); None when
    /// the two points coincide.
    pub bearing_deg: Option<f64>,
}

impl Leg {
    pub fn nautical_miles(&self) -> f64 {
        km_to_nautical_miles(self.km)
    }
}

/// A measured path: its legs in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measurement {
    pub legs: Vec<Leg>,
}

impl Measurement {
    /// Measures the path through `points`. Points that are not finite or lie outside
    /// longitude -180..180 and latitude -90..90 are left out.
    pub fn of(points: &[LonLat]) -> Measurement {
        let valid: Vec<LonLat> = points.iter().copied().filter(|p| is_lon_lat(*p)).collect();
        let legs = valid.windows(2).map(|pair| leg(pair[0], pair[1])).collect();
        Measurement { legs }
    }

    pub fn km(&self) -> f64 {
        self.legs.iter().map(|leg| leg.km).sum()
    }

    pub fn nautical_miles(&self) -> f64 {
        km_to_nautical_miles(self.km())
    }
}

fn is_lon_lat((lon, lat): LonLat) -> bool {
    (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)
}

/// The geodesic leg from `from` to `to` (Karney's method on WGS 84).
pub fn leg(from: LonLat, to: LonLat) -> Leg {
    let (a, b) = (Point::new(from.0, from.1), Point::new(to.0, to.1));
    let metres = Geodesic.distance(a, b);
    let bearing_deg = (metres > 0.0).then(|| Geodesic.bearing(a, b).rem_euclid(360.0));
    Leg {
        from,
        to,
        km: metres / 1000.0,
        bearing_deg,
    }
}

pub fn km_to_nautical_miles(km: f64) -> f64 {
    km * 1000.0 / METRES_PER_NAUTICAL_MILE
}

/// A length in kilometres and nautical miles, one decimal:
/// en `1 234.5 km · 666.6 nmi`, ja `1,234.5 km（666.6 海里）`, ru `1 234,5 км (666,6 мор. миль)`.
/// Digit groups are separated by a no-break space in English and Russian.
pub fn format_length(km: f64, lang: Lang) -> String {
    let nmi = km_to_nautical_miles(km);
    match lang {
        Lang::En => format!(
            "{} km · {} nmi",
            number(km, '\u{a0}', '.'),
            number(nmi, '\u{a0}', '.')
        ),
        Lang::Ja => format!(
            "{} km（{} 海里）",
            number(km, ',', '.'),
            number(nmi, ',', '.')
        ),
        Lang::Ru => format!(
            "{} км ({} мор. миль)",
            number(km, '\u{a0}', ','),
            number(nmi, '\u{a0}', ',')
        ),
    }
}

/// A bearing in whole degrees: en `bearing 213°`, ja `方位 213°`, ru `азимут 213°`.
pub fn format_bearing(bearing_deg: f64, lang: Lang) -> String {
    let degrees = (bearing_deg.round() as i64).rem_euclid(360);
    match lang {
        Lang::En => format!("bearing {degrees}°"),
        Lang::Ja => format!("方位 {degrees}°"),
        Lang::Ru => format!("азимут {degrees}°"),
    }
}

/// One leg's length and bearing: en `299.0 km · 161.5 nmi, bearing 213°`.
pub fn format_leg(leg: &Leg, lang: Lang) -> String {
    let length = format_length(leg.km, lang);
    match leg.bearing_deg {
        None => length,
        Some(bearing) => {
            let comma = if lang == Lang::Ja { "、" } else { ", " };
            format!("{length}{comma}{}", format_bearing(bearing, lang))
        }
    }
}

/// `value` with one decimal, digit groups of three split by `group`, and `decimal` as the point.
fn number(value: f64, group: char, decimal: char) -> String {
    let text = format!("{:.1}", value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, "0"));
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index).is_multiple_of(3) {
            grouped.push(group);
        }
        grouped.push(digit);
    }
    let sign = if value < 0.0 && text != "0.0" {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped}{decimal}{fraction}")
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values from PROJ's geodesic (pyproj Geod, WGS 84), an implementation of
    // Karney's algorithm independent of geo's: Tokyo Station to Osaka Station 403.827 km
    // (the published rail-free distance is about 403 km), New York to London 5585.234 km.
    const PETROPAVLOVSK: LonLat = (158.65, 53.02);
    const SHUMSHU_KOKUTAN: LonLat = (156.35, 50.74);
    const PARAMUSHIR_SOUTH: LonLat = (154.7, 49.0);

    fn close(actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() <= tolerance,
            "{actual} is not within {tolerance} of {expected}"
        );
    }

    #[test]
    fn known_pairs_match_an_independent_geodesic() {
        let tokyo_osaka = leg((139.7671, 35.6812), (135.4959, 34.7025));
        close(tokyo_osaka.km, 403.827, 0.01);
        close(tokyo_osaka.bearing_deg.unwrap(), 255.642, 0.01);
        let new_york_london = leg((-74.006, 40.7128), (-0.1278, 51.5074));
        close(new_york_london.km, 5585.234, 0.01);
        close(new_york_london.bearing_deg.unwrap(), 51.241, 0.01);
    }

    #[test]
    fn petropavlovsk_to_shumshu() {
        let path = Measurement::of(&[PETROPAVLOVSK, SHUMSHU_KOKUTAN]);
        assert_eq!(path.legs.len(), 1);
        close(path.km(), 299.030, 0.01);
        close(path.nautical_miles(), 161.463, 0.01);
        close(path.legs[0].bearing_deg.unwrap(), 212.888, 0.01);
    }

    #[test]
    fn a_path_adds_its_legs_and_bears_each_from_its_start() {
        let path = Measurement::of(&[PETROPAVLOVSK, SHUMSHU_KOKUTAN, PARAMUSHIR_SOUTH]);
        assert_eq!(path.legs.len(), 2);
        close(path.km(), 526.008, 0.01);
        close(path.legs[1].bearing_deg.unwrap(), 212.138, 0.01);
        assert_eq!(path.legs[1].from, SHUMSHU_KOKUTAN);
    }

    #[test]
    fn fewer_than_two_valid_points_measure_nothing() {
        assert_eq!(Measurement::of(&[]).km(), 0.0);
        assert!(Measurement::of(&[PETROPAVLOVSK]).legs.is_empty());
        let with_bad = Measurement::of(&[PETROPAVLOVSK, (f64::NAN, 50.0), (200.0, 95.0)]);
        assert!(with_bad.legs.is_empty());
        let skipping_bad = Measurement::of(&[PETROPAVLOVSK, (f64::NAN, 1.0), SHUMSHU_KOKUTAN]);
        close(skipping_bad.km(), 299.030, 0.01);
    }

    #[test]
    fn coinciding_points_have_no_bearing() {
        let still = leg(PETROPAVLOVSK, PETROPAVLOVSK);
        assert_eq!(still.km, 0.0);
        assert_eq!(still.bearing_deg, None);
        assert_eq!(format_leg(&still, Lang::En), "0.0 km · 0.0 nmi");
    }

    #[test]
    fn lengths_read_in_each_language() {
        let km = 1234.5 * METRES_PER_NAUTICAL_MILE / 1000.0;
        assert_eq!(
            format_length(km, Lang::En),
            "2\u{a0}286.3 km · 1\u{a0}234.5 nmi"
        );
        assert_eq!(format_length(km, Lang::Ja), "2,286.3 km（1,234.5 海里）");
        assert_eq!(
            format_length(km, Lang::Ru),
            "2\u{a0}286,3 км (1\u{a0}234,5 мор. миль)"
        );
        assert_eq!(
            format_length(999.96, Lang::En),
            "1\u{a0}000.0 km · 539.9 nmi"
        );
        assert_eq!(format_length(12.0, Lang::Ja), "12.0 km（6.5 海里）");
    }

    #[test]
    fn legs_read_with_their_bearing() {
        let first = leg(PETROPAVLOVSK, SHUMSHU_KOKUTAN);
        assert_eq!(
            format_leg(&first, Lang::En),
            "299.0 km · 161.5 nmi, bearing 213°"
        );
        assert_eq!(
            format_leg(&first, Lang::Ja),
            "299.0 km（161.5 海里）、方位 213°"
        );
        assert_eq!(
            format_leg(&first, Lang::Ru),
            "299,0 км (161,5 мор. миль), азимут 213°"
        );
        assert_eq!(format_bearing(359.6, Lang::En), "bearing 0°");
    }
}
