//! The built-in roster (`rules/generated/congress.toml`) is generated from the committed
//! `unitedstates/congress-legislators` files, and compiled ahead (`rules/generated/congress.bin`)
//! so that it loads without parsing its TOML. Both must be what the committed sources give today:
//! after changing the sources or the importer, regenerate them with
//! `COPYDESK_REGENERATE=1 cargo test --test roster` and review the diff.

use std::path::Path;

use copydesk::import::{self, Format, Input, Positions, Roster};
use copydesk::rules::{generated, RuleSet, RuleSource};

/// The date of the committed congress-legislators snapshot.
const AS_OF: &str = "2026-06-15";
const SOURCES: &[&str] = &[
    "rules/sources/congress-legislators/legislators-current.yaml",
    "rules/sources/congress-legislators/executive.yaml",
    "rules/sources/congress-legislators/legislators-historical-homonyms.csv",
];
const ROSTER: &str = "rules/generated/congress.toml";
const COMPILED: &str = "rules/generated/congress.bin";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn regenerate() -> (String, Roster) {
    let inputs: Vec<Input> = SOURCES
        .iter()
        .map(|p| {
            let bytes = std::fs::read(root().join(p)).expect("a committed source");
            Input {
                name: (*p).to_string(),
                bytes,
            }
        })
        .collect();
    let mut roster = Roster {
        as_of: copydesk::Date::parse(AS_OF),
        ..Roster::default()
    };
    import::import_into(
        &mut roster,
        Format::CongressLegislators,
        &inputs,
        &Positions::builtin(),
    )
    .expect("the sources import");
    (import::write::to_toml(&roster), roster)
}

#[test]
fn the_built_in_roster_regenerates_byte_for_byte() {
    let (toml, roster) = regenerate();
    let source = RuleSource {
        path: ROSTER.into(),
        text: toml.clone(),
    };
    let compiled = generated::compile(&source).expect("the roster loads on its own");
    if std::env::var_os("COPYDESK_REGENERATE").is_some() {
        std::fs::write(root().join(ROSTER), &toml).expect("write the roster");
        std::fs::write(root().join(COMPILED), &compiled).expect("write the compiled roster");
    }
    let committed = std::fs::read_to_string(root().join(ROSTER)).expect("the roster");
    assert!(
        committed == toml,
        "{ROSTER} is not what the committed sources give: run COPYDESK_REGENERATE=1 cargo test --test roster"
    );
    let committed = std::fs::read(root().join(COMPILED)).expect("the compiled roster");
    assert!(
        committed == compiled,
        "{COMPILED} is stale: run COPYDESK_REGENERATE=1 cargo test --test roster"
    );
    // The rows the importer leaves out are named, and there are few.
    assert!(roster.errors() < 5, "{:#?}", roster.problems);
    assert!(roster.people.len() > 600, "{}", roster.people.len());
    // The former members of the historical excerpt (no dates: no roles) are there only because
    // someone of the roster shares their name.
    let names = |p: &import::ImportedPerson| {
        std::iter::once(p.name.clone())
            .chain(p.aliases.clone())
            .collect::<Vec<_>>()
    };
    for former in roster.people.iter().filter(|p| p.roles.is_empty()) {
        let shared = roster
            .people
            .iter()
            .any(|p| !p.roles.is_empty() && names(p).iter().any(|n| names(former).contains(n)));
        assert!(shared, "{} shares no name with the roster", former.name);
    }
}

/// Loading the compiled roster gives what parsing its TOML gives.
#[test]
fn the_compiled_roster_loads_as_the_toml_does() {
    let builtin = RuleSet::builtin_sources();
    let roster = builtin
        .iter()
        .find(|s| s.path == ROSTER)
        .expect("the roster is built in");
    assert!(generated::compiled_matches(roster), "{COMPILED} is stale");
    let compiled = RuleSet::load(builtin.clone()).expect("the built-ins load");
    let parsed = RuleSet::load(
        builtin
            .into_iter()
            .map(|mut s| {
                if s.path == ROSTER {
                    s.path = format!("{ROSTER} (parsed)");
                }
                s
            })
            .collect(),
    )
    .expect("the built-ins load from TOML");
    assert_eq!(compiled.entities.len(), parsed.entities.len());
    let strip = |set: &RuleSet| {
        let mut entities = set.entities.clone();
        for e in &mut entities {
            e.origin.file = 0;
        }
        format!("{entities:?}")
    };
    assert_eq!(strip(&compiled), strip(&parsed));
}

/// Hand-written entries win: the roster's presidents and vice presidents whom `rules/people-us.toml`
/// already has are not loaded twice.
#[test]
fn hand_written_people_win_over_the_roster() {
    let set = RuleSet::load(RuleSet::builtin_sources()).expect("the built-ins load");
    for name in ["Donald Trump", "Joe Biden", "JD Vance", "Kamala Harris"] {
        let found = set.find(name);
        assert_eq!(found.len(), 1, "{name}: {found:#?}");
        assert_eq!(
            set.sources[found[0].origin.file].path,
            "rules/people-us.toml"
        );
    }
    let trump = &set.find("Donald Trump")[0];
    assert!(
        trump.wikidata.is_some()
            || set
                .entities
                .iter()
                .all(|e| e.wikidata.as_deref() != Some("Q22686"))
    );
}

/// As a new user would: import the results of the shipped query, then check copy with them.
#[test]
fn import_then_check_judges_the_imported_titles() {
    let dir = tempfile::tempdir().expect("a folder");
    let bin = env!("CARGO_BIN_EXE_copydesk");
    let fixture = root().join("tests/fixtures/import/holders.sparql.json");
    let import = std::process::Command::new(bin)
        .current_dir(dir.path())
        .args(["rules", "import", "--from", "wikidata-sparql"])
        .arg(&fixture)
        .args(["--output", "desk/roster.toml"])
        .output()
        .expect("copydesk runs");
    // Three rows of the fixture are wrong on purpose: left out, the file is written.
    assert_eq!(import.status.code(), Some(1));
    std::fs::write(
        dir.path().join("story.md"),
        "---\ndate: 2020-03-02\n---\nFormer Sen. Alexandra Quillfeather said the bill would pass.\n\
         Secretary of State Bartholomew Ironwood was not yet in office.\n",
    )
    .expect("a story");
    let check = std::process::Command::new(bin)
        .current_dir(dir.path())
        .args([
            "check",
            "--rules",
            "desk/roster.toml",
            "story.md",
            "--format",
            "short",
        ])
        .output()
        .expect("copydesk runs");
    let out = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{out}");
    assert_eq!(
        out,
        "story.md:4:8: error[wrong-title] Alexandra Quillfeather was still \"Sen.\" on 2020-03-02 \
         (2017-01-03 to 2023-01-02): \"former\" is wrong\n"
    );
}
