//! Emits `Undeclared` for every declared type of every version (and of a `#[shapes]` module)
//! and for the family enum: a struct lists the members it kept in its `extra`, then visits
//! each of its members; an enum has none.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::case;
use crate::model::{Kind, Model};

/// The impls, to be placed in the family's module (next to the version modules).
pub fn impls(model: &Model) -> TokenStream {
    let types = model.versions.iter().enumerate().flat_map(|(v, version)| {
        let vident = &version.ident;
        model
            .types
            .iter()
            .filter(move |t| t.range.contains(v))
            .map(move |t| {
                let ident = t.decl.ident();
                type_impl(&quote!(#vident::#ident), &t.kind, v)
            })
    });
    let family = family_impl(model);
    quote! {
        #(#types)*
        #family
    }
}

/// The impls for the types of a `#[shapes]` module, placed in it.
pub fn shape_impls(model: &Model) -> TokenStream {
    let types = model.types.iter().map(|t| {
        let ident = t.decl.ident();
        type_impl(&quote!(#ident), &t.kind, 0)
    });
    quote!(#(#types)*)
}

/// A struct lists its kept members, then visits every member (a scalar or an enum has none).
fn type_impl(path: &TokenStream, kind: &Kind, v: usize) -> TokenStream {
    let rt = quote!(::vcc_events_runtime);
    let Kind::Struct(_, fields) = kind else {
        return quote! {
            impl #rt::undeclared::Undeclared for #path {
                fn undeclared(&self, _: &mut ::std::string::String, _: &mut dyn ::core::ops::FnMut(&str)) {}
            }
        };
    };
    let members = fields.iter().filter(|f| f.range.contains(v)).map(|f| {
        let fident = &f.field.ident;
        let wire = f.wire_at(v);
        quote!(#rt::__private::undeclared_member(__at, #wire, &self.#fident, __found);)
    });
    quote! {
        impl #rt::undeclared::Undeclared for #path {
            fn undeclared(&self, __at: &mut ::std::string::String, __found: &mut dyn ::core::ops::FnMut(&str)) {
                #rt::__private::undeclared_extra(__at, &self.extra, __found);
                #(#members)*
            }
        }
    }
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
