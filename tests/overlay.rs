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

/// A close view of Kushiro once tessellated every detailed land feature that reached into the
/// region around the view in full: the whole of Hokkaido's coast at 32 px/km, 400,000 to
/// 880,000 vertices in one mesh, hundreds of megabytes in a kiosk. Only the part inside the
/// region is tessellated now, and it fills the same ground there.
#[test]
fn regression_a_close_view_tessellates_only_the_coast_around_it() {
    use geo::{Area, BooleanOps, MultiPolygon};
    use glam::DVec2;
    use tideline::core::load::load_detail;
    use tideline::core::projection::Projection;
    use tideline::core::scene::{clip_to_box, layer_meshes, project_feature};
    use tideline::core::tessellate::Tessellator;
    use tideline::core::view::KmBox;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/1945-august-storm.ron");
    let scenario = load_scenario(&path, DetailLoading::OnDemand)
        .scenario
        .unwrap();
    let land = &scenario.layers[0];
    let finest = land
        .detail
        .last()
        .expect("the land layer has detailed levels");
    let (features, diagnostics) = load_detail(finest);
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    let projection = Projection::regional();
    let projected: Vec<_> = features
        .iter()
        .map(|f| project_feature(&projection, f))
        .collect();
    // The region the window tessellates around a 60 km wide view of Kushiro: three views wide.
    let (x, y) = projection.project(144.4, 43.0).unwrap();
    let window = KmBox::around(DVec2::new(x, y), DVec2::new(90.0, 50.0)).to_rect();
    let touching: Vec<usize> = (0..projected.len())
        .filter(|&i| clip_to_box(&projected[i], window).is_some())
        .collect();
    let clipped: Vec<_> = touching
        .iter()
        .filter_map(|&i| clip_to_box(&projected[i], window))
        .collect();
    let px_per_km = 32.0;
    let mut tessellator = Tessellator::default();
    let whole = layer_meshes(
        &mut tessellator,
        land.spec.role,
        &land.spec.style,
        &projected,
        Some(&touching),
        px_per_km,
        1.0,
    );
    let cut = layer_meshes(
        &mut tessellator,
        land.spec.role,
        &land.spec.style,
        &clipped,
        None,
        px_per_km,
        1.0,
    );
    let vertices =
        |m: &tideline::core::scene::LayerMeshes| m.fill.positions.len() + m.stroke.positions.len();
    assert!(
        vertices(&cut) * 10 < vertices(&whole),
        "{} vertices cut against {} whole",
        vertices(&cut),
        vertices(&whole)
    );
    // The same land inside the region.
    let window_polygon = MultiPolygon(vec![window.to_polygon()]);
    let land_inside: f64 = touching
        .iter()
        .map(|&i| {
            projected[i]
                .polygons
                .intersection(&window_polygon)
                .unsigned_area()
        })
        .sum();
    let cut_land: f64 = clipped.iter().map(|f| f.polygons.unsigned_area()).sum();
    assert!(
        land_inside > 1000.0,
        "{land_inside} km² of land near Kushiro"
    );
    assert!((cut_land - land_inside).abs() < 1e-6 * land_inside);
}
