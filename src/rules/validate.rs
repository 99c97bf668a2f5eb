//! Cross-entry checks on a parsed rule set.

use crate::hash::FormMap;
use crate::text::{capitalized, normalize_form};

use super::load::RuleProblem;
use super::{FormRole, RuleSet};

/// Removes every alias that another entry claims as a name, variant, style form, misspelling or
/// deprecated form: an alias is recognised, never endorsed, so any other claim wins over it.
pub(super) fn drop_claimed_aliases(set: &mut RuleSet) {
    let mut owners: FormMap<String, Vec<usize>> = FormMap::default();
    for (i, entity) in set.entities.iter().enumerate() {
        for (role, form, _) in &entity.form_spans {
            if *role != FormRole::Alias {
                owners.entry(form.clone()).or_default().push(i);
            }
        }
    }
    for (i, entity) in set.entities.iter_mut().enumerate() {
        let claimed = |form: &str| owners.get(form).is_some_and(|o| o.iter().any(|&j| j != i));
        entity.aliases.retain(|a| !claimed(a));
        entity
            .form_spans
            .retain(|(role, form, _)| *role != FormRole::Alias || !claimed(form));
    }
}

/// The texts of copy a name form matches in running text, as `index::case_match` does: as
/// normalised for the scan (so a decomposed and a composed spelling are one), and with a raised
/// first letter when it starts in lower case. (Forms also match in capitals, but two forms that
/// differ only there, such as `Chavez-DeRemer` and its misspelling `Chavez-Deremer`, are still
/// told apart in every other text.)
fn case_keys(form: &str) -> Vec<String> {
    let form = normalize_form(form);
    let raised = capitalized(&form);
    std::iter::once(form).chain(raised).collect()
}

pub(super) fn validate(set: &RuleSet) -> Vec<RuleProblem> {
    let mut problems = Vec::new();

    // Duplicate ids.
    let mut ids: FormMap<&str, usize> = FormMap::default();
    for (i, entity) in set.entities.iter().enumerate() {
        if entity.id.is_empty() {
            continue;
        }
        if let Some(&first) = ids.get(entity.id.as_str()) {
            let other = &set.entities[first];
            problems.push(duplicate_id(
                format!("duplicate id `{}`", entity.id),
                (entity.origin.file, entity.id_span.clone()),
                (other.origin.file, other.id_span.clone()),
            ));
        } else {
            ids.insert(&entity.id, i);
        }
    }

    // A form claimed by two entities, or listed both as correct and as a misspelling; forms
    // count as one when they match the same text under the matcher's case rules (`Kyiv` and
    // `kyiv` both match "Kyiv").
    let mut claims: FormMap<String, (usize, FormRole, usize)> = FormMap::default();
    for (i, entity) in set.entities.iter().enumerate() {
        for (k, (role, form, span)) in entity.form_spans.iter().enumerate() {
            let keys = case_keys(form);
            let Some(&(j, first_role, first_k)) = keys.iter().find_map(|key| claims.get(key))
            else {
                for key in keys {
                    claims.insert(key, (i, *role, k));
                }
                continue;
            };
            let first = &set.entities[j];
            let first_span = first.form_spans[first_k].2.clone();
            let first_form = &first.form_spans[first_k].1;
            let form = if first_form == form {
                form.clone()
            } else {
                format!(
                    "{form}` matches what `{first_form}` matches (names match as written or with a \
                     capital first letter), so `{form}"
                )
            };
            let aliases = (*role == FormRole::Alias, first_role == FormRole::Alias);
            if j != i && super::generated::homonyms(set, first, entity) {
                // Two imported people who share a name: copy must tell them apart.
                continue;
            }
            if j != i && (aliases.0 || aliases.1) {
                // Two entries may share an alias (their own forms win over it, see
                // `drop_claimed_aliases`): the name finds both, and tells neither apart.
                continue;
            }
            let wrong_two_ways = matches!(
                (first_role, *role),
                (FormRole::Misspelling, FormRole::Deprecated)
                    | (FormRole::Deprecated, FormRole::Misspelling)
            );
            if j == i && wrong_two_ways {
                problems.push(RuleProblem {
                    file: entity.origin.file,
                    span: span.clone(),
                    message: format!(
                        "`{form}` of `{}` is listed both as a misspelling (always wrong) and as deprecated (wrong from a date)",
                        entity.name
                    ),
                    label: format!("listed as a {}", role.as_str()),
                    secondary: vec![(
                        first.origin.file,
                        first_span,
                        format!("listed as a {}", first_role.as_str()),
                    )],
                });
            } else if j != i {
                problems.push(RuleProblem {
                    file: entity.origin.file,
                    span: span.clone(),
                    message: format!(
                        "`{form}` is claimed by two entries: {} `{}` and {} `{}`",
                        first.kind.as_str(),
                        first.name,
                        entity.kind.as_str(),
                        entity.name
                    ),
                    label: format!("{} of `{}`", role.as_str(), entity.name),
                    secondary: vec![(
                        first.origin.file,
                        first_span,
                        format!("{} of `{}`", first_role.as_str(), first.name),
                    )],
                });
            } else if first_role.is_correct() != role.is_correct()
                && !matches!(
                    (first_role, *role),
                    (FormRole::Variant | FormRole::Style, FormRole::Deprecated)
                        | (FormRole::Deprecated, FormRole::Variant | FormRole::Style)
                )
            {
                // A variant may also be deprecated: correct until its date, and perhaps only
                // for some styles.
                problems.push(RuleProblem {
                    file: entity.origin.file,
                    span: span.clone(),
                    message: format!(
                        "`{form}` of `{}` is listed both as correct and as a misspelling",
                        entity.name
                    ),
                    label: format!("listed as a {}", role.as_str()),
                    secondary: vec![(
                        first.origin.file,
                        first_span,
                        format!("listed as a {}", first_role.as_str()),
                    )],
                });
            }
        }
    }

    problems.extend(validate_events(set));
    problems
}

/// An id written at `at` (file, span) that `first` already used.
fn duplicate_id(
    message: String,
    at: (usize, std::ops::Range<usize>),
    first: (usize, std::ops::Range<usize>),
) -> RuleProblem {
    RuleProblem {
        file: at.0,
        span: at.1,
        message,
        label: "this id is already used".into(),
        secondary: vec![(first.0, first.1, "first used here".into())],
    }
}

/// Event ids are unique, and a form (compared without case, as copy is matched) names one event.
fn validate_events(set: &RuleSet) -> Vec<RuleProblem> {
    let mut problems = Vec::new();
    let mut ids: FormMap<&str, usize> = FormMap::default();
    let mut forms: FormMap<String, (usize, usize)> = FormMap::default();
    for (i, event) in set.events.iter().enumerate() {
        if let Some(&first) = ids.get(event.id.as_str()) {
            let other = &set.events[first];
            problems.push(duplicate_id(
                format!("duplicate event id `{}`", event.id),
                (event.origin.file, event.id_span.clone()),
                (other.origin.file, other.id_span.clone()),
            ));
        } else {
            ids.insert(&event.id, i);
        }
        for (k, (form, span)) in event.form_spans.iter().enumerate() {
            let key = crate::text::normalize_form(form).to_lowercase();
            match forms.get(&key) {
                Some(&(j, _)) if j == i => {}
                Some(&(j, first_k)) => {
                    let other = &set.events[j];
                    problems.push(RuleProblem {
                        file: event.origin.file,
                        span: span.clone(),
                        message: format!(
                            "`{form}` names two events: `{}` and `{}`",
                            other.name, event.name
                        ),
                        label: format!("form of `{}`", event.name),
                        secondary: vec![(
                            other.origin.file,
                            other.form_spans[first_k].1.clone(),
                            format!("form of `{}`", other.name),
                        )],
                    });
                }
                None => {
                    forms.insert(key, (i, k));
                }
            }
        }
    }
    problems
}
