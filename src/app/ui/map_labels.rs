//! Paints the map's writing that `core::annotations` lays out: place names, never-happened tags, arrow dates.

use crate::app::camera::View;
use crate::app::theme::c32;
use crate::app::ui::MapUi;
use crate::app::ui::halo::{HaloAtlas, placed};
use crate::core::annotations::{ScreenRect, annotate};
use crate::core::i18n::Word;
use crate::core::view::Projector;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use egui::{FontId, Pos2, Stroke};

pub fn draw(
    mut contexts: EguiContexts,
    ui_state: MapUi,
    view: Res<View>,
    mut halos: ResMut<HaloAtlas>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let theme = ui_state.theme();
    let scenario = &ui_state.scenario.0;
    let lang = ui_state.lang();
    let painter = ctx.layer_painter(egui::LayerId::background());
    let screen = ctx.content_rect();
    let projector = Projector::new(&view.0);
    let mut measure = |text: &str, size: f32| {
        let galley = painter.layout_no_wrap(
            text.to_owned(),
            FontId::proportional(size),
            egui::Color32::BLACK,
        );
        Vec2::new(galley.size().x, galley.size().y)
    };
    let annotations = annotate(
        scenario,
        &ui_state.evaluated.visible,
        &ui_state.shown,
        &projector,
        lang,
        &theme.text,
        &theme.metrics,
        ScreenRect {
            min: Vec2::new(screen.min.x, screen.min.y),
            max: Vec2::new(screen.max.x, screen.max.y),
        },
        &mut measure,
    );
    let p = &theme.palette;
    let m = &theme.metrics;
    let pos = |v: Vec2| Pos2::new(v.x, v.y);
    let layout = |text: &str, size: f32, colour| {
        painter.layout_no_wrap(text.to_owned(), FontId::proportional(size), colour)
    };
    // All the names' halos first, then the dots, then the names: one pass for the halos.
    let mut names = Vec::new();
    for label in &annotations.places {
        names.push((
            pos(label.text_at),
            layout(&label.name, label.size, c32(p.label)),
        ));
        if let Some(second) = &label.second {
            names.push((
                pos(label.text_at) + egui::Vec2::new(0.0, label.size * 1.1),
                layout(
                    second,
                    label.size * theme.text.label_secondary_ratio,
                    c32(p.label_secondary),
                ),
            ));
        }
    }
    painter.add(halos.halos(&ctx, theme, &placed(&names)));
    for label in &annotations.places {
        let dot = if label.important {
            m.dot_important
        } else {
            m.dot
        };
        painter.circle(
            pos(label.at),
            dot,
            c32(p.label),
            Stroke::new(m.dot_ring, c32(p.label_halo)),
        );
    }
    for (at, galley) in names {
        painter.galley(at, galley, c32(p.label));
    }
    // Things that never happened say so on the map itself, not only in the legend.
    for tag in &annotations.tags {
        let mut job = egui::text::LayoutJob::default();
        job.append(
            &format!("{}\n", Word::NeverHappened.get(lang)),
            0.0,
            egui::TextFormat::simple(FontId::proportional(theme.text.tag), c32(p.warning)),
        );
        job.append(
            &tag.name,
            0.0,
            egui::TextFormat::simple(FontId::proportional(theme.text.tag), c32(p.text)),
        );
        job.wrap.max_width = m.tag_wrap;
        let galley = painter.layout_job(job);
        let rect = egui::Rect::from_center_size(pos(tag.center), galley.size())
            .expand(m.card_margin / 2.0);
        painter.rect_filled(rect, m.card_rounding, c32(p.tag));
        painter.galley(
            rect.min + egui::Vec2::splat(m.card_margin / 2.0),
            galley,
            c32(p.text),
        );
    }
    let dates: Vec<_> = annotations
        .arrow_dates
        .iter()
        .map(|date| {
            let colour = c32(scenario.sides[date.side].colour);
            (
                pos(date.at),
                layout(&date.text, theme.text.arrow_date, colour),
            )
        })
        .collect();
    painter.add(halos.halos(&ctx, theme, &placed(&dates)));
    for (at, galley) in dates {
        painter.galley(at, galley, c32(p.label));
    }
    Ok(())
}
