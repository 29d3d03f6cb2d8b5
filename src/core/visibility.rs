//! One rule for what is shown: layers switched on or off and the never-happened proposals, applied to an evaluated state.

use crate::core::model::{Place, Scenario};
use crate::core::scenario::AreaStatus;
use crate::core::timeline::MapState;

/// What the viewer has chosen to see.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewOptions {
    /// One flag per scenario layer.
    pub layers: Vec<bool>,
    /// Draw things proposed but never carried out (the Hokkaido partition).
    pub show_counterfactual: bool,
}

impl ViewOptions {
    /// The scenario's own defaults: each layer as its `visible` says, proposals shown.
    pub fn for_scenario(scenario: &Scenario) -> ViewOptions {
        ViewOptions {
            layers: scenario.layers.iter().map(|l| l.spec.visible).collect(),
            show_counterfactual: true,
        }
    }

    pub fn layer_shown(&self, index: usize) -> bool {
        self.layers.get(index).copied().unwrap_or(true)
    }

    pub fn toggle_layer(&mut self, index: usize) {
        if let Some(flag) = self.layers.get_mut(index) {
            *flag = !*flag;
        }
    }

    /// A place's label is shown when the labels layer it comes from is.
    pub fn place_shown(&self, place: &Place) -> bool {
        place.layer.is_none_or(|layer| self.layer_shown(layer))
    }

    pub fn counterfactual_shown(&self, counterfactual: bool) -> bool {
        !counterfactual || self.show_counterfactual
    }

    /// Keeps the choices that still apply after the scenario was reloaded: layers matched by id.
    pub fn carried_over(&self, old: &Scenario, new: &Scenario) -> ViewOptions {
        let layers = new
            .layers
            .iter()
            .map(|layer| {
                old.layers
                    .iter()
                    .position(|l| l.spec.id == layer.spec.id)
                    .map_or(layer.spec.visible, |i| self.layer_shown(i))
            })
            .collect();
        ViewOptions {
            layers,
            show_counterfactual: self.show_counterfactual,
        }
    }
}

/// The part of an evaluated state the viewer has chosen to see. Meshes, labels, tags and
/// legends all read this, so a hidden item is hidden everywhere.
pub fn visible(scenario: &Scenario, state: &MapState, options: &ViewOptions) -> MapState {
    let cf = |counterfactual: bool| options.counterfactual_shown(counterfactual);
    MapState {
        areas: state
            .areas
            .iter()
            .filter(|a| cf(scenario.areas[a.area].counterfactual))
            .cloned()
            .collect(),
        lines: state
            .lines
            .iter()
            .filter(|l| cf(scenario.lines[l.line].counterfactual))
            .cloned()
            .collect(),
        movements: state
            .movements
            .iter()
            .filter(|m| cf(scenario.movements[m.movement].counterfactual))
            .cloned()
            .collect(),
        ..state.clone_without_items()
    }
}

/// The places whose labels may be drawn.
pub fn shown_places<'s>(
    scenario: &'s Scenario,
    options: &'s ViewOptions,
) -> impl Iterator<Item = &'s Place> {
    scenario.places.iter().filter(|p| options.place_shown(p))
}

/// The hatched statuses (fighting under way, disputed…) of real areas drawn in `state`, in
/// the order they first appear: the legend explains each hatch it shows. Counterfactual areas
/// are left out; the legend has its own "never happened" row for them.
pub fn hatched_statuses_drawn(state: &MapState, scenario: &Scenario) -> Vec<AreaStatus> {
    let mut statuses = Vec::new();
    for a in &state.areas {
        let hatched =
            crate::core::style::area_look(a.status, crate::core::style::NEUTRAL, false).hatched;
        if a.alpha > 0.0
            && hatched
            && !scenario.areas[a.area].counterfactual
            && !statuses.contains(&a.status)
        {
            statuses.push(a.status);
        }
    }
    statuses
}

/// The sides that draw something in `state` (areas, lines or arrows), in scenario order:
/// the legend lists only these.
pub fn sides_drawn(state: &MapState, scenario: &Scenario) -> Vec<usize> {
    let mut used = vec![false; scenario.sides.len()];
    let mut mark = |side: Option<usize>| {
        if let Some(flag) = side.and_then(|s| used.get_mut(s)) {
            *flag = true;
        }
    };
    for a in &state.areas {
        if a.alpha > 0.0 {
            mark(Some(a.side));
        }
    }
    for l in &state.lines {
        if l.alpha > 0.0 {
            mark(l.side);
        }
    }
    for m in &state.movements {
        if m.alpha > 0.0 && m.progress > 0.0 {
            mark(Some(scenario.movements[m.movement].side));
        }
    }
    used.iter()
        .enumerate()
        .filter(|(_, u)| **u)
        .map(|(i, _)| i)
        .collect()
}
