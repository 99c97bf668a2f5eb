//! One pass of the automaton over a document's scan text: hits, then mentions of entities.

use std::ops::Range;

use crate::date::Date;
use crate::document::Document;
use crate::index::{case_match, CaseMatch, Index, Meaning};
use crate::text::{is_word_char, ScanText};

/// A whole-word match of a pattern.
#[derive(Debug, Clone)]
pub struct Hit {
    pub pattern: usize,
    /// Indexes into the pattern's meanings that fit the matched text, with how its case fits.
    pub meanings: Meanings,
    /// Range in the scan text.
    pub norm: Range<usize>,
    /// Range in the source.
    pub span: Range<usize>,
}

/// The meanings of a hit, as a slice. Nearly every hit has one or two, kept inline: a file
/// that is a million names holds a million hits, and one allocation each would double the
/// memory they take.
#[derive(Debug, Clone)]
pub enum Meanings {
    Inline(u8, [(usize, CaseMatch); 2]),
    Heap(Box<[(usize, CaseMatch)]>),
}

impl From<&[(usize, CaseMatch)]> for Meanings {
    fn from(list: &[(usize, CaseMatch)]) -> Meanings {
        let empty = (0, CaseMatch::Other);
        match *list {
            [] => Meanings::Inline(0, [empty; 2]),
            [one] => Meanings::Inline(1, [one, empty]),
            [one, two] => Meanings::Inline(2, [one, two]),
            _ => Meanings::Heap(list.into()),
        }
    }
}

impl std::ops::Deref for Meanings {
    type Target = [(usize, CaseMatch)];

    fn deref(&self) -> &[(usize, CaseMatch)] {
        match self {
            Meanings::Inline(n, items) => &items[..usize::from(*n)],
            Meanings::Heap(items) => items,
        }
    }
}

/// A correct reference to an entity.
#[derive(Debug, Clone)]
pub struct Mention {
    pub entity: usize,
    /// Index into `Index::forms[entity]`.
    pub form: usize,
    pub hit: usize,
    pub norm: Range<usize>,
    pub span: Range<usize>,
    pub case: CaseMatch,
    pub surname_only: bool,
    /// The person comes from a generated dictionary (see [`Index::imported`]).
    pub imported: bool,
    /// The text names several people of the dictionaries (two imported people who share a
    /// name) and nothing in the copy tells them apart: each has a mention here, none is sure.
    pub shared: bool,
}

/// Everything the checks need from the scan.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub text: ScanText,
    /// Names, misspellings, exceptions and titles, in order, non-overlapping.
    pub hits: Vec<Hit>,
    /// House-style phrases, in order, non-overlapping.
    pub phrase_hits: Vec<Hit>,
    /// Events of the dictionaries, in order, non-overlapping.
    pub event_hits: Vec<Hit>,
    pub mentions: Vec<Mention>,
    /// Full names inside a title ("the National Security and Defense Council" in "Secretary of
    /// the National Security and Defense Council"), in order; `hit` is the title's. Only house
    /// style reads them: the title is the mention for every other check.
    pub in_titles: Vec<Mention>,
}

impl Scan {
    /// Scans `doc` as copy of `date`, which decides whether a deprecated form is a name or a
    /// misspelling.
    pub fn new(doc: &Document, index: &Index, date: Date) -> Scan {
        let text = ScanText::new(doc);
        let mut candidates: [Vec<Hit>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        // The meanings that fit each match, per layer, in the pattern's order.
        let mut layers: [Vec<(usize, CaseMatch)>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        for m in index.automaton.find_whole(text.text.as_str()) {
            let norm = m.range();
            let found = &text.text[norm.clone()];
            let pattern = &index.patterns[m.pattern];
            for (i, (exact, meaning)) in pattern.meanings.iter().enumerate() {
                if !index.applies(meaning, date) {
                    continue;
                }
                let case = if meaning.case_sensitive() {
                    match case_match(found, exact) {
                        Some(c) => c,
                        None => continue,
                    }
                } else {
                    CaseMatch::Other
                };
                layers[meaning.layer()].push((i, case));
            }
            for (meanings, list) in layers.iter_mut().zip(&mut candidates) {
                if meanings.is_empty() {
                    continue;
                }
                // Where one entity matches in several forms of one kind ("NATO" and "Nato"),
                // keep the closest case.
                let group = |i: usize| {
                    let meaning = &pattern.meanings[i].1;
                    entity_of(meaning).map(|e| (e, kind_of(meaning)))
                };
                meanings.sort_by_key(|&(i, case)| (group(i), case));
                meanings.dedup_by(|b, a| group(a.0).is_some() && group(a.0) == group(b.0));
                meanings.sort_by_key(|m| m.0);
                list.push(Hit {
                    pattern: m.pattern,
                    meanings: Meanings::from(meanings.as_slice()),
                    norm: norm.clone(),
                    span: 0..0,
                });
                meanings.clear();
            }
        }
        let [names, phrases, events] = candidates;
        let is_title = |hit: &Hit| {
            let pattern = &index.patterns[hit.pattern];
            hit.meanings
                .iter()
                .any(|&(i, _)| matches!(pattern.meanings[i].1, Meaning::Title { .. }))
        };
        let mut inside = Vec::new();
        let hits = select(names, &text, &doc.source, Some((&is_title, &mut inside)));
        let phrase_hits = select(phrases, &text, &doc.source, None);
        let event_hits = select(events, &text, &doc.source, None);
        let mut scan = Scan {
            text,
            hits,
            phrase_hits,
            event_hits,
            mentions: Vec::new(),
            in_titles: Vec::new(),
        };
        scan.mentions = mentions(&scan, index);
        scan.in_titles = names_in_titles(&scan, index, inside);
        scan
    }

    /// The meanings of a hit, with how the text's case fits each.
    pub fn meanings<'a>(
        &self,
        index: &'a Index,
        hit: &'a Hit,
    ) -> impl Iterator<Item = (&'a Meaning, CaseMatch)> + 'a {
        let pattern = &index.patterns[hit.pattern];
        hit.meanings
            .iter()
            .map(move |&(i, case)| (&pattern.meanings[i].1, case))
    }

    /// The hit that starts exactly at scan offset `start`, if any.
    pub fn hit_starting_at(&self, start: usize) -> Option<(usize, &Hit)> {
        let i = self.hits.partition_point(|h| h.norm.start < start);
        self.hits
            .get(i)
            .filter(|h| h.norm.start == start)
            .map(|h| (i, h))
    }

    /// The hit that ends exactly at scan offset `end`, if any.
    pub fn hit_ending_at(&self, end: usize) -> Option<(usize, &Hit)> {
        let i = self.hits.partition_point(|h| h.norm.end < end);
        self.hits
            .get(i)
            .filter(|h| h.norm.end == end)
            .map(|h| (i, h))
    }
}

fn entity_of(m: &Meaning) -> Option<usize> {
    match m {
        Meaning::Name { entity, .. }
        | Meaning::Misspelling { entity, .. }
        | Meaning::Except { entity } => Some(*entity),
        Meaning::Title { .. } | Meaning::Phrase { .. } | Meaning::Event { .. } => None,
    }
}

fn kind_of(m: &Meaning) -> u8 {
    match m {
        Meaning::Name { .. } => 0,
        Meaning::Misspelling { .. } => 1,
        Meaning::Except { .. } => 2,
        Meaning::Title { .. } => 3,
        Meaning::Phrase { .. } => 4,
        Meaning::Event { .. } => 5,
    }
}

/// Candidates inside chosen title hits, each with the index of its title.
type Inside<'a> = (&'a dyn Fn(&Hit) -> bool, &'a mut Vec<(usize, Hit)>);

/// Leftmost-longest, non-overlapping choice among whole-word candidates. With `inside`, the
/// candidates that lie within a chosen hit that the test accepts are kept there.
fn select(
    mut candidates: Vec<Hit>,
    text: &ScanText,
    source: &str,
    mut inside: Option<Inside<'_>>,
) -> Vec<Hit> {
    // In place: a file of a million names has a million candidates.
    candidates.sort_unstable_by(|a, b| {
        a.norm
            .start
            .cmp(&b.norm.start)
            .then(b.norm.end.cmp(&a.norm.end))
            .then(a.pattern.cmp(&b.pattern))
    });
    let mut kept = 0;
    let mut end = 0;
    let mut keep_inside = false;
    candidates.retain_mut(|hit| {
        if hit.norm.start < end {
            if keep_inside && hit.norm.end <= end {
                if let Some((_, list)) = inside.as_mut() {
                    let mut hit = hit.clone();
                    hit.span = text.span(source, &hit.norm);
                    list.push((kept - 1, hit));
                }
            }
            return false;
        }
        end = hit.norm.end;
        keep_inside = inside.as_ref().is_some_and(|(test, _)| test(hit));
        hit.span = text.span(source, &hit.norm);
        kept += 1;
        true
    });
    candidates
}

/// The full names among the candidates inside title hits, leftmost-longest within each title.
fn names_in_titles(scan: &Scan, index: &Index, inside: Vec<(usize, Hit)>) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut end = (usize::MAX, 0);
    for (title, hit) in inside {
        if title == end.0 && hit.norm.start < end.1 {
            continue;
        }
        let mut found = false;
        for (meaning, case) in scan.meanings(index, &hit) {
            let Meaning::Name { entity, form } = *meaning else {
                continue;
            };
            if index.forms[entity][form].surname_only {
                continue;
            }
            found = true;
            out.push(Mention {
                entity,
                form,
                hit: title,
                norm: hit.norm.clone(),
                span: hit.span.clone(),
                case,
                surname_only: false,
                imported: index.imported.get(entity).copied().unwrap_or(false),
                shared: false,
            });
        }
        if found {
            end = (title, hit.norm.end);
        }
    }
    out
}

const HONORIFICS: &[&str] = &["Mr", "Mrs", "Ms", "Dr", "Mx", "Sir", "Dame", "Lord", "Lady"];

/// Closed-class English words that start sentences ("The Trump administration", "But Trump
/// said"): capitalised, they are still not given names.
const FUNCTION_WORDS: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "In",
    "On",
    "At",
    "For",
    "From",
    "By",
    "With",
    "Without",
    "Of",
    "To",
    "Into",
    "Under",
    "Over",
    "After",
    "Before",
    "During",
    "Since",
    "Until",
    "But",
    "And",
    "Or",
    "Nor",
    "So",
    "Yet",
    "As",
    "If",
    "When",
    "While",
    "Where",
    "Why",
    "How",
    "What",
    "Which",
    "Who",
    "Whom",
    "Whose",
    "Although",
    "Though",
    "Because",
    "Unlike",
    "Like",
    "Both",
    "Either",
    "Neither",
    "Then",
    "Now",
    "Meanwhile",
    "Later",
    "Earlier",
    "Also",
    "Even",
    "Only",
    "Still",
    "Yesterday",
    "Today",
    "Tomorrow",
    "Asked",
    "Says",
    "Said",
    "Has",
    "Had",
    "Is",
    "Was",
    "Would",
    "Did",
    "Does",
    "Not",
    "Let",
    "Via",
    "Per",
];

/// Whether `word` is a capitalised function word such as "The" or "But".
pub fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.contains(&word)
}

/// Whether `word` (with or without its full stop) is an honorific such as "Mr" or "Ms.".
pub fn is_honorific(word: &str) -> bool {
    HONORIFICS.contains(&word.strip_suffix('.').unwrap_or(word))
}

/// What stands right before a word of the scan text, joined to it by one space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Before<'a> {
    /// Nothing that belongs to the name: the start of the text, punctuation, a lower-case word, a
    /// possessive or the end of a sentence.
    Nothing,
    /// A title of the dictionaries: the key into `Index::title_keys`.
    Title(usize),
    /// "Mr", "Ms.", "Sir"...
    Honorific,
    /// A capitalised word, an initial ("J.") or a short capitalised abbreviation ("Gov."), as
    /// written: a given name or a title the dictionaries do not know.
    Capitalised(&'a str),
}

impl Scan {
    /// What stands right before the word starting at scan offset `start`.
    pub fn before(&self, index: &Index, start: usize) -> Before<'_> {
        let text = &self.text.text;
        let Some(end) = text[..start].strip_suffix(' ').map(str::len) else {
            return Before::Nothing;
        };
        if let Some((_, hit)) = self.hit_ending_at(end) {
            if let Some(key) = self.meanings(index, hit).find_map(|(m, _)| match m {
                Meaning::Title { key } => Some(*key),
                _ => None,
            }) {
                return Before::Title(key);
            }
        }
        let word_start = text[..end]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_word_char(c) || matches!(c, '.' | '-' | '\''))
            .last()
            .map_or(end, |(i, _)| i);
        let word = &text[word_start..end];
        if word.ends_with("'s")
            || !word.chars().next().is_some_and(char::is_uppercase)
            || is_function_word(word)
        {
            return Before::Nothing;
        }
        if is_honorific(word) {
            return Before::Honorific;
        }
        if let Some(core) = word.strip_suffix('.') {
            // "J." and "Gov." stand before a name; "Putin." ends a sentence.
            let letters = core.chars().count();
            if core.contains('.') || letters > 4 {
                return Before::Nothing;
            }
        }
        Before::Capitalised(word)
    }
}

fn mentions(scan: &Scan, index: &Index) -> Vec<Mention> {
    let mut out = Vec::new();
    for (h, hit) in scan.hits.iter().enumerate() {
        for (meaning, case) in scan.meanings(index, hit) {
            let Meaning::Name { entity, form } = *meaning else {
                continue;
            };
            let f = &index.forms[entity][form];
            if followed_by_suffix(&scan.text.text, hit.norm.end) {
                continue;
            }
            if f.surname_only
                && (preceded_by_other_name(scan, hit)
                    || in_compound_name(&scan.text.text, hit)
                    || followed_by_name(&scan.text.text, hit.norm.end))
            {
                continue;
            }
            out.push(Mention {
                entity,
                form,
                hit: h,
                norm: hit.norm.clone(),
                span: hit.span.clone(),
                case,
                surname_only: f.surname_only,
                imported: index.imported.get(entity).copied().unwrap_or(false),
                shared: false,
            });
        }
    }
    tell_apart(scan, index, &mut out);
    out
}

/// Where one hit names several people (homonyms), keeps the one the copy tells apart by party
/// and state ("(R-Ky.)", "of Kentucky") when there is exactly one, else marks them all shared.
fn tell_apart(scan: &Scan, index: &Index, mentions: &mut Vec<Mention>) {
    let mut i = 0;
    while i < mentions.len() {
        let hit = mentions[i].hit;
        let end = mentions[i..]
            .iter()
            .position(|m| m.hit != hit)
            .map_or(mentions.len(), |n| i + n);
        if end - i > 1 {
            let rest = &scan.text.text[mentions[i].norm.end..];
            let chosen: Vec<usize> = match crate::affiliation::after_name(rest) {
                Some(said) => (i..end)
                    .filter(|&k| {
                        index
                            .affiliations
                            .get(mentions[k].entity)
                            .is_some_and(|list| {
                                list.iter()
                                    .any(|(party, state)| said.fits(*party, state.as_deref()))
                            })
                    })
                    .collect(),
                None => Vec::new(),
            };
            if let [one] = chosen[..] {
                let keep = mentions[one].clone();
                mentions.splice(i..end, [keep]);
                i += 1;
                continue;
            }
            for m in &mut mentions[i..end] {
                m.shared = true;
            }
        }
        i = end;
    }
}

/// A surname after a hyphen that follows a word ("Heaton-Harris") is part of another name.
fn in_compound_name(text: &str, hit: &Hit) -> bool {
    text[..hit.norm.start]
        .strip_suffix('-')
        .is_some_and(|head| head.ends_with(is_word_char))
}

/// A surname followed by a capitalised word is a given name of someone else (`State Sen. Harris
/// McDowell`) or part of a longer name (`Trump Tower`).
fn followed_by_name(text: &str, end: usize) -> bool {
    let Some(rest) = text[end..].strip_prefix(' ') else {
        return false;
    };
    let word_end = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
    let word = &rest[..word_end];
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).any(char::is_lowercase)
        && !is_function_word(word)
        && !crate::text::is_suffix(word)
}

/// "Donald Trump Jr." names someone else.
fn followed_by_suffix(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let rest = rest
        .strip_prefix(", ")
        .or_else(|| rest.strip_prefix(' '))
        .unwrap_or("");
    let word_end = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
    word_end > 0 && crate::text::is_suffix(&rest[..word_end])
}

/// A surname right after another capitalised name ("Antonia Rubio", "Ivanka Trump") is someone else.
fn preceded_by_other_name(scan: &Scan, hit: &Hit) -> bool {
    let text = &scan.text.text;
    let Some(before) = text[..hit.norm.start].strip_suffix(' ') else {
        return false;
    };
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c) || c == '-')
        .last()
        .map(|(i, _)| i);
    let Some(word_start) = word_start else {
        return false;
    };
    let word = &before[word_start..];
    if !word.chars().next().is_some_and(char::is_uppercase)
        || word.chars().all(|c| !c.is_lowercase())
    {
        return false;
    }
    if HONORIFICS.contains(&word) || is_function_word(word) {
        return false;
    }
    // A title ("President Trump") or another name of the dictionaries is not a given name.
    // Hits are in order and do not overlap: only the last one starting by the word can cover it.
    let i = scan.hits.partition_point(|h| h.norm.start <= word_start);
    let covered = i
        .checked_sub(1)
        .is_some_and(|k| scan.hits[k].norm.end >= before.len());
    !covered
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::linter;
    use crate::{Document, Format};

    #[test]
    fn one_mention_per_entity_and_span_whatever_the_order_of_cases() {
        // For "XYZ": the name matches exactly, the variant in capitals.
        let l = linter(
            "[[place]]\nname = \"XYZ\"\nvariants = [\"Xyz\"]",
            None,
            "2025-12-20",
        );
        let doc = Document::new("a.txt", "In XYZ today.".into(), Format::Text);
        let scan = super::Scan::new(
            &doc,
            &l.index,
            crate::date::Date::new(2025, 12, 20).unwrap_or_else(crate::date::Date::today),
        );
        assert_eq!(scan.mentions.len(), 1);
        assert_eq!(l.index.forms[0][scan.mentions[0].form].text, "XYZ");
    }

    #[test]
    fn generational_suffixes_name_someone_else() {
        let l = linter("[[person]]\nname = \"Donald Trump\"", None, "2025-12-20");
        let doc = Document::new(
            "a.txt",
            "Donald Trump Jr. and Donald Trump, Jr and Donald Trump Jrx.".into(),
            Format::Text,
        );
        assert_eq!(
            super::Scan::new(
                &doc,
                &l.index,
                crate::date::Date::new(2025, 12, 20).unwrap_or_else(crate::date::Date::today)
            )
            .mentions
            .len(),
            1
        );
    }
}
