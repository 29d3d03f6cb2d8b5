//! The hobbyist's tools: inspecting what is clicked, measuring distances, comparing with another date, the event list.

pub mod compare;
pub mod inspect;
pub mod measure;

use crate::app::messages::ToolCommand;
use crate::app::sets::TidelineSet;
use bevy::prelude::*;

/// Whether the event list is open.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EventListShown(pub bool);

pub struct ToolsPlugin;

impl Plugin for ToolsPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<EventListShown>()
            .add_plugins((inspect::plugin, measure::plugin, compare::plugin))
            .add_systems(Update, toggle_event_list.in_set(TidelineSet::Apply));
    }
}

fn toggle_event_list(mut commands: MessageReader<ToolCommand>, mut shown: ResMut<EventListShown>) {
    for command in commands.read() {
        if *command == ToolCommand::ToggleEventList {
            shown.0 = !shown.0;
        }
    }
}
