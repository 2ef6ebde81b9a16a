//! The registry of the catalog-wide generated files ([`DOCUMENTS`]): where each goes, what
//! format the index gives it, the sentence the front page says of it, and what renders it.
//! Generation, the index, the front page and the xtask help all read this one list.
//!
//! Adding a document is one entry here (and its renderer): a [`Render::Json`] of the versions
//! is written, indexed with its digest and listed on the front page.

use std::path::PathBuf;

use serde_json::Value;
use vcc_events_runtime::VersionInfo;

use crate::{DOCS_DIR, GeneratedFile, SCHEMAS_DIR};

/// What makes a document's text.
#[derive(Clone, Copy, Debug)]
pub enum Render {
    /// A JSON document of the versions (pretty-printed with two spaces), listed in the index
    /// with its digest.
    Json(fn(&[&VersionInfo]) -> Value),
    /// The index of the schemas and of every [`Render::Json`] document ([`crate::index()`]).
    Index,
    /// The catalog's front page ([`crate::readme()`]).
    Readme,
    /// A package of files under the document's path, from the versions and their schemas' text
    /// (in the versions' order).
    Package(fn(&[&VersionInfo], &[String]) -> Vec<GeneratedFile>),
}

/// One catalog-wide generated file.
#[derive(Clone, Copy, Debug)]
pub struct Document {
    /// The folder it is written to, relative to the workspace root.
    pub dir: &'static str,
    /// Its file name.
    pub name: &'static str,
    /// What it is: as the index gives it (`format`) for a file the index lists, and as the
    /// xtask help names it.
    pub format: Option<fn() -> String>,
    /// What the front page says of it (after its link), if the front page lists it.
    pub summary: Option<&'static str>,
    /// What renders it.
    pub render: Render,
}

impl Document {
    /// Where it is written, relative to the workspace root.
    pub fn path(&self) -> PathBuf {
        PathBuf::from(self.dir).join(self.name)
    }
}

/// Every catalog-wide generated file and package, in the order the front page lists them (the
/// per-version schemas and doc pages aside, and the consumer crates, which are generated from
/// the published schemas by `cargo xtask gen` itself).
pub const DOCUMENTS: [Document; 8] = [
    Document {
        dir: SCHEMAS_DIR,
        name: "asyncapi.json",
        format: Some(|| format!("AsyncAPI {}", crate::asyncapi::ASYNCAPI_VERSION)),
        summary: Some(
            "an AsyncAPI 3.0.0 document of the webhook from the receiving partner's side: one \
             channel (the webhook URL), a `receive` operation by HTTP POST, one message per \
             event version whose payload is the version's schema.",
        ),
        render: Render::Json(crate::asyncapi),
    },
    Document {
        dir: SCHEMAS_DIR,
        name: "xregistry.json",
        format: Some(|| format!("xRegistry {}", crate::xregistry::XREGISTRY_SPEC_VERSION)),
        summary: Some(
            "an xRegistry document: a CloudEvents message definition per event version (fixed \
             `type` and `source`) in the message group `vcc.events`, and the schemas inline in \
             the schema group `vcc.events`.",
        ),
        render: Render::Json(crate::xregistry),
    },
    Document {
        dir: SCHEMAS_DIR,
        name: "event-types.json",
        format: Some(|| "VCC event-types API response".to_owned()),
        summary: Some(
            "the catalog in the shape of the platform's event-types API (`GET \
             /webhooks/event-types`): per event version its name, description, release status \
             and a JSON Schema of `data` alone; `vcc-events drift` compares it with what the \
             platform serves.",
        ),
        render: Render::Json(crate::event_types),
    },
    Document {
        dir: SCHEMAS_DIR,
        name: "index.json",
        format: None,
        summary: Some("the schemas and the documents with their SHA-256 digests."),
        render: Render::Index,
    },
    Document {
        dir: DOCS_DIR,
        name: "README.md",
        format: None,
        summary: None,
        render: Render::Readme,
    },
    Document {
        dir: PACKAGES_DIR,
        name: "typescript",
        format: Some(|| format!("the npm package `{}`", crate::packages::typescript::PACKAGE)),
        summary: None,
        render: Render::Package(crate::packages::typescript::files),
    },
    Document {
        dir: PACKAGES_DIR,
        name: "python",
        format: Some(|| {
            format!(
                "the Python package `{}`",
                crate::packages::python::DISTRIBUTION
            )
        }),
        summary: None,
        render: Render::Package(|versions, _| crate::packages::python::files(versions)),
    },
    Document {
        dir: PACKAGES_DIR,
        name: "asyncapi",
        format: Some(|| "AsyncAPI for code generators, payloads inline".to_owned()),
        summary: None,
        render: Render::Package(|versions, _| crate::packages::asyncapi::files(versions)),
    },
];

/// Where the generated packages for other languages go.
pub const PACKAGES_DIR: &str = "packages";

/// The document named `name` in [`SCHEMAS_DIR`], if the registry has one.
pub fn in_schemas(name: &str) -> Option<&'static Document> {
    DOCUMENTS
        .iter()
        .find(|d| d.dir == SCHEMAS_DIR && d.name == name)
}

/// The paths of the catalog-wide files and packages, each in backquotes with its format when it
/// has one, joined with commas: for help texts.
pub fn listed() -> String {
    DOCUMENTS
        .iter()
        .map(|d| match d.format {
            Some(format) => format!("`{}` ({})", d.path().display(), format()),
            None => format!("`{}`", d.path().display()),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        for (i, a) in DOCUMENTS.iter().enumerate() {
            for b in &DOCUMENTS[i + 1..] {
                assert_ne!(a.path(), b.path());
            }
        }
    }

    #[test]
    fn every_generated_package_file_lies_in_a_package_of_the_registry() {
        let packages: Vec<PathBuf> = DOCUMENTS
            .iter()
            .filter(|d| matches!(d.render, Render::Package(_)))
            .map(Document::path)
            .collect();
        assert_eq!(packages.len(), 3);
        let files = crate::generate_for(&vcc_events::versions());
        let mut in_each = vec![0; packages.len()];
        for file in files.iter().filter(|f| f.path.starts_with(PACKAGES_DIR)) {
            let Some(i) = packages.iter().position(|p| file.path.starts_with(p)) else {
                panic!("{} is in no package of the registry", file.path.display());
            };
            in_each[i] += 1;
        }
        assert!(in_each.iter().all(|&n| n > 0), "{in_each:?}");
    }

    #[test]
    fn every_json_document_has_a_format_for_the_index() {
        for document in DOCUMENTS {
            if let Render::Json(_) = document.render {
                assert!(document.format.is_some(), "{}", document.name);
                assert_eq!(document.dir, SCHEMAS_DIR, "{}", document.name);
            }
        }
    }
}
