//! `tideline render` through the real window and renderer. Needs a display: `xvfb-run -a cargo test -- --include-ignored`.
#![cfg(feature = "app")]

use bevy::math::{DVec2, Vec2};
use std::path::{Path, PathBuf};
use std::process::Command;
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::projection::Projection;
use tideline::core::theme::SCREEN;
use tideline::core::view::MapView;

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 720;

fn render(date: &str, name: &str) -> image::RgbImage {
    render_with(date, name, &[])
}

fn render_with(date: &str, name: &str, extra: &[&str]) -> image::RgbImage {
    let dir = std::env::temp_dir().join(format!("tideline-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out: PathBuf = dir.join(name);
    let status = Command::new(env!("CARGO_BIN_EXE_tideline"))
        .args([
            "render",
            "--date",
            date,
            "--size",
            &format!("{WIDTH}x{HEIGHT}"),
            "--no-overlay",
            "--out",
        ])
        .arg(&out)
        .args(extra)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("tideline runs");
    assert!(status.success(), "tideline render failed for {date}");
    image::open(&out).expect("a PNG").to_rgb8()
}

/// Where a place falls on a render of the scenario's home view.
fn screen_point(lon: f64, lat: f64) -> Vec2 {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/1945-august-storm.ron");
    let scenario = load_scenario(&path, DetailLoading::OnDemand)
        .scenario
        .unwrap();
    let view = MapView::for_scenario(&scenario, Vec2::new(WIDTH as f32, HEIGHT as f32));
    let (x, y) = Projection::regional().project(lon, lat).unwrap();
    view.map_to_screen(DVec2::new(x, y))
}

fn pixel_at(image: &image::RgbImage, lon: f64, lat: f64) -> [u8; 3] {
    let screen = screen_point(lon, lat);
    image
        .get_pixel(screen.x.round() as u32, screen.y.round() as u32)
        .0
}

fn commonest_colour_near(image: &image::RgbImage, lon: f64, lat: f64) -> [u8; 3] {
    let centre = screen_point(lon, lat);
    let mut counts = std::collections::HashMap::new();
    for dx in -10..=10 {
        for dy in -10..=10 {
            let px = (centre.x.round() as i64 + dx).clamp(0, WIDTH as i64 - 1) as u32;
            let py = (centre.y.round() as i64 + dy).clamp(0, HEIGHT as i64 - 1) as u32;
            *counts.entry(image.get_pixel(px, py).0).or_insert(0) += 1;
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).unwrap().0
}

fn distance(a: [u8; 3], b: [u8; 3]) -> i32 {
    (0..3)
        .map(|i| (a[i] as i32 - b[i] as i32).abs())
        .max()
        .unwrap()
}

fn sea() -> [u8; 3] {
    let s = SCREEN.palette.sea;
    [s.r, s.g, s.b].map(|v| (v * 255.0).round() as u8)
}

#[test]
#[ignore = "needs a display and a Vulkan or OpenGL driver: run under xvfb-run with --include-ignored"]
fn render_draws_the_region_and_changes_with_the_date() {
    let early = render("1945-08-10", "early.png");
    assert_eq!(early.dimensions(), (WIDTH, HEIGHT));
    let distinct: std::collections::HashSet<[u8; 3]> = early.pixels().map(|p| p.0).collect();
    assert!(
        distinct.len() > 50,
        "the image is nearly blank: {} colours",
        distinct.len()
    );

    // Central Hokkaido is land (tinted by Japanese control), the Sea of Japan is sea.
    let hokkaido = pixel_at(&early, 142.8, 43.55);
    assert!(
        distance(hokkaido, sea()) > 25,
        "Hokkaido looks like sea: {hokkaido:?}"
    );
    let sea_of_japan = pixel_at(&early, 133.0, 38.5);
    assert!(
        distance(sea_of_japan, sea()) <= 6,
        "the Sea of Japan is {sea_of_japan:?}, expected {:?}",
        sea()
    );

    // Control differs between 10 August and 5 September, and so does the picture.
    let late = render("1945-09-05", "late.png");
    let changed = early
        .pixels()
        .zip(late.pixels())
        .filter(|(a, b)| distance(a.0, b.0) > 20)
        .count();
    let share = changed as f64 / (WIDTH * HEIGHT) as f64;
    assert!(share > 0.03, "only {:.2}% of pixels changed", share * 100.0);
    // Manchuria's interior (near Harbin) turns from Japanese-held to Soviet-held.
    let harbin_early = pixel_at(&early, 127.6, 46.3);
    let harbin_late = pixel_at(&late, 127.6, 46.3);
    assert!(
        harbin_late[0] as i32 - harbin_late[2] as i32
            > harbin_early[0] as i32 - harbin_early[2] as i32 + 20,
        "{harbin_early:?} -> {harbin_late:?}"
    );
}

/// The window compiles its pipelines in the background and skips a mesh whose pipeline is not
/// ready; the first copy of the base kept for reuse was taken before the land's pipeline was
/// ready, and every later frame showed the sea where the land should be.
#[test]
#[ignore = "needs a display and a Vulkan or OpenGL driver: run under xvfb-run with --include-ignored"]
fn regression_the_window_keeps_its_base_only_once_it_is_drawn_whole() {
    let window = render_with("1945-08-10", "window-base.png", &["--window"]);
    // The Russian Far East north of the Amur: bare land, no control area over it (rivers
    // cross it, so the commonest colour around the point is taken).
    let land = commonest_colour_near(&window, 133.0, 53.0);
    assert!(
        land[0] as i32 - land[2] as i32 > 15 && distance(land, sea()) > 25,
        "the land is drawn as {land:?}, the sea is {:?}",
        sea()
    );
}
