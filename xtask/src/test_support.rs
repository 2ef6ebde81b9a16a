//! What the xtask tests share: temporary workspaces, git in them, and the catalog's schema
//! made breaking.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use vcc_events_codegen::GeneratedFile;
use vcc_events_codegen::freeze::is_version_schema;

/// A fresh, empty folder under the system's temporary folder, named for the test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `git <args>` in `dir`, which must succeed.
pub fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {output:?}");
}

/// A git repository in a fresh folder, with `files` committed (path relative to the folder,
/// text).
pub fn repository_with(name: &str, files: &[(&Path, &str)]) -> PathBuf {
    let root = temp_dir(name);
    git(&root, &["init", "-q"]);
    for (path, text) in files {
        write(&root, path, text);
    }
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "--allow-empty", "-m", "published"]);
    root
}

/// Writes `text` to `root/path`, creating the folders.
pub fn write(root: &Path, path: &Path, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Every generated file of the catalog (not the consumer crates).
pub fn catalog() -> Vec<GeneratedFile> {
    vcc_events_codegen::generate()
}

/// The catalog's generated schema of `channel.parked.v0`.
pub fn parked_schema(files: &[GeneratedFile]) -> GeneratedFile {
    files
        .iter()
        .find(|f| is_version_schema(&f.path) && f.path.ends_with("channel.parked.v0.json"))
        .unwrap()
        .clone()
}

/// The schema of `channel.parked.v0` loosened as a hand edit would: `data` optional. Against
/// it, the declared schema (where `data` is required) breaks backward.
pub fn loosened(schema: &GeneratedFile) -> GeneratedFile {
    let mut value: serde_json::Value = serde_json::from_str(&schema.contents).unwrap();
    value["required"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r != "data");
    GeneratedFile {
        path: schema.path.clone(),
        contents: serde_json::to_string_pretty(&value).unwrap() + "\n",
    }
}

/// `file` without its generated line (the schema's `$comment`).
pub fn without_generated_line(file: &GeneratedFile) -> GeneratedFile {
    let contents: String = file
        .contents
        .lines()
        .filter(|line| !line.contains(vcc_events_codegen::GENERATED_BY))
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(!vcc_events_codegen::is_generated(&contents));
    GeneratedFile {
        path: file.path.clone(),
        contents,
    }
}
