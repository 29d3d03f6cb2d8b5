//! What every loader promises about what it gives back, checked on arbitrary input by the fuzz
//! targets (fuzz/) and on the committed fuzz corpus by tests/fuzz_corpus.rs. Each `*_input`
//! function drives one loader the way its fuzz target does and returns the first broken promise.

use crate::core::cues::{
    CueCamera, CueList, decode_cue_bytes, handout, parse_cue_file, resolve_cues,
};
use crate::core::diagnostics::Diagnostic;
use crate::core::frames::cue_frames;
use crate::core::geojson_layer::{MapFeature, parse_geojson_bytes};
use crate::core::kiosk::{
    AttractLoop, IdleCycle, KIOSK_FORMAT, KioskConfig, KioskPhase, KioskStep, parse_chord,
    parse_kiosk_bytes,
};
use crate::core::load::{DetailLoading, parse_scenario_bytes};
use crate::core::model::Scenario;
use crate::core::scenario::Lang;
use crate::core::time::{Moment, Zone, iso, parse_moment};
use crate::core::validity::signed_area2;
use crate::core::view::MapView;
use geo::{Coord, CoordsIter, Geometry, LineString};
use glam::Vec2;
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

/// The kiosk configuration loader on `input`: a configuration is only given back when every
/// value is in its documented range, and its idle cycle and attract loop (over `scenario`)
/// behave.
pub fn kiosk_input(input: &[u8], scenario: &Scenario) -> Option<String> {
    let mut config = None;
    loader_input(input, |bytes, diagnostics| {
        let loaded = parse_kiosk_bytes(bytes, Path::new("fuzz.ron"));
        *diagnostics = loaded.diagnostics;
        config = loaded.config;
        config.is_some()
    })
    .or_else(|| config.and_then(|config| kiosk_promise(&config, scenario)))
}

/// What an accepted kiosk configuration promises to the kiosk: the ranges README.md documents,
/// an idle cycle that warns, resets and can be cancelled, and an attract loop over `scenario`
/// that stays in its range and stops only at its events.
pub fn kiosk_promise(config: &KioskConfig, scenario: &Scenario) -> Option<String> {
    let within = |v: f64, lo: f64, hi: f64| v.is_finite() && (lo..=hi).contains(&v);
    let pin = &config.admin.pin;
    let broken = [
        (config.format != KIOSK_FORMAT, "an unknown format"),
        (
            !within(config.idle_timeout_seconds, 5.0, 86_400.0),
            "an idle timeout out of range",
        ),
        (
            !within(config.warning_seconds, 1.0, 600.0),
            "a warning length out of range",
        ),
        (
            !(config.attract.speed.is_finite() && config.attract.speed > 0.0),
            "an attract speed that is not positive",
        ),
        (
            !within(config.attract.dwell_seconds, 0.0, 600.0),
            "a dwell out of range",
        ),
        (
            !within(config.attract_frame_cap, 1.0, 240.0),
            "a frame cap out of range",
        ),
        (
            !config.languages.contains(&config.default_language),
            "a default language that is not offered",
        ),
        (
            !((4..=12).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit())),
            "a PIN that is not 4 to 12 digits",
        ),
        (
            !within(config.admin.hold_seconds, 1.0, 30.0),
            "a hold out of range",
        ),
        (
            config
                .admin
                .chord
                .as_deref()
                .is_some_and(|c| parse_chord(c).is_none()),
            "a chord that does not parse",
        ),
    ];
    if let Some((_, what)) = broken.iter().find(|(broken, _)| *broken) {
        return Some(format!("accepted a configuration with {what}: {config:?}"));
    }
    idle_cycle_promise(config).or_else(|| attract_promise(config, scenario))
}

/// Nobody touches: the warning comes after the idle timeout and the reset after the warning;
/// a touch during the warning cancels it.
fn idle_cycle_promise(config: &KioskConfig) -> Option<String> {
    let mut cycle = IdleCycle::new(config);
    let mut steps = vec![
        cycle.tick(0.0, true),
        cycle.tick(config.idle_timeout_seconds, false),
    ];
    let countdown = cycle.countdown();
    steps.push(cycle.tick(0.0, true));
    steps.push(cycle.tick(config.idle_timeout_seconds, false));
    steps.push(cycle.tick(config.warning_seconds, false));
    let expected = [
        KioskStep::StartExploring,
        KioskStep::ShowWarning,
        KioskStep::CancelWarning,
        KioskStep::ShowWarning,
        KioskStep::Reset,
    ];
    let shown = config.warning_seconds.ceil() as u32;
    if steps != expected || countdown != Some(shown) || cycle.phase != KioskPhase::Attract {
        return Some(format!(
            "the idle cycle went {steps:?} (countdown {countdown:?}): {config:?}"
        ));
    }
    None
}

/// The attract loop stays inside the scenario's range and arrives only at its own stops, on
/// frame-sized and on very long ticks (a window that slept).
fn attract_promise(config: &KioskConfig, scenario: &Scenario) -> Option<String> {
    let mut looped = AttractLoop::new(scenario, &config.attract);
    if looped.loop_seconds().is_nan() {
        return Some(format!("the attract loop has no length: {config:?}"));
    }
    let frame = 1.0 / config.attract_frame_cap;
    for dt in [frame, frame, 0.5, 7.0, 600.0, 1e6, 1e12, frame, 0.0, -1.0] {
        let tick = looped.tick(dt);
        if !scenario.range.contains(tick.t) {
            return Some(format!(
                "the attract loop left the scenario's range after a tick of {dt} s: {config:?}"
            ));
        }
        if let Some(event) = tick.arrived
            && !looped.stops.iter().any(|&(stop, _)| stop == event)
        {
            return Some(format!(
                "the attract loop arrived at event {event}, not one of its stops: {config:?}"
            ));
        }
    }
    None
}

/// The cue-list loader on `input`, resolved against `scenario`: every cue it gives back can
/// be played (its time, event, layers, camera and timings valid), and the handout prints.
pub fn cues_input(input: &[u8], scenario: &Scenario) -> Option<String> {
    let mut list = None;
    loader_input(input, |bytes, diagnostics| {
        let path = Path::new("fuzz.ron");
        let (text, read) = decode_cue_bytes(bytes, path);
        diagnostics.extend(read);
        let Some(text) = text else {
            return false;
        };
        let parsed = parse_cue_file(&text, path);
        diagnostics.extend(parsed.diagnostics);
        let Some(file) = parsed.file else {
            return false;
        };
        list = Some(resolve_cues(&file, &text, path, scenario, diagnostics));
        true
    })
    .or_else(|| list.and_then(|list| cue_list_promise(&list, scenario)))
}

/// What a resolved cue list promises to the lecture and the export: every cue can be played
/// against `scenario`, its frames stay in the scenario's range with a finite camera, and the
/// handout prints a heading for each cue in every language.
pub fn cue_list_promise(list: &CueList, scenario: &Scenario) -> Option<String> {
    let in_range =
        |lon: f64, lat: f64| (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat);
    let timing = |v: f64| v.is_finite() && (0.0..=120.0).contains(&v);
    for (n, cue) in list.cues.iter().enumerate() {
        let camera_ok = match cue.camera {
            CueCamera::Keep | CueCamera::Home => true,
            CueCamera::Focus(f) => {
                in_range(f.center.0, f.center.1) && f.span_km.is_finite() && f.span_km > 0.0
            }
            CueCamera::Box(b) => {
                b.west < b.east
                    && b.south < b.north
                    && in_range(b.west, b.south)
                    && in_range(b.east, b.north)
            }
        };
        let broken = [
            (
                !scenario.range.contains(cue.time),
                "a time outside the scenario",
            ),
            (
                cue.event.is_some_and(|i| i >= scenario.events.len()),
                "an event the scenario does not have",
            ),
            (
                cue.lead_event.is_some() && cue.lead_event != cue.event,
                "a caption led by another event",
            ),
            (
                cue.layers.iter().any(|&(i, _)| i >= scenario.layers.len()),
                "a layer the scenario does not have",
            ),
            (!camera_ok, "a camera target out of range"),
            (
                !(timing(cue.seconds) && timing(cue.hold)),
                "a timing out of range",
            ),
        ];
        if let Some((_, what)) = broken.iter().find(|(broken, _)| *broken) {
            return Some(format!("cue {} has {what}: {cue:?}", n + 1));
        }
    }
    // One frame a second keeps the check quick; the export's frame count is checked there.
    let view = MapView::for_scenario(scenario, Vec2::new(1920.0, 1080.0));
    if !list.cues.is_empty()
        && let Ok(frames) = cue_frames(list, scenario, &view, 1.0)
        && let Some(frame) = frames.iter().find(|f| {
            !(scenario.range.contains(f.t)
                && f.center.is_finite()
                && f.px_per_km.is_finite()
                && f.px_per_km > 0.0)
        })
    {
        return Some(format!(
            "cue {} exports a broken frame: {frame:?}",
            frame.cue + 1
        ));
    }
    for lang in Lang::ALL {
        let printed = handout(list, scenario, lang);
        let headings = printed.lines().filter(|l| l.starts_with("## ")).count();
        if headings < list.cues.len() {
            return Some(format!(
                "the {} handout has {headings} headings for {} cues",
                lang.code(),
                list.cues.len()
            ));
        }
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::cues::Cue;
    use crate::core::kiosk::{AdminExit, Attract};
    use crate::core::load::load_scenario;
    use crate::core::scenario::Focus;
    use std::path::PathBuf;

    fn project(relative: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
    }

    fn mini() -> Scenario {
        load_scenario(
            &project("tests/fixtures/scenarios/mini.ron"),
            DetailLoading::OnDemand,
        )
        .scenario
        .expect("the mini scenario loads")
    }

    fn a_cue(scenario: &Scenario) -> Cue {
        Cue {
            title: "first".into(),
            time: scenario.range.clamp(scenario.events[0].at),
            event: Some(0),
            lead_event: Some(0),
            camera: CueCamera::Keep,
            layers: vec![(0, true)],
            counterfactual: None,
            lang: None,
            caption: None,
            notes: "say something".into(),
            seconds: 1.5,
            hold: 2.0,
        }
    }

    #[test]
    fn the_shipped_kiosk_config_keeps_its_promises() {
        let bytes = std::fs::read(project("assets/deploy/kiosk.ron")).unwrap();
        assert_eq!(kiosk_input(&bytes, &mini()), None);
    }

    #[test]
    fn a_kiosk_config_out_of_range_breaks_a_promise() {
        let scenario = mini();
        assert_eq!(kiosk_promise(&KioskConfig::default(), &scenario), None);
        let short_pin = KioskConfig {
            admin: AdminExit {
                pin: "12".into(),
                ..KioskConfig::default().admin
            },
            ..KioskConfig::default()
        };
        let broken = kiosk_promise(&short_pin, &scenario).expect("a PIN of two digits");
        assert!(broken.contains("PIN"), "{broken}");
        let no_speed = KioskConfig {
            attract: Attract {
                speed: f64::NAN,
                ..Attract::default()
            },
            ..KioskConfig::default()
        };
        let broken = kiosk_promise(&no_speed, &scenario).expect("a NaN speed");
        assert!(broken.contains("attract speed"), "{broken}");
    }

    #[test]
    fn a_refused_kiosk_config_says_why() {
        let scenario = mini();
        // Refused with an error at a position inside the input: the promise holds.
        assert_eq!(kiosk_input(b"(format: 1,", &scenario), None);
        assert_eq!(kiosk_input(b"\xFF\xFE(\0", &scenario), None);
        let loaded = parse_kiosk_bytes(
            b"(format: 1, admin: (pin: \"12\xE94\"))",
            Path::new("k.ron"),
        );
        assert!(
            loaded.config.is_none(),
            "bytes that are not UTF-8 are an error"
        );
        assert!(
            loaded
                .diagnostics
                .iter()
                .any(|d| d.message.contains("not UTF-8"))
        );
    }

    #[test]
    fn the_readme_cue_list_keeps_its_promises() {
        let campaign = load_scenario(
            &project("scenarios/1945-august-storm.ron"),
            DetailLoading::OnDemand,
        )
        .scenario
        .expect("the campaign loads");
        let readme = std::fs::read_to_string(project("README.md")).unwrap();
        let section = &readme[readme.find("## Give a lecture").unwrap()..];
        let start = section.find("```ron\n").unwrap() + 7;
        let end = start + section[start..].find("```").unwrap();
        assert_eq!(cues_input(&section.as_bytes()[start..end], &campaign), None);
    }

    #[test]
    fn a_cue_the_scenario_cannot_play_breaks_a_promise() {
        let scenario = mini();
        let list = |cue: Cue| CueList {
            title: None,
            cues: vec![a_cue(&scenario), cue],
        };
        assert_eq!(cue_list_promise(&list(a_cue(&scenario)), &scenario), None);
        let broken_by = |cue: Cue| cue_list_promise(&list(cue), &scenario).unwrap_or_default();
        let unknown_event = Cue {
            event: Some(99),
            lead_event: Some(99),
            ..a_cue(&scenario)
        };
        assert!(broken_by(unknown_event).starts_with("cue 2 has an event"));
        let led_by_another = Cue {
            lead_event: Some(1),
            ..a_cue(&scenario)
        };
        assert!(broken_by(led_by_another).contains("led by another event"));
        let too_late = Cue {
            time: scenario.range.end.plus_seconds(1),
            ..a_cue(&scenario)
        };
        assert!(broken_by(too_late).contains("a time outside"));
        let nowhere = Cue {
            camera: CueCamera::Focus(Focus {
                center: (200.0, 0.0),
                span_km: 10.0,
            }),
            ..a_cue(&scenario)
        };
        assert!(broken_by(nowhere).contains("camera target"));
        let forever = Cue {
            hold: f64::INFINITY,
            ..a_cue(&scenario)
        };
        assert!(broken_by(forever).contains("timing"));
    }
}
