//! Problems found while reading input: which file, where in it, what is wrong and what to do.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something was adjusted harmlessly (a byte-order mark skipped); nothing to fix.
    Note,
    Warning,
    Error,
}

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole.
    File,
    /// A line and column, both 1-based.
    LineCol(usize, usize),
    /// A GeoJSON feature, by id (or `#index` when it has none).
    Feature(String),
    /// A scenario item, such as `events "habomai-landing"`.
    Item(String),
}

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TextPosition {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub location: Location,
    /// Where the feature or item starts in the text, when known.
    pub position: Option<TextPosition>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl Diagnostic {
    pub fn error(
        file: &Path,
        location: Location,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            location,
            position: None,
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn warning(
        file: &Path,
        location: Location,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, location, message, hint)
        }
    }

    pub fn note(
        file: &Path,
        location: Location,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(file, location, message, hint)
        }
    }

    /// The same diagnostic placed at `position` in the text.
    pub fn at(mut self, position: Option<TextPosition>) -> Self {
        self.position = position;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The line and column this diagnostic points at, from either its location or its position.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        match (&self.location, self.position) {
            (Location::LineCol(line, col), _) => Some((*line, *col)),
            (_, Some(p)) => Some((p.line, p.column)),
            _ => None,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{}", self.file.display())?;
        if let Some((line, col)) = self.line_col() {
            write!(f, ":{line}:{col}")?;
        }
        match &self.location {
            Location::File | Location::LineCol(..) => {}
            Location::Feature(id) => write!(f, ": feature {id}")?,
            Location::Item(item) => write!(f, ": {item}")?,
        }
        write!(f, ": {kind}: {}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, " ({})", self.hint)?;
        }
        Ok(())
    }
}

/// Counts errors in a list of diagnostics.
pub fn error_count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.is_error()).count()
}

/// Counts warnings (notes are not counted) in a list of diagnostics.
pub fn warning_count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_come_before_the_item_so_editors_can_jump_there() {
        let d = Diagnostic::warning(
            Path::new("maps/x.geojson"),
            Location::Feature("\"a\" (#2)".into()),
            "ring not closed",
            "closed it",
        )
        .at(Some(TextPosition {
            line: 12,
            column: 5,
        }));
        assert_eq!(
            d.to_string(),
            "maps/x.geojson:12:5: feature \"a\" (#2): warning: ring not closed (closed it)"
        );
    }
}
