//! `#[shapes]`: the shared types, once, and for each member of a shared struct the `Member`
//! impl through which a family's `subject` path finds its type and wire name.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::ItemMod;

use super::rt;
use super::types::{enum_type, struct_type};
use crate::ast;
use crate::attr::FamilyArgs;
use crate::ctxt::Ctxt;
use crate::model::{Kind, Model, option_inner};
use crate::valid;

pub fn shapes(args: TokenStream, input: TokenStream) -> syn::Result<TokenStream> {
    if !args.is_empty() {
        return Err(syn::Error::new_spanned(
            args,
            "`#[shapes]` takes no arguments",
        ));
    }
    let module: ItemMod = syn::parse2(input).map_err(|e| {
        syn::Error::new(
            e.span(),
            "`#[shapes]` goes on a module: `#[shapes] pub mod name { ... }`",
        )
    })?;
    let cx = Ctxt::default();
    let shapes = ast::Family::from_syn(&cx, FamilyArgs::default(), module);
    let model = shapes.as_ref().and_then(|s| valid::check_shapes(&cx, s));
    cx.check()?;
    model
        .map(|model| expand(&model))
        .ok_or_else(|| syn::Error::new(Span::call_site(), "invalid shapes declaration"))
}

fn expand(model: &Model) -> TokenStream {
    let rt = rt();
    let module = model.family;
    let (vis, ident, others) = (&module.vis, &module.ident, &module.others);
    let doc = &module.attrs.doc;
    let passthrough = &module.attrs.other;
    let types = model.types.iter().map(|t| match &t.kind {
        Kind::Struct(s, fields) => struct_type(s, fields, 0),
        Kind::Enum(e, variants) => enum_type(e, variants, 0),
    });
    let members = model.types.iter().flat_map(|t| {
        let rt = &rt;
        let fields = match &t.kind {
            Kind::Struct(_, fields) => fields.as_slice(),
            Kind::Enum(..) => &[],
        };
        let owner = t.decl.ident();
        fields.iter().map(move |f| {
            let key = super::member_key(&f.field.ident);
            let ty = &f.field.ty;
            let value = super::types::member_value(ty);
            let name = f.wire_at(0);
            let token = vcc_events_pointer::token(name);
            let required = option_inner(ty).is_none();
            quote! {
                impl #rt::__private::Member<#key> for #owner {
                    type Type = #ty;
                    type Value = #value;
                    const TOKEN: &'static str = #token;
                    const NAME: &'static str = #name;
                    const REQUIRED: bool = #required;
                }
            }
        })
    });
    let undeclared = crate::expand_undeclared::shape_impls(model);
    quote! {
        #(#doc)*
        #(#passthrough)*
        #vis mod #ident {
            #(#others)*
            #(#types)*
            #(#members)*
            #undeclared
        }
    }
}
