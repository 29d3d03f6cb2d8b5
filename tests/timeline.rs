//! evaluate(&Scenario, t): control, morphing lines and areas, fades, arrows, current events.

use std::path::Path;
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::model::Scenario;
use tideline::core::scenario::{AreaStatus, LineStatus};
use tideline::core::time::{Moment, parse_moment};
use tideline::core::timeline::{MapState, evaluate, fingerprint};

fn mini() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios/mini.ron");
    load_scenario(&path, DetailLoading::Now).scenario.unwrap()
}

fn at(scenario: &Scenario, text: &str) -> Moment {
    parse_moment(text, scenario.zone).unwrap()
}

fn state(scenario: &Scenario, text: &str) -> MapState {
    evaluate(scenario, at(scenario, text))
}

fn side_of(scenario: &Scenario, state: &MapState, area: &str) -> Vec<(String, AreaStatus, f32)> {
    state
        .areas
        .iter()
        .filter(|a| scenario.areas[a.area].id == area)
        .map(|a| (scenario.sides[a.side].id.clone(), a.status, a.alpha))
        .collect()
}

#[test]
fn control_follows_keyframes_with_a_short_crossfade() {
    let s = mini();
    assert_eq!(
        side_of(&s, &state(&s, "1945-08-15"), "a"),
        [("south".into(), AreaStatus::Controlled, 1.0)]
    );
    // 1.5 hours before the change, halfway through its 3-hour fade: the old holder fades out
    // under the new one.
    let mid = side_of(&s, &state(&s, "1945-08-18T02:30"), "a");
    assert_eq!(mid.len(), 2);
    assert_eq!(
        (mid[0].0.as_str(), mid[0].1),
        ("south", AreaStatus::Controlled)
    );
    assert_eq!(
        (mid[1].0.as_str(), mid[1].1),
        ("north", AreaStatus::Contested)
    );
    assert!((mid[0].2 - 0.5).abs() < 1e-3 && (mid[1].2 - 0.5).abs() < 1e-3);
    // At its documented moment the new state is fully shown (regression: stepping to an event
    // used to show its change only starting to fade in).
    assert_eq!(
        side_of(&s, &state(&s, "1945-08-18T04:00"), "a"),
        [("north".into(), AreaStatus::Contested, 1.0)]
    );
    assert_eq!(
        side_of(&s, &state(&s, "1945-08-19"), "a"),
        [("north".into(), AreaStatus::Contested, 1.0)]
    );
    assert_eq!(
        side_of(&s, &state(&s, "1945-08-29"), "a"),
        [("north".into(), AreaStatus::Controlled, 1.0)]
    );
}

#[test]
fn nothing_shows_before_the_first_keyframe_or_after_ended() {
    let s = mini();
    assert!(side_of(&s, &state(&s, "1945-08-11"), "zone").is_empty());
    assert!(state(&s, "1945-08-10").lines.is_empty());
    assert!(side_of(&s, &state(&s, "1945-08-17"), "zone").is_empty());
    assert!(state(&s, "1945-08-26").lines.is_empty());
}

#[test]
fn lines_morph_between_keyframes_and_are_marked_interpolated() {
    let s = mini();
    let keyframe = state(&s, "1945-08-11");
    assert!(!keyframe.lines[0].interpolated);
    let halfway = state(&s, "1945-08-16");
    let line = &halfway.lines[0];
    assert!(line.interpolated);
    assert_eq!(line.status, LineStatus::Front);
    // Halfway from latitude 46 to 44-44.5: every vertex between the two.
    for c in &line.shape.0[0].0 {
        assert!(c.y > 44.4 && c.y < 45.6, "{c:?}");
    }
    let later = state(&s, "1945-08-20");
    assert!(
        later.lines[0].shape.0[0].0.iter().map(|c| c.y).sum::<f64>()
            < halfway.lines[0].shape.0[0]
                .0
                .iter()
                .map(|c| c.y)
                .sum::<f64>()
    );
    // At the next keyframe exactly, the documented shape, not an inferred one.
    let documented = state(&s, "1945-08-21");
    assert!(!documented.lines[0].interpolated);
    assert_eq!(documented.lines[0].shape.0[0].0.len(), 3);
}

#[test]
fn areas_with_different_vertex_counts_morph() {
    let s = mini();
    let halfway = state(&s, "1945-08-13");
    let zone = halfway
        .areas
        .iter()
        .find(|a| s.areas[a.area].id == "zone")
        .unwrap();
    assert!(zone.interpolated);
    let ring = &zone.shape.0[0].exterior().0;
    assert_eq!(ring.first(), ring.last());
    let max_x = ring.iter().map(|c| c.x).fold(f64::MIN, f64::max);
    assert!(max_x > 151.2 && max_x < 151.8, "{max_x}");
}

#[test]
fn movements_grow_over_their_span_then_fade() {
    let s = mini();
    assert!(state(&s, "1945-08-17T23:00").movements.is_empty());
    let quarter = state(&s, "1945-08-18T03:00");
    assert!((quarter.movements[0].progress - 0.25).abs() < 1e-9);
    assert_eq!(state(&s, "1945-08-19").movements[0].progress, 1.0);
    // Lingers 24 hours after arriving, then fades over 3 hours.
    assert_eq!(state(&s, "1945-08-19T11:00").movements[0].alpha, 1.0);
    let fading = state(&s, "1945-08-19T13:30").movements[0].alpha;
    assert!((fading - 0.5).abs() < 1e-3, "{fading}");
    assert!(state(&s, "1945-08-19T16:00").movements.is_empty());
}

#[test]
fn current_events_previous_and_next() {
    let s = mini();
    let before = state(&s, "1945-08-10T12:00");
    assert!(before.current_events.is_empty());
    assert_eq!(before.next_event, Some(at(&s, "1945-08-11")));
    assert_eq!(before.previous_event, None);
    // The landing (04:22 Kamchatka time = 02:22 on the scenario clock) runs until 20 August.
    let during = state(&s, "1945-08-19");
    let ids: Vec<&str> = during
        .current_events
        .iter()
        .map(|&i| s.events[i].id.as_str())
        .collect();
    assert_eq!(ids, ["landing"]);
    assert_eq!(during.previous_event, Some(at(&s, "1945-08-18T02:22")));
    let after = state(&s, "1945-08-22");
    assert_eq!(
        after.current_events.len(),
        1,
        "the latest event stays as the caption"
    );
    assert_eq!(after.next_event, Some(at(&s, "1945-08-25")));
}

#[test]
fn layers_with_validity_windows_filter_features() {
    let s = mini();
    let shown = |text: &str| state(&s, text).layer_features[0].1.clone();
    let land = s.layer("land").unwrap();
    let border = land
        .features
        .iter()
        .position(|f| f.id == "old-border")
        .unwrap();
    assert!(shown("1945-08-15").contains(&border));
    assert!(!shown("1945-08-25").contains(&border));
}

#[test]
fn evaluation_is_deterministic_and_fingerprints_track_change() {
    let s = mini();
    let a = state(&s, "1945-08-16");
    let b = state(&s, "1945-08-16");
    assert_eq!(a, b);
    assert_eq!(fingerprint(&a), fingerprint(&b));
    assert_ne!(
        fingerprint(&a),
        fingerprint(&state(&s, "1945-08-17")),
        "a morphing line changes the fingerprint"
    );
    assert_eq!(
        fingerprint(&state(&s, "1945-08-26")),
        fingerprint(&state(&s, "1945-08-27")),
        "nothing moves"
    );
}

/// Regression: at the very first moment the map showed no control at all, because states
/// that hold from the scenario's start faded in from zero like ones that appear later.
#[test]
fn states_holding_at_the_start_are_fully_visible_at_the_start() {
    let s = mini();
    let first = evaluate(&s, s.range.start);
    assert_eq!(
        side_of(&s, &first, "a"),
        [("south".into(), AreaStatus::Controlled, 1.0)]
    );
    // Something that appears later still fades in.
    let appearing = side_of(&s, &state(&s, "1945-08-11T22:30"), "zone");
    assert!((appearing[0].2 - 0.5).abs() < 1e-3, "{appearing:?}");
}

#[test]
fn clip_by_cuts_out_what_other_areas_cover_now() {
    use geo::Area as _;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios/mini.ron");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("(id: \"a\", name: (en: \"Island A\", ja: \"A島\", ru: \"Остров А\"), sources: [\"S1\"],", "(id: \"a\", name: (en: \"Island A\", ja: \"A島\", ru: \"Остров А\"), sources: [\"S1\"], clip_by: [\"zone\"],");
    let mut diagnostics = Vec::new();
    let maps = path.parent().unwrap().parent().unwrap().join("maps");
    let s = tideline::core::load::parse_scenario(
        &text,
        &path,
        &maps,
        DetailLoading::Now,
        &mut diagnostics,
    )
    .unwrap();
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let island_area = |text: &str| {
        let st = state(&s, text);
        let a = st
            .areas
            .iter()
            .find(|a| s.areas[a.area].id == "a")
            .unwrap()
            .clone();
        (a.shape.unsigned_area(), a.clipped)
    };
    let (whole, clipped) = island_area("1945-08-11");
    assert!(!clipped && (whole - 1.0).abs() < 1e-9);
    // The proposed zone covers the island's south-east half on 12 August and all of it by the 14th.
    let (half, clipped) = island_area("1945-08-12T06:00");
    assert!(clipped && half < 0.6 && half > 0.3, "{half}");
    let (none, _) = island_area("1945-08-14T12:00");
    assert!(none < 1e-9, "{none}");
    // Memoised cuts give the same state as fresh ones.
    let once = state(&s, "1945-08-14T12:00");
    let again = state(&s, "1945-08-14T12:00");
    assert_eq!(once, again);
    // Once the zone has ended the island is whole again.
    assert!((island_area("1945-08-17").0 - 1.0).abs() < 1e-9);

    let bad = text.replace("clip_by: [\"zone\"]", "clip_by: [\"nowhere\", \"a\"]");
    let mut diagnostics = Vec::new();
    tideline::core::load::parse_scenario(&bad, &path, &maps, DetailLoading::Now, &mut diagnostics);
    let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        shown
            .iter()
            .any(|m| m.contains("clip_by names unknown area \"nowhere\"")),
        "{shown:?}"
    );
    assert!(
        shown.iter().any(|m| m.contains("cannot clip itself")),
        "{shown:?}"
    );
}

#[test]
fn the_legend_lists_only_sides_that_draw_something() {
    let s = mini();
    let ids = |state: &MapState, counterfactuals: bool| -> Vec<&str> {
        sides_drawn(&s, state, counterfactuals)
            .into_iter()
            .map(|i| s.side(i).id.as_str())
            .collect()
    };
    // Before the front appears only the south holds an area.
    assert_eq!(ids(&state(&s, "1945-08-10T12:00"), true), ["south"]);
    // The front is the north's: its colour is on the map.
    assert_eq!(
        ids(&state(&s, "1945-08-12T12:00"), true),
        ["north", "south"]
    );
    // After the front has ended, the north still holds island A.
    assert_eq!(ids(&state(&s, "1945-08-27"), true), ["north"]);
}

#[test]
fn hidden_counterfactuals_do_not_keep_a_side_in_the_legend() {
    let mut s = mini();
    // Without its front line, the north draws only the counterfactual zone on 13 August.
    s.lines.clear();
    let t = state(&s, "1945-08-13");
    let names = |counterfactuals| -> Vec<String> {
        sides_drawn(&s, &t, counterfactuals)
            .into_iter()
            .map(|i| s.side(i).id.clone())
            .collect()
    };
    assert_eq!(names(true), ["north", "south"]);
    assert_eq!(names(false), ["south"]);
}

/// The sides the legend lists: those drawing something in what is shown.
fn sides_drawn(
    scenario: &tideline::core::model::Scenario,
    state: &tideline::core::timeline::MapState,
    counterfactuals: bool,
) -> Vec<usize> {
    let mut options = tideline::core::visibility::ViewOptions::for_scenario(scenario);
    options.show_counterfactual = counterfactuals;
    let shown = tideline::core::visibility::visible(scenario, state, &options);
    tideline::core::visibility::sides_drawn(&shown, scenario)
}

/// Shumshu on 18 August was drawn hatched as "fighting under way" while the legend explained
/// only the never-happened hatch.
#[test]
fn regression_the_legend_explains_the_hatches_it_shows() {
    use tideline::core::scenario::AreaStatus;
    use tideline::core::visibility::hatched_statuses_drawn;
    let s = campaign();
    let at = |text: &str| {
        let t = tideline::core::time::parse_moment(text, s.zone).unwrap();
        tideline::core::timeline::Evaluator::default().evaluate(&s, t)
    };
    let fighting = hatched_statuses_drawn(&at("1945-08-18T12:00"), &s);
    assert!(fighting.contains(&AreaStatus::Contested), "{fighting:?}");
    // The proposed Hokkaido zone is counterfactual: its hatch has a row of its own.
    assert!(!fighting.contains(&AreaStatus::Proposed), "{fighting:?}");
    let before = hatched_statuses_drawn(&at("1945-08-08T12:00"), &s);
    assert!(!before.contains(&AreaStatus::Contested), "{before:?}");
}

/// The evaluator keeps prepared morphs and cuts between moments; scrubbing forwards and
/// back with one evaluator must show exactly what a fresh evaluation shows.
#[test]
fn a_reused_evaluator_shows_what_a_fresh_evaluation_shows() {
    use tideline::core::time::HOUR;
    use tideline::core::timeline::{Evaluator, evaluate};
    let s = campaign();
    let mut evaluator = Evaluator::default();
    let hours = (s.range.end.0 - s.range.start.0) / HOUR;
    let mut morphed = 0;
    for h in (0..=hours).chain((0..=hours).rev()).step_by(7) {
        let t = tideline::core::time::Moment(s.range.start.0 + h * HOUR);
        let reused = evaluator.evaluate(&s, t);
        assert_eq!(reused, evaluate(&s, t), "at hour {h}");
        morphed += reused.areas.iter().filter(|a| a.interpolated).count();
    }
    assert!(morphed > 0, "the walk should cross morphing hours");
}

/// The shipped 1945 campaign.
fn campaign() -> tideline::core::model::Scenario {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/1945-august-storm.ron");
    tideline::core::load::load_scenario(&path, tideline::core::load::DetailLoading::OnDemand)
        .scenario
        .expect("the 1945 campaign loads")
}
