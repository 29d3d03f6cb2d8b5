//! Click for the record: what is under a point of the map, and everything known about it (names, side and status now, dated keyframes, sources, notes).

use crate::core::geometry::partial;
use crate::core::i18n::{
    area_status_name, confidence_name, line_status_name, movement_status_name,
};
use crate::core::model::Scenario;
use crate::core::scenario::{Confidence, Lang};
use crate::core::time::{DateStyle, Moment, format_moment};
use crate::core::timeline::MapState;
use crate::core::view::Projector;
use geo::{Contains, Coord, Point};
use glam::Vec2;

/// Something on the map that can be clicked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Picked {
    Place(usize),
    Movement(usize),
    Line(usize),
    Area(usize),
}

/// How close, in pixels, a click must be to a line, an arrow or a place's dot.
pub const PICK_RADIUS_PX: f32 = 10.0;

fn segment_distance(p: Vec2, a: Vec2, b: Vec2) -> f32 {
    let ab = b - a;
    let t = if ab.length_squared() > 0.0 {
        ((p - a).dot(ab) / ab.length_squared()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.distance(a + ab * t)
}

fn polyline_distance(p: Vec2, points: &[Coord<f64>], projector: &Projector) -> f32 {
    let screen: Vec<Vec2> = points
        .iter()
        .filter_map(|c| projector.project(c.x, c.y))
        .collect();
    screen
        .windows(2)
        .map(|w| segment_distance(p, w[0], w[1]))
        .fold(f32::INFINITY, f32::min)
}

/// What lies under window point `at`, most specific first: a place's dot, an arrow, a line,
/// then the topmost area containing the point.
pub fn pick(
    scenario: &Scenario,
    visible: &MapState,
    places: &[usize],
    projector: &Projector,
    at: Vec2,
    radius: f32,
) -> Option<Picked> {
    let nearest_place = places
        .iter()
        .filter_map(|&i| {
            let p = &scenario.places[i];
            let d = projector.project(p.at.0, p.at.1)?.distance(at);
            (d <= radius).then_some((i, d))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((i, _)) = nearest_place {
        return Some(Picked::Place(i));
    }
    let nearest_arrow = visible
        .movements
        .iter()
        .filter(|m| m.progress > 0.0 && m.alpha > 0.3)
        .map(|m| {
            let route = partial(&scenario.movements[m.movement].route.0, m.progress);
            (m.movement, polyline_distance(at, &route, projector))
        })
        .filter(|(_, d)| *d <= radius)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((i, _)) = nearest_arrow {
        return Some(Picked::Movement(i));
    }
    let nearest_line = visible
        .lines
        .iter()
        .filter(|l| l.alpha > 0.3)
        .map(|l| {
            let d = l
                .shape
                .0
                .iter()
                .map(|part| polyline_distance(at, &part.0, projector))
                .fold(f32::INFINITY, f32::min);
            (l.line, d)
        })
        .filter(|(_, d)| *d <= radius)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((i, _)) = nearest_line {
        return Some(Picked::Line(i));
    }
    let (lon, lat) = projector.unproject(at)?;
    let point = Point::new(lon, lat);
    // Later areas are drawn on top.
    visible
        .areas
        .iter()
        .rev()
        .filter(|a| a.alpha > 0.3)
        .find(|a| a.shape.contains(&point))
        .map(|a| Picked::Area(a.area))
}

/// A dated state of the item, for the card's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedState {
    pub at: Moment,
    pub text: String,
    /// The state in force now.
    pub current: bool,
}

/// A citation as the card shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    pub id: String,
    pub text: String,
    pub url: Option<String>,
}

/// Everything the card says about a picked item, in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub name: String,
    /// Today's name, or the other side's name on a disputed island.
    pub other_name: Option<String>,
    /// Side and status now ("Soviet Union — controlled").
    pub now: Option<String>,
    /// The dated keyframes around now: the one before, the one in force, the next.
    pub keyframes: Vec<DatedState>,
    /// True when what is drawn now is inferred between documented keyframes.
    pub interpolated: bool,
    pub confidence: Option<Confidence>,
    pub citations: Vec<Citation>,
    pub notes: Vec<String>,
}

fn citations(scenario: &Scenario, ids: &[String]) -> Vec<Citation> {
    ids.iter()
        .map(|id| {
            let source = scenario.sources.get(id);
            Citation {
                id: id.clone(),
                text: source.map_or_else(|| "?".into(), |s| s.citation.clone()),
                url: source.and_then(|s| s.url.clone()),
            }
        })
        .collect()
}

/// The keyframes before, in force at and after `t`, as dated lines.
fn around<K>(
    frames: &[K],
    t: Moment,
    at: impl Fn(&K) -> Moment,
    text: impl Fn(&K) -> String,
) -> Vec<DatedState> {
    let current = frames.iter().rposition(|k| at(k) <= t);
    let from = current.map_or(0, |c| c.saturating_sub(1));
    let to = current.map_or(1, |c| c + 2).min(frames.len());
    (from..to)
        .map(|i| DatedState {
            at: at(&frames[i]),
            text: text(&frames[i]),
            current: Some(i) == current,
        })
        .collect()
}

/// The record of a picked item at the state's moment.
pub fn record(scenario: &Scenario, state: &MapState, picked: Picked, lang: Lang) -> Record {
    let side_name = |side: usize| {
        scenario
            .sides
            .get(side)
            .map_or("?", |s| s.name.get(lang))
            .to_owned()
    };
    let notes_of = |notes: &Vec<crate::core::model::Note>| {
        notes
            .iter()
            .map(|n| {
                format!(
                    "{}: {}",
                    crate::core::i18n::note_kind_label(n.kind, lang),
                    n.text.get(lang)
                )
            })
            .collect::<Vec<_>>()
    };
    match picked {
        Picked::Area(index) => {
            let area = &scenario.areas[index];
            let drawn = state.areas.iter().find(|a| a.area == index);
            Record {
                name: area.name.get(lang).to_owned(),
                other_name: None,
                now: drawn.map(|a| {
                    format!(
                        "{} — {}",
                        side_name(a.side),
                        area_status_name(a.status, lang)
                    )
                }),
                keyframes: around(
                    &area.keyframes,
                    state.t,
                    |k| k.at,
                    |k| {
                        format!(
                            "{} — {}",
                            side_name(k.side),
                            area_status_name(k.status, lang)
                        )
                    },
                ),
                interpolated: drawn.is_some_and(|a| a.interpolated),
                confidence: Some(area.confidence),
                citations: citations(scenario, &area.sources),
                notes: notes_of(&area.notes),
            }
        }
        Picked::Line(index) => {
            let line = &scenario.lines[index];
            let drawn = state.lines.iter().find(|l| l.line == index);
            let describe = |side: Option<usize>, status| match side {
                Some(s) => format!("{} — {}", side_name(s), line_status_name(status, lang)),
                None => line_status_name(status, lang).to_owned(),
            };
            Record {
                name: line.name.get(lang).to_owned(),
                other_name: None,
                now: drawn.map(|l| describe(l.side, l.status)),
                keyframes: around(
                    &line.keyframes,
                    state.t,
                    |k| k.at,
                    |k| describe(k.side, k.status),
                ),
                interpolated: drawn.is_some_and(|l| l.interpolated),
                confidence: Some(line.confidence),
                citations: citations(scenario, &line.sources),
                notes: notes_of(&line.notes),
            }
        }
        Picked::Movement(index) => {
            let m = &scenario.movements[index];
            let date = |t| format_moment(t, scenario.zone, lang, DateStyle::DateTime);
            Record {
                name: m.name.get(lang).to_owned(),
                other_name: None,
                now: Some(format!(
                    "{} — {}",
                    side_name(m.side),
                    movement_status_name(m.status, lang)
                )),
                keyframes: vec![
                    DatedState {
                        at: m.start,
                        text: date(m.start),
                        current: state.t >= m.start && state.t < m.end,
                    },
                    DatedState {
                        at: m.end,
                        text: date(m.end),
                        current: state.t >= m.end,
                    },
                ],
                interpolated: false,
                confidence: Some(m.confidence),
                citations: citations(scenario, &m.sources),
                notes: notes_of(&m.notes),
            }
        }
        Picked::Place(index) => {
            let place = &scenario.places[index];
            let (name, second) = crate::core::i18n::place_label(place, lang);
            Record {
                name,
                other_name: second,
                now: None,
                keyframes: Vec::new(),
                interpolated: false,
                confidence: None,
                citations: Vec::new(),
                notes: vec![format!("{:.3}°E, {:.3}°N", place.at.0, place.at.1)],
            }
        }
    }
}

/// "Confidence: high", in the card's language.
pub fn confidence_line(confidence: Confidence, lang: Lang) -> String {
    format!(
        "{}: {}",
        crate::core::i18n::Word::Confidence.get(lang),
        confidence_name(confidence, lang)
    )
}
