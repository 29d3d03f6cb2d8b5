//! Kiosk mode for a museum: the attract loop, a visitor's touch, the idle warning and reset, lockdown, and the staff's exit.

use crate::app::config::AppConfig;
use crate::app::frame_pacing::Wakeups;
use crate::app::messages::{DisplayCommand, TimeCommand, ViewCommand};
use crate::app::modes::AppMode;
use crate::app::sets::TidelineSet;
use crate::app::state::{LoadedScenario, Shown};
use crate::app::theme::{ThemeChoice, UiTheme};
use crate::app::tools::inspect::Inspected;
use crate::core::kiosk::{
    AttractLoop, Chord, Corner, IdleCycle, KioskConfig, KioskPhase, KioskStep, PinPad, PinResult,
    parse_chord,
};
use crate::core::model::Scenario;
use crate::core::theme::ThemeName;
use crate::core::visibility::ViewOptions;
use bevy::input::mouse::AccumulatedMouseScroll;
use bevy::input::touch::Touches;
use bevy::prelude::*;
use bevy::window::{PrimaryWindow, WindowCloseRequested};
use std::sync::Arc;

/// The kiosk's configuration and the scenarios its attract loop plays.
#[derive(Resource, Clone)]
pub struct KioskSetup {
    pub config: KioskConfig,
    /// Played one after another; the first is the one the kiosk starts and resets with.
    pub playlist: Vec<Arc<Scenario>>,
}

/// Where the kiosk is: its idle cycle, the attract loop, the staff's PIN pad.
#[derive(Resource)]
pub struct Kiosk {
    pub cycle: IdleCycle,
    pub attract: AttractLoop,
    /// Open while staff type the PIN.
    pub pad: Option<PinPad>,
    /// The last PIN typed was wrong (shown on the pad).
    pub wrong_pin: bool,
    /// Seconds the admin corner has been held.
    pub corner_held: f64,
    /// Which playlist scenario is loaded.
    pub playing: usize,
    chord: Option<Chord>,
}

/// Input this frame, of any kind: the visitor is there.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Activity(pub bool);

/// Pixels of the admin corner's square at 1080p.
const CORNER_PX: f32 = 90.0;
/// While the warning counts down, redraw this often so the number changes.
const WARNING_FPS: f64 = 4.0;

pub fn plugin(app: &mut App) {
    let setup = app.world().get_resource::<KioskSetup>().cloned();
    app.init_resource::<Activity>()
        .add_message::<WindowCloseRequested>()
        .add_systems(OnEnter(AppMode::Kiosk), enter)
        .add_systems(
            Update,
            (detect_activity, cover_the_screen)
                .run_if(in_state(AppMode::Kiosk))
                .in_set(TidelineSet::Input),
        )
        .add_systems(
            Update,
            (ignore_close_requests, watch_admin_gestures, run_cycle)
                .chain()
                .run_if(in_state(AppMode::Kiosk).and_then(resource_exists::<Kiosk>))
                .in_set(TidelineSet::Modes),
        );
    if let Some(setup) = setup {
        let scenario = setup.playlist[0].clone();
        app.insert_resource(Kiosk {
            cycle: IdleCycle::new(&setup.config),
            attract: AttractLoop::new(&scenario, &setup.config.attract),
            pad: None,
            wrong_pin: false,
            corner_held: 0.0,
            playing: 0,
            chord: setup.config.admin.chord.as_deref().and_then(parse_chord),
        });
    }
}

fn enter(
    mut choice: ResMut<ThemeChoice>,
    setup: Option<Res<KioskSetup>>,
    mut display: MessageWriter<DisplayCommand>,
) {
    choice.set_if_neq(ThemeChoice {
        name: ThemeName::Kiosk,
    });
    if let Some(setup) = setup {
        display.write(DisplayCommand::SetCounterfactual(
            setup.config.show_partition,
        ));
        display.write(DisplayCommand::SetLang(setup.config.default_language));
    }
}

/// Any key, button, wheel or touch counts: a visitor is there.
fn detect_activity(
    keys: Res<ButtonInput<KeyCode>>,
    buttons: Res<ButtonInput<MouseButton>>,
    scroll: Res<AccumulatedMouseScroll>,
    touches: Res<Touches>,
    mut activity: ResMut<Activity>,
) {
    let now = keys.get_just_pressed().next().is_some()
        || buttons.get_pressed().next().is_some()
        // A quick click can press and release within one frame of a slow renderer.
        || buttons.get_just_released().next().is_some()
        || scroll.delta != Vec2::ZERO
        || touches.iter().next().is_some()
        || touches.iter_just_released().next().is_some();
    activity.set_if_neq(Activity(now));
}

/// Sizes the window to the primary monitor, puts it at its corner, then asks for borderless
/// fullscreen. Compositors such as Cage and desktop window managers honour the request; a
/// bare X server has no window manager to do it, and the kiosk must still cover the screen.
fn cover_the_screen(
    monitors: Query<(&bevy::window::Monitor, Has<bevy::window::PrimaryMonitor>)>,
    mut windows: Query<&mut Window, With<bevy::window::PrimaryWindow>>,
) {
    // A virtual X server names no primary output: the first monitor is it then.
    let monitor = monitors
        .iter()
        .find(|(_, primary)| *primary)
        .or_else(|| monitors.iter().next())
        .map(|(monitor, _)| monitor);
    let (Some(monitor), Ok(mut window)) = (monitor, windows.single_mut()) else {
        return;
    };
    let (width, height) = (monitor.physical_width, monitor.physical_height);
    if width == 0 || height == 0 {
        return;
    }
    if window.resolution.physical_width() != width || window.resolution.physical_height() != height
    {
        window.resolution.set_physical_resolution(width, height);
    }
    let corner = WindowPosition::At(monitor.physical_position);
    if window.position != corner {
        window.position = corner;
    }
    let fullscreen = bevy::window::WindowMode::BorderlessFullscreen(MonitorSelection::Primary);
    if window.mode != fullscreen {
        window.mode = fullscreen;
    }
}

/// A window manager's close request (Alt+F4, a close button) leaves the kiosk running: the
/// window is not closed because `close_when_requested` is off; this only logs it.
fn ignore_close_requests(mut requests: MessageReader<WindowCloseRequested>) {
    for _ in requests.read() {
        info!("kiosk: a close request was ignored (only the staff exit ends kiosk mode)");
    }
}

/// The staff exit: hold the configured corner (finger or mouse) or press the chord, then
/// type the PIN on the pad.
fn watch_admin_gestures(
    time: Res<Time>,
    keys: Res<ButtonInput<KeyCode>>,
    buttons: Res<ButtonInput<MouseButton>>,
    touches: Res<Touches>,
    windows: Query<&Window, With<PrimaryWindow>>,
    setup: Res<KioskSetup>,
    theme: Res<UiTheme>,
    mut kiosk: ResMut<Kiosk>,
) {
    if kiosk.pad.is_some() {
        return;
    }
    let size = windows
        .single()
        .map(|w| Vec2::new(w.width(), w.height()))
        .unwrap_or(Vec2::new(1920.0, 1080.0));
    let square =
        CORNER_PX * theme.metrics.target_height / crate::core::theme::KIOSK.metrics.target_height;
    let in_corner = |p: Vec2| match setup.config.admin.corner {
        Corner::TopLeft => p.x <= square && p.y <= square,
        Corner::TopRight => p.x >= size.x - square && p.y <= square,
        Corner::BottomLeft => p.x <= square && p.y >= size.y - square,
        Corner::BottomRight => p.x >= size.x - square && p.y >= size.y - square,
    };
    let mouse_held = buttons.pressed(MouseButton::Left)
        && windows
            .single()
            .ok()
            .and_then(|w| w.cursor_position())
            .is_some_and(in_corner);
    let touch_held = touches.iter().count() == 1 && touches.iter().all(|t| in_corner(t.position()));
    if mouse_held || touch_held {
        kiosk.corner_held += time.delta_secs_f64();
    } else if kiosk.corner_held != 0.0 {
        kiosk.corner_held = 0.0;
    }
    let chord_pressed = kiosk
        .chord
        .as_ref()
        .is_some_and(|chord| chord_just_pressed(chord, &keys));
    if kiosk.corner_held >= setup.config.admin.hold_seconds || chord_pressed {
        kiosk.corner_held = 0.0;
        kiosk.pad = Some(PinPad::default());
        kiosk.wrong_pin = false;
    }
}

fn chord_just_pressed(chord: &Chord, keys: &ButtonInput<KeyCode>) -> bool {
    let held = |a: KeyCode, b: KeyCode| keys.any_pressed([a, b]);
    if chord.ctrl != held(KeyCode::ControlLeft, KeyCode::ControlRight)
        || chord.alt != held(KeyCode::AltLeft, KeyCode::AltRight)
        || chord.shift != held(KeyCode::ShiftLeft, KeyCode::ShiftRight)
    {
        return false;
    }
    key_code(&chord.key).is_some_and(|k| keys.just_pressed(k))
}

/// The key a chord names ("K", "7", "F9").
fn key_code(name: &str) -> Option<KeyCode> {
    const LETTERS: [KeyCode; 26] = [
        KeyCode::KeyA,
        KeyCode::KeyB,
        KeyCode::KeyC,
        KeyCode::KeyD,
        KeyCode::KeyE,
        KeyCode::KeyF,
        KeyCode::KeyG,
        KeyCode::KeyH,
        KeyCode::KeyI,
        KeyCode::KeyJ,
        KeyCode::KeyK,
        KeyCode::KeyL,
        KeyCode::KeyM,
        KeyCode::KeyN,
        KeyCode::KeyO,
        KeyCode::KeyP,
        KeyCode::KeyQ,
        KeyCode::KeyR,
        KeyCode::KeyS,
        KeyCode::KeyT,
        KeyCode::KeyU,
        KeyCode::KeyV,
        KeyCode::KeyW,
        KeyCode::KeyX,
        KeyCode::KeyY,
        KeyCode::KeyZ,
    ];
    const DIGITS: [KeyCode; 10] = [
        KeyCode::Digit0,
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
        KeyCode::Digit8,
        KeyCode::Digit9,
    ];
    const F_KEYS: [KeyCode; 12] = [
        KeyCode::F1,
        KeyCode::F2,
        KeyCode::F3,
        KeyCode::F4,
        KeyCode::F5,
        KeyCode::F6,
        KeyCode::F7,
        KeyCode::F8,
        KeyCode::F9,
        KeyCode::F10,
        KeyCode::F11,
        KeyCode::F12,
    ];
    let c = name.chars().next()?;
    if name.len() == 1 && c.is_ascii_uppercase() {
        return LETTERS.get((c as u8 - b'A') as usize).copied();
    }
    if name.len() == 1 && c.is_ascii_digit() {
        return DIGITS.get((c as u8 - b'0') as usize).copied();
    }
    let n: usize = name.strip_prefix('F')?.parse().ok()?;
    F_KEYS.get(n.checked_sub(1)?).copied()
}

/// Submits the PIN typed on the pad: the right one ends kiosk mode with exit code 0.
pub fn submit_pin(kiosk: &mut Kiosk, setup: &KioskSetup, exit: &mut MessageWriter<AppExit>) {
    let Some(pad) = kiosk.pad.as_mut() else {
        return;
    };
    match pad.submit(&setup.config.admin.pin) {
        PinResult::Accepted => {
            info!("kiosk: staff exit");
            exit.write(AppExit::Success);
        }
        PinResult::Rejected => kiosk.wrong_pin = true,
        PinResult::LockedOut => {
            kiosk.pad = None;
            kiosk.wrong_pin = false;
        }
    }
}

/// The idle cycle and the attract loop: what the kiosk does each frame.
fn run_cycle(
    time: Res<Time>,
    real: Res<Time<Real>>,
    activity: Res<Activity>,
    setup: Res<KioskSetup>,
    mut kiosk: ResMut<Kiosk>,
    mut scenario: ResMut<LoadedScenario>,
    mut shown: ResMut<Shown>,
    mut inspected: ResMut<Inspected>,
    mut wakeups: ResMut<Wakeups>,
    mut times: MessageWriter<TimeCommand>,
    mut views: MessageWriter<ViewCommand>,
    mut display: MessageWriter<DisplayCommand>,
) {
    // The idle clock is real time: a sleeping window wakes after a long gap, which virtual
    // time would clamp.
    let touched = activity.0 || kiosk.pad.is_some();
    let step = kiosk.cycle.tick(real.delta_secs_f64(), touched);
    let dt = time.delta_secs_f64();
    match step {
        KioskStep::Reset => {
            if kiosk.playing != 0 {
                kiosk.playing = 0;
                scenario.0 = setup.playlist[0].clone();
                kiosk.attract = AttractLoop::new(&scenario.0, &setup.config.attract);
            }
            kiosk.attract.restart();
            views.write(ViewCommand::ResetHome);
            display.write(DisplayCommand::SetLang(setup.config.default_language));
            let mut defaults = ViewOptions::for_scenario(&scenario.0);
            defaults.show_counterfactual = setup.config.show_partition;
            shown.set_if_neq(Shown(defaults));
            inspected.set_if_neq(Inspected(None));
        }
        KioskStep::StartExploring => {
            times.write(TimeCommand::SetPlaying(false));
        }
        KioskStep::ShowWarning | KioskStep::CancelWarning | KioskStep::Nothing => {}
    }
    if kiosk.cycle.phase == KioskPhase::Attract {
        let tick = kiosk.attract.tick(dt);
        if tick.wrapped && setup.playlist.len() > 1 {
            let next = (kiosk.playing + 1) % setup.playlist.len();
            kiosk.playing = next;
            scenario.0 = setup.playlist[next].clone();
            kiosk.attract = AttractLoop::new(&scenario.0, &setup.config.attract);
            let tick = kiosk.attract.tick(dt);
            arrive(
                &scenario.0,
                &kiosk.attract,
                tick.arrived,
                &mut times,
                &mut views,
            );
        } else if let Some(index) = tick.arrived {
            arrive(
                &scenario.0,
                &kiosk.attract,
                Some(index),
                &mut times,
                &mut views,
            );
        } else {
            times.write(TimeCommand::SetTime(tick.t));
        }
    }
    let wanted = match kiosk.cycle.phase {
        KioskPhase::Attract => Wakeups {
            busy: true,
            within: None,
            frame_cap: Some(setup.config.attract_frame_cap),
        },
        KioskPhase::Warning { .. } => Wakeups {
            busy: true,
            within: None,
            frame_cap: Some(WARNING_FPS),
        },
        // A finger held still on the staff corner sends no events: keep counting its time.
        KioskPhase::Explore { .. } if kiosk.corner_held > 0.0 => Wakeups {
            busy: true,
            within: None,
            frame_cap: Some(WARNING_FPS),
        },
        KioskPhase::Explore { .. } => Wakeups {
            busy: false,
            within: kiosk
                .cycle
                .next_deadline()
                .map(std::time::Duration::from_secs_f64),
            frame_cap: None,
        },
    };
    wakeups.set_if_neq(wanted);
}

/// The attract loop reached an event: lead the caption with it and frame it.
fn arrive(
    scenario: &Scenario,
    attract: &AttractLoop,
    arrived: Option<usize>,
    times: &mut MessageWriter<TimeCommand>,
    views: &mut MessageWriter<ViewCommand>,
) {
    let Some(index) = arrived else { return };
    times.write(TimeCommand::SelectEvent(index));
    if attract.follow_events
        && let Some(focus) = scenario.events.get(index).and_then(|e| e.focus)
    {
        views.write(ViewCommand::Focus(focus));
    }
}

/// The kiosk's starting configuration from an app configuration (for tests and `run`).
pub fn setup_from(config: &AppConfig, kiosk: KioskConfig) -> KioskSetup {
    KioskSetup {
        config: kiosk,
        playlist: vec![config.scenario.clone()],
    }
}
