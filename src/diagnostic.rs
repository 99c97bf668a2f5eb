//! What checks produce: diagnostics with byte spans and fixes. Rendering lives in `output`.

use std::ops::Range;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Whether a fix may be applied without a human looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Keeps the meaning; applied by `--fix`.
    Safe,
    /// May change the meaning; applied only with `--unsafe-fixes`.
    Unsafe,
    /// Shown to the writer, never applied.
    DisplayOnly,
}

/// Replace a byte range of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub replacement: String,
}

/// One way to resolve a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub edit: Edit,
    pub applicability: Applicability,
}

/// A secondary place related to a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Range<usize>,
    pub message: String,
}

/// A finding in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub span: Range<usize>,
    pub message: String,
    /// Shown under the primary span.
    pub label: String,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    /// Alternatives, best first.
    pub fixes: Vec<Fix>,
    /// The id of the dictionary entity the finding is about, when it is about one: front ends
    /// use it to edit that entity's entry (an editor's "accept as a variant").
    pub entity: Option<String>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            span,
            message: message.into(),
            label: String::new(),
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            fixes: Vec::new(),
            entity: None,
        }
    }

    #[must_use]
    pub fn about(mut self, entity_id: impl Into<String>) -> Diagnostic {
        self.entity = Some(entity_id.into());
        self
    }

    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into();
        self
    }

    #[must_use]
    pub fn with_secondary(mut self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_fix(mut self, edit: Edit, applicability: Applicability) -> Diagnostic {
        self.fixes.push(Fix {
            edit,
            applicability,
        });
        self
    }
}

/// An edit that turns the words in `source[span]` into `replacement`, touching only the words that
/// differ, so that line breaks and spacing between unchanged words are kept.
pub fn word_edit(source: &str, span: Range<usize>, replacement: &str) -> Edit {
    let text = &source[span.clone()];
    let words: Vec<Range<usize>> = word_ranges(text);
    let new: Vec<&str> = replacement.split(' ').collect();
    if words.len() != new.len() || words.is_empty() {
        return Edit {
            span,
            replacement: replacement.to_string(),
        };
    }
    let same = |i: usize| crate::text::normalize_form(&text[words[i].clone()]) == new[i];
    let Some(first) = (0..words.len()).find(|&i| !same(i)) else {
        return Edit {
            span: span.start..span.start,
            replacement: String::new(),
        };
    };
    let last = (0..words.len()).rev().find(|&i| !same(i)).unwrap_or(first);
    let mut out = String::new();
    for i in first..=last {
        if i > first {
            out.push_str(&text[words[i - 1].end..words[i].start]);
        }
        out.push_str(new[i]);
    }
    Edit {
        span: span.start + words[first].start..span.start + words[last].end,
        replacement: out,
    }
}

fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Applies, in order, the first fix of each diagnostic whose applicability is allowed, skipping any
/// that overlaps an edit already taken (the next run picks those up). Returns the new text and the
/// number of edits applied.
pub fn apply_fixes(
    source: &str,
    diagnostics: &[Diagnostic],
    allow_unsafe: bool,
) -> (String, usize) {
    let mut edits: Vec<&Edit> = diagnostics
        .iter()
        .filter_map(|d| {
            d.fixes.iter().find(|f| match f.applicability {
                Applicability::Safe => true,
                Applicability::Unsafe => allow_unsafe,
                Applicability::DisplayOnly => false,
            })
        })
        .map(|f| &f.edit)
        .filter(|e| {
            source
                .get(e.span.clone())
                .is_some_and(|old| old != e.replacement)
        })
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(source.len());
    let mut pos = 0;
    let mut applied = 0;
    for edit in edits {
        if edit.span.start < pos {
            continue;
        }
        out.push_str(&source[pos..edit.span.start]);
        out.push_str(&edit.replacement);
        pos = edit.span.end;
        applied += 1;
    }
    out.push_str(&source[pos..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_edit_touches_only_changed_words() {
        let src = "xx Marco\r\nRubbio yy";
        let e = word_edit(src, 3..16, "Marco Rubio");
        assert_eq!(&src[e.span.clone()], "Rubbio");
        assert_eq!(e.replacement, "Rubio");
        let e = word_edit(src, 3..16, "Mark A. Rubio");
        assert_eq!(e.span, 3..16);
    }

    #[test]
    fn overlapping_fixes_take_the_first() {
        let d = |span: Range<usize>, r: &str| {
            Diagnostic::new("x", Severity::Error, span.clone(), "m").with_fix(
                Edit {
                    span,
                    replacement: r.into(),
                },
                Applicability::Safe,
            )
        };
        let (out, n) = apply_fixes("abcdef", &[d(0..3, "X"), d(2..4, "Y"), d(4..5, "Z")], false);
        assert_eq!((out.as_str(), n), ("XdZf", 2));
    }
}
