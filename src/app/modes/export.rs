//! Export mode: no controls and no input, the overlay burned in as the export asks (the work itself is in `app/export/`).

use crate::app::modes::AppMode;
use crate::app::theme::ThemeChoice;
use bevy::prelude::*;

pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(AppMode::Export), use_export_theme);
}

fn use_export_theme(mut choice: ResMut<ThemeChoice>, config: Res<crate::app::config::AppConfig>) {
    let name = config
        .theme
        .unwrap_or(crate::app::theme::default_theme(AppMode::Export));
    choice.set_if_neq(ThemeChoice { name });
}
