//! The declaration as written: a typed AST that keeps the `syn` nodes for spans.

use syn::{Attribute, Ident, Item, ItemMod, Type, Visibility};

use crate::attr::{self, Attrs, FamilyArgs, Place};
use crate::case;
use crate::ctxt::Ctxt;

/// A `#[family(...)] mod name { ... }` declaration.
pub struct Family {
    pub args: FamilyArgs,
    pub attrs: Attrs,
    pub vis: Visibility,
    pub ident: Ident,
    pub decls: Vec<Decl>,
    /// Items other than the declared types (`use`, conversion functions, ...), kept as written.
    pub others: Vec<Item>,
}

/// A declared type.
pub enum Decl {
    Struct(Struct),
    Enum(Enum),
}

impl Decl {
    pub fn ident(&self) -> &Ident {
        match self {
            Decl::Struct(s) => &s.ident,
            Decl::Enum(e) => &e.ident,
        }
    }

    pub fn attrs(&self) -> &Attrs {
        match self {
            Decl::Struct(s) => &s.attrs,
            Decl::Enum(e) => &e.attrs,
        }
    }
}

/// A declared struct: a JSON object.
pub struct Struct {
    pub attrs: Attrs,
    pub ident: Ident,
    pub fields: Vec<Field>,
}

/// A field of a declared struct: a member.
pub struct Field {
    pub attrs: Attrs,
    pub vis: Visibility,
    pub ident: Ident,
    pub ty: Type,
    /// The wire name (from `#[wire]`, else the camelCase of the Rust name).
    pub wire: String,
}

/// A declared enum: a string with allowed values.
pub struct Enum {
    pub attrs: Attrs,
    pub ident: Ident,
    pub variants: Vec<Variant>,
}

/// A variant of a declared enum: an allowed value.
pub struct Variant {
    pub attrs: Attrs,
    pub ident: Ident,
    /// The wire value (from `#[wire]`, else the lowercase of the Rust name).
    pub wire: String,
}

impl Family {
    pub fn from_syn(cx: &Ctxt, args: FamilyArgs, module: ItemMod) -> Option<Family> {
        let Some((_, items)) = module.content else {
            cx.error_spanned_by(
                &module.ident,
                "a family is declared in an inline module: `mod name { ... }`",
            );
            return None;
        };
        let mut decls = Vec::new();
        let mut others = Vec::new();
        for item in items {
            match item {
                Item::Struct(s) => {
                    if let Some(d) = Struct::from_syn(cx, s) {
                        decls.push(Decl::Struct(d));
                    }
                }
                Item::Enum(e) => decls.push(Decl::Enum(Enum::from_syn(cx, e))),
                other => others.push(other),
            }
        }
        Some(Family {
            args,
            attrs: attr::attrs(cx, &module.attrs, Place::Family),
            vis: module.vis,
            ident: module.ident,
            decls,
            others,
        })
    }
}

impl Struct {
    fn from_syn(cx: &Ctxt, item: syn::ItemStruct) -> Option<Struct> {
        require_pub(
            cx,
            &item.vis,
            &item.ident,
            "event types are public: add `pub`",
        );
        reject_generics(cx, &item.generics);
        let syn::Fields::Named(named) = item.fields else {
            cx.error_spanned_by(
                &item.ident,
                "an event type is a struct with named fields (a JSON object)",
            );
            return None;
        };
        let fields = named
            .named
            .into_iter()
            .filter_map(|f| {
                let ident = f.ident?;
                let attrs = attr::attrs(cx, &f.attrs, Place::Field);
                let wire = attrs
                    .wire
                    .as_ref()
                    .map(|w| w.value())
                    .unwrap_or_else(|| case::camel_case(&ident.to_string()));
                Some(Field {
                    attrs,
                    vis: f.vis,
                    ident,
                    ty: f.ty,
                    wire,
                })
            })
            .collect();
        Some(Struct {
            attrs: attr::attrs(cx, &item.attrs, Place::Type),
            ident: item.ident,
            fields,
        })
    }
}

impl Enum {
    fn from_syn(cx: &Ctxt, item: syn::ItemEnum) -> Enum {
        require_pub(
            cx,
            &item.vis,
            &item.ident,
            "event types are public: add `pub`",
        );
        reject_generics(cx, &item.generics);
        let variants = item
            .variants
            .into_iter()
            .map(|v| {
                if !matches!(v.fields, syn::Fields::Unit) {
                    cx.error_spanned_by(
                        &v.fields,
                        "enum variants are allowed values of a string: they carry no fields",
                    );
                }
                if let Some((_, d)) = &v.discriminant {
                    cx.error_spanned_by(d, "enum variants take no discriminant");
                }
                let attrs = attr::attrs(cx, &v.attrs, Place::Variant);
                let wire = attrs
                    .wire
                    .as_ref()
                    .map(|w| w.value())
                    .unwrap_or_else(|| case::lower_case(&v.ident.to_string()));
                Variant {
                    attrs,
                    ident: v.ident,
                    wire,
                }
            })
            .collect();
        Enum {
            attrs: attr::attrs(cx, &item.attrs, Place::Type),
            ident: item.ident,
            variants,
        }
    }
}

fn require_pub(cx: &Ctxt, vis: &Visibility, ident: &Ident, message: &str) {
    if !matches!(vis, Visibility::Public(_)) {
        cx.error_spanned_by(ident, message);
    }
}

fn reject_generics(cx: &Ctxt, generics: &syn::Generics) {
    if !generics.params.is_empty() || generics.where_clause.is_some() {
        cx.error_spanned_by(generics, "event types take no generic parameters");
    }
}

/// Whether attributes carry a doc comment.
pub fn has_doc(attrs: &[Attribute]) -> bool {
    !attr::doc_text(attrs).trim().is_empty()
}
