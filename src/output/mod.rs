//! Output formats. They render diagnostics of documents and know nothing about the checks.

use std::fmt::Write as _;

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::document::Document;
use crate::report::FileReport;

/// `path:line:col: severity[code] message`, one line each.
pub fn short(doc: &Document, report: &FileReport) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let (line, col) = doc.line_col(d.span.start);
        let _ = writeln!(
            out,
            "{}:{line}:{col}: {}[{}] {}",
            doc.path,
            d.severity.as_str(),
            d.code,
            d.message
        );
    }
    out
}

/// A report dated 2025-12-20 (from `--date`) holding `diagnostics`, for the formats' tests.
#[cfg(test)]
pub(crate) fn test_report(diagnostics: Vec<crate::Diagnostic>) -> FileReport {
    FileReport {
        diagnostics,
        date: crate::Date::parse("2025-12-20").expect("date"),
        date_source: crate::DateSource::Cli,
    }
}
