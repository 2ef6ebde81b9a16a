//! `packages/python`: the Python package `vcc-events` (module `vcc_events`), pydantic 2 models.
//!
//! - `src/vcc_events/events.py`: a model per event version (`ChannelParkedV0`) and per
//!   declared type of its payload (`ChannelParkedV0Party`), attributes in snake case read from
//!   the wire names (aliases), the descriptions as docstrings, the envelope's fixed values as
//!   `Literal`s, open value sets as their known values or any `str`, `time` and the other
//!   date-times kept as text (checked as RFC 3339 UTC, never rounded), and the union
//!   `VccEvent` discriminated on `type`;
//! - `src/vcc_events/__init__.py`, `_parse.py`, `_verify.py`, `_base.py`: templates;
//! - `pyproject.toml`, `README.md`, `src/vcc_events/py.typed`.
//!
//! The tests (`tests/`) and the pinned test requirements are the package's own.

use std::fmt::Write as _;
use std::path::PathBuf;

use vcc_events_runtime::VersionInfo;
use vcc_events_runtime::describe::{ScalarShape, Shape, Used};
use vcc_events_runtime::envelope::AttributeValue;

use super::{PYTHON_DIR, VERSION, declared_name, declared_types, doc_lines, families, pascal};
use crate::{GENERATED_BY, GeneratedFile};

/// The Python distribution's name.
pub const DISTRIBUTION: &str = "vcc-events";

const INIT: &str = include_str!("python/__init__.py");
const BASE: &str = include_str!("python/_base.py");
const PARSE: &str = include_str!("python/_parse.py");
const VERIFY: &str = include_str!("python/_verify.py");
const README: &str = include_str!("python/README.md");

/// Every generated file of the Python package.
pub fn files(versions: &[&VersionInfo]) -> Vec<GeneratedFile> {
    let file = |path: &str, contents: String| GeneratedFile {
        path: PathBuf::from(PYTHON_DIR).join(path),
        contents,
    };
    let code = |text: &str| format!("# {GENERATED_BY}\n{text}");
    vec![
        file("pyproject.toml", code(&pyproject())),
        file("README.md", readme(versions)),
        file("src/vcc_events/__init__.py", code(INIT)),
        file("src/vcc_events/_base.py", code(BASE)),
        file("src/vcc_events/_parse.py", code(PARSE)),
        file("src/vcc_events/_verify.py", code(VERIFY)),
        file("src/vcc_events/events.py", code(&events(versions))),
        file("src/vcc_events/py.typed", code("")),
    ]
}

fn pyproject() -> String {
    format!(
        r#"[build-system]
requires = ["setuptools==80.9.0"]
build-backend = "setuptools.build_meta"

[project]
name = "{DISTRIBUTION}"
version = "{VERSION}"
description = "Typed models, a validating parser and the signature check for the VCC contact-center webhook events (CloudEvents 1.0)."
readme = "README.md"
license = "MIT OR Apache-2.0"
requires-python = ">=3.10"
dependencies = ["pydantic>=2.7,<3", "PyJWT>=2.8,<3"]

[tool.setuptools.packages.find]
where = ["src"]

[tool.setuptools.package-data]
vcc_events = ["py.typed"]
"#
    )
}

fn readme(versions: &[&VersionInfo]) -> String {
    let mut list = String::new();
    for info in versions {
        let _ = writeln!(
            list,
            "| `{}` | `{}` | {} |",
            info.event_type,
            pascal(info.event_type),
            info.stability.as_str()
        );
    }
    format!(
        "<!-- {GENERATED_BY} -->\n{}",
        README.replace("{{TYPES}}", list.trim_end())
    )
}

/// A Python string literal.
fn literal(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

/// `agentId` as `agent_id`, with a `_` after a Python keyword.
pub fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push('_');
        }
    }
    const KEYWORDS: [&str; 6] = ["from", "class", "def", "import", "global", "lambda"];
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// A docstring at `indent`.
fn docstring(out: &mut String, text: &str, indent: &str) {
    if text.trim().is_empty() {
        return;
    }
    let text = text.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
    let _ = writeln!(
        out,
        "{indent}\"\"\"{}",
        doc_lines(&text, indent).trim_start()
    );
    let _ = writeln!(out, "{indent}\"\"\"");
}

/// The name of a scalar's type alias in `events.py` (defined by [`scalar_alias`]), or the
/// plain Python type.
fn scalar_type(scalar: &ScalarShape) -> String {
    if scalar.pattern.is_some() || scalar.format.is_some() {
        return pascal(scalar.name);
    }
    match scalar.json_type {
        "integer" => "int".to_owned(),
        "number" => "float".to_owned(),
        "boolean" => "bool".to_owned(),
        _ => "str".to_owned(),
    }
}

/// The alias of a scalar with a pattern or a format.
fn scalar_alias(scalar: &ScalarShape) -> String {
    let mut parts = vec!["str".to_owned()];
    if let Some(pattern) = scalar.pattern {
        parts.push(format!("StringConstraints(pattern={})", literal(pattern)));
    }
    if scalar.format == Some("date-time") {
        parts.push("AfterValidator(check_date_time)".to_owned());
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} = Annotated[{}]",
        pascal(scalar.name),
        parts.join(", ")
    );
    let mut doc = format!("A {}", scalar.summary);
    if let Some(format) = scalar.format {
        let _ = write!(doc, " (JSON Schema format `{format}`)");
    }
    doc.push('.');
    if let Some(rule) = scalar.code_only_rule {
        let _ = write!(
            doc,
            " Not checked here (JSON Schema cannot say it): {rule}."
        );
    }
    docstring(&mut out, &doc, "");
    out
}

fn type_of(prefix: &str, used: &Used) -> String {
    match used.shape {
        Shape::Scalar(s) => scalar_type(s),
        Shape::Array(_) => format!("list[{}]", type_of(prefix, &used.items())),
        Shape::Struct(_) | Shape::Enum(_) => declared_name(prefix, used.shape).unwrap_or_default(),
    }
}

/// Every scalar with a pattern or format that `used` reaches, once each (by name).
fn scalars_in(used: &Used, found: &mut Vec<&'static ScalarShape>) {
    match used.shape {
        Shape::Scalar(s) => {
            if (s.pattern.is_some() || s.format.is_some())
                && !found.iter().any(|f| f.name == s.name)
            {
                found.push(s);
            }
        }
        Shape::Array(_) => scalars_in(&used.items(), found),
        Shape::Struct(_) => {
            for member in used.members() {
                scalars_in(&member.value, found);
            }
        }
        Shape::Enum(_) => {}
    }
}

/// One member of a model: its annotation, alias and default; `None` when it may be left out.
fn field(out: &mut String, wire: &str, ty: &str, required: bool, doc: &str) {
    let name = snake(wire);
    let alias = if name == wire {
        String::new()
    } else {
        format!("alias={}", literal(wire))
    };
    let line = match (required, alias.is_empty()) {
        (true, true) => format!("    {name}: {ty}"),
        (true, false) => format!("    {name}: {ty} = Field({alias})"),
        (false, true) => format!("    {name}: {ty} | None = None"),
        (false, false) => format!("    {name}: {ty} | None = Field(default=None, {alias})"),
    };
    let _ = writeln!(out, "{line}");
    docstring(out, doc, "    ");
}

/// The validator that refuses `null` for the members that may be left out.
fn refuse_null(out: &mut String, optional: &[String]) {
    if optional.is_empty() {
        return;
    }
    let names: Vec<String> = optional.iter().map(|n| literal(n)).collect();
    let _ = writeln!(
        out,
        "\n    @field_validator({}, mode=\"before\")\n    @classmethod\n    def refuse_null(cls, value: object) -> object:\n        \"\"\"A member that may be left out is never `null`.\"\"\"\n        return not_null(value)",
        names.join(", ")
    );
}

fn events(versions: &[&VersionInfo]) -> String {
    let mut out = String::from(
        "\"\"\"The models of every event version: classes named for the version, the union `VccEvent`.\"\"\"\n\nfrom __future__ import annotations\n\nfrom typing import Annotated, Literal, Union\n\nfrom pydantic import AfterValidator, Field, StringConstraints, field_validator\n\nfrom ._base import Envelope, Payload, check_date_time, not_null\n\n",
    );
    let mut scalars = Vec::new();
    for info in versions {
        for attribute in info.attributes() {
            if let AttributeValue::Shape(shape) = attribute.value {
                scalars_in(&Used::plain(shape), &mut scalars);
            }
        }
    }
    for scalar in &scalars {
        out.push_str(&scalar_alias(scalar));
        out.push('\n');
    }
    for info in versions {
        let prefix = pascal(info.event_type);
        // Payload types first, innermost last declared: with postponed annotations the order
        // does not matter, but `model_rebuild` below resolves them.
        for declared in declared_types(info) {
            match declared.used.shape {
                Shape::Struct(s) => {
                    let _ = writeln!(out, "\nclass {}(Payload):", declared.name);
                    docstring(&mut out, s.doc, "    ");
                    out.push('\n');
                    let mut optional = Vec::new();
                    for member in declared.used.members() {
                        if !member.field.required {
                            optional.push(snake(member.field.name));
                        }
                        field(
                            &mut out,
                            member.field.name,
                            &type_of(&prefix, &member.value),
                            member.field.required,
                            member.doc,
                        );
                    }
                    refuse_null(&mut out, &optional);
                    out.push('\n');
                }
                Shape::Enum(e) => {
                    let values: Vec<String> = e.variants.iter().map(|v| literal(v.name)).collect();
                    let known = format!("Literal[{}]", values.join(", "));
                    let ty = if e.open {
                        format!("Union[{known}, str]")
                    } else {
                        known
                    };
                    let _ = writeln!(out, "\n{} = {ty}", declared.name);
                    let mut text = e.doc.to_owned();
                    for variant in e.variants {
                        let _ = write!(text, "\n\n- `{}`: {}", variant.name, variant.doc);
                    }
                    if e.open {
                        text.push_str("\n\nThe set is open: other values may come and are kept.");
                    }
                    docstring(&mut out, &text, "");
                    out.push('\n');
                }
                Shape::Scalar(_) | Shape::Array(_) => {}
            }
        }
        let _ = writeln!(out, "\nclass {prefix}(Envelope):");
        let mut summary = format!(
            "`{}` ({}).\n\n{}",
            info.event_type,
            info.stability.as_str(),
            info.description
        );
        if !info.why.is_empty() {
            summary.push_str("\n\n");
            summary.push_str(info.why);
        }
        docstring(&mut out, &summary, "    ");
        out.push('\n');
        let mut optional = Vec::new();
        for attribute in info.attributes() {
            let ty = match attribute.value {
                AttributeValue::Const(value) => format!("Literal[{}]", literal(value)),
                AttributeValue::Shape(shape) => type_of(&prefix, &Used::plain(shape)),
            };
            if !attribute.spec.required {
                optional.push(snake(attribute.spec.name));
            }
            field(
                &mut out,
                attribute.spec.name,
                &ty,
                attribute.spec.required,
                &attribute.description,
            );
        }
        refuse_null(&mut out, &optional);
        out.push('\n');
    }
    out.push_str("\nVccEvent = Annotated[\n    Union[\n");
    for info in versions {
        let _ = writeln!(out, "        {},", pascal(info.event_type));
    }
    out.push_str("    ],\n    Field(discriminator=\"type\"),\n]\n\"\"\"Every event version, told apart by `type`.\"\"\"\n\n");
    out.push_str("EVENT_TYPES: tuple[str, ...] = (\n");
    for info in versions {
        let _ = writeln!(out, "    {},", literal(info.event_type));
    }
    out.push_str(")\n\"\"\"The event types, in the catalog's order.\"\"\"\n\nFAMILIES: dict[str, tuple[str, ...]] = {\n");
    for (family, list) in families(versions) {
        let list: Vec<String> = list.iter().map(|v| literal(v)).collect();
        let _ = writeln!(out, "    {}: ({},),", literal(family), list.join(", "));
    }
    out.push_str("}\n\"\"\"Each family and its versions: tells an unknown family from an unknown version.\"\"\"\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_become_snake_case_attributes() {
        assert_eq!(snake("agentId"), "agent_id");
        assert_eq!(snake("specversion"), "specversion");
        assert_eq!(snake("from"), "from_");
    }
}
