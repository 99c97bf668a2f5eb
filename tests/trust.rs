//! What a newsroom's IT or a CI runner must be able to trust: no configuration or dictionary
//! planted by another user takes over a run, no secret is echoed from a file that is not a
//! dictionary, `--fix` loses neither metadata nor concurrent edits, and no file name or copy can
//! spoof the output. Tests that need another user run as root and drop to `nobody` with
//! `setpriv`; elsewhere they are skipped with a message saying why.

#![cfg(unix)]

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOBODY: u32 = 65534;

/// copydesk with a home folder of its own (discovery stops there) and its cache kept apart.
fn copydesk(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    cmd.env("HOME", home)
        .env_remove("XDG_CACHE_HOME")
        .env_remove("NO_COLOR")
        .env(
            "COPYDESK_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/trust-cache"),
        );
    cmd
}

fn run(home: &Path, cwd: &Path, args: &[&str]) -> Output {
    copydesk(home)
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run copydesk")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folders");
    }
    std::fs::write(path, bytes).expect("write file");
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Whether this test can act as another user: running as root with `setpriv` at hand.
fn can_drop_privileges(test: &str) -> bool {
    let setpriv = Command::new("setpriv").arg("--version").output();
    if is_root() && setpriv.is_ok_and(|o| o.status.success()) {
        return true;
    }
    eprintln!("skipped {test}: needs root and setpriv (util-linux) to act as user `nobody`");
    false
}

fn chown(path: &Path, uid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(uid)).expect("chown");
}

/// A folder every user may write, with the sticky bit, as a shared `/tmp` is.
fn shared_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o1777))
        .expect("chmod 1777");
    dir
}

const STORY: &str = "---\ndate: 2025-12-20\n---\nThe talks in Kyiv ended.\n";
const PLANTED_RULES: &str = "[[phrase]]\nuse = \"Moscow\"\ninstead-of = [\"Kyiv\", \"the\"]\n";

#[test]
fn a_configuration_above_the_file_outside_repository_and_home_is_not_used() {
    let shared = shared_folder();
    let home = tempfile::tempdir().expect("home");
    // Another user's files in the shared folder (owned by root here: the point is where
    // discovery stops, whoever owns them).
    write(
        &shared.path().join("copydesk.toml"),
        "rules = [\"evil.toml\"]\n[severity]\nmisspelled-name = \"off\"\n",
    );
    write(&shared.path().join("evil.toml"), PLANTED_RULES);
    let desk = shared.path().join("desk");
    write(&desk.join("story.md"), STORY);
    let out = run(home.path(), &desk, &["check", "--fix", "story.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let story = std::fs::read_to_string(desk.join("story.md")).expect("read");
    assert_eq!(story, STORY, "the story is untouched");

    // Inside the home folder, discovery goes up to it (and no further).
    let inside = home.path().join("news/desk");
    write(&inside.join("story.md"), "Shelling hit Kiev.\n");
    write(
        &home.path().join("news/copydesk.toml"),
        "[severity]\nmisspelled-name = \"off\"\n",
    );
    let out = run(home.path(), &inside, &["check", "story.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn another_users_configuration_or_dictionary_is_refused() {
    if !can_drop_privileges("another_users_configuration_or_dictionary_is_refused") {
        return;
    }
    let shared = shared_folder();
    let home = tempfile::tempdir().expect("home");
    let config = shared.path().join("copydesk.toml");
    write(
        &config,
        "rules = [\"evil.toml\"]\n[severity]\nmisspelled-name = \"off\"\n",
    );
    write(&shared.path().join("evil.toml"), PLANTED_RULES);
    write(&shared.path().join("story.md"), STORY);
    chown(&config, NOBODY);
    chown(&shared.path().join("evil.toml"), NOBODY);
    let out = run(home.path(), shared.path(), &["check", "--fix", "story.md"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("copydesk.toml is not used: it is owned by another user (uid 65534)"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(shared.path().join("story.md")).expect("read"),
        STORY
    );

    // Named on the command line, the user vouches for it; its dictionaries too.
    let out = run(
        home.path(),
        shared.path(),
        &["check", "--config", "copydesk.toml", "--diff", "story.md"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));

    // A configuration of one's own that names another user's dictionary.
    chown(&config, 0);
    let out = run(home.path(), shared.path(), &["check", "story.md"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("evil.toml is not used: it is owned by another user"),
        "{err}"
    );

    // A root-owned configuration is fine, one that any user may write is not.
    chown(&shared.path().join("evil.toml"), 0);
    std::fs::write(&config, "[severity]\nmisspelled-name = \"off\"\n").expect("write");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    let out = run(home.path(), shared.path(), &["check", "story.md"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("any user may write it"), "{err}");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = run(home.path(), shared.path(), &["check", "story.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // The user running copydesk may use their own files: as `nobody`, a configuration owned by
    // `nobody` applies.
    let mine = shared.path().join("mine");
    write(
        &mine.join("copydesk.toml"),
        "[severity]\nmisspelled-name = \"off\"\n",
    );
    write(&mine.join("story.md"), "Shelling hit Kiev.\n");
    for p in ["", "copydesk.toml", "story.md"] {
        chown(&mine.join(p), NOBODY);
    }
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--no-cache", "story.md"])
        .env("HOME", &mine)
        .current_dir(&mine)
        .output()
        .expect("run copydesk as nobody");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn rules_read_only_toml_files_and_never_echo_others() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let home = dir.path();
    let secret = "COPYDESK_TEST_TOKEN=hunter2-very-secret";
    let mut long = String::from("[[place]]\nname = \"Kyiv\" ");
    long.push_str(&"x".repeat(5000));
    long.push_str(secret);
    long.push('\n');
    write(&dir.path().join("long.toml"), &long);
    write(&dir.path().join("passwd"), format!("root:x:0:0:{secret}\n"));
    std::os::unix::fs::symlink("/proc/self/environ", dir.path().join("environ.toml"))
        .expect("symlink");
    write(&dir.path().join("story.md"), STORY);
    let cases: [(&str, &str); 4] = [
        (
            "rules = [\"/proc/self/environ\"]\n",
            "is not a `.toml` file",
        ),
        (
            "rules = [\"../../../../../../etc/passwd\"]\n",
            "is not a `.toml` file",
        ),
        ("rules = [\"passwd\"]\n", "is not a `.toml` file"),
        ("rules = [\"environ.toml\"]\n", "is not a `.toml` file"),
    ];
    for (config, expected) in cases {
        write(&dir.path().join("copydesk.toml"), config);
        let out = copydesk(home)
            .args(["check", "story.md"])
            .env("COPYDESK_TEST_TOKEN", "hunter2-very-secret")
            .current_dir(dir.path())
            .output()
            .expect("run");
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{config}: {err}");
        assert!(err.contains(expected), "{config}: {err}");
        assert!(!err.contains("hunter2") && !err.contains("root:x"), "{err}");
    }
    for rules in ["/proc/self/environ", "environ.toml", "passwd"] {
        let out = copydesk(home)
            .args(["check", "--no-config", "--rules", rules, "story.md"])
            .env("COPYDESK_TEST_TOKEN", "hunter2-very-secret")
            .current_dir(dir.path())
            .output()
            .expect("run");
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{rules}: {err}");
        assert!(
            err.contains("is not read as a dictionary"),
            "{rules}: {err}"
        );
        assert!(!err.contains("hunter2") && !err.contains("root:x"), "{err}");
    }
    // A dictionary with an error in a very long line: the excerpt is cut around the problem.
    let out = run(
        home,
        dir.path(),
        &["check", "--no-config", "--rules", "long.toml", "story.md"],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("long.toml:2:15"), "{err}");
    assert!(!err.contains("hunter2") && err.len() < 2000, "{err}");
}

#[test]
fn control_characters_in_dictionaries_are_shown_escaped() {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(
        &dir.path().join("bad.toml"),
        "[[place]]\nname = \"Kyiv\x1b[2J\x1b]0;owned\x07\"\nbogus = 1\n",
    );
    let out = run(
        dir.path(),
        dir.path(),
        &["rules", "--no-default-rules", "--rules", "bad.toml"],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains('\x1b') && !err.contains('\x07'), "{err:?}");
    assert!(err.contains("bad.toml:2:13: invalid dictionary"), "{err}");
    assert!(
        err.contains("name = \"Kyiv\\u{1B}[2J\\u{1B}]0;owned\\u{7}\""),
        "{err}"
    );
}

#[test]
fn named_pipes_are_never_waited_on() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let rules = dir.path().join("rules");
    write(
        &rules.join("a.toml"),
        "[[place]]\nname = \"Kyiv\"\nmisspellings = [\"Kiev\"]\n",
    );
    let fifo = |p: &PathBuf| {
        let ok = Command::new("mkfifo")
            .arg(p)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "mkfifo {}", p.display());
    };
    fifo(&rules.join("b.toml"));
    write(&dir.path().join("story.md"), "Shelling hit Kiev.\n");
    // A pipe in a dictionary folder is skipped.
    let out = run(
        dir.path(),
        dir.path(),
        &[
            "check",
            "--no-default-rules",
            "--rules",
            "rules",
            "--format",
            "short",
            "story.md",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    // Named as a dictionary, a configuration, or a copy file to fix, it is refused.
    let out = run(
        dir.path(),
        dir.path(),
        &["check", "--rules", "rules/b.toml", "story.md"],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not a regular file"), "{err}");
    fifo(&dir.path().join("copydesk.toml"));
    let out = run(dir.path(), dir.path(), &["check", "story.md"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not a regular file"), "{err}");
}

fn os(bytes: &[u8]) -> &std::ffi::OsStr {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::OsStr::from_bytes(bytes)
}

#[test]
fn terminal_escapes_in_copy_and_file_names_are_shown_escaped() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let name = os(b"\x1b[2Jnews\x1b]0;owned\x07.md");
    write(
        &dir.path().join(name),
        "---\ndate: 2025-12-20\n---\nShelling hit Kiev\x1b[2J\x1b]0;title\x07 and Kiev\u{202E}dlrow.\n",
    );
    for format in ["human", "short", "github"] {
        let out = run(
            dir.path(),
            dir.path(),
            &["check", "--color", "never", "--format", format, "."],
        );
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        for stream in [&stdout, &stderr] {
            assert!(
                !stream.contains(['\x1b', '\x07', '\u{202E}']),
                "{format}: {stream:?}"
            );
        }
        assert!(
            stdout.contains("\\033[2Jnews\\033]0;owned\\007.md"),
            "{format}: {stdout}"
        );
        if format == "human" {
            assert!(
                stdout.contains("Kiev\\u{1B}[2J\\u{1B}]0;title\\u{7} and Kiev\\u{202E}dlrow"),
                "{stdout}"
            );
        }
    }
}

#[test]
fn a_file_name_cannot_spoof_a_workflow_command() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let name = os(b"a\n::error file=README.md,line=1::spoofed\n.md");
    write(&dir.path().join(name), b"caf\xe9 in Kiev\n");
    write(&dir.path().join("b.md"), "Shelling hit Kiev.\n");
    let out = run(
        dir.path(),
        dir.path(),
        &["check", "--format", "github", "."],
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for line in stdout.lines().chain(stderr.lines()) {
        assert!(!line.starts_with("::error file=README.md"), "{line}");
    }
    assert!(
        stderr.contains("\"a\\n::error file=README.md,line=1::spoofed\\n.md\": not valid UTF-8"),
        "{stderr}"
    );
    // The unreadable file is annotated too, under its quoted name; b.md's finding follows.
    assert!(
        stdout.lines().any(|l| l.starts_with("::error file=b.md,")),
        "{stdout}"
    );
}

#[test]
fn names_that_are_not_utf8_are_reported_and_patched_losslessly() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let names: [&[u8]; 3] = [b"a\xff.md", b"a\xfe.md", b"a\xfd.md"];
    for (i, name) in names.iter().enumerate() {
        write(
            &dir.path().join(os(name)),
            format!("Line {i}: shelling hit Kiev.\n"),
        );
    }
    write(&dir.path().join("back\\slash.md"), "Kiev\n");
    let out = run(
        dir.path(),
        dir.path(),
        &["check", "--format", "short", "--date", "2025-12-20", "."],
    );
    let stdout = text(&out.stdout);
    for shown in [
        "\"a\\377.md\":1:",
        "\"a\\376.md\":1:",
        "\"a\\375.md\":1:",
        "\"back\\\\slash.md\":1:",
    ] {
        assert!(stdout.contains(shown), "{shown} in {stdout}");
    }
    assert!(!stdout.contains('\u{FFFD}'), "{stdout}");

    // In SARIF, a backslash is part of the name.
    let out = run(
        dir.path(),
        dir.path(),
        &["check", "--format", "sarif", "back\\slash.md"],
    );
    let sarif = text(&out.stdout);
    assert!(
        sarif.contains("\"uri\":\"back%5Cslash.md\""),
        "{}",
        &sarif[sarif.len().saturating_sub(300)..]
    );

    // The diff names each file so that `patch -p1` changes that file and no other.
    let out = run(
        dir.path(),
        dir.path(),
        &["check", "--diff", "--date", "2025-12-20", "."],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let patch = Command::new("patch")
        .args(["-p1", "-s", "-i", "-"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write as _;
            child.stdin.take().expect("stdin").write_all(&out.stdout)?;
            child.wait()
        });
    if patch.is_err() {
        eprintln!("patch (GNU patch) is not installed: the diff is not applied");
        return;
    }
    assert!(patch.is_ok_and(|s| s.success()), "{}", text(&out.stdout));
    for (i, name) in names.iter().enumerate() {
        let fixed = std::fs::read_to_string(dir.path().join(os(name))).expect("read");
        assert_eq!(fixed, format!("Line {i}: shelling hit Kyiv.\n"));
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("back\\slash.md")).expect("read"),
        "Kyiv\n"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().ends_with(".orig") || n.to_string_lossy().ends_with(".rej"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Copy with one safe fix (`Kiev` -> `Kyiv`), dated.
const FIXABLE: &str = "---\ndate: 2025-12-20\n---\nShelling hit Kiev overnight.\n";
const FIXED: &str = "---\ndate: 2025-12-20\n---\nShelling hit Kyiv overnight.\n";

/// `copydesk check --fix` on files of `dir`, run there without a configuration.
fn fix_command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = copydesk(dir);
    cmd.args(["check", "--fix", "--no-config", "--format", "short"])
        .args(args)
        .current_dir(dir);
    cmd
}

fn fix(dir: &Path, args: &[&str]) -> Output {
    fix_command(dir, args).output().expect("run copydesk")
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".copydesk-"))
        .collect()
}

fn tool(name: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(name).args(args).output().ok()?;
    out.status.success().then(|| text(&out.stdout))
}

#[test]
fn fix_keeps_owner_group_mode_acl_and_extended_attributes() {
    if !can_drop_privileges("fix_keeps_owner_group_mode_acl_and_extended_attributes") {
        return;
    }
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("story.md");
    write(&path, FIXABLE);
    chown(&path, NOBODY);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let p = path.to_str().expect("UTF-8 path");
    let acl = tool("setfacl", &["-m", "u:daemon:rw", p]).is_some();
    let xattr = tool("setfattr", &["-n", "user.newsroom", "-v", "desk-7", p]).is_some();
    if !acl || !xattr {
        eprintln!("note: setfacl/setfattr (Debian packages acl, attr) missing or unsupported here: ACLs and extended attributes are not checked");
    }
    let before = std::fs::metadata(&path).expect("metadata");
    let acl_before = tool("getfacl", &["-c", p]);
    let xattr_before = tool("getfattr", &["-d", "--absolute-names", p]);

    let out = fix(dir.path(), &["story.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), FIXED);
    let after = std::fs::metadata(&path).expect("metadata");
    assert_eq!((after.uid(), after.gid()), (NOBODY, NOBODY));
    assert_eq!(after.mode() & 0o7777, before.mode() & 0o7777);
    assert_eq!(tool("getfacl", &["-c", p]), acl_before);
    assert_eq!(
        tool("getfattr", &["-d", "--absolute-names", p]),
        xattr_before
    );
    if acl {
        assert!(acl_before
            .as_deref()
            .is_some_and(|a| a.contains("user:daemon:rw-")));
    }
    if xattr {
        assert!(xattr_before
            .as_deref()
            .is_some_and(|a| a.contains("desk-7")));
    }
    // Its owner can still open it.
    let cat = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "cat"])
        .arg(&path)
        .output()
        .expect("cat as nobody");
    assert_eq!(text(&cat.stdout), FIXED);
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn fix_writes_through_hard_links_and_refuses_files_it_may_not_write() {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(&dir.path().join("a.md"), FIXABLE);
    std::fs::hard_link(dir.path().join("a.md"), dir.path().join("b.md")).expect("link");
    let out = fix(dir.path(), &["a.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for name in ["a.md", "b.md"] {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).expect("read"),
            FIXED
        );
    }
    assert_eq!(
        std::fs::metadata(dir.path().join("a.md"))
            .expect("meta")
            .nlink(),
        2
    );

    write(&dir.path().join("ro.md"), FIXABLE);
    std::fs::set_permissions(
        dir.path().join("ro.md"),
        std::fs::Permissions::from_mode(0o444),
    )
    .expect("chmod");
    let out = fix(dir.path(), &["ro.md"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("ro.md: not fixed: it is read-only (mode 444)"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ro.md")).expect("read"),
        FIXABLE
    );
    assert!(leftovers(dir.path()).is_empty());

    if !can_drop_privileges("fix_refuses_a_file_the_user_may_not_write") {
        return;
    }
    // `nobody` may write the folder, not the file: the fix must not replace it.
    let shared = shared_folder();
    write(&shared.path().join("root.md"), FIXABLE);
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--fix", "--no-config", "--no-cache", "root.md"])
        .current_dir(shared.path())
        .env("HOME", shared.path())
        .output()
        .expect("run as nobody");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("root.md: not fixed: you may not write it"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(shared.path().join("root.md")).expect("read"),
        FIXABLE
    );
    assert_eq!(
        std::fs::metadata(shared.path().join("root.md"))
            .expect("m")
            .uid(),
        0
    );
    assert!(leftovers(shared.path()).is_empty());
}

#[test]
fn fix_writes_a_bind_mounted_file_in_place() {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(&dir.path().join("source.md"), FIXABLE);
    write(&dir.path().join("mounted.md"), "placeholder\n");
    // In a mount namespace of its own, so that nothing outlives the test.
    let script = format!(
        "mount --bind source.md mounted.md && exec {} check --fix --no-config --no-cache mounted.md",
        env!("CARGO_BIN_EXE_copydesk")
    );
    let out = Command::new("unshare")
        .args(["--mount", "--propagation", "private", "sh", "-c", &script])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .output();
    let Some(out) = out.ok().filter(|o| !text(&o.stderr).contains("mount")) else {
        eprintln!("skipped fix_writes_a_bind_mounted_file_in_place: no mount namespace here (needs root and unshare)");
        return;
    };
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("source.md")).expect("read"),
        FIXED
    );
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn fix_refuses_named_pipes() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let ok = Command::new("mkfifo")
        .arg(dir.path().join("pipe.md"))
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo");
    let out = fix(dir.path(), &["pipe.md"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("pipe.md: not a regular file"), "{err}");
    assert!(leftovers(dir.path()).is_empty());
}

/// Waits for `child` and its output, killing it (and failing the test) after 60 seconds.
fn output_within(mut child: std::process::Child) -> Output {
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("copydesk did not finish within 60 s: it waits on a named pipe");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// With another file beside it, a named pipe turns on the first pass (every file's quotations,
/// collected before any is checked). A pipe can be read only once, so that pass leaves it to
/// the check: it neither empties a pipe the check then reads, nor waits on one `--fix` refuses.
#[test]
fn a_named_pipe_among_other_files_is_read_once() {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(&dir.path().join("a.md"), FIXABLE);
    let pipe = dir.path().join("pipe.md");
    let ok = Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo");
    let writer = {
        let pipe = pipe.clone();
        std::thread::spawn(move || std::fs::write(pipe, "Shelling hit Odessa.\n"))
    };
    let child = copydesk(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "short",
            "a.md",
            "pipe.md",
        ])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run copydesk");
    let out = output_within(child);
    writer.join().expect("writer").expect("write to the pipe");
    let shown = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(shown.contains("pipe.md:1:14:"), "{shown}");
    assert!(shown.contains("a.md:4:14:"), "{shown}");

    // No one writes to the pipe now: `--fix` refuses it and fixes the other file.
    let out = output_within(
        fix_command(dir.path(), &["a.md", "pipe.md"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run copydesk"),
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("pipe.md: not a regular file"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).expect("read"),
        FIXED
    );
}

/// A long article with many safe fixes, so that a run takes a while.
fn long_article() -> String {
    use std::fmt::Write as _;
    let mut text = String::from("---\ndate: 2025-12-20\n---\n");
    for i in 0..10_000 {
        let _ = writeln!(
            text,
            "Paragraph {i}: officials in Kiev met the delegation again."
        );
    }
    text
}

/// Everything that holds a version of `name` in `dir`: the file and any kept changed version.
fn versions(dir: &Path, name: &str) -> String {
    let mut all = std::fs::read_to_string(dir.join(name)).expect("read");
    for entry in std::fs::read_dir(dir).expect("list").filter_map(Result::ok) {
        let n = entry.file_name().to_string_lossy().into_owned();
        if n.starts_with(&format!("{name}.copydesk-changed-")) {
            all.push_str(&std::fs::read_to_string(entry.path()).expect("read kept"));
        }
    }
    all
}

#[test]
fn a_concurrent_writer_never_loses_its_edit() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("archive.md");
    let old = long_article();
    write(&path, &old);
    let started = std::time::Instant::now();
    let out = fix(dir.path(), &["archive.md"]);
    let full = started.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rounds = 12;
    let (mut fixed, mut refused) = (0, 0);
    for round in 0..rounds {
        std::fs::write(&path, &old).expect("restore");
        let line = format!("Appended during round {round}.\n");
        let child = fix_command(dir.path(), &["archive.md"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run copydesk");
        // Another program appends a line, by name, at some point of the run.
        std::thread::sleep(full.mul_f64(1.1 * f64::from(round) / f64::from(rounds)));
        {
            use std::io::Write as _;
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .expect("open for appending");
            f.write_all(line.as_bytes()).expect("append");
        }
        let out = child.wait_with_output().expect("wait");
        let err = text(&out.stderr);
        let all = versions(dir.path(), "archive.md");
        assert!(
            all.contains(&line),
            "round {round}: the appended line is lost ({err})"
        );
        match out.status.code() {
            Some(0) => {
                fixed += 1;
                assert!(!all.contains("Kiev"), "round {round}");
            }
            Some(2) => {
                refused += 1;
                assert!(
                    err.contains("changed on disk") || err.contains("changed while"),
                    "{err}"
                );
            }
            other => panic!("round {round}: exit {other:?}: {err}"),
        }
        assert!(leftovers(dir.path()).is_empty(), "round {round}");
        for entry in std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
        {
            if entry.file_name() != "archive.md" {
                std::fs::remove_file(entry.path()).expect("clean up");
            }
        }
    }
    eprintln!("{fixed} runs fixed the file, {refused} found it changed");
}

#[test]
fn an_interrupted_fix_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("archive.md");
    let old = long_article();
    let new = old.replace("Kiev", "Kyiv");
    let started = std::time::Instant::now();
    write(&path, &old);
    let out = fix(dir.path(), &["archive.md"]);
    let full = started.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let points = 16;
    for i in 0..points {
        std::fs::write(&path, &old).expect("restore");
        let child = fix_command(dir.path(), &["archive.md"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("run copydesk");
        std::thread::sleep(full.mul_f64(1.1 * f64::from(i) / f64::from(points)));
        let signal = if i % 2 == 0 { "-INT" } else { "-TERM" };
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let out = child.wait_with_output().expect("wait");
        let now = std::fs::read_to_string(&path).expect("read");
        assert!(now == old || now == new, "point {i}: a half-written file");
        assert!(
            leftovers(dir.path()).is_empty(),
            "point {i}: {:?} ({:?})",
            leftovers(dir.path()),
            out.status
        );
    }
}

#[test]
fn one_file_named_several_ways_is_checked_once() {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(&dir.path().join("a.md"), FIXABLE);
    let absolute = dir.path().join("a.md");
    let out = fix(
        dir.path(),
        &["a.md", "./a.md", absolute.to_str().expect("UTF-8"), "."],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("fixed 1 problem in 1 file"), "{err}");
    assert_eq!(std::fs::read_to_string(&absolute).expect("read"), FIXED);

    let out = copydesk(dir.path())
        .args(["check", "--fix", "--no-config", "-", "-"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write as _;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(FIXABLE.as_bytes())?;
            child.wait_with_output()
        })
        .expect("run");
    assert_eq!(text(&out.stdout), FIXED, "printed once");
}

/// Decomposed copy (NFD, as some editors and file systems write it) is judged as composed copy
/// (NFC): the same findings, and a fix that replaces a letter with all its combining marks.
#[test]
fn decomposed_copy_is_read_as_composed_copy() {
    use unicode_normalization::UnicodeNormalization as _;
    let dir = tempfile::tempdir().expect("temporary folder");
    let story = |name: &str| {
        format!("---\ndate: 2025-12-01\n---\n\nPresident Recep Tayyip {name} of {place} met Jan Nova\u{301}k.\n",
        place = if name.is_ascii() { "Turkey" } else if name.contains('\u{306}') { "Tu\u{308}rkiye" } else { "Türkiye" })
    };
    write(&dir.path().join("nfc.md"), story("Erdoğan"));
    write(&dir.path().join("nfd.md"), story("Erdog\u{306}an"));
    write(
        &dir.path().join("names.toml"),
        "[[person]]\nname = \"Jan Novak\"\nmisspellings = [\"Jan Novák\"]\n",
    );
    let codes = |file: &str| {
        let out = run(
            dir.path(),
            dir.path(),
            &[
                "check",
                "--no-config",
                "--rules",
                "names.toml",
                "--style",
                "ap",
                "--format",
                "short",
                file,
            ],
        );
        text(&out.stdout)
            .lines()
            .map(|l| {
                l.split_once(": ")
                    .map_or(l, |(_, rest)| rest)
                    .nfc()
                    .collect()
            })
            .collect::<Vec<String>>()
    };
    // Messages quote the copy as written; composed, they are the same.
    let composed = codes("nfc.md");
    assert_eq!(composed.len(), 3, "{composed:?}");
    assert_eq!(codes("nfd.md"), composed);

    let out = fix(dir.path(), &["--rules", "names.toml", "nfd.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let fixed = std::fs::read_to_string(dir.path().join("nfd.md")).expect("read");
    assert!(fixed.contains("met Jan Novak."), "{fixed:?}");
    assert!(
        fixed.contains("Erdog\u{306}an of Tu\u{308}rkiye"),
        "untouched: {fixed:?}"
    );
}

/// A file with more findings than `--max-findings` reports the first ones and counts the rest,
/// in every format; what is not reported still decides the exit status, and `--fix` still
/// fixes it all.
#[test]
fn findings_past_the_limit_are_counted_and_still_count() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let kiev = "Kiev.\n".repeat(30);
    write(
        &dir.path().join("many.md"),
        format!("---\ndate: 2025-12-20\n---\n\n{kiev}"),
    );
    let check = |args: &[&str]| {
        let all = [&["check", "--no-config", "--max-findings", "10"][..], args].concat();
        run(dir.path(), dir.path(), &all)
    };
    let out = check(&["--format", "short", "many.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout).lines().count(), 10);
    assert!(
        text(&out.stderr).contains("copydesk: note: many.md: 20 more findings not reported"),
        "{}",
        text(&out.stderr)
    );
    let out = check(&["--format", "github", "many.md"]);
    let annotations = text(&out.stdout);
    assert_eq!(
        annotations
            .lines()
            .filter(|l| l.starts_with("::error "))
            .count(),
        10
    );
    assert!(annotations.ends_with(
        "::notice file=many.md,title=copydesk::20 more findings not reported \
         (`--max-findings` sets how many a file reports)\n"
    ));

    // Warnings first, errors past the limit: the run still fails.
    let warnings = "T\u{fc}rkiye.\n".repeat(12);
    write(
        &dir.path().join("mixed.md"),
        format!("---\ndate: 2025-12-20\n---\n\n{warnings}{kiev}"),
    );
    let out = check(&["--style", "ap", "--format", "short", "mixed.md"]);
    let shown = text(&out.stdout);
    assert!(
        shown
            .lines()
            .all(|l| l.contains("warning[off-style-spelling]")),
        "{shown}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "an error past the limit fails the run"
    );

    // A suppression of a finding past the limit is not called unused.
    let suppressed = format!(
        "---\ndate: 2025-12-20\n---\n\n{kiev}<!-- copydesk-disable-next-line misspelled-name -->\nKiev.\n"
    );
    write(&dir.path().join("suppressed.md"), suppressed);
    let out = check(&["--format", "short", "--max-findings", "0", "suppressed.md"]);
    assert!(!text(&out.stdout).contains("unused-suppression"));
    let out = check(&["--format", "short", "suppressed.md"]);
    assert!(
        !text(&out.stdout).contains("unused-suppression"),
        "{}",
        text(&out.stdout)
    );

    // --fix works from every finding.
    let out = check(&["--fix", "many.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("fixed 30 problems"),
        "{}",
        text(&out.stderr)
    );
    let fixed = std::fs::read_to_string(dir.path().join("many.md")).expect("read");
    assert!(!fixed.contains("Kiev") && fixed.matches("Kyiv").count() == 30);
}
