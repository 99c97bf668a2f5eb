//! `--statistics`: how many findings each check made, instead of the findings, as ruff prints
//! them: the count, the code, `[*]` when `--fix` can fix some of them, and the check's summary.
//!
//! ```text
//! 3  misspelled-name  [*] A name in a form the dictionaries list as wrong
//! 1  wrong-title      [ ] A title the person did not hold on the article's date
//! [*] 3 fixable with `--fix`.
//! copydesk: checked 2 files: 3 errors, 1 warning
//! ```
//!
//! With JSON, one array of `{"code", "summary", "count", "fixable"}` objects.

use std::io::{self, Write};

use super::{human, FileOutput, Options, Reporter, RuleInfo};
use crate::report::{CodeCount, Summary};

/// Counts per code, written when the run ends.
pub struct Statistics {
    rules: Vec<RuleInfo>,
    json: bool,
    quiet: bool,
}

impl Statistics {
    /// Text (`json` false) or JSON statistics.
    pub fn new(options: Options<'_>, json: bool) -> Statistics {
        Statistics {
            rules: options.rules.to_vec(),
            json,
            quiet: options.quiet,
        }
    }

    fn summary_of(&self, code: &str) -> &str {
        self.rules
            .iter()
            .find(|r| r.code == code)
            .map_or("", |r| r.summary)
    }
}

/// The codes of a run, most findings first, then by code.
fn sorted(summary: &Summary) -> Vec<&CodeCount> {
    let mut counts: Vec<&CodeCount> = summary.by_code.iter().collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    counts
}

impl Reporter for Statistics {
    fn render(&self, _file: FileOutput<'_>) -> String {
        String::new()
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let counts = sorted(summary);
        if self.json {
            let items: Vec<serde_json::Value> = counts
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "code": c.code,
                        "summary": self.summary_of(c.code),
                        "count": c.count,
                        "fixable": c.fixable,
                    })
                })
                .collect();
            return writeln!(out, "{}", serde_json::Value::Array(items));
        }
        let count_width = counts.iter().map(|c| c.count.to_string().len()).max();
        let code_width = counts.iter().map(|c| c.code.len()).max().unwrap_or(0);
        let any_fixable = counts.iter().any(|c| c.fixable > 0);
        for c in &counts {
            let marker = match (any_fixable, c.fixable > 0) {
                (false, _) => "",
                (true, true) => "[*] ",
                (true, false) => "[ ] ",
            };
            writeln!(
                out,
                "{:>w$}  {:<code_width$}  {marker}{}",
                c.count,
                c.code,
                self.summary_of(c.code),
                w = count_width.unwrap_or(1),
            )?;
        }
        let fixable: usize = counts.iter().map(|c| c.fixable).sum();
        if fixable > 0 {
            writeln!(out, "[*] {fixable} fixable with `--fix`.")?;
        }
        if !self.quiet {
            writeln!(out, "{}", human::closing_line(summary))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Diagnostic, Edit, Severity};

    fn finding(code: &'static str, fix: bool) -> Diagnostic {
        let d = Diagnostic::new(code, Severity::Error, 0..4, "m");
        if fix {
            d.with_fix(
                Edit {
                    span: 0..4,
                    replacement: "Kyiv".into(),
                },
                Applicability::Safe,
            )
        } else {
            d
        }
    }

    fn rules() -> Vec<RuleInfo> {
        ["misspelled-name", "wrong-title"]
            .into_iter()
            .map(|code| RuleInfo {
                code,
                summary: if code == "wrong-title" {
                    "Titles"
                } else {
                    "Names"
                },
                severity: Severity::Error,
                explanation: "",
            })
            .collect()
    }

    fn finish(json: bool) -> String {
        let mut summary = Summary::default();
        summary.add(&crate::output::test_report(vec![
            finding("wrong-title", false),
            finding("misspelled-name", true),
            finding("misspelled-name", true),
        ]));
        let rules = rules();
        let options = Options {
            color: false,
            rules: &rules,
            quiet: false,
        };
        let mut out = Vec::new();
        Statistics::new(options, json)
            .finish(&summary, &mut out)
            .expect("write");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn counts_per_code_most_first() {
        assert_eq!(
            finish(false),
            "2  misspelled-name  [*] Names\n\
             1  wrong-title      [ ] Titles\n\
             [*] 2 fixable with `--fix`.\n\
             copydesk: checked 1 file: 3 errors\n"
        );
    }

    #[test]
    fn json_statistics() {
        let v: serde_json::Value = serde_json::from_str(&finish(true)).expect("JSON");
        assert_eq!(v[0]["code"], "misspelled-name");
        assert_eq!(v[0]["count"], 2);
        assert_eq!(v[0]["fixable"], 2);
        assert_eq!(v[1]["summary"], "Titles");
    }
}
