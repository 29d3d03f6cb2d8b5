//! `evaluate(&Scenario, t) -> MapState`: what the map shows at one moment. Pure and deterministic.

use crate::core::geometry::{morph_line, morph_ring};
use crate::core::model::{Area, AreaFrame, ClipKey, Line, LineFrame, Scenario};
use crate::core::scenario::{AreaStatus, Interpolation, LineStatus, Resolution};
use crate::core::time::{DAY, HOUR, Moment};
use geo::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};

/// One area as drawn at `t`.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaState {
    /// Index into `Scenario::areas`.
    pub area: usize,
    /// The keyframe in force (for interpolated states, the one before).
    pub keyframe: usize,
    pub side: usize,
    pub status: AreaStatus,
    pub shape: MultiPolygon<f64>,
    /// Between documented keyframes: inferred, drawn lighter.
    pub interpolated: bool,
    /// Cut by other areas (`clip_by`): the shape is not a keyframe's own.
    pub clipped: bool,
    /// For a clipped shape cut only by documented keyframes: a stable key of that
    /// combination, so renderers can reuse their work.
    pub clip_key: Option<u64>,
    /// Opacity 0..1 while fading in or out.
    pub alpha: f32,
}

/// One line as drawn at `t`.
#[derive(Debug, Clone, PartialEq)]
pub struct LineState {
    pub line: usize,
    pub keyframe: usize,
    pub side: Option<usize>,
    pub status: LineStatus,
    pub shape: MultiLineString<f64>,
    pub interpolated: bool,
    pub alpha: f32,
}

/// One movement arrow at `t`.
#[derive(Debug, Clone, PartialEq)]
pub struct MovementState {
    pub movement: usize,
    /// How far along its route the arrow has grown, 0..1.
    pub progress: f64,
    pub alpha: f32,
}

/// Everything time-dependent on the map at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct MapState {
    pub t: Moment,
    pub areas: Vec<AreaState>,
    pub lines: Vec<LineState>,
    pub movements: Vec<MovementState>,
    /// Indices into `Scenario::events` of the events the caption shows.
    pub current_events: Vec<usize>,
    pub previous_event: Option<Moment>,
    pub next_event: Option<Moment>,
    /// For each layer whose features have validity windows: the indices shown at `t`.
    pub layer_features: Vec<(usize, Vec<usize>)>,
}

/// How long a change of state takes to fade, by the scenario's resolution.
pub fn fade_seconds(resolution: Resolution) -> i64 {
    match resolution {
        Resolution::Hour => 3 * HOUR,
        Resolution::Day => DAY,
        Resolution::Year => 120 * DAY,
    }
}

pub fn evaluate(scenario: &Scenario, t: Moment) -> MapState {
    let fade = fade_seconds(scenario.meta.resolution);
    let mut areas = Vec::new();
    for (index, area) in scenario.areas.iter().enumerate() {
        evaluate_area(index, area, t, fade, scenario.range.start, &mut areas);
    }
    apply_clips(scenario, &mut areas);
    let mut lines = Vec::new();
    for (index, line) in scenario.lines.iter().enumerate() {
        evaluate_line(index, line, t, fade, scenario.range.start, &mut lines);
    }
    let movements = scenario
        .movements
        .iter()
        .enumerate()
        .filter(|(_, m)| t >= m.start && t <= m.visible_until.plus_seconds(fade))
        .map(|(index, m)| {
            let span = (m.end.0 - m.start.0) as f64;
            let progress = if span <= 0.0 {
                1.0
            } else {
                ((t.0 - m.start.0) as f64 / span).clamp(0.0, 1.0)
            };
            let alpha = if t > m.visible_until {
                1.0 - (t.0 - m.visible_until.0) as f32 / fade as f32
            } else {
                1.0
            };
            MovementState {
                movement: index,
                progress,
                alpha: alpha.clamp(0.0, 1.0),
            }
        })
        .collect();

    let (current_events, previous_event, next_event) = events_at(scenario, t);
    let layer_features = scenario
        .layers
        .iter()
        .enumerate()
        .filter(|(_, layer)| layer.time_varying)
        .map(|(index, layer)| {
            let shown = layer
                .features
                .iter()
                .enumerate()
                .filter(|(_, f)| f.is_valid_at(t))
                .map(|(i, _)| i)
                .collect();
            (index, shown)
        })
        .collect();
    MapState {
        t,
        areas,
        lines,
        movements,
        current_events,
        previous_event,
        next_event,
        layer_features,
    }
}

/// The sides that draw something in `state`: an area, a line in their colour or an arrow
/// (counterfactual items count only when they are shown). The legend lists only these.
pub fn sides_drawn(scenario: &Scenario, state: &MapState, counterfactuals: bool) -> Vec<usize> {
    let shown = |counterfactual: bool| counterfactuals || !counterfactual;
    let mut drawn = vec![false; scenario.sides.len()];
    for a in &state.areas {
        if a.status != AreaStatus::Ended
            && a.alpha > 0.0
            && shown(scenario.areas[a.area].counterfactual)
        {
            drawn[a.side] = true;
        }
    }
    for l in &state.lines {
        if let Some(side) = l.side
            && l.status != LineStatus::Ended
            && l.alpha > 0.0
            && shown(scenario.lines[l.line].counterfactual)
        {
            drawn[side] = true;
        }
    }
    for m in &state.movements {
        let movement = &scenario.movements[m.movement];
        if m.progress > 0.0 && m.alpha > 0.0 && shown(movement.counterfactual) {
            drawn[movement.side] = true;
        }
    }
    (0..drawn.len()).filter(|&i| drawn[i]).collect()
}

/// The events the caption shows at `t`: every event under way, or else the latest to have
/// begun; plus the nearest event times before and after `t` for stepping.
pub fn events_at(scenario: &Scenario, t: Moment) -> (Vec<usize>, Option<Moment>, Option<Moment>) {
    let events = &scenario.events;
    let latest_start = events.iter().map(|e| e.at).filter(|&at| at <= t).max();
    let current = events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.at <= t && (t <= e.until() || Some(e.at) == latest_start))
        .map(|(i, _)| i)
        .collect();
    let previous = events.iter().map(|e| e.at).filter(|&at| at < t).max();
    let next = events.iter().map(|e| e.at).filter(|&at| at > t).min();
    (current, previous, next)
}

/// The keyframe in force at `t` (the last at or before it) and the one after.
fn bracket<K>(
    frames: &[K],
    at: &impl Fn(&K) -> Moment,
    t: Moment,
) -> (Option<usize>, Option<usize>) {
    let after = frames.iter().position(|k| at(k) > t);
    let current = match after {
        Some(0) => None,
        Some(i) => Some(i - 1),
        None => frames.len().checked_sub(1),
    };
    (current, after)
}

/// How far a state due at `due` has faded in at `t` (0..1), if `t` lies in the fade window
/// just before it. States due at or before the scenario's start never fade.
fn fade_toward(t: Moment, due: Moment, fade: i64, scenario_start: Moment) -> Option<f32> {
    if fade <= 0 || due <= scenario_start || t >= due || due.0 - t.0 > fade {
        return None;
    }
    Some((1.0 - (due.0 - t.0) as f32 / fade as f32).clamp(0.0, 1.0))
}

/// Where a keyframed item stands at `t`: the keyframe in force with its opacity, the one
/// after it, and a different state fading in over the hours before its documented moment
/// (so at that moment it is fully shown). States due at or before the scenario's start never fade.
struct Phase {
    current: Option<(usize, f32)>,
    next: Option<usize>,
    incoming: Option<(usize, f32)>,
}

fn phase<K>(
    frames: &[K],
    at: impl Fn(&K) -> Moment,
    same_state: impl Fn(&K, &K) -> bool,
    t: Moment,
    fade: i64,
    start: Moment,
) -> Phase {
    let (current, next) = bracket(frames, &at, t);
    let incoming = next.and_then(|n| {
        let f = fade_toward(t, at(&frames[n]), fade, start)?;
        let changes = current.is_none_or(|c| !same_state(&frames[c], &frames[n]));
        changes.then_some((n, f))
    });
    let outgoing = incoming.map_or(1.0, |(_, f)| 1.0 - f);
    Phase {
        current: current.map(|c| (c, outgoing)),
        next,
        incoming,
    }
}

/// The share of the way from keyframe time `from` to `to` that `t` has gone.
fn progress(t: Moment, from: Moment, to: Moment) -> f64 {
    (t.0 - from.0) as f64 / (to.0 - from.0) as f64
}

fn evaluate_area(
    index: usize,
    area: &Area,
    t: Moment,
    fade: i64,
    start: Moment,
    out: &mut Vec<AreaState>,
) {
    let frames = &area.keyframes;
    let same = |a: &AreaFrame, b: &AreaFrame| a.side == b.side && a.status == b.status;
    let phase = phase(frames, |k| k.at, same, t, fade, start);
    let state = |keyframe: usize, shape, interpolated, alpha| {
        let frame = &frames[keyframe];
        AreaState {
            area: index,
            keyframe,
            side: frame.side,
            status: frame.status,
            shape,
            interpolated,
            clipped: false,
            clip_key: None,
            alpha,
        }
    };
    if let Some((ci, alpha)) = phase.current
        && frames[ci].status != AreaStatus::Ended
    {
        let frame = &frames[ci];
        let morph_to = phase.next.map(|n| &frames[n]).filter(|next| {
            area.interpolation == Interpolation::Morph
                && morphable_area(frame, next)
                && t > frame.at
        });
        out.push(match morph_to {
            Some(next) => state(
                ci,
                morph_multipolygon(&frame.shape, &next.shape, progress(t, frame.at, next.at)),
                true,
                alpha,
            ),
            None => state(ci, frame.shape.clone(), false, alpha),
        });
    }
    if let Some((n, f)) = phase.incoming
        && frames[n].status != AreaStatus::Ended
    {
        out.push(state(n, frames[n].shape.clone(), false, f));
    }
}

/// Cuts out of each area with `clip_by` what the named areas cover at this moment.
fn apply_clips(scenario: &Scenario, areas: &mut [AreaState]) {
    use geo::BooleanOps;
    use std::hash::{Hash, Hasher};
    for i in 0..areas.len() {
        let clip_by = &scenario.areas[areas[i].area].clip_by;
        if clip_by.is_empty() {
            continue;
        }
        let cutters: Vec<&AreaState> = areas
            .iter()
            .filter(|other| clip_by.contains(&other.area) && other.alpha > 0.0)
            .collect();
        if cutters.is_empty() {
            continue;
        }
        let documented =
            !areas[i].interpolated && cutters.iter().all(|c| !c.interpolated && !c.clipped);
        let key: ClipKey = (
            areas[i].area,
            areas[i].keyframe,
            cutters.iter().map(|c| (c.area, c.keyframe)).collect(),
        );
        let cached = documented
            .then(|| scenario.clip_cache.0.lock().ok()?.get(&key).cloned())
            .flatten();
        let shape = match cached {
            Some(shape) => shape,
            None => {
                let mut shape = areas[i].shape.clone();
                for cutter in &cutters {
                    shape = shape.difference(&cutter.shape);
                }
                if documented && let Ok(mut cache) = scenario.clip_cache.0.lock() {
                    cache.insert(key.clone(), shape.clone());
                }
                shape
            }
        };
        areas[i].shape = shape;
        areas[i].clipped = true;
        areas[i].clip_key = documented.then(|| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            key.hash(&mut h);
            h.finish()
        });
    }
}

fn morphable_area(a: &AreaFrame, b: &AreaFrame) -> bool {
    a.side == b.side && a.status == b.status && a.shape.0.len() == b.shape.0.len()
}

fn morph_multipolygon(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>, f: f64) -> MultiPolygon<f64> {
    MultiPolygon(
        a.0.iter()
            .zip(&b.0)
            .map(|(pa, pb)| {
                Polygon::new(
                    LineString(morph_ring(&pa.exterior().0, &pb.exterior().0, f)),
                    vec![],
                )
            })
            .collect(),
    )
}

fn evaluate_line(
    index: usize,
    line: &Line,
    t: Moment,
    fade: i64,
    start: Moment,
    out: &mut Vec<LineState>,
) {
    let frames = &line.keyframes;
    let phase = phase(
        frames,
        |k| k.at,
        |a, b| a.status == b.status,
        t,
        fade,
        start,
    );
    let state = |keyframe: usize, shape, interpolated, alpha| {
        let frame = &frames[keyframe];
        LineState {
            line: index,
            keyframe,
            side: frame.side,
            status: frame.status,
            shape,
            interpolated,
            alpha,
        }
    };
    if let Some((ci, alpha)) = phase.current
        && frames[ci].status != LineStatus::Ended
    {
        let frame = &frames[ci];
        let morph_to = phase.next.map(|n| &frames[n]).filter(|next| {
            line.interpolation == Interpolation::Morph
                && morphable_line(frame, next)
                && t > frame.at
        });
        out.push(match morph_to {
            Some(next) => {
                let f = progress(t, frame.at, next.at);
                let parts = frame.shape.0.iter().zip(&next.shape.0);
                let shape = MultiLineString(
                    parts
                        .map(|(a, b)| LineString::<f64>(morph_line(&a.0, &b.0, f)))
                        .collect(),
                );
                state(ci, shape, true, alpha)
            }
            None => state(ci, frame.shape.clone(), false, alpha),
        });
    }
    if let Some((n, f)) = phase.incoming
        && frames[n].status != LineStatus::Ended
    {
        out.push(state(n, frames[n].shape.clone(), false, f));
    }
}

fn morphable_line(a: &LineFrame, b: &LineFrame) -> bool {
    a.status == b.status && a.shape.0.len() == b.shape.0.len()
}

/// A cheap fingerprint of what a state draws, so the app rebuilds meshes only when it changes.
pub fn fingerprint(state: &MapState) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let quant = |v: f64| (v * 1e5).round() as i64;
    let coord = |c: &Coord<f64>, h: &mut std::collections::hash_map::DefaultHasher| {
        quant(c.x).hash(h);
        quant(c.y).hash(h);
    };
    for a in &state.areas {
        (
            a.area,
            a.side,
            a.status,
            a.interpolated,
            (a.alpha * 100.0) as i32,
        )
            .hash(&mut h);
        if a.interpolated {
            for p in &a.shape.0 {
                p.exterior().0.iter().for_each(|c| coord(c, &mut h));
            }
        }
    }
    for l in &state.lines {
        (
            l.line,
            l.side,
            l.status,
            l.interpolated,
            (l.alpha * 100.0) as i32,
        )
            .hash(&mut h);
        if l.interpolated {
            for part in &l.shape.0 {
                part.0.iter().for_each(|c| coord(c, &mut h));
            }
        }
    }
    for m in &state.movements {
        (
            m.movement,
            (m.progress * 1000.0) as i64,
            (m.alpha * 100.0) as i32,
        )
            .hash(&mut h);
    }
    state.layer_features.hash(&mut h);
    h.finish()
}
