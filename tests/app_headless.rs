//! Headless app tests: MinimalPlugins, app.update(), manual time. Keys go in through Bevy's
//! input resources; messages move the date; playback is deterministic; layers become entities.
#![cfg(feature = "app")]

use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll};
use bevy::input::touch::Touches;
use bevy::prelude::*;
use bevy::sprite_render::ColorMaterial;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use bevy::winit::{UpdateMode, WinitSettings};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tideline::app::MapLogicPlugin;
use tideline::app::camera::View;
use tideline::app::config::{AppConfig, Surface};
use tideline::app::frame_pacing::IDLE_WAIT;
use tideline::app::map_render::{MapMesh, MapRenderPlugin, MapStats};
use tideline::app::messages::{Blank, TimeCommand, ViewCommand};
use tideline::app::modes::AppMode;
use tideline::app::playback::{Clock, Evaluated};
use tideline::app::state::{BlankScreen, FrameReadout, LoadedScenario, Shown};
use tideline::app::theme::UiTheme;
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::model::Scenario;
use tideline::core::theme::ThemeName;
use tideline::core::time::{HOUR, Moment, parse_moment};

fn mini() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios/mini.ron");
    load_scenario(&path, DetailLoading::Now).scenario.unwrap()
}

fn config() -> AppConfig {
    let mut config = AppConfig::explore(Arc::new(mini()));
    config.surface = Surface::Window {
        size: (1280, 720),
        fullscreen: false,
    };
    config
}

fn app_with(config: AppConfig, with_meshes: bool) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
            100,
        )))
        .insert_resource(ButtonInput::<KeyCode>::default())
        .insert_resource(ButtonInput::<MouseButton>::default())
        .insert_resource(AccumulatedMouseMotion::default())
        .insert_resource(AccumulatedMouseScroll::default())
        .insert_resource(Touches::default())
        .insert_resource(WinitSettings::desktop_app())
        .add_message::<bevy::window::RequestRedraw>()
        .insert_resource(config)
        .add_plugins(MapLogicPlugin);
    if with_meshes {
        app.add_plugins(AssetPlugin::default())
            .init_asset::<Mesh>()
            .init_asset::<ColorMaterial>()
            .add_plugins(MapRenderPlugin);
    }
    app.update();
    app
}

fn headless(with_meshes: bool) -> App {
    app_with(config(), with_meshes)
}

fn send(app: &mut App, command: TimeCommand) {
    app.world_mut().write_message(command);
    app.update();
}

fn at(app: &App, text: &str) -> Moment {
    parse_moment(text, app.world().resource::<LoadedScenario>().0.zone).unwrap()
}

fn clock(app: &App) -> Clock {
    app.world().resource::<Clock>().clone()
}

fn view(app: &App) -> View {
    app.world().resource::<View>().clone()
}

/// Presses a key for one frame (with Shift held if asked), then releases it.
fn press(app: &mut App, key: KeyCode, shift: bool) {
    {
        let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
        if shift {
            keys.press(KeyCode::ShiftLeft);
        }
        keys.press(key);
    }
    app.update();
    let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
    keys.release(key);
    keys.release(KeyCode::ShiftLeft);
    keys.clear();
}

fn mode(app: &App) -> AppMode {
    *app.world().resource::<State<AppMode>>().get()
}

#[test]
fn time_commands_move_the_date_and_the_evaluated_state() {
    let mut app = headless(false);
    let t = at(&app, "1945-08-19");
    send(&mut app, TimeCommand::SetTime(t));
    assert_eq!(clock(&app).t, t);
    assert_eq!(app.world().resource::<Evaluated>().state.t, t);
    // Out of range is clamped, not accepted.
    let late = at(&app, "1999-01-01");
    send(&mut app, TimeCommand::SetTime(late));
    let end = app.world().resource::<LoadedScenario>().0.range.end;
    assert_eq!(clock(&app).t, end);
    send(&mut app, TimeCommand::StepUnit(-2));
    assert_eq!(clock(&app).t, end.plus_seconds(-2 * HOUR));
}

#[test]
fn stepping_by_event_jumps_and_asks_the_camera_to_focus() {
    let mut app = headless(false);
    send(&mut app, TimeCommand::StepEvent(1));
    assert_eq!(clock(&app).t, at(&app, "1945-08-11"));
    assert!(
        view(&app).animation.is_some(),
        "the camera eases to the event"
    );
    send(&mut app, TimeCommand::StepEvent(1));
    assert_eq!(clock(&app).t, at(&app, "1945-08-18T04:22+12:00"));
    send(&mut app, TimeCommand::StepEvent(-1));
    assert_eq!(clock(&app).t, at(&app, "1945-08-11"));
}

#[test]
fn playback_is_deterministic_under_manual_time() {
    let run = || {
        let mut app = headless(false);
        send(&mut app, TimeCommand::SetSpeed(6.0));
        send(&mut app, TimeCommand::TogglePlay);
        let mut times = Vec::new();
        for _ in 0..10 {
            app.update();
            times.push(clock(&app).t);
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
    let end = app.world().resource::<LoadedScenario>().0.range.end;
    send(&mut app, TimeCommand::SetTime(end.plus_seconds(-HOUR)));
    send(&mut app, TimeCommand::SetSpeed(72.0));
    send(&mut app, TimeCommand::TogglePlay);
    for _ in 0..5 {
        app.update();
    }
    assert_eq!(clock(&app).t, end);
    assert!(!clock(&app).playing);
}

#[test]
fn layers_and_overlays_become_mesh_entities() {
    let mut app = headless(true);
    app.update();
    let mut parts: Vec<MapMesh> = app
        .world_mut()
        .query::<&MapMesh>()
        .iter(app.world())
        .copied()
        .collect();
    parts.sort_by_key(|p| format!("{p:?}"));
    // One base layer (fill and stroke), four overlay meshes and the compare ghost; the labels
    // layer draws no mesh.
    assert_eq!(parts.len(), 7, "{parts:?}");
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
    let t = at(&app, "1945-08-18T06:00");
    send(&mut app, TimeCommand::SetTime(t));
    assert_eq!(
        app.world().resource::<MapStats>().overlay_rebuilds,
        rebuilds + 1
    );
}

#[test]
fn events_that_share_a_moment_are_stepped_one_by_one() {
    let mut app = headless(false);
    // Two events at the same moment as "last" (25 August): step through all three.
    let mut scenario = (*app.world().resource::<LoadedScenario>().0).clone();
    let mut twin = scenario.events[2].clone();
    twin.id = "twin".into();
    scenario.events.push(twin);
    app.insert_resource(LoadedScenario(Arc::new(scenario)));
    let mut visited = Vec::new();
    for _ in 0..4 {
        send(&mut app, TimeCommand::StepEvent(1));
        let c = clock(&app);
        visited.push((c.selected_event, c.t));
    }
    let last = at(&app, "1945-08-25");
    assert_eq!(visited[2], (Some(2), last));
    assert_eq!(
        visited[3],
        (Some(3), last),
        "the twin at the same moment is its own step"
    );
    send(&mut app, TimeCommand::StepEvent(-1));
    assert_eq!(clock(&app).selected_event, Some(2));
    // Scrubbing forgets the selection.
    let earlier = at(&app, "1945-08-12");
    send(&mut app, TimeCommand::Scrub(earlier));
    assert_eq!(clock(&app).selected_event, None);
}

// ---- Keys: every key the README documents, through Bevy's input resources ----

#[test]
fn page_down_and_page_up_step_events() {
    let mut app = headless(false);
    press(&mut app, KeyCode::PageDown, false);
    assert_eq!(clock(&app).t, at(&app, "1945-08-11"));
    press(&mut app, KeyCode::PageDown, false);
    assert_eq!(clock(&app).t, at(&app, "1945-08-18T04:22+12:00"));
    press(&mut app, KeyCode::PageUp, false);
    assert_eq!(clock(&app).t, at(&app, "1945-08-11"));
}

#[test]
fn arrows_step_events_and_with_shift_pan() {
    let mut app = headless(false);
    press(&mut app, KeyCode::ArrowRight, false);
    press(&mut app, KeyCode::ArrowRight, false);
    assert_eq!(clock(&app).t, at(&app, "1945-08-18T04:22+12:00"));
    press(&mut app, KeyCode::ArrowLeft, false);
    assert_eq!(clock(&app).t, at(&app, "1945-08-11"));
    // Let the eased move finish, then pan.
    for _ in 0..10 {
        app.update();
    }
    let before = view(&app).center;
    let t = clock(&app).t;
    press(&mut app, KeyCode::ArrowRight, true);
    assert_eq!(clock(&app).t, t, "Shift+Right pans, it does not step");
    assert!(view(&app).center.x > before.x, "the view moves east");
    let before = view(&app).center;
    press(&mut app, KeyCode::ArrowUp, false);
    assert!(view(&app).center.y > before.y, "Up moves the view north");
    let before = view(&app).center;
    press(&mut app, KeyCode::ArrowDown, false);
    assert!(view(&app).center.y < before.y, "Down moves the view south");
    let before = view(&app).center;
    press(&mut app, KeyCode::ArrowLeft, true);
    assert!(
        view(&app).center.x < before.x,
        "Shift+Left moves the view west"
    );
}

#[test]
fn space_plays_and_pauses() {
    let mut app = headless(false);
    press(&mut app, KeyCode::Space, false);
    assert!(clock(&app).playing);
    let t = clock(&app).t;
    app.update();
    assert!(clock(&app).t > t, "the clock moves while playing");
    press(&mut app, KeyCode::Space, false);
    assert!(!clock(&app).playing);
}

#[test]
fn b_and_period_black_out_and_w_whites_out() {
    let mut app = headless(false);
    let blank = |app: &App| app.world().resource::<BlankScreen>().0;
    press(&mut app, KeyCode::KeyB, false);
    assert_eq!(blank(&app), Blank::Black);
    press(&mut app, KeyCode::KeyB, false);
    assert_eq!(blank(&app), Blank::None);
    press(&mut app, KeyCode::Period, false);
    assert_eq!(blank(&app), Blank::Black);
    press(&mut app, KeyCode::KeyW, false);
    assert_eq!(blank(&app), Blank::White);
    press(&mut app, KeyCode::KeyW, false);
    assert_eq!(blank(&app), Blank::None);
}

#[test]
fn h_and_f5_enter_lecture_mode_and_escape_leaves_it() {
    let mut app = headless(false);
    press(&mut app, KeyCode::KeyH, false);
    app.update();
    assert_eq!(mode(&app), AppMode::Lecture);
    assert_eq!(
        app.world().resource::<UiTheme>().name,
        ThemeName::Projector,
        "lecture mode uses the projector theme"
    );
    press(&mut app, KeyCode::Escape, false);
    app.update();
    assert_eq!(mode(&app), AppMode::Explore);
    assert_eq!(app.world().resource::<UiTheme>().name, ThemeName::Screen);
    press(&mut app, KeyCode::F5, false);
    app.update();
    assert_eq!(mode(&app), AppMode::Lecture);
    press(&mut app, KeyCode::KeyH, false);
    app.update();
    assert_eq!(mode(&app), AppMode::Explore, "H leaves lecture mode too");
}

#[test]
fn c_hides_and_shows_the_proposals_that_never_happened() {
    let mut app = headless(false);
    let t = at(&app, "1945-08-13");
    send(&mut app, TimeCommand::SetTime(t));
    let zone_shown = |app: &App| {
        let scenario = app.world().resource::<LoadedScenario>().0.clone();
        app.world()
            .resource::<Evaluated>()
            .visible
            .areas
            .iter()
            .any(|a| scenario.areas[a.area].counterfactual)
    };
    assert!(zone_shown(&app));
    press(&mut app, KeyCode::KeyC, false);
    assert!(!app.world().resource::<Shown>().show_counterfactual);
    assert!(!zone_shown(&app), "the visible state drops the zone");
    press(&mut app, KeyCode::KeyC, false);
    assert!(zone_shown(&app));
}

#[test]
fn home_eases_back_to_the_whole_region() {
    let mut app = headless(false);
    let home = view(&app);
    press(&mut app, KeyCode::Equal, false);
    press(&mut app, KeyCode::ArrowUp, false);
    assert_ne!(view(&app).center, home.center);
    press(&mut app, KeyCode::Home, false);
    for _ in 0..10 {
        app.update();
    }
    let back = view(&app);
    assert!((back.center - home.center).length() < 1e-6);
    assert!((back.px_per_km - home.px_per_km).abs() < 1e-9);
    assert!(back.at_home);
}

#[test]
fn brackets_step_one_hour() {
    let mut app = headless(false);
    let start = clock(&app).t;
    press(&mut app, KeyCode::BracketRight, false);
    assert_eq!(clock(&app).t, start.plus_seconds(HOUR));
    press(&mut app, KeyCode::BracketRight, false);
    press(&mut app, KeyCode::BracketLeft, false);
    assert_eq!(clock(&app).t, start.plus_seconds(HOUR));
}

#[test]
fn plus_and_minus_zoom_in_and_out() {
    let mut app = headless(false);
    let zoom = view(&app).px_per_km;
    press(&mut app, KeyCode::Equal, false);
    assert!((view(&app).px_per_km - zoom * 1.5).abs() < 1e-9);
    press(&mut app, KeyCode::NumpadAdd, false);
    press(&mut app, KeyCode::Minus, false);
    press(&mut app, KeyCode::NumpadSubtract, false);
    assert!((view(&app).px_per_km - zoom).abs() < 1e-9);
}

#[test]
fn f12_toggles_the_frame_readout() {
    let mut app = headless(false);
    assert!(!app.world().resource::<FrameReadout>().0);
    press(&mut app, KeyCode::F12, false);
    assert!(app.world().resource::<FrameReadout>().0);
}

#[test]
fn lecture_keys_step_and_a_typed_number_jumps() {
    let mut app = headless(false);
    // A move to a cue eases time and camera over 1.5 s: let it finish.
    let settle = |app: &mut App| {
        for _ in 0..20 {
            app.update();
        }
    };
    press(&mut app, KeyCode::F5, false);
    app.update();
    for key in [KeyCode::PageDown, KeyCode::ArrowRight, KeyCode::Space] {
        press(&mut app, key, false);
        settle(&mut app);
    }
    assert_eq!(clock(&app).selected_event, Some(2), "three steps forward");
    assert_eq!(clock(&app).t, at(&app, "1945-08-25"));
    press(&mut app, KeyCode::PageUp, false);
    settle(&mut app);
    press(&mut app, KeyCode::ArrowLeft, false);
    settle(&mut app);
    assert_eq!(clock(&app).selected_event, Some(0));
    press(&mut app, KeyCode::Digit2, false);
    press(&mut app, KeyCode::Enter, false);
    settle(&mut app);
    assert_eq!(
        clock(&app).selected_event,
        Some(1),
        "2 then Enter jumps to the second"
    );
    // The move eases: halfway through, the clock is between the two moments.
    press(&mut app, KeyCode::PageDown, false);
    for _ in 0..6 {
        app.update();
    }
    let between = clock(&app).t;
    assert!(
        between > at(&app, "1945-08-18T04:22+12:00") && between < at(&app, "1945-08-25"),
        "the clock eases between cues"
    );
    settle(&mut app);
    // Keys the lecture does not bind do nothing there.
    let t = clock(&app).t;
    press(&mut app, KeyCode::BracketRight, false);
    assert_eq!(clock(&app).t, t);
}

#[test]
fn lecture_b_period_and_w_blank_the_screen() {
    let mut app = headless(false);
    press(&mut app, KeyCode::F5, false);
    app.update();
    let blank = |app: &App| app.world().resource::<BlankScreen>().0;
    for (key, expected) in [
        (KeyCode::KeyB, Blank::Black),
        (KeyCode::KeyB, Blank::None),
        (KeyCode::Period, Blank::Black),
        (KeyCode::KeyW, Blank::White),
        (KeyCode::KeyW, Blank::None),
    ] {
        press(&mut app, key, false);
        assert_eq!(blank(&app), expected, "{key:?}");
    }
    press(&mut app, KeyCode::KeyB, false);
    press(&mut app, KeyCode::Escape, false);
    app.update();
    assert_eq!(
        blank(&app),
        Blank::None,
        "leaving the lecture clears the blank screen"
    );
}

// ---- A window that sleeps ----

fn focused_mode(app: &App) -> UpdateMode {
    app.world().resource::<WinitSettings>().focused_mode
}

/// Regression: the idle window redrew about 11 times a second. With nothing playing or
/// moving, the window must wait for input.
#[test]
fn an_idle_window_waits_for_input() {
    let mut app = headless(true);
    for _ in 0..20 {
        app.update();
    }
    assert!(
        matches!(focused_mode(&app), UpdateMode::Reactive { wait, react_to_device_events: false, .. } if wait == IDLE_WAIT),
        "{:?}",
        focused_mode(&app)
    );
    let rebuilds = app.world().resource::<MapStats>().overlay_rebuilds;
    for _ in 0..20 {
        app.update();
    }
    assert_eq!(
        app.world().resource::<MapStats>().overlay_rebuilds,
        rebuilds,
        "nothing is rebuilt while idle"
    );
    assert_eq!(
        app.world()
            .resource::<Messages<bevy::window::RequestRedraw>>()
            .len(),
        0,
        "nothing asks for a redraw while idle"
    );
}

#[test]
fn playing_and_camera_moves_draw_continuously_then_sleep_again() {
    let mut app = headless(false);
    press(&mut app, KeyCode::Space, false);
    assert_eq!(focused_mode(&app), UpdateMode::Continuous);
    press(&mut app, KeyCode::Space, false);
    assert!(matches!(focused_mode(&app), UpdateMode::Reactive { .. }));
    app.world_mut().write_message(ViewCommand::ZoomAt {
        factor: 2.0,
        anchor: None,
    });
    app.world_mut().write_message(ViewCommand::FitHome);
    app.update();
    assert_eq!(
        focused_mode(&app),
        UpdateMode::Continuous,
        "an eased move draws every frame"
    );
    for _ in 0..10 {
        app.update();
    }
    assert!(matches!(focused_mode(&app), UpdateMode::Reactive { .. }));
}
