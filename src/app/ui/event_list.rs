//! The event list (E or the button): every event in order with its date, title and confidence, a search box, and a jump on click.

use crate::app::messages::{TimeCommand, ViewCommand};
use crate::app::theme::c32;
use crate::app::tools::EventListShown;
use crate::app::ui::{MapUi, card_frame};
use crate::core::clock::event_time;
use crate::core::i18n::{Word, confidence_name};
use crate::core::scenario::Confidence;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use egui::RichText;

/// True when an event matches the search in the viewer's language or in English.
pub fn matches_search(text: &str, search: &str) -> bool {
    let search = search.trim().to_lowercase();
    search.is_empty() || text.to_lowercase().contains(&search)
}

pub fn draw(
    mut contexts: EguiContexts,
    ui_state: MapUi,
    mut shown: ResMut<EventListShown>,
    mut search: Local<String>,
    mut theatre: Local<Option<usize>>,
    mut time: MessageWriter<TimeCommand>,
    mut view: MessageWriter<ViewCommand>,
) -> Result {
    if !shown.0 {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?.clone();
    let theme = ui_state.theme();
    let t = &theme.text;
    let m = &theme.metrics;
    let lang = ui_state.lang();
    let scenario = &ui_state.scenario.0;
    let mut open = true;
    egui::Window::new(Word::EventList.get(lang))
        .id("event-list".into())
        .open(&mut open)
        .anchor(
            egui::Align2::LEFT_TOP,
            egui::Vec2::new(m.edge_gap, m.edge_gap * 5.0),
        )
        .default_width(m.card_width)
        .default_height(ctx.content_rect().height() * 0.6)
        .frame(card_frame(theme))
        .show(&ctx, |ui| {
            ui.horizontal(|ui| {
                ui.label(Word::Search.get(lang));
                ui.text_edit_singleline(&mut *search);
            });
            if !scenario.theatres.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .selectable_label(theatre.is_none(), Word::AllTheatres.get(lang))
                        .clicked()
                    {
                        *theatre = None;
                    }
                    for (index, t) in scenario.theatres.iter().enumerate() {
                        if ui
                            .selectable_label(*theatre == Some(index), t.name.get(lang))
                            .clicked()
                        {
                            *theatre = Some(index);
                        }
                    }
                });
            }
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                for (index, event) in scenario.events.iter().enumerate() {
                    let title = event.title.get(lang);
                    if !matches_search(title, &search) && !matches_search(&event.title.en, &search)
                    {
                        continue;
                    }
                    if theatre.is_some() && event.theatre != *theatre {
                        continue;
                    }
                    // Each event on the clock its source uses, with the clock named.
                    let date = event_time(scenario, event, lang).own;
                    let current = ui_state.evaluated.state.current_events.contains(&index);
                    let colour = if event.confidence == Confidence::High {
                        theme.palette.text
                    } else {
                        theme.palette.warning
                    };
                    let label = RichText::new(format!(
                        "{date} — {title} ({})",
                        confidence_name(event.confidence, lang)
                    ))
                    .size(t.small)
                    .color(c32(colour));
                    if ui.selectable_label(current, label).clicked() {
                        time.write(TimeCommand::SelectEvent(index));
                        if let Some(focus) = event.focus {
                            view.write(ViewCommand::Focus(focus));
                        }
                    }
                }
            });
        });
    if !open {
        shown.0 = false;
    }
    Ok(())
}
