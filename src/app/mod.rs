//! The Bevy half: thin plugins over the core, one per feature, assembled here, and the entry point that runs a window or an export.

// Bevy systems receive each resource they touch as an argument.
#![allow(clippy::too_many_arguments)]

pub mod base_cache;
pub mod bench;
pub mod camera;
pub mod config;
pub mod export;
pub mod frame_pacing;
pub mod input;
pub mod loading;
pub mod map_render;
pub mod messages;
pub mod modes;
pub mod playback;
pub mod service;
pub mod sets;
pub mod state;
pub mod theme;
pub mod tools;
pub mod ui;

use bevy::prelude::*;
use bevy::render::RenderPlugin;
use bevy::render::settings::{MemoryHints, WgpuSettings};
use bevy::window::{PresentMode, WindowResolution};
use bevy::winit::WinitSettings;
use config::{AppConfig, Surface};

/// Everything that runs without a renderer: messages, state, playback, camera, input, modes,
/// theme and frame pacing. Headless tests add this with `MinimalPlugins`, `StatesPlugin` and
/// `InputPlugin`.
pub struct MapLogicPlugin;

impl Plugin for MapLogicPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            sets::SetsPlugin,
            messages::MessagesPlugin,
            state::StatePlugin,
            playback::PlaybackPlugin,
            camera::CameraPlugin,
            theme::ThemePlugin,
            input::InputPlugin,
            modes::ModesPlugin,
            frame_pacing::FramePacingPlugin,
            loading::LoadingPlugin,
            tools::ToolsPlugin,
        ));
    }
}

/// Drawing: the map's meshes and the egui interface.
pub struct MapDisplayPlugin;

impl Plugin for MapDisplayPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            map_render::MapRenderPlugin,
            base_cache::BaseCachePlugin,
            ui::UiPlugin,
        ))
        .add_systems(Update, software_msaa);
    }
}

/// A job for the app beyond showing the map.
pub enum Job {
    None,
    /// `tideline render`: one PNG through the window, then exit.
    Still {
        job: export::still::StillJob,
        /// Burn in the title, date, caption and legend.
        overlay: bool,
    },
    /// A museum kiosk: fullscreen, no cursor, locked down until the staff exit.
    Kiosk(modes::kiosk::KioskSetup),
    /// A lecture, from a cue list or the scenario's events.
    Lecture(Option<modes::lecture::LectureCues>),
    /// `tideline bench` in the window.
    Bench(bench::BenchJob),
}

/// wgpu's smallest block of device memory (it clamps smaller requests to this).
const SMALL_BLOCK: u64 = 4 << 20;

/// The renderer with small memory blocks. wgpu's default suballocates buffers from blocks of
/// 128 to 256 MB and keeps the last one even when empty; on a software renderer (or an
/// integrated GPU) a block is the machine's own memory, and every page a mesh has ever
/// touched in it stays resident. A block stays while any mesh lives in it, so the kiosk's
/// close views (meshes made and dropped all day) hold less with small blocks. wgpu gives
/// memory the CPU can see (all of a software renderer's) half the range asked for, clamped to
/// its smallest block, so there every block is 4 MiB; the overlay's meshes, made anew while
/// playing, then leave less of a half-used block behind than with blocks growing to 8 MiB.
pub fn render_plugin(synchronous_pipeline_compilation: bool) -> RenderPlugin {
    RenderPlugin {
        render_creation: WgpuSettings {
            memory_hints: MemoryHints::Manual {
                suballocated_device_memory_block_size: SMALL_BLOCK..2 * SMALL_BLOCK,
            },
            ..default()
        }
        .into(),
        synchronous_pipeline_compilation,
        ..default()
    }
}

/// What the window is opened with, known before the scenario is loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowSetup {
    /// The scenario's title; None while it is still loading (the window is titled when it
    /// has loaded, before it opens).
    pub title: Option<String>,
    pub surface: Surface,
    /// A still or a benchmark: a fixed size at scale 1, not resizable.
    pub exporting: bool,
    pub kiosk: bool,
}

impl WindowSetup {
    pub fn of(config: &AppConfig, job: &Job) -> WindowSetup {
        WindowSetup {
            title: Some(config.scenario.meta.title.get(config.lang).to_owned()),
            surface: config.surface.clone(),
            exporting: matches!(job, Job::Still { .. } | Job::Bench(_)),
            kiosk: matches!(job, Job::Kiosk(_)),
        }
    }
}

/// The window's title for a scenario's title.
fn window_title(title: Option<&str>) -> String {
    match title {
        Some(title) => format!("Tideline — {title}"),
        None => "Tideline".to_owned(),
    }
}

/// The window the app opens for a configuration and a job: a kiosk's is fullscreen,
/// borderless, without a cursor, and ignores close requests.
pub fn window_plugin(config: &AppConfig, job: &Job) -> WindowPlugin {
    window_plugin_for(&WindowSetup::of(config, job))
}

fn window_plugin_for(setup: &WindowSetup) -> WindowPlugin {
    let (width, height) = match setup.surface {
        Surface::Window { size, .. } | Surface::Offscreen { size } => size,
    };
    let (exporting, kiosk) = (setup.exporting, setup.kiosk);
    let mut resolution = WindowResolution::new(width, height);
    if exporting {
        resolution = resolution.with_scale_factor_override(1.0);
    }
    let fullscreen = matches!(
        setup.surface,
        Surface::Window {
            fullscreen: true,
            ..
        }
    );
    WindowPlugin {
        primary_window: Some(Window {
            title: window_title(setup.title.as_deref()),
            resolution,
            resizable: !exporting,
            decorations: !kiosk,
            present_mode: PresentMode::AutoVsync,
            // The kiosk opens windowed and covers the screen itself before asking for
            // fullscreen (see modes::kiosk), so a display without a window manager works too.
            mode: if fullscreen && !kiosk {
                bevy::window::WindowMode::BorderlessFullscreen(MonitorSelection::Primary)
            } else {
                bevy::window::WindowMode::Windowed
            },
            ..default()
        }),
        primary_cursor_options: Some(bevy::window::CursorOptions {
            visible: !kiosk,
            ..default()
        }),
        // A kiosk ignores the window manager's close requests (Alt+F4): only the staff
        // exit ends it.
        close_when_requested: !kiosk,
        ..default()
    }
}

/// Runs the app until its window closes or its job is done; returns the process exit code.
pub fn run(config: AppConfig, job: Job) -> i32 {
    let app = app_with_window(&WindowSetup::of(&config, &job));
    run_configured(app, config, job)
}

/// Like `run`, but the scenario is still to be read: `load` runs on another thread while the
/// renderer and the window's plugins start (about 150 ms each on the build machine, so the
/// first frame comes that much sooner), then `configure` makes the app's configuration from
/// what it loaded, or gives the exit code when it cannot (having said why).
pub fn run_while_loading<L: Send + 'static>(
    setup: WindowSetup,
    load: impl FnOnce() -> L + Send + 'static,
    configure: impl FnOnce(L) -> Result<(AppConfig, Job), i32>,
) -> i32 {
    let loading = std::thread::Builder::new()
        .name("load scenario".into())
        .spawn(load);
    let app = app_with_window(&setup);
    let loaded = match loading {
        Ok(thread) => match thread.join() {
            Ok(loaded) => loaded,
            Err(_) => {
                eprintln!("error: loading the scenario failed unexpectedly");
                return 1;
            }
        },
        Err(e) => {
            eprintln!("error: could not start loading the scenario: {e}");
            return 1;
        }
    };
    match configure(loaded) {
        Ok((config, job)) => run_configured(app, config, job),
        Err(code) => code,
    }
}

/// A new app with Bevy's plugins (renderer, window, egui): what does not need the scenario.
fn app_with_window(setup: &WindowSetup) -> App {
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(window_plugin_for(setup))
            .set(render_plugin(false)),
    )
    .add_plugins(bevy_egui::EguiPlugin::default());
    app
}

/// Adds the map's plugins for `config` and `job` to an app from `app_with_window`, runs it
/// and gives the process exit code.
fn run_configured(mut app: App, config: AppConfig, job: Job) -> i32 {
    // The window may have been set up before the scenario was read.
    let title = window_title(Some(config.scenario.meta.title.get(config.lang)));
    let world = app.world_mut();
    let mut windows = world.query_filtered::<&mut Window, With<bevy::window::PrimaryWindow>>();
    for mut window in windows.iter_mut(world) {
        window.title = title.clone();
    }
    app.insert_resource(WinitSettings::desktop_app())
        .insert_resource(config);
    if let Job::Kiosk(setup) = &job {
        app.insert_resource(setup.clone());
    }
    if let Job::Lecture(Some(cues)) = &job {
        app.insert_resource(cues.clone());
    }
    if let Job::Bench(bench) = &job {
        app.insert_resource(bench.clone())
            .add_plugins(bench::BenchPlugin);
    }
    app.add_plugins((MapLogicPlugin, MapDisplayPlugin, service::ServicePlugin));
    if let Job::Still { job, overlay } = job {
        let parts = if overlay {
            ui::overlay::OverlayParts::default()
        } else {
            ui::overlay::OverlayParts {
                title: false,
                date: false,
                caption: false,
                legend: false,
                credits: false,
            }
        };
        app.insert_resource(job)
            .insert_resource(parts)
            .add_plugins(export::still::StillPlugin);
    }
    let exit = app.run();
    let failed = app
        .world()
        .get_resource::<export::still::StillJob>()
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

/// True for a software renderer (Mesa's lavapipe, llvmpipe). Bevy does not re-export
/// wgpu's `DeviceType`, and a direct wgpu dependency could drift from Bevy's, so the
/// variant's name is compared.
fn is_software_adapter(adapter: &bevy::render::renderer::RenderAdapterInfo) -> bool {
    format!("{:?}", adapter.device_type) == "Cpu"
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
    let software = is_software_adapter(&adapter);
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

#[cfg(test)]
mod tests {
    use super::*;
    use bevy::render::settings::RenderCreation;

    #[test]
    fn memory_the_cpu_can_see_comes_in_blocks_of_wgpus_smallest_size() {
        let RenderCreation::Automatic(settings) = render_plugin(false).render_creation else {
            panic!("the renderer is made by Bevy's render plugin");
        };
        let MemoryHints::Manual {
            suballocated_device_memory_block_size: blocks,
        } = settings.memory_hints
        else {
            panic!("block sizes are set by hand");
        };
        assert_eq!(blocks.start, SMALL_BLOCK);
        // wgpu halves the range for host-visible memory and clamps it to its smallest block.
        assert!(blocks.end / 2 <= SMALL_BLOCK, "{blocks:?}");
        assert!(blocks.end > blocks.start);
    }
}
