//! Benchmarks of copydesk's hot paths on synthetic copy (no corpus needed):
//!
//! - `startup`: parsing and validating the dictionaries (`RuleSet::load`) and compiling them
//!   (`Linter::new`: the automaton and its tables), for the built-in dictionaries and with
//!   10,000 extra synthetic people;
//! - `document`: reading an article (front matter, Markdown regions);
//! - `scan`: one automaton pass with whole-word matching and mentions (`Scan::new`);
//! - `check`: `Linter::check` with every check off (the fixed cost: date and scan), with one
//!   check on at a time, and with all of them;
//! - `json`: rendering a report as JSON.
//!
//! Run with `cargo bench`, or `cargo bench -- --quick` for a short measurement.

mod synth;

use std::hint::black_box;

use copydesk::checks::CHECKS;
use copydesk::output::json;
use copydesk::rules::{RuleSet, RuleSource};
use copydesk::scan::Scan;
use copydesk::{Document, Format, Linter, LinterOptions};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use synth::{Cast, Rng};

/// Articles per measured batch: sizes like wire copy, 1 to 9 KB.
const ARTICLES: usize = 40;
/// The date the synthetic copy is judged by.
fn date() -> copydesk::Date {
    copydesk::Date::new(2025, 12, 20).unwrap_or_else(copydesk::Date::today)
}

fn builtin() -> RuleSet {
    RuleSet::load(RuleSet::builtin_sources()).expect("the built-in dictionaries load")
}

fn with_people(n: usize) -> Vec<RuleSource> {
    let mut sources = RuleSet::builtin_sources();
    sources.push(RuleSource {
        path: "synthetic-people.toml".into(),
        text: synth::people_dictionary(n, 7),
    });
    sources
}

/// Synthetic articles as documents; `error_rate` as in [`Cast::article`].
fn articles(rules: &RuleSet, error_rate: usize) -> Vec<Document> {
    let cast = Cast::from_rules(rules);
    let mut rng = Rng::new(2025);
    (0..ARTICLES)
        .map(|i| {
            let size = 1_000 + rng.below(8_000);
            Document::new(
                format!("synthetic/{i:03}.md"),
                cast.article(&mut rng, size, error_rate),
                Format::Markdown,
            )
        })
        .collect()
}

fn bytes(docs: &[Document]) -> u64 {
    docs.iter().map(|d| d.source.len() as u64).sum()
}

fn startup(c: &mut Criterion) {
    let mut g = c.benchmark_group("startup");
    g.sample_size(20);
    g.bench_function("load-builtin", |b| {
        b.iter_batched(
            RuleSet::builtin_sources,
            |sources| RuleSet::load(sources).expect("valid"),
            BatchSize::SmallInput,
        );
    });
    let rules = builtin();
    g.bench_function("compile-builtin", |b| {
        b.iter_batched(
            || rules.clone(),
            |rules| Linter::new(rules, LinterOptions::default()),
            BatchSize::SmallInput,
        );
    });
    let sources = with_people(10_000);
    g.sample_size(10);
    g.bench_function("load-10k-people", |b| {
        b.iter_batched(
            || sources.clone(),
            |sources| RuleSet::load(sources).expect("valid"),
            BatchSize::LargeInput,
        );
    });
    let rules = RuleSet::load(sources).expect("valid");
    g.bench_function("compile-10k-people", |b| {
        b.iter_batched(
            || rules.clone(),
            |rules| Linter::new(rules, LinterOptions::default()),
            BatchSize::LargeInput,
        );
    });
    g.finish();
}

fn document_and_scan(c: &mut Criterion) {
    let rules = builtin();
    let linter = Linter::new(rules, LinterOptions::default());
    let docs = articles(&linter.rules, 15);
    let sources: Vec<(String, String)> = docs
        .iter()
        .map(|d| (d.path.clone(), d.source.clone()))
        .collect();

    let mut g = c.benchmark_group("document");
    g.throughput(Throughput::Bytes(bytes(&docs)));
    g.bench_function("markdown", |b| {
        b.iter_batched(
            || sources.clone(),
            |sources| {
                for (path, source) in sources {
                    black_box(Document::new(path, source, Format::Markdown));
                }
            },
            BatchSize::SmallInput,
        );
    });
    g.finish();

    let mut g = c.benchmark_group("scan");
    g.throughput(Throughput::Bytes(bytes(&docs)));
    g.bench_function("builtin", |b| {
        b.iter(|| {
            for doc in &docs {
                black_box(Scan::new(doc, &linter.index, date()));
            }
        });
    });
    let big = Linter::new(
        RuleSet::load(with_people(10_000)).expect("valid"),
        LinterOptions::default(),
    );
    g.bench_function("10k-people", |b| {
        b.iter(|| {
            for doc in &docs {
                black_box(Scan::new(doc, &big.index, date()));
            }
        });
    });
    g.finish();
}

/// Options with every check off except `keep` (all off for `None`).
fn only(keep: Option<&str>) -> LinterOptions {
    LinterOptions {
        severity: CHECKS
            .iter()
            .map(|c| c.meta.code)
            .filter(|&code| Some(code) != keep)
            .map(|code| (code.to_string(), None))
            .collect(),
        ..LinterOptions::default()
    }
}

fn check(c: &mut Criterion) {
    let rules = builtin();
    let docs = articles(&rules, 15);
    let mut g = c.benchmark_group("check");
    g.throughput(Throughput::Bytes(bytes(&docs)));
    let mut run = |name: &str, options: LinterOptions| {
        let linter = Linter::new(rules.clone(), options);
        g.bench_function(name, |b| {
            b.iter(|| {
                for doc in &docs {
                    black_box(linter.check(doc));
                }
            });
        });
    };
    run("none", only(None));
    for check in CHECKS {
        run(check.meta.code, only(Some(check.meta.code)));
    }
    run("all", LinterOptions::default());
    // Off-style spelling only reports with a house style.
    run(
        "all-style-ap",
        LinterOptions {
            style: Some("ap".into()),
            ..LinterOptions::default()
        },
    );
    g.finish();
}

fn render_json(c: &mut Criterion) {
    let rules = builtin();
    // Dense errors, so that rendering has work to do.
    let docs = articles(&rules, 3);
    let linter = Linter::new(rules, LinterOptions::default());
    let reports: Vec<_> = docs.iter().map(|d| linter.check(d)).collect();
    let diagnostics: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    assert!(diagnostics > 0, "the synthetic copy has findings to render");
    let mut g = c.benchmark_group("json");
    g.throughput(Throughput::Elements(diagnostics as u64));
    g.bench_function("render", |b| {
        b.iter(|| {
            for (doc, report) in docs.iter().zip(&reports) {
                black_box(json::diagnostics_json(doc, report));
                black_box(json::file_json(doc, report));
            }
        });
    });
    g.finish();
}

criterion_group!(benches, startup, document_and_scan, check, render_json);
criterion_main!(benches);
