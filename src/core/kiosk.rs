//! The museum kiosk without Bevy: its RON configuration, checked with positions, and the idle and attract-loop timing that drives it.

use crate::core::diagnostics::{Diagnostic, Location};
use crate::core::model::Scenario;
use crate::core::ron_text::field_position;
use crate::core::scenario::Lang;
use crate::core::source::{Expected, decode_source, report_bad_bytes};
use crate::core::time::Moment;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The only kiosk configuration format this build reads.
pub const KIOSK_FORMAT: u32 = 1;

/// A screen corner, for the admin exit's long press.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Corner {
    #[default]
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}

/// How staff end kiosk mode (visitors cannot).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminExit {
    /// The corner to hold.
    #[serde(default)]
    pub corner: Corner,
    /// How long to hold it, in seconds.
    #[serde(default = "default_hold")]
    pub hold_seconds: f64,
    /// The PIN typed on the on-screen keypad after the long press: 4 to 12 digits.
    pub pin: String,
    /// An optional key chord that also opens the keypad, e.g. "Ctrl+Alt+Shift+K".
    #[serde(default)]
    pub chord: Option<String>,
}

fn default_hold() -> f64 {
    4.0
}

/// What the attract loop plays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attract {
    /// Scenario files (relative to the config file's folder), played one after another.
    /// Empty: the scenario the kiosk was started with.
    #[serde(default)]
    pub scenarios: Vec<String>,
    /// Playback speed between events, in the scenario's units (hours, days, years) a second.
    #[serde(default = "default_attract_speed")]
    pub speed: f64,
    /// Ease the camera to each event and hold there while its caption is read.
    #[serde(default = "default_true")]
    pub follow_events: bool,
    /// How long each event is held, in seconds.
    #[serde(default = "default_dwell")]
    pub dwell_seconds: f64,
    /// The first and last events of the loop (ids); default: all of them.
    #[serde(default)]
    pub from_event: Option<String>,
    #[serde(default)]
    pub to_event: Option<String>,
}

fn default_attract_speed() -> f64 {
    12.0
}

fn default_dwell() -> f64 {
    6.0
}

fn default_true() -> bool {
    true
}

impl Default for Attract {
    fn default() -> Self {
        Attract {
            scenarios: Vec::new(),
            speed: default_attract_speed(),
            follow_events: true,
            dwell_seconds: default_dwell(),
            from_event: None,
            to_event: None,
        }
    }
}

/// A kiosk configuration file (RON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KioskConfig {
    pub format: u32,
    /// Seconds without input before the warning.
    #[serde(default = "default_idle")]
    pub idle_timeout_seconds: f64,
    /// Seconds the warning counts down before the reset.
    #[serde(default = "default_warning")]
    pub warning_seconds: f64,
    #[serde(default)]
    pub attract: Attract,
    /// Languages offered, in button order.
    #[serde(default = "default_languages")]
    pub languages: Vec<Lang>,
    /// The language a reset returns to.
    #[serde(default)]
    pub default_language: Lang,
    pub admin: AdminExit,
    /// Frames a second while the attract loop plays (a cap saves power all day).
    #[serde(default = "default_cap")]
    pub attract_frame_cap: f64,
    /// Show the never-happened Hokkaido partition.
    #[serde(default = "default_true")]
    pub show_partition: bool,
}

fn default_idle() -> f64 {
    90.0
}

fn default_warning() -> f64 {
    10.0
}

fn default_languages() -> Vec<Lang> {
    Lang::ALL.to_vec()
}

fn default_cap() -> f64 {
    30.0
}

impl Default for KioskConfig {
    /// Sensible defaults for the 1945 campaign.
    fn default() -> Self {
        KioskConfig {
            format: KIOSK_FORMAT,
            idle_timeout_seconds: default_idle(),
            warning_seconds: default_warning(),
            attract: Attract {
                from_event: Some("war-declared".into()),
                to_event: Some("habomai".into()),
                ..Attract::default()
            },
            languages: default_languages(),
            default_language: Lang::En,
            admin: AdminExit {
                corner: Corner::TopLeft,
                hold_seconds: default_hold(),
                pin: "1945".into(),
                chord: None,
            },
            attract_frame_cap: default_cap(),
            show_partition: true,
        }
    }
}

/// A kiosk configuration and the problems found in it.
#[derive(Debug, Clone)]
pub struct LoadedKiosk {
    /// None when the file could not be used (the kiosk then starts with the defaults).
    pub config: Option<KioskConfig>,
    pub diagnostics: Vec<Diagnostic>,
}

/// How kiosk configuration files are named in messages about the file as a whole.
pub const KIOSK_FILE: Expected = Expected {
    what: "kiosk configuration",
    format: "RON (.ron)",
};

/// Reads and checks a kiosk configuration file.
pub fn load_kiosk_config(path: &Path) -> LoadedKiosk {
    match std::fs::read(path) {
        Ok(bytes) => parse_kiosk_bytes(&bytes, path),
        Err(e) => LoadedKiosk {
            config: None,
            diagnostics: vec![Diagnostic::error(
                path,
                Location::File,
                format!("cannot read the kiosk configuration: {e}"),
                "check the path given to --config",
            )],
        },
    }
}

/// Decodes and checks the bytes of a kiosk configuration file, as scenario files are decoded
/// (a byte-order mark skipped; UTF-16, binary and empty files refused; bytes that are not
/// UTF-8 reported at their line:column). `path` names it in diagnostics.
pub fn parse_kiosk_bytes(bytes: &[u8], path: &Path) -> LoadedKiosk {
    let mut diagnostics = Vec::new();
    let Some(source) = decode_source(bytes, path, KIOSK_FILE, &mut diagnostics) else {
        return LoadedKiosk {
            config: None,
            diagnostics,
        };
    };
    report_bad_bytes(&source, path, &mut diagnostics);
    let parsed = parse_kiosk_config(&source.text, path);
    diagnostics.extend(parsed.diagnostics);
    let usable = diagnostics.iter().all(|d| !d.is_error());
    LoadedKiosk {
        config: parsed.config.filter(|_| usable),
        diagnostics,
    }
}

/// Parses and checks kiosk configuration text; `path` names it in diagnostics.
pub fn parse_kiosk_config(text: &str, path: &Path) -> LoadedKiosk {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut diagnostics = Vec::new();
    let config: KioskConfig = match ron::from_str(text) {
        Ok(config) => config,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                path,
                Location::LineCol(e.span.start.line, e.span.start.col),
                format!("{}", e.code),
                "fix the RON at this position; see \"Run it as a kiosk\" in README.md",
            ));
            return LoadedKiosk {
                config: None,
                diagnostics,
            };
        }
    };
    let at = |key: &str| {
        field_position(text, key).map_or(Location::File, |(line, col)| Location::LineCol(line, col))
    };
    let mut error = |key: &str, message: String, hint: &str| {
        diagnostics.push(Diagnostic::error(path, at(key), message, hint));
    };
    if config.format != KIOSK_FORMAT {
        error(
            "format",
            format!("format {} is not supported", config.format),
            "write format: 1",
        );
    }
    let seconds = |v: f64, lo: f64, hi: f64| v.is_finite() && (lo..=hi).contains(&v);
    if !seconds(config.idle_timeout_seconds, 5.0, 86_400.0) {
        error(
            "idle_timeout_seconds",
            format!(
                "idle timeout {} s is out of range",
                config.idle_timeout_seconds
            ),
            "use 5 to 86400 seconds (default 90)",
        );
    }
    if !seconds(config.warning_seconds, 1.0, 600.0) {
        error(
            "warning_seconds",
            format!(
                "warning length {} s is out of range",
                config.warning_seconds
            ),
            "use 1 to 600 seconds (default 10)",
        );
    }
    if !(config.attract.speed.is_finite() && config.attract.speed > 0.0) {
        error(
            "speed",
            format!("attract speed {} is not positive", config.attract.speed),
            "use a positive number of scenario units (hours, days, years) a second",
        );
    }
    if !seconds(config.attract.dwell_seconds, 0.0, 600.0) {
        error(
            "dwell_seconds",
            format!("dwell {} s is out of range", config.attract.dwell_seconds),
            "use 0 to 600 seconds (default 6)",
        );
    }
    if !seconds(config.attract_frame_cap, 1.0, 240.0) {
        error(
            "attract_frame_cap",
            format!("frame cap {} is out of range", config.attract_frame_cap),
            "use 1 to 240 frames a second (default 30)",
        );
    }
    if config.languages.is_empty() {
        error(
            "languages",
            "no language offered".into(),
            "list at least one, e.g. languages: [en, ja, ru]",
        );
    } else if !config.languages.contains(&config.default_language) {
        error(
            "default_language",
            format!(
                "the default language {} is not among the languages offered",
                config.default_language.code()
            ),
            "add it to languages or pick one of them",
        );
    }
    let pin = &config.admin.pin;
    if !(4..=12).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
        error(
            "pin",
            "the admin PIN must be 4 to 12 digits".into(),
            "write it like pin: \"480916\"",
        );
    }
    if !seconds(config.admin.hold_seconds, 1.0, 30.0) {
        error(
            "hold_seconds",
            format!("hold {} s is out of range", config.admin.hold_seconds),
            "use 1 to 30 seconds (default 4)",
        );
    }
    if let Some(chord) = &config.admin.chord
        && parse_chord(chord).is_none()
    {
        error(
            "chord",
            format!("\"{chord}\" is not a key chord"),
            "write modifiers and one letter or F-key, e.g. \"Ctrl+Alt+Shift+K\"",
        );
    }
    let usable = diagnostics.iter().all(|d| !d.is_error());
    LoadedKiosk {
        config: usable.then_some(config),
        diagnostics,
    }
}

/// The attract loop's scenario files, resolved against the config file's folder.
pub fn attract_scenarios(config: &KioskConfig, config_path: Option<&Path>) -> Vec<PathBuf> {
    let base = config_path
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    config
        .attract
        .scenarios
        .iter()
        .map(|s| base.join(s))
        .collect()
}

/// A key chord: modifiers and one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chord {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
    /// "K", "F9", ...
    pub key: String,
}

/// Parses "Ctrl+Alt+Shift+K".
pub fn parse_chord(text: &str) -> Option<Chord> {
    let mut chord = Chord {
        ctrl: false,
        alt: false,
        shift: false,
        key: String::new(),
    };
    for part in text.split('+').map(str::trim) {
        match part.to_ascii_lowercase().as_str() {
            "ctrl" | "control" => chord.ctrl = true,
            "alt" => chord.alt = true,
            "shift" => chord.shift = true,
            key if chord.key.is_empty() => {
                let valid = (key.len() == 1 && key.chars().all(|c| c.is_ascii_alphanumeric()))
                    || (key.starts_with('f')
                        && key[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)));
                if !valid {
                    return None;
                }
                chord.key = key.to_ascii_uppercase();
            }
            _ => return None,
        }
    }
    // A chord a visitor could hit by accident is no lock: two modifiers at least.
    let modifiers = [chord.ctrl, chord.alt, chord.shift]
        .iter()
        .filter(|m| **m)
        .count();
    (!chord.key.is_empty() && modifiers >= 2).then_some(chord)
}

/// Where a kiosk is in its cycle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KioskPhase {
    /// Nobody is there: the loop plays.
    Attract,
    /// A visitor is exploring; `idle` seconds since their last touch.
    Explore { idle: f64 },
    /// Nobody touched for the idle timeout: counting down `left` seconds to the reset.
    Warning { left: f64 },
}

/// What the kiosk must do after a tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KioskStep {
    Nothing,
    /// Stop the loop and hand the map to the visitor.
    StartExploring,
    /// Show the countdown.
    ShowWarning,
    /// A touch during the countdown: back to exploring.
    CancelWarning,
    /// The countdown ran out: reset time, view, language and layers, and play the loop.
    Reset,
}

/// The idle cycle: attract loop, exploring, warning, reset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IdleCycle {
    pub phase: KioskPhase,
    pub idle_timeout: f64,
    pub warning: f64,
}

impl IdleCycle {
    pub fn new(config: &KioskConfig) -> IdleCycle {
        IdleCycle {
            phase: KioskPhase::Attract,
            idle_timeout: config.idle_timeout_seconds,
            warning: config.warning_seconds,
        }
    }

    /// Advances by `dt` seconds; `touched` is true when there was any input in them.
    pub fn tick(&mut self, dt: f64, touched: bool) -> KioskStep {
        match (self.phase, touched) {
            (KioskPhase::Attract, true) => {
                self.phase = KioskPhase::Explore { idle: 0.0 };
                KioskStep::StartExploring
            }
            (KioskPhase::Attract, false) => KioskStep::Nothing,
            (KioskPhase::Explore { .. }, true) => {
                self.phase = KioskPhase::Explore { idle: 0.0 };
                KioskStep::Nothing
            }
            (KioskPhase::Explore { idle }, false) => {
                let idle = idle + dt;
                if idle >= self.idle_timeout {
                    self.phase = KioskPhase::Warning { left: self.warning };
                    KioskStep::ShowWarning
                } else {
                    self.phase = KioskPhase::Explore { idle };
                    KioskStep::Nothing
                }
            }
            (KioskPhase::Warning { .. }, true) => {
                self.phase = KioskPhase::Explore { idle: 0.0 };
                KioskStep::CancelWarning
            }
            (KioskPhase::Warning { left }, false) => {
                let left = left - dt;
                if left <= 0.0 {
                    self.phase = KioskPhase::Attract;
                    KioskStep::Reset
                } else {
                    self.phase = KioskPhase::Warning { left };
                    KioskStep::Nothing
                }
            }
        }
    }

    /// Seconds until something happens without input (to wake a sleeping window in time).
    pub fn next_deadline(&self) -> Option<f64> {
        match self.phase {
            KioskPhase::Attract => None,
            KioskPhase::Explore { idle } => Some((self.idle_timeout - idle).max(0.0)),
            KioskPhase::Warning { left } => Some(left.max(0.0)),
        }
    }

    /// The whole seconds the countdown shows ("Returning to the start in 10…").
    pub fn countdown(&self) -> Option<u32> {
        match self.phase {
            KioskPhase::Warning { left } => Some(left.ceil().max(0.0) as u32),
            _ => None,
        }
    }
}

/// The admin PIN pad: digits typed after the long press.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PinPad {
    pub typed: String,
    /// Wrong PINs in a row: the pad closes after three.
    pub failures: u32,
}

/// What a PIN attempt did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinResult {
    Accepted,
    Rejected,
    /// Too many wrong PINs: the pad closes.
    LockedOut,
}

impl PinPad {
    pub fn type_digit(&mut self, digit: u32) {
        if self.typed.len() < 12
            && let Some(c) = char::from_digit(digit, 10)
        {
            self.typed.push(c);
        }
    }

    pub fn erase(&mut self) {
        self.typed.pop();
    }

    pub fn submit(&mut self, pin: &str) -> PinResult {
        let typed = std::mem::take(&mut self.typed);
        if typed == pin {
            self.failures = 0;
            PinResult::Accepted
        } else {
            self.failures += 1;
            if self.failures >= 3 {
                self.failures = 0;
                PinResult::LockedOut
            } else {
                PinResult::Rejected
            }
        }
    }
}

/// The attract loop: the clock plays from event to event, holding at each while its caption
/// is read, then starts again from the first.
#[derive(Debug, Clone, PartialEq)]
pub struct AttractLoop {
    /// The events the loop stops at, in order, with their moments.
    pub stops: Vec<(usize, Moment)>,
    /// Scenario seconds per real second between stops.
    pub speed: f64,
    /// Seconds held at each stop.
    pub dwell: f64,
    pub follow_events: bool,
    /// The moment shown.
    pub t: Moment,
    /// The stop last reached (index into `stops`).
    pub stop: usize,
    /// Seconds of holding left at that stop; None while travelling to the next.
    pub dwell_left: Option<f64>,
    /// Completed loops.
    pub wraps: u64,
    /// The next tick arrives at the current stop (after a start or a restart).
    arrive_pending: bool,
}

/// What the attract loop did in a tick.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttractTick {
    pub t: Moment,
    /// An event reached in this tick: select it, and frame it if the loop follows events.
    pub arrived: Option<usize>,
    /// The loop went back to its first stop.
    pub wrapped: bool,
}

impl AttractLoop {
    /// The loop over a scenario's events from `from_event` to `to_event` (ids; all events
    /// when absent or unknown).
    pub fn new(scenario: &Scenario, attract: &Attract) -> AttractLoop {
        let events = &scenario.events;
        let position = |id: &Option<String>| {
            id.as_ref()
                .and_then(|id| events.iter().position(|e| &e.id == id))
        };
        let first = position(&attract.from_event).unwrap_or(0);
        let last = position(&attract.to_event)
            .unwrap_or(events.len().saturating_sub(1))
            .max(first);
        let stops: Vec<(usize, Moment)> = (first..=last)
            .filter_map(|i| events.get(i).map(|e| (i, scenario.range.clamp(e.at))))
            .collect();
        let policy = scenario.meta.resolution.policy();
        let start = stops.first().map_or(scenario.range.start, |s| s.1);
        AttractLoop {
            stops,
            speed: policy.seconds_per_second(attract.speed),
            dwell: if attract.follow_events {
                attract.dwell_seconds
            } else {
                0.0
            },
            follow_events: attract.follow_events,
            t: start,
            stop: 0,
            dwell_left: None,
            wraps: 0,
            arrive_pending: true,
        }
    }

    /// Back to the first stop, as at start (the first tick arrives there).
    pub fn restart(&mut self) {
        self.stop = 0;
        self.t = self.stops.first().map_or(self.t, |s| s.1);
        self.dwell_left = None;
        self.arrive_pending = true;
    }

    /// The length of one loop in real seconds.
    pub fn loop_seconds(&self) -> f64 {
        let travel: f64 = self
            .stops
            .windows(2)
            .map(|w| (w[1].1.0 - w[0].1.0).max(0) as f64 / self.speed)
            .sum();
        travel + self.dwell * self.stops.len() as f64
    }

    /// Advances by `dt` real seconds.
    pub fn tick(&mut self, dt: f64) -> AttractTick {
        let mut tick = AttractTick {
            t: self.t,
            arrived: None,
            wrapped: false,
        };
        if self.stops.is_empty() || !(dt.is_finite() && dt > 0.0) {
            return tick;
        }
        if self.arrive_pending {
            self.arrive_pending = false;
            self.dwell_left = Some(self.dwell);
            tick.arrived = Some(self.stops[self.stop].0);
            return tick;
        }
        let mut budget = dt;
        // A tick longer than a whole loop (after a suspended machine or a stalled frame) skips
        // the whole loops at once: the loop is periodic, so only the remainder moves it. Walking
        // them would take time in proportion to the tick, or for ever once each stop's share is
        // too small to change the budget.
        let length = self.loop_seconds();
        if length > 0.0 && budget >= length {
            self.wraps = self.wraps.saturating_add((budget / length) as u64);
            tick.wrapped = true;
            budget %= length;
        }
        // A long tick may pass several stops; each is reached in turn.
        while budget > 0.0 {
            match self.dwell_left {
                Some(left) if left > budget => {
                    self.dwell_left = Some(left - budget);
                    budget = 0.0;
                }
                Some(left) => {
                    budget -= left;
                    self.dwell_left = None;
                    if self.stop + 1 >= self.stops.len() {
                        self.stop = 0;
                        self.t = self.stops[0].1;
                        self.wraps = self.wraps.saturating_add(1);
                        tick.wrapped = true;
                        self.dwell_left = Some(self.dwell);
                        tick.arrived = Some(self.stops[0].0);
                        if self.dwell <= 0.0 {
                            break;
                        }
                    }
                }
                None => {
                    let (next_event, next_at) = self.stops[self.stop + 1];
                    let remaining = (next_at.0 - self.t.0).max(0) as f64;
                    let reach = budget * self.speed;
                    if reach < remaining {
                        self.t = self.t.plus_seconds(reach.round() as i64);
                        budget = 0.0;
                    } else {
                        budget -= remaining / self.speed;
                        self.t = next_at;
                        self.stop += 1;
                        self.dwell_left = Some(self.dwell);
                        tick.arrived = Some(next_event);
                        if self.dwell <= 0.0 && budget <= 0.0 {
                            break;
                        }
                    }
                }
            }
        }
        tick.t = self.t;
        tick
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> LoadedKiosk {
        parse_kiosk_config(text, Path::new("kiosk.ron"))
    }

    #[test]
    fn a_minimal_config_takes_the_defaults() {
        let loaded = parse("(format: 1, admin: (pin: \"2468\"))");
        let config = loaded.config.expect("valid");
        assert_eq!(config.idle_timeout_seconds, 90.0);
        assert_eq!(config.warning_seconds, 10.0);
        assert_eq!(config.languages, vec![Lang::En, Lang::Ja, Lang::Ru]);
        assert!(config.show_partition);
    }

    #[test]
    fn bad_values_are_reported_at_their_field() {
        let text = "(\n  format: 1,\n  idle_timeout_seconds: -3.0,\n  admin: (pin: \"12a4\"),\n  languages: [ja],\n)";
        let loaded = parse(text);
        assert!(loaded.config.is_none());
        let text_of = |d: &Diagnostic| d.to_string();
        let all: Vec<String> = loaded.diagnostics.iter().map(text_of).collect();
        assert!(
            all.iter()
                .any(|d| d.starts_with("kiosk.ron:3:3: error: idle timeout")),
            "{all:?}"
        );
        assert!(
            all.iter()
                .any(|d| d.starts_with("kiosk.ron:4:11: error: the admin PIN")),
            "{all:?}"
        );
        assert!(
            all.iter().any(|d| d.contains("default language en")),
            "{all:?}"
        );
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let loaded =
            parse("(\n  format: 1,\n  idle_timeout_seconds: 90.0\n  admin: (pin: \"1234\"),\n)");
        assert!(loaded.config.is_none());
        assert!(
            matches!(loaded.diagnostics[0].location, Location::LineCol(4, _)),
            "{:?}",
            loaded.diagnostics
        );
    }

    #[test]
    fn chords_need_two_modifiers_and_one_key() {
        assert_eq!(
            parse_chord("Ctrl+Alt+Shift+K"),
            Some(Chord {
                ctrl: true,
                alt: true,
                shift: true,
                key: "K".into()
            })
        );
        assert!(parse_chord("Ctrl+F9").is_none());
        assert!(parse_chord("Ctrl+Alt+F9").is_some());
        assert!(parse_chord("Alt+F4+K").is_none());
        assert!(parse_chord("Ctrl+Alt").is_none());
    }

    #[test]
    fn idle_timeout_warns_then_resets_and_a_touch_cancels() {
        let config = KioskConfig {
            idle_timeout_seconds: 15.0,
            warning_seconds: 10.0,
            ..KioskConfig::default()
        };
        let mut cycle = IdleCycle::new(&config);
        // Ticks of an eighth of a second add up exactly.
        assert_eq!(cycle.tick(0.125, true), KioskStep::StartExploring);
        for _ in 0..119 {
            assert_eq!(cycle.tick(0.125, false), KioskStep::Nothing);
        }
        assert_eq!(cycle.tick(0.125, false), KioskStep::ShowWarning);
        assert_eq!(cycle.countdown(), Some(10));
        assert_eq!(cycle.tick(0.5, false), KioskStep::Nothing);
        assert_eq!(cycle.tick(0.125, true), KioskStep::CancelWarning);
        assert!(matches!(cycle.phase, KioskPhase::Explore { idle } if idle == 0.0));
        let mut steps = Vec::new();
        for _ in 0..208 {
            steps.push(cycle.tick(0.125, false));
        }
        assert!(steps.contains(&KioskStep::ShowWarning));
        assert_eq!(steps.last(), Some(&KioskStep::Nothing));
        assert!(steps.contains(&KioskStep::Reset));
        assert_eq!(cycle.phase, KioskPhase::Attract);
    }

    #[test]
    fn three_wrong_pins_close_the_pad() {
        let mut pad = PinPad::default();
        for d in [1, 2, 3, 4] {
            pad.type_digit(d);
        }
        assert_eq!(pad.submit("1945"), PinResult::Rejected);
        assert_eq!(pad.submit("1945"), PinResult::Rejected);
        assert_eq!(pad.submit("0000"), PinResult::LockedOut);
        for d in [1, 9, 4, 5] {
            pad.type_digit(d);
        }
        assert_eq!(pad.submit("1945"), PinResult::Accepted);
    }
}
