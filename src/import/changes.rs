//! What a new import changes in the file it replaces: new holders, ended terms, changed dates
//! and roles no longer in the data. Reported on standard error by `rules import` and `rules
//! update`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{ImportedRole, Roster};

/// A role as written in a generated file, reduced to what a change report compares.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    person: String,
    title: String,
    from: String,
    until: Option<String>,
}

/// Roles by (person id, key): the statement id when there is one, else title, state, party and
/// start.
type Terms = BTreeMap<(String, String), Term>;

fn key(
    title: &str,
    from: &str,
    source: Option<&str>,
    state: Option<&str>,
    party: Option<&str>,
) -> String {
    match source {
        Some(s) if s.contains('$') => s.to_string(),
        _ => format!(
            "{title}|{}|{}|{from}",
            state.unwrap_or(""),
            party.unwrap_or("")
        ),
    }
}

fn of_roster(roster: &Roster) -> Terms {
    let mut out = Terms::new();
    for p in &roster.people {
        for r in &p.roles {
            let from = r.from.to_string();
            out.insert(
                (p.id.clone(), role_key(r, &from)),
                Term {
                    person: format!("{} ({})", p.name, p.wikidata.as_deref().unwrap_or(&p.id)),
                    title: r.title.clone(),
                    from,
                    until: r.until.map(|u| u.to_string()),
                },
            );
        }
    }
    out
}

fn role_key(r: &ImportedRole, from: &str) -> String {
    key(
        &r.title,
        from,
        r.source.as_deref(),
        r.state.as_deref(),
        r.party.as_deref(),
    )
}

/// The roles of an earlier generated file; `None` when it is not one copydesk can read.
fn of_file(text: &str) -> Option<Terms> {
    let doc: toml::Table = toml::from_str(text).ok()?;
    let mut out = Terms::new();
    let s = |v: Option<&toml::Value>| -> Option<String> {
        match v? {
            toml::Value::String(s) => Some(s.clone()),
            toml::Value::Datetime(d) => Some(d.to_string()),
            _ => None,
        }
    };
    for p in doc.get("person")?.as_array()? {
        let id = s(p.get("id"))?;
        let name = s(p.get("name")).unwrap_or_default();
        let label = format!(
            "{name} ({})",
            s(p.get("wikidata")).unwrap_or_else(|| id.clone())
        );
        for r in p
            .get("role")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
        {
            let title = s(r.get("title"))?;
            let from = s(r.get("from"))?;
            let k = key(
                &title,
                &from,
                s(r.get("source")).as_deref(),
                s(r.get("state")).as_deref(),
                s(r.get("party")).as_deref(),
            );
            out.insert(
                (id.clone(), k),
                Term {
                    person: label.clone(),
                    title,
                    from,
                    until: s(r.get("until")),
                },
            );
        }
    }
    Some(out)
}

/// Counts of a change report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub ended: usize,
    pub changed: usize,
    pub removed: usize,
}

/// The report of what `roster` changes in `previous` (the text of the file it replaces), one
/// line per change, and the counts. Without an earlier file there is nothing to compare.
pub fn report(previous: Option<&str>, roster: &Roster) -> (String, Counts) {
    let mut out = String::new();
    let mut counts = Counts::default();
    let Some(old) = previous.and_then(of_file) else {
        return (out, counts);
    };
    let new = of_roster(roster);
    let period = |t: &Term| match &t.until {
        Some(u) => format!("from {} until {u}", t.from),
        None => format!("from {}", t.from),
    };
    for (k, t) in &new {
        match old.get(k) {
            None => {
                counts.new += 1;
                let _ = writeln!(out, "new holder: {}: {}, {}", t.person, t.title, period(t));
            }
            Some(o) if o.until.is_none() && t.until.is_some() => {
                counts.ended += 1;
                let _ = writeln!(out, "ended: {}: {}, {}", t.person, t.title, period(t));
            }
            Some(o) if o.from != t.from || o.until != t.until => {
                counts.changed += 1;
                let _ = writeln!(
                    out,
                    "changed dates: {}: {}, {} (was {})",
                    t.person,
                    t.title,
                    period(t),
                    period(o)
                );
            }
            Some(_) => {}
        }
    }
    for (k, o) in &old {
        if !new.contains_key(k) {
            counts.removed += 1;
            let _ = writeln!(
                out,
                "no longer in the data: {}: {}, {}",
                o.person,
                o.title,
                period(o)
            );
        }
    }
    (out, counts)
}
