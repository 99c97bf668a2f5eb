//! copydesk: a named-entity consistency linter for news copy.
//!
//! Dictionaries ([`rules::RuleSet`]) name people, places and organizations with their correct
//! forms, known misspellings, house-style spellings and dated roles. A [`Linter`] compiles them
//! into one automaton and checks [`Document`]s, producing [`Diagnostic`]s with byte spans and fixes.
//!
//! ```
//! use copydesk::{Document, Format, Linter, LinterOptions, rules::RuleSet};
//!
//! let rules = RuleSet::load(RuleSet::builtin_sources()).expect("built-in rules are valid");
//! let linter = Linter::new(rules, LinterOptions::default());
//! let doc = Document::new("a.txt", "Shelling hit Kiev overnight.".into(), Format::Text);
//! let report = linter.check(&doc);
//! assert_eq!(report.diagnostics[0].code, "misspelled-name");
//! assert_eq!(report.diagnostics[0].fixes[0].edit.replacement, "Kyiv");
//! ```

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod cache;
pub mod checks;
pub mod config;
pub mod context;
pub mod date;
pub mod diagnostic;
pub mod distance;
pub mod document;
pub mod fix;
pub mod hash;
pub mod index;
pub mod output;
pub mod read;
pub mod rules;
pub mod scan;
pub mod text;

pub use date::Date;
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use document::{Document, Format};

use index::Index;
use rules::RuleSet;
use scan::Scan;

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

/// A code's severity as configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Configured {
    Default,
    Off,
    Set(Severity),
}

/// Options that apply to every document of a run.
#[derive(Debug, Clone, Default)]
pub struct LinterOptions {
    /// House style (`ap`, `reuters`, ...).
    pub style: Option<String>,
    /// The article date from the command line; wins over the file's own.
    pub date: Option<Date>,
    /// The date from configuration, for files without one.
    pub config_date: Option<Date>,
    /// Per-code severity overrides; `None` turns the code off.
    pub severity: Vec<(String, Option<Severity>)>,
    /// Words and names never reported: a finding whose text contains one (as whole words) is
    /// dropped.
    pub allow: Vec<String>,
}

/// The result of checking one document.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub diagnostics: Vec<Diagnostic>,
    pub date: Date,
    pub date_source: DateSource,
}

/// Compiled dictionaries plus options: checks documents.
pub struct Linter {
    pub rules: RuleSet,
    pub index: Index,
    pub options: LinterOptions,
    today: Date,
}

impl Linter {
    pub fn new(rules: RuleSet, options: LinterOptions) -> Linter {
        let index = Index::build(&rules);
        Linter::with_index(rules, index, options)
    }

    /// A linter from dictionaries already compiled (by [`Index::build`] on the same `rules`).
    pub fn with_index(rules: RuleSet, index: Index, mut options: LinterOptions) -> Linter {
        // Allowed words are compared with findings' normalised text: normalise them once here.
        for word in &mut options.allow {
            *word = text::normalize_form(word);
        }
        Linter {
            rules,
            index,
            options,
            today: Date::today(),
        }
    }

    /// What the options say of `code`'s severity.
    fn severity_of(&self, code: &str) -> Configured {
        match self.options.severity.iter().rev().find(|(c, _)| c == code) {
            None => Configured::Default,
            Some((_, None)) => Configured::Off,
            Some((_, Some(s))) => Configured::Set(*s),
        }
    }

    /// Whether `text` (a finding's text) contains an allowed word or name as whole words.
    fn allowed(&self, text: &str) -> bool {
        let text = text::normalize_form(text);
        self.options.allow.iter().any(|word| {
            text.match_indices(word.as_str()).any(|(i, m)| {
                let before = text[..i].chars().next_back();
                let after = text[i + m.len()..].chars().next();
                !before.is_some_and(text::is_word_char) && !after.is_some_and(text::is_word_char)
            })
        })
    }

    /// The date a document is judged by, and where it came from.
    pub fn date_for(&self, doc: &Document) -> (Date, DateSource) {
        if let Some(d) = self.options.date {
            (d, DateSource::Cli)
        } else if let Some(d) = doc.date() {
            (d, DateSource::FrontMatter)
        } else if let Some(d) = self.options.config_date {
            (d, DateSource::Config)
        } else {
            (self.today, DateSource::Today)
        }
    }

    /// Runs every enabled check on `doc`; diagnostics come sorted by position.
    pub fn check(&self, doc: &Document) -> FileReport {
        let (date, date_source) = self.date_for(doc);
        let scan = Scan::new(doc, &self.index);
        let ctx = checks::Ctx {
            doc,
            rules: &self.rules,
            index: &self.index,
            scan: &scan,
            style: self.options.style.as_deref(),
            date,
            mojibake: std::cell::OnceCell::new(),
        };
        let mut diagnostics = Vec::new();
        for check in checks::CHECKS {
            let severity = match self.severity_of(check.meta.code) {
                Configured::Off => continue,
                Configured::Set(s) => Some(s),
                Configured::Default => None,
            };
            let start = diagnostics.len();
            (check.run)(&ctx, &mut diagnostics);
            if let Some(s) = severity {
                for d in &mut diagnostics[start..] {
                    d.severity = s;
                }
            }
        }
        if !self.options.allow.is_empty() {
            diagnostics.retain(|d| !self.allowed(&doc.source[d.span.clone()]));
        }
        let start = diagnostics.len();
        checks::unused_suppression::apply(
            doc,
            &mut diagnostics,
            &|code| checks::find(code).is_some(),
            &|code| self.severity_of(code) != Configured::Off,
        );
        if let Configured::Set(s) = self.severity_of(checks::unused_suppression::META.code) {
            for d in diagnostics.iter_mut().skip(start) {
                if d.code == checks::unused_suppression::META.code {
                    d.severity = s;
                }
            }
        }
        diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
        });
        FileReport {
            diagnostics,
            date,
            date_source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_date_order_cli_front_matter_config_today() {
        let rules = RuleSet::default();
        let d = |s: &str| Date::parse(s);
        let dated = Document::new(
            "a.md",
            "---\ndate: 2024-03-01\n---\nText".into(),
            Format::Markdown,
        );
        let undated = Document::new("b.md", "Text".into(), Format::Markdown);
        let with = |date, config_date| {
            Linter::new(
                rules.clone(),
                LinterOptions {
                    date,
                    config_date,
                    ..LinterOptions::default()
                },
            )
        };
        let l = with(d("2025-12-20"), d("2023-01-01"));
        assert_eq!(
            l.date_for(&dated),
            (
                Date::new(2025, 12, 20).unwrap_or(Date::today()),
                DateSource::Cli
            )
        );
        let l = with(None, d("2023-01-01"));
        assert_eq!(l.date_for(&dated).1, DateSource::FrontMatter);
        assert_eq!(l.date_for(&dated).0.to_string(), "2024-03-01");
        assert_eq!(l.date_for(&undated).1, DateSource::Config);
        assert_eq!(l.date_for(&undated).0.to_string(), "2023-01-01");
        let l = with(None, None);
        assert_eq!(l.date_for(&undated), (Date::today(), DateSource::Today));
    }
}
