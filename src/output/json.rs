//! The JSON output: one document per run, a stable contract for editor integrations.
//!
//! ```json
//! {"version": 1,
//!  "diagnostics": [{"path", "code", "severity", "message", "text", "range", "fixes", "help", "labels", "notes"}],
//!  "files": [{"path", "date", "date_source", "facts_as_of"}],
//!  "errors": [{"path", "message"}],
//!  "summary": {"files", "errors", "warnings", "infos"}}
//! ```
//! `range.start`/`range.end` hold a 1-based `line`, a 1-based `column` in characters and a byte
//! `offset` into the file as read (end exclusive). `text` is exactly the source bytes of the range.

use std::io::{self, Write};
use std::ops::Range;

use serde::Serialize;

use super::{FileOutput, FormatEntry, Options, Reporter};
use crate::diagnostic::{Applicability, Severity};
use crate::document::Document;
use crate::report::{DateSource, FileReport, Summary};

pub const VERSION: u32 = 1;

pub static FORMAT: FormatEntry = FormatEntry {
    name: "json",
    help: "One JSON document (see the README for the schema)",
    for_people: false,
    make: |_: Options<'_>| Box::new(JsonWriter::default()),
};

#[derive(Debug, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

#[derive(Debug, Serialize)]
pub struct JsonRange {
    pub start: Position,
    pub end: Position,
}

#[derive(Debug, Serialize)]
pub struct JsonFix<'a> {
    pub replacement: &'a str,
    pub range: JsonRange,
    pub applicability: Applicability,
}

#[derive(Debug, Serialize)]
pub struct JsonLabel<'a> {
    pub message: &'a str,
    pub range: JsonRange,
}

#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub path: &'a str,
    pub code: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub text: &'a str,
    pub range: JsonRange,
    pub fixes: Vec<JsonFix<'a>>,
    pub help: Option<&'a str>,
    pub labels: Vec<JsonLabel<'a>>,
    pub notes: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct JsonFile<'a> {
    pub path: &'a str,
    pub date: String,
    pub date_source: DateSource,
    /// The date the dictionaries' facts were checked, or `null` where none gives one.
    pub facts_as_of: Option<String>,
    /// Findings past the limit per file, not in `diagnostics`; absent when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unreported: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct JsonError<'a> {
    pub path: &'a str,
    pub message: &'a str,
}

fn range(doc: &Document, span: &Range<usize>) -> JsonRange {
    let pos = |offset: usize| {
        let (line, column) = doc.line_col(offset);
        Position {
            line,
            column,
            offset,
        }
    };
    JsonRange {
        start: pos(span.start),
        end: pos(span.end),
    }
}

/// The JSON objects for one document's diagnostics.
pub fn diagnostics<'a>(
    doc: &'a Document,
    report: &'a FileReport,
) -> impl Iterator<Item = JsonDiagnostic<'a>> + 'a {
    report.diagnostics.iter().map(|d| JsonDiagnostic {
        path: &doc.path,
        code: d.code,
        severity: d.severity,
        message: &d.message,
        text: &doc.source[d.span.clone()],
        range: range(doc, &d.span),
        fixes: d
            .fixes
            .iter()
            .map(|f| JsonFix {
                replacement: &f.edit.replacement,
                range: range(doc, &f.edit.span),
                applicability: f.applicability,
            })
            .collect(),
        help: d.help.as_deref(),
        labels: d
            .labels
            .iter()
            .map(|l| JsonLabel {
                message: &l.message,
                range: range(doc, &l.span),
            })
            .collect(),
        notes: &d.notes,
    })
}

/// One document's diagnostics as JSON objects separated by commas (empty when there are none),
/// written one at a time into one buffer.
pub fn diagnostics_json(doc: &Document, report: &FileReport) -> String {
    super::json_list(diagnostics(doc, report))
}

/// The `files` record of one document.
pub fn file_json(doc: &Document, report: &FileReport) -> String {
    let file = JsonFile {
        path: &doc.path,
        date: report.date.to_string(),
        date_source: report.date_source,
        facts_as_of: report.facts_as_of.map(|d| d.to_string()),
        unreported: report.beyond.map(|b| b.count),
    };
    serde_json::to_string(&file).unwrap_or_default()
}

/// The `errors` record of a file that could not be checked.
pub fn error_json(path: &str, message: &str) -> String {
    serde_json::to_string(&JsonError { path, message }).unwrap_or_default()
}

/// Assembles the JSON document from per-file pieces, in order.
#[derive(Default)]
pub struct JsonWriter {
    diagnostics: usize,
    /// The `files` records so far, comma-separated: one buffer, not one allocation per file.
    files: String,
    errors: Vec<String>,
}

impl Reporter for JsonWriter {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(out, "{{\"version\":{VERSION},\"diagnostics\":[")
    }

    /// A file's `files` record, a line break, then its diagnostics as JSON objects separated by
    /// commas (compact JSON holds no line break of its own).
    fn render(&self, file: FileOutput<'_>) -> String {
        let mut out = file_json(file.doc, file.report);
        out.push('\n');
        out.push_str(&diagnostics_json(file.doc, file.report));
        out
    }

    /// Writes the diagnostics (with a leading comma when needed) and keeps the `files` record.
    fn file(&mut self, rendered: &str, out: &mut dyn Write) -> io::Result<()> {
        let (record, rendered) = rendered.split_once('\n').unwrap_or((rendered, ""));
        if !self.files.is_empty() {
            self.files.push(',');
        }
        self.files.push_str(record);
        if rendered.is_empty() {
            return Ok(());
        }
        if self.diagnostics > 0 {
            out.write_all(b",")?;
        }
        self.diagnostics += 1;
        out.write_all(rendered.as_bytes())
    }

    fn error(&mut self, path: &str, message: &str, _out: &mut dyn Write) -> io::Result<()> {
        self.errors.push(error_json(path, message));
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "],\"files\":[{}],\"errors\":[{}],\"summary\":{}}}",
            self.files,
            self.errors.join(","),
            serde_json::to_string(summary).unwrap_or_default()
        )
    }
}
