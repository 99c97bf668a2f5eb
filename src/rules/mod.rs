//! Style-guide dictionaries: the validated, in-memory form of `rules/*.toml`.
//!
//! Loading ([`RuleSet::load`]) parses every file with serde (`deny_unknown_fields`), keeps each
//! file's text so that problems can point into it, and validates the whole set at once: a form
//! claimed by two entities, a form both correct and misspelled, `until` before `from`, empty
//! names and duplicate ids are all reported together, each with its file, line and column.

mod load;
mod validate;

use std::collections::BTreeSet;
use std::ops::Range;

use crate::date::Date;

pub use load::{RuleProblem, RuleProblems, RuleSource};

/// The built-in dictionaries, embedded in the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "rules/organizations.toml",
        include_str!("../../rules/organizations.toml"),
    ),
    ("rules/people.toml", include_str!("../../rules/people.toml")),
    (
        "rules/phrases.toml",
        include_str!("../../rules/phrases.toml"),
    ),
    ("rules/places.toml", include_str!("../../rules/places.toml")),
    ("rules/titles.toml", include_str!("../../rules/titles.toml")),
];

/// What an entity is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum EntityKind {
    Person,
    Place,
    Organization,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Organization => "organization",
        }
    }
}

/// Where a piece of rule data was written: a file of the set and a byte range in it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    pub file: usize,
    pub span: Range<usize>,
}

/// A person, place or organization, with every form it may be written in.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Entity {
    pub id: String,
    pub kind: EntityKind,
    /// The canonical full name.
    pub name: String,
    /// The surname used on later references (people only).
    pub surname: Option<String>,
    /// Other correct forms.
    pub variants: Vec<String>,
    /// Known wrong forms.
    pub misspellings: Vec<String>,
    /// Phrases in which a listed misspelling is right ("chicken Kiev").
    pub except: Vec<String>,
    /// House style name -> the form that style uses.
    pub styles: Vec<(String, String)>,
    pub roles: Vec<Role>,
    pub note: Option<String>,
    pub origin: Origin,
    /// Every explicit form with what it is and where it was written (in `origin.file`), for
    /// validation; empty in a cached copy, which was validated when it was stored.
    #[serde(skip)]
    pub form_spans: Vec<(FormRole, String, Range<usize>)>,
    /// Where the id (or the name it was made from) was written.
    pub id_span: Range<usize>,
    /// The date the entry's facts were checked (`as-of` of its file); after it, roles still open
    /// may have ended, so titles are not judged.
    pub as_of: Option<Date>,
}

/// What an explicit form of an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FormRole {
    Name,
    Variant,
    Style,
    Misspelling,
}

impl FormRole {
    pub fn as_str(self) -> &'static str {
        match self {
            FormRole::Name => "name",
            FormRole::Variant => "variant",
            FormRole::Style => "style form",
            FormRole::Misspelling => "misspelling",
        }
    }

    pub fn is_correct(self) -> bool {
        self != FormRole::Misspelling
    }
}

impl Entity {
    /// The name, the variants and the style forms, without duplicates, the name first.
    pub fn correct_forms(&self) -> Vec<&str> {
        let mut forms: Vec<&str> = vec![self.name.as_str()];
        for form in self
            .variants
            .iter()
            .chain(self.styles.iter().map(|(_, f)| f))
        {
            if !forms.contains(&form.as_str()) {
                forms.push(form);
            }
        }
        forms
    }

    /// The form a house style uses, if the entity names one for it.
    pub fn style_form(&self, style: &str) -> Option<&str> {
        self.styles
            .iter()
            .find(|(s, _)| s == style)
            .map(|(_, f)| f.as_str())
    }

    /// Number of words in the surname (people), used to split full forms into given and surname parts.
    pub fn surname_words(&self) -> usize {
        self.surname
            .as_deref()
            .map_or(1, |s| s.split_whitespace().count().max(1))
    }
}

/// A title a person held, and when.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Role {
    pub title: String,
    /// How copy writes the title (case-insensitive); the title itself is always a form.
    pub forms: Vec<String>,
    pub from: Date,
    /// First day the role was no longer held; `None` while still held.
    pub until: Option<Date>,
    /// Recognised, but its dates are not verified, so it is never judged.
    pub unverified: bool,
    pub note: Option<String>,
}

impl Role {
    /// Whether the role was held on `date` (from inclusive, until exclusive).
    pub fn held_on(&self, date: Date) -> bool {
        self.from <= date && self.until.is_none_or(|until| date < until)
    }

    /// Whether the role was held at some time before `date`.
    pub fn held_before(&self, date: Date) -> bool {
        self.from < date
    }

    /// All the forms, the title first.
    pub fn all_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.title.as_str()).chain(self.forms.iter().map(String::as_str))
    }

    /// "2025-01-21 to 2025-05-01" or "since 2025-01-21".
    pub fn period(&self) -> String {
        match self.until {
            Some(until) => format!("{} to {}", self.from, until.pred()),
            None => format!("since {}", self.from),
        }
    }
}

/// A title recognised for anyone.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Title {
    pub title: String,
    pub forms: Vec<String>,
}

/// A house word choice: write `use_` instead of any of `instead_of`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Phrase {
    pub use_: String,
    pub instead_of: Vec<String>,
    /// The styles the rule applies to; `None`: every style, and no style.
    pub styles: Option<Vec<String>>,
    pub note: Option<String>,
    pub origin: Origin,
}

impl Phrase {
    /// Whether the rule applies under `style` (or with no style chosen).
    pub fn applies(&self, style: Option<&str>) -> bool {
        match (&self.styles, style) {
            (None, _) => true,
            (Some(styles), Some(style)) => styles.iter().any(|s| s == style),
            (Some(_), None) => false,
        }
    }
}

/// A loaded dictionary file and how much it contributed.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FileSummary {
    pub path: String,
    pub people: usize,
    pub places: usize,
    pub organizations: usize,
    pub titles: usize,
    pub phrases: usize,
}

/// Every dictionary of a run, validated.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct RuleSet {
    pub entities: Vec<Entity>,
    pub titles: Vec<Title>,
    pub phrases: Vec<Phrase>,
    pub files: Vec<FileSummary>,
    /// The files' text (not part of a cached copy: read afresh, and hashed for the cache key).
    #[serde(skip)]
    pub sources: Vec<RuleSource>,
}

impl RuleSet {
    /// Parses and validates a set of dictionary files given as `(path, text)`.
    pub fn load(files: Vec<RuleSource>) -> Result<RuleSet, RuleProblems> {
        let (set, mut problems) = load::parse_all(files);
        problems.extend(validate::validate(&set));
        if problems.is_empty() {
            Ok(set)
        } else {
            Err(RuleProblems {
                problems,
                sources: set.sources,
            })
        }
    }

    /// The built-in dictionaries.
    pub fn builtin_sources() -> Vec<RuleSource> {
        BUILTIN
            .iter()
            .map(|(path, text)| RuleSource {
                path: (*path).to_string(),
                text: (*text).to_string(),
            })
            .collect()
    }

    /// Every style name the dictionaries mention.
    pub fn styles(&self) -> BTreeSet<&str> {
        let mut styles = BTreeSet::new();
        for entity in &self.entities {
            styles.extend(entity.styles.iter().map(|(s, _)| s.as_str()));
        }
        for phrase in &self.phrases {
            if let Some(list) = &phrase.styles {
                styles.extend(list.iter().map(String::as_str));
            }
        }
        styles
    }

    /// Entities whose id, name or any correct form equals `query` (case-insensitive).
    pub fn find(&self, query: &str) -> Vec<&Entity> {
        let query = query.to_lowercase();
        self.entities
            .iter()
            .filter(|e| {
                e.id.to_lowercase() == query
                    || e.correct_forms().iter().any(|f| f.to_lowercase() == query)
                    || e.surname
                        .as_deref()
                        .is_some_and(|s| s.to_lowercase() == query)
            })
            .collect()
    }
}

/// A lower-case, hyphen-separated id made from a name ("Marco Rubio" -> "marco-rubio").
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}
