//! Times scrub steps (evaluate + overlay rebuild) one by one and prints p50, p99 and the worst: a measurement tool.
//!
//! cargo run --release --no-default-features --example scrub_timing -- [SCENARIO] [STEPS] [PX_PER_KM]
//!
//! SCENARIO defaults to the shipped 1945 scenario, STEPS to 1000, PX_PER_KM to 0.45 (the
//! home view in a 1920-pixel window). Steps go one slider step (an hour, a day or a year)
//! at a time and wrap at the end of the range. One pass over the range warms the overlay's
//! caches first, as a running window has; that pass is reported too. Each step is timed by
//! the wall clock and, on Linux, by the thread's CPU time, which other processes on a busy
//! machine do not inflate.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::scenario::Resolution;
use tideline::core::scene::OverlayBuilder;
use tideline::core::time::{DAY, HOUR, Moment};
use tideline::core::timeline::Evaluator;

#[path = "../benches/support/cpu_time.rs"]
#[allow(dead_code)]
mod cpu_time;

use cpu_time::{MEASURES_CPU, thread_cpu_time};

/// Wall and CPU time of each measured step.
#[derive(Default)]
struct Timings {
    wall: Vec<Duration>,
    cpu: Vec<Duration>,
}

impl Timings {
    fn time<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let (wall, cpu) = (Instant::now(), thread_cpu_time());
        let out = f();
        self.wall.push(wall.elapsed());
        if MEASURES_CPU {
            self.cpu.push(thread_cpu_time().saturating_sub(cpu));
        }
        out
    }

    fn report(&mut self, what: &str) {
        println!("{what}");
        println!("  wall: {}", summary(&mut self.wall));
        if !self.cpu.is_empty() {
            println!("  cpu:  {}", summary(&mut self.cpu));
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("scenarios/1945-august-storm.ron"));
    let steps: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let px_per_km: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(0.45);

    let mut load = Timings::default();
    let loaded = load.time(|| load_scenario(&path, DetailLoading::OnDemand));
    let Some(scenario) = loaded.scenario else {
        for d in &loaded.diagnostics {
            eprintln!("{d}");
        }
        eprintln!("error: {} did not load", path.display());
        std::process::exit(1);
    };

    let step = match scenario.meta.resolution {
        Resolution::Hour => HOUR,
        Resolution::Day => DAY,
        Resolution::Year => 365 * DAY,
    };
    let span = (scenario.range.end.0 - scenario.range.start.0).max(step);
    let moment = |i: usize| Moment(scenario.range.start.0 + (i as i64 * step) % span);
    let pass = (span / step) as usize + 1;

    let mut set_up = Timings::default();
    let mut builder = set_up.time(|| OverlayBuilder::new(&scenario));
    let mut evaluator = Evaluator::default();
    let mut warm_up = Timings::default();
    for i in 0..pass {
        warm_up.time(|| {
            let state = evaluator.evaluate(&scenario, moment(i));
            black_box(builder.build(&scenario, &state, px_per_km, 1.0).1)
        });
    }

    let (mut scrub, mut evaluate_only, mut build_only) =
        (Timings::default(), Timings::default(), Timings::default());
    for i in 0..steps {
        let t = moment(i);
        scrub.time(|| {
            let state = evaluate_only.time(|| evaluator.evaluate(&scenario, t));
            build_only.time(|| black_box(builder.build(&scenario, &state, px_per_km, 1.0).1))
        });
    }

    println!(
        "scenario: {}; {steps} steps at {px_per_km} px/km",
        path.display()
    );
    load.report("load (parse, validate, resolve)");
    set_up.report("overlay builder set-up");
    warm_up.report(&format!("warm-up pass over the range ({pass} steps)"));
    evaluate_only.report("evaluate(t)");
    build_only.report("overlay rebuild");
    scrub.report("scrub step (evaluate + overlay rebuild)");
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(times: &mut [Duration]) -> String {
    times.sort();
    let at = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
    let mean = times.iter().map(|d| ms(*d)).sum::<f64>() / times.len() as f64;
    format!(
        "mean {mean:.3} ms, p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    )
}
