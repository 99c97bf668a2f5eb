//! Compiler-style diagnostics rendered by codespan-reporting.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::Files;
use codespan_reporting::term::{self, Config};

use super::excerpt::Excerpt as DocExcerpt;
use super::{escape, plural, FileOutput, FormatEntry, Options, Reporter};
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
        })
    },
};

/// The human format: excerpts of the copy under each diagnostic, and a closing line.
pub struct Human {
    pub color: bool,
    /// Diagnostics only: no notes and no closing line.
    pub quiet: bool,
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
        writeln!(out, "{}", closing_line(summary))
    }
}

/// "copydesk: checked 3 files: 1 error, 2 warnings", "copydesk: checked 1 file: no problems",
/// how many files could not be checked and how many are dated after the dictionaries' facts,
/// when some are.
pub fn closing_line(summary: &Summary) -> String {
    let (files, unchecked) = (summary.files, summary.unchecked);
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
fn to_codespan_doc(d: &Diagnostic, excerpt: &DocExcerpt<'_>) -> CsDiagnostic<()> {
    let mut labels = vec![Label::primary((), excerpt.span(&d.span)).with_message(escape(&d.label))];
    labels.extend(
        d.labels
            .iter()
            .map(|l| Label::secondary((), excerpt.span(&l.span)).with_message(escape(&l.message))),
    );
    let mut notes: Vec<String> = d.notes.iter().map(|n| escape(n).into_owned()).collect();
    if let Some(help) = &d.help {
        notes.push(format!("help: {}", escape(help)));
    }
    CsDiagnostic::new(severity(d.severity))
        .with_code(d.code)
        .with_message(escape(&d.message))
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
fn emit<'f, F: Files<'f>>(
    out: &mut String,
    files: &'f F,
    diag: &CsDiagnostic<F::FileId>,
    color: bool,
) {
    match render_one(files, diag, color) {
        Ok(text) => out.push_str(&text),
        Err(err) => {
            let _ = writeln!(out, "{}: {}", diag.message, err);
        }
    }
}

/// In dictionaries and configuration files, lines are quoted up to this many bytes on each side
/// of a problem: a file that is not a dictionary at all is never echoed whole.
const PROBLEM_CONTEXT: usize = 60;

/// `text` with every unsafe character (controls, direction marks) written as `\u{..}`, and the
/// map between offsets in the two, so that an excerpt can neither drive the terminal nor reorder
/// what it shows.
struct Shown<'a> {
    text: std::borrow::Cow<'a, str>,
    /// Per escaped character: its range in the original and in the shown text.
    escapes: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>,
}

impl<'a> Shown<'a> {
    fn new(text: &'a str) -> Shown<'a> {
        let unsafe_char = |c: char| crate::files::is_unsafe(c) && !matches!(c, '\t' | '\n' | '\r');
        if !text.chars().any(unsafe_char) {
            return Shown {
                text: text.into(),
                escapes: Vec::new(),
            };
        }
        let mut out = String::with_capacity(text.len() + 16);
        let mut escapes = Vec::new();
        for (i, c) in text.char_indices() {
            if unsafe_char(c) {
                let at = out.len();
                crate::text::push_code_point(&mut out, c);
                escapes.push((i..i + c.len_utf8(), at..out.len()));
            } else {
                out.push(c);
            }
        }
        Shown {
            text: out.into(),
            escapes,
        }
    }

    /// The shown offset of an original one.
    fn shown(&self, orig: usize) -> usize {
        let i = self.escapes.partition_point(|(o, _)| o.end <= orig);
        match i.checked_sub(1).map(|i| &self.escapes[i]) {
            Some((o, s)) => orig - o.end + s.end,
            None => orig,
        }
    }

    /// The original offset of a shown one (the start of an escaped character inside its escape).
    fn orig(&self, shown: usize) -> usize {
        let i = self.escapes.partition_point(|(_, s)| s.end <= shown);
        if let Some((o, s)) = self.escapes.get(i) {
            if s.start <= shown {
                return o.start;
            }
        }
        match i.checked_sub(1).map(|i| &self.escapes[i]) {
            Some((o, s)) => shown - s.end + o.end,
            None => shown,
        }
    }

    fn range(&self, r: &std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.shown(r.start)..self.shown(r.end)
    }
}

/// One dictionary or configuration file as codespan sees it for one problem: lines end at line
/// feeds and columns count characters; a line of more than twice [`PROBLEM_CONTEXT`] bytes is
/// cut to [`PROBLEM_CONTEXT`] bytes on each side of the problem's labels, so that a problem in a
/// 50 MB line does not quote it whole; unsafe characters are escaped ([`Shown`]). Codespan sees
/// shown offsets.
struct Excerpt<'a> {
    name: &'a str,
    source: &'a str,
    /// Line starts in the original text.
    line_starts: &'a [usize],
    shown: &'a Shown<'a>,
    /// The labels' ranges in the original text.
    labels: Vec<std::ops::Range<usize>>,
}

impl Excerpt<'_> {
    fn line_start(&self, line_index: usize) -> Result<usize, codespan_reporting::files::Error> {
        let starts = self.line_starts;
        match line_index.cmp(&starts.len()) {
            std::cmp::Ordering::Less => Ok(starts[line_index]),
            std::cmp::Ordering::Equal => Ok(self.source.len()),
            std::cmp::Ordering::Greater => Err(codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: starts.len() - 1,
            }),
        }
    }

    /// The original range quoted for a line.
    fn quoted(
        &self,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        let start = self.line_start(line_index)?;
        let end = self.line_start(line_index + 1)?;
        if end - start <= 2 * PROBLEM_CONTEXT {
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
        let source = self.source;
        let mut a = lo.saturating_sub(PROBLEM_CONTEXT).max(start);
        let mut b = (hi + PROBLEM_CONTEXT).min(end);
        while !source.is_char_boundary(a) {
            a -= 1;
        }
        while !source.is_char_boundary(b) {
            b += 1;
        }
        Ok(a..b)
    }
}

/// The files of one diagnostic, by index.
struct Excerpts<'a>(Vec<Excerpt<'a>>);

impl<'a> Excerpts<'a> {
    fn get(&self, id: usize) -> Result<&Excerpt<'a>, codespan_reporting::files::Error> {
        self.0
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }
}

impl<'a> Files<'a> for Excerpts<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.get(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.get(id)?.shown.text)
    }

    fn line_index(
        &'a self,
        id: usize,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let e = self.get(id)?;
        Ok(crate::document::line_index(
            e.line_starts,
            e.shown.orig(byte),
        ))
    }

    fn column_number(
        &'a self,
        id: usize,
        _line_index: usize,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let e = self.get(id)?;
        Ok(crate::document::line_col(e.source, e.shown.orig(byte)).1)
    }

    fn line_range(
        &'a self,
        id: usize,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        let e = self.get(id)?;
        Ok(e.shown.range(&e.quoted(line_index)?))
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
        let excerpt = DocExcerpt::new(doc, &spans);
        emit(&mut out, &excerpt, &to_codespan_doc(d, &excerpt), color);
    }
    out
}

/// Problems that stop a run (in the dictionaries or the configuration, as `what` says), each
/// pointing into its file, then a line that counts them.
pub fn render_stop(problems: &RuleProblems, what: &str, color: bool) -> String {
    let n = problems.problems.len();
    let place = if what == "dictionary" {
        "the dictionaries"
    } else {
        "the configuration"
    };
    format!(
        "{}copydesk: {n} problem{} in {place}\n",
        render_problems(problems, what, color),
        plural(n)
    )
}

/// Renders problems found in dictionaries or configuration files; `code` names which. Each
/// problem quotes only the line it points at, cut to [`PROBLEM_CONTEXT`] bytes on each side,
/// with unsafe characters escaped.
pub fn render_problems(problems: &RuleProblems, code: &str, color: bool) -> String {
    let shown: Vec<Shown<'_>> = problems
        .sources
        .iter()
        .map(|s| Shown::new(&s.text))
        .collect();
    let starts: Vec<Vec<usize>> = problems
        .sources
        .iter()
        .map(|s| {
            std::iter::once(0)
                .chain(s.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
        .collect();
    // A label covers at most the rest of the line it starts on.
    let one_line = |file: usize, span: &std::ops::Range<usize>| {
        let text = &problems.sources[file].text;
        let start = span.start.min(text.len());
        let end = span.end.clamp(start, text.len());
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let mut end = end.min(line_end);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        start..end.max(start)
    };
    let mut out = String::new();
    for p in &problems.problems {
        let mut placed = vec![(p.file, one_line(p.file, &p.span), p.label.as_str())];
        placed.extend(
            p.secondary
                .iter()
                .map(|(f, span, msg)| (*f, one_line(*f, span), msg.as_str())),
        );
        let files = Excerpts(
            problems
                .sources
                .iter()
                .enumerate()
                .map(|(i, s)| Excerpt {
                    name: &s.path,
                    source: &s.text,
                    line_starts: &starts[i],
                    shown: &shown[i],
                    labels: placed
                        .iter()
                        .filter(|(f, _, _)| *f == i)
                        .map(|(_, r, _)| r.clone())
                        .collect(),
                })
                .collect(),
        );
        let labels = placed
            .iter()
            .enumerate()
            .map(|(k, (f, span, msg))| {
                let span = shown[*f].range(span);
                let label = if k == 0 {
                    Label::primary(*f, span)
                } else {
                    Label::secondary(*f, span)
                };
                label.with_message(escape(msg))
            })
            .collect();
        let message = escape(&format!("{}: {}", problems.location(p), p.message)).into_owned();
        let diag = CsDiagnostic::error()
            .with_message(message.clone())
            .with_code(code)
            .with_labels(labels);
        match render_one(&files, &diag, color) {
            Ok(text) => out.push_str(&text),
            Err(_) => {
                let _ = writeln!(out, "error: {message}");
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
        assert_eq!(closing_line(&s), "copydesk: checked 1 file: no problems");
        s.unchecked = 2;
        assert_eq!(
            closing_line(&s),
            "copydesk: checked 1 file; 2 files could not be checked"
        );
        s.files = 3;
        s.errors = 1;
        s.warnings = 2;
        s.infos = 1;
        s.unchecked = 1;
        assert_eq!(
            closing_line(&s),
            "copydesk: checked 3 files: 1 error, 2 warnings, 1 note; 1 file could not be checked"
        );
        s.unchecked = 0;
        s.after_facts = 1;
        s.facts_as_of = crate::Date::new(2026, 6, 15);
        assert!(closing_line(&s).ends_with(
            "; 1 file is dated after 2026-06-15, when the dictionaries' facts were last checked"
        ));
    }
}
