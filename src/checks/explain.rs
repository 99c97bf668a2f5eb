//! What `copydesk explain` prints: one check's explanation, every check's, or the list of
//! checks, as Markdown text or JSON.

use std::fmt::Write as _;

use super::{all, CheckMeta};

/// One check, as `copydesk explain CODE` prints it.
pub fn text(meta: &CheckMeta) -> String {
    format!(
        "# {}\n\n{}.\n\nDefault severity: {}. Fix available: {}.\n\n{}",
        meta.code,
        meta.summary,
        meta.severity.as_str(),
        meta.fix.as_str(),
        meta.explanation
    )
}

/// One check as a JSON object: `code`, `summary`, `severity`, `fix` and `explanation`.
pub fn json(meta: &CheckMeta) -> serde_json::Value {
    serde_json::json!({
        "code": meta.code,
        "summary": meta.summary,
        "severity": meta.severity,
        "fix": meta.fix.as_str(),
        "explanation": meta.explanation,
    })
}

/// Every check, one a line: code, default severity, whether it fixes, summary.
pub fn list() -> String {
    let width = all().map(|m| m.code.len()).max().unwrap_or(4);
    let mut out = format!(
        "{:<width$}  {:<8}  {:<9}  SUMMARY\n",
        "CODE", "SEVERITY", "FIX"
    );
    for m in all() {
        let _ = writeln!(
            out,
            "{:<width$}  {:<8}  {:<9}  {}",
            m.code,
            m.severity.as_str(),
            m.fix.as_str(),
            m.summary
        );
    }
    out.push_str(
        "\n`copydesk explain CODE` explains one check; `copydesk explain --all` every one.\n",
    );
    out
}

/// Every check's explanation, one after another.
pub fn every() -> String {
    let texts: Vec<String> = all().map(text).collect();
    texts.join("\n")
}

/// Every check as a JSON array of [`json`] objects.
pub fn every_json() -> serde_json::Value {
    serde_json::Value::Array(all().map(json).collect())
}

/// What `copydesk explain` prints: one check (by `code`), every check in full (`all`), or the
/// list of checks; as JSON with `json`. An unknown code is an error that lists the checks.
pub fn request(code: Option<&str>, all: bool, json: bool) -> Result<String, String> {
    Ok(match (code, all, json) {
        (Some(code), _, _) => {
            let Some(meta) = super::find(code) else {
                let codes: Vec<&str> = super::all().map(|m| m.code).collect();
                return Err(format!(
                    "unknown check `{code}`; the checks are: {}",
                    codes.join(", ")
                ));
            };
            if json {
                format!("{:#}\n", self::json(meta))
            } else {
                text(meta)
            }
        }
        (None, _, true) => format!("{:#}\n", every_json()),
        (None, true, false) => every(),
        (None, false, false) => list(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_names_every_check_once() {
        let list = list();
        for m in all() {
            let lines: Vec<&str> = list
                .lines()
                .filter(|l| l.split_whitespace().next() == Some(m.code))
                .collect();
            assert_eq!(lines.len(), 1, "{}", m.code);
            assert!(lines[0].contains(m.summary) && lines[0].contains(m.severity.as_str()));
        }
    }

    #[test]
    fn every_explanation_once() {
        let every = every();
        for m in all() {
            assert_eq!(every.matches(&format!("# {}\n", m.code)).count(), 1);
        }
        assert_eq!(every_json().as_array().map(Vec::len), Some(all().count()));
    }
}
