//! The map camera: owns the view, applies view commands, eases moves, follows the window's size.

use crate::app::config::AppConfig;
use crate::app::messages::ViewCommand;
use crate::app::sets::TidelineSet;
use crate::app::state::LoadedScenario;
use crate::core::cues::CueCamera;
use crate::core::frames::camera_target;
use crate::core::projection::Projection as MapProjection;
use crate::core::view::{KmBox, MOVE_SECONDS, MapView, projected_bounds};
use bevy::camera::ScalingMode;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

/// Where the map camera looks (see `core::view::MapView`).
#[derive(Resource, Debug, Clone, PartialEq, Deref, DerefMut)]
pub struct View(pub MapView);

#[derive(Component)]
pub struct MapCamera;

/// An image the camera draws into instead of a window (exports without a display).
#[derive(Resource, Clone)]
pub struct OffscreenTarget(pub Handle<Image>);

pub struct CameraPlugin;

impl Plugin for CameraPlugin {
    fn build(&self, app: &mut App) {
        let config = app.world().resource::<AppConfig>().clone();
        let (w, h) = config.size();
        let mut view = MapView::for_scenario(&config.scenario, Vec2::new(w as f32, h as f32));
        if let Some(focus) = &config.focus
            && let Some((center, zoom)) = view.focus_target(focus, &MapProjection::regional())
        {
            view.center = center;
            view.px_per_km = zoom;
            view.at_home = false;
        }
        app.insert_resource(View(view))
            .add_systems(Startup, spawn_camera)
            .add_systems(
                Update,
                (follow_window_size, apply_view_commands, animate_view)
                    .chain()
                    .in_set(TidelineSet::Apply),
            )
            .add_systems(Update, place_camera.in_set(TidelineSet::Draw));
    }
}

pub fn spawn_camera(mut commands: Commands, offscreen: Option<Res<OffscreenTarget>>) {
    let mut camera = commands.spawn((
        Camera2d,
        MapCamera,
        Projection::Orthographic(OrthographicProjection {
            scaling_mode: ScalingMode::WindowSize,
            ..OrthographicProjection::default_2d()
        }),
        Transform::default(),
    ));
    if let Some(target) = offscreen {
        camera.insert(bevy::camera::RenderTarget::Image(target.0.clone().into()));
    }
}

fn follow_window_size(windows: Query<&Window, With<PrimaryWindow>>, mut view: ResMut<View>) {
    let Ok(window) = windows.single() else { return };
    let size = Vec2::new(window.width(), window.height());
    if size != view.viewport {
        view.resize(size);
    }
}

fn apply_view_commands(
    mut commands: MessageReader<ViewCommand>,
    mut view: ResMut<View>,
    scenario: Res<LoadedScenario>,
) {
    let projection = MapProjection::regional();
    for command in commands.read() {
        match *command {
            ViewCommand::FitHome => view.animate_home(MOVE_SECONDS),
            ViewCommand::ResetHome => view.show_home(),
            ViewCommand::Focus(focus) => {
                if let Some((center, zoom)) = view.focus_target(&focus, &projection) {
                    view.animate_to(center, zoom, MOVE_SECONDS);
                }
            }
            ViewCommand::JumpTo(focus) => {
                if let Some((center, zoom)) = view.focus_target(&focus, &projection) {
                    view.animation = None;
                    view.center = center;
                    view.px_per_km = zoom;
                    view.at_home = false;
                    view.clamp();
                }
            }
            ViewCommand::FitBox(bounds) => {
                if let Some(target) = projected_bounds(&projection, &bounds) {
                    let (center, zoom) = view.fit(&target);
                    view.animate_to(center, zoom, MOVE_SECONDS);
                }
            }
            ViewCommand::EaseTo { camera, seconds } => {
                if camera == CueCamera::Keep {
                    continue;
                }
                let (center, zoom) = camera_target(&camera, &view.0, &projection);
                if camera == CueCamera::Home {
                    view.animate_home(seconds);
                } else if seconds <= 0.0 {
                    view.animation = None;
                    view.center = center;
                    view.px_per_km = zoom;
                    view.at_home = false;
                    view.clamp();
                } else {
                    view.animate_to(center, zoom, seconds);
                }
            }
            ViewCommand::ZoomAt { factor, anchor } => view.zoom_at(factor, anchor),
            ViewCommand::PanPixels(delta) => view.pan_pixels(delta),
        }
    }
    if scenario.is_changed() && !scenario.is_added() {
        // A reloaded scenario may have a new home box; the view stays where it is.
        if let Some(home) = projected_bounds(&projection, &scenario.0.meta.home) {
            let margin = home.size() * 0.5;
            view.home = home;
            view.bounds = KmBox {
                min: home.min - margin,
                max: home.max + margin,
            };
        }
    }
}

fn animate_view(time: Res<Time>, mut view: ResMut<View>) {
    if view.animation.is_some() {
        view.advance(time.delta_secs());
    }
}

fn place_camera(
    view: Res<View>,
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
