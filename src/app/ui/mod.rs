//! The egui interface: one file per panel, run as ordered sets in egui's pass, all reading one theme.

pub mod blank;
pub mod caption;
pub mod diagnostics;
pub mod event_list;
pub mod feature_card;
pub mod frame_readout;
pub mod halo;
pub mod kiosk;
pub mod layers_panel;
pub mod legend;
pub mod map_labels;
pub mod measure_readout;
pub mod overlay;
pub mod slider;
pub mod timeline_bar;

use crate::app::camera::View;
use crate::app::modes::AppMode;
use crate::app::playback::{Clock, Evaluated};
use crate::app::sets::TidelineSet;
use crate::app::state::{Language, LoadedScenario, Shown};
use crate::app::theme::{UiTheme, apply_egui_style, c32};
use crate::core::scenario::Lang;
use crate::core::theme::Theme;
use crate::core::view::Insets;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};

/// The order of the interface in egui's pass: egui panels claim space in call order, so
/// the bars come before the cards and windows, and the blank screen comes last.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiSet {
    /// Fonts and the theme's style.
    Style,
    /// Writing on the map itself (labels, tags, arrow dates).
    Map,
    /// Panels along the window's edges (the timeline bar).
    Bars,
    /// Cards and windows (caption, layers and legend).
    Panels,
    /// The lecture and export overlay.
    Overlay,
    /// Over everything: the blank screen and the frame readout.
    Foreground,
}

/// What every panel reads.
#[derive(SystemParam)]
pub struct MapUi<'w> {
    pub scenario: Res<'w, LoadedScenario>,
    pub clock: Res<'w, Clock>,
    pub evaluated: Res<'w, Evaluated>,
    pub language: Res<'w, Language>,
    pub theme: Res<'w, UiTheme>,
    pub shown: Res<'w, Shown>,
}

impl MapUi<'_> {
    pub fn lang(&self) -> Lang {
        self.language.0
    }

    pub fn theme(&self) -> &Theme {
        &self.theme.0
    }
}

/// True in the modes that show the explorer's controls.
pub fn controls_shown(mode: Res<State<AppMode>>) -> bool {
    *mode.get() == AppMode::Explore
}

/// True in the modes that show the title, date and legend overlay instead of controls.
pub fn overlay_shown(mode: Res<State<AppMode>>) -> bool {
    matches!(mode.get(), AppMode::Lecture | AppMode::Export)
}

pub struct UiPlugin;

impl Plugin for UiPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<halo::HaloAtlas>();
        app.configure_sets(
            EguiPrimaryContextPass,
            (
                UiSet::Style,
                UiSet::Map,
                UiSet::Bars,
                UiSet::Panels,
                UiSet::Overlay,
                UiSet::Foreground,
            )
                .chain(),
        )
        .add_systems(
            EguiPrimaryContextPass,
            apply_egui_style.in_set(UiSet::Style),
        )
        .add_systems(EguiPrimaryContextPass, map_labels::draw.in_set(UiSet::Map))
        .add_systems(
            EguiPrimaryContextPass,
            timeline_bar::draw
                .run_if(controls_shown)
                .in_set(UiSet::Bars),
        )
        .add_systems(
            EguiPrimaryContextPass,
            (
                caption::draw,
                layers_panel::draw,
                event_list::draw,
                measure_readout::draw,
            )
                .run_if(controls_shown)
                .in_set(UiSet::Panels),
        )
        .add_systems(
            EguiPrimaryContextPass,
            feature_card::draw
                .run_if(in_state(AppMode::Explore).or_else(in_state(AppMode::Kiosk)))
                .in_set(UiSet::Panels),
        )
        .add_systems(
            EguiPrimaryContextPass,
            kiosk::draw
                .run_if(
                    in_state(AppMode::Kiosk)
                        .and_then(resource_exists::<crate::app::modes::kiosk::Kiosk>)
                        .and_then(resource_exists::<crate::app::modes::kiosk::KioskSetup>),
                )
                .in_set(UiSet::Panels),
        )
        .add_systems(
            EguiPrimaryContextPass,
            overlay::draw.run_if(overlay_shown).in_set(UiSet::Overlay),
        )
        .add_systems(
            EguiPrimaryContextPass,
            (diagnostics::draw, blank::draw, frame_readout::draw).in_set(UiSet::Foreground),
        )
        .add_systems(Update, fit_map_between_panels.in_set(TidelineSet::Apply))
        .add_systems(
            PreUpdate,
            drop_unchanged_modifiers
                .after(bevy_egui::EguiInputSet::WriteEguiEvents)
                .before(bevy_egui::EguiPreUpdateSet::BeginPass),
        )
        .add_plugins(frame_readout::FrameReadoutPlugin);
    }
}

/// bevy_egui tells egui the keyboard's modifiers on every frame, even when they did not
/// change, and any event makes egui ask for an immediate repaint: the window then redraws
/// for ever (11 frames a second and 1.5 cores here, with nobody touching it). Only real
/// changes are passed on, so an idle window sleeps.
fn drop_unchanged_modifiers(
    mut inputs: Query<(Entity, &mut bevy_egui::EguiInput)>,
    mut last: Local<std::collections::HashMap<Entity, egui::Modifiers>>,
) {
    for (entity, mut input) in &mut inputs {
        let previous = last.get(&entity).copied();
        let mut latest = previous;
        input.0.events.retain(|event| match event {
            egui::Event::ModifiersChanged(modifiers) => {
                let changed = latest != Some(*modifiers);
                latest = Some(*modifiers);
                changed
            }
            _ => true,
        });
        if let Some(modifiers) = latest {
            last.insert(entity, modifiers);
        }
    }
}

/// The map is fitted into the space the interface leaves: above the timeline bar while the
/// controls show, the whole window otherwise.
fn fit_map_between_panels(mode: Res<State<AppMode>>, theme: Res<UiTheme>, mut view: ResMut<View>) {
    let insets = match mode.get() {
        AppMode::Explore | AppMode::Kiosk => Insets {
            bottom: theme.metrics.timeline_height,
            ..Insets::default()
        },
        AppMode::Lecture | AppMode::Export => Insets::default(),
    };
    if view.insets != insets {
        view.set_insets(insets);
    }
}

/// A card's frame in the theme.
pub fn card_frame(theme: &Theme) -> egui::Frame {
    egui::Frame::new()
        .fill(c32(theme.palette.card))
        .inner_margin(theme.metrics.card_margin)
        .corner_radius(theme.metrics.card_rounding)
}

/// The overlay's box frame in the theme.
pub fn overlay_frame(theme: &Theme) -> egui::Frame {
    egui::Frame::new()
        .fill(c32(theme.palette.overlay))
        .inner_margin(theme.metrics.card_margin)
        .corner_radius(theme.metrics.card_rounding)
}
