//! The editor configurations in `editors/` against the real output of the binary: the VS Code
//! problem matcher's regular expression must read every line of `--format short` correctly, and
//! the Neovim linter must call copydesk the way the README says and read keys that the JSON
//! output really has.

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    root().join("tests/cmd/fixtures")
}

fn copydesk(cwd: &Path, args: &[&str], stdin: &str) -> String {
    let output = support::run_with_stdin(cwd, args, stdin);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the fixtures have errors; stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The `problemMatcher` of every task in editors/vscode/tasks.json, with the task's arguments.
fn vscode_matchers() -> Vec<(Vec<String>, Value)> {
    let text =
        std::fs::read_to_string(root().join("editors/vscode/tasks.json")).expect("tasks.json");
    let tasks: Value = serde_json::from_str(&text).expect("tasks.json is plain JSON");
    let tasks = tasks["tasks"].as_array().expect("tasks");
    assert!(!tasks.is_empty());
    tasks
        .iter()
        .map(|t| {
            let args = t["args"]
                .as_array()
                .expect("args")
                .iter()
                .map(|a| a.as_str().expect("string argument").to_string())
                .collect();
            (args, t["problemMatcher"].clone())
        })
        .collect()
}

struct Matched {
    file: String,
    line: u64,
    column: u64,
    severity: String,
    code: String,
    message: String,
}

fn apply(matcher: &Value, line: &str) -> Option<Matched> {
    let pattern = &matcher["pattern"];
    let re = regex::Regex::new(pattern["regexp"].as_str().expect("regexp")).expect("a regex");
    let caps = re.captures(line)?;
    let group = |name: &str| -> String {
        let index = usize::try_from(pattern[name].as_u64().expect("group index")).expect("index");
        caps.get(index).map_or("", |m| m.as_str()).to_string()
    };
    Some(Matched {
        file: group("file"),
        line: group("line").parse().expect("a line number"),
        column: group("column").parse().expect("a column number"),
        severity: group("severity"),
        code: group("code"),
        message: group("message"),
    })
}

#[test]
fn the_vscode_problem_matcher_reads_every_line_of_short_output() {
    let dir = fixtures();
    let common = ["--date", "2025-12-20", "--style", "ap"];
    let story = dir.join("story.md");
    let story = story.to_str().expect("UTF-8 path");
    // As the tasks run it: a folder (relative paths) and one file by absolute path.
    for paths in [vec!["story.md", "wire.txt", "mixed.txt"], vec![story]] {
        let mut short_args = vec!["check"];
        short_args.extend(&paths);
        short_args.extend(common);
        let mut json_args = short_args.clone();
        short_args.extend(["--format", "short"]);
        json_args.extend(["--format", "json"]);
        let short = copydesk(&dir, &short_args, "");
        let json: Value =
            serde_json::from_str(&copydesk(&dir, &json_args, "")).expect("JSON output");
        let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
        assert!(diagnostics.len() >= 2);
        assert!(diagnostics.iter().any(|d| d["severity"] == "warning"));
        let lines: Vec<&str> = short.lines().collect();
        assert_eq!(lines.len(), diagnostics.len());
        for (args, matcher) in vscode_matchers() {
            assert!(args.windows(2).any(|w| w == ["--format", "short"]));
            for (line, d) in lines.iter().zip(diagnostics) {
                let m = apply(&matcher, line)
                    .unwrap_or_else(|| panic!("the problem matcher misses `{line}`"));
                assert_eq!(m.file, d["path"].as_str().expect("path"), "{line}");
                assert_eq!(m.line, d["range"]["start"]["line"], "{line}");
                assert_eq!(m.column, d["range"]["start"]["column"], "{line}");
                assert_eq!(m.severity, d["severity"].as_str().expect("severity"));
                assert_eq!(m.code, d["code"].as_str().expect("code"));
                assert_eq!(m.message, d["message"].as_str().expect("message"));
            }
        }
    }
}

#[test]
fn the_vscode_problem_matcher_reads_windows_paths_and_info() {
    for (_, matcher) in vscode_matchers() {
        let m = apply(
            &matcher,
            r"C:\news\a.md:3:7: info[some-code] a: b [c] 1:2:3",
        )
        .expect("a match");
        assert_eq!(m.file, r"C:\news\a.md");
        assert_eq!((m.line, m.column), (3, 7));
        assert_eq!(m.severity, "info");
        assert_eq!(m.code, "some-code");
        assert_eq!(m.message, "a: b [c] 1:2:3");
        assert!(apply(&matcher, "copydesk: 1 error, 0 warnings in 1 file checked").is_none());
        // VS Code knows these severities.
        assert_eq!(matcher["owner"], "copydesk");
    }
}

fn lua() -> String {
    std::fs::read_to_string(root().join("editors/nvim/copydesk.lua")).expect("copydesk.lua")
}

/// The quoted strings of the linter's `args = { ... }` list, in order.
fn lua_args(lua: &str) -> Vec<String> {
    let start = lua.find("args = {").expect("an args list");
    let body = &lua[start..];
    let end = body.find("\n  },").expect("the end of the args list");
    regex::Regex::new(r#""([^"]*)""#)
        .expect("regex")
        .captures_iter(&body[..end])
        .map(|c| c[1].to_string())
        .collect()
}

/// Every path the parser reads from a diagnostic `d`, such as `["range", "start", "offset"]`.
fn lua_diagnostic_keys(lua: &str) -> Vec<Vec<String>> {
    let access = regex::Regex::new(r#"\bd((?:\.[a-z_]+|\["[a-z_]+"\])+)"#).expect("regex");
    let part = regex::Regex::new(r#"\.([a-z_]+)|\["([a-z_]+)"\]"#).expect("regex");
    let mut keys: Vec<Vec<String>> = access
        .captures_iter(lua)
        .map(|c| {
            part.captures_iter(&c[1])
                .map(|p| p.get(1).or(p.get(2)).expect("key").as_str().to_string())
                .collect()
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

#[test]
fn the_neovim_linter_reads_keys_the_json_output_has() {
    let lua = lua();
    assert_eq!(
        lua_args(&lua),
        ["check", "-", "--format", "json", "--stdin-filename"]
    );
    assert!(lua.contains("stdin = true") && lua.contains("decoded.diagnostics"));
    let keys = lua_diagnostic_keys(&lua);
    for expected in [
        vec!["code"],
        vec!["message"],
        vec!["severity"],
        vec!["range", "start", "line"],
        vec!["range", "start", "offset"],
        vec!["range", "end", "line"],
        vec!["range", "end", "offset"],
    ] {
        assert!(
            keys.iter().any(|k| *k == expected),
            "the parser does not read {expected:?}; it reads {keys:?}"
        );
    }
    let severities: Vec<String> =
        regex::Regex::new(r"(?m)^\s*([a-z]+) = vim\.diagnostic\.severity\.")
            .expect("regex")
            .captures_iter(&lua)
            .map(|c| c[1].to_string())
            .collect();
    assert_eq!(severities, ["error", "warning", "info"]);

    // Run copydesk as nvim-lint does: the buffer on standard input, named by its path.
    let buffer = std::fs::read_to_string(fixtures().join("story.md")).expect("story.md");
    let name = fixtures().join("story.md");
    let owned = lua_args(&lua);
    let mut args: Vec<&str> = owned.iter().map(String::as_str).collect();
    args.push(name.to_str().expect("UTF-8 path"));
    args.extend(["--date", "2025-12-20"]);
    let output: Value =
        serde_json::from_str(&copydesk(&fixtures(), &args, &buffer)).expect("JSON output");
    let diagnostics = output["diagnostics"].as_array().expect("diagnostics");
    assert!(!diagnostics.is_empty());
    let line_starts: Vec<u64> = std::iter::once(0)
        .chain(buffer.match_indices('\n').map(|(i, _)| i as u64 + 1))
        .collect();
    for d in diagnostics {
        for key in &keys {
            let value = key.iter().fold(d, |v, k| &v[k.as_str()]);
            assert!(
                !value.is_null() || key == &["help"],
                "{key:?} missing in {d}"
            );
        }
        // The parser's column arithmetic: offset minus the offset of the line, in bytes.
        let column = |end: &str| -> usize {
            let line = d["range"][end]["line"].as_u64().expect("line");
            let offset = d["range"][end]["offset"].as_u64().expect("offset");
            usize::try_from(offset - line_starts[usize::try_from(line - 1).expect("line")])
                .expect("column")
        };
        let line =
            usize::try_from(d["range"]["start"]["line"].as_u64().expect("line") - 1).expect("line");
        let text = buffer.lines().nth(line).expect("the line");
        assert_eq!(d["range"]["start"]["line"], d["range"]["end"]["line"]);
        let (start, end) = (column("start"), column("end"));
        assert_eq!(&text[start..end], d["text"].as_str().expect("text"), "{d}");
    }
}

/// The README shows the configurations exactly as they are in `editors/`.
#[test]
fn the_readme_shows_the_editor_files() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    for (file, fence) in [
        ("editors/nvim/copydesk.lua", "```lua\n"),
        ("editors/vscode/tasks.json", "```json\n"),
        ("editors/nvim/copydesk-lsp.lua", "```lua\n"),
        ("editors/helix/languages.toml", "```toml\n"),
        ("editors/vscode/extension.js", "```js\n"),
        ("editors/vscode/package.json", "```json\n"),
    ] {
        let text = std::fs::read_to_string(root().join(file)).expect("editor file");
        assert!(
            readme.contains(&format!("{fence}{text}```\n")),
            "README.md does not show {file} as it is"
        );
    }
}

/// Every editor starts the language server the same way, `copydesk server`, for Markdown and
/// text.
#[test]
fn the_editors_start_copydesk_server() {
    let read = |file: &str| std::fs::read_to_string(root().join(file)).expect("editor file");
    let lua = read("editors/nvim/copydesk-lsp.lua");
    assert!(lua.contains(r#"cmd = { "copydesk", "server" }"#));
    assert!(lua.contains(r#"pattern = { "markdown", "text" }"#));
    // Neovim 0.7: no vim.lsp.start, vim.fs or vim.lsp.get_clients.
    for newer in ["vim.lsp.start(", "vim.fs.", "get_clients("] {
        assert!(
            !lua.contains(newer),
            "{newer} needs a Neovim newer than 0.7"
        );
    }

    let helix: toml::Table = toml::from_str(&read("editors/helix/languages.toml")).expect("TOML");
    let server = &helix["language-server"]["copydesk"];
    assert_eq!(server["command"].as_str(), Some("copydesk"));
    assert_eq!(server["args"].as_array().map(Vec::len), Some(1));
    assert_eq!(server["args"][0].as_str(), Some("server"));
    let languages = helix["language"].as_array().expect("languages");
    assert!(languages
        .iter()
        .any(|l| l["name"].as_str() == Some("markdown")
            && l["language-servers"]
                .as_array()
                .is_some_and(|s| s.iter().any(|n| n.as_str() == Some("copydesk")))));

    let js = read("editors/vscode/extension.js");
    assert!(js.contains(r#"args: ["server"]"#) && js.contains("TransportKind.stdio"));
    let package: Value = serde_json::from_str(&read("editors/vscode/package.json")).expect("JSON");
    assert_eq!(package["main"], "./extension.js");
}

/// The language server links each finding to its check's row in the README (`#CODE`).
#[test]
fn every_check_has_an_anchor_in_the_readme() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    for meta in copydesk::checks::all() {
        let anchor = format!("| <a id=\"{0}\"></a>`{0}` |", meta.code);
        assert!(
            readme.contains(&anchor),
            "no README anchor for {}",
            meta.code
        );
    }
}
