//! Command-line arguments.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// A named-entity consistency linter for news copy.
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and folders of copy (Markdown and plain text).
    Check(CheckArgs),
    /// Explain what a check catches, why, an example and the fix.
    Explain(ExplainArgs),
    /// Show the loaded dictionaries, or what they know of one entity.
    Rules(RulesArgs),
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
    /// A check's code, such as `misspelled-name`.
    pub code: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: Option<RulesAction>,
    /// An entity's name, id or any of its forms.
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
    copydesk::Date::parse(s).ok_or_else(|| format!("`{s}` is not a date in the form YYYY-MM-DD"))
}

/// The names of the output formats of the registry, with their help.
fn formats() -> PossibleValuesParser {
    PossibleValuesParser::new(
        copydesk::output::FORMATS
            .iter()
            .map(|f| PossibleValue::new(f.name).help(f.help)),
    )
}
