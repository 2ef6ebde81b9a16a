//! Every decided break of the rule cases comes with a counterexample, checked by a
//! validator: the producer's schema accepts it and the reader's schema rejects it.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use vcc_events_compat::{ChangeKind, Report, counterexamples, diff, shows_break};

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
        .expect("tests/cases exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn read(path: &Path) -> Value {
    let text = fs::read_to_string(path).expect("readable");
    serde_json::from_str(&text).expect("JSON")
}

/// Whether a direction is broken by a change the checker decided (not a conservative
/// "not decided").
fn decided(report: &Report, backward: bool) -> bool {
    report.changes().iter().any(|c| {
        let breaks = if backward {
            c.breaks.backward()
        } else {
            c.breaks.forward()
        };
        breaks
            && c.kind != ChangeKind::Undecidable
            && !c.message.contains("not decided")
            && !c.message.contains("may ")
    })
}

#[test]
fn every_decided_break_has_a_verified_counterexample() {
    let mut missing = Vec::new();
    let mut found = 0;
    for dir in cases() {
        let (old, new) = (read(&dir.join("old.json")), read(&dir.join("new.json")));
        let report = diff(&old, &new);
        let found_here = counterexamples(&old, &new, &report);
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (backward, example, producer, reader) in [
            (true, &found_here.backward, &old, &new),
            (false, &found_here.forward, &new, &old),
        ] {
            let direction = if backward { "backward" } else { "forward" };
            match example {
                Some(v) => {
                    assert!(
                        shows_break(producer, reader, v),
                        "{name}: {direction} counterexample {v} does not show a break"
                    );
                    found += 1;
                }
                None if decided(&report, backward) => missing.push(format!("{name} ({direction})")),
                None => {}
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no counterexample ({found} found) for:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn compatible_directions_have_no_counterexample() {
    for dir in cases() {
        let (old, new) = (read(&dir.join("old.json")), read(&dir.join("new.json")));
        let report = diff(&old, &new);
        let found = counterexamples(&old, &new, &report);
        if report.backward_compatible() {
            assert_eq!(found.backward, None, "{}", dir.display());
        }
        if report.forward_compatible() {
            assert_eq!(found.forward, None, "{}", dir.display());
        }
    }
}
