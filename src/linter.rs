//! The linter: compiled dictionaries and options, and the checks run over one document.

use crate::checks;
use crate::date::Date;
use crate::diagnostic::Severity;
use crate::document::Document;
use crate::index::Index;
use crate::quotes::{FileQuotes, QuoteIndex};
use crate::report::{DateSource, FileReport};
use crate::rules::RuleSet;
use crate::scan::Scan;
use crate::text;

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
    /// The most findings reported per file (`None`: all); the rest are counted.
    pub max_findings: Option<usize>,
}

/// Compiled dictionaries plus options: checks documents.
pub struct Linter {
    pub rules: RuleSet,
    pub index: Index,
    pub options: LinterOptions,
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

    /// The date a document is judged by, and where it came from; `today` serves when neither the
    /// options nor the document give one.
    pub fn date_for(&self, doc: &Document, today: Date) -> (Date, DateSource) {
        if let Some(d) = self.options.date {
            (d, DateSource::Cli)
        } else if let Some(d) = doc.date() {
            (d, DateSource::FrontMatter)
        } else if let Some(d) = self.options.config_date {
            (d, DateSource::Config)
        } else {
            (today, DateSource::Today)
        }
    }

    /// Runs every enabled check on `doc`, judged as of today when it gives no date of its own.
    pub fn check(&self, doc: &Document) -> FileReport {
        self.check_on(doc, Date::today())
    }

    /// Runs every enabled check on `doc`; `today` is the date an undated document is judged by
    /// (taken per call: a linter may serve for days). Diagnostics come sorted by position.
    pub fn check_on(&self, doc: &Document, today: Date) -> FileReport {
        self.check_in_run(doc, today, None)
    }

    /// Whether a check is turned on (its severity is not `off`).
    pub fn enabled(&self, code: &str) -> bool {
        self.severity_of(code) != Configured::Off
    }

    /// The attributed quotations of `doc` (see [`crate::quotes`]), for a run's
    /// [`QuoteIndex`]: the first pass of `quote-drift`. A document without a quotation long
    /// enough to compare is not scanned.
    pub fn quotations(&self, doc: &Document, today: Date) -> FileQuotes {
        let (date, source) = self.date_for(doc, today);
        let undated = source == DateSource::Today;
        let quotations = crate::context::quotations(&doc.source);
        let long = |q: &std::ops::Range<usize>| {
            text::words(&doc.source[q.clone()])
                .nth(crate::quotes::MIN_WORDS - 1)
                .is_some()
        };
        let found = if quotations.iter().any(long) {
            let scan = Scan::new(doc, &self.index, date);
            let furniture = crate::context::furniture(&doc.source);
            crate::quotes::attributed(
                doc,
                &scan,
                &self.index,
                &self.rules,
                &quotations,
                &furniture,
            )
        } else {
            Vec::new()
        };
        FileQuotes {
            path: doc.path.clone(),
            date,
            undated,
            quotes: crate::quotes::records(doc, &self.rules, &found),
            found,
            source_hash: crate::quotes::source_hash(&doc.source),
        }
    }

    /// Runs every enabled check on `doc` as one file of a run whose attributed quotations are
    /// `quotes` (which `quote-drift` compares the file's with); see [`Linter::check_on`].
    pub fn check_in_run(
        &self,
        doc: &Document,
        today: Date,
        quotes: Option<&QuoteIndex>,
    ) -> FileReport {
        self.check_limited(doc, today, quotes, self.options.max_findings)
    }

    /// [`Linter::check_in_run`] with every finding kept, past `max_findings` too: what `--fix`
    /// works from.
    pub fn check_every_finding(
        &self,
        doc: &Document,
        today: Date,
        quotes: Option<&QuoteIndex>,
    ) -> FileReport {
        self.check_limited(doc, today, quotes, None)
    }

    fn check_limited(
        &self,
        doc: &Document,
        today: Date,
        quotes: Option<&QuoteIndex>,
        limit: Option<usize>,
    ) -> FileReport {
        let (date, date_source) = self.date_for(doc, today);
        let scan = Scan::new(doc, &self.index, date);
        let ctx = checks::Ctx {
            doc,
            rules: &self.rules,
            index: &self.index,
            scan: &scan,
            style: self.options.style.as_deref(),
            date,
            mojibake: std::cell::OnceCell::new(),
            not_copy: std::cell::OnceCell::new(),
            quotes,
        };
        let mut findings = checks::Findings::new(limit);
        for check in checks::CHECKS {
            let severity = match self.severity_of(check.meta.code) {
                Configured::Off => continue,
                Configured::Set(s) => Some(s),
                Configured::Default => None,
            };
            findings.begin_check(severity);
            (check.run)(&ctx, &mut findings);
            findings.end_check();
        }
        let (mut diagnostics, beyond) = findings.into_parts();
        if !self.options.allow.is_empty() {
            diagnostics.retain(|d| !self.allowed(&doc.source[d.span.clone()]));
        }
        // Post-passes judge the findings: they run even when their own code is off (suppression
        // comments still suppress), and report only when it is on.
        let after = checks::AfterCtx {
            doc,
            known: &|code| checks::find(code).is_some(),
            enabled: &|code| self.enabled(code),
            complete: beyond.is_none(),
        };
        for pass in checks::AFTER {
            (pass.run)(&after, &mut diagnostics);
            if let Configured::Set(s) = self.severity_of(pass.meta.code) {
                for d in diagnostics.iter_mut().filter(|d| d.code == pass.meta.code) {
                    d.severity = s;
                }
            }
        }
        diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
        });
        let mut report = FileReport {
            diagnostics,
            date,
            date_source,
            facts_as_of: self.rules.facts_as_of(),
            beyond,
        };
        report.limit_to(limit);
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

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
        let today = Date::new(2026, 1, 2).expect("date");
        let l = with(d("2025-12-20"), d("2023-01-01"));
        assert_eq!(
            l.date_for(&dated, today),
            (
                Date::new(2025, 12, 20).unwrap_or(Date::today()),
                DateSource::Cli
            )
        );
        let l = with(None, d("2023-01-01"));
        assert_eq!(l.date_for(&dated, today).1, DateSource::FrontMatter);
        assert_eq!(l.date_for(&dated, today).0.to_string(), "2024-03-01");
        assert_eq!(l.date_for(&undated, today).1, DateSource::Config);
        assert_eq!(l.date_for(&undated, today).0.to_string(), "2023-01-01");
        let l = with(None, None);
        assert_eq!(l.date_for(&undated, today), (today, DateSource::Today));
    }

    #[test]
    fn a_post_pass_gets_its_configured_severity_even_after_suppressing() {
        let sources = vec![crate::rules::RuleSource {
            path: "test.toml".into(),
            text: "[[place]]\nname = \"Kyiv\"\nmisspellings = [\"Kiev\"]".into(),
        }];
        let rules = RuleSet::load(sources).expect("rules");
        let linter = Linter::new(
            rules,
            LinterOptions {
                severity: vec![("unused-suppression".into(), Some(Severity::Error))],
                ..LinterOptions::default()
            },
        );
        // The first comment suppresses a finding, the second nothing.
        let text = "<!-- copydesk-disable-next-line misspelled-name -->\nKiev.\n\n\
                    <!-- copydesk-disable-next-line misspelled-name -->\nFine.\n";
        let doc = Document::new("a.md", text.into(), Format::Markdown);
        let today = Date::new(2026, 1, 2).expect("date");
        let report = linter.check_on(&doc, today);
        let found: Vec<(&str, Severity)> = report
            .diagnostics
            .iter()
            .map(|d| (d.code, d.severity))
            .collect();
        assert_eq!(found, [("unused-suppression", Severity::Error)]);
    }

    /// Past `max_findings`, findings are counted with the severity the configuration gives
    /// their check, and the ones kept are the first in the document.
    #[test]
    fn findings_past_the_limit_are_counted_with_their_configured_severity() {
        let sources = vec![crate::rules::RuleSource {
            path: "test.toml".into(),
            text: "[[place]]\nname = \"Kyiv\"\nmisspellings = [\"Kiev\"]".into(),
        }];
        let rules = RuleSet::load(sources).expect("rules");
        let linter = |severity: Option<Severity>| {
            Linter::new(
                rules.clone(),
                LinterOptions {
                    severity: severity
                        .map(|s| vec![("misspelled-name".into(), Some(s))])
                        .unwrap_or_default(),
                    max_findings: Some(3),
                    ..LinterOptions::default()
                },
            )
        };
        let doc = Document::new("a.txt", "Kiev. ".repeat(7), Format::Text);
        let today = Date::new(2026, 1, 2).expect("date");
        let report = linter(Some(Severity::Info)).check_on(&doc, today);
        let starts: Vec<usize> = report.diagnostics.iter().map(|d| d.span.start).collect();
        assert_eq!(starts, [0, 6, 12]);
        assert_eq!(
            report.beyond,
            Some(crate::report::Beyond {
                count: 4,
                worst: Severity::Info
            })
        );
        let every = linter(None).check_every_finding(&doc, today, None);
        assert_eq!((every.diagnostics.len(), every.beyond), (7, None));
    }
}
