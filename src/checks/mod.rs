//! The checks. Each is one file with its [`CheckMeta`] (code, summary, explanation) and a `run`
//! function; [`CHECKS`] lists them. Checks produce [`Diagnostic`]s and know nothing of output.

mod elapsed_time;
pub mod explain;
mod first_reference;
mod hidden_character;
mod house_style;
mod inconsistent_spelling;
mod misspelled_name;
mod mojibake;
mod off_style_spelling;
mod quote_drift;
mod unused_suppression;
mod wrong_title;

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::index::Index;
use crate::report::Beyond;
use crate::rules::RuleSet;
use crate::scan::Scan;

/// Whether and how a check's diagnostics can be fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    Always,
    Sometimes,
    None,
}

impl FixAvailability {
    /// `always`, `sometimes` or `never`, as `copydesk explain` says it.
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::Always => "always",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::None => "never",
        }
    }
}

/// What a check is, for `copydesk explain`, the docs and SARIF.
#[derive(Debug)]
pub struct CheckMeta {
    pub code: &'static str,
    pub summary: &'static str,
    pub severity: Severity,
    pub fix: FixAvailability,
    /// Markdown: what it catches, why, an example, the fix.
    pub explanation: &'static str,
}

/// What a check sees.
pub struct Ctx<'a> {
    pub doc: &'a Document,
    pub rules: &'a RuleSet,
    pub index: &'a Index,
    pub scan: &'a Scan,
    /// The house style chosen, if any.
    pub style: Option<&'a str>,
    /// The article's date.
    pub date: Date,
    /// Byte ranges the `mojibake` check repairs, found when a check first asks.
    pub mojibake: std::cell::OnceCell<Vec<std::ops::Range<usize>>>,
    /// Quotations and page furniture, found when a check first asks.
    pub not_copy: std::cell::OnceCell<NotCopy>,
    /// The attributed quotations of the other files of the run, when the document is checked as
    /// part of one (see [`crate::quotes::QuoteIndex`]).
    pub quotes: Option<&'a crate::quotes::QuoteIndex>,
}

/// The parts of a document that are not the newsroom's own claims: the speakers' words and the
/// page around the story.
#[derive(Debug, Default)]
pub struct NotCopy {
    /// Direct quotations (see [`crate::context::quotations`]).
    pub quotations: Vec<std::ops::Range<usize>>,
    /// Block quotes, captions, teasers, embedded posts, transcripts' speaker lines and hover
    /// cards (see [`crate::context::furniture`]).
    pub furniture: Vec<std::ops::Range<usize>>,
}

impl NotCopy {
    /// Whether the source offset lies in a quotation or in page furniture.
    pub fn contains(&self, offset: usize) -> bool {
        crate::context::inside(&self.quotations, offset)
            || crate::context::inside(&self.furniture, offset)
    }
}

impl Ctx<'_> {
    /// Quotations and page furniture of the document.
    pub fn not_copy(&self) -> &NotCopy {
        self.not_copy.get_or_init(|| NotCopy {
            quotations: crate::context::quotations(&self.doc.source),
            furniture: crate::context::furniture(&self.doc.source),
        })
    }

    /// Byte ranges of the source that the `mojibake` check would repair; other checks use them to
    /// stay quiet about characters that are only part of mojibake.
    pub fn mojibake_spans(&self) -> &[std::ops::Range<usize>] {
        self.mojibake.get_or_init(|| mojibake::spans(self.doc))
    }
}

/// Where the checks put their findings. Each check keeps at most `limit` of them; past that
/// they are only counted, with the most severe, so that memory stays bounded on a file with a
/// million findings. Checks find in document order, so a check keeps its first findings.
#[derive(Debug)]
pub struct Findings {
    list: Vec<Diagnostic>,
    limit: usize,
    /// Where the running check's findings start in `list`.
    start: usize,
    /// The severity the configuration sets for the running check, if it sets one.
    severity: Option<Severity>,
    /// The running check's findings past the limit: how many, and the most severe.
    over: usize,
    over_worst: Option<Severity>,
    /// Every check's findings past the limit so far.
    beyond: Option<Beyond>,
}

impl Findings {
    /// Findings of checks that keep at most `limit` each (`None`: all).
    pub fn new(limit: Option<usize>) -> Findings {
        Findings {
            list: Vec::new(),
            limit: limit.unwrap_or(usize::MAX),
            start: 0,
            severity: None,
            over: 0,
            over_worst: None,
            beyond: None,
        }
    }

    pub fn push(&mut self, mut d: Diagnostic) {
        if let Some(s) = self.severity {
            d.severity = s;
        }
        if self.list.len() - self.start < self.limit {
            self.list.push(d);
        } else {
            self.over += 1;
            self.over_worst = Some(self.over_worst.map_or(d.severity, |w| w.min(d.severity)));
        }
    }

    /// Starts a check's findings, which get `severity` when the configuration sets one.
    pub(crate) fn begin_check(&mut self, severity: Option<Severity>) {
        self.start = self.list.len();
        self.severity = severity;
        self.over = 0;
        self.over_worst = None;
    }

    /// Ends a check's findings: those past the limit are counted with the others'.
    pub(crate) fn end_check(&mut self) {
        if let Some(worst) = self.over_worst {
            Beyond::add(&mut self.beyond, self.over, worst);
        }
        self.begin_check(None);
    }

    /// The findings kept, and those counted past the limit.
    pub(crate) fn into_parts(self) -> (Vec<Diagnostic>, Option<Beyond>) {
        (self.list, self.beyond)
    }
}

/// A registered check.
pub struct Check {
    pub meta: &'static CheckMeta,
    pub run: fn(&Ctx<'_>, &mut Findings),
}

/// Every check, in the order they run.
pub static CHECKS: &[Check] = &[
    Check {
        meta: &mojibake::META,
        run: mojibake::run,
    },
    Check {
        meta: &hidden_character::META,
        run: hidden_character::run,
    },
    Check {
        meta: &misspelled_name::META,
        run: misspelled_name::run,
    },
    Check {
        meta: &off_style_spelling::META,
        run: off_style_spelling::run,
    },
    Check {
        meta: &inconsistent_spelling::META,
        run: inconsistent_spelling::run,
    },
    Check {
        meta: &first_reference::META,
        run: first_reference::run,
    },
    Check {
        meta: &house_style::META,
        run: house_style::run,
    },
    Check {
        meta: &wrong_title::META,
        run: wrong_title::run,
    },
    Check {
        meta: &elapsed_time::META,
        run: elapsed_time::run,
    },
    Check {
        meta: &quote_drift::META,
        run: quote_drift::run,
    },
];

/// What a post-pass sees: the document, and which codes exist and are turned on.
pub struct AfterCtx<'a> {
    pub doc: &'a Document,
    /// Whether a code names a check.
    pub known: &'a dyn Fn(&str) -> bool,
    /// Whether a check is turned on.
    pub enabled: &'a dyn Fn(&str) -> bool,
    /// Whether every finding of the checks is at hand: false when a check found more than the
    /// limit per file, so that a suppression may have had a finding that is not.
    pub complete: bool,
}

/// A check that judges the other checks' findings rather than the text: it may remove findings
/// and add its own.
pub struct After {
    pub meta: &'static CheckMeta,
    pub run: fn(&AfterCtx<'_>, &mut Vec<Diagnostic>),
}

/// The post-passes, run in this order after [`CHECKS`] (and after `allow`).
pub static AFTER: &[After] = &[After {
    meta: &unused_suppression::META,
    run: unused_suppression::run,
}];

/// What every check is, in the order they run.
pub fn all() -> impl Iterator<Item = &'static CheckMeta> {
    CHECKS
        .iter()
        .map(|c| c.meta)
        .chain(AFTER.iter().map(|a| a.meta))
}

pub use crate::rules::style_label;

/// The check with this code.
pub fn find(code: &str) -> Option<&'static CheckMeta> {
    all().find(|m| m.code == code)
}

#[cfg(test)]
pub(crate) mod test_support {
    //! `assert_diagnostics(rules, text, expected)` and friends.
    use crate::linter::{Linter, LinterOptions};

    /// Builds a linter from TOML dictionaries (no built-ins).
    pub fn linter(rules: &str, style: Option<&str>, date: &str) -> Linter {
        let sources = vec![crate::rules::RuleSource {
            path: "test.toml".into(),
            text: rules.into(),
        }];
        let rules =
            crate::rules::RuleSet::load(sources).unwrap_or_else(|e| panic!("test rules: {e}"));
        let options = LinterOptions {
            style: style.map(str::to_string),
            date: crate::date::Date::parse(date),
            ..LinterOptions::default()
        };
        Linter::new(rules, options)
    }

    /// `(code, text, first fix)` of every diagnostic for `text` read as plain text.
    pub fn diagnostics(linter: &Linter, text: &str) -> Vec<(String, String, Option<String>)> {
        let doc = crate::Document::new("test.txt", text.to_string(), crate::Format::Text);
        linter
            .check(&doc)
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.code.to_string(),
                    text[d.span.clone()].to_string(),
                    d.fixes.first().map(|f| f.edit.replacement.clone()),
                )
            })
            .collect()
    }

    /// Every diagnostic for `text` read as plain text.
    pub fn diagnostics_full(linter: &Linter, text: &str) -> Vec<crate::Diagnostic> {
        let doc = crate::Document::new("test.txt", text.to_string(), crate::Format::Text);
        linter.check(&doc).diagnostics
    }

    /// The diagnostics of one code for `text` read as `format`, with no dictionaries.
    pub fn of_code(code: &str, text: &str, format: crate::Format) -> Vec<crate::Diagnostic> {
        let path = if format == crate::Format::Markdown {
            "a.md"
        } else {
            "a.txt"
        };
        let doc = crate::Document::new(path, text.to_string(), format);
        linter("", None, "2025-12-20")
            .check(&doc)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    }

    /// `text` after applying the safe fixes of one code.
    pub fn fixed_by(code: &str, text: &str, format: crate::Format) -> String {
        crate::diagnostic::apply_fixes(text, &of_code(code, text, format), false).0
    }

    /// Asserts the diagnostics of one code for `text`: `(matched text, first fix)` in order.
    #[track_caller]
    pub fn assert_diagnostics(
        linter: &Linter,
        code: &str,
        text: &str,
        expected: &[(&str, Option<&str>)],
    ) {
        let got: Vec<(String, Option<String>)> = diagnostics(linter, text)
            .into_iter()
            .filter(|(c, _, _)| c == code)
            .map(|(_, t, f)| (t, f))
            .collect();
        let expected: Vec<(String, Option<String>)> = expected
            .iter()
            .map(|(t, f)| ((*t).to_string(), f.map(str::to_string)))
            .collect();
        assert_eq!(got, expected, "{code} on {text:?}");
    }
}
