//! The overlay builder's reuse between scrub steps: what it hands out is always what a fresh
//! build of the same moment would be, and a step that changes nothing reports no change.

use std::path::Path;
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::scene::OverlayBuilder;
use tideline::core::time::{HOUR, Moment};
use tideline::core::timeline::Evaluator;

const HOME_PX_PER_KM: f64 = 0.45;

#[test]
fn reused_overlay_equals_a_fresh_build_at_every_hour() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/1945-august-storm.ron");
    let scenario = load_scenario(&path, DetailLoading::OnDemand)
        .scenario
        .expect("the 1945 scenario loads");
    let mut evaluator = Evaluator::default();
    let mut reused = OverlayBuilder::new(&scenario);
    let hours = (scenario.range.end.0 - scenario.range.start.0) / HOUR;
    // Forward hour by hour, then a few jumps back and forth, as a user scrubs.
    let mut moments: Vec<i64> = (0..=hours).step_by(4).collect();
    moments.extend([200, 10, 400, 399, 398, 650, 0]);
    let mut steps_without_change = 0;
    for hour in moments {
        let t = Moment(scenario.range.start.0 + hour.min(hours) * HOUR);
        let state = evaluator.evaluate(&scenario, t);
        let (meshes, changes) = reused.build(&scenario, &state, HOME_PX_PER_KM, 1.0);
        let meshes = meshes.clone();
        let mut fresh = OverlayBuilder::new(&scenario);
        let (expected, _) = fresh.build(&scenario, &state, HOME_PX_PER_KM, 1.0);
        assert!(
            meshes == *expected,
            "the reused overlay differs at hour {hour}"
        );
        if !changes.any() {
            steps_without_change += 1;
        }
        // The same moment again changes only meshes holding a piece made for this moment alone.
        let (_, again) = reused.build(&scenario, &state, HOME_PX_PER_KM, 1.0);
        let fresh_areas = state
            .areas
            .iter()
            .any(|a| a.interpolated || (a.clipped && a.clip_key.is_none()));
        let fresh_lines = state.lines.iter().any(|l| l.interpolated);
        let growing_arrows = state.movements.iter().any(|m| m.progress < 1.0);
        assert_eq!(again.area_fills, fresh_areas, "hour {hour}");
        assert_eq!(again.lines, fresh_lines, "hour {hour}");
        assert_eq!(again.movements, growing_arrows, "hour {hour}");
    }
    // Late in the campaign whole stretches of hours draw the same overlay.
    assert!(steps_without_change > 0);
}

#[test]
fn a_new_zoom_level_reports_every_mesh_changed() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/1945-august-storm.ron");
    let scenario = load_scenario(&path, DetailLoading::OnDemand)
        .scenario
        .unwrap();
    let state =
        Evaluator::default().evaluate(&scenario, Moment(scenario.range.start.0 + 300 * HOUR));
    let mut builder = OverlayBuilder::new(&scenario);
    let (_, first) = builder.build(&scenario, &state, HOME_PX_PER_KM, 1.0);
    assert!(first.area_fills && first.area_edges && first.lines && first.movements);
    let (_, zoomed) = builder.build(&scenario, &state, HOME_PX_PER_KM * 4.0, 1.0);
    assert!(zoomed.area_fills && zoomed.lines);
}
