//! Command-line arguments.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// A named-entity consistency linter for news copy.
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Parses the process's arguments. Every command's `--version` names the program
    /// `copydesk`, not `copydesk-rules` (clap's display name, which the manual pages keep).
    pub fn parse_args() -> Cli {
        let matches = Cli::named(Cli::command()).get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }

    /// `cmd` with every subcommand, at every depth, displayed as `copydesk`.
    fn named(cmd: clap::Command) -> clap::Command {
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        names.into_iter().fold(cmd, |cmd, name| {
            cmd.mut_subcommand(name, |sub| Cli::named(sub.display_name("copydesk")))
        })
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and folders of copy (Markdown and plain text).
    Check(CheckArgs),
    /// Explain what a check catches, why, an example and the fix; list the checks.
    Explain(ExplainArgs),
    /// Show the loaded dictionaries, or what they know of one entry.
    Rules(RulesArgs),
    /// Write a commented copydesk.toml with every key.
    Init(InitArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the manual page, or write one per command into a folder.
    Man(ManArgs),
    /// Run the language server (LSP over standard input and output) for editors.
    Server(ServerArgs),
}

#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Talk over standard input and output (the only transport; accepted because editors pass it).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, Args)]
pub struct RuleSelection {
    /// An extra dictionary file or a folder of `*.toml` dictionaries (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in dictionaries.
    #[arg(long)]
    pub no_default_rules: bool,
}

#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools)] // command-line flags are bools
pub struct CheckArgs {
    /// Files and folders to check; `-` reads standard input. Default: the current folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The path to report (and read configuration for) when checking standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    #[command(flatten)]
    pub rules: RuleSelection,
    /// Source files or folders (wire copy, transcripts) whose quotations `quote-drift` compares
    /// the checked files' with; they are not reported themselves.
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub against: Vec<PathBuf>,
    /// House style: `ap`, `reuters`, or any style the dictionaries name.
    #[arg(long, value_name = "NAME")]
    pub style: Option<String>,
    /// The article date (YYYY-MM-DD) titles are judged by; wins over front matter.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<copydesk::Date>,
    /// Output format.
    #[arg(long, default_value = "human", value_parser = formats())]
    pub format: String,
    /// When to use colour (`NO_COLOR` is honoured with `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Number of files checked at once (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Use this configuration file instead of looking for `copydesk.toml`.
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long)]
    pub no_config: bool,
    /// Apply safe fixes in place.
    #[arg(long)]
    pub fix: bool,
    /// With `--fix` or `--diff`, also apply fixes that may change the meaning.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what `--fix` would change, and write nothing (exit 1 if any).
    #[arg(long)]
    pub diff: bool,
    /// Exit 1 when a finding is at least this severe (default: error, or the configuration's).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Never show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Neither read nor write the cache of compiled large dictionaries.
    #[arg(long)]
    pub no_cache: bool,
    /// Run only these checks (codes separated by commas); replaces the configuration's `select`.
    #[arg(long, value_name = "CODE", value_delimiter = ',', value_parser = codes())]
    pub select: Option<Vec<String>>,
    /// Do not run these checks (codes separated by commas), besides the configuration's `ignore`.
    #[arg(long, value_name = "CODE", value_delimiter = ',', value_parser = codes())]
    pub ignore: Vec<String>,
    /// Print how many findings each check made instead of the findings.
    #[arg(long, conflicts_with = "diff")]
    pub statistics: bool,
    /// Print errors only: no warnings or notes, no closing line; nothing when clean.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Report at most this many findings per file (0: all); the rest are counted in a note.
    #[arg(long, value_name = "N", default_value_t = copydesk::workspace::MAX_FINDINGS)]
    pub max_findings: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    pub fn severity(self) -> copydesk::Severity {
        match self {
            FailOn::Error => copydesk::Severity::Error,
            FailOn::Warning => copydesk::Severity::Warning,
            FailOn::Info => copydesk::Severity::Info,
        }
    }
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A check's code, such as `misspelled-name`; without one, the list of checks.
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
    /// Explain every check.
    #[arg(long, conflicts_with = "code")]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to write copydesk.toml in.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// The house style to set: `ap`, `reuters`, or any style the built-in dictionaries name.
    #[arg(long, value_name = "NAME")]
    pub style: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write copydesk.1 and a page per command (copydesk-check.1, ...) into this folder.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: Option<RulesAction>,
    /// A name, id or any form the dictionaries know, right or wrong, or a near miss of one.
    pub name: Option<String>,
    #[command(flatten)]
    pub rules: RuleSelection,
    /// Print every literal form copydesk searches for, one a line.
    #[arg(long, conflicts_with = "name")]
    pub forms: bool,
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Write a generated dictionary of office-holders from Wikidata or congress-legislators data.
    Import(ImportArgs),
    /// Run the shipped Wikidata queries and write what `rules import` would.
    Update(UpdateArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The format of the files.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: ImportFormat,
    /// Files to read (`.gz` and `.bz2` are decompressed).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// The dictionary to write (replaced; what changed is reported on standard error).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: PathBuf,
    /// The date of the data, for `as-of` (default: what the files say, if anything).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<copydesk::Date>,
    /// Position titles to use instead of the shipped `rules/positions.toml`.
    #[arg(long, value_name = "PATH")]
    pub positions: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The SPARQL endpoint.
    #[arg(long, value_name = "URL", default_value = copydesk::import::update::WIKIDATA)]
    pub endpoint: String,
    /// The dictionary to write (replaced only when every query was answered).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: PathBuf,
    /// How the endpoint's operators can reach you (an e-mail or URL), added to the User-Agent.
    #[arg(long, value_name = "TEXT", env = "COPYDESK_CONTACT")]
    pub contact: Option<String>,
    /// Position titles to use instead of the shipped `rules/positions.toml`.
    #[arg(long, value_name = "PATH")]
    pub positions: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// SPARQL 1.1 JSON results of the shipped query.
    WikidataSparql,
    /// Wikidata entity JSON (`Special:EntityData`, `wbgetentities`, dumps).
    WikidataEntities,
    /// The YAML or CSV files of `unitedstates/congress-legislators`.
    CongressLegislators,
}

impl ImportFormat {
    pub fn format(self) -> copydesk::import::Format {
        match self {
            ImportFormat::WikidataSparql => copydesk::import::Format::WikidataSparql,
            ImportFormat::WikidataEntities => copydesk::import::Format::WikidataEntities,
            ImportFormat::CongressLegislators => copydesk::import::Format::CongressLegislators,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_date(s: &str) -> Result<copydesk::Date, String> {
    copydesk::Date::parse_checked(s).map_err(|e| e.to_string())
}

/// The checks' codes, with their summaries.
fn codes() -> PossibleValuesParser {
    PossibleValuesParser::new(
        copydesk::checks::all().map(|m| PossibleValue::new(m.code).help(m.summary)),
    )
}

/// The names of the output formats of the registry, with their help.
fn formats() -> PossibleValuesParser {
    PossibleValuesParser::new(
        copydesk::output::FORMATS
            .iter()
            .map(|f| PossibleValue::new(f.name).help(f.help)),
    )
}

#[cfg(test)]
mod tests {
    //! The README's "Usage" section and its options table against the clap definitions, which
    //! `--help`, the completions and the manual page are all made from.

    use std::collections::BTreeSet;

    use clap::CommandFactory;

    use super::Cli;

    const README: &str = include_str!("../README.md");

    /// `copydesk check`, `copydesk rules import`, ...: every command that takes arguments, with
    /// its clap definition.
    fn commands() -> Vec<(String, clap::Command)> {
        fn walk(path: &str, cmd: &clap::Command, out: &mut Vec<(String, clap::Command)>) {
            for sub in cmd.get_subcommands() {
                let name = format!("{path} {}", sub.get_name());
                out.push((name.clone(), sub.clone()));
                walk(&name, sub, out);
            }
        }
        let mut cmd = Cli::command();
        cmd.build();
        let mut out = Vec::new();
        walk("copydesk", &cmd, &mut out);
        out.retain(|(name, _)| !name.split(' ').any(|w| w == "help"));
        out
    }

    /// The arguments of a command, as the README writes them: `--style NAME`, `-j`,
    /// `--format human|short`, `--select CODE,...`, `PATH`.
    fn spelled(cmd: &clap::Command) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" || arg.is_hide_set() {
                continue;
            }
            let name = arg
                .get_value_names()
                .and_then(|v| v.first())
                .map_or_else(|| id.to_uppercase(), ToString::to_string);
            let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            let value = if arg.get_value_delimiter().is_some() {
                format!("{name},...")
            } else if !values.is_empty() {
                values.join("|")
            } else {
                name.clone()
            };
            match arg.get_long() {
                None => {
                    out.insert(value);
                }
                Some(long) => {
                    if let Some(short) = arg.get_short() {
                        out.insert(format!("-{short}"));
                    }
                    if takes_value {
                        out.insert(format!("--{long} {value}"));
                    } else {
                        out.insert(format!("--{long}"));
                    }
                }
            }
        }
        out
    }

    /// The text of the README's `## Usage` code block.
    fn usage_block() -> Vec<&'static str> {
        let start = README.find("## Usage\n").expect("a Usage section");
        let block = &README[start..];
        let open = block.find("```text\n").expect("a code block") + "```text\n".len();
        let close = block[open..].find("```").expect("its end");
        block[open..open + close].lines().collect()
    }

    /// The first cell of each row of the options table after the heading "### `TITLE`", as
    /// the backquoted items in it.
    fn table(title: &str) -> Option<BTreeSet<String>> {
        let heading = format!("### `{title}`\n");
        let start = README.find(&heading)? + heading.len();
        let section = &README[start..];
        let end = section.find("\n#").unwrap_or(section.len());
        let mut out = BTreeSet::new();
        for line in section[..end].lines().filter(|l| l.starts_with("| `")) {
            let cell = line[2..].split(" | ").next().unwrap_or_default();
            for (i, part) in cell.split('`').enumerate() {
                if i % 2 == 1 {
                    out.insert(part.replace("\\|", "|"));
                }
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// A command's `about`, the line under its synopsis in the usage block.
    fn about(cmd: &clap::Command) -> String {
        cmd.get_about().map(ToString::to_string).unwrap_or_default()
    }

    #[test]
    fn the_usage_block_has_a_line_per_command_with_its_help() {
        let lines = usage_block();
        for (name, cmd) in commands() {
            if cmd.has_subcommands() && cmd.get_arguments().all(|a| a.get_long().is_none()) {
                continue;
            }
            let at = lines.iter().position(|l| {
                let Some(rest) = l.strip_prefix(&name) else {
                    return false;
                };
                // Not the line of a subcommand (`copydesk rules import` for `copydesk rules`).
                (rest.is_empty() || rest.starts_with(' '))
                    && !cmd
                        .get_subcommands()
                        .any(|s| rest.trim_start().starts_with(&format!("{} ", s.get_name())))
            });
            let Some(at) = at else {
                panic!("no line for `{name}` in the README's usage block");
            };
            let synopsis = lines[at];
            let described = lines.get(at + 1).copied().unwrap_or_default();
            assert!(
                described.starts_with("    "),
                "`{synopsis}`: no description under it"
            );
            assert_eq!(described.trim(), about(&cmd), "the description of `{name}`");
            // Options the line itself shows must exist.
            let known = spelled(&cmd);
            for token in synopsis
                .split(['[', ']', ' '])
                .filter(|t| t.starts_with("--"))
            {
                assert!(
                    known
                        .iter()
                        .any(|k| k == token || k.starts_with(&format!("{token} "))),
                    "`{name}`: the usage block shows `{token}`, which --help does not have"
                );
            }
            // Each option is in the line, or in the command's options table.
            match table(&name) {
                Some(rows) => assert_eq!(rows, known, "the options table of `{name}`"),
                None => {
                    for option in &known {
                        assert!(
                            synopsis.contains(option.as_str()),
                            "`{name}`: the usage block does not show `{option}`"
                        );
                    }
                }
            }
        }
        for line in lines.iter().filter(|l| l.starts_with("copydesk ")) {
            assert!(
                commands()
                    .iter()
                    .any(|(name, _)| line.starts_with(&format!("{name} "))),
                "`{line}`: no such command"
            );
        }
    }

    #[test]
    fn subcommands_print_copydesk_as_their_name_with_version() {
        let mut named = Cli::named(Cli::command());
        named.build();
        let mut all = Vec::new();
        let mut stack: Vec<clap::Command> = named.get_subcommands().cloned().collect();
        while let Some(cmd) = stack.pop() {
            if cmd.get_name() != "help" {
                stack.extend(cmd.get_subcommands().cloned());
                all.push((cmd.get_name().to_string(), cmd));
            }
        }
        assert!(all.len() >= 8, "{}", all.len());
        for (name, cmd) in all {
            let version = cmd.render_version();
            assert!(version.starts_with("copydesk "), "{name}: {version}");
        }
    }
}
