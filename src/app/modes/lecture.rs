//! Lecture mode: the projector theme, no controls, the overlay, and a clicker stepping through cues with eased moves (F5 enters, Escape leaves).

use crate::app::config::AppConfig;
use crate::app::frame_pacing::Wakeups;
use crate::app::messages::{Blank, DisplayCommand, LectureCommand, TimeCommand, ViewCommand};
use crate::app::modes::AppMode;
use crate::app::playback::Clock;
use crate::app::sets::TidelineSet;
use crate::app::state::LoadedScenario;
use crate::app::theme::ThemeChoice;
use crate::app::ui::overlay::CaptionOverride;
use crate::core::cues::{Cue, CueList};
use crate::core::frames::eased_moment;
use crate::core::theme::ThemeName;
use crate::core::time::Moment;
use bevy::prelude::*;

/// A cue list given on the command line (`--cues`); without it the lecture steps through
/// the scenario's events.
#[derive(Resource, Debug, Clone)]
pub struct LectureCues(pub CueList);

/// The clock easing from one moment to another while moving to a cue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeTween {
    pub from: Moment,
    pub to: Moment,
    pub elapsed: f64,
    pub seconds: f64,
    /// The event to lead the caption with on arrival.
    pub event: Option<usize>,
}

/// The lecture's place in its cues and the cue number being typed.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Lecture {
    pub cues: CueList,
    /// The cue last moved to (index into `cues.cues`).
    pub current: Option<usize>,
    /// Digits typed before Enter.
    pub typed: String,
    pub tween: Option<TimeTween>,
    /// True when the cues come from the scenario's events rather than a file.
    pub from_events: bool,
}

/// Longest cue number a clicker can type.
const MAX_TYPED_DIGITS: usize = 4;

pub fn plugin(app: &mut App) {
    let config = app.world().resource::<AppConfig>().clone();
    let given = app.world().get_resource::<LectureCues>().cloned();
    let (cues, from_events) = match given {
        Some(LectureCues(list)) => (list, false),
        None => (CueList::from_events(&config.scenario), true),
    };
    app.insert_resource(Lecture {
        cues,
        current: None,
        typed: String::new(),
        tween: None,
        from_events,
    })
    .init_resource::<CaptionOverride>()
    .add_systems(OnEnter(AppMode::Lecture), enter)
    .add_systems(OnExit(AppMode::Lecture), leave)
    .add_systems(
        Update,
        (apply_lecture_commands, run_time_tween)
            .chain()
            .run_if(in_state(AppMode::Lecture))
            .in_set(TidelineSet::Modes),
    );
}

fn enter(
    mut choice: ResMut<ThemeChoice>,
    config: Res<AppConfig>,
    clock: Res<Clock>,
    scenario: Res<LoadedScenario>,
    mut time: MessageWriter<TimeCommand>,
    mut lecture: ResMut<Lecture>,
) {
    let name = match (config.mode, config.theme) {
        (AppMode::Lecture, Some(name)) => name,
        _ => ThemeName::Projector,
    };
    choice.set_if_neq(ThemeChoice { name });
    time.write(TimeCommand::SetPlaying(false));
    lecture.typed.clear();
    lecture.tween = None;
    if lecture.from_events {
        // Entered from exploring: continue from where the clock is.
        lecture.cues = CueList::from_events(&scenario.0);
        lecture.current = clock
            .selected_event
            .or_else(|| scenario.0.events.iter().rposition(|e| e.at <= clock.t));
    }
}

fn leave(
    mut display: MessageWriter<DisplayCommand>,
    mut caption: ResMut<CaptionOverride>,
    mut wakeups: ResMut<Wakeups>,
) {
    display.write(DisplayCommand::SetBlank(Blank::None));
    caption.set_if_neq(CaptionOverride(None));
    wakeups.set_if_neq(Wakeups::default());
}

fn apply_lecture_commands(
    mut commands: MessageReader<LectureCommand>,
    mut lecture: ResMut<Lecture>,
    clock: Res<Clock>,
    mut time: MessageWriter<TimeCommand>,
    mut view: MessageWriter<ViewCommand>,
    mut display: MessageWriter<DisplayCommand>,
    mut caption: ResMut<CaptionOverride>,
) {
    for command in commands.read() {
        let count = lecture.cues.cues.len();
        let target = match *command {
            LectureCommand::Next => match lecture.current {
                Some(c) => (c + 1 < count).then_some(c + 1),
                None => (count > 0).then_some(0),
            },
            LectureCommand::Previous => lecture.current.and_then(|c| c.checked_sub(1)),
            LectureCommand::TypeDigit(d) => {
                if lecture.typed.len() < MAX_TYPED_DIGITS
                    && let Some(c) = char::from_digit(d, 10)
                {
                    lecture.typed.push(c);
                }
                None
            }
            LectureCommand::JumpToTyped => {
                let typed = std::mem::take(&mut lecture.typed);
                typed
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .filter(|&i| i < count)
            }
            LectureCommand::JumpTo(n) => n.checked_sub(1).filter(|&i| i < count),
            LectureCommand::Restart => (count > 0).then_some(0),
        };
        let Some(index) = target else { continue };
        let cue = lecture.cues.cues[index].clone();
        lecture.current = Some(index);
        lecture.tween = go_to(&cue, clock.t, &mut time, &mut view, &mut display);
        caption.set_if_neq(CaptionOverride(cue.caption.clone()));
    }
}

/// Starts the move to a cue: the camera eases, display settings apply at once, and the
/// clock eases (returned as a tween) or jumps.
pub fn go_to(
    cue: &Cue,
    now: Moment,
    time: &mut MessageWriter<TimeCommand>,
    view: &mut MessageWriter<ViewCommand>,
    display: &mut MessageWriter<DisplayCommand>,
) -> Option<TimeTween> {
    view.write(ViewCommand::EaseTo {
        camera: cue.camera,
        seconds: cue.seconds as f32,
    });
    for &(layer, on) in &cue.layers {
        display.write(DisplayCommand::SetLayer(layer, on));
    }
    if let Some(on) = cue.counterfactual {
        display.write(DisplayCommand::SetCounterfactual(on));
    }
    if let Some(lang) = cue.lang {
        display.write(DisplayCommand::SetLang(lang));
    }
    time.write(TimeCommand::SetPlaying(false));
    if cue.seconds <= 0.0 || now == cue.time {
        arrive(cue.time, cue.lead_event, time);
        return None;
    }
    Some(TimeTween {
        from: now,
        to: cue.time,
        elapsed: 0.0,
        seconds: cue.seconds,
        event: cue.lead_event,
    })
}

/// The clock arrives at a cue's moment; the caption leads with its event.
fn arrive(t: Moment, event: Option<usize>, time: &mut MessageWriter<TimeCommand>) {
    match event {
        Some(event) => time.write(TimeCommand::SelectEvent(event)),
        None => time.write(TimeCommand::SetTime(t)),
    };
}

/// Eases the clock toward the cue's moment while the camera moves; draws every frame
/// meanwhile.
fn run_time_tween(
    time_now: Res<Time>,
    mut lecture: ResMut<Lecture>,
    mut wakeups: ResMut<Wakeups>,
    mut time: MessageWriter<TimeCommand>,
) {
    let Some(mut tween) = lecture.tween else {
        wakeups.set_if_neq(Wakeups::default());
        return;
    };
    tween.elapsed += time_now.delta_secs_f64();
    let f = (tween.elapsed / tween.seconds).min(1.0);
    if f >= 1.0 {
        arrive(tween.to, tween.event, &mut time);
        lecture.tween = None;
        wakeups.set_if_neq(Wakeups::default());
    } else {
        time.write(TimeCommand::SetTime(eased_moment(tween.from, tween.to, f)));
        lecture.tween = Some(tween);
        wakeups.set_if_neq(Wakeups {
            busy: true,
            ..Wakeups::default()
        });
    }
}
