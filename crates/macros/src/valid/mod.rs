//! Checks a declaration and resolves it into a [`Model`]; every mistake is a `syn::Error` at
//! the span that caused it, and all of them are reported at once.

use proc_macro2::Span;
use syn::{Ident, LitStr};

use crate::ast::{Decl, Family};
use crate::attr::Attrs;
use crate::ctxt::Ctxt;
use crate::model::{Model, Version};

mod build;
mod checks;
mod describe;
mod subject;
mod versions;

use build::{Resolver, type_models};
use checks::{check_data, check_types};
use describe::check_describe;
use subject::check_subject;
use versions::check_versions;

/// The most members a type has in one version (the decoder tracks them in a `u64`).
const MAX_MEMBERS: usize = 64;

pub fn check<'a>(cx: &Ctxt, family: &'a Family) -> Option<Model<'a>> {
    let args = &family.args;
    let name = required(
        cx,
        family,
        &args.name,
        "name",
        "e.g. `name = \"channel.parked\"`",
    );
    let source = required(
        cx,
        family,
        &args.source,
        "source",
        "e.g. `source = \"/channel\"`",
    );
    let subject_doc = required(
        cx,
        family,
        &args.subject_doc,
        "subject_doc",
        "what `subject` holds, e.g. `subject_doc = \"The channel ID, a GUID.\"`",
    );
    if let Some(lit) = &args.name {
        let valid = name.split('.').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        if !name.is_empty() && !valid {
            cx.error_spanned_by(
                lit,
                "a family name is dot-separated lowercase words, e.g. \"channel.parked\"",
            );
        }
    }
    let description = crate::attr::doc_text(&family.attrs.doc);
    if description.is_empty() {
        cx.error_spanned_by(
            &family.ident,
            "missing doc comment on the family: it is the event's description",
        );
    }
    for gate in gates_on(&family.attrs) {
        cx.error_spanned_by(
            gate,
            "a family has no version gates: gate its types and members",
        );
    }

    let versions = check_versions(cx, family, &name);
    let subject = match &args.subject {
        Some(path) => path.clone(),
        None => {
            if args.missing("subject") {
                cx.error_at(
                    Span::call_site(),
                    "missing family argument `subject`: the path of the payload member `subject` equals, e.g. `subject = channel.channel_id`",
                );
            }
            Vec::new()
        }
    };

    let lifecycle = versions::lifecycle(cx, args.lifecycle.as_ref());
    let types = type_models(
        &Resolver {
            cx,
            versions: &versions,
            versions_complete: !args.incomplete,
        },
        family,
    );
    let mut model = Model {
        family,
        name,
        source,
        lifecycle,
        subject_doc,
        description,
        subject,
        subject_pointers: Vec::new(),
        subject_ty: None,
        subject_shared: Vec::new(),
        types,
        versions,
    };

    let data_ok = check_data(cx, &model);
    check_types(cx, &model);
    check_describe(cx, &model, false);
    if data_ok {
        check_subject(cx, &mut model);
    }
    Some(model)
}

/// Checks a `#[shapes]` module: types shared by several families, unversioned. They are
/// resolved as the types of one version, and every other rule of declared types holds.
pub fn check_shapes<'a>(cx: &Ctxt, shapes: &'a Family) -> Option<Model<'a>> {
    let mut gated = gates_on(&shapes.attrs);
    for decl in &shapes.decls {
        gated.extend(gates_on(decl.attrs()));
        match decl {
            Decl::Struct(s) => s
                .fields
                .iter()
                .for_each(|f| gated.extend(gates_on(&f.attrs))),
            Decl::Enum(e) => e
                .variants
                .iter()
                .for_each(|v| gated.extend(gates_on(&v.attrs))),
        }
    }
    for gate in gated {
        cx.error_spanned_by(
            gate,
            "shared shapes have no versions: a change to a shape is a change to every family that uses it, and the freeze checks each of their published versions",
        );
    }
    let versions = vec![Version {
        ident: Ident::new("v0", shapes.ident.span()),
        stability: crate::model::Stability::Stable,
        example: LitStr::new("", shapes.ident.span()),
        why: String::new(),
        meanings: Vec::new(),
    }];
    let types = type_models(
        &Resolver {
            cx,
            versions: &versions,
            versions_complete: true,
        },
        shapes,
    );
    let model = Model {
        family: shapes,
        name: String::new(),
        source: String::new(),
        lifecycle: None,
        subject_doc: String::new(),
        description: String::new(),
        subject: Vec::new(),
        subject_pointers: Vec::new(),
        subject_ty: None,
        subject_shared: Vec::new(),
        types,
        versions,
    };
    check_types(cx, &model);
    check_describe(cx, &model, true);
    Some(model)
}

/// A required family argument that is a non-empty string.
fn required(cx: &Ctxt, family: &Family, lit: &Option<LitStr>, what: &str, hint: &str) -> String {
    match lit {
        Some(l) if !l.value().is_empty() => l.value(),
        Some(l) => {
            cx.error_spanned_by(l, format!("`{what}` must not be empty"));
            String::new()
        }
        None => {
            if family.args.missing(what) {
                cx.error_at(
                    Span::call_site(),
                    format!("missing family argument `{what}`: {hint}"),
                );
            }
            String::new()
        }
    }
}

/// The version gates (`added`, `removed`) among `attrs`.
fn gates_on(attrs: &Attrs) -> Vec<&syn::Attribute> {
    let mut out: Vec<&syn::Attribute> = Vec::new();
    out.extend(attrs.added.iter().map(|g| &g.attr));
    out.extend(attrs.removed.iter().map(|g| &g.attr));
    out
}
