//! The caption card: the current events with their dates, summaries, notes, confidence and citations.

use crate::app::theme::c32;
use crate::app::ui::{MapUi, card_frame};
use crate::core::clock::event_time;
use crate::core::i18n::{Word, confidence_name, note_kind_label};
use crate::core::model::{Event, Scenario};
use crate::core::scenario::{Lang, NoteKind};
use crate::core::theme::Theme;
use crate::core::timeline::caption_order;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use egui::RichText;

/// How many current events the card shows at once.
const MAX_EVENTS: usize = 3;

pub fn draw(mut contexts: EguiContexts, ui_state: MapUi) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    show(&ctx, &ui_state, MAX_EVENTS);
    Ok(())
}

/// The card with up to `max_events` current events.
pub fn show(ctx: &egui::Context, ui_state: &MapUi, max_events: usize) {
    let events = &ui_state.evaluated.state.current_events;
    if events.is_empty() {
        return;
    }
    let theme = ui_state.theme();
    let scenario = &ui_state.scenario.0;
    let lang = ui_state.lang();
    let m = &theme.metrics;
    egui::Window::new("caption")
        .title_bar(false)
        .resizable(false)
        .anchor(
            egui::Align2::RIGHT_TOP,
            egui::Vec2::new(-m.edge_gap, m.edge_gap),
        )
        .default_width(m.card_width)
        .max_width(m.card_width)
        .frame(card_frame(theme))
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(ctx.content_rect().height() * 0.6)
                .show(ui, |ui| {
                    let order = caption_order(events, ui_state.clock.selected_event);
                    for (n, index) in order.into_iter().take(max_events).enumerate() {
                        if n > 0 {
                            ui.separator();
                        }
                        event_card(ui, scenario, &scenario.events[index], index, lang, theme);
                    }
                });
        });
}

fn event_card(
    ui: &mut egui::Ui,
    scenario: &Scenario,
    event: &Event,
    index: usize,
    lang: Lang,
    theme: &Theme,
) {
    let t = &theme.text;
    let p = &theme.palette;
    let when = event_time(scenario, event, lang);
    ui.label(
        RichText::new(&when.own)
            .size(t.caption_when)
            .color(c32(p.text_muted)),
    );
    if let Some(scenario_clock) = &when.scenario_clock {
        ui.label(
            RichText::new(format!("= {scenario_clock}"))
                .size(t.small)
                .color(c32(p.text_muted)),
        );
    }
    ui.label(
        RichText::new(event.title.get(lang))
            .size(t.caption_title)
            .strong(),
    );
    ui.label(RichText::new(event.summary.get(lang)).size(t.caption_summary));
    for note in &event.notes {
        ui.add_space(t.caption_note / 4.0);
        // Only a disagreement between sources is a warning; other notes are plain remarks.
        let (mark, colour) = match note.kind {
            NoteKind::Disagreement => ("⚠ ", p.warning),
            _ => ("", p.text_muted),
        };
        ui.label(
            RichText::new(format!(
                "{mark}{}: {}",
                note_kind_label(note.kind, lang),
                note.text.get(lang)
            ))
            .size(t.caption_note)
            .color(c32(colour)),
        );
    }
    ui.add_space(t.caption_note / 4.0);
    ui.label(
        RichText::new(format!(
            "{}: {}",
            Word::Confidence.get(lang),
            confidence_name(event.confidence, lang)
        ))
        .size(t.small),
    );
    egui::CollapsingHeader::new(
        RichText::new(format!(
            "{} ({})",
            Word::Sources.get(lang),
            event.sources.len()
        ))
        .size(t.small),
    )
    .id_salt(("sources", index))
    .show(ui, |ui| {
        for id in &event.sources {
            let citation = scenario
                .sources
                .get(id)
                .map(|s| s.citation.as_str())
                .unwrap_or("?");
            ui.label(RichText::new(format!("[{id}] {citation}")).size(t.citation));
        }
    });
}
