//! Exporting frames: ask for a moment and a view, wait until exactly that is drawn, capture it, write it.

pub mod offscreen;
pub mod still;

use crate::app::map_render::DrawnFrame;
use crate::app::playback::Evaluated;

/// Frames the renderer gets to compile its pipelines and lay out fonts before the first
/// capture; after that, readiness is decided by what was drawn, not by counting frames.
pub const WARM_UP_FRAMES: u32 = 12;

/// True when the meshes show exactly the evaluated state at the current view.
pub fn drawn_matches(drawn: &DrawnFrame, evaluated: &Evaluated) -> bool {
    drawn.base_ready && drawn.zoom.is_some() && drawn.fingerprint == Some(evaluated.fingerprint)
}
