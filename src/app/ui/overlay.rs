//! The overlay of lecture mode and exports: title, large date, the current event's caption, the legend and a credits line, each switchable.

use crate::app::theme::c32;
use crate::app::ui::{MapUi, legend, overlay_frame};
use crate::core::i18n::Word;
use crate::core::scenario::Text;
use crate::core::time::{DateStyle, format_moment};
use crate::core::timeline::caption_order;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use egui::RichText;

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
    let m = &theme.metrics;
    let scenario = &ui_state.scenario.0;
    let lang = ui_state.lang();
    let gap = m.edge_gap;
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
    if parts.title || parts.date {
        egui::Area::new("overlay-title".into())
            .anchor(egui::Align2::LEFT_TOP, egui::Vec2::new(gap, gap))
            .order(egui::Order::Middle)
            .interactable(false)
            .show(&ctx, |ui| {
                overlay_frame(theme).show(ui, |ui| {
                    if parts.title {
                        ui.label(
                            RichText::new(scenario.meta.title.get(lang))
                                .size(t.overlay_title)
                                .color(c32(theme.palette.text)),
                        );
                    }
                    if parts.date {
                        let date = format_moment(
                            ui_state.clock.t,
                            scenario.zone,
                            lang,
                            DateStyle::for_resolution(scenario.meta.resolution),
                        );
                        ui.label(
                            RichText::new(date)
                                .size(t.overlay_date)
                                .strong()
                                .color(c32(theme.palette.text)),
                        );
                    }
                });
            });
    }
    if parts.legend {
        egui::Area::new("overlay-legend".into())
            .anchor(egui::Align2::RIGHT_TOP, egui::Vec2::new(-gap, gap))
            .order(egui::Order::Middle)
            .interactable(false)
            .show(&ctx, |ui| {
                overlay_frame(theme).show(ui, |ui| {
                    legend::show(
                        ui,
                        scenario,
                        &ui_state.evaluated.visible,
                        lang,
                        theme,
                        legend::LegendParts {
                            sides: true,
                            lines: false,
                            interpolated_note: false,
                            compared: compared_label.as_deref(),
                        },
                    );
                });
            });
    }
    let own_caption = caption_override.and_then(|c| c.0.clone());
    let lead = caption_order(
        &ui_state.evaluated.state.current_events,
        ui_state.clock.selected_event,
    )
    .first()
    .copied();
    if parts.caption || parts.credits {
        let width = ctx.content_rect().width() - 2.0 * gap;
        egui::Area::new("overlay-caption".into())
            .anchor(egui::Align2::LEFT_BOTTOM, egui::Vec2::new(gap, -gap))
            .order(egui::Order::Middle)
            .interactable(false)
            .show(&ctx, |ui| {
                let show_caption = parts.caption && (own_caption.is_some() || lead.is_some());
                if !show_caption && !parts.credits {
                    return;
                }
                overlay_frame(theme).show(ui, |ui| {
                    ui.set_max_width(width - 2.0 * m.card_margin);
                    if parts.caption {
                        if let Some(text) = &own_caption {
                            ui.label(
                                RichText::new(text.get(lang))
                                    .size(t.overlay_caption)
                                    .color(c32(theme.palette.text)),
                            );
                        } else if let Some(index) = lead {
                            let event = &scenario.events[index];
                            ui.label(
                                RichText::new(event.title.get(lang))
                                    .size(t.overlay_caption)
                                    .color(c32(theme.palette.text)),
                            );
                            ui.label(
                                RichText::new(format!(
                                    "{}: {}",
                                    Word::Sources.get(lang),
                                    event.sources.join(", ")
                                ))
                                .size(t.overlay_sources)
                                .color(c32(theme.palette.text_muted)),
                            );
                        }
                    }
                    if parts.credits {
                        ui.label(
                            RichText::new(credits_line(scenario))
                                .size(t.overlay_sources)
                                .color(c32(theme.palette.text_muted)),
                        );
                    }
                });
            });
    }
    Ok(())
}
