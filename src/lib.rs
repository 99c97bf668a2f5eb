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
//!
//! Front ends (the command line, an editor) go through a [`workspace::Workspace`]: it finds the
//! configuration that applies to a file, compiles its dictionaries once, and checks the file's
//! text; the [`output`] formats render what it reports.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod affiliation;
pub mod cache;
pub mod checks;
pub mod config;
pub mod context;
pub mod date;
pub mod diagnostic;
pub mod distance;
pub mod document;
pub mod files;
pub mod fix;
pub mod hash;
pub mod import;
pub mod index;
pub mod linter;
pub mod output;
pub mod quotes;
pub mod read;
pub mod report;
pub mod rules;
pub mod scan;
pub mod server;
pub mod text;
pub mod workspace;

pub use date::Date;
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use document::{Document, Format};

pub use linter::{Linter, LinterOptions};
pub use report::{DateSource, FileReport, Summary};
