//! A run's set-up, shared by every front end: the configuration that applies to each file, the
//! dictionaries it names (compiled once per configuration, through the cache when large), the
//! walk over folders, and checking one file.
//!
//! A front end makes a [`Workspace`] from [`Settings`] (what its user chose over the
//! configuration files), finds each file's [`Profile`] with [`Workspace::profile_for`], and checks
//! text with [`Workspace::check_document`]: the command line does so for every file it walks
//! ([`Workspace::check_input`] reads the file and applies fixes around it), an editor for a
//! buffer ([`Workspace::check_buffer`]). Both get the file's [`FileReport`] from the same code.
//!
//! A run loads each profile once. A front end that lives longer (the language server) asks
//! [`Workspace::changed_files`] which of the files its profiles were built from changed on disk,
//! or learns it from the editor, and rebuilds those profiles with [`Workspace::reload`]; a profile
//! whose files no longer load keeps working as it was.

mod input;
mod quotes;
mod run;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub use input::{display_path, Input, Inputs};
pub use run::{worker_threads, FileError, FileOutcome, FixMode, RunOptions, Totals, BATCH};

use crate::cache::DictionaryCache;
use crate::checks;
use crate::config::{self, Config, ConfigError, Patterns, Unreadable};
use crate::date::Date;
use crate::diagnostic::Severity;
use crate::document::{Document, Format};
use crate::index::Index;
use crate::linter::{Linter, LinterOptions};
use crate::output::{github, RuleInfo};
use crate::report::FileReport;
use crate::rules::{RuleProblem, RuleProblems, RuleSet, RuleSource};

/// Why a workspace cannot check files.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// Problems in the dictionaries' text, pointing into the files.
    #[error("{0}")]
    Dictionary(RuleProblems),
    /// Problems in a configuration file's text, pointing into it.
    #[error("{0}")]
    Configuration(RuleProblems),
    #[error(transparent)]
    Config(ConfigError),
    #[error("cannot read dictionary {path}")]
    ReadDictionary {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot read folder {path}")]
    ReadFolder {
        path: String,
        source: std::io::Error,
    },
    #[error("dictionary {path} is not valid UTF-8 at byte {offset}")]
    DictionaryNotUtf8 { path: String, offset: usize },
    /// Not a regular file whose name ends in `.toml`.
    #[error("{path} is not read as a dictionary: {why}")]
    NotADictionary { path: String, why: String },
    /// A dictionary named by a discovered configuration that someone else could have put there.
    #[error("dictionary {path} is not used: {why}; if it is yours, take it over (chown, chmod o-w), or name the configuration with --config")]
    UntrustedDictionary { path: String, why: String },
    /// A house style chosen outside any configuration file (`--style`).
    #[error("unknown house style `{style}`; the dictionaries know: {known}")]
    UnknownStyle { style: String, known: String },
}

impl WorkspaceError {
    /// Problems to show pointing into the files, and which kind of file they are in
    /// (`dictionary` or `configuration`).
    pub fn problems(&self) -> Option<(&RuleProblems, &'static str)> {
        match self {
            WorkspaceError::Dictionary(p) => Some((p, "dictionary")),
            WorkspaceError::Configuration(p) => Some((p, "configuration")),
            _ => None,
        }
    }

    /// The error as GitHub Actions `::error` commands: one per problem, placed in its file.
    pub fn annotations(&self) -> String {
        if let Some((problems, what)) = self.problems() {
            return github::problem_annotations(problems, what);
        }
        let mut message = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(c) = cause {
            message.push_str(": ");
            message.push_str(&c.to_string());
            cause = c.source();
        }
        format!("{}\n", github::error_annotation(None, "copydesk", &message))
    }
}

/// Which configuration file applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ConfigChoice {
    /// The nearest `copydesk.toml` above each file.
    #[default]
    Discover,
    /// This file, for every file.
    File(PathBuf),
    /// None at all.
    Ignore,
}

/// What a front end's user chose; each wins over the configuration files.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Extra dictionary files or folders, after the configuration's.
    pub rules: Vec<PathBuf>,
    /// Leave out the built-in dictionaries.
    pub no_default_rules: bool,
    pub style: Option<String>,
    /// The article date, over the files' own.
    pub date: Option<Date>,
    pub config: ConfigChoice,
    pub fail_on: Option<Severity>,
    /// Read and write the cache of compiled large dictionaries.
    pub use_cache: bool,
    /// The only checks that run, over the configuration's `select` and `ignore`.
    pub select: Option<Vec<String>>,
    /// Checks that do not run, on top of the configuration's.
    pub ignore: Vec<String>,
    /// The most findings reported per file (`None`: all); the rest are counted.
    pub max_findings: Option<usize>,
}

/// How many findings a file reports at most, unless the user says otherwise: far more than any
/// real copy has, and few enough that a file of a million findings stays within memory.
pub const MAX_FINDINGS: usize = 10_000;

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            rules: Vec::new(),
            no_default_rules: false,
            style: None,
            date: None,
            config: ConfigChoice::Discover,
            fail_on: None,
            use_cache: true,
            select: None,
            ignore: Vec::new(),
            max_findings: Some(MAX_FINDINGS),
        }
    }
}

/// Everything files under one configuration are checked with.
pub struct Profile {
    pub linter: Linter,
    /// The least severe finding that fails a run.
    pub fail_on: Severity,
    include: Option<Patterns>,
    exclude: Option<Patterns>,
    /// The configuration file it was built from, if any.
    config: Option<PathBuf>,
    /// The configuration file and the dictionary files and folders it was built from, with their
    /// modification times then.
    stamps: Vec<(PathBuf, Option<SystemTime>)>,
}

/// A profile of a [`Workspace`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProfileId(usize);

/// The profiles of a run or an editor session: one per configuration file met, found per folder.
pub struct Workspace {
    settings: Settings,
    profiles: HashMap<ProfileId, Profile>,
    next_id: usize,
    by_config: HashMap<Option<PathBuf>, ProfileId>,
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
}

/// What [`Workspace::reload`] did.
#[derive(Debug, Default)]
pub struct Reloaded {
    /// The configuration files (`None`: no configuration file) whose profiles were rebuilt, or
    /// dropped because the file is gone.
    pub profiles: Vec<Option<PathBuf>>,
    /// The profiles that failed to rebuild, and keep their last good state.
    pub failures: Vec<ReloadError>,
}

/// A profile that could not be rebuilt by [`Workspace::reload`]: it keeps its last good state.
#[derive(Debug)]
pub struct ReloadError {
    /// The configuration file of the profile (`None`: the profile without one).
    pub config: Option<PathBuf>,
    pub error: WorkspaceError,
}

impl Workspace {
    pub fn new(settings: Settings) -> Workspace {
        Workspace {
            settings,
            profiles: HashMap::new(),
            next_id: 0,
            by_config: HashMap::new(),
            by_dir: HashMap::new(),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The profile for a file at `path` (`None`: a file with no path, such as standard input,
    /// configured from the working folder). Configuration and dictionaries are loaded the first
    /// time a configuration file is met, and kept.
    pub fn profile_for(&mut self, path: Option<&Path>) -> Result<ProfileId, WorkspaceError> {
        let config = self.config_for(path);
        if let Some(&id) = self.by_config.get(&config) {
            return Ok(id);
        }
        let profile = build_profile(&self.settings, config.as_deref())?;
        let id = ProfileId(self.next_id);
        self.next_id += 1;
        self.profiles.insert(id, profile);
        self.by_config.insert(config, id);
        Ok(id)
    }

    /// The configuration file that applies to a file at `path`, as [`Workspace::profile_for`]
    /// finds it.
    pub fn config_for(&mut self, path: Option<&Path>) -> Option<PathBuf> {
        match &self.settings.config {
            ConfigChoice::Ignore => None,
            ConfigChoice::File(path) => Some(path.clone()),
            ConfigChoice::Discover => {
                let dir = path
                    .and_then(Path::parent)
                    .filter(|p| !p.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
                self.by_dir
                    .entry(dir)
                    .or_insert_with_key(|dir| config::discover(dir))
                    .clone()
            }
        }
    }

    /// A profile this workspace handed out. An id stays valid until [`Workspace::reload`] drops
    /// its profile (its configuration file was deleted).
    pub fn profile(&self, id: ProfileId) -> &Profile {
        &self.profiles[&id]
    }

    /// The files the loaded profiles were built from (configuration files, dictionary files and
    /// folders) whose modification time is not what it was when they were loaded, or that
    /// appeared or disappeared since.
    pub fn changed_files(&self) -> Vec<PathBuf> {
        let mut changed: Vec<PathBuf> = self
            .profiles
            .values()
            .flat_map(|p| &p.stamps)
            .filter(|(path, modified)| modified_time(path) != *modified)
            .map(|(path, _)| path.clone())
            .collect();
        changed.sort();
        changed.dedup();
        changed
    }

    /// Takes changes to files on disk into account: configuration files are looked for afresh
    /// (one may have been created or deleted), the profile of a deleted configuration file is
    /// dropped, and every profile built from one of the `changed` files (its configuration file,
    /// a dictionary file, or a file in a folder of dictionaries) is rebuilt. A profile that fails
    /// to rebuild keeps its last good state, and the failure is returned.
    pub fn reload(&mut self, changed: &[PathBuf]) -> Reloaded {
        self.by_dir.clear();
        let changed: Vec<PathBuf> = changed.iter().map(|p| config::absolute(p)).collect();
        let mut done = Reloaded::default();
        let configs: Vec<(Option<PathBuf>, ProfileId)> = self
            .by_config
            .iter()
            .map(|(c, id)| (c.clone(), *id))
            .collect();
        for (config, id) in configs {
            if config.as_deref().is_some_and(|c| !c.exists()) {
                self.by_config.remove(&config);
                self.profiles.remove(&id);
                done.profiles.push(config);
                continue;
            }
            let affected = self.profiles[&id].stamps.iter().any(|(source, _)| {
                changed
                    .iter()
                    .any(|c| c == source || c.parent() == Some(source.as_path()))
            });
            if !affected {
                continue;
            }
            match build_profile(&self.settings, config.as_deref()) {
                Ok(profile) => {
                    self.profiles.insert(id, profile);
                    done.profiles.push(config);
                }
                Err(error) => {
                    // Try again when the files change next, not at every call.
                    let stale = self.profiles.get_mut(&id).map(|p| &mut p.stamps);
                    for (path, modified) in stale.into_iter().flatten() {
                        *modified = modified_time(path);
                    }
                    done.failures.push(ReloadError { config, error });
                }
            }
        }
        done
    }

    /// Checks a document under a profile, judging an undated one as of `today`. Every front end
    /// checks text through here.
    pub fn check_document(&self, id: ProfileId, doc: &Document, today: Date) -> FileReport {
        self.check_in_run(id, doc, today, None)
    }

    /// [`Workspace::check_document`] for a file of a run whose attributed quotations are
    /// `quotes` (see [`Workspace::quote_index`]), which `quote-drift` compares the file's with.
    pub fn check_in_run(
        &self,
        id: ProfileId,
        doc: &Document,
        today: Date,
        quotes: Option<&crate::quotes::QuoteIndex>,
    ) -> FileReport {
        self.profile(id).linter.check_in_run(doc, today, quotes)
    }

    /// Checks `text` as the file at `path` (real or not: an editor's unsaved buffer), with the
    /// configuration that applies there, read as its extension says.
    pub fn check_text(
        &mut self,
        path: &Path,
        text: String,
        today: Date,
    ) -> Result<(Document, FileReport), WorkspaceError> {
        // As `display_path` shows it, unquoted.
        let format = Format::from_path(&path.strip_prefix("./").unwrap_or(path).to_string_lossy());
        self.check_buffer(path, text, format, today)
            .map(|(doc, report, _)| (doc, report))
    }

    /// Checks `text` as `format` (an editor knows a buffer's language) as the file at `path`,
    /// with the configuration that applies there; also returns the profile it was checked with.
    pub fn check_buffer(
        &mut self,
        path: &Path,
        text: String,
        format: Format,
        today: Date,
    ) -> Result<(Document, FileReport, ProfileId), WorkspaceError> {
        let id = self.profile_for(Some(path))?;
        let doc = Document::new(display_path(path), text, format);
        let report = self.check_document(id, &doc, today);
        Ok((doc, report, id))
    }

    /// Lets the profiles live until the process exits: compiled dictionaries are hundreds of
    /// megabytes of small allocations, which exiting frees far faster than dropping them.
    pub fn leak(self) -> &'static Workspace {
        Box::leak(Box::new(self))
    }
}

/// Every check, as output formats describe them.
pub fn rule_infos() -> Vec<RuleInfo> {
    checks::all()
        .map(|m| RuleInfo {
            code: m.code,
            summary: m.summary,
            severity: m.severity,
            explanation: m.explanation,
        })
        .collect()
}

impl Profile {
    /// Whether `input` is checked under this profile: walked files must be copy (by extension,
    /// or by `include`), and nothing `exclude` names is checked, even when named explicitly.
    pub fn wants(&self, input: &Input) -> bool {
        let Some(path) = input.path() else {
            return true;
        };
        if let Input::File { walked: true, .. } = input {
            let copy = match &self.include {
                Some(include) => include.is_match(path),
                None => input::is_copy(path),
            };
            if !copy {
                return false;
            }
        }
        !self.exclude.as_ref().is_some_and(|e| e.is_match(path))
    }

    /// The configuration file the profile was built from, if any.
    pub fn config(&self) -> Option<&Path> {
        self.config.as_deref()
    }
}

/// A file's modification time, `None` when it cannot be read.
fn modified_time(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Builds the profile for a configuration file (or none): configuration, then the settings.
fn build_profile(
    settings: &Settings,
    config_path: Option<&Path>,
) -> Result<Profile, WorkspaceError> {
    let discovered = settings.config == ConfigChoice::Discover;
    let config = match config_path.map(|p| Config::load_all(p, discovered)) {
        None => None,
        Some(Ok((config, problems))) if problems.is_empty() => Some(config),
        Some(Ok((partial, problems))) => {
            return Err(WorkspaceError::Configuration(with_style_problem(
                settings, &partial, problems,
            )))
        }
        Some(Err(err)) => return Err(WorkspaceError::Config(err)),
    };
    let default_rules = default_rules(settings, config.as_ref());
    let rule_paths = rule_paths(settings, config.as_ref());
    let sources = rule_sources(default_rules, &rule_paths)?;
    let mut stamps: Vec<PathBuf> = config_path.into_iter().map(config::absolute).collect();
    stamps.extend(rule_paths.iter().map(|(p, _)| config::absolute(p)));
    stamps.extend(
        sources
            .iter()
            .filter(|s| !s.is_builtin())
            .map(|s| config::absolute(Path::new(&s.path))),
    );
    stamps.sort();
    stamps.dedup();
    let stamps = stamps
        .into_iter()
        .map(|p| {
            let modified = modified_time(&p);
            (p, modified)
        })
        .collect();
    let (rules, index) = compile_rules(sources, settings.use_cache)?;
    let style = check_style(settings, config.as_ref(), &rules)?;
    let options = LinterOptions {
        style,
        date: settings.date,
        config_date: config.as_ref().and_then(|c| c.date),
        severity: severities(settings, config.as_ref()),
        allow: config.as_ref().map(|c| c.allow.clone()).unwrap_or_default(),
        max_findings: settings.max_findings,
    };
    let fail_on = settings
        .fail_on
        .or(config.as_ref().and_then(|c| c.fail_on))
        .unwrap_or(Severity::Error);
    Ok(Profile {
        linter: Linter::with_index(rules, index, options),
        fail_on,
        include: config.as_ref().and_then(|c| c.include.clone()),
        exclude: config.and_then(|c| c.exclude),
        config: config_path.map(Path::to_path_buf),
        stamps,
    })
}

fn default_rules(settings: &Settings, config: Option<&Config>) -> bool {
    !settings.no_default_rules && config.and_then(|c| c.default_rules) != Some(false)
}

/// The configuration's dictionaries, then the settings'. Dictionaries a discovered
/// configuration names are checked like it; those named on the command line, or by a
/// configuration named there, are the user's choice.
fn rule_paths(settings: &Settings, config: Option<&Config>) -> Vec<RulePath> {
    let mut paths: Vec<RulePath> = config
        .iter()
        .flat_map(|c| c.rules.iter().map(|p| (p.clone(), c.discovered)))
        .collect();
    paths.extend(settings.rules.iter().map(|p| (p.clone(), false)));
    paths
}

/// A configuration's problems, and an unknown style of the same file among them: the style is
/// judged against the dictionaries the readable part of the file (`partial`) names, so that one
/// run reports every problem of the file.
fn with_style_problem(
    settings: &Settings,
    partial: &Config,
    problems: Vec<RuleProblem>,
) -> RuleProblems {
    let mut problems = partial.problems(problems);
    if partial.style.is_none() || settings.style.is_some() {
        return problems;
    }
    let sources = rule_sources(
        default_rules(settings, Some(partial)),
        &rule_paths(settings, Some(partial)),
    );
    let Ok(rules) = sources.map(RuleSet::load) else {
        return problems;
    };
    if let Ok(rules) = rules {
        if let Err(WorkspaceError::Configuration(style)) =
            check_style(settings, Some(partial), &rules)
        {
            problems.problems.extend(style.problems);
            problems
                .problems
                .sort_by_key(|p| (p.span.start, p.span.end));
        }
    }
    problems
}

/// Each check's severity, or `None` for the checks that do not run: the configuration's
/// `select`, `ignore` and `[severity]`, then the settings' `select` (which replaces them) and
/// `ignore`.
fn severities(settings: &Settings, config: Option<&Config>) -> Vec<(String, Option<Severity>)> {
    let mut out = Vec::new();
    for code in checks::all().map(|m| m.code) {
        let configured = config.and_then(|c| c.severity.iter().rev().find(|(c, _)| c == code));
        let listed = |list: &[String]| list.iter().any(|c| c == code);
        let by_config = config.is_none_or(|c| {
            c.select.as_deref().is_none_or(listed)
                && !listed(&c.ignore)
                && !matches!(configured, Some((_, None)))
        });
        let enabled =
            settings.select.as_deref().map_or(by_config, listed) && !listed(&settings.ignore);
        match (enabled, configured) {
            (false, _) => out.push((code.to_string(), None)),
            (true, Some((_, Some(s)))) => out.push((code.to_string(), Some(*s))),
            (true, _) => {}
        }
    }
    out
}

/// The house style chosen (settings first, then configuration), if the dictionaries know it.
fn check_style(
    settings: &Settings,
    config: Option<&Config>,
    rules: &RuleSet,
) -> Result<Option<String>, WorkspaceError> {
    let (style, span) = match (&settings.style, config.and_then(|c| c.style.as_ref())) {
        (Some(style), _) => (style.clone(), None),
        (None, Some((style, span))) => (style.clone(), Some(span.clone())),
        (None, None) => return Ok(None),
    };
    let known = rules.styles();
    if known.contains(style.as_str()) {
        return Ok(Some(style));
    }
    let list: Vec<&str> = known.into_iter().collect();
    let known = list.join(", ");
    match (span, config) {
        (Some(span), Some(config)) => {
            let message = format!("unknown house style `{style}`; the dictionaries know: {known}");
            Err(WorkspaceError::Configuration(config.problem(
                span,
                message,
                "unknown style",
            )))
        }
        _ => Err(WorkspaceError::UnknownStyle { style, known }),
    }
}

/// Writes a commented `copydesk.toml` in `dir` (see [`config::template`]), with `style` when it
/// is one the built-in dictionaries know; a configuration already there is not replaced.
pub fn init(dir: &Path, style: Option<&str>) -> Result<PathBuf, WorkspaceError> {
    if let Some(style) = style {
        let rules = load_rules(true, &[])?;
        let known = rules.styles();
        if !known.contains(style) {
            let list: Vec<&str> = known.into_iter().collect();
            return Err(WorkspaceError::UnknownStyle {
                style: style.to_string(),
                known: list.join(", "),
            });
        }
    }
    config::write_template(dir, style).map_err(WorkspaceError::Config)
}

/// A dictionary file or folder, and whether its owner and permissions are checked (it was named
/// by a discovered configuration).
type RulePath = (PathBuf, bool);

/// Loads the built-in dictionaries (unless turned off) and the extra ones, named on the command
/// line.
pub fn load_rules(default_rules: bool, paths: &[PathBuf]) -> Result<RuleSet, WorkspaceError> {
    let paths: Vec<RulePath> = paths.iter().map(|p| (p.clone(), false)).collect();
    RuleSet::load(rule_sources(default_rules, &paths)?).map_err(WorkspaceError::Dictionary)
}

fn rule_sources(
    default_rules: bool,
    paths: &[RulePath],
) -> Result<Vec<RuleSource>, WorkspaceError> {
    let mut sources = if default_rules {
        RuleSet::builtin_sources()
    } else {
        Vec::new()
    };
    for (path, checked) in paths {
        sources.extend(read_rule_path(path, *checked)?);
    }
    Ok(sources)
}

/// Loads and compiles dictionaries, through the cache when they are large and it is allowed.
fn compile_rules(
    sources: Vec<RuleSource>,
    use_cache: bool,
) -> Result<(RuleSet, Index), WorkspaceError> {
    let cache = if use_cache && DictionaryCache::worth_caching(&sources) {
        DictionaryCache::default_dir().map(DictionaryCache::new)
    } else {
        None
    };
    let sources = match &cache {
        Some(cache) => match cache.load(sources) {
            Ok(compiled) => return Ok(compiled),
            Err(sources) => sources,
        },
        None => sources,
    };
    let rules = RuleSet::load(sources).map_err(WorkspaceError::Dictionary)?;
    let index = Index::build(&rules);
    if let Some(cache) = &cache {
        // The cache only saves time: a folder that cannot be written is no reason to fail.
        let _ = cache.store(&rules, &index);
    }
    Ok((rules, index))
}

/// The dictionary file at `path`, or the `*.toml` files of the folder at `path` by name (other
/// entries, and anything that is not a regular file, are skipped). A dictionary must be a regular
/// file named `*.toml`; with `checked`, also owned by the user running copydesk or root and not
/// writable by other users.
fn read_rule_path(path: &Path, checked: bool) -> Result<Vec<RuleSource>, WorkspaceError> {
    let shown = |p: &Path| crate::files::quote_path(p).into_owned();
    let read_folder = |source| WorkspaceError::ReadFolder {
        path: shown(path),
        source,
    };
    let meta = std::fs::metadata(path).map_err(|source| WorkspaceError::ReadDictionary {
        path: shown(path),
        source,
    })?;
    let mut files = Vec::new();
    if meta.is_dir() {
        for entry in std::fs::read_dir(path).map_err(read_folder)? {
            let p = entry.map_err(read_folder)?.path();
            if crate::files::is_toml_name(&p) && crate::files::is_regular(&p) {
                files.push(p);
            }
        }
        files.sort();
    } else if crate::files::is_toml_name(path) {
        files.push(path.to_path_buf());
    } else {
        return Err(WorkspaceError::NotADictionary {
            path: shown(path),
            why: "dictionaries are TOML files whose name ends in .toml".into(),
        });
    }
    files
        .into_iter()
        .map(|p| {
            let text = config::read_text(&p, checked).map_err(|e| {
                let path = shown(&p);
                match e {
                    Unreadable::Io(source) if source.kind() == std::io::ErrorKind::InvalidInput => {
                        WorkspaceError::NotADictionary {
                            path,
                            why: source.to_string(),
                        }
                    }
                    Unreadable::Io(source) => WorkspaceError::ReadDictionary { path, source },
                    Unreadable::Untrusted(why) => WorkspaceError::UntrustedDictionary { path, why },
                    Unreadable::NotUtf8(offset) => {
                        WorkspaceError::DictionaryNotUtf8 { path, offset }
                    }
                }
            })?;
            Ok(RuleSource {
                path: p.display().to_string(),
                text,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
