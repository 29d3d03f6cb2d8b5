//! Reads a scenario (RON) and its GeoJSON layers, resolves every reference and reports each problem with its place.

use crate::core::diagnostics::{Diagnostic, Location};
use crate::core::geojson_layer::{MapFeature, load_geojson_file};
use crate::core::model::{
    Area, AreaFrame, Clock, DetailFile, Event, Layer, Line, LineFrame, Movement, Note, Place,
    Scenario, SideInfo, Theatre,
};
use crate::core::ron_positions::place_items;
use crate::core::scenario::{
    AreaSpec, EventSpec, FORMAT_VERSION, LayerRole, LineSpec, LonLat, MovementSpec, NoteKind,
    NoteSpec, PlaceKind, PlaceSpec, Resolution, ScenarioFile, Shape, Text,
};
use crate::core::source::{Expected, decode_source, read_source, report_bad_bytes};
use crate::core::style::Rgba;
use crate::core::time::{Moment, Precision, TimeRange, Written, Zone, parse_moment, parse_written};
use geo::{
    Coord, Geometry, HasDimensions, LineString, MultiLineString, MultiPolygon, Orient, Polygon,
};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// How scenario files are named in messages about the file as a whole.
pub const SCENARIO_FILE: Expected = Expected {
    what: "scenario",
    format: "RON (.ron)",
};

/// What loading gave: the scenario if it could be built at all, and every problem found.
#[derive(Debug)]
pub struct Loaded {
    pub scenario: Option<Scenario>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether detail layers are read now (for `validate`) or left for the app to load on zoom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailLoading {
    Now,
    OnDemand,
}

/// `path` with `.` dropped and each `name/..` pair taken out, without asking the file system:
/// a cue list's `../1945-august-storm.ron` must find the scenario's folder, not `talks/..`.
pub fn lexically_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_name =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_name {
                    out.pop();
                } else if !matches!(out.components().next_back(), Some(Component::RootDir)) {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The folder a scenario's layers live in: `maps/` beside the scenario's folder, or inside it.
pub fn maps_dir_for(scenario_path: &Path) -> PathBuf {
    let scenario_path = lexically_normal(scenario_path);
    let dir = scenario_path.parent().unwrap_or(Path::new(""));
    let sibling = match dir.parent() {
        Some(parent) if !dir.as_os_str().is_empty() => parent.join("maps"),
        _ => dir.join("..").join("maps"),
    };
    if sibling.is_dir() {
        sibling
    } else {
        dir.join("maps")
    }
}

/// Resolves a file named in a scenario inside `root`: relative, no `..`, no escaping through links.
pub fn resolve_data_path(root: &Path, name: &str) -> Result<PathBuf, String> {
    let relative = Path::new(name);
    if name.trim().is_empty() {
        return Err("the file name is empty".into());
    }
    for component in relative.components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!(
                    "\"{name}\" climbs out with \"..\"; name a file inside the maps folder"
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "\"{name}\" is an absolute path; name a file inside the maps folder"
                ));
            }
        }
    }
    let joined = root.join(relative);
    if let (Ok(real_root), Ok(real)) = (root.canonicalize(), joined.canonicalize())
        && !real.starts_with(&real_root)
    {
        return Err(format!(
            "\"{name}\" leads outside the maps folder through a link; copy the file into it"
        ));
    }
    Ok(joined)
}

/// Loads a scenario file and everything it references.
pub fn load_scenario(path: &Path, detail: DetailLoading) -> Loaded {
    let mut diagnostics = Vec::new();
    let Some(source) = read_source(path, SCENARIO_FILE, &mut diagnostics) else {
        return Loaded {
            scenario: None,
            diagnostics,
        };
    };
    report_bad_bytes(&source, path, &mut diagnostics);
    let scenario = parse_scenario(
        &source.text,
        path,
        &maps_dir_for(path),
        detail,
        &mut diagnostics,
    );
    Loaded {
        scenario,
        diagnostics,
    }
}

/// Decodes and parses the bytes of a scenario file, as `load_scenario` does after reading it.
pub fn parse_scenario_bytes(
    bytes: &[u8],
    path: &Path,
    maps_dir: &Path,
    detail: DetailLoading,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Scenario> {
    let source = decode_source(bytes, path, SCENARIO_FILE, diagnostics)?;
    report_bad_bytes(&source, path, diagnostics);
    parse_scenario(&source.text, path, maps_dir, detail, diagnostics)
}

/// Parses scenario text; `path` names it in diagnostics, `maps_dir` is where its layers are.
pub fn parse_scenario(
    text: &str,
    path: &Path,
    maps_dir: &Path,
    detail: DetailLoading,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Scenario> {
    let first_new = diagnostics.len();
    let scenario = parse_scenario_unplaced(text, path, maps_dir, detail, diagnostics);
    place_items(text, path, &mut diagnostics[first_new..]);
    scenario
}

fn parse_scenario_unplaced(
    text: &str,
    path: &Path,
    maps_dir: &Path,
    detail: DetailLoading,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Scenario> {
    let file: ScenarioFile = match ron::from_str(text) {
        Ok(file) => file,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                path,
                Location::LineCol(e.span.start.line, e.span.start.col),
                format!("{}", e.code),
                "fix the RON at this position; see the scenario format in README.md",
            ));
            return None;
        }
    };
    Resolver {
        path,
        text,
        maps_dir,
        diagnostics,
    }
    .resolve(file, detail)
}

struct Resolver<'a> {
    path: &'a Path,
    /// The scenario's text, to turn the anchors of parsed words into line:column.
    text: &'a str,
    maps_dir: &'a Path,
    diagnostics: &'a mut Vec<Diagnostic>,
}

fn item(kind: &str, id: &str) -> Location {
    Location::Item(format!("{kind} \"{id}\""))
}

fn location_name(location: &Location) -> String {
    match location {
        Location::Item(name) | Location::Feature(name) => name.clone(),
        Location::LineCol(line, column) => format!("line {line}:{column}"),
        Location::File => "the file".into(),
    }
}

impl Resolver<'_> {
    fn error(&mut self, location: Location, message: impl Into<String>, hint: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(self.path, location, message, hint));
    }

    fn warning(&mut self, location: Location, message: impl Into<String>, hint: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(self.path, location, message, hint));
    }

    fn check_text(&mut self, location: &Location, what: &str, text: &Text) {
        self.check_glyphs(location, what, text);
        let missing = text.missing();
        if missing.is_empty() {
            return;
        }
        let codes: Vec<&str> = missing.iter().map(|l| l.code()).collect();
        if missing.contains(&crate::core::scenario::Lang::En) {
            self.error(
                location.clone(),
                format!("{what} has no English text"),
                "English is required; add en: \"...\"",
            );
        } else {
            self.warning(
                location.clone(),
                format!("{what} is missing {}", codes.join(", ")),
                "add the translation; English is shown meanwhile",
            );
        }
    }

    /// Warns about characters that no bundled font draws (they would show as boxes).
    fn check_glyphs(&mut self, location: &Location, what: &str, text: &Text) {
        use crate::core::glyphs::{describe, undrawable};
        for (code, written) in [("en", &text.en), ("ja", &text.ja), ("ru", &text.ru)] {
            // Bytes that were not UTF-8 became U+FFFD and are reported already.
            let mut missing = undrawable(written);
            missing.retain(|&c| c != char::REPLACEMENT_CHARACTER);
            if !missing.is_empty() {
                self.warning(
                    location.clone(),
                    format!("{what} ({code}) has characters no bundled font draws: {}", describe(&missing)),
                    "they would show as boxes; write them another way, or add them to assets/fonts/build_font.py",
                );
            }
        }
    }

    fn time(&mut self, location: &Location, field: &str, text: &str, zone: Zone) -> Option<Moment> {
        match parse_moment(text, zone) {
            Ok(t) => Some(t),
            Err(e) => {
                self.error(location.clone(), format!("{field}: {e}"), "");
                None
            }
        }
    }

    /// Parses a time keeping its clock and precision; a time with an hour on a clock the
    /// scenario does not name gets a warning, since captions show the clock's name.
    fn written(
        &mut self,
        location: &Location,
        field: &str,
        text: &str,
        zone: Zone,
        clocks: &[Clock],
        day_only: bool,
    ) -> Option<Written> {
        match parse_written(text, zone) {
            Ok(written) => {
                if written.precision == Precision::Minute
                    && !day_only
                    && !clocks.iter().any(|c| c.zone == written.clock)
                {
                    let offset = &written.clock.label()[3..];
                    self.warning(
                        location.clone(),
                        format!("{field} {text} is on a clock the scenario does not name"),
                        format!(
                            "add (offset: \"{offset}\", name: (en: \"...\", ja: \"...\", ru: \"...\")) to meta.clocks"
                        ),
                    );
                }
                Some(written)
            }
            Err(e) => {
                self.error(location.clone(), format!("{field}: {e}"), "");
                None
            }
        }
    }

    fn resolve(mut self, file: ScenarioFile, detail: DetailLoading) -> Option<Scenario> {
        let meta_location = Location::Item("meta".into());
        if file.format != FORMAT_VERSION {
            self.error(
                Location::Item("format".into()),
                format!(
                    "format {} is not understood by this version of Tideline",
                    file.format
                ),
                format!("write format: {FORMAT_VERSION}"),
            );
            return None;
        }
        let zone = match Zone::parse(&file.meta.zone) {
            Ok(zone) => zone,
            Err(e) => {
                self.error(meta_location.clone(), format!("zone: {e}"), "");
                Zone::UTC
            }
        };
        let start = self.time(&meta_location, "start", &file.meta.start, zone);
        let end = self.time(&meta_location, "end", &file.meta.end, zone);
        let range = match (start, end) {
            (Some(start), Some(end)) => match TimeRange::new(start, end) {
                Some(range) => range,
                None => {
                    self.error(
                        meta_location,
                        "end is not after start",
                        "make meta.end later than meta.start",
                    );
                    return None;
                }
            },
            _ => return None,
        };
        self.check_text(&Location::Item("meta".into()), "title", &file.meta.title);
        let clocks = self.resolve_clocks(&file, zone);
        let home = file.meta.home;
        let home_ok = home.west < home.east
            && home.south < home.north
            && in_range((home.west, home.south))
            && in_range((home.east, home.north));
        if !home_ok {
            self.error(
                Location::Item("meta.home".into()),
                "home view is empty or out of range",
                "give west < east and south < north in degrees",
            );
        }

        for (id, source) in &file.sources {
            if source.citation.trim().is_empty() {
                self.error(
                    item("source", id),
                    "source has no citation",
                    "write the citation",
                );
            }
        }

        let sides = self.resolve_sides(&file);
        let layers = self.resolve_layers(&file, detail);
        let places = self.resolve_places(&file, &layers);

        let ctx = Context {
            sides: &sides,
            layers: &layers,
            sources: &file.sources,
            zone,
            range,
            resolution: file.meta.resolution,
        };
        let areas = self.unique(&file.areas, "area", |a| &a.id);
        let mut areas: Vec<Area> = areas
            .into_iter()
            .filter_map(|a| self.resolve_area(a, &ctx))
            .collect();
        self.resolve_clips(&file.areas, &mut areas);
        let lines = self.unique(&file.lines, "line", |l| &l.id);
        let lines = lines
            .into_iter()
            .filter_map(|l| self.resolve_line(l, &ctx))
            .collect();
        let movements = self.unique(&file.movements, "movement", |m| &m.id);
        let movements = movements
            .into_iter()
            .filter_map(|m| self.resolve_movement(m, &ctx))
            .collect();
        let theatres: Vec<Theatre> = self
            .unique(&file.meta.theatres, "theatre", |t| &t.id)
            .into_iter()
            .map(|t| {
                self.check_text(&item("theatre", &t.id), "name", &t.name);
                Theatre {
                    id: t.id.clone(),
                    name: t.name.clone(),
                }
            })
            .collect();
        let events = self.unique(&file.events, "event", |e| &e.id);
        let mut events: Vec<Event> = events
            .into_iter()
            .filter_map(|e| self.resolve_event(e, &ctx, &places, &clocks, &theatres))
            .collect();
        events.sort_by_key(|e| e.at);

        Some(Scenario {
            path: self.path.to_path_buf(),
            maps_dir: self.maps_dir.to_path_buf(),
            meta: file.meta,
            zone,
            clocks,
            theatres,
            range,
            sources: file.sources,
            sides,
            layers,
            places,
            areas,
            lines,
            movements,
            events,
        })
    }

    /// Items with an id already used are reported and dropped.
    fn unique<'t, T>(
        &mut self,
        items: &'t [T],
        kind: &str,
        id: impl Fn(&T) -> &String,
    ) -> Vec<&'t T> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for it in items {
            let key = id(it);
            if key.trim().is_empty() {
                self.error(
                    Location::Item(kind.into()),
                    format!("a {kind} has an empty id"),
                    "give it an id",
                );
            } else if !seen.insert(key.clone()) {
                self.error(
                    item(kind, key),
                    format!("the {kind} id is used twice; the second was skipped"),
                    "give each item its own id",
                );
            } else {
                out.push(it);
            }
        }
        out
    }

    /// The named clocks: `meta.clocks`, then the scenario's own clock if `zone_name` names it.
    fn resolve_clocks(&mut self, file: &ScenarioFile, zone: Zone) -> Vec<Clock> {
        let location = Location::Item("meta.clocks".into());
        let mut clocks: Vec<Clock> = Vec::new();
        for spec in &file.meta.clocks {
            let clock_zone = match Zone::parse(&spec.offset) {
                Ok(clock_zone) => clock_zone,
                Err(e) => {
                    self.error(
                        location.clone(),
                        format!("offset: {e}"),
                        "the clock was skipped",
                    );
                    continue;
                }
            };
            self.check_text(
                &location,
                &format!("the name of clock {}", spec.offset),
                &spec.name,
            );
            if clocks.iter().any(|c| c.zone == clock_zone) {
                self.error(
                    location.clone(),
                    format!("clock {} is named twice", spec.offset),
                    "keep one name per offset",
                );
                continue;
            }
            clocks.push(Clock {
                zone: clock_zone,
                name: spec.name.clone(),
            });
        }
        let zone_name = &file.meta.zone_name;
        if !zone_name.en.trim().is_empty() && !clocks.iter().any(|c| c.zone == zone) {
            self.check_text(&Location::Item("meta".into()), "zone_name", zone_name);
            clocks.push(Clock {
                zone,
                name: zone_name.clone(),
            });
        }
        clocks
    }

    /// Notes of an item: each checked for its three languages and its sources; a
    /// disagreement must cite two sources at least. The old `note` is read as a remark.
    fn resolve_notes(
        &mut self,
        location: &Location,
        notes: &[NoteSpec],
        legacy: Option<&Text>,
        ctx: &Context,
    ) -> Vec<Note> {
        let mut resolved = Vec::new();
        for spec in notes {
            self.check_text(location, "note", &spec.text);
            self.check_sources(location, &spec.sources, ctx);
            if spec.kind.value == NoteKind::Disagreement && spec.sources.len() < 2 {
                let at = spec
                    .kind
                    .line_col(self.text)
                    .map_or_else(|| location.clone(), |(l, c)| Location::LineCol(l, c));
                self.error(
                    at,
                    format!(
                        "a Disagreement note of {} cites {} source(s); it must cite at least two",
                        location_name(location),
                        spec.sources.len()
                    ),
                    "add sources: [\"P01\", \"P02\"] naming each side of the disagreement, or make it a Remark",
                );
            }
            resolved.push(Note {
                kind: spec.kind.value,
                text: spec.text.clone(),
                sources: spec.sources.clone(),
            });
        }
        if let Some(text) = legacy {
            self.check_text(location, "note", text);
            self.warning(
                location.clone(),
                "`note: Some(...)` is the old form; it is shown as a plain remark",
                "write notes: [(kind: Disagreement | Clock | Counterfactual | Remark, text: (...), sources: [...])]",
            );
            resolved.push(Note {
                kind: NoteKind::Remark,
                text: text.clone(),
                sources: Vec::new(),
            });
        }
        resolved
    }

    fn resolve_sides(&mut self, file: &ScenarioFile) -> Vec<SideInfo> {
        let mut sides = Vec::new();
        for side in self.unique(&file.sides, "side", |s| &s.id) {
            let location = item("side", &side.id);
            self.check_text(&location, "name", &side.name);
            let colour = match Rgba::parse_hex(&side.colour) {
                Some(c) => c,
                None => {
                    self.error(
                        location,
                        format!("colour \"{}\" is not #RRGGBB", side.colour),
                        "write a colour like \"#D55E00\"; grey is used meanwhile",
                    );
                    Rgba::rgb(0x80, 0x80, 0x80)
                }
            };
            sides.push(SideInfo {
                id: side.id.clone(),
                name: side.name.clone(),
                colour,
            });
        }
        sides
    }

    fn resolve_layers(&mut self, file: &ScenarioFile, detail: DetailLoading) -> Vec<Layer> {
        let mut layers = Vec::new();
        for spec in self.unique(&file.layers, "layer", |l| &l.id) {
            let location = item("layer", &spec.id);
            self.check_text(&location, "name", &spec.name);
            for colour in [&spec.style.fill, &spec.style.stroke].into_iter().flatten() {
                if Rgba::parse_hex(colour).is_none() {
                    self.error(
                        location.clone(),
                        format!("style colour \"{colour}\" is not #RRGGBB or #RRGGBBAA"),
                        "fix the colour",
                    );
                }
            }
            let path = match resolve_data_path(self.maps_dir, &spec.file) {
                Ok(path) => path,
                Err(e) => {
                    self.error(location, format!("file: {e}"), "the layer was skipped");
                    continue;
                }
            };
            let Some(features) = load_geojson_file(&path, self.diagnostics) else {
                self.error(
                    location,
                    "the layer's file could not be read; the layer was skipped",
                    "",
                );
                continue;
            };
            let mut detail_files = Vec::new();
            for level in &spec.detail {
                match resolve_data_path(self.maps_dir, &level.file) {
                    Ok(path) => {
                        if detail == DetailLoading::Now {
                            load_geojson_file(&path, self.diagnostics);
                        } else if !path.is_file() {
                            self.error(
                                location.clone(),
                                format!("detail file {} does not exist", path.display()),
                                "build the maps (see maps/SOURCES.md) or remove the detail level",
                            );
                            continue;
                        }
                        detail_files.push(DetailFile {
                            path,
                            min_px_per_km: level.min_px_per_km,
                        });
                    }
                    Err(e) => self.error(
                        location.clone(),
                        format!("detail file: {e}"),
                        "the detail level was skipped",
                    ),
                }
            }
            detail_files.sort_by(|a, b| a.min_px_per_km.total_cmp(&b.min_px_per_km));
            let time_varying = features
                .iter()
                .any(|f| f.valid_from.is_some() || f.valid_to.is_some());
            layers.push(Layer {
                spec: spec.clone(),
                features,
                detail: detail_files,
                time_varying,
            });
        }
        layers
    }

    fn resolve_places(&mut self, file: &ScenarioFile, layers: &[Layer]) -> Vec<Place> {
        let mut places: Vec<Place> = Vec::new();
        for (index, layer) in layers.iter().enumerate() {
            if layer.spec.role != LayerRole::Labels {
                continue;
            }
            for feature in &layer.features {
                if let Some(place) = place_from_feature(feature, index) {
                    places.push(place);
                }
            }
        }
        for spec in self.unique(&file.places, "place", |p| &p.id) {
            let location = item("place", &spec.id);
            self.check_text(&location, "name", &spec.name);
            if let Some(co_equal) = &spec.co_equal {
                self.check_text(&location, "co_equal", co_equal);
            }
            if !in_range(spec.at) {
                self.error(
                    location,
                    "coordinates out of range",
                    "write (longitude, latitude)",
                );
                continue;
            }
            let place = place_from_spec(spec);
            match places.iter_mut().find(|p| p.id == spec.id) {
                Some(existing) => *existing = place,
                None => places.push(place),
            }
        }
        places
    }

    fn check_sources(&mut self, location: &Location, sources: &[String], ctx: &Context) {
        for source in sources {
            if !ctx.sources.contains_key(source) {
                self.error(
                    location.clone(),
                    format!("unknown source \"{source}\""),
                    "add it to the sources map or fix the id",
                );
            }
        }
    }

    fn side(&mut self, location: &Location, id: &str, ctx: &Context) -> Option<usize> {
        let found = ctx.sides.iter().position(|s| s.id == id);
        if found.is_none() {
            let known: Vec<&str> = ctx.sides.iter().map(|s| s.id.as_str()).collect();
            self.error(
                location.clone(),
                format!("unknown side \"{id}\""),
                format!("use one of: {}", known.join(", ")),
            );
        }
        found
    }

    fn keyframe_time(
        &mut self,
        location: &Location,
        text: &str,
        ctx: &Context,
        previous: Option<Moment>,
    ) -> Option<Moment> {
        let t = self.time(location, "keyframe at", text, ctx.zone)?;
        if !ctx.range.contains(t) {
            self.warning(
                location.clone(),
                format!("keyframe at {text} is outside the scenario's time range"),
                "move it inside meta.start..meta.end",
            );
        }
        if previous.is_some_and(|p| t <= p) {
            self.error(
                location.clone(),
                format!("keyframe at {text} is not after the previous keyframe"),
                "list keyframes in time order; this one was skipped",
            );
            return None;
        }
        Some(t)
    }

    fn feature<'l>(
        &mut self,
        location: &Location,
        layer: &str,
        id: &str,
        ctx: &'l Context,
    ) -> Option<&'l MapFeature> {
        let Some(found_layer) = ctx.layers.iter().find(|l| l.spec.id == layer) else {
            self.error(
                location.clone(),
                format!("unknown layer \"{layer}\" in Feature(\"{layer}\", \"{id}\")"),
                "declare the layer in layers: [...] or fix the id",
            );
            return None;
        };
        let found = found_layer.features.iter().find(|f| f.id == id);
        if found.is_none() {
            self.error(
                location.clone(),
                format!("layer \"{layer}\" has no feature \"{id}\""),
                format!("check the feature ids in {}", found_layer.spec.file),
            );
        }
        if found.is_some_and(|f| f.geometry.is_empty()) {
            self.error(
                location.clone(),
                format!(
                    "feature \"{id}\" of layer \"{layer}\" has no shape (null geometry or empty coordinates)"
                ),
                format!("give it a geometry in {}", found_layer.spec.file),
            );
            return None;
        }
        found
    }

    fn area_shape(
        &mut self,
        location: &Location,
        shape: &Shape,
        ctx: &Context,
    ) -> Option<MultiPolygon<f64>> {
        match shape {
            Shape::Feature(layer, id) => {
                let feature = self.feature(location, layer, id, ctx)?;
                match &feature.geometry {
                    Geometry::Polygon(p) => Some(MultiPolygon(vec![p.clone()])),
                    Geometry::MultiPolygon(mp) => Some(mp.clone()),
                    other => {
                        self.error(
                            location.clone(),
                            format!(
                                "feature \"{id}\" is a {}, an area needs a Polygon or MultiPolygon",
                                geometry_name(other)
                            ),
                            "point the area at a polygon feature",
                        );
                        None
                    }
                }
            }
            Shape::Points(points) => {
                let mut coords = self.coords(location, points, 3)?;
                if coords.first() != coords.last() {
                    coords.push(coords[0]);
                }
                let polygon = Polygon::new(LineString(coords), vec![])
                    .orient(geo::orient::Direction::Default);
                Some(MultiPolygon(vec![polygon]))
            }
        }
    }

    fn line_shape(
        &mut self,
        location: &Location,
        shape: &Shape,
        ctx: &Context,
    ) -> Option<MultiLineString<f64>> {
        match shape {
            Shape::Feature(layer, id) => {
                let feature = self.feature(location, layer, id, ctx)?;
                match &feature.geometry {
                    Geometry::LineString(l) => Some(MultiLineString(vec![l.clone()])),
                    Geometry::MultiLineString(ml) => Some(ml.clone()),
                    Geometry::Polygon(p) => Some(MultiLineString(vec![p.exterior().clone()])),
                    Geometry::MultiPolygon(mp) => Some(MultiLineString(
                        mp.0.iter().map(|p| p.exterior().clone()).collect(),
                    )),
                    other => {
                        self.error(
                            location.clone(),
                            format!(
                                "feature \"{id}\" is a {}, a line needs a LineString or Polygon",
                                geometry_name(other)
                            ),
                            "point the line at a line feature",
                        );
                        None
                    }
                }
            }
            Shape::Points(points) => Some(MultiLineString(vec![LineString(
                self.coords(location, points, 2)?,
            )])),
        }
    }

    fn coords(
        &mut self,
        location: &Location,
        points: &[LonLat],
        at_least: usize,
    ) -> Option<Vec<Coord<f64>>> {
        if points.len() < at_least {
            self.error(
                location.clone(),
                format!(
                    "{} point(s) given, at least {at_least} needed",
                    points.len()
                ),
                "add points as (longitude, latitude)",
            );
            return None;
        }
        if let Some(bad) = points.iter().find(|p| !in_range(**p)) {
            self.error(
                location.clone(),
                format!("point ({}, {}) is out of range", bad.0, bad.1),
                "points are (longitude, latitude); longitude first",
            );
            return None;
        }
        Some(points.iter().map(|&(x, y)| Coord { x, y }).collect())
    }

    fn resolve_area(&mut self, spec: &AreaSpec, ctx: &Context) -> Option<Area> {
        let location = item("area", &spec.id);
        self.check_text(&location, "name", &spec.name);
        self.check_sources(&location, &spec.sources, ctx);
        let notes = self.resolve_notes(&location, &spec.notes, spec.note.as_ref(), ctx);
        let mut keyframes: Vec<AreaFrame> = Vec::new();
        for (index, frame) in spec.keyframes.iter().enumerate() {
            let frame_location =
                Location::Item(format!("area \"{}\" keyframe {}", spec.id, index + 1));
            let previous = keyframes.last().map(|k| k.at);
            let Some(at) = self.keyframe_time(&frame_location, &frame.at, ctx, previous) else {
                continue;
            };
            let side = self.side(&frame_location, &frame.side, ctx);
            let shape = self.area_shape(&frame_location, &frame.shape, ctx);
            if let (Some(side), Some(shape)) = (side, shape) {
                keyframes.push(AreaFrame {
                    at,
                    shape: std::sync::Arc::new(shape),
                    side,
                    status: frame.status,
                });
            }
        }
        if keyframes.is_empty() {
            self.error(
                location,
                "the area has no usable keyframe; it was skipped",
                "add keyframes: [(at: ..., shape: ..., side: ..., status: ...)]",
            );
            return None;
        }
        Some(Area {
            id: spec.id.clone(),
            clip_by: Vec::new(),
            name: spec.name.clone(),
            interpolation: spec.interpolation,
            keyframes,
            sources: spec.sources.clone(),
            confidence: spec.confidence,
            notes,
            counterfactual: spec.counterfactual,
        })
    }

    fn resolve_clips(&mut self, specs: &[AreaSpec], areas: &mut [Area]) {
        let ids: Vec<String> = areas.iter().map(|a| a.id.clone()).collect();
        for area in areas.iter_mut() {
            let Some(spec) = specs.iter().find(|s| s.id == area.id) else {
                continue;
            };
            for other in &spec.clip_by {
                match ids.iter().position(|id| id == other) {
                    Some(index) if ids[index] != area.id => area.clip_by.push(index),
                    Some(_) => self.error(
                        item("area", &area.id),
                        "an area cannot clip itself",
                        "remove its own id from clip_by",
                    ),
                    None => self.error(
                        item("area", &area.id),
                        format!("clip_by names unknown area \"{other}\""),
                        "use the id of another area",
                    ),
                }
            }
        }
    }

    fn resolve_line(&mut self, spec: &LineSpec, ctx: &Context) -> Option<Line> {
        let location = item("line", &spec.id);
        self.check_text(&location, "name", &spec.name);
        self.check_sources(&location, &spec.sources, ctx);
        let notes = self.resolve_notes(&location, &spec.notes, spec.note.as_ref(), ctx);
        let mut keyframes: Vec<LineFrame> = Vec::new();
        for (index, frame) in spec.keyframes.iter().enumerate() {
            let frame_location =
                Location::Item(format!("line \"{}\" keyframe {}", spec.id, index + 1));
            let previous = keyframes.last().map(|k| k.at);
            let Some(at) = self.keyframe_time(&frame_location, &frame.at, ctx, previous) else {
                continue;
            };
            let side = match &frame.side {
                Some(id) => match self.side(&frame_location, id, ctx) {
                    Some(side) => Some(side),
                    None => continue,
                },
                None => None,
            };
            if let Some(shape) = self.line_shape(&frame_location, &frame.shape, ctx) {
                keyframes.push(LineFrame {
                    at,
                    shape,
                    status: frame.status,
                    side,
                });
            }
        }
        if keyframes.is_empty() {
            self.error(
                location,
                "the line has no usable keyframe; it was skipped",
                "add keyframes",
            );
            return None;
        }
        Some(Line {
            id: spec.id.clone(),
            name: spec.name.clone(),
            interpolation: spec.interpolation,
            keyframes,
            sources: spec.sources.clone(),
            confidence: spec.confidence,
            notes,
            counterfactual: spec.counterfactual,
        })
    }

    fn resolve_movement(&mut self, spec: &MovementSpec, ctx: &Context) -> Option<Movement> {
        let location = item("movement", &spec.id);
        self.check_text(&location, "name", &spec.name);
        self.check_sources(&location, &spec.sources, ctx);
        let notes = self.resolve_notes(&location, &spec.notes, None, ctx);
        let side = self.side(&location, &spec.side, ctx);
        let start = self.time(&location, "start", &spec.start, ctx.zone);
        let end = self.time(&location, "end", &spec.end, ctx.zone);
        let route = self.line_shape(&location, &spec.route, ctx);
        let (side, start, end, route) = (side?, start?, end?, route?);
        if end < start {
            self.error(
                location,
                "end is before start",
                "swap start and end; the movement was skipped",
            );
            return None;
        }
        if !ctx.range.contains(start) {
            self.warning(
                location.clone(),
                "start is outside the scenario's time range",
                "move it inside meta.start..meta.end",
            );
        }
        let route = route.0.into_iter().next()?;
        let visible_until = match spec.linger_hours {
            Some(hours) if hours.is_finite() && hours >= 0.0 => {
                end.plus_seconds((hours * 3600.0) as i64)
            }
            Some(_) => {
                self.error(
                    location,
                    "linger_hours must be a positive number",
                    "write e.g. linger_hours: Some(48.0)",
                );
                return None;
            }
            None => end.plus_seconds(ctx.resolution.policy().linger_seconds),
        };
        Some(Movement {
            id: spec.id.clone(),
            name: spec.name.clone(),
            side,
            kind: spec.kind,
            status: spec.status,
            start,
            end,
            route,
            visible_until,
            sources: spec.sources.clone(),
            confidence: spec.confidence,
            notes,
            counterfactual: spec.counterfactual,
        })
    }

    fn resolve_event(
        &mut self,
        spec: &EventSpec,
        ctx: &Context,
        places: &[Place],
        clocks: &[Clock],
        theatres: &[Theatre],
    ) -> Option<Event> {
        let location = item("event", &spec.id);
        let theatre = match &spec.theatre {
            Some(id) => {
                let found = theatres.iter().position(|t| &t.id == id);
                if found.is_none() {
                    self.error(
                        location.clone(),
                        format!("unknown theatre \"{id}\""),
                        "use an id from meta.theatres, or add it there",
                    );
                }
                found
            }
            None => None,
        };
        self.check_text(&location, "title", &spec.title);
        self.check_text(&location, "summary", &spec.summary);
        let notes = self.resolve_notes(&location, &spec.notes, spec.note.as_ref(), ctx);
        self.check_sources(&location, &spec.sources, ctx);
        if spec.sources.is_empty() {
            self.warning(
                location.clone(),
                "the event cites no source",
                "add sources: [\"S002\", ...]",
            );
        }
        for place in &spec.places {
            if !places.iter().any(|p| &p.id == place) {
                self.error(
                    location.clone(),
                    format!("unknown place \"{place}\""),
                    "use a gazetteer id or add the place to places: [...]",
                );
            }
        }
        if let Some(focus) = &spec.focus
            && !(in_range(focus.center) && focus.span_km.is_finite() && focus.span_km > 0.0)
        {
            self.error(
                location.clone(),
                "focus is out of range",
                "give center: (lon, lat) and span_km > 0",
            );
        }
        let mut at_written =
            self.written(&location, "at", &spec.at, ctx.zone, clocks, spec.day_only)?;
        if spec.day_only {
            at_written.precision = Precision::Day;
        }
        let at = at_written.moment;
        if !ctx.range.contains(at) {
            self.error(
                location.clone(),
                format!(
                    "at {} is outside the scenario's time range; the event was skipped",
                    spec.at
                ),
                "move it inside meta.start..meta.end or widen the range",
            );
            return None;
        }
        let end_written = match &spec.end {
            Some(text) => {
                let end = self.written(&location, "end", text, ctx.zone, clocks, false)?;
                if end.moment < at {
                    self.error(
                        location,
                        "end is before at",
                        "swap them; the event was skipped",
                    );
                    return None;
                }
                Some(end)
            }
            None => None,
        };
        Some(Event {
            id: spec.id.clone(),
            at,
            at_written,
            end: end_written.map(|w| w.moment),
            end_written,
            title: spec.title.clone(),
            summary: spec.summary.clone(),
            places: spec.places.clone(),
            theatre,
            sources: spec.sources.clone(),
            confidence: spec.confidence,
            notes,
            focus: spec.focus,
        })
    }
}

struct Context<'a> {
    sides: &'a [SideInfo],
    layers: &'a [Layer],
    sources: &'a BTreeMap<String, crate::core::scenario::Source>,
    zone: Zone,
    range: TimeRange,
    resolution: Resolution,
}

fn in_range((lon, lat): LonLat) -> bool {
    lon.is_finite()
        && lat.is_finite()
        && (-180.0..=180.0).contains(&lon)
        && (-90.0..=90.0).contains(&lat)
}

fn geometry_name(geometry: &Geometry<f64>) -> &'static str {
    match geometry {
        Geometry::Point(_) => "Point",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::LineString(_) | Geometry::Line(_) => "LineString",
        Geometry::MultiLineString(_) => "MultiLineString",
        Geometry::Polygon(_) | Geometry::Rect(_) | Geometry::Triangle(_) => "Polygon",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection",
    }
}

fn place_from_spec(spec: &PlaceSpec) -> Place {
    Place {
        id: spec.id.clone(),
        name: spec.name.clone(),
        modern: spec.modern.clone(),
        co_equal: spec.co_equal.clone(),
        at: spec.at,
        kind: spec.kind,
        rank: spec.rank,
        layer: None,
    }
}

/// A gazetteer point: `name_en`, `name_ja`, `name_ru`, optional `modern_*` and `co_equal_*`,
/// `kind`, `rank`.
fn place_from_feature(feature: &MapFeature, layer: usize) -> Option<Place> {
    let Geometry::Point(point) = &feature.geometry else {
        return None;
    };
    let text = |prefix: &str| Text {
        en: feature
            .property_str(&format!("{prefix}_en"))
            .unwrap_or("")
            .to_owned(),
        ja: feature
            .property_str(&format!("{prefix}_ja"))
            .unwrap_or("")
            .to_owned(),
        ru: feature
            .property_str(&format!("{prefix}_ru"))
            .unwrap_or("")
            .to_owned(),
    };
    let name = text("name");
    if name.en.is_empty() {
        return None;
    }
    let modern = text("modern");
    let co_equal = text("co_equal");
    let kind = feature
        .property_str("kind")
        .and_then(|k| serde_json::from_value::<PlaceKind>(Value::String(k.to_owned())).ok())
        .unwrap_or_default();
    let rank = feature
        .properties
        .get("rank")
        .and_then(Value::as_u64)
        .map(|r| r.min(9) as u8)
        .unwrap_or(3);
    Some(Place {
        id: feature.id.clone(),
        name,
        modern: (!modern.en.is_empty()).then_some(modern),
        co_equal: (!co_equal.en.is_empty()).then_some(co_equal),
        at: (point.x(), point.y()),
        kind,
        rank,
        layer: Some(layer),
    })
}

/// Loads one detail file of a layer (the app calls this when the view zooms in).
pub fn load_detail(file: &DetailFile) -> (Vec<MapFeature>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let features = load_geojson_file(&file.path, &mut diagnostics).unwrap_or_default();
    (features, diagnostics)
}
