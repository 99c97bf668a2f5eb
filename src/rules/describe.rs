//! What `copydesk rules` prints: the loaded files, and everything the dictionaries say of an
//! entity.

use std::fmt::Write as _;

use super::{Entity, RuleSet};

/// One line per dictionary file with what it contributes, then the totals and the styles.
pub fn summary(rules: &RuleSet) -> String {
    let mut out = String::new();
    for f in &rules.files {
        let _ = writeln!(
            out,
            "{}: {} people, {} places, {} organizations, {} titles, {} phrases",
            f.path, f.people, f.places, f.organizations, f.titles, f.phrases
        );
    }
    let styles: Vec<&str> = rules.styles().into_iter().collect();
    let _ = writeln!(
        out,
        "{} entities in {} files: valid. Styles: {}",
        rules.entities.len(),
        rules.files.len(),
        styles.join(", ")
    );
    out
}

/// Everything the dictionaries say of `e`: forms, styles, roles with their dates, the note.
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
    if let Some(s) = &e.surname {
        let _ = writeln!(out, "  surname: {s}");
    }
    if !e.variants.is_empty() {
        let _ = writeln!(out, "  variants: {}", e.variants.join(", "));
    }
    for (style, form) in &e.styles {
        let _ = writeln!(out, "  style {style}: {form}");
    }
    if !e.misspellings.is_empty() {
        let _ = writeln!(out, "  misspellings: {}", e.misspellings.join(", "));
    }
    if !e.except.is_empty() {
        let _ = writeln!(out, "  except: {}", e.except.join(", "));
    }
    for r in &e.roles {
        let flag = if r.unverified {
            " (unverified: not judged)"
        } else {
            ""
        };
        let _ = writeln!(out, "  role: {}, {}{flag}", r.title, r.period());
        if !r.forms.is_empty() {
            let _ = writeln!(out, "    written: {}", r.forms.join(", "));
        }
    }
    if let Some(note) = &e.note {
        let _ = writeln!(out, "  note: {note}");
    }
    out
}
