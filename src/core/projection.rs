//! The regional map projection: Lambert conformal conic (40°N, 50°N, 140°E) in kilometres; proj4rs defines it, a prepared table projects fast.

use proj4rs::proj::Proj;
use proj4rs::transform::transform;
use std::f64::consts::{FRAC_PI_2, PI};
use std::sync::Arc;

/// The projection's definition, for export metadata and QGIS.
pub const REGIONAL_LCC: &str = "+proj=lcc +lat_1=40 +lat_2=50 +lat_0=45 +lon_0=140 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs";

/// Projects longitude/latitude to map kilometres and back. Calls fail (None) rather than panic.
#[derive(Clone)]
pub struct Projection {
    geographic: Proj,
    conic: Proj,
    forward: Arc<ConicForward>,
}

/// The conic's forward formula prepared for speed. Every morphing shape is projected again on
/// every scrub step, and proj4rs spends most of that in two `pow`s, a `tan` and a `sin` per
/// point for the cone's radius, which depends on the latitude alone. So the radius (and its
/// derivative) is tabulated once per 1/512 radian of latitude and read back by cubic Hermite
/// interpolation (within a tenth of a millimetre of proj4rs over the map, see the tests); the
/// angle around the cone's apex takes its sine and cosine from a second table. Constants follow Snyder's ellipsoidal Lambert conformal
/// conic (USGS Professional Paper 1395, equations 15-9 to 15-11), as proj4rs computes them;
/// latitudes outside the table use the closed form.
#[derive(Debug)]
struct ConicForward {
    /// Cone constant `n`.
    n: f64,
    /// `a F`, kilometres.
    scale: f64,
    /// Radius at the origin's latitude, kilometres.
    rho0: f64,
    e: f64,
    lon0: f64,
    /// Radius and its derivative by latitude at `TABLE_FROM + i * TABLE_STEP`.
    table: Vec<(f64, f64)>,
    /// Sine and cosine of the angle around the apex at `-PI + i * TABLE_STEP`.
    angles: Vec<(f64, f64)>,
}

const TABLE_STEP: f64 = 1.0 / 512.0;
/// About 60°S: south of it the radius grows too steeply for the table's step.
const TABLE_FROM: f64 = -1.05;
/// 80°N: north of it the radius bends too sharply for the table (the closed form serves).
const TABLE_TO: f64 = 1.3963;

impl ConicForward {
    fn new(lat_1: f64, lat_2: f64, lat_0: f64, lon_0: f64) -> ConicForward {
        const A_KM: f64 = 6378.137;
        const FLATTENING: f64 = 1.0 / 298.257223563;
        let es = FLATTENING * (2.0 - FLATTENING);
        let e = es.sqrt();
        let m = |phi: f64| phi.cos() / (1.0 - es * phi.sin().powi(2)).sqrt();
        let t = |phi: f64| isometric_t(phi, e);
        let (phi1, phi2, phi0) = (lat_1.to_radians(), lat_2.to_radians(), lat_0.to_radians());
        let n = (m(phi1) / m(phi2)).ln() / (t(phi1) / t(phi2)).ln();
        let scale = A_KM * m(phi1) / (n * t(phi1).powf(n));
        let rho0 = scale * t(phi0).powf(n);
        let mut forward = ConicForward {
            n,
            scale,
            rho0,
            e,
            lon0: lon_0.to_radians(),
            table: Vec::new(),
            angles: (0..=((2.0 * PI) / TABLE_STEP).ceil() as usize + 1)
                .map(|i| (-PI + i as f64 * TABLE_STEP).sin_cos())
                .collect(),
        };
        let count = ((TABLE_TO - TABLE_FROM) / TABLE_STEP).ceil() as usize + 2;
        forward.table = (0..count)
            .map(|i| {
                let phi = TABLE_FROM + i as f64 * TABLE_STEP;
                let rho = forward.radius_exact(phi);
                // d(rho)/d(phi) = -n rho d(psi)/d(phi), psi the isometric latitude.
                let s = phi.sin();
                let dpsi = (1.0 - es) / ((1.0 - es * s * s) * phi.cos());
                (rho, -n * rho * dpsi)
            })
            .collect();
        forward
    }

    /// The cone's radius at a latitude (radians), by the closed form.
    fn radius_exact(&self, phi: f64) -> f64 {
        self.scale * isometric_t(phi, self.e).powf(self.n)
    }

    /// The cone's radius at a latitude (radians), from the table where it reaches.
    fn radius(&self, phi: f64) -> f64 {
        let at = (phi - TABLE_FROM) / TABLE_STEP;
        let i = at.floor();
        if !(0.0..(self.table.len() - 1) as f64).contains(&i) {
            return self.radius_exact(phi);
        }
        let (k, u) = (i as usize, at - i);
        let ((r0, d0), (r1, d1)) = (self.table[k], self.table[k + 1]);
        let (u2, u3) = (u * u, u * u * u);
        (2.0 * u3 - 3.0 * u2 + 1.0) * r0
            + (u3 - 2.0 * u2 + u) * TABLE_STEP * d0
            + (-2.0 * u3 + 3.0 * u2) * r1
            + (u3 - u2) * TABLE_STEP * d1
    }

    /// Degrees to kilometres; the caller has checked the range.
    fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let rho = self.radius(lat.to_radians());
        let mut lam = lon.to_radians() - self.lon0;
        if lam.abs() > PI {
            lam -= (2.0 * PI) * (lam / (2.0 * PI)).round();
        }
        let (sin, cos) = self.sin_cos(self.n * lam);
        (rho * sin, self.rho0 - rho * cos)
    }

    /// `theta.sin_cos()` for an angle within ±PI, from the nearest tabulated angle below it and
    /// the sum formulas; the remainder (under 1/512 radian) is small enough that its sine and
    /// cosine series agree with `sin_cos` to the last bits.
    fn sin_cos(&self, theta: f64) -> (f64, f64) {
        let at = (theta + PI) / TABLE_STEP;
        let i = at.floor();
        if !(0.0..(self.angles.len() - 1) as f64).contains(&i) {
            return theta.sin_cos();
        }
        let (sin_a, cos_a) = self.angles[i as usize];
        let h = theta - (-PI + i * TABLE_STEP);
        let h2 = h * h;
        let sin_h = h * (1.0 - h2 / 6.0 * (1.0 - h2 / 20.0));
        let cos_h = 1.0 - h2 / 2.0 * (1.0 - h2 / 12.0 * (1.0 - h2 / 30.0));
        (sin_a * cos_h + cos_a * sin_h, cos_a * cos_h - sin_a * sin_h)
    }
}

/// The longitudes and latitudes `project` takes: finite, within ±180° and ±89.5°.
fn accepts(lon: f64, lat: f64) -> bool {
    lon.is_finite() && (-89.5..=89.5).contains(&lat) && (-180.0..=180.0).contains(&lon)
}

/// Snyder's `t` (15-9): `tan(pi/4 - phi/2) / ((1 - e sin phi) / (1 + e sin phi))^(e/2)`.
fn isometric_t(phi: f64, e: f64) -> f64 {
    let s = phi.sin();
    (0.5 * (FRAC_PI_2 - phi)).tan() / ((1.0 - e * s) / (1.0 + e * s)).powf(0.5 * e)
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
                forward: Arc::new(ConicForward::new(40.0, 50.0, 45.0, 140.0)),
            })
            .clone()
    }

    /// Degrees to kilometres east and north of 45°N 140°E.
    pub fn project(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        if !accepts(lon, lat) {
            return None;
        }
        let (x, y) = self.forward.project(lon, lat);
        (x.is_finite() && y.is_finite()).then_some((x, y))
    }

    /// `project` computed by proj4rs from the definition string, point by point: the reference
    /// the prepared formula is tested against.
    pub fn project_with_proj4rs(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        if !accepts(lon, lat) {
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
    fn the_prepared_formula_agrees_with_proj4rs_everywhere_it_projects() {
        let p = Projection::regional();
        let mut worst: f64 = 0.0;
        // Every 0.0137 degrees of latitude (off the table's knots) over the whole accepted
        // range, at longitudes across the region and around the antimeridian.
        let mut lat = -89.5;
        while lat <= 89.5 {
            for lon in [
                -180.0, -179.9, -45.0, 0.0, 100.0, 119.3, 140.0, 151.7, 179.99, 180.0,
            ] {
                let fast = p.project(lon, lat).unwrap();
                let reference = p.project_with_proj4rs(lon, lat).unwrap();
                let km = (fast.0 - reference.0).hypot(fast.1 - reference.1);
                // Relative far from the region, where the cone's radius is huge.
                let size = reference.0.hypot(reference.1).max(1.0);
                worst = worst.max(km / size.max(1000.0) * 1000.0);
            }
            lat += 0.0137;
        }
        // A millimetre per 1000 km of distance from the origin.
        assert!(worst < 1e-6, "worst difference {worst} km (per 1000 km)");
    }

    #[test]
    fn the_prepared_formula_agrees_with_proj4rs_on_the_map_to_a_tenth_of_a_millimetre() {
        let p = Projection::regional();
        for i in 0..=400 {
            for j in 0..=300 {
                let (lon, lat) = (110.0 + i as f64 * 0.15, 33.0 + j as f64 * 0.1001);
                let fast = p.project(lon, lat).unwrap();
                let reference = p.project_with_proj4rs(lon, lat).unwrap();
                let metres = (fast.0 - reference.0).hypot(fast.1 - reference.1) * 1000.0;
                assert!(metres < 1e-4, "{lon} {lat}: {metres} m");
            }
        }
    }

    #[test]
    fn the_tabulated_sine_and_cosine_agree_with_the_library_to_the_last_bits() {
        let forward = &Projection::regional().forward;
        let mut theta = -PI;
        while theta <= PI {
            let (sin, cos) = forward.sin_cos(theta);
            let (s, c) = theta.sin_cos();
            assert!(
                (sin - s).abs() < 4e-16 && (cos - c).abs() < 4e-16,
                "{theta}"
            );
            theta += 0.000_731;
        }
        for theta in [-PI, PI, 0.0, -1e-300, 3.5, -3.5, f64::NAN] {
            let (sin, cos) = forward.sin_cos(theta);
            let (s, c) = theta.sin_cos();
            assert!(
                sin.to_bits() == s.to_bits() || (sin - s).abs() < 4e-16,
                "{theta}"
            );
            assert!(
                cos.to_bits() == c.to_bits() || (cos - c).abs() < 4e-16,
                "{theta}"
            );
        }
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
