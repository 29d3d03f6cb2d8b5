//! Live reload in a headless app: a good edit is applied keeping the date; a broken one keeps the last good state and lists its problems until fixed.
#![cfg(feature = "app")]

use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll};
use bevy::input::touch::Touches;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tideline::app::MapLogicPlugin;
use tideline::app::config::AppConfig;
use tideline::app::loading::LoadProblems;
use tideline::app::messages::TimeCommand;
use tideline::app::playback::Clock;
use tideline::app::state::LoadedScenario;
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::time::parse_moment;

/// A copy of the mini scenario and its map in a folder of its own.
fn scratch_copy() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = std::env::temp_dir().join(format!("tideline-reload-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("scenarios")).unwrap();
    std::fs::create_dir_all(dir.join("maps")).unwrap();
    std::fs::copy(
        root.join("maps/mini.geojson"),
        dir.join("maps/mini.geojson"),
    )
    .unwrap();
    let scenario = dir.join("scenarios/mini.ron");
    std::fs::copy(root.join("scenarios/mini.ron"), &scenario).unwrap();
    scenario
}

fn app_for(path: &Path) -> App {
    let scenario = load_scenario(path, DetailLoading::OnDemand)
        .scenario
        .unwrap();
    let mut config = AppConfig::explore(Arc::new(scenario));
    config.scenario_path = Some(path.to_path_buf());
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(ButtonInput::<KeyCode>::default())
        .insert_resource(ButtonInput::<MouseButton>::default())
        .insert_resource(AccumulatedMouseMotion::default())
        .insert_resource(AccumulatedMouseScroll::default())
        .insert_resource(Touches::default())
        .insert_resource(config)
        .add_plugins(MapLogicPlugin);
    app.update();
    app
}

/// Runs the app until `done` holds, for at most five seconds of real time.
fn until(app: &mut App, done: impl Fn(&App) -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        app.update();
        if done(app) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

fn title(app: &App) -> String {
    app.world()
        .resource::<LoadedScenario>()
        .0
        .meta
        .title
        .en
        .clone()
}

#[test]
fn saves_reload_and_broken_saves_keep_the_last_good_state() {
    let path = scratch_copy();
    let mut app = app_for(&path);
    let zone = app.world().resource::<LoadedScenario>().0.zone;
    let t = parse_moment("1945-08-19T06:00", zone).unwrap();
    app.world_mut().write_message(TimeCommand::SetTime(t));
    app.update();
    let original = std::fs::read_to_string(&path).unwrap();

    // A good edit: a new title, with Japanese and Russian text.
    let edited = original.replace(
        "title: (en: \"Mini\", ja: \"ミニ\", ru: \"Мини\")",
        "title: (en: \"Herring\", ja: \"鰊漁\", ru: \"Сельдь\")",
    );
    assert_ne!(edited, original);
    std::fs::write(&path, &edited).unwrap();
    assert!(
        until(&mut app, |a| title(a) == "Herring"),
        "the edit was not applied"
    );
    assert_eq!(app.world().resource::<Clock>().t, t, "the date stays");
    assert!(
        app.world()
            .resource::<LoadProblems>()
            .diagnostics
            .is_empty()
    );

    // A broken edit: half a file. The last good state stays and the problem is listed.
    std::fs::write(&path, &edited[..edited.len() / 2]).unwrap();
    assert!(
        until(&mut app, |a| !a
            .world()
            .resource::<LoadProblems>()
            .diagnostics
            .is_empty()),
        "the problem was not reported"
    );
    assert_eq!(title(&app), "Herring", "the last good state stays");
    let problem = app.world().resource::<LoadProblems>().diagnostics[0].to_string();
    assert!(problem.contains("mini.ron:"), "{problem}");

    // Deleted, then written back fixed: the problems go away.
    std::fs::remove_file(&path).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    app.update();
    assert_eq!(title(&app), "Herring");
    std::fs::write(&path, &original).unwrap();
    assert!(
        until(&mut app, |a| title(a) == "Mini"),
        "the fix was not applied"
    );
    assert!(
        app.world()
            .resource::<LoadProblems>()
            .diagnostics
            .is_empty()
    );
    std::fs::remove_dir_all(path.parent().unwrap().parent().unwrap()).ok();
}
