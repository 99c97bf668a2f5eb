//! `hidden-character`: invisible format characters in copy (soft hyphen, zero-width space and
//! joiners, word joiner, a stray byte order mark, direction marks).

use crate::text::escape_invisible;
use std::ops::Range;

use super::{CheckMeta, Ctx, Findings, FixAvailability};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Severity};

pub static META: CheckMeta = CheckMeta {
    code: "hidden-character",
    summary: "An invisible character inside or next to a word",
    severity: Severity::Warning,
    fix: FixAvailability::Always,
    explanation: "\
## What it catches
Characters that print as nothing but are there in the text: soft hyphens (U+00AD), zero-width
spaces (U+200B), zero-width non-joiners and joiners (U+200C, U+200D), word joiners (U+2060), the
Mongolian vowel separator (U+180E), invisible operators (U+2061–U+2064), deprecated format
characters (U+206A–U+206F), and a byte order mark (U+FEFF) anywhere but at the very start of the
file. Left-to-right and right-to-left marks, embeddings, overrides and isolates (U+200E, U+200F,
U+061C, U+202A–U+202E, U+2066–U+2069) are reported only where they touch a Latin letter on a line
with no right-to-left script, where they can do nothing useful.

Characters some scripts need are left alone: a joiner inside an emoji sequence (`👩\u{200D}💻`, or
before U+FE0F), and joiners, zero-width spaces and the Mongolian vowel separator touching a letter
or mark of Arabic, Persian, Indic, Thai, Khmer, Mongolian, CJK or any other script but Latin, Greek
and Cyrillic. Otherwise they are reported only next to a Latin, Greek or Cyrillic letter, a digit,
white space, punctuation, or the start or end of the text.

Only copy is checked: not code, URLs or front matter other than the title. A run of several hidden
characters is reported once.

## Why
These characters come in with text pasted from web pages, word processors and content systems.
Readers cannot see them, but search, spell-checkers and name matching can: `Zelen\\u{AD}skyy`
is not found by a search for `Zelenskyy`, and a soft hyphen can print as a real hyphen in another
system. copydesk's other checks look through them (a misspelling hidden by a soft hyphen is still
reported), but the copy itself should be clean.

## Example
```text
Volodymyr Zelen\\u{AD}skyy met Steve Wit\\u{200B}koff.   (the escapes stand for the invisible characters)
```

## Fix
Safe: delete the invisible characters. Nothing else changes.
",
};

/// When an invisible character is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Wherever it is in copy.
    Always,
    /// Unless it sits between characters that may need it (emoji, scripts that use joiners).
    Joiner,
    /// Only touching a Latin letter on a line without right-to-left text.
    Direction,
}

/// Whether `c` is an invisible character this check knows, and when it is reported.
fn rule(c: char) -> Option<Rule> {
    match c {
        '\u{00AD}' | '\u{FEFF}' | '\u{2061}'..='\u{2064}' | '\u{206A}'..='\u{206F}' => {
            Some(Rule::Always)
        }
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{180E}' => Some(Rule::Joiner),
        c if crate::text::is_direction_control(c) => Some(Rule::Direction),
        _ => None,
    }
}

/// The Unicode name of an invisible character.
fn name(c: char) -> &'static str {
    match c {
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
        '\u{2061}' => "FUNCTION APPLICATION",
        '\u{2062}' => "INVISIBLE TIMES",
        '\u{2063}' => "INVISIBLE SEPARATOR",
        '\u{2064}' => "INVISIBLE PLUS",
        '\u{206A}' => "INHIBIT SYMMETRIC SWAPPING",
        '\u{206B}' => "ACTIVATE SYMMETRIC SWAPPING",
        '\u{206C}' => "INHIBIT ARABIC FORM SHAPING",
        '\u{206D}' => "ACTIVATE ARABIC FORM SHAPING",
        '\u{206E}' => "NATIONAL DIGIT SHAPES",
        '\u{206F}' => "NOMINAL DIGIT SHAPES",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        _ => "INVISIBLE CHARACTER",
    }
}

/// A letter of the Latin script, or a combining accent.
fn is_latin(c: char) -> bool {
    (c.is_alphabetic()
        && matches!(u32::from(c), 0x41..=0x5A | 0x61..=0x7A | 0xAA | 0xBA | 0xC0..=0x24F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF))
        || ('\u{0300}'..='\u{036F}').contains(&c)
}

/// A letter of the Greek or Cyrillic script.
fn is_greek_or_cyrillic(c: char) -> bool {
    c.is_alphabetic()
        && matches!(u32::from(c), 0x370..=0x52F | 0x1C80..=0x1C8F | 0x1F00..=0x1FFF | 0x2DE0..=0x2DFF | 0xA640..=0xA69F)
}

/// Punctuation of Western text (not emoji, not CJK or Arabic punctuation).
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '¡' | '§' | '«' | '¶' | '·' | '»' | '¿' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}')
}

/// Emoji and the characters that build emoji sequences.
fn is_emoji_part(c: char) -> bool {
    matches!(
        u32::from(c),
        0xA9 | 0xAE
            | 0x203C
            | 0x2049
            | 0x20E3
            | 0x2122
            | 0x2139
            | 0x2194..=0x21FF
            | 0x2300..=0x23FF
            | 0x24C2
            | 0x25A0..=0x27BF
            | 0x2900..=0x297F
            | 0x2B00..=0x2BFF
            | 0x3030
            | 0x303D
            | 0x3297
            | 0x3299
            | 0xFE00..=0xFE0F
            | 0x1F000..=0x1FAFF
            | 0xE0020..=0xE007F
    )
}

/// A letter or mark of a script other than Latin, Greek and Cyrillic: Arabic, Hebrew, Indic,
/// Thai, Khmer, Mongolian, CJK... (scripts in which joiners and zero-width spaces do real work).
fn is_other_script(c: char) -> bool {
    !is_latin(c)
        && !is_greek_or_cyrillic(c)
        && (c.is_alphabetic()
            || matches!(u32::from(c), 0x0483..=0x0489 | 0x0591..=0x1CFF | 0xA800..=0xABFF | 0x11000..=0x11FFF))
}

/// Whether a joiner-like character with these neighbours (`None`: start or end of the document)
/// is out of place: not in an emoji sequence, not touching a script that uses joiners, and next to
/// a Latin, Greek or Cyrillic letter, a digit, white space, punctuation or the edge of the text.
fn joiner_is_stray(before: Option<char>, after: Option<char>) -> bool {
    if after == Some('\u{FE0F}')
        || (before.is_some_and(is_emoji_part) && after.is_some_and(is_emoji_part))
    {
        return false;
    }
    if before.is_some_and(is_other_script) || after.is_some_and(is_other_script) {
        return false;
    }
    let western = |c: Option<char>| {
        c.is_none_or(|c| {
            is_latin(c)
                || is_greek_or_cyrillic(c)
                || c.is_ascii_digit()
                || c.is_whitespace()
                || is_punctuation(c)
        })
    };
    western(before) || western(after)
}

/// Whether `c` belongs to a right-to-left script.
fn is_rtl(c: char) -> bool {
    matches!(u32::from(c), 0x590..=0x8FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFC | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
        && rule(c).is_none()
}

/// The non-ASCII characters of `text` with their offsets.
fn non_ascii(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        at += bytes.get(at..)?.iter().position(|b| !b.is_ascii())?;
        let c = text[at..].chars().next()?;
        let item = (at, c);
        at += c.len_utf8();
        Some(item)
    })
}

pub fn run(ctx: &Ctx<'_>, out: &mut Findings) {
    let source = ctx.doc.source.as_str();
    for region in &ctx.doc.regions {
        let text = &source[region.span.clone()];
        // Every invisible character is non-ASCII: ASCII text is skipped a byte at a time.
        let mut chars = non_ascii(text)
            .map(|(i, c)| (region.span.start + i, c))
            .peekable();
        while let Some((start, c)) = chars.next() {
            if rule(c).is_none() {
                continue;
            }
            // A maximal run of invisible characters, judged by the visible characters around it.
            let mut hidden = vec![(start, c)];
            while let Some(&(i, c)) = chars.peek() {
                let adjacent = hidden.last().is_some_and(|&(j, h)| j + h.len_utf8() == i);
                if !adjacent || rule(c).is_none() {
                    break;
                }
                hidden.push((i, c));
                chars.next();
            }
            let end = hidden.last().map_or(start, |&(i, c)| i + c.len_utf8());
            let before = source[..start].chars().next_back();
            let after = source[end..].chars().next();
            let line = ctx.doc.line_range(start);
            let stray = |&(i, c): &(usize, char)| match rule(c) {
                Some(Rule::Always) => i != 0,
                Some(Rule::Joiner) => joiner_is_stray(before, after),
                Some(Rule::Direction) => {
                    (before.is_some_and(is_latin) || after.is_some_and(is_latin))
                        && !source[line.clone()].chars().any(is_rtl)
                }
                None => false,
            };
            let mojibake = ctx.mojibake_spans();
            // Report each stretch of out-of-place characters; a soft hyphen that is part of
            // mojibake (`GarcÃ\u{AD}a`) is that check's business.
            let mut k = 0;
            while k < hidden.len() {
                if !stray(&hidden[k]) || mojibake.iter().any(|m| m.contains(&hidden[k].0)) {
                    k += 1;
                    continue;
                }
                let first = k;
                while k < hidden.len()
                    && stray(&hidden[k])
                    && !mojibake.iter().any(|m| m.contains(&hidden[k].0))
                {
                    k += 1;
                }
                let block = &hidden[first..k];
                let span =
                    block[0].0..block[block.len() - 1].0 + block[block.len() - 1].1.len_utf8();
                out.push(diagnostic(source, &region.span, span, block));
            }
        }
    }
}

fn diagnostic(
    source: &str,
    region: &Range<usize>,
    span: Range<usize>,
    block: &[(usize, char)],
) -> Diagnostic {
    let mut names: Vec<(char, usize)> = Vec::new();
    for &(_, c) in block {
        match names.iter_mut().find(|(n, _)| *n == c) {
            Some((_, count)) => *count += 1,
            None => names.push((c, 1)),
        }
    }
    let described: Vec<String> = names
        .iter()
        .map(|&(c, count)| {
            let times = if count > 1 {
                format!(" (×{count})")
            } else {
                String::new()
            };
            format!("U+{:04X} {}{times}", u32::from(c), name(c))
        })
        .collect();
    let what = described.join(", ");
    let place = place(source, region, &span);
    let label = if block.len() > 1 {
        "invisible characters"
    } else {
        "invisible character"
    };
    let it = if block.len() > 1 { "them" } else { "it" };
    Diagnostic::new(
        META.code,
        META.severity,
        span.clone(),
        format!("invisible {what} {place}"),
    )
    .with_label(label)
    .with_help(format!(
        "delete {it}: invisible in print, but it breaks search, spell-checking and name matching"
    ))
    .with_fix(
        Edit {
            span,
            replacement: String::new(),
        },
        Applicability::Safe,
    )
}

/// Where the characters at `span` are: "inside `Zelen\u{AD}skyy`", "after `Kyiv`", ...
fn place(source: &str, region: &Range<usize>, span: &Range<usize>) -> String {
    const MAX: usize = 30;
    let visible = |c: char| !c.is_whitespace();
    // At most MAX + 1 characters each side: more is "a long word", and collecting them all
    // would make a long run of text without spaces quadratic.
    let before: Vec<(usize, char)> = source[region.start..span.start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| visible(c))
        .take(MAX + 1)
        .collect();
    let after: Vec<(usize, char)> = source[span.end..region.end]
        .char_indices()
        .take_while(|&(_, c)| visible(c))
        .take(MAX + 1)
        .collect();
    let word_before = source[region.start..span.start]
        .chars()
        .rev()
        .take_while(|&c| visible(c))
        .any(|c| rule(c).is_none());
    let word_after = source[span.end..region.end]
        .chars()
        .take_while(|&c| visible(c))
        .any(|c| rule(c).is_none());
    if !word_before && !word_after {
        return if span.start == region.start && span.end == region.end {
            "on its own".into()
        } else {
            "between words".into()
        };
    }
    if before.len() > MAX || after.len() > MAX {
        return "in a long word".into();
    }
    let start = region.start + before.last().map_or(span.start - region.start, |&(i, _)| i);
    let end = span.end + after.last().map_or(0, |&(i, c)| i + c.len_utf8());
    let word = escape_invisible(&source[start..end]);
    match (word_before, word_after) {
        (true, true) => format!("inside `{word}`"),
        (true, false) => format!("after `{word}`"),
        _ => format!("before `{word}`"),
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::{assert_diagnostics, diagnostics, linter};
    use crate::diagnostic::apply_fixes;
    use crate::{Document, Format, Linter};

    fn l() -> Linter {
        linter("", None, "2025-12-20")
    }

    fn check(text: &str, format: Format) -> Vec<crate::Diagnostic> {
        crate::checks::test_support::of_code("hidden-character", text, format)
    }

    fn fixed(text: &str, format: Format) -> String {
        crate::checks::test_support::fixed_by("hidden-character", text, format)
    }

    #[test]
    fn knows_exactly_the_characters_messages_escape() {
        for c in ('\0'..='\u{FFFF}').filter(|c| !c.is_control()) {
            assert_eq!(
                super::rule(c).is_some(),
                crate::text::is_invisible(c),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn each_character_is_found_and_deleted() {
        for c in [
            '\u{AD}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{180E}',
            '\u{2062}', '\u{206F}',
        ] {
            let text = format!("Zelen{c}skyy");
            assert_diagnostics(
                &l(),
                "hidden-character",
                &text,
                &[(&c.to_string(), Some(""))],
            );
            assert_eq!(fixed(&text, Format::Text), "Zelenskyy");
        }
    }

    #[test]
    fn messages_name_the_characters() {
        let d = check("Volodymyr Zelen\u{AD}skyy said.", Format::Text);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message,
            "invisible U+00AD SOFT HYPHEN inside `Zelen\\u{AD}skyy`"
        );
        assert_eq!(d[0].severity, crate::Severity::Warning);
        assert_eq!(d[0].fixes[0].applicability, crate::Applicability::Safe);
        let d = check("Kyiv\u{200B}\u{200B}\u{2060} said", Format::Text);
        assert_eq!(d.len(), 1, "a run is reported once");
        assert_eq!(
            d[0].message,
            "invisible U+200B ZERO WIDTH SPACE (×2), U+2060 WORD JOINER after `Kyiv\\u{200B}\\u{200B}\\u{2060}`"
        );
        let d = check("said \u{200B}Kyiv", Format::Text);
        assert_eq!(
            d[0].message,
            "invisible U+200B ZERO WIDTH SPACE before `\\u{200B}Kyiv`"
        );
        let d = check("a \u{FEFF} b", Format::Text);
        assert_eq!(
            d[0].message,
            "invisible U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark) between words"
        );
    }

    #[test]
    fn runs_next_to_text_at_the_edges() {
        assert_diagnostics(
            &l(),
            "hidden-character",
            "\u{200B}Kyiv, Wit\u{200B}\u{AD}koff.\u{200D}\u{200C} End\u{2060}",
            &[
                ("\u{200B}", Some("")),
                ("\u{200B}\u{AD}", Some("")),
                ("\u{200D}\u{200C}", Some("")),
                ("\u{2060}", Some("")),
            ],
        );
        assert_eq!(
            fixed(
                "\u{200B}Kyiv, Wit\u{200B}\u{AD}koff.\u{200D}\u{200C} End\u{2060}",
                Format::Text
            ),
            "Kyiv, Witkoff. End"
        );
    }

    #[test]
    fn byte_order_mark_only_at_the_start_is_fine() {
        assert_diagnostics(&l(), "hidden-character", "\u{FEFF}Kyiv", &[]);
        assert_diagnostics(
            &l(),
            "hidden-character",
            "\u{FEFF}Kyiv\n\u{FEFF}Odesa",
            &[("\u{FEFF}", Some(""))],
        );
        let src = "\u{FEFF}---\ntitle: Kyiv\n---\nOde\u{FEFF}sa";
        assert_eq!(
            fixed(src, Format::Markdown),
            "\u{FEFF}---\ntitle: Kyiv\n---\nOdesa"
        );
    }

    #[test]
    fn emoji_sequences_and_scripts_that_need_joiners_are_left_alone() {
        let text = "\
Coders 👩\u{200D}💻 and 👨\u{200D}👩\u{200D}👧 and 🏳\u{FE0F}\u{200D}🌈 and ❤\u{FE0F}\u{200D}🔥 and 👁\u{FE0F}\u{200D}🗨\u{FE0F}, \
👋🏽\u{200D}x? no: ☹\u{200D}\u{FE0F}. \
Persian می\u{200C}خواهم and نامه\u{200C}ها, نامه\u{200C} ها; Hindi क\u{200D}a; Hindi क्\u{200D}ष and र्\u{200D}य, क्\u{200C}ष; \
Malayalam ൺ\u{200D}; Sinhala ශ්\u{200D}රී; Thai ภาษา\u{200B}ไทย; Khmer ភាសា\u{200B}ខ្មែរ; \
Mongolian ᠨᠠ\u{180E}ᠠ; Japanese 日本\u{200B}語.";
        let got: Vec<String> = check(text, Format::Text)
            .iter()
            .map(|d| text[d.span.clone()].to_string())
            .collect();
        // Only the joiner between an emoji and a Latin letter.
        assert_eq!(got, ["\u{200D}"]);
        let d = check(text, Format::Text);
        assert!(d[0].message.contains("`👋🏽\\u{200D}x?`"), "{}", d[0].message);
    }

    #[test]
    fn joiners_next_to_latin_greek_cyrillic_space_or_punctuation_are_reported() {
        assert_diagnostics(
            &l(),
            "hidden-character",
            "Κυ\u{200D}ριάκος, Мо\u{200C}сква, 👍\u{200D}. 1\u{200B}0",
            &[
                ("\u{200D}", Some("")),
                ("\u{200C}", Some("")),
                ("\u{200D}", Some("")),
                ("\u{200B}", Some("")),
            ],
        );
    }

    #[test]
    fn direction_marks_only_touching_latin_on_left_to_right_lines() {
        assert_diagnostics(
            &l(),
            "hidden-character",
            "Zelenskyy\u{200E} said \u{200F}Kyiv, \u{202E}abc\u{202C} 12\u{200E}3 . \u{200E} .",
            &[
                ("\u{200E}", Some("")),
                ("\u{200F}", Some("")),
                ("\u{202E}", Some("")),
                ("\u{202C}", Some("")),
            ],
        );
        // On a line with Hebrew or Arabic, direction marks do real work.
        assert_diagnostics(
            &l(),
            "hidden-character",
            "שלום Microsoft\u{200E}. ok\nمرحبا Google\u{200F}!",
            &[],
        );
        // Direction marks between right-to-left letters.
        assert_diagnostics(&l(), "hidden-character", "abc\nשלום\u{200F}עולם", &[]);
    }

    #[test]
    fn only_copy_is_checked() {
        let src = "Say `Zelen\u{AD}skyy` and Zelen\u{AD}skyy.\n\n```\nWit\u{200B}koff\n```\n\n<https://x.example/a\u{200B}b>\n";
        let d = check(src, Format::Markdown);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.start, src.rfind('\u{AD}').unwrap_or(0));
        assert_eq!(
            fixed(src, Format::Markdown),
            src.replacen("and Zelen\u{AD}skyy", "and Zelenskyy", 1)
        );
    }

    #[test]
    fn other_checks_see_through_hidden_characters() {
        let rules = r#"
[[place]]
name = "Kyiv"
misspellings = ["Kiev"]

[[person]]
name = "Volodymyr Zelenskyy"
variants = ["Volodymyr Zelenskiy"]
"#;
        let l = linter(rules, None, "2025-12-20");
        let text = "Shelling hit Ki\u{AD}ev. Volodymyr Zelen\u{AD}skyy spoke; Zelenskiy left.";
        let got = diagnostics(&l, text);
        assert_eq!(
            got,
            [
                (
                    "misspelled-name".to_string(),
                    "Ki\u{AD}ev".to_string(),
                    Some("Kyiv".to_string())
                ),
                (
                    "hidden-character".to_string(),
                    "\u{AD}".to_string(),
                    Some(String::new())
                ),
                (
                    "hidden-character".to_string(),
                    "\u{AD}".to_string(),
                    Some(String::new())
                ),
                (
                    "inconsistent-spelling".to_string(),
                    "Zelenskiy".to_string(),
                    Some("Zelenskyy".to_string())
                ),
            ]
        );
        // Zelen\u{AD}skyy was recognised as the first spelling of Zelenskyy.
        let doc = Document::new("a.txt", text.to_string(), Format::Text);
        let report = l.check(&doc);
        let inconsistent = report
            .diagnostics
            .iter()
            .find(|d| d.code == "inconsistent-spelling");
        let first = inconsistent.map(|d| &text[d.labels[0].span.clone()]);
        assert_eq!(first, Some("Volodymyr Zelen\u{AD}skyy"));
        // Fixing both leaves clean copy.
        let (out, _) = apply_fixes(text, &report.diagnostics, false);
        assert_eq!(
            out,
            "Shelling hit Kyiv. Volodymyr Zelenskyy spoke; Zelenskyy left."
        );
    }
}
