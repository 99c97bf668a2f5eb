//! `unitedstates/congress-legislators`: `legislators-current.yaml`, `legislators-historical.yaml`
//! and `executive.yaml` (a list of people, each with `id`, `name`, `bio` and dated `terms`), and
//! the CSV exports (`legislators-*.csv`: one row per person, without term dates).
//!
//! Terms become roles: `sen` "Senator", `rep` "Representative" (a "Delegate" or "Resident
//! Commissioner" for territories), `prez` "President", `viceprez` "Vice President". Consecutive
//! terms of one office, state and party are one role. A term that ends after the data's date
//! (`--as-of`) is written open-ended: its end is a schedule, not a fact.

use serde::Deserialize;

use super::{ImportError, ImportedPerson, ImportedRole, Input, PartialDate, Place, Roster};

#[derive(Deserialize)]
struct Legislator {
    id: Ids,
    name: Name,
    #[serde(default)]
    bio: Bio,
    #[serde(default)]
    terms: Vec<Term>,
}

#[derive(Deserialize, Default)]
struct Ids {
    bioguide: Option<String>,
    wikidata: Option<String>,
    /// Presidents who never sat in Congress have only this one (and ICPSR's).
    govtrack: Option<u64>,
}

#[derive(Deserialize, Default)]
struct Name {
    first: Option<String>,
    middle: Option<String>,
    last: Option<String>,
    suffix: Option<String>,
    nickname: Option<String>,
    official_full: Option<String>,
}

#[derive(Deserialize, Default)]
struct Bio {
    gender: Option<String>,
}

#[derive(Deserialize)]
struct Term {
    #[serde(rename = "type")]
    kind: String,
    start: String,
    end: Option<String>,
    state: Option<String>,
    party: Option<String>,
}

/// Territories whose member of the House is a delegate (or, for Puerto Rico, the resident
/// commissioner), not a representative.
const TERRITORIES: &[&str] = &["AS", "DC", "GU", "MP", "PR", "VI", "DK", "OL", "PI"];

pub fn read(input: &Input, roster: &mut Roster) -> Result<(), ImportError> {
    let text = input.text()?;
    if input.name.to_ascii_lowercase().ends_with(".csv") {
        return read_csv(input, text, roster);
    }
    let people: Vec<Legislator> = serde_yaml::from_str(text).map_err(|e| {
        let at = e
            .location()
            .map_or(String::new(), |l| format!(":{}:{}", l.line(), l.column()));
        ImportError::Invalid {
            path: format!("{}{at}", input.name),
            message: format!("not a congress-legislators file: {e}"),
        }
    })?;
    // Without a date for the data, the latest start of a term stands for it: an end after it is
    // a schedule.
    if roster.as_of.is_none() {
        roster.as_of = people
            .iter()
            .flat_map(|p| &p.terms)
            .filter_map(|t| full_date(&t.start))
            .filter_map(PartialDate::exact)
            .max();
    }
    for (i, person) in people.iter().enumerate() {
        let place = |term: Option<usize>| Place {
            file: input.name.clone(),
            at: format!(
                "entry {}{}{}",
                i + 1,
                person
                    .id
                    .bioguide
                    .as_deref()
                    .map_or(String::new(), |b| format!(" (bioguide {b})")),
                term.map_or(String::new(), |t| format!(", term {}", t + 1))
            ),
        };
        let Some((id, wikidata)) = ids(&person.id) else {
            roster.error(
                place(None),
                "no bioguide, Wikidata or GovTrack id: left out",
            );
            continue;
        };
        let (name, aliases) = names(&person.name);
        if name.is_empty() {
            roster.error(place(None), "no name: left out");
            continue;
        }
        let mut roles: Vec<ImportedRole> = Vec::new();
        for (t, term) in person.terms.iter().enumerate() {
            let Some((title, forms)) = office(term, person.bio.gender.as_deref()) else {
                roster.warning(
                    place(Some(t)),
                    format!("unknown term type `{}`: left out", term.kind),
                );
                continue;
            };
            let Some(from) = full_date(&term.start) else {
                roster.error(
                    place(Some(t)),
                    format!("malformed start date `{}`: left out", term.start),
                );
                continue;
            };
            let until = match term.end.as_deref().map(|e| (e, full_date(e))) {
                None => None,
                Some((_, Some(d))) => Some(d),
                Some((e, None)) => {
                    roster.error(
                        place(Some(t)),
                        format!("malformed end date `{e}`: left out"),
                    );
                    continue;
                }
            };
            if until.is_some_and(|u| u.latest() < from.earliest()) {
                roster.error(
                    place(Some(t)),
                    format!(
                        "{name}: the start ({from}) is after the end ({}): left out",
                        until.map(|u| u.to_string()).unwrap_or_default()
                    ),
                );
                continue;
            }
            let until = until.filter(|u| {
                roster
                    .as_of
                    .is_none_or(|as_of| u.exact().is_none_or(|d| d <= as_of))
            });
            let role = ImportedRole {
                title,
                forms,
                from,
                until,
                acting: false,
                source: person
                    .id
                    .bioguide
                    .as_deref()
                    .map(|b| format!("https://bioguide.congress.gov/search/bio/{b}")),
                state: term.state.clone().filter(|s| !s.is_empty()),
                party: term
                    .party
                    .clone()
                    .filter(|p| !p.is_empty() && p != "no party"),
                position: None,
                origin: Some(place(Some(t))),
            };
            // One role for consecutive terms of one office, state and party.
            if let Some(last) = roles.last_mut() {
                let same = last.title == role.title
                    && last.state == role.state
                    && last.party == role.party;
                if same && last.until.is_some_and(|u| follows(u, from)) {
                    last.until = role.until;
                    continue;
                }
            }
            roles.push(role);
        }
        let surname = surname(&person.name, &name);
        roster.add(ImportedPerson {
            id,
            wikidata,
            name,
            surname,
            aliases,
            roles,
        });
    }
    Ok(())
}

/// The dictionary id: `bioguide-` and the bioguide id (the key every file of the project
/// shares, so that a person's YAML and CSV rows are one person), else `govtrack-` and the
/// `GovTrack` id; and the Wikidata id, which joins the person to other dictionaries.
fn ids(ids: &Ids) -> Option<(String, Option<String>)> {
    let wikidata = ids.wikidata.clone().filter(|q| super::is_qid(q));
    match (&ids.bioguide, ids.govtrack) {
        (Some(b), _) if !b.is_empty() => {
            Some((format!("bioguide-{}", b.to_ascii_lowercase()), wikidata))
        }
        (_, Some(g)) => Some((format!("govtrack-{g}"), wikidata)),
        _ => wikidata.map(|q| (q.to_ascii_lowercase(), Some(q))),
    }
}

/// `2025-01-03` as a day.
fn full_date(text: &str) -> Option<PartialDate> {
    PartialDate::parse(text).filter(|d| d.exact().is_some())
}

/// Whether a term starting on `next` continues one that ended on `end`: terms end on January 3
/// and the next Congress may convene a few days later; a re-elected member is one the whole time.
fn follows(end: PartialDate, next: PartialDate) -> bool {
    match (end.exact(), next.exact()) {
        (Some(e), Some(n)) => {
            let mut limit = e;
            for _ in 0..31 {
                limit = limit.succ();
            }
            n <= limit
        }
        _ => false,
    }
}

/// A surname of several words that ends the name ("Van Hollen", "Blunt Rochester").
fn surname(n: &Name, name: &str) -> Option<String> {
    let last = n
        .last
        .as_deref()?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (last.contains(' ') && name.ends_with(&format!(" {last}"))).then_some(last)
}

/// The canonical name and the other names copy uses. A member known by a nickname is named by
/// it, as the press names them ("Bernie Sanders", "Chuck Schumer", "Jimmy Carter"), with no
/// alias: a given name and a nickname are two names, and an article that uses both would read
/// as spelling one name two ways. Otherwise the official full name when there is one, else the
/// given name and surname ("Barack Obama"), with the forms that add the middle name or its
/// initials (and a suffix) as aliases: they find the person without being endorsed. Two people
/// may share a canonical name ("John Adams"): the longer forms tell them apart.
fn names(n: &Name) -> (String, Vec<String>) {
    let clean = |s: &Option<String>| {
        s.as_deref()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    };
    let (first, middle, last, suffix, nickname) = (
        clean(&n.first),
        clean(&n.middle),
        clean(&n.last),
        clean(&n.suffix),
        clean(&n.nickname),
    );
    let join = |parts: &[&Option<String>]| {
        let words: Vec<&str> = parts.iter().filter_map(|p| p.as_deref()).collect();
        words.join(" ")
    };
    if nickname.is_some() {
        return (join(&[&nickname, &last]), Vec::new());
    }
    // "Herbert Walker" -> "H. W." and "H.W."
    let initials: Option<(String, String)> = middle.as_ref().map(|m| {
        let letters: Vec<String> = m
            .split(' ')
            .filter_map(|w| w.chars().next())
            .map(|c| format!("{c}."))
            .collect();
        (letters.join(" "), letters.concat())
    });
    let mut forms = vec![join(&[&first, &last])];
    if middle.is_some() {
        forms.push(join(&[&first, &middle, &last]));
    }
    if let Some((spaced, packed)) = &initials {
        forms.push(join(&[&first, &Some(spaced.clone()), &last]));
        forms.push(join(&[&first, &Some(packed.clone()), &last]));
    }
    if let Some(s) = &suffix {
        let plain = join(&[&first, &last]);
        forms.push(format!("{plain} {s}"));
        forms.push(format!("{plain}, {s}"));
    }
    let name = clean(&n.official_full).unwrap_or_else(|| forms[0].clone());
    forms.retain(|f| f != &name && f.contains(' '));
    forms.sort();
    forms.dedup();
    (name, forms)
}

/// The house title and forms of a term.
fn office(term: &Term, gender: Option<&str>) -> Option<(String, Vec<String>)> {
    let v = |list: &[&str]| list.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
    Some(match term.kind.as_str() {
        "sen" => (
            "Senator".into(),
            v(&["Sen.", "U.S. Senator", "U.S. Sen.", "US Senator"]),
        ),
        "rep" => {
            let state = term.state.as_deref().unwrap_or("");
            if state == "PR" {
                (
                    "Resident Commissioner".into(),
                    v(&["Rep.", "Congressman", "Congresswoman"]),
                )
            } else if TERRITORIES.contains(&state) {
                (
                    "Delegate".into(),
                    v(&["Del.", "Rep.", "Congressman", "Congresswoman"]),
                )
            } else {
                let mut forms = v(&[
                    "Rep.",
                    "U.S. Representative",
                    "U.S. Rep.",
                    "US Representative",
                ]);
                forms.extend(match gender {
                    Some("F") => v(&["Congresswoman"]),
                    Some("M") => v(&["Congressman"]),
                    _ => v(&["Congressman", "Congresswoman"]),
                });
                forms.push("Congressmember".into());
                ("Representative".into(), forms)
            }
        }
        "prez" => (
            "President".into(),
            v(&[
                "U.S. President",
                "US President",
                "President of the United States",
                "American President",
            ]),
        ),
        "viceprez" => (
            "Vice President".into(),
            v(&[
                "Vice-President",
                "U.S. Vice President",
                "US Vice President",
                "Vice President of the United States",
            ]),
        ),
        _ => return None,
    })
}

/// The CSV exports: names and ids, one row per person; they have no term dates, so people are
/// written without roles (found in copy, never judged on a title).
fn read_csv(input: &Input, text: &str, roster: &mut Roster) -> Result<(), ImportError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ImportError::invalid(&input.name, format!("not CSV: {e}")))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(first), Some(last)) = (col("first_name"), col("last_name")) else {
        return Err(ImportError::invalid(
            &input.name,
            "not a congress-legislators CSV file: no `first_name` and `last_name` columns",
        ));
    };
    let cols = [
        col("middle_name"),
        col("suffix"),
        col("nickname"),
        col("full_name"),
    ];
    let (bioguide, wikidata, govtrack) =
        (col("bioguide_id"), col("wikidata_id"), col("govtrack_id"));
    let mut rows = 0;
    for (i, record) in reader.records().enumerate() {
        let place = Place {
            file: input.name.clone(),
            at: format!("line {}", i + 2),
        };
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                roster.error(place, format!("unreadable row: {e}"));
                continue;
            }
        };
        let get = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .map(str::to_string)
                .filter(|s| !s.is_empty())
        };
        let name = Name {
            first: get(Some(first)),
            middle: get(cols[0]),
            last: get(Some(last)),
            suffix: get(cols[1]),
            nickname: get(cols[2]),
            official_full: get(cols[3]),
        };
        let Some((id, wikidata)) = ids(&Ids {
            bioguide: get(bioguide),
            wikidata: get(wikidata),
            govtrack: get(govtrack).and_then(|g| g.parse().ok()),
        }) else {
            roster.error(place, "no bioguide, Wikidata or GovTrack id: left out");
            continue;
        };
        let (name, aliases) = names(&name);
        if name.is_empty() {
            roster.error(place, "no name: left out");
            continue;
        }
        rows += 1;
        roster.add(ImportedPerson {
            id,
            wikidata,
            name,
            surname: None,
            aliases,
            roles: Vec::new(),
        });
    }
    if rows > 0 {
        roster.warning(
            Place {
                file: input.name.clone(),
                at: "all rows".into(),
            },
            "the CSV files have no term dates: people are written without roles (use the YAML files for dated roles)",
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(
        first: &str,
        middle: Option<&str>,
        last: &str,
        nick: Option<&str>,
        full: Option<&str>,
    ) -> Name {
        Name {
            first: Some(first.into()),
            middle: middle.map(Into::into),
            last: Some(last.into()),
            suffix: None,
            nickname: nick.map(Into::into),
            official_full: full.map(Into::into),
        }
    }

    #[test]
    fn a_nickname_or_the_official_name_and_the_others_are_aliases() {
        let (n, a) = names(&name(
            "Charles",
            Some("E."),
            "Schumer",
            Some("Chuck"),
            Some("Charles E. Schumer"),
        ));
        assert_eq!((n.as_str(), a.len()), ("Chuck Schumer", 0));
        let (n, a) = names(&name(
            "Kamala",
            Some("D."),
            "Harris",
            None,
            Some("Kamala D. Harris"),
        ));
        assert_eq!(n, "Kamala D. Harris");
        assert_eq!(a, ["Kamala Harris"]);
        let (n, a) = names(&name("John", Some("Quincy"), "Adams", None, None));
        assert_eq!(n, "John Adams");
        assert_eq!(a, ["John Q. Adams", "John Quincy Adams"]);
    }

    #[test]
    fn consecutive_terms_follow() {
        let d = |s| PartialDate::parse(s).expect("a date");
        assert!(follows(d("2007-01-03"), d("2007-01-04")));
        assert!(follows(d("2013-01-03"), d("2013-01-03")));
        assert!(follows(d("2009-01-03"), d("2009-01-06")));
        assert!(!follows(d("1995-01-03"), d("2001-01-03")));
        assert!(!follows(d("1995-01-03"), d("1995-03-01")));
    }
}
