//! `docs/events/README.md`, the catalog's front page: every event version grouped by source,
//! the lifecycle each source's families mark (a Mermaid state diagram), the families the
//! platform names but does not document, and the catalog-wide documents.

use std::fmt::Write;

use vcc_events_runtime::{Transition, Undocumented, VersionInfo};

use crate::{DOCUMENTS, GENERATED_BY, SCHEMAS_DIR, doc_file_name, schema_file_name};

/// The front page of the catalog (`docs/events/README.md`).
///
/// `versions` lists each family's versions oldest first, as the catalog declares them;
/// sources and families keep their declaration order and versions are listed newest first.
/// `undocumented` are the families the platform names without documenting them.
pub fn readme(versions: &[&VersionInfo], undocumented: &[Undocumented]) -> String {
    let mut page = format!(
        "<!-- {GENERATED_BY} -->\n\n# Events\n\n\
         Every event type this catalog declares (CloudEvents 1.0 JSON): one page per version, \
         and the JSON Schema (draft 2020-12) of the whole notification, grouped by the \
         CloudEvents `source`. Versions are listed newest first.\n"
    );
    for source in in_order(versions.iter().map(|info| info.source)) {
        let _ = write!(
            page,
            "\n## Source `{source}`\n\n\
             | Type | Family | Version | Stability | Doc | Schema |\n\
             | --- | --- | --- | --- | --- | --- |\n"
        );
        let of_source: Vec<&VersionInfo> = versions
            .iter()
            .copied()
            .filter(|info| info.source == source)
            .collect();
        for family in in_order(of_source.iter().map(|info| info.family)) {
            for info in of_source.iter().rev().filter(|info| info.family == family) {
                let (doc, schema) = (doc_file_name(info), schema_file_name(info));
                let _ = writeln!(
                    page,
                    "| `{}` | `{}` | `{}` | {} | [{doc}]({doc}) | [{schema}](../../{SCHEMAS_DIR}/{schema}) |",
                    info.event_type,
                    info.family,
                    info.version,
                    info.stability.as_str(),
                );
            }
        }
        lifecycle(&mut page, source, &of_source, undocumented);
    }
    if !undocumented.is_empty() {
        page.push_str(
            "\n## Named but not documented\n\n\
             The platform names these families without documenting their payload. The catalog \
             does not declare them: decoding one gives the unknown-type error, not a guess.\n\n",
        );
        for family in undocumented {
            let _ = writeln!(
                page,
                "- `{}` (source `{}`): {}",
                family.family, family.source, family.note
            );
        }
    }
    page.push_str("\n## The whole catalog\n\n");
    for document in DOCUMENTS.iter().filter(|d| d.dir == SCHEMAS_DIR) {
        if let Some(summary) = document.summary {
            let name = document.name;
            let _ = writeln!(page, "- [{name}](../../{SCHEMAS_DIR}/{name}): {summary}");
        }
    }
    page
}

/// One step of a lifecycle diagram: the transition and the family whose events mark it.
struct Step<'a> {
    family: &'a str,
    transition: &'a Transition,
    documented: bool,
}

/// Writes the state diagram of the lifecycle that `source`'s families mark, if they state one.
fn lifecycle(
    page: &mut String,
    source: &str,
    versions: &[&VersionInfo],
    undocumented: &[Undocumented],
) {
    let mut steps: Vec<Step> = Vec::new();
    for info in versions {
        if let Some(transition) = info.transition
            && !steps.iter().any(|s| s.family == info.family)
        {
            steps.push(Step {
                family: info.family,
                transition,
                documented: true,
            });
        }
    }
    if steps.is_empty() {
        return;
    }
    for family in undocumented.iter().filter(|u| u.source == source) {
        if let Some(transition) = &family.transition {
            steps.push(Step {
                family: family.family,
                transition,
                documented: false,
            });
        }
    }
    let entity = source.trim_start_matches('/');
    let _ = write!(
        page,
        "\n### The {entity} lifecycle\n\n\
         Each arrow is a phase change and the event that marks it; the time spent in a phase is \
         the difference between the timestamps (`data.timestamp`) of the events that enter and \
         leave it. Arrows marked \"not documented\" are named by the platform without a page.\n\n\
         ```mermaid\nstateDiagram-v2\n"
    );
    for step in &steps {
        let label = if step.documented {
            step.family.to_owned()
        } else {
            format!("{} (not documented)", step.family)
        };
        let to = step.transition.to;
        if step.transition.from.is_empty() {
            let _ = writeln!(page, "    [*] --> {to}: {label}");
        }
        for from in step.transition.from {
            let _ = writeln!(page, "    {from} --> {to}: {label}");
        }
    }
    // Phases no step leaves end the lifecycle.
    let ends = in_order(steps.iter().map(|s| s.transition.to))
        .into_iter()
        .filter(|phase| !steps.iter().any(|s| s.transition.from.contains(phase)));
    for phase in ends {
        let _ = writeln!(page, "    {phase} --> [*]");
    }
    page.push_str("```\n");
}

/// The distinct items, in order of first appearance.
fn in_order<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog_readme() -> String {
        readme(&vcc_events::versions(), vcc_events::UNDOCUMENTED)
    }

    #[test]
    fn links_every_version_under_its_source() {
        let readme = catalog_readme();
        let channel = readme
            .find("## Source `/channel`")
            .expect("a /channel section");
        let agent = readme
            .find("## Source `/agent`")
            .expect("an /agent section");
        let parked = readme
            .find("| `channel.parked.v0` | `channel.parked` | `v0` | beta | [channel.parked.v0.md](channel.parked.v0.md) | [channel.parked.v0.json](../../schemas/channel.parked.v0.json) |\n")
            .expect("the parked row");
        let presence = readme
            .find("| `agent.presencechanged.v0` |")
            .expect("the presence row");
        assert!(channel < parked && parked < agent && agent < presence);
    }

    #[test]
    fn links_the_catalog_documents() {
        let readme = catalog_readme();
        for link in [
            "[asyncapi.json](../../schemas/asyncapi.json)",
            "[xregistry.json](../../schemas/xregistry.json)",
            "[index.json](../../schemas/index.json)",
            "[event-types.json](../../schemas/event-types.json)",
        ] {
            assert!(readme.contains(link), "{link} missing:\n{readme}");
        }
    }

    #[test]
    fn draws_the_channel_lifecycle_from_the_declarations() {
        let readme = catalog_readme();
        let diagram = readme
            .split("```mermaid\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("a Mermaid block");
        for line in [
            "stateDiagram-v2",
            "    [*] --> Alerting: channel.alerted",
            "    Alerting --> Connected: channel.connected",
            "    Connected --> Parked: channel.parked",
            "    Parked --> Connected: channel.unparked",
            "    WrapUp --> Ended: channel.ended",
            "    Connected --> Interrupted: channel.interrupted (not documented)",
            "    Ended --> [*]",
        ] {
            assert!(
                diagram.lines().any(|l| l == line),
                "{line:?} missing:\n{diagram}"
            );
        }
        // The agent family marks no lifecycle step: one diagram only.
        assert_eq!(readme.matches("```mermaid").count(), 1);
    }

    #[test]
    fn lists_the_named_but_undocumented_families() {
        let readme = catalog_readme();
        let section = readme
            .split("## Named but not documented\n")
            .nth(1)
            .expect("the section");
        assert!(section.contains("- `channel.disconnected` (source `/channel`)"));
        assert!(section.contains("- `channel.interrupted` (source `/channel`)"));
    }
}
