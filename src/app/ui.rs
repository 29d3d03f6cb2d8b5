//! The egui interface: timeline bar, caption card, layer panel and legend, map labels, render overlay.

use crate::app::camera::MapView;
use crate::app::messages::{
    Clock, Display, DisplayCommand, Evaluated, LoadedScenario, SPEEDS, TidelineSet, TimeCommand,
    ViewCommand,
};
use crate::core::geometry::partial;
use crate::core::model::Scenario;
use crate::core::projection::Projection;
use crate::core::scenario::{AreaStatus, Confidence, Lang, LineStatus, Resolution};
use crate::core::style::{Rgba, SCREEN_THEME, area_look, line_look};
use crate::core::time::{DateStyle, format_moment, snap};
use bevy::math::DVec2;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{Align2, Color32, FontId, Pos2, RichText, Stroke, Vec2 as EVec2};

/// The font that carries Japanese (and Cyrillic) glyphs; see assets/fonts/build_font.py.
const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/TidelineSansCJK.otf");

/// Height of the bottom timeline bar, in logical pixels.
pub const TIMELINE_HEIGHT: f32 = 132.0;

pub struct UiPlugin;

impl Plugin for UiPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<DisplayCommand>()
            .add_systems(Update, apply_display_commands.in_set(TidelineSet::Apply))
            .add_systems(EguiPrimaryContextPass, draw_ui);
    }
}

fn apply_display_commands(
    mut commands: MessageReader<DisplayCommand>,
    mut display: ResMut<Display>,
) {
    for command in commands.read() {
        match *command {
            DisplayCommand::ToggleLayer(index) => {
                if let Some(flag) = display.layers.get_mut(index) {
                    *flag = !*flag;
                }
            }
            DisplayCommand::SetLang(lang) => display.lang = lang,
            DisplayCommand::ToggleCounterfactual => {
                display.show_counterfactual = !display.show_counterfactual
            }
            DisplayCommand::ToggleControls => {
                // Hidden controls (lecture mode) show the title, date and legend instead.
                display.controls_hidden = !display.controls_hidden;
                display.overlay = display.controls_hidden;
            }
            DisplayCommand::ToggleBlackout => display.blackout = !display.blackout,
        }
    }
}

fn colour32(c: Rgba) -> Color32 {
    let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    Color32::from_rgba_unmultiplied(b(c.r), b(c.g), b(c.b), b(c.a))
}

fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "tideline-cjk".into(),
        std::sync::Arc::new(egui::FontData::from_static(CJK_FONT)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("tideline-cjk".into());
    }
    ctx.set_fonts(fonts);
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        use egui::TextStyle;
        style
            .text_styles
            .insert(TextStyle::Body, FontId::proportional(18.0));
        style
            .text_styles
            .insert(TextStyle::Button, FontId::proportional(18.0));
        style
            .text_styles
            .insert(TextStyle::Small, FontId::proportional(14.0));
        style
            .text_styles
            .insert(TextStyle::Heading, FontId::proportional(26.0));
        style.spacing.button_padding = EVec2::new(10.0, 6.0);
        style.spacing.interact_size.y = 32.0;
    });
}

/// Interface words in the three languages.
fn word(lang: Lang, key: &str) -> &'static str {
    let (en, ja, ru) = match key {
        "play" => ("Play", "再生", "Пуск"),
        "pause" => ("Pause", "一時停止", "Пауза"),
        "prev" => ("◀ Previous event", "◀ 前の出来事", "◀ Предыдущее"),
        "next" => ("Next event ▶", "次の出来事 ▶", "Следующее ▶"),
        "speed" => ("Speed", "速度", "Скорость"),
        "layers" => ("Layers and legend", "レイヤーと凡例", "Слои и легенда"),
        "sources" => ("Sources", "出典", "Источники"),
        "confidence" => ("Confidence", "確度", "Достоверность"),
        "disagree" => (
            "Sources disagree",
            "史料により異なる",
            "Источники расходятся",
        ),
        "counterfactual" => (
            "Show proposals that never happened",
            "実現しなかった提案を表示",
            "Показать неосуществлённые планы",
        ),
        "home" => ("Whole region", "全域", "Весь регион"),
        "high" => ("high", "高", "высокая"),
        "medium" => ("medium", "中", "средняя"),
        "low" => ("low", "低", "низкая"),
        "interpolated" => (
            "lighter: between documented dates",
            "淡色：記録日の間の推定",
            "светлее: между документированными датами",
        ),
        "never" => ("never happened", "実現せず", "не осуществлено"),
        "hours_per_second" => ("h/s", "時間/秒", "ч/с"),
        _ => ("?", "?", "?"),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
        Lang::Ru => ru,
    }
}

fn status_word(status: LineStatus, lang: Lang) -> &'static str {
    let (en, ja, ru) = match status {
        LineStatus::Front => ("front line", "前線", "линия фронта"),
        LineStatus::Demarcation => ("demarcation", "境界線", "демаркационная линия"),
        LineStatus::Proposed => ("proposed", "提案", "предложено"),
        LineStatus::Planned => ("planned", "計画", "запланировано"),
        LineStatus::Cancelled => ("cancelled", "中止", "отменено"),
        LineStatus::Rejected => ("rejected", "拒否", "отклонено"),
        LineStatus::Treaty => ("treaty border", "条約国境", "договорная граница"),
        LineStatus::Ceasefire => ("ceasefire line", "停戦線", "линия прекращения огня"),
        LineStatus::Claim => ("claim", "主張線", "притязание"),
        LineStatus::Ended => ("", "", ""),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
        Lang::Ru => ru,
    }
}

fn confidence_word(c: Confidence, lang: Lang) -> &'static str {
    match c {
        Confidence::High => word(lang, "high"),
        Confidence::Medium => word(lang, "medium"),
        Confidence::Low => word(lang, "low"),
    }
}

fn draw_ui(
    mut contexts: EguiContexts,
    scenario: Res<LoadedScenario>,
    clock: Res<Clock>,
    evaluated: Res<Evaluated>,
    display: Res<Display>,
    view: Res<MapView>,
    mut time_commands: MessageWriter<TimeCommand>,
    mut view_commands: MessageWriter<ViewCommand>,
    mut display_commands: MessageWriter<DisplayCommand>,
    mut fonts_installed: Local<bool>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    if !*fonts_installed {
        install_fonts(&ctx);
        *fonts_installed = true;
    }
    let scenario = &scenario.0;
    let lang = display.lang;
    if display.blackout {
        egui::Area::new("blackout".into())
            .order(egui::Order::Foreground)
            .fixed_pos(Pos2::ZERO)
            .show(&ctx, |ui| {
                let rect = ctx.content_rect();
                ui.painter().rect_filled(rect, 0.0, Color32::BLACK);
                ui.allocate_rect(rect, egui::Sense::click());
            });
        return Ok(());
    }
    draw_labels(&ctx, scenario, &evaluated, &view, lang);
    if display.overlay {
        draw_overlay(&ctx, scenario, &clock, &evaluated, &display);
    }
    if !display.controls_hidden {
        let mut root = egui::Ui::new(
            ctx.clone(),
            "tideline-root".into(),
            egui::UiBuilder::new()
                .layer_id(egui::LayerId::background())
                .max_rect(ctx.content_rect()),
        );
        timeline_bar(
            &mut root,
            scenario,
            &clock,
            &evaluated,
            lang,
            &mut time_commands,
            &mut display_commands,
        );
        caption_card(&ctx, scenario, &clock, &evaluated, lang);
        layer_panel(
            &ctx,
            scenario,
            &display,
            lang,
            &mut display_commands,
            &mut view_commands,
        );
    }
    Ok(())
}

/// Current events, newest first, with the selected (stepped-to) event leading.
fn lead_first(current: &[usize], selected: Option<usize>) -> Vec<usize> {
    let mut order: Vec<usize> = current.iter().rev().copied().collect();
    if let Some(position) = selected.and_then(|s| order.iter().position(|&i| i == s)) {
        let lead = order.remove(position);
        order.insert(0, lead);
    }
    order
}

fn timeline_bar(
    root: &mut egui::Ui,
    scenario: &Scenario,
    clock: &Clock,
    evaluated: &Evaluated,
    lang: Lang,
    time_commands: &mut MessageWriter<TimeCommand>,
    display_commands: &mut MessageWriter<DisplayCommand>,
) {
    egui::Panel::bottom("timeline")
        .exact_size(TIMELINE_HEIGHT)
        .frame(
            egui::Frame::new()
                .fill(Color32::from_rgba_unmultiplied(250, 248, 242, 245))
                .inner_margin(10.0),
        )
        .show(root, |ui| {
            ui.horizontal(|ui| {
                let date = format_moment(
                    clock.t,
                    scenario.zone,
                    lang,
                    DateStyle::for_resolution(scenario.meta.resolution),
                );
                ui.label(RichText::new(date).size(30.0).strong());
                ui.label(
                    RichText::new(scenario.zone.label())
                        .size(14.0)
                        .color(Color32::DARK_GRAY),
                );
                ui.add_space(16.0);
                let play = if clock.playing {
                    word(lang, "pause")
                } else {
                    word(lang, "play")
                };
                if ui.button(RichText::new(play).size(20.0)).clicked() {
                    time_commands.write(TimeCommand::TogglePlay);
                }
                if ui
                    .add_enabled(
                        evaluated.state.previous_event.is_some(),
                        egui::Button::new(word(lang, "prev")),
                    )
                    .clicked()
                {
                    time_commands.write(TimeCommand::StepEvent(-1));
                }
                if ui
                    .add_enabled(
                        evaluated.state.next_event.is_some(),
                        egui::Button::new(word(lang, "next")),
                    )
                    .clicked()
                {
                    time_commands.write(TimeCommand::StepEvent(1));
                }
                ui.add_space(12.0);
                ui.label(word(lang, "speed"));
                let speeds: Vec<f64> = match scenario.meta.resolution {
                    Resolution::Year => SPEEDS.iter().map(|s| s * 365.0 * 24.0 / 6.0).collect(),
                    _ => SPEEDS.to_vec(),
                };
                egui::ComboBox::from_id_salt("speed")
                    .selected_text(format!(
                        "{} {}",
                        speed_label(clock.speed),
                        word(lang, "hours_per_second")
                    ))
                    .show_ui(ui, |ui| {
                        for speed in speeds {
                            if ui
                                .selectable_label(
                                    (clock.speed - speed).abs() < 1e-9,
                                    format!(
                                        "{} {}",
                                        speed_label(speed),
                                        word(lang, "hours_per_second")
                                    ),
                                )
                                .clicked()
                            {
                                time_commands.write(TimeCommand::SetSpeed(speed));
                            }
                        }
                    });
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    for candidate in [Lang::Ru, Lang::Ja, Lang::En] {
                        let label = match candidate {
                            Lang::En => "English",
                            Lang::Ja => "日本語",
                            Lang::Ru => "Русский",
                        };
                        if ui.selectable_label(lang == candidate, label).clicked() {
                            display_commands.write(DisplayCommand::SetLang(candidate));
                        }
                    }
                });
            });
            ui.add_space(6.0);
            time_slider(ui, scenario, clock, lang, time_commands);
        });
}

fn speed_label(speed: f64) -> String {
    if speed >= 100.0 {
        format!("{:.0}", speed)
    } else {
        format!("{speed}")
    }
}

/// The slider: the scenario's range, event ticks that jump on click, the handle at the clock.
fn time_slider(
    ui: &mut egui::Ui,
    scenario: &Scenario,
    clock: &Clock,
    lang: Lang,
    time_commands: &mut MessageWriter<TimeCommand>,
) {
    let width = ui.available_width();
    let (rect, response) =
        ui.allocate_exact_size(EVec2::new(width, 48.0), egui::Sense::click_and_drag());
    let painter = ui.painter_at(rect);
    let track = egui::Rect::from_min_max(
        Pos2::new(rect.left() + 12.0, rect.center().y - 4.0),
        Pos2::new(rect.right() - 12.0, rect.center().y + 4.0),
    );
    painter.rect_filled(track, 4.0, Color32::from_gray(200));
    let x_of = |t| track.left() + track.width() * scenario.range.fraction(t) as f32;
    let done = egui::Rect::from_min_max(track.min, Pos2::new(x_of(clock.t), track.max.y));
    painter.rect_filled(done, 4.0, Color32::from_rgb(0x5A, 0x6E, 0x82));

    let mut hovered_event = None;
    for (index, event) in scenario.events.iter().enumerate() {
        let x = x_of(event.at);
        let tick_colour = if event.confidence == Confidence::High {
            Color32::from_rgb(0x22, 0x22, 0x22)
        } else {
            Color32::from_rgb(0x99, 0x66, 0x00)
        };
        painter.line_segment(
            [
                Pos2::new(x, track.top() - 12.0),
                Pos2::new(x, track.top() - 2.0),
            ],
            Stroke::new(2.0, tick_colour),
        );
        if let Some(pointer) = response.hover_pos()
            && (pointer.x - x).abs() < 5.0
        {
            hovered_event = Some((index, event));
        }
    }
    let handle_x = x_of(clock.t);
    painter.circle_filled(
        Pos2::new(handle_x, track.center().y),
        11.0,
        Color32::from_rgb(0x1F, 0x3A, 0x5F),
    );
    painter.circle_stroke(
        Pos2::new(handle_x, track.center().y),
        11.0,
        Stroke::new(2.0, Color32::WHITE),
    );

    if let Some((_, event)) = hovered_event {
        response.clone().on_hover_text(format!(
            "{} — {}",
            format_moment(event.at, scenario.zone, lang, DateStyle::Date),
            event.title.get(lang)
        ));
    }
    if let Some(pointer) = response.interact_pointer_pos()
        && (response.clicked() || response.dragged())
    {
        match hovered_event.filter(|_| response.clicked()) {
            Some((index, _)) => {
                time_commands.write(TimeCommand::SelectEvent(index));
            }
            None => {
                let fraction = ((pointer.x - track.left()) / track.width()).clamp(0.0, 1.0) as f64;
                let t = scenario.range.at_fraction(fraction);
                let target =
                    snap(t, scenario.meta.resolution, scenario.zone).max(scenario.range.start);
                if target != clock.t {
                    time_commands.write(TimeCommand::SetTime(target));
                    time_commands.write(TimeCommand::SetPlaying(false));
                }
            }
        }
    }
}

fn caption_card(
    ctx: &egui::Context,
    scenario: &Scenario,
    clock: &Clock,
    evaluated: &Evaluated,
    lang: Lang,
) {
    let events = &evaluated.state.current_events;
    if events.is_empty() {
        return;
    }
    egui::Window::new("caption")
        .title_bar(false)
        .resizable(false)
        .anchor(Align2::RIGHT_TOP, EVec2::new(-12.0, 12.0))
        .default_width(440.0)
        .max_width(440.0)
        .frame(
            egui::Frame::window(&ctx.global_style())
                .fill(Color32::from_rgba_unmultiplied(255, 255, 255, 240))
                .inner_margin(14.0),
        )
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(ctx.content_rect().height() * 0.6)
                .show(ui, |ui| {
                    for (n, index) in lead_first(events, clock.selected_event)
                        .into_iter()
                        .take(3)
                        .enumerate()
                    {
                        let event = &scenario.events[index];
                        if n > 0 {
                            ui.separator();
                        }
                        let when = match event.end {
                            Some(end) if end != event.at => format!(
                                "{} – {}",
                                format_moment(event.at, scenario.zone, lang, DateStyle::Date),
                                format_moment(end, scenario.zone, lang, DateStyle::Date)
                            ),
                            _ if event.time_given => format_moment(
                                event.at,
                                scenario.zone,
                                lang,
                                DateStyle::for_resolution(scenario.meta.resolution),
                            ),
                            _ => format_moment(event.at, scenario.zone, lang, DateStyle::Date),
                        };
                        ui.label(RichText::new(when).size(15.0).color(Color32::DARK_GRAY));
                        ui.label(RichText::new(event.title.get(lang)).size(22.0).strong());
                        ui.label(RichText::new(event.summary.get(lang)).size(17.0));
                        if let Some(note) = &event.note {
                            ui.add_space(4.0);
                            ui.label(
                                RichText::new(format!(
                                    "⚠ {}: {}",
                                    word(lang, "disagree"),
                                    note.get(lang)
                                ))
                                .size(15.0)
                                .color(Color32::from_rgb(0x8A, 0x4B, 0x00)),
                            );
                        }
                        ui.add_space(4.0);
                        ui.label(
                            RichText::new(format!(
                                "{}: {}",
                                word(lang, "confidence"),
                                confidence_word(event.confidence, lang)
                            ))
                            .size(14.0),
                        );
                        egui::CollapsingHeader::new(
                            RichText::new(format!(
                                "{} ({})",
                                word(lang, "sources"),
                                event.sources.len()
                            ))
                            .size(14.0),
                        )
                        .id_salt(("sources", index))
                        .show(ui, |ui| {
                            for id in &event.sources {
                                let citation = scenario
                                    .sources
                                    .get(id)
                                    .map(|s| s.citation.as_str())
                                    .unwrap_or("?");
                                ui.label(RichText::new(format!("[{id}] {citation}")).size(13.0));
                            }
                        });
                    }
                });
        });
}

fn layer_panel(
    ctx: &egui::Context,
    scenario: &Scenario,
    display: &Display,
    lang: Lang,
    display_commands: &mut MessageWriter<DisplayCommand>,
    view_commands: &mut MessageWriter<ViewCommand>,
) {
    egui::Window::new(word(lang, "layers"))
        .id("layers".into())
        .anchor(Align2::LEFT_TOP, EVec2::new(12.0, 12.0))
        .default_open(false)
        .resizable(false)
        .show(ctx, |ui| {
            if ui.button(word(lang, "home")).clicked() {
                view_commands.write(ViewCommand::FitHome);
            }
            for (index, layer) in scenario.layers.iter().enumerate() {
                if matches!(layer.spec.role, crate::core::scenario::LayerRole::Overlay) {
                    continue;
                }
                let mut on = display.layers.get(index).copied().unwrap_or(true);
                if ui.checkbox(&mut on, layer.spec.name.get(lang)).changed() {
                    display_commands.write(DisplayCommand::ToggleLayer(index));
                }
            }
            let mut counterfactual = display.show_counterfactual;
            if ui
                .checkbox(&mut counterfactual, word(lang, "counterfactual"))
                .changed()
            {
                display_commands.write(DisplayCommand::ToggleCounterfactual);
            }
            ui.separator();
            legend(ui, scenario, lang);
        });
}

/// Sides and the grammar of line statuses, painted with the map's own colours.
fn legend(ui: &mut egui::Ui, scenario: &Scenario, lang: Lang) {
    for side in &scenario.sides {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(EVec2::new(28.0, 16.0), egui::Sense::hover());
            let look = area_look(AreaStatus::Controlled, side.colour, false);
            ui.painter()
                .rect_filled(rect, 2.0, colour32(look.colour.with_alpha(0.8)));
            ui.label(side.name.get(lang));
        });
    }
    let grey = Rgba::rgb(0x44, 0x44, 0x44);
    for status in [
        LineStatus::Front,
        LineStatus::Proposed,
        LineStatus::Planned,
        LineStatus::Rejected,
        LineStatus::Cancelled,
        LineStatus::Demarcation,
        LineStatus::Treaty,
    ] {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(EVec2::new(28.0, 16.0), egui::Sense::hover());
            paint_line_sample(ui.painter(), rect, status, grey);
            ui.label(status_word(status, lang));
        });
    }
    ui.label(RichText::new(word(lang, "interpolated")).size(14.0));
}

fn paint_line_sample(painter: &egui::Painter, rect: egui::Rect, status: LineStatus, colour: Rgba) {
    let look = line_look(status, colour, false);
    let stroke = Stroke::new(look.width.min(4.0), colour32(look.colour));
    let y = rect.center().y;
    let segments: &[(f32, f32)] = match look.pattern {
        crate::core::scenario::Pattern::Solid => &[(0.0, 1.0)],
        crate::core::scenario::Pattern::Dashed => &[(0.0, 0.4), (0.6, 1.0)],
        crate::core::scenario::Pattern::Dotted => &[(0.0, 0.1), (0.3, 0.4), (0.6, 0.7), (0.9, 1.0)],
        crate::core::scenario::Pattern::DashDot => &[(0.0, 0.45), (0.65, 0.75)],
    };
    for (a, b) in segments {
        painter.line_segment(
            [
                Pos2::new(rect.left() + rect.width() * a, y),
                Pos2::new(rect.left() + rect.width() * b, y),
            ],
            stroke,
        );
    }
    if look.struck_through {
        painter.line_segment(
            [
                Pos2::new(rect.center().x - 4.0, y + 6.0),
                Pos2::new(rect.center().x + 4.0, y - 6.0),
            ],
            stroke,
        );
    }
}

/// Place names, ranked and de-cluttered, with the period name first and today's name below.
fn draw_labels(
    ctx: &egui::Context,
    scenario: &Scenario,
    evaluated: &Evaluated,
    view: &MapView,
    lang: Lang,
) {
    let painter = ctx.layer_painter(egui::LayerId::background());
    let projection = Projection::regional();
    let highlighted: Vec<&str> = evaluated
        .state
        .current_events
        .iter()
        .flat_map(|&i| scenario.events[i].places.iter().map(String::as_str))
        .collect();
    // Higher zoom shows lower-ranked places.
    let max_rank = if view.px_per_km > 2.0 {
        9
    } else if view.px_per_km > 0.9 {
        4
    } else if view.px_per_km > 0.45 {
        3
    } else {
        2
    };
    let mut places: Vec<_> = scenario
        .places
        .iter()
        .filter(|p| p.rank <= max_rank || highlighted.contains(&p.id.as_str()))
        .collect();
    places.sort_by_key(|p| (!highlighted.contains(&p.id.as_str()), p.rank));
    let mut taken: Vec<egui::Rect> = Vec::new();
    let screen = ctx.content_rect();
    for place in places {
        let Some((x, y)) = projection.project(place.at.0, place.at.1) else {
            continue;
        };
        let pos = view.map_to_screen(DVec2::new(x, y));
        let pos = Pos2::new(pos.x, pos.y);
        if !screen.contains(pos) {
            continue;
        }
        let important = highlighted.contains(&place.id.as_str());
        let size = if important {
            20.0
        } else if place.rank <= 1 {
            17.0
        } else {
            15.0
        };
        let name = place.name.get(lang).to_owned();
        let modern = place
            .modern
            .as_ref()
            .map(|m| m.get(lang).to_owned())
            .filter(|m| !already_named(&name, m));
        let font = FontId::proportional(size);
        let galley = painter.layout_no_wrap(name.clone(), font.clone(), Color32::BLACK);
        let mut rect = egui::Rect::from_min_size(pos + EVec2::new(7.0, -size * 0.6), galley.size());
        if let Some(m) = &modern {
            let small = painter.layout_no_wrap(
                format!("({m})"),
                FontId::proportional(size * 0.75),
                Color32::BLACK,
            );
            rect = rect.union(egui::Rect::from_min_size(rect.left_bottom(), small.size()));
        }
        if taken.iter().any(|r| r.expand(3.0).intersects(rect)) && !important {
            continue;
        }
        taken.push(rect);
        let dot = if important { 5.5 } else { 3.5 };
        painter.circle(
            pos,
            dot,
            colour32(SCREEN_THEME.label),
            Stroke::new(1.5, Color32::WHITE),
        );
        halo_text(
            &painter,
            rect.left_top(),
            &name,
            font,
            colour32(SCREEN_THEME.label),
        );
        if let Some(m) = modern {
            halo_text(
                &painter,
                rect.left_top() + EVec2::new(0.0, size * 1.1),
                &format!("({m})"),
                FontId::proportional(size * 0.75),
                Color32::from_gray(70),
            );
        }
    }
    // Things that never happened say so on the map itself, not only in the legend.
    for a in &evaluated.state.areas {
        let area = &scenario.areas[a.area];
        if !area.counterfactual || a.alpha < 0.5 {
            continue;
        }
        use geo::InteriorPoint;
        let Some(inside) = a.shape.interior_point() else {
            continue;
        };
        let Some((x, y)) = projection.project(inside.x(), inside.y()) else {
            continue;
        };
        let pos = view.map_to_screen(DVec2::new(x, y));
        let name = area.name.get(lang);
        let text = if name.contains(word(lang, "never")) {
            name.to_owned()
        } else {
            format!("{name} — {}", word(lang, "never"))
        };
        let galley = painter.layout(
            text,
            FontId::proportional(16.0),
            Color32::from_rgb(0x8A, 0x4B, 0x00),
            260.0,
        );
        let rect = egui::Rect::from_center_size(Pos2::new(pos.x, pos.y), galley.size()).expand(6.0);
        painter.rect_filled(
            rect,
            6.0,
            Color32::from_rgba_unmultiplied(255, 255, 255, 215),
        );
        painter.galley(rect.min + EVec2::new(6.0, 6.0), galley, Color32::BLACK);
    }
    // Arrows carry their date at the head.
    for m in &evaluated.state.movements {
        let movement = &scenario.movements[m.movement];
        // Only arrows under way or just arrived carry a date, so old ones do not crowd the map.
        let recent = evaluated.state.t.hours_since(movement.end) < 24.0;
        if m.progress <= 0.0 || m.alpha < 0.5 || !recent {
            continue;
        }
        let drawn = partial(&movement.route.0, m.progress);
        let Some(tip) = drawn.last() else { continue };
        let Some((x, y)) = projection.project(tip.x, tip.y) else {
            continue;
        };
        let pos = view.map_to_screen(DVec2::new(x, y));
        let text = format_moment(movement.end, scenario.zone, lang, DateStyle::Date);
        let colour = scenario.sides[movement.side].colour;
        halo_text(
            &painter,
            Pos2::new(pos.x + 8.0, pos.y + 6.0),
            &text,
            FontId::proportional(13.0),
            colour32(colour),
        );
    }
}

/// True when the period name already shows today's name ("Sakhalian (Heihe)" and "Heihe").
fn already_named(name: &str, modern: &str) -> bool {
    name == modern
        || name.contains(&format!("({modern})"))
        || name.starts_with(&format!("{modern} ("))
}

fn halo_text(painter: &egui::Painter, pos: Pos2, text: &str, font: FontId, colour: Color32) {
    for (dx, dy) in [
        (-1.5, 0.0),
        (1.5, 0.0),
        (0.0, -1.5),
        (0.0, 1.5),
        (-1.0, -1.0),
        (1.0, 1.0),
        (-1.0, 1.0),
        (1.0, -1.0),
    ] {
        painter.text(
            pos + EVec2::new(dx, dy),
            Align2::LEFT_TOP,
            text,
            font.clone(),
            Color32::from_rgba_unmultiplied(255, 255, 255, 220),
        );
    }
    painter.text(pos, Align2::LEFT_TOP, text, font, colour);
}

/// Title, large date and legend, for renders and lecture mode.
fn draw_overlay(
    ctx: &egui::Context,
    scenario: &Scenario,
    clock: &Clock,
    evaluated: &Evaluated,
    display: &Display,
) {
    let lang = display.lang;
    let painter = ctx.layer_painter(egui::LayerId::new(egui::Order::Middle, "overlay".into()));
    let rect = ctx.content_rect();
    let panel = egui::Rect::from_min_size(
        rect.left_top() + EVec2::new(16.0, 16.0),
        EVec2::new(rect.width().min(760.0), 96.0),
    );
    painter.rect_filled(
        panel,
        8.0,
        Color32::from_rgba_unmultiplied(255, 255, 255, 225),
    );
    painter.text(
        panel.left_top() + EVec2::new(16.0, 10.0),
        Align2::LEFT_TOP,
        scenario.meta.title.get(lang),
        FontId::proportional(24.0),
        Color32::from_gray(30),
    );
    let date = format_moment(
        clock.t,
        scenario.zone,
        lang,
        DateStyle::for_resolution(scenario.meta.resolution),
    );
    painter.text(
        panel.left_top() + EVec2::new(16.0, 44.0),
        Align2::LEFT_TOP,
        date,
        FontId::proportional(36.0),
        Color32::BLACK,
    );
    if let Some(&index) = lead_first(&evaluated.state.current_events, clock.selected_event).first()
    {
        let event = &scenario.events[index];
        let caption = egui::Rect::from_min_size(
            rect.left_bottom() + EVec2::new(16.0, -86.0),
            EVec2::new(rect.width() - 32.0, 70.0),
        );
        painter.rect_filled(
            caption,
            8.0,
            Color32::from_rgba_unmultiplied(255, 255, 255, 225),
        );
        painter.text(
            caption.left_top() + EVec2::new(14.0, 8.0),
            Align2::LEFT_TOP,
            event.title.get(lang),
            FontId::proportional(26.0),
            Color32::BLACK,
        );
        let sources = event.sources.join(", ");
        painter.text(
            caption.left_top() + EVec2::new(14.0, 42.0),
            Align2::LEFT_TOP,
            format!("{}: {}", word(lang, "sources"), sources),
            FontId::proportional(15.0),
            Color32::from_gray(60),
        );
    }
    // Legend of sides, top right below nothing else.
    let widest = scenario
        .sides
        .iter()
        .map(|s| {
            painter
                .layout_no_wrap(
                    s.name.get(lang).to_owned(),
                    FontId::proportional(17.0),
                    Color32::BLACK,
                )
                .size()
                .x
        })
        .fold(120.0f32, f32::max);
    let legend_width = widest + 54.0;
    let mut y = rect.top() + 16.0;
    let x = rect.right() - legend_width - 6.0;
    let legend_height = 12.0 + scenario.sides.len() as f32 * 26.0;
    painter.rect_filled(
        egui::Rect::from_min_size(
            Pos2::new(x - 10.0, y - 6.0),
            EVec2::new(legend_width, legend_height),
        ),
        8.0,
        Color32::from_rgba_unmultiplied(255, 255, 255, 225),
    );
    for side in &scenario.sides {
        painter.rect_filled(
            egui::Rect::from_min_size(Pos2::new(x, y + 2.0), EVec2::new(26.0, 16.0)),
            2.0,
            colour32(side.colour.with_alpha(0.8)),
        );
        painter.text(
            Pos2::new(x + 34.0, y),
            Align2::LEFT_TOP,
            side.name.get(lang),
            FontId::proportional(17.0),
            Color32::BLACK,
        );
        y += 26.0;
    }
    if display.show_counterfactual && scenario.areas.iter().any(|a| a.counterfactual) {
        let shown = evaluated
            .state
            .areas
            .iter()
            .any(|a| scenario.areas[a.area].counterfactual);
        if shown {
            painter.text(
                Pos2::new(x, y + 10.0),
                Align2::LEFT_TOP,
                format!("▨ {}", word(lang, "never")),
                FontId::proportional(16.0),
                Color32::from_rgb(0x8A, 0x4B, 0x00),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: labels read "Sakhalian (Heihe) (Heihe)" when the period name already
    /// carried today's name.
    #[test]
    fn todays_name_is_not_repeated_under_a_name_that_shows_it() {
        assert!(already_named("Sakhalian (Heihe)", "Heihe"));
        assert!(already_named("Сеул (Кейдзё)", "Сеул"));
        assert!(already_named("大連", "大連"));
        assert!(!already_named("Toyohara", "Yuzhno-Sakhalinsk"));
        assert!(!already_named("Paramushiro", "Paramushir"));
    }

    #[test]
    fn the_stepped_to_event_leads_the_caption() {
        assert_eq!(lead_first(&[3, 4, 5], Some(4)), vec![4, 5, 3]);
        assert_eq!(lead_first(&[3, 4, 5], None), vec![5, 4, 3]);
        assert_eq!(lead_first(&[3, 4, 5], Some(9)), vec![5, 4, 3]);
    }
}
