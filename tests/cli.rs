//! Command-line tests: every `tests/cmd/*.toml` case runs the `copydesk` binary and compares its
//! exit code, standard output and standard error with the snapshots beside it.
//! Regenerate snapshots with `TRYCMD=overwrite cargo test --test cli`, then review the diff.

#[test]
fn cli() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

/// `.gitignore` files are honoured inside a git repository (a folder with `.git` above the
/// files), as ripgrep does. The `tests/cmd` fixtures use `.ignore` files instead, which apply
/// everywhere and which git itself does not read.
#[test]
fn gitignore_is_honoured_inside_a_git_repository() {
    let dir = newsroom_with_gitignore();
    std::fs::create_dir(dir.path().join(".git")).expect("create .git");
    let out = check_short(dir.path());
    assert_eq!(
        out,
        "story.md:1:12: error[misspelled-name] `Kiev` is a misspelling of place `Kyiv`\n"
    );
}

/// Outside a git repository a `.gitignore` is not read (the `ignore` crate's `require_git`
/// default); `.ignore` files are.
#[test]
fn gitignore_is_not_read_outside_a_git_repository() {
    let dir = newsroom_with_gitignore();
    let out = check_short(dir.path());
    assert_eq!(
        out,
        "archive/old.md:1:6: error[misspelled-name] `Kiev` is a misspelling of place `Kyiv`\n\
         story.md:1:12: error[misspelled-name] `Kiev` is a misspelling of place `Kyiv`\n"
    );
}

fn newsroom_with_gitignore() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join("archive")).expect("create archive");
    std::fs::write(dir.path().join(".gitignore"), "archive/\n").expect("write .gitignore");
    std::fs::write(dir.path().join("story.md"), "Drones hit Kiev.\n").expect("write story");
    std::fs::write(dir.path().join("archive/old.md"), "From Kiev.\n").expect("write archive");
    dir
}

fn check_short(cwd: &std::path::Path) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", ".", "--format", "short", "--date", "2025-12-20"])
        .current_dir(cwd)
        .output()
        .expect("run copydesk");
    assert_eq!(
        output.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}
