//! What a run checks: the files named and the files found by walking folders.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::{ProfileId, Workspace, WorkspaceError};
use crate::document::Document;
use crate::read::{self, ReadError};

/// File types checked when walking folders (without an `include` in the configuration).
const EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// One thing to check: a file, or standard input shown under a name.
#[derive(Debug, Clone)]
pub enum Input {
    File {
        /// Shown without a leading `./`.
        path: PathBuf,
        /// Found by walking a folder (not named on the command line).
        walked: bool,
    },
    Stdin {
        display: String,
        /// `--stdin-filename`: where configuration is looked for.
        path: Option<PathBuf>,
    },
}

impl Input {
    /// The path as reported. Computed when needed: a run over a whole archive lists hundreds
    /// of thousands of files before checking them.
    pub fn display(&self) -> Cow<'_, str> {
        match self {
            Input::File { path, .. } => display_path(path).into(),
            Input::Stdin { display, .. } => display.into(),
        }
    }

    /// The path configuration is found for and patterns are matched against.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::File { path, .. } => Some(path),
            Input::Stdin { path, .. } => path.as_deref(),
        }
    }

    /// Reads the input as copy: standard input from `stdin`, the bytes a run has read from it.
    /// With `regular_only`, a file must be a regular file (a named pipe or a device is refused
    /// at once) and comes with its metadata as it was read.
    pub(super) fn read(
        &self,
        regular_only: bool,
        stdin: Option<&[u8]>,
    ) -> Result<(Document, Option<std::fs::Metadata>), ReadError> {
        match self {
            Input::File { path, .. } if regular_only => {
                read::read_regular_document(path, &self.display()).map(|(doc, m)| (doc, Some(m)))
            }
            Input::File { path, .. } => {
                read::read_document(path, &self.display()).map(|doc| (doc, None))
            }
            Input::Stdin { display, .. } => {
                read::document_from_bytes(stdin.unwrap_or_default().to_vec(), display)
                    .map(|doc| (doc, None))
            }
        }
    }
}

/// The files of a run, each with its profile, in the order they are reported.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Vec<(Input, ProfileId)>,
    /// Paths that could not be walked or found: `(path, message)`.
    pub errors: Vec<(String, String)>,
}

impl Inputs {
    /// Whether standard input is one of the files.
    pub fn reads_stdin(&self) -> bool {
        self.files
            .iter()
            .any(|(i, _)| matches!(i, Input::Stdin { .. }))
    }
}

impl Workspace {
    /// The files to check for `paths` (`-` is standard input, shown as `stdin_name`): folders
    /// are walked respecting `.gitignore`, and each file is kept if its profile wants it. Paths
    /// that cannot be read are errors of the run, not of the workspace.
    pub fn inputs(
        &mut self,
        paths: &[PathBuf],
        stdin_name: Option<&str>,
    ) -> Result<Inputs, WorkspaceError> {
        let mut inputs = Inputs::default();
        for input in walk(paths, stdin_name, &mut inputs.errors) {
            let id = self.profile_for(input.path())?;
            if self.profile(id).wants(&input) {
                inputs.files.push((input, id));
            }
        }
        Ok(inputs)
    }
}

/// Expands paths: folders are walked respecting `.gitignore`, every file kept (which of them are
/// copy is decided with the configuration).
fn walk(
    paths: &[PathBuf],
    stdin_name: Option<&str>,
    errors: &mut Vec<(String, String)>,
) -> Vec<Input> {
    let mut inputs = Vec::new();
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &default } else { paths };
    // The same file named twice (`a.md ./a.md $PWD/a.md`, or a folder and a file in it) is
    // checked once, under the first name met: by its device and inode where there are some.
    // A file met in a walk and then named is checked as named (a walk skips what is not copy).
    let mut seen: std::collections::HashMap<Identity, usize> = std::collections::HashMap::new();
    let mut stdin_seen = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if std::mem::replace(&mut stdin_seen, true) {
                continue;
            }
            inputs.push(Input::Stdin {
                display: stdin_name.map_or_else(
                    || "<stdin>".to_string(),
                    |n| crate::files::quote_name(n).into_owned(),
                ),
                path: stdin_name.map(PathBuf::from),
            });
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                for entry in ignore::WalkBuilder::new(path)
                    .sort_by_file_name(std::cmp::Ord::cmp)
                    .build()
                {
                    match entry {
                        Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                            found.push(entry.path().to_path_buf());
                        }
                        Ok(_) => {}
                        Err(err) => errors.push((display_path(path), err.to_string())),
                    }
                }
                found.sort();
                for p in found {
                    if let std::collections::hash_map::Entry::Vacant(slot) =
                        seen.entry(identity(&p, std::fs::metadata(&p).ok().as_ref()))
                    {
                        slot.insert(inputs.len());
                        inputs.push(Input::File {
                            path: p,
                            walked: true,
                        });
                    }
                }
            }
            Ok(meta) => match seen.entry(identity(path, Some(&meta))) {
                std::collections::hash_map::Entry::Occupied(slot) => {
                    if let Some(Input::File { walked, .. }) = inputs.get_mut(*slot.get()) {
                        *walked = false;
                    }
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(inputs.len());
                    inputs.push(Input::File {
                        path: path.clone(),
                        walked: false,
                    });
                }
            },
            Err(err) => errors.push((display_path(path), format!("{}: {err}", display_path(path)))),
        }
    }
    inputs
}

/// What tells two names of one file apart from two files: device and inode (Unix), else the
/// canonical path, else the path as given.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Identity {
    Inode(u64, u64),
    Path(PathBuf),
}

/// `meta`: the file's metadata (following links), when it could be read.
#[cfg_attr(not(unix), allow(unused_variables))]
fn identity(path: &Path, meta: Option<&std::fs::Metadata>) -> Identity {
    #[cfg(unix)]
    if let Some(meta) = meta {
        use std::os::unix::fs::MetadataExt;
        return Identity::Inode(meta.dev(), meta.ino());
    }
    Identity::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// A path as reported: without a leading `./`, and quoted when it holds control characters,
/// bytes that are not UTF-8, quotes or backslashes (see [`crate::files::quote_path`]).
pub fn display_path(path: &Path) -> String {
    let path = path.strip_prefix("./").unwrap_or(path);
    crate::files::quote_path(path).into_owned()
}

/// Whether a walked file is copy by its extension.
pub(super) fn is_copy(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}
