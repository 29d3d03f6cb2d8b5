//! Ring validity at coastline scale: the self-intersection check on a generated 1.5-million-vertex
//! ring, and loading the same ring as a GeoJSON layer (parse, check, normalise).

use criterion::{Criterion, criterion_group, criterion_main};
use geo::Coord;
use std::hint::black_box;
use std::path::Path;
use tideline::core::geojson_layer::parse_geojson;
use tideline::core::validity::check_polygon_rings;

const VERTICES: usize = 1_500_000;

/// A closed, simple, coastline-like ring around 142°E 50°N: a radius that wanders at many
/// scales but never folds over, so every vertex is seen once from the centre.
fn coastline(vertices: usize) -> Vec<Coord<f64>> {
    let mut ring: Vec<Coord<f64>> = (0..vertices)
        .map(|i| {
            let angle = i as f64 / vertices as f64 * std::f64::consts::TAU;
            let radius = 5.0
                + 0.8 * (7.0 * angle).sin()
                + 0.3 * (131.0 * angle).sin()
                + 0.05 * (2_003.0 * angle).sin()
                + 0.004 * (40_009.0 * angle).sin();
            Coord {
                x: 142.0 + radius * angle.cos(),
                y: 50.0 + 0.6 * radius * angle.sin(),
            }
        })
        .collect();
    ring.push(ring[0]);
    ring
}

fn ring_check(c: &mut Criterion) {
    let ring = coastline(VERTICES);
    assert!(check_polygon_rings(&[&ring]).is_empty());
    let mut group = c.benchmark_group("validity");
    group.sample_size(10);
    group.bench_function("self-intersection check, 1.5 M vertex ring", |b| {
        b.iter(|| black_box(check_polygon_rings(&[black_box(&ring)])))
    });
    let positions: Vec<String> = ring
        .iter()
        .map(|c| format!("[{:.6},{:.6}]", c.x, c.y))
        .collect();
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"id":"coast"}},"geometry":{{"type":"Polygon","coordinates":[[{}]]}}}}]}}"#,
        positions.join(",")
    );
    group.bench_function(
        "load a 1.5 M vertex polygon layer (parse, check, normalise)",
        |b| {
            b.iter(|| {
                let mut diagnostics = Vec::new();
                let features = parse_geojson(&text, Path::new("coast.geojson"), &mut diagnostics);
                assert!(diagnostics.is_empty());
                black_box(features)
            })
        },
    );
    group.finish();
}

criterion_group!(benches, ring_check);
criterion_main!(benches);
