use super::{CheckMeta, Ctx, FixAvailability};
use crate::diagnostic::{word_edit, Applicability, Diagnostic, Severity};
use crate::index::{apply_case, Meaning};

pub static META: CheckMeta = CheckMeta {
    code: "misspelled-name",
    summary: "A name written in a known wrong or deprecated form",
    severity: Severity::Error,
    fix: FixAvailability::Always,
    explanation: "\
## What it catches
A person, place or organization written in a form the dictionaries list as wrong: a known
misspelling (\"Steve Witzoff\"), a wrong first name (\"Stephen Witkoff\") or a deprecated
transliteration (\"Kiev\", \"Odessa\"). Phrases listed under `except` are left alone (\"chicken Kiev\",
\"Kievan Rus\").

## Why
A misspelled name is the error readers notice first and forgive last; a deprecated
transliteration tells them the copy is out of date.

## Example
```text
Russian forces struck Kiev overnight.
```

## Fix
Safe: the canonical form, in the case the copy used (`Kyiv`, or `KYIV` in an all-caps dateline).
",
};

pub fn run(ctx: &Ctx<'_>, out: &mut Vec<crate::diagnostic::Diagnostic>) {
    for hit in &ctx.scan.hits {
        for (meaning, case) in ctx.scan.meanings(ctx.index, hit) {
            let Meaning::Misspelling {
                entity,
                replacement,
            } = meaning
            else {
                continue;
            };
            let e = &ctx.rules.entities[*entity];
            let found = &ctx.doc.source[hit.span.clone()];
            let replacement = apply_case(case, replacement);
            let message = if replacement.contains(' ') || e.name == replacement {
                format!(
                    "`{found}` is a misspelling of {} `{}`",
                    e.kind.as_str(),
                    e.name
                )
            } else {
                format!("`{found}` is a misspelling of `{replacement}` ({})", e.name)
            };
            out.push(
                Diagnostic::new(META.code, META.severity, hit.span.clone(), message)
                    .with_label("misspelled")
                    .with_help(format!("write \"{replacement}\""))
                    .with_fix(
                        word_edit(&ctx.doc.source, hit.span.clone(), &replacement),
                        Applicability::Safe,
                    ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::{assert_diagnostics, linter};

    const RULES: &str = r#"
[[person]]
name = "Marco Rubio"
misspellings = ["Marco Rubbio", "Rubbio"]

[[person]]
name = "Steve Witkoff"
misspellings = ["Stephen Witkoff", "Witzoff"]

[[place]]
name = "Kyiv"
misspellings = ["Kiev"]
except = ["chicken Kiev", "Kievan Rus"]
"#;

    #[test]
    fn whole_and_one_word_misspellings() {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Marco Rubbio met Rubbio and Steve Witzoff, not Stephen Witkoff.",
            &[
                ("Marco Rubbio", Some("Rubio")),
                ("Rubbio", Some("Rubio")),
                ("Witzoff", Some("Witkoff")),
                ("Stephen Witkoff", Some("Steve")),
            ],
        );
    }

    #[test]
    fn except_phrases_and_case() {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "misspelled-name",
            "KIEV, Ukraine — chicken Kiev in Kievan Rus times; Kiev's mayor. Chicken Kiev. kiev",
            &[("KIEV", Some("KYIV")), ("Kiev", Some("Kyiv"))],
        );
    }

    #[test]
    fn whole_words_only() {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Kievan, Kievs, XKiev, Kiev-based",
            &[("Kiev", Some("Kyiv"))],
        );
    }

    /// A one-word misspelling as far from every word of the name (another script) is a surname.
    #[test]
    fn one_word_misspelling_in_another_script_is_the_surname() {
        let rules = "[[person]]\nname = \"Volodymyr Zelenskyy\"\nmisspellings = [\"Зеленський\"]\n";
        let l = linter(rules, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Зеленський said.",
            &[("Зеленський", Some("Zelenskyy"))],
        );
    }

    #[test]
    fn names_across_line_breaks_and_hidden_characters() {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Marco\n   Rubbio and Wit\u{200B}zoff",
            &[
                ("Marco\n   Rubbio", Some("Rubio")),
                ("Wit\u{200B}zoff", Some("Witkoff")),
            ],
        );
    }
}
