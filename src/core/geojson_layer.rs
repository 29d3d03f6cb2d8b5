//! Reads a GeoJSON layer feature by feature into checked geo geometry: what RFC 7946 allows loads
//! (null and empty geometries, extra position values, either winding, nested collections, bbox
//! anywhere); each problem names the feature and its line:column; a bad feature is skipped and
//! the rest load.

use crate::core::diagnostics::{Diagnostic, Location, TextPosition};
use crate::core::source::{BadBytes, Expected, LineIndex, SourceText, decode_source, read_source};
use crate::core::time::{Moment, Zone, parse_moment};
use crate::core::validity::{check_polygon_rings, signed_area2};
use geo::{
    Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// How GeoJSON files are named in messages about the file as a whole.
pub const GEOJSON_FILE: Expected = Expected {
    what: "GeoJSON layer",
    format: "GeoJSON",
};

/// One validated feature of a layer.
#[derive(Debug, Clone)]
pub struct MapFeature {
    pub id: String,
    /// The feature's shape; an empty collection when the file gives `"geometry": null`.
    pub geometry: Geometry<f64>,
    pub properties: Map<String, Value>,
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

/// Reads and validates `path`. None (with the reason in `diagnostics`) when the file cannot be
/// read as text at all; otherwise the features that passed.
pub fn load_geojson_file(
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<MapFeature>> {
    let source = read_source(path, GEOJSON_FILE, diagnostics)?;
    Some(parse_geojson_source(&source, path, diagnostics))
}

/// Decodes and parses the bytes of a GeoJSON file; `path` only names it in diagnostics.
pub fn parse_geojson_bytes(
    bytes: &[u8],
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<MapFeature> {
    match decode_source(bytes, path, GEOJSON_FILE, diagnostics) {
        Some(source) => parse_geojson_source(&source, path, diagnostics),
        None => Vec::new(),
    }
}

/// Parses GeoJSON text; `path` only names the source in diagnostics.
pub fn parse_geojson(
    text: &str,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<MapFeature> {
    parse_geojson_source(&SourceText::from_text(text), path, diagnostics)
}

/// Parses decoded GeoJSON text.
pub fn parse_geojson_source(
    source: &SourceText,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<MapFeature> {
    let text = source.text.as_str();
    let mut reader = Reader {
        path,
        text,
        lines: LineIndex::new(text),
        bad_bytes: &source.bad_bytes,
        diagnostics,
    };
    // The members of the top-level object stay borrowed slices of the text, so every feature
    // keeps its byte offset (and so its line:column) without a second parser.
    let root: BTreeMap<String, &RawValue> = match serde_json::from_str(text) {
        Ok(root) => root,
        Err(e) if e.classify() == serde_json::error::Category::Data => {
            reader.file_error(
                "the file has no top-level \"type\": it is JSON but not a GeoJSON object",
                "a GeoJSON layer starts with {\"type\": \"FeatureCollection\", \"features\": [...]}",
            );
            return Vec::new();
        }
        Err(e) => {
            // serde_json says column 0 for an error found just after a line break.
            reader.diagnostics.push(Diagnostic::error(
                path,
                Location::LineCol(e.line().max(1), e.column().max(1)),
                format!("not valid JSON: {e}"),
                "fix the JSON syntax at this position (NaN and Infinity are not allowed in JSON)",
            ));
            return Vec::new();
        }
    };
    let kind = root.get("type").map(|raw| raw.get().trim());
    let items: Vec<&RawValue> = match kind {
        Some("\"FeatureCollection\"") => {
            match root
                .get("features")
                .map(|raw| serde_json::from_str::<Vec<&RawValue>>(raw.get()))
            {
                Some(Ok(items)) => items,
                _ => {
                    reader.file_error(
                        "the FeatureCollection has no \"features\" array",
                        "add \"features\": [ ... ]",
                    );
                    return Vec::new();
                }
            }
        }
        Some("\"Feature\"") => match serde_json::from_str::<&RawValue>(text) {
            Ok(whole) => vec![whole],
            Err(_) => return Vec::new(),
        },
        Some(
            "\"Point\""
            | "\"MultiPoint\""
            | "\"LineString\""
            | "\"MultiLineString\""
            | "\"Polygon\""
            | "\"MultiPolygon\""
            | "\"GeometryCollection\"",
        ) => {
            // A bare geometry is GeoJSON too: it loads as one feature without an id.
            return match serde_json::from_str::<Value>(text) {
                Ok(geometry) => {
                    let feature = serde_json::json!({
                        "type": "Feature", "properties": {}, "geometry": geometry
                    });
                    reader.feature(&feature, 0, 0).into_iter().collect()
                }
                Err(_) => Vec::new(),
            };
        }
        Some(other) => {
            reader.file_error(
                format!("the top-level type is {other}, not \"FeatureCollection\""),
                "a GeoJSON layer is {\"type\": \"FeatureCollection\", \"features\": [...]}",
            );
            return Vec::new();
        }
        None => {
            reader.file_error(
                "the file has no top-level \"type\"",
                "a GeoJSON layer starts with {\"type\": \"FeatureCollection\", \"features\": [...]}",
            );
            return Vec::new();
        }
    };

    let mut features: Vec<MapFeature> = Vec::with_capacity(items.len());
    let mut offsets = Vec::with_capacity(items.len());
    for (index, raw) in items.into_iter().enumerate() {
        let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        let value: Value = match serde_json::from_str(raw.get()) {
            Ok(value) => value,
            Err(e) => {
                // Valid JSON as a whole, so only a too-deep nesting can fail here.
                reader.feature_error(
                    &format!("#{index}"),
                    offset,
                    format!("the feature cannot be read: {e}"),
                    "simplify this feature; it was skipped",
                );
                continue;
            }
        };
        if let Some(feature) = reader.feature(&value, index, offset) {
            reader.report_bad_bytes(&feature, offset, offset + raw.get().len());
            features.push(feature);
            offsets.push(offset);
        }
    }
    reader.report_bad_bytes_outside(&root);
    reader.report_duplicate_ids(&features, &offsets);
    if let Some(raw) = root.get("bbox") {
        reader.check_collection_bbox(raw, &features);
    }
    features
}

struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    lines: LineIndex<'a>,
    bad_bytes: &'a [BadBytes],
    diagnostics: &'a mut Vec<Diagnostic>,
}

/// Something wrong with a feature: what, and what to do. As the `Err` of a conversion it means
/// the feature is skipped; in the findings list it is reported and the feature still loads.
#[derive(Debug)]
struct Problem {
    message: String,
    hint: String,
    /// An error (the file must be fixed) rather than a warning.
    error: bool,
}

fn problem(message: impl Into<String>, hint: impl Into<String>) -> Problem {
    Problem {
        message: message.into(),
        hint: hint.into(),
        error: false,
    }
}

/// A problem that fails `validate` although the feature still loads.
fn kept_error(message: impl Into<String>, hint: impl Into<String>) -> Problem {
    Problem {
        error: true,
        ..problem(message, hint)
    }
}

const FIX_GEOMETRY: &str = "repair it, e.g. in QGIS with Vector > Geometry Tools > Fix Geometries or with ogr2ogr -makevalid";
const REPROJECT: &str = "reproject the layer to WGS 84 longitude/latitude (EPSG:4326), e.g. in QGIS: Export > Save Features As... with CRS EPSG:4326, or ogr2ogr -t_srs EPSG:4326; the feature was skipped";

impl Reader<'_> {
    fn position(&self, offset: usize) -> Option<TextPosition> {
        Some(self.lines.position(offset))
    }

    fn file_error(&mut self, message: impl Into<String>, hint: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(self.path, Location::File, message, hint));
    }

    fn feature_error(
        &mut self,
        label: &str,
        offset: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let position = self.position(offset);
        self.diagnostics.push(
            Diagnostic::error(self.path, Location::Feature(label.into()), message, hint)
                .at(position),
        );
    }

    fn feature_warning(
        &mut self,
        label: &str,
        offset: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let position = self.position(offset);
        self.diagnostics.push(
            Diagnostic::warning(self.path, Location::Feature(label.into()), message, hint)
                .at(position),
        );
    }

    /// Reads one feature; None (with the reason reported) when it cannot be used.
    fn feature(&mut self, value: &Value, index: usize, offset: usize) -> Option<MapFeature> {
        let Some(object) = value.as_object() else {
            self.feature_error(
                &format!("#{index}"),
                offset,
                format!("the feature is {}, not an object", json_kind(value)),
                "write {\"type\": \"Feature\", \"properties\": {...}, \"geometry\": {...}}; it was skipped",
            );
            return None;
        };
        let properties = match object.get("properties") {
            Some(Value::Object(properties)) => properties.clone(),
            None | Some(Value::Null) => Map::new(),
            Some(other) => {
                self.feature_warning(
                    &format!("#{index}"),
                    offset,
                    format!(
                        "\"properties\" is {}, not an object; it was ignored",
                        json_kind(other)
                    ),
                    "write \"properties\": {\"name\": ...}",
                );
                Map::new()
            }
        };
        let (id, label) = self.feature_id(object, &properties, index, offset);
        match object.get("type").and_then(Value::as_str) {
            Some("Feature") => {}
            other => {
                let found = other.map_or("no \"type\"".to_owned(), |t| format!("type \"{t}\""));
                self.feature_error(
                    &label,
                    offset,
                    format!("an item of \"features\" has {found}, not \"Feature\""),
                    "wrap the geometry: {\"type\": \"Feature\", \"properties\": {}, \"geometry\": ...}; it was skipped",
                );
                return None;
            }
        }
        let mut warnings = Vec::new();
        let geometry = match object.get("geometry") {
            None | Some(Value::Null) => {
                Ok(Geometry::GeometryCollection(GeometryCollection(Vec::new())))
            }
            Some(value) => convert_geometry_checked(value, &mut warnings),
        };
        for finding in warnings {
            if finding.error {
                self.feature_error(&label, offset, finding.message, finding.hint);
            } else {
                self.feature_warning(&label, offset, finding.message, finding.hint);
            }
        }
        let geometry = match geometry {
            Ok(geometry) => geometry,
            Err(problem) => {
                self.feature_error(&label, offset, problem.message, problem.hint);
                return None;
            }
        };
        if let Some(raw) = object.get("bbox")
            && let Some(warning) = bbox_contradiction(raw, std::slice::from_ref(&geometry))
        {
            self.feature_warning(&label, offset, warning.message, warning.hint);
        }
        let valid_from = self.date(&properties, "valid_from", &label, offset);
        let valid_to = self.date(&properties, "valid_to", &label, offset);
        if let (Some(from), Some(to)) = (valid_from, valid_to)
            && to <= from
        {
            self.feature_error(
                &label,
                offset,
                "valid_to is not after valid_from, so the feature is never shown",
                "swap the dates or fix one of them",
            );
        }
        Some(MapFeature {
            id,
            geometry,
            properties,
            valid_from,
            valid_to,
        })
    }

    /// The id a scenario names the feature by (`properties.id`, else the GeoJSON `id`, else
    /// `#index`), and the label used in messages.
    fn feature_id(
        &mut self,
        object: &Map<String, Value>,
        properties: &Map<String, Value>,
        index: usize,
        offset: usize,
    ) -> (String, String) {
        let mut id = None;
        for (where_, value) in [
            ("\"properties\": {\"id\"}", properties.get("id")),
            ("\"id\"", object.get("id")),
        ] {
            match value {
                None => {}
                Some(Value::String(s)) => id = id.or(Some(s.clone())),
                Some(Value::Number(n)) => id = id.or(Some(n.to_string())),
                Some(other) => self.feature_error(
                    &format!("#{index}"),
                    offset,
                    format!(
                        "{where_} is {}; a feature id is a string or a number",
                        json_kind(other)
                    ),
                    format!(
                        "write e.g. \"id\": \"my-place\"; the feature loads as #{index} meanwhile"
                    ),
                ),
            }
        }
        match id {
            Some(id) => {
                let label = format!("\"{id}\" (#{index})");
                (id, label)
            }
            None => (format!("#{index}"), format!("#{index}")),
        }
    }

    fn date(
        &mut self,
        properties: &Map<String, Value>,
        key: &str,
        label: &str,
        offset: usize,
    ) -> Option<Moment> {
        let value = properties.get(key)?;
        let result = match value {
            Value::Null => return None,
            Value::String(text) => parse_moment(text, Zone::UTC).map_err(|e| e.to_string()),
            other => Err(format!("{} is not a date", json_kind(other))),
        };
        match result {
            Ok(t) => Some(t),
            Err(e) => {
                self.feature_error(
                    label,
                    offset,
                    format!("property {key}: {e}"),
                    "write an ISO date such as \"1905-09-05\"; the feature loads without this limit",
                );
                None
            }
        }
    }

    /// Reports bytes that were not UTF-8 inside one feature, at their own position.
    fn report_bad_bytes(&mut self, feature: &MapFeature, start: usize, end: usize) {
        let first = self.bad_bytes.partition_point(|b| b.offset < start);
        let inside: Vec<&BadBytes> = self.bad_bytes[first..]
            .iter()
            .take_while(|b| b.offset < end)
            .collect();
        let Some(bad) = inside.first() else {
            return;
        };
        let keys: Vec<&str> = feature
            .properties
            .iter()
            .filter(|(key, value)| {
                key.contains(char::REPLACEMENT_CHARACTER)
                    || value.to_string().contains(char::REPLACEMENT_CHARACTER)
            })
            .map(|(key, _)| key.as_str())
            .collect();
        let where_ = match keys.as_slice() {
            [] => "the feature".to_owned(),
            [key] => format!("property \"{key}\""),
            keys => format!("properties \"{}\"", keys.join("\", \"")),
        };
        let position = self.position(bad.offset);
        let label = if feature.id.starts_with('#') {
            feature.id.clone()
        } else {
            format!("\"{}\"", feature.id)
        };
        self.diagnostics.push(
            Diagnostic::error(
                self.path,
                Location::Feature(label),
                format!(
                    "{where_} has {} byte sequence(s) that are not UTF-8 (first: {}); they show as \u{FFFD}",
                    inside.len(),
                    hex(&bad.bytes)
                ),
                "save the file as UTF-8: old shapefile and Excel exports are often Latin-1 or Windows-1252, so choose UTF-8 when exporting; the feature still loads",
            )
            .at(position),
        );
    }

    /// Bytes that were not UTF-8 outside every feature (in a collection member, say).
    fn report_bad_bytes_outside(&mut self, root: &BTreeMap<String, &RawValue>) {
        let features_span = root.get("features").map(|raw| {
            let start = raw.get().as_ptr() as usize - self.text.as_ptr() as usize;
            start..start + raw.get().len()
        });
        let outside: Vec<&BadBytes> = self
            .bad_bytes
            .iter()
            .filter(|b| {
                !features_span
                    .as_ref()
                    .is_some_and(|span| span.contains(&b.offset))
            })
            .collect();
        if let Some(bad) = outside.first() {
            let position = self.lines.position(bad.offset);
            self.diagnostics.push(Diagnostic::error(
                self.path,
                Location::LineCol(position.line, position.column),
                format!(
                    "{} byte sequence(s) outside the features are not UTF-8 (first: {})",
                    outside.len(),
                    hex(&bad.bytes)
                ),
                "save the file as UTF-8",
            ));
        }
    }

    fn report_duplicate_ids(&mut self, features: &[MapFeature], offsets: &[usize]) {
        let mut first_by_id: HashMap<&str, usize> = HashMap::new();
        let mut reports = Vec::new();
        for (index, feature) in features.iter().enumerate() {
            if feature.id.starts_with('#') {
                continue;
            }
            match first_by_id.get(feature.id.as_str()) {
                Some(&first) => reports.push((first, index)),
                None => {
                    first_by_id.insert(&feature.id, index);
                }
            }
        }
        for (first, again) in reports {
            let at = self.lines.position(offsets[first]);
            let id = features[again].id.clone();
            self.feature_warning(
                &format!("\"{id}\""),
                offsets[again],
                format!(
                    "the id \"{id}\" is also used by the feature at {}:{}; a scenario that names \"{id}\" uses that first one",
                    at.line, at.column
                ),
                "give each feature its own id",
            );
        }
    }

    fn check_collection_bbox(&mut self, raw: &RawValue, features: &[MapFeature]) {
        let Ok(value) = serde_json::from_str::<Value>(raw.get()) else {
            return;
        };
        let geometries: Vec<Geometry<f64>> = features.iter().map(|f| f.geometry.clone()).collect();
        if let Some(warning) = bbox_contradiction(&value, &geometries) {
            let offset = raw.get().as_ptr() as usize - self.text.as_ptr() as usize;
            let position = self.lines.position(offset);
            self.diagnostics.push(Diagnostic::warning(
                self.path,
                Location::LineCol(position.line, position.column),
                format!("the collection's {}", warning.message),
                warning.hint,
            ));
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("0x{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A bbox that does not hold every coordinate: a warning, since the coordinates are what is drawn.
fn bbox_contradiction(raw: &Value, geometries: &[Geometry<f64>]) -> Option<Problem> {
    let numbers: Option<Vec<f64>> = raw
        .as_array()
        .map(|items| items.iter().map(Value::as_f64).collect())
        .unwrap_or(None);
    let ignored = "the coordinates are drawn and the bbox is ignored; fix or remove it";
    let Some(numbers) = numbers.filter(|n| n.len() == 4 || n.len() == 6) else {
        return Some(problem(
            "bbox is not [west, south, east, north] (or the same with heights)",
            ignored,
        ));
    };
    let half = numbers.len() / 2;
    let (west, south, east, north) = (numbers[0], numbers[1], numbers[half], numbers[half + 1]);
    if south > north {
        return Some(problem(
            format!("bbox has south {south} above north {north}"),
            ignored,
        ));
    }
    const SLACK: f64 = 1e-6;
    let inside = |c: Coord<f64>| {
        let lat_ok = c.y >= south - SLACK && c.y <= north + SLACK;
        // West greater than east: the box crosses the antimeridian (RFC 7946 section 5.2).
        let lon_ok = if west <= east {
            c.x >= west - SLACK && c.x <= east + SLACK
        } else {
            c.x >= west - SLACK || c.x <= east + SLACK
        };
        lat_ok && lon_ok
    };
    let outside = geometries
        .iter()
        .flat_map(coords_of)
        .find(|&c| !inside(c))?;
    Some(problem(
        format!(
            "bbox [{west}, {south}, {east}, {north}] does not contain the geometry: ({}, {}) lies outside",
            outside.x, outside.y
        ),
        ignored,
    ))
}

fn coords_of(geometry: &Geometry<f64>) -> Box<dyn Iterator<Item = Coord<f64>> + '_> {
    use geo::CoordsIter;
    match geometry {
        Geometry::GeometryCollection(gc) => Box::new(gc.0.iter().flat_map(coords_of)),
        other => Box::new(other.coords_iter()),
    }
}

/// Converts a GeoJSON geometry value into geo types, checking every position and ring.
/// Warnings (a ring closed, an empty geometry, an edge over the antimeridian) go to `warnings`;
/// an error means the feature cannot be drawn.
///
/// The geometry is read from the JSON value directly rather than through the geojson crate's
/// types, so each message can say exactly which member or ring is wrong.
fn convert_geometry_checked(
    value: &Value,
    warnings: &mut Vec<Problem>,
) -> Result<Geometry<f64>, Problem> {
    let Some(object) = value.as_object() else {
        return Err(problem(
            format!(
                "\"geometry\" is {}, not an object or null",
                json_kind(value)
            ),
            "write \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [...]} or null; the feature was skipped",
        ));
    };
    let kind = object.get("type").and_then(Value::as_str).unwrap_or("");
    let geometry = if kind == "GeometryCollection" {
        let Some(items) = object.get("geometries").and_then(Value::as_array) else {
            return Err(problem(
                "a GeometryCollection has no \"geometries\" array",
                "add \"geometries\": [...]; the feature was skipped",
            ));
        };
        Geometry::GeometryCollection(GeometryCollection(
            items
                .iter()
                .map(|item| convert_geometry_checked(item, warnings))
                .collect::<Result<_, _>>()?,
        ))
    } else {
        let Some(coordinates) = object.get("coordinates") else {
            return Err(problem(
                format!("the {} geometry has no \"coordinates\"", display_kind(kind)),
                "add \"coordinates\": [...]; the feature was skipped",
            ));
        };
        let empty = coordinates.as_array().is_some_and(Vec::is_empty);
        if empty {
            warnings.push(problem(
                format!(
                    "the {} has empty coordinates; it loads as an empty shape",
                    display_kind(kind)
                ),
                "give it coordinates, or write \"geometry\": null for a feature without a shape",
            ));
        }
        let mut read = Positions { warnings };
        match kind {
            "Point" if empty => Geometry::MultiPoint(MultiPoint(Vec::new())),
            "Point" => Geometry::Point(Point(read.position(coordinates)?)),
            "MultiPoint" => Geometry::MultiPoint(MultiPoint(
                read.array(coordinates, "MultiPoint")?
                    .iter()
                    .map(|p| read.position(p).map(Point))
                    .collect::<Result<_, _>>()?,
            )),
            "LineString" if empty => Geometry::MultiLineString(MultiLineString(Vec::new())),
            "LineString" => Geometry::LineString(read.line(coordinates)?),
            "MultiLineString" => Geometry::MultiLineString(MultiLineString(
                read.array(coordinates, "MultiLineString")?
                    .iter()
                    .map(|l| read.line(l))
                    .collect::<Result<_, _>>()?,
            )),
            "Polygon" if empty => Geometry::MultiPolygon(MultiPolygon(Vec::new())),
            "Polygon" => Geometry::Polygon(read.polygon(coordinates, None)?),
            "MultiPolygon" => Geometry::MultiPolygon(MultiPolygon(
                read.array(coordinates, "MultiPolygon")?
                    .iter()
                    .enumerate()
                    .map(|(i, p)| read.polygon(p, Some(i)))
                    .collect::<Result<_, _>>()?,
            )),
            other => {
                return Err(problem(
                    format!("geometry type {} is not GeoJSON", display_kind(other)),
                    "use Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection; the feature was skipped",
                ));
            }
        }
    };
    if let Some(raw) = object.get("bbox")
        && let Some(warning) = bbox_contradiction(raw, std::slice::from_ref(&geometry))
    {
        warnings.push(problem(
            format!("the geometry's {}", warning.message),
            warning.hint,
        ));
    }
    Ok(geometry)
}

fn display_kind(kind: &str) -> String {
    if kind.is_empty() {
        "(untyped)".to_owned()
    } else {
        format!("\"{kind}\"")
    }
}

/// Reads positions, lines and rings out of `coordinates` arrays.
struct Positions<'w> {
    warnings: &'w mut Vec<Problem>,
}

impl Positions<'_> {
    fn array<'v>(&self, value: &'v Value, what: &str) -> Result<&'v Vec<Value>, Problem> {
        value.as_array().ok_or_else(|| {
            problem(
                format!(
                    "the coordinates of a {what} hold {} where an array was expected",
                    json_kind(value)
                ),
                "check the nesting of [ ] in \"coordinates\"; the feature was skipped",
            )
        })
    }

    fn position(&self, value: &Value) -> Result<Coord<f64>, Problem> {
        let nesting = "check the nesting of [ ] in \"coordinates\"; the feature was skipped";
        let Some(numbers) = value.as_array() else {
            return Err(problem(
                format!(
                    "a position is {}, not [longitude, latitude]",
                    json_kind(value)
                ),
                nesting,
            ));
        };
        if !numbers.iter().all(Value::is_number) {
            return Err(problem(
                format!("a position holds something other than numbers: {value}"),
                nesting,
            ));
        }
        let (Some(lon), Some(lat)) = (
            numbers.first().and_then(Value::as_f64),
            numbers.get(1).and_then(Value::as_f64),
        ) else {
            return Err(problem(
                format!(
                    "a position has {} number(s); it needs longitude and latitude",
                    numbers.len()
                ),
                nesting,
            ));
        };
        check_lon_lat(lon, lat)?;
        Ok(Coord { x: lon, y: lat })
    }

    fn positions(&self, value: &Value, what: &str) -> Result<Vec<Coord<f64>>, Problem> {
        self.array(value, what)?
            .iter()
            .map(|p| self.position(p))
            .collect()
    }

    fn line(&mut self, value: &Value) -> Result<LineString<f64>, Problem> {
        let coords = self.positions(value, "LineString")?;
        if coords.len() < 2 {
            return Err(problem(
                format!(
                    "a line has {} position(s); it needs at least 2",
                    coords.len()
                ),
                "add positions or make it a Point; the feature was skipped",
            ));
        }
        self.note_antimeridian(&coords);
        Ok(LineString(coords))
    }

    /// One polygon: rings closed (with a warning) and checked, windings normalised (exterior
    /// counter-clockwise, holes clockwise, as RFC 7946 recommends).
    fn polygon(&mut self, value: &Value, part: Option<usize>) -> Result<Polygon<f64>, Problem> {
        let rings = self.array(value, "Polygon")?;
        let name = |ring: usize| {
            let ring_name = if ring == 0 {
                "the exterior ring".to_owned()
            } else {
                format!("hole {ring}")
            };
            match part {
                Some(p) => format!("{ring_name} of polygon {}", p + 1),
                None => ring_name,
            }
        };
        let mut coords_rings = Vec::with_capacity(rings.len());
        for (index, ring) in rings.iter().enumerate() {
            let mut coords = self.positions(ring, "Polygon ring")?;
            if coords.first() != coords.last() {
                coords.push(coords[0]);
                self.warnings.push(problem(
                    format!(
                        "{} is not closed: its last position differs from its first",
                        name(index)
                    ),
                    "it was closed; repeat the first position at the end to silence this",
                ));
            }
            if coords.len() < 4 {
                return Err(problem(
                    format!(
                        "{} has {} positions (with the closing one); a ring needs at least 4",
                        name(index),
                        coords.len()
                    ),
                    "give the ring at least three corners, or make it a LineString; the feature was skipped",
                ));
            }
            self.note_antimeridian(&coords);
            coords_rings.push(coords);
        }
        if coords_rings.is_empty() {
            return Err(problem(
                "a polygon has no rings",
                "give it an exterior ring; the feature was skipped",
            ));
        }
        // Checks and winding run on longitudes made continuous over the antimeridian.
        let unwrapped: Vec<Vec<Coord<f64>>> = coords_rings.iter().map(|r| unwrap_lon(r)).collect();
        let refs: Vec<&[Coord<f64>]> = unwrapped.iter().map(Vec::as_slice).collect();
        let problems = check_polygon_rings(&refs);
        // A crossing spoils the fill only near it, so the feature is still drawn as given:
        // losing a whole coastline would be worse.
        if let Some(crossing) = problems.crossings.first() {
            let (a, b) = crossing.rings;
            let what = if a == b {
                format!("{} crosses itself", name(a))
            } else {
                format!("{} crosses {}", name(b), name(a))
            };
            let more = problems.crossings.len() - 1;
            let more = match (more, problems.more_crossings) {
                (0, _) => String::new(),
                (n, false) => format!(" and at {n} more place(s)"),
                (n, true) => format!(" and at more than {n} other places"),
            };
            self.warnings.push(kept_error(
                format!(
                    "{what} near ({:.6}, {:.6}){more}",
                    wrap_lon(crossing.at.x),
                    crossing.at.y
                ),
                format!("{FIX_GEOMETRY}; it is drawn as given, and its fill may be wrong there"),
            ));
        }
        for &hole in &problems.holes_outside {
            self.warnings.push(kept_error(
                format!("{} lies outside the exterior ring", name(hole)),
                format!("a hole must lie inside its shell: make it a separate polygon or remove it; the hole was left out, the rest is drawn; {FIX_GEOMETRY}"),
            ));
        }
        let mut rings = coords_rings
            .into_iter()
            .zip(&unwrapped)
            .enumerate()
            .filter(|(index, _)| !problems.holes_outside.contains(index))
            .map(|(index, (mut ring, unwrapped))| {
                let counter_clockwise = signed_area2(unwrapped) > 0.0;
                if counter_clockwise != (index == 0) {
                    ring.reverse();
                }
                LineString(ring)
            });
        let exterior = rings.next().unwrap_or_else(|| LineString(Vec::new()));
        Ok(Polygon::new(exterior, rings.collect()))
    }

    fn note_antimeridian(&mut self, coords: &[Coord<f64>]) {
        if let Some(w) = coords.windows(2).find(|w| (w[1].x - w[0].x).abs() > 180.0) {
            self.warnings.push(problem(
                format!(
                    "an edge from ({}, {}) to ({}, {}) jumps across the antimeridian without being cut",
                    w[0].x, w[0].y, w[1].x, w[1].y
                ),
                "it is drawn the short way across 180°; RFC 7946 asks to cut such shapes into two at 180°",
            ));
        }
    }
}

/// Longitudes made continuous along a ring: each step taken the short way round.
fn unwrap_lon(coords: &[Coord<f64>]) -> Vec<Coord<f64>> {
    let mut shift = 0.0;
    let mut out: Vec<Coord<f64>> = Vec::with_capacity(coords.len());
    for (i, &c) in coords.iter().enumerate() {
        if i > 0 {
            let step = c.x - coords[i - 1].x;
            if step > 180.0 {
                shift -= 360.0;
            } else if step < -180.0 {
                shift += 360.0;
            }
        }
        out.push(Coord {
            x: c.x + shift,
            y: c.y,
        });
    }
    out
}

fn wrap_lon(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

/// Explains a position that is not longitude/latitude in degrees.
fn check_lon_lat(lon: f64, lat: f64) -> Result<(), Problem> {
    if !lon.is_finite() || !lat.is_finite() {
        return Err(problem(
            "a coordinate is not a finite number",
            "fix the number; the feature was skipped",
        ));
    }
    if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) {
        return Ok(());
    }
    let at = format!("position [{lon}, {lat}]");
    if (-90.0..=90.0).contains(&lon) && (-180.0..=180.0).contains(&lat) {
        return Err(problem(
            format!(
                "{at} has latitude {lat}, beyond ±90, but it would be a valid [longitude, latitude] the other way round: latitude and longitude look swapped"
            ),
            "GeoJSON writes [longitude, latitude], longitude first; swap the two (in QGIS, check the X and Y fields); the feature was skipped",
        ));
    }
    if lon.abs() > 360.0 || lat.abs() > 360.0 {
        return Err(problem(
            format!(
                "{at} is far outside longitude -180..180 and latitude -90..90: it looks like projected metres (Web Mercator, UTM or a national grid), not degrees"
            ),
            REPROJECT,
        ));
    }
    Err(problem(
        format!("{at} is out of range: longitude must be -180..180 and latitude -90..90"),
        "fix the coordinate; the feature was skipped",
    ))
}
