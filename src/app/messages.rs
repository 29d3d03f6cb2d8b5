//! Every resource and message the plugins share: the UI and input only write messages.

use crate::core::model::Scenario;
use crate::core::scenario::{Focus, Lang};
use crate::core::time::Moment;
use crate::core::timeline::MapState;
use bevy::prelude::*;
use std::sync::Arc;

/// The loaded scenario, immutable and shared.
#[derive(Resource, Clone)]
pub struct LoadedScenario(pub Arc<Scenario>);

/// The moment shown and whether it is moving. Changed only by `TimeCommand`s and playback.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Clock {
    pub t: Moment,
    pub playing: bool,
    /// Scenario hours per real second while playing.
    pub speed: f64,
    /// The event stepped or clicked to (index into `Scenario::events`), so events that share
    /// a moment can be stepped through one by one and the caption leads with it.
    pub selected_event: Option<usize>,
}

/// Playback speeds offered, in scenario hours per second.
pub const SPEEDS: [f64; 6] = [1.0, 3.0, 6.0, 12.0, 24.0, 72.0];

/// The evaluated state at `Clock::t`, recomputed only when the time changes.
#[derive(Resource, Debug, Clone)]
pub struct Evaluated {
    pub state: MapState,
    pub fingerprint: u64,
}

/// What is shown and how.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Display {
    pub lang: Lang,
    /// Draw things proposed but never carried out (the Hokkaido partition).
    pub show_counterfactual: bool,
    /// One flag per scenario layer.
    pub layers: Vec<bool>,
    /// Hide every control (lecture mode and renders).
    pub controls_hidden: bool,
    /// Title, date and legend overlay, for renders and the hidden-controls view.
    pub overlay: bool,
    /// A black screen (B or "." on a clicker).
    pub blackout: bool,
}

/// Requests that change the time.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub enum TimeCommand {
    SetTime(Moment),
    /// Go to an event's moment and lead the caption with it.
    SelectEvent(usize),
    /// Jump to the next (+1) or previous (-1) event.
    StepEvent(i32),
    /// Move by whole units of the scenario's resolution.
    StepUnit(i64),
    TogglePlay,
    SetPlaying(bool),
    SetSpeed(f64),
}

/// Requests that move the camera.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub enum ViewCommand {
    FitHome,
    Focus(Focus),
    /// Multiply the zoom by `factor`, keeping the point under `anchor` (window pixels) fixed.
    ZoomAt {
        factor: f64,
        anchor: Option<Vec2>,
    },
    /// Move the map by a drag of this many window pixels.
    PanPixels(Vec2),
}

/// Requests that change what is shown.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub enum DisplayCommand {
    ToggleLayer(usize),
    SetLang(Lang),
    ToggleCounterfactual,
    ToggleControls,
    ToggleBlackout,
}

/// The order of work in a frame.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TidelineSet {
    /// Keyboard, mouse and touch become messages.
    Input,
    /// Messages change the clock, the view and the display.
    Apply,
    /// The clock's moment is evaluated.
    Evaluate,
    /// Meshes follow the evaluated state and the view.
    Draw,
}
