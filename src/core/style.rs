//! Colours and the visual grammar of statuses: how each kind of line and area is drawn.

use crate::core::scenario::{AreaStatus, LineStatus, MovementStatus, Pattern};

/// A linear-free sRGB colour with alpha, components 0..1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgba {
    pub r: f32,
    pub g: f32,
    pub b: f32,
    pub a: f32,
}

impl Rgba {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Rgba {
        Rgba {
            r: r as f32 / 255.0,
            g: g as f32 / 255.0,
            b: b as f32 / 255.0,
            a: 1.0,
        }
    }

    pub fn with_alpha(self, a: f32) -> Rgba {
        Rgba { a, ..self }
    }

    /// Mixes towards grey, for cancelled and rejected items.
    pub fn greyed(self) -> Rgba {
        let grey = 0.55;
        Rgba {
            r: self.r * 0.35 + grey * 0.65,
            g: self.g * 0.35 + grey * 0.65,
            b: self.b * 0.35 + grey * 0.65,
            a: self.a,
        }
    }

    /// Mixes towards white, for interpolated (inferred) states.
    pub fn lighter(self) -> Rgba {
        Rgba {
            r: self.r + (1.0 - self.r) * 0.45,
            g: self.g + (1.0 - self.g) * 0.45,
            b: self.b + (1.0 - self.b) * 0.45,
            a: self.a,
        }
    }

    /// "#RRGGBB" or "#RRGGBBAA".
    pub fn parse_hex(text: &str) -> Option<Rgba> {
        let hex = text.trim().strip_prefix('#')?;
        if !(hex.len() == 6 || hex.len() == 8) || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        let a = if hex.len() == 8 { byte(6)? } else { 255 };
        Some(Rgba {
            r: byte(0)? as f32 / 255.0,
            g: byte(2)? as f32 / 255.0,
            b: byte(4)? as f32 / 255.0,
            a: a as f32 / 255.0,
        })
    }

    pub fn to_hex(self) -> String {
        let c = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        format!("#{:02X}{:02X}{:02X}", c(self.r), c(self.g), c(self.b))
    }

    pub fn to_array(self) -> [f32; 4] {
        [self.r, self.g, self.b, self.a]
    }
}

impl Pattern {
    /// Dash and gap lengths in screen pixels, repeating; None for a solid line. The map's
    /// strokes and the legend's samples both use this table.
    pub fn dash_px(self) -> Option<&'static [f64]> {
        match self {
            Pattern::Solid => None,
            Pattern::Dashed => Some(&[14.0, 8.0]),
            Pattern::Dotted => Some(&[3.0, 6.0]),
            Pattern::DashDot => Some(&[16.0, 5.0, 3.0, 5.0]),
            Pattern::LongDash => Some(&[26.0, 6.0]),
            Pattern::DashDotDot => Some(&[16.0, 4.0, 3.0, 4.0, 3.0, 4.0]),
        }
    }
}

impl StrokeLook {
    /// The same look with its width multiplied (thicker lines for a projector).
    pub fn scaled(self, scale: f32) -> StrokeLook {
        StrokeLook {
            width: self.width * scale,
            ..self
        }
    }
}

/// Colour used for items with no side.
pub const NEUTRAL: Rgba = Rgba::rgb(0x44, 0x44, 0x44);

/// How a line is stroked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StrokeLook {
    pub colour: Rgba,
    /// Width in screen pixels at 1080p.
    pub width: f32,
    pub pattern: Pattern,
    /// Short ticks across the line, for rejected proposals.
    pub struck_through: bool,
}

/// How a line with `status` in `side_colour` is drawn; interpolated states are lighter.
pub fn line_look(status: LineStatus, side_colour: Rgba, interpolated: bool) -> StrokeLook {
    let (colour, width, pattern, struck_through) = match status {
        LineStatus::Front => (side_colour, 3.5, Pattern::Solid, false),
        LineStatus::Demarcation => (side_colour, 3.0, Pattern::DashDot, false),
        LineStatus::Proposed => (side_colour, 3.5, Pattern::Dashed, false),
        LineStatus::Planned => (side_colour, 3.0, Pattern::Dotted, false),
        LineStatus::Cancelled => (side_colour.greyed(), 3.0, Pattern::Dashed, false),
        LineStatus::Rejected => (side_colour.greyed(), 3.0, Pattern::Dashed, true),
        LineStatus::Treaty => (side_colour, 2.0, Pattern::Solid, false),
        LineStatus::Ceasefire => (side_colour, 2.5, Pattern::DashDot, false),
        LineStatus::Claim => (side_colour, 2.5, Pattern::Dashed, false),
        LineStatus::LineOfControl => (side_colour, 3.0, Pattern::DashDotDot, false),
        LineStatus::Conditional => (side_colour, 3.0, Pattern::LongDash, false),
        LineStatus::Ended => (side_colour, 0.0, Pattern::Solid, false),
    };
    StrokeLook {
        colour: if interpolated {
            colour.lighter()
        } else {
            colour
        },
        width,
        pattern,
        struck_through,
    }
}

/// How an area is filled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FillLook {
    pub colour: Rgba,
    /// Outline drawn around the fill, if any.
    pub outline: Option<StrokeLook>,
    /// Diagonal hatching instead of (or over) a flat fill.
    pub hatched: bool,
}

pub fn area_look(status: AreaStatus, side_colour: Rgba, interpolated: bool) -> FillLook {
    let base = if interpolated {
        side_colour.lighter()
    } else {
        side_colour
    };
    let outline = |pattern| {
        Some(StrokeLook {
            colour: side_colour,
            width: 2.0,
            pattern,
            struck_through: false,
        })
    };
    match status {
        AreaStatus::Controlled => FillLook {
            colour: base.with_alpha(0.42),
            outline: outline(Pattern::Solid),
            hatched: false,
        },
        AreaStatus::Contested => FillLook {
            colour: base.with_alpha(0.30),
            outline: outline(Pattern::Dashed),
            hatched: true,
        },
        AreaStatus::Proposed => FillLook {
            colour: base.with_alpha(0.18),
            outline: outline(Pattern::Dashed),
            hatched: true,
        },
        AreaStatus::Disputed => FillLook {
            colour: base.with_alpha(0.25),
            outline: outline(Pattern::DashDot),
            hatched: true,
        },
        AreaStatus::Administered => FillLook {
            colour: base.with_alpha(0.30),
            outline: outline(Pattern::Dotted),
            hatched: false,
        },
        AreaStatus::Undivided => FillLook {
            colour: base.with_alpha(0.22),
            outline: outline(Pattern::Dotted),
            hatched: true,
        },
        AreaStatus::Renounced => FillLook {
            colour: base.with_alpha(0.26),
            outline: outline(Pattern::LongDash),
            hatched: false,
        },
        AreaStatus::Ended => FillLook {
            colour: base.with_alpha(0.0),
            outline: None,
            hatched: false,
        },
    }
}

/// How a movement arrow is drawn.
pub fn movement_look(status: MovementStatus, side_colour: Rgba) -> StrokeLook {
    match status {
        MovementStatus::Executed => StrokeLook {
            colour: side_colour,
            width: 4.0,
            pattern: Pattern::Solid,
            struck_through: false,
        },
        MovementStatus::Planned => StrokeLook {
            colour: side_colour,
            width: 3.5,
            pattern: Pattern::Dotted,
            struck_through: false,
        },
        MovementStatus::Cancelled => StrokeLook {
            colour: side_colour.greyed(),
            width: 3.5,
            pattern: Pattern::Dashed,
            struck_through: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_parse_and_reject() {
        let c = Rgba::parse_hex("#D55E00").unwrap();
        assert_eq!(c.to_hex(), "#D55E00");
        assert_eq!(c.a, 1.0);
        assert!((Rgba::parse_hex("#00000080").unwrap().a - 0.502).abs() < 0.01);
        for bad in ["D55E00", "#D55E0", "#GGGGGG", "#ÄÄÄÄÄÄ", ""] {
            assert!(Rgba::parse_hex(bad).is_none(), "{bad}");
        }
    }

    const LINE_STATUSES: [LineStatus; 12] = [
        LineStatus::Front,
        LineStatus::Demarcation,
        LineStatus::Proposed,
        LineStatus::Planned,
        LineStatus::Cancelled,
        LineStatus::Rejected,
        LineStatus::Treaty,
        LineStatus::Ceasefire,
        LineStatus::Claim,
        LineStatus::LineOfControl,
        LineStatus::Conditional,
        LineStatus::Ended,
    ];

    #[test]
    fn no_two_drawn_line_statuses_look_alike() {
        let side = Rgba::rgb(0x44, 0x44, 0x44);
        let looks: Vec<(LineStatus, StrokeLook)> = LINE_STATUSES
            .into_iter()
            .filter(|s| *s != LineStatus::Ended)
            .map(|s| (s, line_look(s, side, false)))
            .collect();
        for (i, (a, look_a)) in looks.iter().enumerate() {
            for (b, look_b) in &looks[i + 1..] {
                assert_ne!(look_a, look_b, "{a:?} and {b:?} are drawn the same");
            }
        }
        let control = line_look(LineStatus::LineOfControl, side, false);
        let demarcation = line_look(LineStatus::Demarcation, side, false);
        assert_ne!(
            control.pattern, demarcation.pattern,
            "the de facto line must not read as an agreed demarcation"
        );
    }

    #[test]
    fn no_two_area_statuses_look_alike() {
        let side = Rgba::rgb(0x0, 0x72, 0xB2);
        let statuses = [
            AreaStatus::Controlled,
            AreaStatus::Contested,
            AreaStatus::Proposed,
            AreaStatus::Disputed,
            AreaStatus::Administered,
            AreaStatus::Undivided,
            AreaStatus::Renounced,
        ];
        for (i, a) in statuses.iter().enumerate() {
            for b in &statuses[i + 1..] {
                assert_ne!(
                    area_look(*a, side, false),
                    area_look(*b, side, false),
                    "{a:?} and {b:?} are drawn the same"
                );
            }
        }
    }

    #[test]
    fn each_line_status_has_its_own_grammar() {
        let soviet = Rgba::rgb(0xD5, 0x5E, 0x00);
        let proposed = line_look(LineStatus::Proposed, soviet, false);
        let planned = line_look(LineStatus::Planned, soviet, false);
        let rejected = line_look(LineStatus::Rejected, soviet, false);
        let front = line_look(LineStatus::Front, soviet, false);
        assert_eq!(proposed.pattern, Pattern::Dashed);
        assert_eq!(planned.pattern, Pattern::Dotted);
        assert!(rejected.struck_through);
        assert_ne!(rejected.colour, soviet, "rejected lines are greyed");
        assert_eq!(front.colour, soviet);
        let inferred = line_look(LineStatus::Front, soviet, true);
        assert!(inferred.colour.r > soviet.r && inferred.colour.b > soviet.b);
    }
}
