//! The order of work in a frame, shared by every plugin.

use bevy::prelude::*;

/// The order of work in a frame.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TidelineSet {
    /// Keyboard, mouse and touch become messages.
    Input,
    /// Modes turn their own requests (a clicker's next cue, a kiosk's attract loop) into
    /// time, view and display messages.
    Modes,
    /// Messages change the clock, the view and the viewer's choices.
    Apply,
    /// The clock's moment is evaluated and filtered to what is shown.
    Evaluate,
    /// Meshes and the camera follow the evaluated state and the view.
    Draw,
}

/// Chains the sets once, for every schedule user.
pub struct SetsPlugin;

impl Plugin for SetsPlugin {
    fn build(&self, app: &mut App) {
        app.configure_sets(
            Update,
            (
                TidelineSet::Input,
                TidelineSet::Modes,
                TidelineSet::Apply,
                TidelineSet::Evaluate,
                TidelineSet::Draw,
            )
                .chain(),
        );
    }
}
