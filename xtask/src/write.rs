//! Writing generated files: each atomically (a temporary file in the same folder, synced, then
//! renamed), all of a run's files staged before any is renamed, and the temporary files an
//! interrupted run leaves behind found again.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What the temporary file of `<name>` is called: `<name>` followed by this and the process id.
const TEMPORARY_MARK: &str = ".tmp-";

/// The temporary file written next to `path` before it is renamed over it.
fn temporary_path(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!("{name}{TEMPORARY_MARK}{}", std::process::id()))
}

/// Whether a file called `name` is a temporary file of a run: `<name>.tmp-<process id>`.
pub fn is_temporary(name: &str) -> bool {
    name.rsplit_once(TEMPORARY_MARK).is_some_and(|(stem, pid)| {
        !stem.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
    })
}

/// A file written to its temporary path and synced, not yet renamed.
struct Staged {
    temporary: PathBuf,
    path: PathBuf,
}

/// Replaces each `(path, contents)` so that readers see the old or the new file, never a part,
/// and a failure before the first rename changes nothing: first every file is written to a
/// temporary file in its folder and synced, and every target is checked to be replaceable (not
/// a folder); only then are they renamed, in order. On an error before the renames, every
/// temporary file is removed and no target has changed. The error names the file.
pub fn write_all(files: &[(&Path, &[u8])]) -> io::Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, contents) in files {
        match stage(path, contents) {
            Ok(file) => staged.push(file),
            Err(e) => {
                for file in &staged {
                    let _ = fs::remove_file(&file.temporary);
                }
                return Err(e);
            }
        }
    }
    let mut folders = Vec::new();
    for (i, file) in staged.iter().enumerate() {
        if let Err(e) = fs::rename(&file.temporary, &file.path) {
            for later in &staged[i..] {
                let _ = fs::remove_file(&later.temporary);
            }
            return Err(io::Error::new(
                e.kind(),
                format!("cannot write {}: {e}", file.path.display()),
            ));
        }
        if let Some(dir) = file.path.parent()
            && !folders.contains(&dir)
        {
            folders.push(dir);
        }
    }
    // Make the renames durable; not every platform can open a folder, so best effort.
    #[cfg(unix)]
    for dir in folders {
        if let Ok(folder) = File::open(dir) {
            let _ = folder.sync_all();
        }
    }
    Ok(())
}

/// Replaces the file at `path` with `contents` atomically: [`write_all`] of one file.
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_all(&[(path, contents)])
}

/// Writes `contents` to the temporary file of `path` and syncs it; checks that `path` can be
/// replaced. Leaves no temporary file on error.
fn stage(path: &Path, contents: &[u8]) -> io::Result<Staged> {
    let context =
        |e: io::Error| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()));
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(context)?;
    if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(context(io::Error::new(
            io::ErrorKind::IsADirectory,
            "a folder is in the way",
        )));
    }
    let temporary = temporary_path(path);
    let written = File::create(&temporary).and_then(|mut file| {
        file.write_all(contents)?;
        file.sync_all()
    });
    if let Err(e) = written {
        let _ = fs::remove_file(&temporary);
        return Err(context(e));
    }
    Ok(Staged {
        temporary,
        path: path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_temporary_names() {
        assert!(is_temporary("channel.parked.v0.json.tmp-1234"));
        assert!(is_temporary("lib.rs.tmp-1"));
        assert!(!is_temporary("channel.parked.v0.json"));
        assert!(!is_temporary("notes.tmp-draft"));
        assert!(!is_temporary(".tmp-12"));
        assert!(!is_temporary("a.tmp-"));
    }

    #[test]
    fn the_temporary_file_is_recognized() {
        let path = temporary_path(Path::new("schemas/a.v0.json"));
        assert_eq!(path.parent(), Some(Path::new("schemas")));
        assert!(is_temporary(&path.file_name().unwrap().to_string_lossy()));
    }

    #[test]
    fn an_error_before_the_renames_changes_no_file() {
        let root = crate::test_support::temp_dir("staged");
        let earlier = [
            root.join("crates/generated/a/src/lib.rs"),
            root.join("docs/events/a.md"),
        ];
        for path in &earlier {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "old\n").unwrap();
        }
        // Renamed in path order, `schemas/` last; a file is in the way of the folder.
        fs::write(root.join("schemas"), "not a folder").unwrap();
        let blocked = root.join("schemas/a.v0.json");
        let files: Vec<(&Path, &[u8])> = vec![
            (&earlier[0], b"new\n"),
            (&earlier[1], b"new\n"),
            (&blocked, b"new\n"),
        ];

        let error = write_all(&files).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with(&format!("cannot write {}: ", blocked.display())),
            "{error}"
        );
        for path in &earlier {
            assert_eq!(
                fs::read_to_string(path).unwrap(),
                "old\n",
                "{}",
                path.display()
            );
            let names: Vec<String> = fs::read_dir(path.parent().unwrap())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            assert!(!names.iter().any(|n| is_temporary(n)), "{names:?}");
        }
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_folder_in_place_of_a_target_is_found_before_any_rename() {
        let root = crate::test_support::temp_dir("folder-in-the-way");
        let first = root.join("a.md");
        fs::write(&first, "old\n").unwrap();
        let second = root.join("b.md");
        fs::create_dir_all(second.join("inside")).unwrap();
        let files: Vec<(&Path, &[u8])> = vec![(&first, b"new\n"), (&second, b"new\n")];

        assert!(write_all(&files).is_err());
        assert_eq!(fs::read_to_string(&first).unwrap(), "old\n");
        fs::remove_dir_all(&root).unwrap();
    }
}
