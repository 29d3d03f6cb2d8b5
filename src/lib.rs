//! Tideline: a historical map viewer with a Bevy-free core and thin Bevy plugins.
#[cfg(feature = "app")]
pub mod app;
pub mod cli;
pub mod core;
