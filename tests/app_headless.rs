//! Headless app tests: MinimalPlugins, app.update(), manual time. Messages move the date,
//! playback is deterministic, layers become entities.
#![cfg(feature = "app")]

use bevy::prelude::*;
use bevy::sprite_render::ColorMaterial;
use bevy::time::TimeUpdateStrategy;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tideline::app::TidelineCorePlugin;
use tideline::app::map_render::{MapMesh, MapRenderPlugin, MapStats};
use tideline::app::messages::{Clock, Display, Evaluated, TimeCommand, ViewCommand};
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::model::Scenario;
use tideline::core::scenario::Lang;
use tideline::core::time::{HOUR, parse_moment};

fn mini() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios/mini.ron");
    load_scenario(&path, DetailLoading::Now).scenario.unwrap()
}

fn headless(with_meshes: bool) -> App {
    let scenario = mini();
    let display = Display {
        lang: Lang::En,
        show_counterfactual: true,
        layers: vec![true; scenario.layers.len()],
        controls_hidden: false,
        overlay: false,
        blackout: false,
    };
    let start = scenario.range.start;
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
            100,
        )))
        .add_plugins(TidelineCorePlugin {
            scenario: Arc::new(scenario),
            start,
            selected_event: None,
            display,
        });
    if with_meshes {
        app.add_plugins(AssetPlugin::default())
            .init_asset::<Mesh>()
            .init_asset::<ColorMaterial>()
            .add_plugins(MapRenderPlugin);
    }
    app
}

fn send(app: &mut App, command: TimeCommand) {
    app.world_mut().write_message(command);
    app.update();
}

#[test]
fn time_commands_move_the_date_and_the_evaluated_state() {
    let mut app = headless(false);
    app.update();
    let zone = app
        .world()
        .resource::<tideline::app::messages::LoadedScenario>()
        .0
        .zone;
    let t = parse_moment("1945-08-19", zone).unwrap();
    send(&mut app, TimeCommand::SetTime(t));
    assert_eq!(app.world().resource::<Clock>().t, t);
    assert_eq!(app.world().resource::<Evaluated>().state.t, t);
    // Out of range is clamped, not accepted.
    send(
        &mut app,
        TimeCommand::SetTime(parse_moment("1999-01-01", zone).unwrap()),
    );
    let scenario_end = app
        .world()
        .resource::<tideline::app::messages::LoadedScenario>()
        .0
        .range
        .end;
    assert_eq!(app.world().resource::<Clock>().t, scenario_end);
    send(&mut app, TimeCommand::StepUnit(-2));
    assert_eq!(
        app.world().resource::<Clock>().t,
        scenario_end.plus_seconds(-2 * HOUR)
    );
}

#[test]
fn stepping_by_event_jumps_and_asks_the_camera_to_focus() {
    let mut app = headless(false);
    app.update();
    send(&mut app, TimeCommand::StepEvent(1));
    let zone = app
        .world()
        .resource::<tideline::app::messages::LoadedScenario>()
        .0
        .zone;
    assert_eq!(
        app.world().resource::<Clock>().t,
        parse_moment("1945-08-11", zone).unwrap()
    );
    let views: Vec<ViewCommand> = app
        .world_mut()
        .resource_mut::<Messages<ViewCommand>>()
        .drain()
        .collect();
    assert!(
        matches!(views.as_slice(), [ViewCommand::Focus(f)] if f.span_km == 100.0),
        "{views:?}"
    );
    send(&mut app, TimeCommand::StepEvent(1));
    assert_eq!(
        app.world().resource::<Clock>().t,
        parse_moment("1945-08-18T04:22+12:00", zone).unwrap()
    );
    send(&mut app, TimeCommand::StepEvent(-1));
    assert_eq!(
        app.world().resource::<Clock>().t,
        parse_moment("1945-08-11", zone).unwrap()
    );
}

#[test]
fn playback_is_deterministic_under_manual_time() {
    let run = || {
        let mut app = headless(false);
        app.update();
        send(&mut app, TimeCommand::SetSpeed(6.0));
        send(&mut app, TimeCommand::TogglePlay);
        let mut times = Vec::new();
        for _ in 0..10 {
            app.update();
            times.push(app.world().resource::<Clock>().t);
        }
        times
    };
    let first = run();
    assert_eq!(first, run());
    // 100 ms a frame at 6 scenario hours a second: 36 minutes a frame.
    for pair in first.windows(2) {
        assert_eq!(pair[1].seconds() - pair[0].seconds(), 36 * 60);
    }
}

#[test]
fn playback_stops_at_the_end() {
    let mut app = headless(false);
    app.update();
    let end = app
        .world()
        .resource::<tideline::app::messages::LoadedScenario>()
        .0
        .range
        .end;
    send(&mut app, TimeCommand::SetTime(end.plus_seconds(-HOUR)));
    send(&mut app, TimeCommand::SetSpeed(72.0));
    send(&mut app, TimeCommand::TogglePlay);
    for _ in 0..5 {
        app.update();
    }
    let clock = app.world().resource::<Clock>();
    assert_eq!(clock.t, end);
    assert!(!clock.playing);
}

#[test]
fn layers_and_overlays_become_mesh_entities() {
    let mut app = headless(true);
    app.update();
    app.update();
    let mut parts: Vec<MapMesh> = app
        .world_mut()
        .query::<&MapMesh>()
        .iter(app.world())
        .copied()
        .collect();
    parts.sort_by_key(|p| format!("{p:?}"));
    // One base layer (fill and stroke) and four overlay meshes; the labels layer draws no mesh.
    assert_eq!(parts.len(), 6, "{parts:?}");
    let stats = app.world().resource::<MapStats>().clone();
    assert!(stats.layer_triangles[0] > 0);
    assert!(
        stats.overlay_triangles > 0,
        "island A is controlled at the start"
    );
    let rebuilds = stats.overlay_rebuilds;
    // Nothing changes: no rebuild. A new state: one rebuild.
    app.update();
    assert_eq!(
        app.world().resource::<MapStats>().overlay_rebuilds,
        rebuilds
    );
    let zone = app
        .world()
        .resource::<tideline::app::messages::LoadedScenario>()
        .0
        .zone;
    send(
        &mut app,
        TimeCommand::SetTime(parse_moment("1945-08-18T06:00", zone).unwrap()),
    );
    assert_eq!(
        app.world().resource::<MapStats>().overlay_rebuilds,
        rebuilds + 1
    );
}

#[test]
fn events_that_share_a_moment_are_stepped_one_by_one() {
    let mut app = headless(false);
    app.update();
    let zone = app
        .world()
        .resource::<tideline::app::messages::LoadedScenario>()
        .0
        .zone;
    // Two events at the same moment as "last" (25 August): step through all three.
    let mut scenario = (*app
        .world()
        .resource::<tideline::app::messages::LoadedScenario>()
        .0)
        .clone();
    let mut twin = scenario.events[2].clone();
    twin.id = "twin".into();
    scenario.events.push(twin);
    app.insert_resource(tideline::app::messages::LoadedScenario(Arc::new(scenario)));
    let mut visited = Vec::new();
    for _ in 0..4 {
        send(&mut app, TimeCommand::StepEvent(1));
        let clock = app.world().resource::<Clock>();
        visited.push((clock.selected_event, clock.t));
    }
    let last = parse_moment("1945-08-25", zone).unwrap();
    assert_eq!(visited[2], (Some(2), last));
    assert_eq!(
        visited[3],
        (Some(3), last),
        "the twin at the same moment is its own step"
    );
    send(&mut app, TimeCommand::StepEvent(-1));
    assert_eq!(app.world().resource::<Clock>().selected_event, Some(2));
    // Scrubbing forgets the selection.
    send(
        &mut app,
        TimeCommand::SetTime(parse_moment("1945-08-12", zone).unwrap()),
    );
    assert_eq!(app.world().resource::<Clock>().selected_event, None);
}
