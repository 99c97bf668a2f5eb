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
//!
//! [severity]
//! first-reference = "off"
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};
use serde::Deserialize;
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
    /// Found by discovery rather than named with `--config`: the dictionaries it names must then
    /// pass the same ownership check as the file itself.
    pub discovered: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    style: Option<Spanned<String>>,
    #[serde(default)]
    rules: Vec<Spanned<String>>,
    default_rules: Option<bool>,
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    date: Option<Spanned<toml::Value>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    allow: Vec<Spanned<String>>,
    fail_on: Option<Spanned<String>>,
}

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
    ) -> Result<Patterns, (Range<usize>, String)> {
        let mut paths = GlobSetBuilder::new();
        let mut names = GlobSetBuilder::new();
        for (pattern, span) in list {
            let trimmed = pattern.trim_start_matches("./").trim_end_matches('/');
            let anchored = trimmed.contains('/');
            let glob = globset::GlobBuilder::new(trimmed.trim_start_matches('/'))
                .literal_separator(true)
                .build()
                .map_err(|e| {
                    (
                        span.clone(),
                        format!("invalid pattern `{pattern}`: {}", e.kind()),
                    )
                })?;
            if anchored {
                paths.add(glob);
            } else {
                names.add(glob);
            }
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
    /// Reads and validates the configuration at `path`. A `discovered` one (not named with
    /// `--config`) must be owned by the user running copydesk or by root, and not writable by
    /// other users.
    pub fn load(path: &Path, discovered: bool) -> Result<Config, ConfigError> {
        let shown = crate::files::quote_path(path).into_owned();
        let (bytes, meta) = crate::files::read_regular(path).map_err(|source| ConfigError::Io {
            path: shown.clone(),
            source,
        })?;
        if discovered {
            if let Some(why) = crate::files::distrust(&meta) {
                return Err(ConfigError::Untrusted { path: shown, why });
            }
        }
        let text = String::from_utf8(bytes).map_err(|e| ConfigError::NotUtf8 {
            path: shown.clone(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        let dir = absolute(path)
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let mut config = Config::parse(RuleSource { path: shown, text }, &dir)?;
        config.discovered = discovered;
        Ok(config)
    }

    /// Validates a configuration's text; `dir` is the folder relative paths start from.
    pub fn parse(source: RuleSource, dir: &Path) -> Result<Config, ConfigError> {
        let mut problems = Vec::new();
        let mut problem = |span: Range<usize>, message: String, label: &str| {
            problems.push(RuleProblem {
                file: 0,
                span,
                message,
                label: label.to_string(),
                secondary: Vec::new(),
            });
        };
        let raw = match toml::from_str::<RawConfig>(&source.text) {
            Ok(raw) => raw,
            Err(err) => {
                problem(
                    err.span().unwrap_or(0..0),
                    format!("invalid configuration: {}", err.message().trim_end()),
                    "here",
                );
                return Err(invalid(problems, source));
            }
        };
        let mut config = Config {
            source: RuleSource {
                path: source.path.clone(),
                text: String::new(),
            },
            dir: dir.to_path_buf(),
            style: raw.style.map(|s| {
                let span = s.span();
                (s.into_inner(), span)
            }),
            rules: Vec::new(),
            default_rules: raw.default_rules,
            include: None,
            exclude: None,
            date: None,
            severity: Vec::new(),
            allow: Vec::new(),
            fail_on: None,
            discovered: false,
        };
        for rule in raw.rules {
            let span = rule.span();
            let path = dir.join(rule.get_ref());
            let named = rule.get_ref();
            if !crate::files::is_toml_name(&path) {
                problem(
                    span,
                    format!("dictionary `{named}` is not a `.toml` file"),
                    "dictionaries are TOML files named *.toml",
                );
            } else if std::fs::metadata(&path).is_err() {
                problem(
                    span,
                    format!("dictionary `{named}` not found"),
                    &format!("looked for {}", crate::files::quote_path(&path)),
                );
            } else {
                config.rules.push(path);
            }
        }
        for (list, slot) in [
            (raw.include, &mut config.include),
            (raw.exclude, &mut config.exclude),
        ] {
            if let Some(list) = list {
                let list: Vec<(String, Range<usize>)> = list
                    .into_iter()
                    .map(|p| {
                        let span = p.span();
                        (p.into_inner(), span)
                    })
                    .collect();
                match Patterns::new(dir, &list) {
                    Ok(p) => *slot = Some(p),
                    Err((span, message)) => problem(span, message, "this pattern"),
                }
            }
        }
        if let Some(date) = raw.date {
            let span = date.span();
            let parsed = match date.get_ref() {
                toml::Value::String(s) => Date::parse(s),
                toml::Value::Datetime(d) => match (d.date, d.time) {
                    (Some(d), None) => Date::new(i32::from(d.year), d.month, d.day),
                    _ => None,
                },
                _ => None,
            };
            match parsed {
                Some(d) => config.date = Some(d),
                None => problem(
                    span,
                    "`date` must be a date such as 2025-12-20".into(),
                    "not a date",
                ),
            }
        }
        let codes = known_codes();
        for (code, level) in raw.severity {
            if !codes.contains(&code.get_ref().as_str()) {
                problem(
                    code.span(),
                    format!(
                        "unknown check `{}`; the checks are: {}",
                        code.get_ref(),
                        codes.join(", ")
                    ),
                    "unknown check",
                );
                continue;
            }
            match parse_severity(level.get_ref()) {
                Ok(s) => config.severity.push((code.into_inner(), s)),
                Err(()) => problem(
                    level.span(),
                    format!(
                        "unknown severity `{}`; use error, warning, info or off",
                        level.get_ref()
                    ),
                    "unknown severity",
                ),
            }
        }
        for word in raw.allow {
            if word.get_ref().trim().is_empty() {
                problem(word.span(), "empty entry in `allow`".into(), "empty");
            } else {
                config.allow.push(word.into_inner());
            }
        }
        if let Some(level) = raw.fail_on {
            match parse_severity(level.get_ref()) {
                Ok(Some(s)) => config.fail_on = Some(s),
                _ => problem(
                    level.span(),
                    format!(
                        "unknown `fail-on` level `{}`; use error, warning or info",
                        level.get_ref()
                    ),
                    "unknown level",
                ),
            }
        }
        if !problems.is_empty() {
            return Err(invalid(problems, source));
        }
        config.source = source;
        Ok(config)
    }

    /// A problem at `span` of this file, for checks made after loading (an unknown style).
    pub fn problem(&self, span: Range<usize>, message: String, label: &str) -> RuleProblems {
        RuleProblems {
            problems: vec![RuleProblem {
                file: 0,
                span,
                message,
                label: label.to_string(),
                secondary: Vec::new(),
            }],
            sources: vec![self.source.clone()],
        }
    }
}

fn invalid(problems: Vec<RuleProblem>, source: RuleSource) -> ConfigError {
    ConfigError::Invalid(RuleProblems {
        problems,
        sources: vec![source],
    })
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
        assert!(p.problems[0].message.contains("unknown field `styel`"));

        let all = messages(
            "date = \"Feb 30\"\nfail-on = \"never\"\nallow = [\"\"]\nexclude = [\"a[\"]\n[severity]\nwrong-titel = \"off\"\nmojibake = \"loud\"\n",
        );
        assert_eq!(all.len(), 6, "{all:?}");
        assert!(all[0].contains("invalid pattern `a[`"), "{all:?}");
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
