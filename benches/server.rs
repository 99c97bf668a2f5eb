//! The language server's latency as an editor sees it, in process over an in-memory connection:
//!
//! - `start-and-open`: a server started and initialized, then `didOpen` of a 5,000-word article,
//!   to its `publishDiagnostics` (the dictionaries are loaded on the way);
//! - `open`: from `didOpen` of a 5,000-word article to its `publishDiagnostics`;
//! - `change`: from a `didChange` of one character (typed, then deleted) to the new diagnostics.
//!
//! Each with the built-in dictionaries, and with 100,000 extra synthetic people (the kind of
//! dictionary `scripts/synth-dictionary` writes) loaded through a `copydesk.toml`. For `open` and
//! `change`, the dictionaries are loaded when the server starts, before anything is timed. Run with
//! `cargo bench --bench server`.

mod synth;

use std::path::Path;
use std::time::{Duration, Instant};

use copydesk::rules::RuleSet;
use criterion::{criterion_group, criterion_main, Criterion};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

use synth::{Cast, Rng};

/// Words in the article opened.
const WORDS: usize = 5_000;

struct Server {
    conn: Connection,
    thread: Option<std::thread::JoinHandle<()>>,
    opened: usize,
}

impl Server {
    fn start(root: &Path) -> Server {
        let (conn, server) = Connection::memory();
        let thread = std::thread::spawn(move || {
            copydesk::server::run(&server).expect("the server runs");
        });
        let root = copydesk::server::uri::from_path(root).expect("a URI");
        let params = json!({"processId": null, "rootUri": root.as_str(), "capabilities": {},
                            "workspaceFolders": [{"uri": root.as_str(), "name": "news"}]});
        let request = Request::new(RequestId::from(1), "initialize".into(), params);
        conn.sender.send(request.into()).expect("send");
        loop {
            if let Message::Response(_) = conn.receiver.recv().expect("an answer") {
                break;
            }
        }
        let server = Server {
            conn,
            thread: Some(thread),
            opened: 0,
        };
        server.notify("initialized", json!({}));
        server
    }

    fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.into(), params);
        self.conn.sender.send(n.into()).expect("send");
    }

    /// Waits for the diagnostics of `uri` at `version` and returns how many there are.
    fn published(&self, uri: &str, version: i64) -> usize {
        loop {
            match self.conn.receiver.recv().expect("a message") {
                Message::Notification(n)
                    if n.method == "textDocument/publishDiagnostics"
                        && n.params["uri"] == uri
                        && n.params["version"] == version =>
                {
                    return n.params["diagnostics"].as_array().map_or(0, Vec::len);
                }
                _ => {}
            }
        }
    }

    /// Opens `text` as a new file, returns its URI and the time to its diagnostics.
    fn open(&mut self, root: &Path, text: &str) -> (String, Duration) {
        self.opened += 1;
        let path = root.join(format!("article-{}.md", self.opened));
        let uri = copydesk::server::uri::from_path(&path)
            .expect("a URI")
            .as_str()
            .to_string();
        let start = Instant::now();
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
        self.published(&uri, 1);
        (uri, start.elapsed())
    }

    fn close(&self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let shutdown = Request::new(RequestId::from(2), "shutdown".into(), Value::Null);
        let _ = self.conn.sender.send(shutdown.into());
        self.notify("exit", Value::Null);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A synthetic article of at least [`WORDS`] words, with a misspelling in about one name in 20.
fn article() -> String {
    let rules = RuleSet::load(RuleSet::builtin_sources()).expect("the built-in dictionaries");
    let cast = Cast::from_rules(&rules);
    let mut rng = Rng::new(15);
    let mut size = 30_000;
    loop {
        let text = cast.article(&mut rng, size, 20);
        if text.split_whitespace().count() >= WORDS {
            return text;
        }
        size += 2_000;
    }
}

fn bench_folder(c: &mut Criterion, name: &str, root: &Path, text: &str) {
    let mut g = c.benchmark_group(format!("server/{name}"));
    g.sample_size(10);
    // A server started, its dictionaries loaded (through the cache of compiled large
    // dictionaries, warm after the first run) and the article opened and checked.
    g.bench_function("start-and-open", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let mut server = Server::start(root);
                server.open(root, text);
                total += start.elapsed();
            }
            total
        });
    });
    g.finish();
    let mut server = Server::start(root);
    // Loaded dictionaries and a first check before anything is timed.
    let (uri, _) = server.open(root, text);
    server.close(&uri);
    let mut g = c.benchmark_group(format!("server/{name}"));
    g.sample_size(30);
    g.bench_function("open", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let (uri, took) = server.open(root, text);
                total += took;
                server.close(&uri);
            }
            total
        });
    });
    let (uri, _) = server.open(root, text);
    // A character typed in the middle of a line of the body, then deleted.
    let line = text.lines().count() / 2;
    let mut version = 1;
    g.bench_function("change", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                version += 1;
                let typed = version % 2 == 0;
                let at = json!({"line": line, "character": 0});
                let after = json!({"line": line, "character": 1});
                let change = if typed {
                    json!({"range": {"start": at, "end": at}, "text": "x"})
                } else {
                    json!({"range": {"start": at, "end": after}, "text": ""})
                };
                let start = Instant::now();
                server.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
                );
                server.published(&uri, version);
                total += start.elapsed();
            }
            total
        });
    });
    g.finish();
}

fn server(c: &mut Criterion) {
    let text = article();
    eprintln!(
        "article: {} words, {} bytes",
        text.split_whitespace().count(),
        text.len()
    );
    let builtin = tempfile::tempdir().expect("a folder");
    std::fs::create_dir(builtin.path().join(".git")).expect("mkdir");
    bench_folder(c, "builtin", builtin.path(), &text);

    let large = tempfile::tempdir().expect("a folder");
    std::fs::create_dir(large.path().join(".git")).expect("mkdir");
    std::fs::write(
        large.path().join("people.toml"),
        synth::people_dictionary(100_000, 7),
    )
    .expect("write");
    std::fs::write(
        large.path().join("copydesk.toml"),
        "rules = [\"people.toml\"]\n",
    )
    .expect("write");
    bench_folder(c, "synthetic-100k", large.path(), &text);
}

criterion_group!(benches, server);
criterion_main!(benches);
