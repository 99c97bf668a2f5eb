//! Cross-entry checks on a parsed rule set.

use crate::hash::FormMap;

use super::load::RuleProblem;
use super::{FormRole, RuleSet};

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
            problems.push(RuleProblem {
                file: entity.origin.file,
                span: entity.id_span.clone(),
                message: format!("duplicate id `{}`", entity.id),
                label: "this id is already used".into(),
                secondary: vec![(
                    other.origin.file,
                    other.id_span.clone(),
                    "first used here".into(),
                )],
            });
        } else {
            ids.insert(&entity.id, i);
        }
    }

    // A form claimed by two entities, or listed both as correct and as a misspelling.
    let mut claims: FormMap<&str, (usize, FormRole, usize)> = FormMap::default();
    for (i, entity) in set.entities.iter().enumerate() {
        for (k, (role, form, span)) in entity.form_spans.iter().enumerate() {
            let Some(&(j, first_role, first_k)) = claims.get(form.as_str()) else {
                claims.insert(form, (i, *role, k));
                continue;
            };
            let first = &set.entities[j];
            let first_span = first.form_spans[first_k].2.clone();
            if j != i {
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
            } else if first_role.is_correct() != role.is_correct() {
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

    problems
}
