//! The map camera: pan, zoom around the cursor, pinch, keys, eased moves to an event, clamped to the data.

use crate::app::messages::{DisplayCommand, LoadedScenario, TidelineSet, TimeCommand, ViewCommand};
use crate::core::model::Scenario;
use crate::core::projection::Projection as MapProjection;
use crate::core::scenario::BoundsSpec;
use bevy::camera::ScalingMode;
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll, MouseScrollUnit};
use bevy::input::touch::Touches;
use bevy::math::DVec2;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::input::EguiWantsInput;

/// Closest zoom: 1 km is this many pixels (enough for Shumshu's beaches).
pub const MAX_PX_PER_KM: f64 = 400.0;

/// The narrowest view an event focus asks for, so a stepped-to event keeps its surroundings.
pub const MIN_FOCUS_SPAN_KM: f64 = 150.0;

/// Where the map camera looks, in map kilometres, and how close.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct MapView {
    pub center: DVec2,
    pub px_per_km: f64,
    /// The data's extent in map kilometres: the camera stays over it.
    pub min: DVec2,
    pub max: DVec2,
    pub home_center: DVec2,
    pub home_px_per_km: f64,
    pub animation: Option<ViewAnimation>,
    /// Window size in logical pixels.
    pub viewport: Vec2,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ViewAnimation {
    pub from: (DVec2, f64),
    pub to: (DVec2, f64),
    pub elapsed: f32,
    pub duration: f32,
}

/// Projects a geographic box into a map-kilometre box by sampling its edges.
pub fn projected_bounds(projection: &MapProjection, b: &BoundsSpec) -> Option<(DVec2, DVec2)> {
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
    (min.x < max.x && min.y < max.y).then_some((min, max))
}

impl MapView {
    pub fn for_scenario(scenario: &Scenario, viewport: Vec2) -> MapView {
        let projection = MapProjection::regional();
        let (min, max) = projected_bounds(&projection, &scenario.meta.home)
            .unwrap_or((DVec2::new(-2000.0, -1500.0), DVec2::new(2000.0, 1500.0)));
        let home_center = (min + max) / 2.0;
        let mut view = MapView {
            center: home_center,
            px_per_km: 1.0,
            min: min - (max - min) * 0.5,
            max: max + (max - min) * 0.5,
            home_center,
            home_px_per_km: 1.0,
            animation: None,
            viewport,
        };
        view.home_px_per_km = view.fit_px_per_km(max - min);
        view.px_per_km = view.home_px_per_km;
        view
    }

    /// The zoom that fits a box of `size` km in the viewport.
    pub fn fit_px_per_km(&self, size: DVec2) -> f64 {
        let w = self.viewport.x.max(1.0) as f64;
        let h = self.viewport.y.max(1.0) as f64;
        (w / size.x.max(1e-3)).min(h / size.y.max(1e-3))
    }

    pub fn min_px_per_km(&self) -> f64 {
        self.home_px_per_km / 3.0
    }

    pub fn clamp(&mut self) {
        self.px_per_km = self.px_per_km.clamp(self.min_px_per_km(), MAX_PX_PER_KM);
        self.center = self.center.clamp(self.min, self.max);
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

    pub fn zoom_at(&mut self, factor: f64, anchor: Option<Vec2>) {
        if !factor.is_finite() || factor <= 0.0 {
            return;
        }
        let anchor = anchor.unwrap_or(self.viewport / 2.0);
        let before = self.screen_to_map(anchor);
        self.px_per_km = (self.px_per_km * factor).clamp(self.min_px_per_km(), MAX_PX_PER_KM);
        let after = self.screen_to_map(anchor);
        self.center += before - after;
        self.clamp();
    }

    pub fn animate_to(&mut self, center: DVec2, px_per_km: f64) {
        self.animation = Some(ViewAnimation {
            from: (self.center, self.px_per_km),
            to: (center, px_per_km.clamp(self.min_px_per_km(), MAX_PX_PER_KM)),
            elapsed: 0.0,
            duration: 0.8,
        });
    }
}

pub struct CameraPlugin;

impl Plugin for CameraPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Startup, spawn_camera)
            .add_systems(
                Update,
                (keyboard_input, pointer_input).in_set(TidelineSet::Input),
            )
            .add_systems(
                Update,
                (track_viewport, apply_view_commands, animate_view)
                    .chain()
                    .in_set(TidelineSet::Apply),
            )
            .add_systems(Update, place_camera.in_set(TidelineSet::Draw));
    }
}

#[derive(Component)]
pub struct MapCamera;

fn spawn_camera(mut commands: Commands) {
    commands.spawn((
        Camera2d,
        MapCamera,
        Projection::Orthographic(OrthographicProjection {
            scaling_mode: ScalingMode::WindowSize,
            ..OrthographicProjection::default_2d()
        }),
        Transform::default(),
    ));
}

fn track_viewport(
    windows: Query<&Window, With<PrimaryWindow>>,
    mut view: ResMut<MapView>,
    mut initialised: Local<bool>,
) {
    let Ok(window) = windows.single() else { return };
    let size = Vec2::new(window.width(), window.height());
    if size.x < 1.0 || size.y < 1.0 || size == view.viewport {
        return;
    }
    let home_was_shown =
        !*initialised || (view.center == view.home_center && view.px_per_km == view.home_px_per_km);
    let old = view.viewport;
    view.viewport = size;
    let ratio = view.fit_px_per_km(DVec2::ONE) / {
        let mut v = view.clone();
        v.viewport = old;
        v.fit_px_per_km(DVec2::ONE)
    };
    view.home_px_per_km *= ratio;
    if home_was_shown {
        view.center = view.home_center;
        view.px_per_km = view.home_px_per_km;
    }
    *initialised = true;
}

fn apply_view_commands(mut commands: MessageReader<ViewCommand>, mut view: ResMut<MapView>) {
    for command in commands.read() {
        match *command {
            ViewCommand::FitHome => {
                let (center, zoom) = (view.home_center, view.home_px_per_km);
                view.animate_to(center, zoom);
            }
            ViewCommand::Focus(focus) => {
                if let Some((center, zoom)) = crate::app::focus_view(&focus, view.viewport.x) {
                    view.animate_to(center, zoom);
                }
            }
            ViewCommand::ZoomAt { factor, anchor } => {
                view.animation = None;
                view.zoom_at(factor, anchor);
            }
            ViewCommand::PanPixels(delta) => {
                view.animation = None;
                let zoom = view.px_per_km;
                view.center -= DVec2::new(delta.x as f64, -delta.y as f64) / zoom;
                view.clamp();
            }
        }
    }
}

fn animate_view(time: Res<Time>, mut view: ResMut<MapView>) {
    let Some(mut animation) = view.animation.clone() else {
        return;
    };
    animation.elapsed += time.delta_secs();
    let f = (animation.elapsed / animation.duration).clamp(0.0, 1.0) as f64;
    let eased = f * f * (3.0 - 2.0 * f);
    // Zoom eases in log space so the motion feels even at every scale.
    let zoom =
        (animation.from.1.ln() + (animation.to.1.ln() - animation.from.1.ln()) * eased).exp();
    view.center = animation.from.0 + (animation.to.0 - animation.from.0) * eased;
    view.px_per_km = zoom;
    view.animation = (f < 1.0).then_some(animation);
    view.clamp();
}

fn place_camera(
    view: Res<MapView>,
    mut cameras: Query<(&mut Transform, &mut Projection), With<MapCamera>>,
) {
    if !view.is_changed() {
        return;
    }
    for (mut transform, mut projection) in &mut cameras {
        transform.translation = Vec3::new(view.center.x as f32, view.center.y as f32, 0.0);
        if let Projection::Orthographic(ortho) = projection.as_mut() {
            ortho.scale = (1.0 / view.px_per_km) as f32;
        }
    }
}

fn keyboard_input(
    keys: Res<ButtonInput<KeyCode>>,
    mut time: MessageWriter<TimeCommand>,
    mut view: MessageWriter<ViewCommand>,
    mut display: MessageWriter<DisplayCommand>,
) {
    // Tideline has no text fields, so keys always belong to the map: a clicked egui
    // widget keeping focus must not swallow the clicker's PageDown.
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    let pan = 120.0;
    for key in keys.get_just_pressed() {
        match key {
            KeyCode::PageDown => {
                time.write(TimeCommand::StepEvent(1));
            }
            KeyCode::PageUp => {
                time.write(TimeCommand::StepEvent(-1));
            }
            KeyCode::ArrowRight if !shift => {
                time.write(TimeCommand::StepEvent(1));
            }
            KeyCode::ArrowLeft if !shift => {
                time.write(TimeCommand::StepEvent(-1));
            }
            KeyCode::ArrowRight => {
                view.write(ViewCommand::PanPixels(Vec2::new(-pan, 0.0)));
            }
            KeyCode::ArrowLeft => {
                view.write(ViewCommand::PanPixels(Vec2::new(pan, 0.0)));
            }
            KeyCode::ArrowUp => {
                view.write(ViewCommand::PanPixels(Vec2::new(0.0, pan)));
            }
            KeyCode::ArrowDown => {
                view.write(ViewCommand::PanPixels(Vec2::new(0.0, -pan)));
            }
            KeyCode::Period | KeyCode::KeyB => {
                display.write(DisplayCommand::ToggleBlackout);
            }
            KeyCode::Space => {
                time.write(TimeCommand::TogglePlay);
            }
            KeyCode::Equal | KeyCode::NumpadAdd => {
                view.write(ViewCommand::ZoomAt {
                    factor: 1.5,
                    anchor: None,
                });
            }
            KeyCode::Minus | KeyCode::NumpadSubtract => {
                view.write(ViewCommand::ZoomAt {
                    factor: 1.0 / 1.5,
                    anchor: None,
                });
            }
            KeyCode::Home => {
                view.write(ViewCommand::FitHome);
            }
            KeyCode::BracketRight => {
                time.write(TimeCommand::StepUnit(1));
            }
            KeyCode::BracketLeft => {
                time.write(TimeCommand::StepUnit(-1));
            }
            KeyCode::KeyH => {
                display.write(DisplayCommand::ToggleControls);
            }
            KeyCode::KeyC => {
                display.write(DisplayCommand::ToggleCounterfactual);
            }
            _ => {}
        }
    }
}

/// Mouse drag and wheel, one-finger drag and two-finger pinch, when egui is not using the pointer.
fn pointer_input(
    buttons: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    scroll: Res<AccumulatedMouseScroll>,
    touches: Res<Touches>,
    windows: Query<&Window, With<PrimaryWindow>>,
    egui_input: Option<Res<EguiWantsInput>>,
    mut view: MessageWriter<ViewCommand>,
    mut dragging: Local<bool>,
) {
    let over_ui = egui_input.is_some_and(|e| e.wants_any_pointer_input());
    if buttons.just_pressed(MouseButton::Left) {
        *dragging = !over_ui;
    }
    if !buttons.pressed(MouseButton::Left) {
        *dragging = false;
    }
    if *dragging && motion.delta != Vec2::ZERO {
        view.write(ViewCommand::PanPixels(motion.delta));
    }
    let cursor = windows.single().ok().and_then(|w| w.cursor_position());
    if scroll.delta.y != 0.0 && !over_ui {
        let lines = match scroll.unit {
            MouseScrollUnit::Line => scroll.delta.y as f64,
            MouseScrollUnit::Pixel => scroll.delta.y as f64 / 60.0,
        };
        view.write(ViewCommand::ZoomAt {
            factor: 1.25f64.powf(lines),
            anchor: cursor,
        });
    }

    let active: Vec<_> = touches.iter().collect();
    if over_ui && touches.iter_just_pressed().next().is_some() {
        return;
    }
    match active.as_slice() {
        [one] => {
            let delta = one.delta();
            if delta != Vec2::ZERO && !over_ui {
                view.write(ViewCommand::PanPixels(delta));
            }
        }
        [a, b, ..] => {
            let before = a.previous_position().distance(b.previous_position());
            let now = a.position().distance(b.position());
            let mid = (a.position() + b.position()) / 2.0;
            let mid_before = (a.previous_position() + b.previous_position()) / 2.0;
            if before > 1.0 && now > 1.0 && (now - before).abs() > 0.1 {
                view.write(ViewCommand::ZoomAt {
                    factor: (now / before) as f64,
                    anchor: Some(mid),
                });
            }
            if mid != mid_before {
                view.write(ViewCommand::PanPixels(mid - mid_before));
            }
        }
        [] => {}
    }
}

/// The evaluated scenario's home view, for tests.
pub fn home_view(scenario: &LoadedScenario, viewport: Vec2) -> MapView {
    MapView::for_scenario(&scenario.0, viewport)
}
