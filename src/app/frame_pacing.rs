//! A window that sleeps: no frame is drawn while nothing plays, moves or is touched; every frame is drawn while something does.

use crate::app::camera::View;
use crate::app::modes::AppMode;
use crate::app::playback::Clock;
use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};
use std::time::Duration;

/// How long a sleeping window waits before waking by itself. Only input, a resize or a
/// redraw request wakes it sooner; an hour is as good as never and keeps a
/// lost-wakeup bug from freezing the window forever.
pub const IDLE_WAIT: Duration = Duration::from_secs(3600);

/// Reasons to keep drawing, and deadlines to wake for, that modes register.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Wakeups {
    /// Something besides the clock and the camera is moving (a kiosk countdown, an export).
    pub busy: bool,
    /// Wake no later than this, even with nothing to draw (an idle timeout, a watchdog).
    pub within: Option<Duration>,
    /// While busy, draw at most this many frames a second (a kiosk's attract loop).
    pub frame_cap: Option<f64>,
}

/// How the window should update, given what is going on.
pub fn update_mode(busy: bool, within: Option<Duration>, frame_cap: Option<f64>) -> UpdateMode {
    match (busy, frame_cap) {
        (true, Some(cap)) if cap.is_finite() && cap > 0.0 => UpdateMode::Reactive {
            wait: Duration::from_secs_f64(1.0 / cap),
            react_to_device_events: false,
            react_to_user_events: true,
            react_to_window_events: true,
        },
        (true, _) => UpdateMode::Continuous,
        (false, _) => UpdateMode::Reactive {
            wait: within.map_or(IDLE_WAIT, |w| w.min(IDLE_WAIT)),
            // Mouse motion elsewhere on the desktop is not a reason to draw; motion over the
            // window arrives as a window event.
            react_to_device_events: false,
            react_to_user_events: true,
            react_to_window_events: true,
        },
    }
}

/// Frames drawn after a resize before the window may sleep again.
const SETTLE_FRAMES: u8 = 3;

/// The longest a sleeping window may wait (a service watchdog expects signs of life).
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct WatchdogInterval(pub Option<Duration>);

pub struct FramePacingPlugin;

impl Plugin for FramePacingPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<bevy::window::WindowResized>()
            .init_resource::<Wakeups>()
            .init_resource::<WatchdogInterval>()
            .add_systems(Last, pace_frames);
    }
}

/// Sets the window's update mode for the next frame. Runs last, after every system that can
/// start or stop something.
fn pace_frames(
    clock: Res<Clock>,
    view: Res<View>,
    mode: Res<State<AppMode>>,
    wakeups: Res<Wakeups>,
    watchdog: Res<WatchdogInterval>,
    settings: Option<ResMut<WinitSettings>>,
    mut resized: MessageReader<bevy::window::WindowResized>,
    mut settling: Local<u8>,
) {
    let Some(mut settings) = settings else { return };
    // egui lays a new window size out over a frame or two; draw those before sleeping.
    if resized.read().count() > 0 {
        *settling = SETTLE_FRAMES;
    } else {
        *settling = settling.saturating_sub(1);
    }
    let busy = clock.playing
        || view.animation.is_some()
        || wakeups.busy
        || *settling > 0
        || *mode.get() == AppMode::Export;
    let within = match (wakeups.within, watchdog.0) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let wanted = update_mode(busy, within, wakeups.frame_cap);
    if settings.focused_mode != wanted || settings.unfocused_mode != wanted {
        settings.focused_mode = wanted;
        settings.unfocused_mode = wanted;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_sleeps_for_an_hour_or_until_a_deadline() {
        assert!(matches!(
            update_mode(false, None, None),
            UpdateMode::Reactive { wait, react_to_device_events: false, .. } if wait == IDLE_WAIT
        ));
        assert!(matches!(
            update_mode(false, Some(Duration::from_secs(7)), Some(20.0)),
            UpdateMode::Reactive { wait, .. } if wait == Duration::from_secs(7)
        ));
    }

    #[test]
    fn busy_draws_continuously_or_at_the_cap() {
        assert_eq!(update_mode(true, None, None), UpdateMode::Continuous);
        assert!(matches!(
            update_mode(true, None, Some(20.0)),
            UpdateMode::Reactive { wait, .. } if wait == Duration::from_millis(50)
        ));
    }
}
