//! The JSON Schema vocabulary as the checker reads it: one table of keywords, each with how
//! its value is read ([`Reads`]) and what it does ([`Role`]). Every rule, the traversal and
//! other crates walking schemas (the consumer generator) read this table.

use std::collections::HashMap;
use std::sync::LazyLock;

/// How a keyword's value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// One schema (`not`, `contains`, `additionalProperties`, `if`, ...).
    Schema,
    /// A list of schemas (`allOf`, `anyOf`, `oneOf`, `prefixItems`).
    SchemaList,
    /// One schema or, as drafts before 2020-12 allow, a list of schemas (`items`).
    SchemaOrList,
    /// Schemas by name (`properties`, `patternProperties`, `dependentSchemas`, `$defs`).
    SchemaMap,
    /// Draft-7 `dependencies`: by name, a list of member names or a schema.
    Dependencies,
    /// A reference to a schema (`$ref`, `$dynamicRef`, `$recursiveRef`).
    Reference,
    /// Plain data (`const`, `enum`, `required`, numbers, strings, annotations, ...).
    Data,
}

/// What a keyword does, for the checker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Describes a value without constraining it: its changes never break anything.
    Annotation,
    /// Holds schemas used only through `$ref` (`$defs`, `definitions`).
    Definitions,
    /// Constrains values, and the checker's rules compare it.
    Checked,
    /// Constrains values, but the checker does not interpret it: any change is not decided.
    Opaque,
}

/// One keyword of the vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keyword {
    /// The keyword as written in a schema.
    pub name: &'static str,
    /// How its value is read.
    pub reads: Reads,
    /// What it does.
    pub role: Role,
}

const fn kw(name: &'static str, reads: Reads, role: Role) -> Keyword {
    Keyword { name, reads, role }
}

use Reads::{Data, Dependencies, Reference, Schema, SchemaList, SchemaMap, SchemaOrList};
use Role::{Annotation, Checked, Definitions, Opaque};

/// Every keyword the checker knows. An `x-` extension is an annotation too ([`is_annotation`]);
/// any other keyword is unknown, and its changes are not decided.
pub const KEYWORDS: &[Keyword] = &[
    // Annotations.
    kw("title", Data, Annotation),
    kw("description", Data, Annotation),
    kw("examples", Data, Annotation),
    kw("example", Data, Annotation),
    kw("$comment", Data, Annotation),
    kw("$id", Data, Annotation),
    kw("$schema", Data, Annotation),
    kw("$anchor", Data, Annotation),
    kw("$dynamicAnchor", Data, Annotation),
    kw("$recursiveAnchor", Data, Annotation),
    kw("$vocabulary", Data, Annotation),
    kw("default", Data, Annotation),
    kw("deprecated", Data, Annotation),
    kw("readOnly", Data, Annotation),
    kw("writeOnly", Data, Annotation),
    // References and definitions.
    kw("$ref", Reference, Checked),
    kw("$defs", SchemaMap, Definitions),
    kw("definitions", SchemaMap, Definitions),
    // Any value.
    kw("type", Data, Checked),
    kw("const", Data, Checked),
    kw("enum", Data, Checked),
    // Numbers.
    kw("minimum", Data, Checked),
    kw("maximum", Data, Checked),
    kw("exclusiveMinimum", Data, Checked),
    kw("exclusiveMaximum", Data, Checked),
    kw("multipleOf", Data, Checked),
    // Strings.
    kw("minLength", Data, Checked),
    kw("maxLength", Data, Checked),
    kw("pattern", Data, Checked),
    kw("format", Data, Checked),
    // Objects.
    kw("properties", SchemaMap, Checked),
    kw("required", Data, Checked),
    kw("additionalProperties", Schema, Checked),
    kw("unevaluatedProperties", Schema, Checked),
    kw("propertyNames", Schema, Checked),
    kw("minProperties", Data, Checked),
    kw("maxProperties", Data, Checked),
    kw("dependentRequired", Data, Checked),
    kw("dependentSchemas", SchemaMap, Checked),
    // Arrays.
    kw("items", SchemaOrList, Checked),
    kw("prefixItems", SchemaList, Checked),
    kw("additionalItems", Schema, Checked),
    kw("unevaluatedItems", Schema, Checked),
    kw("contains", Schema, Checked),
    kw("minContains", Data, Checked),
    kw("maxContains", Data, Checked),
    kw("minItems", Data, Checked),
    kw("maxItems", Data, Checked),
    kw("uniqueItems", Data, Checked),
    // Composition and conditions.
    kw("allOf", SchemaList, Checked),
    kw("anyOf", SchemaList, Checked),
    kw("oneOf", SchemaList, Checked),
    kw("not", Schema, Checked),
    kw("if", Schema, Checked),
    kw("then", Schema, Checked),
    kw("else", Schema, Checked),
    // Not interpreted.
    kw("patternProperties", SchemaMap, Opaque),
    kw("dependencies", Dependencies, Opaque),
    kw("contentSchema", Schema, Opaque),
    kw("contentEncoding", Data, Opaque),
    kw("contentMediaType", Data, Opaque),
    kw("$dynamicRef", Reference, Opaque),
    kw("$recursiveRef", Reference, Opaque),
];

/// The conditional keywords (`if`, `then`, `else`).
pub const CONDITIONALS: [&str; 3] = ["if", "then", "else"];

/// The keyword named `name`, if the checker knows it (`x-` extensions excluded).
#[must_use]
pub fn keyword(name: &str) -> Option<&'static Keyword> {
    static BY_NAME: LazyLock<HashMap<&'static str, &'static Keyword>> =
        LazyLock::new(|| KEYWORDS.iter().map(|k| (k.name, k)).collect());
    BY_NAME.get(name).copied()
}

/// Whether `name` is an annotation: a keyword that never affects validation, or an `x-`
/// extension.
#[must_use]
pub fn is_annotation(name: &str) -> bool {
    name.starts_with("x-") || keyword(name).is_some_and(|k| k.role == Role::Annotation)
}

/// Whether `name` constrains values: not an annotation and not a definitions container
/// (unknown keywords included).
#[must_use]
pub fn constrains(name: &str) -> bool {
    !is_annotation(name) && keyword(name).is_none_or(|k| k.role != Role::Definitions)
}

/// Whether the checker's rules compare `name` (neither an annotation nor opaque nor unknown).
#[must_use]
pub fn is_checked(name: &str) -> bool {
    keyword(name).is_some_and(|k| matches!(k.role, Role::Checked | Role::Definitions))
}

/// How the value of `name` is read, if the checker knows the keyword.
#[must_use]
pub fn reads(name: &str) -> Option<Reads> {
    keyword(name).map(|k| k.reads)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_keyword_is_listed_once() {
        let mut names: Vec<&str> = KEYWORDS.iter().map(|k| k.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before);
    }

    #[test]
    fn annotations_and_extensions_do_not_constrain() {
        assert!(is_annotation("description"));
        assert!(is_annotation("x-vcc-family"));
        assert!(!is_annotation("type"));
        assert!(!constrains("$defs"));
        assert!(constrains("x_unknown"));
        assert!(is_checked("$defs") && is_checked("contains"));
        assert!(!is_checked("patternProperties") && !is_checked("x_unknown"));
        assert_eq!(reads("items"), Some(Reads::SchemaOrList));
    }
}
