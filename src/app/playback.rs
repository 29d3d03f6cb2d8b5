//! Playback: owns the clock, applies time commands, advances while playing, evaluates and filters the state when anything it depends on changes.

use crate::app::config::AppConfig;
use crate::app::messages::{TimeCommand, ViewCommand};
use crate::app::sets::TidelineSet;
use crate::app::state::{LoadedScenario, Shown};
use crate::core::time::{Moment, step};
use crate::core::timeline::{Evaluator, MapState, fingerprint, step_event};
use crate::core::visibility::visible;
use bevy::prelude::*;

/// The moment shown and whether it is moving. Changed only by `TimeCommand`s and playback.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Clock {
    pub t: Moment,
    pub playing: bool,
    /// Playback speed in the resolution's units (hours, days or years) per real second.
    pub speed: f64,
    /// The event stepped or clicked to (index into `Scenario::events`), so events that share
    /// a moment can be stepped through one by one and the caption leads with it.
    pub selected_event: Option<usize>,
}

/// The state at `Clock::t`, and the part of it the viewer has chosen to see: every renderer
/// and label reads `visible`.
#[derive(Resource, Debug, Clone)]
pub struct Evaluated {
    pub state: MapState,
    pub visible: MapState,
    /// Fingerprint of `visible`: meshes are rebuilt only when it changes.
    pub fingerprint: u64,
}

/// How long the last evaluation took, for benchmarks.
#[derive(Resource, Debug, Default, Clone, Copy)]
pub struct EvalStats {
    pub last_eval_ms: f64,
}

/// The evaluator with its cache, for the loaded scenario.
#[derive(Resource, Default)]
pub struct Engine(pub Evaluator);

pub struct PlaybackPlugin;

impl Plugin for PlaybackPlugin {
    fn build(&self, app: &mut App) {
        let config = app.world().resource::<AppConfig>().clone();
        let scenario = &config.scenario;
        let mut engine = Engine::default();
        let state = engine.0.evaluate(scenario, config.start);
        let shown = crate::core::visibility::ViewOptions::for_scenario(scenario);
        let visible_state = visible(scenario, &state, &shown);
        app.insert_resource(Clock {
            t: config.start,
            playing: false,
            speed: scenario.meta.resolution.policy().default_speed,
            selected_event: config.selected_event,
        })
        .insert_resource(Evaluated {
            fingerprint: fingerprint(&visible_state),
            state,
            visible: visible_state,
        })
        .insert_resource(engine)
        .init_resource::<EvalStats>()
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
            TimeCommand::Scrub(t) => {
                let t = scenario.range.clamp(t);
                if clock.t != t || clock.playing {
                    clock.t = t;
                    clock.playing = false;
                    clock.selected_event = None;
                }
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
                clock.selected_event = None;
            }
            TimeCommand::TogglePlay => {
                if !clock.playing && clock.t >= scenario.range.end {
                    clock.t = scenario.range.start;
                }
                clock.playing = !clock.playing;
            }
            TimeCommand::SetPlaying(playing) => {
                if clock.playing != playing {
                    clock.playing = playing;
                }
            }
            TimeCommand::SetSpeed(speed) => {
                if speed.is_finite() && speed > 0.0 {
                    clock.speed = speed;
                }
            }
        }
    }
}

/// Moves the clock by the frame's (virtual) time times the speed: deterministic under manual time.
fn advance_while_playing(time: Res<Time>, mut clock: ResMut<Clock>, scenario: Res<LoadedScenario>) {
    if !clock.playing {
        return;
    }
    let scenario = &scenario.0;
    let range = scenario.range;
    let per_second = scenario
        .meta
        .resolution
        .policy()
        .seconds_per_second(clock.speed);
    let seconds = (time.delta_secs_f64() * per_second).round() as i64;
    let next = range.clamp(clock.t.plus_seconds(seconds));
    clock.t = next;
    clock.selected_event = None;
    if next >= range.end {
        clock.playing = false;
    }
}

/// Re-evaluates when the time or the scenario changes, and re-filters when the viewer's
/// choices change.
fn evaluate_on_change(
    clock: Res<Clock>,
    scenario: Res<LoadedScenario>,
    shown: Res<Shown>,
    mut engine: ResMut<Engine>,
    mut evaluated: ResMut<Evaluated>,
    mut stats: ResMut<EvalStats>,
) {
    if scenario.is_changed() && !scenario.is_added() {
        engine.0 = Evaluator::default();
    }
    let time_changed = evaluated.state.t != clock.t || scenario.is_changed();
    if !time_changed && !shown.is_changed() {
        return;
    }
    let started = std::time::Instant::now();
    let state = if time_changed {
        engine.0.evaluate(&scenario.0, clock.t)
    } else {
        evaluated.state.clone()
    };
    let visible_state = visible(&scenario.0, &state, &shown);
    let print = fingerprint(&visible_state);
    stats.last_eval_ms = started.elapsed().as_secs_f64() * 1000.0;
    *evaluated = Evaluated {
        state,
        visible: visible_state,
        fingerprint: print,
    };
}
