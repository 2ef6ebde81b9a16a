//! The declaration resolved against its versions: which types, members and values exist in
//! which version, under which wire name and Rust type.

use proc_macro2::Span;
use syn::{Ident, LitStr, Path, Type};

use crate::ast::{Decl, Enum, Family, Field, Struct, Variant};

/// A checked declaration.
pub struct Model<'a> {
    pub family: &'a Family,
    pub name: String,
    pub source: String,
    /// The lifecycle step the family's events mark: the phases it leaves (none: it starts the
    /// lifecycle) and the phase it leads to.
    pub lifecycle: Option<(Vec<String>, String)>,
    pub subject_doc: String,
    pub description: String,
    pub subject: Vec<Ident>,
    /// The JSON pointer of the subject member in each version (empty if it does not resolve).
    pub subject_pointers: Vec<String>,
    /// The Rust type of the subject member (the same in every version).
    pub subject_ty: Option<&'a Type>,
    /// When the subject path leads into a shared shape (a type declared with `#[shapes]`, not
    /// in this family): the fields followed inside it, `subject_ty` being the shape.
    pub subject_shared: Vec<Ident>,
    pub versions: Vec<Version>,
    pub types: Vec<TypeModel<'a>>,
}

/// One declared version.
pub struct Version {
    /// The version's module name, `v0`, `v1`, ...
    pub ident: Ident,
    pub stability: Stability,
    pub example: LitStr,
    /// Why the version exists (empty when not said).
    pub why: String,
    /// Envelope attributes whose meaning the version states anew: (name, description).
    pub meanings: Vec<(Ident, String)>,
}

pub use vcc_events_stability::Stability;

/// A member's type changed in a version: `#[changed(vN, from = T, with = f)]`, resolved.
pub struct TypeChange<'a> {
    /// The version the new type starts in.
    pub since: usize,
    /// The type before `since`.
    pub from: &'a Type,
    /// The conversion from the old type.
    pub with: &'a Path,
    /// Whether the conversion can fail.
    pub fallible: bool,
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

/// A `#[renamed(vN, from = "old")]` gate, resolved.
pub struct Rename {
    /// The version the new name starts in.
    pub since: usize,
    /// The wire name before `since`.
    pub from: String,
    /// The span of the `from` literal.
    pub span: Span,
}

/// The wire name in version `v`, given the renames (sorted) and the current name.
fn wire_at<'r>(renames: &'r [Rename], current: &'r str, v: usize) -> &'r str {
    renames
        .iter()
        .find(|r| v < r.since)
        .map_or(current, |r| &r.from)
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
    /// The renames, sorted by version.
    pub renames: Vec<Rename>,
    /// The type changes, sorted by `since`.
    pub changes: Vec<TypeChange<'a>>,
    pub default: Option<&'a Path>,
}

impl<'a> FieldModel<'a> {
    /// The wire name in version `v`.
    pub fn wire_at(&self, v: usize) -> &str {
        wire_at(&self.renames, &self.field.wire, v)
    }

    /// The span the wire name in version `v` comes from: the rename's `from`, `#[wire]`, or
    /// the field's name.
    pub fn wire_span_at(&self, v: usize) -> Span {
        match self.renames.iter().find(|r| v < r.since) {
            Some(rename) => rename.span,
            None => self
                .field
                .attrs
                .wire
                .as_ref()
                .map_or(self.field.ident.span(), LitStr::span),
        }
    }

    /// The Rust type in version `v`.
    pub fn ty_at(&self, v: usize) -> &'a Type {
        self.changes
            .iter()
            .find(|c| v < c.since)
            .map_or(&self.field.ty, |c| c.from)
    }

    /// The conversion for the step into version `v`, if the type changed there.
    pub fn change_into(&self, v: usize) -> Option<(&Path, bool)> {
        self.changes
            .iter()
            .find(|c| c.since == v)
            .map(|c| (c.with, c.fallible))
    }
}

/// An enum variant with its versions and wire values.
pub struct VariantModel<'a> {
    pub variant: &'a Variant,
    pub range: Range,
    /// The renames, sorted by version.
    pub renames: Vec<Rename>,
    /// The variant a removed variant maps to when upgrading.
    pub into: Option<&'a Ident>,
}

impl VariantModel<'_> {
    /// The wire value in version `v`.
    pub fn wire_at(&self, v: usize) -> &str {
        wire_at(&self.renames, &self.variant.wire, v)
    }

    /// The span the wire value in version `v` comes from.
    pub fn wire_span_at(&self, v: usize) -> Span {
        match self.renames.iter().find(|r| v < r.since) {
            Some(rename) => rename.span,
            None => self
                .variant
                .attrs
                .wire
                .as_ref()
                .map_or(self.variant.ident.span(), LitStr::span),
        }
    }
}

impl<'a> Model<'a> {
    pub fn type_named(&self, ident: &Ident) -> Option<&TypeModel<'a>> {
        self.types.iter().find(|t| t.decl.ident() == ident)
    }
}

/// Every one-segment path in a type, the names a declared type can be used by
/// (`Option<Vec<Party>>` -> Party, Vec, Option).
pub fn mentioned_idents(ty: &Type, out: &mut Vec<Ident>) {
    let mut ty = ty.clone();
    visit_names(&mut ty, &mut |path| {
        out.push(path.segments[0].ident.clone())
    });
}

/// Calls `f` on every one-segment path in a type (the names a declared type can be used by),
/// generic arguments before the type they are arguments of: the one walk over a type's
/// syntax, for reading ([`mentioned_idents`]) and for rewriting (qualifying names by module).
pub fn visit_names(ty: &mut Type, f: &mut impl FnMut(&mut Path)) {
    match ty {
        Type::Path(p) => {
            if let Some(q) = &mut p.qself {
                visit_names(&mut q.ty, f);
            }
            for seg in &mut p.path.segments {
                if let syn::PathArguments::AngleBracketed(args) = &mut seg.arguments {
                    for arg in &mut args.args {
                        if let syn::GenericArgument::Type(t) = arg {
                            visit_names(t, f);
                        }
                    }
                }
            }
            if p.qself.is_none() && p.path.leading_colon.is_none() && p.path.segments.len() == 1 {
                f(&mut p.path);
            }
        }
        Type::Array(a) => visit_names(&mut a.elem, f),
        Type::Slice(s) => visit_names(&mut s.elem, f),
        Type::Group(g) => visit_names(&mut g.elem, f),
        Type::Paren(p) => visit_names(&mut p.elem, f),
        Type::Reference(r) => visit_names(&mut r.elem, f),
        Type::Tuple(t) => t.elems.iter_mut().for_each(|e| visit_names(e, f)),
        _ => {}
    }
}

/// `Option<T>` -> `Some(T)`.
pub fn option_inner(ty: &Type) -> Option<&Type> {
    generic_inner(ty, "Option")
}

/// `Open<T>` -> `Some(T)`: a declared enum as the known values of an open set.
pub fn open_inner(ty: &Type) -> Option<&Type> {
    generic_inner(ty, "Open")
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

/// Which types' upgrades can fail, per step (`v` -> `v + 1`): a fixed point over the types,
/// since a struct's upgrade fails when a member's type's upgrade does.
pub struct Fallible {
    /// `(type name, step)` pairs whose upgrade is fallible.
    set: Vec<(String, usize)>,
}

impl Fallible {
    pub fn compute(model: &Model) -> Fallible {
        let mut set: Vec<(String, usize)> = Vec::new();
        let steps = model.versions.len().saturating_sub(1);
        loop {
            let before = set.len();
            for t in &model.types {
                for step in 0..steps {
                    if !(t.range.contains(step) && t.range.contains(step + 1)) {
                        continue;
                    }
                    let name = t.decl.ident().to_string();
                    if set.contains(&(name.clone(), step)) {
                        continue;
                    }
                    let fallible = match &t.kind {
                        Kind::Struct(_, fields) => fields.iter().any(|f| {
                            f.range.contains(step)
                                && f.range.contains(step + 1)
                                && match f.change_into(step + 1) {
                                    Some((_, fallible)) => fallible,
                                    None => mentions_fallible(model, &set, f.ty_at(step + 1), step),
                                }
                        }),
                        Kind::Enum(_, variants) => variants.iter().any(|x| {
                            x.range.contains(step)
                                && !x.range.contains(step + 1)
                                && x.into.is_none()
                        }),
                    };
                    if fallible {
                        set.push((name, step));
                    }
                }
            }
            if set.len() == before {
                return Fallible { set };
            }
        }
    }

    /// Whether `ty` mentions a declared type whose upgrade at `step` can fail.
    pub fn mentions(&self, model: &Model, ty: &Type, step: usize) -> bool {
        mentions_fallible(model, &self.set, ty, step)
    }

    /// Whether the upgrade of the type `name` at `step` can fail.
    pub fn contains(&self, name: &Ident, step: usize) -> bool {
        self.set.iter().any(|(n, s)| name == n && *s == step)
    }
}

fn mentions_fallible(model: &Model, set: &[(String, usize)], ty: &Type, step: usize) -> bool {
    let mut idents = Vec::new();
    mentioned_idents(ty, &mut idents);
    idents
        .iter()
        .any(|i| model.type_named(i).is_some() && set.iter().any(|(n, s)| i == n && *s == step))
}
