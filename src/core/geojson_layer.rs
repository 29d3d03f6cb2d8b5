//! Reads a GeoJSON file feature by feature into validated geo geometry; a bad feature is reported and skipped.

use crate::core::diagnostics::{Diagnostic, Location};
use crate::core::time::{Moment, Zone, parse_moment};
use geo::{Coord, Geometry, LineString, MultiLineString, MultiPolygon, Orient, Point, Polygon};
use geojson::GeometryValue;
use serde_json::Value;
use std::path::Path;

/// One validated feature of a layer.
#[derive(Debug, Clone)]
pub struct MapFeature {
    pub id: String,
    pub geometry: Geometry<f64>,
    pub properties: serde_json::Map<String, Value>,
    /// Shown only from this moment (property `valid_from`).
    pub valid_from: Option<Moment>,
    /// Shown only until this moment (property `valid_to`).
    pub valid_to: Option<Moment>,
}

impl MapFeature {
    pub fn property_str(&self, key: &str) -> Option<&str> {
        self.properties.get(key).and_then(Value::as_str)
    }

    pub fn is_valid_at(&self, t: Moment) -> bool {
        self.valid_from.is_none_or(|from| t >= from) && self.valid_to.is_none_or(|to| t < to)
    }
}

/// Reads and validates `path`. Returns the features that passed; problems go to `diagnostics`.
pub fn load_geojson_file(
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<MapFeature>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                path,
                Location::File,
                format!("cannot read the file: {e}"),
                "check that the file exists and is UTF-8 GeoJSON",
            ));
            return None;
        }
    };
    Some(parse_geojson(&text, path, diagnostics))
}

/// Parses GeoJSON text; `path` only names the source in diagnostics.
pub fn parse_geojson(
    text: &str,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<MapFeature> {
    let root: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                path,
                Location::LineCol(e.line(), e.column()),
                format!("not valid JSON: {e}"),
                "fix the JSON syntax at this position (NaN and Infinity are not allowed in JSON)",
            ));
            return Vec::new();
        }
    };
    let features: Vec<Value> = match root.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => match root.get("features") {
            Some(Value::Array(items)) => items.clone(),
            _ => {
                diagnostics.push(Diagnostic::error(
                    path,
                    Location::File,
                    "FeatureCollection has no \"features\" array",
                    "add \"features\": [ ... ]",
                ));
                return Vec::new();
            }
        },
        Some("Feature") => vec![root.clone()],
        Some(other) => {
            diagnostics.push(Diagnostic::error(
                path,
                Location::File,
                format!("top-level type is \"{other}\", expected \"FeatureCollection\""),
                "wrap geometries in Features inside a FeatureCollection",
            ));
            return Vec::new();
        }
        None => {
            diagnostics.push(Diagnostic::error(
                path,
                Location::File,
                "the file has no top-level \"type\"",
                "a GeoJSON layer starts with {\"type\": \"FeatureCollection\", \"features\": [...]}",
            ));
            return Vec::new();
        }
    };

    let mut out = Vec::with_capacity(features.len());
    for (index, value) in features.into_iter().enumerate() {
        let label = feature_label(&value, index);
        let feature: geojson::Feature = match serde_json::from_value(value) {
            Ok(feature) => feature,
            Err(e) => {
                diagnostics.push(Diagnostic::error(
                    path,
                    Location::Feature(label),
                    format!("not a valid GeoJSON feature: {e}"),
                    "fix or remove this feature; the others still load",
                ));
                continue;
            }
        };
        let Some(geometry) = feature.geometry.as_ref() else {
            diagnostics.push(Diagnostic::error(
                path,
                Location::Feature(label),
                "feature has no geometry",
                "give it a geometry or remove it",
            ));
            continue;
        };
        let geometry = match convert_geometry(&geometry.value) {
            Ok(geometry) => geometry,
            Err(problem) => {
                diagnostics.push(Diagnostic::error(
                    path,
                    Location::Feature(label),
                    problem,
                    "fix the coordinates of this feature; it was skipped",
                ));
                continue;
            }
        };
        let properties = feature.properties.clone().unwrap_or_default();
        let id = properties
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| match &feature.id {
                Some(geojson::feature::Id::String(s)) => Some(s.clone()),
                Some(geojson::feature::Id::Number(n)) => Some(n.to_string()),
                None => None,
            })
            .unwrap_or_else(|| format!("#{index}"));
        let mut dated = |key: &str| -> Option<Moment> {
            let text = properties.get(key)?.as_str()?;
            match parse_moment(text, Zone::UTC) {
                Ok(t) => Some(t),
                Err(e) => {
                    diagnostics.push(Diagnostic::error(
                        path,
                        Location::Feature(id.clone()),
                        format!("property {key}: {e}"),
                        "use an ISO date such as \"1905-09-05\"",
                    ));
                    None
                }
            }
        };
        let valid_from = dated("valid_from");
        let valid_to = dated("valid_to");
        out.push(MapFeature {
            id,
            geometry,
            properties,
            valid_from,
            valid_to,
        });
    }
    out
}

fn feature_label(value: &Value, index: usize) -> String {
    let id = value
        .get("properties")
        .and_then(|p| p.get("id"))
        .or_else(|| value.get("id"))
        .and_then(|id| match id {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
    match id {
        Some(id) => format!("\"{id}\" (#{index})"),
        None => format!("#{index}"),
    }
}

fn coord(position: &geojson::Position) -> Result<Coord<f64>, String> {
    let values = position.as_slice();
    if values.len() < 2 {
        return Err(format!(
            "a position has {} number(s); need longitude and latitude",
            values.len()
        ));
    }
    let (lon, lat) = (values[0], values[1]);
    if !lon.is_finite() || !lat.is_finite() {
        return Err("a coordinate is not a finite number".into());
    }
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!(
            "coordinate ({lon}, {lat}) is out of range; GeoJSON is [longitude, latitude] with longitude -180..180 and latitude -90..90 (swapped?)"
        ));
    }
    Ok(Coord { x: lon, y: lat })
}

fn line(positions: &[geojson::Position]) -> Result<LineString<f64>, String> {
    if positions.len() < 2 {
        return Err(format!(
            "a line has {} position(s); it needs at least 2",
            positions.len()
        ));
    }
    Ok(LineString(
        positions.iter().map(coord).collect::<Result<_, _>>()?,
    ))
}

fn ring(positions: &[geojson::Position]) -> Result<LineString<f64>, String> {
    let ring = line(positions)?;
    if ring.0.len() < 4 {
        return Err(format!(
            "a polygon ring has {} positions; it needs at least 4",
            ring.0.len()
        ));
    }
    if ring.0.first() != ring.0.last() {
        return Err("a polygon ring is not closed: its last position must equal its first".into());
    }
    Ok(ring)
}

fn polygon(rings: &[Vec<geojson::Position>]) -> Result<Polygon<f64>, String> {
    let Some((exterior, interiors)) = rings.split_first() else {
        return Err("a polygon has no rings".into());
    };
    let exterior = ring(exterior)?;
    let interiors = interiors
        .iter()
        .map(|r| ring(r))
        .collect::<Result<Vec<_>, _>>()?;
    // RFC 7946: exterior rings counter-clockwise, holes clockwise.
    Ok(Polygon::new(exterior, interiors).orient(geo::orient::Direction::Default))
}

/// Converts a GeoJSON geometry into geo types, checking every coordinate and ring.
pub fn convert_geometry(value: &GeometryValue) -> Result<Geometry<f64>, String> {
    Ok(match value {
        GeometryValue::Point { coordinates } => Geometry::Point(Point(coord(coordinates)?)),
        GeometryValue::MultiPoint { coordinates } => Geometry::MultiPoint(
            coordinates
                .iter()
                .map(|p| coord(p).map(Point))
                .collect::<Result<Vec<_>, _>>()?
                .into(),
        ),
        GeometryValue::LineString { coordinates } => Geometry::LineString(line(coordinates)?),
        GeometryValue::MultiLineString { coordinates } => {
            Geometry::MultiLineString(MultiLineString(
                coordinates
                    .iter()
                    .map(|l| line(l))
                    .collect::<Result<_, _>>()?,
            ))
        }
        GeometryValue::Polygon { coordinates } => Geometry::Polygon(polygon(coordinates)?),
        GeometryValue::MultiPolygon { coordinates } => Geometry::MultiPolygon(MultiPolygon(
            coordinates
                .iter()
                .map(|p| polygon(p))
                .collect::<Result<_, _>>()?,
        )),
        GeometryValue::GeometryCollection { geometries } => Geometry::GeometryCollection(
            geometries
                .iter()
                .map(|g| convert_geometry(&g.value))
                .collect::<Result<Vec<_>, _>>()?
                .into(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostics::Severity;

    fn parse(text: &str) -> (Vec<MapFeature>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let features = parse_geojson(text, Path::new("maps/test.geojson"), &mut diagnostics);
        (features, diagnostics)
    }

    const GOOD_SQUARE: &str = r#"{"type":"Feature","properties":{"id":"good"},"geometry":{"type":"Polygon","coordinates":[[[140,43],[140,44],[141,44],[141,43],[140,43]]]}}"#;

    #[test]
    fn malformed_json_names_line_and_column() {
        let (features, diagnostics) =
            parse("{\"type\": \"FeatureCollection\",\n \"features\": [ , ]}");
        assert!(features.is_empty());
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].location, Location::LineCol(2, 16));
        assert!(
            diagnostics[0]
                .to_string()
                .starts_with("maps/test.geojson:2:16: error")
        );
    }

    #[test]
    fn nan_is_a_syntax_error_not_a_panic() {
        let (features, diagnostics) = parse(
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[NaN, 1]}}]}"#,
        );
        assert!(features.is_empty());
        assert!(matches!(diagnostics[0].location, Location::LineCol(1, _)));
    }

    #[test]
    fn bad_features_are_skipped_and_the_rest_loads() {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[
            {GOOD_SQUARE},
            {{"type":"Feature","properties":{{"id":"open-ring"}},"geometry":{{"type":"Polygon","coordinates":[[[140,43],[140,44],[141,44],[141,43]]]}}}},
            {{"type":"Feature","properties":{{"id":"swapped"}},"geometry":{{"type":"Point","coordinates":[43.0, 141.0]}}}},
            {{"type":"Feature","properties":{{"id":"wrong-type"}},"geometry":{{"type":"Circle","coordinates":[1,2]}}}},
            {{"type":"Feature","properties":{{"id":"short"}},"geometry":{{"type":"LineString","coordinates":[[1,2]]}}}},
            {{"type":"Feature","properties":{{"id":"bad-date","valid_from":"1945-02-30"}},"geometry":{{"type":"Point","coordinates":[1,2]}}}}
            ]}}"#
        );
        let (features, diagnostics) = parse(&text);
        let ids: Vec<_> = features.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["good", "bad-date"]);
        let messages: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(diagnostics.len(), 5, "{messages:#?}");
        assert!(messages[0].contains("\"open-ring\"") && messages[0].contains("not closed"));
        assert!(messages[1].contains("out of range") && messages[1].contains("swapped"));
        assert!(messages[2].contains("\"wrong-type\""));
        assert!(messages[3].contains("at least 2"));
        assert!(messages[4].contains("valid_from"));
        assert!(diagnostics.iter().all(|d| d.severity == Severity::Error));
    }

    #[test]
    fn exterior_rings_are_normalised_counter_clockwise() {
        let clockwise = r#"{"type":"Feature","properties":{"id":"cw"},"geometry":{"type":"Polygon","coordinates":[[[140,43],[141,43],[141,44],[140,44],[140,43]]]}}"#;
        let (features, _) = parse(clockwise);
        let Geometry::Polygon(p) = &features[0].geometry else {
            panic!("expected a polygon")
        };
        use geo::orient::Direction;
        use geo::winding_order::{Winding, WindingOrder};
        let _ = Direction::Default;
        assert_eq!(
            p.exterior().winding_order(),
            Some(WindingOrder::CounterClockwise)
        );
    }

    #[test]
    fn not_a_feature_collection_is_explained() {
        let (_, diagnostics) = parse(r#"{"type":"Point","coordinates":[1,2]}"#);
        assert!(
            diagnostics[0]
                .message
                .contains("expected \"FeatureCollection\"")
        );
        let (_, diagnostics) = parse("[]");
        assert!(diagnostics[0].message.contains("no top-level"));
    }

    #[test]
    fn validity_window_filters_by_date() {
        let text = r#"{"type":"Feature","properties":{"id":"p","valid_from":"1905-09-05","valid_to":"1945-08-25"},"geometry":{"type":"Point","coordinates":[142,50]}}"#;
        let (features, diagnostics) = parse(text);
        assert!(diagnostics.is_empty());
        let at = |s| parse_moment(s, Zone::UTC).unwrap();
        assert!(!features[0].is_valid_at(at("1900-01-01")));
        assert!(features[0].is_valid_at(at("1920-01-01")));
        assert!(!features[0].is_valid_at(at("1945-09-01")));
    }
}
