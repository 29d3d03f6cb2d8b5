//! The measuring readout: the path drawn on the map, its great-circle length in kilometres and nautical miles, and each leg's bearing.

use crate::app::camera::View;
use crate::app::messages::ToolCommand;
use crate::app::theme::c32;
use crate::app::tools::measure::Measuring;
use crate::app::ui::halo::{HaloAtlas, halo_text};
use crate::app::ui::{MapUi, card_frame};
use crate::core::i18n::Word;
use crate::core::measure::{Measurement, format_leg, format_length};
use crate::core::view::Projector;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use egui::RichText;

pub fn draw(
    mut contexts: EguiContexts,
    ui_state: MapUi,
    measuring: Res<Measuring>,
    view: Res<View>,
    mut tools: MessageWriter<ToolCommand>,
    mut halos: ResMut<HaloAtlas>,
) -> Result {
    if !measuring.active && measuring.points.is_empty() {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?.clone();
    let theme = ui_state.theme();
    let lang = ui_state.lang();
    let p = &theme.palette;
    let m = &theme.metrics;
    // The path on the map.
    let painter = ctx.layer_painter(egui::LayerId::new(egui::Order::Middle, "measure".into()));
    let projector = Projector::new(&view.0);
    let points: Vec<egui::Pos2> = measuring
        .points
        .iter()
        .filter_map(|&(lon, lat)| projector.project(lon, lat))
        .map(|v| egui::Pos2::new(v.x, v.y))
        .collect();
    let stroke = egui::Stroke::new(m.tick_width * 1.5, c32(p.accent));
    for pair in points.windows(2) {
        painter.line_segment([pair[0], pair[1]], stroke);
    }
    for point in &points {
        painter.circle(*point, m.dot, c32(p.accent_text), stroke);
    }
    let measurement = Measurement::of(&measuring.points);
    if let Some(last) = points.last()
        && !measurement.legs.is_empty()
    {
        halo_text(
            &painter,
            &mut halos,
            *last + egui::Vec2::new(m.dot * 2.0, m.dot),
            &format_length(measurement.km(), lang),
            egui::FontId::proportional(theme.text.label_major),
            c32(p.accent),
            theme,
        );
    }
    egui::Window::new(Word::Measure.get(lang))
        .id("measure".into())
        .resizable(false)
        .collapsible(false)
        .anchor(
            egui::Align2::RIGHT_BOTTOM,
            egui::Vec2::new(-m.edge_gap, -(m.timeline_height + m.edge_gap)),
        )
        .frame(card_frame(theme))
        .show(&ctx, |ui| {
            if measurement.legs.is_empty() {
                ui.label(RichText::new(Word::MeasureHint.get(lang)).size(theme.text.small));
            } else {
                ui.label(
                    RichText::new(format_length(measurement.km(), lang))
                        .size(theme.text.caption_title)
                        .strong(),
                );
                for (n, leg) in measurement.legs.iter().enumerate() {
                    ui.label(
                        RichText::new(format!("{}. {}", n + 1, format_leg(leg, lang)))
                            .size(theme.text.small),
                    );
                }
            }
            if ui.button(Word::Clear.get(lang)).clicked() {
                tools.write(ToolCommand::ClearMeasure);
            }
        });
    Ok(())
}
