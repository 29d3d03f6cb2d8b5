//! Command-line interface: arguments, and the commands that need no window (validate, state, events).

use crate::core::clock::event_time;
use crate::core::diagnostics::{Diagnostic, error_count};
use crate::core::geometry::partial;
use crate::core::load::{DetailLoading, Loaded, load_scenario};
use crate::core::model::{Note, Scenario};
use crate::core::scenario::{Lang, Text};
use crate::core::time::{Moment, Precision, iso, parse_moment};
use crate::core::timeline::{MapState, evaluate};
use clap::{Parser, Subcommand};
use geo::{Coord, Geometry, LineString};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// The scenario opened when none is named.
pub const DEFAULT_SCENARIO: &str = "scenarios/1945-august-storm.ron";

#[derive(Debug, Parser)]
#[command(
    name = "tideline",
    version,
    about = "Interactive historical map viewer: Hokkaido, Sakhalin, the Kurils and Manchuria, 1945"
)]
pub struct Cli {
    /// Scenario file to open (default: the 1945 campaign).
    #[arg(long, global = true)]
    pub scenario: Option<PathBuf>,
    /// Date to open at, e.g. 1945-08-18 or 1945-08-18T04:22+12:00.
    #[arg(long, global = true)]
    pub date: Option<String>,
    /// Language of labels and captions: en, ja or ru.
    #[arg(long, global = true, default_value = "en", value_parser = parse_lang)]
    pub lang: Lang,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files and every layer they use; list every problem; exit 1 if any error.
    Validate {
        /// Scenario files (.ron) to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Render the map at a date to a PNG, through the same code path as the window.
    Render {
        /// Output size, WIDTHxHEIGHT.
        #[arg(long, default_value = "1920x1080", value_parser = parse_size)]
        size: (u32, u32),
        /// Output PNG file.
        #[arg(long, default_value = "frame.png")]
        out: PathBuf,
        /// Hide the title, date and legend overlay.
        #[arg(long)]
        no_overlay: bool,
        /// Centre the view on LON,LAT instead of the scenario's home view.
        #[arg(long, value_parser = parse_lon_lat)]
        center: Option<(f64, f64)>,
        /// Width of the view in kilometres (with --center).
        #[arg(long)]
        span_km: Option<f64>,
        /// Frame the view on this event's focus.
        #[arg(long)]
        event: Option<String>,
    },
    /// Write the evaluated map state at --date as GeoJSON.
    State {
        /// Output file (- for standard output).
        #[arg(long, default_value = "-")]
        out: PathBuf,
    },
    /// List the scenario's events in order.
    Events {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("unknown language \"{text}\"; use en, ja or ru"))
}

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("size \"{text}\" must look like 1920x1080"))?;
    let w: u32 = w
        .trim()
        .parse()
        .map_err(|_| format!("width in \"{text}\" is not a number"))?;
    let h: u32 = h
        .trim()
        .parse()
        .map_err(|_| format!("height in \"{text}\" is not a number"))?;
    if !(16..=8192).contains(&w) || !(16..=8192).contains(&h) {
        return Err(format!(
            "size \"{text}\" must be between 16x16 and 8192x8192"
        ));
    }
    Ok((w, h))
}

fn parse_lon_lat(text: &str) -> Result<(f64, f64), String> {
    let (lon, lat) = text
        .split_once(',')
        .ok_or("write LON,LAT, e.g. 156.35,50.74")?;
    let lon: f64 = lon
        .trim()
        .parse()
        .map_err(|_| "longitude is not a number")?;
    let lat: f64 = lat.trim().parse().map_err(|_| "latitude is not a number")?;
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err("LON,LAT out of range".into());
    }
    Ok((lon, lat))
}

/// Finds the scenario to open: the one named, or the default beside the working folder or the
/// project.
pub fn scenario_path(named: Option<&Path>) -> PathBuf {
    if let Some(path) = named {
        return path.to_path_buf();
    }
    let local = PathBuf::from(DEFAULT_SCENARIO);
    if local.is_file() {
        return local;
    }
    let project = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_SCENARIO);
    if project.is_file() { project } else { local }
}

/// Prints diagnostics to standard error.
pub fn report(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

/// Loads a scenario for a command, printing problems; None (and the reason printed) if unusable.
pub fn load_for_command(path: &Path) -> Option<Scenario> {
    let Loaded {
        scenario,
        diagnostics,
    } = load_scenario(path, DetailLoading::OnDemand);
    report(&diagnostics);
    scenario
}

/// Loads the scenario `--scenario` names (or the default), reporting every problem; None,
/// with the reason printed, when it cannot be used.
pub fn load_named(named: Option<&Path>) -> Option<Scenario> {
    let path = scenario_path(named);
    let scenario = load_for_command(&path);
    if scenario.is_none() {
        eprintln!(
            "{}: the scenario could not be loaded (see above); fix it and start again",
            path.display()
        );
    }
    scenario
}

/// The moment `--date` names, or the scenario's start.
pub fn moment_for(scenario: &Scenario, date: Option<&str>) -> Result<Moment, String> {
    match date {
        None => Ok(scenario.range.start),
        Some(text) => {
            let t = parse_moment(text, scenario.zone).map_err(|e| format!("--date: {e}"))?;
            if !scenario.range.contains(t) {
                return Err(format!(
                    "--date {text} is outside the scenario's range {} .. {}; pick a date inside it",
                    iso(scenario.range.start, scenario.zone),
                    iso(scenario.range.end, scenario.zone)
                ));
            }
            Ok(t)
        }
    }
}

/// `tideline validate`: exit code 0 when clean, 1 when any error (or warning with --strict).
pub fn validate(paths: &[PathBuf], strict: bool) -> i32 {
    let mut failed = false;
    for path in paths {
        let Loaded {
            scenario,
            diagnostics,
        } = load_scenario(path, DetailLoading::Now);
        report(&diagnostics);
        let errors = error_count(&diagnostics);
        let warnings = diagnostics.len() - errors;
        match &scenario {
            Some(s) => println!(
                "{}: {} error(s), {} warning(s); {} layers, {} areas, {} lines, {} movements, {} events",
                path.display(),
                errors,
                warnings,
                s.layers.len(),
                s.areas.len(),
                s.lines.len(),
                s.movements.len(),
                s.events.len()
            ),
            None => println!(
                "{}: {} error(s), {} warning(s); not loaded",
                path.display(),
                errors,
                warnings
            ),
        }
        failed |= errors > 0 || scenario.is_none() || (strict && warnings > 0);
    }
    i32::from(failed)
}

fn text_json(text: &Text) -> Value {
    json!({"en": text.en, "ja": text.ja, "ru": text.ru})
}

fn coords(line: &[Coord<f64>]) -> Vec<[f64; 2]> {
    line.iter().map(|c| [c.x, c.y]).collect()
}

fn geometry_json(geometry: &Geometry<f64>) -> Value {
    serde_json::to_value(geojson::Geometry::from(geometry)).unwrap_or(Value::Null)
}

fn notes_json(notes: &[Note]) -> Value {
    Value::Array(
        notes
            .iter()
            .map(|n| {
                json!({
                    "kind": format!("{:?}", n.kind),
                    "text": text_json(&n.text),
                    "sources": n.sources,
                })
            })
            .collect(),
    )
}

fn sources_json(scenario: &Scenario, ids: &[String]) -> Value {
    Value::Array(
        ids.iter()
            .map(|id| {
                let source = scenario.sources.get(id);
                json!({
                    "id": id,
                    "citation": source.map(|s| s.citation.clone()),
                    "url": source.and_then(|s| s.url.clone()),
                })
            })
            .collect(),
    )
}

/// The evaluated state as a GeoJSON FeatureCollection (lon/lat), for inspection and QGIS.
pub fn state_geojson(scenario: &Scenario, state: &MapState) -> Value {
    let mut features = Vec::new();
    for a in &state.areas {
        let area = &scenario.areas[a.area];
        features.push(json!({
            "type": "Feature",
            "geometry": geometry_json(&Geometry::MultiPolygon(a.shape.clone())),
            "properties": {
                "kind": "area",
                "id": area.id,
                "name": text_json(&area.name),
                "side": scenario.sides[a.side].id,
                "status": format!("{:?}", a.status),
                "interpolated": a.interpolated,
                "opacity": a.alpha,
                "counterfactual": area.counterfactual,
                "confidence": format!("{:?}", area.confidence),
                "sources": sources_json(scenario, &area.sources),
                "notes": notes_json(&area.notes),
            }
        }));
    }
    for l in &state.lines {
        let line = &scenario.lines[l.line];
        features.push(json!({
            "type": "Feature",
            "geometry": geometry_json(&Geometry::MultiLineString(l.shape.clone())),
            "properties": {
                "kind": "line",
                "id": line.id,
                "name": text_json(&line.name),
                "side": l.side.map(|s| scenario.sides[s].id.clone()),
                "status": format!("{:?}", l.status),
                "interpolated": l.interpolated,
                "opacity": l.alpha,
                "counterfactual": line.counterfactual,
                "confidence": format!("{:?}", line.confidence),
                "sources": sources_json(scenario, &line.sources),
                "notes": notes_json(&line.notes),
            }
        }));
    }
    for m in &state.movements {
        let movement = &scenario.movements[m.movement];
        let drawn = partial(&movement.route.0, m.progress);
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": coords(&drawn)},
            "properties": {
                "kind": "movement",
                "id": movement.id,
                "name": text_json(&movement.name),
                "side": scenario.sides[movement.side].id,
                "movement": format!("{:?}", movement.kind),
                "status": format!("{:?}", movement.status),
                "progress": m.progress,
                "start": iso(movement.start, scenario.zone),
                "end": iso(movement.end, scenario.zone),
                "counterfactual": movement.counterfactual,
                "confidence": format!("{:?}", movement.confidence),
                "sources": sources_json(scenario, &movement.sources),
                "notes": notes_json(&movement.notes),
            }
        }));
    }
    for &index in &state.current_events {
        let event = &scenario.events[index];
        let point = event.focus.map(|f| f.center).or_else(|| {
            event
                .places
                .iter()
                .find_map(|p| scenario.place(p))
                .map(|p| p.at)
        });
        features.push(json!({
            "type": "Feature",
            "geometry": point.map(|(x, y)| json!({"type": "Point", "coordinates": [x, y]})),
            "properties": {
                "kind": "event",
                "id": event.id,
                "at": iso(event.at, event.at_written.clock),
                "at_scenario_clock": iso(event.at, scenario.zone),
                "end": event.end_written.map(|e| iso(e.moment, e.clock)),
                "title": text_json(&event.title),
                "summary": text_json(&event.summary),
                "notes": notes_json(&event.notes),
                "confidence": format!("{:?}", event.confidence),
                "places": event.places,
                "sources": sources_json(scenario, &event.sources),
            }
        }));
    }
    json!({
        "type": "FeatureCollection",
        "scenario": scenario.meta.id,
        "time": iso(state.t, scenario.zone),
        "previous_event": state.previous_event.map(|t| iso(t, scenario.zone)),
        "next_event": state.next_event.map(|t| iso(t, scenario.zone)),
        "features": features,
    })
}

/// `tideline state`.
pub fn state(scenario: &Scenario, t: Moment, out: &Path) -> Result<(), String> {
    let value = state_geojson(scenario, &evaluate(scenario, t));
    let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
    if out == Path::new("-") {
        println!("{text}");
        Ok(())
    } else {
        std::fs::write(out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))
    }
}

/// `tideline events`: each event on its own clock with the clock named, and on the
/// scenario's clock where that differs; `--json` gives `at` with the offset the scenario
/// wrote and `at_scenario_clock` on the scenario's clock.
pub fn events(scenario: &Scenario, lang: Lang, as_json: bool) -> String {
    if as_json {
        let list: Vec<Value> = scenario
            .events
            .iter()
            .map(|e| {
                json!({
                    "id": e.id,
                    "at": iso(e.at, e.at_written.clock),
                    "at_scenario_clock": iso(e.at, scenario.zone),
                    "precision": match e.at_written.precision {
                        Precision::Day => "day",
                        Precision::Minute => "minute",
                    },
                    "at_text": event_time(scenario, e, lang).line(),
                    "end": e.end_written.map(|t| iso(t.moment, t.clock)),
                    "title": text_json(&e.title),
                    "summary": text_json(&e.summary),
                    "notes": notes_json(&e.notes),
                    "places": e.places,
                    "sources": e.sources,
                    "confidence": format!("{:?}", e.confidence),
                    "focus": e.focus.map(|f| json!({"center": [f.center.0, f.center.1], "span_km": f.span_km})),
                })
            })
            .collect();
        serde_json::to_string_pretty(&list).unwrap_or_default()
    } else {
        scenario
            .events
            .iter()
            .map(|e| {
                format!(
                    "{}  {}  {}\n",
                    event_time(scenario, e, lang).line(),
                    e.id,
                    e.title.get(lang)
                )
            })
            .collect()
    }
}

/// A route as a GeoJSON-style coordinate list, for tests.
pub fn route_coords(line: &LineString<f64>) -> Vec<[f64; 2]> {
    coords(&line.0)
}
