use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::{CheckMeta, Ctx, Findings, FixAvailability};
use crate::diagnostic::{word_edit, Applicability, Diagnostic, Severity};
use crate::hash::FormMap;
use crate::index::near::{is_common_surname, is_english_word, is_known_word, Near, MIN_LEN};
use crate::index::{apply_case, FormId, Index, Meaning};
use crate::rules::EntityKind;
use crate::scan::Before;
use crate::text::words;

pub static META: CheckMeta = CheckMeta {
    code: "misspelled-name",
    summary: "A name written in a known wrong or deprecated form, or close to a known surname",
    severity: Severity::Error,
    fix: FixAvailability::Always,
    explanation: "\
## What it catches
A person, place or organization written in a form the dictionaries list as wrong: a known
misspelling (\"Steve Witzoff\"), a wrong first name (\"Stephen Witkoff\") or a deprecated
transliteration (\"Kiev\", \"Odessa\"). Phrases listed under `except` are left alone (\"chicken Kiev\",
\"Kievan Rus\").

It also catches near misses that no dictionary lists: a capitalised word one edit from a person's
one-word surname (two edits for surnames of 8 letters or more; an edit is a letter added, dropped,
changed or two letters swapped), reported when

- the person's given name or a title the person holds or held stands right before it (\"Kirill
  Dmitrev\", \"President Zelenksyy\"); or
- the surname stands alone and the document names the person elsewhere: in full (any distance
  above), or by surname (one edit only).

A near miss is never reported when the word is an ordinary English word or a name of the embedded
English word list (\"Dance\", \"Rubin\"), is written in lower case elsewhere in the document, is a
word of another entity's forms, starts with another letter than the surname, is built on the
surname (\"Bidens\", \"Trumpian\") or is its feminine form (\"Zelenska\"), or when the document uses
the word as someone else's name (\"Antonia Rubia\", \"Ms. Rubia\", \"Gov. Walz\"). A surname standing
alone is also left alone when it is a surname of the 1990 U.S. Census list (\"Rubino\", \"Scholl\").

## Why
A misspelled name is the error readers notice first and forgive last; a deprecated
transliteration tells them the copy is out of date.

## Example
```text
Russian forces struck Kiev overnight. Kirill Dmitrev said talks would go on.
```

## Fix
Safe: the canonical form, in the case the copy used (`Kyiv`, or `KYIV` in an all-caps dateline).
For a near miss, the closest correct spelling of the surname (`Dmitriev`), or the one the document
names the person with when that is close too (`Zelenskiy` in copy that writes \"Volodymyr
Zelenskiy\"); it is safe after a given name or title or when the full name is in the document,
and unsafe when only the surname is.
",
};

pub fn run(ctx: &Ctx<'_>, out: &mut Findings) {
    listed(ctx, out);
    near_misses(ctx, out);
}

/// Misspellings the dictionaries list.
fn listed(ctx: &Ctx<'_>, out: &mut Findings) {
    let elsewhere = other_places(ctx);
    for hit in &ctx.scan.hits {
        for (meaning, case) in ctx.scan.meanings(ctx.index, hit) {
            let Meaning::Misspelling {
                entity,
                replacement,
                ..
            } = meaning
            else {
                continue;
            };
            let e = &ctx.rules.entities[*entity];
            if e.kind == EntityKind::Place
                && elsewhere.contains(&ctx.scan.text.text[hit.norm.clone()].to_lowercase())
            {
                continue;
            }
            let found = &ctx.doc.source[hit.span.clone()];
            let replacement = apply_case(case, replacement);
            let message = if replacement.contains(' ') || e.name == replacement {
                format!(
                    "`{found}` is a misspelling of {} `{}`",
                    e.kind.as_str(),
                    e.name
                )
            } else {
                format!("`{found}` is a misspelling of `{replacement}` ({})", e.name)
            };
            out.push(
                Diagnostic::new(META.code, META.severity, hit.span.clone(), message)
                    .with_label("misspelled")
                    .with_help(format!("write \"{replacement}\""))
                    .with_fix(
                        word_edit(&ctx.doc.source, hit.span.clone(), &replacement),
                        Applicability::Safe,
                    )
                    .about(&e.id),
            );
        }
    }
}

/// The wrong forms of places that the document uses for a North American place of that name
/// ("Odessa, Texas", "the West Texas city of Odessa"): one sense per document, so "Odessa police
/// said" later in it is that place too.
fn other_places(ctx: &Ctx<'_>) -> HashSet<String> {
    let text = &ctx.scan.text.text;
    let mut out = HashSet::new();
    for hit in &ctx.scan.hits {
        let place_misspelling = ctx.scan.meanings(ctx.index, hit).any(|(m, _)| {
            matches!(m, Meaning::Misspelling { entity, .. }
                if ctx.rules.entities[*entity].kind == EntityKind::Place)
        });
        if place_misspelling
            && crate::affiliation::north_american_place(
                &text[..hit.norm.start],
                &text[hit.norm.end..],
            )
        {
            out.insert(text[hit.norm.clone()].to_lowercase());
        }
    }
    out
}

/// A capitalised word of the copy close to a person's surname.
struct Candidate<'t> {
    norm: Range<usize>,
    word: &'t str,
    near: Vec<Near>,
    before: Before<'t>,
}

/// Up to this many surnames in the near-miss index, a word is looked up before it is tested
/// against the word lists.
const LOOKUP_FIRST_MAX_SURNAMES: usize = 5_000;

/// Why a near miss is taken for a misspelling.
enum Evidence {
    /// The person's given name, or a title the person holds or held, stands right before it.
    Context(String),
    /// The person's full name is elsewhere in the document.
    FullName,
    /// One edit from the surname, which the document also uses.
    Mentioned,
}

/// Surnames written close to, but not as, a dictionary person's surname ("Witzoff", "Zelenksyy").
fn near_misses(ctx: &Ctx<'_>, out: &mut Findings) {
    if ctx.index.near.words.is_empty() {
        return;
    }
    let candidates = candidates(ctx);
    if candidates.is_empty() {
        return;
    }
    let lower = written_in_lower_case(&ctx.scan.text.text, &candidates);
    let elsewhere = someone_elses(ctx, &candidates);
    let mut named = Named::in_document(ctx);
    // First the near misses with the person's given name or title before them: they name the
    // person as surely as a correct spelling would, so a lone surname elsewhere is judged as it
    // will be once they are fixed ("Kirill Dmitriyev ... Ditriev").
    let mut lone = Vec::new();
    for c in &candidates {
        if lower.contains(&c.word.to_lowercase()) {
            continue;
        }
        match in_context(ctx, c) {
            InContext::Person(n, e, why) => {
                named.mentioned.insert(e);
                if matches!(c.before, Before::Capitalised(_)) {
                    named.full_names.insert(e);
                }
                out.push(diagnostic(ctx, c, n, e, &Evidence::Context(why)));
            }
            InContext::Ambiguous => {}
            InContext::Nobody => lone.push(c),
        }
    }
    for c in lone {
        if let Some((best, e, evidence)) = lone_surname(ctx, c, &elsewhere, &named) {
            out.push(diagnostic(ctx, c, best, e, &evidence));
        }
    }
}

/// The capitalised words of the copy close to a surname of the dictionaries, with what stands
/// before each; words the automaton matched, parts of compounds and words with mojibake are not
/// candidates.
fn candidates<'t>(ctx: &'t Ctx<'_>) -> Vec<Candidate<'t>> {
    let index = ctx.index;
    let text = &ctx.scan.text.text;
    let mut candidates: Vec<Candidate<'_>> = Vec::new();
    let mut hits = ctx.scan.hits.iter().peekable();
    for r in words(text) {
        // Only capitalised words: a cheap test before anything else.
        if !text.as_bytes()[r.start].is_ascii_uppercase()
            && text[r.clone()]
                .chars()
                .next()
                .is_none_or(|c| !c.is_uppercase())
        {
            continue;
        }
        while hits.next_if(|h| h.norm.end <= r.start).is_some() {}
        if hits.peek().is_some_and(|h| h.norm.start < r.end) {
            continue;
        }
        let word = &text[r.clone()];
        let mut chars = word.chars();
        if !chars.next().is_some_and(char::is_uppercase)
            || !chars.any(char::is_lowercase)
            || word.chars().count() < MIN_LEN
        {
            continue;
        }
        // The second part of a compound ("Smith-Rubin") is not a surname on its own.
        let head = &text[..r.start];
        if head.ends_with('-') && head[..head.len() - 1].ends_with(crate::text::is_word_char) {
            continue;
        }
        let Some(near) = close_surnames(index, word) else {
            continue;
        };
        let before = word_before(ctx, r.start, &near);
        candidates.push(Candidate {
            norm: r.clone(),
            word,
            near,
            before,
        });
    }
    // A word with mojibake in it is that check's business: its fix restores the letters, and a
    // spelling guessed from garbled ones would be wrong (`ZelenskÃ½y` is `Zelenskýy`).
    if candidates.iter().any(|c| !c.word.is_ascii()) {
        let mojibake = ctx.mojibake_spans();
        if !mojibake.is_empty() {
            candidates.retain(|c| {
                let span = ctx.scan.text.span(&ctx.doc.source, &c.norm);
                !mojibake
                    .iter()
                    .any(|m| m.start < span.end && span.start < m.end)
            });
        }
    }
    // A guess is not offered inside a quotation or page furniture: a quoted post or document
    // keeps its own spelling ("Swampman Joe Bidan", as written).
    if !candidates.is_empty() {
        let not_copy = ctx.not_copy();
        candidates.retain(|c| {
            let start = ctx.scan.text.span(&ctx.doc.source, &c.norm).start;
            !not_copy.contains(start)
        });
    }
    candidates
}

/// What stands before the candidate word at scan offset `start`. A capitalised English word at
/// the start of a sentence is no given name, unless it is one of the near surnames' people
/// ("Later Zelenskii said").
fn word_before<'t>(ctx: &'t Ctx<'_>, start: usize, near: &[Near]) -> Before<'t> {
    let text = &ctx.scan.text.text;
    let before = ctx.scan.before(ctx.index, start);
    if let Before::Capitalised(w) = before {
        let head = text[..start - 1 - w.len()].trim_end_matches(' ');
        let sentence_start =
            head.is_empty() || head.ends_with(['.', '!', '?', '\0', '"', '\u{201D}', ':']);
        let given = near.iter().any(|n| {
            ctx.index.near.words[n.word]
                .owners
                .iter()
                .any(|o| is_given_name(ctx, o.entity, w))
        });
        if sentence_start && is_english_word(w) && !given {
            return Before::Nothing;
        }
    }
    before
}

/// The candidates' words (lower-cased) that the document also writes in lower case: ordinary
/// words. Only the candidates' words are looked for, so most words are passed over on their
/// length.
fn written_in_lower_case(text: &str, candidates: &[Candidate<'_>]) -> HashSet<String> {
    // Bit `n` for a length of `n` bytes, the last bit for 63 or more.
    let bit = |len: usize| 1u64 << len.min(63);
    let wanted: HashSet<String> = candidates.iter().map(|c| c.word.to_lowercase()).collect();
    let lengths = wanted.iter().fold(0, |acc, w| acc | bit(w.len()));
    let mut lower: HashSet<String> = HashSet::new();
    for r in words(text) {
        let w = &text[r];
        // Lower-casing keeps the length of ASCII words.
        if lengths & bit(w.len()) == 0 && w.is_ascii() {
            continue;
        }
        if w.chars().next().is_some_and(char::is_lowercase) {
            let w = w.to_lowercase();
            if wanted.contains(&w) {
                lower.insert(w);
            }
        }
    }
    lower
}

/// Per candidate word, whether it stands somewhere after a capitalised word or a title that does
/// not fit a person: another person's surname ("Tim Walz" makes every "Walz" of the document
/// someone else's).
fn someone_elses<'t>(ctx: &Ctx<'_>, candidates: &[Candidate<'t>]) -> HashMap<&'t str, bool> {
    let mut elsewhere: HashMap<&str, bool> = HashMap::new();
    for c in candidates {
        let other = match c.before {
            Before::Capitalised(w) => !c
                .near
                .iter()
                .any(|n| owners(ctx, n).any(|o| is_given_name(ctx, o.entity, w))),
            Before::Title(key) => !c
                .near
                .iter()
                .any(|n| owners(ctx, n).any(|o| holds_title(ctx, o.entity, key))),
            // "Ms. Rubia": named with an honorific, most likely someone of that name.
            Before::Honorific => true,
            Before::Nothing => false,
        };
        *elsewhere.entry(c.word).or_default() |= other;
    }
    elsewhere
}

/// The people the document names: by their full name, or at all.
struct Named {
    full_names: HashSet<usize>,
    mentioned: HashSet<usize>,
}

impl Named {
    /// The people the scan found, and those a listed misspelling names as its fix will
    /// ("Stephen Witkoff").
    fn in_document(ctx: &Ctx<'_>) -> Named {
        let mentions = &ctx.scan.mentions;
        let mut named = Named {
            full_names: mentions
                .iter()
                .filter(|m| !m.surname_only)
                .map(|m| m.entity)
                .collect(),
            mentioned: mentions.iter().map(|m| m.entity).collect(),
        };
        for hit in &ctx.scan.hits {
            for (meaning, _) in ctx.scan.meanings(ctx.index, hit) {
                if let Meaning::Misspelling {
                    entity,
                    replacement,
                    ..
                } = meaning
                {
                    named.mentioned.insert(*entity);
                    if replacement.contains(' ') {
                        named.full_names.insert(*entity);
                    }
                }
            }
        }
        named
    }
}

/// What the word before a candidate says of it.
enum InContext<'n> {
    /// The given name or a title of one person, closest first: a misspelling of that person's
    /// surname, for this reason.
    Person(&'n Near, usize, String),
    /// Equally close surnames of several people, each with its given name or title before it.
    Ambiguous,
    /// Nothing that names one of the people.
    Nobody,
}

/// Whether the given name or a title of one of the near surnames' people stands before `c`.
fn in_context<'n>(ctx: &Ctx<'_>, c: &'n Candidate<'_>) -> InContext<'n> {
    let supported = |n: &Near| {
        owners(ctx, n).find_map(|FormId { entity: e, .. }| match c.before {
            Before::Capitalised(w) if is_given_name(ctx, e, w) => Some((
                e,
                format!("after `{w}`, a given name of {}", entity_name(ctx, e)),
            )),
            Before::Title(key) if holds_title(ctx, e, key) => Some((
                e,
                format!(
                    "after the title `{}`, which {} holds or held",
                    title_text(ctx, c),
                    entity_name(ctx, e)
                ),
            )),
            _ => None,
        })
    };
    let mut in_context: Vec<(&Near, usize, String)> = c
        .near
        .iter()
        .filter_map(|n| supported(n).map(|(e, why)| (n, e, why)))
        .collect();
    // Among equally close spellings, the one written with this given name ("Tayyip Erdoğan").
    in_context.sort_by_key(|&(n, _, _)| {
        let with_given = match c.before {
            Before::Capitalised(w) => {
                owners(ctx, n).any(|o| form_has_given(ctx, o.entity, o.form, w))
            }
            _ => false,
        };
        (n.distance, !with_given)
    });
    let Some(&(n, e, _)) = in_context.first() else {
        return InContext::Nobody;
    };
    if in_context
        .iter()
        .any(|&(m, f, _)| f != e && m.distance == n.distance)
    {
        return InContext::Ambiguous;
    }
    let why = in_context.swap_remove(0).2;
    InContext::Person(n, e, why)
}

/// A candidate with nothing before it: a misspelling of one person's surname when the document
/// names that person in full, or (one edit away) at all, and nothing says it is someone else or
/// an ordinary word.
fn lone_surname<'n>(
    ctx: &Ctx<'_>,
    c: &'n Candidate<'_>,
    elsewhere: &HashMap<&str, bool>,
    named: &Named,
) -> Option<(&'n Near, usize, Evidence)> {
    if c.before != Before::Nothing
        || is_common_surname(c.word)
        || elsewhere.get(c.word).copied().unwrap_or(false)
        || c.word.chars().count() < MIN_LEN + 1
        || followed_by_name(&ctx.scan.text.text, c.norm.end)
    {
        return None;
    }
    let best = &c.near[0];
    let mut people: Vec<usize> = c
        .near
        .iter()
        .filter(|n| n.distance == best.distance)
        .flat_map(|n| owners(ctx, n).map(|o| o.entity))
        .collect();
    people.sort_unstable();
    people.dedup();
    let [e] = people[..] else { return None };
    let evidence = if named.full_names.contains(&e) {
        Evidence::FullName
    } else if best.distance == 1 && named.mentioned.contains(&e) {
        Evidence::Mentioned
    } else {
        return None;
    };
    Some((best, e, evidence))
}

/// Words of copy already looked up among a large index's surnames, per thread: most capitalised
/// words come back in file after file.
struct Memo {
    index: u64,
    words: FormMap<Box<str>, Option<Box<[Near]>>>,
}

/// Past this many words a thread's memo starts again.
const MEMO_MAX_WORDS: usize = 1 << 17;

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo { index: 0, words: FormMap::default() });
}

/// The surnames `word` may be a misspelling of, closest first; `None` when there are none or the
/// word is one that is never a near miss.
fn close_surnames(index: &Index, word: &str) -> Option<Vec<Near>> {
    // Among a few thousand surnames a lookup costs about what remembering it does, and the
    // threads' memos would only crowd the caches they share (on two cores, a corpus run took as
    // long with them as without).
    if index.near.words.len() <= LOOKUP_FIRST_MAX_SURNAMES {
        return look_up(index, word);
    }
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.index != index.id.0 {
            memo.index = index.id.0;
            memo.words.clear();
        }
        if let Some(found) = memo.words.get(word) {
            return found.as_deref().map(<[Near]>::to_vec);
        }
        let found = look_up(index, word);
        if memo.words.len() >= MEMO_MAX_WORDS {
            memo.words.clear();
        }
        memo.words
            .insert(word.into(), found.as_deref().map(Box::from));
        found
    })
}

/// [`close_surnames`] without the memo.
fn look_up(index: &Index, word: &str) -> Option<Vec<Near>> {
    // An ordinary word or a word of a dictionary name is never a near miss. Testing that costs
    // two binary searches of the word list; a lookup among a few hundred surnames costs less and
    // usually finds nothing, among many thousands far more.
    let known = |word: &str| is_known_word(word) || index.name_words.contains(word);
    let many = index.near.words.len() > LOOKUP_FIRST_MAX_SURNAMES;
    if many && known(word) {
        return None;
    }
    let mut near = index.near.lookup(word);
    // A word built on a surname ("Trumpism", "the Bidens") is no one's misspelling.
    if near
        .iter()
        .any(|n| built_on(word, &index.near.words[n.word].text))
    {
        return None;
    }
    near.retain(|n| plausible_typo(word, &index.near.words[n.word].text));
    if near.is_empty() || !many && known(word) {
        return None;
    }
    // Among equally close spellings, one with the accented letters the copy used ("Erdoğan").
    near.sort_by_key(|n| {
        let name = &index.near.words[n.word].text;
        let keeps_accents = word
            .chars()
            .filter(|c| !c.is_ascii())
            .all(|c| name.contains(c));
        (n.distance, !keeps_accents, n.word)
    });
    Some(near)
}

fn diagnostic(
    ctx: &Ctx<'_>,
    c: &Candidate<'_>,
    near: &Near,
    entity: usize,
    evidence: &Evidence,
) -> Diagnostic {
    let near = as_written(ctx, c, near, entity);
    let replacement = &ctx.index.near.words[near.word].text;
    let span = ctx.scan.text.span(&ctx.doc.source, &c.norm);
    let found = crate::text::escape_invisible(&ctx.doc.source[span.clone()]);
    let name = entity_name(ctx, entity);
    let (why, applicability) = match evidence {
        Evidence::Context(why) => (why.clone(), Applicability::Safe),
        Evidence::FullName => (
            format!("{name} is named in full in this document"),
            Applicability::Safe,
        ),
        Evidence::Mentioned => (
            format!("{name} is mentioned in this document"),
            Applicability::Unsafe,
        ),
    };
    Diagnostic::new(
        META.code,
        META.severity,
        span.clone(),
        format!("`{found}` looks like a misspelling of `{replacement}` ({name})"),
    )
    .with_label("not a known spelling")
    .with_note(format!(
        "not listed in the dictionaries; {why}, and {} from `{replacement}`",
        edits(near.distance)
    ))
    .with_help(format!("write \"{replacement}\""))
    .with_fix(word_edit(&ctx.doc.source, span, replacement), applicability)
    .about(&ctx.rules.entities[entity].id)
}

/// Among the person's spellings close to the word, the one the document first names them with
/// ("Zelenskyyy" after "Volodymyr Zelensky" is `Zelensky`), so that the fix agrees with the
/// document; else `near`.
fn as_written<'n>(ctx: &Ctx<'_>, c: &'n Candidate<'_>, near: &'n Near, entity: usize) -> &'n Near {
    let Some(first) = ctx.scan.mentions.iter().find(|m| m.entity == entity) else {
        return near;
    };
    let surname = ctx.index.forms[entity][first.form].surname();
    c.near
        .iter()
        .find(|n| {
            let word = &ctx.index.near.words[n.word];
            word.text == surname && word.owners.iter().any(|o| o.entity == entity)
        })
        .unwrap_or(near)
}

fn edits(n: usize) -> String {
    if n == 1 {
        "one edit".to_string()
    } else {
        format!("{n} edits")
    }
}

fn owners<'a>(ctx: &'a Ctx<'_>, n: &Near) -> impl Iterator<Item = FormId> + 'a {
    ctx.index.near.words[n.word].owners.iter().copied()
}

fn entity_name<'a>(ctx: &'a Ctx<'_>, e: usize) -> &'a str {
    &ctx.rules.entities[e].name
}

fn title_text(ctx: &Ctx<'_>, c: &Candidate<'_>) -> String {
    let end = c.norm.start.saturating_sub(1);
    ctx.scan
        .hit_ending_at(end)
        .map_or_else(String::new, |(_, h)| {
            ctx.doc.source[h.span.clone()].to_string()
        })
}

/// Whether `word` stands right before the surname in one of the person's full forms ("Steve" in
/// "Steve Witkoff", "J." in "Donald J. Trump").
pub fn is_given_name(ctx: &Ctx<'_>, entity: usize, word: &str) -> bool {
    (0..ctx.index.forms[entity].len()).any(|f| form_has_given(ctx, entity, f, word))
}

/// Whether `word` stands right before the surname in this form of the person.
fn form_has_given(ctx: &Ctx<'_>, entity: usize, form: usize, word: &str) -> bool {
    let f = &ctx.index.forms[entity][form];
    if f.surname_only {
        return false;
    }
    let words = f.words();
    let surname = f.surname();
    let k = surname.split(' ').count();
    (1..words.len())
        .rev()
        .find(|&p| p + k <= words.len() && words[p..p + k].join(" ") == surname)
        .is_some_and(|p| words[p - 1] == word)
}

/// Whether the title with this key is one of the person's roles, held on or before the article's
/// date.
pub fn holds_title(ctx: &Ctx<'_>, entity: usize, key: usize) -> bool {
    ctx.index.title_roles[key].iter().any(|r| {
        r.entity == entity && ctx.rules.entities[entity].roles[r.role].from.earliest() <= ctx.date
    })
}

/// Whether `word` can be a slip of the pen for the surname `name`: the first letter is right
/// (it almost always is), and the word is not a form built on the name: a plural or derivative
/// ("Bidens", "Trumpian", "`HarrisX`") or a feminine form ("Zelenska" beside "Zelensky", "Peskova").
fn plausible_typo(word: &str, name: &str) -> bool {
    let first = |s: &str| {
        s.chars()
            .next()
            .map(|c| c.to_lowercase().collect::<String>())
    };
    first(word) == first(name)
}

/// Whether `word` is `name` with an ending ("Trumpism", "Bidens") or its feminine form
/// ("Navalnaya" for Navalny); a last letter typed twice ("Zelenskyyy") is a typo.
fn built_on(word: &str, name: &str) -> bool {
    if let Some(rest) = word.strip_prefix(name) {
        let mut chars = rest.chars();
        let doubled = chars.next().is_some_and(|c| name.ends_with(c)) && chars.next().is_none();
        return !doubled;
    }
    word.strip_suffix('a')
        .is_some_and(|stem| !name.ends_with('a') && name.starts_with(stem))
}

/// Whether a capitalised word follows: the word is part of a longer name ("Rutter Street").
fn followed_by_name(text: &str, end: usize) -> bool {
    text[end..]
        .strip_prefix(' ')
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::{assert_diagnostics, linter};
    use crate::Applicability;

    const RULES: &str = r#"
[[person]]
name = "Marco Rubio"
misspellings = ["Marco Rubbio", "Rubbio"]

[[person]]
name = "Steve Witkoff"
misspellings = ["Stephen Witkoff", "Witzoff"]

[[place]]
name = "Kyiv"
misspellings = ["Kiev"]
except = ["chicken Kiev", "Kievan Rus"]
"#;

    #[test]
    fn whole_and_one_word_misspellings() {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Marco Rubbio met Rubbio and Steve Witzoff, not Stephen Witkoff.",
            &[
                ("Marco Rubbio", Some("Rubio")),
                ("Rubbio", Some("Rubio")),
                ("Witzoff", Some("Witkoff")),
                ("Stephen Witkoff", Some("Steve")),
            ],
        );
    }

    #[test]
    fn except_phrases_and_case() {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "misspelled-name",
            "KIEV, Ukraine — chicken Kiev in Kievan Rus times; Kiev's mayor. Chicken Kiev. kiev",
            &[("KIEV", Some("KYIV")), ("Kiev", Some("Kyiv"))],
        );
    }

    #[test]
    fn whole_words_only() {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Kievan, Kievs, XKiev, Kiev-based",
            &[("Kiev", Some("Kyiv"))],
        );
    }

    /// A one-word misspelling as far from every word of the name (another script) is a surname.
    #[test]
    fn one_word_misspelling_in_another_script_is_the_surname() {
        let rules = "[[person]]\nname = \"Volodymyr Zelenskyy\"\nmisspellings = [\"Зеленський\"]\n";
        let l = linter(rules, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Зеленський said.",
            &[("Зеленський", Some("Zelenskyy"))],
        );
    }

    #[test]
    fn names_across_line_breaks_and_hidden_characters() {
        let l = linter(RULES, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Marco\n   Rubbio and Wit\u{200B}zoff",
            &[
                ("Marco\n   Rubbio", Some("Rubio")),
                ("Wit\u{200B}zoff", Some("Witkoff")),
            ],
        );
    }

    /// The same people without any listed misspelling: only the near-miss logic can report.
    const UNLISTED: &str = r#"
[[person]]
name = "Steve Witkoff"
variants = ["Steven Witkoff"]

[[person]]
name = "Kirill Dmitriev"

[[person]]
name = "Volodymyr Zelenskyy"
variants = ["Volodymyr Zelenskiy"]
  [[person.role]]
  title = "President"
  from = 2019-05-20

[[person]]
name = "Marco Rubio"

[[person]]
name = "JD Vance"

[[person]]
name = "Joe Biden"

[[person]]
name = "Mike Waltz"

[[person]]
name = "Recep Tayyip Erdogan"
surname = "Erdogan"
variants = ["Recep Tayyip Erdoğan", "Tayyip Erdoğan"]

[[person]]
name = "Luís Montenegro"
variants = ["Luis Montenegro"]

[[person]]
name = "Володимир Зеленський"
"#;

    fn unlisted() -> crate::Linter {
        linter(UNLISTED, None, "2025-12-20")
    }

    #[test]
    fn near_misses_after_a_given_name_or_a_title() {
        assert_diagnostics(
            &unlisted(),
            "misspelled-name",
            "Steve Witzoff met Kirill Dmitrev; President Zelenksyy and Steven Witkof spoke. \
             Mike Walz left.",
            &[
                ("Witzoff", Some("Witkoff")),
                ("Dmitrev", Some("Dmitriev")),
                ("Zelenksyy", Some("Zelenskyy")),
                ("Witkof", Some("Witkoff")),
                ("Walz", Some("Waltz")),
            ],
        );
    }

    #[test]
    fn the_fix_is_safe_and_the_message_names_the_person() {
        let l = unlisted();
        let doc = crate::Document::new(
            "a.txt",
            "Steve Witzoff arrived.".into(),
            crate::Format::Text,
        );
        let d = &l.check(&doc).diagnostics[0];
        assert_eq!(d.code, "misspelled-name");
        assert!(d.message.contains("(Steve Witkoff)"), "{}", d.message);
        assert_eq!(d.fixes[0].applicability, Applicability::Safe);
        assert_eq!(d.fixes[0].edit.replacement, "Witkoff");
    }

    #[test]
    fn a_near_surname_alone_needs_the_person_in_the_document() {
        let l = unlisted();
        // Named in full elsewhere: even two edits from a long name.
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Kirill Dmitriev spoke. Later Dmitrijew and Witzoff left.",
            &[("Dmitrijew", Some("Dmitriev"))],
        );
        // Only the surname elsewhere: one edit, offered as an unsafe fix.
        let doc = crate::Document::new(
            "a.txt",
            "Witkoff spoke. Witzoff left.".into(),
            crate::Format::Text,
        );
        let ds = l.check(&doc).diagnostics;
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert_eq!(ds[0].fixes[0].applicability, Applicability::Unsafe);
        // Not otherwise in the document: not confident enough.
        assert_diagnostics(&l, "misspelled-name", "Witzoff left. Dmitrev stayed.", &[]);
        // Named in full, but misspelled: the lone surname is judged as it will be once the full
        // name is fixed, so one `--fix` pass repairs both.
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Kirill Dmitriyevv spoke. Later Dmitrijew left.",
            &[
                ("Dmitriyevv", Some("Dmitriev")),
                ("Dmitrijew", Some("Dmitriev")),
            ],
        );
        // So does a listed misspelling of the full name.
        let listed = linter(
            "[[person]]\nname = \"Steve Witkoff\"\nmisspellings = [\"Stephen Witkoff\"]\n",
            None,
            "2025-12-20",
        );
        assert_diagnostics(
            &listed,
            "misspelled-name",
            "Stephen Witkoff spoke. Later Wittkoff left.",
            &[
                ("Stephen Witkoff", Some("Steve")),
                ("Wittkoff", Some("Witkoff")),
            ],
        );
        // After a title the person held, the surname counts as mentioned.
        assert_diagnostics(
            &l,
            "misspelled-name",
            "President Zelenksyy spoke. Zelenskky left.",
            &[
                ("Zelenksyy", Some("Zelenskyy")),
                ("Zelenskky", Some("Zelenskyy")),
            ],
        );
    }

    #[test]
    fn english_words_and_words_written_in_lower_case_are_not_names() {
        let l = unlisted();
        assert_diagnostics(
            &l,
            "misspelled-name",
            "JD Vance spoke. Dance followed. Marco Rubio met Rubin. Rubia grew; rubia is a plant.",
            &[],
        );
    }

    #[test]
    fn other_peoples_names_are_not_misspellings() {
        let l = unlisted();
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Marco Rubio met Antonia Rubia and Ms. Rubiu. Rubia said so. Rubiu too. Rubino too. \
             The Bidens, Trumpian Bidenism, Olena Zelenska and Aiden Biden. \
             Mike Waltz met Gov. Walz; Walz said so.",
            &[],
        );
    }

    #[test]
    fn accented_and_non_latin_names() {
        let l = unlisted();
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Recep Tayyip Erdoğan and Erdogan met Luís Montenegro, Luis Montenegro and \
             Володимир Зеленський in Київ.",
            &[],
        );
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Tayyip Erdoğgan met Luís Montenegor and Володимир Зеленьський.",
            &[
                ("Erdoğgan", Some("Erdoğan")),
                ("Montenegor", Some("Montenegro")),
                ("Зеленьський", Some("Зеленський")),
            ],
        );
    }

    #[test]
    fn what_one_dictionary_finds_is_not_remembered_for_another() {
        // Enough surnames for lookups to be remembered.
        let mut filler = String::new();
        for i in 0..=super::LOOKUP_FIRST_MAX_SURNAMES {
            let letters: String = [i / 676, i / 26 % 26, i % 26]
                .iter()
                .map(|&k| char::from(b'a' + u8::try_from(k % 26).unwrap_or(0)))
                .collect();
            filler.push_str("[[person]]\nname = \"Filler Qx");
            filler.push_str(&letters);
            filler.push_str("z\"\n");
        }
        let with = linter(
            &format!("{filler}[[person]]\nname = \"Steve Witkoff\"\n"),
            None,
            "2025-12-20",
        );
        let without = linter(&filler, None, "2025-12-20");
        assert!(with.index.near.words.len() > super::LOOKUP_FIRST_MAX_SURNAMES);
        let text = "Steve Witzoff arrived.";
        for _ in 0..2 {
            assert_diagnostics(
                &with,
                "misspelled-name",
                text,
                &[("Witzoff", Some("Witkoff"))],
            );
            assert_diagnostics(&without, "misspelled-name", text, &[]);
        }
    }

    #[test]
    fn the_fix_is_the_spelling_the_document_uses() {
        let l = unlisted();
        // The closest spelling, with a last letter typed twice.
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Volodymyr Zelenskyyy spoke.",
            &[("Zelenskyyy", Some("Zelenskyy"))],
        );
        // The spelling the document names the person with, when it is close enough.
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Volodymyr Zelenskyyy spoke. Volodymyr Zelenskiy left.",
            &[("Zelenskyyy", Some("Zelenskiy"))],
        );
        // Words built on a surname are no one's misspelling.
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Steve Witkoff spoke. The Witkoffs and Witkoffian deals. Volodymyr Zelenskyys.",
            &[],
        );
    }

    #[test]
    fn words_with_mojibake_are_left_to_that_check() {
        let l = unlisted();
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Volodymyr Zelenskyy spoke. Later ZelenskÃ½y left. Volodymyr ZelenskÃ½y too.",
            &[],
        );
        // Mojibake elsewhere does not hide a near miss.
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Volodymyr Zelenskiy spoke in TĂĽrkiye. Later Zelenskiyy left.",
            &[("Zelenskiyy", Some("Zelenskiy"))],
        );
    }

    #[test]
    fn near_misses_through_hidden_characters() {
        let l = unlisted();
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Steve Wit\u{AD}zoff and Kirill Dmit\u{200B}rev; Steve Wit\u{200B}koff.",
            &[
                ("Wit\u{AD}zoff", Some("Witkoff")),
                ("Dmit\u{200B}rev", Some("Dmitriev")),
            ],
        );
    }

    #[test]
    fn listed_misspellings_are_reported_once() {
        // "Witzoff" is listed: the listed misspelling is reported, not a near miss as well.
        let l = linter(RULES, None, "2025-12-20");
        let doc = crate::Document::new(
            "a.txt",
            "Steve Witzoff arrived.".into(),
            crate::Format::Text,
        );
        let ds = l.check(&doc).diagnostics;
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert!(
            ds[0].message.contains("is a misspelling"),
            "{}",
            ds[0].message
        );
    }

    const DEPRECATED: &str = r#"
[[place]]
name = "Kyiv"
except = ["chicken Kiev"]
  [[place.deprecated]]
  forms = ["Kiev"]
  from = 2019-08-14
  [[place.deprecated]]
  forms = ["Kiev"]
  from = 2019-02-13
  styles = ["guardian"]

[[person]]
name = "Joe Biden"
"#;

    #[test]
    fn deprecated_forms_on_both_sides_of_their_date() {
        let text = "Shelling hit Kiev overnight; chicken Kiev was served.";
        let before = linter(DEPRECATED, None, "2019-08-13");
        assert_diagnostics(&before, "misspelled-name", text, &[]);
        let on = linter(DEPRECATED, None, "2019-08-14");
        assert_diagnostics(&on, "misspelled-name", text, &[("Kiev", Some("Kyiv"))]);
        // A style's own earlier change is a matter of house style, not a misspelling.
        let guardian = linter(DEPRECATED, Some("guardian"), "2019-03-01");
        assert_diagnostics(&guardian, "misspelled-name", text, &[]);
    }

    #[test]
    fn no_guesses_inside_quotations_or_quoted_posts() {
        let l = linter(DEPRECATED, None, "2025-12-20");
        let quoted = "Joe Biden spoke. Trump wrote that Kim called \"Swampman Joe Bidan a low IQ individual.\"";
        assert_diagnostics(&l, "misspelled-name", quoted, &[]);
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Joe Biden spoke. Later Joe Bidan left.",
            &[("Bidan", Some("Biden"))],
        );
    }

    #[test]
    fn a_place_qualified_as_north_american_is_another_place() {
        let rules = r#"
[[place]]
name = "Odesa"
misspellings = ["Odessa"]
"#;
        let l = linter(rules, None, "2025-12-20");
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Police in Odessa, Texas, said a gunman was shot. Odessa police later named him.",
            &[],
        );
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Schools in the West Texas city of Odessa closed.",
            &[],
        );
        assert_diagnostics(
            &l,
            "misspelled-name",
            "Drones hit Odessa, the port city, overnight.",
            &[("Odessa", Some("Odesa"))],
        );
    }
}
