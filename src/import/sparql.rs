//! SPARQL 1.1 JSON results of the shipped query (`rules/queries/*.rq`).
//!
//! Variables: `person`, `personLabel`, `position`, `positionLabel`, `start`, `startPrecision`,
//! `end`, `endPrecision`, and optionally `statement`, `rank` and `nature`. An optional variable
//! that is unbound is absent from its binding.

use std::collections::HashMap;

use serde::Deserialize;

use super::{
    is_qid, qid_of_uri, ImportError, ImportedPerson, ImportedRole, Input, PartialDate, Place,
    Positions, Roster,
};

/// The variables every result row must declare.
pub const REQUIRED: &[&str] = &[
    "person",
    "personLabel",
    "position",
    "positionLabel",
    "start",
    "startPrecision",
    "end",
    "endPrecision",
];

/// `nature of statement` (P5102) value for an acting holder.
pub const ACTING: &str = "Q4676846";

#[derive(Deserialize)]
struct Results {
    head: Head,
    results: Bindings,
}

#[derive(Deserialize)]
struct Head {
    vars: Vec<String>,
}

#[derive(Deserialize)]
struct Bindings {
    bindings: Vec<HashMap<String, Term>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Term {
    #[serde(rename = "type")]
    _kind: String,
    value: String,
    #[serde(rename = "datatype")]
    _datatype: Option<String>,
    #[serde(rename = "xml:lang")]
    _lang: Option<String>,
}

/// A P39 statement as read from any Wikidata format.
pub(crate) struct Statement<'a> {
    pub person: &'a str,
    pub name: &'a str,
    pub aliases: Vec<String>,
    pub position: &'a str,
    pub position_label: Option<&'a str>,
    /// Time value and precision.
    pub start: Option<(&'a str, Option<i64>)>,
    pub end: Option<(&'a str, Option<i64>)>,
    pub deprecated: bool,
    pub acting: bool,
    pub id: Option<String>,
}

pub fn read(input: &Input, positions: &Positions, roster: &mut Roster) -> Result<(), ImportError> {
    let results: Results = serde_json::from_slice(&input.bytes)
        .map_err(|e| ImportError::invalid(&input.name, format!("not SPARQL JSON results: {e}")))?;
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|v| !results.head.vars.iter().any(|x| x == v))
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::invalid(
            &input.name,
            format!(
                "not the results of the shipped query: the variables {} are missing from `head.vars`",
                missing.join(", ")
            ),
        ));
    }
    for (i, row) in results.results.bindings.iter().enumerate() {
        let place = Place {
            file: input.name.clone(),
            at: format!("row {}", i + 1),
        };
        let get = |v: &str| row.get(v).map(|t| t.value.as_str());
        let Some(person) = get("person").and_then(qid_of_uri) else {
            roster.error(place, "`person` is not a Wikidata item");
            continue;
        };
        let Some(position) = get("position").and_then(qid_of_uri) else {
            roster.error(place, "`position` is not a Wikidata item");
            continue;
        };
        let precision = |v: &str| get(v).and_then(|p| p.parse::<i64>().ok());
        let statement = Statement {
            person,
            name: get("personLabel").unwrap_or(""),
            aliases: Vec::new(),
            position,
            position_label: get("positionLabel"),
            start: get("start").map(|s| (s, precision("startPrecision"))),
            end: get("end").map(|s| (s, precision("endPrecision"))),
            deprecated: get("rank").is_some_and(|r| r.ends_with("DeprecatedRank")),
            acting: get("nature").is_some_and(|n| qid_of_uri(n) == Some(ACTING) || n == ACTING),
            id: get("statement").and_then(statement_id),
        };
        add_statement(&statement, place, positions, roster);
    }
    Ok(())
}

/// `http://www.wikidata.org/entity/statement/Q42-F078E5B3-...` -> `Q42$F078E5B3-...`.
pub fn statement_id(uri: &str) -> Option<String> {
    let tail = uri.rsplit('/').next()?;
    let (qid, rest) = tail.split_once('-')?;
    (is_qid(qid) && !rest.is_empty()).then(|| format!("{qid}${rest}"))
}

/// Checks one statement and adds it to the roster, or reports why it is left out.
pub(crate) fn add_statement(
    s: &Statement<'_>,
    place: Place,
    positions: &Positions,
    roster: &mut Roster,
) {
    if s.deprecated {
        return;
    }
    let name = s.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || is_qid(&name) {
        roster.error(
            place,
            format!(
                "{}: the label is only a Wikidata id (no English or `mul` label): left out",
                s.person
            ),
        );
        return;
    }
    let Some((title, forms)) = positions.title(s.position, s.position_label) else {
        roster.error(
            place,
            format!(
                "{} ({name}): position {} has no label and is not in rules/positions.toml: left out",
                s.person, s.position
            ),
        );
        return;
    };
    let date =
        |which: &str, value: Option<(&str, Option<i64>)>| -> Result<Option<PartialDate>, String> {
            match value {
                None => Ok(None),
                Some((time, precision)) => wikidata_time(time, precision).map(Some).map_err(|e| {
                    format!(
                        "{} ({name}), {title}: malformed {which} date `{time}`: {e}",
                        s.person
                    )
                }),
            }
        };
    let (from, until) = match (date("start", s.start), date("end", s.end)) {
        (Ok(f), Ok(u)) => (f, u),
        (Err(e), _) | (_, Err(e)) => {
            roster.error(place, format!("{e}: left out"));
            return;
        }
    };
    let Some(from) = from else {
        roster.warning(
            place,
            format!(
                "{} ({name}), {title}: no start date: the role is left out",
                s.person
            ),
        );
        return;
    };
    if let Some(until) = until {
        if until.latest() < from.earliest() {
            roster.error(
                place,
                format!(
                    "{} ({name}), {title}: the start ({from}) is after the end ({until}): left out",
                    s.person
                ),
            );
            return;
        }
    }
    roster.add(ImportedPerson {
        id: s.person.to_ascii_lowercase(),
        wikidata: Some(s.person.to_string()),
        name,
        surname: None,
        aliases: s.aliases.clone(),
        roles: vec![ImportedRole {
            title,
            forms,
            from,
            until,
            acting: s.acting,
            source: s.id.clone(),
            state: None,
            party: None,
            position: Some(s.position.to_string()),
            origin: Some(place),
        }],
    });
}

/// A Wikidata time value (`+2025-01-21T00:00:00Z`, `1953-01-01T00:00:00Z`) at its precision:
/// 11 day, 10 month, 9 year (finer precisions are read as days).
pub fn wikidata_time(time: &str, precision: Option<i64>) -> Result<PartialDate, String> {
    let precision = precision.unwrap_or(11);
    if precision < 9 {
        return Err(format!("precision {precision} is coarser than a year"));
    }
    let body = time.strip_prefix('+').unwrap_or(time);
    if body.starts_with('-') {
        return Err("a year before the common era".into());
    }
    let date = body.split('T').next().unwrap_or("");
    let mut parts = date.split('-');
    let mut next = || parts.next().and_then(|p| p.parse::<u32>().ok());
    let (Some(year), Some(month), Some(day)) = (next(), next(), next()) else {
        return Err("not a date".into());
    };
    let year = i32::try_from(year).map_err(|_| "year out of range".to_string())?;
    let month = u8::try_from(month).map_err(|_| "month out of range".to_string())?;
    let day = u8::try_from(day).map_err(|_| "day out of range".to_string())?;
    let (month, day) = match precision {
        9 => (0, 0),
        10 if month > 0 => (month, 0),
        _ if month > 0 && day > 0 => (month, day),
        _ => return Err(format!("no month or day at precision {precision}")),
    };
    super::partial_date(year, month, day).ok_or_else(|| "no such day".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_keep_their_precision() {
        let t = |s, p| wikidata_time(s, p).map(|d| d.to_string());
        assert_eq!(
            t("+2025-01-21T00:00:00Z", Some(11)).as_deref(),
            Ok("2025-01-21")
        );
        assert_eq!(
            t("2019-05-01T00:00:00Z", Some(10)).as_deref(),
            Ok("2019-05")
        );
        assert_eq!(t("+1953-00-00T00:00:00Z", Some(9)).as_deref(), Ok("1953"));
        assert_eq!(t("1953-01-01T00:00:00Z", Some(9)).as_deref(), Ok("1953"));
        assert!(t("+2019-13-01T00:00:00Z", Some(11)).is_err());
        assert!(t("+2019-00-00T00:00:00Z", Some(11)).is_err());
        assert!(t("+1950-00-00T00:00:00Z", Some(8)).is_err());
        assert!(t("-0044-03-15T00:00:00Z", Some(11)).is_err());
        assert!(t("soon", Some(11)).is_err());
    }

    #[test]
    fn statement_ids() {
        assert_eq!(
            statement_id(
                "http://www.wikidata.org/entity/statement/Q42-F078E5B3-F9A8-480E-B7AC-D97778CBBEF9"
            )
            .as_deref(),
            Some("Q42$F078E5B3-F9A8-480E-B7AC-D97778CBBEF9")
        );
        assert_eq!(statement_id("http://example.org/x"), None);
    }
}
