//! Drawing without a window or a display: Bevy without winit renders into an image, the loop is driven frame by frame, and a second thread encodes.

use crate::app::camera::{OffscreenTarget, View};
use crate::app::config::AppConfig;
use crate::app::export::drawn_matches;
use crate::app::map_render::DrawnFrame;
use crate::app::playback::{Clock, Evaluated};
use crate::app::state::{Language, Shown};
use crate::app::theme::UiTheme;
use crate::app::ui::overlay::{CaptionOverride, OverlayParts};
use crate::app::{MapDisplayPlugin, MapLogicPlugin};
use crate::core::encode::{FrameSink, Output, Written, check_writable, open_sink};
use crate::core::scenario::{Lang, Text};
use crate::core::time::Moment;
use bevy::asset::RenderAssetUsages;
use bevy::math::DVec2;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat, TextureUsages};
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::window::ExitCondition;
use bevy::winit::WinitPlugin;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// What one exported frame shows.
#[derive(Debug, Clone, PartialEq)]
pub struct FramePlan {
    pub t: Moment,
    /// The event the caption leads with.
    pub selected_event: Option<usize>,
    /// The camera's centre and zoom; None keeps the opening view.
    pub view: Option<(DVec2, f64)>,
    pub lang: Option<Lang>,
    pub caption: Option<Text>,
    /// Layer switches and the never-happened proposals, applied from this frame on.
    pub layers: Vec<(usize, bool)>,
    pub counterfactual: Option<bool>,
}

impl FramePlan {
    pub fn at(t: Moment) -> FramePlan {
        FramePlan {
            t,
            selected_event: None,
            view: None,
            lang: None,
            caption: None,
            layers: Vec::new(),
            counterfactual: None,
        }
    }
}

/// An export: where to, how large, which frames, what is burned in.
#[derive(Debug, Clone)]
pub struct ExportPlan {
    pub output: Output,
    pub size: (u32, u32),
    pub fps: f64,
    pub frames: Vec<FramePlan>,
    pub parts: OverlayParts,
    /// Print progress on the terminal.
    pub progress: bool,
}

/// What the export did.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportReport {
    pub written: Written,
    pub seconds: f64,
    /// Stopped early by Ctrl+C: what was written is still a valid file.
    pub interrupted: bool,
    pub renderer: String,
}

/// Set by Ctrl+C: the export stops after the frame being written and finishes the file.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Captures that have come back from the GPU, tagged with their frame and attempt.
type Captured = Arc<Mutex<Vec<(usize, u32, Image)>>>;

/// Updates beyond the first a frame may take to be drawn before the export gives up.
const MAX_UPDATES_PER_FRAME: usize = 30;
/// Updates at start for fonts and pipelines (pipelines compile synchronously here).
const START_UPDATES: usize = 3;

/// Builds the windowless app: no winit, no window, pipelines compiled before the first frame.
pub fn offscreen_app(config: AppConfig, add_job: impl FnOnce(&mut App)) -> App {
    let (width, height) = config.size();
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: None,
                exit_condition: ExitCondition::DontExit,
                close_when_requested: false,
                ..default()
            })
            .set(crate::app::render_plugin(true))
            .disable::<WinitPlugin>(),
    )
    .add_plugins(bevy_egui::EguiPlugin::default());
    let mut target = Image::new_uninit(
        Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
    target.texture_descriptor.usage |=
        TextureUsages::RENDER_ATTACHMENT | TextureUsages::COPY_SRC | TextureUsages::TEXTURE_BINDING;
    let handle = app.world_mut().resource_mut::<Assets<Image>>().add(target);
    app.insert_resource(OffscreenTarget(handle))
        .insert_resource(config)
        .add_plugins((MapLogicPlugin, MapDisplayPlugin));
    // The job's own plugins go in before the app is finished: none may be added after.
    add_job(&mut app);
    app.finish();
    app.cleanup();
    app
}

/// The renderer's name, once the app has started.
fn renderer_name(app: &App) -> String {
    app.world()
        .get_resource::<bevy::render::renderer::RenderAdapterInfo>()
        .map(|a| format!("{} ({:?})", a.name, a.device_type))
        .unwrap_or_else(|| "unknown".into())
}

/// Puts the world in the state a frame shows.
fn apply_plan(world: &mut World, plan: &FramePlan) {
    {
        let mut clock = world.resource_mut::<Clock>();
        clock.t = plan.t;
        clock.playing = false;
        clock.selected_event = plan.selected_event;
    }
    if let Some((center, zoom)) = plan.view {
        let mut view = world.resource_mut::<View>();
        if view.center != center || view.px_per_km != zoom || view.animation.is_some() {
            view.animation = None;
            view.center = center;
            view.px_per_km = zoom;
            view.at_home = false;
        }
    }
    if let Some(lang) = plan.lang {
        world.resource_mut::<Language>().set_if_neq(Language(lang));
    }
    world
        .resource_mut::<CaptionOverride>()
        .set_if_neq(CaptionOverride(plan.caption.clone()));
    if !plan.layers.is_empty() || plan.counterfactual.is_some() {
        let mut shown = world.resource_mut::<Shown>();
        let mut next = shown.0.clone();
        for &(layer, on) in &plan.layers {
            if let Some(flag) = next.layers.get_mut(layer) {
                *flag = on;
            }
        }
        if let Some(on) = plan.counterfactual {
            next.show_counterfactual = on;
        }
        if shown.0 != next {
            shown.0 = next;
        }
    }
}

fn frame_drawn(world: &World) -> bool {
    drawn_matches(
        world.resource::<DrawnFrame>(),
        world.resource::<Evaluated>(),
    )
}

/// True when egui laid the interface out without asking for another pass: a panel whose
/// size changed is placed right only in the pass after, so that first pass is not captured.
fn egui_settled(world: &mut World) -> bool {
    let mut contexts = world.query::<&mut bevy_egui::EguiContext>();
    contexts
        .iter_mut(world)
        .all(|mut context| !context.get_mut().has_requested_repaint())
}

/// The colours a GIF's palette must keep: the theme's and every side's.
fn palette_hint(world: &World) -> Vec<crate::core::style::Rgba> {
    let theme = world.resource::<UiTheme>();
    let p = theme.palette;
    let mut colours = vec![p.sea, p.text, p.text_muted, p.warning, p.overlay, p.label];
    let scenario = world.resource::<crate::app::state::LoadedScenario>();
    colours.extend(scenario.0.sides.iter().map(|s| s.colour));
    colours
}

/// Renders every planned frame and writes them; returns what was written.
pub fn export(config: AppConfig, plan: ExportPlan) -> Result<ExportReport, String> {
    check_writable(&plan.output)?;
    if plan.frames.is_empty() {
        return Err("nothing to export: no frames".into());
    }
    INTERRUPTED.store(false, Ordering::SeqCst);
    // A second Ctrl+C (or an installed handler elsewhere) falls back to the default.
    ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst)).ok();
    let started = Instant::now();
    let mut app = offscreen_app(config, |_| {});
    app.insert_resource(plan.parts);
    let (width, height) = plan.size;
    for _ in 0..START_UPDATES {
        app.update();
    }
    let renderer = renderer_name(&app);
    let sink = open_sink(
        &plan.output,
        width,
        height,
        plan.fps,
        &palette_hint(app.world()),
    )?;
    // The encoder runs on its own thread and writes frames in order as they come.
    let (sender, receiver) = mpsc::sync_channel::<(usize, Image)>(4);
    let total = plan.frames.len();
    let encoder = std::thread::spawn(move || encode_in_order(receiver, sink, total));
    let captured: Captured = Arc::new(Mutex::new(Vec::new()));
    // The attempt whose capture counts, for each frame.
    let mut accepted: std::collections::HashMap<usize, u32> = Default::default();
    let mut forwarded = 0usize;
    let target = app.world().resource::<OffscreenTarget>().0.clone();
    let mut progress = Progress::new(total, plan.progress);
    let mut interrupted = false;
    let forward = |accepted: &std::collections::HashMap<usize, u32>, forwarded: &mut usize| {
        let ready: Vec<(usize, u32, Image)> = match captured.lock() {
            Ok(mut done) => std::mem::take(&mut *done),
            Err(_) => Vec::new(),
        };
        for (index, attempt, image) in ready {
            if accepted.get(&index) == Some(&attempt) {
                sender.send((index, image)).ok();
                *forwarded += 1;
            }
        }
    };
    for (index, frame) in plan.frames.iter().enumerate() {
        if INTERRUPTED.load(Ordering::SeqCst) {
            interrupted = true;
            break;
        }
        apply_plan(app.world_mut(), frame);
        // Capture the first draw of this state; keep it only if that draw showed exactly this
        // moment and view with the interface settled, else draw again.
        let mut attempt = 0u32;
        loop {
            let shot = captured.clone();
            app.world_mut()
                .spawn(Screenshot::image(target.clone()))
                .observe(move |mut done: On<ScreenshotCaptured>| {
                    if let Ok(mut list) = shot.lock() {
                        // The observer is the screenshot's only reader: take the image, not a copy.
                        list.push((index, attempt, std::mem::take(&mut done.event_mut().image)));
                    }
                });
            app.update();
            if frame_drawn(app.world()) && egui_settled(app.world_mut()) {
                accepted.insert(index, attempt);
                break;
            }
            attempt += 1;
            if attempt as usize > MAX_UPDATES_PER_FRAME {
                return Err(format!(
                    "frame {} was not drawn after {MAX_UPDATES_PER_FRAME} updates",
                    index + 1
                ));
            }
        }
        forward(&accepted, &mut forwarded);
        progress.frame_done(index + 1);
    }
    // Let the last readbacks arrive.
    let requested = accepted.len();
    for _ in 0..30 {
        if forwarded >= requested {
            break;
        }
        app.update();
        forward(&accepted, &mut forwarded);
    }
    drop(sender);
    drop(app);
    let written = encoder
        .join()
        .map_err(|_| "the encoder thread failed".to_string())??;
    progress.finish();
    if written.frames != requested {
        return Err(format!(
            "{} of {requested} frames were captured; the renderer lost some",
            written.frames
        ));
    }
    Ok(ExportReport {
        written,
        seconds: started.elapsed().as_secs_f64(),
        interrupted,
        renderer,
    })
}

/// Writes frames in index order as they arrive (readbacks may finish out of order).
fn encode_in_order(
    receiver: mpsc::Receiver<(usize, Image)>,
    mut sink: Box<dyn FrameSink>,
    total: usize,
) -> Result<Written, String> {
    let mut pending: std::collections::BTreeMap<usize, Image> = Default::default();
    let mut next = 0;
    let mut failure = None;
    while let Ok((index, image)) = receiver.recv() {
        if failure.is_some() {
            continue;
        }
        pending.insert(index, image);
        while let Some(image) = pending.remove(&next) {
            let rgba = match image.try_into_dynamic() {
                // The readback is already 8-bit RGBA: take its buffer rather than copy it.
                Ok(dynamic) => dynamic.into_rgba8(),
                Err(e) => {
                    failure = Some(format!("frame {} could not be read back: {e:?}", next + 1));
                    break;
                }
            };
            if let Err(e) = sink.push(&rgba) {
                failure = Some(e);
                break;
            }
            next += 1;
        }
        if next >= total {
            break;
        }
    }
    // Finish even after a failure, so what was written is a valid file.
    let written = sink.finish()?;
    match failure {
        Some(e) => Err(e),
        None => Ok(written),
    }
}

/// A progress bar on the terminal (or a line every tenth when not a terminal).
struct Progress {
    total: usize,
    shown: bool,
    terminal: bool,
    started: Instant,
    last_tenth: usize,
}

impl Progress {
    fn new(total: usize, shown: bool) -> Progress {
        Progress {
            total,
            shown: shown && total > 1,
            terminal: std::io::stderr().is_terminal(),
            started: Instant::now(),
            last_tenth: 0,
        }
    }

    fn frame_done(&mut self, done: usize) {
        if !self.shown {
            return;
        }
        let fps = done as f64 / self.started.elapsed().as_secs_f64().max(1e-6);
        if self.terminal {
            let width = 30;
            let filled = done * width / self.total;
            eprint!(
                "\r[{}{}] {done}/{} frames, {fps:.1} frames/s ",
                "#".repeat(filled),
                " ".repeat(width - filled),
                self.total
            );
        } else {
            let tenth = done * 10 / self.total;
            if tenth > self.last_tenth {
                self.last_tenth = tenth;
                eprintln!("{done}/{} frames, {fps:.1} frames/s", self.total);
            }
        }
    }

    fn finish(&self) {
        if self.shown && self.terminal {
            eprintln!();
        }
    }
}
