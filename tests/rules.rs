//! The built-in dictionaries in `rules/` load, validate and follow the house rules for entries.

use std::collections::BTreeSet;
use std::path::PathBuf;

use copydesk::rules::{EntityKind, RuleSet, RuleSource};

/// Every dictionary in `rules/` and `rules/generated/` as read from disk, with the path the
/// binary reports for it. `rules/positions.toml` is not a dictionary: it names the titles of
/// Wikidata positions for `rules import`.
fn rule_files() -> Vec<RuleSource> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for folder in ["rules", "rules/generated"] {
        let dir = root.join(folder);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("rules/ can be read")
            .map(|entry| entry.expect("rules/ entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .filter(|p| !p.ends_with("positions.toml"))
            .collect();
        paths.sort();
        assert!(!paths.is_empty(), "no dictionaries in {}", dir.display());
        out.extend(paths.into_iter().map(|p| {
            let name = p
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            RuleSource {
                path: format!("{folder}/{name}"),
                text,
            }
        }));
    }
    out
}

fn load(sources: Vec<RuleSource>) -> RuleSet {
    RuleSet::load(sources)
        .unwrap_or_else(|problems| panic!("dictionaries do not validate:\n{problems}"))
}

#[test]
fn every_file_loads_and_validates_alone_and_together() {
    let files = rule_files();
    for file in &files {
        load(vec![file.clone()]);
    }
    let set = load(files);
    assert!(!set.entities.is_empty());
}

#[test]
fn builtin_sources_cover_every_file_on_disk() {
    let on_disk = rule_files();
    let builtin = RuleSet::builtin_sources();
    let disk_paths: BTreeSet<&str> = on_disk.iter().map(|s| s.path.as_str()).collect();
    let builtin_paths: BTreeSet<&str> = builtin.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        disk_paths, builtin_paths,
        "rules/*.toml and RuleSet::builtin_sources() list different files"
    );
    for file in &on_disk {
        let embedded = builtin
            .iter()
            .find(|b| b.path == file.path)
            .expect("listed");
        assert!(
            embedded.text == file.text,
            "{} differs from the embedded copy",
            file.path
        );
    }
}

#[test]
fn roles_are_dated_and_every_person_has_one() {
    let set = load(rule_files());
    let mut problems = Vec::new();
    for e in &set.entities {
        if e.kind != EntityKind::Person {
            continue;
        }
        // The generated roster holds, without roles, former members whose name a member
        // shares (see rules/sources/congress-legislators/README.md).
        let generated = copydesk::rules::generated::is_generated(&set, e.origin.file);
        if e.roles.is_empty() && !generated {
            problems.push(format!("{}: a person with no role", e.name));
        }
        for r in &e.roles {
            if r.title.trim().is_empty() {
                problems.push(format!("{}: a role without a title", e.name));
            }
            if let Some(until) = r.until {
                if until.latest() < r.from.earliest() {
                    problems.push(format!(
                        "{}: role `{}` ends ({until}) before it starts ({})",
                        e.name, r.title, r.from
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Very common English words: a misspelling equal to one of these would flag ordinary copy.
const COMMON_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "but",
    "by",
    "can",
    "come",
    "could",
    "day",
    "do",
    "even",
    "first",
    "for",
    "from",
    "get",
    "give",
    "go",
    "good",
    "have",
    "he",
    "her",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "know",
    "like",
    "look",
    "make",
    "man",
    "many",
    "me",
    "more",
    "most",
    "my",
    "new",
    "no",
    "not",
    "now",
    "of",
    "on",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "people",
    "say",
    "said",
    "see",
    "she",
    "so",
    "some",
    "take",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "think",
    "this",
    "time",
    "to",
    "two",
    "up",
    "us",
    "use",
    "very",
    "want",
    "way",
    "we",
    "well",
    "what",
    "when",
    "which",
    "who",
    "will",
    "with",
    "work",
    "would",
    "year",
    "you",
    "your",
    "mark",
    "bill",
    "may",
    "rich",
    "grant",
    "hope",
    "rose",
    "page",
    "long",
    "young",
    "white",
    "brown",
    "green",
    "black",
    "little",
    "king",
    "bush",
    "house",
    "state",
    "war",
    "peace",
    "envoy",
    "aide",
    "minister",
    "president",
    "chief",
    "head",
    "leader",
];

#[test]
fn misspellings_are_names_not_common_words() {
    let set = load(rule_files());
    let mut problems = Vec::new();
    for e in &set.entities {
        for m in &e.misspellings {
            if !m.chars().next().is_some_and(char::is_uppercase) {
                problems.push(format!("{}: misspelling `{m}` is not capitalised", e.name));
            }
            if COMMON_WORDS.contains(&m.to_lowercase().as_str()) {
                problems.push(format!(
                    "{}: misspelling `{m}` is a common English word",
                    e.name
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The dictionary example in the README is the one `tests/cmd` loads and checks with.
#[test]
fn readme_dictionary_example_is_the_tested_fixture() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let section = readme
        .find("\n## Dictionaries")
        .expect("a Dictionaries section");
    let start = section
        + readme[section..]
            .find("```toml\n")
            .expect("a ```toml block in the Dictionaries section")
        + "```toml\n".len();
    let end = start + readme[start..].find("```").expect("the end of the block");
    let fixture = std::fs::read_to_string(root.join("tests/cmd/fixtures/example.toml"))
        .expect("example.toml");
    assert_eq!(
        readme[start..end].replace("\r\n", "\n"),
        fixture.replace("\r\n", "\n")
    );
    load(vec![RuleSource {
        path: "example.toml".into(),
        text: fixture,
    }]);
}
