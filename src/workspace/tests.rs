//! The workspace: configuration per folder, one profile per configuration, and checking text
//! through the same code whatever the front end.

use std::fs;
use std::path::Path;

use super::*;
use crate::diagnostic::Severity;
use crate::document::Format;
use crate::read::ReadError;

const DICTIONARY: &str = "[[place]]\nname = \"Kyiv\"\nmisspellings = [\"Kiev\"]\n\n\
                          [[phrase]]\nuse = \"adviser\"\ninstead-of = [\"advisor\"]\nstyles = [\"ap\"]\n";

/// A folder that is a repository root (configuration is not looked for above it), with a
/// dictionary, a configured newsroom folder and a folder without configuration.
fn newsroom() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path();
    fs::create_dir(root.join(".git")).expect("mkdir");
    fs::create_dir_all(root.join("desk")).expect("mkdir");
    fs::create_dir_all(root.join("plain")).expect("mkdir");
    fs::write(root.join("desk/names.toml"), DICTIONARY).expect("write");
    fs::write(
        root.join("desk/copydesk.toml"),
        "rules = [\"names.toml\"]\ndefault-rules = false\nstyle = \"ap\"\n\
         [severity]\nmisspelled-name = \"warning\"\n",
    )
    .expect("write");
    dir
}

fn settings() -> Settings {
    Settings {
        no_default_rules: true,
        use_cache: false,
        ..Settings::default()
    }
}

fn day(s: &str) -> Date {
    Date::parse(s).expect("date")
}

fn codes(report: &FileReport) -> Vec<(&'static str, Severity)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.severity))
        .collect()
}

#[test]
fn a_buffer_is_checked_with_the_configuration_of_its_folder() {
    let dir = newsroom();
    let mut ws = Workspace::new(settings());
    let text = "Our advisor flew to Kiev.\n".to_string();
    let (doc, report) = ws
        .check_text(
            &dir.path().join("desk/unsaved.md"),
            text.clone(),
            day("2026-01-02"),
        )
        .expect("checked");
    assert_eq!(doc.format, Format::Markdown);
    assert_eq!(
        codes(&report),
        [
            ("house-style", Severity::Warning),
            ("misspelled-name", Severity::Warning)
        ]
    );
    // Outside the configured folder: no dictionary, no style, nothing to report.
    let (_, report) = ws
        .check_text(
            &dir.path().join("plain/unsaved.md"),
            text,
            day("2026-01-02"),
        )
        .expect("checked");
    assert!(report.diagnostics.is_empty());
}

#[test]
fn a_buffer_and_the_same_text_read_from_disk_get_the_same_report() {
    let dir = newsroom();
    let path = dir.path().join("desk/story.md");
    let text = "---\ndate: 2024-05-01\n---\nAn advisor in Kiev.\n";
    fs::write(&path, text).expect("write");
    let mut ws = Workspace::new(settings());
    let (_, from_buffer) = ws
        .check_text(&path, text.to_string(), day("2026-01-02"))
        .expect("checked");
    let inputs = ws.inputs(&[path], None).expect("inputs");
    let (input, id) = &inputs.files[0];
    let options = RunOptions {
        mode: FixMode::Report,
        today: day("2026-01-02"),
        stdin: None,
        only_errors: false,
        quotes: None,
    };
    let outcome = ws.check_input(input, *id, &options);
    let from_disk = outcome.report.expect("checked");
    assert_eq!(from_disk.diagnostics, from_buffer.diagnostics);
    assert_eq!(from_disk.date.to_string(), "2024-05-01");
    // Both findings are warnings here, and a run fails on errors unless configured otherwise.
    assert!(!outcome.failed);
}

#[test]
fn one_profile_per_configuration_file() {
    let dir = newsroom();
    let mut ws = Workspace::new(settings());
    let desk = |name: &str| dir.path().join("desk").join(name);
    let a = ws.profile_for(Some(&desk("a.md"))).expect("profile");
    let b = ws.profile_for(Some(&desk("b.txt"))).expect("profile");
    let plain = ws
        .profile_for(Some(&dir.path().join("plain/c.md")))
        .expect("profile");
    assert_eq!(a, b);
    assert_ne!(a, plain);
    assert_eq!(ws.profile(a).linter.options.style.as_deref(), Some("ap"));
    assert_eq!(ws.profile(plain).linter.options.style, None);

    let mut ignoring = Workspace::new(Settings {
        config: ConfigChoice::Ignore,
        ..settings()
    });
    let id = ignoring.profile_for(Some(&desk("a.md"))).expect("profile");
    assert_eq!(ignoring.profile(id).linter.options.style, None);
}

#[test]
fn undated_copy_is_judged_as_of_the_day_of_each_call() {
    let dir = newsroom();
    let mut ws = Workspace::new(settings());
    let path = dir.path().join("desk/undated.md");
    for today in ["2025-06-30", "2026-01-02"] {
        let (_, report) = ws
            .check_text(&path, "Kyiv.".to_string(), day(today))
            .expect("checked");
        assert_eq!(report.date.to_string(), today);
        assert_eq!(report.date_source, crate::report::DateSource::Today);
    }
}

#[test]
fn an_unknown_style_is_an_error_of_the_setting_or_of_the_configuration() {
    let dir = newsroom();
    let mut ws = Workspace::new(Settings {
        style: Some("nyt".into()),
        ..settings()
    });
    let err = ws
        .profile_for(Some(&dir.path().join("desk/a.md")))
        .expect_err("an error");
    assert_eq!(
        err.to_string(),
        "unknown house style `nyt`; the dictionaries know: ap"
    );

    fs::write(dir.path().join("plain/copydesk.toml"), "style = \"nyt\"\n").expect("write");
    let mut ws = Workspace::new(settings());
    let err = ws
        .profile_for(Some(&dir.path().join("plain/a.md")))
        .expect_err("an error");
    let (problems, what) = err.problems().expect("problems in the file");
    assert_eq!(what, "configuration");
    assert_eq!(problems.problems[0].label, "unknown style");
}

#[test]
fn unreadable_and_invalid_dictionaries_are_typed_errors() {
    let dir = newsroom();
    let root = dir.path();
    let missing = Workspace::new(Settings {
        rules: vec![root.join("nowhere.toml")],
        ..settings()
    })
    .profile_for(None)
    .expect_err("an error");
    assert!(matches!(missing, WorkspaceError::ReadDictionary { .. }));
    assert!(std::error::Error::source(&missing).is_some());

    fs::write(root.join("bad.toml"), "[[place]]\nname = 3\n").expect("write");
    let invalid = Workspace::new(Settings {
        rules: vec![root.join("bad.toml")],
        config: ConfigChoice::Ignore,
        ..settings()
    })
    .profile_for(None)
    .expect_err("an error");
    assert_eq!(invalid.problems().map(|(_, what)| what), Some("dictionary"));
}

#[test]
fn walked_files_are_copy_and_excluded_ones_are_left_out() {
    let dir = newsroom();
    let root = dir.path();
    for name in ["plain/a.md", "plain/b.txt", "plain/c.rs", "desk/d.md"] {
        fs::write(root.join(name), "Kyiv.").expect("write");
    }
    fs::write(
        root.join("plain/copydesk.toml"),
        "default-rules = false\nexclude = [\"b.txt\"]\n",
    )
    .expect("write");
    let mut ws = Workspace::new(settings());
    let inputs = ws
        .inputs(
            &[
                root.join("plain"),
                root.join("plain/c.rs"),
                root.join("gone"),
            ],
            None,
        )
        .expect("inputs");
    let names: Vec<String> = inputs
        .files
        .iter()
        .map(|(i, _)| {
            let path = i.path().expect("a path");
            path.file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    // c.rs is not copy when walked, but is checked when named; b.txt is excluded.
    assert_eq!(names, ["a.md", "c.rs"]);
    assert_eq!(inputs.errors.len(), 1);
    assert!(!inputs.reads_stdin());
}

#[test]
fn the_checks_are_described_to_the_formats_in_registry_order() {
    let infos = rule_infos();
    let metas: Vec<&str> = checks::all().map(|m| m.code).collect();
    let codes: Vec<&str> = infos.iter().map(|r| r.code).collect();
    assert_eq!(codes, metas);
    assert!(codes.contains(&"unused-suppression"));
    let sarif = crate::output::sarif::tool(&infos);
    assert_eq!(
        sarif["driver"]["rules"].as_array().map(Vec::len),
        Some(metas.len())
    );
}

#[test]
fn display_paths_drop_a_leading_dot_slash() {
    assert_eq!(display_path(Path::new("./news/a.md")), "news/a.md");
    assert_eq!(display_path(Path::new("news/a.md")), "news/a.md");
}

#[test]
fn files_that_cannot_be_read_are_notes_or_errors_of_the_run() {
    let dir = newsroom();
    let plain = dir.path().join("plain");
    fs::write(plain.join("a.md"), "Kyiv.").expect("write");
    fs::write(plain.join("b.md"), b"\x00\x01binary").expect("write");
    fs::write(plain.join("c.md"), b"caf\xe9\n").expect("write");
    let mut ws = Workspace::new(settings());
    let inputs = ws.inputs(&[plain], None).expect("inputs");
    let options = RunOptions {
        mode: FixMode::Report,
        today: day("2026-01-02"),
        stdin: None,
        only_errors: false,
        quotes: None,
    };
    let mut totals = Totals::default();
    let outcomes: Vec<FileOutcome> = inputs
        .files
        .iter()
        .map(|(input, id)| ws.check_input(input, *id, &options))
        .collect();
    for outcome in &outcomes {
        totals.add(outcome);
    }
    assert!(outcomes[0].report.is_some() && outcomes[0].doc.is_some());
    assert!(matches!(outcomes[1].note, Some(ReadError::Binary { .. })));
    assert!(matches!(
        outcomes[2].error,
        Some(FileError::Read(ReadError::NotUtf8 { offset: 3, .. }))
    ));
    assert_eq!(totals.summary.files, 1);
    assert!(totals.errored && !totals.failed);
}

#[test]
fn reload_rebuilds_from_changed_files_and_keeps_the_last_good_profile() {
    let dir = newsroom();
    let root = dir.path();
    let mut ws = Workspace::new(settings());
    let story = root.join("desk/story.md");
    let check = |ws: &mut Workspace| {
        let (_, report) = ws
            .check_text(&story, "Kiev.".to_string(), day("2026-01-02"))
            .expect("checked");
        codes(&report)
    };
    assert_eq!(check(&mut ws), [("misspelled-name", Severity::Warning)]);
    assert!(ws.changed_files().is_empty());
    // Another file changing rebuilds nothing.
    let done = ws.reload(&[root.join("plain/other.toml")]);
    assert!(done.profiles.is_empty() && done.failures.is_empty());

    let names = root.join("desk/names.toml");
    let accepted = DICTIONARY.replace("misspellings = [\"Kiev\"]", "variants = [\"Kiev\"]");
    fs::write(&names, accepted).expect("write");
    let done = ws.reload(std::slice::from_ref(&names));
    assert_eq!(
        done.profiles,
        [Some(config::absolute(&root.join("desk/copydesk.toml")))]
    );
    assert!(check(&mut ws).is_empty(), "Kiev is a variant now");

    // A dictionary that no longer loads: the failure is told, the profile goes on working.
    fs::write(&names, "[[place]]\nname = 3\n").expect("write");
    let done = ws.reload(std::slice::from_ref(&names));
    assert_eq!(done.failures.len(), 1);
    assert!(done.failures[0].error.problems().is_some());
    assert!(check(&mut ws).is_empty());

    // The configuration deleted: its profile is dropped and the file is checked without it.
    fs::remove_file(root.join("desk/copydesk.toml")).expect("remove");
    let done = ws.reload(&[]);
    assert_eq!(done.profiles.len(), 1);
    let id = ws.profile_for(Some(&story)).expect("profile");
    assert_eq!(ws.profile(id).config(), None);
}

#[test]
fn changed_files_are_told_by_their_modification_times() {
    let dir = newsroom();
    let mut ws = Workspace::new(settings());
    ws.profile_for(Some(&dir.path().join("desk/a.md")))
        .expect("profile");
    let names = dir.path().join("desk/names.toml");
    let file = fs::File::options().append(true).open(&names).expect("open");
    file.set_modified(std::time::SystemTime::UNIX_EPOCH)
        .expect("set the modification time");
    assert_eq!(ws.changed_files(), [config::absolute(&names)]);
}
