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
            Ok(SubjectAt {
                pointer,
                ty,
                shared,
            }) => {
                if v == 0 {
                    model.subject_shared = shared;
                } else if shared != model.subject_shared {
                    let last = family_subject(model.family)
                        .last()
                        .unwrap_or(&model.family.ident);
                    cx.error_spanned_by(
                        last,
                        "the subject path leads into the same shared shape in every version",
                    );
                    return;
                }
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
fn subject_at<'a>(model: &Model<'a>, v: usize) -> Result<SubjectAt<'a>, (&'a Ident, String)> {
    let mut current = "Data".to_owned();
    let mut pointer = String::from("/data");
    let mut ty = None;
    let family: &'a Family = model.family;
    let version = &model.versions[v].ident;
    let steps = family_subject(family);
    for (i, step) in steps.iter().enumerate() {
        let Some(declared) = model.types.iter().find(|t| *t.decl.ident() == current) else {
            // The path leads into a shared shape: the steps inside it are checked when the
            // expansion compiles, through the shape's `Member` impls.
            let entry = ty.ok_or_else(|| (step, "empty subject path".to_owned()))?;
            return Ok(SubjectAt {
                pointer,
                ty: entry,
                shared: steps[i..].to_vec(),
            });
        };
        let fields: Vec<&FieldModel> = match &declared.kind {
            Kind::Struct(_, fields) => fields.iter().filter(|f| f.range.contains(v)).collect(),
            Kind::Enum(..) => Vec::new(),
        };
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
        if i + 1 < steps.len() {
            match single_ident(field_ty) {
                Some(next) => current = next.to_string(),
                None => return Err((step, format!("`{step}` is not a declared struct"))),
            }
        }
        ty = Some(field_ty);
    }
    ty.map(|ty| SubjectAt {
        pointer,
        ty,
        shared: Vec::new(),
    })
    .ok_or_else(|| (&family.ident, "empty subject path".to_owned()))
}

/// Where the subject path leads in one version.
struct SubjectAt<'a> {
    /// The wire pointer of the member, or of the shared shape it enters.
    pointer: String,
    /// The member's type, or the shared shape's.
    ty: &'a Type,
    /// The fields followed inside the shared shape (none when the path stays in the family).
    shared: Vec<Ident>,
}

fn family_subject(family: &Family) -> &[Ident] {
    family.args.subject.as_deref().unwrap_or_default()
}
