//! The declaration resolved against its versions: which types, members and values exist in
//! which version, under which wire name and Rust type.

use syn::{Ident, LitStr, Path, Type};

use crate::ast::{Decl, Enum, Family, Field, Struct, Variant};

/// A checked declaration.
pub struct Model<'a> {
    pub family: &'a Family,
    pub name: String,
    pub source: String,
    pub subject_doc: String,
    pub description: String,
    pub subject: Vec<Ident>,
    pub versions: Vec<Version>,
    pub types: Vec<TypeModel<'a>>,
}

/// One declared version.
pub struct Version {
    pub ident: Ident,
    pub stability: Ident,
    pub example: LitStr,
}

/// The versions something exists in: `from <= v < until`.
#[derive(Clone, Copy)]
pub struct Range {
    pub from: usize,
    pub until: Option<usize>,
}

impl Range {
    pub fn contains(&self, v: usize) -> bool {
        v >= self.from && self.until.is_none_or(|u| v < u)
    }
}

/// A declared type with its versions.
pub struct TypeModel<'a> {
    pub decl: &'a Decl,
    pub range: Range,
    pub kind: Kind<'a>,
}

pub enum Kind<'a> {
    Struct(&'a Struct, Vec<FieldModel<'a>>),
    Enum(&'a Enum, Vec<VariantModel<'a>>),
}

/// A field with its versions, wire names and types.
pub struct FieldModel<'a> {
    pub field: &'a Field,
    pub range: Range,
    /// `(since, wire name before since)`, sorted by `since`.
    pub renames: Vec<(usize, String)>,
    /// `(since, type before since, conversion, fallible)`, sorted by `since`.
    pub changes: Vec<(usize, &'a Type, &'a Path, bool)>,
    pub default: Option<&'a Path>,
}

impl FieldModel<'_> {
    /// The wire name in version `v`.
    pub fn wire_at(&self, v: usize) -> &str {
        self.renames
            .iter()
            .find(|(since, _)| v < *since)
            .map_or(&self.field.wire, |(_, from)| from)
    }

    /// The Rust type in version `v`.
    pub fn ty_at(&self, v: usize) -> &Type {
        self.changes
            .iter()
            .find(|(since, ..)| v < *since)
            .map_or(&self.field.ty, |(_, from, ..)| from)
    }

    /// The conversion for the step into version `v`, if the type changed there.
    pub fn change_into(&self, v: usize) -> Option<(&Path, bool)> {
        self.changes
            .iter()
            .find(|(since, ..)| *since == v)
            .map(|(_, _, with, fallible)| (*with, *fallible))
    }
}

/// An enum variant with its versions and wire values.
pub struct VariantModel<'a> {
    pub variant: &'a Variant,
    pub range: Range,
    pub renames: Vec<(usize, String)>,
    /// The variant a removed variant maps to when upgrading.
    pub into: Option<&'a Ident>,
}

impl VariantModel<'_> {
    /// The wire value in version `v`.
    pub fn wire_at(&self, v: usize) -> &str {
        self.renames
            .iter()
            .find(|(since, _)| v < *since)
            .map_or(&self.variant.wire, |(_, from)| from)
    }
}

impl<'a> Model<'a> {
    pub fn type_named(&self, ident: &Ident) -> Option<&TypeModel<'a>> {
        self.types.iter().find(|t| t.decl.ident() == ident)
    }
}

/// The last identifier of every path in a type (`Option<Vec<Party>>` -> Option, Vec, Party).
pub fn mentioned_idents(ty: &Type, out: &mut Vec<Ident>) {
    match ty {
        Type::Path(p) => {
            for seg in &p.path.segments {
                if let syn::PathArguments::AngleBracketed(args) = &seg.arguments {
                    for arg in &args.args {
                        if let syn::GenericArgument::Type(t) = arg {
                            mentioned_idents(t, out);
                        }
                    }
                }
            }
            if let Some(last) = p.path.segments.last() {
                out.push(last.ident.clone());
            }
        }
        Type::Array(a) => mentioned_idents(&a.elem, out),
        Type::Slice(s) => mentioned_idents(&s.elem, out),
        Type::Group(g) => mentioned_idents(&g.elem, out),
        Type::Paren(p) => mentioned_idents(&p.elem, out),
        Type::Reference(r) => mentioned_idents(&r.elem, out),
        Type::Tuple(t) => t.elems.iter().for_each(|e| mentioned_idents(e, out)),
        _ => {}
    }
}

/// `Option<T>` -> `Some(T)`.
pub fn option_inner(ty: &Type) -> Option<&Type> {
    generic_inner(ty, "Option")
}

/// `Vec<T>` -> `Some(T)`.
pub fn vec_inner(ty: &Type) -> Option<&Type> {
    generic_inner(ty, "Vec")
}

fn generic_inner<'t>(ty: &'t Type, name: &str) -> Option<&'t Type> {
    let Type::Path(p) = ty else { return None };
    if p.qself.is_some() {
        return None;
    }
    let last = p.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first() {
        Some(syn::GenericArgument::Type(t)) if args.args.len() == 1 => Some(t),
        _ => None,
    }
}

/// The single identifier a type is, if it is one (`Channel`).
pub fn single_ident(ty: &Type) -> Option<&Ident> {
    match ty {
        Type::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            let seg = &p.path.segments[0];
            matches!(seg.arguments, syn::PathArguments::None).then_some(&seg.ident)
        }
        _ => None,
    }
}
