//! Upgrades between consecutive versions: `From`/`TryFrom` per type, and `Upgrade` per payload.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, Type};

use super::rt;
use crate::model::{
    Fallible, FieldModel, Kind, Model, TypeModel, VariantModel, open_inner, option_inner,
    single_ident, vec_inner,
};

pub(super) fn upgrades(model: &Model, fallible: &Fallible, step: usize) -> TokenStream {
    let rt = rt();
    let from_v = &model.versions[step].ident;
    let to_v = &model.versions[step + 1].ident;
    let to_name = to_v.to_string();
    let impls = model
        .types
        .iter()
        .filter(|t| t.range.contains(step) && t.range.contains(step + 1))
        .map(|t| {
            let ident = t.decl.ident();
            let is_fallible = fallible.contains(ident, step);
            let body = match &t.kind {
                Kind::Struct(_, fields) => upgrade_struct(model, fallible, t, fields, step),
                Kind::Enum(_, variants) => upgrade_enum(model, t, variants, step, &to_name),
            };
            let doc = format!("Upgrades `{ident}` from `{from_v}` to `{to_v}`.");
            if is_fallible {
                quote! {
                    #[doc = #doc]
                    impl ::core::convert::TryFrom<#from_v::#ident> for #to_v::#ident {
                        type Error = #rt::UpgradeError;
                        #[allow(unused_variables, clippy::needless_question_mark)]
                        fn try_from(old: #from_v::#ident) -> ::core::result::Result<Self, #rt::UpgradeError> {
                            ::core::result::Result::Ok(#body)
                        }
                    }
                }
            } else {
                quote! {
                    #[doc = #doc]
                    impl ::core::convert::From<#from_v::#ident> for #to_v::#ident {
                        #[allow(unused_variables, clippy::needless_question_mark)]
                        fn from(old: #from_v::#ident) -> Self {
                            #body
                        }
                    }
                }
            }
        });
    let data = Ident::new("Data", Span::call_site());
    let upgrade_data = if fallible.contains(&data, step) {
        quote!(::core::convert::TryFrom::try_from(self))
    } else {
        quote!(::core::result::Result::Ok(::core::convert::From::from(
            self
        )))
    };
    quote! {
        #(#impls)*

        impl #rt::Upgrade for #from_v::Data {
            type Next = #to_v::Data;
            fn upgrade(self) -> ::core::result::Result<#to_v::Data, #rt::UpgradeError> {
                #upgrade_data
            }
        }
    }
}

fn upgrade_struct(
    model: &Model,
    fallible: &Fallible,
    t: &TypeModel,
    fields: &[FieldModel],
    step: usize,
) -> TokenStream {
    let rt = rt();
    let ident = t.decl.ident();
    let to_v = &model.versions[step + 1].ident;
    let to_name = to_v.to_string();
    let next: Vec<&FieldModel> = fields
        .iter()
        .filter(|f| f.range.contains(step + 1))
        .collect();
    let wires: Vec<&str> = next.iter().map(|f| f.wire_at(step + 1)).collect();
    let inits = next.iter().map(|f| {
        let fident = &f.field.ident;
        let span = Span::call_site().located_at(f.field.ident.span());
        if !f.range.contains(step) {
            // Added in this step.
            return match f.default {
                Some(path) => quote_spanned!(span=> #fident: #path(),),
                None => quote_spanned!(span=> #fident: __AddedDefault::added_default(),),
            };
        }
        let value = quote!(old.#fident);
        // A conversion that takes another type than the old one is reported at `from = OldType`.
        let old_ty = qualified(model, f.ty_at(step), &model.versions[step].ident);
        let old_value = quote_spanned!(old_ty.span()=> ::core::convert::identity::<#old_ty>(#value));
        let converted = match f.change_into(step + 1) {
            Some((with, false)) => quote_spanned!(with.span()=> #with(#old_value)),
            Some((with, true)) => {
                let member = format!("{ident}::{fident}");
                quote_spanned!(with.span()=> #with(#old_value).map_err(|e| #rt::UpgradeError::new(#member, #to_name, e))?)
            }
            None => convert(model, fallible, f.ty_at(step + 1), step, value),
        };
        quote!(#fident: #converted,)
    });
    quote! {
        #to_v::#ident {
            #(#inits)*
            extra: old.extra.upgrade(&[#(#wires),*]),
        }
    }
}

/// A member's type as seen from the family module, where the upgrades are: declared types
/// are qualified by their version's module (`Party` -> `v0::Party`), spanned as written.
fn qualified(model: &Model, ty: &Type, version: &Ident) -> Type {
    let mut ty = ty.clone();
    qualify(model, &mut ty, version);
    ty
}

fn qualify(model: &Model, ty: &mut Type, version: &Ident) {
    crate::model::visit_names(ty, &mut |path| {
        let ident = &path.segments[0].ident;
        if model.type_named(ident).is_some() {
            let module = Ident::new(&version.to_string(), ident.span());
            path.segments.insert(0, syn::PathSegment::from(module));
        }
    });
}

/// Converts a value of a member whose type mentions declared types to the next version: the
/// value itself when it mentions none, `?` only where a conversion can fail.
fn convert(
    model: &Model,
    fallible: &Fallible,
    ty: &Type,
    step: usize,
    value: TokenStream,
) -> TokenStream {
    let rt = rt();
    if !mentions_declared(model, ty) {
        return value;
    }
    if let Some(inner) = option_inner(ty) {
        let x = convert(model, fallible, inner, step, quote!(x));
        return quote!(match #value { ::core::option::Option::Some(x) => ::core::option::Option::Some(#x), ::core::option::Option::None => ::core::option::Option::None });
    }
    if let Some(inner) = vec_inner(ty) {
        let x = convert(model, fallible, inner, step, quote!(x));
        return if fallible.mentions(model, inner, step) {
            quote!(#value.into_iter().map(|x| ::core::result::Result::<_, #rt::UpgradeError>::Ok(#x)).collect::<::core::result::Result<::std::vec::Vec<_>, #rt::UpgradeError>>()?)
        } else {
            quote!(#value.into_iter().map(|x| #x).collect::<::std::vec::Vec<_>>())
        };
    }
    if let Some(inner) = open_inner(ty) {
        // A known value the next version no longer declares is kept as another value of the
        // open set.
        let known = match single_ident(inner) {
            Some(ident) if fallible.contains(ident, step) => quote!(
                match ::core::convert::TryFrom::try_from(x) {
                    ::core::result::Result::Ok(y) => #rt::Open::Known(y),
                    ::core::result::Result::Err(_) => #rt::Open::Other(#rt::WireEnum::wire(x).to_owned()),
                }
            ),
            _ => quote!(#rt::Open::Known(::core::convert::From::from(x))),
        };
        return quote!(match #value { #rt::Open::Known(x) => #known, #rt::Open::Other(s) => #rt::Open::Other(s) });
    }
    match single_ident(ty) {
        Some(ident) if model.type_named(ident).is_some() => {
            if fallible.contains(ident, step) {
                quote!(::core::convert::TryFrom::try_from(#value)?)
            } else {
                quote!(::core::convert::From::from(#value))
            }
        }
        _ => value,
    }
}

/// Whether a type mentions a declared type.
fn mentions_declared(model: &Model, ty: &Type) -> bool {
    let mut idents = Vec::new();
    crate::model::mentioned_idents(ty, &mut idents);
    idents.iter().any(|i| model.type_named(i).is_some())
}

fn upgrade_enum(
    model: &Model,
    t: &TypeModel,
    variants: &[VariantModel],
    step: usize,
    to_name: &str,
) -> TokenStream {
    let rt = rt();
    let ident = t.decl.ident();
    let arms = variants.iter().filter(|x| x.range.contains(step)).map(|x| {
        let vident = &x.variant.ident;
        let from_v = &model.versions[step].ident;
        let to_v = &model.versions[step + 1].ident;
        if x.range.contains(step + 1) {
            quote!(#from_v::#ident::#vident => #to_v::#ident::#vident,)
        } else if let Some(into) = x.into {
            quote!(#from_v::#ident::#vident => #to_v::#ident::#into,)
        } else {
            let member = format!("{ident}::{vident}");
            let message = format!("{to_name} has no value \"{}\"", x.wire_at(step));
            quote!(#from_v::#ident::#vident => return ::core::result::Result::Err(#rt::UpgradeError::new(#member, #to_name, #message)),)
        }
    });
    quote! {
        match old {
            #(#arms)*
        }
    }
}
