//! Keys, clicks and touches become messages: one keymap per mode, and the pointer gestures that move the map.

use crate::app::messages::{
    Blank, DisplayCommand, LectureCommand, MapClick, TimeCommand, ToolCommand, ViewCommand,
};
use crate::app::modes::AppMode;
use crate::app::sets::TidelineSet;
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll, MouseScrollUnit};
use bevy::input::touch::Touches;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::input::EguiWantsInput;

/// Pixels a key press pans the map.
const KEY_PAN_PX: f32 = 120.0;
/// Zoom factor of one `+` or `-`.
const KEY_ZOOM: f64 = 1.5;
/// A press that moves less than this many pixels before release is a click, not a drag.
const CLICK_SLOP_PX: f32 = 6.0;

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    Time(TimeCommand),
    View(ViewCommand),
    Display(DisplayCommand),
    Lecture(LectureCommand),
    Tool(ToolCommand),
    EnterMode(AppMode),
}

/// Whether Shift must be held, must not be, or does not matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shift {
    Held,
    Free,
    Any,
}

/// One line of a keymap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Binding {
    pub key: KeyCode,
    pub shift: Shift,
    pub action: Action,
}

const fn bind(key: KeyCode, shift: Shift, action: Action) -> Binding {
    Binding { key, shift, action }
}

const fn pan(x: f32, y: f32) -> Action {
    Action::View(ViewCommand::PanPixels(Vec2::new(x, y)))
}

const fn zoom(factor: f64) -> Action {
    Action::View(ViewCommand::ZoomAt {
        factor,
        anchor: None,
    })
}

/// Exploring at a desk: the README's key table.
pub const EXPLORE_KEYS: &[Binding] = &[
    bind(
        KeyCode::PageDown,
        Shift::Any,
        Action::Time(TimeCommand::StepEvent(1)),
    ),
    bind(
        KeyCode::PageUp,
        Shift::Any,
        Action::Time(TimeCommand::StepEvent(-1)),
    ),
    bind(
        KeyCode::ArrowRight,
        Shift::Free,
        Action::Time(TimeCommand::StepEvent(1)),
    ),
    bind(
        KeyCode::ArrowLeft,
        Shift::Free,
        Action::Time(TimeCommand::StepEvent(-1)),
    ),
    bind(KeyCode::ArrowRight, Shift::Held, pan(-KEY_PAN_PX, 0.0)),
    bind(KeyCode::ArrowLeft, Shift::Held, pan(KEY_PAN_PX, 0.0)),
    bind(KeyCode::ArrowUp, Shift::Any, pan(0.0, KEY_PAN_PX)),
    bind(KeyCode::ArrowDown, Shift::Any, pan(0.0, -KEY_PAN_PX)),
    bind(
        KeyCode::Space,
        Shift::Any,
        Action::Time(TimeCommand::TogglePlay),
    ),
    bind(
        KeyCode::KeyB,
        Shift::Any,
        Action::Display(DisplayCommand::ToggleBlank(Blank::Black)),
    ),
    bind(
        KeyCode::Period,
        Shift::Any,
        Action::Display(DisplayCommand::ToggleBlank(Blank::Black)),
    ),
    bind(
        KeyCode::KeyW,
        Shift::Any,
        Action::Display(DisplayCommand::ToggleBlank(Blank::White)),
    ),
    bind(
        KeyCode::KeyH,
        Shift::Any,
        Action::EnterMode(AppMode::Lecture),
    ),
    bind(KeyCode::F5, Shift::Any, Action::EnterMode(AppMode::Lecture)),
    bind(
        KeyCode::KeyC,
        Shift::Any,
        Action::Display(DisplayCommand::ToggleCounterfactual),
    ),
    bind(
        KeyCode::Home,
        Shift::Any,
        Action::View(ViewCommand::FitHome),
    ),
    bind(
        KeyCode::BracketRight,
        Shift::Any,
        Action::Time(TimeCommand::StepUnit(1)),
    ),
    bind(
        KeyCode::BracketLeft,
        Shift::Any,
        Action::Time(TimeCommand::StepUnit(-1)),
    ),
    bind(KeyCode::Equal, Shift::Any, zoom(KEY_ZOOM)),
    bind(KeyCode::NumpadAdd, Shift::Any, zoom(KEY_ZOOM)),
    bind(KeyCode::Minus, Shift::Any, zoom(1.0 / KEY_ZOOM)),
    bind(KeyCode::NumpadSubtract, Shift::Any, zoom(1.0 / KEY_ZOOM)),
    bind(
        KeyCode::F12,
        Shift::Any,
        Action::Display(DisplayCommand::ToggleFrameReadout),
    ),
    bind(
        KeyCode::KeyM,
        Shift::Any,
        Action::Tool(ToolCommand::ToggleMeasure),
    ),
    bind(
        KeyCode::Escape,
        Shift::Any,
        Action::Tool(ToolCommand::ClearMeasure),
    ),
    bind(
        KeyCode::KeyE,
        Shift::Any,
        Action::Tool(ToolCommand::ToggleEventList),
    ),
];

/// Lecturing with a clicker: next, previous, black and white screens, cue numbers, Escape.
pub const LECTURE_KEYS: &[Binding] = &[
    bind(
        KeyCode::PageDown,
        Shift::Any,
        Action::Lecture(LectureCommand::Next),
    ),
    bind(
        KeyCode::ArrowRight,
        Shift::Any,
        Action::Lecture(LectureCommand::Next),
    ),
    bind(
        KeyCode::Space,
        Shift::Any,
        Action::Lecture(LectureCommand::Next),
    ),
    bind(
        KeyCode::ArrowDown,
        Shift::Any,
        Action::Lecture(LectureCommand::Next),
    ),
    bind(
        KeyCode::PageUp,
        Shift::Any,
        Action::Lecture(LectureCommand::Previous),
    ),
    bind(
        KeyCode::ArrowLeft,
        Shift::Any,
        Action::Lecture(LectureCommand::Previous),
    ),
    bind(
        KeyCode::ArrowUp,
        Shift::Any,
        Action::Lecture(LectureCommand::Previous),
    ),
    bind(
        KeyCode::KeyB,
        Shift::Any,
        Action::Display(DisplayCommand::ToggleBlank(Blank::Black)),
    ),
    bind(
        KeyCode::Period,
        Shift::Any,
        Action::Display(DisplayCommand::ToggleBlank(Blank::Black)),
    ),
    bind(
        KeyCode::KeyW,
        Shift::Any,
        Action::Display(DisplayCommand::ToggleBlank(Blank::White)),
    ),
    bind(
        KeyCode::Comma,
        Shift::Any,
        Action::Display(DisplayCommand::ToggleBlank(Blank::White)),
    ),
    bind(
        KeyCode::KeyC,
        Shift::Any,
        Action::Display(DisplayCommand::ToggleCounterfactual),
    ),
    bind(
        KeyCode::Enter,
        Shift::Any,
        Action::Lecture(LectureCommand::JumpToTyped),
    ),
    bind(
        KeyCode::NumpadEnter,
        Shift::Any,
        Action::Lecture(LectureCommand::JumpToTyped),
    ),
    bind(
        KeyCode::Escape,
        Shift::Any,
        Action::EnterMode(AppMode::Explore),
    ),
    bind(
        KeyCode::KeyH,
        Shift::Any,
        Action::EnterMode(AppMode::Explore),
    ),
    bind(
        KeyCode::F5,
        Shift::Any,
        Action::Lecture(LectureCommand::Restart),
    ),
    bind(
        KeyCode::Home,
        Shift::Any,
        Action::View(ViewCommand::FitHome),
    ),
    bind(
        KeyCode::F12,
        Shift::Any,
        Action::Display(DisplayCommand::ToggleFrameReadout),
    ),
];

/// A kiosk answers no key at all: visitors only touch. (The admin exit is a gesture.)
pub const KIOSK_KEYS: &[Binding] = &[];

/// The keymap of a mode.
pub fn keymap(mode: AppMode) -> &'static [Binding] {
    match mode {
        AppMode::Explore => EXPLORE_KEYS,
        AppMode::Lecture => LECTURE_KEYS,
        AppMode::Kiosk => KIOSK_KEYS,
        AppMode::Export => &[],
    }
}

/// The digit a key types, for cue numbers.
pub fn digit(key: KeyCode) -> Option<u32> {
    let digits = [
        (KeyCode::Digit0, KeyCode::Numpad0),
        (KeyCode::Digit1, KeyCode::Numpad1),
        (KeyCode::Digit2, KeyCode::Numpad2),
        (KeyCode::Digit3, KeyCode::Numpad3),
        (KeyCode::Digit4, KeyCode::Numpad4),
        (KeyCode::Digit5, KeyCode::Numpad5),
        (KeyCode::Digit6, KeyCode::Numpad6),
        (KeyCode::Digit7, KeyCode::Numpad7),
        (KeyCode::Digit8, KeyCode::Numpad8),
        (KeyCode::Digit9, KeyCode::Numpad9),
    ];
    digits
        .iter()
        .position(|(a, b)| *a == key || *b == key)
        .map(|d| d as u32)
}

pub struct InputPlugin;

impl Plugin for InputPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            Update,
            (
                keyboard_input,
                pointer_input.run_if(not(in_state(AppMode::Export))),
            )
                .in_set(TidelineSet::Input),
        );
    }
}

/// Turns the keys pressed this frame into messages through the mode's keymap.
fn keyboard_input(
    keys: Res<ButtonInput<KeyCode>>,
    mode: Res<State<AppMode>>,
    mut time: MessageWriter<TimeCommand>,
    mut view: MessageWriter<ViewCommand>,
    mut display: MessageWriter<DisplayCommand>,
    mut lecture: MessageWriter<LectureCommand>,
    mut tools: MessageWriter<ToolCommand>,
    mut next_mode: ResMut<NextState<AppMode>>,
    egui_input: Option<Res<EguiWantsInput>>,
) {
    // Keys belong to the map unless a text field (the event list's search) is being typed
    // in: a clicked button keeping focus must not swallow the clicker's PageDown.
    if egui_input.is_some_and(|e| e.wants_keyboard_input()) {
        return;
    }
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    let map = keymap(*mode.get());
    for key in keys.get_just_pressed() {
        if *mode.get() == AppMode::Lecture
            && let Some(d) = digit(*key)
        {
            lecture.write(LectureCommand::TypeDigit(d));
            continue;
        }
        let binding = map.iter().find(|b| {
            b.key == *key
                && match b.shift {
                    Shift::Any => true,
                    Shift::Held => shift,
                    Shift::Free => !shift,
                }
        });
        match binding.map(|b| b.action) {
            Some(Action::Time(c)) => {
                time.write(c);
            }
            Some(Action::View(c)) => {
                view.write(c);
            }
            Some(Action::Display(c)) => {
                display.write(c);
            }
            Some(Action::Lecture(c)) => {
                lecture.write(c);
            }
            Some(Action::Tool(c)) => {
                tools.write(c);
            }
            Some(Action::EnterMode(m)) => next_mode.set(m),
            None => {}
        }
    }
}

/// Mouse drag and wheel, one-finger drag and two-finger pinch, when egui is not using the pointer.
fn pointer_input(
    buttons: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    scroll: Res<AccumulatedMouseScroll>,
    touches: Res<Touches>,
    windows: Query<&Window, With<PrimaryWindow>>,
    egui_input: Option<Res<EguiWantsInput>>,
    mut view: MessageWriter<ViewCommand>,
    mut clicks: MessageWriter<MapClick>,
    mut press: Local<Option<(Vec2, f32)>>,
    mut touch_press: Local<Option<(u64, Vec2, f32)>>,
) {
    // Only a pointer over a panel, or one dragging a widget, belongs to the interface: a text
    // field holding the keyboard (the event list's search) must not swallow a click on the map.
    let over_ui = egui_input.is_some_and(|e| e.is_pointer_over_area() || e.is_using_pointer());
    let cursor = windows.single().ok().and_then(|w| w.cursor_position());
    // A press on the map starts a drag; a release that barely moved is a click.
    if buttons.just_pressed(MouseButton::Left) && !over_ui {
        *press = cursor.map(|c| (c, 0.0));
    }
    if let Some((_, moved)) = press.as_mut()
        && buttons.pressed(MouseButton::Left)
    {
        *moved += motion.delta.length();
        if motion.delta != Vec2::ZERO {
            view.write(ViewCommand::PanPixels(motion.delta));
        }
    }
    if buttons.just_released(MouseButton::Left)
        && let Some((start, moved)) = press.take()
        && moved <= CLICK_SLOP_PX
    {
        clicks.write(MapClick(start));
    }
    if scroll.delta.y != 0.0 && !over_ui {
        let lines = match scroll.unit {
            MouseScrollUnit::Line => scroll.delta.y as f64,
            MouseScrollUnit::Pixel => scroll.delta.y as f64 / 60.0,
        };
        view.write(ViewCommand::ZoomAt {
            factor: 1.25f64.powf(lines),
            anchor: cursor,
        });
    }

    if over_ui && touches.iter_just_pressed().next().is_some() {
        return;
    }
    for touch in touches.iter_just_pressed() {
        if !over_ui && touches.iter().count() == 1 {
            *touch_press = Some((touch.id(), touch.position(), 0.0));
        }
    }
    for touch in touches.iter_just_released() {
        if let Some((id, start, moved)) = *touch_press
            && id == touch.id()
        {
            if moved <= CLICK_SLOP_PX && touch.position().distance(start) <= CLICK_SLOP_PX {
                clicks.write(MapClick(start));
            }
            *touch_press = None;
        }
    }
    let active: Vec<_> = touches.iter().collect();
    if active.len() > 1 {
        *touch_press = None;
    }
    if let (Some((_, _, moved)), [one]) = (touch_press.as_mut(), active.as_slice()) {
        *moved += one.delta().length();
    }
    match active.as_slice() {
        [one] => {
            let delta = one.delta();
            if delta != Vec2::ZERO && !over_ui {
                view.write(ViewCommand::PanPixels(delta));
            }
        }
        [a, b, ..] => {
            let before = a.previous_position().distance(b.previous_position());
            let now = a.position().distance(b.position());
            let mid = (a.position() + b.position()) / 2.0;
            let mid_before = (a.previous_position() + b.previous_position()) / 2.0;
            if before > 1.0 && now > 1.0 && (now - before).abs() > 0.1 {
                view.write(ViewCommand::ZoomAt {
                    factor: (now / before) as f64,
                    anchor: Some(mid),
                });
            }
            if mid != mid_before {
                view.write(ViewCommand::PanPixels(mid - mid_before));
            }
        }
        [] => {}
    }
}
