//! `tideline render`: waits until the map is drawn, captures the window through Bevy's Screenshot API, writes the PNG and exits.

use crate::app::camera::MapView;
use crate::app::focus_view;
use crate::app::map_render::MapStats;
use crate::core::scenario::Focus;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use std::path::PathBuf;

/// Frames to let the window settle (egui fonts, meshes uploaded) before capturing.
const SETTLE_FRAMES: u32 = 12;

#[derive(Resource, Debug, Clone)]
pub struct RenderJob {
    pub out: PathBuf,
    pub size: (u32, u32),
    pub overlay: bool,
    pub focus: Option<Focus>,
    pub frames: u32,
    pub requested: bool,
    /// Set when the PNG is written or writing failed.
    pub result: Option<Result<(), String>>,
}

pub struct RenderExportPlugin;

impl Plugin for RenderExportPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            Update,
            (frame_the_view, capture_when_ready)
                .chain()
                .after(crate::app::messages::TidelineSet::Draw),
        )
        .add_systems(Last, exit_when_done);
    }
}

fn frame_the_view(job: Res<RenderJob>, mut view: ResMut<MapView>) {
    if job.frames > 1 {
        return;
    }
    if let Some(focus) = &job.focus
        && let Some((center, zoom)) = focus_view(focus, view.viewport.x)
    {
        view.animation = None;
        view.center = center;
        view.px_per_km = zoom;
        view.clamp();
    }
}

fn capture_when_ready(
    mut commands: Commands,
    mut job: ResMut<RenderJob>,
    stats: Option<Res<MapStats>>,
) {
    job.frames += 1;
    let drawn = stats.is_some_and(|s| s.layer_triangles.iter().any(|&n| n > 0));
    if job.requested || job.frames < SETTLE_FRAMES || !drawn {
        if job.frames > 600 && !job.requested {
            job.result = Some(Err(
                "the map was not drawn after 600 frames; is a Vulkan or OpenGL driver installed?"
                    .into(),
            ));
        }
        return;
    }
    job.requested = true;
    let out = job.out.clone();
    let expected = job.size;
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>, mut job: ResMut<RenderJob>| {
            job.result = Some(save_png(&captured.image, &out, expected));
        },
    );
}

fn save_png(image: &Image, out: &PathBuf, expected: (u32, u32)) -> Result<(), String> {
    let dynamic = image
        .clone()
        .try_into_dynamic()
        .map_err(|e| format!("the screenshot could not be converted: {e:?}"))?;
    let rgb = dynamic.to_rgb8();
    if (rgb.width(), rgb.height()) != expected {
        eprintln!(
            "warning: the window is {}x{}, not the requested {}x{} (is the virtual screen large enough?)",
            rgb.width(),
            rgb.height(),
            expected.0,
            expected.1
        );
    }
    rgb.save(out)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!("wrote {} ({}x{})", out.display(), rgb.width(), rgb.height());
    Ok(())
}

fn exit_when_done(job: Res<RenderJob>, mut exit: MessageWriter<AppExit>) {
    match &job.result {
        Some(Ok(())) => {
            exit.write(AppExit::Success);
        }
        Some(Err(_)) => {
            exit.write(AppExit::error());
        }
        None => {}
    }
}
