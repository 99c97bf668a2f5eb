//! Compiler-style diagnostics rendered by codespan-reporting.

use std::fmt::Write as _;
use std::io::{self, Write};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::Files;
use codespan_reporting::term::{self, Config};

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
        })
    },
};

/// The human format: excerpts of the copy under each diagnostic, and a summary line.
pub struct Human {
    pub color: bool,
}

impl Reporter for Human {
    /// A file's diagnostics; when there are some and the file gives no date of its own, a note
    /// first says which date titles were judged by.
    fn render(&self, file: FileOutput<'_>) -> String {
        let report = file.report;
        let date_note =
            !report.diagnostics.is_empty() && report.date_source != DateSource::FrontMatter;
        render(file.doc, report, self.color, date_note)
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let total = summary.errors + summary.warnings + summary.infos;
        if total == 0 {
            return Ok(());
        }
        if let (n @ 1.., Some(as_of)) = (summary.after_facts, summary.facts_as_of) {
            writeln!(
                out,
                "note: {n} file{} dated after {as_of}, when the dictionaries' facts were last checked: \
                 titles still held then are not judged as ended, and \"former\" before them is only a \
                 warning (`copydesk rules update` refreshes office-holders)",
                if n == 1 { " is" } else { "s are" }
            )?;
        }
        writeln!(
            out,
            "copydesk: {} error{}, {} warning{} in {} file{} checked",
            summary.errors,
            plural(summary.errors),
            summary.warnings,
            plural(summary.warnings),
            summary.files,
            plural(summary.files)
        )
    }
}

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

fn to_codespan(d: &Diagnostic) -> CsDiagnostic<()> {
    let mut labels = vec![Label::primary((), d.span.clone()).with_message(&d.label)];
    labels.extend(
        d.labels
            .iter()
            .map(|l| Label::secondary((), l.span.clone()).with_message(&l.message)),
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

/// Lines longer than this (in bytes) are quoted only around the diagnostic's labels.
const LONG_LINE: usize = 2000;
/// Bytes quoted on each side of the labels in a long line.
const CONTEXT: usize = 200;

/// A document as codespan sees it for one diagnostic: lines and columns as [`Document`] counts
/// them (a lone CR ends a line too; a BOM is not a column), and long lines cut to the part
/// around the diagnostic's labels, so that a finding in a 50 MB line does not quote it whole.
struct Excerpt<'a> {
    doc: &'a Document,
    labels: Vec<std::ops::Range<usize>>,
}

impl Excerpt<'_> {
    fn line_start(&self, line_index: usize) -> Result<usize, codespan_reporting::files::Error> {
        let starts = self.doc.line_starts();
        match line_index.cmp(&starts.len()) {
            std::cmp::Ordering::Less => Ok(starts[line_index]),
            std::cmp::Ordering::Equal => Ok(self.doc.source.len()),
            std::cmp::Ordering::Greater => Err(codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: starts.len() - 1,
            }),
        }
    }
}

impl<'a> Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.doc.path)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.doc.source)
    }

    fn line_index(
        &'a self,
        (): (),
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let starts = self.doc.line_starts();
        Ok(starts.partition_point(|&s| s <= byte).saturating_sub(1))
    }

    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.doc.line_col(byte).1)
    }

    fn line_range(
        &'a self,
        (): (),
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        let start = self.line_start(line_index)?;
        let end = self.line_start(line_index + 1)?;
        if end - start <= LONG_LINE {
            return Ok(start..end);
        }
        let (mut lo, mut hi) = (end, start);
        for label in self
            .labels
            .iter()
            .filter(|l| l.start <= end && l.end >= start)
        {
            lo = lo.min(label.start.max(start));
            hi = hi.max(label.end.min(end));
        }
        if lo > hi {
            (lo, hi) = (start, start);
        }
        let source = &self.doc.source;
        let mut a = lo.saturating_sub(CONTEXT).max(start);
        let mut b = (hi + CONTEXT).min(end);
        while !source.is_char_boundary(a) {
            a -= 1;
        }
        while !source.is_char_boundary(b) {
            b += 1;
        }
        Ok(a..b)
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
        let files = Excerpt {
            doc,
            labels: std::iter::once(d.span.clone())
                .chain(d.labels.iter().map(|l| l.span.clone()))
                .collect(),
        };
        emit(&mut out, &files, &to_codespan(d), color);
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
