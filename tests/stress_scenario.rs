//! The generated stress scenario (examples/stress_scenario.rs) validates cleanly and has the size it claims.

use std::path::PathBuf;
use tideline::core::load::{DetailLoading, load_scenario};

#[allow(dead_code)]
#[path = "../examples/stress_scenario.rs"]
mod stress_scenario;

use stress_scenario::{StressSize, write_stress_scenario};

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn a_small_stress_scenario_validates_without_a_single_diagnostic() {
    let size = StressSize::SMALL;
    let path = write_stress_scenario(&scratch("stress-small"), size).unwrap();
    let loaded = load_scenario(&path, DetailLoading::Now);
    let messages: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(messages.is_empty(), "{messages:#?}");
    let scenario = loaded.scenario.unwrap();
    assert_eq!(scenario.areas.len(), size.areas);
    assert_eq!(scenario.lines.len(), size.lines);
    assert_eq!(scenario.movements.len(), size.movements);
    assert_eq!(scenario.events.len(), size.events);
    let land = scenario.layer("land").unwrap();
    let base_vertices: usize = land
        .features
        .iter()
        .map(|f| match &f.geometry {
            geo::Geometry::Polygon(p) => p.exterior().0.len() - 1,
            _ => 0,
        })
        .sum();
    assert_eq!(base_vertices, size.base_vertices());
    assert!(scenario.lines.iter().all(|l| {
        l.keyframes.len() == size.line_keyframes
            && l.keyframes
                .iter()
                .all(|k| k.shape.0[0].0.len() == size.line_vertices)
    }));
    let clipped = scenario
        .areas
        .iter()
        .filter(|a| !a.clip_by.is_empty())
        .count();
    assert_eq!(clipped, size.clipped_areas);
}

#[test]
fn the_full_size_holds_a_million_base_vertices() {
    assert_eq!(StressSize::FULL.base_vertices(), 1_000_000);
    assert_eq!(StressSize::FULL.lines, 200);
    assert_eq!(StressSize::FULL.line_vertices, 50);
    assert_eq!(StressSize::FULL.areas, 100);
}

#[test]
fn the_same_size_writes_the_same_files() {
    let a = write_stress_scenario(&scratch("stress-a"), StressSize::SMALL).unwrap();
    let b = write_stress_scenario(&scratch("stress-b"), StressSize::SMALL).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let land = |p: &PathBuf| {
        std::fs::read(p.parent().unwrap().join("../maps/stress_land.geojson")).unwrap()
    };
    assert_eq!(land(&a), land(&b));
}
