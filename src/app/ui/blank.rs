//! The black or white screen of a clicker's B, "." and W keys, covering the map and every control.

use crate::app::messages::Blank;
use crate::app::state::BlankScreen;
use crate::app::theme::{UiTheme, c32};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub fn draw(mut contexts: EguiContexts, blank: Res<BlankScreen>, theme: Res<UiTheme>) -> Result {
    let colour = match blank.0 {
        Blank::None => return Ok(()),
        Blank::Black => theme.palette.blackout,
        Blank::White => theme.palette.whiteout,
    };
    let ctx = contexts.ctx_mut()?.clone();
    egui::Area::new("blank".into())
        .order(egui::Order::Foreground)
        .fixed_pos(egui::Pos2::ZERO)
        .show(&ctx, |ui| {
            let rect = ctx.content_rect();
            ui.painter().rect_filled(rect, 0.0, c32(colour));
            // Swallows clicks so nothing under the blank screen reacts.
            ui.allocate_rect(rect, egui::Sense::click());
        });
    Ok(())
}
