//! Every handover in the built-in dictionaries, judged the day before, the day of and the day after
//! (both ends of a date known only to the month or the year). A plain title is wrong only when no
//! role with that title may have been held on the date: handover days pass.

use copydesk::rules::{EntityKind, Held, RuleSet};
use copydesk::{Date, Document, Format, Linter, LinterOptions};

fn days_around(d: Date) -> [Date; 3] {
    [d.pred(), d, d.succ()]
}

#[test]
fn every_role_boundary_of_the_builtin_dictionaries() {
    let rules = RuleSet::load(RuleSet::builtin_sources()).expect("built-in dictionaries are valid");
    // One linter; each case carries its date in its front matter.
    let linter = Linter::new(rules.clone(), LinterOptions::default());
    let mut checked = 0;
    let mut flagged_cases = 0;
    for (i, person) in rules.entities.iter().enumerate() {
        // Imported people (the generated roster) are judged only on "former" before an office
        // they hold: `an_imported_office_holder_is_judged_only_on_former` below.
        if person.kind != EntityKind::Person
            || copydesk::rules::generated::is_generated(&rules, person.origin.file)
        {
            continue;
        }
        for role in person.roles.iter().filter(|r| !r.unverified) {
            let mut boundaries = vec![role.from.earliest(), role.from.latest()];
            boundaries.extend(role.until.iter().flat_map(|u| [u.earliest(), u.latest()]));
            boundaries.dedup();
            for boundary in boundaries {
                for date in days_around(boundary) {
                    if person.as_of.is_some_and(|as_of| date > as_of) {
                        continue;
                    }
                    let text = format!("{} {} spoke.", role.title, person.name);
                    let doc = Document::new(
                        "t.md",
                        format!("---\ndate: {date}\n---\n{text}\n"),
                        Format::Markdown,
                    );
                    let report = linter.check(&doc);
                    let flagged = report.diagnostics.iter().any(|d| d.code == "wrong-title");
                    // Held on the date under this title, by any role of this person with that title?
                    let title = role.title.to_lowercase();
                    let held = rules.entities[i]
                        .roles
                        .iter()
                        .filter(|r| r.all_forms().any(|f| f.to_lowercase() == title))
                        .any(|r| r.held_on(date) != Held::No);
                    let unverified_form = rules.entities[i]
                        .roles
                        .iter()
                        .any(|r| r.unverified && r.all_forms().any(|f| f.to_lowercase() == title));
                    if unverified_form {
                        continue;
                    }
                    // An "-elect" title after the term began looks back on the transition
                    // ("briefed President-elect Donald Trump"): it is not judged.
                    let elect = title.ends_with("-elect");
                    let looked_back = elect
                        && rules.entities[i]
                            .roles
                            .iter()
                            .filter(|r| r.all_forms().any(|f| f.to_lowercase() == title))
                            .any(|r| r.ended_by(date));
                    // While the person is the title's "-elect" holder, copy may already use the
                    // title ("President Trump will ...").
                    let elect_title = format!("{title}-elect");
                    let prospective = rules.entities[i].roles.iter().any(|r| {
                        r.title.to_lowercase() == elect_title && r.held_on(date) != Held::No
                    });
                    let held = held || looked_back || prospective;
                    assert_eq!(
                        flagged, !held,
                        "{text:?} on {date}: held = {held}, diagnostics = {:?}",
                        report.diagnostics
                    );
                    checked += 1;
                    flagged_cases += usize::from(flagged);
                }
            }
        }
    }
    assert!(checked > 150, "only {checked} boundary cases were checked");
    assert!(
        flagged_cases > 30,
        "only {flagged_cases} of {checked} cases were reported"
    );
    eprintln!("{checked} boundary cases, {flagged_cases} reported");
}

/// A roster person: "former Sen." while a senator is wrong; a plain title of another time, or one
/// the roster does not know, is not judged (copy speaks of the past, the roster is not a career).
#[test]
fn an_imported_office_holder_is_judged_only_on_former() {
    let rules = RuleSet::load(RuleSet::builtin_sources()).expect("built-in dictionaries are valid");
    let linter = Linter::new(
        rules,
        LinterOptions {
            date: Date::parse("2025-06-01"),
            ..LinterOptions::default()
        },
    );
    let check = |text: &str| {
        let doc = Document::new("t.txt", text.to_string(), Format::Text);
        linter
            .check(&doc)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "wrong-title")
            .map(|d| d.message)
            .collect::<Vec<_>>()
    };
    // A senator since 2001 (and a representative before).
    let former = check("Former Sen. Maria Cantwell spoke.");
    assert_eq!(former.len(), 1, "{former:?}");
    assert!(former[0].contains("\"former\" is wrong"), "{former:?}");
    assert!(check("Sen. Maria Cantwell spoke.").is_empty());
    assert!(check("Rep. Maria Cantwell spoke in 1994.").is_empty());
    assert!(check("Then-Rep. Maria Cantwell spoke.").is_empty());
    assert!(check("Former Rep. Maria Cantwell spoke.").is_empty());
    assert!(check("Speaker Maria Cantwell spoke.").is_empty());
    // A state senator is not a member of Congress.
    assert!(check("Former state Sen. Maria Cantwell spoke.").is_empty());
}

/// Two imported people who share a name are judged only when the copy tells them apart.
#[test]
fn homonyms_are_judged_only_when_the_copy_tells_them_apart() {
    let roster = "# @generated by copydesk (test)\nas-of = 2026-06-15\n\n\
        [[person]]\nid = \"a\"\nname = \"Pat Quill\"\n\n  [[person.role]]\n  title = \"Senator\"\n  forms = [\"Sen.\"]\n  from = 2019-01-03\n  state = \"KY\"\n  party = \"Republican\"\n\n\
        [[person]]\nid = \"b\"\nname = \"Pat Quill\"\n\n  [[person.role]]\n  title = \"Senator\"\n  forms = [\"Sen.\"]\n  from = 2001-01-03\n  until = 2007-01-03\n  state = \"OR\"\n  party = \"Democrat\"\n";
    let rules = RuleSet::load(vec![copydesk::rules::RuleSource {
        path: "roster.toml".into(),
        text: roster.into(),
    }])
    .expect("homonyms load");
    let linter = Linter::new(
        rules,
        LinterOptions {
            date: Date::parse("2025-06-01"),
            ..LinterOptions::default()
        },
    );
    let count = |text: &str| {
        let doc = Document::new("t.txt", text.to_string(), Format::Text);
        linter
            .check(&doc)
            .diagnostics
            .iter()
            .filter(|d| d.code == "wrong-title")
            .count()
    };
    // Which Pat Quill? Not told apart: not judged.
    assert_eq!(count("Former Sen. Pat Quill spoke."), 0);
    // The Kentucky Republican holds the seat: "former" is wrong.
    assert_eq!(count("Former Sen. Pat Quill (R-Ky.) spoke."), 1);
    assert_eq!(count("Former Sen. Pat Quill of Kentucky spoke."), 1);
    // The Oregon Democrat left in 2007: "former" is right.
    assert_eq!(count("Former Sen. Pat Quill (D-Ore.) spoke."), 0);
}
