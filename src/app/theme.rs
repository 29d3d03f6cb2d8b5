//! The theme in use (screen, projector, kiosk) as a resource, its egui style, and the fonts.

use crate::app::config::AppConfig;
use crate::app::modes::AppMode;
use crate::core::glyphs::BUNDLED_FONTS;
use crate::core::style::Rgba;
use crate::core::theme::{Theme, ThemeName};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiContexts, egui};

/// The theme in use, already scaled for the window's height.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Deref)]
pub struct UiTheme(pub Theme);

/// Which theme each mode asks for; the starting mode can be given another (`--theme`).
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct ThemeChoice {
    pub name: ThemeName,
}

pub fn default_theme(mode: AppMode) -> ThemeName {
    match mode {
        AppMode::Explore | AppMode::Export => ThemeName::Screen,
        AppMode::Lecture => ThemeName::Projector,
        AppMode::Kiosk => ThemeName::Kiosk,
    }
}

/// Converts a core colour to egui's.
pub fn c32(c: Rgba) -> egui::Color32 {
    let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    egui::Color32::from_rgba_unmultiplied(b(c.r), b(c.g), b(c.b), b(c.a))
}

pub struct ThemePlugin;

impl Plugin for ThemePlugin {
    fn build(&self, app: &mut App) {
        let config = app.world().resource::<AppConfig>().clone();
        let name = config.theme.unwrap_or(default_theme(config.mode));
        let height = config.size().1 as f32;
        let sea = name.theme().palette.sea;
        app.insert_resource(ThemeChoice { name })
            .insert_resource(UiTheme(name.theme().for_height(height)))
            .insert_resource(ClearColor(Color::srgb(sea.r, sea.g, sea.b)))
            .add_systems(Update, follow_theme_choice);
    }
}

/// Keeps the scaled theme in step with the choice and the window's height.
fn follow_theme_choice(
    choice: Res<ThemeChoice>,
    windows: Query<&Window, With<PrimaryWindow>>,
    config: Res<AppConfig>,
    mut theme: ResMut<UiTheme>,
    mut last_height: Local<f32>,
) {
    // Without a window (an export) the image's height counts.
    let height = windows
        .single()
        .map(|w| w.height())
        .unwrap_or(config.size().1 as f32);
    if !choice.is_changed() && height == *last_height {
        return;
    }
    *last_height = height;
    theme.set_if_neq(UiTheme(choice.name.theme().for_height(height)));
}

/// Installs the fonts once and the theme's text styles whenever the theme changes.
pub fn apply_egui_style(
    mut contexts: EguiContexts,
    theme: Res<UiTheme>,
    mut fonts_installed: Local<bool>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if !*fonts_installed {
        // The bundled fonts draw Latin, Cyrillic, Greek, kana, kanji, hanzi and Hangul
        // (see core::glyphs); egui's own fonts stay behind them for emoji.
        let mut fonts = egui::FontDefinitions::default();
        let names: Vec<String> = BUNDLED_FONTS.iter().map(|f| f.name.to_owned()).collect();
        for font in BUNDLED_FONTS {
            fonts.font_data.insert(
                font.name.into(),
                std::sync::Arc::new(egui::FontData::from_static(font.bytes)),
            );
        }
        let proportional = fonts
            .families
            .entry(egui::FontFamily::Proportional)
            .or_default();
        for (i, name) in names.iter().enumerate() {
            proportional.insert(i, name.clone());
        }
        fonts
            .families
            .entry(egui::FontFamily::Monospace)
            .or_default()
            .extend(names);
        ctx.set_fonts(fonts);
        ctx.set_theme(egui::Theme::Light);
        *fonts_installed = true;
    } else if !theme.is_changed() {
        return Ok(());
    }
    let t = theme.0;
    ctx.all_styles_mut(|style| {
        use egui::{FontId, TextStyle};
        style
            .text_styles
            .insert(TextStyle::Body, FontId::proportional(t.text.body));
        style
            .text_styles
            .insert(TextStyle::Button, FontId::proportional(t.text.body));
        style
            .text_styles
            .insert(TextStyle::Small, FontId::proportional(t.text.small));
        style
            .text_styles
            .insert(TextStyle::Heading, FontId::proportional(t.text.heading));
        style.spacing.button_padding =
            egui::Vec2::new(t.metrics.button_padding.0, t.metrics.button_padding.1);
        style.spacing.interact_size.y = t.metrics.target_height;
        style.visuals.override_text_color = Some(c32(t.palette.text));
        style.visuals.window_fill = c32(t.palette.card);
    });
    Ok(())
}
