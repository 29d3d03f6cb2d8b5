//! Bevy plugins.
