//! Hover: what the dictionaries know of the name under the cursor, and what copydesk reports
//! there.

use std::fmt::Write as _;

use crate::checks;
use crate::date::Date;
use crate::document::Document;
use crate::index::Meaning;
use crate::linter::Linter;
use crate::report::FileReport;
use crate::rules::{Entity, Held};
use crate::scan::Scan;

/// Markdown for the name or finding at byte `offset` of `doc`, as checked in `report`.
pub fn hover(
    linter: &Linter,
    doc: &Document,
    report: &FileReport,
    offset: usize,
) -> Option<(String, std::ops::Range<usize>)> {
    let covers = |span: &std::ops::Range<usize>| span.start <= offset && offset < span.end;
    let findings: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| covers(&d.span))
        .collect();
    let scan = Scan::new(doc, &linter.index, report.date);
    let hit = scan.hits.iter().find(|h| covers(&h.span));
    let mut entities: Vec<usize> = Vec::new();
    let mut titles = Vec::new();
    if let Some(hit) = hit {
        for (meaning, _) in scan.meanings(&linter.index, hit) {
            match meaning {
                Meaning::Name { entity, .. }
                | Meaning::Misspelling { entity, .. }
                | Meaning::Except { entity } => entities.push(*entity),
                Meaning::Title { key } => titles.push(*key),
                Meaning::Phrase { .. } | Meaning::Event { .. } => {}
            }
        }
    }
    for d in &findings {
        if let Some(id) = &d.entity {
            entities.extend(linter.rules.entities.iter().position(|e| &e.id == id));
        }
    }
    // Each entity once, in the order found (a name and its finding name the same one).
    let mut seen = std::collections::HashSet::new();
    entities.retain(|e| seen.insert(*e));
    let mut out = String::new();
    // Copy dated after the dictionaries' facts were checked: their open roles may have ended.
    let stale = report.facts_as_of.filter(|_| report.after_facts());
    for &e in &entities {
        entity(
            &mut out,
            linter,
            &linter.rules.entities[e],
            report.date,
            stale,
        );
    }
    for &key in &titles {
        title(&mut out, linter, key, report.date);
    }
    for d in &findings {
        if let Some(meta) = checks::find(d.code) {
            if !out.is_empty() {
                out.push_str("\n---\n\n");
            }
            let _ = writeln!(
                out,
                "**{}** ({}): {}.\n",
                meta.code,
                d.severity.as_str(),
                meta.summary
            );
            let _ = writeln!(out, "{}", d.message);
        }
    }
    if out.is_empty() {
        return None;
    }
    let span = hit
        .map(|h| h.span.clone())
        .or_else(|| findings.first().map(|d| d.span.clone()))?;
    Some((out, span))
}

fn entity(out: &mut String, linter: &Linter, e: &Entity, date: Date, stale: Option<Date>) {
    if !out.is_empty() {
        out.push_str("\n---\n\n");
    }
    let source = linter
        .rules
        .sources
        .get(e.origin.file)
        .map_or("", |s| s.path.as_str());
    let _ = writeln!(out, "**{}** ({}, `{}`)\n", e.name, e.kind.as_str(), e.id);
    let _ = writeln!(out, "Canonical form: `{}`  ", e.name);
    let others: Vec<String> = e.correct_forms()[1..]
        .iter()
        .map(|f| format!("`{f}`"))
        .collect();
    if !others.is_empty() {
        let _ = writeln!(out, "Also correct: {}  ", others.join(", "));
    }
    for (style, form) in &e.styles {
        let _ = writeln!(out, "{} style: `{form}`  ", checks::style_label(style));
    }
    if !e.misspellings.is_empty() {
        let wrong: Vec<String> = e.misspellings.iter().map(|f| format!("`{f}`")).collect();
        let _ = writeln!(out, "Wrong: {}  ", wrong.join(", "));
    }
    if !e.roles.is_empty() {
        let _ = writeln!(out, "\nRoles (as of {date}):\n");
        for r in &e.roles {
            let now = match r.held_on(date) {
                Held::Yes => " — held",
                Held::No => "",
                Held::Unknown => " — perhaps (a handover day, or dates not precise enough)",
            };
            let unverified = if r.unverified {
                " (dates unverified)"
            } else {
                ""
            };
            let _ = writeln!(out, "- {}, {}{now}{unverified}", r.title, r.period());
        }
        if let Some(as_of) = stale.filter(|_| e.roles.iter().any(|r| r.until.is_none())) {
            let _ = writeln!(
                out,
                "\nThe dictionaries' facts were last checked on {as_of}, before this copy's date: \
                 a role held then may have ended since."
            );
        }
    }
    if let Some(note) = &e.note {
        let _ = writeln!(out, "\n{note}");
    }
    let _ = writeln!(out, "\n_{source}_");
}

fn title(out: &mut String, linter: &Linter, key: usize, date: Date) {
    if !out.is_empty() {
        out.push_str("\n---\n\n");
    }
    // The title as the dictionaries write it (the key is lowercase).
    let name = linter.index.title_roles[key]
        .first()
        .map_or(linter.index.title_keys[key].as_str(), |r| {
            linter.rules.entities[r.entity].roles[r.role].title.as_str()
        });
    let _ = writeln!(out, "**{name}** (title)\n");
    let holders: Vec<String> = linter.index.title_roles[key]
        .iter()
        .filter_map(|r| {
            let e = &linter.rules.entities[r.entity];
            let role = &e.roles[r.role];
            (role.held_on(date) == Held::Yes).then(|| format!("- {}, {}", e.name, role.period()))
        })
        .collect();
    if holders.is_empty() {
        let _ = writeln!(out, "No holder in the dictionaries on {date}.");
    } else {
        let _ = writeln!(out, "Held on {date} by:\n\n{}", holders.join("\n"));
    }
}
