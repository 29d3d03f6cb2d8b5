//! The time slider: the scenario's range, event ticks that jump on click or tap, the handle at the clock, scrubbing by drag.

use crate::app::messages::TimeCommand;
use crate::app::theme::c32;
use crate::app::ui::MapUi;
use crate::core::scenario::Confidence;
use crate::core::time::{DateStyle, format_moment, snap};
use bevy::prelude::*;
use bevy_egui::egui;
use egui::{Pos2, Stroke, Vec2 as EVec2};

pub fn show(ui: &mut egui::Ui, ui_state: &MapUi, time_commands: &mut MessageWriter<TimeCommand>) {
    let theme = ui_state.theme();
    let m = &theme.metrics;
    let p = &theme.palette;
    let scenario = &ui_state.scenario.0;
    let clock = &*ui_state.clock;
    let lang = ui_state.lang();
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(
        EVec2::new(width, m.slider_height),
        egui::Sense::click_and_drag(),
    );
    let painter = ui.painter_at(rect);
    let half = m.track_thickness / 2.0;
    let track = egui::Rect::from_min_max(
        Pos2::new(rect.left() + m.slider_inset, rect.center().y - half),
        Pos2::new(rect.right() - m.slider_inset, rect.center().y + half),
    );
    painter.rect_filled(track, half, c32(p.slider_track));
    let x_of = |t| track.left() + track.width() * scenario.range.fraction(t) as f32;
    let done = egui::Rect::from_min_max(track.min, Pos2::new(x_of(clock.t), track.max.y));
    painter.rect_filled(done, half, c32(p.slider_done));

    // The tick nearest the pointer, within reach of a finger or a cursor.
    let pointer = response.hover_pos().or(response.interact_pointer_pos());
    let mut nearest: Option<(usize, f32)> = None;
    for (index, event) in scenario.events.iter().enumerate() {
        let x = x_of(event.at);
        let colour = if event.confidence == Confidence::High {
            p.tick_high
        } else {
            p.tick_low
        };
        painter.line_segment(
            [
                Pos2::new(x, track.top() - m.tick_length - 2.0),
                Pos2::new(x, track.top() - 2.0),
            ],
            Stroke::new(m.tick_width, c32(colour)),
        );
        if let Some(pointer) = pointer {
            let d = (pointer.x - x).abs();
            if d < m.tick_hit && nearest.is_none_or(|(_, best)| d < best) {
                nearest = Some((index, d));
            }
        }
    }
    let handle = Pos2::new(x_of(clock.t), track.center().y);
    painter.circle_filled(handle, m.handle_radius, c32(p.slider_handle));
    painter.circle_stroke(
        handle,
        m.handle_radius,
        Stroke::new(m.handle_ring, c32(p.slider_handle_ring)),
    );

    if let Some((index, _)) = nearest
        && response.hovered()
    {
        let event = &scenario.events[index];
        response.clone().on_hover_text(format!(
            "{} — {}",
            format_moment(event.at, scenario.zone, lang, DateStyle::Date),
            event.title.get(lang)
        ));
    }
    let Some(pointer) = response.interact_pointer_pos() else {
        return;
    };
    if response.clicked()
        && let Some((index, _)) = nearest
    {
        time_commands.write(TimeCommand::SelectEvent(index));
    } else if response.clicked() || response.dragged() {
        let fraction = ((pointer.x - track.left()) / track.width()).clamp(0.0, 1.0) as f64;
        let t = scenario.range.at_fraction(fraction);
        let target = snap(t, scenario.meta.resolution, scenario.zone).max(scenario.range.start);
        if target != clock.t || clock.playing {
            time_commands.write(TimeCommand::Scrub(target));
        }
    }
}
