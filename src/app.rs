//! Orchestration: arguments -> dictionaries -> files -> checks -> output.

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use copydesk::cache::DictionaryCache;
use copydesk::checks::{self, FixAvailability};
use copydesk::config::{self, Config, ConfigError, Patterns};
use copydesk::fix;
use copydesk::index::Index;
use copydesk::output::{self, human, plural, FileOutput, Reporter};
use copydesk::read::{self, ReadError};
use copydesk::rules::{RuleProblems, RuleSet, RuleSource};
use copydesk::{Date, Document, FileReport, Linter, LinterOptions, Severity, Summary};

use crate::cli::{
    CheckArgs, Cli, ColorChoice, Command, ExplainArgs, ExplainFormat, FailOn, RulesArgs,
};

/// File types checked when walking folders.
const EXTENSIONS: &[&str] = &["md", "markdown", "txt"];
/// Files checked in parallel per batch; output is written batch by batch, in order.
const BATCH: usize = 256;
/// Runs over at least this many files show a progress bar (on a terminal).
const PROGRESS_MIN_FILES: usize = 200;

pub fn main() -> Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Explain(args) => explain(&args),
        Command::Rules(args) => rules(&args),
    }
}

fn use_color(choice: ColorChoice, stream_is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Loads the built-in dictionaries (unless turned off) and the extra ones.
fn load_rules(default_rules: bool, paths: &[PathBuf]) -> Result<Result<RuleSet, RuleProblems>> {
    Ok(RuleSet::load(rule_sources(default_rules, paths)?))
}

fn rule_sources(default_rules: bool, paths: &[PathBuf]) -> Result<Vec<RuleSource>> {
    let mut sources = if default_rules {
        RuleSet::builtin_sources()
    } else {
        Vec::new()
    };
    for path in paths {
        sources.extend(read_rule_path(path)?);
    }
    Ok(sources)
}

/// Loads and compiles dictionaries, through the cache when they are large and it is allowed.
fn compile_rules(
    default_rules: bool,
    paths: &[PathBuf],
    use_cache: bool,
) -> Result<Result<(RuleSet, Index), RuleProblems>> {
    let sources = rule_sources(default_rules, paths)?;
    let cache = if use_cache && DictionaryCache::worth_caching(&sources) {
        DictionaryCache::default_dir().map(DictionaryCache::new)
    } else {
        None
    };
    let sources = match &cache {
        Some(cache) => match cache.load(sources) {
            Ok(compiled) => return Ok(Ok(compiled)),
            Err(sources) => sources,
        },
        None => sources,
    };
    let rules = match RuleSet::load(sources) {
        Ok(rules) => rules,
        Err(problems) => return Ok(Err(problems)),
    };
    let index = Index::build(&rules);
    if let Some(cache) = &cache {
        // The cache only saves time: a folder that cannot be written is no reason to fail.
        let _ = cache.store(&rules, &index);
    }
    Ok(Ok((rules, index)))
}

fn read_rule_path(path: &Path) -> Result<Vec<RuleSource>> {
    let meta = std::fs::metadata(path)
        .with_context(|| format!("cannot read dictionary {}", path.display()))?;
    let mut files = Vec::new();
    if meta.is_dir() {
        for entry in std::fs::read_dir(path)
            .with_context(|| format!("cannot read folder {}", path.display()))?
        {
            let p = entry
                .with_context(|| format!("cannot read folder {}", path.display()))?
                .path();
            if p.extension().is_some_and(|e| e == "toml") {
                files.push(p);
            }
        }
        files.sort();
    } else {
        files.push(path.to_path_buf());
    }
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p)
                .with_context(|| format!("cannot read dictionary {}", p.display()))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                anyhow::anyhow!(
                    "dictionary {} is not valid UTF-8 at byte {}",
                    p.display(),
                    e.utf8_error().valid_up_to()
                )
            })?;
            Ok(RuleSource {
                path: p.display().to_string(),
                text,
            })
        })
        .collect()
}

/// Reports problems in dictionaries or configuration (`what`), pointing into the files.
fn report_problems(problems: &RuleProblems, what: &str) -> Result<ExitCode> {
    let color = use_color(ColorChoice::Auto, std::io::stderr().is_terminal());
    let mut stderr = std::io::stderr().lock();
    stderr.write_all(human::render_problems(problems, what, color).as_bytes())?;
    let n = problems.problems.len();
    let place = if what == "dictionary" {
        "the dictionaries"
    } else {
        "the configuration"
    };
    writeln!(stderr, "copydesk: {n} problem{} in {place}", plural(n))?;
    Ok(ExitCode::from(2))
}

/// One thing to check: a file, or standard input shown under a name.
enum Input {
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
    fn display(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Input::File { path, .. } => display_path(path).into(),
            Input::Stdin { display, .. } => display.into(),
        }
    }

    /// The path configuration is found for and patterns are matched against.
    fn path(&self) -> Option<&Path> {
        match self {
            Input::File { path, .. } => Some(path),
            Input::Stdin { path, .. } => path.as_deref(),
        }
    }
}

/// Expands the command line's paths: folders are walked respecting `.gitignore`, every file kept
/// (which of them are copy is decided with the configuration).
fn collect_inputs(args: &CheckArgs, errors: &mut Vec<(String, String)>) -> Vec<Input> {
    let mut inputs = Vec::new();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    for path in paths {
        if path.as_os_str() == "-" {
            let display = args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| "<stdin>".to_string());
            let path = args.stdin_filename.as_ref().map(PathBuf::from);
            inputs.push(Input::Stdin { display, path });
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                for entry in ignore::WalkBuilder::new(&path)
                    .sort_by_file_name(std::cmp::Ord::cmp)
                    .build()
                {
                    match entry {
                        Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                            found.push(entry.path().to_path_buf());
                        }
                        Ok(_) => {}
                        Err(err) => errors.push((display_path(&path), err.to_string())),
                    }
                }
                found.sort();
                inputs.extend(found.into_iter().map(|p| Input::File {
                    path: p,
                    walked: true,
                }));
            }
            Ok(_) => inputs.push(Input::File {
                path,
                walked: false,
            }),
            Err(err) => errors.push((
                display_path(&path),
                format!("{}: {err}", display_path(&path)),
            )),
        }
    }
    inputs
}

fn display_path(path: &Path) -> String {
    let s = path.display().to_string();
    s.strip_prefix("./").map_or(s.clone(), str::to_string)
}

/// Everything files under one configuration are checked with.
struct Profile {
    linter: Linter,
    fail_on: Severity,
    include: Option<Patterns>,
    exclude: Option<Patterns>,
}

impl Profile {
    /// Whether `input` is checked under this profile: walked files must be copy (by extension,
    /// or by `include`), and nothing `exclude` names is checked, even when named explicitly.
    fn wants(&self, input: &Input) -> bool {
        let Some(path) = input.path() else {
            return true;
        };
        if let Input::File { walked: true, .. } = input {
            let copy = match &self.include {
                Some(include) => include.is_match(path),
                None => path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())),
            };
            if !copy {
                return false;
            }
        }
        !self.exclude.as_ref().is_some_and(|e| e.is_match(path))
    }
}

/// Why a run stops before checking: its message is already written.
struct Stop(ExitCode);

/// Builds the profile for a configuration file (or none): configuration, then the command line.
fn build_profile(args: &CheckArgs, config_path: Option<&Path>) -> Result<Result<Profile, Stop>> {
    let config = match config_path.map(Config::load) {
        None => None,
        Some(Ok(config)) => Some(config),
        Some(Err(ConfigError::Invalid(problems))) => {
            return Ok(Err(Stop(report_problems(&problems, "configuration")?)));
        }
        Some(Err(err)) => bail!(err),
    };
    let default_rules = !args.rules.no_default_rules
        && config.as_ref().and_then(|c| c.default_rules) != Some(false);
    let mut rule_paths: Vec<PathBuf> = config.iter().flat_map(|c| c.rules.clone()).collect();
    rule_paths.extend(args.rules.rules.iter().cloned());
    let (rules, index) = match compile_rules(default_rules, &rule_paths, !args.no_cache)? {
        Ok(compiled) => compiled,
        Err(problems) => return Ok(Err(Stop(report_problems(&problems, "dictionary")?))),
    };
    let style = match (&args.style, config.as_ref().and_then(|c| c.style.as_ref())) {
        (Some(style), _) => Some((style.clone(), None)),
        (None, Some((style, span))) => Some((style.clone(), Some(span.clone()))),
        (None, None) => None,
    };
    if let Some((style, span)) = &style {
        let known = rules.styles();
        if !known.contains(style.as_str()) {
            let list: Vec<&str> = known.into_iter().collect();
            let message = format!(
                "unknown house style `{style}`; the dictionaries know: {}",
                list.join(", ")
            );
            match (span, &config) {
                (Some(span), Some(config)) => {
                    let problems = config.problem(span.clone(), message, "unknown style");
                    return Ok(Err(Stop(report_problems(&problems, "configuration")?)));
                }
                _ => bail!(message),
            }
        }
    }
    let options = LinterOptions {
        style: style.map(|(s, _)| s),
        date: args.date,
        config_date: config.as_ref().and_then(|c| c.date),
        severity: config
            .as_ref()
            .map(|c| c.severity.clone())
            .unwrap_or_default(),
        allow: config.as_ref().map(|c| c.allow.clone()).unwrap_or_default(),
    };
    let fail_on = args
        .fail_on
        .map(FailOn::severity)
        .or(config.as_ref().and_then(|c| c.fail_on))
        .unwrap_or(Severity::Error);
    Ok(Ok(Profile {
        linter: Linter::with_index(rules, index, options),
        fail_on,
        include: config.as_ref().and_then(|c| c.include.clone()),
        exclude: config.and_then(|c| c.exclude),
    }))
}

/// What `check` does with fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Report,
    Fix { allow_unsafe: bool },
    Diff { allow_unsafe: bool },
}

/// What checking one input produced, rendered for the chosen format.
#[derive(Default)]
struct Outcome {
    /// The document as it now reads and its report, rendered: `None` when the file could not be
    /// read, or with `--diff`.
    checked: Option<(Document, FileReport, String)>,
    /// With `--diff`: the diff of the fixes.
    diff: String,
    error: Option<String>,
    note: Option<String>,
    /// A finding at least as severe as `fail-on`.
    failed: bool,
    /// Fixes applied (or, with `--diff`, that would be).
    fixed: usize,
    /// With `--fix` on standard input: the fixed text, for standard output.
    fixed_stdin: Option<String>,
}

fn check_one(
    profile: &Profile,
    input: &Input,
    stdin: Option<&[u8]>,
    mode: Mode,
    reporter: &dyn Reporter,
) -> Outcome {
    let mut outcome = Outcome::default();
    let doc = match input {
        Input::File { path, .. } => read::read_document(path, &input.display()),
        Input::Stdin { display, .. } => {
            read::document_from_bytes(stdin.unwrap_or_default().to_vec(), display)
        }
    };
    let doc = match doc {
        Ok(doc) => doc,
        Err(err @ ReadError::Binary { .. }) => {
            outcome.note = Some(err.to_string());
            return outcome;
        }
        Err(err) => {
            outcome.error = Some(err.to_string());
            return outcome;
        }
    };
    let linter = &profile.linter;
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match mode {
        Mode::Report => (linter.check(&doc), None),
        Mode::Fix { allow_unsafe } | Mode::Diff { allow_unsafe } => {
            let fixed = fix::fix_document(linter, doc.clone(), allow_unsafe, Date::today());
            (fixed.report.clone(), Some(fixed))
        }
    }));
    let Ok((mut report, fixed)) = checked else {
        outcome.error = Some(format!(
            "{}: internal error while checking this file",
            doc.path
        ));
        return outcome;
    };
    let mut shown = &doc;
    if let Some(fixed) = &fixed {
        if fixed.applied > 0 {
            match (mode, input) {
                (Mode::Diff { .. }, _) => {
                    outcome.fixed = fixed.applied;
                    outcome.diff = fix::unified_diff(&doc.path, &doc.source, &fixed.doc.source);
                    return outcome;
                }
                (_, Input::Stdin { .. }) => {
                    outcome.fixed = fixed.applied;
                    outcome.fixed_stdin = Some(fixed.doc.source.clone());
                    shown = &fixed.doc;
                }
                (_, Input::File { path, .. }) => {
                    match fix::write_atomic(
                        path,
                        &doc.path,
                        doc.source.as_bytes(),
                        fixed.doc.source.as_bytes(),
                    ) {
                        Ok(()) => {
                            outcome.fixed = fixed.applied;
                            shown = &fixed.doc;
                        }
                        Err(err) => {
                            outcome.error = Some(err.to_string());
                            report = linter.check(&doc);
                        }
                    }
                }
            }
        } else if let (Mode::Fix { .. }, Input::Stdin { .. }) = (mode, input) {
            outcome.fixed_stdin = Some(doc.source.clone());
        }
    }
    if let Mode::Diff { .. } = mode {
        return outcome;
    }
    outcome.failed = report
        .diagnostics
        .iter()
        .any(|d| d.severity <= profile.fail_on);
    let rendered = reporter.render(FileOutput {
        doc: shown,
        report: &report,
    });
    outcome.checked = Some((shown.clone(), report, rendered));
    outcome
}

/// Finds the profile of every input: the configuration file that applies to it.
struct Profiles<'a> {
    args: &'a CheckArgs,
    list: Vec<Profile>,
    by_config: HashMap<Option<PathBuf>, usize>,
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
}

impl Profiles<'_> {
    fn of(&mut self, input: &Input) -> Result<Result<usize, Stop>> {
        let config = if self.args.no_config {
            None
        } else if let Some(path) = &self.args.config {
            Some(path.clone())
        } else {
            let dir = input
                .path()
                .and_then(Path::parent)
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            self.by_dir
                .entry(dir)
                .or_insert_with_key(|dir| config::discover(dir))
                .clone()
        };
        if let Some(&i) = self.by_config.get(&config) {
            return Ok(Ok(i));
        }
        let profile = match build_profile(self.args, config.as_deref())? {
            Ok(p) => p,
            Err(stop) => return Ok(Err(stop)),
        };
        self.list.push(profile);
        self.by_config.insert(config, self.list.len() - 1);
        Ok(Ok(self.list.len() - 1))
    }
}

fn check(args: &CheckArgs) -> Result<ExitCode> {
    let mode = if args.diff {
        Mode::Diff {
            allow_unsafe: args.unsafe_fixes,
        }
    } else if args.fix {
        Mode::Fix {
            allow_unsafe: args.unsafe_fixes,
        }
    } else {
        Mode::Report
    };
    let mut errors = Vec::new();
    let mut profiles = Profiles {
        args,
        list: Vec::new(),
        by_config: HashMap::new(),
        by_dir: HashMap::new(),
    };
    // Dictionaries and styles are checked even when there is nothing to check.
    if let Err(Stop(code)) = profiles.of(&Input::Stdin {
        display: String::new(),
        path: args.stdin_filename.as_ref().map(PathBuf::from),
    })? {
        return Ok(code);
    }
    let mut inputs = Vec::new();
    for input in collect_inputs(args, &mut errors) {
        let profile = match profiles.of(&input)? {
            Ok(p) => p,
            Err(Stop(code)) => return Ok(code),
        };
        if profiles.list[profile].wants(&input) {
            inputs.push((input, profile));
        }
    }
    // Compiled dictionaries are large (hundreds of megabytes of small allocations with big
    // ones): they live until the process exits, which frees them far faster than dropping them.
    let profiles = std::mem::ManuallyDrop::new(profiles.list);
    let stdin_bytes = if inputs.iter().any(|(i, _)| matches!(i, Input::Stdin { .. })) {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
        Some(buf)
    } else {
        None
    };
    // With `--fix` on standard input, standard output carries the fixed text and the report
    // goes to standard error.
    let report_to_stderr = matches!(mode, Mode::Fix { .. }) && stdin_bytes.is_some();
    let color = if report_to_stderr {
        use_color(args.color, std::io::stderr().is_terminal())
    } else {
        use_color(args.color, std::io::stdout().is_terminal())
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;

    let stdout = std::io::stdout();
    let mut fixed_out = stdout.lock();
    let mut out: Box<dyn Write> = if report_to_stderr {
        Box::new(std::io::BufWriter::new(std::io::stderr()))
    } else {
        Box::new(std::io::BufWriter::new(std::io::stdout()))
    };
    // Standard error is locked per message: a worker's panic report must never wait on it.
    let stderr = std::io::stderr();
    let Some(format) = output::find(&args.format) else {
        bail!("unknown format `{}`", args.format);
    };
    let progress = progress_bar(args, format.for_people, mode, inputs.len());
    let mut errored = false;
    for (_, err) in &errors {
        progress.suspend(|| writeln!(stderr.lock(), "copydesk: error: {err}"))?;
        errored = true;
    }
    let diff = matches!(mode, Mode::Diff { .. });
    let rules: Vec<output::RuleInfo> = checks::all()
        .map(|m| output::RuleInfo {
            code: m.code,
            summary: m.summary,
            severity: m.severity,
            explanation: m.explanation,
        })
        .collect();
    let mut reporter = (format.make)(output::Options {
        color,
        rules: &rules,
    });
    if !diff {
        reporter.begin(&mut out)?;
        for (path, err) in &errors {
            reporter.error(path, err, &mut out)?;
        }
    }
    let mut summary = Summary::default();
    let (mut failed, mut fixed, mut fixed_files) = (false, 0, 0);
    for batch in inputs.chunks(BATCH) {
        let outcomes: Vec<Outcome> = pool.install(|| {
            batch
                .par_iter()
                .map(|(input, profile)| {
                    check_one(
                        &profiles[*profile],
                        input,
                        stdin_bytes.as_deref(),
                        mode,
                        &*reporter,
                    )
                })
                .collect()
        });
        progress.suspend(|| -> Result<()> {
            for ((input, _), outcome) in batch.iter().zip(outcomes) {
                if let Some(note) = &outcome.note {
                    writeln!(stderr.lock(), "copydesk: note: {note}")?;
                }
                if let Some(err) = &outcome.error {
                    errored = true;
                    writeln!(stderr.lock(), "copydesk: error: {err}")?;
                    if !diff {
                        reporter.error(&input.display(), err, &mut out)?;
                    }
                }
                failed |= outcome.failed;
                fixed += outcome.fixed;
                fixed_files += usize::from(outcome.fixed > 0);
                if let Some(text) = &outcome.fixed_stdin {
                    fixed_out.write_all(text.as_bytes())?;
                }
                out.write_all(outcome.diff.as_bytes())?;
                if let Some((doc, report, rendered)) = &outcome.checked {
                    summary.add(report);
                    reporter.file(FileOutput { doc, report }, rendered, &mut out)?;
                }
            }
            out.flush()?;
            Ok(())
        })?;
        progress.inc(batch.len() as u64);
    }
    progress.finish_and_clear();
    if !diff {
        reporter.finish(&summary, &mut out)?;
    }
    out.flush()?;
    fixed_out.flush()?;
    match mode {
        Mode::Fix { .. } if fixed > 0 => writeln!(
            stderr.lock(),
            "copydesk: fixed {fixed} problem{} in {fixed_files} file{}",
            plural(fixed),
            plural(fixed_files)
        )?,
        Mode::Diff { .. } if fixed > 0 => writeln!(
            stderr.lock(),
            "copydesk: --fix would fix {fixed} problem{} in {fixed_files} file{}",
            plural(fixed),
            plural(fixed_files)
        )?,
        _ => {}
    }
    Ok(if errored {
        ExitCode::from(2)
    } else if failed || matches!(mode, Mode::Diff { .. }) && fixed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Runs over many files get a progress bar on standard error, when it is a terminal and the
/// output is meant for people.
fn progress_bar(args: &CheckArgs, for_people: bool, mode: Mode, files: usize) -> ProgressBar {
    let wanted = !args.no_progress
        && files >= PROGRESS_MIN_FILES
        && for_people
        && !matches!(mode, Mode::Diff { .. })
        && std::io::stderr().is_terminal();
    if !wanted {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed} (eta {eta})")
    {
        bar.set_style(style);
    }
    bar
}

fn explain(args: &ExplainArgs) -> Result<ExitCode> {
    let Some(meta) = checks::find(&args.code) else {
        let codes: Vec<&str> = checks::all().map(|m| m.code).collect();
        bail!(
            "unknown check `{}`; the checks are: {}",
            args.code,
            codes.join(", ")
        );
    };
    let fix = match meta.fix {
        FixAvailability::Always => "always",
        FixAvailability::Sometimes => "sometimes",
        FixAvailability::None => "never",
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        ExplainFormat::Text => {
            writeln!(
                out,
                "# {}\n\n{}.\n\nDefault severity: {}. Fix available: {fix}.\n",
                meta.code,
                meta.summary,
                meta.severity.as_str()
            )?;
            write!(out, "{}", meta.explanation)?;
        }
        ExplainFormat::Json => {
            let value = serde_json::json!({
                "code": meta.code,
                "summary": meta.summary,
                "severity": meta.severity,
                "fix": fix,
                "explanation": meta.explanation,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn rules(args: &RulesArgs) -> Result<ExitCode> {
    let rules = match load_rules(!args.rules.no_default_rules, &args.rules.rules)? {
        Ok(rules) => rules,
        Err(problems) => return report_problems(&problems, "dictionary"),
    };
    let mut out = std::io::stdout().lock();
    if args.forms {
        let linter = Linter::new(rules, LinterOptions::default());
        for form in linter.index.literal_forms() {
            writeln!(out, "{form}")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(name) = &args.name else {
        for f in &rules.files {
            writeln!(
                out,
                "{}: {} people, {} places, {} organizations, {} titles, {} phrases",
                f.path, f.people, f.places, f.organizations, f.titles, f.phrases
            )?;
        }
        let styles: Vec<&str> = rules.styles().into_iter().collect();
        writeln!(
            out,
            "{} entities in {} files: valid. Styles: {}",
            rules.entities.len(),
            rules.files.len(),
            styles.join(", ")
        )?;
        return Ok(ExitCode::SUCCESS);
    };
    let found = rules.find(name);
    if found.is_empty() {
        bail!("no entity named `{name}` in the dictionaries");
    }
    for e in found {
        writeln!(
            out,
            "{} ({}, id `{}`, {})",
            e.name,
            e.kind.as_str(),
            e.id,
            rules.sources[e.origin.file].path
        )?;
        if let Some(s) = &e.surname {
            writeln!(out, "  surname: {s}")?;
        }
        if !e.variants.is_empty() {
            writeln!(out, "  variants: {}", e.variants.join(", "))?;
        }
        for (style, form) in &e.styles {
            writeln!(out, "  style {style}: {form}")?;
        }
        if !e.misspellings.is_empty() {
            writeln!(out, "  misspellings: {}", e.misspellings.join(", "))?;
        }
        if !e.except.is_empty() {
            writeln!(out, "  except: {}", e.except.join(", "))?;
        }
        for r in &e.roles {
            let flag = if r.unverified {
                " (unverified: not judged)"
            } else {
                ""
            };
            writeln!(out, "  role: {}, {}{flag}", r.title, r.period())?;
            if !r.forms.is_empty() {
                writeln!(out, "    written: {}", r.forms.join(", "))?;
            }
        }
        if let Some(note) = &e.note {
            writeln!(out, "  note: {note}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
