//! The section `Changes from <previous version>` of a later version's doc page: the changes on
//! the wire, found by comparing the two schemas, and the members whose meaning changed.

use std::fmt::Write;

use vcc_events_compat::{ChangeKind, Report, diff};
use vcc_events_pointer::token as pointer_token;
use vcc_events_runtime::VersionInfo;
use vcc_events_runtime::describe::Used;
use vcc_events_runtime::envelope::AttributeValue;

use super::{indent, members, paragraphs, table_cell};
use crate::words::markdown_pointer;
use crate::{doc_file_name, schema};

/// The changes from `previous`'s schema to `info`'s, with what every version has of its own set
/// aside: the `type`'s fixed value and description, and the schema's `$id`, `title` and
/// `examples`.
pub fn changes_from(previous: &VersionInfo, info: &VersionInfo) -> Report {
    let (mut old, new) = (schema(previous), schema(info));
    for pointer in ["/$id", "/title", "/examples", "/properties/type"] {
        if let (Some(slot), Some(value)) = (old.pointer_mut(pointer), new.pointer(pointer)) {
            *slot = value.clone();
        }
    }
    diff(&old, &new)
}

/// Writes the section `Changes from <previous version>`: why the version exists (when its
/// declaration says), the changes on the wire, and the members whose meaning changed.
pub(super) fn changes_section(page: &mut String, previous: &VersionInfo, info: &VersionInfo) {
    let report = changes_from(previous, info);
    let meanings = meaning_changes(previous, info);
    let (old, doc) = (previous.version, doc_file_name(previous));
    let _ = write!(page, "\n## Changes from {old}\n\n");
    for paragraph in paragraphs(info.why) {
        let _ = write!(page, "{}\n\n", indent(&paragraph, ""));
    }
    let _ = write!(
        page,
        "What changed since [{}]({doc}), found by comparing its schema with this version's \
         (besides the `type`, `{}` instead of `{}`).",
        previous.event_type, info.event_type, previous.event_type,
    );
    let on_the_wire = report
        .changes()
        .iter()
        .any(|change| change.kind != ChangeKind::AnnotationChanged);
    if on_the_wire {
        changes_table(page, old, &report);
    } else if meanings.is_empty() && report.is_empty() {
        page.push_str(" Nothing else changed.\n");
    } else {
        page.push_str(
            " Nothing changed on the wire: an event of either version is valid under the \
             other's schema.\n",
        );
    }
    if !meanings.is_empty() {
        let _ = write!(
            page,
            "\n### What members mean\n\n\
             The same member now stands for something else: read it as this version says.\n\n\
             | Member | In {old} | In {} |\n| --- | --- | --- |\n",
            info.version
        );
        for change in meanings {
            let _ = writeln!(
                page,
                "| {} | {} | {} |",
                markdown_pointer(&change.pointer),
                table_cell(&change.before),
                table_cell(&change.after),
            );
        }
    }
}

/// The compatibility verdicts and the table of changes, one row each.
fn changes_table(page: &mut String, old: &str, report: &Report) {
    let yes_no = |compatible: bool| if compatible { "yes" } else { "no" };
    let _ = write!(
        page,
        " Backward compatible (a reader of this version accepts every {old} event): {}. \
         Forward compatible (a reader of {old} accepts every event of this version): {}.\n\n\
         | Change | Where | What | Breaks |\n\
         | --- | --- | --- | --- |\n",
        yes_no(report.backward_compatible()),
        yes_no(report.forward_compatible()),
    );
    for change in report.changes() {
        let breaks = change.breaks.words();
        let _ = writeln!(
            page,
            "| `{}` | {} | {} | {breaks} |",
            change.kind,
            markdown_pointer(&change.pointer),
            table_cell(&change.message),
        );
    }
}

/// A member that both versions have, described differently: its meaning changed.
struct MeaningChange {
    /// The member, as a JSON pointer into the event.
    pointer: String,
    /// Its description in the previous version.
    before: String,
    /// Its description in this version.
    after: String,
}

/// The members of both versions whose descriptions differ (but for `type`, whose description
/// names the version), in this version's order.
fn meaning_changes(previous: &VersionInfo, info: &VersionInfo) -> Vec<MeaningChange> {
    let before = descriptions(previous);
    descriptions(info)
        .into_iter()
        .filter(|(pointer, _)| pointer != "/type")
        .filter_map(|(pointer, after)| {
            let (_, before) = before.iter().find(|(p, _)| *p == pointer)?;
            (*before != after).then(|| MeaningChange {
                pointer,
                before: before.clone(),
                after,
            })
        })
        .collect()
}

/// Every member of a version's events with its description: the envelope attributes, then
/// the payload's members, depth first.
fn descriptions(info: &VersionInfo) -> Vec<(String, String)> {
    fn walk(out: &mut Vec<(String, String)>, pointer: &str, used: &Used) {
        for member in used.members() {
            let pointer = format!("{pointer}/{}", pointer_token(member.field.name));
            out.push((pointer.clone(), member.doc.to_owned()));
            if let Some(used) = members(&member.value) {
                walk(out, &pointer, &used);
            }
        }
    }
    let mut out = Vec::new();
    for attribute in info.attributes() {
        let pointer = format!("/{}", attribute.spec.name);
        out.push((pointer.clone(), attribute.description));
        if let AttributeValue::Shape(shape) = attribute.value
            && let Some(used) = members(&Used::plain(shape))
        {
            walk(&mut out, &pointer, &used);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{doc_page, doc_page_with_changes};
    use vcc_events_runtime::VersionInfo;
    use vcc_events_runtime::describe::Shape;

    use vcc_events_runtime::Stability;
    use vcc_events_runtime::describe::{Describe, FieldShape, StructShape};

    fn text() -> Shape {
        String::describe()
    }

    static V0_FIELDS: [FieldShape; 1] = [FieldShape {
        name: "note",
        doc: "A note.",
        required: false,
        shape: text,
        overrides: &[],
    }];
    static V1_FIELDS: [FieldShape; 2] = [
        FieldShape {
            name: "note",
            doc: "A note.",
            required: true,
            shape: text,
            overrides: &[],
        },
        FieldShape {
            name: "extra",
            doc: "Extra text.",
            required: false,
            shape: text,
            overrides: &[],
        },
    ];
    static V0_DATA: StructShape = StructShape {
        name: "Data",
        doc: "The payload.",
        fields: &V0_FIELDS,
    };
    static V1_DATA: StructShape = StructShape {
        name: "Data",
        doc: "The payload.",
        fields: &V1_FIELDS,
    };

    const fn info(
        event_type: &'static str,
        version: &'static str,
        stability: Stability,
        data: fn() -> Shape,
    ) -> VersionInfo {
        VersionInfo {
            event_type,
            family: "test.thing",
            version,
            stability,
            description: "A thing happened.",
            source: "/thing",
            subject_doc: "The thing.",
            subject_pointer: "/data/note",
            subject: text,
            data,
            example: "{}",
            why: "",
            meanings: &[],
            transition: None,
        }
    }

    static THING_V0: VersionInfo = info("test.thing.v0", "v0", Stability::Stable, || {
        Shape::Struct(&V0_DATA)
    });
    static THING_V1: VersionInfo = info("test.thing.v1", "v1", Stability::Beta, || {
        Shape::Struct(&V1_DATA)
    });
    static THING_V2: VersionInfo = info("test.thing.v2", "v2", Stability::Beta, || {
        Shape::Struct(&V1_DATA)
    });

    #[test]
    fn later_versions_end_with_the_changes_from_the_previous_one() {
        assert!(!doc_page(&THING_V0).contains("## Changes"));
        let page = doc_page_with_changes(&THING_V1, Some(&THING_V0));
        let headings: Vec<&str> = page.lines().filter(|l| l.starts_with('#')).collect();
        assert_eq!(headings.last(), Some(&"## Changes from v0"));
        let section = page.split("## Changes from v0\n\n").nth(1).unwrap();
        assert!(section.starts_with(
            "What changed since [test.thing.v0](test.thing.v0.md), found by comparing its schema \
             with this version's (besides the `type`, `test.thing.v1` instead of `test.thing.v0`). \
             Backward compatible (a reader of this version accepts every v0 event): no. \
             Forward compatible (a reader of v0 accepts every event of this version): yes.\n\n\
             | Change | Where | What | Breaks |\n| --- | --- | --- | --- |\n"
        ));
        assert!(section.contains(
            "| `required_added` | `/properties/data/properties/note` | `data.note` is now required;"
        ));
        assert!(section.contains("| `property_added` | `/properties/data/properties/extra` |"));
        assert!(section.ends_with(" | backward |\n"));
        // Nothing but the type changed.
        let page = doc_page_with_changes(&THING_V2, Some(&THING_V1));
        assert!(page.ends_with(
            "(besides the `type`, `test.thing.v2` instead of `test.thing.v1`). Nothing else changed.\n"
        ));
    }

    #[test]
    fn generation_adds_the_changes_to_later_versions_only() {
        let files = crate::generate_for(&[&THING_V0, &THING_V1]);
        let page = |name: &str| {
            files
                .iter()
                .find(|f| f.path.ends_with(name))
                .map(|f| f.contents.clone())
                .unwrap()
        };
        assert!(!page("test.thing.v0.md").contains("## Changes from"));
        assert!(page("test.thing.v1.md").contains("\n## Changes from v0\n"));
    }

    #[test]
    fn the_readme_lists_each_family_newest_first() {
        let readme = crate::readme(&[&THING_V0, &THING_V1, &THING_V2], &[]);
        let rows: Vec<&str> = readme
            .lines()
            .filter(|l| l.starts_with("| `test.thing"))
            .map(|l| &l[3..16])
            .collect();
        assert_eq!(rows, ["test.thing.v2", "test.thing.v1", "test.thing.v0"]);
    }
}
