//! Times scrub steps (evaluate + overlay rebuild) one by one and prints p50, p99 and the worst: a measurement tool.
//!
//! cargo run --release --no-default-features --example scrub_timing -- [SCENARIO] [STEPS] [PX_PER_KM]
//!
//! SCENARIO defaults to the shipped 1945 scenario, STEPS to 1000, PX_PER_KM to 0.45 (the
//! home view in a 1920-pixel window). Steps go one slider step (an hour, a day or a year)
//! at a time and wrap at the end of the range. One pass over the range warms the overlay's
//! caches first, as a running window has; that pass's worst step is printed too.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::scenario::Resolution;
use tideline::core::scene::{OverlayBuilder, OverlayOptions};
use tideline::core::time::{DAY, HOUR, Moment};
use tideline::core::timeline::evaluate;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("scenarios/1945-august-storm.ron"));
    let steps: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let px_per_km: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(0.45);

    let started = Instant::now();
    let loaded = load_scenario(&path, DetailLoading::OnDemand);
    let Some(scenario) = loaded.scenario else {
        for d in &loaded.diagnostics {
            eprintln!("{d}");
        }
        eprintln!("error: {} did not load", path.display());
        std::process::exit(1);
    };
    let load = started.elapsed();

    let step = match scenario.meta.resolution {
        Resolution::Hour => HOUR,
        Resolution::Day => DAY,
        Resolution::Year => 365 * DAY,
    };
    let span = (scenario.range.end.0 - scenario.range.start.0).max(step);
    let moment = |i: usize| Moment(scenario.range.start.0 + (i as i64 * step) % span);
    let pass = (span / step) as usize + 1;

    let started = Instant::now();
    let mut builder = OverlayBuilder::new(&scenario);
    let builder_new = started.elapsed();
    let options = OverlayOptions::default();
    let mut warm_up = Vec::with_capacity(pass);
    for i in 0..pass {
        let started = Instant::now();
        let state = evaluate(&scenario, moment(i));
        black_box(builder.build(&scenario, &state, px_per_km, options));
        warm_up.push(started.elapsed());
    }

    let mut scrub = Vec::with_capacity(steps);
    let mut evaluate_only = Vec::with_capacity(steps);
    for i in 0..steps {
        let t = moment(i);
        let started = Instant::now();
        let state = evaluate(&scenario, t);
        let evaluated = started.elapsed();
        black_box(builder.build(&scenario, &state, px_per_km, options));
        scrub.push(started.elapsed());
        evaluate_only.push(evaluated);
    }

    println!("scenario: {}", path.display());
    println!(
        "load {:.1} ms; overlay builder set-up {:.1} ms; {} steps at {px_per_km} px/km",
        ms(load),
        ms(builder_new),
        steps
    );
    println!("warm-up pass ({pass} steps): {}", summary(&mut warm_up));
    println!("evaluate: {}", summary(&mut evaluate_only));
    println!(
        "scrub step (evaluate + overlay rebuild): {}",
        summary(&mut scrub)
    );
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
