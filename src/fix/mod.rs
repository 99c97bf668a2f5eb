//! `--fix` and `--diff`: applying fixes to a document and writing it back without risk.
//!
//! A fixed file differs from the original only inside the fixed ranges, since fixes are edits of
//! byte ranges of the source and everything else is copied as it was (line endings, BOM). How it
//! is written back, keeping its metadata and any concurrent edit, is [`write_fixed`]'s concern.

use crate::date::Date;
use crate::diagnostic::apply_fixes;
use crate::document::Document;
use crate::linter::Linter;
use crate::report::FileReport;

/// Fix passes per file: overlapping fixes are applied one pass at a time, so that one run leaves
/// nothing for the next.
pub const MAX_PASSES: usize = 10;

/// A document after fixing.
#[derive(Debug)]
pub struct Fixed {
    /// The fixed document (the original when nothing applied).
    pub doc: Document,
    /// What is left to report in the fixed document.
    pub report: FileReport,
    /// Edits applied, over all passes.
    pub applied: usize,
}

/// Applies the safe fixes (and the unsafe ones with `allow_unsafe`) of `doc`, checking again after
/// each pass until no fix applies; an undated document is judged as of `today`.
pub fn fix_document(linter: &Linter, doc: Document, allow_unsafe: bool, today: Date) -> Fixed {
    fix_document_in_run(linter, doc, allow_unsafe, today, None)
}

/// [`fix_document`] for a file of a run whose attributed quotations are `quotes`.
pub fn fix_document_in_run(
    linter: &Linter,
    doc: Document,
    allow_unsafe: bool,
    today: Date,
    quotes: Option<&crate::quotes::QuoteIndex>,
) -> Fixed {
    let mut doc = doc;
    let mut report = linter.check_every_finding(&doc, today, quotes);
    let mut applied = 0;
    for _ in 0..MAX_PASSES {
        let (text, n) = apply_fixes(&doc.source, &report.diagnostics, allow_unsafe);
        if n == 0 || text == doc.source {
            break;
        }
        applied += n;
        doc = Document::new(doc.path.clone(), text, doc.format);
        report = linter.check_every_finding(&doc, today, quotes);
    }
    report.limit_to(linter.options.max_findings);
    Fixed {
        doc,
        report,
        applied,
    }
}

/// A unified diff of `old` and `new`, with `path` in the headers (as `a/PATH` and `b/PATH`; a
/// quoted path, see [`crate::files::quote_path`], as `"a/PATH"`, which git and GNU patch read).
/// Lines end at `\n` only, as `patch` reads them: a lone CR stays inside its line.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    use std::fmt::Write as _;
    let old: Vec<&str> = old.split_inclusive('\n').collect();
    let new: Vec<&str> = new.split_inclusive('\n').collect();
    let diff = similar::TextDiff::from_slices(&old, &new);
    let mut out = String::new();
    for group in diff.grouped_ops(3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        if out.is_empty() {
            match path.strip_prefix('"') {
                Some(quoted) => {
                    let _ = write!(out, "--- \"a/{quoted}\n+++ \"b/{quoted}\n");
                }
                None => {
                    let _ = write!(out, "--- a/{path}\n+++ b/{path}\n");
                }
            }
        }
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            hunk_range(&old_range),
            hunk_range(&new_range)
        );
        for op in &group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Equal => ' ',
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                };
                let line = change.value();
                out.push(sign);
                out.push_str(line);
                if !line.ends_with('\n') {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}

/// A hunk header's range, as `diff -u` writes it: `start,len` (1-based), `start` alone when one
/// line long, and the line before with length 0 when empty.
fn hunk_range(range: &std::ops::Range<usize>) -> String {
    match range.len() {
        0 => format!("{},0", range.start),
        1 => format!("{}", range.start + 1),
        n => format!("{},{n}", range.start + 1),
    }
}

mod write;

pub use write::{interrupted, write_fixed, Stamp, WriteError, Written};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::linter;
    use crate::Format;

    const RULES: &str = r#"
[[place]]
name = "Kyiv"
misspellings = ["Kiev"]
[[phrase]]
use = "adviser"
instead-of = ["advisor"]
"#;

    #[test]
    fn fixes_until_nothing_is_left_and_keeps_other_bytes() {
        let l = linter(RULES, None, "2025-12-20");
        let text = "\u{feff}Kiev\r\nan advisor\rKiev\n\u{200b}end";
        let doc = Document::new("a.txt", text.to_string(), Format::Text);
        let fixed = fix_document(&l, doc, false, Date::today());
        assert_eq!(fixed.doc.source, "\u{feff}Kyiv\r\nan adviser\rKyiv\nend");
        assert_eq!(fixed.applied, 4);
        assert!(fixed.report.diagnostics.is_empty());
        let again = fix_document(&l, fixed.doc.clone(), false, Date::today());
        assert_eq!((again.applied, again.doc.source), (0, fixed.doc.source));
    }

    #[test]
    fn diff_lines_end_at_line_feeds_only() {
        let d = unified_diff("a.md", "x\ry Kiev\r\nz", "x\ry Kyiv\r\nz");
        assert_eq!(
            d,
            "--- a/a.md\n+++ b/a.md\n@@ -1,2 +1,2 @@\n-x\ry Kiev\r\n+x\ry Kyiv\r\n z\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn diff_shows_changed_lines() {
        let d = unified_diff("a.md", "one\nKiev\nthree\n", "one\nKyiv\nthree\n");
        assert_eq!(
            d,
            "--- a/a.md\n+++ b/a.md\n@@ -1,3 +1,3 @@\n one\n-Kiev\n+Kyiv\n three\n"
        );
    }
}
