//! Explore mode: the desk's screen theme and every control (the controls themselves live in `ui/`).

use crate::app::modes::AppMode;
use crate::app::theme::ThemeChoice;
use crate::core::theme::ThemeName;
use bevy::prelude::*;

pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(AppMode::Explore), use_screen_theme);
}

fn use_screen_theme(mut choice: ResMut<ThemeChoice>, config: Res<crate::app::config::AppConfig>) {
    let name = match (config.mode, config.theme) {
        (AppMode::Explore, Some(name)) => name,
        _ => ThemeName::Screen,
    };
    choice.set_if_neq(ThemeChoice { name });
}
