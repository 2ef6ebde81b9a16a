//! The specification of the checker, by example.
//!
//! Every directory under `tests/cases/` is one case: `old.json` and `new.json` are the two
//! schemas, `expected.json` states the rule in words and the changes the checker must
//! report, in report order:
//!
//! ```json
//! {
//!   "rule": "Adding a required member breaks backward compatibility.",
//!   "backward_compatible": false,
//!   "forward_compatible": true,
//!   "changes": [{ "pointer": "/properties/id", "kind": "required_added", "breaks": "backward" }]
//! }
//! ```
//!
//! A case may also name the counterexample of a direction, as `"backward_counterexample":
//! {"instance": ...}` (the instance may be `null`); the one found must be that instance.
//!
//! All cases run; the test fails listing every case that does not hold. Set
//! `UPDATE_EXPECTED=1` to rewrite the `changes` of failing cases from the actual output
//! (then review the diff).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use vcc_events_compat::{Breaks, ChangeKind, Report, counterexamples, diff};

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    rule: String,
    backward_compatible: bool,
    forward_compatible: bool,
    changes: Vec<ExpectedChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    backward_counterexample: Option<Instance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forward_counterexample: Option<Instance>,
}

/// A counterexample, wrapped so that the instance `null` is told apart from none.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Instance {
    instance: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ExpectedChange {
    pointer: String,
    kind: ChangeKind,
    breaks: Breaks,
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))
}

fn actual_changes(report: &Report) -> Vec<ExpectedChange> {
    report
        .changes()
        .iter()
        .map(|c| ExpectedChange {
            pointer: c.pointer.clone(),
            kind: c.kind,
            breaks: c.breaks,
        })
        .collect()
}

fn render(changes: &[ExpectedChange]) -> String {
    if changes.is_empty() {
        return "      (none)\n".to_owned();
    }
    let mut s = String::new();
    for c in changes {
        let _ = writeln!(s, "      {} {:?} {}", c.breaks, c.pointer, c.kind);
    }
    s
}

/// Runs one case; `Err` describes how it failed.
fn run_case(dir: &Path, kinds_seen: &mut BTreeSet<ChangeKind>) -> Result<(), String> {
    let old = read_json(&dir.join("old.json"))?;
    let new = read_json(&dir.join("new.json"))?;
    let expected_path = dir.join("expected.json");
    let expected: Expected = serde_json::from_value(read_json(&expected_path)?)
        .map_err(|e| format!("{} is malformed: {e}", expected_path.display()))?;
    let report = diff(&old, &new);
    let actual = actual_changes(&report);
    kinds_seen.extend(actual.iter().map(|c| c.kind));

    let mut problems = Vec::new();
    if actual != expected.changes {
        problems.push(format!(
            "changes differ\n    expected:\n{}    actual:\n{}",
            render(&expected.changes),
            render(&actual)
        ));
    }
    if report.backward_compatible() != expected.backward_compatible {
        problems.push(format!(
            "backward_compatible is {}, expected {}",
            report.backward_compatible(),
            expected.backward_compatible
        ));
    }
    if report.forward_compatible() != expected.forward_compatible {
        problems.push(format!(
            "forward_compatible is {}, expected {}",
            report.forward_compatible(),
            expected.forward_compatible
        ));
    }
    for c in report.changes() {
        if c.message.is_empty() || !c.message.ends_with('.') {
            problems.push(format!(
                "message of {} at {:?} is not a sentence: {:?}",
                c.kind, c.pointer, c.message
            ));
        }
    }
    if expected.backward_counterexample.is_some() || expected.forward_counterexample.is_some() {
        let found = counterexamples(&old, &new, &report);
        for (direction, want, got) in [
            (
                "backward",
                &expected.backward_counterexample,
                found.backward,
            ),
            ("forward", &expected.forward_counterexample, found.forward),
        ] {
            let got = got.map(|instance| Instance { instance });
            if want.is_some() && *want != got {
                problems.push(format!(
                    "{direction} counterexample is {got:?}, expected {want:?}"
                ));
            }
        }
    }
    // The two directions are mirror images: swapping the schemas swaps them.
    let reversed = diff(&new, &old);
    if reversed.backward_compatible() != report.forward_compatible()
        || reversed.forward_compatible() != report.backward_compatible()
    {
        problems.push("swapping old and new does not swap backward and forward".to_owned());
    }
    if problems.is_empty() {
        return Ok(());
    }
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        let updated = Expected {
            changes: actual,
            backward_compatible: report.backward_compatible(),
            forward_compatible: report.forward_compatible(),
            rule: expected.rule.clone(),
            backward_counterexample: expected.backward_counterexample.clone(),
            forward_counterexample: expected.forward_counterexample.clone(),
        };
        let text = serde_json::to_string_pretty(&updated).map_err(|e| e.to_string())?;
        fs::write(&expected_path, text + "\n").map_err(|e| e.to_string())?;
    }
    Err(format!(
        "{}\n  rule: {}",
        problems.join("\n  "),
        expected.rule
    ))
}

#[test]
fn every_case_holds() {
    let mut dirs: Vec<PathBuf> = fs::read_dir(cases_dir())
        .expect("tests/cases exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 40, "only {} cases found", dirs.len());

    let mut kinds_seen = BTreeSet::new();
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        if let Err(e) = run_case(dir, &mut kinds_seen) {
            failures.push(format!("case {name}:\n  {e}"));
        }
    }
    let missing: Vec<&str> = ChangeKind::ALL
        .iter()
        .filter(|k| !kinds_seen.contains(k))
        .map(|k| k.as_str())
        .collect();
    if !missing.is_empty() {
        failures.push(format!(
            "no case produces the kinds: {}",
            missing.join(", ")
        ));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_kind_is_documented() {
    let doc = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/compatibility.md"),
    )
    .expect("docs/compatibility.md exists");
    let missing: Vec<&str> = ChangeKind::ALL
        .iter()
        .map(|k| k.as_str())
        .filter(|k| !doc.contains(&format!("`{k}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "kinds missing from docs/compatibility.md: {missing:?}"
    );
}
