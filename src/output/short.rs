//! `path:line:col: severity[code] message`, one line per diagnostic.

use std::fmt::Write as _;

use super::{FileOutput, FormatEntry, Options, Reporter};
use crate::diagnostic::Severity;
use crate::document::Document;
use crate::report::FileReport;

pub static FORMAT: FormatEntry = FormatEntry {
    name: "short",
    help: "`path:line:col: severity[code] message`, one a line",
    for_people: true,
    make: |options: Options<'_>| {
        Box::new(Short {
            color: options.color,
        })
    },
};

/// The short format: one line per diagnostic.
pub struct Short {
    /// ANSI colours: the place in bold, the severity and code in the severity's colour.
    pub color: bool,
}

impl Reporter for Short {
    fn render(&self, file: FileOutput<'_>) -> String {
        render(file.doc, file.report, self.color)
    }
}

/// The ANSI colour of a severity, as the human format shows it.
fn colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Info => "\x1b[1;32m",
    }
}

/// One line per diagnostic of a document.
pub fn render(doc: &Document, report: &FileReport, color: bool) -> String {
    let mut out = String::new();
    let (bold, reset) = if color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    for d in &report.diagnostics {
        let (line, col) = doc.line_col(d.span.start);
        let sev = if color { colour(d.severity) } else { "" };
        let _ = writeln!(
            out,
            "{bold}{}:{line}:{col}:{reset} {sev}{}[{}]{reset} {}",
            doc.path,
            d.severity.as_str(),
            d.code,
            super::escape(&d.message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Diagnostic, Format};

    #[test]
    fn colour_only_when_asked() {
        let doc = Document::new("a.txt", "Kiev.".into(), Format::Text);
        let d = Diagnostic::new("misspelled-name", Severity::Error, 0..4, "bad");
        let report = crate::output::test_report(vec![d]);
        assert_eq!(
            render(&doc, &report, false),
            "a.txt:1:1: error[misspelled-name] bad\n"
        );
        assert_eq!(
            render(&doc, &report, true),
            "\x1b[1ma.txt:1:1:\x1b[0m \x1b[1;31merror[misspelled-name]\x1b[0m bad\n"
        );
    }
}
