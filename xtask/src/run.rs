//! `cargo xtask gen` and `cargo xtask check` on a set of generated files: the lock, the freeze,
//! the writes and the sweep, in that order. The binary passes every generated file; tests pass
//! their own.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use vcc_events_codegen::GeneratedFile;
use vcc_events_codegen::freeze::Status;

use crate::lock::{Access, lock};
use crate::{State, freeze, leftovers, out_of_date, remove_empty_dirs, state, temporaries};

/// What `gen` did with one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Already what generation writes.
    Fresh(PathBuf),
    /// Written.
    Wrote(PathBuf),
    /// A published schema that differed from the committed one (edited or deleted by hand)
    /// although the declaration still produces the committed one: written back.
    Restored(PathBuf),
    /// A generated file that is no longer produced: removed.
    Removed(PathBuf),
    /// A temporary file left by an interrupted run: removed.
    RemovedTemporary(PathBuf),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Fresh(path) => write!(f, "fresh {}", path.display()),
            Outcome::Wrote(path) => write!(f, "wrote {}", path.display()),
            Outcome::Restored(path) => write!(
                f,
                "restored {} (a hand edit: the declaration still produces the committed schema)",
                path.display()
            ),
            Outcome::Removed(path) => write!(f, "removed {} (no longer generated)", path.display()),
            Outcome::RemovedTemporary(path) => write!(
                f,
                "removed {} (temporary file left by an interrupted run)",
                path.display()
            ),
        }
    }
}

/// `cargo xtask gen` in the workspace at `root` with the generated `files`: waits for any
/// other run, removes the temporary files an interrupted run left, checks the freeze (see
/// [`freeze::before_gen`]), then writes every file that changed, all staged before any is
/// renamed, and removes the generated files no longer produced. Returns `None` when the freeze
/// refused (nothing was written), else what was done with each file, in path order.
pub fn generate(
    root: &Path,
    files: &[GeneratedFile],
    allow_breaking: Option<&str>,
) -> io::Result<Option<Vec<Outcome>>> {
    let _lock = lock(root, Access::Exclusive)?;
    let mut outcomes = Vec::new();
    for temporary in temporaries(root)? {
        fs::remove_file(root.join(&temporary))?;
        outcomes.push(Outcome::RemovedTemporary(temporary));
    }
    let Some(frozen) = freeze::before_gen(root, files, allow_breaking)? else {
        return Ok(None);
    };
    let mut changed = Vec::new();
    for file in files {
        let path = root.join(&file.path);
        let unchanged = frozen
            .get(&file.path)
            .is_some_and(|c| c.status == Status::Unchanged);
        match state(&path, &file.contents)? {
            State::Fresh => outcomes.push(Outcome::Fresh(file.path.clone())),
            State::Stale | State::Missing if unchanged => {
                changed.push((path, file));
                outcomes.push(Outcome::Restored(file.path.clone()));
            }
            State::Stale | State::Missing => {
                changed.push((path, file));
                outcomes.push(Outcome::Wrote(file.path.clone()));
            }
        }
    }
    let writes: Vec<(&Path, &[u8])> = changed
        .iter()
        .map(|(path, file)| (path.as_path(), file.contents.as_bytes()))
        .collect();
    crate::write_all(&writes)?;
    for leftover in leftovers(root, files)? {
        fs::remove_file(root.join(&leftover))?;
        outcomes.push(Outcome::Removed(leftover));
    }
    remove_empty_dirs(root, Path::new(vcc_events_consumer_gen::OUTPUT_DIR))?;
    Ok(Some(outcomes))
}

/// `cargo xtask check` in the workspace at `root` with the generated `files`: waits for any
/// generation to finish, checks the freeze (see [`freeze::check`]) and lists every file that
/// is out of date (see [`out_of_date`]). Returns whether everything is fresh and no published
/// version breaks, having printed why not.
pub fn check(root: &Path, files: &[GeneratedFile], baseline: Option<&str>) -> io::Result<bool> {
    let _lock = lock(root, Access::Shared)?;
    let frozen = freeze::check(root, files, baseline)?;
    let problems = out_of_date(root, files)?;
    if problems.is_empty() {
        println!("all {} generated files are fresh", files.len());
        return Ok(frozen);
    }
    for problem in &problems {
        eprintln!("{problem}");
    }
    eprintln!(
        "{} generated file(s) out of date: run `cargo xtask gen` and commit the result",
        problems.len()
    );
    Ok(false)
}
