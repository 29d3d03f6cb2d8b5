//! The shared state of the map: the scenario, the viewer's choices (layers, language, blank screen) and the handler that changes them.

use crate::app::config::AppConfig;
use crate::app::messages::{Blank, DisplayCommand};
use crate::app::sets::TidelineSet;
use crate::core::model::Scenario;
use crate::core::scenario::Lang;
use crate::core::visibility::ViewOptions;
use bevy::prelude::*;
use std::sync::Arc;

/// The loaded scenario, immutable and shared. Replaced whole on reload.
#[derive(Resource, Clone)]
pub struct LoadedScenario(pub Arc<Scenario>);

/// Which layers and proposals the viewer has chosen to see.
#[derive(Resource, Debug, Clone, PartialEq, Deref, DerefMut)]
pub struct Shown(pub ViewOptions);

/// The language of labels, captions and the interface.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Deref)]
pub struct Language(pub Lang);

/// What covers the map, if anything.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default, Deref)]
pub struct BlankScreen(pub Blank);

/// Whether the frame-rate readout is shown.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FrameReadout(pub bool);

/// Owns the scenario and the viewer's choices.
pub struct StatePlugin;

impl Plugin for StatePlugin {
    fn build(&self, app: &mut App) {
        let config = app.world().resource::<AppConfig>().clone();
        app.insert_resource(LoadedScenario(config.scenario.clone()))
            .insert_resource(Shown(ViewOptions::for_scenario(&config.scenario)))
            .insert_resource(Language(config.lang))
            .insert_resource(BlankScreen::default())
            .insert_resource(FrameReadout(config.frame_readout))
            .add_systems(Update, apply_display_commands.in_set(TidelineSet::Apply));
    }
}

fn apply_display_commands(
    mut commands: MessageReader<DisplayCommand>,
    mut shown: ResMut<Shown>,
    mut language: ResMut<Language>,
    mut blank: ResMut<BlankScreen>,
    mut readout: ResMut<FrameReadout>,
) {
    for command in commands.read() {
        match *command {
            DisplayCommand::ToggleLayer(index) => shown.toggle_layer(index),
            DisplayCommand::SetLayer(index, on) => {
                if let Some(flag) = shown.layers.get_mut(index) {
                    *flag = on;
                }
            }
            DisplayCommand::SetLang(lang) => {
                language.set_if_neq(Language(lang));
            }
            DisplayCommand::ToggleCounterfactual => {
                shown.show_counterfactual = !shown.show_counterfactual
            }
            DisplayCommand::SetCounterfactual(on) => shown.show_counterfactual = on,
            DisplayCommand::ToggleBlank(which) => {
                let next = if blank.0 == which { Blank::None } else { which };
                blank.set_if_neq(BlankScreen(next));
            }
            DisplayCommand::SetBlank(which) => {
                blank.set_if_neq(BlankScreen(which));
            }
            DisplayCommand::ToggleFrameReadout => readout.0 = !readout.0,
        }
    }
}
