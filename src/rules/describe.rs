//! What `copydesk rules` prints: the loaded files, and everything the dictionaries say of an
//! entry found by [`RuleSet::lookup`].

use std::fmt::Write as _;

use super::lookup::{Entry, Hit};
use super::{Entity, RuleSet};

/// "1 person", "2 people", "1 phrase", "0 phrases".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line per dictionary file with what it contributes, then the totals and the styles.
pub fn summary(rules: &RuleSet) -> String {
    let mut out = String::new();
    for f in &rules.files {
        let _ = write!(
            out,
            "{}: {}, {}, {}, {}, {}",
            f.path,
            count(f.people, "person", "people"),
            count(f.places, "place", "places"),
            count(f.organizations, "organization", "organizations"),
            count(f.titles, "title", "titles"),
            count(f.phrases, "phrase", "phrases"),
        );
        if f.events > 0 {
            let _ = write!(out, ", {}", count(f.events, "event", "events"));
        }
        if let Some(as_of) = f.as_of {
            let _ = write!(out, "; facts as of {as_of}");
        }
        out.push('\n');
    }
    let mut styles: Vec<&str> = rules.styles().into_iter().collect();
    if styles.is_empty() {
        styles.push("none");
    }
    let _ = writeln!(
        out,
        "{} in {}: valid. Styles: {}",
        count(rules.entities.len(), "entity", "entities"),
        count(rules.files.len(), "file", "files"),
        styles.join(", ")
    );
    out
}

/// What `rules NAME` prints for a query that found something: for each entry, how the query
/// matched it, then what the dictionaries say of it.
pub fn found(rules: &RuleSet, query: &str, hits: &[Hit]) -> String {
    let mut out = String::new();
    let mut entries: Vec<Entry> = hits.iter().map(|h| h.entry).collect();
    entries.dedup();
    for (n, entry) in entries.into_iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let name = rules.entry_name(entry);
        let mut said: Vec<String> = Vec::new();
        for h in hits.iter().filter(|h| h.entry == entry) {
            let what = h.kind.describe(entry, &name);
            // One line for all the deprecations of a form: their dates are listed below.
            if said.contains(&what) {
                continue;
            }
            let line = if h.distance == 0 {
                format!("`{query}` is {what}")
            } else {
                let edits = count(h.distance, "edit", "edits");
                format!(
                    "`{query}` is not a form the dictionaries list: it is {edits} from `{}`, {what}",
                    h.form
                )
            };
            let _ = writeln!(out, "{line}");
            said.push(what);
        }
        out.push_str(&match entry {
            Entry::Entity(i) => entity(rules, &rules.entities[i]),
            Entry::Title(i) => title(rules, i),
            Entry::Phrase(i) => phrase(rules, i),
        });
    }
    out
}

/// The error for a query that found nothing, with the closest names.
pub fn unknown(query: &str, closest: &[String]) -> String {
    let mut message = format!("no entry named `{query}` in the dictionaries");
    if !closest.is_empty() {
        let list: Vec<String> = closest.iter().map(|n| format!("`{n}`")).collect();
        let _ = write!(message, "; did you mean {}?", list.join(", "));
    }
    message
}

/// "from 2019-08-14 in AP style" or "from 2020 (by default)".
fn deprecation_when(d: &super::Deprecation) -> String {
    match &d.styles {
        Some(styles) => {
            let names: Vec<String> = styles.iter().map(|s| super::style_label(s)).collect();
            format!("from {} in {} style", d.from, names.join(", "))
        }
        None => format!("from {} (by default)", d.from),
    }
}

/// Everything the dictionaries say of `e`: forms, styles, deprecations, roles with their dates,
/// where its facts stop, the note.
pub fn entity(rules: &RuleSet, e: &Entity) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}, id `{}`, {})",
        e.name,
        e.kind.as_str(),
        e.id,
        rules.sources[e.origin.file].path
    );
    if let Some(q) = &e.wikidata {
        let _ = writeln!(out, "  wikidata: {q}");
    }
    if let Some(s) = &e.surname {
        let _ = writeln!(out, "  surname: {s}");
    }
    if !e.variants.is_empty() {
        let _ = writeln!(out, "  variants: {}", e.variants.join(", "));
    }
    for (style, form) in &e.styles {
        let _ = writeln!(out, "  style {style}: {form}");
    }
    if !e.aliases.is_empty() {
        let _ = writeln!(
            out,
            "  aliases (recognised, not endorsed): {}",
            e.aliases.join(", ")
        );
    }
    if !e.misspellings.is_empty() {
        let _ = writeln!(out, "  misspellings: {}", e.misspellings.join(", "));
    }
    for d in &e.deprecated {
        let _ = writeln!(
            out,
            "  deprecated: {}, wrong {}",
            d.forms.join(", "),
            deprecation_when(d)
        );
    }
    if !e.except.is_empty() {
        let _ = writeln!(out, "  except: {}", e.except.join(", "));
    }
    for r in &e.roles {
        let mut flags = String::new();
        if r.acting {
            flags.push_str(" (acting)");
        }
        if r.unverified {
            flags.push_str(" (unverified: not judged)");
        }
        let _ = writeln!(out, "  role: {}, {}{flags}", r.title, r.period());
        if !r.forms.is_empty() {
            let _ = writeln!(out, "    written: {}", r.forms.join(", "));
        }
    }
    if let Some(as_of) = e.as_of {
        let _ = writeln!(out, "  facts as of: {as_of}");
    }
    if let Some(note) = &e.note {
        let _ = writeln!(out, "  note: {note}");
    }
    out
}

/// A `[[title]]`: its forms and whether it is an honorific.
fn title(rules: &RuleSet, i: usize) -> String {
    let t = &rules.titles[i];
    let mut out = format!("{} (title)\n", t.title);
    if !t.forms.is_empty() {
        let _ = writeln!(out, "  written: {}", t.forms.join(", "));
    }
    if t.honorific {
        let _ = writeln!(out, "  honorific: recognised, never judged");
    }
    out
}

/// A `[[phrase]]`: what it replaces, and under which styles.
fn phrase(rules: &RuleSet, i: usize) -> String {
    let p = &rules.phrases[i];
    let mut out = format!(
        "use `{}` instead of {} (house style, {})\n",
        p.use_,
        p.instead_of
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", "),
        rules.sources[p.origin.file].path
    );
    match &p.styles {
        Some(styles) => {
            let _ = writeln!(out, "  styles: {}", styles.join(", "));
        }
        None => {
            let _ = writeln!(out, "  styles: every style, and no style");
        }
    }
    if let Some(note) = &p.note {
        let _ = writeln!(out, "  note: {note}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(1, "person", "people"), "1 person");
        assert_eq!(count(0, "phrase", "phrases"), "0 phrases");
        assert_eq!(count(2, "entity", "entities"), "2 entities");
    }
}
