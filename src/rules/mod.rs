//! Style-guide dictionaries: the validated, in-memory form of `rules/*.toml`.
//!
//! Loading ([`RuleSet::load`]) parses every file with serde (`deny_unknown_fields`), keeps each
//! file's text so that problems can point into it, and validates the whole set at once: a form
//! claimed by two entities, a form both correct and misspelled, `until` before `from`, empty
//! names and duplicate ids are all reported together, each with its file, line and column.

pub mod describe;
pub mod generated;
mod load;
pub mod lookup;
mod validate;

use std::collections::BTreeSet;
use std::ops::Range;

use crate::date::{Date, PartialDate};

pub use load::{RuleProblem, RuleProblems, RuleSource};

/// The built-in dictionaries, embedded in the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "rules/organizations.toml",
        include_str!("../../rules/organizations.toml"),
    ),
    ("rules/events.toml", include_str!("../../rules/events.toml")),
    (
        "rules/people-us.toml",
        include_str!("../../rules/people-us.toml"),
    ),
    (
        "rules/people-world.toml",
        include_str!("../../rules/people-world.toml"),
    ),
    (
        "rules/phrases.toml",
        include_str!("../../rules/phrases.toml"),
    ),
    ("rules/places.toml", include_str!("../../rules/places.toml")),
    ("rules/titles.toml", include_str!("../../rules/titles.toml")),
    (
        "rules/generated/congress.toml",
        include_str!("../../rules/generated/congress.toml"),
    ),
];

/// The built-in roster compiled ahead (see [`generated::compiled_for`]): the entries of
/// `rules/generated/congress.toml` as `postcard` bytes, with a hash of the TOML they were compiled
/// from. `tests/roster.rs` checks that it matches the TOML.
pub const BUILTIN_COMPILED: &[(&str, &[u8])] = &[(
    "rules/generated/congress.toml",
    include_bytes!("../../rules/generated/congress.bin"),
)];

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

/// "AP", "Reuters", or a house style's name as given.
pub fn style_label(style: &str) -> String {
    match style {
        "ap" => "AP".into(),
        "reuters" => "Reuters".into(),
        "nyt" => "NYT".into(),
        "bbc" => "BBC".into(),
        "afp" => "AFP".into(),
        "guardian" => "Guardian".into(),
        "bloomberg" => "Bloomberg".into(),
        "wsj" => "WSJ".into(),
        "wapo" => "Washington Post".into(),
        "ft" => "FT".into(),
        other => other.to_string(),
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
    /// The Wikidata item (`Q...`): the key that joins an imported entry to a hand-written one.
    pub wikidata: Option<String>,
    /// Other correct forms.
    pub variants: Vec<String>,
    /// Forms that find the entity without being endorsed: they are judged like any other form
    /// by the house-style and consistency checks, and a form another entry claims wins.
    pub aliases: Vec<String>,
    /// Known wrong forms.
    pub misspellings: Vec<String>,
    /// Phrases in which a listed misspelling is right ("chicken Kiev").
    pub except: Vec<String>,
    /// House style name -> the form that style uses.
    pub styles: Vec<(String, String)>,
    /// Forms that became wrong on a date (for some styles, or by default).
    pub deprecated: Vec<Deprecation>,
    pub roles: Vec<Role>,
    pub note: Option<String>,
    pub origin: Origin,
    /// Every explicit form with what it is and where it was written (in `origin.file`), for
    /// validation; empty in a cached copy, which was validated when it was stored.
    #[serde(skip)]
    pub form_spans: Vec<(FormRole, String, Range<usize>)>,
    /// Where the id (or the name it was made from) was written.
    pub id_span: Range<usize>,
    /// The date the entry's facts were checked (its own `as-of`, else its file's): roles still
    /// open then may have ended since.
    pub as_of: Option<Date>,
}

/// What an explicit form of an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FormRole {
    Name,
    Variant,
    Style,
    Alias,
    Deprecated,
    Misspelling,
}

impl FormRole {
    pub fn as_str(self) -> &'static str {
        match self {
            FormRole::Name => "name",
            FormRole::Variant => "variant",
            FormRole::Style => "style form",
            FormRole::Alias => "alias",
            FormRole::Deprecated => "deprecated form",
            FormRole::Misspelling => "misspelling",
        }
    }

    /// Whether the form is right (deprecated forms were, before their date).
    pub fn is_correct(self) -> bool {
        !matches!(self, FormRole::Misspelling | FormRole::Deprecated)
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

    /// Every form that finds the entity: the correct forms, then the aliases and the deprecated
    /// forms, without duplicates.
    pub fn recognised_forms(&self) -> Vec<&str> {
        let mut forms = self.correct_forms();
        let deprecated = self.deprecated.iter().flat_map(|d| &d.forms);
        for form in self.aliases.iter().chain(deprecated) {
            if !forms.contains(&form.as_str()) {
                forms.push(form);
            }
        }
        forms
    }

    /// Every form of the entity's that is ever wrong: misspellings and deprecated forms.
    pub fn wrong_forms(&self) -> impl Iterator<Item = &str> {
        let deprecated = self.deprecated.iter().flat_map(|d| &d.forms);
        self.misspellings
            .iter()
            .chain(deprecated)
            .map(String::as_str)
    }

    /// The form a house style uses, if the entity names one for it.
    pub fn style_form(&self, style: &str) -> Option<&str> {
        self.styles
            .iter()
            .find(|(s, _)| s == style)
            .map(|(_, f)| f.as_str())
    }

    /// Whether `surname` can be this entity's surname: the end of its name, or of its name
    /// without a generational suffix ("Bishop" of "Sanford D. Bishop, Jr.").
    pub fn ends_with_surname(&self, surname: &str) -> bool {
        self.name.ends_with(surname) || crate::text::without_suffixes(&self.name).ends_with(surname)
    }

    /// Number of words in the surname (people), used to split full forms into given and surname parts.
    pub fn surname_words(&self) -> usize {
        self.surname
            .as_deref()
            .map_or(1, |s| s.split_whitespace().count().max(1))
    }
}

/// Whether something was so on a date, as far as the dictionaries know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    Yes,
    No,
    /// A handover day, or a date inside the imprecision of `from` or `until`.
    Unknown,
}

/// A title a person held, and when.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Role {
    pub title: String,
    /// How copy writes the title (case-insensitive); the title itself is always a form.
    pub forms: Vec<String>,
    /// The first day held, to the precision known.
    pub from: PartialDate,
    /// The first day no longer held (the successor's first day); `None` while still held.
    pub until: Option<PartialDate>,
    /// Recognised, but its dates are not verified, so it is never judged.
    pub unverified: bool,
    /// Held as an acting (or interim) holder.
    pub acting: bool,
    /// Where the facts come from: a URL or a Wikidata statement id.
    pub source: Option<String>,
    /// The state a member of Congress or a governor served (USPS code).
    pub state: Option<String>,
    pub party: Option<String>,
    pub note: Option<String>,
}

impl Role {
    /// Whether the role was held on `date`. The first and the last day are handover days, when
    /// copy may fairly speak of either holder: they are [`Held::Unknown`], as is every day a
    /// date known only to the month or the year may mean.
    pub fn held_on(&self, date: Date) -> Held {
        let ended = |u: PartialDate| date > u.latest();
        if date < self.from.earliest() || self.until.is_some_and(ended) {
            return Held::No;
        }
        let started = date > self.from.latest();
        let open = self.until.is_none_or(|u| date < u.earliest());
        if started && open {
            Held::Yes
        } else {
            Held::Unknown
        }
    }

    /// Whether the role was surely held at some time before `date`.
    pub fn held_before(&self, date: Date) -> bool {
        self.from.latest() < date
    }

    /// Whether the role may have been held at some time before `date`.
    pub fn maybe_held_before(&self, date: Date) -> bool {
        self.from.earliest() < date
    }

    /// Whether the role had surely ended by `date` (inclusive).
    pub fn ended_by(&self, date: Date) -> bool {
        self.until.is_some_and(|u| u.latest() <= date)
    }

    /// All the forms, the title first.
    pub fn all_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.title.as_str()).chain(self.forms.iter().map(String::as_str))
    }

    /// "2025-01-21 to 2025-04-30", "2011 to 2025-01-19" or "since 2025-01-21".
    pub fn period(&self) -> String {
        match self.until {
            Some(until) => {
                let last = match until.exact() {
                    Some(day) => day.pred().to_string(),
                    None => until.to_string(),
                };
                format!("{} to {last}", self.from)
            }
            None => format!("since {}", self.from),
        }
    }
}

/// Forms that became wrong on a date: for the styles listed, or, without styles, by default
/// (with no style, and under every style without an entry of its own).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Deprecation {
    pub forms: Vec<String>,
    /// The first day the forms were wrong, to the precision known.
    pub from: PartialDate,
    pub styles: Option<Vec<String>>,
    pub note: Option<String>,
}

impl Deprecation {
    /// Whether, among `deprecations` of one form, the form was wrong on `date` under `style`:
    /// the entries naming the style decide, else those naming none. A date inside an imprecise
    /// `from` is not yet wrong.
    pub fn wrong_on<'a>(
        deprecations: impl Iterator<Item = &'a Deprecation> + Clone,
        date: Date,
        style: Option<&str>,
    ) -> bool {
        let named = |d: &&Deprecation| {
            style.is_some_and(|s| d.styles.as_ref().is_some_and(|l| l.iter().any(|x| x == s)))
        };
        let applying: Vec<&Deprecation> = if deprecations.clone().any(|d| named(&d)) {
            deprecations.filter(named).collect()
        } else {
            deprecations.filter(|d| d.styles.is_none()).collect()
        };
        applying.iter().any(|d| d.from.latest() <= date)
    }
}

/// A dated event that copy measures time from ("two years after the invasion").
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Event {
    pub id: String,
    pub name: String,
    /// How copy names it (case-insensitive); the name is always a form.
    pub forms: Vec<String>,
    pub date: PartialDate,
    pub note: Option<String>,
    pub origin: Origin,
    /// The name and every form with where it was written (in `origin.file`), for validation;
    /// empty in a cached copy.
    #[serde(skip)]
    pub form_spans: Vec<(String, Range<usize>)>,
    /// Where the id (or the name it was made from) was written.
    pub id_span: Range<usize>,
}

/// A title recognised for anyone.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Title {
    pub title: String,
    pub forms: Vec<String>,
    /// A rank or courtesy title rather than an office (King, Prince, First Lady): recognised, but
    /// no one is told they did not hold it.
    pub honorific: bool,
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
    pub events: usize,
    /// The file's `as-of`: the date its facts were checked.
    #[serde(default)]
    pub as_of: Option<Date>,
}

/// Every dictionary of a run, validated.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct RuleSet {
    pub entities: Vec<Entity>,
    pub titles: Vec<Title>,
    pub phrases: Vec<Phrase>,
    pub events: Vec<Event>,
    pub files: Vec<FileSummary>,
    /// The files' text (not part of a cached copy: read afresh, and hashed for the cache key).
    #[serde(skip)]
    pub sources: Vec<RuleSource>,
}

impl RuleSet {
    /// Parses and validates a set of dictionary files given as `(path, text)`.
    pub fn load(files: Vec<RuleSource>) -> Result<RuleSet, RuleProblems> {
        let (mut set, mut problems) = load::parse_all(files);
        generated::merge(&mut set);
        validate::drop_claimed_aliases(&mut set);
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

    /// The date the dictionaries' facts were checked: the earliest `as-of` of the files that give
    /// one (entries may have earlier ones of their own). `None` when no file gives one.
    pub fn facts_as_of(&self) -> Option<Date> {
        self.files.iter().filter_map(|f| f.as_of).min()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<RuleSet, RuleProblems> {
        RuleSet::load(vec![RuleSource {
            path: "t.toml".into(),
            text: text.into(),
        }])
    }

    fn problems(text: &str) -> Vec<String> {
        match load(text) {
            Ok(_) => Vec::new(),
            Err(p) => p.to_string().lines().map(str::to_string).collect(),
        }
    }

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|| panic!("test date {s}"))
    }

    #[test]
    fn role_dates_may_be_years_months_or_days() {
        let set = load(
            r#"
[[person]]
name = "Ann Example"
wikidata = "Q42"
  [[person.role]]
  title = "Mayor"
  from = "1982"
  until = "1990-05"
  acting = true
  state = "KY"
  party = "Independent"
  source = "https://example.org/mayors"
  [[person.role]]
  title = "Governor"
  from = 1990-05-14
"#,
        )
        .expect("valid");
        let e = &set.entities[0];
        assert_eq!(e.wikidata.as_deref(), Some("Q42"));
        let mayor = &e.roles[0];
        assert!(mayor.acting);
        assert_eq!(mayor.state.as_deref(), Some("KY"));
        assert_eq!(mayor.period(), "1982 to 1990-05");
        assert_eq!(e.roles[1].period(), "since 1990-05-14");
        // Held for sure only strictly inside the dates; the imprecise ends are unknown.
        assert_eq!(mayor.held_on(date("1981-12-31")), Held::No);
        assert_eq!(mayor.held_on(date("1982-06-01")), Held::Unknown);
        assert_eq!(mayor.held_on(date("1983-01-01")), Held::Yes);
        assert_eq!(mayor.held_on(date("1990-04-30")), Held::Yes);
        assert_eq!(mayor.held_on(date("1990-05-31")), Held::Unknown);
        assert_eq!(mayor.held_on(date("1990-06-01")), Held::No);
        // A day-precise start and end are handover days.
        let governor = &e.roles[1];
        assert_eq!(governor.held_on(date("1990-05-13")), Held::No);
        assert_eq!(governor.held_on(date("1990-05-14")), Held::Unknown);
        assert_eq!(governor.held_on(date("1990-05-15")), Held::Yes);
        assert!(mayor.ended_by(date("1990-05-31")));
        assert!(!mayor.ended_by(date("1990-05-30")));
    }

    /// A generational suffix is not a surname, written or by default.
    #[test]
    fn a_surname_is_the_last_word_before_a_suffix() {
        let set = load(
            r#"
[[person]]
name = "Sanford D. Bishop, Jr."
[[person]]
name = "Ann Example III"
surname = "Example"
[[person]]
name = "Ann Other"
"#,
        )
        .expect("valid");
        let surnames: Vec<_> = set.entities.iter().map(|e| e.surname.as_deref()).collect();
        assert_eq!(surnames, [Some("Bishop"), Some("Example"), Some("Other")]);
        let found = problems("[[person]]\nname = \"Ann Example III\"\nsurname = \"Ann\"\n");
        assert!(
            found
                .iter()
                .any(|p| p.contains("is not the end of the name")),
            "{found:?}"
        );
    }

    #[test]
    fn bad_dates_ids_and_state_codes_are_reported_where_written() {
        let found = problems(
            r#"
[[person]]
name = "Ann Example"
wikidata = "Q042"
  [[person.role]]
  title = "Mayor"
  from = "19822"
  until = "1990-13"
  state = "Kentucky"
  [[person.role]]
  title = "Governor"
  from = "1991"
  until = "1990"
"#,
        );
        let text = found.join("\n");
        assert!(
            text.contains("t.toml:4:12: `Q042` is not a Wikidata item id"),
            "{text}"
        );
        assert!(
            text.contains("t.toml:7:10: expected a date such as 2025-01-21"),
            "{text}"
        );
        assert!(text.contains("t.toml:8:11: expected a date"), "{text}");
        assert!(
            text.contains("t.toml:9:11: `Kentucky` is not a two-letter state code"),
            "{text}"
        );
        assert!(
            text.contains(
                "t.toml:13:11: role `Governor` of Ann Example ends (1990) before it starts (1991)"
            ),
            "{text}"
        );
        assert_eq!(found.len(), 5, "{text}");
    }

    #[test]
    fn deprecations_decide_by_date_and_style() {
        let set = load(
            r#"
[[place]]
name = "Kyiv"
  [[place.deprecated]]
  forms = ["Kiev"]
  from = 2019-08-14
  [[place.deprecated]]
  forms = ["Kiev"]
  from = "2019-02"
  styles = ["guardian"]
  [[place.deprecated]]
  forms = ["Kiev"]
  from = "2019"
  styles = ["reuters"]
"#,
        )
        .expect("valid");
        let d = &set.entities[0].deprecated;
        let wrong = |day: &str, style| Deprecation::wrong_on(d.iter(), date(day), style);
        assert!(!wrong("2019-08-13", None));
        assert!(wrong("2019-08-14", None));
        assert!(
            wrong("2019-08-14", Some("ap")),
            "a style without an entry takes the default"
        );
        assert!(
            !wrong("2019-02-27", Some("guardian")),
            "not before the month is over"
        );
        assert!(wrong("2019-02-28", Some("guardian")));
        assert!(!wrong("2019-12-30", Some("reuters")));
        assert!(wrong("2019-12-31", Some("reuters")));
        assert_eq!(set.entities[0].recognised_forms(), vec!["Kyiv", "Kiev"]);
    }

    #[test]
    fn a_form_cannot_be_both_a_misspelling_and_deprecated() {
        let text = problems(
            "[[place]]\nname = \"Kyiv\"\nmisspellings = [\"Kiev\"]\n[[place.deprecated]]\nforms = [\"Kiev\"]\nfrom = 2019-08-14\n",
        )
        .join("\n");
        assert!(
            text.contains("listed both as a misspelling (always wrong) and as deprecated"),
            "{text}"
        );
    }

    #[test]
    fn forms_that_match_the_same_copy_collide() {
        // "kyiv" as a misspelling would match every correct "Kyiv" (a lower-case form also
        // matches with a capital first letter): a finding no fix could clear.
        let text = problems("[[place]]\nname = \"Kyiv\"\nmisspellings = [\"kyiv\"]\n").join("\n");
        assert!(text.contains("matches what `Kyiv` matches"), "{text}");
        assert!(
            text.contains("listed both as correct and as a misspelling"),
            "{text}"
        );
        // Forms that differ in more than the first letter's case do not collide.
        let text = problems("[[place]]\nname = \"Kyiv\"\nmisspellings = [\"kYiv\"]\n").join("\n");
        assert!(text.is_empty(), "{text}");
        let text = problems("[[place]]\nname = \"Kyiv\"\nmisspellings = [\"kiev\"]\n").join("\n");
        assert!(text.is_empty(), "{text}");
        // A decomposed spelling matches the same copy as the composed one.
        let text =
            problems("[[place]]\nname = \"T\u{fc}rkiye\"\nmisspellings = [\"Tu\u{308}rkiye\"]\n")
                .join("\n");
        assert!(text.contains("matches what `Türkiye` matches"), "{text}");
    }

    #[test]
    fn other_entries_win_over_aliases() {
        let set = load(
            r#"
[[person]]
name = "Volodymyr Zelenskyy"
misspellings = ["Zelenskiy"]
[[person]]
name = "Oleksandr Zelenskyy"
aliases = ["Zelenskiy", "O. Zelenskyy", "the Zelenskyys"]
[[person]]
name = "Ruth Zelenskyy"
aliases = ["the Zelenskyys"]
"#,
        )
        .expect("an alias claimed elsewhere is dropped, not an error");
        assert_eq!(
            set.entities[1].aliases,
            vec!["O. Zelenskyy", "the Zelenskyys"]
        );
        assert_eq!(set.entities[2].aliases, vec!["the Zelenskyys"]);
    }

    #[test]
    fn events_and_per_entry_as_of() {
        let set = load(
            r#"
as-of = 2025-12-20
[[person]]
name = "Ann Example"
as-of = "2026-11-30"
[[person]]
name = "Bob Example"
[[event]]
name = "The Example Invasion"
forms = ["the invasion"]
date = "2022-02"
"#,
        )
        .expect("valid");
        assert_eq!(set.entities[0].as_of, Some(date("2026-11-30")));
        assert_eq!(set.entities[1].as_of, Some(date("2025-12-20")));
        assert_eq!(set.events[0].id, "the-example-invasion");
        assert_eq!(set.events[0].date.to_string(), "2022-02");
        // A month or a year is read as its first day: the facts held then.
        let set = load("[[person]]\nname = \"A B\"\nas-of = \"2026-03\"\n").expect("valid");
        assert_eq!(set.entities[0].as_of, Some(date("2026-03-01")));
        let text = problems("[[person]]\nname = \"A B\"\nas-of = 2026-03-01T10:00:00\n").join("\n");
        assert!(
            text.contains("t.toml:3:9: expected a date such as 2025-01-21"),
            "{text}"
        );
    }
}
