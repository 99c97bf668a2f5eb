//! TOML -> [`RuleSet`]: serde structs that mirror the file format, then conversion.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

use super::{
    slug, Entity, EntityKind, FileSummary, FormRole, Origin, Phrase, Role, RuleSet, Title,
};
use crate::date::Date;

/// One dictionary file as read: its path (as shown to users) and text.
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub path: String,
    pub text: String,
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
    as_of: Option<Spanned<Datetime>>,
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    id: Option<Spanned<String>>,
    name: Spanned<String>,
    surname: Option<Spanned<String>>,
    #[serde(default)]
    variants: Vec<Spanned<String>>,
    #[serde(default)]
    misspellings: Vec<Spanned<String>>,
    #[serde(default)]
    except: Vec<Spanned<String>>,
    #[serde(default)]
    styles: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    role: Vec<Spanned<RawRole>>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    id: Option<Spanned<String>>,
    name: Spanned<String>,
    #[serde(default)]
    variants: Vec<Spanned<String>>,
    #[serde(default)]
    misspellings: Vec<Spanned<String>>,
    #[serde(default)]
    except: Vec<Spanned<String>>,
    #[serde(default)]
    styles: BTreeMap<String, Spanned<String>>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    title: Spanned<String>,
    #[serde(default)]
    forms: Vec<Spanned<String>>,
    from: Spanned<Datetime>,
    until: Option<Spanned<Datetime>>,
    #[serde(default)]
    unverified: bool,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTitle {
    title: Spanned<String>,
    #[serde(default)]
    forms: Vec<Spanned<String>>,
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
        self.0.push(RuleProblem {
            file,
            span,
            message: message.into(),
            label: label.into(),
            secondary: Vec::new(),
        });
    }
}

/// Parses every file; returns what could be read and the problems found on the way.
pub(super) fn parse_all(sources: Vec<RuleSource>) -> (RuleSet, Vec<RuleProblem>) {
    let mut set = RuleSet::default();
    let mut problems = Problems(Vec::new());
    for (file, source) in sources.iter().enumerate() {
        match toml::from_str::<RawFile>(&source.text) {
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

fn date(value: &Spanned<Datetime>, file: usize, problems: &mut Problems) -> Option<Date> {
    let parsed = match (value.get_ref().date, value.get_ref().time) {
        (Some(d), None) => Date::new(i32::from(d.year), d.month, d.day),
        _ => None,
    };
    if parsed.is_none() {
        problems.push(
            file,
            value.span(),
            "expected a date such as 2025-01-21 (no time)",
            "not a plain date",
        );
    }
    parsed
}

struct Common {
    id: Option<Spanned<String>>,
    name: Spanned<String>,
    variants: Vec<Spanned<String>>,
    misspellings: Vec<Spanned<String>>,
    except: Vec<Spanned<String>>,
    styles: BTreeMap<String, Spanned<String>>,
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
    let misspellings = spanned_strings(raw.misspellings, file, "misspelling", problems);
    spans.extend(
        variants
            .iter()
            .map(|(t, s)| (FormRole::Variant, t.clone(), s.clone())),
    );
    spans.extend(
        misspellings
            .iter()
            .map(|(t, s)| (FormRole::Misspelling, t.clone(), s.clone())),
    );
    Entity {
        id,
        kind,
        name,
        surname: None,
        variants: variants.into_iter().map(|(t, _)| t).collect(),
        misspellings: misspellings.into_iter().map(|(t, _)| t).collect(),
        except: strings(raw.except, file, "except phrase", problems),
        styles,
        form_spans: spans,
        as_of: None,
        roles: Vec::new(),
        note: raw.note,
        origin: Origin { file, span },
        id_span,
    }
}

fn convert(file: usize, path: &str, raw: RawFile, set: &mut RuleSet, problems: &mut Problems) {
    let summary = FileSummary {
        path: path.to_string(),
        people: raw.person.len(),
        places: raw.place.len(),
        organizations: raw.organization.len(),
        titles: raw.title.len(),
        phrases: raw.phrase.len(),
    };
    let as_of = raw.as_of.as_ref().and_then(|d| date(d, file, problems));
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
                variants: p.variants,
                misspellings: p.misspellings,
                except: p.except,
                styles: p.styles,
                note: p.note,
            },
            problems,
        );
        let surname = match p.surname {
            Some(s) => normalize_space(s.get_ref()),
            None => e
                .name
                .split_whitespace()
                .last()
                .unwrap_or_default()
                .to_string(),
        };
        if let Some(span) = surname_span {
            if surname.is_empty() {
                problems.push(file, span, "empty surname", "this is empty");
            } else if !e.name.ends_with(&surname) {
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
            let from = date(&r.from, file, problems);
            let until = r.until.as_ref().and_then(|u| date(u, file, problems));
            let title = normalize_space(r.title.get_ref());
            if title.is_empty() {
                problems.push(file, r.title.span(), "empty role title", "this is empty");
            }
            if let (Some(from), Some(until), Some(until_raw)) = (from, until, &r.until) {
                if until < from {
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
            if let Some(from) = from {
                e.roles.push(Role {
                    title,
                    forms: strings(r.forms, file, "title form", problems),
                    from,
                    until,
                    unverified: r.unverified,
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
                    variants: p.variants,
                    misspellings: p.misspellings,
                    except: p.except,
                    styles: p.styles,
                    note: p.note,
                },
                problems,
            );
            set.entities.push(e);
        }
    }
    for e in &mut set.entities[first_entity..] {
        e.as_of = as_of;
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
    set.files.push(summary);
}
