//! The overlay of lecture mode and exports: title, large date, the current event's caption, the legend and a credits line, each switchable; laid out from the state alone so an exported frame never depends on the frames before it.

use crate::app::theme::c32;
use crate::app::ui::MapUi;
use crate::app::ui::legend::{Legend, LegendParts};
use crate::core::i18n::Word;
use crate::core::scenario::Text;
use crate::core::theme::Theme;
use crate::core::time::{DateStyle, format_moment};
use crate::core::timeline::caption_order;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use egui::{FontId, Pos2, Rect, Vec2 as EVec2};
use std::sync::Arc;

/// Which parts the overlay shows.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverlayParts {
    pub title: bool,
    pub date: bool,
    pub caption: bool,
    pub legend: bool,
    /// Sources and data licences, for exported frames.
    pub credits: bool,
}

impl Default for OverlayParts {
    fn default() -> Self {
        OverlayParts {
            title: true,
            date: true,
            caption: true,
            legend: true,
            credits: false,
        }
    }
}

/// A caption that replaces the current event's (a lecture cue's own text).
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct CaptionOverride(pub Option<Text>);

/// The credits line burned into exports.
pub fn credits_line(scenario: &crate::core::model::Scenario) -> String {
    let mut codes: Vec<&str> = scenario.sources.keys().map(String::as_str).collect();
    codes.truncate(6);
    format!(
        "Tideline · {} · coastlines GSHHG 2.3.7 (LGPL) · sources: {}{}",
        scenario.meta.id,
        codes.join(", "),
        if scenario.sources.len() > 6 {
            ", …"
        } else {
            ""
        }
    )
}

/// Text blocks stacked in a box: wrapped at a width given by the screen, not by history.
struct Stack {
    lines: Vec<Arc<egui::Galley>>,
}

impl Stack {
    fn size(&self, padding: f32) -> EVec2 {
        let width = self.lines.iter().map(|g| g.size().x).fold(0.0f32, f32::max);
        let height: f32 = self.lines.iter().map(|g| g.size().y).sum();
        EVec2::new(width, height) + EVec2::splat(padding * 2.0)
    }

    fn paint(&self, painter: &egui::Painter, rect: Rect, padding: f32, theme: &Theme) {
        painter.rect_filled(
            rect,
            theme.metrics.card_rounding,
            c32(theme.palette.overlay),
        );
        let mut y = rect.top() + padding;
        for galley in &self.lines {
            painter.galley(
                Pos2::new(rect.left() + padding, y),
                galley.clone(),
                egui::Color32::PLACEHOLDER,
            );
            y += galley.size().y;
        }
    }
}

pub fn draw(
    mut contexts: EguiContexts,
    ui_state: MapUi,
    parts: Option<Res<OverlayParts>>,
    caption_override: Option<Res<CaptionOverride>>,
    compare: Option<Res<crate::app::tools::compare::Compare>>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let parts = parts.map(|p| *p).unwrap_or_default();
    let theme = ui_state.theme();
    let t = &theme.text;
    let p = &theme.palette;
    let m = &theme.metrics;
    let scenario = &ui_state.scenario.0;
    let lang = ui_state.lang();
    let screen = ctx.content_rect();
    let gap = m.edge_gap;
    let padding = m.card_margin;
    let painter = ctx.layer_painter(egui::LayerId::new(egui::Order::Middle, "overlay".into()));
    let wrapped = |text: String, size: f32, colour, width: f32| {
        painter.layout(
            text,
            FontId::proportional(size),
            c32(colour),
            width.max(1.0),
        )
    };
    let compared_label = compare.and_then(|c| c.at).map(|t| {
        format!(
            "{} ({})",
            format_moment(
                t,
                scenario.zone,
                lang,
                DateStyle::for_resolution(scenario.meta.resolution)
            ),
            Word::Compare.get(lang)
        )
    });

    // The legend, top right: its width decides how much the title may take.
    let legend = (parts.legend || compared_label.is_some()).then(|| {
        Legend::layout(
            &painter,
            scenario,
            &ui_state.evaluated.visible,
            lang,
            theme,
            LegendParts {
                sides: parts.legend,
                lines: false,
                interpolated_note: false,
                compared: compared_label.as_deref(),
            },
        )
    });
    let mut legend_width = 0.0;
    if let Some(legend) = &legend
        && legend.size.y > 0.0
    {
        let size = legend.size + EVec2::splat(padding * 2.0);
        let rect = Rect::from_min_size(
            Pos2::new(screen.right() - gap - size.x, screen.top() + gap),
            size,
        );
        painter.rect_filled(rect, m.card_rounding, c32(p.overlay));
        legend.paint(&painter, rect.min + EVec2::splat(padding), theme);
        legend_width = size.x + gap;
    }

    // Title and date, top left.
    let title_width =
        (screen.width() - legend_width - 2.0 * gap - 2.0 * padding).min(screen.width() * 0.6);
    let mut top = Stack { lines: Vec::new() };
    if parts.title {
        top.lines.push(wrapped(
            scenario.meta.title.get(lang).to_owned(),
            t.overlay_title,
            p.text,
            title_width,
        ));
    }
    if parts.date {
        let date = format_moment(
            ui_state.clock.t,
            scenario.zone,
            lang,
            DateStyle::for_resolution(scenario.meta.resolution),
        );
        top.lines
            .push(wrapped(date, t.overlay_date, p.text, title_width));
    }
    if !top.lines.is_empty() {
        let rect = Rect::from_min_size(screen.min + EVec2::splat(gap), top.size(padding));
        top.paint(&painter, rect, padding, theme);
    }

    // The caption and the credits, bottom left across the width.
    let caption_width = screen.width() - 2.0 * gap - 2.0 * padding;
    let mut bottom = Stack { lines: Vec::new() };
    if parts.caption {
        let own = caption_override.and_then(|c| c.0.clone());
        let lead = caption_order(
            &ui_state.evaluated.state.current_events,
            ui_state.clock.selected_event,
        )
        .first()
        .copied();
        if let Some(text) = own {
            bottom.lines.push(wrapped(
                text.get(lang).to_owned(),
                t.overlay_caption,
                p.text,
                caption_width,
            ));
        } else if let Some(index) = lead {
            let event = &scenario.events[index];
            bottom.lines.push(wrapped(
                event.title.get(lang).to_owned(),
                t.overlay_caption,
                p.text,
                caption_width,
            ));
            bottom.lines.push(wrapped(
                format!("{}: {}", Word::Sources.get(lang), event.sources.join(", ")),
                t.overlay_sources,
                p.text_muted,
                caption_width,
            ));
        }
    }
    if parts.credits {
        bottom.lines.push(wrapped(
            credits_line(scenario),
            t.overlay_sources,
            p.text_muted,
            caption_width,
        ));
    }
    if !bottom.lines.is_empty() {
        let size = bottom.size(padding);
        let rect = Rect::from_min_size(
            Pos2::new(screen.left() + gap, screen.bottom() - gap - size.y),
            size,
        );
        bottom.paint(&painter, rect, padding, theme);
    }
    Ok(())
}
