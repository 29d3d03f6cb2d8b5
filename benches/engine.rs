//! Engine benchmarks: base-layer load, tessellation, evaluate(t), and a scrub step (evaluate + overlay rebuild).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use tideline::core::geojson_layer::load_geojson_file;
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::model::Scenario;
use tideline::core::projection::Projection;
use tideline::core::scene::{OverlayBuilder, layer_meshes, project_feature};
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

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = base_layers, timeline
}
criterion_main!(benches);
