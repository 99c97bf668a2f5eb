use super::{CheckMeta, Ctx, Findings, FixAvailability};
use crate::diagnostic::{word_edit, Applicability, Diagnostic, Severity};
use crate::index::{apply_case, NameForm};
use crate::rules::EntityKind;
use crate::scan::Mention;

pub static META: CheckMeta = CheckMeta {
    code: "inconsistent-spelling",
    summary: "One name spelled two ways in one document",
    severity: Severity::Warning,
    fix: FixAvailability::Always,
    explanation: "\
## What it catches
With no house style chosen, a person, place or organization written in two correct but different
spellings in the same document: \"Zelenskyy\" in one paragraph and \"Zelenskiy\" in another,
\"Sergei Lavrov\" and \"Sergey Lavrov\". Longer and shorter forms of a name (\"Donald Trump\",
\"Donald J. Trump\", \"Trump\") are not different spellings. Different articles may use different
spellings; only a document that disagrees with itself is reported.

## Why
Copy assembled from several wires, or edited by several people, mixes spellings. Readers take two
spellings for two people, and search misses half the mentions.

## Example
```text
Volodymyr Zelenskyy met the delegation. Later, Zelenskiy said ...
```

## Fix
Safe: the spelling the document used first (\"Zelenskyy\"). The first use is shown as a secondary
label.
",
};

pub fn run(ctx: &Ctx<'_>, out: &mut Findings) {
    if ctx.style.is_some() {
        return;
    }
    // Quotations and page furniture (a quoted post, another story's headline in a teaser) keep
    // their own spellings: only the article's running copy is held to one.
    let mentions: Vec<&Mention> = if ctx.scan.mentions.len() > 1 {
        let not_copy = ctx.not_copy();
        ctx.scan
            .mentions
            .iter()
            .filter(|m| !not_copy.contains(m.span.start))
            .collect()
    } else {
        return;
    };
    for (i, &m) in mentions.iter().enumerate() {
        let kind = ctx.rules.entities[m.entity].kind;
        let form = &ctx.index.forms[m.entity][m.form];
        let mut earlier = mentions[..i]
            .iter()
            .copied()
            .filter(|p| p.entity == m.entity);
        let Some(first) = earlier.next() else {
            continue;
        };
        let forms = &ctx.index.forms[m.entity];
        // The document's first spelling of the surname, then of a form of the same length.
        let surname_conflict = (kind == EntityKind::Person)
            .then(|| conflict(kind, &forms[first.form], form))
            .flatten();
        // A surname alone agrees with the first spelling, whatever other mentions did.
        let whole_forms = !(kind == EntityKind::Person && form.surname_only);
        let found_conflict = surname_conflict.map(|r| (first, r)).or_else(|| {
            if !whole_forms {
                return None;
            }
            // Only mentions that agree with the first spelling's surname are a reference: one
            // that does not is itself reported, and fixed to the first spelling.
            let surname = |p: &Mention| forms[p.form].surname().to_lowercase();
            std::iter::once(first)
                .chain(earlier)
                .filter(|p| kind != EntityKind::Person || surname(p) == surname(first))
                .find(|p| same_shape(&forms[p.form], form))
                .and_then(|p| conflict(kind, &forms[p.form], form).map(|r| (p, r)))
        });
        let Some((first, replacement)) = found_conflict else {
            continue;
        };
        let found = &ctx.doc.source[m.span.clone()];
        let first_text = &ctx.doc.source[first.span.clone()];
        let replacement = apply_case(m.case, &replacement);
        let entity = &ctx.rules.entities[m.entity];
        out.push(
            Diagnostic::new(
                META.code,
                META.severity,
                m.span.clone(),
                format!(
                    "{} is spelled `{found}` here but `{first_text}` earlier in this document",
                    entity.name
                ),
            )
            .with_label("spelled differently")
            .with_secondary(first.span.clone(), "first spelled this way here")
            .with_help(format!(
                "write \"{replacement}\" as earlier, or choose a house style with --style"
            ))
            .with_fix(
                word_edit(&ctx.doc.source, m.span.clone(), &replacement),
                Applicability::Safe,
            ),
        );
    }
}

/// If `later` spells the entity differently from `first`, the text `later` should have.
fn conflict(kind: EntityKind, first: &NameForm, later: &NameForm) -> Option<String> {
    let lower = |s: &str| s.to_lowercase();
    if kind == EntityKind::Person && lower(&first.surname()) != lower(&later.surname()) {
        let words = later.words();
        let keep = words
            .len()
            .saturating_sub(later.surname_words.min(words.len()));
        let mut fixed: Vec<String> = words[..keep].iter().map(|w| (*w).to_string()).collect();
        if later.surname_only {
            fixed.clear();
        }
        fixed.push(first.surname());
        return Some(fixed.join(" "));
    }
    (same_shape(first, later) && lower(&first.text) != lower(&later.text))
        .then(|| first.text.clone())
}

/// Forms of the same number of words, both full or both surnames: comparable word by word.
fn same_shape(a: &NameForm, b: &NameForm) -> bool {
    a.words().len() == b.words().len() && a.surname_only == b.surname_only
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::{assert_diagnostics, linter};

    const RULES: &str = r#"
[[person]]
name = "Volodymyr Zelenskyy"
variants = ["Volodymyr Zelensky", "Volodymyr Zelenskiy"]

[[person]]
name = "Sergei Lavrov"
variants = ["Sergey Lavrov"]

[[person]]
name = "Donald Trump"
variants = ["Donald J. Trump"]

[[organization]]
name = "National Security and Defense Council"
variants = ["National Security and Defence Council", "NSDC"]
"#;

    #[test]
    fn surname_and_full_form_spellings() {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "inconsistent-spelling",
            "Volodymyr Zelenskyy spoke. Zelenskiy left. Zelenskyy came back. Volodymyr Zelensky too.",
            &[("Zelenskiy", Some("Zelenskyy")), ("Volodymyr Zelensky", Some("Zelenskyy"))],
        );
    }

    #[test]
    fn given_names_and_organizations() {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "inconsistent-spelling",
            "Sergei Lavrov, then Sergey Lavrov. The National Security and Defense Council (NSDC) and the National Security and Defence Council.",
            &[("Sergey Lavrov", Some("Sergei")), ("National Security and Defence Council", Some("Defense"))],
        );
    }

    /// The reference is the first spelling, not a later mention that differs from it.
    #[test]
    fn a_misspelt_mention_is_no_reference() {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "inconsistent-spelling",
            "Zelenskiy spoke. Volodymyr Zelenskyy left. Volodymyr Zelenskiy came back.",
            &[("Volodymyr Zelenskyy", Some("Zelenskiy"))],
        );
    }

    #[test]
    fn longer_and_shorter_forms_are_not_spellings() {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "inconsistent-spelling",
            "Donald J. Trump, Donald Trump and Trump.",
            &[],
        );
    }

    #[test]
    fn not_with_a_style() {
        let l = linter(RULES, Some("ap"), "2025-12-20");
        assert_diagnostics(
            &l,
            "inconsistent-spelling",
            "Volodymyr Zelenskyy. Zelenskiy.",
            &[],
        );
    }

    #[test]
    fn quotations_and_page_furniture_keep_their_own_spellings() {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "inconsistent-spelling",
            "Volodymyr Zelenskyy spoke. \"Zelenskiy is right,\" she said.\n\nMORE: Zelenskiy visits Berlin\n",
            &[],
        );
    }
}
