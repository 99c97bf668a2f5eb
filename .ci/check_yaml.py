"""Checks the YAML files that GitHub and pre-commit read, which no Rust test parses.

- action.yml: a composite action whose inputs are exactly those scripts/action-run reads, each
  passed to the script as INPUT_<NAME>, and whose run steps all name a shell;
- the README's workflow (.github/workflows/copydesk.yml): valid YAML that uses the action with
  only inputs it has;
- .pre-commit-hooks.yaml: the `copydesk` and `copydesk-verbose` hooks as documented;
- .github/workflows/ci.yml: valid YAML.

Usage: python check_yaml.py (needs PyYAML), from the repository root.
"""

import re
import sys

import yaml

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


action = yaml.safe_load(open("action.yml"))
inputs = set(action["inputs"])
script = open("scripts/action-run").read()
read_by_script = {m.lower().replace("_", "-") for m in re.findall(r"INPUT_([A-Z_]+)", script)}
check(inputs == read_by_script, f"action inputs {sorted(inputs)} != script inputs {sorted(read_by_script)}")
check(action["runs"]["using"] == "composite", "action.yml is not a composite action")
steps = action["runs"]["steps"]
for step in steps:
    if "run" in step:
        check(step.get("shell") == "bash", f"step {step.get('name')} has no bash shell")
env = next(s["env"] for s in steps if "action-run" in s.get("run", ""))
for name in inputs:
    var = "INPUT_" + name.upper().replace("-", "_")
    check(env.get(var) == "${{ inputs.%s }}" % name, f"{var} is not passed from inputs.{name}")
for name, spec in action["inputs"].items():
    check(bool(spec.get("description")), f"input {name} has no description")
install = next(s for s in steps if s.get("name") == "Install copydesk")
check('cargo install --path "$GITHUB_ACTION_PATH" --locked' in install["run"], "install step")
cache = next(s for s in steps if str(s.get("uses", "")).startswith("actions/cache@"))
check("key" in cache["with"], "the cache has no key")
upload = next(s for s in steps if "upload-sarif" in str(s.get("uses", "")))
check("inputs.sarif-file" in upload["if"], "the SARIF upload does not depend on sarif-file")

readme = open("README.md").read()
section = readme.split("`.github/workflows/copydesk.yml`", 1)[1]
block = section.split("```yaml\n", 1)[1].split("\n```", 1)[0]
workflow = yaml.safe_load(block)
# YAML 1.1 reads the key `on` as True.
check(True in workflow or "on" in workflow, "the README workflow has no `on`")
uses = [
    step
    for job in workflow["jobs"].values()
    for step in job["steps"]
    if str(step.get("uses", "")).startswith("OWNER/copydesk@")
]
check(len(uses) == 1, "the README workflow does not use OWNER/copydesk@...")
for step in uses:
    unknown = set(step.get("with", {})) - inputs
    check(not unknown, f"the README workflow passes unknown inputs {sorted(unknown)}")

hooks = yaml.safe_load(open(".pre-commit-hooks.yaml"))
hook = next(h for h in hooks if h["id"] == "copydesk")
check(hook["entry"] == "copydesk check", "hook entry")
check(hook["language"] == "rust", "hook language")
check(hook["types_or"] == ["markdown", "plain-text"], "hook types_or")
verbose = next(h for h in hooks if h["id"] == "copydesk-verbose")
check(verbose.get("verbose") is True, "copydesk-verbose shows its output")
for key in ("entry", "language", "types_or"):
    check(verbose[key] == hook[key], f"copydesk-verbose {key} as copydesk's")

yaml.safe_load(open(".github/workflows/ci.yml"))

for f in failures:
    print("check_yaml: FAIL:", f, file=sys.stderr)
if failures:
    sys.exit(1)
print("check_yaml: action.yml, the README workflow, .pre-commit-hooks.yaml and ci.yml are right")
