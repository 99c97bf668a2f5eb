//! The language server (`copydesk server`), driven as an editor drives it: in process over an
//! in-memory connection for most tests, and once as the real binary speaking framed JSON-RPC on
//! its standard streams.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};

/// How long a test waits for a message before failing.
const WAIT: Duration = Duration::from_secs(60);

const DICTIONARY: &str = r#"# The desk's own names.
[[place]]
name = "Kyiv"
misspellings = ["Kiev"]

[[person]]
name = "Steve Witkoff"
misspellings = ["Witzoff"]

  [[person.role]]
  title = "Special Envoy"
  from = 2025-01-20

[[phrase]]
use = "adviser"
instead-of = ["advisor"]
"#;

const CONFIG: &str = "rules = [\"desk.toml\"]  # our names\ndefault-rules = false\n";

const ARTICLE: &str =
    "---\ndate: 2025-12-20\n---\n\nCafé 😀 Kiev\r\nSteve Witzoff met an advisor.\n";

/// A newsroom folder (a repository root) with a configuration and a dictionary.
fn newsroom() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
    std::fs::write(dir.path().join("desk.toml"), DICTIONARY).expect("write");
    std::fs::write(dir.path().join("copydesk.toml"), CONFIG).expect("write");
    dir
}

fn file_uri(path: &Path) -> String {
    copydesk::server::uri::from_path(path)
        .expect("a file URI")
        .as_str()
        .to_string()
}

/// An editor talking to a server running on a thread.
struct Client {
    conn: Connection,
    server: Option<JoinHandle<Result<bool, copydesk::server::ServerError>>>,
    next_id: i32,
    /// Notifications received while waiting for something else.
    pending: Vec<Notification>,
    init: Value,
}

impl Client {
    /// Starts a server and initializes it with `capabilities` for the folder `root`.
    fn start(root: &Path, capabilities: &Value) -> Client {
        let (client, server) = Connection::memory();
        let handle = std::thread::spawn(move || copydesk::server::run(&server));
        let mut c = Client {
            conn: client,
            server: Some(handle),
            next_id: 0,
            pending: Vec::new(),
            init: Value::Null,
        };
        let root_uri = file_uri(root);
        c.init = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "capabilities": capabilities,
                "workspaceFolders": [{"uri": root_uri, "name": "news"}],
            }),
        );
        c.notify("initialized", json!({}));
        c
    }

    fn recv(&mut self) -> Message {
        self.conn
            .receiver
            .recv_timeout(WAIT)
            .expect("a message from the server in time")
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.to_string(), params).into())
            .expect("send");
    }

    /// Sends a request and returns its response (an error response is returned as is).
    fn request_raw(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.to_string(), params).into())
            .expect("send");
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => return r,
                Message::Response(r) => panic!("an answer to another request: {r:?}"),
                Message::Notification(n) => self.pending.push(n),
                Message::Request(r) => self.answer(&r),
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        match response.response_result {
            Ok(result) => result,
            Err(err) => panic!("{method}: {err:?}"),
        }
    }

    /// Answers the server's own requests (registering file watchers) with success.
    fn answer(&self, r: &Request) {
        self.conn
            .sender
            .send(Response::new_ok(r.id.clone(), ()).into())
            .expect("send");
    }

    /// The next notification `method` about `uri` (for `publishDiagnostics`).
    fn next_about(&mut self, method: &str, uri: &str) -> Value {
        if let Some(i) = self
            .pending
            .iter()
            .position(|n| n.method == method && n.params["uri"] == uri)
        {
            return self.pending.remove(i).params;
        }
        loop {
            match self.recv() {
                Message::Notification(n) if n.method == method && n.params["uri"] == uri => {
                    return n.params
                }
                Message::Notification(n) => self.pending.push(n),
                Message::Request(r) => self.answer(&r),
                Message::Response(r) => panic!("an unexpected response: {r:?}"),
            }
        }
    }

    fn diagnostics(&mut self, uri: &str) -> Value {
        self.next_about("textDocument/publishDiagnostics", uri)
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    /// Shuts the server down and returns whether it exited cleanly.
    fn shutdown(mut self) -> bool {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.exit()
    }

    fn exit(mut self) -> bool {
        self.notify("exit", Value::Null);
        self.server
            .take()
            .expect("a server")
            .join()
            .expect("the server thread does not panic")
            .expect("the server ends without error")
    }
}

/// `(code, line, start character, end character)` of each diagnostic.
fn places(published: &Value) -> Vec<(String, u64, u64, u64)> {
    published["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().expect("code").to_string(),
                r["start"]["line"].as_u64().expect("line"),
                r["start"]["character"].as_u64().expect("character"),
                r["end"]["character"].as_u64().expect("character"),
            )
        })
        .collect()
}

fn utf8_client() -> Value {
    json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}})
}

#[test]
fn utf16_columns_after_accents_emoji_and_crlf() {
    let dir = newsroom();
    let mut client = Client::start(dir.path(), &json!({}));
    assert_eq!(client.init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(client.init["serverInfo"]["name"], "copydesk");
    let uri = file_uri(&dir.path().join("story.md"));
    let published = client.open(&uri, "markdown", ARTICLE);
    assert_eq!(published["version"], 1);
    assert_eq!(
        places(&published),
        [
            ("misspelled-name".to_string(), 4, 8, 12),
            ("misspelled-name".to_string(), 5, 6, 13),
            ("house-style".to_string(), 5, 21, 28),
        ]
    );
    let d = &published["diagnostics"][0];
    assert_eq!(d["source"], "copydesk");
    assert_eq!(d["severity"], 1);
    assert_eq!(
        d["message"],
        "`Kiev` is a misspelling of place `Kyiv`\nhelp: write \"Kyiv\""
    );
    assert_eq!(d["data"]["fixes"][0]["newText"], "Kyiv");
    assert_eq!(d["data"]["fixes"][0]["applicability"], "safe");
    assert_eq!(d["data"]["entity"], "kyiv");
    // An incremental change at the same UTF-16 columns, right after the emoji: `Kiev` replaced.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 4, "character": 8}, "end": {"line": 4, "character": 12}}, "text": "Kyiv"}],
        }),
    );
    let published = client.diagnostics(&uri);
    assert_eq!(published["version"], 2);
    assert_eq!(
        places(&published),
        [
            ("misspelled-name".to_string(), 5, 6, 13),
            ("house-style".to_string(), 5, 21, 28),
        ]
    );
    assert!(client.shutdown());
}

#[test]
fn utf8_columns_when_the_client_offers_them() {
    let dir = newsroom();
    let mut client = Client::start(dir.path(), &utf8_client());
    assert_eq!(client.init["capabilities"]["positionEncoding"], "utf-8");
    let uri = file_uri(&dir.path().join("story.md"));
    let published = client.open(&uri, "markdown", ARTICLE);
    // `Café 😀 ` is 11 bytes.
    assert_eq!(
        places(&published)[0],
        ("misspelled-name".to_string(), 4, 11, 15)
    );
    // Changes come in the same units: bytes 11 to 15 are `Kiev`.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 4, "character": 11}, "end": {"line": 4, "character": 15}}, "text": "Kyiv"}],
        }),
    );
    let codes: Vec<String> = places(&client.diagnostics(&uri))
        .into_iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(codes, ["misspelled-name", "house-style"]);
    let fixed = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 4, "character": 11}}),
    );
    assert!(fixed["contents"]["value"]
        .as_str()
        .expect("markdown")
        .contains("Canonical form: `Kyiv`"));
    assert!(client.shutdown());
}

#[test]
fn incremental_changes_are_checked_with_their_version_and_closing_clears() {
    let dir = newsroom();
    let mut client = Client::start(dir.path(), &json!({}));
    let uri = file_uri(&dir.path().join("story.md"));
    client.open(&uri, "markdown", ARTICLE);
    // Type "In " before "Café", then fix "Kiev" by hand in a second change of the same message.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [
                {"range": {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 0}}, "text": "In "},
                {"range": {"start": {"line": 5, "character": 17}, "end": {"line": 5, "character": 28}}, "text": "an adviser"},
            ]
        }),
    );
    let published = client.diagnostics(&uri);
    assert_eq!(published["version"], 2);
    assert_eq!(
        places(&published),
        [
            ("misspelled-name".to_string(), 4, 11, 15),
            ("misspelled-name".to_string(), 5, 6, 13),
        ]
    );
    // A change that replaces everything.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": "Kyiv.\n"}]}),
    );
    let published = client.diagnostics(&uri);
    assert_eq!(published["version"], 3);
    assert!(places(&published).is_empty());
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let published = client.diagnostics(&uri);
    assert!(published["diagnostics"]
        .as_array()
        .expect("list")
        .is_empty());
    assert!(client.shutdown());
}

/// Applies the `changes` of a workspace edit for `uri` to `text` (UTF-16 positions).
fn apply(text: &str, edit: &Value, uri: &str) -> String {
    let mut edits: Vec<(usize, usize, String)> = edit["changes"][uri]
        .as_array()
        .expect("edits for the document")
        .iter()
        .map(|e| {
            let offset = |p: &Value| {
                let index = copydesk::server::position::LineIndex::new(text);
                index.offset(
                    text,
                    lsp_types::Position::new(
                        u32::try_from(p["line"].as_u64().expect("line")).expect("u32"),
                        u32::try_from(p["character"].as_u64().expect("character")).expect("u32"),
                    ),
                    copydesk::server::position::Encoding::Utf16,
                )
            };
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().expect("text").to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    out
}

fn actions_at(
    client: &mut Client,
    uri: &str,
    line: u32,
    character: u32,
    only: Option<&str>,
) -> Vec<Value> {
    let mut context = json!({"diagnostics": []});
    if let Some(kind) = only {
        context["only"] = json!([kind]);
    }
    let pos = json!({"line": line, "character": character});
    client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": pos, "end": pos}, "context": context}),
        )
        .as_array()
        .expect("actions")
        .clone()
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action `{title}` in {actions:#?}"))
}

#[test]
fn quick_fixes_fix_all_and_ignore_in_this_file() {
    let dir = newsroom();
    let mut client = Client::start(dir.path(), &json!({}));
    let uri = file_uri(&dir.path().join("story.md"));
    client.open(&uri, "markdown", ARTICLE);
    let actions = actions_at(&mut client, &uri, 4, 9, None);
    let fix = titled(&actions, "Write `Kyiv`");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "misspelled-name");
    let fixed = apply(ARTICLE, &fix["edit"], &uri);
    assert_eq!(fixed, ARTICLE.replace("Kiev", "Kyiv"));

    let ignore = titled(&actions, "Ignore misspelled-name in this file");
    let ignored = apply(ARTICLE, &ignore["edit"], &uri);
    assert!(ignored.starts_with(
        "---\ndate: 2025-12-20\n---\n<!-- copydesk-disable misspelled-name -->\r\n\r\n"
    ));
    let unsaved = file_uri(&dir.path().join("ignored.md"));
    let codes: Vec<String> = places(&client.open(&unsaved, "markdown", &ignored))
        .into_iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(
        codes,
        ["house-style"],
        "the comment turns the check off and is used"
    );
    // The newsroom's dictionary is a file: the name may be accepted, or the word allowed.
    titled(
        &actions,
        "Add `Kiev` to the dictionary (allow in copydesk.toml)",
    );
    titled(&actions, "Accept `Kiev` as a variant of Kyiv");

    // Fix all: the safe fixes only, as `check --fix` applies them.
    let all = actions_at(&mut client, &uri, 0, 0, Some("source.fixAll"));
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["kind"], "source.fixAll.copydesk");
    assert_eq!(all[0]["title"], "Fix 3 problems safely in this file");
    let fixed = apply(ARTICLE, &all[0]["edit"], &uri);
    assert_eq!(
        fixed,
        ARTICLE
            .replace("Kiev", "Kyiv")
            .replace("Witzoff", "Witkoff")
            .replace("advisor", "adviser")
    );
    // Applying it leaves nothing to report.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    assert!(places(&client.diagnostics(&uri)).is_empty());
    assert!(actions_at(&mut client, &uri, 0, 0, Some("source.fixAll")).is_empty());
    assert!(client.shutdown());
}

#[test]
fn an_unsafe_fix_is_offered_not_preferred_and_left_out_of_fix_all() {
    let dir = newsroom();
    let mut client = Client::start(dir.path(), &json!({}));
    let uri = file_uri(&dir.path().join("story.md"));
    let text = "---\ndate: 2025-12-20\n---\n\nWitkoff said so.\n\nSteve Witkoff left.\n";
    let published = client.open(&uri, "markdown", text);
    let d = &published["diagnostics"][0];
    assert_eq!(d["code"], "first-reference");
    assert_eq!(d["severity"], 3, "information");
    // The label is related information, at the full name.
    let related = &d["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri.as_str());
    assert_eq!(
        related["location"]["range"]["start"],
        json!({"line": 6, "character": 0})
    );
    assert_eq!(related["message"], "full name first given here");
    assert_eq!(d["data"]["fixes"][0]["applicability"], "unsafe");

    let actions = actions_at(&mut client, &uri, 4, 2, None);
    let fix = titled(&actions, "Write `Steve Witkoff` (check the meaning)");
    assert_eq!(fix["isPreferred"], false);
    assert_eq!(
        apply(text, &fix["edit"], &uri),
        text.replacen("Witkoff said", "Steve Witkoff said", 1)
    );
    assert!(actions_at(&mut client, &uri, 0, 0, Some("source.fixAll")).is_empty());
    assert!(client.shutdown());
}

#[test]
fn accepting_a_variant_edits_the_dictionary_and_checks_again() {
    let dir = newsroom();
    let mut client = Client::start(dir.path(), &json!({}));
    let uri = file_uri(&dir.path().join("story.md"));
    client.open(&uri, "markdown", ARTICLE);
    let actions = actions_at(&mut client, &uri, 5, 8, None);
    let accept = titled(
        &actions,
        "Accept `Steve Witzoff` as a variant of Steve Witkoff",
    );
    let command = &accept["command"];
    assert_eq!(command["command"], "copydesk.acceptVariant");
    client.request(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": command["arguments"]}),
    );
    let dictionary = std::fs::read_to_string(dir.path().join("desk.toml")).expect("read");
    assert_eq!(
        dictionary,
        DICTIONARY.replace(
            "misspellings = [\"Witzoff\"]\n",
            "variants = [\"Steve Witzoff\"]\n"
        ),
        "the variant is added, the misspelling gone, comments and layout kept"
    );
    let published = client.diagnostics(&uri);
    let codes: Vec<String> = places(&published).into_iter().map(|p| p.0).collect();
    assert_eq!(
        codes,
        ["misspelled-name", "house-style"],
        "Witzoff is now right"
    );

    // Allowing a word makes a configuration's `allow` list longer.
    let actions = actions_at(&mut client, &uri, 5, 22, None);
    let allow = &titled(
        &actions,
        "Add `advisor` to the dictionary (allow in copydesk.toml)",
    )["command"];
    client.request(
        "workspace/executeCommand",
        json!({"command": allow["command"], "arguments": allow["arguments"]}),
    );
    let config = std::fs::read_to_string(dir.path().join("copydesk.toml")).expect("read");
    assert_eq!(config, format!("{CONFIG}allow = [\"advisor\"]\n"));
    let codes: Vec<String> = places(&client.diagnostics(&uri))
        .into_iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(codes, ["misspelled-name"]);
    assert!(client.shutdown());
}

#[test]
fn adding_a_word_without_a_configuration_makes_one_at_the_repository_root() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
    std::fs::create_dir(dir.path().join("politics")).expect("mkdir");
    let mut client = Client::start(dir.path(), &json!({}));
    let uri = file_uri(&dir.path().join("politics/story.md"));
    let text = "Officials in Kiev met.\n";
    assert_eq!(
        places(&client.open(&uri, "markdown", text)),
        [("misspelled-name".to_string(), 0, 13, 17)],
        "the built-in dictionaries know Kyiv"
    );
    let actions = actions_at(&mut client, &uri, 0, 14, None);
    // Built-in dictionaries are not edited: no "accept as a variant".
    assert!(actions
        .iter()
        .all(|a| !a["title"].as_str().expect("title").starts_with("Accept")));
    let allow = &titled(
        &actions,
        "Add `Kiev` to the dictionary (allow in copydesk.toml)",
    )["command"];
    client.request(
        "workspace/executeCommand",
        json!({"command": allow["command"], "arguments": allow["arguments"]}),
    );
    let config = std::fs::read_to_string(dir.path().join("copydesk.toml")).expect("made");
    assert_eq!(config, "allow = [\"Kiev\"]\n");
    assert!(places(&client.diagnostics(&uri)).is_empty());
    assert!(client.shutdown());
}

#[test]
fn an_edit_the_dictionaries_refuse_is_undone_and_reported() {
    let dir = newsroom();
    let mut client = Client::start(dir.path(), &json!({}));
    let uri = file_uri(&dir.path().join("story.md"));
    client.open(&uri, "markdown", ARTICLE);
    let before = std::fs::read_to_string(dir.path().join("desk.toml")).expect("read");
    // `Kiev` is Kyiv's misspelling: as Steve Witkoff's variant too, two entries would claim it.
    let command = json!({
        "command": "copydesk.acceptVariant",
        "arguments": [{"dictionary": dir.path().join("desk.toml"), "entity": "steve-witkoff", "form": "Kiev", "written": "Kiev"}],
    });
    let response = client.request_raw("workspace/executeCommand", command);
    let error = response.response_result.expect_err("an error");
    assert!(
        error.message.contains("was not changed"),
        "{}",
        error.message
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("desk.toml")).expect("read"),
        before
    );
    assert!(client.shutdown());
}

#[test]
fn hover_shows_the_entity_its_canonical_form_and_roles() {
    let dir = newsroom();
    let mut client = Client::start(dir.path(), &json!({}));
    let uri = file_uri(&dir.path().join("story.md"));
    client.open(&uri, "markdown", ARTICLE);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 5, "character": 8}}),
    );
    let text = hover["contents"]["value"].as_str().expect("markdown");
    assert!(
        text.contains("**Steve Witkoff** (person, `steve-witkoff`)"),
        "{text}"
    );
    assert!(text.contains("Canonical form: `Steve Witkoff`"), "{text}");
    assert!(
        text.contains("- Special Envoy, since 2025-01-20 — held"),
        "{text}"
    );
    assert!(text.contains("**misspelled-name** (error)"), "{text}");
    assert_eq!(hover["range"]["start"], json!({"line": 5, "character": 6}));
    // Nothing known under the cursor: no hover.
    let nothing = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 5, "character": 15}}),
    );
    assert_eq!(nothing, Value::Null);
    assert!(client.shutdown());
}

fn hover_text(client: &mut Client, uri: &str, line: u32, character: u32) -> String {
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    hover["contents"]["value"]
        .as_str()
        .expect("markdown")
        .to_string()
}

#[test]
fn hover_judges_roles_and_titles_on_the_article_date() {
    let dir = newsroom();
    // The desk last checked its facts in mid-2025.
    std::fs::write(
        dir.path().join("desk.toml"),
        format!("as-of = 2025-06-01\n{DICTIONARY}"),
    )
    .expect("write");
    let mut client = Client::start(dir.path(), &json!({}));
    // Before the role began, by the front matter's date: listed, not held.
    let before = file_uri(&dir.path().join("before.md"));
    client.open(
        &before,
        "markdown",
        "---\ndate: 2024-06-01\n---\n\nSteve Witkoff spoke.\n",
    );
    let text = hover_text(&mut client, &before, 4, 2);
    assert!(text.contains("Roles (as of 2024-06-01):"), "{text}");
    assert!(
        text.contains("- Special Envoy, since 2025-01-20\n"),
        "not held then: {text}"
    );
    assert!(!text.contains("last checked"), "{text}");
    // On a title: who holds it on the article's date.
    let after = file_uri(&dir.path().join("after.md"));
    client.open(
        &after,
        "markdown",
        "---\ndate: 2025-12-20\n---\n\nThe Special Envoy Steve Witkoff spoke.\n",
    );
    let name = hover_text(&mut client, &after, 4, 20);
    assert!(
        name.contains("- Special Envoy, since 2025-01-20 — held\n\nThe dictionaries' facts were last checked on 2025-06-01, before this copy's date"),
        "{name}"
    );
    let text = hover_text(&mut client, &after, 4, 6);
    assert!(text.contains("**Special Envoy** (title)"), "{text}");
    assert!(
        text.contains("Held on 2025-12-20 by:\n\n- Steve Witkoff, since 2025-01-20"),
        "{text}"
    );
    assert!(client.shutdown());
}

fn watched(client: &Client, path: &Path) {
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(path), "type": 2}]}),
    );
}

#[test]
fn configuration_changes_reload_and_check_open_buffers_again() {
    let dir = newsroom();
    let mut client = Client::start(
        dir.path(),
        &json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
    );
    let uri = file_uri(&dir.path().join("story.md"));
    assert_eq!(places(&client.open(&uri, "markdown", ARTICLE)).len(), 3);
    let config = dir.path().join("copydesk.toml");
    std::fs::write(
        &config,
        format!("{CONFIG}[severity]\nmisspelled-name = \"off\"\n"),
    )
    .expect("write");
    watched(&client, &config);
    let codes: Vec<String> = places(&client.diagnostics(&uri))
        .into_iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(codes, ["house-style"]);
    assert!(client.shutdown());
}

#[test]
fn without_file_watching_changed_files_are_noticed_before_the_next_check() {
    let dir = newsroom();
    let mut client = Client::start(dir.path(), &json!({}));
    let uri = file_uri(&dir.path().join("story.md"));
    assert_eq!(places(&client.open(&uri, "markdown", ARTICLE)).len(), 3);
    std::fs::write(
        dir.path().join("desk.toml"),
        DICTIONARY.replace("misspellings = [\"Kiev\"]", "variants = [\"Kiev\"]"),
    )
    .expect("write");
    // Modification times are looked at no more than once a second.
    std::thread::sleep(Duration::from_millis(1100));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": []}),
    );
    let codes: Vec<String> = places(&client.diagnostics(&uri))
        .into_iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(
        codes,
        ["misspelled-name", "house-style"],
        "Kiev is a variant now"
    );
    assert!(client.shutdown());
}

#[test]
fn a_broken_dictionary_is_shown_in_it_and_the_last_good_set_keeps_working() {
    let dir = newsroom();
    let mut client = Client::start(
        dir.path(),
        &json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
    );
    let uri = file_uri(&dir.path().join("story.md"));
    client.open(&uri, "markdown", ARTICLE);
    let dictionary = dir.path().join("desk.toml");
    let dictionary_uri = file_uri(&dictionary);
    std::fs::write(
        &dictionary,
        DICTIONARY.replace("name = \"Kyiv\"", "name = 3"),
    )
    .expect("write");
    watched(&client, &dictionary);
    let problems = client.diagnostics(&dictionary_uri);
    let problem = &problems["diagnostics"][0];
    assert_eq!(problem["code"], "dictionary");
    assert_eq!(problem["severity"], 1);
    assert_eq!(
        problem["range"]["start"],
        json!({"line": 2, "character": 7})
    );
    // The buffer is still checked with the dictionaries that loaded last.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "Kiev.\n"}]}),
    );
    let published = client.diagnostics(&uri);
    assert_eq!(
        places(&published),
        [("misspelled-name".to_string(), 0, 0, 4)]
    );
    // Repaired: the problems are cleared.
    std::fs::write(&dictionary, DICTIONARY).expect("write");
    watched(&client, &dictionary);
    let cleared = client.diagnostics(&dictionary_uri);
    assert!(cleared["diagnostics"].as_array().expect("list").is_empty());
    assert!(client.shutdown());
}

#[test]
fn a_configuration_broken_from_the_start_is_shown_and_nothing_crashes() {
    let dir = newsroom();
    std::fs::write(dir.path().join("copydesk.toml"), "stlye = \"ap\"\n").expect("write");
    let mut client = Client::start(dir.path(), &json!({}));
    let config_uri = file_uri(&dir.path().join("copydesk.toml"));
    let problems = client.diagnostics(&config_uri);
    assert_eq!(problems["diagnostics"][0]["code"], "configuration");
    let uri = file_uri(&dir.path().join("story.md"));
    let published = client.open(&uri, "markdown", ARTICLE);
    assert!(places(&published).is_empty());
    // Repaired (this client does not watch files: modification times are looked at, at most
    // once a second): the problems are cleared and the buffer is checked.
    std::fs::write(dir.path().join("copydesk.toml"), CONFIG).expect("write");
    std::thread::sleep(Duration::from_millis(1100));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": []}),
    );
    let cleared = client.diagnostics(&config_uri);
    assert!(cleared["diagnostics"].as_array().expect("list").is_empty());
    assert_eq!(places(&client.diagnostics(&uri)).len(), 3);
    assert!(client.shutdown());
}

#[test]
fn requests_after_shutdown_fail_and_exit_without_shutdown_is_not_clean() {
    let dir = newsroom();
    let mut client = Client::start(dir.path(), &json!({}));
    let unknown = client.request_raw("textDocument/completion", json!({}));
    assert_eq!(unknown.response_result.expect_err("an error").code, -32601);
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    let late = client.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///a.md"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(late.response_result.expect_err("an error").code, -32600);
    assert!(client.exit());

    let client = Client::start(dir.path(), &json!({}));
    assert!(!client.exit(), "exit without shutdown");
}

#[test]
fn plain_text_buffers_and_unsaved_ones_are_checked() {
    let dir = newsroom();
    let mut client = Client::start(dir.path(), &json!({}));
    let published = client.open("untitled:Untitled-1", "plaintext", "In Kiev.\n");
    assert_eq!(
        places(&published),
        [("misspelled-name".to_string(), 0, 3, 7)]
    );
    // Plain text has no comments: no "ignore in this file".
    let actions = actions_at(&mut client, "untitled:Untitled-1", 0, 4, None);
    assert!(actions
        .iter()
        .all(|a| !a["title"].as_str().expect("title").starts_with("Ignore")));
    // A buffer that is not copy is left alone.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": file_uri(&dir.path().join("main.rs")), "languageId": "rust", "version": 1, "text": "Kiev"}}),
    );
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": file_uri(&dir.path().join("main.rs"))}, "position": {"line": 0, "character": 1}}),
    );
    assert_eq!(hover, Value::Null);
    assert!(client.shutdown());
}

/// Reads one framed message (`Content-Length` header, blank line, JSON).
fn read_frame(reader: &mut impl BufRead) -> Value {
    let mut length = None;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("a header line");
        assert!(!line.is_empty(), "the server closed its output");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(": ").expect("a header");
        assert_eq!(
            name, "Content-Length",
            "only Content-Length headers: {line}"
        );
        length = Some(value.parse::<usize>().expect("a length"));
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    reader.read_exact(&mut body).expect("the body");
    serde_json::from_slice(&body).expect("JSON")
}

fn write_frame(w: &mut impl Write, message: &Value) {
    let body = message.to_string();
    write!(w, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
    w.flush().expect("flush");
}

#[test]
fn the_binary_speaks_framed_json_rpc_on_its_standard_streams() {
    let dir = newsroom();
    let root: PathBuf = dir.path().to_path_buf();
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["server", "--stdio"])
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start copydesk server");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let root_uri = file_uri(&root);
    write_frame(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"processId": null, "rootUri": root_uri, "capabilities": {}}}),
    );
    let init = read_frame(&mut stdout);
    assert_eq!(init["id"], 1);
    assert_eq!(init["result"]["capabilities"]["textDocumentSync"], 2);
    write_frame(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    let uri = file_uri(&root.join("story.md"));
    write_frame(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 7, "text": ARTICLE}}}),
    );
    let published = read_frame(&mut stdout);
    assert_eq!(published["method"], "textDocument/publishDiagnostics");
    assert_eq!(published["params"]["version"], 7);
    assert_eq!(
        published["params"]["diagnostics"].as_array().map(Vec::len),
        Some(3)
    );
    write_frame(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
    );
    assert_eq!(
        read_frame(&mut stdout),
        json!({"jsonrpc": "2.0", "id": 2, "result": null})
    );
    write_frame(&mut stdin, &json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(stdin);
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).expect("read the rest");
    assert!(
        rest.is_empty(),
        "nothing after the last message: {}",
        String::from_utf8_lossy(&rest)
    );
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(0));
}
