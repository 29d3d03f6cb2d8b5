//! Running under systemd: READY=1 once the first map is drawn, WATCHDOG=1 from the frame loop, so a frozen frame gets the app restarted.

use crate::app::frame_pacing::WatchdogInterval;
use crate::app::map_render::DrawnFrame;
use crate::app::playback::Evaluated;
use bevy::prelude::*;
use std::time::{Duration, Instant};

/// Frames drawn after the map first matches the state before READY=1, so that frame was
/// presented.
const FRAMES_AFTER_DRAWN: u32 = 2;

/// The notification state.
#[derive(Resource, Debug, Default)]
struct Notifier {
    ready_sent: bool,
    drawn_frames: u32,
    /// How often systemd expects a sign of life.
    watchdog: Option<Duration>,
    last_ping: Option<Instant>,
}

pub struct ServicePlugin;

impl Plugin for ServicePlugin {
    fn build(&self, app: &mut App) {
        // Only under a service manager that asked for notifications.
        if std::env::var_os("NOTIFY_SOCKET").is_none() {
            return;
        }
        let watchdog = sd_notify::watchdog_enabled();
        app.insert_resource(Notifier {
            watchdog,
            ..Notifier::default()
        })
        // A sleeping window must still wake in time to ping.
        .insert_resource(WatchdogInterval(watchdog.map(|w| w / 3)))
        .add_systems(Last, notify);
    }
}

fn notify(
    mut notifier: ResMut<Notifier>,
    drawn: Option<Res<DrawnFrame>>,
    evaluated: Res<Evaluated>,
) {
    if !notifier.ready_sent {
        let matches =
            drawn.is_some_and(|d| d.base_ready && d.fingerprint == Some(evaluated.fingerprint));
        if matches {
            notifier.drawn_frames += 1;
        }
        if notifier.drawn_frames > FRAMES_AFTER_DRAWN {
            if let Err(e) = sd_notify::notify(&[sd_notify::NotifyState::Ready]) {
                warn!("could not tell the service manager we are ready: {e}");
            }
            notifier.ready_sent = true;
        }
    }
    if let Some(interval) = notifier.watchdog {
        let now = Instant::now();
        let due = notifier
            .last_ping
            .is_none_or(|last| now - last >= interval / 4);
        if due {
            sd_notify::notify(&[sd_notify::NotifyState::Watchdog]).ok();
            notifier.last_ping = Some(now);
        }
    }
}
