//! `unused-suppression`: inline suppression comments, and the ones that suppress nothing. In
//! Markdown they are HTML comments; in plain text, lines that hold only such a comment.
//!
//! - `<!-- copydesk-disable-next-line CODE... -->`: the line after the comment.
//! - `<!-- copydesk-disable CODE... -->` up to `<!-- copydesk-enable CODE... -->` or the end of
//!   the file.
//!
//! Without codes, a comment applies to every check. Unlike the other checks this one runs after
//! them all, on their findings: [`apply`] removes what is suppressed and reports the comments
//! that suppressed nothing.

use std::ops::Range;

use super::{AfterCtx, CheckMeta, FixAvailability};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Severity};
use crate::document::Document;

pub static META: CheckMeta = CheckMeta {
    code: "unused-suppression",
    summary: "A suppression comment that suppresses nothing",
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    explanation: r"## What it catches
A `copydesk-disable-next-line`, `copydesk-disable` or `copydesk-enable` comment that has
nothing left to do: the finding it was written for is gone, the check it names does not exist,
or there is no `copydesk-disable` for a `copydesk-enable` to end.

## Why
A stale suppression hides the next real problem in the same place. Cleaning them up keeps every
suppression meaningful.

## Example
```markdown
<!-- copydesk-disable-next-line misspelled-name -->
Envoy Steve Witkoff arrived on Sunday.
```
The name is spelled right, so the comment suppresses nothing.

## How suppression works
- `<!-- copydesk-disable-next-line CODE... -->` suppresses findings that start on the next line.
- `<!-- copydesk-disable CODE... -->` suppresses findings from there to
  `<!-- copydesk-enable CODE... -->` (or the end of the file).
- With no codes, the comment applies to every check. Codes are separated by spaces or commas.
- In Markdown a comment may stand anywhere HTML may; in plain text it must be alone on its line.

## Fix
Delete the comment (a safe fix when none of its codes is used).
",
};

/// What a comment asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NextLine,
    Disable,
    Enable,
}

impl Kind {
    fn keyword(self) -> &'static str {
        match self {
            Kind::NextLine => "copydesk-disable-next-line",
            Kind::Disable => "copydesk-disable",
            Kind::Enable => "copydesk-enable",
        }
    }
}

/// One suppression comment.
#[derive(Debug)]
struct Directive {
    kind: Kind,
    span: Range<usize>,
    /// Empty: every check.
    codes: Vec<String>,
    /// Per code (or once, for every check): whether it suppressed something.
    used: Vec<bool>,
    unknown: Vec<String>,
    /// An enable that ended no disable.
    stray: bool,
}

/// Where a directive applies: `[start, end)` of the source, for some codes.
#[derive(Debug)]
struct Scope {
    directive: usize,
    range: Range<usize>,
    /// Empty: every code of the directive (or every check) except `except`.
    codes: Vec<String>,
    except: Vec<String>,
}

impl Scope {
    fn covers(&self, directives: &[Directive], code: &str) -> Option<usize> {
        if self.except.iter().any(|c| c == code) {
            return None;
        }
        let d = &directives[self.directive];
        if d.codes.is_empty() {
            // Only unknown codes: it suppresses nothing, rather than everything.
            return d.unknown.is_empty().then_some(0);
        }
        if !self.codes.is_empty() && !self.codes.iter().any(|c| c == code) {
            return None;
        }
        d.codes.iter().position(|c| c == code)
    }
}

fn parse(doc: &Document, known: &dyn Fn(&str) -> bool) -> Vec<Directive> {
    let mut out = Vec::new();
    for comment in &doc.comments {
        let text = &doc.source[comment.span.clone()];
        let inner = text
            .strip_prefix("<!--")
            .unwrap_or(text)
            .trim_end_matches("-->")
            .trim();
        let mut words = inner
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty());
        let kind = match words.next() {
            Some("copydesk-disable-next-line") => Kind::NextLine,
            Some("copydesk-disable") => Kind::Disable,
            Some("copydesk-enable") => Kind::Enable,
            _ => continue,
        };
        let mut codes = Vec::new();
        let mut unknown = Vec::new();
        for w in words {
            if known(w) {
                if !codes.iter().any(|c| c == w) {
                    codes.push(w.to_string());
                }
            } else {
                unknown.push(w.to_string());
            }
        }
        let used = vec![false; codes.len().max(1)];
        out.push(Directive {
            kind,
            span: comment.span.clone(),
            codes,
            used,
            unknown,
            stray: false,
        });
    }
    out
}

/// The scopes of the directives, in source order.
fn scopes(doc: &Document, directives: &mut [Directive]) -> Vec<Scope> {
    let mut done = Vec::new();
    let mut open: Vec<Scope> = Vec::new();
    let starts = doc.line_starts();
    for i in 0..directives.len() {
        let d = &directives[i];
        match d.kind {
            Kind::NextLine => {
                let line = starts.partition_point(|&s| s <= d.span.end.saturating_sub(1));
                let start = starts.get(line).copied().unwrap_or(doc.source.len());
                let end = starts.get(line + 1).copied().unwrap_or(doc.source.len());
                done.push(Scope {
                    directive: i,
                    range: start..end,
                    codes: Vec::new(),
                    except: Vec::new(),
                });
            }
            Kind::Disable => open.push(Scope {
                directive: i,
                range: d.span.end..doc.source.len(),
                codes: d.codes.clone(),
                except: Vec::new(),
            }),
            Kind::Enable => {
                let (at, resume, named) = (d.span.start, d.span.end, d.codes.clone());
                let mut ended = false;
                let mut still = Vec::new();
                for mut scope in open.drain(..) {
                    let of = &directives[scope.directive];
                    let touched = named.is_empty()
                        || if of.codes.is_empty() {
                            named.iter().any(|c| !scope.except.contains(c))
                        } else {
                            let live: &[String] = if scope.codes.is_empty() {
                                &of.codes
                            } else {
                                &scope.codes
                            };
                            live.iter().any(|c| named.contains(c))
                        };
                    if !touched {
                        still.push(scope);
                        continue;
                    }
                    ended = true;
                    let mut rest = Scope {
                        directive: scope.directive,
                        range: resume..doc.source.len(),
                        codes: Vec::new(),
                        except: scope.except.clone(),
                    };
                    let keep = if named.is_empty() {
                        false
                    } else if of.codes.is_empty() {
                        rest.except.extend(named.iter().cloned());
                        true
                    } else {
                        let live: Vec<String> = if scope.codes.is_empty() {
                            of.codes.clone()
                        } else {
                            scope.codes.clone()
                        };
                        rest.codes = live.into_iter().filter(|c| !named.contains(c)).collect();
                        !rest.codes.is_empty()
                    };
                    scope.range.end = at;
                    done.push(scope);
                    if keep {
                        still.push(rest);
                    }
                }
                open = still;
                directives[i].stray = !ended;
            }
        }
    }
    done.extend(open);
    done
}

/// The post-pass: see [`apply`].
pub fn run(ctx: &AfterCtx<'_>, diagnostics: &mut Vec<Diagnostic>) {
    apply(ctx.doc, diagnostics, ctx.known, ctx.enabled, ctx.complete);
}

/// Removes the diagnostics that suppression comments cover and appends an `unused-suppression`
/// warning for every comment (or code in a comment) that covered nothing. `enabled` tells
/// whether a code is turned on: a suppression of a check that is off is not reported. When the
/// findings are not `complete` (a check found more than the limit per file), no suppression is
/// called unused: the one it covers may be among those not kept.
fn apply(
    doc: &Document,
    diagnostics: &mut Vec<Diagnostic>,
    known: &dyn Fn(&str) -> bool,
    enabled: &dyn Fn(&str) -> bool,
    complete: bool,
) {
    if doc.comments.is_empty() {
        return;
    }
    let mut directives = parse(doc, known);
    if directives.is_empty() {
        return;
    }
    let scopes = scopes(doc, &mut directives);
    diagnostics.retain(|d| {
        let mut suppressed = false;
        for scope in &scopes {
            if !scope.range.contains(&d.span.start) {
                continue;
            }
            if let Some(slot) = scope.covers(&directives, d.code) {
                directives[scope.directive].used[slot] = true;
                suppressed = true;
            }
        }
        !suppressed
    });
    if !complete {
        for d in &mut directives {
            d.used.fill(true);
        }
    }
    if !enabled(META.code) {
        return;
    }
    for d in &directives {
        let keyword = d.kind.keyword();
        let mut problems = Vec::new();
        if d.kind == Kind::Enable {
            if d.stray {
                problems.push(format!("`{keyword}` ends no `copydesk-disable`"));
            }
        } else if d.codes.is_empty() && d.unknown.is_empty() {
            if !d.used[0] {
                problems.push(format!("`{keyword}` suppresses nothing"));
            }
        } else {
            let unused: Vec<&str> = d
                .codes
                .iter()
                .zip(&d.used)
                .filter(|(c, used)| !**used && enabled(c))
                .map(|(c, _)| c.as_str())
                .collect();
            if !unused.is_empty() {
                problems.push(format!(
                    "`{keyword}` suppresses nothing for {}",
                    unused
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        for u in &d.unknown {
            problems.push(format!("`{keyword}` names an unknown check `{u}`"));
        }
        if problems.is_empty() {
            continue;
        }
        let all_unused = d.kind == Kind::Enable && d.stray
            || d.kind != Kind::Enable && d.used.iter().all(|u| !u);
        let mut diag = Diagnostic::new(
            META.code,
            META.severity,
            d.span.clone(),
            problems.join("; "),
        )
        .with_label("unused suppression");
        if all_unused && d.kind != Kind::Enable {
            diag = diag
                .with_fix(removal(doc, d.span.clone()), Applicability::Safe)
                .with_help("delete the comment");
        } else if d.kind == Kind::Enable {
            diag = diag.with_help("delete the comment");
        }
        diagnostics.push(diag);
    }
}

/// Deletes `span`, with its line when the comment stands alone on it.
fn removal(doc: &Document, span: Range<usize>) -> Edit {
    let src = &doc.source;
    // The lines the comment is on, line endings included, from the document's own line table.
    let starts = doc.line_starts();
    let first = starts
        .partition_point(|&s| s <= span.start)
        .saturating_sub(1);
    let last = starts.partition_point(|&s| s < span.end).saturating_sub(1);
    let line_end = starts.get(last + 1).copied().unwrap_or(src.len());
    // Keep the BOM of a file whose first line is the comment.
    let line_start = match starts[first] {
        0 if src.starts_with('\u{feff}') => '\u{feff}'.len_utf8(),
        start => start,
    };
    let alone =
        src[line_start..span.start].trim().is_empty() && src[span.end..line_end].trim().is_empty();
    let span = if alone { line_start..line_end } else { span };
    Edit {
        span,
        replacement: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::linter;
    use crate::{Document, Format};

    const RULES: &str = r#"
[[person]]
name = "Steve Witkoff"
misspellings = ["Steve Witzoff"]
[[place]]
name = "Kyiv"
misspellings = ["Kiev"]
"#;

    /// `(code, line, message)` of every diagnostic of a Markdown text.
    fn check(text: &str) -> Vec<(String, usize, String)> {
        let doc = Document::new("a.md", text.to_string(), Format::Markdown);
        linter(RULES, None, "2025-12-20")
            .check(&doc)
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.code.to_string(),
                    doc.line_col(d.span.start).0,
                    d.message.clone(),
                )
            })
            .collect()
    }

    fn codes(text: &str) -> Vec<(String, usize)> {
        check(text).into_iter().map(|(c, l, _)| (c, l)).collect()
    }

    #[test]
    fn next_line_suppresses_only_the_next_line() {
        let text =
            "<!-- copydesk-disable-next-line misspelled-name -->\nKiev today.\nKiev again.\n";
        assert_eq!(codes(text), [("misspelled-name".to_string(), 3)]);
    }

    #[test]
    fn disable_enable_region() {
        let text = "Kiev.\n\n<!-- copydesk-disable -->\nKiev and Steve Witzoff.\n<!-- copydesk-enable -->\n\nKiev.\n";
        assert_eq!(
            codes(text),
            [
                ("misspelled-name".to_string(), 1),
                ("misspelled-name".to_string(), 7)
            ]
        );
    }

    #[test]
    fn disable_to_end_of_file_and_by_code() {
        let text = "<!-- copydesk-disable wrong-title, misspelled-name -->\n\nKiev.\n\nKiev.";
        assert_eq!(
            check(text),
            [(
                "unused-suppression".to_string(),
                1,
                "`copydesk-disable` suppresses nothing for `wrong-title`".to_string()
            )]
        );
    }

    #[test]
    fn enable_one_code_of_a_disable_all() {
        let text =
            "<!-- copydesk-disable -->\nKiev.\n<!-- copydesk-enable misspelled-name -->\nKiev.\n";
        assert_eq!(codes(text), [("misspelled-name".to_string(), 4)]);
    }

    #[test]
    fn enable_some_codes_of_a_disable_list() {
        let text = "<!-- copydesk-disable misspelled-name hidden-character -->\nKiev\u{200b}.\n<!-- copydesk-enable misspelled-name -->\nKiev\u{200b}.\n<!-- copydesk-enable -->\nKiev\u{200b}.\n";
        assert_eq!(
            codes(text),
            [
                ("misspelled-name".to_string(), 4),
                ("misspelled-name".to_string(), 6),
                ("hidden-character".to_string(), 6),
            ]
        );
    }

    #[test]
    fn unused_and_unknown_are_reported() {
        let text = "<!-- copydesk-disable-next-line -->\nKyiv.\n\n<!-- copydesk-disable-next-line misspeled-name -->\nKiev.\n\n<!-- copydesk-enable -->\n";
        let got = check(text);
        assert_eq!(
            got,
            [
                (
                    "unused-suppression".to_string(),
                    1,
                    "`copydesk-disable-next-line` suppresses nothing".to_string()
                ),
                (
                    "unused-suppression".to_string(),
                    4,
                    "`copydesk-disable-next-line` names an unknown check `misspeled-name`"
                        .to_string()
                ),
                ("misspelled-name".to_string(), 5, got[2].2.clone()),
                (
                    "unused-suppression".to_string(),
                    7,
                    "`copydesk-enable` ends no `copydesk-disable`".to_string()
                ),
            ]
        );
    }

    #[test]
    fn ordinary_comments_are_not_directives() {
        assert_eq!(
            codes("<!-- editor: check copydesk-disable later -->\nKiev.\n"),
            [("misspelled-name".to_string(), 2)]
        );
    }

    #[test]
    fn fix_removes_the_comment_line() {
        let text = "Intro.\r\n<!-- copydesk-disable-next-line -->\r\nKyiv.\r\n";
        let doc = Document::new("a.md", text.to_string(), Format::Markdown);
        let report = linter(RULES, None, "2025-12-20").check(&doc);
        let (fixed, n) = crate::diagnostic::apply_fixes(text, &report.diagnostics, false);
        assert_eq!((fixed.as_str(), n), ("Intro.\r\nKyiv.\r\n", 1));
        let lone_cr = "Intro.\r<!-- copydesk-disable-next-line -->\rKyiv.\r";
        let doc = Document::new("a.md", lone_cr.to_string(), Format::Markdown);
        let report = linter(RULES, None, "2025-12-20").check(&doc);
        let (fixed, _) = crate::diagnostic::apply_fixes(lone_cr, &report.diagnostics, false);
        assert_eq!(fixed, "Intro.\rKyiv.\r");
        let inline = "Kyiv <!-- copydesk-disable-next-line --> today.\n";
        let doc = Document::new("a.md", inline.to_string(), Format::Markdown);
        let report = linter(RULES, None, "2025-12-20").check(&doc);
        let (fixed, _) = crate::diagnostic::apply_fixes(inline, &report.diagnostics, false);
        assert_eq!(fixed, "Kyiv  today.\n");
    }

    #[test]
    fn plain_text_suppresses_with_a_line_of_its_own() {
        let text =
            "Kiev today.\n<!-- copydesk-disable-next-line misspelled-name -->\nKiev again.\n\
                    <!-- copydesk-disable-next-line -->\nKyiv.\n";
        let doc = Document::new("a.txt", text.to_string(), Format::Text);
        let report = linter(RULES, None, "2025-12-20").check(&doc);
        let found: Vec<(&str, usize)> = report
            .diagnostics
            .iter()
            .map(|d| (d.code, doc.line_col(d.span.start).0))
            .collect();
        assert_eq!(found, [("misspelled-name", 1), ("unused-suppression", 4)]);
        let (fixed, _) = crate::diagnostic::apply_fixes(text, &report.diagnostics, false);
        assert!(!fixed.contains("copydesk-disable-next-line -->"), "{fixed}");
    }

    #[test]
    fn a_check_turned_off_is_not_reported_as_unused() {
        let doc = Document::new(
            "a.md",
            "<!-- copydesk-disable-next-line wrong-title -->\nText.\n".to_string(),
            Format::Markdown,
        );
        let mut l = linter(RULES, None, "2025-12-20");
        l.options.severity.push(("wrong-title".into(), None));
        assert!(l.check(&doc).diagnostics.is_empty());
    }
}
