//! Compact GeoJSON writing with rounded coordinates.

use geo::orient::{Direction, Orient};
use geo::{Coord, LineString, MultiPolygon, Polygon, Validation};
use serde_json::{Map, Value};
use std::fmt::Write as _;

fn num(out: &mut String, v: f64, dec: usize) {
    let mut s = format!("{v:.dec$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = "0".into();
    }
    out.push_str(&s);
}

fn round(c: Coord<f64>, dec: usize) -> Coord<f64> {
    let f = 10f64.powi(dec as i32);
    Coord {
        x: (c.x * f).round() / f,
        y: (c.y * f).round() / f,
    }
}

/// Rounds positions and drops consecutive duplicates (which rounding creates).
pub fn round_dedup(ls: &[Coord<f64>], dec: usize) -> Vec<Coord<f64>> {
    let mut v: Vec<Coord<f64>> = Vec::with_capacity(ls.len());
    for &c in ls {
        let r = round(c, dec);
        if v.last() != Some(&r) {
            v.push(r);
        }
    }
    v
}

/// Rounds a ring, drops repeated points and closes it; None if it no longer encloses
/// anything (fewer than 3 distinct positions, i.e. fewer than 4 with the closing one).
pub fn round_ring(ls: &LineString<f64>, dec: usize) -> Option<LineString<f64>> {
    let mut v = round_dedup(&ls.0, dec);
    while v.len() > 1 && v.first() == v.last() {
        v.pop();
    }
    if v.len() < 3 {
        return None;
    }
    v.push(v[0]);
    // Shoelace: a ring whose positions all collapsed onto a line encloses nothing.
    let twice_area: f64 = v
        .windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum();
    if twice_area == 0.0 {
        return None;
    }
    debug_assert!(v.len() >= 4 && v.first() == v.last());
    Some(LineString(v))
}

/// Rounds a polygon (exterior counter-clockwise, holes clockwise).
pub fn round_polygon(p: &Polygon<f64>, dec: usize) -> Option<Polygon<f64>> {
    let ext = round_ring(p.exterior(), dec)?;
    let holes = p
        .interiors()
        .iter()
        .filter_map(|r| round_ring(r, dec))
        .collect();
    Some(Polygon::new(ext, holes).orient(Direction::Default))
}

pub fn round_multi(mp: &MultiPolygon<f64>, dec: usize) -> MultiPolygon<f64> {
    MultiPolygon(mp.0.iter().filter_map(|p| round_polygon(p, dec)).collect())
}

fn coords(out: &mut String, ls: &[Coord<f64>], dec: usize) {
    out.push('[');
    for (i, c) in ls.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        num(out, c.x, dec);
        out.push(',');
        num(out, c.y, dec);
        out.push(']');
    }
    out.push(']');
}

fn polygon_body(out: &mut String, p: &Polygon<f64>, dec: usize) {
    out.push('[');
    coords(out, &p.exterior().0, dec);
    for r in p.interiors() {
        out.push(',');
        coords(out, &r.0, dec);
    }
    out.push(']');
}

/// Geometry JSON for an (already rounded) multipolygon: Polygon if it has one part,
/// None if it has none (every ring was degenerate after rounding).
pub fn multipolygon_geom(mp: &MultiPolygon<f64>, dec: usize) -> Option<String> {
    if mp.0.is_empty() {
        return None;
    }
    for p in &mp.0 {
        for r in std::iter::once(p.exterior()).chain(p.interiors()) {
            assert!(
                r.0.len() >= 4 && r.0.first() == r.0.last(),
                "polygon ring not rounded with round_multi"
            );
        }
    }
    let mut out = String::new();
    if mp.0.len() == 1 {
        out.push_str("{\"type\":\"Polygon\",\"coordinates\":");
        polygon_body(&mut out, &mp.0[0], dec);
    } else {
        out.push_str("{\"type\":\"MultiPolygon\",\"coordinates\":[");
        for (i, p) in mp.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            polygon_body(&mut out, p, dec);
        }
        out.push(']');
    }
    out.push('}');
    Some(out)
}

/// LineString JSON with rounded, de-duplicated positions; None when fewer than two
/// distinct positions remain (the loader rejects such lines).
pub fn line_geom(ls: &[Coord<f64>], dec: usize) -> Option<String> {
    let v = round_dedup(ls, dec);
    if v.len() < 2 {
        return None;
    }
    let mut out = String::from("{\"type\":\"LineString\",\"coordinates\":");
    coords(&mut out, &v, dec);
    out.push('}');
    Some(out)
}

pub fn point_geom(c: Coord<f64>, dec: usize) -> String {
    let mut out = String::from("{\"type\":\"Point\",\"coordinates\":");
    out.push('[');
    num(&mut out, c.x, dec);
    out.push(',');
    num(&mut out, c.y, dec);
    out.push_str("]}");
    out
}

pub fn feature(props: &Map<String, Value>, geom: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "{{\"type\":\"Feature\",\"properties\":{},\"geometry\":{}}}",
        Value::Object(props.clone()),
        geom
    );
    s
}

/// Writes a FeatureCollection, one feature per line, and returns its size in bytes.
pub fn write_collection(path: &str, name: &str, features: &[String]) -> u64 {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{{\"type\":\"FeatureCollection\",\"name\":\"{name}\",\"features\":["
    );
    for (i, f) in features.iter().enumerate() {
        s.push_str(f);
        if i + 1 < features.len() {
            s.push(',');
        }
        s.push('\n');
    }
    s.push_str("]}\n");
    std::fs::write(path, &s).unwrap_or_else(|e| panic!("write {path}: {e}"));
    s.len() as u64
}

/// Number of invalid polygons (after rounding) in a set of multipolygons; polygons
/// of 20,000 or more vertices are skipped (validation is quadratic-ish and slow).
pub fn count_invalid(mps: &[&MultiPolygon<f64>]) -> usize {
    mps.iter()
        .flat_map(|mp| mp.0.iter())
        .filter(|p| p.exterior().0.len() < 20_000 && !p.is_valid())
        .count()
}
