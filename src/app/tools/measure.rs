//! Measuring (M or the button): clicks add points, the readout gives great-circle lengths and bearings, Escape clears.

use crate::app::camera::View;
use crate::app::messages::{MapClick, ToolCommand};
use crate::app::sets::TidelineSet;
use crate::core::scenario::LonLat;
use crate::core::view::Projector;
use bevy::prelude::*;

/// The measuring tool's state.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Measuring {
    pub active: bool,
    /// The points clicked, in longitude and latitude.
    pub points: Vec<LonLat>,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Measuring>().add_systems(
        Update,
        measure_clicks
            .in_set(TidelineSet::Apply)
            .before(crate::app::tools::inspect::InspectSet),
    );
}

fn measure_clicks(
    mut commands: MessageReader<ToolCommand>,
    mut clicks: MessageReader<MapClick>,
    view: Res<View>,
    mut measuring: ResMut<Measuring>,
) {
    for command in commands.read() {
        match command {
            ToolCommand::ToggleMeasure => {
                measuring.active = !measuring.active;
                if !measuring.active {
                    measuring.points.clear();
                }
            }
            ToolCommand::ClearMeasure if measuring.active || !measuring.points.is_empty() => {
                *measuring = Measuring::default();
            }
            _ => {}
        }
    }
    if !measuring.active {
        return;
    }
    let projector = Projector::new(&view.0);
    for click in clicks.read() {
        if let Some(point) = projector.unproject(click.0) {
            measuring.points.push(point);
        }
    }
}
