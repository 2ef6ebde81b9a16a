//! `schemas/index.json`: every published schema with its version facts and digest, and the
//! catalog's documents (AsyncAPI, xRegistry) with theirs.

use serde_json::{Value, json};
use vcc_events_digest::sha256_hex;
use vcc_events_runtime::VersionInfo;

use crate::{GENERATED_BY, SCHEMA_BASE_URL, schema_file_name, schema_id};

/// The index of the published schemas, given each version with the text of its schema file:
/// for each event type its family, version, stability, schema file (relative to the index),
/// URL and the SHA-256 (hex) of the schema file's bytes; sorted by family, then version
/// newest first.
///
/// `schemas` lists each family's versions oldest first, as the catalog declares them.
///
/// After `events`, `documents` lists the catalog's documents, given as (file name in
/// `schemas/`, file text): for each its file (relative to the index), URL, format and the
/// SHA-256 of its bytes; sorted by file name. A file the registry ([`DOCUMENTS`](crate::DOCUMENTS))
/// gives no format gets no `format`.
pub fn index(schemas: &[(&VersionInfo, String)], documents: &[(&str, String)]) -> Value {
    let mut entries: Vec<(usize, &(&VersionInfo, String))> = schemas.iter().enumerate().collect();
    // Within a family the later declaration is the newer version.
    entries.sort_by(|(i, (a, _)), (j, (b, _))| a.family.cmp(b.family).then(j.cmp(i)));
    let events: Vec<Value> = entries
        .into_iter()
        .map(|(_, (info, contents))| {
            json!({
                "type": info.event_type,
                "family": info.family,
                "version": info.version,
                "stability": info.stability.as_str(),
                "schema": schema_file_name(info),
                "url": schema_id(info),
                "sha256": sha256_hex(contents.as_bytes()),
            })
        })
        .collect();
    let mut documents: Vec<&(&str, String)> = documents.iter().collect();
    documents.sort_by_key(|(name, _)| *name);
    let documents: Vec<Value> = documents
        .into_iter()
        .map(|(name, contents)| {
            let mut entry = json!({ "path": name, "url": format!("{SCHEMA_BASE_URL}{name}") });
            if let Some(format) = document_format(name) {
                entry["format"] = json!(format);
            }
            entry["sha256"] = json!(sha256_hex(contents.as_bytes()));
            entry
        })
        .collect();
    json!({ "$comment": GENERATED_BY, "events": events, "documents": documents })
}

/// What a catalog document is, by file name, as the registry says.
fn document_format(name: &str) -> Option<String> {
    crate::documents::in_schemas(name)
        .and_then(|document| document.format)
        .map(|format| format())
}

#[cfg(test)]
mod tests {
    use super::*;
    use vcc_events_runtime::Stability;
    use vcc_events_runtime::describe::{Describe, Shape};

    fn shape() -> Shape {
        String::describe()
    }

    const fn info(
        event_type: &'static str,
        family: &'static str,
        version: &'static str,
    ) -> VersionInfo {
        VersionInfo {
            event_type,
            family,
            version,
            stability: Stability::Stable,
            description: "",
            source: "/test",
            subject_doc: "",
            subject_pointer: "/data/id",
            subject: shape,
            data: shape,
            example: "{}",
            why: "",
            meanings: &[],
            transition: None,
        }
    }

    static HELD_V0: VersionInfo = info("channel.held.v0", "channel.held", "v0");
    static HELD_V1: VersionInfo = info("channel.held.v1", "channel.held", "v1");
    static ALERTED_V0: VersionInfo = info("channel.alerted.v0", "channel.alerted", "v0");

    #[test]
    fn sorts_by_family_then_newest_version_first() {
        let schemas = [&HELD_V0, &HELD_V1, &ALERTED_V0].map(|i| (i, String::new()));
        let index = index(&schemas, &[]);
        let types: Vec<&str> = index["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["type"].as_str().unwrap())
            .collect();
        assert_eq!(
            types,
            ["channel.alerted.v0", "channel.held.v1", "channel.held.v0"]
        );
    }

    #[test]
    fn digests_the_schema_file_bytes() {
        // The SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let index = index(&[(&HELD_V0, "abc".to_owned())], &[]);
        assert_eq!(index["events"][0]["sha256"], sha256_hex(b"abc"));
        assert_eq!(index["events"][0]["schema"], "channel.held.v0.json");
    }

    #[test]
    fn lists_the_documents_sorted_by_name_with_their_digests() {
        let documents = [
            ("xregistry.json", "x".to_owned()),
            ("asyncapi.json", "abc".to_owned()),
        ];
        let index = index(&[(&HELD_V0, String::new())], &documents);
        let keys: Vec<&str> = index
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["$comment", "events", "documents"]);
        assert_eq!(
            index["documents"],
            json!([
                {
                    "path": "asyncapi.json",
                    "url": format!("{SCHEMA_BASE_URL}asyncapi.json"),
                    "format": "AsyncAPI 3.0.0",
                    "sha256": sha256_hex(b"abc"),
                },
                {
                    "path": "xregistry.json",
                    "url": format!("{SCHEMA_BASE_URL}xregistry.json"),
                    "format": "xRegistry 1.0-rc4",
                    "sha256": sha256_hex(b"x"),
                },
            ])
        );
    }
}
