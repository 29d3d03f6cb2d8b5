//! The feature card: the record of what was clicked, with its names, side and status now, dated keyframes, confidence, sources and notes.

use crate::app::messages::ToolCommand;
use crate::app::theme::c32;
use crate::app::tools::inspect::Inspected;
use crate::app::ui::{MapUi, card_frame};
use crate::core::i18n::Word;
use crate::core::record::{confidence_line, record};
use crate::core::time::{DateStyle, format_moment};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use egui::RichText;

pub fn draw(
    mut contexts: EguiContexts,
    ui_state: MapUi,
    inspected: Res<Inspected>,
    mut tools: MessageWriter<ToolCommand>,
) -> Result {
    let Some(picked) = inspected.0 else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?.clone();
    let theme = ui_state.theme();
    let t = &theme.text;
    let p = &theme.palette;
    let lang = ui_state.lang();
    let scenario = &ui_state.scenario.0;
    let card = record(scenario, &ui_state.evaluated.state, picked, lang);
    let m = &theme.metrics;
    egui::Window::new("feature-card")
        .title_bar(false)
        .resizable(false)
        .anchor(
            egui::Align2::LEFT_BOTTOM,
            egui::Vec2::new(m.edge_gap, -(m.timeline_height + m.edge_gap)),
        )
        .default_width(m.card_width)
        .max_width(m.card_width)
        .frame(card_frame(theme))
        .show(&ctx, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(&card.name).size(t.caption_title).strong());
                if ui.button("×").clicked() {
                    tools.write(ToolCommand::CloseCard);
                }
            });
            if let Some(other) = &card.other_name {
                ui.label(
                    RichText::new(other)
                        .size(t.caption_summary)
                        .color(c32(p.text_muted)),
                );
            }
            if let Some(now) = &card.now {
                ui.label(RichText::new(now).size(t.caption_summary));
            }
            if card.interpolated {
                ui.label(
                    RichText::new(Word::Interpolated.get(lang))
                        .size(t.small)
                        .color(c32(p.text_muted)),
                );
            }
            for state in &card.keyframes {
                let when = format_moment(
                    state.at,
                    scenario.zone,
                    lang,
                    DateStyle::for_resolution(scenario.meta.resolution),
                );
                let line = format!(
                    "{} {when}: {}",
                    if state.current { "▶" } else { "·" },
                    state.text
                );
                let text = RichText::new(line).size(t.small);
                ui.label(if state.current { text.strong() } else { text });
            }
            if let Some(confidence) = card.confidence {
                ui.label(RichText::new(confidence_line(confidence, lang)).size(t.small));
            }
            for note in &card.notes {
                ui.label(
                    RichText::new(note)
                        .size(t.caption_note)
                        .color(c32(p.warning)),
                );
            }
            if !card.citations.is_empty() {
                ui.separator();
                ui.label(
                    RichText::new(Word::Sources.get(lang))
                        .size(t.small)
                        .strong(),
                );
                for c in &card.citations {
                    ui.label(RichText::new(format!("[{}] {}", c.id, c.text)).size(t.citation));
                    if let Some(url) = &c.url {
                        ui.hyperlink_to(RichText::new(url).size(t.citation), url);
                    }
                }
            }
        });
    Ok(())
}
