//! Running the other languages' tools from a test: each missing tool fails the test loudly,
//! saying what to install; each failing run shows its output.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `command` (named `what` in messages) and returns its output.
///
/// # Panics
///
/// When the program is not installed (saying `install`), or the run fails (showing its
/// stdout and stderr).
pub fn run(what: &str, install: &str, command: &mut Command) -> Output {
    let output = command.output().unwrap_or_else(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            panic!("`{what}` cannot run: its program is not installed. {install}")
        }
        panic!("cannot run `{what}`: {e}")
    });
    assert!(
        output.status.success(),
        "`{what}` failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// What to install for npm.
pub const INSTALL_NODE: &str = "Install Node.js 18 or later with npm (e.g. `sudo apt-get install \
    nodejs npm`, or from https://nodejs.org/) and run the tests again.";

/// What to install for Python.
pub const INSTALL_PYTHON: &str = "Install Python 3.10 or later with venv (e.g. `sudo apt-get \
    install python3 python3-venv`) and run the tests again.";

/// The files directly in `dir` whose names end with `suffix`.
pub fn files_ending(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.to_string_lossy().ends_with(suffix))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}
