//! Arbitrary text as a dictionary file: loading and validation must report problems, never panic;
//! every problem must point into its file. A dictionary that loads is compiled and used to check
//! copy made of its own forms.
#![no_main]

use copydesk::rules::{RuleSet, RuleSource};
use copydesk::{Date, Document, Format, Linter, LinterOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let source = RuleSource {
        path: "fuzz.toml".to_string(),
        text: text.to_string(),
    };
    match RuleSet::load(vec![source]) {
        Err(problems) => {
            for p in &problems.problems {
                let file = &problems.sources[p.file].text;
                assert!(p.span.start <= p.span.end && p.span.end <= file.len());
                for (f, span, _) in &p.secondary {
                    assert!(span.end <= problems.sources[*f].text.len());
                }
                let _ = problems.location(p);
            }
            let _ = copydesk::output::human::render_problems(&problems, "dictionary", false);
            let _ = problems.to_string();
        }
        Ok(rules) => {
            let mut copy = String::new();
            for e in &rules.entities {
                for form in e
                    .correct_forms()
                    .into_iter()
                    .chain(e.misspellings.iter().map(String::as_str))
                {
                    copy.push_str(form);
                    copy.push_str(" said. ");
                }
                for r in &e.roles {
                    copy.push_str(&format!("Former {} {} spoke.\n", r.title, e.name));
                }
            }
            for p in &rules.phrases {
                copy.push_str(&p.instead_of.join(", "));
                copy.push('\n');
            }
            let styles: Vec<String> = rules.styles().into_iter().map(str::to_string).collect();
            for style in std::iter::once(None)
                .chain(styles.into_iter().map(Some))
                .take(3)
            {
                let linter = Linter::new(
                    rules.clone(),
                    LinterOptions {
                        style,
                        date: Date::new(2025, 12, 20),
                        ..LinterOptions::default()
                    },
                );
                for format in [Format::Text, Format::Markdown] {
                    let doc = Document::new("copy.md", copy.clone(), format);
                    let report = linter.check(&doc);
                    for d in &report.diagnostics {
                        assert!(
                            d.span.end <= copy.len()
                                && copy.is_char_boundary(d.span.start)
                                && copy.is_char_boundary(d.span.end)
                        );
                    }
                }
            }
        }
    }
});
