//! The app's modes as Bevy states: exploring at a desk, lecturing with a clicker, a museum kiosk, and exporting frames.

pub mod explore;
pub mod export;
pub mod kiosk;
pub mod lecture;

use crate::app::config::AppConfig;
use bevy::prelude::*;

/// What the app is being used for. Each mode has its own plugin, keymap and theme.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AppMode {
    /// A hobbyist at a desk: every control.
    #[default]
    Explore,
    /// A lecturer with a clicker and a projector: no controls, the overlay, cues.
    Lecture,
    /// A touch screen in a gallery: attract loop, touch interface, idle reset, lockdown.
    Kiosk,
    /// Drawing frames for files: no controls, no input, the overlay burned in.
    Export,
}

pub struct ModesPlugin;

impl Plugin for ModesPlugin {
    fn build(&self, app: &mut App) {
        let mode = app.world().resource::<AppConfig>().mode;
        app.insert_state(mode).add_plugins((
            explore::plugin,
            lecture::plugin,
            kiosk::plugin,
            export::plugin,
        ));
    }
}
