use super::{style_label, CheckMeta, Ctx, Findings, FixAvailability};
use crate::diagnostic::{word_edit, Applicability, Diagnostic, Severity};
use crate::index::apply_case;
use crate::rules::Deprecation;
use crate::text::normalize_form;

pub static META: CheckMeta = CheckMeta {
    code: "off-style-spelling",
    summary: "A correct spelling that the chosen house style does not use",
    severity: Severity::Warning,
    fix: FixAvailability::Always,
    explanation: "\
## What it catches
With a house style chosen (`--style ap`, or `style` in `copydesk.toml`), a name written in a
correct form that this style does not use: \"Zelenskiy\" is Reuters style, AP writes \"Zelenskyy\".
Entities whose dictionary entry names no form for the style are not judged. Names inside a
title are judged too: Reuters writes \"Secretary of the National Security and Defence Council\".

## Why
Several spellings of a name can be right, but a publication uses one. Wire copy from another
agency, or a writer used to another house, brings in the others.

## Example
```text
Ukrainian President Volodymyr Zelenskiy said on Saturday ...   (checked with --style ap)
```

## Fix
Safe: the style's form (\"Volodymyr Zelenskyy\"); on a later reference by surname alone, the
style's surname (\"Zelenskyy\").
",
};

pub fn run(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(style) = ctx.style else { return };
    for m in ctx.scan.mentions.iter().chain(&ctx.scan.in_titles) {
        let entity = &ctx.rules.entities[m.entity];
        let form = &ctx.index.forms[m.entity][m.form];
        // A form the style itself used until a date ("Zelensky" in AP copy before 2022, "Kiev" in
        // the Guardian's before 2019-02-13) is judged by the style of the article's day.
        let mut since = None;
        let mut dated_for_style = false;
        if let Some(d) = form.dated {
            let deprecations = &ctx.index.dated[d as usize];
            let named = |x: &&Deprecation| {
                x.styles
                    .as_ref()
                    .is_some_and(|l| l.iter().any(|s| s == style))
            };
            if deprecations.iter().any(|x| named(&x)) {
                if !Deprecation::wrong_on(deprecations.iter(), ctx.date, Some(style)) {
                    continue;
                }
                dated_for_style = true;
                since = deprecations.iter().filter(named).map(|x| x.from).next();
            }
        }
        // The style's form, else (for a form the style has dropped) the canonical name.
        let Some(style_form) = entity
            .style_form(style)
            .or(dated_for_style.then_some(entity.name.as_str()))
        else {
            continue;
        };
        let expected = if m.surname_only {
            let full = crate::index::NameForm {
                text: normalize_form(style_form),
                ..form.clone()
            };
            full.surname()
        } else {
            normalize_form(style_form)
        };
        if form.text == expected {
            continue;
        }
        let replacement = apply_case(m.case, &expected);
        let found = &ctx.doc.source[m.span.clone()];
        let since = since.map_or_else(String::new, |from| format!(" since {from}"));
        out.push(
            Diagnostic::new(
                META.code,
                META.severity,
                m.span.clone(),
                format!(
                    "`{found}` is not {} style for {}{since}: it writes `{expected}`",
                    style_label(style),
                    entity.name
                ),
            )
            .with_label(format!("not {} style", style_label(style)))
            .with_help(format!("write \"{replacement}\""))
            .with_fix(
                word_edit(&ctx.doc.source, m.span.clone(), &replacement),
                Applicability::Safe,
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::{assert_diagnostics, linter};

    const RULES: &str = r#"
[[person]]
name = "Volodymyr Zelenskyy"
variants = ["Volodymyr Zelensky"]
[person.styles]
ap = "Volodymyr Zelenskyy"
reuters = "Volodymyr Zelenskiy"

[[person]]
name = "Recep Tayyip Erdogan"
variants = ["Recep Tayyip Erdoğan"]
[person.styles]
ap = "Recep Tayyip Erdogan"
reuters = "Tayyip Erdogan"

[[person]]
name = "Marco Rubio"
"#;

    #[test]
    fn flags_other_styles_forms_full_and_surname() {
        let l = linter(RULES, Some("ap"), "2025-12-20");
        assert_diagnostics(
            &l,
            "off-style-spelling",
            "Volodymyr Zelenskiy met Zelensky. Zelenskyy agreed. ZELENSKIY said. Marco Rubio too.",
            &[
                ("Volodymyr Zelenskiy", Some("Zelenskyy")),
                ("Zelensky", Some("Zelenskyy")),
                ("ZELENSKIY", Some("ZELENSKYY")),
            ],
        );
    }

    #[test]
    fn style_forms_that_differ_in_length() {
        let l = linter(RULES, Some("reuters"), "2025-12-20");
        assert_diagnostics(
            &l,
            "off-style-spelling",
            "Recep Tayyip Erdogan and Tayyip Erdogan; Erdoğan.",
            &[
                ("Recep Tayyip Erdogan", Some("Tayyip Erdogan")),
                ("Erdoğan", Some("Erdogan")),
            ],
        );
    }

    #[test]
    fn names_inside_titles() {
        let rules = format!(
            "{RULES}{}",
            r#"
[[organization]]
name = "National Security and Defense Council"
variants = ["National Security and Defence Council"]
[organization.styles]
reuters = "National Security and Defence Council"

[[title]]
title = "Secretary of the National Security and Defense Council"
forms = ["Secretary of the National Security and Defence Council"]
"#
        );
        let l = linter(&rules, Some("reuters"), "2025-12-20");
        assert_diagnostics(
            &l,
            "off-style-spelling",
            "Secretary of the National Security and Defense Council; \
             Secretary of the National Security and Defence Council; \
             President Recep Tayyip Erdogan.",
            &[
                ("National Security and Defense Council", Some("Defence")),
                ("Recep Tayyip Erdogan", Some("Tayyip Erdogan")),
            ],
        );
    }

    #[test]
    fn nothing_without_a_style() {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(&l, "off-style-spelling", "Volodymyr Zelenskiy", &[]);
    }

    #[test]
    fn a_style_is_judged_by_its_own_day() {
        let rules = r#"
[[person]]
name = "Volodymyr Zelenskyy"
variants = ["Volodymyr Zelensky"]
  [person.styles]
  ap = "Volodymyr Zelenskyy"
  [[person.deprecated]]
  forms = ["Volodymyr Zelensky", "Zelensky"]
  from = "2022-03"
  styles = ["ap"]
"#;
        let text = "Volodymyr Zelensky spoke. Zelensky left.";
        // AP wrote "Zelensky" until March 2022: not off-style in its copy of 2019.
        assert_diagnostics(
            &linter(rules, Some("ap"), "2019-10-01"),
            "off-style-spelling",
            text,
            &[],
        );
        assert_diagnostics(
            &linter(rules, Some("ap"), "2022-04-01"),
            "off-style-spelling",
            text,
            &[
                ("Volodymyr Zelensky", Some("Zelenskyy")),
                ("Zelensky", Some("Zelenskyy")),
            ],
        );
        // Without a default entry, the form is never a misspelling.
        assert_diagnostics(
            &linter(rules, None, "2024-01-01"),
            "misspelled-name",
            text,
            &[],
        );
    }
}
