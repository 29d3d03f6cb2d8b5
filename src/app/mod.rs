//! Thin Bevy plugins over the core, one per feature, and the entry points for the window and `tideline render`.

// Bevy systems receive each resource they touch as an argument.
#![allow(clippy::too_many_arguments)]

pub mod camera;
pub mod export;
pub mod map_render;
pub mod messages;
pub mod playback;
pub mod ui;

use crate::cli::{self, Cli, Command};
use crate::core::model::Scenario;
use crate::core::projection::Projection;
use crate::core::scenario::Focus;
use crate::core::timeline::{evaluate, fingerprint};
use bevy::math::DVec2;
use bevy::prelude::*;
use bevy::window::{PresentMode, WindowResolution};
use bevy::winit::WinitSettings;
use camera::MapView;
use messages::{Clock, Display, Evaluated, LoadedScenario, TidelineSet};
use std::sync::Arc;

/// Resources and system order shared by every mode, without rendering or windows.
pub struct TidelineCorePlugin {
    pub scenario: Arc<Scenario>,
    pub start: crate::core::time::Moment,
    /// The event the caption opens on (`tideline render --event`).
    pub selected_event: Option<usize>,
    pub display: Display,
}

impl Plugin for TidelineCorePlugin {
    fn build(&self, app: &mut App) {
        let state = evaluate(&self.scenario, self.start);
        let print = fingerprint(&state);
        app.insert_resource(LoadedScenario(self.scenario.clone()))
            .insert_resource(Clock {
                t: self.start,
                playing: false,
                speed: 6.0,
                selected_event: self.selected_event,
            })
            .insert_resource(Evaluated {
                state,
                fingerprint: print,
            })
            .insert_resource(self.display.clone())
            .insert_resource(MapView::for_scenario(
                &self.scenario,
                Vec2::new(1280.0, 720.0),
            ))
            .configure_sets(
                Update,
                (
                    TidelineSet::Input,
                    TidelineSet::Apply,
                    TidelineSet::Evaluate,
                    TidelineSet::Draw,
                )
                    .chain(),
            )
            .add_plugins(playback::PlaybackPlugin);
    }
}

/// Opens the window (or renders a PNG); returns the process exit code.
pub fn run(args: &Cli) -> i32 {
    let Some(scenario) = cli::load_named(args.scenario.as_deref()) else {
        return 1;
    };
    let requested_event = match &args.command {
        Some(Command::Render {
            event: Some(id), ..
        }) => match scenario.events.iter().position(|e| &e.id == id) {
            Some(index) => Some(index),
            None => {
                eprintln!(
                    "error: --event \"{id}\" is not an event of this scenario; `tideline events` lists them"
                );
                return 2;
            }
        },
        _ => None,
    };
    // With --event and no --date, the render shows the event's own moment.
    let start = match (requested_event, &args.date) {
        (Some(index), None) => scenario.events[index].at,
        _ => match cli::moment_for(&scenario, args.date.as_deref()) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        },
    };
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!(
            "error: no display to open a window on; on a machine without one run under Xvfb, e.g. xvfb-run -s \"-screen 0 1920x1080x24\" tideline ..."
        );
        return 2;
    }
    let render_job = match &args.command {
        Some(Command::Render {
            size,
            out,
            no_overlay,
            center,
            span_km,
            ..
        }) => {
            let focus = match (requested_event, center) {
                (Some(index), _) => scenario.events[index].focus,
                (None, Some(c)) => Some(Focus {
                    center: *c,
                    span_km: span_km.unwrap_or(400.0),
                }),
                (None, None) => None,
            };
            Some(export::RenderJob {
                out: out.clone(),
                size: *size,
                overlay: !no_overlay,
                focus,
                frames: 0,
                requested: false,
                result: None,
            })
        }
        _ => None,
    };
    let display = Display {
        lang: args.lang,
        show_counterfactual: true,
        layers: scenario.layers.iter().map(|l| l.spec.visible).collect(),
        controls_hidden: render_job.is_some(),
        overlay: render_job.as_ref().is_some_and(|j| j.overlay),
        blackout: false,
    };
    let title = scenario.meta.title.get(args.lang).to_owned();
    let (width, height) = render_job.as_ref().map(|j| j.size).unwrap_or((1600, 900));
    let mut resolution = WindowResolution::new(width, height);
    if render_job.is_some() {
        resolution = resolution.with_scale_factor_override(1.0);
    }
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: format!("Tideline — {title}"),
            resolution,
            resizable: render_job.is_none(),
            present_mode: PresentMode::AutoVsync,
            ..default()
        }),
        ..default()
    }))
    .add_plugins(bevy_egui::EguiPlugin::default())
    .add_plugins(TidelineCorePlugin {
        scenario: Arc::new(scenario),
        start,
        selected_event: requested_event,
        display,
    })
    .add_plugins((
        camera::CameraPlugin,
        map_render::MapRenderPlugin,
        ui::UiPlugin,
    ))
    .add_systems(Update, (reactive_redraw, software_msaa));
    match render_job {
        Some(job) => {
            app.insert_resource(WinitSettings::game())
                .insert_resource(job)
                .add_plugins(export::RenderExportPlugin);
        }
        None => {
            app.insert_resource(WinitSettings::desktop_app());
        }
    }
    let exit = app.run();
    let failed = app
        .world()
        .get_resource::<export::RenderJob>()
        .and_then(|j| j.result.clone());
    match (exit, failed) {
        (_, Some(Err(e))) => {
            eprintln!("error: {e}");
            1
        }
        (AppExit::Success, _) => 0,
        (AppExit::Error(code), _) => code.get() as i32,
    }
}

/// Idle: redraw only on input. Playing or moving the camera: redraw continuously.
fn reactive_redraw(
    clock: Res<Clock>,
    view: Res<MapView>,
    job: Option<Res<export::RenderJob>>,
    mut settings: ResMut<WinitSettings>,
) {
    if job.is_some() {
        return;
    }
    let busy = clock.playing || view.animation.is_some();
    let wanted = if busy {
        WinitSettings::game()
    } else {
        WinitSettings::desktop_app()
    };
    if settings.focused_mode != wanted.focused_mode {
        *settings = wanted;
    }
}

/// On a software renderer 4x MSAA halves the frame rate; turn it off there.
fn software_msaa(
    adapter: Option<Res<bevy::render::renderer::RenderAdapterInfo>>,
    mut cameras: Query<&mut Msaa, With<camera::MapCamera>>,
    mut done: Local<bool>,
) {
    if *done {
        return;
    }
    let Some(adapter) = adapter else { return };
    let software = format!("{:?}", adapter.device_type) == "Cpu";
    for mut msaa in &mut cameras {
        *msaa = if software { Msaa::Off } else { Msaa::Sample4 };
        *done = true;
    }
    if *done {
        info!(
            "renderer: {} ({:?}); MSAA {}",
            adapter.name,
            adapter.device_type,
            if software { "off" } else { "4x" }
        );
    }
}

/// Centre and zoom that frame `focus` in a viewport of `width` pixels.
pub fn focus_view(focus: &Focus, width: f32) -> Option<(DVec2, f64)> {
    let (x, y) = Projection::regional().project(focus.center.0, focus.center.1)?;
    Some((
        DVec2::new(x, y),
        width as f64 / focus.span_km.max(camera::MIN_FOCUS_SPAN_KM),
    ))
}
