//! `tideline export` without a display: PNG sequences, GIF and MP4 read back and checked, and the export equals the window.
#![cfg(feature = "app")]

use std::path::{Path, PathBuf};
use std::process::Command;

const WIDTH: u32 = 480;
const HEIGHT: u32 = 270;

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tideline-export-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The binary with no display at all.
fn tideline() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tideline"));
    command
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn export(out: &Path, extra: &[&str]) {
    let output = tideline()
        .args(["export", "--size", &format!("{WIDTH}x{HEIGHT}"), "--out"])
        .arg(out)
        .args(extra)
        .output()
        .expect("tideline runs");
    assert!(
        output.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

const THREE: [&str; 6] = [
    "--from",
    "1945-08-09",
    "--to",
    "1945-09-05",
    "--frames",
    "3",
];

fn distinct_colours(image: &image::RgbImage) -> usize {
    image
        .pixels()
        .map(|p| p.0)
        .collect::<std::collections::HashSet<_>>()
        .len()
}

fn changed_share(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    let changed = a
        .pixels()
        .zip(b.pixels())
        .filter(|(p, q)| p.0.iter().zip(q.0.iter()).any(|(x, y)| x.abs_diff(*y) > 16))
        .count();
    changed as f64 / (a.width() * a.height()) as f64
}

#[test]
#[ignore = "needs a Vulkan driver (Mesa's lavapipe is enough): run with --include-ignored"]
fn three_frames_export_to_numbered_pngs_without_a_display() {
    let dir = workdir("png").join("frames");
    export(&dir, &THREE);
    let frames: Vec<image::RgbImage> = (1..=3)
        .map(|k| {
            image::open(dir.join(format!("frame-{k:05}.png")))
                .expect("a PNG per frame")
                .to_rgb8()
        })
        .collect();
    assert!(!dir.join("frame-00004.png").exists());
    for frame in &frames {
        assert_eq!(frame.dimensions(), (WIDTH, HEIGHT));
        assert!(distinct_colours(frame) > 30, "a frame is nearly blank");
    }
    assert!(
        changed_share(&frames[0], &frames[2]) > 0.02,
        "9 August and 5 September look the same"
    );
}

#[test]
#[ignore = "needs a Vulkan driver (Mesa's lavapipe is enough): run with --include-ignored"]
fn three_frames_export_to_an_animated_gif() {
    let path = workdir("gif").join("campaign.gif");
    export(&path, &THREE);
    let file = std::fs::File::open(&path).unwrap();
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(file).expect("a GIF");
    assert_eq!(
        (decoder.width() as u32, decoder.height() as u32),
        (WIDTH, HEIGHT)
    );
    assert!(decoder.global_palette().is_some(), "one global palette");
    let mut frames = 0;
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        assert!(frame.palette.is_none(), "no per-frame palette");
        frames += 1;
    }
    assert_eq!(frames, 3);
}

#[test]
#[ignore = "needs a Vulkan driver (Mesa's lavapipe is enough): run with --include-ignored"]
fn three_frames_export_to_an_h264_mp4() {
    let path = workdir("mp4").join("campaign.mp4");
    export(&path, &[THREE.as_slice(), &["--fps", "3"]].concat());
    let file = std::fs::File::open(&path).unwrap();
    let size = file.metadata().unwrap().len();
    let reader = mp4::Mp4Reader::read_header(std::io::BufReader::new(file), size).expect("an MP4");
    let tracks: Vec<_> = reader.tracks().values().collect();
    assert_eq!(tracks.len(), 1);
    let track = tracks[0];
    assert_eq!(track.media_type().unwrap(), mp4::MediaType::H264);
    assert_eq!(
        (track.width() as u32, track.height() as u32),
        (WIDTH, HEIGHT)
    );
    assert_eq!(track.sample_count(), 3, "no frame skipped");
    let seconds = track.duration().as_secs_f64();
    assert!(
        (seconds - 1.0).abs() < 0.01,
        "3 frames at 3 fps last 1 s, not {seconds}"
    );
}

#[test]
#[ignore = "needs a Vulkan driver (Mesa's lavapipe is enough): run with --include-ignored"]
fn a_still_is_exactly_its_moment_whatever_came_before() {
    // The same moment alone and as the last frame of a sequence gives the same pixels.
    let dir = workdir("exact");
    let still = dir.join("still.png");
    export(&still, &["--date", "1945-09-05"]);
    let frames = dir.join("frames");
    export(&frames, &THREE);
    let a = image::open(&still).unwrap().to_rgb8();
    let b = image::open(frames.join("frame-00003.png"))
        .unwrap()
        .to_rgb8();
    assert_eq!(
        changed_share(&a, &b),
        0.0,
        "frame 3 differs from the still of its moment"
    );
}

#[test]
#[ignore = "needs a display and a Vulkan driver: run under xvfb-run with --include-ignored"]
fn the_export_equals_the_window() {
    let dir = workdir("window");
    let exported = dir.join("export.png");
    export(&exported, &["--date", "1945-08-20T12:00"]);
    let windowed = dir.join("window.png");
    let status = Command::new(env!("CARGO_BIN_EXE_tideline"))
        .args([
            "render",
            "--window",
            "--date",
            "1945-08-20T12:00",
            "--size",
            &format!("{WIDTH}x{HEIGHT}"),
            "--out",
        ])
        .arg(&windowed)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("tideline runs");
    assert!(status.success());
    let a = image::open(&exported).unwrap().to_rgb8();
    let b = image::open(&windowed).unwrap().to_rgb8();
    assert_eq!(a.dimensions(), b.dimensions());
    let share = changed_share(&a, &b);
    assert!(share < 0.001, "{:.3}% of pixels differ", share * 100.0);
}

#[test]
fn an_unwritable_output_is_one_clear_line() {
    let output = tideline()
        .args([
            "export",
            "--date",
            "1945-08-20",
            "--out",
            "/proc/tideline/still.png",
        ])
        .output()
        .expect("tideline runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("/proc/tideline"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

/// `bench --offscreen` once added its plugin after the offscreen app was finished, and
/// Bevy refused with a panic.
#[test]
#[ignore = "needs a Vulkan driver (Mesa's lavapipe is enough): run with --include-ignored"]
fn regression_the_offscreen_benchmark_runs_without_a_display() {
    let output = tideline()
        .args(["bench", "--offscreen", "--json", "--seconds", "2", "--size"])
        .arg(format!("{WIDTH}x{HEIGHT}"))
        .output()
        .expect("tideline runs");
    assert!(
        output.status.success(),
        "bench failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("one JSON object");
    for key in [
        "frames",
        "fps",
        "frame_ms_p50",
        "frame_ms_p99",
        "dates_per_s",
        "scrub_ms_p99",
        "rss_mb_start",
        "rss_mb_end",
        "first_frame_s",
        "width",
        "height",
        "renderer",
    ] {
        assert!(result.get(key).is_some(), "no {key} in {result}");
    }
    assert_eq!(result["width"], WIDTH);
    assert_eq!(result["mode"], "offscreen");
    assert!(result["frames"].as_u64().unwrap() > 0, "{result}");
}

fn bench_json(extra: &[&str], envs: &[(&str, &str)]) -> serde_json::Value {
    let mut command = tideline();
    command
        .args(["bench", "--offscreen", "--json", "--seconds", "2", "--size"])
        .arg(format!("{WIDTH}x{HEIGHT}"))
        .args(extra);
    for (key, value) in envs {
        command.env(key, value);
    }
    let output = command.output().expect("tideline runs");
    assert!(
        output.status.success(),
        "bench failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

/// While the view stands still the base layers are drawn once and copied under each new
/// frame: the frames must be the very pixels that drawing the base every time gives.
#[test]
#[ignore = "needs a Vulkan driver (Mesa's lavapipe is enough): run with --include-ignored"]
fn frames_built_on_the_kept_base_equal_frames_drawn_whole() {
    let kept = workdir("base-kept");
    let whole = workdir("base-whole");
    let frames = [
        "--from",
        "1945-08-09",
        "--to",
        "1945-09-05",
        "--frames",
        "5",
    ];
    export(&kept, &frames);
    let output = tideline()
        .env("TIDELINE_BASE_CACHE", "off")
        .args(["export", "--size", &format!("{WIDTH}x{HEIGHT}"), "--out"])
        .arg(&whole)
        .args(frames)
        .output()
        .expect("tideline runs");
    assert!(output.status.success());
    for k in 1..=5 {
        let name = format!("frame-{k:05}.png");
        let a = image::open(kept.join(&name)).unwrap().to_rgb8();
        let b = image::open(whole.join(&name)).unwrap().to_rgb8();
        assert!(
            a == b,
            "{name} differs between the kept and the redrawn base"
        );
    }
    let playing = bench_json(&[], &[]);
    assert!(
        playing["base_frames_reused"].as_u64().unwrap()
            > playing["base_frames_drawn"].as_u64().unwrap(),
        "playback with a still view should mostly reuse the base: {playing}"
    );
    let off = bench_json(&[], &[("TIDELINE_BASE_CACHE", "off")]);
    assert_eq!(off["base_frames_reused"].as_u64(), Some(0), "{off}");
    std::fs::remove_dir_all(kept).ok();
    std::fs::remove_dir_all(whole).ok();
}

/// A base layer with a translucent colour is blended, so it cannot be in the pass that is
/// kept: such a map draws its base into every frame.
#[test]
#[ignore = "needs a Vulkan driver (Mesa's lavapipe is enough): run with --include-ignored"]
fn a_translucent_base_layer_is_drawn_into_every_frame() {
    let dir = workdir("translucent-base");
    let status = tideline()
        .current_dir(&dir)
        .args(["new", "herring"])
        .output()
        .expect("tideline runs");
    assert!(status.status.success());
    let scenario = dir.join("herring/scenarios/herring.ron");
    let text = std::fs::read_to_string(&scenario).unwrap();
    let opaque = bench_json(&["--scenario", scenario.to_str().unwrap()], &[]);
    assert!(
        opaque["base_frames_reused"].as_u64().unwrap() > 0,
        "{opaque}"
    );
    assert!(
        text.contains("fill: Some(\"#EEE9DB\")"),
        "the template's land fill"
    );
    std::fs::write(
        &scenario,
        text.replace("fill: Some(\"#EEE9DB\")", "fill: Some(\"#EEE9DB80\")"),
    )
    .unwrap();
    let translucent = bench_json(&["--scenario", scenario.to_str().unwrap()], &[]);
    assert_eq!(
        translucent["base_frames_reused"].as_u64(),
        Some(0),
        "{translucent}"
    );
    assert!(
        translucent["base_frames_drawn"].as_u64().unwrap() > 0,
        "{translucent}"
    );
    std::fs::remove_dir_all(dir).ok();
}
