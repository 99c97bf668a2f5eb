//! `copydesk server`: the Language Server Protocol over standard input and output.
//!
//! One thread reads messages, one writes them ([`lsp_server`]), and one main loop handles them in
//! order: there is no async runtime, as checking an article takes milliseconds. Messages that
//! arrive together are handled together before anything is checked, so a burst of typing is
//! checked once. Buffers are checked through [`Workspace::check_buffer`], with the configuration
//! and dictionaries the command line would use for the same path; profiles are rebuilt when their
//! files change (watched files, or, for clients that do not watch files, their modification times
//! looked at before checking, at most once a second). A configuration or dictionary that does not
//! load is shown as diagnostics in that file, and the last good set goes on working.
//!
//! Standard output carries protocol messages only; nothing is logged.

mod actions;
pub mod convert;
pub mod edit;
mod hover;
pub mod position;
pub mod uri;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notify, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, DidChangeTextDocumentParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, ExecuteCommandOptions, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, InitializeParams, InitializeResult, MessageType,
    PublishDiagnosticsParams, Registration, RegistrationParams, ServerCapabilities, ServerInfo,
    ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};

use crate::date::Date;
use crate::document::{Document, Format};
use crate::report::FileReport;
use crate::rules::RuleProblems;
use crate::workspace::{ProfileId, Settings, Workspace, WorkspaceError};
use position::{Encoding, LineIndex};

/// The commands code actions run on the server.
pub const ACCEPT_VARIANT: &str = "copydesk.acceptVariant";
pub const ALLOW: &str = "copydesk.allow";

/// The code action kind of "fix everything safe in this file".
pub const FIX_ALL: &str = "source.fixAll.copydesk";

/// How often, at most, the modification times of configuration and dictionary files are looked
/// at when the client does not watch files.
const POLL: Duration = Duration::from_secs(1);

/// Why the server stopped other than by the protocol's `exit`.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("language server protocol: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    #[error("invalid initialize parameters: {0}")]
    Initialize(serde_json::Error),
    #[error("cannot read or write the standard streams: {0}")]
    Io(#[from] std::io::Error),
    #[error("the connection to the client closed")]
    Disconnected,
}

/// Runs the server on standard input and output until the client says `exit`. Returns whether
/// the client asked to shut down first (the process's exit status is 0 then, 1 otherwise).
pub fn run_stdio() -> Result<bool, ServerError> {
    let (connection, threads) = Connection::stdio();
    let clean = run(&connection)?;
    drop(connection);
    threads.join()?;
    Ok(clean)
}

/// Runs the server on a connection (standard streams, or one made in memory by a test).
pub fn run(connection: &Connection) -> Result<bool, ServerError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(params) => params,
        Err(err) => {
            let message = format!("invalid initialize parameters: {err}");
            let response = Response::new_err(id, ErrorCode::InvalidParams as i32, message);
            let _ = connection.sender.send(response.into());
            return Err(ServerError::Initialize(err));
        }
    };
    let mut server = Server::new(connection, &params);
    let result = InitializeResult {
        capabilities: server.capabilities(),
        server_info: Some(ServerInfo {
            name: "copydesk".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    let result = serde_json::to_value(result).map_err(ServerError::Initialize)?;
    connection.initialize_finish(id, result)?;
    server.initialized();
    server.main_loop()
}

/// An open document.
struct Buffer {
    /// The file it is (or would be, unsaved), for configuration and the format.
    path: PathBuf,
    format: Format,
    text: String,
    lines: LineIndex,
    version: i32,
    /// Changed since it was last checked.
    dirty: bool,
    /// Its diagnostics are to be published.
    unpublished: bool,
    checked: Option<Checked>,
}

/// A buffer as last checked.
struct Checked {
    doc: Document,
    report: FileReport,
    profile: ProfileId,
}

/// Problems of the configuration or dictionaries of one configuration file, shown in the files.
struct Broken {
    /// The files whose diagnostics show the problems.
    shown: Vec<Uri>,
    /// The profile kept working as it was (else buffers under it are not checked until the files
    /// change).
    kept: bool,
    /// The files at fault and the configuration file, with their modification times then: when
    /// one changes, loading is tried again.
    files: Vec<(PathBuf, Option<SystemTime>)>,
}

struct Server<'c> {
    connection: &'c Connection,
    encoding: Encoding,
    workspace: Workspace,
    folders: Vec<PathBuf>,
    buffers: HashMap<Uri, Buffer>,
    broken: HashMap<Option<PathBuf>, Broken>,
    /// The client tells of changed files; else modification times are polled.
    watching: bool,
    last_poll: Instant,
    shutdown: bool,
    next_request: i32,
}

/// What to do after a message.
enum Flow {
    Continue,
    /// The client said `exit`; whether it had asked to shut down first.
    Exit(bool),
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, params: &InitializeParams) -> Server<'c> {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref());
        let watching = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| uri::to_path(&f.uri))
            .collect();
        #[allow(deprecated)] // `rootUri` is what clients without workspace folders send
        if folders.is_empty() {
            folders.extend(params.root_uri.as_ref().and_then(uri::to_path));
        }
        Server {
            connection,
            encoding: Encoding::negotiate(offered),
            workspace: Workspace::new(Settings::default()),
            folders,
            buffers: HashMap::new(),
            broken: HashMap::new(),
            watching,
            last_poll: Instant::now(),
            shutdown: false,
            next_request: 0,
        }
    }

    fn capabilities(&self) -> ServerCapabilities {
        ServerCapabilities {
            position_encoding: Some(self.encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Kind(
                TextDocumentSyncKind::INCREMENTAL,
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new(FIX_ALL),
                ]),
                resolve_provider: Some(false),
                work_done_progress_options: lsp_types::WorkDoneProgressOptions::default(),
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![ACCEPT_VARIANT.to_string(), ALLOW.to_string()],
                work_done_progress_options: lsp_types::WorkDoneProgressOptions::default(),
            }),
            ..ServerCapabilities::default()
        }
    }

    /// After the handshake: ask to be told of changed TOML files, and load the profile of each
    /// workspace folder, so that the first buffer opened is checked at once.
    fn initialized(&mut self) {
        if self.watching {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*.toml".to_string()),
                    kind: None,
                }],
            };
            let params = RegistrationParams {
                registrations: vec![Registration {
                    id: "copydesk-watch-toml".to_string(),
                    method: notify::DidChangeWatchedFiles::METHOD.to_string(),
                    register_options: serde_json::to_value(options).ok(),
                }],
            };
            self.request(req::RegisterCapability::METHOD, params);
        }
        for folder in self.folders.clone() {
            let probe = folder.join("copydesk.md");
            if let Err(err) = self.workspace.profile_for(Some(&probe)) {
                let config = self.workspace.config_for(Some(&probe));
                self.show_broken(config, &err, false);
            }
        }
    }

    fn main_loop(&mut self) -> Result<bool, ServerError> {
        loop {
            let Ok(message) = self.connection.receiver.recv() else {
                return Err(ServerError::Disconnected);
            };
            let mut next = Some(message);
            while let Some(message) = next {
                if let Flow::Exit(clean) = self.handle(message) {
                    return Ok(clean);
                }
                next = self.connection.receiver.try_recv().ok();
            }
            self.flush();
        }
    }

    fn handle(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(request) => self.on_request(&request),
            Message::Notification(n) if n.method == notify::Exit::METHOD => {
                return Flow::Exit(self.shutdown);
            }
            Message::Notification(n) => self.on_notification(n),
            // Answers to our requests (registration, messages): nothing to do.
            Message::Response(_) => {}
        }
        Flow::Continue
    }

    fn send(&self, message: Message) {
        // A closed connection ends the main loop at its next receive.
        let _ = self.connection.sender.send(message);
    }

    fn notify<P: serde::Serialize>(&self, method: &str, params: P) {
        self.send(Notification::new(method.to_string(), params).into());
    }

    fn request<P: serde::Serialize>(&mut self, method: &str, params: P) {
        self.next_request += 1;
        let id = RequestId::from(format!("copydesk-{}", self.next_request));
        self.send(Request::new(id, method.to_string(), params).into());
    }

    fn show_message(&self, typ: MessageType, message: String) {
        self.notify(
            notify::ShowMessage::METHOD,
            ShowMessageParams { typ, message },
        );
    }

    fn on_request(&mut self, request: &Request) {
        let id = request.id.clone();
        if self.shutdown {
            let message = "the server is shutting down".to_string();
            self.send(Response::new_err(id, ErrorCode::InvalidRequest as i32, message).into());
            return;
        }
        let response = match request.method.as_str() {
            req::Shutdown::METHOD => {
                self.shutdown = true;
                Response::new_ok(id, ())
            }
            req::CodeActionRequest::METHOD => match parse(request) {
                Ok(params) => Response::new_ok(id, self.code_actions(&params)),
                Err(response) => response,
            },
            req::HoverRequest::METHOD => match parse(request) {
                Ok(params) => Response::new_ok(id, self.hover(&params)),
                Err(response) => response,
            },
            req::ExecuteCommand::METHOD => match parse(request) {
                Ok(params) => match self.execute(&params) {
                    Ok(()) => Response::new_ok(id, ()),
                    Err(message) => {
                        self.show_message(MessageType::ERROR, format!("copydesk: {message}"));
                        Response::new_err(id, ErrorCode::RequestFailed as i32, message)
                    }
                },
                Err(response) => response,
            },
            other => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("copydesk does not handle `{other}`"),
            ),
        };
        self.send(response.into());
    }

    fn on_notification(&mut self, n: Notification) {
        match n.method.as_str() {
            notify::DidOpenTextDocument::METHOD => {
                if let Some(p) = params::<DidOpenTextDocumentParams>(n) {
                    self.open(p);
                }
            }
            notify::DidChangeTextDocument::METHOD => {
                if let Some(p) = params::<DidChangeTextDocumentParams>(n) {
                    self.change(p);
                }
            }
            notify::DidCloseTextDocument::METHOD => {
                if let Some(p) = params::<DidCloseTextDocumentParams>(n) {
                    if self.buffers.remove(&p.text_document.uri).is_some() {
                        self.publish(p.text_document.uri, Vec::new(), None);
                    }
                }
            }
            notify::DidChangeWatchedFiles::METHOD => {
                if let Some(p) = params::<lsp_types::DidChangeWatchedFilesParams>(n) {
                    let paths: Vec<PathBuf> = p
                        .changes
                        .iter()
                        .filter_map(|c| uri::to_path(&c.uri))
                        .collect();
                    self.reload(&paths);
                }
            }
            notify::DidChangeWorkspaceFolders::METHOD => {
                if let Some(p) = params::<lsp_types::DidChangeWorkspaceFoldersParams>(n) {
                    let removed: Vec<PathBuf> = p
                        .event
                        .removed
                        .iter()
                        .filter_map(|f| uri::to_path(&f.uri))
                        .collect();
                    self.folders.retain(|f| !removed.contains(f));
                    self.folders
                        .extend(p.event.added.iter().filter_map(|f| uri::to_path(&f.uri)));
                }
            }
            _ => {}
        }
    }

    fn open(&mut self, p: DidOpenTextDocumentParams) {
        let doc = p.text_document;
        let path = self.path_of(&doc.uri);
        let Some(format) = format_of(&doc.language_id, &path) else {
            return;
        };
        let lines = LineIndex::new(&doc.text);
        self.buffers.insert(
            doc.uri,
            Buffer {
                path,
                format,
                text: doc.text,
                lines,
                version: doc.version,
                dirty: true,
                unpublished: true,
                checked: None,
            },
        );
    }

    fn change(&mut self, p: DidChangeTextDocumentParams) {
        let encoding = self.encoding;
        let Some(buffer) = self.buffers.get_mut(&p.text_document.uri) else {
            return;
        };
        for change in p.content_changes {
            match change.range {
                Some(range) => {
                    let span = buffer.lines.span(&buffer.text, range, encoding);
                    buffer.text.replace_range(span, &change.text);
                }
                None => buffer.text = change.text,
            }
            buffer.lines = LineIndex::new(&buffer.text);
        }
        buffer.version = p.text_document.version;
        buffer.dirty = true;
        buffer.unpublished = true;
    }

    /// The path a buffer is checked as: its file, or for an unsaved new buffer a file of that
    /// name in the first workspace folder.
    fn path_of(&self, uri: &Uri) -> PathBuf {
        if let Some(path) = uri::to_path(uri) {
            return path;
        }
        let name = uri
            .as_str()
            .rsplit([':', '/'])
            .next()
            .filter(|n| !n.is_empty())
            .unwrap_or("untitled");
        let folder = self
            .folders
            .first()
            .cloned()
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        folder.join(name)
    }

    /// Checks what changed and publishes what is new.
    fn flush(&mut self) {
        if !self.watching && self.last_poll.elapsed() >= POLL {
            self.last_poll = Instant::now();
            let mut changed = self.workspace.changed_files();
            changed.extend(
                self.broken
                    .values()
                    .flat_map(|b| &b.files)
                    .filter(|(path, modified)| modified_time(path) != *modified)
                    .map(|(path, _)| path.clone()),
            );
            // Also looks for configuration files afresh, which costs a few file lookups.
            self.reload(&changed);
        }
        let uris: Vec<Uri> = self
            .buffers
            .iter()
            .filter(|(_, b)| b.dirty || b.unpublished)
            .map(|(u, _)| u.clone())
            .collect();
        for uri in uris {
            self.ensure_checked(&uri);
            let Some(buffer) = self.buffers.get_mut(&uri) else {
                continue;
            };
            if !buffer.unpublished {
                continue;
            }
            buffer.unpublished = false;
            let version = Some(buffer.version);
            let diagnostics = match &buffer.checked {
                Some(c) => c
                    .report
                    .diagnostics
                    .iter()
                    .map(|d| {
                        convert::diagnostic(&uri, &buffer.text, &buffer.lines, self.encoding, d)
                    })
                    .collect(),
                None => Vec::new(),
            };
            self.publish(uri, diagnostics, version);
        }
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify(
            notify::PublishDiagnostics::METHOD,
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        );
    }

    /// Checks a buffer if it changed since it was last checked.
    fn ensure_checked(&mut self, uri: &Uri) {
        let Some(buffer) = self.buffers.get_mut(uri) else {
            return;
        };
        if !buffer.dirty {
            return;
        }
        buffer.dirty = false;
        let path = buffer.path.clone();
        let config = self.workspace.config_for(Some(&path));
        if self.broken.get(&config).is_some_and(|b| !b.kept) {
            buffer.checked = None;
            return;
        }
        let text = buffer.text.clone();
        let format = buffer.format;
        // A check that panics is a bug: the buffer goes unchecked, the server goes on.
        let workspace = &mut self.workspace;
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            workspace.check_buffer(&path, text, format, Date::today())
        }));
        let Ok(checked) = checked else {
            if let Some(buffer) = self.buffers.get_mut(uri) {
                buffer.checked = None;
            }
            let message = format!("copydesk: internal error while checking {}", path.display());
            self.show_message(MessageType::ERROR, message);
            return;
        };
        match checked {
            Ok((doc, report, profile)) => {
                if let Some(buffer) = self.buffers.get_mut(uri) {
                    buffer.checked = Some(Checked {
                        doc,
                        report,
                        profile,
                    });
                }
            }
            Err(err) => {
                if let Some(buffer) = self.buffers.get_mut(uri) {
                    buffer.checked = None;
                }
                self.show_broken(config, &err, false);
            }
        }
    }

    /// Takes changed files into account: rebuilds the profiles built from them, shows the
    /// problems of those that no longer load, and checks every buffer again.
    fn reload(&mut self, changed: &[PathBuf]) {
        let reloaded = self.workspace.reload(changed);
        // Configurations that had no working profile are tried again when files changed.
        let retry: Vec<Option<PathBuf>> = self
            .broken
            .iter()
            .filter(|(_, b)| !b.kept && !changed.is_empty())
            .map(|(c, _)| c.clone())
            .collect();
        for config in &retry {
            self.clear_broken(config.as_deref());
        }
        for config in &reloaded.profiles {
            self.clear_broken(config.as_deref());
        }
        for failure in reloaded.failures {
            self.show_broken(failure.config, &failure.error, true);
        }
        // A profile that failed to rebuild is unchanged: its buffers need no new check.
        if reloaded.profiles.is_empty() && retry.is_empty() {
            return;
        }
        for buffer in self.buffers.values_mut() {
            buffer.dirty = true;
            buffer.unpublished = true;
        }
    }

    /// Shows why a configuration's profile does not load: diagnostics in the files at fault, or
    /// a message when the problem is not in a file's text.
    fn show_broken(&mut self, config: Option<PathBuf>, err: &WorkspaceError, kept: bool) {
        let mut shown = Vec::new();
        let mut files: Vec<PathBuf> = config.iter().cloned().collect();
        match err {
            WorkspaceError::ReadDictionary { path, .. }
            | WorkspaceError::ReadFolder { path, .. }
            | WorkspaceError::DictionaryNotUtf8 { path, .. } => files.push(PathBuf::from(path)),
            _ => {}
        }
        if let Some((problems, _)) = err.problems() {
            files.extend(
                problems
                    .sources
                    .iter()
                    .filter(|s| !s.is_builtin())
                    .map(|s| PathBuf::from(&s.path)),
            );
        }
        let files = files
            .into_iter()
            .map(|p| {
                let p = crate::config::absolute(&p);
                let modified = modified_time(&p);
                (p, modified)
            })
            .collect();
        if let Some((problems, what)) = err.problems() {
            for (uri, diagnostics) in problem_diagnostics(problems, what, self.encoding) {
                shown.push(uri.clone());
                self.publish(uri, diagnostics, None);
            }
        } else {
            let still = if kept {
                "; the dictionaries loaded before are still used"
            } else {
                ""
            };
            self.show_message(MessageType::ERROR, format!("copydesk: {err}{still}"));
        }
        if let Some(old) = self.broken.remove(&config) {
            for uri in old.shown.into_iter().filter(|u| !shown.contains(u)) {
                self.publish(uri, Vec::new(), None);
            }
        }
        self.broken.insert(config, Broken { shown, kept, files });
    }

    fn clear_broken(&mut self, config: Option<&Path>) {
        if let Some(old) = self.broken.remove(&config.map(Path::to_path_buf)) {
            for uri in old.shown {
                self.publish(uri, Vec::new(), None);
            }
        }
    }
}

fn modified_time(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// A buffer's format: by language id, else by extension; `None` for what is not copy.
fn format_of(language_id: &str, path: &Path) -> Option<Format> {
    match language_id {
        "markdown" | "mdx" | "rmd" | "quarto" => Some(Format::Markdown),
        "plaintext" | "text" | "txt" => Some(Format::Text),
        _ => {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            match ext.as_deref() {
                Some("md" | "markdown" | "mdx" | "mkd") => Some(Format::Markdown),
                Some("txt") => Some(Format::Text),
                _ => None,
            }
        }
    }
}

/// The problems of a configuration or its dictionaries as diagnostics, per file.
fn problem_diagnostics(
    problems: &RuleProblems,
    what: &str,
    encoding: Encoding,
) -> Vec<(Uri, Vec<lsp_types::Diagnostic>)> {
    let mut by_file: Vec<(Uri, Vec<lsp_types::Diagnostic>)> = Vec::new();
    for problem in &problems.problems {
        let Some(source) = problems.sources.get(problem.file) else {
            continue;
        };
        let path = crate::config::absolute(Path::new(&source.path));
        let Some(uri) = uri::from_path(&path) else {
            continue;
        };
        let lines = LineIndex::new(&source.text);
        let related = problem
            .secondary
            .iter()
            .filter_map(|(file, span, message)| {
                let other = problems.sources.get(*file)?;
                let other_uri = uri::from_path(&crate::config::absolute(Path::new(&other.path)))?;
                let range = LineIndex::new(&other.text).range(&other.text, span, encoding);
                Some(lsp_types::DiagnosticRelatedInformation {
                    location: lsp_types::Location::new(other_uri, range),
                    message: message.clone(),
                })
            })
            .collect::<Vec<_>>();
        let diagnostic = lsp_types::Diagnostic {
            range: lines.range(&source.text, &problem.span, encoding),
            severity: Some(lsp_types::DiagnosticSeverity::ERROR),
            code: Some(lsp_types::NumberOrString::String(what.to_string())),
            source: Some("copydesk".to_string()),
            message: problem.message.clone(),
            related_information: (!related.is_empty()).then_some(related),
            ..lsp_types::Diagnostic::default()
        };
        match by_file.iter_mut().find(|(u, _)| *u == uri) {
            Some((_, list)) => list.push(diagnostic),
            None => by_file.push((uri, vec![diagnostic])),
        }
    }
    by_file
}

/// A notification's parameters (a notification whose parameters do not parse is ignored, as
/// the protocol says).
fn params<P: serde::de::DeserializeOwned>(n: Notification) -> Option<P> {
    serde_json::from_value(n.params).ok()
}

/// A request's parameters, or the error response for parameters that do not parse.
fn parse<P: serde::de::DeserializeOwned>(request: &Request) -> Result<P, Response> {
    serde_json::from_value(request.params.clone()).map_err(|err| {
        Response::new_err(
            request.id.clone(),
            ErrorCode::InvalidParams as i32,
            format!("invalid parameters for `{}`: {err}", request.method),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_are_copy_by_language_or_extension() {
        let p = Path::new;
        assert_eq!(format_of("markdown", p("a.txt")), Some(Format::Markdown));
        assert_eq!(format_of("plaintext", p("a.md")), Some(Format::Text));
        assert_eq!(format_of("", p("a.MD")), Some(Format::Markdown));
        assert_eq!(format_of("rust", p("a.rs")), None);
    }
}
