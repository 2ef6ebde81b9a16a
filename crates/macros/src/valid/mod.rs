//! Checks a declaration and resolves it into a [`Model`]; every mistake is a `syn::Error` at
//! the span that caused it, and all of them are reported at once.

use std::collections::BTreeMap;

use proc_macro2::Span;
use syn::{Ident, LitStr, Type};

use crate::ast::{Decl, Family, Field, Variant, has_doc};
use crate::attr::{Added, Attrs, Removed, Renamed, VersionRef};
use crate::ctxt::Ctxt;
use crate::model::{
    FieldModel, Kind, Model, Range, Rename, TypeChange, TypeModel, VariantModel, Version,
    mentioned_idents, open_inner, option_inner, single_ident, vec_inner,
};

mod describe;
mod subject;
mod versions;

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

/// The declared types, resolved against the versions; a type declared twice, a reserved name
/// or a missing doc comment is reported.
fn type_models<'a>(resolver: &Resolver, family: &'a Family) -> Vec<TypeModel<'a>> {
    let cx = resolver.cx;
    let mut types = Vec::new();
    let mut names: BTreeMap<String, &Ident> = BTreeMap::new();
    for decl in &family.decls {
        let ident = decl.ident();
        if names.insert(ident.to_string(), ident).is_some() {
            cx.error_spanned_by(ident, format!("type `{ident}` is declared twice"));
        }
        if ident == "Event" {
            cx.error_spanned_by(
                ident,
                "`Event` is reserved: each version declares `Event`, the whole CloudEvent around `Data`",
            );
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
            Decl::Struct(s) => Kind::Struct(
                s,
                s.fields.iter().map(|f| field_model(resolver, f)).collect(),
            ),
            Decl::Enum(e) => {
                if e.variants.is_empty() {
                    cx.error_spanned_by(&e.ident, "an enum needs at least one variant");
                }
                Kind::Enum(
                    e,
                    e.variants
                        .iter()
                        .map(|v| variant_model(resolver, v))
                        .collect(),
                )
            }
        };
        types.push(TypeModel { decl, range, kind });
    }

    types
}

/// Checks every declared type's members or values.
fn check_types(cx: &Ctxt, model: &Model) {
    for t in &model.types {
        match &t.kind {
            Kind::Struct(_, fields) => check_struct(cx, model, t, fields),
            Kind::Enum(_, variants) => check_enum(cx, model, t, variants),
        }
    }
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

fn gates_on(attrs: &Attrs) -> Vec<&syn::Attribute> {
    let mut out: Vec<&syn::Attribute> = Vec::new();
    out.extend(attrs.added.iter().map(|g| &g.attr));
    out.extend(attrs.removed.iter().map(|g| &g.attr));
    out
}

fn field_model<'a>(resolver: &Resolver, f: &'a Field) -> FieldModel<'a> {
    let cx = resolver.cx;
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
            format!(
                "missing doc comment on field `{}`: it becomes the member's description",
                f.ident
            ),
        );
    }
    let range = resolver.range(&f.attrs.added, &f.attrs.removed);
    let mut changes: Vec<_> = f
        .attrs
        .changed
        .iter()
        .filter_map(|c| {
            let since = resolver.gate_version(&c.since, &c.attr)?;
            resolver
                .within(since, range, &c.since, "changed", &f.ident)
                .then_some(TypeChange {
                    since,
                    from: &c.from,
                    with: &c.with,
                    fallible: c.fallible,
                })
        })
        .collect();
    changes.sort_by_key(|c| c.since);
    for pair in changes.windows(2) {
        if pair[0].since == pair[1].since {
            cx.error_spanned_by(
                pair[1].from,
                format!(
                    "`{}` is changed twice in `{}`",
                    f.ident, resolver.versions[pair[1].since].ident
                ),
            );
        }
    }
    FieldModel {
        field: f,
        range,
        renames: resolver.renames(&f.attrs.renamed, &f.wire, range, &f.ident),
        changes,
        default: f.attrs.added.first().and_then(|a| a.default.as_ref()),
    }
}

fn variant_model<'a>(resolver: &Resolver, v: &'a Variant) -> VariantModel<'a> {
    if !has_doc(&v.attrs.doc) {
        resolver.cx.error_spanned_by(
            &v.ident,
            format!(
                "missing doc comment on variant `{}`: it becomes the value's description",
                v.ident
            ),
        );
    }
    let range = resolver.range(&v.attrs.added, &v.attrs.removed);
    VariantModel {
        variant: v,
        range,
        renames: resolver.renames(&v.attrs.renamed, &v.wire, range, &v.ident),
        into: v.attrs.removed.first().and_then(|r| r.into.as_ref()),
    }
}

struct Resolver<'v> {
    cx: &'v Ctxt,
    versions: &'v [Version],
    /// Whether every declared version was read (not cut short by a syntax error).
    versions_complete: bool,
}

impl Resolver<'_> {
    /// The index of the version a gate names; gates on the first version say nothing.
    fn gate_version(&self, v: &VersionRef, attr: &syn::Attribute) -> Option<usize> {
        let Some(index) = self.versions.iter().position(|d| d.ident == v.ident) else {
            if !self.versions_complete {
                return None;
            }
            let declared: Vec<String> = self
                .versions
                .iter()
                .map(|d| format!("`{}`", d.ident))
                .collect();
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
        let mut until = removed
            .first()
            .and_then(|r| self.gate_version(&r.since, &r.attr));
        if let (Some(u), Some(r)) = (until, removed.first())
            && u <= from
        {
            self.cx.error_spanned_by(
                &r.since.ident,
                format!(
                    "`removed({})` must name a version after `added({})`",
                    r.since.ident, self.versions[from].ident
                ),
            );
            until = None;
        }
        Range { from, until }
    }

    /// Whether a `renamed` or `changed` gate names a version in which the item existed
    /// before and still exists; reports it if not.
    fn within(
        &self,
        since: usize,
        range: Range,
        gate: &VersionRef,
        kind: &str,
        item: &Ident,
    ) -> bool {
        if since <= range.from {
            self.cx.error_spanned_by(
                &gate.ident,
                format!(
                    "`{item}` is added in `{}`: `{kind}({})` must name a later version, when `{item}` already existed",
                    self.versions[range.from].ident, gate.ident
                ),
            );
            return false;
        }
        if let Some(until) = range.until.filter(|u| since >= *u) {
            self.cx.error_spanned_by(
                &gate.ident,
                format!(
                    "`{item}` is removed in `{}`: `{kind}({})` must name an earlier version, when `{item}` still exists",
                    self.versions[until].ident, gate.ident
                ),
            );
            return false;
        }
        true
    }

    fn renames(
        &self,
        renamed: &[Renamed],
        current: &str,
        range: Range,
        item: &Ident,
    ) -> Vec<Rename> {
        let mut out: Vec<Rename> = Vec::new();
        for r in renamed {
            let Some(since) = self.gate_version(&r.since, &r.attr) else {
                continue;
            };
            if !self.within(since, range, &r.since, "renamed", item) {
                continue;
            }
            if out.iter().any(|x| x.since == since) {
                self.cx
                    .error_spanned_by(&r.attr, format!("renamed twice in `{}`", r.since.ident));
                continue;
            }
            out.push(Rename {
                since,
                from: r.from.value(),
                span: r.from.span(),
            });
        }
        out.sort_by_key(|r| r.since);
        // The name before each rename must differ from the name after it.
        for (i, rename) in out.iter().enumerate() {
            let after = out.get(i + 1).map_or(current, |next| next.from.as_str());
            if rename.from == after {
                self.cx.error_at(
                    rename.span,
                    format!(
                        "the name before `{}` equals the name after it: \"{after}\"",
                        self.versions[rename.since].ident
                    ),
                );
            }
        }
        out
    }
}

/// `Data` exists, is a struct, and exists in every version. Returns whether it does.
fn check_data(cx: &Ctxt, model: &Model) -> bool {
    let Some(data) = model.types.iter().find(|t| *t.decl.ident() == "Data") else {
        cx.error_spanned_by(
            &model.family.ident,
            "missing `pub struct Data`: a family declares its payload as `Data`",
        );
        return false;
    };
    let mut ok = true;
    if !matches!(data.kind, Kind::Struct(..)) {
        cx.error_spanned_by(
            data.decl.ident(),
            "`Data` is the payload: a struct with named fields (a JSON object)",
        );
        ok = false;
    }
    for gate in gates_on(data.decl.attrs()) {
        cx.error_spanned_by(
            gate,
            "`Data` is the payload of every version: it takes no `added` or `removed` gate",
        );
        ok = false;
    }
    ok
}

fn check_struct(cx: &Ctxt, model: &Model, t: &TypeModel, fields: &[FieldModel]) {
    let type_name = t.decl.ident();
    let mut duplicate_reported = vec![false; fields.len()];
    let mut missing_reported: Vec<(usize, String)> = Vec::new();
    let mut count_reported = false;
    for v in (0..model.versions.len()).filter(|v| t.range.contains(*v)) {
        let version = &model.versions[v].ident;
        let mut seen: BTreeMap<&str, &FieldModel> = BTreeMap::new();
        let mut count = 0;
        for (i, f) in fields.iter().enumerate() {
            if !f.range.contains(v) {
                continue;
            }
            count += 1;
            if count > MAX_MEMBERS && !count_reported {
                count_reported = true;
                cx.error_spanned_by(
                    &f.field.ident,
                    format!("`{type_name}` has more than {MAX_MEMBERS} members in `{version}`: group some into a nested type"),
                );
            }
            let wire = f.wire_at(v);
            if let Some(other) = seen.insert(wire, f)
                && !duplicate_reported[i]
            {
                duplicate_reported[i] = true;
                cx.error_at(
                        f.wire_span_at(v),
                        format!(
                            "duplicate wire name \"{wire}\" in `{type_name}` at `{version}`: field `{}` has it too",
                            other.field.ident
                        ),
                    );
            }
            let mut mentioned = Vec::new();
            mentioned_idents(f.ty_at(v), &mut mentioned);
            for ident in mentioned {
                let Some(used) = model.type_named(&ident) else {
                    continue;
                };
                if used.range.contains(v) || missing_reported.contains(&(i, ident.to_string())) {
                    continue;
                }
                missing_reported.push((i, ident.to_string()));
                let field = &f.field.ident;
                let message = if v < used.range.from {
                    let added = &model.versions[used.range.from].ident;
                    format!(
                        "type `{ident}` is added in `{added}`, but field `{field}` uses it in `{version}`: gate the field (e.g. `#[added({added})]`) or the type"
                    )
                } else {
                    format!(
                        "type `{ident}` is removed in `{version}`, but field `{field}` still uses it there: gate the field (e.g. `#[removed({version})]`) or the type"
                    )
                };
                cx.error_spanned_by(&ident, message);
            }
        }
    }
    for f in fields {
        check_added_default(cx, model, t, f);
        check_member_type(cx, model, option_inner(&f.field.ty).unwrap_or(&f.field.ty));
        for change in &f.changes {
            check_member_type(cx, model, option_inner(change.from).unwrap_or(change.from));
        }
    }
}

/// A member added after its type without a `default` function starts as
/// `Default::default()` in upgraded events, which a declared type does not have.
fn check_added_default(cx: &Ctxt, model: &Model, t: &TypeModel, f: &FieldModel) {
    if f.range.from <= t.range.from || f.default.is_some() {
        return;
    }
    let ty = f.ty_at(f.range.from);
    let Some(declared) = single_ident(ty).filter(|i| model.type_named(i).is_some()) else {
        return;
    };
    if let Some(added) = f.field.attrs.added.first() {
        cx.error_spanned_by(
            &added.attr,
            format!(
                "`{}` is added in `{}` without a default, and `{declared}` has none: add `default = path::to::fn`, or make the member an `Option`",
                f.field.ident, model.versions[f.range.from].ident
            ),
        );
    }
}

/// The value type of a member (inside its optional `Option`) is a declared type, another
/// type, or a `Vec` of one: the upgrades and the schema know only those.
fn check_member_type(cx: &Ctxt, model: &Model, ty: &Type) {
    if option_inner(ty).is_some() {
        cx.error_spanned_by(
            ty,
            "`Option` is only the outermost type of a member: it makes the member optional",
        );
        return;
    }
    if let Some(inner) = vec_inner(ty) {
        return check_member_type(cx, model, inner);
    }
    if let Some(inner) = open_inner(ty) {
        let declared = single_ident(inner).and_then(|i| model.type_named(i));
        if let Some(t) = declared
            && !matches!(t.kind, crate::model::Kind::Enum(..))
        {
            cx.error_spanned_by(
                inner,
                "`Open` holds a declared enum: its variants are the known values of an open set",
            );
        }
        return;
    }
    if let Type::Path(p) = ty {
        let one_segment =
            p.qself.is_none() && p.path.leading_colon.is_none() && p.path.segments.len() == 1;
        // `T<...>` of a declared `T` is reported at `T`'s declaration.
        if one_segment && model.type_named(&p.path.segments[0].ident).is_some() {
            return;
        }
    }
    let mut idents = Vec::new();
    mentioned_idents(ty, &mut idents);
    if let Some(ident) = idents.into_iter().find(|i| model.type_named(i).is_some()) {
        cx.error_spanned_by(
            &ident,
            format!("`{ident}` is a declared type: a member holds it as `{ident}`, `Option<{ident}>` or `Vec<{ident}>`"),
        );
    }
}

fn check_enum(cx: &Ctxt, model: &Model, t: &TypeModel, variants: &[VariantModel]) {
    let type_name = t.decl.ident();
    let mut duplicate_reported = vec![false; variants.len()];
    let mut empty_reported = false;
    for v in (0..model.versions.len()).filter(|v| t.range.contains(*v)) {
        let version = &model.versions[v].ident;
        let mut seen: BTreeMap<&str, &VariantModel> = BTreeMap::new();
        for (i, x) in variants.iter().enumerate() {
            if !x.range.contains(v) {
                continue;
            }
            let wire = x.wire_at(v);
            if let Some(other) = seen.insert(wire, x)
                && !duplicate_reported[i]
            {
                duplicate_reported[i] = true;
                cx.error_at(
                        x.wire_span_at(v),
                        format!(
                            "duplicate wire value \"{wire}\" in `{type_name}` at `{version}`: variant `{}` has it too",
                            other.variant.ident
                        ),
                    );
            }
        }
        if seen.is_empty() && !variants.is_empty() && !empty_reported {
            empty_reported = true;
            cx.error_spanned_by(
                type_name,
                format!("enum `{type_name}` has no value in `{version}`: gate the enum, or keep a value in every version it exists in"),
            );
        }
    }
    for x in variants {
        let Some(into) = x.into else { continue };
        let Some(target) = variants.iter().find(|y| y.variant.ident == *into) else {
            cx.error_spanned_by(into, format!("`{type_name}` has no variant `{into}`"));
            continue;
        };
        if let Some(u) = x.range.until
            && !target.range.contains(u)
        {
            cx.error_spanned_by(
                    into,
                    format!(
                        "`{into}` does not exist in `{}`: a removed value goes into a value of the next version",
                        model.versions[u].ident
                    ),
                );
        }
    }
}
