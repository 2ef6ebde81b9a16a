//! Counterexamples: an instance that shows a break, checked with a JSON Schema validator
//! (`jsonschema`, formats on) before it is returned.
//!
//! For a backward break, an instance an old producer can emit (valid against the old schema,
//! with declared members only) that the new schema rejects; for a forward break, the same
//! with the schemas swapped. The search starts from an example of the producer's schema and
//! varies it where the breaking changes are: boundary values, the values of `enum`s, strings
//! a pattern matches (found on the patterns' automata), formats, omitted members, arrays of
//! other lengths. Only candidates the validators confirm are returned, so a counterexample is
//! never wrong; when the search finds none, the direction stays unproven.

mod edit;
mod example;
mod variants;

use serde_json::Value;

use self::edit::{remove_at, set_at};
use self::example::{Fill, Gen};
use crate::change::{Change, Report};

/// Most candidates validated per direction.
const MAX_CANDIDATES: usize = 4_000;
/// Most places of changes searched per direction.
const MAX_PLACES: usize = 64;

/// Instances that show the broken directions of a change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counterexamples {
    /// An instance an old producer can emit that the new schema rejects; `None` when backward
    /// compatibility is not broken or no instance was found.
    pub backward: Option<Value>,
    /// An instance a new producer can emit that the old schema rejects; `None` when forward
    /// compatibility is not broken or no instance was found.
    pub forward: Option<Value>,
}

/// Finds a counterexample for each direction the report breaks. Each one returned was
/// checked: the producer's schema accepts it and the reader's schema rejects it.
#[must_use]
pub fn counterexamples(old: &Value, new: &Value, report: &Report) -> Counterexamples {
    let backward = (!report.backward_compatible())
        .then(|| {
            let changes: Vec<&Change> = report
                .changes()
                .iter()
                .filter(|c| c.breaks.backward())
                .collect();
            search(old, new, &changes)
        })
        .flatten();
    let forward = (!report.forward_compatible())
        .then(|| {
            let changes: Vec<&Change> = report
                .changes()
                .iter()
                .filter(|c| c.breaks.forward())
                .collect();
            search(new, old, &changes)
        })
        .flatten();
    Counterexamples { backward, forward }
}

/// Whether `instance` is accepted by `producer` and rejected by `reader` (formats checked).
#[must_use]
pub fn shows_break(producer: &Value, reader: &Value, instance: &Value) -> bool {
    match (validator(producer), validator(reader)) {
        (Some(p), Some(r)) => p.is_valid(instance) && !r.is_valid(instance),
        _ => false,
    }
}

/// A validator with formats checked; a schema without `$schema` that is not valid in draft
/// 2020-12 (e.g. the list form of `items`) is read as draft 7.
pub(crate) fn validator(schema: &Value) -> Option<jsonschema::Validator> {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .or_else(|_| {
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft7)
                .should_validate_formats(true)
                .build(schema)
        })
        .ok()
}

/// Searches an instance `producer` accepts and `reader` rejects, varying the places of
/// `changes`.
fn search(producer: &Value, reader: &Value, changes: &[&Change]) -> Option<Value> {
    let (vp, vr) = (validator(producer)?, validator(reader)?);
    let budget = std::cell::Cell::new(MAX_CANDIDATES);
    let check = |v: &Value| -> bool {
        if budget.get() == 0 {
            return false;
        }
        budget.set(budget.get() - 1);
        vp.is_valid(v) && !vr.is_valid(v)
    };
    let gen_p = Gen::new(producer);
    let gen_r = Gen::new(reader);
    let mut bases = vec![
        gen_p.example(producer, Fill::All, 0),
        gen_p.example(producer, Fill::Required, 0),
    ];
    // Other starting points, for breaks that need two things changed at once.
    bases.extend(
        gen_p
            .variants(Some(producer.clone()), None, 0)
            .into_iter()
            .filter(|v| vp.is_valid(v))
            .take(24),
    );
    // One search per place: many changes at one place (e.g. `enum` values) share it.
    let mut places: Vec<&str> = changes.iter().map(|c| c.pointer.as_str()).collect();
    places.dedup();
    for pointer in places.into_iter().take(MAX_PLACES) {
        if budget.get() == 0 {
            break;
        }
        let segments: Vec<String> = vcc_events_pointer::tokens(pointer);
        let (instance_path, schema) = gen_p.locate(&segments);
        let other = gen_r.locate(&segments).1;
        // A place the producer's schema does not declare is never filled: producers emit
        // declared members only.
        let declared = schema.is_some();
        for base in &bases {
            // The value at the place of the change.
            let variants = if declared {
                gen_p.variants(schema.clone(), other.clone(), 0)
            } else {
                Vec::new()
            };
            for variant in variants {
                if let Some(v) = set_at(base, &instance_path, variant)
                    && check(&v)
                {
                    return Some(v);
                }
            }
            // The member at the place of the change left out, and its object varied.
            for depth in (0..=instance_path.len()).rev() {
                let prefix = &instance_path[..depth];
                if depth < instance_path.len()
                    && let Some(v) = remove_at(base, &instance_path[..=depth])
                    && check(&v)
                {
                    return Some(v);
                }
                let (_, s) = gen_p.locate_instance(&segments, prefix.len());
                for variant in gen_p.variants(s, None, 0).into_iter().take(64) {
                    if let Some(v) = set_at(base, prefix, variant)
                        && check(&v)
                    {
                        return Some(v);
                    }
                }
            }
        }
    }
    gen_p
        .variants(Some(producer.clone()), Some(reader.clone()), 0)
        .into_iter()
        .find(|v| check(v))
}
