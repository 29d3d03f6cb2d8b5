//! Content tests: the shipped scenarios say what the history reference says.
//!
//! These load the real files in `scenarios/` (and the layers in `maps/`) through the core
//! loader and check dates, sources, languages and the evaluated map at chosen moments.

use std::path::{Path, PathBuf};
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::model::Scenario;
use tideline::core::scenario::AreaStatus;
use tideline::core::time::{Moment, parse_moment};
use tideline::core::timeline::evaluate;

fn scenario_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

fn load(name: &str) -> Scenario {
    let loaded = load_scenario(&scenario_path(name), DetailLoading::OnDemand);
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        // Content only: the scenario file itself and the campaign layer this test owns.
        // The other map layers are checked by their own tests and by `validate`.
        .filter(|d| {
            let file = d.file.to_string_lossy();
            file.ends_with(name) || file.ends_with("campaign_1945.geojson")
        })
        .map(|d| format!("{d:?}"))
        .collect();
    assert!(
        errors.is_empty(),
        "{name} has errors:\n{}",
        errors.join("\n")
    );
    loaded.scenario.expect("scenario loads")
}

fn at(s: &Scenario, text: &str) -> Moment {
    parse_moment(text, s.zone).expect("test time parses")
}

fn event_at(s: &Scenario, id: &str) -> Moment {
    s.event(id)
        .unwrap_or_else(|| panic!("event {id} missing"))
        .at
}

/// The side and status of area `id` at `t`, if it is drawn then.
fn area_state(s: &Scenario, id: &str, t: Moment) -> Option<(String, AreaStatus)> {
    let index = s
        .areas
        .iter()
        .position(|a| a.id == id)
        .unwrap_or_else(|| panic!("area {id} missing"));
    evaluate(s, t)
        .areas
        .iter()
        .find(|a| a.area == index)
        .map(|a| (s.side(a.side).id.clone(), a.status))
}

fn assert_side(s: &Scenario, id: &str, when: &str, side: &str, status: AreaStatus) {
    let t = at(s, when);
    assert_eq!(
        area_state(s, id, t),
        Some((side.to_string(), status)),
        "{id} at {when}"
    );
}

const AUGUST: &str = "1945-august-storm.ron";
const TERRITORIAL: &str = "territorial-history.ron";

#[test]
fn both_scenarios_load_without_errors_or_warnings() {
    load(AUGUST);
    load(TERRITORIAL);
}

#[test]
fn every_event_has_sources_and_three_languages() {
    for name in [AUGUST, TERRITORIAL] {
        let s = load(name);
        assert!(!s.events.is_empty(), "{name}: no events");
        for e in &s.events {
            assert!(
                !e.sources.is_empty(),
                "{name}: event {} has no source",
                e.id
            );
            for source in &e.sources {
                assert!(
                    s.sources.contains_key(source),
                    "{name}: event {} cites unknown {source}",
                    e.id
                );
            }
            assert!(
                e.title.missing().is_empty(),
                "{name}: event {} title lacks {:?}",
                e.id,
                e.title.missing()
            );
            assert!(
                e.summary.missing().is_empty(),
                "{name}: event {} summary lacks {:?}",
                e.id,
                e.summary.missing()
            );
            if let Some(note) = &e.note {
                assert!(
                    note.missing().is_empty(),
                    "{name}: event {} note lacks {:?}",
                    e.id,
                    note.missing()
                );
            }
            assert!(e.focus.is_some(), "{name}: event {} has no focus", e.id);
            assert!(
                e.at >= s.range.start && e.at <= s.range.end,
                "{name}: event {} outside the scenario",
                e.id
            );
        }
        for a in &s.areas {
            assert!(!a.sources.is_empty(), "{name}: area {} has no source", a.id);
        }
        for l in &s.lines {
            assert!(!l.sources.is_empty(), "{name}: line {} has no source", l.id);
        }
        for m in &s.movements {
            assert!(
                !m.sources.is_empty(),
                "{name}: movement {} has no source",
                m.id
            );
        }
    }
}

#[test]
fn kuril_landings_are_in_the_documented_order() {
    let s = load(AUGUST);
    let order = [
        "shumshu-landing",
        "paramushir",
        "onekotan",
        "iturup",
        "urup",
        "kunashir",
        "shikotan",
        "habomai",
    ];
    for pair in order.windows(2) {
        assert!(
            event_at(&s, pair[0]) < event_at(&s, pair[1]),
            "{} should come before {}",
            pair[0],
            pair[1]
        );
    }
    // Shumshu: 04:22 Kamchatka time (UTC+12) on 18 August.
    assert_eq!(
        event_at(&s, "shumshu-landing"),
        at(&s, "1945-08-18T04:22+12:00")
    );
    // Onekotan and Matua capitulate on the same day.
    assert_eq!(event_at(&s, "onekotan"), event_at(&s, "matua"));
}

#[test]
fn habomai_shows_the_disagreement() {
    let s = load(AUGUST);
    let e = s.event("habomai").expect("habomai event");
    assert_eq!(e.at, at(&s, "1945-09-03"));
    assert_eq!(e.end, Some(at(&s, "1945-09-05")));
    assert_ne!(e.confidence, tideline::core::scenario::Confidence::High);
    let note = e.note.as_ref().expect("habomai note");
    assert!(note.en.contains("4 September") && note.en.contains("1 September"));
}

#[test]
fn kurils_on_26_august_and_6_september() {
    let s = load(AUGUST);
    let t = "1945-08-26T12:00";
    assert_side(&s, "island-shumshu", t, "soviet", AreaStatus::Controlled);
    assert_side(&s, "island-paramushir", t, "soviet", AreaStatus::Controlled);
    assert_side(&s, "island-iturup", t, "japan", AreaStatus::Controlled);
    assert_side(
        &s,
        "island-shumshu",
        "1945-08-20",
        "soviet",
        AreaStatus::Contested,
    );
    for a in s.areas.iter().filter(|a| a.id.starts_with("island-")) {
        assert_side(&s, &a.id, "1945-09-06", "soviet", AreaStatus::Controlled);
    }
}

#[test]
fn hokkaido_is_never_soviet() {
    let s = load(AUGUST);
    let mut t = s.range.start;
    while t <= s.range.end {
        assert_eq!(
            area_state(&s, "hokkaido", t),
            Some(("japan".to_string(), AreaStatus::Controlled)),
            "hokkaido at {t:?}"
        );
        for a in evaluate(&s, t).areas {
            let area = &s.areas[a.area];
            if s.side(a.side).id == "soviet" && area.id.contains("hokkaido") {
                assert!(area.counterfactual, "{} shows Hokkaido as Soviet", area.id);
                assert_ne!(a.status, AreaStatus::Controlled);
            }
        }
        t = t.plus_seconds(3600);
    }
}

#[test]
fn karafuto_changes_hands() {
    let s = load(AUGUST);
    assert_side(
        &s,
        "sakhalin-south",
        "1945-08-10",
        "japan",
        AreaStatus::Controlled,
    );
    assert_side(
        &s,
        "sakhalin-south",
        "1945-08-26",
        "soviet",
        AreaStatus::Controlled,
    );
}

#[test]
fn the_hokkaido_line_is_proposed_then_rejected_then_cancelled() {
    let s = load(AUGUST);
    let index = s
        .lines
        .iter()
        .position(|l| l.id == "kushiro-rumoi")
        .expect("line");
    let status = |when: &str| {
        evaluate(&s, at(&s, when))
            .lines
            .iter()
            .find(|l| l.line == index)
            .map(|l| l.status)
    };
    use tideline::core::scenario::LineStatus;
    assert_eq!(status("1945-08-15"), None);
    assert_eq!(status("1945-08-17T12:00"), Some(LineStatus::Proposed));
    assert_eq!(status("1945-08-20"), Some(LineStatus::Rejected));
    assert_eq!(status("1945-08-25"), Some(LineStatus::Cancelled));
}

#[test]
fn territorial_history_keeps_the_dispute_neutral() {
    let s = load(TERRITORIAL);
    assert_side(
        &s,
        "island-iturup",
        "1900-01-01",
        "japan",
        AreaStatus::Controlled,
    );
    assert_side(
        &s,
        "island-urup",
        "1860-01-01",
        "russia",
        AreaStatus::Controlled,
    );
    assert_side(
        &s,
        "island-urup",
        "1900-01-01",
        "japan",
        AreaStatus::Controlled,
    );
    assert_side(
        &s,
        "sakhalin-south",
        "1930-01-01",
        "japan",
        AreaStatus::Controlled,
    );
    assert_side(
        &s,
        "sakhalin-south",
        "1960-01-01",
        "russia",
        AreaStatus::Controlled,
    );
    for island in [
        "island-iturup",
        "island-kunashir",
        "island-shikotan",
        "island-habomai",
    ] {
        assert_side(&s, island, "2025-06-01", "russia", AreaStatus::Disputed);
    }
    let today = s.event("dispute-today").expect("dispute event");
    assert!(today.summary.en.contains("Japan holds") && today.summary.en.contains("Russia holds"));
}
