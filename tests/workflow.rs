//! The newsroom workflow end to end: configuration discovery and precedence, every
//! configuration key, inline suppression, `--fix`, `--unsafe-fixes` and `--diff`.

mod support;

use std::path::Path;
use std::process::{Command, Output};

/// A folder holding a repository (`.git`) for discovery to stop at.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join(".git")).expect("create .git");
    dir
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folders");
    }
    std::fs::write(path, text).expect("write file");
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run copydesk")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 output")
}

/// Copy with one error of each kind the built-in dictionaries know, dated 2025-12-20.
const STORY: &str =
    "---\ndate: 2025-12-20\n---\nEnvoy Steve Witzoff flew to Kiev.\n\nThe advisor spoke.\n";

#[test]
fn discovery_uses_the_nearest_configuration() {
    let dir = repo();
    let root = dir.path();
    write(root, "copydesk.toml", "style = \"ap\"\n");
    write(
        root,
        "desk/.copydesk.toml",
        "[severity]\nmisspelled-name = \"off\"\n",
    );
    write(root, "story.md", STORY);
    write(root, "desk/story.md", STORY);
    let out = run(root, &["check", ".", "--format", "short"]);
    assert_eq!(
        stdout(&out),
        "story.md:4:13: error[misspelled-name] `Witzoff` is a misspelling of `Witkoff` (Steve Witkoff)\n\
         story.md:4:29: error[misspelled-name] `Kiev` is a misspelling of place `Kyiv`\n\
         story.md:6:5: warning[house-style] use `adviser` instead of `advisor` (AP, Reuters style)\n",
        "{}",
        stderr(&out)
    );
    assert_eq!(out.status.code(), Some(1));

    // The nearest file applies on its own (desk/ has no style and no misspelled-name), from
    // wherever copydesk is started.
    let out = run(
        &root.join("desk"),
        &["check", "story.md", "--format", "short"],
    );
    assert_eq!((stdout(&out).as_str(), out.status.code()), ("", Some(0)));
    let out = run(
        &root.join("desk"),
        &["check", "../story.md", "--format", "short"],
    );
    assert_eq!(stdout(&out).lines().count(), 3, "{}", stdout(&out));
    write(root, "story.md", "The advisor.\n");
    let out = run(root, &["check", "story.md", "--format", "short"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings do not fail by default"
    );
}

#[test]
fn discovery_stops_at_the_repository_root() {
    let outer = tempfile::tempdir().expect("temporary folder");
    write(outer.path(), "copydesk.toml", "not = \"valid\"\n");
    write(outer.path(), "repo/.git/HEAD", "");
    write(outer.path(), "repo/story.md", STORY);
    let out = run(
        &outer.path().join("repo"),
        &["check", ".", "--format", "short"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 2);
}

#[test]
fn flags_win_over_the_file_and_no_config_ignores_it() {
    let dir = repo();
    let root = dir.path();
    write(
        root,
        "copydesk.toml",
        "style = \"ap\"\nfail-on = \"warning\"\ndate = 2019-01-01\n",
    );
    // AP writes Zelenskyy, Reuters Zelenskiy; in 2019 Joe Biden was not President.
    write(
        root,
        "story.md",
        "President Joe Biden met Volodymyr Zelenskiy.\n",
    );
    let codes = |out: &Output| -> Vec<String> {
        stdout(out)
            .lines()
            .map(|l| l.split(['[', ']']).nth(1).unwrap_or_default().to_string())
            .collect()
    };
    let out = run(root, &["check", "story.md", "--format", "short"]);
    assert_eq!(
        codes(&out),
        ["wrong-title", "off-style-spelling"],
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(1));
    let out = run(
        root,
        &[
            "check",
            "story.md",
            "--format",
            "short",
            "--date",
            "2024-06-01",
            "--style",
            "reuters",
        ],
    );
    assert_eq!(codes(&out), Vec::<String>::new(), "{}", stdout(&out));
    write(
        root,
        "story.md",
        "President Joe Biden met Volodymyr Zelenskyy.\n",
    );
    let out = run(
        root,
        &[
            "check",
            "story.md",
            "--format",
            "short",
            "--date",
            "2024-06-01",
        ],
    );
    assert_eq!((codes(&out).len(), out.status.code()), (0, Some(0)));
    let out = run(
        root,
        &[
            "check",
            "story.md",
            "--format",
            "short",
            "--date",
            "2024-06-01",
            "--style",
            "reuters",
        ],
    );
    assert_eq!(codes(&out), ["off-style-spelling"], "{}", stdout(&out));
    assert_eq!(
        out.status.code(),
        Some(1),
        "fail-on = warning from the file"
    );
    let out = run(
        root,
        &[
            "check",
            "story.md",
            "--format",
            "short",
            "--date",
            "2024-06-01",
            "--style",
            "reuters",
            "--fail-on",
            "error",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "--fail-on wins");
    let out = run(
        root,
        &["check", "story.md", "--format", "short", "--no-config"],
    );
    // No style, and today's date: Biden's presidency ended before the facts' date, so it stays
    // ended whatever the date.
    assert_eq!(codes(&out), ["wrong-title"], "no style, today's date");
    let elsewhere = repo();
    write(elsewhere.path(), "other.toml", "style = \"reuters\"\n");
    let config = elsewhere.path().join("other.toml");
    let config = config.to_str().expect("UTF-8 path");
    let out = run(
        root,
        &["check", "story.md", "--format", "short", "--config", config],
    );
    assert_eq!(
        codes(&out),
        ["wrong-title", "off-style-spelling"],
        "{}",
        stdout(&out)
    );
}

#[test]
fn rules_default_rules_allow_and_severity() {
    let dir = repo();
    let root = dir.path();
    write(
        root,
        "copydesk.toml",
        "rules = [\"dict/names.toml\"]\ndefault-rules = false\nallow = [\"Nuevo Leon\"]\n\n[severity]\nmisspelled-name = \"warning\"\n",
    );
    write(
        root,
        "dict/names.toml",
        "[[place]]\nname = \"Nuevo León\"\nmisspellings = [\"Nuevo Leon\"]\n\n[[place]]\nname = \"Mexico City\"\nmisspellings = [\"Mexico Cty\"]\n",
    );
    write(
        root,
        "story.md",
        "From Kiev to Nuevo Leon and Mexico Cty.\n",
    );
    let out = run(root, &["check", ".", "--format", "short"]);
    assert_eq!(
        stdout(&out),
        "story.md:1:29: warning[misspelled-name] `Mexico Cty` is a misspelling of place `Mexico City`\n",
        "built-in Kyiv is off, Nuevo Leon is allowed: {}",
        stderr(&out)
    );
    assert_eq!(out.status.code(), Some(0));
    // --no-default-rules also wins when the file turns them on; --rules adds to the file's.
    write(root, "copydesk.toml", "rules = [\"dict/names.toml\"]\n");
    write(
        root,
        "more.toml",
        "[[place]]\nname = \"Gaza City\"\nmisspellings = [\"Gaza Cty\"]\n",
    );
    write(root, "story.md", "From Kiev to Gaza Cty and Mexico Cty.\n");
    let out = run(
        root,
        &[
            "check",
            ".",
            "--format",
            "short",
            "--no-default-rules",
            "--rules",
            "more.toml",
        ],
    );
    let text = stdout(&out);
    assert!(!text.contains("Kyiv"), "{text}");
    assert!(
        text.contains("Gaza City") && text.contains("Mexico City"),
        "{text}"
    );
}

#[test]
fn include_and_exclude() {
    let dir = repo();
    let root = dir.path();
    write(
        root,
        "copydesk.toml",
        "include = [\"content/**/*.md\", \"*.mdx\"]\nexclude = [\"drafts\", \"content/archive/**\"]\n",
    );
    for path in [
        "content/a.md",
        "content/b.txt",
        "content/drafts/c.md",
        "content/archive/2019/d.md",
        "content/e.mdx",
        "notes.md",
    ] {
        write(root, path, "Kiev.\n");
    }
    let out = run(root, &["check", ".", "--format", "short"]);
    let text = stdout(&out);
    let files: Vec<&str> = text.lines().filter_map(|l| l.split(':').next()).collect();
    assert_eq!(files, ["content/a.md", "content/e.mdx"]);
    // A file named on the command line is checked whatever `include` says, but never when
    // excluded (pre-commit passes staged files by name).
    let out = run(
        root,
        &[
            "check",
            "notes.md",
            "content/drafts/c.md",
            "--format",
            "short",
        ],
    );
    assert_eq!(
        stdout(&out),
        "notes.md:1:1: error[misspelled-name] `Kiev` is a misspelling of place `Kyiv`\n"
    );
}

#[test]
fn stdin_filename_finds_the_configuration() {
    let dir = repo();
    let root = dir.path();
    write(root, "desk/copydesk.toml", "style = \"ap\"\n");
    let out = support::run_with_stdin(
        root,
        &[
            "check",
            "-",
            "--stdin-filename",
            "desk/story.md",
            "--format",
            "short",
        ],
        "The advisor.\n",
    );
    assert_eq!(
        stdout(&out),
        "desk/story.md:1:5: warning[house-style] use `adviser` instead of `advisor` (AP, Reuters style)\n"
    );
    let out = support::run_with_stdin(root, &["check", "-", "--format", "short"], "The advisor.\n");
    assert_eq!(stdout(&out), "");
}

#[test]
fn configuration_errors_point_into_the_file() {
    let dir = repo();
    let root = dir.path();
    write(
        root,
        "copydesk.toml",
        "style = \"ap\"\n\n[severity]\nwrong-titel = \"off\"\n",
    );
    write(root, "story.md", "Text.\n");
    let out = run(root, &["check", ".", "--color", "never"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("copydesk.toml:4:1: unknown check `wrong-titel`"),
        "{err}"
    );
    write(root, "copydesk.toml", "style = \"chicago\"\n");
    let out = run(root, &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("copydesk.toml:1:9: unknown house style `chicago`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn suppression_comments() {
    let dir = repo();
    let root = dir.path();
    write(
        root,
        "story.md",
        "<!-- copydesk-disable-next-line misspelled-name -->\nFrom Kiev.\n\n<!-- copydesk-disable-next-line wrong-title -->\nFrom Kyiv.\n\nKiev again.\n",
    );
    let out = run(root, &["check", ".", "--format", "short"]);
    assert_eq!(
        stdout(&out),
        "story.md:4:1: warning[unused-suppression] `copydesk-disable-next-line` suppresses nothing for `wrong-title`\n\
         story.md:7:1: error[misspelled-name] `Kiev` is a misspelling of place `Kyiv`\n"
    );
}

/// A file with fixes of each applicability, CRLF and lone-CR line endings, a BOM, and text
/// that must survive byte for byte.
const MESSY: &str = "\u{feff}---\r\ndate: 2025-12-20\r\n---\r\nFrom Kiev,\r\nformer President Donald Trump said\rthe   Witzoff plan\u{200b} was ready.\r\n<!-- copydesk-disable-next-line wrong-title -->\nDone.";

#[test]
fn fix_changes_only_the_fixed_ranges() {
    let dir = repo();
    let root = dir.path();
    write(root, "story.md", MESSY);
    let out = run(root, &["check", "story.md", "--fix", "--format", "short"]);
    let fixed = std::fs::read_to_string(root.join("story.md")).expect("read");
    assert_eq!(
        fixed,
        "\u{feff}---\r\ndate: 2025-12-20\r\n---\r\nFrom Kyiv,\r\nformer President Donald Trump said\rthe   Witkoff plan was ready.\r\nDone."
    );
    assert!(
        stderr(&out).contains("fixed 4 problems in 1 file"),
        "{}",
        stderr(&out)
    );
    // What is left is reported against the fixed text; the unsafe fix is not applied.
    assert_eq!(
        stdout(&out),
        "story.md:5:8: error[wrong-title] Donald Trump was still \"President\" on 2025-12-20 (since 2025-01-20): \"former\" is wrong\n"
    );
    assert_eq!(out.status.code(), Some(1));

    let again = run(root, &["check", "story.md", "--fix"]);
    assert_eq!(
        std::fs::read_to_string(root.join("story.md")).expect("read"),
        fixed
    );
    assert!(!stderr(&again).contains("fixed"), "{}", stderr(&again));

    let out = run(root, &["check", "story.md", "--fix", "--unsafe-fixes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        std::fs::read_to_string(root.join("story.md")).expect("read"),
        fixed.replace("former President", "President")
    );
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions_and_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo();
    let root = dir.path();
    write(root, "real.md", "From Kiev.\n");
    std::fs::set_permissions(root.join("real.md"), std::fs::Permissions::from_mode(0o604))
        .expect("chmod");
    std::os::unix::fs::symlink("real.md", root.join("link.md")).expect("symlink");
    let out = run(root, &["check", "link.md", "--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(root.join("real.md")).expect("read"),
        "From Kyiv.\n"
    );
    let link = std::fs::symlink_metadata(root.join("link.md")).expect("stat");
    assert!(link.file_type().is_symlink());
    let mode = std::fs::metadata(root.join("real.md"))
        .expect("stat")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o604);
    let names: Vec<String> = std::fs::read_dir(root)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".copydesk-"))
        .collect();
    assert!(names.is_empty(), "temporary files left: {names:?}");
}

#[test]
fn diff_writes_nothing() {
    let dir = repo();
    let root = dir.path();
    write(root, "story.md", MESSY);
    let out = run(root, &["check", ".", "--diff"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(root.join("story.md")).expect("read"),
        MESSY
    );
    let diff = stdout(&out);
    assert!(
        diff.starts_with("--- a/story.md\n+++ b/story.md\n@@ "),
        "{diff}"
    );
    assert!(diff.contains("\n-From Kiev,\r\n"), "{diff}");
    assert!(diff.contains("\n+From Kyiv,\r\n"), "{diff}");
    assert!(
        diff.contains("\n-<!-- copydesk-disable-next-line"),
        "{diff}"
    );
    // Nothing to fix: no diff, exit 0.
    write(root, "story.md", "From Kyiv.\n");
    let out = run(root, &["check", ".", "--diff"]);
    assert_eq!((out.status.code(), stdout(&out).as_str()), (Some(0), ""));
}

#[test]
fn fix_on_standard_input_prints_the_fixed_text() {
    let dir = repo();
    let out = support::run_with_stdin(
        dir.path(),
        &[
            "check",
            "-",
            "--fix",
            "--format",
            "short",
            "--date",
            "2025-12-20",
        ],
        "Kiev and former President Donald Trump.",
    );
    assert_eq!(stdout(&out), "Kyiv and former President Donald Trump.");
    assert!(
        stderr(&out).contains("<stdin>:1:17: error[wrong-title]"),
        "{}",
        stderr(&out)
    );
    assert_eq!(out.status.code(), Some(1));
}

/// The configuration example in the README is valid as it stands.
#[test]
fn readme_configuration_example_loads() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let section = readme
        .find("### Configuration")
        .expect("a Configuration section");
    let start = section + readme[section..].find("```toml\n").expect("a toml block") + 8;
    let end = start + readme[start..].find("```").expect("the end of the block");
    let dir = repo();
    let root = dir.path();
    write(root, "copydesk.toml", &readme[start..end]);
    write(
        root,
        "style/desk-names.toml",
        "[[place]]\nname = \"Nuevo León\"\n",
    );
    write(
        root,
        "content/story.md",
        "---\ndate: 2025-12-20\n---\nThe adviser in Kyiv.\n",
    );
    let out = run(root, &["check", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// `--diff` output is a patch that `patch -p1` applies to give what `--fix` writes, and files
/// with nothing to fix are not touched at all (same bytes, same modification time).
#[test]
fn diff_applies_with_patch_and_untouched_files_keep_their_time() {
    let dir = repo();
    let root = dir.path();
    write(root, "story.md", MESSY);
    write(root, "clean.md", "From Kyiv.\n");
    let before = std::fs::metadata(root.join("clean.md"))
        .and_then(|m| m.modified())
        .expect("mtime");
    let diff = run(root, &["check", ".", "--diff"]);
    let fixed_by_patch = {
        let copy = repo();
        write(copy.path(), "story.md", MESSY);
        let mut child = Command::new("patch")
            .args(["-p1", "--quiet", "--binary"])
            .current_dir(copy.path())
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("run patch");
        std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), &diff.stdout)
            .expect("feed patch");
        assert!(child.wait().expect("wait for patch").success());
        std::fs::read(copy.path().join("story.md")).expect("read")
    };
    run(root, &["check", ".", "--fix"]);
    assert_eq!(
        std::fs::read(root.join("story.md")).expect("read"),
        fixed_by_patch
    );
    let after = std::fs::metadata(root.join("clean.md"))
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after);
}

/// A file that cannot be written is an error (exit 2); the other files are still fixed.
#[cfg(unix)]
#[test]
fn a_file_that_cannot_be_written_does_not_stop_the_others() {
    let dir = repo();
    let root = dir.path();
    write(root, "a.md", "From Kiev.\n");
    write(root, "ro/b.md", "From Kiev.\n");
    // A folder whose entries cannot be created: the temporary file cannot be made there. The
    // file itself is named through a link from a writable folder.
    std::os::unix::fs::symlink(root.join("ro/b.md"), root.join("b.md")).expect("symlink");
    let ro = <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o555);
    std::fs::set_permissions(root.join("ro"), ro).expect("chmod");
    let probe = std::fs::write(root.join("ro/probe"), "");
    let out = run(root, &["check", "a.md", "b.md", "--fix"]);
    std::fs::set_permissions(
        root.join("ro"),
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o755),
    )
    .expect("chmod back");
    assert_eq!(
        std::fs::read_to_string(root.join("a.md")).expect("read"),
        "From Kyiv.\n"
    );
    if probe.is_ok() {
        eprintln!(
            "skipped the unwritable part: this user can write into a read-only folder (root)"
        );
        return;
    }
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("b.md: cannot write the fixed file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(root.join("ro/b.md")).expect("read"),
        "From Kiev.\n"
    );
}

/// Dictionaries of `people` synthetic people, each with a misspelling, as TOML.
fn synthetic_people(people: u32) -> String {
    use std::fmt::Write as _;
    let mut toml = String::new();
    for i in 0..people {
        let _ = write!(
            toml,
            "[[person]]\nname = \"Quinn{i} Marlowe{i}\"\nmisspellings = [\"Quinn{i} Marlow{i}\"]\n\n"
        );
    }
    toml
}

fn cache_files(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn large_dictionaries_are_cached_and_a_damaged_cache_is_rebuilt() {
    let root = repo();
    let cache = tempfile::tempdir().expect("temporary folder");
    let toml = synthetic_people(6_000);
    assert!(toml.len() >= copydesk::cache::MIN_SOURCE_BYTES);
    write(root.path(), "people.toml", &toml);
    write(
        root.path(),
        "story.md",
        "Quinn42 Marlow42 met Quinn7 Marlowe7 in Kiev.\n",
    );
    let check_with = |cache_dir: &Path, extra: &[&str]| {
        let mut args = vec![
            "check",
            "story.md",
            "--rules",
            "people.toml",
            "--date",
            "2025-12-20",
            "--format",
            "short",
        ];
        args.extend_from_slice(extra);
        Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(&args)
            .env("COPYDESK_CACHE_DIR", cache_dir)
            .current_dir(root.path())
            .output()
            .expect("run copydesk")
    };
    let check = |extra: &[&str]| check_with(cache.path(), extra);

    let uncached = check(&["--no-cache"]);
    assert_eq!(uncached.status.code(), Some(1), "{}", stderr(&uncached));
    assert!(
        stdout(&uncached).contains("Quinn42 Marlowe42"),
        "{}",
        stdout(&uncached)
    );
    assert!(stdout(&uncached).contains("Kyiv"), "{}", stdout(&uncached));
    assert!(
        cache_files(cache.path()).is_empty(),
        "--no-cache wrote the cache"
    );

    // The first run writes the cache, the second reads it: same output.
    let first = check(&[]);
    let files = cache_files(cache.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let second = check(&[]);
    for run in [&first, &second] {
        assert_eq!(stdout(run), stdout(&uncached));
        assert_eq!(run.status.code(), Some(1));
    }

    // A damaged cache file is ignored and replaced.
    let good = std::fs::read(&files[0]).expect("cache file");
    std::fs::write(&files[0], &good[..good.len() / 2]).expect("truncate the cache file");
    let damaged = check(&[]);
    assert_eq!(stdout(&damaged), stdout(&uncached), "{}", stderr(&damaged));
    assert_eq!(std::fs::read(&files[0]).expect("cache file"), good);

    // A changed dictionary misses the cache.
    write(
        root.path(),
        "people.toml",
        &toml.replace("Marlow42\"", "Marlo42\""),
    );
    let changed = check(&[]);
    assert!(
        !stdout(&changed).contains("Quinn42 Marlowe42"),
        "{}",
        stdout(&changed)
    );
    assert_eq!(cache_files(cache.path()).len(), 2);

    // A cache folder that cannot be created is no error.
    let blocked = root.path().join("blocked");
    write(root.path(), "blocked", "a file, not a folder");
    let out = check_with(&blocked.join("cache"), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}
