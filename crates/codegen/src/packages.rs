//! The packages partners install in other languages, rendered from the one model: an npm
//! package (`packages/typescript`, [`typescript`]) and a Python package (`packages/python`,
//! [`python`]), each with types for every event version, a parser that checks what the
//! published schemas check, and the `Vonage-Signature` check.
//!
//! What is the same for every version (the parser, the signature check) is a template under
//! `src/packages/<language>/`, written with the generated-by line in front; what depends on
//! the versions is rendered here from [`VersionInfo`] and [`describe::Shape`](Shape).

pub mod asyncapi;
pub mod python;
pub mod typescript;

use vcc_events_runtime::VersionInfo;
use vcc_events_runtime::describe::{Shape, Used};
use vcc_events_runtime::json_schema::address;

/// The folder of the npm package, relative to the workspace root.
pub const TYPESCRIPT_DIR: &str = "packages/typescript";

/// The folder of the Python package, relative to the workspace root.
pub const PYTHON_DIR: &str = "packages/python";

/// The version of both packages: the catalog's.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `channel.parked.v0` as `ChannelParkedV0`: the prefix of every name of a version's types.
pub fn pascal(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// A declared struct or enum of one version, named for that version.
pub(crate) struct Declared {
    /// The version's prefix and the declared name, e.g. `ChannelParkedV0Party`.
    pub name: String,
    /// The first use of the type in the version (whose descriptions the type carries).
    pub used: Used,
}

/// The declared types of a version's payload, in order of first use (`Data` first), each once.
pub(crate) fn declared_types(info: &VersionInfo) -> Vec<Declared> {
    let mut found: Vec<(usize, Declared)> = Vec::new();
    collect(
        &info.event_type_prefix(),
        Used::plain((info.data)()),
        &mut found,
    );
    found.into_iter().map(|(_, d)| d).collect()
}

fn collect(prefix: &str, used: Used, found: &mut Vec<(usize, Declared)>) {
    let name = match used.shape {
        Shape::Struct(s) => s.name,
        Shape::Enum(e) => e.name,
        Shape::Array(_) => return collect(prefix, used.items(), found),
        Shape::Scalar(_) => return,
    };
    let key = address(used.shape);
    if found.iter().any(|(k, _)| *k == key) {
        return;
    }
    found.push((
        key,
        Declared {
            name: format!("{prefix}{name}"),
            used: used.clone(),
        },
    ));
    for member in used.members() {
        collect(prefix, member.value, found);
    }
}

/// The name of the type of a declared shape within a version.
pub(crate) fn declared_name(prefix: &str, shape: Shape) -> Option<String> {
    match shape {
        Shape::Struct(s) => Some(format!("{prefix}{}", s.name)),
        Shape::Enum(e) => Some(format!("{prefix}{}", e.name)),
        Shape::Scalar(_) | Shape::Array(_) => None,
    }
}

/// The prefix of a version's type names.
trait Prefix {
    fn event_type_prefix(&self) -> String;
}

impl Prefix for VersionInfo {
    fn event_type_prefix(&self) -> String {
        pascal(self.event_type)
    }
}

/// The families and their versions, in declaration order: what tells an unknown family from
/// an unknown version of a known one.
pub(crate) fn families<'a>(versions: &[&'a VersionInfo]) -> Vec<(&'a str, Vec<&'a str>)> {
    let mut families: Vec<(&str, Vec<&str>)> = Vec::new();
    for info in versions {
        match families.iter_mut().find(|(f, _)| *f == info.family) {
            Some((_, list)) => list.push(info.version),
            None => families.push((info.family, vec![info.version])),
        }
    }
    families
}

/// `text` as lines of a doc comment, each starting with `lead` (`" * "` or `"    "`), without
/// trailing spaces on empty lines.
pub(crate) fn doc_lines(text: &str, lead: &str) -> String {
    text.trim()
        .lines()
        .map(|line| {
            if line.trim().is_empty() {
                lead.trim_end().to_owned()
            } else {
                format!("{lead}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_the_event_type_in_pascal_case() {
        assert_eq!(pascal("channel.parked.v0"), "ChannelParkedV0");
        assert_eq!(pascal("agent.presencechanged.v0"), "AgentPresencechangedV0");
    }

    #[test]
    fn every_version_names_its_declared_types_with_its_own_prefix() {
        for info in vcc_events::versions() {
            let types = declared_types(info);
            assert_eq!(types[0].name, format!("{}Data", pascal(info.event_type)));
            let mut names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), types.len(), "{}", info.event_type);
        }
    }
}
