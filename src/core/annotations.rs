//! What is written on the map: place labels ranked and de-cluttered, never-happened tags, arrival dates at arrow heads.

use crate::core::geometry::partial;
use crate::core::i18n::place_label;
use crate::core::model::{Place, Scenario};
use crate::core::scenario::Lang;
use crate::core::theme::{Metrics, TextSizes};
use crate::core::time::{DateStyle, format_moment};
use crate::core::timeline::MapState;
use crate::core::view::Projector;
use crate::core::visibility::{ViewOptions, shown_places};
use glam::Vec2;

/// A screen rectangle in logical pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreenRect {
    pub min: Vec2,
    pub max: Vec2,
}

impl ScreenRect {
    pub fn from_min_size(min: Vec2, size: Vec2) -> ScreenRect {
        ScreenRect {
            min,
            max: min + size,
        }
    }

    pub fn expand(self, by: f32) -> ScreenRect {
        ScreenRect {
            min: self.min - Vec2::splat(by),
            max: self.max + Vec2::splat(by),
        }
    }

    pub fn intersects(&self, other: &ScreenRect) -> bool {
        self.min.x < other.max.x
            && self.max.x > other.min.x
            && self.min.y < other.max.y
            && self.max.y > other.min.y
    }

    pub fn union(self, other: ScreenRect) -> ScreenRect {
        ScreenRect {
            min: self.min.min(other.min),
            max: self.max.max(other.max),
        }
    }

    pub fn contains(&self, p: Vec2) -> bool {
        p.x >= self.min.x && p.y >= self.min.y && p.x <= self.max.x && p.y <= self.max.y
    }
}

/// A place label as it will be painted.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceLabel {
    pub place: usize,
    /// The place's dot, in window pixels.
    pub at: Vec2,
    /// Top-left of the name.
    pub text_at: Vec2,
    pub name: String,
    /// A second line under the name: today's name, in brackets.
    pub second: Option<String>,
    pub size: f32,
    /// A place of a current event: drawn larger, and never dropped for a collision.
    pub important: bool,
    pub rect: ScreenRect,
}

/// A tag on an area that never existed, saying so on the map itself.
#[derive(Debug, Clone, PartialEq)]
pub struct CounterfactualTag {
    pub area: usize,
    pub center: Vec2,
    pub name: String,
}

/// The arrival date written at the head of an arrow.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrowDate {
    pub movement: usize,
    /// Top-left of the text, beside the arrow's head.
    pub at: Vec2,
    pub text: String,
    pub side: usize,
}

/// Everything written on the map at one moment.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Annotations {
    pub places: Vec<PlaceLabel>,
    pub tags: Vec<CounterfactualTag>,
    pub arrow_dates: Vec<ArrowDate>,
}

/// The least important rank shown at a zoom: closer views show smaller places.
pub fn max_rank_for_zoom(px_per_km: f64) -> u8 {
    if px_per_km > 2.0 {
        9
    } else if px_per_km > 0.9 {
        4
    } else if px_per_km > 0.45 {
        3
    } else {
        2
    }
}

/// Lays out the map's writing for a visible state (see `visibility::visible`). `measure`
/// gives the size of a text at a font size; `screen` is the window area labels may use.
#[allow(clippy::too_many_arguments)]
pub fn annotate(
    scenario: &Scenario,
    visible: &MapState,
    options: &ViewOptions,
    projector: &Projector,
    lang: Lang,
    sizes: &TextSizes,
    metrics: &Metrics,
    screen: ScreenRect,
    measure: &mut dyn FnMut(&str, f32) -> Vec2,
) -> Annotations {
    let highlighted: Vec<&str> = visible
        .current_events
        .iter()
        .flat_map(|&i| scenario.events[i].places.iter().map(String::as_str))
        .collect();
    let max_rank = max_rank_for_zoom(projector.view.px_per_km);
    let mut candidates: Vec<(usize, &Place)> = shown_places(scenario, options)
        .map(|p| (scenario.places.iter().position(|q| q.id == p.id), p))
        .filter_map(|(i, p)| Some((i?, p)))
        .filter(|(_, p)| p.rank <= max_rank || highlighted.contains(&p.id.as_str()))
        .collect();
    candidates.sort_by_key(|(_, p)| (!highlighted.contains(&p.id.as_str()), p.rank));
    let mut places: Vec<PlaceLabel> = Vec::new();
    for (index, place) in candidates {
        let Some(at) = projector.project(place.at.0, place.at.1) else {
            continue;
        };
        if !screen.contains(at) {
            continue;
        }
        let important = highlighted.contains(&place.id.as_str());
        let size = if important {
            sizes.label_important
        } else if place.rank <= 1 {
            sizes.label_major
        } else {
            sizes.label_minor
        };
        let (name, second) = place_label(place, lang);
        let name_size = measure(&name, size);
        let second_size = second
            .as_ref()
            .map(|s| measure(s, size * sizes.label_secondary_ratio));
        let width = name_size.x.max(second_size.map_or(0.0, |s| s.x));
        // Right of the dot, or left of it where the name would run off the window.
        let right = at.x + metrics.dot * 2.0;
        let x = if right + width > screen.max.x {
            at.x - metrics.dot * 2.0 - width
        } else {
            right
        };
        let text_at = Vec2::new(x, at.y - size * 0.6);
        let mut rect = ScreenRect::from_min_size(text_at, name_size);
        if let Some(second_size) = second_size {
            let below = ScreenRect::from_min_size(Vec2::new(rect.min.x, rect.max.y), second_size);
            rect = rect.union(below);
        }
        let collides = places
            .iter()
            .any(|p| p.rect.expand(metrics.label_gap).intersects(&rect));
        if collides && !important {
            continue;
        }
        places.push(PlaceLabel {
            place: index,
            at,
            text_at,
            name,
            second,
            size,
            important,
            rect,
        });
    }

    let mut tags = Vec::new();
    for a in &visible.areas {
        let area = &scenario.areas[a.area];
        if !area.counterfactual || a.alpha < 0.5 {
            continue;
        }
        use geo::InteriorPoint;
        let Some(inside) = a.shape.interior_point() else {
            continue;
        };
        let Some(center) = projector.project(inside.x(), inside.y()) else {
            continue;
        };
        tags.push(CounterfactualTag {
            area: a.area,
            center,
            name: area.name.get(lang).to_owned(),
        });
    }

    let recency = scenario.meta.resolution.policy().label_recency_seconds;
    let mut arrow_dates = Vec::new();
    let mut taken_dates: Vec<ScreenRect> = Vec::new();
    for m in &visible.movements {
        let movement = &scenario.movements[m.movement];
        // Only arrows under way or just arrived carry a date, so old ones do not crowd the map.
        let recent = visible.t.0 - movement.end.0 < recency;
        if m.progress <= 0.0 || m.alpha < 0.5 || !recent {
            continue;
        }
        let drawn = partial(&movement.route.0, m.progress);
        let Some(tip) = drawn.last() else { continue };
        let Some(at) = projector.project(tip.x, tip.y) else {
            continue;
        };
        let text = format_moment(movement.end, scenario.zone, lang, DateStyle::Date);
        // The date goes beside the arrow's head where it overlaps no name and no other date:
        // below right, below left, above right or above left. Where none is free it is left
        // out (the arrow still shows, and its card gives the date).
        let size = measure(&text, sizes.arrow_date);
        let d = metrics.dot * 2.0;
        let free = |rect: &ScreenRect| {
            !places.iter().any(|p| p.rect.intersects(rect))
                && !taken_dates
                    .iter()
                    .any(|r: &ScreenRect| r.expand(metrics.label_gap).intersects(rect))
        };
        let spot = [
            at + Vec2::new(d, d),
            at + Vec2::new(-d - size.x, d),
            at + Vec2::new(d, -d - size.y),
            at + Vec2::new(-d - size.x, -d - size.y),
        ]
        .into_iter()
        .map(|min| ScreenRect::from_min_size(min, size))
        .find(|rect| free(rect));
        let Some(rect) = spot else { continue };
        taken_dates.push(rect);
        arrow_dates.push(ArrowDate {
            movement: m.movement,
            at: rect.min,
            text,
            side: movement.side,
        });
    }
    Annotations {
        places,
        tags,
        arrow_dates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closer_views_show_smaller_places() {
        assert!(max_rank_for_zoom(0.3) < max_rank_for_zoom(0.6));
        assert!(max_rank_for_zoom(0.6) < max_rank_for_zoom(1.5));
        assert!(max_rank_for_zoom(1.5) < max_rank_for_zoom(3.0));
    }

    #[test]
    fn rectangles_overlap_only_when_they_share_area() {
        let a = ScreenRect::from_min_size(Vec2::ZERO, Vec2::new(10.0, 10.0));
        let b = ScreenRect::from_min_size(Vec2::new(10.0, 0.0), Vec2::new(10.0, 10.0));
        assert!(!a.intersects(&b));
        assert!(a.expand(1.0).intersects(&b));
    }
}
