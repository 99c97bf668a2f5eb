use std::collections::HashSet;

use super::{CheckMeta, Ctx, Findings, FixAvailability};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Severity};
use crate::index::{CaseMatch, Meaning};
use crate::rules::EntityKind;
use crate::scan::{Before, Mention};

pub static META: CheckMeta = CheckMeta {
    code: "first-reference",
    summary: "A person named by surname alone before the full name is given",
    severity: Severity::Info,
    fix: FixAvailability::Always,
    explanation: "\
## What it catches
A person of the dictionaries first named in the body by surname alone (\"Witkoff said\") when the
full name has not been given yet. The later full name, if there is one, is shown as a secondary
label.

These are not reported, to keep the check quiet where copy is right:
- headlines (Markdown headings, the front matter `title`) and words in capitals (datelines): the
  body's first reference is the one that counts;
- a title right before the surname (\"President Trump\", \"Sen. Rubio\"): the title identifies the
  person, and AP and most house styles accept it for well-known office holders;
- a surname inside a quotation (the speaker's words) or as the first part of a compound
  (\"Trump-era\"); the check then looks at the next mention;
- a surname that the document also uses for someone else (\"Ivanka Trump\", \"Donald Trump Jr.\"),
  or that two people of the dictionaries share: the reader cannot be sure who is meant.

## Why
AP and most house styles give a person's full name on first reference and the surname after it.
A surname alone leaves readers to guess who is meant, and copy moved around by editing often
leaves the full name below its first use.

## Example
```text
Witkoff met the delegation on Tuesday. Steve Witkoff, the U.S. special envoy, said ...
```

## Fix
Unsafe: the given name inserted before the surname (\"Steve Witkoff\"), taken from the later full
name when there is one, so its spelling is kept. The later full name then usually wants shortening
by hand.
",
};

pub fn run(ctx: &Ctx<'_>, out: &mut Findings) {
    let mentions = &ctx.scan.mentions;
    if mentions.is_empty() {
        return;
    }
    let not_copy = ctx.not_copy();
    let others = surnames_of_others(ctx);
    let mut settled: HashSet<usize> = HashSet::new();
    for (i, m) in mentions.iter().enumerate() {
        let entity = &ctx.rules.entities[m.entity];
        if entity.kind != EntityKind::Person
            || settled.contains(&m.entity)
            || m.case == CaseMatch::AllCaps
            || ctx.doc.in_heading(m.span.start)
        {
            continue;
        }
        if !m.surname_only {
            settled.insert(m.entity);
            continue;
        }
        if others.contains(&m.entity) {
            settled.insert(m.entity);
            continue;
        }
        match ctx.scan.before(ctx.index, m.norm.start) {
            Before::Title(_) | Before::Capitalised(_) => {
                settled.insert(m.entity);
                continue;
            }
            Before::Nothing | Before::Honorific => {}
        }
        if !definite(&ctx.scan.text.text, m)
            || not_copy.contains(m.span.start)
            || crate::context::headline_like(&ctx.doc.source, m.span.start)
        {
            continue;
        }
        settled.insert(m.entity);
        if let Some(d) = diagnostic(ctx, m, &mentions[i + 1..]) {
            out.push(d);
        }
    }
}

/// Words after which a surname is a modifier, not a reference: "the Trump administration".
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "The", "A", "An",
];

/// Words that follow a surname used as the subject or object of a sentence: reporting verbs,
/// auxiliaries and connectives ("Witkoff said", "Witkoff has", "Witkoff and").
const REFERENCE_FOLLOWERS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "asked",
    "argued",
    "announced",
    "claimed",
    "declared",
    "insisted",
    "noted",
    "replied",
    "responded",
    "stated",
    "warned",
    "wrote",
    "writes",
    "met",
    "spoke",
    "signed",
    "agreed",
    "urged",
    "called",
    "has",
    "had",
    "have",
    "is",
    "was",
    "will",
    "would",
    "could",
    "can",
    "cannot",
    "may",
    "might",
    "must",
    "should",
    "did",
    "does",
    "also",
    "and",
    "or",
    "who",
    "himself",
    "herself",
    "then",
    "later",
];

/// Whether a surname alone is a reference to the person rather than a modifier ("the Biden
/// administration", "Trump-era", "Harris County", "Biden campaign manager", "Zelenskiy: ..."): it
/// is followed by punctuation other than a hyphen or colon, a possessive, or a verb or connective of
/// [`REFERENCE_FOLLOWERS`].
fn definite(text: &str, m: &Mention) -> bool {
    let head = text[..m.norm.start].trim_end_matches(' ');
    let prev = head
        .rsplit(|c: char| !crate::text::is_word_char(c))
        .next()
        .unwrap_or("");
    if DETERMINERS.contains(&prev) {
        return false;
    }
    let rest = &text[m.norm.end..];
    if rest.starts_with("'s") {
        return true;
    }
    // "Trump-era"; "Zelenskiy: Russia will not win" is the headline convention for a quote.
    if rest.starts_with(['-', ':']) {
        return false;
    }
    let Some(after) = rest.strip_prefix(' ') else {
        return true;
    };
    let end = after
        .find(|c: char| !crate::text::is_word_char(c))
        .unwrap_or(after.len());
    let next = &after[..end];
    next.is_empty() || REFERENCE_FOLLOWERS.contains(&next)
}

/// The warning for a surname alone, when the document gives the full name later; `None` when it
/// never does (the surname may then be how the publication names a head of state, or someone or
/// something else: "Harris County").
fn diagnostic(ctx: &Ctx<'_>, m: &Mention, later: &[Mention]) -> Option<Diagnostic> {
    let entity = &ctx.rules.entities[m.entity];
    let forms = &ctx.index.forms[m.entity];
    let full = later
        .iter()
        .find(|l| l.entity == m.entity && !l.surname_only && !ctx.doc.in_heading(l.span.start))?;
    let found = &ctx.scan.text.text[m.norm.clone()];
    // The given names of the later full name, or of the canonical name.
    let form = &forms[full.form];
    let mut given = given_of(&form.text, &form.surname());
    if given.is_empty() {
        given = given_of(&forms[0].text, &forms[0].surname());
    }
    let replacement = format!("{given} {found}");
    let d = Diagnostic::new(
        META.code,
        META.severity,
        m.span.clone(),
        format!(
            "`{found}` on first reference: {} has not been named in full yet",
            entity.name
        ),
    )
    .with_label("surname alone")
    .with_help(format!(
        "give the full name here (\"{replacement}\") and the surname alone after it"
    ))
    .with_secondary(full.span.clone(), "full name first given here");
    Some(d.with_fix(
        Edit {
            span: m.span.clone(),
            replacement,
        },
        Applicability::Unsafe,
    ))
}

/// The words of `name` before its surname (for "Donald Trump Jr.", "Donald").
fn given_of(name: &str, surname: &str) -> String {
    name.rfind(surname)
        .map_or(name, |i| &name[..i])
        .trim_end()
        .to_string()
}

/// People whose name the document also uses for someone else: a hit of their name that is not a
/// mention ("Ivanka Trump", "Donald Trump Jr."), or that names several people.
fn surnames_of_others(ctx: &Ctx<'_>) -> HashSet<usize> {
    let mut out = HashSet::new();
    let mentioned: HashSet<(usize, usize)> = ctx
        .scan
        .mentions
        .iter()
        .map(|m| (m.hit, m.entity))
        .collect();
    for (h, hit) in ctx.scan.hits.iter().enumerate() {
        let people: Vec<usize> = ctx
            .scan
            .meanings(ctx.index, hit)
            .filter_map(|(meaning, _)| match *meaning {
                Meaning::Name { entity, .. }
                    if ctx.rules.entities[entity].kind == EntityKind::Person =>
                {
                    Some(entity)
                }
                _ => None,
            })
            .collect();
        for &e in &people {
            if people.len() > 1 || !mentioned.contains(&(h, e)) {
                out.insert(e);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::{assert_diagnostics, linter};
    use crate::{Applicability, Document, Format};

    const RULES: &str = r#"
[[person]]
name = "Steve Witkoff"

[[person]]
name = "Sergei Lavrov"
variants = ["Sergey Lavrov"]

[[person]]
name = "Donald Trump"
  [[person.role]]
  title = "President"
  from = 2025-01-20

[[person]]
name = "Kamala Harris"

[[place]]
name = "Kyiv"
"#;

    fn check(text: &str, expected: &[(&str, Option<&str>)]) {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(&l, "first-reference", text, expected);
    }

    #[test]
    fn surname_before_the_full_name() {
        check(
            "Witkoff met the delegation. Steve Witkoff, the envoy, said it went well.",
            &[("Witkoff", Some("Steve Witkoff"))],
        );
        // Once per person, and the later full name gives the spelling of the fix.
        check(
            "Lavrov said so. Lavrov added more. Sergey Lavrov, the minister, then left.",
            &[("Lavrov", Some("Sergey Lavrov"))],
        );
        // An honorific does not identify the person.
        check(
            "Mr. Witkoff said so. Steve Witkoff left.",
            &[("Witkoff", Some("Steve Witkoff"))],
        );
    }

    #[test]
    fn the_warning_points_at_the_full_name() {
        let l = linter(RULES, None, "2025-12-20");
        let text = "Witkoff said so.\n\nSteve Witkoff left.";
        let doc = Document::new("a.txt", text.into(), Format::Text);
        let report = l.check(&doc);
        let d = &report.diagnostics[0];
        assert_eq!(d.code, "first-reference");
        assert_eq!(&text[d.labels[0].span.clone()], "Steve Witkoff");
        assert_eq!(d.fixes[0].applicability, Applicability::Unsafe);
    }

    #[test]
    fn right_first_references() {
        check(
            "Steve Witkoff met the delegation. Witkoff said it went well.",
            &[],
        );
        // Title and surname identify the person.
        check("President Trump spoke. Donald Trump left.", &[]);
        // Never named in full: nothing to compare with (or someone else, "Harris County").
        check("Witkoff said so. Harris County voted.", &[]);
        // Capitals (datelines) and places are not people's first references.
        check("WITKOFF said so; Kyiv too. Steve Witkoff left.", &[]);
    }

    #[test]
    fn modifiers_quotations_and_headline_lines_are_skipped() {
        check(
            "The Trump administration and Trump-era rules. Trump allies met. \
             \u{201C}Trump is right,\u{201D} she said. Donald Trump spoke.",
            &[],
        );
        check("Witkoff: talks went well\n\nSteve Witkoff said so.", &[]);
        // The next mention is looked at: here a real surname alone before the full name.
        check(
            "The Trump administration acted. Trump said so. Donald Trump left.",
            &[("Trump", Some("Donald Trump"))],
        );
    }

    #[test]
    fn headlines_are_exempt() {
        let l = linter(RULES, None, "2025-12-20");
        let text =
            "---\ntitle: Witkoff in Moscow\n---\n# Witkoff lands\n\nSteve Witkoff arrived.\n";
        let doc = Document::new("a.md", text.into(), Format::Markdown);
        let codes: Vec<&str> = l.check(&doc).diagnostics.iter().map(|d| d.code).collect();
        assert!(!codes.contains(&"first-reference"), "{codes:?}");
    }

    #[test]
    fn surnames_of_someone_else() {
        check("Ivanka Trump spoke. Trump said so. Donald Trump left.", &[]);
        check(
            "Donald Trump Jr. spoke. Trump said so. Donald Trump left.",
            &[],
        );
    }
}
