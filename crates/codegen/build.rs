//! Reads the schema base URL from `[workspace.metadata.vcc-events] schema-base-url` in the
//! workspace's root `Cargo.toml`, the one place it is set, and hands it to the crate as the
//! environment variable `VCC_EVENTS_SCHEMA_BASE_URL`.

use std::path::Path;

/// Used when the workspace manifest is not beside this crate (e.g. a packaged copy).
const DEFAULT_BASE_URL: &str = "https://events.vcc.example/schemas/";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .ok()
        .filter(|t| t.contains("[workspace]"));
    let url = match text {
        Some(text) => {
            // Rerun only when the file exists: a missing path would rerun every build.
            println!("cargo:rerun-if-changed={}", manifest.display());
            base_url(&text).unwrap_or_else(|| {
                panic!(
                    "{} has no `schema-base-url = \"...\"` under [workspace.metadata.vcc-events]",
                    manifest.display()
                )
            })
        }
        None => DEFAULT_BASE_URL.to_owned(),
    };
    println!("cargo:rustc-env=VCC_EVENTS_SCHEMA_BASE_URL={url}");
}

/// The value of `schema-base-url` in table `[workspace.metadata.vcc-events]`: a basic string
/// on one line, which is all a URL needs.
fn base_url(manifest: &str) -> Option<String> {
    let mut in_table = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_table = line == "[workspace.metadata.vcc-events]";
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if in_table && key.trim() == "schema-base-url" {
            let value = value.trim();
            let end = value.get(1..)?.find('"')? + 1;
            return value.starts_with('"').then(|| value[1..end].to_owned());
        }
    }
    None
}
