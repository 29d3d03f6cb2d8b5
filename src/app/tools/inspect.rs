//! Click for the record: a click or tap on the map picks what is under it, and the card shows its record.

use crate::app::camera::View;
use crate::app::messages::{MapClick, ToolCommand};
use crate::app::modes::AppMode;
use crate::app::playback::Evaluated;
use crate::app::sets::TidelineSet;
use crate::app::state::{LoadedScenario, Shown};
use crate::app::tools::measure::Measuring;
use crate::core::record::{PICK_RADIUS_PX, Picked, pick};
use crate::core::view::Projector;
use crate::core::visibility::shown_places;
use bevy::prelude::*;

/// Picking by click runs after the measuring tool, which takes the clicks while it is on.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InspectSet;

/// What the feature card shows, if anything.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Inspected(pub Option<Picked>);

pub fn plugin(app: &mut App) {
    app.init_resource::<Inspected>().add_systems(
        Update,
        inspect_clicks
            .run_if(in_state(AppMode::Explore).or_else(in_state(AppMode::Kiosk)))
            .in_set(TidelineSet::Apply)
            .in_set(InspectSet),
    );
}

fn inspect_clicks(
    mut clicks: MessageReader<MapClick>,
    mut commands: MessageReader<ToolCommand>,
    measuring: Option<Res<Measuring>>,
    scenario: Res<LoadedScenario>,
    evaluated: Res<Evaluated>,
    shown: Res<Shown>,
    view: Res<View>,
    mut inspected: ResMut<Inspected>,
) {
    for command in commands.read() {
        if *command == ToolCommand::CloseCard {
            inspected.set_if_neq(Inspected(None));
        }
    }
    if measuring.is_some_and(|m| m.active) {
        clicks.clear();
        return;
    }
    let scenario = &scenario.0;
    for click in clicks.read() {
        let projector = Projector::new(&view.0);
        let places: Vec<usize> = shown_places(scenario, &shown)
            .filter_map(|p| scenario.places.iter().position(|q| q.id == p.id))
            .collect();
        let picked = pick(
            scenario,
            &evaluated.visible,
            &places,
            &projector,
            click.0,
            PICK_RADIUS_PX,
        );
        inspected.set_if_neq(Inspected(picked));
    }
}
