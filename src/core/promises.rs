//! What every loader promises about what it gives back, checked on arbitrary input by the fuzz
//! targets (fuzz/) and on the committed fuzz corpus by tests/fuzz_corpus.rs. Each `*_input`
//! function drives one loader the way its fuzz target does and returns the first broken promise.

use crate::core::diagnostics::Diagnostic;
use crate::core::geojson_layer::{MapFeature, parse_geojson_bytes};
use crate::core::load::{DetailLoading, parse_scenario_bytes};
use crate::core::time::{Moment, Zone, iso, parse_moment};
use crate::core::validity::signed_area2;
use geo::{Coord, CoordsIter, Geometry, LineString};
use std::path::Path;

/// Runs a loader on `input`; `load` says whether it gave a result. Checks its diagnostics.
pub fn loader_input(
    input: &[u8],
    load: impl FnOnce(&[u8], &mut Vec<Diagnostic>) -> bool,
) -> Option<String> {
    let mut diagnostics = Vec::new();
    let loaded = load(input, &mut diagnostics);
    diagnostics_promise(input, !loaded, &diagnostics)
}

/// The GeoJSON layer loader on `input`: diagnostics well formed, every feature drawable.
pub fn geojson_layer_input(input: &[u8]) -> Option<String> {
    let mut features = Vec::new();
    loader_input(input, |bytes, diagnostics| {
        features = parse_geojson_bytes(bytes, Path::new("fuzz.geojson"), diagnostics);
        true
    })
    .or_else(|| layer_promise(&features))
}

/// The scenario loader on `input`, resolving layers in `maps_dir`.
pub fn scenario_input(input: &[u8], maps_dir: &Path) -> Option<String> {
    loader_input(input, |bytes, diagnostics| {
        parse_scenario_bytes(
            bytes,
            Path::new("fuzz.ron"),
            maps_dir,
            DetailLoading::Now,
            diagnostics,
        )
        .is_some()
    })
}

/// Date parsing on `input` (UTF-8; a zone may come first, before a `|`): a moment that prints
/// and reads back to the same minute, or an explanation.
pub fn moment_input(input: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(input).ok()?;
    let (zone, date) = text.split_once('|').unwrap_or(("+00:00", text));
    let zone = Zone::parse(zone).unwrap_or(Zone::UTC);
    match parse_moment(date, zone) {
        Ok(moment) => {
            let shown = iso(moment, zone);
            let minute = |m: Moment| m.0.div_euclid(60);
            let again = parse_moment(&shown, zone).ok().map(minute);
            (again != Some(minute(moment)))
                .then(|| format!("{date:?} was read, shown as {shown} and read back as {again:?}"))
        }
        Err(e) => {
            e.0.trim()
                .is_empty()
                .then(|| format!("{date:?} was refused without a reason"))
        }
    }
}

/// Messages are complete and positions lie inside the input. `refused` says the loader gave
/// nothing back, which it may only do with an error saying why. Returns the first broken promise.
pub fn diagnostics_promise(
    input: &[u8],
    refused: bool,
    diagnostics: &[Diagnostic],
) -> Option<String> {
    if refused && !diagnostics.iter().any(Diagnostic::is_error) {
        return Some("refused the input without an error saying why".into());
    }
    let lines = input.iter().filter(|&&b| b == b'\n').count() + 1;
    for d in diagnostics {
        if d.message.trim().is_empty() {
            return Some(format!("a diagnostic without a message: {d:?}"));
        }
        if let Some((line, column)) = d.line_col()
            && (line == 0 || column == 0 || line > lines)
        {
            return Some(format!(
                "position {line}:{column} is outside the input's {lines} line(s): {d}"
            ));
        }
        let _ = d.to_string();
    }
    None
}

/// Every loaded feature is drawable: finite longitude/latitude in range, rings closed with at
/// least four positions, exteriors counter-clockwise and holes clockwise.
pub fn layer_promise(features: &[MapFeature]) -> Option<String> {
    for feature in features {
        if let Some(broken) = geometry_promise(&feature.geometry) {
            return Some(format!("feature {}: {broken}", feature.id));
        }
    }
    None
}

fn geometry_promise(geometry: &Geometry<f64>) -> Option<String> {
    let in_range = |c: Coord<f64>| (-180.0..=180.0).contains(&c.x) && (-90.0..=90.0).contains(&c.y);
    if let Some(c) = geometry.coords_iter().find(|&c| !in_range(c)) {
        return Some(format!("coordinate ({}, {}) out of range", c.x, c.y));
    }
    let polygons = match geometry {
        Geometry::Polygon(p) => vec![p],
        Geometry::MultiPolygon(mp) => mp.0.iter().collect(),
        Geometry::GeometryCollection(gc) => return gc.0.iter().find_map(geometry_promise),
        _ => Vec::new(),
    };
    for polygon in polygons {
        let ring_broken = |ring: &LineString<f64>, exterior: bool| {
            let points = &ring.0;
            if points.len() < 4 || points.first() != points.last() {
                return Some(format!(
                    "a ring of {} positions, open or too short",
                    points.len()
                ));
            }
            // Winding is decided on longitudes made continuous; only check rings that stay
            // clear of the antimeridian.
            let crosses = points.windows(2).any(|w| (w[1].x - w[0].x).abs() > 180.0);
            let area = signed_area2(points);
            (!crosses && area != 0.0 && (area > 0.0) != exterior)
                .then(|| format!("a ring wound the wrong way (exterior: {exterior})"))
        };
        if let Some(broken) = ring_broken(polygon.exterior(), true) {
            return Some(broken);
        }
        if let Some(broken) = polygon
            .interiors()
            .iter()
            .find_map(|r| ring_broken(r, false))
        {
            return Some(broken);
        }
    }
    None
}
