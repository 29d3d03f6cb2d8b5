//! `tideline render`: one PNG of one moment, captured once that moment is drawn, then exit.

use crate::app::export::{WARM_UP_FRAMES, drawn_matches};
use crate::app::map_render::DrawnFrame;
use crate::app::playback::Evaluated;
use crate::app::sets::TidelineSet;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use std::path::PathBuf;

/// Frames after which a still that never got drawn is given up.
const GIVE_UP_FRAMES: u32 = 600;

#[derive(Resource, Debug, Clone)]
pub struct StillJob {
    pub out: PathBuf,
    pub size: (u32, u32),
    pub frames: u32,
    pub requested: bool,
    /// Set when the PNG is written or writing failed.
    pub result: Option<Result<(), String>>,
}

impl StillJob {
    pub fn new(out: PathBuf, size: (u32, u32)) -> StillJob {
        StillJob {
            out,
            size,
            frames: 0,
            requested: false,
            result: None,
        }
    }
}

pub struct StillPlugin;

impl Plugin for StillPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Update, capture_when_drawn.after(TidelineSet::Draw))
            .add_systems(Last, exit_when_done);
    }
}

fn capture_when_drawn(
    mut commands: Commands,
    mut job: ResMut<StillJob>,
    drawn: Res<DrawnFrame>,
    evaluated: Res<Evaluated>,
) {
    job.frames += 1;
    if job.requested || job.result.is_some() {
        return;
    }
    if job.frames < WARM_UP_FRAMES || !drawn_matches(&drawn, &evaluated) {
        if job.frames > GIVE_UP_FRAMES {
            job.result = Some(Err(format!(
                "the map was not drawn after {GIVE_UP_FRAMES} frames; is a Vulkan or OpenGL driver installed?"
            )));
        }
        return;
    }
    job.requested = true;
    let out = job.out.clone();
    let expected = job.size;
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>, mut job: ResMut<StillJob>| {
            job.result = Some(save_png(&captured.image, &out, expected));
        },
    );
}

/// Writes a captured image as an RGB PNG.
pub fn save_png(image: &Image, out: &PathBuf, expected: (u32, u32)) -> Result<(), String> {
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

fn exit_when_done(job: Res<StillJob>, mut exit: MessageWriter<AppExit>) {
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
