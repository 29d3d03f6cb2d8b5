//! The app's vocabulary: every message the input, the interface and the modes write, registered in one plugin.

use crate::core::cues::CueCamera;
use crate::core::scenario::{BoundsSpec, Focus, Lang};
use crate::core::time::Moment;
use bevy::prelude::*;

/// Requests that change the time.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub enum TimeCommand {
    SetTime(Moment),
    /// Set the time and stop playing (the slider was dragged).
    Scrub(Moment),
    /// Go to an event's moment and lead the caption with it.
    SelectEvent(usize),
    /// Jump to the next (+1) or previous (-1) event, one at a time, and frame it.
    StepEvent(i32),
    /// Move by whole units of the scenario's resolution.
    StepUnit(i64),
    TogglePlay,
    SetPlaying(bool),
    /// Playback speed in the resolution's units (hours, days or years) per second.
    SetSpeed(f64),
}

/// Requests that move the camera.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub enum ViewCommand {
    /// Ease back to the scenario's home view.
    FitHome,
    /// Jump to the home view at once (a kiosk reset).
    ResetHome,
    /// Ease to frame an event's focus.
    Focus(Focus),
    /// Jump to frame an event's focus at once (deep links, exports).
    JumpTo(Focus),
    /// Ease to show a geographic box whole.
    FitBox(BoundsSpec),
    /// Multiply the zoom by `factor`, keeping the point under `anchor` (window pixels) fixed.
    ZoomAt { factor: f64, anchor: Option<Vec2> },
    /// Move the map by a drag of this many window pixels.
    PanPixels(Vec2),
    /// Ease to a lecture cue's camera over `seconds`.
    EaseTo { camera: CueCamera, seconds: f32 },
}

/// What covers the screen instead of the map (a clicker's B, "." and W keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Blank {
    #[default]
    None,
    Black,
    White,
}

/// Requests that change what is shown.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub enum DisplayCommand {
    ToggleLayer(usize),
    SetLayer(usize, bool),
    SetLang(Lang),
    ToggleCounterfactual,
    SetCounterfactual(bool),
    /// B or "." toggles black, W toggles white.
    ToggleBlank(Blank),
    SetBlank(Blank),
    /// The frame-rate readout (F12).
    ToggleFrameReadout,
}

/// A clicker's requests in lecture mode.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LectureCommand {
    /// The next cue (or event, without a cue list).
    Next,
    Previous,
    /// A digit of a cue number, typed before Enter.
    TypeDigit(u32),
    /// Jump to the cue whose number was typed.
    JumpToTyped,
    /// Jump to cue `n` (1-based).
    JumpTo(usize),
    /// Back to the first cue.
    Restart,
}

/// A click or a tap on the map itself (not on a panel, not the end of a drag), in window pixels.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub struct MapClick(pub Vec2);

/// Requests of the hobbyist's tools.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub enum ToolCommand {
    /// M: measuring on or off.
    ToggleMeasure,
    /// Escape: clear the measurement (and leave measuring).
    ClearMeasure,
    /// Compare with the map at another moment (None: stop comparing).
    CompareWith(Option<Moment>),
    /// Compare with the map at the previous event.
    CompareWithPreviousEvent,
    /// Show or hide the event list.
    ToggleEventList,
    /// Close the feature card.
    CloseCard,
}

/// Registers every message of the app, in one place.
pub struct MessagesPlugin;

impl Plugin for MessagesPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<TimeCommand>()
            .add_message::<ViewCommand>()
            .add_message::<DisplayCommand>()
            .add_message::<LectureCommand>()
            .add_message::<MapClick>()
            .add_message::<ToolCommand>();
    }
}
