//! `copydesk.toml`: a newsroom's settings, found by walking up from the checked files.
//!
//! ```toml
//! style = "ap"
//! rules = ["style/names.toml"]    # relative to this file
//! default-rules = true
//! include = ["content/**/*.md"]   # folder walks pick these files
//! exclude = ["content/archive/**"]
//! date = 2025-12-20               # for copy whose front matter gives none
//! allow = ["Zelenskiy"]           # never reported
//! fail-on = "warning"
//! select = ["misspelled-name", "wrong-title"]  # only these checks run
//! ignore = ["first-reference"]                 # these do not
//!
//! [severity]
//! first-reference = "off"
//! ```
//!
//! Every problem of a file is reported at once: syntax errors, unknown keys, values of the wrong
//! type and values that mean nothing, each pointing into the file.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::date::Date;
use crate::diagnostic::Severity;
use crate::rules::{RuleProblem, RuleProblems, RuleSource};

/// The file names looked for, in this order, in each folder.
pub const FILE_NAMES: [&str; 2] = ["copydesk.toml", ".copydesk.toml"];

/// Why a configuration file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read configuration {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("configuration {path} is not valid UTF-8 at byte {offset}")]
    NotUtf8 { path: String, offset: usize },
    /// A configuration found by discovery that someone else could have put there.
    #[error("configuration {path} is not used: {why}; if it is yours, take it over (chown, chmod o-w) or name it with --config; --no-config ignores it")]
    Untrusted { path: String, why: String },
    #[error("{0}")]
    Invalid(RuleProblems),
    #[error("{path} already exists: not replaced")]
    Exists { path: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// A loaded and validated configuration file.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file, as shown to users.
    pub source: RuleSource,
    /// The folder it is in: relative paths and patterns start here.
    pub dir: PathBuf,
    /// The house style, with its place in the file.
    pub style: Option<(String, Range<usize>)>,
    /// Extra dictionaries, resolved against [`Config::dir`].
    pub rules: Vec<PathBuf>,
    pub default_rules: Option<bool>,
    pub include: Option<Patterns>,
    pub exclude: Option<Patterns>,
    pub date: Option<Date>,
    /// Per-code severity; `None` turns the code off.
    pub severity: Vec<(String, Option<Severity>)>,
    pub allow: Vec<String>,
    pub fail_on: Option<Severity>,
    /// The only checks that run (`None`: every check).
    pub select: Option<Vec<String>>,
    /// Checks that do not run.
    pub ignore: Vec<String>,
    /// Found by discovery rather than named with `--config`: the dictionaries it names must then
    /// pass the same ownership check as the file itself.
    pub discovered: bool,
}

/// Every key a configuration may have, in the order `copydesk init` writes them.
pub const KEYS: [&str; 11] = [
    "style",
    "rules",
    "default-rules",
    "include",
    "exclude",
    "date",
    "allow",
    "fail-on",
    "select",
    "ignore",
    "severity",
];

/// Glob patterns relative to a folder, matched the way `.gitignore` users expect: a pattern with a
/// `/` matches the path from the folder; one without matches any file or folder name on the way.
#[derive(Debug, Clone)]
pub struct Patterns {
    dir: PathBuf,
    paths: GlobSet,
    names: GlobSet,
}

impl Patterns {
    fn new(
        dir: &Path,
        list: &[(String, Range<usize>)],
    ) -> Result<Patterns, Vec<(Range<usize>, String)>> {
        let mut paths = GlobSetBuilder::new();
        let mut names = GlobSetBuilder::new();
        let mut bad = Vec::new();
        for (pattern, span) in list {
            let trimmed = pattern.trim_start_matches("./").trim_end_matches('/');
            let anchored = trimmed.contains('/');
            let glob = match globset::GlobBuilder::new(trimmed.trim_start_matches('/'))
                .literal_separator(true)
                .build()
            {
                Ok(glob) => glob,
                Err(e) => {
                    bad.push((
                        span.clone(),
                        format!("invalid pattern `{pattern}`: {}", e.kind()),
                    ));
                    continue;
                }
            };
            if anchored {
                paths.add(glob);
            } else {
                names.add(glob);
            }
        }
        if !bad.is_empty() {
            return Err(bad);
        }
        let build = |b: GlobSetBuilder| b.build().unwrap_or_else(|_| GlobSet::empty());
        Ok(Patterns {
            dir: dir.to_path_buf(),
            paths: build(paths),
            names: build(names),
        })
    }

    /// Whether `path` (absolute, or relative to the working folder) or a folder on its way from
    /// the configuration's folder matches.
    pub fn is_match(&self, path: &Path) -> bool {
        let absolute = absolute(path);
        let relative = absolute.strip_prefix(&self.dir).unwrap_or(&absolute);
        let mut partial = PathBuf::new();
        for component in relative.components() {
            partial.push(component);
            if self.paths.is_match(&partial) {
                return true;
            }
            if let std::path::Component::Normal(name) = component {
                if self.names.is_match(Path::new(name)) {
                    return true;
                }
            }
        }
        false
    }
}

/// `path` made absolute against the working folder, without resolving links.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The configuration file that applies to files in `dir`: the nearest `copydesk.toml` or
/// `.copydesk.toml` in it or above it, up to the repository root (the nearest folder with a
/// `.git`); outside a repository up to the user's home folder when `dir` is inside it, else in
/// `dir` alone. So a configuration in a shared folder above (`/tmp`) never applies.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let start = absolute(dir);
    let repo = start.ancestors().find(|f| f.join(".git").exists());
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .filter(|h| h.is_absolute() && h.parent().is_some())
        .map(|h| real(&h))
        .filter(|home| repo.is_none() && real(&start).starts_with(home));
    for folder in start.ancestors() {
        for name in FILE_NAMES {
            let candidate = folder.join(name);
            // Anything by that name counts: one that is not a regular file is an error to see.
            if std::fs::symlink_metadata(&candidate).is_ok() {
                return Some(candidate);
            }
        }
        let last = match (&repo, &home) {
            (Some(repo), _) => folder == *repo,
            (None, Some(home)) => real(folder) == *home,
            (None, None) => true,
        };
        if last {
            break;
        }
    }
    None
}

/// Every code a configuration may name.
fn known_codes() -> Vec<&'static str> {
    crate::checks::all().map(|m| m.code).collect()
}

/// A severity or `off` (`Ok(None)`); `Err` for anything else.
fn parse_severity(s: &str) -> Result<Option<Severity>, ()> {
    match s {
        "error" => Ok(Some(Severity::Error)),
        "warning" => Ok(Some(Severity::Warning)),
        "info" => Ok(Some(Severity::Info)),
        "off" => Ok(None),
        _ => Err(()),
    }
}

impl Config {
    /// Reads the configuration at `path`: what can be read of it, and every problem found in it
    /// (see [`Config::parse_all`]). A `discovered` one (not named with `--config`) must be owned
    /// by the user running copydesk or by root, and not writable by other users.
    pub fn load_all(
        path: &Path,
        discovered: bool,
    ) -> Result<(Config, Vec<RuleProblem>), ConfigError> {
        let shown = crate::files::quote_path(path).into_owned();
        let text = read_text(path, discovered).map_err(|e| {
            let path = shown.clone();
            match e {
                Unreadable::Io(source) => ConfigError::Io { path, source },
                Unreadable::Untrusted(why) => ConfigError::Untrusted { path, why },
                Unreadable::NotUtf8(offset) => ConfigError::NotUtf8 { path, offset },
            }
        })?;
        let dir = absolute(path)
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let (mut config, problems) = Config::parse_all(RuleSource { path: shown, text }, &dir);
        config.discovered = discovered;
        Ok((config, problems))
    }

    /// Validates a configuration's text; `dir` is the folder relative paths start from. Every
    /// problem of the file is reported at once.
    pub fn parse(source: RuleSource, dir: &Path) -> Result<Config, ConfigError> {
        let (config, problems) = Config::parse_all(source, dir);
        if !problems.is_empty() {
            return Err(ConfigError::Invalid(config.problems(problems)));
        }
        Ok(config)
    }

    /// What can be read of a configuration's text, and every problem found in it: syntax
    /// errors, unknown keys, values of the wrong type and values that mean nothing.
    pub fn parse_all(source: RuleSource, dir: &Path) -> (Config, Vec<RuleProblem>) {
        let mut p = Problems(Vec::new());
        let mut config = Config {
            source: RuleSource {
                path: String::new(),
                text: String::new(),
            },
            dir: dir.to_path_buf(),
            style: None,
            rules: Vec::new(),
            default_rules: None,
            include: None,
            exclude: None,
            date: None,
            severity: Vec::new(),
            allow: Vec::new(),
            fail_on: None,
            select: None,
            ignore: Vec::new(),
            discovered: false,
        };
        let (table, errors) = DeTable::parse_recoverable(&source.text);
        for err in errors {
            p.push(
                err.span().unwrap_or(0..0),
                format!("invalid configuration: {}", err.message().trim_end()),
                "here",
            );
        }
        for (key, value) in table.get_ref() {
            config.read_key(key, value, dir, &mut p);
        }
        drop(table);
        config.source = source;
        let mut problems = p.0;
        problems.sort_by_key(|p| (p.span.start, p.span.end));
        (config, problems)
    }

    /// Reads one top-level key into the configuration.
    fn read_key(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
        dir: &Path,
        p: &mut Problems,
    ) {
        let name = key.get_ref().as_ref();
        match name {
            "style" => self.style = p.string(name, value).map(|s| (s, value.span())),
            "rules" => {
                for (rule, span) in p.strings(name, value) {
                    let path = dir.join(&rule);
                    if !crate::files::is_toml_name(&path) {
                        p.push(
                            span,
                            format!("dictionary `{rule}` is not a `.toml` file"),
                            "dictionaries are TOML files named *.toml",
                        );
                    } else if std::fs::metadata(&path).is_err() {
                        let label = format!("looked for {}", crate::files::quote_path(&path));
                        p.push(span, format!("dictionary `{rule}` not found"), &label);
                    } else {
                        self.rules.push(path);
                    }
                }
            }
            "default-rules" => match value.get_ref() {
                DeValue::Boolean(b) => self.default_rules = Some(*b),
                _ => p.wrong_type(name, value, "true or false"),
            },
            "include" | "exclude" => {
                let list = p.strings(name, value);
                let patterns = match Patterns::new(dir, &list) {
                    Ok(patterns) => Some(patterns),
                    Err(problems) => {
                        for (span, message) in problems {
                            p.push(span, message, "this pattern");
                        }
                        None
                    }
                };
                if name == "include" {
                    self.include = patterns;
                } else {
                    self.exclude = patterns;
                }
            }
            "date" => {
                let parsed = match value.get_ref() {
                    DeValue::String(s) => Date::parse_checked(s).map_err(|e| e.to_string()),
                    DeValue::Datetime(d) => match (d.date, d.time, d.offset) {
                        (Some(d), None, None) => Date::new(i32::from(d.year), d.month, d.day)
                            .ok_or_else(|| "no such day".to_string()),
                        _ => Err("a date has no time".to_string()),
                    },
                    _ => Err("expected a date".to_string()),
                };
                match parsed {
                    Ok(d) => self.date = Some(d),
                    Err(why) => p.push(
                        value.span(),
                        format!("`date` must be a date such as 2025-12-20: {why}"),
                        "not a date",
                    ),
                }
            }
            "severity" => {
                let DeValue::Table(table) = value.get_ref() else {
                    p.wrong_type(name, value, "a table of check codes and levels");
                    return;
                };
                for (code, level) in table {
                    if let Some(code) = p.code(code.get_ref(), code.span()) {
                        let Some(text) = p.string("severity", level) else {
                            continue;
                        };
                        match parse_severity(&text) {
                            Ok(s) => self.severity.push((code, s)),
                            Err(()) => p.push(
                                level.span(),
                                format!(
                                    "unknown severity `{text}`; use error, warning, info or off"
                                ),
                                "unknown severity",
                            ),
                        }
                    }
                }
            }
            "allow" => {
                for (word, span) in p.strings(name, value) {
                    if word.trim().is_empty() {
                        p.push(span, "empty entry in `allow`".into(), "empty");
                    } else {
                        self.allow.push(word);
                    }
                }
            }
            "fail-on" => {
                let Some(level) = p.string(name, value) else {
                    return;
                };
                match parse_severity(&level) {
                    Ok(Some(s)) => self.fail_on = Some(s),
                    _ => p.push(
                        value.span(),
                        format!("unknown `fail-on` level `{level}`; use error, warning or info"),
                        "unknown level",
                    ),
                }
            }
            "select" | "ignore" => {
                let codes: Vec<String> = p
                    .strings(name, value)
                    .into_iter()
                    .filter_map(|(code, span)| p.code(&code, span))
                    .collect();
                if name == "select" {
                    self.select = Some(codes);
                } else {
                    self.ignore = codes;
                }
            }
            _ => {
                let hint = match crate::distance::closest(name, KEYS.iter().copied(), 2) {
                    Some(known) => format!("; did you mean `{known}`?"),
                    None => format!("; the keys are: {}", KEYS.join(", ")),
                };
                p.push(
                    key.span(),
                    format!("unknown key `{name}`{hint}"),
                    "unknown key",
                );
            }
        }
    }

    /// A problem at `span` of this file, for checks made after loading (an unknown style).
    pub fn problem(&self, span: Range<usize>, message: String, label: &str) -> RuleProblems {
        self.problems(vec![RuleProblem::new(0, span, message, label)])
    }

    /// Problems of this file, with its text to show them in.
    pub fn problems(&self, problems: Vec<RuleProblem>) -> RuleProblems {
        RuleProblems {
            problems,
            sources: vec![self.source.clone()],
        }
    }
}

/// A commented `copydesk.toml` listing every key, with `style` set when one is given; what
/// `copydesk init` writes.
pub fn template(style: Option<&str>) -> String {
    let style = match style {
        Some(style) => format!("style = \"{style}\""),
        None => "# style = \"ap\"".to_string(),
    };
    let mut severity = String::new();
    for m in crate::checks::all() {
        let _ = writeln!(severity, "# {} = \"{}\"", m.code, m.severity.as_str());
    }
    format!(
        r#"# copydesk.toml: how copydesk checks the copy in this folder and the folders below it
# (up to the repository root; a copydesk.toml further down replaces this one there).
# Every key is optional: a commented-out line shows the default or an example.
# Command-line flags win over this file. `copydesk explain` lists the checks.

# House style: "ap", "reuters", or any style the dictionaries name (`copydesk rules` lists them).
{style}

# Extra dictionaries: TOML files named *.toml, relative to this file.
# rules = ["style/desk-names.toml"]

# Load the built-in dictionaries.
# default-rules = true

# Which files a folder walk checks (default: *.md, *.markdown and *.txt). A pattern with a `/`
# matches the path from this folder; one without matches any file or folder name.
# include = ["content/**/*.md"]

# Files and folders never checked, even when named on the command line.
# exclude = ["drafts", "content/archive/**"]

# The article date for copy whose front matter gives none (default: today).
# date = 2025-12-20

# Words and names never reported.
# allow = ["Zelenskiy"]

# Exit with status 1 on findings at least this severe: "error", "warning" or "info".
# fail-on = "error"

# The only checks that run (default: every check); --select replaces this list.
# select = ["misspelled-name", "wrong-title"]

# Checks that do not run; --ignore adds to this list.
# ignore = ["first-reference"]

# Per check: "error", "warning", "info" or "off". The defaults:
[severity]
{severity}"#
    )
}

/// Writes [`template`] as `copydesk.toml` in `dir`, refusing to replace a configuration there.
pub fn write_template(dir: &Path, style: Option<&str>) -> Result<PathBuf, ConfigError> {
    for name in FILE_NAMES {
        let existing = dir.join(name);
        if existing.exists() {
            return Err(ConfigError::Exists {
                path: crate::workspace::display_path(&existing),
            });
        }
    }
    let path = dir.join(FILE_NAMES[0]);
    let write_error = |source| ConfigError::Write {
        path: crate::workspace::display_path(&path),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => ConfigError::Exists {
                path: crate::workspace::display_path(&path),
            },
            _ => write_error(e),
        })?;
    std::io::Write::write_all(&mut file, template(style).as_bytes()).map_err(write_error)?;
    Ok(path)
}

/// Why a configuration or dictionary file cannot be read as text.
pub(crate) enum Unreadable {
    /// Not a regular file ([`std::io::ErrorKind::InvalidInput`]), or an error reading it.
    Io(std::io::Error),
    /// Checked and not trusted: why (see [`crate::files::distrust`]).
    Untrusted(String),
    /// Not UTF-8 from this byte on.
    NotUtf8(usize),
}

/// The text of the regular file at `path`; with `checked`, only when it is owned by the user
/// running copydesk or by root and not writable by other users.
pub(crate) fn read_text(path: &Path, checked: bool) -> Result<String, Unreadable> {
    let (bytes, meta) = crate::files::read_regular(path).map_err(Unreadable::Io)?;
    if let Some(why) = checked.then(|| crate::files::distrust(&meta)).flatten() {
        return Err(Unreadable::Untrusted(why));
    }
    String::from_utf8(bytes).map_err(|e| Unreadable::NotUtf8(e.utf8_error().valid_up_to()))
}

/// The problems of one configuration file, collected while reading it.
struct Problems(Vec<RuleProblem>);

impl Problems {
    fn push(&mut self, span: Range<usize>, message: String, label: &str) {
        self.0.push(RuleProblem::new(0, span, message, label));
    }

    fn wrong_type(&mut self, key: &str, value: &Spanned<DeValue<'_>>, expected: &str) {
        let found = value.get_ref().type_str();
        self.push(
            value.span(),
            format!("`{key}` must be {expected}, not {}", article(found)),
            "wrong type",
        );
    }

    /// A string value, or a problem.
    fn string(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Option<String> {
        if let DeValue::String(s) = value.get_ref() {
            Some(s.to_string())
        } else {
            self.wrong_type(key, value, "a string");
            None
        }
    }

    /// The strings of an array (a problem for each item that is not one), with their places.
    fn strings(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Vec<(String, Range<usize>)> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(key, value, "an array of strings");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            if let DeValue::String(s) = item.get_ref() {
                out.push((s.to_string(), item.span()));
            } else {
                let found = article(item.get_ref().type_str());
                self.push(
                    item.span(),
                    format!("`{key}` must hold strings, not {found}"),
                    "not a string",
                );
            }
        }
        out
    }

    /// A check's code, or a problem naming the closest one.
    fn code(&mut self, code: &str, span: Range<usize>) -> Option<String> {
        let codes = known_codes();
        if codes.contains(&code) {
            return Some(code.to_string());
        }
        let hint = match crate::distance::closest(code, codes.iter().copied(), 3) {
            Some(known) => format!("did you mean `{known}`?"),
            None => format!("the checks are: {}", codes.join(", ")),
        };
        self.push(
            span,
            format!("unknown check `{code}`; {hint}"),
            "unknown check",
        );
        None
    }
}

/// "a string", "an array".
fn article(noun: &str) -> String {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(
            RuleSource {
                path: "copydesk.toml".into(),
                text: text.into(),
            },
            Path::new("/news"),
        )
    }

    fn messages(text: &str) -> Vec<String> {
        match parse(text) {
            Err(ConfigError::Invalid(p)) => p.problems.iter().map(|p| p.message.clone()).collect(),
            Err(e) => vec![e.to_string()],
            Ok(_) => Vec::new(),
        }
    }

    #[test]
    fn every_key() {
        let c = parse(
            r#"
style = "ap"
default-rules = false
include = ["content/**/*.md"]
exclude = ["drafts", "content/archive/**"]
date = 2025-12-20
allow = ["Zelenskiy"]
fail-on = "warning"
[severity]
wrong-title = "warning"
hidden-character = "off"
"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.style.as_ref().map(|s| s.0.as_str()), Some("ap"));
        assert_eq!(c.default_rules, Some(false));
        assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2025-12-20"));
        assert_eq!(c.allow, ["Zelenskiy"]);
        assert_eq!(c.fail_on, Some(Severity::Warning));
        assert_eq!(
            c.severity,
            [
                ("hidden-character".to_string(), None),
                ("wrong-title".to_string(), Some(Severity::Warning))
            ]
        );
        let include = c.include.unwrap_or_else(|| panic!("include"));
        assert!(include.is_match(Path::new("/news/content/a/b.md")));
        assert!(!include.is_match(Path::new("/news/content/a/b.txt")));
        assert!(!include.is_match(Path::new("/news/other/content/b.md")));
        let exclude = c.exclude.unwrap_or_else(|| panic!("exclude"));
        assert!(exclude.is_match(Path::new("/news/drafts/x.md")));
        assert!(exclude.is_match(Path::new("/news/content/drafts/x.md")));
        assert!(exclude.is_match(Path::new("/news/content/archive/2019/x.md")));
        assert!(!exclude.is_match(Path::new("/news/content/x.md")));
    }

    #[test]
    fn date_as_string() {
        let c = parse("date = \"2024-02-29\"").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2024-02-29"));
    }

    #[test]
    fn problems_point_into_the_file() {
        let text = "styel = \"ap\"\n";
        let Err(ConfigError::Invalid(p)) = parse(text) else {
            panic!("unknown key accepted")
        };
        assert_eq!(p.location(&p.problems[0]), "copydesk.toml:1:1");
        assert_eq!(
            p.problems[0].message,
            "unknown key `styel`; did you mean `style`?"
        );

        let all = messages(
            "date = \"Feb 30\"\nfail-on = \"never\"\nallow = [\"\"]\nexclude = [\"a[\"]\n[severity]\nwrong-titel = \"off\"\nmojibake = \"loud\"\n",
        );
        assert_eq!(all.len(), 6, "{all:?}");
        assert!(all[0].contains("`date` must be a date"), "{all:?}");
        assert!(all.iter().any(|m| m.contains("invalid pattern `a[`")));
        assert!(all.iter().any(|m| m.contains("`date` must be a date")));
        assert!(all
            .iter()
            .any(|m| m.contains("unknown check `wrong-titel`")));
        assert!(all.iter().any(|m| m.contains("unknown severity `loud`")));
        assert!(all
            .iter()
            .any(|m| m.contains("unknown `fail-on` level `never`")));
        assert!(all.iter().any(|m| m.contains("empty entry in `allow`")));
    }

    #[test]
    fn every_problem_at_once_in_file_order() {
        let all = messages(
            "styel = \"ap\"\ndefault-rules = \"yes\"\nallow = [\"Kyiv\", 3]\nselect = [\"wrong-titel\"]\n\
             ignore = \"mojibake\"\ndate = \"2025-13-01\"\ncolour = 1\n[severity]\nmojibake = 2\n",
        );
        assert_eq!(
            all,
            [
                "unknown key `styel`; did you mean `style`?",
                "`default-rules` must be true or false, not a string",
                "`allow` must hold strings, not an integer",
                "unknown check `wrong-titel`; did you mean `wrong-title`?",
                "`ignore` must be an array of strings, not a string",
                "`date` must be a date such as 2025-12-20: there is no month 13",
                "unknown key `colour`; the keys are: style, rules, default-rules, include, \
                 exclude, date, allow, fail-on, select, ignore, severity",
                "`severity` must be a string, not an integer",
            ]
        );
    }

    #[test]
    fn a_syntax_error_does_not_hide_the_other_problems() {
        let all = messages("style = \"ap\nfail-on = \"often\"\n");
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(all[0].starts_with("invalid configuration:"), "{all:?}");
        assert_eq!(
            all[1],
            "unknown `fail-on` level `often`; use error, warning or info"
        );
    }

    #[test]
    fn select_and_ignore() {
        let c = parse("select = [\"wrong-title\", \"mojibake\"]\nignore = [\"mojibake\"]")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            c.select,
            Some(vec!["wrong-title".into(), "mojibake".into()])
        );
        assert_eq!(c.ignore, ["mojibake"]);
    }

    #[test]
    fn the_template_lists_every_key_and_parses() {
        let plain = template(None);
        assert!(parse(&plain).is_ok(), "{plain}");
        let with_style = template(Some("reuters"));
        let c = parse(&with_style).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.style.map(|s| s.0).as_deref(), Some("reuters"));
        // Every commented example is a valid setting (but the dictionary, which must exist).
        let uncommented: String = plain
            .lines()
            .map(|l| {
                let rest = l.strip_prefix("# ").unwrap_or(l);
                let is_setting = rest.split_once(" = ").is_some_and(|(k, _)| {
                    !k.contains(' ')
                        && !k.is_empty()
                        && k.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                });
                if is_setting && !rest.starts_with("rules ") {
                    format!("{rest}\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        let c = parse(&uncommented).unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
        assert_eq!(c.severity.len(), crate::checks::all().count());
        for key in KEYS {
            assert!(
                plain.contains(&format!("# {key} = ")) || plain.contains(&format!("[{key}]")),
                "{key} missing from the template"
            );
        }
    }

    #[test]
    fn init_refuses_to_replace_a_configuration() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = write_template(tmp.path(), Some("ap")).unwrap_or_else(|e| panic!("{e}"));
        assert!(std::fs::read_to_string(&path)
            .unwrap_or_default()
            .contains("\nstyle = \"ap\"\n"));
        assert!(matches!(
            write_template(tmp.path(), None),
            Err(ConfigError::Exists { .. })
        ));
        let other = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(other.path().join(".copydesk.toml"), "").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            write_template(other.path(), None),
            Err(ConfigError::Exists { .. })
        ));
    }

    #[test]
    fn missing_dictionary_is_named() {
        let all = messages("rules = [\"no/such/file.toml\"]");
        assert_eq!(all, ["dictionary `no/such/file.toml` not found"]);
    }

    #[test]
    fn discovery_stops_at_the_repository_root() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = tmp.path();
        std::fs::create_dir_all(root.join("repo/.git")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(root.join("repo/a/b")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(root.join("copydesk.toml"), "").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(discover(&root.join("repo/a/b")), None);
        std::fs::write(root.join("repo/.copydesk.toml"), "").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            discover(&root.join("repo/a/b")),
            Some(root.join("repo/.copydesk.toml"))
        );
        std::fs::write(root.join("repo/a/copydesk.toml"), "").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            discover(&root.join("repo/a/b")),
            Some(root.join("repo/a/copydesk.toml"))
        );
    }
}
