//! Emits `Undeclared` for every declared struct of every version and for the family enum:
//! each lists the members it kept in its `extra`, then those of its members that hold
//! declared structs (directly, in an `Option` or in a `Vec`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Ident, Type};

use crate::case;
use crate::model::{FieldModel, Kind, Model, option_inner, single_ident, vec_inner};

/// The impls, to be placed in the family's module (next to the version modules).
pub fn impls(model: &Model) -> TokenStream {
    let structs = model.versions.iter().enumerate().flat_map(|(v, version)| {
        model
            .types
            .iter()
            .filter(move |t| t.range.contains(v))
            .filter_map(move |t| match &t.kind {
                Kind::Struct(s, fields) => {
                    Some(struct_impl(model, &version.ident, &s.ident, fields, v))
                }
                Kind::Enum(..) => None,
            })
    });
    let family = family_impl(model);
    quote! {
        #(#structs)*
        #family
    }
}

fn struct_impl(
    model: &Model,
    vident: &Ident,
    ident: &Ident,
    fields: &[FieldModel],
    v: usize,
) -> TokenStream {
    let rt = quote!(::vcc_events_runtime);
    let members = fields
        .iter()
        .filter(|f| f.range.contains(v) && holds_struct(model, f.ty_at(v)))
        .map(|f| {
            let fident = &f.field.ident;
            let wire = f.wire_at(v);
            quote!(#rt::undeclared::member(__at, #wire, &self.#fident, __found);)
        });
    quote! {
        impl #rt::undeclared::Undeclared for #vident::#ident {
            fn undeclared(&self, __at: &mut ::std::string::String, __found: &mut dyn ::core::ops::FnMut(&str)) {
                #rt::undeclared::extra(__at, &self.extra, __found);
                #(#members)*
            }
        }
    }
}

/// Whether a member's type is a declared struct, possibly in `Option`s and `Vec`s.
fn holds_struct(model: &Model, ty: &Type) -> bool {
    if let Some(inner) = option_inner(ty).or_else(|| vec_inner(ty)) {
        return holds_struct(model, inner);
    }
    single_ident(ty)
        .and_then(|ident| model.type_named(ident))
        .is_some_and(|t| matches!(t.kind, Kind::Struct(..)))
}

fn family_impl(model: &Model) -> TokenStream {
    let rt = quote!(::vcc_events_runtime);
    let name = format_ident!("{}", case::pascal_case(&model.family.ident.to_string()));
    let variants = model
        .versions
        .iter()
        .map(|v| format_ident!("{}", v.ident.to_string().to_uppercase()));
    quote! {
        impl #rt::undeclared::Undeclared for #name {
            fn undeclared(&self, __at: &mut ::std::string::String, __found: &mut dyn ::core::ops::FnMut(&str)) {
                match self {
                    #( #name::#variants(event) => #rt::undeclared::Undeclared::undeclared(event, __at, __found), )*
                }
            }
        }
    }
}
