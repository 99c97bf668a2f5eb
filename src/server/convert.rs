//! copydesk's diagnostics as LSP diagnostics: byte spans become ranges in the negotiated
//! encoding, labels become related information, and the fixes travel in `data`.

use std::str::FromStr;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Uri,
};
use serde::Serialize;

use super::position::{Encoding, LineIndex};
use crate::diagnostic::{Applicability, Diagnostic, Severity};

/// Where a check's documentation is: `{repository}/blob/main/README.md#{code}`, the row of the
/// check in the README's table of checks, when the build knows the repository (Cargo.toml's
/// `repository`); `None` otherwise. Hovering a finding shows the check's explanation either way.
pub fn docs_url(code: &str) -> Option<String> {
    docs_url_in(
        option_env!("CARGO_PKG_REPOSITORY").unwrap_or_default(),
        code,
    )
}

fn docs_url_in(repository: &str, code: &str) -> Option<String> {
    let repository = repository.trim_end_matches('/');
    (!repository.is_empty() && crate::checks::find(code).is_some())
        .then(|| format!("{repository}/blob/main/README.md#{code}"))
}

/// A fix as it travels in a diagnostic's `data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataFix {
    pub range: lsp_types::Range,
    pub new_text: String,
    pub applicability: Applicability,
}

/// What a diagnostic's `data` holds: its fixes, best first, and the dictionary entity the finding
/// is about, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Data {
    pub fixes: Vec<DataFix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

/// Converts one diagnostic of the document `text` (whose lines are `lines`) at `uri`.
pub fn diagnostic(
    uri: &Uri,
    text: &str,
    lines: &LineIndex,
    encoding: Encoding,
    d: &Diagnostic,
) -> lsp_types::Diagnostic {
    let range = |span| lines.range(text, span, encoding);
    let mut message = d.message.clone();
    for note in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(&l.span)),
            message: l.message.clone(),
        })
        .collect();
    let data = Data {
        fixes: d
            .fixes
            .iter()
            .map(|f| DataFix {
                range: range(&f.edit.span),
                new_text: f.edit.replacement.clone(),
                applicability: f.applicability,
            })
            .collect(),
        entity: d.entity.clone(),
    };
    lsp_types::Diagnostic {
        range: range(&d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: docs_url(d.code)
            .and_then(|url| Uri::from_str(&url).ok())
            .map(|href| CodeDescription { href }),
        source: Some("copydesk".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: serde_json::to_value(data).ok(),
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;

    #[test]
    fn a_diagnostic_carries_its_labels_fixes_and_entity() {
        let text = "Zoë met Witzoff.\nWitzoff said";
        let second = text.rfind("Witzoff").expect("second");
        let d = Diagnostic::new("misspelled-name", Severity::Error, second..second + 7, "m")
            .with_secondary(9..16, "first here")
            .with_help("write \"Witkoff\"")
            .with_fix(
                Edit {
                    span: second..second + 7,
                    replacement: "Witkoff".into(),
                },
                Applicability::Safe,
            )
            .about("steve-witkoff");
        let uri = Uri::from_str("file:///a.md").expect("uri");
        let lines = LineIndex::new(text);
        let lsp = diagnostic(&uri, text, &lines, Encoding::Utf16, &d);
        assert_eq!(lsp.range.start, lsp_types::Position::new(1, 0));
        assert_eq!(lsp.message, "m\nhelp: write \"Witkoff\"");
        assert_eq!(lsp.source.as_deref(), Some("copydesk"));
        let related = lsp.related_information.expect("related");
        assert_eq!(related[0].location.range.start.character, 8);
        let data = lsp.data.expect("data");
        assert_eq!(data["entity"], "steve-witkoff");
        assert_eq!(data["fixes"][0]["newText"], "Witkoff");
        assert_eq!(data["fixes"][0]["applicability"], "safe");
        assert_eq!(data["fixes"][0]["range"]["start"]["line"], 1);
    }

    #[test]
    fn docs_links_point_at_the_readme_row_of_the_check() {
        assert_eq!(
            docs_url_in("https://example.org/copydesk/", "misspelled-name").as_deref(),
            Some("https://example.org/copydesk/blob/main/README.md#misspelled-name")
        );
        assert_eq!(docs_url_in("", "misspelled-name"), None);
        assert_eq!(docs_url_in("https://example.org/c", "no-such-check"), None);
    }
}
