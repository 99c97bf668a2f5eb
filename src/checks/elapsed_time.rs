//! `elapsed-time`: a claim of how long ago something happened ("more than two years after
//! Russia's full-scale invasion in February 2022") that is not true on the article's date.
//!
//! A claim is a quantity (a qualifier, a number and a unit) and an event: the event's date is
//! written in the same phrase ("in February 2022", "in 2014", "Feb. 24, 2022") or comes from a
//! dictionary `[[event]]` named there. Parsing works on the scan text, word by word around each
//! "year" and "month"; see [`parse`].

use crate::text::{is_word_char, NUMBER_WORDS};
use std::ops::Range;

use super::{CheckMeta, Ctx, Findings, FixAvailability};
use crate::date::{Elapsed, PartialDate};
use crate::diagnostic::{word_edit, Applicability, Diagnostic, Severity};
use crate::index::Meaning;
use crate::scan::Hit;

pub static META: CheckMeta = CheckMeta {
    code: "elapsed-time",
    summary: "A claim of elapsed time that is not true on the article's date",
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    explanation: "\
## What it catches
A claim of how much time has passed since an event, measured against the article's date:
\"more than two years after Russia's full-scale invasion in February 2022\" in December 2025 copy
(it has been 3 years and 10 months), \"nearly three years since\" the same day (it has been more
than three). Reused paragraphs carry such figures forward for years.

Shapes, in numerals or words (\"2\", \"two\", \"a\", \"two and a half\"):
- `(more than | over | nearly | almost | about | at least | less than | ...) N (years | months)
  (after | since | into | on from) EVENT`, and the same without a qualifier;
- `N years of EVENT` (\"two years of war in Gaza\");
- `in its Nth year`, `entered its Nth year`, `entering its Nth year`, after the event in the
  same sentence (\"a war that began in February 2022 and has entered its fourth year\").

The event's date is the one written in the phrase (\"in February 2022\", \"in 2014\", \"the 2022
invasion\", \"Feb. 24, 2022\"), or that of a dictionary `[[event]]` the phrase names (\"Russia's
full-scale invasion\", \"the annexation of Crimea\"); when both are there and agree, the
dictionary's more precise date is used. A date known only to the month or the year is judged only
when the claim is wrong for every day it may mean.

## What is reported
- A claim that is false on the article's date: \"nearly three years\" when it has been three years
  or more; \"more than four years\" when it has not; \"about two years\" or \"two years\" a whole
  year or more away from the truth; \"in its third year\" in the fourth.
- A claim that understates by a whole unit or more: \"more than two years\" when it has been more
  than three, \"at least six months\" when it has been more than seven.

The day a year (or month) is complete counts: \"more than three years\" after 2022-02-24 is true
from 2025-02-25, and \"nearly three years\" is false from 2025-02-24.

## What is not a claim
Claims in the speakers' words and around the story (quotations, captions, teasers, embedded
posts), and claims that are anchored to another time: a sentence that names another year (\"by
2024, two years after the invasion\"), a month or a past time (\"at the time\", \"last year\", \"when\",
\"had\"), or that is hypothetical or about the future (\"would\", \"will\", \"if\"), a paragraph
that names a year later than the article's, and a figure so far below the real time (under a third
of it) that the sentence must speak of an earlier day (\"six months after the invasion, Ukraine
retook Kharkiv\").

## Why
Time since a war began, a leader took office or a disaster struck is repeated in every story on the
subject, and paragraphs are copied from one story into the next. The figure goes stale silently.

## Example
```text
talks that come more than two years after Russia's full-scale invasion in February 2022
```
in copy dated 2025-12-20: it has been 3 years, 9 months and 26 days.

## Fix
Unsafe (a suggestion to review): the right phrase in the same shape (\"more than three years\"),
with the computed time in a note.
",
};

/// How a claimed quantity relates to the real time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Qualifier {
    /// "more than", "over": longer than the quantity.
    MoreThan,
    /// "at least".
    AtLeast,
    /// "nearly", "almost": a little shorter.
    Nearly,
    /// "less than", "under".
    LessThan,
    /// "about", "some", "roughly": close either way.
    About,
    /// No qualifier: the quantity reached, and the next not yet.
    Bare,
}

/// Qualifiers as written (lower case, words separated by one space), longest first.
const QUALIFIERS: &[(&str, Qualifier)] = &[
    ("just more than", Qualifier::MoreThan),
    ("a little more than", Qualifier::MoreThan),
    ("slightly more than", Qualifier::MoreThan),
    ("well over", Qualifier::MoreThan),
    ("just over", Qualifier::MoreThan),
    ("more than", Qualifier::MoreThan),
    ("upwards of", Qualifier::MoreThan),
    ("over", Qualifier::MoreThan),
    ("at least", Qualifier::AtLeast),
    ("nearly", Qualifier::Nearly),
    ("almost", Qualifier::Nearly),
    ("close to", Qualifier::Nearly),
    ("just under", Qualifier::Nearly),
    ("not quite", Qualifier::Nearly),
    ("less than", Qualifier::LessThan),
    ("fewer than", Qualifier::LessThan),
    ("under", Qualifier::LessThan),
    ("about", Qualifier::About),
    ("around", Qualifier::About),
    ("roughly", Qualifier::About),
    ("approximately", Qualifier::About),
    ("some", Qualifier::About),
];

/// What a claim says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A quantity of time since the event.
    Duration {
        qualifier: Qualifier,
        /// The quantity claimed.
        amount: Elapsed,
        /// 12 for years, 1 for months.
        unit: i32,
    },
    /// "in its Nth year"; `entering`: "entering its Nth year", which may be said a little before.
    Ordinal { year: i32, entering: bool },
}

/// How a number was written, to write the right one the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Digits,
    Words,
    /// "a year", "an hour".
    Article,
}

/// A claim found in the scan text.
#[derive(Debug, Clone)]
struct Claim {
    shape: Shape,
    style: Style,
    /// The qualifier, number and unit (or "its Nth year"): what the fix replaces.
    quantity: Range<usize>,
    /// Everything that makes the claim, event included; years outside it anchor the sentence.
    extent: Range<usize>,
    /// The event's words.
    phrase: Range<usize>,
}

/// The event's date, and where it comes from.
#[derive(Debug, Clone)]
struct EventDate {
    date: PartialDate,
    source: DateSource,
}

/// Where an event's date comes from.
#[derive(Debug, Clone)]
enum DateSource {
    /// The dictionary event named in the phrase.
    Event(usize),
    /// The date as written in the phrase.
    Written(String),
}

pub fn run(ctx: &Ctx<'_>, out: &mut Findings) {
    let text = ctx.scan.text.text.as_str();
    for claim in claims(ctx, text) {
        if let Some(d) = judge(ctx, text, &claim) {
            out.push(d);
        }
    }
}

/// Every claim of the text, in order.
fn claims(ctx: &Ctx<'_>, text: &str) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    let bytes = text.as_bytes();
    for needle in ["year", "Year", "month", "Month", "YEAR", "MONTH"] {
        for at in memchr::memmem::find_iter(bytes, needle.as_bytes()) {
            if let Some(claim) = parse(ctx, text, at, needle.len()) {
                out.push(claim);
            }
        }
    }
    out.sort_by_key(|c| c.quantity.start);
    out.dedup_by_key(|c| c.quantity.start);
    out
}

/// The word that ends right before `end` after exactly one space, with hyphens and full stops
/// inside it ("twenty-one", "U.S."): its range.
fn word_before(text: &str, end: usize) -> Option<Range<usize>> {
    let end = text[..end].strip_suffix(' ')?.len();
    let start = text[..end]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c) || c == '-' || c == '\'')
        .last()
        .map(|(i, _)| i)?;
    Some(start..end)
}

/// A cardinal number written as digits or words ("3", "three", "twenty-one", "a").
fn cardinal(word: &str) -> Option<(i32, Style)> {
    if !word.is_empty() && word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()) {
        return word.parse().ok().map(|n| (n, Style::Digits));
    }
    let lower = word.to_lowercase();
    if matches!(lower.as_str(), "a" | "an") {
        return Some((1, Style::Article));
    }
    let small = |w: &str| NUMBER_WORDS.iter().position(|n| *n == w);
    if let Some(n) = small(&lower) {
        return i32::try_from(n).ok().map(|n| (n, Style::Words));
    }
    let (tens, ones) = lower.split_once('-')?;
    let t = TENS.iter().position(|n| *n == tens)?;
    let o = small(ones).filter(|&o| (1..10).contains(&o))?;
    i32::try_from((t + 2) * 10 + o)
        .ok()
        .map(|n| (n, Style::Words))
}

const TENS: &[&str] = &[
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

const ORDINAL_WORDS: &[&str] = &[
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// An ordinal ("fourth", "4th").
fn ordinal(word: &str) -> Option<(i32, Style)> {
    let lower = word.to_lowercase();
    if let Some(n) = ORDINAL_WORDS.iter().position(|w| *w == lower) {
        return i32::try_from(n).ok().map(|n| (n, Style::Words));
    }
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &lower[digits.len()..];
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i32 = digits.parse().ok()?;
    (suffix == ordinal_suffix(n)).then_some((n, Style::Digits))
}

/// The English suffix of an ordinal in digits: "st", "nd", "rd" or "th".
fn ordinal_suffix(n: i32) -> &'static str {
    match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    }
}

/// Parses the claim whose unit word starts at `at` (`len` bytes of "year" or "month", maybe
/// followed by "s").
fn parse(ctx: &Ctx<'_>, text: &str, at: usize, len: usize) -> Option<Claim> {
    let unit_word = &text[at..];
    let plural = unit_word[len..].starts_with(['s', 'S']);
    let unit_end = at + len + usize::from(plural);
    if !crate::index::automaton::is_whole(text, at, unit_end) {
        return None;
    }
    let unit = if unit_word[..len].eq_ignore_ascii_case("year") {
        12
    } else {
        1
    };
    let before = word_before(text, at)?;
    let before_word = &text[before.clone()];
    if unit == 12 && !plural {
        if let Some((year, style)) = ordinal(before_word) {
            return parse_ordinal(text, before, year, style, unit_end);
        }
    }
    // The number, with "two and a half years" and "a year and a half".
    let mut number_start = before.start;
    let mut half = false;
    let (n, style) = if before_word.eq_ignore_ascii_case("half") {
        let a = word_before(text, before.start).filter(|r| &text[r.clone()] == "a")?;
        let and = word_before(text, a.start).filter(|r| &text[r.clone()] == "and")?;
        let num = word_before(text, and.start)?;
        number_start = num.start;
        half = true;
        cardinal(&text[num])?
    } else {
        cardinal(before_word)?
    };
    let mut after = unit_end;
    if text[unit_end..].starts_with(" and a half") {
        half = true;
        after += " and a half".len();
    }
    if n <= 0 || n > 200 {
        return None;
    }
    let amount = if half && unit == 12 {
        Elapsed::months(n * 12 + 6)
    } else if half {
        Elapsed {
            months: n,
            days: 15,
        }
    } else {
        Elapsed::months(n * unit)
    };
    let (qualifier, quantity_start) = qualifier_before(text, number_start)?;
    // The preposition, then the event.
    let rest = &text[after..];
    let (relation, skip) = [" after ", " since ", " into ", " on from ", " of "]
        .iter()
        .find(|p| rest.starts_with(**p))
        .map(|p| (p.trim(), p.len()))?;
    let phrase_start = after + skip;
    let phrase = phrase_start..phrase_end(text, phrase_start);
    if phrase.is_empty() {
        return None;
    }
    // "N years of EVENT" names the event right away ("two years of war in Gaza"), or says when
    // it began ("of war since February 2022"): a year alone may end the period ("18 years of
    // Tory rule in 1997").
    if relation == "of" && !event_at(ctx, &phrase, 2) && began_date(&text[phrase.clone()]).is_none()
    {
        return None;
    }
    Some(Claim {
        shape: Shape::Duration {
            qualifier,
            amount,
            unit,
        },
        style,
        quantity: quantity_start..unit_end,
        extent: quantity_start..phrase.end,
        phrase,
    })
}

/// The qualifier standing before the number at `number_start`, and where the quantity starts;
/// `None` when the words before make the quantity something else: a span within the time ("the
/// first two years"), a length ("jailed for 22 years after", "five years and eight months
/// after"), or the date of a past event ("problems emerged 14 months after").
fn qualifier_before(text: &str, number_start: usize) -> Option<(Qualifier, usize)> {
    let head = &text[..number_start];
    let mut found = (Qualifier::Bare, number_start);
    for (q, qualifier) in QUALIFIERS {
        let Some(start) = number_start.checked_sub(q.len() + 1) else {
            continue;
        };
        let written = head.get(start..).unwrap_or("");
        if written.len() == q.len() + 1
            && written.ends_with(' ')
            && written[..q.len()].eq_ignore_ascii_case(q)
            && (start == 0 || !text[..start].chars().next_back().is_some_and(is_word_char))
        {
            found = (*qualifier, start);
            break;
        }
    }
    let (qualifier, start) = found;
    let before = word_before(text, start).map(|w| text[w].to_lowercase());
    let before = before.as_deref().unwrap_or("");
    // "over" is a qualifier only where a claim starts ("Over two years after ...", "it is over
    // two years since"); after a noun it spans a period ("savings over two years").
    let clause_start = start == 0
        || !text[..start].ends_with(|c: char| is_word_char(c) || c == ' ')
        || text[..start]
            .trim_end()
            .ends_with([',', ';', ':', '\u{2014}', '\0']);
    if text[start..]
        .get(..5)
        .is_some_and(|w| w.eq_ignore_ascii_case("over "))
        && !clause_start
        && !NOW_VERBS.contains(&before)
    {
        return None;
    }
    if matches!(
        before,
        "first"
            | "next"
            | "last"
            | "final"
            | "initial"
            | "coming"
            | "every"
            | "each"
            | "per"
            | "for"
            | "of"
            | "to"
            | "and"
            | "within"
            | "by"
            | "than"
            | "in"
    ) || past_tense(before)
    {
        return None;
    }
    Some((qualifier, start))
}

/// Present-tense verbs that can stand right before a claim ("it is more than two years since").
const NOW_VERBS: &[&str] = &[
    "is", "are", "been", "now", "comes", "come", "'s", "it's", "just", "well",
];

/// Irregular past tenses that date a past event rather than speak of today ("the murder came
/// four years after ...").
const IRREGULAR_PAST: &[&str] = &[
    "came", "began", "was", "were", "went", "took", "fell", "became", "met", "left", "died", "won",
    "lost", "made", "got", "gave", "saw", "said", "told", "wrote", "held", "rose", "broke", "ran",
    "struck", "sought", "brought", "found", "put", "set", "quit", "paid", "sold", "built", "led",
];

/// Whether a word is a verb in the past tense: irregular ones, and words of five letters or more
/// ending in "-ed" ("emerged", "started").
fn past_tense(word: &str) -> bool {
    IRREGULAR_PAST.contains(&word) || (word.len() >= 5 && word.ends_with("ed"))
}

/// The first date a phrase says a period began on: "since February 2022", "that began in 2014".
fn began_date(phrase: &str) -> Option<crate::context::WrittenDate> {
    crate::context::dates(phrase)
        .into_iter()
        .find(|d| began_before(&phrase[..d.span.start]))
}

/// Whether the words before a date say that something began then ("began in", "since").
fn began_before(lead: &str) -> bool {
    let lead = lead.to_lowercase();
    let lead = lead.trim_end();
    let lead = lead
        .strip_suffix(" in")
        .or_else(|| lead.strip_suffix(" on"))
        .unwrap_or(lead);
    [
        "began",
        "started",
        "launched",
        "erupted",
        "since",
        "broke out",
    ]
    .iter()
    .any(|w| lead == *w || lead.ends_with(&format!(" {w}")))
}

/// The end of the event phrase that starts at `start`: the end of its clause (punctuation, a
/// conjunction, a relative pronoun, the end of the sentence) or 14 words, whichever comes first.
fn phrase_end(text: &str, start: usize) -> usize {
    let mut words = 0;
    let mut end = start;
    let mut previous: Option<Range<usize>> = None;
    for w in crate::text::words(&text[start..]) {
        let w = start + w.start..start + w.end;
        let gap = &text[end..w.start];
        // "Feb. 24, 2022": the comma before a year belongs to the date.
        let date_comma = gap == ", "
            && text[w.clone()].len() == 4
            && text[w.clone()].bytes().all(|b| b.is_ascii_digit())
            && previous
                .as_ref()
                .is_some_and(|p| text[p.clone()].bytes().all(|b| b.is_ascii_digit()));
        if !date_comma
            && gap.contains([
                ',', ';', ':', '(', ')', '[', ']', '"', '\u{2014}', '\u{2013}', '\0',
            ])
            || gap.contains(" - ")
            || gap.contains("? ")
            || gap.contains("! ")
            || sentence_end_in(gap, &text[..w.start])
        {
            break;
        }
        let word = &text[w.clone()];
        if matches!(
            word,
            "and" | "but" | "when" | "which" | "who" | "where" | "while" | "as" | "than" | "amid"
        ) {
            break;
        }
        words += 1;
        end = w.end;
        previous = Some(w);
        if words == 14 {
            break;
        }
    }
    end
}

/// Whether a gap between two words ends a sentence: a full stop after a word that is no
/// abbreviation ("invasion. The", "England. From", "it. In"; not "Feb. 24", "U.S. forces" or
/// "Gen. Smith").
fn sentence_end_in(gap: &str, before: &str) -> bool {
    if !gap.starts_with(". ") {
        return false;
    }
    let word: String = before[..before.len() - gap.len()]
        .chars()
        .rev()
        .take_while(|&c| is_word_char(c) || c == '.')
        .collect();
    let word: String = word.chars().rev().collect();
    if word.contains('.') || crate::context::month_number(&word).is_some() {
        return false;
    }
    let lower = word.chars().all(|c| c.is_lowercase() || c.is_ascii_digit());
    // "Mr.", "Dr.", "Gen.", "Sen.", "No.": short capitalised words are abbreviations.
    lower || word.chars().count() > 3
}

/// Whether a dictionary event starts within the first `words` words of `phrase`.
fn event_at(ctx: &Ctx<'_>, phrase: &Range<usize>, words: usize) -> bool {
    event_in(ctx, phrase, words).is_some()
}

/// The first dictionary event that starts within the first `words` words of `range`.
fn event_in<'a>(ctx: &'a Ctx<'_>, range: &Range<usize>, words: usize) -> Option<(usize, &'a Hit)> {
    let text = &ctx.scan.text.text;
    let limit = crate::text::words(&text[range.clone()])
        .nth(words)
        .map_or(range.end, |w| range.start + w.start);
    let hits = &ctx.scan.event_hits;
    let i = hits.partition_point(|h| h.norm.start < range.start);
    hits[i..]
        .iter()
        .take_while(|h| h.norm.start < limit)
        .find_map(|h| {
            ctx.scan.meanings(ctx.index, h).find_map(|(m, _)| match m {
                Meaning::Event { event } => Some((*event, h)),
                _ => None,
            })
        })
}

/// "in its fourth year", "entered its 4th year", "entering its fourth year": the event is named
/// earlier in the sentence.
fn parse_ordinal(
    text: &str,
    ordinal_word: Range<usize>,
    year: i32,
    style: Style,
    unit_end: usize,
) -> Option<Claim> {
    let its = word_before(text, ordinal_word.start).filter(|r| &text[r.clone()] == "its")?;
    let verb = word_before(text, its.start)?;
    let verb_word = text[verb.clone()].to_lowercase();
    let entering = match verb_word.as_str() {
        "entered" | "enters" => false,
        "entering" | "enter" => true,
        // "is now in its fourth year", "now into its fourth year"; a past "spent £42m in its
        // first year" speaks of that year.
        "in" | "into" => {
            let before = word_before(text, verb.start).map(|w| text[w].to_lowercase());
            let now = matches!(
                before.as_deref(),
                Some(
                    "is" | "are"
                        | "now"
                        | "'s"
                        | "it's"
                        | "remains"
                        | "remain"
                        | "still"
                        | "currently"
                        | "already"
                        | "well"
                )
            );
            if !now {
                return None;
            }
            false
        }
        _ => return None,
    };
    if year < 1 {
        return None;
    }
    // The event: the nearest before, in the same sentence.
    let sentence = crate::context::sentence_range(text, its.start);
    let phrase = sentence.start..verb.start;
    Some(Claim {
        shape: Shape::Ordinal { year, entering },
        style,
        quantity: its.start..unit_end,
        extent: phrase.start..unit_end,
        phrase,
    })
}

/// The event's date for a claim: the dictionary event and the date written in its phrase.
fn event_date(ctx: &Ctx<'_>, text: &str, claim: &Claim) -> Option<EventDate> {
    let phrase = &text[claim.phrase.clone()];
    let (event, written) = match claim.shape {
        Shape::Duration { .. } => {
            let event = event_in(ctx, &claim.phrase, 7).map(|(e, _)| e);
            (event, crate::context::dates(phrase).into_iter().next())
        }
        Shape::Ordinal { .. } => {
            // The last event named before the claim in its sentence, or a date after "began",
            // "started", "launched", "erupted" or "since".
            let hits = &ctx.scan.event_hits;
            let event = hits
                .iter()
                .filter(|h| h.norm.start >= claim.phrase.start && h.norm.end <= claim.phrase.end)
                .filter_map(|h| {
                    ctx.scan.meanings(ctx.index, h).find_map(|(m, _)| match m {
                        Meaning::Event { event } => Some(*event),
                        _ => None,
                    })
                })
                .next_back();
            (event, began_date(phrase))
        }
    };
    let named = event.map(|e| (e, ctx.rules.events[e].date));
    let (date, source) = match (named, written) {
        // The dictionary's date when it lies within the written one; otherwise the copy speaks
        // of another date, and is judged by its own.
        (Some((e, dict)), w)
            if w.as_ref().is_none_or(|w| {
                w.date.earliest() <= dict.earliest() && dict.latest() <= w.date.latest()
            }) =>
        {
            (dict, DateSource::Event(e))
        }
        (_, Some(w)) => (w.date, DateSource::Written(phrase[w.span].to_string())),
        // No event named and no date written (an event named alone is taken above).
        (_, None) => return None,
    };
    Some(EventDate { date, source })
}

/// Where the real time lies against what a claim accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Fits,
    /// The real time is longer than the claim allows.
    Longer,
    /// The real time is shorter.
    Shorter,
}

/// What `shape` says of a real time `e`.
fn verdict(shape: Shape, e: Elapsed) -> Verdict {
    let whole = |months: i32| Elapsed::months(months);
    let add = |a: Elapsed, months: i32| Elapsed {
        months: a.months + months,
        days: a.days,
    };
    let within = |longer_than: Option<(Elapsed, bool)>, shorter_than: Option<(Elapsed, bool)>| {
        // Each bound with whether it is inclusive.
        if let Some((lo, inclusive)) = longer_than {
            if e < lo || (e == lo && !inclusive) {
                return Verdict::Shorter;
            }
        }
        if let Some((hi, inclusive)) = shorter_than {
            if e > hi || (e == hi && !inclusive) {
                return Verdict::Longer;
            }
        }
        Verdict::Fits
    };
    match shape {
        Shape::Duration {
            qualifier,
            amount: q,
            unit,
        } => match qualifier {
            Qualifier::MoreThan => within(Some((q, false)), Some((add(q, unit), true))),
            Qualifier::AtLeast => within(Some((q, true)), Some((add(q, unit), true))),
            Qualifier::Nearly => within(Some((add(q, -unit), false)), Some((q, false))),
            Qualifier::LessThan => within(Some((add(q, -unit), true)), Some((q, false))),
            Qualifier::About => within(Some((add(q, -unit), false)), Some((add(q, unit), false))),
            // "two years since" from a little before the anniversary until the next one.
            Qualifier::Bare => {
                let early = if unit == 12 {
                    add(q, -1)
                } else {
                    Elapsed {
                        months: q.months - 1,
                        days: 23,
                    }
                };
                within(Some((early, true)), Some((add(q, unit), false)))
            }
        },
        Shape::Ordinal { year, entering } => {
            let start = whole((year - 1) * 12);
            let start = if entering { add(start, -1) } else { start };
            within(Some((start, true)), Some((whole(year * 12), false)))
        }
    }
}

/// Judges one claim on the article's date.
fn judge(ctx: &Ctx<'_>, text: &str, claim: &Claim) -> Option<Diagnostic> {
    let source = &ctx.doc.source;
    let span = ctx.scan.text.span(source, &claim.quantity);
    // The speakers' words and the page around the story are not the article's claims.
    if ctx.not_copy().contains(span.start) {
        return None;
    }
    if anchored(ctx, text, claim) {
        return None;
    }
    let event = event_date(ctx, text, claim)?;
    let longest = Elapsed::between(event.date.earliest(), ctx.date)?;
    let shortest = Elapsed::between(event.date.latest(), ctx.date)?;
    let v = verdict(claim.shape, longest);
    if v == Verdict::Fits || verdict(claim.shape, shortest) != v {
        return None;
    }
    // A figure far below the real time speaks of an earlier day ("six months after the
    // invasion, Ukraine retook Kharkiv"), not of the article's.
    if let Shape::Duration { amount, .. } = claim.shape {
        if v == Verdict::Longer && amount.months * 3 < shortest.months {
            return None;
        }
    }
    let written = &source[span.clone()];
    let right = right_phrase(claim, shortest, longest);
    let what = match &event.source {
        DateSource::Event(e) => ctx.rules.events[*e].name.clone(),
        DateSource::Written(w) => w.clone(),
    };
    let verb = if v == Verdict::Longer {
        "understates"
    } else {
        "overstates"
    };
    let message = match (claim.shape, &right) {
        (Shape::Duration { .. }, Some(r)) => {
            format!("`{written}` {verb} the time since {what}: it has been {r}")
        }
        (Shape::Duration { .. }, None) => format!("`{written}` {verb} the time since {what}"),
        (Shape::Ordinal { .. }, right) => {
            let what = if matches!(event.source, DateSource::Event(_)) {
                what
            } else {
                format!("what began in {what}")
            };
            match right {
                Some(r) => format!("`{written}` {verb} the age of {what}: it is in {r}"),
                None => format!("`{written}` {verb} the age of {what}"),
            }
        }
    };
    let date_note = match &event.source {
        DateSource::Event(e) => format!(
            "{}: {} (dictionary event `{}`)",
            ctx.rules.events[*e].name, event.date, ctx.rules.events[*e].id
        ),
        DateSource::Written(w) => format!("the date written: {w}"),
    };
    let interval = if shortest == longest {
        shortest.to_string()
    } else {
        format!("between {shortest} and {longest}")
    };
    let mut d = Diagnostic::new(META.code, META.severity, span.clone(), message)
        .with_label(format!("as of {}", ctx.date))
        .with_note(date_note)
        .with_note(format!(
            "from {} to the article's date, {}, is {interval}",
            event.date, ctx.date
        ));
    if let Some(r) = right {
        let replacement = match_first_case(written, &r);
        d = d
            .with_help(format!("write \"{replacement}\""))
            .with_fix(word_edit(source, span, &replacement), Applicability::Unsafe);
    }
    Some(d)
}

/// `phrase` with its first letter in the case of `written`'s.
fn match_first_case(written: &str, phrase: &str) -> String {
    let upper = written.chars().next().is_some_and(char::is_uppercase);
    upper
        .then(|| crate::text::capitalized(phrase))
        .flatten()
        .unwrap_or_else(|| phrase.to_string())
}

/// Words that tie a sentence to another time than the article's.
const ANCHORS: &[&str] = &[
    "at the time",
    "by then",
    "by the time",
    "back then",
    "that year",
    "that month",
    "that day",
    "that week",
    "last year",
    "last month",
    "the previous year",
    "the following",
    "the next year",
    "a year later",
    "months later",
    "years later",
    "weeks later",
    "days later",
    "later that",
    "until ",
    "when ",
    "had ",
    "anniversary",
];

/// Whether the claim's sentence speaks of another time than the article's date: it names another
/// year or a month outside the claim, a past or future time, or the claim is hypothetical; or its
/// paragraph names a later year (an update).
fn anchored(ctx: &Ctx<'_>, text: &str, claim: &Claim) -> bool {
    let sentence = crate::context::sentence_range(text, claim.quantity.start);
    let start = sentence.start.min(claim.extent.start);
    let end = sentence.end.max(claim.extent.end);
    let outside = [
        &text[start..claim.extent.start],
        &text[claim.extent.end..end],
    ];
    for part in outside {
        if !crate::context::years(part).is_empty() {
            return true;
        }
        // A month ("In March, two years after ..."); "May" is left to the hypothetical words.
        if crate::text::words(part).any(|w| {
            let word = &part[w];
            word != "May" && crate::context::month_number(word).is_some()
        }) {
            return true;
        }
        let lower = format!(" {} ", part.to_lowercase());
        if ANCHORS.iter().any(|a| lower.contains(&format!(" {a}"))) {
            return true;
        }
    }
    if crate::context::hypothetical(&text[start..end]) || !speaks_of_now(&text[start..end]) {
        return true;
    }
    let offset = ctx.scan.text.to_source(claim.quantity.start);
    crate::context::later_year_in_paragraph(&ctx.doc.source, offset, ctx.date)
}

/// Words that put a sentence in the article's present: present-tense verbs, "now", "still", and
/// the days of the week news copy dates its events by.
const NOW_MARKERS: &[&str] = &[
    "is",
    "are",
    "has",
    "have",
    "remains",
    "remain",
    "continues",
    "continue",
    "comes",
    "come",
    "marks",
    "mark",
    "nears",
    "approaches",
    "enters",
    "now",
    "still",
    "today",
    "tonight",
    "currently",
    "ongoing",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether a sentence speaks of the article's present ("has raised", "is now in its", "on
/// Saturday"); a sentence in the past tense alone may speak of any earlier day.
fn speaks_of_now(sentence: &str) -> bool {
    crate::text::words(sentence).any(|w| {
        let word = sentence[w.clone()].to_lowercase();
        // "it's", "that's", "there's": the `s` after an apostrophe.
        let is = word == "s"
            && sentence[..w.start].ends_with('\'')
            && ["it'", "that'", "there'", "what'"]
                .iter()
                .any(|p| sentence[..w.start].to_lowercase().ends_with(p));
        is || NOW_MARKERS.contains(&word.as_str())
    })
}

/// The claim made true in its own shape, when one can be: "more than three years", "nearly four
/// years", "in its fourth year" (words or digits as written).
fn right_phrase(claim: &Claim, shortest: Elapsed, longest: Elapsed) -> Option<String> {
    match claim.shape {
        Shape::Ordinal { .. } => {
            let year = shortest.months / 12 + 1;
            if longest.months / 12 + 1 != year {
                return None;
            }
            Some(format!("its {} year", ordinal_text(year, claim.style)))
        }
        Shape::Duration {
            qualifier, unit, ..
        } => {
            // Whole units completed for sure, and started at most.
            let mut unit = unit;
            if unit == 1 && shortest.months >= 24 {
                unit = 12;
            }
            let done = shortest.months / unit;
            let exact = shortest == longest && shortest.days == 0 && shortest.months % unit == 0;
            let phrase = |q: &str, n: i32| {
                let amount = amount_text(n, unit, claim.style);
                if q.is_empty() {
                    amount
                } else {
                    format!("{q} {amount}")
                }
            };
            let more_than = |n: i32| (n >= 1).then(|| phrase("more than", n));
            let upto = longest.months / unit + 1;
            let close = {
                let left = (upto * unit - longest.months) * 31 - longest.days;
                if unit == 12 {
                    left <= 3 * 31
                } else {
                    left <= 10
                }
            };
            if exact {
                // On the anniversary itself: "three years".
                return (done >= 1).then(|| phrase("", done));
            }
            match qualifier {
                Qualifier::MoreThan => more_than(done),
                Qualifier::AtLeast => (done >= 1).then(|| phrase("at least", done)),
                Qualifier::Nearly => {
                    if close {
                        Some(phrase("nearly", upto))
                    } else {
                        more_than(done)
                    }
                }
                Qualifier::LessThan => Some(phrase("less than", upto)),
                Qualifier::About => {
                    let mid = (shortest.months + longest.months) / 2;
                    let n = (mid + unit / 2) / unit;
                    (n >= 1).then(|| phrase("about", n))
                }
                Qualifier::Bare => (done >= 1).then(|| phrase("", done)),
            }
        }
    }
}

/// "three years", "3 years", "a year", "six months".
fn amount_text(n: i32, unit: i32, style: Style) -> String {
    let name = if unit == 12 { "year" } else { "month" };
    let plural = if n == 1 { "" } else { "s" };
    let number = match style {
        Style::Digits => n.to_string(),
        Style::Article if n == 1 => "a".to_string(),
        Style::Words | Style::Article => number_word(n),
    };
    format!("{number} {name}{plural}")
}

fn number_word(n: i32) -> String {
    match usize::try_from(n) {
        Ok(i) if i < NUMBER_WORDS.len() => NUMBER_WORDS[i].to_string(),
        _ => n.to_string(),
    }
}

fn ordinal_text(n: i32, style: Style) -> String {
    match (style, usize::try_from(n)) {
        (Style::Words, Ok(i)) if i < ORDINAL_WORDS.len() => ORDINAL_WORDS[i].to_string(),
        _ => format!("{n}{}", ordinal_suffix(n)),
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::{assert_diagnostics, diagnostics_full, linter};

    const RULES: &str = r#"
[[event]]
id = "example-invasion"
name = "the Example invasion"
forms = ["Freedonia's full-scale invasion", "full-scale invasion of Sylvania"]
date = 2022-02-24

[[event]]
name = "the Example annexation"
forms = ["annexation of Marsovia"]
date = "2014-03"
"#;

    fn at(date: &str) -> crate::Linter {
        linter(RULES, None, date)
    }

    fn check(date: &str, text: &str, expected: &[(&str, Option<&str>)]) {
        assert_diagnostics(&at(date), "elapsed-time", text, expected);
    }

    #[test]
    fn more_than_on_both_sides_of_the_anniversary() {
        let text = "Talks are resuming more than two years after Freedonia's full-scale invasion.";
        // Three years are complete on 2025-02-24; more than three from the day after.
        check("2025-02-23", text, &[]);
        check("2025-02-24", text, &[]);
        check(
            "2025-02-25",
            text,
            &[("more than two years", Some("three"))],
        );
        check(
            "2025-12-20",
            text,
            &[("more than two years", Some("three"))],
        );
        // False before two years are complete.
        check(
            "2024-02-24",
            text,
            &[("more than two years", Some("two years"))],
        );
        check("2024-02-25", text, &[]);
    }

    #[test]
    fn nearly_and_almost_on_both_sides() {
        let text = "The war is raging nearly three years after Freedonia's full-scale invasion.";
        check("2025-02-23", text, &[]);
        check(
            "2025-02-24",
            text,
            &[("nearly three years", Some("three years"))],
        );
        check("2025-12-20", text, &[("nearly three years", Some("four"))]);
        // A whole year short is wrong too.
        check(
            "2024-02-24",
            text,
            &[("nearly three years", Some("two years"))],
        );
        check("2024-02-25", text, &[]);
        let almost = "Almost 4 years since Freedonia's full-scale invasion, the front still holds.";
        check("2025-12-20", almost, &[]);
        check("2026-02-24", almost, &[("Almost 4 years", Some("4 years"))]);
        check(
            "2026-03-24",
            almost,
            &[("Almost 4 years", Some("More than 4 years"))],
        );
    }

    #[test]
    fn the_date_written_in_the_phrase() {
        // No dictionary event: the written month decides, and must be wrong for all its days.
        let text = "It comes more than two years after the uprising began in February 2022.";
        check("2025-02-28", text, &[]);
        check(
            "2025-03-01",
            text,
            &[("more than two years", Some("three"))],
        );
        let year = "It is about a year since the reform in 2014.";
        check("2015-06-01", year, &[]);
        check("2016-12-30", year, &[]);
        check("2016-12-31", year, &[("about a year", Some("two years"))]);
        check("2017-01-01", year, &[("about a year", Some("three years"))]);
        // The dictionary's day when the written month agrees with it.
        let both =
            "It comes more than two years after Freedonia's full-scale invasion in February 2022.";
        check("2025-02-24", both, &[]);
        check(
            "2025-02-25",
            both,
            &[("more than two years", Some("three"))],
        );
    }

    #[test]
    fn months_and_units_that_change() {
        let text = "Six months into Freedonia's full-scale invasion, the city still holds.";
        check("2022-08-24", text, &[]);
        check("2022-09-23", text, &[]);
        check("2022-09-24", text, &[("Six months", Some("Seven"))]);
        check("2023-02-24", text, &[("Six months", Some("Twelve"))]);
        let more = "It is more than 20 months since the annexation of Marsovia.";
        // March 2014: false for every day of it until 2015-11-01; from 2015-11-02 it may be true.
        check("2015-11-01", more, &[("more than 20 months", Some("19"))]);
        check("2015-11-02", more, &[]);
        check("2015-12-31", more, &[]);
        // More than 21 months for every day of March 2014 from 2016-01-01.
        check("2016-01-01", more, &[("more than 20 months", Some("21"))]);
        check("2016-03-01", more, &[("more than 20 months", Some("23"))]);
        check(
            "2016-07-01",
            more,
            &[("more than 20 months", Some("2 years"))],
        );
    }

    #[test]
    fn ordinal_years() {
        let text = "The conflict, which began in February 2022, has entered its fourth year.";
        check("2025-03-01", text, &[]);
        check("2026-01-31", text, &[]);
        check("2026-03-01", text, &[("its fourth year", Some("fifth"))]);
        check("2024-03-01", text, &[("its fourth year", Some("third"))]);
        let named = "Freedonia's full-scale invasion is now in its 3rd year.";
        check("2025-02-23", named, &[]);
        check("2025-02-24", named, &[("its 3rd year", Some("4th"))]);
        let entering = "Freedonia's full-scale invasion is entering its fourth year.";
        check("2025-02-01", entering, &[]);
        check(
            "2025-01-23",
            entering,
            &[("its fourth year", Some("third"))],
        );
    }

    #[test]
    fn years_of_war_and_halves() {
        let rules = r#"
[[event]]
name = "the Example war"
forms = ["war in Ruritania"]
date = 2023-10-07
"#;
        let l = linter(rules, None, "2025-09-20");
        let text = "After nearly two years of war in Ruritania, a truce now holds.";
        assert_diagnostics(&l, "elapsed-time", text, &[]);
        let l = linter(rules, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "elapsed-time",
            text,
            &[("nearly two years", Some("more than two years"))],
        );
        let text = "After more than one year of war in Ruritania, a truce now holds.";
        assert_diagnostics(
            &l,
            "elapsed-time",
            text,
            &[("more than one year", Some("two years"))],
        );
        // Years of something else are no claim.
        let text = "After two years of talks in Ruritania, a truce now holds.";
        assert_diagnostics(&l, "elapsed-time", text, &[]);
        let half = "It is two and a half years since the war in Ruritania began.";
        let l = linter(rules, None, "2026-04-08");
        assert_diagnostics(&l, "elapsed-time", half, &[]);
        let l = linter(rules, None, "2027-04-08");
        assert_diagnostics(
            &l,
            "elapsed-time",
            half,
            &[("two and a half years", Some("three years"))],
        );
    }

    #[test]
    fn claims_that_are_not_about_the_article_date() {
        let date = "2025-12-20";
        for text in [
            // Quoted.
            "\"It is more than two years after Freedonia's full-scale invasion,\" she said.",
            // Anchored to another year, month or time.
            "By 2024, two years after Freedonia's full-scale invasion, prices had doubled.",
            "In March, two years after Freedonia's full-scale invasion, talks began.",
            "At the time, more than a year after Freedonia's full-scale invasion, no one knew.",
            "When they met, more than two years after Freedonia's full-scale invasion, it rained.",
            // Hypothetical or future.
            "If it ends, it will be nearly five years after Freedonia's full-scale invasion.",
            // Far below the real time: an earlier day.
            "Six months after Freedonia's full-scale invasion, the army retook the city.",
            // Not the time since: a span within it.
            "The first two years after Freedonia's full-scale invasion were the hardest.",
            // No event, and no date.
            "More than two years after the war began, talks are resuming.",
            // Only the past tense: any earlier day.
            "The ceasefire came nearly two years after Freedonia's full-scale invasion.",
            "Talks resumed more than two years after Freedonia's full-scale invasion.",
            // A length, not the time since.
            "He is jailed for 22 years after Freedonia's full-scale invasion of the port.",
            "Savings are planned over two years after Freedonia's full-scale invasion.",
            // A period that ended in a year.
            "It ended 18 years of rule in 1997, and now is quiet.",
        ] {
            check(date, text, &[]);
        }
    }

    #[test]
    fn the_message_notes_and_fix() {
        let l = at("2025-12-20");
        let text = "Talks come more than two years after Freedonia's full-scale invasion in February 2022.";
        let found = diagnostics_full(&l, text);
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(
            d.message,
            "`more than two years` understates the time since the Example invasion: it has been more than three years"
        );
        assert_eq!(
            d.notes,
            [
                "the Example invasion: 2022-02-24 (dictionary event `example-invasion`)",
                "from 2022-02-24 to the article's date, 2025-12-20, is 3 years, 9 months and 26 days"
            ]
        );
        assert_eq!(d.fixes[0].applicability, crate::Applicability::Unsafe);
        assert_eq!(&text[d.fixes[0].edit.span.clone()], "two");
        assert_eq!(d.fixes[0].edit.replacement, "three");
    }
}
