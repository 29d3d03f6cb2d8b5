//! Reads any input file as text for the loaders: refuses folders, empty files, UTF-16 and binary
//! data with a message that says what the file looks like, skips a UTF-8 byte-order mark, and
//! keeps going past bytes that are not UTF-8 (recording where they were).

use crate::core::diagnostics::{Diagnostic, Location, TextPosition};
use std::path::Path;

/// A file's text, ready for a parser.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceText {
    /// The text, with each byte sequence that was not UTF-8 replaced by U+FFFD.
    pub text: String,
    /// Where in `text` replacements were made, and which bytes they stand for.
    pub bad_bytes: Vec<BadBytes>,
}

/// A run of bytes that was not UTF-8, and the offset of its U+FFFD in the decoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadBytes {
    pub offset: usize,
    pub bytes: Vec<u8>,
}

impl SourceText {
    /// Text that came from a `&str` (nothing to replace).
    pub fn from_text(text: &str) -> SourceText {
        SourceText {
            text: text.to_owned(),
            bad_bytes: Vec::new(),
        }
    }
}

/// What kind of file a loader expects, to word the messages.
#[derive(Debug, Clone, Copy)]
pub struct Expected {
    /// e.g. "GeoJSON layer" or "scenario".
    pub what: &'static str,
    /// e.g. "GeoJSON (.geojson)" or "RON (.ron)".
    pub format: &'static str,
}

/// Reads `path` and decodes it; None (with an error in `diagnostics`) when it is not usable text.
pub fn read_source(
    path: &Path,
    expected: Expected,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SourceText> {
    let refuse = |diagnostics: &mut Vec<Diagnostic>, message: String, hint: &str| {
        diagnostics.push(Diagnostic::error(path, Location::File, message, hint));
        None
    };
    if path.is_dir() {
        return refuse(
            diagnostics,
            format!("this is a folder, not a {} file", expected.what),
            "name the file inside it",
        );
    }
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        // Reading a pipe or a device could block for ever or never end.
        return refuse(
            diagnostics,
            format!(
                "this is not a regular file (a pipe, socket or device), not a {} file",
                expected.what
            ),
            "name a file saved on disk",
        );
    }
    match std::fs::read(path) {
        Ok(bytes) => decode_source(&bytes, path, expected, diagnostics),
        Err(e) => {
            let hint = match e.kind() {
                std::io::ErrorKind::NotFound => "check the path and the file name",
                std::io::ErrorKind::PermissionDenied => {
                    "the file is not readable by this user; check its permissions"
                }
                _ => "check that the file exists and can be read",
            };
            refuse(
                diagnostics,
                format!("cannot read the {} file: {e}", expected.what),
                hint,
            )
        }
    }
}

/// Decodes the bytes of a file; `path` only names it in diagnostics.
pub fn decode_source(
    bytes: &[u8],
    path: &Path,
    expected: Expected,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SourceText> {
    let refuse = |diagnostics: &mut Vec<Diagnostic>, message: String, hint: String| {
        diagnostics.push(Diagnostic::error(path, Location::File, message, hint));
        None
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        let message = if bytes.is_empty() {
            "the file is empty".to_owned()
        } else {
            "the file holds only white space".to_owned()
        };
        return refuse(
            diagnostics,
            message,
            format!(
                "it should hold a {} in {}; was it saved completely?",
                expected.what, expected.format
            ),
        );
    }
    if let Some(encoding) = utf16_or_32(bytes) {
        return refuse(
            diagnostics,
            format!("the file is {encoding} text"),
            format!(
                "save as UTF-8: in most editors Save As, encoding UTF-8; {} must be UTF-8",
                expected.format
            ),
        );
    }
    if let Some(looks_like) = binary_kind(bytes) {
        return refuse(
            diagnostics,
            format!(
                "this is not a text file: it looks like {looks_like}, not {}",
                expected.format
            ),
            format!("name the {} file here instead", expected.what),
        );
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => {
            diagnostics.push(Diagnostic::note(
                path,
                Location::LineCol(1, 1),
                "a UTF-8 byte-order mark at the start was skipped",
                "",
            ));
            rest
        }
        None => bytes,
    };
    Some(decode_lossy(bytes))
}

/// Reports bytes that were not UTF-8 anywhere in the text, at the first one's line:column.
/// (The GeoJSON loader reports them per feature instead.)
pub fn report_bad_bytes(source: &SourceText, path: &Path, diagnostics: &mut Vec<Diagnostic>) {
    let Some(first) = source.bad_bytes.first() else {
        return;
    };
    let at = LineIndex::new(&source.text).position(first.offset);
    let bytes: Vec<String> = first.bytes.iter().map(|b| format!("0x{b:02X}")).collect();
    diagnostics.push(Diagnostic::error(
        path,
        Location::LineCol(at.line, at.column),
        format!(
            "{} byte sequence(s) are not UTF-8 (the first, {}, is here); they show as \u{FFFD}",
            source.bad_bytes.len(),
            bytes.join(" ")
        ),
        "save the file as UTF-8; it may have been saved as Latin-1 or Windows-1252",
    ));
}

/// UTF-8 with each invalid sequence replaced by U+FFFD, recording where.
fn decode_lossy(bytes: &[u8]) -> SourceText {
    let mut out = SourceText {
        text: String::with_capacity(bytes.len()),
        bad_bytes: Vec::new(),
    };
    for chunk in bytes.utf8_chunks() {
        out.text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            out.bad_bytes.push(BadBytes {
                offset: out.text.len(),
                bytes: chunk.invalid().to_vec(),
            });
            out.text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    out
}

fn utf16_or_32(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE\0\0") || bytes.starts_with(b"\0\0\xFE\xFF") {
        return Some("UTF-32");
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Some("UTF-16 (little-endian)");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16 (big-endian)");
    }
    // Without a byte-order mark, ASCII in UTF-16 shows as every other byte being zero.
    let head = &bytes[..bytes.len().min(64)];
    if head.len() >= 4 {
        let zeros_at = |parity: usize| {
            head.iter()
                .enumerate()
                .filter(|(i, b)| i % 2 == parity && **b == 0)
                .count()
        };
        let pairs = head.len() / 2;
        if zeros_at(1) * 4 >= pairs * 3 && zeros_at(0) == 0 {
            return Some("UTF-16 (little-endian)");
        }
        if zeros_at(0) * 4 >= pairs * 3 && zeros_at(1) == 0 {
            return Some("UTF-16 (big-endian)");
        }
    }
    None
}

/// Names well-known binary formats by their first bytes; any other file with NUL or many
/// control bytes near the start is "binary data".
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"II*\0", "a TIFF image (a GeoTIFF raster?)"),
        (b"MM\0*", "a TIFF image (a GeoTIFF raster?)"),
        (b"%PDF", "a PDF document"),
        (
            b"PK\x03\x04",
            "a ZIP archive (a zipped shapefile, KMZ or Excel workbook?)",
        ),
        (b"\x1F\x8B", "a gzip-compressed file; unpack it first"),
        (b"SQLite format 3\0", "an SQLite database (a GeoPackage?)"),
        (
            b"\0\0\x27\x0A",
            "an ESRI shapefile (.shp); export it as GeoJSON",
        ),
        (
            b"\xD0\xCF\x11\xE0",
            "an old Microsoft Office file (Excel .xls?)",
        ),
        (b"\x7FELF", "a program (ELF executable)"),
        (b"MZ", "a Windows program"),
        (b"RIFF", "a RIFF media file (WebP, WAV or AVI)"),
    ];
    if let Some((_, name)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(name);
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    (head.contains(&0) || control * 10 > head.len()).then_some("binary data")
}

/// Turns byte offsets in a text into 1-based line and column (in characters).
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, line_starts }
    }

    /// The position of byte `offset` (clamped to the text; rounded down to a character).
    pub fn position(&self, offset: usize) -> TextPosition {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        TextPosition {
            line,
            column: self.text[start..offset].chars().count() + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GEOJSON: Expected = Expected {
        what: "GeoJSON layer",
        format: "GeoJSON",
    };

    fn decode(bytes: &[u8]) -> (Option<SourceText>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let text = decode_source(bytes, Path::new("x.geojson"), GEOJSON, &mut diagnostics);
        (text, diagnostics)
    }

    #[test]
    fn line_index_counts_characters_from_one() {
        let index = LineIndex::new("ab\nçd\n\nx");
        let at = |offset| {
            let p = index.position(offset);
            (p.line, p.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(1), (1, 2));
        assert_eq!(at(3), (2, 1));
        assert_eq!(at(5), (2, 2), "ç is one character of two bytes");
        assert_eq!(at(4), (2, 1), "inside a character rounds down");
        assert_eq!(at(8), (4, 1));
        assert_eq!(at(99), (4, 2));
    }

    #[test]
    fn bad_bytes_are_replaced_and_remembered() {
        let (text, diagnostics) = decode(b"{\"a\": \"Caf\xE9\"}");
        let text = text.unwrap();
        assert!(diagnostics.is_empty());
        assert_eq!(text.text, "{\"a\": \"Caf\u{FFFD}\"}");
        assert_eq!(
            text.bad_bytes,
            [BadBytes {
                offset: 10,
                bytes: vec![0xE9]
            }]
        );
    }

    #[test]
    fn utf16_without_a_mark_is_recognised() {
        let utf16: Vec<u8> = "{\"type\": 1}"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let (text, diagnostics) = decode(&utf16);
        assert!(text.is_none());
        assert!(diagnostics[0].message.contains("UTF-16 (little-endian)"));
        assert!(diagnostics[0].hint.contains("save as UTF-8"));
    }
}
