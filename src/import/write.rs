//! A roster as a copydesk dictionary: an `@generated` header, then people sorted by id, each
//! with its roles sorted by date. The bytes depend only on the roster (and the copydesk version
//! named in the header), so importing twice, or the same rows in another order, gives the same
//! file.

use std::fmt::Write as _;

use super::{ImportedPerson, ImportedRole, PartialDate, Roster};

/// The marker that tells a generated dictionary from a hand-written one.
pub const MARKER: &str = "@generated";

/// Whether a dictionary's text is a generated one: its first line carries the marker.
pub fn is_generated(text: &str) -> bool {
    text.lines()
        .next()
        .is_some_and(|l| l.starts_with('#') && l.contains(MARKER))
}

/// The whole file.
pub fn to_toml(roster: &Roster) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {MARKER} by copydesk {}: do not edit; import again to refresh.",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str(
        "# Hand-written dictionaries win over this file: a person they already have (by Wikidata id\n\
         # or name) only adds what the hand-written entry lacks. Aliases find a person but are\n\
         # never endorsed as correct spellings.\n",
    );
    let _ = writeln!(out, "# source: {}", one_line(&roster.source));
    if let Some(q) = &roster.query {
        let _ = writeln!(out, "# query: {}", one_line(q));
    }
    match roster.as_of {
        Some(d) => {
            let _ = writeln!(out, "# data as of: {d}\n\nas-of = {d}");
        }
        None => out.push_str("# data as of: unknown\n"),
    }
    for p in &roster.people {
        person(&mut out, p);
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn person(out: &mut String, p: &ImportedPerson) {
    let _ = write!(
        out,
        "\n[[person]]\nid = {}\nname = {}\n",
        string(&p.id),
        string(&p.name)
    );
    if let Some(surname) = surname(p) {
        let _ = writeln!(out, "surname = {}", string(&surname));
    }
    if let Some(q) = &p.wikidata {
        let _ = writeln!(out, "wikidata = {}", string(q));
    }
    if !p.aliases.is_empty() {
        let _ = writeln!(out, "aliases = {}", list(&p.aliases));
    }
    for r in &p.roles {
        role(out, r);
    }
}

/// A surname of several words ("Van Hollen") is written out; a one-word one is the default.
fn surname(p: &ImportedPerson) -> Option<String> {
    if let Some(s) = &p.surname {
        return Some(s.clone());
    }
    let words: Vec<&str> = p.name.split(' ').collect();
    for k in [3, 2] {
        if words.len() > k {
            let tail = words[words.len() - k..].join(" ");
            let particle = words[words.len() - k]
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
                || matches!(
                    words[words.len() - k],
                    "Van" | "Von" | "De" | "Del" | "Della" | "La" | "Le" | "St." | "Mac" | "Mc"
                );
            if particle && !words[words.len() - 1].ends_with('.') {
                return Some(tail);
            }
        }
    }
    None
}

fn role(out: &mut String, r: &ImportedRole) {
    let _ = write!(out, "\n  [[person.role]]\n  title = {}\n", string(&r.title));
    let forms: Vec<String> = r.forms.iter().filter(|f| **f != r.title).cloned().collect();
    if !forms.is_empty() {
        let _ = writeln!(out, "  forms = {}", list(&forms));
    }
    let _ = writeln!(out, "  from = {}", date(r.from));
    if let Some(u) = r.until {
        let _ = writeln!(out, "  until = {}", date(u));
    }
    if r.acting {
        out.push_str("  acting = true\n");
    }
    if let Some(s) = &r.state {
        let _ = writeln!(out, "  state = {}", string(s));
    }
    if let Some(p) = &r.party {
        let _ = writeln!(out, "  party = {}", string(p));
    }
    if let Some(s) = &r.source {
        let _ = writeln!(out, "  source = {}", string(s));
    }
}

/// A day as a TOML date; a month or a year as a string.
fn date(d: PartialDate) -> String {
    if d.exact().is_some() {
        d.to_string()
    } else {
        format!("\"{d}\"")
    }
}

fn list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| string(s)).collect();
    format!("[{}]", items.join(", "))
}

/// A TOML basic string.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_and_parse_back() {
        let text = "a \"quoted\" \\ name\twith\u{7f} controls";
        let doc = format!("x = {}", string(text));
        let v: toml::Table = toml::from_str(&doc).expect("valid TOML");
        assert_eq!(v["x"].as_str(), Some(text));
    }

    #[test]
    fn the_marker_is_on_the_first_line() {
        assert!(is_generated("# @generated by copydesk 0.1.0\n[[person]]\n"));
        assert!(!is_generated("# people\n# @generated\n"));
        assert!(!is_generated("name = \"@generated\"\n"));
    }

    #[test]
    fn several_word_surnames() {
        let p = |name: &str| ImportedPerson {
            id: "x".into(),
            wikidata: None,
            name: name.into(),
            surname: None,
            aliases: Vec::new(),
            roles: Vec::new(),
        };
        assert_eq!(
            surname(&p("Chris Van Hollen")).as_deref(),
            Some("Van Hollen")
        );
        assert_eq!(
            surname(&p("Ursula von der Leyen")).as_deref(),
            Some("von der Leyen")
        );
        assert_eq!(surname(&p("Mitch McConnell")), None);
    }
}
