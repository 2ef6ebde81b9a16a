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
                "restored {} (edited or deleted by hand; the declaration still produces the \
                 committed schema)",
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

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    use super::*;
    use crate::test_support::{catalog, loosened, parked_schema, repository_with, temp_dir, write};

    #[test]
    fn a_hand_edited_published_schema_is_restored() {
        let files = catalog();
        let schema = parked_schema(&files);
        let root = repository_with("restored", &[(&schema.path, &schema.contents)]);
        let edited = loosened(&schema);
        write(&root, &edited.path, &edited.contents);

        let outcomes = generate(&root, &files, None).unwrap().expect("not refused");
        assert!(outcomes.contains(&Outcome::Restored(schema.path.clone())));
        assert_eq!(
            fs::read_to_string(root.join(&schema.path)).unwrap(),
            schema.contents
        );
        assert_eq!(
            Outcome::Restored(schema.path.clone()).to_string(),
            "restored schemas/channel.parked.v0.json (edited or deleted by hand; the \
             declaration still produces the committed schema)"
        );
        assert!(out_of_date(&root, &files).unwrap().is_empty());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_deleted_published_schema_is_restored() {
        let files = catalog();
        let schema = parked_schema(&files);
        let root = repository_with("undeleted", &[(&schema.path, &schema.contents)]);
        fs::remove_file(root.join(&schema.path)).unwrap();

        let outcomes = generate(&root, &files, None).unwrap().expect("not refused");
        assert!(outcomes.contains(&Outcome::Restored(schema.path.clone())));
        assert!(out_of_date(&root, &files).unwrap().is_empty());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_second_run_waits_for_the_first() {
        let files = catalog();
        let root = temp_dir("waits");
        let held = lock(&root, Access::Exclusive).unwrap();
        let (done, finished) = mpsc::channel();
        let second = {
            let root = root.clone();
            let files = files.clone();
            thread::spawn(move || {
                let result = generate(&root, &files, None);
                done.send(()).unwrap();
                result
            })
        };
        assert!(
            finished.recv_timeout(Duration::from_millis(300)).is_err(),
            "the second run went ahead while the first held the lock"
        );
        assert!(!root.join("schemas").exists(), "nothing written meanwhile");
        drop(held);
        let outcomes = second.join().unwrap().unwrap().expect("not refused");
        assert_eq!(outcomes.len(), files.len());
        assert!(out_of_date(&root, &files).unwrap().is_empty());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn two_runs_at_once_both_succeed() {
        let files = catalog();
        let root = temp_dir("twice");
        let runs: Vec<_> = (0..2)
            .map(|_| {
                let root = root.clone();
                let files = files.clone();
                thread::spawn(move || generate(&root, &files, None))
            })
            .collect();
        for run in runs {
            assert!(run.join().unwrap().unwrap().is_some());
        }
        assert!(out_of_date(&root, &files).unwrap().is_empty());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn check_names_and_gen_removes_every_leftover_temporary_file() {
        let files = catalog();
        let root = temp_dir("temporaries");
        assert!(generate(&root, &files, None).unwrap().is_some());
        let schema = parked_schema(&files);
        let half = &schema.contents[..schema.contents.len() / 2];
        let left = [
            ("schemas/channel.parked.v0.json.tmp-4242", ""),
            ("schemas/index.json.tmp-7", half),
            ("docs/events/README.md.tmp-12", &schema.contents),
            ("docs/CHANGELOG.md.tmp-99", "# Changelog"),
            ("crates/generated/old-crate/src/lib.rs.tmp-5", ""),
        ];
        for (path, text) in left {
            write(&root, Path::new(path), text);
        }
        let problems = out_of_date(&root, &files).unwrap();
        let mut named: Vec<&str> = left.iter().map(|(path, _)| *path).collect();
        named.sort_unstable();
        assert_eq!(
            problems,
            named
                .iter()
                .map(|path| format!(
                    "temporary {path} (left by an interrupted run; `cargo xtask gen` removes it)"
                ))
                .collect::<Vec<_>>()
        );

        let outcomes = generate(&root, &files, None).unwrap().expect("not refused");
        for path in named {
            assert!(!root.join(path).exists(), "{path}");
            assert!(outcomes.contains(&Outcome::RemovedTemporary(PathBuf::from(path))));
        }
        assert!(!root.join("crates/generated/old-crate").exists());
        assert!(out_of_date(&root, &files).unwrap().is_empty());
        fs::remove_dir_all(&root).unwrap();
    }
}
