//! Kiosk mode headless under manual time: the idle cycle, the attract loop, lockdown, the staff exit, and a day of running.
#![cfg(feature = "app")]

use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll};
use bevy::input::touch::{TouchInput, TouchPhase, Touches, touch_screen_input_system};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use bevy::window::{PrimaryWindow, WindowCloseRequested};
use bevy::winit::WinitSettings;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tideline::app::config::{AppConfig, Surface};
use tideline::app::modes::AppMode;
use tideline::app::modes::kiosk::{Kiosk, KioskSetup};
use tideline::app::playback::Clock;
use tideline::app::state::{Language, Shown};
use tideline::app::{Job, MapLogicPlugin, window_plugin};
use tideline::core::kiosk::{KioskConfig, KioskPhase};
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::scenario::Lang;

const STEP_MS: u64 = 100;

fn kiosk_config() -> KioskConfig {
    let defaults = KioskConfig::default();
    KioskConfig {
        idle_timeout_seconds: 15.0,
        warning_seconds: 10.0,
        attract: tideline::core::kiosk::Attract {
            from_event: None,
            to_event: None,
            dwell_seconds: 1.0,
            speed: 48.0,
            ..defaults.attract.clone()
        },
        admin: tideline::core::kiosk::AdminExit {
            pin: "2468".into(),
            hold_seconds: 2.0,
            chord: Some("Ctrl+Alt+Shift+K".into()),
            ..defaults.admin.clone()
        },
        ..defaults
    }
}

fn kiosk_app(step: Duration) -> App {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios/mini.ron");
    let scenario = Arc::new(load_scenario(&path, DetailLoading::Now).scenario.unwrap());
    let mut config = AppConfig::explore(scenario.clone());
    config.mode = AppMode::Kiosk;
    config.surface = Surface::Window {
        size: (1920, 1080),
        fullscreen: true,
    };
    let setup = KioskSetup {
        config: kiosk_config(),
        playlist: vec![scenario],
    };
    let job = Job::Kiosk(setup.clone());
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .add_plugins(window_plugin(&config, &job))
        .insert_resource(TimeUpdateStrategy::ManualDuration(step))
        .insert_resource(ButtonInput::<KeyCode>::default())
        .insert_resource(ButtonInput::<MouseButton>::default())
        .insert_resource(AccumulatedMouseMotion::default())
        .insert_resource(AccumulatedMouseScroll::default())
        .insert_resource(Touches::default())
        .add_message::<TouchInput>()
        .add_systems(PreUpdate, touch_screen_input_system)
        .insert_resource(WinitSettings::desktop_app())
        .insert_resource(config)
        .insert_resource(setup)
        .add_plugins(MapLogicPlugin);
    // Virtual time would clamp long manual steps to a quarter second.
    app.world_mut()
        .resource_mut::<Time<Virtual>>()
        .set_max_delta(step.max(Duration::from_millis(250)));
    app.update();
    app
}

fn phase(app: &App) -> KioskPhase {
    app.world().resource::<Kiosk>().cycle.phase
}

fn window(app: &mut App) -> Entity {
    app.world_mut()
        .query_filtered::<Entity, With<PrimaryWindow>>()
        .single(app.world())
        .expect("the kiosk window is still there")
}

fn touch(app: &mut App, at: Vec2, phase: TouchPhase) {
    let window = window(app);
    app.world_mut().write_message(TouchInput {
        phase,
        position: at,
        window,
        force: None,
        id: 7,
    });
}

/// A tap: finger down one frame, up the next.
fn tap(app: &mut App, at: Vec2) {
    touch(app, at, TouchPhase::Started);
    app.update();
    touch(app, at, TouchPhase::Ended);
    app.update();
}

fn run_for(app: &mut App, seconds: f64) {
    let frames = (seconds * 1000.0 / STEP_MS as f64).round() as usize;
    for _ in 0..frames {
        app.update();
    }
}

fn press(app: &mut App, keys: &[KeyCode]) {
    {
        let mut input = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
        for key in keys {
            input.press(*key);
        }
    }
    app.update();
    let mut input = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
    input.release_all();
    input.clear();
}

#[test]
fn a_touch_stops_the_loop_and_idle_warns_then_resets_to_the_loop() {
    let mut app = kiosk_app(Duration::from_millis(STEP_MS));
    assert_eq!(phase(&app), KioskPhase::Attract);
    run_for(&mut app, 3.0);
    let looping_t = app.world().resource::<Clock>().t;
    tap(&mut app, Vec2::new(900.0, 500.0));
    assert!(matches!(phase(&app), KioskPhase::Explore { .. }));
    let explored_t = app.world().resource::<Clock>().t;
    run_for(&mut app, 5.0);
    assert_eq!(
        app.world().resource::<Clock>().t,
        explored_t,
        "the loop stopped"
    );
    assert!(explored_t >= looping_t);
    // The visitor changes the language and hides the partition, then walks away.
    app.world_mut()
        .write_message(tideline::app::messages::DisplayCommand::SetLang(Lang::Ja));
    app.world_mut()
        .write_message(tideline::app::messages::DisplayCommand::SetCounterfactual(
            false,
        ));
    app.update();
    run_for(&mut app, 10.0);
    assert!(
        matches!(phase(&app), KioskPhase::Warning { .. }),
        "15 s without input warns: {:?}",
        phase(&app)
    );
    let countdown = app.world().resource::<Kiosk>().cycle.countdown().unwrap();
    assert!((1..=10).contains(&countdown));
    run_for(&mut app, 10.5);
    assert_eq!(
        phase(&app),
        KioskPhase::Attract,
        "the countdown ran out: reset"
    );
    assert_eq!(app.world().resource::<Language>().0, Lang::En);
    assert!(app.world().resource::<Shown>().show_counterfactual);
    let start = app.world().resource::<Kiosk>().attract.stops[0].1;
    assert_eq!(
        app.world().resource::<Clock>().t,
        start,
        "time goes back to the start"
    );
    run_for(&mut app, 3.0);
    assert!(
        app.world().resource::<Clock>().t > start,
        "the loop plays again"
    );
}

/// A mouse click under Xvfb pressed and released within one slow frame, and the loop went on
/// as if nobody had touched it.
#[test]
fn regression_a_click_within_one_frame_stops_the_loop() {
    let mut app = kiosk_app(Duration::from_millis(STEP_MS));
    run_for(&mut app, 2.0);
    assert_eq!(phase(&app), KioskPhase::Attract);
    {
        let mut buttons = app.world_mut().resource_mut::<ButtonInput<MouseButton>>();
        buttons.press(MouseButton::Left);
        buttons.release(MouseButton::Left);
    }
    app.update();
    app.world_mut()
        .resource_mut::<ButtonInput<MouseButton>>()
        .clear();
    assert!(
        matches!(phase(&app), KioskPhase::Explore { .. }),
        "{:?}",
        phase(&app)
    );
}

#[test]
fn any_touch_during_the_warning_cancels_it() {
    let mut app = kiosk_app(Duration::from_millis(STEP_MS));
    tap(&mut app, Vec2::new(900.0, 500.0));
    run_for(&mut app, 16.0);
    assert!(matches!(phase(&app), KioskPhase::Warning { .. }));
    tap(&mut app, Vec2::new(300.0, 300.0));
    assert!(matches!(phase(&app), KioskPhase::Explore { .. }));
    run_for(&mut app, 12.0);
    assert!(
        matches!(phase(&app), KioskPhase::Explore { .. }),
        "the idle clock started again"
    );
}

#[test]
fn the_loop_advances_through_the_events_and_wraps() {
    let mut app = kiosk_app(Duration::from_millis(STEP_MS));
    let mut selected = Vec::new();
    for _ in 0..3000 {
        app.update();
        if let Some(e) = app.world().resource::<Clock>().selected_event
            && selected.last() != Some(&e)
        {
            selected.push(e);
        }
        if app.world().resource::<Kiosk>().attract.wraps >= 1 && selected.len() > 3 {
            break;
        }
    }
    assert_eq!(&selected[..4], &[0, 1, 2, 0], "{selected:?}");
}

#[test]
fn lockdown_keys_and_close_requests_leave_the_kiosk_running() {
    let mut app = kiosk_app(Duration::from_millis(STEP_MS));
    for chord in [
        &[KeyCode::AltLeft, KeyCode::F4][..],
        &[KeyCode::ControlLeft, KeyCode::KeyQ],
        &[KeyCode::ControlLeft, KeyCode::KeyW],
        &[KeyCode::Escape],
        &[KeyCode::F11],
        &[KeyCode::AltLeft, KeyCode::Tab],
        &[KeyCode::SuperLeft],
        &[KeyCode::F5],
        &[KeyCode::KeyH],
    ] {
        press(&mut app, chord);
        app.update();
        assert!(app.should_exit().is_none(), "{chord:?} ended the kiosk");
        assert_eq!(
            *app.world().resource::<State<AppMode>>().get(),
            AppMode::Kiosk,
            "{chord:?} left kiosk mode"
        );
    }
    let window = window(&mut app);
    app.world_mut()
        .write_message(WindowCloseRequested { window });
    app.update();
    app.update();
    assert!(
        app.should_exit().is_none(),
        "a close request ended the kiosk"
    );
    let still = app.world().get_entity(window).is_ok();
    assert!(still, "a close request closed the window");
}

fn hold_corner(app: &mut App, seconds: f64) {
    touch(app, Vec2::new(20.0, 20.0), TouchPhase::Started);
    app.update();
    let frames = (seconds * 1000.0 / STEP_MS as f64).round() as usize;
    for _ in 0..frames {
        touch(app, Vec2::new(21.0, 20.0), TouchPhase::Moved);
        app.update();
    }
    touch(app, Vec2::new(21.0, 20.0), TouchPhase::Ended);
    app.update();
}

/// A still finger on the staff corner sends no events, and the sleeping window never counted
/// the hold under a real display: while it is held the window must keep updating.
#[test]
fn regression_holding_the_staff_corner_keeps_the_window_awake() {
    use tideline::app::frame_pacing::Wakeups;
    let mut app = kiosk_app(Duration::from_millis(STEP_MS));
    tap(&mut app, Vec2::new(900.0, 500.0));
    run_for(&mut app, 1.0);
    assert!(!app.world().resource::<Wakeups>().busy, "explore sleeps");
    touch(&mut app, Vec2::new(20.0, 20.0), TouchPhase::Started);
    app.update();
    app.update();
    assert!(app.world().resource::<Wakeups>().busy, "the hold is timed");
    touch(&mut app, Vec2::new(20.0, 20.0), TouchPhase::Ended);
    app.update();
    app.update();
    assert!(!app.world().resource::<Wakeups>().busy, "sleeps again");
}

fn type_pin(app: &mut App, pin: &str) {
    let mut kiosk = app.world_mut().resource_mut::<Kiosk>();
    let pad = kiosk.pad.as_mut().expect("the PIN pad is open");
    for c in pin.chars() {
        pad.type_digit(c.to_digit(10).unwrap());
    }
}

fn submit(app: &mut App) {
    app.world_mut()
        .run_system_cached(
            |mut kiosk: ResMut<Kiosk>, setup: Res<KioskSetup>, mut exit: MessageWriter<AppExit>| {
                tideline::app::modes::kiosk::submit_pin(&mut kiosk, &setup, &mut exit);
            },
        )
        .unwrap();
    app.update();
}

#[test]
fn the_staff_exit_needs_the_corner_held_and_the_right_pin() {
    let mut app = kiosk_app(Duration::from_millis(STEP_MS));
    hold_corner(&mut app, 1.0);
    assert!(
        app.world().resource::<Kiosk>().pad.is_none(),
        "a short press opens nothing"
    );
    hold_corner(&mut app, 2.5);
    assert!(
        app.world().resource::<Kiosk>().pad.is_some(),
        "a long press opens the pad"
    );
    type_pin(&mut app, "1111");
    submit(&mut app);
    assert!(app.should_exit().is_none(), "a wrong PIN does not exit");
    assert!(app.world().resource::<Kiosk>().wrong_pin);
    type_pin(&mut app, "2468");
    submit(&mut app);
    assert_eq!(app.should_exit(), Some(AppExit::Success));
}

#[test]
fn the_key_chord_opens_the_pad_too() {
    let mut app = kiosk_app(Duration::from_millis(STEP_MS));
    assert!(app.world().resource::<Kiosk>().pad.is_none());
    press(
        &mut app,
        &[
            KeyCode::ControlLeft,
            KeyCode::AltLeft,
            KeyCode::ShiftLeft,
            KeyCode::KeyK,
        ],
    );
    assert!(app.world().resource::<Kiosk>().pad.is_some());
}

/// A day of the attract loop, fast-forwarded: nothing grows and the loop keeps its time.
#[test]
fn a_day_of_attract_loop_keeps_entity_and_resource_counts_flat() {
    let step = Duration::from_secs(2);
    let mut app = kiosk_app(step);
    app.update();
    let count = |app: &mut App| {
        let world = app.world_mut();
        (world.entities().len(), world.iter_resources().count())
    };
    let before = count(&mut app);
    let loop_seconds = app.world().resource::<Kiosk>().attract.loop_seconds();
    let day = 24 * 3600;
    let updates = day / step.as_secs() as usize;
    for update in 0..updates {
        app.update();
        if update * step.as_secs() as usize == 3600 {
            assert_eq!(count(&mut app), before, "after an hour");
        }
    }
    assert_eq!(count(&mut app), before, "after a day");
    let wraps = app.world().resource::<Kiosk>().attract.wraps as f64;
    let expected = day as f64 / loop_seconds;
    // Ticks of two seconds may overshoot each hold by up to two seconds.
    let per_loop_slack =
        app.world().resource::<Kiosk>().attract.stops.len() as f64 * step.as_secs_f64();
    let slowest = day as f64 / (loop_seconds + per_loop_slack);
    assert!(
        wraps <= expected.ceil() && wraps >= slowest.floor(),
        "{wraps} loops in a day; between {slowest:.1} and {expected:.1} expected"
    );
    assert_eq!(phase(&app), KioskPhase::Attract);
}
