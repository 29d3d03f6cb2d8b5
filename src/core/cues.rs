//! Lecture cue lists: the RON format, checked against a scenario with positions, and the handout.

use crate::core::diagnostics::{Diagnostic, Location};
use crate::core::model::Scenario;
use crate::core::ron_text::{field_offsets, line_col, list_item_positions};
use crate::core::scenario::{BoundsSpec, Focus, Lang, LonLat, Text};
use crate::core::source::{Expected, decode_source, report_bad_bytes};
use crate::core::time::{DateStyle, Moment, format_moment, parse_moment};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The only cue-list format this build reads.
pub const CUES_FORMAT: u32 = 1;

/// Where the camera goes at a cue.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub enum CameraSpec {
    /// The cue's event's focus (or stay, if it has none or the cue has no event).
    #[default]
    Event,
    /// Stay where it is.
    Keep,
    /// The scenario's whole region.
    Home,
    /// A point and the width of the view in kilometres.
    Focus { center: LonLat, span_km: f64 },
    /// A geographic box, shown whole.
    Box(BoundsSpec),
}

/// One cue as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CueSpec {
    /// A short name for the handout and the presenter.
    #[serde(default)]
    pub title: Option<String>,
    /// An event of the scenario: the time goes to its moment and the caption leads with it.
    #[serde(default)]
    pub event: Option<String>,
    /// A moment instead of (or besides) an event, e.g. "1945-08-18T06:00".
    #[serde(default)]
    pub at: Option<String>,
    #[serde(default)]
    pub camera: CameraSpec,
    /// Layers switched on (true) or off (false), by layer id.
    #[serde(default)]
    pub layers: BTreeMap<String, bool>,
    /// Show or hide the never-happened Hokkaido partition.
    #[serde(default)]
    pub counterfactual: Option<bool>,
    #[serde(default)]
    pub lang: Option<Lang>,
    /// A caption of the cue's own, instead of the event's title.
    #[serde(default)]
    pub caption: Option<Text>,
    /// What the presenter wants to say (not shown; printed in the handout).
    #[serde(default)]
    pub notes: String,
    /// How long moving to this cue takes, in seconds (default: the list's).
    #[serde(default)]
    pub seconds: Option<f64>,
    /// How long an export holds the cue after arriving, in seconds (default: the list's).
    #[serde(default)]
    pub hold: Option<f64>,
}

/// A cue-list file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CueFile {
    pub format: u32,
    #[serde(default)]
    pub title: Option<Text>,
    /// The scenario the cues are written for (a path relative to this file), for checking
    /// and for `tideline lecture --cues` without `--scenario`.
    #[serde(default)]
    pub scenario: Option<String>,
    /// Default seconds a move to a cue takes.
    #[serde(default = "default_seconds")]
    pub transition_seconds: f64,
    /// Default seconds an export holds each cue.
    #[serde(default = "default_hold")]
    pub hold_seconds: f64,
    pub cues: Vec<CueSpec>,
}

fn default_seconds() -> f64 {
    1.5
}

fn default_hold() -> f64 {
    2.0
}

/// A resolved camera target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CueCamera {
    Keep,
    Home,
    Focus(Focus),
    Box(BoundsSpec),
}

/// A cue resolved against a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    pub title: String,
    pub time: Moment,
    pub event: Option<usize>,
    /// The event the caption leads with on arrival: the cue's event when the cue goes to
    /// its moment (not when it names another moment with `at`).
    pub lead_event: Option<usize>,
    pub camera: CueCamera,
    /// Layer index and whether it is shown.
    pub layers: Vec<(usize, bool)>,
    pub counterfactual: Option<bool>,
    pub lang: Option<Lang>,
    pub caption: Option<Text>,
    pub notes: String,
    pub seconds: f64,
    pub hold: f64,
}

/// A cue list ready to play.
#[derive(Debug, Clone, PartialEq)]
pub struct CueList {
    pub title: Option<Text>,
    pub cues: Vec<Cue>,
}

impl CueList {
    /// Without a cue file, a lecture steps through the scenario's events.
    pub fn from_events(scenario: &Scenario) -> CueList {
        CueList {
            title: Some(scenario.meta.title.clone()),
            cues: scenario
                .events
                .iter()
                .enumerate()
                .map(|(i, e)| Cue {
                    title: e.title.en.clone(),
                    time: scenario.range.clamp(e.at),
                    event: Some(i),
                    lead_event: Some(i),
                    camera: e.focus.map_or(CueCamera::Keep, CueCamera::Focus),
                    layers: Vec::new(),
                    counterfactual: None,
                    lang: None,
                    caption: None,
                    notes: String::new(),
                    seconds: default_seconds(),
                    hold: default_hold(),
                })
                .collect(),
        }
    }
}

/// A cue list, its scenario path if it names one, and the problems found.
#[derive(Debug, Clone)]
pub struct LoadedCues {
    pub file: Option<CueFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// How cue-list files are named in messages about the file as a whole.
pub const CUES_FILE: Expected = Expected {
    what: "cue list",
    format: "RON (.ron)",
};

/// Reads a cue file's text; problems get file:line:column.
pub fn read_cue_file(path: &Path) -> (Option<String>, Vec<Diagnostic>) {
    match std::fs::read(path) {
        Ok(bytes) => decode_cue_bytes(&bytes, path),
        Err(e) => (
            None,
            vec![Diagnostic::error(
                path,
                Location::File,
                format!("cannot read the cue list: {e}"),
                "check the path given to --cues",
            )],
        ),
    }
}

/// Decodes the bytes of a cue file, as scenario files are decoded (a byte-order mark skipped;
/// UTF-16, binary and empty files refused with None). Bytes that are not UTF-8 are reported at
/// their line:column as an error and show as U+FFFD in the text, so the rest is still checked.
pub fn decode_cue_bytes(bytes: &[u8], path: &Path) -> (Option<String>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let source = decode_source(bytes, path, CUES_FILE, &mut diagnostics);
    if let Some(source) = &source {
        report_bad_bytes(source, path, &mut diagnostics);
    }
    (source.map(|s| s.text), diagnostics)
}

/// Parses cue-list text (syntax and types only).
pub fn parse_cue_file(text: &str, path: &Path) -> LoadedCues {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match ron::from_str::<CueFile>(text) {
        Ok(file) => {
            let mut diagnostics = Vec::new();
            if file.format != CUES_FORMAT {
                diagnostics.push(Diagnostic::error(
                    path,
                    position_of(text, "format", 0),
                    format!("format {} is not supported", file.format),
                    "write format: 1",
                ));
            }
            if file.cues.is_empty() {
                diagnostics.push(Diagnostic::error(
                    path,
                    position_of(text, "cues", 0),
                    "the cue list is empty",
                    "add at least one cue: cues: [(event: Some(\"...\"))]",
                ));
            }
            let usable = diagnostics.iter().all(|d| !d.is_error());
            LoadedCues {
                file: usable.then_some(file),
                diagnostics,
            }
        }
        Err(e) => LoadedCues {
            file: None,
            diagnostics: vec![Diagnostic::error(
                path,
                Location::LineCol(e.span.start.line, e.span.start.col),
                format!("{}", e.code),
                "fix the RON at this position; see \"Give a lecture\" in README.md",
            )],
        },
    }
}

fn position_of(text: &str, key: &str, nth: usize) -> Location {
    field_offsets(text, key)
        .get(nth)
        .map_or(Location::File, |&o| {
            let (line, col) = line_col(text, o);
            Location::LineCol(line, col)
        })
}

/// Resolves a parsed cue file against a scenario, reporting each unknown reference or bad
/// value at its cue's position. Cues with errors are left out.
pub fn resolve_cues(
    file: &CueFile,
    text: &str,
    path: &Path,
    scenario: &Scenario,
    diagnostics: &mut Vec<Diagnostic>,
) -> CueList {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let positions = list_item_positions(text, "cues");
    let mut cues = Vec::new();
    let seconds_ok = |v: f64| v.is_finite() && (0.0..=120.0).contains(&v);
    for (n, spec) in file.cues.iter().enumerate() {
        let at = positions
            .get(n)
            .map_or(Location::Item(format!("cue {}", n + 1)), |&(l, c)| {
                Location::LineCol(l, c)
            });
        let mut fail = |message: String, hint: &str| {
            diagnostics.push(Diagnostic::error(
                path,
                at.clone(),
                format!("cue {}: {message}", n + 1),
                hint,
            ));
        };
        let event = match &spec.event {
            Some(id) => match scenario.events.iter().position(|e| &e.id == id) {
                Some(i) => Some(i),
                None => {
                    fail(
                        format!("unknown event \"{id}\""),
                        "use an event id; `tideline events` lists them",
                    );
                    continue;
                }
            },
            None => None,
        };
        let time = match (&spec.at, event) {
            (Some(text), _) => match parse_moment(text, scenario.zone) {
                Ok(t) if scenario.range.contains(t) => t,
                Ok(_) => {
                    fail(
                        format!("{text} is outside the scenario's range"),
                        "pick a moment between the scenario's start and end",
                    );
                    continue;
                }
                Err(e) => {
                    fail(e.0, "write at: Some(\"1945-08-18T06:00\")");
                    continue;
                }
            },
            (None, Some(i)) => scenario.range.clamp(scenario.events[i].at),
            (None, None) => {
                fail(
                    "has neither an event nor a moment".into(),
                    "give event: Some(\"id\") or at: Some(\"1945-08-18\")",
                );
                continue;
            }
        };
        let camera = match spec.camera {
            CameraSpec::Event => match event.and_then(|i| scenario.events[i].focus) {
                Some(focus) => CueCamera::Focus(focus),
                None => CueCamera::Keep,
            },
            CameraSpec::Keep => CueCamera::Keep,
            CameraSpec::Home => CueCamera::Home,
            CameraSpec::Focus { center, span_km } => {
                let valid = (-180.0..=180.0).contains(&center.0)
                    && (-90.0..=90.0).contains(&center.1)
                    && span_km.is_finite()
                    && span_km > 0.0;
                if !valid {
                    fail(
                        "camera focus is out of range".into(),
                        "write Focus(center: (longitude, latitude), span_km: 300.0)",
                    );
                    continue;
                }
                CueCamera::Focus(Focus { center, span_km })
            }
            CameraSpec::Box(b) => {
                let valid = b.west < b.east
                    && b.south < b.north
                    && (-180.0..=180.0).contains(&b.west)
                    && (-180.0..=180.0).contains(&b.east)
                    && (-90.0..=90.0).contains(&b.south)
                    && (-90.0..=90.0).contains(&b.north);
                if !valid {
                    fail(
                        "camera box is empty or out of range".into(),
                        "write Box((west: 140.0, south: 41.0, east: 146.0, north: 46.0))",
                    );
                    continue;
                }
                CueCamera::Box(b)
            }
        };
        let mut layers = Vec::new();
        let mut bad_layer = false;
        for (id, on) in &spec.layers {
            match scenario.layers.iter().position(|l| &l.spec.id == id) {
                Some(i) => layers.push((i, *on)),
                None => {
                    fail(
                        format!("unknown layer \"{id}\""),
                        "use a layer id from the scenario's layers",
                    );
                    bad_layer = true;
                }
            }
        }
        if bad_layer {
            continue;
        }
        let seconds = spec.seconds.unwrap_or(file.transition_seconds);
        let hold = spec.hold.unwrap_or(file.hold_seconds);
        if !seconds_ok(seconds) || !seconds_ok(hold) {
            fail(
                "transition or hold time is out of range".into(),
                "use 0 to 120 seconds",
            );
            continue;
        }
        let title = spec.title.clone().unwrap_or_else(|| match event {
            Some(i) => scenario.events[i].title.en.clone(),
            None => format_moment(time, scenario.zone, Lang::En, DateStyle::DateTime),
        });
        cues.push(Cue {
            title,
            time,
            event,
            lead_event: if spec.at.is_none() { event } else { None },
            camera,
            layers,
            counterfactual: spec.counterfactual,
            lang: spec.lang,
            caption: spec.caption.clone(),
            notes: spec.notes.clone(),
            seconds,
            hold,
        });
    }
    CueList {
        title: file.title.clone(),
        cues,
    }
}

/// The cues and their notes as Markdown, for the lecturer's handout.
pub fn handout(list: &CueList, scenario: &Scenario, lang: Lang) -> String {
    let mut out = String::new();
    let title = list
        .title
        .as_ref()
        .map_or(scenario.meta.title.get(lang), |t| t.get(lang));
    out.push_str(&format!("# {title}\n\n"));
    for (n, cue) in list.cues.iter().enumerate() {
        let when = format_moment(
            cue.time,
            scenario.zone,
            lang,
            DateStyle::for_resolution(scenario.meta.resolution),
        );
        out.push_str(&format!("## {}. {}\n\n*{when}*", n + 1, cue.title));
        if let Some(event) = cue.event {
            out.push_str(&format!(" — {}", scenario.events[event].title.get(lang)));
        }
        out.push_str("\n\n");
        if let Some(caption) = &cue.caption {
            out.push_str(&format!("> {}\n\n", caption.get(lang)));
        }
        if !cue.notes.trim().is_empty() {
            out.push_str(cue.notes.trim());
            out.push_str("\n\n");
        }
    }
    out
}
