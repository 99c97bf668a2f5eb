//! What checking produces: one file's report, and the counts of a run. Front ends and output
//! formats read these; they know nothing of the checks that made them.

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity};

/// Where the date that titles are judged by came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    Cli,
    FrontMatter,
    Config,
    Today,
}

impl DateSource {
    pub fn describe(self) -> &'static str {
        match self {
            DateSource::Cli => "from --date",
            DateSource::FrontMatter => "from the front matter",
            DateSource::Config => "from the configuration",
            DateSource::Today => "today's date; the file gives none",
        }
    }
}

/// The result of checking one document.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub diagnostics: Vec<Diagnostic>,
    pub date: Date,
    pub date_source: DateSource,
    /// The date the dictionaries' facts were checked, when they give one: copy dated after it
    /// may name office-holders who changed since.
    pub facts_as_of: Option<Date>,
    /// Findings past the limit per file, counted but not reported.
    pub beyond: Option<Beyond>,
}

/// Findings past the limit per file: how many, and the most severe of them (which still
/// decides the exit status).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Beyond {
    pub count: usize,
    pub worst: Severity,
}

impl Beyond {
    /// Counts `count` more findings, the most severe `worst`, into `beyond`.
    pub fn add(beyond: &mut Option<Beyond>, count: usize, worst: Severity) {
        if count == 0 {
            return;
        }
        *beyond = Some(match *beyond {
            Some(b) => Beyond {
                count: b.count + count,
                worst: b.worst.min(worst),
            },
            None => Beyond { count, worst },
        });
    }
}

impl FileReport {
    /// Keeps the first `limit` findings (they are in document order) and counts the rest.
    pub fn limit_to(&mut self, limit: Option<usize>) {
        let Some(limit) = limit else { return };
        if self.diagnostics.len() <= limit {
            return;
        }
        let rest = self.diagnostics.split_off(limit);
        if let Some(worst) = rest.iter().map(|d| d.severity).min() {
            Beyond::add(&mut self.beyond, rest.len(), worst);
        }
    }

    /// Whether the copy is dated after the dictionaries' facts.
    pub fn after_facts(&self) -> bool {
        self.facts_as_of.is_some_and(|d| self.date > d)
    }
}

/// Counts for the summary line and the JSON `summary`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Files dated after the dictionaries' facts, and that date (for the human note).
    #[serde(skip)]
    pub after_facts: usize,
    #[serde(skip)]
    pub facts_as_of: Option<Date>,
    /// Findings per code, in the order codes were first met (for `--statistics`).
    #[serde(skip)]
    pub by_code: Vec<CodeCount>,
    /// Files that could not be checked (for the closing line), as the output format was told.
    #[serde(skip)]
    pub unchecked: usize,
}

/// How many findings one check made in a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeCount {
    pub code: &'static str,
    pub count: usize,
    /// Of which have a safe fix (applied by `--fix`).
    pub fixable: usize,
}

impl Summary {
    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        if report.after_facts() {
            self.after_facts += 1;
            self.facts_as_of = report.facts_as_of;
        }
        for d in &report.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            let slot = if let Some(i) = self.by_code.iter().position(|c| c.code == d.code) {
                i
            } else {
                self.by_code.push(CodeCount {
                    code: d.code,
                    count: 0,
                    fixable: 0,
                });
                self.by_code.len() - 1
            };
            let entry = &mut self.by_code[slot];
            entry.count += 1;
            entry.fixable += usize::from(
                d.fixes
                    .iter()
                    .any(|f| f.applicability == crate::diagnostic::Applicability::Safe),
            );
        }
    }
}
