//! Command-line interface: arguments, and the commands that need no window (validate, state, events).

use crate::core::clock::event_time;
use crate::core::diagnostics::{Diagnostic, error_count, warning_count};
use crate::core::geometry::partial;
use crate::core::load::{DetailLoading, Loaded, load_scenario};
use crate::core::model::{Note, Scenario};
use crate::core::scenario::{Focus, Lang, Text};
use crate::core::theme::ThemeName;
use crate::core::time::{Moment, Precision, iso, parse_moment};
use crate::core::timeline::{MapState, evaluate};
use clap::{Parser, Subcommand};
use geo::{Coord, Geometry};
use serde_json::{Value, json};
use std::io::{ErrorKind, Write};
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
    /// Open on this event: its moment (unless --date says otherwise) and its focus.
    #[arg(long, global = true)]
    pub event: Option<String>,
    /// Centre the view on LON,LAT instead of the scenario's home view.
    #[arg(long, global = true, value_parser = parse_lon_lat)]
    pub center: Option<(f64, f64)>,
    /// Width of the view in kilometres (with --center; default 400).
    #[arg(long, global = true)]
    pub span_km: Option<f64>,
    /// The interface's look: screen, projector or kiosk (default: the mode's own).
    #[arg(long, global = true, value_parser = parse_theme)]
    pub theme: Option<ThemeName>,
    /// Show frames per second, frame time and frames drawn (also F12 in the window).
    #[arg(long, global = true)]
    pub show_fps: bool,
    /// Draw the map at this second date as a dashed ghost over the current one.
    #[arg(long, global = true)]
    pub compare: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files and every layer they use (or kiosk configs, cue lists, GeoJSON
    /// layers on their own); list every problem; exit 1 if any error.
    Validate {
        /// Files to check: scenarios (.ron), kiosk configurations, cue lists, or GeoJSON
        /// layers on their own (.geojson).
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
        /// Capture a real window (needs a display) instead of drawing offscreen.
        #[arg(long)]
        window: bool,
    },
    /// Export stills, PNG sequences, GIF or MP4 without a display: frame k shows exactly its moment.
    Export {
        /// Output: a .png still, a .gif, an .mp4, or a folder for numbered PNGs.
        #[arg(long)]
        out: PathBuf,
        /// Frame size, WIDTHxHEIGHT (up to 7680x4320).
        #[arg(long, default_value = "1920x1080", value_parser = parse_size)]
        size: (u32, u32),
        /// First moment of a sequence.
        #[arg(long)]
        from: Option<String>,
        /// Last moment of a sequence.
        #[arg(long)]
        to: Option<String>,
        /// N evenly spaced moments from --from to --to, both ends included.
        #[arg(long)]
        frames: Option<usize>,
        /// Frames per second: of the video, and with --speed of the sampling.
        #[arg(long)]
        fps: Option<f64>,
        /// Scenario hours per second of video (with --fps).
        #[arg(long)]
        speed: Option<f64>,
        /// Follow a lecture's cue list and its transitions.
        #[arg(long)]
        cues: Option<PathBuf>,
        /// Leave out the title.
        #[arg(long)]
        no_title: bool,
        /// Leave out the date.
        #[arg(long)]
        no_date: bool,
        /// Leave out the current event's caption.
        #[arg(long)]
        no_caption: bool,
        /// Leave out the legend.
        #[arg(long)]
        no_legend: bool,
        /// Burn in a credits line (sources and data licences).
        #[arg(long)]
        credits: bool,
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
    /// Run as a museum kiosk: fullscreen, attract loop, touch, idle reset, lockdown.
    Kiosk {
        /// Kiosk configuration (RON); without it, defaults for the 1945 campaign.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Seconds without input before the countdown to the reset (overrides the config).
        #[arg(long)]
        idle_timeout: Option<f64>,
    },
    /// Give a lecture: projector theme, no controls, a clicker steps through cues or events.
    Lecture {
        /// A cue list (RON); without it, the lecture steps through the scenario's events.
        #[arg(long)]
        cues: Option<PathBuf>,
    },
    /// Measure playback as a user feels it: frames, dates drawn a second, frame times, memory, first frame.
    Bench {
        /// Window (or image) size, WIDTHxHEIGHT.
        #[arg(long, default_value = "1920x1080", value_parser = parse_size)]
        size: (u32, u32),
        /// Seconds of playback to measure (the whole scenario plays in this time).
        #[arg(long, default_value_t = 20.0)]
        seconds: f64,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// Draw into an image without a window (no display needed).
        #[arg(long)]
        offscreen: bool,
    },
    /// Write a starter scenario and its layer into a new folder NAME, ready to edit.
    New {
        /// The folder (and scenario id) to create: letters, digits, - and _.
        name: String,
    },
    /// Check a cue list, or print it as a Markdown handout with the presenter's notes.
    Cues {
        /// The cue list (RON).
        path: PathBuf,
        /// Print the cues and their notes as Markdown.
        #[arg(long)]
        handout: bool,
    },
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("unknown language \"{text}\"; use en, ja or ru"))
}

fn parse_theme(text: &str) -> Result<ThemeName, String> {
    ThemeName::parse(text)
        .ok_or_else(|| format!("unknown theme \"{text}\"; use screen, projector or kiosk"))
}

pub fn parse_size(text: &str) -> Result<(u32, u32), String> {
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
    if !(16..=7680).contains(&w) || !(16..=4320).contains(&h) {
        return Err(format!(
            "size \"{text}\" must be between 16x16 and 7680x4320"
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
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        // Nowhere left to say it if standard error is closed.
        let _ = writeln!(err, "{d}");
    }
}

/// Prints one line to standard error, never panicking.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Writes `text` to standard output. A reader that stops early (`tideline events | head`) is not
/// an error; any other failure (a full disk behind `>`) is.
pub fn print_out(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => {
            Err(format!("cannot write to standard output: {e}"))
        }
        _ => Ok(()),
    }
}

/// Why a file cannot be written, in one line with what to do.
fn write_error(path: &Path, e: &std::io::Error) -> String {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let why = match e.kind() {
        ErrorKind::NotFound if !parent.is_dir() => {
            format!(
                "the folder {} does not exist; create it first",
                parent.display()
            )
        }
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            "permission denied; choose a folder you can write to".to_owned()
        }
        ErrorKind::IsADirectory => "it is a folder; name a file inside it".to_owned(),
        ErrorKind::StorageFull => "the disk is full; free some space".to_owned(),
        _ => e.to_string(),
    };
    format!("cannot write {}: {why}", path.display())
}

/// Checks before any work that `path` can be created: its folder exists and it is not a folder.
pub fn check_output_path(path: &Path) -> Result<(), String> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if path.is_dir() {
        return Err(write_error(
            path,
            &std::io::Error::from(ErrorKind::IsADirectory),
        ));
    }
    if !parent.is_dir() {
        return Err(write_error(
            path,
            &std::io::Error::from(ErrorKind::NotFound),
        ));
    }
    Ok(())
}

/// Writes a whole file; on failure removes what was partly written and says why in one line.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    check_output_path(path)?;
    let result = std::fs::File::create(path).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    result.map_err(|e| {
        if path.is_file() {
            let _ = std::fs::remove_file(path);
        }
        write_error(path, &e)
    })
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
        say(&format!(
            "{}: the scenario could not be loaded (see above); fix it and start again",
            path.display()
        ));
    }
    scenario
}

/// Where the window or a render opens: the moment, the event the caption leads with, and
/// the camera's focus, from `--date`, `--event` and `--center`/`--span-km`.
#[derive(Debug, Clone, PartialEq)]
pub struct Opening {
    pub start: Moment,
    pub event: Option<usize>,
    pub focus: Option<Focus>,
    /// The second date of `--compare`.
    pub compare: Option<Moment>,
}

/// Resolves the deep-link arguments against a scenario.
pub fn opening(args: &Cli, scenario: &Scenario) -> Result<Opening, String> {
    let event = match &args.event {
        Some(id) => Some(scenario.events.iter().position(|e| &e.id == id).ok_or_else(|| {
            format!(
                "--event \"{id}\" is not an event of this scenario; `tideline events` lists them"
            )
        })?),
        None => None,
    };
    // With --event and no --date, the view opens at the event's own moment.
    let start = match (event, &args.date) {
        (Some(index), None) => scenario.events[index].at,
        _ => moment_for(scenario, args.date.as_deref())?,
    };
    if let Some(span) = args.span_km
        && !(span.is_finite() && span > 0.0)
    {
        return Err(format!(
            "--span-km {span} must be a positive number of kilometres"
        ));
    }
    let focus = match (args.center, event) {
        (Some(center), _) => Some(Focus {
            center,
            span_km: args.span_km.unwrap_or(400.0),
        }),
        (None, Some(index)) => scenario.events[index].focus,
        (None, None) => None,
    };
    let compare = match &args.compare {
        Some(text) => {
            Some(moment_for(scenario, Some(text)).map_err(|e| e.replace("--date", "--compare"))?)
        }
        None => None,
    };
    Ok(Opening {
        start,
        event,
        focus,
        compare,
    })
}

/// A year ("1905") or a month ("1905-03") as its first day, for scenarios that run by
/// years or days; anything else unchanged.
pub fn expand_partial_date(text: &str) -> String {
    let text = text.trim();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    match text.split('-').collect::<Vec<_>>().as_slice() {
        [year] if year.len() == 4 && digits(year) => format!("{year}-01-01"),
        [year, month] if year.len() == 4 && digits(year) && month.len() == 2 && digits(month) => {
            format!("{year}-{month}-01")
        }
        _ => text.to_owned(),
    }
}

/// The moment `--date` names, or the scenario's start.
pub fn moment_for(scenario: &Scenario, date: Option<&str>) -> Result<Moment, String> {
    match date {
        None => Ok(scenario.range.start),
        Some(text) => {
            let t = parse_moment(&expand_partial_date(text), scenario.zone)
                .map_err(|e| format!("--date: {e}"))?;
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

const TEMPLATE_SCENARIO: &str = include_str!("../assets/template/scenario.ron");
const TEMPLATE_LAYER: &str = include_str!("../assets/template/layer.geojson");

/// `tideline new NAME`: writes `NAME/scenarios/NAME.ron` and `NAME/maps/NAME.geojson` (the
/// project's own layout), a starter scenario that validates and opens. Returns the
/// scenario's path.
pub fn new_scenario(name: &str, parent: &Path) -> Result<PathBuf, String> {
    let valid = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(format!(
            "\"{name}\" is not a usable name; use letters, digits, - and _ (e.g. herring-1900)"
        ));
    }
    let folder = parent.join(name);
    if folder.exists() {
        return Err(format!(
            "{} already exists; choose another name or remove it",
            folder.display()
        ));
    }
    let maps = folder.join("maps");
    let scenarios = folder.join("scenarios");
    for dir in [&maps, &scenarios] {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let scenario = scenarios.join(format!("{name}.ron"));
    let layer = maps.join(format!("{name}.geojson"));
    std::fs::write(&scenario, TEMPLATE_SCENARIO.replace("{{ID}}", name))
        .map_err(|e| format!("cannot write {}: {e}", scenario.display()))?;
    std::fs::write(&layer, TEMPLATE_LAYER)
        .map_err(|e| format!("cannot write {}: {e}", layer.display()))?;
    Ok(scenario)
}

/// What kind of file `validate` was given, told from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Scenario,
    KioskConfig,
    CueList,
    /// A GeoJSON file checked on its own, as a scenario's layer would be.
    Layer,
}

/// What a file given to `validate` is: GeoJSON by its extension or by starting with `{`,
/// otherwise told apart by its RON fields.
pub fn path_kind(path: &Path) -> FileKind {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(extension.as_deref(), Some("geojson" | "json")) {
        return FileKind::Layer;
    }
    match std::fs::read_to_string(path) {
        Ok(text)
            if text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('{') =>
        {
            FileKind::Layer
        }
        Ok(text) => file_kind(&text),
        Err(_) => FileKind::Scenario,
    }
}

/// Tells a kiosk configuration (it has `admin:`) and a cue list (it has `cues:`) from a
/// scenario.
pub fn file_kind(text: &str) -> FileKind {
    use crate::core::ron_text::field_position;
    if field_position(text, "cues").is_some() && field_position(text, "meta").is_none() {
        FileKind::CueList
    } else if field_position(text, "admin").is_some() && field_position(text, "meta").is_none() {
        FileKind::KioskConfig
    } else {
        FileKind::Scenario
    }
}

/// "GeoJSON layer; 12 features: 10 polygons, 2 lines", for `validate`'s summary line.
fn layer_summary(features: &[crate::core::geojson_layer::MapFeature]) -> String {
    let (mut polygons, mut lines, mut points, mut empty, mut collections) = (0, 0, 0, 0, 0);
    for feature in features {
        match &feature.geometry {
            Geometry::Polygon(_) | Geometry::MultiPolygon(_) => polygons += 1,
            Geometry::LineString(_) | Geometry::MultiLineString(_) => lines += 1,
            Geometry::Point(_) | Geometry::MultiPoint(_) => points += 1,
            Geometry::GeometryCollection(c) if c.0.is_empty() => empty += 1,
            _ => collections += 1,
        }
    }
    let mut parts = vec![
        format!("{polygons} polygons"),
        format!("{lines} lines"),
        format!("{points} points"),
    ];
    if collections > 0 {
        parts.push(format!("{collections} collections"));
    }
    if empty > 0 {
        parts.push(format!("{empty} without a shape"));
    }
    format!(
        "GeoJSON layer; {} features: {}",
        features.len(),
        parts.join(", ")
    )
}

/// Prints a file's problems and a summary line; true when it failed.
fn summarise(
    path: &Path,
    diagnostics: &[Diagnostic],
    loaded: Option<String>,
    strict: bool,
) -> bool {
    report(diagnostics);
    let errors = error_count(diagnostics);
    let warnings = warning_count(diagnostics);
    match &loaded {
        Some(what) => println!(
            "{}: {errors} error(s), {warnings} warning(s); {what}",
            path.display()
        ),
        None => println!(
            "{}: {errors} error(s), {warnings} warning(s); not loaded",
            path.display()
        ),
    }
    errors > 0 || loaded.is_none() || (strict && warnings > 0)
}

/// Loads and resolves a cue list against its scenario: the one `--scenario` names, else
/// the one the list names, else the default.
pub fn load_cues(
    path: &Path,
    scenario_arg: Option<&Path>,
) -> (
    Option<(crate::core::cues::CueList, Scenario)>,
    Vec<Diagnostic>,
) {
    use crate::core::cues::{parse_cue_file, read_cue_file, resolve_cues};
    let (text, mut diagnostics) = read_cue_file(path);
    let Some(text) = text else {
        return (None, diagnostics);
    };
    let parsed = parse_cue_file(&text, path);
    diagnostics.extend(parsed.diagnostics);
    let Some(file) = parsed.file else {
        return (None, diagnostics);
    };
    let scenario_file = match (scenario_arg, &file.scenario) {
        (Some(named), _) => named.to_path_buf(),
        (None, Some(own)) => {
            crate::core::load::lexically_normal(&path.parent().unwrap_or(Path::new(".")).join(own))
        }
        (None, None) => scenario_path(None),
    };
    let loaded = load_scenario(&scenario_file, DetailLoading::OnDemand);
    diagnostics.extend(loaded.diagnostics);
    let Some(scenario) = loaded.scenario else {
        diagnostics.push(Diagnostic::error(
            path,
            crate::core::diagnostics::Location::File,
            format!(
                "its scenario {} could not be loaded",
                scenario_file.display()
            ),
            "fix the scenario, or name another with --scenario",
        ));
        return (None, diagnostics);
    };
    let list = resolve_cues(&file, &text, path, &scenario, &mut diagnostics);
    (Some((list, scenario)), diagnostics)
}

/// `tideline validate`: exit code 0 when clean, 1 when any error (or warning with --strict).
/// Notes (a byte-order mark skipped) are shown but never fail the check.
pub fn validate(paths: &[PathBuf], strict: bool) -> i32 {
    let mut failed = false;
    for path in paths {
        match path_kind(path) {
            FileKind::Layer => {
                let mut diagnostics = Vec::new();
                let features =
                    crate::core::geojson_layer::load_geojson_file(path, &mut diagnostics);
                let what = features.map(|f| layer_summary(&f));
                failed |= summarise(path, &diagnostics, what, strict);
                continue;
            }
            FileKind::KioskConfig => {
                let loaded = crate::core::kiosk::load_kiosk_config(path);
                let what = loaded.config.as_ref().map(|c| {
                    format!(
                        "kiosk configuration; idle {} s, warning {} s, {} language(s)",
                        c.idle_timeout_seconds,
                        c.warning_seconds,
                        c.languages.len()
                    )
                });
                failed |= summarise(path, &loaded.diagnostics, what, strict);
                continue;
            }
            FileKind::CueList => {
                let (loaded, diagnostics) = load_cues(path, None);
                let what = loaded.map(|(list, _)| format!("cue list; {} cues", list.cues.len()));
                failed |= summarise(path, &diagnostics, what, strict);
                continue;
            }
            FileKind::Scenario => {}
        }
        let Loaded {
            scenario,
            diagnostics,
        } = load_scenario(path, DetailLoading::Now);
        report(&diagnostics);
        let errors = error_count(&diagnostics);
        let warnings = warning_count(&diagnostics);
        let summary = match &scenario {
            Some(s) => format!(
                "{}: {} error(s), {} warning(s); {} layers, {} areas, {} lines, {} movements, {} events\n",
                path.display(),
                errors,
                warnings,
                s.layers.len(),
                s.areas.len(),
                s.lines.len(),
                s.movements.len(),
                s.events.len()
            ),
            None => format!(
                "{}: {} error(s), {} warning(s); not loaded\n",
                path.display(),
                errors,
                warnings
            ),
        };
        if let Err(e) = print_out(&summary) {
            say(&format!("error: {e}"));
            return 1;
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
            "geometry": geometry_json(&Geometry::MultiPolygon((*a.shape).clone())),
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
        print_out(&(text + "\n"))
    } else {
        write_file(out, text.as_bytes())
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
