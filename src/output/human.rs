//! Compiler-style diagnostics rendered by codespan-reporting.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::Files;
use codespan_reporting::term::{self, Config};

use super::excerpt::Excerpt;
use super::{plural, FileOutput, FormatEntry, Options, Reporter};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::report::{DateSource, FileReport, Summary};
use crate::rules::RuleProblems;

pub static FORMAT: FormatEntry = FormatEntry {
    name: "human",
    help: "Compiler-style diagnostics with source excerpts",
    for_people: true,
    make: |options: Options<'_>| {
        Box::new(Human {
            color: options.color,
            quiet: options.quiet,
            unchecked: 0,
        })
    },
};

/// The human format: excerpts of the copy under each diagnostic, and a closing line.
pub struct Human {
    pub color: bool,
    /// Diagnostics only: no notes and no closing line.
    pub quiet: bool,
    /// Files that could not be checked, for the closing line.
    pub unchecked: usize,
}

impl Reporter for Human {
    /// A file's diagnostics; when there are some and the file gives no date of its own, a note
    /// first says which date titles were judged by.
    fn render(&self, file: FileOutput<'_>) -> String {
        let report = file.report;
        let date_note = !self.quiet
            && !report.diagnostics.is_empty()
            && report.date_source != DateSource::FrontMatter;
        render(file.doc, report, self.color, date_note)
    }

    /// Counted for the closing line; the error itself is on standard error.
    fn error(&mut self, _path: &str, _message: &str, _out: &mut dyn Write) -> io::Result<()> {
        self.unchecked += 1;
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        let total = summary.errors + summary.warnings + summary.infos;
        if let (1.., 1.., Some(as_of)) = (total, summary.after_facts, summary.facts_as_of) {
            writeln!(
                out,
                "note: in copy dated after {as_of}, titles still held then are not judged as \
                 ended, and \"former\" before them is only a warning (`copydesk rules update` \
                 refreshes office-holders)"
            )?;
        }
        writeln!(out, "{}", closing_line(summary, self.unchecked))
    }
}

/// "copydesk: checked 3 files: 1 error, 2 warnings", "copydesk: checked 1 file: no problems",
/// how many files could not be checked (`unchecked`) and how many are dated after the
/// dictionaries' facts, when some are.
pub fn closing_line(summary: &Summary, unchecked: usize) -> String {
    let files = summary.files;
    let counts: Vec<String> = [
        (summary.errors, "error"),
        (summary.warnings, "warning"),
        (summary.infos, "note"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}{}", plural(*n)))
    .collect();
    let mut line = format!("copydesk: checked {files} file{}", plural(files));
    match (counts.is_empty(), unchecked) {
        (true, 0) => line.push_str(": no problems"),
        (true, _) => {}
        (false, _) => {
            let _ = write!(line, ": {}", counts.join(", "));
        }
    }
    if unchecked > 0 {
        let _ = write!(
            line,
            "; {unchecked} file{} could not be checked",
            plural(unchecked)
        );
    }
    if let (n @ 1.., Some(as_of)) = (summary.after_facts, summary.facts_as_of) {
        let _ = write!(
            line,
            "; {n} {} dated after {as_of}, when the dictionaries' facts were last checked",
            if n == 1 { "file is" } else { "files are" }
        );
    }
    line
}

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

/// A diagnostic as codespan-reporting takes it, its labels placed in `excerpt`.
fn to_codespan(d: &Diagnostic, excerpt: &Excerpt<'_>) -> CsDiagnostic<()> {
    let mut labels = vec![Label::primary((), excerpt.span(&d.span)).with_message(&d.label)];
    labels.extend(
        d.labels
            .iter()
            .map(|l| Label::secondary((), excerpt.span(&l.span)).with_message(&l.message)),
    );
    let mut notes = d.notes.clone();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    CsDiagnostic::new(severity(d.severity))
        .with_code(d.code)
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders one diagnostic with colour (ANSI) or without.
fn render_one<'f, F: Files<'f>>(
    files: &'f F,
    diag: &CsDiagnostic<F::FileId>,
    color: bool,
) -> Result<String, codespan_reporting::files::Error> {
    let config = Config::default();
    if color {
        let mut buffer = term::termcolor::Buffer::ansi();
        let styles = term::Styles::default();
        let mut writer = term::StylesWriter::new(&mut buffer, &styles);
        term::emit_to_write_style(&mut writer, &config, files, diag)
            .map(|()| String::from_utf8_lossy(buffer.as_slice()).into_owned())
    } else {
        term::emit_into_string(&config, files, diag)
    }
}

/// Appends a rendered diagnostic, or its message when it cannot be rendered.
fn emit<'f, F: Files<'f, FileId = ()>>(
    out: &mut String,
    files: &'f F,
    diag: &CsDiagnostic<()>,
    color: bool,
) {
    match render_one(files, diag, color) {
        Ok(text) => out.push_str(&text),
        Err(err) => {
            let _ = writeln!(out, "{}: {}", diag.message, err);
        }
    }
}

/// Renders a document's diagnostics; `date_note` adds which date titles were judged by.
pub fn render(doc: &Document, report: &FileReport, color: bool, date_note: bool) -> String {
    let mut out = String::new();
    if report.diagnostics.is_empty() {
        return out;
    }
    if date_note {
        let _ = write!(
            out,
            "note: {}: titles judged as of {} ({})\n\n",
            doc.path,
            report.date,
            report.date_source.describe()
        );
    }
    for d in &report.diagnostics {
        let spans: Vec<Range<usize>> = std::iter::once(d.span.clone())
            .chain(d.labels.iter().map(|l| l.span.clone()))
            .collect();
        let excerpt = Excerpt::new(doc, &spans);
        emit(&mut out, &excerpt, &to_codespan(d, &excerpt), color);
    }
    out
}

/// Renders problems found in dictionaries or configuration files; `code` names which.
pub fn render_problems(problems: &RuleProblems, code: &str, color: bool) -> String {
    let mut files = codespan_reporting::files::SimpleFiles::new();
    let ids: Vec<usize> = problems
        .sources
        .iter()
        .map(|s| files.add(s.path.as_str(), s.text.as_str()))
        .collect();
    let mut out = String::new();
    for p in &problems.problems {
        let mut labels = vec![Label::primary(ids[p.file], p.span.clone()).with_message(&p.label)];
        labels.extend(
            p.secondary
                .iter()
                .map(|(f, span, msg)| Label::secondary(ids[*f], span.clone()).with_message(msg)),
        );
        let diag = CsDiagnostic::error()
            .with_message(format!("{}: {}", problems.location(p), p.message))
            .with_code(code)
            .with_labels(labels);
        match render_one(&files, &diag, color) {
            Ok(text) => out.push_str(&text),
            Err(_) => {
                let _ = writeln!(out, "error: {}: {}", problems.location(p), p.message);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::closing_line;
    use crate::report::Summary;

    #[test]
    fn the_closing_line_says_what_was_found_and_what_was_not_checked() {
        let mut s = Summary {
            files: 1,
            ..Summary::default()
        };
        assert_eq!(closing_line(&s, 0), "copydesk: checked 1 file: no problems");
        assert_eq!(
            closing_line(&s, 2),
            "copydesk: checked 1 file; 2 files could not be checked"
        );
        s.files = 3;
        s.errors = 1;
        s.warnings = 2;
        s.infos = 1;
        assert_eq!(
            closing_line(&s, 1),
            "copydesk: checked 3 files: 1 error, 2 warnings, 1 note; 1 file could not be checked"
        );
        s.after_facts = 1;
        s.facts_as_of = crate::Date::new(2026, 6, 15);
        assert!(closing_line(&s, 0).ends_with(
            "; 1 file is dated after 2026-06-15, when the dictionaries' facts were last checked"
        ));
    }
}
