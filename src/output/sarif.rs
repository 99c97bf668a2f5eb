//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: one log with one run for the
//! whole invocation.
//!
//! The run's `tool.driver.rules` lists every registered check, as the [`RuleInfo`]s the writer is
//! made with (so `ruleIndex` is the check's place in that list); each diagnostic is a `result` with its primary location, its labels as
//! `relatedLocations` and its fixes as SARIF `fixes`. Files that could not be checked are
//! `toolExecutionNotifications` of the run's invocation. Regions carry 1-based lines, 1-based
//! columns counted in Unicode code points (the run says so with `columnKind`), exclusive
//! `endColumn`, and the byte offset and length into the file as read.
//!
//! Like the JSON output, the log is written piece by piece as files are checked:
//! [`Reporter::begin`], then the results of each file, then [`Reporter::finish`].

use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::Range;

use serde_json::{json, Value};

use super::{FileOutput, FormatEntry, Options, Reporter, RuleInfo};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::document::Document;
use crate::report::{FileReport, Summary};

pub static FORMAT: FormatEntry = FormatEntry {
    name: "sarif",
    help: "One SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers",
    for_people: false,
    make: |options: Options<'_>| Box::new(SarifWriter::new(options.rules.to_vec())),
};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const VERSION: &str = "2.1.0";

/// SARIF's `level` for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a SARIF URI reference: percent-encoded outside the characters a URI path may hold;
/// absolute paths become `file://` URIs. `path` is a path as shown ([`crate::files::quote_path`]):
/// a quoted one is encoded from the bytes it stands for. A backslash is a folder separator only
/// on Windows; elsewhere it is part of a name (`%5C`).
pub fn uri(path: &str) -> String {
    let mut bytes = crate::files::unquote(path);
    if cfg!(windows) {
        for b in &mut bytes {
            if *b == b'\\' {
                *b = b'/';
            }
        }
    }
    let (prefix, rest) = if bytes.starts_with(b"/") {
        ("file://".to_string(), &bytes[..])
    } else if cfg!(windows)
        && bytes.len() >= 2
        && bytes[1] == b':'
        && bytes[0].is_ascii_alphabetic()
    {
        // A Windows drive path, `C:/news/a.md`.
        (format!("file:///{}:", char::from(bytes[0])), &bytes[2..])
    } else {
        (String::new(), &bytes[..])
    };
    let mut out = prefix;
    for &b in rest {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The first section of a check's explanation ("What it catches") as one paragraph of text.
fn full_description(meta: &RuleInfo) -> String {
    let mut words = Vec::new();
    let mut started = false;
    for line in meta.explanation.lines() {
        if line.starts_with('#') {
            if started {
                break;
            }
            continue;
        }
        if line.trim().is_empty() {
            if started {
                break;
            }
            continue;
        }
        started = true;
        words.push(line.trim());
    }
    if words.is_empty() {
        meta.summary.to_string()
    } else {
        words.join(" ")
    }
}

/// The `reportingDescriptor` of a check.
pub fn rule(meta: &RuleInfo) -> Value {
    json!({
        "id": meta.code,
        "shortDescription": { "text": meta.summary },
        "fullDescription": { "text": full_description(meta) },
        "help": { "text": meta.explanation, "markdown": meta.explanation },
        "defaultConfiguration": { "level": level(meta.severity) },
    })
}

/// The `tool` object: copydesk and every check.
pub fn tool(rules: &[RuleInfo]) -> Value {
    let rules: Vec<Value> = rules.iter().map(rule).collect();
    let mut driver = json!({
        "name": "copydesk",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    if let Some(url) = option_env!("CARGO_PKG_REPOSITORY").filter(|u| !u.is_empty()) {
        driver["informationUri"] = json!(url);
    }
    json!({ "driver": driver })
}

fn artifact(path: &str) -> Value {
    let uri = uri(path);
    if uri.starts_with("file:") {
        json!({ "uri": uri })
    } else {
        json!({ "uri": uri, "uriBaseId": "%SRCROOT%" })
    }
}

/// A `notification` of the run's invocation about the file at `path`.
fn notification(level: &str, path: &str, text: &str) -> Value {
    json!({
        "level": level,
        "message": { "text": text },
        "locations": [{ "physicalLocation": { "artifactLocation": artifact(path) } }],
    })
}

fn region(doc: &Document, span: &Range<usize>) -> Value {
    let (start_line, start_column) = doc.line_col(span.start);
    let (end_line, end_column) = doc.line_col(span.end);
    json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
        "byteOffset": span.start,
        "byteLength": span.end.saturating_sub(span.start),
    })
}

fn applicability(a: Applicability) -> &'static str {
    match a {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "display-only",
    }
}

/// The SARIF `result` of one diagnostic; `rule_index` is its check's place in the `tool`'s rules.
pub fn result(doc: &Document, d: &Diagnostic, rule_index: Option<usize>) -> Value {
    let text = super::message_with_help(d);
    let mut primary = region(doc, &d.span);
    if let Some(snippet) = doc.source.get(d.span.clone()) {
        primary["snippet"] = json!({ "text": snippet });
    }
    let mut result = json!({
        "ruleId": d.code,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": { "artifactLocation": artifact(&doc.path), "region": primary }
        }],
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if !d.labels.is_empty() {
        let related: Vec<Value> = d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "id": i,
                    "message": { "text": l.message },
                    "physicalLocation": {
                        "artifactLocation": artifact(&doc.path),
                        "region": region(doc, &l.span),
                    },
                })
            })
            .collect();
        result["relatedLocations"] = json!(related);
    }
    if !d.fixes.is_empty() {
        let fixes: Vec<Value> = d
            .fixes
            .iter()
            .map(|f| {
                let old = doc.source.get(f.edit.span.clone()).unwrap_or_default();
                let description = if old.is_empty() {
                    format!("Insert `{}`", f.edit.replacement)
                } else if f.edit.replacement.is_empty() {
                    format!("Remove `{old}`")
                } else {
                    format!("Replace `{old}` with `{}`", f.edit.replacement)
                };
                json!({
                    "description": {
                        "text": format!("{description} ({})", applicability(f.applicability)),
                    },
                    "artifactChanges": [{
                        "artifactLocation": artifact(&doc.path),
                        "replacements": [{
                            "deletedRegion": region(doc, &f.edit.span),
                            "insertedContent": { "text": f.edit.replacement },
                        }],
                    }],
                    "properties": { "applicability": applicability(f.applicability) },
                })
            })
            .collect();
        result["fixes"] = json!(fixes);
    }
    result
}

/// Assembles the SARIF log from per-file pieces, in order.
pub struct SarifWriter {
    rules: Vec<RuleInfo>,
    results: usize,
    /// Notifications (as JSON) of files that could not be checked.
    errors: Vec<String>,
    /// Notifications (as JSON) of files with findings past the limit per file.
    notes: Vec<String>,
}

impl SarifWriter {
    /// A writer for a run of the checks `rules` describe, in registry order.
    pub fn new(rules: Vec<RuleInfo>) -> SarifWriter {
        SarifWriter {
            rules,
            results: 0,
            errors: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// One document's results as JSON objects separated by commas (empty when there are none).
    pub fn results_json(&self, doc: &Document, report: &FileReport) -> String {
        super::json_list(report.diagnostics.iter().map(|d| {
            let index = self.rules.iter().position(|r| r.code == d.code);
            result(doc, d, index)
        }))
    }
}

impl Reporter for SarifWriter {
    /// The start of the log, up to the opening of the run's `results`.
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let tool = serde_json::to_string(&tool(&self.rules)).unwrap_or_default();
        write!(
            out,
            "{{\"$schema\":{},\"version\":{},\"runs\":[{{\"tool\":{tool},\
             \"columnKind\":\"unicodeCodePoints\",\"results\":[",
            json!(SCHEMA),
            json!(VERSION)
        )
    }

    /// The file's results; after a line break, a notification when some findings are past the
    /// limit per file (compact JSON holds no line break of its own).
    fn render(&self, file: FileOutput<'_>) -> String {
        let mut out = self.results_json(file.doc, file.report);
        if let Some(b) = file.report.beyond {
            let note = notification("note", &file.doc.path, &super::beyond_note(b));
            out.push('\n');
            out.push_str(&serde_json::to_string(&note).unwrap_or_default());
        }
        out
    }

    /// Writes a file's results (with a leading comma when needed) and keeps its notification.
    fn file(&mut self, rendered: &str, out: &mut dyn Write) -> io::Result<()> {
        let (rendered, note) = rendered.split_once('\n').unwrap_or((rendered, ""));
        if !note.is_empty() {
            self.notes.push(note.to_string());
        }
        if rendered.is_empty() {
            return Ok(());
        }
        if self.results > 0 {
            out.write_all(b",")?;
        }
        self.results += 1;
        out.write_all(rendered.as_bytes())
    }

    /// A file that could not be checked.
    fn error(&mut self, path: &str, message: &str, _out: &mut dyn Write) -> io::Result<()> {
        let error = notification("error", path, message);
        self.errors
            .push(serde_json::to_string(&error).unwrap_or_default());
        Ok(())
    }

    /// The end of the log: the invocation, with the files that could not be checked, then the
    /// notes on findings past the limit. Its members are written in the order a JSON value of it
    /// would have them.
    fn finish(&mut self, _summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let notifications: Vec<&str> = self
            .errors
            .iter()
            .chain(&self.notes)
            .map(String::as_str)
            .collect();
        writeln!(
            out,
            "],\"invocations\":[{{\"executionSuccessful\":{},\"toolExecutionNotifications\":[{}]}}]}}]}}",
            self.errors.is_empty(),
            notifications.join(",")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;
    use crate::Format;

    use crate::output::test_report as report;

    /// Two checks, as a registry would describe them.
    fn rules() -> Vec<RuleInfo> {
        vec![
            RuleInfo {
                code: "inconsistent-spelling",
                summary: "One name spelled two ways",
                severity: Severity::Warning,
                explanation: "## What it catches\nA name spelled\ntwo ways.\n\n## Why\nReaders.\n",
            },
            RuleInfo {
                code: "misspelled-name",
                summary: "A misspelled name",
                severity: Severity::Error,
                explanation: "# misspelled-name\n\nA known misspelling.\n",
            },
        ]
    }

    fn log(files: &[(&Document, FileReport)], errors: &[(&str, &str)]) -> Value {
        let mut writer = SarifWriter::new(rules());
        let mut out = Vec::new();
        writer.begin(&mut out).expect("write");
        for (doc, report) in files {
            let file = FileOutput { doc, report };
            let rendered = writer.render(file);
            writer.file(&rendered, &mut out).expect("write");
        }
        for (path, message) in errors {
            writer.error(path, message, &mut out).expect("write");
        }
        writer.finish(&Summary::default(), &mut out).expect("write");
        let text = String::from_utf8(out).expect("UTF-8");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("invalid JSON {e}: {text}"))
    }

    #[test]
    fn uris_are_relative_references_with_forward_slashes() {
        assert_eq!(uri("news/story.md"), "news/story.md");
        assert_eq!(uri("news/story one.md"), "news/story%20one.md");
        // A backslash is part of a Unix file name, not a folder separator; a quoted name is
        // encoded from the bytes it stands for.
        assert_eq!(uri("\"a\\\\b.md\""), "a%5Cb.md");
        assert_eq!(uri("\"news/a\\377.md\""), "news/a%FF.md");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("Kyiv/Київ.md"), "Kyiv/%D0%9A%D0%B8%D1%97%D0%B2.md");
        assert_eq!(uri("/srv/news/a.md"), "file:///srv/news/a.md");
        assert_eq!(uri("50%.md"), "50%25.md");
    }

    #[test]
    fn every_check_is_a_rule_in_the_order_given() {
        let tool = tool(&rules());
        let listed = tool["driver"]["rules"].as_array().expect("rules");
        assert_eq!(listed.len(), rules().len());
        for (rule, meta) in listed.iter().zip(rules()) {
            assert_eq!(rule["id"], meta.code);
            assert_eq!(rule["shortDescription"]["text"], meta.summary);
            assert_eq!(rule["help"]["markdown"], meta.explanation);
            assert_eq!(rule["defaultConfiguration"]["level"], level(meta.severity));
            let full = rule["fullDescription"]["text"].as_str().expect("text");
            assert!(!full.is_empty() && !full.contains('\n') && !full.starts_with('#'));
        }
        assert_eq!(tool["driver"]["name"], "copydesk");
        assert_eq!(tool["driver"]["version"], env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn full_description_is_the_first_section() {
        let meta = RuleInfo {
            code: "x",
            summary: "S",
            severity: Severity::Info,
            explanation: "## What it catches\nOne line\nand two.\n\n## Why\nBecause.\n",
        };
        assert_eq!(full_description(&meta), "One line and two.");
        let bare = RuleInfo {
            explanation: "",
            ..meta
        };
        assert_eq!(full_description(&bare), "S");
    }

    #[test]
    fn results_carry_rule_locations_labels_and_fixes() {
        let source = "Zelenskyy met Zelenskiy in Kiev — twice.\n";
        let doc = Document::new("news/a b.txt", source.to_string(), Format::Text);
        let kiev = source.find("Kiev").expect("Kiev");
        let second = source.find("Zelenskiy").expect("second");
        let misspelled = Diagnostic::new(
            "misspelled-name",
            Severity::Error,
            kiev..kiev + 4,
            "`Kiev` is a misspelling of place `Kyiv`",
        )
        .with_help("write \"Kyiv\"")
        .with_fix(
            Edit {
                span: kiev..kiev + 4,
                replacement: "Kyiv".into(),
            },
            Applicability::Safe,
        );
        let inconsistent = Diagnostic::new(
            "inconsistent-spelling",
            Severity::Warning,
            second..second + 9,
            "spelled differently",
        )
        .with_secondary(0..9, "first spelled this way here")
        .with_note("a note");
        let value = log(&[(&doc, report(vec![misspelled, inconsistent]))], &[]);

        assert_eq!(value["version"], "2.1.0");
        let run = &value["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let results = run["results"].as_array().expect("results");
        assert_eq!(results.len(), 2);

        let r = &results[0];
        assert_eq!(r["ruleId"], "misspelled-name");
        let index = usize::try_from(r["ruleIndex"].as_u64().expect("index")).expect("usize");
        assert_eq!(
            run["tool"]["driver"]["rules"][index]["id"],
            "misspelled-name"
        );
        assert_eq!(r["level"], "error");
        assert_eq!(
            r["message"]["text"],
            "`Kiev` is a misspelling of place `Kyiv`\nhelp: write \"Kyiv\""
        );
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "news/a%20b.txt");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(
            loc["region"],
            json!({"startLine": 1, "startColumn": 28, "endLine": 1, "endColumn": 32,
                   "byteOffset": 27, "byteLength": 4, "snippet": {"text": "Kiev"}})
        );
        let fix = &r["fixes"][0];
        assert_eq!(
            fix["description"]["text"],
            "Replace `Kiev` with `Kyiv` (safe)"
        );
        let replacement = &fix["artifactChanges"][0]["replacements"][0];
        assert_eq!(replacement["insertedContent"]["text"], "Kyiv");
        assert_eq!(replacement["deletedRegion"]["byteOffset"], 27);

        let r = &results[1];
        assert_eq!(r["level"], "warning");
        assert_eq!(r["message"]["text"], "spelled differently\nnote: a note");
        assert_eq!(
            r["relatedLocations"][0]["message"]["text"],
            "first spelled this way here"
        );
        assert_eq!(
            r["relatedLocations"][0]["physicalLocation"]["region"]["startColumn"],
            1
        );
        assert!(r.get("fixes").is_none());
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    }

    #[test]
    fn columns_after_multibyte_text_count_code_points() {
        let source = "KYIV — Odessa";
        let doc = Document::new("w.txt", source.to_string(), Format::Text);
        let at = source.find("Odessa").expect("Odessa");
        let d = Diagnostic::new("misspelled-name", Severity::Error, at..at + 6, "m");
        let r = result(&doc, &d, None);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startColumn"], 8);
        assert_eq!(region["endColumn"], 14);
        assert_eq!(region["byteOffset"], 9);
    }

    #[test]
    fn files_join_with_commas_and_errors_become_notifications() {
        let a = Document::new("a.txt", "Kiev".to_string(), Format::Text);
        let b = Document::new("b.txt", "Fine.".to_string(), Format::Text);
        let c = Document::new("c.txt", "Kiev".to_string(), Format::Text);
        let d = || Diagnostic::new("misspelled-name", Severity::Error, 0..4, "m");
        let value = log(
            &[
                (&a, report(vec![d(), d()])),
                (&b, report(Vec::new())),
                (&c, report(vec![d()])),
            ],
            &[("missing.md", "missing.md: not found")],
        );
        let run = &value["runs"][0];
        let uris: Vec<&str> = run["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .expect("uri")
            })
            .collect();
        assert_eq!(uris, ["a.txt", "a.txt", "c.txt"]);
        let invocation = &run["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        let note = &invocation["toolExecutionNotifications"][0];
        assert_eq!(note["level"], "error");
        assert_eq!(note["message"]["text"], "missing.md: not found");
    }

    #[test]
    fn an_empty_run_is_a_valid_log() {
        let value = log(&[], &[]);
        assert_eq!(value["runs"][0]["results"], json!([]));
        assert_eq!(value["$schema"], SCHEMA);
    }
}
