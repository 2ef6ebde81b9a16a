//! Shared by the CLI's tests: running the `vcc-events` binary on the files in
//! `tests/fixtures/`.

#![allow(dead_code)]

pub mod https;
pub mod receiver;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// What a run of the binary produced.
pub struct Run {
    /// The exit status.
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs the binary in `tests/fixtures/` with `args` and an empty standard input.
pub fn vcc_events(args: &[&str]) -> Run {
    vcc_events_with_stdin(args, "")
}

/// Runs the binary with `stdin` as its standard input.
pub fn vcc_events_with_stdin(args: &[&str], stdin: &str) -> Run {
    vcc_events_with_env(args, stdin, &[])
}

/// Runs the binary with `stdin` as its standard input and `env` added to its environment
/// (`VCC_WEBHOOK_SECRETS` is removed unless given).
pub fn vcc_events_with_env(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Run {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut child = Command::new(env!("CARGO_BIN_EXE_vcc-events"))
        .args(args)
        .env_remove("VCC_WEBHOOK_SECRETS")
        .envs(env.iter().copied())
        .current_dir(fixtures)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(mut input) = child.stdin.take() {
        // The binary may exit before reading everything (e.g. past the size limit).
        let _ = input.write_all(stdin.as_bytes());
    }
    let output = child.wait_with_output().expect("the binary runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
