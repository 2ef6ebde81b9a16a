//! The `versions(...)` argument: each version's stability, example, reason and meanings; and
//! the `lifecycle(...)` step a family's events mark.

use proc_macro2::Span;
use syn::{Ident, LitStr};

use crate::ast::Family;
use crate::attr::Lifecycle;
use crate::ctxt::Ctxt;
use crate::model::{Stability, Version};

/// Each declared version, checked: named v0, v1, ... in order, with a stability and an example.
pub(super) fn check_versions(cx: &Ctxt, family: &Family, name: &str) -> Vec<Version> {
    let args = &family.args;
    if args.versions.is_empty() {
        let message = "declare at least one version: `versions(v0(stability = beta, example = \"path/to/example.json\"))`";
        match args.versions_span {
            Some(_) if args.incomplete => {}
            Some(span) => cx.error_at(span, message),
            None if args.missing("versions") => cx.error_at(
                Span::call_site(),
                format!("missing family argument `versions`: {message}"),
            ),
            None => {}
        }
    }
    let mut out = Vec::new();
    for (i, v) in args.versions.iter().enumerate() {
        let expected = format!("v{i}");
        if v.ident != expected {
            cx.error_spanned_by(
                &v.ident,
                format!("versions are named v0, v1, v2, ... in order: expected `{expected}`, found `{}`", v.ident),
            );
        }
        let stability = match &v.stability {
            Some(s) => Stability::from_name(&s.to_string()).unwrap_or_else(|| {
                cx.error_spanned_by(
                    s,
                    format!(
                        "unknown stability `{s}`: expected {}",
                        Stability::names_listed()
                    ),
                );
                Stability::Beta
            }),
            None => {
                cx.error_spanned_by(
                    &v.ident,
                    format!(
                        "missing `stability` for `{}`: add `stability = {}",
                        v.ident,
                        // The list without its first backquote: `stability = beta`, `stable` ...
                        &Stability::names_listed()[1..]
                    ),
                );
                Stability::Beta
            }
        };
        let example = match &v.example {
            Some(e) => e.clone(),
            None => {
                let file = if name.is_empty() { "family.name" } else { name };
                cx.error_spanned_by(
                    &v.ident,
                    format!(
                        "missing `example` for `{}`: the path (from the crate root) of a whole example event, e.g. `example = \"events/{file}.{}.json\"`",
                        v.ident, v.ident
                    ),
                );
                LitStr::new("", v.ident.span())
            }
        };
        let mut meanings: Vec<(Ident, String)> = Vec::new();
        for (attribute, doc) in &v.meanings {
            // Whether `name` is an envelope attribute is checked against the runtime's table
            // when the expansion compiles.
            let name = attribute.to_string();
            if meanings.iter().any(|(n, _)| *n == name) {
                cx.error_spanned_by(
                    attribute,
                    format!("the meaning of `{name}` is stated twice"),
                );
            } else if doc.value().trim().is_empty() {
                cx.error_spanned_by(doc, "a meaning is a description: it cannot be empty");
            } else {
                meanings.push((attribute.clone(), doc.value()));
            }
        }
        out.push(Version {
            ident: v.ident.clone(),
            stability,
            example,
            why: v.why.as_ref().map(LitStr::value).unwrap_or_default(),
            meanings,
        });
    }
    out
}

/// The phases a `lifecycle(...)` step leaves and the phase it leads to; a phase that is not one
/// word is reported.
pub(super) fn lifecycle(cx: &Ctxt, lifecycle: Option<&Lifecycle>) -> Option<(Vec<String>, String)> {
    lifecycle.map(|l| {
        for phase in l.from.iter().chain([&l.to]) {
            let text = phase.value();
            if text.is_empty() || !text.chars().all(|c| c.is_ascii_alphanumeric()) {
                cx.error_spanned_by(
                    phase,
                    "a phase is one word of letters and digits, e.g. `Connected`",
                );
            }
        }
        (
            l.from.iter().map(LitStr::value).collect::<Vec<_>>(),
            l.to.value(),
        )
    })
}
