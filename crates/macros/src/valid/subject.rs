//! The family's `subject`: the payload member it equals, in every version, and its type.

use quote::ToTokens;
use syn::{Ident, Type};

use crate::ast::Family;
use crate::ctxt::Ctxt;
use crate::model::{
    FieldModel, Kind, Model, mentioned_idents, option_inner, single_ident, vec_inner,
};

/// The subject path resolves, in every version, to a required member of one type; records
/// its pointers and type in the model.
pub(super) fn check_subject(cx: &Ctxt, model: &mut Model) {
    if model.subject.is_empty() {
        return;
    }
    let mut pointers = Vec::new();
    let mut first: Option<(&Type, usize)> = None;
    for v in 0..model.versions.len() {
        match subject_at(model, v) {
            Ok((pointer, ty)) => {
                if let Some((first_ty, first_v)) = first {
                    if first_ty.to_token_stream().to_string() != ty.to_token_stream().to_string() {
                        cx.error_spanned_by(
                            ty,
                            format!(
                                "the subject member has one type in every version: `{}` in `{}`, `{}` in `{}`",
                                first_ty.to_token_stream(),
                                model.versions[first_v].ident,
                                ty.to_token_stream(),
                                model.versions[v].ident
                            ),
                        );
                        return;
                    }
                } else {
                    let mentioned = {
                        let mut idents = Vec::new();
                        mentioned_idents(ty, &mut idents);
                        idents
                    };
                    if let Some(declared) = mentioned.iter().find(|i| model.type_named(i).is_some())
                    {
                        let last = family_subject(model.family).last().unwrap_or(declared);
                        cx.error_spanned_by(
                            last,
                            format!("the subject is a scalar member (such as a `Guid`), not of declared type `{declared}`: each version has its own `{declared}`"),
                        );
                        return;
                    }
                    if vec_inner(ty).is_some() {
                        let last = family_subject(model.family)
                            .last()
                            .unwrap_or(&model.family.ident);
                        cx.error_spanned_by(
                            last,
                            "the subject is a scalar member (such as a `Guid`), not a list",
                        );
                        return;
                    }
                    first = Some((ty, v));
                }
                pointers.push(pointer);
            }
            Err((ident, message)) => {
                cx.error_spanned_by(ident, message);
                return;
            }
        }
    }
    model.subject_pointers = pointers;
    model.subject_ty = first.map(|(ty, _)| ty);
}

/// The wire pointer (under `/data`) and Rust type of the subject member in version `v`.
fn subject_at<'a>(model: &Model<'a>, v: usize) -> Result<(String, &'a Type), (&'a Ident, String)> {
    let mut current = "Data".to_owned();
    let mut pointer = String::from("/data");
    let mut ty = None;
    let family: &'a Family = model.family;
    let version = &model.versions[v].ident;
    for (i, step) in family_subject(family).iter().enumerate() {
        let fields: Vec<&FieldModel> = model
            .types
            .iter()
            .find(|t| *t.decl.ident() == current)
            .map(|t| match &t.kind {
                Kind::Struct(_, fields) => fields.iter().filter(|f| f.range.contains(v)).collect(),
                Kind::Enum(..) => Vec::new(),
            })
            .unwrap_or_default();
        let Some(field) = fields.iter().find(|f| f.field.ident == *step) else {
            let names: Vec<String> = fields
                .iter()
                .map(|f| format!("`{}`", f.field.ident))
                .collect();
            return Err((
                step,
                format!(
                    "`{current}` has no field `{step}` in `{version}`; its fields there: {}",
                    names.join(", ")
                ),
            ));
        };
        pointer.push('/');
        vcc_events_pointer::escape_into(&mut pointer, field.wire_at(v));
        let field_ty: &'a Type = field.ty_at(v);
        if option_inner(field_ty).is_some() {
            return Err((
                step,
                format!("`{step}` is optional: the subject is derived from a required member"),
            ));
        }
        if i + 1 < family_subject(family).len() {
            match single_ident(field_ty) {
                Some(next) => current = next.to_string(),
                None => return Err((step, format!("`{step}` is not a declared struct"))),
            }
        }
        ty = Some(field_ty);
    }
    ty.map(|t| (pointer, t))
        .ok_or_else(|| (&family.ident, "empty subject path".to_owned()))
}

fn family_subject(family: &Family) -> &[Ident] {
    family.args.subject.as_deref().unwrap_or_default()
}
