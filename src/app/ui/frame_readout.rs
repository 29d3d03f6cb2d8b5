//! A readout for measuring (F12 or `--show-fps`): frames per second, frame time and frames drawn.

use crate::app::state::{FrameReadout, Language};
use crate::app::theme::{UiTheme, c32};
use crate::core::i18n::Word;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Frames drawn since start and the recent frame times, measured on the wall clock.
#[derive(Resource, Debug, Default)]
pub struct FrameStats {
    pub frames: u64,
    recent: VecDeque<Duration>,
    last: Option<Instant>,
}

impl FrameStats {
    /// Frames per second over the recent frames.
    pub fn fps(&self) -> f64 {
        let total: Duration = self.recent.iter().sum();
        if total.is_zero() {
            0.0
        } else {
            self.recent.len() as f64 / total.as_secs_f64()
        }
    }

    /// The median of the recent frame times, in milliseconds.
    pub fn frame_ms(&self) -> f64 {
        let mut times: Vec<Duration> = self.recent.iter().copied().collect();
        times.sort();
        times
            .get(times.len() / 2)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }
}

/// Recent frames the rates are taken over.
const WINDOW: usize = 60;
/// A pause longer than this is idle time, not a slow frame.
const IDLE_GAP: Duration = Duration::from_millis(500);

pub struct FrameReadoutPlugin;

impl Plugin for FrameReadoutPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<FrameStats>()
            .add_systems(Last, count_frame);
    }
}

fn count_frame(mut stats: ResMut<FrameStats>) {
    let now = Instant::now();
    stats.frames += 1;
    if let Some(last) = stats.last {
        let gap = now - last;
        if gap < IDLE_GAP {
            stats.recent.push_back(gap);
            if stats.recent.len() > WINDOW {
                stats.recent.pop_front();
            }
        }
    }
    stats.last = Some(now);
}

pub fn draw(
    mut contexts: EguiContexts,
    shown: Res<FrameReadout>,
    stats: Res<FrameStats>,
    theme: Res<UiTheme>,
    language: Res<Language>,
) -> Result {
    if !shown.0 {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?.clone();
    let lang = language.0;
    let text = format!(
        "{:.1} {} · {} {:.1} ms · {} {}",
        stats.fps(),
        Word::FramesPerSecond.get(lang),
        Word::FrameTime.get(lang),
        stats.frame_ms(),
        Word::FramesDrawn.get(lang),
        stats.frames
    );
    let gap = theme.metrics.edge_gap;
    egui::Area::new("frame-readout".into())
        .order(egui::Order::Tooltip)
        .anchor(egui::Align2::CENTER_TOP, egui::Vec2::new(0.0, gap))
        .interactable(false)
        .show(&ctx, |ui| {
            egui::Frame::new()
                .fill(c32(theme.palette.card))
                .inner_margin(theme.metrics.card_margin / 2.0)
                .show(ui, |ui| {
                    ui.label(
                        egui::RichText::new(text)
                            .monospace()
                            .size(theme.text.small)
                            .color(c32(theme.palette.text)),
                    );
                });
        });
    Ok(())
}
