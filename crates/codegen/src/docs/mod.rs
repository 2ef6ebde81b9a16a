//! The doc pages: one Markdown page per event version, in the layout of the platform's pages,
//! and `docs/events/README.md`, the table of every event.

mod changes;

pub use changes::changes_from;
use changes::changes_section;

use std::fmt::Write;

use vcc_events_runtime::VersionInfo;
use vcc_events_runtime::describe::{Shape, Used};
use vcc_events_runtime::envelope::AttributeValue;

use crate::{GENERATED_BY, SCHEMAS_DIR, example, json_text, schema_file_name};

/// The doc page of one event version (`docs/events/<type>.md`).
///
/// The layout is the platform's: the type as title, the stability banner, `Description`,
/// `Example` (the version's example, member order kept), `Properties` (a nested list, one
/// item per member: `` `name` — description ``, then a line in italics with its JSON type,
/// format or allowed values, fixed value, whether it is required, and any rule the decoder
/// checks beyond the schema), then `Schema` (a link to the published schema, and how unknown
/// members are treated).
///
/// This is the page of a family's first version; later versions' pages also list the changes
/// from the version before ([`doc_page_with_changes`]).
///
/// # Panics
///
/// When the example is not JSON.
pub fn doc_page(info: &VersionInfo) -> String {
    doc_page_with_changes(info, None)
}

/// The doc page of one event version ([`doc_page`]), followed, when `previous` is the version
/// declared before it in the same family, by a section `Changes from <previous version>`: the
/// [changes](changes_from) from the previous version's schema to this one's, one table row each
/// (kind, pointer, message, the directions it breaks).
///
/// # Panics
///
/// When an example is not JSON.
pub fn doc_page_with_changes(info: &VersionInfo, previous: Option<&VersionInfo>) -> String {
    let mut page = format!("<!-- {GENERATED_BY} -->\n\n# {}\n", info.event_type);
    if let Some((title, paragraphs)) = info.stability.banner() {
        page.push_str(&format!("\n> **{title}**\n"));
        for paragraph in paragraphs {
            page.push_str(&format!(">\n> {paragraph}\n"));
        }
    }

    page.push_str("\n## Description\n");
    for paragraph in paragraphs(info.description) {
        page.push_str(&format!("\n{}\n", indent(&paragraph, "")));
    }

    page.push_str(&format!(
        "\n## Example\n\nHere is an example of a {} notification:\n\n```json\n{}```\n",
        info.event_type,
        json_text(&example(info)),
    ));

    page.push_str("\n## Properties\n\n");
    for attribute in info.attributes() {
        let (facts, children) = match attribute.value {
            AttributeValue::Const(value) => (format!("string, fixed value `{value}`"), None),
            AttributeValue::Shape(shape) => (facts(shape), members(&Used::plain(shape))),
        };
        let rules = scalar_rule(&attribute.value)
            .into_iter()
            .chain(attribute.rule.as_deref());
        item(
            &mut page,
            0,
            attribute.spec.name,
            &attribute.description,
            &facts,
            attribute.spec.required,
            rules,
        );
        if let Some(used) = children {
            fields(&mut page, 1, &used);
        }
    }

    let schema = schema_file_name(info);
    let extensions = info.extensions();
    let (max, pattern, refused) = (
        extensions.max_name_len,
        extensions.name_pattern,
        extensions.refused,
    );
    let _ = write!(
        page,
        "\n## Schema\n\n\
         The JSON Schema (draft 2020-12) of the whole notification, envelope and payload: \
         [{schema}](../../{SCHEMAS_DIR}/{schema}). It checks everything above except the rules \
         marked \"also checked on decode\", which JSON Schema cannot express.\n\n\
         Extension attributes: top-level members other than those above are CloudEvents \
         extension attributes and are accepted (names of 1 to {max} characters `a-z` and `0-9`, \
         pattern `{pattern}`; string, integer or boolean values), so \
         `{refused}` is refused. Members inside `data` that this version does not declare \
         are accepted too. An optional member may be left out, but is never `null`.\n"
    );
    if let Some(previous) = previous {
        changes_section(&mut page, previous, info);
    }
    page
}

/// Text made safe for one Markdown table cell: one line, `|` escaped.
fn table_cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// Writes the items of the members of a struct as used here at `depth`, and their members
/// below them; descriptions are those of this use ([`Used::members`]).
fn fields(page: &mut String, depth: usize, used: &Used) {
    for member in used.members() {
        let (field, shape) = (member.field, member.value.shape);
        let rules = match shape {
            Shape::Scalar(scalar) => scalar.code_only_rule,
            _ => None,
        };
        item(
            page,
            depth,
            field.name,
            member.doc,
            &facts(shape),
            field.required,
            rules,
        );
        if let Some(used) = members(&member.value) {
            fields(page, depth + 1, &used);
        }
    }
}

/// Writes one list item: `` - `name` — description `` (further paragraphs inside the item),
/// then the facts line.
fn item<'a>(
    page: &mut String,
    depth: usize,
    name: &str,
    doc: &str,
    facts: &str,
    required: bool,
    rules: impl IntoIterator<Item = &'a str>,
) {
    let outer = "  ".repeat(depth);
    let inner = "  ".repeat(depth + 1);
    let mut paragraphs = paragraphs(doc).into_iter();
    let _ = write!(page, "{outer}- `{name}`");
    if let Some(first) = paragraphs.next() {
        let _ = write!(page, " — {}", indent(&first, &inner));
    }
    for paragraph in paragraphs {
        let _ = write!(page, "\n\n{inner}{}", indent(&paragraph, &inner));
    }
    let presence = if required { "required" } else { "optional" };
    let _ = write!(page, "\n{inner}*{facts}, {presence}");
    for rule in rules {
        let _ = write!(
            page,
            "; also checked on decode: {}",
            rule.trim_end_matches('.')
        );
    }
    page.push_str("*\n");
}

/// The facts line of a value of `shape`, without presence: JSON type, then format, allowed
/// values or item type.
fn facts(shape: Shape) -> String {
    match shape {
        Shape::Scalar(scalar) if scalar.format.is_none() && scalar.pattern.is_none() => {
            scalar.json_type.to_owned()
        }
        // "string of 1 to 20 decimal digits" says the JSON type already.
        Shape::Scalar(scalar) if scalar.summary.starts_with(scalar.json_type) => {
            scalar.summary.to_owned()
        }
        Shape::Scalar(scalar) => format!("{}, {}", scalar.json_type, scalar.summary),
        Shape::Struct(_) => "object".to_owned(),
        Shape::Enum(e) => {
            let values: Vec<String> = e
                .variants
                .iter()
                .map(|v| {
                    let doc = paragraphs(v.doc).join(" ").replace('\n', " ");
                    match doc.trim_end_matches('.') {
                        "" => format!("`{}`", v.name),
                        doc => format!("`{}` ({doc})", v.name),
                    }
                })
                .collect();
            if e.open {
                format!(
                    "string, an open set: known values {}; any other string may come and is kept as sent",
                    values.join(", ")
                )
            } else {
                format!("string, one of {}", values.join(", "))
            }
        }
        Shape::Array(items) => format!("array, each item: {}", facts(items())),
    }
}

/// The struct whose members are listed under a member of shape `used` (its own, or its
/// items'), as used there.
fn members(used: &Used) -> Option<Used> {
    match used.shape {
        Shape::Struct(_) => Some(used.clone()),
        Shape::Array(_) => members(&used.items()),
        Shape::Scalar(_) | Shape::Enum(_) => None,
    }
}

/// The rule a scalar attribute's decoder checks beyond the schema, if any.
fn scalar_rule(value: &AttributeValue) -> Option<&'static str> {
    match value {
        AttributeValue::Shape(Shape::Scalar(scalar)) => scalar.code_only_rule,
        _ => None,
    }
}

/// The paragraphs of a doc comment (separated by blank lines), each line trimmed.
fn paragraphs(doc: &str) -> Vec<String> {
    doc.split("\n\n")
        .map(|p| {
            p.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// A paragraph whose second and later lines are indented by `prefix`.
fn indent(paragraph: &str, prefix: &str) -> String {
    paragraph.replace('\n', &format!("\n{prefix}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use vcc_events::channel_parked::v0::Data;
    use vcc_events_runtime::EventData;

    fn parked() -> String {
        doc_page(<Data as EventData>::INFO)
    }

    #[test]
    fn follows_the_platform_layout() {
        let page = parked();
        let headings: Vec<&str> = page.lines().filter(|l| l.starts_with('#')).collect();
        assert_eq!(
            headings,
            [
                "# channel.parked.v0",
                "## Description",
                "## Example",
                "## Properties",
                "## Schema"
            ]
        );
        assert!(page.starts_with(&format!("<!-- {GENERATED_BY} -->\n")));
        assert!(page.contains("\n> **Beta/Early Access Program**\n>\n> This API is in the Beta"));
        assert!(page.contains("Here is an example of a channel.parked.v0 notification:\n\n```json\n{\n  \"specversion\": \"1.0\",\n"));
        assert!(page.contains("[channel.parked.v0.json](../../schemas/channel.parked.v0.json)"));
    }

    #[test]
    fn lists_properties_nested_with_their_facts() {
        let page = parked();
        assert!(page.contains(
            "- `specversion` — The version of the specification being used.\n  *string, fixed value `1.0`, required*\n"
        ));
        assert!(page.contains("- `datacontenttype` — The content type used by the data property.\n  *string, fixed value `application/json`, optional*\n"));
        assert!(page.contains(
            "  - `timestamp` — An ISO 8601 UTC datetime representing the moment the channel was parked."
        ));
        assert!(page.contains("      - `agentId` — The ID for the party if they are an agent or monitor role.\n        *string of 1 to 20 decimal digits, optional*\n"));
        assert!(page.contains("`agent` (An agent)"));
    }

    #[test]
    fn names_the_rules_checked_on_decode_only() {
        let page = parked();
        let subject = page
            .lines()
            .skip_while(|l| !l.starts_with("- `subject`"))
            .nth(1)
            .unwrap();
        assert!(
            subject.contains(
                "also checked on decode: equals the payload member at `/data/channel/channelId`"
            ),
            "{subject}"
        );
        let id = page
            .lines()
            .skip_while(|l| !l.starts_with("- `id`"))
            .nth(1)
            .unwrap();
        assert!(
            id.contains("also checked on decode: at most aWgEPTl1tmebfsQzFP4bxwgy80V (20 bytes)"),
            "{id}"
        );
    }

    #[test]
    fn writes_further_paragraphs_inside_the_item_and_the_facts_after_them() {
        let mut page = String::new();
        item(
            &mut page,
            1,
            "timestamp",
            "First.\n\nSecond,\nwrapped.",
            "string",
            true,
            ["rule."],
        );
        assert_eq!(
            page,
            "  - `timestamp` — First.\n\n    Second,\n    wrapped.\n    *string, required; also checked on decode: rule*\n"
        );
    }

    #[test]
    fn table_cells_are_one_line_with_bars_escaped() {
        assert_eq!(table_cell("a |\n b"), "a \\| b");
    }

    #[test]
    fn splits_paragraphs_and_indents_continuation_lines() {
        assert_eq!(paragraphs("a\nb\n\n c \n\n\n"), ["a\nb", "c"]);
        assert_eq!(indent("a\nb", "    "), "a\n    b");
    }
}
