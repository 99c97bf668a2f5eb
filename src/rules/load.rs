//! TOML -> [`RuleSet`]: serde structs that mirror the file format, then conversion.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::{
    slug, Deprecation, Entity, EntityKind, Event, FileSummary, FormRole, Origin, Phrase, Role,
    RuleSet, Title,
};
use crate::date::{Date, PartialDate};

/// One dictionary file as read: its path (as shown to users) and text.
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub path: String,
    pub text: String,
}

impl RuleSource {
    /// Whether this is one of the built-in dictionaries (compiled into the binary, never a file
    /// on disk), unchanged.
    pub fn is_builtin(&self) -> bool {
        super::BUILTIN
            .iter()
            .any(|(path, text)| self.path == *path && self.text == *text)
    }
}

/// One problem in a dictionary, pointing into its file.
#[derive(Debug, Clone)]
pub struct RuleProblem {
    pub file: usize,
    pub span: Range<usize>,
    pub message: String,
    pub label: String,
    /// Other places involved (the first claim of a form, for example).
    pub secondary: Vec<(usize, Range<usize>, String)>,
}

/// Every problem found while loading a set of dictionaries, with the files' text for rendering.
#[derive(Debug, Clone)]
pub struct RuleProblems {
    pub problems: Vec<RuleProblem>,
    pub sources: Vec<RuleSource>,
}

impl RuleProblem {
    /// A problem at `span` of file `file`, with no other place involved.
    pub fn new(
        file: usize,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> RuleProblem {
        RuleProblem {
            file,
            span,
            message: message.into(),
            label: label.into(),
            secondary: Vec::new(),
        }
    }
}

impl RuleProblems {
    /// `path:line:col` of a problem's start (1-based, column in characters).
    pub fn location(&self, problem: &RuleProblem) -> String {
        let source = &self.sources[problem.file];
        let (line, col) = crate::document::line_col(&source.text, problem.span.start);
        format!("{}:{line}:{col}", source.path)
    }
}

impl fmt::Display for RuleProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: {}", self.location(problem), problem.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleProblems {}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFile {
    /// The date the file's facts were checked: open-ended roles are not judged after it.
    #[serde(rename = "as-of")]
    as_of: Option<Spanned<toml::Value>>,
    #[serde(default)]
    person: Vec<Spanned<RawPerson>>,
    #[serde(default)]
    place: Vec<Spanned<RawPlace>>,
    #[serde(default)]
    organization: Vec<Spanned<RawPlace>>,
    #[serde(default)]
    title: Vec<Spanned<RawTitle>>,
    #[serde(default)]
    phrase: Vec<Spanned<RawPhrase>>,
    #[serde(default)]
    event: Vec<Spanned<RawEvent>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    id: Option<Spanned<String>>,
    name: Spanned<String>,
    surname: Option<Spanned<String>>,
    wikidata: Option<Spanned<String>>,
    #[serde(default)]
    variants: Vec<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    misspellings: Vec<Spanned<String>>,
    #[serde(default)]
    except: Vec<Spanned<String>>,
    #[serde(default)]
    styles: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    deprecated: Vec<Spanned<RawDeprecation>>,
    #[serde(rename = "as-of")]
    as_of: Option<Spanned<toml::Value>>,
    #[serde(default)]
    role: Vec<Spanned<RawRole>>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    id: Option<Spanned<String>>,
    name: Spanned<String>,
    wikidata: Option<Spanned<String>>,
    #[serde(default)]
    variants: Vec<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    misspellings: Vec<Spanned<String>>,
    #[serde(default)]
    except: Vec<Spanned<String>>,
    #[serde(default)]
    styles: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    deprecated: Vec<Spanned<RawDeprecation>>,
    #[serde(rename = "as-of")]
    as_of: Option<Spanned<toml::Value>>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    title: Spanned<String>,
    #[serde(default)]
    forms: Vec<Spanned<String>>,
    from: Spanned<toml::Value>,
    until: Option<Spanned<toml::Value>>,
    #[serde(default)]
    unverified: bool,
    #[serde(default)]
    acting: bool,
    source: Option<String>,
    state: Option<Spanned<String>>,
    party: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeprecation {
    forms: Vec<Spanned<String>>,
    from: Spanned<toml::Value>,
    styles: Option<Vec<Spanned<String>>>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    id: Option<Spanned<String>>,
    name: Spanned<String>,
    #[serde(default)]
    forms: Vec<Spanned<String>>,
    date: Spanned<toml::Value>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTitle {
    title: Spanned<String>,
    #[serde(default)]
    forms: Vec<Spanned<String>>,
    #[serde(default)]
    honorific: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPhrase {
    #[serde(rename = "use")]
    use_: Spanned<String>,
    instead_of: Vec<Spanned<String>>,
    styles: Option<Vec<String>>,
    note: Option<String>,
}

/// Collects problems while converting, so that one run reports all of them.
pub(super) struct Problems(pub(super) Vec<RuleProblem>);

impl Problems {
    pub(super) fn push(
        &mut self,
        file: usize,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) {
        self.0.push(RuleProblem::new(file, span, message, label));
    }
}

/// Parses every file; returns what could be read and the problems found on the way.
pub(super) fn parse_all(sources: Vec<RuleSource>) -> (RuleSet, Vec<RuleProblem>) {
    let mut set = RuleSet::default();
    let mut problems = Problems(Vec::new());
    // The built-in roster, compiled ahead, gives the same entries without parsing its TOML; it is
    // decoded on a second thread while the other files are parsed.
    let (mut compiled, mut parsed) = std::thread::scope(|scope| {
        let compiled = scope.spawn(|| {
            sources
                .iter()
                .map(super::generated::compiled_for)
                .collect::<Vec<_>>()
        });
        let parsed: Vec<Option<Result<RawFile, toml::de::Error>>> = sources
            .iter()
            .map(|s| (!super::generated::has_compiled(s)).then(|| toml::from_str(&s.text)))
            .collect();
        (compiled.join().unwrap_or_default(), parsed)
    });
    for (file, source) in sources.iter().enumerate() {
        if let Some(c) = compiled.get_mut(file).and_then(Option::take) {
            super::generated::push_compiled(file, source, c, &mut set);
            continue;
        }
        let raw = match parsed.get_mut(file).and_then(Option::take) {
            Some(raw) => raw,
            // A compiled file that is stale: read its TOML after all.
            None => toml::from_str::<RawFile>(&source.text),
        };
        match raw {
            Ok(raw) => convert(file, &source.path, raw, &mut set, &mut problems),
            Err(err) => {
                let span = err.span().unwrap_or(0..0);
                problems.push(
                    file,
                    span,
                    format!("invalid dictionary: {}", err.message().trim_end()),
                    "here",
                );
            }
        }
    }
    set.sources = sources;
    (set, problems.0)
}

fn strings(
    list: Vec<Spanned<String>>,
    file: usize,
    what: &str,
    problems: &mut Problems,
) -> Vec<String> {
    spanned_strings(list, file, what, problems)
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

fn spanned_strings(
    list: Vec<Spanned<String>>,
    file: usize,
    what: &str,
    problems: &mut Problems,
) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::with_capacity(list.len());
    for item in list {
        let span = item.span();
        let text = normalize_space(item.get_ref());
        if text.is_empty() {
            problems.push(file, span, format!("empty {what}"), "this is empty");
        } else {
            out.push((text, span));
        }
    }
    out
}

/// Trims and collapses inner white space to single spaces.
fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The date facts were checked (`as-of`): a date, or a month or year, read as its first day (the
/// facts held then, whichever day of it they were checked on).
fn as_of(value: &Spanned<toml::Value>, file: usize, problems: &mut Problems) -> Option<Date> {
    partial_date(value, file, problems).map(PartialDate::earliest)
}

/// A date known to the day, the month or the year: `2025-01-21`, `"2019-05"`, `"1982"`.
fn partial_date(
    value: &Spanned<toml::Value>,
    file: usize,
    problems: &mut Problems,
) -> Option<PartialDate> {
    let parsed = partial_date_value(value.get_ref());
    if parsed.is_none() {
        problems.push(
            file,
            value.span(),
            "expected a date such as 2025-01-21, \"2019-05\" or \"1982\" (no time)",
            "not a date",
        );
    }
    parsed
}

fn partial_date_value(value: &toml::Value) -> Option<PartialDate> {
    match value {
        toml::Value::Datetime(d) => match (d.date, d.time, d.offset) {
            (Some(d), None, None) => {
                Date::new(i32::from(d.year), d.month, d.day).map(PartialDate::day)
            }
            _ => None,
        },
        toml::Value::String(s) => PartialDate::parse(s.trim()),
        _ => None,
    }
}

/// A Wikidata item id: `Q` and a number without leading zeros.
fn wikidata(
    value: Option<Spanned<String>>,
    file: usize,
    problems: &mut Problems,
) -> Option<String> {
    let value = value?;
    let id = value.get_ref().trim();
    let digits = id.strip_prefix('Q').unwrap_or_default();
    let valid = !digits.is_empty()
        && !digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit());
    if valid {
        Some(id.to_string())
    } else {
        problems.push(
            file,
            value.span(),
            format!("`{id}` is not a Wikidata item id such as Q22686"),
            "not a Wikidata id",
        );
        None
    }
}

fn deprecations(
    list: Vec<Spanned<RawDeprecation>>,
    file: usize,
    problems: &mut Problems,
) -> (Vec<Deprecation>, Vec<(String, Range<usize>)>) {
    let mut out = Vec::with_capacity(list.len());
    let mut spans = Vec::new();
    for item in list {
        let span = item.span();
        let d = item.into_inner();
        let forms = spanned_strings(d.forms, file, "deprecated form", problems);
        if forms.is_empty() {
            problems.push(
                file,
                span.clone(),
                "a deprecation with no forms",
                "no `forms` here",
            );
        }
        let styles = d.styles.map(|list| {
            spanned_strings(list, file, "style", problems)
                .into_iter()
                .map(|(s, _)| s)
                .collect::<Vec<_>>()
        });
        let Some(from) = partial_date(&d.from, file, problems) else {
            continue;
        };
        spans.extend(forms.iter().cloned());
        out.push(Deprecation {
            forms: forms.into_iter().map(|(f, _)| f).collect(),
            from,
            styles,
            note: d.note,
        });
    }
    (out, spans)
}

struct Common {
    id: Option<Spanned<String>>,
    name: Spanned<String>,
    wikidata: Option<Spanned<String>>,
    variants: Vec<Spanned<String>>,
    aliases: Vec<Spanned<String>>,
    misspellings: Vec<Spanned<String>>,
    except: Vec<Spanned<String>>,
    styles: BTreeMap<String, Spanned<String>>,
    deprecated: Vec<Spanned<RawDeprecation>>,
    as_of: Option<Spanned<toml::Value>>,
    note: Option<String>,
}

fn entity(
    file: usize,
    span: Range<usize>,
    kind: EntityKind,
    raw: Common,
    problems: &mut Problems,
) -> Entity {
    let name = normalize_space(raw.name.get_ref());
    if name.is_empty() {
        problems.push(
            file,
            raw.name.span(),
            format!("empty {} name", kind.as_str()),
            "this name is empty",
        );
    }
    let id_span = raw
        .id
        .as_ref()
        .map_or_else(|| raw.name.span(), Spanned::span);
    let id = match &raw.id {
        Some(id) if id.get_ref().trim().is_empty() => {
            problems.push(file, id.span(), "empty id", "this id is empty");
            String::new()
        }
        Some(id) => id.get_ref().trim().to_string(),
        None => slug(&name),
    };
    let mut spans = vec![(FormRole::Name, name.clone(), raw.name.span())];
    let mut styles = Vec::new();
    for (style, form) in raw.styles {
        let text = normalize_space(form.get_ref());
        if text.is_empty() {
            problems.push(
                file,
                form.span(),
                format!("empty form for style `{style}`"),
                "this is empty",
            );
        } else {
            spans.push((FormRole::Style, text.clone(), form.span()));
            styles.push((style, text));
        }
    }
    let variants = spanned_strings(raw.variants, file, "variant", problems);
    let aliases = spanned_strings(raw.aliases, file, "alias", problems);
    let misspellings = spanned_strings(raw.misspellings, file, "misspelling", problems);
    let (deprecated, deprecated_spans) = deprecations(raw.deprecated, file, problems);
    for (role, list) in [
        (FormRole::Variant, &variants),
        (FormRole::Alias, &aliases),
        (FormRole::Misspelling, &misspellings),
        (FormRole::Deprecated, &deprecated_spans),
    ] {
        spans.extend(list.iter().map(|(t, s)| (role, t.clone(), s.clone())));
    }
    Entity {
        id,
        kind,
        name,
        surname: None,
        wikidata: wikidata(raw.wikidata, file, problems),
        variants: variants.into_iter().map(|(t, _)| t).collect(),
        aliases: aliases.into_iter().map(|(t, _)| t).collect(),
        misspellings: misspellings.into_iter().map(|(t, _)| t).collect(),
        except: strings(raw.except, file, "except phrase", problems),
        styles,
        deprecated,
        form_spans: spans,
        as_of: raw.as_of.as_ref().and_then(|d| as_of(d, file, problems)),
        roles: Vec::new(),
        note: raw.note,
        origin: Origin { file, span },
        id_span,
    }
}

fn convert(file: usize, path: &str, raw: RawFile, set: &mut RuleSet, problems: &mut Problems) {
    let as_of = raw.as_of.as_ref().and_then(|d| as_of(d, file, problems));
    let summary = FileSummary {
        path: path.to_string(),
        people: raw.person.len(),
        places: raw.place.len(),
        organizations: raw.organization.len(),
        titles: raw.title.len(),
        phrases: raw.phrase.len(),
        events: raw.event.len(),
        as_of,
    };
    let first_entity = set.entities.len();
    for person in raw.person {
        let span = person.span();
        let p = person.into_inner();
        let surname_span = p.surname.as_ref().map(Spanned::span);
        let mut e = entity(
            file,
            span,
            EntityKind::Person,
            Common {
                id: p.id,
                name: p.name,
                wikidata: p.wikidata,
                variants: p.variants,
                aliases: p.aliases,
                misspellings: p.misspellings,
                except: p.except,
                styles: p.styles,
                deprecated: p.deprecated,
                as_of: p.as_of,
                note: p.note,
            },
            problems,
        );
        let surname = match p.surname {
            Some(s) => normalize_space(s.get_ref()),
            // The last word of the name, a generational suffix ("Jr.") aside.
            None => crate::text::without_suffixes(&e.name)
                .split_whitespace()
                .last()
                .unwrap_or_default()
                .to_string(),
        };
        if let Some(span) = surname_span {
            if surname.is_empty() {
                problems.push(file, span, "empty surname", "this is empty");
            } else if !e.ends_with_surname(&surname) {
                problems.push(
                    file,
                    span,
                    format!(
                        "surname `{surname}` is not the end of the name `{}`",
                        e.name
                    ),
                    "not the end of the name",
                );
            }
        }
        e.surname = (!surname.is_empty()).then_some(surname);
        for role in p.role {
            let r = role.into_inner();
            let from = partial_date(&r.from, file, problems);
            let until = r
                .until
                .as_ref()
                .and_then(|u| partial_date(u, file, problems));
            let title = normalize_space(r.title.get_ref());
            if title.is_empty() {
                problems.push(file, r.title.span(), "empty role title", "this is empty");
            }
            if let (Some(from), Some(until), Some(until_raw)) = (from, until, &r.until) {
                if until.latest() < from.earliest() {
                    problems.0.push(RuleProblem {
                        file,
                        span: until_raw.span(),
                        message: format!(
                            "role `{title}` of {} ends ({until}) before it starts ({from})",
                            e.name
                        ),
                        label: "`until` is before `from`".into(),
                        secondary: vec![(file, r.from.span(), "`from` is here".into())],
                    });
                }
            }
            let state = r.state.and_then(|s| {
                let code = s.get_ref().trim();
                if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
                    Some(code.to_string())
                } else {
                    problems.push(
                        file,
                        s.span(),
                        format!("`{code}` is not a two-letter state code such as KY"),
                        "not a state code",
                    );
                    None
                }
            });
            if let Some(from) = from {
                e.roles.push(Role {
                    title,
                    forms: strings(r.forms, file, "title form", problems),
                    from,
                    until,
                    unverified: r.unverified,
                    acting: r.acting,
                    source: r.source,
                    state,
                    party: r.party,
                    note: r.note,
                });
            }
        }
        set.entities.push(e);
    }
    for (kind, list) in [
        (EntityKind::Place, raw.place),
        (EntityKind::Organization, raw.organization),
    ] {
        for item in list {
            let span = item.span();
            let p = item.into_inner();
            let e = entity(
                file,
                span,
                kind,
                Common {
                    id: p.id,
                    name: p.name,
                    wikidata: p.wikidata,
                    variants: p.variants,
                    aliases: p.aliases,
                    misspellings: p.misspellings,
                    except: p.except,
                    styles: p.styles,
                    deprecated: p.deprecated,
                    as_of: p.as_of,
                    note: p.note,
                },
                problems,
            );
            set.entities.push(e);
        }
    }
    for e in &mut set.entities[first_entity..] {
        e.as_of = e.as_of.or(as_of);
    }
    for title in raw.title {
        let t = title.into_inner();
        let name = normalize_space(t.title.get_ref());
        if name.is_empty() {
            problems.push(file, t.title.span(), "empty title", "this is empty");
            continue;
        }
        set.titles.push(Title {
            title: name,
            forms: strings(t.forms, file, "title form", problems),
            honorific: t.honorific,
        });
    }
    for phrase in raw.phrase {
        let span = phrase.span();
        let p = phrase.into_inner();
        let use_ = normalize_space(p.use_.get_ref());
        if use_.is_empty() {
            problems.push(file, p.use_.span(), "empty `use`", "this is empty");
        }
        let instead_of = strings(p.instead_of, file, "`instead-of` form", problems);
        set.phrases.push(Phrase {
            use_,
            instead_of,
            styles: p.styles,
            note: p.note,
            origin: Origin { file, span },
        });
    }
    for event in raw.event {
        let span = event.span();
        let ev = event.into_inner();
        let name = normalize_space(ev.name.get_ref());
        if name.is_empty() {
            problems.push(file, ev.name.span(), "empty event name", "this is empty");
        }
        let (id, id_span) = match &ev.id {
            Some(id) => (id.get_ref().trim().to_string(), id.span()),
            None => (slug(&name), ev.name.span()),
        };
        let form_spans = spanned_strings(ev.forms, file, "event form", problems);
        if let Some(date) = partial_date(&ev.date, file, problems) {
            let mut all_spans = vec![(name.clone(), ev.name.span())];
            all_spans.extend(form_spans.iter().cloned());
            set.events.push(Event {
                id,
                name,
                forms: form_spans.into_iter().map(|(f, _)| f).collect(),
                date,
                note: ev.note,
                origin: Origin { file, span },
                form_spans: all_spans,
                id_span,
            });
        }
    }
    set.files.push(summary);
}
