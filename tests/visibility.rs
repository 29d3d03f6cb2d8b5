//! One visibility rule for meshes and writing alike: hidden proposals and hidden place names disappear everywhere.

use glam::Vec2;
use std::path::Path;
use tideline::core::annotations::{Annotations, ScreenRect, annotate};
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::model::Scenario;
use tideline::core::scenario::{Lang, LayerRole};
use tideline::core::theme::SCREEN;
use tideline::core::time::parse_moment;
use tideline::core::timeline::evaluate;
use tideline::core::view::{MapView, Projector};
use tideline::core::visibility::{ViewOptions, visible};

fn campaign() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/1945-august-storm.ron");
    load_scenario(&path, DetailLoading::OnDemand)
        .scenario
        .expect("the campaign loads")
}

/// What is written on a 1920x1080 home view at `date`, with `options`.
fn writing(scenario: &Scenario, date: &str, options: &ViewOptions) -> Annotations {
    let t = parse_moment(date, scenario.zone).unwrap();
    let state = visible(scenario, &evaluate(scenario, t), options);
    let view = MapView::for_scenario(scenario, Vec2::new(1920.0, 1080.0));
    let projector = Projector::new(&view);
    // A fixed-width measure: label sizes matter only for collisions here.
    let mut measure =
        |text: &str, size: f32| Vec2::new(text.chars().count() as f32 * size * 0.6, size);
    annotate(
        scenario,
        &state,
        options,
        &projector,
        Lang::En,
        &SCREEN.text,
        &SCREEN.metrics,
        ScreenRect {
            min: Vec2::ZERO,
            max: Vec2::new(1920.0, 1080.0),
        },
        &mut measure,
    )
}

fn rumoi_index(scenario: &Scenario) -> usize {
    scenario
        .movements
        .iter()
        .position(|m| m.id == "land-rumoi")
        .expect("the cancelled Rumoi landing")
}

/// Regression: with C pressed the Hokkaido zone disappeared but its "never happened" tag
/// stayed on the map.
#[test]
fn hiding_the_proposals_hides_the_never_happened_tag() {
    let s = campaign();
    let mut options = ViewOptions::for_scenario(&s);
    let shown = writing(&s, "1945-08-19T12:00", &options);
    assert!(
        shown
            .tags
            .iter()
            .any(|t| s.areas[t.area].id == "hokkaido-north-zone"),
        "{:?}",
        shown.tags
    );
    options.show_counterfactual = false;
    let hidden = writing(&s, "1945-08-19T12:00", &options);
    assert!(hidden.tags.is_empty(), "{:?}", hidden.tags);
}

/// Regression: with C pressed the cancelled Rumoi landing kept its date label.
#[test]
fn hiding_the_proposals_hides_the_cancelled_landings_date() {
    let s = campaign();
    let rumoi = rumoi_index(&s);
    let mut options = ViewOptions::for_scenario(&s);
    let shown = writing(&s, "1945-08-24T06:00", &options);
    assert!(shown.arrow_dates.iter().any(|d| d.movement == rumoi));
    options.show_counterfactual = false;
    let hidden = writing(&s, "1945-08-24T06:00", &options);
    assert!(hidden.arrow_dates.iter().all(|d| d.movement != rumoi));
}

/// Regression: the "Place names" switch flipped and nothing changed.
#[test]
fn the_place_names_switch_hides_the_place_labels() {
    let s = campaign();
    let mut options = ViewOptions::for_scenario(&s);
    assert!(!writing(&s, "1945-08-20", &options).places.is_empty());
    for (index, layer) in s.layers.iter().enumerate() {
        if layer.spec.role == LayerRole::Labels {
            options.layers[index] = false;
        }
    }
    let hidden = writing(&s, "1945-08-20", &options);
    assert!(
        hidden
            .places
            .iter()
            .all(|p| s.places[p.place].layer.is_none()),
        "only the scenario's own places may remain: {:?}",
        hidden.places.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
}

#[test]
fn the_visible_state_keeps_everything_else() {
    let s = campaign();
    let t = parse_moment("1945-08-19T12:00", s.zone).unwrap();
    let state = evaluate(&s, t);
    let mut options = ViewOptions::for_scenario(&s);
    assert_eq!(visible(&s, &state, &options), state);
    options.show_counterfactual = false;
    let hidden = visible(&s, &state, &options);
    assert_eq!(
        hidden.areas.len(),
        state
            .areas
            .iter()
            .filter(|a| !s.areas[a.area].counterfactual)
            .count()
    );
    assert_eq!(hidden.current_events, state.current_events);
}
