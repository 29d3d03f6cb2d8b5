//! Benchmarks on the generated stress scenario: load, evaluate(t) and the scrub step (evaluate + overlay rebuild).
//!
//! The scenario is written by examples/stress_scenario.rs into Cargo's benchmark scratch
//! folder the first time. Times are the benchmark thread's CPU time (on Linux), so a busy
//! shared machine does not inflate them. Criterion reports means and medians; for p99 run
//! `cargo run --release --no-default-features --example scrub_timing -- PATH`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use support::cpu_time::ThreadCpuTime;
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::model::Scenario;
use tideline::core::scene::OverlayBuilder;
use tideline::core::time::{HOUR, parse_moment};
use tideline::core::timeline::Evaluator;

#[allow(dead_code)]
#[path = "../examples/stress_scenario.rs"]
mod stress_scenario;

mod support {
    #[allow(dead_code)]
    pub mod cpu_time;
}

/// Zoom of the home view in a 1920-pixel window: about 0.45 px per km.
const HOME_PX_PER_KM: f64 = 0.45;

fn stress_path() -> PathBuf {
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("stress");
    let path = folder.join("scenarios/stress.ron");
    if !path.exists() {
        stress_scenario::write_stress_scenario(&folder, stress_scenario::StressSize::FULL)
            .expect("the stress scenario can be written");
    }
    path
}

fn load(path: &Path) -> Scenario {
    load_scenario(path, DetailLoading::OnDemand)
        .scenario
        .expect("the stress scenario loads")
}

fn stress(c: &mut Criterion<ThreadCpuTime>) {
    let path = stress_path();
    let mut group = c.benchmark_group("stress");
    group.sample_size(10);
    group.bench_function("load (parse, validate, resolve)", |b| {
        b.iter(|| black_box(load(&path)))
    });
    group.finish();

    let s = load(&path);
    let mut evaluator = Evaluator::default();
    let t = parse_moment("1945-08-21T12:00", s.zone).unwrap();
    c.bench_function("stress evaluate(t)", |b| {
        b.iter(|| black_box(evaluator.evaluate(&s, t)))
    });
    let mut builder = OverlayBuilder::new(&s);
    let hours = (s.range.end.0 - s.range.start.0) / HOUR;
    // Warm the caches of documented keyframes over the whole range, as a running app has.
    for hour in 0..hours {
        let state = evaluator.evaluate(&s, s.range.start.plus_seconds(hour * HOUR));
        builder.build(&s, &state, HOME_PX_PER_KM, 1.0);
    }
    let mut hour = 0;
    c.bench_function(
        "stress scrub step (evaluate + overlay rebuild), 1 hour",
        |b| {
            b.iter(|| {
                hour = (hour + 1) % hours;
                let moment = s.range.start.plus_seconds(hour * HOUR);
                let state = evaluator.evaluate(&s, moment);
                black_box(builder.build(&s, &state, HOME_PX_PER_KM, 1.0).1)
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpuTime).sample_size(20).measurement_time(std::time::Duration::from_secs(5));
    targets = stress
}
criterion_main!(benches);
