//! The first pass of a run, for `quote-drift`: every file's attributed quotations, collected in
//! parallel into one [`QuoteIndex`] before any file is checked, so that each file's check can
//! compare its quotations with all the others' and the output stays in input order whatever the
//! number of threads.

use rayon::prelude::*;

use super::{FixMode, Input, Inputs, ProfileId, RunOptions, Workspace, WorkspaceError};
use crate::quotes::{FileQuotes, QuoteIndex};

/// The code of the check the index serves.
const CODE: &str = "quote-drift";

impl Workspace {
    /// The source files of `--against PATH...`: files and folders walked as for checking (none
    /// when no path is given).
    pub fn sources(&mut self, paths: &[std::path::PathBuf]) -> Result<Inputs, WorkspaceError> {
        if paths.is_empty() {
            return Ok(Inputs::default());
        }
        self.inputs(paths, None)
    }

    /// The attributed quotations of the files of a run (`checked`) and of source files that are
    /// compared with but never reported (`sources`, from `--against`), or `None` when no file
    /// is checked with `quote-drift` on, when there is nothing to compare (fewer than two files),
    /// or with [`FixMode::Diff`], which reports nothing. Also returns the source files that could
    /// not be read, as `(path, message)`; a checked file that cannot be read is reported when it
    /// is checked.
    pub fn quote_index(
        &self,
        checked: &[(Input, ProfileId)],
        sources: &[(Input, ProfileId)],
        options: &RunOptions<'_>,
        pool: &rayon::ThreadPool,
    ) -> (Option<QuoteIndex>, Vec<(String, String)>) {
        let on = |id: &ProfileId| self.profile(*id).linter.enabled(CODE);
        let wanted = !matches!(options.mode, FixMode::Diff { .. })
            && checked.iter().any(|(_, id)| on(id))
            && checked.len() + sources.len() >= 2;
        if !wanted {
            return (None, Vec::new());
        }
        // A checked file is read again when it is checked: only a regular file can be. A named
        // pipe is left alone, not even opened (opening it would meet a writer waiting for the
        // check). A source file is read only here.
        let rereadable = |(input, _): &&(Input, ProfileId)| match input {
            Input::File { path, .. } => crate::files::is_regular(path),
            Input::Stdin { .. } => true,
        };
        let collect = |(input, id): &(Input, ProfileId), regular_only| {
            let (doc, _) = input
                .read(regular_only, options.stdin)
                .map_err(|e| e.to_string())?;
            Ok::<_, String>(self.profile(*id).linter.quotations(&doc, options.today))
        };
        let (found, read) = pool.install(|| {
            let found: Vec<FileQuotes> = checked
                .par_iter()
                .filter(|(_, id)| on(id))
                .filter(rereadable)
                .filter_map(|file| collect(file, true).ok())
                .collect();
            let read: Vec<Result<FileQuotes, String>> = sources
                .par_iter()
                .map(|file| collect(file, false))
                .collect();
            (found, read)
        });
        let mut errors = Vec::new();
        let mut source_quotes = Vec::new();
        for ((input, _), result) in sources.iter().zip(read) {
            match result {
                Ok(f) => source_quotes.push(f),
                Err(message) => errors.push((input.display().into_owned(), message)),
            }
        }
        (Some(QuoteIndex::build(found, source_quotes)), errors)
    }
}
