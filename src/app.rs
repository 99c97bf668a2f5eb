//! Orchestration: arguments -> dictionaries -> files -> checks -> output.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Parser;
use rayon::prelude::*;

use copydesk::checks::{self, FixAvailability};
use copydesk::output::{self, github, human, json, sarif, Summary};
use copydesk::read::{self, ReadError};
use copydesk::rules::{RuleProblems, RuleSet, RuleSource};
use copydesk::{DateSource, Linter, LinterOptions};

use crate::cli::{
    CheckArgs, Cli, ColorChoice, Command, ExplainArgs, ExplainFormat, OutputFormat, RuleSelection,
    RulesArgs,
};

/// File types checked when walking folders.
const EXTENSIONS: &[&str] = &["md", "markdown", "txt"];
/// Files checked in parallel per batch; output is written batch by batch, in order.
const BATCH: usize = 256;

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
fn load_rules(selection: &RuleSelection) -> Result<Result<RuleSet, RuleProblems>> {
    let mut sources = if selection.no_default_rules {
        Vec::new()
    } else {
        RuleSet::builtin_sources()
    };
    for path in &selection.rules {
        sources.extend(read_rule_path(path)?);
    }
    Ok(RuleSet::load(sources))
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

fn report_rule_problems(problems: &RuleProblems) -> Result<ExitCode> {
    let color = use_color(ColorChoice::Auto, std::io::stderr().is_terminal());
    let mut stderr = std::io::stderr().lock();
    stderr.write_all(human::render_rule_problems(problems, color).as_bytes())?;
    let n = problems.problems.len();
    writeln!(
        stderr,
        "copydesk: {n} problem{} in the dictionaries",
        plural(n)
    )?;
    Ok(ExitCode::from(2))
}

enum Input {
    File { path: PathBuf, display: String },
    Stdin { display: String },
}

impl Input {
    fn display(&self) -> &str {
        match self {
            Input::File { display, .. } | Input::Stdin { display } => display,
        }
    }
}

/// Expands the command line's paths into files: folders are walked respecting `.gitignore`.
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
            inputs.push(Input::Stdin { display });
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
                        Ok(entry) => {
                            let p = entry.path();
                            let wanted = entry.file_type().is_some_and(|t| t.is_file())
                                && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                                    EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())
                                });
                            if wanted {
                                found.push(p.to_path_buf());
                            }
                        }
                        Err(err) => errors.push((display_path(&path), err.to_string())),
                    }
                }
                found.sort();
                inputs.extend(found.into_iter().map(|p| Input::File {
                    display: display_path(&p),
                    path: p,
                }));
            }
            Ok(_) => inputs.push(Input::File {
                display: display_path(&path),
                path,
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

/// What checking one input produced, rendered for the chosen format.
struct Outcome {
    text: String,
    json_file: Option<String>,
    error: Option<String>,
    note: Option<String>,
    summary: Summary,
}

fn check_one(
    linter: &Linter,
    input: &Input,
    stdin: Option<&[u8]>,
    args: &CheckArgs,
    color: bool,
) -> Outcome {
    let mut outcome = Outcome {
        text: String::new(),
        json_file: None,
        error: None,
        note: None,
        summary: Summary::default(),
    };
    let doc = match input {
        Input::File { path, display } => read::read_document(path, display),
        Input::Stdin { display } => {
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
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| linter.check(&doc)));
    let Ok(report) = checked else {
        outcome.error = Some(format!(
            "{}: internal error while checking this file",
            doc.path
        ));
        return outcome;
    };
    outcome.summary.add(&report);
    match args.format {
        OutputFormat::Human => {
            let date_note =
                !report.diagnostics.is_empty() && report.date_source != DateSource::FrontMatter;
            outcome.text = human::render(&doc, &report, color, date_note);
        }
        OutputFormat::Short => outcome.text = output::short(&doc, &report),
        OutputFormat::Json => {
            outcome.text = json::diagnostics_json(&doc, &report);
            outcome.json_file = Some(json::file_json(&doc, &report));
        }
        OutputFormat::Github => outcome.text = github::render(&doc, &report),
        OutputFormat::Sarif => outcome.text = sarif::results_json(&doc, &report),
    }
    outcome
}

fn check(args: &CheckArgs) -> Result<ExitCode> {
    let rules = match load_rules(&args.rules)? {
        Ok(rules) => rules,
        Err(problems) => return report_rule_problems(&problems),
    };
    if let Some(style) = &args.style {
        let known = rules.styles();
        if !known.contains(style.as_str()) {
            let list: Vec<&str> = known.into_iter().collect();
            bail!(
                "unknown house style `{style}`; the dictionaries know: {}",
                list.join(", ")
            );
        }
    }
    let options = LinterOptions {
        style: args.style.clone(),
        date: args.date,
        ..LinterOptions::default()
    };
    let linter = Linter::new(rules, options);

    let mut errors = Vec::new();
    let inputs = collect_inputs(args, &mut errors);
    let stdin_bytes = if inputs.iter().any(|i| matches!(i, Input::Stdin { .. })) {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
        Some(buf)
    } else {
        None
    };
    let color = use_color(args.color, std::io::stdout().is_terminal());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Standard error is locked per message: a worker's panic report must never wait on it.
    let stderr = std::io::stderr();
    let mut errored = false;
    for (_, err) in &errors {
        writeln!(stderr.lock(), "copydesk: error: {err}")?;
        errored = true;
    }
    let mut json_writer = json::JsonWriter::default();
    if args.format == OutputFormat::Json {
        out.write_all(json::JsonWriter::begin().as_bytes())?;
        for (path, err) in &errors {
            json_writer.error(json::error_json(path, err));
        }
    }
    let mut sarif_writer = sarif::SarifWriter::default();
    if args.format == OutputFormat::Sarif {
        out.write_all(sarif::SarifWriter::begin().as_bytes())?;
        for (path, err) in &errors {
            sarif_writer.error(path, err);
        }
    }
    let mut summary = Summary::default();
    for batch in inputs.chunks(BATCH) {
        let outcomes: Vec<Outcome> = pool.install(|| {
            batch
                .par_iter()
                .map(|input| check_one(&linter, input, stdin_bytes.as_deref(), args, color))
                .collect()
        });
        for (input, outcome) in batch.iter().zip(outcomes) {
            if let Some(note) = &outcome.note {
                writeln!(stderr.lock(), "copydesk: note: {note}")?;
            }
            if let Some(err) = &outcome.error {
                errored = true;
                writeln!(stderr.lock(), "copydesk: error: {err}")?;
                if args.format == OutputFormat::Json {
                    json_writer.error(json::error_json(input.display(), err));
                }
                if args.format == OutputFormat::Sarif {
                    sarif_writer.error(input.display(), err);
                }
            }
            summary.files += outcome.summary.files;
            summary.errors += outcome.summary.errors;
            summary.warnings += outcome.summary.warnings;
            summary.infos += outcome.summary.infos;
            match outcome.json_file {
                Some(file) => out.write_all(json_writer.file(&outcome.text, file).as_bytes())?,
                None if args.format == OutputFormat::Sarif => {
                    out.write_all(sarif_writer.file(&outcome.text).as_bytes())?;
                }
                None => out.write_all(outcome.text.as_bytes())?,
            }
        }
    }
    match args.format {
        OutputFormat::Json => out.write_all(json_writer.finish(&summary).as_bytes())?,
        OutputFormat::Human => {
            let total = summary.errors + summary.warnings + summary.infos;
            if total > 0 {
                writeln!(
                    out,
                    "copydesk: {} error{}, {} warning{} in {} file{} checked",
                    summary.errors,
                    plural(summary.errors),
                    summary.warnings,
                    plural(summary.warnings),
                    summary.files,
                    plural(summary.files)
                )?;
            }
        }
        OutputFormat::Sarif => out.write_all(sarif_writer.finish().as_bytes())?,
        OutputFormat::Short | OutputFormat::Github => {}
    }
    out.flush()?;
    Ok(if errored {
        ExitCode::from(2)
    } else if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn explain(args: &ExplainArgs) -> Result<ExitCode> {
    let Some(check) = checks::find(&args.code) else {
        let codes: Vec<&str> = checks::CHECKS.iter().map(|c| c.meta.code).collect();
        bail!(
            "unknown check `{}`; the checks are: {}",
            args.code,
            codes.join(", ")
        );
    };
    let meta = check.meta;
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
    let rules = match load_rules(&args.rules)? {
        Ok(rules) => rules,
        Err(problems) => return report_rule_problems(&problems),
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
