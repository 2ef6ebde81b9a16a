//! The files of a consumer crate around its code: `src/lib.rs`'s header, `Cargo.toml`,
//! `README.md` and `rustfmt.toml`.

use std::fmt::Write;

use serde_json::Value;

use crate::input::visit_schemas;
use crate::{CrateNames, Error, TypifyInput, generated_by};

/// A dependency generated code may need: the path prefix that shows the need, and the
/// dependency line.
const DEPENDENCIES: &[(&str, &str)] = &[
    (
        "::chrono::",
        r#"chrono = { version = "0.4", default-features = false, features = ["serde"] }"#,
    ),
    (
        "::indexmap::",
        r#"indexmap = { version = "2.14", features = ["serde"] }"#,
    ),
    ("::regress::", r#"regress = "0.12""#),
    (
        "",
        r#"serde = { version = "1.0.228", features = ["derive"] }"#,
    ),
    (
        "",
        // `preserve_order`: undeclared members that are objects keep their members' order.
        r#"serde_json = { version = "1.0.145", features = ["preserve_order"] }"#,
    ),
    (
        "::uuid::",
        r#"uuid = { version = "1", features = ["serde"] }"#,
    ),
];

/// What the files say about one event version.
pub(crate) struct Event {
    /// Where the schema is published, relative to the workspace root.
    schema_path: String,
    /// The CloudEvents `type`, e.g. `channel.parked.v0`.
    event_type: String,
    /// The schema's `$id`, if any.
    id: Option<String>,
    /// The crate's names.
    pub(crate) names: CrateNames,
    /// The root type.
    root: String,
    /// The top-level members with one allowed value.
    fixed_members: Vec<String>,
    /// Whether the root keeps undeclared members in a typed map (extension attributes).
    typed_extensions: bool,
    /// Whether some object has an optional member.
    has_optional: bool,
    /// Whether some string has a `pattern` (kept in the typify input).
    has_patterns: bool,
    /// Whether some schema allows integers (typify reads them as `i64`).
    has_integers: bool,
    /// The `$comment`s below the root: (schema pointer, text).
    comments: Vec<(String, String)>,
    /// What the typify input gave up.
    dropped: Vec<crate::Dropped>,
    /// The schema's first example.
    example: Option<Value>,
    /// The crate's version (see [`crate::Versions`]).
    pub(crate) version: String,
}

impl Event {
    pub(crate) fn read(
        schema_path: &str,
        published: &Value,
        input: &TypifyInput,
        root: String,
    ) -> Result<Self, Error> {
        let properties = published["properties"].as_object();
        let event_type = properties
            .and_then(|p| p.get("type"))
            .and_then(|t| t.get("const"))
            .or_else(|| published.get("title"))
            .and_then(Value::as_str)
            .ok_or_else(|| Error("neither a `type` const nor a `title` names the event".into()))?
            .to_owned();
        let fixed_members = properties
            .into_iter()
            .flatten()
            .filter(|(_, p)| p.get("const").is_some())
            .map(|(name, _)| name.clone())
            .collect();
        let typed_extensions = published
            .get("additionalProperties")
            .and_then(Value::as_object)
            .is_some_and(|a| a.keys().any(|k| k != "description" && k != "$comment"));
        let mut has_optional = false;
        let mut has_patterns = false;
        let mut has_integers = false;
        let mut comments = Vec::new();
        visit_schemas(published, "", &mut |pointer, object| {
            has_patterns |= object.contains_key("pattern");
            has_integers |= match object.get("type") {
                Some(Value::String(t)) => t == "integer",
                Some(Value::Array(types)) => types.iter().any(|t| t == "integer"),
                _ => false,
            };
            if let Some(Value::Object(p)) = object.get("properties") {
                let required = object.get("required").and_then(Value::as_array);
                has_optional |= p.keys().any(|name| {
                    !required.is_some_and(|r| r.iter().any(|n| n.as_str() == Some(name)))
                });
            }
            if let (false, Some(Value::String(c))) = (pointer.is_empty(), object.get("$comment")) {
                comments.push((pointer.to_owned(), c.clone()));
            }
        });
        Ok(Event {
            schema_path: schema_path.to_owned(),
            names: CrateNames::of(&event_type),
            event_type,
            id: published["$id"].as_str().map(str::to_owned),
            root,
            fixed_members,
            typed_extensions,
            has_optional,
            has_patterns,
            has_integers,
            comments,
            dropped: input.dropped.clone(),
            example: published["examples"].get(0).cloned(),
            version: crate::FIRST_VERSION.to_owned(),
        })
    }

    /// What decoding checks, as Markdown list items.
    fn checks(&self) -> Vec<String> {
        let mut checks = vec![
            "every member the schema requires is there, and every declared member has the \
             schema's JSON type;"
                .to_owned(),
        ];
        if !self.fixed_members.is_empty() {
            checks.push(format!(
                "{} hold their one allowed value, and enum members one of theirs (each a Rust \
                 enum);",
                code_list(&self.fixed_members)
            ));
        }
        if self.has_patterns {
            checks.push("strings match the schema's `pattern`s (with `regress`);".to_owned());
        }
        if self.typed_extensions {
            checks.push(
                "top-level members the schema does not declare (CloudEvents extension \
                 attributes) have names that match its `propertyNames` and values of the \
                 types its `additionalProperties` allows; they are kept in the root type's \
                 `extra` map, in arrival order;"
                    .to_owned(),
            );
        }
        checks.push(
            "members an object does not declare are kept, as JSON values, in that struct's \
             `extra` map, and encoded again."
                .to_owned(),
        );
        checks
    }

    /// What decoding does not check, or does not keep, as Markdown list items.
    fn limits(&self) -> Vec<String> {
        // One item per keyword and reason, with every place it was dropped.
        let mut groups: Vec<(&str, &str, Vec<&str>)> = Vec::new();
        for d in &self.dropped {
            let at = d.pointer.rsplit_once('/').map_or("", |(schema, _)| schema);
            match groups
                .iter_mut()
                .find(|(k, r, _)| *k == d.keyword && *r == d.reason)
            {
                Some((_, _, places)) => places.push(at),
                None => groups.push((&d.keyword, &d.reason, vec![at])),
            }
        }
        let mut limits: Vec<String> = groups
            .into_iter()
            .map(|(keyword, reason, places)| {
                let places: Vec<String> = places.iter().map(|p| p.to_string()).collect();
                format!(
                    "`{keyword}` is left out of the typify input at {}: {reason}.",
                    code_list(&places)
                )
            })
            .collect();
        for (pointer, comment) in &self.comments {
            limits.push(format!(
                "`{pointer}`: the schema notes \"{comment}\" The `vcc-events` crate checks \
                 it; these types do not."
            ));
        }
        if self.has_optional {
            limits.push(
                "an optional member given as `null` decodes as if it were absent (serde reads \
                 `null` into `None`) and is left out when encoding, where the schema rejects \
                 `null`."
                    .to_owned(),
            );
        }
        if self.has_integers {
            limits.push(
                "integers are read as `i64`: one outside its range, or written with a fraction \
                 (`2.0`), is refused where the schema accepts it."
                    .to_owned(),
            );
        }
        limits.push(
            "member order: encoding writes the declared members in the schema's order, then \
             the undeclared ones in arrival order; an event whose members arrived in another \
             order is encoded in this one (the same JSON, other bytes)."
                .to_owned(),
        );
        limits
    }

    /// The first line of the crate's description.
    fn summary(&self) -> String {
        format!(
            "Rust types for the VCC webhook event `{}` (CloudEvents 1.0, structured JSON), \
             generated by typify from its published JSON Schema, `{}`",
            self.event_type, self.schema_path
        )
    }

    /// The dependency snippet of the README: the crate's own version, as a registry gives it.
    fn dependency(&self) -> String {
        format!(
            "[dependencies]\n\
             {package} = \"{version}\"\n\
             # or, from a checkout: {package} = {{ path = \"<workspace>/{dir}\" }}\n\
             serde_json = \"1\"\n",
            package = self.names.package,
            version = self.version,
            dir = format_args!("{}/{}", crate::OUTPUT_DIR, self.names.dir),
        )
    }
}

/// `a`, `b` and `c`, each as code.
fn code_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// `text` wrapped to lines of at most `width` characters (words are never split), each line
/// prefixed with `prefix`; a following line of a list item is indented under its text.
fn wrap(text: &str, prefix: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    let hanging = if text.starts_with("- ") { "  " } else { "" };
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !line.is_empty() && prefix.len() + line.len() + 1 + word.len() > width {
            out.push_str(prefix.trim_end_matches(' '));
            if !prefix.is_empty() {
                out.push(' ');
            }
            out.push_str(&line);
            out.push('\n');
            line = hanging.to_owned();
        } else if !line.is_empty() && line != hanging {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(prefix.trim_end_matches(' '));
    if !line.is_empty() {
        if !prefix.is_empty() {
            out.push(' ');
        }
        out.push_str(&line);
    }
    out.push('\n');
    out
}

/// Lines of `//!` docs from Markdown paragraphs (a paragraph per element; an empty one is a
/// blank line).
fn crate_docs(paragraphs: &[String]) -> String {
    let mut out = String::new();
    for paragraph in paragraphs {
        if paragraph.is_empty() {
            out.push_str("//!\n");
        } else if paragraph.starts_with("```") || paragraph.starts_with("    ") {
            for line in paragraph.lines() {
                out.push_str(if line.is_empty() { "//!" } else { "//! " });
                out.push_str(line);
                out.push('\n');
            }
        } else {
            out.push_str(&wrap(paragraph, "//! ", 100));
        }
    }
    out
}

/// The example's JSON text in a Rust raw string literal.
fn raw_string(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

/// `src/lib.rs`: the generated-by line, crate docs, then typify's code.
pub(crate) fn lib_rs(event: &Event, code: &str) -> String {
    let mut docs = vec![
        format!(
            "{}{}.",
            event.summary(),
            event
                .id
                .as_ref()
                .map(|id| format!(" (`$id` <{id}>)"))
                .unwrap_or_default()
        ),
        String::new(),
        format!(
            "The whole event is [`{root}`]; its members are the schema's properties, \
             its nested types the schema's `$defs`. The doc comments are the schema's \
             descriptions.",
            root = event.root
        ),
    ];
    if let Some(example) = &event.example {
        let pretty = serde_json::to_string_pretty(example).expect("JSON always serializes");
        docs.push(String::new());
        docs.push(format!(
            "```\nlet body = {};\nlet event: {}::{} = serde_json::from_str(body)?;\n\
             // Encoding gives back the same JSON.\nassert_eq!(\n    serde_json::to_value(&event)?,\n    \
             serde_json::from_str::<serde_json::Value>(body)?,\n);\n\
             # Ok::<(), serde_json::Error>(())\n```",
            raw_string(&pretty),
            event.names.lib,
            event.root
        ));
    }
    docs.push(String::new());
    docs.push("# What decoding checks".to_owned());
    docs.push(String::new());
    docs.extend(event.checks().iter().map(|c| format!("- {c}")));
    docs.push(String::new());
    docs.push("# What it does not check or keep".to_owned());
    docs.push(String::new());
    docs.extend(event.limits().iter().map(|l| format!("- {l}")));
    docs.push(String::new());
    docs.push(format!(
        "This crate is generated: do not edit it. After `{}` changes, run `cargo xtask gen` \
         at the root of the workspace; `cargo xtask check` fails while the crate is stale.",
        event.schema_path
    ));
    let mut out = format!("// {}\n\n", generated_by(&event.schema_path));
    out.push_str(&crate_docs(&docs));
    out.push('\n');
    out.push_str(code);
    out
}

/// `Cargo.toml`: the package and the dependencies `code` uses.
pub(crate) fn cargo_toml(event: &Event, code: &str) -> String {
    let mut out = format!("# {}\n", generated_by(&event.schema_path));
    let _ = write!(
        out,
        "[package]\n\
         name = \"{package}\"\n\
         description = \"{summary}.\"\n\
         version = \"{version}\"\n\
         edition.workspace = true\n\
         rust-version.workspace = true\n\
         license.workspace = true\n\
         readme = \"README.md\"\n\
         \n\
         [dependencies]\n",
        package = event.names.package,
        summary = event.summary().replace('`', "").replace('"', "\\\""),
        version = event.version,
    );
    for (needle, line) in DEPENDENCIES {
        if code.contains(needle) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// `README.md`.
pub(crate) fn readme(event: &Event) -> String {
    let mut out = format!("<!-- {} -->\n\n", generated_by(&event.schema_path));
    let _ = writeln!(out, "# {}\n", event.names.package);
    out.push_str(&wrap(
        &format!(
            "{}{}. It covers this one event version: the next version of the event gets a \
             crate of its own, and the whole catalog (every event, every version, with the \
             checks JSON Schema cannot express) is the `vcc-events` crate.",
            event.summary(),
            event
                .id
                .as_ref()
                .map(|id| format!(" (`$id` <{id}>)"))
                .unwrap_or_default()
        ),
        "",
        100,
    ));
    out.push_str("\n## Using it\n\n```toml\n");
    out.push_str(&event.dependency());
    out.push_str("```\n\n```rust\n");
    let _ = writeln!(
        out,
        "let event: {}::{} = serde_json::from_slice(body)?;",
        event.names.lib, event.root
    );
    out.push_str("```\n\n");
    out.push_str(&wrap(
        &format!(
            "The event is `{}`; see the crate docs (`cargo doc -p {} --open`) for every type.",
            event.root, event.names.package
        ),
        "",
        100,
    ));
    out.push_str("\n## What decoding checks\n\n");
    for check in event.checks() {
        out.push_str(&wrap(&format!("- {check}"), "", 100));
    }
    out.push_str("\n## What it does not check or keep\n\n");
    for limit in event.limits() {
        out.push_str(&wrap(&format!("- {limit}"), "", 100));
    }
    out.push_str("\n## Regenerating\n\n");
    out.push_str(&wrap(
        &format!(
            "Every file here is generated from `{}` by `cargo xtask gen`, run at the root of \
             the workspace; never edit them. `cargo xtask check` (run by CI) fails while they \
             are stale. The types come from typify; `crates/consumer-gen` says how the schema \
             is prepared for it.",
            event.schema_path
        ),
        "",
        100,
    ));
    out
}

/// `rustfmt.toml`: keeps rustfmt off the crate.
pub(crate) fn rustfmt_toml(event: &Event) -> String {
    format!(
        "# {}\n\
         # src/lib.rs is laid out by prettyplease when it is generated, and `cargo xtask check`\n\
         # holds it to that layout byte for byte. rustfmt lays some lines out differently, so\n\
         # it leaves this crate alone.\n\
         disable_all_formatting = true\n",
        generated_by(&event.schema_path)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_short_and_indents_list_items() {
        let text = format!("- {}", "word ".repeat(30));
        let wrapped = wrap(&text, "//! ", 40);
        for line in wrapped.lines() {
            assert!(line.len() <= 40, "{line:?}");
            assert!(line.starts_with("//! "), "{line:?}");
        }
        assert!(wrapped.lines().nth(1).unwrap().starts_with("//!   word"));
        assert_eq!(wrap("", "//! ", 40), "//!\n");
    }

    #[test]
    fn raw_strings_get_enough_hashes() {
        assert_eq!(raw_string("{}"), "r#\"{}\"#");
        assert_eq!(raw_string("\"#"), "r##\"\"#\"##");
    }

    #[test]
    fn code_lists_read_as_prose() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(code_list(&names(&["a"])), "`a`");
        assert_eq!(code_list(&names(&["a", "b", "c"])), "`a`, `b` and `c`");
    }
}
