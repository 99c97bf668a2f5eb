//! Checking the files of a run: reading each, checking it, fixing it when asked, and rendering it
//! for the output, in parallel batches handed over in input order.

use rayon::prelude::*;

use super::{Input, ProfileId, Workspace};
use crate::date::Date;
use crate::document::Document;
use crate::fix;
use crate::output::FileOutput;
use crate::quotes::QuoteIndex;
use crate::read::ReadError;
use crate::report::{FileReport, Summary};

/// Files checked in parallel per batch, whose output is written before the next is checked.
pub const BATCH: usize = 256;

/// What a run does with fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Report findings only.
    Report,
    /// Apply fixes in place (standard input: print the fixed text).
    Fix { allow_unsafe: bool },
    /// Show a unified diff of what fixing would change, and write nothing.
    Diff { allow_unsafe: bool },
}

impl FixMode {
    /// The mode `--diff`, `--fix` and `--unsafe-fixes` ask for (`--diff` wins: it writes nothing).
    pub fn from_flags(diff: bool, fix: bool, allow_unsafe: bool) -> FixMode {
        match (diff, fix) {
            (true, _) => FixMode::Diff { allow_unsafe },
            (false, true) => FixMode::Fix { allow_unsafe },
            (false, false) => FixMode::Report,
        }
    }
}

/// How a run checks its files.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions<'a> {
    pub mode: FixMode,
    /// The date undated files are judged by, taken once per run.
    pub today: Date,
    /// Standard input's bytes, when it is one of the files.
    pub stdin: Option<&'a [u8]>,
    /// Report errors only (`--quiet`); the exit status still counts every finding.
    pub only_errors: bool,
    /// The run's attributed quotations, for `quote-drift` (see [`Workspace::quote_index`]).
    pub quotes: Option<&'a QuoteIndex>,
}

/// How many worker threads a run uses: `requested` (`-j`; 0 is the default), else one per core; never more than
/// a few per core (checking is CPU work: more threads only cost memory, and thousands cannot
/// even be started) nor more than there are files. Also returns whether `requested` was cut.
pub fn worker_threads(requested: Option<usize>, files: usize) -> (usize, bool) {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let most = (cores * 4).min(files.max(1));
    match requested {
        None | Some(0) => (cores.min(files.max(1)), false),
        Some(n) if n > most => (most, n > cores * 4),
        Some(n) => (n, false),
    }
}

/// Why a file of a run could not be checked or fixed.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error(transparent)]
    Read(ReadError),
    #[error(transparent)]
    Write(fix::WriteError),
    /// The front matter's date is written like a date but is none (`2025-02-30`).
    #[error("{path}:{line}:{column}: {why}")]
    Date {
        path: String,
        line: usize,
        column: usize,
        why: String,
    },
    /// A check panicked: a bug, reported for this file while the run goes on.
    #[error("{path}: internal error while checking this file")]
    Internal { path: String },
}

/// What checking one input produced.
#[derive(Debug, Default)]
pub struct FileOutcome {
    /// What is left to report in the file as it now reads (fixed, when fixes were written);
    /// `None` when the file could not be read, or with [`FixMode::Diff`].
    pub report: Option<FileReport>,
    /// The document `report` is about. [`Workspace::check_batch`] renders it and drops it on the
    /// worker thread: freeing memory where it was allocated is cheaper.
    pub doc: Option<Document>,
    /// The output format's rendering of the report.
    pub rendered: String,
    /// With [`FixMode::Diff`]: the unified diff of the fixes, when there are some.
    pub diff: Option<String>,
    pub error: Option<FileError>,
    /// A file skipped (binary), with why.
    pub note: Option<ReadError>,
    /// A finding at least as severe as the profile's `fail-on`.
    pub failed: bool,
    /// Fixes applied (or, with [`FixMode::Diff`], that would be).
    pub fixed: usize,
    /// With [`FixMode::Fix`] on standard input: the fixed text, for standard output.
    pub fixed_stdin: Option<String>,
}

/// What a run has found so far: its summary, and what its exit status depends on.
#[derive(Debug, Default)]
pub struct Totals {
    /// Counts over the files checked.
    pub summary: Summary,
    /// A file had a finding at least as severe as its profile's `fail-on`.
    pub failed: bool,
    /// A file could not be read, checked or fixed.
    pub errored: bool,
    /// Fixes applied (or, with [`FixMode::Diff`], that would be), and in how many files.
    pub fixed: usize,
    pub fixed_files: usize,
}

impl Totals {
    /// What fixing did (or, with [`FixMode::Diff`], would do), when it did something.
    pub fn fixed_line(&self, mode: FixMode) -> Option<String> {
        let (n, files) = (self.fixed, self.fixed_files);
        let what = format!(
            "{n} problem{} in {files} file{}",
            crate::output::plural(n),
            crate::output::plural(files)
        );
        match mode {
            FixMode::Fix { .. } if n > 0 => Some(format!("fixed {what}")),
            FixMode::Diff { .. } if n > 0 => Some(format!("--fix would fix {what}")),
            _ => None,
        }
    }

    /// The exit status: 2 when a file could not be checked, 1 for a finding at `fail-on` or
    /// above (or, with `diff`, for something to fix), else 0.
    pub fn exit_status(&self, diff: bool) -> u8 {
        if self.errored {
            2
        } else {
            u8::from(self.failed || diff && self.fixed > 0)
        }
    }

    pub fn add(&mut self, outcome: &FileOutcome) {
        if let Some(report) = &outcome.report {
            self.summary.add(report);
        }
        self.failed |= outcome.failed;
        self.errored |= outcome.error.is_some();
        self.fixed += outcome.fixed;
        self.fixed_files += usize::from(outcome.fixed > 0);
    }
}

impl Workspace {
    /// Reads, checks and (as `options.mode` says) fixes one input under its profile.
    pub fn check_input(
        &self,
        input: &Input,
        id: ProfileId,
        options: &RunOptions<'_>,
    ) -> FileOutcome {
        let mut outcome = FileOutcome::default();
        // A file to fix must be a regular file, and is written back only if it is still as it
        // was read.
        let fixing = matches!(options.mode, FixMode::Fix { .. });
        let mut stamp = None;
        let doc = input.read(fixing, options.stdin).map(|(doc, meta)| {
            stamp = meta.as_ref().map(fix::Stamp::of);
            doc
        });
        let doc = match doc {
            Ok(doc) => doc,
            Err(err) if err.is_note() => {
                outcome.note = Some(err);
                return outcome;
            }
            Err(err) => {
                outcome.error = Some(FileError::Read(err));
                return outcome;
            }
        };
        if let Some((offset, why)) = doc.date_problem() {
            let (line, column) = doc.line_col(*offset);
            outcome.error = Some(FileError::Date {
                path: doc.path.clone(),
                line,
                column,
                why: why.clone(),
            });
            return outcome;
        }
        let profile = self.profile(id);
        let today = options.today;
        let checked =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match options.mode {
                FixMode::Report => (self.check_in_run(id, &doc, today, options.quotes), None),
                FixMode::Fix { allow_unsafe } | FixMode::Diff { allow_unsafe } => {
                    let fixed = fix::fix_document_in_run(
                        &profile.linter,
                        doc.clone(),
                        allow_unsafe,
                        today,
                        options.quotes,
                    );
                    (fixed.report.clone(), Some(fixed))
                }
            }));
        let Ok((mut report, fixed)) = checked else {
            outcome.error = Some(FileError::Internal { path: doc.path });
            return outcome;
        };
        let mut shown = doc;
        match (options.mode, input, fixed) {
            (FixMode::Diff { .. }, _, fixed) => {
                if let Some(fixed) = fixed.filter(|f| f.applied > 0) {
                    outcome.fixed = fixed.applied;
                    outcome.diff = Some(fix::unified_diff(
                        &shown.path,
                        &shown.source,
                        &fixed.doc.source,
                    ));
                }
                return outcome;
            }
            (FixMode::Fix { .. }, Input::Stdin { .. }, Some(fixed)) => {
                outcome.fixed = fixed.applied;
                outcome.fixed_stdin = Some(fixed.doc.source.clone());
                if fixed.applied > 0 {
                    shown = fixed.doc;
                }
            }
            (FixMode::Fix { .. }, Input::File { path, .. }, Some(fixed)) if fixed.applied > 0 => {
                let written = stamp.ok_or(fix::WriteError::Changed {
                    path: shown.path.clone(),
                });
                match written.and_then(|stamp| {
                    fix::write_fixed(
                        path,
                        &shown.path,
                        &stamp,
                        shown.source.as_bytes(),
                        fixed.doc.source.as_bytes(),
                    )
                }) {
                    Ok(_) => {
                        outcome.fixed = fixed.applied;
                        shown = fixed.doc;
                    }
                    Err(err) => {
                        outcome.error = Some(FileError::Write(err));
                        report = self.check_in_run(id, &shown, today, options.quotes);
                    }
                }
            }
            _ => {}
        }
        outcome.failed = report
            .diagnostics
            .iter()
            .map(|d| d.severity)
            .chain(report.beyond.map(|b| b.worst))
            .any(|s| s <= profile.fail_on);
        if options.only_errors {
            report
                .diagnostics
                .retain(|d| d.severity == crate::diagnostic::Severity::Error);
        }
        outcome.doc = Some(shown);
        outcome.report = Some(report);
        outcome
    }

    /// Checks a batch of files in parallel on `pool`, and renders each checked file there with
    /// `render` (the outcomes keep the reports, not the documents); they come in input order. A run goes through its files [`BATCH`] at a
    /// time, writing each batch's output before checking the next.
    pub fn check_batch(
        &self,
        batch: &[(Input, ProfileId)],
        options: &RunOptions<'_>,
        pool: &rayon::ThreadPool,
        render: &(dyn Fn(FileOutput<'_>) -> String + Sync),
    ) -> Vec<FileOutcome> {
        pool.install(|| {
            batch
                .par_iter()
                .map(|(input, id)| {
                    let mut outcome = self.check_input(input, *id, options);
                    if let (Some(doc), Some(report)) = (outcome.doc.take(), &outcome.report) {
                        outcome.rendered = render(FileOutput { doc: &doc, report });
                    }
                    outcome
                })
                .collect()
        })
    }
}

#[cfg(test)]
mod thread_tests {
    #[test]
    fn worker_threads_are_clamped() {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        assert_eq!(
            super::worker_threads(Some(100_000), 1_000_000),
            (cores * 4, true)
        );
        assert_eq!(super::worker_threads(Some(1), 10), (1, false));
        assert_eq!(super::worker_threads(Some(0), 10), (cores.min(10), false));
        // Not more threads than files, without a note: that is no request cut.
        assert_eq!(super::worker_threads(Some(cores * 2), 1), (1, false));
        assert_eq!(super::worker_threads(None, 1), (1, false));
    }
}
