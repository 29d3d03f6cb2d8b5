//! The layers panel: the home view, a switch per layer (place names included), the never-happened proposals, and the legend.

use crate::app::messages::{DisplayCommand, ToolCommand, ViewCommand};
use crate::app::tools::compare::Compare;
use crate::app::tools::measure::Measuring;
use crate::app::ui::{MapUi, card_frame, legend};
use crate::core::i18n::Word;
use crate::core::scenario::LayerRole;
use crate::core::time::{DateStyle, format_moment};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub fn draw(
    mut contexts: EguiContexts,
    ui_state: MapUi,
    compare: Res<Compare>,
    measuring: Res<Measuring>,
    mut display_commands: MessageWriter<DisplayCommand>,
    mut view_commands: MessageWriter<ViewCommand>,
    mut tools: MessageWriter<ToolCommand>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let theme = ui_state.theme();
    let scenario = &ui_state.scenario.0;
    let lang = ui_state.lang();
    let gap = theme.metrics.edge_gap;
    let compared_label = compare.at.map(|t| {
        format!(
            "{} ({})",
            format_moment(
                t,
                scenario.zone,
                lang,
                DateStyle::for_resolution(scenario.meta.resolution)
            ),
            Word::Compare.get(lang)
        )
    });
    egui::Window::new(Word::LayersAndLegend.get(lang))
        .id("layers".into())
        .anchor(egui::Align2::LEFT_TOP, egui::Vec2::new(gap, gap))
        .default_open(false)
        .resizable(false)
        .frame(card_frame(theme))
        .show(&ctx, |ui| {
            ui.horizontal(|ui| {
                if ui.button(Word::WholeRegion.get(lang)).clicked() {
                    view_commands.write(ViewCommand::FitHome);
                }
                if ui
                    .button(format!("{} (E)", Word::EventList.get(lang)))
                    .clicked()
                {
                    tools.write(ToolCommand::ToggleEventList);
                }
                if ui
                    .selectable_label(measuring.active, format!("{} (M)", Word::Measure.get(lang)))
                    .clicked()
                {
                    tools.write(ToolCommand::ToggleMeasure);
                }
            });
            ui.horizontal(|ui| {
                ui.label(Word::Compare.get(lang));
                let chosen = compare.at.map_or_else(
                    || Word::Off.get(lang).to_owned(),
                    |t| {
                        format_moment(
                            t,
                            scenario.zone,
                            lang,
                            DateStyle::for_resolution(scenario.meta.resolution),
                        )
                    },
                );
                egui::ComboBox::from_id_salt("compare")
                    .selected_text(chosen)
                    .height(theme.metrics.card_width)
                    .show_ui(ui, |ui| {
                        if ui
                            .selectable_label(compare.at.is_none(), Word::Off.get(lang))
                            .clicked()
                        {
                            tools.write(ToolCommand::CompareWith(None));
                        }
                        if ui
                            .selectable_label(false, Word::PreviousEventDate.get(lang))
                            .clicked()
                        {
                            tools.write(ToolCommand::CompareWithPreviousEvent);
                        }
                        for event in &scenario.events {
                            let label = format!(
                                "{} — {}",
                                format_moment(event.at, scenario.zone, lang, DateStyle::Date),
                                event.title.get(lang)
                            );
                            if ui
                                .selectable_label(compare.at == Some(event.at), label)
                                .clicked()
                            {
                                tools.write(ToolCommand::CompareWith(Some(event.at)));
                            }
                        }
                    });
            });
            for (index, layer) in scenario.layers.iter().enumerate() {
                // Overlay layers only lend shapes to areas and lines: nothing to switch.
                if layer.spec.role == LayerRole::Overlay {
                    continue;
                }
                let mut on = ui_state.shown.layer_shown(index);
                if ui.checkbox(&mut on, layer.spec.name.get(lang)).changed() {
                    display_commands.write(DisplayCommand::SetLayer(index, on));
                }
            }
            let mut counterfactual = ui_state.shown.show_counterfactual;
            if ui
                .checkbox(&mut counterfactual, Word::ShowCounterfactual.get(lang))
                .changed()
            {
                display_commands.write(DisplayCommand::SetCounterfactual(counterfactual));
            }
            ui.separator();
            legend::Legend::layout(
                ui.painter(),
                scenario,
                &ui_state.evaluated.visible,
                lang,
                theme,
                legend::LegendParts {
                    sides: true,
                    lines: true,
                    interpolated_note: true,
                    compared: compared_label.as_deref(),
                },
            )
            .show(ui, theme);
        });
    Ok(())
}
