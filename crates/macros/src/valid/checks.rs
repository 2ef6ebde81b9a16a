//! Checking a resolved [`Model`](crate::model::Model): each struct's members and each enum's values, across the
//! versions they exist in.

use std::collections::BTreeMap;

use syn::Type;

use super::{MAX_MEMBERS, gates_on};
use crate::ctxt::Ctxt;
use crate::model::{
    FieldModel, Kind, Model, TypeModel, VariantModel, mentioned_idents, open_inner, option_inner,
    single_ident, vec_inner,
};

/// Checks every declared type's members or values.
pub(super) fn check_types(cx: &Ctxt, model: &Model) {
    for t in &model.types {
        match &t.kind {
            Kind::Struct(_, fields) => check_struct(cx, model, t, fields),
            Kind::Enum(_, variants) => check_enum(cx, model, t, variants),
        }
    }
}

/// `Data` exists, is a struct, and exists in every version. Returns whether it does.
pub(super) fn check_data(cx: &Ctxt, model: &Model) -> bool {
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
