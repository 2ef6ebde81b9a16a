//! `packages/typescript`: the npm package `@vcc-events/catalog`.
//!
//! - `src/events.ts`: an interface per event version (`ChannelParkedV0`) and per declared type
//!   of its payload (`ChannelParkedV0Party`), the descriptions as doc comments, the envelope's
//!   fixed values as literal types, open value sets as their known values or any string, the
//!   union `VccEvent` (discriminated on `type`) and the families with their versions;
//! - `src/schemas.ts`: the published schemas, embedded (the parser compiles them with ajv);
//! - `src/parse.ts`, `src/verify.ts`, `src/index.ts`: templates (the parser, the signature
//!   check, the entry point);
//! - `package.json`, `tsconfig.json`, `README.md`.
//!
//! The tests (`test/`), `package-lock.json` and `.gitignore` are the package's own, not generated.

use std::fmt::Write as _;
use std::path::PathBuf;

use vcc_events_runtime::VersionInfo;
use vcc_events_runtime::describe::{Shape, Used};
use vcc_events_runtime::envelope::AttributeValue;

use super::{TYPESCRIPT_DIR, VERSION, declared_name, declared_types, doc_lines, families, pascal};
use crate::{GENERATED_BY, GeneratedFile};

/// The npm package's name.
pub const PACKAGE: &str = "@vcc-events/catalog";

const PARSE: &str = include_str!("typescript/parse.ts");
const VERIFY: &str = include_str!("typescript/verify.ts");
const INDEX: &str = include_str!("typescript/index.ts");
const README: &str = include_str!("typescript/README.md");

/// Every generated file of the npm package; `schemas` are the published schema files' texts,
/// in the order of `versions`.
pub fn files(versions: &[&VersionInfo], schemas: &[String]) -> Vec<GeneratedFile> {
    let file = |path: &str, contents: String| GeneratedFile {
        path: PathBuf::from(TYPESCRIPT_DIR).join(path),
        contents,
    };
    let code = |text: &str| format!("// {GENERATED_BY}\n{text}");
    vec![
        file("package.json", package_json()),
        file("tsconfig.json", code(TSCONFIG)),
        file("README.md", readme(versions)),
        file("src/events.ts", code(&events(versions))),
        file("src/schemas.ts", code(&embedded_schemas(versions, schemas))),
        file("src/parse.ts", code(PARSE)),
        file("src/verify.ts", code(VERIFY)),
        file("src/index.ts", code(INDEX)),
    ]
}

fn package_json() -> String {
    format!(
        r#"{{
  "//": "{GENERATED_BY}",
  "name": "{PACKAGE}",
  "version": "{VERSION}",
  "description": "Types, a validating parser and the signature check for the VCC contact-center webhook events (CloudEvents 1.0).",
  "license": "MIT OR Apache-2.0",
  "type": "commonjs",
  "main": "dist/src/index.js",
  "types": "dist/src/index.d.ts",
  "files": [
    "dist/src",
    "README.md"
  ],
  "engines": {{
    "node": ">=18"
  }},
  "scripts": {{
    "build": "tsc -p .",
    "test": "tsc -p . && node --test dist/test/fixtures.test.js dist/test/types.test.js",
    "bench": "tsc -p . && node bench/parse.bench.js",
    "prepack": "tsc -p ."
  }},
  "dependencies": {{
    "ajv": "^8.20.0",
    "ajv-formats": "^3.0.1",
    "jsonwebtoken": "^9.0.3"
  }},
  "devDependencies": {{
    "@types/jsonwebtoken": "9.0.10",
    "@types/node": "20.19.43",
    "typescript": "5.9.3"
  }}
}}
"#
    )
}

const TSCONFIG: &str = r#"{
  "compilerOptions": {
    "target": "ES2022",
    "module": "node16",
    "moduleResolution": "node16",
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "esModuleInterop": true,
    "declaration": true,
    "outDir": "dist",
    "rootDir": ".",
    "types": ["node"]
  },
  "include": ["src", "test"]
}
"#;

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

/// A doc comment at `indent`.
fn doc(out: &mut String, text: &str, indent: &str) {
    if text.trim().is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}/**");
    let _ = writeln!(
        out,
        "{}",
        doc_lines(&text.replace("*/", "* /"), &format!("{indent} * "))
    );
    let _ = writeln!(out, "{indent} */");
}

fn string_literal(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

/// The type of a value of `used` in a version whose names start with `prefix`.
fn type_of(prefix: &str, used: &Used) -> String {
    match used.shape {
        Shape::Scalar(s) => match s.json_type {
            "integer" | "number" => "number".to_owned(),
            "boolean" => "boolean".to_owned(),
            _ => "string".to_owned(),
        },
        Shape::Array(_) => format!("{}[]", type_of(prefix, &used.items())),
        Shape::Struct(_) | Shape::Enum(_) => declared_name(prefix, used.shape).unwrap_or_default(),
    }
}

fn events(versions: &[&VersionInfo]) -> String {
    let mut out = String::from(
        "/** The types of every event version: interfaces named for the version, the union `VccEvent`. */\n\n",
    );
    for info in versions {
        let prefix = pascal(info.event_type);
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
        doc(&mut out, &summary, "");
        let _ = writeln!(out, "export interface {prefix} {{");
        for attribute in info.attributes() {
            doc(&mut out, &attribute.description, "  ");
            let optional = if attribute.spec.required { "" } else { "?" };
            let ty = match attribute.value {
                AttributeValue::Const(value) => string_literal(value),
                AttributeValue::Shape(shape) => type_of(&prefix, &Used::plain(shape)),
            };
            let _ = writeln!(out, "  {}{optional}: {ty};", attribute.spec.name);
        }
        doc(&mut out, info.extensions().description, "  ");
        let _ = writeln!(out, "  [extension: string]: unknown;");
        let _ = writeln!(out, "}}\n");
        for declared in declared_types(info) {
            match declared.used.shape {
                Shape::Struct(s) => {
                    doc(&mut out, s.doc, "");
                    let _ = writeln!(out, "export interface {} {{", declared.name);
                    for member in declared.used.members() {
                        doc(&mut out, member.doc, "  ");
                        let optional = if member.field.required { "" } else { "?" };
                        let _ = writeln!(
                            out,
                            "  {}{optional}: {};",
                            member.field.name,
                            type_of(&prefix, &member.value)
                        );
                    }
                    let _ = writeln!(out, "}}\n");
                }
                Shape::Enum(e) => {
                    let mut text = e.doc.to_owned();
                    for variant in e.variants {
                        let _ = write!(text, "\n\n- `{}`: {}", variant.name, variant.doc);
                    }
                    if e.open {
                        text.push_str("\n\nThe set is open: other values may come and are kept.");
                    }
                    doc(&mut out, &text, "");
                    let mut values: Vec<String> =
                        e.variants.iter().map(|v| string_literal(v.name)).collect();
                    if e.open {
                        values.push("(string & {})".to_owned());
                    }
                    let _ = writeln!(
                        out,
                        "export type {} = {};\n",
                        declared.name,
                        values.join(" | ")
                    );
                }
                Shape::Scalar(_) | Shape::Array(_) => {}
            }
        }
    }
    out.push_str("/** Every event version, told apart by `type`. */\nexport type VccEvent =\n");
    for info in versions {
        let _ = writeln!(out, "  | {}", pascal(info.event_type));
    }
    out.push_str(";\n\n/** The `type` of every event version. */\nexport type EventType = VccEvent[\"type\"];\n\n");
    out.push_str("/** The event types, in the catalog's order. */\nexport const EVENT_TYPES: readonly EventType[] = [\n");
    for info in versions {
        let _ = writeln!(out, "  {},", string_literal(info.event_type));
    }
    out.push_str("];\n\n/** Each family and its versions: tells an unknown family from an unknown version. */\nexport const FAMILIES: Readonly<Record<string, readonly string[]>> = {\n");
    for (family, list) in families(versions) {
        let list: Vec<String> = list.iter().map(|v| string_literal(v)).collect();
        let _ = writeln!(out, "  {}: [{}],", string_literal(family), list.join(", "));
    }
    out.push_str("};\n");
    out
}

fn embedded_schemas(versions: &[&VersionInfo], schemas: &[String]) -> String {
    let mut out = String::from(
        "/** The published JSON Schemas (draft 2020-12), one per event version, as `schemas/` holds them. */\n\nimport type { EventType } from \"./events\";\n\n/** The published schema of each event version. */\nexport const SCHEMAS: Readonly<Record<EventType, object>> = {\n",
    );
    for (info, text) in versions.iter().zip(schemas) {
        let indented = text.trim_end().replace('\n', "\n  ");
        let _ = writeln!(out, "  {}: {indented},", string_literal(info.event_type));
    }
    out.push_str("};\n");
    out
}
