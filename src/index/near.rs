//! Near misses of people's surnames: a symmetric-delete index over the dictionaries' surname words,
//! built once per run, and the embedded list of ordinary English words.
//!
//! Every surname word is stored with the hashes of all strings made by deleting up to `k` of its
//! characters (`k` = [`max_distance`] of its length). A word of copy generates its own deletions and
//! looks their hashes up; two words within Damerau-Levenshtein distance `k` always share one. The
//! few candidates found are then measured exactly. Building is linear in the number of surname
//! words (a sort of fixed-size pairs), and a lookup costs a few dozen binary searches.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::distance::damerau_levenshtein;

/// Shortest word (in characters) that near-miss detection considers.
pub const MIN_LEN: usize = 4;

/// How many edits a word of `len` characters may be from a name and still be a near miss of it:
/// 1 up to 7 characters, 2 from 8.
pub fn max_distance(len: usize) -> usize {
    if len >= 8 {
        2
    } else {
        1
    }
}

/// A surname word of the dictionaries and the people whose forms end in it.
#[derive(Debug, Clone)]
pub struct NearWord {
    pub text: String,
    /// `(entity, form)`: index into `Index::forms`.
    pub owners: Vec<(usize, usize)>,
    len: usize,
}

/// A candidate for a word of copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Near {
    /// Index into [`NearIndex::words`].
    pub word: usize,
    pub distance: usize,
}

/// The symmetric-delete index.
#[derive(Debug, Clone, Default)]
pub struct NearIndex {
    pub words: Vec<NearWord>,
    /// `(hash of a deletion variant, word)`, sorted.
    deletes: Vec<(u64, u32)>,
}

impl NearIndex {
    /// Builds the index from `(surname word, entity, form)` triples.
    pub fn build<'a>(surnames: impl IntoIterator<Item = (&'a str, usize, usize)>) -> NearIndex {
        let mut words: Vec<NearWord> = Vec::new();
        let mut by_text: HashMap<&'a str, usize> = HashMap::new();
        for (text, entity, form) in surnames {
            let id = *by_text.entry(text).or_insert_with(|| {
                words.push(NearWord {
                    text: text.to_string(),
                    owners: Vec::new(),
                    len: text.chars().count(),
                });
                words.len() - 1
            });
            if !words[id].owners.contains(&(entity, form)) {
                words[id].owners.push((entity, form));
            }
        }
        let mut deletes = Vec::new();
        let mut chars = Vec::new();
        for (id, w) in words.iter().enumerate() {
            let Ok(id) = u32::try_from(id) else { break };
            chars.clear();
            chars.extend(w.text.chars());
            for_each_deletion(&chars, max_distance(w.len), |h| deletes.push((h, id)));
        }
        deletes.sort_unstable();
        deletes.dedup();
        NearIndex { words, deletes }
    }

    /// Dictionary surname words within [`max_distance`] (of the dictionary word's length) of
    /// `word`, the word itself excluded, closest first.
    pub fn lookup(&self, word: &str) -> Vec<Near> {
        let chars: Vec<char> = word.chars().collect();
        if chars.len() < MIN_LEN || self.words.is_empty() {
            return Vec::new();
        }
        // A dictionary word of 8 characters or more may be 2 edits away, so from 6 characters on.
        let k = if chars.len() >= 6 { 2 } else { 1 };
        let mut ids: Vec<u32> = Vec::new();
        for_each_deletion(&chars, k, |h| {
            let i = self.deletes.partition_point(|&(d, _)| d < h);
            ids.extend(
                self.deletes[i..]
                    .iter()
                    .take_while(|&&(d, _)| d == h)
                    .map(|&(_, id)| id),
            );
        });
        ids.sort_unstable();
        ids.dedup();
        let mut out: Vec<Near> = ids
            .into_iter()
            .filter_map(|id| {
                let id = id as usize;
                let w = &self.words[id];
                if w.text == word || w.len.abs_diff(chars.len()) > max_distance(w.len) {
                    return None;
                }
                let distance = damerau_levenshtein(word, &w.text);
                (distance <= max_distance(w.len)).then_some(Near { word: id, distance })
            })
            .collect();
        out.sort_by_key(|n| (n.distance, n.word));
        out
    }
}

/// Calls `f` with the hash of `chars` and of every string made by deleting up to `k` (at most 2)
/// of its characters. Duplicates are possible.
fn for_each_deletion(chars: &[char], k: usize, mut f: impl FnMut(u64)) {
    let n = chars.len();
    f(hash_without(chars, usize::MAX, usize::MAX));
    if k == 0 {
        return;
    }
    for i in 0..n {
        f(hash_without(chars, i, usize::MAX));
        if k >= 2 {
            for j in i + 1..n {
                f(hash_without(chars, i, j));
            }
        }
    }
}

/// FNV-1a over the characters of `chars` except positions `a` and `b`.
fn hash_without(chars: &[char], a: usize, b: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, &c) in chars.iter().enumerate() {
        if i == a || i == b {
            continue;
        }
        for byte in u32::from(c).to_le_bytes() {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The embedded word list: see `english-words.COPYRIGHT` beside it.
static ENGLISH: &str = include_str!("english-words.txt");

fn english() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| ENGLISH.lines().filter(|l| !l.is_empty()).collect())
}

/// Whether the list has `word` exactly as written.
fn listed(word: &str) -> bool {
    english().binary_search(&word).is_ok()
}

/// Whether `word` is an ordinary English word: listed in lower case (`Dance` at a sentence start is
/// `dance`).
pub fn is_english_word(word: &str) -> bool {
    listed(&word.to_lowercase())
}

/// Whether `word` is a word or a name the English word list knows (`Rubin`, `Baden`, `dance`):
/// something other than a misspelling of a dictionary name.
pub fn is_known_word(word: &str) -> bool {
    is_english_word(word) || listed(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(words: &[&str]) -> NearIndex {
        NearIndex::build(words.iter().enumerate().map(|(i, w)| (*w, i, 0)))
    }

    fn found(ix: &NearIndex, word: &str) -> Vec<(String, usize)> {
        ix.lookup(word)
            .into_iter()
            .map(|n| (ix.words[n.word].text.clone(), n.distance))
            .collect()
    }

    #[test]
    fn finds_words_within_the_distance_for_their_length() {
        let ix = index(&["Witkoff", "Dmitriev", "Zelenskyy", "Rubio", "Erdoğan"]);
        assert_eq!(found(&ix, "Witzoff"), vec![("Witkoff".to_string(), 1)]);
        assert_eq!(found(&ix, "Witkof"), vec![("Witkoff".to_string(), 1)]);
        assert_eq!(found(&ix, "Wtikoff"), vec![("Witkoff".to_string(), 1)]);
        assert_eq!(found(&ix, "Dmitrev"), vec![("Dmitriev".to_string(), 1)]);
        assert_eq!(found(&ix, "Dmitryev"), vec![("Dmitriev".to_string(), 1)]);
        assert_eq!(found(&ix, "Zelenksyy"), vec![("Zelenskyy".to_string(), 1)]);
        assert_eq!(found(&ix, "Zelenskiy"), vec![("Zelenskyy".to_string(), 1)]);
        assert_eq!(found(&ix, "Zelenskii"), vec![("Zelenskyy".to_string(), 2)]);
        assert_eq!(found(&ix, "Erdogan"), vec![("Erdoğan".to_string(), 1)]);
        // Two edits on a seven-letter name, the word itself, short and unrelated words: nothing.
        assert!(found(&ix, "Witzofg").is_empty());
        assert!(found(&ix, "Witkoff").is_empty());
        assert!(found(&ix, "Rub").is_empty());
        assert!(found(&ix, "Путин").is_empty());
        assert!(found(&ix, "Johnson").is_empty());
    }

    #[test]
    fn lookup_agrees_with_a_full_scan() {
        let names = [
            "Witkoff",
            "Rubio",
            "Vance",
            "Dmitriev",
            "Zelenskyy",
            "Lavrov",
            "Montenegro",
            "Merz",
            "Scholz",
            "Stoltenberg",
        ];
        let ix = index(&names);
        let probes = [
            "Witkof",
            "Rubbio",
            "Vanse",
            "Dimitriev",
            "Zelensky",
            "Lavrof",
            "Montengro",
            "Mers",
            "Scholtz",
            "Stoltenburg",
            "Rubino",
            "Lavrovv",
            "Zlenskyy",
            "Vancee",
            "Stoltenbreg",
        ];
        for p in probes {
            let mut expected: Vec<(String, usize)> = names
                .iter()
                .map(|n| ((*n).to_string(), damerau_levenshtein(p, n)))
                .filter(|(n, d)| *d <= max_distance(n.chars().count()) && n != p)
                .collect();
            expected.sort_by_key(|(n, d)| (*d, names.iter().position(|x| x == n)));
            assert_eq!(found(&ix, p), expected, "{p}");
        }
    }

    #[test]
    fn english_words() {
        assert!(is_english_word("Dance"));
        assert!(is_english_word("tramp"));
        assert!(!is_english_word("Witzoff"));
        assert!(is_known_word("Rubin"));
        assert!(!is_known_word("Dmitrev"));
        assert!(english().windows(2).all(|w| w[0] < w[1]), "sorted");
    }
}
