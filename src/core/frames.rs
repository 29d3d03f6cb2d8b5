//! What each frame of an exported sequence shows: evenly spaced moments, a playback rate, or a lecture's cues with their eased transitions.

use crate::core::cues::{Cue, CueCamera, CueList};
use crate::core::model::Scenario;
use crate::core::projection::Projection;
use crate::core::scenario::Lang;
use crate::core::time::Moment;
use crate::core::view::{MapView, ViewAnimation, projected_bounds};
use glam::DVec2;

/// The most frames one export writes (an hour at 60 fps).
pub const MAX_FRAMES: usize = 216_000;

/// `count` evenly spaced moments from `from` to `to`, both ends included.
pub fn evenly_spaced(from: Moment, to: Moment, count: usize) -> Result<Vec<Moment>, String> {
    if to < from {
        return Err("--to is before --from; swap them".into());
    }
    match count {
        0 => Err("--frames must be at least 1".into()),
        1 => Ok(vec![from]),
        n if n > MAX_FRAMES => Err(format!(
            "--frames {n} is more than {MAX_FRAMES}; export a shorter range or fewer frames"
        )),
        n => {
            let span = (to.0 - from.0) as f64;
            Ok((0..n)
                .map(|k| Moment(from.0 + (span * k as f64 / (n - 1) as f64).round() as i64))
                .collect())
        }
    }
}

/// Moments at `fps` frames a second while the clock runs at `scenario_seconds_per_second`,
/// from `from` up to and including `to`.
pub fn at_rate(
    from: Moment,
    to: Moment,
    fps: f64,
    scenario_seconds_per_second: f64,
) -> Result<Vec<Moment>, String> {
    if to < from {
        return Err("--to is before --from; swap them".into());
    }
    if !(fps.is_finite() && fps > 0.0 && fps <= 240.0) {
        return Err(format!("--fps {fps} must be between 0 and 240"));
    }
    if !(scenario_seconds_per_second.is_finite() && scenario_seconds_per_second > 0.0) {
        return Err("--speed must be a positive number".into());
    }
    let step = scenario_seconds_per_second / fps;
    let count = (((to.0 - from.0) as f64 / step).floor() as usize).saturating_add(1);
    if count > MAX_FRAMES {
        return Err(format!(
            "that is {count} frames, more than {MAX_FRAMES}; raise --speed or lower --fps"
        ));
    }
    let mut moments: Vec<Moment> = (0..count)
        .map(|k| Moment(from.0 + (step * k as f64).round() as i64))
        .collect();
    if moments.last() != Some(&to) {
        moments.push(to);
    }
    Ok(moments)
}

/// One frame of a sequence that follows cues.
#[derive(Debug, Clone, PartialEq)]
pub struct CueFrame {
    pub t: Moment,
    pub center: DVec2,
    pub px_per_km: f64,
    /// The cue being moved to or held (index into the list).
    pub cue: usize,
    pub lang: Option<Lang>,
}

/// Where a cue sends the camera, from a view (the view's own centre and zoom when it keeps).
pub fn cue_target(cue: &Cue, view: &MapView, projection: &Projection) -> (DVec2, f64) {
    camera_target(&cue.camera, view, projection)
}

/// Where a camera target puts the view.
pub fn camera_target(camera: &CueCamera, view: &MapView, projection: &Projection) -> (DVec2, f64) {
    match *camera {
        CueCamera::Keep => (view.center, view.px_per_km),
        CueCamera::Home => view.fit(&view.home),
        CueCamera::Focus(focus) => view
            .focus_target(&focus, projection)
            .unwrap_or((view.center, view.px_per_km)),
        CueCamera::Box(bounds) => projected_bounds(projection, &bounds)
            .map_or((view.center, view.px_per_km), |b| view.fit(&b)),
    }
}

/// Eases the clock between two moments like the camera: smoothstep over the move.
pub fn eased_moment(from: Moment, to: Moment, fraction: f64) -> Moment {
    let f = fraction.clamp(0.0, 1.0);
    let eased = f * f * (3.0 - 2.0 * f);
    Moment(from.0 + ((to.0 - from.0) as f64 * eased).round() as i64)
}

/// The frames of a lecture's cues at `fps`: each cue's move (time and camera eased over its
/// seconds), then its hold. The first cue starts in place.
pub fn cue_frames(
    list: &CueList,
    scenario: &Scenario,
    start_view: &MapView,
    fps: f64,
) -> Result<Vec<CueFrame>, String> {
    if !(fps.is_finite() && fps > 0.0 && fps <= 240.0) {
        return Err(format!("--fps {fps} must be between 0 and 240"));
    }
    if list.cues.is_empty() {
        return Err("the cue list has no cues".into());
    }
    let projection = Projection::regional();
    let mut view = start_view.clone();
    let mut t = list.cues[0].time.max(scenario.range.start);
    let mut lang = None;
    let mut frames = Vec::new();
    for (index, cue) in list.cues.iter().enumerate() {
        lang = cue.lang.or(lang);
        let target = cue_target(cue, &view, &projection);
        let moving = if index == 0 { 0.0 } else { cue.seconds };
        let move_frames = (moving * fps).round() as usize;
        let animation = ViewAnimation {
            from: (view.center, view.px_per_km),
            to: target,
            elapsed: 0.0,
            duration: moving as f32,
        };
        for k in 1..=move_frames {
            let f = k as f64 / move_frames as f64;
            let (center, px_per_km) = animation.sample((moving * f) as f32);
            frames.push(CueFrame {
                t: eased_moment(t, cue.time, f),
                center,
                px_per_km,
                cue: index,
                lang,
            });
        }
        view.center = target.0;
        view.px_per_km = target.1;
        t = cue.time;
        let hold_frames = ((cue.hold * fps).round() as usize).max(1);
        for _ in 0..hold_frames {
            frames.push(CueFrame {
                t,
                center: view.center,
                px_per_km: view.px_per_km,
                cue: index,
                lang,
            });
        }
        if frames.len() > MAX_FRAMES {
            return Err(format!(
                "the cues make more than {MAX_FRAMES} frames; shorten holds or lower --fps"
            ));
        }
    }
    Ok(frames)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evenly_spaced_moments_include_both_ends() {
        let m = evenly_spaced(Moment(0), Moment(100), 5).unwrap();
        assert_eq!(
            m,
            vec![Moment(0), Moment(25), Moment(50), Moment(75), Moment(100)]
        );
        assert_eq!(
            evenly_spaced(Moment(7), Moment(9), 1).unwrap(),
            vec![Moment(7)]
        );
        assert!(evenly_spaced(Moment(9), Moment(7), 3).is_err());
        assert!(evenly_spaced(Moment(0), Moment(9), 0).is_err());
    }

    #[test]
    fn a_rate_steps_by_speed_over_fps_and_ends_at_the_end() {
        // 3600 scenario seconds a second at 10 fps: 360 s a frame.
        let m = at_rate(Moment(0), Moment(1000), 10.0, 3600.0).unwrap();
        assert_eq!(m, vec![Moment(0), Moment(360), Moment(720), Moment(1000)]);
        assert!(at_rate(Moment(0), Moment(10), 0.0, 1.0).is_err());
        assert!(at_rate(Moment(0), Moment(i64::MAX / 2), 60.0, 1.0).is_err());
    }

    #[test]
    fn eased_moments_start_and_end_exactly() {
        assert_eq!(eased_moment(Moment(10), Moment(110), 0.0), Moment(10));
        assert_eq!(eased_moment(Moment(10), Moment(110), 0.5), Moment(60));
        assert_eq!(eased_moment(Moment(10), Moment(110), 1.0), Moment(110));
    }
}
