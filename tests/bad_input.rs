//! Bad input at the command line: odd files, odd paths, closed streams and large or unusual
//! dictionaries. Whatever the input, `copydesk` must end in bounded time with a clear message and
//! a documented exit status (0, 1 or 2), and never panic.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// A run that takes longer than this is taken to hang (generous: debug builds on a busy machine).
const TIMEOUT: Duration = Duration::from_secs(300);

/// What one run of the binary produced.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn status(&self) -> i32 {
        self.code.unwrap_or(-1)
    }
}

/// Large test dictionaries are cached here, not in the user's cache folder.
const CACHE_DIR: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/copydesk-cache");

fn copydesk() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    cmd.env_remove("NO_COLOR")
        .env("COPYDESK_CACHE_DIR", CACHE_DIR);
    cmd
}

/// Waits for `child`, killing it (and failing the test) if it takes longer than [`TIMEOUT`].
fn wait_bounded(child: &mut Child) -> ExitStatus {
    let start = Instant::now();
    loop {
        match child.try_wait().expect("wait for copydesk") {
            Some(status) => return status,
            None if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("copydesk did not finish within {TIMEOUT:?}");
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// Runs `copydesk args` in `cwd` with `stdin` as standard input; checks that it did not panic.
fn run_with_stdin(cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let child = copydesk()
        .args(args)
        .current_dir(cwd)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start copydesk");
    finish(child, stdin, args)
}

/// Feeds `stdin` to a started run, collects its output while it runs (so that a full pipe never
/// blocks it), waits within [`TIMEOUT`] and checks that it did not panic.
fn finish(mut child: Child, stdin: Option<&[u8]>, args: &[&str]) -> Run {
    let writer = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        let bytes = bytes.to_vec();
        std::thread::spawn(move || {
            // The reader may stop early; a broken pipe here is not the test's concern.
            let _ = pipe.write_all(&bytes);
        })
    });
    let mut out = child.stdout.take().expect("stdout pipe");
    let mut err = child.stderr.take().expect("stderr pipe");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err.read_to_end(&mut buf);
        buf
    });
    let status = wait_bounded(&mut child);
    if let Some(w) = writer {
        w.join().expect("stdin writer");
    }
    let run = Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&out_reader.join().expect("stdout reader")).into_owned(),
        stderr: String::from_utf8_lossy(&err_reader.join().expect("stderr reader")).into_owned(),
    };
    assert_no_panic(&run, args);
    run
}

fn run(cwd: &Path, args: &[&str]) -> Run {
    run_with_stdin(cwd, args, None)
}

fn assert_no_panic(run: &Run, args: &[&str]) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("internal error"),
        "copydesk {args:?} panicked:\n{}",
        run.stderr
    );
    assert!(
        matches!(run.code, Some(0..=2)),
        "copydesk {args:?} ended with {:?}:\n{}",
        run.code,
        run.stderr
    );
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary folder")
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, bytes).expect("write file");
}

/// `check --format short` with a fixed date, so that no diagnostic depends on today's date.
fn short(cwd: &Path, paths: &[&str]) -> Run {
    let mut args = vec!["check", "--format", "short", "--date", "2025-12-20"];
    args.extend_from_slice(paths);
    run(cwd, &args)
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

// ---------------------------------------------------------------------------------------------
// Files

#[test]
fn empty_files_and_a_lone_bom_are_clean() {
    let dir = temp();
    write(dir.path(), "empty.md", "");
    write(dir.path(), "empty.txt", "");
    write(dir.path(), "bom.md", "\u{feff}");
    write(dir.path(), "bom.txt", "\u{feff}");
    write(dir.path(), "bom-front.md", "\u{feff}---\n");
    for format in ["human", "short", "json"] {
        let r = run(
            dir.path(),
            &["check", ".", "--format", format, "--date", "2025-12-20"],
        );
        assert_eq!(r.status(), 0, "{format}: {}", r.stderr);
        assert_eq!(r.stderr, "", "{format}");
        if format == "json" {
            assert!(
                r.stdout.contains(r#""summary":{"files":5,"errors":0"#),
                "{}",
                r.stdout
            );
        } else if format == "human" {
            assert_eq!(r.stdout, "copydesk: checked 5 files: no problems\n");
        } else {
            assert_eq!(r.stdout, "", "{format}");
        }
    }
}

#[test]
fn line_and_column_with_crlf_lone_cr_and_mixed_line_endings() {
    let dir = temp();
    // Line 1 ends in CRLF, line 2 in a lone CR, line 3 in LF; line 4 has no line ending.
    let text = "Talks went on.\r\nIn Kiev today.\rThen Odessa,\nand Kiev";
    write(dir.path(), "mixed.txt", text);
    write(dir.path(), "crlf.md", "# Kiev\r\n\r\nA line.\r\nOdessa\r\n");
    write(dir.path(), "cr.txt", "One.\rTwo. Kiev\r\rOdessa\r");
    let r = short(dir.path(), &["mixed.txt", "crlf.md", "cr.txt"]);
    assert_eq!(r.status(), 1, "{}", r.stderr);
    let located: Vec<String> = lines(&r.stdout)
        .iter()
        .map(|l| l.split(": ").next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        located,
        [
            "mixed.txt:2:4",
            "mixed.txt:3:6",
            "mixed.txt:4:5",
            "crlf.md:1:3",
            "crlf.md:4:1",
            "cr.txt:2:6",
            "cr.txt:4:1",
        ],
        "{}",
        r.stdout
    );
    // JSON offsets are byte offsets into the file as read, with lines counted the same way.
    let r = run(
        dir.path(),
        &[
            "check",
            "mixed.txt",
            "--format",
            "json",
            "--date",
            "2025-12-20",
        ],
    );
    let odessa = text.find("Odessa").unwrap_or_default();
    assert!(
        r.stdout.contains(&format!(
            r#""start":{{"line":3,"column":6,"offset":{odessa}}}"#
        )),
        "{}",
        r.stdout
    );
}

#[test]
fn invalid_utf8_is_an_error_naming_file_offset_and_encoding_and_other_files_are_checked() {
    let dir = temp();
    write(dir.path(), "a-latin1.txt", b"Le caf\xe9 de Kiev\n");
    write(dir.path(), "b-utf16.txt", b"\xff\xfeK\0i\0e\0v\0\n\0");
    write(
        dir.path(),
        "c-bom-then-bad.md",
        b"\xef\xbb\xbfGood text, then \x93quoted\x94.\n",
    );
    write(
        dir.path(),
        "d-truncated.md",
        b"Ends in half a character \xc3",
    );
    write(dir.path(), "e-good.md", "Drones hit Kiev.\n");
    let r = short(dir.path(), &["."]);
    assert_eq!(r.status(), 2, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "e-good.md:1:12: error[misspelled-name] `Kiev` is a misspelling of place `Kyiv`\n"
    );
    let err = lines(&r.stderr);
    assert_eq!(err.len(), 4, "{}", r.stderr);
    assert!(
        err[0].starts_with("copydesk: error: a-latin1.txt: not valid UTF-8 at byte 6;")
            && err[0].contains("WINDOWS-1252"),
        "{}",
        err[0]
    );
    assert!(
        err[1].starts_with("copydesk: error: b-utf16.txt: not valid UTF-8 at byte 0;")
            && err[1].contains("UTF-16 little-endian"),
        "{}",
        err[1]
    );
    assert!(
        err[2].starts_with("copydesk: error: c-bom-then-bad.md: not valid UTF-8 at byte 19;"),
        "{}",
        err[2]
    );
    assert!(
        err[3].starts_with("copydesk: error: d-truncated.md: not valid UTF-8 at byte 25;"),
        "{}",
        err[3]
    );
}

#[test]
fn binary_files_in_a_folder_are_skipped_with_a_note() {
    let dir = temp();
    write(
        dir.path(),
        "photo.md",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0Kiev",
    );
    write(dir.path(), "zeros.txt", vec![0u8; 100_000]);
    write(dir.path(), "story.md", "Drones hit Kiev.\n");
    let r = short(dir.path(), &["."]);
    assert_eq!(r.status(), 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "copydesk: note: photo.md: binary file skipped\ncopydesk: note: zeros.txt: binary file skipped\n"
    );
    assert_eq!(lines(&r.stdout).len(), 1, "{}", r.stdout);
}

#[test]
fn nul_bytes_in_text_are_not_words() {
    let dir = temp();
    let mut text = "A long enough line of ordinary text to be read as text, not binary. ".repeat(4);
    text.push_str("Shelling hit\0Kiev\0overnight.\nThen Odessa.\n");
    write(dir.path(), "nul.txt", &text);
    let r = short(dir.path(), &["nul.txt"]);
    assert_eq!(r.status(), 1, "{}", r.stderr);
    let kiev_col = text.find("Kiev").unwrap_or_default() + 1;
    assert_eq!(
        lines(&r.stdout),
        [
            format!("nul.txt:1:{kiev_col}: error[misspelled-name] `Kiev` is a misspelling of place `Kyiv`"),
            "nul.txt:2:6: error[misspelled-name] `Odessa` is a misspelling of place `Odesa`"
                .to_string(),
        ]
    );
    // Human output shows the line without breaking the terminal or the run.
    let r = run(dir.path(), &["check", "nul.txt", "--date", "2025-12-20"]);
    assert_eq!(r.status(), 1, "{}", r.stderr);
    assert!(r.stdout.contains("misspelled-name"), "{}", r.stdout);
}

/// Runs `copydesk args` under `ulimit -v` (address space, in megabytes) when a shell is present.
fn run_limited(cwd: &Path, megabytes: usize, args: &[&str]) -> Run {
    let script = format!("ulimit -v {} && exec \"$0\" \"$@\"", megabytes * 1024);
    let child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .env("COPYDESK_CACHE_DIR", CACHE_DIR)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start sh");
    finish(child, None, args)
}

/// A 50 MB file on one line: ordinary words, a misspelt name and a zero-width space about every
/// megabyte, no line break anywhere. It must finish (a quadratic cost in the line's length would
/// not), within a memory limit, and the human format must quote only around each finding.
#[cfg(unix)]
#[test]
fn a_50_megabyte_single_line_finishes_in_bounded_memory() {
    let dir = temp();
    let chunk = "the council met again and said nothing new, ";
    let mut text = String::with_capacity(50 * 1024 * 1024 + 1024);
    let mut n = 0;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(chunk);
        n += 1;
        if n % 24_000 == 0 {
            text.push_str("in Kiev,\u{200B} ");
        }
    }
    let expected = text.matches("Kiev").count();
    write(dir.path(), "long.txt", &text);
    // 512 MB of address space for 50 MB of copy: the file, its scan text, the checks' working
    // memory, the worker thread's stack and the allocator's arenas (a run takes about 120 MB).
    let r = run_limited(
        dir.path(),
        512,
        &[
            "check",
            "long.txt",
            "--date",
            "2025-12-20",
            "--color",
            "never",
            "-j",
            "1",
        ],
    );
    assert_eq!(r.status(), 1, "{}", r.stderr);
    assert_eq!(
        r.stdout.matches("error[misspelled-name]").count(),
        expected,
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stdout.matches("warning[hidden-character]").count(),
        expected
    );
    assert!(
        r.stdout.len() < 1000 * 2 * expected + 1000,
        "human output is {} bytes for {} findings",
        r.stdout.len(),
        2 * expected
    );
    // Columns are counted in characters from the start of the line.
    let first = text.find("Kiev").unwrap_or_default() + 1;
    assert!(
        r.stdout.contains(&format!("long.txt:1:{first}\n")),
        "{}",
        &r.stdout[..r.stdout.len().min(2000)]
    );
}

/// Many findings in one line or one long word: each finding's work must not grow with the
/// number of findings before it (these inputs took minutes to hours before).
#[test]
fn many_findings_in_one_line_finish() {
    let dir = temp();
    let patterns: [(&str, &str, usize); 5] = [
        ("hidden.txt", "ab\u{200B}", 100_000),
        ("mojibake.txt", "Ã© ", 100_000),
        ("spellings.txt", "Zelenskiy, Zelenskyy, ", 20_000),
        ("surnames.txt", "Xavier Rubio ", 40_000),
        ("names.txt", "Kiev ", 100_000),
    ];
    for (name, piece, times) in patterns {
        write(dir.path(), name, piece.repeat(times));
    }
    // Every finding reported, past the default limit per file.
    let r = short(dir.path(), &["--max-findings", "0", "."]);
    assert_eq!(r.status(), 1, "{}", r.stderr);
    let count = |path: &str| r.stdout.lines().filter(|l| l.starts_with(path)).count();
    assert_eq!(count("hidden.txt:"), 100_000);
    assert_eq!(count("mojibake.txt:"), 100_000);
    assert_eq!(count("names.txt:"), 100_000);
    assert!(
        count("spellings.txt:") >= 20_000,
        "{}",
        count("spellings.txt:")
    );
    assert_eq!(count("surnames.txt:"), 0);
}

#[test]
fn human_output_counts_a_lone_cr_as_a_line_break() {
    let dir = temp();
    write(
        dir.path(),
        "cr.txt",
        "One.\rTwo. Kiev\r\nThree.\rFour Odessa",
    );
    let r = run(
        dir.path(),
        &[
            "check",
            "cr.txt",
            "--date",
            "2025-12-20",
            "--color",
            "never",
        ],
    );
    assert_eq!(r.status(), 1, "{}", r.stderr);
    assert!(r.stdout.contains("cr.txt:2:6\n"), "{}", r.stdout);
    assert!(r.stdout.contains("cr.txt:4:6\n"), "{}", r.stdout);
    assert!(r.stdout.contains("2 │ Two. Kiev\n"), "{}", r.stdout);
    assert!(!r.stdout.contains('\r'), "{:?}", r.stdout);
}

#[test]
fn deeply_nested_markdown_does_not_overflow_the_stack() {
    let dir = temp();
    let depth = 10_000;
    write(
        dir.path(),
        "quotes.md",
        format!("{}Drones hit Kiev.\n", "> ".repeat(depth)),
    );
    write(
        dir.path(),
        "lists.md",
        format!("{}Drones hit Kiev.\n", "- ".repeat(depth)),
    );
    write(
        dir.path(),
        "mixed.md",
        format!("{}Drones hit Kiev.\n", "> 1. - ".repeat(depth / 3)),
    );
    let mut indented = String::new();
    for level in 0..depth {
        indented.push_str(&" ".repeat(level * 2));
        indented.push_str("- item\n");
    }
    indented.push_str("\nDrones hit Kiev.\n");
    write(dir.path(), "indented.md", &indented);
    write(
        dir.path(),
        "emphasis.md",
        format!(
            "{}Drones hit Kiev.{}\n",
            "*_".repeat(depth),
            "_*".repeat(depth)
        ),
    );
    write(
        dir.path(),
        "links.md",
        format!("{}Kiev{}\n", "[".repeat(depth), "](x)".repeat(depth)),
    );
    write(
        dir.path(),
        "html.md",
        format!("{}Kiev{}\n", "<div>".repeat(depth), "</div>".repeat(depth)),
    );
    let r = short(dir.path(), &["."]);
    assert_eq!(r.status(), 1, "{}", r.stderr);
    for name in [
        "quotes.md",
        "lists.md",
        "mixed.md",
        "indented.md",
        "emphasis.md",
    ] {
        assert!(
            r.stdout.contains(&format!("{name}:")),
            "{name} not reported:\n{}",
            r.stdout
        );
    }
}

/// Whether this process can read a file that has no read permission (it can as root).
fn permissions_are_enforced(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::write(&probe, "x").expect("write probe");
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let enforced = std::fs::read(&probe).is_err();
    let _ = std::fs::remove_file(&probe);
    enforced
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_errors_and_the_rest_is_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp();
    if !permissions_are_enforced(dir.path()) {
        println!(
            "skipped: this test runs with privileges that read files without read permission \
             (root); the other tests cover files that fail while being read"
        );
        return;
    }
    write(dir.path(), "locked.md", "Kiev\n");
    write(dir.path(), "closed/inner.md", "Kiev\n");
    write(dir.path(), "story.md", "Drones hit Kiev.\n");
    let mode = |p: &str, m| {
        std::fs::set_permissions(dir.path().join(p), std::fs::Permissions::from_mode(m))
            .expect("chmod");
    };
    mode("locked.md", 0o000);
    mode("closed", 0o000);
    let r = short(dir.path(), &["."]);
    mode("closed", 0o755);
    assert_eq!(r.status(), 2, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "story.md:1:12: error[misspelled-name] `Kiev` is a misspelling of place `Kyiv`\n"
    );
    assert!(r.stderr.contains("locked.md"), "{}", r.stderr);
    assert!(r.stderr.contains("closed"), "{}", r.stderr);
    assert!(r.stderr.contains("ermission denied"), "{}", r.stderr);
}

/// A file that is listed but fails while being read (as a file deleted or locked in between
/// would): `/proc/self/mem` has metadata, but reading it from the start fails.
#[cfg(target_os = "linux")]
#[test]
fn a_file_that_fails_while_being_read_is_an_error_and_the_rest_is_checked() {
    let dir = temp();
    write(dir.path(), "story.md", "Drones hit Kiev.\n");
    let r = short(dir.path(), &["/proc/self/mem", "story.md"]);
    assert_eq!(r.status(), 2, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("copydesk: error: /proc/self/mem: "),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stdout,
        "story.md:1:12: error[misspelled-name] `Kiev` is a misspelling of place `Kyiv`\n"
    );
}

#[cfg(unix)]
#[test]
fn dangling_symlinks_and_symlink_loops_end_with_a_clear_error() {
    use std::os::unix::fs::symlink;
    let dir = temp();
    let root = dir.path();
    write(root, "story.md", "Drones hit Kiev.\n");
    symlink(root.join("deleted.md"), root.join("gone.md")).expect("symlink");
    symlink(root.join("loop-b.md"), root.join("loop-a.md")).expect("symlink");
    symlink(root.join("loop-a.md"), root.join("loop-b.md")).expect("symlink");
    std::fs::create_dir(root.join("sub")).expect("mkdir");
    symlink(root, root.join("sub/up")).expect("symlink");
    // In a folder walk, symbolic links are not followed (as ripgrep): the walk ends.
    let r = short(root, &["."]);
    assert_eq!(r.status(), 1, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "story.md:1:12: error[misspelled-name] `Kiev` is a misspelling of place `Kyiv`\n"
    );
    // Named on the command line, each is an error naming it, and the other files are checked.
    let r = short(root, &["gone.md", "loop-a.md", "story.md"]);
    assert_eq!(r.status(), 2, "{}", r.stderr);
    let err = lines(&r.stderr);
    assert_eq!(err.len(), 2, "{}", r.stderr);
    assert!(
        err[0].starts_with("copydesk: error: gone.md: "),
        "{}",
        err[0]
    );
    assert!(
        err[1].starts_with("copydesk: error: loop-a.md: "),
        "{}",
        err[1]
    );
    assert!(
        err[1].to_lowercase().contains("symbolic links"),
        "{}",
        err[1]
    );
    assert_eq!(lines(&r.stdout).len(), 1, "{}", r.stdout);
}

#[test]
fn a_folder_named_like_a_file_is_walked() {
    let dir = temp();
    write(dir.path(), "story.md/inner.md", "Drones hit Kiev.\n");
    let r = short(dir.path(), &["story.md"]);
    assert_eq!(r.status(), 1, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "story.md/inner.md:1:12: error[misspelled-name] `Kiev` is a misspelling of place `Kyiv`\n"
    );
}

/// A named pipe given on the command line is read (as `copydesk check <(...)` needs); in a
/// folder walk it is not a file and is left alone, so that the walk cannot block on it.
#[cfg(unix)]
#[test]
fn named_pipes_are_read_when_named_and_skipped_in_a_walk() {
    let dir = temp();
    let fifo = dir.path().join("pipe.md");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        println!("skipped: mkfifo is not available");
        return;
    }
    write(dir.path(), "story.md", "Drones hit Kiev.\n");
    let r = short(dir.path(), &["."]);
    assert_eq!(r.status(), 1, "{}", r.stderr);
    assert_eq!(lines(&r.stdout).len(), 1, "{}", r.stdout);
    let writer = std::thread::spawn(move || {
        let mut pipe = std::fs::OpenOptions::new()
            .write(true)
            .open(&fifo)
            .expect("open fifo");
        pipe.write_all(b"Shelling hit Odessa.\n")
            .expect("write fifo");
    });
    let r = short(dir.path(), &["pipe.md"]);
    writer.join().expect("fifo writer");
    assert_eq!(r.status(), 1, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "pipe.md:1:14: error[misspelled-name] `Odessa` is a misspelling of place `Odesa`\n"
    );
}

#[test]
fn paths_that_do_not_exist_are_errors_in_every_format() {
    let dir = temp();
    write(dir.path(), "story.md", "Drones hit Kiev.\n");
    let r = run(
        dir.path(),
        &[
            "check",
            "nowhere/",
            "story.md",
            "--format",
            "json",
            "--date",
            "2025-12-20",
        ],
    );
    assert_eq!(r.status(), 2, "{}", r.stderr);
    assert!(r.stderr.contains("nowhere"), "{}", r.stderr);
    assert!(
        r.stdout.contains(r#""errors":[{"path":"nowhere/""#),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(r#""files":1"#), "{}", r.stdout);
}

// ---------------------------------------------------------------------------------------------
// Standard streams

#[test]
fn standard_input_that_is_empty_closed_or_cut_short() {
    let dir = temp();
    // Empty (at once at end of file).
    // The human format's closing line says one file was checked (and, since no date is given,
    // perhaps that today is after the dictionaries' facts).
    let clean = |r: &Run| {
        r.status() == 0
            && r.stdout
                .starts_with("copydesk: checked 1 file: no problems")
    };
    let r = run_with_stdin(dir.path(), &["check", "-"], Some(b""));
    assert!(clean(&r), "{}{}", r.stdout, r.stderr);
    let r = run_with_stdin(dir.path(), &["check", "-", "--format", "short"], Some(b""));
    assert_eq!((r.status(), r.stdout.as_str()), (0, ""), "{}", r.stderr);
    // /dev/null.
    let r = run(dir.path(), &["check", "-"]);
    assert!(clean(&r), "{}{}", r.stdout, r.stderr);
    // Cut short in the middle of a character: an encoding error at that byte, not a panic.
    let r = run_with_stdin(
        dir.path(),
        &["check", "-", "--format", "short"],
        Some(b"Drones hit Kiev.\nThen Erdo\xc4"),
    );
    assert_eq!(r.status(), 2, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("copydesk: error: <stdin>: not valid UTF-8 at byte 26;"),
        "{}",
        r.stderr
    );
    // Standard input closed altogether (no file descriptor 0).
    if Command::new("sh").arg("-c").arg("true").status().is_ok() {
        let out = Command::new("sh")
            .arg("-c")
            .arg("exec \"$0\" check - --format short <&-")
            .arg(env!("CARGO_BIN_EXE_copydesk"))
            .output()
            .expect("run sh");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(matches!(out.status.code(), Some(0 | 2)), "{stderr}");
    }
}

/// Many findings: more output than a pipe holds.
fn many_findings(dir: &Path) {
    let text = "Drones hit Kiev and Odessa overnight.\n".repeat(5_000);
    for i in 0..4 {
        write(dir, &format!("story-{i}.md"), &text);
    }
}

#[test]
fn standard_output_closed_early_ends_quietly() {
    let dir = temp();
    many_findings(dir.path());
    for format in ["human", "short", "json"] {
        let mut child = copydesk()
            .args(["check", ".", "--date", "2025-12-20", "--format", format])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start copydesk");
        let mut out = child.stdout.take().expect("stdout");
        let mut first = [0u8; 100];
        out.read_exact(&mut first).expect("some output");
        drop(out);
        let mut err = child.stderr.take().expect("stderr");
        let status = wait_bounded(&mut child);
        let mut stderr = String::new();
        err.read_to_string(&mut stderr).expect("stderr");
        assert_eq!(stderr, "", "{format}");
        assert_eq!(status.code(), Some(0), "{format}: {status:?}");
    }
    // Other commands that print a lot.
    for args in [&["rules", "--forms"][..], &["explain", "mojibake"]] {
        let mut child = copydesk()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start copydesk");
        drop(child.stdout.take());
        let mut err = child.stderr.take().expect("stderr");
        let status = wait_bounded(&mut child);
        let mut stderr = String::new();
        err.read_to_string(&mut stderr).expect("stderr");
        assert_eq!(stderr, "", "{args:?}");
        assert_eq!(status.code(), Some(0), "{args:?}");
    }
}

#[cfg(unix)]
#[test]
fn standard_output_closed_before_the_start_does_not_panic() {
    let dir = temp();
    write(dir.path(), "story.md", "Drones hit Kiev.\n");
    let out = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" check story.md --date 2025-12-20 >&-")
        .arg(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(dir.path())
        .output()
        .expect("run sh");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(matches!(out.status.code(), Some(0..=2)), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// Dictionaries

#[test]
fn a_dictionary_of_100000_entities_loads_and_checks() {
    let dir = temp();
    let mut toml = String::with_capacity(12 * 1024 * 1024);
    for i in 0..100_000u32 {
        // Names made of letters only, unique, two words; every tenth has a misspelling.
        let given = letters(i);
        let family = letters(i.wrapping_mul(7919) % 1_000_003 + 1_000_000);
        let _ = writeln!(toml, "[[person]]\nname = \"{given} {family}\"");
        if i % 10 == 0 {
            let _ = writeln!(toml, "misspellings = [\"{given} {family}x\"]");
        }
        toml.push('\n');
    }
    write(dir.path(), "big.toml", &toml);
    let some = format!(
        "{} {}x",
        letters(5_000),
        letters(5_000 * 7919 % 1_000_003 + 1_000_000)
    );
    write(dir.path(), "story.md", format!("Yesterday {some} spoke.\n"));
    let r = run(
        dir.path(),
        &[
            "check",
            "story.md",
            "--no-default-rules",
            "--rules",
            "big.toml",
            "--format",
            "short",
            "--date",
            "2025-12-20",
        ],
    );
    assert_eq!(r.status(), 1, "{}", r.stderr);
    assert_eq!(lines(&r.stdout).len(), 1, "{}", r.stdout);
    assert!(r.stdout.contains("error[misspelled-name]"), "{}", r.stdout);
    let r = run(
        dir.path(),
        &["rules", "--no-default-rules", "--rules", "big.toml"],
    );
    assert_eq!(r.status(), 0, "{}", r.stderr);
    assert!(r.stdout.contains("100000 entities"), "{}", r.stdout);
}

/// A capitalised word made of letters from a number (bijective base 26).
fn letters(mut n: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + u8::try_from(n % 26).unwrap_or(0));
        n /= 26;
        if n == 0 {
            break;
        }
        n -= 1;
    }
    out.push(b'a');
    out.reverse();
    out[0] = out[0].to_ascii_uppercase();
    String::from_utf8(out).unwrap_or_default()
}

const NON_ASCII: &str = r#"
[[person]]
name = "Recep Tayyip Erdoğan"
surname = "Erdoğan"
misspellings = ["Recep Tayyip Erdogan", "Erdogan"]

[[person]]
name = "Luís Montenegro"
misspellings = ["Luis Montenegro"]

[[person]]
name = "Volodymyr Zelenskyy"
misspellings = ["Зеленський", "Володимир Зеленський"]
"#;

#[test]
fn non_ascii_names_and_forms_are_found_and_fixed() {
    let dir = temp();
    write(dir.path(), "people.toml", NON_ASCII);
    let text = "Зеленський met Erdogan.\n«Володимир Зеленський», said Luis Montenegro; Erdoğan agreed.\nЗеленськийові is another word.\n";
    write(dir.path(), "story.txt", text);
    let r = run(
        dir.path(),
        &[
            "check",
            "story.txt",
            "--no-default-rules",
            "--rules",
            "people.toml",
            "--format",
            "json",
            "--date",
            "2025-12-20",
        ],
    );
    assert_eq!(r.status(), 1, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON output");
    let found: Vec<(String, String, usize, usize)> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let fix = &d["fixes"][0];
            (
                d["text"].as_str().unwrap_or_default().to_string(),
                fix["replacement"].as_str().unwrap_or_default().to_string(),
                usize::try_from(fix["range"]["start"]["offset"].as_u64().unwrap_or(0)).unwrap_or(0),
                usize::try_from(fix["range"]["end"]["offset"].as_u64().unwrap_or(0)).unwrap_or(0),
            )
        })
        .collect();
    let texts: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Зеленський",
            "Erdogan",
            "Володимир Зеленський",
            "Luis Montenegro"
        ],
        "{}",
        r.stdout
    );
    // Apply the fixes by their byte offsets, as an editor would.
    let mut fixed = text.to_string();
    for (_, replacement, start, end) in found.iter().rev() {
        assert!(text.is_char_boundary(*start) && text.is_char_boundary(*end));
        fixed.replace_range(*start..*end, replacement);
    }
    assert_eq!(
        fixed,
        "Zelenskyy met Erdoğan.\n«Volodymyr Zelenskyy», said Luís Montenegro; Erdoğan agreed.\nЗеленськийові is another word.\n"
    );
}

#[test]
fn forms_inside_forms_and_at_the_very_start_and_end_of_a_file() {
    let dir = temp();
    write(
        dir.path(),
        "d.toml",
        r#"
[[place]]
name = "Kyiv"
misspellings = ["Kiev"]
except = ["Kievan Rus"]

[[organization]]
name = "Kyiv Post"
misspellings = ["Kiev Post", "Kyiv-Post"]

[[organization]]
name = "Kyiv School of Economics"
misspellings = ["Kiev School of Economics", "Kyiv School of Economic"]
"#,
    );
    let cases: &[(&str, &[&str])] = &[
        ("Kiev", &["1:1 `Kiev`"]),
        ("\u{feff}Kiev", &["1:1 `Kiev`"]),
        ("Kiev Post", &["1:1 `Kiev Post`"]),
        ("The Kiev Post", &["1:5 `Kiev Post`"]),
        (
            "Kiev School of Economics",
            &["1:1 `Kiev School of Economics`"],
        ),
        ("Kievan Rus", &[]),
        ("Kiev\nPost", &["1:1 `Kiev\\nPost`"]),
        (
            "Kyiv School of Economic",
            &["1:1 `Kyiv School of Economic`"],
        ),
        ("A\r\nKiev", &["2:1 `Kiev`"]),
        ("Kyiv-Post", &["1:1 `Kyiv-Post`"]),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let name = format!("case-{i}.txt");
        write(dir.path(), &name, text);
        let r = run(
            dir.path(),
            &[
                "check",
                &name,
                "--no-default-rules",
                "--rules",
                "d.toml",
                "--format",
                "json",
            ],
        );
        let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON output");
        let got: Vec<String> = json["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| {
                format!(
                    "{}:{} `{}`",
                    d["range"]["start"]["line"],
                    d["range"]["start"]["column"],
                    d["text"].as_str().unwrap_or_default().replace('\n', "\\n")
                )
            })
            .collect();
        assert_eq!(got, *expected, "{text:?}: {}", r.stdout);
        assert_eq!(r.status(), i32::from(!expected.is_empty()), "{text:?}");
        for d in json["diagnostics"].as_array().expect("diagnostics") {
            let end = d["range"]["end"]["offset"].as_u64().unwrap_or(u64::MAX);
            assert!(end <= text.len() as u64, "{text:?}: {d}");
        }
    }
}

#[test]
fn dictionaries_that_are_not_utf8_empty_or_a_folder_without_toml() {
    let dir = temp();
    write(dir.path(), "story.md", "Drones hit Kiev.\n");
    write(
        dir.path(),
        "latin1.toml",
        b"[[place]]\nname = \"Kyiv\"\nmisspellings = [\"Ki\xe9v\"]\n",
    );
    write(dir.path(), "empty.toml", "");
    std::fs::create_dir(dir.path().join("no-toml")).expect("mkdir");
    let r = run(dir.path(), &["check", "story.md", "--rules", "latin1.toml"]);
    assert_eq!(r.status(), 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("latin1.toml") && r.stderr.contains("byte 43"),
        "{}",
        r.stderr
    );
    // An empty dictionary and an empty folder of dictionaries are valid and add nothing.
    for rules in ["empty.toml", "no-toml"] {
        let r = short(
            dir.path(),
            &["story.md", "--no-default-rules", "--rules", rules],
        );
        assert_eq!(
            (r.status(), r.stdout.as_str()),
            (0, ""),
            "{rules}: {}",
            r.stderr
        );
    }
}
