//! Playback: applies time commands, advances the clock while playing, evaluates the state when time changes.

use crate::app::messages::{
    Clock, Evaluated, LoadedScenario, TidelineSet, TimeCommand, ViewCommand,
};
use crate::core::model::Scenario;
use crate::core::time::{HOUR, Moment, step};
use crate::core::timeline::{evaluate, fingerprint};
use bevy::prelude::*;

pub struct PlaybackPlugin;

impl Plugin for PlaybackPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<TimeCommand>()
            .add_message::<ViewCommand>()
            .add_systems(
                Update,
                (apply_time_commands, advance_while_playing)
                    .chain()
                    .in_set(TidelineSet::Apply),
            )
            .add_systems(Update, evaluate_on_change.in_set(TidelineSet::Evaluate));
    }
}

fn apply_time_commands(
    mut commands: MessageReader<TimeCommand>,
    mut clock: ResMut<Clock>,
    scenario: Res<LoadedScenario>,
    mut views: MessageWriter<ViewCommand>,
) {
    let scenario = &scenario.0;
    for command in commands.read() {
        match *command {
            TimeCommand::SetTime(t) => {
                clock.t = scenario.range.clamp(t);
                clock.selected_event = None;
            }
            TimeCommand::SelectEvent(index) => {
                if let Some(event) = scenario.events.get(index) {
                    clock.t = scenario.range.clamp(event.at);
                    clock.selected_event = Some(index);
                    clock.playing = false;
                }
            }
            TimeCommand::StepEvent(direction) => {
                if let Some(index) = step_event(scenario, clock.t, clock.selected_event, direction)
                {
                    let event = &scenario.events[index];
                    clock.t = scenario.range.clamp(event.at);
                    clock.selected_event = Some(index);
                    clock.playing = false;
                    if let Some(focus) = event.focus {
                        views.write(ViewCommand::Focus(focus));
                    }
                }
            }
            TimeCommand::StepUnit(units) => {
                let moved = step(clock.t, units, scenario.meta.resolution, scenario.zone);
                clock.t = scenario.range.clamp(moved);
            }
            TimeCommand::TogglePlay => {
                if !clock.playing && clock.t >= scenario.range.end {
                    clock.t = scenario.range.start;
                }
                clock.playing = !clock.playing;
            }
            TimeCommand::SetPlaying(playing) => clock.playing = playing,
            TimeCommand::SetSpeed(speed) => {
                if speed.is_finite() && speed > 0.0 {
                    clock.speed = speed;
                }
            }
        }
    }
}

/// The event a step lands on: the next or previous in order, one at a time even when several
/// share a moment.
pub fn step_event(
    scenario: &Scenario,
    t: Moment,
    selected: Option<usize>,
    direction: i32,
) -> Option<usize> {
    let events = &scenario.events;
    let cursor = selected.filter(|&i| events.get(i).is_some_and(|e| e.at == t));
    if direction >= 0 {
        match cursor {
            Some(i) => (i + 1 < events.len()).then_some(i + 1),
            None => events.iter().position(|e| e.at > t),
        }
    } else {
        match cursor {
            Some(i) => i.checked_sub(1),
            None => events.iter().rposition(|e| e.at < t),
        }
    }
}

/// Moves the clock by the frame's (virtual) time times the speed: deterministic under manual time.
fn advance_while_playing(time: Res<Time>, mut clock: ResMut<Clock>, scenario: Res<LoadedScenario>) {
    if !clock.playing {
        return;
    }
    let range = scenario.0.range;
    let seconds = (time.delta_secs_f64() * clock.speed * HOUR as f64).round() as i64;
    let next = range.clamp(clock.t.plus_seconds(seconds));
    clock.t = next;
    clock.selected_event = None;
    if next >= range.end {
        clock.playing = false;
    }
}

fn evaluate_on_change(
    clock: Res<Clock>,
    scenario: Res<LoadedScenario>,
    mut evaluated: ResMut<Evaluated>,
) {
    if evaluated.state.t == clock.t && !scenario.is_changed() {
        return;
    }
    let state = evaluate(&scenario.0, clock.t);
    let print = fingerprint(&state);
    *evaluated = Evaluated {
        state,
        fingerprint: print,
    };
}
