//! What the app is started with, built by `main` from the command line: the app never sees the CLI's types.

use crate::app::modes::AppMode;
use crate::core::model::Scenario;
use crate::core::scenario::{Focus, Lang};
use crate::core::theme::ThemeName;
use crate::core::time::Moment;
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// A window of a given size, or none at all (an export draws into an image).
#[derive(Debug, Clone, PartialEq)]
pub enum Surface {
    Window {
        size: (u32, u32),
        /// Borderless fullscreen on the primary screen (kiosk).
        fullscreen: bool,
    },
    /// No window and no display: frames are drawn into an image of this size.
    Offscreen { size: (u32, u32) },
}

impl Surface {
    /// The window the app opens when nothing asks for another size.
    pub const DEFAULT_WINDOW: Surface = Surface::Window {
        size: (1600, 900),
        fullscreen: false,
    };
}

/// Everything the app starts from.
#[derive(Resource, Clone)]
pub struct AppConfig {
    pub scenario: Arc<Scenario>,
    /// The scenario file, watched for changes while the window is open.
    pub scenario_path: Option<PathBuf>,
    pub start: Moment,
    /// The event the caption opens on (a deep link or `--event`).
    pub selected_event: Option<usize>,
    /// Where the camera opens: an event's focus or a box; None for the home view.
    pub focus: Option<Focus>,
    pub lang: Lang,
    pub mode: AppMode,
    /// The theme of the starting mode, when it is not the mode's own.
    pub theme: Option<ThemeName>,
    pub surface: Surface,
    /// Show frames per second, frame time and frames drawn (F12).
    pub frame_readout: bool,
    /// Draw the map at this moment as a dashed ghost over the current one.
    pub compare: Option<Moment>,
}

impl AppConfig {
    /// A window on a scenario at its start, in explore mode.
    pub fn explore(scenario: Arc<Scenario>) -> AppConfig {
        let start = scenario.range.start;
        AppConfig {
            scenario,
            scenario_path: None,
            start,
            selected_event: None,
            focus: None,
            lang: Lang::En,
            mode: AppMode::Explore,
            theme: None,
            surface: Surface::DEFAULT_WINDOW,
            frame_readout: false,
            compare: None,
        }
    }

    pub fn size(&self) -> (u32, u32) {
        match self.surface {
            Surface::Window { size, .. } | Surface::Offscreen { size } => size,
        }
    }
}
