//! `rules/positions.toml`: the house title of a Wikidata position.

use serde::Deserialize;

/// The curated positions shipped with copydesk.
pub const BUILTIN: &str = include_str!("../../rules/positions.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub wikidata: String,
    /// The position's English label, for readers of the file.
    pub label: String,
    pub title: String,
    #[serde(default)]
    pub forms: Vec<String>,
    /// 1 for an office with one holder at a time.
    pub seats: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Positions {
    #[serde(default, rename = "position")]
    pub list: Vec<Position>,
}

impl Positions {
    /// Parses a positions file; errors name the line and column.
    pub fn parse(path: &str, text: &str) -> Result<Positions, super::ImportError> {
        let positions: Positions = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(String::new(), |s| {
                let (line, col) = crate::document::line_col(text, s.start);
                format!(":{line}:{col}")
            });
            super::ImportError::Invalid {
                path: format!("{path}{at}"),
                message: e.message().trim_end().to_string(),
            }
        })?;
        for p in &positions.list {
            if !super::is_qid(&p.wikidata) {
                return Err(super::ImportError::invalid(
                    path,
                    format!("`{}` is not a Wikidata item id", p.wikidata),
                ));
            }
        }
        Ok(positions)
    }

    /// The shipped positions.
    pub fn builtin() -> Positions {
        Positions::parse("rules/positions.toml", BUILTIN).unwrap_or_default()
    }

    pub fn get(&self, qid: &str) -> Option<&Position> {
        self.list.iter().find(|p| p.wikidata == qid)
    }

    pub fn single_seat(&self, qid: &str) -> bool {
        self.get(qid).is_some_and(|p| p.seats == Some(1))
    }

    /// The title and forms for a position: the curated ones, else the label.
    pub fn title(&self, qid: &str, label: Option<&str>) -> Option<(String, Vec<String>)> {
        if let Some(p) = self.get(qid) {
            return Some((p.title.clone(), p.forms.clone()));
        }
        let label = label.filter(|l| !l.trim().is_empty() && !super::is_qid(l))?;
        Some((label.trim().to_string(), Vec::new()))
    }

    /// Every position id, for the shipped query.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|p| p.wikidata.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_positions_parse() {
        let p = Positions::parse("rules/positions.toml", BUILTIN).expect("valid");
        assert!(p.single_seat("Q11696"));
        assert!(!p.single_seat("Q4416090"));
        assert_eq!(
            p.title("Q4416090", None).map(|t| t.0),
            Some("Senator".to_string())
        );
        assert_eq!(
            p.title("Q1", Some("mayor of Springfield")).map(|t| t.0),
            Some("mayor of Springfield".to_string())
        );
        assert_eq!(p.title("Q1", Some("Q1")), None);
    }

    #[test]
    fn a_bad_positions_file_names_line_and_column() {
        let err = Positions::parse("p.toml", "[[position]]\nwikidata = \"Q1\"\ntitel = \"x\"\n")
            .expect_err("unknown key");
        assert!(err.to_string().starts_with("p.toml:3:1"), "{err}");
    }
}
