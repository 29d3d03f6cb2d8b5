//! Engine benchmarks: base-layer load, tessellation, evaluate(t), and a scrub step (evaluate + overlay rebuild).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use tideline::core::geojson_layer::load_geojson_file;
use tideline::core::load::{DetailLoading, load_detail, load_scenario};
use tideline::core::model::Scenario;
use tideline::core::projection::Projection;
use tideline::core::scene::{OverlayBuilder, clip_to_box, layer_meshes, project_feature};
use tideline::core::tessellate::Tessellator;
use tideline::core::time::{HOUR, parse_moment};
use tideline::core::timeline::{Evaluator, evaluate};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn scenario() -> Scenario {
    load_scenario(
        &root().join("scenarios/1945-august-storm.ron"),
        DetailLoading::OnDemand,
    )
    .scenario
    .expect("the default scenario loads")
}

/// Zoom of the home view in a 1920-pixel window: about 0.45 px per km.
const HOME_PX_PER_KM: f64 = 0.45;

fn base_layers(c: &mut Criterion) {
    let land = root().join("maps/land_low.geojson");
    c.bench_function("load land_low.geojson (parse + validate)", |b| {
        b.iter(|| {
            let mut diagnostics = Vec::new();
            black_box(load_geojson_file(&land, &mut diagnostics))
        })
    });
    let mut diagnostics = Vec::new();
    let features = load_geojson_file(&land, &mut diagnostics).unwrap();
    let projection = Projection::regional();
    c.bench_function("project land_low", |b| {
        b.iter(|| {
            features
                .iter()
                .map(|f| project_feature(&projection, f))
                .collect::<Vec<_>>()
        })
    });
    let projected: Vec<_> = features
        .iter()
        .map(|f| project_feature(&projection, f))
        .collect();
    let s = scenario();
    let land_layer = s.layer("land").unwrap();
    let mut tessellator = Tessellator::default();
    c.bench_function("tessellate land_low (fill + coast stroke)", |b| {
        b.iter(|| {
            layer_meshes(
                &mut tessellator,
                land_layer.spec.role,
                &land_layer.spec.style,
                &projected,
                None,
                HOME_PX_PER_KM,
                1.0,
            )
        })
    });
    c.bench_function("base layers end to end (load, project, tessellate)", |b| {
        b.iter(|| {
            let mut diagnostics = Vec::new();
            let features = load_geojson_file(&land, &mut diagnostics).unwrap();
            let projected: Vec<_> = features
                .iter()
                .map(|f| project_feature(&projection, f))
                .collect();
            black_box(layer_meshes(
                &mut tessellator,
                land_layer.spec.role,
                &land_layer.spec.style,
                &projected,
                None,
                HOME_PX_PER_KM,
                1.0,
            ))
        })
    });
}

fn timeline(c: &mut Criterion) {
    let s = scenario();
    let t = parse_moment("1945-08-21T12:00", s.zone).unwrap();
    let mut evaluator = Evaluator::default();
    c.bench_function("evaluate(t)", |b| {
        b.iter(|| black_box(evaluator.evaluate(&s, t)))
    });
    let mut builder = OverlayBuilder::new(&s);
    // Warm the cache of documented keyframes, as a running app has.
    builder.build(&s, &evaluate(&s, t), HOME_PX_PER_KM, 1.0);
    let mut hour = 0;
    c.bench_function("scrub step (evaluate + overlay rebuild), 1 hour", |b| {
        b.iter(|| {
            hour = (hour + 1) % 600;
            let moment = s.range.start.plus_seconds(hour * HOUR);
            let state = evaluator.evaluate(&s, moment);
            black_box(builder.build(&s, &state, HOME_PX_PER_KM, 1.0).1)
        })
    });
}

/// What the window does when the view first zooms in close (60 km wide, 32 px/km, over
/// Kushiro): read the finest coast level, project it, cut the features around the view to the
/// region it tessellates (three views wide) and tessellate them. And what a pan to a new
/// region redoes once the level is loaded.
fn close_view(c: &mut Criterion) {
    use glam::DVec2;
    use tideline::core::view::KmBox;
    let s = scenario();
    let land = s.layer("land").unwrap();
    let finest = land.detail.last().expect("land has detailed levels");
    let projection = Projection::regional();
    let (x, y) = projection.project(144.4, 43.0).unwrap();
    let region = KmBox::around(DVec2::new(x, y), DVec2::new(90.0, 50.0)).to_rect();
    let mut tessellator = Tessellator::default();
    let mut tessellate_region = |projected: &[tideline::core::scene::ProjectedFeature]| {
        let cut: Vec<_> = projected
            .iter()
            .filter_map(|f| clip_to_box(f, region))
            .collect();
        layer_meshes(
            &mut tessellator,
            land.spec.role,
            &land.spec.style,
            &cut,
            None,
            32.0,
            1.0,
        )
    };
    let mut group = c.benchmark_group("close view");
    group.sample_size(10);
    group.bench_function(
        "load land_high, project, cut and tessellate the region",
        |b| {
            b.iter(|| {
                let (features, _) = load_detail(finest);
                let projected: Vec<_> = features
                    .iter()
                    .map(|f| project_feature(&projection, f))
                    .collect();
                black_box(tessellate_region(&projected))
            })
        },
    );
    let (features, _) = load_detail(finest);
    let projected: Vec<_> = features
        .iter()
        .map(|f| project_feature(&projection, f))
        .collect();
    group.bench_function("cut and tessellate a new region (level loaded)", |b| {
        b.iter(|| black_box(tessellate_region(&projected)))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = base_layers, timeline, close_view
}
criterion_main!(benches);
