//! `evaluate(&Scenario, t) -> MapState`: what the map shows at one moment. Pure and deterministic.

use crate::core::geometry::Morph;
use crate::core::model::{AreaFrame, LineFrame, Scenario};
use crate::core::scenario::{AreaStatus, Interpolation, LineStatus};
use crate::core::time::Moment;
use geo::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};
use std::collections::HashMap;
use std::sync::Arc;

/// One area as drawn at `t`.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaState {
    /// Index into `Scenario::areas`.
    pub area: usize,
    /// The keyframe in force (for interpolated states, the one before).
    pub keyframe: usize,
    pub side: usize,
    pub status: AreaStatus,
    /// Shared with the keyframe (or the memoised cut) it shows, unless interpolated.
    pub shape: Arc<MultiPolygon<f64>>,
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

/// Memoised `clip_by` cuts of documented keyframes. Cutting a detailed coastline is costly and
/// the same combination recurs on every scrub; the results never change for one scenario.
#[derive(Debug, Clone, Default)]
pub struct EvalCache {
    clips: HashMap<ClipKey, Arc<MultiPolygon<f64>>>,
    /// Morphs prepared per (area, keyframe) toward the next keyframe: resampling and lining
    /// up the rings depends only on the pair, not on the moment.
    area_morphs: MorphPlans,
    line_morphs: MorphPlans,
}

/// Prepared morphs per (item, keyframe), one per polygon or line part; `None` where the pair
/// cannot be morphed.
type MorphPlans = HashMap<(usize, usize), Option<Arc<[Morph]>>>;

/// Which documented keyframes a clipped shape was cut from: the area's own and each cutter's.
type ClipKey = (usize, usize, Vec<(usize, usize)>);

/// Evaluates one scenario at many moments, keeping what can be reused between them.
#[derive(Debug, Clone, Default)]
pub struct Evaluator {
    cache: EvalCache,
}

impl Evaluator {
    pub fn evaluate(&mut self, scenario: &Scenario, t: Moment) -> MapState {
        evaluate_with(scenario, &mut self.cache, t)
    }
}

/// What the map shows at `t` (without a cache: use an `Evaluator` for many moments).
pub fn evaluate(scenario: &Scenario, t: Moment) -> MapState {
    evaluate_with(scenario, &mut EvalCache::default(), t)
}

fn evaluate_with(scenario: &Scenario, cache: &mut EvalCache, t: Moment) -> MapState {
    let fade = scenario.meta.resolution.policy().fade_seconds;
    let start = scenario.range.start;
    let mut areas = Vec::new();
    for (index, area) in scenario.areas.iter().enumerate() {
        let plans = (&mut cache.area_morphs, index);
        for shown in evaluate_keyframed(&area.keyframes, area.interpolation, t, fade, start, plans)
        {
            let frame = &area.keyframes[shown.keyframe];
            areas.push(AreaState {
                area: index,
                keyframe: shown.keyframe,
                side: frame.side,
                status: frame.status,
                shape: shown.shape,
                interpolated: shown.interpolated,
                clipped: false,
                clip_key: None,
                alpha: shown.alpha,
            });
        }
    }
    apply_clips(scenario, cache, &mut areas);
    let mut lines = Vec::new();
    for (index, line) in scenario.lines.iter().enumerate() {
        let plans = (&mut cache.line_morphs, index);
        for shown in evaluate_keyframed(&line.keyframes, line.interpolation, t, fade, start, plans)
        {
            let frame = &line.keyframes[shown.keyframe];
            lines.push(LineState {
                line: index,
                keyframe: shown.keyframe,
                side: frame.side,
                status: frame.status,
                shape: shown.shape,
                interpolated: shown.interpolated,
                alpha: shown.alpha,
            });
        }
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

impl MapState {
    /// The same moment, events and layer features, without areas, lines or arrows.
    pub fn clone_without_items(&self) -> MapState {
        MapState {
            t: self.t,
            areas: Vec::new(),
            lines: Vec::new(),
            movements: Vec::new(),
            current_events: self.current_events.clone(),
            previous_event: self.previous_event,
            next_event: self.next_event,
            layer_features: self.layer_features.clone(),
        }
    }
}

/// The current events in the order the caption shows them: newest first, with the event
/// stepped or clicked to leading.
pub fn caption_order(current: &[usize], selected: Option<usize>) -> Vec<usize> {
    let mut order: Vec<usize> = current.iter().rev().copied().collect();
    if let Some(position) = selected.and_then(|s| order.iter().position(|&i| i == s)) {
        let lead = order.remove(position);
        order.insert(0, lead);
    }
    order
}

/// The event a step lands on: the next (`direction` > 0) or previous in order, one at a time
/// even when several share a moment. `selected` is the event last stepped to, if the clock
/// is still at its moment.
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

/// A dated state of an area or a line: what the shared keyframe evaluation needs to know.
trait Keyframe {
    type Shape: Clone;
    fn at(&self) -> Moment;
    /// Same side and status: a change of shape only, which morphs rather than fades.
    fn same_state(&self, other: &Self) -> bool;
    fn ended(&self) -> bool;
    fn shape(&self) -> &Self::Shape;
    /// What morphing toward `next` needs, one morph per part, if the two can be morphed.
    fn prepare_morph(&self, next: &Self) -> Option<Arc<[Morph]>>;
    /// The shape `f` of the way along prepared morphs.
    fn morph_at(plan: &[Morph], f: f64) -> Self::Shape;
}

impl Keyframe for AreaFrame {
    type Shape = Arc<MultiPolygon<f64>>;
    fn at(&self) -> Moment {
        self.at
    }
    fn same_state(&self, other: &Self) -> bool {
        self.side == other.side && self.status == other.status
    }
    fn ended(&self) -> bool {
        self.status == AreaStatus::Ended
    }
    fn shape(&self) -> &Self::Shape {
        &self.shape
    }
    fn prepare_morph(&self, next: &Self) -> Option<Arc<[Morph]>> {
        (self.same_state(next) && self.shape.0.len() == next.shape.0.len()).then(|| {
            self.shape
                .0
                .iter()
                .zip(&next.shape.0)
                .map(|(a, b)| Morph::rings(&a.exterior().0, &b.exterior().0))
                .collect()
        })
    }
    fn morph_at(plan: &[Morph], f: f64) -> Self::Shape {
        Arc::new(MultiPolygon(
            plan.iter()
                .map(|ring| Polygon::new(LineString(ring.at(f)), vec![]))
                .collect(),
        ))
    }
}

impl Keyframe for LineFrame {
    type Shape = MultiLineString<f64>;
    fn at(&self) -> Moment {
        self.at
    }
    fn same_state(&self, other: &Self) -> bool {
        self.status == other.status
    }
    fn ended(&self) -> bool {
        self.status == LineStatus::Ended
    }
    fn shape(&self) -> &Self::Shape {
        &self.shape
    }
    fn prepare_morph(&self, next: &Self) -> Option<Arc<[Morph]>> {
        (self.status == next.status && self.shape.0.len() == next.shape.0.len()).then(|| {
            self.shape
                .0
                .iter()
                .zip(&next.shape.0)
                .map(|(a, b)| Morph::lines(&a.0, &b.0))
                .collect()
        })
    }
    fn morph_at(plan: &[Morph], f: f64) -> Self::Shape {
        MultiLineString(plan.iter().map(|part| LineString(part.at(f))).collect())
    }
}

/// One keyframe of an item as drawn at `t`.
struct Shown<S> {
    keyframe: usize,
    shape: S,
    interpolated: bool,
    alpha: f32,
}

/// What a keyframed item draws at `t`: the keyframe in force (morphing toward the next one
/// when it may) and, in the fade window before a change of state, the incoming state.
/// `(plans, item)`: where the item's morphs between keyframe pairs are kept once prepared.
fn evaluate_keyframed<K: Keyframe>(
    frames: &[K],
    interpolation: Interpolation,
    t: Moment,
    fade: i64,
    start: Moment,
    (plans, item): (&mut MorphPlans, usize),
) -> Vec<Shown<K::Shape>> {
    let phase = phase(frames, |k| k.at(), |a, b| a.same_state(b), t, fade, start);
    let mut out = Vec::new();
    if let Some((ci, alpha)) = phase.current
        && !frames[ci].ended()
    {
        let frame = &frames[ci];
        let morphed = phase
            .next
            .filter(|_| interpolation == Interpolation::Morph && t > frame.at())
            .and_then(|n| {
                let plan = plans
                    .entry((item, ci))
                    .or_insert_with(|| frame.prepare_morph(&frames[n]));
                let f = progress(t, frame.at(), frames[n].at());
                plan.as_ref().map(|plan| K::morph_at(plan, f))
            });
        out.push(match morphed {
            Some(shape) => Shown {
                keyframe: ci,
                shape,
                interpolated: true,
                alpha,
            },
            None => Shown {
                keyframe: ci,
                shape: frame.shape().clone(),
                interpolated: false,
                alpha,
            },
        });
    }
    if let Some((n, f)) = phase.incoming
        && !frames[n].ended()
    {
        out.push(Shown {
            keyframe: n,
            shape: frames[n].shape().clone(),
            interpolated: false,
            alpha: f,
        });
    }
    out
}

/// Cuts out of each area with `clip_by` what the named areas cover at this moment.
fn apply_clips(scenario: &Scenario, cache: &mut EvalCache, areas: &mut [AreaState]) {
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
        let Some((first_cutter, other_cutters)) = cutters.split_first() else {
            continue;
        };
        let documented =
            !areas[i].interpolated && cutters.iter().all(|c| !c.interpolated && !c.clipped);
        let key: ClipKey = (
            areas[i].area,
            areas[i].keyframe,
            cutters.iter().map(|c| (c.area, c.keyframe)).collect(),
        );
        let shape = match documented.then(|| cache.clips.get(&key)).flatten() {
            Some(shape) => shape.clone(),
            None => {
                let mut cut = areas[i].shape.difference(&*first_cutter.shape);
                for cutter in other_cutters {
                    cut = cut.difference(&*cutter.shape);
                }
                let shape = Arc::new(cut);
                if documented {
                    cache.clips.insert(key.clone(), shape.clone());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stepped_to_event_leads_the_caption() {
        assert_eq!(caption_order(&[3, 4, 5], Some(4)), vec![4, 5, 3]);
        assert_eq!(caption_order(&[3, 4, 5], None), vec![5, 4, 3]);
        assert_eq!(caption_order(&[3, 4, 5], Some(9)), vec![5, 4, 3]);
    }
}
