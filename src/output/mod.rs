//! Output formats. They render reports of documents and know nothing about the checks: what a
//! format needs to know of them (SARIF lists them) is handed in as [`RuleInfo`] data.
//!
//! Every format implements [`Reporter`]: [`Reporter::begin`], then per checked file
//! [`Reporter::render`] (on worker threads, files in any order) and [`Reporter::file`] (in input
//! order),
//! [`Reporter::error`] for files that could not be checked, and [`Reporter::finish`]. A new format
//! is one file implementing it and one line in [`FORMATS`].

use std::io::{self, Write};

mod excerpt;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod short;
pub mod statistics;

use crate::diagnostic::Severity;
use crate::document::Document;
use crate::report::{FileReport, Summary};

/// One checked file, as formats see it.
#[derive(Debug, Clone, Copy)]
pub struct FileOutput<'a> {
    pub doc: &'a Document,
    pub report: &'a FileReport,
}

/// What a format may tell of a check: its code, summary, default severity and explanation.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub code: &'static str,
    pub summary: &'static str,
    pub severity: Severity,
    /// Markdown: what it catches, why, an example, the fix.
    pub explanation: &'static str,
}

/// What a format is made with.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// ANSI colours (for formats that have them).
    pub color: bool,
    /// Every check, in registry order.
    pub rules: &'a [RuleInfo],
    /// Findings only, for formats that print more (notes, a closing line).
    pub quiet: bool,
}

/// An output format, fed one run's files in order.
pub trait Reporter: Send + Sync {
    /// Writes what comes before the first file.
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// One checked file's part of the output. Called on worker threads, in any order, so that
    /// files render in parallel; [`Reporter::file`] then writes it in input order.
    fn render(&self, file: FileOutput<'_>) -> String;

    /// Writes one checked file's rendered part; files come in input order. What a format needs
    /// of the file here, it puts in the rendered part.
    fn file(&mut self, rendered: &str, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(rendered.as_bytes())
    }

    /// A file that could not be checked (it is also reported on standard error).
    fn error(&mut self, _path: &str, _message: &str, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// Writes what comes after the last file.
    fn finish(&mut self, _summary: &Summary, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// A format of the registry.
pub struct FormatEntry {
    /// The name `--format` takes.
    pub name: &'static str,
    /// One line for `--help`.
    pub help: &'static str,
    /// Meant for people reading a terminal: a long run shows a progress bar.
    pub for_people: bool,
    pub make: fn(Options<'_>) -> Box<dyn Reporter>,
}

/// Every format, the default first.
pub static FORMATS: &[&FormatEntry] = &[
    &human::FORMAT,
    &short::FORMAT,
    &json::FORMAT,
    &github::FORMAT,
    &sarif::FORMAT,
];

/// The format named `name`.
pub fn find(name: &str) -> Option<&'static FormatEntry> {
    FORMATS.iter().copied().find(|f| f.name == name)
}

/// A diagnostic's message, then its help and its notes on lines of their own, for formats that
/// carry one text per finding (SARIF, GitHub annotations).
pub fn message_with_help(d: &crate::Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    for note in &d.notes {
        text.push_str("\nnote: ");
        text.push_str(note);
    }
    text
}

/// Text for a terminal: control characters (but line feeds and tabs) and direction marks written
/// as `\\u{..}`, so that text from the copy or the dictionaries can neither drive the terminal
/// nor reorder what it shows.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    crate::text::escape_chars(text, |c| {
        crate::files::is_unsafe(c) && c != '\n' && c != '\t'
    })
}

/// `items` as compact JSON separated by commas (empty when there are none), written one at a
/// time into one buffer.
pub fn json_list<T: serde::Serialize>(items: impl IntoIterator<Item = T>) -> String {
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // Writing into a Vec cannot fail, and the formats' types always serialise.
        let _ = serde_json::to_writer(&mut out, &item);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// "" for one, "s" for any other number.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// What a format says of a file's findings past the limit per file.
pub fn beyond_note(beyond: crate::report::Beyond) -> String {
    format!(
        "{} more finding{} not reported (`--max-findings` sets how many a file reports)",
        beyond.count,
        plural(beyond.count)
    )
}

/// A report dated 2025-12-20 (from `--date`) holding `diagnostics`, for the formats' tests.
#[cfg(test)]
pub(crate) fn test_report(diagnostics: Vec<crate::Diagnostic>) -> FileReport {
    FileReport {
        diagnostics,
        date: crate::Date::parse("2025-12-20").expect("date"),
        date_source: crate::DateSource::Cli,
        facts_as_of: None,
        beyond: None,
    }
}
