//! Building the [`Model`](crate::model::Model) of a declaration: the declared types, their members and values
//! resolved against the versions (gates, renames, type changes).

use std::collections::BTreeMap;

use syn::Ident;

use crate::ast::{Decl, Family, Field, Variant, has_doc};
use crate::attr::{Added, Removed, Renamed, VersionRef};
use crate::ctxt::Ctxt;
use crate::model::{FieldModel, Kind, Range, Rename, TypeChange, TypeModel, VariantModel, Version};

/// The declared types, resolved against the versions; a type declared twice, a reserved name
/// or a missing doc comment is reported.
pub(super) fn type_models<'a>(resolver: &Resolver, family: &'a Family) -> Vec<TypeModel<'a>> {
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

pub(super) struct Resolver<'v> {
    pub(super) cx: &'v Ctxt,
    pub(super) versions: &'v [Version],
    /// Whether every declared version was read (not cut short by a syntax error).
    pub(super) versions_complete: bool,
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
