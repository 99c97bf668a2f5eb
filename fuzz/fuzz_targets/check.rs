//! Arbitrary bytes as a file of copy: read it, run every check with the built-in dictionaries,
//! render every output format and apply the safe fixes. Nothing may panic, every range must lie
//! within the source on character boundaries, and fixing must converge.
#![no_main]

use std::sync::LazyLock;

use copydesk::diagnostic::apply_fixes;
use copydesk::output::{self, FileOutput};
use copydesk::read::document_from_bytes;
use copydesk::rules::RuleSet;
use copydesk::{Date, Diagnostic, Document, Linter, LinterOptions};
use libfuzzer_sys::fuzz_target;

/// The built-in dictionaries, compiled once; one linter without a style and one per house style.
static LINTERS: LazyLock<Vec<Linter>> = LazyLock::new(|| {
    [None, Some("ap"), Some("reuters")]
        .into_iter()
        .map(|style| {
            let rules = RuleSet::load(RuleSet::builtin_sources()).expect("built-in rules load");
            Linter::new(
                rules,
                LinterOptions {
                    style: style.map(str::to_string),
                    date: Date::new(2025, 12, 20),
                    ..LinterOptions::default()
                },
            )
        })
        .collect()
});

fn assert_in_source(source: &str, span: &std::ops::Range<usize>, what: &str) {
    assert!(
        span.start <= span.end
            && span.end <= source.len()
            && source.is_char_boundary(span.start)
            && source.is_char_boundary(span.end),
        "{what} {span:?} is not a range of the {}-byte source",
        source.len()
    );
}

fn assert_ranges(source: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert_in_source(source, &d.span, d.code);
        for label in &d.labels {
            assert_in_source(source, &label.span, "label");
        }
        for fix in &d.fixes {
            assert_in_source(source, &fix.edit.span, "fix");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // The first byte chooses the file type and the house style; the rest is the file.
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let path = if selector & 1 == 0 {
        "fuzz.md"
    } else {
        "fuzz.txt"
    };
    let linter = &LINTERS[usize::from(selector >> 1) % LINTERS.len()];
    let Ok(doc) = document_from_bytes(bytes.to_vec(), path) else {
        return;
    };
    let report = linter.check(&doc);
    assert_ranges(&doc.source, &report.diagnostics);
    for d in &report.diagnostics {
        let _ = doc.line_col(d.span.start);
        let _ = doc.line_col(d.span.end);
    }
    let file = FileOutput {
        doc: &doc,
        report: &report,
    };
    for format in output::FORMATS {
        let mut reporter = (format.make)(output::Options {
            color: false,
            rules: &[],
            quiet: false,
        });
        let rendered = reporter.render(file);
        let _ = reporter.file(&rendered, &mut std::io::sink());
    }

    // Safe fixes: applying them again to the fixed text must converge within a few rounds.
    let (mut text, mut applied) = apply_fixes(&doc.source, &report.diagnostics, false);
    let mut rounds = 0;
    while applied > 0 {
        rounds += 1;
        assert!(rounds <= 8, "safe fixes do not converge:\n{text}");
        let fixed = Document::new(path, text.clone(), doc.format);
        let again = linter.check(&fixed);
        assert_ranges(&fixed.source, &again.diagnostics);
        (text, applied) = apply_fixes(&fixed.source, &again.diagnostics, false);
    }
});
