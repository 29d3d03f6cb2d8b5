//! The kiosk's screens: the attract loop's large caption and "Touch to explore", the touch controls, the idle countdown, and the staff's PIN pad.

use crate::app::messages::{DisplayCommand, TimeCommand};
use crate::app::modes::kiosk::{Kiosk, KioskSetup, submit_pin};
use crate::app::theme::c32;
use crate::app::ui::{MapUi, caption, card_frame, overlay_frame, timeline_bar};
use crate::core::i18n::{Word, returning_in};
use crate::core::kiosk::KioskPhase;
use crate::core::scenario::Lang;
use crate::core::time::{DateStyle, format_moment};
use crate::core::timeline::caption_order;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use egui::RichText;

pub fn draw(
    mut contexts: EguiContexts,
    ui_state: MapUi,
    setup: Res<KioskSetup>,
    mut kiosk: ResMut<Kiosk>,
    mut time_commands: MessageWriter<TimeCommand>,
    mut display_commands: MessageWriter<DisplayCommand>,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    match kiosk.cycle.phase {
        KioskPhase::Attract => attract(&ctx, &ui_state),
        KioskPhase::Explore { .. } | KioskPhase::Warning { .. } => {
            let mut root = egui::Ui::new(
                ctx.clone(),
                "kiosk-root".into(),
                egui::UiBuilder::new()
                    .layer_id(egui::LayerId::background())
                    .max_rect(ctx.content_rect()),
            );
            timeline_bar::show(
                &mut root,
                &ui_state,
                &mut time_commands,
                &mut display_commands,
                &setup.config.languages,
            );
            caption::show(&ctx, &ui_state, 2);
            if let Some(seconds) = kiosk.cycle.countdown() {
                warning(&ctx, &ui_state, seconds);
            }
        }
    }
    if kiosk.pad.is_some() {
        pin_pad(&ctx, &ui_state, &setup, &mut kiosk, &mut exit);
    }
    Ok(())
}

/// The loop's caption: the event's date and title, large and short, and the invitation in
/// every language the kiosk offers.
fn attract(ctx: &egui::Context, ui_state: &MapUi) {
    let theme = ui_state.theme();
    let t = &theme.text;
    let scenario = &ui_state.scenario.0;
    let lang = ui_state.lang();
    let gap = theme.metrics.edge_gap;
    let lead = caption_order(
        &ui_state.evaluated.state.current_events,
        ui_state.clock.selected_event,
    )
    .first()
    .copied();
    egui::Area::new("kiosk-attract-caption".into())
        .anchor(egui::Align2::LEFT_TOP, egui::Vec2::new(gap, gap))
        .interactable(false)
        .show(ctx, |ui| {
            overlay_frame(theme).show(ui, |ui| {
                ui.set_max_width(ctx.content_rect().width() * 0.55);
                let date = format_moment(ui_state.clock.t, scenario.zone, lang, DateStyle::Date);
                ui.label(RichText::new(date).size(t.overlay_date).strong());
                if let Some(index) = lead {
                    ui.label(
                        RichText::new(scenario.events[index].title.get(lang))
                            .size(t.overlay_caption),
                    );
                }
            });
        });
    egui::Area::new("kiosk-touch-prompt".into())
        .anchor(
            egui::Align2::CENTER_BOTTOM,
            egui::Vec2::new(0.0, -gap * 3.0),
        )
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(c32(theme.palette.accent))
                .inner_margin(theme.metrics.card_margin * 1.5)
                .corner_radius(theme.metrics.card_rounding)
                .show(ui, |ui| {
                    ui.vertical_centered(|ui| {
                        for lang in Lang::ALL {
                            ui.label(
                                RichText::new(Word::TouchToExplore.get(lang))
                                    .size(t.prompt * if lang == Lang::En { 1.0 } else { 0.7 })
                                    .color(c32(theme.palette.accent_text)),
                            );
                        }
                    });
                });
        });
}

/// "Returning to the start in 10…", in the visitor's language.
fn warning(ctx: &egui::Context, ui_state: &MapUi, seconds: u32) {
    let theme = ui_state.theme();
    let lang = ui_state.lang();
    egui::Area::new("kiosk-warning".into())
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .order(egui::Order::Foreground)
        .interactable(false)
        .show(ctx, |ui| {
            card_frame(theme).show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    ui.label(
                        RichText::new(returning_in(lang, seconds))
                            .size(theme.text.prompt)
                            .strong()
                            .color(c32(theme.palette.warning)),
                    );
                    ui.label(RichText::new(Word::TouchToStay.get(lang)).size(theme.text.heading));
                });
            });
        });
}

/// The staff's PIN pad: large digits, erase, enter, cancel.
fn pin_pad(
    ctx: &egui::Context,
    ui_state: &MapUi,
    setup: &KioskSetup,
    kiosk: &mut Kiosk,
    exit: &mut MessageWriter<AppExit>,
) {
    let theme = ui_state.theme();
    let lang = ui_state.lang();
    let button = egui::Vec2::splat(theme.metrics.target_height * 1.6);
    let mut submit = false;
    let mut cancel = false;
    egui::Window::new(Word::StaffPin.get(lang))
        .id("kiosk-pin".into())
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .collapsible(false)
        .resizable(false)
        .order(egui::Order::Foreground)
        .frame(card_frame(theme))
        .show(ctx, |ui| {
            let Some(pad) = kiosk.pad.as_mut() else {
                return;
            };
            let dots: String = "●".repeat(pad.typed.len());
            ui.label(
                RichText::new(if dots.is_empty() { " ".into() } else { dots })
                    .size(theme.text.heading),
            );
            if kiosk.wrong_pin {
                ui.label(
                    RichText::new(Word::WrongPin.get(lang))
                        .size(theme.text.body)
                        .color(c32(theme.palette.warning)),
                );
            }
            egui::Grid::new("kiosk-pin-digits").show(ui, |ui| {
                for row in [[1, 2, 3], [4, 5, 6], [7, 8, 9]] {
                    for d in row {
                        if ui
                            .add_sized(
                                button,
                                egui::Button::new(
                                    RichText::new(d.to_string()).size(theme.text.heading),
                                ),
                            )
                            .clicked()
                        {
                            pad.type_digit(d);
                        }
                    }
                    ui.end_row();
                }
                if ui
                    .add_sized(
                        button,
                        egui::Button::new(
                            RichText::new(Word::Erase.get(lang)).size(theme.text.body),
                        ),
                    )
                    .clicked()
                {
                    pad.erase();
                }
                if ui
                    .add_sized(
                        button,
                        egui::Button::new(RichText::new("0").size(theme.text.heading)),
                    )
                    .clicked()
                {
                    pad.type_digit(0);
                }
                if ui
                    .add_sized(
                        button,
                        egui::Button::new(
                            RichText::new(Word::Enter.get(lang)).size(theme.text.body),
                        ),
                    )
                    .clicked()
                {
                    submit = true;
                }
                ui.end_row();
            });
            if ui
                .add_sized(
                    egui::Vec2::new(button.x * 3.0, theme.metrics.target_height),
                    egui::Button::new(RichText::new(Word::Cancel.get(lang)).size(theme.text.body)),
                )
                .clicked()
            {
                cancel = true;
            }
        });
    if submit {
        submit_pin(kiosk, setup, exit);
    }
    if cancel {
        kiosk.pad = None;
        kiosk.wrong_pin = false;
    }
}
