//! Finds where scenario items are in RON text, so that every message about an item (an area, an
//! event, a keyframe) carries the line:column of that item, not only its id.
//!
//! serde gives the loader values without positions; this is a small tolerant scan of the same
//! text that records where each member and list element of the first few levels starts.

use crate::core::diagnostics::{Diagnostic, Location};
use crate::core::source::LineIndex;
use std::path::Path;

/// One step of the way from the top of the file to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A struct member, `name: value`.
    Field(String),
    /// A map entry, `"key": value`.
    Key(String),
    /// A list element, from 0.
    Index(usize),
}

/// Where values start, for the first `MAX_DEPTH` levels.
#[derive(Debug, Default)]
pub struct RonIndex {
    entries: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    path: Vec<Step>,
    offset: usize,
    /// The text of a string value.
    string: Option<String>,
}

/// Levels recorded: enough for `events[3].id` and `areas[1].keyframes[2]`.
const MAX_DEPTH: usize = 4;
/// Deeper containers are skipped without recursion, so any input is safe.
const MAX_NESTING: usize = 64;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    Open(u8),
    Close(u8),
    Colon,
    Comma,
    Other,
}

fn tokenize(text: &str) -> Vec<(Token, usize)> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                // RON block comments nest.
                let mut depth = 0usize;
                while i < bytes.len() {
                    if bytes[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if bytes[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' => {
                let (value, end) = quoted(text, i + 1);
                tokens.push((Token::Str(value), start));
                i = end;
            }
            b'r' | b'b' if raw_string_start(bytes, i).is_some() => {
                let (hashes, content) = raw_string_start(bytes, i).unwrap_or((0, i + 1));
                let closing: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                let end = bytes[content..]
                    .windows(closing.len())
                    .position(|w| w == closing.as_slice())
                    .map_or(bytes.len(), |p| content + p);
                tokens.push((Token::Str(text[content..end].to_owned()), start));
                i = (end + closing.len()).min(bytes.len());
            }
            b'b' if bytes.get(i + 1) == Some(&b'"') => {
                let (value, end) = quoted(text, i + 2);
                tokens.push((Token::Str(value), start));
                i = end;
            }
            b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'\'' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                tokens.push((Token::Other, start));
            }
            b'(' | b'[' | b'{' => {
                tokens.push((Token::Open(b), start));
                i += 1;
            }
            b')' | b']' | b'}' => {
                tokens.push((Token::Close(b), start));
                i += 1;
            }
            b':' => {
                tokens.push((Token::Colon, start));
                i += 1;
            }
            b',' => {
                tokens.push((Token::Comma, start));
                i += 1;
            }
            _ if b.is_ascii_alphabetic() || b == b'_' => {
                let mut end = i;
                if bytes[i..].starts_with(b"r#") {
                    end += 2;
                }
                while end < bytes.len()
                    && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_')
                {
                    end += 1;
                }
                let name = text[i..end].trim_start_matches("r#").to_owned();
                tokens.push((Token::Ident(name), start));
                i = end.max(i + 1);
            }
            _ => {
                // Numbers, signs, attributes and anything unexpected: one token per run.
                i += 1;
                while i < bytes.len()
                    && !bytes[i].is_ascii_whitespace()
                    && !b"()[]{}:,\"'/".contains(&bytes[i])
                {
                    i += 1;
                }
                tokens.push((Token::Other, start));
            }
        }
        // Stay on a character boundary whatever was skipped.
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    tokens
}

/// `r"`, `r#"`, `br"`...: the number of `#` and where the content starts.
fn raw_string_start(bytes: &[u8], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    if bytes.get(j) == Some(&b'b') {
        j += 1;
    }
    if bytes.get(j) != Some(&b'r') {
        return None;
    }
    j += 1;
    let hashes = bytes[j..].iter().take_while(|&&b| b == b'#').count();
    (bytes.get(j + hashes) == Some(&b'"')).then_some((hashes, j + hashes + 1))
}

/// A quoted string's value (simple escapes undone) and the index after its closing quote.
fn quoted(text: &str, from: usize) -> (String, usize) {
    let mut value = String::new();
    let mut chars = text[from..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (value, from + i + 1),
            '\\' => match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((_, escaped)) => value.push(escaped),
                None => break,
            },
            c => value.push(c),
        }
    }
    (value, text.len())
}

struct Scanner {
    tokens: Vec<(Token, usize)>,
    next: usize,
    entries: Vec<Entry>,
}

impl Scanner {
    fn peek(&self, ahead: usize) -> Option<&Token> {
        self.tokens.get(self.next + ahead).map(|(t, _)| t)
    }

    /// One value at `path`; records where it starts.
    fn value(&mut self, path: &mut Vec<Step>, nesting: usize) {
        let Some((token, offset)) = self.tokens.get(self.next).cloned() else {
            return;
        };
        if path.len() <= MAX_DEPTH {
            self.entries.push(Entry {
                path: path.clone(),
                offset,
                string: match &token {
                    Token::Str(s) => Some(s.clone()),
                    _ => None,
                },
            });
        }
        match token {
            Token::Open(open) => {
                self.next += 1;
                self.container(open, path, nesting + 1);
            }
            // `Some(...)`, `Feature("land", "a")`, a named struct: the parenthesis belongs to
            // this value.
            Token::Ident(_) if self.peek(1) == Some(&Token::Open(b'(')) => {
                self.next += 2;
                self.container(b'(', path, nesting + 1);
            }
            Token::Close(_) => {}
            _ => self.next += 1,
        }
    }

    /// The inside of a container whose opening bracket was just read, up to its closing one.
    fn container(&mut self, open: u8, path: &mut Vec<Step>, nesting: usize) {
        if nesting > MAX_NESTING {
            self.skip_to_close();
            return;
        }
        let mut index = 0;
        loop {
            match self.peek(0) {
                None => return,
                Some(Token::Close(_)) => {
                    self.next += 1;
                    return;
                }
                Some(Token::Comma) => {
                    self.next += 1;
                    index += 1;
                    continue;
                }
                _ => {}
            }
            let step = match (open, self.peek(0), self.peek(1)) {
                (b'(', Some(Token::Ident(name)), Some(Token::Colon)) => {
                    let step = Step::Field(name.clone());
                    self.next += 2;
                    step
                }
                (b'{', Some(Token::Str(key)), Some(Token::Colon)) => {
                    let step = Step::Key(key.clone());
                    self.next += 2;
                    step
                }
                (b'{', _, _) => {
                    // A key that is not a string: record nothing, read past it.
                    let before = self.next;
                    let mut scratch = vec![Step::Index(usize::MAX); MAX_DEPTH + 1];
                    self.value(&mut scratch, nesting);
                    if self.peek(0) == Some(&Token::Colon) {
                        self.next += 1;
                    }
                    if self.next == before {
                        self.next += 1;
                    }
                    continue;
                }
                _ => Step::Index(index),
            };
            path.push(step);
            let before = self.next;
            self.value(path, nesting);
            path.pop();
            if self.next == before {
                self.next += 1;
            }
        }
    }

    fn skip_to_close(&mut self) {
        let mut depth = 1usize;
        while let Some(token) = self.peek(0) {
            match token {
                Token::Open(_) => depth += 1,
                Token::Close(_) => depth -= 1,
                _ => {}
            }
            self.next += 1;
            if depth == 0 {
                return;
            }
        }
    }
}

impl RonIndex {
    /// Scans `text`; never fails (a broken file just gives fewer entries).
    pub fn new(text: &str) -> RonIndex {
        let mut scanner = Scanner {
            tokens: tokenize(text),
            next: 0,
            entries: Vec::new(),
        };
        // Skip `#![enable(...)]` attributes and a struct name before the top-level parenthesis.
        while let Some(token) = scanner.peek(0) {
            match token {
                Token::Open(b'(') => break,
                Token::Open(_) => {
                    scanner.next += 1;
                    scanner.skip_to_close();
                }
                _ => scanner.next += 1,
            }
        }
        if scanner.peek(0).is_some() {
            scanner.next += 1;
            scanner.container(b'(', &mut Vec::new(), 1);
        }
        RonIndex {
            entries: scanner.entries,
        }
    }

    /// Where the value at `path` starts (the first such value).
    pub fn offset(&self, path: &[Step]) -> Option<usize> {
        self.entries
            .iter()
            .find(|e| e.path == path)
            .map(|e| e.offset)
    }

    /// The elements of the top-level list `field` whose `id` is `id`, in file order.
    pub fn items_with_id(&self, field: &str, id: &str) -> Vec<Vec<Step>> {
        self.entries
            .iter()
            .filter(|e| {
                e.path.len() == 3
                    && e.path[0] == Step::Field(field.to_owned())
                    && matches!(e.path[1], Step::Index(_))
                    && e.path[2] == Step::Field("id".to_owned())
                    && e.string.as_deref() == Some(id)
            })
            .map(|e| e.path[..2].to_vec())
            .collect()
    }

    /// Where the item that a location such as `area "a" keyframe 2` names starts.
    pub fn locate(&self, item: &str, duplicate: bool) -> Option<usize> {
        let field = |name: &str| Step::Field(name.to_owned());
        if let Some(rest) = item.strip_prefix("meta") {
            let mut path = vec![field("meta")];
            path.extend(rest.strip_prefix('.').map(field));
            return self.offset(&path).or_else(|| self.offset(&path[..1]));
        }
        let Some((kind, rest)) = item.split_once(" \"") else {
            // `format`, or a kind alone (an item with an empty id): the member itself.
            return self
                .offset(&[field(item)])
                .or_else(|| self.offset(&[field(&format!("{item}s"))]));
        };
        let (id, rest) = rest.split_once('"')?;
        let list = format!("{kind}s");
        if kind == "source" {
            return self.offset(&[field(&list), Step::Key(id.to_owned())]);
        }
        let items = self.items_with_id(&list, id);
        // The second of two items with the same id is the one reported as a duplicate.
        let mut path = if duplicate {
            items.get(1).or(items.first())?.clone()
        } else {
            items.first()?.clone()
        };
        if let Some(number) = rest.trim().strip_prefix("keyframe ") {
            let number: usize = number.trim().parse().ok()?;
            path.push(field("keyframes"));
            path.push(Step::Index(number.checked_sub(1)?));
        }
        self.offset(&path)
    }
}

/// Gives each diagnostic about an item of the scenario at `path` the line:column of that item.
pub fn place_items(text: &str, path: &Path, diagnostics: &mut [Diagnostic]) {
    let mut index = None;
    let lines = LineIndex::new(text);
    for diagnostic in diagnostics.iter_mut() {
        if diagnostic.position.is_some() || diagnostic.file != path {
            continue;
        }
        let Location::Item(item) = &diagnostic.location else {
            continue;
        };
        let index = index.get_or_insert_with(|| RonIndex::new(text));
        let duplicate = diagnostic.message.contains("used twice");
        if let Some(offset) = index.locate(item, duplicate) {
            diagnostic.position = Some(lines.position(offset));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r##"#![enable(implicit_some)]
// a comment with ( and "
(
    format: 1,
    meta: (id: "x", home: (west: 1.0, south: 2.0, east: 3.0, north: 4.0)),
    sources: { "S1": (citation: r#"A "quoted" (book)"#) },
    areas: [
        (id: "a", keyframes: [
            (at: "1945", shape: Feature("land", "x")),
            /* nested /* comment */ */ (at: "1946", shape: Points([(1.0, 2.0)])),
        ]),
        (id: "b\"c", keyframes: []),
        (id: "a", keyframes: []),
    ],
)
"##;

    fn at(offset: Option<usize>) -> Option<(usize, usize)> {
        let p = LineIndex::new(TEXT).position(offset?);
        Some((p.line, p.column))
    }

    #[test]
    fn items_members_and_keyframes_are_found() {
        let index = RonIndex::new(TEXT);
        assert_eq!(at(index.locate("format", false)), Some((4, 13)));
        assert_eq!(at(index.locate("meta", false)), Some((5, 11)));
        assert_eq!(at(index.locate("meta.home", false)), Some((5, 27)));
        assert_eq!(at(index.locate("source \"S1\"", false)), Some((6, 22)));
        assert_eq!(at(index.locate("area \"a\"", false)), Some((8, 9)));
        assert_eq!(
            at(index.locate("area \"a\" keyframe 2", false)),
            Some((10, 40))
        );
        assert_eq!(at(index.locate("area \"b\"c\"", false)), None);
        assert_eq!(at(index.locate("area \"a\"", true)), Some((13, 9)));
        assert_eq!(index.items_with_id("areas", "b\"c").len(), 1);
        assert_eq!(index.locate("area \"z\"", false), None);
    }

    #[test]
    fn broken_and_hostile_text_gives_no_panic() {
        for text in [
            "",
            "(",
            "\"unterminated",
            "r#\"raw",
            "/* open",
            "(a: [[[[",
            "'",
            "(é: ü, \u{FFFD}: [)",
        ] {
            RonIndex::new(text);
        }
        let deep = "(a: ".to_owned() + &"[".repeat(100_000);
        assert!(RonIndex::new(&deep).locate("a", false).is_some());
    }
}
