//! Which characters the bundled fonts draw, so scenario texts and interface words never show boxes.

use std::sync::OnceLock;
use ttf_parser::Face;

/// A font shipped inside the binary.
#[derive(Debug, Clone, Copy)]
pub struct BundledFont {
    /// A short name to register the font under in a text renderer.
    pub name: &'static str,
    pub bytes: &'static [u8],
}

/// The bundled fonts, in the order a renderer should fall back through them: Latin, Greek
/// and Cyrillic first, then CJK and Hangul. `assets/fonts/build_font.py` builds both.
pub const BUNDLED_FONTS: [BundledFont; 2] = [
    BundledFont {
        name: "tideline-sans",
        bytes: include_bytes!("../../assets/fonts/TidelineSans.ttf"),
    },
    BundledFont {
        name: "tideline-cjk",
        bytes: include_bytes!("../../assets/fonts/TidelineSansCJK.otf"),
    },
];

/// The bundled fonts' faces, parsed once per process. A font that does not parse draws
/// nothing (and tests/glyphs.rs fails), rather than panicking at run time.
fn faces() -> &'static [Face<'static>] {
    static FACES: OnceLock<Vec<Face<'static>>> = OnceLock::new();
    FACES.get_or_init(|| {
        BUNDLED_FONTS
            .iter()
            .filter_map(|font| Face::parse(font.bytes, 0).ok())
            .collect()
    })
}

/// Parses the bundled fonts afresh and returns how many parsed; for measuring the cost.
pub fn parse_bundled_fonts() -> usize {
    BUNDLED_FONTS
        .iter()
        .filter(|font| Face::parse(font.bytes, 0).is_ok())
        .count()
}

/// Whether some bundled font draws `c`. Whitespace and control characters need no glyph.
pub fn is_drawable(c: char) -> bool {
    c.is_whitespace() || c.is_control() || faces().iter().any(|f| f.glyph_index(c).is_some())
}

/// The characters of `text` that no bundled font draws, each once, in order of appearance.
pub fn undrawable(text: &str) -> Vec<char> {
    let mut missing: Vec<char> = Vec::new();
    for c in text.chars() {
        if !is_drawable(c) && !missing.contains(&c) {
            missing.push(c);
        }
    }
    missing
}

/// Characters written out for a message: `'x' (U+0078), '鰊' (U+9C0A)`.
pub fn describe(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| format!("'{c}' (U+{:04X})", *c as u32))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_font_parses() {
        assert_eq!(parse_bundled_fonts(), BUNDLED_FONTS.len());
        assert_eq!(faces().len(), BUNDLED_FONTS.len());
    }

    #[test]
    fn whitespace_and_controls_need_no_glyph() {
        assert!(undrawable(" \t\n\r\u{3000}\u{0007}").is_empty());
    }

    #[test]
    fn undrawable_lists_each_character_once_in_order() {
        let egyptian = char::from_u32(0x13000).unwrap();
        let cuneiform = char::from_u32(0x12000).unwrap();
        let text = format!("a{egyptian}b{cuneiform}{egyptian}");
        assert_eq!(undrawable(&text), vec![egyptian, cuneiform]);
        assert_eq!(
            describe(&[egyptian, 'x']),
            format!("'{egyptian}' (U+13000), 'x' (U+0078)")
        );
    }
}
