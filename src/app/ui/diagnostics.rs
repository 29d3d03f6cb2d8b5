//! The reload problems panel: every error in the files on disk with file:line:column and what to do, until they are fixed.

use crate::app::loading::LoadProblems;
use crate::app::theme::{UiTheme, c32};
use crate::app::ui::card_frame;
use crate::core::diagnostics::error_count;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub fn draw(
    mut contexts: EguiContexts,
    problems: Res<LoadProblems>,
    theme: Res<UiTheme>,
    language: Res<crate::app::state::Language>,
) -> Result {
    if error_count(&problems.diagnostics) == 0 {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?.clone();
    let gap = theme.metrics.edge_gap;
    egui::Window::new("reload-problems")
        .title_bar(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, egui::Vec2::new(0.0, gap))
        .max_width(ctx.content_rect().width() * 0.7)
        .frame(card_frame(&theme))
        .show(&ctx, |ui| {
            ui.label(
                egui::RichText::new(crate::core::i18n::files_have_errors(
                    language.0,
                    error_count(&problems.diagnostics),
                ))
                .strong()
                .color(c32(theme.palette.warning)),
            );
            egui::ScrollArea::vertical()
                .max_height(ctx.content_rect().height() * 0.4)
                .show(ui, |ui| {
                    for d in &problems.diagnostics {
                        ui.label(
                            egui::RichText::new(d.to_string())
                                .monospace()
                                .size(theme.text.small),
                        );
                    }
                });
        });
    Ok(())
}
