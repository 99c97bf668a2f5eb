use super::{CheckMeta, Ctx, Findings, FixAvailability};
use crate::diagnostic::{word_edit, Applicability, Diagnostic, Severity};
use crate::index::{match_case, Meaning};

pub static META: CheckMeta = CheckMeta {
    code: "house-style",
    summary: "A word the house style replaces with another",
    severity: Severity::Warning,
    fix: FixAvailability::Always,
    explanation: "\
## What it catches
A word or phrase that a `[[phrase]]` rule replaces: \"advisor\" where AP and Reuters write
\"adviser\". A rule with `styles` applies only under those house styles; one without applies
always. The plural of a one-word form is caught too (\"advisors\").

## Why
House word choices are the commonest edits a copy desk makes by hand.

## Example
```text
Marco Rubio, Trump's top diplomat and national security advisor, ...
```

## Fix
Safe: the house word, in the case of the original (\"adviser\", \"Adviser\", \"ADVISER\").
",
};

pub fn run(ctx: &Ctx<'_>, out: &mut Findings) {
    for hit in &ctx.scan.phrase_hits {
        for (meaning, _) in ctx.scan.meanings(ctx.index, hit) {
            let Meaning::Phrase {
                phrase,
                replacement,
            } = meaning
            else {
                continue;
            };
            let rule = &ctx.rules.phrases[*phrase];
            if !rule.applies(ctx.style) {
                continue;
            }
            let found = &ctx.doc.source[hit.span.clone()];
            let replacement = match_case(found, replacement);
            let whose = match &rule.styles {
                Some(styles) if !styles.is_empty() => {
                    let names: Vec<String> = styles.iter().map(|s| super::style_label(s)).collect();
                    format!(" ({} style)", names.join(", "))
                }
                _ => String::new(),
            };
            out.push(
                Diagnostic::new(
                    META.code,
                    META.severity,
                    hit.span.clone(),
                    format!("use `{replacement}` instead of `{found}`{whose}"),
                )
                .with_label("house style")
                .with_help(format!("write \"{replacement}\""))
                .with_fix(
                    word_edit(&ctx.doc.source, hit.span.clone(), &replacement),
                    Applicability::Safe,
                ),
            );
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::{assert_diagnostics, linter};

    const RULES: &str = r#"
[[phrase]]
use = "adviser"
instead-of = ["advisor"]
styles = ["ap", "reuters"]

[[phrase]]
use = "percent"
instead-of = ["per cent"]
"#;

    #[test]
    fn replaces_in_the_original_case_and_plural() {
        let l = linter(RULES, Some("ap"), "2025-12-20");
        assert_diagnostics(
            &l,
            "house-style",
            "National Security Advisor and advisors; an ADVISOR; 5 per\ncent; advisory",
            &[
                ("Advisor", Some("Adviser")),
                ("advisors", Some("advisers")),
                ("ADVISOR", Some("ADVISER")),
                ("per\ncent", Some("percent")),
            ],
        );
    }

    #[test]
    fn message_and_help_agree_on_case() {
        let l = linter(RULES, Some("ap"), "2025-12-20");
        let found = crate::checks::test_support::diagnostics_full(&l, "National Security Advisor");
        assert_eq!(
            found[0].message,
            "use `Adviser` instead of `Advisor` (AP, Reuters style)"
        );
        assert_eq!(found[0].help.as_deref(), Some("write \"Adviser\""));
    }

    #[test]
    fn style_limited_rules_need_their_style() {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "house-style",
            "an advisor, 5 per cent",
            &[("per cent", Some("percent"))],
        );
        let l = linter(RULES, Some("nyt"), "2025-12-20");
        assert_diagnostics(&l, "house-style", "an advisor", &[]);
    }
}
