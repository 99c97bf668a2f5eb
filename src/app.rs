//! The command line's edge: arguments -> workspace -> output format -> exit code. What files are
//! checked, and how, is the library's [`workspace`]; this file reads standard input, writes the
//! streams and chooses the exit status.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::CommandFactory;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use copydesk::checks::explain as explained;
use copydesk::import;
use copydesk::output::{self, github, human, statistics::Statistics};
use copydesk::rules::{describe, lookup::Lookup};
use copydesk::workspace::{
    self, ConfigChoice, FixMode, RunOptions, Settings, Totals, Workspace, WorkspaceError,
};
use copydesk::{Date, Linter, LinterOptions};

use crate::cli::{
    CheckArgs, Cli, ColorChoice, Command, ExplainArgs, ExplainFormat, InitArgs, ManArgs,
    RulesAction, RulesArgs,
};

/// Runs over at least this many files show a progress bar (on a terminal).
const PROGRESS_MIN_FILES: usize = 200;

pub fn main() -> Result<ExitCode> {
    let cli = Cli::parse_args();
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Explain(args) => explain(&args),
        Command::Rules(args) => rules(&args),
        Command::Init(args) => init(&args),
        Command::Completions(args) => {
            let mut out = std::io::stdout().lock();
            clap_complete::generate(args.shell, &mut Cli::command(), "copydesk", &mut out);
            Ok(ExitCode::SUCCESS)
        }
        Command::Man(args) => man(&args),
        // Exit status 0 after the protocol's `shutdown` then `exit`, 1 for an `exit` alone.
        Command::Server(_) => Ok(ExitCode::from(u8::from(!copydesk::server::run_stdio()?))),
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

/// What the command line chose over the configuration files.
fn settings(args: &CheckArgs) -> Settings {
    Settings {
        rules: args.rules.rules.clone(),
        no_default_rules: args.rules.no_default_rules,
        style: args.style.clone(),
        date: args.date,
        config: match (&args.config, args.no_config) {
            (_, true) => ConfigChoice::Ignore,
            (Some(path), false) => ConfigChoice::File(path.clone()),
            (None, false) => ConfigChoice::Discover,
        },
        fail_on: args.fail_on.map(crate::cli::FailOn::severity),
        use_cache: !args.no_cache,
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        max_findings: (args.max_findings > 0).then_some(args.max_findings),
    }
}

/// Ends a run that cannot start: problems in dictionaries or configuration are shown pointing
/// into the files (exit 2); anything else is an error. With `github`, each is also an `::error`
/// annotation on standard output.
fn stop(err: WorkspaceError, format: &str) -> Result<ExitCode> {
    if format == github::FORMAT.name {
        std::io::stdout()
            .lock()
            .write_all(err.annotations().as_bytes())?;
    }
    let Some((problems, what)) = err.problems() else {
        return Err(err.into());
    };
    let color = use_color(ColorChoice::Auto, std::io::stderr().is_terminal());
    std::io::stderr()
        .lock()
        .write_all(human::render_stop(problems, what, color).as_bytes())?;
    Ok(ExitCode::from(2))
}

fn check(args: &CheckArgs) -> Result<ExitCode> {
    let mode = FixMode::from_flags(args.diff, args.fix, args.unsafe_fixes);
    let diff = matches!(mode, FixMode::Diff { .. });
    if matches!(mode, FixMode::Fix { .. }) {
        crate::clean_up_on_signals().context("cannot handle signals")?;
    }
    let mut ws = Workspace::new(settings(args));
    // Dictionaries and styles are checked even when there is nothing to check.
    let stdin_path = args.stdin_filename.as_ref().map(PathBuf::from);
    let mut inputs = match ws
        .profile_for(stdin_path.as_deref())
        .and_then(|_| ws.inputs(&args.paths, args.stdin_filename.as_deref()))
    {
        Ok(inputs) => inputs,
        Err(err) => return stop(err, &args.format),
    };
    let against = match ws.sources(&args.against) {
        Ok(against) => against,
        Err(err) => return stop(err, &args.format),
    };
    let ws = ws.leak();
    let stdin_bytes = if inputs.reads_stdin() {
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
    let report_to_stderr = matches!(mode, FixMode::Fix { .. }) && stdin_bytes.is_some();
    let color = if report_to_stderr {
        use_color(args.color, std::io::stderr().is_terminal())
    } else {
        use_color(args.color, std::io::stdout().is_terminal())
    };
    let (threads, cut) = workspace::worker_threads(args.threads, inputs.files.len());
    if cut && !args.quiet {
        eprintln!("copydesk: note: checking with {threads} threads, as many as help here");
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let mut options = RunOptions {
        mode,
        today: Date::today(),
        stdin: stdin_bytes.as_deref(),
        quotes: None,
        only_errors: args.quiet,
    };
    // The first pass: every file's attributed quotations, for `quote-drift`.
    let (quotes, unread) = ws.quote_index(&inputs.files, &against.files, &options, &pool);
    inputs
        .errors
        .extend(against.errors.into_iter().chain(unread));
    options.quotes = quotes.as_ref();
    let Some(format) = output::find(&args.format) else {
        bail!("unknown format `{}`", args.format);
    };
    let rules = workspace::rule_infos();
    let output_options = output::Options {
        color,
        rules: &rules,
        quiet: args.quiet,
    };
    let mut reporter = match (args.statistics, format.name) {
        (false, _) => (format.make)(output_options),
        (true, "human" | "short") => Box::new(Statistics::new(output_options, false)),
        (true, "json") => Box::new(Statistics::new(output_options, true)),
        (true, name) => bail!("--statistics prints text or JSON, not `{name}`"),
    };

    let stdout = std::io::stdout();
    let mut fixed_out = stdout.lock();
    let mut out: Box<dyn Write> = if report_to_stderr {
        Box::new(std::io::BufWriter::new(std::io::stderr()))
    } else {
        Box::new(std::io::BufWriter::new(std::io::stdout()))
    };
    // Standard error is locked per message: a worker's panic report must never wait on it.
    let stderr = std::io::stderr();
    let wanted = format.for_people && !diff && !args.no_progress;
    let progress = progress_bar(wanted, inputs.files.len());
    let mut totals = Totals {
        errored: !inputs.errors.is_empty(),
        ..Totals::default()
    };
    for (_, err) in &inputs.errors {
        progress.suspend(|| writeln!(stderr.lock(), "copydesk: error: {}", output::escape(err)))?;
    }
    if !diff {
        reporter.begin(&mut out)?;
        for (path, err) in &inputs.errors {
            reporter.error(path, err, &mut out)?;
            totals.summary.unchecked += 1;
        }
    }
    for batch in inputs.files.chunks(workspace::BATCH) {
        let outcomes = ws.check_batch(batch, &options, &pool, &|file| reporter.render(file));
        progress.suspend(|| -> Result<()> {
            for ((input, _), outcome) in batch.iter().zip(outcomes) {
                if let Some(note) = outcome.note.as_ref().filter(|_| !args.quiet) {
                    writeln!(
                        stderr.lock(),
                        "copydesk: note: {}",
                        output::escape(&note.to_string())
                    )?;
                }
                if let Some(err) = &outcome.error {
                    writeln!(
                        stderr.lock(),
                        "copydesk: error: {}",
                        output::escape(&err.to_string())
                    )?;
                    if !diff {
                        reporter.error(&input.display(), &err.to_string(), &mut out)?;
                        totals.summary.unchecked += 1;
                    }
                }
                if let Some(b) = outcome.report.as_ref().and_then(|r| r.beyond) {
                    if !args.quiet {
                        writeln!(
                            stderr.lock(),
                            "copydesk: note: {}: {} more finding{} not reported: a file reports \
                             at most {} (`--max-findings 0` reports all)",
                            input.display(),
                            b.count,
                            output::plural(b.count),
                            args.max_findings
                        )?;
                    }
                }
                totals.add(&outcome);
                if let Some(text) = &outcome.fixed_stdin {
                    fixed_out.write_all(text.as_bytes())?;
                }
                if let Some(text) = &outcome.diff {
                    out.write_all(text.as_bytes())?;
                }
                if outcome.report.is_some() {
                    reporter.file(&outcome.rendered, &mut out)?;
                }
            }
            out.flush()?;
            Ok(())
        })?;
        progress.inc(batch.len() as u64);
    }
    progress.finish_and_clear();
    if !diff {
        reporter.finish(&totals.summary, &mut out)?;
    }
    out.flush()?;
    fixed_out.flush()?;
    if let Some(line) = totals.fixed_line(mode).filter(|_| !args.quiet) {
        writeln!(stderr.lock(), "copydesk: {line}")?;
    }
    Ok(ExitCode::from(totals.exit_status(diff)))
}

/// A progress bar on standard error for runs over many files, when `wanted` (output meant for
/// people) and standard error is a terminal.
fn progress_bar(wanted: bool, files: usize) -> ProgressBar {
    if !wanted || files < PROGRESS_MIN_FILES || !std::io::stderr().is_terminal() {
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
    let json = args.format == ExplainFormat::Json;
    let text =
        explained::request(args.code.as_deref(), args.all, json).map_err(|e| anyhow::anyhow!(e))?;
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a commented `copydesk.toml`, its style checked against the built-in dictionaries.
fn init(args: &InitArgs) -> Result<ExitCode> {
    match workspace::init(&args.dir, args.style.as_deref()) {
        Ok(path) => {
            eprintln!("copydesk: wrote {}", workspace::display_path(&path));
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => stop(err, ""),
    }
}

/// The manual page on standard output, or every command's page in a folder.
fn man(args: &ManArgs) -> Result<ExitCode> {
    let Some(dir) = &args.output_dir else {
        let cmd = Cli::command().disable_help_subcommand(true);
        clap_mangen::Man::new(cmd).render(&mut std::io::stdout().lock())?;
        return Ok(ExitCode::SUCCESS);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    clap_mangen::generate_to(Cli::command(), dir)
        .with_context(|| format!("cannot write the pages in {}", dir.display()))?;
    eprintln!("copydesk: wrote the manual pages in {}", dir.display());
    Ok(ExitCode::SUCCESS)
}

fn rules(args: &RulesArgs) -> Result<ExitCode> {
    match &args.action {
        Some(RulesAction::Import(a)) => {
            let roster =
                import::run_import(a.from.format(), &a.files, a.as_of, a.positions.as_deref())?;
            return saved(&a.output, &roster);
        }
        Some(RulesAction::Update(a)) => {
            let mut progress = |m: &str| eprintln!("copydesk: {m}");
            let positions = import::positions_from(a.positions.as_deref())?;
            let roster = import::update::update(
                &a.endpoint,
                a.contact.as_deref(),
                &positions,
                &mut progress,
            )
            .map_err(|e| anyhow::anyhow!("{e}; {} was not written", a.output.display()))?;
            return saved(&a.output, &roster);
        }
        None => {}
    }
    let rules = match workspace::load_rules(!args.rules.no_default_rules, &args.rules.rules) {
        Ok(rules) => rules,
        Err(err) => return stop(err, ""),
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
        out.write_all(describe::summary(&rules).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    };
    match rules.lookup(name) {
        Lookup::Found(hits) => out.write_all(describe::found(&rules, name, &hits).as_bytes())?,
        Lookup::Unknown(closest) => bail!("{}", describe::unknown(name, &closest)),
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a generated dictionary and tells what it holds and what changed; exit status 1 when
/// rows were left out.
fn saved(output: &std::path::Path, roster: &import::Roster) -> Result<ExitCode> {
    let (report, left_out) = import::save_and_report(output, roster)?;
    std::io::stderr().lock().write_all(report.as_bytes())?;
    Ok(ExitCode::from(u8::from(left_out)))
}
