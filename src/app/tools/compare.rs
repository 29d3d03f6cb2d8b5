//! Compare two dates: the map at a second moment drawn as a dashed ghost over the current one.

use crate::app::messages::ToolCommand;
use crate::app::playback::{Clock, Engine};
use crate::app::sets::TidelineSet;
use crate::app::state::{LoadedScenario, Shown};
use crate::core::time::Moment;
use crate::core::timeline::MapState;
use crate::core::visibility::visible;
use bevy::prelude::*;

/// The second moment and the visible state there.
#[derive(Resource, Debug, Clone, Default)]
pub struct Compare {
    pub at: Option<Moment>,
    pub state: Option<MapState>,
}

pub fn plugin(app: &mut App) {
    let start = app
        .world()
        .get_resource::<crate::app::config::AppConfig>()
        .and_then(|c| c.compare);
    app.insert_resource(Compare {
        at: start,
        state: None,
    })
    .add_systems(Update, apply_compare_commands.in_set(TidelineSet::Apply))
    .add_systems(Update, evaluate_compare.in_set(TidelineSet::Evaluate));
}

fn apply_compare_commands(
    mut commands: MessageReader<ToolCommand>,
    scenario: Res<LoadedScenario>,
    clock: Res<Clock>,
    mut compare: ResMut<Compare>,
) {
    for command in commands.read() {
        let at = match *command {
            ToolCommand::CompareWith(at) => at.map(|t| scenario.0.range.clamp(t)),
            ToolCommand::CompareWithPreviousEvent => scenario
                .0
                .events
                .iter()
                .map(|e| e.at)
                .filter(|&at| at < clock.t)
                .max(),
            _ => continue,
        };
        if compare.at != at {
            compare.at = at;
            compare.state = None;
        }
    }
}

fn evaluate_compare(
    scenario: Res<LoadedScenario>,
    shown: Res<Shown>,
    mut engine: ResMut<Engine>,
    mut compare: ResMut<Compare>,
) {
    let Some(at) = compare.at else {
        if compare.state.is_some() {
            compare.state = None;
        }
        return;
    };
    if compare.state.is_some() && !scenario.is_changed() && !shown.is_changed() {
        return;
    }
    let state = engine.0.evaluate(&scenario.0, at);
    compare.state = Some(visible(&scenario.0, &state, &shown));
}
