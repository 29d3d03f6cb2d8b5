//! `tideline bench`: plays the scenario in the real window (or offscreen) and measures what a user feels: frames, dates drawn a second, frame and rebuild times, memory, time to the first frame.

use crate::app::base_cache::BaseCacheStats;
use crate::app::map_render::{DrawnFrame, MapStats};
use crate::app::playback::{Clock, EvalStats, Evaluated};
use crate::app::state::LoadedScenario;
use crate::core::time::Moment;
use bevy::prelude::*;
use std::time::{Duration, Instant};

/// What to measure.
#[derive(Resource, Debug, Clone)]
pub struct BenchJob {
    /// Seconds of playback measured.
    pub seconds: f64,
    /// When the process started (for the time to the first frame).
    pub process_start: Instant,
    pub size: (u32, u32),
    pub offscreen: bool,
    /// Print one JSON object instead of text.
    pub json: bool,
}

/// The numbers, as `tideline bench --json` prints them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BenchResult {
    pub frames: usize,
    pub fps: f64,
    pub frame_ms_p50: f64,
    pub frame_ms_p99: f64,
    /// Dates presented a second, each with the map drawn for it (see [`DateCount`]).
    pub dates_per_s: f64,
    /// Frames a second whose map differed from the frame before.
    pub map_changes_per_s: f64,
    pub scrub_ms_p99: f64,
    pub rss_mb_start: f64,
    pub rss_mb_end: f64,
    pub first_frame_s: f64,
    pub width: u32,
    pub height: u32,
    pub renderer: String,
    pub mode: String,
    pub seconds: f64,
    /// Triangles the map drew in its last frame: base layers and overlay.
    pub triangles: usize,
    /// Frames of the measurement that drew the base layers (land, coasts, context).
    pub base_frames_drawn: u64,
    /// Frames that started from the kept copy of the base instead (see `app::base_cache`).
    pub base_frames_reused: u64,
}

/// Measurements gathered frame by frame.
#[derive(Resource, Debug, Default)]
pub struct BenchState {
    first_frame: Option<Duration>,
    rss_start: Option<f64>,
    started: Option<Instant>,
    last_frame: Option<Instant>,
    frame_ms: Vec<f64>,
    rebuild_ms: Vec<f64>,
    dates: DateCount,
    frames: usize,
    /// The base cache's counts when playback started.
    base_at_start: BaseCacheStats,
    pub result: Option<BenchResult>,
}

/// Counts what a playback presents. A date counts when a frame shows a time no frame showed
/// just before it, with the map drawn for that time: two dates whose maps look alike (nothing
/// moved between them) are still two dates, but a frame still showing the map of an earlier
/// time is not. Map changes are counted apart.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DateCount {
    pub dates: usize,
    pub map_changes: usize,
    last_date: Option<Moment>,
    last_map: Option<u64>,
}

impl DateCount {
    /// Records a frame that shows time `t` and a map with fingerprint `drawn`, where the map
    /// for `t` has fingerprint `for_t`. Returns whether the map changed.
    pub fn frame(&mut self, t: Moment, drawn: Option<u64>, for_t: u64) -> bool {
        if drawn == Some(for_t) && self.last_date != Some(t) {
            self.dates += 1;
            self.last_date = Some(t);
        }
        let changed = drawn != self.last_map;
        if changed {
            self.map_changes += 1;
            self.last_map = drawn;
        }
        changed
    }
}

/// Resident memory of this process in megabytes (Linux; 0 elsewhere).
pub fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |pages| pages * 4096.0 / 1e6)
}

/// The value below which `share` of the sorted values lie.
pub fn percentile(values: &[f64], share: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let index = ((sorted.len() - 1) as f64 * share).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

pub struct BenchPlugin;

impl Plugin for BenchPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<BenchState>()
            .add_systems(Last, measure_frame);
    }
}

fn measure_frame(
    job: Res<BenchJob>,
    mut state: ResMut<BenchState>,
    drawn: Res<DrawnFrame>,
    evaluated: Res<Evaluated>,
    stats: Res<MapStats>,
    eval_stats: Res<EvalStats>,
    scenario: Res<LoadedScenario>,
    adapter: Option<Res<bevy::render::renderer::RenderAdapterInfo>>,
    base_cache: Option<Res<BaseCacheStats>>,
    mut clock: ResMut<Clock>,
    mut exit: MessageWriter<AppExit>,
) {
    let now = Instant::now();
    if state.result.is_some() {
        return;
    }
    let ready = drawn.base_ready && drawn.fingerprint == Some(evaluated.fingerprint);
    let Some(started) = state.started else {
        // The first frame whose map is drawn: it is presented by the time the next one starts.
        if ready {
            if state.first_frame.is_none() {
                state.first_frame = Some(now - job.process_start);
                state.rss_start = Some(rss_mb());
            } else {
                // Start playing: the whole scenario in the measured time.
                let range = scenario.0.range;
                let policy = scenario.0.meta.resolution.policy();
                let units = (range.end.0 - range.start.0) as f64 / policy.speed_unit_seconds as f64;
                clock.t = range.start;
                clock.speed = units / job.seconds;
                clock.playing = true;
                clock.selected_event = None;
                state.started = Some(now);
                state.last_frame = Some(now);
                state.base_at_start = base_cache.as_deref().copied().unwrap_or_default();
            }
        }
        return;
    };
    if let Some(last) = state.last_frame {
        state.frame_ms.push((now - last).as_secs_f64() * 1000.0);
    }
    state.last_frame = Some(now);
    state.frames += 1;
    if state
        .dates
        .frame(evaluated.state.t, drawn.fingerprint, evaluated.fingerprint)
    {
        state
            .rebuild_ms
            .push(eval_stats.last_eval_ms + stats.last_build_ms);
    }
    // Keep playing for the whole measurement, wrapping at the end.
    if !clock.playing {
        clock.t = scenario.0.range.start;
        clock.playing = true;
    }
    let elapsed = (now - started).as_secs_f64();
    if elapsed >= job.seconds {
        let base = base_cache.as_deref().copied().unwrap_or_default();
        let base_start = state.base_at_start;
        let result = BenchResult {
            frames: state.frames,
            fps: state.frames as f64 / elapsed,
            frame_ms_p50: percentile(&state.frame_ms, 0.5),
            frame_ms_p99: percentile(&state.frame_ms, 0.99),
            dates_per_s: state.dates.dates as f64 / elapsed,
            map_changes_per_s: state.dates.map_changes as f64 / elapsed,
            scrub_ms_p99: percentile(&state.rebuild_ms, 0.99),
            rss_mb_start: state.rss_start.unwrap_or(0.0),
            rss_mb_end: rss_mb(),
            first_frame_s: state.first_frame.map_or(0.0, |d| d.as_secs_f64()),
            width: job.size.0,
            height: job.size.1,
            renderer: adapter
                .map(|a| format!("{} ({:?})", a.name, a.device_type))
                .unwrap_or_else(|| "unknown".into()),
            mode: if job.offscreen { "offscreen" } else { "window" }.into(),
            seconds: elapsed,
            triangles: stats.layer_triangles.iter().sum::<usize>() + stats.overlay_triangles,
            base_frames_drawn: (base.redrawn + base.direct)
                .saturating_sub(base_start.redrawn + base_start.direct),
            base_frames_reused: base.reused.saturating_sub(base_start.reused),
        };
        if job.json {
            println!("{}", result.to_json());
        } else {
            print!("{}", result.to_text());
        }
        state.result = Some(result);
        exit.write(AppExit::Success);
    }
}

impl BenchResult {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    pub fn to_text(&self) -> String {
        format!(
            "{} at {}x{} on {}\n  frames {} in {:.1} s: {:.1} frames/s, frame time p50 {:.1} ms, p99 {:.1} ms\n  dates drawn {:.1} a second, the map changing in {:.1} of them; evaluate + rebuild p99 {:.2} ms\n  memory {:.0} MB at the first frame, {:.0} MB at the end; first frame after {:.2} s\n  {} triangles in the last frame; base layers drawn in {} frames, reused in {}\n",
            self.mode,
            self.width,
            self.height,
            self.renderer,
            self.frames,
            self.seconds,
            self.fps,
            self.frame_ms_p50,
            self.frame_ms_p99,
            self.dates_per_s,
            self.map_changes_per_s,
            self.scrub_ms_p99,
            self.rss_mb_start,
            self.rss_mb_end,
            self.first_frame_s,
            self.triangles,
            self.base_frames_drawn,
            self.base_frames_reused
        )
    }
}

/// Runs the benchmark without a window: the same app drawing into an image.
pub fn bench_offscreen(
    config: crate::app::config::AppConfig,
    job: BenchJob,
) -> Result<BenchResult, String> {
    let mut app = crate::app::export::offscreen::offscreen_app(config, |app| {
        app.insert_resource(job).add_plugins(BenchPlugin);
    });
    // Generous: a frame a second would still finish.
    let limit = Instant::now() + Duration::from_secs(3600);
    loop {
        app.update();
        if let Some(result) = &app.world().resource::<BenchState>().result {
            return Ok(result.clone());
        }
        if Instant::now() > limit {
            return Err("the benchmark did not finish within an hour".into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_from_the_sorted_values() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 0.5), 51.0);
        assert_eq!(percentile(&values, 0.99), 99.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }

    #[test]
    fn a_date_counts_once_when_its_map_is_drawn_even_if_nothing_moved() {
        let mut count = DateCount::default();
        // A new time with its map: a date and a map change.
        assert!(count.frame(Moment(0), Some(1), 1));
        // The same time drawn again: neither.
        assert!(!count.frame(Moment(0), Some(1), 1));
        // A later time where nothing moved: a date, not a map change.
        assert!(!count.frame(Moment(60), Some(1), 1));
        // A later time whose map is not drawn yet: no date, although the picture changed.
        assert!(count.frame(Moment(120), Some(7), 2));
        // The frame that draws it counts.
        assert!(count.frame(Moment(120), Some(2), 2));
        assert_eq!((count.dates, count.map_changes), (3, 3));
    }

    #[test]
    fn resident_memory_is_read() {
        assert!(rss_mb() > 1.0);
    }
}
