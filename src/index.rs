//! Every form of every dictionary, compiled once per run into one [`Automaton`].
//!
//! Each automaton pattern is a normalised form; several dictionary entries can share one
//! pattern (a title form used by many roles), so a pattern carries a list of [`Meaning`]s. Names
//! are matched case-sensitively after the fact (a capitalised first letter and ALL CAPS also
//! count); titles and house-style phrases in any case.

pub mod automaton;
pub mod near;

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

pub use automaton::Automaton;

use crate::rules::{EntityKind, RuleSet};
use crate::text::normalize_form;

/// A fast, non-cryptographic hash (the multiply-rotate hash of the Rust compiler, `FxHash`) for
/// the maps of dictionary forms built at start-up, where the standard hasher's resistance to
/// chosen keys is not needed and its cost is felt with large dictionaries.
#[derive(Debug, Default, Clone, Copy)]
pub struct FormHasher(u64);

impl FormHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FormHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The low bits of a product depend only on the low bits of its factors, and hash tables
        // take their bucket from the low bits: bring the well-mixed high bits down, or keys that
        // differ only past the first byte of each 8-byte chunk ("person-1", "person-2") collide.
        self.0.rotate_left(26)
    }
}

pub type FormMap<K, V> = HashMap<K, V, BuildHasherDefault<FormHasher>>;
/// A set of dictionary strings hashed with [`FormHasher`].
pub type FormSet<T> = HashSet<T, BuildHasherDefault<FormHasher>>;

/// A way an entity is written correctly.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NameForm {
    /// Normalised text.
    pub text: String,
    /// A surname on its own (people only).
    pub surname_only: bool,
    /// Number of trailing words that are the surname (people), 0 for places and organizations.
    pub surname_words: usize,
    /// A form that became wrong on a date: its deprecations are `Index::dated[i]`.
    pub dated: Option<u32>,
}

impl NameForm {
    pub fn words(&self) -> Vec<&str> {
        self.text.split(' ').collect()
    }

    /// The surname part (the whole form when it is a surname alone); a generational suffix
    /// ("Jr.", "III") is not a surname.
    pub fn surname(&self) -> String {
        let mut words = self.words();
        while words.len() > 1 && is_suffix(words[words.len() - 1]) {
            words.pop();
            if let Some(last) = words.last_mut() {
                *last = last.trim_end_matches(',');
            }
        }
        let k = self.surname_words.min(words.len()).max(1);
        words[words.len() - k..].join(" ")
    }
}

/// "Jr.", "Sr", "III": generational suffixes after a name.
pub fn is_suffix(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.'),
        "Jr" | "Sr" | "II" | "III" | "IV"
    )
}

/// What a matched pattern means.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Meaning {
    /// A correct form of an entity: `forms[entity][form]`.
    Name { entity: usize, form: usize },
    /// A known misspelling, with its correction (case as in the dictionary). A deprecated form
    /// is one only from its date: its deprecations are `Index::dated[i]`.
    Misspelling {
        entity: usize,
        replacement: String,
        dated: Option<u32>,
    },
    /// A phrase in which a misspelling of the entity is right.
    Except { entity: usize },
    /// A title form: `title_keys[key]`.
    Title { key: usize },
    /// A house-style word to replace.
    Phrase { phrase: usize, replacement: String },
}

impl Meaning {
    /// Names must match in case (with the capitalised and ALL CAPS exceptions); others need not.
    pub fn case_sensitive(&self) -> bool {
        matches!(
            self,
            Meaning::Name { .. } | Meaning::Misspelling { .. } | Meaning::Except { .. }
        )
    }

    pub fn is_phrase(&self) -> bool {
        matches!(self, Meaning::Phrase { .. })
    }
}

/// How the matched text's case relates to the form's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CaseMatch {
    Exact,
    /// First letter raised ("von der Leyen" at a sentence start).
    Capitalized,
    AllCaps,
    /// Only for case-insensitive meanings.
    Other,
}

/// One automaton pattern.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Pattern {
    /// The normalised form as written in the dictionary (case kept).
    pub text: String,
    pub meanings: Vec<(String, Meaning)>,
}

/// The compiled dictionaries.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Index {
    /// Rebuilt from `patterns` when a cached copy is loaded.
    #[serde(skip)]
    pub automaton: Automaton,
    pub patterns: Vec<Pattern>,
    /// Per entity, its correct forms (index 0 is the canonical name).
    pub forms: Vec<Vec<NameForm>>,
    /// Lower-cased title forms.
    pub title_keys: Vec<String>,
    /// Per title key, the (entity, role) pairs with that form.
    pub title_roles: Vec<Vec<(usize, usize)>>,
    /// Per title key, whether a `[[title]]` entry names it (an office anyone may hold).
    pub title_generic: Vec<bool>,
    /// The deprecations of each deprecated form of an entity, which decide on which dates and
    /// under which styles the form is wrong.
    pub dated: Vec<Vec<crate::rules::Deprecation>>,
    /// People's one-word surnames, for near misses.
    pub near: near::NearIndex,
    /// Every word of every form of every entity, misspellings included.
    pub name_words: FormSet<String>,
    /// Per entity, whether it comes from a generated dictionary (`rules import`): found in copy,
    /// but its surname alone is not derived and near misses are not looked for around it.
    pub imported: Vec<bool>,
    /// Per entity, the party letter and state of each role that has one (members of Congress),
    /// which copy uses to tell homonyms apart.
    pub affiliations: Vec<Vec<(Option<char>, Option<String>)>>,
    /// Tells this index from every other, for what checks remember about its words.
    #[serde(skip)]
    pub id: IndexId,
}

/// A number no other index in the process has: every index built, loaded, cloned or defaulted
/// gets a new one. An index is not changed once built, so results computed from one index's
/// words can be kept under its id.
#[derive(Debug, PartialEq, Eq)]
pub struct IndexId(pub u64);

impl Default for IndexId {
    fn default() -> IndexId {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        IndexId(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

impl Clone for IndexId {
    fn clone(&self) -> IndexId {
        IndexId::default()
    }
}

#[derive(Default)]
struct Builder {
    patterns: Vec<Pattern>,
    by_text: FormMap<String, usize>,
}

impl Builder {
    fn add(&mut self, form: &str, meaning: Meaning) {
        let text = normalize_form(form);
        if text.is_empty() {
            return;
        }
        let key = text.to_ascii_lowercase();
        let id = *self.by_text.entry(key).or_insert_with(|| {
            self.patterns.push(Pattern {
                text: text.clone(),
                meanings: Vec::new(),
            });
            self.patterns.len() - 1
        });
        self.patterns[id].meanings.push((text, meaning));
    }
}

impl Index {
    pub fn build(rules: &RuleSet) -> Index {
        let mut b = Builder::default();
        let mut forms: Vec<Vec<NameForm>> = Vec::with_capacity(rules.entities.len());

        // Explicit forms, and who claims them, so that derived surnames never shadow them.
        let mut explicit: FormMap<String, usize> = FormMap::default();
        for (i, e) in rules.entities.iter().enumerate() {
            for f in e.recognised_forms().into_iter().chain(e.wrong_forms()) {
                explicit.insert(normalize_form(f), i);
            }
        }
        // Each deprecated form of an entity, with the deprecations that name it.
        let mut dated: Vec<Vec<crate::rules::Deprecation>> = Vec::new();
        let mut dated_of: FormMap<(usize, String), u32> = FormMap::default();
        for (i, e) in rules.entities.iter().enumerate() {
            for d in &e.deprecated {
                for f in &d.forms {
                    let key = (i, normalize_form(f));
                    let id = *dated_of.entry(key).or_insert_with(|| {
                        dated.push(Vec::new());
                        u32::try_from(dated.len() - 1).unwrap_or(u32::MAX)
                    });
                    dated[id as usize].push(d.clone());
                }
            }
        }
        let imported: Vec<bool> = rules
            .entities
            .iter()
            .map(|e| crate::rules::generated::is_generated(rules, e.origin.file))
            .collect();
        // Derived surnames: the surname of every correct full form; ambiguous ones are dropped.
        let mut surname_owner: FormMap<String, Option<usize>> = FormMap::default();
        for (i, e) in rules.entities.iter().enumerate() {
            if e.kind != EntityKind::Person {
                continue;
            }
            for f in e
                .correct_forms()
                .into_iter()
                .chain(e.aliases.iter().map(String::as_str))
            {
                let form = NameForm {
                    text: normalize_form(f),
                    surname_only: false,
                    surname_words: e.surname_words(),
                    dated: None,
                };
                let surname = form.surname();
                if surname == form.text || explicit.contains_key(&surname) {
                    continue;
                }
                surname_owner
                    .entry(surname)
                    .and_modify(|owner| {
                        if *owner != Some(i) {
                            *owner = None;
                        }
                    })
                    .or_insert(Some(i));
            }
        }

        for (i, e) in rules.entities.iter().enumerate() {
            let k = if e.kind == EntityKind::Person {
                e.surname_words()
            } else {
                0
            };
            let mut list: Vec<NameForm> = Vec::new();
            let push = |list: &mut Vec<NameForm>, text: String, surname_only: bool| {
                if !list.iter().any(|f| f.text == text) {
                    let dated = dated_of.get(&(i, text.clone())).copied();
                    list.push(NameForm {
                        text,
                        surname_only,
                        surname_words: k,
                        dated,
                    });
                }
            };
            for f in e.recognised_forms() {
                push(&mut list, normalize_form(f), false);
            }
            // An imported person's surname alone is not one of its forms: a roster of thousands
            // holds common words and places ("Washington", "Warren", "Graham").
            if e.kind == EntityKind::Person && !imported[i] {
                // A one-word form that is the surname of a full one ("Zelensky" beside "Volodymyr
                // Zelensky") is a surname, whichever list wrote it.
                let full_surnames: Vec<String> = list
                    .iter()
                    .filter(|f| f.text.contains(' '))
                    .map(NameForm::surname)
                    .collect();
                for f in &mut list {
                    if !f.text.contains(' ') && full_surnames.contains(&f.text) {
                        f.surname_only = true;
                    }
                }
                let surnames: Vec<String> = list.iter().map(NameForm::surname).collect();
                for s in surnames {
                    if surname_owner.get(&s) == Some(&Some(i)) {
                        push(&mut list, s, true);
                    }
                }
            }
            for (j, f) in list.iter().enumerate() {
                b.add(&f.text, Meaning::Name { entity: i, form: j });
            }
            let canonical_words: Vec<String> =
                list[0].text.split(' ').map(str::to_string).collect();
            for m in e.wrong_forms() {
                let m = normalize_form(m);
                let dated = dated_of.get(&(i, m.clone())).copied();
                let replacement = if m.contains(' ') || canonical_words.len() == 1 {
                    list[0].text.clone()
                } else {
                    closest_word(&m, &canonical_words)
                };
                b.add(
                    &m,
                    Meaning::Misspelling {
                        entity: i,
                        replacement,
                        dated,
                    },
                );
            }
            for x in &e.except {
                b.add(x, Meaning::Except { entity: i });
            }
            forms.push(list);
        }

        // Titles: generic ones and every role's forms, keyed case-insensitively.
        let mut title_keys: Vec<String> = Vec::new();
        let mut title_roles: Vec<Vec<(usize, usize)>> = Vec::new();
        let mut key_of: FormMap<String, usize> = FormMap::default();
        let mut title_key = |form: &str, b: &mut Builder| -> usize {
            let key = normalize_form(form).to_lowercase();
            if let Some(&k) = key_of.get(&key) {
                return k;
            }
            let k = title_keys.len();
            title_keys.push(key.clone());
            title_roles.push(Vec::new());
            key_of.insert(key, k);
            b.add(form, Meaning::Title { key: k });
            k
        };
        let mut generic_keys = Vec::new();
        for t in &rules.titles {
            for f in std::iter::once(&t.title).chain(&t.forms) {
                let key = title_key(f, &mut b);
                if !t.honorific {
                    generic_keys.push(key);
                }
            }
        }
        let mut role_links = Vec::new();
        // Many roles share their forms as written (a roster's "Rep.", "U.S. Representative"):
        // normalise each written form once.
        let mut written: FormMap<&str, usize> = FormMap::default();
        for (i, e) in rules.entities.iter().enumerate() {
            for (r, role) in e.roles.iter().enumerate() {
                for f in role.all_forms() {
                    let k = if let Some(&k) = written.get(f) {
                        k
                    } else {
                        let k = title_key(f, &mut b);
                        written.insert(f, k);
                        k
                    };
                    role_links.push((k, i, r));
                }
            }
        }
        let mut title_generic = vec![false; title_roles.len()];
        for k in generic_keys {
            title_generic[k] = true;
        }
        for (k, i, r) in role_links {
            if !title_roles[k].contains(&(i, r)) {
                title_roles[k].push((i, r));
            }
        }

        // House-style phrases, with the plural of one-word forms.
        for (p, phrase) in rules.phrases.iter().enumerate() {
            for f in &phrase.instead_of {
                b.add(
                    f,
                    Meaning::Phrase {
                        phrase: p,
                        replacement: phrase.use_.clone(),
                    },
                );
                let one_word = |s: &str| !s.is_empty() && s.chars().all(char::is_alphabetic);
                if one_word(f) && one_word(&phrase.use_) && !f.ends_with('s') {
                    b.add(
                        &format!("{f}s"),
                        Meaning::Phrase {
                            phrase: p,
                            replacement: format!("{}s", phrase.use_),
                        },
                    );
                }
            }
        }

        let mut name_words = FormSet::default();
        for e in &rules.entities {
            for f in e.recognised_forms().into_iter().chain(e.wrong_forms()) {
                for w in normalize_form(f).split(' ') {
                    if !name_words.contains(w) {
                        name_words.insert(w.to_string());
                    }
                }
            }
        }
        let near = near_index(rules, &forms, &imported);

        let automaton = Automaton::build(b.patterns.iter().map(|p| p.text.as_str()));
        Index {
            automaton,
            patterns: b.patterns,
            forms,
            title_keys,
            title_roles,
            title_generic,
            dated,
            near,
            name_words,
            imported,
            affiliations: rules
                .entities
                .iter()
                .map(|e| {
                    let mut list: Vec<(Option<char>, Option<String>)> = e
                        .roles
                        .iter()
                        .filter(|r| r.party.is_some() || r.state.is_some())
                        .map(|r| {
                            (
                                r.party
                                    .as_deref()
                                    .and_then(crate::affiliation::party_letter),
                                r.state.clone(),
                            )
                        })
                        .collect();
                    list.dedup();
                    list
                })
                .collect(),
            id: IndexId::default(),
        }
    }

    /// Whether a meaning holds on `date`: a form deprecated by default (for every style) is a
    /// name before its date and a misspelling from it. A deprecation for some styles only is a
    /// matter of house style, which `off-style-spelling` judges.
    pub fn applies(&self, meaning: &Meaning, date: crate::date::Date) -> bool {
        let wrong =
            |d: u32| crate::rules::Deprecation::wrong_on(self.dated[d as usize].iter(), date, None);
        match meaning {
            Meaning::Name { entity, form } => {
                self.forms[*entity][*form].dated.is_none_or(|d| !wrong(d))
            }
            Meaning::Misspelling { dated, .. } => dated.is_none_or(wrong),
            _ => true,
        }
    }

    /// Every distinct literal form the automaton searches for.
    pub fn literal_forms(&self) -> impl Iterator<Item = &str> {
        self.patterns.iter().map(|p| p.text.as_str())
    }
}

/// The near-miss index over people's one-word surnames that start with a capital letter.
/// Imported people are left out: a roster of real names sits one letter from other real names
/// that no dictionary lists ("Comey" and "Comer", "Osama" and "Obama").
fn near_index(rules: &RuleSet, forms: &[Vec<NameForm>], imported: &[bool]) -> near::NearIndex {
    let mut surnames: Vec<(String, usize, usize)> = Vec::new();
    for (i, list) in forms.iter().enumerate() {
        if rules.entities[i].kind != EntityKind::Person || imported[i] {
            continue;
        }
        for (j, f) in list.iter().enumerate() {
            let s = f.surname();
            if !s.contains(' ')
                && s.chars().count() >= near::MIN_LEN
                && s.chars().next().is_some_and(char::is_uppercase)
                && s.chars().all(char::is_alphabetic)
            {
                surnames.push((s, i, j));
            }
        }
    }
    near::NearIndex::build(surnames.iter().map(|(s, i, j)| (s.as_str(), *i, *j)))
}

/// How `found` relates in case to `form`, for case-sensitive meanings.
pub fn case_match(found: &str, form: &str) -> Option<CaseMatch> {
    if found == form {
        return Some(CaseMatch::Exact);
    }
    let mut chars = form.chars();
    if let Some(first) = chars.next() {
        if first.is_lowercase() {
            let capitalized: String = first.to_uppercase().chain(chars).collect();
            if capitalized == found {
                return Some(CaseMatch::Capitalized);
            }
        }
    }
    if form.chars().any(char::is_lowercase) && form.to_uppercase() == found {
        return Some(CaseMatch::AllCaps);
    }
    None
}

/// Writes `replacement` in the case pattern of `found` (for case-insensitive matches).
pub fn match_case(found: &str, replacement: &str) -> String {
    let letters: Vec<char> = found.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return replacement.to_uppercase();
    }
    if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut chars = replacement.chars();
        if let Some(first) = chars.next() {
            return first.to_uppercase().chain(chars).collect();
        }
    }
    replacement.to_string()
}

/// Applies a case match to a dictionary replacement.
pub fn apply_case(case: CaseMatch, replacement: &str) -> String {
    match case {
        CaseMatch::AllCaps => replacement.to_uppercase(),
        CaseMatch::Capitalized => {
            let mut chars = replacement.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        }
        CaseMatch::Exact | CaseMatch::Other => replacement.to_string(),
    }
}

/// The word of `words` closest to `word` (Damerau-Levenshtein), for one-word misspellings.
/// The word of a name closest to a one-word misspelling; on a tie (a misspelling in another
/// script is equally far from every word), the later word: a name written alone is most often the
/// surname.
fn closest_word(word: &str, words: &[String]) -> String {
    words
        .iter()
        .rev()
        .min_by_key(|w| crate::distance::damerau_levenshtein(word, w))
        .cloned()
        .unwrap_or_else(|| word.to_string())
}
