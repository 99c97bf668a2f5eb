//! `mojibake`: UTF-8 copy that was read as a single-byte code page and saved again as UTF-8.
//!
//! Detection works sequence by sequence: a character that the code page encodes as a UTF-8 lead
//! byte (`0xC2..=0xF4`), followed by exactly the characters it encodes as the continuation bytes
//! that lead needs, whose bytes are valid UTF-8 and decode to a character that copy plausibly
//! contains (Latin letters, punctuation, currency, Greek or Cyrillic words, emoji). Real text in
//! Polish, Czech, Turkish, Vietnamese and the rest almost never spells such a sequence, and the few
//! shapes it can spell (an all-caps word of accented letters, an accented capital before a closing
//! quote, a Czech `íšť` that would decode to Hangul) are rejected by the rules in
//! [`accepted_sequence`] and [`classify`].

use crate::text::escape_invisible;
use std::ops::Range;
use std::sync::OnceLock;

use super::{CheckMeta, Ctx, Findings, FixAvailability};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Severity};

pub static META: CheckMeta = CheckMeta {
    code: "mojibake",
    summary: "UTF-8 text garbled by being read as Windows-1252, Windows-1250 or Latin-1",
    severity: Severity::Error,
    fix: FixAvailability::Always,
    explanation: "\
## What it catches
Characters garbled by an encoding mix-up: UTF-8 copy that some tool read as Windows-1252,
Latin-1 (ISO-8859-1) or Windows-1250 and then saved as UTF-8 again, so that every accented letter,
curly quote or dash turns into two to four odd characters: `cafÃ©` for `café`, `Trumpâ€™s` for
`Trump’s`, `â€œ` and `â€` for curly double quotes, `TĂĽrkiye` for `Türkiye` (Windows-1250),
`CeauÈ™escu` for `Ceaușescu`, `ÐŸÑƒÑ‚Ð¸Ð½` for `Путин`. Text garbled twice (`cafÃƒÂ©`) is
repaired in one step.

The diagnostic covers only the garbled characters (`ĂĽ` in `TĂĽrkiye`), so that the fix touches
nothing else; the message shows the whole word as it is and as it should be.

Correctly written names and words in other languages are never reported: `Łódź`, `Dvořák`,
`Erdoğan`, `Nguyễn Xuân Phúc`, `São Paulo`, `SÃO PAULO`, `Øresund`, `Þórr` and the like do not
spell a valid UTF-8 sequence in any of these code pages, and the few shapes that could (an all-caps
word made only of accented letters, an accented capital before a closing quote) are left alone.

## Why
Mojibake is the most visible corruption copy can suffer: readers see `â€™` in the middle of a
headline, names become unrecognisable, and search and the other checks no longer find them. It
usually comes from pasting between systems or from an import that guessed the wrong encoding, and
it tends to affect a whole file at once.

## Example
```text
Trumpâ€™s envoy met officials in TĂĽrkiye and at the cafÃ© in Ankara.
```

## Fix
Safe: the characters the bytes spelled in UTF-8 (`Trump’s`, `Türkiye`, `café`), when the repaired
word comes out clean; text garbled three times over (`TÃƒÆ’Ã‚Â¼rkiye`) is decoded as a whole.
A repair that would leave garbled characters behind (a C1 control character, a stray `Â`) is
offered as an unsafe fix, which `--fix` applies only with `--unsafe-fixes`. When one file has
many findings, fix the pipeline too: find the step that decoded the text with the wrong encoding.
A curly closing quote whose last byte was lost (`â€` followed by nothing, or by `?`) cannot be
repaired and is not reported.
",
};

pub fn run(ctx: &Ctx<'_>, out: &mut Findings) {
    let source = ctx.doc.source.as_str();
    for region in &ctx.doc.regions {
        let text = &source[region.span.clone()];
        let runs = find_runs(text);
        let mut k = 0;
        while k < runs.len() {
            // The runs of one word are repaired together: a repair is safe only when the word
            // comes out clean.
            let word = context(text, &runs[k].range);
            let n = runs[k..]
                .iter()
                .take_while(|r| r.range.start < word.end)
                .count()
                .max(1);
            let group = &runs[k..k + n];
            k += n;
            let fixed_word = apply(text, word.clone(), group);
            if clean(&fixed_word) {
                for run in group {
                    out.push(diagnostic(
                        text,
                        region.span.start,
                        &word,
                        &fixed_word,
                        run,
                        Applicability::Safe,
                    ));
                }
                continue;
            }
            // Text garbled several times over, whose pieces do not each decode to a plausible
            // character (`TÃƒÆ’Ã‚Â¼rkiye`): decode the whole stretch as often as it takes.
            let first = &group[0];
            // From the first to the last character of the word that is not ASCII.
            let inner = &text[word.clone()];
            let stretch = match (
                inner.find(|c: char| !c.is_ascii()),
                inner.rfind(|c: char| !c.is_ascii()),
            ) {
                (Some(a), Some(b)) => {
                    let end = b + inner[b..].chars().next().map_or(1, char::len_utf8);
                    word.start + a..word.start + end
                }
                _ => first.range.clone(),
            };
            if let Some((fixed, passes)) =
                decode_repeatedly(&text[stretch.clone()], first.code_page)
            {
                let whole = Run {
                    range: stretch.clone(),
                    code_page: first.code_page,
                    fixed,
                    passes,
                };
                let fixed_word = apply(text, word.clone(), std::slice::from_ref(&whole));
                if clean(&fixed_word) {
                    out.push(diagnostic(
                        text,
                        region.span.start,
                        &word,
                        &fixed_word,
                        &whole,
                        Applicability::Safe,
                    ));
                    continue;
                }
            }
            // No repair of the word comes out clean: each piece whose own repair is clean next to
            // its neighbours is safe, when the word with all those repairs is clean or still
            // reported (a safe fix never leaves garbled text that then reads as clean); the others
            // are offered, but `--fix` leaves them alone.
            let local_clean: Vec<bool> = group
                .iter()
                .map(|run| {
                    let before = text[..run.range.start].chars().next_back();
                    let after = text[run.range.end..].chars().next();
                    let local: String = before
                        .into_iter()
                        .chain(run.fixed.chars())
                        .chain(after)
                        .collect();
                    clean(&local)
                })
                .collect();
            let repaired: Vec<Run> = group
                .iter()
                .zip(&local_clean)
                .filter(|(_, &ok)| ok)
                .map(|(run, _)| run.clone())
                .collect();
            let repaired_word = apply(text, word.clone(), &repaired);
            let word_ok = clean(&repaired_word) || !find_runs(&repaired_word).is_empty();
            for (run, &ok) in group.iter().zip(&local_clean) {
                let safe = ok && word_ok;
                let d = diagnostic(text, region.span.start, &word, &fixed_word, run, {
                    if safe {
                        Applicability::Safe
                    } else {
                        Applicability::Unsafe
                    }
                });
                out.push(if safe {
                    d
                } else {
                    d.with_note("the repair leaves garbled characters: check the word by hand")
                });
            }
        }
    }
}

fn diagnostic(
    text: &str,
    offset: usize,
    word: &Range<usize>,
    fixed_word: &str,
    run: &Run,
    applicability: Applicability,
) -> Diagnostic {
    let span = offset + run.range.start..offset + run.range.end;
    let found = &text[run.range.clone()];
    let how = if run.passes > 1 {
        format!("UTF-8 read as {} more than once", run.code_page.name())
    } else {
        format!("UTF-8 read as {}", run.code_page.name())
    };
    Diagnostic::new(
        META.code,
        META.severity,
        span.clone(),
        format!(
            "`{}` looks like mojibake: {how}; it should be `{}`",
            escape_invisible(&text[word.clone()]),
            escape_invisible(fixed_word)
        ),
    )
    .with_label("mojibake")
    .with_help(format!(
        "replace `{}` with `{}`",
        escape_invisible(found),
        escape_invisible(&run.fixed)
    ))
    .with_fix(
        Edit {
            span,
            replacement: run.fixed.clone(),
        },
        applicability,
    )
}

/// Whether repaired text is free of garbling: no C1 control character, no replacement
/// character, and no pair of characters that a code page encodes as a UTF-8 lead byte and a
/// continuation byte (what is left when a repair stopped half-way).
fn clean(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    if chars
        .iter()
        .any(|&c| ('\u{80}'..='\u{9f}').contains(&c) || c == char::REPLACEMENT_CHARACTER)
    {
        return false;
    }
    !chars.windows(2).any(|pair| {
        CodePage::ALL.iter().any(|cp| {
            cp.high_byte(pair[0])
                .is_some_and(|b| (0xC2..=0xF4).contains(&b))
                && cp
                    .high_byte(pair[1])
                    .is_some_and(|b| (0x80..=0xBF).contains(&b))
        })
    })
}

/// `text` encoded in a code page and decoded as UTF-8, again and again while that succeeds and
/// changes something (at most four times), with the number of passes. Each pass tries
/// `code_page` first, then the others (text read as Latin-1 once and as Windows-1252 the next
/// time). `None` when not even one pass succeeds, or the result holds a character copy does not
/// contain.
fn decode_repeatedly(text: &str, code_page: CodePage) -> Option<(String, u8)> {
    let encode = |s: &str, cp: CodePage| -> Option<String> {
        let mut bytes = Vec::with_capacity(s.len());
        for c in s.chars() {
            if c.is_ascii() {
                bytes.push(u8::try_from(c).ok()?);
            } else {
                bytes.push(cp.high_byte(c)?);
            }
        }
        String::from_utf8(bytes).ok().filter(|next| next != s)
    };
    let mut current = text.to_string();
    let mut passes = 0;
    while passes < 4 {
        let order =
            std::iter::once(code_page).chain(CodePage::ALL.into_iter().filter(|&c| c != code_page));
        let Some(next) = order.into_iter().find_map(|cp| encode(&current, cp)) else {
            break;
        };
        current = next;
        passes += 1;
    }
    let plausible = current
        .chars()
        .all(|c| c.is_ascii() || classify(c).is_some());
    (passes > 0 && plausible).then_some((current, passes))
}

/// Byte ranges of the source that this check would repair, for [`super::Ctx::mojibake_spans`]:
/// other checks stay quiet about characters that are only part of mojibake (the soft hyphen in
/// `GarcÃ\u{AD}a`).
pub(super) fn spans(doc: &crate::Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for region in &doc.regions {
        for run in find_runs(&doc.source[region.span.clone()]) {
            out.push(region.span.start + run.range.start..region.span.start + run.range.end);
        }
    }
    out
}

/// A single-byte code page that UTF-8 gets misread as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodePage {
    Windows1252,
    Latin1,
    Windows1250,
}

impl CodePage {
    /// In the order they are tried: Windows-1252 is by far the most common, and for bytes
    /// `0xA0..=0xFF` it agrees with Latin-1, which only adds the C1 controls `U+0080..=U+009F`.
    const ALL: [CodePage; 3] = [
        CodePage::Windows1252,
        CodePage::Latin1,
        CodePage::Windows1250,
    ];

    fn name(self) -> &'static str {
        match self {
            CodePage::Windows1252 => "Windows-1252",
            CodePage::Latin1 => "Latin-1 (ISO-8859-1)",
            CodePage::Windows1250 => "Windows-1250",
        }
    }

    /// The byte `0x80..=0xFF` that this code page decodes to `c`, if any.
    fn high_byte(self, c: char) -> Option<u8> {
        let table = match self {
            CodePage::Latin1 => return u8::try_from(u32::from(c)).ok().filter(|b| *b >= 0x80),
            CodePage::Windows1252 => &high_halves()[0],
            CodePage::Windows1250 => &high_halves()[1],
        };
        if c.is_ascii() || c == char::REPLACEMENT_CHARACTER {
            return None;
        }
        let i = table.iter().position(|&t| t == c)?;
        u8::try_from(0x80 + i).ok()
    }
}

/// What bytes `0x80..=0xFF` decode to in Windows-1252 and Windows-1250, as `encoding_rs` (the WHATWG
/// tables, which decode the few undefined bytes to the C1 controls, as browsers do) reads them.
fn high_halves() -> &'static [[char; 128]; 2] {
    static TABLES: OnceLock<[[char; 128]; 2]> = OnceLock::new();
    TABLES.get_or_init(|| {
        let bytes: Vec<u8> = (0x80..=0xFF).collect();
        [encoding_rs::WINDOWS_1252, encoding_rs::WINDOWS_1250].map(|encoding| {
            let (text, _) = encoding.decode_without_bom_handling(&bytes);
            let mut table = [char::REPLACEMENT_CHARACTER; 128];
            for (slot, c) in table.iter_mut().zip(text.chars()) {
                *slot = c;
            }
            table
        })
    })
}

/// A repairable stretch of garbled characters.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    /// Byte range in the text searched.
    range: Range<usize>,
    code_page: CodePage,
    fixed: String,
    /// How many times the text had been garbled.
    passes: u8,
}

/// What a repaired character is, for deciding whether the repair is plausible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Latin letters, punctuation, symbols, emoji.
    Common,
    /// A combining accent (text in decomposed form): needs a letter before it.
    Mark,
    /// A letter of Greek, Cyrillic, Hebrew or Arabic: needs another one in the same run, since
    /// a single one is more likely an accident of ordinary text than a garbled word.
    Script,
}

/// Whether copy plausibly contains `c`, and as what. Characters outside these ranges (CJK, Hangul,
/// Indic, IPA, rare Latin) are not repaired: ordinary accented text followed by punctuation can
/// spell them (`é…”` would give `酔`, Czech `íšť` read as Windows-1250 would give Hangul).
fn classify(c: char) -> Option<Class> {
    let class = match u32::from(c) {
        0x00A0..=0x017F
        | 0x018F
        | 0x01A0
        | 0x01A1
        | 0x01AF
        | 0x01B0
        | 0x0218..=0x021B
        | 0x0259
        | 0x02BB
        | 0x02BC
        | 0x02C6
        | 0x02C7
        | 0x02D8..=0x02DD
        | 0x1E00..=0x1EFF
        | 0x2000..=0x20CF
        | 0x2100..=0x215F
        | 0x2190..=0x21FF
        | 0x2212
        | 0x2600..=0x27BF
        | 0x2B00..=0x2BFF
        | 0xFE00..=0xFE0F
        | 0x1F000..=0x1FAFF => Class::Common,
        0x0300..=0x0308 | 0x030A..=0x030C | 0x0327 | 0x0328 => Class::Mark,
        0x0386..=0x03CE | 0x0400..=0x045F | 0x0490 | 0x0491 | 0x05D0..=0x05EA | 0x0621..=0x064A => {
            Class::Script
        }
        _ => return None,
    };
    Some(class)
}

/// Characters that may follow the last letter of a word in ordinary text.
const TRAILING: &[char] = &['’', '”', '»', '›', '™', '®', '°', '…'];

/// The character that the UTF-8 sequence spelled by `chars[i..]` in `code_page` decodes to, and
/// how many characters the sequence takes, if the sequence is plausible mojibake.
fn accepted_sequence(
    chars: &[(usize, char)],
    i: usize,
    code_page: CodePage,
) -> Option<(usize, char, Class)> {
    let lead = code_page.high_byte(chars[i].1)?;
    let n = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let seq = chars.get(i..i + n)?;
    let mut bytes = [lead, 0, 0, 0];
    for (slot, &(_, c)) in bytes[1..n].iter_mut().zip(&seq[1..]) {
        *slot = code_page
            .high_byte(c)
            .filter(|b| (0x80..=0xBF).contains(b))?;
    }
    let decoded = std::str::from_utf8(&bytes[..n]).ok()?.chars().next()?;
    let class = classify(decoded)?;
    let before = i.checked_sub(1).map(|k| chars[k].1);
    let after = chars.get(i + n).map(|&(_, c)| c);
    if class == Class::Mark && !before.is_some_and(char::is_alphabetic) {
        return None;
    }
    // An all-caps word of accented letters: "PĂŞUNE" (Romanian, Windows-1250), "CÂŞTIG".
    if seq.iter().all(|&(_, c)| c.is_alphabetic()) {
        let start = chars[..i]
            .iter()
            .rposition(|&(_, c)| !c.is_alphabetic())
            .map_or(0, |k| k + 1);
        let end = chars[i + n..]
            .iter()
            .position(|&(_, c)| !c.is_alphabetic())
            .map_or(chars.len(), |k| i + n + k);
        if !chars[start..end].iter().any(|&(_, c)| c.is_lowercase()) {
            return None;
        }
    }
    // The last letter of an all-caps word before a closing quote or a symbol: "IRMÃ”", "NIÑ’S".
    if n == 2
        && seq[0].1.is_uppercase()
        && before.is_some_and(char::is_uppercase)
        && TRAILING.contains(&seq[1].1)
        && !after.is_some_and(|c| c.is_lowercase() || (c.is_alphabetic() && !c.is_ascii()))
    {
        return None;
    }
    // A lowercase accented letter ending a word, then punctuation: Spanish "está»…" (`ễ`).
    if n > 2
        && seq[0].1.is_lowercase()
        && before.is_some_and(char::is_alphabetic)
        && seq[1..].iter().all(|(_, c)| TRAILING.contains(c))
        && !after.is_some_and(char::is_alphabetic)
    {
        return None;
    }
    Some((n, decoded, class))
}

/// The repairable runs of garbled characters in `text`, in order, repaired as often as needed.
fn find_runs(text: &str) -> Vec<Run> {
    let mut runs = find_runs_once(text);
    for run in &mut runs {
        // Text garbled more than once: `Ãƒ©` → `Ã©` → `é`.
        while run.passes < 3 {
            let again = find_runs_once(&run.fixed);
            if again.is_empty() {
                break;
            }
            run.fixed = apply(&run.fixed, 0..run.fixed.len(), &again);
            run.passes += 1;
        }
    }
    runs
}

/// The runs of garbled characters in `text`, each repaired once.
///
/// The text is taken about 64 KB at a time, cut after ASCII white space: no byte of a UTF-8
/// sequence is ASCII, so no run crosses it, and no test looks past it. A table of every char of
/// a 50 MB region would take 800 MB.
fn find_runs_once(text: &str) -> Vec<Run> {
    const PIECE: usize = 1 << 16;
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut start = 0;
    // Pieces of ASCII text are skipped whole: garbled text is never ASCII.
    while let Some(k) = bytes[start..].iter().position(|b| !b.is_ascii()) {
        let first = start + k;
        let start_at = bytes[start..first]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(start, |w| start + w + 1);
        let from = (first + 1).max(start_at + PIECE).min(text.len());
        let end = bytes[from..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(text.len(), |k| from + k + 1);
        runs.extend(
            find_runs_in(&text[start_at..end])
                .into_iter()
                .map(|mut run| {
                    run.range = run.range.start + start_at..run.range.end + start_at;
                    run
                }),
        );
        start = end;
    }
    runs
}

/// [`find_runs_once`] on one piece of text.
fn find_runs_in(text: &str) -> Vec<Run> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut runs = Vec::new();
    let mut i = 0;
    'next: while i < chars.len() {
        if chars[i].1.is_ascii() {
            i += 1;
            continue;
        }
        for code_page in CodePage::ALL {
            let mut j = i;
            let mut fixed = String::new();
            let mut script_letters = 0;
            while j < chars.len() {
                let Some((n, c, class)) = accepted_sequence(&chars, j, code_page) else {
                    break;
                };
                fixed.push(c);
                script_letters += usize::from(class == Class::Script);
                j += n;
            }
            if j > i && script_letters != 1 {
                let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
                runs.push(Run {
                    range: chars[i].0..end,
                    code_page,
                    fixed,
                    passes: 1,
                });
                i = j;
                continue 'next;
            }
        }
        i += 1;
    }
    runs
}

/// `text[range]` with the runs inside it repaired.
fn apply(text: &str, range: Range<usize>, runs: &[Run]) -> String {
    let mut out = String::new();
    let mut pos = range.start;
    // `runs` are in order: look only at those that start inside `range`.
    let first = runs.partition_point(|r| r.range.start < range.start);
    for run in runs[first..]
        .iter()
        .take_while(|r| r.range.start < range.end)
        .filter(|r| r.range.end <= range.end)
    {
        out.push_str(&text[pos..run.range.start]);
        out.push_str(&run.fixed);
        pos = run.range.end;
    }
    out.push_str(&text[pos..range.end]);
    out
}

/// The word around `range` for the message: the stretch without white space, without punctuation
/// at its ends, and at most a few dozen characters either side.
fn context(text: &str, range: &Range<usize>) -> Range<usize> {
    const MAX: usize = 30;
    let before: Vec<(usize, char)> = text[..range.start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| !c.is_whitespace())
        .take(MAX + 1)
        .collect();
    let after: Vec<(usize, char)> = text[range.end..]
        .char_indices()
        .take_while(|&(_, c)| !c.is_whitespace())
        .take(MAX + 1)
        .map(|(i, c)| (range.end + i, c))
        .collect();
    if before.len() > MAX || after.len() > MAX {
        return range.clone();
    }
    let trim = |c: char| c.is_ascii_punctuation() || matches!(c, '“' | '”' | '‘' | '’' | '«' | '»');
    let mut start = before.last().map_or(range.start, |&(i, _)| i);
    for &(i, c) in before.iter().rev() {
        if !trim(c) {
            break;
        }
        start = i + c.len_utf8();
    }
    let mut end = after.last().map_or(range.end, |&(i, c)| i + c.len_utf8());
    for &(i, c) in after.iter().rev() {
        if !trim(c) {
            break;
        }
        end = i;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::{find_runs, CodePage};
    use crate::checks::test_support::{assert_diagnostics, diagnostics, linter};
    use crate::{Format, Linter};

    fn l() -> Linter {
        linter("", None, "2025-12-20")
    }

    fn check(text: &str, format: Format) -> Vec<crate::Diagnostic> {
        crate::checks::test_support::of_code("mojibake", text, format)
    }

    fn fixed(text: &str, format: Format) -> String {
        crate::checks::test_support::fixed_by("mojibake", text, format)
    }

    #[test]
    fn tables_agree_with_encoding_rs_encoders() {
        for (cp, encoding) in [
            (CodePage::Windows1252, encoding_rs::WINDOWS_1252),
            (CodePage::Windows1250, encoding_rs::WINDOWS_1250),
        ] {
            for c in "ĂĽâ€™Ã©ÅŸÄ±Ð\u{9d}".chars() {
                let mut buf = [0; 4];
                let (bytes, _, unmappable) = encoding.encode(c.encode_utf8(&mut buf));
                let expected = (!unmappable).then(|| bytes[0]);
                assert_eq!(cp.high_byte(c), expected, "{c:?} in {}", cp.name());
            }
        }
        assert_eq!(CodePage::Latin1.high_byte('\u{80}'), Some(0x80));
        assert_eq!(CodePage::Latin1.high_byte('€'), None);
        assert_eq!(CodePage::Windows1252.high_byte('€'), Some(0x80));
    }

    #[test]
    fn windows_1252_latin_1_and_windows_1250() {
        assert_diagnostics(
            &l(),
            "mojibake",
            "Trumpâ€™s cafÃ© in TĂĽrkiye, â€œquoteâ€\u{9d} and â\u{80}\u{9c}Latinâ\u{80}\u{9d}.",
            &[
                ("â€™", Some("’")),
                ("Ã©", Some("é")),
                ("ĂĽ", Some("ü")),
                ("â€œ", Some("“")),
                ("â€\u{9d}", Some("”")),
                ("â\u{80}\u{9c}", Some("“")),
                ("â\u{80}\u{9d}", Some("”")),
            ],
        );
    }

    #[test]
    fn messages_show_the_word_and_the_code_page() {
        let d = check("Officials in TĂĽrkiye said.", Format::Text);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message,
            "`TĂĽrkiye` looks like mojibake: UTF-8 read as Windows-1250; it should be `Türkiye`"
        );
        let d = check("(Trumpâ€™s)", Format::Text);
        assert_eq!(
            d[0].message,
            "`Trumpâ€™s` looks like mojibake: UTF-8 read as Windows-1252; it should be `Trump’s`"
        );
        let d = check("â€œquoteâ€\u{9d}", Format::Text);
        assert_eq!(d.len(), 2);
        assert_eq!(
            d[1].message,
            "`â€œquoteâ€\\u{9D}` looks like mojibake: UTF-8 read as Windows-1252; it should be `“quote”`"
        );
        let d = check("â\u{80}\u{99}", Format::Text);
        assert!(d[0].message.contains("Latin-1"), "{}", d[0].message);
    }

    #[test]
    fn many_languages_and_symbols() {
        let cases = [
            ("CeauÈ™escu", "Ceaușescu"),
            ("Å\u{81}Ã³dÅº", "Łódź"),
            ("ErdoÄŸan", "Erdoğan"),
            ("Nguyá»…n XuÃ¢n PhÃºc", "Nguyễn Xuân Phúc"),
            ("SÃ£o Paulo", "São Paulo"),
            ("MÃ¼ller StraÃŸe", "Müller Straße"),
            ("ÐŸÑƒÑ‚Ð¸Ð½", "Путин"),
            ("Î‘Î¸Î®Î½Î±", "Αθήνα"),
            ("costs â‚¬5 and Â£4", "costs €5 and £4"),
            ("Brandâ„¢ â€” done â€¦", "Brand™ — done …"),
            ("thumbs ðŸ‘\u{8d} ok", "thumbs 👍 ok"),
            ("ÃšLTIMO", "ÚLTIMO"),
            ("TÃœRKIYE", "TÜRKIYE"),
            ("DvoÅ™Ã¡k", "Dvořák"),
            ("GyÅ‘r", "Győr"),
            ("WaĹ‚Ä™sa", "Wałęsa"),
            ("PĹ™Ă\u{ad}bram", "Příbram"),
            ("Ã\u{a0} la carte", "à la carte"),
            ("Â\u{a0}nbsp", "\u{a0}nbsp"),
        ];
        for (garbled, good) in cases {
            assert_eq!(fixed(garbled, Format::Text), good, "{garbled}");
        }
    }

    #[test]
    fn garbled_twice() {
        assert_diagnostics(
            &l(),
            "mojibake",
            "cafÃƒÂ© and Trumpâ€™s",
            &[("ÃƒÂ©", Some("é")), ("â€™", Some("’"))],
        );
        let d = check("cafÃƒÂ©", Format::Text);
        assert!(d[0].message.contains("more than once"), "{}", d[0].message);
    }

    #[test]
    fn ordinary_text_in_other_languages_is_never_reported() {
        let text = "\
Łódź, Wałęsa, źdźbło, Gdańsk, ŁÓDŹ, CZĘŚĆ, GDAŃSK, RÓŻA, PÓŁ, Śląsk. \
Dvořák, Příbram, píšťala, déšť, DÉŠŤ, PÍŠE, VĚŠTIT, věštit, nejvyšší. \
Erdoğan, Çavuşoğlu, İstanbul, Şişli, Ağrı. \
Nguyễn Xuân Phúc, Hồ Chí Minh, Đà Nẵng. \
Luís, São Paulo, SÃO PAULO, IRMÃ, AMANHÔ, “IRMÔ, Muñoz, ESPAÑA, NIÑ’S, façade, FRANÇAIS, Zoë, naïve, \
Ångström, Øresund, Æble, SØ», Ça, « Ça », «\u{a0}ÉTÉ\u{a0}», JOSÉ’S, CAFÉ™, Nescafé™, perché…”, está»…, \
Müller, Straße, STRASSE, ÄÖÜ, Österreich. \
Ceaușescu, Ceauşescu, PĂŞUNE, păşune, CÂŞTIG, câştig, ROMÂNIA, Râşnov, Târgu Mureş, Bârlădeanu. \
Győr, Hőgyes, Szőkőlő. Þórr, Þingvellir, ÐÆÞ, Guðrún. Kráľ, kráľovstvo, Ľubomír, ĽUBOMÍR. \
Ç’ka, Â alone, Ã alone, â, Ã, 2×½, 25ºC, Nº 5, ±3 °C, © 2025, ½ ¾, µg. \
Αθήνα, Москва, Київ, עברית, العربية, 北京, 서울, हिन्दी.";
        assert_diagnostics(&l(), "mojibake", text, &[]);
    }

    #[test]
    fn run_boundaries() {
        let cases = [
            ("Ã©", "é"),
            ("Ã©tÃ©", "été"),
            ("Ã©t", "ét"),
            ("xÃ©", "xé"),
            ("caf\u{e9}Ã©", "caf\u{e9}é"),
            ("\"cafÃ©\"", "\"café\""),
            ("cafÃ©.\nNext line: naÃ¯ve", "café.\nNext line: naïve"),
            ("â€œAâ€\u{9d}", "“A”"),
            ("Ã©Ã¨Ã\u{aa}", "éèê"),
        ];
        for (garbled, good) in cases {
            assert_eq!(fixed(garbled, Format::Text), good, "{garbled}");
        }
        // A lead character with nothing after it, or followed by ASCII, is left alone.
        assert_diagnostics(&l(), "mojibake", "Ã", &[]);
        assert_diagnostics(&l(), "mojibake", "â€", &[]);
        assert_diagnostics(&l(), "mojibake", "â€?", &[]);
    }

    #[test]
    fn markdown_code_is_not_copy() {
        let src = "# TĂĽrkiye\n\nSay `cafÃ©` and **cafÃ©**.\n\n```\nTrumpâ€™s\n```\n\nSee <https://x.example/cafÃ©>.\n";
        let d = check(src, Format::Markdown);
        let found: Vec<&str> = d.iter().map(|d| &src[d.span.clone()]).collect();
        assert_eq!(found, ["ĂĽ", "Ã©"]);
        assert_eq!(
            fixed(src, Format::Markdown),
            "# Türkiye\n\nSay `cafÃ©` and **café**.\n\n```\nTrumpâ€™s\n```\n\nSee <https://x.example/cafÃ©>.\n"
        );
    }

    #[test]
    fn front_matter_title_is_copy() {
        let src = "---\ntitle: \"Trumpâ€™s visit\"\nslug: cafÃ©\n---\nBody.\n";
        assert_eq!(
            fixed(src, Format::Markdown),
            "---\ntitle: \"Trump’s visit\"\nslug: cafÃ©\n---\nBody.\n"
        );
    }

    #[test]
    fn the_soft_hyphen_of_garbled_i_is_mojibake_not_a_hidden_character() {
        let text = "GarcÃ\u{ad}a";
        let got = diagnostics(&l(), text);
        assert_eq!(
            got,
            [(
                "mojibake".to_string(),
                "Ã\u{ad}".to_string(),
                Some("í".to_string())
            )]
        );
        assert_eq!(fixed(text, Format::Text), "García");
    }

    #[test]
    fn the_fix_repairs_the_whole_document() {
        let src =
            "\u{feff}Ã‰mile Zola said: â€œLa vÃ©ritÃ© est en marcheâ€\u{9d} â€” in TĂĽrkiye too.\n";
        assert_eq!(
            fixed(src, Format::Text),
            "\u{feff}Émile Zola said: “La vérité est en marche” — in Türkiye too.\n"
        );
        let d = check(src, Format::Text);
        assert!(d.iter().all(|d| d.severity == crate::Severity::Error
            && d.fixes[0].applicability == crate::Applicability::Safe));
        // Fixed text is clean.
        assert!(check(&fixed(src, Format::Text), Format::Text).is_empty());
    }

    #[test]
    fn runs_are_found_past_the_first_piece_of_a_long_text() {
        let text = format!(
            "{}cafÃ© and TĂĽrkiye{}",
            "word ".repeat(30_000),
            "x".repeat(70_000)
        );
        let runs = find_runs(&text);
        let at = |s: &str| text.find(s).unwrap_or_default();
        let found: Vec<(usize, &str)> = runs
            .iter()
            .map(|r| (r.range.start, r.fixed.as_str()))
            .collect();
        assert_eq!(found, [(at("Ã©"), "é"), (at("ĂĽ"), "ü")]);
    }

    #[test]
    fn runs_are_found_in_plain_strings() {
        let runs = find_runs("a Ã© b");
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].range, 2..6);
        assert_eq!(runs[0].fixed, "é");
    }

    #[test]
    fn text_garbled_many_times_is_repaired_whole_or_not_safely() {
        // Three times over: the pieces do not each decode to a plausible character.
        assert_eq!(
            fixed(
                "T\u{c3}\u{192}\u{c6}\u{2019}\u{c3}\u{2018}\u{c2}\u{bc}rkiye"
                    .replace('\u{2018}', "\u{201a}")
                    .as_str(),
                Format::Text
            ),
            "Türkiye"
        );
        // Read as Latin-1 once and as Windows-1252 the next time: C1 controls in between.
        assert_eq!(
            fixed("it\u{c3}\u{a2}\u{c2}\u{80}\u{c2}\u{99}s", Format::Text),
            "it\u{2019}s"
        );
        assert_eq!(
            fixed(
                "Die\u{c3}\u{a2}\u{e2}\u{201a}\u{ac}\u{c2}\u{9d} now",
                Format::Text
            ),
            "Die\u{201d} now"
        );
        // A closing quote that lost its last byte cannot be repaired: the opening one is fixed,
        // the closing one is offered as an unsafe fix only.
        let text = "\u{c3}\u{a2}\u{e2}\u{201a}\u{ac}\u{c5}\u{201c}Quote\u{c3}\u{a2}\u{e2}\u{201a}\u{ac}\u{c2} next";
        let found = check(text, Format::Text);
        let safety: Vec<_> = found.iter().map(|d| d.fixes[0].applicability).collect();
        assert_eq!(
            safety,
            [crate::Applicability::Safe, crate::Applicability::Unsafe],
            "{found:?}"
        );
        assert!(fixed(text, Format::Text).starts_with("\u{201c}Quote"));
        // Pieces that each repair cleanly but leave the word garbled, in a way no longer read as
        // mojibake (`TÃÆ’¼rkiye`), are not safe: the word would be neither right nor reported.
        let text = "T\u{c3}\u{192}\u{c6}\u{2019}\u{c2}\u{bc}rkiye";
        let found = check(text, Format::Text);
        assert!(!found.is_empty());
        assert!(found
            .iter()
            .all(|d| d.fixes[0].applicability == crate::Applicability::Unsafe));
        assert_eq!(fixed(text, Format::Text), text);
    }
}
