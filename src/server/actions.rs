//! Code actions, commands and hover: fixes, fixing the whole file, a suppression comment, and
//! the edits of the newsroom's TOML files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command,
    ExecuteCommandParams, Hover, HoverContents, HoverParams, MarkupContent, MarkupKind, TextEdit,
    Uri, WorkspaceEdit,
};
use serde::{Deserialize, Serialize};

use super::{convert, edit, hover, Buffer, Server, ACCEPT_VARIANT, ALLOW, FIX_ALL};
use crate::date::Date;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::document::{Document, Format};
use crate::rules::{EntityKind, RuleSet};

/// Codes whose findings are a name or a word that a newsroom may decide is right.
const ALLOWABLE: &[&str] = &[
    "misspelled-name",
    "off-style-spelling",
    "inconsistent-spelling",
    "house-style",
];

/// The arguments of [`ACCEPT_VARIANT`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AcceptVariant {
    /// The dictionary file to edit.
    pub dictionary: PathBuf,
    /// The entry's id.
    pub entity: String,
    /// The form to accept.
    pub form: String,
    /// The text as written, also no longer a misspelling.
    pub written: String,
}

/// The arguments of [`ALLOW`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Allow {
    /// The configuration file to edit (made when missing).
    pub config: PathBuf,
    pub word: String,
}

/// Whether a code action of `kind` is wanted by a request's `only` list.
fn wanted(only: Option<&Vec<CodeActionKind>>, kind: &str) -> bool {
    only.is_none_or(|kinds| {
        kinds.iter().any(|k| {
            let k = k.as_str();
            k.is_empty() || kind == k || kind.starts_with(&format!("{k}."))
        })
    })
}

impl Server<'_> {
    pub(super) fn code_actions(&mut self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        self.ensure_checked(uri);
        let Some(buffer) = self.buffers.get(uri) else {
            return Vec::new();
        };
        let Some(checked) = &buffer.checked else {
            return Vec::new();
        };
        let only = params.context.only.as_ref();
        let span = buffer.lines.span(&buffer.text, params.range, self.encoding);
        let profile = self.workspace.profile(checked.profile);
        let mut actions = Vec::new();
        let quickfix = "quickfix";
        for d in checked
            .report
            .diagnostics
            .iter()
            .filter(|d| d.span.start <= span.end && span.start <= d.span.end)
        {
            if !wanted(only, quickfix) {
                break;
            }
            let lsp = convert::diagnostic(uri, &buffer.text, &buffer.lines, self.encoding, d);
            let written = &checked.doc.source[d.span.clone()];
            for (i, fix) in d.fixes.iter().enumerate() {
                if fix.applicability == Applicability::DisplayOnly {
                    continue;
                }
                let old = &checked.doc.source[fix.edit.span.clone()];
                let mut title = match (old.is_empty(), fix.edit.replacement.is_empty()) {
                    (_, true) => format!("Delete `{}`", show(old)),
                    (true, false) => format!("Insert `{}`", fix.edit.replacement),
                    (false, false) => format!("Write `{}`", fix.edit.replacement),
                };
                if fix.applicability == Applicability::Unsafe {
                    title.push_str(" (check the meaning)");
                }
                let edit = text_edit(buffer, &fix.edit.span, &fix.edit.replacement, self.encoding);
                actions.push(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![lsp.clone()]),
                    edit: Some(workspace_edit(uri, vec![edit])),
                    is_preferred: Some(i == 0 && fix.applicability == Applicability::Safe),
                    ..CodeAction::default()
                });
            }
            if let Some(args) = accept_variant(&profile.linter.rules, d, written) {
                let name = profile
                    .linter
                    .rules
                    .entities
                    .iter()
                    .find(|e| e.id == args.entity)
                    .map_or(args.entity.as_str(), |e| e.name.as_str());
                actions.push(command_action(
                    format!("Accept `{}` as a variant of {name}", args.form),
                    &lsp,
                    ACCEPT_VARIANT,
                    &args,
                ));
            }
            if ALLOWABLE.contains(&d.code) {
                let config = profile
                    .config()
                    .map_or_else(|| self.new_config_path(&buffer.path), Path::to_path_buf);
                let file = config
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                let word = crate::text::normalize_form(written);
                let args = Allow { config, word };
                actions.push(command_action(
                    format!("Add `{}` to the dictionary (allow in {file})", args.word),
                    &lsp,
                    ALLOW,
                    &args,
                ));
            }
            if let Some(edit) = suppress(&checked.doc, d.code) {
                let edit = text_edit(buffer, &edit.0, &edit.1, self.encoding);
                actions.push(CodeAction {
                    title: format!("Ignore {} in this file", d.code),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![lsp.clone()]),
                    edit: Some(workspace_edit(uri, vec![edit])),
                    ..CodeAction::default()
                });
            }
        }
        if wanted(only, FIX_ALL) {
            let fixed = crate::fix::fix_document(
                &profile.linter,
                checked.doc.clone(),
                false,
                Date::today(),
            );
            if fixed.applied > 0 {
                let (span, new) = changed_part(&checked.doc.source, &fixed.doc.source);
                let edit = text_edit(buffer, &span, new, self.encoding);
                let n = fixed.applied;
                actions.push(CodeAction {
                    title: format!(
                        "Fix {n} problem{} safely in this file",
                        crate::output::plural(n)
                    ),
                    kind: Some(CodeActionKind::new(FIX_ALL)),
                    edit: Some(workspace_edit(uri, vec![edit])),
                    ..CodeAction::default()
                });
            }
        }
        actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect()
    }

    /// Where "add to the dictionary" makes a configuration file when none applies: at the
    /// repository root above the file, or the workspace folder holding it, else beside it.
    fn new_config_path(&self, path: &Path) -> PathBuf {
        let dir = path.parent().unwrap_or(Path::new("."));
        let folder = dir
            .ancestors()
            .find(|d| d.join(".git").exists() || self.folders.iter().any(|f| f == d))
            .unwrap_or(dir);
        folder.join("copydesk.toml")
    }

    pub(super) fn hover(&mut self, params: &HoverParams) -> Option<Hover> {
        let uri = &params.text_document_position_params.text_document.uri;
        self.ensure_checked(uri);
        let buffer = self.buffers.get(uri)?;
        let checked = buffer.checked.as_ref()?;
        let position = params.text_document_position_params.position;
        let offset = buffer.lines.offset(&buffer.text, position, self.encoding);
        let linter = &self.workspace.profile(checked.profile).linter;
        let (markdown, span) = hover::hover(linter, &checked.doc, &checked.report, offset)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: Some(buffer.lines.range(&buffer.text, &span, self.encoding)),
        })
    }

    /// Runs a command: edits a TOML file, reloads what was built from it, and checks the open
    /// buffers again. The file is written back as it was if the dictionaries no longer load.
    pub(super) fn execute(&mut self, params: &ExecuteCommandParams) -> Result<(), String> {
        let argument = params.arguments.first().cloned().unwrap_or_default();
        let bad = |e: serde_json::Error| format!("invalid arguments for {}: {e}", params.command);
        let (path, edited) = match params.command.as_str() {
            ACCEPT_VARIANT => {
                let args: AcceptVariant = serde_json::from_value(argument).map_err(bad)?;
                let shown = args.dictionary.display().to_string();
                let text = std::fs::read_to_string(&args.dictionary)
                    .map_err(|e| format!("cannot read {shown}: {e}"))?;
                let new = edit::add_variant(&shown, &text, &args.entity, &args.form, &args.written)
                    .map_err(|e| e.to_string())?;
                (args.dictionary, (Some(text), new))
            }
            ALLOW => {
                let args: Allow = serde_json::from_value(argument).map_err(bad)?;
                let shown = args.config.display().to_string();
                let text = match std::fs::read_to_string(&args.config) {
                    Ok(text) => Some(text),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                    Err(e) => return Err(format!("cannot read {shown}: {e}")),
                };
                let new = edit::allow(&shown, text.as_deref().unwrap_or_default(), &args.word)
                    .map_err(|e| e.to_string())?;
                (args.config, (text, new))
            }
            other => return Err(format!("unknown command `{other}`")),
        };
        let (old, new) = edited;
        write(&path, old.as_deref(), &new)?;
        let reloaded = self.workspace.reload(std::slice::from_ref(&path));
        if let Some(failure) = reloaded.failures.first() {
            let message = format!(
                "{} was not changed: {}",
                path.display(),
                failure.error.to_string().lines().next().unwrap_or_default()
            );
            // Put the file back as it was, and the profile with it.
            match &old {
                Some(old) => write(&path, Some(&new), old)?,
                None => std::fs::remove_file(&path).map_err(|e| e.to_string())?,
            }
            self.reload(std::slice::from_ref(&path));
            return Err(message);
        }
        for config in &reloaded.profiles {
            self.clear_broken(config.as_deref());
        }
        for buffer in self.buffers.values_mut() {
            buffer.dirty = true;
            buffer.unpublished = true;
        }
        Ok(())
    }
}

/// Writes `new` to `path`, whose text was `old` (`None`: the file is new).
fn write(path: &Path, old: Option<&str>, new: &str) -> Result<(), String> {
    let shown = path.display().to_string();
    if let Some(old) = old {
        // The dictionary's text was read just before; the write checks it is still that text.
        let stamp = std::fs::metadata(path)
            .map(|m| crate::fix::Stamp::of(&m))
            .map_err(|e| format!("cannot read {shown}: {e}"))?;
        return crate::fix::write_fixed(path, &shown, &stamp, old.as_bytes(), new.as_bytes())
            .map(|_| ())
            .map_err(|e| e.to_string());
    }
    let mut file = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("cannot create {shown}: {e}"))?;
    std::io::Write::write_all(&mut file, new.as_bytes())
        .map_err(|e| format!("cannot write {shown}: {e}"))
}

/// "Accept as a variant", when the finding is about an entry of a dictionary file that may be
/// edited (not a built-in or generated one): a one-word finding about a person is accepted as
/// the full name with that surname.
fn accept_variant(rules: &RuleSet, d: &Diagnostic, written: &str) -> Option<AcceptVariant> {
    if d.code != "misspelled-name" {
        return None;
    }
    let entity = rules
        .entities
        .iter()
        .find(|e| Some(&e.id) == d.entity.as_ref())?;
    let source = rules.sources.get(entity.origin.file)?;
    if source.is_builtin() || source.text.trim_start().starts_with("# @generated") {
        return None;
    }
    let dictionary = crate::config::absolute(Path::new(&source.path));
    if !dictionary.is_file() {
        return None;
    }
    let written = crate::text::normalize_form(written);
    let name: Vec<&str> = entity.name.split(' ').collect();
    let keep = name.len().saturating_sub(entity.surname_words());
    let form = if entity.kind == EntityKind::Person && !written.contains(' ') && keep > 0 {
        let mut words = name[..keep].to_vec();
        words.push(&written);
        words.join(" ")
    } else {
        written.clone()
    };
    Some(AcceptVariant {
        dictionary,
        entity: entity.id.clone(),
        form,
        written,
    })
}

/// The edit that turns off `code` for the whole file: a `copydesk-disable` comment at the top
/// of the body, or the code added to one already there. Markdown only: plain text has no
/// comments.
fn suppress(doc: &Document, code: &str) -> Option<(std::ops::Range<usize>, String)> {
    if doc.format != Format::Markdown || code == "unused-suppression" {
        return None;
    }
    let bom = if doc.source.starts_with('\u{feff}') {
        3
    } else {
        0
    };
    let at = doc.front_matter.as_ref().map_or(bom, |fm| fm.span.end);
    let eol = if doc.source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    if let Some(c) = doc.comments.iter().find(|c| c.span.start == at) {
        let text = &doc.source[c.span.clone()];
        let inner = text
            .strip_prefix("<!--")
            .and_then(|t| t.strip_suffix("-->"))
            .map(str::trim)?;
        if let Some(codes) = inner.strip_prefix("copydesk-disable ") {
            if codes.split_whitespace().any(|c| c == code) {
                return None;
            }
            return Some((
                c.span.clone(),
                format!("<!-- copydesk-disable {codes} {code} -->"),
            ));
        }
    }
    let before = if at > 0 && !doc.source[..at].ends_with('\n') {
        eol
    } else {
        ""
    };
    Some((
        at..at,
        format!("{before}<!-- copydesk-disable {code} -->{eol}{eol}"),
    ))
}

/// The part of `old` that differs from `new`, and what replaces it.
fn changed_part<'a>(old: &str, new: &'a str) -> (std::ops::Range<usize>, &'a str) {
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let mut common_end = old[start..]
        .bytes()
        .rev()
        .zip(new[start..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - common_end)
        || !new.is_char_boundary(new.len() - common_end)
    {
        common_end -= 1;
    }
    (
        start..old.len() - common_end,
        &new[start..new.len() - common_end],
    )
}

fn show(s: &str) -> String {
    crate::text::escape_invisible(s)
}

fn text_edit(
    buffer: &Buffer,
    span: &std::ops::Range<usize>,
    new_text: &str,
    encoding: super::Encoding,
) -> TextEdit {
    TextEdit {
        range: buffer.lines.range(&buffer.text, span, encoding),
        new_text: new_text.to_string(),
    }
}

fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

fn command_action<A: Serialize>(
    title: String,
    diagnostic: &lsp_types::Diagnostic,
    command: &str,
    args: &A,
) -> CodeAction {
    CodeAction {
        title: title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        command: Some(Command {
            title,
            command: command.to_string(),
            arguments: serde_json::to_value(args).ok().map(|a| vec![a]),
        }),
        ..CodeAction::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changed_part_is_the_smallest_range() {
        assert_eq!(changed_part("a Kiev b", "a Kyiv b"), (3..5, "yi"));
        assert_eq!(changed_part("Zoë x", "Zoë y"), (5..6, "y"));
        assert_eq!(changed_part("é", "è"), (0..2, "è"));
        assert_eq!(changed_part("same", "same"), (4..4, ""));
    }

    #[test]
    fn a_suppression_goes_after_the_front_matter_or_joins_one_there() {
        let md = |s: &str| Document::new("a.md", s.to_string(), Format::Markdown);
        let doc = md("---\ndate: 2025-01-02\n---\nKiev.\n");
        let (span, text) = suppress(&doc, "misspelled-name").expect("an edit");
        assert_eq!(span, 25..25);
        assert_eq!(text, "<!-- copydesk-disable misspelled-name -->\n\n");
        let doc = md("<!-- copydesk-disable wrong-title -->\r\n\r\nKiev.\r\n");
        let (span, text) = suppress(&doc, "misspelled-name").expect("an edit");
        assert_eq!(span, 0..37);
        assert_eq!(
            text,
            "<!-- copydesk-disable wrong-title misspelled-name -->"
        );
        assert!(suppress(&md("x"), "unused-suppression").is_none());
        let txt = Document::new("a.txt", "Kiev.".into(), Format::Text);
        assert!(suppress(&txt, "misspelled-name").is_none());
    }

    #[test]
    fn only_filters_by_kind_prefix() {
        let only = vec![CodeActionKind::SOURCE];
        assert!(wanted(Some(&only), FIX_ALL));
        assert!(!wanted(Some(&only), "quickfix"));
        assert!(wanted(None, "quickfix"));
        let only = vec![CodeActionKind::new("source.fixAll")];
        assert!(wanted(Some(&only), FIX_ALL));
    }
}
