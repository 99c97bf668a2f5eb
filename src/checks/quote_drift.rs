//! `quote-drift`: a quotation that closely resembles, but is not the same as, a quotation of the
//! same person in another file of the run. The run's quotations are collected first (see
//! [`crate::quotes::QuoteIndex`]); this check compares the file's own with them.

use super::{CheckMeta, Ctx, Findings, FixAvailability};
use crate::diagnostic::{Diagnostic, Severity};
use crate::quotes::Quotation;

pub static META: CheckMeta = CheckMeta {
    code: "quote-drift",
    summary: "A quotation that differs from the same person's quotation in another file of the run",
    severity: Severity::Warning,
    fix: FixAvailability::None,
    explanation: "\
## What it catches
A quotation attributed to a person that closely resembles, but is not the same as, a quotation
attributed to the same person in another file of the run dated within three days: two versions
of a story, or a story and its wire copy, that put different words in the speaker's mouth.

```text
a.md:  \"The discussions are proceeding constructively. They began earlier and will continue
        today,\" Dmitriev said.
b.md:  \"The discussions began earlier, continued through the day, and will resume today,\" he
        told reporters.
```

The finding names the other file and line, and a note shows the difference word by word:
`[-words of the other-]` and `{+words of this one+}`.

## Who said it
Only people of the dictionaries are followed. A quotation is theirs when the copy says so:
- by name in the same sentence: `\"...,\" Dmitriev said`, `\"...,\" said Kirill Dmitriev`,
  `Rubio told reporters: \"...\"`, `Umerov wrote on Telegram that \"...\"`, `according to Rubio,
  \"...\"`; a surname alone once the full name has been given (or after a title);
- by `he` or `she` right after an attribution to that person, when no one else is named and no
  one else speaks in between (`\"...,\" he told reporters`);
- as a paragraph, or a sentence, that is only a quotation right after an attribution.

Quotations of fewer than five words, in headlines and around the story (captions, block quotes)
are not compared.

## What is not reported
- The same words: case, quotation marks, punctuation, British and American spellings (`defence`,
  `organise`), number words and figures (`ten`, `10`), `percent` and `%`, contractions (`we're`,
  `we are`; `it's been`, `it has been`), titles abbreviated or in full (`Gov.`, `Governor`) and
  words hyphenated or run together (`over-rated`, `overrated`) do not count.
- A partial quotation contained in a longer one, and two parts of one statement that overlap only
  at their ends.
- Words left out where an ellipsis says so, a stretch of five words or more left out (two parts
  of one statement quoted as one), and an editor's `[bracketed]` words.
- Quotations that share little (under half of their words where they overlap, or fewer than five
  words other than closed-class ones such as \"the\" and \"we\"): another statement.
- Quotations with a masked word (`p***y`).
- Translations marked as such in their paragraph (\"translated\", \"through an interpreter\",
  \"said in Russian\").

Of two files that differ, one is reported, pointing at the other: the one whose wording no third
file shares when the other's is shared, else the later one (by date, then by the order of the run).
Files given with `--against PATH` (wire copy, transcripts) are compared with but never reported.

## Why
Copy rewritten from another version of a story, or translated twice, drifts: a quotation must be
the speaker's words, and the same words in every version the newsroom publishes.

## Fix
None: check the quotation against its source. A translation can say that it is one.
",
};

pub fn run(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(index) = ctx.quotes else {
        return;
    };
    // The first pass read this text already, unless a fix has changed it since.
    let computed;
    let hash = crate::quotes::source_hash(&ctx.doc.source);
    let found = if let Some(found) = index.quotations_of(&ctx.doc.path, hash) {
        found
    } else {
        computed = quotations(ctx);
        &computed
    };
    if found.is_empty() {
        return;
    }
    let own = crate::quotes::records(ctx.doc, ctx.rules, found);
    for f in index.drifts(&ctx.doc.path, ctx.date, &own) {
        let q = &found[f.quote];
        let name = &ctx.rules.entities[q.speaker].name;
        out.push(
            Diagnostic::new(
                META.code,
                META.severity,
                q.span.clone(),
                format!(
                    "this quotation of {name} differs from the one in {}:{}",
                    f.other_path, f.other_line
                ),
            )
            .with_label(format!("{name}, as quoted here"))
            .with_note(format!(
                "{}:{}: \u{201C}{}\u{201D}",
                f.other_path, f.other_line, f.other_text
            ))
            .with_note(format!("difference: {}", f.drift.difference))
            .with_help(
                "check the quotation against its source; a translation can say that it is one",
            ),
        );
    }
}

/// The document's attributed quotations.
pub fn quotations(ctx: &Ctx<'_>) -> Vec<Quotation> {
    let not_copy = ctx.not_copy();
    crate::quotes::attributed(
        ctx.doc,
        ctx.scan,
        ctx.index,
        ctx.rules,
        &not_copy.quotations,
        &not_copy.furniture,
    )
}
