//! Every form of every dictionary, compiled once per run into one [`Automaton`].
//!
//! Each automaton pattern is a normalised form; several dictionary entries can share one
//! pattern (a title form used by many roles), so a pattern carries a list of [`Meaning`]s. Names
//! are matched case-sensitively after the fact (a capitalised first letter and ALL CAPS also
//! count); titles and house-style phrases in any case.

pub mod automaton;
pub mod near;

pub use automaton::Automaton;

use crate::hash::{FormMap, FormSet};
use crate::rules::{Entity, EntityKind, RuleSet};
use crate::text::{capitalized, normalize_form};

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
        crate::text::surname_of(&self.text, self.surname_words)
    }
}

/// One of an entity's correct forms: `Index::forms[entity][form]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct FormId {
    pub entity: usize,
    pub form: usize,
}

/// A role an entity holds or held: `RuleSet::entities[entity].roles[role]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct RoleId {
    pub entity: usize,
    pub role: usize,
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
    /// A dated event copy measures time from: `RuleSet::events[event]`.
    Event { event: usize },
}

impl Meaning {
    /// Names must match in case (with the capitalised and ALL CAPS exceptions); others need not.
    pub fn case_sensitive(&self) -> bool {
        matches!(
            self,
            Meaning::Name { .. } | Meaning::Misspelling { .. } | Meaning::Except { .. }
        )
    }

    /// Which of the scan's layers the meaning is chosen in: names and titles (0), house-style
    /// phrases (1) and events (2) are each chosen leftmost-longest on their own, so that one
    /// never hides another.
    pub fn layer(&self) -> usize {
        match self {
            Meaning::Phrase { .. } => 1,
            Meaning::Event { .. } => 2,
            _ => 0,
        }
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
    /// Per title key, the roles with that form.
    pub title_roles: Vec<Vec<RoleId>>,
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
    /// Compiles the dictionaries: every form of every entity, title and house-style phrase as
    /// automaton patterns (in this order, which is the order of a pattern's meanings), with the
    /// tables the checks look them up in.
    pub fn build(rules: &RuleSet) -> Index {
        let mut b = Builder::default();
        let imported: Vec<bool> = rules
            .entities
            .iter()
            .map(|e| crate::rules::generated::is_generated(rules, e.origin.file))
            .collect();
        let (dated, dated_of) = deprecations(rules);
        let forms = b.add_entities(rules, &imported, &dated_of);
        let titles = b.add_titles(rules);
        b.add_phrases(rules);
        b.add_events(rules);
        let name_words = name_words(rules);
        let near = near_index(rules, &forms, &imported);
        let automaton = Automaton::build(b.patterns.iter().map(|p| p.text.as_str()));
        Index {
            automaton,
            patterns: b.patterns,
            forms,
            title_keys: titles.keys,
            title_roles: titles.roles,
            title_generic: titles.generic,
            dated,
            near,
            name_words,
            imported,
            affiliations: affiliations(rules),
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

/// Each deprecated form of an entity: the deprecations that name it, and where to find them by
/// (entity, normalised form).
type Dated = (
    Vec<Vec<crate::rules::Deprecation>>,
    FormMap<(usize, String), u32>,
);

fn deprecations(rules: &RuleSet) -> Dated {
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
    (dated, dated_of)
}

/// Per entity, the party letter and state of each role that has one (members of Congress).
fn affiliations(rules: &RuleSet) -> Vec<Vec<(Option<char>, Option<String>)>> {
    rules
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
        .collect()
}

/// The title tables of an index: per lower-cased title form, its roles and whether a `[[title]]`
/// names it.
struct Titles {
    keys: Vec<String>,
    roles: Vec<Vec<RoleId>>,
    generic: Vec<bool>,
}

impl Builder {
    /// Every entity's recognised forms (with the surnames derived from them), wrong forms and
    /// except phrases; returns the recognised forms per entity, the canonical name first.
    fn add_entities(
        &mut self,
        rules: &RuleSet,
        imported: &[bool],
        dated_of: &FormMap<(usize, String), u32>,
    ) -> Vec<Vec<NameForm>> {
        let surname_owner = derived_surnames(rules);
        let mut forms: Vec<Vec<NameForm>> = Vec::with_capacity(rules.entities.len());
        for (i, e) in rules.entities.iter().enumerate() {
            let list = recognised_forms(e, i, imported[i], &surname_owner, dated_of);
            for (j, f) in list.iter().enumerate() {
                self.add(&f.text, Meaning::Name { entity: i, form: j });
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
                self.add(
                    &m,
                    Meaning::Misspelling {
                        entity: i,
                        replacement,
                        dated,
                    },
                );
            }
            for x in &e.except {
                self.add(x, Meaning::Except { entity: i });
            }
            forms.push(list);
        }
        forms
    }

    /// Titles: generic ones, then every role's forms, keyed case-insensitively. Honorifics
    /// (King, First Lady) are recognised but are no office anyone is judged on.
    fn add_titles(&mut self, rules: &RuleSet) -> Titles {
        let mut titles = Titles {
            keys: Vec::new(),
            roles: Vec::new(),
            generic: Vec::new(),
        };
        let mut key_of: FormMap<String, usize> = FormMap::default();
        let mut title_key = |form: &str, b: &mut Builder| -> usize {
            let key = normalize_form(form).to_lowercase();
            if let Some(&k) = key_of.get(&key) {
                return k;
            }
            let k = titles.keys.len();
            titles.keys.push(key.clone());
            titles.roles.push(Vec::new());
            key_of.insert(key, k);
            b.add(form, Meaning::Title { key: k });
            k
        };
        let mut generic_keys = Vec::new();
        for t in &rules.titles {
            for f in std::iter::once(&t.title).chain(&t.forms) {
                let key = title_key(f, self);
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
                        let k = title_key(f, self);
                        written.insert(f, k);
                        k
                    };
                    role_links.push((k, RoleId { entity: i, role: r }));
                }
            }
        }
        titles.generic = vec![false; titles.roles.len()];
        for k in generic_keys {
            titles.generic[k] = true;
        }
        // The links come role by role, so a role that reaches one key by two forms is the last
        // one pushed there (a roster's "Rep." has thousands of roles: no linear search).
        for (k, role) in role_links {
            if titles.roles[k].last() != Some(&role) {
                titles.roles[k].push(role);
            }
        }
        titles
    }

    /// House-style phrases, with the plural of one-word forms.
    fn add_phrases(&mut self, rules: &RuleSet) {
        for (p, phrase) in rules.phrases.iter().enumerate() {
            for f in &phrase.instead_of {
                self.add(
                    f,
                    Meaning::Phrase {
                        phrase: p,
                        replacement: phrase.use_.clone(),
                    },
                );
                let one_word = |s: &str| !s.is_empty() && s.chars().all(char::is_alphabetic);
                if one_word(f) && one_word(&phrase.use_) && !f.ends_with('s') {
                    self.add(
                        &format!("{f}s"),
                        Meaning::Phrase {
                            phrase: p,
                            replacement: format!("{}s", phrase.use_),
                        },
                    );
                }
            }
        }
    }
}

impl Builder {
    /// Events: the name and every form, matched in any case.
    fn add_events(&mut self, rules: &RuleSet) {
        for (i, event) in rules.events.iter().enumerate() {
            for f in std::iter::once(&event.name).chain(&event.forms) {
                self.add(f, Meaning::Event { event: i });
            }
        }
    }
}

/// Surnames derived from people's correct full forms and aliases, with their one owner (`None`
/// when several people share one, which then names nobody). Forms written in a dictionary, and
/// who claims them, always win: a derived surname never shadows one.
fn derived_surnames(rules: &RuleSet) -> FormMap<String, Option<usize>> {
    let mut explicit: FormMap<String, usize> = FormMap::default();
    for (i, e) in rules.entities.iter().enumerate() {
        for f in e.recognised_forms().into_iter().chain(e.wrong_forms()) {
            explicit.insert(normalize_form(f), i);
        }
    }
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
    surname_owner
}

/// Entity `i`'s distinct recognised forms (correct forms, aliases, deprecated forms), then, for
/// a hand-written person, the derived surnames only it owns. An imported person's surname alone
/// is not one of its forms: a roster of thousands holds common words and places ("Washington",
/// "Warren", "Graham").
fn recognised_forms(
    e: &Entity,
    i: usize,
    imported: bool,
    surname_owner: &FormMap<String, Option<usize>>,
    dated_of: &FormMap<(usize, String), u32>,
) -> Vec<NameForm> {
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
    if e.kind == EntityKind::Person && !imported {
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
    list
}

/// Every word of every form of every entity, wrong forms included.
fn name_words(rules: &RuleSet) -> FormSet<String> {
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
    name_words
}

/// The near-miss index over people's one-word surnames that start with a capital letter.
/// Imported people are left out: a roster of real names sits one letter from other real names
/// that no dictionary lists ("Comey" and "Comer", "Osama" and "Obama").
fn near_index(rules: &RuleSet, forms: &[Vec<NameForm>], imported: &[bool]) -> near::NearIndex {
    let mut surnames: Vec<(String, FormId)> = Vec::new();
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
                surnames.push((s, FormId { entity: i, form: j }));
            }
        }
    }
    near::NearIndex::build(surnames.iter().map(|(s, owner)| (s.as_str(), *owner)))
}

/// How `found` relates in case to `form`, for case-sensitive meanings.
pub fn case_match(found: &str, form: &str) -> Option<CaseMatch> {
    if found == form {
        return Some(CaseMatch::Exact);
    }
    if capitalized(form).is_some_and(|c| c == found) {
        return Some(CaseMatch::Capitalized);
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
