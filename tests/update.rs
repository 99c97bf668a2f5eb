//! `copydesk rules update` end to end, against SPARQL servers this test starts on 127.0.0.1.
//! Each server answers a fixed list of responses, one connection each, and stops by itself after
//! them or after 30 seconds.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const FIXTURE: &str = "tests/fixtures/import/holders.sparql.json";

struct Reply {
    status: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

/// Starts a server that answers `replies` in order; its thread returns every request it read.
fn serve(replies: Vec<Reply>) -> (String, JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    listener.set_nonblocking(true).expect("non-blocking");
    let url = format!(
        "http://{}/sparql",
        listener.local_addr().expect("an address")
    );
    let handle = std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut requests = Vec::new();
        for reply in replies {
            let stream = loop {
                match listener.accept() {
                    Ok((s, _)) => break Some(s),
                    Err(_) if Instant::now() < deadline => {
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    Err(_) => break None,
                }
            };
            let Some(mut stream) = stream else { break };
            requests.push(read_request(&mut stream));
            let mut head = format!("HTTP/1.1 {}\r\nConnection: close\r\n", reply.status);
            for (k, v) in &reply.headers {
                let _ = write!(head, "{k}: {v}\r\n");
            }
            let _ = write!(head, "Content-Length: {}\r\n\r\n", reply.body.len());
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&reply.body);
        }
        requests
    });
    (url, handle)
}

fn read_request(stream: &mut TcpStream) -> String {
    stream.set_nonblocking(false).expect("blocking");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&data).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return text;
            }
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return String::from_utf8_lossy(&data).to_string(),
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
}

fn update(url: &str, output: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["rules", "update", "--endpoint", url, "--output"])
        .arg(output)
        .env_remove("COPYDESK_CONTACT")
        .output()
        .expect("copydesk runs")
}

fn import(output: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args([
            "rules",
            "import",
            "--from",
            "wikidata-sparql",
            FIXTURE,
            "--output",
        ])
        .arg(output)
        .output()
        .expect("copydesk runs")
}

/// The people and roles of a generated file: everything after the header.
fn body(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("a generated file");
    let start = text.find("\n[[person]]").expect("people");
    text[start..].to_string()
}

#[test]
fn a_429_is_retried_after_the_delay_asked_then_the_answer_is_imported() {
    let fixture = std::fs::read(FIXTURE).expect("the fixture");
    let (url, server) = serve(vec![
        Reply {
            status: "429 Too Many Requests",
            headers: vec![("Retry-After", "1".into())],
            body: b"Too many requests".to_vec(),
        },
        Reply {
            status: "200 OK",
            headers: vec![
                ("Content-Type", "application/sparql-results+json".into()),
                ("Date", "Mon, 15 Jun 2026 12:00:00 GMT".into()),
            ],
            body: fixture,
        },
    ]);
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("desk/roster.toml");
    let run = update(&url, &out);
    let requests = server.join().expect("the server stops");
    let stderr = String::from_utf8_lossy(&run.stderr);
    // Rows the fixture gets wrong on purpose are left out: exit 1, the file is written.
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("answered 429: waiting 1 s as asked"),
        "{stderr}"
    );
    assert_eq!(requests.len(), 2);
    let version = env!("CARGO_PKG_VERSION");
    for r in &requests {
        assert!(r.starts_with("POST /sparql HTTP/1.1\r\n"), "{r}");
        let lower = r.to_lowercase();
        assert!(
            lower.contains(&format!("\r\nuser-agent: copydesk/{version} (")),
            "{r}"
        );
        assert!(
            lower.contains("\r\naccept: application/sparql-results+json"),
            "{r}"
        );
        assert!(r.contains("query=") && r.contains("P39"), "{r}");
    }
    let written = std::fs::read_to_string(&out).expect("the roster");
    assert!(written.starts_with("# @generated by copydesk"), "{written}");
    assert!(
        written.contains(&format!("# source: wikidata-sparql: {url}\n")),
        "{written}"
    );
    assert!(
        written.contains("# query: rules/queries/position-holders.rq\n"),
        "{written}"
    );
    assert!(written.contains("\nas-of = 2026-06-15\n"), "{written}");
    // The same people and roles as importing the answer from a file.
    let imported = dir.path().join("imported.toml");
    assert_eq!(import(&imported).status.code(), Some(1));
    assert_eq!(body(&out), body(&imported));
}

#[test]
fn offline_it_fails_clearly_and_writes_nothing() {
    let closed = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}/sparql", closed.local_addr().expect("an address"));
    drop(closed);
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("roster.toml");
    let run = update(&url, &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot reach the SPARQL endpoint {url}")),
        "{stderr}"
    );
    assert!(stderr.contains("was not written"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn a_server_error_keeps_the_earlier_file() {
    let (url, server) = serve(vec![Reply {
        status: "500 Internal Server Error",
        headers: vec![],
        body: b"java.util.concurrent.TimeoutException\n".to_vec(),
    }]);
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("roster.toml");
    std::fs::write(&out, "# an earlier roster\n").expect("an earlier file");
    let run = update(&url, &out);
    server.join().expect("the server stops");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("answered 500"), "{stderr}");
    assert!(stderr.contains("TimeoutException"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&out).expect("the file"),
        "# an earlier roster\n"
    );
}
