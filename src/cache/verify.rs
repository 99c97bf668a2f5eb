//! A decoded cache file is used only once it is checked against the dictionaries it stands for.
//!
//! A cache file's checksum only catches accidents: anyone who can write the file can recompute
//! it. So every index and length is checked (an entity number of a million must not panic a run),
//! and everything that can become a fix is checked against the dictionaries' text:
//!
//! - each entity's name, surname, variants, aliases, misspellings, except phrases, style forms,
//!   deprecated forms and role titles and forms are written in its own entry of its file, as a
//!   string after the right key (`misspellings = [..., "Kiev"]`, `ap = "..."`);
//! - each phrase's `use` and `instead-of` likewise;
//! - the compiled index says nothing the entities do not: a form is one of its entity's forms (or
//!   words of one, for a surname), a misspelling's replacement is its entity's name or a word of
//!   it, a phrase's replacement its `use`, a deprecated form's dates are its entity's, and a near
//!   miss's surname is one of its owner's.
//!
//! Anything else makes the file damaged: it is compiled afresh and replaced. A dictionary written
//! with TOML escapes in its forms (`"\u00e9"`) cannot be checked this way, so it is compiled at
//! every run, as without a cache.

use crate::hash::FormSet;
use crate::index::{Index, Meaning, NameForm};
use crate::rules::{Entity, RuleSet};
use crate::text::normalize_form;

/// Whether a decoded rule set and index are sound, `rules.sources` being the dictionaries' text.
pub(super) fn is_sound(rules: &RuleSet, index: &Index) -> bool {
    rules.files.len() == rules.sources.len()
        && rules.entities.iter().all(|e| entity_is_written(rules, e))
        && rules.phrases.iter().all(|p| {
            entry_text(rules, p.origin.file, &p.origin.span).is_some_and(|text| {
                written(text, &p.use_, &["use"])
                    && p.instead_of
                        .iter()
                        .all(|f| written(text, f, &["instead-of"]))
            })
        })
        && rules
            .events
            .iter()
            .all(|e| entry_text(rules, e.origin.file, &e.origin.span).is_some())
        && index_is_sound(rules, index)
}

/// The text of an entry whose header (`[[person]]`) is `span` of file `file`: up to the next
/// header of another entry (one without a dot: `[[person.role]]` and `[person.styles]` belong to
/// the entry), if the file and the span exist.
fn entry_text<'a>(
    rules: &'a RuleSet,
    file: usize,
    span: &std::ops::Range<usize>,
) -> Option<&'a str> {
    let text = &rules.sources.get(file)?.text;
    text.get(span.clone())?;
    let rest = &text[span.end..];
    let mut end = text.len();
    let mut at = span.end;
    for line in rest.split_inclusive('\n') {
        let header = line.trim_start();
        if header.starts_with('[') {
            let name = header.trim_start_matches('[');
            let name = &name[..name.find(']').unwrap_or(name.len())];
            if !name.contains('.') {
                end = at;
                break;
            }
        }
        at += line.len();
    }
    text.get(span.start..end)
}

/// Whether every string of an entity is written in its entry after the key it belongs to.
fn entity_is_written(rules: &RuleSet, e: &Entity) -> bool {
    let Some(text) = entry_text(rules, e.origin.file, &e.origin.span) else {
        return false;
    };
    let file_text = &rules.sources[e.origin.file].text;
    let all = |list: &[String], keys: &[&str]| list.iter().all(|s| written(text, s, keys));
    file_text.get(e.id_span.clone()).is_some()
        && written(text, &e.name, &["name"])
        // A surname is the end of the name (written or not: the last word by default).
        && e.surname.as_deref().is_none_or(|s| e.ends_with_surname(s))
        && all(&e.variants, &["variants"])
        && all(&e.aliases, &["aliases"])
        && all(&e.misspellings, &["misspellings"])
        && all(&e.except, &["except"])
        && e.styles.iter().all(|(style, form)| written(text, form, &[style.as_str()]))
        && e.deprecated.iter().all(|d| all(&d.forms, &["forms"]))
        && e.roles.iter().all(|r| written(text, &r.title, &["title"]) && all(&r.forms, &["forms"]))
}

/// Whether `value` is written in `text` as a TOML string whose key (the key of the array or
/// table entry it is in) is one of `keys`.
fn written(text: &str, value: &str, keys: &[&str]) -> bool {
    ['"', '\''].iter().any(|&quote| {
        let literal = format!("{quote}{value}{quote}");
        text.match_indices(&literal)
            .any(|(at, _)| key_before(&text[..at]).is_some_and(|k| keys.contains(&k)))
    })
}

/// The key of the value that starts right after `before`: the value may follow other strings of
/// an array (`key = ["a", "b", `), or the `=` itself.
fn key_before(before: &str) -> Option<&str> {
    let mut rest = before;
    loop {
        rest = rest.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == '[');
        if let Some(left) = rest.strip_suffix('=') {
            let left = left.trim_end_matches([' ', '\t']);
            let start = left
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .map_or(0, |i| i + 1);
            let key = &left[start..];
            return (!key.is_empty()).then_some(key);
        }
        // Skip an earlier string of the same array.
        let quote = rest
            .chars()
            .next_back()
            .filter(|c| *c == '"' || *c == '\'')?;
        let inner = &rest[..rest.len() - 1];
        rest = &inner[..inner.rfind(quote)?];
    }
}

/// Whether `words` appear in `form`'s words as a whole, in a row (a surname of a full name).
fn words_of(form: &str, part: &str) -> bool {
    let form: Vec<&str> = form.split(' ').collect();
    let part: Vec<&str> = part.split(' ').collect();
    form.windows(part.len()).any(|w| {
        w.iter()
            .zip(&part)
            .all(|(a, b)| a == b || a.trim_end_matches(',') == *b)
    })
}

/// Every index in bounds, and every form, replacement and date of the index one the rule set
/// holds.
fn index_is_sound(rules: &RuleSet, index: &Index) -> bool {
    let n = rules.entities.len();
    if index.forms.len() != n
        || index.imported.len() != n
        || index.affiliations.len() != n
        || index.title_roles.len() != index.title_keys.len()
        || index.title_generic.len() != index.title_keys.len()
    {
        return false;
    }
    let normalized: Vec<Normalized> = rules.entities.iter().map(Normalized::new).collect();
    let dated_is = |d: u32, entity: usize, form: &str| {
        let expected: Vec<&crate::rules::Deprecation> = rules.entities[entity]
            .deprecated
            .iter()
            .filter(|dep| dep.forms.iter().any(|f| normalize_form(f) == form))
            .collect();
        index
            .dated
            .get(d as usize)
            .is_some_and(|list| list.iter().eq(expected))
    };
    let forms_ok = index.forms.iter().enumerate().all(|(e, list)| {
        list.first()
            .is_some_and(|f| f.text == normalize_form(&rules.entities[e].name))
            && list.iter().all(|f| {
                normalized[e].recognises(f) && f.dated.is_none_or(|d| dated_is(d, e, &f.text))
            })
    });
    // What follows reads each entity's first form: nothing is checked further without one.
    if !forms_ok {
        return false;
    }
    let roles_ok = index.title_roles.iter().flatten().all(|r| {
        rules
            .entities
            .get(r.entity)
            .is_some_and(|e| r.role < e.roles.len())
    });
    let title_forms: FormSet<String> = rules
        .titles
        .iter()
        .flat_map(|t| std::iter::once(&t.title).chain(&t.forms))
        .chain(rules.entities.iter().flat_map(|e| {
            e.roles
                .iter()
                .flat_map(|r| std::iter::once(&r.title).chain(&r.forms))
        }))
        .map(|f| normalize_form(f).to_lowercase())
        .collect();
    let keys_ok = index.title_keys.iter().all(|k| title_forms.contains(k));
    let meaning_ok = |text: &str, meaning: &Meaning| match meaning {
        Meaning::Name { entity, form } => index
            .forms
            .get(*entity)
            .and_then(|f| f.get(*form))
            .is_some_and(|f| f.text == text),
        Meaning::Misspelling {
            entity,
            replacement,
            dated,
        } => normalized.get(*entity).is_some_and(|e| {
            e.wrong.contains(text)
                && (*replacement == index.forms[*entity][0].text
                    || index.forms[*entity][0]
                        .text
                        .split(' ')
                        .any(|w| w == replacement))
                && dated.is_none_or(|d| dated_is(d, *entity, text))
        }),
        Meaning::Except { entity } => normalized
            .get(*entity)
            .is_some_and(|e| e.except.contains(text)),
        Meaning::Title { key } => index
            .title_keys
            .get(*key)
            .is_some_and(|k| *k == text.to_lowercase()),
        Meaning::Event { event } => rules.events.get(*event).is_some_and(|ev| {
            std::iter::once(&ev.name)
                .chain(&ev.forms)
                .any(|f| normalize_form(f).eq_ignore_ascii_case(text))
        }),
        Meaning::Phrase {
            phrase,
            replacement,
        } => rules.phrases.get(*phrase).is_some_and(|p| {
            let plural = |s: &str| format!("{s}s");
            (*replacement == p.use_ || *replacement == plural(&p.use_))
                && p.instead_of.iter().any(|f| {
                    let f = normalize_form(f);
                    text == f || text == plural(&f)
                })
        }),
    };
    let patterns_ok = index.patterns.iter().all(|p| {
        let key = p.text.to_ascii_lowercase();
        !p.text.is_empty()
            && p.meanings
                .iter()
                .all(|(text, m)| text.to_ascii_lowercase() == key && meaning_ok(text, m))
    });
    roles_ok && keys_ok && patterns_ok && index.near.is_consistent(&index.forms)
}

/// An entity's forms as the index writes them.
struct Normalized {
    recognised: Vec<String>,
    wrong: FormSet<String>,
    except: FormSet<String>,
}

impl Normalized {
    fn new(e: &Entity) -> Normalized {
        Normalized {
            recognised: e
                .recognised_forms()
                .into_iter()
                .map(normalize_form)
                .collect(),
            wrong: e.wrong_forms().map(normalize_form).collect(),
            except: e.except.iter().map(|x| normalize_form(x)).collect(),
        }
    }

    /// A recognised form, or words of one (a surname derived from a full form).
    fn recognises(&self, form: &NameForm) -> bool {
        self.recognised
            .iter()
            .any(|r| *r == form.text || words_of(r, &form.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionaries_as_compiled_pass() {
        let rules = RuleSet::load(RuleSet::builtin_sources()).expect("the built-ins load");
        let index = Index::build(&rules);
        assert!(rules.entities.iter().all(|e| entity_is_written(&rules, e)));
        assert!(is_sound(&rules, &index));
    }

    #[test]
    fn keys_are_read_before_values() {
        let text = "name = \"Kyiv\"\nmisspellings = [\"Kiev\", 'Kijev']\nvariants = [\n  \"A\",\n  \"B\",\n]\n[x.styles]\nap = \"Kyiv\"\n";
        assert!(written(text, "Kyiv", &["name"]));
        assert!(written(text, "Kiev", &["misspellings"]));
        assert!(written(text, "Kijev", &["misspellings"]));
        assert!(!written(text, "Kiev", &["name", "variants"]));
        assert!(written(text, "B", &["variants"]));
        assert!(written(text, "Kyiv", &["ap"]));
        assert!(!written(text, "Moscow", &["name"]));
        assert!(words_of("Donald Trump Jr.", "Trump"));
        assert!(words_of("Trump, Jr.", "Trump"));
        assert!(!words_of("Donald Trumpet", "Trump"));
    }
}
