//! Wikidata entity JSON: `Special:EntityData/Q42.json` and `wbgetentities` answers
//! (`{"entities":{"Q42":{...}}}`), and dumps with one entity per line between `[` and `]`
//! (each line but the last ending with a comma), plain or compressed.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::sparql::{add_statement, Statement, ACTING};
use super::{ImportError, Input, Place, Positions, Roster};

#[derive(Deserialize)]
struct Document {
    entities: BTreeMap<String, Entity>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Entity {
    id: String,
    labels: HashMap<String, Text>,
    aliases: HashMap<String, Vec<Text>>,
    claims: HashMap<String, Vec<Claim>>,
    modified: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Text {
    value: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Claim {
    mainsnak: Snak,
    qualifiers: HashMap<String, Vec<Snak>>,
    id: Option<String>,
    rank: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Snak {
    snaktype: String,
    datavalue: Option<DataValue>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DataValue {
    value: serde_json::Value,
}

impl Snak {
    fn item(&self) -> Option<&str> {
        let v = &self.datavalue.as_ref()?.value;
        v.get("id").and_then(serde_json::Value::as_str)
    }

    fn time(&self) -> Option<(&str, Option<i64>)> {
        let v = &self.datavalue.as_ref()?.value;
        let time = v.get("time")?.as_str()?;
        Some((time, v.get("precision").and_then(serde_json::Value::as_i64)))
    }
}

impl Entity {
    /// The English label, else the multilingual (`mul`) one.
    fn label(&self) -> Option<&str> {
        ["en", "mul"]
            .iter()
            .find_map(|l| self.labels.get(*l))
            .map(|t| t.value.as_str())
    }

    fn aliases(&self) -> Vec<String> {
        ["en", "mul"]
            .iter()
            .flat_map(|l| self.aliases.get(*l).into_iter().flatten())
            .map(|t| t.value.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|a| !a.is_empty())
            .collect()
    }
}

pub fn read(input: &Input, positions: &Positions, roster: &mut Roster) -> Result<(), ImportError> {
    let text = input.text()?;
    let mut entities: Vec<(Place, Entity)> = Vec::new();
    if text.trim_start().starts_with('{') && !is_one_per_line(text) {
        let doc: Document = serde_json::from_str(text).map_err(|e| {
            ImportError::invalid(&input.name, format!("not Wikidata entity JSON: {e}"))
        })?;
        for (id, entity) in doc.entities {
            let place = Place {
                file: input.name.clone(),
                at: format!("entity {id}"),
            };
            entities.push((place, entity));
        }
    } else {
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            let line = line.strip_suffix(',').unwrap_or(line);
            if line.is_empty() || line == "[" || line == "]" {
                continue;
            }
            let entity: Entity = serde_json::from_str(line).map_err(|e| {
                ImportError::invalid(
                    &input.name,
                    format!("line {}: not a Wikidata entity: {e}", n + 1),
                )
            })?;
            let place = Place {
                file: input.name.clone(),
                at: format!("line {}", n + 1),
            };
            entities.push((place, entity));
        }
    }
    // Positions may be in the same file: their labels name roles that rules/positions.toml
    // does not list.
    let labels: HashMap<&str, &str> = entities
        .iter()
        .filter_map(|(_, e)| Some((e.id.as_str(), e.label()?)))
        .collect();
    for (place, entity) in &entities {
        if let Some(modified) = entity
            .modified
            .as_deref()
            .and_then(crate::Date::parse_prefix)
        {
            if roster.as_of.is_none_or(|d| d < modified) {
                roster.as_of = Some(modified);
            }
        }
        let Some(claims) = entity.claims.get("P39") else {
            continue;
        };
        for claim in claims {
            let Some(position) = claim.mainsnak.item() else {
                continue;
            };
            let qualifier = |p: &str| {
                claim
                    .qualifiers
                    .get(p)
                    .and_then(|list| list.iter().find(|s| s.snaktype == "value"))
            };
            let statement = Statement {
                person: &entity.id,
                name: entity.label().unwrap_or(&entity.id),
                aliases: entity.aliases(),
                position,
                position_label: labels.get(position).copied(),
                start: qualifier("P580").and_then(Snak::time),
                end: qualifier("P582").and_then(Snak::time),
                deprecated: claim.rank.as_deref() == Some("deprecated"),
                acting: claim
                    .qualifiers
                    .get("P5102")
                    .is_some_and(|l| l.iter().any(|s| s.item() == Some(ACTING))),
                id: claim.id.clone(),
            };
            add_statement(&statement, place.clone(), positions, roster);
        }
    }
    Ok(())
}

/// A dump whose first line is a whole entity (no enclosing `[`).
fn is_one_per_line(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("").trim();
    let first = first.strip_suffix(',').unwrap_or(first);
    first.starts_with("{\"")
        && text.trim().lines().nth(1).is_some()
        && serde_json::from_str::<Entity>(first).is_ok_and(|e| !e.id.is_empty())
}
