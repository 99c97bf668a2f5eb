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
        if person.kind != EntityKind::Person {
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
