//! The bottom bar: the date on the scenario's clock, play and pause, previous and next event, speed, language, and the slider.

use crate::app::messages::{DisplayCommand, TimeCommand};
use crate::app::theme::c32;
use crate::app::ui::{MapUi, slider};
use crate::core::i18n::{Word, language_name};
use crate::core::scenario::Lang;
use crate::core::time::{DateStyle, format_moment};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub fn draw(
    mut contexts: EguiContexts,
    ui_state: MapUi,
    mut time_commands: MessageWriter<TimeCommand>,
    mut display_commands: MessageWriter<DisplayCommand>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let mut root = egui::Ui::new(
        ctx.clone(),
        "tideline-root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.content_rect()),
    );
    show(
        &mut root,
        &ui_state,
        &mut time_commands,
        &mut display_commands,
        &Lang::ALL,
    );
    Ok(())
}

/// The bar itself, also used by kiosk mode with its own languages.
pub fn show(
    root: &mut egui::Ui,
    ui_state: &MapUi,
    time_commands: &mut MessageWriter<TimeCommand>,
    display_commands: &mut MessageWriter<DisplayCommand>,
    languages: &[Lang],
) {
    let theme = ui_state.theme();
    let scenario = &ui_state.scenario.0;
    let clock = &*ui_state.clock;
    let state = &ui_state.evaluated.state;
    let lang = ui_state.lang();
    let policy = scenario.meta.resolution.policy();
    egui::Panel::bottom("timeline")
        .exact_size(theme.metrics.timeline_height)
        .frame(
            egui::Frame::new()
                .fill(c32(theme.palette.bar))
                .inner_margin(theme.metrics.bar_margin),
        )
        .show(root, |ui| {
            ui.horizontal(|ui| {
                let date = format_moment(
                    clock.t,
                    scenario.zone,
                    lang,
                    DateStyle::for_resolution(scenario.meta.resolution),
                );
                ui.label(egui::RichText::new(date).size(theme.text.date).strong());
                let zone = match scenario.clock_name(scenario.zone) {
                    Some(name) => format!("{} ({})", name.get(lang), scenario.zone.label()),
                    None => scenario.zone.label(),
                };
                ui.label(
                    egui::RichText::new(zone)
                        .size(theme.text.small)
                        .color(c32(theme.palette.text_muted)),
                );
                ui.add_space(theme.metrics.edge_gap);
                let play = if clock.playing {
                    Word::Pause
                } else {
                    Word::Play
                };
                if ui
                    .button(egui::RichText::new(play.get(lang)).size(theme.text.play))
                    .clicked()
                {
                    time_commands.write(TimeCommand::TogglePlay);
                }
                if ui
                    .add_enabled(
                        state.previous_event.is_some(),
                        egui::Button::new(Word::PreviousEvent.get(lang)),
                    )
                    .clicked()
                {
                    time_commands.write(TimeCommand::StepEvent(-1));
                }
                if ui
                    .add_enabled(
                        state.next_event.is_some(),
                        egui::Button::new(Word::NextEvent.get(lang)),
                    )
                    .clicked()
                {
                    time_commands.write(TimeCommand::StepEvent(1));
                }
                ui.add_space(theme.metrics.edge_gap);
                ui.label(Word::Speed.get(lang));
                let unit = policy.speed_word().get(lang);
                egui::ComboBox::from_id_salt("speed")
                    .selected_text(format!("{} {unit}", speed_label(clock.speed)))
                    .show_ui(ui, |ui| {
                        for speed in policy.speeds {
                            let label = format!("{} {unit}", speed_label(speed));
                            if ui
                                .selectable_label((clock.speed - speed).abs() < 1e-9, label)
                                .clicked()
                            {
                                time_commands.write(TimeCommand::SetSpeed(speed));
                            }
                        }
                    });
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    for candidate in languages.iter().rev() {
                        if ui
                            .selectable_label(lang == *candidate, language_name(*candidate))
                            .clicked()
                        {
                            display_commands.write(DisplayCommand::SetLang(*candidate));
                        }
                    }
                });
            });
            ui.add_space(theme.metrics.bar_margin / 2.0);
            slider::show(ui, ui_state, time_commands);
        });
}

fn speed_label(speed: f64) -> String {
    if speed >= 100.0 {
        format!("{speed:.0}")
    } else {
        format!("{speed}")
    }
}
