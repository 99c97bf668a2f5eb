//! The machine outputs against their schemas: `--format json` against
//! `schema/copydesk-json-v1.schema.json` (copydesk's own contract), `--format sarif` against the
//! official SARIF 2.1.0 schema in `tests/schemas`. The fixtures make the binary produce every field
//! (fixes, labels, notes, help, errors, each date source), and deliberately broken documents must
//! fail, so that a schema that accepts anything would be caught.

mod support;

use std::path::Path;

use serde_json::{json, Value};

const STORY: &str = "\
---
title: Envoys meet in Kiev
date: 2025-12-20
---

Former President Donald Trump said on Friday that talks would go on. Sen. Marco Rubio
agreed. Volodymyr Zelenskyy spoke later; Zelenskiy said the advisor would stay.
";

const CLEAN: &str = "\
---
date: 2025-12-20
---

The council met on Tuesday and agreed the budget.
";

/// A named change that makes a valid document invalid.
type Mutation = (&'static str, Box<dyn Fn(&mut Value)>);

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("the schema does not compile: {e}"))
}

fn json_validator() -> jsonschema::Validator {
    let schema = read_json(&root().join("schema/copydesk-json-v1.schema.json"));
    jsonschema::meta::validate(&schema)
        .unwrap_or_else(|e| panic!("copydesk-json-v1.schema.json is not a valid schema: {e}"));
    validator(&schema)
}

fn sarif_validator() -> jsonschema::Validator {
    validator(&read_json(&root().join("tests/schemas/sarif-2.1.0.json")))
}

fn assert_valid(validator: &jsonschema::Validator, value: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not validate:\n{}\n{value:#}",
        errors.join("\n")
    );
}

/// A folder with a story that triggers fixes, labels and notes, and a clean story.
fn newsroom() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(dir.path().join("story.md"), STORY).expect("write story");
    std::fs::write(dir.path().join("clean.md"), CLEAN).expect("write clean");
    dir
}

/// Runs `copydesk check ARGS` in `cwd` with `stdin`; returns the exit code and standard output.
fn run(cwd: &Path, args: &[&str], stdin: &str) -> (Option<i32>, Value) {
    let args: Vec<&str> = std::iter::once("check")
        .chain(args.iter().copied())
        .collect();
    let output = support::run_with_stdin(cwd, &args, stdin);
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "output is not one JSON document ({e}):\n{stdout}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), value)
}

fn full_run(format: &str) -> (Option<i32>, Value) {
    let dir = newsroom();
    run(
        dir.path(),
        &[
            "story.md",
            "clean.md",
            "missing.md",
            "-",
            "--stdin-filename",
            "desk/draft.txt",
            "--date",
            "2025-12-20",
            "--format",
            format,
        ],
        "Drones struck Odessa overnight.\n",
    )
}

#[test]
fn json_output_with_every_field_validates() {
    let (code, value) = full_run("json");
    assert_eq!(code, Some(2), "a missing file makes the run fail");
    // The fixtures really exercise every part of the schema.
    let diagnostics = value["diagnostics"].as_array().expect("diagnostics");
    let any = |f: &dyn Fn(&Value) -> bool| diagnostics.iter().any(f);
    assert!(any(&|d| !d["fixes"].as_array().expect("fixes").is_empty()));
    assert!(any(&|d| !d["labels"]
        .as_array()
        .expect("labels")
        .is_empty()));
    assert!(any(&|d| !d["notes"].as_array().expect("notes").is_empty()));
    assert!(any(&|d| d["help"].is_string()));
    assert!(any(&|d| d["severity"] == "warning"));
    assert!(any(&|d| d["fixes"][0]["applicability"] == "unsafe"));
    assert!(any(&|d| d["path"] == "desk/draft.txt"));
    assert_eq!(value["errors"].as_array().expect("errors").len(), 1);
    assert_eq!(value["files"].as_array().expect("files").len(), 3);
    assert_eq!(value["summary"]["files"], 3);
    assert_valid(&json_validator(), &value, "the JSON output");
}

#[test]
fn json_output_of_a_clean_run_validates() {
    let dir = newsroom();
    let (code, value) = run(dir.path(), &["clean.md", "--format", "json"], "");
    assert_eq!(code, Some(0));
    assert_eq!(value["files"][0]["date_source"], "front-matter");
    assert_valid(&json_validator(), &value, "the JSON output of a clean run");
}

#[test]
fn the_readme_json_example_validates() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let section = readme
        .split("\n## JSON output")
        .nth(1)
        .expect("a `## JSON output` section");
    let example = section
        .split("```json\n")
        .nth(1)
        .and_then(|s| s.split("\n```").next())
        .expect("a JSON example in the section");
    let value: Value = serde_json::from_str(example).expect("the example is JSON");
    assert_valid(&json_validator(), &value, "the README's example");
}

#[test]
fn json_schema_rejects_wrong_documents() {
    let validator = json_validator();
    let (_, good) = full_run("json");
    assert!(validator.is_valid(&good));
    let mutations: Vec<Mutation> = vec![
        ("no summary", Box::new(|v| drop(v["summary"].take()))),
        (
            "missing key",
            Box::new(|v| {
                v.as_object_mut().expect("object").remove("errors");
            }),
        ),
        ("wrong version", Box::new(|v| v["version"] = json!(2))),
        (
            "unknown severity",
            Box::new(|v| v["diagnostics"][0]["severity"] = json!("fatal")),
        ),
        (
            "column 0",
            Box::new(|v| v["diagnostics"][0]["range"]["start"]["column"] = json!(0)),
        ),
        (
            "offset as a string",
            Box::new(|v| v["diagnostics"][0]["range"]["end"]["offset"] = json!("12")),
        ),
        (
            "unknown applicability",
            Box::new(|v| v["diagnostics"][0]["fixes"][0]["applicability"] = json!("maybe")),
        ),
        (
            "extra field",
            Box::new(|v| v["diagnostics"][0]["extra"] = json!(true)),
        ),
        (
            "bad date",
            Box::new(|v| v["files"][0]["date"] = json!("20 December 2025")),
        ),
        (
            "unknown date source",
            Box::new(|v| v["files"][0]["date_source"] = json!("guess")),
        ),
        (
            "negative count",
            Box::new(|v| v["summary"]["errors"] = json!(-1)),
        ),
        (
            "note not a string",
            Box::new(|v| v["diagnostics"][1]["notes"] = json!([1])),
        ),
    ];
    for (what, mutate) in mutations {
        let mut bad = good.clone();
        mutate(&mut bad);
        assert!(
            !validator.is_valid(&bad),
            "the schema accepts a document with {what}"
        );
    }
}

#[test]
fn sarif_output_validates_against_the_sarif_schema() {
    let (code, value) = full_run("sarif");
    assert_eq!(code, Some(2));
    assert_valid(&sarif_validator(), &value, "the SARIF output");

    // The same findings as the JSON output, in the same order.
    let (_, json) = full_run("json");
    let run = &value["runs"][0];
    let results = run["results"].as_array().expect("results");
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(results.len(), diagnostics.len());
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let codes: Vec<&str> = copydesk::checks::all().map(|m| m.code).collect();
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, codes, "every registered check is a rule, in order");
    for (r, d) in results.iter().zip(diagnostics) {
        assert_eq!(r["ruleId"], d["code"]);
        let index = usize::try_from(r["ruleIndex"].as_u64().expect("ruleIndex")).expect("index");
        assert_eq!(rules[index]["id"], d["code"]);
        let level = match d["severity"].as_str().expect("severity") {
            "info" => "note",
            other => other,
        };
        assert_eq!(r["level"], level);
        let location = &r["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], d["path"]);
        let region = &location["region"];
        assert_eq!(region["startLine"], d["range"]["start"]["line"]);
        assert_eq!(region["startColumn"], d["range"]["start"]["column"]);
        assert_eq!(region["endLine"], d["range"]["end"]["line"]);
        assert_eq!(region["endColumn"], d["range"]["end"]["column"]);
        assert_eq!(region["byteOffset"], d["range"]["start"]["offset"]);
        assert_eq!(region["snippet"]["text"], d["text"]);
        let message = r["message"]["text"].as_str().expect("message");
        assert!(message.starts_with(d["message"].as_str().expect("message")));
        let fixes = r["fixes"].as_array().map_or(0, Vec::len);
        assert_eq!(fixes, d["fixes"].as_array().expect("fixes").len());
        let related = r["relatedLocations"].as_array().map_or(0, Vec::len);
        assert_eq!(related, d["labels"].as_array().expect("labels").len());
    }
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]
            ["artifactLocation"]["uri"],
        "missing.md"
    );
}

#[test]
fn sarif_of_a_clean_run_validates() {
    let dir = newsroom();
    let (code, value) = run(dir.path(), &["clean.md", "--format", "sarif"], "");
    assert_eq!(code, Some(0));
    assert_eq!(value["runs"][0]["results"], json!([]));
    assert_eq!(
        value["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
    assert_valid(
        &sarif_validator(),
        &value,
        "the SARIF output of a clean run",
    );
}

/// A file with more findings than `--max-findings`: the first ones are reported, the rest
/// counted in the JSON file record and in a SARIF notification, and both still validate.
#[test]
fn findings_past_the_limit_are_counted_in_valid_documents() {
    let dir = newsroom();
    let many = format!("---\ndate: 2025-12-20\n---\n\n{}", "Kiev.\n".repeat(30));
    std::fs::write(dir.path().join("many.md"), many).expect("write");
    let args = ["many.md", "clean.md", "--max-findings", "10", "--format"];
    let (code, value) = run(dir.path(), &[&args[..], &["json"]].concat(), "");
    assert_eq!(code, Some(1), "the findings not reported still count");
    assert_eq!(value["diagnostics"].as_array().map(Vec::len), Some(10));
    assert_eq!(value["diagnostics"][9]["range"]["start"]["line"], 14);
    assert_eq!(value["files"][0]["unreported"], 20);
    assert!(value["files"][1].get("unreported").is_none());
    assert_valid(&json_validator(), &value, "the JSON output of a capped run");

    let (_, sarif) = run(dir.path(), &[&args[..], &["sarif"]].concat(), "");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["results"].as_array().map(Vec::len), Some(10));
    let invocation = &run0["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "note");
    assert!(note["message"]["text"]
        .as_str()
        .is_some_and(|t| t.starts_with("20 more findings not reported")));
    assert_valid(
        &sarif_validator(),
        &sarif,
        "the SARIF output of a capped run",
    );

    let (_, all) = run(
        dir.path(),
        &["many.md", "--max-findings", "0", "--format", "json"],
        "",
    );
    assert_eq!(all["diagnostics"].as_array().map(Vec::len), Some(30));
    assert!(all["files"][0].get("unreported").is_none());
}

#[test]
fn sarif_schema_rejects_wrong_documents() {
    let validator = sarif_validator();
    let (_, good) = full_run("sarif");
    assert!(validator.is_valid(&good));
    let mutations: Vec<Mutation> = vec![
        ("wrong version", Box::new(|v| v["version"] = json!("2.0.0"))),
        (
            "unknown level",
            Box::new(|v| v["runs"][0]["results"][0]["level"] = json!("fatal")),
        ),
        (
            "line 0",
            Box::new(|v| {
                v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
                    ["startLine"] = json!(0);
            }),
        ),
        (
            "no driver name",
            Box::new(|v| {
                v["runs"][0]["tool"]["driver"]
                    .as_object_mut()
                    .expect("driver")
                    .remove("name");
            }),
        ),
        (
            "message without text",
            Box::new(|v| v["runs"][0]["results"][0]["message"] = json!({})),
        ),
    ];
    for (what, mutate) in mutations {
        let mut bad = good.clone();
        mutate(&mut bad);
        assert!(
            !validator.is_valid(&bad),
            "the SARIF schema accepts a log with {what}"
        );
    }
}
