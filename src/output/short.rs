//! `path:line:col: severity[code] message`, one line per diagnostic.

use std::fmt::Write as _;

use super::{FileOutput, FormatEntry, Options, Reporter};
use crate::document::Document;
use crate::report::FileReport;

pub static FORMAT: FormatEntry = FormatEntry {
    name: "short",
    help: "`path:line:col: severity[code] message`, one a line",
    for_people: true,
    make: |_: Options<'_>| Box::new(Short),
};

/// The short format: no state, one line per diagnostic.
pub struct Short;

impl Reporter for Short {
    fn render(&self, file: FileOutput<'_>) -> String {
        render(file.doc, file.report)
    }
}

/// One line per diagnostic of a document.
pub fn render(doc: &Document, report: &FileReport) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let (line, col) = doc.line_col(d.span.start);
        let _ = writeln!(
            out,
            "{}:{line}:{col}: {}[{}] {}",
            doc.path,
            d.severity.as_str(),
            d.code,
            super::escape(&d.message)
        );
    }
    out
}
