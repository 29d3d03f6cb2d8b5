//! The map view in map kilometres: where the camera looks, how close, fitting boxes and events, eased moves.

use crate::core::model::Scenario;
use crate::core::projection::Projection;
use crate::core::scenario::{BoundsSpec, Focus};
use glam::{DVec2, Vec2};

/// Closest zoom: 1 km is this many pixels (enough for Shumshu's beaches).
pub const MAX_PX_PER_KM: f64 = 400.0;

/// The narrowest view an event focus asks for, so a stepped-to event keeps its surroundings.
pub const MIN_FOCUS_SPAN_KM: f64 = 150.0;

/// How long an eased camera move takes, in seconds.
pub const MOVE_SECONDS: f32 = 0.8;

/// A box in map kilometres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KmBox {
    pub min: DVec2,
    pub max: DVec2,
}

impl KmBox {
    /// The box reaching `half` either way of `center`.
    pub fn around(center: DVec2, half: DVec2) -> KmBox {
        KmBox {
            min: center - half,
            max: center + half,
        }
    }

    /// The same box as a geo rectangle, for cutting geometry to it.
    pub fn to_rect(&self) -> geo::Rect<f64> {
        geo::Rect::new(
            geo::Coord {
                x: self.min.x,
                y: self.min.y,
            },
            geo::Coord {
                x: self.max.x,
                y: self.max.y,
            },
        )
    }

    pub fn size(&self) -> DVec2 {
        self.max - self.min
    }

    pub fn center(&self) -> DVec2 {
        (self.min + self.max) / 2.0
    }

    pub fn contains_box(&self, other: &KmBox) -> bool {
        other.min.x >= self.min.x
            && other.min.y >= self.min.y
            && other.max.x <= self.max.x
            && other.max.y <= self.max.y
    }

    pub fn intersects(&self, other: &KmBox) -> bool {
        self.min.x <= other.max.x
            && self.max.x >= other.min.x
            && self.min.y <= other.max.y
            && self.max.y >= other.min.y
    }
}

/// Projects a geographic box into a map-kilometre box by sampling its edges.
pub fn projected_bounds(projection: &Projection, b: &BoundsSpec) -> Option<KmBox> {
    let mut min = DVec2::splat(f64::MAX);
    let mut max = DVec2::splat(f64::MIN);
    let steps = 16;
    for i in 0..=steps {
        let f = i as f64 / steps as f64;
        let lon = b.west + (b.east - b.west) * f;
        let lat = b.south + (b.north - b.south) * f;
        for (x, y) in [(lon, b.south), (lon, b.north), (b.west, lat), (b.east, lat)] {
            if let Some((px, py)) = projection.project(x, y) {
                min = min.min(DVec2::new(px, py));
                max = max.max(DVec2::new(px, py));
            }
        }
    }
    (min.x < max.x && min.y < max.y).then_some(KmBox { min, max })
}

/// Screen space taken by interface panels at the window's edges, in logical pixels: the
/// map is fitted into what is left.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Insets {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

/// An eased move of the camera from one view to another.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewAnimation {
    pub from: (DVec2, f64),
    pub to: (DVec2, f64),
    pub elapsed: f32,
    pub duration: f32,
}

impl ViewAnimation {
    /// The centre and zoom after `elapsed` seconds: smoothstep in position, and in log space
    /// for zoom so the motion feels even at every scale.
    pub fn sample(&self, elapsed: f32) -> (DVec2, f64) {
        let f = if self.duration <= 0.0 {
            1.0
        } else {
            (elapsed / self.duration).clamp(0.0, 1.0) as f64
        };
        let eased = f * f * (3.0 - 2.0 * f);
        let zoom = (self.from.1.ln() + (self.to.1.ln() - self.from.1.ln()) * eased).exp();
        (self.from.0 + (self.to.0 - self.from.0) * eased, zoom)
    }

    pub fn finished(&self) -> bool {
        self.elapsed >= self.duration
    }
}

/// Where the map camera looks, in map kilometres, and how close. The home zoom is derived
/// from the home box and the viewport whenever it is needed, never stored.
#[derive(Debug, Clone, PartialEq)]
pub struct MapView {
    pub center: DVec2,
    pub px_per_km: f64,
    /// Window size in logical pixels.
    pub viewport: Vec2,
    /// Panels over the map's edges; fitting and focusing use the space between them.
    pub insets: Insets,
    /// The scenario's home box.
    pub home: KmBox,
    /// The camera's centre stays inside this box (the home box with a margin).
    pub bounds: KmBox,
    /// True while the view shows the home box and nothing has moved it since: a resize re-fits.
    pub at_home: bool,
    pub animation: Option<ViewAnimation>,
}

impl MapView {
    pub fn new(home: KmBox, viewport: Vec2) -> MapView {
        let margin = home.size() * 0.5;
        let mut view = MapView {
            center: home.center(),
            px_per_km: 1.0,
            viewport,
            insets: Insets::default(),
            home,
            bounds: KmBox {
                min: home.min - margin,
                max: home.max + margin,
            },
            at_home: true,
            animation: None,
        };
        view.show_home();
        view
    }

    pub fn for_scenario(scenario: &Scenario, viewport: Vec2) -> MapView {
        let home =
            projected_bounds(&Projection::regional(), &scenario.meta.home).unwrap_or(KmBox {
                min: DVec2::new(-2000.0, -1500.0),
                max: DVec2::new(2000.0, 1500.0),
            });
        MapView::new(home, viewport)
    }

    /// The part of the window the map is seen through, in logical pixels (origin top-left).
    pub fn clear_area(&self) -> (Vec2, Vec2) {
        let min = Vec2::new(self.insets.left, self.insets.top);
        let max = Vec2::new(
            self.viewport.x - self.insets.right,
            self.viewport.y - self.insets.bottom,
        );
        if max.x - min.x < 32.0 || max.y - min.y < 32.0 {
            (Vec2::ZERO, self.viewport)
        } else {
            (min, max)
        }
    }

    /// The zoom and centre that show all of `target` in the clear area, at any window shape.
    pub fn fit(&self, target: &KmBox) -> (DVec2, f64) {
        let (min, max) = self.clear_area();
        let size = (max - min).max(Vec2::ONE).as_dvec2();
        let want = target.size().max(DVec2::splat(1e-3));
        let zoom = (size.x / want.x).min(size.y / want.y);
        (self.center_showing(target.center(), zoom), zoom)
    }

    /// The camera centre that puts `point` in the middle of the clear area at `zoom`.
    fn center_showing(&self, point: DVec2, zoom: f64) -> DVec2 {
        let (min, max) = self.clear_area();
        let offset = ((min + max) / 2.0 - self.viewport / 2.0).as_dvec2();
        point - DVec2::new(offset.x, -offset.y) / zoom
    }

    pub fn home_px_per_km(&self) -> f64 {
        self.fit(&self.home).1
    }

    pub fn min_px_per_km(&self) -> f64 {
        self.home_px_per_km() / 3.0
    }

    /// Jumps to the home view.
    pub fn show_home(&mut self) {
        let (center, zoom) = self.fit(&self.home);
        self.center = center;
        self.px_per_km = zoom;
        self.at_home = true;
        self.animation = None;
    }

    /// The view that frames an event's focus: `span_km` across the clear area's width.
    pub fn focus_target(&self, focus: &Focus, projection: &Projection) -> Option<(DVec2, f64)> {
        let (x, y) = projection.project(focus.center.0, focus.center.1)?;
        let (min, max) = self.clear_area();
        let zoom = (max.x - min.x) as f64 / focus.span_km.max(MIN_FOCUS_SPAN_KM);
        let zoom = zoom.clamp(self.min_px_per_km(), MAX_PX_PER_KM);
        Some((self.center_showing(DVec2::new(x, y), zoom), zoom))
    }

    /// The window changed size: keep the home view fitted if it was shown, else keep the centre.
    pub fn resize(&mut self, viewport: Vec2) {
        if viewport.x < 1.0 || viewport.y < 1.0 || viewport == self.viewport {
            return;
        }
        self.viewport = viewport;
        if self.at_home {
            self.show_home();
        } else {
            self.clamp();
        }
    }

    /// The panels over the map changed: keep the home view fitted if it was shown.
    pub fn set_insets(&mut self, insets: Insets) {
        if insets == self.insets {
            return;
        }
        self.insets = insets;
        if self.at_home && self.animation.is_none() {
            self.show_home();
        }
    }

    pub fn clamp(&mut self) {
        self.px_per_km = self.px_per_km.clamp(self.min_px_per_km(), MAX_PX_PER_KM);
        self.center = self.center.clamp(self.bounds.min, self.bounds.max);
    }

    /// Window pixel (origin top-left) to map kilometres.
    pub fn screen_to_map(&self, screen: Vec2) -> DVec2 {
        let offset = (screen - self.viewport / 2.0).as_dvec2();
        self.center + DVec2::new(offset.x, -offset.y) / self.px_per_km
    }

    /// Map kilometres to window pixel (origin top-left).
    pub fn map_to_screen(&self, map: DVec2) -> Vec2 {
        let d = (map - self.center) * self.px_per_km;
        Vec2::new(d.x as f32, -d.y as f32) + self.viewport / 2.0
    }

    /// The map box the window shows.
    pub fn visible_box(&self) -> KmBox {
        let half = self.viewport.as_dvec2() / self.px_per_km / 2.0;
        KmBox {
            min: self.center - half,
            max: self.center + half,
        }
    }

    /// Multiplies the zoom, keeping the point under `anchor` (window pixels) fixed.
    pub fn zoom_at(&mut self, factor: f64, anchor: Option<Vec2>) {
        if !factor.is_finite() || factor <= 0.0 {
            return;
        }
        self.animation = None;
        self.at_home = false;
        let anchor = anchor.unwrap_or(self.viewport / 2.0);
        let before = self.screen_to_map(anchor);
        self.px_per_km = (self.px_per_km * factor).clamp(self.min_px_per_km(), MAX_PX_PER_KM);
        let after = self.screen_to_map(anchor);
        self.center += before - after;
        self.clamp();
    }

    /// Moves the map by a drag of `delta` window pixels.
    pub fn pan_pixels(&mut self, delta: Vec2) {
        if !delta.is_finite() {
            return;
        }
        self.animation = None;
        self.at_home = false;
        self.center -= DVec2::new(delta.x as f64, -delta.y as f64) / self.px_per_km;
        self.clamp();
    }

    /// Starts an eased move to `center` at `px_per_km`.
    pub fn animate_to(&mut self, center: DVec2, px_per_km: f64, duration: f32) {
        self.at_home = false;
        self.animation = Some(ViewAnimation {
            from: (self.center, self.px_per_km),
            to: (center, px_per_km.clamp(self.min_px_per_km(), MAX_PX_PER_KM)),
            elapsed: 0.0,
            duration,
        });
    }

    /// Eases back to the home view; a resize afterwards keeps it fitted.
    pub fn animate_home(&mut self, duration: f32) {
        let (center, zoom) = self.fit(&self.home);
        self.animate_to(center, zoom, duration);
        self.at_home = true;
    }

    /// Advances the eased move by `seconds`; true while it is still moving.
    pub fn advance(&mut self, seconds: f32) -> bool {
        let Some(mut animation) = self.animation else {
            return false;
        };
        animation.elapsed += seconds.max(0.0);
        let (center, zoom) = animation.sample(animation.elapsed);
        self.center = center;
        self.px_per_km = zoom;
        self.animation = (!animation.finished()).then_some(animation);
        let at_home = self.at_home;
        self.clamp();
        self.at_home = at_home;
        self.animation.is_some()
    }
}

/// Projects longitude/latitude to window pixels through a view: built once a frame, cheap to copy.
#[derive(Debug, Clone)]
pub struct Projector<'v> {
    pub projection: Projection,
    pub view: &'v MapView,
}

impl<'v> Projector<'v> {
    pub fn new(view: &'v MapView) -> Projector<'v> {
        Projector {
            projection: Projection::regional(),
            view,
        }
    }

    /// Longitude/latitude to window pixels.
    pub fn project(&self, lon: f64, lat: f64) -> Option<Vec2> {
        let (x, y) = self.projection.project(lon, lat)?;
        Some(self.view.map_to_screen(DVec2::new(x, y)))
    }

    /// Window pixels to longitude/latitude.
    pub fn unproject(&self, screen: Vec2) -> Option<(f64, f64)> {
        let map = self.view.screen_to_map(screen);
        self.projection.unproject(map.x, map.y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square_home() -> KmBox {
        KmBox {
            min: DVec2::new(-500.0, -500.0),
            max: DVec2::new(500.0, 500.0),
        }
    }

    #[test]
    fn screen_and_map_round_trip() {
        let mut view = MapView::new(square_home(), Vec2::new(1600.0, 900.0));
        view.zoom_at(2.5, Some(Vec2::new(300.0, 200.0)));
        for p in [
            Vec2::new(0.0, 0.0),
            Vec2::new(812.5, 33.0),
            Vec2::new(1600.0, 900.0),
        ] {
            let back = view.map_to_screen(view.screen_to_map(p));
            assert!((back - p).length() < 1e-3, "{p} -> {back}");
        }
    }

    /// Regression: a tall home box was fitted by its width and cut off at the top.
    #[test]
    fn a_tall_home_box_is_fitted_whole_at_any_window_shape() {
        let tall = KmBox {
            min: DVec2::new(-100.0, -1000.0),
            max: DVec2::new(100.0, 1000.0),
        };
        for viewport in [
            Vec2::new(1600.0, 900.0),
            Vec2::new(600.0, 1200.0),
            Vec2::new(3840.0, 400.0),
        ] {
            let mut view = MapView::new(tall, viewport);
            view.set_insets(Insets {
                bottom: 132.0,
                ..Insets::default()
            });
            let (min, max) = view.clear_area();
            let top = view.map_to_screen(DVec2::new(0.0, tall.max.y));
            let bottom = view.map_to_screen(DVec2::new(0.0, tall.min.y));
            assert!(
                top.y >= min.y - 0.01 && bottom.y <= max.y + 0.01,
                "{viewport}: {top} {bottom}"
            );
            let fills_height = (bottom.y - top.y) >= (max.y - min.y) - 0.5;
            let fills_width = {
                let l = view.map_to_screen(DVec2::new(tall.min.x, 0.0));
                let r = view.map_to_screen(DVec2::new(tall.max.x, 0.0));
                (r.x - l.x) >= (max.x - min.x) - 0.5
            };
            assert!(fills_height || fills_width, "fits tightly in one direction");
        }
    }

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let mut view = MapView::new(square_home(), Vec2::new(1000.0, 1000.0));
        let anchor = Vec2::new(700.0, 300.0);
        let before = view.screen_to_map(anchor);
        view.zoom_at(2.0, Some(anchor));
        let after = view.screen_to_map(anchor);
        assert!((before - after).length() < 1e-9);
        assert!(!view.at_home);
    }

    #[test]
    fn zoom_is_clamped_between_a_third_of_home_and_the_closest_zoom() {
        let mut view = MapView::new(square_home(), Vec2::new(1000.0, 1000.0));
        let home = view.home_px_per_km();
        view.zoom_at(1e-6, None);
        assert!((view.px_per_km - home / 3.0).abs() < 1e-9);
        view.zoom_at(1e9, None);
        assert_eq!(view.px_per_km, MAX_PX_PER_KM);
    }

    #[test]
    fn a_resize_refits_home_only_while_home_is_shown() {
        let mut view = MapView::new(square_home(), Vec2::new(1000.0, 1000.0));
        view.resize(Vec2::new(2000.0, 2000.0));
        assert!((view.px_per_km - 2.0).abs() < 1e-9);
        view.pan_pixels(Vec2::new(100.0, 0.0));
        let zoom = view.px_per_km;
        view.resize(Vec2::new(1000.0, 1000.0));
        assert_eq!(view.px_per_km, zoom, "a moved view keeps its zoom");
    }

    #[test]
    fn focus_frames_the_span_across_the_clear_width_and_never_tighter_than_the_minimum() {
        let view = MapView::new(
            KmBox {
                min: DVec2::new(-3000.0, -3000.0),
                max: DVec2::new(3000.0, 3000.0),
            },
            Vec2::new(1500.0, 1000.0),
        );
        let projection = Projection::regional();
        let wide = Focus {
            center: (140.0, 45.0),
            span_km: 500.0,
        };
        let (center, zoom) = view.focus_target(&wide, &projection).unwrap();
        assert!((zoom - 3.0).abs() < 1e-9);
        assert!(
            center.length() < 1e-6,
            "45N 140E is the projection's origin"
        );
        let tight = Focus {
            center: (140.0, 45.0),
            span_km: 10.0,
        };
        let (_, zoom) = view.focus_target(&tight, &projection).unwrap();
        assert!((zoom - 1500.0 / MIN_FOCUS_SPAN_KM).abs() < 1e-9);
    }

    #[test]
    fn an_eased_move_ends_exactly_at_its_target() {
        let mut view = MapView::new(square_home(), Vec2::new(1000.0, 1000.0));
        let target = (DVec2::new(100.0, -50.0), 3.0);
        view.animate_to(target.0, target.1, MOVE_SECONDS);
        let mut steps = 0;
        while view.advance(0.1) {
            steps += 1;
            assert!(steps < 100);
        }
        assert!((7..=8).contains(&steps), "{steps}");
        assert!((view.center - target.0).length() < 1e-9);
        assert!((view.px_per_km - target.1).abs() < 1e-9);
    }

    #[test]
    fn the_projector_round_trips_degrees_through_pixels() {
        let view = MapView::new(square_home(), Vec2::new(1200.0, 800.0));
        let projector = Projector::new(&view);
        let p = projector.project(141.5, 45.3).unwrap();
        let (lon, lat) = projector.unproject(p).unwrap();
        assert!((lon - 141.5).abs() < 1e-6 && (lat - 45.3).abs() < 1e-6);
    }
}
