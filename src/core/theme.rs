//! Interface themes: every colour, text size, spacing and line scale of the screen, projector and kiosk looks.

use crate::core::style::Rgba;

/// Which look the interface has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ThemeName {
    /// A desk and a mouse.
    #[default]
    Screen,
    /// A washed-out projector: large text, opaque panels, thick lines, 7:1 contrast.
    Projector,
    /// A touch screen seen from a step back: large text and touch-sized targets.
    Kiosk,
}

impl ThemeName {
    pub fn parse(text: &str) -> Option<ThemeName> {
        match text.trim().to_ascii_lowercase().as_str() {
            "screen" => Some(ThemeName::Screen),
            "projector" => Some(ThemeName::Projector),
            "kiosk" => Some(ThemeName::Kiosk),
            _ => None,
        }
    }

    pub fn theme(self) -> &'static Theme {
        match self {
            ThemeName::Screen => &SCREEN,
            ThemeName::Projector => &PROJECTOR,
            ThemeName::Kiosk => &KIOSK,
        }
    }
}

/// Colours of the interface and the map's background.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub sea: Rgba,
    /// The timeline bar.
    pub bar: Rgba,
    /// Cards and windows (caption, layers, warnings).
    pub card: Rgba,
    /// Boxes of the overlay (title, legend, caption) drawn over the map.
    pub overlay: Rgba,
    pub text: Rgba,
    pub text_muted: Rgba,
    /// Warnings, disagreements and things that never happened.
    pub warning: Rgba,
    pub slider_track: Rgba,
    pub slider_done: Rgba,
    pub slider_handle: Rgba,
    pub slider_handle_ring: Rgba,
    pub tick_high: Rgba,
    pub tick_low: Rgba,
    pub label: Rgba,
    pub label_secondary: Rgba,
    pub label_halo: Rgba,
    pub tag: Rgba,
    /// Line samples in the legend.
    pub legend_line: Rgba,
    pub blackout: Rgba,
    pub whiteout: Rgba,
    pub accent: Rgba,
    pub accent_text: Rgba,
}

/// Text sizes in logical pixels at 1080p.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextSizes {
    pub body: f32,
    pub small: f32,
    pub heading: f32,
    /// The date in the timeline bar.
    pub date: f32,
    pub play: f32,
    pub caption_when: f32,
    pub caption_title: f32,
    pub caption_summary: f32,
    pub caption_note: f32,
    pub citation: f32,
    pub label_important: f32,
    pub label_major: f32,
    pub label_minor: f32,
    /// Today's name under a label, as a share of the label's size.
    pub label_secondary_ratio: f32,
    pub tag: f32,
    pub arrow_date: f32,
    pub overlay_title: f32,
    pub overlay_date: f32,
    pub overlay_caption: f32,
    pub overlay_sources: f32,
    pub legend: f32,
    pub prompt: f32,
}

/// Sizes and spacing in logical pixels at 1080p.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    pub timeline_height: f32,
    pub bar_margin: f32,
    pub button_padding: (f32, f32),
    /// The smallest height of anything to click or touch.
    pub target_height: f32,
    pub slider_height: f32,
    pub slider_inset: f32,
    pub track_thickness: f32,
    pub tick_length: f32,
    pub tick_width: f32,
    pub handle_radius: f32,
    pub handle_ring: f32,
    pub card_width: f32,
    pub card_margin: f32,
    pub card_rounding: f32,
    pub edge_gap: f32,
    pub legend_swatch: (f32, f32),
    pub legend_row: f32,
    pub halo: f32,
    pub dot_important: f32,
    pub dot: f32,
    pub dot_ring: f32,
    pub tag_wrap: f32,
    pub label_gap: f32,
    /// Tick hover distance on the slider.
    pub tick_hit: f32,
}

/// One complete look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub name: ThemeName,
    pub palette: Palette,
    pub text: TextSizes,
    pub metrics: Metrics,
    /// Multiplies the width of every map line and arrow.
    pub line_scale: f32,
    /// Opacity of side colours in legend swatches.
    pub swatch_alpha: f32,
    /// Scale the interface with the window's height (1.0 at 1080p), so text keeps its share
    /// of the screen on a 4K projector.
    pub scale_with_height: bool,
}

const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Rgba {
    Rgba {
        r: r as f32 / 255.0,
        g: g as f32 / 255.0,
        b: b as f32 / 255.0,
        a: a as f32 / 255.0,
    }
}

pub const SCREEN: Theme = Theme {
    name: ThemeName::Screen,
    palette: Palette {
        sea: Rgba::rgb(0xC9, 0xDC, 0xE8),
        bar: rgba(250, 248, 242, 245),
        card: rgba(255, 255, 255, 240),
        overlay: rgba(255, 255, 255, 225),
        text: Rgba::rgb(0x10, 0x10, 0x10),
        text_muted: Rgba::rgb(0x50, 0x50, 0x50),
        warning: Rgba::rgb(0x8A, 0x4B, 0x00),
        slider_track: Rgba::rgb(200, 200, 200),
        slider_done: Rgba::rgb(0x5A, 0x6E, 0x82),
        slider_handle: Rgba::rgb(0x1F, 0x3A, 0x5F),
        slider_handle_ring: Rgba::rgb(255, 255, 255),
        tick_high: Rgba::rgb(0x22, 0x22, 0x22),
        tick_low: Rgba::rgb(0x99, 0x66, 0x00),
        label: Rgba::rgb(0x22, 0x22, 0x22),
        label_secondary: Rgba::rgb(70, 70, 70),
        label_halo: rgba(255, 255, 255, 220),
        tag: rgba(255, 255, 255, 215),
        legend_line: Rgba::rgb(0x44, 0x44, 0x44),
        blackout: Rgba::rgb(0, 0, 0),
        whiteout: Rgba::rgb(255, 255, 255),
        accent: Rgba::rgb(0x1F, 0x3A, 0x5F),
        accent_text: Rgba::rgb(255, 255, 255),
    },
    text: TextSizes {
        body: 18.0,
        small: 14.0,
        heading: 26.0,
        date: 30.0,
        play: 20.0,
        caption_when: 15.0,
        caption_title: 22.0,
        caption_summary: 17.0,
        caption_note: 15.0,
        citation: 13.0,
        label_important: 20.0,
        label_major: 17.0,
        label_minor: 15.0,
        label_secondary_ratio: 0.75,
        tag: 16.0,
        arrow_date: 13.0,
        overlay_title: 24.0,
        overlay_date: 36.0,
        overlay_caption: 26.0,
        overlay_sources: 15.0,
        legend: 17.0,
        prompt: 40.0,
    },
    metrics: Metrics {
        timeline_height: 132.0,
        bar_margin: 10.0,
        button_padding: (10.0, 6.0),
        target_height: 32.0,
        slider_height: 48.0,
        slider_inset: 12.0,
        track_thickness: 8.0,
        tick_length: 10.0,
        tick_width: 2.0,
        handle_radius: 11.0,
        handle_ring: 2.0,
        card_width: 440.0,
        card_margin: 14.0,
        card_rounding: 8.0,
        edge_gap: 12.0,
        legend_swatch: (28.0, 16.0),
        legend_row: 26.0,
        halo: 1.5,
        dot_important: 5.5,
        dot: 3.5,
        dot_ring: 1.5,
        tag_wrap: 260.0,
        label_gap: 3.0,
        tick_hit: 5.0,
    },
    line_scale: 1.0,
    swatch_alpha: 0.8,
    scale_with_height: false,
};

/// For a projector: every text at least 1/50 of the screen height (22 px at 1080p), dark
/// text on opaque white panels (at least 7:1), thicker lines.
pub const PROJECTOR: Theme = Theme {
    name: ThemeName::Projector,
    palette: Palette {
        bar: rgba(255, 255, 255, 255),
        card: rgba(255, 255, 255, 255),
        overlay: rgba(255, 255, 255, 255),
        text: Rgba::rgb(0, 0, 0),
        text_muted: Rgba::rgb(0x30, 0x30, 0x30),
        warning: Rgba::rgb(0x6A, 0x35, 0x00),
        label: Rgba::rgb(0, 0, 0),
        label_secondary: Rgba::rgb(0x26, 0x26, 0x26),
        label_halo: rgba(255, 255, 255, 255),
        tag: rgba(255, 255, 255, 255),
        legend_line: Rgba::rgb(0x22, 0x22, 0x22),
        ..SCREEN.palette
    },
    text: TextSizes {
        body: 24.0,
        small: 22.0,
        heading: 34.0,
        date: 40.0,
        play: 26.0,
        caption_when: 22.0,
        caption_title: 32.0,
        caption_summary: 24.0,
        caption_note: 22.0,
        citation: 22.0,
        label_important: 30.0,
        label_major: 26.0,
        label_minor: 23.0,
        label_secondary_ratio: 0.95,
        tag: 24.0,
        arrow_date: 22.0,
        overlay_title: 34.0,
        overlay_date: 52.0,
        overlay_caption: 36.0,
        overlay_sources: 22.0,
        legend: 24.0,
        prompt: 48.0,
    },
    metrics: Metrics {
        card_width: 640.0,
        legend_swatch: (40.0, 24.0),
        legend_row: 36.0,
        halo: 2.5,
        dot_important: 8.0,
        dot: 5.5,
        dot_ring: 2.0,
        tag_wrap: 420.0,
        ..SCREEN.metrics
    },
    line_scale: 1.8,
    swatch_alpha: 1.0,
    scale_with_height: true,
};

/// For a touch screen in a gallery: targets of at least 44 px at 1080p and text readable
/// from a step back.
pub const KIOSK: Theme = Theme {
    name: ThemeName::Kiosk,
    palette: Palette {
        bar: rgba(255, 255, 255, 250),
        card: rgba(255, 255, 255, 245),
        ..SCREEN.palette
    },
    text: TextSizes {
        body: 24.0,
        small: 20.0,
        heading: 32.0,
        date: 38.0,
        play: 28.0,
        caption_when: 20.0,
        caption_title: 30.0,
        caption_summary: 24.0,
        caption_note: 20.0,
        citation: 18.0,
        label_important: 26.0,
        label_major: 22.0,
        label_minor: 19.0,
        label_secondary_ratio: 0.8,
        tag: 22.0,
        arrow_date: 18.0,
        overlay_title: 32.0,
        overlay_date: 46.0,
        overlay_caption: 34.0,
        overlay_sources: 18.0,
        legend: 22.0,
        prompt: 56.0,
    },
    metrics: Metrics {
        timeline_height: 190.0,
        bar_margin: 14.0,
        button_padding: (18.0, 12.0),
        target_height: 56.0,
        slider_height: 72.0,
        slider_inset: 24.0,
        track_thickness: 12.0,
        tick_length: 16.0,
        tick_width: 3.0,
        handle_radius: 24.0,
        handle_ring: 3.0,
        card_width: 560.0,
        card_margin: 18.0,
        legend_swatch: (36.0, 22.0),
        legend_row: 34.0,
        halo: 2.0,
        tag_wrap: 360.0,
        tick_hit: 22.0,
        ..SCREEN.metrics
    },
    line_scale: 1.4,
    swatch_alpha: 0.8,
    scale_with_height: true,
};

impl TextSizes {
    fn scaled(self, k: f32) -> TextSizes {
        TextSizes {
            body: self.body * k,
            small: self.small * k,
            heading: self.heading * k,
            date: self.date * k,
            play: self.play * k,
            caption_when: self.caption_when * k,
            caption_title: self.caption_title * k,
            caption_summary: self.caption_summary * k,
            caption_note: self.caption_note * k,
            citation: self.citation * k,
            label_important: self.label_important * k,
            label_major: self.label_major * k,
            label_minor: self.label_minor * k,
            label_secondary_ratio: self.label_secondary_ratio,
            tag: self.tag * k,
            arrow_date: self.arrow_date * k,
            overlay_title: self.overlay_title * k,
            overlay_date: self.overlay_date * k,
            overlay_caption: self.overlay_caption * k,
            overlay_sources: self.overlay_sources * k,
            legend: self.legend * k,
            prompt: self.prompt * k,
        }
    }
}

impl Metrics {
    fn scaled(self, k: f32) -> Metrics {
        Metrics {
            timeline_height: self.timeline_height * k,
            bar_margin: self.bar_margin * k,
            button_padding: (self.button_padding.0 * k, self.button_padding.1 * k),
            target_height: self.target_height * k,
            slider_height: self.slider_height * k,
            slider_inset: self.slider_inset * k,
            track_thickness: self.track_thickness * k,
            tick_length: self.tick_length * k,
            tick_width: self.tick_width * k,
            handle_radius: self.handle_radius * k,
            handle_ring: self.handle_ring * k,
            card_width: self.card_width * k,
            card_margin: self.card_margin * k,
            card_rounding: self.card_rounding * k,
            edge_gap: self.edge_gap * k,
            legend_swatch: (self.legend_swatch.0 * k, self.legend_swatch.1 * k),
            legend_row: self.legend_row * k,
            halo: self.halo * k,
            dot_important: self.dot_important * k,
            dot: self.dot * k,
            dot_ring: self.dot_ring * k,
            tag_wrap: self.tag_wrap * k,
            label_gap: self.label_gap * k,
            tick_hit: self.tick_hit * k,
        }
    }
}

impl Theme {
    /// The theme for a screen of `height` logical pixels: themes that scale with the
    /// height keep their share of the screen (sizes are given for 1080p).
    pub fn for_height(&self, height: f32) -> Theme {
        if !self.scale_with_height || !height.is_finite() || height <= 0.0 {
            return *self;
        }
        let k = height / 1080.0;
        Theme {
            text: self.text.scaled(k),
            metrics: self.metrics.scaled(k),
            line_scale: self.line_scale * k,
            ..*self
        }
    }
}

/// WCAG contrast ratio between two opaque colours (1 to 21).
pub fn contrast_ratio(a: Rgba, b: Rgba) -> f64 {
    let luminance = |c: Rgba| {
        let channel = |v: f32| {
            let v = v as f64;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
    };
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_sizes(t: &TextSizes) -> Vec<f32> {
        let secondary = t.label_minor * t.label_secondary_ratio;
        vec![
            t.body,
            t.small,
            t.heading,
            t.date,
            t.play,
            t.caption_when,
            t.caption_title,
            t.caption_summary,
            t.caption_note,
            t.citation,
            t.label_important,
            t.label_major,
            t.label_minor,
            secondary,
            t.tag,
            t.arrow_date,
            t.overlay_title,
            t.overlay_date,
            t.overlay_caption,
            t.overlay_sources,
            t.legend,
            t.prompt,
        ]
    }

    #[test]
    fn projector_text_is_at_least_a_fiftieth_of_the_screen_height() {
        for size in text_sizes(&PROJECTOR.text) {
            assert!(size >= 1080.0 / 50.0, "{size} px is under 21.6 px at 1080p");
        }
    }

    #[test]
    fn projector_text_colours_have_seven_to_one_contrast_on_its_panels() {
        let p = PROJECTOR.palette;
        for text in [p.text, p.text_muted, p.warning, p.label, p.label_secondary] {
            for panel in [p.bar, p.card, p.overlay, p.label_halo, p.tag] {
                let ratio = contrast_ratio(text, panel);
                assert!(
                    ratio >= 7.0,
                    "{} on {}: {ratio:.1}",
                    text.to_hex(),
                    panel.to_hex()
                );
            }
        }
    }

    #[test]
    fn kiosk_targets_are_touch_sized() {
        let m = KIOSK.metrics;
        assert!(m.target_height >= 44.0);
        assert!(m.slider_height >= 44.0);
        assert!(m.handle_radius * 2.0 >= 44.0);
        assert!(m.tick_hit * 2.0 >= 44.0);
    }

    #[test]
    fn a_projector_theme_keeps_its_share_of_a_4k_screen() {
        let uhd = PROJECTOR.for_height(2160.0);
        assert_eq!(uhd.text.body, PROJECTOR.text.body * 2.0);
        assert_eq!(SCREEN.for_height(2160.0), SCREEN);
    }

    #[test]
    fn contrast_of_black_on_white_is_21() {
        let ratio = contrast_ratio(Rgba::rgb(0, 0, 0), Rgba::rgb(255, 255, 255));
        assert!((ratio - 21.0).abs() < 1e-6);
    }
}
