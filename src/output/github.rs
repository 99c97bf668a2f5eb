//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per diagnostic,
//! which the Actions runner turns into annotations on the files of a pull request.
//!
//! ```text
//! ::error file=story.md,line=6,col=30,endLine=6,endColumn=34,title=copydesk misspelled-name::`Kiev` is a misspelling of place `Kyiv`
//! ```
//!
//! `line` and `col` are 1-based, `col` counting characters as in every other format; `endLine` and
//! `endColumn` are the position just after the last character (exclusive, as in SARIF and the JSON
//! output). GitHub places columns on one line only, so a diagnostic that spans a line break gets
//! `line` and `endLine` without columns. Values are escaped as GitHub's toolkit escapes them.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{FileOutput, FormatEntry, Options, Reporter};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::report::FileReport;
use crate::rules::RuleProblems;

pub static FORMAT: FormatEntry = FormatEntry {
    name: "github",
    help: "GitHub Actions workflow commands: annotations on pull requests",
    for_people: false,
    make: |_: Options<'_>| Box::new(Github),
};

/// The GitHub format: no state, one workflow command per diagnostic.
pub struct Github;

impl Reporter for Github {
    fn render(&self, file: FileOutput<'_>) -> String {
        render(file.doc, file.report)
    }

    /// A file that could not be checked is an error annotation on it.
    fn error(&mut self, path: &str, message: &str, out: &mut dyn Write) -> io::Result<()> {
        let line = error_annotation(Some((path, 0, 0)), "copydesk", message);
        writeln!(out, "{line}")
    }
}

/// The workflow command for a severity.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes a command's data (the message): `%`, carriage return and line feed.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a property value: as data, plus `:` and `,`, which separate properties.
pub fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            _ => out.push(c),
        }
    }
    out
}

/// One workflow command line (without the line ending): `::command key=value,…::message`, the
/// values and the message escaped.
fn workflow_command(command: &str, props: &[(&str, String)], message: &str) -> String {
    let props: Vec<String> = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect();
    format!("::{command} {}::{}", props.join(","), escape_data(message))
}

/// One workflow command line (without the line ending) for a diagnostic of `doc`.
pub fn annotation(doc: &Document, d: &Diagnostic) -> String {
    let (line, col) = doc.line_col(d.span.start);
    let (end_line, end_col) = doc.line_col(d.span.end);
    let mut props = vec![("file", doc.path.clone()), ("line", line.to_string())];
    if end_line == line {
        props.push(("col", col.to_string()));
        props.push(("endLine", end_line.to_string()));
        props.push(("endColumn", end_col.to_string()));
    } else {
        props.push(("endLine", end_line.to_string()));
    }
    props.push(("title", format!("copydesk {}", d.code)));
    workflow_command(
        command(d.severity),
        &props,
        &super::escape(&super::message_with_help(d)),
    )
}

/// An `::error` command for a problem that is not a finding (a file that cannot be read, a
/// configuration or dictionary that does not load), placed at `file:line:col` when known.
pub fn error_annotation(place: Option<(&str, usize, usize)>, title: &str, message: &str) -> String {
    let mut props = Vec::new();
    if let Some((file, line, col)) = place {
        props.push(("file", file.to_string()));
        if line > 0 {
            props.push(("line", line.to_string()));
            props.push(("col", col.to_string()));
        }
    }
    props.push(("title", title.to_string()));
    workflow_command("error", &props, message)
}

/// An `::error` command per problem of a dictionary or configuration file (`what` says which),
/// placed where it is in its file.
pub fn problem_annotations(problems: &RuleProblems, what: &str) -> String {
    let title = format!("copydesk {what}");
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut out = String::new();
    for p in &problems.problems {
        let source = &problems.sources[p.file];
        let (line, col) = crate::document::line_col(&source.text, p.span.start);
        let path = relative(&source.path, &cwd);
        let place = Some((path.as_str(), line, col));
        let _ = writeln!(out, "{}", error_annotation(place, &title, &p.message));
    }
    out
}

/// A path under the working folder `cwd` made relative to it, as GitHub places annotations.
fn relative(path: &str, cwd: &std::path::Path) -> String {
    std::path::Path::new(path)
        .strip_prefix(cwd)
        .map_or_else(|_| path.to_string(), |p| p.display().to_string())
}

/// Every diagnostic of one document, one workflow command a line.
pub fn render(doc: &Document, report: &FileReport) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let _ = writeln!(out, "{}", annotation(doc, d));
    }
    if let Some(b) = report.beyond {
        let props = [
            ("file", doc.path.clone()),
            ("title", "copydesk".to_string()),
        ];
        let _ = writeln!(
            out,
            "{}",
            workflow_command("notice", &props, &super::beyond_note(b))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

    use crate::output::test_report as report;

    #[test]
    fn escapes_data_as_the_toolkit_does() {
        assert_eq!(
            escape_data("50% off\r\nnext: a,b"),
            "50%25 off%0D%0Anext: a,b"
        );
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn escapes_properties_as_the_toolkit_does() {
        assert_eq!(
            escape_property("dir:a,b%c\nd\re"),
            "dir%3Aa%2Cb%25c%0Ad%0De"
        );
    }

    #[test]
    fn one_command_per_diagnostic_by_severity() {
        let source = "Drones hit Kiev.\nThe advisor spoke.\nA note.\n";
        let doc = Document::new("news/story.md", source.to_string(), Format::Text);
        let kiev = source.find("Kiev").expect("Kiev");
        let advisor = source.find("advisor").expect("advisor");
        let note = source.find("note").expect("note");
        let out = render(
            &doc,
            &report(vec![
                Diagnostic::new(
                    "misspelled-name",
                    Severity::Error,
                    kiev..kiev + 4,
                    "`Kiev` is a misspelling of place `Kyiv`",
                ),
                Diagnostic::new("house-style", Severity::Warning, advisor..advisor + 7, "w"),
                Diagnostic::new("some-info", Severity::Info, note..note + 4, "i"),
            ]),
        );
        assert_eq!(
            out,
            "::error file=news/story.md,line=1,col=12,endLine=1,endColumn=16,title=copydesk misspelled-name::`Kiev` is a misspelling of place `Kyiv`\n\
             ::warning file=news/story.md,line=2,col=5,endLine=2,endColumn=12,title=copydesk house-style::w\n\
             ::notice file=news/story.md,line=3,col=3,endLine=3,endColumn=7,title=copydesk some-info::i\n"
        );
    }

    #[test]
    fn columns_count_characters_and_escape_paths_and_messages() {
        let source = "KYIV — Grain left Odessa.";
        let doc = Document::new("a,b:c%.txt", source.to_string(), Format::Text);
        let at = source.find("Odessa").expect("Odessa");
        let d = Diagnostic::new(
            "misspelled-name",
            Severity::Error,
            at..at + 6,
            "100% wrong:\nsee the list, please",
        );
        assert_eq!(
            annotation(&doc, &d),
            "::error file=a%2Cb%3Ac%25.txt,line=1,col=19,endLine=1,endColumn=25,\
             title=copydesk misspelled-name::100%25 wrong:%0Asee the list, please"
        );
    }

    #[test]
    fn the_help_and_notes_follow_the_message() {
        let doc = Document::new("s.txt", "Kiev.".to_string(), Format::Text);
        let d = Diagnostic::new("misspelled-name", Severity::Error, 0..4, "m")
            .with_help("write \"Kyiv\"")
            .with_note("since 2020");
        assert_eq!(
            annotation(&doc, &d),
            "::error file=s.txt,line=1,col=1,endLine=1,endColumn=5,\
             title=copydesk misspelled-name::m%0Ahelp: write \"Kyiv\"%0Anote: since 2020"
        );
    }

    #[test]
    fn errors_that_are_not_findings() {
        assert_eq!(
            error_annotation(
                Some(("copydesk.toml", 2, 9)),
                "copydesk configuration",
                "bad: 1%"
            ),
            "::error file=copydesk.toml,line=2,col=9,title=copydesk configuration::bad: 1%25"
        );
        assert_eq!(
            error_annotation(None, "copydesk", "unknown house style `apx`"),
            "::error title=copydesk::unknown house style `apx`"
        );
    }

    #[test]
    fn a_span_across_lines_has_no_columns() {
        let source = "Steve\nWitzoff spoke.";
        let doc = Document::new("s.txt", source.to_string(), Format::Text);
        let d = Diagnostic::new("misspelled-name", Severity::Error, 0..13, "m");
        assert_eq!(
            annotation(&doc, &d),
            "::error file=s.txt,line=1,endLine=2,title=copydesk misspelled-name::m"
        );
    }

    #[test]
    fn nothing_for_a_clean_document() {
        let doc = Document::new("s.txt", "Fine.".to_string(), Format::Text);
        assert_eq!(render(&doc, &report(Vec::new())), "");
    }
}
