//! The regional map projection: Lambert conformal conic (40°N, 50°N, 140°E) in kilometres, via proj4rs.

use proj4rs::proj::Proj;
use proj4rs::transform::transform;

/// The projection's definition, for export metadata and QGIS.
pub const REGIONAL_LCC: &str = "+proj=lcc +lat_1=40 +lat_2=50 +lat_0=45 +lon_0=140 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs";

/// Projects longitude/latitude to map kilometres and back. Calls fail (None) rather than panic.
#[derive(Clone)]
pub struct Projection {
    geographic: Proj,
    conic: Proj,
}

impl std::fmt::Debug for Projection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Projection(regional LCC)")
    }
}

impl Default for Projection {
    fn default() -> Self {
        Projection::regional()
    }
}

impl Projection {
    /// The regional projection; its definition is parsed once per process.
    pub fn regional() -> Projection {
        static REGIONAL: std::sync::OnceLock<Projection> = std::sync::OnceLock::new();
        REGIONAL
            .get_or_init(|| Projection {
                geographic: Proj::from_proj_string("+proj=longlat +ellps=WGS84 +no_defs")
                    .expect("static projection string"),
                conic: Proj::from_proj_string(REGIONAL_LCC).expect("static projection string"),
            })
            .clone()
    }

    /// Degrees to kilometres east and north of 45°N 140°E.
    pub fn project(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        if !lon.is_finite() || !(-89.5..=89.5).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return None;
        }
        let mut point = (lon.to_radians(), lat.to_radians(), 0.0);
        transform(&self.geographic, &self.conic, &mut point).ok()?;
        let (x, y) = (point.0 / 1000.0, point.1 / 1000.0);
        (x.is_finite() && y.is_finite()).then_some((x, y))
    }

    /// Kilometres back to degrees.
    pub fn unproject(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        if !x.is_finite() || !y.is_finite() || x.abs() > 2.0e4 || y.abs() > 2.0e4 {
            return None;
        }
        let mut point = (x * 1000.0, y * 1000.0, 0.0);
        transform(&self.conic, &self.geographic, &mut point).ok()?;
        let (lon, lat) = (point.0.to_degrees(), point.1.to_degrees());
        (lon.is_finite() && (-90.0..=90.0).contains(&lat)).then_some((lon, lat))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_projects_to_zero() {
        let p = Projection::regional();
        let (x, y) = p.project(140.0, 45.0).unwrap();
        assert!(x.abs() < 1e-6 && y.abs() < 1e-6, "{x} {y}");
    }

    #[test]
    fn round_trips_across_the_region() {
        let p = Projection::regional();
        for lon in (110..=170).step_by(5) {
            for lat in (33..=63).step_by(3) {
                let (x, y) = p.project(lon as f64, lat as f64).unwrap();
                let (lon2, lat2) = p.unproject(x, y).unwrap();
                assert!((lon2 - lon as f64).abs() < 1e-7 && (lat2 - lat as f64).abs() < 1e-7);
            }
        }
    }

    #[test]
    fn distances_are_true_near_the_standard_parallels() {
        // Conformal with scale 1 on 40°N and 50°N: projected distances match the ground there
        // (geodesic on the same WGS 84 ellipsoid).
        let p = Projection::regional();
        for lat in [40.0, 50.0] {
            let a = p.project(139.5, lat).unwrap();
            let b = p.project(140.5, lat).unwrap();
            let projected = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
            let ground = crate::core::measure::leg((139.5, lat), (140.5, lat)).km;
            assert!(
                (projected / ground - 1.0).abs() < 0.004,
                "{lat}: {projected} vs {ground}"
            );
        }
    }

    #[test]
    fn known_points_keep_their_geography() {
        let p = Projection::regional();
        let kushiro = p.project(144.37, 42.98).unwrap();
        let rumoi = p.project(141.64, 43.93).unwrap();
        let shumshu = p.project(156.35, 50.74).unwrap();
        assert!(kushiro.0 > rumoi.0 && kushiro.1 < rumoi.1);
        assert!(shumshu.0 > 1000.0 && shumshu.1 > 600.0);
        // Kushiro-Rumoi is about 245 km (reference B8).
        let km = ((kushiro.0 - rumoi.0).powi(2) + (kushiro.1 - rumoi.1).powi(2)).sqrt();
        assert!((km - 245.0).abs() < 10.0, "{km}");
    }

    #[test]
    fn bad_input_gives_none() {
        let p = Projection::regional();
        assert!(p.project(f64::NAN, 45.0).is_none());
        assert!(p.project(140.0, 95.0).is_none());
        assert!(p.project(400.0, 45.0).is_none());
        assert!(p.unproject(f64::INFINITY, 0.0).is_none());
        assert!(p.unproject(1e9, 1e9).is_none());
    }
}
