//! `#[describe(path = ..., doc = ...)]`: a use of a shared shape describing a member nested in
//! it. The steps through types declared in this module are checked here; steps through shapes
//! declared elsewhere are checked by the compiler, through the `Member` impls of `#[shapes]`.

use syn::{Ident, Type};

use crate::ctxt::Ctxt;
use crate::model::{Kind, Model, option_inner, single_ident, vec_inner};

/// The scalar types of the runtime: members of these types have no members of their own.
const SCALARS: &[&str] = &[
    "Guid",
    "Ksuid",
    "NumericId",
    "Timestamp",
    "String",
    "bool",
    "i64",
    "u64",
    "Open",
];

/// Checks every `#[describe]` of the module's fields. In a family (`shared` false) the field's
/// own type must not be declared in the family: overrides are for shapes declared once and
/// used in several places.
pub(super) fn check_describe(cx: &Ctxt, model: &Model, shared: bool) {
    for t in &model.types {
        let Kind::Struct(_, fields) = &t.kind else {
            continue;
        };
        for f in fields {
            for d in &f.field.attrs.describe {
                let ty = value_ty(&f.field.ty);
                if !shared
                    && let Some(ident) = single_ident(ty)
                    && model.type_named(ident).is_some()
                {
                    cx.error_spanned_by(
                        &d.path,
                        format!(
                            "`#[describe]` gives a member of a shared shape (declared with `#[shapes]`) a description for one use; `{ident}` is declared in this family: describe its members at their declaration"
                        ),
                    );
                    continue;
                }
                check_path(cx, model, ty, &d.steps, &d.path);
            }
        }
    }
}

/// Follows `steps` from `ty` through the structs declared in this module, as far as they go.
fn check_path<'a>(
    cx: &Ctxt,
    model: &Model<'a>,
    mut ty: &'a Type,
    steps: &[Ident],
    path: &syn::LitStr,
) {
    let mut previous: Option<&Ident> = None;
    for step in steps {
        let Some(ident) = single_ident(ty).or_else(|| generic_ident(ty)) else {
            return;
        };
        let without_members = |what: String| match previous {
            Some(previous) => format!(
                "`{previous}` is {what}, which has no members: the path cannot go on to `{step}`"
            ),
            None => format!(
                "this field is {what}, which has no members: `#[describe]` is for fields whose type is a shared struct"
            ),
        };
        if SCALARS.contains(&ident.to_string().as_str()) {
            cx.error_spanned_by(path, without_members(format!("a `{ident}`")));
            return;
        }
        let Some(declared) = model.type_named(ident) else {
            // Declared in another module: the compiler checks the rest.
            return;
        };
        match &declared.kind {
            Kind::Struct(_, fields) => match fields.iter().find(|f| f.field.ident == *step) {
                Some(f) => {
                    ty = value_ty(&f.field.ty);
                    previous = Some(step);
                }
                None => {
                    let names: Vec<String> = fields
                        .iter()
                        .map(|f| format!("`{}`", f.field.ident))
                        .collect();
                    cx.error_spanned_by(
                        path,
                        format!(
                            "`{ident}` has no member `{step}`: its members are {}",
                            names.join(", ")
                        ),
                    );
                    return;
                }
            },
            Kind::Enum(..) => {
                cx.error_spanned_by(path, without_members(format!("a `{ident}`, an enum")));
                return;
            }
        }
    }
}

/// The type of a member's value, through `Option` and `Vec`.
fn value_ty(ty: &Type) -> &Type {
    match option_inner(ty).or_else(|| vec_inner(ty)) {
        Some(inner) => value_ty(inner),
        None => ty,
    }
}

/// The outer identifier of a generic type such as `Open<Reason>`.
fn generic_ident(ty: &Type) -> Option<&Ident> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last().map(|s| &s.ident),
        _ => None,
    }
}
