//! Checks a declaration and resolves it into a [`Model`]; every mistake is a `syn::Error` at
//! the span that caused it, and all of them are reported at once.

use std::collections::BTreeMap;

use proc_macro2::Span;
use syn::Ident;

use crate::ast::{Decl, Family, has_doc};
use crate::attr::{Added, Attrs, Removed, Renamed, VersionRef};
use crate::ctxt::Ctxt;
use crate::model::{
    FieldModel, Kind, Model, Range, TypeModel, VariantModel, Version, mentioned_idents,
    option_inner,
};

pub fn check<'a>(cx: &Ctxt, family: &'a Family) -> Option<Model<'a>> {
    let args = &family.args;
    let call_site = Span::call_site();
    let required = |lit: &Option<syn::LitStr>, what: &str| -> String {
        match lit {
            Some(l) if !l.value().is_empty() => l.value(),
            Some(l) => {
                cx.error_spanned_by(l, format!("`{what}` must not be empty"));
                String::new()
            }
            None => {
                cx.syn_error(syn::Error::new(
                    call_site,
                    format!("missing family argument `{what}`"),
                ));
                String::new()
            }
        }
    };
    let name = required(&args.name, "name");
    let source = required(&args.source, "source");
    let subject_doc = required(&args.subject_doc, "subject_doc");
    if let Some(lit) = &args.name {
        let valid = !name.is_empty()
            && name.split('.').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !valid {
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
            "missing doc comment: the family's doc comment is the event's description",
        );
    }
    for gate in gates_on(&family.attrs) {
        cx.error_spanned_by(
            gate,
            "a family has no version gates: gate its types and members",
        );
    }

    let versions = check_versions(cx, family);
    let subject = match &args.subject {
        Some(path) => path.clone(),
        None => {
            cx.syn_error(syn::Error::new(
                call_site,
                "missing family argument `subject`: the path of the payload member `subject` equals, e.g. `subject = channel.channel_id`",
            ));
            Vec::new()
        }
    };

    let mut model = Model {
        family,
        name,
        source,
        subject_doc,
        description,
        subject,
        types: Vec::new(),
        versions,
    };
    let resolver = Resolver {
        cx,
        versions: &model.versions,
    };

    let mut names: BTreeMap<String, &Ident> = BTreeMap::new();
    for decl in &family.decls {
        let ident = decl.ident();
        if let Some(first) = names.insert(ident.to_string(), ident) {
            let _ = first;
            cx.error_spanned_by(ident, format!("type `{ident}` is declared twice"));
        }
        if !has_doc(&decl.attrs().doc) {
            cx.error_spanned_by(
                ident,
                format!("missing doc comment on `{ident}`: it becomes the description in the schema and the docs"),
            );
        }
        let attrs = decl.attrs();
        let range = resolver.range(&attrs.added, &attrs.removed);
        let kind = match decl {
            Decl::Struct(s) => {
                let fields = s
                    .fields
                    .iter()
                    .map(|f| {
                        if !matches!(f.vis, syn::Visibility::Public(_)) {
                            cx.error_spanned_by(&f.ident, "fields of event types are public: add `pub`");
                        }
                        if f.ident == "extra" {
                            cx.error_spanned_by(
                                &f.ident,
                                "`extra` is reserved: it keeps the members a version does not declare; name the field otherwise and use `#[wire = \"extra\"]`",
                            );
                        }
                        if !has_doc(&f.attrs.doc) {
                            cx.error_spanned_by(
                                &f.ident,
                                format!("missing doc comment on field `{}`: it becomes the member's description", f.ident),
                            );
                        }
                        let default = f.attrs.added.first().and_then(|a| a.default.as_ref());
                        let mut changes: Vec<_> = f
                            .attrs
                            .changed
                            .iter()
                            .filter_map(|c| Some((resolver.gate_version(&c.since, &c.attr)?, &c.from, &c.with, c.fallible)))
                            .collect();
                        changes.sort_by_key(|c| c.0);
                        FieldModel {
                            field: f,
                            range: resolver.range(&f.attrs.added, &f.attrs.removed),
                            renames: resolver.renames(&f.attrs.renamed, &f.wire),
                            changes,
                            default,
                        }
                    })
                    .collect();
                Kind::Struct(s, fields)
            }
            Decl::Enum(e) => {
                if e.variants.is_empty() {
                    cx.error_spanned_by(&e.ident, "an enum needs at least one variant");
                }
                let variants = e
                    .variants
                    .iter()
                    .map(|v| {
                        if !has_doc(&v.attrs.doc) {
                            cx.error_spanned_by(
                                &v.ident,
                                format!("missing doc comment on variant `{}`: it becomes the value's description", v.ident),
                            );
                        }
                        VariantModel {
                            variant: v,
                            range: resolver.range(&v.attrs.added, &v.attrs.removed),
                            renames: resolver.renames(&v.attrs.renamed, &v.wire),
                            into: v.attrs.removed.first().and_then(|r| r.into.as_ref()),
                        }
                    })
                    .collect();
                Kind::Enum(e, variants)
            }
        };
        model.types.push(TypeModel { decl, range, kind });
    }

    check_members(cx, &model);
    check_subject(cx, &model);
    Some(model)
}

fn gates_on(attrs: &Attrs) -> Vec<&syn::Attribute> {
    let mut out: Vec<&syn::Attribute> = Vec::new();
    out.extend(attrs.added.iter().map(|g| &g.attr));
    out.extend(attrs.removed.iter().map(|g| &g.attr));
    out
}

fn check_versions(cx: &Ctxt, family: &Family) -> Vec<Version> {
    let args = &family.args;
    if args.versions.is_empty() {
        cx.syn_error(syn::Error::new(
            args.versions_span.unwrap_or_else(Span::call_site),
            "declare at least one version: `versions(v0(stability = beta, example = \"path/to/example.json\"))`",
        ));
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
            Some(s) if ["beta", "stable", "deprecated"].contains(&s.to_string().as_str()) => {
                s.clone()
            }
            Some(s) => {
                cx.error_spanned_by(
                    s,
                    "unknown stability: expected `beta`, `stable` or `deprecated`",
                );
                Ident::new("beta", s.span())
            }
            None => {
                cx.error_spanned_by(
                    &v.ident,
                    format!(
                        "missing `stability` for `{}`: `beta`, `stable` or `deprecated`",
                        v.ident
                    ),
                );
                Ident::new("beta", v.ident.span())
            }
        };
        let example = match &v.example {
            Some(e) => e.clone(),
            None => {
                cx.error_spanned_by(
                    &v.ident,
                    format!(
                        "missing `example` for `{}`: the path (from the crate root) of a whole example event, e.g. `example = \"events/{}.json\"`",
                        v.ident, v.ident
                    ),
                );
                syn::LitStr::new("", v.ident.span())
            }
        };
        out.push(Version {
            ident: v.ident.clone(),
            stability,
            example,
        });
    }
    out
}

struct Resolver<'v> {
    cx: &'v Ctxt,
    versions: &'v [Version],
}

impl Resolver<'_> {
    /// The index of the version a gate names; gates on the first version say nothing.
    fn gate_version(&self, v: &VersionRef, attr: &syn::Attribute) -> Option<usize> {
        let Some(index) = self.versions.iter().position(|d| d.ident == v.ident) else {
            let declared: Vec<String> = self.versions.iter().map(|d| d.ident.to_string()).collect();
            self.cx.error_spanned_by(
                &v.ident,
                format!(
                    "unknown version `{}`: this family declares {}",
                    v.ident,
                    declared.join(", ")
                ),
            );
            return None;
        };
        if index == 0 {
            let gate = attr
                .path()
                .get_ident()
                .map(Ident::to_string)
                .unwrap_or_default();
            self.cx.error_spanned_by(
                &v.ident,
                format!("`{gate}({})` names the first version: a gate names the version where something changes", v.ident),
            );
            return None;
        }
        Some(index)
    }

    fn range(&self, added: &[Added], removed: &[Removed]) -> Range {
        for extra in added.iter().skip(1) {
            self.cx
                .error_spanned_by(&extra.attr, "only one `added` gate per item");
        }
        for extra in removed.iter().skip(1) {
            self.cx
                .error_spanned_by(&extra.attr, "only one `removed` gate per item");
        }
        let from = added
            .first()
            .and_then(|a| self.gate_version(&a.since, &a.attr))
            .unwrap_or(0);
        let until = removed
            .first()
            .and_then(|r| self.gate_version(&r.since, &r.attr));
        if let (Some(u), Some(r)) = (until, removed.first()) {
            if u <= from {
                self.cx.error_spanned_by(
                    &r.since.ident,
                    format!(
                        "removed in `{}` but only added in `{}`",
                        r.since.ident, self.versions[from].ident
                    ),
                );
            }
        }
        Range { from, until }
    }

    fn renames(&self, renamed: &[Renamed], current: &str) -> Vec<(usize, String)> {
        let mut out: Vec<(usize, String)> = Vec::new();
        for r in renamed {
            let Some(since) = self.gate_version(&r.since, &r.attr) else {
                continue;
            };
            if out.iter().any(|(s, _)| *s == since) {
                self.cx
                    .error_spanned_by(&r.attr, format!("renamed twice in `{}`", r.since.ident));
            }
            out.push((since, r.from.value()));
        }
        out.sort_by_key(|r| r.0);
        // The name before each rename must differ from the name after it.
        for (i, (since, from)) in out.iter().enumerate() {
            let after = out.get(i + 1).map_or(current, |(_, f)| f.as_str());
            if from == after {
                if let Some(r) = renamed.iter().find(|r| r.from.value() == *from) {
                    self.cx.error_spanned_by(
                        &r.from,
                        format!("the name before `v{since}` equals the name after it"),
                    );
                }
            }
        }
        out
    }
}

/// Duplicate wire names, and types used where they do not exist.
fn check_members(cx: &Ctxt, model: &Model) {
    for t in &model.types {
        for v in 0..model.versions.len() {
            if !t.range.contains(v) {
                continue;
            }
            let mut seen: BTreeMap<String, ()> = BTreeMap::new();
            match &t.kind {
                Kind::Struct(_, fields) => {
                    for f in fields.iter().filter(|f| f.range.contains(v)) {
                        let wire = f.wire_at(v).to_owned();
                        if seen.insert(wire.clone(), ()).is_some() {
                            cx.error_spanned_by(
                                &f.field.ident,
                                format!(
                                    "duplicate wire name \"{wire}\" in `{}` at `{}`",
                                    t.decl.ident(),
                                    model.versions[v].ident
                                ),
                            );
                        }
                        let mut mentioned = Vec::new();
                        mentioned_idents(f.ty_at(v), &mut mentioned);
                        for ident in mentioned {
                            if let Some(used) = model.type_named(&ident) {
                                if !used.range.contains(v) {
                                    cx.error_spanned_by(
                                        &f.field.ty,
                                        format!(
                                            "type `{ident}` does not exist in `{}`, where field `{}` does: gate the field or the type",
                                            model.versions[v].ident, f.field.ident
                                        ),
                                    );
                                }
                            }
                        }
                    }
                }
                Kind::Enum(_, variants) => {
                    let present: Vec<_> = variants.iter().filter(|x| x.range.contains(v)).collect();
                    if present.is_empty() {
                        cx.error_spanned_by(
                            t.decl.ident(),
                            format!(
                                "enum `{}` has no value in `{}`",
                                t.decl.ident(),
                                model.versions[v].ident
                            ),
                        );
                    }
                    for x in present {
                        let wire = x.wire_at(v).to_owned();
                        if seen.insert(wire.clone(), ()).is_some() {
                            cx.error_spanned_by(
                                &x.variant.ident,
                                format!(
                                    "duplicate wire value \"{wire}\" in `{}` at `{}`",
                                    t.decl.ident(),
                                    model.versions[v].ident
                                ),
                            );
                        }
                    }
                    for x in variants {
                        if let Some(into) = x.into {
                            let Some(target) = variants.iter().find(|y| y.variant.ident == *into)
                            else {
                                cx.error_spanned_by(
                                    into,
                                    format!("`{}` has no variant `{into}`", t.decl.ident()),
                                );
                                continue;
                            };
                            if let Some(u) = x.range.until {
                                if !target.range.contains(u) {
                                    cx.error_spanned_by(
                                        into,
                                        format!(
                                            "`{into}` does not exist in `{}`",
                                            model.versions[u].ident
                                        ),
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    if model
        .type_named(&Ident::new("Data", Span::call_site()))
        .is_none()
    {
        cx.error_spanned_by(
            &model.family.ident,
            "a family declares `pub struct Data`: the event payload",
        );
    } else if let Some(t) = model.type_named(&Ident::new("Data", Span::call_site())) {
        if t.range.from != 0 || t.range.until.is_some() || !matches!(t.kind, Kind::Struct(..)) {
            cx.error_spanned_by(
                t.decl.ident(),
                "`Data` is a struct that exists in every version",
            );
        }
    }
}

/// The subject path resolves, in every version, to a required member.
fn check_subject(cx: &Ctxt, model: &Model) {
    if model.subject.is_empty() {
        return;
    }
    for v in 0..model.versions.len() {
        if let Err((ident, message)) = subject_at(model, v) {
            cx.error_spanned_by(ident, message);
            return;
        }
    }
}

/// The wire pointer (under `/data`) and Rust type of the subject member in version `v`.
pub fn subject_at<'m>(
    model: &'m Model,
    v: usize,
) -> Result<(String, &'m syn::Type), (&'m Ident, String)> {
    let mut current = "Data".to_owned();
    let mut pointer = String::from("/data");
    let mut ty = None;
    for (i, step) in model.subject.iter().enumerate() {
        let found = model
            .types
            .iter()
            .find(|t| *t.decl.ident() == current)
            .and_then(|t| match &t.kind {
                Kind::Struct(_, fields) => fields
                    .iter()
                    .find(|f| f.field.ident == *step && f.range.contains(v)),
                Kind::Enum(..) => None,
            });
        let Some(field) = found else {
            return Err((
                step,
                format!(
                    "`{current}` has no field `{step}` in `{}`",
                    model.versions[v].ident
                ),
            ));
        };
        pointer.push('/');
        pointer.push_str(field.wire_at(v));
        let field_ty = field.ty_at(v);
        if option_inner(field_ty).is_some() {
            return Err((
                step,
                format!("`{step}` is optional: the subject is derived from a required member"),
            ));
        }
        if i + 1 < model.subject.len() {
            match crate::model::single_ident(field_ty) {
                Some(next) => current = next.to_string(),
                None => return Err((step, format!("`{step}` is not a declared struct"))),
            }
        }
        ty = Some(field_ty);
    }
    ty.map(|t| (pointer, t))
        .ok_or_else(|| (&model.family.ident, "empty subject path".to_owned()))
}
