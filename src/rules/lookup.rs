//! `copydesk rules NAME`: finding what the dictionaries know by any form a writer may type,
//! right or wrong, in any case: an id, a name, a variant, a style form, an alias, a misspelling,
//! a deprecated form, a surname, a title or a house word; failing those, a form a letter or two
//! away (a near miss); failing that, the closest names to suggest.

use super::{EntityKind, RuleSet};
use crate::distance::damerau_levenshtein;

/// What a form is to the entry it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    Id,
    Name,
    Variant,
    /// The form a house style uses.
    Style(String),
    Alias,
    Misspelling,
    /// Wrong from a date; the index of the entity's deprecation.
    Deprecated(usize),
    /// The entry's `surname`, or the last word(s) of one of its correct full forms.
    Surname,
    /// A title of `[[title]]` or of a person's role, or one of its forms.
    Title,
    /// A form a `[[phrase]]` rule replaces.
    InsteadOf,
    /// The word a `[[phrase]]` rule asks for.
    Use,
}

impl FormKind {
    /// What the form is to `entry`, named `name`: "a misspelling of Steve Witkoff", "the AP
    /// style form of ...", "a word the house style replaces with adviser".
    pub fn describe(&self, entry: Entry, name: &str) -> String {
        match (self, entry) {
            (FormKind::Id, _) => format!("the id of {name}"),
            (FormKind::Name, _) => format!("the name of {name}"),
            (FormKind::Variant, _) => format!("a variant of {name}"),
            (FormKind::Style(style), _) => {
                format!("the {} style form of {name}", super::style_label(style))
            }
            (FormKind::Alias, _) => format!("an alias of {name} (recognised, not endorsed)"),
            (FormKind::Misspelling, _) => format!("a misspelling of {name}"),
            (FormKind::Deprecated(_), _) => format!("a deprecated form of {name}"),
            (FormKind::Surname, _) => format!("a surname of {name}"),
            (FormKind::Title, Entry::Title(_)) => format!("the title {name}"),
            (FormKind::Title, _) => format!("a title held by {name}"),
            (FormKind::InsteadOf, _) => {
                format!("a word the house style replaces with `{name}`")
            }
            (FormKind::Use, _) => "the word a house-style rule asks for".to_string(),
        }
    }
}

/// An entry of the dictionaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Entry {
    Entity(usize),
    Title(usize),
    Phrase(usize),
}

/// One way a query found an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub entry: Entry,
    /// The form as the dictionary writes it.
    pub form: String,
    pub kind: FormKind,
    /// Edits between the query and the form: 0 for an exact match (case and spacing aside).
    pub distance: usize,
}

/// What `rules NAME` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The query is a form of these entries (or, with a distance, a near miss of one): every
    /// way it matched, grouped by entry in the dictionaries' order.
    Found(Vec<Hit>),
    /// Nothing close enough; the closest names, best first.
    Unknown(Vec<String>),
}

/// Case, spacing and invisible characters aside.
fn key(text: &str) -> String {
    crate::text::normalize_form(text).to_lowercase()
}

/// A form of an entry, with what it is to the entry and its [`key`].
struct Form {
    entry: Entry,
    /// As the dictionary writes it.
    text: String,
    key: String,
    kind: FormKind,
}

impl Form {
    fn new(entry: Entry, text: String, kind: FormKind) -> Form {
        Form {
            entry,
            key: key(&text),
            text,
            kind,
        }
    }
}

/// How many edits a query of this many characters may be from a form and still find it: as
/// many as make a near miss of a name in copy.
fn near_limit(chars: usize) -> usize {
    use crate::distance::{near_max_distance, NEAR_MIN_LEN};
    if chars < NEAR_MIN_LEN {
        0
    } else {
        near_max_distance(chars)
    }
}

impl RuleSet {
    /// Every form of every entry with what it is: see [`Lookup`].
    fn forms(&self) -> Vec<Form> {
        let mut out = Vec::new();
        for (i, e) in self.entities.iter().enumerate() {
            let entry = Entry::Entity(i);
            let mut push =
                |form: &str, kind: FormKind| out.push(Form::new(entry, form.into(), kind));
            push(&e.id, FormKind::Id);
            push(&e.name, FormKind::Name);
            for v in &e.variants {
                push(v, FormKind::Variant);
            }
            for (style, form) in &e.styles {
                push(form, FormKind::Style(style.clone()));
            }
            for a in &e.aliases {
                push(a, FormKind::Alias);
            }
            for m in &e.misspellings {
                push(m, FormKind::Misspelling);
            }
            for (d, dep) in e.deprecated.iter().enumerate() {
                for f in &dep.forms {
                    push(f, FormKind::Deprecated(d));
                }
            }
            if e.kind == EntityKind::Person {
                if let Some(s) = &e.surname {
                    push(s, FormKind::Surname);
                }
                // The surname as the matcher reads it: "Jr." is not one.
                for f in e
                    .correct_forms()
                    .into_iter()
                    .chain(e.aliases.iter().map(String::as_str))
                {
                    let form = crate::text::normalize_form(f);
                    let surname = crate::text::surname_of(&form, e.surname_words());
                    if surname != form {
                        push(&surname, FormKind::Surname);
                    }
                }
            }
            for r in &e.roles {
                for f in r.all_forms() {
                    push(f, FormKind::Title);
                }
            }
        }
        for (i, t) in self.titles.iter().enumerate() {
            out.push(Form::new(Entry::Title(i), t.title.clone(), FormKind::Title));
            for f in &t.forms {
                out.push(Form::new(Entry::Title(i), f.clone(), FormKind::Title));
            }
        }
        for (i, p) in self.phrases.iter().enumerate() {
            out.push(Form::new(Entry::Phrase(i), p.use_.clone(), FormKind::Use));
            for f in &p.instead_of {
                out.push(Form::new(Entry::Phrase(i), f.clone(), FormKind::InsteadOf));
            }
        }
        out
    }

    /// What the dictionaries know by `query`: exact forms first (a person's role titles only when
    /// nothing else matches, since a title names many people), then near misses, else
    /// suggestions.
    pub fn lookup(&self, query: &str) -> Lookup {
        let wanted = key(query);
        let forms = self.forms();
        let mut hits: Vec<Hit> = Vec::new();
        let push = |hits: &mut Vec<Hit>, form: &Form, d| {
            let hit = Hit {
                entry: form.entry,
                form: form.text.clone(),
                kind: form.kind.clone(),
                distance: d,
            };
            if !hits.contains(&hit) {
                hits.push(hit);
            }
        };
        // A person's role titles such as "Secretary of State", kept in case nothing else
        // matches: the title entry, not everyone who held it.
        let mut role_titles: Vec<&Form> = Vec::new();
        for form in forms.iter().filter(|f| f.key == wanted) {
            if matches!(
                (form.entry, &form.kind),
                (Entry::Entity(_), FormKind::Title)
            ) {
                role_titles.push(form);
            } else {
                push(&mut hits, form, 0);
            }
        }
        if hits.is_empty() {
            for form in role_titles {
                push(&mut hits, form, 0);
            }
        }
        if hits.is_empty() {
            let limit = near_limit(wanted.chars().count());
            let mut best = usize::MAX;
            let mut near: Vec<(usize, &Form)> = Vec::new();
            for form in &forms {
                if matches!(form.kind, FormKind::Id | FormKind::Title) {
                    continue;
                }
                let d = damerau_levenshtein(&wanted, &form.key);
                if d <= limit && d <= best {
                    best = d;
                    near.push((d, form));
                }
            }
            for (d, form) in near {
                if d == best {
                    push(&mut hits, form, d);
                }
            }
        }
        if hits.is_empty() {
            return Lookup::Unknown(self.suggestions(&wanted, &forms));
        }
        hits.sort_by_key(|h| h.entry);
        Lookup::Found(hits)
    }

    /// Up to five names close to `wanted` (as a whole, or to one of their words), best first.
    fn suggestions(&self, wanted: &str, forms: &[Form]) -> Vec<String> {
        let limit = (wanted.chars().count() / 2).max(2);
        let mut scored: Vec<(usize, String)> = Vec::new();
        for form in forms {
            if matches!(form.kind, FormKind::Id | FormKind::Title) {
                continue;
            }
            let whole = damerau_levenshtein(wanted, &form.key);
            let word = form
                .key
                .split(' ')
                .map(|w| damerau_levenshtein(wanted, w))
                .min()
                .unwrap_or(whole);
            let d = whole.min(word + 1);
            if d > limit {
                continue;
            }
            let name = self.entry_name(form.entry);
            match scored.iter_mut().find(|(_, n)| *n == name) {
                Some(slot) => slot.0 = slot.0.min(d),
                None => scored.push((d, name)),
            }
        }
        scored.sort();
        scored.into_iter().take(5).map(|(_, n)| n).collect()
    }

    /// The name an entry goes by.
    pub fn entry_name(&self, entry: Entry) -> String {
        match entry {
            Entry::Entity(i) => self.entities[i].name.clone(),
            Entry::Title(i) => self.titles[i].title.clone(),
            Entry::Phrase(i) => self.phrases[i].use_.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSource;

    fn rules() -> RuleSet {
        let text = r#"
[[person]]
name = "Steve Witkoff"
variants = ["Steven Witkoff"]
misspellings = ["Witzoff", "Stephen Witkoff"]
  [[person.role]]
  title = "Special Envoy"
  from = 2025-01-20

[[person]]
name = "Volodymyr Zelenskyy"
variants = ["Volodymyr Zelensky"]
aliases = ["Vova Zelensky"]
  [person.styles]
  reuters = "Volodymyr Zelenskiy"
  [[person.deprecated]]
  forms = ["Zelensky"]
  from = "2022-03"
  styles = ["ap"]

[[person]]
name = "Joe Biden"
variants = ["Joseph R. Biden Jr."]

[[place]]
name = "Kyiv"
  [[place.deprecated]]
  forms = ["Kiev"]
  from = "2020"

[[title]]
title = "Prime Minister"
forms = ["PM"]

[[phrase]]
use = "adviser"
instead-of = ["advisor"]
"#;
        RuleSet::load(vec![RuleSource {
            path: "t.toml".into(),
            text: text.into(),
        }])
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn found(query: &str) -> Vec<(String, String, FormKind, usize)> {
        let set = rules();
        match set.lookup(query) {
            Lookup::Found(hits) => hits
                .into_iter()
                .map(|h| (set.entry_name(h.entry), h.form, h.kind, h.distance))
                .collect(),
            Lookup::Unknown(s) => panic!("{query}: unknown, suggestions {s:?}"),
        }
    }

    #[test]
    fn any_form_in_any_case() {
        let s = |x: &str| x.to_string();
        assert_eq!(
            found("witzoff"),
            [(s("Steve Witkoff"), s("Witzoff"), FormKind::Misspelling, 0)]
        );
        assert_eq!(
            found("kiev"),
            [(s("Kyiv"), s("Kiev"), FormKind::Deprecated(0), 0)]
        );
        assert_eq!(
            found("STEPHEN  witkoff"),
            [(
                s("Steve Witkoff"),
                s("Stephen Witkoff"),
                FormKind::Misspelling,
                0
            )]
        );
        let zelensky = found("zelensky");
        assert!(zelensky.contains(&(
            s("Volodymyr Zelenskyy"),
            s("Zelensky"),
            FormKind::Deprecated(0),
            0
        )));
        assert!(zelensky.iter().all(|h| h.0 == "Volodymyr Zelenskyy"));
        assert!(found("Zelenskiy").iter().any(|h| h.2 == FormKind::Surname));
        assert!(found("Biden").iter().any(|h| h.2 == FormKind::Surname));
        let suffix = rules().lookup("Jr.");
        assert!(
            !matches!(&suffix, Lookup::Found(h) if h.iter().any(|h| h.kind == FormKind::Surname)),
            "{suffix:?}"
        );
        assert_eq!(found("Vova Zelensky")[0].2, FormKind::Alias);
        assert_eq!(
            found("volodymyr zelenskiy")[0].2,
            FormKind::Style("reuters".into())
        );
        assert_eq!(found("pm")[0].0, "Prime Minister");
        assert_eq!(found("Advisor")[0].2, FormKind::InsteadOf);
        assert_eq!(found("special envoy")[0].0, "Steve Witkoff");
    }

    #[test]
    fn near_misses_are_found_with_their_distance() {
        let hits = found("Witkof");
        assert!(
            hits.iter().all(|h| h.0 == "Steve Witkoff" && h.3 == 1),
            "{hits:?}"
        );
        assert!(hits.iter().any(|h| h.1 == "Witkoff"));
        assert_eq!(found("Zelenskky")[0].0, "Volodymyr Zelenskyy");
        assert_eq!(found("Zelenkyj")[0].3, 2);
    }

    #[test]
    fn unknown_names_get_suggestions() {
        assert_eq!(
            rules().lookup("Volodimir Zelenski"),
            Lookup::Unknown(vec!["Volodymyr Zelenskyy".into()])
        );
        assert_eq!(rules().lookup("Nobody Atall"), Lookup::Unknown(Vec::new()));
        assert!(matches!(rules().lookup("Kyv"), Lookup::Unknown(s) if s == ["Kyiv"]));
    }
}
