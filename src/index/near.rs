//! Near misses of people's surnames: a symmetric-delete index over the dictionaries' surname words,
//! built once per run, and the embedded list of ordinary English words.
//!
//! Every surname word is stored with the hashes of all strings made by deleting up to `k` of its
//! characters (`k` = [`max_distance`] of its length). A word of copy generates its own deletions and
//! looks their hashes up; two words within Damerau-Levenshtein distance `k` always share one. The
//! few candidates found are then measured exactly. Building is linear in the number of surname
//! words (a sort of fixed-size pairs), and a lookup costs a few dozen binary searches.

use super::FormId;
use crate::hash::FormMap;
#[cfg(test)]
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::distance::damerau_levenshtein;
pub use crate::distance::{near_max_distance as max_distance, NEAR_MIN_LEN as MIN_LEN};

/// Bits of a deletion hash kept in an index entry; the low bits hold the word. A collision only
/// adds a candidate, which is then measured.
const HASH_BITS: u32 = 38;
const WORD_BITS: u32 = 64 - HASH_BITS;

fn entry(hash: u64, word: u64) -> u64 {
    (hash >> WORD_BITS << WORD_BITS) | word
}

/// A surname word of the dictionaries and the people whose forms end in it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NearWord {
    pub text: String,
    /// The forms that end in it.
    pub owners: Vec<FormId>,
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
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct NearIndex {
    pub words: Vec<NearWord>,
    /// Per first character, the lengths of the words that start with it (bit `n` for `n`
    /// characters, the last bit for 63 or more): a lookup that no word can match stops there.
    lengths: FormMap<char, u64>,
    /// Entries: the hash of a deletion variant (high [`HASH_BITS`] bits) with the word (low bits),
    /// grouped by the top `bucket_bits` bits of the hash.
    #[serde(with = "crate::hash::le_bytes")]
    deletes: Vec<u64>,
    /// Where each group of `deletes` starts (one more than the groups, for the end).
    #[serde(with = "crate::hash::le_bytes")]
    buckets: Vec<u32>,
    bucket_bits: u32,
}

impl NearIndex {
    /// Builds the index from surname words and the forms they end.
    pub fn build<'a>(surnames: impl IntoIterator<Item = (&'a str, FormId)>) -> NearIndex {
        let mut words: Vec<NearWord> = Vec::new();
        let mut by_text: FormMap<&'a str, usize> = FormMap::default();
        for (text, owner) in surnames {
            let id = *by_text.entry(text).or_insert_with(|| {
                words.push(NearWord {
                    text: text.to_string(),
                    owners: Vec::new(),
                    len: text.chars().count(),
                });
                words.len() - 1
            });
            if !words[id].owners.contains(&owner) {
                words[id].owners.push(owner);
            }
        }
        // Words beyond what an entry can hold (2^26, some 67 million) are not indexed.
        words.truncate(1 << WORD_BITS);
        let deletes: Vec<u64> = words
            .par_iter()
            .enumerate()
            .flat_map_iter(|(id, w)| {
                let chars: Vec<char> = w.text.chars().collect();
                let mut out = Vec::new();
                for_each_deletion(&chars, max_distance(w.len), |h| {
                    out.push(entry(h, id as u64));
                });
                out
            })
            .collect();
        let deletes = sorted_unique(deletes);
        let (buckets, bucket_bits) = directory(&deletes);
        let mut lengths: FormMap<char, u64> = FormMap::default();
        for w in &words {
            if let Some(c) = w.text.chars().next() {
                *lengths.entry(c).or_default() |= 1 << w.len.min(63);
            }
        }
        NearIndex {
            words,
            lengths,
            deletes,
            buckets,
            bucket_bits,
        }
    }

    /// Dictionary surname words that start with the same character as `word` and are within
    /// [`max_distance`] (of the dictionary word's length) of it, the word itself excluded, closest
    /// first.
    pub fn lookup(&self, word: &str) -> Vec<Near> {
        let chars: Vec<char> = word.chars().collect();
        if chars.len() < MIN_LEN {
            return Vec::new();
        }
        let lengths = self.lengths.get(&chars[0]).copied().unwrap_or(0);
        let len = chars.len();
        let reachable = (len.saturating_sub(2)..=len + 2)
            .any(|n| lengths & (1 << n.min(63)) != 0 && n.abs_diff(len) <= max_distance(n));
        if !reachable {
            return Vec::new();
        }
        // A dictionary word of 8 characters or more may be 2 edits away, so from 6 characters on.
        let k = if chars.len() >= 6 { 2 } else { 1 };
        let mut ids: Vec<u64> = Vec::new();
        let mask = (1u64 << WORD_BITS) - 1;
        for_each_deletion(&chars, k, |h| {
            let key = entry(h, 0);
            let b = bucket_of(key, self.bucket_bits);
            let (Some(&start), Some(&end)) = (self.buckets.get(b), self.buckets.get(b + 1)) else {
                return;
            };
            ids.extend(
                self.deletes[start as usize..end as usize]
                    .iter()
                    .filter(|&&d| d & !mask == key)
                    .map(|&d| d & mask),
            );
        });
        ids.sort_unstable();
        ids.dedup();
        let mut out: Vec<Near> = ids
            .into_iter()
            .filter_map(|id| {
                let id = usize::try_from(id).ok()?;
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

impl NearIndex {
    /// Whether a decoded index (from the cache) can be searched without going out of bounds, and
    /// every word is the surname of each form it names in `forms` (so that a near miss is fixed
    /// only to a surname the dictionaries contain).
    pub fn is_consistent(&self, forms: &[Vec<crate::index::NameForm>]) -> bool {
        let mask = (1u64 << WORD_BITS) - 1;
        let words_ok = self.words.iter().all(|w| {
            w.len == w.text.chars().count()
                && w.owners.iter().all(|o| {
                    forms
                        .get(o.entity)
                        .and_then(|f| f.get(o.form))
                        .is_some_and(|f| f.surname() == w.text)
                })
        });
        let last = self.buckets.last().copied().map(|l| l as usize);
        words_ok
            && (1..=32).contains(&self.bucket_bits)
            && self.buckets.len() >= 2
            && self.buckets.windows(2).all(|w| w[0] <= w[1])
            && last.is_some_and(|l| l <= self.deletes.len())
            && self
                .deletes
                .iter()
                .all(|&d| usize::try_from(d & mask).is_ok_and(|id| id < self.words.len()))
    }
}

/// `entries` sorted, without duplicates: a counting sort by the top bits (one pass to count, one
/// to place), then a sort of each group of a few entries, which is several times faster than a
/// comparison sort of the whole array.
fn sorted_unique(entries: Vec<u64>) -> Vec<u64> {
    let n = entries.len();
    if n < 1024 || u32::try_from(n).is_err() {
        let mut entries = entries;
        entries.sort_unstable();
        entries.dedup();
        return entries;
    }
    let bits = (usize::BITS - n.leading_zeros())
        .saturating_sub(2)
        .clamp(4, 24);
    let mut starts = vec![0usize; (1 << bits) + 1];
    for &e in &entries {
        starts[bucket_of(e, bits) + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut next = starts.clone();
    let mut out = vec![0u64; n];
    for e in entries {
        let slot = &mut next[bucket_of(e, bits)];
        out[*slot] = e;
        *slot += 1;
    }
    for group in starts.windows(2) {
        out[group[0]..group[1]].sort_unstable();
    }
    out.dedup();
    out
}

fn bucket_of(entry: u64, bits: u32) -> usize {
    usize::try_from(entry >> (64 - bits)).unwrap_or(0)
}

/// For sorted entries, where the entries of each value of the top bits start: about four entries
/// per group. Returns the starts (one more than the groups, for the end) and the number of bits.
fn directory(sorted: &[u64]) -> (Vec<u32>, u32) {
    let n = sorted.len();
    if u32::try_from(n).is_err() {
        return (vec![0, 0], 1);
    }
    let bits = (usize::BITS - n.leading_zeros())
        .saturating_sub(2)
        .clamp(4, 24);
    let mut starts = Vec::with_capacity((1 << bits) + 1);
    let mut i = 0usize;
    for b in 0..=(1usize << bits) {
        while i < n && bucket_of(sorted[i], bits) < b {
            i += 1;
        }
        starts.push(u32::try_from(i).unwrap_or(u32::MAX));
    }
    (starts, bits)
}

/// Calls `f` with the hash of `chars` and of every string made by deleting up to `k` (at most 2)
/// of its characters except the first, which a near miss must share. Duplicates are possible.
///
/// The hash is polynomial (`h(xy) = h(x)·P^|y| + h(y)`, wrapping), so that with prefix hashes each
/// deletion costs O(1) and a word O(n²) in all.
fn for_each_deletion(chars: &[char], k: usize, mut f: impl FnMut(u64)) {
    const P: u64 = 0x0000_0100_0000_01b3;
    let n = chars.len();
    let mut prefix = Vec::with_capacity(n + 1);
    let mut pow = Vec::with_capacity(n + 1);
    prefix.push(0u64);
    pow.push(1u64);
    for (i, &c) in chars.iter().enumerate() {
        prefix.push(prefix[i].wrapping_mul(P).wrapping_add(u64::from(c) + 1));
        pow.push(pow[i].wrapping_mul(P));
    }
    // The hash of chars[a..b].
    let part = |a: usize, b: usize| prefix[b].wrapping_sub(prefix[a].wrapping_mul(pow[b - a]));
    let join = |h: u64, a: usize, b: usize| h.wrapping_mul(pow[b - a]).wrapping_add(part(a, b));
    f(prefix[n]);
    if k == 0 {
        return;
    }
    for (i, &before) in prefix.iter().enumerate().take(n).skip(1) {
        f(join(before, i + 1, n));
        if k >= 2 {
            for j in i + 1..n {
                f(join(join(before, i + 1, j), j + 1, n));
            }
        }
    }
}

/// The embedded word list: see `english-words.COPYRIGHT` beside it.
static ENGLISH: &str = include_str!("english-words.txt");

#[cfg(test)]
fn english() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| ENGLISH.lines().filter(|l| !l.is_empty()).collect())
}

/// The embedded surname list: see `us-surnames.COPYRIGHT` beside it.
static SURNAMES: &str = include_str!("us-surnames.txt");

#[cfg(test)]
fn surnames() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| SURNAMES.lines().filter(|l| !l.is_empty()).collect())
}

/// Whether `word` is a line of `text`, whose lines are sorted (byte order): a binary search on
/// the text itself. Splitting the lists into lines first cost some 12 million instructions each,
/// more than checking an article, for the few words an article looks up.
fn has_line(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    // `lo` is always at the start of a line; the lines left to search start in `lo..hi`.
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = memchr::memrchr(b'\n', &bytes[lo..mid]).map_or(lo, |i| lo + i + 1);
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        match text[start..end].cmp(word) {
            std::cmp::Ordering::Equal => return !word.is_empty(),
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

/// Whether `word` is a surname of the 1990 United States Census (`Scholl`, `Rutter`): someone
/// else's name more likely than a slip, unless the context says otherwise.
pub fn is_common_surname(word: &str) -> bool {
    has_line(SURNAMES, &word.to_lowercase())
}

/// Whether the list has `word` exactly as written.
fn listed(word: &str) -> bool {
    has_line(ENGLISH, word)
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

    #[test]
    fn sorted_unique_is_a_sort_and_dedup() {
        // A simple generator with many repeats and values spread over all 64 bits.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for n in [0, 5, 1023, 1024, 5000, 100_000] {
            let entries: Vec<u64> = (0..n)
                .map(|i| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    if i % 3 == 0 {
                        x % 64
                    } else {
                        x
                    }
                })
                .collect();
            let mut expected = entries.clone();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(sorted_unique(entries), expected, "{n} entries");
        }
    }

    fn index(words: &[&str]) -> NearIndex {
        NearIndex::build(
            words
                .iter()
                .enumerate()
                .map(|(i, w)| (*w, FormId { entity: i, form: 0 })),
        )
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
                .filter(|(n, d)| {
                    *d <= max_distance(n.chars().count()) && n != p && n[..1] == p[..1]
                })
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
        assert!(surnames().windows(2).all(|w| w[0] < w[1]), "sorted");
        // The search on the text finds every line, and nothing between or around them.
        for (text, list) in [(ENGLISH, english()), (SURNAMES, surnames())] {
            for (i, w) in list.iter().enumerate() {
                assert!(has_line(text, w), "{w}");
                let before = format!("{w}!");
                if list.get(i + 1) != Some(&before.as_str()) {
                    assert!(!has_line(text, &before), "{before}");
                }
            }
            for absent in ["", " ", "\n", "zzzzzzzz", "A\nAA", "\u{10ffff}"] {
                assert!(!has_line(text, absent), "{absent:?}");
            }
        }
        assert!(is_common_surname("Scholl"));
        assert!(!is_common_surname("Witzoff"));
    }
}
