//! The kiosk's attract loop and configuration without Bevy: stops, holds, wraps, and the shipped example config.

use std::path::Path;
use tideline::core::kiosk::{Attract, AttractLoop, KioskConfig, load_kiosk_config};
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::model::Scenario;

fn load(relative: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    load_scenario(&path, DetailLoading::OnDemand)
        .scenario
        .expect("loads")
}

#[test]
fn the_loop_stops_at_each_event_in_order_and_wraps() {
    let s = load("tests/fixtures/scenarios/mini.ron");
    let attract = Attract {
        speed: 24.0,
        dwell_seconds: 2.0,
        ..Attract::default()
    };
    let mut looped = AttractLoop::new(&s, &attract);
    assert_eq!(looped.stops.len(), s.events.len());
    let mut arrivals = Vec::new();
    let mut wraps = 0;
    for _ in 0..2000 {
        let tick = looped.tick(0.1);
        if let Some(e) = tick.arrived {
            arrivals.push(e);
        }
        if tick.wrapped {
            wraps += 1;
        }
        if wraps == 2 {
            break;
        }
    }
    let n = s.events.len();
    let expected: Vec<usize> = (0..n).chain(0..n).chain(0..1).collect();
    assert_eq!(arrivals, expected);
}

#[test]
fn a_loop_takes_its_computed_length() {
    let s = load("tests/fixtures/scenarios/mini.ron");
    let attract = Attract {
        speed: 12.0,
        dwell_seconds: 3.0,
        ..Attract::default()
    };
    let mut looped = AttractLoop::new(&s, &attract);
    let length = looped.loop_seconds();
    let mut elapsed = 0.0;
    let dt = 0.05;
    loop {
        elapsed += dt;
        if looped.tick(dt).wrapped {
            break;
        }
        assert!(elapsed < 10_000.0, "the loop never wrapped");
    }
    // The first tick only arrives at the first stop.
    assert!((elapsed - dt - length).abs() < 0.2, "{elapsed} vs {length}");
}

#[test]
fn the_default_loop_runs_from_the_declaration_of_war_to_habomai() {
    let s = load("scenarios/1945-august-storm.ron");
    let config = KioskConfig::default();
    let looped = AttractLoop::new(&s, &config.attract);
    let first = &s.events[looped.stops[0].0];
    let last = &s.events[looped.stops.last().unwrap().0];
    assert_eq!(first.id, "war-declared");
    assert_eq!(last.id, "habomai");
    assert!(looped.loop_seconds() > 60.0, "a visitor can follow it");
}

#[test]
fn the_shipped_kiosk_config_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/deploy/kiosk.ron");
    let loaded = load_kiosk_config(&path);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert!(loaded.config.is_some());
}

/// A tick after a long stall (a suspended machine, a window that slept) used to walk every
/// stop of every loop it covered: a tick of a million seconds took a fraction of a second, one
/// of 10^12 seconds hung, and with a tiny dwell and a huge speed the remaining time never
/// shrank at all. Whole loops are now skipped at once.
#[test]
fn regression_kiosk_long_tick_skips_whole_loops() {
    let s = load("tests/fixtures/scenarios/mini.ron");
    let mut looped = AttractLoop::new(&s, &Attract::default());
    let length = looped.loop_seconds();
    looped.tick(0.1);
    let started = std::time::Instant::now();
    let tick = looped.tick(1e12);
    assert!(tick.wrapped);
    assert!(s.range.contains(tick.t));
    let expected = 1e12 / length;
    assert!(
        (looped.wraps as f64 - expected).abs() <= 1.0,
        "{} wraps, expected about {expected}",
        looped.wraps
    );
    // The same state as a short tick from the same place would give, loops aside.
    let mut short = AttractLoop::new(&s, &Attract::default());
    short.tick(0.1);
    short.tick(1e12 % length);
    assert_eq!((looped.stop, looped.t), (short.stop, short.t));

    let mut extreme = AttractLoop::new(
        &s,
        &Attract {
            speed: 1e300,
            dwell_seconds: 1e-300,
            ..Attract::default()
        },
    );
    extreme.tick(0.1);
    for dt in [1.0, 1e6, 1e300, f64::MAX] {
        assert!(s.range.contains(extreme.tick(dt).t));
    }
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}
