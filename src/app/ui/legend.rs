//! The one legend: the sides drawing something now and the grammar of line statuses, for the layers panel and the overlay alike.

use crate::app::theme::c32;
use crate::core::i18n::{LEGEND_LINE_STATUSES, Word, line_status_name};
use crate::core::model::Scenario;
use crate::core::scenario::{AreaStatus, Lang, LineStatus};
use crate::core::style::{Rgba, area_look, line_look};
use crate::core::theme::Theme;
use crate::core::timeline::MapState;
use crate::core::visibility::sides_drawn;
use bevy_egui::egui;
use egui::{Pos2, RichText, Stroke};

/// What the legend lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegendParts<'a> {
    pub sides: bool,
    pub lines: bool,
    pub interpolated_note: bool,
    /// The compared moment, written out: its ghost gets a row.
    pub compared: Option<&'a str>,
}

/// The legend as rows of swatches and words, in the theme's sizes.
pub fn show(
    ui: &mut egui::Ui,
    scenario: &Scenario,
    visible: &MapState,
    lang: Lang,
    theme: &Theme,
    parts: LegendParts,
) {
    let t = &theme.text;
    let m = &theme.metrics;
    let swatch = egui::Vec2::new(m.legend_swatch.0, m.legend_swatch.1);
    if parts.sides {
        for side in sides_drawn(visible, scenario) {
            let side = &scenario.sides[side];
            ui.horizontal(|ui| {
                let (rect, _) = ui.allocate_exact_size(swatch, egui::Sense::hover());
                let look = area_look(AreaStatus::Controlled, side.colour, false);
                ui.painter().rect_filled(
                    rect,
                    m.card_rounding / 4.0,
                    c32(look.colour.with_alpha(theme.swatch_alpha)),
                );
                ui.label(RichText::new(side.name.get(lang)).size(t.legend));
            });
        }
    }
    if parts.sides
        && visible
            .areas
            .iter()
            .any(|a| scenario.areas[a.area].counterfactual)
    {
        ui.label(
            RichText::new(format!("▨ {}", Word::NeverHappened.get(lang)))
                .size(t.legend)
                .color(c32(theme.palette.warning)),
        );
    }
    if parts.lines {
        for status in LEGEND_LINE_STATUSES {
            ui.horizontal(|ui| {
                let (rect, _) = ui.allocate_exact_size(swatch, egui::Sense::hover());
                paint_line_sample(ui.painter(), rect, status, theme.palette.legend_line, theme);
                ui.label(RichText::new(line_status_name(status, lang)).size(t.legend));
            });
        }
    }
    if let Some(date) = parts.compared {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(swatch, egui::Sense::hover());
            let ghost = crate::core::style::StrokeLook {
                colour: crate::core::scene::GHOST,
                width: 2.5,
                pattern: crate::core::scenario::Pattern::Dashed,
                struck_through: false,
            };
            paint_stroke(ui.painter(), rect, ghost.scaled(theme.line_scale));
            ui.label(RichText::new(date).size(t.legend));
        });
    }
    if parts.interpolated_note {
        ui.label(RichText::new(Word::Interpolated.get(lang)).size(t.small));
    }
}

/// A short stroke in a status's look, dashed with the map's own dash table.
fn paint_line_sample(
    painter: &egui::Painter,
    rect: egui::Rect,
    status: LineStatus,
    colour: Rgba,
    theme: &Theme,
) {
    paint_stroke(
        painter,
        rect,
        line_look(status, colour, false).scaled(theme.line_scale),
    );
}

/// A short stroke of a look across `rect`.
fn paint_stroke(painter: &egui::Painter, rect: egui::Rect, look: crate::core::style::StrokeLook) {
    let stroke = Stroke::new(look.width.min(rect.height() / 3.0), c32(look.colour));
    let y = rect.center().y;
    let mut x = rect.left();
    match look.pattern.dash_px() {
        None => {
            painter.line_segment([Pos2::new(x, y), Pos2::new(rect.right(), y)], stroke);
        }
        Some(dashes) => {
            // The table is in map pixels; the sample shows it at the legend's scale.
            let scale = rect.width() as f64 / 48.0;
            'outer: loop {
                for (i, &len) in dashes.iter().enumerate() {
                    let end = (x as f64 + len * scale) as f32;
                    if i % 2 == 0 {
                        painter.line_segment(
                            [Pos2::new(x, y), Pos2::new(end.min(rect.right()), y)],
                            stroke,
                        );
                    }
                    x = end;
                    if x >= rect.right() {
                        break 'outer;
                    }
                }
            }
        }
    }
    if look.struck_through {
        let h = rect.height() * 0.35;
        painter.line_segment(
            [
                Pos2::new(rect.center().x - h / 2.0, y + h),
                Pos2::new(rect.center().x + h / 2.0, y - h),
            ],
            stroke,
        );
    }
}
