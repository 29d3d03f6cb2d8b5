//! The one legend: the sides drawing something now and the grammar of line statuses, laid out once and painted in the layers panel and the overlay alike.

use crate::app::theme::c32;
use crate::core::i18n::{LEGEND_LINE_STATUSES, Word, area_status_name, line_status_name};
use crate::core::model::Scenario;
use crate::core::scenario::{AreaStatus, Lang, Pattern};
use crate::core::style::{StrokeLook, area_look, line_look};
use crate::core::theme::Theme;
use crate::core::timeline::MapState;
use crate::core::visibility::{hatched_statuses_drawn, sides_drawn};
use bevy_egui::egui;
use egui::{Pos2, Stroke, Vec2};

/// What the legend lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegendParts<'a> {
    pub sides: bool,
    pub lines: bool,
    pub interpolated_note: bool,
    /// The compared moment, written out: its ghost gets a row.
    pub compared: Option<&'a str>,
}

/// The sample drawn beside a row's words.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Swatch {
    Fill(egui::Color32),
    Stroke(StrokeLook),
    Nothing,
}

/// One row of the legend.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    swatch: Swatch,
    text: String,
    colour: egui::Color32,
    size: f32,
}

/// A legend laid out: its rows as galleys, and the size it takes.
pub struct Legend {
    rows: Vec<(Swatch, std::sync::Arc<egui::Galley>)>,
    pub size: Vec2,
    row_height: f32,
    swatch: Vec2,
    gap: f32,
}

fn rows(
    scenario: &Scenario,
    visible: &MapState,
    lang: Lang,
    theme: &Theme,
    parts: LegendParts,
) -> Vec<Row> {
    let t = &theme.text;
    let p = &theme.palette;
    let mut rows = Vec::new();
    if parts.sides {
        for side in sides_drawn(visible, scenario) {
            let side = &scenario.sides[side];
            let look = area_look(AreaStatus::Controlled, side.colour, false);
            rows.push(Row {
                swatch: Swatch::Fill(c32(look.colour.with_alpha(theme.swatch_alpha))),
                text: side.name.get(lang).to_owned(),
                colour: c32(p.text),
                size: t.legend,
            });
        }
        if visible
            .areas
            .iter()
            .any(|a| scenario.areas[a.area].counterfactual)
        {
            rows.push(Row {
                swatch: Swatch::Nothing,
                text: format!("▨ {}", Word::NeverHappened.get(lang)),
                colour: c32(p.warning),
                size: t.legend,
            });
        }
        for status in hatched_statuses_drawn(visible, scenario) {
            rows.push(Row {
                swatch: Swatch::Nothing,
                text: format!("▨ {}", area_status_name(status, lang)),
                colour: c32(p.text),
                size: t.legend,
            });
        }
    }
    if parts.lines {
        for status in LEGEND_LINE_STATUSES {
            rows.push(Row {
                swatch: Swatch::Stroke(
                    line_look(status, p.legend_line, false).scaled(theme.line_scale),
                ),
                text: line_status_name(status, lang).to_owned(),
                colour: c32(p.text),
                size: t.legend,
            });
        }
    }
    if let Some(date) = parts.compared {
        rows.push(Row {
            swatch: Swatch::Stroke(
                StrokeLook {
                    colour: crate::core::scene::GHOST,
                    width: 2.5,
                    pattern: Pattern::Dashed,
                    struck_through: false,
                }
                .scaled(theme.line_scale),
            ),
            text: date.to_owned(),
            colour: c32(p.text),
            size: t.legend,
        });
    }
    if parts.interpolated_note {
        rows.push(Row {
            swatch: Swatch::Nothing,
            text: Word::Interpolated.get(lang).to_owned(),
            colour: c32(p.text_muted),
            size: t.small,
        });
    }
    rows
}

impl Legend {
    /// Lays the legend out: what it says depends only on the state, never on earlier frames.
    pub fn layout(
        painter: &egui::Painter,
        scenario: &Scenario,
        visible: &MapState,
        lang: Lang,
        theme: &Theme,
        parts: LegendParts,
    ) -> Legend {
        let m = &theme.metrics;
        let swatch = Vec2::new(m.legend_swatch.0, m.legend_swatch.1);
        let gap = m.card_margin / 2.0;
        let rows: Vec<(Swatch, std::sync::Arc<egui::Galley>)> =
            rows(scenario, visible, lang, theme, parts)
                .into_iter()
                .map(|row| {
                    let galley = painter.layout_no_wrap(
                        row.text,
                        egui::FontId::proportional(row.size),
                        row.colour,
                    );
                    (row.swatch, galley)
                })
                .collect();
        let row_height = m.legend_row.max(swatch.y);
        let width = rows
            .iter()
            .map(|(s, g)| {
                let lead = if *s == Swatch::Nothing {
                    0.0
                } else {
                    swatch.x + gap
                };
                lead + g.size().x
            })
            .fold(0.0f32, f32::max);
        let height = rows.iter().map(|(_, g)| g.size().y.max(row_height)).sum();
        Legend {
            rows,
            size: Vec2::new(width, height),
            row_height,
            swatch,
            gap,
        }
    }

    /// Paints the legend with its top-left corner at `origin`.
    pub fn paint(&self, painter: &egui::Painter, origin: Pos2, theme: &Theme) {
        let mut y = origin.y;
        for (swatch, galley) in &self.rows {
            let height = galley.size().y.max(self.row_height);
            let sample = egui::Rect::from_min_size(
                Pos2::new(origin.x, y + (height - self.swatch.y) / 2.0),
                self.swatch,
            );
            let text_x = match swatch {
                Swatch::Fill(colour) => {
                    painter.rect_filled(sample, theme.metrics.card_rounding / 4.0, *colour);
                    origin.x + self.swatch.x + self.gap
                }
                Swatch::Stroke(look) => {
                    paint_stroke(painter, sample, *look);
                    origin.x + self.swatch.x + self.gap
                }
                Swatch::Nothing => origin.x,
            };
            painter.galley(
                Pos2::new(text_x, y + (height - galley.size().y) / 2.0),
                galley.clone(),
                egui::Color32::PLACEHOLDER,
            );
            y += height;
        }
    }

    /// Takes the legend's space in a panel and paints it there.
    pub fn show(self, ui: &mut egui::Ui, theme: &Theme) {
        let (rect, _) = ui.allocate_exact_size(self.size, egui::Sense::hover());
        self.paint(ui.painter(), rect.min, theme);
    }
}

/// A short stroke of a look across `rect`, dashed with the map's own dash table.
fn paint_stroke(painter: &egui::Painter, rect: egui::Rect, look: StrokeLook) {
    let stroke = Stroke::new(look.width.min(rect.height() / 3.0), c32(look.colour));
    let y = rect.center().y;
    match look.pattern.dash_px() {
        None => {
            painter.line_segment(
                [Pos2::new(rect.left(), y), Pos2::new(rect.right(), y)],
                stroke,
            );
        }
        Some(dashes) => {
            // The table is in map pixels; the sample shows it at the legend's scale.
            let scale = rect.width() as f64 / 48.0;
            let mut x = rect.left();
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
