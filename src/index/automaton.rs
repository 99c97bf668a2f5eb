//! Finding every dictionary form in the scan text, as whole words.
//!
//! Small dictionaries (up to 1,000 forms: the hand-written built-in ones have some 500) are
//! compiled to one Aho-Corasick DFA, which searches at about a gigabyte a second and builds in a
//! few milliseconds; with the built-in roster of members of Congress (some 2,300 forms) the DFA
//! took 150 million instructions to build, more than checking an article, so larger sets use
//! the word table below. A DFA's build
//! time and memory grow quickly with the number of forms, and an NFA's build grows with the total
//! length of the forms: with 100,000 extra people (300,000 forms) the NFA alone took 1.5 s to
//! build, longer than checking a whole corpus. Forms are only ever wanted as whole words,
//! though, so a large dictionary is instead indexed by the first word of each form: a hash
//! table built in linear time, searched with one lookup per word of copy. Forms that do not
//! start with a word character (rare) keep an automaton of their own.
//!
//! Both ways find exactly the same matches; a property test holds them to that.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use std::hash::Hasher;

use crate::hash::{FormHasher, FormMap};
use crate::text::{is_word_char, words};

/// Dictionaries with at most this many distinct forms are compiled to an Aho-Corasick DFA;
/// larger ones get a [`WordTable`].
pub const DFA_MAX_PATTERNS: usize = 1_000;

/// A whole-word match of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

impl Found {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// Every dictionary form, compiled for searching; ASCII case is ignored.
///
/// ASCII case is folded on both sides (patterns when building, the text when searching) rather
/// than with `ascii_case_insensitive`, which doubles the transitions of every letter and makes
/// building a large automaton many times slower. ASCII lower-casing keeps byte offsets, so
/// matches are reported at the same offsets as in the original text, and non-ASCII characters
/// must match exactly.
#[derive(Debug, Clone)]
pub enum Automaton {
    /// One Aho-Corasick automaton over every pattern.
    Ac(AhoCorasick),
    /// Patterns indexed by their first word.
    Words(WordTable),
}

impl Default for Automaton {
    /// An automaton that finds nothing.
    fn default() -> Automaton {
        Automaton::build(std::iter::empty())
    }
}

/// Which implementation an [`Automaton`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Dfa,
    Nfa,
    Words,
}

impl Automaton {
    /// Picks the implementation for the number of patterns.
    pub fn build<'a>(patterns: impl ExactSizeIterator<Item = &'a str>) -> Automaton {
        if patterns.len() <= DFA_MAX_PATTERNS {
            Automaton::Ac(aho_corasick(patterns, AhoCorasickKind::DFA))
        } else {
            Automaton::Words(WordTable::build(patterns))
        }
    }

    /// An Aho-Corasick automaton of the given kind, whatever the number of patterns.
    pub fn build_ac<'a>(
        patterns: impl Iterator<Item = &'a str>,
        kind: AhoCorasickKind,
    ) -> Automaton {
        Automaton::Ac(aho_corasick(patterns, kind))
    }

    /// Every whole-word match of every pattern in `haystack`, ASCII case ignored, overlapping
    /// ones included, in no particular order (the scan sorts what it keeps). A match is whole
    /// when no word character stands right before or right after it.
    pub fn find_whole(&self, haystack: &str) -> Vec<Found> {
        let lower = haystack.to_ascii_lowercase();
        match self {
            Automaton::Ac(ac) => whole_ac_matches(ac, &lower),
            Automaton::Words(table) => table.find(&lower),
        }
    }

    pub fn engine(&self) -> Engine {
        match self {
            Automaton::Ac(ac) if ac.kind() == AhoCorasickKind::DFA => Engine::Dfa,
            Automaton::Ac(_) => Engine::Nfa,
            Automaton::Words(_) => Engine::Words,
        }
    }
}

fn aho_corasick<'a>(patterns: impl Iterator<Item = &'a str>, kind: AhoCorasickKind) -> AhoCorasick {
    let lower: Vec<String> = patterns.map(str::to_ascii_lowercase).collect();
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .build(&lower)
        .or_else(|_| {
            // Too large for the chosen kind: let the builder pick one that fits.
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&lower)
        })
        .unwrap_or_else(|_| {
            AhoCorasick::new(Vec::<&str>::new()).expect("an empty automaton always builds")
        })
}

/// The whole-word matches of an automaton over an already lower-cased haystack.
fn whole_ac_matches(ac: &AhoCorasick, lower: &str) -> Vec<Found> {
    ac.find_overlapping_iter(lower)
        .filter(|m| {
            lower.is_char_boundary(m.start())
                && lower.is_char_boundary(m.end())
                && is_whole(lower, m.start(), m.end())
        })
        .map(|m| Found {
            start: m.start(),
            end: m.end(),
            pattern: m.pattern().as_usize(),
        })
        .collect()
}

/// No word character right before `start` or right at `end`.
pub(crate) fn is_whole(text: &str, start: usize, end: usize) -> bool {
    !text[..start].chars().next_back().is_some_and(is_word_char)
        && !text[end..].chars().next().is_some_and(is_word_char)
}

/// The byte length of the word that starts `text` (0 when it starts with no word character).
fn first_word_len(text: &str) -> usize {
    words(text)
        .next()
        .filter(|w| w.start == 0)
        .map_or(0, |w| w.end)
}

fn word_hash(word: &str) -> u64 {
    let mut h = FormHasher::default();
    h.write(word.as_bytes());
    h.finish()
}

/// Patterns grouped by the hash of their first word.
#[derive(Debug, Clone)]
pub struct WordTable {
    /// The lower-cased patterns, one after the other; pattern `i` ends at `ends[i]`.
    text: String,
    ends: Vec<u32>,
    /// Pattern ids ordered by the hash of their first word.
    ids: Vec<u32>,
    /// Per first-word hash, its range in `ids`.
    groups: FormMap<u64, (u32, u32)>,
    /// Patterns that do not start with a word character, with their ids.
    others: Option<(AhoCorasick, Vec<usize>)>,
}

impl WordTable {
    fn build<'a>(patterns: impl Iterator<Item = &'a str>) -> WordTable {
        let mut text = String::new();
        let mut ends = Vec::new();
        let mut keyed: Vec<(u64, u32)> = Vec::new();
        let mut others: Vec<(usize, String)> = Vec::new();
        for (id, p) in patterns.enumerate() {
            let start = text.len();
            text.push_str(p);
            text[start..].make_ascii_lowercase();
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
            let lower = &text[start..];
            let n = first_word_len(lower);
            match u32::try_from(id) {
                Ok(id32) if n > 0 => keyed.push((word_hash(&lower[..n]), id32)),
                _ => others.push((id, lower.to_string())),
            }
        }
        keyed.sort_unstable();
        let mut groups = FormMap::default();
        groups.reserve(keyed.len());
        let mut i = 0;
        while i < keyed.len() {
            let hash = keyed[i].0;
            let mut j = i + 1;
            while j < keyed.len() && keyed[j].0 == hash {
                j += 1;
            }
            let range = (
                u32::try_from(i).unwrap_or(u32::MAX),
                u32::try_from(j).unwrap_or(u32::MAX),
            );
            groups.insert(hash, range);
            i = j;
        }
        let ids = keyed.into_iter().map(|(_, id)| id).collect();
        let others = (!others.is_empty()).then(|| {
            let kind = if others.len() <= DFA_MAX_PATTERNS {
                AhoCorasickKind::DFA
            } else {
                AhoCorasickKind::ContiguousNFA
            };
            let ac = aho_corasick(others.iter().map(|(_, p)| p.as_str()), kind);
            (ac, others.into_iter().map(|(id, _)| id).collect())
        });
        WordTable {
            text,
            ends,
            ids,
            groups,
            others,
        }
    }

    fn pattern(&self, id: usize) -> &str {
        let start = if id == 0 {
            0
        } else {
            self.ends[id - 1] as usize
        };
        &self.text[start..self.ends[id] as usize]
    }

    /// Whole-word matches in a lower-cased haystack, unordered.
    fn find(&self, lower: &str) -> Vec<Found> {
        let mut out = Vec::new();
        for word in words(lower) {
            let Some(&(from, to)) = self.groups.get(&word_hash(&lower[word.clone()])) else {
                continue;
            };
            let rest = &lower[word.start..];
            for &id in &self.ids[from as usize..to as usize] {
                let id = id as usize;
                let p = self.pattern(id);
                if rest.starts_with(p) && is_whole(lower, word.start, word.start + p.len()) {
                    out.push(Found {
                        start: word.start,
                        end: word.start + p.len(),
                        pattern: id,
                    });
                }
            }
        }
        if let Some((ac, ids)) = &self.others {
            out.extend(whole_ac_matches(ac, lower).into_iter().map(|f| Found {
                pattern: ids[f.pattern],
                ..f
            }));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Matches as (pattern, start, end), ordered by end, then start, then pattern.
    fn found(automaton: &Automaton, text: &str) -> Vec<(usize, usize, usize)> {
        let mut found: Vec<(usize, usize, usize)> = automaton
            .find_whole(text)
            .into_iter()
            .map(|f| (f.pattern, f.start, f.end))
            .collect();
        found.sort_by_key(|&(p, s, e)| (e, s, p));
        found
    }

    #[test]
    fn folding_ascii_case_finds_what_case_insensitive_matching_finds() {
        let patterns = [
            "Zelenskyy",
            "Erdoğan",
            "prime minister",
            "minister",
            "O'Neill",
            "ÉCOLE",
        ];
        let text = "ZELENSKYY met ERDOĞAN and erdoğan, then ERDOğAN; Prime MINISTER o'neill, \
                    École and ÉCOLE and école, zelenskyy's";
        let reference = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(patterns)
            .expect("the reference automaton builds");
        let mut expected: Vec<(usize, usize, usize)> = reference
            .find_overlapping_iter(text)
            .filter(|m| is_whole(text, m.start(), m.end()))
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        expected.sort_by_key(|&(p, s, e)| (e, s, p));
        // Only ASCII case is folded: ERDOĞAN and école do not match, ERDOğAN and École do.
        assert_eq!(
            expected.iter().filter(|m| m.0 == 1).count(),
            2,
            "{expected:?}"
        );
        assert_eq!(expected.iter().filter(|m| m.0 == 5).count(), 2);
        // "minister" inside "prime minister" is a whole word too.
        assert_eq!(expected.iter().filter(|m| m.0 == 3).count(), 1);
        for kind in [
            AhoCorasickKind::DFA,
            AhoCorasickKind::ContiguousNFA,
            AhoCorasickKind::NoncontiguousNFA,
        ] {
            let automaton = Automaton::build_ac(patterns.into_iter(), kind);
            assert_eq!(found(&automaton, text), expected, "{kind:?}");
        }
        let table = Automaton::Words(WordTable::build(patterns.into_iter()));
        assert_eq!(found(&table, text), expected);
    }

    #[test]
    fn only_whole_words_match() {
        let automaton = Automaton::build(["Kyiv", "Rubio"].into_iter());
        assert_eq!(
            found(&automaton, "Kyivan Rubios, Kyiv-based, (rubio)"),
            [(0, 15, 19), (1, 28, 33)]
        );
    }

    #[test]
    fn small_dictionaries_get_a_dfa_and_large_ones_a_word_table() {
        let small = Automaton::build(["Kyiv", "Kiev"].into_iter());
        assert_eq!(small.engine(), Engine::Dfa);
        let mut names: Vec<String> = (0..=DFA_MAX_PATTERNS).map(|i| format!("Name{i}")).collect();
        names.push("#MeToo".to_string());
        let large = Automaton::build(names.iter().map(String::as_str));
        assert_eq!(large.engine(), Engine::Words);
        let found = found(&large, "NAME17 and name900, #metoo");
        assert_eq!(
            found,
            [(17, 0, 6), (900, 11, 18), (DFA_MAX_PATTERNS + 1, 20, 26)]
        );
    }

    /// Text made of a few letters (ASCII and not), a combining mark, spaces and punctuation, so
    /// that patterns overlap, share first words and sit at every kind of boundary.
    fn piece() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just("B"),
                Just("ab"),
                Just("é"),
                Just("\u{301}"),
                Just("ğ"),
                Just("1"),
                Just(" "),
                Just("-"),
                Just("'"),
                Just("."),
            ],
            1..6,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn the_word_table_finds_what_the_automaton_finds(
            patterns in proptest::collection::btree_set(piece(), 1..12),
            text in proptest::collection::vec(piece(), 0..12),
        ) {
            let text = text.concat();
            // Patterns are distinct once lower-cased, as the index makes them.
            let mut seen = std::collections::HashSet::new();
            let patterns: Vec<&str> = patterns
                .iter()
                .map(String::as_str)
                .filter(|p| seen.insert(p.to_ascii_lowercase()))
                .collect();
            let ac = Automaton::build_ac(patterns.iter().copied(), AhoCorasickKind::NoncontiguousNFA);
            let table = Automaton::Words(WordTable::build(patterns.iter().copied()));
            prop_assert_eq!(found(&table, &text), found(&ac, &text));
        }
    }
}
