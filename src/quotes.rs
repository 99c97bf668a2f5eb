//! Quotations attributed to people, and a run's index of them by speaker.
//!
//! [`attributed`] reads one document: each direct quotation (see [`crate::context::quotations`])
//! of five words or more, outside headlines and page furniture, with the person of the
//! dictionaries it is attributed to, if the copy says who:
//! - by name, in the same sentence: `"...," Dmitriev said`, `"...," said Kirill Dmitriev`,
//!   `Rubio told reporters: "..."`, `Umerov wrote on Telegram that "..."`, `according to X, "..."`;
//!   a surname alone counts once the full name has been given (or after a title);
//! - by a pronoun right after an attribution to that person (`"...," he told reporters`), when no
//!   one else is named and no one else speaks in between;
//! - as a paragraph (or a sentence) that is only a quotation, right after an attribution.
//!
//! A [`QuoteIndex`] holds the attributed quotations of every file of a run, by speaker and date;
//! [`QuoteIndex::drifts`] compares one file's quotations with the others' (see [`compare`]).

use std::collections::HashMap;
use std::ops::Range;

use crate::date::Date;
use crate::document::{Document, Format};
use crate::index::Index;
use crate::rules::{EntityKind, RuleSet};
use crate::scan::{Before, Scan};

/// Quotations shorter than this many words are not compared: single words and short phrases are
/// partial quotations, and two short ones share words by chance.
pub const MIN_WORDS: usize = 5;

/// Files whose dates are at most this many days apart are compared.
pub const WINDOW_DAYS: i64 = 3;

/// A quotation the copy attributes to a person of the dictionaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotation {
    /// The speaker: an index into the dictionaries' entities.
    pub speaker: usize,
    /// The words inside the quotation marks, as a source range.
    pub span: Range<usize>,
    /// The copy says the words are a translation.
    pub translated: bool,
}

/// Verbs that attribute words to a speaker.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "telling",
    "added",
    "adds",
    "adding",
    "wrote",
    "writes",
    "writing",
    "posted",
    "tweeted",
    "stated",
    "declared",
    "insisted",
    "argued",
    "noted",
    "explained",
    "continued",
    "warned",
    "stressed",
    "emphasized",
    "emphasised",
    "asked",
    "replied",
    "responded",
    "remarked",
    "recalled",
    "acknowledged",
    "admitted",
    "claimed",
    "announced",
    "urged",
    "predicted",
    "vowed",
    "pledged",
    "concluded",
    "observed",
    "commented",
    "complained",
    "conceded",
    "suggested",
    "confirmed",
    "reiterated",
    "cautioned",
    "promised",
    "answered",
    "repeated",
    "described",
    "called",
];

fn is_speech_verb(word: &str) -> bool {
    (3..=12).contains(&word.len()) && SPEECH_VERBS.iter().any(|v| v.eq_ignore_ascii_case(word))
}

fn is_pronoun(word: &str) -> bool {
    matches!(word, "he" | "she" | "He" | "She")
}

/// Words that mark a quotation as translated, in its paragraph (lower case).
const TRANSLATION_MARKS: &[&str] = &[
    "translat",
    "interpreter",
    "in russian",
    "in ukrainian",
    "in arabic",
    "in hebrew",
    "in persian",
    "in farsi",
    "in mandarin",
    "in chinese",
    "in french",
    "in german",
    "in spanish",
    "in turkish",
    "in polish",
    "in italian",
    "in japanese",
    "in korean",
    "in portuguese",
];

/// A word of the source: its range, and whether it is a person's mention.
#[derive(Debug, Clone)]
struct Word {
    span: Range<usize>,
    /// The person it names (the first word of a mention carries it), unless possessive.
    person: Option<usize>,
    /// The person of the mention it is a word of, any word of it, unless possessive.
    named: Option<usize>,
    /// Any person's mention, possessive or not ("Putin's envoy").
    names_someone: bool,
}

/// Where someone was said to speak.
#[derive(Debug, Clone, Copy)]
struct Attribution {
    /// The speech verb's source offset.
    at: usize,
    /// The person of the dictionaries, `None` for someone unnamed ("a White House official said").
    speaker: Option<usize>,
}

/// Every quotation of `doc` attributed to a person of the dictionaries, in order. `quotations`
/// and `furniture` are the document's (see [`crate::context`]).
pub fn attributed(
    doc: &Document,
    scan: &Scan,
    index: &Index,
    rules: &RuleSet,
    quotations: &[Range<usize>],
    furniture: &[Range<usize>],
) -> Vec<Quotation> {
    let source = doc.source.as_str();
    let marks: Vec<&Range<usize>> = quotations
        .iter()
        .enumerate()
        .filter(|(i, q)| {
            // Only the outermost quotation: a quotation inside another is the speaker's.
            !quotations[..*i]
                .iter()
                .any(|p| p.start < q.start && q.end <= p.end)
        })
        .map(|(_, q)| q)
        .collect();
    if marks.is_empty() {
        return Vec::new();
    }
    let words = source_words(doc, scan, index, rules);
    let paragraphs = paragraph_starts(doc);
    let attributions = attributions(source, &words, &marks, &paragraphs);
    let mut out = Vec::new();
    for q in marks {
        let Some(inner) = inner(source, q) else {
            continue;
        };
        if crate::context::inside(furniture, q.start)
            || doc.in_heading(q.start)
            || !in_copy(doc, q.start)
            || crate::text::words(&source[inner.clone()]).count() < MIN_WORDS
        {
            continue;
        }
        let Some(speaker) = speaker_of(source, &words, &attributions, &paragraphs, q) else {
            continue;
        };
        if rules.entities[speaker].kind != EntityKind::Person {
            continue;
        }
        let paragraph = crate::context::paragraph(source, q.start).to_lowercase();
        let translated = TRANSLATION_MARKS.iter().any(|m| paragraph.contains(m));
        out.push(Quotation {
            speaker,
            span: inner,
            translated,
        });
    }
    out
}

/// Whether `offset` lies in a region of copy (not code, markup or a URL).
fn in_copy(doc: &Document, offset: usize) -> bool {
    doc.regions.iter().any(|r| r.span.contains(&offset))
}

/// The words inside a quotation's marks, trimmed.
fn inner(source: &str, q: &Range<usize>) -> Option<Range<usize>> {
    let text = &source[q.clone()];
    let open = text.chars().next()?.len_utf8();
    let close_char = text.chars().next_back()?;
    let closed =
        matches!(close_char, '"' | '\u{201D}' | '\u{00BB}' | '\u{2019}') && text.len() > open;
    let close = if closed { close_char.len_utf8() } else { 0 };
    let body = &text[open..text.len() - close];
    let lead = body.len() - body.trim_start().len();
    let start = q.start + open + lead;
    // A comma before the closing mark belongs to the sentence around the quotation.
    let end = q.start + open + body.trim_end().trim_end_matches(',').trim_end().len();
    (start < end).then_some(start..end)
}

/// Where each paragraph starts: blank lines separate paragraphs; in plain text without blank
/// lines, each line is one.
fn paragraph_starts(doc: &Document) -> Vec<usize> {
    let source = doc.source.as_str();
    let by_line =
        doc.format == Format::Text && !source.contains("\n\n") && !source.contains("\n\r\n");
    let mut out = vec![0];
    let mut pos = 0;
    let mut blank_before = false;
    for line in source.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if pos > 0 && !blank && (by_line || blank_before) {
            out.push(pos);
        }
        blank_before = blank;
        pos += line.len();
    }
    out
}

/// The paragraph number of `offset`.
fn paragraph_of(paragraphs: &[usize], offset: usize) -> usize {
    paragraphs
        .partition_point(|&p| p <= offset)
        .saturating_sub(1)
}

/// The words of the copy with the people they name: mentions from the scan (a surname alone only
/// once the person's full name has been given, or after a title), and the surnames of people of
/// generated dictionaries named in full before.
fn source_words(doc: &Document, scan: &Scan, index: &Index, rules: &RuleSet) -> Vec<Word> {
    let source = doc.source.as_str();
    let mut people: Vec<(Range<usize>, usize)> = Vec::new();
    let mut named_in_full: Vec<usize> = Vec::new();
    let mut surnames: Vec<(String, usize)> = Vec::new();
    for m in &scan.mentions {
        if m.shared || rules.entities[m.entity].kind != EntityKind::Person {
            continue;
        }
        if m.surname_only {
            let titled = matches!(
                scan.before(index, m.norm.start),
                Before::Title(_) | Before::Honorific
            );
            if !named_in_full.contains(&m.entity) && !titled {
                continue;
            }
        } else {
            named_in_full.push(m.entity);
            let surname = index.forms[m.entity][m.form].surname();
            if index.imported.get(m.entity).copied().unwrap_or(false)
                && !surnames.iter().any(|(s, _)| *s == surname)
            {
                surnames.push((surname, m.entity));
            }
        }
        people.push((m.span.clone(), m.entity));
    }
    let mut words = Vec::new();
    let mut k = 0;
    for w in crate::text::words(source) {
        while k < people.len() && people[k].0.end <= w.start {
            k += 1;
        }
        let mention = people
            .get(k)
            .filter(|(span, _)| span.start <= w.start && w.start < span.end);
        let mut person = mention.map(|&(_, e)| e);
        let mut names_someone = person.is_some();
        if person.is_none() && !surnames.is_empty() {
            // A generated dictionary's person by surname, once named in full.
            let word = &source[w.clone()];
            if let Some(&(_, e)) = surnames.iter().find(|(s, _)| s == word) {
                let first_full = scan
                    .mentions
                    .iter()
                    .find(|m| m.entity == e && !m.surname_only)
                    .map(|m| m.span.start);
                if first_full.is_some_and(|f| f < w.start) {
                    person = Some(e);
                    names_someone = true;
                }
            }
        }
        if person.is_some() {
            let end = mention.map_or(w.end, |(span, _)| span.end);
            let rest = &source[end..];
            if rest.starts_with("'s")
                || rest.starts_with("\u{2019}s")
                || rest.starts_with("s'")
                || rest.starts_with('\u{2019}')
            {
                person = None;
            }
        }
        let named = person;
        // Only the first word of a mention carries it.
        if mention.is_some_and(|(span, _)| span.start != w.start) {
            person = None;
        }
        words.push(Word {
            span: w,
            person,
            named,
            names_someone,
        });
    }
    words
}

/// Index of the first word starting at or after `offset`.
fn word_at(words: &[Word], offset: usize) -> usize {
    words.partition_point(|w| w.span.start < offset)
}

/// Whether the source between two offsets ends a sentence: `.`, `?` or `!` followed by a space
/// and a capital letter or an opening quotation mark, or a line break.
fn ends_sentence_between(source: &str, from: usize, to: usize) -> bool {
    let gap = &source[from.min(to)..to];
    // A line break inside a paragraph is a space; a blank line or a Markdown block (a heading,
    // a list item, a block quote) starts a new one.
    let mut lines = gap.split('\n').skip(1).peekable();
    if lines.peek().is_some() {
        let next_line_start = |l: &str| l.trim_start().starts_with(['#', '-', '*', '>', '|', '+']);
        let blank = gap.split('\n').count() > 2;
        if blank || lines.any(next_line_start) {
            return true;
        }
    }
    gap.char_indices().any(|(i, c)| {
        matches!(c, '.' | '?' | '!')
            && gap[i + 1..].starts_with([' ', '\n', '\r'])
            && source[from + i + 1..]
                .trim_start()
                .starts_with(|n: char| n.is_uppercase() || matches!(n, '"' | '\u{201C}'))
            && !abbreviation_before(&source[..from + i])
    })
}

/// Whether a quotation mark stands between two offsets: a quotation starts or ends there.
fn quote_mark_between(source: &str, from: usize, to: usize) -> bool {
    source[from..to].contains([
        '"', '\u{201C}', '\u{201D}', '\u{201E}', '\u{00AB}', '\u{00BB}',
    ])
}

/// Whether the word before a full stop is an abbreviation ("Mr", "U.S", "Gen").
fn abbreviation_before(text: &str) -> bool {
    let word: String = text
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect();
    let word: String = word.chars().rev().collect();
    word.contains('.')
        || (word.chars().count() <= 3 && word.chars().next().is_some_and(char::is_uppercase))
        || crate::context::month_number(&word).is_some()
}

/// Every place someone is said to speak, outside quotations: a speech verb with the person before
/// it ("Dmitriev said", "Dmitriev, the envoy, said") or right after it ("said Dmitriev").
///
/// A pronoun subject ("she said", "said he") stands for the speaker of the attribution before, as
/// [`resolve_pronoun`] decides, so that a quotation of its own after it is that speaker's too.
fn attributions(
    source: &str,
    words: &[Word],
    quotes: &[&Range<usize>],
    paragraphs: &[usize],
) -> Vec<Attribution> {
    let mut out: Vec<Attribution> = Vec::new();
    let quoted: Vec<Range<usize>> = quotes.iter().map(|q| (*q).clone()).collect();
    for (i, w) in words.iter().enumerate() {
        if !is_speech_verb(&source[w.span.clone()]) || crate::context::inside(&quoted, w.span.start)
        {
            continue;
        }
        let pronoun = |k: Option<usize>| {
            k.and_then(|k| words.get(k))
                .is_some_and(|p| is_pronoun(&source[p.span.clone()]))
        };
        let speaker = subject_before(source, words, i)
            .or_else(|| name_after(source, words, i))
            .or_else(|| {
                (pronoun(i.checked_sub(1)) || pronoun(Some(i + 1)))
                    .then(|| resolve_pronoun(words, &out, paragraphs, w.span.start, w.span.start))?
            });
        out.push(Attribution {
            at: w.span.start,
            speaker,
        });
    }
    out
}

/// The person right before the speech verb at `verb`: "Dmitriev said", "Dmitriev also said",
/// "Dmitriev, Putin's envoy, said", "Kirill Dmitriev told".
fn subject_before(source: &str, words: &[Word], verb: usize) -> Option<usize> {
    let mut k = verb;
    let mut steps = 0;
    while k > 0 && steps < 10 {
        k -= 1;
        steps += 1;
        if ends_sentence_between(source, words[k].span.end, words[k + 1].span.start)
            || quote_mark_between(source, words[k].span.end, words[k + 1].span.start)
        {
            return None;
        }
        if let Some(p) = words[k].person {
            // Right before the verb, an adverb between, or an appositive between commas, after
            // the last word of the mention.
            let mut last = k;
            while last + 1 < verb && words[last + 1].named == Some(p) {
                last += 1;
            }
            let between = &source[words[last].span.end..words[verb].span.start];
            let steps = verb - last;
            let adjacent = steps == 1
                || (steps <= 3 && !between.contains(','))
                || (between.trim_start().starts_with(',') && between.trim_end().ends_with(','));
            let others = words[last + 1..verb]
                .iter()
                .any(|w| w.names_someone && w.named != Some(p));
            return (adjacent && !others).then_some(p);
        }
        // Another mention, or the rest of this one ("Kirill Dmitriev": "Dmitriev"), is passed
        // over like any other word.
    }
    None
}

/// The person named right after the speech verb at `verb`: "said Dmitriev", "said Russian envoy
/// Kirill Dmitriev".
fn name_after(source: &str, words: &[Word], verb: usize) -> Option<usize> {
    for k in verb + 1..(verb + 5).min(words.len()) {
        let gap = (words[k - 1].span.end, words[k].span.start);
        if ends_sentence_between(source, gap.0, gap.1)
            || quote_mark_between(source, gap.0, gap.1)
            || source[gap.0..gap.1].contains(',')
        {
            return None;
        }
        if let Some(p) = words[k].person {
            return Some(p);
        }
        if words[k].names_someone {
            return None;
        }
        // Titles and qualifiers are capitalised: "Russian envoy", "Secretary of State".
        let word = &source[words[k].span.clone()];
        let lower_ok = matches!(
            word,
            "of" | "the" | "envoy" | "minister" | "spokesman" | "spokeswoman"
        );
        if !word.chars().next().is_some_and(char::is_uppercase) && !lower_ok {
            return None;
        }
    }
    None
}

/// Who says the quotation `q`.
fn speaker_of(
    source: &str,
    words: &[Word],
    attributions: &[Attribution],
    paragraphs: &[usize],
    q: &Range<usize>,
) -> Option<usize> {
    after_quote(source, words, attributions, paragraphs, q)
        .or_else(|| before_quote(source, words, attributions, paragraphs, q))
        .or_else(|| continuation(source, words, attributions, paragraphs, q))
}

/// `"...," Dmitriev said`, `"...," said Dmitriev`, `"...," he told reporters`.
fn after_quote(
    source: &str,
    words: &[Word],
    attributions: &[Attribution],
    paragraphs: &[usize],
    q: &Range<usize>,
) -> Option<usize> {
    let first = word_at(words, q.end);
    let window: Vec<usize> = (first..words.len().min(first + 8))
        .take_while(|&k| {
            k == first || !ends_sentence_between(source, words[k - 1].span.end, words[k].span.start)
        })
        .collect();
    let &k0 = window.first()?;
    // The quotation must end its clause: `,"` `."` `?"` or a mark followed by a comma.
    let gap = &source[q.end..words[k0].span.start];
    if gap.matches('\n').count() >= 2 {
        return None;
    }
    let w0 = &source[words[k0].span.clone()];
    if is_pronoun(w0) {
        let verb = window
            .get(1)
            .filter(|&&k| is_speech_verb(&source[words[k].span.clone()]))?;
        return resolve_pronoun(
            words,
            attributions,
            paragraphs,
            q.start,
            words[*verb].span.start,
        );
    }
    if is_speech_verb(w0) {
        if let Some(&k1) = window.get(1) {
            if is_pronoun(&source[words[k1].span.clone()]) {
                return resolve_pronoun(
                    words,
                    attributions,
                    paragraphs,
                    q.start,
                    words[k0].span.start,
                );
            }
        }
        return name_after(source, words, k0);
    }
    // `"...," Dmitriev said`, `"...," Russia's envoy Kirill Dmitriev told reporters`.
    let verb = window
        .iter()
        .copied()
        .find(|&k| is_speech_verb(&source[words[k].span.clone()]))?;
    subject_before(source, words, verb)
}

/// `Rubio told reporters: "..."`, `Zelenskyy said that "..."`, `Dmitriev praised the talks,
/// saying, "..."`, `According to Dmitriev, "..."`, `He added: "..."`.
fn before_quote(
    source: &str,
    words: &[Word],
    attributions: &[Attribution],
    paragraphs: &[usize],
    q: &Range<usize>,
) -> Option<usize> {
    let end = word_at(words, q.start);
    // The words of the sentence before the quotation, nearest first.
    let mut sentence = Vec::new();
    let mut k = end;
    while k > 0 && sentence.len() < 16 {
        k -= 1;
        let next_start = if k + 1 < end {
            words[k + 1].span.start
        } else {
            q.start
        };
        if ends_sentence_between(source, words[k].span.end, next_start) {
            break;
        }
        sentence.push(k);
    }
    // "According to Dmitriev, ..."
    for w in sentence.windows(2) {
        let (name, to) = (w[0], w[1]);
        if words[name].person.is_some()
            && source[words[to].span.clone()].eq_ignore_ascii_case("to")
            && to > 0
            && source[words[to - 1].span.clone()].eq_ignore_ascii_case("according")
        {
            return words[name].person;
        }
    }
    let verb = sentence
        .iter()
        .copied()
        .find(|&k| is_speech_verb(&source[words[k].span.clone()]))?;
    if verb > 0 && is_pronoun(&source[words[verb - 1].span.clone()]) {
        return resolve_pronoun(
            words,
            attributions,
            paragraphs,
            q.start,
            words[verb].span.start,
        );
    }
    // The one person named in the sentence before the verb is its subject.
    let mut named: Vec<usize> = sentence
        .iter()
        .filter(|&&k| k < verb && words[k].names_someone)
        .filter_map(|&k| words[k].named.or(Some(usize::MAX)))
        .collect();
    named.sort_unstable();
    named.dedup();
    match named.as_slice() {
        [one] if *one != usize::MAX => Some(*one),
        _ => subject_before(source, words, verb),
    }
}

/// A quotation that is a paragraph, or a sentence, of its own right after an attribution: the
/// same speaker goes on.
fn continuation(
    source: &str,
    words: &[Word],
    attributions: &[Attribution],
    paragraphs: &[usize],
    q: &Range<usize>,
) -> Option<usize> {
    let p = paragraph_of(paragraphs, q.start);
    let para_start = paragraphs[p];
    let lead = source[para_start..q.start]
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '>'));
    let starts_paragraph = lead.is_empty();
    let starts_sentence = starts_paragraph || {
        let before = lead.trim_end();
        before.ends_with(['.', '?', '!', '"', '\u{201D}'])
    };
    if !starts_sentence {
        return None;
    }
    // Nothing after the quotation but its punctuation, another quotation, or (when it ends a
    // sentence inside its marks) the next sentence.
    let rest_of_line = source[q.end..].split('\n').next().unwrap_or("");
    let tail = rest_of_line.trim_start_matches(['.', ',', '?', '!', ' ']);
    let full_sentence = source[..q.end]
        .trim_end_matches(['"', '\u{201D}', '\u{2019}', '\u{00BB}'])
        .ends_with(['.', '?', '!']);
    let alone = tail.trim().is_empty()
        || tail.starts_with(['"', '\u{201C}'])
        || (full_sentence && tail.starts_with(char::is_uppercase));
    if !alone {
        return None;
    }
    resolve_pronoun(words, attributions, paragraphs, q.start, q.start)
}

/// The person a pronoun at `pronoun_at` stands for: the speaker of the last attribution before
/// the quotation, in its paragraph or the one before, when no one else is named and no one else
/// speaks in between.
fn resolve_pronoun(
    words: &[Word],
    attributions: &[Attribution],
    paragraphs: &[usize],
    quote_start: usize,
    pronoun_at: usize,
) -> Option<usize> {
    let last = attributions
        .iter()
        .rev()
        .find(|a| a.at < quote_start && a.at < pronoun_at)?;
    let speaker = last.speaker?;
    if paragraph_of(paragraphs, last.at) + 1 < paragraph_of(paragraphs, quote_start) {
        return None;
    }
    let from = word_at(words, last.at);
    let to = word_at(words, quote_start);
    let someone_else = words[from..to]
        .iter()
        .filter(|w| w.names_someone)
        .any(|w| w.named != Some(speaker));
    (!someone_else).then_some(speaker)
}

// ---------------------------------------------------------------------------------------------
// Comparing quotations.

/// A word of a quotation, for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// As written (apostrophes made straight).
    pub text: String,
    /// Lower case, British spellings and number words made one form: what is compared.
    pub key: String,
    /// An ellipsis stands before it: words may be left out there.
    pub gap_before: bool,
    /// Inside square brackets: an editor's words.
    pub bracketed: bool,
}

/// The words of a quotation. Apostrophes inside words keep them whole ("we're"), dotted
/// abbreviations are one word ("U.S."), and "percent" and "per cent" are left out ("10%").
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut prev_end = 0;
    let mut bracket = false;
    let mut pending_gap = false;
    let mut joined_prev = false;
    for w in crate::text::words(text) {
        let gap = &text[prev_end..w.start];
        let word = &text[w.clone()];
        if gap.contains('[') {
            bracket = true;
        }
        if gap.contains("...") || gap.contains('\u{2026}') {
            pending_gap = true;
        }
        let apostrophe = matches!(gap, "'" | "\u{2019}") && !out.is_empty() && prev_end > 0;
        let dotted = gap == "."
            && word.chars().count() == 1
            && out.last().is_some_and(|t| {
                t.text.chars().all(char::is_alphabetic)
                    && (joined_prev || t.text.chars().count() == 1)
            });
        if apostrophe || dotted {
            if let Some(last) = out.last_mut() {
                if apostrophe {
                    last.text.push('\'');
                }
                last.text.push_str(word);
                last.key = key_of(&last.text);
                joined_prev = dotted;
                prev_end = w.end;
                continue;
            }
        }
        joined_prev = false;
        if gap.contains(']') && !gap.contains('[') {
            bracket = false;
        }
        out.push(Token {
            text: word.to_string(),
            key: key_of(word),
            gap_before: std::mem::take(&mut pending_gap),
            bracketed: bracket,
        });
        prev_end = w.end;
    }
    // "per cent", "percent": "10%" has neither.
    let mut i = 0;
    while i < out.len() {
        let k = out[i].key.as_str();
        if k == "percent" || (k == "per" && out.get(i + 1).is_some_and(|t| t.key == "cent")) {
            let n = if k == "per" { 2 } else { 1 };
            out.drain(i..i + n);
            continue;
        }
        i += 1;
    }
    expand_contractions(&out)
}

/// Contractions and their spoken forms, compared as the words they stand for: transcripts write
/// "we are" where another writes "we're" ("'s" and "'d" after a pronoun are read as "is" and
/// "would").
const CONTRACTIONS: &[(&str, &[&str])] = &[
    ("can't", &["can", "not"]),
    ("cannot", &["can", "not"]),
    ("won't", &["will", "not"]),
    ("shan't", &["shall", "not"]),
    ("ain't", &["is", "not"]),
    ("gonna", &["going", "to"]),
    ("wanna", &["want", "to"]),
    ("gotta", &["got", "to"]),
    ("ok", &["okay"]),
    ("let's", &["let", "us"]),
];

/// Words before "'s" and "'d" that make them "is" and "would" rather than a possessive.
const CONTRACTING: &[&str] = &[
    "it", "that", "there", "what", "he", "she", "who", "where", "here", "how", "i", "you", "we",
    "they", "this",
];

/// The keys a contracted word stands for, if it is one.
fn expansion(key: &str) -> Option<Vec<String>> {
    if let Some((_, words)) = CONTRACTIONS.iter().find(|(c, _)| *c == key) {
        return Some(words.iter().map(|w| (*w).to_string()).collect());
    }
    if let Some(stem) = key.strip_suffix("n't") {
        return (!stem.is_empty()).then(|| vec![stem.to_string(), "not".to_string()]);
    }
    let (stem, tail) = key.rsplit_once('\'')?;
    let full = match tail {
        "re" => "are",
        "m" => "am",
        "ll" => "will",
        "ve" => "have",
        "s" if CONTRACTING.contains(&stem) => "is",
        "d" if CONTRACTING.contains(&stem) => "would",
        _ => return None,
    };
    (!stem.is_empty()).then(|| vec![stem.to_string(), full.to_string()])
}

/// `tokens` with each contraction made the words it stands for ("we're" is "we" and "are"; in a
/// difference the words are shown that way).
fn expand_contractions(tokens: &[Token]) -> Vec<Token> {
    let mut out = Vec::with_capacity(tokens.len());
    for (k, t) in tokens.iter().enumerate() {
        let t = t.clone();
        // "it's been", "who'd been": "has" and "had" before a past participle.
        let perfect = tokens
            .get(k + 1)
            .is_some_and(|n| matches!(n.key.as_str(), "been" | "got" | "gotten"));
        let keys = expansion(&t.key).map(|mut keys| {
            if perfect && t.key.ends_with("'s") {
                keys[1] = "has".into();
            } else if perfect && t.key.ends_with("'d") {
                keys[1] = "had".into();
            }
            keys
        });
        match keys {
            Some(keys) => {
                for (i, key) in keys.into_iter().enumerate() {
                    // The first word as written where it is ("We" in "We're"), the others as read.
                    let written = t
                        .text
                        .get(..key.len())
                        .filter(|w| w.eq_ignore_ascii_case(&key));
                    out.push(Token {
                        text: match written {
                            Some(w) if i == 0 => w.to_string(),
                            _ => key.clone(),
                        },
                        key,
                        gap_before: t.gap_before && i == 0,
                        bracketed: t.bracketed,
                    });
                }
            }
            None => out.push(t),
        }
    }
    out
}

/// The letters of some words run together, an editor's bracketed words left out: "over rated"
/// and "overrated", "re read" and "reread" are the same words.
fn letters(tokens: &[Token]) -> String {
    tokens
        .iter()
        .filter(|t| !t.bracketed)
        .flat_map(|t| t.key.chars().filter(|c| c.is_alphanumeric()))
        .collect()
}

/// Whether two stretches are the same words: the same letters, or the same once a noun's "'s"
/// is read as "is" ("the dam's about to break", "the dam is about to break").
fn same_words(this: &[Token], other: &[Token]) -> bool {
    let is = |tokens: &[Token]| -> String {
        tokens
            .iter()
            .filter(|t| !t.bracketed)
            .flat_map(|t| {
                let key = t
                    .key
                    .strip_suffix("'s")
                    .map_or(t.key.clone(), |stem| format!("{stem}is"));
                key.chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    letters(this) == letters(other) || is(this) == is(other)
}

/// British and American spellings, one form for each pair, and titles as abbreviated and in full.
const SPELLINGS: &[(&str, &str)] = &[
    ("gov", "governor"),
    ("sen", "senator"),
    ("rep", "representative"),
    ("gen", "general"),
    ("lt", "lieutenant"),
    ("sgt", "sergeant"),
    ("dr", "doctor"),
    ("prof", "professor"),
    ("pres", "president"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("licence", "license"),
    ("pretence", "pretense"),
    ("centre", "center"),
    ("centres", "centers"),
    ("theatre", "theater"),
    ("metre", "meter"),
    ("metres", "meters"),
    ("litre", "liter"),
    ("litres", "liters"),
    ("catalogue", "catalog"),
    ("dialogue", "dialog"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("judgement", "judgment"),
    ("ageing", "aging"),
    ("grey", "gray"),
    ("sceptical", "skeptical"),
    ("tyre", "tire"),
    ("tyres", "tires"),
    ("cheque", "check"),
    ("kerb", "curb"),
];

/// What a word is compared by: lower case, one spelling for British and American forms (-our,
/// -ise, -isation, -lled, -lling), digits for number words up to twenty.
fn key_of(word: &str) -> String {
    let mut w = crate::text::normalize_form(word).to_lowercase();
    if let Some(&(_, us)) = SPELLINGS.iter().find(|(uk, _)| *uk == w) {
        return us.to_string();
    }
    if let Some(n) = crate::text::NUMBER_WORDS.iter().position(|n| *n == w) {
        return n.to_string();
    }
    for (uk, us) in [
        ("isation", "ization"),
        ("isations", "izations"),
        ("ise", "ize"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ising", "izing"),
        ("lled", "led"),
        ("lling", "ling"),
    ] {
        if w.len() > uk.len() + 2 {
            if let Some(stem) = w.strip_suffix(uk) {
                w = format!("{stem}{us}");
                break;
            }
        }
    }
    if w.len() >= 6 {
        for (uk, us) in [
            ("our", "or"),
            ("ours", "ors"),
            ("oured", "ored"),
            ("ouring", "oring"),
        ] {
            if let Some(stem) = w.strip_suffix(uk) {
                if stem.len() >= 3 {
                    w = format!("{stem}{us}");
                    break;
                }
            }
        }
    }
    w
}

/// Words other than closed-class ones that two quotations must share to be compared: two
/// statements that share a short phrase ("our relationship has never been worse") are two.
const MIN_CONTENT: usize = 5;

/// Words left out in one stretch, with no ellipsis, that read as a cut between two parts of a
/// statement rather than as a change of its words.
const CUT: usize = 5;

/// Closed-class words, which two quotations share by chance.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "is", "are", "was", "were", "be", "been", "it", "this", "that", "these", "those",
    "we", "i", "you", "he", "she", "they", "our", "my", "your", "their", "his", "her", "its",
    "will", "would", "not", "no", "do", "does", "did", "have", "has", "had", "there", "what",
    "which", "who", "so", "if", "can", "all", "any", "also",
];

/// How two quotations of one speaker differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Drift {
    /// Words the two share in the stretch where they overlap, over the mean length of that
    /// stretch (Dice): 1 is the same words.
    pub similarity: f64,
    /// The word-level difference over that stretch, from the other quotation to this one:
    /// `[-removed-]` and `{+added+}`.
    pub difference: String,
}

/// Compares a quotation (`this`) with another of the same speaker (`other`). `None` when they do
/// not drift apart: the same words, one a part of the other (a partial quotation), two parts that
/// overlap only at their ends, differences only where an ellipsis leaves words out or an editor's
/// [bracketed] words stand, or too little in common to be one quotation.
pub fn compare(this: &[Token], other: &[Token]) -> Option<Drift> {
    use similar::{capture_diff_slices, Algorithm, DiffOp, DiffTag};
    let a: Vec<&str> = other.iter().map(|t| t.key.as_str()).collect();
    let b: Vec<&str> = this.iter().map(|t| t.key.as_str()).collect();
    // A partial quotation: one is a stretch of the other, wherever the diff would align it.
    let contains = |long: &[&str], short: &[&str]| {
        !short.is_empty() && long.windows(short.len()).any(|w| w == short)
    };
    if contains(&a, &b) || contains(&b, &a) {
        return None;
    }
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    // The stretch where the two overlap starts and ends with words in common that are not only
    // closed-class words ("I", "and"): two statements that share a phrase are aligned on it.
    let anchor = |op: &DiffOp| match *op {
        DiffOp::Equal { old_index, len, .. } => {
            len >= 3
                || a[old_index..old_index + len]
                    .iter()
                    .any(|w| !FUNCTION_WORDS.contains(w))
        }
        _ => false,
    };
    let first = ops.iter().position(anchor)?;
    let last = ops.iter().rposition(anchor)?;
    // Words of one left out of the other: an ellipsis where they would stand says so, a whole
    // stretch is cut (two parts of a statement quoted as one), or they are an editor's words.
    let bracketed = |ts: &[Token]| ts.iter().all(|t| t.bracketed);
    let left_out = |gone: &[Token], next: Option<&Token>| {
        next.is_some_and(|t| t.gap_before) || gone.len() >= CUT || bracketed(gone)
    };
    let mut matched = 0;
    let mut content = 0;
    let mut real_change = false;
    for op in &ops[first..=last] {
        let (tag, old, new) = op.as_tag_tuple();
        let (theirs, ours) = (&other[old.clone()], &this[new.clone()]);
        match tag {
            DiffTag::Equal => {
                matched += old.len();
                content += a[old]
                    .iter()
                    .filter(|w| !FUNCTION_WORDS.contains(w))
                    .count();
            }
            DiffTag::Delete => real_change |= !left_out(theirs, this.get(new.start)),
            DiffTag::Insert => real_change |= !left_out(ours, other.get(old.start)),
            DiffTag::Replace => {
                real_change |= !bracketed(ours) && !bracketed(theirs) && !same_words(ours, theirs);
            }
        }
    }
    if !real_change {
        return None;
    }
    // The stretch runs from the first anchor's start to the last one's end (anchors are equal).
    let (a_start, b_start) = (ops[first].old_range().start, ops[first].new_range().start);
    let (a_end, b_end) = (ops[last].old_range().end, ops[last].new_range().end);
    let span_a = a_end - a_start;
    let span_b = b_end - b_start;
    #[allow(clippy::cast_precision_loss)]
    let similarity = 2.0 * matched as f64 / (span_a + span_b) as f64;
    if matched < MIN_WORDS || content < MIN_CONTENT || similarity < 0.5 {
        return None;
    }
    Some(Drift {
        similarity,
        difference: difference(&ops[first..=last], this, other),
    })
}

/// `the discussions [-are proceeding-] began {+today+} …`: words of both, with long stretches in
/// common shortened.
fn difference(ops: &[similar::DiffOp], this: &[Token], other: &[Token]) -> String {
    use similar::DiffTag;
    let join = |ts: &[Token]| {
        ts.iter()
            .map(|t| t.text.as_str())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let removed = |old: std::ops::Range<usize>| format!("[-{}-]", join(&other[old]));
    let added = |new: std::ops::Range<usize>| format!("{{+{}+}}", join(&this[new]));
    let mut parts: Vec<String> = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        let (tag, old, new) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {
                let words = &other[old];
                let len = words.len();
                let shown = if len > 6 {
                    let head = if i == 0 { &words[..0] } else { &words[..3] };
                    let tail = if i + 1 == ops.len() {
                        &words[..0]
                    } else {
                        &words[len - 3..]
                    };
                    let mut s = join(head);
                    if !s.is_empty() {
                        s.push(' ');
                    }
                    s.push('\u{2026}');
                    if !tail.is_empty() {
                        s.push(' ');
                        s.push_str(&join(tail));
                    }
                    s
                } else {
                    join(words)
                };
                parts.push(shown);
            }
            DiffTag::Delete => parts.push(removed(old)),
            DiffTag::Insert => parts.push(added(new)),
            DiffTag::Replace => {
                parts.push(removed(old));
                parts.push(added(new));
            }
        }
    }
    parts.join(" ")
}

// ---------------------------------------------------------------------------------------------
// The run's index.

/// A quotation as a run remembers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRecord {
    /// The speaker's id in the dictionaries (the same person under every configuration).
    pub speaker: String,
    /// The speaker's name, for messages.
    pub name: String,
    /// The 1-based line where the quotation starts.
    pub line: usize,
    /// The words inside the marks.
    pub text: String,
    pub translated: bool,
}

/// The attributed quotations of one file of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileQuotes {
    /// The path as reported.
    pub path: String,
    /// The article's date.
    pub date: Date,
    /// The date is only the day of the run: the file says none, and none was given. An undated
    /// source file (`--against`: wire copy, a transcript) is compared whatever the dates.
    pub undated: bool,
    pub quotes: Vec<QuoteRecord>,
    /// The quotations as found, and a hash of the text they were found in: the file's check
    /// reuses them when it reads the same text.
    pub found: Vec<Quotation>,
    pub source_hash: u64,
}

/// A hash of a document's text, to know that a check reads what the first pass read.
pub fn source_hash(source: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    source.hash(&mut h);
    h.finish()
}

/// `found`, attributed quotations of `doc`, as a run remembers them.
pub fn records(doc: &Document, rules: &RuleSet, found: &[Quotation]) -> Vec<QuoteRecord> {
    found
        .iter()
        .map(|q| QuoteRecord {
            speaker: rules.entities[q.speaker].id.clone(),
            name: rules.entities[q.speaker].name.clone(),
            line: doc.line_col(q.span.start).0,
            // A quotation wrapped over lines reads as one line.
            text: doc.source[q.span.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            translated: q.translated,
        })
        .collect()
}

#[derive(Debug)]
struct IndexedFile {
    path: String,
    date: Date,
    /// Given with `--against`: compared with, never reported.
    source: bool,
    found: Vec<Quotation>,
    source_hash: u64,
}

#[derive(Debug)]
struct IndexedQuote {
    file: usize,
    line: usize,
    text: String,
    tokens: Vec<Token>,
    /// Hash of the compared words: the same words have the same hash.
    hash: u64,
    /// The words other than closed-class ones, hashed, sorted and without repeats: two
    /// quotations that share fewer than [`MIN_CONTENT`] of them are not compared word by word.
    content: Vec<u64>,
    /// Neither translated nor censored: worth comparing (decided once, not per comparison).
    comparable: bool,
}

/// The content words of a quotation, hashed, sorted, without repeats.
fn content_words(tokens: &[Token]) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let mut out: Vec<u64> = tokens
        .iter()
        .filter(|t| !FUNCTION_WORDS.contains(&t.key.as_str()))
        .map(|t| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            t.key.hash(&mut h);
            h.finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// How many of two sorted lists' values they share.
fn shared(left: &[u64], right: &[u64]) -> usize {
    let (mut at_left, mut at_right, mut count) = (0, 0, 0);
    while at_left < left.len() && at_right < right.len() {
        match left[at_left].cmp(&right[at_right]) {
            std::cmp::Ordering::Less => at_left += 1,
            std::cmp::Ordering::Greater => at_right += 1,
            std::cmp::Ordering::Equal => {
                count += 1;
                at_left += 1;
                at_right += 1;
            }
        }
    }
    count
}

/// The attributed quotations of a run's files, by speaker: built once from every file (a first,
/// cheap pass), then consulted by each file's `quote-drift` check. Files are numbered in the
/// order given, which decides, with their dates, which of two files a difference is reported in.
#[derive(Debug, Default)]
pub struct QuoteIndex {
    files: Vec<IndexedFile>,
    by_path: HashMap<String, usize>,
    quotes: Vec<IndexedQuote>,
    /// Per speaker id, its quotations by (date, file).
    by_speaker: HashMap<String, Vec<usize>>,
    /// Per speaker id, the quotations of undated source files, compared whatever the date.
    anytime: HashMap<String, Vec<usize>>,
}

/// A quotation of this file that drifted from one in another file.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Which of the file's quotations (an index into what was passed to [`QuoteIndex::drifts`]).
    pub quote: usize,
    pub other_path: String,
    pub other_line: usize,
    pub other_text: String,
    pub drift: Drift,
}

fn hash_tokens(tokens: &[Token]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for t in tokens {
        t.key.hash(&mut h);
    }
    h.finish()
}

impl QuoteIndex {
    /// An index of the checked files' quotations and of source files' (`--against`), which are
    /// compared with but never reported.
    pub fn build(checked: Vec<FileQuotes>, sources: Vec<FileQuotes>) -> QuoteIndex {
        let mut index = QuoteIndex::default();
        let all = checked
            .into_iter()
            .map(|f| (f, false))
            .chain(sources.into_iter().map(|f| (f, true)));
        for (file, source) in all {
            let id = index.files.len();
            index.by_path.entry(file.path.clone()).or_insert(id);
            let anytime = source && file.undated;
            for q in file.quotes {
                let tokens = tokens(&q.text);
                let hash = hash_tokens(&tokens);
                let lists = if anytime {
                    &mut index.anytime
                } else {
                    &mut index.by_speaker
                };
                lists.entry(q.speaker).or_default().push(index.quotes.len());
                index.quotes.push(IndexedQuote {
                    file: id,
                    line: q.line,
                    comparable: !q.translated && !censored(&q.text),
                    text: q.text,
                    content: content_words(&tokens),
                    tokens,
                    hash,
                });
            }
            index.files.push(IndexedFile {
                path: file.path,
                date: file.date,
                source,
                found: file.found,
                source_hash: file.source_hash,
            });
        }
        let files = &index.files;
        let quotes = &index.quotes;
        for list in index.by_speaker.values_mut() {
            list.sort_by_key(|&q| (files[quotes[q].file].date, quotes[q].file, q));
        }
        index
    }

    /// The quotations the first pass found in the file at `path`, when it read the same text
    /// (`source_hash`); a file changed since (by `--fix`) is read again.
    pub fn quotations_of(&self, path: &str, source_hash: u64) -> Option<&[Quotation]> {
        let file = &self.files[*self.by_path.get(path)?];
        (file.source_hash == source_hash).then_some(file.found.as_slice())
    }

    /// How many files it holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The quotations of `quotes` (the file at `path`, dated `date`) that drift from a quotation of
    /// the same speaker in another file of the index dated within [`WINDOW_DAYS`] days, each with
    /// the other quotation it is closest to. Of two files that differ, the difference is reported
    /// in one: the one whose quotation no third file has word for word when the other's has, else
    /// the later (by date, then by order in the run); a source file (`--against`) is never it.
    pub fn drifts(&self, path: &str, date: Date, quotes: &[QuoteRecord]) -> Vec<Finding> {
        let this_file = self.by_path.get(path).copied();
        let order = |f: Option<usize>| f.unwrap_or(usize::MAX);
        // Per quotation, the other quotations it drifted from and is reported against.
        let mut found: Vec<Vec<(usize, Drift)>> = vec![Vec::new(); quotes.len()];
        // Per other file, how many of this file's quotations it has the same or nearly: the
        // version this one was most likely made from is the one to point at.
        let mut affinity: HashMap<usize, usize> = HashMap::new();
        for (i, q) in quotes.iter().enumerate() {
            if q.translated || censored(&q.text) {
                continue;
            }
            let tokens = tokens(&q.text);
            let hash = hash_tokens(&tokens);
            let content = content_words(&tokens);
            let candidates = self.candidates(&q.speaker, date, this_file);
            // Files that have these words, or the other's, word for word.
            let copies = |h: u64, not: [Option<usize>; 2]| {
                candidates
                    .iter()
                    .any(|&r| self.quotes[r].hash == h && !not.contains(&Some(self.quotes[r].file)))
            };
            let mut related: Vec<usize> = Vec::new();
            for &r in &candidates {
                let other = &self.quotes[r];
                if !other.comparable {
                    continue;
                }
                if other.hash == hash {
                    related.push(other.file);
                    continue;
                }
                // Most of a speaker's other quotations are other statements: a cheap count of
                // the words they share comes before the comparison word by word.
                if shared(&content, &other.content) < MIN_CONTENT {
                    continue;
                }
                let Some(drift) = compare(&tokens, &other.tokens) else {
                    continue;
                };
                related.push(other.file);
                let other_file = &self.files[other.file];
                let reported_here = other_file.source || {
                    let not = [this_file, Some(other.file)];
                    match (copies(hash, not), copies(other.hash, not)) {
                        (true, false) => false,
                        (false, true) => true,
                        _ => (other_file.date, other.file) < (date, order(this_file)),
                    }
                };
                if reported_here {
                    found[i].push((r, drift));
                }
            }
            related.sort_unstable();
            related.dedup();
            for f in related {
                *affinity.entry(f).or_default() += 1;
            }
        }
        let mut out = Vec::new();
        for (i, list) in found.into_iter().enumerate() {
            // The closest quotation; among equals, in the file that shares most with this one,
            // then the first in the run.
            let key = |(r, d): &(usize, Drift)| {
                let file = self.quotes[*r].file;
                (
                    std::cmp::Reverse(ordered(d.similarity)),
                    std::cmp::Reverse(affinity.get(&file).copied().unwrap_or(0)),
                    file,
                    *r,
                )
            };
            let Some((r, drift)) = list.into_iter().min_by_key(key) else {
                continue;
            };
            let other = &self.quotes[r];
            out.push(Finding {
                quote: i,
                other_path: self.files[other.file].path.clone(),
                other_line: other.line,
                other_text: other.text.clone(),
                drift,
            });
        }
        out
    }

    /// The quotations of `speaker` in files other than `this_file` dated within [`WINDOW_DAYS`]
    /// days of `date`, and those of undated source files.
    fn candidates(&self, speaker: &str, date: Date, this_file: Option<usize>) -> Vec<usize> {
        let empty = Vec::new();
        let list = self.by_speaker.get(speaker).unwrap_or(&empty);
        let anytime = self.anytime.get(speaker).unwrap_or(&empty);
        let day = date.days_since_epoch();
        let date_of = |r: usize| self.files[self.quotes[r].file].date.days_since_epoch();
        let start = list.partition_point(|&r| date_of(r) < day - WINDOW_DAYS);
        list[start..]
            .iter()
            .copied()
            .take_while(|&r| date_of(r) <= day + WINDOW_DAYS)
            .chain(anytime.iter().copied())
            .filter(|&r| Some(self.quotes[r].file) != this_file)
            .collect()
    }
}

/// Whether a quotation has a word masked out ("p***y", "f---", "s\u{2014}t"): what was said
/// cannot be compared.
fn censored(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mask = |c: char| matches!(c, '*' | '-' | '\u{2014}' | '\u{2013}');
    (0..chars.len()).any(|i| {
        let starts_word = i == 0 || !chars[i - 1].is_alphabetic();
        if !starts_word || !chars[i].is_lowercase() {
            return false;
        }
        let marks = chars[i + 1..].iter().take_while(|&&c| mask(c)).count();
        let rest = chars[i + 1 + marks..]
            .iter()
            .take_while(|c| c.is_alphabetic())
            .count();
        match marks {
            0 => false,
            // "p--", "f***", "p*y".
            _ if chars[i + 1] == '*' || marks >= 2 => true,
            // "s\u{2014}t": a dash inside a short word.
            _ => chars[i + 1] != '-' && (1..=3).contains(&rest),
        }
    })
}

/// A similarity as an integer key that orders as the number does (similarities are in 0..=1).
fn ordered(similarity: f64) -> u64 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let key = (similarity * 1e9).round() as u64;
    key
}

#[cfg(test)]
mod tests;
