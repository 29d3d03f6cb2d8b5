//! Positions inside RON text for problems found after parsing: where a field or the n-th item of a list starts.

/// A cursor over RON text that skips strings, raw strings, comments and characters, so
/// brackets and names inside them are not mistaken for structure.
struct Scanner<'t> {
    bytes: &'t [u8],
    i: usize,
}

impl Scanner<'_> {
    /// Skips a string, comment or character starting at the cursor; false if there is none.
    fn skip_literal(&mut self) -> bool {
        let b = self.bytes;
        match b[self.i] {
            b'"' => {
                self.i += 1;
                while self.i < b.len() && b[self.i] != b'"' {
                    if b[self.i] == b'\\' {
                        self.i += 1;
                    }
                    self.i += 1;
                }
                self.i += 1;
                true
            }
            b'r' if b.get(self.i + 1).is_some_and(|&c| c == b'"' || c == b'#') => {
                let mut hashes = 0;
                let mut j = self.i + 1;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    return false;
                }
                j += 1;
                while j < b.len() {
                    if b[j] == b'"'
                        && b[j + 1..]
                            .iter()
                            .take(hashes)
                            .filter(|&&c| c == b'#')
                            .count()
                            == hashes
                    {
                        self.i = j + 1 + hashes;
                        return true;
                    }
                    j += 1;
                }
                self.i = b.len();
                true
            }
            b'/' if b.get(self.i + 1) == Some(&b'/') => {
                while self.i < b.len() && b[self.i] != b'\n' {
                    self.i += 1;
                }
                true
            }
            b'/' if b.get(self.i + 1) == Some(&b'*') => {
                self.i += 2;
                while self.i + 1 < b.len() && !(b[self.i] == b'*' && b[self.i + 1] == b'/') {
                    self.i += 1;
                }
                self.i += 2;
                true
            }
            b'\'' if b.get(self.i + 2) == Some(&b'\'') || b.get(self.i + 3) == Some(&b'\'') => {
                self.i += 1;
                while self.i < b.len() && b[self.i] != b'\'' {
                    self.i += 1;
                }
                self.i += 1;
                true
            }
            _ => false,
        }
    }
}

/// Line and column (both 1-based) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Byte offsets where `key:` appears as a field name at any depth, in order.
pub fn field_offsets(text: &str, key: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let key = key.as_bytes();
    let mut scanner = Scanner { bytes, i: 0 };
    let mut found = Vec::new();
    while scanner.i < bytes.len() {
        if scanner.skip_literal() {
            continue;
        }
        let i = scanner.i;
        let starts_word = i == 0 || !is_ident(bytes[i - 1]);
        if starts_word && bytes[i..].starts_with(key) {
            let mut j = i + key.len();
            if bytes.get(j).is_none_or(|&b| !is_ident(b)) {
                while bytes.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
                    j += 1;
                }
                if bytes.get(j) == Some(&b':') {
                    found.push(i);
                }
            }
        }
        scanner.i += 1;
    }
    found
}

/// The position of the first `key:` field, as (line, column).
pub fn field_position(text: &str, key: &str) -> Option<(usize, usize)> {
    field_offsets(text, key)
        .first()
        .map(|&offset| line_col(text, offset))
}

/// The positions of the items of the list in field `key` (`key: [ item, item ]`), as
/// (line, column) of each item's first character.
pub fn list_item_positions(text: &str, key: &str) -> Vec<(usize, usize)> {
    let Some(&start) = field_offsets(text, key).first() else {
        return Vec::new();
    };
    let bytes = text.as_bytes();
    let Some(open) = bytes[start..]
        .iter()
        .position(|&b| b == b'[')
        .map(|p| start + p)
    else {
        return Vec::new();
    };
    let mut scanner = Scanner { bytes, i: open + 1 };
    let mut depth = 0usize;
    let mut expecting_item = true;
    let mut items = Vec::new();
    while scanner.i < bytes.len() {
        let b = bytes[scanner.i];
        if b.is_ascii_whitespace() {
            scanner.i += 1;
            continue;
        }
        let literal_start = scanner.i;
        if scanner.skip_literal() {
            let is_comment = bytes[literal_start] == b'/';
            if !is_comment && depth == 0 && expecting_item {
                items.push(line_col(text, literal_start));
                expecting_item = false;
            }
            continue;
        }
        match b {
            b']' | b')' | b'}' if depth == 0 => break,
            b'[' | b'(' | b'{' => {
                if depth == 0 && expecting_item {
                    items.push(line_col(text, scanner.i));
                    expecting_item = false;
                }
                depth += 1;
            }
            b']' | b')' | b'}' => depth -= 1,
            b',' if depth == 0 => expecting_item = true,
            _ => {
                if depth == 0 && expecting_item {
                    items.push(line_col(text, scanner.i));
                    expecting_item = false;
                }
            }
        }
        scanner.i += 1;
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "(\n  // cues: [not this]\n  title: \"cues: [nor this]\",\n  cues: [\n    (at: \"a\"),\n    Some((x: 1)),\n    (at: \")\"),\n  ],\n)";

    #[test]
    fn fields_inside_strings_and_comments_are_skipped() {
        assert_eq!(field_position(TEXT, "cues"), Some((4, 3)));
        assert_eq!(field_position(TEXT, "title"), Some((3, 3)));
        assert_eq!(field_position(TEXT, "missing"), None);
    }

    #[test]
    fn list_items_are_found_with_their_positions() {
        assert_eq!(
            list_item_positions(TEXT, "cues"),
            vec![(5, 5), (6, 5), (7, 5)]
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_col("(名前: 1)", "(名前".len()), (1, 4));
    }
}
